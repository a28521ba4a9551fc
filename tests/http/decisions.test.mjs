// Declarations of interest, decisions with their votes, and minutes, on
// an agenda item's page; the decisions log; the register of interests.
// No decision without quorum, a declared conflict takes its member out of
// the count and the vote, a secret ballot keeps no names, approved
// minutes change only as a correction with its reason; every form keeps
// what was typed and says what is wrong next to the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, moveMeetingBack, sql, sqlQuote, shiftLocal, h1, tableById, bodyRows } from './helpers.mjs';

let server, lead, member, afanLead, hb, admin;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const text = html => unescape(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();

// Each meeting on its own day, so that none overlaps another, and in the
// evening, so that none can meet the demonstration meetings (the second
// Tuesday of each month, 13:30–15:30).
let nextDay = 1;
async function createMeeting(title = 'Cluster meeting') {
  // Scheduled a week or more ahead (each on a day of its own), then moved
  // back to as many days ago: its record (attendance, decisions) may be
  // written only once it has started.
  const k = nextDay++;
  const d = new Date();
  d.setDate(d.getDate() + 7 + k);
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title, 'date-day': String(d.getDate()), 'date-month': String(d.getMonth() + 1), 'date-year': String(d.getFullYear()),
    start: '18:00', end: '20:00', location: 'Riverside Health Centre', online_link: '',
  });
  assert.equal(r.status, 303, `meeting not created: ${r.status} ${text(r.body).slice(0, 300)}`);
  const m = r.headers.get('location').match(/^\/meetings\/(\d+)/);
  assert.ok(m, `unexpected location ${r.headers.get('location')}`);
  moveMeetingBack(server, Number(m[1]), 7 + 2 * k);
  return Number(m[1]);
}

// Add an item as the chair; returns its id.
async function addItem(meetingId, title, purpose = 'decision', restricted = false) {
  const fields = { csrf: lead.csrf, title, purpose, lead: '', duration: '15' };
  if (restricted) fields.restricted = '1';
  const r = await postForm(`${server.url}/meetings/${meetingId}/items`, lead.cookie, fields);
  assert.equal(r.status, 303, `item not added: ${r.status} ${text(r.body).slice(0, 300)}`);
  const page = await get(`${server.url}/meetings/${meetingId}`, lead.cookie);
  const esc = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = page.body.match(new RegExp(`href="/meetings/${meetingId}/items/(\\d+)">${esc}<`));
  assert.ok(m, `no link to item ${title}`);
  return Number(m[1]);
}

const CY_STANDING_MINUTES = 'Cofnodion y cyfarfod diwethaf';
const itemUrl = (m, i) => `${server.url}/meetings/${m}/items/${i}`;

// The people who may be chosen on a declaration: { name: id }.
async function people(meetingId, itemId) {
  const r = await get(itemUrl(meetingId, itemId), lead.cookie);
  assert.equal(r.status, 200);
  const sel = r.body.match(/<select[^>]*name="person"[\s\S]*?<\/select>/)[0];
  return Object.fromEntries([...sel.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map(m => [unescape(m[2]), Number(m[1])]));
}

async function attend(meetingId, ids, status = 'present') {
  const fields = { csrf: lead.csrf };
  for (const id of ids) fields[`status-${id}`] = status;
  const r = await postForm(`${server.url}/meetings/${meetingId}/attendance`, lead.cookie, fields);
  assert.equal(r.status, 303, `attendance not saved: ${r.status} ${text(r.body).slice(0, 300)}`);
}

const declare = (m, i, fields, who = lead) =>
  postForm(`${itemUrl(m, i)}/declarations`, who.cookie, { csrf: who.csrf, ...fields });
const decide = (m, i, fields, who = lead) =>
  postForm(`${itemUrl(m, i)}/decision`, who.cookie, { csrf: who.csrf, ...fields });
const saveMinutes = (m, i, fields, who = lead) =>
  postForm(`${itemUrl(m, i)}/minutes`, who.cookie, { csrf: who.csrf, ...fields });

function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  return m ? [...m[0].matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map(x => ({ href: x[1], text: unescape(x[2]) })) : [];
}
function textareaValue(html, id) {
  const m = html.match(new RegExp(`<textarea[^>]*id="${id}"[^>]*>([\\s\\S]*?)</textarea>`));
  return m ? unescape(m[1]) : null;
}

// A meeting with a decision item and the nine voting members of the demo cluster.
const VOTERS = ['Dr Alys Morgan', 'Dr Rhodri Evans', 'Sian Griffiths', 'Tomos Price', 'Nia Hughes',
  'Gareth Williams', 'Ffion Davies', 'Megan Roberts', 'Owain Jones'];

test('the item page shows declarations, the live quorum and the forms to a cluster lead', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Cluster IMTP priorities');
  const r = await get(itemUrl(m, i), lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Cluster IMTP priorities');
  assert.match(r.body, /<h2[^>]*>Declarations of interest<\/h2>/);
  assert.match(r.body, /No interests have been declared on this item\./);
  assert.match(r.body, /Not quorate: 0 voting members present and not conflicted, 5 needed\./);
  assert.match(r.body, /action="\/meetings\/\d+\/items\/\d+\/declarations"/);
  assert.match(r.body, /action="\/meetings\/\d+\/items\/\d+\/decision"/);
  assert.match(r.body, /action="\/meetings\/\d+\/items\/\d+\/minutes"/);
  // The meeting page links to it.
  const mp = await get(`${server.url}/meetings/${m}`, lead.cookie);
  assert.ok(mp.body.includes(`href="/meetings/${m}/items/${i}"`));
  // Every id on the page is used once.
  const ids = [...r.body.matchAll(/\sid="([^"]+)"/g)].map(x => x[1]);
  assert.deepEqual(ids.filter((x, k) => ids.indexOf(x) !== k), []);
});

test('no decision without quorum: refused with the numbers, typed text kept, nothing recorded', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Extended hours bid');
  const p = await people(m, i);
  await attend(m, [p['Dr Alys Morgan'], p['Dr Rhodri Evans'], p['Huw Lewis']]);
  const r = await decide(m, i, { text: 'Support the <b>bid</b>', reason: 'Demand is high', vote_kind: 'none' });
  assert.equal(r.status, 400);
  const msgs = summaryMessages(r.body);
  assert.equal(msgs.length, 1);
  assert.equal(msgs[0].href, `i${i}-quorum`);
  assert.equal(msgs[0].text, 'No quorum, so no decision can be recorded: quorum needs 5 voting members present and not conflicted, and 2 are');
  assert.ok(r.body.includes(`id="i${i}-quorum"`));
  assert.equal(textareaValue(r.body, `i${i}-text`), 'Support the <b>bid</b>');
  assert.ok(!r.body.includes('<b>bid</b>'), 'typed markup is escaped');
  assert.equal(textareaValue(r.body, `i${i}-reason`), 'Demand is high');
  assert.match(r.body, /<title>Error: /);
  const after = await get(itemUrl(m, i), lead.cookie);
  assert.match(after.body, /No decision has been recorded on this item\./);
});

test('a named vote: a conflicted member cannot vote, the votes are shown by name', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Choose the frailty pathway provider');
  const p = await people(m, i);
  await attend(m, VOTERS.slice(0, 6).map(n => p[n]));
  // Gareth declares a conflict and takes no part: 5 remain, still quorate.
  let r = await declare(m, i, { person: p['Gareth Williams'], interest: 'Employed by a bidding provider', outcome: 'no_vote' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${m}/items/${i}#i${i}-sec-declarations`);
  let page = await get(itemUrl(m, i), lead.cookie);
  assert.match(page.body, /Quorate: 5 voting members present and not conflicted, 5 needed\./);
  assert.match(page.body, /Out of the vote on this item \(declared a conflict\): Gareth Williams/);
  assert.ok(!page.body.includes(`name="vote-${p['Gareth Williams']}"`), 'no choice offered to the conflicted member');

  r = await decide(m, i, {
    text: 'Award to provider A', vote_kind: 'named',
    [`vote-${p['Dr Alys Morgan']}`]: 'for', [`vote-${p['Gareth Williams']}`]: 'for',
  });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text), ['Someone who declared a conflict on this item cannot vote on it']);
  assert.match(r.body, new RegExp(`id="i${i}-vote-${p['Dr Alys Morgan']}" name="vote-${p['Dr Alys Morgan']}" type="radio" value="for" checked`));

  // Someone who is not here cannot vote either.
  r = await decide(m, i, { text: 'Award to provider A', vote_kind: 'named', [`vote-${p['Owain Jones']}`]: 'for' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text), ['Only voting members present, or those deputising for them, can vote']);

  r = await decide(m, i, {
    text: 'Award to provider A', reason: 'Best value', vote_kind: 'named',
    [`vote-${p['Dr Alys Morgan']}`]: 'for', [`vote-${p['Dr Rhodri Evans']}`]: 'for',
    [`vote-${p['Sian Griffiths']}`]: 'against', [`vote-${p['Tomos Price']}`]: 'abstain',
    [`vote-${p['Nia Hughes']}`]: 'none',
  });
  assert.equal(r.status, 303);
  page = await get(itemUrl(m, i), member.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /Named vote: 2 for, 1 against, 1 abstained/);
  assert.match(page.body, /<li>Dr Alys Morgan: For<\/li>/);
  assert.match(page.body, /<li>Sian Griffiths: Against<\/li>/);
  assert.match(page.body, /<li>Tomos Price: Abstain<\/li>/);
  assert.ok(!page.body.includes('Nia Hughes: '), 'someone who did not vote is not listed');
  assert.match(text(page.body), /Quorum 5 present, 5 needed/);
  // A read-only member sees the record but no forms.
  assert.ok(!page.body.includes('/decision"'));
  assert.ok(!page.body.includes('Declare an interest'));

  // The API gives the decision with its votes and the declaration.
  const api = await get(`${server.url}/api/v1/meetings/${m}`, lead.cookie);
  const j = JSON.parse(api.body);
  assert.equal(j.decisions.length, 1);
  const d = j.decisions[0];
  assert.equal(d.vote_kind, 'named');
  assert.deepEqual(d.votes, { for: 2, against: 1, abstain: 1 });
  assert.deepEqual(d.quorum, { required: 5, present_voting: 5 });
  assert.equal(d.named_votes.length, 4);
  assert.deepEqual(d.declarations.map(x => [x.person, x.outcome]), [['Gareth Williams', 'no_vote']]);
});

test('a conflict that leaves too few voters refuses the decision', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Estates bid');
  const p = await people(m, i);
  await attend(m, VOTERS.slice(0, 5).map(n => p[n]));
  let r = await declare(m, i, { person: p['Nia Hughes'], interest: 'Owns the building', outcome: 'left_room' });
  assert.equal(r.status, 303);
  r = await decide(m, i, { text: 'Support the estates bid', vote_kind: 'none' });
  assert.equal(r.status, 400);
  assert.match(summaryMessages(r.body)[0].text, /quorum needs 5 voting members present and not conflicted, and 4 are/);
});

test('a secret ballot keeps only the counts, never who voted how', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Elect the cluster lead');
  const p = await people(m, i);
  await attend(m, VOTERS.slice(0, 6).map(n => p[n]));
  let r = await decide(m, i, { text: 'Dr Alys Morgan elected', vote_kind: 'secret', for: '5', against: '1', abstain: '1' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text),
    ['The votes add up to more than the 6 voting members present and not conflicted']);
  assert.equal(summaryMessages(r.body)[0].href, `i${i}-for`);
  assert.match(r.body, new RegExp(`id="i${i}-for" name="for" type="text" inputmode="numeric" value="5"`));
  r = await decide(m, i, { text: 'Dr Alys Morgan elected', vote_kind: 'secret', for: 'five' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text), ['Enter the number of votes as a whole number, like 3']);
  // Names sent along with a secret ballot are not kept.
  r = await decide(m, i, {
    text: 'Dr Alys Morgan elected', vote_kind: 'secret', for: '4', against: '1', abstain: '1',
    [`vote-${p['Dr Rhodri Evans']}`]: 'against',
  });
  assert.equal(r.status, 303);
  const page = await get(itemUrl(m, i), lead.cookie);
  assert.match(page.body, /Secret ballot: 4 for, 1 against, 1 abstained/);
  assert.ok(!/Dr Rhodri Evans: /.test(page.body));
  const j = JSON.parse((await get(`${server.url}/api/v1/meetings/${m}`, admin.cookie)).body);
  const d = j.decisions.find(x => x.item_id === i);
  assert.equal(d.vote_kind, 'secret');
  assert.deepEqual(d.votes, { for: 4, against: 1, abstain: 1 });
  assert.equal(d.named_votes, undefined);
  // Not even the audit log says who voted.
  const audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.ok(!audit.body.includes(`${p['Dr Rhodri Evans']}:against`));
});

test('declarations: errors next to the fields with what was typed, one per person per item', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Community pharmacy scheme', 'discussion');
  const p = await people(m, i);
  let r = await declare(m, i, { person: '', interest: '', outcome: 'sideways' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => [x.href, x.text]), [
    [`i${i}-person`, 'Choose who is declaring the interest'],
    [`i${i}-interest`, 'Describe the interest'],
    [`i${i}-outcome`, 'Select what followed the declaration'],
  ]);
  assert.match(r.body, /<details class="nhsuk-details" open>/);
  assert.match(r.body, new RegExp(`id="i${i}-interest-error"`));
  r = await declare(m, i, { person: p['Sian Griffiths'], interest: 'Owns <a pharmacy> & more', outcome: '' });
  assert.equal(r.status, 400);
  assert.equal(textareaValue(r.body, `i${i}-interest`), 'Owns <a pharmacy> & more');
  assert.match(r.body, new RegExp(`<option value="${p['Sian Griffiths']}" selected>Sian Griffiths</option>`));
  r = await declare(m, i, { person: p['Sian Griffiths'], interest: 'Owns <a pharmacy> & more', outcome: 'remained' });
  assert.equal(r.status, 303);
  r = await declare(m, i, { person: p['Sian Griffiths'], interest: 'Again', outcome: 'remained' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text), ['This person has already declared an interest on this item']);
  r = await declare(m, i, { person: '999999', interest: 'Someone else', outcome: 'remained' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text), ['Choose someone who is a member of the group or attends this meeting']);
  r = await declare(m, i, { person: p['Sian Griffiths'], interest: 'x'.repeat(1001), outcome: 'remained' });
  assert.equal(r.status, 400);
  const page = await get(itemUrl(m, i), lead.cookie);
  assert.ok(page.body.includes('Owns &lt;a pharmacy&gt; &amp; more'));
  assert.ok(page.body.includes(`<a href="/people/${p['Sian Griffiths']}/interests">Sian Griffiths</a>`));
  // No decision section on an item for discussion, and no decision can be forced on it.
  assert.ok(!page.body.includes('Record a decision'));
  r = await decide(m, i, { text: 'Something', vote_kind: 'none' });
  assert.equal(r.status, 400);
});

test('minutes: Markdown rendered safely, approved, then changed only with a reason', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Winter plan', 'discussion');
  // They are approved at the next meeting, under its "Minutes of the last
  // meeting": held the same evening, right after this one.
  const n = await createMeeting('Next cluster meeting');
  const [mStart, mEnd] = sql(server, `SELECT starts_at, ends_at FROM meeting WHERE id=${m};`).split('|');
  sql(server, `UPDATE meeting SET starts_at=${sqlQuote(shiftLocal(mStart, 150))}, ends_at=${sqlQuote(shiftLocal(mEnd, 150))}
               WHERE id=${n};`);
  const next = await get(`${server.url}/meetings/${n}`, lead.cookie);
  const ni = Number(next.body.match(new RegExp(`href="/meetings/${n}/items/(\\d+)">Minutes of the last meeting<`))[1]);
  const approveUrl = `${server.url}/meetings/${n}/items/${ni}/approve-minutes`;
  // Nothing to approve yet.
  let r = await postForm(approveUrl, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text), ['There are no minutes to approve yet: write the minutes of at least one item first']);

  const md = 'Agreed the **winter plan**.\n\n<script>alert(1)</script>\n\n[details](javascript:alert(2))\n\n- one\n- two\n\n# Heading';
  r = await saveMinutes(m, i, { minutes: md });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${m}/items/${i}#i${i}-sec-minutes`);
  let page = await get(itemUrl(m, i), lead.cookie);
  assert.match(page.body, /<div class="cc-minutes">\n<p>Agreed the <strong>winter plan<\/strong>\.<\/p>/);
  assert.ok(!page.body.includes('<script>alert'), 'raw HTML is not passed through');
  assert.ok(!/href="javascript:/i.test(page.body), 'javascript: links lose their address');
  assert.match(page.body, /<li>one<\/li>/);
  // Headings in the minutes sit below the item's own.
  assert.match(page.body, /<h4>Heading<\/h4>/);
  assert.ok(!page.body.includes('<h1>Heading'));
  assert.equal(textareaValue(page.body, `i${i}-minutes`), md);

  page = await get(`${server.url}/meetings/${m}/minutes`, member.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /<strong class="nhsuk-tag nhsuk-tag--yellow">Draft<\/strong>/);
  assert.match(page.body, /<strong>winter plan<\/strong>/);
  assert.ok(!page.body.includes('approve-minutes'), 'a read-only member cannot approve');
  r = await postForm(approveUrl, member.cookie, { csrf: member.csrf });
  assert.equal(r.status, 404);

  r = await postForm(approveUrl, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${n}/items/${ni}#i${ni}-sec-approval`);
  page = await get(`${server.url}/meetings/${m}/minutes`, lead.cookie);
  assert.match(page.body, /<strong class="nhsuk-tag nhsuk-tag--green">Approved<\/strong>/);
  assert.ok(!page.body.includes('approve-minutes'));

  // Locked: a change needs a reason, and keeps what was typed when refused.
  r = await saveMinutes(m, i, { minutes: 'Agreed the winter plan, with changes.', correction_reason: '' });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => [x.href, x.text]),
    [[`i${i}-correction_reason`, 'These minutes are approved: give the reason for the correction']]);
  assert.equal(textareaValue(r.body, `i${i}-minutes`), 'Agreed the winter plan, with changes.');
  page = await get(itemUrl(m, i), lead.cookie);
  assert.match(page.body, /<strong>winter plan<\/strong>/);
  r = await saveMinutes(m, i, { minutes: 'Agreed the winter plan, with changes.', correction_reason: 'The March meeting corrected this' });
  assert.equal(r.status, 303);
  page = await get(itemUrl(m, i), lead.cookie);
  assert.match(page.body, /Agreed the winter plan, with changes\./);
  const audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.ok(audit.body.includes('The March meeting corrected this'));
});

test('who may see and do what', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Open item');
  const secret = await addItem(m, 'Practice in difficulty', 'decision', true);
  // Another cluster's lead: the meeting does not exist for them.
  assert.equal((await get(itemUrl(m, i), afanLead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/meetings/${m}/minutes`, afanLead.cookie)).status, 404);
  assert.equal((await declare(m, i, { person: '1', interest: 'x', outcome: 'remained' }, afanLead)).status, 404);
  // A restricted item: the cluster sees it, the health board does not.
  assert.equal((await get(itemUrl(m, secret), lead.cookie)).status, 200);
  assert.equal((await get(itemUrl(m, secret), member.cookie)).status, 200);
  assert.equal((await get(itemUrl(m, secret), hb.cookie)).status, 404);
  const minutes = await get(`${server.url}/meetings/${m}/minutes`, hb.cookie);
  assert.equal(minutes.status, 200);
  assert.ok(!minutes.body.includes('Practice in difficulty'));
  // A read-only member cannot write anything.
  assert.equal((await decide(m, i, { text: 'x', vote_kind: 'none' }, member)).status, 404);
  assert.equal((await declare(m, i, { person: '1', interest: 'x', outcome: 'remained' }, member)).status, 404);
  assert.equal((await saveMinutes(m, i, { minutes: 'x' }, member)).status, 404);
  // No item, no meeting, a bad id: not found.
  assert.equal((await get(itemUrl(m, 999999), lead.cookie)).status, 404);
  assert.equal((await get(itemUrl(999999, i), lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/meetings/${m}/items/0`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/meetings/${m}/items/abc`, lead.cookie)).status, 404);
  // The item of another meeting is not found under this one.
  const m2 = await createMeeting();
  assert.equal((await get(itemUrl(m2, i), lead.cookie)).status, 404);
  // Without the CSRF token nothing is written.
  const r = await postForm(`${itemUrl(m, i)}/declarations`, lead.cookie, { person: '1', interest: 'x', outcome: 'remained' });
  assert.equal(r.status, 403);
  // Signed out: to the sign-in page.
  const anon = await get(itemUrl(m, i));
  assert.equal(anon.status, 303);
});

test('the decisions log of a unit', async () => {
  const m = await createMeeting('Decisions log meeting');
  const i = await addItem(m, 'Adopt the cluster plan');
  const secret = await addItem(m, 'Restricted staffing matter', 'decision', true);
  const p = await people(m, i);
  await attend(m, VOTERS.slice(0, 6).map(n => p[n]));
  await declare(m, i, { person: p['Tomos Price'], interest: 'Plan author', outcome: 'remained' });
  assert.equal((await decide(m, i, { text: 'The cluster plan is adopted', reason: 'Consulted widely', vote_kind: 'secret', for: '5', against: '0', abstain: '1' })).status, 303);
  assert.equal((await decide(m, secret, { text: 'Restricted outcome', vote_kind: 'none' })).status, 303);
  const r = await get(`${server.url}${CSW}/decisions`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Decisions log');
  const t = tableById(r.body, 'decisions');
  const row = bodyRows(t).find(x => x.includes('The cluster plan is adopted'));
  assert.ok(row, 'the decision is in the log');
  assert.match(text(row), /Decisions log meeting/);
  assert.match(text(row), /Adopt the cluster plan/);
  assert.match(text(row), /Consulted widely/);
  assert.match(text(row), /Secret ballot: 5 for, 0 against, 1 abstained/);
  assert.match(text(row), /6 present, 5 needed/);
  assert.match(text(row), /Tomos Price/);
  assert.ok(row.includes(`href="/meetings/${m}/items/${i}"`));
  assert.ok(t.includes('Restricted outcome'));
  // The health board reads the log, without the restricted item.
  const h = await get(`${server.url}${CSW}/decisions`, hb.cookie);
  assert.equal(h.status, 200);
  assert.ok(h.body.includes('The cluster plan is adopted'));
  assert.ok(!h.body.includes('Restricted outcome'));
  assert.ok(!h.body.includes('Restricted staffing matter'));
  // Another cluster's lead does not.
  assert.equal((await get(`${server.url}${CSW}/decisions`, afanLead.cookie)).status, 404);
  // Their own cluster's log (with its demonstration decisions) holds none of this one's.
  const afan = await get(`${server.url}/units/afan/decisions`, afanLead.cookie);
  assert.equal(afan.status, 200);
  assert.ok(!afan.body.includes('The cluster plan is adopted'));
  assert.ok(!afan.body.includes('Decisions log meeting'));
  // A cluster without meetings (no demonstration data) says so.
  const empty = await get(`${server.url}/units/neath/decisions`, admin.cookie);
  assert.equal(empty.status, 200);
  assert.equal(tableById(empty.body, 'decisions'), null, 'no table');
  assert.match(empty.body, /No decisions have been recorded yet\./);
});

test('the register of interests of a person', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Any item', 'information');
  const p = await people(m, i);
  const id = p['Dr Rhodri Evans'];
  const url = `${server.url}/people/${id}/interests`;
  let r = await get(url, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Register of interests');
  assert.match(r.body, /No interests have been registered\./);
  r = await postForm(url, lead.cookie, {
    csrf: lead.csrf, kind: '', description: 'Partner <Riverside>',
    'declared_on-day': '31', 'declared_on-month': '2', 'declared_on-year': '2025',
    'ends_on-day': '', 'ends_on-month': '', 'ends_on-year': '',
  });
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body).map(x => x.text), ['Select the kind of interest', 'Enter a real date, for example 1 4 2026']);
  assert.equal(textareaValue(r.body, 'description'), 'Partner <Riverside>');
  r = await postForm(url, lead.cookie, {
    csrf: lead.csrf, kind: 'financial', description: 'Partner <Riverside>',
    'declared_on-day': '1', 'declared_on-month': '5', 'declared_on-year': '2025',
  });
  assert.equal(r.status, 303);
  r = await get(url, member.cookie);
  assert.equal(r.status, 200);
  const t = tableById(r.body, 'interests');
  assert.match(text(t), /Financial Partner <Riverside> 1 May 2025 Continuing/);
  assert.ok(!r.body.includes(`action="/people/${id}/interests"`), 'read only for a member');
  assert.equal((await postForm(url, member.cookie, { csrf: member.csrf, kind: 'personal', description: 'x', declared_on: '2025-01-01' })).status, 404);
  assert.equal((await get(url, afanLead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/people/999999/interests`, lead.cookie)).status, 404);
});

test('in Welsh', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Eitem penderfyniad');
  const r = await get(itemUrl(m, i), `${lead.cookie}; cc_lang=cy`);
  assert.equal(r.status, 200);
  assert.match(r.body, /<html lang="cy">/);
  assert.match(r.body, />Datganiadau o fuddiant</);
  assert.match(r.body, />Cofnodi penderfyniad</);
  assert.match(r.body, /Dim cworwm/);
  const d = await decide(m, i, { text: 'Penderfyniad', vote_kind: 'none' }, { cookie: `${lead.cookie}; cc_lang=cy`, csrf: lead.csrf });
  assert.equal(d.status, 400);
  assert.match(summaryMessages(d.body)[0].text, /^Dim cworwm, felly ni ellir cofnodi penderfyniad/);
  const log = await get(`${server.url}${CSW}/decisions`, `${lead.cookie}; cc_lang=cy`);
  assert.equal(h1(log.body), 'Log penderfyniadau');
  // A standing item's title is in the reader's language.
  const mp = await get(`${server.url}/meetings/${m}`, lead.cookie);
  const std = mp.body.match(new RegExp(`href="/meetings/${m}/items/(\\d+)">Minutes of the last meeting<`));
  assert.ok(std, 'the standing minutes item is on the agenda');
  const page = await get(itemUrl(m, std[1]), `${lead.cookie}; cc_lang=cy`);
  assert.equal(h1(page.body), unescape(CY_STANDING_MINUTES));
});
