// Browser tests of the needs assessment and priority pages: starting an
// assessment, the assessment with its six sources and the indicators
// significantly worse than Wales, recording a finding from one, evidence
// with an error first, two priorities, the ranked list with the weights
// form (an error first) and the sensitivity view, and a priority's page;
// in English and Welsh, at 1,280 and 375 px: axe-core on each and the page
// never wider than the window. Screenshots in
// build/screenshots/needs-*.png; the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, WIDTHS, toWelsh } from './lib.mjs';

const ui = browserTests('needs-');
const { newPage, checkPage, signIn, checkPath } = ui;

async function bothWidths(page, path, name) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await checkPath(page, path, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a needs assessment from start to ranked priorities, in English and Welsh', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'lead@example.wales');
    await bothWidths(page, `${CLUSTER_PATH}/needs`, 'list');
    // The demonstration assessment, when there is one, with its priorities.
    const demo = page.locator('#needs-years a').first();
    if (await demo.count()) {
      const demoPath = await demo.getAttribute('href');
      await bothWidths(page, demoPath, 'demo-assessment');
      await bothWidths(page, `${demoPath}/priorities`, 'demo-priorities');
      await page.goto(`${ui.server.url}${demoPath}/priorities`);
      const first = page.locator('#ranked-table tbody a').first();
      if (await first.count()) await bothWidths(page, await first.getAttribute('href'), 'demo-priority');
      await page.goto(`${ui.server.url}${CLUSTER_PATH}/needs`);
    }
    await page.locator('#start-needs').click();
    await page.waitForURL(/\/needs\/\d+$/);
    const needsPath = pathOf(page);
    await bothWidths(page, needsPath, 'assessment');

    // Record a finding from the first indicator worse than Wales.
    const record = page.locator('a[id^="record-"]').first();
    assert.ok(await record.count(), 'the demonstration cluster has an indicator worse than Wales');
    await record.click();
    await page.waitForURL(/\/findings\/new\?/);
    await checkPage(page, 'finding-form');
    await page.locator('#so_what').fill('More people here live with it');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/needs\/\d+#finding-\d+$/);

    // Evidence: the error first, then saved.
    await page.goto(`${ui.server.url}${needsPath}/evidence/new?source=views`);
    await page.locator('#url').fill('not an address');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await checkPage(page, 'evidence-error');
    await page.locator('#title').fill('Patient survey 2026');
    await page.locator('#url').fill('https://example.wales/survey');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#evidence-\d+$/);

    // Two priorities.
    for (const [title, scores] of [['Diabetes', [5, 4, 3, 2, 3, 2]], ['Alcohol', [3, 5, 4, 4, 2, 3]]]) {
      await page.goto(`${ui.server.url}${needsPath}/priorities/new`);
      await page.locator('#title').fill(title);
      await page.locator('input[name="findings"]').first().check();
      const crit = ['size', 'gap', 'inequality', 'trend', 'changeable', 'alignment'];
      for (let i = 0; i < 6; i++) await page.locator(`#score-${crit[i]}`).selectOption(String(scores[i]));
      if (title === 'Diabetes') await checkPage(page, 'priority-form');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/priorities\/\d+$/);
    }
    const priorityPath = pathOf(page);
    await bothWidths(page, priorityPath, 'priority');
    await bothWidths(page, `${needsPath}/priorities`, 'priorities');
    const first = await page.locator('#ranked-table tbody tr').first().innerText();
    assert.match(first, /Alcohol/);

    // A bad weight: the error summary, the value kept.
    await page.locator('#weight-trend').fill('11');
    await page.locator('#save-weights').click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.locator('#weight-trend').inputValue(), '11');
    await checkPage(page, 'weights-error');

    // Welsh.
    await toWelsh(page);
    for (const [path, name] of [[needsPath, 'assessment-cy'], [`${needsPath}/priorities`, 'priorities-cy'], [priorityPath, 'priority-cy']]) {
      await bothWidths(page, path, name);
    }
  } finally {
    await page.context().close();
  }
});
