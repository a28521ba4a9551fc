// The read-only JSON API, /api/v1/: bearer tokens made with the CLI,
// the same visibility rules as the web pages, and identical 404s for
// hidden and missing units.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, cli, mustSignIn } from './helpers.mjs';

let server, leadToken, nationalToken, memberToken;

function makeToken(email) {
  const r = cli(['token', 'create', '--db', server.db, '--email', email]);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  assert.match(token, /^[0-9a-f]{64}$/);
  return token;
}

async function api(path, auth, cookie) {
  const headers = {};
  if (auth) headers.Authorization = auth;
  if (cookie) headers.Cookie = cookie;
  const r = await get(`${server.url}${path}`, null, { headers });
  let json = null;
  try { json = JSON.parse(r.body); } catch { /* asserted by callers */ }
  return { ...r, json };
}
const bearer = t => `Bearer ${t}`;

before(async () => {
  server = await start();
  leadToken = makeToken('lead@example.wales');
  nationalToken = makeToken('national@example.wales');
  memberToken = makeToken('member@example.wales');
});
after(async () => { await server?.stop(); });

test('each token is new: two tokens for one user differ', () => {
  assert.notEqual(makeToken('lead@example.wales'), leadToken);
});

test('GET /api/v1/units with a lead\'s token: their units only, each with slug, name, kind, parent', async () => {
  const r = await api('/api/v1/units', bearer(leadToken));
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.match(r.headers.get('cache-control'), /no-store/);
  assert.ok(r.json && Array.isArray(r.json.units), r.body.slice(0, 200));
  assert.ok(r.json.units.length > 1);
  for (const u of r.json.units) {
    for (const k of ['slug', 'name', 'kind', 'parent']) assert.ok(k in u, `${JSON.stringify(u)} lacks ${k}`);
    assert.match(u.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
  const slugs = r.json.units.map(u => u.slug);
  assert.ok(slugs.includes('cardiff-south-west'));
  assert.ok(!slugs.includes('afan'));
  assert.ok(!slugs.includes('cardiff-east'));
  assert.ok(!slugs.includes('wales'));
  assert.ok(!slugs.some(s => s.startsWith('afan')), 'nothing under afan');
  const csw = r.json.units.find(u => u.slug === 'cardiff-south-west');
  assert.deepEqual(csw, {
    slug: 'cardiff-south-west', name: 'Cardiff South West', name_cy: 'De-orllewin Caerdydd', kind: 'cluster',
    parent: 'cardiff-pan-cluster-planning-group', population: 74891, gp_practices: 9,
  });
  // Everything listed is the lead's cluster or under it.
  for (const u of r.json.units) {
    assert.ok(u.slug === 'cardiff-south-west' || slugs.includes(u.parent), `${u.slug} is outside the lead's cluster`);
  }
});

test('hidden and missing units are the same 404', async () => {
  const afan = await api('/api/v1/units/afan', bearer(leadToken));
  const missing = await api('/api/v1/units/no-such', bearer(leadToken));
  const east = await api('/api/v1/units/cardiff-east', bearer(leadToken));
  assert.equal(afan.status, 404);
  assert.equal(missing.status, 404);
  assert.equal(east.status, 404);
  assert.equal(afan.body, missing.body);
  assert.equal(east.body, missing.body);
  assert.deepEqual(missing.json, { error: 'not found' });
  assert.equal(afan.headers.get('content-type'), missing.headers.get('content-type'));
  const afanMembers = await api('/api/v1/units/afan/members', bearer(leadToken));
  const missingMembers = await api('/api/v1/units/no-such/members', bearer(leadToken));
  assert.equal(afanMembers.status, 404);
  assert.equal(afanMembers.body, missingMembers.body);
  // A path under /api/ that is not a route is JSON too.
  const nothing = await api('/api/v1/nothing', bearer(leadToken));
  assert.equal(nothing.status, 404);
  assert.match(nothing.headers.get('content-type'), /^application\/json/);
});

test('GET /api/v1/units/{slug} gives the unit', async () => {
  const r = await api('/api/v1/units/cardiff-south-west', bearer(leadToken));
  assert.equal(r.status, 200);
  assert.equal(r.json.slug, 'cardiff-south-west');
  assert.equal(r.json.population, 74891);
});

test('GET /api/v1/units/{slug}/members lists the members with name and role', async () => {
  const r = await api('/api/v1/units/cardiff-south-west/members', bearer(leadToken));
  assert.equal(r.status, 200);
  assert.equal(r.json.unit, 'cardiff-south-west');
  assert.equal(r.json.members.length, 12);
  for (const m of r.json.members) {
    assert.equal(typeof m.name, 'string');
    assert.equal(typeof m.role, 'string');
    assert.equal(typeof m.id, 'number');
    assert.equal(typeof m.core, 'boolean');
    assert.equal(typeof m.voting, 'boolean');
    assert.match(m.valid_from, /^\d{4}-\d{2}-\d{2}$/);
  }
  const alys = r.json.members.find(m => m.name === 'Dr Alys Morgan');
  assert.deepEqual({ role: alys.role, core: alys.core, voting: alys.voting, valid_from: alys.valid_from, valid_to: alys.valid_to },
    { role: 'cluster_lead', core: true, voting: true, valid_from: '2024-04-01', valid_to: null });
  const roles = r.json.members.map(m => m.role);
  assert.ok(roles.includes('gp_collaborative_lead'));
  assert.ok(roles.includes('public_health'));
  // A member (read-only role) can read them too.
  const m = await api('/api/v1/units/cardiff-south-west/members', bearer(memberToken));
  assert.equal(m.status, 200);
  assert.equal(m.body, r.body);
});

test('a bad or unknown token is 401, and so is no authentication at all', async () => {
  const cases = [
    bearer('0'.repeat(64)),                 // well-formed, unknown
    bearer(leadToken.slice(0, 63)),         // truncated
    bearer(`${leadToken}0`),                // too long
    bearer(leadToken.toUpperCase()),        // not the same token
    `Basic ${Buffer.from('lead@example.wales:demo-password-2026').toString('base64')}`,
    leadToken,                               // no scheme
    'Bearer ',
  ];
  for (const auth of cases) {
    const r = await api('/api/v1/units', auth);
    assert.equal(r.status, 401, auth);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    assert.deepEqual(r.json, { error: 'invalid or unknown API token' });
  }
  const none = await api('/api/v1/units');
  assert.equal(none.status, 401);
  assert.equal(none.headers.get('www-authenticate'), 'Bearer');
  assert.ok(none.json && typeof none.json.error === 'string');
  // No redirect to the sign-in page for the API.
  assert.equal(none.headers.get('location'), null);
  const noneMembers = await api('/api/v1/units/cardiff-south-west/members');
  assert.equal(noneMembers.status, 401);
});

test('a national token sees all 60 clusters and all of Wales', async () => {
  const r = await api('/api/v1/units', bearer(nationalToken));
  assert.equal(r.status, 200);
  const clusters = r.json.units.filter(u => u.kind === 'cluster');
  assert.equal(clusters.length, 60);
  assert.equal(new Set(clusters.map(u => u.slug)).size, 60);
  assert.equal(r.json.units.filter(u => u.kind === 'health_board').length, 7);
  const wales = r.json.units.find(u => u.slug === 'wales');
  assert.deepEqual({ kind: wales.kind, parent: wales.parent }, { kind: 'nation', parent: null });
  for (const c of clusters) {
    assert.equal(typeof c.population, 'number', c.slug);
    assert.ok(c.population > 0, c.slug);
    assert.ok(c.parent, c.slug);
  }
  const afan = await api('/api/v1/units/afan', bearer(nationalToken));
  assert.equal(afan.status, 200);
  assert.equal(afan.json.population, 45916);
});

test('the API also works with the session cookie', async () => {
  const s = await mustSignIn(server.url, 'lead@example.wales');
  const viaCookie = await api('/api/v1/units', null, s.cookie);
  assert.equal(viaCookie.status, 200);
  const viaToken = await api('/api/v1/units', bearer(leadToken));
  assert.deepEqual(viaCookie.json, viaToken.json);
  const afan = await api('/api/v1/units/afan', null, s.cookie);
  assert.equal(afan.status, 404);
  const members = await api('/api/v1/units/cardiff-south-west/members', null, s.cookie);
  assert.equal(members.status, 200);
  assert.equal(members.json.members.length, 12);
  // A stale cookie is 401, not a redirect.
  const stale = await api('/api/v1/units', null, `cc_session=${'f'.repeat(64)}`);
  assert.equal(stale.status, 401);
});
