// A cluster lead walks through the demonstration money in the browser:
// the cluster's page, its money (the warning of a stream forecast over its
// allocation), its commitments and the funded post's page (route, approver,
// months), back to the money, its business cases, the approved case and
// its documents (the PDF and the Word document, downloaded). Every page on
// the way at 1,280 and 375 px passes axe and never gets wider than the
// window; in Welsh too. Screenshots in build/screenshots/walk-*.png; the
// HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, WIDTHS, toWelsh } from './lib.mjs';

const ui = browserTests('walk-');
const { newPage, checkPage, signIn, checkPath } = ui;

test('a cluster lead: money, a commitment, the business case and its documents', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  const paths = [];
  try {
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}${CLUSTER_PATH}`);
    await page.getByRole('link', { name: 'Money', exact: true }).click();
    await page.waitForURL(/\/finance/);
    paths.push(pathOf(page));
    assert.equal(await page.locator('.nhsuk-warning-callout', { hasText: 'Forecast over allocation' }).count(), 1,
      'the stream over its allocation is warned of');
    await checkPage(page, 'finance');

    await page.getByRole('link', { name: 'Commitments', exact: true }).first().click();
    await page.waitForURL(/\/commitments/);
    paths.push(`${pathOf(page)}${new URL(page.url()).search}`);
    await checkPage(page, 'commitments');
    await page.getByRole('link', { name: /Cluster pharmacist, frailty medication reviews/ }).first().click();
    await page.waitForURL(/\/commitments\/\d+$/);
    paths.push(pathOf(page));
    const body = await page.locator('main').innerText();
    assert.match(body, /Sell2Wales/i, 'the route the rules gave');
    assert.match(body, /£2,600\.00/, 'its months');
    await checkPage(page, 'commitment');

    await page.goBack();
    await page.goBack();
    await page.getByRole('link', { name: 'Business cases', exact: true }).first().click();
    await page.waitForURL(/\/business-cases$/);
    paths.push(pathOf(page));
    await checkPage(page, 'cases');
    await page.getByRole('link', { name: 'Cluster pharmacist for frailty reviews' }).click();
    await page.waitForURL(/\/business-cases\/\d+$/);
    const casePath = pathOf(page);
    paths.push(casePath);
    await checkPage(page, 'case');

    // The documents, as the browser downloads them.
    for (const [name, type, magic] of [['Download as PDF', 'application/pdf', '%PDF'],
      ['Download as a Word document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK']]) {
      const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
      const r = await page.request.get(`${ui.server.url}${href}`);
      assert.equal(r.status(), 200, href);
      assert.equal(r.headers()['content-type'], type);
      assert.equal((await r.body()).subarray(0, magic.length).toString('latin1'), magic);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
      assert.match(download.suggestedFilename(), /^cardiff-south-west-business-case-\d+-en\.(pdf|docx)$/);
    }
  } finally {
    await page.context().close();
  }

  // The same pages at each width, and in Welsh.
  // (English first: the choice of Welsh stays with the user.)
  for (const lang of ['en', 'cy']) {
    for (const width of WIDTHS) {
      const p = await newPage({ viewport: { width, height: 900 } });
      try {
        await signIn(p, 'lead@example.wales');
        if (lang === 'cy' && await p.evaluate(() => document.documentElement.lang) !== 'cy') await toWelsh(p);
        for (const [i, path] of paths.entries()) await checkPath(p, path, `${lang}-${width}-${i}`, lang);
      } finally {
        await p.context().close();
      }
    }
  }
});
