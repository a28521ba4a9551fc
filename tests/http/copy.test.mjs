// carecluster copy: a whole installation into a new, empty database and
// back again. On a PostgreSQL run the demonstration goes PostgreSQL ->
// SQLite -> PostgreSQL; on a SQLite run, file to file. Every API answer
// is the same before and after, the papers' bytes too, and the copy takes
// new records (PostgreSQL's id sequences moved past the copied ids).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, cli, mustSignIn, newDatabase, onPostgres, sql, blobLiteral } from './helpers.mjs';

const cleanup = [];
after(async () => { for (const f of cleanup.reverse()) await f(); });

function token(db, email) {
  const r = cli(['token', 'create', '--db', db, '--email', email]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// Every answer of the API an admin can read: all units, each unit's
// members, meetings, actions and improvement work, each meeting and each
// measure they list. A map from path to status and body.
async function everyAnswer(server, tok) {
  const headers = { Authorization: `Bearer ${tok}` };
  const answers = new Map();
  const read = async path => {
    const r = await get(`${server.url}${path}`, null, { headers });
    answers.set(path, `${r.status} ${r.body}`);
    return r.status === 200 ? JSON.parse(r.body) : null;
  };
  const units = await read('/api/v1/units');
  assert.ok(Array.isArray(units.units ?? units) && (units.units ?? units).length > 100, 'the units of Wales');
  for (const u of units.units ?? units) {
    const slug = u.slug;
    await read(`/api/v1/units/${slug}`);
    await read(`/api/v1/units/${slug}/members`);
    await read(`/api/v1/units/${slug}/actions`);
    const meetings = await read(`/api/v1/units/${slug}/meetings`);
    for (const m of meetings?.meetings ?? []) await read(`/api/v1/meetings/${m.id}`);
    const qi = await read(`/api/v1/units/${slug}/qi`);
    for (const p of qi?.projects ?? []) {
      for (const m of p.measures ?? []) await read(`/api/v1/measures/${m.id}`);
    }
  }
  return answers;
}

// The bytes of every paper, through the download page.
async function papers(server, cookie, ids) {
  const out = [];
  for (const id of ids) {
    const r = await fetch(`${server.url}/papers/${id}/download`, { headers: { Cookie: cookie } });
    out.push([id, r.status, Buffer.from(await r.arrayBuffer()).toString('hex')]);
  }
  return out;
}

// A new, empty database of the other kind: a SQLite file on a PostgreSQL
// run (and on a SQLite run).
function emptyFile() {
  const dir = mkdtempSync(join(tmpdir(), 'cc-copy-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'copy.db');
}
// A new, empty database of the run's own kind.
function emptyOwn() {
  if (!onPostgres) return emptyFile();
  const d = newDatabase({ demo: false, empty: true });
  cleanup.push(() => d.drop());
  return d.target;
}

test('copy moves a whole installation there and back: every API answer and every paper the same', async () => {
  const source = newDatabase();
  cleanup.push(() => source.drop());
  // A paper with every byte value, so that blobs are copied exactly.
  const item = sql({ db: source.target }, 'SELECT id FROM agenda_item ORDER BY id LIMIT 1');
  const hex = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('hex');
  const paperId = sql({ db: source.target }, `INSERT INTO paper(agenda_item_id, filename, content_type, size, sha256, data, created_at)
      VALUES(${item}, 'all-bytes.pdf', 'application/pdf', 256, 'x', ${blobLiteral(source.target, hex)}, 1) RETURNING id;`);
  const tok = token(source.target, 'admin@example.wales');

  const s0 = await start([], { db: source });
  cleanup.push(() => s0.stop());
  const before = await everyAnswer(s0, tok);
  const admin0 = await mustSignIn(s0.url, 'admin@example.wales');
  const paperIds = sql(s0, 'SELECT id FROM paper ORDER BY id').split('\n').map(Number);
  assert.ok(paperIds.includes(Number(paperId)));
  const bytes0 = await papers(s0, admin0.cookie, paperIds);
  assert.ok(bytes0.some(([id, status, h]) => id === Number(paperId) && status === 200 && h === hex), 'the all-bytes paper reads back');
  await s0.stop();

  // There, then back.
  const middle = emptyFile();
  let r = cli(['copy', '--from', source.target, '--to', middle]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^action +\d+ rows$/m);
  assert.match(r.stdout, /every table's row count matches/);
  const back = emptyOwn();
  r = cli(['copy', '--from', middle, '--to', back]);
  assert.equal(r.status, 0, r.stderr);

  for (const target of [middle, back]) {
    const s = await start([], { db: { target } });
    cleanup.push(() => s.stop());
    const answers = await everyAnswer(s, tok);
    assert.deepEqual([...answers.keys()], [...before.keys()], 'the same API paths answer');
    for (const [path, body] of before) assert.equal(answers.get(path), body, `${path} differs after the copy`);
    const admin = await mustSignIn(s.url, 'admin@example.wales');
    assert.deepEqual(await papers(s, admin.cookie, paperIds), bytes0);
    // New records take new ids: the copy is a working installation.
    const added = cli(['user', 'add', '--db', target, '--email', `after.copy.${answers.size}@example.wales`, '--name', 'After Copy',
      '--role', 'member', '--scope', 'cardiff-south-west'], 'a long passphrase for the copy\n');
    assert.equal(added.status, 0, added.stderr);
    await s.stop();
  }
});

test('copy refuses a target that is not empty, and a source that does not exist, changing nothing', () => {
  const source = newDatabase();
  cleanup.push(() => source.drop());
  const full = newDatabase();
  cleanup.push(() => full.drop());
  const users = sql({ db: full.target }, 'SELECT count(*) FROM app_user');
  let r = cli(['copy', '--from', source.target, '--to', full.target]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already (exists|holds tables); it was left as it is/);
  assert.equal(sql({ db: full.target }, 'SELECT count(*) FROM app_user'), users);
  const dir = mkdtempSync(join(tmpdir(), 'cc-copy-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  r = cli(['copy', '--from', join(dir, 'missing.db'), '--to', join(dir, 'new.db')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /missing\.db does not exist/);
  r = cli(['copy', '--from', source.target]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--to/);
});
