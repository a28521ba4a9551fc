// Browser tests: quality improvement as a cluster lead does it, in
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core) on a
// fresh server with the demonstration data. A QI project started from the
// cluster (the empty form first: the error summary, focused), its driver
// diagram (a primary driver, a secondary driver, a change idea), two PDSA
// cycles of a ramp (the second builds on the first), an XmR measure with
// 24 months of data imported from a CSV file with a clear shift down
// (lower is better: special cause improvement), a point annotated with the
// cycle, and the chart drawn on the server: visible, its <title>, its
// description and the signal in words, in English and in Welsh. Every page
// on the way gets an axe-core check and a full-page screenshot
// (build/screenshots/qi-*.png), the chart its own (qi-chart.png,
// qi-chart-cy.png), and the measure page one at 320 px wide.
//
// The project made here is the cluster's second: the demonstration data
// has one (an XmR measure with a rebase, a p chart and a run chart),
// which the last test opens. The dates here (2024-2025) are in the past
// whatever today's date, as data points are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserTests, SHOTS, CLUSTER, CLUSTER_PATH, pathOf, waitForPath, clean, fillDate, openAllDetails,
} from './lib.mjs';

const PROJECT = {
  title: 'Fewer missed appointments',
  aim: 'Reduce the rate of missed GP appointments across the cluster from 40 to 30 a month by December 2025.',
  measures: 'The number of missed appointments a month, from the practices’ systems.',
  changes: 'Text message reminders the day before, and an easy way to cancel.',
};
const PRIMARY = 'Patients remember their appointment';
const SECONDARY = 'Reminders reach patients in time';
const CHANGE = 'Text message reminder the day before';
const CYCLE1 = { title: 'Reminders at one practice', start: ['1', '10', '2024'], end: ['31', '10', '2024'] };
const CYCLE2 = { title: 'Reminders at every practice', start: ['1', '12', '2024'] };
const MEASURE = 'Missed appointments a month';
// 24 months, January 2024 to December 2025: about 40 a month, then about
// 32 from January 2025 (after the cycles), a shift of twelve points below
// the mean.
const VALUES = [41, 39, 42, 40, 43, 38, 41, 40, 42, 39, 41, 40, 33, 31, 34, 32, 30, 33, 31, 32, 30, 34, 31, 32];
const CSV = 'date,value\n' + VALUES.map((v, i) =>
  `${2024 + Math.floor(i / 12)}-${String(i % 12 + 1).padStart(2, '0')}-01,${v}`).join('\n') + '\n';

let lead;        // the cluster lead's page, carried through
let projectId;
let cycle1Id;
let cycle2Id;
let measureId;

const ui = browserTests('qi-');
const { newPage, checkPage, signIn } = ui;

// The chart of the measure page: the <svg>, its title and description.
async function chartOf(page) {
  const svg = page.locator('#chart svg');
  await svg.waitFor({ state: 'visible' });
  const box = await svg.boundingBox();
  assert.ok(box.width > 280 && box.height > 100, `the chart has a size (${box.width} x ${box.height})`);
  assert.equal(await svg.getAttribute('role'), 'img');
  const labelledBy = (await svg.getAttribute('aria-labelledby')).split(' ');
  assert.equal(labelledBy.length, 2);
  const title = clean(await svg.locator('title').textContent());
  const desc = clean(await svg.locator('desc').textContent());
  assert.equal(await svg.locator('title').getAttribute('id'), labelledBy[0]);
  assert.equal(await svg.locator('desc').getAttribute('id'), labelledBy[1]);
  return { svg, title, desc };
}

// ---------------------------------------------------------------------------

test('the lead starts a QI project from Cardiff South West, the empty form first', async () => {
  lead = await newPage();
  await signIn(lead, 'lead@example.wales');
  await lead.getByRole('table').getByRole('link', { name: CLUSTER, exact: true }).click();
  await waitForPath(lead, CLUSTER_PATH);
  await lead.getByRole('link', { name: 'Quality improvement projects', exact: true }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/qi`);
  assert.equal(await lead.locator('h1').innerText(), 'Quality improvement projects');
  await checkPage(lead, 'projects-empty');

  await lead.getByRole('link', { name: 'Start a QI project' }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/qi/new`);
  assert.equal(await lead.locator('h1').innerText(), 'Start a QI project');
  await checkPage(lead, 'project-form');

  // Nothing filled in: the error summary, focused, and each message by its field.
  await lead.getByRole('button', { name: 'Start a QI project' }).click();
  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await lead.title(), /^Error: /);
  await lead.waitForFunction(() => document.activeElement?.closest('.nhsuk-error-summary') !== null);
  const errors = (await summary.getByRole('link').allInnerTexts()).map(clean);
  for (const e of ['Enter a title for the project', 'Enter the aim: what are we trying to accomplish?',
    'Select at least one dimension of quality (STEEEP)']) {
    assert.ok(errors.includes(e), `"${e}" is in the error summary: ${JSON.stringify(errors)}`);
  }
  assert.match(await lead.locator('#title-error').innerText(), /Enter a title for the project/);
  await checkPage(lead, 'project-form-errors');
  await summary.getByRole('link', { name: 'Enter a title for the project' }).click();
  assert.equal(await lead.evaluate(() => document.activeElement?.id), 'title');

  await lead.getByLabel('Project title', { exact: true }).fill(PROJECT.title);
  await lead.getByLabel('What are we trying to accomplish?').fill(PROJECT.aim);
  await lead.getByLabel('How will we know that a change is an improvement?').fill(PROJECT.measures);
  await lead.getByLabel('What changes can we make that will result in improvement?').fill(PROJECT.changes);
  const steeep = lead.getByRole('group', { name: 'Dimensions of quality (STEEEP)' });
  await steeep.getByLabel('Timely', { exact: true }).check();
  await steeep.getByLabel('Efficient', { exact: true }).check();
  await steeep.getByLabel('Person centred', { exact: true }).check();
  const team = lead.getByRole('group', { name: 'Team' });
  await team.getByLabel('Dr Alys Morgan', { exact: true }).check();
  await team.getByLabel('Sian Griffiths', { exact: true }).check();
  await fillDate(lead, 'Start date', ['1', '9', '2024']);
  await lead.getByRole('button', { name: 'Start a QI project' }).click();
  await waitForPath(lead, /^\/qi\/\d+$/);
  projectId = Number(pathOf(lead).split('/')[2]);
  assert.equal(await lead.locator('h1').innerText(), PROJECT.title);
  const model = clean(await lead.locator('#qi-model').innerText());
  assert.match(model, new RegExp(PROJECT.aim.slice(0, 40)));
  assert.match(model, /Timely.*Efficient.*Person centred/);
  assert.match(clean(await lead.locator('#qi-team').innerText()), /Dr Alys Morgan.*Sian Griffiths/);
  assert.match(clean(await lead.locator('main').innerText()), /Started 1 September 2024/);
  await checkPage(lead, 'project-new');
});

test('the driver diagram: a primary driver, a secondary driver under it, a change idea under that', async () => {
  const add = async (kind, under, text) => {
    const details = lead.locator('details').filter({ hasText: 'Add to the driver diagram' });
    if (!(await details.getAttribute('open') !== null)) await details.locator('summary').click();
    await details.getByRole('radio', { name: kind, exact: true }).check();
    if (under) await details.getByLabel('Under', { exact: true }).selectOption({ label: under });
    await details.getByLabel('Text', { exact: true }).fill(text);
    await details.getByRole('button', { name: 'Add', exact: true }).click();
    await waitForPath(lead, `/qi/${projectId}`);
  };
  await add('Primary driver', null, PRIMARY);
  await add('Secondary driver', `Primary driver: ${PRIMARY}`, SECONDARY);
  // Secondary drivers are indented under their primary in the list.
  await add('Change idea', `— Secondary driver: ${SECONDARY}`, CHANGE);
  // Nested as a tree: the change idea under the secondary under the primary.
  const primary = lead.locator('#drivers > li');
  assert.equal(await primary.count(), 1);
  assert.match(clean(await primary.innerText()), new RegExp(`^Primary driver: ${PRIMARY}`));
  const secondary = primary.locator(':scope > ul > li');
  assert.match(clean(await secondary.innerText()), new RegExp(`^Secondary driver: ${SECONDARY}`));
  assert.match(clean(await secondary.locator(':scope > ul > li').innerText()), new RegExp(`^Change idea: ${CHANGE}`));
  await openAllDetails(lead);
  await checkPage(lead, 'drivers');
});

test('two PDSA cycles on the change idea, the second building on the first', async () => {
  await lead.getByRole('link', { name: 'Plan a PDSA cycle' }).click();
  await waitForPath(lead, `/qi/${projectId}/pdsa/new`);
  assert.equal(await lead.locator('h1').innerText(), 'Plan a PDSA cycle');
  await checkPage(lead, 'pdsa-form');
  await lead.getByLabel('Title of the cycle', { exact: true }).fill(CYCLE1.title);
  await lead.getByLabel('Change idea', { exact: true }).selectOption({ label: CHANGE });
  await lead.getByLabel('Plan: what, who, when and where').fill('Ely Bridge Surgery texts every patient booked for the next day, for October.');
  await lead.getByLabel('Prediction', { exact: true }).fill('Missed appointments at the practice fall by a quarter.');
  await lead.getByLabel('What data will be collected').fill('Missed appointments a week, and replies to the texts.');
  await fillDate(lead, 'Start date', CYCLE1.start);
  await fillDate(lead, 'End date', CYCLE1.end);
  await lead.getByLabel('What happened').fill('Texts went to 1,930 patients; 71 cancelled by reply.');
  await lead.getByLabel('Compared with the prediction').fill('Missed appointments fell by a fifth: less than predicted, but real.');
  await lead.getByRole('radio', { name: 'Adapt', exact: true }).check();
  await lead.getByLabel('What will be done next').fill('Send the texts at every practice, with a link to cancel.');
  await lead.getByRole('button', { name: 'Plan a PDSA cycle' }).click();
  await waitForPath(lead, /^\/pdsa\/\d+$/);
  cycle1Id = Number(pathOf(lead).split('/')[2]);
  assert.equal(await lead.locator('h1').innerText(), CYCLE1.title);
  assert.equal(clean(await lead.locator('#pdsa-act').innerText()), 'Adapt');
  await checkPage(lead, 'pdsa-1');

  // The next cycle of the ramp, from the first cycle's page.
  await lead.getByRole('link', { name: 'Plan the next cycle of this ramp' }).click();
  await waitForPath(lead, `/qi/${projectId}/pdsa/new`);
  assert.equal(await lead.getByLabel('Change idea', { exact: true }).inputValue(), await lead.getByLabel('Change idea', { exact: true }).locator('option', { hasText: CHANGE }).getAttribute('value'));
  assert.equal(await lead.getByLabel('Builds on cycle (optional)').inputValue(), String(cycle1Id));
  await lead.getByLabel('Title of the cycle', { exact: true }).fill(CYCLE2.title);
  await lead.getByLabel('Plan: what, who, when and where').fill('All seven practices send the reminder with a link to cancel, from December.');
  await lead.getByLabel('Prediction', { exact: true }).fill('Missed appointments across the cluster fall from about 40 to about 32 a month.');
  await lead.getByLabel('What data will be collected').fill('Missed appointments a month for the cluster.');
  await fillDate(lead, 'Start date', CYCLE2.start);
  await lead.getByRole('button', { name: 'Plan a PDSA cycle' }).click();
  await waitForPath(lead, /^\/pdsa\/\d+$/);
  cycle2Id = Number(pathOf(lead).split('/')[2]);
  assert.notEqual(cycle2Id, cycle1Id);
  // The ramp: the first cycle, then this one.
  const ramp = lead.locator('#pdsa-ramp');
  assert.match(clean(await ramp.innerText()), new RegExp(`Builds on: ${CYCLE1.title}`));
  assert.equal(await ramp.getByRole('link', { name: CYCLE1.title }).getAttribute('href'), `/pdsa/${cycle1Id}`);
  await checkPage(lead, 'pdsa-2');

  // The project's timeline has both, in order.
  await lead.goto(`${ui.server.url}/qi/${projectId}`);
  const timeline = (await lead.locator('#pdsa-timeline > li h3').allInnerTexts()).map(clean);
  assert.deepEqual(timeline, [CYCLE1.title, CYCLE2.title]);
});

test('an XmR measure, its data imported from a CSV file, and the chart with its signal', async () => {
  await lead.getByRole('link', { name: 'Add a measure' }).click();
  await waitForPath(lead, `/qi/${projectId}/measures/new`);
  await checkPage(lead, 'measure-form');
  await lead.getByRole('radio', { name: 'Outcome measure' }).check();
  await lead.getByLabel('Name', { exact: true }).fill(MEASURE);
  await lead.getByLabel('Operational definition').fill('Appointments with a GP or nurse not attended and not cancelled, counted at the end of each month for the seven practices.');
  await lead.getByLabel('Unit (optional)').fill('appointments');
  await lead.getByRole('radio', { name: 'Lower is better' }).check();
  await lead.getByRole('radio', { name: /^XmR chart/ }).check();
  await lead.getByRole('button', { name: 'Add a measure' }).click();
  await waitForPath(lead, /^\/measures\/\d+$/);
  measureId = Number(pathOf(lead).split('/')[2]);
  assert.equal(await lead.locator('h1').innerText(), MEASURE);
  await checkPage(lead, 'measure-empty');

  // Import: the file input, given a file made here.
  await lead.getByRole('link', { name: 'Import data from CSV' }).first().click();
  await waitForPath(lead, `/measures/${measureId}/import`);
  await checkPage(lead, 'import-form');
  await lead.getByLabel('Upload a CSV file').setInputFiles({
    name: 'missed-appointments.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8'),
  });
  await lead.getByRole('button', { name: 'Check and import' }).click();
  await waitForPath(lead, `/measures/${measureId}`);

  // The data table has every point.
  assert.equal(await lead.locator('#data tbody tr').count(), VALUES.length);
  assert.equal(clean(await lead.locator('#data-range').innerText()), '1 January 2024 to 1 December 2025, of 24 points');

  // The chart: drawn, named, described in words with the signal.
  const { svg, title, desc } = await chartOf(lead);
  assert.equal(title, `${MEASURE} — SPC chart of individual values (XmR)`);
  assert.match(desc, /^SPC chart of individual values \(XmR\) of Missed appointments a month: 24 points from 1 January 2024 to 1 December 2025\./);
  assert.match(desc, /Mean 36\.2; lower process limit 29\.4; upper process limit 43\.0\./);
  assert.match(desc, /Latest signal: special cause variation – improvement since 1 January 2025\./);
  // Twelve improvement markers (the shift below the mean), none of concern
  // after it; the legend says what the shapes mean.
  assert.equal(await svg.locator('g.chart-imp use').count(), 12);
  assert.match(clean(await svg.locator('g.chart-legend').textContent()), /Special cause – improvement/);
  // The signal in words on the page.
  assert.equal(clean(await lead.locator('#measure-signal').innerText()), 'Special cause improvement since January 2025');
  await checkPage(lead, 'measure');
  await svg.screenshot({ path: `${SHOTS}/qi-chart.png` });

  // The same page on a 320 px wide screen: the chart keeps a readable
  // size (its 13px text would shrink to 5px if squeezed to the width) and
  // scrolls sideways inside a region named by the chart's title; the page
  // itself is no wider than the screen.
  const small = await newPage({ viewport: { width: 320, height: 800 } });
  await small.context().addCookies(await lead.context().cookies());
  await small.goto(`${ui.server.url}/measures/${measureId}`);
  const box = await small.locator('#chart svg').boundingBox();
  assert.ok(box.width >= 560, `the chart keeps a readable width (${box.width})`);
  const region = small.locator('#chart [role="region"]');
  assert.equal(await region.getAttribute('aria-labelledby'), await svg.locator('title').getAttribute('id'));
  const [scrollW, clientW] = await region.evaluate(e => [e.scrollWidth, e.clientWidth]);
  assert.ok(scrollW > clientW && clientW <= 320, `the region scrolls (${scrollW} in ${clientW})`);
  assert.equal(await small.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing wider than the screen');
  await checkPage(small, 'measure-320');
  await small.screenshot({ path: `${SHOTS}/qi-measure-320.png`, fullPage: true });
  await small.locator('#chart').screenshot({ path: `${SHOTS}/qi-chart-320.png` });
  await small.context().close();
});

test('a point annotated with the PDSA cycle shows as a numbered marker on the chart', async () => {
  const row = lead.locator('#data tbody tr').filter({ hasText: '1 Dec 2024' });
  await row.getByRole('link', { name: /Change/ }).click();
  await waitForPath(lead, /^\/measures\/\d+\/points\/\d+$/);
  await lead.getByLabel('Annotation (optional)').fill('Reminders at every practice from today');
  await lead.getByLabel('PDSA cycle (optional)').selectOption({ label: `${CYCLE2.title} (1 December 2024)` });
  await checkPage(lead, 'point');
  await lead.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForPath(lead, `/measures/${measureId}`);
  const { svg, desc } = await chartOf(lead);
  assert.equal(await svg.locator('.chart-note').count(), 1);
  assert.match(desc, /Notes: 1 \(1 December 2024\): Reminders at every practice from today\./);
  await svg.screenshot({ path: `${SHOTS}/qi-chart-note.png` });

  // The project page lists the measure with its current signal.
  await lead.goto(`${ui.server.url}/qi/${projectId}`);
  const m = lead.locator(`#measure-${measureId}`);
  assert.match(clean(await m.innerText()), /Special cause improvement since January 2025/);
  await checkPage(lead, 'project');
});

test('in Welsh: the measure page, its chart and the signal', async () => {
  await lead.goto(`${ui.server.url}/measures/${measureId}`);
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'cy');
  assert.equal(pathOf(lead), `/measures/${measureId}`, 'the switch stays on the measure');
  const { svg, title, desc } = await chartOf(lead);
  assert.equal(title, `${MEASURE} — Siart rheoli gwerthoedd unigol (XmR)`);
  assert.match(desc, /^Siart rheoli gwerthoedd unigol \(XmR\) ar gyfer Missed appointments a month: 24 pwynt o 1 Ionawr 2024 i 1 Rhagfyr 2025\./);
  assert.match(desc, /Cymedr 36\.2; terfyn proses isaf 29\.4; terfyn proses uchaf 43\.0\./);
  assert.match(desc, /Yr arwydd diweddaraf: amrywiad achos arbennig – gwelliant ers 1 Ionawr 2025\./);
  const legend = clean(await svg.locator('g.chart-legend').textContent());
  assert.match(legend, /Cymedr/);
  assert.match(legend, /Achos arbennig – gwelliant/);
  assert.match(clean(await svg.locator('g.chart-xaxis').textContent()), /Ion 2024/);
  assert.ok((await svg.locator('text').allTextContents()).includes('Dyddiad'));
  // The signal sentence and the page around it are in Welsh too.
  const signal = clean(await lead.locator('#measure-signal').innerText());
  assert.notEqual(signal, 'Special cause improvement since January 2025');
  assert.match(signal, /Ionawr 2025/);
  await checkPage(lead, 'measure-cy');
  await svg.screenshot({ path: `${SHOTS}/qi-chart-cy.png` });

  await lead.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'en');
  await lead.context().close();
});

test('the demonstration project: its p chart and run chart, each with its signal in words', async () => {
  const page = await newPage();
  await signIn(page, 'lead@example.wales');
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/qi`);
  await page.getByRole('link', { name: 'Reduce waiting time for routine GP appointments' }).click();
  await waitForPath(page, /^\/qi\/\d+$/);
  // Three measures, each with its current signal in words.
  const rows = page.locator('#measures tbody tr');
  assert.equal(await rows.count(), 3);
  assert.match(clean(await rows.filter({ hasText: 'Routine requests directed' }).innerText()), /Special cause improvement since /);
  assert.match(clean(await rows.filter({ hasText: 'Urgent on-the-day' }).innerText()), /Random variation/);

  // The p chart: limits that vary with the denominator, a shift up.
  await page.getByRole('link', { name: 'Routine requests directed to another professional' }).click();
  await waitForPath(page, /^\/measures\/\d+$/);
  let { svg, title, desc } = await chartOf(page);
  assert.match(title, /p-chart/);
  assert.match(desc, /30 points/);
  assert.match(clean(await page.locator('#measure-signal').innerText()), /^Special cause improvement since /);
  assert.ok(await svg.locator('g.chart-imp use').count() >= 10, 'the points after the change are marked as improvement');
  // Each row of the data table has its Change link; the table scrolls
  // inside its region, the page does not (checkPage).
  assert.equal(await page.locator('#data tbody tr').getByRole('link', { name: /^Change/ }).count(), 30);
  await checkPage(page, 'demo-p-chart');

  // The run chart: random variation by the Anhøj rules.
  await page.goBack();
  await page.getByRole('link', { name: 'Urgent on-the-day requests' }).click();
  await waitForPath(page, /^\/measures\/\d+$/);
  ({ svg, title, desc } = await chartOf(page));
  assert.match(title, /Run chart/);
  assert.match(clean(await page.locator('#measure-signal').innerText()), /^Random variation/);
  assert.match(desc, /[Mm]edian 177/);
  await checkPage(page, 'demo-run-chart');
  await page.context().close();
});
