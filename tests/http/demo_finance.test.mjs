// The demonstration money: what `init --demo` adds for cardiff-south-west
// and afan answers through the finance API as the demonstration meant it
// (allocations, last year's remainder carried forward, a stream whose
// forecast passes its allocation), every committed commitment was
// approved under the example Standing Financial Instructions by someone
// with authority who is not the requester, with the Pan Cluster Planning
// Group's decision where the rules ask for one, and each cluster has an
// approved business case (every part written, its costs its commitments)
// and a draft with a part missing. On SQLite and PostgreSQL alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, mustSignIn, dbSql, cli, newDatabase, onPostgres } from './helpers.mjs';

let server, lead, afanLead;
const sql = q => dbSql(server.db, q);
const rows = q => { const t = sql(q); return t === '' ? [] : t.split('\n').map(l => l.split('|')); };

function financialYear(d = new Date()) {
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
  return m >= 4 ? y : y - 1;
}
const Y0 = financialYear();
const YEAR = `${Y0}/${String((Y0 + 1) % 100).padStart(2, '0')}`;
const PREV = `${Y0 - 1}/${String(Y0 % 100).padStart(2, '0')}`;
const unitOf = slug => `(SELECT id FROM unit WHERE slug='${slug}')`;
const parentOf = slug => `(SELECT l.parent_id FROM unit_link l WHERE l.child_id=${unitOf(slug)} AND l.relation='part_of' AND l.valid_to IS NULL)`;

async function api(path, cookie) {
  const r = await get(`${server.url}${path}`, cookie);
  let json = null;
  try { json = JSON.parse(r.body); } catch { /* checked by callers */ }
  return { ...r, json };
}

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
});
after(async () => { await server.stop(); });

test('the finance API answers the demonstration allocations, with the transformation fund of Cardiff South West over its allocation', async () => {
  const r = await api(`/api/v1/units/cardiff-south-west/finance?year=${Y0}`, lead.cookie);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.year, `${Y0}-${String((Y0 + 1) % 100).padStart(2, '0')}`);
  const by = Object.fromEntries(r.json.streams.map(s => [s.stream, s]));
  const rec = by['Cluster funding'], tr = by['Transformation fund: urgent same-day care'];
  assert.ok(rec && tr, JSON.stringify(r.json));
  assert.equal(rec.allocated, 18240000, '£182,400.00 of recurrent cluster funding');
  assert.equal(tr.allocated, 6000000 + 875000, '£60,000.00 and the £8,750.00 carried forward from last year');
  assert.ok(tr.forecast > tr.allocated, 'the forecast passes the allocation: the warning shows');
  assert.ok(rec.forecast <= rec.allocated);
  for (const s of r.json.streams) {
    for (const k of ['allocated', 'committed', 'spent', 'forecast', 'remaining']) assert.ok(Number.isInteger(s[k]), `${k} in whole pence`);
  }
  for (const k of ['allocated', 'committed', 'spent', 'forecast', 'remaining']) {
    assert.equal(r.json.streams.reduce((a, s) => a + s[k], 0), r.json.total[k], `the streams add up to the total ${k}`);
  }
  // Committed as the database holds it: the committed commitments' months in the year.
  const committed = Number(sql(`SELECT SUM(m.amount_pence) FROM finance_commitment_month m JOIN finance_commitment c ON c.id=m.commitment_id
    WHERE c.unit_id=${unitOf('cardiff-south-west')} AND c.status='committed' AND m.month>='${Y0}-04' AND m.month<='${Y0 + 1}-03'`));
  assert.equal(r.json.total.committed, committed);

  const afan = await api(`/api/v1/units/afan/finance?year=${Y0}`, afanLead.cookie);
  assert.equal(afan.status, 200);
  const a = Object.fromEntries(afan.json.streams.map(s => [s.stream, s]));
  assert.equal(a['Cluster funding'].allocated, 16875000);
  assert.equal(a['Transformation fund: social prescribing'].allocated, 4500000);
  for (const s of afan.json.streams) assert.ok(s.forecast <= s.allocated, `${s.stream}: within its allocation`);
});

test('last year: what was left of the transformation fund was carried forward, approved by the health board', () => {
  const [alloc, spent] = rows(`SELECT a.amount_pence, (SELECT SUM(s.amount_pence) FROM finance_spend s WHERE s.allocation_id=a.id)
    FROM finance_allocation a WHERE a.unit_id=${unitOf('cardiff-south-west')} AND a.year='${PREV}' AND a.kind='transformation'`)[0].map(Number);
  const cf = rows(`SELECT f.amount_pence, t.year, u.role FROM finance_carry_forward f JOIN finance_allocation t ON t.id=f.to_allocation_id
    JOIN app_user u ON u.id=f.approved_by WHERE t.unit_id=${unitOf('cardiff-south-west')}`);
  assert.equal(cf.length, 1);
  assert.equal(Number(cf[0][0]), alloc - spent, 'the remainder, to the penny');
  assert.equal(cf[0][1], YEAR);
  assert.equal(cf[0][2], 'health_board');
});

test('every committed demonstration commitment: approved by someone with authority, not the requester, with a decision when required', () => {
  const all = rows(`SELECT c.id, c.status FROM finance_commitment c WHERE c.demo=1`);
  assert.ok(all.length >= 10);
  // The route and approver are what the example rules say for the aggregated value.
  const wrongRoute = rows(`SELECT c.id, c.route, c.approver_role FROM finance_commitment c WHERE c.demo=1 AND (
      c.route <> (SELECT b.route FROM sfi_band b WHERE b.version_id=c.sfi_version_id AND b.min_pence<=c.aggregated_pence
                  AND (b.max_pence IS NULL OR c.aggregated_pence<=b.max_pence))
   OR c.approver_role <> (SELECT d.approver_role FROM sfi_delegation d WHERE d.version_id=c.sfi_version_id
                  AND d.max_pence>=c.aggregated_pence ORDER BY d.max_pence LIMIT 1)
   OR c.decision_required <> (SELECT CASE WHEN v.decision_over_pence IS NOT NULL AND c.aggregated_pence>v.decision_over_pence THEN 1 ELSE 0 END
                  FROM sfi_version v WHERE v.id=c.sfi_version_id)
   OR (SELECT v.example FROM sfi_version v WHERE v.id=c.sfi_version_id) <> 1)`);
  assert.deepEqual(wrongRoute, [], 'each commitment keeps the route check\'s answer under the example rules');
  const unauthorised = rows(`SELECT c.id FROM finance_commitment c WHERE c.demo=1 AND c.status='committed' AND NOT (
      c.approved_by <> c.requested_by AND c.approved_at IS NOT NULL AND EXISTS (
        SELECT 1 FROM sfi_signatory g WHERE g.user_id=c.approved_by AND g.valid_to IS NULL
          AND g.unit_id IN (SELECT l.parent_id FROM unit_link l WHERE l.child_id=c.unit_id AND l.relation='part_of'
                            UNION SELECT l2.parent_id FROM unit_link l1 JOIN unit_link l2 ON l2.child_id=l1.parent_id
                            WHERE l1.child_id=c.unit_id AND l1.relation='part_of' AND l2.relation='part_of')
          AND (CASE g.approver_role WHEN 'hb_officer' THEN 3 ELSE 2 END)
              >= (CASE c.approver_role WHEN 'hb_officer' THEN 3 WHEN 'pcpg_signatory' THEN 2 ELSE 1 END)
          AND (SELECT d.max_pence FROM sfi_delegation d WHERE d.version_id=c.sfi_version_id AND d.approver_role=g.approver_role)
              >= c.aggregated_pence))`);
  assert.deepEqual(unauthorised, [], 'approved by a named signatory whose limit covers it, never the requester');
  const noDecision = rows(`SELECT c.id FROM finance_commitment c WHERE c.demo=1 AND c.status='committed' AND c.decision_required=1
    AND NOT EXISTS (SELECT 1 FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id
      WHERE d.id=c.decision_id AND m.status='held' AND m.unit_id IN (SELECT l.parent_id FROM unit_link l WHERE l.child_id=c.unit_id AND l.relation='part_of'))`);
  assert.deepEqual(noDecision, [], 'the decision of a held meeting of the group above the cluster');
  // The months of each add up to its value, and run to its end.
  assert.deepEqual(rows(`SELECT c.id FROM finance_commitment c WHERE c.demo=1 AND c.value_pence <>
    (SELECT SUM(m.amount_pence) FROM finance_commitment_month m WHERE m.commitment_id=c.id)`), []);
  for (const slug of ['cardiff-south-west', 'afan']) {
    const u = unitOf(slug);
    assert.equal(sql(`SELECT COUNT(*) FROM finance_commitment WHERE unit_id=${u} AND status='requested' AND approved_by IS NULL`), '1',
      `${slug}: one awaiting approval`);
    assert.ok(Number(sql(`SELECT COUNT(*) FROM finance_commitment WHERE unit_id=${u} AND status='committed' AND value_pence>2500000 AND decision_id IS NOT NULL`)) >= 1,
      `${slug}: one over £25,000 approved with the group's decision`);
    const post = rows(`SELECT c.end_on, (SELECT MAX(m.month) FROM finance_commitment_month m WHERE m.commitment_id=c.id),
      (SELECT COUNT(*) FROM finance_commitment_month m WHERE m.commitment_id=c.id) FROM finance_commitment c WHERE c.unit_id=${u} AND c.kind='post'`)[0];
    assert.equal(post[1], post[0].slice(0, 7), `${slug}: the post is profiled to its contract end`);
    assert.ok(Number(post[2]) > 1);
    assert.ok(Number(sql(`SELECT COUNT(*) FROM finance_commitment WHERE unit_id=${u} AND kind='order' AND status='committed'`)) >= 2, 'small orders');
  }
});

test('spend: entered and from the ledger with its references, a credit among it, all demonstration data', () => {
  for (const slug of ['cardiff-south-west', 'afan']) {
    const u = unitOf(slug);
    assert.ok(Number(sql(`SELECT COUNT(*) FROM finance_spend WHERE unit_id=${u} AND source='ledger' AND ledger_ref IS NOT NULL`)) > 3);
    assert.ok(Number(sql(`SELECT COUNT(*) FROM finance_spend WHERE unit_id=${u} AND source='entered' AND ledger_ref IS NULL`)) >= 1);
    assert.equal(sql(`SELECT COUNT(*) FROM finance_spend WHERE unit_id=${u} AND source='ledger' AND ledger_ref IS NULL`), '0');
    assert.ok(Number(sql(`SELECT COUNT(*) FROM finance_spend WHERE unit_id=${u} AND amount_pence<0`)) >= 1, 'a credit');
    assert.ok(Number(sql(`SELECT COUNT(*) FROM finance_spend WHERE unit_id=${u} AND commitment_id IS NULL`)) >= 1, 'uncommitted spend');
  }
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(sql(`SELECT COUNT(*) FROM finance_spend WHERE spent_on>'${today}'`), '0', 'nothing spent in the future');
  for (const t of ['finance_allocation', 'finance_commitment', 'finance_spend', 'business_case']) {
    assert.equal(sql(`SELECT COUNT(*) FROM ${t} WHERE demo<>1`), '0', `${t}: marked demonstration data`);
  }
});

test('business cases: an approved one with every part written and its costs as commitments, and a draft with a part missing', async () => {
  const fields = Number(sql(`SELECT COUNT(DISTINCT field) FROM business_case_text`));
  assert.equal(fields, 26, 'the seven parts\' fields');
  for (const slug of ['cardiff-south-west', 'afan']) {
    const u = unitOf(slug);
    const cases = rows(`SELECT id, state, decision_id, objective_id, preferred_option_id FROM business_case WHERE unit_id=${u} ORDER BY id`);
    assert.deepEqual(cases.map(c => c[1]), ['approved', 'draft'], slug);
    const [id, , decision, objective, preferred] = cases[0];
    assert.notEqual(objective, '', 'started from a plan objective');
    assert.equal(sql(`SELECT COUNT(*) FROM business_case_text WHERE case_id=${id} AND body<>''`), '26', `${slug}: every field written`);
    assert.equal(sql(`SELECT COUNT(*) FROM business_case_option WHERE case_id=${id} AND do_nothing=1`), '1', 'do nothing among the options');
    assert.equal(sql(`SELECT cost_pence FROM business_case_option WHERE id=${preferred}`),
      sql(`SELECT SUM(amount_pence) FROM business_case_cost WHERE case_id=${id}`), 'the preferred option costs what the cost rows add up to');
    assert.ok(Number(sql(`SELECT COUNT(*) FROM business_case_criterion WHERE case_id=${id}`)) >= 3);
    assert.ok(Number(sql(`SELECT COUNT(*) FROM business_case_objective WHERE case_id=${id} AND measure<>'' AND target<>'' AND due_on IS NOT NULL AND owner<>''`)) >= 2, 'SMART objectives');
    assert.ok(Number(sql(`SELECT COUNT(*) FROM business_case_risk WHERE case_id=${id}`)) >= 2);
    // The decision of a held meeting of the group above the cluster.
    assert.equal(sql(`SELECT m.status FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id
      WHERE d.id=${decision} AND m.unit_id=${parentOf(slug)}`), 'held');
    // Each cost from an allocation of the unit is a commitment of the case, under the same decision.
    assert.deepEqual(rows(`SELECT k.id FROM business_case_cost k LEFT JOIN finance_commitment c ON c.id=k.commitment_id
      WHERE k.case_id=${id} AND k.allocation_id IS NOT NULL AND (c.id IS NULL OR c.business_case_id<>${id} OR c.decision_id<>${decision}
        OR c.value_pence<>k.amount_pence)`), []);
    const draft = cases[1][0];
    assert.equal(sql(`SELECT COUNT(*) FROM business_case_text WHERE case_id=${draft} AND field LIKE 'impact.%'`), '0', 'the impact part not written');
    assert.ok(Number(sql(`SELECT COUNT(*) FROM business_case_text WHERE case_id=${draft}`)) > 10);
  }
  // The business-case API, where it is served.
  const r = await api('/api/v1/units/cardiff-south-west/business-cases', lead.cookie);
  if (r.status !== 404) {
    assert.equal(r.status, 200, r.body);
    const list = r.json.business_cases;
    assert.deepEqual(list.map(c => c.state).sort(), ['approved', 'draft']);
    const approved = list.find(c => c.state === 'approved');
    assert.equal(approved.total_cost, Number(sql(`SELECT SUM(amount_pence) FROM business_case_cost WHERE case_id=${approved.id}`)));
    assert.equal(approved.title, 'Cluster pharmacist for frailty reviews');
  }
});

test('the approvers are demonstration users who can sign in; init lists them', async () => {
  const s = await mustSignIn(server.url, 'signatory@example.wales');
  assert.ok(s.cookie);
  assert.equal(sql(`SELECT g.approver_role FROM sfi_signatory g JOIN app_user u ON u.id=g.user_id WHERE u.email='signatory@example.wales'`), 'pcpg_signatory');
  assert.equal(sql(`SELECT g.approver_role FROM sfi_signatory g JOIN app_user u ON u.id=g.user_id WHERE u.email='hb@example.wales'`), 'hb_officer');
  if (!onPostgres) {
    const db = newDatabase({ demo: false, empty: true });
    try {
      const r = cli(['init', '--db', db.target, '--demo']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /signatory@example\.wales\s+member\s+cardiff-south-west/);
      assert.match(r.stdout, /signatory\.afan@example\.wales\s+member\s+afan/);
    } finally { db.drop(); }
  }
});

test('the PCPG sees which cluster has a stream over its allocation, and a case\'s commitment leads back to the case', async () => {
  const hb = await mustSignIn(server.url, 'hb@example.wales');
  const pcpg = sql(`SELECT slug FROM unit WHERE id=${parentOf('cardiff-south-west')};`).trim();
  const page = await get(`${server.url}/units/${pcpg}/finance?year=${Y0}`, hb.cookie);
  assert.equal(page.status, 200);
  const table = page.body.match(/<table[^>]*id="clusters"[\s\S]*?<\/table>/)?.[0] ?? '';
  const row = table.split('<tr').find(r => r.includes('/units/cardiff-south-west/finance')) ?? '';
  // Its total is within the allocation; its transformation stream is not.
  assert.match(row, /A stream over/);
  assert.match(page.body, /The forecast of at least one funding stream of a cluster is more than it was allocated\./);
  const quiet = table.split('<tr').filter(r => r.includes('/units/') && !r.includes('cardiff-south-west'));
  assert.ok(quiet.length >= 1);
  for (const r of quiet) assert.doesNotMatch(r, /nhsuk-tag--red/);

  const [c] = rows(`SELECT c.id, b.id, b.title FROM finance_commitment c JOIN business_case b ON b.id=c.business_case_id
                     WHERE c.unit_id=${unitOf('cardiff-south-west')} ORDER BY c.id LIMIT 1;`);
  assert.ok(c, 'a commitment made from an approved business case');
  const one = await get(`${server.url}/commitments/${c[0]}`, lead.cookie);
  assert.equal(one.status, 200);
  const link = one.body.match(/<a href="\/business-cases\/(\d+)">([^<]*)<\/a>/);
  assert.ok(link, 'the commitment links to its business case');
  assert.equal(link[1], c[1]);
  assert.equal(link[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'), c[2]);
});
