// Exports of meetings, opened with real readers: .ics files and the
// personal calendar feed parsed by libical (build/icscheck), the agenda
// pack and the minutes as PDF read by pdftotext (poppler). Also who may
// fetch them, publishing the pack, and the command-line exports.
//
// Meetings are written straight into the test database with the sqlite3
// command-line tool, so these tests do not depend on the meeting forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { start, get, postForm, mustSignIn, assertNoSanitizerReport, dbSql, blobLiteral } from './helpers.mjs';

const ICSCHECK = resolve('build/icscheck');

let server, dir, lead, member, hb, afanLead;
let nFile = 0;
const ids = {};            // meeting ids by name
let leadPerson;            // { id, name } a member of Cardiff South West

const BIN = resolve(process.env.CARECLUSTER_BIN || 'build/carecluster');
// Run the command line; returns { status, stdout, stderr } (both streams,
// also on success).
function cli(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  assertNoSanitizerReport(r.stderr + r.stdout);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Run SQL on the test database (the server has it open too: WAL, so fine).
function sql(text) {
  return dbSql(server.db, text);
}
const q = s => `'${String(s).replace(/'/g, "''")}'`;

// YYYY-MM-DD of the next `month`/`day` strictly after today (UTC).
function next(month, day) {
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  let y = now.getUTCFullYear();
  let d = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (d <= today) d = `${y + 1}${d.slice(4)}`;
  return d;
}
// YYYY-MM-DD `n` days from today (UTC), negative for the past.
const daysFromToday = n => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);

// A meeting of unit `slug` with agenda items; returns its id.
function addMeeting({ slug, title, date, start, end, location = null, link = null, status = 'scheduled', items = [] }) {
  const id = Number(sql(`INSERT INTO meeting(unit_id,title,starts_at,ends_at,location,online_link,status,created_at,updated_at)
    SELECT id, ${q(title)}, ${q(`${date}T${start}`)}, ${q(`${date}T${end}`)}, ${location ? q(location) : 'NULL'},
           ${link ? q(link) : 'NULL'}, ${q(status)}, 1767225600, 1767225600 FROM unit WHERE slug=${q(slug)} RETURNING id;`));
  assert.ok(id > 0, `meeting ${title} inserted`);
  items.forEach((it, i) => {
    const itemId = Number(sql(`INSERT INTO agenda_item(meeting_id,position,title,purpose,lead_person_id,duration_minutes,
        standing,status,restricted,minutes,created_at,updated_at)
      VALUES(${id}, ${i + 1}, ${q(it.title)}, ${q(it.purpose ?? 'information')}, ${it.lead ?? 'NULL'}, ${it.minutes_ ?? 10},
        ${it.standing ? q(it.standing) : 'NULL'}, 'accepted', ${it.restricted ? 1 : 0}, ${it.minutes ? q(it.minutes) : 'NULL'}, 1, 1)
      RETURNING id;`));
    for (const p of it.papers ?? []) {
      sql(`INSERT INTO paper(agenda_item_id,filename,content_type,size,sha256,data,created_at)
        VALUES(${itemId}, ${q(p.name)}, 'application/pdf', ${p.size}, 'x', ${blobLiteral(server.db, '00')}, 1);`);
    }
    for (const d of it.decisions ?? []) {
      sql(`INSERT INTO decision(agenda_item_id,text,reason,vote_kind,votes_for,votes_against,votes_abstain,
          quorum_required,quorum_present,created_at)
        VALUES(${itemId}, ${q(d.text)}, ${q(d.reason)}, 'secret', ${d.for}, ${d.against}, ${d.abstain}, 5, 9, 1);`);
    }
  });
  return id;
}

// Fetch as bytes (a PDF), not following redirects.
async function fetchBytes(url, cookie) {
  const r = await fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

// Read an iCalendar text with libical; returns what icscheck prints.
function readIcs(text) {
  const f = join(dir, `cal-${nFile++}.ics`);
  writeFileSync(f, text);
  return readIcsFile(f);
}
function readIcsFile(f) {
  const r = spawnSync(ICSCHECK, [f], { encoding: 'utf8' });
  assert.equal(r.status, 0, `libical could not read the file: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
// The text of a PDF as pdftotext extracts it (in reading layout, so a
// table row stays on one line), whitespace collapsed.
function pdfText(bytes) {
  const f = join(dir, `doc-${nFile++}.pdf`);
  writeFileSync(f, bytes);
  return pdfTextFile(f);
}
function pdfTextFile(f) {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'poppler reads the PDF without complaint');
  return r.stdout.replace(/\s+/g, ' ');
}
function pdfPages(bytes) {
  const f = join(dir, `info-${nFile++}.pdf`);
  writeFileSync(f, bytes);
  const r = spawnSync('pdfinfo', [f], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { pages: Number(r.stdout.match(/^Pages:\s+(\d+)/m)[1]), size: r.stdout.match(/^Page size:\s+(.*)$/m)[1] };
}

const SUMMER = next(7, 2);       // British Summer Time: UTC+1
const WINTER = next(1, 15);      // Greenwich Mean Time
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DYDD = ['Dydd Sul', 'Dydd Llun', 'Dydd Mawrth', 'Dydd Mercher', 'Dydd Iau', 'Dydd Gwener', 'Dydd Sadwrn'];
const weekday = (d, names) => names[new Date(`${d}T12:00:00Z`).getUTCDay()];

before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'cc-exports-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  const [pid, pname] = sql(`SELECT p.id, p.name FROM person p JOIN membership m ON m.person_id=p.id
    JOIN unit u ON u.id=m.unit_id WHERE u.slug='cardiff-south-west' ORDER BY p.id LIMIT 1;`).split('|');
  leadPerson = { id: Number(pid), name: pname };
  ids.summer = addMeeting({
    slug: 'cardiff-south-west', title: 'Cyfarfod y clwstwr: cynllun dŵr', date: SUMMER, start: '14:00', end: '15:30',
    location: 'Tŷ Hywel, Caerdydd', link: 'https://teams.example.wales/l/meetup/abc',
    items: [
      { title: 'Welcome and introductions', standing: 'welcome', minutes_: 5, minutes: 'Croesawodd y Cadeirydd bawb i Dŷ Hywel.' },
      { title: 'Gwasanaethau ŵyr ac wyres: adolygiad', purpose: 'decision', lead: leadPerson.id, minutes_: 30,
        papers: [{ name: 'Adroddiad-ŵyr.pdf', size: 125000 }],
        minutes: 'The cluster **agreed** the review.\n\n- Dŵr a thŷ\n- Next steps',
        decisions: [{ text: 'Approve the review of ŵyr services', reason: 'Within the cluster budget', for: 7, against: 1, abstain: 2 }] },
      { title: 'Contract with Acme Ltd (commercial in confidence)', purpose: 'discussion', restricted: true, minutes_: 20,
        papers: [{ name: 'acme-contract.pdf', size: 2048 }], minutes: 'Confidential discussion of Acme.' },
      { title: 'Any other business', standing: 'aob', purpose: 'discussion', minutes_: 10 },
    ],
  });
  ids.winter = addMeeting({ slug: 'cardiff-south-west', title: 'Winter planning', date: WINTER, start: '14:00', end: '16:00', location: 'Online only', link: null });
  ids.cancelled = addMeeting({ slug: 'cardiff-south-west', title: 'Called off meeting', date: daysFromToday(40), start: '10:00', end: '11:00', location: 'Room 2', status: 'cancelled' });
  ids.soon = addMeeting({ slug: 'cardiff-south-west', title: 'Cluster meeting soon', date: daysFromToday(20), start: '09:30', end: '11:00', location: 'Room 1' });
  ids.old = addMeeting({ slug: 'cardiff-south-west', title: 'Long ago meeting', date: daysFromToday(-730), start: '09:30', end: '11:00', location: 'Room 1' });
  ids.afan = addMeeting({ slug: 'afan', title: 'Afan cluster meeting', date: daysFromToday(20), start: '16:00', end: '17:00', location: 'Port Talbot',
    items: [{ title: 'Afan only item', purpose: 'discussion' }] });
  // A long agenda, for page breaks.
  ids.long = addMeeting({ slug: 'cardiff-south-west', title: 'Long agenda', date: daysFromToday(60), start: '09:00', end: '17:00', location: 'Room 3',
    items: Array.from({ length: 70 }, (_, i) => ({ title: `Item ${i + 1} of the cluster plan`, purpose: 'discussion', minutes_: 5 })) });
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---- .ics ------------------------------------------------------------------

test('a meeting as .ics: libical reads it; Europe/London with its VTIMEZONE; summer time is UTC+1', async () => {
  const r = await get(`${server.url}/meetings/${ids.summer}/calendar.ics`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="cardiff-south-west-${SUMMER}-meeting\\.ics"$`));
  assert.ok(r.body.includes('\r\n'), 'lines end in CRLF');
  const cal = readIcs(r.body);
  assert.equal(cal.calendar.version, '2.0');
  assert.deepEqual(cal.timezones, ['Europe/London']);
  assert.equal(cal.events.length, 1);
  const ev = cal.events[0];
  assert.equal(ev.uid, `meeting-${ids.summer}@carecluster`);
  assert.equal(ev.summary, 'Cyfarfod y clwstwr: cynllun dŵr');
  assert.equal(ev.location, 'Tŷ Hywel, Caerdydd');
  assert.equal(ev.url, 'https://teams.example.wales/l/meetup/abc');
  assert.equal(ev.status, 'CONFIRMED');
  assert.equal(ev.sequence, '0');
  assert.equal(ev.dtstart, `${SUMMER.replace(/-/g, '')}T140000`);
  assert.equal(ev.dtstart_tzid, 'Europe/London');
  assert.equal(ev.dtend, `${SUMMER.replace(/-/g, '')}T153000`);
  assert.equal(ev.dtend_tzid, 'Europe/London');
  assert.equal(ev.dtstart_utc, `${SUMMER}T13:00:00Z`, '14:00 BST is 13:00 UTC');
  assert.equal(ev.dtend_utc, `${SUMMER}T14:30:00Z`);
  // The agenda with computed start times, the lead and purpose, in the description.
  assert.match(ev.description, /^Cardiff South West\n/);
  assert.ok(ev.description.includes('Join the meeting online: https://teams.example.wales/l/meetup/abc'));
  assert.ok(ev.description.includes('14:00  1. Welcome and introductions (For information)'), ev.description);
  assert.ok(ev.description.includes(`14:05  2. Gwasanaethau ŵyr ac wyres: adolygiad – Lead: ${leadPerson.name} (For decision)`), ev.description);
  assert.ok(ev.description.includes('14:35  3. Contract with Acme Ltd (commercial in confidence) (For discussion)'),
    'the cluster lead sees the restricted item');
  assert.ok(ev.description.includes('14:55  4. Any other business (For discussion)'));
  // The same UID every time, so a calendar updates the event in place.
  const again = readIcs((await get(`${server.url}/meetings/${ids.summer}/calendar.ics`, lead.cookie)).body);
  assert.equal(again.events[0].uid, ev.uid);
});

test('winter meetings are in GMT (UTC+0)', async () => {
  const r = await get(`${server.url}/meetings/${ids.winter}/calendar.ics`, lead.cookie);
  assert.equal(r.status, 200);
  const ev = readIcs(r.body).events[0];
  assert.equal(ev.dtstart_tzid, 'Europe/London');
  assert.equal(ev.dtstart_utc, `${WINTER}T14:00:00Z`);
  assert.equal(ev.dtend_utc, `${WINTER}T16:00:00Z`);
  assert.equal(ev.location, 'Online only');
  assert.equal(ev.url, null);
});

test('a cancelled meeting is STATUS:CANCELLED, and says so in its title', async () => {
  const ev = readIcs((await get(`${server.url}/meetings/${ids.cancelled}/calendar.ics`, lead.cookie)).body).events[0];
  assert.equal(ev.status, 'CANCELLED');
  assert.equal(ev.summary, 'Cancelled: Called off meeting');
});

test('a health board reader gets the restricted item as a time slot only; Welsh interface text with cc_lang=cy', async () => {
  const ev = readIcs((await get(`${server.url}/meetings/${ids.summer}/calendar.ics`, hb.cookie)).body).events[0];
  assert.ok(ev.description.includes('14:35  3. Restricted item (For discussion)'), ev.description);
  assert.ok(!ev.description.includes('Acme'), 'nothing of what the restricted item is about');
  const cy = readIcs((await get(`${server.url}/meetings/${ids.summer}/calendar.ics`, `${lead.cookie}; cc_lang=cy`)).body).events[0];
  assert.ok(cy.description.includes('14:05  2. Gwasanaethau ŵyr ac wyres: adolygiad – Arweinydd: '), cy.description);
  assert.ok(cy.description.includes('Er penderfyniad'), cy.description);
  assert.ok(cy.description.includes('Croeso a chyflwyniadau'), 'standing items in Welsh');
});

test('SEQUENCE counts changes to the meeting, not publishing its pack', async () => {
  const seq = async () => readIcs((await get(`${server.url}/meetings/${ids.winter}/calendar.ics`, lead.cookie)).body).events[0].sequence;
  assert.equal(await seq(), '0');
  sql(`INSERT INTO audit_log(at,actor,action,entity,entity_id,unit_id,old_values,new_values)
    SELECT 1, 'test', 'update', 'meeting', id, unit_id, '{"title":"Winter"}', '{"title":"Winter planning"}' FROM meeting WHERE id=${ids.winter};`);
  assert.equal(await seq(), '1');
  const pub = await postForm(`${server.url}/meetings/${ids.winter}/publish`, lead.cookie, { csrf: lead.csrf });
  assert.equal(pub.status, 303);
  assert.equal(await seq(), '1');
});

// ---- PDF ----------------------------------------------------------------------

test('the agenda pack is an A4 PDF whose text reads back: title, time, place, agenda, papers, Welsh letters', async () => {
  const r = await fetchBytes(`${server.url}/meetings/${ids.summer}/pack.pdf`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="cardiff-south-west-${SUMMER}-agenda\\.pdf"$`));
  assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
  const info = pdfPages(r.bytes);
  // The agenda, then the last minutes and the open actions
  // (tests/http/pack.test.mjs reads those).
  assert.ok(info.pages >= 3, `${info.pages} pages`);
  assert.match(info.size, /^595\.\d+ x 841\.\d+ pts \(A4\)$/);
  const t = pdfText(r.bytes);
  for (const s of ['Cardiff South West', 'Cyfarfod y clwstwr: cynllun dŵr', 'Agenda',
    `${weekday(SUMMER, WEEKDAYS)} ${Number(SUMMER.slice(8))} July ${SUMMER.slice(0, 4)}, 14:00 to 15:30`,
    'Tŷ Hywel, Caerdydd', 'https://teams.example.wales/l/meetup/abc',
    'Time No. Item Lead Purpose',
    '14:00 1 Welcome and introductions For information',
    `14:05 2 Gwasanaethau ŵyr ac wyres: adolygiad ${leadPerson.name} For decision`,
    'Paper: Adroddiad-ŵyr.pdf (122 KB)',
    '14:35 3 Contract with Acme Ltd (commercial in', 'Paper: acme-contract.pdf (2 KB)',
    '14:55 4 Any other business For discussion',
    'Draft: this agenda pack has not been published yet.', `Page 1 of ${info.pages}`]) {
    assert.ok(t.includes(s), `"${s}" in the pack:\n${t}`);
  }
});

test('the pack for a health board reader leaves out what the restricted item is about, and its papers', async () => {
  const t = pdfText((await fetchBytes(`${server.url}/meetings/${ids.summer}/pack.pdf`, hb.cookie)).bytes);
  assert.ok(t.includes('14:35 3 Restricted item For discussion'), t);
  assert.ok(!t.includes('Acme') && !t.includes('acme-contract'), t);
});

test('the pack in Welsh: interface text, dates and page numbers', async () => {
  const t = pdfText((await fetchBytes(`${server.url}/meetings/${ids.summer}/pack.pdf`, `${lead.cookie}; cc_lang=cy`)).bytes);
  for (const s of [`${weekday(SUMMER, DYDD)} ${Number(SUMMER.slice(8))} Gorffennaf ${SUMMER.slice(0, 4)}, 14:00 i 15:30`,
    'Croeso a chyflwyniadau', 'Er penderfyniad', 'Papur: Adroddiad-ŵyr.pdf', 'Tudalen 1 o ', 'Gwasanaethau ŵyr ac wyres']) {
    assert.ok(t.includes(s), `"${s}" in the Welsh pack:\n${t}`);
  }
});

test('a long agenda breaks across pages, with the table heading repeated and every item there', async () => {
  const r = await fetchBytes(`${server.url}/meetings/${ids.long}/pack.pdf`, lead.cookie);
  assert.equal(r.status, 200);
  const { pages } = pdfPages(r.bytes);
  assert.ok(pages >= 2, `${pages} pages`);
  const t = pdfText(r.bytes);
  for (let i = 1; i <= 70; i++) assert.ok(t.includes(`${i} Item ${i} of the cluster plan For discussion`), `item ${i}`);
  // The table heading on every page of the agenda (the last minutes and
  // the open actions follow it).
  const f = join(dir, `long-${nFile++}.pdf`);
  writeFileSync(f, r.bytes);
  let agendaPages = 0;
  for (let p = 1; p <= pages; p++) {
    const tp = spawnSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), f, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    if (!/Item \d+ of the cluster plan/.test(tp)) continue;
    agendaPages++;
    assert.ok(tp.includes('Time No. Item Lead Purpose'), `the table heading on page ${p}`);
  }
  assert.ok(agendaPages >= 2, `${agendaPages} pages of agenda`);
  assert.equal(t.split('Time No. Item Lead Purpose').length - 1, agendaPages, 'the table heading on every page of the agenda');
  assert.ok(t.includes(`Page ${pages} of ${pages}`));
  // The last item starts 69 x 5 minutes after 09:00.
  assert.ok(t.includes('14:45 70 Item 70 of the cluster plan'), t.slice(-400));
});

test('the minutes as PDF: each item, its minutes as text, and the decision with the vote', async () => {
  const r = await fetchBytes(`${server.url}/meetings/${ids.summer}/minutes.pdf`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition'), /-minutes\.pdf"$/);
  const t = pdfText(r.bytes);
  for (const s of ['Minutes', 'Draft minutes: not yet approved.', '1. Welcome and introductions',
    'Croesawodd y Cadeirydd bawb i Dŷ Hywel.', '2. Gwasanaethau ŵyr ac wyres: adolygiad',
    'The cluster agreed the review.', '• Dŵr a thŷ', '• Next steps',
    'Decision Approve the review of ŵyr services', 'Reason Within the cluster budget',
    'Vote For 7, against 1, abstained 2 (secret ballot)', '3. Contract with Acme Ltd', 'Confidential discussion of Acme.']) {
    assert.ok(t.includes(s), `"${s}" in the minutes:\n${t}`);
  }
  assert.ok(!t.includes('**'), 'Markdown emphasis markers are not printed');
  // A health board reader: the restricted item's minutes stay in the cluster.
  const h = pdfText((await fetchBytes(`${server.url}/meetings/${ids.summer}/minutes.pdf`, hb.cookie)).bytes);
  assert.ok(h.includes('3. Restricted item'));
  assert.ok(!h.includes('Acme'), h);
});

// ---- who may fetch ------------------------------------------------------------

test("another health board's meeting answers 404 for .ics, pack and minutes, as a meeting that does not exist", async () => {
  for (const who of [hb, lead, member]) {
    for (const path of ['calendar.ics', 'pack.pdf', 'minutes.pdf']) {
      const r = await get(`${server.url}/meetings/${ids.afan}/${path}`, who.cookie);
      assert.equal(r.status, 404, path);
      const none = await get(`${server.url}/meetings/999999/${path}`, who.cookie);
      assert.equal(none.status, 404);
      const same = b => b.replace(/[0-9a-f]{32,64}/g, 'X').replace(/next=[^"]*"/g, 'next="');
      assert.equal(same(r.body), same(none.body));
    }
  }
  // Its own cluster lead gets it.
  assert.equal((await get(`${server.url}/meetings/${ids.afan}/calendar.ics`, afanLead.cookie)).status, 200);
  assert.equal((await fetchBytes(`${server.url}/meetings/${ids.afan}/pack.pdf`, afanLead.cookie)).status, 200);
});

test('signed out: the exports send people to sign in', async () => {
  for (const path of ['calendar.ics', 'pack.pdf', 'minutes.pdf']) {
    const r = await get(`${server.url}/meetings/${ids.summer}/${path}`);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/login?next=%2Fmeetings%2F${ids.summer}%2F${path}`);
  }
});

// ---- publishing the pack -------------------------------------------------------

test('publishing the pack: writers only, with CSRF; it records the time and an audit entry', async () => {
  const url = `${server.url}/meetings/${ids.summer}/publish`;
  const published = () => sql(`SELECT COALESCE(pack_published_at, 0) FROM meeting WHERE id=${ids.summer};`);
  assert.equal(published(), '0');
  // A member may read but not publish; a health board of another cluster cannot see it.
  assert.equal((await postForm(url, member.cookie, { csrf: member.csrf })).status, 404);
  assert.equal((await postForm(`${server.url}/meetings/${ids.afan}/publish`, hb.cookie, { csrf: hb.csrf })).status, 404);
  assert.equal((await postForm(url, lead.cookie, {})).status, 403, 'no CSRF token');
  assert.equal((await get(url, lead.cookie)).status, 405);
  assert.equal(published(), '0');
  const before = Math.floor(Date.now() / 1000);
  const r = await postForm(url, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${ids.summer}#exports`);
  const at = Number(published());
  assert.ok(at >= before - 1 && at <= Math.floor(Date.now() / 1000) + 1, `pack_published_at ${at}`);
  const audit = sql(`SELECT action, actor, old_values, new_values FROM audit_log
    WHERE entity='meeting' AND entity_id=${ids.summer} ORDER BY id DESC LIMIT 1;`).split('|');
  assert.equal(audit[0], 'update');
  assert.match(audit[1], /lead@example\.wales/);
  assert.equal(audit[2], '{"pack_published_at":null}');
  assert.match(audit[3], /^\{"pack_published_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}$/);
  // The pack now says when it was published.
  const t = pdfText((await fetchBytes(`${server.url}/meetings/${ids.summer}/pack.pdf`, lead.cookie)).bytes);
  assert.ok(!t.includes('not been published'), t);
  assert.match(t, /Published \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d/);
  // A cancelled meeting's pack is not published.
  const c = await postForm(`${server.url}/meetings/${ids.cancelled}/publish`, lead.cookie, { csrf: lead.csrf });
  assert.equal(c.status, 409);
  assert.equal(sql(`SELECT COALESCE(pack_published_at, 0) FROM meeting WHERE id=${ids.cancelled};`), '0');
});

// ---- the personal calendar feed -------------------------------------------------

function feedUrl(html) {
  const m = html.match(/value="(https?:\/\/[^"/]+)?(\/calendar\/([0-9a-f]{64})\/meetings\.ics)"/);
  assert.ok(m, 'the page shows the feed address');
  return { path: m[2], token: m[3] };
}

test('the calendar feed: made on /calendar, read without signing in, the cluster meetings in a window', async () => {
  const page = await get(`${server.url}/calendar`, lead.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /You do not have a calendar feed yet\./);
  assert.match(page.body, /<button [^>]*name="action" value="create">Make my calendar feed<\/button>/);
  const made = await postForm(`${server.url}/calendar`, lead.cookie, { csrf: lead.csrf, action: 'create' });
  assert.equal(made.status, 200);
  const { path, token } = feedUrl(made.body);
  assert.match(made.body, new RegExp(`value="http://127\\.0\\.0\\.1:${server.port}/calendar/${token}/meetings\\.ics"`));
  // Only the hash is stored.
  const stored = sql('SELECT token_hash FROM calendar_feed;');
  assert.match(stored, /^[0-9a-f]{64}$/);
  assert.notEqual(stored, token);
  // A calendar program fetches it with no cookie.
  const r = await get(`${server.url}${path}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const cal = readIcs(r.body);
  assert.equal(cal.calendar.name, 'carecluster meetings');
  assert.deepEqual(cal.timezones, ['Europe/London']);
  const uids = cal.events.map(e => e.uid);
  for (const k of ['summer', 'winter', 'cancelled', 'soon', 'long']) {
    assert.ok(uids.includes(`meeting-${ids[k]}@carecluster`), `${k} is in the feed`);
  }
  assert.ok(!uids.includes(`meeting-${ids.old}@carecluster`), 'two years ago is outside the window');
  assert.ok(!uids.includes(`meeting-${ids.afan}@carecluster`), "another health board's cluster is not in it");
  const summer = cal.events.find(e => e.uid === `meeting-${ids.summer}@carecluster`);
  assert.equal(summer.dtstart_utc, `${SUMMER}T13:00:00Z`);
  assert.equal(cal.events.find(e => e.uid === `meeting-${ids.cancelled}@carecluster`).status, 'CANCELLED');
  // Afterwards the page says a feed exists, offers a new address and stopping.
  const later = await get(`${server.url}/calendar`, lead.cookie);
  assert.match(later.body, /You made your calendar feed on \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d\./);
  assert.doesNotMatch(later.body, new RegExp(token), 'the address is shown once only');
  assert.match(later.body, /value="stop">Stop my calendar feed</);
});

test('a wrong or malformed feed token answers 404; a new address retires the old; stopping ends it', async () => {
  for (const t of ['0'.repeat(64), 'f'.repeat(64), 'abc', 'A'.repeat(64), `${'0'.repeat(63)}g`]) {
    const r = await get(`${server.url}/calendar/${t}/meetings.ics`);
    assert.equal(r.status, 404, t);
    assert.doesNotMatch(r.headers.get('content-type'), /calendar/);
  }
  const first = feedUrl((await postForm(`${server.url}/calendar`, member.cookie, { csrf: member.csrf, action: 'create' })).body);
  assert.equal((await get(`${server.url}${first.path}`)).status, 200);
  const second = feedUrl((await postForm(`${server.url}/calendar`, member.cookie, { csrf: member.csrf, action: 'create' })).body);
  assert.notEqual(second.token, first.token);
  assert.equal((await get(`${server.url}${first.path}`)).status, 404, 'the old address stopped working');
  assert.equal((await get(`${server.url}${second.path}`)).status, 200);
  const stop = await postForm(`${server.url}/calendar`, member.cookie, { csrf: member.csrf, action: 'stop' });
  assert.equal(stop.status, 303);
  assert.equal((await get(`${server.url}${second.path}`)).status, 404);
  // Without the CSRF token nothing is made.
  assert.equal((await postForm(`${server.url}/calendar`, member.cookie, { action: 'create' })).status, 403);
  assert.equal(sql(`SELECT count(*) FROM calendar_feed f JOIN app_user u ON u.id=f.user_id WHERE u.email='member@example.wales';`), '0');
  // Made and stopped are in the audit log, never the token.
  const audit = sql(`SELECT action FROM audit_log WHERE entity='calendar_feed'
    AND actor LIKE '%member@example.wales%' ORDER BY id;`).split('\n').join(',');
  assert.equal(audit, 'create,create,delete');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE new_values LIKE '%${second.token}%' OR old_values LIKE '%${second.token}%';`), '0');
});

test("a health board user's feed holds its clusters' meetings, restricted items as time slots, in their saved language", async () => {
  sql(`UPDATE app_user SET lang='cy' WHERE email='hb@example.wales';`);
  const { path } = feedUrl((await postForm(`${server.url}/calendar`, hb.cookie, { csrf: hb.csrf, action: 'create' })).body);
  const cal = readIcs((await get(`${server.url}${path}`)).body);
  assert.equal(cal.calendar.name, 'Cyfarfodydd carecluster');
  const summer = cal.events.find(e => e.uid === `meeting-${ids.summer}@carecluster`);
  assert.ok(summer, 'a Cardiff South West meeting is in the Cardiff and Vale feed');
  assert.ok(summer.description.includes('14:35  3. Eitem gyfyngedig'), summer.description);
  assert.ok(!summer.description.includes('Acme'));
  assert.ok(!cal.events.some(e => e.uid === `meeting-${ids.afan}@carecluster`));
});

// ---- the command line ------------------------------------------------------------

test('carecluster export meeting writes an .ics and a PDF that the readers open', () => {
  const ics = join(dir, 'cli.ics');
  let r = cli(['export', 'meeting', '--db', server.db, '--id', String(ids.summer), '--format', 'ics', '--out', ics]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Wrote the calendar file of meeting \d+ \(Cyfarfod y clwstwr: cynllun dŵr\) to .*cli\.ics\.\n$/);
  const ev = readIcsFile(ics).events[0];
  assert.equal(ev.uid, `meeting-${ids.summer}@carecluster`);
  assert.equal(ev.dtstart_utc, `${SUMMER}T13:00:00Z`);
  // The command line shows a restricted item as a time slot only.
  assert.ok(ev.description.includes('3. Restricted item'));
  const pdf = join(dir, 'cli.pdf');
  r = cli(['export', 'meeting', '--db', server.db, '--id', String(ids.summer), '--format', 'pdf', '--out', pdf]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Wrote the agenda pack of meeting/);
  assert.deepEqual(readdirSync(dir).filter(f => f.includes('.tmp-')), [], 'no temporary file left');
  let t = pdfTextFile(pdf);
  assert.ok(t.includes('Gwasanaethau ŵyr ac wyres: adolygiad'), t);
  assert.ok(!t.includes('Acme'));
  const min = join(dir, 'cli-minutes.pdf');
  r = cli(['export', 'meeting', '--db', server.db, '--id', String(ids.summer), '--format', 'pdf', '--document', 'minutes', '--lang', 'cy', '--out', min]);
  assert.equal(r.status, 0, r.stderr);
  t = pdfTextFile(min);
  assert.ok(t.includes('Cofnodion') && t.includes('Penderfyniad Approve the review of ŵyr services'), t);
  // --out - writes to standard output.
  const out = cli(['export', 'meeting', '--db', server.db, '--id', String(ids.winter), '--format', 'ics', '--out', '-']);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stderr, '');
  assert.equal(readIcs(out.stdout).events[0].uid, `meeting-${ids.winter}@carecluster`);
});

test('carecluster export meeting says what to fix, exits non-zero and writes nothing', () => {
  const out = join(dir, 'never.pdf');
  const base = ['export', 'meeting', '--db', server.db];
  const cases = [
    [[...base, '--format', 'pdf', '--out', out], /give the meeting with --id ID/],
    [[...base, '--id', 'twelve', '--format', 'pdf', '--out', out], /--id ID, the number at the end/],
    [[...base, '--id', String(ids.summer), '--out', out], /--format must be ics \(a calendar file\) or pdf/],
    [[...base, '--id', String(ids.summer), '--format', 'docx', '--out', out], /--format must be ics/],
    [[...base, '--id', String(ids.summer), '--format', 'pdf'], /give the file to write with --out FILE/],
    [[...base, '--id', String(ids.summer), '--format', 'pdf', '--document', 'letter', '--out', out], /--document must be pack .* or minutes/],
    [[...base, '--id', String(ids.summer), '--format', 'ics', '--document', 'minutes', '--out', out], /--document goes with --format pdf/],
    [[...base, '--id', String(ids.summer), '--format', 'pdf', '--lang', 'fr', '--out', out], /--lang must be en \(English\) or cy \(Welsh\)/],
    [[...base, '--id', '999999', '--format', 'pdf', '--out', out], /there is no meeting with id 999999 in /],
    [['export', 'meeting', '--db', join(dir, 'missing.db'), '--id', '1', '--format', 'pdf', '--out', out], /does not exist: create it with 'carecluster init/],
    [[...base, '--id', String(ids.summer), '--format', 'pdf', '--out', join(dir, 'no-such-dir', 'x.pdf')], /cannot write .*no-such-dir\/x\.pdf: No such file or directory; check the folder exists/],
  ];
  for (const [args, msg] of cases) {
    const r = cli(args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, /^carecluster( export meeting)?: /, args.join(' '));
    assert.match(r.stderr, msg, args.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.ok(!existsSync(out));
  assert.ok(!existsSync(join(dir, 'missing.db')), 'no database was created');
  // The usage lists the command.
  assert.match(cli(['export']).stderr, /carecluster export meeting --db FILE --id ID --format ics\|pdf --out FILE/);
});
