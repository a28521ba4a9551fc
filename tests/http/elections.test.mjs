// Elections on a candidate list, on an agenda item's page: a named or a
// secret ballot counted only from the voting members present and not
// conflicted, refused without quorum, recorded as a decision with each
// candidate's votes; a secret ballot keeps no names; a tie elects no one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, moveMeetingBack } from './helpers.mjs';

let server, lead, member;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const text = html => unescape(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();

// Evening meetings on days of their own, clear of the demonstration
// meetings (the second Tuesday of each month, 13:30–15:30).
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
  const id = Number(r.headers.get('location').match(/^\/meetings\/(\d+)/)[1]);
  moveMeetingBack(server, id, 7 + 2 * k);
  return id;
}

async function addItem(meetingId, title) {
  const r = await postForm(`${server.url}/meetings/${meetingId}/items`, lead.cookie,
    { csrf: lead.csrf, title, purpose: 'decision', lead: '', duration: '15' });
  assert.equal(r.status, 303, `item not added: ${r.status} ${text(r.body).slice(0, 300)}`);
  const page = await get(`${server.url}/meetings/${meetingId}`, lead.cookie);
  const m = page.body.match(new RegExp(`href="/meetings/${meetingId}/items/(\\d+)">${title}<`));
  assert.ok(m, `no link to item ${title}`);
  return Number(m[1]);
}

const itemUrl = (m, i) => `${server.url}/meetings/${m}/items/${i}`;

// The members who may stand, from the election form's checkboxes: { name: id }.
async function candidates(m, i) {
  const r = await get(itemUrl(m, i), lead.cookie);
  assert.equal(r.status, 200);
  const out = {};
  for (const x of r.body.matchAll(/name="candidate" type="checkbox" value="(\d+)"[^>]*><label[^>]*>([^<]*)</g)) out[unescape(x[2])] = Number(x[1]);
  return out;
}

async function attend(meetingId, ids) {
  const fields = { csrf: lead.csrf };
  for (const id of ids) fields[`status-${id}`] = 'present';
  const r = await postForm(`${server.url}/meetings/${meetingId}/attendance`, lead.cookie, fields);
  assert.equal(r.status, 303, `attendance not saved: ${r.status}`);
}

const elect = (m, i, pairs, who = lead) =>
  postForm(`${itemUrl(m, i)}/election`, who.cookie, [['csrf', who.csrf], ...pairs]);

function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  return m ? [...m[0].matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map(x => ({ href: x[1], text: unescape(x[2]) })) : [];
}

const SIX = ['Dr Alys Morgan', 'Dr Rhodri Evans', 'Sian Griffiths', 'Tomos Price', 'Nia Hughes', 'Gareth Williams'];

test('the item page offers the election form to a lead, not to a member', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Election of the chair');
  const r = await get(itemUrl(m, i), lead.cookie);
  assert.match(r.body, /Hold an election/);
  assert.match(r.body, /action="\/meetings\/\d+\/items\/\d+\/election"/);
  const ids = [...r.body.matchAll(/\sid="([^"]+)"/g)].map(x => x[1]);
  assert.deepEqual(ids.filter((x, k) => ids.indexOf(x) !== k), []);
  const rm = await get(itemUrl(m, i), member.cookie);
  assert.equal(rm.status, 200);
  assert.doesNotMatch(rm.body, /\/election"/);
  const p = await candidates(m, i);
  const forbidden = await elect(m, i, [['office', 'Chair'], ['ballot_kind', 'secret'], ['candidate', String(p['Dr Alys Morgan'])],
    [`total-${p['Dr Alys Morgan']}`, '1']], member);
  assert.notEqual(forbidden.status, 303);
});

test('no election without quorum: refused with the numbers, values kept', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Election of the chair');
  const p = await candidates(m, i);
  await attend(m, [p['Dr Alys Morgan'], p['Dr Rhodri Evans']]);
  const r = await elect(m, i, [['office', 'Cluster Lead (chair)'], ['ballot_kind', 'secret'],
    ['candidate', String(p['Dr Alys Morgan'])], [`total-${p['Dr Alys Morgan']}`, '2']]);
  assert.equal(r.status, 400);
  const msgs = summaryMessages(r.body);
  assert.ok(msgs.some(x => x.href === `i${i}-quorum` && /No quorum/i.test(x.text)), JSON.stringify(msgs));
  assert.match(r.body, new RegExp(`id="i${i}-office" name="office" type="text" value="Cluster Lead \\(chair\\)"`));
  assert.match(r.body, new RegExp(`value="${p['Dr Alys Morgan']}" checked`));
  assert.match(r.body, /<details class="nhsuk-details" open>\s*<summary[^>]*><span[^>]*>Hold an election/);
});

test('a named election elects the candidate with most votes and shows every count', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Election of the chair');
  const p = await candidates(m, i);
  await attend(m, SIX.map(n => p[n]));
  const alys = p['Dr Alys Morgan'], rhodri = p['Dr Rhodri Evans'];
  // A vote from someone not present is refused, next to the ballots.
  const bad = await elect(m, i, [['office', 'Cluster Lead (chair)'], ['ballot_kind', 'named'],
    ['candidate', String(alys)], ['candidate', String(rhodri)], [`ballot-${p['Megan Roberts']}`, String(alys)]]);
  assert.equal(bad.status, 400);
  assert.ok(summaryMessages(bad.body).some(x => x.href === `i${i}-ballots`));
  assert.match(bad.body, new RegExp(`id="i${i}-ballots-error"`));
  const pairs = [['office', 'Cluster Lead (chair)'], ['ballot_kind', 'named'], ['candidate', String(alys)], ['candidate', String(rhodri)]];
  for (const n of ['Dr Alys Morgan', 'Sian Griffiths', 'Tomos Price', 'Nia Hughes']) pairs.push([`ballot-${p[n]}`, String(alys)]);
  pairs.push([`ballot-${rhodri}`, String(rhodri)]);
  pairs.push([`ballot-${p['Gareth Williams']}`, 'abstain']);
  const r = await elect(m, i, pairs);
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  assert.equal(r.headers.get('location'), `/meetings/${m}/items/${i}#i${i}-sec-decision`);
  const page = await get(itemUrl(m, i), lead.cookie);
  const t = text(page.body);
  assert.match(t, /Elected: Dr Alys Morgan as Cluster Lead \(chair\), 4 votes of 6/);
  assert.match(t, /Named ballot: 5 votes for candidates, 1 abstained/);
  assert.match(t, /Dr Alys Morgan: 4 votes \(elected\)/);
  assert.match(t, /Dr Rhodri Evans: 1 votes/);
  assert.match(t, /Gareth Williams: Abstain/);
  // And in the decisions log.
  const log = await get(`${server.url}${CSW}/decisions`, member.cookie);
  assert.match(text(log.body), /Dr Alys Morgan: 4 votes \(elected\)/);
  // And in the API, with each candidate's votes.
  const api = await get(`${server.url}/api/v1/meetings/${m}`, member.cookie);
  assert.equal(api.status, 200);
  const dec = JSON.parse(api.body).decisions.find(d => d.item_id === i);
  assert.deepEqual(dec.candidates.map(c => [c.name, c.votes, c.elected]),
    [['Dr Alys Morgan', 4, true], ['Dr Rhodri Evans', 1, false]]);
});

test('a secret ballot keeps only the totals; a tie elects no one', async () => {
  const m = await createMeeting();
  const i = await addItem(m, 'Election of the chair');
  const p = await candidates(m, i);
  await attend(m, SIX.map(n => p[n]));
  const alys = p['Dr Alys Morgan'], rhodri = p['Dr Rhodri Evans'];
  const base = [['office', 'Cluster Lead (chair)'], ['ballot_kind', 'secret'], ['candidate', String(alys)], ['candidate', String(rhodri)]];
  // Seven votes from six voters are too many.
  const over = await elect(m, i, [...base, [`total-${alys}`, '4'], [`total-${rhodri}`, '3']]);
  assert.equal(over.status, 400);
  assert.ok(summaryMessages(over.body).some(x => x.href === `i${i}-totals` && /6 voting members/.test(x.text)));
  assert.match(over.body, new RegExp(`id="i${i}-total-${alys}" name="total-${alys}" type="text" inputmode="numeric" value="4"`));
  const r = await elect(m, i, [...base, [`total-${alys}`, '3'], [`total-${rhodri}`, '3']]);
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  const t = text((await get(itemUrl(m, i), lead.cookie)).body);
  assert.match(t, /No one elected as Cluster Lead \(chair\)\. Tied: decide by the method in the terms of reference/);
  assert.match(t, /Secret ballot: 6 votes for candidates, 0 abstained/);
  assert.match(t, /Dr Alys Morgan: 3 votes/);
  assert.doesNotMatch(t, /\(elected\)/);
});
