// The indicator pages finished: earlier periods (?period=) on the profile,
// indicator and funnel pages; a health board's profile; the funnel plot's
// limits adjusted for overdispersion (Spiegelhalter's phi checked against
// the clusters' figures the page tabulates); the catalogue's forms and the
// web import of values (administrators and national users only, CSRF, bad
// input kept, errors by line and column, the valid lines only on request);
// and "Used as evidence", the thread from an indicator to the findings,
// priorities and plan objectives it justified.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, postFile, mustSignIn, h1, dbSql } from './helpers.mjs';

const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const text = h => unescape(h.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim());
function rows(html, id) {
  const m = html.match(new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?</table>`));
  assert.ok(m, `table ${id}`);
  return [...m[0].split('<tbody')[1].matchAll(/<tr[\s\S]*?<\/tr>/g)].map(x => x[0]);
}
const cells = row => [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map(m => text(m[1].replace(/<span class="nhsuk-table-responsive__heading"[^>]*>[\s\S]*?<\/span>/, '')));
const num = s => Number(s.replace(/,/g, ''));

let server, lead, national, hb, admin;
const sql = q => dbSql(server.db, q);
const now = () => Math.floor(Date.now() / 1000);
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
});
after(async () => { await server.stop(); });

// ---- earlier periods -------------------------------------------------------------

test('profile: a form lists the periods; an earlier one shows each indicator for it; an unknown one is not found', async () => {
  const periods = sql("SELECT DISTINCT period FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id WHERE i.period_type='financial_year' ORDER BY period").split('\n');
  assert.ok(periods.length >= 3);
  const latest = periods[periods.length - 1], earlier = periods[0];
  const r = await get(`${server.url}/units/cardiff-south-west/profile`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /<form method="get" action="\/units\/cardiff-south-west\/profile"[^>]*id="period-form"/);
  assert.match(r.body, new RegExp(`<option value="${latest.replace('/', '\\/')}" selected>`));
  for (const p of periods) assert.ok(r.body.includes(`<option value="${p}"`), p);
  const e = await get(`${server.url}/units/cardiff-south-west/profile?period=${encodeURIComponent(earlier)}`, lead.cookie);
  assert.equal(e.status, 200);
  assert.match(e.body, new RegExp(`<option value="${earlier.replace('/', '\\/')}" selected>`));
  assert.match(text(e.body), new RegExp(`Each indicator is shown for ${earlier.replace('/', '\\/')}`));
  const fy = sql("SELECT code FROM indicator WHERE period_type='financial_year' ORDER BY code").split('\n');
  const tr = rows(e.body, 'profile-table');
  for (const code of fy) {
    const row = tr.find(x => x.includes(`/indicators/${code}?period=`));
    assert.ok(row, code);
    assert.equal(cells(row)[1], earlier, code);
  }
  // Three years together: those that end with it.
  for (const code of sql("SELECT code FROM indicator WHERE period_type='rolling_3_years' ORDER BY code").split('\n').filter(Boolean)) {
    const row = tr.find(x => x.includes(`/indicators/${code}?period=`));
    assert.ok(cells(row)[1].endsWith(`-${earlier}`), `${code}: ${cells(row)[1]}`);
  }
  // The values are those of that period: Wilson's point value, as a percentage.
  const [n, d] = sql(`SELECT numerator, denominator FROM indicator_value WHERE indicator_id=(SELECT id FROM indicator WHERE code='smoking_prevalence')
     AND unit_id=(SELECT id FROM unit WHERE slug='cardiff-south-west') AND period='${earlier}' AND sex='persons' AND age_band='all'`).split('|').map(Number);
  const row = tr.find(x => x.includes('/indicators/smoking_prevalence?period='));
  assert.ok(cells(row)[2].startsWith(`${(100 * n / d).toFixed(1)}%`), cells(row)[2]);
  for (const bad of ['1999/00', '<script>']) {
    const x = await get(`${server.url}/units/cardiff-south-west/profile?period=${encodeURIComponent(bad)}`, lead.cookie);
    assert.equal(x.status, 404, bad);
  }
});

test('indicator page and funnel plot take ?period=: the bars and the funnel of that period', async () => {
  const periods = sql("SELECT DISTINCT period FROM indicator_value WHERE indicator_id=(SELECT id FROM indicator WHERE code='smoking_prevalence') ORDER BY period").split('\n');
  const earlier = periods[0];
  const r = await get(`${server.url}/units/cardiff-south-west/indicators/smoking_prevalence?period=${encodeURIComponent(earlier)}`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /id="period-form"/);
  assert.match(text(r.body.match(/<h2 id="bars-heading">[\s\S]*?<\/h2>/)[0]), new RegExp(earlier.replace('/', '\\/')));
  assert.match(r.body, new RegExp(`href="/indicators/smoking_prevalence/funnel\\?period=${earlier.replace('/', '\\/')}"`));
  const f = await get(`${server.url}/indicators/smoking_prevalence/funnel?period=${encodeURIComponent(earlier)}`, lead.cookie);
  assert.equal(f.status, 200);
  assert.match(text(f.body), new RegExp(`Every cluster in Wales in ${earlier.replace('/', '\\/')}`));
  assert.equal((await get(`${server.url}/units/cardiff-south-west/indicators/smoking_prevalence?period=1999%2F00`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/indicators/smoking_prevalence/funnel?period=1999%2F00`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/indicators/smoking_prevalence/funnel?adjust=x`, lead.cookie)).status, 400);
});

// ---- a health board's profile ------------------------------------------------------

test('health board profile: the board against Wales, each indicator leading to its clusters; linked from the unit page', async () => {
  const slug = sql("SELECT s.slug FROM app_user u JOIN unit s ON s.id=u.scope_unit_id WHERE u.email='hb@example.wales'");
  assert.equal(sql(`SELECT kind FROM unit WHERE slug='${slug}'`), 'health_board');
  const u = await get(`${server.url}/units/${slug}`, hb.cookie);
  assert.match(u.body, new RegExp(`<a href="/units/${slug}/profile">Health board profile: population health indicators</a>`));
  const r = await get(`${server.url}/units/${slug}/profile`, hb.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Health board profile');
  assert.match(r.body, /<svg[^>]*class="ichart ichart-spine"/);
  assert.match(r.body, /Health board profile: [^<]+ compared with Wales<\/title>/);
  const tr = rows(r.body, 'profile-table');
  assert.equal(tr.length, Number(sql('SELECT COUNT(*) FROM indicator')));
  for (const row of tr) {
    assert.match(row, new RegExp(`<a href="/units/${slug}/indicators/[a-z0-9_]+">`));
    assert.doesNotMatch(row, /cc-vs-board/);
    assert.match(row, /cc-vs-wales/);
  }
  // The link leads to the bars of the board's clusters.
  const code = tr[0].match(/indicators\/([a-z0-9_]+)"/)[1];
  const b = await get(`${server.url}/units/${slug}/indicators/${code}`, hb.cookie);
  assert.equal(b.status, 200);
  assert.match(b.body, /class="ichart ichart-bars"/);
  // Welsh.
  const cy = await get(`${server.url}/units/${slug}/profile`, `${hb.cookie}; cc_lang=cy`);
  assert.match(cy.body, /<html[^>]*lang="cy"/); assert.equal(h1(cy.body), 'Proffil bwrdd iechyd');
  // A PCPG or the nation has no profile.
  const pcpg = sql("SELECT slug FROM unit WHERE kind='pcpg' ORDER BY id LIMIT 1");
  if (pcpg) assert.equal((await get(`${server.url}/units/${pcpg}/profile`, admin.cookie)).status, 404);
});

// ---- overdispersion ------------------------------------------------------------------

// Spiegelhalter's phi from the figures of the funnel's table: z-scores
// around the pooled proportion, 10% winsorised at each end.
function phiOf(pairs) {
  const t = pairs.reduce((s, [n]) => s + n, 0) / pairs.reduce((s, [, d]) => s + d, 0);
  const z = pairs.map(([n, d]) => (n / d - t) / Math.sqrt(t * (1 - t) / d)).sort((a, b) => a - b);
  const k = z.length, q = Math.floor(k / 10), lo = z[q], hi = z[k - 1 - q];
  return z.map(v => Math.min(Math.max(v, lo), hi)).reduce((s, v) => s + v * v, 0) / k;
}

test('funnel plot: limits adjusted for overdispersion on request, said in the chart, the table and the page', async () => {
  const plain = await get(`${server.url}/indicators/smoking_prevalence/funnel`, national.cookie);
  assert.equal(plain.status, 200);
  assert.match(plain.body, /<input[^>]*name="adjust"[^>]*value="1"/);
  assert.doesNotMatch(plain.body.match(/<input[^>]*name="adjust"[^>]*>/)[0], /checked/);
  assert.match(plain.body, /id="funnel-limits-note">The limits are not adjusted for overdispersion\./);
  const adj = await get(`${server.url}/indicators/smoking_prevalence/funnel?adjust=1`, national.cookie);
  assert.equal(adj.status, 200);
  assert.match(adj.body.match(/<input[^>]*name="adjust"[^>]*>/)[0], /checked/);
  // The clusters' figures, as tabulated, give the phi the description states.
  const all = rows(adj.body, 'funnel-table').map(cells).filter(c => c[1] !== '');
  assert.ok(all.length >= 50);
  const phi = phiOf(all.map(c => [num(c[1]), num(c[2])]));
  assert.ok(phi > 1, `phi ${phi}`);
  assert.match(adj.body, /id="funnel-limits-note">The limits are adjusted for overdispersion/);
  const desc = text(adj.body.match(/<p id="funnel-description">[\s\S]*?<\/p>/)[0]);
  assert.match(desc, new RegExp(`widened for overdispersion .*φ = ${phi.toFixed(2)}, from ${all.length} areas`));
  assert.match(adj.body, /95% limits, adjusted for overdispersion/);
  assert.match(adj.body, /<caption[^>]*>[^<]*\(limits adjusted for overdispersion\)/);
  // Wider limits: no more clusters outside them than before, and at every
  // denominator the adjusted 95% interval contains the plain one.
  const outOf = html => (html.includes('id="outliers-table"') ? rows(html, 'outliers-table').length : 0);
  assert.ok(outOf(adj.body) <= outOf(plain.body), `${outOf(adj.body)} > ${outOf(plain.body)}`);
  assert.ok(outOf(plain.body) > outOf(adj.body) || outOf(plain.body) === 0);
  const pl = rows(plain.body, 'funnel-table').map(cells), ad = rows(adj.body, 'funnel-table').map(cells);
  for (let i = 0; i < pl.length; i++) {
    if (pl[i][1] === '') continue;
    const [a0, a1] = pl[i][4].split(' to ').map(s => num(s.replace('%', '')));
    const [b0, b1] = ad[i][4].split(' to ').map(s => num(s.replace('%', '')));
    assert.ok(b0 <= a0 && b1 >= a1, `${pl[i][0]}: ${pl[i][4]} vs ${ad[i][4]}`);
  }
});

test('funnel plot of ratios: adjusted on request, no value left undrawn', async () => {
  const code = sql("SELECT code FROM indicator WHERE kind='isr' ORDER BY code LIMIT 1");
  assert.ok(code, 'an indirectly standardised ratio in the demonstration catalogue');
  for (const q of ['', '?adjust=1']) {
    const r = await get(`${server.url}/indicators/${code}/funnel${q}`, national.cookie);
    assert.equal(r.status, 200, q);
    assert.doesNotMatch(r.body, /NaN|\binf\b|Infinity/, q);
    assert.match(r.body, /class="ichart ichart-funnel"/, q);
    assert.match(r.body, /id="funnel-limits-note">(The limits are adjusted|You asked for limits adjusted|The limits are not adjusted)/, q);
  }
});

// ---- the catalogue's forms -----------------------------------------------------------

const fields = o => ({
  code: 'test_uptake', name_en: 'Test uptake', name_cy: 'Nifer sy\'n cael prawf', kind: 'proportion',
  numerator_en: 'People tested', numerator_cy: 'Pobl a gafodd brawf', denominator_en: 'People registered',
  denominator_cy: 'Pobl gofrestredig', multiplier: '100', polarity: 'higher_better', period_type: 'financial_year',
  age_from: '', age_to: '', source: 'A test source', sort_order: '200', ...o,
});

test('catalogue forms: only administrators and national users; CSRF; errors keep what was typed; saved with its audit entry', async () => {
  for (const who of [lead, hb]) {
    assert.equal((await get(`${server.url}/indicators/new`, who.cookie)).status, 404);
    assert.equal((await get(`${server.url}/indicators/smoking_prevalence/edit`, who.cookie)).status, 404);
    assert.equal((await postForm(`${server.url}/indicators/new`, who.cookie, fields({ csrf: who.csrf }))).status, 404);
    const c = await get(`${server.url}/indicators`, who.cookie);
    assert.doesNotMatch(c.body, /href="\/indicators\/new"/);
  }
  const cat = await get(`${server.url}/indicators`, national.cookie);
  assert.match(cat.body, /<a href="\/indicators\/new">Add an indicator<\/a>/);
  assert.match(cat.body, /<a href="\/indicators\/import">Import indicator values<\/a>/);
  assert.match(cat.body, /<a href="\/indicators\/smoking_prevalence\/edit">Change this indicator/);
  const form = await get(`${server.url}/indicators/new`, national.cookie);
  assert.equal(form.status, 200);
  assert.equal(h1(form.body), 'Add an indicator');
  assert.match(form.body, /name="csrf"/);
  assert.equal((await postForm(`${server.url}/indicators/new`, national.cookie, fields({}))).status, 403);
  // Bad input: the errors summarised, what was typed kept.
  const bad = await postForm(`${server.url}/indicators/new`, national.cookie, fields({ csrf: national.csrf, name_cy: '', multiplier: 'lots', code: 'Bad Code' }));
  assert.equal(bad.status, 400);
  assert.match(bad.body, /nhsuk-error-summary/);
  assert.match(text(bad.body), /Enter the indicator's name in Welsh/);
  assert.match(text(bad.body), /Enter the multiplier as a number above 0/);
  assert.match(bad.body, /value="lots"/);
  assert.match(bad.body, /value="Bad Code"/);
  assert.match(bad.body, /<option value="proportion" selected>/);
  assert.equal(sql("SELECT COUNT(*) FROM indicator WHERE code='test_uptake'"), '0');
  // Saved.
  const audit0 = Number(sql("SELECT COUNT(*) FROM audit_log WHERE entity='indicator'"));
  const ok = await postForm(`${server.url}/indicators/new`, national.cookie, fields({ csrf: national.csrf }));
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/indicators?saved=1#ind-test_uptake');
  assert.equal(sql("SELECT name_cy || '|' || kind || '|' || CAST(multiplier AS INTEGER) FROM indicator WHERE code='test_uptake'"), "Nifer sy'n cael prawf|proportion|100");
  assert.equal(Number(sql("SELECT COUNT(*) FROM audit_log WHERE entity='indicator'")), audit0 + 1);
  const shown = await get(`${server.url}/indicators?saved=1`, national.cookie);
  assert.match(text(shown.body), /The indicator has been saved\./);
  assert.match(shown.body, /id="ind-test_uptake">Test uptake</);
  // Taken code.
  const taken = await postForm(`${server.url}/indicators/new`, admin.cookie, fields({ csrf: admin.csrf }));
  assert.equal(taken.status, 400);
  assert.match(text(taken.body), /Another indicator has this code/);
  // Edit: the form filled in; a change saved.
  const ed = await get(`${server.url}/indicators/test_uptake/edit`, admin.cookie);
  assert.equal(ed.status, 200);
  assert.match(ed.body, /name="name_en"[^>]*value="Test uptake"|value="Test uptake"[^>]*name="name_en"/);
  const up = await postForm(`${server.url}/indicators/test_uptake/edit`, admin.cookie, fields({ csrf: admin.csrf, name_en: 'Test uptake, all ages' }));
  assert.equal(up.status, 303);
  assert.equal(sql("SELECT name_en FROM indicator WHERE code='test_uptake'"), 'Test uptake, all ages');
  // An indicator with values keeps its kind.
  const kind = await postForm(`${server.url}/indicators/smoking_prevalence/edit`, admin.cookie, {
    ...fields({ csrf: admin.csrf, code: 'smoking_prevalence', kind: 'crude_rate', multiplier: '100000' }),
  });
  assert.equal(kind.status, 400);
  assert.match(text(kind.body), /This indicator has values: its kind, period type and ages cannot change/);
  assert.equal(sql("SELECT kind FROM indicator WHERE code='smoking_prevalence'"), 'proportion');
  assert.equal((await get(`${server.url}/indicators/no_such_code/edit`, admin.cookie)).status, 404);
});

// ---- the web import -------------------------------------------------------------------

test('import: errors by line and column, nothing imported; the valid lines on request; only for those who manage', async () => {
  assert.equal((await get(`${server.url}/indicators/import`, lead.cookie)).status, 404);
  assert.equal((await postFile(`${server.url}/indicators/import`, lead.cookie, { csrf: lead.csrf, csv: 'x' })).status, 404);
  const page = await get(`${server.url}/indicators/import`, national.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Import indicator values');
  assert.match(page.body, /enctype="multipart\/form-data"/);
  const count = () => Number(sql("SELECT COUNT(*) FROM indicator_value WHERE period='2030/31'"));
  const csv = 'area_code,indicator_code,period,numerator,denominator\n'
    + 'cardiff-south-west,smoking_prevalence,2030/31,6000,40000\n'
    + 'nowhere,smoking_prevalence,2030/31,10,100\n'
    + 'afan,smoking_prevalence,2030/31,lots,30000\n'
    + 'afan,smoking_prevalence,2030,10,100\n';
  // Nothing sent.
  const none = await postFile(`${server.url}/indicators/import`, national.cookie, { csrf: national.csrf });
  assert.equal(none.status, 400);
  assert.match(text(none.body), /Choose a CSV file or paste the data/);
  // No CSRF.
  assert.equal((await postFile(`${server.url}/indicators/import`, national.cookie, {}, { name: 'v.csv', bytes: csv })).status, 403);
  const r = await postFile(`${server.url}/indicators/import`, national.cookie, { csrf: national.csrf }, { name: 'v.csv', bytes: csv });
  assert.equal(r.status, 400);
  assert.equal(count(), 0);
  const errs = rows(r.body, 'csv-errors').map(cells);
  assert.deepEqual(errs.map(e => [e[0], e[1]]), [['3', '1 (area_code)'], ['4', '4 (numerator)'], ['5', '3 (period)']]);
  assert.match(text(r.body), /Line 3, column 1 \(area_code\): there is no cluster, health board or Wales/);
  assert.match(text(r.body), /Problems found: 3\. Nothing has been imported\./);
  assert.match(r.body, /id="import-valid-button"[^>]*>Import the 1 valid lines</);
  // The same, pasted, then its valid lines only.
  const p = await postFile(`${server.url}/indicators/import`, national.cookie, { csrf: national.csrf, csv });
  assert.equal(p.status, 400);
  assert.match(p.body, /<input type="hidden" name="csv" value="area_code,indicator_code/);
  const v = await postFile(`${server.url}/indicators/import`, national.cookie, { csrf: national.csrf, csv, valid_only: '1' });
  assert.equal(v.status, 303);
  assert.equal(v.headers.get('location'), '/indicators?imported=1&left_out=3');
  assert.ok(count() >= 1);
  assert.equal(sql("SELECT CAST(numerator AS INTEGER) || '/' || CAST(denominator AS INTEGER) FROM indicator_value WHERE period='2030/31' AND unit_id=(SELECT id FROM unit WHERE slug='cardiff-south-west')"), '6000/40000');
  assert.ok(Number(sql("SELECT COUNT(*) FROM audit_log WHERE entity='indicator_value' AND actor LIKE '%'")) >= 1);
  const done = await get(`${server.url}${v.headers.get('location')}`, national.cookie);
  assert.match(text(done.body), /1 values have been imported; 3 lines with errors were left out\./);
  // A clean file imports at once.
  const clean = await postFile(`${server.url}/indicators/import`, admin.cookie, { csrf: admin.csrf },
    { name: 'ok.csv', bytes: 'area_code,indicator_code,period,numerator,denominator\nafan,smoking_prevalence,2030/31,4000,30000\n' });
  assert.equal(clean.status, 303);
  assert.equal(clean.headers.get('location'), '/indicators?imported=1&left_out=0');
  // A file that is not UTF-8: one error, no choice of valid lines.
  const bin = await postFile(`${server.url}/indicators/import`, admin.cookie, { csrf: admin.csrf }, { name: 'x.csv', bytes: new Uint8Array([0xff, 0xfe, 0x41, 0x00]) });
  assert.equal(bin.status, 400);
  assert.doesNotMatch(bin.body, /import-valid-button/);
});

// ---- the thread: used as evidence -----------------------------------------------------------

test('used as evidence: the findings on the indicator, their priorities and the plan objectives, each a link', async () => {
  const url = `${server.url}/units/arfon/indicators/smoking_prevalence`;
  const before0 = await get(url, national.cookie);
  assert.match(before0.body, /<h2 id="evidence-heading">Used as evidence<\/h2>/);
  assert.match(before0.body, /id="evidence-none">No needs assessment or plan of Arfon rests on this indicator yet\./);
  const t = now();
  const unit = sql("SELECT id FROM unit WHERE slug='arfon'");
  const ind = sql("SELECT id FROM indicator WHERE code='smoking_prevalence'");
  const other = sql("SELECT id FROM indicator WHERE code<>'smoking_prevalence' ORDER BY id LIMIT 1");
  sql(`INSERT INTO needs_assessment(unit_id, year, summary, demo, created_at, updated_at) VALUES (${unit}, '2026/27', 'Test', 0, ${t}, ${t})`);
  const a = sql(`SELECT id FROM needs_assessment WHERE unit_id=${unit} AND year='2026/27'`);
  sql(`INSERT INTO needs_finding(assessment_id, source, indicator_id, period, what, created_at, updated_at)
       VALUES (${a}, 'cluster_profile', ${ind}, '2023/24', 'Smoking is higher than in Wales & rising', ${t}, ${t})`);
  sql(`INSERT INTO needs_finding(assessment_id, source, indicator_id, what, created_at, updated_at)
       VALUES (${a}, 'cluster_profile', ${other}, 'Another indicator', ${t}, ${t})`);
  const f = sql(`SELECT id FROM needs_finding WHERE assessment_id=${a} AND indicator_id=${ind}`);
  sql(`INSERT INTO priority(assessment_id, title, created_at, updated_at) VALUES (${a}, 'Help people stop smoking', ${t}, ${t})`);
  const p = sql(`SELECT id FROM priority WHERE assessment_id=${a}`);
  sql(`INSERT INTO priority_finding(priority_id, finding_id) VALUES (${p}, ${f})`);
  sql(`INSERT INTO plan(unit_id, year, assessment_id, created_at, updated_at) VALUES (${unit}, '2026/27', ${a}, ${t}, ${t})`);
  const plan = sql(`SELECT id FROM plan WHERE unit_id=${unit} AND year='2026/27'`);
  sql(`INSERT INTO plan_objective(plan_id, priority_id, ref, title, created_at, updated_at) VALUES (${plan}, ${p}, 'O1', 'Refer 200 people to Help Me Quit', ${t}, ${t})`);
  sql(`INSERT INTO plan_objective(plan_id, ref, title, indicator_id, created_at, updated_at) VALUES (${plan}, 'O2', 'Lower smoking prevalence', ${ind}, ${t}, ${t})`);
  sql(`INSERT INTO plan_objective(plan_id, ref, title, indicator_id, created_at, updated_at) VALUES (${plan}, 'O3', 'Not this one', ${other}, ${t}, ${t})`);
  const o1 = sql(`SELECT id FROM plan_objective WHERE plan_id=${plan} AND ref='O1'`);
  const o2 = sql(`SELECT id FROM plan_objective WHERE plan_id=${plan} AND ref='O2'`);
  const r = await get(url, national.cookie);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.body, /id="evidence-none"/);
  const findings = r.body.match(/<ul[^>]*id="thread-findings">[\s\S]*?<\/ul>\n<\/li>\n<\/ul>/)[0];
  assert.match(findings, new RegExp(`<a href="/needs/${a}#finding-${f}">Needs assessment 2026/27: Smoking is higher than in Wales &amp; rising</a>`));
  assert.match(text(findings), /\(period 2023\/24\)/);
  assert.match(findings, new RegExp(`Priority: <a href="/priorities/${p}">Help people stop smoking</a>`));
  assert.doesNotMatch(findings, /Another indicator/);
  const objectives = r.body.match(/<ul[^>]*id="thread-objectives">[\s\S]*?<\/ul>/)[0];
  assert.match(objectives, new RegExp(`<a href="/plans/${plan}/objectives/${o1}">Plan 2026/27, objective O1: Refer 200 people to Help Me Quit</a> <span class="nhsuk-body-s">\\(made from a priority this indicator supports\\)`));
  assert.match(objectives, new RegExp(`<a href="/plans/${plan}/objectives/${o2}">Plan 2026/27, objective O2: Lower smoking prevalence</a> <span class="nhsuk-body-s">\\(measured by this indicator\\)`));
  assert.doesNotMatch(objectives, /Not this one/);
  // Another cluster's page of the same indicator shows none of it.
  const afan = await get(`${server.url}/units/anglesey/indicators/smoking_prevalence`, national.cookie);
  assert.match(afan.body, /id="evidence-none"/);
  // Demonstration data is labelled so.
  sql(`UPDATE needs_assessment SET demo=1 WHERE id=${a}`);
  const d = await get(url, national.cookie);
  assert.match(d.body.match(/id="thread-findings">[\s\S]*?<\/ul>/)[0], /Demonstration<\/strong>/);
  // Welsh.
  const cy = await get(url, `${national.cookie}; cc_lang=cy`);
  assert.match(cy.body, /<html[^>]*lang="cy"/); assert.match(cy.body, /Defnyddiwyd fel tystiolaeth/);
});
