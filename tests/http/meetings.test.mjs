// Meetings through the web forms and the JSON API: scheduling with the
// standing agenda and its times, errors next to their fields with what was
// typed kept, adding and proposing agenda items, attendance and the live
// quorum, who may see a meeting at all, Welsh, and escaping.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById, bodyRows, cli, plainCells, moveMeetingBack } from './helpers.mjs';

let server, lead, member, afanLead, hb, hbOther;
before(async () => {
  server = await start();
  // A health board user of another board (Swansea Bay, Afan's board).
  const add = cli(['user', 'add', '--db', server.db, '--email', 'hb.swansea@example.wales',
    '--name', 'Swansea Bay Primary Care', '--role', 'health_board',
    '--scope', 'swansea-bay-university-health-board'], 'a long passphrase for swansea\n');
  assert.equal(add.status, 0, add.stderr);
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  hbOther = await mustSignIn(server.url, 'hb.swansea@example.wales', 'a long passphrase for swansea');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';

// A local date `days` from today as the three fields of the date input.
function dayParts(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return { 'date-day': String(d.getDate()), 'date-month': String(d.getMonth() + 1), 'date-year': String(d.getFullYear()) };
}
function isoDay(days) {
  const p = dayParts(days);
  return `${p['date-year']}-${p['date-month'].padStart(2, '0')}-${p['date-day'].padStart(2, '0')}`;
}
// Every meeting here is before 13:30 or after 15:30, so that none can meet
// a demonstration meeting (the second Tuesday of each month, 13:30–15:30)
// whatever today's date.
const meetingForm = (over = {}) => ({
  csrf: lead.csrf,
  title: 'Cluster meeting',
  ...dayParts(7),
  start: '18:00',
  end: '19:00',
  location: 'Canton Library, Cardiff',
  online_link: '',
  ...over,
});

// Schedule a meeting as the lead; returns its id.
async function schedule(over = {}) {
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, meetingForm(over));
  assert.equal(r.status, 303, `scheduling answered ${r.status}: ${r.body.slice(0, 2000)}`);
  const m = r.headers.get('location').match(/^\/meetings\/(\d+)$/);
  assert.ok(m, `redirect to the meeting, not ${r.headers.get('location')}`);
  return Number(m[1]);
}

async function meetingPage(id, cookie = lead.cookie) {
  const r = await get(`${server.url}/meetings/${id}`, cookie);
  assert.equal(r.status, 200);
  return r.body;
}
const text = html => html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();

// The agenda table as [number, time, minutes, title] rows (titles as HTML).
function agendaRows(html) {
  const t = plainCells(tableById(html, 'agenda'));
  assert.ok(t, 'an agenda table');
  return bodyRows(t).map(row => {
    const m = row.match(/<td class="nhsuk-table__cell">(\d+)<\/td><td class="nhsuk-table__cell">(\d\d:\d\d) <span class="nhsuk-body-s">\((\d+) [^)]*\)<\/span><\/td><td class="nhsuk-table__cell"><a href="\/meetings\/\d+\/items\/(\d+)">([^<]*)<\/a>/);
    assert.ok(m, `an agenda row: ${row}`);
    return { n: Number(m[1]), time: m[2], minutes: Number(m[3]), id: Number(m[4]), title: m[5] };
  });
}
const quorumTag = html => html.match(/<dd class="nhsuk-summary-list__value" id="quorum"><strong class="nhsuk-tag nhsuk-tag--(\w+)">([^<]*)<\/strong> ([^<]*)<\/dd>/);
// Person ids and names of the attendance table, with whether they vote.
function attendees(html) {
  const t = plainCells(tableById(html, 'attendance'));
  assert.ok(t, 'an attendance table');
  return bodyRows(t).map(row => {
    const m = row.match(/<td class="nhsuk-table__cell">([^<]*)<\/td><td class="nhsuk-table__cell">(?:[^<]|<br>|<span[^>]*>[^<]*<\/span>)*<\/td><td class="nhsuk-table__cell">(Voting|Not voting)<\/td><td class="nhsuk-table__cell"><div class="nhsuk-form-group"><label [^>]*for="status-(\d+)"/);
    assert.ok(m, `an attendance row with a status select: ${row}`);
    return { name: m[1], voting: m[2] === 'Voting', id: Number(m[3]) };
  });
}
const inputValue = (html, name) => html.match(new RegExp(`<input [^>]*name="${name}" [^>]*value="([^"]*)"`))?.[1];
const fieldError = (html, name) =>
  html.match(new RegExp(`<span class="nhsuk-error-message" id="${name}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ([^<]*)</span>`))?.[1];
function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  if (!m) return [];
  return [...m[0].matchAll(/<li><a href="#([^"]*)">([^<]*)<\/a><\/li>/g)].map(x => [x[1], x[2]]);
}
async function apiMeeting(id, cookie = lead.cookie) {
  const r = await get(`${server.url}/api/v1/meetings/${id}`, cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  return JSON.parse(r.body);
}
const STANDING = ['Welcome and introductions', 'Apologies', 'Declarations of interest',
  'Minutes of the last meeting', 'Review of actions', 'Any other business'];

test('the lead schedules a meeting: 303 to the meeting, with the standing agenda and its times', async () => {
  const id = await schedule({ title: 'Cluster meeting, spring', ...dayParts(3), start: '18:00', end: '20:00' });
  const html = await meetingPage(id);
  assert.equal(h1(html), 'Cluster meeting, spring');
  assert.match(html, /<dd class="nhsuk-summary-list__value">Canton Library, Cardiff<\/dd>/);
  assert.match(html, /18:00–20:00/);
  assert.match(html, /<h2 id="agenda-heading">Agenda<\/h2>/);
  const rows = agendaRows(html);
  assert.deepEqual(rows.map(r => r.title), STANDING);
  assert.deepEqual(rows.map(r => r.time), ['18:00', '18:05', '18:10', '18:15', '18:25', '18:40']);
  assert.deepEqual(rows.map(r => r.minutes), [5, 5, 5, 10, 15, 10]);
  assert.deepEqual(rows.map(r => r.n), [1, 2, 3, 4, 5, 6]);
  // Not started: the quorum it will need, not a verdict.
  assert.equal(quorumTag(html), null, 'no quorate or not quorate tag before the start');
  assert.match(html, /<dd class="nhsuk-summary-list__value" id="quorum">5 of the 9 voting members, including the chair or deputy chair\.<\/dd>/);
  // It is on the cluster's list of meetings.
  const list = await get(`${server.url}${CSW}/meetings`, lead.cookie);
  assert.equal(list.status, 200);
  assert.match(list.body, new RegExp(`<a href="/meetings/${id}">Cluster meeting, spring</a>`));
});

test('the start and end times are short text fields that ask for a number pad', async () => {
  const r = await get(`${server.url}${CSW}/meetings/new`, lead.cookie);
  assert.equal(r.status, 200);
  for (const name of ['start', 'end']) {
    assert.match(r.body, new RegExp(`<input class="nhsuk-input nhsuk-input--width-5" id="${name}" name="${name}" type="text" value="[^"]*" inputmode="numeric"`));
  }
  assert.doesNotMatch(r.body, /&quot;numeric&quot;/);
});

test('an online-only meeting is fine; its link is shown', async () => {
  const id = await schedule({ title: 'Online catch-up', ...dayParts(3), start: '09:00', end: '09:30',
    location: '', online_link: 'https://teams.example/meet/123' });
  const html = await meetingPage(id);
  assert.match(html, /<a href="https:\/\/teams\.example\/meet\/123" rel="noopener noreferrer">Join the meeting online<\/a>/);
  assert.deepEqual(agendaRows(html).map(r => r.time), ['09:00', '09:05', '09:10', '09:15', '09:25', '09:40']);
});

test('a meeting in the past: 400, the error next to the date, everything typed kept', async () => {
  const before = await get(`${server.url}${CSW}/meetings`, lead.cookie);
  const form = meetingForm({ title: 'Too late', ...dayParts(-2), start: '10:15', end: '11:45',
    location: 'Room 2', online_link: 'https://teams.example/x' });
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, form);
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'date'), 'The meeting must be in the future');
  assert.deepEqual(summaryMessages(r.body), [['date-day', 'The meeting must be in the future']]);
  assert.match(r.body, /<title>Error: Schedule a meeting/);
  assert.equal(inputValue(r.body, 'title'), 'Too late');
  assert.equal(inputValue(r.body, 'date-day'), form['date-day']);
  assert.equal(inputValue(r.body, 'date-month'), form['date-month']);
  assert.equal(inputValue(r.body, 'date-year'), form['date-year']);
  assert.equal(inputValue(r.body, 'start'), '10:15');
  assert.equal(inputValue(r.body, 'end'), '11:45');
  assert.equal(inputValue(r.body, 'location'), 'Room 2');
  assert.equal(inputValue(r.body, 'online_link'), 'https://teams.example/x');
  for (const f of ['title', 'start', 'end', 'location', 'online_link']) assert.equal(fieldError(r.body, f), undefined, f);
  // Nothing saved.
  const afterList = await get(`${server.url}${CSW}/meetings`, lead.cookie);
  assert.doesNotMatch(afterList.body, /Too late/);
  assert.equal(afterList.body.match(/<a href="\/meetings\/\d+">/g)?.length, before.body.match(/<a href="\/meetings\/\d+">/g)?.length);
});

test('an overlapping meeting and an end before the start each have their own message', async () => {
  await schedule({ title: 'Morning meeting', ...dayParts(5), start: '10:00', end: '12:00' });
  let r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie,
    meetingForm({ title: 'Clashing meeting', ...dayParts(5), start: '11:00', end: '13:00' }));
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'start'), 'Another meeting of this cluster is at that time: choose another time');
  assert.equal(fieldError(r.body, 'date'), undefined);
  assert.equal(inputValue(r.body, 'title'), 'Clashing meeting');
  assert.equal(inputValue(r.body, 'start'), '11:00');
  assert.equal(inputValue(r.body, 'end'), '13:00');
  assert.deepEqual(summaryMessages(r.body), [['start', 'Another meeting of this cluster is at that time: choose another time']]);

  r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie,
    meetingForm({ title: 'Backwards', ...dayParts(6), start: '19:00', end: '18:30' }));
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'end'), 'The end time must be after the start time');
  assert.deepEqual(summaryMessages(r.body), [['end', 'The end time must be after the start time']]);
  assert.equal(inputValue(r.body, 'start'), '19:00');
  assert.equal(inputValue(r.body, 'end'), '18:30');

  r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie,
    meetingForm({ title: '', ...dayParts(6), start: '3pm', location: '', online_link: 'http://insecure.example' }));
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'title'), 'Enter a title for the meeting');
  assert.equal(fieldError(r.body, 'start'), 'Enter a time in 24-hour format, for example 14:00');
  assert.equal(fieldError(r.body, 'online_link'), 'Enter the online meeting link starting with https://');
  assert.equal(inputValue(r.body, 'start'), '3pm');
  assert.equal(inputValue(r.body, 'online_link'), 'http://insecure.example');

  r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie,
    meetingForm({ title: 'Nowhere', ...dayParts(6), location: '  ', online_link: '' }));
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'location'), 'Enter where the meeting is, or an online meeting link');
  assert.deepEqual(summaryMessages(r.body).map(m => m[0]), ['location']);

  // An impossible date is kept as typed.
  r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie,
    meetingForm({ 'date-day': '31', 'date-month': '2', 'date-year': '2031' }));
  assert.equal(r.status, 400);
  assert.ok(fieldError(r.body, 'date'), 'an error on the date');
  assert.deepEqual(['day', 'month', 'year'].map(p => inputValue(r.body, `date-${p}`)), ['31', '2', '2031']);

  // Right after the other one is fine.
  await schedule({ title: 'Noon meeting', ...dayParts(5), start: '12:00', end: '13:00' });
});

test('the lead adds an item: it comes before "Any other business" and the times shift', async () => {
  const id = await schedule({ title: 'Items meeting', ...dayParts(8), start: '17:30', end: '20:00' });
  const page = await meetingPage(id);
  const rhodri = attendees(page).find(a => a.name === 'Dr Rhodri Evans');
  assert.ok(rhodri);
  const r = await postForm(`${server.url}/meetings/${id}/items`, lead.cookie, {
    csrf: lead.csrf, title: 'Winter pressures plan', purpose: 'decision', lead: String(rhodri.id), duration: '25',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${id}#agenda`);
  const html = await meetingPage(id);
  const rows = agendaRows(html);
  assert.deepEqual(rows.map(x => x.title), [...STANDING.slice(0, 5), 'Winter pressures plan', 'Any other business']);
  assert.deepEqual(rows.map(x => x.time), ['17:30', '17:35', '17:40', '17:45', '17:55', '18:10', '18:35']);
  assert.equal(rows[5].minutes, 25);
  const row = bodyRows(plainCells(tableById(html, 'agenda')))[5];
  assert.match(row, /<td class="nhsuk-table__cell">Dr Rhodri Evans<\/td><td class="nhsuk-table__cell">For decision<\/td>/);

  // Bad input: 400 with the message next to the field and the values kept.
  const bad = await postForm(`${server.url}/meetings/${id}/items`, lead.cookie, {
    csrf: lead.csrf, title: 'Typed title', purpose: 'decision', lead: '999999', duration: '0',
  });
  assert.equal(bad.status, 400);
  assert.equal(fieldError(bad.body, 'lead'), 'The lead must be a member of the cluster on the day: choose someone from the list');
  assert.ok(fieldError(bad.body, 'duration'), 'an error on the duration');
  assert.equal(inputValue(bad.body, 'title'), 'Typed title');
  assert.equal(inputValue(bad.body, 'duration'), '0');
  assert.match(bad.body, /name="purpose" type="radio" value="decision" checked/);
  assert.equal(agendaRows(await meetingPage(id)).length, 7, 'nothing added');

  // Moving the new item up one place swaps it with "Review of actions".
  const mv = await postForm(`${server.url}/meetings/${id}/items/${rows[5].id}/move`, lead.cookie, { csrf: lead.csrf, dir: 'up' });
  assert.equal(mv.status, 303);
  const moved = agendaRows(await meetingPage(id));
  assert.deepEqual(moved.map(x => x.title).slice(4, 6), ['Winter pressures plan', 'Review of actions']);
  assert.deepEqual(moved.map(x => x.time).slice(4, 7), ['17:55', '18:20', '18:35']);
  // Move up everywhere but on the first item, move down but on the last.
  const rowsHtml = bodyRows(tableById(await meetingPage(id), 'agenda'));
  const buttons = rowsHtml.map(row => [/value="up"/.test(row), /value="down"/.test(row)]);
  assert.deepEqual(buttons[0], [false, true]);
  assert.deepEqual(buttons.at(-1), [true, false]);
  for (const b of buttons.slice(1, -1)) assert.deepEqual(b, [true, true]);
});

test('a member proposes an item; it waits under proposals until the lead accepts it', async () => {
  const id = await schedule({ title: 'Call for items', ...dayParts(9), start: '18:00', end: '20:00' });
  // The member sees the meeting, and a form to propose, not to add.
  const mine = await meetingPage(id, member.cookie);
  assert.match(mine, /<h2 id="add-item">Propose an agenda item<\/h2>/);
  assert.doesNotMatch(mine, /\/move"/);
  assert.doesNotMatch(mine, /action="\/meetings\/\d+\/attendance"/);
  // Members propose through the call for items, not the chair's add form.
  const direct = await postForm(`${server.url}/meetings/${id}/items`, member.cookie, {
    csrf: member.csrf, title: 'Straight onto the agenda', purpose: 'discussion', lead: '', duration: '15',
  });
  assert.equal(direct.status, 404);
  const r = await postForm(`${server.url}/meetings/${id}/proposals`, member.cookie, {
    csrf: member.csrf, title: 'Flu clinics in pharmacies', purpose: 'discussion', lead: '', duration: '15',
    description: 'Saturday clinics in community pharmacies',
  });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), new RegExp(`^/meetings/${id}/items/\\d+/proposed$`));

  let html = await meetingPage(id);
  assert.deepEqual(agendaRows(html).map(x => x.title), STANDING, 'not on the agenda yet');
  assert.doesNotMatch(html, /Straight onto the agenda/);
  const proposals = html.match(/<h2 id="proposals">Items proposed by members<\/h2>\n<ul[^>]*>([\s\S]*?)<\/ul>/);
  assert.ok(proposals, 'a list of proposals');
  assert.match(proposals[1], /<strong>Flu clinics in pharmacies<\/strong> – For discussion, 15 min\. Proposed by: Sian Griffiths\./);
  assert.match(proposals[1], /Waiting for the chair/);
  const itemId = Number(proposals[1].match(/action="\/meetings\/\d+\/items\/(\d+)\/decide"/)[1]);
  // The member cannot decide it.
  const no = await postForm(`${server.url}/meetings/${id}/items/${itemId}/decide`, member.cookie, { csrf: member.csrf, decision: 'accept' });
  assert.equal(no.status, 404);
  assert.deepEqual(agendaRows(await meetingPage(id)).map(x => x.title), STANDING);

  const yes = await postForm(`${server.url}/meetings/${id}/items/${itemId}/decide`, lead.cookie, { csrf: lead.csrf, decision: 'accept' });
  assert.equal(yes.status, 303);
  assert.equal(yes.headers.get('location'), `/meetings/${id}#agenda`);
  html = await meetingPage(id);
  const rows = agendaRows(html);
  assert.deepEqual(rows.map(x => x.title), [...STANDING.slice(0, 5), 'Flu clinics in pharmacies', 'Any other business']);
  assert.deepEqual(rows.map(x => x.time).slice(5), ['18:40', '18:55']);
  assert.doesNotMatch(html, /Waiting for the chair/);
  // Accepting again does nothing.
  const again = await postForm(`${server.url}/meetings/${id}/items/${itemId}/decide`, lead.cookie, { csrf: lead.csrf, decision: 'decline' });
  assert.equal(again.status, 404);
  // The member sees it on the agenda too.
  assert.deepEqual(agendaRows(await meetingPage(id, member.cookie)).map(x => x.title)[5], 'Flu clinics in pharmacies');
});

test('a proposal cannot mark itself restricted, and a meeting already held takes none', async () => {
  const id = await schedule({ title: 'Proposals with rules', ...dayParts(9), start: '07:00', end: '08:00' });
  // Restricted is the chair's to mark: refused, nothing proposed.
  let r = await postForm(`${server.url}/meetings/${id}/proposals`, member.cookie, {
    csrf: member.csrf, title: 'Our practice contract', purpose: 'discussion', lead: '', duration: '10', restricted: '1',
    description: 'The contract of our practice',
  });
  assert.equal(r.status, 400);
  assert.match(r.body, /Only the chair can mark an item restricted/);
  assert.doesNotMatch(await meetingPage(id), /Our practice contract/);
  // A demonstration meeting that has already taken place.
  const list = JSON.parse((await get(`${server.url}/api/v1/units/cardiff-south-west/meetings`, lead.cookie)).body);
  const meetings = Array.isArray(list) ? list : list.meetings;
  const past = meetings.find(m => m.starts_at < `${isoDay(-1)}T00:00`);
  assert.ok(past, 'a meeting in the past');
  const before = (await apiMeeting(past.id)).agenda.length;
  r = await postForm(`${server.url}/meetings/${past.id}/proposals`, member.cookie, {
    csrf: member.csrf, title: 'Too late for this one', purpose: 'information', lead: '', duration: '5',
    description: 'Something for a meeting already held',
  });
  assert.equal(r.status, 409);
  assert.match(r.body, /<h1>The call for items has closed<\/h1>/);
  assert.doesNotMatch(await meetingPage(past.id), /Too late for this one/);
  assert.equal((await apiMeeting(past.id)).agenda.length, before);
});

test('attendance makes the meeting quorate, and the API shows it all', async () => {
  const id = await schedule({ title: 'Quorum meeting', ...dayParts(10), start: '10:00', end: '12:00' });
  moveMeetingBack(server, id, 11);   // held yesterday: its attendance may be recorded
  const page = await meetingPage(id);
  const people = attendees(page);
  const voting = people.filter(p => p.voting);
  assert.equal(voting.length, 9, 'nine voting members in the demonstration cluster');
  assert.equal(people[0].name, 'Dr Alys Morgan', 'the chair first');
  const notVoting = people.find(p => !p.voting);

  // Four voting members and a non-voting one: not enough.
  const form = { csrf: lead.csrf };
  for (const p of voting.slice(0, 3)) form[`status-${p.id}`] = 'present';
  form[`status-${voting[3].id}`] = 'online';
  form[`status-${voting[4].id}`] = 'apologies';
  form[`status-${notVoting.id}`] = 'present';
  let r = await postForm(`${server.url}/meetings/${id}/attendance`, lead.cookie, form);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${id}#attendance-heading`);
  let html = await meetingPage(id);
  let q = quorumTag(html);
  assert.equal(q[2], 'Not quorate');
  assert.equal(q[3], '5 voting members needed, 4 present.');
  // What was recorded is selected.
  assert.match(html, new RegExp(`name="status-${voting[3].id}">(?:<option [^>]*>[^<]*</option>)*<option value="online" selected>`));

  // A fifth (the one with apologies comes after all).
  r = await postForm(`${server.url}/meetings/${id}/attendance`, lead.cookie,
    { csrf: lead.csrf, [`status-${voting[4].id}`]: 'present' });
  assert.equal(r.status, 303);
  html = await meetingPage(id);
  q = quorumTag(html);
  assert.equal(q[1], 'green');
  assert.equal(q[2], 'Quorate');
  assert.equal(q[3], '5 voting members needed, 5 present.');

  const api = await apiMeeting(id);
  assert.equal(api.id, id);
  assert.equal(api.title, 'Quorum meeting');
  assert.equal(api.starts_at, `${isoDay(-1)}T10:00`);
  assert.deepEqual(api.quorum, { required: 5, present_voting: 5, met: true });
  assert.equal(api.agenda.length, 6);
  for (const it of api.agenda) {
    for (const k of ['position', 'title', 'purpose', 'lead', 'start', 'duration_minutes']) assert.ok(k in it, `agenda key ${k}`);
    assert.ok(['information', 'discussion', 'decision', 'action'].includes(it.purpose));
    assert.equal(typeof it.position, 'number');
    assert.equal(typeof it.duration_minutes, 'number');
  }
  assert.deepEqual(api.agenda.map(it => [it.position, it.title, it.start, it.duration_minutes]), [
    [1, 'Welcome and introductions', '10:00', 5], [2, 'Apologies', '10:05', 5],
    [3, 'Declarations of interest', '10:10', 5], [4, 'Minutes of the last meeting', '10:15', 10],
    [5, 'Review of actions', '10:25', 15], [6, 'Any other business', '10:40', 10],
  ]);
  assert.equal(api.agenda[3].purpose, 'decision');
  assert.equal(api.agenda[0].lead, null);
  // Attendance: those recorded, with their status and whether they vote.
  const byName = Object.fromEntries(api.attendance.map(a => [a.person, a]));
  assert.equal(api.attendance.length, 6);
  for (const a of api.attendance) {
    assert.deepEqual(Object.keys(a).filter(k => !['deputy_for', 'deputy_for_id', 'role'].includes(k)).sort(),
      ['member', 'organisation', 'person', 'person_id', 'status', 'voting']);
    assert.ok(['present', 'online', 'deputy', 'in_attendance', 'apologies', 'absent'].includes(a.status));
  }
  const plain = a => ({ person_id: a.person_id, person: a.person, status: a.status, voting: a.voting, member: a.member });
  assert.deepEqual(plain(byName[voting[0].name]), { person_id: voting[0].id, person: voting[0].name, status: 'present', voting: true, member: true });
  assert.equal(byName[voting[3].name].status, 'online');
  assert.equal(byName[voting[4].name].status, 'present');
  assert.deepEqual(plain(byName[notVoting.name]), { person_id: notVoting.id, person: notVoting.name, status: 'present', voting: false, member: true });
  assert.ok(Array.isArray(api.decisions));
  assert.ok(Array.isArray(api.actions));

  // The chair sends apologies: enough members, but not quorate.
  r = await postForm(`${server.url}/meetings/${id}/attendance`, lead.cookie,
    { csrf: lead.csrf, [`status-${voting[0].id}`]: 'apologies', [`status-${voting[5].id}`]: 'present' });
  assert.equal(r.status, 303);
  q = quorumTag(await meetingPage(id));
  assert.equal(q[2], 'Not quorate');
  assert.match(q[3], /^5 voting members needed, 5 present\. The chair or deputy chair must be present\.$/);
  assert.deepEqual((await apiMeeting(id)).quorum, { required: 5, present_voting: 5, met: false });

  // A status that is not one of the six: 400, and nothing changes.
  r = await postForm(`${server.url}/meetings/${id}/attendance`, lead.cookie,
    { csrf: lead.csrf, [`status-${voting[6].id}`]: 'asleep' });
  assert.equal(r.status, 400);
  assert.equal((await apiMeeting(id)).attendance.length, 7);
});

test('attendance that cannot be saved saves none of the form: nothing is half-saved', async () => {
  const id = await schedule({ title: 'Half-saved meeting', ...dayParts(10), start: '18:00', end: '19:00' });
  moveMeetingBack(server, id, 11);
  const voting = attendees(await meetingPage(id)).filter(p => p.voting);
  // "Deputy" without the member they stand in for, and a status that is none.
  for (const bad of ['deputy', 'asleep']) {
    const r = await postForm(`${server.url}/meetings/${id}/attendance`, lead.cookie, {
      csrf: lead.csrf, [`status-${voting[0].id}`]: 'present', [`status-${voting[1].id}`]: 'online',
      [`status-${voting[2].id}`]: bad,
    });
    assert.equal(r.status, 400, bad);
    // The meeting page again, the bad row marked in the summary and beside it.
    const field = bad === 'deputy' ? `deputy_for-${voting[2].id}` : `status-${voting[2].id}`;
    assert.deepEqual(summaryMessages(r.body).map(x => x[0]), [field]);
    assert.ok(fieldError(r.body, field), `an error beside ${field}`);
    const api = await apiMeeting(id);
    assert.deepEqual(api.attendance, [], `nothing recorded after a bad "${bad}"`);
    assert.equal(api.quorum.present_voting, 0);
  }
  // The same form without the bad row saves both.
  const ok = await postForm(`${server.url}/meetings/${id}/attendance`, lead.cookie, {
    csrf: lead.csrf, [`status-${voting[0].id}`]: 'present', [`status-${voting[1].id}`]: 'online',
  });
  assert.equal(ok.status, 303);
  assert.equal((await apiMeeting(id)).quorum.present_voting, 2);
});

test('the API lists the meetings of a cluster with id, title and starts_at', async () => {
  const id = await schedule({ title: 'Listed meeting', ...dayParts(11), start: '09:00', end: '10:00' });
  const r = await get(`${server.url}/api/v1/units/cardiff-south-west/meetings`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const body = JSON.parse(r.body);
  assert.ok(Array.isArray(body.meetings));
  const m = body.meetings.find(x => x.id === id);
  assert.ok(m, 'the new meeting is listed');
  assert.equal(m.title, 'Listed meeting');
  assert.equal(m.starts_at, `${isoDay(11)}T09:00`);
  for (const x of body.meetings) {
    assert.equal(typeof x.id, 'number');
    assert.equal(typeof x.title, 'string');
    assert.match(x.starts_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  }
  // Newest first.
  const starts = body.meetings.map(x => x.starts_at);
  assert.deepEqual(starts, [...starts].sort().reverse());
  // Afan's list does not have it; Afan's lead cannot list this cluster's.
  const afan = await get(`${server.url}/api/v1/units/afan/meetings`, afanLead.cookie);
  assert.equal(afan.status, 200);
  assert.ok(!JSON.parse(afan.body).meetings.some(x => x.id === id));
  const other = await get(`${server.url}/api/v1/units/cardiff-south-west/meetings`, afanLead.cookie);
  assert.equal(other.status, 404);
  assert.equal(JSON.parse(other.body).error, 'not found');
});

test("another cluster's lead and another board see nothing: 404 on the page, the API and every POST", async () => {
  const id = await schedule({ title: 'Private business', ...dayParts(12), start: '18:00', end: '19:00' });
  const itemId = agendaRows(await meetingPage(id))[1].id;
  const personId = attendees(await meetingPage(id))[1].id;
  // The health board of the cluster may see it.
  assert.equal((await get(`${server.url}/meetings/${id}`, hb.cookie)).status, 200);
  for (const who of [afanLead, hbOther]) {
    const page = await get(`${server.url}/meetings/${id}`, who.cookie);
    assert.equal(page.status, 404);
    assert.doesNotMatch(page.body, /Private business/);
    const api = await get(`${server.url}/api/v1/meetings/${id}`, who.cookie);
    assert.equal(api.status, 404);
    assert.deepEqual(JSON.parse(api.body), { error: 'not found' });
    const posts = [
      [`/meetings/${id}/items`, { title: 'Sneaky', purpose: 'decision', lead: '', duration: '10' }],
      [`/meetings/${id}/items/${itemId}/decide`, { decision: 'accept' }],
      [`/meetings/${id}/items/${itemId}/move`, { dir: 'down' }],
      [`/meetings/${id}/attendance`, { [`status-${personId}`]: 'present' }],
      [`${CSW}/meetings`, { title: 'Sneaky meeting', ...dayParts(20), start: '10:00', end: '11:00', location: 'X' }],
    ];
    for (const [path, fields] of posts) {
      const r = await postForm(`${server.url}${path}`, who.cookie, { csrf: who.csrf, ...fields });
      assert.equal(r.status, 404, `POST ${path}`);
    }
    assert.equal((await get(`${server.url}${CSW}/meetings/new`, who.cookie)).status, 404);
  }
  // Nothing changed.
  const html = await meetingPage(id);
  assert.deepEqual(agendaRows(html).map(x => x.title), STANDING);
  assert.doesNotMatch(html, /Sneaky/);
  assert.equal((await apiMeeting(id)).attendance.length, 0);
  const list = await get(`${server.url}/api/v1/units/cardiff-south-west/meetings`, lead.cookie);
  assert.ok(!JSON.parse(list.body).meetings.some(x => x.title === 'Sneaky meeting'));
  // A national reader sees the meeting but writes nothing, not even a proposal.
  const national = await mustSignIn(server.url, 'national@example.wales');
  const natPage = await meetingPage(id, national.cookie);
  assert.doesNotMatch(natPage, /action="\/meetings\/\d+\/(items|proposals)"/, 'no form to add or propose');
  for (const path of ['items', 'proposals']) {
    const natPost = await postForm(`${server.url}/meetings/${id}/${path}`, national.cookie,
      { csrf: national.csrf, title: 'National proposal', purpose: 'information', lead: '', duration: '5', description: 'From Wales' });
    assert.equal(natPost.status, 404);
  }
  assert.doesNotMatch(await meetingPage(id), /National proposal/);
  // A member may read but not schedule.
  const mine = await postForm(`${server.url}${CSW}/meetings`, member.cookie,
    { ...meetingForm({ title: 'Member meeting', ...dayParts(21) }), csrf: member.csrf });
  assert.equal(mine.status, 404);
  // An unknown meeting is the same 404.
  assert.equal((await get(`${server.url}/meetings/999999`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/api/v1/meetings/999999`, lead.cookie)).status, 404);
});

test('restricted items: the cluster sees the title, the health board only the slot', async () => {
  const id = await schedule({ title: 'Restricted meeting', ...dayParts(13), start: '18:00', end: '20:00' });
  const r = await postForm(`${server.url}/meetings/${id}/items`, lead.cookie, {
    csrf: lead.csrf, title: 'Parkview Surgery performance', purpose: 'discussion', lead: '', duration: '20', restricted: '1',
  });
  assert.equal(r.status, 303);
  assert.match(await meetingPage(id), /Parkview Surgery performance/);
  assert.match(await meetingPage(id, member.cookie), /Parkview Surgery performance/);
  const hbPage = await meetingPage(id, hb.cookie);
  assert.doesNotMatch(hbPage, /Parkview Surgery performance/);
  const rows = agendaRows(hbPage);
  assert.equal(rows[5].title, 'Restricted item');
  assert.equal(rows[6].time, '19:00', 'the times still add up');
  const api = await apiMeeting(id, hb.cookie);
  assert.doesNotMatch(JSON.stringify(api), /Parkview/);
  assert.equal(api.agenda[5].title, 'restricted');

  // Every path to the item answers the health board as if it did not
  // exist: the edit form, its post, moving it, and the item's own forms.
  const itemId = (await meetingPage(id)).match(new RegExp(`href="/meetings/${id}/items/(\\d+)">Parkview`))[1];
  const base = `${server.url}/meetings/${id}/items/${itemId}`;
  assert.equal((await get(`${base}/edit`, hb.cookie)).status, 404);
  assert.equal((await get(base, hb.cookie)).status, 404);
  const posts = [
    ['edit', { title: 'Renamed by the health board', purpose: 'discussion', lead: '', duration: '20' }],
    ['move', { dir: 'up' }], ['decide', { decision: 'decline' }],
    ['minutes', { minutes: 'Written by the health board' }],
    ['declarations', { person: '1', interest: 'x', outcome: 'remained' }],
    ['decision', { text: 'Decided by the health board', vote_kind: 'none' }],
  ];
  for (const [path, fields] of posts) {
    const p = await postForm(`${base}/${path}`, hb.cookie, { csrf: hb.csrf, ...fields });
    assert.equal(p.status, 404, path);
  }
  const after = await meetingPage(id);
  assert.match(after, /Parkview Surgery performance/);
  assert.doesNotMatch(after, /health board/i);
  assert.equal(agendaRows(after)[5].title.startsWith('Parkview'), true, 'still in its place');
  // The cluster lead still can.
  assert.equal((await get(`${base}/edit`, lead.cookie)).status, 200);
});

test('in Welsh the meeting page says Agenda and Cworwm', async () => {
  const id = await schedule({ title: 'Cyfarfod clwstwr', ...dayParts(14), start: '18:00', end: '20:00' });
  const r = await get(`${server.url}/meetings/${id}`, `${lead.cookie}; cc_lang=cy`);
  assert.equal(r.status, 200);
  assert.match(r.body, /<html lang="cy">/);
  assert.match(r.body, /<h2 id="agenda-heading">Agenda<\/h2>/);
  assert.match(r.body, /<dt class="nhsuk-summary-list__key">Cworwm<\/dt>/);
  // Not started: the quorum it will need, in Welsh.
  assert.equal(quorumTag(r.body), null);
  assert.match(r.body, /id="quorum">5 o'r 9 aelod sy'n pleidleisio, gan gynnwys y cadeirydd neu'r dirprwy gadeirydd\.</);
  assert.match(r.body, /Gellir cofnodi presenoldeb o 18:00 ar /);
  assert.match(r.body, /Unrhyw fater arall/);
  assert.doesNotMatch(r.body, />Any other business</);
  assert.doesNotMatch(r.body, />Quorum</);
});

test('titles are escaped everywhere they are shown', async () => {
  const evil = '<script>alert(1)</script> & "quotes"';
  const id = await schedule({ title: evil, ...dayParts(15), start: '18:00', end: '20:00' });
  const html = await meetingPage(id);
  assert.doesNotMatch(html, /<script>alert\(1\)/);
  assert.equal(h1(html), '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  assert.match(html, /<title>&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/);
  const r = await postForm(`${server.url}/meetings/${id}/items`, lead.cookie, {
    csrf: lead.csrf, title: '<img src=x onerror=alert(2)>', purpose: 'information', lead: '', duration: '5',
  });
  assert.equal(r.status, 303);
  const after = await meetingPage(id);
  assert.doesNotMatch(after, /<img src=x/);
  assert.equal(agendaRows(after)[5].title, '&lt;img src=x onerror=alert(2)&gt;');
  const list = await get(`${server.url}${CSW}/meetings`, lead.cookie);
  assert.doesNotMatch(list.body, /<script>alert\(1\)/);
  assert.match(list.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  // A failed form shows the typed title escaped in its value.
  const bad = await postForm(`${server.url}${CSW}/meetings`, lead.cookie,
    meetingForm({ title: evil, ...dayParts(-1) }));
  assert.equal(bad.status, 400);
  assert.doesNotMatch(bad.body, /<script>alert\(1\)/);
  assert.equal(inputValue(bad.body, 'title'), '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  // The API gives the title back as it was typed.
  assert.equal((await apiMeeting(id)).title, evil);
  assert.equal((await apiMeeting(id)).agenda[5].title, '<img src=x onerror=alert(2)>');
});

test('a POST without the csrf token is refused and changes nothing', async () => {
  const id = await schedule({ title: 'CSRF meeting', ...dayParts(16), start: '18:00', end: '20:00' });
  const r = await postForm(`${server.url}/meetings/${id}/items`, lead.cookie,
    { title: 'Forged', purpose: 'information', lead: '', duration: '5' });
  assert.equal(r.status, 403);
  const s = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, { ...meetingForm({ title: 'Forged meeting', ...dayParts(17) }), csrf: 'x'.repeat(64) });
  assert.equal(s.status, 403);
  assert.doesNotMatch(await meetingPage(id), /Forged/);
});

test('the lead edits an item and a standing item: prefilled form, errors kept, 404 for another board', async () => {
  const id = await schedule({ title: 'Edit meeting', ...dayParts(23), start: '18:00', end: '19:00' });
  const add = await postForm(`${server.url}/meetings/${id}/items`, lead.cookie, {
    csrf: lead.csrf, title: 'Estates update', purpose: 'information', lead: '', duration: '10',
  });
  assert.equal(add.status, 303);
  let html = await meetingPage(id);
  let rows = agendaRows(html);
  const item = rows[5];
  assert.equal(item.title, 'Estates update');
  assert.match(html, new RegExp(`<a href="/meetings/${id}/items/${item.id}/edit">Edit<span class="nhsuk-u-visually-hidden"> Estates update</span></a>`));
  // Readers who may not write get no edit link.
  assert.doesNotMatch(await meetingPage(id, member.cookie), /\/edit"/);

  // The form comes prefilled and posts back to itself.
  const form = await get(`${server.url}/meetings/${id}/items/${item.id}/edit`, lead.cookie);
  assert.equal(form.status, 200);
  assert.equal(h1(form.body), 'Edit agenda item');
  assert.match(form.body, new RegExp(`<form method="post" action="/meetings/${id}/items/${item.id}/edit" novalidate>`));
  assert.equal(inputValue(form.body, 'title'), 'Estates update');
  assert.equal(inputValue(form.body, 'duration'), '10');
  assert.match(form.body, /name="purpose" type="radio" value="information" checked/);

  // Bad input: 400, errors next to the fields, what was typed kept, nothing changed.
  const bad = await postForm(`${server.url}/meetings/${id}/items/${item.id}/edit`, lead.cookie, {
    csrf: lead.csrf, title: 'Typed title', purpose: 'decision', lead: '999999', duration: '481',
  });
  assert.equal(bad.status, 400);
  assert.equal(fieldError(bad.body, 'lead'), 'The lead must be a member of the cluster on the day: choose someone from the list');
  assert.ok(fieldError(bad.body, 'duration'), 'an error on the duration');
  assert.equal(inputValue(bad.body, 'title'), 'Typed title');
  assert.equal(inputValue(bad.body, 'duration'), '481');
  assert.match(bad.body, /name="purpose" type="radio" value="decision" checked/);
  assert.equal(agendaRows(await meetingPage(id))[5].title, 'Estates update');

  // A good edit: 303 to the agenda, and the times follow the new duration.
  const rhodri = attendees(html).find(a => a.name === 'Dr Rhodri Evans');
  const ok = await postForm(`${server.url}/meetings/${id}/items/${item.id}/edit`, lead.cookie, {
    csrf: lead.csrf, title: 'Estates and premises', purpose: 'decision', lead: String(rhodri.id), duration: '20',
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/meetings/${id}#agenda`);
  html = await meetingPage(id);
  rows = agendaRows(html);
  assert.equal(rows[5].title, 'Estates and premises');
  assert.equal(rows[5].minutes, 20);
  assert.equal(rows[6].time, '19:00');
  assert.match(bodyRows(plainCells(tableById(html, 'agenda')))[5], /<td class="nhsuk-table__cell">Dr Rhodri Evans<\/td><td class="nhsuk-table__cell">For decision<\/td>/);

  // A standing item's title may be changed, and then shows as typed.
  const minutes = rows[3];
  assert.equal(minutes.title, STANDING[3]);
  const st = await postForm(`${server.url}/meetings/${id}/items/${minutes.id}/edit`, lead.cookie, {
    csrf: lead.csrf, title: 'Minutes of the September meeting', purpose: 'decision', lead: '', duration: '10',
  });
  assert.equal(st.status, 303);
  assert.equal(agendaRows(await meetingPage(id))[3].title, 'Minutes of the September meeting');

  // Another board, another cluster's lead and a member: 404 on the form and the POST.
  for (const who of [hbOther, afanLead, member]) {
    assert.equal((await get(`${server.url}/meetings/${id}/items/${item.id}/edit`, who.cookie)).status, 404);
    const r = await postForm(`${server.url}/meetings/${id}/items/${item.id}/edit`, who.cookie, {
      csrf: who.csrf, title: 'Sneaky', purpose: 'decision', lead: '', duration: '10',
    });
    assert.equal(r.status, 404);
  }
  // An item of another meeting is not found under this one.
  const other = await schedule({ title: 'Other edit meeting', ...dayParts(24), start: '18:00', end: '19:00' });
  assert.equal((await get(`${server.url}/meetings/${other}/items/${item.id}/edit`, lead.cookie)).status, 404);
  assert.doesNotMatch(await meetingPage(id), /Sneaky/);
});
