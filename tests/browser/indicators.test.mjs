// Browser tests of the indicator pages: the cluster profile (spine chart),
// one indicator for a cluster (trend and bars) and for a health board
// (bars), the funnel plot (plain and adjusted for overdispersion), an
// earlier period's profile, a health board's profile, the catalogue and
// its forms and import page (a national user), in English and Welsh, at
// 1,280 and 375 px: axe-core on each, the page never wider than the
// window, the charts that are plots scrolling in their own named,
// focusable region on a narrow screen. Screenshots in
// build/screenshots/indicators-*.png; the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, WIDTHS } from './lib.mjs';

const ui = browserTests('indicators-');
const { signedIn, checkPath } = ui;

const PAGES = [
  { name: 'profile', who: 'lead@example.wales', path: `${CLUSTER_PATH}/profile`, charts: ['spine'] },
  { name: 'cluster-indicator', who: 'lead@example.wales', path: `${CLUSTER_PATH}/indicators/premature_mortality`, charts: ['trend', 'bars'], plot: 'trend' },
  { name: 'board-indicator', who: 'hb@example.wales', path: '/units/cardiff-and-vale-university-health-board/indicators/smoking_prevalence', charts: ['bars'] },
  { name: 'funnel', who: 'lead@example.wales', path: '/indicators/smoking_prevalence/funnel', charts: ['funnel'], plot: 'funnel' },
  { name: 'catalogue', who: 'lead@example.wales', path: '/indicators', charts: [] },
  { name: 'funnel-adjusted', who: 'lead@example.wales', path: '/indicators/smoking_prevalence/funnel?adjust=1', charts: ['funnel'], plot: 'funnel' },
  { name: 'earlier-profile', who: 'lead@example.wales', path: `${CLUSTER_PATH}/profile?period=2020%2F21`, charts: ['spine'] },
  { name: 'board-profile', who: 'hb@example.wales', path: '/units/cardiff-and-vale-university-health-board/profile', charts: ['spine'] },
  { name: 'catalogue-manage', who: 'national@example.wales', path: '/indicators', charts: [] },
  { name: 'indicator-new', who: 'national@example.wales', path: '/indicators/new', charts: [] },
  { name: 'indicator-edit', who: 'national@example.wales', path: '/indicators/smoking_prevalence/edit', charts: [] },
  { name: 'indicator-import', who: 'national@example.wales', path: '/indicators/import', charts: [] },
];

for (const lang of ['en', 'cy']) {
  test(`indicator pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    for (const who of ['lead@example.wales', 'hb@example.wales', 'national@example.wales']) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          for (const p of PAGES.filter(x => x.who === who)) {
            const label = `${p.name}-${width}-${lang}`;
            await checkPath(page, p.path, label, lang);
            for (const c of p.charts) {
              const svg = page.locator(`svg.ichart-${c}`);
              assert.equal(await svg.count(), 1, `${label}: the ${c} chart`);
              const box = await svg.boundingBox();
              assert.ok(box.width > 200, `${label}: the ${c} chart has a readable size (${box.width} px)`);
            }
            if (p.plot) {
              const region = page.locator(`#${p.plot}-chart .nhsuk-scroll__content`);
              const titleId = await region.getAttribute('aria-labelledby');
              assert.equal(await page.locator(`[id="${titleId}"]`).count(), 1, `${label}: the region is named by the chart's title`);
              const [sw, cw] = await region.evaluate(e => [e.scrollWidth, e.clientWidth]);
              if (width < 768) {
                assert.ok(sw > cw, `${label}: the plot keeps its size and scrolls in its region`);
                assert.equal(await region.getAttribute('tabindex'), '0', `${label}: the scrolling region is focusable`);
              } else assert.ok(sw <= cw, `${label}: the plot fits at ${width} px`);
            }
          }
        }
      });
    }
  });
}
