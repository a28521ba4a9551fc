// Browser tests of the cluster's money: the health board user gives a
// cluster an allocation through the form (errors first: the summary links
// to the field, what was typed kept), enters spend against it and opens
// the ledger import; the position, spend, forms and the PCPG's clusters
// side by side at 1,280 and 375 px, in English and Welsh, pass axe and
// never get wider than the window. Screenshots in
// build/screenshots/finance-*.png; the HTML is kept for the checker.
// The year used (2027/28) is not the demonstration data's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, fillDate, WIDTHS } from './lib.mjs';

const ui = browserTests('finance-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
const PCPG_PATH = '/units/cardiff-pan-cluster-planning-group';

test('a health board user gives a cluster money and enters spend in the browser', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'hb@example.wales');
    await page.goto(`${ui.server.url}${CLUSTER_PATH}`);
    await page.getByRole('link', { name: 'Money', exact: true }).click();
    await page.goto(`${ui.server.url}${CLUSTER_PATH}/finance?year=2027`);
    await checkPage(page, 'position-empty');
    await page.getByRole('link', { name: 'Add an allocation' }).click();
    await page.getByLabel('Funding stream').fill('Cluster funding');
    await page.getByLabel('Amount allocated').fill('12.345');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'allocation-errors');
    assert.equal(await page.getByLabel('Amount allocated').inputValue(), '12.345', 'what was typed is kept');
    await page.locator('.nhsuk-error-summary a[href="#amount"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'amount', 'the summary link lands on the field');
    await page.getByLabel('Amount allocated').fill('160,000.00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/finance\?year=2027$/);
    await checkPage(page, 'position');
    assert.match(await page.locator('#streams').innerText(), /£160,000\.00/);

    // Last year's stream, carried forward, and this year's: the carry-forward
    // form (checked at both widths below).
    for (const [year, rule] of [['2023/24', 'Carried forward, with approval'], ['2024/25', 'Returned']]) {
      await page.goto(`${ui.server.url}${CLUSTER_PATH}/finance/allocations/new`);
      await page.getByLabel('Financial year').fill(year);
      await page.getByLabel('Funding stream').fill('Cluster funding');
      await page.getByLabel('Amount allocated').fill('1,000');
      await page.getByLabel(rule).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/finance\?year=20\d\d$/);
    }
    await page.goto(`${ui.server.url}${CLUSTER_PATH}/finance?year=2024`);
    assert.equal(await page.getByRole('button', { name: 'Carry forward what remained' }).count(), 1);
    await page.goto(`${ui.server.url}${CLUSTER_PATH}/finance?year=2027`);

    await page.getByRole('link', { name: 'Enter spend' }).click();
    await fillDate(page, 'Date', ['15', '5', '2027']);
    await page.getByLabel('Amount', { exact: true }).fill('1,250.00');
    await page.getByLabel('Supplier').fill('Acme Stationery');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/finance\/spend\?year=2027$/);
    await checkPage(page, 'spend');
    assert.match(await page.locator('#spend').innerText(), /Acme Stationery[\s\S]*£1,250\.00/);
  } finally {
    await page.context().close();
  }
});

for (const lang of ['en', 'cy']) {
  test(`money pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    for (const who of ['hb@example.wales', 'member@example.wales']) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          const paths = [['position', `${CLUSTER_PATH}/finance?year=2027`], ['spend', `${CLUSTER_PATH}/finance/spend?year=2027`]];
          if (who.startsWith('hb')) {
            paths.push(['pcpg', `${PCPG_PATH}/finance?year=2027`], ['carry', `${CLUSTER_PATH}/finance?year=2024`], ['allocation-new', `${CLUSTER_PATH}/finance/allocations/new?year=2027`],
              ['spend-new', `${CLUSTER_PATH}/finance/spend/new?year=2027`], ['import', `${CLUSTER_PATH}/finance/import`],
              ['line-new', `${CLUSTER_PATH}/finance/budget-lines/new?year=2027`]);
          }
          for (const [name, path] of paths) {
            await checkPath(page, path, `${name}-${who.split('@')[0]}-${width}-${lang}`, lang);
          }
        }
      });
    }
  });
}
