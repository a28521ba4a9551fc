// Circulating a meeting through a real SMTP server on loopback: the agenda
// pack with its PDF and a calendar invitation (read by libical) to every
// member and item lead in their language; the update and the cancellation
// with the same UID and a higher SEQUENCE; the size limit an admin sets;
// who was sent what on the meeting's circulation page; the admin's outbox
// and settings; /metrics; and nothing sent when circulation is off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, mustSignIn, get, postForm, sql, sqlQuote, newDatabase } from './helpers.mjs';
import { startSmtp, mailOptions, partText, readInvitation, ICSCHECK } from '../lib/mail.mjs';

const CSW = '/units/cardiff-south-west';
const TITLE = 'Winter planning – Cyfarfod y gaeaf';
let smtp, server, db, lead, member, admin, meetingId, work;
let people = {};            // name -> { id, email }
let expected = [];          // the addresses the pack goes to

// A local date `days` from today as the three fields of the date input.
function dayParts(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return { 'date-day': String(d.getDate()), 'date-month': String(d.getMonth() + 1), 'date-year': String(d.getFullYear()) };
}
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
const ofMeeting = m => m.subject.includes('Winter planning');
const since = n => smtp.messages().slice(n).filter(ofMeeting);
const pause = ms => new Promise(r => setTimeout(r, ms));

// An .ics file's text read by libical.
function readIcs(ics) {
  const file = join(work, `x-${Date.now()}.ics`);
  writeFileSync(file, ics);
  return JSON.parse(execFileSync(ICSCHECK, [file]).toString());
}
const pdfText = path => execFileSync('pdftotext', ['-layout', path, '-']).toString();
const exportSequence = async () =>
  Number(readIcs((await get(`${server.url}/meetings/${meetingId}/calendar.ics`, lead.cookie)).body).events[0].sequence);

async function waitOutbox(where, expectedRows, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const got = sql(server, `SELECT COUNT(*) FROM outbox WHERE ${where}`);
    if (got === String(expectedRows)) return;
    if (Date.now() - t0 > ms) assert.equal(got, String(expectedRows), where);
    await pause(100);
  }
}

async function publish(who = lead) {
  return postForm(`${server.url}/meetings/${meetingId}/publish`, who.cookie, { csrf: who.csrf });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'cc-circ-'));
  smtp = await startSmtp();
  db = newDatabase();
  server = await start(mailOptions(smtp), { db });
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
  // Languages: Sian reads English, Nia Welsh, the rest both; Huw has no address.
  sql(server, `UPDATE person SET mail_lang='en' WHERE name='Sian Griffiths'`);
  sql(server, `UPDATE person SET mail_lang='cy' WHERE name='Nia Hughes'`);
  sql(server, `UPDATE person SET email=NULL WHERE name='Huw Lewis'`);
  for (const row of sql(server, `SELECT p.name, p.id, COALESCE(p.email,'') FROM membership ms JOIN person p ON p.id=ms.person_id
      JOIN unit u ON u.id=ms.unit_id WHERE u.slug='cardiff-south-west' ORDER BY p.name`).split('\n')) {
    const [name, id, email] = row.split('|');
    people[name] = { id: Number(id), email };
  }
  expected = Object.values(people).filter(p => p.email).map(p => p.email).sort();
  assert.equal(expected.length, 11);
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title: TITLE, ...dayParts(20), start: '18:00', end: '19:30',
    location: 'Canton Library, Cardiff', online_link: 'https://teams.example.wales/winter',
  });
  assert.equal(r.status, 303, r.body);
  meetingId = Number(r.headers.get('location').match(/^\/meetings\/(\d+)$/)[1]);
  for (const item of [
    { title: 'Winter pressures plan', lead: people['Dr Rhodri Evans'].id },
    { title: 'Contract with Acme Pharmacy Ltd', lead: people['Gareth Williams'].id, restricted: '1' },
  ]) {
    const a = await postForm(`${server.url}/meetings/${meetingId}/items`, lead.cookie, {
      csrf: lead.csrf, title: item.title, purpose: 'discussion', lead: String(item.lead), duration: '15',
      ...(item.restricted ? { restricted: '1' } : {}),
    });
    assert.equal(a.status, 303, a.body);
  }
});
after(async () => {
  await server?.stop();
  await smtp?.close();
  db?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('publishing sends each member and item lead with an address one message: their language, the pack PDF, an invitation', async () => {
  const page = (await get(`${server.url}/meetings/${meetingId}`, lead.cookie)).body;
  assert.match(text(page), /Publishing sends the agenda pack \(PDF\) and a calendar invitation by e-mail to each member and item lead with an e-mail address: 11 in all\./);
  assert.match(text(page), /Without an e-mail address, and so sent nothing: 1\./);
  const n0 = smtp.messages().length;
  const r = await publish();
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${meetingId}/circulation`);
  const got = (await smtp.waitFor(n0 + 11, { pred: ofMeeting })).slice(0);
  await pause(1500);
  const all = since(n0);
  assert.equal(all.length, 11, 'one message each, nobody twice');
  assert.deepEqual(all.map(m => m.envelope.to[0]).sort(), expected);
  assert.ok(got.length >= 11);

  const uid = readIcs((await get(`${server.url}/meetings/${meetingId}/calendar.ics`, lead.cookie)).body).events[0].uid;
  assert.equal(uid, `meeting-${meetingId}@carecluster`);
  const seq = await exportSequence();
  const byAddr = Object.fromEntries(all.map(m => [m.envelope.to[0], m]));
  for (const m of all) {
    // The pack: a PDF whose text has the meeting's title.
    const pdf = m.parts.find(p => p.type === 'application/pdf');
    assert.ok(pdf, `a PDF for ${m.envelope.to[0]}`);
    assert.match(pdf.filename, /^cardiff-south-west-\d{4}-\d\d-\d\d-agenda\.pdf$/);
    assert.ok(pdfText(pdf.path).includes('Winter planning'), 'the pack names the meeting');
    assert.ok(!/not been published|wedi'i gyhoeddi eto/.test(pdfText(pdf.path)), 'the pack sent says it is published, not a draft');
    // The invitation, read by libical.
    const inv = readInvitation(m);
    assert.equal(inv.calendar.method, 'REQUEST');
    const ev = inv.events[0];
    assert.equal(ev.uid, uid);
    assert.equal(Number(ev.sequence), seq);
    assert.equal(ev.organizer, 'mailto:lead@example.wales');
    assert.deepEqual(ev.attendees.map(a => a.address.replace(/^mailto:/, '')).sort(), expected);
    for (const a of ev.attendees) {
      assert.equal(a.role, 'REQ-PARTICIPANT');
      assert.equal(a.partstat, 'NEEDS-ACTION');
      assert.equal(a.rsvp, 'TRUE');
      assert.ok(a.cn, 'each attendee named');
    }
    assert.ok(ev.attendees.some(a => a.cn === 'Dr Rhodri Evans'));
    const cal = m.parts.find(p => p.type === 'text/calendar');
    assert.equal(cal.params.method, 'REQUEST');
    // The body: the agenda, the restricted item as a slot only, the links.
    const body = partText(m);
    assert.ok(body.includes('Winter pressures plan'), body);
    assert.ok(!body.includes('Acme'), 'nothing of the restricted item');
    assert.ok(!pdfText(pdf.path).includes('Acme'), 'nor in the pack');
    assert.match(body, new RegExp(`https://carecluster\\.example\\.wales/meetings/${meetingId}\\b`));
    assert.ok(body.includes('Canton Library, Cardiff'));
    assert.ok(body.includes('https://teams.example.wales/winter'));
  }
  // Each in their language: the subject, the body, the pack.
  const sian = byAddr[people['Sian Griffiths'].email];
  assert.match(sian.subject, /^Agenda pack: Winter planning – Cyfarfod y gaeaf, \d{1,2} [A-Z][a-z]+ \d{4}$/);
  assert.ok(partText(sian).includes('The agenda pack is attached as a PDF.'));
  assert.ok(partText(sian).includes('Restricted item'));
  assert.ok(!partText(sian).includes('Pecyn agenda'));
  assert.match(pdfText(sian.parts.find(p => p.type === 'application/pdf').path), /Page 1 of/);
  const nia = byAddr[people['Nia Hughes'].email];
  assert.match(nia.subject, /^Pecyn agenda: Winter planning – Cyfarfod y gaeaf, \d{1,2} \S+ \d{4}$/);
  assert.ok(partText(nia).includes('Mae’r pecyn agenda wedi’i atodi fel PDF.'));
  assert.ok(partText(nia).includes('Eitem gyfyngedig'));
  assert.ok(!partText(nia).includes('Agenda pack'));
  assert.match(pdfText(nia.parts.find(p => p.type === 'application/pdf').path), /Tudalen 1 o/);
  const rhodri = byAddr[people['Dr Rhodri Evans'].email];
  assert.match(rhodri.subject, /^Pecyn agenda: .* \/ Agenda pack: /, 'both languages, Welsh first');
  // The lead reads both and uses carecluster in English: her pack is English.
  const alys = byAddr[people['Dr Alys Morgan'].email];
  assert.match(pdfText(alys.parts.find(p => p.type === 'application/pdf').path), /Page 1 of/);
  // Each pack stored once: one English, one Welsh.
  assert.equal(sql(server, `SELECT COUNT(*) FROM outbox_file WHERE meeting_id=${meetingId}`), '2');
  assert.equal(sql(server, `SELECT COUNT(*) FROM outbox WHERE meeting_id=${meetingId} AND kind='pack' AND status='sent'`), '11');
  assert.equal(sql(server, `SELECT COUNT(*) FROM meeting WHERE id=${meetingId} AND pack_published_at>0`), '1');
});

test('the circulation page shows who was sent what and its state; nobody without write access sees it', async () => {
  const r = await get(`${server.url}/meetings/${meetingId}/circulation`, lead.cookie);
  assert.equal(r.status, 200);
  const t = text(r.body);
  assert.match(r.body, /<h1>Circulation<\/h1>/);
  assert.equal((r.body.match(/Agenda pack and invitation/g) || []).length, 11);
  for (const addr of expected) assert.ok(r.body.includes(addr), addr);
  assert.equal((r.body.match(/nhsuk-tag--green">Delivered</g) || []).length, 11);
  assert.match(t, /Huw Lewis: no e-mail address/);
  assert.match(t, /PDF attached/);
  const meeting = (await get(`${server.url}/meetings/${meetingId}`, lead.cookie)).body;
  assert.match(meeting, new RegExp(`href="/meetings/${meetingId}/circulation"`));
  // A member who may read the meeting but not write: no link, no page.
  const m = (await get(`${server.url}/meetings/${meetingId}`, member.cookie)).body;
  assert.ok(!m.includes('/circulation'), 'no link for a reader');
  assert.ok(!m.includes('cardiff-south-west@example.wales'), 'no addresses for a reader');
  assert.equal((await get(`${server.url}/meetings/${meetingId}/circulation`, member.cookie)).status, 404);
  // Nor a national reader (all of Wales, read only), nor another cluster's lead.
  for (const email of ['national@example.wales', 'lead.afan@example.wales']) {
    const who = await mustSignIn(server.url, email);
    assert.equal((await get(`${server.url}/meetings/${meetingId}/circulation`, who.cookie)).status, 404, email);
  }
  // The health board's primary care team may write to its clusters: it sees it.
  const hb = await mustSignIn(server.url, 'hb@example.wales');
  assert.equal((await get(`${server.url}/meetings/${meetingId}/circulation`, hb.cookie)).status, 200);
});

test('a changed meeting sends an updated REQUEST, same UID, higher SEQUENCE, to the people invited', async () => {
  const firstSeq = Number(readInvitation(since(0)[0]).events[0].sequence);
  // Someone who joins after the invitation is not sent its update.
  sql(server, `INSERT INTO person(name,email,home_unit_id,created_at,updated_at)
    SELECT 'Bethan Newydd', 'newydd.cardiff-south-west@example.wales', id, 1, 1 FROM unit WHERE slug='cardiff-south-west'`);
  sql(server, `INSERT INTO membership(person_id,unit_id,role_code,is_core,is_voting,valid_from,created_at,updated_at)
    SELECT p.id, u.id, 'finance', 1, 0, '2020-01-01', 1, 1 FROM person p, unit u
    WHERE p.name='Bethan Newydd' AND u.slug='cardiff-south-west'`);
  const n0 = smtp.messages().length;
  const r = await postForm(`${server.url}/meetings/${meetingId}/edit`, lead.cookie, {
    csrf: lead.csrf, title: TITLE, ...dayParts(20), start: '17:30', end: '19:00',
    location: 'Ely Hub, Cardiff', online_link: 'https://teams.example.wales/winter',
  });
  assert.equal(r.status, 303, r.body);
  await smtp.waitFor(n0 + 11, { pred: ofMeeting });
  await pause(1500);
  const all = since(n0);
  assert.equal(all.length, 11);
  assert.deepEqual(all.map(m => m.envelope.to[0]).sort(), expected, 'the same people, not the newcomer');
  const seq = await exportSequence();
  assert.ok(seq > firstSeq, `the export's SEQUENCE moved on (${firstSeq} → ${seq})`);
  for (const m of all) {
    const inv = readInvitation(m);
    assert.equal(inv.calendar.method, 'REQUEST');
    assert.equal(inv.events[0].uid, `meeting-${meetingId}@carecluster`);
    assert.equal(Number(inv.events[0].sequence), seq, 'the SEQUENCE the export gives, counting this change');
    assert.equal(inv.events[0].organizer, 'mailto:lead@example.wales');
    assert.equal(inv.events[0].dtstart, inv.events[0].dtstart.replace(/T.*/, 'T173000'));
    assert.equal(inv.events[0].attendees.length, 11);
    assert.ok(!m.parts.some(p => p.type === 'application/pdf'), 'no pack with an update');
  }
  const sian = all.find(m => m.envelope.to[0] === people['Sian Griffiths'].email);
  assert.match(sian.subject, /^Meeting changed: Winter planning/);
  assert.match(partText(sian), /It was: \d{1,2} [A-Z][a-z]+ \d{4}, 18:00 to 19:30/);
  assert.match(partText(sian), /It was at: Canton Library, Cardiff/);
  assert.match(partText(sian), /Where: Ely Hub, Cardiff/);
  const nia = all.find(m => m.envelope.to[0] === people['Nia Hughes'].email);
  assert.match(nia.subject, /^Newid i gyfarfod: Winter planning/);
});

test('the admin sets the largest pack to attach: validated, kept as typed, audited; over it the message gives a link', async () => {
  // Not for anyone else.
  assert.equal((await get(`${server.url}/admin/settings`, lead.cookie)).status, 404);
  assert.equal((await postForm(`${server.url}/admin/settings`, lead.cookie,
    { csrf: lead.csrf, pack_attach_max_kb: '1', call_for_items_days: '7' })).status, 404);
  const form = await get(`${server.url}/admin/settings`, admin.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /name="pack_attach_max_kb"[^>]*value="5120"/);
  assert.match(form.body, /name="call_for_items_days"[^>]*value="7"/);
  // Refused: the form again with the messages and what was typed.
  const bad = await postForm(`${server.url}/admin/settings`, admin.cookie,
    { csrf: admin.csrf, pack_attach_max_kb: 'lots', call_for_items_days: '0' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /nhsuk-error-summary/);
  assert.match(text(bad.body), /Enter the largest pack to attach as a whole number of KB from 1 to 51200/);
  assert.match(text(bad.body), /Enter the number of days as a whole number from 1 to 60/);
  assert.match(bad.body, /name="pack_attach_max_kb"[^>]*value="lots"/);
  assert.match(bad.body, /name="call_for_items_days"[^>]*value="0"/);
  assert.equal(sql(server, `SELECT COUNT(*) FROM setting`), '0');
  assert.equal((await postForm(`${server.url}/admin/settings`, admin.cookie,
    { pack_attach_max_kb: '1', call_for_items_days: '7' })).status, 403, 'no CSRF token');
  const ok = await postForm(`${server.url}/admin/settings`, admin.cookie,
    { csrf: admin.csrf, pack_attach_max_kb: '1', call_for_items_days: '10' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/admin/settings?saved=1');
  assert.match(text((await get(`${server.url}/admin/settings?saved=1`, admin.cookie)).body), /The settings have been saved/);
  assert.equal(sql(server, `SELECT key || '=' || value FROM setting ORDER BY key`), 'call_for_items_days=10\npack_attach_max_kb=1');
  const audit = sql(server, `SELECT action, entity, old_values, new_values FROM audit_log WHERE entity='setting' ORDER BY id`).split('|');
  assert.deepEqual(audit, ['update', 'setting', '{"pack_attach_max_kb":5120,"call_for_items_days":7}',
    '{"pack_attach_max_kb":1,"call_for_items_days":10}']);

  // Published again: an updated pack, too big to attach, so a link.
  const n0 = smtp.messages().length;
  const files = Number(sql(server, `SELECT COUNT(*) FROM outbox_file`));
  assert.equal((await publish()).status, 303);
  await smtp.waitFor(n0 + 12, { pred: ofMeeting });
  const all = since(n0);
  assert.equal(all.length, 12, 'the newcomer too: the pack goes to the members as they are now');
  assert.ok(all.some(m => m.envelope.to[0] === 'newydd.cardiff-south-west@example.wales'));
  assert.equal(sql(server, `SELECT COUNT(*) FROM outbox_file`), String(files), 'nothing stored');
  for (const m of all) {
    assert.ok(!m.parts.some(p => p.type === 'application/pdf'), 'no attachment');
    assert.equal(readInvitation(m).calendar.method, 'REQUEST');
  }
  const sian = all.find(m => m.envelope.to[0] === people['Sian Griffiths'].email);
  assert.match(sian.subject, /^Updated agenda pack: Winter planning/);
  assert.ok(partText(sian).includes('The agenda pack is too large to send by e-mail.'));
  assert.ok(partText(sian).includes(`https://carecluster.example.wales/meetings/${meetingId}/pack.pdf`));
  assert.match(partText(all.find(m => m.envelope.to[0] === people['Nia Hughes'].email)), /Pecyn agenda wedi’i ddiweddaru|rhy fawr/);
  sql(server, `DELETE FROM setting WHERE key='pack_attach_max_kb'`);
});

test('with the relay down publishing still answers at once; the page says waiting to retry, with the reason; then delivered', async () => {
  await smtp.stop();
  const first = Number(sql(server, 'SELECT MAX(id) FROM outbox')) + 1;
  const r = await publish();
  assert.equal(r.status, 303, 'published while the relay is down');
  await (async () => {
    const t0 = Date.now();
    while (sql(server, `SELECT COUNT(*) FROM outbox WHERE id>=${first} AND attempts>0`) === '0') {
      assert.ok(Date.now() - t0 < 10000, 'the sender tried');
      await pause(100);
    }
  })();
  const page = await get(`${server.url}/meetings/${meetingId}/circulation`, lead.cookie);
  assert.match(page.body, /nhsuk-tag--yellow">Waiting to retry</);
  assert.match(text(page.body), /Attempt 1 failed: [^.]*(connect|Couldn)/i);
  // /metrics: the failed attempts, and what waits once the sender has counted it.
  const t0 = Date.now();
  let metrics;
  for (;;) {
    metrics = await (await fetch(`${server.url}/metrics`)).text();
    const q = Number(metrics.match(/^carecluster_mail_queued (\d+)$/m)?.[1] ?? 0);
    if (q >= 1) break;
    assert.ok(Date.now() - t0 < 15000, metrics);
    await pause(250);
  }
  assert.match(metrics, /^# TYPE carecluster_mail_sent_total counter$/m);
  assert.match(metrics, /^# TYPE carecluster_mail_failed gauge$/m);
  assert.ok(Number(metrics.match(/^carecluster_mail_attempts_failed_total (\d+)$/m)[1]) >= 1);
  assert.ok(Number(metrics.match(/^carecluster_mail_sent_total (\d+)$/m)[1]) >= 34);
  const n0 = smtp.messages().length;
  await smtp.start();
  await smtp.waitFor(n0 + 12, { pred: ofMeeting, ms: 30000 });
  await waitOutbox(`id>=${first} AND status='sent'`, 12, 30000);
  const after = await get(`${server.url}/meetings/${meetingId}/circulation`, lead.cookie);
  assert.ok(!after.body.includes('Waiting to retry</strong>'));
});

test('cancelling sends METHOD:CANCEL with the same UID, a higher SEQUENCE and the reason', async () => {
  const before = await exportSequence();
  const n0 = smtp.messages().length;
  const r = await postForm(`${server.url}/meetings/${meetingId}/cancel`, lead.cookie,
    { csrf: lead.csrf, reason: 'The library is closed for repairs – ar gau' });
  assert.equal(r.status, 303, r.body);
  await smtp.waitFor(n0 + 12, { pred: ofMeeting });
  await pause(1000);
  const all = since(n0);
  assert.equal(all.length, 12, 'the people the latest pack went to');
  const seq = await exportSequence();
  assert.ok(seq > before, `SEQUENCE ${before} → ${seq}`);
  for (const m of all) {
    const inv = readInvitation(m);
    assert.equal(inv.calendar.method, 'CANCEL');
    assert.equal(inv.events[0].uid, `meeting-${meetingId}@carecluster`);
    assert.equal(inv.events[0].status, 'CANCELLED');
    assert.equal(Number(inv.events[0].sequence), seq);
    assert.equal(m.parts.find(p => p.type === 'text/calendar').params.method, 'CANCEL');
    assert.ok(partText(m).includes('The library is closed for repairs – ar gau'));
  }
  const sian = all.find(m => m.envelope.to[0] === people['Sian Griffiths'].email);
  assert.match(sian.subject, /^Meeting cancelled: Winter planning/);
  const nia = all.find(m => m.envelope.to[0] === people['Nia Hughes'].email);
  assert.match(nia.subject, /^Cyfarfod wedi’i ganslo: Winter planning/);
  // The page: the cancellations listed; no publishing of a cancelled meeting.
  const page = await get(`${server.url}/meetings/${meetingId}/circulation`, lead.cookie);
  assert.equal((page.body.match(/<strong>Cancellation<\/strong>/g) || []).length, 12);
  assert.equal((await publish()).status, 409);
});

test('the admin outbox lists every message newest first, filters by state, pages, and is for admins only', async () => {
  assert.equal((await get(`${server.url}/admin/outbox`, lead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/admin/outbox`, member.cookie)).status, 404);
  const r = await get(`${server.url}/admin/outbox`, admin.cookie);
  assert.equal(r.status, 200);
  const total = Number(sql(server, 'SELECT COUNT(*) FROM outbox'));
  assert.ok(total > 50);
  assert.match(text(r.body), new RegExp(`All messages ${total}\\b`));
  const bodyRows = html => [...html.slice(html.indexOf('<tbody')).matchAll(/<tr class="nhsuk-table__row[^"]*"/g)].length;
  const rows = bodyRows(r.body);
  assert.equal(rows, 50, 'a page of 50');
  // Newest first: the cancellations.
  const firstRow = r.body.slice(r.body.indexOf('<tbody'));
  assert.match(firstRow.slice(0, 1500), /Cancellation/);
  const next = r.body.match(/href="(\/admin\/outbox\?before=\d+)"/)[1];
  const page2 = await get(`${server.url}${next}`, admin.cookie);
  assert.equal(page2.status, 200);
  // A refused address fails for good: the filter finds it.
  sql(server, `UPDATE outbox SET status='failed', last_error='550 mailbox unavailable' WHERE id=(SELECT MIN(id) FROM outbox)`);
  const failed = await get(`${server.url}/admin/outbox?status=failed`, admin.cookie);
  assert.equal(bodyRows(failed.body), 1);
  assert.match(failed.body, /nhsuk-tag--red">Failed</);
  assert.match(text(failed.body), /550 mailbox unavailable/);
  assert.match(failed.body, /<option value="failed" selected>/);
  assert.equal((await get(`${server.url}/admin/outbox?status=lost`, admin.cookie)).status, 400);
});

test('without --smtp the publish form says circulation is off, and publishing records the date only', async () => {
  const plain = await start();
  try {
    const l = await mustSignIn(plain.url, 'lead@example.wales');
    const id = Number(sql(plain, `SELECT MAX(m.id) FROM meeting m JOIN unit u ON u.id=m.unit_id WHERE u.slug='cardiff-south-west' AND m.status='scheduled'`));
    const page = await get(`${plain.url}/meetings/${id}`, l.cookie);
    assert.match(text(page.body), /Circulation is off: carecluster is not sending e-mail\. Publishing records the date only\./);
    const r = await postForm(`${plain.url}/meetings/${id}/publish`, l.cookie, { csrf: l.csrf });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/meetings/${id}#exports`);
    assert.equal(sql(plain, 'SELECT COUNT(*) FROM outbox'), '0');
    assert.equal(sql(plain, 'SELECT COUNT(*) FROM outbox_file'), '0');
    assert.notEqual(sql(plain, `SELECT COALESCE(pack_published_at,0) FROM meeting WHERE id=${id}`), '0');
    const c = await get(`${plain.url}/meetings/${id}/circulation`, l.cookie);
    assert.equal(c.status, 200);
    assert.match(text(c.body), /Circulation is off/);
    assert.match(text(c.body), /Nothing has been sent about this meeting/);
    const metrics = await (await fetch(`${plain.url}/metrics`)).text();
    assert.ok(!metrics.includes('carecluster_mail_'), 'no mail metrics when circulation is off');
  } finally { await plain.stop(); }
});
