// Browser tests of a project's risks and issues, the cluster's risk
// register and the highlight report: a lead adds a risk (errors first:
// the summary links to the field; what was typed is kept) that is
// escalated, an issue, and drafts a highlight report for a meeting; the
// pages at 1,280 and 375 px, in English and Welsh, pass axe and never get
// wider than the window. Screenshots in build/screenshots/risks-*.png;
// the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, WIDTHS } from './lib.mjs';
import { dbSql } from '../lib/server.mjs';

const ui = browserTests('risks-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
let P;

function setUp() {
  const now = Math.floor(Date.now() / 1000);
  const id = dbSql(ui.server.db, `INSERT INTO project(unit_id,title,problem_type,start_on,end_on,budget_pence,risk_tolerance,
    stage,created_at,updated_at) VALUES((SELECT id FROM unit WHERE slug='cardiff-south-west'),'Frailty hub pilot','tame',
    '2026-04-01','2027-03-31',5000000,12,'deliver',${now},${now}) RETURNING id;`);
  P = `/projects/${id}`;
  dbSql(ui.server.db, `INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
    VALUES((SELECT id FROM unit WHERE slug='cardiff-south-west'),'Cluster board','2099-02-01T10:00','2099-02-01T12:00',
    'scheduled',${now},${now});`);
}

test('a lead adds a risk, an issue and a highlight report in the browser', async () => {
  setUp();
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}${P}/risks`);
    await page.getByRole('link', { name: 'Add a risk' }).click();
    await checkPage(page, 'new');
    await page.getByLabel('The risk', { exact: true }).fill('Staff not recruited in time');
    await page.getByRole('button', { name: 'Save the risk' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'new-errors');
    await page.locator('.nhsuk-error-summary a[href="#likelihood"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'likelihood', 'the summary link lands on the field');
    assert.equal(await page.getByLabel('The risk', { exact: true }).inputValue(), 'Staff not recruited in time');
    await page.getByLabel('Likelihood', { exact: true }).selectOption('4');
    await page.getByLabel('Consequence', { exact: true }).selectOption('5');
    await page.getByLabel('Likelihood with the controls').selectOption('4');
    await page.getByLabel('Consequence with the controls').selectOption('4');
    await page.getByRole('button', { name: 'Save the risk' }).click();
    await page.waitForURL(/\/risks\?esc=up/);
    await checkPage(page, 'escalated');
    assert.match(await page.locator('#risk-banner').innerText(), /escalated to the risk register of Cardiff South West/);

    await page.goto(`${ui.server.url}${P}/issues/new`);
    await page.getByLabel('What has gone wrong').fill('Room booking lost');
    await page.getByRole('button', { name: 'Save the issue' }).click();
    await page.waitForURL(/\/issues#issue-\d+$/);
    await checkPage(page, 'issues');

    await page.goto(`${ui.server.url}${P}/highlight`);
    await page.getByLabel('Meeting').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Draft the highlight report' }).click();
    await page.waitForURL(/\/highlight\?done=\d+$/);
    await checkPage(page, 'highlight-done');
  } finally {
    await page.context().close();
  }
});

for (const lang of ['en', 'cy']) {
  test(`risk pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    assert.ok(P, 'the project was made by the test before');
    for (const who of ['lead@example.wales', 'member@example.wales']) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          const paths = [['risks', `${P}/risks`], ['register', `${CLUSTER_PATH}/risks`], ['issues', `${P}/issues`],
                         ['highlight', `${P}/highlight`]];
          if (who.startsWith('lead')) paths.push(['risk-new', `${P}/risks/new`], ['register-new', `${CLUSTER_PATH}/risks/new`],
                                                 ['issue-new', `${P}/issues/new`]);
          for (const [name, path] of paths) {
            await checkPath(page, path, `${name}-${who.split('@')[0]}-${width}-${lang}`, lang);
          }
        }
      });
    }
  });
}
