// Behind the TLS proxy (--behind-tls-proxy) the client is the address
// nginx appends last to X-Forwarded-For; without the option the header is
// ignored, so no client can pick the address it is throttled under.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, DEMO_PASSWORD } from './helpers.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

// Sign in as email through a proxy that says the client is xff.
async function signInAs(server, email, password, xff) {
  const headers = xff ? { 'X-Forwarded-For': xff } : {};
  const form = await get(`${server.url}/login`, null, { headers });
  const pre = form.headers.getSetCookie().find(c => c.startsWith('cc_pre=')).split(';')[0];
  const csrf = form.body.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  return postForm(`${server.url}/login`, pre, { csrf, email, password }, headers);
}

test('behind the proxy, failures count against the forwarded client, not the proxy', async () => {
  const server = await start(['--behind-tls-proxy']);
  servers.push(server);
  // A forged first entry does not help: the last one is the proxy's word.
  for (let i = 0; i < 6; i++) {
    const r = await signInAs(server, 'member@example.wales', 'wrong password', `10.9.9.9, 198.51.100.7`);
    assert.ok([401, 429].includes(r.status), `attempt ${i + 1}: ${r.status}`);
  }
  const blocked = await signInAs(server, 'member@example.wales', DEMO_PASSWORD, '10.1.1.1, 198.51.100.7');
  assert.equal(blocked.status, 429, 'the same forwarded client waits, whatever it put first');
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  // Another client behind the same proxy signs in at once.
  const other = await signInAs(server, 'member@example.wales', DEMO_PASSWORD, '198.51.100.8');
  assert.equal(other.status, 303);
  assert.ok(other.headers.getSetCookie().some(c => c.startsWith('cc_session=')));
  assert.match(other.headers.getSetCookie().find(c => c.startsWith('cc_session=')), /; Secure/);
});

test('without the proxy option, X-Forwarded-For is ignored', async () => {
  const server = await start();
  servers.push(server);
  for (let i = 0; i < 6; i++) {
    await signInAs(server, 'member@example.wales', 'wrong password', `203.0.113.${i}`);
  }
  // Every try came from this socket's address: a new header changes nothing.
  const r = await signInAs(server, 'member@example.wales', DEMO_PASSWORD, '203.0.113.99');
  assert.equal(r.status, 429);
});
