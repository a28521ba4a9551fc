// The record of a meeting as the official record: nothing of it before
// the meeting starts (and the pages say when it becomes possible); the
// minutes approved at the next meeting, under its "Minutes of the last
// meeting", after confirmation, recording which meeting approved them;
// once approved, nothing changes without a reason, and each correction is
// shown on the minutes with its date and reason, the original readable.
// And an agenda that runs past the meeting's end is flagged on the page
// and in the pack. In English and Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, moveMeetingBack, sql, unixNow, h1 } from './helpers.mjs';

let server, lead, member, dir, nFile = 0;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  dir = mkdtempSync(join(tmpdir(), 'cc-record-'));
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const CSW = '/units/cardiff-south-west';
const cy = who => `${who.cookie}; cc_lang=cy`;
const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const text = html => unescape(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const CY_MONTHS = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];
// Today in Wales as the pages write a date: "7 December 2026".
function today(months = EN_MONTHS) {
  const [y, m, d] = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }).split('-').map(Number);
  return `${d} ${months[m - 1]} ${y}`;
}

// Evening meetings on days of their own in May 2031, clear of the
// demonstration meetings (the 10th of each month, 13:30–15:30); a past
// one is moved six years back, to May 2025, where the demonstration
// cluster has its members and no meetings, keeping its day and order.
let nextDay = 1;
const SIX_YEARS = Math.round((Date.UTC(2031, 4, 1) - Date.UTC(2025, 4, 1)) / 864e5);
async function createMeeting({ past = true, end = '20:00' } = {}) {
  const day = nextDay++;
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title: 'Cluster meeting', 'date-day': String(day), 'date-month': '5', 'date-year': '2031',
    start: '18:00', end, location: 'Riverside Health Centre', online_link: '',
  });
  assert.equal(r.status, 303, `meeting not created: ${r.status} ${text(r.body).slice(0, 300)}`);
  const id = Number(r.headers.get('location').match(/^\/meetings\/(\d+)/)[1]);
  if (past) moveMeetingBack(server, id, SIX_YEARS);
  return { id, day, date: `${day} May ${past ? 2025 : 2031}`, dateCy: `${day} Mai ${past ? 2025 : 2031}` };
}

// The id of the item titled `title` on the meeting's agenda.
async function itemOf(meetingId, title) {
  const page = await get(`${server.url}/meetings/${meetingId}`, lead.cookie);
  const esc = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = page.body.match(new RegExp(`href="/meetings/${meetingId}/items/(\\d+)">${esc}<`));
  assert.ok(m, `no link to item ${title}`);
  return Number(m[1]);
}
async function addItem(meetingId, title, purpose = 'decision', duration = '15') {
  const r = await postForm(`${server.url}/meetings/${meetingId}/items`, lead.cookie,
    { csrf: lead.csrf, title, purpose, lead: '', duration });
  assert.equal(r.status, 303, `item not added: ${r.status} ${text(r.body).slice(0, 300)}`);
  return itemOf(meetingId, title);
}
const itemUrl = (m, i) => `${server.url}/meetings/${m}/items/${i}`;
const approveUrl = (m, i) => `${itemUrl(m, i)}/approve-minutes`;

// Everyone who may be chosen on a declaration (members and attendance): { name: id }.
async function people(meetingId, itemId) {
  const r = await get(itemUrl(meetingId, itemId), lead.cookie);
  const sel = r.body.match(/<select[^>]*name="person"[\s\S]*?<\/select>/);
  assert.ok(sel, 'a declaration form with its people');
  return Object.fromEntries([...sel[0].matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map(m => [unescape(m[2]), Number(m[1])]));
}
async function attend(meetingId, ids) {
  const fields = { csrf: lead.csrf };
  for (const id of ids) fields[`status-${id}`] = 'present';
  const r = await postForm(`${server.url}/meetings/${meetingId}/attendance`, lead.cookie, fields);
  assert.equal(r.status, 303, `attendance not saved: ${r.status} ${text(r.body).slice(0, 300)}`);
}

function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  return m ? [...m[0].matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map(x => [x[1], unescape(x[2])]) : [];
}
function textareaValue(html, id) {
  const m = html.match(new RegExp(`<textarea[^>]*id="${id}"[^>]*>([\\s\\S]*?)</textarea>`));
  return m ? unescape(m[1]) : null;
}
function assertIdsUnique(html) {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map(x => x[1]);
  assert.deepEqual(ids.filter((x, k) => ids.indexOf(x) !== k), []);
}
const count = q => Number(sql(server, q));

const declare = (m, i, fields) => postForm(`${itemUrl(m, i)}/declarations`, lead.cookie, { csrf: lead.csrf, ...fields });
const decide = (m, i, fields) => postForm(`${itemUrl(m, i)}/decision`, lead.cookie, { csrf: lead.csrf, ...fields });
const raiseAction = fields => postForm(`${server.url}${CSW}/actions/new`, lead.cookie, { csrf: lead.csrf, ...fields });
const saveMinutes = (m, i, minutes) => postForm(`${itemUrl(m, i)}/minutes`, lead.cookie, { csrf: lead.csrf, minutes });

// The text of a PDF the server sends, as pdftotext reads it, whitespace collapsed.
async function pdfOf(path, cookie) {
  const r = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
  assert.equal(r.status, 200);
  const f = join(dir, `doc-${nFile++}.pdf`);
  writeFileSync(f, Buffer.from(await r.arrayBuffer()));
  const x = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  assert.equal(x.status, 0, x.stderr);
  return x.stdout.replace(/\s+/g, ' ');
}

const BEFORE_START = 'This is recorded once the meeting has started: come back when it begins';
const NEED_REASON = 'These minutes are approved: give the reason for the correction';

test('before a meeting starts nothing of its record is offered or taken, and the pages say when it becomes possible', async () => {
  const m = await createMeeting({ past: false });
  const i = await addItem(m.id, 'Extended hours bid');
  let page = await get(itemUrl(m.id, i), lead.cookie);
  assert.equal(page.status, 200);
  for (const form of ['declarations', 'decision', 'election']) {
    assert.ok(!page.body.includes(`action="/meetings/${m.id}/items/${i}/${form}"`), `no ${form} form before the start`);
  }
  assert.ok(text(page.body).includes(`This can be recorded once the meeting starts, on ${m.date} at 18:00.`), text(page.body));
  const cyPage = await get(itemUrl(m.id, i), cy(lead));
  assert.ok(text(cyPage.body).includes(`Gellir cofnodi hyn unwaith y bydd y cyfarfod yn dechrau, ar ${m.dateCy} am 18:00.`));

  // Posted all the same: refused, with the message, nothing written.
  const chair = sql(server, "SELECT id FROM person WHERE name='Dr Alys Morgan'");
  let r = await declare(m.id, i, { person: chair, interest: 'Partner in a bidding practice', outcome: 'remained' });
  assert.equal(r.status, 400);
  assert.ok(summaryMessages(r.body).some(([, t]) => t === BEFORE_START), JSON.stringify(summaryMessages(r.body)));
  r = await decide(m.id, i, { text: 'Support the bid', reason: '', vote_kind: 'none' });
  assert.equal(r.status, 400);
  assert.ok(summaryMessages(r.body).some(([, t]) => t === BEFORE_START));
  assert.equal(count(`SELECT count(*) FROM declaration WHERE agenda_item_id=${i}`), 0);
  assert.equal(count(`SELECT count(*) FROM decision WHERE agenda_item_id=${i}`), 0);

  // Actions raised there: not offered, and refused.
  page = await get(`${server.url}/meetings/${m.id}`, lead.cookie);
  assert.ok(!page.body.includes(`/actions/new?meeting=${m.id}`));
  assert.ok(text(page.body).includes(`Actions can be raised from this meeting once it starts, on ${m.date} at 18:00.`));
  r = await raiseAction({ description: 'Write to practices', lead: chair, meeting: String(m.id) });
  assert.equal(r.status, 400);
  assert.ok(text(r.body).includes(BEFORE_START));
  assert.equal(count(`SELECT count(*) FROM action WHERE meeting_id=${m.id}`), 0);
  // An action added to the log directly is no meeting's record.
  r = await raiseAction({ description: 'Write to practices', lead: chair, meeting: '0' });
  assert.equal(r.status, 303);

  // The approval of the last meeting's minutes waits for the start too.
  const mi = await itemOf(m.id, 'Minutes of the last meeting');
  page = await get(itemUrl(m.id, mi), lead.cookie);
  assert.ok(text(page.body).includes(`The minutes can be approved once this meeting starts, on ${m.date} at 18:00.`));
  assert.ok(!page.body.includes('/approve-minutes'));
  r = await postForm(approveUrl(m.id, mi), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 400);
  assert.ok(text(r.body).includes(BEFORE_START));
});

test('the minutes are approved at the next meeting, under its "Minutes of the last meeting", after confirmation, and say which meeting approved them', async () => {
  const a = await createMeeting();
  const ai = await addItem(a.id, 'Winter plan', 'discussion');
  assert.equal((await saveMinutes(a.id, ai, 'Agreed the **winter plan**.')).status, 303);
  const b = await createMeeting();
  const bi = await itemOf(b.id, 'Minutes of the last meeting');

  // The draft minutes say where they are approved.
  let page = await get(`${server.url}/meetings/${a.id}/minutes`, lead.cookie);
  assert.ok(text(page.body).includes('The minutes are approved at the next meeting, under “Minutes of the last meeting”.'));
  assert.ok(page.body.includes(`href="/meetings/${b.id}/items/${bi}"`));

  // The item links to them and offers the approval to a writer only.
  page = await get(itemUrl(b.id, bi), lead.cookie);
  assert.match(page.body, /<h2[^>]*>Approving the minutes of the last meeting<\/h2>/);
  assert.ok(page.body.includes(`<a href="/meetings/${a.id}/minutes">Minutes of the meeting of ${a.date}</a>`));
  assert.ok(page.body.includes(`href="/meetings/${b.id}/items/${bi}/approve-minutes">Approve the minutes</a>`));
  const mpage = await get(itemUrl(b.id, bi), member.cookie);
  assert.ok(mpage.body.includes(`/meetings/${a.id}/minutes`));
  assert.ok(!mpage.body.includes('approve-minutes'));
  assert.equal((await get(approveUrl(b.id, bi), member.cookie)).status, 404);
  assert.equal((await postForm(approveUrl(b.id, bi), member.cookie, { csrf: member.csrf })).status, 404);
  // Only from that item.
  assert.equal((await get(approveUrl(a.id, ai), lead.cookie)).status, 404);

  // The confirmation: a question and a button; asking changes nothing.
  const confirm = await get(approveUrl(b.id, bi), lead.cookie);
  assert.equal(confirm.status, 200);
  assert.equal(h1(confirm.body), `Approve the minutes of the meeting of ${a.date}?`);
  assert.match(confirm.body, new RegExp(`<form method="post" action="/meetings/${b.id}/items/${bi}/approve-minutes" novalidate>\\n<input type="hidden" name="csrf"`));
  assert.match(confirm.body, /<button class="nhsuk-button" id="approve" type="submit">Yes, approve the minutes<\/button>/);
  assert.equal(sql(server, `SELECT minutes_status FROM meeting WHERE id=${a.id}`), 'draft');
  const confirmCy = await get(approveUrl(b.id, bi), cy(lead));
  assert.equal(unescape(h1(confirmCy.body)), `Cymeradwyo cofnodion cyfarfod ${a.dateCy}?`);
  assert.ok(confirmCy.body.includes("Ie, cymeradwyo&#39;r cofnodion"));

  let r = await postForm(approveUrl(b.id, bi), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${b.id}/items/${bi}#i${bi}-sec-approval`);
  assert.equal(sql(server, `SELECT minutes_status || ' ' || minutes_approved_by_meeting_id FROM meeting WHERE id=${a.id}`), `approved ${b.id}`);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE entity='meeting' AND entity_id=${a.id} AND new_values LIKE '%"minutes_approved_by_meeting_id":${b.id}%'`), 1);

  page = await get(`${server.url}/meetings/${a.id}/minutes`, member.cookie);
  assert.match(page.body, /<strong class="nhsuk-tag nhsuk-tag--green">Approved<\/strong>/);
  assert.ok(page.body.includes(`<a href="/meetings/${b.id}">Approved at the meeting of ${b.date}</a>`));
  assert.ok(!page.body.includes('approve-minutes'));
  page = await get(`${server.url}/meetings/${a.id}/minutes`, cy(member));
  assert.ok(page.body.includes(`Cymeradwywyd yng nghyfarfod ${b.dateCy}`));
  // And so do the minutes as PDF.
  let t = await pdfOf(`/meetings/${a.id}/minutes.pdf`, lead.cookie);
  assert.match(t, new RegExp(`Approved by The meeting of [A-Za-z]+ ${b.date}`), t);
  t = await pdfOf(`/meetings/${a.id}/minutes.pdf`, cy(lead));
  // (the Welsh label may wrap onto a second line, which pdftotext puts after the value)
  assert.match(t, new RegExp(`Cymeradwywyd (gan )?Cyfarfod Dydd [A-Za-z]+ ${b.dateCy}`), t);
  page = await get(itemUrl(b.id, bi), lead.cookie);
  assert.ok(page.body.includes(`Approved at the meeting of ${b.date}`));
  assert.ok(!page.body.includes('approve-minutes'));
  // Once.
  r = await postForm(approveUrl(b.id, bi), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), [['approve', 'These minutes have already been approved']]);
});

test('once the minutes are approved nothing changes without a reason; each correction is shown on the minutes with its date and reason, the original readable', async () => {
  const a = await createMeeting();
  const ai = await addItem(a.id, 'Cluster IMTP priorities');
  const p = await people(a.id, ai);
  // Quorate (five of the nine voting members) even once Nia Hughes declares and leaves.
  await attend(a.id, ['Dr Alys Morgan', 'Dr Rhodri Evans', 'Sian Griffiths', 'Tomos Price', 'Nia Hughes', 'Gareth Williams'].map(n => p[n]));
  assert.equal((await saveMinutes(a.id, ai, 'Agreed the priorities.')).status, 303);
  const b = await createMeeting();
  const bi = await itemOf(b.id, 'Minutes of the last meeting');
  assert.equal((await postForm(approveUrl(b.id, bi), lead.cookie, { csrf: lead.csrf })).status, 303);

  // The forms say the record is approved and ask for the reason.
  let page = await get(itemUrl(a.id, ai), lead.cookie);
  assert.ok(text(page.body).includes('Approved record'));
  assert.ok(text(page.body).includes('The minutes of this meeting are approved. What you add here is a correction'));
  for (const form of ['declaration', 'decision', 'election']) {
    assert.match(page.body, new RegExp(`<label class="nhsuk-label" for="i${ai}-${form}-correction_reason">Reason for the correction</label>`));
  }
  assertIdsUnique(page.body);

  const counts = () => [
    count(`SELECT count(*) FROM declaration WHERE agenda_item_id=${ai}`),
    count(`SELECT count(*) FROM decision WHERE agenda_item_id=${ai}`),
    count(`SELECT count(*) FROM action WHERE meeting_id=${a.id}`),
    count(`SELECT count(*) FROM correction WHERE meeting_id=${a.id}`),
  ];
  const before = counts();
  assert.deepEqual(before, [0, 0, 0, 0]);

  // Without a reason: refused, the message beside the field, what was typed kept.
  let r = await declare(a.id, ai, { person: p['Nia Hughes'], interest: 'Partner in a bidding practice', outcome: 'left_room', correction_reason: ' ' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), [[`i${ai}-correction_reason`, NEED_REASON]]);
  assert.equal(textareaValue(r.body, `i${ai}-interest`), 'Partner in a bidding practice');
  assert.match(r.body, new RegExp(`<span class="nhsuk-error-message" id="i${ai}-correction_reason-error">`));
  assertIdsUnique(r.body);
  r = await decide(a.id, ai, { text: 'Adopt the priorities', reason: '', vote_kind: 'secret', for: '4', against: '1', abstain: '0' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), [[`i${ai}-correction_reason`, NEED_REASON]]);
  assert.equal(textareaValue(r.body, `i${ai}-text`), 'Adopt the priorities');
  // Raising an action there: the form asks for the reason from the start.
  page = await get(`${server.url}${CSW}/actions/new?meeting=${a.id}`, lead.cookie);
  assert.match(page.body, /<label class="nhsuk-label" for="correction_reason">Reason for the correction<\/label>/);
  assert.ok(text(page.body).includes('The minutes of this meeting are approved.'));
  assert.ok(!(await get(`${server.url}${CSW}/actions/new?meeting=${b.id}`, lead.cookie)).body.includes('name="correction_reason"'),
    'not for a meeting whose record is open');
  r = await raiseAction({ description: 'Write to practices', lead: String(p['Dr Alys Morgan']), meeting: String(a.id) });
  assert.equal(r.status, 400);
  assert.ok(text(r.body).includes(NEED_REASON));
  assert.ok(r.body.includes('name="correction_reason"'));
  assert.deepEqual(counts(), before);

  // With a reason: written, as corrections.
  r = await declare(a.id, ai, { person: p['Nia Hughes'], interest: 'Partner in a bidding practice', outcome: 'left_room',
    correction_reason: 'Declared at the meeting but left out of the record' });
  assert.equal(r.status, 303);
  r = await decide(a.id, ai, { text: 'Adopt the priorities', reason: '', vote_kind: 'secret', for: '3', against: '1', abstain: '0',
    correction_reason: 'The vote was taken but not minuted' });
  assert.equal(r.status, 303);
  r = await raiseAction({ description: 'Write to practices', lead: String(p['Dr Alys Morgan']), meeting: String(a.id),
    correction_reason: 'Agreed at the meeting, missing from the action log' });
  assert.equal(r.status, 303);
  assert.deepEqual(counts(), [1, 1, 1, 3]);
  assert.equal(sql(server, `SELECT record_kind || ':' || CASE WHEN old_values IS NULL THEN 1 ELSE 0 END || ':' || reason
                            FROM correction WHERE meeting_id=${a.id} ORDER BY id`).split('\n').join('|'),
    'declaration:1:Declared at the meeting but left out of the record|decision:1:The vote was taken but not minuted|action:1:Agreed at the meeting, missing from the action log');
  // Audited with the reason.
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE entity='declaration' AND new_values LIKE '%"correction_reason":"Declared at the meeting but left out of the record"%'`), 1);

  // On the minutes, for everyone who reads them: the date, the reason, the original.
  const on = today();
  for (const who of [member, lead]) {
    page = await get(`${server.url}/meetings/${a.id}/minutes`, who.cookie);
    const t = text(page.body);
    assert.ok(t.includes(`Corrected on ${on}: Declared at the meeting but left out of the record`), t);
    assert.ok(t.includes(`Corrected on ${on}: The vote was taken but not minuted`));
    assert.ok(t.includes('Corrections to the actions raised'));
    assert.ok(t.includes(`Corrected on ${on}: Agreed at the meeting, missing from the action log`));
    assert.equal((page.body.match(/<summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Show the original<\/span><\/summary>/g) || []).length, 3);
    assert.ok(t.includes('This was not in the record as approved: the correction added it.'));
  }
  page = await get(itemUrl(a.id, ai), lead.cookie);
  assert.ok(text(page.body).includes(`Corrected on ${on}: Declared at the meeting but left out of the record`));
  assert.ok(text(page.body).includes(`Corrected on ${on}: The vote was taken but not minuted`));
  assertIdsUnique(page.body);
  page = await get(`${server.url}/meetings/${a.id}/minutes`, cy(member));
  assert.ok(text(page.body).includes(`Cywirwyd ar ${today(CY_MONTHS)}: Declared at the meeting but left out of the record`));
  assert.ok(text(page.body).includes('Dangos y gwreiddiol'));
});

test('a correction that changes a record shows the original values under "Show the original"', async () => {
  // The display is shared by every writer of the record: a correction
  // with old values (as an edit keeps them) lists them, escaped.
  const a = await createMeeting();
  const ai = await addItem(a.id, 'Estates review', 'discussion');
  const p = await people(a.id, ai);
  assert.equal((await declare(a.id, ai, { person: p['Sian Griffiths'], interest: 'Owns a pharmacy', outcome: 'left_room' })).status, 303);
  const declId = sql(server, `SELECT id FROM declaration WHERE agenda_item_id=${ai}`);
  sql(server, `UPDATE meeting SET minutes_status='approved' WHERE id=${a.id};
    INSERT INTO correction(meeting_id,record_kind,record_id,old_values,new_values,reason,actor,created_at)
    VALUES(${a.id}, 'declaration', ${declId}, '{"interest":"Owns <b>a pharmacy</b>","outcome":"remained"}',
           '{"interest":"Owns a pharmacy","outcome":"left_room"}', 'Outcome misrecorded', 'Test', ${unixNow()});`);
  const page = await get(`${server.url}/meetings/${a.id}/minutes`, lead.cookie);
  const t = text(page.body);
  assert.ok(t.includes(`Corrected on ${today()}: Outcome misrecorded`), t);
  assert.ok(t.includes('Interest : Owns <b>a pharmacy</b>'), 'the original, readable');
  assert.ok(!page.body.includes('<b>a pharmacy</b>'), 'and escaped');
  assert.ok(t.includes('Outcome : Stayed and took part'), 'a code by its name');
  const pageCy = await get(`${server.url}/meetings/${a.id}/minutes`, cy(lead));
  assert.ok(text(pageCy.body).includes('Buddiant : Owns <b>a pharmacy</b>'));
});

test('an agenda whose items run past the end is flagged on the page and in the pack, in English and Welsh', async () => {
  const m = await createMeeting({ past: false });
  // 18:00–20:00 is 120 minutes; the standing items take 50.
  await addItem(m.id, 'Cluster plan', 'discussion', '70');
  let page = await get(`${server.url}/meetings/${m.id}`, lead.cookie);
  assert.ok(!page.body.includes('agenda-overrun'), 'an agenda that fits is not flagged');
  await addItem(m.id, 'Estates review', 'discussion', '15');
  page = await get(`${server.url}/meetings/${m.id}`, lead.cookie);
  const callout = page.body.match(/<div class="nhsuk-warning-callout">[\s\S]*?<\/div>/);
  assert.ok(callout, 'a warning callout');
  assert.ok(text(callout[0]).includes('The agenda runs over'));
  assert.ok(text(callout[0]).includes('The items take 15 minutes longer than the meeting, which ends at 20:00: shorten or move items.'));
  page = await get(`${server.url}/meetings/${m.id}`, member.cookie);
  assert.ok(text(page.body).includes('The items take 15 minutes longer than the meeting'), 'every reader sees it');
  page = await get(`${server.url}/meetings/${m.id}`, cy(lead));
  assert.ok(text(page.body).includes("Mae'r agenda'n rhedeg dros amser"));
  assert.ok(text(page.body).includes("Mae'r eitemau'n cymryd 15 munud yn hwy na'r cyfarfod, sy'n gorffen am 20:00"));

  const pdf = cookie => pdfOf(`/meetings/${m.id}/pack.pdf`, cookie);
  let t = await pdf(lead.cookie);
  assert.ok(t.includes('The agenda runs over'), t);
  assert.ok(t.includes('The items take 15 minutes longer than the meeting, which ends at 20:00'), t);
  t = await pdf(`${lead.cookie}; cc_lang=cy`);
  assert.ok(t.includes("Mae'r agenda'n rhedeg dros amser"), t);
  assert.ok(t.includes("Mae'r eitemau'n cymryd 15 munud yn hwy na'r cyfarfod"), t);
  // Within the time again: no flag.
  sql(server, `UPDATE agenda_item SET duration_minutes=55 WHERE meeting_id=${m.id} AND title='Cluster plan';`);
  t = await pdf(lead.cookie);
  assert.ok(!t.includes('The agenda runs over'));
});
