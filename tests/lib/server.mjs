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

// A fresh demonstration database: { target, query(sql), drop() }. target
// is what --db takes; query runs SQL on it with the database's own command
// line client and returns what it prints (columns split by "|", a row a
// line, no header), trimmed; drop() deletes it. Tests get every database
// from here, never by naming a file, so that the same tests run on every
// backend.
export async function newDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'cc-db-'));
  const target = join(dir, 'test.db');
  const init = cli(['init', '--db', target, '--demo']);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`init failed: ${init.stderr}`);
  }
  return {
    target,
    query: sql => execFileSync('sqlite3', ['-cmd', '.timeout 5000', target], { input: sql }).toString().trim(),
    drop() { rmSync(dir, { recursive: true, force: true }); },
  };
}

// Start a server; returns { url, db, stop() }. extra: more serve options.
// With { db } (a target from newDatabase()) the server runs on that
// database, which outlives it: several servers may share one, and whoever
// made it drops it. Without, the server gets a database of its own,
// dropped when it stops.
export async function startServer(extra = [], { db: shared } = {}) {
  const own = shared ? null : await newDatabase();
  const db = shared ?? own.target;
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
    url, db, proc,
    log: () => log,
    // Stops the server; fails if it ever had no text for a key (a person
    // would have seen the key itself: see i18n_get).
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise(r => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      own?.drop();
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
