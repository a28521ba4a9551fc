// Needs assessments and priorities over HTTP (issue 12): starting an
// assessment for a financial year (one a year), the six sources as
// sections in the seed's order, evidence and findings (What / So what /
// Now what) with their errors kept, the indicators significantly worse
// than Wales read live with "Record a finding", priorities made from
// findings and scored, ranked by weighted score, the weights form and the
// sensitivity view, a priority's page with its evidence and the plan
// objectives made from it; who may see and change what (404), the CSRF
// token, and Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById, bodyRows, sql, unixNow } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
let server, lead, member, afanLead, national, hb;
let needsId, evidenceId, findingId, indicatorFindingId, prioA, prioB;

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const why = html => (html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? html.slice(0, 300)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const errorSummary = html => html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';

test('the unit page links to its needs assessments', async () => {
  const r = await get(U(CSW), lead.cookie);
  assert.match(r.body, /<a href="\/units\/cardiff-south-west\/needs">Needs assessments<\/a>/);
});

test('starting an assessment: a financial year, once; a bad year is refused', async () => {
  const list = await get(U(`${CSW}/needs`), lead.cookie);
  assert.equal(list.status, 200);
  assert.equal(h1(list.body), 'Needs assessments');
  const years = [...list.body.matchAll(/<option value="(\d{4}\/\d{2})"/g)].map(m => m[1]);
  assert.ok(years.length >= 1, 'the start form offers years');
  const year = years[0];
  assert.match(year, /^\d{4}\/\d{2}$/);

  const bad = await postForm(U(`${CSW}/needs`), lead.cookie, { csrf: lead.csrf, year: '2026/28' });
  assert.equal(bad.status, 400);
  assert.match(errorSummary(bad.body), /Choose a financial year, such as 2026\/27/);

  const noCsrf = await postForm(U(`${CSW}/needs`), lead.cookie, { year });
  assert.equal(noCsrf.status, 403);

  const ok = await postForm(U(`${CSW}/needs`), lead.cookie, { csrf: lead.csrf, year });
  assert.equal(ok.status, 303, why(ok.body));
  needsId = Number(ok.headers.get('location').match(/^\/needs\/(\d+)$/)[1]);

  const again = await postForm(U(`${CSW}/needs`), lead.cookie, { csrf: lead.csrf, year });
  assert.equal(again.status, 400);
  assert.match(errorSummary(again.body), /There is already a needs assessment for this year/);
  assert.match(again.body, new RegExp(`<option value="${year.replace('/', '\\/')}" selected>`));

  const listed = await get(U(`${CSW}/needs`), lead.cookie);
  // The year taken is no longer offered.
  assert.doesNotMatch(listed.body, new RegExp(`<option value="${year.replace('/', '\\/')}"`));
  assert.match(listed.body, new RegExp(`<a href="/needs/${needsId}">Needs assessment ${year.replace('/', '\\/')}</a>`));
  // Not for a health board.
  assert.equal((await get(U('/units/cardiff-and-vale/needs'), hb.cookie)).status, 404);
});

test('the assessment: six sources in the seed\'s order, and the worse-than-Wales indicators read live', async () => {
  const r = await get(U(`/needs/${needsId}`), lead.cookie);
  assert.equal(r.status, 200);
  assert.match(h1(r.body), /^Needs assessment \d{4}\/\d{2}$/);
  const order = [...r.body.matchAll(/<h2 id="source-([a-z_]+)-heading">/g)].map(m => m[1]);
  assert.deepEqual(order, ['rpb_pna', 'psb_wellbeing', 'phw', 'cluster_profile', 'local', 'views']);
  assert.match(r.body, /Regional Partnership Board population needs assessment/);
  assert.match(r.body, /<h3 id="worse-heading">Indicators significantly worse than Wales<\/h3>/);
  const t = tableById(r.body, 'worse-table');
  assert.ok(t, 'the demonstration cluster has indicators worse than Wales');
  const rows = bodyRows(t);
  assert.ok(rows.length >= 1);
  for (const row of rows) {
    assert.match(row, /<a href="\/units\/cardiff-south-west\/indicators\/[a-z0-9_]+">/);
    assert.match(row, /Worse \((95|99\.8)%\)/);
    assert.match(row, /Record a finding/);
  }
  // The demonstration indicator values are labelled.
  assert.match(r.body, /Demonstration data/);
  assert.match(r.body, /id="add-evidence-rpb_pna" href="\/needs\/\d+\/evidence\/new\?source=rpb_pna"/);
});

test('"Record a finding" prefills the indicator and period; the finding then shows as recorded', async () => {
  const page = await get(U(`/needs/${needsId}`), lead.cookie);
  const href = page.body.match(/id="record-([a-z0-9_]+)" href="([^"]+)"/);
  assert.ok(href);
  const code = href[1];
  const form = await get(U(href[2].replace(/&amp;/g, '&')), lead.cookie);
  assert.equal(form.status, 200);
  const ind = form.body.match(/name="indicator" value="(\d+)"/)[1];
  const period = form.body.match(/name="period" value="([^"]+)"/)[1];
  const what = form.body.match(/<textarea[^>]*name="what"[^>]*>([^<]*)<\/textarea>/)[1];
  assert.match(what, /significantly worse than Wales/);
  assert.match(form.body, /<option value="cluster_profile" selected>/);
  const ok = await postForm(U(`/needs/${needsId}/findings/new`), lead.cookie, {
    csrf: lead.csrf, source: 'cluster_profile', evidence: '', indicator: ind, period,
    what: what.replace(/&#39;/g, "'").replace(/&amp;/g, '&'), so_what: 'More people here live with it', now_what: 'Make it a priority',
  });
  assert.equal(ok.status, 303, why(ok.body));
  indicatorFindingId = Number(ok.headers.get('location').match(/#finding-(\d+)$/)[1]);
  const after = await get(U(`/needs/${needsId}`), lead.cookie);
  assert.doesNotMatch(after.body, new RegExp(`id="record-${code}"`));
  assert.match(after.body, new RegExp(`<a href="#finding-${indicatorFindingId}">Finding recorded</a>`));
  assert.match(after.body, new RegExp(`id="finding-${indicatorFindingId}"[\\s\\S]*?/units/cardiff-south-west/indicators/${code}`));
  // A period the indicator has no values for is refused.
  const bad = await postForm(U(`/needs/${needsId}/findings/new`), lead.cookie, {
    csrf: lead.csrf, source: 'cluster_profile', indicator: ind, period: '1999/00', what: 'x',
  });
  assert.equal(bad.status, 400);
  assert.match(errorSummary(bad.body), /The indicator has no values for this period/);
});

test('evidence: errors named with what was typed kept, then saved under its source, changed', async () => {
  const form = await get(U(`/needs/${needsId}/evidence/new?source=rpb_pna`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /<option value="rpb_pna" selected>/);
  const bad = await postForm(U(`/needs/${needsId}/evidence/new`), lead.cookie, {
    csrf: lead.csrf, source: 'rpb_pna', title: '', body: 'Carers report long waits', url: 'javascript:alert(1)',
  });
  assert.equal(bad.status, 400);
  const s = errorSummary(bad.body);
  assert.match(s, /Enter a title/);
  assert.match(s, /Enter a web address that starts with https:\/\/ or http:\/\//);
  assert.match(bad.body, /Carers report long waits<\/textarea>/);
  assert.match(bad.body, /value="javascript:alert\(1\)"/);
  const ok = await postForm(U(`/needs/${needsId}/evidence/new`), lead.cookie, {
    csrf: lead.csrf, source: 'rpb_pna', title: 'Population needs assessment 2022', body: 'Carers report long waits', url: 'https://example.wales/pna',
  });
  assert.equal(ok.status, 303, why(ok.body));
  evidenceId = Number(ok.headers.get('location').match(/#evidence-(\d+)$/)[1]);
  const page = await get(U(`/needs/${needsId}`), lead.cookie);
  const section = page.body.match(/<section id="source-rpb_pna"[\s\S]*?<\/section>/)[0];
  assert.match(section, /<a href="https:\/\/example.wales\/pna" rel="noopener">Population needs assessment 2022<\/a>/);
  const edit = await postForm(U(`/needs/${needsId}/evidence/${evidenceId}/edit`), lead.cookie, {
    csrf: lead.csrf, source: 'rpb_pna', title: 'Population needs assessment 2023', body: 'Carers report long waits', url: '',
  });
  assert.equal(edit.status, 303, why(edit.body));
  const again = await get(U(`/needs/${needsId}`), lead.cookie);
  assert.match(again.body, /<strong>Population needs assessment 2023<\/strong>/);
});

test('findings: What is required (kept on error); a finding on evidence; evidence in use cannot go', async () => {
  const bad = await postForm(U(`/needs/${needsId}/findings/new`), lead.cookie, {
    csrf: lead.csrf, source: 'rpb_pna', evidence: String(evidenceId), what: '', so_what: 'Carers burn out', now_what: '',
  });
  assert.equal(bad.status, 400);
  assert.match(errorSummary(bad.body), /Enter what the evidence shows/);
  assert.match(bad.body, /Carers burn out<\/textarea>/);
  // Evidence of another source does not fit.
  const wrong = await postForm(U(`/needs/${needsId}/findings/new`), lead.cookie, {
    csrf: lead.csrf, source: 'views', evidence: String(evidenceId), what: 'x',
  });
  assert.equal(wrong.status, 400);
  assert.match(errorSummary(wrong.body), /Choose evidence of this assessment from the same source/);
  const ok = await postForm(U(`/needs/${needsId}/findings/new`), lead.cookie, {
    csrf: lead.csrf, source: 'rpb_pna', evidence: String(evidenceId), what: 'Unpaid carers wait for respite', so_what: 'Carers burn out', now_what: 'Social prescribing for carers',
  });
  assert.equal(ok.status, 303, why(ok.body));
  findingId = Number(ok.headers.get('location').match(/#finding-(\d+)$/)[1]);
  const page = await get(U(`/needs/${needsId}`), lead.cookie);
  const card = page.body.match(new RegExp(`<div class="nhsuk-card" id="finding-${findingId}">[\\s\\S]*?</div></div>`))[0];
  assert.match(card, /What\?[\s\S]*Unpaid carers wait for respite/);
  assert.match(card, /So what\?[\s\S]*Carers burn out/);
  assert.match(card, /Now what\?[\s\S]*Social prescribing for carers/);
  assert.match(card, new RegExp(`<a href="#evidence-${evidenceId}">Population needs assessment 2023</a>`));
  const del = await postForm(U(`/needs/${needsId}/evidence/${evidenceId}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(del.status, 400);
  assert.match(errorSummary(del.body), /cannot be deleted because findings rest on it/);
});

test('priorities: made from findings and scored; ranked by weighted score', async () => {
  const empty = await get(U(`/needs/${needsId}/priorities`), lead.cookie);
  assert.equal(empty.status, 200);
  assert.match(empty.body, /There are no priorities yet/);
  assert.match(empty.body, /These are the default weights/);
  const form = await get(U(`/needs/${needsId}/priorities/new`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, new RegExp(`id="finding-${findingId}" name="findings" type="checkbox" value="${findingId}"|id="finding-${findingId}"`));
  const scores = (a) => Object.fromEntries(['size', 'gap', 'inequality', 'trend', 'changeable', 'alignment'].map((c, i) => [`score-${c}`, String(a[i])]));
  const bad = await postForm(U(`/needs/${needsId}/priorities/new`), lead.cookie, {
    csrf: lead.csrf, title: 'Carers', description: 'Support for unpaid carers', ...scores([5, 4, 3, 2, 3, '']),
  });
  assert.equal(bad.status, 400);
  assert.match(errorSummary(bad.body), /Choose a score from 0 to 5/);
  assert.match(bad.body, /value="Carers"/);
  assert.match(bad.body, /<option value="5" selected>5<\/option>/);
  // Diabetes 5 4 3 2 3 2 = 45 and Alcohol 3 5 4 4 2 3 = 47 under 3 3 2 2 2 1.
  const a = new URLSearchParams({ csrf: lead.csrf, title: 'Diabetes', description: '', ...scores([5, 4, 3, 2, 3, 2]) });
  a.append('findings', String(findingId));
  a.append('findings', String(indicatorFindingId));
  const okA = await postForm(U(`/needs/${needsId}/priorities/new`), lead.cookie, a.toString());
  assert.equal(okA.status, 303, why(okA.body));
  prioA = Number(okA.headers.get('location').match(/^\/priorities\/(\d+)$/)[1]);
  const okB = await postForm(U(`/needs/${needsId}/priorities/new`), lead.cookie, { csrf: lead.csrf, title: 'Alcohol', description: '', ...scores([3, 5, 4, 4, 2, 3]) });
  assert.equal(okB.status, 303, why(okB.body));
  prioB = Number(okB.headers.get('location').match(/^\/priorities\/(\d+)$/)[1]);
  const r = await get(U(`/needs/${needsId}/priorities`), lead.cookie);
  const rows = bodyRows(tableById(r.body, 'ranked-table'));
  assert.equal(rows.length, 2);
  assert.match(rows[0], />Alcohol</);
  assert.match(rows[0], />47</);
  assert.match(rows[1], />Diabetes</);
  assert.match(rows[1], />45</);
  // The thread forward: the finding names the priority made from it, a link.
  const page = await get(U(`/needs/${needsId}`), lead.cookie);
  const used = page.body.match(new RegExp(`<p[^>]*id="finding-${findingId}-priorities">[\\s\\S]*?</p>`))[0];
  assert.match(used, new RegExp(`Priorities made from it: <a href="/priorities/${prioA}">Diabetes</a>`));
  assert.doesNotMatch(used, /Alcohol/);
  // A finding a priority was made from cannot be deleted.
  const del = await postForm(U(`/needs/${needsId}/findings/${findingId}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(del.status, 400);
  assert.match(errorSummary(del.body), /a priority was made from it/);
});

test('weights: a bad weight is refused and kept; new weights change the order; the sensitivity view says how', async () => {
  const w = { 'weight-size': '3', 'weight-gap': '3', 'weight-inequality': '2', 'weight-trend': '2', 'weight-changeable': '2', 'weight-alignment': '1' };
  const bad = await postForm(U(`/needs/${needsId}/weights`), lead.cookie, { csrf: lead.csrf, ...w, 'weight-trend': '11' });
  assert.equal(bad.status, 400);
  assert.match(errorSummary(bad.body), /Enter a whole number from 0 to 10/);
  assert.match(bad.body, /id="weight-trend" name="weight-trend"[^>]*value="11"/);
  // Sensitivity at the defaults: changeable at 4 or more puts Diabetes first
  // (39+3w against 43+2w).
  const before = await get(U(`/needs/${needsId}/priorities`), lead.cookie);
  assert.match(before.body, /<li id="turn-changeable">What the cluster can change \(weight 2 now\): Alcohol is first\. Raised to 5, it would put Diabetes first\.<\/li>/);
  const st = tableById(before.body, 'sensitivity-table').split('<tbody')[1].match(/<tr[\s\S]*?<\/tr>/g);
  assert.equal(st.length, 2);
  // Alcohol (rank 1 now): at gap 0 it is 32 against Diabetes 33, second; at 10, first.
  // Alcohol, first now (hand-worked: at 0 and at 10 of each criterion,
  // the others at their defaults): size 1/2, gap 2/1, inequality 1/1,
  // trend 2/1, changeable 1/2, alignment 1/1.
  const cells = row => [...row.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map(m => m[1]);
  assert.deepEqual(cells(st[0]), ['Alcohol', '1', '1 / 2', '2 / 1', '1 / 1', '2 / 1', '1 / 2', '1 / 1']);
  const ok = await postForm(U(`/needs/${needsId}/weights`), lead.cookie, { csrf: lead.csrf, ...w, 'weight-changeable': '6' });
  assert.equal(ok.status, 303, why(ok.body));
  const r = await get(U(`/needs/${needsId}/priorities`), lead.cookie);
  const rows = bodyRows(tableById(r.body, 'ranked-table'));
  assert.match(rows[0], />Diabetes</);
  assert.match(r.body, /The cluster has set these weights/);
  assert.match(r.body, /id="weight-changeable" name="weight-changeable"[^>]*value="6"/);
});

test('a priority: its scores, the findings and indicators it came from, and the plan objectives made from it', async () => {
  const r = await get(U(`/priorities/${prioA}`), lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Diabetes');
  assert.match(r.body, /Ranked 1 of 2/);
  assert.ok(tableById(r.body, 'scores-table'));
  assert.match(r.body, new RegExp(`<a href="/needs/${needsId}#finding-${findingId}">`));
  assert.match(r.body, /<a href="\/units\/cardiff-south-west\/indicators\/[a-z0-9_]+">/);
  assert.match(r.body, /No plan objective has been made from this priority yet/);
  // An objective of a plan made from it (written as the plan pages would).
  const now = unixNow();
  sql(server, `INSERT INTO plan(unit_id,year,assessment_id,vision,status,demo,created_at,updated_at)
    SELECT unit_id, year, id, 'Healthier together', 'draft', 0, ${now}, ${now} FROM needs_assessment WHERE id=${needsId};
    INSERT INTO plan_objective(plan_id,priority_id,ref,title,sort_order,created_at,updated_at)
    SELECT p.id, ${prioA}, 'O1', 'Fewer missed diabetes reviews', 1, ${now}, ${now} FROM plan p WHERE p.assessment_id=${needsId};`);
  const ids = sql(server, `SELECT o.plan_id || ' ' || o.id FROM plan_objective o WHERE o.priority_id=${prioA}`).split(' ').map(Number);
  const r2 = await get(U(`/priorities/${prioA}`), lead.cookie);
  assert.match(r2.body, new RegExp(`<a href="/plans/${ids[0]}/objectives/${ids[1]}">O1 Fewer missed diabetes reviews</a>`));
  // Forward: another objective of the draft plan from this priority.
  assert.match(r2.body, new RegExp(`id="make-objective" href="/plans/${ids[0]}/objectives/new\\?priority=${prioA}"`));
  const objForm = await get(U(`/plans/${ids[0]}/objectives/new?priority=${prioA}`), lead.cookie);
  assert.equal(objForm.status, 200);
  assert.match(objForm.body, new RegExp(`<option value="${prioA}" selected>`));
  assert.doesNotMatch((await get(U(`/priorities/${prioA}`), member.cookie)).body, /id="make-objective"/);
  const del = await postForm(U(`/priorities/${prioA}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(del.status, 400);
  assert.match(errorSummary(del.body), /plan objectives were made from it/);
  // One with none goes.
  const delB = await postForm(U(`/priorities/${prioB}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(delB.status, 303);
  assert.equal((await get(U(`/priorities/${prioB}`), lead.cookie)).status, 404);
});

test('who may: readers of the unit read, writers write; others get 404', async () => {
  for (const path of [`/needs/${needsId}`, `/needs/${needsId}/priorities`, `/priorities/${prioA}`, `${CSW}/needs`]) {
    assert.equal((await get(U(path), afanLead.cookie)).status, 404, path);
    assert.equal((await get(U(path), member.cookie)).status, 200, path);
    assert.equal((await get(U(path), national.cookie)).status, 200, path);
    assert.equal((await get(U(path), hb.cookie)).status, 200, path);
  }
  const asMember = await get(U(`/needs/${needsId}`), member.cookie);
  assert.doesNotMatch(asMember.body, /\/evidence\/new|\/findings\/new/);
  for (const who of [member, national, afanLead]) {
    assert.equal((await get(U(`/needs/${needsId}/evidence/new`), who.cookie)).status, 404);
    assert.equal((await get(U(`/priorities/${prioA}/edit`), who.cookie)).status, 404);
    assert.equal((await postForm(U(`/needs/${needsId}/weights`), who.cookie, { csrf: who.csrf, 'weight-size': '1' })).status, 404);
    assert.equal((await postForm(U(`${CSW}/needs`), who.cookie, { csrf: who.csrf, year: '2030/31' })).status, 404);
  }
  const asNational = await get(U(`/needs/${needsId}/priorities`), national.cookie);
  assert.doesNotMatch(asNational.body, /weights-form/);
  assert.match(asNational.body, /<dl class="nhsuk-summary-list" id="weights">/);
  // The health board writes its clusters' assessments.
  assert.equal((await get(U(`/needs/${needsId}/evidence/new`), hb.cookie)).status, 200);
  assert.equal((await get(U('/needs/999999'), lead.cookie)).status, 404);
  assert.equal((await get(U(`/needs/${needsId}/evidence/999999/edit`), lead.cookie)).status, 404);
});

test('every form needs the CSRF token', async () => {
  for (const path of [`/needs/${needsId}/edit`, `/needs/${needsId}/evidence/new`, `/needs/${needsId}/findings/new`,
    `/needs/${needsId}/weights`, `/needs/${needsId}/priorities/new`, `/priorities/${prioA}/edit`, `/priorities/${prioA}/delete`]) {
    assert.equal((await postForm(U(path), lead.cookie, { title: 'x', what: 'x', summary: 'x' })).status, 403, path);
  }
  const page = await get(U(`/needs/${needsId}/edit`), lead.cookie);
  assert.match(page.body, new RegExp(`name="csrf" value="${lead.csrf}"`));
});

test('the summary, and demonstration data labelled as such', async () => {
  const bad = await postForm(U(`/needs/${needsId}/edit`), lead.cookie, { csrf: lead.csrf, summary: 'x'.repeat(4001) });
  assert.equal(bad.status, 400);
  assert.match(errorSummary(bad.body), /Shorten the text/);
  const ok = await postForm(U(`/needs/${needsId}/edit`), lead.cookie, { csrf: lead.csrf, summary: 'Diabetes and unpaid carers' });
  assert.equal(ok.status, 303);
  const r = await get(U(`/needs/${needsId}`), lead.cookie);
  assert.match(r.body, /<p class="cc-pre" id="summary">Diabetes and unpaid carers<\/p>/);
  sql(server, `UPDATE needs_assessment SET demo=1 WHERE id=${needsId}`);
  for (const path of [`${CSW}/needs`, `/needs/${needsId}`, `/needs/${needsId}/priorities`, `/priorities/${prioA}`]) {
    assert.match((await get(U(path), lead.cookie)).body, /Demonstration data/, path);
  }
  sql(server, `UPDATE needs_assessment SET demo=0 WHERE id=${needsId}`);
  assert.doesNotMatch((await get(U(`/needs/${needsId}/priorities`), lead.cookie)).body, /Demonstration data/);
});

test('Welsh', async () => {
  const cy = `${lead.cookie}; cc_lang=cy`;
  const r = await get(U(`/needs/${needsId}`), cy);
  assert.match(h1(r.body), /^Asesiad anghenion \d{4}\/\d{2}$/);
  assert.match(r.body, /Asesiad anghenion poblogaeth y Bwrdd Partneriaeth Rhanbarthol/);
  assert.match(r.body, /Dangosyddion sy'n sylweddol waeth na Chymru|Dangosyddion sy&#39;n sylweddol waeth na Chymru/);
  const p = await get(U(`/needs/${needsId}/priorities`), cy);
  assert.match(p.body, /Sensitifrwydd/);
  assert.match(p.body, /Blaenoriaethau mewn trefn/);
});
