// Browser tests of business cases: a cluster lead starts a case from the
// cluster's page, writes a part, adds a cost (errors first: the summary
// links to the field), an option and a criterion; the list, the case,
// its parts and the appraisal at 1,280 and 375 px, in English and Welsh,
// pass axe and never get wider than the window. Screenshots in
// build/screenshots/cases-*.png; the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, WIDTHS } from './lib.mjs';

const ui = browserTests('cases-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
let casePath;

test('a lead starts and writes a business case in the browser', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}${CLUSTER_PATH}`);
    await page.getByRole('link', { name: 'Business cases' }).click();
    await checkPage(page, 'list');
    await page.getByRole('link', { name: 'Start a business case' }).click();
    await checkPage(page, 'new');
    await page.getByRole('button', { name: 'Start the business case' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'new-errors');
    await page.getByLabel('Title').fill('Social prescribing link worker');
    await page.getByLabel('Plan objective').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Start the business case' }).click();
    await page.waitForURL(/\/business-cases\/\d+$/);
    casePath = pathOf(page);
    await checkPage(page, 'case-new');

    await page.goto(`${ui.server.url}${casePath}/parts/case`);
    await page.getByLabel('The problem and the justification').fill('People come to the surgery for help that is not medical.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#part-case$/);

    await page.goto(`${ui.server.url}${casePath}/parts/resources`);
    await page.getByLabel('Resource', { exact: true }).fill('Link worker, band 4');
    await page.getByLabel('Financial year').fill('2026/27');
    await page.getByLabel('Other source').fill('Health board transformation fund');
    await page.getByLabel('Lowest').fill('30,000');
    await page.getByLabel('Expected').fill('28,000');
    await page.getByLabel('Highest').fill('34,000');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'cost-errors');
    await page.locator('.nhsuk-error-summary a[href="#low"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'low', 'the summary link lands on the field');
    assert.equal(await page.getByLabel('Lowest').inputValue(), '30,000', 'what was typed is kept');
    await page.getByLabel('Lowest').fill('26,000');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForURL(/\/parts\/resources$/);
    assert.equal(await page.locator('#costs tbody tr').count(), 2, 'the cost and the total');

    await page.goto(`${ui.server.url}${casePath}/parts/options`);
    await page.getByLabel('Option', { exact: true }).fill('Employ a link worker');
    await page.getByLabel('Cost over the case\'s life').fill('28,000.00');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForURL(/\/parts\/options$/);
    await checkPage(page, 'options');

    await page.goto(`${ui.server.url}${casePath}/appraisal`);
    await page.getByLabel('Criterion', { exact: true }).fill('Reach');
    await page.getByLabel('Weight', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForURL(/\/appraisal$/);
    await checkPage(page, 'appraisal');
  } finally {
    await page.context().close();
  }
});

for (const lang of ['en', 'cy']) {
  test(`business case pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    assert.ok(casePath, 'the case was made by the test before');
    for (const who of ['lead@example.wales', 'member@example.wales']) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          const paths = [['list', `${CLUSTER_PATH}/business-cases`], ['case', casePath], ['appraisal', `${casePath}/appraisal`]];
          if (who.startsWith('lead')) paths.push(['part-plan', `${casePath}/parts/plan`], ['part-project', `${casePath}/parts/project`]);
          for (const [name, path] of paths) {
            await checkPath(page, path, `${name}-${who.split('@')[0]}-${width}-${lang}`, lang);
          }
        }
      });
    }
  });
}
