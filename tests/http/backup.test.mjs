// carecluster backup: an online copy of a SQLite database while a server
// writes to it. The copy is one consistent file that SQLite finds intact,
// holds what was committed before it started, and serves as an
// installation of its own. PostgreSQL is pointed at pg_dump.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, cli, mustSignIn, onPostgres } from './helpers.mjs';

const cleanup = [];
after(async () => { for (const f of cleanup.reverse()) await f(); });
const sqlite = (file, q) => execFileSync('sqlite3', [file, q], { encoding: 'utf8' }).trim();

test('backup copies a SQLite database while the server writes to it', { skip: onPostgres && 'backup is for SQLite; the PostgreSQL run checks the refusal' }, async () => {
  const server = await start();
  cleanup.push(() => server.stop());
  const lead = await mustSignIn(server.url, 'lead@example.wales');
  const dir = mkdtempSync(join(tmpdir(), 'cc-backup-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const leadPerson = sqlite(server.db, `SELECT m.person_id FROM membership m JOIN unit u ON u.id=m.unit_id
    WHERE u.slug='cardiff-south-west' AND m.valid_to IS NULL ORDER BY m.id LIMIT 1`);
  const raise = n => postForm(`${server.url}/units/cardiff-south-west/actions/new`, lead.cookie,
    { csrf: lead.csrf, description: `Written during the backup ${n}`, lead: leadPerson, 'due-day': '1', 'due-month': '3', 'due-year': '2031' });
  assert.equal((await raise(0)).status, 303);
  const before = Number(sqlite(server.db, 'SELECT count(*) FROM action'));
  // Writes go on while the backup runs.
  let writing = true, n = 0;
  const writer = (async () => { while (writing) { const r = await raise(++n); assert.equal(r.status, 303); } })();
  const out = join(dir, 'backup.db');
  const r = cli(['backup', '--db', server.db, '--out', out]);
  writing = false;
  await writer;
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Backed up to .*backup\.db/);
  assert.equal(sqlite(out, 'PRAGMA integrity_check'), 'ok');
  assert.equal(sqlite(out, 'PRAGMA journal_mode'), 'delete', 'one file, no write-ahead log beside it');
  assert.ok(!existsSync(`${out}-wal`));
  const copied = Number(sqlite(out, 'SELECT count(*) FROM action'));
  assert.ok(copied >= before && copied <= before + n, `${copied} actions, between ${before} and ${before + n}`);
  // The backup is an installation: a server runs on it.
  const restored = await start([], { db: { target: out } });
  cleanup.push(() => restored.stop());
  const again = await mustSignIn(restored.url, 'lead@example.wales');
  const page = await get(`${restored.url}/units/cardiff-south-west/actions`, again.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /Written during the backup 0/);
  // An existing file is never overwritten.
  writeFileSync(join(dir, 'taken.db'), 'keep me');
  const taken = cli(['backup', '--db', server.db, '--out', join(dir, 'taken.db')]);
  assert.equal(taken.status, 1);
  assert.match(taken.stderr, /taken\.db already exists; choose a new file/);
  assert.equal(execFileSync('cat', [join(dir, 'taken.db')], { encoding: 'utf8' }), 'keep me');
});

test('backup of a PostgreSQL database says to use pg_dump', { skip: !onPostgres && 'the run is on SQLite' }, async () => {
  const server = await start();
  cleanup.push(() => server.stop());
  const dir = mkdtempSync(join(tmpdir(), 'cc-backup-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const r = cli(['backup', '--db', server.db, '--out', join(dir, 'x.db')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /for PostgreSQL use pg_dump/);
  assert.ok(!existsSync(join(dir, 'x.db')));
});
