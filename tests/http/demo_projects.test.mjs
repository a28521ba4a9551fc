// The demonstration projects: what `init --demo` adds answers through the
// projects API as the demonstration meant it. Cardiff South West's approved
// business case is carried into a project in Deliver: its budget the case's
// expected costs, its spend the ledger's against its commitments, two gates
// passed each with the decision of a held meeting of the cluster, its risks
// scored on the 5x5 matrix (one above the tolerance, escalated), a
// milestone moved late enough to break the time tolerance (so RAG is red and
// an exception report is open), a logic model tied to a QI measure of the
// cluster, and an evaluation with a first measurement and one due. Afan's
// project, started directly, is its own: Cardiff's lead does not see it.
// On SQLite and PostgreSQL alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, mustSignIn, dbSql } from './helpers.mjs';

let server, lead, afanLead;
const sql = q => dbSql(server.db, q);
const unitOf = slug => `(SELECT id FROM unit WHERE slug='${slug}')`;

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

async function cswProject() {
  const r = await api('/api/v1/units/cardiff-south-west/projects', lead.cookie);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.projects.length, 1, JSON.stringify(r.json));
  return r.json.projects[0];
}

test('the approved business case became a project in Deliver, its budget the case and its spend the ledger', async () => {
  const p = await cswProject();
  const caseId = Number(sql(`SELECT id FROM business_case WHERE unit_id=${unitOf('cardiff-south-west')} AND state='approved'`));
  assert.equal(p.business_case_id, caseId);
  assert.equal(p.objective_id, Number(sql(`SELECT objective_id FROM business_case WHERE id=${caseId}`)));
  assert.equal(p.stage, 'deliver');
  assert.equal(p.problem_type, 'tame');
  assert.equal(p.budget, Number(sql(`SELECT SUM(amount_pence) FROM business_case_cost WHERE case_id=${caseId}`)),
    'the budget is the case\'s expected costs, in pence');
  const spent = Number(sql(`SELECT COALESCE(SUM(s.amount_pence),0) FROM finance_spend s JOIN finance_commitment c ON c.id=s.commitment_id
                            WHERE c.business_case_id=${caseId}`));
  assert.ok(spent > 0, 'the demonstration ledger has spend against the case\'s commitments');
  assert.equal(p.spent, spent, 'spent is the ledger\'s spend against its commitments');
  assert.ok(Number.isInteger(p.budget) && Number.isInteger(p.spent));
  assert.equal(p.rag, 'red', 'the time tolerance is broken');
});

test('its gates were passed by decisions of held meetings of the cluster, and its risks are scored', async () => {
  const p = await cswProject();
  const r = await api(`/api/v1/projects/${p.id}`, lead.cookie);
  assert.equal(r.status, 200, r.body);
  const d = r.json;
  assert.equal(d.id, p.id);
  assert.deepEqual(d.gates.map(g => `${g.from_stage}>${g.to_stage}`), ['initiate>plan', 'plan>deliver']);
  for (const g of d.gates) {
    assert.ok(Number.isInteger(g.decision_id));
    assert.equal(sql(`SELECT m.unit_id || '|' || m.status FROM decision x JOIN agenda_item a ON a.id=x.agenda_item_id
                      JOIN meeting m ON m.id=a.meeting_id WHERE x.id=${g.decision_id}`),
      `${sql(`SELECT id FROM unit WHERE slug='cardiff-south-west'`)}|held`, 'a decision of a held meeting of the owning cluster');
  }
  assert.equal(d.risks.length, 3);
  for (const k of d.risks) {
    for (const f of ['likelihood', 'consequence']) assert.ok(k[f] >= 1 && k[f] <= 5, f);
    assert.equal(k.inherent_score, k.likelihood * k.consequence);
    assert.equal(k.residual_score, k.residual_likelihood * k.residual_consequence);
  }
  const over = d.risks.filter(k => k.residual_score > 12);
  assert.equal(over.length, 1, 'one risk above the tolerance of 12');
  assert.ok(over[0].escalated, 'and it is escalated to the cluster\'s risk register');
  assert.equal(d.milestones.length, 4);
});

test('the broken time tolerance has its exception report; the logic model is tied to a QI measure; the evaluation has a first measurement', async () => {
  const p = await cswProject();
  const d = (await api(`/api/v1/projects/${p.id}`, lead.cookie)).json;
  const late = d.milestones.reduce((a, m) => (m.due_on > a ? m.due_on : a), '');
  assert.ok(late > sql(`SELECT end_on FROM project WHERE id=${p.id}`), 'a milestone is due after the planned end');
  assert.equal(sql(`SELECT COUNT(*) FROM project_doc WHERE project_id=${p.id} AND kind='exception' AND trigger_kind='time'`), '1');
  const tied = d.logic_model.filter(i => i.measure && i.measure.kind === 'qi');
  assert.equal(tied.length, 1, JSON.stringify(d.logic_model));
  assert.equal(sql(`SELECT q.unit_id FROM qi_measure m JOIN qi_project q ON q.id=m.project_id WHERE m.id=${tied[0].measure.id}`),
    sql(`SELECT id FROM unit WHERE slug='cardiff-south-west'`), 'a measure of the cluster\'s own QI project');
  const cols = new Set(d.logic_model.map(i => i.col));
  for (const c of ['input', 'activity', 'output', 'outcome_short', 'outcome_medium', 'outcome_long', 'impact']) assert.ok(cols.has(c), c);
  const measured = d.evaluation.measurements.filter(m => m.measured_on);
  assert.equal(measured.length, 1, 'a first measurement');
  assert.equal(measured[0].value, 64);
  assert.equal(d.evaluation.measurements.filter(m => m.due).length, 1, 'one re-measurement due');
  assert.ok(d.evaluation.benefits.length >= 2);
});

test('afan\'s project is its own', async () => {
  const mine = await api('/api/v1/units/afan/projects', afanLead.cookie);
  assert.equal(mine.status, 200);
  assert.equal(mine.json.projects.length, 1);
  const p = mine.json.projects[0];
  assert.equal(p.stage, 'initiate');
  assert.equal(p.business_case_id, null, 'started directly');
  const other = await api(`/api/v1/projects/${p.id}`, lead.cookie);
  assert.equal(other.status, 404, 'Cardiff South West\'s lead may not see it');
});
