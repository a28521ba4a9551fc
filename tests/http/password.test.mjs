// Passwords: "Forgot your password?" sends a single-use link valid for 30
// minutes through a real SMTP server on loopback, and no answer tells
// whether an address is anyone's; a reset ends every session of the
// person, a change made while signed in every other one; the command line
// sets a password for someone when e-mail is off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, signIn, mustSignIn, get, postForm, sql, sqlQuote, newDatabase, cli, h1, DEMO_PASSWORD } from './helpers.mjs';
import { startSmtp, mailOptions, partText } from '../lib/mail.mjs';

const BASE = 'https://carecluster.example.wales';
let smtp, server, db;

before(async () => {
  smtp = await startSmtp();
  db = newDatabase();
  server = await start(mailOptions(smtp, BASE), { db });
});
after(async () => {
  await server?.stop();
  await smtp?.close();
  db?.drop();
});

// A form of the signed-out visitor at `path`: the cc_pre cookie and its token.
async function formOf(path) {
  const r = await get(`${server.url}${path}`);
  const csrf = r.body.match(/name="csrf" value="([0-9a-f]+)"/)?.[1];
  const pre = r.headers.getSetCookie().find(c => c.startsWith('cc_pre='))?.split(';')[0];
  return { r, csrf, pre };
}

// "Forgot your password?" for `email`, as a person would send it.
async function askLink(email) {
  const f = await formOf('/password/forgot');
  assert.ok(f.csrf && f.pre, 'the form has its anti-forgery token');
  return postForm(`${server.url}/password/forgot`, f.pre, { csrf: f.csrf, email });
}

const messagesTo = address => smtp.messages().filter(m => m.envelope.to.includes(address));
const tokenIn = m => partText(m).match(/\/password\/reset\/([0-9a-f]{64})\b/)?.[1];

// Ask for a link for `email` and wait for the message that brings it.
async function linkFor(email) {
  const n = messagesTo(email).length;
  const r = await askLink(email);
  assert.equal(r.status, 200, r.body);
  const all = await smtp.waitFor(n + 1, { pred: m => m.envelope.to.includes(email) && /password\/reset\//.test(partText(m)) });
  const m = all[all.length - 1];
  const token = tokenIn(m);
  assert.ok(token, partText(m));
  return { token, message: m };
}

async function setPassword(token, password, confirm = password) {
  const f = await formOf(`/password/reset/${token}`);
  assert.equal(f.r.status, 200, f.r.body);
  return postForm(`${server.url}/password/reset/${token}`, f.pre, { csrf: f.csrf, password, confirm });
}

async function waitFor(fn, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 100));
  }
}

// A signed-in cookie that no longer works is sent to sign in.
async function assertSignedOut(cookie) {
  const r = await get(`${server.url}/`, cookie);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=%2F');
}
async function assertSignedIn(cookie) {
  const r = await get(`${server.url}/`, cookie);
  assert.equal(r.status, 200);
}

test('the sign-in page offers "Forgot your password?"', async () => {
  const r = await get(`${server.url}/login`);
  assert.match(r.body, /<a href="\/password\/forgot">Forgot your password\?<\/a>/);
  const f = await get(`${server.url}/password/forgot`);
  assert.equal(f.status, 200);
  assert.equal(h1(f.body), 'Reset your password');
  assert.match(f.body, /<input class="nhsuk-input" id="email" name="email" type="email" value="" autocomplete="username"/);
});

test('the link arrives at the user\'s own address in their language, and its page leaks nothing', async () => {
  // Sian Griffiths reads Welsh only.
  sql(server, `UPDATE person SET mail_lang='cy' WHERE id=(SELECT person_id FROM app_user WHERE email='member@example.wales')`);
  const { token, message: m } = await linkFor('member@example.wales');
  assert.deepEqual(m.envelope.to, ['member@example.wales']);
  assert.equal(m.subject, 'Ailosod eich cyfrinair carecluster');
  const text = partText(m);
  assert.doesNotMatch(text, /Reset your|Someone, probably you/);
  assert.match(text, /Dewis cyfrinair newydd/);
  assert.ok(text.includes(`${BASE}/password/reset/${token}`), text);
  assert.match(partText(m, 'text/html'), new RegExp(`<a href="${BASE.replace(/\./g, '\\.')}/password/reset/${token}"`));
  // Only its hash is kept; once sent, the outbox keeps no copy of the link.
  const user = sql(server, `SELECT id FROM app_user WHERE email='member@example.wales'`);
  const hashes = sql(server, `SELECT token_hash FROM password_reset WHERE user_id=${user}`);
  assert.ok(hashes.length > 0 && !hashes.includes(token));
  await waitFor(() => sql(server, `SELECT status FROM outbox WHERE kind='password_reset' AND user_id=${user} ORDER BY id DESC LIMIT 1`) === 'sent');
  const row = sql(server, `SELECT kind, to_addr, subject, body_text, body_html FROM outbox WHERE kind='password_reset' AND user_id=${user}`);
  assert.match(row, /^password_reset\|member@example\.wales\|Ailosod eich cyfrinair carecluster\|\|$/m);
  assert.ok(!row.includes(token), 'no copy of the link in the outbox');
  // Its page: a form for the new password; no Referer leaves it, and the
  // access log names the route, never the path.
  const page = await get(`${server.url}/password/reset/${token}`);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Choose a new password');
  assert.match(page.headers.get('referrer-policy'), /(^|,\s*)no-referrer$/);
  assert.match(page.body, new RegExp(`<form method="post" action="/password/reset/${token}" novalidate>`));
  assert.match(page.body, /id="password" name="password" type="password" value="" autocomplete="new-password"/);
  assert.match(page.body, /id="confirm" name="confirm" type="password" value="" autocomplete="new-password"/);
  await new Promise(r => setTimeout(r, 200));
  assert.match(server.log(), /GET \/password\/reset\/\{token\} 200 /);
  assert.ok(!server.log().includes(token), 'the access log does not hold the link');
  sql(server, `UPDATE person SET mail_lang='both' WHERE id=(SELECT person_id FROM app_user WHERE email='member@example.wales')`);
});

test('a new password from the link: every session ends, the old password fails, the new one works, the link works once', async () => {
  const email = 'member@example.wales';
  const NEW = 'a brand new passphrase for Siân';
  const before = await mustSignIn(server.url, email);
  const older = await linkFor(email);
  const { token } = await linkFor(email);
  // Refused: too short, or not the same twice; nothing typed comes back.
  let r = await setPassword(token, 'short');
  assert.equal(r.status, 400);
  assert.match(r.body, /<a href="#password">Enter a password of at least 12 characters<\/a>/);
  assert.match(r.body, /<title>Error: Choose a new password/);
  r = await setPassword(token, NEW, `${NEW}!`);
  assert.equal(r.status, 400);
  assert.match(r.body, /<a href="#confirm">The two passwords are not the same/);
  assert.ok(!r.body.includes(NEW), 'the password is not sent back');
  await assertSignedIn(before.cookie);

  const nMail = messagesTo(email).length;
  r = await setPassword(token, NEW);
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.get('location'), '/login?changed=1');
  const login = await get(`${server.url}/login?changed=1`);
  assert.match(login.body, /nhsuk-notification-banner--success/);
  assert.match(login.body, /Your password has been changed\. Sign in with your new password\./);

  // The session opened before is over; the old password fails, the new works.
  await assertSignedOut(before.cookie);
  assert.equal((await signIn(server.url, email, DEMO_PASSWORD)).status, 401);
  const after = await mustSignIn(server.url, email, NEW);
  await assertSignedIn(after.cookie);

  // The link, and the one asked for before it, are spent.
  for (const t of [token, older.token]) {
    const again = await get(`${server.url}/password/reset/${t}`);
    assert.equal(again.status, 410);
    assert.equal(h1(again.body), 'This link has expired or has already been used');
    assert.match(again.body, /<a href="\/password\/forgot">Ask for a new link<\/a>/);
  }
  const f = await formOf('/login');
  r = await postForm(`${server.url}/password/reset/${token}`, f.pre, { csrf: f.csrf, password: 'yet another passphrase', confirm: 'yet another passphrase' });
  assert.equal(r.status, 410);
  await mustSignIn(server.url, email, NEW);

  // They are told, and the change is in the audit log.
  const told = await smtp.waitFor(nMail + 1, { pred: m => m.envelope.to.includes(email) });
  const notice = told[told.length - 1];
  assert.match(notice.subject, /Your carecluster password has been changed/);
  assert.match(partText(notice), /signed out everywhere/);
  assert.equal(sql(server, `SELECT kind FROM outbox WHERE user_id=(SELECT id FROM app_user WHERE email='${email}') ORDER BY id DESC LIMIT 1`), 'password_changed');
  assert.match(sql(server, `SELECT action, entity, actor, new_values FROM audit_log WHERE entity='password' ORDER BY id DESC LIMIT 1`),
    /^update\|password\|Sian Griffiths <member@example\.wales>\|\{"password":"changed","way":"reset_link","sessions_ended":\d+\}$/);
  assert.match(sql(server, `SELECT action FROM audit_log WHERE entity='password_reset' ORDER BY id DESC LIMIT 1`), /^create$/);
});

test('an expired link fails, and changes nothing', async () => {
  const email = 'lead@example.wales';
  const { token } = await linkFor(email);
  sql(server, `UPDATE password_reset SET expires_at=expires_at-${31 * 60} WHERE user_id=(SELECT id FROM app_user WHERE email='${email}') AND used_at IS NULL`);
  const page = await get(`${server.url}/password/reset/${token}`);
  assert.equal(page.status, 410);
  assert.equal(h1(page.body), 'This link has expired or has already been used');
  const f = await formOf('/login');
  const r = await postForm(`${server.url}/password/reset/${token}`, f.pre, { csrf: f.csrf, password: 'an expired attempt here', confirm: 'an expired attempt here' });
  assert.equal(r.status, 410);
  await mustSignIn(server.url, email, DEMO_PASSWORD);
});

test('an unknown address gets the same page and no e-mail; an unknown link the same page as a spent one', async () => {
  const n = smtp.messages().length;
  const known = await askLink('hb@example.wales');
  const unknown = await askLink('nobody.here@example.wales');
  assert.equal(unknown.status, 200);
  assert.equal(h1(unknown.body), 'Check your email');
  const strip = (body, email) => body.replaceAll(email, 'ADDRESS').replace(/name="csrf" value="[0-9a-f]+"/g, '').replace(/nonce="[0-9a-f]+"/g, '');
  assert.equal(strip(unknown.body, 'nobody.here@example.wales'), strip(known.body, 'hb@example.wales'));
  assert.match(unknown.body, /If there is an account for nobody\.here@example\.wales, we have sent a link to it/);
  await smtp.waitFor(n + 1);
  await new Promise(r => setTimeout(r, 1500));
  const got = smtp.messages().slice(n);
  assert.deepEqual(got.map(m => m.envelope.to[0]), ['hb@example.wales'], 'one message, to the known address');
  assert.equal(sql(server, `SELECT count(*) FROM outbox WHERE to_addr='nobody.here@example.wales'`), '0');
  // A disabled user is no one.
  assert.equal(cli(['user', 'disable', '--db', db.target, '--email', 'lead.afan@example.wales']).status, 0);
  const m0 = smtp.messages().length;
  assert.equal((await askLink('lead.afan@example.wales')).status, 200);
  await new Promise(r => setTimeout(r, 1500));
  assert.equal(smtp.messages().length, m0);
  assert.equal(cli(['user', 'enable', '--db', db.target, '--email', 'lead.afan@example.wales']).status, 0);
  // A link we never made, and one that is not even the shape of one.
  for (const [path, status] of [[`/password/reset/${'ab'.repeat(32)}`, 404], ['/password/reset/abc123', 404]]) {
    const r = await get(`${server.url}${path}`);
    assert.equal(r.status, status);
    assert.equal(h1(r.body), 'This link has expired or has already been used');
    assert.match(r.headers.get('referrer-policy'), /no-referrer$/);
  }
  // A malformed address is refused with a message, and what was typed kept.
  const bad = await askLink('not an address');
  assert.equal(bad.status, 400);
  assert.match(bad.body, /<a href="#email">Enter an email address in the correct format/);
  assert.match(bad.body, /value="not an address"/);
});

test('at most 3 links an account an hour: the fourth request gets the same answer and no message', async () => {
  const email = 'national@example.wales';
  const n = messagesTo(email).length;
  for (let i = 0; i < 4; i++) {
    const r = await askLink(i % 2 ? 'National@Example.Wales' : email);
    assert.equal(r.status, 200);
    assert.equal(h1(r.body), 'Check your email');
  }
  await smtp.waitFor(n + 3, { pred: m => m.envelope.to.includes(email) });
  await new Promise(r => setTimeout(r, 1500));
  assert.equal(messagesTo(email).length, n + 3);
});

test('without the anti-forgery token nothing is sent or changed', async () => {
  const n = smtp.messages().length;
  const f = await formOf('/password/forgot');
  for (const [cookie, csrf] of [[null, f.csrf], [f.pre, 'a'.repeat(64)], [f.pre, undefined]]) {
    const fields = { email: 'admin@example.wales' };
    if (csrf) fields.csrf = csrf;
    const r = await postForm(`${server.url}/password/forgot`, cookie, fields);
    assert.equal(r.status, 403);
  }
  const { token } = await linkFor('admin@example.wales');
  const g = await formOf(`/password/reset/${token}`);
  let r = await postForm(`${server.url}/password/reset/${token}`, g.pre, { csrf: '0'.repeat(64), password: 'forged password here', confirm: 'forged password here' });
  assert.equal(r.status, 403);
  r = await postForm(`${server.url}/password/reset/${token}`, null, { csrf: g.csrf, password: 'forged password here', confirm: 'forged password here' });
  assert.equal(r.status, 403);
  assert.equal((await get(`${server.url}/password/reset/${token}`)).status, 200, 'the link is still good');
  const s = await mustSignIn(server.url, 'admin@example.wales');
  r = await postForm(`${server.url}/account/password`, s.cookie, { current: DEMO_PASSWORD, password: 'forged password here', confirm: 'forged password here' });
  assert.equal(r.status, 403);
  r = await postForm(`${server.url}/account/password`, s.cookie, { csrf: 'f'.repeat(64), current: DEMO_PASSWORD, password: 'forged password here', confirm: 'forged password here' });
  assert.equal(r.status, 403);
  await mustSignIn(server.url, 'admin@example.wales');       // the password is as it was
  // The refused requests sent nothing: the one message is the link asked for properly.
  await new Promise(r => setTimeout(r, 1000));
  assert.equal(smtp.messages().length, n + 1);
});

test('your account: in the header, with the ways to change your password and how we send you email', async () => {
  const s = await mustSignIn(server.url, 'hb@example.wales');
  const home = await get(`${server.url}/`, s.cookie);
  assert.match(home.body, /<a class="nhsuk-header__account-link" href="\/account">Your account<\/a>/);
  const r = await get(`${server.url}/account`, s.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Your account');
  assert.match(r.body, /hb@example\.wales/);
  assert.match(r.body, /<a href="\/account\/password">Change your password<\/a>/);
  assert.match(r.body, /<a href="\/account\/messages">How we send you email<\/a>/);
  const out = await get(`${server.url}/account`);
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/login?next=%2Faccount');
});

test('changing your password signed in ends your other sessions, not this one', async () => {
  const email = 'hb@example.wales';
  const NEW = 'health board passphrase 2027';
  const here = await mustSignIn(server.url, email);
  const there = await mustSignIn(server.url, email);
  const page = await get(`${server.url}/account/password`, here.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Change your password');
  assert.match(page.body, /id="current" name="current" type="password" value="" autocomplete="current-password"/);

  // A wrong current password: an error summary that keeps nothing secret.
  let r = await postForm(`${server.url}/account/password`, here.cookie,
    { csrf: here.csrf, current: 'not my password at all', password: NEW, confirm: NEW });
  assert.equal(r.status, 400);
  assert.match(r.body, /<a href="#current">Your current password is not right\. Check it and try again\.<\/a>/);
  assert.ok(!r.body.includes('not my password at all') && !r.body.includes(NEW), 'no password comes back');
  r = await postForm(`${server.url}/account/password`, here.cookie, { csrf: here.csrf, current: '', password: '', confirm: '' });
  assert.equal(r.status, 400);
  assert.match(r.body, /<a href="#current">Enter your current password<\/a>/);
  assert.match(r.body, /<a href="#password">Enter a new password<\/a>/);
  await assertSignedIn(there.cookie);

  const nMail = messagesTo(email).length;
  r = await postForm(`${server.url}/account/password`, here.cookie, { csrf: here.csrf, current: DEMO_PASSWORD, password: NEW, confirm: NEW });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.get('location'), '/account?changed=1');
  const done = await get(`${server.url}/account?changed=1`, here.cookie);
  assert.equal(done.status, 200);
  assert.match(done.body, /Your password has been changed\. You have been signed out everywhere else\./);
  await assertSignedOut(there.cookie);
  await assertSignedIn(here.cookie);
  assert.equal((await signIn(server.url, email, DEMO_PASSWORD)).status, 401);
  await mustSignIn(server.url, email, NEW);
  const told = await smtp.waitFor(nMail + 1, { pred: m => m.envelope.to.includes(email) });
  assert.equal(told[told.length - 1].subject, 'Your carecluster password has been changed');
  assert.match(sql(server, `SELECT new_values FROM audit_log WHERE entity='password' ORDER BY id DESC LIMIT 1`),
    /"way":"changed_by_user","sessions_ended":[1-9]\d*\}/);
  // A link asked for before the change is spent by it.
  assert.equal(sql(server, `SELECT count(*) FROM password_reset WHERE user_id=(SELECT id FROM app_user WHERE email='${email}') AND used_at IS NULL`), '0');
});

test('with e-mail off the page says so and who can help; the command line sets a password', async () => {
  const quiet = await start([], { db });
  try {
    for (const r of [await get(`${quiet.url}/password/forgot`),
      await (async () => { const f = await get(`${quiet.url}/password/forgot`);
        const pre = f.headers.getSetCookie().find(c => c.startsWith('cc_pre=')).split(';')[0];
        const csrf = f.body.match(/name="csrf" value="([0-9a-f]+)"/)?.[1] ?? '';
        return postForm(`${quiet.url}/password/forgot`, pre, { csrf, email: 'member@example.wales' }); })()]) {
      assert.equal(r.status, 200);
      assert.match(r.body, /carecluster cannot send email at the moment/);
      assert.match(r.body, /Ask an administrator of carecluster/);
      assert.doesNotMatch(r.body, /name="email"/);
    }
  } finally { await quiet.stop(); }

  const email = 'lead.afan@example.wales';
  const s = await mustSignIn(server.url, email);
  let c = cli(['user', 'password', '--db', db.target, '--email', email], 'too short\n');
  assert.equal(c.status, 1);
  assert.match(c.stderr, /must be 12 to 1024 characters/);
  c = cli(['user', 'password', '--db', db.target, '--email', 'nobody@example.wales'], 'a long enough passphrase\n');
  assert.equal(c.status, 1);
  assert.match(c.stderr, /no user with e-mail nobody@example\.wales/);
  c = cli(['user', 'password', '--db', db.target, '--email', email], 'set by the administrator\n');
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /Set a new password for lead\.afan@example\.wales/);
  await assertSignedOut(s.cookie);
  await mustSignIn(server.url, email, 'set by the administrator');
  assert.match(sql(server, `SELECT actor, new_values FROM audit_log WHERE entity='password' ORDER BY id DESC LIMIT 1`),
    /^command line\|\{"password":"changed","way":"command_line","sessions_ended":1\}$/);
});

// Last: it uses up this client's requests for the hour.
test('a client asking for too many links is refused for a while, whatever it asks about', async () => {
  let r;
  for (let i = 0; i < 40; i++) {
    r = await askLink(`someone${i}@example.wales`);
    if (r.status !== 200) break;
  }
  assert.equal(r.status, 429);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 3600, `Retry-After ${wait}`);
  assert.match(r.body, /Too many links have been asked for from your connection/);
  const n = messagesTo('member@example.wales').length;
  assert.equal((await askLink('member@example.wales')).status, 429);
  await new Promise(r => setTimeout(r, 1000));
  assert.equal(messagesTo('member@example.wales').length, n);
});
