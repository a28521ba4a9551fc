// The cluster's money over HTTP (issue 13): a health board user sets a
// cluster's allocations (bad input kept, a transformation fund's criteria
// and end date required, one allocation a stream a year) and carries what
// remained of last year forward (never a 'return' stream); a cluster
// lead adds budget lines (for an objective of the plan of the year: the
// objective page says "Budget"), enters spend (an amount as people write
// it; refused in another year) and imports the ledger's CSV export (errors
// by line and column, nothing imported until "only the valid lines" is
// chosen, a reference already imported skipped); the position by stream
// (allocated, committed, spent, forecast, remaining, requested beside),
// hand-checked in pence through the API, the page and the workbook read by
// LibreOffice; the warning when the forecast exceeds the allocation; the
// PCPG's clusters side by side; who may see and change what; CSRF.
//
// The years used (2023/24, 2024/25) are not those of the demonstration
// data, so that these tests stand beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, postFile, mustSignIn, h1, tableById, bodyRows, sql, sqlQuote, unixNow } from './helpers.mjs';
import { clearDemoMoney } from './demo_money.mjs';

const CSW = '/units/cardiff-south-west';
let server, hb, lead, member, afanLead, admin, national;
let pcpgSlug;
const ids = {};

before(async () => {
  server = await start();
  clearDemoMoney(server);   // this file builds its own figures from nothing
  hb = await mustSignIn(server.url, 'hb@example.wales');
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  pcpgSlug = sql(server, `SELECT u.slug FROM unit_link l JOIN unit u ON u.id=l.parent_id
    WHERE l.child_id=(SELECT id FROM unit WHERE slug='cardiff-south-west') AND l.relation='part_of' AND u.kind='pcpg' AND l.valid_to IS NULL;`);
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const cells = row => [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map(m => m[1]);
const rowsOf = (html, id) => bodyRows(tableById(html, id) ?? '').map(row => cells(row));
const summary = html => (html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '').replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const api = async (path, who = lead) => {
  const r = await get(U(path), who.cookie);
  return { status: r.status, json: r.status === 200 || r.status === 400 ? JSON.parse(r.body) : null, body: r.body };
};
const allocForm = (who, over = {}) => ({
  csrf: who.csrf, year: '2024/25', stream: '', kind: 'recurrent', amount: '', delivery_criteria: '',
  'end_on-day': '', 'end_on-month': '', 'end_on-year': '', year_end_rule: 'return', ...over,
});
const allocId = (year, stream) => sql(server, `SELECT id FROM finance_allocation WHERE unit_id=(SELECT id FROM unit WHERE slug='cardiff-south-west') AND year='${year}' AND stream=${sqlQuote(stream)};`);
const userId = email => sql(server, `SELECT id FROM app_user WHERE email='${email}';`);

test('allocations are set by the health board, with bad input kept', async () => {
  // Who may: a cluster lead, a member, a national user and another
  // cluster's lead may not (404); the health board user may.
  for (const who of [lead, member, national, afanLead]) {
    assert.equal((await get(U(`${CSW}/finance/allocations/new`), who.cookie)).status, 404);
    assert.equal((await postForm(U(`${CSW}/finance/allocations/new`), who.cookie, allocForm(who, { stream: 'X', amount: '1' }))).status, 404);
  }
  const page = await get(U(`${CSW}/finance/allocations/new?year=2024`), hb.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /value="2024\/25"/);

  let r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, { stream: 'Cluster funding', amount: '12.345' }));
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Enter an amount in pounds and pence, like 1,250\.00/);
  assert.match(r.body, /value="12\.345"/, 'the amount as typed');
  assert.match(r.body, /value="Cluster funding"/);

  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, { stream: 'Transformation fund', kind: 'transformation', amount: '1,200' }));
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /delivery criteria/);
  assert.match(summary(r.body), /date the transformation fund ends/);

  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, { year: '2024', stream: 'Cluster funding', amount: '100' }));
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Enter a financial year, like 2026\/27/);

  // Good ones: last year's, carried forward; this year's two streams.
  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, { year: '2023/24', stream: 'Cluster funding', amount: '10,000.00', year_end_rule: 'carry_forward' }));
  assert.equal(r.status, 303, summary(r.body));
  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, { year: '2023/24', stream: 'One-off fund', kind: 'other', amount: '500' }));
  assert.equal(r.status, 303, summary(r.body));
  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, { stream: 'Cluster funding', amount: '£150,000', year_end_rule: 'carry_forward' }));
  assert.equal(r.status, 303, summary(r.body));
  assert.equal(r.headers.get('location'), `${CSW}/finance?year=2024`);
  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, {
    stream: 'Transformation fund', kind: 'transformation', amount: '1,200.00', delivery_criteria: 'Two new social prescribers in post',
    'end_on-day': '31', 'end_on-month': '3', 'end_on-year': '2025' }));
  assert.equal(r.status, 303, summary(r.body));
  // One allocation of a stream a year.
  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, allocForm(hb, { stream: 'Cluster funding', amount: '1' }));
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /already has an allocation of this stream/);
  ids.cf = allocId('2024/25', 'Cluster funding');
  ids.tf = allocId('2024/25', 'Transformation fund');
  ids.cfPrev = allocId('2023/24', 'Cluster funding');
  ids.oneOff = allocId('2023/24', 'One-off fund');
  assert.ok(ids.cf && ids.tf && ids.cfPrev && ids.oneOff);
  assert.equal(sql(server, `SELECT amount_pence FROM finance_allocation WHERE id=${ids.cf};`), '15000000');

  // Edit: what is stored comes back as plain pounds; a change is audited.
  const edit = await get(U(`${CSW}/finance/allocations/${ids.tf}/edit`), hb.cookie);
  assert.equal(edit.status, 200);
  assert.match(edit.body, /value="1200\.00"/);
  assert.equal((await get(U(`${CSW}/finance/allocations/${ids.tf}/edit`), lead.cookie)).status, 404);
  r = await postForm(U(`${CSW}/finance/allocations/${ids.tf}/edit`), hb.cookie, allocForm(hb, {
    stream: 'Transformation fund', kind: 'transformation', amount: '1,200.00', delivery_criteria: 'Two new social prescribers in post by March',
    'end_on-day': '31', 'end_on-month': '3', 'end_on-year': '2025' }));
  assert.equal(r.status, 303, summary(r.body));
  assert.ok(Number(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='finance_allocation' AND entity_id=${ids.tf};`)) >= 2);
  // Without the form's token: refused, nothing changed.
  r = await postForm(U(`${CSW}/finance/allocations/new`), hb.cookie, { ...allocForm(hb, { stream: 'No token', amount: '1' }), csrf: '' });
  assert.notEqual(r.status, 303);
  assert.equal(allocId('2024/25', 'No token'), '');
});

test('what remained last year is carried forward, never from a stream that returns it', async () => {
  const page = await get(U(`${CSW}/finance?year=2024`), hb.cookie);
  assert.equal(page.status, 200);
  assert.match(text(page.body), /Carry forward from last year/);
  assert.match(text(page.body), /is returned to the health board, so it cannot be carried forward/, "the 'return' stream says why");
  // A cluster lead may not.
  assert.equal((await postForm(U(`${CSW}/finance/allocations/${ids.cfPrev}/carry-forward`), lead.cookie, { csrf: lead.csrf, to: ids.cf, decision: '' })).status, 404);
  let r = await postForm(U(`${CSW}/finance/allocations/${ids.oneOff}/carry-forward`), hb.cookie, { csrf: hb.csrf, to: ids.cf, decision: '' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /cannot be carried forward/);
  r = await postForm(U(`${CSW}/finance/allocations/${ids.cfPrev}/carry-forward`), hb.cookie, { csrf: hb.csrf, to: ids.cfPrev, decision: '' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Choose a stream of the next year/);
  r = await postForm(U(`${CSW}/finance/allocations/${ids.cfPrev}/carry-forward`), hb.cookie, { csrf: hb.csrf, to: ids.cf, decision: 'x' });
  assert.equal(r.status, 400);
  // The decision that agreed it is chosen from the meetings' decisions;
  // one of another board's cluster is refused.
  const dec = sql(server, `SELECT d.id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id
    WHERE m.unit_id=(SELECT id FROM unit WHERE slug='cardiff-south-west') AND a.restricted=0 ORDER BY d.id LIMIT 1;`);
  const foreign = sql(server, `SELECT d.id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id
    WHERE m.unit_id=(SELECT id FROM unit WHERE slug='afan') ORDER BY d.id LIMIT 1;`);
  assert.ok(dec && foreign);
  assert.match(page.body, new RegExp(`<option value="${dec}">`));
  r = await postForm(U(`${CSW}/finance/allocations/${ids.cfPrev}/carry-forward`), hb.cookie, { csrf: hb.csrf, to: ids.cf, decision: foreign });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Choose a decision of a meeting of this unit or above it/);
  r = await postForm(U(`${CSW}/finance/allocations/${ids.cfPrev}/carry-forward`), hb.cookie, { csrf: hb.csrf, to: ids.cf, decision: dec });
  assert.equal(r.status, 303, summary(r.body));
  const row = sql(server, `SELECT amount_pence, approved_by, to_allocation_id, decision_id FROM finance_carry_forward WHERE from_allocation_id=${ids.cfPrev};`).split('|');
  assert.deepEqual(row, ['1000000', userId('hb@example.wales'), ids.cf, dec]);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='finance_carry_forward';`), '1');
  r = await postForm(U(`${CSW}/finance/allocations/${ids.cfPrev}/carry-forward`), hb.cookie, { csrf: hb.csrf, to: ids.cf, decision: '' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /already been carried forward/);
});

test('budget lines under an allocation, for an objective of the plan of the year', async () => {
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  const planId = sql(server, `INSERT INTO plan(unit_id,year,vision,status,demo,created_at,updated_at) VALUES(${csw},'2024/25','',  'draft',0,${now},${now}) RETURNING id;`);
  ids.plan = planId;
  ids.objective = sql(server, `INSERT INTO plan_objective(plan_id,ref,title,created_at,updated_at) VALUES(${planId},'O1','Social prescribing for every practice',${now},${now}) RETURNING id;`);
  const otherPlan = sql(server, `INSERT INTO plan(unit_id,year,vision,status,demo,created_at,updated_at) VALUES(${csw},'2023/24','','draft',0,${now},${now}) RETURNING id;`);
  const otherObjective = sql(server, `INSERT INTO plan_objective(plan_id,ref,title,created_at,updated_at) VALUES(${otherPlan},'O1','Last year',${now},${now}) RETURNING id;`);

  const form = await get(U(`${CSW}/finance/budget-lines/new?year=2024`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /Social prescribing for every practice/);
  assert.doesNotMatch(form.body, />Last year</);
  assert.equal((await get(U(`${CSW}/finance/budget-lines/new?year=2024`), member.cookie)).status, 404);

  let r = await postForm(U(`${CSW}/finance/budget-lines/new?year=2024`), lead.cookie,
    { csrf: lead.csrf, allocation: ids.cf, objective: otherObjective, title: 'Link workers', amount: 'ten pounds' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Enter an amount in pounds and pence/);
  assert.match(r.body, /value="ten pounds"/);
  r = await postForm(U(`${CSW}/finance/budget-lines/new?year=2024`), lead.cookie,
    { csrf: lead.csrf, allocation: ids.cf, objective: otherObjective, title: 'Link workers', amount: '30,000' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Choose an objective of the unit's plan of the stream's year/);
  r = await postForm(U(`${CSW}/finance/budget-lines/new?year=2024`), lead.cookie,
    { csrf: lead.csrf, allocation: ids.cf, objective: ids.objective, title: 'Link workers', amount: '30,000' });
  assert.equal(r.status, 303, summary(r.body));
  ids.line = sql(server, `SELECT id FROM finance_budget_line WHERE allocation_id=${ids.cf};`);
  const edit = await get(U(`${CSW}/finance/budget-lines/${ids.line}/edit`), lead.cookie);
  assert.equal(edit.status, 200);
  assert.match(edit.body, /value="30000\.00"/);
  assert.equal((await get(U(`/units/afan/finance/budget-lines/${ids.line}/edit`), afanLead.cookie)).status, 404, "not afan's line");
});

test('commitments (asked for and approved under the SFIs elsewhere) and spend entered by hand', async () => {
  // Commitments as the commitments pages make them: a post over the year,
  // committed; an order committed on the transformation fund; one asked
  // for, awaiting approval.
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  const leadId = userId('lead@example.wales'), hbId = userId('hb@example.wales');
  const commit = (alloc, kind, title, supplier, value, start, end, status, line = 'NULL') => sql(server,
    `INSERT INTO finance_commitment(unit_id,allocation_id,budget_line_id,kind,title,supplier,supplier_key,value_pence,start_on,end_on,year,status,
      requested_by,requested_at,aggregated_pence,route,approver_role,approved_by,approved_at,created_at,updated_at)
     VALUES(${csw},${alloc},${line},'${kind}','${title}','${supplier}',lower('${supplier}'),${value},'${start}','${end}','2024/25','${status}',
      ${leadId},${now},${value},'one_quote','cluster_lead',${status === 'committed' ? hbId : 'NULL'},${status === 'committed' ? now : 'NULL'},${now},${now}) RETURNING id;`);
  // The post runs a month into the next year: its budget line counts
  // only the months of the line's own year as committed.
  ids.post = commit(ids.cf, 'post', 'Link worker', 'Cardiff Third Sector Council', 1300000, '2024-04-01', '2025-04-30', 'committed', ids.line);
  for (let m = 0; m < 13; m++) {
    const month = m < 9 ? `2024-${String(m + 4).padStart(2, '0')}` : m < 12 ? `2025-0${m - 8}` : '2025-04';
    sql(server, `INSERT INTO finance_commitment_month(commitment_id,month,amount_pence) VALUES(${ids.post},'${month}',100000);`);
  }
  ids.order = commit(ids.tf, 'order', 'Training', 'Big Co', 100000, '2024-07-01', '2024-07-31', 'committed');
  sql(server, `INSERT INTO finance_commitment_month(commitment_id,month,amount_pence) VALUES(${ids.order},'2024-07',100000);`);
  ids.asked = commit(ids.cf, 'order', 'Leaflets', 'Print Co', 50000, '2024-06-01', '2024-06-30', 'requested');
  sql(server, `INSERT INTO finance_commitment_month(commitment_id,month,amount_pence) VALUES(${ids.asked},'2024-06',50000);`);

  const spend = over => ({ csrf: lead.csrf, 'spent_on-day': '30', 'spent_on-month': '6', 'spent_on-year': '2024', amount: '',
    allocation: ids.cf, commitment: '', supplier: '', description: '', ...over });
  assert.equal((await get(U(`${CSW}/finance/spend/new?year=2024`), lead.cookie)).status, 200);
  assert.equal((await get(U(`${CSW}/finance/spend/new?year=2024`), member.cookie)).status, 404);
  assert.equal((await postForm(U(`${CSW}/finance/spend/new?year=2024`), national.cookie, { ...spend({ amount: '1' }), csrf: national.csrf })).status, 404);
  let r = await postForm(U(`${CSW}/finance/spend/new?year=2024`), lead.cookie, spend({ amount: '2.500,00' }));
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /Enter an amount that is not zero|Enter an amount in pounds and pence, like 1,250\.00/);
  assert.match(r.body, /value="2\.500,00"/);
  r = await postForm(U(`${CSW}/finance/spend/new?year=2024`), lead.cookie, spend({ amount: '0' }));
  assert.equal(r.status, 400);
  r = await postForm(U(`${CSW}/finance/spend/new?year=2024`), lead.cookie, spend({ amount: '10', 'spent_on-year': '2025' }));
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /financial year of the funding stream/);
  r = await postForm(U(`${CSW}/finance/spend/new?year=2024`), lead.cookie, spend({ amount: '10', commitment: ids.order }));
  assert.equal(r.status, 400, 'a commitment of another stream');
  assert.match(summary(r.body), /same funding stream/);
  r = await postForm(U(`${CSW}/finance/spend/new?year=2024`), lead.cookie, spend({ amount: '2,500.00', commitment: ids.post, supplier: 'Cardiff Third Sector Council', description: 'April to June' }));
  assert.equal(r.status, 303, summary(r.body));
  assert.equal(r.headers.get('location'), `${CSW}/finance/spend?year=2024`);
  r = await postForm(U(`${CSW}/finance/spend/new?year=2024`), lead.cookie, { ...spend({ amount: '5' }), csrf: 'nope' });
  assert.notEqual(r.status, 303);
});

const ledger = order => [
  'Date,Reference,Supplier,Description,Amount,Stream,Commitment',
  '15/05/2024,L-1,Acme,Paper,"1,000.00",Cluster funding,',
  '2024-06-01,L-2,Acme,Credit note,(200.00),cluster funding ,',
  `01/07/2024,L-3,Big Co,Invoice,1400.00,Transformation fund,C${order}`,
  '31/02/2024,L-4,X,Y,abc,Nope,',
  '',
].join('\r\n');

test("spend imported from the ledger's CSV export, by line and column", async () => {
  const form = await get(U(`${CSW}/finance/import`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(text(form.body), /Date , Reference , Supplier , Description , Amount , Stream , Commitment/);
  assert.equal((await get(U(`${CSW}/finance/import`), member.cookie)).status, 404);
  const csv = ledger(ids.order);
  // With an error line: nothing imported; the errors by line and column.
  let r = await postFile(U(`${CSW}/finance/import`), lead.cookie, { csrf: lead.csrf }, { name: 'ledger.csv', bytes: Buffer.from(csv), type: 'text/csv' });
  assert.equal(r.status, 400);
  const errs = rowsOf(r.body, 'csv-errors').map(row => row.map(c => c.replace(/<[^>]*>/g, '').trim()));
  assert.deepEqual(errs.map(e => [e[0], e[1]]), [['5', '1'], ['5', '5']], JSON.stringify(errs));
  assert.match(errs[0][2], /DD\/MM\/YYYY/);
  assert.equal(sql(server, `SELECT COUNT(*) FROM finance_spend WHERE source='ledger';`), '0');
  assert.match(r.body, /Import the 3 valid lines only/);
  // Header missing a column.
  r = await postFile(U(`${CSW}/finance/import`), lead.cookie, { csrf: lead.csrf, csv: 'Date,Amount\n01/05/2024,1.00\n' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /must name the columns/);
  // Only the valid lines (pasted).
  r = await postFile(U(`${CSW}/finance/import`), lead.cookie, { csrf: lead.csrf, csv, valid_only: '1' });
  assert.equal(r.status, 200, summary(r.body));
  assert.match(text(r.body), /3 lines of spend were imported/);
  assert.equal(sql(server, `SELECT COUNT(*) FROM finance_spend WHERE source='ledger';`), '3');
  assert.equal(sql(server, `SELECT amount_pence FROM finance_spend WHERE ledger_ref='L-2';`), '-20000');
  assert.equal(sql(server, `SELECT commitment_id FROM finance_spend WHERE ledger_ref='L-3';`), ids.order);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='finance_ledger_import';`), '1', 'one audit entry per import');
  // Again: each reference already imported is skipped.
  r = await postFile(U(`${CSW}/finance/import`), lead.cookie, { csrf: lead.csrf, csv, valid_only: '1' });
  assert.equal(r.status, 200);
  assert.match(text(r.body), /0 lines of spend were imported/);
  assert.match(text(r.body), /3 lines were already imported and were skipped: L-1 , L-2 , L-3/);
  assert.equal(sql(server, `SELECT COUNT(*) FROM finance_spend WHERE source='ledger';`), '3');
  // Without the form's token: refused.
  r = await postFile(U(`${CSW}/finance/import`), lead.cookie, { csv, valid_only: '1' });
  assert.notEqual(r.status, 200);
  // The spend list and its workbook.
  const list = await get(U(`${CSW}/finance/spend?year=2024`), member.cookie);
  assert.equal(list.status, 200);
  assert.equal(bodyRows(tableById(list.body, 'spend')).length, 4);
  assert.match(text(list.body), /4 lines, in all £4,700\.00/);
  const x = await get(U(`${CSW}/finance/spend.xlsx?year=2024`), member.cookie);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
});

// The figures of the year, hand-checked (pence):
//   Cluster funding: 15,000,000 + 1,000,000 carried in = 16,000,000
//     committed: the post's 12 months of 100,000 = 1,200,000
//     spent: 250,000 against the post + 100,000 - 20,000 (ledger) = 330,000
//     uncommitted spend 80,000; remaining 16,000,000 - 1,200,000 - 80,000 = 14,720,000
//     forecast 80,000 + max(1,200,000, 250,000) = 1,280,000; requested 50,000
//   Transformation fund: 120,000; the order committed 100,000, invoiced 140,000
//     spent 140,000; remaining 20,000; forecast 140,000 > 120,000: warned
const WANT = {
  'Cluster funding': { allocated: 16000000, committed: 1200000, spent: 330000, forecast: 1280000, remaining: 14720000, requested: 50000 },
  'Transformation fund': { allocated: 120000, committed: 100000, spent: 140000, forecast: 140000, remaining: 20000, requested: 0 },
};
const FIELDS = ['allocated', 'committed', 'spent', 'forecast', 'remaining', 'requested'];

test('the position by stream through the API, streams adding up to the total', async () => {
  const r = await api(`/api/v1${CSW}/finance?year=2024`);
  assert.equal(r.status, 200);
  assert.equal(r.json.year, '2024-25');
  const got = Object.fromEntries(r.json.streams.map(s => [s.stream, Object.fromEntries(FIELDS.map(f => [f, s[f]]))]));
  assert.deepEqual(got, WANT);
  for (const f of FIELDS) {
    assert.ok(Number.isInteger(r.json.total[f]));
    assert.equal(r.json.total[f], r.json.streams.reduce((a, s) => a + s[f], 0), f);
  }
  assert.equal(r.json.streams.find(s => s.stream === 'Transformation fund').over, true);
  assert.equal(r.json.total.over, false);
  // Bad year: 400 with a JSON error; another board's cluster: 404.
  const bad = await api(`/api/v1${CSW}/finance?year=24`);
  assert.equal(bad.status, 400);
  assert.ok(bad.json.error);
  assert.equal((await api(`/api/v1${CSW}/finance?year=2024`, afanLead)).status, 404);
  // A year with nothing: empty streams, zero total.
  const none = await api(`/api/v1${CSW}/finance?year=2019`);
  assert.equal(none.status, 200);
  assert.equal(none.json.year, '2019-20');
  assert.equal(none.json.total.allocated, 0);
});

test('the position page: figures in pounds, the warning, budget lines; the objective page says "Budget"', async () => {
  const r = await get(U(`${CSW}/finance?year=2024`), member.cookie);
  assert.equal(r.status, 200);
  assert.match(h1(r.body), /Money 2024\/25/);
  const rows = rowsOf(r.body, 'streams').map(row => row.map(c => text(c).trim()));
  const cf = rows.find(row => row[0].includes('Cluster funding'));
  assert.ok(cf.includes('£160,000.00') || cf.some(c => c.endsWith('£160,000.00')), JSON.stringify(cf));
  assert.ok(cf.some(c => c.endsWith('£147,200.00')));
  assert.ok(cf.some(c => c.endsWith('£500.00')), 'requested shown beside');
  const tf = rows.find(row => row[0].includes('Transformation fund'));
  assert.match(tf[0], /Over/);
  assert.match(r.body, /nhsuk-table__cell--numeric/);
  assert.match(text(r.body), /Forecast over allocation/);
  const lines = rowsOf(r.body, 'budget-lines').map(row => text(row.join(' ')));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /Link workers .*Social prescribing for every practice .*£30,000\.00 .*£12,000\.00 .*£2,500\.00/);
  assert.doesNotMatch(r.body, /allocations\/new/, 'a member is not offered to allocate');
  const hbPage = await get(U(`${CSW}/finance?year=2024`), hb.cookie);
  assert.match(hbPage.body, /allocations\/new\?year=2024/);
  assert.equal((await get(U(`${CSW}/finance?year=nonsense`), lead.cookie)).status, 400);
  assert.equal((await get(U(`${CSW}/finance?year=2024`), afanLead.cookie)).status, 404);
  const obj = await get(U(`/plans/${ids.plan}/objectives/${ids.objective}`), lead.cookie);
  assert.equal(obj.status, 200);
  assert.match(text(obj.body), /Budget: £30,000\.00 in 1 budget lines, £12,000\.00 committed, £2,500\.00 spent\./);
  // Each stream links to its spend.
  assert.match(r.body, new RegExp(`href="/units/cardiff-south-west/finance/spend\\?year=2024&amp;allocation=${ids.tf}"`));
  const tfSpend = await get(U(`${CSW}/finance/spend?year=2024&allocation=${ids.tf}`), member.cookie);
  assert.equal(rowsOf(tfSpend.body, 'spend').length, 1);
  // Demonstration data is labelled as such.
  assert.doesNotMatch(r.body, /Demonstration data/);
  sql(server, `UPDATE finance_allocation SET demo=1 WHERE id=${ids.tf};`);
  const demo = await get(U(`${CSW}/finance?year=2024`), member.cookie);
  assert.match(text(demo.body), /Demonstration data/);
  assert.match(text(demo.body), /made up to show how carecluster works/);
  assert.equal((await api(`/api/v1${CSW}/finance?year=2024`)).json.demo, true);
  sql(server, `UPDATE finance_allocation SET demo=0 WHERE id=${ids.tf};`);
  // The unit page links to the money.
  assert.match((await get(U(CSW), lead.cookie)).body, /href="\/units\/cardiff-south-west\/finance"/);
  // Welsh.
  const cy = await get(U(`${CSW}/finance?year=2024`), lead.cookie, { headers: { 'Accept-Language': 'cy' } });
  assert.equal(cy.status, 200);
});

test("the PCPG sees its clusters' positions side by side, with totals", async () => {
  const r = await get(U(`/units/${pcpgSlug}/finance?year=2024`), hb.cookie);
  assert.equal(r.status, 200);
  const rows = rowsOf(r.body, 'clusters').map(row => row.map(c => text(c).trim()));
  const csw = rows.find(row => row[0].includes('Cardiff South West'));
  assert.ok(csw, JSON.stringify(rows.map(x => x[0])));
  assert.ok(csw.some(c => c.endsWith('£161,200.00')), JSON.stringify(csw));
  assert.ok(rows.length >= 2);
  assert.match(rows[rows.length - 1][0], /Total/);
  const a = await api(`/api/v1/units/${pcpgSlug}/finance?year=2024`, hb);
  assert.equal(a.status, 200);
  const u = a.json.units.find(x => x.slug === 'cardiff-south-west');
  assert.equal(u.allocated, 16120000);
  assert.equal(u.remaining, 14740000);
  assert.equal(u.over, false);
  for (const f of FIELDS) assert.equal(a.json.units_total[f], a.json.units.reduce((s, x) => s + x[f], 0));
  assert.equal(a.json.total.allocated, 0, "the PCPG's own allocations: none");
  // The nation sees every cluster; a cluster lead of another board not this PCPG.
  assert.equal((await get(U(`/units/${pcpgSlug}/finance?year=2024`), afanLead.cookie)).status, 404);
  const w = await get(U(`/units/wales/finance?year=2024`), national.cookie);
  assert.equal(w.status, 200);
});

// Convert a workbook with LibreOffice (a real reader) to CSV.
function libreoffice(file) {
  const out = mkdtempSync(join(tmpdir(), 'cc-lo-'));
  const r = spawnSync('libreoffice', [`-env:UserInstallation=file://${out}/profile`, '--headless',
    '--convert-to', 'csv', '--outdir', out, file], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `libreoffice: ${r.stderr}`);
  const name = readdirSync(out).find(f => f.endsWith('.csv'));
  assert.ok(name, `libreoffice wrote no csv: ${r.stdout} ${r.stderr}`);
  return readFileSync(join(out, name), 'utf8');
}
const pence = s => Math.round(Number(String(s).replace(/[£,"]/g, '').replace(/^\((.*)\)$/, '-$1').replace('−', '-')) * 100);

test('the workbook holds the same amounts as the API, in pence', async () => {
  const x = await get(U(`${CSW}/finance.xlsx?year=2024`), lead.cookie);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-disposition'), /finance-cardiff-south-west-2024-25\.xlsx/);
  const bytes = Buffer.from(await (await fetch(U(`${CSW}/finance.xlsx?year=2024`), { headers: { Cookie: lead.cookie } })).arrayBuffer());
  const dir = mkdtempSync(join(tmpdir(), 'cc-fin-'));
  const file = join(dir, 'finance.xlsx');
  writeFileSync(file, bytes);
  const csv = libreoffice(file).trim().split(/\r?\n/);
  // Streams sheet: Stream, Kind, then the six amounts.
  const rows = csv.slice(1).map(l => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map(c => c.replace(/,$/, '').replace(/^"|"$/g, '')));
  for (const [stream, want] of Object.entries(WANT)) {
    const row = rows.find(r => r[0] === stream);
    assert.ok(row, `${stream} in ${csv.join('\n')}`);
    assert.deepEqual(row.slice(2, 8).map(pence), FIELDS.map(f => want[f]), row.join('|'));
  }
});
