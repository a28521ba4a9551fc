// The annual plan over HTTP (issue 12): a cluster starts its plan for a
// financial year (bad input kept, one plan a year), adds objectives with
// the SMART check ("1 of 2 objectives are SMART", each gap named), the
// thread back from an objective to its priority, findings and indicators,
// actions from the action log linked (and the action page says which
// objective it delivers), alignments with the PCPG's plan (seen from both
// ends) and the health board's IMTP objectives, agreement by a decision
// of one of its meetings (not a restricted one; SMART gaps shown and
// accepted), then read-only but for quarterly progress (RAG, reason and
// the measure's value pulled in; a quarter not yet begun refused), the
// decision's backlink, Welsh, CSRF and who may see and change what.
//
// The years used (2025/26, 2027/28) are not those of the demonstration
// plans, so that these tests stand beside them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById, bodyRows, sql, sqlQuote, unixNow } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
const PCPG = '/units/cardiff-pan-cluster-planning-group';
let server, lead, member, afanLead, admin, national;
let planId, o1, o2, pcpgPlanId, pcpgObjective, priorityId, findingText, actionId, actionRef, refId;

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  // What other areas maintain, arranged directly: a needs assessment of
  // the cluster for 2025/26 with a finding on an indicator and a priority
  // made from it (needs pages), and an IMTP objective of its health board
  // (references page).
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  const asmt = sql(server, `INSERT INTO needs_assessment(unit_id,year,summary,demo,created_at,updated_at)
    VALUES(${csw},'2025/26','Test assessment',0,${now},${now}) RETURNING id;`);
  findingText = 'Antibiotic prescribing is above the Wales rate';
  const finding = sql(server, `INSERT INTO needs_finding(assessment_id,source,indicator_id,period,what,so_what,now_what,sort_order,created_at,updated_at)
    VALUES(${asmt},'cluster_profile',(SELECT id FROM indicator WHERE code='antibiotic_items'),'2025/26',${sqlQuote(findingText)},'','',1,${now},${now}) RETURNING id;`);
  priorityId = sql(server, `INSERT INTO priority(assessment_id,title,description,created_at,updated_at)
    VALUES(${asmt},'Antimicrobial stewardship','',${now},${now}) RETURNING id;`);
  sql(server, `INSERT INTO priority_finding(priority_id,finding_id) VALUES(${priorityId},${finding});`);
  refId = sql(server, `INSERT INTO plan_reference(kind,unit_id,code,title_en,title_cy,url,sort_order,demo,created_at,updated_at)
    VALUES('imtp',(SELECT id FROM unit WHERE slug='cardiff-and-vale-university-health-board'),'IMTP-T1',
    'Test IMTP objective','Amcan CTCI prawf',NULL,1,0,${now},${now}) RETURNING id;`);
  const a = sql(server, `SELECT a.id, a.ref FROM action a WHERE a.unit_id=${csw} ORDER BY a.id LIMIT 1;`).split('|');
  actionId = a[0]; actionRef = a[1];
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const why = html => (html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? html.slice(0, 300)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const optionValue = (html, re) => html.match(re)?.[1];

function objectiveForm(who, over = {}) {
  return {
    csrf: who.csrf, title: '', description: '', priority: '', measure: '', target: '', target_value: '',
    'due_on-day': '', 'due_on-month': '', 'due_on-year': '', owner: '', ...over,
  };
}

test('the unit page links to its plans; starting a plan: bad year kept, one a year', async () => {
  const unit = await get(U(CSW), lead.cookie);
  assert.match(unit.body, /href="\/units\/cardiff-south-west\/plans">Annual plans</);
  const list = await get(U(`${CSW}/plans`), lead.cookie);
  assert.equal(list.status, 200);
  assert.equal(h1(list.body), 'Annual plans');
  // This financial year, the next and the last, less those with a plan
  // (the demonstration data may have this year's).
  assert.match(list.body, /<select[^>]*name="year"[^>]*>\s*<option value="20\d\d\/\d\d" selected>/);
  assert.match(list.body, /<option value="2025\/26"/);
  const bad = await postForm(U(`${CSW}/plans`), lead.cookie, { csrf: lead.csrf, year: '2025/27' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#year">Choose a financial year/);
  const ok = await postForm(U(`${CSW}/plans`), lead.cookie, { csrf: lead.csrf, year: '2025/26' });
  assert.equal(ok.status, 303, why(ok.body));
  planId = Number(ok.headers.get('location').match(/\/plans\/(\d+)$/)[1]);
  assert.doesNotMatch((await get(U(`${CSW}/plans`), lead.cookie)).body, /<option value="2025\/26"/, 'a year with a plan is not offered');
  const again = await postForm(U(`${CSW}/plans`), lead.cookie, { csrf: lead.csrf, year: '2025/26' });
  assert.equal(again.status, 400);
  assert.match(summary(again.body), /already has a plan for that year/);
  const page = await get(U(`/plans/${planId}`), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Annual plan 2025/26');
  assert.match(page.body, /id="plan-status">Draft</);
  // That year's needs assessment was linked by itself.
  assert.match(page.body, /id="plan-assessment"[\s\S]*?href="\/needs\/\d+">Needs assessment 2025\/26</);
  assert.match((await get(U(`${CSW}/plans`), member.cookie)).body, new RegExp(`href="/plans/${planId}">Annual plan 2025/26<`));
});

test('who may see and change a plan: 404 for another cluster, read only for members and national users', async () => {
  assert.equal((await get(U(`/plans/${planId}`), afanLead.cookie)).status, 404);
  assert.equal((await get(U(`/plans/${planId}/objectives/new`), afanLead.cookie)).status, 404);
  const m = await get(U(`/plans/${planId}`), member.cookie);
  assert.equal(m.status, 200);
  assert.doesNotMatch(m.body, /Add an objective/);
  assert.doesNotMatch((await get(U(`${CSW}/plans`), member.cookie)).body, /Start a plan<\/button>/);
  assert.equal((await postForm(U(`${CSW}/plans`), member.cookie, { csrf: member.csrf, year: '2027/28' })).status, 404);
  const n = await get(U(`/plans/${planId}`), national.cookie);
  assert.equal(n.status, 200);
  assert.equal((await get(U(`/plans/${planId}/edit`), national.cookie)).status, 404);
  assert.equal((await postForm(U(`/plans/${planId}/objectives`), national.cookie,
    objectiveForm(national, { title: 'Not allowed' }))).status, 404);
  // No CSRF token: refused before anything else.
  assert.equal((await postForm(U(`/plans/${planId}/objectives`), lead.cookie, { title: 'No token' })).status, 403);
  assert.equal((await get(U('/plans/999999'), lead.cookie)).status, 404);
});

test('objectives: bad input named and kept, refs O1 O2, the SMART count and gaps', async () => {
  const form = await get(U(`/plans/${planId}/objectives/new`), lead.cookie);
  assert.equal(form.status, 200);
  const indicator = `ind-${sql(server, `SELECT id FROM indicator WHERE code='antibiotic_items';`)}`;
  assert.match(form.body, new RegExp(`<option value="${indicator}">Antibacterial items`), 'indicators are offered as measures');
  assert.ok(optionValue(form.body, /<option value="(qi-\d+)"/), 'QI measures of the unit too');
  const owner = optionValue(form.body, /<option value="(\d+)">Dr Alys Morgan</);
  assert.ok(owner, 'members are offered as owners');
  assert.match(form.body, new RegExp(`<option value="${priorityId}">Antimicrobial stewardship \\(2025/26\\)<`));

  const bad = await postForm(U(`/plans/${planId}/objectives`), lead.cookie, objectiveForm(lead, {
    title: '', target: 'Kept target text', measure: 'ind-999999', owner: '999999', target_value: 'eighty',
    'due_on-day': '31', 'due_on-month': '2', 'due_on-year': '2026' }));
  assert.equal(bad.status, 400);
  const s = summary(bad.body);
  for (const f of ['title', 'measure', 'owner', 'target_value', 'due_on-day']) assert.match(s, new RegExp(`href="#${f}"`), f);
  assert.match(bad.body, /value="Kept target text"/);
  assert.match(bad.body, /<title>Error: /);

  const ok = await postForm(U(`/plans/${planId}/objectives`), lead.cookie, objectiveForm(lead, {
    title: 'Fewer antibiotic items', description: 'Bring prescribing to the Wales rate', priority: String(priorityId),
    measure: indicator, target: 'The Wales rate by March', target_value: '350',
    'due_on-day': '31', 'due_on-month': '3', 'due_on-year': '2026', owner }));
  assert.equal(ok.status, 303, why(ok.body));
  o1 = Number(ok.headers.get('location').match(/objectives\/(\d+)$/)[1]);
  const ok2 = await postForm(U(`/plans/${planId}/objectives`), lead.cookie, objectiveForm(lead, { title: 'A better website' }));
  assert.equal(ok2.status, 303, why(ok2.body));
  o2 = Number(ok2.headers.get('location').match(/objectives\/(\d+)$/)[1]);

  const page = await get(U(`/plans/${planId}`), lead.cookie);
  assert.match(page.body, /id="smart-count">1 of 2 objectives are SMART/);
  const rows = bodyRows(tableById(page.body, 'objectives'));
  assert.equal(rows.length, 2);
  assert.match(rows[0], /O1[\s\S]*Fewer antibiotic items[\s\S]*The Wales rate by March[\s\S]*Dr Alys Morgan[\s\S]*SMART/);
  assert.match(rows[1], /O2[\s\S]*A better website[\s\S]*Gaps[\s\S]*no measure, no target, no date, no owner/);
});

test('an objective: the thread back to need, its measure now, and changing it', async () => {
  const page = await get(U(`/plans/${planId}/objectives/${o1}`), member.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'O1 Fewer antibiotic items');
  assert.match(page.body, new RegExp(`id="objective-priority">From the priority <a href="/priorities/${priorityId}">Antimicrobial stewardship</a>`));
  assert.match(page.body, new RegExp(`${findingText}</a> – indicator <a href="/units/cardiff-south-west/indicators/antibiotic_items">`));
  assert.match(page.body, /id="objective-measure"><a href="\/units\/cardiff-south-west\/indicators\/antibiotic_items">/);
  // The measure's current value: the cluster's latest, with its interval.
  assert.match(page.body, /id="objective-measure-value">[\d.,]+%? \([\d.,]+%?–[\d.,]+%?\), \d{4}/);
  assert.match(page.body, /Demonstration data/, 'the demonstration indicator values are labelled');
  assert.doesNotMatch(page.body, /Change the objective/, 'a member may not change it');
  const edit = await get(U(`/plans/${planId}/objectives/${o2}/edit`), lead.cookie);
  assert.match(edit.body, /value="A better website"/);
  const ch = await postForm(U(`/plans/${planId}/objectives/${o2}/edit`), lead.cookie, objectiveForm(lead, {
    title: 'A clearer website', target: 'Every practice linked' }));
  assert.equal(ch.status, 303, why(ch.body));
  assert.match((await get(U(`/plans/${planId}/objectives/${o2}`), lead.cookie)).body, /id="objective-smart">[\s\S]*no measure, no date, no owner/);
  // An objective of another plan is not found under this one.
  assert.equal((await get(U(`/plans/${planId + 1000}/objectives/${o1}`), lead.cookie)).status, 404);
});

test('actions: link one of the action log, once; the action page names the objective; unlink', async () => {
  const page = await get(U(`/plans/${planId}/objectives/${o1}`), lead.cookie);
  assert.match(page.body, new RegExp(`<option value="${actionId}">${actionRef} – `));
  const none = await postForm(U(`/plans/${planId}/objectives/${o1}/actions`), lead.cookie, { csrf: lead.csrf, action: '' });
  assert.equal(none.status, 400);
  const ok = await postForm(U(`/plans/${planId}/objectives/${o1}/actions`), lead.cookie, { csrf: lead.csrf, action: actionId });
  assert.equal(ok.status, 303, why(ok.body));
  const dup = await postForm(U(`/plans/${planId}/objectives/${o1}/actions`), lead.cookie, { csrf: lead.csrf, action: actionId });
  assert.equal(dup.status, 400);
  assert.match(summary(dup.body), /already linked/);
  const after = await get(U(`/plans/${planId}/objectives/${o1}`), lead.cookie);
  assert.match(after.body, new RegExp(`id="objective-actions">[\\s\\S]*href="/actions/${actionId}">${actionRef}</a>`));
  const action = await get(U(`/actions/${actionId}`), member.cookie);
  assert.match(action.body, new RegExp(`href="/plans/${planId}/objectives/${o1}">This action delivers objective O1, Fewer antibiotic items, of the plan of Cardiff South West for 2025/26<`));
  // Link to O2 as well, then take it off again.
  assert.equal((await postForm(U(`/plans/${planId}/objectives/${o2}/actions`), lead.cookie, { csrf: lead.csrf, action: actionId })).status, 303);
  const un = await postForm(U(`/plans/${planId}/objectives/${o2}/actions/unlink`), lead.cookie, { csrf: lead.csrf, action: actionId });
  assert.equal(un.status, 303);
  assert.match((await get(U(`/plans/${planId}/objectives/${o2}`), lead.cookie)).body, /id="actions-empty"/);
  // An action of another cluster cannot be linked.
  const afanAction = sql(server, `SELECT a.id FROM action a JOIN unit u ON u.id=a.unit_id WHERE u.slug='afan' ORDER BY a.id LIMIT 1;`);
  if (afanAction) {
    const other = await postForm(U(`/plans/${planId}/objectives/${o2}/actions`), lead.cookie, { csrf: lead.csrf, action: afanAction });
    assert.equal(other.status, 400);
  }
});

test('raising a new action for an objective: linked in the same write, back to the objective; another unit\'s objective refused', async () => {
  const page = await get(U(`/plans/${planId}/objectives/${o2}`), lead.cookie);
  assert.match(page.body, new RegExp(`href="${CSW}/actions/new\\?objective=${o2}">Raise a new action for this objective<`));
  const form = await get(U(`${CSW}/actions/new?objective=${o2}`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, new RegExp(`<input type="hidden" name="objective" value="${o2}">`));
  assert.match(form.body, /Delivers the plan objective[\s\S]*O2 /);
  const lead0 = optionValue(form.body, /<select[^>]*name="lead"[\s\S]*?<option value="(\d+)"/);
  const before = Number(sql(server, `SELECT COUNT(*) FROM action;`));
  const ok = await postForm(U(`${CSW}/actions/new`), lead.cookie,
    { csrf: lead.csrf, description: 'Audit repeat antibiotic prescriptions', lead: lead0, due: '', objective: o2 });
  assert.equal(ok.status, 303, why(ok.body));
  assert.equal(ok.headers.get('location'), `/plans/${planId}/objectives/${o2}#actions-heading`);
  const id = sql(server, `SELECT id FROM action WHERE description='Audit repeat antibiotic prescriptions';`);
  assert.equal(sql(server, `SELECT COUNT(*) FROM plan_objective_action WHERE objective_id=${o2} AND action_id=${id};`), '1');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='plan_objective_action' AND entity_id=${o2} AND new_values LIKE '%"action":${id}%';`), '1');
  assert.match((await get(U(`/plans/${planId}/objectives/${o2}`), lead.cookie)).body, new RegExp(`href="/actions/${id}"`));
  // Another cluster's objective: refused with a message, nothing written.
  const afanObjective = sql(server, `SELECT o.id FROM plan_objective o JOIN plan p ON p.id=o.plan_id JOIN unit u ON u.id=p.unit_id WHERE u.slug='afan' ORDER BY o.id LIMIT 1;`);
  const bad = await postForm(U(`${CSW}/actions/new`), lead.cookie,
    { csrf: lead.csrf, description: 'Should not be written', lead: lead0, due: '', objective: afanObjective || '999999' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /not an objective of this group/);
  assert.match(bad.body, /Should not be written/);
  assert.equal(Number(sql(server, `SELECT COUNT(*) FROM action;`)), before + 1);
});

test('alignments: the PCPG plan objective (seen from both ends) and an IMTP objective', async () => {
  // The PCPG above the cluster writes its own plan for the same year.
  const p = await postForm(U(`${PCPG}/plans`), admin.cookie, { csrf: admin.csrf, year: '2025/26' });
  assert.equal(p.status, 303, why(p.body));
  pcpgPlanId = Number(p.headers.get('location').match(/\/plans\/(\d+)$/)[1]);
  const po = await postForm(U(`/plans/${pcpgPlanId}/objectives`), admin.cookie, objectiveForm(admin, { title: 'Prescribing across Cardiff' }));
  assert.equal(po.status, 303, why(po.body));
  pcpgObjective = Number(po.headers.get('location').match(/objectives\/(\d+)$/)[1]);

  const page = await get(U(`/plans/${planId}/objectives/${o1}`), lead.cookie);
  assert.match(page.body, new RegExp(`<option value="obj-${pcpgObjective}">PCPG plan objective: O1 Prescribing across Cardiff</option>`));
  assert.match(page.body, new RegExp(`<option value="ref-${refId}">IMTP objective: IMTP-T1 Test IMTP objective</option>`));
  const bad = await postForm(U(`/plans/${planId}/objectives/${o1}/alignments`), lead.cookie, { csrf: lead.csrf, target: 'ref-999999' });
  assert.equal(bad.status, 400);
  for (const target of [`obj-${pcpgObjective}`, `ref-${refId}`]) {
    const r = await postForm(U(`/plans/${planId}/objectives/${o1}/alignments`), lead.cookie, { csrf: lead.csrf, target });
    assert.equal(r.status, 303, why(r.body));
  }
  const after = await get(U(`/plans/${planId}/objectives/${o1}`), lead.cookie);
  // The cluster's lead may not read the PCPG's plan: its objective is named, not linked.
  assert.match(after.body, /id="objective-alignments">[\s\S]*PCPG plan objective: O1 Prescribing across Cardiff \(/);
  assert.doesNotMatch(after.body, new RegExp(`href="/plans/${pcpgPlanId}/`));
  assert.equal((await get(U(`/plans/${pcpgPlanId}`), lead.cookie)).status, 404);
  const byAdmin = await get(U(`/plans/${planId}/objectives/${o1}`), admin.cookie);
  assert.match(byAdmin.body, new RegExp(`id="objective-alignments">[\\s\\S]*href="/plans/${pcpgPlanId}/objectives/${pcpgObjective}">O1 Prescribing across Cardiff</a>`));
  assert.match(after.body, /IMTP objective: IMTP-T1 Test IMTP objective/);
  assert.doesNotMatch(after.body, new RegExp(`<option value="ref-${refId}"`), 'no longer offered');
  // The PCPG's objective lists the cluster's objective aligned with it.
  const pcpg = await get(U(`/plans/${pcpgPlanId}/objectives/${pcpgObjective}`), admin.cookie);
  assert.match(pcpg.body, new RegExp(`id="objective-aligned-to">[\\s\\S]*href="/plans/${planId}/objectives/${o1}">O1 Fewer antibiotic items</a> \\(Cardiff South West\\)`));
  // It cannot be removed while the cluster's objective aligns with it.
  const del = await postForm(U(`/plans/${pcpgPlanId}/objectives/${pcpgObjective}/delete`), admin.cookie, { csrf: admin.csrf });
  assert.equal(del.status, 400);
  // Align O2 with the IMTP objective and take it off again.
  await postForm(U(`/plans/${planId}/objectives/${o2}/alignments`), lead.cookie, { csrf: lead.csrf, target: `ref-${refId}` });
  const al = (await get(U(`/plans/${planId}/objectives/${o2}`), lead.cookie)).body.match(/id="alignment-(\d+)"/)[1];
  const rm = await postForm(U(`/plans/${planId}/objectives/${o2}/alignments/remove`), lead.cookie, { csrf: lead.csrf, alignment: al });
  assert.equal(rm.status, 303);
  assert.match((await get(U(`/plans/${planId}/objectives/${o2}`), lead.cookie)).body, /id="alignments-empty"/);
});

test('progress waits for agreement', async () => {
  const page = await get(U(`/plans/${planId}/objectives/${o1}`), lead.cookie);
  assert.match(page.body, /id="progress-when">Progress is recorded each quarter once the plan has been agreed/);
  const r = await postForm(U(`/plans/${planId}/objectives/${o1}/progress`), lead.cookie, { csrf: lead.csrf, quarter: '1', rag: 'green', reason: 'Early' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /href="#progress-when">Progress is recorded once the plan has been agreed/);
  assert.match(r.body, /id="progress-when"/, 'the summary links to what is on the page');
});

test('agreeing: a decision of the cluster, not restricted; SMART gaps shown and accepted', async () => {
  const form = await get(U(`/plans/${planId}/agree`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /id="smart-count">1 of 2 objectives are SMART/);
  assert.match(form.body, new RegExp(`id="smart-gaps">[\\s\\S]*href="/plans/${planId}/objectives/${o2}">O2 A clearer website</a>: no measure, no date, no owner`));
  const decision = optionValue(form.body, /<option value="(\d+)">[^<]*Approve the proposal on Cluster plan/);
  assert.ok(decision, 'the cluster\'s decisions are offered');
  // A decision on a restricted item is neither offered nor taken.
  const restricted = sql(server, `SELECT d.id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id
    JOIN unit u ON u.id=m.unit_id WHERE u.slug='cardiff-south-west' AND d.id<>${decision} ORDER BY d.id LIMIT 1;`);
  sql(server, `UPDATE agenda_item SET restricted=1 WHERE id=(SELECT agenda_item_id FROM decision WHERE id=${restricted});`);
  assert.doesNotMatch((await get(U(`/plans/${planId}/agree`), lead.cookie)).body, new RegExp(`<option value="${restricted}"`));
  const r1 = await postForm(U(`/plans/${planId}/agree`), lead.cookie, { csrf: lead.csrf, decision: restricted, gaps: '1' });
  assert.equal(r1.status, 400);
  assert.match(summary(r1.body), /not on a restricted item/);
  const r2 = await postForm(U(`/plans/${planId}/agree`), lead.cookie, { csrf: lead.csrf, decision: '' });
  assert.equal(r2.status, 400);
  assert.match(summary(r2.body), /Choose the decision that agreed the plan/);
  // Gaps not accepted: refused, the decision kept.
  const r3 = await postForm(U(`/plans/${planId}/agree`), lead.cookie, { csrf: lead.csrf, decision });
  assert.equal(r3.status, 400);
  assert.match(summary(r3.body), /href="#gaps">Confirm that the meeting agreed the plan with the SMART gaps/);
  assert.match(r3.body, new RegExp(`<option value="${decision}" selected>`));
  const ok = await postForm(U(`/plans/${planId}/agree`), lead.cookie, { csrf: lead.csrf, decision, gaps: '1' });
  assert.equal(ok.status, 303, why(ok.body));
  const page = await get(U(`/plans/${planId}`), member.cookie);
  assert.match(page.body, /id="plan-status">Agreed</);
  assert.match(page.body, /id="plan-agreed">[\s\S]*href="\/meetings\/\d+">Meeting of [^<]+<\/a>: <span class="cc-pre">Approve the proposal on Cluster plan/);
  assert.match(page.body, /This plan has been agreed: it is read-only/);
  // The decision says what it agreed, where it is shown.
  const where = sql(server, `SELECT a.meeting_id, a.id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id WHERE d.id=${decision};`).split('|');
  const item = await get(U(`/meetings/${where[0]}/items/${where[1]}`), lead.cookie);
  assert.match(item.body, new RegExp(`href="/plans/${planId}">This decision agreed the plan of Cardiff South West for 2025/26<`));
  const audit = sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='plan' AND entity_id=${planId};`);
  assert.equal(Number(audit), 2, 'created and agreed, each audited');
});

test('an agreed plan is read-only, but for progress and actions', async () => {
  const refused = [
    [`/plans/${planId}/objectives`, objectiveForm(lead, { title: 'Late idea' })],
    [`/plans/${planId}/objectives/${o1}/edit`, objectiveForm(lead, { title: 'Changed' })],
    [`/plans/${planId}/objectives/${o2}/delete`, { csrf: lead.csrf }],
    [`/plans/${planId}/objectives/${o2}/alignments`, { csrf: lead.csrf, target: `ref-${refId}` }],
    [`/plans/${planId}/edit`, { csrf: lead.csrf, vision: 'New vision', assessment: '' }],
    [`/plans/${planId}/agree`, { csrf: lead.csrf, decision: '1', gaps: '1' }],
  ];
  for (const [path, fields] of refused) {
    const r = await postForm(U(path), lead.cookie, fields);
    assert.equal(r.status, 400, path);
    assert.match(r.body, /has been agreed and can no longer be changed/, path);
  }
  const al = await postForm(U(`/plans/${planId}/objectives/${o1}/alignments`), lead.cookie, { csrf: lead.csrf, target: `ref-${refId}` });
  assert.match(summary(al.body), /href="#read-only">This plan has been agreed/);
  assert.match(al.body, /id="read-only"/);
  const edit = await get(U(`/plans/${planId}/objectives/${o1}/edit`), lead.cookie);
  assert.match(edit.body, /id="plan-read-only">This plan has been agreed and can no longer be changed/);
  assert.doesNotMatch(edit.body, /name="title"/);
  assert.equal(h1((await get(U(`/plans/${planId}/objectives/${o1}`), lead.cookie)).body), 'O1 Fewer antibiotic items');
  // Actions may still be linked: they are how the plan is delivered.
  assert.equal((await postForm(U(`/plans/${planId}/objectives/${o2}/actions`), lead.cookie, { csrf: lead.csrf, action: actionId })).status, 303);
});

test('quarterly progress: RAG and reason, the measure pulled in, a quarter recorded again replaces it', async () => {
  const page = await get(U(`/plans/${planId}/objectives/${o1}`), lead.cookie);
  // 2025/26 is over: every quarter may be recorded, the latest first.
  assert.match(page.body, /<select[^>]*name="quarter"[^>]*>\s*<option value="4" selected>Quarter 4<\/option>/);
  const bad = await postForm(U(`/plans/${planId}/objectives/${o1}/progress`), lead.cookie,
    { csrf: lead.csrf, quarter: '2', rag: '', reason: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#rag"[\s\S]*href="#reason"/);
  const bad2 = await postForm(U(`/plans/${planId}/objectives/${o1}/progress`), lead.cookie,
    { csrf: lead.csrf, quarter: '5', rag: 'purple', reason: 'Kept reason' });
  assert.equal(bad2.status, 400);
  assert.match(bad2.body, /Kept reason<\/textarea>/);
  const ok = await postForm(U(`/plans/${planId}/objectives/${o1}/progress`), lead.cookie,
    { csrf: lead.csrf, quarter: '2', rag: 'amber', reason: 'Audit started late' });
  assert.equal(ok.status, 303, why(ok.body));
  const again = await postForm(U(`/plans/${planId}/objectives/${o1}/progress`), lead.cookie,
    { csrf: lead.csrf, quarter: '2', rag: 'green', reason: 'Audit done; rate falling' });
  assert.equal(again.status, 303, why(again.body));
  const after = await get(U(`/plans/${planId}/objectives/${o1}`), member.cookie);
  const rows = bodyRows(tableById(after.body, 'progress'));
  assert.equal(rows.length, 1, 'one row a quarter');
  assert.match(rows[0], /Q2[\s\S]*Green[\s\S]*Audit done; rate falling[\s\S]*[\d.,]+%? \([\d.,]+%?–[\d.,]+%?\), \d{4}/);
  const plan = await get(U(`/plans/${planId}`), member.cookie);
  assert.match(bodyRows(tableById(plan.body, 'objectives'))[0], /Green[\s\S]*\(Q2\)/);
  assert.equal(Number(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='plan_progress';`)), 2);
  // A member may read but not record.
  assert.equal((await postForm(U(`/plans/${planId}/objectives/${o1}/progress`), member.cookie,
    { csrf: member.csrf, quarter: '3', rag: 'green', reason: 'x' })).status, 404);
});

test('a plan for a year not yet begun: agreed, but no quarter may be recorded', async () => {
  const p = await postForm(U(`${CSW}/plans`), lead.cookie, { csrf: lead.csrf, year: '2027/28' });
  assert.equal(p.status, 303, why(p.body));
  const id = Number(p.headers.get('location').match(/\/plans\/(\d+)$/)[1]);
  // With this year's plan as well (started here unless the demonstration
  // data has it), no year is left to start.
  if (/<option value="2026\/27"/.test((await get(U(`${CSW}/plans`), lead.cookie)).body)) {
    assert.equal((await postForm(U(`${CSW}/plans`), lead.cookie, { csrf: lead.csrf, year: '2026/27' })).status, 303);
  }
  const full = await get(U(`${CSW}/plans`), lead.cookie);
  assert.match(full.body, /id="start-none">This group has a plan for the last, this and the next financial year/);
  assert.doesNotMatch(full.body, /name="year"/);
  // Measured by a QI measure of the cluster: its latest point is the value now.
  const m = sql(server, `SELECT m.id, (SELECT p.on_date FROM qi_point p WHERE p.measure_id=m.id ORDER BY p.on_date DESC LIMIT 1)
    FROM qi_measure m JOIN qi_project q ON q.id=m.project_id JOIN unit u ON u.id=q.unit_id
    WHERE u.slug='cardiff-south-west' ORDER BY m.id LIMIT 1;`).split('|');
  const o = await postForm(U(`/plans/${id}/objectives`), lead.cookie, objectiveForm(lead, { title: 'Next year', measure: `qi-${m[0]}` }));
  assert.equal(o.status, 303, why(o.body));
  const oid = Number(o.headers.get('location').match(/objectives\/(\d+)$/)[1]);
  const shown = await get(U(`/plans/${id}/objectives/${oid}`), lead.cookie);
  assert.match(shown.body, new RegExp(`id="objective-measure"><a href="/measures/${m[0]}">`));
  if (m[1]) assert.match(shown.body, new RegExp(`id="objective-measure-value">[-\\d.]+[^<]* \\(${m[1]}\\)<`));
  const noDecisionYet = await postForm(U(`/plans/${id}/agree`), lead.cookie, { csrf: lead.csrf, decision: '999999', gaps: '1' });
  assert.equal(noDecisionYet.status, 400);
  const decision = optionValue((await get(U(`/plans/${id}/agree`), lead.cookie)).body, /<option value="(\d+)">/);
  assert.equal((await postForm(U(`/plans/${id}/agree`), lead.cookie, { csrf: lead.csrf, decision, gaps: '1' })).status, 303);
  const page = await get(U(`/plans/${id}/objectives/${oid}`), lead.cookie);
  assert.match(page.body, /id="progress-when">The plan&#39;s year has not begun/);
  const r = await postForm(U(`/plans/${id}/objectives/${oid}/progress`), lead.cookie, { csrf: lead.csrf, quarter: '1', rag: 'green', reason: 'Too soon' });
  assert.equal(r.status, 400);
  assert.match(summary(r.body), /only be recorded for a quarter that has begun/);
});

test('Welsh', async () => {
  const cookie = `${lead.cookie}; cc_lang=cy`;
  const list = await get(U(`${CSW}/plans`), cookie);
  assert.equal(h1(list.body), 'Cynlluniau blynyddol');
  const plan = await get(U(`/plans/${planId}`), cookie);
  assert.equal(h1(plan.body), 'Cynllun blynyddol 2025/26');
  assert.match(plan.body, /id="plan-status">Cytunwyd</);
  assert.match(plan.body, /Mae 1 o 2 amcan yn SMART/);
  const obj = await get(U(`/plans/${planId}/objectives/${o1}`), cookie);
  assert.match(obj.body, /Cynnydd chwarterol/);
  assert.match(obj.body, /Gwyrdd/);
});
