// The pages of population-health indicators: a cluster's profile (spine
// chart, table, description, demonstration label), one indicator for a
// health board's clusters (bars) and for a cluster (trend and its health
// board's clusters), the funnel plot of the clusters, the catalogue; who
// may read them; the Welsh pages. The comparisons the profile shows are
// checked against the command line's Wilson intervals computed from the
// numerators and denominators in the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, mustSignIn, h1, cli, dbSql } from './helpers.mjs';

const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const text = h => unescape(h.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim());
// The inline SVG charts of a page (not the header's logo).
const charts = html => [...html.matchAll(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="ichart ([a-z-]+)"[\s\S]*?<\/svg>/g)]
  .map(m => ({ kind: m[1], svg: m[0] }));
const count = (s, re) => (s.match(re) ?? []).length;
// The body rows of the table with id.
function rows(html, id) {
  const m = html.match(new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?</table>`));
  assert.ok(m, `table ${id}`);
  return [...m[0].split('<tbody')[1].matchAll(/<tr[\s\S]*?<\/tr>/g)].map(x => x[0]);
}

let server, lead, national, hb, afanLead;
const sql = q => dbSql(server.db, q);
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  // The demonstration's cluster lead of Afan.
  assert.equal(sql("SELECT u.role || ' ' || s.slug FROM app_user u JOIN unit s ON s.id=u.scope_unit_id WHERE u.email='lead.afan@example.wales'"),
    'cluster_lead afan');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
});
after(async () => { await server.stop(); });

test('the unit page links to the cluster profile', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west`, lead.cookie);
  assert.match(r.body, /<a href="\/units\/cardiff-south-west\/profile">Cluster profile: population health indicators<\/a>/);
});

test('profile: a spine chart of every indicator, its description, the table and the demonstration label', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west/profile`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Cluster profile');
  const n = Number(sql("SELECT COUNT(*) FROM indicator"));
  assert.equal(n, 16);
  const c = charts(r.body);
  assert.deepEqual(c.map(x => x.kind), ['ichart-spine']);
  assert.equal(count(c[0].svg, /<g class="ichart-row"/g), n);
  assert.match(c[0].svg, /role="img"/);
  assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
  assert.match(text(r.body), /The figures on this page are made up/);
  assert.match(r.body, /id="period-note"[^>]*>Each indicator is shown for its latest period: 2023\/24 for most/);
  assert.match(r.body, /<p id="spine-description">Spine chart of Cardiff South West: 16 indicators compared with Wales\./);
  const tr = rows(r.body, 'profile-table');
  assert.equal(tr.length, n);
  for (const row of tr) {
    assert.match(row, /<a href="\/units\/cardiff-south-west\/indicators\/[a-z0-9_]+">/);
    assert.match(row, /class="[^"]*cc-vs-wales[^"]*"[\s\S]*?<strong class="nhsuk-tag nhsuk-tag--[a-z-]+ cc-cmp">(Better|Worse|Similar|Higher|Lower|Not compared)<\/strong>/);
  }
  // The chart's rows and the table's tags agree on what is worse than Wales.
  const worseRows = count(c[0].svg, /<g class="ichart-row" data-cmp="worse"/g);
  const worseTags = tr.filter(row => /cc-vs-wales[\s\S]*?>Worse<\/strong>/.test(row)).length;
  assert.equal(worseRows, worseTags);
  assert.ok(worseTags > 0);
});

test('profile: each proportion compared with Wales as Wilson intervals from the stored values say', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west/profile`, lead.cookie);
  const tr = rows(r.body, 'profile-table');
  const tagOf = code => {
    const row = tr.find(x => x.includes(`/indicators/${code}"`));
    return row.match(/cc-vs-wales[\s\S]*?<strong[^>]*>([^<]+)<\/strong>/)[1];
  };
  const data = sql(`SELECT i.code, i.polarity, c.numerator, c.denominator, w.numerator, w.denominator
      FROM indicator i
      JOIN indicator_value c ON c.indicator_id=i.id AND c.unit_id=(SELECT id FROM unit WHERE slug='cardiff-south-west')
      JOIN indicator_value w ON w.indicator_id=i.id AND w.unit_id=(SELECT id FROM unit WHERE slug='wales')
       AND w.period=c.period AND w.age_band=c.age_band AND w.sex=c.sex
     WHERE i.kind='proportion' AND c.age_band='all' AND c.sex='persons'
       AND c.period=(SELECT MAX(period) FROM indicator_value x WHERE x.indicator_id=i.id)
     ORDER BY i.code`).split('\n').map(l => l.split('|'));
  assert.ok(data.length >= 8, `${data.length} proportions`);
  let nWorse = 0;
  for (const [code, polarity, cn, cd, wn, wd] of data) {
    const out = cli(['stats', 'proportion', '--per', '100'], `numerator,denominator\n${cn},${cd}\n${wn},${wd}\n`);
    assert.equal(out.status, 0, out.stderr);
    const [area, wales] = JSON.parse(out.stdout).rows;
    let want = 'Similar';
    if (wales.value < area.lower) want = 'Higher';
    else if (wales.value > area.upper) want = 'Lower';
    if (want !== 'Similar' && polarity !== 'neither') {
      want = (want === 'Higher') === (polarity === 'higher_better') ? 'Better' : 'Worse';
    }
    if (want === 'Worse') nWorse++;
    assert.equal(tagOf(code), want, code);
  }
  assert.ok(nWorse > 0);
});

test('profile: Welsh', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west/profile`, `${lead.cookie}; cc_lang=cy`);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Proffil y clwstwr');
  assert.match(r.body, /<html[^>]*lang="cy"/);
  assert.match(r.body, /<h2[^>]*>Data enghreifftiol<\/h2>/);
  assert.match(r.body, /Gwerth a chyfwng hyder/);
  assert.match(r.body, />(Gwell|Gwaeth|Tebyg|Uwch|Is)<\/strong>/);
  assert.equal(count(charts(r.body)[0].svg, /<g class="ichart-row"/g), 16);
});

test('access: a unit one may not read answers 404, as its unit page does', async () => {
  for (const path of ['/units/cardiff-south-west/profile', '/units/cardiff-south-west/indicators/smoking_prevalence']) {
    const theirs = await get(server.url + path, afanLead.cookie);
    assert.equal(theirs.status, 404, path);
    assert.equal((await get(`${server.url}/units/cardiff-south-west`, afanLead.cookie)).status, 404);
  }
  assert.equal((await get(`${server.url}/units/afan/profile`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/units/afan/profile`, afanLead.cookie)).status, 200);
  assert.equal((await get(`${server.url}/units/afan/profile`, national.cookie)).status, 200);
  // Not a cluster, an unknown code, a code that is not one: 404.
  assert.equal((await get(`${server.url}/units/wales/profile`, national.cookie)).status, 404);
  assert.equal((await get(`${server.url}/units/afan/indicators/no_such_thing`, national.cookie)).status, 404);
  assert.equal((await get(`${server.url}/units/afan/indicators/Bad-Code`, national.cookie)).status, 404);
  // Signed out: to the sign-in page.
  const out = await get(`${server.url}/units/afan/profile`, '', { redirect: 'manual' });
  assert.equal(out.status, 303);
});

test('one indicator for a health board: the bars of its clusters with the health board and Wales', async () => {
  const slug = 'cardiff-and-vale-university-health-board';
  const r = await get(`${server.url}/units/${slug}/indicators/smoking_prevalence`, hb.cookie);
  assert.equal(r.status, 200);
  const c = charts(r.body);
  assert.deepEqual(c.map(x => x.kind), ['ichart-bars']);
  const nClusters = Number(sql(`SELECT COUNT(*) FROM unit_link a JOIN unit_link b ON b.child_id=a.parent_id
     JOIN unit hb ON hb.id=b.parent_id JOIN unit c ON c.id=a.child_id
     WHERE hb.slug='${slug}' AND c.kind='cluster' AND a.relation='part_of' AND b.relation='part_of'
       AND a.valid_to IS NULL AND b.valid_to IS NULL`));
  assert.ok(nClusters >= 8, `${nClusters}`);
  assert.equal(count(c[0].svg, /<g class="ichart-row"/g), nClusters);
  assert.match(c[0].svg, /class="ichart-board"/);
  assert.match(c[0].svg, /class="ichart-wales"/);
  assert.equal(rows(r.body, 'bars-table').length, nClusters);
  assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
  assert.match(r.body, /id="bars-description">Bar chart:/);
  // Another health board's cluster lead may not.
  assert.equal((await get(`${server.url}/units/${slug}/indicators/smoking_prevalence`, afanLead.cookie)).status, 404);
});

test('one indicator for a cluster: its trend against Wales and its health board\'s clusters', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west/indicators/premature_mortality`, lead.cookie);
  assert.equal(r.status, 200);
  const c = charts(r.body);
  assert.deepEqual(c.map(x => x.kind), ['ichart-trend', 'ichart-bars']);
  const nPeriods = Number(sql(`SELECT COUNT(DISTINCT period) FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id
     WHERE i.code='premature_mortality'`));
  assert.equal(rows(r.body, 'trend-table').length, nPeriods);
  assert.match(c[1].svg, /ichart-highlight/);
  assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
  // The lead cannot read the health board: no link to its page.
  assert.doesNotMatch(r.body, /href="\/units\/cardiff-and-vale-university-health-board\/indicators/);
  const n = await get(`${server.url}/units/cardiff-south-west/indicators/premature_mortality`, national.cookie);
  assert.match(n.body, /href="\/units\/cardiff-and-vale-university-health-board\/indicators\/premature_mortality"/);
});

test('funnel plot: every cluster, the outliers, the reader\'s own clusters highlighted', async () => {
  const nClusters = Number(sql("SELECT COUNT(*) FROM unit WHERE kind='cluster'"));
  assert.equal(nClusters, 60);
  for (const who of [lead, national, afanLead]) {
    const r = await get(`${server.url}/indicators/smoking_prevalence/funnel`, who.cookie);
    assert.equal(r.status, 200);
    const c = charts(r.body);
    assert.deepEqual(c.map(x => x.kind), ['ichart-funnel']);
    assert.equal(count(c[0].svg, /<g class="ichart-point"/g), 60);
    assert.match(c[0].svg, /class="ichart-limit95"/);
    assert.match(c[0].svg, /class="ichart-limit998"/);
    assert.match(r.body, /<h2[^>]*>Demonstration data<\/h2>/);
    // The outliers table holds those the full table says lie outside the 95% limits.
    const all = rows(r.body, 'funnel-table');
    assert.equal(all.length, 60);
    const outside = all.filter(x => !/Within the 95%/.test(text(x))).length;
    const out = /id="outliers-table"/.test(r.body) ? rows(r.body, 'outliers-table').length : 0;
    assert.equal(out, outside);
    assert.ok(out > 0);
  }
  const mine = await get(`${server.url}/indicators/smoking_prevalence/funnel`, lead.cookie);
  assert.match(mine.body, /The clusters you work with are highlighted/);
  const highlighted = body => [...body.matchAll(/<tr class="[^"]*ichart-highlight-row[^"]*"[\s\S]*?<\/tr>/g)].length;
  assert.equal(highlighted(mine.body.split('id="funnel-table"')[1]), 1);
  const board = await get(`${server.url}/indicators/smoking_prevalence/funnel`, hb.cookie);
  const nBoard = Number(sql(`SELECT COUNT(*) FROM unit_link a JOIN unit_link b ON b.child_id=a.parent_id
     JOIN unit h ON h.id=b.parent_id JOIN unit c ON c.id=a.child_id
     WHERE h.slug='cardiff-and-vale-university-health-board' AND c.kind='cluster' AND a.relation='part_of' AND b.relation='part_of'
       AND a.valid_to IS NULL AND b.valid_to IS NULL`));
  assert.equal(highlighted(board.body.split('id="funnel-table"')[1]), nBoard);
  const all = await get(`${server.url}/indicators/smoking_prevalence/funnel`, national.cookie);
  assert.equal(highlighted(all.body.split('id="funnel-table"')[1]), 0);
  assert.doesNotMatch(all.body, /The clusters you work with/);
  // A ratio has a funnel; a rate and a count have none.
  assert.equal((await get(`${server.url}/indicators/ambulatory_care_sar/funnel`, lead.cookie)).status, 200);
  assert.equal((await get(`${server.url}/indicators/ae_attendances/funnel`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/indicators/dementia_register/funnel`, lead.cookie)).status, 404);
  const cy = await get(`${server.url}/indicators/smoking_prevalence/funnel`, `${lead.cookie}; cc_lang=cy`);
  assert.equal(h1(cy.body), 'Plot twndis y clystyrau');
});

test('the catalogue: every indicator with its definitions, in the reader\'s language', async () => {
  const r = await get(`${server.url}/indicators`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Indicators');
  assert.equal(count(r.body, /<h2 class="nhsuk-heading-m" id="ind-/g), 16);
  assert.match(text(r.body), /Smoking prevalence, adults aged 16 and over Numerator/);
  assert.match(text(r.body), /Ages 25 to 64/);
  assert.match(r.body, /href="\/units\/cardiff-south-west\/profile"/);
  assert.equal(count(r.body, /<a href="\/units\/cardiff-south-west\/indicators\/[a-z0-9_]+">The figures of Cardiff South West/g), 16);
  const board = await get(`${server.url}/indicators`, hb.cookie);
  assert.equal(count(board.body, /<a href="\/units\/cardiff-and-vale-university-health-board\/indicators\/[a-z0-9_]+">/g), 16);
  const nameCy = sql("SELECT name_cy FROM indicator WHERE code='smoking_prevalence'");
  const cy = await get(`${server.url}/indicators`, `${lead.cookie}; cc_lang=cy`);
  assert.equal(h1(cy.body), 'Dangosyddion');
  assert.ok(text(cy.body).includes(nameCy), nameCy);
  assert.match(text(cy.body), /Rhifiadur/);
});

test('no demonstration label when no value shown is demonstration data', async () => {
  sql('UPDATE indicator_value SET demo=0');
  const r = await get(`${server.url}/units/cardiff-south-west/profile`, lead.cookie);
  assert.doesNotMatch(r.body, /Demonstration data/);
  const f = await get(`${server.url}/indicators/smoking_prevalence/funnel`, lead.cookie);
  assert.doesNotMatch(f.body, /Demonstration data/);
  sql("UPDATE indicator_value SET demo=1 WHERE unit_id=(SELECT id FROM unit WHERE slug='wales')");
  const w = await get(`${server.url}/units/cardiff-south-west/profile`, lead.cookie);
  assert.match(w.body, /Demonstration data/);
  sql('UPDATE indicator_value SET demo=1');
});
