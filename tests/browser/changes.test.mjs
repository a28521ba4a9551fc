// Browser tests of changing and undoing, as a cluster lead does it in
// Chromium: a meeting changed and then cancelled with a reason (the
// confirmation page, its error, the meeting page that says why), and a
// paper replaced by a new version (the old one listed under it and still
// downloadable); in English and in Welsh. Every page gets the axe-core
// check and full-page screenshots at 1,280 and 375 px
// (build/screenshots/changes-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { browserTests, CLUSTER_PATH, waitForPath, clean, fillDate } from './lib.mjs';
import { minimalPdf as pdf } from '../lib/files.mjs';

const ui = browserTests('changes-');
const { newPage, checkPage, signIn } = ui;

function day(n) {
  const d = new Date(Date.now() + n * 86400e3);
  return [String(d.getUTCDate()), String(d.getUTCMonth() + 1), String(d.getUTCFullYear())];
}

// The page at 1,280 px and at 375 px, each checked and photographed.
async function checkBoth(page, name) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await checkPage(page, `${name}-1280`);
  await page.setViewportSize({ width: 375, height: 800 });
  await checkPage(page, `${name}-375`);
  await page.setViewportSize({ width: 1280, height: 800 });
}


// Schedule a meeting through the form, `n` days ahead in the evening;
// returns its id. The page is left on the meeting.
async function schedule(page, title, n, labels = { title: 'Title', date: 'Date', start: 'Start time', end: 'End time', place: 'Place', button: 'Schedule a meeting' }) {
  await page.goto(`${ui.server.url}${CLUSTER_PATH}/meetings/new`);
  await page.getByLabel(labels.title, { exact: true }).fill(title);
  await fillDate(page, labels.date, day(n));
  await page.getByLabel(labels.start, { exact: true }).fill('18:00');
  await page.getByLabel(labels.end, { exact: true }).fill('19:30');
  await page.getByLabel(labels.place, { exact: true }).fill('Canton Library, Cardiff');
  await page.getByRole('button', { name: labels.button }).click();
  await waitForPath(page, /^\/meetings\/\d+$/);
  return Number(new URL(page.url()).pathname.split('/')[2]);
}

let lead;

test('the lead changes a meeting, then cancels it with a reason after a first try without one', async () => {
  lead = await newPage();
  await signIn(lead, 'lead@example.wales');
  const id = await schedule(lead, 'Practice managers forum', 12);
  await checkBoth(lead, 'meeting-ahead');

  // Change: the place moves.
  await lead.getByRole('link', { name: /^Change date, time, place or online link/ }).click();
  await waitForPath(lead, `/meetings/${id}/edit`);
  assert.equal(await lead.locator('h1').innerText(), 'Change the meeting');
  assert.equal(await lead.getByLabel('Place', { exact: true }).inputValue(), 'Canton Library, Cardiff');
  await checkBoth(lead, 'meeting-change');
  await lead.getByLabel('Place', { exact: true }).fill('Ely and Caerau Hub, Cardiff');
  await lead.getByRole('button', { name: 'Save changes' }).click();
  await waitForPath(lead, `/meetings/${id}`);
  assert.match(await lead.locator('main').innerText(), /Ely and Caerau Hub, Cardiff/);

  // Cancel: the confirmation asks why, and will not go on without a reason.
  await lead.getByRole('link', { name: 'Cancel this meeting' }).click();
  await waitForPath(lead, `/meetings/${id}/cancel`);
  assert.equal(await lead.locator('h1').innerText(), 'Cancel this meeting?');
  await checkBoth(lead, 'cancel');
  await lead.getByRole('button', { name: 'Cancel the meeting' }).click();
  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await lead.title(), /^Error: Cancel this meeting\?/);
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean), ['Enter why the meeting is cancelled']);
  assert.match(await lead.locator('#reason-error').innerText(), /Enter why the meeting is cancelled/);
  await checkBoth(lead, 'cancel-error');
  await summary.getByRole('link', { name: 'Enter why the meeting is cancelled' }).click();
  assert.equal(await lead.evaluate(() => document.activeElement?.id), 'reason');
  await lead.getByLabel('Why is the meeting cancelled?').fill('Too few practices could send someone in half term');
  await lead.getByRole('button', { name: 'Cancel the meeting' }).click();
  await waitForPath(lead, `/meetings/${id}`);
  assert.equal(clean(await lead.locator('#cancel-reason').innerText()),
    'Cancelled: Too few practices could send someone in half term');
  assert.equal(await lead.getByRole('link', { name: 'Cancel this meeting' }).count(), 0);
  assert.equal(await lead.getByRole('button', { name: 'Save attendance' }).count(), 0, 'nothing to record');
  assert.equal(await lead.locator(`form[action="/meetings/${id}/items"]`).count(), 0, 'no items to add');
  await checkBoth(lead, 'cancelled');
});

test('the lead replaces a paper with a new version; the old one stays listed and downloadable', async () => {
  const id = await schedule(lead, 'Prescribing group', 13);
  // An item of its own, from the form on the meeting page.
  const add = lead.locator(`form[action="/meetings/${id}/items"]`);
  await add.getByLabel('Item title').fill('Antimicrobial prescribing report');
  await add.getByLabel('Information').check();
  await add.getByLabel('Time needed, in minutes').fill('20');
  await add.getByRole('button', { name: 'Add an agenda item' }).click();
  await waitForPath(lead, `/meetings/${id}`);
  await lead.getByRole('link', { name: 'Antimicrobial prescribing report', exact: true }).click();
  await waitForPath(lead, /^\/meetings\/\d+\/items\/\d+$/);
  const itemPath = new URL(lead.url()).pathname;
  await lead.getByLabel('Add a paper').setInputFiles({ name: 'AMS report Q1.pdf', mimeType: 'application/pdf', buffer: pdf('Draft') });
  await lead.getByRole('button', { name: 'Upload paper' }).click();
  await waitForPath(lead, itemPath);

  await lead.getByRole('link', { name: 'Replace AMS report Q1.pdf' }).click();
  await waitForPath(lead, /^\/papers\/\d+\/replace$/);
  assert.equal(await lead.locator('h1').innerText(), 'Replace this paper with a new version');
  await checkBoth(lead, 'replace');
  // Nothing chosen: said next to the field.
  await lead.getByRole('button', { name: 'Upload the new version' }).click();
  await lead.locator('.nhsuk-error-summary').waitFor({ state: 'visible' });
  await checkBoth(lead, 'replace-error');
  await lead.getByLabel('The new version').setInputFiles({ name: 'AMS report Q1 final.pdf', mimeType: 'application/pdf', buffer: pdf('Final') });
  await lead.getByRole('button', { name: 'Upload the new version' }).click();
  await waitForPath(lead, itemPath);

  const rows = lead.locator(`[aria-labelledby="i${itemPath.split('/')[4]}-sec-papers"] table tbody tr`);
  assert.equal(await rows.count(), 2);
  assert.match(clean(await rows.nth(0).locator('td').first().innerText()), /^AMS report Q1 final\.pdf Version 2$/);
  assert.match(clean(await rows.nth(1).locator('td').first().innerText()),
    /^AMS report Q1\.pdf Version 1, replaced on \d{1,2} \w+ \d{4}, \d\d:\d\d$/);
  // The old version still downloads, whole.
  const href = await rows.nth(1).getByRole('link', { name: 'AMS report Q1.pdf' }).getAttribute('href');
  const d = await lead.request.get(`${ui.server.url}${href}`);
  assert.equal(d.status(), 200);
  assert.ok((await d.body()).equals(pdf('Draft')));
  await checkBoth(lead, 'replaced');
});

test('in Welsh: the cancel confirmation, the cancelled meeting and the versions of a paper', async () => {
  await lead.goto(`${ui.server.url}/`);
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'cy');
  const id = await schedule(lead, 'Fforwm rheolwyr practis', 14,
    { title: 'Teitl', date: 'Dyddiad', start: 'Amser dechrau', end: 'Amser gorffen', place: 'Lleoliad', button: 'Trefnu cyfarfod' });
  await lead.getByRole('link', { name: "Canslo'r cyfarfod hwn" }).click();
  await waitForPath(lead, `/meetings/${id}/cancel`);
  assert.equal(await lead.locator('h1').innerText(), "Canslo'r cyfarfod hwn?");
  await lead.getByRole('button', { name: "Canslo'r cyfarfod" }).click();
  await lead.locator('.nhsuk-error-summary').waitFor({ state: 'visible' });
  assert.match(await lead.locator('#reason-error').innerText(), /Rhowch y rheswm pam mae'r cyfarfod wedi'i ganslo/);
  await checkBoth(lead, 'cancel-error-cy');
  await lead.getByLabel("Pam mae'r cyfarfod wedi'i ganslo?").fill('Dim digon o bractisau ar gael');
  await lead.getByRole('button', { name: "Canslo'r cyfarfod" }).click();
  await waitForPath(lead, `/meetings/${id}`);
  assert.equal(clean(await lead.locator('#cancel-reason').innerText()), "Wedi'i ganslo: Dim digon o bractisau ar gael");
  await checkBoth(lead, 'cancelled-cy');

  // The paper replaced in the test before, as a Welsh reader sees it.
  await lead.goto(`${ui.server.url}/meetings/${id - 1}`);
  await lead.getByRole('link', { name: 'Antimicrobial prescribing report', exact: true }).click();
  await waitForPath(lead, /^\/meetings\/\d+\/items\/\d+$/);
  assert.match(await lead.locator('main').innerText(), /Fersiwn 1, disodlwyd ar \d{1,2} \w+ \d{4}/);
  await checkBoth(lead, 'replaced-cy');
  await lead.getByRole('link', { name: /^Rhoi fersiwn newydd/ }).first().click();
  await waitForPath(lead, /^\/papers\/\d+\/replace$/);
  assert.equal(await lead.locator('h1').innerText(), "Rhoi fersiwn newydd yn lle'r papur hwn");
  await checkBoth(lead, 'replace-cy');
});

// The meeting moved into the past, as if it had been held: its record opens.
function moveBack(id, days) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', ui.server.db], { input:
    `UPDATE meeting SET starts_at=strftime('%Y-%m-%dT%H:%M', starts_at, '-${days} days'),
                        ends_at=strftime('%Y-%m-%dT%H:%M', ends_at, '-${days} days') WHERE id=${id};` });
}

test('the other pages that change and undo: deleting an item, a declaration changed and on the register, a paper withdrawn, an action edited', async () => {
  await lead.goto(`${ui.server.url}/`);
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'en');
  const id = await schedule(lead, 'Estates group', 15);
  const add = lead.locator(`form[action="/meetings/${id}/items"]`);
  await add.getByLabel('Item title').fill('Premises improvement bid');
  await add.getByLabel('Decision').check();
  await add.getByLabel('Time needed, in minutes').fill('25');
  await add.getByRole('button', { name: 'Add an agenda item' }).click();
  await waitForPath(lead, `/meetings/${id}`);

  // Deleting a standing item: the confirmation page.
  await lead.getByRole('link', { name: 'Delete Any other business' }).click();
  await waitForPath(lead, /\/items\/\d+\/delete$/);
  assert.equal(await lead.locator('h1').innerText(), 'Delete this agenda item?');
  await checkBoth(lead, 'item-delete');
  await lead.getByRole('button', { name: 'Delete the item' }).click();
  await waitForPath(lead, `/meetings/${id}`);
  assert.equal(await lead.getByRole('link', { name: 'Any other business', exact: true }).count(), 0);

  // A paper, and its withdrawal before the pack goes out.
  await lead.getByRole('link', { name: 'Premises improvement bid', exact: true }).click();
  await waitForPath(lead, /^\/meetings\/\d+\/items\/\d+$/);
  const itemPath = new URL(lead.url()).pathname;
  await lead.getByLabel('Add a paper').setInputFiles({ name: 'Bid draft.pdf', mimeType: 'application/pdf', buffer: pdf('Bid') });
  await lead.getByRole('button', { name: 'Upload paper' }).click();
  await waitForPath(lead, itemPath);
  await lead.getByRole('link', { name: 'Withdraw Bid draft.pdf' }).click();
  await waitForPath(lead, /^\/papers\/\d+\/withdraw$/);
  assert.equal(await lead.locator('h1').innerText(), 'Withdraw this paper?');
  await checkBoth(lead, 'paper-withdraw');
  await lead.getByRole('button', { name: 'Withdraw the paper' }).click();
  await waitForPath(lead, itemPath);
  assert.match(await lead.locator('main').innerText(), /No papers have been added to this item/);

  // Held: a declaration, also put on the register, then changed.
  moveBack(id, 16);
  await lead.reload();
  await lead.getByText('Declare an interest').click();
  await lead.getByLabel('Who').selectOption({ label: 'Tomos Price' });
  await lead.getByLabel('Interest', { exact: true }).fill('Owns the building the bid is for');
  await lead.getByLabel('Left the room').check();
  await lead.getByLabel("Also add this to the person's register of interests").check();
  await lead.getByRole('group', { name: 'Kind of interest, for the register' }).getByLabel('Financial').check();
  await checkBoth(lead, 'declaration-form');
  await lead.getByRole('button', { name: 'Record the declaration' }).click();
  await waitForPath(lead, itemPath);
  await lead.getByRole('link', { name: 'Change Tomos Price' }).click();
  await waitForPath(lead, /^\/declarations\/\d+\/edit$/);
  assert.equal(await lead.locator('h1').innerText(), 'Change a declaration of interest');
  assert.ok(await lead.getByLabel("Also add this to Tomos Price's register of interests").isVisible());
  await checkBoth(lead, 'declaration-edit');
  await lead.getByLabel('Interest', { exact: true }).fill('');
  await lead.getByRole('button', { name: 'Save changes' }).click();
  await lead.locator('.nhsuk-error-summary').waitFor({ state: 'visible' });
  await checkBoth(lead, 'declaration-edit-error');
  await lead.getByLabel('Interest', { exact: true }).fill('Owns the building the bid is for, through a family company');
  await lead.getByRole('button', { name: 'Save changes' }).click();
  await waitForPath(lead, itemPath);
  await lead.getByRole('link', { name: 'Tomos Price', exact: true }).click();
  await waitForPath(lead, /^\/people\/\d+\/interests$/);
  const made = lead.locator('#declarations-made tbody tr').filter({ hasText: 'family company' });
  assert.equal(await made.count(), 1);
  assert.match(clean(await made.innerText()), /Estates group.*Premises improvement bid.*Left the room/);
  assert.match(await lead.locator('#interests').innerText(), /Owns the building the bid is for/);
  await checkBoth(lead, 'register');
  await lead.getByRole('link', { name: 'Premises improvement bid' }).first().click();
  await waitForPath(lead, itemPath);
  await lead.getByRole('link', { name: 'Withdraw Tomos Price' }).click();
  await waitForPath(lead, /^\/declarations\/\d+\/withdraw$/);
  await checkBoth(lead, 'declaration-withdraw');
});

test('an action: the lead of the cluster edits it; its lead, a read-only member, updates it', async () => {
  await lead.goto(`${ui.server.url}${CLUSTER_PATH}/actions/new`);
  await lead.getByLabel('Action', { exact: true }).fill('Collect the practices\u2019 flu uptake figures');
  await lead.getByLabel('Lead', { exact: true }).selectOption({ label: 'Nia Hughes' });
  await lead.getByRole('button', { name: 'Add an action' }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/actions`);
  await lead.getByRole('link', { name: /^CSW-\d+$/ }).last().click();
  await waitForPath(lead, /^\/actions\/\d+$/);
  const actionPath = new URL(lead.url()).pathname;
  await lead.getByRole('link', { name: 'Change the action or its lead' }).click();
  await waitForPath(lead, `${actionPath}/edit`);
  await checkBoth(lead, 'action-edit');
  await lead.getByLabel('Lead', { exact: true }).selectOption({ label: 'Sian Griffiths' });
  await lead.getByRole('button', { name: 'Save changes' }).click();
  await waitForPath(lead, actionPath);

  const sian = await newPage();
  await signIn(sian, 'member@example.wales');
  await sian.goto(`${ui.server.url}${actionPath}`);
  assert.match(await sian.locator('main').innerText(), /You lead this action/);
  await checkBoth(sian, 'action-as-lead');
  await sian.getByLabel('In progress').check();
  await sian.getByLabel(/^Progress note/).fill('Four of six practices have sent theirs');
  await sian.getByRole('button', { name: 'Save changes' }).click();
  await waitForPath(sian, actionPath);
  assert.match(await sian.locator('#progress').innerText(), /Four of six practices have sent theirs/);
  await sian.context().close();
});
