// Browser tests of circulation, with a real SMTP server on loopback: the
// lead publishes the next meeting's agenda pack and sees who was sent
// what and each message's state (delivered; waiting to retry while the
// relay is down), in English and Welsh; a member sees none of it; the
// admin reads the outbox, filters it, and changes the settings (a mistake
// first). Every page gets the axe-core check and screenshots at 1,280 and
// 375 px (build/screenshots/circulation-*.png); the HTML checker reads
// them all afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, waitForPath, clean } from './lib.mjs';

let meetingPath;
const ui = browserTests('circulation-', { mail: true });
const { newPage, checkPage, signIn } = ui;

// checkPage at 1,280 px, then again at 375 px, back to 1,280.
async function checkBoth(page, name) {
  await checkPage(page, name);
  await page.setViewportSize({ width: 375, height: 800 });
  await checkPage(page, `${name}-375`);
  await page.setViewportSize({ width: 1280, height: 720 });
}

// Reload until the text appears (the sender works on its own).
async function reloadUntil(page, re, ms = 15000) {
  const t0 = Date.now();
  for (;;) {
    await page.reload();
    if (re.test(clean(await page.locator('main').innerText()))) return;
    assert.ok(Date.now() - t0 < ms, `waited for ${re} on ${page.url()}`);
    await page.waitForTimeout(300);
  }
}

test('the lead publishes the pack and sees who was sent what, and the state of each message', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 720 } });
  await signIn(page, 'lead@example.wales');
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/meetings`);
  meetingPath = await page.locator('table a[href^="/meetings/"]').first().getAttribute('href');
  await page.goto(`${ui.server.url}${meetingPath}`);
  const hint = clean(await page.locator('#publish-hint').innerText());
  assert.match(hint, /^Publishing sends the agenda pack \(PDF\) and a calendar invitation by e-mail to each member and item lead with an e-mail address: 12 in all\./);
  await page.getByRole('button', { name: 'Publish the agenda pack' }).click();
  await waitForPath(page, `${meetingPath}/circulation`);
  await ui.smtp.waitFor(12);
  await reloadUntil(page, /Delivered 12 Waiting to be sent 0/);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Circulation');
  assert.equal(await page.locator('table#circulation tbody tr').count(), 12);
  assert.equal(await page.locator('table#circulation .nhsuk-tag--green').count(), 12);
  await checkBoth(page, 'sent');

  // The relay goes away; publishing again still answers, and the page says why it waits.
  await ui.smtp.stop();
  await page.goto(`${ui.server.url}${meetingPath}`);
  await page.getByRole('button', { name: 'Publish the agenda pack again' }).click();
  await waitForPath(page, `${meetingPath}/circulation`);
  await reloadUntil(page, /Waiting to retry Attempt 1 failed/);
  await checkBoth(page, 'retrying');
  // In Welsh.
  await page.getByRole('button', { name: 'Cymraeg' }).click();
  await waitForPath(page, `${meetingPath}/circulation`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Dosbarthu');
  await checkBoth(page, 'retrying-cy');
  await page.getByRole('button', { name: 'English' }).click();
  await waitForPath(page, `${meetingPath}/circulation`);
  await ui.smtp.start();
  await ui.smtp.waitFor(24, { ms: 30000 });
  await reloadUntil(page, /Delivered 24 Waiting to be sent 0/, 30000);
  await page.context().close();
});

test('a member who may not write sees no circulation, and its page does not exist for them', async () => {
  const page = await newPage();
  await signIn(page, 'member@example.wales');
  await page.goto(`${ui.server.url}${meetingPath}`);
  assert.equal(await page.locator('#circulation-link').count(), 0);
  const r = await page.goto(`${ui.server.url}${meetingPath}/circulation`);
  assert.equal(r.status(), 404);
  await page.context().close();
});

test('the admin reads the outbox, filters it, and sets the largest pack to attach', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 720 } });
  await signIn(page, 'admin@example.wales');
  await page.goto(`${ui.server.url}/admin/outbox`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Outbox');
  assert.equal(await page.locator('table#outbox tbody tr').count(), 24);
  await checkBoth(page, 'outbox');
  await page.getByLabel('Messages to show').selectOption('sent');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(u => new URL(u).search === '?status=sent');
  assert.equal(pathOf(page), '/admin/outbox');
  assert.equal(await page.locator('table#outbox tbody tr').count(), 24);

  await page.getByRole('link', { name: 'Settings' }).click();
  await waitForPath(page, '/admin/settings');
  const kb = page.getByLabel('Largest agenda pack to attach, in KB');
  assert.equal(await kb.inputValue(), '5120');
  await kb.fill('five megabytes');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  const summary = page.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean),
    ['Enter the largest pack to attach as a whole number of KB from 1 to 51200']);
  assert.equal(await kb.inputValue(), 'five megabytes', 'what was typed is kept');
  await checkBoth(page, 'settings-error');
  await kb.fill('2048');
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await page.waitForURL(u => new URL(u).search === '?saved=1');
  assert.match(clean(await page.locator('#settings-saved').innerText()), /The settings have been saved/);
  assert.equal(await page.getByLabel('Largest agenda pack to attach, in KB').inputValue(), '2048');
  await checkBoth(page, 'settings');
  await page.context().close();
});
