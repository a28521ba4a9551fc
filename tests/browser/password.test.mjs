// Browser tests of the password pages: "Forgot your password?" from the
// sign-in page to the link in the e-mail and back to signing in, and
// changing one's password from "Your account"; each page checked with
// axe-core and screenshotted, at a desktop width and at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, pathOf, waitForPath } from './lib.mjs';
import { partText } from '../lib/mail.mjs';

const ui = browserTests('password-', { mail: true });
const { newPage, checkPage, signIn } = ui;

// The path of the newest reset link sent to `email`.
async function linkPath(email, nBefore) {
  const all = await ui.smtp.waitFor(nBefore + 1, { pred: m => m.envelope.to.includes(email) });
  const m = partText(all[all.length - 1]).match(/https?:\/\/[^/\s]+(\/password\/reset\/[0-9a-f]{64})/);
  assert.ok(m, 'the message holds the link');
  return m[1];
}
const sentTo = email => ui.smtp.messages().filter(m => m.envelope.to.includes(email)).length;

for (const [width, suffix] of [[1280, ''], [375, '-375']]) {
  test(`forgotten password, from the sign-in page to signing in with the new one (${width} px)`, async () => {
    const email = width === 1280 ? 'member@example.wales' : 'lead.afan@example.wales';
    const NEW = `a new passphrase at ${width}`;
    const page = await newPage({ viewport: { width, height: 800 } });
    await page.goto(`${ui.server.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await waitForPath(page, '/password/forgot');
    assert.equal(await page.locator('h1').textContent(), 'Reset your password');
    await checkPage(page, `forgot${suffix}`);

    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, `forgot-error${suffix}`);

    const n = sentTo(email);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email', level: 1 }).waitFor();
    await checkPage(page, `sent${suffix}`);

    await page.goto(`${ui.server.url}${await linkPath(email, n)}`);
    assert.equal(await page.locator('h1').textContent(), 'Choose a new password');
    await checkPage(page, `reset${suffix}`);
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Type the new password again', { exact: true }).fill(`${NEW} but different`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.equal(await page.getByLabel('New password', { exact: true }).inputValue(), '', 'not filled in again');
    await checkPage(page, `reset-error${suffix}`);
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Type the new password again', { exact: true }).fill(NEW);
    const resetPath = pathOf(page);
    await page.getByRole('button', { name: 'Change password' }).click();
    await waitForPath(page, '/login');
    assert.match(await page.locator('.nhsuk-notification-banner').textContent(), /Your password has been changed\. Sign in with your new password\./);
    await checkPage(page, `changed${suffix}`);

    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(NEW);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForPath(page, '/');

    // The link again: spent.
    const again = await page.goto(`${ui.server.url}${resetPath}`);
    assert.equal(again.status(), 410);
    assert.equal(await page.locator('h1').textContent(), 'This link has expired or has already been used');
    await checkPage(page, `spent${suffix}`);
    await page.context().close();
  });

  test(`changing your password from "Your account" (${width} px)`, async () => {
    const email = width === 1280 ? 'hb@example.wales' : 'national@example.wales';
    const NEW = `changed while signed in ${width}`;
    const page = await newPage({ viewport: { width, height: 800 } });
    await signIn(page, email);
    await page.locator('.nhsuk-header').getByRole('link', { name: 'Your account' }).click();
    await waitForPath(page, '/account');
    assert.equal(await page.locator('h1').textContent(), 'Your account');
    assert.ok(await page.getByRole('link', { name: 'How we send you email' }).isVisible());
    await checkPage(page, `account${suffix}`);

    await page.getByRole('link', { name: 'Change your password' }).click();
    await waitForPath(page, '/account/password');
    await checkPage(page, `change${suffix}`);
    await page.getByLabel('Current password', { exact: true }).fill('not the password at all');
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Type the new password again', { exact: true }).fill(NEW);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.match(await page.locator('.nhsuk-error-summary').textContent(), /Your current password is not right/);
    await checkPage(page, `change-error${suffix}`);

    await page.getByLabel('Current password', { exact: true }).fill('demo-password-2026');
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Type the new password again', { exact: true }).fill(NEW);
    await page.getByRole('button', { name: 'Change password' }).click();
    await waitForPath(page, '/account');
    assert.match(await page.locator('.nhsuk-notification-banner').textContent(), /Your password has been changed/);
    await checkPage(page, `account-changed${suffix}`);
    await page.context().close();
  });
}
