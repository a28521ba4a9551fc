// A project's risks and issues, the unit's risk register and the
// highlight report for a meeting, over HTTP (issue 14): risks scored on
// the NHS 5x5 matrix with their bands in words and colour, escalation to
// the register above the project's risk tolerance and back, closing; the
// heat maps as accessible SVG with the same counts in a table; the
// register's own risks; issues raised, changed and resolved; a highlight
// report drafted from live data onto an upcoming meeting's agenda; bad
// input named and kept, CSRF refused, and who may see and change what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, sql as sqlOn, sqlQuote as q, unixNow, localNow, shiftLocal } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
let server, lead, member, afan, national, projectId, ownerId, ownerName, meetingId;

const sql = text => sqlOn(server, text);
const U = p => `${server.url}${p}`;
const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const text = html => unescape(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();
const summary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
const why = r => `${r.status} ${text(summary(r.body) || r.body.slice(0, 600))}`;

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afan = await mustSignIn(server.url, 'lead.afan@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  const now = unixNow();
  const today = localNow().slice(0, 10);
  const [pid, pname] = sql(`SELECT p.id, p.name FROM membership m JOIN person p ON p.id=m.person_id
    JOIN unit u ON u.id=m.unit_id WHERE u.slug='cardiff-south-west' AND m.valid_from<=${q(today)}
    AND (m.valid_to IS NULL OR m.valid_to>=${q(today)}) ORDER BY p.id LIMIT 1;`).split('|');
  ownerId = Number(pid);
  ownerName = pname;
  projectId = Number(sql(`INSERT INTO project(unit_id,title,problem_type,start_on,end_on,budget_pence,risk_tolerance,
    owner_person_id,stage,created_at,updated_at) VALUES((SELECT id FROM unit WHERE slug='cardiff-south-west'),
    'Frailty hub pilot','tame','2026-04-01','2027-03-31',5000000,12,${ownerId},'deliver',${now},${now}) RETURNING id;`));
  // An upcoming meeting of the cluster.
  const starts = shiftLocal(localNow(), 14 * 24 * 60).slice(0, 10);
  meetingId = Number(sql(`INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
    VALUES((SELECT id FROM unit WHERE slug='cardiff-south-west'),'Cluster board',${q(starts + 'T10:00')},
    ${q(starts + 'T12:00')},'scheduled',${now},${now}) RETURNING id;`));
});
after(async () => { await server?.stop(); });

function riskForm(who, over = {}) {
  return { csrf: who.csrf, description: 'Staff not recruited in time', cause: 'A small pool of applicants',
    owner: String(ownerId), likelihood: '4', consequence: '4', controls: 'Advertise early; bank staff',
    residual_likelihood: '3', residual_consequence: '3', review_on: '2026-01-15', ...over };
}
const riskIdOf = r => Number(r.headers.get('location').match(/#risk-(\d+)$/)[1]);

test('a risk: scores and bands in words and colour, escalation above the tolerance and back, closing', async () => {
  const P = `/projects/${projectId}`;
  const empty = await get(U(`${P}/risks`), lead.cookie);
  assert.equal(empty.status, 200);
  assert.equal(h1(empty.body), 'Risks');
  assert.match(empty.body, /id="risks-none"/);
  assert.match(empty.body, /tolerance of 12 is escalated to the risk register of Cardiff South West/);

  const form = await get(U(`${P}/risks/new`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, new RegExp(`<option value="${ownerId}">`));
  assert.match(form.body, /<option value="5">5 – Almost certain<\/option>/);
  assert.match(form.body, /<option value="5">5 – Catastrophic<\/option>/);

  // 4x4 inherent (16 extreme), 3x3 residual (9 high): within the tolerance of 12.
  let r = await postForm(U(`${P}/risks/new`), lead.cookie, riskForm(lead));
  assert.equal(r.status, 303, why(r));
  const a = riskIdOf(r);
  assert.match(r.headers.get('location'), /esc=saved/);
  let page = await get(U(r.headers.get('location')), lead.cookie);
  assert.match(page.body, /The risk is saved/);
  assert.match(page.body, new RegExp(`<strong class="nhsuk-tag nhsuk-tag--red" id="risk-${a}-inherent">16 Extreme</strong>`));
  assert.match(page.body, new RegExp(`<strong class="nhsuk-tag nhsuk-tag--orange" id="risk-${a}-residual">9 High</strong>`));
  assert.match(page.body, /Review due/, 'a review date in the past');
  assert.ok(!/Escalated/.test(text(page.body.match(/<table[\s\S]*?<\/table>/)[0])));
  assert.equal(sql(`SELECT COALESCE(escalated_at,0) FROM risk WHERE id=${a};`), '0');

  // Residual 4x4 = 16 > 12: escalated, said, audited, on the register.
  r = await postForm(U(`${P}/risks/${a}/edit`), lead.cookie, riskForm(lead, { residual_likelihood: '4', residual_consequence: '4', review_on: '' }));
  assert.equal(r.status, 303, why(r));
  assert.match(r.headers.get('location'), /esc=up/);
  page = await get(U(r.headers.get('location')), lead.cookie);
  assert.match(text(page.body), /above the project's risk tolerance of 12: the risk has been escalated to the risk register of Cardiff South West/);
  assert.match(page.body, /nhsuk-tag--red">Escalated</);
  assert.notEqual(sql(`SELECT COALESCE(escalated_at,0) FROM risk WHERE id=${a};`), '0');
  assert.match(sql(`SELECT new_values FROM audit_log WHERE entity='risk' AND entity_id=${a} ORDER BY id DESC LIMIT 1;`), /"escalated":true/);
  let reg = await get(U(`${CSW}/risks`), lead.cookie);
  assert.equal(reg.status, 200);
  assert.match(reg.body, new RegExp(`id="risk-${a}"`));
  assert.match(reg.body, new RegExp(`<a href="/projects/${projectId}">Frailty hub pilot</a>`));
  assert.ok(!reg.body.includes(`/projects/${projectId}/risks/${a}/edit`), 'a project risk is changed on its project');

  // Back under: de-escalated and said so; off the register.
  r = await postForm(U(`${P}/risks/${a}/edit`), lead.cookie, riskForm(lead, { residual_likelihood: '2', residual_consequence: '3' }));
  assert.match(r.headers.get('location'), /esc=down/);
  page = await get(U(r.headers.get('location')), lead.cookie);
  assert.match(text(page.body), /back within the project's risk tolerance of 12: the risk is no longer on the risk register/);
  assert.match(page.body, new RegExp(`nhsuk-tag--yellow" id="risk-${a}-residual">6 Moderate<`));
  reg = await get(U(`${CSW}/risks`), lead.cookie);
  assert.ok(!reg.body.includes(`id="risk-${a}"`));

  // Close.
  r = await postForm(U(`${P}/risks/${a}/close`), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  page = await get(U(`${P}/risks`), lead.cookie);
  assert.match(page.body, /nhsuk-tag--grey">Closed</);
  assert.equal((await get(U(`${P}/risks/${a}/edit`), lead.cookie)).status, 404, 'a closed risk is not changed');
  assert.equal((await postForm(U(`${P}/risks/${a}/close`), lead.cookie, { csrf: lead.csrf })).status, 404);
});

test('the heat maps: SVG with role img, title and description, the counts in cells of their band, and a table', async () => {
  const P = `/projects/${projectId}`;
  for (const [l, c] of [['5', '5'], ['5', '5'], ['1', '2']]) {
    const r = await postForm(U(`${P}/risks/new`), lead.cookie, riskForm(lead, { likelihood: l, consequence: c,
      residual_likelihood: '1', residual_consequence: '1', description: `Risk ${l}${c}` }));
    assert.equal(r.status, 303, why(r));
  }
  const page = await get(U(`${P}/risks`), lead.cookie);
  const svg = page.body.match(/<svg[^>]*id="heatmap-inherent"[\s\S]*?<\/svg>/)?.[0];
  assert.ok(svg, 'the inherent map');
  assert.match(svg, /role="img"/);
  assert.match(svg, /aria-labelledby="heatmap-inherent-title heatmap-inherent-desc"/);
  assert.match(svg, /<title id="heatmap-inherent-title">Inherent risk<\/title>/);
  assert.match(svg, /<desc id="heatmap-inherent-desc">/);
  assert.match(svg, /data-l="5" data-c="5" data-band="extreme"/);
  assert.match(svg, /fill="#f7d4d1" stroke="#425563" data-l="5" data-c="5"/);
  assert.match(svg, /data-l="1" data-c="2" data-band="low"/);
  assert.match(svg, /data-count="2">2<\/text>/);
  const res = page.body.match(/<svg[^>]*id="heatmap-residual"[\s\S]*?<\/svg>/)?.[0];
  assert.match(res, /data-count="3">3<\/text>/, 'three open risks at 1x1 with their controls');
  const table = page.body.match(/<table[^>]*id="heatmap-inherent-table"[\s\S]*?<\/table>/)?.[0];
  assert.ok(table);
  assert.match(text(table), /5 0 \(Moderate\) 0 \(High\) 0 \(Extreme\) 0 \(Extreme\) 2 \(Extreme\)/);
});

test('bad input is named and kept as typed; CSRF refused; who may see and change', async () => {
  const P = `/projects/${projectId}`;
  const n = sql(`SELECT COUNT(*) FROM risk;`);
  const bad = await postForm(U(`${P}/risks/new`), lead.cookie, riskForm(lead, { description: '', likelihood: '9',
    residual_consequence: '', owner: '999999', review_on: '2026-02-30', cause: 'Kept as typed' }));
  assert.equal(bad.status, 400);
  const s = text(summary(bad.body));
  assert.match(s, /Enter the risk/);
  assert.match(s, /Choose a number from 1 to 5/);
  assert.match(s, /Choose an owner from the group's members/);
  assert.match(s, /Enter a real date/);
  assert.match(bad.body, /Kept as typed<\/textarea>/);
  assert.equal(sql(`SELECT COUNT(*) FROM risk;`), n);
  assert.equal((await postForm(U(`${P}/risks/new`), lead.cookie, { ...riskForm(lead), csrf: 'x' })).status, 403);
  // Another cluster's lead sees nothing; a member and the national user read but may not change.
  for (const path of [`${P}/risks`, `${P}/risks/new`, `${P}/issues`, `${P}/highlight`, `/units/afan/risks`]) {
    assert.equal((await get(U(path), afan.cookie)).status, path.startsWith('/units') ? 200 : 404, path);
  }
  assert.equal((await get(U(`${CSW}/risks`), afan.cookie)).status, 404);
  assert.equal((await get(U(`${P}/risks`), member.cookie)).status, 200);
  assert.ok(!(await get(U(`${P}/risks`), member.cookie)).body.includes('id="risk-new"'));
  assert.equal((await get(U(`${P}/risks/new`), member.cookie)).status, 404);
  assert.equal((await postForm(U(`${P}/risks/new`), member.cookie, riskForm(member))).status, 404);
  assert.equal((await postForm(U(`${P}/risks/new`), national.cookie, riskForm(national))).status, 404);
  assert.equal((await get(U(`/projects/999999/risks`), lead.cookie)).status, 404);
  assert.equal((await get(U(`${P}/risks/999999/edit`), lead.cookie)).status, 404);
  // Nobody changes a closed project's risks.
  const other = Number(sql(`INSERT INTO project(unit_id,title,problem_type,start_on,end_on,stage,recommendation,closed_on,
    created_at,updated_at) VALUES((SELECT id FROM unit WHERE slug='cardiff-south-west'),'Closed one','tame','2025-04-01',
    '2026-03-31','close','stop','2026-03-31',${unixNow()},${unixNow()}) RETURNING id;`));
  assert.equal((await get(U(`/projects/${other}/risks`), lead.cookie)).status, 200);
  assert.equal((await get(U(`/projects/${other}/risks/new`), lead.cookie)).status, 404);
});

test("the unit's register: its own risks added, changed and closed; sorted by residual score or review date", async () => {
  const unitPage = await get(U(CSW), member.cookie);
  assert.match(unitPage.body, /<a href="\/units\/cardiff-south-west\/risks">Risk register<\/a>/, 'the unit page links to its register');
  assert.match(unitPage.body, /<a href="\/units\/cardiff-south-west\/benefits">Benefits register<\/a>/, 'and to its benefits register');
  const form = await get(U(`${CSW}/risks/new`), lead.cookie);
  assert.equal(form.status, 200);
  assert.equal(h1(form.body), 'Add a risk to the register');
  let r = await postForm(U(`${CSW}/risks/new`), lead.cookie, riskForm(lead, { description: 'Premises lease ends',
    residual_likelihood: '5', residual_consequence: '4', review_on: '2099-01-01' }));
  assert.equal(r.status, 303, why(r));
  const own = riskIdOf(r);
  r = await postForm(U(`${CSW}/risks/new`), lead.cookie, riskForm(lead, { description: 'IT system change',
    residual_likelihood: '1', residual_consequence: '2', review_on: '2098-01-01' }));
  const low = riskIdOf(r);
  assert.equal(sql(`SELECT COALESCE(project_id,0)||':'||COALESCE(escalated_at,0) FROM risk WHERE id=${own};`), '0:0');
  let reg = await get(U(`${CSW}/risks`), lead.cookie);
  assert.match(text(reg.body), /The group's own/);
  assert.ok(reg.body.indexOf(`id="risk-${own}"`) < reg.body.indexOf(`id="risk-${low}"`), 'highest residual first');
  assert.match(reg.body, new RegExp(`href="${CSW}/risks/${own}/edit"`));
  reg = await get(U(`${CSW}/risks?sort=review`), lead.cookie);
  assert.ok(reg.body.indexOf(`id="risk-${low}"`) < reg.body.indexOf(`id="risk-${own}"`), 'soonest review first');
  assert.match(reg.body, /<strong aria-current="true">review date<\/strong>/);
  assert.match(reg.body, /<svg[^>]*id="heatmap-residual"/);
  r = await postForm(U(`${CSW}/risks/${own}/edit`), lead.cookie, riskForm(lead, { description: 'Premises lease ends in March',
    residual_likelihood: '5', residual_consequence: '4' }));
  assert.equal(r.status, 303, why(r));
  assert.match((await get(U(`${CSW}/risks`), lead.cookie)).body, /Premises lease ends in March/);
  const bad = await postForm(U(`${CSW}/risks/${own}/edit`), lead.cookie, riskForm(lead, { consequence: '', description: 'Premises lease ends, typed again' }));
  assert.equal(bad.status, 400);
  assert.match(bad.body, /Premises lease ends, typed again<\/textarea>/);
  r = await postForm(U(`${CSW}/risks/${own}/close`), lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  assert.ok(!(await get(U(`${CSW}/risks`), lead.cookie)).body.includes(`id="risk-${own}"`));
  // A project's risk is not the register's to change.
  const pr = Number(sql(`SELECT id FROM risk WHERE project_id=${projectId} AND status='open' ORDER BY id LIMIT 1;`));
  assert.equal((await get(U(`${CSW}/risks/${pr}/edit`), lead.cookie)).status, 404);
  assert.equal((await get(U(`${CSW}/risks/new`), member.cookie)).status, 404);
  assert.equal((await postForm(U(`${CSW}/risks/new`), lead.cookie, { ...riskForm(lead), csrf: '' })).status, 403);
});

test('issues: raised, bad input kept, changed, overdue shown, resolved with the resolution', async () => {
  const P = `/projects/${projectId}`;
  const page = await get(U(`${P}/issues`), lead.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /id="issues-none"/);
  const base = { csrf: lead.csrf, description: 'Room booking lost', owner: String(ownerId), priority: 'high',
    raised_on: '2026-01-05', due_on: '2026-01-10' };
  const bad = await postForm(U(`${P}/issues/new`), lead.cookie, { ...base, description: '', priority: 'urgent', due_on: '2026-01-01' });
  assert.equal(bad.status, 400);
  const s = text(summary(bad.body));
  assert.match(s, /Enter what has gone wrong/);
  assert.match(s, /Choose the priority/);
  assert.match(s, /The due date must be on or after the day it was raised/);
  let r = await postForm(U(`${P}/issues/new`), lead.cookie, base);
  assert.equal(r.status, 303, why(r));
  const id = Number(r.headers.get('location').match(/#issue-(\d+)$/)[1]);
  let list = await get(U(`${P}/issues`), lead.cookie);
  assert.match(list.body, /nhsuk-tag--red">High</);
  assert.match(list.body, /nhsuk-tag--orange">Overdue</);
  assert.match(list.body, new RegExp(ownerName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  r = await postForm(U(`${P}/issues/${id}/edit`), lead.cookie, { ...base, priority: 'low', due_on: '2099-01-01' });
  assert.equal(r.status, 303, why(r));
  list = await get(U(`${P}/issues`), lead.cookie);
  assert.match(list.body, /nhsuk-tag--grey">Low</);
  assert.ok(!/Overdue/.test(list.body));
  const rf = await get(U(`${P}/issues/${id}/resolve`), lead.cookie);
  assert.equal(rf.status, 200);
  const noRes = await postForm(U(`${P}/issues/${id}/resolve`), lead.cookie, { csrf: lead.csrf, resolution: '' });
  assert.equal(noRes.status, 400);
  assert.match(text(summary(noRes.body)), /Enter how the issue was resolved/);
  r = await postForm(U(`${P}/issues/${id}/resolve`), lead.cookie, { csrf: lead.csrf, resolution: 'Booked the church hall' });
  assert.equal(r.status, 303);
  list = await get(U(`${P}/issues`), lead.cookie);
  assert.match(list.body, /nhsuk-tag--green">Resolved</);
  assert.match(list.body, /Booked the church hall/);
  assert.equal((await get(U(`${P}/issues/${id}/edit`), lead.cookie)).status, 404, 'a resolved issue is not changed');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE entity='project_issue' AND entity_id=${id};`), '3');
  assert.equal((await postForm(U(`${P}/issues/new`), member.cookie, { ...base, csrf: member.csrf })).status, 404);
  assert.equal((await postForm(U(`${P}/issues/new`), lead.cookie, { ...base, csrf: 'no' })).status, 403);
});

test('a highlight report drafted from live data onto an upcoming meeting, linked from its agenda item', async () => {
  const P = `/projects/${projectId}`;
  const now = unixNow();
  sql(`INSERT INTO project_milestone(project_id,title,baseline_on,due_on,done_on,created_at,updated_at)
       VALUES(${projectId},'Hub opened','2026-05-01','2026-05-01','2026-05-03',${now},${now});`);
  sql(`INSERT INTO project_milestone(project_id,title,baseline_on,due_on,created_at,updated_at)
       VALUES(${projectId},'First review','2099-06-01','2099-06-01',${now},${now});`);
  const page = await get(U(`${P}/highlight`), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Highlight report for a meeting');
  assert.match(page.body, new RegExp(`<option value="${meetingId}">Cluster board, `));
  const preview = text(page.body.match(/id="highlight-preview"[\s\S]*?<\/dl>/)[0]);
  assert.match(preview, /Stage: Deliver\. RAG: /);
  assert.match(preview, /Hub opened: done 3 May 2026/);
  assert.match(preview, /First review: due 1 June 2099/);
  assert.match(preview, /Budget £50,000\.00; spent £0\.00/);
  assert.match(preview, /Risk 55: residual score 1 \(Low\)/);
  assert.match(preview, /The gate from Deliver to Monitor needs:/);

  const none = await postForm(U(`${P}/highlight`), lead.cookie, { csrf: lead.csrf, meeting: '' });
  assert.equal(none.status, 400);
  assert.match(text(summary(none.body)), /Choose the meeting/);
  let r = await postForm(U(`${P}/highlight`), lead.cookie, { csrf: lead.csrf, meeting: String(meetingId) });
  assert.equal(r.status, 303, why(r));
  const docId = Number(r.headers.get('location').match(/done=(\d+)/)[1]);
  const [kind, state, mid, itemId] = sql(`SELECT kind, state, meeting_id, agenda_item_id FROM project_doc WHERE id=${docId};`).split('|');
  assert.equal(kind, 'highlight');
  assert.equal(state, 'draft');
  assert.equal(Number(mid), meetingId);
  assert.equal(sql(`SELECT title||'|'||purpose||'|'||status FROM agenda_item WHERE id=${itemId};`),
    'Highlight report: Frailty hub pilot|information|accepted');
  assert.equal(sql(`SELECT COUNT(*) FROM project_doc_text WHERE doc_id=${docId} AND body<>'';`), '6');
  assert.match(sql(`SELECT body FROM project_doc_text WHERE doc_id=${docId} AND field='achieved';`), /Hub opened/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE entity='project_doc' AND entity_id=${docId};`), '1');
  const done = await get(U(r.headers.get('location')), lead.cookie);
  assert.match(done.body, new RegExp(`id="highlight-item" href="/meetings/${meetingId}/items/${itemId}"`));
  const item = await get(U(`/meetings/${meetingId}/items/${itemId}`), lead.cookie);
  assert.equal(item.status, 200);
  assert.match(item.body, new RegExp(`id="item-project-report"><a href="/projects/${projectId}/documents/${docId}">`));
  // A second report counts only what was done since the first.
  r = await postForm(U(`${P}/highlight`), lead.cookie, { csrf: lead.csrf, meeting: String(meetingId) });
  const second = Number(r.headers.get('location').match(/done=(\d+)/)[1]);
  assert.match(sql(`SELECT body FROM project_doc_text WHERE doc_id=${second} AND field='achieved';`), /No milestone done since the last report/);

  // A cancelled meeting is refused with the reason; another cluster's is not offered at all.
  sql(`UPDATE meeting SET status='cancelled' WHERE id=${meetingId};`);
  const refused = await postForm(U(`${P}/highlight`), lead.cookie, { csrf: lead.csrf, meeting: String(meetingId) });
  assert.equal(refused.status, 400);
  assert.match(text(summary(refused.body)), /Choose a meeting that has not started and is not cancelled/);
  sql(`UPDATE meeting SET status='scheduled' WHERE id=${meetingId};`);
  const afanMeeting = sql(`INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
    VALUES((SELECT id FROM unit WHERE slug='afan'),'Afan board','2099-01-01T10:00','2099-01-01T11:00','scheduled',${now},${now}) RETURNING id;`);
  assert.equal((await postForm(U(`${P}/highlight`), lead.cookie, { csrf: lead.csrf, meeting: afanMeeting })).status, 404);
  assert.equal((await postForm(U(`${P}/highlight`), member.cookie, { csrf: member.csrf, meeting: String(meetingId) })).status, 404);
  assert.equal((await postForm(U(`${P}/highlight`), lead.cookie, { csrf: 'x', meeting: String(meetingId) })).status, 403);
});
