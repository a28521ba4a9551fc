// Start a real carecluster server on a free loopback port with a fresh
// demonstration database, for the HTTP and browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

export const BIN = resolve(process.env.CARECLUSTER_BIN || 'build/carecluster');
export const DEMO_PASSWORD = 'demo-password-2026';

export function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

// Run the CLI; returns { status, stdout, stderr }.
export function cli(args, input) {
  try {
    const stdout = execFileSync(BIN, args, { input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] }).toString();
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

// The database the tests run on. By default each test database is a
// SQLite file in a fresh folder. With CARECLUSTER_TEST_PG_HOST set (the
// socket folder of a PostgreSQL server that tests/lib/pg.sh started; see
// the Makefile), each is a fresh PostgreSQL database on that server, made
// from CARECLUSTER_TEST_PG_TEMPLATE (a database already holding the
// demonstration data) when that is set.
export const PG_HOST = process.env.CARECLUSTER_TEST_PG_HOST || '';
export const onPostgres = PG_HOST !== '';
export const pgUri = name => `postgresql://postgres@/${name}?host=${PG_HOST}`;
let nDatabases = 0;

// psql on the server's maintenance database (or `db`), quiet, unaligned.
function psql(db, text) {
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', PG_HOST, '-U', 'postgres', '-d', db],
    { input: text, stdio: ['pipe', 'pipe', 'pipe'] }).toString().trim();
}

// Run SQL on a test database (a server may have it open: fine on both).
// Returns what it prints, trimmed; columns separated by |, as sqlite3 does.
export function dbSql(target, text) {
  if (target.startsWith('postgresql://')) return psql(target, text);
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', target], { input: text }).toString().trim();
}

// SQL for a blob of bytes (given in hex) in the database `target` uses.
export function blobLiteral(target, hex) {
  return target.startsWith('postgresql://') ? `'\\x${hex}'::bytea` : `x'${hex}'`;
}

// A new test database holding the demonstration data: { target, dir,
// drop() }. target is what --db takes. demo: false for the Wales
// reference data only; empty: true for no tables at all (a SQLite file
// not made yet, or a PostgreSQL database with nothing in it). locale: on
// PostgreSQL, a database whose text sorts in that language's order (an
// ICU locale such as 'en-GB', as on a server set up in English) rather
// than the test server's byte order; nothing on SQLite.
export function newDatabase({ demo = true, empty = false, locale = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cc-test-'));
  let target, drop;
  if (onPostgres) {
    const name = `cc_${process.pid}_${++nDatabases}`;
    const template = demo && !empty && !locale && process.env.CARECLUSTER_TEST_PG_TEMPLATE;
    if (locale && !/^[A-Za-z0-9-]+$/.test(locale)) throw new Error(`not a locale: ${locale}`);
    psql('postgres', locale ? `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${locale}' LOCALE 'C.UTF-8'`
      : template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    target = pgUri(name);
    drop = () => {
      try { psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* the server is gone */ }
      rmSync(dir, { recursive: true, force: true });
    };
    if (template) return { target, dir, drop };
  } else {
    target = join(dir, 'test.db');
    drop = () => rmSync(dir, { recursive: true, force: true });
  }
  if (empty) return { target, dir, drop };
  const init = cli(['init', '--db', target, ...(demo ? ['--demo'] : [])]);
  if (init.status !== 0) { drop(); throw new Error(`init failed: ${init.stderr}`); }
  return { target, dir, drop };
}

// Start a server; returns { url, db, dir, stop() }. extra: more serve
// options. With opts.db (a newDatabase()) it serves that database and
// leaves it in place when it stops; otherwise a new one of its own.
export async function startServer(extra = [], opts = {}) {
  const own = opts.db ? null : newDatabase();
  const dir = own ? own.dir : mkdtempSync(join(tmpdir(), 'cc-test-'));
  const db = opts.db ? opts.db.target : own.target;
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', d => { log += d; });
  proc.stderr.on('data', d => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(`${url}/healthz`); if (r.status === 200) break; } catch { /* not yet */ }
    await new Promise(r => setTimeout(r, 50));
  }
  return {
    url, db, dir, proc,
    log: () => log,
    // Stops the server; fails if it ever had no text for a key (a person
    // would have seen the key itself: see i18n_get).
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await new Promise(r => proc.once('exit', r));
      }
      if (own) own.drop(); else rmSync(dir, { recursive: true, force: true });
      const missing = [...new Set(log.match(/i18n: no text for key \S+/g) ?? [])];
      if (missing.length) throw new Error(`the server showed catalogue keys instead of text:\n${missing.join('\n')}`);
    },
  };
}

// Sign in through the form as a real browser would; returns the Cookie
// header value holding the session, and the session's CSRF token.
export async function signIn(url, email, password = DEMO_PASSWORD) {
  const form = await fetch(`${url}/login`);
  const pre = form.headers.getSetCookie().map(c => c.split(';')[0]).join('; ');
  const html = await form.text();
  const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const r = await fetch(`${url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: pre },
    body: new URLSearchParams({ csrf, email, password }),
  });
  const session = r.headers.getSetCookie().find(c => c.startsWith('cc_session='));
  if (!session) return { status: r.status, cookie: null, csrf: null };
  const cookie = session.split(';')[0];
  const home = await fetch(`${url}/`, { headers: { Cookie: cookie } });
  const page = await home.text();
  const m = page.match(/name="csrf" value="([0-9a-f]+)"/);
  return { status: r.status, cookie, csrf: m ? m[1] : null };
}
