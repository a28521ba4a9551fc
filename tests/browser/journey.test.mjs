// Browser tests: a cluster lead's journey through the real pages in
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core), an
// axe-core accessibility check of each page on the way, the same journey
// with JavaScript off, and a full-page screenshot of every page checked
// (build/screenshots/*.png) for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserTests, CLUSTER, CLUSTER_PATH, pathOf, offline, dateFields, fillDate, dateShown,
} from './lib.mjs';

let lead;       // the cluster lead's page, carried through the journey

const ui = browserTests();
const { newPage, shot, checkPage, signIn } = ui;

// A page of the service asked for before signing in shows the sign-in form.
async function expectSignInFirst(page) {
  await page.goto(`${ui.server.url}/`);
  assert.equal(pathOf(page), '/login');
  assert.equal(await page.locator('h1').textContent(), 'Sign in');
}

// The members table's row for a person.
const memberRow = (page, name) =>
  page.locator('#members tbody tr').filter({ has: page.locator('td').first().filter({ hasText: name }) });

test('a cluster lead signs in and opens their cluster', async () => {
  lead = await newPage();
  // Asking for a page first sends the visitor to sign in.
  await expectSignInFirst(lead);
  await signIn(lead, 'lead@example.wales', { axeName: 'login' });

  assert.equal(await lead.locator('h1').textContent(), 'Your clusters');
  assert.equal(await lead.getAttribute('html', 'lang'), 'en');
  await assert.doesNotReject(lead.locator('.nhsuk-header').getByText('Dr Alys Morgan').waitFor());
  await checkPage(lead, 'home');

  await lead.getByRole('table').getByRole('link', { name: CLUSTER, exact: true }).click();
  await lead.waitForURL(u => new URL(u).pathname === CLUSTER_PATH);
  assert.equal(await lead.locator('h1').textContent(), CLUSTER);
  assert.match(await lead.title(), /^Cardiff South West – carecluster$/);

  const board = lead.locator('.nhsuk-summary-list__row').filter({ hasText: 'Health board' });
  assert.equal((await board.locator('dd').textContent()).trim(), 'Cardiff and Vale University Health Board');

  assert.ok(await lead.getByRole('heading', { name: 'Members', level: 2 }).isVisible());
  const rows = lead.locator('#members tbody tr');
  assert.ok(await rows.count() >= 10, 'the demonstration cluster has its members listed');
  assert.match(await memberRow(lead, 'Dr Alys Morgan').textContent(), /Cluster Lead \(Chair\)/);
  assert.match(await memberRow(lead, 'Sian Griffiths').textContent(), /Community Pharmacy Professional Collaborative Lead/);
  // Tables that fit are not marked as scrolling (no scroll shadow).
  assert.equal(await lead.locator('.nhsuk-scroll--scrollable').count(), 0);
  await checkPage(lead, 'cluster');
});

test('adding a member: the error summary first, then the new member in the table', async () => {
  await lead.getByRole('link', { name: 'Add a member' }).click();
  await lead.waitForURL(u => new URL(u).pathname === `${CLUSTER_PATH}/members/new`);
  assert.equal(await lead.locator('h1').textContent(), 'Add a member');
  // Sensible defaults: today's start date (as people write it: 25 11 2026),
  // no end date, core and voting.
  const today = new Date();
  assert.deepEqual(await dateShown(lead, 'Start date'),
    [String(today.getUTCDate()), String(today.getUTCMonth() + 1), String(today.getUTCFullYear())]);
  assert.deepEqual(await dateShown(lead, 'End date (optional)'), ['', '', '']);
  // The hint says how to write a date; the fields are numeric text boxes.
  const start = lead.getByRole('group', { name: 'Start date', exact: true });
  assert.equal((await start.locator('.nhsuk-hint').textContent()).trim(), 'For example, 1 4 2026');
  for (const f of dateFields(lead, 'Start date')) {
    assert.equal(await f.getAttribute('type'), 'text');
    assert.equal(await f.getAttribute('inputmode'), 'numeric');
  }
  assert.equal(await lead.locator('input[type="date"]').count(), 0);
  assert.ok(await lead.getByRole('radio', { name: 'Core member' }).isChecked());
  await checkPage(lead, 'member-form');

  // Everything but the name.
  await lead.getByLabel('Email address (optional)').fill('bethan.owen@example.wales');
  await lead.getByLabel('Job title (optional)').fill('Practice manager');
  await lead.getByLabel('Organisation (optional)').fill('Riverside Medical Centre');
  await lead.getByLabel('Role in the cluster').selectOption({ label: 'Other member' });
  await lead.getByRole('radio', { name: 'In attendance' }).check();
  await lead.getByRole('radio', { name: 'Not voting' }).check();
  await fillDate(lead, 'Start date', ['1', '4', '2026']);
  await lead.getByRole('button', { name: 'Add a member' }).click();

  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await lead.title(), /^Error: Add a member/);
  assert.equal((await summary.getByRole('heading').textContent()).trim(), 'There is a problem');
  // The summary takes focus (NHS.UK frontend's script) or at least sits
  // in view at the top of the page.
  const focusedOrInView = await summary.evaluate(el => {
    const r = el.getBoundingClientRect();
    return document.activeElement === el || (r.top >= 0 && r.bottom <= window.innerHeight);
  });
  assert.ok(focusedOrInView, 'the error summary is focused or in view');
  await lead.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'));
  const link = summary.getByRole('link', { name: 'Enter their full name' });
  assert.equal(await link.getAttribute('href'), '#name');
  // The field says what is wrong too, and is tied to the message.
  const name = lead.getByLabel('Full name', { exact: true });
  assert.match(await name.getAttribute('aria-describedby'), /\bname-error\b/);
  assert.match(await lead.locator('#name-error').textContent(), /Enter their full name/);
  // What was typed is kept.
  assert.equal(await lead.getByLabel('Email address (optional)').inputValue(), 'bethan.owen@example.wales');
  assert.equal(await lead.getByLabel('Job title (optional)').inputValue(), 'Practice manager');
  assert.equal(await lead.getByLabel('Organisation (optional)').inputValue(), 'Riverside Medical Centre');
  assert.equal(await lead.getByLabel('Role in the cluster').inputValue(), 'other_member');
  assert.ok(await lead.getByRole('radio', { name: 'In attendance' }).isChecked());
  assert.ok(await lead.getByRole('radio', { name: 'Not voting' }).isChecked());
  assert.deepEqual(await dateShown(lead, 'Start date'), ['1', '4', '2026']);
  await checkPage(lead, 'member-form-errors');

  // The summary's link takes the user to the field.
  await link.click();
  assert.equal(await lead.evaluate(() => document.activeElement?.id), 'name');
  await name.fill('Bethan Owen');

  // A date that does not exist: 31 February.
  await fillDate(lead, 'Start date', ['31', '2', '2026']);
  await lead.getByRole('button', { name: 'Add a member' }).click();
  await summary.waitFor({ state: 'visible' });
  const dateMessage = 'Enter a real date, for example 1 4 2026';
  const dateLink = summary.getByRole('link', { name: dateMessage });
  assert.ok(await dateLink.isVisible(), 'the date error is in the summary');
  assert.equal(await summary.getByRole('link').count(), 1, 'the name was kept, so only the date is wrong');
  // The message sits in the Start date fieldset, which it describes.
  const startGroup = lead.getByRole('group', { name: 'Start date', exact: true });
  const dateError = startGroup.locator('.nhsuk-error-message');
  assert.match(await dateError.textContent(), new RegExp(`^Error: ${dateMessage}$`));
  assert.match(await startGroup.getAttribute('aria-describedby'), /\bvalid_from-error\b/);
  assert.equal(await lead.getByRole('group', { name: 'End date (optional)', exact: true }).locator('.nhsuk-error-message').count(), 0);
  // What was typed is shown again as typed, the fields marked.
  assert.deepEqual(await dateShown(lead, 'Start date'), ['31', '2', '2026']);
  for (const f of dateFields(lead, 'Start date')) assert.match(await f.getAttribute('class'), /\bnhsuk-input--error\b/);
  assert.equal(await name.inputValue(), 'Bethan Owen');
  await checkPage(lead, 'member-form-date-error');
  // The summary's link goes to the Day field.
  await dateLink.click();
  assert.equal(await lead.evaluate(() => document.activeElement?.id), 'valid_from-day');

  await fillDate(lead, 'Start date', ['1', '4', '2026']);
  await lead.getByRole('button', { name: 'Add a member' }).click();
  await lead.waitForURL(u => new URL(u).pathname === CLUSTER_PATH);
  const row = memberRow(lead, 'Bethan Owen');
  assert.equal(await row.count(), 1);
  const text = await row.textContent();
  assert.match(text, /Practice manager/);
  assert.match(text, /Other member/);
  assert.match(text, /In attendance/);
  assert.match(text, /Not voting/);
  // The start date as people write it.
  assert.match(text, /1 April 2026/);
});

test('changing a member through its Change link', async () => {
  await lead.getByRole('link', { name: 'Change Bethan Owen' }).click();
  await lead.waitForURL(u => /^\/memberships\/\d+\/edit$/.test(new URL(u).pathname));
  assert.equal(await lead.locator('h1').textContent(), 'Change a member');
  assert.equal(await lead.getByLabel('Full name', { exact: true }).inputValue(), 'Bethan Owen');
  assert.deepEqual(await dateShown(lead, 'Start date'), ['1', '4', '2026']);
  assert.deepEqual(await dateShown(lead, 'End date (optional)'), ['', '', '']);
  await shot(lead, 'member-edit');
  await lead.getByLabel('Job title (optional)').fill('Practice business manager');
  await lead.getByRole('radio', { name: 'Voting', exact: true }).check();
  await fillDate(lead, 'End date (optional)', ['31', '3', '2027']);
  await lead.getByRole('button', { name: 'Save changes' }).click();
  await lead.waitForURL(u => new URL(u).pathname === CLUSTER_PATH);
  const text = await memberRow(lead, 'Bethan Owen').textContent();
  assert.match(text, /Practice business manager/);
  assert.doesNotMatch(text, /Not voting/);
  assert.match(text, /1 April 2026 – 31 March 2027/);
});

test('switching to Welsh and back, remembered between pages', async () => {
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'cy');
  assert.equal(pathOf(lead), CLUSTER_PATH, 'the switch stays on the same page');
  assert.ok(await lead.getByRole('heading', { name: 'Aelodau', level: 2 }).isVisible());
  assert.ok(await lead.getByRole('button', { name: 'Allgofnodi', exact: true }).isVisible());
  assert.ok(await lead.getByRole('link', { name: 'Ychwanegu aelod' }).isVisible());
  // The interface is in Welsh: none of the English labels are left.
  const main = await lead.locator('main').innerText();
  for (const english of ['Members', 'Health board', 'Registered patients', 'Change', 'Add a member', 'April', 'June', ' on ']) {
    assert.ok(!main.includes(english), `"${english}" is translated on the Welsh cluster page`);
  }
  // Dates with Welsh month names.
  assert.match(main, /74,891 ar 1 Ebrill 2024/);
  assert.match(await memberRow(lead, 'Bethan Owen').textContent(), /1 Ebrill 2026 – 31 Mawrth 2027/);
  // The link back names English in English.
  assert.equal(await lead.locator('.nhsuk-header button[lang="en"]').getAttribute('lang'), 'en');
  await checkPage(lead, 'cy-cluster');

  // Another page: still Welsh.
  await lead.getByRole('link', { name: 'Ychwanegu aelod' }).click();
  await lead.waitForURL(u => new URL(u).pathname === `${CLUSTER_PATH}/members/new`);
  assert.equal(await lead.getAttribute('html', 'lang'), 'cy');
  assert.equal(await lead.locator('h1').textContent(), 'Ychwanegu aelod');
  assert.ok(await lead.getByLabel('Enw llawn').isVisible());
  // The date fields in Welsh: Diwrnod, Mis, Blwyddyn within "Dyddiad dechrau".
  const cyStart = lead.getByRole('group', { name: 'Dyddiad dechrau', exact: true });
  for (const label of ['Diwrnod', 'Mis', 'Blwyddyn']) assert.ok(await cyStart.getByLabel(label, { exact: true }).isVisible(), label);
  assert.equal((await cyStart.locator('.nhsuk-hint').textContent()).trim(), 'Er enghraifft, 1 4 2026');
  await checkPage(lead, 'cy-member-form');
  await lead.getByRole('navigation', { name: 'Briwsion bara' }).getByRole('link', { name: 'Eich clystyrau' }).click();
  await lead.waitForURL(u => new URL(u).pathname === '/');
  assert.equal(await lead.getAttribute('html', 'lang'), 'cy');
  assert.equal(await lead.locator('h1').textContent(), 'Eich clystyrau');
  await shot(lead, 'cy-home');

  await lead.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(pathOf(lead), '/');
  assert.equal(await lead.locator('h1').textContent(), 'Your clusters');
  await lead.goto(`${ui.server.url}${CLUSTER_PATH}`);
  assert.equal(await lead.getAttribute('html', 'lang'), 'en');
  assert.ok(await lead.getByRole('heading', { name: 'Members', level: 2 }).isVisible());
  await lead.context().close();
});

test('the national view of Wales is accessible', async () => {
  const page = await newPage();
  await signIn(page, 'national@example.wales');
  await page.goto(`${ui.server.url}/units/wales`);
  assert.equal(await page.locator('h1').textContent(), 'Wales');
  assert.ok(await page.getByRole('heading', { name: 'Health boards', level: 2 }).isVisible());
  await checkPage(page, 'national-wales');
  await page.context().close();
});

test('the audit log is accessible and shows the changes made', async () => {
  const page = await newPage();
  await signIn(page, 'admin@example.wales');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(u => new URL(u).pathname === '/admin/audit');
  assert.equal(await page.locator('h1').textContent(), 'Audit log');
  assert.ok(await page.getByRole('cell', { name: /Dr Alys Morgan/ }).first().isVisible(),
    'the lead\'s changes are logged under their name');
  // The columns, and the change made to Bethan Owen: only what changed.
  const headings = await page.locator('thead th').allTextContents();
  assert.deepEqual(headings.map(h => h.trim()), ['When', 'Who', 'What', 'Where', 'Changes']);
  const change = page.getByRole('row').filter({ has: page.getByRole('cell', { name: /^Changed: membership \d+$/ }) }).first();
  assert.ok(await change.isVisible(), 'a "Changed: membership" row');
  const items = (await change.locator('.cc-changes li').allTextContents()).map(t => t.trim());
  assert.deepEqual(items, [
    'job_title: Practice manager → Practice business manager',
    'voting: false → true',
    'valid_to: – → 2027-03-31',
  ]);
  assert.equal(await change.locator('.cc-changes del').first().textContent(), 'Practice manager');
  assert.equal(await change.locator('.cc-changes ins').first().textContent(), 'Practice business manager');
  assert.match(await change.textContent(), /Dr Alys Morgan/);
  assert.match(await change.textContent(), /Cardiff South West/);
  await checkPage(page, 'audit');
  await page.context().close();
});

test('on a 320 px wide screen the pages reflow: no sideways scrolling, a back link', async () => {
  const page = await newPage({ viewport: { width: 320, height: 640 } });
  await signIn(page, 'admin@example.wales');
  const pageOverflow = () => page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);

  await page.goto(`${ui.server.url}${CLUSTER_PATH}`);
  // The breadcrumb list gives way to a link back to its last crumb.
  const back = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: /^Back to / });
  assert.ok(await back.isVisible(), 'the breadcrumb\'s back link shows on a small screen');
  const crumbs = page.locator('.nhsuk-breadcrumb__link');
  assert.equal(await back.getAttribute('href'), await crumbs.last().getAttribute('href'));
  assert.ok(!(await crumbs.last().isVisible()), 'the breadcrumb list itself is hidden');
  assert.equal(await pageOverflow(), 0, 'the cluster page fits the screen (wide tables scroll in place)');
  await checkPage(page, 'mobile-cluster');

  await page.goto(`${ui.server.url}/admin/audit`);
  assert.equal(await pageOverflow(), 0, 'the audit log fits the screen');
  await checkPage(page, 'mobile-audit');
  await page.context().close();
});

test('the NHS.UK frontend scripts run under the app\'s own Content-Security-Policy', async () => {
  // No bypassCSP here: the page's scripts must pass the policy as sent.
  const context = await ui.browser.newContext({ locale: 'en-GB' });
  await offline(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => {
    const text = m.text();
    // Known and harmless: the web fonts from assets.nhs.uk are refused
    // (font-src 'self'; the system font is used), and a form sent with
    // mistakes is answered 400, which Chromium logs.
    if (m.type() !== 'error' || /^Loading the font 'https:\/\/assets\.nhs\.uk\//.test(text)
     || /status of 400 \(Bad Request\)/.test(text)) return;
    problems.push(`console: ${text}`);
  });
  await signIn(page, 'lead@example.wales');
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/members/new`);
  assert.match(await page.getAttribute('body', 'class'), /\bnhsuk-frontend-supported\b/);
  await page.getByRole('button', { name: 'Add a member' }).click();
  const summary = page.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  // NHS.UK frontend's error summary script moves the focus to the summary.
  await page.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript a cluster lead can still sign in and add a member', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, 'lead.afan@example.wales');
  assert.equal(await page.locator('h1').textContent(), 'Your clusters');
  await page.getByRole('table').getByRole('link', { name: 'Afan', exact: true }).click();
  await page.waitForURL(u => new URL(u).pathname === '/units/afan');
  await page.getByRole('link', { name: 'Add a member' }).click();
  await page.waitForURL(u => new URL(u).pathname === '/units/afan/members/new');

  await page.getByLabel('Role in the cluster').selectOption({ label: 'Third sector representative' });
  await page.getByRole('button', { name: 'Add a member' }).click();
  const summary = page.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.ok(await summary.getByRole('link', { name: 'Enter their full name' }).isVisible());
  assert.equal(await page.getByLabel('Role in the cluster').inputValue(), 'third_sector_rep');
  await shot(page, 'nojs-member-form-errors');

  await page.getByLabel('Full name', { exact: true }).fill('Rhys Bowen');
  await page.getByRole('button', { name: 'Add a member' }).click();
  await page.waitForURL(u => new URL(u).pathname === '/units/afan');
  assert.match(await memberRow(page, 'Rhys Bowen').textContent(), /Third sector representative/);
  await shot(page, 'nojs-cluster');
  await page.context().close();
});
