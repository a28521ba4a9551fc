// Browser tests: tables and charts that fit the screen. At 375 px the
// action log, the agenda, the review of actions, the attendance and the
// members use NHS.UK frontend's responsive table (a block of labelled lines
// per row, nothing cut off) and an SPC chart scrolls inside its own
// focusable, named region; at 1,280 px the action log's seven columns fit
// the page (its "Due" column was cut off). The page itself never scrolls
// sideways. In English and Welsh, each page with the axe-core check and a
// screenshot at 1,280 and 375 px (build/screenshots/pages-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, waitForPath } from './lib.mjs';

const ui = browserTests('pages-');
const { newPage, checkPage, signIn } = ui;

// The tables of each page, with the text of each one's key column heading
// (what a row is about), in English and Welsh.
const KEY = {
  en: { actions: 'Action Ref', agenda: 'No.', 'review-actions': 'Action Ref', attendance: 'Full name', members: 'Full name' },
};

// Where the pages are: the action log, the next demonstration meeting
// (agenda, review of actions, attendance), the cluster's page (members)
// and the demonstration project's XmR chart.
async function findPages(page) {
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/meetings`);
  const meetings = await page.locator('table a[href^="/meetings/"]').evaluateAll(as => as.map(a => a.getAttribute('href')));
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/qi`);
  await page.getByRole('link', { name: 'Reduce waiting time for routine GP appointments' }).click();
  await waitForPath(page, /^\/qi\/\d+$/);
  const measure = await page.locator('#measures a[href^="/measures/"]').first().getAttribute('href');
  return [
    { name: 'actions', path: `${CLUSTER_PATH}/actions`, tables: ['actions'] },
    // The newest meeting is first in the list: the one still to come.
    { name: 'meeting', path: meetings[0], tables: ['agenda', 'review-actions', 'attendance'] },
    { name: 'members', path: CLUSTER_PATH, tables: ['members'] },
    { name: 'chart', path: measure, tables: [], chart: true },
  ];
}

// Every table named fits the window and shows its key column: each row's
// first cell lies wholly inside the window, its heading repeated beside it
// on a narrow screen.
async function checkTables(page, tables, width, label) {
  for (const id of tables) {
    const table = page.locator(`table#${id}`);
    assert.equal(await table.count(), 1, `${label}: table #${id}`);
    const box = await table.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5,
      `${label}: #${id} spans ${box.x}–${box.x + box.width} px in a ${width} px window`);
    // Nothing inside is cut off by its region: the table is no wider than what holds it.
    const [sw, cw] = await table.evaluate(t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
    assert.ok(sw <= cw, `${label}: #${id} overflows its region (${sw} > ${cw})`);
    const rows = table.locator('tbody tr');
    const n = await rows.count();
    assert.ok(n > 0, `${label}: #${id} has rows`);
    for (let i = 0; i < Math.min(n, 5); i++) {
      const key = rows.nth(i).locator('td').first();
      const kb = await key.boundingBox();
      assert.ok(kb && kb.x >= 0 && kb.x + kb.width <= width + 0.5, `${label}: #${id} row ${i + 1}'s key column is visible`);
      const heading = key.locator('.nhsuk-table-responsive__heading');
      if (width < 768) {
        assert.ok(await heading.isVisible(), `${label}: #${id} row ${i + 1} names its column on a narrow screen`);
      } else {
        assert.ok(!(await heading.isVisible()), `${label}: #${id} has its column headings above, not in the cells`);
      }
    }
    if (width < 768) {
      // Every cell of a row is inside the window, not just the first.
      const cells = rows.first().locator('td');
      for (let k = 0; k < await cells.count(); k++) {
        const cb = await cells.nth(k).boundingBox();
        if (!cb || cb.width === 0) continue;
        assert.ok(cb.x >= 0 && cb.x + cb.width <= width + 0.5, `${label}: #${id} cell ${k + 1} is inside the window`);
      }
    } else {
      const head = await table.locator('thead th').allInnerTexts();
      if (KEY.en[id] && label.endsWith('-en')) assert.equal(head[0], KEY.en[id]);
    }
  }
}

// The chart scrolls inside a region that is named by the chart's title
// and can be reached from the keyboard, and that region fits the window.
async function checkChart(page, width, label) {
  const region = page.locator('#chart .nhsuk-scroll__content');
  assert.equal(await region.getAttribute('role'), 'region');
  const titleId = await region.getAttribute('aria-labelledby');
  assert.ok(titleId && await page.locator(`[id="${titleId}"]`).count() === 1, `${label}: the region is named by the chart's title`);
  const box = await region.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${label}: the chart's region is inside the window`);
  const [sw, cw] = await region.evaluate(e => [e.scrollWidth, e.clientWidth]);
  if (width < 768) {
    assert.ok(sw > cw, `${label}: the chart keeps a readable size and scrolls in its region`);
    assert.equal(await region.getAttribute('tabindex'), '0', `${label}: the scrolling region is focusable`);
    await region.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('#chart .nhsuk-scroll__content').scrollLeft > 0);
    await region.evaluate(e => { e.scrollLeft = 0; });
  } else {
    assert.ok(sw <= cw, `${label}: the chart fits at ${width} px`);
  }
}

for (const lang of ['en', 'cy']) {
  test(`at 1,280 and 375 px nothing is cut off: the action log, a meeting, the members and an SPC chart (${lang})`, async () => {
    const page = await newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'lead@example.wales');
    if (lang === 'cy') {
      await page.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
      await page.waitForFunction(() => document.documentElement.lang === 'cy');
    }
    try {
      const pages = await findPages(page);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        for (const p of pages) {
          await page.goto(`${ui.server.url}${p.path}`);
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
          const label = `${p.name}-${width}-${lang}`;
          await checkPage(page, label);
          assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width,
            `${label}: the page is no wider than the window`);
          await checkTables(page, p.tables, width, label);
          if (p.chart) await checkChart(page, width, label);
        }
      }
      // The action log at 1,280 px: "Due" and its dates are in view.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${ui.server.url}${CLUSTER_PATH}/actions`);
      const due = page.locator('#actions thead th').last();
      const db = await due.boundingBox();
      const rb = await page.locator('#actions').evaluate(t => t.parentElement.getBoundingClientRect().toJSON());
      assert.ok(db.x + db.width <= rb.x + rb.width + 0.5, `the "Due" column is inside the action log's region`);
    } finally {
      if (lang === 'cy') {
        await page.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      await page.context().close();
    }
  });
}
