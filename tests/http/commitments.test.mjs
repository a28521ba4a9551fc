// Commitments under the Standing Financial Instructions over HTTP (issue
// 13): the request form (bad input named and kept as typed, the route
// checked before submitting without saving anything), the route kept on
// the commitment, months adding up to its value, separation of duties
// (the requester sees why they may not approve), a PCPG authorised
// signatory approving with the PCPG's decision when the rules require one,
// split orders to one supplier aggregated, decline with a reason, cancel,
// the list with its filters and "you may approve", its workbook read by
// LibreOffice, and who may see and change what (404s, CSRF).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, h1, tableById, bodyRows, sql, unixNow } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
const PCPG = 'cardiff-pan-cluster-planning-group';
let server, lead, member, afanLead, hb, national, dir, alloc, decisionId, hbId;

before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'cc-commit-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  // An allocation of the cluster for a year the demonstration does not use.
  alloc = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2028/29','Test cluster funding','recurrent',17500000,${now},${now}) RETURNING id;`);
  // A held meeting of the PCPG with a decision, and a restricted one.
  const pcpg = `(SELECT id FROM unit WHERE slug='${PCPG}')`;
  const m = sql(server, `INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
    VALUES(${pcpg},'PCPG meeting','2028-05-10T10:00','2028-05-10T12:00','held',${now},${now}) RETURNING id;`);
  const item = sql(server, `INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,created_at,updated_at)
    VALUES(${m},1,'Care coordinator post','decision',10,${now},${now}) RETURNING id;`);
  decisionId = sql(server, `INSERT INTO decision(agenda_item_id,text,vote_kind,quorum_required,quorum_present,created_at)
    VALUES(${item},'Agreed to fund the care coordinator post','none',3,5,${now}) RETURNING id;`);
  hbId = sql(server, `SELECT id FROM unit WHERE slug='cardiff-and-vale-university-health-board';`);
  // The health board user named authorised signatory of the PCPG.
  sql(server, `INSERT INTO sfi_signatory(unit_id,user_id,approver_role,valid_from,created_at)
    VALUES(${pcpg},(SELECT id FROM app_user WHERE email='hb@example.wales'),'pcpg_signatory','2024-04-01',${now});`);
});
after(async () => { await server?.stop(); rmSync(dir, { recursive: true, force: true }); });

const U = p => `${server.url}${p}`;
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const why = html => (summary(html) || html.slice(0, 400)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

function form(who, over = {}) {
  return { csrf: who.csrf, allocation: String(alloc), budget_line: '', kind: 'order', title: 'Patient leaflets',
    supplier: 'Print Co', description: '', start_on: '2028-06-01', end_on: '', value: '900.00', monthly: '', ...over };
}
async function request(over, who = lead) {
  const r = await postForm(U(`${CSW}/commitments/new`), who.cookie, form(who, over));
  assert.equal(r.status, 303, why(r.body));
  return Number(r.headers.get('location').match(/\/commitments\/(\d+)$/)[1]);
}

test('the request form: bad input named and kept as typed; the route before submitting saves nothing', async () => {
  const unit = await get(U(CSW), lead.cookie);
  assert.match(unit.body, /href="\/units\/cardiff-south-west\/commitments">Commitments</);
  const page = await get(U(`${CSW}/commitments/new`), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Request a commitment');
  assert.match(page.body, new RegExp(`<option value="${alloc}">2028/29 – Test cluster funding \\(£175,000.00\\)`));
  const before = sql(server, 'SELECT COUNT(*) FROM finance_commitment;');
  const bad = await postForm(U(`${CSW}/commitments/new`), lead.cookie,
    form(lead, { value: '12,50.00', title: '', kind: 'contract', end_on: '' }));
  assert.equal(bad.status, 400);
  const s = summary(bad.body);
  assert.match(s, /href="#value">Enter an amount in pounds and pence, like 1,250.00/);
  assert.match(bad.body, /name="value" type="text" value="12,50.00"/, 'the amount as typed');
  assert.match(bad.body, /id="supplier" name="supplier" type="text" value="Print Co"/);
  const check = await postForm(U(`${CSW}/commitments/new`), lead.cookie,
    form(lead, { value: '5,000.01', supplier: 'Check Only Ltd', check: '1' }));
  assert.equal(check.status, 200);
  const answer = text(check.body);
  assert.match(answer, /Procurement route Three written quotes/);
  assert.match(answer, /Approver needed Cluster lead/);
  assert.match(answer, /These are example rules shipped with carecluster\. Replace them with your health board's Standing Financial Instructions\./);
  assert.match(check.body, /name="value" type="text" value="5,000.01"/);
  assert.equal(sql(server, 'SELECT COUNT(*) FROM finance_commitment;'), before, 'checking saves nothing');
  // another cluster's allocation is refused
  const afanAlloc = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES((SELECT id FROM unit WHERE slug='afan'),'2028/29','Afan funding','recurrent',100,0,0) RETURNING id;`);
  const other = await postForm(U(`${CSW}/commitments/new`), lead.cookie, form(lead, { allocation: String(afanAlloc) }));
  assert.equal(other.status, 400);
  assert.match(summary(other.body), /href="#allocation">Choose the funding stream/);
});

test('a funded post: monthly cost times months, profiled month by month, route kept; the requester cannot approve', async () => {
  const id = await request({ kind: 'post', title: 'Care coordinator', supplier: 'NHS', value: '',
    monthly: '2,500.00', start_on: '2028-04-01', end_on: '2029-03-31' });
  const row = sql(server, `SELECT value_pence, route, approver_role, decision_required, status, year FROM finance_commitment WHERE id=${id};`);
  assert.equal(row, '3000000|sell2wales|pcpg_signatory|1|requested|2028/29');
  assert.equal(sql(server, `SELECT COUNT(*) || '|' || SUM(amount_pence) FROM finance_commitment_month WHERE commitment_id=${id};`), '12|3000000');
  const page = await get(U(`/commitments/${id}`), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Care coordinator');
  assert.match(page.body, /id="status">Awaiting approval</);
  assert.equal(bodyRows(tableById(page.body, 'months-table')).length, 12, 'the months (the total is a header row)');
  assert.match(text(page.body), /Total £30,000.00/);
  assert.match(page.body, /id="why-not">You asked for this commitment, so someone else must approve it</);
  assert.doesNotMatch(page.body, /action="\/commitments\/\d+\/approve"/);
  // the database refuses it too
  const refused = await postForm(U(`/commitments/${id}/approve`), lead.cookie, { csrf: lead.csrf, decision: String(decisionId) });
  assert.equal(refused.status, 400);
  assert.match(summary(refused.body), /You asked for this commitment/);
  // a member of the cluster sees what authority it needs
  const m = await get(U(`/commitments/${id}`), member.cookie);
  assert.match(m.body, /id="why-not">Approving this commitment needs a PCPG authorised signatory</);
  // the signatory must choose the PCPG's decision
  const s = await get(U(`/commitments/${id}`), hb.cookie);
  assert.match(s.body, new RegExp(`<option value="${decisionId}">`));
  const noDecision = await postForm(U(`/commitments/${id}/approve`), hb.cookie, { csrf: hb.csrf, decision: '' });
  assert.equal(noDecision.status, 400);
  assert.match(summary(noDecision.body), /href="#decision">The rules require the decision of the Pan Cluster Planning Group/);
  const ok = await postForm(U(`/commitments/${id}/approve`), hb.cookie, { csrf: hb.csrf, decision: String(decisionId) });
  assert.equal(ok.status, 303, why(ok.body));
  assert.equal(sql(server, `SELECT status || '|' || decision_id FROM finance_commitment WHERE id=${id};`), `committed|${decisionId}`);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='finance_commitment' AND entity_id=${id};`), '2');
  const done = await get(U(`/commitments/${id}`), lead.cookie);
  assert.match(done.body, /id="status">Committed</);
  assert.match(done.body, /Agreed to fund the care coordinator post/);
});

test('split orders to one supplier are added up: the third order needs a higher approver', async () => {
  const a = await request({ title: 'Leaflets A', supplier: 'Acme Print', value: '4,000.00' });
  const b = await request({ title: 'Leaflets B', supplier: ' ACME  print ', value: '4,000.00' });
  const c = await request({ title: 'Leaflets C', supplier: 'acme print', value: '4,000.00' });
  const rows = sql(server, `SELECT aggregated_pence || ':' || route || ':' || approver_role FROM finance_commitment WHERE id IN (${a},${b},${c}) ORDER BY id;`);
  assert.deepEqual(rows.split('\n'), ['400000:one_quote:cluster_lead', '800000:three_quotes:cluster_lead', '1200000:three_quotes:pcpg_signatory']);
  // the API answers the same for a fourth
  const api = await get(U(`/api/v1/units/cardiff-south-west/procurement-route?value=100&supplier=Acme%20Print`), lead.cookie);
  assert.equal(api.status, 200);
  // (the API checks the financial year of today, not 2028/29: nothing aggregated)
  assert.equal(JSON.parse(api.body).aggregated_value, 100);
  // a cluster lead may approve the first (not theirs): the afan lead may not even see it
  assert.equal((await get(U(`/commitments/${a}`), afanLead.cookie)).status, 404);
  assert.equal((await postForm(U(`/commitments/${a}/approve`), afanLead.cookie, { csrf: afanLead.csrf })).status, 404);
  // decline needs a reason, kept
  const noReason = await postForm(U(`/commitments/${c}/decline`), hb.cookie, { csrf: hb.csrf, reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(summary(noReason.body), /Enter why the commitment is declined/);
  const declined = await postForm(U(`/commitments/${c}/decline`), hb.cookie, { csrf: hb.csrf, reason: 'Split order: one tender' });
  assert.equal(declined.status, 303, why(declined.body));
  assert.equal(sql(server, `SELECT status || '|' || declined_reason FROM finance_commitment WHERE id=${c};`), 'declined|Split order: one tender');
  // cancel by the cluster; not by a member; CSRF
  assert.equal((await postForm(U(`/commitments/${b}/cancel`), lead.cookie, {})).status, 403);
  const mem = await postForm(U(`/commitments/${b}/cancel`), member.cookie, { csrf: member.csrf });
  assert.notEqual(mem.status, 303);
  const cancelled = await postForm(U(`/commitments/${b}/cancel`), lead.cookie, { csrf: lead.csrf });
  assert.equal(cancelled.status, 303, why(cancelled.body));
  assert.equal(sql(server, `SELECT status FROM finance_commitment WHERE id=${b};`), 'cancelled');
  // the national user reads, and approves nothing
  const n = await get(U(`/commitments/${a}`), national.cookie);
  assert.equal(n.status, 200);
  assert.doesNotMatch(n.body, /action="\/commitments\/\d+\/(approve|cancel)"/);
  assert.equal((await postForm(U(`/commitments/${a}/approve`), national.cookie, { csrf: national.csrf })).status, 400);
});

test('the list: year and status filters, "you may approve", and its workbook in pence', async () => {
  const list = await get(U(`${CSW}/commitments?year=2028&status=requested`), hb.cookie);
  assert.equal(list.status, 200);
  assert.equal(h1(list.body), 'Commitments');
  const rows = bodyRows(tableById(list.body, 'commitments-table'));
  assert.equal(rows.length, 1, "only Leaflets A still awaits approval");
  assert.ok(rows.some(r => /Leaflets A/.test(r) && /You may approve/.test(r)), 'the signatory may approve the cluster lead\'s order');
  assert.match(list.body, /id="may-approve">You may approve \d+ of these\./);
  assert.doesNotMatch(list.body, /Leaflets B/, 'cancelled ones are not requested');
  const all = await get(U(`${CSW}/commitments?year=2028`), lead.cookie);
  const total = Number(sql(server, `SELECT SUM(value_pence) FROM finance_commitment WHERE unit_id=(SELECT id FROM unit WHERE slug='cardiff-south-west') AND year='2028/29';`));
  const shown = all.body.match(/id="commitments-total">([^<]*)</)[1];
  assert.equal(Math.round(Number(shown.replace(/[£,]/g, '')) * 100), total);
  assert.match(all.body, /href="\/units\/cardiff-south-west\/commitments.xlsx\?year=2028"/);
  assert.equal((await get(U(`/units/afan/commitments`), lead.cookie)).status, 404);
  const res = await fetch(U(`${CSW}/commitments.xlsx?year=2028`), { headers: { Cookie: lead.cookie } });
  assert.equal(res.status, 200);
  const file = join(dir, 'c.xlsx');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const out = mkdtempSync(join(dir, 'lo-'));
  const r = spawnSync('libreoffice', [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false', '--outdir', out, file], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  const csv = readFileSync(join(out, readdirSync(out).find(f => f.endsWith('.csv'))), 'utf8').trim().split('\n');
  assert.equal(String(csv.length - 1), sql(server, `SELECT COUNT(*) FROM finance_commitment WHERE unit_id=(SELECT id FROM unit WHERE slug='cardiff-south-west') AND year='2028/29';`), 'one line a commitment');
  const pence = csv.slice(1).map(l => Math.round(Number(l.split(',').at(-1).replace(/"/g, '')) * 100));
  assert.equal(pence.reduce((x, y) => x + y, 0), total);
});

test('who may request: not a member, not another cluster, not the national user; unknown ids 404', async () => {
  assert.equal((await get(U(`${CSW}/commitments/new`), member.cookie)).status, 404);
  assert.equal((await postForm(U(`${CSW}/commitments/new`), afanLead.cookie, form(afanLead))).status, 404);
  assert.equal((await postForm(U(`${CSW}/commitments/new`), national.cookie, form(national))).status, 404);
  assert.equal((await postForm(U(`${CSW}/commitments/new`), lead.cookie, { ...form(lead), csrf: 'x' })).status, 403);
  assert.equal((await get(U('/commitments/999999'), lead.cookie)).status, 404);
  assert.ok(hbId);
});
