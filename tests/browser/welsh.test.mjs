// Browser tests: the Welsh names of the units as a Welsh reader meets
// them, in Chromium on a fresh server with the demonstration data. The
// cluster page, the health board's page and a meeting page in Welsh (and
// the cluster page again in English), each with the axe-core check and a
// full-page screenshot at 1,280 and at 375 px
// (build/screenshots/welsh-*.png) for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { browserTests, CLUSTER, CLUSTER_PATH, pathOf, clean } from './lib.mjs';

const ui = browserTests('welsh-');
const { newPage, checkPage, signIn } = ui;

const CLUSTER_CY = 'De-orllewin Caerdydd';
const BOARD_CY = "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro";
const WIDTHS = [1280, 375];

const sql = text => execFileSync('sqlite3', ['-cmd', '.timeout 5000', ui.server.db], { input: text }).toString().trim();

// The page at each width: the axe check and a screenshot named NAME-WIDTH.
async function atEachWidth(page, name, check = async () => {}) {
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w, height: 900 });
    await check(w);
    await checkPage(page, `${name}-${w}`);
  }
}
// The value of the summary list row whose key is `key`.
const summaryValue = (page, key) =>
  page.locator('.nhsuk-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) }).locator('dd');

async function toWelsh(page) {
  await page.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'cy');
}

test('a cluster lead in Welsh: the cluster page and a meeting page', async () => {
  const lead = await newPage();
  await signIn(lead, 'lead@example.wales');
  await toWelsh(lead);
  // From the home page to the cluster, by its Welsh name.
  await lead.getByRole('link', { name: CLUSTER_CY, exact: true }).first().click();
  assert.equal(pathOf(lead), CLUSTER_PATH);
  await atEachWidth(lead, 'cluster-cy', async () => {
    assert.equal(clean(await lead.locator('h1').innerText()), CLUSTER_CY);
    assert.equal(clean(await summaryValue(lead, 'Bwrdd iechyd').innerText()), BOARD_CY);
    assert.equal(clean(await summaryValue(lead, 'Awdurdod lleol').innerText()), 'Caerdydd');
  });
  assert.equal(await lead.title(), `${CLUSTER_CY} – carecluster`);

  // The meeting held most recently, from the list of meetings.
  const held = Number(sql(`SELECT m.id FROM meeting m JOIN unit u ON u.id=m.unit_id
    WHERE u.slug='cardiff-south-west' AND m.status='held' ORDER BY m.starts_at DESC LIMIT 1;`));
  await lead.setViewportSize({ width: 1280, height: 900 });
  await lead.getByRole('link', { name: 'Cyfarfodydd', exact: true }).click();
  assert.equal(clean(await lead.locator('.nhsuk-caption-l').innerText()), CLUSTER_CY);
  await lead.locator(`a[href="/meetings/${held}"]`).first().click();
  assert.equal(pathOf(lead), `/meetings/${held}`);
  await atEachWidth(lead, 'meeting-cy', async w => {
    assert.equal(clean(await lead.locator('.nhsuk-caption-l').innerText()), CLUSTER_CY);
    const crumbs = lead.getByRole('navigation', { name: 'Briwsion bara' });
    if (w >= 1280) {
      // The full trail on a wide screen.
      assert.ok(await crumbs.getByRole('link', { name: CLUSTER_CY, exact: true }).isVisible());
    } else {
      // On a phone NHS.UK frontend shows only the link back, named in Welsh.
      const back = crumbs.locator('.nhsuk-back-link');
      assert.ok(await back.isVisible());
      assert.equal(clean(await back.innerText()), `Yn ôl i'r dudalen ${CLUSTER_CY}`);
    }
    assert.equal(clean(await summaryValue(lead, 'Cworwm').innerText()).split(' ').slice(0, 2).join(' '), 'Mae cworwm');
  });
  await lead.setViewportSize({ width: 1280, height: 900 });
  await lead.getByRole('navigation', { name: 'Briwsion bara' }).getByRole('link', { name: CLUSTER_CY, exact: true }).click();
  assert.equal(pathOf(lead), `${CLUSTER_PATH}/meetings`);

  // Back in English: the English names.
  await lead.goto(`${ui.server.url}${CLUSTER_PATH}`);
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'en');
  await atEachWidth(lead, 'cluster-en', async () => {
    assert.equal(clean(await lead.locator('h1').innerText()), CLUSTER);
    assert.equal(clean(await summaryValue(lead, 'Health board').innerText()), 'Cardiff and Vale University Health Board');
  });
  await lead.context().close();
});

test('a health board reader in Welsh: the board\'s page lists its clusters by their Welsh names', async () => {
  const hb = await newPage();
  await signIn(hb, 'hb@example.wales');
  await toWelsh(hb);
  await hb.getByRole('link', { name: BOARD_CY, exact: true }).click();
  await atEachWidth(hb, 'board-cy', async () => {
    assert.equal(clean(await hb.locator('h1').innerText()), BOARD_CY);
    const clusters = hb.getByRole('table').last();
    for (const name of [CLUSTER_CY, 'Gogledd Caerdydd', 'Canol y Fro']) {
      assert.ok(await clusters.getByRole('link', { name, exact: true }).count() === 1, name);
    }
  });
  // The cluster's breadcrumbs lead back through its planning group.
  await hb.setViewportSize({ width: 1280, height: 900 });
  await hb.getByRole('link', { name: CLUSTER_CY, exact: true }).first().click();
  const crumbs = hb.getByRole('navigation', { name: 'Briwsion bara' });
  // The click starts a navigation: wait for the cluster's page (isVisible does not wait).
  const pcpg = crumbs.getByRole('link', { name: 'Grŵp Cynllunio Pan-glwstwr Caerdydd', exact: true });
  await pcpg.waitFor({ state: 'visible', timeout: 10000 });
  assert.ok(await pcpg.isVisible());
  await hb.context().close();
});
