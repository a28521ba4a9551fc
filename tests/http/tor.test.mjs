// Terms of reference (versioned, per cluster) and the attendance evidence
// report with its CSV: a new version through the form, errors with the
// values kept, the overdue-review warning on the cluster page, 404 for a
// cluster of another board, and the report's numbers checked against the
// database with the sqlite3 command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, dbSql } from './helpers.mjs';

let server, lead, member, afanLead;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
const sql = (q) => dbSql(server.db, q);

const validForm = (over = {}) => ({
  csrf: lead.csrf,
  purpose: 'To plan & improve care <together>.',
  frequency: 'Every six weeks',
  quorum_kind: 'number',
  quorum_number: '4',
  quorum_num: '',
  quorum_den: '',
  requires_chair: 'no',
  chair_selection: 'Elected yearly.',
  minutes_form: 'notes',
  agreed_on: '2020-01-01',
  review_due: '2021-01-01',
  ...over,
});

test('the terms page shows the demo version, and the cluster page links to it', async () => {
  const r = await get(`${server.url}${CSW}/terms`, member.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /<h1>Terms of reference<\/h1>/);
  assert.match(r.body, /Version 1/);
  assert.match(r.body, /1\/2 of the voting members/);
  assert.doesNotMatch(r.body, /terms\/new/, 'a member may not make a version');
  const unit = await get(`${server.url}${CSW}`, member.cookie);
  assert.match(unit.body, /href="\/units\/cardiff-south-west\/terms">Terms of reference</);
  assert.doesNotMatch(unit.body, /were due for review/, 'the demo review is due next month');
  const form = await get(`${server.url}${CSW}/terms/new`, member.cookie);
  assert.equal(form.status, 404);
});

test('the form is prefilled from the current version', async () => {
  const r = await get(`${server.url}${CSW}/terms/new`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /Elected by the core members every two years\./);
  assert.match(r.body, /name="quorum_num" type="text" value="1"/);
  assert.match(r.body, /name="quorum_den" type="text" value="2"/);
});

test('bad input writes nothing and keeps the values next to their errors', async () => {
  const before = sql("SELECT count(*) FROM terms_of_reference");
  const r = await postForm(`${server.url}${CSW}/terms/new`, lead.cookie,
    validForm({ purpose: '', quorum_number: '0', review_due: '2019-01-01', frequency: 'Quarterly <b>' }));
  assert.equal(r.status, 400);
  assert.match(r.body, /Enter the purpose of the group/);
  assert.match(r.body, /Enter a whole number of voting members/);
  assert.match(r.body, /The review date must be after the date agreed/);
  assert.match(r.body, /value="Quarterly &lt;b&gt;"/);
  assert.equal(sql("SELECT count(*) FROM terms_of_reference"), before);
});

test('a new version with a past review date: version 2, quorum follows, overdue warning', async () => {
  const r = await postForm(`${server.url}${CSW}/terms/new`, lead.cookie, validForm());
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `${CSW}/terms`);
  const page = await get(`${server.url}${CSW}/terms`, lead.cookie);
  assert.match(page.body, /Version 2/);
  assert.match(page.body, /At least 4 voting members/);
  assert.match(page.body, /To plan &amp; improve care &lt;together&gt;\./);
  assert.match(page.body, /The terms of reference were due for review on 1 January 2021\./);
  const unit = await get(`${server.url}${CSW}`, lead.cookie);
  assert.match(unit.body, /nhsuk-warning-callout/);
  assert.match(unit.body, /The terms of reference were due for review on 1 January 2021\./);
  assert.equal(sql(`SELECT version||' '||quorum_kind||' '||quorum_number FROM terms_of_reference t JOIN unit u ON u.id=t.unit_id
                    WHERE u.slug='cardiff-south-west' ORDER BY version DESC LIMIT 1`), '2 number 4');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE entity='terms_of_reference' AND action='create'"), '1');
  // The old version is unchanged.
  assert.equal(sql(`SELECT quorum_kind FROM terms_of_reference t JOIN unit u ON u.id=t.unit_id
                    WHERE u.slug='cardiff-south-west' AND version=1`), 'fraction');
});

test("another board's cluster answers 404", async () => {
  for (const path of ['/units/afan/terms', '/units/afan/terms/new', '/units/afan/attendance', '/units/afan/attendance.csv']) {
    const r = await get(`${server.url}${path}`, lead.cookie);
    assert.equal(r.status, 404, path);
  }
  const post = await postForm(`${server.url}/units/afan/terms/new`, lead.cookie, validForm());
  assert.equal(post.status, 404);
  const own = await get(`${server.url}/units/afan/terms`, afanLead.cookie);
  assert.equal(own.status, 200);
});

test('the attendance report and its CSV agree with the database', async () => {
  const from = '2000-01-01', to = '2100-12-31';
  const r = await get(`${server.url}${CSW}/attendance?from=${from}&to=${to}`, member.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /<h1>Attendance evidence<\/h1>/);
  const rows = [...r.body.matchAll(/<tr class="nhsuk-table__row" data-person="(\d+)"><th[^>]*>([^<]*)<\/th>((?:<td[^>]*>\d+<\/td>){6})/g)];
  assert.ok(rows.length >= 6, 'a row per member');
  const unitId = sql("SELECT id FROM unit WHERE slug='cardiff-south-west'");
  let checked = 0;
  for (const [, pid, , cells] of rows) {
    const n = [...cells.matchAll(/>(\d+)</g)].map(m => Number(m[1]));
    const expected = Number(sql(`SELECT count(*) FROM meeting m WHERE m.unit_id=${unitId} AND m.status<>'cancelled'
      AND EXISTS(SELECT 1 FROM membership x WHERE x.unit_id=m.unit_id AND x.person_id=${pid}
        AND x.valid_from<=substr(m.starts_at,1,10) AND (x.valid_to IS NULL OR x.valid_to>=substr(m.starts_at,1,10)))`));
    const attended = Number(sql(`SELECT count(*) FROM meeting m JOIN attendance a ON a.meeting_id=m.id
      WHERE m.unit_id=${unitId} AND m.status<>'cancelled' AND a.person_id=${pid} AND a.status IN ('present','online')
      AND EXISTS(SELECT 1 FROM membership x WHERE x.unit_id=m.unit_id AND x.person_id=${pid}
        AND x.valid_from<=substr(m.starts_at,1,10) AND (x.valid_to IS NULL OR x.valid_to>=substr(m.starts_at,1,10)))`));
    assert.equal(n[0], expected, `expected for person ${pid}`);
    assert.equal(n[1], attended, `attended for person ${pid}`);
    if (expected > 0) checked++;
  }
  assert.ok(checked >= 6);
  assert.ok(rows.some(([, , , cells]) => Number(cells.match(/>(\d+)</)[1]) >= 10), 'a year of meetings');

  const csv = await get(`${server.url}${CSW}/attendance.csv?from=${from}&to=${to}`, member.cookie);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="cardiff-south-west-attendance-2000-01-01-2100-12-31\.csv"/);
  const lines = csv.body.split('\r\n');
  assert.equal(lines[0], 'Name,Meetings expected,Attended,Attended as deputy,A deputy attended for them,Apologies,Absent or not recorded');
  assert.equal(lines.at(-1), '', 'every line ends in CRLF');
  assert.equal(lines.length - 2, rows.length);
  const [, , name, cells] = rows[0];
  const n = [...cells.matchAll(/>(\d+)</g)].map(m => m[1]);
  assert.equal(lines[1], `${name.includes(',') ? `"${name}"` : name},${n.join(',')}`);
});

test('the report defaults to the last 12 months and rejects bad dates clearly', async () => {
  const r = await get(`${server.url}${CSW}/attendance`, member.cookie);
  assert.equal(r.status, 200);
  const bad = await get(`${server.url}${CSW}/attendance?from=2025-13-01`, member.cookie);
  assert.equal(bad.status, 400);
  assert.match(bad.body, /Enter the dates as YYYY-MM-DD/);
  const order = await get(`${server.url}${CSW}/attendance.csv?from=2026-02-01&to=2026-01-01`, member.cookie);
  assert.equal(order.status, 400);
  assert.match(order.body, /The start of the period must be on or before its end/);
});

test('a name that looks like a formula is defused in the CSV', async () => {
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, {
    csrf: lead.csrf, name: '=HYPERLINK("x")', email: '', job_title: '', organisation: '',
    role: 'public_health', core: 'core', voting: 'no', valid_from: '2000-01-01', valid_to: '',
  });
  assert.equal(r.status, 303);
  const csv = await get(`${server.url}${CSW}/attendance.csv?from=2000-01-01&to=2100-12-31`, member.cookie);
  assert.match(csv.body, /\r\n"'=HYPERLINK\(""x""\)",\d+,/);
});
