// Proposals and the call for items: the chair sets when the call closes
// (when scheduling, or later) and the meeting page says it; members of the
// cluster propose items with a description and a paper until then, see a
// confirmation and what became of each proposal; after the deadline a
// proposal is refused with a message and nothing is written; the chair
// accepts a proposal onto the agenda or declines it with a reason that the
// proposer sees. English and Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, postFile, mustSignIn, cli, sql, sqlQuote, localNow, tableById, bodyRows } from './helpers.mjs';

let server, lead, member, afanLead, afanMember, hb;
before(async () => {
  server = await start();
  // A member of another cluster (Afan, Swansea Bay).
  const add = cli(['user', 'add', '--db', server.db, '--email', 'member.afan@example.wales',
    '--name', 'Afan Member', '--role', 'member', '--scope', 'afan'], 'a long passphrase for afan\n');
  assert.equal(add.status, 0, add.stderr);
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  afanMember = await mustSignIn(server.url, 'member.afan@example.wales', 'a long passphrase for afan');
  hb = await mustSignIn(server.url, 'hb@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
const cy = who => `${who.cookie}; cc_lang=cy`;

// Meetings in December 2031, one day each, so that none meets another.
let nextDay = 1;
async function schedule(over = {}) {
  const day = nextDay++;
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title: `Cluster meeting ${day}`, 'date-day': String(day), 'date-month': '12', 'date-year': '2031',
    start: '18:00', end: '20:00', location: 'Canton Library, Cardiff', online_link: '', ...over,
  });
  assert.equal(r.status, 303, `scheduling answered ${r.status}: ${text(r.body).slice(0, 500)}`);
  return { id: Number(r.headers.get('location').match(/^\/meetings\/(\d+)$/)[1]), day };
}
async function page(id, who = lead, cookie = who.cookie) {
  const r = await get(`${server.url}/meetings/${id}`, cookie);
  assert.equal(r.status, 200);
  return r.body;
}
const callRow = html => {
  const m = html.match(/<dd class="nhsuk-summary-list__value" id="call-for-items">([\s\S]*?)<\/dd>/);
  return m ? text(m[1]) : null;
};
const propose = (id, who, fields, file) =>
  postFile(`${server.url}/meetings/${id}/proposals`, who.cookie, { csrf: who.csrf, ...fields }, file && { name: file.name, bytes: file.bytes });
const PROPOSAL = {
  title: 'Flu clinics in pharmacies', purpose: 'discussion', duration: '15',
  description: 'Community pharmacies could run Saturday flu clinics.\nAsk the cluster to fund two.',
};
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
// Multipart form data sends a textarea's line breaks as CRLF, as browsers do.
const SENT_DESCRIPTION = PROPOSAL.description.replace(/\n/g, '\r\n');
const count = (table, where) => Number(sql(server, `SELECT count(*) FROM ${table} WHERE ${where};`));
const itemRow = id => sql(server, `SELECT status || '|' || COALESCE(description,'') || '|' || COALESCE(decline_reason,'') FROM agenda_item WHERE id=${id};`);

// Propose as the member and follow to the confirmation; returns the item id.
async function proposeOk(id, fields = PROPOSAL, file) {
  const r = await propose(id, member, fields, file);
  assert.equal(r.status, 303, `proposing answered ${r.status}: ${text(r.body).slice(0, 500)}`);
  const m = r.headers.get('location').match(new RegExp(`^/meetings/${id}/items/(\\d+)/proposed$`));
  assert.ok(m, `to the confirmation, not ${r.headers.get('location')}`);
  return Number(m[1]);
}

test('the call for items: its deadline is set when scheduling or later, checked, and shown', async () => {
  // Set when scheduling: shown on the meeting page to everyone.
  const { id, day } = await schedule({ 'items_deadline-day': '1', 'items_deadline-month': '12',
    'items_deadline-year': '2031', items_deadline_time: '17:00' });
  assert.equal(callRow(await page(id)), `Propose an item by 17:00 on 1 December 2031 Change the deadline of the call for items`);
  assert.equal(callRow(await page(id, member)), 'Propose an item by 17:00 on 1 December 2031');
  assert.equal(sql(server, `SELECT items_deadline FROM meeting WHERE id=${id};`), '2031-12-01T17:00');
  const api = JSON.parse((await get(`${server.url}/api/v1/meetings/${id}`, lead.cookie)).body);
  assert.equal(api.items_deadline, '2031-12-01T17:00');
  assert.ok(day >= 1);
  // In Welsh.
  assert.equal(callRow(await page(id, member, cy(member))), 'Cynigiwch eitem erbyn 17:00 ar 1 Rhagfyr 2031');

  // Without one, proposals are taken until the meeting starts.
  const other = await schedule();
  assert.equal(callRow(await page(other.id, member)), `Propose an item by 18:00 on ${other.day} December 2031`);
  assert.equal(sql(server, `SELECT CASE WHEN items_deadline IS NULL THEN 1 ELSE 0 END FROM meeting WHERE id=${other.id};`), '1');
  assert.equal(JSON.parse((await get(`${server.url}/api/v1/meetings/${other.id}`, lead.cookie)).body).items_deadline, null);

  // A deadline after the start, or in the past, is refused with what was typed kept.
  let r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title: 'Late deadline', 'date-day': '20', 'date-month': '12', 'date-year': '2031',
    start: '18:00', end: '20:00', location: 'Canton Library', online_link: '',
    'items_deadline-day': '20', 'items_deadline-month': '12', 'items_deadline-year': '2031', items_deadline_time: '18:30',
  });
  assert.equal(r.status, 400);
  assert.match(r.body, /The call for items must close before the meeting starts: enter an earlier date or time/);
  assert.match(r.body, /<a href="#items_deadline-day">/, 'the error summary links to the field');
  assert.match(r.body, /name="items_deadline_time" type="text" value="18:30"/);
  assert.equal(count('meeting', "title='Late deadline'"), 0);

  // Changed later by the chair on its own page: audited.
  r = await get(`${server.url}/meetings/${other.id}/deadline`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /<h1>Set the deadline for proposing items<\/h1>/);
  r = await postForm(`${server.url}/meetings/${other.id}/deadline`, lead.cookie, {
    csrf: lead.csrf, 'items_deadline-day': '1', 'items_deadline-month': '1', 'items_deadline-year': '2020', items_deadline_time: '09:00',
  });
  assert.equal(r.status, 400);
  assert.match(r.body, /The call for items must close in the future/);
  r = await postForm(`${server.url}/meetings/${other.id}/deadline`, lead.cookie, {
    csrf: lead.csrf, 'items_deadline-day': String(other.day - 1), 'items_deadline-month': '12', 'items_deadline-year': '2031', items_deadline_time: '12:00',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${other.id}#call-for-items`);
  assert.equal(callRow(await page(other.id, member)), `Propose an item by 12:00 on ${other.day - 1} December 2031`);
  const audit = sql(server, `SELECT new_values FROM audit_log WHERE entity='meeting' AND entity_id=${other.id} AND action='update' ORDER BY id DESC LIMIT 1;`);
  assert.match(audit, new RegExp(`"items_deadline":"2031-12-${String(other.day - 1).padStart(2, '0')}T12:00"`));
  // A member may not change it.
  assert.equal((await get(`${server.url}/meetings/${other.id}/deadline`, member.cookie)).status, 404);
  r = await postForm(`${server.url}/meetings/${other.id}/deadline`, member.cookie, { csrf: member.csrf, items_deadline_time: '' });
  assert.equal(r.status, 404);
  assert.equal(sql(server, `SELECT items_deadline FROM meeting WHERE id=${other.id};`), `2031-12-${String(other.day - 1).padStart(2, '0')}T12:00`);
});

test('a member proposes an item with a description and a paper, and sees the confirmation and its state', async () => {
  const { id } = await schedule();
  const mine = await page(id, member);
  assert.match(mine, /<h2 id="add-item">Propose an agenda item<\/h2>/);
  assert.match(mine, new RegExp(`action="/meetings/${id}/proposals" enctype="multipart/form-data"`));
  assert.doesNotMatch(mine, /action="\/meetings\/\d+\/items"/, 'no form to add straight onto the agenda');

  // A description is required: the form comes back with what was typed.
  let r = await propose(id, member, { ...PROPOSAL, description: '  ' });
  assert.equal(r.status, 400);
  assert.match(r.body, /Enter a description of the item/);
  assert.match(r.body, /value="Flu clinics in pharmacies"/);
  assert.equal(count('agenda_item', `meeting_id=${id} AND status='proposed'`), 0);
  // A paper that is not what its name says is refused, and so is the proposal.
  r = await propose(id, member, PROPOSAL, { name: 'costs.pdf', bytes: Buffer.from('not a pdf') });
  assert.equal(r.status, 400);
  assert.equal(count('agenda_item', `meeting_id=${id} AND status='proposed'`), 0);

  const itemId = await proposeOk(id, PROPOSAL, { name: 'flu-clinics.png', bytes: PNG });
  assert.equal(itemRow(itemId), `proposed|${SENT_DESCRIPTION}|`);
  assert.equal(count('paper', `agenda_item_id=${itemId} AND filename='flu-clinics.png'`), 1);
  assert.equal(count('audit_log', `entity='agenda_item' AND entity_id=${itemId} AND action='create'`), 1);
  // The confirmation: the proposer's alone.
  r = await get(`${server.url}/meetings/${id}/items/${itemId}/proposed`, member.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /<div class="nhsuk-panel">\n<h1 class="nhsuk-panel__heading">Your item has been proposed<\/h1>\n<div class="nhsuk-panel__body">Flu clinics in pharmacies<\/div>/);
  assert.match(r.body, /<h2>What happens next<\/h2>/);
  assert.match(r.body, /<title>Your item has been proposed – Cluster meeting \d+, \d+ December 2031 – Cardiff South West – carecluster<\/title>/);
  assert.match(text(r.body), /will accept your item onto the agenda or decline it, giving a reason/);
  assert.equal((await get(`${server.url}/meetings/${id}/items/${itemId}/proposed`, lead.cookie)).status, 404);

  // The state under "Your proposals", and not yet on the agenda.
  const html = await page(id, member);
  const yours = html.match(/<h2 id="your-proposals">Your proposals<\/h2>\n<ul[^>]*>([\s\S]*?)<\/ul>/);
  assert.ok(yours, 'a list of your proposals');
  assert.match(text(yours[1]), /Flu clinics in pharmacies – For discussion, 15 min\. Proposed by: Sian Griffiths\. Waiting for the chair/);
  assert.ok(!bodyRows(tableById(html, 'agenda')).some(row => row.includes('Flu clinics')), 'not on the agenda');
  // The item shows what was proposed, its state and the paper.
  r = await get(`${server.url}/meetings/${id}/items/${itemId}`, member.cookie);
  assert.equal(r.status, 200);
  assert.match(text(r.body), /Description Community pharmacies could run Saturday flu clinics\. Ask the cluster to fund two\./);
  assert.match(r.body, /id="proposal-state"><strong class="nhsuk-tag nhsuk-tag--yellow">Waiting for the chair<\/strong>/);
  const paper = r.body.match(/href="\/papers\/(\d+)\/download"[^>]*>flu-clinics\.png</);
  assert.ok(paper, 'the paper is listed');
  const dl = await fetch(`${server.url}/papers/${paper[1]}/download`, { headers: { Cookie: lead.cookie } });
  assert.equal(dl.status, 200);
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), PNG);
  // The chair sees it waiting, with Accept and Decline.
  const chair = await page(id);
  const waiting = chair.match(/<h2 id="proposals">Items proposed by members<\/h2>\n<ul[^>]*>([\s\S]*?)<\/ul>/);
  assert.ok(waiting);
  assert.match(waiting[1], new RegExp(`action="/meetings/${id}/items/${itemId}/decide"`));
  assert.match(waiting[1], new RegExp(`href="/meetings/${id}/items/${itemId}/decline"`));
});

test('after the deadline proposals are refused with a message, no form is offered, and nothing is written', async () => {
  const { id } = await schedule();
  // The deadline passed yesterday (the meeting is still to come).
  sql(server, `UPDATE meeting SET items_deadline=${sqlQuote(`${localNow(-24 * 60).slice(0, 10)}T17:00`)} WHERE id=${id};`);
  const html = await page(id, member);
  assert.doesNotMatch(html, /action="\/meetings\/\d+\/proposals"/, 'no form to propose');
  assert.match(text(html), /The call for items for this meeting closed at 17:00 on/);
  assert.match(callRow(html), /^Closed at 17:00 on /);
  const items = count('agenda_item', `meeting_id=${id}`);
  const papers = sql(server, 'SELECT count(*) FROM paper;');
  const audits = sql(server, 'SELECT count(*) FROM audit_log;');
  const r = await propose(id, member, PROPOSAL, { name: 'late.png', bytes: PNG });
  assert.equal(r.status, 409);
  assert.match(r.body, /<h1>The call for items has closed<\/h1>/);
  assert.match(text(r.body), /The call for items for this meeting closed at 17:00 on .* Your item was not proposed\./);
  assert.doesNotMatch(r.body, /action="\/meetings\/\d+\/proposals"/, 'no form to fill in again');
  assert.equal(count('agenda_item', `meeting_id=${id}`), items);
  assert.equal(sql(server, 'SELECT count(*) FROM paper;'), papers);
  assert.equal(sql(server, 'SELECT count(*) FROM audit_log;'), audits);
  // Welsh.
  const cyr = await fetch(`${server.url}/meetings/${id}/proposals`, {
    method: 'POST', redirect: 'manual', headers: { Cookie: cy(member), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: member.csrf, ...PROPOSAL }).toString(),
  });
  assert.equal(cyr.status, 409);
  assert.match(await cyr.text(), /<h1>Mae&#39;r alwad am eitemau wedi cau<\/h1>/);
  // Without a deadline, the start closes the call.
  const started = await schedule();
  sql(server, `UPDATE meeting SET starts_at=${sqlQuote(localNow(-60))},
               ends_at=${sqlQuote(localNow(60))} WHERE id=${started.id};`);
  const late = await propose(started.id, member, PROPOSAL);
  assert.equal(late.status, 409);
  assert.match(text(late.body), /Your item was not proposed/);
  assert.equal(count('agenda_item', `meeting_id=${started.id} AND status='proposed'`), 0);
});

test('the chair declines only with a reason, which the proposer sees; accepting puts the item on the agenda', async () => {
  const { id } = await schedule();
  const declined = await proposeOk(id, { ...PROPOSAL, title: 'Extended hours pilot' });
  const accepted = await proposeOk(id, { ...PROPOSAL, title: 'Diabetes education sessions', purpose: 'decision', duration: '20' });

  // A member cannot decide.
  let r = await postForm(`${server.url}/meetings/${id}/items/${accepted}/decide`, member.cookie, { csrf: member.csrf, decision: 'accept' });
  assert.equal(r.status, 404);
  assert.equal((await get(`${server.url}/meetings/${id}/items/${declined}/decline`, member.cookie)).status, 404);

  // Declining needs a reason.
  r = await get(`${server.url}/meetings/${id}/items/${declined}/decline`, lead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /<h1>Decline a proposed item<\/h1>/);
  r = await postForm(`${server.url}/meetings/${id}/items/${declined}/decide`, lead.cookie, { csrf: lead.csrf, decision: 'decline', reason: ' ' });
  assert.equal(r.status, 400);
  assert.match(r.body, /Enter why you are declining this item: the member who proposed it will see it/);
  assert.match(r.body, /<a href="#reason">/);
  assert.equal(itemRow(declined).split('|')[0], 'proposed');
  const REASON = 'The health board runs this pilot; it will report to the March meeting.';
  r = await postForm(`${server.url}/meetings/${id}/items/${declined}/decide`, lead.cookie, { csrf: lead.csrf, decision: 'decline', reason: REASON });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${id}#proposals`);
  assert.equal(itemRow(declined), `declined|${SENT_DESCRIPTION}|${REASON}`);
  const audit = sql(server, `SELECT new_values FROM audit_log WHERE entity='agenda_item' AND entity_id=${declined} AND action='update';`);
  assert.equal(audit, JSON.stringify({ status: 'declined', decline_reason: REASON }));
  // Decided once.
  r = await postForm(`${server.url}/meetings/${id}/items/${declined}/decide`, lead.cookie, { csrf: lead.csrf, decision: 'accept' });
  assert.equal(r.status, 404);
  assert.equal((await get(`${server.url}/meetings/${id}/items/${declined}/decline`, lead.cookie)).status, 409);

  // The proposer sees the decline and its reason, on the meeting page and on the item.
  let html = await page(id, member);
  const yours = text(html.match(/<h2 id="your-proposals">Your proposals<\/h2>\n<ul[^>]*>([\s\S]*?)<\/ul>/)[1]);
  assert.match(yours, new RegExp(`Extended hours pilot – For discussion, 15 min\\. Proposed by: Sian Griffiths\\. Declined Reason: ${REASON.replace(/\./g, '\\.')}`));
  r = await get(`${server.url}/meetings/${id}/items/${declined}`, member.cookie);
  assert.match(text(r.body), new RegExp(`Proposal Declined Reason: ${REASON.replace(/\./g, '\\.')}`));
  // A national reader of the meeting sees that it was declined, not why.
  const national = await mustSignIn(server.url, 'national@example.wales');
  html = await page(id, national);
  assert.match(text(html), /Extended hours pilot – For discussion, 15 min\. Proposed by: Sian Griffiths\. Declined Community pharmacies could run Saturday flu clinics\. Ask the cluster to fund two\. View/);
  assert.doesNotMatch(html, /health board runs this pilot/);

  // Accepting puts it on the agenda, before any other business.
  r = await postForm(`${server.url}/meetings/${id}/items/${accepted}/decide`, lead.cookie, { csrf: lead.csrf, decision: 'accept' });
  assert.equal(r.status, 303);
  html = await page(id, member);
  const titles = bodyRows(tableById(html, 'agenda')).map(row => text(row.match(/<a href="\/meetings\/\d+\/items\/\d+">([^<]*)<\/a>/)[1]));
  assert.deepEqual(titles.slice(-2), ['Diabetes education sessions', 'Any other business']);
  assert.ok(!titles.includes('Extended hours pilot'));
  assert.match(text(html.match(/<h2 id="your-proposals">Your proposals<\/h2>\n<ul[^>]*>([\s\S]*?)<\/ul>/)[1]),
    /Diabetes education sessions – For decision, 20 min\. Proposed by: Sian Griffiths\. Accepted/);
  r = await get(`${server.url}/meetings/${id}/items/${accepted}`, member.cookie);
  assert.match(r.body, /id="proposal-state"><strong class="nhsuk-tag nhsuk-tag--green">Accepted<\/strong>/);
  assert.match(text(r.body), /Proposed by Sian Griffiths/);
});

test('only members of the cluster propose: another cluster gets 404, and so do readers who may not', async () => {
  const { id } = await schedule();
  for (const who of [afanMember, afanLead]) {
    assert.equal((await get(`${server.url}/meetings/${id}`, who.cookie)).status, 404);
    const r = await propose(id, who, { ...PROPOSAL, title: 'From another cluster' });
    assert.equal(r.status, 404);
  }
  // The health board and the lead add items rather than propose them.
  for (const who of [hb, lead]) {
    const r = await propose(id, who, { ...PROPOSAL, title: 'Not a member proposal' });
    assert.equal(r.status, 404);
  }
  assert.doesNotMatch(await page(id, hb), /action="\/meetings\/\d+\/proposals"/);
  assert.equal(count('agenda_item', `meeting_id=${id} AND title IN ('From another cluster','Not a member proposal')`), 0);
});

test('in Welsh: the form, the confirmation, the state and the decline error', async () => {
  const day = nextDay;
  const { id } = await schedule({ 'items_deadline-day': String(day), 'items_deadline-month': '12',
    'items_deadline-year': '2031', items_deadline_time: '09:30' });
  const html = await page(id, member, cy(member));
  assert.match(html, /<h2 id="add-item">Cynnig eitem ar gyfer yr agenda<\/h2>/);
  assert.match(text(html), new RegExp(`Cynigiwch eitem erbyn 09:30 ar ${day} Rhagfyr 2031`));
  assert.match(html, /<label class="nhsuk-label" for="description">Disgrifiad<\/label>/);
  const itemId = await proposeOk(id, { ...PROPOSAL, title: 'Clinigau ffliw' });
  let r = await get(`${server.url}/meetings/${id}/items/${itemId}/proposed`, cy(member));
  assert.match(r.body, /<h1 class="nhsuk-panel__heading">Mae eich eitem wedi&#39;i chynnig<\/h1>/);
  assert.match(r.body, /<h2>Beth sy&#39;n digwydd nesaf<\/h2>/);
  r = await postForm(`${server.url}/meetings/${id}/items/${itemId}/decide`, cy(lead), { csrf: lead.csrf, decision: 'decline', reason: '' });
  assert.equal(r.status, 400);
  assert.match(r.body, /Rhowch y rheswm dros wrthod yr eitem hon/);
  r = await postForm(`${server.url}/meetings/${id}/items/${itemId}/decide`, cy(lead), { csrf: lead.csrf, decision: 'decline', reason: 'Mae hyn i’r bwrdd iechyd.' });
  assert.equal(r.status, 303);
  const mine = text((await page(id, member, cy(member))).match(/<h2 id="your-proposals">Eich cynigion<\/h2>\n<ul[^>]*>([\s\S]*?)<\/ul>/)[1]);
  assert.match(mine, /Clinigau ffliw .* Gwrthodwyd Rheswm: Mae hyn i’r bwrdd iechyd\./);
});

test('a member added on the command line, who is not one of the cluster\'s people, proposes and follows the proposal', async () => {
  const add = cli(['user', 'add', '--db', server.db, '--email', 'practice.manager@example.wales',
    '--name', 'Rhian Practice Manager', '--role', 'member', '--scope', 'cardiff-south-west'], 'a long passphrase for rhian\n');
  assert.equal(add.status, 0, add.stderr);
  const rhian = await mustSignIn(server.url, 'practice.manager@example.wales', 'a long passphrase for rhian');
  const { id } = await schedule();
  const r = await propose(id, rhian, { ...PROPOSAL, title: 'Practice managers\' forum' });
  assert.equal(r.status, 303);
  const itemId = Number(r.headers.get('location').match(/\/items\/(\d+)\/proposed$/)[1]);
  assert.equal((await get(`${server.url}/meetings/${id}/items/${itemId}/proposed`, rhian.cookie)).status, 200);
  assert.equal((await get(`${server.url}/meetings/${id}/items/${itemId}/proposed`, member.cookie)).status, 404, 'another member\'s confirmation');
  const html = await page(id, rhian);
  assert.match(text(html.match(/<h2 id="your-proposals">Your proposals<\/h2>\n<ul[^>]*>([\s\S]*?)<\/ul>/)[1]),
    /Practice managers' forum – For discussion, 15 min\. Proposed by: Rhian Practice Manager\. Waiting for the chair/);
  // Sian, a member too, sees it among the others', not as hers.
  assert.doesNotMatch(await page(id, member), /id="your-proposals"/);
});

