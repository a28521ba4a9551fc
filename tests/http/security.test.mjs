// Security properties visible from outside: headers, static assets and
// path traversal, body limits and framing, bad encodings, open
// redirects, and methods.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, get, postForm, mustSignIn, raw, statuses, h1 } from './helpers.mjs';

let server, lead;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
});
after(async () => { await server?.stop(); });

function cspNonce(headers) {
  const csp = headers.get('content-security-policy');
  assert.ok(csp, 'Content-Security-Policy header');
  const m = csp.match(/script-src[^;]*'nonce-([^']+)'/);
  assert.ok(m, `no nonce in script-src: ${csp}`);
  return m[1];
}

function assertCommonHeaders(headers, what) {
  const csp = headers.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  assert.match(csp, /default-src 'none'/, what);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', what);
  const xfo = headers.get('x-frame-options');
  assert.ok(xfo === 'DENY' || /frame-ancestors 'none'/.test(csp), `${what}: framing not refused`);
  assert.ok(headers.get('referrer-policy'), `${what}: Referrer-Policy`);
  assert.match(headers.get('referrer-policy'), /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
}

const rawRequest = (lines, body = '') => lines.join('\r\n') + '\r\n\r\n' + body;

test('a signed-in HTML page has the security headers and is not cached', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assertCommonHeaders(r.headers, 'unit page');
  assert.match(r.headers.get('cache-control'), /no-store/);
  const home = await get(`${server.url}/`, lead.cookie);
  assert.match(home.headers.get('cache-control'), /no-store/);
});

test('the CSP nonce matches the inline script and changes on every response', async () => {
  const seen = new Set();
  for (const path of ['/', '/', '/units/cardiff-south-west']) {
    const r = await get(`${server.url}${path}`, lead.cookie);
    const nonce = cspNonce(r.headers);
    assert.match(nonce, /^[0-9a-f]{32}$/);
    const scripts = [...r.body.matchAll(/<script\b([^>]*)>/g)].map(m => m[1]);
    const inline = scripts.filter(a => !/\bsrc=/.test(a));
    assert.ok(inline.length >= 1, 'the page has an inline script');
    for (const a of inline) {
      assert.equal(a.match(/nonce="([^"]*)"/)?.[1], nonce, `inline script without the page's nonce: ${a}`);
    }
    assert.ok(!seen.has(nonce), 'nonce reused');
    seen.add(nonce);
  }
  // Signed out too (the sign-in page).
  const a = await get(`${server.url}/login`);
  const b = await get(`${server.url}/login`);
  assert.notEqual(cspNonce(a.headers), cspNonce(b.headers));
  assert.match(a.body, new RegExp(`<script nonce="${cspNonce(a.headers)}">`));
});

test('/healthz carries the security headers too', async () => {
  const r = await get(`${server.url}/healthz`);
  assert.equal(r.status, 200);
  assertCommonHeaders(r.headers, '/healthz');
  assert.match(r.headers.get('cache-control'), /no-store/);
});

test('error pages carry the security headers', async () => {
  const r = await get(`${server.url}/no/such/page`);
  assert.equal(r.status, 404);
  assertCommonHeaders(r.headers, '404 page');
  assert.equal(h1(r.body), 'Page not found');
});

test('/assets/nhsuk-frontend.min.css is 200 text/css and cacheable', async () => {
  const r = await get(`${server.url}/assets/nhsuk-frontend.min.css`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  const cc = r.headers.get('cache-control');
  assert.doesNotMatch(cc, /no-store|no-cache|private/);
  assert.match(cc, /max-age=[1-9]\d*/);
  assert.ok(r.body.length > 10000, 'the real stylesheet');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  const js = await get(`${server.url}/assets/nhsuk-frontend.min.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
});

test('path traversal under /assets/ is 404 (sent raw, not normalised by a client)', async () => {
  for (const path of ['/assets/../src/main.c', '/assets/%2e%2e/x', '/assets/%2e%2e/src/main.c',
    '/assets/..%2fsrc%2fmain.c', '/assets/../../../../etc/passwd', '/assets/', '/assets/nope.css']) {
    const r = await raw(server.port, rawRequest([`GET ${path} HTTP/1.1`, 'Host: x', 'Connection: close']));
    assert.deepEqual(statuses(r.text), [404], `${path}: ${r.text.slice(0, 100)}`);
    assert.doesNotMatch(r.text, /#include|root:/, path);
  }
});

test('a body over 64 KiB with Content-Length is refused with 413', async () => {
  const body = 'a='.padEnd(64 * 1024 + 1, 'x');
  const head = rawRequest(['POST /login HTTP/1.1', 'Host: x', 'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${body.length}`]);
  // The answer comes after the headers alone; the body follows later.
  const r = await raw(server.port, [head, body], { gap: 300 });
  assert.equal(statuses(r.text)[0], 413, r.text.slice(0, 200));
  assert.match(r.text, /Request body too large/);
});

test('a body of exactly 64 KiB is read (not 413)', async () => {
  const f = await get(`${server.url}/login`);
  const pre = f.headers.getSetCookie()[0].split(';')[0];
  const csrf = f.body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const start = `csrf=${csrf}&email=x%40example.wales&password=wrong-but-long-enough&pad=`;
  const body = start.padEnd(64 * 1024, 'p');
  assert.equal(body.length, 65536);
  const r = await postForm(`${server.url}/login`, pre, body);
  assert.equal(r.status, 401);
});

test('a chunked body over 64 KiB is refused with 413', async () => {
  const chunk = 'x'.repeat(8192);
  const parts = [rawRequest(['POST /login HTTP/1.1', 'Host: x', 'Content-Type: application/x-www-form-urlencoded',
    'Transfer-Encoding: chunked', 'Connection: close'])];
  parts.push(`2\r\na=\r\n`);
  for (let i = 0; i < 9; i++) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);   // 72 KiB
  parts.push('0\r\n\r\n');
  const r = await raw(server.port, parts, { wait: 5000 });
  assert.deepEqual(statuses(r.text), [413], r.text.slice(0, 200));
  assert.match(r.text, /Request body too large/);
});

test('a small chunked body is accepted', async () => {
  const r = await raw(server.port, [rawRequest(['POST /login HTTP/1.1', 'Host: x',
    'Content-Type: application/x-www-form-urlencoded', 'Transfer-Encoding: chunked', 'Connection: close']),
  '3\r\na=b\r\n0\r\n\r\n'], { wait: 3000 });
  assert.deepEqual(statuses(r.text), [403], 'sign-in without its token: 403, not a framing error');
});

test('two Content-Length headers are 400, and the connection is closed', async () => {
  // Same values, then different values; each time a second request is
  // smuggled after the first one's declared body.
  const smuggled = rawRequest(['GET /healthz HTTP/1.1', 'Host: x']);
  for (const [a, b] of [[0, 0], [0, smuggled.length], [smuggled.length, 0]]) {
    const r = await raw(server.port, rawRequest(['POST /login HTTP/1.1', 'Host: x',
      'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${a}`, `Content-Length: ${b}`], smuggled),
    { wait: 2000 });
    const st = statuses(r.text);
    assert.equal(st[0], 400, `Content-Length ${a} and ${b}: ${r.text.slice(0, 200)}`);
    assert.deepEqual(st, [400], `Content-Length ${a} and ${b}: the smuggled request was answered too`);
    assert.ok(r.closed, `Content-Length ${a} and ${b}: connection left open after ambiguous framing`);
  }
});

test('Content-Length with Transfer-Encoding is 400, and the connection is closed', async () => {
  const smuggled = rawRequest(['GET /healthz HTTP/1.1', 'Host: x']);
  const r = await raw(server.port, rawRequest(['POST /login HTTP/1.1', 'Host: x',
    'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 5', 'Transfer-Encoding: chunked'],
  `0\r\n\r\n${smuggled}`), { wait: 2000 });
  assert.deepEqual(statuses(r.text), [400], r.text.slice(0, 300));
  assert.ok(r.closed, 'connection left open after ambiguous framing');
});

test('framing the server cannot read is one quick 400 and a closed connection, never a wait', async () => {
  // A Content-Length past any file, and transfer codings other than one
  // "chunked": each leaves the body's end unknown.
  const heads = [['Content-Length: 9223372036854775808'], ['Transfer-Encoding: gzip'],
    ['Transfer-Encoding: chunked, chunked'], ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked']];
  for (const extra of heads) {
    const t0 = Date.now();
    const r = await raw(server.port, rawRequest(['POST /login HTTP/1.1', 'Host: x',
      'Content-Type: application/x-www-form-urlencoded', ...extra], 'abc'), { wait: 5000 });
    assert.deepEqual(statuses(r.text), [400], `${extra}: ${r.text.slice(0, 200)}`);
    assert.ok(r.closed, `${extra}: the connection is closed`);
    assert.ok(Date.now() - t0 < 2000, `${extra}: answered at once, not after a timeout`);
  }
});

test('an HTTP/1.1 request needs one Host header; HTTP/1.0 does not', async () => {
  for (const lines of [['GET /healthz HTTP/1.1'], ['GET /healthz HTTP/1.1', 'Host: a', 'Host: b']]) {
    const r = await raw(server.port, rawRequest(lines), { wait: 3000 });
    assert.deepEqual(statuses(r.text), [400], lines.join(' / '));
    assert.ok(r.closed);
  }
  const old = await raw(server.port, rawRequest(['GET /healthz HTTP/1.0']), { wait: 3000 });
  assert.deepEqual(statuses(old.text), [200]);
});

test('a body is never read before sign-in, the route and its limit are known', async () => {
  // Signed out, an upload to a papers-shaped path is sent to sign in
  // before any of its 9 MiB is read: the answer comes with the headers.
  const head = (path) => rawRequest(['POST ' + path + ' HTTP/1.1', 'Host: x',
    'Content-Type: multipart/form-data; boundary=xyz', `Content-Length: ${9 * 1024 * 1024}`]);
  for (const path of ['/meetings/1/items/1/papers', '/meetings/x/papers', '/no/such/papers']) {
    const t0 = Date.now();
    const r = await raw(server.port, [head(path), '--xyz\r\n'], { wait: 3000 });
    const st = statuses(r.text);
    assert.equal(st.length, 1, path);
    assert.ok([303, 404].includes(st[0]), `${path}: ${st[0]}`);
    assert.ok(r.closed, `${path}: closed rather than reading on`);
    assert.ok(Date.now() - t0 < 1500, `${path}: answered without waiting for the body`);
  }
  // Thirty such clients do not make the server hold their bodies.
  const rss = () => Number(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
  const before = rss();
  const chunk = 'a'.repeat(256 * 1024);
  await Promise.all(Array.from({ length: 30 }, () =>
    raw(server.port, [head('/meetings/1/items/1/papers'), '--xyz\r\n', chunk, chunk, chunk, chunk], { wait: 2000 })));
  assert.ok(rss() - before < 40 * 1024, `resident memory grew by ${rss() - before} KiB`);
});

test('keep-alive still works for ordinary requests', async () => {
  const one = rawRequest(['GET /healthz HTTP/1.1', 'Host: x']);
  const last = rawRequest(['GET /healthz HTTP/1.1', 'Host: x', 'Connection: close']);
  const r = await raw(server.port, one + one + last, { wait: 3000 });
  assert.deepEqual(statuses(r.text), [200, 200, 200]);
  assert.ok(r.closed);
});

test('a form with invalid percent-encoding is 400 and saves nothing', async () => {
  const url = `${server.url}/units/cardiff-south-west/members`;
  const good = `csrf=${lead.csrf}&role=other_member&core=core&voting=yes&valid_from=2026-01-01`;
  for (const bad of ['name=Bad%zzEncoding', 'name=Trailing%4', 'name=Nul%00Byte', 'name=Latin1%E9t%E9',
    'name=Over%C0%AFlong']) {
    const r = await postForm(url, lead.cookie, `${good}&${bad}`);
    assert.equal(r.status, 400, bad);
    assert.equal(h1(r.body), 'Sorry, there is a problem with the request', bad);
  }
  const page = await get(`${server.url}/units/cardiff-south-west`, lead.cookie);
  assert.doesNotMatch(page.body, /Bad|Trailing|NulByte|Latin1|Over/);
});

test('a query string that is not UTF-8 is 400', async () => {
  const r = await get(`${server.url}/login?next=%2F%ff`);
  assert.equal(r.status, 400);
});

test('next= pointing off-site is refused, never redirected to', async () => {
  const offsite = ['//evil.example', '//evil.example/', '/\\evil.example', 'https://evil.example/',
    'evil.example', '/\t/evil.example', '/\n/evil.example', 'javascript:alert(1)'];
  for (const next of offsite) {
    const q = `next=${encodeURIComponent(next)}`;
    // The sign-in form, signed out and signed in.
    for (const cookie of [null, lead.cookie]) {
      const r = await get(`${server.url}/login?${q}`, cookie);
      assert.equal(r.status, 400, `${next} (${cookie ? 'signed in' : 'signed out'})`);
      assert.equal(r.headers.get('location'), null);
    }
    // The language switch.
    const l = await postForm(`${server.url}/lang/cy?${q}`, lead.cookie, { csrf: lead.csrf });
    assert.equal(l.status, 400, `/lang/cy ${next}`);
    assert.equal(l.headers.get('location'), null);
  }
  // Signing in with a bad next: refused before any session is made.
  const f = await get(`${server.url}/login`);
  const pre = f.headers.getSetCookie()[0].split(';')[0];
  const csrf = f.body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const r = await postForm(`${server.url}/login?next=%2F%2Fevil.example`, pre,
    { csrf, email: 'national@example.wales', password: 'demo-password-2026' });
  assert.equal(r.status, 400);
  assert.equal(r.headers.get('location'), null);
  assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
  // A local next is followed.
  const ok = await get(`${server.url}/login?next=%2Funits%2Fcardiff-south-west`, lead.cookie);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/units/cardiff-south-west');
});

test('GET on a POST-only path is 405; unknown paths are 404', async () => {
  let r = await get(`${server.url}/logout`, lead.cookie);
  assert.equal(r.status, 405);
  assert.equal(h1(r.body), 'Sorry, that is not allowed');
  // RFC 9110 15.5.6: a 405 response MUST carry Allow.
  assert.equal(r.headers.get('allow'), 'POST');
  // Still signed in: a GET cannot sign anyone out.
  assert.equal((await get(`${server.url}/`, lead.cookie)).status, 200);
  r = await get(`${server.url}/units/cardiff-south-west/members`, lead.cookie);
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'POST');
  r = await postForm(`${server.url}/healthz`, null, 'a=b');
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET, HEAD');
  r = await get(`${server.url}/login`, null, { method: 'PUT' });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET, HEAD, POST');
  r = await get(`${server.url}/units/cardiff-south-west/nothing-here`, lead.cookie);
  assert.equal(r.status, 404);
  r = await get(`${server.url}/memberships/0/edit`, lead.cookie);
  assert.equal(r.status, 404);
});

test('HEAD of a page gives its headers and no body', async () => {
  const r = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('more than 200 form fields, or query fields, is 400', async () => {
  const fields = Array.from({ length: 201 }, (_, i) => `f${i}=x`).join('&');
  const r = await postForm(`${server.url}/units/cardiff-south-west/members`, lead.cookie,
    `csrf=${lead.csrf}&name=Too+Many+Fields&role=other_member&core=core&voting=yes&valid_from=2025-01-01&${fields}`);
  assert.equal(r.status, 400);
  assert.doesNotMatch((await get(`${server.url}/units/cardiff-south-west`, lead.cookie)).body, /Too Many Fields/);
  const q = await get(`${server.url}/login?${fields}`);
  assert.equal(q.status, 400);
});

test('a very long URL is refused cleanly and the server carries on', async () => {
  const r = await raw(server.port, rawRequest([`GET /units/${'a'.repeat(200 * 1024)} HTTP/1.1`, 'Host: x', 'Connection: close']),
    { wait: 5000 });
  const st = statuses(r.text);
  assert.equal(st.length, 1, r.text.slice(0, 200));
  assert.ok([414, 431].includes(st[0]), r.text.slice(0, 200));
  assert.equal((await get(`${server.url}/healthz`)).status, 200);
});

test('markup in the path or in next= is never reflected raw', async () => {
  const evil = '/"><script>alert(1)</script>';
  const r = await get(`${server.url}/login?next=${encodeURIComponent(evil)}`);
  assert.equal(r.status, 200, 'a local path, allowed');
  assert.ok(!r.body.includes('<script>alert(1)'), 'next reflected raw');
  assert.match(r.body, /action="\/login\?next=%2F%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"/);
  const p = await get(`${server.url}/units/x${encodeURIComponent('"><script>alert(2)</script>')}`, lead.cookie);
  assert.equal(p.status, 404);
  assert.ok(!p.body.includes('<script>alert(2)'), 'path reflected raw');
  const q = await get(`${server.url}/nope/${encodeURIComponent('"><script>alert(3)</script>')}`);
  assert.equal(q.status, 404);
  assert.ok(!q.body.includes('<script>alert(3)'), 'path reflected raw in the language link');
});

test('a POST that is not a urlencoded form is refused (no CSRF token can be read)', async () => {
  const r = await fetch(`${server.url}/units/cardiff-south-west/members`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: lead.cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({ csrf: lead.csrf, name: 'Json Person', role: 'other_member', core: 'core', voting: 'yes', valid_from: '2025-01-01' }),
  });
  assert.equal(r.status, 403);
  await r.text();
  const t = await fetch(`${server.url}/units/cardiff-south-west/members`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: lead.cookie, 'Content-Type': 'text/plain' },
    body: `csrf=${lead.csrf}&name=Plain+Person&role=other_member&core=core&voting=yes&valid_from=2025-01-01`,
  });
  assert.equal(t.status, 403);
  await t.text();
  assert.doesNotMatch((await get(`${server.url}/units/cardiff-south-west`, lead.cookie)).body, /Json Person|Plain Person/);
});
