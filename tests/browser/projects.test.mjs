// Browser tests of projects: a cluster lead starts a project from the
// cluster's page (errors first: the summary links to the field, what was
// typed is kept), adds a milestone; the portfolio, the project, its
// milestones, edit and gate pages at 1,280 and 375 px, in English and
// Welsh, pass axe and never get wider than the window; the PCPG's
// portfolio read by the health board. Screenshots in
// build/screenshots/projects-*.png; the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, WIDTHS } from './lib.mjs';

const ui = browserTests('projects-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
let projectPath;

test('a lead starts a project and adds a milestone in the browser', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}${CLUSTER_PATH}`);
    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await checkPage(page, 'list');
    await page.getByRole('link', { name: 'Start a project' }).click();
    await checkPage(page, 'new');
    await page.getByLabel('Title').fill('Falls prevention classes');
    await page.getByLabel('Budget').fill('12,50.00');
    await page.getByRole('button', { name: 'Start the project' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'new-errors');
    await page.locator('.nhsuk-error-summary a[href="#budget"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'budget', 'the summary link lands on the field');
    assert.equal(await page.getByLabel('Budget').inputValue(), '12,50.00', 'what was typed is kept');
    await page.getByLabel('Budget').fill('12,500.00');
    await page.getByLabel('Wicked').check();
    await page.getByLabel('Why it is that type').fill('Many causes, across organisations');
    await page.getByLabel('Owner').selectOption({ index: 1 });
    await page.getByLabel('Start', { exact: true }).fill('2026-04-01');
    await page.getByLabel('Planned end').fill('2027-03-31');
    await page.getByRole('button', { name: 'Start the project' }).click();
    await page.waitForURL(/\/projects\/\d+$/);
    projectPath = pathOf(page);
    await checkPage(page, 'project-new');
    await page.getByRole('link', { name: 'Manage the milestones' }).click();
    await page.getByRole('link', { name: 'Add a milestone' }).click();
    await page.getByLabel('Milestone').fill('Classes running');
    await page.getByLabel('Due').fill('2026-09-01');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/milestones$/);
    assert.equal(await page.locator('#milestones-table tbody tr').count(), 1);
    await checkPage(page, 'milestones');
  } finally {
    await page.context().close();
  }
});

for (const lang of ['en', 'cy']) {
  test(`project pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    assert.ok(projectPath, 'the project was made by the test before');
    await signedIn('lead@example.wales', lang, async page => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const paths = [['list', `${CLUSTER_PATH}/projects`], ['project', projectPath], ['milestones', `${projectPath}/milestones`],
          ['edit', `${projectPath}/edit`], ['gate', `${projectPath}/gate`], ['new', `${CLUSTER_PATH}/projects/new`]];
        for (const [name, path] of paths) {
          await checkPath(page, path, `${name}-lead-${width}-${lang}`, lang);
        }
      }
    });
  });
}

test('the PCPG\'s portfolio at 1,280 and 375 px (a health board user)', async () => {
  assert.ok(projectPath, 'the project was made by the test before');
  await signedIn('hb@example.wales', 'en', async page => {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await checkPath(page, '/units/cardiff-pan-cluster-planning-group/projects', `pcpg-hb-${width}-en`, 'en');
      await checkPath(page, projectPath, `project-hb-${width}-en`, 'en');
    }
  });
});
