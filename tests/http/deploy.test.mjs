// The shipped nginx site (deploy/nginx-carecluster.conf) run by the real
// nginx, with a self-signed certificate, in front of two carecluster
// servers on one database: HTTP/2, HSTS, Secure cookies, the redirect from
// plain HTTP, the client's address from X-Forwarded-For, body limits equal
// to the application's, and a person who signs in through one server and
// carries on through the other (sessions, CSRF tokens, the sign-in
// throttle and calendar feeds live in the database, not in a server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import http2 from 'node:http2';
import { start, newDatabase, freePort, get, postForm, DEMO_PASSWORD } from './helpers.mjs';

const SITE = resolve('deploy/nginx-carecluster.conf');
const SERVER_NAME = 'carecluster.example.wales';
// The application's body limits (src/http/http.h).
const KiB = 1024;
const MAX_BODY = 64 * KiB;
const MAX_LONG_FORM = 2048 * KiB;
const MAX_UPLOAD_BODY = 10240 * KiB + 64 * KiB;

let db, servers = [], tmp, nginx, nginxLog = '', p80, p443, cert;

// The shipped site with this run's ports, backends and files. Every
// substitution must find its target, so a change to the shipped file that
// the test would no longer exercise fails here rather than passing unseen.
function siteFor(backends) {
  let s = readFileSync(SITE, 'utf8');
  const sub = (re, to, n = 1) => {
    const found = s.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')) ?? [];
    assert.equal(found.length, n, `the shipped site has ${n} × ${re}`);
    s = s.replace(re, to);
  };
  sub(/^[ \t]*listen \[::\]:80;\n/m, '');
  sub(/^[ \t]*listen \[::\]:443 ssl http2;\n/m, '');
  sub(/listen 80;/, `listen 127.0.0.1:${p80};`);
  sub(/listen 443 ssl http2;/, `listen 127.0.0.1:${p443} ssl http2;`);
  sub(/server 127\.0\.0\.1:8081 /, `server 127.0.0.1:${backends[0]} `);
  sub(/server 127\.0\.0\.1:8082 /, `server 127.0.0.1:${backends[1]} `);
  sub(/ssl_certificate +\S+;/, `ssl_certificate ${join(tmp, 'cert.pem')};`);
  sub(/ssl_certificate_key +\S+;/, `ssl_certificate_key ${join(tmp, 'key.pem')};`);
  sub(/\/var\/log\/nginx\/carecluster\.access\.log/g, join(tmp, 'access.log'), 2);
  const live = s.split('\n').filter(l => !/^\s*#/.test(l)).join('\n');
  assert.doesNotMatch(live, /\/(etc|var|run)\//, 'no system path is left in the config the test runs');
  return s;
}

// The main configuration around the site, as Debian's nginx.conf has it
// (the site inside http { }), with every file in the temporary folder. As
// root (CI), the workers stay root: they must reach the folder, which is
// private to its owner.
function mainConf() {
  const root = process.getuid?.() === 0;
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map(k => `  ${k}_temp_path ${join(tmp, k)};`).join('\n');
  return `${root ? 'user root;\n' : ''}worker_processes 1;
events { worker_connections 512; }
http {
  access_log ${join(tmp, 'default-access.log')};
${temp}
  include ${join(tmp, 'site.conf')};
}
`;
}

// One HTTP/2 request; resolves with what came back even if nginx reset the
// stream after answering (it does after a 413, with the body unread).
function h2(session, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((ok, fail) => {
    const req = session.request({ ':method': method, ':path': path, ...headers });
    let res = null;
    const chunks = [];
    const done = () => ok({ status: res[':status'], headers: res, body: Buffer.concat(chunks).toString() });
    req.on('response', h => { res = h; });
    req.on('data', c => chunks.push(c));
    req.on('end', () => (res ? done() : fail(new Error(`no response to ${method} ${path}`))));
    req.on('error', e => (res ? done() : fail(e)));
    req.end(body);
  });
}
const connect = (localAddress = '127.0.0.1') =>
  http2.connect(`https://127.0.0.1:${p443}`, { ca: cert, localAddress });
const cookiesOf = res => [].concat(res.headers['set-cookie'] ?? []);
const cookie = (res, name) => cookiesOf(res).find(c => c.startsWith(`${name}=`));
const formBody = o => new URLSearchParams(o).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

// Sign in through nginx; returns the POST's answer and the session cookie.
async function signInVia(session, email, password = DEMO_PASSWORD, xff) {
  const extra = xff ? { 'x-forwarded-for': xff } : {};
  const form = await h2(session, '/login', { headers: extra });
  const pre = cookie(form, 'cc_pre').split(';')[0];
  const csrf = form.body.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const r = await h2(session, '/login', {
    method: 'POST', headers: { ...FORM, ...extra, cookie: pre }, body: formBody({ csrf, email, password }),
  });
  const s = cookie(r, 'cc_session');
  return { res: r, form, cookie: s ? s.split(';')[0] : null };
}
const csrfOf = html => html.match(/name="csrf" value="([0-9a-f]{64})"/)?.[1];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cc-nginx-'));
  db = newDatabase();
  servers.push(await start(['--behind-tls-proxy'], { db }));
  servers.push(await start(['--behind-tls-proxy'], { db }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', join(tmp, 'key.pem'), '-out', join(tmp, 'cert.pem'), '-subj', '/CN=127.0.0.1',
    '-addext', `subjectAltName=IP:127.0.0.1,DNS:${SERVER_NAME}`], { stdio: 'pipe' });
  chmodSync(join(tmp, 'key.pem'), 0o600);
  cert = readFileSync(join(tmp, 'cert.pem'));
  p80 = await freePort();
  p443 = await freePort();
  writeFileSync(join(tmp, 'site.conf'), siteFor(servers.map(s => s.port)));
  writeFileSync(join(tmp, 'nginx.conf'), mainConf());
  nginx = spawn('nginx', ['-p', `${tmp}/`, '-c', join(tmp, 'nginx.conf'), '-e', 'stderr',
    '-g', `daemon off; pid ${join(tmp, 'nginx.pid')};`], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout.on('data', d => { nginxLog += d; });
  nginx.stderr.on('data', d => { nginxLog += d; });
  process.once('exit', () => { if (nginx.exitCode === null) nginx.kill('SIGTERM'); });
  for (let i = 0; ; i++) {
    assert.equal(nginx.exitCode, null, `nginx stopped:\n${nginxLog}`);
    const ok = await new Promise(r => {
      const s = connect();
      s.on('error', () => r(false));
      s.on('connect', () => { s.close(); r(true); });
    });
    if (ok) break;
    assert.ok(i < 100, `nginx did not start:\n${nginxLog}`);
    await new Promise(r => setTimeout(r, 50));
  }
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise(r => nginx.once('exit', r));
    nginx.kill('SIGQUIT');          // graceful: the master stops its workers
    const t = setTimeout(() => nginx.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  }
  for (const s of servers) await s.stop();
  db?.drop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('HTTP/2 over TLS, HSTS once on every answer, no caching of pages, and plain HTTP redirects', async () => {
  const session = connect();
  try {
    const page = await h2(session, '/login');
    assert.equal(session.alpnProtocol, 'h2', 'HTTP/2 negotiated by ALPN');
    assert.equal(page.status, 200);
    assert.equal(page.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal(page.headers['cache-control'], 'no-store');
    // An answer of nginx's own (a 413 here) has it too.
    const big = await h2(session, '/login', { method: 'POST', headers: FORM, body: 'x='.padEnd(MAX_BODY + 1, 'a') });
    assert.equal(big.status, 413);
    assert.equal(big.headers['strict-transport-security'], 'max-age=31536000');
  } finally { session.close(); }
  // A second client says the same: curl's HTTP/2.
  const v = execFileSync('curl', ['--http2', '-sk', '-o', '/dev/null', '-w', '%{http_version}',
    `https://127.0.0.1:${p443}/login`]).toString();
  assert.equal(v, '2');
  // Plain HTTP: a redirect to HTTPS on the site's own name, path and query kept.
  const r = await get(`http://127.0.0.1:${p80}/units/cardiff-south-west?all=1`, null, { headers: { Host: 'evil.example' } });
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), `https://${SERVER_NAME}/units/cardiff-south-west?all=1`);
});

test('cookies through nginx are Secure, HttpOnly and SameSite', async () => {
  const session = connect();
  try {
    const { res, form } = await signInVia(session, 'member@example.wales');
    assert.equal(res.status, 303);
    for (const c of [cookie(form, 'cc_pre'), cookie(res, 'cc_session')]) {
      assert.ok(c, 'the cookie is set');
      const attrs = c.split(';').slice(1).map(a => a.trim());
      assert.ok(attrs.includes('Secure'), `Secure: ${c}`);
      assert.ok(attrs.includes('HttpOnly'), `HttpOnly: ${c}`);
      assert.ok(attrs.includes('SameSite=Lax'), `SameSite: ${c}`);
    }
  } finally { session.close(); }
});

test('signed in through nginx, a person carries on through either server', async () => {
  const session = connect();
  try {
    const { res, cookie: c } = await signInVia(session, 'lead@example.wales');
    assert.equal(res.status, 303);
    assert.ok(c);
    // Each server on its own knows the session.
    const [one, two] = servers;
    for (const s of servers) {
      const home = await get(`${s.url}/`, c);
      assert.equal(home.status, 200, `server on port ${s.port} knows the session`);
    }
    // Through nginx, request after request (round robin: both servers answer).
    for (let i = 0; i < 6; i++) {
      const home = await h2(session, '/', { headers: { cookie: c } });
      assert.equal(home.status, 200, `request ${i + 1} through nginx`);
    }
    // nginx's log names the server that answered each: both did.
    const answered = readFileSync(join(tmp, 'access.log'), 'utf8').split('\n')
      .filter(l => l.includes('"GET / HTTP/2.0" 200')).map(l => l.match(/"127\.0\.0\.1:(\d+)"/)?.[1]);
    for (const s of servers) assert.ok(answered.includes(String(s.port)), `server on port ${s.port} answered through nginx`);
    // A form taken from server one and sent to server two: its CSRF token
    // is the session's, kept in the database.
    const form = await get(`${one.url}/units/cardiff-south-west/actions/new`, c);
    assert.equal(form.status, 200);
    const csrf = csrfOf(form.body);
    const lead = form.body.match(/<option value="(\d+)"[^>]*>Dr Rhodri Evans<\/option>/)[1];
    const fields = d => ({ csrf, description: d, lead, 'due-day': '31', 'due-month': '12', 'due-year': '2030', meeting: '0' });
    const viaTwo = await postForm(`${two.url}/units/cardiff-south-west/actions/new`, c, fields('Raised on server two'));
    assert.equal(viaTwo.status, 303);
    const viaNginx = await h2(session, '/units/cardiff-south-west/actions/new', {
      method: 'POST', headers: { ...FORM, cookie: c }, body: formBody(fields('Raised through nginx')),
    });
    assert.equal(viaNginx.status, 303);
    const log = await get(`${one.url}/units/cardiff-south-west/actions?status=all`, c);
    assert.match(log.body, /Raised on server two/);
    assert.match(log.body, /Raised through nginx/);
    // A calendar feed made on one server is read through the other; behind
    // the proxy its address is https.
    const made = await postForm(`${one.url}/calendar`, c, { csrf, action: 'create' });
    assert.equal(made.status, 200);
    const feed = made.body.match(/value="https:\/\/[^"/]+(\/calendar\/[0-9a-f]{64}\/meetings\.ics)"/);
    assert.ok(feed, 'the feed address, with https');
    const ics = await get(`${two.url}${feed[1]}`);
    assert.equal(ics.status, 200);
    assert.match(ics.body, /^BEGIN:VCALENDAR/);
  } finally { session.close(); }
});

test('the client address is the one nginx appends: one throttle for both servers, forged entries ignored', async () => {
  // Two clients on different loopback addresses; the first fails on an
  // account through nginx (round robin: on both servers), saying it is
  // someone else in X-Forwarded-For.
  const a = connect('127.0.0.2'), b = connect('127.0.0.3');
  try {
    for (let i = 0; i < 6; i++) {
      const r = await signInVia(a, 'hb@example.wales', 'wrong password', `198.51.100.${i}`);
      assert.ok([401, 429].includes(r.res.status), `attempt ${i + 1}: ${r.res.status}`);
    }
    const blocked = await signInVia(a, 'hb@example.wales', DEMO_PASSWORD, '198.51.100.99');
    assert.equal(blocked.res.status, 429, 'the same client waits, whichever server answers');
    assert.ok(Number(blocked.res.headers['retry-after']) > 0);
    const other = await signInVia(b, 'hb@example.wales');
    assert.equal(other.res.status, 303, 'another client is not held up');
  } finally { a.close(); b.close(); }
});

// The routes of the application that take more than 64 KiB, read from its
// route table (src/app.c), with the size each takes.
function bigRoutes() {
  const app = readFileSync('src/app.c', 'utf8');
  return [...app.matchAll(/\{"POST", "([^"]+)",[^\n]*\b(ROUTE_UPLOAD|ROUTE_LONG_FORM)\b/g)].map(m => ({
    path: m[1].replace('{slug}', 'afan').replace('{id}', '7').replace('{item}', '8'),
    limit: m[2] === 'ROUTE_UPLOAD' ? MAX_UPLOAD_BODY : MAX_LONG_FORM,
    upload: m[2] === 'ROUTE_UPLOAD',
  }));
}

// A body of exactly n bytes for the route: multipart with one file for an
// upload, else urlencoded.
function bodyOf(n, upload) {
  if (!upload) return { headers: FORM, body: Buffer.alloc(n, 'a').fill('x=', 0, 2) };
  const boundary = 'ccTestBoundary7MA4YWxkTrZu0gW';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="paper.pdf"\r\n`
    + 'Content-Type: application/pdf\r\n\r\n');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const file = Buffer.alloc(n - head.length - tail.length, 'p');
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat([head, file, tail]) };
}
const nginx413 = r => r.status === 413 && /<center>nginx<\/center>/.test(r.body);

test("nginx's body limits are the application's, route by route", async () => {
  const routes = bigRoutes();
  assert.ok(routes.length >= 5, `the upload and long form routes: ${JSON.stringify(routes)}`);
  const session = connect();
  try {
    const { cookie: c } = await signInVia(session, 'lead.afan@example.wales');
    assert.ok(c);
    const send = (path, n, upload) => {
      const { headers, body } = bodyOf(n, upload);
      assert.equal(body.length, n);
      return h2(session, path, { method: 'POST', headers: { ...headers, cookie: c }, body });
    };
    // Every other route: 64 KiB passes nginx (the application refuses the
    // form for its missing token, 403), a byte more is nginx's 413.
    let r = await send('/units/afan/actions/new', MAX_BODY, false);
    assert.equal(r.status, 403, 'a 64 KiB form reaches the application');
    assert.ok(nginx413(await send('/units/afan/actions/new', MAX_BODY + 1, false)), '64 KiB + 1 is refused by nginx');
    for (const rt of routes) {
      // More than 64 KiB gets through on every such route...
      r = await send(rt.path, MAX_BODY + 1, rt.upload);
      assert.ok(!nginx413(r), `${rt.path}: past 64 KiB reaches the application (${r.status})`);
      // ...up to the application's own cap, and not a byte more.
      assert.ok(nginx413(await send(rt.path, rt.limit + 1, rt.upload)), `${rt.path}: ${rt.limit} + 1 is refused by nginx`);
    }
    // The largest bodies themselves, once each: the application takes them
    // (a form without its token: 403), so nginx's limit is not below its.
    for (const rt of [routes.find(x => x.upload), routes.find(x => !x.upload)]) {
      r = await send(rt.path, rt.limit, rt.upload);
      assert.equal(r.status, 403, `${rt.path}: a body of ${rt.limit} bytes reaches the application and is read`);
    }
  } finally { session.close(); }
});

test("nginx's access log has no query string and no calendar feed token", async () => {
  const token = 'ab'.repeat(32);
  const session = connect();
  try {
    await h2(session, `/calendar/${token}/meetings.ics`);
    await h2(session, '/login?next=%2Fsecret-looking-query');
  } finally { session.close(); }
  const log = readFileSync(join(tmp, 'access.log'), 'utf8');
  assert.match(log, /"GET \/calendar\/-\/meetings\.ics HTTP\/2\.0" 404/);
  assert.match(log, /"GET \/login HTTP\/2\.0" 200/);
  assert.ok(!log.includes(token), 'no feed token in the log');
  assert.ok(!log.includes('secret-looking-query'), 'no query string in the log');
});

// Last: it stops a server.
test('with one server stopped, nginx sends everything to the other, where the session holds; signing out ends it everywhere', async () => {
  const session = connect();
  try {
    const { cookie: c } = await signInVia(session, 'lead@example.wales');
    assert.ok(c);
    const [one, two] = servers;
    const csrf = csrfOf((await get(`${one.url}/`, c)).body);
    await one.stop();
    for (let i = 0; i < 4; i++) {
      const home = await h2(session, '/', { headers: { cookie: c } });
      assert.equal(home.status, 200, `request ${i + 1} with one server down`);
    }
    const out = await h2(session, '/logout', { method: 'POST', headers: { ...FORM, cookie: c }, body: formBody({ csrf }) });
    assert.equal(out.status, 303);
    const gone = await get(`${two.url}/`, c);
    assert.equal(gone.status, 303);
    assert.match(gone.headers.get('location'), /^\/login/);
  } finally { session.close(); }
});
