// The database going away is not a crash. A PostgreSQL server of this
// test's own (tests/lib/pg.sh) is stopped while carecluster runs: pages
// and the API answer 503 saying so, nothing is written, and once the
// database is back the same server answers again by itself, the session
// still signed in. Runs on the PostgreSQL pass of the suite.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { start, get, postForm, cli, mustSignIn, onPostgres } from './helpers.mjs';

const PGSH = resolve('tests/lib/pg.sh');
const cleanup = [];
after(async () => { for (const f of cleanup.reverse()) await f(); });

const pg = (cmd, dir) => execFileSync(PGSH, [cmd, dir], { encoding: 'utf8' }).trim();
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

test('while PostgreSQL restarts requests get a 503 that says so; afterwards the server carries on', { skip: !onPostgres }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-pgr-'));
  const base = pg('start', dir);
  cleanup.push(() => pg('stop', dir));
  execFileSync('psql', ['-X', '-q', '-d', base, '-c', 'CREATE DATABASE restart_test']);
  const target = `postgresql://postgres@/restart_test?host=${dir}`;
  const init = cli(['init', '--db', target, '--demo']);
  assert.equal(init.status, 0, init.stderr);
  const server = await start([], { db: { target } });
  cleanup.push(() => server.stop());
  const lead = await mustSignIn(server.url, 'lead@example.wales');
  const page = '/units/cardiff-south-west/actions';
  assert.equal((await get(`${server.url}${page}`, lead.cookie)).status, 200);

  pg('down', dir);
  const down = await get(`${server.url}${page}`, lead.cookie);
  assert.equal(down.status, 503);
  assert.match(text(down.body), /Sorry, the service is unavailable/);
  assert.match(text(down.body), /cannot reach the database/);
  assert.ok(Number(down.headers.get('retry-after')) > 0);
  assert.ok(!down.body.includes('lead@example.wales') && !down.body.includes('Sign out'), 'nothing of who asked');
  const api = await get(`${server.url}/api/v1/units`, lead.cookie);
  assert.equal(api.status, 503);
  assert.match(JSON.parse(api.body).error, /database is not available/);
  assert.equal((await get(`${server.url}/healthz`)).status, 503);
  // The page keeps its styles: assets need no database.
  const css = await get(`${server.url}/assets/nhsuk-frontend.min.css`);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.match(down.body, /href="\/assets\/nhsuk-frontend\.min\.css/);
  // A write while it is down: 503, and nothing of it arrives later.
  const write = await postForm(`${server.url}/units/cardiff-south-west/actions/new`, lead.cookie,
    { csrf: lead.csrf, description: 'Written while the database was down', 'due-day': '1', 'due-month': '1', 'due-year': '2031' });
  assert.equal(write.status, 503);
  // Welsh too.
  const cy = await get(`${server.url}${page}`, `${lead.cookie}; cc_lang=cy`);
  assert.match(text(cy.body), /nid yw'r gwasanaeth ar gael/);
  assert.equal(server.proc.exitCode, null, 'the server is still running');

  pg('up', dir);
  let back;
  for (let i = 0; i < 50; i++) {
    back = await get(`${server.url}${page}`, lead.cookie);
    if (back.status === 200) break;
    await new Promise(r => setTimeout(r, 100));
  }
  assert.equal(back.status, 200, 'answers again once the database is back, still signed in');
  // Every worker thread reconnects: several requests in a row all succeed.
  for (let i = 0; i < 12; i++) assert.equal((await get(`${server.url}${page}`, lead.cookie)).status, 200);
  assert.ok(!back.body.includes('Written while the database was down'));
  assert.match(server.log(), /cannot connect to the PostgreSQL database|connection/i);
});
