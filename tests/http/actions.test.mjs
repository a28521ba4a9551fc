// The action log over HTTP: raising an action (validation with the typed
// values kept, CSRF), updating it with a dated progress note, who may see
// and change what, the cluster's log with filters and keyset pages, "my
// actions", the CSV and Excel downloads (the Excel one opened by
// LibreOffice), the JSON API with its pages, and the command line export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, cli, h1, tableById, bodyRows, assertNoSanitizerReport, plainCells, sql as dbRun } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
let server, lead, member, afanLead, hb, admin, dir;
const TESTERS = ['Tester Filters', 'Tester Pages', 'Tester Mine', 'Tester CSV', 'Tester Excel', 'Tester API'];
let people = {};          // name -> person id, current members of Cardiff South West
let afanPeople = {};

function options(html) {
  const sel = html.match(/<select class="nhsuk-select[^"]*" id="lead"[\s\S]*?<\/select>/)?.[0] ?? '';
  return Object.fromEntries([...sel.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map(m => [m[2], m[1]]));
}

before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'cc-actions-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
  // People who lead only the actions these tests raise (the demo data has
  // actions of its own, led by the demo people).
  for (const name of TESTERS) {
    const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, {
      csrf: lead.csrf, name, email: '', job_title: '', organisation: '', role: 'other_member',
      core: 'attendance', voting: 'no', valid_from: '2024-04-01', valid_to: '',
    });
    assert.equal(r.status, 303, `adding ${name}: ${r.status}`);
  }
  people = options((await get(`${server.url}${CSW}/actions/new`, lead.cookie)).body);
  afanPeople = options((await get(`${server.url}/units/afan/actions/new`, afanLead.cookie)).body);
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const form = (over = {}) => ({
  csrf: lead.csrf,
  description: 'Send the winter pressures plan to every practice',
  lead: people['Dr Rhodri Evans'],
  'due-day': '31', 'due-month': '12', 'due-year': '2030',
  meeting: '0',
  ...over,
});

// Raise an action as the lead; returns its id.
async function raise(over = {}, who = lead, unit = CSW) {
  const r = await postForm(`${server.url}${unit}/actions/new`, who.cookie, { ...form(over), csrf: who.csrf });
  assert.equal(r.status, 303, `raise: ${r.status} ${JSON.stringify(summaryMessages(r.body))}`);
  const m = r.headers.get('location').match(/^\/units\/[a-z0-9-]+\/actions#action-(\d+)$/);
  assert.ok(m, r.headers.get('location'));
  return Number(m[1]);
}

function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  if (!m) return [];
  return [...m[0].matchAll(/<li><a href="#([^"]*)">([^<]*)<\/a><\/li>/g)].map(x => [x[1], x[2]]);
}
const fieldError = (html, name) => { const m = html.match(new RegExp(`<span class="nhsuk-error-message" id="${name}-error">[\\s\\S]*?</span> ([^<]*)</span>`)); return m && unescape(m[1]); };
const inputValue = (html, name) => html.match(new RegExp(`<input [^>]*name="${name}" [^>]*value="([^"]*)"`))?.[1];
const textarea = (html, name) => html.match(new RegExp(`<textarea [^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`))?.[1];
const cells = row => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(m => m[1]);
const unescape = h => h.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const text = h => unescape(h.replace(/<br>/g, '\n').replace(/<[^>]*>/g, '')).trim();

async function logPage(query = '', cookie = lead.cookie, unit = CSW) {
  const r = await get(`${server.url}${unit}/actions${query}`, cookie);
  assert.equal(r.status, 200, `${unit}/actions${query}: ${r.status}`);
  return r.body;
}
async function logRows(query = '', cookie = lead.cookie) {
  const body = await logPage(query, cookie);
  return bodyRows(plainCells(tableById(body, 'actions')) ?? '');
}
// Every row of a paginated list, following its Next links.
async function allRows(path, cookie = lead.cookie) {
  const rows = [];
  let url = path;
  for (let n = 0; url && n < 100; n++) {
    const r = await get(`${server.url}${url}`, cookie);
    assert.equal(r.status, 200, url);
    rows.push(...bodyRows(plainCells(tableById(r.body, 'actions')) ?? ''));
    url = r.body.match(/href="([^"]*)" rel="next" id="next-page"/)?.[1].replace(/&amp;/g, '&');
  }
  return rows;
}
const idOf = row => Number(row.match(/id="action-(\d+)"/)[1]);
// The row of action id in the log (all statuses unless a query is given).
async function rowOf(id, query = '?status=all', cookie = lead.cookie) {
  return (await allRows(`${CSW}/actions${query}`, cookie)).find(x => x.includes(`id="action-${id}"`));
}

async function api(path, cookie = lead.cookie) {
  const r = await get(`${server.url}${path}`, cookie);
  let json = null;
  try { json = JSON.parse(r.body); } catch { /* checked by callers */ }
  return { ...r, json };
}

// Every action of the cluster through the API, following next.
async function apiAll(query = '') {
  const all = [];
  let path = `/api/v1/units/cardiff-south-west/actions?limit=100${query}`;
  for (let n = 0; path && n < 100; n++) { const r = await api(path); assert.equal(r.status, 200); all.push(...r.json.actions); path = r.json.next; }
  return all;
}

// Convert a workbook with LibreOffice (a real reader) and return the output.
function libreoffice(file, to, ext) {
  const out = mkdtempSync(join(dir, 'lo-'));
  const r = spawnSync('libreoffice', [`-env:UserInstallation=file://${out}/profile`, '--headless',
    '--convert-to', to, '--outdir', out, file], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `libreoffice: ${r.stderr}`);
  const name = readdirSync(out).find(f => f.endsWith(`.${ext}`));
  assert.ok(name, `libreoffice wrote no .${ext}: ${r.stdout} ${r.stderr}`);
  return readFileSync(join(out, name), 'utf8');
}
// RFC 4180 parser, for checking what we and LibreOffice write.
function parseCsv(s) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const HEADER = ['Action Ref', 'Meeting Date', 'Action', 'Lead', 'Status', 'Progress', 'Due'];

// ---- raising an action ------------------------------------------------------

test('the cluster page links to the action log, the home page to "My actions"', async () => {
  const unit = await get(`${server.url}${CSW}`, lead.cookie);
  assert.match(unit.body, /<a href="\/units\/cardiff-south-west\/actions">Action log<\/a>/);
  const home = await get(`${server.url}/`, lead.cookie);
  assert.match(home.body, /<a href="\/actions\/mine">My actions<\/a>/);
});

test('the new-action form: csrf, a select of current members only, an NHS date input', async () => {
  const r = await get(`${server.url}${CSW}/actions/new`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Add an action');
  assert.match(r.body, /<form method="post" action="\/units\/cardiff-south-west\/actions\/new" novalidate>/);
  assert.equal(inputValue(r.body, 'csrf'), lead.csrf);
  assert.ok(people['Dr Alys Morgan'] && people['Dr Rhodri Evans'] && people['Elin Jenkins'], JSON.stringify(people));
  assert.ok(Object.keys(people).length >= 12 + TESTERS.length);
  for (const part of ['day', 'month', 'year']) assert.match(r.body, new RegExp(`name="due-${part}"`));
  assert.match(r.body, /<textarea class="nhsuk-textarea" id="description" name="description"/);
  // Afan's people are other people.
  const ours = new Set(Object.values(people));
  assert.ok(Object.values(afanPeople).length > 0);
  assert.ok(Object.values(afanPeople).every(id => !ours.has(id)));
});

test('a valid action is saved with the next reference and listed with the seed\'s columns', async () => {
  const id = await raise({ description: 'Agree the <b>flu</b> clinic rota & "cover"' });
  const page = await logPage('?status=all');
  assert.equal(h1(page), 'Action log');
  const table = plainCells(tableById(page, 'actions'));
  const head = [...table.matchAll(/<th scope="col" class="nhsuk-table__header">([^<]*)<\/th>/g)].map(m => m[1]);
  assert.deepEqual(head, HEADER);
  const row = await rowOf(id);
  assert.ok(row, 'the new action is listed');
  const c = cells(row).map(text);
  assert.match(c[0], /^CSW-\d{3}$/);
  assert.equal(c[2], 'Agree the <b>flu</b> clinic rota & "cover"');     // escaped, not markup
  assert.match(row, /Agree the &lt;b&gt;flu&lt;\/b&gt; clinic rota &amp; &quot;cover&quot;/);
  assert.equal(c[3], 'Dr Rhodri Evans');
  assert.equal(c[4], 'Open');
  assert.match(row, /<strong class="nhsuk-tag nhsuk-tag--blue">Open<\/strong>/);
  assert.equal(c[5], '');
  assert.equal(c[6], '31 Dec 2030');
  assert.doesNotMatch(row, /Overdue/);
  // References count up per cluster.
  const id2 = await raise({ description: 'Second' });
  const ref1 = Number(c[0].slice(4)), ref2 = Number(cells(await rowOf(id2)).map(text)[0].slice(4));
  assert.equal(ref2, ref1 + 1);
  const afanId = await raise({ description: 'Afan action', lead: Object.values(afanPeople)[0] }, afanLead, '/units/afan');
  const afanRow = (await allRows('/units/afan/actions?status=all', afanLead.cookie)).find(r => idOf(r) === afanId);
  assert.match(cells(afanRow).map(text)[0], /^A-\d{3}$/);
});

test('bad input is 400 with each message next to its field and everything typed kept', async () => {
  const before = (await apiAll()).length;
  const r = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie,
    form({ description: '', lead: '', 'due-day': '31', 'due-month': '2', 'due-year': '2026' }));
  assert.equal(r.status, 400);
  assert.match(r.body, /<title>Error: Add an action/);
  const msgs = Object.fromEntries(summaryMessages(r.body).map(([, m]) => [unescape(m), true]));
  assert.ok(msgs['Enter the action: what needs to be done']);
  assert.ok(msgs['Select who will lead the action']);
  assert.ok(msgs['Enter a real date, for example 1 4 2026']);
  assert.equal(fieldError(r.body, 'description'), 'Enter the action: what needs to be done');
  assert.equal(fieldError(r.body, 'lead'), 'Select who will lead the action');
  assert.equal(fieldError(r.body, 'due'), 'Enter a real date, for example 1 4 2026');
  assert.match(r.body, /<textarea class="nhsuk-textarea nhsuk-textarea--error" id="description"/);
  assert.equal(inputValue(r.body, 'due-day'), '31');
  assert.equal(inputValue(r.body, 'due-month'), '2');
  assert.equal(inputValue(r.body, 'due-year'), '2026');

  // Typed text is kept (escaped) when another field is wrong.
  const typed = 'Keep <this> & "that"\nsecond line';
  const r2 = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie, form({ description: typed, 'due-day': 'x' }));
  assert.equal(r2.status, 400);
  assert.equal(textarea(r2.body, 'description'), 'Keep &lt;this&gt; &amp; &quot;that&quot;\nsecond line');
  assert.match(r2.body, new RegExp(`<option value="${people['Dr Rhodri Evans']}" selected>Dr Rhodri Evans</option>`));
  assert.equal(inputValue(r2.body, 'due-day'), 'x');

  // Too long; a lead from another cluster; a meeting that is not one of ours.
  const r3 = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie,
    form({ description: 'x'.repeat(1001), lead: Object.values(afanPeople)[0], meeting: 'abc' }));
  assert.equal(r3.status, 400);
  assert.equal(fieldError(r3.body, 'description'), 'The action must be 1,000 characters or fewer');
  assert.equal(fieldError(r3.body, 'lead'), 'The lead must be a member of the cluster on the day: choose someone from the list');
  assert.equal(fieldError(r3.body, 'meeting'), "Select one of this cluster's meetings, or none");
  assert.equal(textarea(r3.body, 'description'), 'x'.repeat(1001));

  const after = (await apiAll()).length;
  assert.equal(after, before, 'nothing was saved');
});

test('without the csrf token, or with another session\'s, it is 403 and nothing is saved', async () => {
  const { csrf, ...noToken } = form({ description: 'Forged without token' });
  assert.ok(csrf);
  let r = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie, noToken);
  assert.equal(r.status, 403);
  r = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie, form({ description: 'Forged other token', csrf: hb.csrf }));
  assert.equal(r.status, 403);
  const id = await raise({ description: 'Target of a forged update' });
  r = await postForm(`${server.url}/actions/${id}`, lead.cookie, { status: 'done', note: 'Forged note' });
  assert.equal(r.status, 403);
  r = await postForm(`${server.url}${CSW}/actions/new`, null, form({ description: 'Forged signed out' }));
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login\?next=/);
  assert.ok(!(await apiAll()).some(a => /Forged/.test(a.action)), 'nothing forged was saved');
  const detail = await get(`${server.url}/actions/${id}`, lead.cookie);
  assert.doesNotMatch(detail.body, /Forged note/);
});

test('an action raised at a meeting shows its date, and is in that meeting\'s JSON', async () => {
  // A meeting of the cluster, written straight into the database (the
  // meeting pages are tested in their own file).
  const sql = "INSERT INTO meeting(unit_id,title,starts_at,ends_at,created_at,updated_at)"
    + " SELECT id,'Action test meeting','2025-03-04T10:00','2025-03-04T12:00',0,0 FROM unit WHERE slug='cardiff-south-west' RETURNING id";
  const meetingId = Number(dbRun(server, sql));
  assert.ok(meetingId > 0);
  const page = await get(`${server.url}${CSW}/actions/new?meeting=${meetingId}`, lead.cookie);
  assert.match(page.body, new RegExp(`<option value="${meetingId}" selected>4 March 2025 – Action test meeting</option>`));
  const id = await raise({ description: 'Raised at the March meeting', meeting: String(meetingId) });
  const c = cells(await rowOf(id)).map(text);
  assert.equal(c[1], '4 Mar 2025');
  const detail = await get(`${server.url}/actions/${id}`, lead.cookie);
  assert.match(detail.body, new RegExp(`<a href="/meetings/${meetingId}">4 March 2025</a>`));
  const a = (await apiAll()).find(x => x.id === id);
  assert.equal(a.meeting_date, '2025-03-04');
  const m = await api(`/api/v1/meetings/${meetingId}`);
  assert.equal(m.status, 200, m.body);
  assert.deepEqual(m.json.actions.map(x => x.ref), [a.ref]);
  assert.equal(m.json.actions[0].action, 'Raised at the March meeting');
  // Afan's meeting is not one of Cardiff South West's.
  const afanMeeting = Number(dbRun(server, sql.replace("'cardiff-south-west'", "'afan'")));
  const r = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie, form({ meeting: String(afanMeeting) }));
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'meeting'), "Select one of this cluster's meetings, or none");
});

// ---- updating ---------------------------------------------------------------

test('an update changes the status and due date and adds a dated note, shown in the log', async () => {
  const id = await raise({ description: 'Book the venue for the AGM' });
  let r = await get(`${server.url}/actions/${id}`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(h1(r.body), /^Action CSW-\d{3}$/);
  assert.match(r.body, /No progress has been noted yet\./);
  assert.match(r.body, new RegExp(`<form method="post" action="/actions/${id}" novalidate>`));
  assert.match(r.body, /name="status" type="radio" value="open" checked/);

  r = await postForm(`${server.url}/actions/${id}`, lead.cookie, {
    csrf: lead.csrf, status: 'in_progress', note: 'Asked three venues\nfor quotes', 'due-day': '15', 'due-month': '1', 'due-year': '2031',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/actions/${id}`);
  r = await postForm(`${server.url}/actions/${id}`, lead.cookie, {
    csrf: lead.csrf, status: 'done', note: 'Booked the church hall', 'due-day': '15', 'due-month': '1', 'due-year': '2031',
  });
  assert.equal(r.status, 303);
  const detail = await get(`${server.url}/actions/${id}`, lead.cookie);
  const progress = bodyRows(tableById(detail.body, 'progress'));
  assert.equal(progress.length, 2);
  const [on, note, by] = cells(progress[0]).map(text);
  assert.match(on, /^\d{1,2} [A-Z][a-z]+ \d{4}$/);
  assert.equal(note, 'Asked three venues\nfor quotes');
  assert.equal(by, 'Dr Alys Morgan');
  assert.match(detail.body, /name="status" type="radio" value="done" checked/);
  const c = cells(await rowOf(id)).map(text);
  assert.equal(c[4], 'Done');
  assert.match(c[5], /^Booked the church hall\n\d{1,2} [A-Z][a-z]+ \d{4}$/);
  assert.equal(c[6], '15 Jan 2031');
  // And the audit log has it, with the values before and after.
  const audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.match(audit.body, new RegExp(`action ${id}`));
});

test('a bad update is 400 with the messages and the typed note kept; nothing changes', async () => {
  const id = await raise({ description: 'Check the rota' });
  const r = await postForm(`${server.url}/actions/${id}`, lead.cookie, {
    csrf: lead.csrf, status: 'finished', note: 'Typed <note>', 'due-day': '40', 'due-month': '1', 'due-year': '2031',
  });
  assert.equal(r.status, 400);
  assert.match(r.body, /<title>Error: /);
  assert.equal(fieldError(r.body, 'status'), 'Select the status of the action');
  assert.equal(fieldError(r.body, 'due'), 'Enter a real date, for example 1 4 2026');
  assert.equal(textarea(r.body, 'note'), 'Typed &lt;note&gt;');
  assert.equal(inputValue(r.body, 'due-day'), '40');
  const detail = await get(`${server.url}/actions/${id}`, lead.cookie);
  assert.match(detail.body, /No progress has been noted yet\./);
  assert.match(detail.body, /name="status" type="radio" value="open" checked/);
});

// ---- who may see and change --------------------------------------------------

test('another cluster\'s lead gets 404 for every page, download and write of the action log', async () => {
  const id = await raise({ description: 'Not for Afan' });
  const missing = await get(`${server.url}/units/no-such-cluster/actions`, afanLead.cookie);
  for (const path of [`${CSW}/actions`, `${CSW}/actions/new`, `${CSW}/actions.csv`, `${CSW}/actions.xlsx`, `/actions/${id}`]) {
    const r = await get(`${server.url}${path}`, afanLead.cookie);
    assert.equal(r.status, 404, path);
    assert.equal(h1(r.body), h1(missing.body));
    assert.doesNotMatch(r.body, /Not for Afan/);
  }
  let r = await postForm(`${server.url}/actions/${id}`, afanLead.cookie, { csrf: afanLead.csrf, status: 'done', note: 'From Afan' });
  assert.equal(r.status, 404);
  r = await postForm(`${server.url}${CSW}/actions/new`, afanLead.cookie, { ...form({ description: 'From Afan' }), csrf: afanLead.csrf });
  assert.equal(r.status, 404);
  const a = await api('/api/v1/units/cardiff-south-west/actions', afanLead.cookie);
  const b = await api('/api/v1/units/no-such-cluster/actions', afanLead.cookie);
  assert.equal(a.status, 404);
  assert.equal(a.body, b.body);
  assert.ok(!(await apiAll()).some(a => /From Afan/.test(a.action)));
  assert.doesNotMatch((await get(`${server.url}/actions/${id}`, lead.cookie)).body, /From Afan/);
});

test('a member reads the log and an action but may not raise or change one', async () => {
  const id = await raise({ description: 'Members may read this' });
  assert.ok(await rowOf(id, '?status=open', member.cookie));
  const page = await logPage('', member.cookie);
  assert.doesNotMatch(page, /href="\/units\/cardiff-south-west\/actions\/new"/);
  const detail = await get(`${server.url}/actions/${id}`, member.cookie);
  assert.equal(detail.status, 200);
  assert.doesNotMatch(detail.body, /<form method="post" action="\/actions\//);
  assert.equal((await get(`${server.url}${CSW}/actions/new`, member.cookie)).status, 404);
  const r = await postForm(`${server.url}/actions/${id}`, member.cookie, { csrf: member.csrf, status: 'done', note: 'by a member' });
  assert.equal(r.status, 404);
  // The health board may change its clusters' actions.
  const r2 = await postForm(`${server.url}/actions/${id}`, hb.cookie, { csrf: hb.csrf, status: 'in_progress', note: 'Board note' });
  assert.equal(r2.status, 303);
});

// ---- the log: overdue, filters, pages ----------------------------------------

test('open actions by default; overdue ones marked and filtered; status and lead filters keep to their rows', async () => {
  const who = people['Tester Filters'];
  const late = await raise({ description: 'Late one', lead: who, 'due-day': '1', 'due-month': '1', 'due-year': '2025' });
  const lateDone = await raise({ description: 'Late but done', lead: who, 'due-day': '1', 'due-month': '1', 'due-year': '2025' });
  const onTime = await raise({ description: 'On time', lead: who });
  const going = await raise({ description: 'Going', lead: who });
  let r = await postForm(`${server.url}/actions/${lateDone}`, lead.cookie, { csrf: lead.csrf, status: 'done', note: '', 'due-day': '1', 'due-month': '1', 'due-year': '2025' });
  assert.equal(r.status, 303);
  r = await postForm(`${server.url}/actions/${going}`, lead.cookie, { csrf: lead.csrf, status: 'in_progress', note: '', 'due-day': '31', 'due-month': '12', 'due-year': '2030' });
  assert.equal(r.status, 303);
  const lateRow = await rowOf(late);
  assert.match(lateRow, /class="nhsuk-table__row cc-overdue"/);
  assert.match(lateRow, /<strong class="nhsuk-tag nhsuk-tag--red">Overdue<\/strong>/);
  assert.doesNotMatch(await rowOf(lateDone), /Overdue/);
  assert.doesNotMatch(await rowOf(onTime), /Overdue/);

  const ids = async q => (await allRows(`${CSW}/actions${q}`)).map(idOf);
  assert.deepEqual(await ids(`?status=all&lead=${who}`), [late, lateDone, onTime, going]);
  assert.deepEqual(await ids(`?lead=${who}`), [late, onTime, going], 'open or in progress by default');
  assert.deepEqual(await ids(`?status=open&lead=${who}`), [late, onTime, going]);
  assert.deepEqual(await ids(`?status=in_progress&lead=${who}`), [going]);
  assert.deepEqual(await ids(`?status=done&lead=${who}`), [lateDone]);
  assert.deepEqual(await ids(`?status=cancelled&lead=${who}`), []);
  assert.deepEqual(await ids(`?overdue=1&lead=${who}`), [late]);
  assert.deepEqual(await ids(`?status=all&overdue=1&lead=${who}`), [late]);
  // Across the whole cluster: only overdue rows, ours among them.
  const overdue = await allRows(`${CSW}/actions?overdue=1`);
  assert.ok(overdue.every(x => x.includes('cc-overdue')), 'only overdue rows');
  assert.ok(overdue.some(x => idOf(x) === late));
  // By default the open ones: every row open or in progress.
  const open = await allRows(`${CSW}/actions`);
  assert.ok(open.length > 0);
  assert.ok(open.every(x => /nhsuk-tag--(blue|yellow)">/.test(x)), 'only open or in progress');
  // The filter form shows what is chosen.
  let page = await logPage(`?status=done&lead=${who}&overdue=1`);
  assert.match(page, /<form method="get" action="\/units\/cardiff-south-west\/actions"/);
  assert.match(page, /<option value="done" selected>/);
  assert.match(page, new RegExp(`<option value="${who}" selected>Tester Filters</option>`));
  assert.match(page, /id="overdue" name="overdue" type="checkbox" value="1" checked/);
  page = await logPage('');
  assert.match(page, /<option value="open" selected>Open or in progress<\/option>/);
  // Nonsense is refused, not guessed at.
  assert.equal((await get(`${server.url}${CSW}/actions?status=closed`, lead.cookie)).status, 400);
  assert.equal((await get(`${server.url}${CSW}/actions?after=abc`, lead.cookie)).status, 400);
});

test('pages of 25 with a Next link that keeps the filters; every action appears exactly once', async () => {
  const who = people['Tester Pages'];
  const ids = [];
  for (let i = 0; i < 27; i++) ids.push(await raise({ description: `Paged action ${i}`, lead: who }));
  const first = await logPage(`?status=all&lead=${who}`);
  const rows1 = bodyRows(plainCells(tableById(first, 'actions')));
  assert.equal(rows1.length, 25);
  const next = first.match(/href="([^"]*)" rel="next" id="next-page"/)?.[1].replace(/&amp;/g, '&');
  assert.equal(next, `/units/cardiff-south-west/actions?status=all&lead=${who}&after=${ids[24]}`);
  assert.doesNotMatch(first, /First page/);
  const second = await get(`${server.url}${next}`, lead.cookie);
  const rows2 = bodyRows(plainCells(tableById(second.body, 'actions')));
  assert.equal(rows2.length, 2);
  assert.doesNotMatch(second.body, /id="next-page"/);
  assert.match(second.body, new RegExp(`href="/units/cardiff-south-west/actions\\?status=all&amp;lead=${who}" rel="prev"><span class="nhsuk-pagination__title">First page`));
  assert.deepEqual([...rows1, ...rows2].map(idOf), ids);
  // Exactly 25: no Next.
  const exact = await allRows(`${CSW}/actions?status=all&lead=${who}&after=${ids[1]}`);
  assert.equal(exact.length, 25);

  // The whole log, every page: each action once, in id order, the same as the API's.
  const seen = (await allRows(`${CSW}/actions?status=all`)).map(idOf);
  assert.equal(new Set(seen).size, seen.length, 'no action twice');
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'in id order');
  assert.deepEqual(seen, (await apiAll()).map(a => a.id));
  // And the open ones, against the API's open ones.
  const open = (await allRows(`${CSW}/actions?status=open`)).map(idOf);
  assert.deepEqual(open, (await apiAll('&status=open')).map(a => a.id));
});

test('"My actions" lists the actions the signed-in person leads, in every cluster they can see', async () => {
  const alys = people['Dr Alys Morgan'];           // the lead's own person (demo data links them)
  const a1 = await raise({ description: 'Alys to write to the health board', lead: alys, 'due-day': '2', 'due-month': '1', 'due-year': '2025' });
  const a2 = await raise({ description: 'Alys to chair the AGM', lead: alys });
  const a3 = await raise({ description: 'Alys: done already', lead: alys });
  const other = await raise({ description: 'Not Alys', lead: people['Tester Mine'] });
  await postForm(`${server.url}/actions/${a3}`, lead.cookie, { csrf: lead.csrf, status: 'done', note: '', 'due-day': '31', 'due-month': '12', 'due-year': '2030' });
  const r = await get(`${server.url}/actions/mine`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'My actions');
  const rows = await allRows('/actions/mine');
  const ids = rows.map(idOf);
  assert.ok(ids.includes(a1) && ids.includes(a2));
  assert.ok(!ids.includes(a3), 'open ones by default');
  assert.ok(!ids.includes(other));
  assert.ok((await allRows('/actions/mine?status=all')).map(idOf).includes(a3));
  const all = await apiAll('&status=open');
  assert.ok(rows.every(x => all.find(a => a.id === idOf(x))?.lead === 'Dr Alys Morgan'), 'every row led by Alys');
  const row = rows.find(x => idOf(x) === a1);
  assert.match(row, /<a href="\/units\/cardiff-south-west\/actions">Cardiff South West<\/a>/);
  assert.match(row, /Overdue/);
  const overdue = await allRows('/actions/mine?overdue=1');
  assert.ok(overdue.every(x => x.includes('cc-overdue')));
  assert.ok(overdue.some(x => idOf(x) === a1));
  assert.ok(!overdue.some(x => idOf(x) === a2));
  // A user who is no person in a cluster is told why the list is empty.
  const h = await get(`${server.url}/actions/mine`, hb.cookie);
  assert.equal(h.status, 200);
  assert.match(h.body, /Your account is not linked to a member of any cluster/);
});

// ---- downloads ---------------------------------------------------------------

test('CSV: RFC 4180 with the seed\'s header row, formula cells defused, filters applied', async () => {
  const nasty = await raise({ description: '=HYPERLINK("http://evil.example","click"), then more', lead: people['Tester CSV'] });
  await raise({ description: '@SUM(1+1)', lead: people['Tester CSV'] });
  await raise({ description: 'Line one\nline two', lead: people['Tester CSV'], 'due-day': '', 'due-month': '', 'due-year': '' });
  await postForm(`${server.url}/actions/${nasty}`, lead.cookie, { csrf: lead.csrf, status: 'in_progress', note: '-1 practices replied', 'due-day': '31', 'due-month': '12', 'due-year': '2030' });
  const res = await fetch(`${server.url}${CSW}/actions.csv?lead=${people['Tester CSV']}`, { headers: { Cookie: lead.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="cardiff-south-west-actions-\d{4}-\d{2}-\d{2}\.csv"$/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark for Excel');
  const s = bytes.subarray(3).toString('utf8');
  assert.ok(s.endsWith('\r\n'));
  assert.doesNotMatch(s.replace(/"[^"]*(?:""[^"]*)*"/g, ''), /[^\r]\n/, 'records end with CRLF');
  const rows = parseCsv(s);
  assert.deepEqual(rows[0], HEADER);
  assert.equal(rows.length, 4);
  for (const r of rows) assert.equal(r.length, 7);
  assert.equal(rows[1][2], '\'=HYPERLINK("http://evil.example","click"), then more');
  assert.equal(rows[1][3], 'Tester CSV');
  assert.equal(rows[1][4], 'In progress');
  assert.match(rows[1][5], /^\d{4}-\d{2}-\d{2}: -1 practices replied$/);
  assert.equal(rows[1][6], '2030-12-31');
  assert.equal(rows[2][2], '\'@SUM(1+1)');
  assert.equal(rows[3][2], 'Line one\nline two');
  assert.equal(rows[3][6], '');
  assert.match(s, /"'=HYPERLINK\(""http:\/\/evil.example"",""click""\), then more"/);
  // The page links to both downloads with its filters.
  const page = await logPage(`?status=open&lead=${people['Tester CSV']}`);
  assert.match(page, new RegExp(`href="/units/cardiff-south-west/actions.csv\\?status=open&amp;lead=${people['Tester CSV']}"`));
  assert.match(page, new RegExp(`href="/units/cardiff-south-west/actions.xlsx\\?status=open&amp;lead=${people['Tester CSV']}"`));
});

test('Excel: LibreOffice opens it; bold header, the cells, real dates, column widths', async () => {
  const gareth = people['Tester Excel'];
  const id = await raise({ description: 'Audit the "district nursing" caseload, by practice', lead: gareth, 'due-day': '1', 'due-month': '3', 'due-year': '2031' });
  await raise({ description: '=1+1', lead: gareth, 'due-day': '', 'due-month': '', 'due-year': '' });
  await postForm(`${server.url}/actions/${id}`, lead.cookie, { csrf: lead.csrf, status: 'in_progress', note: 'Half done', 'due-day': '1', 'due-month': '3', 'due-year': '2031' });
  const res = await fetch(`${server.url}${CSW}/actions.xlsx?lead=${gareth}`, { headers: { Cookie: lead.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="cardiff-south-west-actions-\d{4}-\d{2}-\d{2}\.xlsx"$/);
  const file = join(dir, 'actions.xlsx');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));

  // Cells as shown (English locale): dates in the workbook's date format.
  const shown = parseCsv(libreoffice(file, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false', 'csv'));
  assert.deepEqual(shown[0], HEADER);
  assert.equal(shown.length, 3);
  assert.match(shown[1][0], /^CSW-\d{3}$/);
  assert.equal(shown[1][1], '');
  assert.equal(shown[1][2], 'Audit the "district nursing" caseload, by practice');
  assert.equal(shown[1][3], 'Tester Excel');
  assert.equal(shown[1][4], 'In progress');
  assert.match(shown[1][5], /^\d{4}-\d{2}-\d{2}: Half done$/);
  assert.equal(shown[1][6], '1 Mar 2031');
  assert.equal(shown[2][2], '=1+1', 'a text cell, never a formula');
  assert.equal(shown[2][6], '');
  // As HTML: the header is bold, the due date is a number with a date format, widths are set.
  const html = libreoffice(file, 'html', 'html');
  for (const h of HEADER) assert.match(html, new RegExp(`<b><font[^>]*>${h}</font></b>`));
  assert.match(html, /sdval="47908" sdnum="[0-9]+;0;D MMM YYYY"/, '1 March 2031 is Excel day 47908');
  const widths = [...html.matchAll(/<colgroup width="(\d+)"/g)].map(m => Number(m[1]));
  assert.equal(widths.length, 7);
  assert.ok(widths[2] > 3 * widths[0], `the Action column is wide: ${widths}`);
  assert.ok(widths[5] > 3 * widths[0], `the Progress column is wide: ${widths}`);
});

// ---- the API -----------------------------------------------------------------

test('GET /api/v1/units/{slug}/actions: the stable keys, keyset pages, limit up to 100', async () => {
  const id = await raise({ description: 'API action', lead: people['Tester API'], 'due-day': '1', 'due-month': '1', 'due-year': '2025' });
  await postForm(`${server.url}/actions/${id}`, lead.cookie, { csrf: lead.csrf, status: 'in_progress', note: 'API note', 'due-day': '1', 'due-month': '1', 'due-year': '2025' });
  const r = await api('/api/v1/units/cardiff-south-west/actions?limit=100');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const a = (await apiAll()).find(x => x.id === id);
  assert.ok(a);
  for (const k of ['ref', 'meeting_date', 'action', 'lead', 'status', 'progress', 'due']) assert.ok(k in a, k);
  assert.match(a.ref, /^CSW-\d{3}$/);
  assert.equal(a.meeting_date, null);
  assert.equal(a.action, 'API action');
  assert.equal(a.lead, 'Tester API');
  assert.equal(a.status, 'in_progress');
  assert.equal(a.progress.note, 'API note');
  assert.match(a.progress.on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(a.due, '2025-01-01');
  assert.equal(a.overdue, true);
  for (const x of r.json.actions) assert.ok(['open', 'in_progress', 'done', 'cancelled'].includes(x.status));

  // Pages of 7: each action once, and the same set as one big page.
  const total = [];
  let path = '/api/v1/units/cardiff-south-west/actions?limit=100';
  while (path) { const p = await api(path); total.push(...p.json.actions.map(x => x.id)); path = p.json.next; }
  const paged = [];
  path = '/api/v1/units/cardiff-south-west/actions?limit=7';
  let pages = 0;
  while (path) {
    const p = await api(path);
    assert.equal(p.status, 200);
    assert.ok(p.json.actions.length <= 7);
    paged.push(...p.json.actions.map(x => x.id));
    if (p.json.next) assert.match(p.json.next, /^\/api\/v1\/units\/cardiff-south-west\/actions\?status=all&after=\d+&limit=7$/);
    path = p.json.next;
    pages++;
  }
  assert.ok(total.length > 30, `${total.length} actions`);
  assert.equal(new Set(paged).size, paged.length);
  assert.deepEqual(paged, total);
  assert.equal(pages, Math.ceil(total.length / 7));
  // The limit is capped at 100; filters are kept in next.
  const big = await api('/api/v1/units/cardiff-south-west/actions?limit=5000');
  assert.equal(big.json.actions.length, Math.min(100, total.length));
  const open = await api('/api/v1/units/cardiff-south-west/actions?status=open&overdue=1&limit=1');
  assert.ok(open.json.actions.every(x => x.overdue && (x.status === 'open' || x.status === 'in_progress')));
  if (open.json.next) assert.match(open.json.next, /\?status=open&overdue=1&after=\d+&limit=1$/);
  assert.equal((await api('/api/v1/units/cardiff-south-west/actions?status=closed')).status, 400);
  assert.equal((await api('/api/v1/units/cardiff-south-west/actions?limit=-1')).status, 400);
  // Signed out: 401.
  assert.equal((await api('/api/v1/units/cardiff-south-west/actions', null)).status, 401);
});

// ---- Welsh --------------------------------------------------------------------

test('in Welsh: the log, its statuses and the CSV header are Welsh', async () => {
  const cookie = `${lead.cookie}; cc_lang=cy`;
  const page = await logPage('', cookie);
  assert.equal(h1(page), 'Log camau gweithredu');
  assert.match(page, /Dyddiad y Cyfarfod/);
  assert.match(page, /<strong class="nhsuk-tag nhsuk-tag--blue">Agored<\/strong>/);
  const res = await fetch(`${server.url}${CSW}/actions.csv`, { headers: { Cookie: cookie } });
  const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
  assert.equal(rows[0][1], 'Dyddiad y Cyfarfod');
});

// ---- the command line ------------------------------------------------------------

test('carecluster export actions writes CSV and Excel, and says what to fix when it cannot', async () => {
  const csv = join(dir, 'cli.csv');
  let r = cli(['export', 'actions', '--db', server.db, '--unit', 'cardiff-south-west', '--format', 'csv', '--out', csv]);
  assertNoSanitizerReport(r.stderr + r.stdout);
  assert.equal(r.status, 0, r.stderr);
  const rows = parseCsv(readFileSync(csv, 'utf8').replace(/^\uFEFF/, ''));
  assert.deepEqual(rows[0], HEADER);
  const api1 = [];
  let path = '/api/v1/units/cardiff-south-west/actions?limit=100';
  while (path) { const p = await api(path); api1.push(...p.json.actions); path = p.json.next; }
  assert.equal(rows.length - 1, api1.length, 'everything for the unit');
  assert.deepEqual(rows.slice(1).map(x => x[0]), api1.map(a => a.ref));

  const xlsx = join(dir, 'cli.xlsx');
  r = cli(['export', 'actions', '--db', server.db, '--unit', 'cardiff-south-west', '--format', 'xlsx', '--out', xlsx]);
  assert.equal(r.status, 0, r.stderr);
  const shown = parseCsv(libreoffice(xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false', 'csv'));
  assert.deepEqual(shown[0], HEADER);
  assert.equal(shown.length - 1, api1.length);

  r = cli(['export', 'actions', '--db', server.db, '--unit', 'no-such-unit', '--format', 'csv', '--out', join(dir, 'x.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /there is no unit 'no-such-unit'/);
  assert.ok(!existsSync(join(dir, 'x.csv')));
  r = cli(['export', 'actions', '--db', server.db, '--unit', 'cardiff-south-west', '--format', 'pdf', '--out', join(dir, 'x.pdf')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format csv or --format xlsx/);
  r = cli(['export', 'actions', '--db', server.db, '--unit', 'cardiff-south-west', '--format', 'csv']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--out FILE/);
  r = cli(['export', 'actions', '--db', server.db, '--unit', 'cardiff-south-west', '--format', 'xlsx', '--out', join(dir, 'no-such-dir', 'x.xlsx')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no-such-dir/);
  r = cli(['export', 'actions', '--db', join(dir, 'missing.db'), '--unit', 'cardiff-south-west', '--format', 'csv', '--out', csv]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /does not exist/);
});
