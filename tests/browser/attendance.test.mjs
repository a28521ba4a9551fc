// Browser tests of attendance on the meeting page, in Chromium: a deputy
// recorded on their own row (choosing "Deputy" shows whom they stand in
// for), someone who is not a member added by name and organisation, a
// refused save that keeps every row and says what to put right, the
// page before the meeting starts (when recording becomes possible, the
// quorum it will need, a member's own apologies), in English and Welsh,
// each page checked with axe and photographed at 1,280 and 375 px wide
// (at 375 the table is a block of labelled lines per person).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, pathOf, waitForPath, clean, fillDate } from './lib.mjs';
import { moveMeetingBack } from '../http/helpers.mjs';

const ui = browserTests('attendance-');
const { newPage, checkPage, signIn } = ui;

// A date `n` days from today, as the three fields people type.
function day(n) {
  const d = new Date(Date.now() + n * 86400e3);
  return [String(d.getUTCDate()), String(d.getUTCMonth() + 1), String(d.getUTCFullYear())];
}

// Schedule a meeting through the form (evenings, clear of the demonstration
// meetings at 13:30 on the 10th); returns its id.
async function schedule(page, title, inDays) {
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/meetings/new`);
  await page.getByLabel('Title', { exact: true }).fill(title);
  await fillDate(page, 'Date', day(inDays));
  await page.getByLabel('Start time', { exact: true }).fill('18:00');
  await page.getByLabel('End time', { exact: true }).fill('19:30');
  await page.getByLabel('Place', { exact: true }).fill('Canton Library, Cardiff');
  await page.getByRole('button', { name: 'Schedule a meeting' }).click();
  await waitForPath(page, /^\/meetings\/\d+$/);
  return Number(pathOf(page).split('/')[2]);
}

// Both widths: the page at 1,280 px, then at 375 px (a phone), each
// photographed and checked. At 375 the attendance table is NHS.UK's
// responsive table, a block per person: each name and status in view.
async function checkBoth(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await checkPage(page, `${name}-1280`);
  await page.setViewportSize({ width: 375, height: 800 });
  await checkPage(page, `${name}-375`);
  const rows = page.locator('#attendance tbody tr');
  for (const i of [0, (await rows.count()) - 1]) {
    for (const cell of [rows.nth(i).locator('td').first(), rows.nth(i).locator('td').last()]) {
      const box = await cell.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `row ${i} is in view at 375 px: ${JSON.stringify(box)}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
// The attendance row of the person named `name`.
const rowOf = (page, name) => page.locator('#attendance tbody tr').filter({ has: page.locator('td:first-child', { hasText: name }) });

test('the lead records a deputy on their row and adds someone who is not a member', async () => {
  const lead = await newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(lead, 'lead@example.wales');
  const id = await schedule(lead, 'Attendance with a deputy', 9);
  moveMeetingBack(ui.server, id, 10);   // held yesterday
  await lead.goto(`${ui.server.url}/meetings/${id}`);

  // "Deputy for" is asked only once "Deputy" is chosen on the row.
  const depFor = lead.getByLabel('Deputy for (Dr Rhodri Evans)', { exact: true });
  assert.equal(await depFor.isVisible(), false, 'hidden until Deputy is chosen');
  await lead.getByLabel('Attendance: Dr Rhodri Evans', { exact: true }).selectOption({ label: 'Deputy' });
  assert.equal(await depFor.isVisible(), true, 'shown once Deputy is chosen');
  await depFor.selectOption({ label: 'Nia Hughes' });
  for (const name of ['Dr Alys Morgan', 'Sian Griffiths', 'Tomos Price', 'Gareth Williams']) {
    await lead.getByLabel(`Attendance: ${name}`, { exact: true }).selectOption({ label: 'Present' });
  }
  // Someone from outside the cluster, also in attendance; the deputy
  // radio reveals its own member list.
  const add = lead.getByRole('group', { name: 'Add someone who is not a member' });
  await add.getByRole('radio', { name: 'Deputy for a member' }).check();
  assert.ok(await lead.locator('#add-deputy_for').isVisible(), 'the deputy radio reveals whom they stand in for');
  await add.getByRole('radio', { name: 'Also in attendance' }).check();
  assert.equal(await lead.locator('#add-deputy_for').isVisible(), false);
  await lead.getByLabel('Full name', { exact: true }).fill('Megan Lloyd');
  await lead.getByLabel('Organisation', { exact: true }).fill('Boots, Cowbridge Road');
  await lead.getByLabel('Role (optional)', { exact: true }).fill('Community pharmacist');
  await lead.getByRole('button', { name: 'Save attendance' }).click();
  await waitForPath(lead, `/meetings/${id}`);

  assert.equal(await lead.getByLabel('Attendance: Dr Rhodri Evans', { exact: true }).inputValue(), 'deputy');
  assert.equal(clean(await depFor.locator('option:checked').innerText()), 'Nia Hughes');
  assert.ok(await depFor.isVisible());
  const megan = rowOf(lead, 'Megan Lloyd');
  assert.match(clean(await megan.innerText()), /Community pharmacist Boots, Cowbridge Road/);
  assert.equal(await megan.locator('select').first().inputValue(), 'in_attendance');
  // Five voting seats filled, Nia's by her deputy (Rhodri's own stands empty): quorate.
  assert.match(clean(await lead.locator("#quorum").innerText()), /^Quorate 5 voting members needed, 5 present\.$/);
  await checkBoth(lead, 'deputy');

  // A member, read only, sees who stood in for whom.
  const member = await newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(member, 'member@example.wales');
  await member.goto(`${ui.server.url}/meetings/${id}`);
  const row = rowOf(member, 'Dr Rhodri Evans');
  assert.match(clean(await row.innerText()), /Deputy \(for Nia Hughes\)$/);
  await checkBoth(member, 'read-only');
  await member.context().close();

  // A deputy without whom they stand in for: refused, everything kept, the
  // error at the top (linked to the row's field) and beside it.
  await lead.getByLabel('Attendance: Tomos Price', { exact: true }).selectOption({ label: 'Deputy' });
  await lead.getByLabel('Attendance: Ffion Davies', { exact: true }).selectOption({ label: 'Present' });
  await lead.getByRole('button', { name: 'Save attendance' }).click();
  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await lead.title(), /^Error: Attendance with a deputy/);
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean),
    ['Tomos Price: Choose the member they stand in for']);
  assert.equal(await lead.getByLabel('Attendance: Tomos Price', { exact: true }).inputValue(), 'deputy');
  assert.equal(await lead.getByLabel('Attendance: Ffion Davies', { exact: true }).inputValue(), 'present');
  await summary.getByRole('link').click();
  assert.equal(await lead.evaluate(() => document.activeElement.id), await lead.getByLabel('Deputy for (Tomos Price)', { exact: true }).getAttribute('id'));
  await checkBoth(lead, 'error');
  await lead.context().close();
});

test('before the meeting: when attendance can be recorded, the quorum it will need, and a member sends apologies', async () => {
  const lead = await newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(lead, 'lead@example.wales');
  const id = await schedule(lead, 'Attendance ahead', 12);
  assert.match(clean(await lead.locator('#attendance-from').innerText()),
    /^Attendance can be recorded from 18:00 on \d+ \w+ \d{4}\. Until then, only apologies can be recorded\.$/);
  assert.equal(clean(await lead.locator('#quorum').innerText()), '5 of the 9 voting members, including the chair or deputy chair.');
  assert.equal(await lead.locator('#quorum .nhsuk-tag').count(), 0, 'no Not quorate tag before the start');
  await checkBoth(lead, 'ahead-lead');
  await lead.context().close();

  const member = await newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(member, 'member@example.wales');
  await member.goto(`${ui.server.url}/meetings/${id}`);
  await member.getByRole('button', { name: 'Send my apologies' }).click();
  await waitForPath(member, `/meetings/${id}`);
  assert.ok(await member.getByText('You have sent your apologies for this meeting.').isVisible());
  const mine = rowOf(member, 'Sian Griffiths');
  assert.match(clean(await mine.innerText()), /Apologies$/);
  await checkBoth(member, 'ahead-member');
  await member.getByRole('button', { name: 'Withdraw my apologies' }).click();
  await waitForPath(member, `/meetings/${id}`);
  assert.match(clean(await mine.innerText()), /Not recorded$/);
  await member.context().close();
});

test('in Welsh: a deputy "ar ran" a member, and someone "Hefyd yn bresennol"', async () => {
  const lead = await newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(lead, 'lead@example.wales');
  const id = await schedule(lead, 'Cyfarfod presenoldeb', 15);
  moveMeetingBack(ui.server, id, 17);
  await lead.goto(`${ui.server.url}/meetings/${id}`);
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'cy');

  await lead.getByLabel('Presenoldeb: Sian Griffiths', { exact: true }).selectOption({ label: 'Dirprwy' });
  await lead.getByLabel('Dirprwy ar ran (Sian Griffiths)', { exact: true }).selectOption({ label: 'Gareth Williams' });
  const add = lead.getByRole('group', { name: "Ychwanegu rhywun nad yw'n aelod" });
  await add.getByRole('radio', { name: 'Hefyd yn bresennol' }).check();
  await lead.getByLabel('Enw llawn', { exact: true }).fill('Rhys Parry');
  await lead.getByLabel('Sefydliad', { exact: true }).fill('Cyngor Caerdydd');
  await lead.getByRole('button', { name: "Cadw'r presenoldeb" }).click();
  await waitForPath(lead, `/meetings/${id}`);
  assert.equal(await lead.getByLabel('Presenoldeb: Sian Griffiths', { exact: true }).inputValue(), 'deputy');
  assert.ok(await lead.getByLabel('Dirprwy ar ran (Sian Griffiths)', { exact: true }).isVisible());
  const rhys = rowOf(lead, 'Rhys Parry');
  assert.equal(clean(await rhys.locator('select').first().locator('option:checked').innerText()), 'Hefyd yn bresennol');
  await checkBoth(lead, 'cy');

  // Read only, in Welsh.
  const member = await newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(member, 'member@example.wales');
  await member.goto(`${ui.server.url}/meetings/${id}`);
  await member.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await member.waitForFunction(() => document.documentElement.lang === 'cy');
  const sian = rowOf(member, 'Sian Griffiths');
  assert.match(clean(await sian.innerText()), /Dirprwy \(ar ran Gareth Williams\)$/);
  const rhysRo = rowOf(member, 'Rhys Parry');
  assert.match(clean(await rhysRo.innerText()), /Hefyd yn bresennol$/);
  await checkBoth(member, 'cy-read-only');
  await member.context().close();
  await lead.context().close();
});
