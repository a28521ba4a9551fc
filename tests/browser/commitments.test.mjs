// Browser tests of commitments under the Standing Financial Instructions:
// a cluster lead asks for a commitment (errors first, the summary linking
// to the field; the route checked before submitting), the health board
// names a PCPG authorised signatory who approves it; the SFI pages, the
// route checker and the commitment pages at 1,280 and 375 px, in English
// and Welsh, pass axe and never get wider than the window. Screenshots in
// build/screenshots/commitments-*.png; the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, WIDTHS } from './lib.mjs';
import { dbSql } from '../lib/server.mjs';

const ui = browserTests('commitments-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
const HB_PATH = '/units/cardiff-and-vale-university-health-board';
let commitmentPath, versionPath;

test('a lead asks for a commitment; a named signatory approves it', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    // An allocation of the cluster for the year (the finance pages' to make).
    if (dbSql(ui.server.db, "SELECT COUNT(*) FROM finance_allocation a JOIN unit u ON u.id=a.unit_id WHERE u.slug='cardiff-south-west' AND a.year='2026/27'") === '0') {
      dbSql(ui.server.db, "INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at) SELECT id,'2026/27','Browser test funding','recurrent',1000000,0,0 FROM unit WHERE slug='cardiff-south-west'");
    }
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}${CLUSTER_PATH}`);
    await page.getByRole('link', { name: 'Commitments' }).click();
    await checkPage(page, 'list');
    await page.getByRole('link', { name: 'Request a commitment' }).click();
    await checkPage(page, 'form');
    const allocation = page.getByLabel('Funding stream');
    if (await allocation.locator('option').count() < 2) {
      // no allocation yet in this database: the form says so, nothing more to do here
      assert.equal(await page.locator('#no-allocations').count(), 1);
      return;
    }
    await allocation.selectOption({ index: 1 });
    await page.getByLabel('What is being bought').fill('Care navigator training');
    await page.getByLabel('Supplier', { exact: true }).fill('Training Co');
    await page.getByLabel('Start date').fill('2026-12-01');
    await page.getByLabel('Value over its whole life').fill('twelve thousand');
    await page.getByRole('button', { name: 'Request the commitment' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'errors');
    await page.locator('.nhsuk-error-summary a[href="#value"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'value', 'the summary link lands on the field');
    await page.getByLabel('Value over its whole life').fill('12,000.00');
    await page.getByRole('button', { name: 'Check the route' }).click();
    await page.locator('#route-answer').waitFor();
    assert.match(await page.locator('#route-answer').innerText(), /Three written quotes[\s\S]*PCPG authorised signatory/);
    await checkPage(page, 'route-before');
    await page.getByRole('button', { name: 'Request the commitment' }).click();
    await page.waitForURL(/\/commitments\/\d+$/);
    commitmentPath = pathOf(page);
    assert.match(await page.locator('#why-not').innerText(), /someone else must approve it/);
    await checkPage(page, 'requested');
  } finally {
    await page.context().close();
  }
});

test('the health board names a signatory, who approves', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'hb@example.wales');
    await page.goto(`${ui.server.url}${HB_PATH}`);
    await page.getByRole('link', { name: 'Standing Financial Instructions' }).click();
    await checkPage(page, 'sfi');
    await page.locator('#versions a').first().click();
    versionPath = pathOf(page);
    await checkPage(page, 'version');
    await page.goto(`${ui.server.url}${HB_PATH}/sfi/signatories`);
    await page.getByLabel('User').selectOption({ label: 'Demo Cardiff and Vale Primary Care (hb@example.wales)' });
    await page.getByLabel('Pan Cluster Planning Group').selectOption({ label: 'Cardiff Pan Cluster Planning Group' });
    await page.getByRole('button', { name: 'Name them' }).click();
    await page.waitForURL(/\/sfi\/signatories$/);
    await checkPage(page, 'signatories');
    if (commitmentPath) {
      await page.goto(`${ui.server.url}${commitmentPath}`);
      await checkPage(page, 'approve');
      await page.getByRole('button', { name: 'Approve the commitment' }).click();
      await page.waitForURL(new RegExp(`${commitmentPath}$`));
      assert.equal(await page.locator('#status').innerText(), 'Committed');
    }
  } finally {
    await page.context().close();
  }
});

for (const lang of ['en', 'cy']) {
  test(`SFI and commitment pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    for (const [who, paths] of [
      ['lead@example.wales', [['list', `${CLUSTER_PATH}/commitments`], ['new', `${CLUSTER_PATH}/commitments/new`],
        ['rules', `${CLUSTER_PATH}/sfi`], ['check', `${CLUSTER_PATH}/procurement-route?value=30000&supplier=Acme`],
        ...(commitmentPath ? [['one', commitmentPath]] : [])]],
      ['hb@example.wales', [['board', `${HB_PATH}/sfi`], ['version', versionPath], ['edit', `${versionPath}/edit`],
        ['signatories', `${HB_PATH}/sfi/signatories`]]],
    ]) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          for (const [name, path] of paths) {
            if (!path) continue;
            await checkPath(page, path, `${name}-${who.split('@')[0]}-${width}-${lang}`, lang);
          }
        }
      });
    }
  });
}
