// The same pages from PostgreSQL and from SQLite, byte for byte. A
// demonstration database on PostgreSQL, made as on a server set up in
// English (its text sorts in British English order by default, not byte
// by byte), is given a member whose name sorts differently in the two
// orders (Siân ap Dafydd beside Sian Griffiths), has its rows stored out of
// the order of their ids (as a working PostgreSQL database has them after
// updates), and is copied into a new SQLite file (carecluster copy). A
// server is started on each. Each demonstration user signs in on both, in
// English and in Welsh, and the pages are crawled breadth first from "/"
// along every same-site link (a few pages of each route pattern); each is
// fetched from both servers and the two answers must have the same
// status, Content-Type, Location and bytes, once what is random per
// session or per request is set aside: the anti-forgery token, the
// script nonce, and the moment a file was made (an iCalendar DTSTAMP, a
// PDF's /CreationDate, a workbook's dcterms:created; a workbook is
// compared entry by entry, inflated, so the ZIP's own times drop out).
// CSV and iCalendar files are compared as text, PDFs and workbooks as
// their bytes. Then every API answer an administrator's token reads (as
// tests/http/copy.test.mjs walks them) is compared the same way.
//
// Only on a PostgreSQL run (make test-pg): on SQLite alone there is
// nothing to compare with.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { start, cli, signIn, newDatabase, onPostgres, dbSql } from './helpers.mjs';

const USERS = ['admin', 'national', 'hb', 'lead', 'member', 'lead.afan'].map(u => `${u}@example.wales`);
const LANGS = ['en', 'cy'];
const PAGES_PER_CRAWL = 150;     // pages per user and language, at most
const PER_PATTERN = 3;           // pages of one route pattern, at most
const PARALLEL = 4;              // requests in flight (to each server)

const cleanup = [];
after(async () => { for (const f of cleanup.reverse()) await f(); });

// The route pattern of a path: numbers and a unit's slug made general, so
// that a crawl takes a few pages of each kind rather than every one.
function pattern(path) {
  return path.replace(/\/units\/[^/?#]+/, '/units/{slug}').replace(/\/calendar\/[^/?#]+\//, '/calendar/{token}/')
    .replace(/=[^&]*/g, '=').replace(/\d+/g, 'N');
}

// What is random per session or per request, and nothing else.
function normalise(text) {
  return text
    .replace(/(name="csrf" value=")[0-9a-f]+"/g, '$1CSRF"')
    .replace(/( nonce=")[0-9a-f]+"/g, '$1NONCE"')
    .replace(/^DTSTAMP:\d{8}T\d{6}Z\r$/gm, 'DTSTAMP:TIME\r');
}

// The entries of a ZIP file (an .xlsx), by name, inflated: a minimal
// reader of the central directory, enough for libxlsxwriter's files.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a ZIP file');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'a ZIP central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    out.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('latin1'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

// One answer, as text to compare: status, Content-Type and the body.
// Binary files made on request carry the time they were made: a PDF's
// /CreationDate and a workbook's dcterms:created (and its ZIP entries'
// times, skipped by comparing the inflated entries) are set aside.
async function answer(url, path, headers) {
  const r = await fetch(`${url}${path}`, { redirect: 'manual', headers });
  const type = r.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await r.arrayBuffer());
  let body;
  if (/spreadsheetml|zip/.test(type)) {
    body = [...unzip(bytes)].map(([name, text]) => `== ${name}\n${text}`).join('\n')
      .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, '$1TIME');
  } else if (type.startsWith('application/pdf')) {
    body = bytes.toString('latin1').replace(/\/(CreationDate|ModDate) ?\(D:[^)]*\)/g, '/$1 (TIME)');
  } else {
    body = normalise(bytes.toString('utf8'));
  }
  const location = r.headers.get('location');
  return { status: r.status, type, body, location, html: type.startsWith('text/html') ? body : '' };
}

// The first place two texts differ, with some context either side.
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 120);
  const show = s => JSON.stringify(s.slice(from, i + 120));
  return `at byte ${i} of ${a.length}/${b.length}:\n      PostgreSQL: ${show(a)}\n      SQLite:     ${show(b)}`;
}

// Pages that listed both Siân ap Dafydd and Sian Griffiths.
const seen = { both: 0 };

function compare(where, path, pg, lite, differences) {
  if (pg.body.includes('Siân ap Dafydd') && pg.body.includes('Sian Griffiths')) seen.both++;
  const what = [];
  if (pg.status !== lite.status) what.push(`status ${pg.status} vs ${lite.status}`);
  if (pg.type !== lite.type) what.push(`Content-Type ${pg.type} vs ${lite.type}`);
  if (pg.location !== lite.location) what.push(`Location ${pg.location} vs ${lite.location}`);
  if (pg.body !== lite.body) what.push(`body ${firstDifference(pg.body, lite.body)}`);
  if (what.length) differences.push(`${where} ${path}: ${what.join('; ')}`);
}

// Same-site links of a page: href="/..." (entities decoded), without
// signing out, the static assets and fragments.
function links(html) {
  const out = [];
  for (const m of html.matchAll(/href="(\/[^"#]*)/g)) {
    const path = m[1].replace(/&amp;/g, '&');
    if (path.startsWith('/assets/') || path.startsWith('/logout')) continue;
    out.push(path);
  }
  return out;
}

// Run fn over items with `n` at a time.
async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

// Crawl breadth first as one user in one language on both servers.
async function crawl(pgServer, liteServer, email, lang, differences) {
  const who = `${email.split('@')[0]} (${lang})`;
  const sessions = [];
  for (const s of [pgServer, liteServer]) {
    const signed = await signIn(s.url, email);
    assert.ok(signed.cookie, `${who} signs in`);
    sessions.push({ Cookie: `${signed.cookie}; cc_lang=${lang}` });
  }
  const seen = new Set(['/']);
  const perPattern = new Map();
  let level = ['/'];
  let pages = 0;
  while (level.length && pages < PAGES_PER_CRAWL) {
    const found = [];
    const now = level.slice(0, PAGES_PER_CRAWL - pages);
    pages += now.length;
    await pool(now, PARALLEL, async path => {
      const [pg, lite] = await Promise.all([answer(pgServer.url, path, sessions[0]), answer(liteServer.url, path, sessions[1])]);
      compare(who, path, pg, lite, differences);
      found.push(...links(pg.html));
    });
    level = [];
    for (const path of found.sort()) {
      if (seen.has(path)) continue;
      seen.add(path);
      const p = pattern(path);
      const k = perPattern.get(p) ?? 0;
      if (k >= PER_PATTERN) continue;
      perPattern.set(p, k + 1);
      level.push(path);
    }
  }
  return { pages, patterns: perPattern.size };
}

// The same rows, stored in another order: PostgreSQL keeps a row where it
// was last written, so after the updates of a working installation a
// table is not read in the order of its ids, while SQLite always reads by
// id. Every other row of every table is written again (unchanged), so that
// an order the SQL leaves to the database shows.
function stir(target) {
  dbSql(target, `DO $$
    DECLARE t record;
    BEGIN
      FOR t IN SELECT c.table_name, c.column_name FROM information_schema.columns c
               WHERE c.table_schema = current_schema() AND c.ordinal_position = 1 LOOP
        EXECUTE format('UPDATE %I SET %I = %I WHERE (ctid::text::point)[1]::int %% 2 = 0', t.table_name, t.column_name, t.column_name);
      END LOOP;
    END $$;`);
}

// Every API answer an administrator's token reads (as copy.test.mjs).
async function api(pgServer, liteServer, token, differences) {
  const headers = { Authorization: `Bearer ${token}` };
  let n = 0;
  const read = async path => {
    n++;
    const [pg, lite] = await Promise.all([answer(pgServer.url, path, headers), answer(liteServer.url, path, headers)]);
    compare('api', path, pg, lite, differences);
    return pg.status === 200 ? JSON.parse(pg.body) : null;
  };
  const units = await read('/api/v1/units');
  const list = units.units ?? units;
  assert.ok(list.length > 100, 'the units of Wales');
  await pool(list, PARALLEL, async u => {
    await read(`/api/v1/units/${u.slug}`);
    await read(`/api/v1/units/${u.slug}/members`);
    await read(`/api/v1/units/${u.slug}/actions`);
    const meetings = await read(`/api/v1/units/${u.slug}/meetings`);
    for (const m of meetings?.meetings ?? []) await read(`/api/v1/meetings/${m.id}`);
    const qi = await read(`/api/v1/units/${u.slug}/qi`);
    for (const p of qi?.projects ?? []) for (const m of p.measures ?? []) await read(`/api/v1/measures/${m.id}`);
  });
  return n;
}

test('PostgreSQL and SQLite serve the same pages and the same API, byte for byte',
  { skip: onPostgres ? false : 'compares a PostgreSQL server with a SQLite copy: runs in make test-pg' }, async t => {
    const source = newDatabase({ locale: 'en-GB' });
    cleanup.push(() => source.drop());
    // A voting member of Cardiff South West whose name sorts before Sian
    // Griffiths in British English and after it byte by byte.
    dbSql(source.target, `
      INSERT INTO person(name, job_title, home_unit_id, created_at, updated_at)
        SELECT 'Siân ap Dafydd', 'Community pharmacist', id, 1767225600, 1767225600 FROM unit WHERE slug = 'cardiff-south-west';
      INSERT INTO membership(person_id, unit_id, role_code, is_core, is_voting, valid_from, created_at, updated_at)
        SELECT id, home_unit_id, 'pharmacy_collaborative_lead', 1, 1, '2024-06-01', 1767225600, 1767225600
          FROM person WHERE name = 'Siân ap Dafydd';`);
    // Text sorts byte by byte on PostgreSQL too: every text column in the
    // "C" collation, whatever the database's own.
    assert.equal(dbSql(source.target, `SELECT string_agg(table_name || '.' || column_name, ', ') FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C'`), '',
    'text columns not in byte order');
    const r0 = cli(['token', 'create', '--db', source.target, '--email', 'admin@example.wales']);
    assert.equal(r0.status, 0, r0.stderr);
    const token = r0.stdout.trim();
    stir(source.target);
    const dir = mkdtempSync(join(tmpdir(), 'cc-same-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'copy.db');
    const r = cli(['copy', '--from', source.target, '--to', file]);
    assert.equal(r.status, 0, r.stderr);

    const pgServer = await start([], { db: source });
    cleanup.push(() => pgServer.stop());
    const liteServer = await start([], { db: { target: file } });
    cleanup.push(() => liteServer.stop());

    const differences = [];
    const t0 = Date.now();
    const counts = [];
    for (const email of USERS) {
      for (const lang of LANGS) {
        const c = await crawl(pgServer, liteServer, email, lang, differences);
        counts.push(`${email.split('@')[0]}/${lang} ${c.pages}`);
        assert.ok(c.pages >= 10, `${email} (${lang}) reached ${c.pages} pages`);
      }
    }
    const nApi = await api(pgServer, liteServer, token, differences);
    t.diagnostic(`pages ${counts.join(', ')}; api ${nApi}; ${Date.now() - t0} ms`);
    // The pages where the two orders of text differ were among them.
    assert.ok(seen.both > 0, 'a page listed Siân ap Dafydd and Sian Griffiths');
    assert.deepEqual(differences, [], `${differences.length} answers differ between PostgreSQL and SQLite:\n${differences.slice(0, 30).join('\n')}`);
  });
