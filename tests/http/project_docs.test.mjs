// A project's documents over HTTP (issue 14): the list by stage (complex-
// only kinds for a complex project only, needed for the gate or not); a
// single kind started once (a second start opens it), a repeatable one
// many times with its period; each a structured form with its guidance,
// saved as a draft (bad input kept), "Mark as complete" refused while a
// field is empty (each named, linked to its field), reopened to edit
// (audited); the initiation document's schedule, risks and issues; the
// closure report's recommendation and follow-on actions; the stakeholder
// map (power/interest grid as SVG with its table); the decisions log (the
// gates' decisions and linked ones; a restricted item's text only for
// those who see it); the PDF in
// English and Welsh (pdftotext, pdfinfo). Who may: 404 for another cluster,
// read only for a member, nothing to change on a closed project; CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, h1, sql, sqlQuote, unixNow } from './helpers.mjs';

let server, lead, member, afanLead, hb, dir;
let projectId, simpleId, closedId, decisionId, restrictedDecisionId, gateDecisionId, actionId;
let nFile = 0;

const U = p => `${server.url}${p}`;
const CY = cookie => `${cookie}; cc_lang=cy`;
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'projdocs-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  const owner = sql(server, `SELECT p.id FROM person p JOIN membership m ON m.person_id=p.id
    WHERE m.unit_id=${csw} ORDER BY p.id LIMIT 1;`);
  const mk = (title, complex, stage, closed) => sql(server, `INSERT INTO project(unit_id,title,summary,problem_type,
    problem_reason,complex,stage,owner_person_id,start_on,end_on,budget_pence,recommendation,recommendation_reason,
    closed_on,created_at,updated_at)
    VALUES(${csw},${sqlQuote(title)},'','wicked','Many partners',${complex},'${stage}',${owner},'2026-04-01','2027-03-31',
    5000000,${closed ? "'continue'" : 'NULL'},${closed ? "'The waits fell'" : "''"},${closed ? "'2026-11-30'" : 'NULL'},
    ${now},${now}) RETURNING id;`);
  projectId = mk('Frailty hub for Grangetown', 1, 'plan', false);
  simpleId = mk('Repeat prescriptions tidy-up', 0, 'initiate', false);
  closedId = mk('Closed pilot', 0, 'close', true);
  sql(server, `INSERT INTO project_milestone(project_id,title,baseline_on,due_on,done_on,sort_order,created_at,updated_at)
    VALUES(${projectId},'Hub room fitted','2026-06-01','2026-06-15',NULL,1,${now},${now});`);
  sql(server, `INSERT INTO risk(unit_id,project_id,description,owner_person_id,likelihood,consequence,controls,
    residual_likelihood,residual_consequence,status,created_at,updated_at)
    VALUES(${csw},${projectId},'Not enough nurses to staff the hub',${owner},4,4,'Bank staff',3,3,'open',${now},${now});`);
  sql(server, `INSERT INTO project_issue(project_id,description,owner_person_id,priority,raised_on,due_on,status,created_at,updated_at)
    VALUES(${projectId},'The lease is late',${owner},'high','2026-05-01','2026-06-01','open',${now},${now});`);
  const meeting = sql(server, `INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
    VALUES(${csw},'Cluster board','2026-05-20T10:00','2026-05-20T12:00','held',${now},${now}) RETURNING id;`);
  const item = (title, restricted) => sql(server, `INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,
    status,restricted,created_at,updated_at) VALUES(${meeting},${restricted ? 2 : 1},${sqlQuote(title)},'decision',10,'accepted',${restricted},1,1) RETURNING id;`);
  const open = item('Frailty hub', 0), hidden = item('Staffing (restricted)', 1);
  const dec = (it, t) => sql(server, `INSERT INTO decision(agenda_item_id,text,vote_kind,quorum_required,quorum_present,created_at)
    VALUES(${it},${sqlQuote(t)},'none',3,5,${now}) RETURNING id;`);
  gateDecisionId = dec(open, 'The project may move to Plan');
  decisionId = dec(open, 'Extra sessions agreed in Grangetown');
  restrictedDecisionId = dec(hidden, 'Secret staffing decision');
  sql(server, `INSERT INTO project_gate(project_id,from_stage,to_stage,decision_id,passed_at)
    VALUES(${projectId},'initiate','plan',${gateDecisionId},${now});`);
  actionId = sql(server, `INSERT INTO action(unit_id,ref,description,status,due_on,created_at,updated_at)
    VALUES(${csw},'PD-1','Hand the hub over to the health board','open','2027-04-30',${now},${now}) RETURNING id;`);
});
after(async () => { await server?.stop(); rmSync(dir, { recursive: true, force: true }); });

function save(bytes) {
  const f = join(dir, `doc-${nFile++}.pdf`);
  writeFileSync(f, bytes);
  return f;
}
async function fetchPdf(url, cookie) {
  const r = await fetch(url, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}
function pdfText(bytes) {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', save(bytes), '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'poppler reads the PDF without complaint');
  return r.stdout.replace(/\s+/g, ' ');
}
function pdfInfo(bytes) {
  const r = spawnSync('pdfinfo', [save(bytes)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { pages: Number(r.stdout.match(/^Pages:\s+(\d+)/m)[1]), size: r.stdout.match(/^Page size:\s+(.*)$/m)[1] };
}
const docId = res => Number(res.headers.get('location')?.match(/\/documents\/(\d+)/)?.[1]);

test('the list by stage: complex-only kinds for a complex project, needed for the gate; 404 for another cluster', async () => {
  const r = await get(U(`/projects/${projectId}/documents`), lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Project documents');
  for (const s of ['Initiate', 'Plan', 'Deliver', 'Monitor', 'Close']) assert.match(r.body, new RegExp(`<h2 id="stage-[a-z]+">${s}`));
  assert.match(r.body, /id="stage-plan">Plan <span class="nhsuk-body-s">\(the project&#39;s stage now\)/);
  assert.match(text(r.body), /Stakeholder map Needed \(complex projects\)/);
  assert.match(text(r.body), /Equality, health and Welsh language impact assessment/);
  assert.match(r.body, /<tr[^>]*id="kind-pid"[\s\S]*?href="\/projects\/\d+\/documents\/new\?kind=pid">Start/);
  const simple = await get(U(`/projects/${simpleId}/documents`), lead.cookie);
  assert.equal(simple.status, 200);
  assert.doesNotMatch(simple.body, /Stakeholder map \(complex|kind=impact|kind=comms_plan/);
  assert.match(simple.body, /kind=closure/);
  // A member reads it; nothing to start.
  const m = await get(U(`/projects/${projectId}/documents`), member.cookie);
  assert.equal(m.status, 200);
  assert.doesNotMatch(m.body, /documents\/new\?kind=/);
  assert.equal((await get(U(`/projects/${projectId}/documents`), afanLead.cookie)).status, 404);
  assert.equal((await get(U(`/projects/999999/documents`), lead.cookie)).status, 404);
  // The Welsh list.
  const cy = await get(U(`/projects/${projectId}/documents`), CY(lead.cookie));
  assert.match(cy.body, /Dogfen Cychwyn Prosiect \(DCP\)/);
  assert.match(cy.body, />Cynllunio/);
});

test('a single kind is started once; a complex-only kind refused for a simple project; CSRF', async () => {
  const form = await get(U(`/projects/${projectId}/documents/new?kind=pid`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /brings the brief, the structure and the plan together/);
  assert.equal((await get(U(`/projects/${projectId}/documents/new?kind=pid`), member.cookie)).status, 404);
  assert.equal((await get(U(`/projects/${simpleId}/documents/new?kind=impact`), lead.cookie)).status, 404);
  assert.equal((await get(U(`/projects/${projectId}/documents/new?kind=nonsense`), lead.cookie)).status, 404);
  assert.equal((await postForm(U(`/projects/${projectId}/documents/new?kind=pid`), lead.cookie, {})).status, 403, 'no CSRF token');
  assert.equal((await postForm(U(`/projects/${projectId}/documents/new?kind=pid`), member.cookie, { csrf: member.csrf })).status, 404);
  const a = await postForm(U(`/projects/${projectId}/documents/new?kind=pid`), lead.cookie, { csrf: lead.csrf });
  assert.equal(a.status, 303);
  const id = docId(a);
  assert.ok(id > 0);
  const b = await postForm(U(`/projects/${projectId}/documents/new?kind=pid`), lead.cookie, { csrf: lead.csrf });
  assert.equal(docId(b), id, 'a second start opens the existing one');
  const again = await get(U(`/projects/${projectId}/documents/new?kind=pid`), lead.cookie);
  assert.equal(again.status, 303);
  assert.equal(again.headers.get('location'), `/projects/${projectId}/documents/${id}`);
  assert.equal(sql(server, `SELECT COUNT(*) FROM project_doc WHERE project_id=${projectId} AND kind='pid';`), '1');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project_doc' AND entity_id=${id} AND action='create';`), '1');
});

test('a repeatable kind needs its period (typed dates kept) and is started many times', async () => {
  const bad = await postForm(U(`/projects/${projectId}/documents/new?kind=progress`), lead.cookie,
    { csrf: lead.csrf, 'period_from-day': '31', 'period_from-month': '5', 'period_from-year': '2026',
      'period_to-day': '1', 'period_to-month': '5', 'period_to-year': '2026' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#period_to-day">The period must end on or after the day it starts/);
  assert.match(bad.body, /name="period_from-day"[^>]*value="31"/);
  const missing = await postForm(U(`/projects/${projectId}/documents/new?kind=progress`), lead.cookie, { csrf: lead.csrf });
  assert.equal(missing.status, 400);
  assert.match(summary(missing.body), /Enter the date the period starts/);
  const ids = [];
  for (const [from, to] of [['2026-05-01', '2026-05-31'], ['2026-06-01', '2026-06-30']]) {
    const r = await postForm(U(`/projects/${projectId}/documents/new?kind=progress`), lead.cookie,
      { csrf: lead.csrf, period_from: from, period_to: to });
    assert.equal(r.status, 303);
    ids.push(docId(r));
  }
  assert.notEqual(ids[0], ids[1]);
  const list = await get(U(`/projects/${projectId}/documents`), lead.cookie);
  assert.match(text(list.body), /Progress report, 1 May 2026 – 31 May 2026/);
  assert.match(text(list.body), /Progress report, 1 June 2026 – 30 June 2026/);
  assert.match(list.body, /kind=progress">Start another/);
});

test('the form: guidance and hints, a draft saved and kept, complete refused naming each empty field, reopened', async () => {
  const r = await postForm(U(`/projects/${projectId}/documents/new?kind=brief`), lead.cookie, { csrf: lead.csrf });
  const id = docId(r);
  const edit = await get(U(`/projects/${projectId}/documents/${id}/edit`), lead.cookie);
  assert.equal(edit.status, 200);
  assert.match(edit.body, /sets out why the project exists/);
  assert.match(edit.body, /<label class="nhsuk-label" for="background">Background<\/label>/);
  assert.match(edit.body, /What are you assuming to be true that, if wrong, would change the plan\?/);
  assert.equal((await get(U(`/projects/${projectId}/documents/${id}/edit`), member.cookie)).status, 404);
  // Bad input (too long) is refused and what was typed is kept.
  const bad = await postForm(U(`/projects/${projectId}/documents/${id}/edit`), lead.cookie,
    { csrf: lead.csrf, background: 'w'.repeat(8001), objectives: 'Kept objectives' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#background">Background: Shorten this text/);
  assert.match(bad.body, /Kept objectives/);
  const fields = { background: 'Frail people wait too long', objectives: 'See 200 people by March',
    scope: 'Grangetown and Butetown', exclusions: '', constraints: 'One room', assumptions: 'Nurses recruited',
    benefits: 'Fewer admissions', approach: 'A weekly hub' };
  const ok = await postForm(U(`/projects/${projectId}/documents/${id}/edit`), lead.cookie, { csrf: lead.csrf, ...fields });
  assert.equal(ok.status, 303);
  const view = await get(U(`/projects/${projectId}/documents/${id}`), lead.cookie);
  assert.match(view.body, /Frail people wait too long/);
  assert.match(view.body, /id="doc-state">Draft</);
  // Complete is refused: the empty field named and linked.
  const no = await postForm(U(`/projects/${projectId}/documents/${id}/complete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(no.status, 400);
  assert.match(summary(no.body), /href="#exclusions">Exclusions: Write this field, or say “Not applicable” and why/);
  assert.doesNotMatch(summary(no.body), /#background/);
  assert.equal(sql(server, `SELECT state FROM project_doc WHERE id=${id};`), 'draft');
  // "Save and mark as complete" from the form: what is typed is saved first
  // (kept on the page when a field is still empty), then completed.
  const typed = await postForm(U(`/projects/${projectId}/documents/${id}/complete`), lead.cookie,
    { csrf: lead.csrf, ...fields, scope: 'Grangetown only' });
  assert.equal(typed.status, 400);
  assert.match(summary(typed.body), /href="#exclusions">Exclusions: Write this field/);
  assert.match(typed.body, /Grangetown only/);
  assert.equal(sql(server, `SELECT body FROM project_doc_text WHERE doc_id=${id} AND field='scope';`), 'Grangetown only');
  const yes = await postForm(U(`/projects/${projectId}/documents/${id}/complete`), lead.cookie,
    { csrf: lead.csrf, ...fields, exclusions: 'Not applicable: the whole area is in scope' });
  assert.equal(yes.status, 303);
  assert.equal(sql(server, `SELECT state FROM project_doc WHERE id=${id};`), 'complete');
  // Complete: read only until reopened.
  const done = await get(U(`/projects/${projectId}/documents/${id}`), lead.cookie);
  assert.match(done.body, /id="doc-state">Complete</);
  assert.match(done.body, /Reopen to change/);
  assert.equal((await get(U(`/projects/${projectId}/documents/${id}/edit`), lead.cookie)).status, 303);
  const save = await postForm(U(`/projects/${projectId}/documents/${id}/edit`), lead.cookie, { csrf: lead.csrf, ...fields });
  assert.equal(save.status, 400);
  assert.match(summary(save.body), /reopen it to change it/);
  const re = await postForm(U(`/projects/${projectId}/documents/${id}/reopen`), lead.cookie, { csrf: lead.csrf });
  assert.equal(re.status, 303);
  assert.equal(sql(server, `SELECT state FROM project_doc WHERE id=${id};`), 'draft');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project_doc' AND entity_id=${id} AND action='update';`), '5', 'three saves, complete, reopen');
  assert.equal((await postForm(U(`/projects/${projectId}/documents/${id}/reopen`), member.cookie, { csrf: member.csrf })).status, 404);
  assert.equal((await postForm(U(`/projects/${projectId}/documents/${id}/complete`), lead.cookie, {})).status, 403);
  // Another project's document is not found through this one.
  assert.equal((await get(U(`/projects/${simpleId}/documents/${id}`), lead.cookie)).status, 404);
});

test('the initiation document shows the schedule, the risks and issues log; its PDF in English and Welsh', async () => {
  const id = Number(sql(server, `SELECT id FROM project_doc WHERE project_id=${projectId} AND kind='pid';`));
  await postForm(U(`/projects/${projectId}/documents/${id}/edit`), lead.cookie,
    { csrf: lead.csrf, background: 'Frail people wait', governance: 'The cluster board decides at each gate' });
  const v = await get(U(`/projects/${projectId}/documents/${id}`), member.cookie);
  assert.equal(v.status, 200);
  assert.match(v.body, /<table[^>]*id="schedule-table"[\s\S]*Hub room fitted/);
  assert.match(v.body, /id="risks-table"[\s\S]*Not enough nurses to staff the hub[\s\S]*4 × 4 = 16[\s\S]*Extreme[\s\S]*3 × 3 = 9[\s\S]*High/);
  assert.match(v.body, /id="issues-table"[\s\S]*The lease is late[\s\S]*High/);
  assert.doesNotMatch(v.body, /Reopen|Mark as complete/, 'a member changes nothing');
  const en = await fetchPdf(U(`/projects/${projectId}/documents/${id}/doc.pdf`), lead.cookie);
  assert.equal(en.status, 200);
  assert.equal(en.type, 'application/pdf');
  const t = pdfText(en.bytes);
  assert.match(t, /Frailty hub for Grangetown/);
  assert.match(t, /Project initiation document \(PID\)/);
  assert.match(t, /Draft/);
  assert.match(t, /The cluster board decides at each gate/);
  assert.match(t, /Hub room fitted/);
  assert.match(t, /Not enough nurses to staff the hub/);
  assert.match(t, /The lease is late/);
  const info = pdfInfo(en.bytes);
  assert.match(info.size, /595\.2\d* x 841\.8\d* pts \(A4\)/);
  assert.ok(info.pages >= 1);
  const cy = await fetchPdf(U(`/projects/${projectId}/documents/${id}/doc.pdf?lang=cy`), lead.cookie);
  const tc = pdfText(cy.bytes);
  assert.match(tc, /Dogfen Cychwyn Prosiect/);
  assert.match(tc, /Drafft/);
  assert.match(tc, /Amserlen/);
  assert.match(tc, /Carreg filltir/);
  assert.match(tc, /Log risgiau/);
  assert.match(tc, /Llywodraethu/);
  assert.equal((await fetchPdf(U(`/projects/${projectId}/documents/${id}/doc.pdf`), afanLead.cookie)).status, 404);
});

test('the stakeholder map: rows kept on bad input, the grid with its quadrants, the table; the map document needs one', async () => {
  const r = await postForm(U(`/projects/${projectId}/documents/new?kind=stakeholder_map`), lead.cookie, { csrf: lead.csrf });
  const id = docId(r);
  await postForm(U(`/projects/${projectId}/documents/${id}/edit`), lead.cookie, { csrf: lead.csrf, notes: 'The health board matters most' });
  const none = await postForm(U(`/projects/${projectId}/documents/${id}/complete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(none.status, 400);
  assert.match(summary(none.body), /href="#stakeholders">Add at least one stakeholder/);
  const bad = await postForm(U(`/projects/${projectId}/stakeholders`), lead.cookie,
    { csrf: lead.csrf, name: 'Cardiff and Vale UHB', power: '7', interest: '', engagement: 'Monthly' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#power">Choose from 1/);
  assert.match(bad.body, /value="Cardiff and Vale UHB"/);
  assert.equal((await postForm(U(`/projects/${projectId}/stakeholders`), member.cookie,
    { csrf: member.csrf, name: 'X', power: '1', interest: '1' })).status, 404);
  assert.equal((await postForm(U(`/projects/${projectId}/stakeholders`), lead.cookie, { name: 'X', power: '1', interest: '1' })).status, 403);
  for (const [name, power, interest] of [['Cardiff and Vale UHB', '5', '4'], ['Local councillors', '4', '2'],
    ['Patients and carers', '2', '5'], ['Nearby pharmacies', '1', '1']]) {
    const a = await postForm(U(`/projects/${projectId}/stakeholders`), lead.cookie,
      { csrf: lead.csrf, name, power, interest, engagement: `Engage ${name}` });
    assert.equal(a.status, 303);
  }
  const map = await get(U(`/projects/${projectId}/stakeholders`), member.cookie);
  assert.equal(map.status, 200);
  const svg = map.body.match(/<svg class="cc-stakeholder-grid"[\s\S]*?<\/svg>/)?.[0] ?? '';
  assert.match(svg, /role="img"/);
  assert.match(svg, /<title id="sh-title">Stakeholder map: power and interest<\/title>/);
  assert.match(svg, /<desc id="sh-desc">[^<]*4 stakeholders[^<]*Cardiff and Vale UHB: power 5, interest 4, Manage closely/);
  for (const q of ['Manage closely', 'Keep satisfied', 'Keep informed', 'Monitor']) assert.match(svg, new RegExp(`>${q}</text>`));
  assert.equal((svg.match(/<circle /g) ?? []).length, 4);
  const table = text(map.body.match(/<table[^>]*id="stakeholders-table"[\s\S]*?<\/table>/)?.[0] ?? '');
  assert.match(table, /Cardiff and Vale UHB 5 4 Manage closely/);
  assert.match(table, /Local councillors 4 2 Keep satisfied/);
  assert.match(table, /Patients and carers 2 5 Keep informed/);
  assert.match(table, /Nearby pharmacies 1 1 Monitor/);
  assert.doesNotMatch(map.body, /Add a stakeholder/, 'a member adds nothing');
  // Change one, remove one.
  const sid = sql(server, `SELECT id FROM project_stakeholder WHERE project_id=${projectId} AND name='Nearby pharmacies';`);
  const e = await get(U(`/projects/${projectId}/stakeholders/${sid}/edit`), lead.cookie);
  assert.equal(e.status, 200);
  assert.match(e.body, /value="Nearby pharmacies"/);
  const ch = await postForm(U(`/projects/${projectId}/stakeholders/${sid}/edit`), lead.cookie,
    { csrf: lead.csrf, name: 'Community pharmacies', power: '2', interest: '4', engagement: 'Newsletter' });
  assert.equal(ch.status, 303);
  assert.equal(sql(server, `SELECT name || ' ' || power || ' ' || interest FROM project_stakeholder WHERE id=${sid};`), 'Community pharmacies 2 4');
  const lc = sql(server, `SELECT id FROM project_stakeholder WHERE project_id=${projectId} AND name='Local councillors';`);
  assert.equal((await postForm(U(`/projects/${projectId}/stakeholders/${lc}/delete`), lead.cookie, { csrf: lead.csrf })).status, 303);
  assert.equal(sql(server, `SELECT COUNT(*) FROM project_stakeholder WHERE project_id=${projectId};`), '3');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project_stakeholder';`), '6');
  assert.equal((await get(U(`/projects/${simpleId}/stakeholders/${sid}/edit`), lead.cookie)).status, 404);
  // Now the map document may be completed, and shows the grid.
  const yes = await postForm(U(`/projects/${projectId}/documents/${id}/complete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(yes.status, 303);
  const doc = await get(U(`/projects/${projectId}/documents/${id}`), lead.cookie);
  assert.match(doc.body, /<svg[^>]*role="img"/);
  const pdf = pdfText((await fetchPdf(U(`/projects/${projectId}/documents/${id}/doc.pdf?lang=cy`), lead.cookie)).bytes);
  assert.match(pdf, /Map rhanddeiliaid/);
  assert.match(pdf, /Rheoli'n agos/);
  assert.match(pdf, /Cardiff and Vale UHB/);
  assert.doesNotMatch(pdf, /Drafft/, 'a complete document is not marked draft');
  const cy = await get(U(`/projects/${projectId}/stakeholders`), CY(lead.cookie));
  assert.match(cy.body, /Cadw'n wybodus|Cadw&#39;n wybodus/);
});

test('the decisions log: the gate\'s decision and linked ones; a restricted item\'s only for those who see it; unlink', async () => {
  const r = await get(U(`/projects/${projectId}/decisions`), lead.cookie);
  assert.equal(r.status, 200);
  const table = text(r.body.match(/<table[^>]*id="decisions-table"[\s\S]*?<\/table>/)?.[0] ?? '');
  assert.match(table, /Cluster board The project may move to Plan Gate Initiate → Plan/);
  assert.match(r.body, new RegExp(`<option value="${decisionId}">`));
  // The cluster's lead sees the restricted item, so may link its decision.
  assert.match(r.body, new RegExp(`<option value="${restrictedDecisionId}">`));
  const bad = await postForm(U(`/projects/${projectId}/decisions`), lead.cookie,
    { csrf: lead.csrf, decision: '999999', note: 'Kept note' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#decision">Choose a decision of a meeting of the project/);
  assert.match(bad.body, /Kept note/);
  assert.equal((await postForm(U(`/projects/${projectId}/decisions`), member.cookie,
    { csrf: member.csrf, decision: String(decisionId) })).status, 404);
  assert.equal((await postForm(U(`/projects/${projectId}/decisions`), lead.cookie, { decision: String(decisionId) })).status, 403);
  const ok = await postForm(U(`/projects/${projectId}/decisions`), lead.cookie,
    { csrf: lead.csrf, decision: String(decisionId), note: 'More clinics' });
  assert.equal(ok.status, 303);
  const twice = await postForm(U(`/projects/${projectId}/decisions`), lead.cookie,
    { csrf: lead.csrf, decision: String(decisionId), note: '' });
  assert.equal(twice.status, 400);
  assert.match(summary(twice.body), /already in the project/);
  assert.equal((await postForm(U(`/projects/${projectId}/decisions`), lead.cookie,
    { csrf: lead.csrf, decision: String(restrictedDecisionId), note: 'Staffing' })).status, 303);
  const after = text((await get(U(`/projects/${projectId}/decisions`), member.cookie)).body);
  assert.match(after, /Extra sessions agreed in Grangetown More clinics/);
  assert.match(after, /Secret staffing decision Staffing/, 'a member of the cluster sees the restricted item');
  // A health board reader sees that there is a decision, not what it says.
  const h = await get(U(`/projects/${projectId}/decisions`), hb.cookie);
  assert.equal(h.status, 200);
  assert.doesNotMatch(h.body, /Secret staffing decision/);
  assert.match(text(h.body), /A decision on a restricted item of the meeting Staffing/);
  assert.doesNotMatch(h.body, new RegExp(`<option value="${restrictedDecisionId}"`));
  // The decisions log document shows them, and its PDF.
  const d = await postForm(U(`/projects/${projectId}/documents/new?kind=decisions_log`), lead.cookie, { csrf: lead.csrf });
  const id = docId(d);
  const doc = await get(U(`/projects/${projectId}/documents/${id}`), lead.cookie);
  assert.match(text(doc.body), /Extra sessions agreed in Grangetown/);
  const pdf = pdfText((await fetchPdf(U(`/projects/${projectId}/documents/${id}/doc.pdf`), lead.cookie)).bytes);
  assert.match(pdf, /The project may move to Plan/);
  assert.match(pdf, /Extra sessions agreed in Grangetown/);
  const hbPdf = pdfText((await fetchPdf(U(`/projects/${projectId}/documents/${id}/doc.pdf`), hb.cookie)).bytes);
  assert.doesNotMatch(hbPdf, /Secret staffing decision/);
  assert.match(hbPdf, /A decision on a restricted item/);
  for (const dec of [decisionId, restrictedDecisionId]) {
    const link = sql(server, `SELECT id FROM project_link WHERE project_id=${projectId} AND decision_id=${dec};`);
    assert.equal((await postForm(U(`/projects/${projectId}/links/${link}/delete`), lead.cookie, { csrf: lead.csrf })).status, 303);
  }
  assert.equal(sql(server, `SELECT COUNT(*) FROM project_link WHERE project_id=${projectId};`), '0');
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project_link';`), '4');
});

test('the closure report: the recommendation, follow-on actions linked; a closed project reads only', async () => {
  const r = await postForm(U(`/projects/${projectId}/documents/new?kind=closure`), lead.cookie, { csrf: lead.csrf });
  const id = docId(r);
  const v = await get(U(`/projects/${projectId}/documents/${id}`), lead.cookie);
  assert.match(v.body, /id="recommendation-value">The evaluation has not made its recommendation yet/);
  assert.match(v.body, new RegExp(`<option value="${actionId}">PD-1 – Hand the hub over`));
  const bad = await postForm(U(`/projects/${projectId}/follow-on`), lead.cookie, { csrf: lead.csrf, action: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /Choose an action of the project/);
  const ok = await postForm(U(`/projects/${projectId}/follow-on`), lead.cookie, { csrf: lead.csrf, action: String(actionId) });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/projects/${projectId}/documents/${id}#follow-on`);
  const after = await get(U(`/projects/${projectId}/documents/${id}`), lead.cookie);
  assert.match(text(after.body.match(/<table[^>]*id="follow-on-table"[\s\S]*?<\/table>/)?.[0] ?? ''), /PD-1 Hand the hub over to the health board Open/);
  const pdf = pdfText((await fetchPdf(U(`/projects/${projectId}/documents/${id}/doc.pdf`), lead.cookie)).bytes);
  assert.match(pdf, /Closure report/);
  assert.match(pdf, /PD-1/);
  const link = sql(server, `SELECT id FROM project_link WHERE project_id=${projectId} AND action_id=${actionId};`);
  const un = await postForm(U(`/projects/${projectId}/links/${link}/delete`), lead.cookie, { csrf: lead.csrf, back: 'follow-on' });
  assert.equal(un.headers.get('location'), `/projects/${projectId}/documents/${id}#follow-on`);
  // The closed project: its closure report shows the recommendation; nothing may change.
  const cid = sql(server, `INSERT INTO project_doc(project_id,kind,title,state,demo,created_at,updated_at)
    VALUES(${closedId},'closure','','draft',0,1,1) RETURNING id;`);
  const c = await get(U(`/projects/${closedId}/documents/${cid}`), lead.cookie);
  assert.equal(c.status, 200);
  assert.match(c.body, /id="recommendation-value"><strong>Continue<\/strong>/);
  assert.match(c.body, /The waits fell/);
  assert.match(c.body, /This project is closed/);
  assert.doesNotMatch(c.body, /Mark as complete|Edit the document/);
  assert.equal((await get(U(`/projects/${closedId}/documents/${cid}/edit`), lead.cookie)).status, 404);
  assert.equal((await postForm(U(`/projects/${closedId}/documents/new?kind=brief`), lead.cookie, { csrf: lead.csrf })).status, 404);
  assert.equal((await postForm(U(`/projects/${closedId}/stakeholders`), lead.cookie,
    { csrf: lead.csrf, name: 'X', power: '1', interest: '1' })).status, 404);
});

test('demonstration data is labelled, on the page and in the PDF', async () => {
  sql(server, `UPDATE project SET demo=1 WHERE id=${simpleId};`);
  const r = await postForm(U(`/projects/${simpleId}/documents/new?kind=plan_on_a_page`), lead.cookie, { csrf: lead.csrf });
  const id = docId(r);
  assert.match((await get(U(`/projects/${simpleId}/documents`), lead.cookie)).body, /Demonstration data/);
  assert.match((await get(U(`/projects/${simpleId}/documents/${id}`), lead.cookie)).body, /Demonstration data/);
  const pdf = pdfText((await fetchPdf(U(`/projects/${simpleId}/documents/${id}/doc.pdf`), lead.cookie)).bytes);
  assert.match(pdf, /Demonstration data/);
  const cy = pdfText((await fetchPdf(U(`/projects/${simpleId}/documents/${id}/doc.pdf?lang=cy`), lead.cookie)).bytes);
  assert.match(cy, /Data enghreifftiol/);
  assert.match(cy, /Cynllun ar dudalen/);
});

test('a report drafted for a meeting links to the meeting\'s agenda item; a report opened by a tolerance says so', async () => {
  const [meeting, item] = sql(server, `SELECT a.meeting_id, a.id FROM agenda_item a JOIN decision d ON d.agenda_item_id=a.id
    WHERE d.id=${decisionId};`).split('|');
  const h = sql(server, `INSERT INTO project_doc(project_id,kind,title,state,meeting_id,agenda_item_id,demo,created_at,updated_at)
    VALUES(${projectId},'highlight','Highlight report: Frailty hub','draft',${meeting},${item},0,1,1) RETURNING id;`);
  const v = await get(U(`/projects/${projectId}/documents/${h}`), member.cookie);
  assert.equal(v.status, 200);
  assert.match(v.body, new RegExp(`id="doc-meeting">Drafted for the agenda of <a href="/meetings/${meeting}/items/${item}">Cluster board, 20 May 2026</a>`));
  sql(server, `INSERT INTO project_doc(project_id,kind,title,state,trigger_kind,breach_key,demo,created_at,updated_at)
    VALUES(${projectId},'exception','','draft','cost','cost:5000000:10',0,1,1);`);
  const list = text((await get(U(`/projects/${projectId}/documents`), member.cookie)).body);
  assert.match(list, /Highlight report: Frailty hub Not needed for the gate/);
  assert.match(list, /Exception report \(opened by the cost tolerance\)/);
});
