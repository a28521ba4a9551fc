// English and Welsh: the language switch, its cookie, and the pages
// in Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, mustSignIn, h1 } from './helpers.mjs';

let server;
before(async () => { server = await start(); });
after(async () => { await server?.stop(); });

const htmlLang = html => html.match(/<html lang="([^"]*)">/)?.[1];
// The header link that switches language: [lang attribute, href, text].
function switchLink(html) {
  const m = html.match(/<a class="nhsuk-header__account-link" lang="([^"]*)" hreflang="[^"]*" href="([^"]*)">([^<]*)<\/a>/);
  return m ? [m[1], m[2], m[3]] : null;
}

test('GET /lang/cy?next=/login sets cc_lang=cy and redirects to /login', async () => {
  const r = await get(`${server.url}/lang/cy?next=/login`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  const c = r.headers.getSetCookie().find(x => x.startsWith('cc_lang='));
  assert.ok(c, 'a cc_lang cookie');
  assert.match(c, /^cc_lang=cy;/);
  assert.match(c, /;\s*Path=\//);
  assert.match(c, /;\s*SameSite=Lax/i);
  assert.match(c, /Max-Age=[1-9]\d{6,}/, 'kept for a long time');
});

test('with cc_lang=cy the sign-in page is in Welsh and offers English', async () => {
  const r = await get(`${server.url}/login`, 'cc_lang=cy');
  assert.equal(r.status, 200);
  assert.equal(htmlLang(r.body), 'cy');
  assert.equal(h1(r.body), 'Mewngofnodi');
  assert.match(r.body, /<title>Mewngofnodi – carecluster<\/title>/);
  assert.match(r.body, /<button class="nhsuk-button" type="submit">Mewngofnodi<\/button>/);
  assert.match(r.body, /Cyfrinair/);
  assert.doesNotMatch(r.body, />Sign in</);
  assert.deepEqual(switchLink(r.body), ['en', '/lang/en?next=%2Flogin', 'English']);
});

test('without a cookie the sign-in page is in English and offers Cymraeg', async () => {
  const r = await get(`${server.url}/login`);
  assert.equal(htmlLang(r.body), 'en');
  assert.equal(h1(r.body), 'Sign in');
  assert.deepEqual(switchLink(r.body), ['cy', '/lang/cy?next=%2Flogin', 'Cymraeg']);
});

test('the switch back to English works the same way', async () => {
  const r = await get(`${server.url}/lang/en?next=/login`, 'cc_lang=cy');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  assert.match(r.headers.getSetCookie().find(x => x.startsWith('cc_lang=')), /^cc_lang=en;/);
  // The cookie wins over a browser that prefers Welsh.
  const page = await get(`${server.url}/login`, 'cc_lang=en', { headers: { 'Accept-Language': 'cy' } });
  assert.equal(htmlLang(page.body), 'en');
});

test('a browser preferring Welsh gets Welsh without a cookie', async () => {
  const r = await get(`${server.url}/login`, null, { headers: { 'Accept-Language': 'cy-GB,cy;q=0.9,en;q=0.5' } });
  assert.equal(htmlLang(r.body), 'cy');
  assert.equal(h1(r.body), 'Mewngofnodi');
  const en = await get(`${server.url}/login`, null, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
  assert.equal(htmlLang(en.body), 'en');
});

test('an unknown language is 404 and sets no cookie', async () => {
  for (const lang of ['fr', 'EN', 'cy-GB', 'welsh']) {
    const r = await get(`${server.url}/lang/${lang}?next=/login`);
    assert.equal(r.status, 404, lang);
    assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_lang=')).length, 0, lang);
    assert.equal(r.headers.get('location'), null);
  }
});

test('/lang/cy without next goes to /', async () => {
  const r = await get(`${server.url}/lang/cy`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
});

test('Welsh error pages', async () => {
  const r = await get(`${server.url}/no/such/page`, 'cc_lang=cy');
  assert.equal(r.status, 404);
  assert.equal(htmlLang(r.body), 'cy');
  assert.equal(h1(r.body), 'Heb ddod o hyd i&#39;r dudalen');
});

test('a signed-in user\'s choice is remembered on their account', async () => {
  const s = await mustSignIn(server.url, 'lead@example.wales');
  const en = await get(`${server.url}/`, s.cookie);
  assert.equal(htmlLang(en.body), 'en');
  assert.equal(h1(en.body), 'Your clusters');
  const sw = await get(`${server.url}/lang/cy?next=%2F`, s.cookie);
  assert.equal(sw.status, 303);
  assert.equal(sw.headers.get('location'), '/');
  // Without the cc_lang cookie (another browser), the account's choice applies.
  const cy = await get(`${server.url}/`, s.cookie);
  assert.equal(htmlLang(cy.body), 'cy');
  assert.equal(h1(cy.body), 'Eich clystyrau');
  assert.match(cy.body, />Allgofnodi</, 'the sign-out button in Welsh');
  assert.deepEqual(switchLink(cy.body), ['en', '/lang/en?next=%2F', 'English']);
  // And a new session for the same user starts in Welsh.
  const again = await mustSignIn(server.url, 'lead@example.wales');
  assert.equal(htmlLang((await get(`${server.url}/units/cardiff-south-west`, again.cookie)).body), 'cy');
  // Switching back.
  await get(`${server.url}/lang/en?next=%2F`, s.cookie);
  assert.equal(htmlLang((await get(`${server.url}/`, s.cookie)).body), 'en');
});
