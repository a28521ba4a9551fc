// Organisation unit pages and who may see them: a cluster lead sees
// their cluster only, a health board its own clusters, national users
// all of Wales; a unit one may not see answers exactly like one that
// does not exist. The audit log is for administrators only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, get, mustSignIn, h1, tableById, tableAfterHeading, bodyRows, plainCells } from './helpers.mjs';

// The reference data the database was built from.
const csv = readFileSync(new URL('../../data/wales-clusters.csv', import.meta.url), 'utf8')
  .trim().split('\n').slice(1).map(l => l.split(','))
  .map(([hb, la, rpb, cluster, practices, patients]) => ({ hb, la, rpb, cluster, practices: +practices, patients: +patients }));
const csvRow = name => csv.find(r => r.cluster === name);

const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
// The column headings of a table, tags stripped.
const headers = table => [...table.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map(m => m[1].replace(/<[^>]*>/g, ''));
// The cells of a table row, tags stripped.
const cells = row => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
  .map(m => unescape(m[1].replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')));
const linkTexts = html => [...html.matchAll(/<a href="\/units\/[^"]+">([^<]*)<\/a>/g)].map(m => unescape(m[1]));
// The value of a row of the summary list, tags stripped.
function summary(html, key) {
  const re = new RegExp(`<dt class="nhsuk-summary-list__key">${key}</dt><dd class="nhsuk-summary-list__value">([\\s\\S]*?)</dd>`);
  const m = html.match(re);
  return m ? unescape(m[1].replace(/<[^>]*>/g, '')) : null;
}
// A page with its per-response nonce and tokens blanked, for comparing.
const normalise = html => html.replace(/[0-9a-f]{32,64}/g, 'X').replace(/next=[^"]*"/g, 'next="');

let server, lead, national, hb, admin, member;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
});
after(async () => { await server?.stop(); });

test('the reference data file has the 60 clusters', () => {
  assert.equal(csv.length, 60);
  assert.equal(csvRow('Cardiff South West').patients, 74891);
});

test('cluster lead: their cluster page shows its place, population and members', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Cardiff South West');
  const row = csvRow('Cardiff South West');
  assert.equal(summary(r.body, 'Health board'), row.hb);
  assert.equal(row.hb, 'Cardiff and Vale University Health Board');
  assert.equal(summary(r.body, 'Local authority'), 'Cardiff');
  assert.equal(summary(r.body, 'Regional Partnership Board'), `${row.rpb} Regional Partnership Board`);
  // Counted on a date, written as people write it.
  assert.equal(summary(r.body, 'Registered patients'), '74,891 on 1 April 2024');
  assert.equal(summary(r.body, 'GP practices'), String(row.practices));
  const members = plainCells(tableById(r.body, 'members'));
  assert.ok(members, 'members table');
  assert.match(members, /<td class="nhsuk-table__cell">Dr Alys Morgan<br>/);
  assert.match(members, /Cluster Lead \(Chair\)/);
  assert.equal(bodyRows(members).length, 12);
  // Membership dates as people write them.
  const alys = bodyRows(members).find(row => row.includes('Dr Alys Morgan'));
  assert.match(alys, /<span class="cc-nowrap">1 April 2024<\/span>/);
  const rhodri = bodyRows(members).find(row => row.includes('Dr Rhodri Evans'));
  assert.match(rhodri, /<span class="cc-nowrap">1 June 2024<\/span>/);
  assert.doesNotMatch(members, /\d{4}-\d{2}-\d{2}/, 'no ISO dates in the members table');
  // A cluster has no unit table of its own (no Kind column anywhere).
  assert.doesNotMatch(r.body, />Kind</);
  // The lead may change members, and the health board is not a link for them.
  assert.match(r.body, /href="\/units\/cardiff-south-west\/members\/new"/);
  assert.doesNotMatch(r.body, /href="\/units\/cardiff-and-vale-university-health-board"/);
});

test('cluster lead: the home page lists only their own cluster', async () => {
  const r = await get(`${server.url}/`, lead.cookie);
  assert.equal(r.status, 200);
  const t = tableAfterHeading(r.body, 'Clusters you can see');
  assert.deepEqual(linkTexts(t), ['Cardiff South West']);
  // Name, Part of, GP practices, Registered patients; no Kind.
  assert.deepEqual(headers(t), ['Name', 'Part of', 'GP practices', 'Registered patients']);
  const row = csvRow('Cardiff South West');
  assert.deepEqual(cells(bodyRows(t)[0]), ['Cardiff South West', 'Cardiff Pan Cluster Planning Group',
    String(row.practices), row.patients.toLocaleString('en-GB')]);
  // The counts are numbers, aligned as such.
  assert.equal((t.match(/nhsuk-table__header--numeric/g) || []).length, 2);
  assert.equal((t.match(/nhsuk-table__cell--numeric/g) || []).length, 2);
});

test('cluster lead: another board\'s, a sibling and a missing unit are all the same 404', async () => {
  const afan = await get(`${server.url}/units/afan`, lead.cookie);
  const east = await get(`${server.url}/units/cardiff-east`, lead.cookie);
  const hbPage = await get(`${server.url}/units/cardiff-and-vale-university-health-board`, lead.cookie);
  const missing = await get(`${server.url}/units/no-such-unit`, lead.cookie);
  for (const [name, r] of [['afan', afan], ['cardiff-east', east], ['health board', hbPage], ['missing', missing]]) {
    assert.equal(r.status, 404, name);
    assert.equal(h1(r.body), 'Page not found', name);
    assert.doesNotMatch(r.body, /Afan|Cardiff East|Swansea Bay/, `${name}: the 404 tells nothing of the unit`);
  }
  // Byte for byte the same page, apart from the nonce and the path in the language link.
  assert.equal(normalise(afan.body), normalise(missing.body));
  assert.equal(normalise(east.body), normalise(missing.body));
  assert.equal(afan.headers.get('content-type'), missing.headers.get('content-type'));
  // Also for what lies under a hidden unit.
  const collab = await get(`${server.url}/units/afan-general-practice-collaborative`, lead.cookie);
  assert.equal(collab.status, 404);
  assert.equal(normalise(collab.body), normalise(missing.body));
});

test('a slug that is not a slug is 404 too', async () => {
  for (const slug of ['Cardiff-South-West', 'cardiff_south_west', '%20', 'a'.repeat(300)]) {
    const r = await get(`${server.url}/units/${slug}`, lead.cookie);
    assert.equal(r.status, 404, slug);
  }
});

test('member role: can read their cluster but not change it', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west`, member.cookie);
  assert.equal(r.status, 200);
  assert.ok(tableById(r.body, 'members'));
  assert.doesNotMatch(r.body, /members\/new|\/memberships\/\d+\/edit/);
  assert.equal((await get(`${server.url}/units/afan`, member.cookie)).status, 404);
});

test('national: /units/wales lists the 7 health boards', async () => {
  const r = await get(`${server.url}/units/wales`, national.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Wales');
  const t = tableAfterHeading(r.body, 'Health boards');
  assert.ok(t, 'a Health boards table');
  const names = linkTexts(t);
  assert.equal(names.length, 7);
  assert.deepEqual(new Set(names), new Set(csv.map(x => x.hb)));
  // Health boards: only their names (no Kind, no counts, which are the clusters').
  assert.deepEqual(headers(t), ['Name']);
  for (const row of bodyRows(t)) assert.equal(cells(row).length, 1);
  assert.doesNotMatch(r.body, />Kind<|>GP practices<|>Registered patients</);
});

test('national: each health board page lists exactly its clusters', async () => {
  const boards = [...new Set(csv.map(x => x.hb))];
  let total = 0;
  for (const board of boards) {
    const wales = await get(`${server.url}/units/wales`, national.cookie);
    const slug = wales.body.match(new RegExp(`<a href="/units/([a-z0-9-]+)">${board}</a>`))?.[1];
    assert.ok(slug, `a link to ${board}`);
    const r = await get(`${server.url}/units/${slug}`, national.cookie);
    assert.equal(r.status, 200, board);
    assert.equal(h1(r.body), board);
    const t = tableAfterHeading(r.body, 'Clusters');
    assert.ok(t, `${board}: a Clusters table`);
    assert.deepEqual(headers(t), ['Name', 'Part of', 'GP practices', 'Registered patients'], board);
    // Its planning groups are listed by name only.
    const pcpgs = tableAfterHeading(r.body, 'Pan Cluster Planning Groups');
    assert.ok(pcpgs, `${board}: a Pan Cluster Planning Groups table`);
    assert.deepEqual(headers(pcpgs), ['Name'], board);
    for (const row of bodyRows(t)) {
      const [name, , practices, patients] = cells(row);
      const want = csvRow(name);
      assert.deepEqual([practices, patients], [String(want.practices), want.patients.toLocaleString('en-GB')], name);
    }
    const got = linkTexts(t).sort();
    const want = csv.filter(x => x.hb === board).map(x => x.cluster).sort();
    assert.deepEqual(got, want, board);
    total += got.length;
  }
  assert.equal(total, 60);
});

test('national: the home page lists all 60 clusters and afan is readable', async () => {
  const home = await get(`${server.url}/`, national.cookie);
  const t = tableAfterHeading(home.body, 'Clusters you can see');
  assert.equal(bodyRows(t).length, 60);
  assert.deepEqual(headers(t), ['Name', 'Part of', 'GP practices', 'Registered patients']);
  for (const row of bodyRows(t)) assert.equal(cells(row).length, 4);
  const afan = await get(`${server.url}/units/afan`, national.cookie);
  assert.equal(afan.status, 200);
  assert.equal(summary(afan.body, 'Health board'), 'Swansea Bay University Health Board');
  assert.equal(summary(afan.body, 'Registered patients'), '45,916 on 1 April 2024');
  // National users read but do not change.
  assert.doesNotMatch(afan.body, /members\/new/);
});

test('health board: its clusters are visible, other boards\' are not', async () => {
  const east = await get(`${server.url}/units/cardiff-east`, hb.cookie);
  assert.equal(east.status, 200);
  assert.equal(h1(east.body), 'Cardiff East');
  assert.equal(summary(east.body, 'Registered patients'), `${csvRow('Cardiff East').patients.toLocaleString('en-GB')} on 1 April 2024`);
  const board = await get(`${server.url}/units/cardiff-and-vale-university-health-board`, hb.cookie);
  assert.equal(board.status, 200);
  const afan = await get(`${server.url}/units/afan`, hb.cookie);
  assert.equal(afan.status, 404);
  assert.equal(h1(afan.body), 'Page not found');
  const other = await get(`${server.url}/units/swansea-bay-university-health-board`, hb.cookie);
  assert.equal(other.status, 404);
  const wales = await get(`${server.url}/units/wales`, hb.cookie);
  assert.equal(wales.status, 404);
  const home = await get(`${server.url}/`, hb.cookie);
  const names = linkTexts(tableAfterHeading(home.body, 'Clusters you can see')).sort();
  assert.deepEqual(names, csv.filter(x => x.hb === 'Cardiff and Vale University Health Board').map(x => x.cluster).sort());
});

// Every page of the audit log, newest first, following the "Older entries"
// links (?before=ID, the id of the last row shown); returns each page's HTML.
async function auditPages(cookie) {
  const pages = [];
  let url = `${server.url}/admin/audit`;
  while (url) {
    const r = await get(url, cookie);
    assert.equal(r.status, 200, url);
    pages.push(r.body);
    assert.ok(pages.length <= 200, 'the older links come to an end');
    const next = r.body.match(/<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="(\/admin\/audit\?before=(\d+))" rel="next">/);
    url = next ? `${server.url}${next[1]}` : null;
  }
  return pages;
}

test('admin: /admin/audit lists the membership creations', async () => {
  const r = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Audit log');
  assert.match(r.headers.get('cache-control'), /no-store/);
  assert.ok(r.body.includes('<table'), 'a table of entries');
  const t = r.body.slice(r.body.indexOf('<table'), r.body.indexOf('</table>') + '</table>'.length);
  assert.deepEqual(headers(t), ['When', 'Who', 'What', 'Where', 'Changes']);
  for (const row of bodyRows(t)) assert.equal(cells(row).length, 5);
  // The demonstration meetings fill the newest pages: the memberships,
  // created first, are on older ones. Every entry is shown exactly once.
  const pages = await auditPages(admin.cookie);
  assert.equal(pages[0].replace(/[0-9a-f]{32,64}/g, 'X'), r.body.replace(/[0-9a-f]{32,64}/g, 'X'), 'the first page is /admin/audit');
  assert.ok(pages.length > 1, 'more than one page of entries');
  const tables = pages.map(p => p.slice(p.indexOf('<table'), p.indexOf('</table>') + '</table>'.length));
  const rows = tables.flatMap(x => bodyRows(x));
  for (const x of tables) assert.deepEqual(headers(x), ['When', 'Who', 'What', 'Where', 'Changes']);
  for (const row of rows) assert.equal(cells(row).length, 5);
  for (const p of pages.slice(0, -1)) assert.equal(bodyRows(p.slice(p.indexOf('<table'))).length, 50, 'full pages of 50');
  const ids = pages.slice(0, -1).map(p => Number(p.match(/href="\/admin\/audit\?before=(\d+)"/)[1]));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'each page older than the one before');
  assert.equal(new Set(ids).size, ids.length);
  const creates = rows.map(row => row.match(/<td class="nhsuk-table__cell">Created: membership (\d+)<\/td><td class="nhsuk-table__cell">([^<]*)<\/td>/))
    .filter(Boolean);
  assert.ok(creates.length >= 12, `only ${creates.length} membership creations shown`);
  assert.equal(new Set(creates.map(m => m[1])).size, creates.length, 'no membership creation twice');
  assert.ok(creates.map(m => m[2]).includes('Cardiff South West'));
  // A creation lists the new values, one field a line, as insertions.
  const alys = rows.find(row => /Created: membership \d+/.test(row) && row.includes('<ins>Dr Alys Morgan</ins>'));
  assert.ok(alys, 'the creation of Dr Alys Morgan\'s membership');
  assert.match(alys, /<ul class="nhsuk-list cc-changes">\n<li><span class="cc-field">name<\/span>: <ins>Dr Alys Morgan<\/ins><\/li>\n/);
  assert.match(alys, /<li><span class="cc-field">role<\/span>: <ins>cluster_lead<\/ins><\/li>/);
  assert.match(alys, /<li><span class="cc-field">valid_from<\/span>: <ins>2024-04-01<\/ins><\/li>/);
  assert.doesNotMatch(alys, /<del>|cc-json/, 'nothing old, no raw JSON');
  // Signing in is logged, with no changes to list.
  const signIn = bodyRows(t).find(row => row.includes('Signed in: session') && row.includes('admin@example.wales'));
  assert.ok(signIn, 'the administrator\'s sign-in');
  assert.deepEqual(cells(signIn).slice(1), ['Demo Administrator <admin@example.wales>', 'Signed in: session', '', '']);
  assert.doesNotMatch(r.body, /Signed in: session 0|audit\.(action|entity)\./, 'no id 0, no untranslated codes');
  // The page links the header to the audit log for the admin.
  assert.match(r.body, /href="\/admin\/audit"/);
});

test('the audit log is 404 for everyone but the administrator', async () => {
  for (const [who, s] of [['lead', lead], ['national', national], ['hb', hb], ['member', member]]) {
    const r = await get(`${server.url}/admin/audit`, s.cookie);
    assert.equal(r.status, 404, who);
    assert.equal(h1(r.body), 'Page not found', who);
    assert.doesNotMatch(r.body, /Created: membership|cc-changes/, who);
    assert.doesNotMatch(r.body, /href="\/admin\/audit"/, `${who} sees no link to it`);
  }
  const out = await get(`${server.url}/admin/audit`);
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/login?next=%2Fadmin%2Faudit');
});

test('a bad ?all= or ?before= is 400', async () => {
  assert.equal((await get(`${server.url}/units/cardiff-south-west?all=yes`, lead.cookie)).status, 400);
  assert.equal((await get(`${server.url}/admin/audit?before=-1`, admin.cookie)).status, 400);
  assert.equal((await get(`${server.url}/units/cardiff-south-west?all=1`, lead.cookie)).status, 200);
});
