// English and Welsh: the language switch, its cookie, and the pages
// in Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1 } from './helpers.mjs';

let server;
before(async () => { server = await start(); });
after(async () => { await server?.stop(); });

const htmlLang = html => html.match(/<html lang="([^"]*)">/)?.[1];
// The header form that switches language: [lang attribute, action, text].
function switchLink(html) {
  const m = html.match(/<form class="nhsuk-header__account-form" method="post" action="([^"]*)"><input type="hidden" name="csrf" value="[0-9a-f]{64}">\n<button class="nhsuk-header__account-button" lang="([^"]*)">([^<]*)<\/button><\/form>/);
  return m ? [m[2], m[1], m[3]] : null;
}

// Choose a language as a browser does: the switch is a form on every page,
// posted with the page's anti-forgery token (before sign-in, the cc_pre
// cookie's value).
async function choose(lang, next, cookie) {
  const page = await get(`${server.url}/login`, cookie);
  const pre = page.headers.getSetCookie().find(c => c.startsWith('cc_pre='))?.split(';')[0];
  const csrf = page.body.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const jar = [cookie, pre].filter(Boolean).join('; ');
  return postForm(`${server.url}/lang/${lang}${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`, jar, { csrf });
}

test('choosing a language is a POST: a GET changes nothing', async () => {
  // A link or an image in someone's minutes must not switch every reader.
  const r = await get(`${server.url}/lang/cy?next=/login`);
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'POST');
  assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_lang=')).length, 0);
  // And a POST without the page's token is refused.
  const f = await postForm(`${server.url}/lang/cy?next=/login`, null, {});
  assert.equal(f.status, 403);
  assert.equal(f.headers.getSetCookie().filter(c => c.startsWith('cc_lang=')).length, 0);
});

test('POST /lang/cy?next=/login sets cc_lang=cy and redirects to /login', async () => {
  const r = await choose('cy', '/login');
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
  const r = await choose('en', '/login', 'cc_lang=cy');
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
    const r = await choose(lang, '/login');
    assert.equal(r.status, 404, lang);
    assert.equal(r.headers.getSetCookie().filter(c => c.startsWith('cc_lang=')).length, 0, lang);
    assert.equal(r.headers.get('location'), null);
  }
});

test('/lang/cy without next goes to /', async () => {
  const r = await choose('cy');
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
  const sw = await postForm(`${server.url}/lang/cy?next=%2F`, s.cookie, { csrf: s.csrf });
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
  await postForm(`${server.url}/lang/en?next=%2F`, s.cookie, { csrf: s.csrf });
  assert.equal(htmlLang((await get(`${server.url}/`, s.cookie)).body), 'en');
});

test('Welsh dates, date fields and audit log', async () => {
  const national = await mustSignIn(server.url, 'national@example.wales');
  const cy = `${national.cookie}; cc_lang=cy`;
  // A cluster's population and its members' dates, with Welsh month names.
  const page = await get(`${server.url}/units/cardiff-south-west`, cy);
  assert.equal(page.status, 200);
  assert.equal(htmlLang(page.body), 'cy');
  assert.match(page.body, /<dt class="nhsuk-summary-list__key">Cleifion cofrestredig<\/dt><dd class="nhsuk-summary-list__value">74,891 ar 1 Ebrill 2024<\/dd>/);
  assert.match(page.body, /Dr Rhodri Evans<br>[\s\S]*?<span class="cc-nowrap">1 Mehefin 2024<\/span>/);
  assert.match(page.body, /Dr Alys Morgan<br>[\s\S]*?<span class="cc-nowrap">1 Ebrill 2024<\/span>/);
  assert.doesNotMatch(page.body, /April|June| on \d/);
  // The home page's table headings.
  const home = await get(`${server.url}/`, cy);
  assert.match(home.body, />Enw<\/th><th [^>]*>Yn rhan o<\/th><th [^>]*>Practisau meddygon teulu<\/th><th [^>]*>Cleifion cofrestredig<\/th><\/tr>/);
  assert.doesNotMatch(home.body, />Math</, 'no Kind column');

  // The date input of the member form.
  const lead = await mustSignIn(server.url, 'lead.afan@example.wales');
  const form = await get(`${server.url}/units/afan/members/new`, `${lead.cookie}; cc_lang=cy`);
  assert.equal(form.status, 200);
  assert.match(form.body, /<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Dyddiad dechrau<\/legend>\n<div class="nhsuk-hint" id="valid_from-hint">Er enghraifft, 1 4 2026<\/div>/);
  assert.match(form.body, /<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Dyddiad gorffen \(dewisol\)<\/legend>/);
  for (const [part, label] of [['day', 'Diwrnod'], ['month', 'Mis'], ['year', 'Blwyddyn']]) {
    assert.match(form.body, new RegExp(`<label class="nhsuk-label nhsuk-date-input__label" for="valid_from-${part}">${label}</label>`));
  }
  const r = await fetch(`${server.url}/units/afan/members`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `${lead.cookie}; cc_lang=cy` },
    body: new URLSearchParams({ csrf: lead.csrf, name: 'Dyddiad Ffug', role: 'other_member', core: 'core', voting: 'yes',
      'valid_from-day': '31', 'valid_from-month': '2', 'valid_from-year': '2026' }),
  });
  assert.equal(r.status, 400);
  const body = await r.text();
  assert.match(body, /<span class="nhsuk-error-message" id="valid_from-error"><span class="nhsuk-u-visually-hidden">[^<]*<\/span> Rhowch ddyddiad go iawn, er enghraifft 1 4 2026<\/span>/);

  // The audit log: what was done, in Welsh.
  const admin = await mustSignIn(server.url, 'admin@example.wales');
  const audit = await get(`${server.url}/admin/audit`, `${admin.cookie}; cc_lang=cy`);
  assert.equal(audit.status, 200);
  assert.match(audit.body, /<th scope="col" class="nhsuk-table__header">Pryd<\/th><th scope="col" class="nhsuk-table__header">Pwy<\/th><th scope="col" class="nhsuk-table__header">Beth<\/th><th scope="col" class="nhsuk-table__header">Ble<\/th><th scope="col" class="nhsuk-table__header">Newidiadau<\/th>/);
  assert.match(audit.body, />Mewngofnodwyd: sesiwn</);
  // The memberships were created before the demonstration meetings, so
  // they are on an older page: follow "Older entries" (?before=ID), in Welsh.
  const pages = [audit.body];
  for (;;) {
    const next = pages.at(-1).match(/<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="(\/admin\/audit\?before=\d+)" rel="next"><span class="nhsuk-pagination__title">([^<]*)<\/span>/);
    if (!next) break;
    assert.equal(next[2], 'Cofnodion hŷn', 'the link is in Welsh');
    assert.ok(pages.length < 200, 'the older links come to an end');
    const older = await get(`${server.url}${next[1]}`, `${admin.cookie}; cc_lang=cy`);
    assert.equal(older.status, 200);
    assert.equal(htmlLang(older.body), 'cy');
    pages.push(older.body);
  }
  assert.ok(pages.some(p => />Crëwyd: aelodaeth \d+</.test(p)), 'the membership creations, in Welsh');
  assert.ok(pages.some(p => />Crëwyd: cyfarfod \d+</.test(p)), 'the meeting creations, in Welsh');
  assert.ok(pages.length > 1, 'more than one page');
  for (const p of pages) assert.doesNotMatch(p, />Created:|>Signed in:/);
});
