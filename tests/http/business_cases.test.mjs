// Business cases over HTTP (issue 13): a cluster starts a case from a plan
// priority (its findings come with it as evidence), writes the seven parts
// (bad input named and kept, money as typed), is told by the checks what
// is missing before it may submit (each a link to the part), appraises the
// options against weighted criteria with a sensitivity view, submits (the
// case is then read only), and a health board user decides it with the
// decision of a PCPG meeting: on approval each cost paid from an
// allocation becomes a commitment requested under the SFI rules, linked
// from the case. The API, the unit page, the plan objective's section, the
// decision's backlink, CSRF and who may see and change what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, h1, sql, sqlQuote, unixNow } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
let server, lead, member, afanLead, hb, national;
let priorityId, findingText, allocationId, decisionId, caseId, objectiveId, objectivePlanId;

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  // What other areas maintain, arranged directly: a priority with a
  // finding, an allocation of the cluster, a decision of a meeting of the
  // PCPG above it.
  const asmt = sql(server, `INSERT INTO needs_assessment(unit_id,year,summary,demo,created_at,updated_at)
    VALUES(${csw},'2024/25','Test assessment',0,${now},${now}) RETURNING id;`);
  findingText = 'Waits for a routine appointment are the longest in the board';
  const finding = sql(server, `INSERT INTO needs_finding(assessment_id,source,what,so_what,now_what,sort_order,created_at,updated_at)
    VALUES(${asmt},'local',${sqlQuote(findingText)},'','',1,${now},${now}) RETURNING id;`);
  priorityId = sql(server, `INSERT INTO priority(assessment_id,title,description,created_at,updated_at)
    VALUES(${asmt},'Access to appointments','',${now},${now}) RETURNING id;`);
  sql(server, `INSERT INTO priority_finding(priority_id,finding_id) VALUES(${priorityId},${finding});`);
  allocationId = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2026/27','Test recurrent funding','recurrent',17500000,${now},${now}) RETURNING id;`);
  const meeting = sql(server, `INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
    SELECT id,'PCPG test meeting','2026-11-20T10:00','2026-11-20T12:00','scheduled',${now},${now}
      FROM unit WHERE slug='cardiff-pan-cluster-planning-group' RETURNING id;`);
  const item = sql(server, `INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,status,restricted,created_at,updated_at)
    VALUES(${meeting},1,'Business cases','decision',10,'accepted',0,1,1) RETURNING id;`);
  decisionId = sql(server, `INSERT INTO decision(agenda_item_id,text,reason,vote_kind,quorum_required,quorum_present,created_at)
    VALUES(${item},'The PCPG approved the pharmacist business case',NULL,'none',5,9,${now}) RETURNING id;`);
  const o = sql(server, `SELECT o.id, o.plan_id FROM plan_objective o JOIN plan p ON p.id=o.plan_id
    WHERE p.unit_id=${csw} ORDER BY o.id LIMIT 1;`).split('|');
  objectiveId = o[0]; objectivePlanId = o[1];
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const why = html => summary(html).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ') || html.slice(0, 300);
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

test('the unit page links to the cases; starting one: bad input kept, evidence from the priority', async () => {
  assert.match((await get(U(CSW), lead.cookie)).body, /href="\/units\/cardiff-south-west\/business-cases">Business cases</);
  const list = await get(U(`${CSW}/business-cases`), lead.cookie);
  assert.equal(list.status, 200);
  assert.equal(h1(list.body), 'Business cases');
  const form = await get(U(`${CSW}/business-cases/new?priority=${priorityId}`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, new RegExp(`<option value="${priorityId}" selected>Access to appointments`));
  const bad = await postForm(U(`${CSW}/business-cases`), lead.cookie,
    { csrf: lead.csrf, title: '', priority: String(priorityId), objective: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#title">Enter this/);
  assert.match(bad.body, new RegExp(`<option value="${priorityId}" selected>`), 'the choice is kept');
  const both = await postForm(U(`${CSW}/business-cases`), lead.cookie,
    { csrf: lead.csrf, title: 'Kept title', priority: String(priorityId), objective: String(objectiveId) });
  assert.equal(both.status, 400);
  assert.match(summary(both.body), /an objective or a priority, not both/);
  assert.match(both.body, /value="Kept title"/);
  const ok = await postForm(U(`${CSW}/business-cases`), lead.cookie,
    { csrf: lead.csrf, title: 'Practice-based pharmacist', priority: String(priorityId), objective: '' });
  assert.equal(ok.status, 303, why(ok.body));
  caseId = Number(ok.headers.get('location').match(/\/business-cases\/(\d+)$/)[1]);
  const page = await get(U(`/business-cases/${caseId}`), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Practice-based pharmacist');
  // The executive summary comes first, then the parts in seed order.
  const order = ['summary', 'case', 'options', 'impact', 'project', 'resources', 'plan']
    .map(p => page.body.indexOf(`id="part-${p}"`));
  assert.ok(order.every(i => i > 0), 'every part is shown');
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'summary first, then seed order');
  assert.match(page.body, new RegExp(`id="case-from">This case answers priority <a href="/priorities/${priorityId}">`));
  assert.ok(text(page.body).includes(findingText), 'the finding came with it as evidence');
  assert.match(page.body, /id="case-findings">\n<li>Waits for a routine appointment/, 'and is listed as the thread back');
  assert.match(page.body, /Do nothing[\s\S]*?nhsuk-tag--grey">Do nothing</, 'do nothing is always there');
  assert.match((await get(U(`${CSW}/business-cases`), member.cookie)).body,
    new RegExp(`href="/business-cases/${caseId}">Practice-based pharmacist<`));
});

test('who may see and change a case: 404 for another cluster, read only for members and national users; CSRF', async () => {
  assert.equal((await get(U(`/business-cases/${caseId}`), afanLead.cookie)).status, 404);
  assert.equal((await get(U(`/business-cases/${caseId}/appraisal`), afanLead.cookie)).status, 404);
  assert.equal((await get(U(`/api/v1/units/cardiff-south-west/business-cases`), afanLead.cookie)).status, 404);
  const m = await get(U(`/business-cases/${caseId}`), member.cookie);
  assert.equal(m.status, 200);
  assert.doesNotMatch(m.body, /\/parts\/case"/);
  assert.equal((await get(U(`/business-cases/${caseId}/parts/case`), member.cookie)).status, 404);
  assert.equal((await postForm(U(`/business-cases/${caseId}/parts/case`), member.cookie,
    { csrf: member.csrf, 'case.problem': 'x' })).status, 404);
  assert.equal((await get(U(`/business-cases/${caseId}`), national.cookie)).status, 200);
  assert.equal((await get(U(`${CSW}/business-cases/new`), national.cookie)).status, 404);
  assert.equal((await postForm(U(`/business-cases/${caseId}/parts/case`), lead.cookie, { 'case.problem': 'x' })).status, 403);
  assert.equal((await get(U(`/business-cases/${caseId}/parts/nonsense`), lead.cookie)).status, 404);
  assert.equal((await get(U('/business-cases/999999'), lead.cookie)).status, 404);
  // Deciding is the PCPG's: not the cluster lead's, and not a draft.
  assert.equal((await get(U(`/business-cases/${caseId}/decide`), lead.cookie)).status, 404);
  assert.equal((await get(U(`/business-cases/${caseId}/decide`), hb.cookie)).status, 404);
});

test('the checks name what is missing, each a link to its part; submission is refused until they pass', async () => {
  const page = await get(U(`/business-cases/${caseId}`), lead.cookie);
  const checks = page.body.match(/<div class="nhsuk-card" id="checks">[\s\S]*?<\/div><\/div>/)[0];
  assert.match(checks, new RegExp(`href="/business-cases/${caseId}/parts/impact">3\\. Expected impact and benefits is empty`));
  assert.match(checks, /No option is chosen as the preferred one/);
  assert.match(checks, /The project plan has no SMART objective/);
  assert.doesNotMatch(checks, /There is no .do nothing. option/);
  const r = await postForm(U(`/business-cases/${caseId}/submit`), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /cannot be submitted yet/);
});

test('writing the parts: texts saved, rows added, bad money and amounts out of order refused and kept', async () => {
  const texts = {
    case: { 'case.problem': 'Patients wait three weeks for a routine appointment.', 'case.alignment': 'IMTP access objective.' },
    impact: { 'impact.impact': 'Four hundred more appointments a month.', 'impact.quantified': 'Appointments a month.' },
    project: { 'project.scope': 'Five practices.', 'project.goal': 'Shorter waits.' },
    resources: { 'resources.notes': 'All from the cluster funding.' },
    plan: { 'plan.aim': 'Shorter waits for routine appointments.' },
    summary: { 'summary.summary': 'A pharmacist for the cluster for a year, £52,000.' },
  };
  const form = await get(U(`/business-cases/${caseId}/parts/summary`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /write it last/, 'the summary says it is written last');
  for (const [part, fields] of Object.entries(texts)) {
    const r = await postForm(U(`/business-cases/${caseId}/parts/${part}`), lead.cookie, { csrf: lead.csrf, ...fields });
    assert.equal(r.status, 303, `${part}: ${why(r.body)}`);
  }
  // A cost whose lowest is above its expected: refused, what was typed kept.
  const cost = { csrf: lead.csrf, title: 'Pharmacist, band 7', kind: 'labour', year: '2026/27', allocation: String(allocationId),
    source: '', supplier: 'Cardiff and Vale UHB', low: '60,000.00', amount: '52,000', high: '58000' };
  let r = await postForm(U(`/business-cases/${caseId}/parts/resources/rows`), lead.cookie, cost);
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /lowest amount must not be more than the expected/);
  assert.match(r.body, /name="low" type="text" value="60,000.00"/);
  r = await postForm(U(`/business-cases/${caseId}/parts/resources/rows`), lead.cookie, { ...cost, low: 'lots' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /href="#low">Enter an amount in pounds and pence, like 1,250.00/);
  assert.match(r.body, /value="lots"/);
  r = await postForm(U(`/business-cases/${caseId}/parts/resources/rows`), lead.cookie, { ...cost, low: '48,000' });
  assert.equal(r.status, 303, why(r.body));
  // Options: one to do, with its cost; do nothing cannot be removed.
  r = await postForm(U(`/business-cases/${caseId}/parts/options/rows`), lead.cookie,
    { csrf: lead.csrf, title: 'Employ a pharmacist', description: 'A band 7 pharmacist across five practices.', cost: '£52,000.00' });
  assert.equal(r.status, 303, why(r.body));
  const opts = await get(U(`/business-cases/${caseId}/parts/options`), lead.cookie);
  const doNothing = opts.body.match(/<option value="(\d+)">Do nothing</)[1];
  const pharmacist = opts.body.match(/<option value="(\d+)">Employ a pharmacist</)[1];
  r = await postForm(U(`/business-cases/${caseId}/parts/options/rows/${doNothing}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /cannot be removed/);
  r = await postForm(U(`/business-cases/${caseId}/parts/options`), lead.cookie,
    { csrf: lead.csrf, 'options.notes': 'Doing nothing keeps the waits.', preferred: pharmacist });
  assert.equal(r.status, 303, why(r.body));
  // A risk, and a SMART objective with a gap first.
  r = await postForm(U(`/business-cases/${caseId}/parts/project/rows`), lead.cookie,
    { csrf: lead.csrf, description: 'Recruitment takes longer', likelihood: '6', consequence: '3', mitigation: '', owner: '' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /likelihood as a whole number from 1 to 5/);
  assert.match(r.body, /Recruitment takes longer/);
  r = await postForm(U(`/business-cases/${caseId}/parts/project/rows`), lead.cookie,
    { csrf: lead.csrf, description: 'Recruitment takes longer', likelihood: '3', consequence: '3', mitigation: 'Advertise early', owner: 'Cluster lead' });
  assert.equal(r.status, 303, why(r.body));
  r = await postForm(U(`/business-cases/${caseId}/parts/plan/rows`), lead.cookie,
    { csrf: lead.csrf, text: 'Cut the wait', measure: 'Days to third available appointment', target: '',
      'due_on-day': '31', 'due_on-month': '3', 'due_on-year': '2027', owner: 'Practice manager' });
  assert.equal(r.status, 303, why(r.body));
  let page = await get(U(`/business-cases/${caseId}`), lead.cookie);
  assert.match(page.body, new RegExp(`href="/business-cases/${caseId}/parts/plan">Objective 1 of the project plan is not SMART`));
  const planPart = await get(U(`/business-cases/${caseId}/parts/plan`), lead.cookie);
  const objRow = planPart.body.match(/parts\/plan\/rows\/(\d+)\/delete/)[1];
  r = await postForm(U(`/business-cases/${caseId}/parts/plan/rows/${objRow}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  r = await postForm(U(`/business-cases/${caseId}/parts/plan/rows`), lead.cookie,
    { csrf: lead.csrf, text: 'Cut the wait', measure: 'Days to third available appointment', target: '10 days',
      'due_on-day': '31', 'due_on-month': '3', 'due_on-year': '2027', owner: 'Practice manager' });
  assert.equal(r.status, 303, why(r.body));
  page = await get(U(`/business-cases/${caseId}`), lead.cookie);
  assert.match(page.body, /id="checks-ok"/, text(page.body.match(/id="checks"[\s\S]*?<\/ul>/)?.[0] ?? ''));
  // Amounts right-aligned as £; the budget is the costs' total.
  assert.match(page.body, /nhsuk-table__cell--numeric">£48,000.00<[\s\S]*?£52,000.00<[\s\S]*?£58,000.00</);
  assert.match(page.body, /id="plan-budget"[\s\S]*?£52,000.00/);
});

test('appraisal: weighted totals, ranks and the sensitivity in a table and in words', async () => {
  let r = await postForm(U(`/business-cases/${caseId}/appraisal/criteria`), lead.cookie, { csrf: lead.csrf, title: 'Access', weight: '11' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /weight as a whole number from 0 to 10/);
  assert.match(r.body, /value="11"/);
  r = await postForm(U(`/business-cases/${caseId}/appraisal/criteria`), lead.cookie, { csrf: lead.csrf, title: 'Access', weight: '8' });
  assert.equal(r.status, 303, why(r.body));
  r = await postForm(U(`/business-cases/${caseId}/appraisal/criteria`), lead.cookie, { csrf: lead.csrf, title: 'Cost', weight: '5' });
  assert.equal(r.status, 303);
  const page = await get(U(`/business-cases/${caseId}/appraisal`), lead.cookie);
  const names = [...page.body.matchAll(/name="(s-\d+-\d+)"/g)].map(m => m[1]);
  assert.equal(names.length, 4, 'two options by two criteria');
  // Rows: do nothing first, then the pharmacist; columns: access, cost.
  const [dnA, dnC, phA, phC] = names;
  r = await postForm(U(`/business-cases/${caseId}/appraisal`), lead.cookie, { csrf: lead.csrf, [dnA]: '1', [dnC]: '9', [phA]: '5', [phC]: '2' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /from 0 to 5/);
  assert.match(r.body, new RegExp(`name="${dnC}" type="text" inputmode="numeric" value="9"`));
  r = await postForm(U(`/business-cases/${caseId}/appraisal`), lead.cookie, { csrf: lead.csrf, [dnA]: '1', [dnC]: '5', [phA]: '5', [phC]: '2' });
  assert.equal(r.status, 303, why(r.body));
  const a = await get(U(`/business-cases/${caseId}/appraisal`), lead.cookie);
  // Do nothing 1*8+5*5 = 33; the pharmacist 5*8+2*5 = 50.
  const ids = [...a.body.matchAll(/id="total-(\d+)">(\d+)</g)].map(m => [m[1], Number(m[2])]);
  assert.deepEqual(ids.map(x => x[1]), [33, 50]);
  assert.match(a.body, new RegExp(`id="rank-${ids[1][0]}">1<`));
  // Access at weight 0: do nothing 25 beats 10; the preferred loses first place.
  assert.match(a.body, /<th class="nhsuk-table__header" scope="row">Access<\/th><td[^>]*>1 \/ 2<\/td><td[^>]*>2 \/ 1<\/td>/);
  assert.match(text(a.body), /Employ a pharmacist ranks first as weighted, but not whatever the weights: it loses first place on 1 criteria, for example when the weight of “Access” is 0 or 10\./);
});

test('submitting makes the case read only; the PCPG decides with its meeting\'s decision; costs become commitments', async () => {
  let r = await postForm(U(`/business-cases/${caseId}/submit`), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303, why(r.body));
  const page = await get(U(`/business-cases/${caseId}`), lead.cookie);
  assert.match(page.body, /id="case-state"><strong class="nhsuk-tag nhsuk-tag--blue">Submitted to the PCPG</);
  assert.match(page.body, /id="case-read-only"/);
  assert.equal((await get(U(`/business-cases/${caseId}/parts/case`), lead.cookie)).status, 404);
  assert.equal((await postForm(U(`/business-cases/${caseId}/parts/case`), lead.cookie, { csrf: lead.csrf, 'case.problem': 'later' })).status, 404);
  assert.equal((await get(U(`/business-cases/${caseId}/decide`), lead.cookie)).status, 404, 'not the cluster lead');
  assert.equal((await postForm(U(`/business-cases/${caseId}/decide`), lead.cookie,
    { csrf: lead.csrf, outcome: 'approved', decision: String(decisionId), conditions: '' })).status, 404);
  const form = await get(U(`/business-cases/${caseId}/decide`), hb.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, new RegExp(`<option value="${decisionId}">20 Nov 2026 – The PCPG approved the pharmacist business case<`));
  assert.equal((await postForm(U(`/business-cases/${caseId}/decide`), hb.cookie,
    { outcome: 'approved', decision: String(decisionId) })).status, 403);
  r = await postForm(U(`/business-cases/${caseId}/decide`), hb.cookie,
    { csrf: hb.csrf, outcome: 'approved_with_conditions', decision: String(decisionId), conditions: '' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /href="#conditions">Enter this/);
  assert.match(r.body, /value="approved_with_conditions" checked/);
  r = await postForm(U(`/business-cases/${caseId}/decide`), hb.cookie,
    { csrf: hb.csrf, outcome: 'approved_with_conditions', decision: '', conditions: 'Report the waits each quarter.' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /href="#decision">Choose the decision of the meeting/);
  assert.match(r.body, /Report the waits each quarter\./);
  r = await postForm(U(`/business-cases/${caseId}/decide`), hb.cookie,
    { csrf: hb.csrf, outcome: 'approved_with_conditions', decision: String(decisionId), conditions: 'Report the waits each quarter.' });
  assert.equal(r.status, 303, why(r.body));
  const done = await get(U(`/business-cases/${caseId}`), lead.cookie);
  assert.match(done.body, /nhsuk-tag--yellow">Approved with conditions</);
  assert.match(done.body, /id="case-decision"[\s\S]*?The PCPG approved the pharmacist business case[\s\S]*?Report the waits each quarter\./);
  // The cost paid from the allocation is now a requested commitment, of
  // the case, agreed by the same decision, linked from the case.
  const c = sql(server, `SELECT f.id, f.status, f.value_pence, f.decision_id, f.business_case_id, f.requested_by
    FROM finance_commitment f JOIN business_case_cost k ON k.commitment_id=f.id WHERE k.case_id=${caseId};`).split('|');
  assert.equal(c[1], 'requested');
  assert.equal(Number(c[2]), 5200000);
  assert.equal(c[3], String(decisionId));
  assert.equal(c[4], String(caseId));
  assert.match(done.body, new RegExp(`href="/commitments/${c[0]}">Commitment ${c[0]}<`));
  // Each step audited.
  assert.ok(Number(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='business_case' AND entity_id=${caseId};`)) >= 3);
  // The decision's page says what it decided.
  const item = sql(server, `SELECT a.meeting_id, a.id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id WHERE d.id=${decisionId};`).split('|');
  const dp = await get(U(`/meetings/${item[0]}/items/${item[1]}`), hb.cookie);
  assert.equal(dp.status, 200);
  assert.match(dp.body, new RegExp(`id="case-backlink">This decision decided the business case <a href="/business-cases/${caseId}">Practice-based pharmacist</a> \\(Approved with conditions\\)`));
});

test('the costs as a workbook: LibreOffice reads the same amounts in pence as the page', async () => {
  const res = await fetch(U(`/business-cases/${caseId}/case.xlsx`), { headers: { Cookie: lead.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal((await get(U(`/business-cases/${caseId}/case.xlsx`), afanLead.cookie)).status, 404);
  const dir = mkdtempSync(join(tmpdir(), 'cases-'));
  try {
    const file = join(dir, 'case.xlsx');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const r = spawnSync('libreoffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false', '--outdir', dir, file], { encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, r.stderr);
    const csv = readFileSync(join(dir, readdirSync(dir).find(f => f.endsWith('.csv'))), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'Resource,Kind of resource,Financial year,Source,Supplier or employer,Lowest,Expected,Highest,Commitment');
    const row = csv[1].split(',');
    assert.ok(csv[1].startsWith('"Pharmacist, band 7",Labour,2026/27,Test recurrent funding,Cardiff and Vale UHB,'), csv[1]);
    const pence = row.slice(-4, -1).map(v => Math.round(Number(v) * 100));
    assert.deepEqual(pence, [4800000, 5200000, 5800000]);
    const page = await get(U(`/business-cases/${caseId}`), lead.cookie);
    for (const p of pence) {
      const shown = `£${(p / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
      assert.ok(page.body.includes(`>${shown}<`), `${shown} on the page`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the API answers the contract in pence, with objective_id null when none', async () => {
  const r = await get(U('/api/v1/units/cardiff-south-west/business-cases'), lead.cookie);
  assert.equal(r.status, 200);
  const j = JSON.parse(r.body);
  const mine = j.business_cases.find(x => x.id === caseId);
  assert.deepEqual(mine, { id: caseId, title: 'Practice-based pharmacist', state: 'approved_with_conditions', total_cost: 5200000, objective_id: null });
  for (const x of j.business_cases) {
    assert.ok(['draft', 'submitted', 'approved', 'approved_with_conditions', 'declined'].includes(x.state));
    assert.ok(Number.isInteger(x.total_cost));
  }
});

test('a case for a plan objective: listed on the objective page, which links to start one', async () => {
  const obj = await get(U(`/plans/${objectivePlanId}/objectives/${objectiveId}`), lead.cookie);
  assert.equal(obj.status, 200);
  assert.match(obj.body, /id="cases-heading">Business cases</);
  assert.match(obj.body, new RegExp(`href="/units/cardiff-south-west/business-cases/new\\?objective=${objectiveId}">Start a business case for this objective<`));
  const r = await postForm(U(`${CSW}/business-cases`), lead.cookie,
    { csrf: lead.csrf, title: 'Objective case', priority: '', objective: String(objectiveId) });
  assert.equal(r.status, 303, why(r.body));
  const id = Number(r.headers.get('location').match(/(\d+)$/)[1]);
  const again = await get(U(`/plans/${objectivePlanId}/objectives/${objectiveId}`), lead.cookie);
  assert.match(again.body, new RegExp(`id="objective-cases"[\\s\\S]*?href="/business-cases/${id}">Objective case<`));
  const page = await get(U(`/business-cases/${id}`), lead.cookie);
  assert.match(page.body, new RegExp(`id="case-from">This case delivers plan objective <a href="/plans/${objectivePlanId}/objectives/${objectiveId}">`));
  const j = JSON.parse((await get(U('/api/v1/units/cardiff-south-west/business-cases'), lead.cookie)).body);
  assert.equal(j.business_cases.find(x => x.id === id).objective_id, Number(objectiveId));
  // Declined: no commitments, the decision's text kept as the reason.
  sql(server, `UPDATE business_case SET state='submitted' WHERE id=${id};`);
  const bad = await postForm(U(`/business-cases/${id}/decide`), hb.cookie, { csrf: hb.csrf, outcome: 'maybe', decision: String(decisionId), conditions: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#outcome">Choose approved, approved with conditions or declined/);
  const d = await postForm(U(`/business-cases/${id}/decide`), hb.cookie, { csrf: hb.csrf, outcome: 'declined', decision: String(decisionId), conditions: '' });
  assert.equal(d.status, 303, why(d.body));
  const declined = await get(U(`/business-cases/${id}`), lead.cookie);
  assert.match(declined.body, /nhsuk-tag--red">Declined</);
  assert.equal(sql(server, `SELECT COUNT(*) FROM finance_commitment WHERE business_case_id=${id};`), '0');
  assert.equal((await get(U(`/business-cases/${id}/decide`), hb.cookie)).status, 404, 'decided once');
});

test('Welsh: the case page in Welsh', async () => {
  const r = await get(U(`/business-cases/${caseId}`), `${lead.cookie}; cc_lang=cy`);
  assert.equal(r.status, 200);
  assert.match(r.body, /Crynodeb gweithredol/);
  assert.match(r.body, /Wedi'i gymeradwyo gydag amodau|Wedi&#39;i gymeradwyo gydag amodau/);
});
