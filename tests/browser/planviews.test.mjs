// Browser tests of the views of plans: the plan on a page, a group's and
// a health board's plans side by side, the IMTP view and the references
// page (with its form and an error), in English and Welsh, at 1,280 and
// 375 px: axe-core on each, the page never wider than the window. The
// plan on a page printed: the service's header and footer hidden, one A4
// page. Screenshots in build/screenshots/planviews-*.png; the HTML is kept
// for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { browserTests, SHOTS, WIDTHS } from './lib.mjs';
import { dbSql } from '../lib/server.mjs';

const ui = browserTests('planviews-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
const BOARD = '/units/cardiff-and-vale-university-health-board';
const PCPG = '/units/cardiff-pan-cluster-planning-group';

const planPath = () => {
  const id = dbSql(ui.server.db, "SELECT p.id FROM plan p JOIN unit u ON u.id=p.unit_id WHERE u.slug='cardiff-south-west'");
  return `/plans/${id}/page`;
};

for (const lang of ['en', 'cy']) {
  test(`plan views at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    await signedIn('hb@example.wales', lang, async page => {
      const paths = [planPath(), `${PCPG}/plans/side-by-side`, `${BOARD}/plans/side-by-side`, `${BOARD}/plans/imtp`,
        `${BOARD}/plan-references`];
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of paths) {
          await checkPath(page, path, `${path.replace(/^\//, '').replace(/[^a-z0-9]+/g, '-')}-${width}-${lang}`, lang);
        }
      }
    });
  });
}

test('the year chooser and the references form with an error', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'hb@example.wales');
    await page.goto(`${ui.server.url}${PCPG}/plans/side-by-side`);
    const options = await page.locator('select#year option').allTextContents();
    assert.ok(options.length >= 4, `the years offered: ${options}`);
    const older = options[options.length - 1];
    await page.locator('select#year').selectOption(older);
    await page.locator('form.cc-year-form button[type="submit"]').click();
    await page.waitForURL(u => u.search.includes('year='));
    assert.match(await page.locator('h1').textContent(), new RegExp(older.replace('/', '\\/')));
    await checkPage(page, 'side-by-side-older');

    await page.goto(`${ui.server.url}${BOARD}/plan-references`);
    // By the fields' ids: the user may have chosen Welsh in an earlier test.
    await page.locator('input#code').fill('IMTP-8');
    await page.locator('input#title_en').fill('Workforce wellbeing');
    await page.locator('form[action$="/plan-references"] button[type="submit"]').click();
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.equal(await page.locator('input#title_en').inputValue(), 'Workforce wellbeing');
    await checkPage(page, 'references-error');
    await page.locator('.nhsuk-error-summary a').first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'title_cy');
  } finally {
    await page.context().close();
  }
});

test('the plan on a page prints on one A4 page without the service\'s header and footer', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}${planPath()}`);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.nhsuk-header').isVisible(), false);
    assert.equal(await page.locator('.nhsuk-footer').isVisible(), false);
    assert.equal(await page.locator('.cc-no-print').isVisible(), false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    writeFileSync(`${SHOTS}/planviews-print.pdf`, pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pages, 1, 'printed on one page');
  } finally {
    await page.context().close();
  }
});
