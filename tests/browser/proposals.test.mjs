// Browser tests of proposals and the call for items: the lead sets when
// the call for items closes; a member proposes an item with a description
// and a paper (a mistake first), sees the confirmation and the proposal
// waiting; the chair declines one (a reason is required) and accepts the
// other onto the agenda; the member sees both outcomes, in English and in
// Welsh. Every page gets the axe-core check and screenshots at 1,280 and
// 375 px (build/screenshots/proposals-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, waitForPath, clean, fillDate } from './lib.mjs';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const MISOEDD = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst',
  'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];
function day(n) {
  const d = new Date(Date.now() + n * 86400e3);
  const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return { parts: [String(dd), String(m), String(y)], en: `${dd} ${MONTHS[m - 1]} ${y}`, cy: `${dd} ${MISOEDD[m - 1]} ${y}` };
}

// Evening meetings never meet the demonstration meetings (13:30–15:30).
const MEETING = { title: 'Cluster meeting: spring priorities', date: day(30), deadline: day(23) };
const PROPOSAL = 'Flu clinics in community pharmacies';
const DESCRIPTION = 'Saturday flu clinics in three community pharmacies, to reach working people.';
const DECLINED = 'A new car park for the health centre';
const REASON = 'Car parking is for the health board estates team; it is not a cluster matter.';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let lead, member, meetingId;
const ui = browserTests('proposals-');
const { newPage, shot, checkPage, signIn } = ui;

// checkPage at 1,280 px, then again at 375 px, back to 1,280.
async function checkBoth(page, name) {
  await checkPage(page, name);
  await page.setViewportSize({ width: 375, height: 800 });
  await checkPage(page, `${name}-375`);
  await page.setViewportSize({ width: 1280, height: 720 });
}
const listAfter = (page, heading) => page.getByRole('heading', { name: heading, level: 2 }).locator('xpath=following-sibling::ul[1]');

test('the lead schedules a meeting with a deadline for proposed items, and the meeting page says it', async () => {
  lead = await newPage();
  await signIn(lead, 'lead@example.wales');
  await lead.goto(`${ui.server.url}${CLUSTER_PATH}/meetings/new`);
  await lead.getByLabel('Title', { exact: true }).fill(MEETING.title);
  await fillDate(lead, 'Date', MEETING.date.parts);
  await lead.getByLabel('Start time', { exact: true }).fill('18:00');
  await lead.getByLabel('End time', { exact: true }).fill('19:30');
  await lead.getByLabel('Place', { exact: true }).fill('Canton Library, Cardiff');
  // A deadline after the meeting starts is refused, next to the field.
  await fillDate(lead, 'Date the call for items closes', MEETING.date.parts);
  await lead.getByLabel('Time the call for items closes').fill('19:00');
  await lead.getByRole('button', { name: 'Schedule a meeting' }).click();
  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean),
    ['The call for items must close before the meeting starts: enter an earlier date or time']);
  assert.equal(await lead.getByLabel('Time the call for items closes').inputValue(), '19:00');
  await checkBoth(lead, 'schedule-deadline-error');
  await fillDate(lead, 'Date the call for items closes', MEETING.deadline.parts);
  await lead.getByLabel('Time the call for items closes').fill('17:00');
  await lead.getByRole('button', { name: 'Schedule a meeting' }).click();
  await waitForPath(lead, /^\/meetings\/\d+$/);
  meetingId = Number(pathOf(lead).split('/')[2]);
  assert.equal(clean(await lead.locator('#call-for-items').innerText()),
    `Propose an item by 17:00 on ${MEETING.deadline.en} Change the deadline of the call for items`);
  // The chair changes it on its own page.
  await lead.locator('#call-for-items').getByRole('link', { name: 'Change the deadline of the call for items' }).click();
  await waitForPath(lead, `/meetings/${meetingId}/deadline`);
  assert.equal(await lead.getByLabel('Time the call for items closes').inputValue(), '17:00');
  await checkBoth(lead, 'deadline');
  await lead.getByLabel('Time the call for items closes').fill('16:30');
  await lead.getByRole('button', { name: 'Save the deadline' }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
  assert.match(clean(await lead.locator('#call-for-items').innerText()), new RegExp(`^Propose an item by 16:30 on ${MEETING.deadline.en}`));
});

test('a member proposes an item with a description and a paper, and sees the confirmation', async () => {
  member = await newPage();
  await signIn(member, 'member@example.wales');
  await member.goto(`${ui.server.url}/meetings/${meetingId}`);
  assert.equal(clean(await member.locator('#call-for-items').innerText()), `Propose an item by 16:30 on ${MEETING.deadline.en}`);
  assert.ok(await member.getByRole('heading', { name: 'Propose an agenda item', level: 2 }).isVisible());
  await checkBoth(member, 'meeting-member');

  // Forgetting the description: the error summary, and the title kept.
  await member.getByLabel('Item title').fill(PROPOSAL);
  await member.getByRole('radio', { name: 'For decision' }).check();
  await member.getByLabel('Time needed, in minutes').fill('20');
  await member.getByLabel('Paper (optional)').setInputFiles({ name: 'flu-clinics.png', mimeType: 'image/png', buffer: PNG });
  await member.getByRole('button', { name: 'Propose an agenda item' }).click();
  const summary = member.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await member.title(), /^Error: Propose an agenda item/);
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean),
    ['Enter a description of the item: what it is about and what you would like the meeting to do']);
  assert.equal(await member.getByLabel('Item title').inputValue(), PROPOSAL);
  await checkBoth(member, 'propose-error');
  await summary.getByRole('link').first().click();
  assert.equal(await member.evaluate(() => document.activeElement?.id), 'description');

  await member.getByLabel('Description').fill(DESCRIPTION);
  await member.getByLabel('Paper (optional)').setInputFiles({ name: 'flu-clinics.png', mimeType: 'image/png', buffer: PNG });
  await member.getByRole('button', { name: 'Propose an agenda item' }).click();
  await waitForPath(member, /^\/meetings\/\d+\/items\/\d+\/proposed$/);
  assert.equal(clean(await member.locator('.nhsuk-panel h1').innerText()), 'Your item has been proposed');
  assert.equal(clean(await member.locator('.nhsuk-panel__body').innerText()), PROPOSAL);
  assert.ok(await member.getByRole('heading', { name: 'What happens next', level: 2 }).isVisible());
  await checkBoth(member, 'confirmation');

  await member.getByRole('link', { name: 'View your proposal' }).click();
  await waitForPath(member, /^\/meetings\/\d+\/items\/\d+$/);
  assert.equal(clean(await member.locator('#proposal-state').innerText()), 'Waiting for the chair');
  assert.ok(await member.getByRole('link', { name: 'flu-clinics.png' }).isVisible(), 'the paper is listed');
  await checkBoth(member, 'proposal-item');

  // A second proposal, without a paper, for the chair to decline.
  await member.goto(`${ui.server.url}/meetings/${meetingId}`);
  await member.getByLabel('Item title').fill(DECLINED);
  await member.getByLabel('Description').fill('Patients cannot park at the health centre.');
  await member.getByRole('button', { name: 'Propose an agenda item' }).click();
  await waitForPath(member, /\/proposed$/);
  await member.getByRole('link', { name: 'Go to the meeting' }).click();
  await waitForPath(member, `/meetings/${meetingId}`);
  const mine = listAfter(member, 'Your proposals');
  assert.equal(await mine.locator('li').count(), 2);
  assert.match(clean(await mine.locator('li').filter({ hasText: PROPOSAL }).innerText()),
    /For decision, 20 min\. Proposed by: Sian Griffiths\. Waiting for the chair/);
});

test('the chair declines one proposal with a reason and accepts the other onto the agenda', async () => {
  await lead.goto(`${ui.server.url}/meetings/${meetingId}`);
  const waiting = listAfter(lead, 'Items proposed by members');
  assert.equal(await waiting.locator('li').count(), 2);
  await checkBoth(lead, 'meeting-chair');
  // Declining without a reason is refused.
  await waiting.getByRole('link', { name: `Decline ${DECLINED}` }).click();
  await waitForPath(lead, /\/decline$/);
  assert.equal(clean(await lead.locator('h1').innerText()), 'Decline a proposed item');
  await lead.getByRole('button', { name: 'Decline the item' }).click();
  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean),
    ['Enter why you are declining this item: the member who proposed it will see it']);
  await checkBoth(lead, 'decline-error');
  await lead.getByLabel('Why are you declining this item?').fill(REASON);
  await lead.getByRole('button', { name: 'Decline the item' }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
  // Accepting puts the other on the agenda, before any other business.
  await listAfter(lead, 'Items proposed by members').getByRole('button', { name: `Accept ${PROPOSAL}` }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
  const titles = (await lead.locator('#agenda tbody tr td:nth-child(3) a').allInnerTexts()).map(clean);
  assert.deepEqual(titles.slice(-2), [PROPOSAL, 'Any other business']);
  assert.ok(!titles.includes(DECLINED));
});

test('the member sees what the chair decided, and in Welsh', async () => {
  await member.goto(`${ui.server.url}/meetings/${meetingId}`);
  const mine = listAfter(member, 'Your proposals');
  assert.match(clean(await mine.locator('li').filter({ hasText: PROPOSAL }).innerText()), /Accepted/);
  assert.match(clean(await mine.locator('li').filter({ hasText: DECLINED }).innerText()), new RegExp(`Declined Reason: ${REASON}`));
  await shot(member, 'member-outcomes');

  await member.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await waitForPath(member, `/meetings/${meetingId}`);
  assert.equal(clean(await member.locator('#call-for-items').innerText()), `Cynigiwch eitem erbyn 16:30 ar ${MEETING.deadline.cy}`);
  const eich = listAfter(member, 'Eich cynigion');
  assert.match(clean(await eich.locator('li').filter({ hasText: PROPOSAL }).innerText()), /Derbyniwyd/);
  assert.match(clean(await eich.locator('li').filter({ hasText: DECLINED }).innerText()), new RegExp(`Gwrthodwyd Rheswm: ${REASON}`));
  assert.ok(await member.getByRole('heading', { name: 'Cynnig eitem ar gyfer yr agenda', level: 2 }).isVisible());
  await checkBoth(member, 'meeting-member-cy');
  // A Welsh proposal and its confirmation.
  await member.getByLabel('Teitl yr eitem').fill('Clinigau ffliw ar ddydd Sadwrn');
  await member.getByLabel('Disgrifiad').fill('Clinigau mewn fferyllfeydd cymunedol.');
  await member.getByRole('button', { name: 'Cynnig eitem ar gyfer yr agenda' }).click();
  await waitForPath(member, /\/proposed$/);
  assert.equal(clean(await member.locator('.nhsuk-panel h1').innerText()), "Mae eich eitem wedi'i chynnig");
  await checkBoth(member, 'confirmation-cy');
});
