// The views of plans: the demonstration needs assessments, priorities and
// plans; the plan on a page (HTML, and the A4 PDF in English and Welsh
// read by pdftotext and pdfinfo); a group's and a health board's plans
// side by side with the year chooser; a health board's IMTP objectives
// with what aligns to each; the references plans align with (list, add,
// change: CSRF, bad input kept, audit); who may see and change what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, h1, dbSql } from './helpers.mjs';

const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const text = h => unescape(h.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim());
const count = (s, re) => (s.match(re) ?? []).length;

let server, dir, lead, afanLead, hb, national, admin;
let nFile = 0;
const sql = q => dbSql(server.db, q);
const CY = cookie => `${cookie}; cc_lang=cy`;

// The current financial year, as the server computes it (UTC date).
function financialYear(d = new Date()) {
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
  const s = m >= 4 ? y : y - 1;
  return `${s}/${String((s + 1) % 100).padStart(2, '0')}`;
}
const YEAR = financialYear();
const PCPG = 'cardiff-pan-cluster-planning-group';
const BOARD = 'cardiff-and-vale-university-health-board';

async function fetchBytes(url, cookie) {
  const r = await fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}
function pdfText(bytes) {
  const f = join(dir, `plan-${nFile++}.pdf`);
  writeFileSync(f, bytes);
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'poppler reads the PDF without complaint');
  return r.stdout.replace(/\s+/g, ' ');
}
function pdfInfo(bytes) {
  const f = join(dir, `info-${nFile++}.pdf`);
  writeFileSync(f, bytes);
  const r = spawnSync('pdfinfo', [f], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { pages: Number(r.stdout.match(/^Pages:\s+(\d+)/m)[1]), size: r.stdout.match(/^Page size:\s+(.*)$/m)[1] };
}
const planOf = slug => Number(sql(`SELECT p.id FROM plan p JOIN unit u ON u.id=p.unit_id WHERE u.slug='${slug}' AND p.year='${YEAR}'`));
const csrfOf = html => html.match(/name="csrf" value="([0-9a-f]{64})"/)[1];

before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'cc-planviews-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

// ---- the demonstration data -----------------------------------------------------

test('demo: each demonstration cluster has the year\'s assessment, ranked priorities and an agreed plan', async () => {
  for (const slug of ['cardiff-south-west', 'afan']) {
    const unit = `(SELECT id FROM unit WHERE slug='${slug}')`;
    const a = sql(`SELECT id, demo FROM needs_assessment WHERE unit_id=${unit} AND year='${YEAR}'`).split('|');
    assert.equal(a[1], '1', `${slug}: the assessment is demonstration data`);
    // Evidence under each of the six sources.
    assert.equal(sql(`SELECT COUNT(DISTINCT source) FROM needs_evidence WHERE assessment_id=${a[0]}`), '6');
    // Findings from the indicators significantly worse than Wales, each with its period.
    const fromIndicators = sql(`SELECT COUNT(*) FROM needs_finding WHERE assessment_id=${a[0]} AND indicator_id IS NOT NULL AND period IS NOT NULL`);
    assert.ok(Number(fromIndicators) >= 1, `${slug}: findings from indicators`);
    assert.equal(sql(`SELECT COUNT(*) FROM priority WHERE assessment_id=${a[0]}`), '5');
    assert.equal(sql(`SELECT COUNT(*) FROM priority_score s JOIN priority p ON p.id=s.priority_id WHERE p.assessment_id=${a[0]}`), '30');
    assert.equal(sql(`SELECT COUNT(*) FROM priority_weight WHERE assessment_id=${a[0]}`), '6');
    assert.ok(Number(sql(`SELECT COUNT(*) FROM priority_finding f JOIN priority p ON p.id=f.priority_id WHERE p.assessment_id=${a[0]}`)) >= 5);
    // The plan, agreed by a decision under "Cluster plan YYYY/YY" at a held meeting of the cluster.
    const p = sql(`SELECT p.status, p.demo, a.title, m.status, m.unit_id=${unit}, p.assessment_id
      FROM plan p JOIN decision d ON d.id=p.decision_id JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id
      WHERE p.unit_id=${unit} AND p.year='${YEAR}'`).split('|');
    assert.deepEqual(p.slice(0, 4), ['agreed', '1', `Cluster plan ${YEAR}`, 'held']);
    assert.ok(p[4] === '1' || p[4] === 't');
    assert.equal(p[5], a[0]);
    const plan = planOf(slug);
    // Five SMART objectives: a measure, a target, a date, an owner each.
    assert.equal(sql(`SELECT COUNT(*) FROM plan_objective WHERE plan_id=${plan} AND (qi_measure_id IS NOT NULL OR indicator_id IS NOT NULL)
      AND target<>'' AND due_on IS NOT NULL AND owner_person_id IS NOT NULL AND priority_id IS NOT NULL`), '5');
    assert.equal(sql(`SELECT COUNT(*) FROM plan_objective_action x JOIN plan_objective o ON o.id=x.objective_id WHERE o.plan_id=${plan}`), '2');
    // Aligned to the IMTP of its health board and a national reference.
    assert.ok(Number(sql(`SELECT COUNT(*) FROM plan_alignment al JOIN plan_objective o ON o.id=al.objective_id
      JOIN plan_reference r ON r.id=al.reference_id WHERE o.plan_id=${plan} AND r.kind='imtp' AND r.demo=1`)) >= 5);
    assert.ok(Number(sql(`SELECT COUNT(*) FROM plan_alignment al JOIN plan_objective o ON o.id=al.objective_id
      JOIN plan_reference r ON r.id=al.reference_id WHERE o.plan_id=${plan} AND r.kind IN ('acd_outcome','national_priority')`)) >= 5);
  }
  // Cardiff South West's objectives align to its group's demonstration plan.
  assert.equal(sql(`SELECT COUNT(*) FROM plan_alignment al JOIN plan_objective o ON o.id=al.objective_id
    JOIN plan_objective t ON t.id=al.target_objective_id WHERE o.plan_id=${planOf('cardiff-south-west')} AND t.plan_id=${planOf(PCPG)}`), '3');
  assert.equal(sql(`SELECT status || ' ' || demo FROM plan WHERE id=${planOf(PCPG)}`), 'draft 1');
  // Demonstration IMTP objectives for every health board; every reference is demonstration data.
  assert.equal(sql(`SELECT COUNT(DISTINCT unit_id) FROM plan_reference WHERE kind='imtp'`), '7');
  assert.equal(sql(`SELECT COUNT(*) FROM plan_reference WHERE demo<>1`), '0');
});

test('demo: the findings from indicators are those the profile shows as worse than Wales', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west/profile`, lead.cookie);
  const worse = [...r.body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map(m => m[0])
    .filter(row => /cc-vs-wales[\s\S]*?>Worse<\/strong>/.test(row))
    .map(row => row.match(/\/indicators\/([a-z0-9_]+)"/)[1]).sort();
  const found = sql(`SELECT i.code FROM needs_finding f JOIN indicator i ON i.id=f.indicator_id
    JOIN needs_assessment a ON a.id=f.assessment_id JOIN unit u ON u.id=a.unit_id
    WHERE u.slug='cardiff-south-west' ORDER BY i.code`).split('\n').filter(Boolean);
  assert.ok(found.length >= 1);
  for (const code of found) assert.ok(worse.includes(code), `${code} is worse than Wales on the profile`);
});

test('demo: progress for each quarter of the year already ended (at most two)', async () => {
  const plan = planOf('cardiff-south-west');
  const ended = [1, 2].filter(q => {
    const y = Number(YEAR.slice(0, 4));
    const end = q === 1 ? `${y}-06-30` : `${y}-09-30`;
    return end < new Date().toISOString().slice(0, 10);
  }).length;
  assert.equal(sql(`SELECT COUNT(*) FROM plan_progress g JOIN plan_objective o ON o.id=g.objective_id WHERE o.plan_id=${plan}`), String(5 * ended));
});

// ---- the plan on a page -------------------------------------------------------------

test('plan on a page: the unit, year, vision, agreement, priorities and each objective with its RAG', async () => {
  const plan = planOf('cardiff-south-west');
  const r = await get(`${server.url}/plans/${plan}/page`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), `Plan on a page: ${YEAR}`);
  assert.match(r.body, /<span class="nhsuk-caption-l">Cardiff South West<\/span>/);
  assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
  assert.match(text(r.body), /made up to show how carecluster works/);
  assert.match(text(r.body), /People of the cluster live longer, healthier lives/);
  const item = sql(`SELECT a.meeting_id || '/items/' || a.id FROM plan p JOIN decision d ON d.id=p.decision_id JOIN agenda_item a ON a.id=d.agenda_item_id WHERE p.id=${plan}`);
  assert.match(r.body, new RegExp(`Agreed</strong> on \\d+ [A-Z][a-z]+ \\d{4} at <a href="/meetings/${item}">Cardiff South West cluster meeting</a>`));
  // The priorities the objectives came from, each a link.
  assert.equal(count(r.body, /<li><a href="\/priorities\/\d+">/g), 4);
  const table = r.body.match(/<table[^>]*id="objectives-table"[\s\S]*?<\/table>/)[0];
  const rows = [...table.split('<tbody')[1].matchAll(/<tr[\s\S]*?<\/tr>/g)].map(m => m[0]);
  assert.equal(rows.length, 5);
  assert.match(rows[0], new RegExp(`<a href="/plans/${plan}/objectives/\\d+"><strong>O1</strong> Help more adults to stop smoking</a>`));
  assert.match(rows[2], /<a href="\/measures\/\d+">/, 'a QI measure links to its chart');
  for (const row of rows) assert.match(row, /nhsuk-tag--(green|orange|red|grey) cc-rag/);
  assert.match(r.body, new RegExp(`href="/plans/${plan}/page.pdf" download`));
  assert.match(r.body, new RegExp(`href="/plans/${plan}/page.pdf\\?lang=cy" download hreflang="cy"`));
  // In Welsh.
  const cy = await get(`${server.url}/plans/${plan}/page`, CY(lead.cookie));
  assert.equal(h1(cy.body), `Cynllun ar dudalen: ${YEAR}`);
  assert.match(text(cy.body), /Blaenoriaethau/);
  assert.match(cy.body, /Cytunwyd<\/strong> ar /);
});

test('plan on a page: one A4 PDF page, in English and in Welsh', async () => {
  const plan = planOf('cardiff-south-west');
  const en = await fetchBytes(`${server.url}/plans/${plan}/page.pdf`, lead.cookie);
  assert.equal(en.status, 200);
  assert.equal(en.headers.get('content-type'), 'application/pdf');
  assert.match(en.headers.get('content-disposition'), new RegExp(`attachment; filename="cardiff-south-west-plan-${YEAR.replace('/', '-')}-en.pdf"`));
  const info = pdfInfo(en.bytes);
  assert.equal(info.pages, 1);
  assert.match(info.size, /^595\.2\d* x 841\.8\d* pts \(A4\)/);
  const t = pdfText(en.bytes);
  for (const s of ['Cardiff South West', `Plan on a page: ${YEAR}`, 'Demonstration data', 'Priorities', 'Objectives',
    'Agreed on', 'O1 Help more adults', 'O5', 'Measure', 'Target', 'Owner', 'Progress', 'Elin Jenkins']) {
    assert.ok(t.includes(s), `the English PDF says "${s}":\n${t}`);
  }
  // Welsh: by the reader's language, or asked for.
  for (const [url, cookie] of [[`/plans/${plan}/page.pdf`, CY(lead.cookie)], [`/plans/${plan}/page.pdf?lang=cy`, lead.cookie]]) {
    const cy = await fetchBytes(`${server.url}${url}`, cookie);
    assert.equal(cy.status, 200);
    assert.equal(pdfInfo(cy.bytes).pages, 1);
    const tc = pdfText(cy.bytes);
    for (const s of ['Caerdydd', `Cynllun ar dudalen: ${YEAR}`, 'Data enghreifftiol', 'Blaenoriaethau', 'Amcanion', 'Cytunwyd ar', 'Perchennog', 'Erbyn']) {
      assert.ok(tc.includes(s), `the Welsh PDF says "${s}":\n${tc}`);
    }
    assert.ok(!tc.includes('Priorities'));
  }
  // ?lang=en from a Welsh reader.
  const back = await fetchBytes(`${server.url}/plans/${plan}/page.pdf?lang=en`, CY(lead.cookie));
  assert.ok(pdfText(back.bytes).includes('Plan on a page'));
});

test('plan on a page: a plan with many long objectives still fits one page', async () => {
  const plan = planOf('afan');
  const now = Math.floor(Date.now() / 1000);
  const long = 'A long objective title that goes on and on to test how the page shrinks its text so that it fits '.repeat(2);
  for (let i = 6; i <= 14; i++) {
    sql(`INSERT INTO plan_objective(plan_id,ref,title,target,sort_order,created_at,updated_at) VALUES(${plan},'O${i}','${long}${i}','${long}',${i * 10},${now},${now})`);
  }
  const pdf = await fetchBytes(`${server.url}/plans/${plan}/page.pdf`, afanLead.cookie);
  assert.equal(pdf.status, 200);
  assert.equal(pdfInfo(pdf.bytes).pages, 1);
  const t = pdfText(pdf.bytes);
  assert.ok(t.includes('O1 Help more adults'));
  assert.ok(/O14|more objectives are in the full plan/.test(t), t);
  sql(`DELETE FROM plan_objective WHERE plan_id=${plan} AND sort_order>50`);
});

test('plan on a page: only for those who may read the plan\'s unit; 404 otherwise', async () => {
  const plan = planOf('cardiff-south-west');
  for (const path of [`/plans/${plan}/page`, `/plans/${plan}/page.pdf`]) {
    assert.equal((await get(`${server.url}${path}`, afanLead.cookie)).status, 404, `${path} for Afan's lead`);
    assert.equal((await get(`${server.url}${path}`, national.cookie)).status, 200, `${path} for a national reader`);
    assert.equal((await get(`${server.url}${path}`, hb.cookie)).status, 200, `${path} for the health board`);
    const anon = await get(`${server.url}${path}`);
    assert.ok([302, 303].includes(anon.status), `${path} signed out: ${anon.status}`);
  }
  assert.equal((await get(`${server.url}/plans/999999/page`, admin.cookie)).status, 404);
  assert.equal((await get(`${server.url}/plans/999999/page.pdf`, admin.cookie)).status, 404);
});

// ---- side by side and the IMTP -----------------------------------------------------------

test('side by side: a group\'s clusters\' plans as cards, and its own objectives with those aligned to each', async () => {
  const r = await get(`${server.url}/units/${PCPG}/plans/side-by-side`, hb.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), `Plans side by side, ${YEAR}`);
  assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
  const nClusters = Number(sql(`SELECT COUNT(*) FROM unit_link l JOIN unit u ON u.id=l.child_id
    WHERE l.parent_id=(SELECT id FROM unit WHERE slug='${PCPG}') AND l.relation='part_of' AND u.kind='cluster'`));
  assert.equal(count(r.body, /<div class="nhsuk-card" id="plan-of-/g), nClusters);
  const card = r.body.match(/<div class="nhsuk-card" id="plan-of-cardiff-south-west">[\s\S]*?<\/div><\/div><\/li>/)[0];
  assert.match(card, /nhsuk-tag--green">Agreed/);
  assert.match(text(card), /5 objectives: \d green, \d amber, \d red, \d not yet reported/);
  assert.equal(count(card, /<a href="\/plans\/\d+\/objectives\/\d+">O\d /g), 5);
  assert.match(card, new RegExp(`href="/plans/${planOf('cardiff-south-west')}/page"`));
  // A cluster without a plan says so.
  assert.match(r.body, new RegExp(`No plan for ${YEAR.replace('/', '\\/')} yet\\.`));
  // The group's own objectives, each with the cluster objectives aligned to it.
  const g = r.body.split('id="group-plan"')[1].split('id="cluster-plans"')[0];
  assert.match(g, new RegExp(`<a href="/plans/${planOf(PCPG)}">The group's plan ${YEAR.replace('/', '\\/')}</a>`));
  assert.equal(count(g, /<h3 id="group-objective-\d+">/g), 3);
  assert.match(text(g), /Earlier detection of long-term conditions .* Cluster objectives aligned to this one: O1 Help more adults to stop smoking – Cardiff South West/);
  // Another year: nothing yet.
  const prev = YEAR.replace(/^(\d{4})\/(\d{2})$/, (m, a, b) => `${Number(a) - 1}/${String((Number(b) + 99) % 100).padStart(2, '0')}`);
  const old = await get(`${server.url}/units/${PCPG}/plans/side-by-side?year=${encodeURIComponent(prev)}`, hb.cookie);
  assert.equal(old.status, 200);
  assert.equal(h1(old.body), `Plans side by side, ${prev}`);
  assert.match(text(old.body), new RegExp(`The group has no plan for ${prev.replace('/', '\\/')} yet`));
  assert.match(old.body, new RegExp(`<option value="${prev.replace('/', '\\/')}" selected>`));
  // A year that is not one shows the current year.
  const bad = await get(`${server.url}/units/${PCPG}/plans/side-by-side?year=2026-27`, hb.cookie);
  assert.equal(h1(bad.body), `Plans side by side, ${YEAR}`);
  // Welsh.
  const cy = await get(`${server.url}/units/${PCPG}/plans/side-by-side`, CY(hb.cookie));
  assert.equal(h1(cy.body), `Cynlluniau ochr yn ochr, ${YEAR}`);
});

test('side by side: a health board sees its groups and clusters; other units 404; others\' groups 404', async () => {
  const r = await get(`${server.url}/units/${BOARD}/plans/side-by-side`, hb.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /id="plan-of-cardiff-south-west"/);
  assert.match(r.body, new RegExp(`id="plan-of-${PCPG}"`));
  assert.ok(!r.body.includes('id="plan-of-afan"'));
  // The group's plan with the cluster objectives aligned to its objectives.
  const groups = r.body.split('id="group-plans"')[1];
  assert.match(groups, new RegExp(`<h3 id="group-plan-cardiff-pan-cluster-planning-group"><a href="/plans/${planOf(PCPG)}">`));
  assert.equal(count(groups, /<h4 id="group-objective-\d+">/g), 3);
  assert.match(text(groups), /Fair access to routine primary care across the group Cluster objectives aligned to this one: O3 Routine care from the right professional, first time – Cardiff South West/);
  assert.equal((await get(`${server.url}/units/cardiff-south-west/plans/side-by-side`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/units/${PCPG}/plans/side-by-side`, afanLead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/units/${BOARD}/plans/imtp`, afanLead.cookie)).status, 404);
});

test('IMTP: each objective of the board\'s IMTP with every objective aligned to it, and those nothing aligns to', async () => {
  const r = await get(`${server.url}/units/${BOARD}/plans/imtp`, hb.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), `Objectives aligned to the IMTP, ${YEAR}`);
  assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
  const imtp1 = r.body.split(/<h2 id="imtp-\d+">IMTP-1 /)[1].split('<h2')[0];
  // Cardiff South West's O1 and O5, and the group's O1.
  assert.match(text(imtp1), /O1 Help more adults to stop smoking – Cardiff South West/);
  assert.match(text(imtp1), /O5 More children with both doses of MMR by age five – Cardiff South West/);
  assert.match(text(imtp1), /O1 Earlier detection of long-term conditions in every cluster of the group – Cardiff Pan Cluster Planning Group/);
  assert.ok(!imtp1.includes('Afan'));
  const unaligned = r.body.split('id="unaligned"')[1];
  assert.match(text(unaligned), /IMTP-5 Mental health and well-being/);
  assert.equal((await get(`${server.url}/units/cardiff-south-west/plans/imtp`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/units/${PCPG}/plans/imtp`, hb.cookie)).status, 404);
  const cy = await get(`${server.url}/units/${BOARD}/plans/imtp`, CY(hb.cookie));
  assert.match(text(cy.body), /Iechyd meddwl a llesiant ar hyd cwrs bywyd/);
});

test('the unit pages link to the views', async () => {
  const g = await get(`${server.url}/units/${PCPG}`, hb.cookie);
  assert.match(g.body, new RegExp(`<a href="/units/${PCPG}/plans/side-by-side">Plans side by side</a>`));
  const b = await get(`${server.url}/units/${BOARD}`, hb.cookie);
  assert.match(b.body, new RegExp(`<a href="/units/${BOARD}/plans/side-by-side">`));
  assert.match(b.body, new RegExp(`<a href="/units/${BOARD}/plans/imtp">`));
  assert.match(b.body, new RegExp(`<a href="/units/${BOARD}/plan-references">`));
  const w = await get(`${server.url}/units/wales`, national.cookie);
  assert.match(w.body, /<a href="\/units\/wales\/plan-references">/);
  const c = await get(`${server.url}/units/cardiff-south-west`, lead.cookie);
  assert.ok(!c.body.includes('/plans/side-by-side'));
});

// ---- references ------------------------------------------------------------------------

test('references: the list, and the form for those who may write', async () => {
  const r = await get(`${server.url}/units/${BOARD}/plan-references`, hb.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'References plans align with');
  assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
  assert.equal(count(r.body, /<a href="\/units\/[a-z-]+\/plan-references\/\d+\/edit">Change/g), 5);
  assert.match(r.body, /<span lang="cy">Atal ac ymyrryd yn gynnar/);
  assert.match(r.body, new RegExp(`<form method="post" action="/units/${BOARD}/plan-references" novalidate>`));
  // A national user reads the nation's references without a form.
  const w = await get(`${server.url}/units/wales/plan-references`, national.cookie);
  assert.equal(w.status, 200);
  assert.match(w.body, /<h2 id="kind-acd_outcome">Accelerated Cluster Development outcomes<\/h2>/);
  assert.match(w.body, /<h2 id="kind-national_priority">National priorities<\/h2>/);
  assert.ok(!w.body.includes('<form method="post" action="/units/wales/plan-references"'));
  // Units that own none: 404.
  assert.equal((await get(`${server.url}/units/cardiff-south-west/plan-references`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/units/${PCPG}/plan-references`, hb.cookie)).status, 404);
});

test('references: add one (CSRF, bad input kept, unique code, audit) and change it', async () => {
  const url = `${server.url}/units/${BOARD}/plan-references`;
  const page = await get(url, hb.cookie);
  const csrf = csrfOf(page.body);
  // Without the token: refused, nothing written.
  const before = sql(`SELECT COUNT(*) FROM plan_reference`);
  const noCsrf = await postForm(url, hb.cookie, { code: 'IMTP-9', title_en: 'x', title_cy: 'y' });
  assert.equal(noCsrf.status, 403);
  // Bad input: 400, the messages, what was typed kept.
  const bad = await postForm(url, hb.cookie, { csrf, code: 'IMTP-1', title_en: 'Dental access <for all>', title_cy: '', url: 'ftp://x', sort_order: 'first' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /<title>Error: /);
  for (const m of ['Enter the title in Welsh',
    'Enter a link starting https:// or http://', 'Enter the order as a whole number']) {
    assert.ok(text(bad.body).includes(m), m);
  }
  assert.match(bad.body, /name="title_en" type="text" value="Dental access &lt;for all&gt;"|value="Dental access &lt;for all&gt;"/);
  assert.match(bad.body, /value="ftp:\/\/x"/);
  assert.equal(sql(`SELECT COUNT(*) FROM plan_reference`), before);
  // A code the board already uses (checked once the rest is right).
  const dup = await postForm(url, hb.cookie, { csrf, code: 'IMTP-1', title_en: 'Dental', title_cy: 'Deintyddol' });
  assert.equal(dup.status, 400);
  assert.match(text(dup.body), /Another reference of this kind already has this code/);
  assert.match(dup.body, /value="IMTP-1"/);
  // Good input.
  const ok = await postForm(url, hb.cookie, { csrf, code: 'IMTP-6', title_en: 'Dental access for all', title_cy: 'Mynediad at ddeintydd i bawb',
    url: 'https://example.wales/imtp', sort_order: '60' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/units/${BOARD}/plan-references`);
  const row = sql(`SELECT id, kind, title_cy, url, sort_order, demo FROM plan_reference WHERE code='IMTP-6'
    AND unit_id=(SELECT id FROM unit WHERE slug='${BOARD}')`).split('|');
  assert.deepEqual(row.slice(1), ['imtp', 'Mynediad at ddeintydd i bawb', 'https://example.wales/imtp', '60', '0']);
  assert.equal(sql(`SELECT action || ' ' || entity FROM audit_log WHERE entity='plan_reference' AND entity_id=${row[0]}`), 'create plan_reference');
  const list = await get(url, hb.cookie);
  assert.match(list.body, /<a href="https:\/\/example\.wales\/imtp" lang="en">Dental access for all<\/a>/);
  // It shows on the IMTP view among those nothing aligns to.
  const imtp = await get(`${server.url}/units/${BOARD}/plans/imtp`, hb.cookie);
  assert.match(text(imtp.body.split('id="unaligned"')[1]), /IMTP-6 Dental access for all/);
  // Change it.
  const edit = await get(`${url}/${row[0]}/edit`, hb.cookie);
  assert.equal(edit.status, 200);
  assert.match(edit.body, /value="Mynediad at ddeintydd i bawb"/);
  const badEdit = await postForm(`${url}/${row[0]}/edit`, hb.cookie, { csrf, code: '', title_en: 'Dental', title_cy: 'Deintyddol' });
  assert.equal(badEdit.status, 400);
  assert.match(text(badEdit.body), /Enter the code/);
  assert.match(badEdit.body, /value="Deintyddol"/);
  const saved = await postForm(`${url}/${row[0]}/edit`, hb.cookie, { csrf, code: 'IMTP-6', title_en: 'Dental access for everyone',
    title_cy: 'Mynediad at ddeintydd i bawb', url: '', sort_order: '' });
  assert.equal(saved.status, 303);
  assert.equal(sql(`SELECT title_en || '|' || COALESCE(url,'-') || '|' || sort_order FROM plan_reference WHERE id=${row[0]}`), 'Dental access for everyone|-|0');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE entity='plan_reference' AND entity_id=${row[0]} AND action='update'`), '1');
  // Another unit's reference through this board's address: 404.
  const other = sql(`SELECT id FROM plan_reference WHERE unit_id<>(SELECT id FROM unit WHERE slug='${BOARD}') ORDER BY id LIMIT 1`);
  assert.equal((await get(`${url}/${other}/edit`, hb.cookie)).status, 404);
  assert.equal((await postForm(`${url}/${other}/edit`, hb.cookie, { csrf, code: 'X', title_en: 'x', title_cy: 'y' })).status, 404);
});

test('references: those who may not write cannot add or change; the nation asks which kind', async () => {
  const url = `${server.url}/units/${BOARD}/plan-references`;
  const lp = await get(`${server.url}/units/cardiff-south-west`, lead.cookie);
  const leadCsrf = csrfOf(lp.body);
  const r = await postForm(url, lead.cookie, { csrf: leadCsrf, code: 'IMTP-7', title_en: 'x', title_cy: 'y' });
  assert.equal(r.status, 404);
  const id = sql(`SELECT id FROM plan_reference WHERE unit_id=(SELECT id FROM unit WHERE slug='${BOARD}') ORDER BY id LIMIT 1`);
  assert.equal((await get(`${url}/${id}/edit`, lead.cookie)).status, 404);
  const np = await get(`${server.url}/units/wales`, national.cookie);
  assert.equal((await postForm(`${server.url}/units/wales/plan-references`, national.cookie,
    { csrf: csrfOf(np.body), kind: 'acd_outcome', code: 'ACD-9', title_en: 'x', title_cy: 'y' })).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM plan_reference WHERE code IN ('IMTP-7','ACD-9')`), '0');
  // The administrator adds a national priority; a kind the nation does not own is refused.
  const w = await get(`${server.url}/units/wales/plan-references`, admin.cookie);
  assert.match(w.body, /<input class="nhsuk-radios__input" id="kind" name="kind" type="radio" value="acd_outcome" checked>/);
  const wrong = await postForm(`${server.url}/units/wales/plan-references`, admin.cookie,
    { csrf: csrfOf(w.body), kind: 'imtp', code: 'NP-4', title_en: 'Carers', title_cy: 'Gofalwyr' });
  assert.equal(wrong.status, 400);
  assert.match(text(wrong.body), /Choose the kind of reference/);
  const good = await postForm(`${server.url}/units/wales/plan-references`, admin.cookie,
    { csrf: csrfOf(w.body), kind: 'national_priority', code: 'NP-4', title_en: 'Carers', title_cy: 'Gofalwyr' });
  assert.equal(good.status, 303);
  assert.equal(sql(`SELECT kind FROM plan_reference WHERE code='NP-4'`), 'national_priority');
});
