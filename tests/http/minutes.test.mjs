// The minutes of a meeting written on one page, in the form the terms of
// reference choose (formal minutes, notes of the meeting, action notes):
// every item saved in one transaction or none, each changed item audited,
// nothing before the meeting starts, after approval only as a correction
// with its reason. The web minutes and the PDF minutes carry the whole
// record: attendance with deputies and for whom, a named vote's names, an
// election's result and the actions raised with their references; in
// English and Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { start, get, postForm, mustSignIn, h1, sql as sqlOn, sqlQuote as q, unixNow, moveMeetingBack, raw, statuses, plainCells, tableById, bodyRows } from './helpers.mjs';

let server, lead, member, hb, dir;
before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'cc-minutes-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sql = text => sqlOn(server, text);
const CSW = '/units/cardiff-south-west';
const cy = who => `${who.cookie}; cc_lang=cy`;
const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const text = html => unescape(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();

// Meetings a week or more ahead, each on its own day in the evening (the
// demonstration meetings are on the 10th, 13:30–15:30); held() moves one
// into the past, keeping its times, so that its record may be written.
let nextDay = 0;
async function createMeeting(title) {
  const d = new Date(Date.now() + (7 + nextDay++) * 86400e3);
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title, 'date-day': String(d.getUTCDate()), 'date-month': String(d.getUTCMonth() + 1),
    'date-year': String(d.getUTCFullYear()), start: '19:00', end: '20:30', location: 'Canton Library', online_link: '',
  });
  assert.equal(r.status, 303, `meeting not created: ${r.status} ${text(r.body).slice(0, 300)}`);
  return Number(r.headers.get('location').match(/^\/meetings\/(\d+)/)[1]);
}
const held = m => moveMeetingBack(server, m, 60);
async function addItem(m, title, purpose = 'discussion', restricted = false) {
  const fields = { csrf: lead.csrf, title, purpose, lead: '', duration: '15' };
  if (restricted) fields.restricted = '1';
  const r = await postForm(`${server.url}/meetings/${m}/items`, lead.cookie, fields);
  assert.equal(r.status, 303, `item not added: ${r.status} ${text(r.body).slice(0, 300)}`);
  return Number(sql(`SELECT id FROM agenda_item WHERE meeting_id=${m} AND title=${q(title)};`));
}

const writeUrl = m => `${server.url}/meetings/${m}/minutes/write`;
const write = (m, fields, who = lead) => postForm(writeUrl(m), who.cookie, { csrf: who.csrf, ...fields });
const stored = i => sql(`SELECT COALESCE(minutes,'(none)') FROM agenda_item WHERE id=${i};`);
const audits = i => Number(sql(`SELECT count(*) FROM audit_log WHERE entity='minutes' AND entity_id=${i};`));

function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  return m ? [...m[0].matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map(x => [x[1], unescape(x[2])]) : [];
}
function textareaValue(html, id) {
  const m = html.match(new RegExp(`<textarea[^>]*id="${id}"[^>]*>([\\s\\S]*?)</textarea>`));
  return m ? unescape(m[1]) : null;
}
const textareas = html => [...html.matchAll(/<textarea[^>]*name="(minutes-\d+)"/g)].map(x => x[1]);

function pdfText(bytes) {
  const f = join(dir, `m-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, bytes);
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}
async function pdf(m, cookie) {
  const r = await fetch(`${server.url}/meetings/${m}/minutes.pdf`, { headers: { Cookie: cookie } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  return pdfText(Buffer.from(await r.arrayBuffer()));
}

// The form of the minutes: a new version of the terms of reference of the
// cluster, agreed long before any meeting here.
function setMinutesForm(form) {
  sql(`INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,quorum_num,quorum_den,
         quorum_requires_chair,chair_selection,minutes_form,agreed_on,review_due,created_at)
       SELECT u.id, (SELECT MAX(version)+1 FROM terms_of_reference WHERE unit_id=u.id), 'Purpose', 'Monthly', 'fraction', 1, 2,
         1, 'Elected by the members', ${q(form)}, '2001-01-01', '2099-01-01', 1 FROM unit u WHERE u.slug='cardiff-south-west';`);
}

let meeting, items;
test('before the meeting starts the page says when the minutes can be written, and a post saves nothing', async () => {
  meeting = await createMeeting('Cluster meeting: minutes on one page');
  items = {
    plan: await addItem(meeting, 'Winter pressures plan'),
    bid: await addItem(meeting, 'Extended access bid', 'decision'),
    secret: await addItem(meeting, 'Practice in difficulty', 'discussion', true),
  };
  const page = await get(writeUrl(meeting), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Write the minutes');
  assert.match(text(page.body), /The minutes can be written once the meeting has started, on \d+ \w+ \d{4} at 19:00\./);
  assert.deepEqual(textareas(page.body), [], 'no form before the start');
  const r = await write(meeting, { [`minutes-${items.plan}`]: 'Typed too early.' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body),
    [[`minutes-${items.plan}`, '6. Winter pressures plan: This is recorded once the meeting has started: come back when it begins']]);
  assert.equal(textareaValue(r.body, `minutes-${items.plan}`), 'Typed too early.', 'what was typed is kept');
  assert.equal(stored(items.plan), '(none)');
  assert.equal(audits(items.plan), 0);
  // The meeting page offers the one-page form only once the meeting has started.
  assert.doesNotMatch((await get(`${server.url}/meetings/${meeting}`, lead.cookie)).body, /minutes\/write"/);
});

test('the one-page form saves every item in one go; unchanged items are not audited', async () => {
  held(meeting);
  const meetingPage = await get(`${server.url}/meetings/${meeting}`, lead.cookie);
  assert.match(meetingPage.body, new RegExp(`<a href="/meetings/${meeting}/minutes/write">Write the minutes of every item on one page</a>`));
  assert.doesNotMatch((await get(`${server.url}/meetings/${meeting}`, member.cookie)).body, /minutes\/write"/, 'not for a reader');
  const page = await get(writeUrl(meeting), lead.cookie);
  assert.equal(page.status, 200);
  const accepted = sql(`SELECT 'minutes-'||id FROM agenda_item WHERE meeting_id=${meeting} AND status='accepted' ORDER BY position;`).split('\n');
  assert.deepEqual(textareas(page.body), accepted, 'a box for every accepted item, the restricted one for the cluster');
  assert.ok(accepted.length >= 9, 'the standing items and the three added');
  // Each box is labelled with its item for a screen reader, and described by the form's hint.
  assert.match(page.body, new RegExp(`<label class="nhsuk-label" for="minutes-${items.bid}">Discussion and resolution<span class="nhsuk-u-visually-hidden">: Extended access bid</span></label>`));
  assert.match(page.body, new RegExp(`<textarea[^>]*id="minutes-${items.bid}"[^>]*aria-describedby="minutes-hint"`));
  assert.match(page.body, /<p id="minutes-hint">A summary of the discussion, then the resolution/);
  // An action agreed is raised in the action log from here, to get its reference.
  assert.ok(page.body.includes(`href="${CSW}/actions/new?meeting=${meeting}"`));
  // Each item's page leads here.
  const itemPage = await get(`${server.url}/meetings/${meeting}/items/${items.plan}`, lead.cookie);
  assert.ok(itemPage.body.includes(`<a href="/meetings/${meeting}/minutes/write">Write the minutes of every item on one page</a>`));
  // A read-only member may not write: not found.
  assert.equal((await get(writeUrl(meeting), member.cookie)).status, 404);
  assert.equal((await write(meeting, { [`minutes-${items.plan}`]: 'x' }, member)).status, 404);

  const r = await write(meeting, {
    [`minutes-${items.plan}`]: 'The cluster discussed winter pressures.\n\nResolved: to open two extra clinics.',
    [`minutes-${items.bid}`]: 'Resolved: to submit the bid.',
    [`minutes-${items.secret}`]: 'Support offered to the practice.',
  });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  assert.equal(r.headers.get('location'), `/meetings/${meeting}/minutes`);
  assert.equal(stored(items.plan), 'The cluster discussed winter pressures.\n\nResolved: to open two extra clinics.');
  assert.equal(stored(items.bid), 'Resolved: to submit the bid.');
  assert.equal(stored(items.secret), 'Support offered to the practice.');
  assert.deepEqual([audits(items.plan), audits(items.bid), audits(items.secret)], [1, 1, 1]);
  assert.equal(sql(`SELECT minutes_status FROM meeting WHERE id=${meeting};`), 'draft');

  // The whole form again with one item changed: only that one is written and audited.
  const again = await get(writeUrl(meeting), lead.cookie);
  const fields = {};
  for (const name of textareas(again.body)) fields[name] = textareaValue(again.body, name);
  assert.equal(fields[`minutes-${items.bid}`], 'Resolved: to submit the bid.', 'the form shows what is stored');
  fields[`minutes-${items.bid}`] = 'Resolved: to submit the bid by Friday.';
  const r2 = await write(meeting, fields);
  assert.equal(r2.status, 303);
  assert.deepEqual([audits(items.plan), audits(items.bid), audits(items.secret)], [1, 2, 1]);
  assert.equal(stored(items.bid), 'Resolved: to submit the bid by Friday.');
});

test('an error on one item keeps everything typed, shows the error beside that item and saves nothing', async () => {
  const long = 'x'.repeat(20001);
  const r = await write(meeting, {
    [`minutes-${items.plan}`]: 'A new summary that must not be saved alone.',
    [`minutes-${items.bid}`]: long,
  });
  assert.equal(r.status, 400);
  assert.match(r.body, /<title>Error: /);
  assert.deepEqual(summaryMessages(r.body), [[`minutes-${items.bid}`, '7. Extended access bid: Use 20,000 characters or fewer']]);
  assert.match(r.body, new RegExp(`<span class="nhsuk-error-message" id="minutes-${items.bid}-error">`));
  assert.match(r.body, new RegExp(`aria-describedby="minutes-hint minutes-${items.bid}-error"`));
  assert.equal(textareaValue(r.body, `minutes-${items.plan}`), 'A new summary that must not be saved alone.');
  assert.equal(textareaValue(r.body, `minutes-${items.bid}`), long);
  assert.equal(stored(items.plan), 'The cluster discussed winter pressures.\n\nResolved: to open two extra clinics.');
  assert.equal(stored(items.bid), 'Resolved: to submit the bid by Friday.');
  // An item of another meeting is not this form's: not found, nothing saved.
  const other = await createMeeting('Another meeting');
  const otherItem = await addItem(other, 'Elsewhere');
  held(other);
  const r2 = await write(meeting, { [`minutes-${items.plan}`]: 'Changed', [`minutes-${otherItem}`]: 'Not here' });
  assert.equal(r2.status, 404);
  assert.equal(stored(otherItem), '(none)');
  assert.equal(stored(items.plan), 'The cluster discussed winter pressures.\n\nResolved: to open two extra clinics.');
});

test('the three forms of the minutes change the wording of the page, in English and Welsh', async () => {
  const cases = [
    ['notes', 'Notes of the meeting', 'Key points', /The key points, one a line starting with -/, "Nodiadau'r cyfarfod", 'Prif bwyntiau'],
    ['actions', 'Action notes', 'Actions and decisions', /Only the actions and decisions/, 'Nodiadau gweithredu', 'Camau gweithredu a phenderfyniadau'],
    ['formal', 'Formal minutes', 'Discussion and resolution', /A summary of the discussion, then the resolution/, 'Cofnodion ffurfiol', 'Trafodaeth a phenderfyniad'],
  ];
  for (const [form, name, label, hint, nameCy, labelCy] of cases) {
    setMinutesForm(form);
    const page = await get(writeUrl(meeting), lead.cookie);
    const t = text(page.body);
    assert.ok(t.includes(`The terms of reference ask for: ${name}.`), `${form}: ${t.slice(0, 600)}`);
    assert.match(page.body, new RegExp(`for="minutes-${items.plan}">${label}<`));
    assert.match(t, hint);
    const minutes = await get(`${server.url}/meetings/${meeting}/minutes`, member.cookie);
    assert.ok(text(minutes.body).includes(`Form of the minutes: ${name}`), `the web minutes say the form: ${form}`);
    const pageCy = await get(writeUrl(meeting), cy(lead));
    assert.equal(unescape(h1(pageCy.body)), "Ysgrifennu'r cofnodion");
    assert.ok(text(pageCy.body).includes(`Mae'r cylch gorchwyl yn gofyn am: ${nameCy}.`), text(pageCy.body).slice(0, 600));
    assert.match(pageCy.body, new RegExp(`for="minutes-${items.plan}">${labelCy}<`));
  }
});

test('after approval a change needs a reason, and each changed item is recorded as a correction', async () => {
  sql(`UPDATE meeting SET minutes_status='approved', minutes_approved_at=${unixNow()} WHERE id=${meeting};`);
  const page = await get(writeUrl(meeting), lead.cookie);
  assert.match(page.body, /Each item you change is recorded as a correction/);
  assert.match(page.body, /<textarea[^>]*id="correction_reason"/);
  const fields = {};
  for (const name of textareas(page.body)) fields[name] = textareaValue(page.body, name);
  fields[`minutes-${items.plan}`] = 'The cluster discussed winter pressures.\n\nResolved: to open three extra clinics.';

  let r = await write(meeting, { ...fields, correction_reason: '' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), [['correction_reason', 'These minutes are approved: give the reason for the correction']]);
  assert.equal(textareaValue(r.body, `minutes-${items.plan}`), fields[`minutes-${items.plan}`]);
  assert.equal(stored(items.plan), 'The cluster discussed winter pressures.\n\nResolved: to open two extra clinics.');
  assert.equal(sql(`SELECT count(*) FROM correction WHERE meeting_id=${meeting};`), '0');

  r = await write(meeting, { ...fields, correction_reason: 'The next meeting noted it was three clinics' });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  assert.equal(stored(items.plan), 'The cluster discussed winter pressures.\n\nResolved: to open three extra clinics.');
  const rows = sql(`SELECT record_kind, record_id, reason, old_values, new_values FROM correction WHERE meeting_id=${meeting};`).split('\n');
  assert.equal(rows.length, 1, 'one correction: the unchanged items are not corrected');
  const [kind, id, reason, oldV, newV] = rows[0].split('|');
  assert.deepEqual([kind, Number(id), reason], ['minutes', items.plan, 'The next meeting noted it was three clinics']);
  assert.match(oldV, /two extra clinics/);
  assert.match(newV, /three extra clinics/);
  assert.equal(audits(items.plan), 2, 'and its own audit entry');
  assert.equal(sql(`SELECT minutes_status FROM meeting WHERE id=${meeting};`), 'approved');
  // The web minutes show the correction under the item, with its reason and the original.
  const minutes = text((await get(`${server.url}/meetings/${meeting}/minutes`, member.cookie)).body);
  assert.match(minutes, /three extra clinics\. Corrected on \d+ \w+ \d{4}: The next meeting noted it was three clinics/);
  assert.match(minutes, /Show the original .*two extra clinics/);
  // In Welsh the page asks for the reason too.
  const pageCy = await get(writeUrl(meeting), cy(lead));
  assert.match(pageCy.body, /Rheswm dros y cywiriad/);
  // The PDF minutes show the correction under the item, with its date and reason, and the original.
  let p = await pdf(meeting, member.cookie);
  assert.ok(p.includes('Attendance No attendance has been recorded.'), p);
  assert.match(p, /Resolved: to open three extra clinics\. Corrected \d+ \w+ \d{4}, \d\d:\d\d: The next meeting noted it was three clinics Original (minutes|Minutes): The cluster discussed winter pressures\. Resolved: to open two extra clinics\./);
  p = await pdf(meeting, cy(member));
  assert.match(p, /Cywirwyd \d+ \w+ \d{4}, \d\d:\d\d: The next meeting noted it was three clinics Y gwreiddiol (minutes|Cofnodion): The cluster/);
});

test('the web minutes and the PDF carry attendance with a deputy, a named vote, an election and the actions raised', async () => {
  const m = await createMeeting('Cluster meeting: the whole record');
  const vote = await addItem(m, 'Extended access bid for the winter', 'decision');
  const elect = await addItem(m, 'Election of the cluster lead', 'decision');
  const tie = await addItem(m, 'Election of the deputy lead', 'decision');
  const secret = await addItem(m, 'Practice in difficulty', 'discussion', true);
  held(m);
  const id = name => Number(sql(`SELECT p.id FROM person p JOIN membership ms ON ms.person_id=p.id
    JOIN unit u ON u.id=ms.unit_id WHERE u.slug='cardiff-south-west' AND p.name=${q(name)} LIMIT 1;`));
  const present = ['Dr Alys Morgan', 'Dr Rhodri Evans', 'Sian Griffiths', 'Tomos Price', 'Nia Hughes', 'Gareth Williams'];
  const P = Object.fromEntries([...present, 'Owain Jones', 'Megan Roberts', 'Ffion Davies'].map(n => [n, id(n)]));
  // A deputy from outside the cluster, and someone also in attendance.
  const unitId = sql(`SELECT id FROM unit WHERE slug='cardiff-south-west';`);
  sql(`INSERT INTO person(name,organisation,home_unit_id,created_at,updated_at) VALUES('Carys Bevan','Llandaff Surgery',${unitId},1,1);
       INSERT INTO person(name,organisation,home_unit_id,created_at,updated_at) VALUES('Huw Thomas','Cardiff Council',${unitId},1,1);`);
  const carys = Number(sql(`SELECT id FROM person WHERE name='Carys Bevan';`));
  const huw = Number(sql(`SELECT id FROM person WHERE name='Huw Thomas';`));
  sql(present.map(n => `INSERT INTO attendance(meeting_id,person_id,status) VALUES(${m},${P[n]},'present');`).join('\n') + `
       INSERT INTO attendance(meeting_id,person_id,status,deputy_for_person_id) VALUES(${m},${carys},'deputy',${P['Owain Jones']});
       INSERT INTO attendance(meeting_id,person_id,status) VALUES(${m},${huw},'in_attendance');
       INSERT INTO attendance(meeting_id,person_id,status) VALUES(${m},${P['Megan Roberts']},'apologies');
       INSERT INTO attendance(meeting_id,person_id,status) VALUES(${m},${P['Ffion Davies']},'absent');`);

  // A named vote, through the decision form.
  const votes = { 'Dr Alys Morgan': 'for', 'Dr Rhodri Evans': 'against', 'Sian Griffiths': 'abstain', 'Tomos Price': 'for', 'Nia Hughes': 'for', 'Gareth Williams': 'for' };
  const dFields = { csrf: lead.csrf, text: 'The cluster supports the extended access bid.', reason: '', vote_kind: 'named' };
  for (const [n, c] of Object.entries(votes)) dFields[`vote-${P[n]}`] = c;
  dFields[`vote-${carys}`] = 'for';
  let r = await postForm(`${server.url}/meetings/${m}/items/${vote}/decision`, lead.cookie, dFields);
  assert.equal(r.status, 303, `decision: ${text(r.body).slice(0, 400)}`);
  // An election with a winner, and one tied.
  const ballot = (item, counts) => postForm(`${server.url}/meetings/${m}/items/${item}/election`, lead.cookie, [
    ['csrf', lead.csrf], ['office', 'Cluster Lead (chair)'], ['ballot_kind', 'secret'],
    ...Object.keys(counts).map(n => ['candidate', String(P[n])]),
    ...Object.entries(counts).map(([n, v]) => [`total-${P[n]}`, String(v)]), ['abstentions', '0']]);
  r = await ballot(elect, { 'Dr Alys Morgan': 5, 'Dr Rhodri Evans': 2 });
  assert.equal(r.status, 303, `election: ${text(r.body).slice(0, 400)}`);
  r = await ballot(tie, { 'Sian Griffiths': 3, 'Nia Hughes': 3 });
  assert.equal(r.status, 303, `tied election: ${text(r.body).slice(0, 400)}`);
  // Actions raised at the meeting: one on an open item, one on the restricted one.
  sql(`INSERT INTO action(unit_id,ref,meeting_id,agenda_item_id,description,lead_person_id,status,due_on,created_at,updated_at)
       VALUES(${unitId},'CSW-901',${m},${vote},'Confirm staffing for the evening clinics',${P['Nia Hughes']},'open','2031-05-01',1,1),
             (${unitId},'CSW-902',${m},${secret},'Arrange support for the practice',${P['Dr Alys Morgan']},'open',NULL,1,1);`);

  // The page that writes the minutes shows what is on the record of each item.
  const w = await get(writeUrl(m), lead.cookie);
  const wt = text(w.body);
  assert.ok(wt.includes('Already on the record of this item: Decision: The cluster supports the extended access bid.'), wt);
  assert.ok(wt.includes('CSW-901: Confirm staffing for the evening clinics (Nia Hughes)'), wt);
  assert.ok(wt.includes('Decision: Elected: Dr Alys Morgan as Cluster Lead (chair), 5 votes of 7'), wt);

  // The web minutes, in English.
  let page = await get(`${server.url}/meetings/${m}/minutes`, lead.cookie);
  assert.equal(page.status, 200);
  let t = text(plainCells(page.body));
  // The actions raised, in the action log's responsive table: reference, action, lead, due.
  const actionRows = bodyRows(plainCells(tableById(page.body, 'minutes-actions-table'))).map(text);
  assert.deepEqual(actionRows, ['CSW-901 Confirm staffing for the evening clinics Nia Hughes 1 May 2031',
    'CSW-902 Arrange support for the practice Dr Alys Morgan No due date']);
  for (const s of ['Present Dr Alys Morgan Dr Rhodri Evans', 'Deputies Carys Bevan (Llandaff Surgery), deputy for Owain Jones', 'Also in attendance Huw Thomas (Cardiff Council)',
    'Apologies Megan Roberts', 'Absent Ffion Davies',
    'Dr Rhodri Evans: Against', 'Sian Griffiths: Abstain', 'Carys Bevan: For',
    'Elected: Dr Alys Morgan as Cluster Lead (chair), 5 votes of 7', 'Dr Alys Morgan: 5 votes (elected)',
    'No one elected as Cluster Lead (chair)',
    'Actions raised', 'CSW-901 Confirm staffing for the evening clinics Nia Hughes 1 May 2031',
    'CSW-902 Arrange support for the practice Dr Alys Morgan No due date']) {
    assert.ok(t.includes(s), `"${s}" in the web minutes:\n${t}`);
  }
  assert.match(page.body, /<a href="\/actions\/\d+">CSW-901<\/a>/);
  // A health board reader: the restricted item's action stays in the cluster.
  const hbPage = await get(`${server.url}/meetings/${m}/minutes`, hb.cookie);
  assert.equal(hbPage.status, 200);
  assert.ok(text(hbPage.body).includes('CSW-901'));
  assert.ok(!hbPage.body.includes('CSW-902') && !hbPage.body.includes('Practice in difficulty'));

  // In Welsh.
  page = await get(`${server.url}/meetings/${m}/minutes`, cy(lead));
  t = text(plainCells(page.body));
  for (const s of ['Dirprwyon Carys Bevan (Llandaff Surgery), dirprwy ar ran Owain Jones', 'Hefyd yn bresennol Huw Thomas (Cardiff Council)',
    'Ymddiheuriadau Megan Roberts', 'Camau gweithredu a godwyd', 'CSW-901', '1 Mai 2031']) {
    assert.ok(t.includes(s), `"${s}" in the Welsh web minutes:\n${t}`);
  }

  // The PDF, in English.
  let p = await pdf(m, lead.cookie);
  assert.match(p, /Also in (attendance )?Huw Thomas \(Cardiff Council\)/);
  for (const s of ['Form Formal minutes', 'Carys Bevan (Llandaff Surgery), deputy for Owain Jones',
    'Against Dr Rhodri Evans', 'Abstained Sian Griffiths', 'Vote For 5, against 1, abstained 1 (named vote)',
    'Candidates Dr Alys Morgan: 5 votes (elected) Dr Rhodri Evans: 2 votes', 'Result Nobody was elected.',
    'Actions raised', 'CSW-901 Confirm staffing for the evening clinics', 'Lead: Nia Hughes · Due Thursday 1 May 2031',
    'CSW-902 Arrange support for the practice']) {
    assert.ok(p.includes(s), `"${s}" in the PDF minutes:\n${p}`);
  }
  assert.match(p, /For (?=[^.]*Dr Alys Morgan)(?=[^.]*Carys Bevan)/, 'the names of those for');
  // The health board's PDF leaves the restricted item's action out.
  const ph = await pdf(m, hb.cookie);
  assert.ok(ph.includes('CSW-901') && !ph.includes('CSW-902'), ph);

  // The PDF in Welsh.
  p = await pdf(m, cy(lead));
  assert.match(p, /Hefyd yn (bresennol )?Huw Thomas \(Cardiff Council\)/);
  for (const s of ['Ffurf Cofnodion ffurfiol', 'Carys Bevan (Llandaff Surgery), dirprwy ar ran Owain Jones', 'Yn erbyn Dr Rhodri Evans',
    'Ymataliadau Sian Griffiths', 'Ymgeiswyr Dr Alys Morgan', 'Ni etholwyd neb.', 'Camau gweithredu a godwyd', 'CSW-901',
    'Arweinydd: Nia Hughes']) {
    assert.ok(p.includes(s), `"${s}" in the Welsh PDF minutes:\n${p}`);
  }
});

test('the minutes of every item together may run past the 64 KiB of an ordinary form, up to 2 MiB', async () => {
  const m = await createMeeting('Cluster meeting: long minutes');
  held(m);
  const ids = sql(`SELECT id FROM agenda_item WHERE meeting_id=${m} AND status='accepted' ORDER BY position;`).split('\n').map(Number);
  // Six items of 19,000 bytes of Welsh (ŵ and ŷ take six characters each
  // when a form sends them) make a body of about 140 KB.
  const long = i => `Cofnod ${i}: ` + 'Trafodwyd y cynllun dŵr a thŷ. '.repeat(570).trimEnd();
  const fields = {};
  ids.forEach((id, i) => { fields[`minutes-${id}`] = long(i); });
  assert.ok(new URLSearchParams({ csrf: lead.csrf, ...fields }).toString().length > 128 * 1024);
  const r = await write(m, fields);
  assert.equal(r.status, 303, text(r.body).slice(0, 300));
  ids.forEach((id, i) => assert.equal(stored(id), long(i)));
  // Past 2 MiB the server refuses the body before reading it, by its length;
  // every other form keeps the 64 KiB limit.
  const head = (path, n) => [`POST ${path} HTTP/1.1`, 'Host: x', `Cookie: ${lead.cookie}`,
    'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${n}`, 'Connection: close', '', ''].join('\r\n');
  const big = await raw(server.port, [head(`/meetings/${m}/minutes/write`, 2 * 1024 * 1024 + 1)]);
  assert.deepEqual(statuses(big.text), [413]);
  const other = await raw(server.port, [head(`/meetings/${m}/items/${ids[0]}/minutes`, 70 * 1024)]);
  assert.deepEqual(statuses(other.text), [413]);
  assert.equal(stored(ids[0]), long(0));
});
