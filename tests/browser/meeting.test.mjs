// Browser tests: a whole meeting cycle as a cluster lead runs it, in
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core) on a
// fresh server with the demonstration data. Scheduling (with its errors),
// the standing agenda and its computed times, an item for decision, a
// member's proposal accepted by the chair, attendance and the live
// quorum, a declared conflict, a named vote, minutes, an action raised at
// the meeting and carried onto the next meeting's "Review of actions",
// the agenda pack and the .ics file, and the key steps in Welsh. Every
// page on the way gets an axe-core check and a full-page screenshot
// (build/screenshots/meeting-*.png) for a person to look at.
//
// The demonstration meetings of Cardiff South West are on the second
// Tuesday of each month, 13:30–15:30: the meetings made here are in the
// evening, so they never clash with one of them whatever today's date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  browserTests, CLUSTER, CLUSTER_PATH, pathOf, waitForPath, clean, fillDate, openAllDetails,
} from './lib.mjs';
import { moveMeetingBack } from '../http/helpers.mjs';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const MISOEDD = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst',
  'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];

// A date `n` days from today (UTC, as the other tests), as the three
// fields people type and as the pages write it.
function day(n) {
  const d = new Date(Date.now() + n * 86400e3);
  const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return {
    parts: [String(dd), String(m), String(y)],
    iso: `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`,
    en: `${dd} ${MONTHS[m - 1]} ${y}`,
    enShort: `${dd} ${MONTHS[m - 1].slice(0, 3)} ${y}`,   // as the action log's table writes it
    cy: `${dd} ${MISOEDD[m - 1]} ${y}`,
  };
}

const FIRST = { title: 'Cluster meeting: winter planning', date: day(20), start: '18:00', end: '19:30', place: 'Canton Library, Cardiff' };
const NEXT = { title: 'Cluster meeting: new year', date: day(48), start: '18:00', end: '19:30', place: 'Ely and Caerau Hub, Cardiff' };
const ITEM = 'Extended access bid for the winter';
const PROPOSAL = 'Community pharmacy flu vaccination drive';
const STANDING = ['Welcome and introductions', 'Apologies', 'Declarations of interest',
  'Minutes of the last meeting', 'Review of actions', 'Any other business'];
const STANDING_CY = ['Croeso a chyflwyniadau', 'Ymddiheuriadau', 'Datgan buddiannau',
  'Cofnodion y cyfarfod diwethaf', 'Adolygu camau gweithredu', 'Unrhyw fater arall'];
// Voting members of the demonstration cluster who come to the meeting;
// Dr Alys Morgan chairs. Tomos Price declares a conflict on the item.
const PRESENT = ['Dr Alys Morgan', 'Dr Rhodri Evans', 'Sian Griffiths', 'Tomos Price', 'Nia Hughes'];
const ONLINE = ['Gareth Williams'];
const CONFLICTED = 'Tomos Price';
const VOTES = { 'Dr Alys Morgan': 'For', 'Dr Rhodri Evans': 'For', 'Sian Griffiths': 'For', 'Nia Hughes': 'Against', 'Gareth Williams': 'Abstain' };
const DECISION = 'The cluster supports the extended access bid for evening clinics from January.';
const ACTION = 'Confirm GP and nurse staffing for the evening clinics with each practice.';

let lead;        // the cluster lead's page, carried through the cycle
let meetingId;   // the first meeting
let itemId;      // its item for decision
let nextId;      // the next meeting
let actionRef;   // the action raised at the first meeting, e.g. CSW-023

const ui = browserTests('meeting-');

// The record of a meeting (its minutes) is written once it has started.
// The cycle here runs on a meeting weeks ahead, so for that step the
// meeting is moved a year into the past, and afterwards back to its date
// (which the later steps check).
function meetingHeld(id, fn) {
  const move = by => execFileSync('sqlite3', ['-cmd', '.timeout 5000', ui.server.db], {
    input: `UPDATE meeting SET starts_at=strftime('%Y-%m-%dT%H:%M', starts_at, '${by}'),
              ends_at=strftime('%Y-%m-%dT%H:%M', ends_at, '${by}') WHERE id=${Number(id)};` });
  move('-365 days');
  return fn().finally(() => move('+365 days'));
}
const { newPage, shot, checkPage, signIn } = ui;

// The agenda as rows of { n, time, minutes, title, lead, purpose }.
async function agenda(page) {
  const rows = page.locator('#agenda tbody tr');
  const out = [];
  for (const row of await rows.all()) {
    const cells = (await row.locator('td').allInnerTexts()).map(clean);
    const m = cells[1].match(/^(\d\d:\d\d) \((\d+) (?:min|mun)\)$/);
    assert.ok(m, `a time and duration: "${cells[1]}"`);
    out.push({ n: Number(cells[0]), time: m[1], minutes: Number(m[2]), title: clean(await row.locator('td').nth(2).locator('a').innerText()), lead: cells[3], purpose: cells[4] });
  }
  return out;
}

// The quorum line of the meeting page: [tag text, tag colour, the rest].
async function quorumLine(page) {
  const dd = page.locator('#quorum');
  const tag = dd.locator('.nhsuk-tag');
  const colour = (await tag.getAttribute('class')).match(/nhsuk-tag--(\w+)/)[1];
  const tagText = clean(await tag.innerText());
  return [tagText, colour, clean(await dd.innerText()).slice(tagText.length).trim()];
}

// ---------------------------------------------------------------------------

test('the lead opens Cardiff South West → Meetings and schedules a meeting, mistakes first', async () => {
  lead = await newPage();
  await signIn(lead, 'lead@example.wales');
  await lead.getByRole('table').getByRole('link', { name: CLUSTER, exact: true }).click();
  await waitForPath(lead, CLUSTER_PATH);
  await lead.getByRole('link', { name: 'Meetings', exact: true }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/meetings`);
  assert.equal(await lead.locator('h1').innerText(), 'Meetings');
  // The demonstration year of meetings is listed.
  assert.ok(await lead.locator('table tbody tr').count() >= 12, 'the demonstration meetings are listed');
  await checkPage(lead, 'list');

  await lead.getByRole('link', { name: 'Schedule a meeting' }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/meetings/new`);
  assert.equal(await lead.locator('h1').innerText(), 'Schedule a meeting');
  await checkPage(lead, 'form');

  // Mistakes: no title, a date in the past, a time written the 12-hour way.
  await lead.getByLabel('Title', { exact: true }).fill('');
  await fillDate(lead, 'Date', day(-3).parts);
  await lead.getByLabel('Start time', { exact: true }).fill('6pm');
  await lead.getByLabel('End time', { exact: true }).fill(FIRST.end);
  await lead.getByLabel('Place', { exact: true }).fill(FIRST.place);
  await lead.getByRole('button', { name: 'Schedule a meeting' }).click();
  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await lead.title(), /^Error: Schedule a meeting/);
  // In the order of the form. (Whether the date is in the past can only
  // be told once the time is right: that comes next.)
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean),
    ['Enter a title for the meeting', 'Enter a time in 24-hour format, for example 14:00']);
  // Each message also sits next to its field; what was typed is kept.
  assert.match(await lead.locator('#title-error').innerText(), /Enter a title for the meeting/);
  assert.match(await lead.locator('#start-error').innerText(), /24-hour format/);
  assert.equal(await lead.getByLabel('Start time', { exact: true }).inputValue(), '6pm');
  assert.equal(await lead.getByLabel('Place', { exact: true }).inputValue(), FIRST.place);
  assert.deepEqual(await Promise.all(['day', 'month', 'year'].map(p => lead.locator(`#date-${p}`).inputValue())), day(-3).parts);
  await checkPage(lead, 'form-errors');
  // The summary's link takes the user to the field.
  await summary.getByRole('link', { name: 'Enter a title for the meeting' }).click();
  assert.equal(await lead.evaluate(() => document.activeElement?.id), 'title');

  await lead.getByLabel('Title', { exact: true }).fill(FIRST.title);
  await lead.getByLabel('Start time', { exact: true }).fill(FIRST.start);
  await lead.getByRole('button', { name: 'Schedule a meeting' }).click();
  await summary.waitFor({ state: 'visible' });
  assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map(clean), ['The meeting must be in the future']);
  assert.match(await lead.locator('#date-error').innerText(), /must be in the future/);
  await shot(lead, 'form-date-error');
  // The summary's link to the date goes to its Day field.
  await summary.getByRole('link', { name: 'The meeting must be in the future' }).click();
  assert.equal(await lead.evaluate(() => document.activeElement?.id), 'date-day');

  await fillDate(lead, 'Date', FIRST.date.parts);
  await lead.getByRole('button', { name: 'Schedule a meeting' }).click();
  await waitForPath(lead, /^\/meetings\/\d+$/);
  meetingId = Number(pathOf(lead).split('/')[2]);

  assert.equal(await lead.locator('h1').innerText(), FIRST.title);
  const when = lead.locator('.nhsuk-summary-list__row').filter({ has: lead.locator('dt', { hasText: /^When$/ }) });
  assert.equal(clean(await when.locator('dd').innerText()), `${FIRST.date.en}, 18:00–19:30`);
  const place = lead.locator('.nhsuk-summary-list__row').filter({ has: lead.locator('dt', { hasText: /^Place$/ }) });
  assert.equal(clean(await place.locator('dd').innerText()), FIRST.place);
  // The standing items, timed one after another from the start.
  const rows = await agenda(lead);
  assert.deepEqual(rows.map(r => r.title), STANDING);
  assert.deepEqual(rows.map(r => r.n), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(rows.map(r => r.time), ['18:00', '18:05', '18:10', '18:15', '18:25', '18:40']);
  assert.deepEqual(rows.map(r => r.minutes), [5, 5, 5, 10, 15, 10]);
  // Not started: the quorum it will need, and when attendance can be recorded.
  assert.equal(clean(await lead.locator('#quorum').innerText()), '5 of the 9 voting members, including the chair or deputy chair.');
  assert.equal(await lead.locator('#quorum .nhsuk-tag').count(), 0, 'no quorate or not quorate tag before the start');
  assert.equal(clean(await lead.locator('#attendance-from').innerText()),
    `Attendance can be recorded from 18:00 on ${FIRST.date.en}. Until then, only apologies can be recorded.`);
  // It is on the list of meetings.
  await lead.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: CLUSTER }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/meetings`);
  const listed = lead.getByRole('row').filter({ has: lead.getByRole('link', { name: FIRST.title }) });
  assert.match(clean(await listed.innerText()), new RegExp(`${FIRST.date.en}, 18:00–19:30 .*Scheduled`));
  await listed.getByRole('link', { name: FIRST.title }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
});

test('the lead adds an item for decision with a lead and a time; it goes before any other business', async () => {
  const form = lead.locator('form').filter({ has: lead.getByLabel('Item title') });
  await form.getByLabel('Item title').fill(ITEM);
  await form.getByRole('radio', { name: 'For decision' }).check();
  await form.getByLabel('Lead', { exact: true }).selectOption({ label: 'Dr Rhodri Evans' });
  await form.getByLabel('Time needed, in minutes').fill('20');
  await form.getByRole('button', { name: 'Add an agenda item' }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
  const rows = await agenda(lead);
  assert.deepEqual(rows.map(r => r.title), [...STANDING.slice(0, 5), ITEM, 'Any other business']);
  assert.deepEqual(rows.map(r => r.time), ['18:00', '18:05', '18:10', '18:15', '18:25', '18:40', '19:00']);
  assert.deepEqual(rows[5], { n: 6, time: '18:40', minutes: 20, title: ITEM, lead: 'Dr Rhodri Evans', purpose: 'For decision' });
  itemId = Number((await lead.locator('#agenda').getByRole('link', { name: ITEM, exact: true }).getAttribute('href')).split('/').pop());
  assert.ok(itemId > 0);
});

test('a member proposes an item; the chair accepts it onto the agenda', async () => {
  const member = await newPage();
  await signIn(member, 'member@example.wales');
  await member.getByRole('table').getByRole('link', { name: CLUSTER, exact: true }).click();
  await member.getByRole('link', { name: 'Meetings', exact: true }).click();
  await member.getByRole('link', { name: FIRST.title }).click();
  await waitForPath(member, `/meetings/${meetingId}`);
  // A member may propose, not add; and records no attendance.
  assert.ok(await member.getByRole('heading', { name: 'Propose an agenda item', level: 2 }).isVisible());
  assert.equal(await member.getByRole('button', { name: 'Save attendance' }).count(), 0);
  assert.equal(await member.getByRole('button', { name: /^Move up/ }).count(), 0);
  await member.getByLabel('Item title').fill(PROPOSAL);
  await member.getByLabel('Description').fill('Saturday clinics in community pharmacies across the cluster.');
  await member.getByRole('radio', { name: 'For discussion' }).check();
  await member.getByLabel('Time needed, in minutes').fill('10');
  await member.getByRole('button', { name: 'Propose an agenda item' }).click();
  await waitForPath(member, /^\/meetings\/\d+\/items\/\d+\/proposed$/);
  assert.equal(clean(await member.locator('h1').innerText()), 'Your item has been proposed');
  await member.getByRole('link', { name: 'Go to the meeting' }).click();
  await waitForPath(member, `/meetings/${meetingId}`);
  const proposals = member.getByRole('heading', { name: 'Your proposals' }).locator('xpath=following-sibling::ul[1]');
  const mine = proposals.locator('li').filter({ hasText: PROPOSAL });
  assert.match(clean(await mine.innerText()), /For discussion, 10 min\. Proposed by: Sian Griffiths\. Waiting for the chair/);
  assert.deepEqual((await agenda(member)).map(r => r.title), [...STANDING.slice(0, 5), ITEM, 'Any other business'], 'not on the agenda yet');
  await shot(member, 'member-proposal');
  await member.context().close();

  // Back as the lead: the proposal waits with Accept and Decline.
  await lead.reload();
  const waiting = lead.getByRole('heading', { name: 'Items proposed by members' }).locator('xpath=following-sibling::ul[1]').locator('li').filter({ hasText: PROPOSAL });
  assert.ok(await waiting.getByRole('link', { name: `Decline ${PROPOSAL}` }).isVisible());
  await waiting.getByRole('button', { name: `Accept ${PROPOSAL}` }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
  const rows = await agenda(lead);
  assert.deepEqual(rows.map(r => r.title), [...STANDING.slice(0, 5), ITEM, PROPOSAL, 'Any other business']);
  assert.deepEqual(rows.map(r => r.time).slice(5), ['18:40', '19:00', '19:10']);
  assert.equal(rows[6].purpose, 'For discussion');
  assert.equal(await lead.getByText('Waiting for the chair').count(), 0);
});

test('attendance: enough voting members, with the chair, make the meeting quorate', async () => {
  // The meeting is held: what happened at it is recorded once it has
  // started, so it moves to the evening of two days ago.
  moveMeetingBack(ui.server, meetingId, 22);
  FIRST.date = day(-2);
  await lead.reload();
  // Four voting members first: not quorate.
  for (const name of PRESENT.slice(0, 4)) await lead.getByLabel(`Attendance: ${name}`, { exact: true }).selectOption({ label: 'Present' });
  await lead.getByRole('button', { name: 'Save attendance' }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
  assert.deepEqual(await quorumLine(lead), ['Not quorate', 'red', '5 voting members needed, 4 present.']);
  // Then the rest, one of them online, and apologies from another.
  for (const name of PRESENT.slice(4)) await lead.getByLabel(`Attendance: ${name}`, { exact: true }).selectOption({ label: 'Present' });
  for (const name of ONLINE) await lead.getByLabel(`Attendance: ${name}`, { exact: true }).selectOption({ label: 'Present online' });
  await lead.getByLabel('Attendance: Ffion Davies', { exact: true }).selectOption({ label: 'Apologies' });
  await lead.getByRole('button', { name: 'Save attendance' }).click();
  await waitForPath(lead, `/meetings/${meetingId}`);
  assert.deepEqual(await quorumLine(lead), ['Quorate', 'green', '5 voting members needed, 6 present.']);
  // What was recorded is shown selected.
  assert.equal(await lead.getByLabel('Attendance: Gareth Williams', { exact: true }).inputValue(), 'online');
  assert.equal(await lead.getByLabel('Attendance: Ffion Davies', { exact: true }).inputValue(), 'apologies');
  assert.equal(await lead.getByLabel('Attendance: Dr Alys Morgan', { exact: true }).inputValue(), 'present');
  await checkPage(lead, 'page');
});

test('on the item page: a declared conflict, a decision with a named vote, and the minutes', async () => {
  await lead.locator('#agenda').getByRole('link', { name: ITEM, exact: true }).click();
  await waitForPath(lead, `/meetings/${meetingId}/items/${itemId}`);
  assert.equal(await lead.locator('h1').innerText(), ITEM);
  assert.equal(clean(await lead.locator('.nhsuk-caption-l').innerText()), `${FIRST.title}, ${FIRST.date.en}, 18:00`);
  const item = lead.locator('main');
  assert.match(clean(await item.locator('.nhsuk-summary-list').first().innerText()), /Purpose For decision Lead Dr Rhodri Evans Time allowed 20 minutes/);
  assert.ok(await lead.getByText('No interests have been declared on this item.').isVisible());
  assert.equal(clean(await lead.locator(`#i${itemId}-quorum`).innerText()),
    'Quorum: Quorate: 6 voting members present and not conflicted, 5 needed.');
  // The forms sit in closed details until opened; with them open, axe checks them.
  await openAllDetails(lead);
  await checkPage(lead, 'item-forms');

  // A decision without its words: the error at the top and next to the field.
  await lead.getByRole('button', { name: 'Record the decision' }).click();
  await lead.locator('.nhsuk-error-summary').waitFor({ state: 'visible' });
  assert.match(await lead.title(), new RegExp(`^Error: ${ITEM}`));
  assert.ok(await lead.locator(`#i${itemId}-text-error`).isVisible(), 'the error next to the decision field');
  assert.equal(await lead.locator('details[open]').count() >= 1, true, 'the decision form stays open');
  await openAllDetails(lead);
  await checkPage(lead, 'item-errors');

  // Tomos Price declares a conflict and takes no part in the vote.
  await lead.goto(`${ui.server.url}/meetings/${meetingId}/items/${itemId}`);
  await lead.getByText('Declare an interest', { exact: true }).click();
  await lead.getByLabel('Who', { exact: true }).selectOption({ label: CONFLICTED });
  await lead.getByLabel('Interest', { exact: true }).fill('Director of the GP federation that would run the evening clinics');
  await lead.getByRole('radio', { name: 'Stayed but took no part in the vote' }).check();
  await lead.getByRole('button', { name: 'Record the declaration' }).click();
  await waitForPath(lead, `/meetings/${meetingId}/items/${itemId}`);
  const declarations = lead.getByRole('table', { name: 'Declarations of interest' });
  assert.deepEqual((await declarations.locator('tbody td').allInnerTexts()).map(clean),
    [CONFLICTED, 'Director of the GP federation that would run the evening clinics', 'Stayed but took no part in the vote',
      `Change ${CONFLICTED} Withdraw ${CONFLICTED}`]);
  // Out of the count now: five left, still enough.
  assert.equal(clean(await lead.locator(`#i${itemId}-quorum`).innerText()),
    'Quorum: Quorate: 5 voting members present and not conflicted, 5 needed.');

  // The decision, by a named vote of the five.
  await lead.getByText('Record a decision', { exact: true }).click();
  await lead.getByLabel('Decision', { exact: true }).fill(DECISION);
  await lead.getByLabel('Reason', { exact: true }).fill('Demand for evening appointments is high and the bid is within the allocation.');
  await lead.getByRole('radio', { name: 'Named vote' }).check();
  const named = lead.getByRole('group', { name: "For a named vote: each voter's choice" });
  assert.match(await named.innerText(), new RegExp(`Out of the vote on this item \\(declared a conflict\\): ${CONFLICTED}`));
  assert.equal(await named.getByRole('group', { name: CONFLICTED }).count(), 0, 'the conflicted member has no vote');
  for (const [name, choice] of Object.entries(VOTES)) {
    await named.getByRole('group', { name, exact: true }).getByRole('radio', { name: choice, exact: true }).check();
  }
  await lead.getByRole('button', { name: 'Record the decision' }).click();
  await waitForPath(lead, `/meetings/${meetingId}/items/${itemId}`);
  const decision = lead.locator('main .nhsuk-summary-list').nth(1);
  const shown = clean(await decision.innerText());
  assert.match(shown, new RegExp(`Decision ${DECISION}`));
  assert.match(shown, /Vote Named vote: 3 for, 1 against, 1 abstained/);
  assert.match(shown, /Quorum 5 present, 5 needed/);
  assert.match(shown, new RegExp(`Declared an interest ${CONFLICTED}`));
  const votes = (await decision.locator('ul li').allInnerTexts()).map(clean).sort();
  assert.deepEqual(votes, Object.entries(VOTES).map(([n, c]) => `${n}: ${c}`).sort());
  // One decision is shown (the form stays: an item may take more than one).
  assert.equal(await lead.locator('main .nhsuk-summary-list').count(), 2, 'the item summary and one decision');

  // The minutes of the item, in Markdown, once the meeting has been held.
  await meetingHeld(meetingId, async () => {
    await lead.getByText('Write the minutes of this item', { exact: true }).click();
    await lead.getByLabel('Minutes', { exact: true }).fill(
      'The cluster **approved** the bid after discussion.\n\n- Tomos Price declared an interest and took no part in the vote\n- Dr Rhodri Evans to confirm staffing');
    await lead.getByRole('button', { name: 'Save the minutes' }).click();
    await waitForPath(lead, `/meetings/${meetingId}/items/${itemId}`);
  });
  const minutes = lead.locator('.cc-minutes');
  assert.equal(await minutes.locator('strong').innerText(), 'approved');
  assert.deepEqual((await minutes.locator('li').allInnerTexts()).map(clean),
    ['Tomos Price declared an interest and took no part in the vote', 'Dr Rhodri Evans to confirm staffing']);
  await openAllDetails(lead);
  await checkPage(lead, 'item');
});

test('the decisions log shows the decision with its numbers and the conflict', async () => {
  await lead.getByRole('link', { name: 'Decisions log' }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/decisions`);
  assert.equal(await lead.locator('h1').innerText(), 'Decisions log');
  const row = lead.locator('#decisions tbody tr').filter({ hasText: DECISION });
  assert.equal(await row.count(), 1);
  const cells = (await row.locator('td').allInnerTexts()).map(clean);
  assert.deepEqual(cells, [
    `${FIRST.date.en} ${FIRST.title}`, ITEM, DECISION,
    'Demand for evening appointments is high and the bid is within the allocation.',
    'Named vote: 3 for, 1 against, 1 abstained 5 present, 5 needed', CONFLICTED,
  ]);
  // Newest first: the meeting three weeks ahead comes before the demonstration year.
  assert.match(clean(await lead.locator('#decisions tbody tr').first().innerText()), new RegExp(DECISION.slice(0, 30)));
  await checkPage(lead, 'decisions-log');
});

test('the minutes of the meeting: a draft with the item, its declaration, decision and minutes', async () => {
  await lead.goto(`${ui.server.url}/meetings/${meetingId}`);
  await lead.getByRole('link', { name: 'Minutes of this meeting' }).click();
  await waitForPath(lead, `/meetings/${meetingId}/minutes`);
  assert.equal(await lead.locator('h1').innerText(), 'Minutes of the meeting');
  assert.match(clean(await lead.locator('main').innerText()), /Draft The minutes are a draft until the next meeting approves them\./);
  const section = lead.getByRole('heading', { name: `6. ${ITEM}`, level: 2 });
  assert.ok(await section.isVisible());
  const main = clean(await lead.locator('main').innerText());
  assert.match(main, /Named vote: 3 for, 1 against, 1 abstained/);
  assert.match(main, /The cluster approved the bid after discussion\./);
  assert.match(main, /Stayed but took no part in the vote/);
  // The minutes page is read only: the forms are on the items' pages.
  assert.equal(await lead.getByRole('button', { name: 'Save the minutes' }).count(), 0);
  await checkPage(lead, 'minutes');
});

test('an action raised at the meeting: the form, its errors, and the action log', async () => {
  await lead.goto(`${ui.server.url}${CLUSTER_PATH}`);
  await lead.getByRole('link', { name: 'Action log', exact: true }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/actions`);
  await lead.getByRole('link', { name: 'Add an action' }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/actions/new`);
  assert.equal(await lead.locator('h1').innerText(), 'Add an action');
  await checkPage(lead, 'action-form');

  // Nothing filled in: each error at the top and next to its field.
  await lead.getByRole('button', { name: 'Add an action' }).click();
  const summary = lead.locator('.nhsuk-error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.ok(await summary.getByRole('link').count() >= 2, 'the action and its lead are asked for');
  assert.ok(await lead.locator('#description-error').isVisible());
  assert.ok(await lead.locator('#lead-error').isVisible());
  await checkPage(lead, 'action-form-errors');

  const due = day(40);
  await lead.getByLabel('Action', { exact: true }).fill(ACTION);
  await lead.getByLabel('Lead', { exact: true }).selectOption({ label: 'Dr Rhodri Evans' });
  await fillDate(lead, 'Due date (optional)', due.parts);
  await lead.getByLabel('Raised at meeting (optional)').selectOption({ label: `${FIRST.date.en} – ${FIRST.title}` });
  await lead.getByRole('button', { name: 'Add an action' }).click();
  await waitForPath(lead, `${CLUSTER_PATH}/actions`);
  const id = new URL(lead.url()).hash.replace('#action-', '');
  const row = lead.locator(`#action-${id}`);
  assert.ok(await row.isVisible(), 'the new action is on the first page of the log');
  const cells = (await row.locator('td').allInnerTexts()).map(clean);
  actionRef = cells[0];
  assert.match(actionRef, /^[A-Z]+-\d+$/, `an action reference, not "${actionRef}"`);
  assert.deepEqual(cells.slice(1), [FIRST.date.enShort, ACTION, 'Dr Rhodri Evans', 'Open', '', due.enShort]);
  await checkPage(lead, 'action-log');

  // Its own page links back to the meeting.
  await row.getByRole('link', { name: actionRef }).click();
  await waitForPath(lead, `/actions/${id}`);
  assert.equal(await lead.getByRole('link', { name: FIRST.date.en }).getAttribute('href'), `/meetings/${meetingId}`);
  await shot(lead, 'action');
});

test('the next meeting: the open action comes up under "Review of actions"', async () => {
  await lead.goto(`${ui.server.url}${CLUSTER_PATH}/meetings/new`);
  await lead.getByLabel('Title', { exact: true }).fill(NEXT.title);
  await fillDate(lead, 'Date', NEXT.date.parts);
  await lead.getByLabel('Start time', { exact: true }).fill(NEXT.start);
  await lead.getByLabel('End time', { exact: true }).fill(NEXT.end);
  await lead.getByLabel('Place', { exact: true }).fill(NEXT.place);
  await lead.getByRole('button', { name: 'Schedule a meeting' }).click();
  await waitForPath(lead, /^\/meetings\/\d+$/);
  nextId = Number(pathOf(lead).split('/')[2]);
  assert.notEqual(nextId, meetingId);
  assert.ok(await lead.getByRole('heading', { name: 'Review of actions', level: 3 }).isVisible());
  const review = lead.locator('#review-actions');
  const row = review.locator('tbody tr').filter({ has: lead.getByRole('link', { name: actionRef, exact: true }) });
  assert.equal(await row.count(), 1, `${actionRef} is listed for review`);
  assert.deepEqual((await row.locator('td').allInnerTexts()).map(clean),
    [actionRef, ACTION, 'Dr Rhodri Evans', 'Open', 'No progress noted yet', day(40).en]);
  await shot(lead, 'next');
  // It was raised at the first meeting, so it is not up for review there.
  await lead.goto(`${ui.server.url}/meetings/${meetingId}`);
  assert.equal(await lead.locator('#review-actions').getByRole('link', { name: actionRef, exact: true }).count(), 0);
});

test('the agenda pack (PDF) and the calendar file (.ics) download from the meeting page', async () => {
  await lead.goto(`${ui.server.url}/meetings/${meetingId}`);
  const downloads = lead.getByRole('heading', { name: 'Downloads' }).locator('xpath=following-sibling::ul[1]');
  const pack = downloads.getByRole('link', { name: 'Agenda pack (PDF)' });
  const ics = downloads.getByRole('link', { name: 'Add to your calendar (.ics file)' });
  assert.equal(await pack.getAttribute('href'), `/meetings/${meetingId}/pack.pdf`);
  assert.equal(await ics.getAttribute('href'), `/meetings/${meetingId}/calendar.ics`);

  // With the lead's own session, as the browser would fetch them.
  const pdf = await lead.request.get(new URL(await pack.getAttribute('href'), ui.server.url).href);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'], /^application\/pdf/);
  const pdfBytes = await pdf.body();
  assert.equal(pdfBytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdfBytes.length > 1000);

  const cal = await lead.request.get(new URL(await ics.getAttribute('href'), ui.server.url).href);
  assert.equal(cal.status(), 200);
  assert.match(cal.headers()['content-type'], /^text\/calendar/);
  const text = (await cal.text()).replace(/\r\n[ \t]/g, '');
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, new RegExp(`\r\nSUMMARY:${FIRST.title.replace(/[:]/g, '\\\\?:')}\r\n`));
  assert.match(text, new RegExp(`\r\nDTSTART;TZID=Europe/London:${FIRST.date.iso.replace(/-/g, '')}T180000\r\n`));
  assert.match(text, new RegExp(`\r\nDTEND;TZID=Europe/London:${FIRST.date.iso.replace(/-/g, '')}T193000\r\n`));

  // Clicking the .ics link downloads the file.
  const [download] = await Promise.all([lead.waitForEvent('download'), ics.click()]);
  assert.match(download.suggestedFilename(), /\.ics$/);

  // Signed out, neither is given away.
  const anon = await ui.browser.newContext();
  const r = await anon.request.get(`${ui.server.url}/meetings/${meetingId}/pack.pdf`, { maxRedirects: 0 });
  assert.equal(r.status(), 303);
  await anon.close();
});

test('in Welsh: the meeting page, attendance and the item page', async () => {
  await lead.goto(`${ui.server.url}/meetings/${nextId}`);
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'cy');
  assert.equal(pathOf(lead), `/meetings/${nextId}`, 'the switch stays on the meeting');
  assert.ok(await lead.getByRole('heading', { name: 'Agenda', exact: true, level: 2 }).isVisible());
  assert.ok(await lead.getByRole('heading', { name: 'Presenoldeb', exact: true, level: 2 }).isVisible());
  assert.ok(await lead.getByRole('heading', { name: 'Adolygu camau gweithredu', exact: true, level: 3 }).isVisible());
  assert.equal(clean(await lead.locator('.nhsuk-summary-list__key').filter({ hasText: 'Cworwm' }).innerText()), 'Cworwm');
  const when = lead.locator('.nhsuk-summary-list__row').filter({ has: lead.locator('dt', { hasText: /^Pryd$/ }) });
  assert.equal(clean(await when.locator('dd').innerText()), `${NEXT.date.cy}, 18:00–19:30`);
  assert.deepEqual((await agenda(lead)).map(r => r.title), STANDING_CY);
  // Not started yet: the quorum it will need, not a verdict.
  assert.equal(clean(await lead.locator('#quorum').innerText()),
    "5 o'r 9 aelod sy'n pleidleisio, gan gynnwys y cadeirydd neu'r dirprwy gadeirydd.");
  // The action from the last meeting is still up for review.
  assert.equal(await lead.locator('#review-actions').getByRole('link', { name: actionRef, exact: true }).count(), 1);

  // Add an item, in Welsh.
  const form = lead.locator('form').filter({ has: lead.getByLabel('Teitl yr eitem') });
  await form.getByLabel('Teitl yr eitem').fill('Cynllun gofal brys y gaeaf');
  await form.getByRole('radio', { name: 'Er penderfyniad' }).check();
  await form.getByLabel('Arweinydd', { exact: true }).selectOption({ label: 'Sian Griffiths' });
  await form.getByLabel('Amser sydd ei angen, mewn munudau').fill('25');
  await form.getByRole('button', { name: 'Ychwanegu eitem at yr agenda' }).click();
  await waitForPath(lead, `/meetings/${nextId}`);
  const rows = await agenda(lead);
  assert.deepEqual(rows[5], { n: 6, time: '18:40', minutes: 25, title: 'Cynllun gofal brys y gaeaf', lead: 'Sian Griffiths', purpose: 'Er penderfyniad' });
  assert.equal(rows[6].time, '19:05');

  // The meeting is held (yesterday evening): then its attendance and decisions are recorded.
  moveMeetingBack(ui.server, nextId, 49);
  NEXT.date = day(-1);
  await lead.reload();
  // Attendance, in Welsh: quorate.
  for (const name of [...PRESENT, ...ONLINE]) {
    await lead.getByLabel(`Presenoldeb: ${name}`, { exact: true }).selectOption({ label: 'Yn bresennol' });
  }
  await lead.getByRole('button', { name: "Cadw'r presenoldeb" }).click();
  await waitForPath(lead, `/meetings/${nextId}`);
  assert.deepEqual(await quorumLine(lead), ['Mae cworwm', 'green', "Angen 5 aelod sy'n pleidleisio, 6 yn bresennol."]);
  await checkPage(lead, 'page-cy');

  // The item page, in Welsh, with its forms.
  await lead.locator('#agenda').getByRole('link', { name: 'Cynllun gofal brys y gaeaf', exact: true }).click();
  await waitForPath(lead, /^\/meetings\/\d+\/items\/\d+$/);
  assert.equal(await lead.getAttribute('html', 'lang'), 'cy');
  assert.ok(await lead.getByRole('heading', { name: 'Datganiadau o fuddiant', exact: true, level: 2 }).isVisible());
  assert.ok(await lead.getByRole('heading', { name: 'Penderfyniad', exact: true, level: 2 }).isVisible());
  assert.ok(await lead.getByText('Cofnodi penderfyniad', { exact: true }).isVisible());
  await lead.getByText('Cofnodi penderfyniad', { exact: true }).click();
  await lead.getByLabel('Penderfyniad', { exact: true }).fill('Cymeradwyo cynllun gofal brys y gaeaf.');
  await lead.getByRole('radio', { name: 'Dim pleidlais (drwy gytundeb)' }).check();
  await lead.getByRole('button', { name: "Cofnodi'r penderfyniad" }).click();
  await waitForPath(lead, /^\/meetings\/\d+\/items\/\d+$/);
  assert.match(clean(await lead.locator('main').innerText()), /Cymeradwyo cynllun gofal brys y gaeaf\./);
  await openAllDetails(lead);
  await checkPage(lead, 'item-cy');

  // And back to English.
  await lead.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
  await lead.waitForFunction(() => document.documentElement.lang === 'en');
  await lead.waitForLoadState('load');
  assert.ok(await lead.getByRole('heading', { name: 'Declarations of interest', level: 2 }).isVisible());
  await lead.context().close();
});
