// A project's evaluation over HTTP (issue 14): the four stages' forms,
// measurements planned and recorded with the due ones shown first, the
// logic model drawn as SVG with a live QI measure, the benefits register
// valued by Social Value UK's method and discounted at the Green Book's
// 3.5% against the spend from the ledger (SROI and its sensitivity range),
// the unit's register and its workbook, the recommendation at closure with
// its evidence; bad input named and kept as typed; who may see and change
// what (404s, CSRF).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, sql, unixNow } from './helpers.mjs';

const CSW = 'cardiff-south-west';
let server, lead, member, afanLead, projectId, measureId, otherMeasureId, spendId;

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='${CSW}')`;
  projectId = sql(server, `INSERT INTO project(unit_id,title,problem_type,stage,start_on,end_on,budget_pence,created_at,updated_at)
    VALUES(${csw},'Frailty home visits','wicked','deliver','2027-04-01','2029-03-31',1000000,${now},${now}) RETURNING id;`);
  // £5,000 spent from the ledger against a committed commitment of the project.
  const alloc = sql(server, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2029/30','Evaluation test funding','recurrent',5000000,${now},${now}) RETURNING id;`);
  const leadId = sql(server, `SELECT id FROM app_user WHERE email='lead@example.wales';`);
  const hbId = sql(server, `SELECT id FROM app_user WHERE email='hb@example.wales';`);
  const c = sql(server, `INSERT INTO finance_commitment(unit_id,allocation_id,kind,title,supplier,supplier_key,value_pence,start_on,end_on,
    year,status,requested_by,requested_at,aggregated_pence,route,approver_role,approved_by,approved_at,created_at,updated_at,project_id)
    VALUES(${csw},${alloc},'order','Visiting practitioner sessions','Care Co','care co',800000,'2029-04-01','2029-04-30','2029/30',
    'committed',${leadId},${now},800000,'quotes','cluster_lead',${hbId},${now},${now},${now},${projectId}) RETURNING id;`);
  spendId = sql(server, `INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,created_at)
    VALUES(${csw},${alloc},${c},'2029-04-20','2029/30',500000,${now}) RETURNING id;`);
  // A QI measure of the cluster's own QI projects, with points; and one of another cluster.
  const qp = sql(server, `INSERT INTO qi_project(unit_id,title,aim,measures_question,changes_question,start_on,status,created_at,updated_at)
    VALUES(${csw},'Falls QI','Fewer falls','Falls a month','Home visits','2026-01-01','active',${now},${now}) RETURNING id;`);
  measureId = sql(server, `INSERT INTO qi_measure(project_id,kind,name,definition,unit,direction,chart,position,created_at,updated_at)
    VALUES(${qp},'outcome','Falls a month','Falls reported','falls','decrease','xmr',1,${now},${now}) RETURNING id;`);
  for (let i = 0; i < 12; i++) {
    const d = `2026-${String(i + 1).padStart(2, '0')}-01`;
    sql(server, `INSERT INTO qi_point(measure_id,on_date,value) VALUES(${measureId},'${d}',${20 + (i % 3)});`);
  }
  const afan = `(SELECT id FROM unit WHERE slug='afan')`;
  const qp2 = sql(server, `INSERT INTO qi_project(unit_id,title,aim,measures_question,changes_question,start_on,status,created_at,updated_at)
    VALUES(${afan},'Other QI','x','x','x','2026-01-01','active',${now},${now}) RETURNING id;`);
  otherMeasureId = sql(server, `INSERT INTO qi_measure(project_id,kind,name,definition,direction,chart,position,created_at,updated_at)
    VALUES(${qp2},'outcome','Other measure','x','increase','run',1,${now},${now}) RETURNING id;`);
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const P = p => U(`/projects/${projectId}${p}`);
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const why = html => (summary(html) || html.slice(0, 600)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

test('the evaluation page: the four stages with the seed\'s questions; readers see it, others get 404', async () => {
  const r = await get(P('/evaluation'), lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Evaluation');
  const t = text(r.body);
  for (const s of ['1. Identify the context', '2. Identify the outcomes and benefits', '3. Measure the outcomes and benefits', '4. Re-measure'])
    assert.ok(t.includes(s), s);
  assert.match(t, /The evaluation question Not written yet/);
  assert.match(r.body, new RegExp(`href="/projects/${projectId}/evaluation/stages/1/edit"`));
  assert.match(r.body, new RegExp(`href="/projects/${projectId}/logic-model"`));
  assert.match(r.body, new RegExp(`href="/projects/${projectId}/benefits"`));
  const m = await get(P('/evaluation'), member.cookie);
  assert.equal(m.status, 200, 'a member reads it');
  assert.doesNotMatch(m.body, /stages\/1\/edit/, 'but may not change it');
  assert.equal((await get(P('/evaluation'), afanLead.cookie)).status, 404);
  assert.equal((await get(U('/projects/999999/evaluation'), lead.cookie)).status, 404);
  const cy = await get(P('/evaluation?lang=cy'), lead.cookie);
  assert.equal(cy.status, 200);
});

test('a stage\'s form: hints from the seed, saved and shown, too long refused and kept; members and CSRF refused', async () => {
  const f = await get(P('/evaluation/stages/1/edit'), lead.cookie);
  assert.equal(f.status, 200);
  assert.match(f.body, /What is the evaluation question\?/);
  assert.match(f.body, /Can you describe the situation or problem\?/);
  assert.equal((await get(P('/evaluation/stages/5/edit'), lead.cookie)).status, 404);
  assert.equal((await get(P('/evaluation/stages/1/edit'), member.cookie)).status, 404);
  assert.equal((await postForm(P('/evaluation/stages/1/edit'), member.cookie, { csrf: member.csrf, question: 'x' })).status, 404);
  assert.equal((await postForm(P('/evaluation/stages/1/edit'), lead.cookie, { question: 'x' })).status, 403);
  const long = 'x'.repeat(8001);
  const bad = await postForm(P('/evaluation/stages/1/edit'), lead.cookie,
    { csrf: lead.csrf, question: 'Do home visits cut falls?', situation: long, need: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#situation">This is too long/);
  assert.match(bad.body, />Do home visits cut falls\?<\/textarea>/, 'kept as typed');
  const ok = await postForm(P('/evaluation/stages/1/edit'), lead.cookie,
    { csrf: lead.csrf, question: 'Do home visits cut falls?', situation: 'Falls among the housebound are rising', need: '' });
  assert.equal(ok.status, 303, why(ok.body));
  const page = text((await get(P('/evaluation'), lead.cookie)).body);
  assert.match(page, /The evaluation question Do home visits cut falls\?/);
  assert.match(page, /The situation or problem Falls among the housebound are rising/);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='eval_text' AND entity_id=${projectId};`), '1');
  // clearing a field removes it
  await postForm(P('/evaluation/stages/1/edit'), lead.cookie, { csrf: lead.csrf, question: 'Do home visits cut falls?', situation: '', need: '' });
  assert.equal(sql(server, `SELECT COUNT(*) FROM eval_text WHERE project_id=${projectId};`), '1');
});

let dueId, laterId;
test('measurements: planned with dates, for whom and where; due ones first with a tag; recorded', async () => {
  const bad = await postForm(P('/measurements/new'), lead.cookie,
    { csrf: lead.csrf, title: '', due_on: '2027-13-45', population: 'Housebound over 75', place: 'Two practices', logic_item: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /href="#title">Enter what is measured/);
  assert.match(summary(bad.body), /href="#due_on">Enter a real date/);
  assert.match(bad.body, /value="Housebound over 75"/);
  const later = await postForm(P('/measurements/new'), lead.cookie,
    { csrf: lead.csrf, title: 'Falls at 12 months', due_on: '2099-04-01', population: 'Housebound over 75', place: 'Whole cluster' });
  assert.equal(later.status, 303, why(later.body));
  const due = await postForm(P('/measurements/new'), lead.cookie,
    { csrf: lead.csrf, title: 'Baseline falls', due_on: '2020-01-31', population: 'Housebound over 75', place: 'Two practices' });
  assert.equal(due.status, 303, why(due.body));
  [dueId, laterId] = sql(server, `SELECT id FROM eval_measurement WHERE project_id=${projectId} ORDER BY due_on;`).split('\n').map(Number);
  const page = await get(P('/evaluation'), lead.cookie);
  assert.match(text(page.body), /Measurements due now: 1/);
  const rows = [...page.body.matchAll(/<tr[^>]*id="measurement-(\d+)"[\s\S]*?<\/tr>/g)];
  assert.equal(Number(rows[0][1]), dueId, 'the due one first');
  assert.match(rows[0][0], /nhsuk-tag--orange">Due</);
  assert.doesNotMatch(rows[1][0], />Due</);
  // record: not in the future, a number, the result in words
  const fut = await postForm(P(`/measurements/${dueId}/record`), lead.cookie,
    { csrf: lead.csrf, measured_on: '2999-01-01', value: 'lots', result: '' });
  assert.equal(fut.status, 400);
  assert.match(summary(fut.body), /today or earlier/);
  assert.match(summary(fut.body), /href="#value">Enter the value as a number/);
  assert.match(summary(fut.body), /href="#result">Enter what the measurement showed/);
  assert.match(fut.body, /value="lots"/);
  const rec = await postForm(P(`/measurements/${dueId}/record`), lead.cookie,
    { csrf: lead.csrf, measured_on: '2020-02-03', value: '21.5', result: '21.5 falls a month at baseline' });
  assert.equal(rec.status, 303, why(rec.body));
  const list = await get(P('/measurements'), lead.cookie);
  assert.equal(list.status, 200);
  assert.match(text(list.body), /3 Feb 2020: 21.5 21.5 falls a month at baseline/);
  assert.doesNotMatch(text((await get(P('/evaluation'), lead.cookie)).body), /Measurements due now/);
  // edit; another project's or no measurement: 404; members may read but not change
  const e = await postForm(P(`/measurements/${laterId}/edit`), lead.cookie,
    { csrf: lead.csrf, title: 'Falls at 12 months', due_on: '2099-05-01', population: 'Housebound over 75', place: 'Whole cluster' });
  assert.equal(e.status, 303, why(e.body));
  assert.equal(sql(server, `SELECT due_on FROM eval_measurement WHERE id=${laterId};`), '2099-05-01');
  const ef = await get(P(`/measurements/${laterId}/edit`), lead.cookie);
  assert.equal(ef.status, 200);
  assert.match(ef.body, /name="title" type="text" value="Falls at 12 months"/);
  const rf = await get(P(`/measurements/${laterId}/record`), lead.cookie);
  assert.equal(rf.status, 200);
  assert.match(text(rf.body), /What is measured Falls at 12 months/);
  assert.equal((await get(P(`/measurements/${laterId}/record`), member.cookie)).status, 404);
  assert.equal((await get(P('/measurements/999999/edit'), lead.cookie)).status, 404);
  assert.equal((await get(P('/measurements'), member.cookie)).status, 200);
  assert.equal((await get(P('/measurements/new'), member.cookie)).status, 404);
  assert.equal((await postForm(P(`/measurements/${laterId}/record`), lead.cookie,
    { measured_on: '2020-01-01', result: 'x' })).status, 403, 'no CSRF token');
  assert.equal((await get(P('/measurements'), afanLead.cookie)).status, 404);
});

let inputId, outcomeId;
test('the logic model: columns, ties to a live QI measure of the unit only, SVG with its value and signal, table, edit, delete', async () => {
  const empty = await get(P('/logic-model'), lead.cookie);
  assert.equal(empty.status, 200);
  assert.match(empty.body, /id="logic-none"/);
  const r1 = await postForm(P('/logic-model/new'), lead.cookie, { csrf: lead.csrf, col: 'input', text: 'Two visiting practitioners', qi_measure: '', indicator: '' });
  assert.equal(r1.status, 303, why(r1.body));
  const tied = await postForm(P('/logic-model/new'), lead.cookie,
    { csrf: lead.csrf, col: 'input', text: 'Money', qi_measure: String(measureId), indicator: '' });
  assert.equal(tied.status, 400);
  assert.match(summary(tied.body), /Only an output or an outcome is tied to a measure/);
  const other = await postForm(P('/logic-model/new'), lead.cookie,
    { csrf: lead.csrf, col: 'outcome_short', text: 'Fewer falls', qi_measure: String(otherMeasureId), indicator: '' });
  assert.equal(other.status, 400);
  assert.match(summary(other.body), /Choose a measure of one of this group/);
  assert.match(other.body, />Fewer falls<\/textarea>/);
  const noCol = await postForm(P('/logic-model/new'), lead.cookie, { csrf: lead.csrf, col: 'nope', text: '' });
  assert.equal(noCol.status, 400);
  assert.match(summary(noCol.body), /Select the column/);
  assert.match(summary(noCol.body), /Enter the item/);
  const ok = await postForm(P('/logic-model/new'), lead.cookie,
    { csrf: lead.csrf, col: 'outcome_short', text: 'Fewer falls at home among the housebound', qi_measure: String(measureId), indicator: '' });
  assert.equal(ok.status, 303, why(ok.body));
  [inputId, outcomeId] = sql(server, `SELECT id FROM logic_item WHERE project_id=${projectId} ORDER BY id;`).split('\n').map(Number);
  const page = await get(P('/logic-model'), lead.cookie);
  assert.equal(page.status, 200);
  const svg = page.body.match(/<svg[^>]*id="logic-svg"[\s\S]*?<\/svg>/)[0];
  assert.match(svg, /role="img"/);
  assert.match(svg, /<title id="logic-svg-title">Logic model<\/title>/);
  assert.match(svg, /<desc id="logic-svg-desc">/);
  for (const c of ['Inputs', 'Activities', 'Outputs', 'Impact']) assert.match(svg, new RegExp(`>${c}<`));
  assert.match(svg, /marker-end="url\(#logic-arrow\)"/);
  assert.match(svg, /22 falls \(2026-12-01\)/, 'the latest point');
  assert.match(svg, /Common cause variation/);
  const row = page.body.match(new RegExp(`<tr[^>]*id="logic-item-${outcomeId}"[\\s\\S]*?</tr>`))[0];
  assert.match(row, new RegExp(`href="/measures/${measureId}">Falls a month</a>`));
  assert.match(text(row), /Outcomes: short term Fewer falls at home among the housebound/);
  // the thread back: the measure's page names the project
  const mp = await get(U(`/measures/${measureId}`), member.cookie);
  assert.match(mp.body, new RegExp(`id="used-in-evaluation">Used in the evaluation of project: <a href="/projects/${projectId}/logic-model">Frailty home visits</a>`));
  // an indicator of the cluster's area: its latest value and how it compares with Wales
  const [indId, code] = sql(server, `SELECT i.id || '|' || i.code FROM indicator i WHERE EXISTS (SELECT 1 FROM indicator_value v
    WHERE v.indicator_id=i.id AND v.unit_id=(SELECT id FROM unit WHERE slug='${CSW}')) ORDER BY i.id LIMIT 1;`).split('|');
  const ti = await postForm(P('/logic-model/new'), lead.cookie,
    { csrf: lead.csrf, col: 'impact', text: 'Healthier old age', qi_measure: '', indicator: indId });
  assert.equal(ti.status, 303, why(ti.body));
  const lm = await get(P('/logic-model'), lead.cookie);
  const irow = lm.body.match(/<tr[^>]*id="logic-item-\d+"[^>]*>(?:(?!<\/tr>)[\s\S])*Healthier old age[\s\S]*?<\/tr>/)[0];
  assert.match(irow, new RegExp(`href="/units/${CSW}/indicators/${code}"`));
  assert.match(text(irow), /(Better|Worse|Similar to|Higher|Lower|Not compared with) (than )?Wales/);
  const ip = await get(U(`/units/${CSW}/indicators/${code}`), member.cookie);
  assert.match(ip.body, /id="used-in-evaluation"/);
  sql(server, `DELETE FROM logic_item WHERE text='Healthier old age';`);
  // edit, then delete with CSRF; members may not
  const e = await postForm(P(`/logic-model/${inputId}/edit`), lead.cookie,
    { csrf: lead.csrf, col: 'input', text: 'Two visiting practitioners, 3 days a week', qi_measure: '', indicator: '', sort_order: '2' });
  assert.equal(e.status, 303, why(e.body));
  assert.equal(sql(server, `SELECT text FROM logic_item WHERE id=${inputId};`), 'Two visiting practitioners, 3 days a week');
  const lf = await get(P(`/logic-model/${outcomeId}/edit`), lead.cookie);
  assert.equal(lf.status, 200);
  assert.match(lf.body, new RegExp(`<option value="${measureId}" selected>Falls QI – Falls a month</option>`));
  assert.match(lf.body, /value="outcome_short" checked/);
  assert.equal((await get(P('/logic-model/new?col=output'), lead.cookie)).status, 200);
  assert.equal((await get(P('/logic-model/999999/edit'), lead.cookie)).status, 404);
  assert.equal((await get(P(`/logic-model/${inputId}/edit`), member.cookie)).status, 404);
  assert.equal((await postForm(P(`/logic-model/${inputId}/delete`), member.cookie, { csrf: member.csrf })).status, 404);
  assert.equal((await postForm(P(`/logic-model/${inputId}/delete`), lead.cookie, {})).status, 403);
  assert.equal((await get(P('/logic-model'), member.cookie)).status, 200);
  assert.equal((await get(P('/logic-model'), afanLead.cookie)).status, 404);
  const tmp = await postForm(P('/logic-model/new'), lead.cookie, { csrf: lead.csrf, col: 'impact', text: 'Gone soon' });
  assert.equal(tmp.status, 303);
  const tmpId = sql(server, `SELECT id FROM logic_item WHERE text='Gone soon';`);
  const del = await postForm(P(`/logic-model/${tmpId}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(del.status, 303);
  assert.equal(sql(server, `SELECT COUNT(*) FROM logic_item WHERE id=${tmpId};`), '0');
  assert.equal((await postForm(P(`/logic-model/${tmpId}/delete`), lead.cookie, { csrf: lead.csrf })).status, 404);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='logic_item';`), '6');
});

let benefitId;
test('benefits: Social Value UK\'s method at the Green Book rate; SROI against the spend from the ledger, with its range in words', async () => {
  const bad = await postForm(P('/benefits/new'), lead.cookie, { csrf: lead.csrf, kind: 'social', description: 'Fewer falls',
    quantity: 'many', proxy: '12,34.00', deadweight: '150', attribution: '25', displacement: '10', drop_off: '10',
    start_year: '1', duration: '3', evidence: '', proxy_low: '', proxy_high: '', logic_item: '' });
  assert.equal(bad.status, 400);
  const s = summary(bad.body);
  assert.match(s, /href="#quantity">Enter the quantity as a number/);
  assert.match(s, /href="#proxy">Enter an amount in pounds and pence/);
  assert.match(s, /href="#deadweight">Enter a whole percent from 0 to 100/);
  assert.match(bad.body, /name="quantity" type="text" value="many"/);
  // The worked example of the unit tests: 100 a year x £100, less 20% deadweight,
  // 25% attribution, 10% displacement, 10% drop-off, years 1 to 3: £13,699.35.
  const ok = await postForm(P('/benefits/new'), lead.cookie, { csrf: lead.csrf, kind: 'social', description: 'Fewer falls at home',
    beneficiaries: 'Housebound over 75', quantity: '100', proxy: '100.00', proxy_low: '', proxy_high: '', proxy_source: 'Unit costs',
    deadweight: '20', attribution: '25', displacement: '10', drop_off: '10', start_year: '1', duration: '3',
    evidence: 'Baseline falls measurement', logic_item: String(outcomeId) });
  assert.equal(ok.status, 303, why(ok.body));
  benefitId = Number(sql(server, `SELECT id FROM benefit WHERE project_id=${projectId};`));
  const page = await get(P('/benefits'), lead.cookie);
  assert.equal(page.status, 200);
  const row = page.body.match(new RegExp(`<tr[^>]*id="benefit-${benefitId}"[\\s\\S]*?</tr>`))[0];
  assert.match(text(row), /£13,699\.35/);
  assert.match(text(row), /20% · 25% · 10% · 10%/);
  assert.match(page.body, /id="benefits-total">£13,699\.35</);
  const ev = text((await get(P('/evaluation'), lead.cookie)).body);
  assert.match(ev, /Cost: spent, from the ledger £5,000\.00/);
  assert.match(ev, /Committed £8,000\.00/);
  assert.match(ev, /Social return on investment \(SROI\) 2\.74 : 1/);
  // attribution at 35%: 1,187,277p; at 15%: 1,552,593p (the unit tests' hand figures)
  assert.match(ev, /Sensitivity range of the SROI 2\.37 : 1 – 3\.11 : 1/);
  assert.match(ev, /lies between 2\.37 : 1 \(with attribution 10 points higher\) and 3\.11 : 1 \(with attribution 10 points lower\)/);
  assert.match(ev, /Even at the lowest, each pound spent returns more than a pound of value/);
  assert.match(ev, /Return on investment \(cash releasing\) -100%/);
  // edit: a cash-releasing benefit changes the ROI
  const e = await postForm(P(`/benefits/${benefitId}/edit`), lead.cookie, { csrf: lead.csrf, kind: 'cash_releasing',
    description: 'Fewer falls at home', beneficiaries: '', quantity: '100', proxy: '100.00', proxy_low: '60', proxy_high: '150',
    proxy_source: '', deadweight: '20', attribution: '25', displacement: '10', drop_off: '10', start_year: '1', duration: '3',
    evidence: '', logic_item: '' });
  assert.equal(e.status, 303, why(e.body));
  const ev2 = text((await get(P('/evaluation'), lead.cookie)).body);
  assert.match(ev2, /Return on investment \(cash releasing\) 174%/);
  assert.match(ev2, /Sensitivity range of the SROI 1\.64 : 1 – 4\.11 : 1/);
  assert.match(ev2, /with the proxies at their low values/);
  const bf = await get(P(`/benefits/${benefitId}/edit`), lead.cookie);
  assert.equal(bf.status, 200);
  assert.match(bf.body, /name="proxy_low" type="text" value="60.00"/);
  assert.match(bf.body, /value="cash_releasing" checked/);
  assert.equal((await get(P(`/benefits/${benefitId}/edit`), member.cookie)).status, 404);
  assert.equal((await get(P('/benefits/999999/edit'), lead.cookie)).status, 404);
  assert.equal((await get(P('/benefits'), afanLead.cookie)).status, 404);
  assert.equal((await postForm(P('/benefits/new'), lead.cookie, { kind: 'social' })).status, 403);
});

test('the unit\'s benefits register and its workbook', async () => {
  // The register's totals here are this test's own project's: the
  // demonstration project's benefits are set aside.
  sql(server, 'DELETE FROM benefit WHERE project_id IN (SELECT id FROM project WHERE demo=1);');
  const r = await get(U(`/units/${CSW}/benefits`), member.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Benefits register');
  assert.match(r.body, new RegExp(`href="/projects/${projectId}/benefits">Frailty home visits</a>`));
  assert.match(text(r.body), /Cash releasing £13,699\.35/);
  const x = await fetch(U(`/units/${CSW}/benefits.xlsx`), { headers: { Cookie: member.cookie } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  // a health board's register has its clusters' projects too, each with its cluster named
  const hb = await mustSignIn(server.url, 'hb@example.wales');
  const board = await get(U('/units/cardiff-and-vale-university-health-board/benefits'), hb.cookie);
  assert.equal(board.status, 200);
  const brow = board.body.match(new RegExp(`<tr[^>]*id="benefit-${benefitId}"[\\s\\S]*?</tr>`))[0];
  assert.match(text(brow), /Frailty home visits Cardiff South West/);
  const other = await get(U('/units/afan/benefits'), lead.cookie);
  assert.ok(other.status === 404 || !other.body.includes('Frailty home visits'));
});

test('the recommendation at closure: only in Monitor or Close, with the reason and the evidence named', async () => {
  assert.equal((await get(P('/recommendation'), lead.cookie)).status, 409);
  const early = await postForm(P('/recommendation'), lead.cookie, { csrf: lead.csrf, recommendation: 'continue', reason: 'Works' });
  assert.equal(early.status, 400);
  assert.match(summary(early.body), /once the project is in Monitor or Close/);
  sql(server, `UPDATE project SET stage='monitor' WHERE id=${projectId};`);
  const f = await get(P('/recommendation'), lead.cookie);
  assert.equal(f.status, 200);
  assert.match(f.body, new RegExp(`value="m${dueId}"`), 'a recorded measurement to choose');
  assert.doesNotMatch(f.body, new RegExp(`value="m${laterId}"`), 'not one not yet measured');
  assert.match(f.body, new RegExp(`value="l${outcomeId}"`));
  const bad = await postForm(P('/recommendation'), lead.cookie, { csrf: lead.csrf, recommendation: 'grow', reason: '' });
  assert.equal(bad.status, 400);
  assert.match(summary(bad.body), /Select continue, scale up or stop/);
  assert.match(summary(bad.body), /Enter the reason/);
  const body = new URLSearchParams([['csrf', lead.csrf], ['recommendation', 'scale_up'],
    ['reason', 'Falls fell by a third at a return of 2.74 : 1'], ['evidence', `m${dueId}`], ['evidence', `l${outcomeId}`]]).toString();
  const ok = await postForm(P('/recommendation'), lead.cookie, body);
  assert.equal(ok.status, 303, why(ok.body));
  assert.equal(sql(server, `SELECT recommendation FROM project WHERE id=${projectId};`), 'scale_up');
  const reason = sql(server, `SELECT recommendation_reason FROM project WHERE id=${projectId};`);
  assert.match(reason, /Falls fell by a third/);
  assert.match(reason, /- Baseline falls \(2020-02-03\): 21.5 falls a month at baseline/);
  assert.match(reason, /- Fewer falls at home among the housebound/);
  const ev = text((await get(P('/evaluation'), member.cookie)).body);
  assert.match(ev, /Recommendation Scale up/);
  const foreign = new URLSearchParams([['csrf', lead.csrf], ['recommendation', 'stop'], ['reason', 'x'], ['evidence', 'm999999']]).toString();
  const fr = await postForm(P('/recommendation'), lead.cookie, foreign);
  assert.equal(fr.status, 400);
  assert.match(summary(fr.body), /Choose evidence from this project/);
  assert.equal((await get(P('/recommendation'), member.cookie)).status, 404);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE entity='project' AND entity_id=${projectId};`), '1');
  // a closed project is read only
  sql(server, `UPDATE project SET stage='close', closed_on='2030-01-01' WHERE id=${projectId};`);
  assert.equal((await get(P('/recommendation'), lead.cookie)).status, 404);
  assert.equal((await get(P('/measurements/new'), lead.cookie)).status, 404);
  assert.equal((await get(P('/evaluation'), lead.cookie)).status, 200);
  assert.ok(spendId > 0);
});
