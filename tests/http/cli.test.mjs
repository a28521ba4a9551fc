// The command line: version, init, user add, disable and enable, token
// create and revoke, and serve, each failing with a message that says what
// to fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, cli as rawCli, signIn, get, BIN, assertNoSanitizerReport } from './helpers.mjs';

// Every CLI run is also checked for a sanitizer report.
function cli(args, input) {
  const r = rawCli(args, input);
  assertNoSanitizerReport(r.stderr + r.stdout);
  return r;
}
// For commands that might not return (serve): a hard time limit.
function runWithTimeout(args, ms = 5000) {
  const r = spawnSync(BIN, args, { timeout: ms, encoding: 'utf8' });
  assertNoSanitizerReport(r.stderr + r.stdout);
  return r;
}

let dir, server;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-cli-'));
  server = await start();
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const PASSWORD = 'a long enough passphrase 2026';
const addUser = (db, { email, name = 'Test Person', role, scope }, password = PASSWORD) =>
  cli(['user', 'add', '--db', db, '--email', email, '--name', name, '--role', role, '--scope', scope], `${password}\n`);

test('--version prints "carecluster <version>"', () => {
  const r = cli(['--version']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^carecluster \d+\.\d+\.\d+\n$/);
});

test('no arguments, or an unknown command, prints the usage and exits non-zero', () => {
  for (const args of [[], ['frobnicate'], ['user'], ['token']]) {
    const r = cli(args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, /usage:/, args.join(' '));
    assert.match(r.stderr, /carecluster init --db FILE/);
  }
});

test('init creates a database; init again refuses to overwrite it', () => {
  const db = join(dir, 'init.db');
  const first = cli(['init', '--db', db]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /Created .*init\.db with the 60 clusters/);
  const before = readFileSync(db);
  const mtime = statSync(db).mtimeMs;
  for (const args of [['init', '--db', db], ['init', '--db', db, '--demo']]) {
    const again = cli(args);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already exists/);
    assert.ok(again.stderr.includes(db), 'the message names the file');
    assert.ok(readFileSync(db).equals(before), 'the existing database was changed');
    assert.equal(statSync(db).mtimeMs, mtime);
  }
});

test('init without --db, or where the file cannot be made, fails with a message', () => {
  let r = cli(['init']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--db FILE/);
  const bad = join(dir, 'no-such-dir', 'x.db');
  r = cli(['init', '--db', bad]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /carecluster init:/);
  assert.ok(!existsSync(bad));
});

test('user add rejects a wrong role, unknown scope, short password and bad e-mail, naming the fix', () => {
  const db = join(dir, 'users.db');
  assert.equal(cli(['init', '--db', db]).status, 0);
  const ok = { email: 'new.lead@example.wales', role: 'cluster_lead', scope: 'cardiff-east' };
  const cases = [
    [{ ...ok, role: 'overlord' }, PASSWORD, /--role must be one of admin, national, health_board, cluster_lead, member/],
    [{ ...ok, scope: 'atlantis' }, PASSWORD, /--scope atlantis: no such organisation unit/],
    [{ ...ok, scope: 'wales' }, PASSWORD, /--scope for role cluster_lead must be a unit of kind cluster; wales is a nation/],
    [ok, 'short', /password .*must be 12 to 1024 characters/],
    [ok, 'elevenchars', /password .*must be 12/],
    [{ ...ok, email: 'not-an-email' }, PASSWORD, /--email must be an e-mail address/],
    [{ ...ok, email: 'New.Lead@example.wales' }, PASSWORD, /--email must be in lower case/],
    [{ ...ok, name: '' }, PASSWORD, /--name must be a name of 1 to 200 characters/],
  ];
  for (const [u, pw, msg] of cases) {
    const r = addUser(db, u, pw);
    assert.notEqual(r.status, 0, JSON.stringify(u));
    assert.match(r.stderr, msg, JSON.stringify(u));
    assert.match(r.stderr, /^carecluster user add: /);
  }
  // No password on standard input at all.
  const empty = cli(['user', 'add', '--db', db, '--email', ok.email, '--name', 'X', '--role', ok.role, '--scope', ok.scope], '');
  assert.notEqual(empty.status, 0);
  assert.match(empty.stderr, /standard input/);
  // None of those made the user: the right command now succeeds once.
  const good = addUser(db, ok);
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /Added user new\.lead@example\.wales/);
  const dup = addUser(db, ok);
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /already exists/);
});

test('user add on a database that does not exist says to run init', () => {
  const db = join(dir, 'missing-for-user.db');
  const r = addUser(db, { email: 'a@example.wales', role: 'member', scope: 'afan' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /does not exist: create it with 'carecluster init --db /);
  assert.ok(!existsSync(db), 'no database was created by user add');
});

test('a user added with the CLI can sign in over HTTP and sees their scope', async () => {
  const email = 'east.lead@example.wales';
  const r = addUser(server.db, { email, name: 'Dr Eira Bowen', role: 'cluster_lead', scope: 'cardiff-east' });
  assert.equal(r.status, 0, r.stderr);
  const s = await signIn(server.url, email, PASSWORD);
  assert.equal(s.status, 303);
  assert.ok(s.cookie);
  const home = await get(`${server.url}/`, s.cookie);
  assert.equal(home.status, 200);
  assert.match(home.body, /Dr Eira Bowen/);
  assert.match(home.body, /href="\/units\/cardiff-east"/);
  assert.equal((await get(`${server.url}/units/cardiff-east`, s.cookie)).status, 200);
  assert.equal((await get(`${server.url}/units/cardiff-south-west`, s.cookie)).status, 404);
  // The wrong password still fails for them.
  const wrong = await signIn(server.url, email, `${PASSWORD}x`);
  assert.equal(wrong.status, 401);
  assert.equal(wrong.cookie, null);
});

test('a password is taken from the first line only, without its newline', async () => {
  const email = 'newline.user@example.wales';
  const r = cli(['user', 'add', '--db', server.db, '--email', email, '--name', 'Newline User',
    '--role', 'member', '--scope', 'cardiff-east'], `${PASSWORD}\r\nsecond line\n`);
  assert.equal(r.status, 0, r.stderr);
  const s = await signIn(server.url, email, PASSWORD);
  assert.equal(s.status, 303);
});

test('token create: a token for a known user, a clear failure for an unknown one', () => {
  const r = cli(['token', 'create', '--db', server.db, '--email', 'lead@example.wales']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^[0-9a-f]{64}\n$/);
  const unknown = cli(['token', 'create', '--db', server.db, '--email', 'nobody@example.wales']);
  assert.notEqual(unknown.status, 0);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /no user with e-mail nobody@example\.wales/);
  assert.match(unknown.stderr, /carecluster user add/);
  const noEmail = cli(['token', 'create', '--db', server.db]);
  assert.notEqual(noEmail.status, 0);
  assert.match(noEmail.stderr, /--email/);
});

test('serve on a database that does not exist exits non-zero and says to run init', () => {
  const db = join(dir, 'never-made.db');
  const r = runWithTimeout(['serve', '--db', db, '--listen', '127.0.0.1:1']);
  assert.equal(r.error, undefined, 'serve did not exit');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /never-made\.db does not exist/);
  assert.match(r.stderr, new RegExp(`carecluster init --db ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.ok(!existsSync(db), 'serve must not create the database');
  const noDb = runWithTimeout(['serve']);
  assert.notEqual(noDb.status, 0);
  assert.match(noDb.stderr, /--db FILE/);
});

test('serve with a bad --listen, or a port in use, exits non-zero with a message', () => {
  const bad = runWithTimeout(['serve', '--db', server.db, '--listen', 'localhost']);
  assert.equal(bad.error, undefined, 'serve did not exit');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--listen localhost: give an IPv4 address and port/);
  const busy = runWithTimeout(['serve', '--db', server.db, '--listen', `127.0.0.1:${server.port}`]);
  assert.equal(busy.error, undefined, 'a second server started on a port in use');
  assert.notEqual(busy.status, 0);
  assert.match(busy.stderr, /cannot listen on 127\.0\.0\.1:\d+/);
});

// Runs the CLI and keeps standard error even on success.
function cliAll(args, input) {
  const r = spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8' });
  assertNoSanitizerReport(r.stderr + r.stdout);
  return r;
}
const apiAs = token => get(`${server.url}/api/v1/units`, null, { headers: { Authorization: `Bearer ${token}` } });

test('token create prints its expiry (90 days, or --days N) and refuses a bad --days', async () => {
  const day = 86400e3;
  let r = cliAll(['token', 'create', '--db', server.db, '--email', 'lead@example.wales']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^[0-9a-f]{64}\n$/);
  let m = r.stderr.match(/expires on (\d{4}-\d{2}-\d{2}) \d{2}:\d{2} UTC \(in 90 days\)/);
  assert.ok(m, r.stderr);
  assert.ok(Math.abs(Date.parse(m[1]) - (Date.now() + 90 * day)) < 2 * day);
  assert.equal((await apiAs(r.stdout.trim())).status, 200);
  r = cliAll(['token', 'create', '--db', server.db, '--email', 'lead@example.wales', '--days', '7']);
  assert.equal(r.status, 0, r.stderr);
  m = r.stderr.match(/expires on (\d{4}-\d{2}-\d{2}) .*\(in 7 days\)/);
  assert.ok(m, r.stderr);
  assert.ok(Math.abs(Date.parse(m[1]) - (Date.now() + 7 * day)) < 2 * day);
  for (const days of ['0', '731', 'ten', '-3', '1.5']) {
    const bad = cliAll(['token', 'create', '--db', server.db, '--email', 'lead@example.wales', '--days', days]);
    assert.notEqual(bad.status, 0, days);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /--days must be a whole number of days from 1 to 730/);
  }
});

test('token revoke: one token with --token, or all of a user\'s; then the API answers 401', async () => {
  const email = 'token.revoke@example.wales';
  assert.equal(addUser(server.db, { email, role: 'member', scope: 'cardiff-east' }).status, 0);
  const make = () => { const r = cli(['token', 'create', '--db', server.db, '--email', email]); assert.equal(r.status, 0); return r.stdout.trim(); };
  const [t1, t2, t3] = [make(), make(), make()];
  const lead = cli(['token', 'create', '--db', server.db, '--email', 'lead@example.wales']).stdout.trim();
  for (const t of [t1, t2, t3, lead]) assert.equal((await apiAs(t)).status, 200);

  let r = cli(['token', 'revoke', '--db', server.db, '--email', email, '--token', t1]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Revoked 1 API token of token\.revoke@example\.wales\.\n$/);
  assert.equal((await apiAs(t1)).status, 401);
  assert.equal((await apiAs(t2)).status, 200);
  // Another user's token, or one already revoked: refused, nothing changes.
  for (const t of [t1, lead]) {
    r = cli(['token', 'revoke', '--db', server.db, '--email', email, '--token', t]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /^carecluster token revoke: .*no such token/);
  }
  assert.equal((await apiAs(lead)).status, 200);
  r = cli(['token', 'revoke', '--db', server.db, '--email', email]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Revoked 2 API tokens of/);
  for (const t of [t2, t3]) assert.equal((await apiAs(t)).status, 401);
  assert.equal((await apiAs(lead)).status, 200);
  // Mistakes say what to fix.
  r = cli(['token', 'revoke', '--db', server.db]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--email/);
  r = cli(['token', 'revoke', '--db', server.db, '--email', 'nobody@example.wales']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no user with e-mail nobody@example\.wales/);
  r = cli(['token', 'revoke', '--db', server.db, '--email', email, '--token', 'abc']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--token must be the whole token/);
});

test('user disable ends sessions and tokens for good; user enable lets only the password in again', async () => {
  const email = 'leaver@example.wales';
  assert.equal(addUser(server.db, { email, role: 'member', scope: 'cardiff-east' }).status, 0);
  const s = await signIn(server.url, email, PASSWORD);
  assert.equal(s.status, 303);
  const token = cli(['token', 'create', '--db', server.db, '--email', email]).stdout.trim();
  assert.equal((await get(`${server.url}/`, s.cookie)).status, 200);
  assert.equal((await apiAs(token)).status, 200);

  let r = cli(['user', 'disable', '--db', server.db, '--email', email]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Disabled leaver@example\.wales/);
  assert.equal((await get(`${server.url}/`, s.cookie)).status, 303);
  assert.equal((await apiAs(token)).status, 401);
  assert.equal((await signIn(server.url, email, PASSWORD)).status, 401);
  r = cli(['token', 'create', '--db', server.db, '--email', email]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /disabled/);

  r = cli(['user', 'enable', '--db', server.db, '--email', email]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Enabled leaver@example\.wales/);
  // Nothing from before comes back.
  assert.equal((await get(`${server.url}/`, s.cookie)).status, 303);
  assert.equal((await apiAs(token)).status, 401);
  const again = await signIn(server.url, email, PASSWORD);
  assert.equal(again.status, 303);
  assert.equal((await get(`${server.url}/`, again.cookie)).status, 200);

  for (const cmd of ['disable', 'enable']) {
    r = cli(['user', cmd, '--db', server.db, '--email', 'nobody@example.wales']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`^carecluster user ${cmd}: no user with e-mail nobody@example\\.wales`));
    r = cli(['user', cmd, '--db', server.db]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--email/);
  }
});

// Every command checks its arguments against the options it declares:
// an unknown option, an option without its value, an option given twice
// or a stray argument stops it with exit status 2, a message naming the
// argument, and that command's usage. Nothing runs, nothing is written.
test('unknown options, missing values and stray arguments are refused with the usage, for every command', () => {
  const db = server.db;
  const out = join(dir, 'never-written.csv');
  const cases = [
    // [command words, the rest of the arguments, message]
    [['serve'], ['--db', db, '--bogus', '1'], /^carecluster serve: unknown option --bogus\n/],
    [['serve'], ['--db', db, '--listen', '127.0.0.1:1', 'extra'], /^carecluster serve: unexpected argument extra\n/],
    [['serve'], ['--db'], /^carecluster serve: --db needs a value: --db FILE\n/],
    [['serve'], ['--db', db, '--threads'], /^carecluster serve: --threads needs a value: --threads N\n/],
    [['serve'], ['--db', '--behind-tls-proxy'], /^carecluster serve: --db needs a value/],
    [['serve'], ['--db', db, '--db', db], /^carecluster serve: --db is given twice\n/],
    [['serve'], ['--db', db, '-x'], /^carecluster serve: unknown option -x\n/],
    [['init'], ['--db', join(dir, 'stray.db'), '--demo', 'yes'], /^carecluster init: unexpected argument yes\n/],
    [['init'], ['--db', join(dir, 'opt.db'), '--force'], /^carecluster init: unknown option --force\n/],
    [['init'], ['--db'], /^carecluster init: --db needs a value: --db FILE\n/],
    [['user', 'add'], ['--db', db, '--email', 'x@example.wales', '--name', 'X', '--role', 'member', '--scope', 'afan', '--admin'],
      /^carecluster user add: unknown option --admin\n/],
    [['user', 'add'], ['--db', db, '--email'], /^carecluster user add: --email needs a value: --email E\n/],
    [['user', 'add'], ['--db', db, '--email', 'x@example.wales', '--name', 'X', '--role', 'member'],
      /^carecluster user add: give the organisation unit the user works for with --scope SLUG\n/],
    [['token', 'create'], ['--db', db, '--email', 'lead@example.wales', 'now'], /^carecluster token create: unexpected argument now\n/],
    [['token', 'create'], ['--db', db, '--email', 'lead@example.wales', '--expires', '30'], /^carecluster token create: unknown option --expires\n/],
    [['token', 'revoke'], ['--db', db, '--email', 'lead@example.wales', '--all'], /^carecluster token revoke: unknown option --all\n/],
    [['user', 'disable'], ['--db', db, '--email', 'lead@example.wales', 'now'], /^carecluster user disable: unexpected argument now\n/],
    [['export', 'actions'], ['--db', db, '--unit', 'cardiff-south-west', '--format', 'csv', '--out', out, '--lang', 'cy'],
      /^carecluster export actions: unknown option --lang\n/],
    [['export', 'actions'], ['--db', db, '--unit', 'cardiff-south-west', '--format', 'csv', '--out'],
      /^carecluster export actions: --out needs a value: --out FILE\n/],
    [['export', 'meeting'], ['--db', db, '--id', '1', '--format', 'ics', '--out', out, 'pack'],
      /^carecluster export meeting: unexpected argument pack\n/],
    [['export', 'meeting'], ['--db', db, '--id', '1', '--format', 'ics', '--out', out, '--lang'],
      /^carecluster export meeting: --lang needs a value: --lang en\|cy\n/],
    [['stats', 'xmr'], ['--target'], /^carecluster stats xmr: --target needs a value: --target T\n/],
    [['stats', 'xmr'], ['--no-screen', '--no-screen'], /^carecluster stats xmr: --no-screen is given twice\n/],
    [['stats', 'run'], ['--direction', 'up'], /^carecluster stats run: unknown option --direction\n/],
    [['stats', 'run'], ['values.txt'], /^carecluster stats run: unexpected argument values\.txt\n/],
  ];
  for (const [words, rest, msg] of cases) {
    const args = [...words, ...rest];
    const r = runWithTimeout(args);
    assert.equal(r.error, undefined, `${args.join(' ')}: did not exit`);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg, args.join(' '));
    // Then that command's usage, and only that command's.
    assert.match(r.stderr, new RegExp(`\\nusage:\\n  carecluster ${words.join(' ')} `), args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  assert.ok(!existsSync(out), 'no export was written');
  assert.ok(!existsSync(join(dir, 'stray.db')) && !existsSync(join(dir, 'opt.db')), 'no database was created');
  const noUser = cli(['token', 'create', '--db', db, '--email', 'x@example.wales']);
  assert.match(noUser.stderr, /no user with e-mail x@example\.wales/, 'user add with --admin added no one');
});

test('the same commands run when their arguments are right, in any order', () => {
  const db = join(dir, 'order.db');
  const r = cli(['init', '--demo', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  const t = cli(['token', 'create', '--email', 'lead@example.wales', '--db', db]);
  assert.equal(t.status, 0, t.stderr);
  const s = cli(['stats', 'xmr', '--no-screen', '--target', '-5', '--direction', 'decrease'], '1\n2\n3\n');
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /"direction":"decrease"/);
  const csv = cli(['export', 'actions', '--out', '-', '--format', 'csv', '--unit', 'cardiff-south-west', '--db', db]);
  assert.equal(csv.status, 0, csv.stderr);
});
