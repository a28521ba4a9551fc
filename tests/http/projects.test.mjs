// Projects through their stages over HTTP (issue 14): starting one directly
// (bad input named and kept as typed) and from an approved business case
// (its budget, risks, milestones, plan texts and commitments carried
// over; one project per case), editing, milestones (the baseline stays
// when the due date moves), the gate (what is missing, each a link; the
// decision must be of a meeting of the owning group), closing (closure
// report and recommendation needed; closed means read only), the
// portfolio of a cluster and of the PCPG above it with its filters and
// workbook, the API's contract, the thread on the objective, business
// case and plan on a page, and who may see and change what (404s, CSRF).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById, bodyRows, sql, unixNow } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
const PCPG = 'cardiff-pan-cluster-planning-group';
const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
let server, lead, member, afanLead, national, hb, owner, decisionId, afanDecisionId, objectiveId, planId;

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  const now = unixNow();
  owner = sql(server, `SELECT MIN(person_id) FROM membership WHERE unit_id=${csw};`);
  // A held meeting of the cluster with a decision; another of Afan's.
  const decide = (unit, text) => {
    const m = sql(server, `INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
      VALUES(${unit},'Gate meeting','2026-05-10T10:00','2026-05-10T12:00','held',${now},${now}) RETURNING id;`);
    const item = sql(server, `INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,created_at,updated_at)
      VALUES(${m},1,'Project gate','decision',10,${now},${now}) RETURNING id;`);
    return sql(server, `INSERT INTO decision(agenda_item_id,text,vote_kind,quorum_required,quorum_present,created_at)
      VALUES(${item},'${text}','none',3,5,${now}) RETURNING id;`);
  };
  decisionId = decide(csw, 'Agreed the project may move to planning');
  afanDecisionId = decide(`(SELECT id FROM unit WHERE slug='afan')`, 'Afan agreed something else');
  planId = sql(server, `INSERT INTO plan(unit_id,year,status,created_at,updated_at) VALUES(${csw},'2031/32','draft',${now},${now}) RETURNING id;`);
  objectiveId = sql(server, `INSERT INTO plan_objective(plan_id,ref,title,created_at,updated_at)
    VALUES(${planId},'O9','Fewer falls at home',${now},${now}) RETURNING id;`);
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const why = html => (summary(html) || html.slice(0, 400)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

function form(who, over = {}) {
  return { csrf: who.csrf, title: 'Falls prevention classes', summary: 'Strength and balance classes', objective: String(objectiveId),
    problem_type: 'tame', problem_reason: 'Known causes, proven classes', owner: String(owner), sponsor: 'Dr Morgan',
    start_on: '2026-04-01', end_on: '2027-03-31', budget: '20,000.00', cost_tolerance: '10', time_tolerance: '30',
    risk_tolerance: '12', ...over };
}
async function startProject(over = {}, who = lead) {
  const r = await postForm(U(`${CSW}/projects/new`), who.cookie, form(who, over));
  assert.equal(r.status, 303, why(r.body));
  return Number(r.headers.get('location').match(/\/projects\/(\d+)$/)[1]);
}
function completeDocs(id, kinds) {
  const now = unixNow();
  for (const k of kinds) {
    sql(server, `INSERT INTO project_doc(project_id,kind,state,completed_at,created_at,updated_at) VALUES(${id},'${k}','complete',${now},${now},${now});`);
  }
}

test('start a project directly: bad input named and kept as typed; the project with its defaults, audited', async () => {
  const page = await get(U(`${CSW}/projects/new?objective=${objectiveId}`), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Start a project');
  assert.match(page.body, new RegExp(`<option value="${objectiveId}" selected>2031/32 O9: Fewer falls at home`));
  assert.match(page.body, /calls for a command approach/);
  assert.match(page.body, /calls for a collaborative approach/);
  assert.match(page.body, /Wicked problems are usually complex/);
  assert.match(page.body, /name="cost_tolerance" type="text" value="10"/);
  const bad = await postForm(U(`${CSW}/projects/new`), lead.cookie,
    form(lead, { title: '', budget: '12,50.00', problem_type: '', end_on: '2026-01-01', owner: '' }));
  assert.equal(bad.status, 400);
  const s = summary(bad.body);
  assert.match(s, /href="#title">Enter the project&#39;s title/);
  assert.match(s, /href="#budget">Enter the budget in pounds and pence/);
  assert.match(s, /href="#problem_type">Choose the type of problem/);
  assert.match(s, /href="#end_on">The planned end must be on or after the start/);
  assert.match(s, /href="#owner">Choose the project&#39;s owner/);
  assert.match(bad.body, /name="budget" type="text" value="12,50.00"/, 'the amount as typed');
  assert.match(bad.body, /name="sponsor" type="text" value="Dr Morgan"/);
  // an owner who is not a member of the cluster is refused
  const stranger = sql(server, `INSERT INTO person(name,home_unit_id,created_at,updated_at) VALUES('Not A Member',(SELECT id FROM unit WHERE slug='afan'),0,0) RETURNING id;`);
  const s2 = await postForm(U(`${CSW}/projects/new`), lead.cookie, form(lead, { owner: String(stranger) }));
  assert.equal(s2.status, 400);
  const id = await startProject({ cost_tolerance: '', time_tolerance: '', risk_tolerance: '' });
  const row = sql(server, `SELECT stage || '|' || problem_type || '|' || budget_pence || '|' || cost_tolerance_pct || '|' ||
    time_tolerance_days || '|' || risk_tolerance || '|' || objective_id || '|' || complex FROM project WHERE id=${id};`);
  assert.equal(row, `initiate|tame|2000000|10|30|12|${objectiveId}|0`);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project' AND entity_id=${id};`), '1');
  const p = await get(U(`/projects/${id}`), lead.cookie);
  assert.equal(p.status, 200);
  assert.equal(h1(p.body), 'Falls prevention classes');
  assert.match(p.body, /id="stage">Initiate</);
  assert.match(p.body, /id="rag">Green</);
  assert.match(p.body, /<li aria-current="step"><strong>Initiate<\/strong>/);
  assert.match(text(p.body), /Budget £20,000.00/);
  // the gate panel names the documents missing, each a link to the documents page
  assert.match(p.body, new RegExp(`<a href="/projects/${id}/documents#kind-plan_on_a_page">Complete the plan on a page</a>`));
  assert.match(p.body, /Complete the project brief/);
  // links to every page of the project
  for (const path of ['documents', 'risks', 'issues', 'evaluation', 'logic-model', 'benefits', 'highlight', 'stakeholders', 'decisions']) {
    assert.match(p.body, new RegExp(`href="/projects/${id}/${path}"`), path);
  }
});

test('milestones: the baseline is set at creation and stays when the due date moves; done; bad dates kept', async () => {
  const id = await startProject({ title: 'Milestone project' });
  const add = await postForm(U(`/projects/${id}/milestones/new`), lead.cookie, { csrf: lead.csrf, title: 'Classes running', due_on: '2026-09-01' });
  assert.equal(add.status, 303, why(add.body));
  const m = sql(server, `SELECT id FROM project_milestone WHERE project_id=${id};`);
  assert.equal(sql(server, `SELECT baseline_on || '|' || due_on FROM project_milestone WHERE id=${m};`), '2026-09-01|2026-09-01');
  const bad = await postForm(U(`/projects/${id}/milestones/${m}/edit`), lead.cookie,
    { csrf: lead.csrf, title: 'Classes running', due_on: '2026-13-40', done_on: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#due_on">Enter the due date/);
  assert.match(bad.body, /name="due_on" type="date" value="2026-13-40"/);
  const moved = await postForm(U(`/projects/${id}/milestones/${m}/edit`), lead.cookie,
    { csrf: lead.csrf, title: 'Classes running', due_on: '2026-10-15', done_on: '' });
  assert.equal(moved.status, 303, why(moved.body));
  assert.equal(sql(server, `SELECT baseline_on || '|' || due_on FROM project_milestone WHERE id=${m};`), '2026-09-01|2026-10-15');
  const list = await get(U(`/projects/${id}/milestones`), lead.cookie);
  assert.equal(list.status, 200);
  assert.equal(bodyRows(tableById(list.body, 'milestones-table')).length, 1);
  assert.match(list.body, /44 days later than planned/);
  const done = await postForm(U(`/projects/${id}/milestones/${m}/edit`), lead.cookie,
    { csrf: lead.csrf, title: 'Classes running', due_on: '2026-10-15', done_on: '2026-01-05' });
  assert.equal(done.status, 303, why(done.body));
  assert.equal(sql(server, `SELECT done_on FROM project_milestone WHERE id=${m};`), '2026-01-05');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project_milestone' AND entity_id=${m};`), '3');
  // another project's milestone is not this one's
  const other = await startProject({ title: 'Other project' });
  assert.equal((await get(U(`/projects/${other}/milestones/${m}/edit`), lead.cookie)).status, 404);
});

test('edit: changes are audited with old and new; the tolerances come back typed when wrong', async () => {
  const id = await startProject({ title: 'To be edited' });
  const page = await get(U(`/projects/${id}/edit`), lead.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /name="title" type="text" value="To be edited"/);
  assert.match(page.body, /name="budget" type="text" value="20000.00"/);
  const bad = await postForm(U(`/projects/${id}/edit`), lead.cookie, form(lead, { title: 'To be edited', cost_tolerance: '101' }));
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#cost_tolerance">Enter the cost tolerance as a whole number from 0 to 100/);
  assert.match(bad.body, /name="cost_tolerance" type="text" value="101"/);
  const ok = await postForm(U(`/projects/${id}/edit`), lead.cookie, form(lead, { title: 'Edited', problem_type: 'wicked', complex: '1' }));
  assert.equal(ok.status, 303, why(ok.body));
  assert.equal(sql(server, `SELECT title || '|' || problem_type || '|' || complex FROM project WHERE id=${id};`), 'Edited|wicked|1');
  const audit = sql(server, `SELECT old_values FROM audit_log WHERE entity='project' AND entity_id=${id} AND action='update';`);
  assert.match(audit, /"title":"To be edited"/);
});

test('a write that breaks the cost tolerance opens one exception report, with the situation filled in', async () => {
  const id = await startProject({ title: 'Over budget project', budget: '1,000.00' });
  const now = unixNow();
  const alloc = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2030/31','Tolerance funding','recurrent',5000000,${now},${now}) RETURNING id;`);
  sql(server, `INSERT INTO finance_commitment(unit_id,allocation_id,project_id,kind,title,supplier,supplier_key,
    value_pence,start_on,end_on,year,status,requested_by,requested_at,approved_by,approved_at,aggregated_pence,route,approver_role,rule,
    decision_required,created_at,updated_at)
    VALUES(${csw},${alloc},${id},'order','Kit','Shop','shop',110001,'2030-05-01','2030-05-01','2030/31','committed',
    (SELECT id FROM app_user WHERE email='lead@example.wales'),${now},(SELECT id FROM app_user WHERE email='hb@example.wales'),${now},
    110001,'one_quote','cluster_lead','',0,${now},${now});`);
  // £1,100.01 against £1,000.00 at 10%: broken by a penny; the next write opens the report
  const api = JSON.parse((await get(U(`/api/v1/projects/${id}`), lead.cookie)).body);
  assert.equal(api.rag, 'red');
  const ok = await postForm(U(`/projects/${id}/edit`), lead.cookie, form(lead, { title: 'Over budget project', budget: '1,000.00' }));
  assert.equal(ok.status, 303, why(ok.body));
  assert.equal(sql(server, `SELECT COUNT(*) || '|' || MIN(trigger_kind) || '|' || MIN(breach_key) FROM project_doc WHERE project_id=${id} AND kind='exception';`),
    '1|cost|cost:100000:10');
  assert.match(sql(server, `SELECT t.body FROM project_doc_text t JOIN project_doc d ON d.id=t.doc_id
    WHERE d.project_id=${id} AND d.kind='exception' AND t.field='situation';`), /£1,100\.01/);
  const again = await postForm(U(`/projects/${id}/edit`), lead.cookie, form(lead, { title: 'Over budget project', budget: '1,000.00' }));
  assert.equal(again.status, 303, why(again.body));
  assert.equal(sql(server, `SELECT COUNT(*) FROM project_doc WHERE project_id=${id} AND kind='exception';`), '1', 'the same breach opens no second report');
});

test('a commitment requested for a project counts in its spend; another group\'s project is refused', async () => {
  const id = await startProject({ title: 'Project with a commitment' });
  const now = unixNow();
  const alloc = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2028/29','Project funding','recurrent',17500000,${now},${now}) RETURNING id;`);
  const page = await get(U(`${CSW}/commitments/new`), lead.cookie);
  assert.match(page.body, new RegExp(`<option value="${id}">Project with a commitment</option>`));
  const fields = { csrf: lead.csrf, allocation: String(alloc), budget_line: '', kind: 'order', title: 'Leaflets for the classes',
    supplier: 'Print Co', description: '', start_on: '2028-06-01', end_on: '', value: '900.00', monthly: '' };
  const afanProject = sql(server, `INSERT INTO project(unit_id,title,problem_type,start_on,end_on,created_at,updated_at)
    VALUES((SELECT id FROM unit WHERE slug='afan'),'Afan project','tame','2026-01-01','2026-12-31',0,0) RETURNING id;`);
  const bad = await postForm(U(`${CSW}/commitments/new`), lead.cookie, { ...fields, project: String(afanProject) });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#project">Choose an open project of this group/);
  const ok = await postForm(U(`${CSW}/commitments/new`), lead.cookie, { ...fields, project: String(id) });
  assert.equal(ok.status, 303, why(ok.body));
  const c = ok.headers.get('location').match(/\/commitments\/(\d+)$/)[1];
  assert.equal(sql(server, `SELECT project_id FROM finance_commitment WHERE id=${c};`), String(id));
  const p = await get(U(`/projects/${id}`), lead.cookie);
  assert.match(text(p.body), /Requested, awaiting approval £900.00/);
});

test('the gate: what is missing, each a link; the decision must be of the owning group; passing moves the stage', async () => {
  const id = await startProject({ title: 'Gate project' });
  const g = await get(U(`/projects/${id}/gate`), lead.cookie);
  assert.equal(g.status, 200);
  assert.match(g.body, /id="gate-missing"/);
  assert.doesNotMatch(g.body, /name="decision"/, 'no chooser while something is missing');
  const early = await postForm(U(`/projects/${id}/gate`), lead.cookie, { csrf: lead.csrf, decision: String(decisionId) });
  assert.equal(early.status, 400);
  assert.match(summary(early.body), /The gate cannot pass while something it needs is missing/);
  assert.equal(sql(server, `SELECT stage FROM project WHERE id=${id};`), 'initiate');
  completeDocs(id, ['plan_on_a_page', 'brief', 'structure']);
  const ready = await get(U(`/projects/${id}/gate`), lead.cookie);
  assert.match(ready.body, /id="gate-ready"/);
  assert.match(ready.body, new RegExp(`<option value="${decisionId}">`));
  assert.doesNotMatch(ready.body, new RegExp(`<option value="${afanDecisionId}">`), 'only the owning group\'s decisions');
  const wrong = await postForm(U(`/projects/${id}/gate`), lead.cookie, { csrf: lead.csrf, decision: String(afanDecisionId) });
  assert.equal(wrong.status, 400);
  assert.match(summary(wrong.body), /href="#decision">Choose a decision of a meeting of the group that owns the project/);
  assert.match(wrong.body, /name="note"/, 'the form is shown again');
  const none = await postForm(U(`/projects/${id}/gate`), lead.cookie, { csrf: lead.csrf, decision: '' });
  assert.equal(none.status, 400);
  const pass = await postForm(U(`/projects/${id}/gate`), lead.cookie, { csrf: lead.csrf, decision: String(decisionId), note: 'Agreed' });
  assert.equal(pass.status, 303, why(pass.body));
  assert.equal(sql(server, `SELECT stage FROM project WHERE id=${id};`), 'plan');
  assert.equal(sql(server, `SELECT from_stage || '|' || to_stage || '|' || decision_id FROM project_gate WHERE project_id=${id};`), `initiate|plan|${decisionId}`);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project_gate';`) >= '1', true);
  const p = await get(U(`/projects/${id}`), lead.cookie);
  assert.match(p.body, /id="stage">Plan</);
  assert.match(p.body, /Agreed the project may move to planning/);
  // plan -> deliver also needs a milestone, a risk and an outcome, each a link
  assert.match(p.body, new RegExp(`href="/projects/${id}/milestones">Add a milestone`));
  assert.match(p.body, new RegExp(`href="/projects/${id}/risks">Add a risk`));
  assert.match(p.body, new RegExp(`href="/projects/${id}/logic-model">Add an outcome`));
  const api = JSON.parse((await get(U(`/api/v1/projects/${id}`), lead.cookie)).body);
  assert.equal(api.gates.length, 1);
  assert.equal(api.gates[0].decision_id, Number(decisionId));
  assert.equal(api.gates[0].from_stage, 'initiate');
});

test('closing: only in Close, with the closure report complete and a recommendation; then read only', async () => {
  const id = await startProject({ title: 'Closing project' });
  const early = await postForm(U(`/projects/${id}/close`), lead.cookie, { csrf: lead.csrf });
  assert.equal(early.status, 400);
  assert.match(summary(early.body), /A project closes only in its Close stage/);
  sql(server, `UPDATE project SET stage='close' WHERE id=${id};`);
  const p = await get(U(`/projects/${id}`), lead.cookie);
  assert.match(p.body, /id="close-needs"/);
  const missing = await postForm(U(`/projects/${id}/close`), lead.cookie, { csrf: lead.csrf });
  assert.equal(missing.status, 400);
  assert.match(summary(missing.body), /Complete the closure report before closing/);
  assert.match(summary(missing.body), /Make the mainstreaming recommendation before closing/);
  completeDocs(id, ['closure']);
  sql(server, `UPDATE project SET recommendation='scale_up', recommendation_reason='It worked' WHERE id=${id};`);
  const ok = await postForm(U(`/projects/${id}/close`), lead.cookie, { csrf: lead.csrf });
  assert.equal(ok.status, 303, why(ok.body));
  assert.match(sql(server, `SELECT closed_on FROM project WHERE id=${id};`), /^\d{4}-\d\d-\d\d$/);
  const closed = await get(U(`/projects/${id}`), lead.cookie);
  assert.match(closed.body, /id="closed">Closed</);
  assert.match(closed.body, /Recommendation at closure: Scale up/);
  assert.doesNotMatch(closed.body, /id="edit-link"/);
  assert.equal((await get(U(`/projects/${id}/edit`), lead.cookie)).status, 404, 'closed projects are read only');
  assert.equal((await postForm(U(`/projects/${id}/milestones/new`), lead.cookie, { csrf: lead.csrf, title: 'x', due_on: '2026-01-01' })).status, 404);
});

test('from an approved business case: budget, risks, milestones, texts and commitments carried over; one project per case', async () => {
  const now = unixNow();
  const caseId = sql(server, `INSERT INTO business_case(unit_id,title,objective_id,state,decision_id,decided_at,created_at,updated_at)
    VALUES(${csw},'Care coordinator case',${objectiveId},'approved',${decisionId},${now},${now},${now}) RETURNING id;`);
  sql(server, `INSERT INTO business_case_cost(case_id,title,kind,year,low_pence,amount_pence,high_pence) VALUES
    (${caseId},'Post','labour','2026/27',1000000,3000000,3500000),(${caseId},'Kit','capital','2026/27',100000,150000,200000);`);
  sql(server, `INSERT INTO business_case_risk(case_id,description,likelihood,consequence,mitigation,sort_order) VALUES
    (${caseId},'Recruitment delay',4,3,'Advertise early',1),(${caseId},'Low uptake',2,4,'Promote in practices',2);`);
  sql(server, `INSERT INTO business_case_objective(case_id,text,due_on,sort_order) VALUES
    (${caseId},'Post filled','2026-07-01',1),(${caseId},'Caseload of 50','2026-12-01',2),(${caseId},'No date',NULL,3);`);
  sql(server, `INSERT INTO business_case_text(case_id,field,body) VALUES
    (${caseId},'case.problem','Frail people fall'),(${caseId},'plan.aim','Fewer falls'),(${caseId},'plan.communication','Newsletter');`);
  const alloc = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2026/27','Case funding','recurrent',5000000,${now},${now}) RETURNING id;`);
  const commitment = sql(server, `INSERT INTO finance_commitment(unit_id,allocation_id,business_case_id,kind,title,supplier,supplier_key,
    value_pence,start_on,end_on,year,status,requested_by,requested_at,approved_by,approved_at,aggregated_pence,route,approver_role,rule,
    decision_required,created_at,updated_at)
    VALUES(${csw},${alloc},${caseId},'post','Coordinator','NHS','nhs',3000000,'2026-04-01','2027-03-31','2026/27','committed',
    (SELECT id FROM app_user WHERE email='lead@example.wales'),${now},(SELECT id FROM app_user WHERE email='hb@example.wales'),${now},
    3000000,'none','cluster_lead','',0,${now},${now}) RETURNING id;`);
  sql(server, `INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,created_at)
    VALUES(${csw},${alloc},${commitment},'2026-05-01','2026/27',250000,${now});`);
  // the case's page offers to start it
  const cp = await get(U(`/business-cases/${caseId}`), lead.cookie);
  assert.match(cp.body, new RegExp(`href="/units/cardiff-south-west/projects/new\\?case=${caseId}">Start the project`));
  const page = await get(U(`${CSW}/projects/new?case=${caseId}`), lead.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /name="title" type="text" value="Care coordinator case"/);
  assert.match(page.body, /its budget \(£31,500.00, its total expected cost\)/);
  const r = await postForm(U(`${CSW}/projects/new`), lead.cookie,
    { ...form(lead, { title: 'Care coordinator project', budget: '1.00', objective: '' }), case: String(caseId) });
  assert.equal(r.status, 303, why(r.body));
  const id = Number(r.headers.get('location').match(/\/projects\/(\d+)$/)[1]);
  assert.equal(sql(server, `SELECT business_case_id || '|' || objective_id || '|' || budget_pence FROM project WHERE id=${id};`),
    `${caseId}|${objectiveId}|3150000`);
  assert.equal(sql(server, `SELECT description || ':' || likelihood || consequence || residual_likelihood || residual_consequence || ':' || controls
    FROM risk WHERE project_id=${id} ORDER BY id;`), 'Recruitment delay:4343:Advertise early\nLow uptake:2424:Promote in practices');
  assert.equal(sql(server, `SELECT title || ':' || baseline_on || ':' || due_on FROM project_milestone WHERE project_id=${id} ORDER BY due_on;`),
    'Post filled:2026-07-01:2026-07-01\nCaseload of 50:2026-12-01:2026-12-01');
  assert.equal(sql(server, `SELECT d.kind || ':' || t.field || ':' || t.body FROM project_doc d JOIN project_doc_text t ON t.doc_id=d.id
    WHERE d.project_id=${id} AND d.state='draft' ORDER BY d.kind, t.field;`),
    'brief:background:Frail people fall\nbrief:objectives:Fewer falls\npid:background:Frail people fall\npid:communication:Newsletter\npid:objectives:Fewer falls');
  assert.equal(sql(server, `SELECT project_id FROM finance_commitment WHERE id=${commitment};`), String(id));
  // money from the ledger through the commitments
  const api = JSON.parse((await get(U(`/api/v1/projects/${id}`), lead.cookie)).body);
  assert.equal(api.budget, 3150000);
  assert.equal(api.spent, 250000);
  assert.equal(api.business_case_id, Number(caseId));
  assert.equal(api.risks.length, 2);
  assert.deepEqual(Object.keys(api.risks[0]).sort(), ['consequence', 'description', 'escalated', 'id', 'inherent_score', 'likelihood',
    'owner', 'residual_consequence', 'residual_likelihood', 'residual_score', 'review_on', 'status'].sort());
  assert.equal(api.risks[0].inherent_score, 12);
  assert.equal(api.risks[0].residual_score, 12);
  assert.equal(api.milestones.length, 2);
  assert.ok(Array.isArray(api.logic_model));
  assert.equal(typeof api.evaluation, 'object');
  // one project per case: the page says so and links to it; a second POST is refused
  const again = await get(U(`${CSW}/projects/new?case=${caseId}`), lead.cookie);
  assert.match(again.body, new RegExp(`id="case-has-project">This business case already has its project. <a href="/projects/${id}">`));
  const twice = await postForm(U(`${CSW}/projects/new`), lead.cookie, { ...form(lead), case: String(caseId) });
  assert.equal(twice.status, 400);
  assert.match(summary(twice.body), /This business case already has its project/);
  const cp2 = await get(U(`/business-cases/${caseId}`), lead.cookie);
  assert.match(cp2.body, new RegExp(`id="case-project"><a href="/projects/${id}">Go to the project`));
  // a case not approved cannot start one
  const draft = sql(server, `INSERT INTO business_case(unit_id,title,state,created_at,updated_at) VALUES(${csw},'Draft case','draft',${now},${now}) RETURNING id;`);
  const d = await get(U(`${CSW}/projects/new?case=${draft}`), lead.cookie);
  assert.match(d.body, /id="case-not-approved"/);
  const dp = await postForm(U(`${CSW}/projects/new`), lead.cookie, { ...form(lead), case: String(draft) });
  assert.equal(dp.status, 400);
});

test('the portfolio of the cluster and of the PCPG above it; filters; workbook; the API list as the contract', async () => {
  const id = await startProject({ title: 'Portfolio project', budget: '1,000.00' });
  // a milestone past its due date makes it amber
  sql(server, `INSERT INTO project_milestone(project_id,title,baseline_on,due_on,created_at,updated_at) VALUES(${id},'Late one','2020-01-01','2020-01-01',0,0);`);
  sql(server, `UPDATE project SET end_on='2099-12-31' WHERE id=${id};`);
  const list = await get(U(`${CSW}/projects`), lead.cookie);
  assert.equal(list.status, 200);
  assert.equal(h1(list.body), 'Projects');
  const rows = bodyRows(tableById(list.body, 'projects-table'));
  const row = rows.find(r => r.includes(`/projects/${id}"`));
  assert.ok(row, 'the project is listed');
  assert.match(row, /Amber/);
  assert.match(row, /A milestone is past its due date/);
  assert.match(row, /£0.00 of £1,000.00/);
  const pc = await get(U(`/units/${PCPG}/projects`), hb.cookie);
  assert.equal(pc.status, 200);
  assert.match(pc.body, new RegExp(`href="/projects/${id}">Portfolio project</a><br><span class="nhsuk-body-s">Cardiff South West`));
  const amber = await get(U(`/units/${PCPG}/projects?rag=amber&stage=initiate`), hb.cookie);
  assert.match(amber.body, new RegExp(`/projects/${id}"`));
  const red = await get(U(`/units/${PCPG}/projects?rag=red&stage=close`), hb.cookie);
  assert.doesNotMatch(red.body, new RegExp(`/projects/${id}"`));
  const xl = await fetch(U(`${CSW}/projects.xlsx`), { headers: { Cookie: lead.cookie } });
  assert.equal(xl.status, 200);
  assert.match(xl.headers.get('content-type'), /spreadsheetml/);
  assert.equal(Buffer.from(await xl.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  const api = JSON.parse((await get(U(`/api/v1/units/${PCPG}/projects`), hb.cookie)).body);
  const p = api.projects.find(x => x.id === id);
  assert.deepEqual(Object.keys(p).filter(k => k !== 'unit').sort(),
    ['budget', 'business_case_id', 'id', 'objective_id', 'problem_type', 'rag', 'spent', 'stage', 'title'].sort());
  assert.equal(p.budget, 100000);
  assert.equal(p.rag, 'amber');
  assert.equal(p.business_case_id, null);
  // the list's figures are the detail's (one definition)
  for (const x of api.projects) {
    const d = JSON.parse((await get(U(`/api/v1/projects/${x.id}`), hb.cookie)).body);
    assert.deepEqual([d.budget, d.spent, d.rag, d.stage], [x.budget, x.spent, x.rag, x.stage], `project ${x.id}`);
  }
});

test('the thread: the objective\'s page and the plan on a page show the projects with their RAG', async () => {
  const o = await get(U(`/plans/${planId}/objectives/${objectiveId}`), lead.cookie);
  assert.equal(o.status, 200);
  assert.match(o.body, /<h2 id="projects-heading">Projects<\/h2>/);
  assert.match(o.body, /id="objective-projects"[\s\S]*?Falls prevention classes/);
  assert.match(o.body, new RegExp(`href="/units/cardiff-south-west/projects/new\\?objective=${objectiveId}"`));
  const pp = await get(U(`/plans/${planId}/page`), lead.cookie);
  assert.equal(pp.status, 200);
  assert.match(pp.body, /class="nhsuk-list nhsuk-body-s cc-objective-projects"[\s\S]*?Falls prevention classes<\/a> <strong class="nhsuk-tag nhsuk-tag--(green|orange|red)">/);
  const unit = await get(U(CSW), lead.cookie);
  assert.match(unit.body, /href="\/units\/cardiff-south-west\/projects">Projects</);
  // from an indicator, through the objective it measures, to the project
  const now = unixNow();
  const code = sql(server, `SELECT code FROM indicator WHERE code='smoking_prevalence';`);
  const o8 = sql(server, `INSERT INTO plan_objective(plan_id,ref,title,indicator_id,created_at,updated_at)
    VALUES(${planId},'O8','Lower smoking prevalence',(SELECT id FROM indicator WHERE code='${code}'),${now},${now}) RETURNING id;`);
  const pid = await startProject({ title: 'Help me quit clinics', objective: String(o8) });
  const ind = await get(U(`${CSW}/indicators/${code}`), lead.cookie);
  assert.equal(ind.status, 200);
  const objectives = ind.body.match(/<ul[^>]*id="thread-objectives">[\s\S]*?<\/ul>/)[0];
  assert.match(objectives, new RegExp(`Project: <a href="/projects/${pid}">Help me quit clinics</a>`));
});

test('who may: not another cluster (404), not a member or the national user to change (404); CSRF refused', async () => {
  const id = await startProject({ title: 'Guarded project' });
  assert.equal((await get(U(`/projects/${id}`), afanLead.cookie)).status, 404);
  assert.equal((await get(U(`/api/v1/projects/${id}`), afanLead.cookie)).status, 404);
  assert.equal((await get(U(`/projects/999999`), lead.cookie)).status, 404);
  const m = await get(U(`/projects/${id}`), member.cookie);
  assert.equal(m.status, 200);
  assert.doesNotMatch(m.body, /id="edit-link"/);
  assert.equal((await get(U(`/projects/${id}/edit`), member.cookie)).status, 404);
  assert.equal((await get(U(`${CSW}/projects/new`), member.cookie)).status, 404);
  assert.equal((await postForm(U(`/projects/${id}/gate`), member.cookie, { csrf: member.csrf, decision: String(decisionId) })).status, 404);
  const n = await get(U(`/projects/${id}`), national.cookie);
  assert.equal(n.status, 200);
  assert.equal((await get(U(`/projects/${id}/edit`), national.cookie)).status, 404);
  assert.equal((await postForm(U(`${CSW}/projects/new`), national.cookie, form(national))).status, 404);
  assert.equal((await postForm(U(`${CSW}/projects/new`), afanLead.cookie, form(afanLead))).status, 404);
  assert.equal((await postForm(U(`/projects/${id}/edit`), lead.cookie, { ...form(lead), csrf: '' })).status, 403);
  assert.equal((await postForm(U(`/projects/${id}/close`), lead.cookie, {})).status, 403);
  assert.equal((await postForm(U(`/projects/${id}/milestones/new`), lead.cookie, { title: 'x', due_on: '2026-01-01' })).status, 403);
  assert.equal(sql(server, `SELECT title FROM project WHERE id=${id};`), 'Guarded project');
});
