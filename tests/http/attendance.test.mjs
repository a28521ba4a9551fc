// Attendance as the record of a meeting, through the meeting page's form
// (no JavaScript: plain posts) and the JSON API: a deputy chosen on the
// row with the member they stand in for, someone who is not a member
// added by name and organisation (as a deputy or also in attendance), a
// refused save that shows each row's error and keeps what was chosen,
// apologies before the start (by the lead, and by a member for
// themself), nothing else before the start, the quorum a future meeting
// will need, a correction with its reason once the minutes are approved,
// and the Welsh words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, tableById, bodyRows, plainCells, sql, moveMeetingBack } from './helpers.mjs';

let server, lead, member, hb;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');   // Sian Griffiths, a voting member
  hb = await mustSignIn(server.url, 'hb@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const text = html => unescape(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

// Each meeting on a day of its own, a week or more ahead, in the evening
// (clear of the demonstration meetings on the 10th, 13:30–15:30).
let nextDay = 1;
async function schedule(title) {
  const k = nextDay++;
  const d = new Date();
  d.setDate(d.getDate() + 7 + k);
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title, 'date-day': String(d.getDate()), 'date-month': String(d.getMonth() + 1),
    'date-year': String(d.getFullYear()), start: '18:00', end: '19:30', location: 'Canton Library', online_link: '',
  });
  assert.equal(r.status, 303, `meeting not scheduled: ${r.status} ${text(r.body).slice(0, 300)}`);
  const id = Number(r.headers.get('location').match(/^\/meetings\/(\d+)$/)[1]);
  return { id, k, date: d };
}
// A meeting that started yesterday or earlier (scheduled ahead, then moved back).
async function held(title) {
  const m = await schedule(title);
  moveMeetingBack(server, m.id, 7 + 2 * m.k);
  return m.id;
}

async function page(id, cookie = lead.cookie) {
  const r = await get(`${server.url}/meetings/${id}`, cookie);
  assert.equal(r.status, 200);
  return r.body;
}
async function api(id, cookie = lead.cookie) {
  const r = await get(`${server.url}/api/v1/meetings/${id}`, cookie);
  assert.equal(r.status, 200);
  return JSON.parse(r.body);
}
const attend = (id, fields, who = lead) =>
  postForm(`${server.url}/meetings/${id}/attendance`, who.cookie, { csrf: who.csrf, ...fields });

// The rows of the attendance table (its responsive cells' headings left
// out): { name, id, row, text }.
function rows(html) {
  const t = plainCells(tableById(html, 'attendance'));
  assert.ok(t, 'an attendance table');
  return bodyRows(t).map(row => {
    const name = unescape(row.match(/^<tr[^>]*><td class="nhsuk-table__cell">([^<]*)<\/td>/)[1]);
    const id = Number(row.match(/(?:for|id)="status-(\d+)"/)?.[1] ?? 0);
    return { name, id, row, text: text(row) };
  });
}
async function people(id) {
  return Object.fromEntries(rows(await page(id)).map(r => [r.name, r.id]));
}
// The value selected in the select named `name`.
const selected = (html, name) => {
  const sel = html.match(new RegExp(`<select [^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(sel, `a select ${name}`);
  return sel[1].match(/<option value="([^"]*)" selected>/)?.[1];
};
const options = (html, name) => [...html.match(new RegExp(`<select [^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`))[1]
  .matchAll(/<option value="([^"]*)"/g)].map(m => m[1]);
const fieldError = (html, id) =>
  html.match(new RegExp(`<span class="nhsuk-error-message" id="${id}-error"><span class="nhsuk-u-visually-hidden">[^<]*:</span> ([^<]*)</span>`))?.[1];
function summary(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  if (!m) return [];
  return [...m[0].matchAll(/<li><a href="#([^"]*)">([^<]*)<\/a><\/li>/g)].map(x => [x[1], unescape(x[2])]);
}
const inputValue = (html, name) => html.match(new RegExp(`<input [^>]*name="${name}" [^>]*value="([^"]*)"`))?.[1];
const count = q => Number(sql(server, q));

test('a deputy is recorded on their row with the member they stand in for: on the page, in the API, in the quorum', async () => {
  const id = await held('Deputy on the row');
  const p = await people(id);
  // Dr Rhodri Evans stands in for Nia Hughes; the chair and three more are present.
  const r = await attend(id, {
    [`status-${p['Dr Rhodri Evans']}`]: 'deputy', [`deputy_for-${p['Dr Rhodri Evans']}`]: String(p['Nia Hughes']),
    [`status-${p['Dr Alys Morgan']}`]: 'present', [`status-${p['Sian Griffiths']}`]: 'present',
    [`status-${p['Tomos Price']}`]: 'present', [`status-${p['Gareth Williams']}`]: 'online',
  });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  assert.equal(r.headers.get('location'), `/meetings/${id}#attendance-heading`);
  const html = await page(id);
  const rhodri = rows(html).find(x => x.name === 'Dr Rhodri Evans');
  assert.equal(selected(rhodri.row, `status-${p['Dr Rhodri Evans']}`), 'deputy');
  assert.equal(selected(rhodri.row, `deputy_for-${p['Dr Rhodri Evans']}`), String(p['Nia Hughes']));
  // A deputy's list offers the members but not the person themself.
  const opts = options(rhodri.row, `deputy_for-${p['Dr Rhodri Evans']}`);
  assert.ok(opts.includes(String(p['Nia Hughes'])));
  assert.ok(!opts.includes(String(p['Dr Rhodri Evans'])));
  // Read only, a member sees "Deputy (for Nia Hughes)".
  const hbRow = rows(await page(id, member.cookie)).find(x => x.name === 'Dr Rhodri Evans');
  assert.match(hbRow.text, /Deputy \(for Nia Hughes\)$/);
  assert.doesNotMatch(hbRow.row, /<select/);
  // The API: status, whom they stood in for by name and id.
  const a = (await api(id)).attendance.find(x => x.person === 'Dr Rhodri Evans');
  assert.deepEqual({ person_id: a.person_id, status: a.status, deputy_for: a.deputy_for, deputy_for_id: a.deputy_for_id, member: a.member },
    { person_id: p['Dr Rhodri Evans'], status: 'deputy', deputy_for: 'Nia Hughes', deputy_for_id: p['Nia Hughes'], member: true });
  // Nia's seat is filled by her deputy: six voting seats, quorate.
  assert.deepEqual((await api(id)).quorum, { required: 5, present_voting: 5, met: true });
  // The audit log keeps whom they stood in for.
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE entity='attendance' AND entity_id=${p['Dr Rhodri Evans']}
    AND new_values='{"status":"deputy","deputy_for_person_id":${p['Nia Hughes']}}';`), 1);
});

test('someone who is not a member is added by name and organisation, as a deputy or also in attendance', async () => {
  const id = await held('Added at the meeting');
  const p = await people(id);
  const nPeople = count('SELECT count(*) FROM person;');
  // A deputy from outside the cluster for Gareth Williams.
  let r = await attend(id, {
    'add-status': 'deputy', 'add-deputy_for': String(p['Gareth Williams']),
    'add-name': 'Dr Owain Bevan', 'add-organisation': 'Grangetown Surgery', 'add-role': '',
  });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  // And a pharmacist also in attendance, with her role.
  r = await attend(id, {
    'add-status': 'in_attendance', 'add-name': 'Megan Lloyd', 'add-organisation': 'Boots, Cowbridge Road',
    'add-role': 'Community pharmacist, presenting item 6',
  });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  assert.equal(count('SELECT count(*) FROM person;'), nPeople + 2);

  const html = await page(id);
  const owain = rows(html).find(x => x.name === 'Dr Owain Bevan');
  assert.ok(owain, 'the deputy has a row');
  assert.match(owain.text, /Not a member Grangetown Surgery/);
  assert.equal(selected(owain.row, `status-${owain.id}`), 'deputy');
  assert.equal(selected(owain.row, `deputy_for-${owain.id}`), String(p['Gareth Williams']));
  // Someone who is not a member is offered only what they may be.
  assert.deepEqual(options(owain.row, `status-${owain.id}`), ['', 'deputy', 'in_attendance']);
  const megan = rows(html).find(x => x.name === 'Megan Lloyd');
  assert.match(megan.text, /Community pharmacist, presenting item 6 Boots, Cowbridge Road/);
  assert.equal(selected(megan.row, `status-${megan.id}`), 'in_attendance');

  const att = Object.fromEntries((await api(id)).attendance.map(a => [a.person, a]));
  assert.deepEqual(att['Dr Owain Bevan'], {
    person_id: owain.id, person: 'Dr Owain Bevan', status: 'deputy', voting: false, member: false,
    deputy_for_id: p['Gareth Williams'], deputy_for: 'Gareth Williams', organisation: 'Grangetown Surgery',
  });
  assert.deepEqual(att['Megan Lloyd'], {
    person_id: megan.id, person: 'Megan Lloyd', status: 'in_attendance', voting: false, member: false,
    organisation: 'Boots, Cowbridge Road', role: 'Community pharmacist, presenting item 6',
  });
  // Gareth's seat is filled by his deputy.
  assert.equal((await api(id)).quorum.present_voting, 1);

  // Added again at a later meeting under the same name and organisation:
  // the same person, not a second one.
  const later = await held('Added again');
  r = await attend(later, { 'add-status': 'in_attendance', 'add-name': 'Megan Lloyd', 'add-organisation': 'Boots, Cowbridge Road' });
  assert.equal(r.status, 303);
  assert.equal(count('SELECT count(*) FROM person;'), nPeople + 2);
  assert.equal((await api(later)).attendance.find(a => a.person === 'Megan Lloyd').person_id, megan.id);
});

test('a refused save: 400, the meeting page with each error beside its row and in the summary, everything kept, nothing saved', async () => {
  const id = await held('Refused save');
  const p = await people(id);
  const fields = {
    [`status-${p['Dr Alys Morgan']}`]: 'present',
    [`status-${p['Dr Rhodri Evans']}`]: 'deputy', [`deputy_for-${p['Dr Rhodri Evans']}`]: '',
    [`status-${p['Tomos Price']}`]: 'online',
    'add-status': 'in_attendance', 'add-name': 'Megan <Lloyd>', 'add-organisation': '', 'add-role': 'Pharmacist',
  };
  const r = await attend(id, fields);
  assert.equal(r.status, 400);
  assert.match(r.body, /<title>Error: Refused save/);
  assert.deepEqual(summary(r.body), [
    [`deputy_for-${p['Dr Rhodri Evans']}`, 'Dr Rhodri Evans: Choose the member they stand in for'],
    ['add-organisation', 'Add someone who is not a member: Enter the organisation they are from'],
  ]);
  // Each link leads to a field with that id, with the message beside it.
  for (const [href] of summary(r.body)) assert.match(r.body, new RegExp(`id="${href}"`));
  assert.equal(fieldError(r.body, `deputy_for-${p['Dr Rhodri Evans']}`), 'Choose the member they stand in for');
  assert.equal(fieldError(r.body, 'add-organisation'), 'Enter the organisation they are from');
  assert.equal(fieldError(r.body, `status-${p['Dr Alys Morgan']}`), undefined);
  // What was chosen and typed is still there.
  assert.equal(selected(r.body, `status-${p['Dr Alys Morgan']}`), 'present');
  assert.equal(selected(r.body, `status-${p['Dr Rhodri Evans']}`), 'deputy');
  assert.equal(selected(r.body, `status-${p['Tomos Price']}`), 'online');
  assert.equal(selected(r.body, `status-${p['Nia Hughes']}`), '');
  assert.equal(inputValue(r.body, 'add-name'), 'Megan &lt;Lloyd&gt;');
  assert.equal(inputValue(r.body, 'add-role'), 'Pharmacist');
  assert.match(r.body, /name="add-status" type="radio" value="in_attendance" checked/);
  // Nothing of the form was saved.
  assert.deepEqual((await api(id)).attendance, []);

  // Put right, the same form saves all of it.
  const ok = await attend(id, { ...fields, [`deputy_for-${p['Dr Rhodri Evans']}`]: String(p['Nia Hughes']), 'add-organisation': 'Boots' });
  assert.equal(ok.status, 303, text(ok.body).slice(0, 400));
  assert.equal((await api(id)).attendance.length, 4);
});

test('before the start: the page says when attendance can be recorded, the lead records apologies, nothing else', async () => {
  const { id, date } = await schedule('Ahead of the meeting');
  let html = await page(id);
  const when = `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
  assert.match(html, new RegExp(`Attendance can be recorded from 18:00 on ${when}\\. Until then, only apologies can be recorded\\.`));
  const p = Object.fromEntries(rows(html).map(r => [r.name, r.id]));
  // Only apologies are offered, and no deputy or added person.
  assert.deepEqual(options(html, `status-${p['Nia Hughes']}`), ['', 'apologies']);
  assert.doesNotMatch(html, /name="deputy_for-|name="add-name"/);
  assert.match(html, />Save apologies</);

  let r = await attend(id, { [`status-${p['Nia Hughes']}`]: 'apologies' });
  assert.equal(r.status, 303);
  html = await page(id);
  assert.equal(selected(html, `status-${p['Nia Hughes']}`), 'apologies');
  assert.equal((await api(id)).attendance.find(a => a.person === 'Nia Hughes').status, 'apologies');

  // Present before the start: refused beside the row, nothing saved.
  r = await attend(id, { [`status-${p['Tomos Price']}`]: 'present', [`status-${p['Gareth Williams']}`]: 'apologies' });
  assert.equal(r.status, 400);
  assert.deepEqual(summary(r.body), [[`status-${p['Tomos Price']}`,
    'Tomos Price: This is recorded once the meeting has started: come back when it begins']]);
  assert.equal(fieldError(r.body, `status-${p['Tomos Price']}`), 'This is recorded once the meeting has started: come back when it begins');
  assert.deepEqual((await api(id)).attendance.map(a => a.person), ['Nia Hughes']);

  // Apologies withdrawn ("Not recorded") before the start.
  r = await attend(id, { [`status-${p['Nia Hughes']}`]: '' });
  assert.equal(r.status, 303);
  assert.deepEqual((await api(id)).attendance, []);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE entity='attendance' AND action='delete' AND entity_id=${p['Nia Hughes']};`), 1);
});

test('a future meeting shows the quorum it will need; only a started one says quorate or not', async () => {
  const { id } = await schedule('Quorum ahead');
  const html = await page(id);
  assert.match(html, /<dd class="nhsuk-summary-list__value" id="quorum">5 of the 9 voting members, including the chair or deputy chair\.<\/dd>/);
  assert.doesNotMatch(html, /Not quorate/);
  assert.doesNotMatch(html.match(/id="quorum">[\s\S]*?<\/dd>/)[0], /nhsuk-tag/);
  moveMeetingBack(server, id, 30);
  const started = await page(id);
  assert.match(started, /id="quorum"><strong class="nhsuk-tag nhsuk-tag--red">Not quorate<\/strong> 5 voting members needed, 0 present\./);
});

test('a member sends and withdraws their own apologies before the start, audited; not after it', async () => {
  const { id } = await schedule('Own apologies');
  let html = await page(id, member.cookie);
  assert.doesNotMatch(html, /action="\/meetings\/\d+\/attendance"/, 'no attendance form for a member');
  assert.match(html, /If you cannot attend, send your apologies before the meeting starts\./);
  assert.match(html, /<button [^>]*name="apologies" value="send"[^>]*>Send my apologies<\/button>/);
  // Without write access the attendance form itself is refused.
  const sian = (await people(id))['Sian Griffiths'];
  assert.equal((await attend(id, { [`status-${sian}`]: 'apologies' }, member)).status, 404);

  let r = await postForm(`${server.url}/meetings/${id}/apologies`, member.cookie, { csrf: member.csrf, apologies: 'send' });
  assert.equal(r.status, 303);
  assert.deepEqual((await api(id)).attendance.map(a => [a.person, a.status]), [['Sian Griffiths', 'apologies']]);
  assert.equal(count(`SELECT count(*) FROM audit_log a JOIN app_user u ON u.id=a.user_id WHERE u.email='member@example.wales'
    AND a.entity='attendance' AND a.action='create' AND a.entity_id=${sian};`), 1);
  html = await page(id, member.cookie);
  assert.match(html, /You have sent your apologies for this meeting\./);
  assert.match(html, /name="apologies" value="withdraw"[^>]*>Withdraw my apologies</);
  // The lead sees them on the row.
  assert.equal(selected(await page(id), `status-${sian}`), 'apologies');

  r = await postForm(`${server.url}/meetings/${id}/apologies`, member.cookie, { csrf: member.csrf, apologies: 'withdraw' });
  assert.equal(r.status, 303);
  assert.deepEqual((await api(id)).attendance, []);
  assert.equal(count(`SELECT count(*) FROM audit_log a JOIN app_user u ON u.id=a.user_id WHERE u.email='member@example.wales'
    AND a.entity='attendance' AND a.action='delete' AND a.entity_id=${sian};`), 1);

  // Someone who is not a member of the cluster has no apologies to send.
  r = await postForm(`${server.url}/meetings/${id}/apologies`, hb.cookie, { csrf: hb.csrf, apologies: 'send' });
  assert.equal(r.status, 404);
  // Once the meeting has started: refused with the reason, on the meeting page.
  moveMeetingBack(server, id, 30);
  r = await postForm(`${server.url}/meetings/${id}/apologies`, member.cookie, { csrf: member.csrf, apologies: 'send' });
  assert.equal(r.status, 400);
  assert.deepEqual(summary(r.body), [['apologies', 'The meeting has started: ask the chair or secretary to record your attendance']]);
  assert.deepEqual((await api(id)).attendance, []);
});

test('after the minutes are approved a change of attendance needs a reason, and is kept as a correction', async () => {
  const id = await held('Approved minutes');
  const p = await people(id);
  assert.equal((await attend(id, { [`status-${p['Nia Hughes']}`]: 'present', [`status-${p['Tomos Price']}`]: 'apologies' })).status, 303);
  sql(server, `UPDATE meeting SET minutes_status='approved' WHERE id=${id};`);
  const html = await page(id);
  assert.match(html, /These minutes are approved/);
  assert.match(html, /<textarea [^>]*id="correction_reason" name="correction_reason"/);

  // No reason: refused, the choice kept, nothing changed.
  let r = await attend(id, { [`status-${p['Nia Hughes']}`]: 'apologies', correction_reason: '  ' });
  assert.equal(r.status, 400);
  assert.deepEqual(summary(r.body), [['correction_reason', 'These minutes are approved: give the reason for the correction']]);
  assert.equal(selected(r.body, `status-${p['Nia Hughes']}`), 'apologies');
  assert.equal((await api(id)).attendance.find(a => a.person === 'Nia Hughes').status, 'present');
  assert.equal(count(`SELECT count(*) FROM correction WHERE meeting_id=${id};`), 0);

  // With a reason: changed, and the correction keeps old, new and why.
  r = await attend(id, { [`status-${p['Nia Hughes']}`]: 'apologies', correction_reason: 'Nia sent apologies; the register was wrong' });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  assert.equal((await api(id)).attendance.find(a => a.person === 'Nia Hughes').status, 'apologies');
  assert.equal(sql(server, `SELECT record_kind||'|'||record_id||'|'||old_values||'|'||new_values||'|'||reason FROM correction WHERE meeting_id=${id};`),
    `attendance|${p['Nia Hughes']}|{"status":"present"}|{"status":"apologies"}|Nia sent apologies; the register was wrong`);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE entity='attendance' AND action='update' AND entity_id=${p['Nia Hughes']};`), 1);
});

test('in Welsh: "Hefyd yn bresennol" and "dirprwy ar ran"', async () => {
  const id = await held('Cyfarfod yn Gymraeg');
  const p = await people(id);
  assert.equal((await attend(id, {
    [`status-${p['Dr Rhodri Evans']}`]: 'deputy', [`deputy_for-${p['Dr Rhodri Evans']}`]: String(p['Nia Hughes']),
    'add-status': 'in_attendance', 'add-name': 'Megan Lloyd', 'add-organisation': 'Boots',
  })).status, 303);
  const cy = await get(`${server.url}/meetings/${id}`, `${lead.cookie}; cc_lang=cy`);
  assert.equal(cy.status, 200);
  const megan = rows(cy.body).find(x => x.name === 'Megan Lloyd');
  assert.match(megan.row, /<option value="in_attendance" selected>Hefyd yn bresennol<\/option>/);
  assert.doesNotMatch(cy.body, /ddim yn aelod\)/);
  assert.match(cy.body, /Dirprwy ar ran<span class="nhsuk-u-visually-hidden"> \(Dr Rhodri Evans\)<\/span>/);
  assert.match(cy.body, /Ychwanegu rhywun nad yw&#39;n aelod|Ychwanegu rhywun nad yw'n aelod/);
  // Read only (a member), the status in words.
  const hbCy = await get(`${server.url}/meetings/${id}`, `${member.cookie}; cc_lang=cy`);
  const rhodri = rows(hbCy.body).find(x => x.name === 'Dr Rhodri Evans');
  assert.match(rhodri.text, /Dirprwy \(ar ran Nia Hughes\)$/);
  assert.match(rows(hbCy.body).find(x => x.name === 'Megan Lloyd').text, /Hefyd yn bresennol$/);
});
