// Signing in and out: the session cookie, the sign-in form's own CSRF
// token, identical answers for wrong password and unknown e-mail, the
// throttle (per account and client address, backoff not lock-out), the
// hashing queue's 503, sign-out and sign-out everywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { start, get, postForm, mustSignIn, cli, DEMO_PASSWORD } from './helpers.mjs';

let server;
before(async () => { server = await start(); });
after(async () => { await server?.stop(); });

// The sign-in form: its cc_pre cookie and the same token in the form.
async function loginForm(path = '/login') {
  const r = await get(`${server.url}${path}`);
  assert.equal(r.status, 200);
  const pre = r.headers.getSetCookie().find(c => c.startsWith('cc_pre='));
  assert.ok(pre, 'the sign-in form sets a cc_pre cookie');
  const csrf = r.body.match(/name="csrf" value="([0-9a-f]+)"/)?.[1];
  assert.ok(csrf, 'the sign-in form carries a csrf field');
  return { pre: pre.split(';')[0], csrf, setCookie: pre };
}

async function postLogin(email, password, { path = '/login' } = {}) {
  const f = await loginForm();
  return postForm(`${server.url}${path}`, f.pre, { csrf: f.csrf, email, password });
}

// A request from another loopback address (127.0.0.2, ...), so that the
// server sees another client. Returns { status, headers, body }.
function requestFrom(localAddress, url, { method = 'GET', cookie, form } = {}) {
  return new Promise((ok, fail) => {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers = {};
    if (cookie) headers.Cookie = cookie;
    if (body) { headers['Content-Type'] = 'application/x-www-form-urlencoded'; headers['Content-Length'] = Buffer.byteLength(body); }
    const req = http.request(url, { method, headers, localAddress, agent: false }, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', d => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}
async function postLoginFrom(localAddress, email, password) {
  const f = await requestFrom(localAddress, `${server.url}/login`);
  const pre = f.headers['set-cookie'].find(c => c.startsWith('cc_pre=')).split(';')[0];
  const csrf = f.body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  return requestFrom(localAddress, `${server.url}/login`, { method: 'POST', cookie: pre, form: { csrf, email, password } });
}
const sessionOf = r => (r.headers['set-cookie'] ?? []).find(c => c.startsWith('cc_session='))?.split(';')[0];

// The messages of the error summary at the top of a form page.
function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  if (!m) return [];
  return [...m[0].matchAll(/<li><a href="#[^"]*">([^<]*)<\/a><\/li>/g)].map(x => x[1]);
}

test('GET /healthz answers 200 "ok"', async () => {
  const r = await get(`${server.url}/healthz`);
  assert.equal(r.status, 200);
  assert.equal(r.body.trim(), 'ok');
  assert.match(r.headers.get('content-type'), /^text\/plain/);
});

test('signed out, / redirects with 303 to /login?next=%2F', async () => {
  const r = await get(`${server.url}/`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=%2F');
  assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
});

test('signed out, a deeper page redirects with its path in next', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=%2Funits%2Fcardiff-south-west');
});

test('the cc_pre cookie of the sign-in form is HttpOnly, SameSite=Lax, Path=/', async () => {
  const f = await loginForm();
  assert.match(f.setCookie, /;\s*HttpOnly/i);
  assert.match(f.setCookie, /;\s*SameSite=Lax/i);
  assert.match(f.setCookie, /;\s*Path=\/(;|$)/);
  assert.match(f.pre, /^cc_pre=[0-9a-f]{64}$/);
});

test('sign-in works; the session cookie is HttpOnly, SameSite=Lax, Path=/', async () => {
  const f = await loginForm();
  const r = await postForm(`${server.url}/login`, f.pre,
    { csrf: f.csrf, email: 'national@example.wales', password: DEMO_PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  const cookies = r.headers.getSetCookie();
  const session = cookies.find(c => c.startsWith('cc_session='));
  assert.ok(session, `no cc_session in ${JSON.stringify(cookies)}`);
  assert.match(session, /^cc_session=[0-9a-f]{64};/);
  assert.match(session, /;\s*HttpOnly/i);
  assert.match(session, /;\s*SameSite=Lax/i);
  assert.match(session, /;\s*Path=\/(;|$)/);
  assert.doesNotMatch(session, /;\s*Secure/i, 'plain HTTP without --behind-tls-proxy');
  // The single-use sign-in token is cleared.
  const pre = cookies.find(c => c.startsWith('cc_pre='));
  assert.ok(pre && /^cc_pre=;/.test(pre) && /Max-Age=0/.test(pre), `cc_pre not cleared: ${pre}`);
  // The cookie opens the home page, which names the user.
  const home = await get(`${server.url}/`, session.split(';')[0]);
  assert.equal(home.status, 200);
  assert.match(home.body, /Demo National Programme/);
  assert.match(home.body, /action="\/logout"/);
});

test('sign-in follows a local next= and the e-mail is case-insensitive', async () => {
  const f = await loginForm('/login?next=%2Funits%2Fwales');
  assert.ok(f);
  const r = await postForm(`${server.url}/login?next=%2Funits%2Fwales`, f.pre,
    { csrf: f.csrf, email: 'National@Example.Wales', password: DEMO_PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units/wales');
});

test('wrong password and unknown e-mail get the same status and message', async () => {
  const wrong = await postLogin('national@example.wales', 'not-the-password-at-all');
  const unknown = await postLogin('nobody-here@example.wales', 'not-the-password-at-all');
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  const mWrong = summaryMessages(wrong.body);
  const mUnknown = summaryMessages(unknown.body);
  assert.deepEqual(mWrong, ['Email address or password is not right. Check them and try again.']);
  assert.deepEqual(mUnknown, mWrong);
  // The pages are the same apart from the echoed address and the nonce.
  const norm = (html, email) => html.replaceAll(email, 'EMAIL').replace(/[0-9a-f]{32,64}/g, 'X');
  assert.equal(norm(wrong.body, 'national@example.wales'), norm(unknown.body, 'nobody-here@example.wales'));
  for (const r of [wrong, unknown]) {
    assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
  }
});

test('sign-in with an empty password is 400 with a message, not a session', async () => {
  const r = await postLogin('national@example.wales', '');
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), ['Enter your email address and password']);
  assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
});

test('sign-in POST without the cc_pre cookie or csrf field is 403', async () => {
  const f = await loginForm();
  const creds = { email: 'national@example.wales', password: DEMO_PASSWORD };
  const attempts = [
    [null, { csrf: f.csrf, ...creds }],                 // no cookie, right token
    [f.pre, creds],                                     // cookie, no token
    [f.pre, { csrf: 'a'.repeat(64), ...creds }],        // token not matching the cookie
    [f.pre, { csrf: (await loginForm()).csrf, ...creds }], // token of another form
    ['cc_pre=short', { csrf: 'short', ...creds }],      // matching but malformed
  ];
  for (const [cookie, fields] of attempts) {
    const r = await postForm(`${server.url}/login`, cookie, fields);
    assert.equal(r.status, 403, JSON.stringify({ cookie, fields }));
    assert.match(r.body, /Sorry, the form could not be sent/);
    assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
  }
});

test('after 5 failures for an account from a client, that client waits (429, Retry-After); others do not', async () => {
  const email = 'hb@example.wales';
  for (let i = 0; i < 5; i++) {
    const r = await postLogin(email, `wrong-password-${i}`);
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  const r = await postLogin(email, DEMO_PASSWORD);
  assert.equal(r.status, 429);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 2, `Retry-After ${r.headers.get('retry-after')}`);
  assert.deepEqual(summaryMessages(r.body), ['Too many attempts to sign in. Wait a minute and try again.']);
  assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
  // Another user from the same client still signs in.
  const other = await mustSignIn(server.url, 'admin@example.wales');
  assert.ok(other.cookie);
  // The same user from another client address signs in: someone failing
  // elsewhere cannot lock them out.
  const elsewhere = await postLoginFrom('127.0.0.2', email, DEMO_PASSWORD);
  assert.equal(elsewhere.status, 303);
  assert.ok(sessionOf(elsewhere));
});

test('25 wrong tries from one client, then the right password from another signs in', async () => {
  const email = 'member@example.wales';
  const seen = new Set();
  for (let i = 0; i < 25; i++) {
    const r = await postLoginFrom('127.0.0.3', email, `not-the-password-${i}`);
    seen.add(r.status);
    assert.ok(r.status === 401 || r.status === 429, `attempt ${i + 1}: ${r.status}`);
  }
  assert.deepEqual([...seen].sort(), [401, 429]);
  const r = await postLoginFrom('127.0.0.4', email, DEMO_PASSWORD);
  assert.equal(r.status, 303);
  const s = sessionOf(r);
  assert.ok(s);
  assert.equal((await get(`${server.url}/`, s)).status, 200);
});

test('a burst of sign-ins: some answer 503 with Retry-After at once, /healthz stays fast', async () => {
  let busy = [], ok = 0, healthz = [];
  for (let round = 0; round < 3 && busy.length === 0; round++) {
    const forms = await Promise.all(Array.from({ length: 40 }, () => loginForm()));
    let stop = false;
    const probe = (async () => {
      while (!stop) {
        const t = performance.now();
        const h = await requestFrom('127.0.0.1', `${server.url}/healthz`);
        assert.equal(h.status, 200);
        healthz.push(performance.now() - t);
        await new Promise(r => setTimeout(r, 5));
      }
    })();
    const rs = await Promise.all(forms.map(f => postForm(`${server.url}/login`, f.pre,
      { csrf: f.csrf, email: 'national@example.wales', password: DEMO_PASSWORD })));
    stop = true;
    await probe;
    for (const r of rs) {
      assert.ok(r.status === 303 || r.status === 503, `status ${r.status}`);
      if (r.status === 303) ok++;
      else busy.push(r);
    }
  }
  assert.ok(ok >= 1, 'no sign-in went through');
  assert.ok(busy.length >= 1, 'the hashing queue never filled');
  for (const r of busy) {
    assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After ${r.headers.get('retry-after')}`);
    assert.deepEqual(summaryMessages(r.body), ['The service is busy. Wait a moment and try again.']);
    assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
  }
  healthz.sort((a, b) => a - b);
  assert.ok(healthz.length > 0);
  assert.ok(healthz[healthz.length - 1] < 1000, `/healthz took ${healthz[healthz.length - 1].toFixed(0)} ms`);
  // Refused for being busy is not a failure: the account is not slowed.
  assert.equal((await postLogin('national@example.wales', DEMO_PASSWORD)).status, 303);
});

test('POST /logout without the csrf token is 403 and the session still works', async () => {
  const s = await mustSignIn(server.url, 'lead@example.wales');
  let r = await postForm(`${server.url}/logout`, s.cookie, {});
  assert.equal(r.status, 403);
  r = await postForm(`${server.url}/logout`, s.cookie, { csrf: '0'.repeat(64) });
  assert.equal(r.status, 403);
  const home = await get(`${server.url}/`, s.cookie);
  assert.equal(home.status, 200);
  assert.match(home.body, /Dr Alys Morgan/);
});

test('sign out kills the session: the old cookie then redirects to /login', async () => {
  const s = await mustSignIn(server.url, 'member@example.wales');
  const r = await postForm(`${server.url}/logout`, s.cookie, { csrf: s.csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  const cleared = r.headers.getSetCookie().find(c => c.startsWith('cc_session='));
  assert.ok(cleared && /^cc_session=;/.test(cleared) && /Max-Age=0/.test(cleared), `cookie not cleared: ${cleared}`);
  // Replaying the old cookie: the server-side session is gone.
  const home = await get(`${server.url}/`, s.cookie);
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/login?next=%2F');
  const api = await get(`${server.url}/api/v1/units`, s.cookie);
  assert.equal(api.status, 401);
});

test('the header offers "Sign out everywhere", in both languages', async () => {
  const s = await mustSignIn(server.url, 'lead.afan@example.wales');
  const home = await get(`${server.url}/`, s.cookie);
  assert.match(home.body, /<input type="hidden" name="everywhere" value="1"><button class="nhsuk-header__account-button">Sign out everywhere<\/button>/);
  const cy = await get(`${server.url}/`, `${s.cookie}; cc_lang=cy`);
  assert.match(cy.body, />Allgofnodi ym mhobman<\/button>/);
});

test('sign out everywhere ends every session of the user, and no one else\'s', async () => {
  const a = await mustSignIn(server.url, 'lead.afan@example.wales');
  const b = await postLoginFrom('127.0.0.5', 'lead.afan@example.wales', DEMO_PASSWORD);
  const bCookie = sessionOf(b);
  assert.ok(bCookie);
  const other = await mustSignIn(server.url, 'national@example.wales');
  // Without the csrf token nothing ends.
  assert.equal((await postForm(`${server.url}/logout`, a.cookie, { everywhere: '1' })).status, 403);
  assert.equal((await get(`${server.url}/`, bCookie)).status, 200);
  const r = await postForm(`${server.url}/logout`, a.cookie, { csrf: a.csrf, everywhere: '1' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  assert.ok(r.headers.getSetCookie().some(c => /^cc_session=;/.test(c) && /Max-Age=0/.test(c)));
  for (const c of [a.cookie, bCookie]) {
    const home = await get(`${server.url}/`, c);
    assert.equal(home.status, 303);
    assert.equal(home.headers.get('location'), '/login?next=%2F');
  }
  assert.equal((await get(`${server.url}/`, other.cookie)).status, 200);
  // The audit log records it.
  const admin = await mustSignIn(server.url, 'admin@example.wales');
  const audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.match(audit.body, /everywhere/);
});

// Last in this file: this client address fails on many accounts.
test('a client failing on many accounts is slowed on accounts new to it, not on its own', async () => {
  const earlier = await mustSignIn(server.url, 'national@example.wales');
  const added = cli(['user', 'add', '--db', server.db, '--email', 'spray.target@example.wales', '--name', 'Spray Target',
    '--role', 'member', '--scope', 'cardiff-east'], `${DEMO_PASSWORD}\n`);
  assert.equal(added.status, 0, added.stderr);
  let n = 0;
  let r;
  // Each attempt is for a different unknown address, so only the
  // per-client limit can trip.
  for (; n < 40; n++) {
    r = await postLogin(`stranger-${n}@example.wales`, 'not-the-password-at-all');
    if (r.status === 429) break;
    assert.equal(r.status, 401, `attempt ${n + 1}`);
  }
  assert.equal(r.status, 429, 'never throttled');
  assert.ok(n <= 30, `throttled only after ${n} more failures`);
  // An account this client never signed in to waits, even with the right password.
  const right = await postLogin('spray.target@example.wales', DEMO_PASSWORD);
  assert.equal(right.status, 429);
  assert.ok(Number(right.headers.get('retry-after')) >= 1);
  assert.deepEqual(summaryMessages(right.body), ['Too many attempts to sign in. Wait a minute and try again.']);
  assert.equal(right.headers.getSetCookie().filter(c => c.startsWith('cc_session=')).length, 0);
  // From another client it signs in; so does an account this client has used.
  assert.equal((await postLoginFrom('127.0.0.6', 'spray.target@example.wales', DEMO_PASSWORD)).status, 303);
  assert.equal((await postLogin('admin@example.wales', DEMO_PASSWORD)).status, 303);
  // Sessions made before go on working.
  assert.equal((await get(`${server.url}/`, earlier.cookie)).status, 200);
});
