// The migrations (db/migrations/) build the same schema on SQLite and on
// PostgreSQL. A number is either one file both databases run
// (NNNN_name.sql) or a pair, NNNN_name.sqlite.sql and NNNN_name.pg.sql,
// where the DDL must differ. After every number, the two schemas have the
// same tables; the same columns in the same order, with types that
// correspond (INTEGER as BIGINT, TEXT, REAL as DOUBLE PRECISION, BLOB as
// BYTEA), the same nullability and defaults; an INTEGER PRIMARY KEY as an
// identity that an explicit id may fill; the same primary keys, foreign
// keys (with their ON DELETE and ON UPDATE; on PostgreSQL each DEFERRABLE
// INITIALLY IMMEDIATE, so that a copy may defer them to its commit as
// SQLite's defer_foreign_keys does), unique constraints and CHECK
// constraints; the same named indexes, partial and expression ones
// included. CHECKs and indexes are compared as PostgreSQL reads them: each
// one written for SQLite is declared again on a scratch copy of the
// PostgreSQL table and must come back exactly as the .pg.sql one did.
//
// The comparisons need the PostgreSQL server of the run on PostgreSQL
// (make test-pg); on SQLite alone they are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, newDatabase, onPostgres } from './helpers.mjs';
import { pgUri } from '../lib/server.mjs';

const DIR = 'db/migrations';
const FILE = /^(\d{4})_([a-z0-9_]+?)(\.sqlite|\.pg)?\.sql$/;

// Number -> { name, shared?, sqlite?, pg? }, in order.
function migrations() {
  const byNumber = new Map();
  for (const f of readdirSync(DIR).sort()) {
    const m = f.match(FILE);
    assert.ok(m, `${f}: a migration is named NNNN_name.sql, NNNN_name.sqlite.sql or NNNN_name.pg.sql`);
    const n = Number(m[1]);
    const e = byNumber.get(n) ?? { n, name: m[2] };
    assert.equal(m[2], e.name, `migration ${m[1]} has two names: ${e.name} and ${m[2]}`);
    const kind = m[3] ? m[3].slice(1) : 'shared';
    assert.ok(!e[kind], `migration ${m[1]}: two ${kind} files`);
    e[kind] = join(DIR, f);
    byNumber.set(n, e);
  }
  return [...byNumber.values()].sort((a, b) => a.n - b.n);
}

test('each migration number is one shared file or a SQLite and PostgreSQL pair, numbered from 1 without gaps', () => {
  const all = migrations();
  assert.ok(all.length > 0);
  all.forEach((e, i) => {
    assert.equal(e.n, i + 1, `migration ${String(i + 1).padStart(4, '0')} is missing`);
    if (e.shared) assert.ok(!e.sqlite && !e.pg, `migration ${e.n}: a shared file and a dialect file`);
    else assert.ok(e.sqlite && e.pg, `migration ${e.n} (${e.name}): a .sqlite.sql needs its .pg.sql and the other way round`);
  });
});

// ---- SQLite side -------------------------------------------------------
const sqlite = (file, args, input) =>
  execFileSync('sqlite3', ['-bail', ...args, file], { input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const sqliteJson = (file, query) => { const out = sqlite(file, ['-json', '-cmd', query], '').trim(); return out ? JSON.parse(out) : []; };

// The text of each CHECK (...) in a CREATE TABLE, outside strings and quoted names.
function checksOf(sql) {
  const found = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') { i = sql.indexOf(c, i + 1); if (i < 0) break; continue; }
    if (/^check\s*\(/i.test(sql.slice(i, i + 12)) && !/\w/.test(sql[i - 1] ?? ' ')) {
      let j = sql.indexOf('(', i), depth = 0, k = j;
      for (; k < sql.length; k++) {
        const d = sql[k];
        if (d === "'" || d === '"') { k = sql.indexOf(d, k + 1); continue; }
        if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      found.push(sql.slice(j + 1, k));
      i = k;
    }
  }
  return found;
}

function sqliteSchema(file) {
  const tables = {};
  for (const t of sqliteJson(file, "SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name<>'schema_migrations'")) {
    tables[t.name] = { sql: t.sql, cols: [], fks: {}, unique: [], indexes: [], checks: checksOf(t.sql) };
  }
  for (const c of sqliteJson(file, "SELECT m.name AS tbl, p.* FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type='table' ORDER BY m.name, p.cid")) {
    if (tables[c.tbl]) tables[c.tbl].cols.push(c);
  }
  for (const f of sqliteJson(file, "SELECT m.name AS tbl, f.* FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type='table' ORDER BY m.name, f.id, f.seq")) {
    if (!tables[f.tbl]) continue;
    const fk = tables[f.tbl].fks[f.id] ??= { from: [], table: f.table, to: [], upd: f.on_update, del: f.on_delete };
    fk.from.push(f.from); fk.to.push(f.to);
  }
  for (const i of sqliteJson(file, `SELECT m.name AS tbl, i.name, i.origin, (SELECT group_concat(COALESCE(name,'<expr>'), ',') FROM (SELECT name FROM pragma_index_info(i.name) ORDER BY seqno)) AS cols, (SELECT sql FROM sqlite_master WHERE name=i.name) AS sql FROM sqlite_master m JOIN pragma_index_list(m.name) i WHERE m.type='table'`)) {
    if (!tables[i.tbl]) continue;
    if (i.origin === 'u') tables[i.tbl].unique.push(i.cols);
    if (i.origin === 'c') tables[i.tbl].indexes.push({ name: i.name, sql: i.sql });
  }
  return tables;
}

// ---- PostgreSQL side ---------------------------------------------------
const psql = (uri, args, input) =>
  execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', uri, ...args], { input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] }).toString();

const PG_SCHEMA = `SELECT json_build_object(
 'cols', (SELECT json_agg(json_build_object('tbl',table_name,'name',column_name,'type',data_type,
          'notnull',is_nullable='NO','default',column_default,'identity',is_identity,'gen',identity_generation)
          ORDER BY table_name, ordinal_position)
          FROM information_schema.columns WHERE table_schema='public' AND table_name<>'schema_migrations'),
 'cons', (SELECT json_agg(json_build_object('tbl',c.conrelid::regclass::text,'type',c.contype,'def',pg_get_constraintdef(c.oid),
          'cols',(SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n,i) JOIN pg_attribute a ON a.attrelid=c.conrelid AND a.attnum=k.n),
          'ftab',c.confrelid::regclass::text,
          'fcols',(SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n,i) JOIN pg_attribute a ON a.attrelid=c.confrelid AND a.attnum=k.n),
          'upd',c.confupdtype,'del',c.confdeltype,'deferrable',c.condeferrable,'deferred',c.condeferred))
          FROM pg_constraint c JOIN pg_class r ON r.oid=c.conrelid
          WHERE r.relnamespace='public'::regnamespace AND r.relname<>'schema_migrations'),
 'idx', (SELECT json_agg(json_build_object('tbl',r.relname,'name',i.relname,'def',pg_get_indexdef(x.indexrelid)))
          FROM pg_index x JOIN pg_class i ON i.oid=x.indexrelid JOIN pg_class r ON r.oid=x.indrelid
          WHERE r.relnamespace='public'::regnamespace AND r.relname<>'schema_migrations'
            AND NOT EXISTS(SELECT 1 FROM pg_constraint c WHERE c.conindid=x.indexrelid AND c.conrelid=x.indrelid AND c.contype IN ('p','u','x'))))`;

const TYPES = { INTEGER: 'bigint', TEXT: 'text', REAL: 'double precision', BLOB: 'bytea' };
const ACTIONS = { 'NO ACTION': 'a', RESTRICT: 'r', CASCADE: 'c', 'SET NULL': 'n', 'SET DEFAULT': 'd' };
const dflt = d => d == null ? null : d.replace(/::[a-z ]+/g, '').replace(/^\((.*)\)$/, '$1');
// An index definition without its name and table.
const indexBody = def => def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ /, 'CREATE $1INDEX ON ');
const sortedJson = xs => xs.map(x => JSON.stringify(x)).sort();

// Every difference between the two schemas, as sentences.
function compare(uri, lite) {
  const pg = JSON.parse(psql(uri, ['-c', PG_SCHEMA]));
  const diffs = [];
  const pgCols = {}, pgCons = {}, pgIdx = {};
  for (const c of pg.cols ?? []) (pgCols[c.tbl] ??= []).push(c);
  for (const c of pg.cons ?? []) (pgCons[c.tbl] ??= []).push(c);
  for (const i of pg.idx ?? []) (pgIdx[i.tbl] ??= []).push(i);
  const names = Object.keys(lite).sort();
  assert.deepEqual(Object.keys(pgCols).sort(), names, 'the same tables');

  // CHECKs and indexes written for SQLite, declared again on scratch copies
  // of the PostgreSQL tables, as PostgreSQL then reads them.
  const script = ['BEGIN;'];
  for (const t of names) {
    script.push(`CREATE TEMP TABLE "cc_${t}" (LIKE public."${t}");`);
    for (const e of lite[t].checks) script.push(`ALTER TABLE "cc_${t}" ADD CHECK (${e});`);
    for (const ix of lite[t].indexes) {
      const sql = ix.sql.replace(/^CREATE\s+(UNIQUE\s+)?INDEX\s+\S+\s+ON\s+"?(\w+)"?\s*\(/i, (_, u, tb) => `CREATE ${u ?? ''}INDEX "cc_${ix.name}" ON "cc_${tb}" (`);
      script.push(`${sql};`);
    }
  }
  script.push(`SELECT json_build_object(
    'checks', (SELECT json_agg(json_build_object('tbl',substr(conrelid::regclass::text,4),'def',pg_get_constraintdef(oid)))
               FROM pg_constraint WHERE contype='c' AND connamespace=pg_my_temp_schema()),
    'idx', (SELECT json_agg(json_build_object('name',substr(i.relname,4),'def',pg_get_indexdef(i.oid)))
               FROM pg_class i WHERE i.relkind='i' AND i.relnamespace=pg_my_temp_schema()));`, 'ROLLBACK;');
  let asPg;
  try { asPg = JSON.parse(psql(uri, [], script.join('\n'))); }
  catch (e) { return [`a CHECK or index written for SQLite does not read on PostgreSQL: ${e.stderr}`]; }
  const liteChecks = {}, liteIdx = {};
  for (const c of asPg.checks ?? []) (liteChecks[c.tbl] ??= []).push(c.def);
  for (const i of asPg.idx ?? []) liteIdx[i.name] = indexBody(i.def).replace(/ON \S+ /, 'ON ');

  for (const t of names) {
    const l = lite[t], p = pgCols[t], cons = pgCons[t] ?? [];
    const lNames = l.cols.map(c => c.name), pNames = p.map(c => c.name);
    if (JSON.stringify(lNames) !== JSON.stringify(pNames)) { diffs.push(`${t}: columns ${lNames} on SQLite, ${pNames} on PostgreSQL`); continue; }
    const pk = l.cols.filter(c => c.pk > 0).sort((a, b) => a.pk - b.pk).map(c => c.name);
    l.cols.forEach((lc, i) => {
      const pc = p[i], where = `${t}.${lc.name}`;
      if (TYPES[lc.type] !== pc.type) diffs.push(`${where}: ${lc.type} on SQLite, ${pc.type} on PostgreSQL (expected ${TYPES[lc.type]})`);
      // SQLite lets NULL into a primary key column not declared NOT NULL; PostgreSQL never does.
      if ((lc.notnull === 1 || lc.pk > 0) !== pc.notnull) diffs.push(`${where}: NOT NULL differs`);
      if (dflt(lc.dflt_value) !== dflt(pc.default)) diffs.push(`${where}: DEFAULT ${lc.dflt_value} on SQLite, ${pc.default} on PostgreSQL`);
      const rowid = pk.length === 1 && pk[0] === lc.name && lc.type === 'INTEGER';
      if (rowid && !(pc.identity === 'YES' && pc.gen === 'BY DEFAULT')) diffs.push(`${where}: an INTEGER PRIMARY KEY must be GENERATED BY DEFAULT AS IDENTITY on PostgreSQL`);
      if (!rowid && pc.identity === 'YES') diffs.push(`${where}: an identity on PostgreSQL only`);
    });
    const ppk = cons.filter(c => c.type === 'p').map(c => c.cols);
    if (JSON.stringify(ppk) !== JSON.stringify(pk.length ? [pk] : [])) diffs.push(`${t}: primary key (${pk}) on SQLite, ${JSON.stringify(ppk)} on PostgreSQL`);
    const lfk = sortedJson(Object.values(l.fks).map(f => [f.from, f.table, f.to, ACTIONS[f.upd], ACTIONS[f.del]]));
    const pfk = sortedJson(cons.filter(c => c.type === 'f').map(c => [c.cols, c.ftab, c.fcols, c.upd, c.del]));
    if (JSON.stringify(lfk) !== JSON.stringify(pfk)) diffs.push(`${t}: foreign keys ${lfk} on SQLite, ${pfk} on PostgreSQL`);
    for (const c of cons.filter(c => c.type === 'f' && !(c.deferrable && !c.deferred))) {
      diffs.push(`${t}: the foreign key (${c.cols}) must be DEFERRABLE INITIALLY IMMEDIATE on PostgreSQL`);
    }
    const lu = l.unique.slice().sort(), pu = cons.filter(c => c.type === 'u').map(c => c.cols.join(',')).sort();
    if (JSON.stringify(lu) !== JSON.stringify(pu)) diffs.push(`${t}: UNIQUE (${lu.join(') (')}) on SQLite, (${pu.join(') (')}) on PostgreSQL`);
    const lc = (liteChecks[t] ?? []).sort(), pc = cons.filter(c => c.type === 'c').map(c => c.def).sort();
    if (JSON.stringify(lc) !== JSON.stringify(pc)) diffs.push(`${t}: CHECKs\n    SQLite:     ${lc.join('\n                ')}\n    PostgreSQL: ${pc.join('\n                ')}`);
    const li = l.indexes.map(i => i.name).sort(), pi = (pgIdx[t] ?? []).map(i => i.name).sort();
    if (JSON.stringify(li) !== JSON.stringify(pi)) { diffs.push(`${t}: indexes ${li} on SQLite, ${pi} on PostgreSQL`); continue; }
    for (const i of pgIdx[t] ?? []) {
      const want = indexBody(i.def).replace(/ON \S+ /, 'ON ');
      if (liteIdx[i.name] !== want) diffs.push(`index ${i.name}: ${liteIdx[i.name]} from SQLite's, ${want} on PostgreSQL`);
    }
  }
  return diffs;
}

const NO_PG = onPostgres ? false : 'the run is on SQLite alone';

test('after every migration, SQLite and PostgreSQL have the same schema', { skip: NO_PG }, () => {
  // Databases with nothing in them, to run the files on one at a time.
  const name = `cc_schema_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'cc-schema-'));
  const lite = join(dir, 'schema.db');
  psql(pgUri('postgres'), ['-c', `CREATE DATABASE ${name}`]);
  const uri = pgUri(name);
  try {
    for (const m of migrations()) {
      sqlite(lite, [], `BEGIN;\n.read ${m.shared ?? m.sqlite}\nCOMMIT;\n`);
      psql(uri, ['-1', '-f', m.shared ?? m.pg]);
      const diffs = compare(uri, sqliteSchema(lite));
      assert.deepEqual(diffs, [], `after ${String(m.n).padStart(4, '0')}_${m.name}:\n  ${diffs.join('\n  ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    psql(pgUri('postgres'), ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
});

test('carecluster init makes the same schema on both databases, recording every migration once', { skip: NO_PG }, () => {
  const pg = newDatabase({ demo: false });
  const dir = mkdtempSync(join(tmpdir(), 'cc-schema-'));
  const lite = join(dir, 'init.db');
  try {
    const init = cli(['init', '--db', lite]);
    assert.equal(init.status, 0, init.stderr);
    assert.deepEqual(compare(pg.target, sqliteSchema(lite)), []);
    const versions = migrations().map(m => String(m.n)).join(',');
    assert.equal(sqlite(lite, [], 'SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version);').trim(), versions);
    assert.equal(psql(pg.target, ['-c', 'SELECT string_agg(version::text, \',\' ORDER BY version) FROM schema_migrations']).trim(), versions);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    pg.drop();
  }
});
