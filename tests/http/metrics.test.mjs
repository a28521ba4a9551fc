// GET /metrics (the Prometheus text format, for loopback or the operator's
// token only) and the access log (one line per request on standard
// output: the route's pattern, never what the client sent).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { start, get, postForm, raw, signIn, mustSignIn, cli, onPostgres, BIN, DEMO_PASSWORD } from './helpers.mjs';

const servers = [];
const dirs = [];
const cleanup = [];
after(async () => {
  for (const s of servers) await s.stop();
  for (const f of cleanup.reverse()) await f();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function server(extra = []) {
  const s = await start(extra);
  servers.push(s);
  return s;
}

// A file holding the token, private to its owner unless mode says otherwise.
function tokenFile(text, mode = 0o600) {
  const dir = mkdtempSync(join(tmpdir(), 'cc-metrics-'));
  dirs.push(dir);
  const file = join(dir, 'metrics-token');
  writeFileSync(file, text, { mode });
  return file;
}

// ---- a parser of the text exposition format, version 0.0.4 ----------------

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

// Every line is a comment (HELP or TYPE) or `name{labels} value`; each
// family's HELP and TYPE come before its samples, and its samples in one
// block. Returns Map family -> { type, help, samples: [{ name, labels, value }] }.
function parseMetrics(text) {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const families = new Map();
  let current = null;
  for (const line of text.slice(0, -1).split('\n')) {
    let m;
    if ((m = /^# HELP (\S+) (.+)$/.exec(line))) {
      assert.match(m[1], NAME);
      assert.ok(!families.has(m[1]), `family ${m[1]} appears once`);
      current = { name: m[1], help: m[2], type: null, samples: [] };
      families.set(m[1], current);
      continue;
    }
    if ((m = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      assert.ok(current && current.name === m[1] && current.type === null && current.samples.length === 0,
        `TYPE ${m[1]} follows its HELP, before any sample`);
      current.type = m[2];
      continue;
    }
    assert.ok(!line.startsWith('#'), `a comment that is neither HELP nor TYPE: ${line}`);
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `a sample line: ${JSON.stringify(line)}`);
    const [, name, labelText, valueText] = m;
    const labels = {};
    if (labelText !== undefined) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
      let end = false;
      while (!end) {
        const l = re.exec(labelText);
        assert.ok(l, `labels of ${line}`);
        assert.ok(!(l[1] in labels), `label ${l[1]} once in ${line}`);
        labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
        end = l[3] === '';
      }
      assert.equal(re.lastIndex, labelText.length, `labels of ${line}`);
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    assert.ok(!Number.isNaN(value) || valueText === 'NaN', `a number: ${line}`);
    assert.ok(current && current.type, `${name} comes after its family's HELP and TYPE`);
    const ok = name === current.name
      || (current.type === 'histogram' && [`${current.name}_bucket`, `${current.name}_sum`, `${current.name}_count`].includes(name));
    assert.ok(ok, `${name} is in the block of its own family (not ${current.name})`);
    current.samples.push({ name, labels, value });
  }
  for (const f of families.values()) assert.ok(f.type, `${f.name} has a TYPE`);
  return families;
}

async function scrape(url, headers = {}) {
  const r = await get(`${url}/metrics`, null, { headers });
  assert.equal(r.status, 200, r.body.slice(0, 200));
  assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseMetrics(r.body);
}

const key = (route, method, status) => `${route} ${method} ${status}`;
function requestCounts(families) {
  const out = new Map();
  for (const s of families.get('carecluster_http_requests_total').samples) {
    assert.deepEqual(Object.keys(s.labels).sort(), ['method', 'route', 'status']);
    out.set(key(s.labels.route, s.labels.method, s.labels.status), s.value);
  }
  return out;
}
const value = (families, name) => families.get(name).samples[0].value;

// The histogram: buckets by le ascending, cumulative, +Inf last and equal
// to _count. Returns _count.
function checkHistogram(families) {
  const f = families.get('carecluster_http_request_duration_seconds');
  assert.equal(f.type, 'histogram');
  const buckets = f.samples.filter(s => s.name.endsWith('_bucket'));
  assert.ok(buckets.length >= 8, 'enough buckets to tell a page from a slow one');
  const les = buckets.map(b => (b.labels.le === '+Inf' ? Infinity : Number(b.labels.le)));
  assert.equal(les.at(-1), Infinity, 'the last bucket is +Inf');
  assert.ok(les[0] <= 0.001, 'the first bucket is a millisecond or less: pages take about that');
  for (let i = 1; i < buckets.length; i++) {
    assert.ok(les[i] > les[i - 1], 'le ascending');
    assert.ok(buckets[i].value >= buckets[i - 1].value, `cumulative: le=${buckets[i].labels.le}`);
  }
  const count = f.samples.find(s => s.name.endsWith('_count')).value;
  const sum = f.samples.find(s => s.name.endsWith('_sum')).value;
  assert.equal(buckets.at(-1).value, count, '+Inf bucket equals _count');
  assert.ok(sum > 0 && sum < count * 10, `_sum ${sum} is seconds`);
  return count;
}

// Scrape until check(families) is true (a request's counters are added
// when its answer has been sent, which the client may see a moment
// earlier), then return that scrape.
async function scrapeUntil(url, check, what) {
  let last;
  for (let i = 0; i < 60; i++) {
    last = await scrape(url);
    if (check(last)) return last;
    await new Promise(r => setTimeout(r, 50));
  }
  return last;
}

test('counters move by exactly the requests made, under the route pattern and status', async () => {
  const s = await server();
  const before = requestCounts(await scrape(s.url));
  const at = (m, k) => m.get(k) ?? 0;

  for (let i = 0; i < 3; i++) assert.equal((await get(`${s.url}/healthz`)).status, 200);
  assert.equal((await get(`${s.url}/healthz`, null, { method: 'HEAD' })).status, 200);
  assert.equal((await get(`${s.url}/no-such-page-4711`)).status, 404);
  assert.equal((await get(`${s.url}/no-such-page-4712?x=1`)).status, 404);
  // Not an {id}: no route matches, and no series is made for it.
  assert.equal((await get(`${s.url}/meetings/not-a-number`)).status, 404);
  // A route that needs sign-in sends the stranger to it: counted as the pattern.
  assert.equal((await get(`${s.url}/meetings/1`)).status, 303);
  assert.equal((await get(`${s.url}/meetings/2`)).status, 303);
  assert.equal((await postForm(`${s.url}/healthz`, null, {})).status, 405);

  const want = new Map([
    [key('/healthz', 'GET', '200'), 3],
    [key('/healthz', 'HEAD', '200'), 1],
    [key('unmatched', 'GET', '404'), 3],
    [key('/meetings/{id}', 'GET', '303'), 2],
    [key('unmatched', 'POST', '405'), 1],
  ]);
  const reached = f => {
    const now = requestCounts(f);
    return [...want].every(([k, n]) => at(now, k) - at(before, k) >= n);
  };
  const families = await scrapeUntil(s.url, reached);
  const now = requestCounts(families);
  for (const [k, n] of want) assert.equal(at(now, k) - at(before, k), n, k);
  for (const k of now.keys()) {
    const route = k.split(' ')[0];
    assert.ok(route === 'unmatched' || route.startsWith('/'), k);
    assert.doesNotMatch(route, /no-such-page|not-a-number|\/meetings\/\d|\?/, 'never the path as sent');
  }
  // The seconds spent per route grew with its requests.
  const routeSeconds = families.get('carecluster_http_route_duration_seconds_total');
  assert.equal(routeSeconds.type, 'counter');
  assert.ok(routeSeconds.samples.find(x => x.labels.route === '/healthz' && x.labels.method === 'GET').value > 0);

  // The histogram counted every request the counters did (this scrape's
  // own request is in neither yet).
  let f = families;
  for (let i = 0; i < 20; i++) {
    const total = [...requestCounts(f).values()].reduce((a, b) => a + b, 0);
    if (checkHistogram(f) === total) break;
    f = await scrape(s.url);
  }
  const total = [...requestCounts(f).values()].reduce((a, b) => a + b, 0);
  assert.equal(checkHistogram(f), total, 'histogram _count equals the requests counted');
});

test('the other families: queue, in flight, database errors, start time, version', async () => {
  const s = await server();
  const f = await scrape(s.url);
  const types = {
    carecluster_http_requests_total: 'counter',
    carecluster_http_request_duration_seconds: 'histogram',
    carecluster_http_requests_in_flight: 'gauge',
    carecluster_offload_queue_waiting: 'gauge',
    carecluster_offload_queue_capacity: 'gauge',
    carecluster_offload_refused_total: 'counter',
    carecluster_db_errors_total: 'counter',
    process_start_time_seconds: 'gauge',
    carecluster_build_info: 'gauge',
  };
  for (const [name, type] of Object.entries(types)) {
    assert.ok(f.has(name), `${name} is there`);
    assert.equal(f.get(name).type, type, name);
  }
  assert.ok(value(f, 'carecluster_http_requests_in_flight') >= 1, 'the scrape itself is in flight');
  assert.ok(value(f, 'carecluster_offload_queue_capacity') >= 1, 'sign-in has a queue');
  assert.equal(value(f, 'carecluster_offload_queue_waiting'), 0);
  assert.ok(value(f, 'carecluster_db_errors_total') >= 0);
  const started = value(f, 'process_start_time_seconds');
  assert.ok(Math.abs(started - Date.now() / 1000) < 120, `start time ${started} is seconds since the epoch, about now`);
  const version = BIN && spawnSync(BIN, ['--version']).stdout.toString().trim().split(' ')[1];
  assert.equal(f.get('carecluster_build_info').samples[0].labels.version, version);
  assert.equal(value(f, 'carecluster_build_info'), 1);
});

test('only loopback or the token sees /metrics; behind the proxy a forwarded request needs the token', async () => {
  const token = 'c0ffee-4b1d-metrics-token-0123456789abcdef';
  const s = await server(['--behind-tls-proxy', '--metrics-token-file', tokenFile(`${token}\n`)]);
  const xff = { 'X-Forwarded-For': '198.51.100.7' };
  const strip = body => body.replace(/[0-9a-f]{32}/g, 'NONCE');

  assert.equal((await get(`${s.url}/metrics`)).status, 200, 'loopback, no proxy header');
  // Through nginx (on loopback too): the same 404 as a path that does not exist.
  const unknown = await get(`${s.url}/no-such-page`, null, { headers: xff });
  const refused = await get(`${s.url}/metrics`, null, { headers: xff });
  assert.equal(refused.status, 404);
  assert.equal(unknown.status, 404);
  assert.equal(refused.headers.get('content-type'), unknown.headers.get('content-type'));
  assert.equal(strip(refused.body), strip(unknown.body.replaceAll('%2Fno-such-page', '%2Fmetrics')),
    'nothing tells it from an unknown path');
  assert.doesNotMatch(refused.body, /carecluster_/);
  // Not even a 405 gives it away.
  assert.equal((await postForm(`${s.url}/metrics`, null, {}, xff)).status, 404);
  assert.equal((await postForm(`${s.url}/metrics`, null, {})).status, 405, 'loopback may know it is there');

  const withAuth = a => get(`${s.url}/metrics`, null, { headers: { ...xff, Authorization: a } });
  const ok = await withAuth(`Bearer ${token}`);
  assert.equal(ok.status, 200);
  assert.ok(parseMetrics(ok.body).has('carecluster_http_requests_total'));
  for (const wrong of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, 'Bearer ', `Basic ${token}`,
                       `Bearer ${token.toUpperCase()}`, token]) {
    const r = await withAuth(wrong);
    assert.equal(r.status, 404, `Authorization: ${wrong}`);
    assert.doesNotMatch(r.body, /carecluster_/);
  }
  // Forwarded (RFC 7239) and X-Real-IP are a proxy's too.
  assert.equal((await get(`${s.url}/metrics`, null, { headers: { Forwarded: 'for=198.51.100.7' } })).status, 404);
  assert.equal((await get(`${s.url}/metrics`, null, { headers: { 'X-Real-IP': '198.51.100.7' } })).status, 404);

  // The refused requests counted as unmatched 404s, not under /metrics.
  const f = await scrape(s.url);
  const counts = requestCounts(f);
  assert.equal(counts.get(key('/metrics', 'GET', '404')), undefined);
  assert.ok(counts.get(key('unmatched', 'GET', '404')) >= 8);
});

test('without a token file, a proxied request never sees /metrics; a proxy header is never loopback', async () => {
  const s = await server();        // no --behind-tls-proxy: the header is still a proxy's
  assert.equal((await get(`${s.url}/metrics`)).status, 200);
  const r = await get(`${s.url}/metrics`, null, { headers: { 'X-Forwarded-For': '127.0.0.1', Authorization: 'Bearer anything-at-all-0123456789' } });
  assert.equal(r.status, 404);
});

test('serve refuses a token file others may read, or one without a token, before it opens the database', () => {
  const run = file => spawnSync(BIN, ['serve', '--db', join(tmpdir(), 'cc-no-such-database.db'),
    '--listen', '127.0.0.1:9', '--metrics-token-file', file], { timeout: 10000 });
  let r = run(tokenFile('a-perfectly-good-token-0123456789\n', 0o644));
  assert.equal(r.status, 1);
  assert.match(r.stderr.toString(), /--metrics-token-file .*other users may read or write it/);
  r = run(tokenFile('short\n'));
  assert.equal(r.status, 1);
  assert.match(r.stderr.toString(), /--metrics-token-file .*16 to 512 visible ASCII characters/);
  r = run(tokenFile('has a space in it 0123456789\n'));
  assert.equal(r.status, 1);
  assert.match(r.stderr.toString(), /16 to 512 visible ASCII characters/);
  r = run(join(tmpdir(), 'cc-no-such-token-file'));
  assert.equal(r.status, 1);
  assert.match(r.stderr.toString(), /--metrics-token-file .*No such file/);
});

test('while the database is away /metrics still answers, and counts the errors and the 503s', { skip: !onPostgres }, async () => {
  // A PostgreSQL server of this test's own (tests/lib/pg.sh), stopped under the running server.
  const PGSH = resolve('tests/lib/pg.sh');
  const pg = cmd => execFileSync(PGSH, [cmd, dir], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'cc-pgm-'));
  const base = pg('start');
  cleanup.push(() => pg('stop'));
  execFileSync('psql', ['-X', '-q', '-d', base, '-c', 'CREATE DATABASE metrics_test']);
  const target = `postgresql://postgres@/metrics_test?host=${dir}`;
  const init = cli(['init', '--db', target, '--demo']);
  assert.equal(init.status, 0, init.stderr);
  const s = await start([], { db: { target } });
  cleanup.push(() => s.stop());
  const before = await scrape(s.url);
  const errorsBefore = value(before, 'carecluster_db_errors_total');
  const at = (f, k) => requestCounts(f).get(k) ?? 0;

  pg('down');
  for (let i = 0; i < 3; i++) assert.equal((await get(`${s.url}/healthz`)).status, 503);
  const during = await scrapeUntil(s.url,
    f => at(f, key('/healthz', 'GET', '503')) - at(before, key('/healthz', 'GET', '503')) >= 3);
  assert.equal(at(during, key('/healthz', 'GET', '503')) - at(before, key('/healthz', 'GET', '503')), 3,
    'the 503s under their route');
  assert.ok(value(during, 'carecluster_db_errors_total') > errorsBefore, 'database errors counted');
  pg('up');
});

// ---- the access log ----------------------------------------------------------

const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (GET|HEAD|POST|other) (\S+) (\d{3}) (\d+\.\d{3}) (-|\d+) (\d+)$/;

test('the access log: one line a request, the route pattern and the user, never a secret', async () => {
  const s = await server();
  const secretQuery = 'qsecret-5f2a9c';
  const wrongPassword = 'wrong-password-77d1e0';
  const feedToken = 'ab'.repeat(32);

  // A failed sign-in (a password in the form), then a real one.
  const failed = await signIn(s.url, 'member@example.wales', wrongPassword);
  assert.equal(failed.status, 401);
  const lead = await mustSignIn(s.url, 'lead@example.wales');
  const member = await mustSignIn(s.url, 'member@example.wales');
  // A query parameter the route does not declare is ignored, and never logged.
  const page = await get(`${s.url}/units/cardiff-south-west/actions?secret=${secretQuery}`, lead.cookie);
  assert.equal(page.status, 200);
  assert.equal((await get(`${s.url}/units/cardiff-south-west`, member.cookie)).status, 200);
  assert.equal((await get(`${s.url}/no-such-page?token=${secretQuery}`)).status, 404);
  assert.equal((await get(`${s.url}/calendar/${feedToken}/meetings.ics`)).status, 404);
  assert.equal((await get(`${s.url}/healthz`, null, { method: 'HEAD' })).status, 200);
  // A client that goes away before its body is in: 499, as nginx logs it.
  await raw(s.port, 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n'
                  + `Content-Length: 200\r\n\r\nemail=member%40example.wales&password=${wrongPassword}`, { wait: 200 });

  await s.stop();                                     // every line is out
  const out = s.log();
  const lines = out.split('\n').filter(l => /^\d{4}-/.test(l));
  const parsed = lines.map(l => {
    const m = LINE.exec(l);
    assert.ok(m, `an access log line: ${l}`);
    return { time: m[1], method: m[2], route: m[3], status: Number(m[4]), ms: Number(m[5]), user: m[6], bytes: Number(m[7]) };
  });
  for (const p of parsed) {
    assert.ok(Math.abs(Date.parse(p.time) - Date.now()) < 5 * 60 * 1000, `${p.time} is UTC now`);
    assert.ok(p.route === 'unmatched' || p.route.startsWith('/'), p.route);
  }
  const find = (method, route, status) => parsed.filter(p => p.method === method && p.route === route && p.status === status);

  // Sign-in: the failed one has no user, the good ones name theirs.
  assert.deepEqual(find('POST', '/login', 401).map(p => p.user), ['-']);
  const signIns = find('POST', '/login', 303);
  assert.equal(signIns.length, 2);
  const [leadId, memberId] = signIns.map(p => p.user);
  assert.match(leadId, /^\d+$/);
  assert.match(memberId, /^\d+$/);
  assert.notEqual(leadId, memberId);
  // Each signed-in request carries its user.
  const actions = find('GET', '/units/{slug}/actions', 200);
  assert.equal(actions.length, 1);
  assert.equal(actions[0].user, leadId);
  assert.ok(actions[0].bytes > 1000 && actions[0].ms > 0);
  assert.ok(find('GET', '/units/{slug}', 200).some(p => p.user === memberId));
  assert.ok(find('GET', '/', 200).some(p => p.user === leadId), 'the home page after sign-in');
  assert.equal(find('GET', 'unmatched', 404).length, 1);
  assert.equal(find('GET', '/calendar/{token}/meetings.ics', 404).length, 1);
  assert.ok(find('GET', '/login', 200).every(p => p.user === '-'));
  const head = find('HEAD', '/healthz', 200);
  assert.equal(head.length, 1);
  assert.equal(head[0].bytes, 0, 'a HEAD answer sends no body');
  assert.equal(find('POST', '/login', 499).length, 1, 'the client that went away');

  // Nothing the client sent, anywhere in the server's output.
  const cookieValue = c => c.split('=').slice(1).join('=');
  for (const secret of [DEMO_PASSWORD, wrongPassword, secretQuery, feedToken, cookieValue(lead.cookie),
                        cookieValue(member.cookie), lead.csrf, member.csrf, 'cardiff-south-west',
                        'example.wales', '?', 'no-such-page']) {
    assert.ok(!out.includes(secret), `the server's output holds ${secret}`);
  }
});
