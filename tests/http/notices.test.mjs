// What the meeting cycle sends, read from a real SMTP server on loopback:
// the call for agenda items (once, to every member, in each one's
// language), a proposal to the chair and its decision to the proposer,
// the draft minutes for comment and the approved minutes, the weekly
// reminder of one's actions, the cluster lead's digest of what changed,
// and the daily digest of those who asked for one; each person's choices
// on "How we send you email" and on the member form. The scheduled
// mailings run through `carecluster mailings run --at`, at the times the
// tests choose.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, postFile, mustSignIn, cli, sql as sqlOn, sqlQuote as q, newDatabase,
         localNow, shiftLocal, moveMeetingBack, h1 } from './helpers.mjs';
import { startSmtp, mailOptions, runMailings, partText } from '../lib/mail.mjs';

const CSW = '/units/cardiff-south-west';
const BASE = 'https://carecluster.example.wales';
let smtp, server, db, lead, member, admin;

before(async () => {
  smtp = await startSmtp();
  db = newDatabase();
  server = await start(mailOptions(smtp), { db });
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
});
after(async () => {
  await server?.stop();
  await smtp?.close();
  db?.drop();
});

const sql = text => sqlOn(server, text);
const unescape = s => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const text = html => unescape(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();
const emailOf = name => sql(`SELECT email FROM person WHERE name=${q(name)} AND email LIKE '%cardiff-south-west%'`);
const personId = name => Number(sql(`SELECT id FROM person WHERE name=${q(name)} AND email LIKE '%cardiff-south-west%'`));
const run = (job, at) => runMailings(server.db, { job, at });
const sleep = ms => new Promise(r => setTimeout(r, ms));
const to = m => m.envelope.to[0];
// Messages whose subject matches re (every one so far).
const received = re => smtp.messages().filter(m => re.test(m.subject));
async function waitReceived(re, n, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const got = received(re);
    if (got.length >= n) return got;
    if (Date.now() - t0 > ms) assert.fail(`expected ${n} messages matching ${re}, have ${got.length}`);
    await sleep(100);
  }
}
const esc = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The current members of Cardiff South West with an address.
const memberAddresses = () => sql(`SELECT DISTINCT p.email FROM membership m JOIN person p ON p.id=m.person_id
  JOIN unit u ON u.id=m.unit_id WHERE u.slug='cardiff-south-west' AND p.email IS NOT NULL
  AND m.valid_from<=${q(localNow().slice(0, 10))} AND (m.valid_to IS NULL OR m.valid_to>=${q(localNow().slice(0, 10))})
  ORDER BY p.email`).split('\n');

// A local date (YYYY-MM-DD) moved by whole days.
const addDays = (d, n) => shiftLocal(`${d}T12:00`, n * 1440).slice(0, 10);
const today = () => localNow().slice(0, 10);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MISOEDD = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];
const inWords = (d, cy = false) => `${Number(d.slice(8, 10))} ${(cy ? MISOEDD : MONTHS)[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

// Schedule a meeting of Cardiff South West on `day` (local date), 18:00–20:00,
// with the call for items closing on `deadline` ("YYYY-MM-DDTHH:MM") or none.
let nMeetings = 0;
async function schedule(day, deadline, title = `Circulation meeting ${++nMeetings}`) {
  const f = {
    csrf: lead.csrf, title, 'date-day': String(Number(day.slice(8, 10))), 'date-month': String(Number(day.slice(5, 7))),
    'date-year': day.slice(0, 4), start: '18:00', end: '20:00', location: 'Canton Library, Cardiff', online_link: '',
  };
  if (deadline) {
    Object.assign(f, { 'items_deadline-day': String(Number(deadline.slice(8, 10))), 'items_deadline-month': String(Number(deadline.slice(5, 7))),
      'items_deadline-year': deadline.slice(0, 4), items_deadline_time: deadline.slice(11) });
  }
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, f);
  assert.equal(r.status, 303, `scheduling answered ${r.status}: ${text(r.body).slice(0, 400)}`);
  return { id: Number(r.headers.get('location').match(/^\/meetings\/(\d+)$/)[1]), title };
}

// Distinct days for meetings, so that none overlaps another.
let nextDay = 30;
const freeDay = () => addDays(today(), nextDay++);

test('the call for items goes to every member once, in each one\'s language, when its deadline is a set number of days away', async () => {
  sql(`UPDATE person SET mail_lang='en' WHERE id=${personId('Sian Griffiths')}`);
  sql(`UPDATE person SET mail_lang='cy' WHERE id=${personId('Nia Hughes')}`);
  const deadline = `${addDays(today(), 3)}T17:00`;
  const m = await schedule(freeDay(), deadline, 'Call for items check – ŵyn');
  const none = await schedule(freeDay(), null);                                  // no deadline: no call
  const far = await schedule(addDays(today(), 60), `${addDays(today(), 20)}T17:00`);  // twenty days away: not yet

  const out = run('call-for-items', localNow());
  assert.match(out, new RegExp(`call-for-items: meeting ${m.id} `));
  assert.doesNotMatch(out, new RegExp(`meeting (${none.id}|${far.id}) `));
  const want = memberAddresses();
  assert.ok(want.length >= 10, 'the demonstration cluster has its members');
  const re = new RegExp(esc(m.title));
  const got = await waitReceived(re, want.length);
  assert.deepEqual(got.map(to).sort(), want);

  // Sian reads English, Nia Welsh, the others both (Welsh first).
  const sian = got.find(x => to(x) === emailOf('Sian Griffiths'));
  assert.equal(sian.subject, `Call for agenda items: ${m.title}, ${inWords(sql(`SELECT substr(starts_at,1,10) FROM meeting WHERE id=${m.id}`))}`);
  assert.match(partText(sian), new RegExp(`propose it by 17:00 on ${inWords(deadline.slice(0, 10))}`));
  assert.match(partText(sian), new RegExp(`${esc(BASE)}/meetings/${m.id}#add-item`));
  assert.doesNotMatch(partText(sian), /Galwad/);
  const nia = got.find(x => to(x) === emailOf('Nia Hughes'));
  assert.match(nia.subject, /^Galwad am eitemau agenda: /);
  assert.match(partText(nia), new RegExp(`cynigiwch hi erbyn 17:00 ar ${inWords(deadline.slice(0, 10), true)}`));
  assert.doesNotMatch(partText(nia), /propose it/);
  const both = got.find(x => to(x) === emailOf('Dr Rhodri Evans'));
  assert.match(both.subject, /^Galwad am eitemau agenda: .* \/ Call for agenda items: /);
  assert.ok(partText(both).indexOf('cynigiwch hi') < partText(both).indexOf('propose it'));

  // Once: the second run finds it sent.
  assert.match(run('call-for-items', localNow()), /call-for-items: nothing due/);
  await sleep(1500);
  assert.equal(received(re).length, want.length);
  assert.notEqual(sql(`SELECT COALESCE(call_sent_at,0) FROM meeting WHERE id=${m.id}`), '0');
  assert.equal(sql(`SELECT COALESCE(call_sent_at,0) FROM meeting WHERE id IN (${none.id},${far.id}) ORDER BY id`), '0\n0');
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind='call_for_items' AND meeting_id IN (${none.id},${far.id})`), '0');
  // Audited: the meeting's record says the call went out.
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE entity='meeting' AND entity_id=${m.id} AND new_values LIKE '%"call_for_items"%'`), '1');

  // The meeting twenty days away is called at 07:00 seven days before its deadline's day, not before.
  const opens = addDays(sql(`SELECT substr(items_deadline,1,10) FROM meeting WHERE id=${far.id}`), -7);
  assert.match(run('call-for-items', `${opens}T06:59`), /nothing due/);
  assert.match(run('call-for-items', `${opens}T07:00`), new RegExp(`meeting ${far.id} `));
});

test('the chair is told of a proposal; the proposer is told the decision, with the reason when declined', async () => {
  const m = await schedule(freeDay(), `${addDays(today(), 5)}T17:00`);
  const propose = async title => {
    const r = await postFile(`${server.url}/meetings/${m.id}/proposals`, member.cookie, {
      csrf: member.csrf, title, purpose: 'decision', duration: '20',
      description: 'Saturday flu clinics in two pharmacies.',
    });
    assert.equal(r.status, 303, text(r.body).slice(0, 400));
    return Number(r.headers.get('location').match(/items\/(\d+)\/proposed/)[1]);
  };
  const declined = await propose('Flu clinics on Saturdays');
  // The chair: the member who is Cluster Lead (Dr Alys Morgan), both languages.
  let got = await waitReceived(/An item proposed for the agenda: Flu clinics on Saturdays/, 1);
  assert.equal(got.length, 1);
  assert.equal(to(got[0]), emailOf('Dr Alys Morgan'));
  assert.match(got[0].subject, /^Eitem wedi'i chynnig i'r agenda: Flu clinics on Saturdays \/ /);
  let body = partText(got[0]);
  assert.match(body, /Sian Griffiths has proposed an item for /);
  assert.match(body, /Saturday flu clinics in two pharmacies\./);
  assert.match(body, /For decision\. Time asked for: 20 minutes\./);
  assert.match(body, new RegExp(`${esc(BASE)}/meetings/${m.id}/items/${declined}\\b`));

  // Declined with a reason: Sian (English, from the test above) is told it.
  let r = await postForm(`${server.url}/meetings/${m.id}/items/${declined}/decide`, lead.cookie,
    { csrf: lead.csrf, decision: 'decline', reason: 'The health board runs flu clinics this winter – not us.' });
  assert.equal(r.status, 303);
  got = await waitReceived(/Your proposed item was declined: Flu clinics on Saturdays/, 1);
  assert.equal(to(got[0]), emailOf('Sian Griffiths'));
  assert.equal(got[0].subject, 'Your proposed item was declined: Flu clinics on Saturdays');
  body = partText(got[0]);
  assert.match(body, /Dr Alys Morgan has declined your proposal/);
  assert.match(body, /The reason given:\n\nThe health board runs flu clinics this winter – not us\./);

  // Accepted: told too.
  const accepted = await propose('Practice nurse training day');
  await waitReceived(/An item proposed for the agenda: Practice nurse training day/, 1);
  r = await postForm(`${server.url}/meetings/${m.id}/items/${accepted}/decide`, lead.cookie, { csrf: lead.csrf, decision: 'accept' });
  assert.equal(r.status, 303);
  got = await waitReceived(/Your item is on the agenda: Practice nurse training day/, 1);
  assert.equal(to(got[0]), emailOf('Sian Griffiths'));
  assert.match(partText(got[0]), /has accepted your proposal/);
  // Each in the proposal's or decision's own transaction: one row each.
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE meeting_id=${m.id} AND kind IN ('proposal','proposal_accepted','proposal_declined')`), '4');
});

// A meeting held yesterday evening, with an item on its agenda.
async function heldMeeting(title) {
  const m = await schedule(freeDay(), null, title);
  const r = await postForm(`${server.url}/meetings/${m.id}/items`, lead.cookie,
    { csrf: lead.csrf, title: 'Winter plan', purpose: 'discussion', lead: '', duration: '15' });
  assert.equal(r.status, 303);
  m.item = Number(sql(`SELECT id FROM agenda_item WHERE meeting_id=${m.id} AND title='Winter plan'`));
  const days = Math.round((Date.parse(`${sql(`SELECT substr(starts_at,1,10) FROM meeting WHERE id=${m.id}`)}T12:00Z`) - Date.parse(`${today()}T12:00Z`)) / 86400e3) + 1;
  moveMeetingBack(server, m.id, days);
  return m;
}

test('the draft minutes are circulated for comment by a writer; the approved minutes go to the members when approved', async () => {
  const m = await heldMeeting('Minutes circulation check');
  const minutesUrl = `${server.url}/meetings/${m.id}/minutes`;
  // Nothing written yet: no button, and a post says why.
  let page = await get(minutesUrl, lead.cookie);
  assert.match(page.body, /Once the minutes of at least one item are written/);
  assert.doesNotMatch(page.body, /minutes\/circulate/);
  let r = await postForm(`${minutesUrl}/circulate`, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 409);
  assert.match(text(r.body), /There are no draft minutes to circulate/);

  r = await postForm(`${minutesUrl}/write`, lead.cookie, { csrf: lead.csrf, [`minutes-${m.item}`]: 'Agreed the winter plan.' });
  assert.equal(r.status, 303);
  page = await get(minutesUrl, lead.cookie);
  assert.match(page.body, /<form method="post" action="\/meetings\/\d+\/minutes\/circulate">/);
  assert.match(text(page.body), /Circulate the draft minutes for comment/);
  // A read-only member sees no button and may not post.
  page = await get(minutesUrl, member.cookie);
  assert.doesNotMatch(page.body, /minutes\/circulate/);
  r = await postForm(`${minutesUrl}/circulate`, member.cookie, { csrf: member.csrf });
  assert.equal(r.status, 404);
  // Without the form's token: refused.
  r = await postForm(`${minutesUrl}/circulate`, lead.cookie, {});
  assert.equal(r.status, 403);

  r = await postForm(`${minutesUrl}/circulate`, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${m.id}/minutes#circulate`);
  const want = memberAddresses();
  const re = /^(Cofnodion drafft i roi sylwadau arnynt|Draft minutes for comment): Minutes circulation check/;
  const got = await waitReceived(re, want.length);
  assert.deepEqual(got.map(to).sort(), want);
  const sian = got.find(x => to(x) === emailOf('Sian Griffiths'));
  assert.match(partText(sian), /Please send any corrections to Dr Alys Morgan before the next meeting/);
  assert.match(partText(sian), new RegExp(`${esc(BASE)}/meetings/${m.id}/minutes\\n`));
  assert.match(partText(sian), new RegExp(`${esc(BASE)}/meetings/${m.id}/minutes\\.pdf`));
  page = await get(minutesUrl, lead.cookie);
  assert.match(text(page.body), /Circulated for comment on /);
  assert.match(text(page.body), /Circulate the draft minutes again/);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE entity='meeting' AND entity_id=${m.id} AND new_values LIKE '%minutes_circulated_at%'`), '1');

  // Approved at the next meeting, held right after it: the members get the approved minutes.
  const n = await schedule(freeDay(), null, 'Approving meeting');
  const [s, e] = sql(`SELECT starts_at, ends_at FROM meeting WHERE id=${m.id}`).split('|');
  sql(`UPDATE meeting SET starts_at=${q(shiftLocal(s, 150))}, ends_at=${q(shiftLocal(e, 150))} WHERE id=${n.id}`);
  const ni = Number(sql(`SELECT id FROM agenda_item WHERE meeting_id=${n.id} AND standing='minutes'`));
  r = await postForm(`${server.url}/meetings/${n.id}/items/${ni}/approve-minutes`, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  const approved = await waitReceived(/^(Cofnodion wedi'u cymeradwyo|Minutes approved): Minutes circulation check/, want.length);
  assert.deepEqual(approved.map(to).sort(), want);
  assert.match(partText(approved.find(x => to(x) === emailOf('Sian Griffiths'))), /were approved at the meeting on /);
  // Approved minutes are not a draft to circulate.
  page = await get(minutesUrl, lead.cookie);
  assert.doesNotMatch(page.body, /minutes\/circulate/);
  r = await postForm(`${minutesUrl}/circulate`, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 409);
});

const people = async () => Object.fromEntries([...(await get(`${server.url}${CSW}/actions/new`, lead.cookie)).body
  .matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map(x => [x[2], x[1]]));
async function giveAction(leadName, description, due, who = lead) {
  const p = await people();
  const r = await postForm(`${server.url}${CSW}/actions/new`, who.cookie, {
    csrf: who.csrf, description, lead: p[leadName], 'due-day': String(Number(due.slice(8, 10))),
    'due-month': String(Number(due.slice(5, 7))), 'due-year': due.slice(0, 4), meeting: '0',
  });
  assert.equal(r.status, 303, text(r.body).slice(0, 400));
  return Number(r.headers.get('location').match(/action-(\d+)/)[1]);
}

test('the weekly reminder lists one\'s overdue and due-soon open actions with links, once a week', async () => {
  // A Monday four weeks or more ahead.
  let monday = addDays(today(), 28);
  while (new Date(`${monday}T12:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
  const overdue = await giveAction('Ffion Davies', 'Reminder check: overdue', addDays(monday, -3));
  const soon = await giveAction('Ffion Davies', 'Reminder check: due soon', addDays(monday, 10));
  const closed = await giveAction('Ffion Davies', 'Reminder check: closed', addDays(monday, -3));
  await giveAction('Ffion Davies', 'Reminder check: far ahead', addDays(monday, 40));
  sql(`UPDATE action SET status='done' WHERE id=${closed}`);

  assert.match(run('weekly-reminder', `${addDays(monday, -1)}T20:00`), /weekly-reminder: not due/);   // Sunday
  assert.match(run('weekly-reminder', `${monday}T06:59`), /weekly-reminder: not due/);
  const out = run('weekly-reminder', `${monday}T07:00`);
  assert.match(out, /^weekly-reminder \d{4}-W\d\d: \d+ people$/m);
  const re = new RegExp(`Your actions for the week of ${inWords(monday)}`);
  const [msg] = await waitReceived(re, 1);
  const mine = received(re).filter(x => to(x) === emailOf('Ffion Davies'));
  assert.equal(mine.length, 1);
  const body = partText(mine[0]);
  const en = body.slice(body.indexOf('These are the actions you lead'));
  assert.match(en, /Overdue \(\d+\):/);
  assert.ok(en.indexOf('Reminder check: overdue') > en.indexOf('Overdue ('), en);
  assert.ok(en.indexOf('Reminder check: due soon') > en.indexOf('Due in the next two weeks ('), en);
  assert.match(en, new RegExp(`Reminder check: overdue – due ${inWords(addDays(monday, -3))} \\(Cardiff South West\\):\\n${esc(BASE)}/actions/${overdue}\\n`));
  assert.match(en, new RegExp(`${esc(BASE)}/actions/${soon}\\n`));
  assert.doesNotMatch(body, /Reminder check: closed|Reminder check: far ahead/);
  assert.match(en, new RegExp(`${esc(BASE)}/actions/mine`));
  assert.ok(msg);

  // Once a week: later that Monday, and on Tuesday, it is done already.
  assert.match(run('weekly-reminder', `${monday}T09:00`), /done already/);
  assert.match(run('weekly-reminder', `${addDays(monday, 1)}T08:00`), /done already/);
  await sleep(1500);
  assert.equal(received(re).filter(x => to(x) === emailOf('Ffion Davies')).length, 1);
});

test('the cluster lead\'s digest lists what others changed in the cluster, and nothing is sent where nothing changed', async () => {
  const quiet = sql(`SELECT slug FROM unit WHERE kind='cluster' AND slug NOT IN ('cardiff-south-west','afan') ORDER BY slug LIMIT 1`);
  const add = cli(['user', 'add', '--db', server.db, '--email', 'lead.quiet@example.wales', '--name', 'Quiet Lead',
    '--role', 'cluster_lead', '--scope', quiet], 'a long passphrase for the quiet lead\n');
  assert.equal(add.status, 0, add.stderr);
  const m = await schedule(freeDay(), `${addDays(today(), 6)}T17:00`);
  const r = await postFile(`${server.url}/meetings/${m.id}/proposals`, member.cookie, {
    csrf: member.csrf, title: 'Digest check proposal', purpose: 'discussion', duration: '10', description: 'For the digest.',
  });
  assert.equal(r.status, 303);
  const a = await giveAction('Owain Jones', 'Digest check action by the administrator', addDays(today(), 20), admin);
  const ref = sql(`SELECT ref FROM action WHERE id=${a}`);
  await giveAction('Owain Jones', 'Digest check action by the lead herself', addDays(today(), 20));
  // A time after 07:00 within the day after these changes.
  let at = localNow(1);
  if (Number(at.slice(11, 13)) < 7) at = `${at.slice(0, 10)}T07:30`;
  const out = run('lead-digest', at);
  assert.match(out, /^lead-digest \d{4}-\d\d-\d\d: \d+ leads$/m);
  const re = new RegExp(`What changed: Cardiff South West, ${inWords(at.slice(0, 10))}`);
  const got = await waitReceived(re, 1);
  assert.deepEqual(got.map(to), ['lead@example.wales']);
  const body = partText(got[0]);
  const en = body.slice(body.indexOf('What others have changed'));
  assert.match(en, new RegExp(`${ref} added: Digest check action by the administrator:\\n${esc(BASE)}/actions/${a}\\n`));
  assert.match(en, /New proposal for .*: Digest check proposal/);
  assert.doesNotMatch(body, /by the lead herself/, 'not what she did herself');
  // Another cluster, where nothing changed: nothing is sent to its lead.
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind='lead_digest' AND to_addr='lead.quiet@example.wales'`), '0');
  // Once a day.
  assert.match(run('lead-digest', at), /done already/);
});

test('a person who chose a daily digest gets nothing at once, then one digest of what was held', async () => {
  // Chosen for them on the member form by the Cluster Lead.
  const ms = Number(sql(`SELECT m.id FROM membership m WHERE m.person_id=${personId('Gareth Williams')}`));
  let page = await get(`${server.url}/memberships/${ms}/edit`, lead.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /name="mail_mode" type="radio" value="immediate" checked/);
  assert.match(page.body, /name="mail_lang" type="radio" value="both" checked/);
  const field = (n, html = page.body) => (html.match(new RegExp(`name="${n}"[^>]*value="([^"]*)"`)) || html.match(new RegExp(`value="([^"]*)"[^>]*name="${n}"`)) || [])[1];
  const form = {
    csrf: lead.csrf, name: 'Gareth Williams', email: emailOf('Gareth Williams'), job_title: field('job_title') ?? '',
    organisation: field('organisation') ?? '', role: 'nursing_collaborative_lead', core: 'core', voting: 'yes',
    'valid_from-day': field('valid_from-day'), 'valid_from-month': field('valid_from-month'), 'valid_from-year': field('valid_from-year'),
    'valid_to-day': '', 'valid_to-month': '', 'valid_to-year': '',
  };
  let r = await postForm(`${server.url}/memberships/${ms}`, lead.cookie, { ...form, mail_mode: 'weekly', mail_lang: 'both' });
  assert.equal(r.status, 400);
  assert.match(text(r.body), /Choose when we send your messages/);
  r = await postForm(`${server.url}/memberships/${ms}`, lead.cookie, { ...form, mail_mode: 'digest', mail_lang: 'both' });
  assert.equal(r.status, 303, text(r.body).slice(0, 500));
  assert.equal(sql(`SELECT mail_mode || '|' || mail_lang FROM person WHERE id=${personId('Gareth Williams')}`), 'digest|both');
  assert.match(sql(`SELECT new_values FROM audit_log WHERE entity='membership' AND entity_id=${ms} ORDER BY id DESC LIMIT 1`), /"mail_mode":"digest"/);

  const gareth = emailOf('Gareth Williams');
  const before = smtp.messages().filter(x => to(x) === gareth).length;
  const a1 = await giveAction('Gareth Williams', 'Digest held one', addDays(today(), 30));
  const a2 = await giveAction('Gareth Williams', 'Digest held two', addDays(today(), 31));
  const [ref1, ref2] = [a1, a2].map(id => sql(`SELECT ref FROM action WHERE id=${id}`));
  await sleep(1500);
  assert.equal(smtp.messages().filter(x => to(x) === gareth).length, before, 'nothing at once');
  const pid = personId('Gareth Williams');
  assert.equal(sql(`SELECT status FROM outbox WHERE person_id=${pid} AND kind='action_lead' ORDER BY id`), 'held\nheld');

  const day = addDays(today(), 45);
  assert.match(run('daily-digest', `${day}T06:30`), /daily-digest: not due/);
  assert.match(run('daily-digest', `${day}T07:30`), /^daily-digest \d{4}-\d\d-\d\d: 1 people$/m);
  const got = await waitReceived(/crynodeb carecluster: 2 neges \/ Your carecluster digest: 2 messages/, 1);
  assert.deepEqual(got.map(to), [gareth]);
  const body = partText(got[0]);
  assert.match(body, new RegExp(`An action for you: ${ref1}`));
  assert.match(body, new RegExp(`An action for you: ${ref2}`));
  assert.match(body, new RegExp(`Cam gweithredu i chi: ${ref1}`));
  assert.match(body, /Digest held one/);
  // The digest tells an English reader once where their part is; the messages in it do not again.
  assert.equal(body.split('Scroll down for English.').length - 1, 1);
  assert.match(body, new RegExp(`${esc(BASE)}/actions/${a1}\\n`));
  assert.match(partText(got[0], 'text/html'), new RegExp(`<a href="${esc(BASE)}/actions/${a2}"`));
  // The held rows are digested into it, and delivered with it.
  const digestId = sql(`SELECT id FROM outbox WHERE person_id=${pid} AND kind='digest'`);
  assert.equal(sql(`SELECT status || '|' || digest_id FROM outbox WHERE person_id=${pid} AND kind='action_lead' ORDER BY id`),
    `digested|${digestId}\ndigested|${digestId}`);
  const t0 = Date.now();
  while (sql(`SELECT count(*) FROM outbox WHERE digest_id=${digestId} AND sent_at IS NOT NULL`) !== '2') {
    assert.ok(Date.now() - t0 < 10000, 'sent_at stamped on the digested rows');
    await sleep(100);
  }
  // Once a day.
  assert.match(run('daily-digest', `${day}T09:00`), /done already/);
});

test('How we send you email: a person saves their choices, sees errors, and what was held goes when they choose immediate', async () => {
  const url = `${server.url}/account/messages`;
  let r = await get(url, member.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'How we send you email');
  assert.match(text(r.body), new RegExp(`We send to ${esc(emailOf('Sian Griffiths'))}`));
  assert.match(r.body, /name="mail_mode" type="radio" value="immediate" checked/);
  assert.match(r.body, /name="mail_lang" type="radio" value="en" checked/);
  assert.match(text(r.body), /as the Welsh Language Standards expect/);

  r = await postForm(url, member.cookie, { csrf: member.csrf, mail_mode: 'weekly' });
  assert.equal(r.status, 400);
  assert.match(r.body, /<title>Error: How we send you email/);
  assert.match(r.body, /nhsuk-error-summary/);
  assert.match(r.body, /<a href="#mail_mode">Choose when we send your messages<\/a>/);
  assert.match(r.body, /<a href="#mail_lang">Choose the language of your messages<\/a>/);
  r = await postForm(url, member.cookie, { mail_mode: 'digest', mail_lang: 'cy' });
  assert.equal(r.status, 403, 'no token, no change');

  r = await postForm(url, member.cookie, { csrf: member.csrf, mail_mode: 'digest', mail_lang: 'cy' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/messages?saved=1');
  const pid = personId('Sian Griffiths');
  assert.equal(sql(`SELECT mail_mode || '|' || mail_lang FROM person WHERE id=${pid}`), 'digest|cy');
  assert.match(sql(`SELECT old_values || ' ' || new_values FROM audit_log WHERE entity='user' AND action='update' ORDER BY id DESC LIMIT 1`),
    /"mail_mode":"immediate","mail_lang":"en"\} \{"mail_mode":"digest","mail_lang":"cy"\}/);
  r = await get(`${url}?saved=1`, `${member.cookie}; cc_lang=cy`);
  assert.equal(h1(r.body), 'Sut rydym yn anfon e-bost atoch');
  assert.match(text(r.body), /Mae eich dewisiadau wedi'u cadw/);
  assert.match(r.body, /name="mail_mode" type="radio" value="digest" checked/);
  assert.match(r.body, /name="mail_lang" type="radio" value="cy" checked/);

  // Held for the digest, then sent at once when she goes back to immediate.
  const a = await giveAction('Sian Griffiths', 'Held, then released', addDays(today(), 30));
  const ref = sql(`SELECT ref FROM action WHERE id=${a}`);
  assert.equal(sql(`SELECT status FROM outbox WHERE person_id=${pid} AND kind='action_lead' ORDER BY id DESC LIMIT 1`), 'held');
  r = await postForm(url, member.cookie, { csrf: member.csrf, mail_mode: 'immediate', mail_lang: 'cy' });
  assert.equal(r.status, 303);
  const [m] = await waitReceived(new RegExp(`^Cam gweithredu i chi: ${ref}$`), 1);
  assert.equal(to(m), emailOf('Sian Griffiths'));

  // Someone who is not one of the people: told why, and may not post.
  r = await get(url, admin.cookie);
  assert.equal(r.status, 200);
  assert.match(r.body, /id="not-a-person"/);
  assert.doesNotMatch(r.body, /name="mail_mode"/);
  r = await postForm(url, admin.cookie, { csrf: admin.csrf, mail_mode: 'digest', mail_lang: 'cy' });
  assert.equal(r.status, 404);
  // Signed out: to the sign-in page.
  r = await get(url);
  assert.equal(r.status, 303);
});

test('without --smtp the pages say that e-mail is off, and the minutes cannot be circulated', async () => {
  const plain = await start([], { db });
  try {
    const l = await mustSignIn(plain.url, 'lead@example.wales');
    const r = await get(`${plain.url}/account/messages`, l.cookie);
    assert.match(text(r.body), /Email is turned off on this service at present/);
    const m = await heldMeeting('Circulation off check');
    await postForm(`${server.url}/meetings/${m.id}/minutes/write`, lead.cookie, { csrf: lead.csrf, [`minutes-${m.item}`]: 'Noted.' });
    const page = await get(`${plain.url}/meetings/${m.id}/minutes`, l.cookie);
    assert.match(text(page.body), /Email is turned off on this service, so the draft minutes cannot be circulated/);
    assert.doesNotMatch(page.body, /minutes\/circulate/);
    const p = await postForm(`${plain.url}/meetings/${m.id}/minutes/circulate`, l.cookie, { csrf: l.csrf });
    assert.equal(p.status, 409);
  } finally { await plain.stop(); }
});

test('mailings run refuses what it cannot use; a server without --no-mailings runs the mailings itself', async () => {
  let r = cli(['mailings', 'run', '--db', server.db, '--base-url', BASE, '--at', 'next monday']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--at next monday: give a local time in Wales as YYYY-MM-DDTHH:MM/);
  r = cli(['mailings', 'run', '--db', server.db, '--base-url', BASE, '--job', 'everything']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--job everything: give call-for-items, weekly-reminder, lead-digest or daily-digest/);
  r = cli(['mailings', 'run', '--db', server.db]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--base-url/);
  r = cli(['serve', '--db', server.db, '--no-mailings']);
  assert.match(r.stderr, /need --smtp/);

  // A call due now: the server that runs the mailings sends it when it starts.
  // (Gareth Williams chose a daily digest above: his is held for it.)
  const m = await schedule(freeDay(), `${addDays(today(), 2)}T12:00`, 'Server runs the call');
  const other = await start(mailOptions(smtp, BASE, { mailings: true }), { db });
  try {
    const want = memberAddresses().filter(a => a !== emailOf('Gareth Williams'));
    const got = await waitReceived(/Server runs the call/, want.length);
    assert.deepEqual(got.map(to).sort(), want);
    assert.notEqual(sql(`SELECT COALESCE(call_sent_at,0) FROM meeting WHERE id=${m.id}`), '0');
    // Held, and gathered into today's digest if the server ran it already.
    assert.match(sql(`SELECT status FROM outbox WHERE meeting_id=${m.id} AND to_addr=${q(emailOf('Gareth Williams'))}`), /^(held|digested)$/);
  } finally { await other.stop(); }
});
