// What the browser tests share: a fresh server with the demonstration data
// and Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for
// the whole file, browser contexts that never leave the machine, full-page
// screenshots (build/screenshots/), the axe-core check of a page, signing
// in through the form, and a few ways of finding things on a page. The
// HTML of every page the server sends is kept in build/browser-html/, for
// the HTML checker that runs once after all the files (validate.mjs).
//
//   const ui = browserTests('qi-');   // at the top level of a test file
//   const { newPage, shot, checkPage, signIn, signedIn, checkPath } = ui;
//   ... ui.server.url, ui.browser
//   browserTests('password-', { mail: true })  // circulating through a
//                                               // loopback SMTP server, ui.smtp
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { startSmtp, mailOptions } from '../lib/mail.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AXE = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const SHOTS = `${ROOT}build/screenshots`;
export const PAGES_HTML = `${ROOT}build/browser-html`;
export const CLUSTER = 'Cardiff South West';
export const CLUSTER_PATH = '/units/cardiff-south-west';

// Path of the page's address, without the origin.
export const pathOf = page => new URL(page.url()).pathname;
// Wait until the page's path is `test` (a string) or matches it (a RegExp).
export const waitForPath = (page, test) =>
  page.waitForURL(u => (typeof test === 'string' ? new URL(u).pathname === test : test.test(new URL(u).pathname)));

export const clean = s => s.replace(/\s+/g, ' ').trim();

// Nothing leaves the machine: NHS.UK frontend's stylesheet asks for its
// fonts from assets.nhs.uk, which the app's own policy blocks anyway.
export async function offline(context) {
  await context.route(u => u.hostname !== '127.0.0.1', route => route.abort());
}

// The Day, Month and Year fields of a date input, found as a person
// would: by their labels within the fieldset named by its legend (Diwrnod,
// Mis and Blwyddyn within a Welsh one, "Dyddiad …").
export function dateFields(page, legend) {
  const group = page.getByRole('group', { name: legend, exact: true });
  const labels = legend.startsWith('Dyddiad') ? ['Diwrnod', 'Mis', 'Blwyddyn'] : ['Day', 'Month', 'Year'];
  return labels.map(label => group.getByLabel(label, { exact: true }));
}
export async function fillDate(page, legend, parts) {
  const fields = dateFields(page, legend);
  for (let i = 0; i < 3; i++) await fields[i].fill(parts[i]);
}
export const dateShown = (page, legend) => Promise.all(dateFields(page, legend).map(f => f.inputValue()));

// Open every <details> on the page, so that axe checks the forms inside.
export async function openAllDetails(page) {
  const closed = page.locator('details:not([open]) > summary');
  for (let n = await closed.count(); n > 0; n--) await closed.first().click();
  assert.equal(await page.locator('details:not([open])').count(), 0, 'every details element is open');
}

// Switch a signed-in page to Welsh through the header's language button.
export async function toWelsh(page) {
  await page.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'cy');
}

// The widths every page is checked at: a desktop and a small phone.
export const WIDTHS = [1280, 375];

// Registers the file's before and after hooks: a server and a browser for
// all its tests, closed at the end. Screenshots are named PREFIX + name.
export function browserTests(prefix = '', { mail = false } = {}) {
  const ui = { server: null, browser: null, smtp: null };
  let nSaved = 0;

  // Keep the HTML of each page the server sends (not the page after its
  // scripts ran), named by file prefix and order, with its address first.
  const keepHtml = async response => {
    const request = response.request();
    if (!request.isNavigationRequest() || response.status() >= 300 && response.status() < 400) return;
    if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
    let body;
    try { body = await response.text(); } catch { return; }   /* the page went away first */
    const name = `${prefix || 'page-'}${String(++nSaved).padStart(4, '0')}.html`;
    writeFileSync(`${PAGES_HTML}/${name}`, body);
    writeFileSync(`${PAGES_HTML}/${name}.url`, `${request.method()} ${new URL(response.url()).pathname}${new URL(response.url()).search}`);
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(PAGES_HTML, { recursive: true });
    if (mail) ui.smtp = await startSmtp();
    ui.server = await startServer(mail ? mailOptions(ui.smtp) : []);
    ui.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await ui.browser?.close();
    await ui.server?.stop();
    await ui.smtp?.close();
  });

  // A fresh browser context (own cookies). The app's Content-Security-Policy
  // blocks inline scripts, so CSP is bypassed to let axe-core be injected;
  // the app's own scripts run as usual.
  ui.newPage = async (options = {}) => {
    const context = await ui.browser.newContext({ bypassCSP: true, locale: 'en-GB', ...options });
    await offline(context);
    const page = await context.newPage();
    page.on('response', keepHtml);
    page.setDefaultTimeout(10_000);
    page.setDefaultNavigationTimeout(10_000);
    return page;
  };

  ui.shot = async (page, name) => {
    await page.screenshot({ path: `${SHOTS}/${prefix}${name}.png`, fullPage: true });
  };

  // Screenshot the page, then run axe-core on it and fail with every
  // violation spelled out: rule, impact, help, and each failing node.
  ui.checkPage = async (page, name) => {
    await ui.shot(page, name);
    // Reflow (WCAG 1.4.10): the page itself never scrolls sideways; a wide
    // table or chart scrolls inside its own region.
    const [scrollW, clientW] = await page.evaluate(() =>
      [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scrollW <= clientW, `${prefix}${name} is ${scrollW} px wide in a ${clientW} px window (${page.url()})`);
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
      await page.addScriptTag({ content: AXE });
    }
    const result = await page.evaluate(tags => window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    }), AXE_TAGS);
    assert.ok(result.passes.length > 10, `axe ran its checks on ${prefix}${name}`);
    const report = result.violations.map(v =>
      `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n` +
      v.nodes.map(n => `    - ${n.target.join(' ')}\n      ${n.html}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n'),
    ).join('\n');
    if (report) console.log(`axe violations on ${prefix}${name} (${page.url()}):\n${report}`);
    assert.equal(result.violations.length, 0,
      `axe found ${result.violations.length} violation(s) on ${prefix}${name} (${page.url()}):\n${report}`);
  };

  // Sign in through the form, typing into the labelled fields; with
  // axeName, the form gets checkPage first.
  ui.signIn = async (page, email, { axeName } = {}) => {
    await page.goto(`${ui.server.url}/login`);
    if (axeName) await ui.checkPage(page, axeName);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForPath(page, '/');
  };

  // A fresh page 1,280 px wide, signed in as email and (lang 'cy') in
  // Welsh, given to fn; its context is closed after, whatever happens.
  ui.signedIn = async (email, lang, fn) => {
    const page = await ui.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await ui.signIn(page, email);
      if (lang === 'cy') await toWelsh(page);
      await fn(page);
    } finally {
      await page.context().close();
    }
  };

  // Go to path, which must answer 200 (in lang, when given), and
  // checkPage it as label.
  ui.checkPath = async (page, path, label, lang) => {
    const r = await page.goto(`${ui.server.url}${path}`);
    assert.equal(r.status(), 200, label);
    if (lang) assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await ui.checkPage(page, label);
  };

  return ui;
}
