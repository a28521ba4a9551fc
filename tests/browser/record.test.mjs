// Browser tests of the record of a meeting as the official record: the
// minutes of a meeting approved at the next one, from its "Minutes of the
// last meeting" item, after a confirmation page; then a declaration added
// to the approved record as a correction, refused without its reason and
// shown on the minutes with its date, reason and the original. In English
// and Welsh, each page checked by axe and screenshot at 1280 and 375 px
// (build/screenshots/record-*.png). And an agenda that runs past the
// meeting's end, flagged on the meeting page.
//
// The meetings are scheduled ahead through the form, in the evening (clear
// of the demonstration meetings, the 10th of each month, 13:30–15:30),
// then moved into the past, where their record may be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, waitForPath, clean, fillDate } from './lib.mjs';
import { moveMeetingBack } from '../http/helpers.mjs';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const MISOEDD = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst',
  'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];
function day(n) {
  const d = new Date(Date.now() + n * 86400e3);
  const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return { parts: [String(dd), String(m), String(y)], en: `${dd} ${MONTHS[m - 1]} ${y}`, cy: `${dd} ${MISOEDD[m - 1]} ${y}` };
}
// Today in Wales, as the pages write the date of a correction.
function today() {
  const [y, m, d] = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }).split('-').map(Number);
  return { en: `${d} ${MONTHS[m - 1]} ${y}`, cy: `${d} ${MISOEDD[m - 1]} ${y}` };
}

const ui = browserTests('record-');
const { newPage, shot, checkPage, signIn } = ui;

const ITEM = 'Frailty pathway pilot';
const REASON = 'Declared at the meeting but left out of the record';
let lead, first, next, itemId, minutesItemId;

// Check a page at 1280 px and at 375 px (a phone), then back to 1280.
async function checkBoth(page, name) {
  await checkPage(page, name);
  await page.setViewportSize({ width: 375, height: 800 });
  await checkPage(page, `${name}-375`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function schedule(page, title, date) {
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/meetings/new`);
  await page.getByLabel('Title', { exact: true }).fill(title);
  await fillDate(page, 'Date', date.parts);
  await page.getByLabel('Start time', { exact: true }).fill('18:00');
  await page.getByLabel('End time', { exact: true }).fill('19:30');
  await page.getByLabel('Place', { exact: true }).fill('Canton Library, Cardiff');
  await page.getByRole('button', { name: 'Schedule a meeting' }).click();
  await waitForPath(page, /^\/meetings\/\d+$/);
  return Number(pathOf(page).split('/')[2]);
}

test('the minutes are approved at the next meeting, from its "Minutes of the last meeting", after confirmation', async () => {
  lead = await newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(lead, 'lead@example.wales');
  first = { id: await schedule(lead, 'Cluster meeting: frailty', day(30)), date: day(-3) };
  // An item for decision, with its minutes once the meeting is held.
  const form = lead.locator('form').filter({ has: lead.getByLabel('Item title') });
  await form.getByLabel('Item title').fill(ITEM);
  await form.getByRole('radio', { name: 'For decision' }).check();
  await form.getByLabel('Time needed, in minutes').fill('20');
  await form.getByRole('button', { name: 'Add an agenda item' }).click();
  await waitForPath(lead, `/meetings/${first.id}`);
  itemId = Number((await lead.locator('#agenda').getByRole('link', { name: ITEM, exact: true }).getAttribute('href')).split('/').pop());
  next = { id: await schedule(lead, 'Cluster meeting: new year', day(31)), date: day(-2) };
  minutesItemId = Number((await lead.locator('#agenda').getByRole('link', { name: 'Minutes of the last meeting', exact: true }).getAttribute('href')).split('/').pop());

  // Before the next meeting starts its item says when the approval is possible.
  await lead.goto(`${ui.server.url}/meetings/${next.id}/items/${minutesItemId}`);
  assert.match(clean(await lead.locator('main').innerText()), new RegExp(`The minutes can be approved once this meeting starts, on ${day(31).en} at 18:00\\.`));
  assert.equal(await lead.getByRole('link', { name: 'Approve the minutes' }).count(), 0);

  // Both held: three and two days ago.
  moveMeetingBack(ui.server, first.id, 33);
  moveMeetingBack(ui.server, next.id, 33);
  await lead.goto(`${ui.server.url}/meetings/${first.id}/items/${itemId}`);
  await lead.getByText('Write the minutes of this item', { exact: true }).click();
  await lead.getByLabel('Minutes', { exact: true }).fill('The cluster agreed to run the frailty pathway pilot in two practices.');
  await lead.getByRole('button', { name: 'Save the minutes' }).click();
  await waitForPath(lead, `/meetings/${first.id}/items/${itemId}`);

  // At the next meeting, under "Minutes of the last meeting".
  await lead.goto(`${ui.server.url}/meetings/${next.id}`);
  await lead.locator('#agenda').getByRole('link', { name: 'Minutes of the last meeting', exact: true }).click();
  await waitForPath(lead, `/meetings/${next.id}/items/${minutesItemId}`);
  assert.ok(await lead.getByRole('heading', { name: 'Approving the minutes of the last meeting', level: 2 }).isVisible());
  assert.equal(await lead.getByRole('link', { name: `Minutes of the meeting of ${first.date.en}` }).getAttribute('href'), `/meetings/${first.id}/minutes`);
  await checkBoth(lead, 'approval-item');
  await lead.getByRole('link', { name: 'Approve the minutes' }).click();
  await waitForPath(lead, `/meetings/${next.id}/items/${minutesItemId}/approve-minutes`);
  assert.equal(await lead.locator('h1').innerText(), `Approve the minutes of the meeting of ${first.date.en}?`);
  await checkBoth(lead, 'approval-confirm');
  await lead.getByRole('button', { name: 'Yes, approve the minutes' }).click();
  await waitForPath(lead, `/meetings/${next.id}/items/${minutesItemId}`);
  assert.ok(await lead.getByRole('link', { name: `Approved at the meeting of ${next.date.en}` }).isVisible());
  assert.equal(await lead.getByRole('link', { name: 'Approve the minutes' }).count(), 0);

  // The minutes say which meeting approved them.
  await lead.getByRole('link', { name: `Minutes of the meeting of ${first.date.en}` }).click();
  await waitForPath(lead, `/meetings/${first.id}/minutes`);
  assert.equal(await lead.getByRole('link', { name: `Approved at the meeting of ${next.date.en}` }).getAttribute('href'), `/meetings/${next.id}`);
  await checkBoth(lead, 'minutes-approved');
});

test('a declaration added to approved minutes is a correction: refused without a reason, then shown with its date, reason and the original', async () => {
  await lead.goto(`${ui.server.url}/meetings/${first.id}/items/${itemId}`);
  await lead.getByText('Declare an interest', { exact: true }).click();
  const form = lead.locator('form').filter({ has: lead.getByRole('button', { name: 'Record the declaration' }) });
  assert.match(clean(await form.locator('.nhsuk-inset-text').innerText()), /Approved record.*The minutes of this meeting are approved\. What you add here is a correction/);
  await form.getByLabel('Who', { exact: true }).selectOption({ label: 'Nia Hughes' });
  await form.getByLabel('Interest', { exact: true }).fill('Partner in a practice in the pilot');
  await form.getByRole('radio', { name: 'Left the room' }).check();
  await form.getByRole('button', { name: 'Record the declaration' }).click();
  await lead.locator('.nhsuk-error-summary').waitFor({ state: 'visible' });
  assert.match(await lead.title(), new RegExp(`^Error: ${ITEM}`));
  const summary = lead.locator('.nhsuk-error-summary');
  assert.equal(clean(await summary.locator('li').innerText()), 'These minutes are approved: give the reason for the correction');
  // The message beside the field, what was typed kept.
  const refused = lead.locator('form').filter({ has: lead.getByRole('button', { name: 'Record the declaration' }) });
  assert.equal(await refused.getByLabel('Interest', { exact: true }).inputValue(), 'Partner in a practice in the pilot');
  assert.ok(await lead.locator(`#i${itemId}-correction_reason-error`).isVisible());
  await checkBoth(lead, 'correction-refused');
  // The summary's link takes the reader to the field.
  await summary.getByRole('link').click();
  assert.equal(await lead.evaluate(() => document.activeElement?.id), `i${itemId}-correction_reason`);
  await refused.getByLabel('Reason for the correction').fill(REASON);
  await refused.getByRole('button', { name: 'Record the declaration' }).click();
  await waitForPath(lead, `/meetings/${first.id}/items/${itemId}`);
  const on = today();
  assert.match(clean(await lead.locator('main').innerText()), new RegExp(`Corrected on ${on.en}: ${REASON}`));

  // On the minutes: the correction and, under "Show the original", what the approved record had.
  await lead.goto(`${ui.server.url}/meetings/${first.id}/minutes`);
  const corr = lead.locator('.cc-correction').first();
  assert.equal(clean(await corr.locator('.cc-correction__note').innerText()), `Corrected on ${on.en}: ${REASON}`);
  assert.equal(await corr.getByText('This was not in the record as approved: the correction added it.').isVisible(), false, 'closed at first');
  await corr.getByText('Show the original').click();
  assert.ok(await corr.getByText('This was not in the record as approved: the correction added it.').isVisible());
  await checkBoth(lead, 'minutes-corrected');

  // In Welsh.
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'cy');
  await lead.waitForLoadState('load');
  assert.equal(pathOf(lead), `/meetings/${first.id}/minutes`);
  const main = clean(await lead.locator('main').innerText());
  assert.ok(main.includes(`Cymeradwywyd yng nghyfarfod ${next.date.cy}`), main);
  assert.ok(main.includes(`Cywirwyd ar ${on.cy}: ${REASON}`), main);
  await lead.locator('.cc-correction').first().getByText('Dangos y gwreiddiol').click();
  await checkBoth(lead, 'minutes-corrected-cy');
  await lead.goto(`${ui.server.url}/meetings/${next.id}/items/${minutesItemId}`);
  assert.ok(await lead.getByRole('heading', { name: 'Cymeradwyo cofnodion y cyfarfod diwethaf', level: 2 }).isVisible());
  await checkBoth(lead, 'approval-item-cy');
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'en');
  await shot(lead, 'approval-item-done');
  await lead.context().close();
});

test('an agenda whose items run past the end of the meeting is flagged on its page', async () => {
  const page = await newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, 'lead@example.wales');
  const id = await schedule(page, 'Cluster meeting: long agenda', day(40));
  // 18:00–19:30 is 90 minutes; the standing items take 50.
  const form = page.locator('form').filter({ has: page.getByLabel('Item title') });
  await form.getByLabel('Item title').fill('Cluster plan for next year');
  await form.getByRole('radio', { name: 'For discussion' }).check();
  await form.getByLabel('Time needed, in minutes').fill('55');
  await form.getByRole('button', { name: 'Add an agenda item' }).click();
  await waitForPath(page, `/meetings/${id}`);
  const callout = page.locator('.nhsuk-warning-callout');
  assert.equal(clean(await callout.innerText()),
    'The agenda runs over The items take 15 minutes longer than the meeting, which ends at 19:30: shorten or move items.');
  assert.equal(await callout.getByRole('heading', { name: 'The agenda runs over', level: 3 }).count(), 1);
  await checkBoth(page, 'overrun');
  await page.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'cy');
  await page.waitForLoadState('load');
  assert.match(clean(await page.locator('.nhsuk-warning-callout').innerText()),
    /Mae'r agenda'n rhedeg dros amser.*Mae'r eitemau'n cymryd 15 munud yn hwy na'r cyfarfod, sy'n gorffen am 19:30/);
  await checkBoth(page, 'overrun-cy');
  await page.context().close();
});
