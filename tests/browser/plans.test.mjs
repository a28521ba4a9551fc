// Browser tests of the annual plan: a cluster lead starts a plan, adds an
// objective through the form (errors first: the summary links to the
// field), links an action, records the agreement (the SMART gaps shown,
// then accepted) and a quarter's progress; every page on the way and the
// plan, objective and agreement pages at 1,280 and 375 px, in English and
// Welsh, pass axe and never get wider than the window. Screenshots in
// build/screenshots/plans-*.png; the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, WIDTHS } from './lib.mjs';

const ui = browserTests('plans-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
let planPath, objectivePath, demoPaths = [];

test('a lead writes, agrees and reviews a plan in the browser', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}${CLUSTER_PATH}`);
    await page.getByRole('link', { name: 'Annual plans' }).click();
    await checkPage(page, 'list');
    await page.getByLabel('Year').selectOption('2025/26');
    await page.getByRole('button', { name: 'Start a plan' }).click();
    await page.waitForURL(/\/plans\/\d+$/);
    planPath = pathOf(page);
    await checkPage(page, 'plan-new');

    await page.getByRole('link', { name: 'Add an objective' }).click();
    await checkPage(page, 'objective-form');
    await page.getByRole('button', { name: 'Add an objective' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();   /* the answer to the POST has come */
    assert.equal(await page.locator('.nhsuk-error-summary').count(), 1);
    await checkPage(page, 'objective-errors');
    await page.locator('.nhsuk-error-summary a[href="#title"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'title', 'the summary link lands on the field');
    await page.getByLabel('Objective', { exact: true }).fill('More people with diabetes reviewed');
    await page.getByLabel('Target', { exact: true }).fill('85% by March');
    await page.getByLabel('Owner').selectOption({ label: 'Dr Alys Morgan' });
    await page.getByLabel('Measure').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Add an objective' }).click();
    await page.waitForURL(/\/objectives\/\d+$/);
    objectivePath = pathOf(page);
    await checkPage(page, 'objective');

    await page.getByLabel('Link an action from the action log').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Link action' }).click();
    await page.waitForURL(/#actions-heading$/);
    assert.equal(await page.locator('#objective-actions li').count(), 1);

    await page.goto(`${ui.server.url}${planPath}`);
    await page.getByRole('link', { name: 'Record that the plan was agreed' }).click();
    await checkPage(page, 'agree');
    const decision = page.getByLabel('Decision that agreed the plan');
    await decision.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Record that the plan was agreed' }).click();
    // The objective has no date: the gaps must be accepted.
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.equal(await page.locator('.nhsuk-error-summary a[href="#gaps"]').count(), 1);
    await checkPage(page, 'agree-errors');
    await page.getByLabel('The meeting saw these gaps and agreed the plan with them').check();
    await page.getByRole('button', { name: 'Record that the plan was agreed' }).click();
    await page.waitForURL(new RegExp(`${planPath}$`));
    assert.equal(await page.locator('#plan-status').innerText(), 'Agreed');

    await page.goto(`${ui.server.url}${objectivePath}`);
    await page.getByLabel('Amber').check();
    await page.getByLabel('Reason').fill('Recall list being cleaned');
    await page.getByRole('button', { name: 'Record progress' }).click();
    await page.waitForURL(/#progress-heading$/);
    assert.match(await page.locator('#progress').innerText(), /Amber[\s\S]*Recall list being cleaned/);

    // The demonstration plan of the cluster, when there is one: its page
    // and an objective's are checked below too.
    await page.goto(`${ui.server.url}${CLUSTER_PATH}/plans`);
    const demo = page.getByRole('link', { name: 'Annual plan 2026/27' });
    if (await demo.count()) {
      await demo.click();
      demoPaths.push(['demo-plan', pathOf(page)]);
      const first = page.locator('#objectives a[href*="/objectives/"]').first();
      demoPaths.push(['demo-objective', await first.getAttribute('href')]);
    }
  } finally {
    await page.context().close();
  }
});

for (const lang of ['en', 'cy']) {
  test(`plan pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    assert.ok(planPath && objectivePath, 'the plan was made by the test before');
    for (const who of ['lead@example.wales', 'member@example.wales']) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          for (const [name, path] of [['list', `${CLUSTER_PATH}/plans`], ['plan', planPath], ['objective', objectivePath], ...demoPaths]) {
            await checkPath(page, path, `${name}-${who.split('@')[0]}-${width}-${lang}`, lang);
          }
        }
      });
    }
  });
}
