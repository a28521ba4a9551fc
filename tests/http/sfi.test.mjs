// The Standing Financial Instructions as data over HTTP (issue 13): the
// example set every health board starts with (marked as an example
// wherever it is shown), the rules in force read only for a cluster, a
// version's edit form with its checks (gaps, overlaps, limits that do not
// increase with authority; what was typed kept), "new version from this
// one", a version used by a commitment read only, the board's signatories
// (add, end), the route checker page and the API's contract at the
// boundaries, and who may see and change what (404s, CSRF).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById, bodyRows, sql, unixNow } from './helpers.mjs';
import { clearDemoMoney } from './demo_money.mjs';
import { newDatabase, startServer, dbSql } from '../lib/server.mjs';

const HB = '/units/cardiff-and-vale-university-health-board';
const CSW = '/units/cardiff-south-west';
let server, lead, hb, national, admin, afanLead, versionId;

before(async () => {
  server = await start();
  clearDemoMoney(server);   // this file builds its own figures from nothing
  lead = await mustSignIn(server.url, 'lead@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  versionId = sql(server, `SELECT v.id FROM sfi_version v JOIN unit u ON u.id=v.unit_id WHERE u.slug='cardiff-and-vale-university-health-board';`);
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const why = html => (summary(html) || html.slice(0, 400)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
const EXAMPLE = /These are example rules shipped with carecluster\. Replace them with your health board's Standing Financial Instructions\./;
const api = async (q, who = lead) => {
  const r = await get(U(`/api/v1/units/cardiff-south-west/procurement-route${q}`), who.cookie);
  return { status: r.status, json: JSON.parse(r.body) };
};

test('every health board starts with the example set, marked as an example wherever shown', async () => {
  assert.equal(sql(server, `SELECT COUNT(DISTINCT unit_id) FROM sfi_version WHERE example=1;`),
    sql(server, `SELECT COUNT(*) FROM unit WHERE kind='health_board';`));
  const unit = await get(U(HB), hb.cookie);
  assert.match(unit.body, /href="\/units\/cardiff-and-vale-university-health-board\/sfi">Standing Financial Instructions</);
  const list = await get(U(`${HB}/sfi`), hb.cookie);
  assert.equal(list.status, 200);
  assert.equal(h1(list.body), 'Standing Financial Instructions');
  assert.match(list.body, new RegExp(`href="/sfi/${versionId}">Example Standing Financial Instructions<`));
  assert.match(text(list.body), /In force Example/);
  assert.match(text(list.body), EXAMPLE);
  // A cluster: the rules in force, read only, with the warning.
  const c = await get(U(`${CSW}/sfi`), lead.cookie);
  assert.equal(c.status, 200);
  const t = text(c.body);
  assert.match(t, EXAMPLE);
  assert.match(t, /£0\.00 £5,000\.00 One quote Example 1\.1/);
  assert.match(t, /£5,000\.01 £25,000\.00 Three written quotes/);
  assert.match(t, /£25,000\.01 £214,904\.00 A formal tender advertised on Sell2Wales/);
  assert.match(t, /£214,904\.01 No upper limit The regulated procedure of the Procurement Act 2023/);
  assert.match(t, /Cluster lead £10,000\.00.*PCPG authorised signatory £100,000\.00.*Health board officer £1,000,000\.00/);
  assert.match(t, /Pan Cluster Planning Group decision required over £25,000\.00/);
  assert.doesNotMatch(c.body, /href="\/units\/cardiff-and-vale-university-health-board\/sfi"/, 'the board is not the cluster lead\'s to read');
  // The version page itself belongs to the board.
  assert.equal((await get(U(`/sfi/${versionId}`), lead.cookie)).status, 404);
  assert.equal((await get(U(`/sfi/${versionId}`), national.cookie)).status, 200);
  assert.equal((await get(U('/units/wales/sfi'), national.cookie)).status, 200);
  assert.match((await get(U('/units/wales/sfi'), national.cookie)).body, /id="sfi-no-board"/);
});

test('the route checker: bad value kept, the answer with the rule; the API at the boundaries', async () => {
  const bad = await get(U(`${CSW}/procurement-route?value=5%2C00.00`), lead.cookie);
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#value">Enter an amount in pounds and pence, like 1,250.00/);
  assert.match(bad.body, /name="value" type="text" value="5,00.00"/);
  const ok = await get(U(`${CSW}/procurement-route?value=5%2C000.01&supplier=Nobody`), lead.cookie);
  assert.equal(ok.status, 200);
  assert.match(text(ok.body), /Route Three written quotes Approver needed Cluster lead/);
  assert.match(text(ok.body), /Rule Example Standing Financial Instructions \(2024-04-01\): Example 1\.2; Example 2\.1/);
  assert.match(text(ok.body), EXAMPLE);
  let r = await api('?value=500000');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json).slice(0, 5), ['value', 'aggregated_value', 'route', 'approver_role', 'rule']);
  assert.equal(r.json.value, 500000);
  assert.equal(r.json.aggregated_value, 500000);
  assert.equal(r.json.route, 'one_quote');
  assert.equal(r.json.approver_role, 'cluster_lead');
  assert.match(r.json.rule, /Example 1\.1/);
  r = await api('?value=500001');
  assert.equal(r.json.route, 'three_quotes');
  r = await api('?value=1000001&supplier=X');
  assert.equal(r.json.approver_role, 'pcpg_signatory');
  r = await api('?value=100000001');
  assert.equal(r.json.route, 'regulated');
  assert.equal(r.json.approver_role, null, 'no role high enough');
  for (const q of ['?value=12.50', '?value=-1', '', '?value=abc']) {
    const e = await api(q);
    assert.equal(e.status, 400, q);
    assert.match(e.json.error, /pence/);
  }
  assert.equal((await get(U('/api/v1/units/afan/procurement-route?value=1'), lead.cookie)).status, 404);
});

test('a version\'s edit form: gaps, overlaps and limits out of order refused, typed kept; then saved, no longer an example', async () => {
  assert.equal((await get(U(`/sfi/${versionId}/edit`), national.cookie)).status, 404);
  assert.equal((await get(U(`/sfi/${versionId}/edit`), lead.cookie)).status, 404);
  const form = await get(U(`/sfi/${versionId}/edit`), hb.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /name="band-2-min" type="text" value="5000.01"/);
  const base = {
    csrf: hb.csrf, title: 'Cardiff and Vale SFIs 2024', effective_from: '2024-04-01', decision_over: '25,000.00', notes: '',
    'band-1-min': '0', 'band-1-max': '5,000.00', 'band-1-route': 'one_quote', 'band-1-rule_ref': 'SFI 1',
    'band-2-min': '5,000.02', 'band-2-max': '', 'band-2-route': 'three_quotes', 'band-2-rule_ref': 'SFI 2',
    'delegation-cluster_lead': '10,000.00', 'delegation-pcpg_signatory': '100,000.00', 'delegation-hb_officer': '1,000,000.00',
  };
  let r = await postForm(U(`/sfi/${versionId}/edit`), hb.cookie, base);
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /href="#band-2-min">The bands leave a gap/);
  assert.match(r.body, /name="band-2-min" type="text" value="5,000.02"/, 'as typed');
  r = await postForm(U(`/sfi/${versionId}/edit`), hb.cookie, { ...base, 'band-2-min': '4,000.00' });
  assert.match(summary(r.body), /The bands overlap/);
  r = await postForm(U(`/sfi/${versionId}/edit`), hb.cookie, { ...base, 'band-2-min': '5,000.01', 'delegation-pcpg_signatory': '5,000.00' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Limits must increase with authority/);
  r = await postForm(U(`/sfi/${versionId}/edit`), hb.cookie, { ...base, 'band-2-min': '5,000.01', decision_over: 'lots' });
  assert.match(summary(r.body), /href="#decision_over">Enter an amount in pounds and pence, like 1,250.00/);
  assert.equal((await postForm(U(`/sfi/${versionId}/edit`), hb.cookie, { ...base, csrf: 'x' })).status, 403);
  r = await postForm(U(`/sfi/${versionId}/edit`), hb.cookie, { ...base, 'band-2-min': '5,000.01' });
  assert.equal(r.status, 303, why(r.body));
  assert.equal(sql(server, `SELECT example || '|' || title FROM sfi_version WHERE id=${versionId};`), '0|Cardiff and Vale SFIs 2024');
  assert.equal(sql(server, `SELECT COUNT(*) FROM sfi_band WHERE version_id=${versionId};`), '2');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='sfi_version' AND entity_id=${versionId};`), '1');
  const page = await get(U(`/sfi/${versionId}`), hb.cookie);
  assert.doesNotMatch(text(page.body), EXAMPLE);
  assert.equal((await api('?value=600000')).json.route, 'three_quotes');
  assert.equal((await api('?value=99999999')).json.route, 'three_quotes');
});

test('new version from this one; a version used by a commitment is read only', async () => {
  const bad = await postForm(U(`/sfi/${versionId}/copy`), hb.cookie, { csrf: hb.csrf, effective_from: '2024-04-01' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /comes into force on that date/);
  const r = await postForm(U(`/sfi/${versionId}/copy`), hb.cookie, { csrf: hb.csrf, effective_from: '2099-04-01' });
  assert.equal(r.status, 303, why(r.body));
  const id = Number(r.headers.get('location').match(/\/sfi\/(\d+)$/)[1]);
  assert.equal(sql(server, `SELECT COUNT(*) FROM sfi_band WHERE version_id=${id};`), '2');
  const list = await get(U(`${HB}/sfi`), hb.cookie);
  assert.equal(bodyRows(tableById(list.body, 'versions')).length, 2);
  assert.match(text(list.body), /Not yet in force/);
  assert.equal((await postForm(U(`/sfi/${versionId}/copy`), lead.cookie, { csrf: lead.csrf, effective_from: '2098-04-01' })).status, 404);
  // used: read only
  const now = unixNow();
  const alloc = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES((SELECT id FROM unit WHERE slug='cardiff-south-west'),'2027/28','SFI test','other',100000,${now},${now}) RETURNING id;`);
  const c = await postForm(U(`${CSW}/commitments/new`), lead.cookie, { csrf: lead.csrf, allocation: String(alloc), kind: 'order',
    title: 'Pens', supplier: 'Pen Co', start_on: '2027-05-01', value: '10.00' });
  assert.equal(c.status, 303, why(c.body));
  const page = await get(U(`/sfi/${versionId}`), hb.cookie);
  assert.match(page.body, /can no longer be changed/);
  assert.doesNotMatch(page.body, new RegExp(`href="/sfi/${versionId}/edit"`));
  const edit = await postForm(U(`/sfi/${versionId}/edit`), hb.cookie, { csrf: hb.csrf, title: 'x', effective_from: '2024-04-01',
    'band-1-min': '0', 'band-1-route': 'one_quote', 'delegation-cluster_lead': '1.00' });
  assert.equal(edit.status, 400);
  assert.match(summary(edit.body), /can no longer be changed/);
});

test('signatories: a health board names and ends them; others may not', async () => {
  assert.equal((await get(U(`${CSW}/sfi/signatories`), lead.cookie)).status, 404);
  const page = await get(U(`${HB}/sfi/signatories`), hb.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /id="signatories-none"/);
  const user = page.body.match(/<option value="(\d+)">Demo Cardiff and Vale Primary Care/)[1];
  const pcpg = page.body.match(/<option value="(\d+)">Cardiff Pan Cluster Planning Group</)[1];
  const bad = await postForm(U(`${HB}/sfi/signatories`), hb.cookie, { csrf: hb.csrf, user, role: 'pcpg_signatory', unit: '', valid_from: '2026-13-01', valid_to: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#valid_from">Enter the first day/);
  assert.match(summary(bad.body), /href="#unit">Choose a Pan Cluster Planning Group/);
  assert.match(bad.body, /name="valid_from" type="date" value="2026-13-01"/);
  // a cluster lead of another board cannot be named
  const afanUser = sql(server, `SELECT id FROM app_user WHERE email='lead.afan@example.wales';`);
  const other = await postForm(U(`${HB}/sfi/signatories`), hb.cookie, { csrf: hb.csrf, user: afanUser, role: 'hb_officer', unit: '', valid_from: '2026-04-01', valid_to: '' });
  assert.match(summary(other.body), /Choose a user who may act for this health board/);
  const ok = await postForm(U(`${HB}/sfi/signatories`), hb.cookie, { csrf: hb.csrf, user, role: 'pcpg_signatory', unit: pcpg, valid_from: '2026-04-01', valid_to: '' });
  assert.equal(ok.status, 303, why(ok.body));
  const list = await get(U(`${HB}/sfi/signatories`), hb.cookie);
  const rows = bodyRows(tableById(list.body, 'signatories-table'));
  assert.equal(rows.length, 1);
  assert.match(text(rows[0]), /PCPG authorised signatory For Cardiff Pan Cluster Planning Group From 1 April 2026 Until Until further notice/);
  const id = sql(server, `SELECT id FROM sfi_signatory ORDER BY id DESC LIMIT 1;`);
  assert.equal((await postForm(U(`${HB}/sfi/signatories/${id}/end`), national.cookie, { csrf: national.csrf, valid_to: '2026-12-31' })).status, 404);
  assert.equal((await postForm(U(`${HB}/sfi/signatories/${id}/end`), hb.cookie, { valid_to: '2026-12-31' })).status, 403);
  const early = await postForm(U(`${HB}/sfi/signatories/${id}/end`), hb.cookie, { csrf: hb.csrf, valid_to: '2026-01-01' });
  assert.equal(early.status, 400);
  assert.match(summary(early.body), /The last day must be on or after the first day/);
  const end = await postForm(U(`${HB}/sfi/signatories/${id}/end`), hb.cookie, { csrf: hb.csrf, valid_to: '2027-03-31' });
  assert.equal(end.status, 303, why(end.body));
  assert.equal(sql(server, `SELECT valid_to FROM sfi_signatory WHERE id=${id};`), '2027-03-31');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='sfi_signatory' AND entity_id=${id};`), '2');
  // the admin may manage any board's
  assert.equal((await get(U('/units/swansea-bay-university-health-board/sfi/signatories'), admin.cookie)).status, 200);
  assert.equal((await get(U('/units/swansea-bay-university-health-board/sfi'), afanLead.cookie)).status, 404);
});

test('Welsh: the rules and the checker read in Welsh', async () => {
  await postForm(U('/lang/cy'), lead.cookie, { csrf: lead.csrf, next: '/' });
  const cy = await get(U(`${CSW}/procurement-route?value=100`), lead.cookie);
  await postForm(U('/lang/en'), lead.cookie, { csrf: lead.csrf, next: '/' });
  assert.equal(cy.status, 200);
  assert.match(cy.body, /Gwirio'r llwybr caffael|Gwirio&#39;r llwybr caffael/);
});

test('a database upgraded from a version without rules gets the example set for each board when served', async () => {
  const db = newDatabase({ demo: false });
  try {
    // As an installation from before Standing Financial Instructions were data: no versions at all.
    dbSql(db.target, 'DELETE FROM sfi_band; DELETE FROM sfi_delegation; DELETE FROM sfi_version;');
    assert.equal(dbSql(db.target, 'SELECT count(*) FROM sfi_version;').trim(), '0');
    const s = await startServer([], { db });
    try {
      assert.match(s.log(), /7 health boards had no Standing Financial Instructions/);
      const boards = dbSql(db.target, "SELECT count(*) FROM unit WHERE kind='health_board';").trim();
      assert.equal(dbSql(db.target, 'SELECT count(DISTINCT unit_id) FROM sfi_version WHERE example=1;').trim(), boards);
      assert.equal(dbSql(db.target, 'SELECT count(*) FROM sfi_band;').trim(), String(4 * Number(boards)));
    } finally { await s.stop(); }
    // Served again, nothing is added twice.
    const again = await startServer([], { db });
    try {
      assert.doesNotMatch(again.log(), /had no Standing Financial Instructions/);
      assert.equal(dbSql(db.target, 'SELECT count(*) FROM sfi_version;').trim(), '7');
    } finally { await again.stop(); }
  } finally { db.drop(); }
});
