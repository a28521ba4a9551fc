// Changing and undoing: a meeting's date, time, place and link changed
// before it starts (with the checks of scheduling) and cancelled with a
// reason; agenda items deleted before the meeting and restricted from
// the edit form; papers replaced by a new version (the old one kept) and
// withdrawn before the pack is circulated; declarations changed or
// withdrawn until the minutes are approved and then only as a correction,
// and added to the person's register; actions' text and lead changed,
// and their lead, a read-only member, updating status and progress.
// Each rule with its refusal and its audit entry, in English and Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, sql, sqlQuote, moveMeetingBack, plainCells, blobLiteral, unixNow, postFile, paperLinks } from './helpers.mjs';
import { minimalPdf } from '../lib/files.mjs';

let server, lead, member, afanLead, hb;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');        // Cardiff South West's cluster lead
  member = await mustSignIn(server.url, 'member@example.wales');    // Sian Griffiths, a read-only member
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
const cy = who => `${who.cookie}; cc_lang=cy`;

// The text a person reads: tags dropped, entities decoded, spaces folded.
const text = html => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

// A date `n` days from today (UTC, as the server's clock in the tests).
function day(n) {
  const d = new Date(Date.now() + n * 86400e3);
  return { d: String(d.getUTCDate()), m: String(d.getUTCMonth() + 1), y: String(d.getUTCFullYear()),
    iso: d.toISOString().slice(0, 10) };
}

// Meetings in the evening, each on a day of its own, so that none
// overlaps another (the demonstration meetings are in the afternoon).
let nextDay = 7;
function meetingFields(who, n, extra = {}) {
  const dt = day(n);
  return { csrf: who.csrf, title: 'Changes meeting', 'date-day': dt.d, 'date-month': dt.m, 'date-year': dt.y,
    start: '18:00', end: '19:30', location: 'Canton Library', online_link: '', ...extra };
}
// Move a meeting made `n` days ahead to yesterday: it has started.
const toYesterday = (mt) => moveMeetingBack(server, mt.id, mt.n + 1);
async function createMeeting(title = 'Changes meeting') {
  const n = nextDay++;
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, meetingFields(lead, n, { title }));
  assert.equal(r.status, 303, `meeting not created: ${r.status} ${text(r.body).slice(0, 300)}`);
  return { id: Number(r.headers.get('location').match(/^\/meetings\/(\d+)/)[1]), n };
}
async function addItem(meetingId, title, { restricted = false, duration = '15', purpose = 'discussion' } = {}) {
  const fields = { csrf: lead.csrf, title, purpose, lead: '', duration };
  if (restricted) fields.restricted = '1';
  const r = await postForm(`${server.url}/meetings/${meetingId}/items`, lead.cookie, fields);
  assert.equal(r.status, 303);
  const page = await get(`${server.url}/meetings/${meetingId}`, lead.cookie);
  const m = page.body.match(new RegExp(`href="/meetings/${meetingId}/items/(\\d+)">${title}<`));
  assert.ok(m, `no link to item ${title}`);
  return Number(m[1]);
}
// The agenda as [time, title] pairs.
async function agenda(meetingId, who = lead) {
  const page = await get(`${server.url}/meetings/${meetingId}`, who.cookie);
  const html = plainCells(page.body);
  const table = html.slice(html.indexOf('id="agenda"'), html.indexOf('</table>', html.indexOf('id="agenda"')));
  return [...table.matchAll(/<tr[^>]*>\s*<td[^>]*>\s*\d+\s*<\/td>\s*<td[^>]*>\s*(\d\d:\d\d)[\s\S]*?<a href="\/meetings\/\d+\/items\/\d+">([^<]*)</g)]
    .map(m => [m[1], m[2]]);
}
// The audit entries of a record, oldest first, from its creation on (an
// id freed by a deletion may be taken again by a later record).
function audit(entity, id) {
  const out = sql(server, `SELECT action || '|' || COALESCE(old_values,'') || '|' || COALESCE(new_values,'')
                           FROM audit_log WHERE entity=${sqlQuote(entity)} AND entity_id=${Number(id)} ORDER BY id`);
  const all = out ? out.split('\n').map(l => { const [action, o, n] = l.split('|'); return { action, old: o ? JSON.parse(o) : null, new: n ? JSON.parse(n) : null }; }) : [];
  const iCreate = all.map(x => x.action).lastIndexOf('create');
  return iCreate > 0 ? all.slice(iCreate) : all;
}

// ---- changing a meeting ----------------------------------------------------------

test('the chair changes a meeting\'s date, time, place and link from a Change link; audited with old and new', async () => {
  const { id, n } = await createMeeting('Moved meeting');
  const page = await get(`${server.url}/meetings/${id}`, lead.cookie);
  assert.match(page.body, new RegExp(`href="/meetings/${id}/edit"`), 'a Change link on the meeting page');
  const form = await get(`${server.url}/meetings/${id}/edit`, lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /name="title"[^>]*value="Moved meeting"/);
  assert.match(form.body, /name="location"[^>]*value="Canton Library"/);
  assert.match(form.body, /name="start"[^>]*value="18:00"/);
  assert.doesNotMatch(text(form.body), /will be told|e-mail|email/i, 'nothing said about telling those invited');
  const to = day(n + 30);
  const r = await postForm(`${server.url}/meetings/${id}/edit`, lead.cookie,
    meetingFields(lead, n + 30, { title: 'Moved meeting', start: '17:30', end: '19:00', location: 'Ely Hub',
      online_link: 'https://teams.example.wales/meet/42' }));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${id}`);
  const after = await get(`${server.url}/meetings/${id}`, member.cookie);
  assert.match(text(after.body), /Ely Hub/);
  assert.match(after.body, /href="https:\/\/teams\.example\.wales\/meet\/42"/);
  // The summary reads as a record, not a form: no "(optional)" from the form's label.
  assert.match(after.body, /<dt class="nhsuk-summary-list__key">\s*Online\s*<\/dt>/);
  const summary = after.body.slice(after.body.indexOf('<dl class="nhsuk-summary-list'), after.body.indexOf('</dl>'));
  assert.match(summary, /Ely Hub/);
  assert.doesNotMatch(summary, /\(optional\)/);
  assert.equal(sql(server, `SELECT starts_at || ' ' || ends_at FROM meeting WHERE id=${id}`), `${to.iso}T17:30 ${to.iso}T19:00`);
  const a = audit('meeting', id).filter(x => x.action === 'update');
  assert.equal(a.length, 1);
  assert.equal(a[0].old.location, 'Canton Library');
  assert.equal(a[0].new.location, 'Ely Hub');
  assert.equal(a[0].old.starts_at, `${day(n).iso}T18:00`);
  assert.equal(a[0].new.starts_at, `${to.iso}T17:30`);
  assert.equal(a[0].new.online_link, 'https://teams.example.wales/meet/42');
  // The calendar file counts the change (SEQUENCE).
  const ics = await get(`${server.url}/meetings/${id}/calendar.ics`, lead.cookie);
  assert.match(ics.body, /SEQUENCE:1/);
});

test('a change has the checks of scheduling: not in the past, the end after the start, no overlap; what was typed is kept', async () => {
  const { id, n } = await createMeeting('Checked meeting');
  const other = await createMeeting('Other meeting');
  const past = await postForm(`${server.url}/meetings/${id}/edit`, lead.cookie, meetingFields(lead, -2, { location: 'Typed place' }));
  assert.equal(past.status, 400);
  assert.match(text(past.body), /The meeting must be in the future/);
  assert.match(past.body, /nhsuk-error-summary/);
  assert.match(past.body, /name="location"[^>]*value="Typed place"/);
  const backwards = await postForm(`${server.url}/meetings/${id}/edit`, lead.cookie, meetingFields(lead, n, { start: '19:00', end: '18:00' }));
  assert.equal(backwards.status, 400);
  assert.match(text(backwards.body), /The end time must be after the start time/);
  const clash = await postForm(`${server.url}/meetings/${id}/edit`, lead.cookie, meetingFields(lead, other.n, { start: '19:00', end: '20:00' }));
  assert.equal(clash.status, 400);
  assert.match(text(clash.body), /Another meeting of this cluster is at that time/);
  // Its own slot is no clash with itself.
  const same = await postForm(`${server.url}/meetings/${id}/edit`, lead.cookie, meetingFields(lead, n, { start: '18:30', end: '19:30' }));
  assert.equal(same.status, 303);
  assert.equal(sql(server, `SELECT starts_at FROM meeting WHERE id=${id}`), `${day(n).iso}T18:30`);
  assert.equal(audit('meeting', id).filter(x => x.action === 'update').length, 1, 'the refused changes wrote nothing');
  // In Welsh.
  const cyPast = await postForm(`${server.url}/meetings/${id}/edit`, cy(lead), meetingFields(lead, -2));
  assert.equal(cyPast.status, 400);
  assert.match(text(cyPast.body), /Rhaid i'r cyfarfod fod yn y dyfodol/);
  assert.match(text(cyPast.body), /Newid y cyfarfod/);
});

test('only those who run the cluster change or cancel a meeting: a member and another cluster\'s lead get 404', async () => {
  const { id, n } = await createMeeting('Guarded meeting');
  for (const who of [member, afanLead]) {
    const page = await get(`${server.url}/meetings/${id}`, who.cookie);
    if (who === member) assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, new RegExp(`/meetings/${id}/(edit|cancel)"`));
    assert.equal((await get(`${server.url}/meetings/${id}/edit`, who.cookie)).status, 404);
    assert.equal((await get(`${server.url}/meetings/${id}/cancel`, who.cookie)).status, 404);
  }
  for (const who of [member, afanLead]) {
    assert.equal((await postForm(`${server.url}/meetings/${id}/edit`, who.cookie, meetingFields(who, n, { location: 'Elsewhere' }))).status, 404);
    assert.equal((await postForm(`${server.url}/meetings/${id}/cancel`, who.cookie, { csrf: who.csrf, reason: 'No' })).status, 404);
  }
  assert.equal(sql(server, `SELECT location || ' ' || status FROM meeting WHERE id=${id}`), 'Canton Library scheduled');
});

test('a meeting that has started cannot be moved or cancelled; the pages say so', async () => {
  const { id, n } = await createMeeting('Started meeting');
  toYesterday({ id, n });
  const page = await get(`${server.url}/meetings/${id}`, lead.cookie);
  assert.doesNotMatch(page.body, new RegExp(`/meetings/${id}/(edit|cancel)"`), 'no Change or Cancel once started');
  const form = await get(`${server.url}/meetings/${id}/edit`, lead.cookie);
  assert.equal(form.status, 409);
  assert.match(text(form.body), /This meeting can no longer be changed/);
  const r = await postForm(`${server.url}/meetings/${id}/edit`, lead.cookie, meetingFields(lead, n + 40));
  assert.equal(r.status, 400);
  assert.match(text(r.body), /The meeting has started, so it cannot be moved/);
  const c = await postForm(`${server.url}/meetings/${id}/cancel`, lead.cookie, { csrf: lead.csrf, reason: 'Too late' });
  assert.equal(c.status, 400);
  assert.match(text(c.body), /The meeting has started, so it cannot be cancelled/);
  assert.equal(sql(server, `SELECT status FROM meeting WHERE id=${id}`), 'scheduled');
  assert.equal(audit('meeting', id).filter(x => x.action === 'update').length, 0);
  const cyr = await postForm(`${server.url}/meetings/${id}/edit`, cy(lead), meetingFields(lead, n + 40));
  assert.match(text(cyr.body), /Mae'r cyfarfod wedi dechrau, felly ni ellir ei symud/);
});

// ---- cancelling ------------------------------------------------------------------

test('cancelling asks for confirmation with a required reason; the meeting then shows "Cancelled: reason" and offers no recording', async () => {
  const { id } = await createMeeting('Cancelled meeting');
  const item = await addItem(id, 'Winter pressures');
  const page = await get(`${server.url}/meetings/${id}`, lead.cookie);
  assert.match(page.body, new RegExp(`href="/meetings/${id}/cancel"`));
  const confirm = await get(`${server.url}/meetings/${id}/cancel`, lead.cookie);
  assert.equal(confirm.status, 200);
  assert.match(text(confirm.body), /Cancel this meeting\?/);
  assert.match(confirm.body, /<textarea[^>]*name="reason"/);
  const empty = await postForm(`${server.url}/meetings/${id}/cancel`, lead.cookie, { csrf: lead.csrf, reason: '  ' });
  assert.equal(empty.status, 400);
  assert.match(text(empty.body), /Enter why the meeting is cancelled/);
  assert.equal(sql(server, `SELECT status FROM meeting WHERE id=${id}`), 'scheduled');
  // A GET never cancels.
  assert.equal((await get(`${server.url}/meetings/${id}/cancel`, lead.cookie)).status, 200);
  assert.equal(sql(server, `SELECT status FROM meeting WHERE id=${id}`), 'scheduled');
  const reason = 'Not enough members could attend <b>this</b> week';
  const r = await postForm(`${server.url}/meetings/${id}/cancel`, lead.cookie, { csrf: lead.csrf, reason });
  assert.equal(r.status, 303);
  assert.equal(sql(server, `SELECT status || '|' || cancel_reason FROM meeting WHERE id=${id}`), `cancelled|${reason}`);
  const shown = await get(`${server.url}/meetings/${id}`, member.cookie);
  assert.match(text(shown.body), new RegExp(`Cancelled: Not enough members could attend <b>this</b> week`));
  assert.doesNotMatch(shown.body, /<b>this<\/b>/, 'the reason is escaped');
  const mine = await get(`${server.url}/meetings/${id}`, lead.cookie);
  assert.doesNotMatch(mine.body, new RegExp(`action="/meetings/${id}/attendance"`), 'no attendance form');
  assert.doesNotMatch(mine.body, new RegExp(`action="/meetings/${id}/items"`), 'no form to add items');
  assert.doesNotMatch(mine.body, new RegExp(`/meetings/${id}/(edit|cancel)"`), 'no Change or Cancel');
  assert.doesNotMatch(mine.body, /actions\/new\?meeting=/, 'no action to raise');
  assert.doesNotMatch(mine.body, /id="quorum"/, 'no quorum for a meeting that will not meet');
  assert.doesNotMatch(mine.body, /minutes\/write"/, 'no minutes to write');
  const itemPage = await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie);
  assert.doesNotMatch(itemPage.body, /\/declarations"/, 'no declaration form on its items');
  const a = audit('meeting', id).filter(x => x.action === 'update');
  assert.equal(a.length, 1);
  assert.equal(a[0].old.status, 'scheduled');
  assert.equal(a[0].new.status, 'cancelled');
  assert.equal(a[0].new.cancel_reason, reason);
  // Cancelled once: neither cancelled again nor moved.
  const again = await postForm(`${server.url}/meetings/${id}/cancel`, lead.cookie, { csrf: lead.csrf, reason: 'Again' });
  assert.equal(again.status, 400);
  assert.match(text(again.body), /This meeting has been cancelled/);
  assert.equal((await get(`${server.url}/meetings/${id}/edit`, lead.cookie)).status, 409);
  // In Welsh.
  const welsh = await get(`${server.url}/meetings/${id}`, cy(member));
  assert.match(text(welsh.body), /Wedi'i ganslo: Not enough members/);
  const ics = await get(`${server.url}/meetings/${id}/calendar.ics`, lead.cookie);
  assert.match(ics.body, /STATUS:CANCELLED/);
  const api = JSON.parse((await get(`${server.url}/api/v1/meetings/${id}`, member.cookie)).body);
  assert.equal(api.status, 'cancelled');
  assert.equal(api.cancel_reason, reason);
});

test('the cancel page in Welsh asks for the reason in Welsh', async () => {
  const { id } = await createMeeting('Welsh cancel');
  const r = await postForm(`${server.url}/meetings/${id}/cancel`, cy(lead), { csrf: lead.csrf, reason: '' });
  assert.equal(r.status, 400);
  assert.match(text(r.body), /Canslo'r cyfarfod hwn\?/);
  assert.match(text(r.body), /Rhowch y rheswm pam mae'r cyfarfod wedi'i ganslo/);
});

// ---- agenda items ------------------------------------------------------------------

test('an item is deleted before the meeting, after confirmation; the times of the others move up; audited', async () => {
  const { id } = await createMeeting('Agenda meeting');
  const a = await addItem(id, 'Flu vaccination', { duration: '20' });
  await addItem(id, 'Estates update', { duration: '10' });
  const before = await agenda(id);
  const iFlu = before.findIndex(([, t]) => t === 'Flu vaccination');
  const tEstates = before.find(([, t]) => t === 'Estates update')[0];
  const page = await get(`${server.url}/meetings/${id}`, lead.cookie);
  assert.match(page.body, new RegExp(`href="/meetings/${id}/items/${a}/delete"`));
  const confirm = await get(`${server.url}/meetings/${id}/items/${a}/delete`, lead.cookie);
  assert.equal(confirm.status, 200);
  assert.match(text(confirm.body), /Delete this agenda item\?/);
  assert.match(text(confirm.body), /"Flu vaccination" will be taken off the agenda/);
  assert.ok(await get(`${server.url}/meetings/${id}/items/${a}`, lead.cookie).then(x => x.status === 200), 'GET deleted nothing');
  const r = await postForm(`${server.url}/meetings/${id}/items/${a}/delete`, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  assert.equal((await get(`${server.url}/meetings/${id}/items/${a}`, lead.cookie)).status, 404);
  const after = await agenda(id);
  assert.equal(after.length, before.length - 1);
  assert.ok(!after.some(([, t]) => t === 'Flu vaccination'));
  // Estates update starts 20 minutes earlier, where Flu vaccination started.
  assert.equal(after.find(([, t]) => t === 'Estates update')[0], before[iFlu][0]);
  assert.notEqual(tEstates, before[iFlu][0]);
  const log = audit('agenda_item', a).filter(x => x.action === 'delete');
  assert.equal(log.length, 1);
  assert.equal(log[0].old.title, 'Flu vaccination');
  assert.equal(log[0].old.duration_minutes, 20);
  assert.equal(log[0].new, null);
});

test('an item cannot be deleted once the meeting has started, by a member, or while it has papers', async () => {
  const mt = await createMeeting('Delete refusals');
  const { id } = mt;
  const a = await addItem(id, 'Kept item');
  assert.equal((await postForm(`${server.url}/meetings/${id}/items/${a}/delete`, member.cookie, { csrf: member.csrf })).status, 404);
  assert.equal((await get(`${server.url}/meetings/${id}/items/${a}/delete`, member.cookie)).status, 404);
  // A paper on it: withdraw it first.
  sql(server, `INSERT INTO paper(agenda_item_id, filename, content_type, size, sha256, data, created_at)
               VALUES(${a}, 'x.pdf', 'application/pdf', 1, '00', ${blobLiteral(server.db, '00')}, 0);`);
  const withPaper = await postForm(`${server.url}/meetings/${id}/items/${a}/delete`, lead.cookie, { csrf: lead.csrf });
  assert.equal(withPaper.status, 400);
  assert.match(text(withPaper.body), /Withdraw the item's papers first/);
  sql(server, `DELETE FROM paper WHERE agenda_item_id=${a};`);
  toYesterday(mt);
  const page = await get(`${server.url}/meetings/${id}`, lead.cookie);
  assert.doesNotMatch(page.body, /\/delete"/, 'no Delete links once started');
  assert.equal((await get(`${server.url}/meetings/${id}/items/${a}/delete`, lead.cookie)).status, 409);
  const r = await postForm(`${server.url}/meetings/${id}/items/${a}/delete`, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 400);
  assert.match(text(r.body), /The meeting has started, so its agenda items cannot be deleted/);
  const w = await postForm(`${server.url}/meetings/${id}/items/${a}/delete`, cy(lead), { csrf: lead.csrf });
  assert.match(text(w.body), /Mae'r cyfarfod wedi dechrau, felly ni ellir dileu ei eitemau agenda/);
  assert.equal(sql(server, `SELECT count(*) FROM agenda_item WHERE id=${a}`), '1');
  assert.equal(audit('agenda_item', a).filter(x => x.action === 'delete').length, 0);
});

test('the item edit form has the restricted box; ticking it restricts the item, audited', async () => {
  const { id } = await createMeeting('Restricted edit');
  const a = await addItem(id, 'Practice finances');
  const form = await get(`${server.url}/meetings/${id}/items/${a}/edit`, lead.cookie);
  assert.match(form.body, /<input[^>]*id="restricted"[^>]*name="restricted"[^>]*type="checkbox"/);
  assert.doesNotMatch(form.body, /id="restricted"[^>]*checked/);
  const r = await postForm(`${server.url}/meetings/${id}/items/${a}/edit`, lead.cookie,
    { csrf: lead.csrf, title: 'Practice finances', purpose: 'discussion', lead: '', duration: '15', restricted: '1' });
  assert.equal(r.status, 303);
  assert.equal(sql(server, `SELECT restricted FROM agenda_item WHERE id=${a}`), '1');
  const again = await get(`${server.url}/meetings/${id}/items/${a}/edit`, lead.cookie);
  assert.match(again.body, /id="restricted"[^>]*checked/);
  // The health board no longer reads what it is about.
  const hbPage = await get(`${server.url}/meetings/${id}`, hb.cookie);
  assert.doesNotMatch(hbPage.body, /Practice finances/);
  assert.match(text(hbPage.body), /Restricted item/);
  const log = audit('agenda_item', a).filter(x => x.action === 'update');
  assert.equal(log.at(-1).old.restricted, 0);
  assert.equal(log.at(-1).new.restricted, 1);
  // A value the box never sends is refused next to it.
  const bad = await postForm(`${server.url}/meetings/${id}/items/${a}/edit`, lead.cookie,
    { csrf: lead.csrf, title: 'Practice finances', purpose: 'discussion', lead: '', duration: '15', restricted: 'yes' });
  assert.equal(bad.status, 400);
  assert.match(text(bad.body), /Tick the box to restrict the item, or leave it empty/);
  // Unticked (the box sends nothing): not restricted any more.
  const off = await postForm(`${server.url}/meetings/${id}/items/${a}/edit`, lead.cookie,
    { csrf: lead.csrf, title: 'Practice finances', purpose: 'discussion', lead: '', duration: '15' });
  assert.equal(off.status, 303);
  assert.equal(sql(server, `SELECT restricted FROM agenda_item WHERE id=${a}`), '0');
  const welsh = await get(`${server.url}/meetings/${id}/items/${a}/edit`, cy(lead));
  assert.match(text(welsh.body), /Cyfyngedig|cyfyngedig/);
});

// ---- papers ------------------------------------------------------------------------

const upload = (path, who, name, bytes) =>
  postFile(`${server.url}${path}`, who.cookie, { csrf: who.csrf }, { name, bytes, type: 'application/pdf' });
const downloads = paperLinks;

test('a paper is replaced with a new version: the old one is kept, listed as "Version 1, replaced on ..." and still downloadable', async () => {
  const { id } = await createMeeting('Papers meeting');
  const item = await addItem(id, 'Prescribing report');
  const v1 = minimalPdf('First'), v2 = minimalPdf('Second');
  assert.equal((await upload(`/meetings/${id}/items/${item}/papers`, lead, 'report.pdf', v1)).status, 303);
  let page = await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie);
  const [p1] = downloads(page.body);
  assert.match(page.body, new RegExp(`href="/papers/${p1.id}/replace"`));
  const form = await get(`${server.url}/papers/${p1.id}/replace`, lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  const r = await upload(`/papers/${p1.id}/replace`, lead, 'report v2.pdf', v2);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/meetings/${id}/items/${item}#i${item}-sec-papers`);
  page = await get(`${server.url}/meetings/${id}/items/${item}`, member.cookie);
  const list = downloads(page.body);
  assert.deepEqual(list.map(p => p.name), ['report v2.pdf', 'report.pdf'], 'the new version first, the old one under it');
  assert.match(text(page.body), /report v2\.pdf Version 2/);
  assert.match(text(page.body), /report\.pdf Version 1, replaced on \d+ \w+ \d{4}, \d\d:\d\d/);
  // Both download, byte for byte, for those who may see the item.
  for (const [p, bytes] of [[list[0], v2], [list[1], v1]]) {
    const d = await fetch(`${server.url}/papers/${p.id}/download`, { headers: { Cookie: member.cookie } });
    assert.equal(d.status, 200);
    assert.ok(Buffer.from(await d.arrayBuffer()).equals(bytes));
  }
  assert.equal((await get(`${server.url}/papers/${list[1].id}/download`, afanLead.cookie)).status, 404);
  // The pack lists the current version only.
  assert.equal(sql(server, `SELECT count(*) FROM paper WHERE agenda_item_id=${item} AND replaced_by_paper_id IS NULL`), '1');
  // Audited: the new version names the one it replaces; the old one who replaced it.
  const created = audit('paper', list[0].id).find(x => x.action === 'create');
  assert.equal(created.new.replaces_paper_id, p1.id);
  assert.equal(created.new.version, 2);
  const upd = audit('paper', p1.id).find(x => x.action === 'update');
  assert.equal(upd.new.replaced_by_paper_id, list[0].id);
  // An earlier version is not replaced again.
  assert.equal((await get(`${server.url}/papers/${p1.id}/replace`, lead.cookie)).status, 409);
  const old = await upload(`/papers/${p1.id}/replace`, lead, 'again.pdf', v1);
  assert.equal(old.status, 400);
  assert.match(text(old.body), /This version has already been replaced/);
  // A file that is not what it says is refused as on upload.
  const bad = await upload(`/papers/${list[0].id}/replace`, lead, 'notes.pdf', Buffer.from('just text'));
  assert.equal(bad.status, 400);
  assert.match(text(bad.body), /must be a PDF, Word/);
  // In Welsh.
  const welsh = await get(`${server.url}/meetings/${id}/items/${item}`, cy(member));
  assert.match(text(welsh.body), /Fersiwn 1, disodlwyd ar/);
});

test('a member may not replace or withdraw a paper', async () => {
  const { id } = await createMeeting('Papers guarded');
  const item = await addItem(id, 'Guarded paper');
  await upload(`/meetings/${id}/items/${item}/papers`, lead, 'g.pdf', minimalPdf());
  const [p] = downloads((await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie)).body);
  const page = await get(`${server.url}/meetings/${id}/items/${item}`, member.cookie);
  assert.doesNotMatch(page.body, /\/(replace|withdraw)"/);
  assert.equal((await get(`${server.url}/papers/${p.id}/replace`, member.cookie)).status, 404);
  assert.equal((await upload(`/papers/${p.id}/replace`, member, 'm.pdf', minimalPdf())).status, 404);
  assert.equal((await postForm(`${server.url}/papers/${p.id}/withdraw`, member.cookie, { csrf: member.csrf })).status, 404);
  assert.equal((await postForm(`${server.url}/papers/${p.id}/withdraw`, afanLead.cookie, { csrf: afanLead.csrf })).status, 404);
  assert.equal(sql(server, `SELECT count(*) FROM paper WHERE agenda_item_id=${item}`), '1');
});

test('a paper is withdrawn, with its earlier versions, before the pack is circulated; not after', async () => {
  const { id } = await createMeeting('Withdrawals');
  const item = await addItem(id, 'Withdrawn paper');
  await upload(`/meetings/${id}/items/${item}/papers`, lead, 'draft.pdf', minimalPdf('One'));
  let [p] = downloads((await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie)).body);
  await upload(`/papers/${p.id}/replace`, lead, 'draft 2.pdf', minimalPdf('Two'));
  const list = downloads((await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie)).body);
  const current = list[0];
  const confirm = await get(`${server.url}/papers/${current.id}/withdraw`, lead.cookie);
  assert.equal(confirm.status, 200);
  assert.match(text(confirm.body), /Withdraw this paper\?/);
  const r = await postForm(`${server.url}/papers/${current.id}/withdraw`, lead.cookie, { csrf: lead.csrf });
  assert.equal(r.status, 303);
  const page = await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie);
  assert.deepEqual(downloads(page.body), []);
  for (const x of list) assert.equal((await get(`${server.url}/papers/${x.id}/download`, lead.cookie)).status, 404);
  const log = audit('paper', current.id).find(x => x.action === 'delete');
  assert.equal(log.old.filename, 'draft 2.pdf');
  assert.equal(log.old.versions, 2);

  // Once the pack is published, a paper cannot be withdrawn.
  await upload(`/meetings/${id}/items/${item}/papers`, lead, 'final.pdf', minimalPdf('Final'));
  [p] = downloads((await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie)).body);
  assert.equal((await postForm(`${server.url}/meetings/${id}/publish`, lead.cookie, { csrf: lead.csrf })).status, 303);
  const after = await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie);
  assert.doesNotMatch(after.body, /\/withdraw"/, 'no Withdraw link once circulated');
  assert.match(after.body, new RegExp(`/papers/${p.id}/replace"`), 'it may still be replaced');
  assert.equal((await get(`${server.url}/papers/${p.id}/withdraw`, lead.cookie)).status, 409);
  const late = await postForm(`${server.url}/papers/${p.id}/withdraw`, lead.cookie, { csrf: lead.csrf });
  assert.equal(late.status, 400);
  assert.match(text(late.body), /The agenda pack has been circulated with this paper, so it cannot be withdrawn/);
  const lateCy = await postForm(`${server.url}/papers/${p.id}/withdraw`, cy(lead), { csrf: lead.csrf });
  assert.match(text(lateCy.body), /Mae pecyn yr agenda wedi'i ddosbarthu gyda'r papur hwn/);
  assert.equal(sql(server, `SELECT count(*) FROM paper WHERE id=${p.id}`), '1');
  assert.equal(audit('paper', p.id).filter(x => x.action === 'delete').length, 0);
});

// ---- declarations ---------------------------------------------------------------------

// A person of the cluster by name, and the meeting's item for decision.
// (The demonstration data has people of the same name in other clusters.)
const personId = name => Number(sql(server, `SELECT p.id FROM person p JOIN membership m ON m.person_id=p.id
  JOIN unit u ON u.id=m.unit_id WHERE u.slug='cardiff-south-west' AND p.name=${sqlQuote(name)} LIMIT 1`));
async function startedMeetingWithItem(title) {
  const mt = await createMeeting(title);
  const { id } = mt;
  const item = await addItem(id, `${title} item`, { purpose: 'decision' });
  toYesterday(mt);
  return { id, item };
}
async function declare(meetingId, itemId, person, interest, outcome, extra = {}) {
  return postForm(`${server.url}/meetings/${meetingId}/items/${itemId}/declarations`, lead.cookie,
    { csrf: lead.csrf, person: String(personId(person)), interest, outcome, ...extra });
}
const declarationId = (itemId, person) =>
  Number(sql(server, `SELECT id FROM declaration WHERE agenda_item_id=${itemId} AND person_id=${personId(person)}`));

test('a declaration made at a meeting can go onto the person\'s register too, in one go; the register lists it', async () => {
  const { id, item } = await startedMeetingWithItem('Register meeting');
  const page = await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie);
  assert.match(text(page.body), /Also add this to the person's register of interests/);
  // Ticked without saying what kind of interest it is: nothing is written.
  const noKind = await declare(id, item, 'Tomos Price', 'Partner at Canton Surgery', 'left_room', { register: '1' });
  assert.equal(noKind.status, 400);
  assert.match(text(noKind.body), /Select the kind of interest/);
  assert.equal(sql(server, `SELECT count(*) FROM declaration WHERE agenda_item_id=${item}`), '0');
  const nInterests = Number(sql(server, `SELECT count(*) FROM interest WHERE person_id=${personId('Tomos Price')}`));
  const r = await declare(id, item, 'Tomos Price', 'Partner at Canton Surgery', 'left_room',
    { register: '1', register_kind: 'financial' });
  assert.equal(r.status, 303);
  assert.equal(Number(sql(server, `SELECT count(*) FROM interest WHERE person_id=${personId('Tomos Price')}`)), nInterests + 1);
  const reg = await get(`${server.url}/people/${personId('Tomos Price')}/interests`, member.cookie);
  assert.match(text(reg.body), /Financial Partner at Canton Surgery/);
  // The declarations made at meetings: date, item (linked) and outcome.
  const made = reg.body.slice(reg.body.indexOf('id="declarations-made"'));
  assert.match(made, new RegExp(`href="/meetings/${id}"`));
  assert.match(made, new RegExp(`href="/meetings/${id}/items/${item}#i${item}-sec-declarations">Register meeting item<`));
  assert.match(text(made), /Partner at Canton Surgery Left the room/);
  const interestAudit = sql(server, `SELECT count(*) FROM audit_log WHERE entity='interest' AND new_values LIKE '%Canton Surgery%'`);
  assert.equal(interestAudit, '1');
  // Not ticked: only the declaration.
  await declare(id, item, 'Nia Hughes', 'Sister works for the bidder', 'no_vote');
  assert.equal(sql(server, `SELECT count(*) FROM interest WHERE description='Sister works for the bidder'`), '0');
  // In Welsh.
  const welsh = await get(`${server.url}/people/${personId('Tomos Price')}/interests`, cy(member));
  assert.match(text(welsh.body), /Datganiadau a wnaed mewn cyfarfodydd/);
  // A restricted item's declaration is not listed for the health board.
  sql(server, `UPDATE agenda_item SET restricted=1 WHERE id=${item};`);
  const hbReg = await get(`${server.url}/people/${personId('Tomos Price')}/interests`, hb.cookie);
  assert.doesNotMatch(hbReg.body, new RegExp(`/items/${item}`));
  sql(server, `UPDATE agenda_item SET restricted=0 WHERE id=${item};`);
});

test('a declaration is changed or withdrawn freely until the minutes are approved; audited', async () => {
  const { id, item } = await startedMeetingWithItem('Declaration changes');
  await declare(id, item, 'Dr Rhodri Evans', 'Shareholder in a pharmacy', 'remained');
  const d = declarationId(item, 'Dr Rhodri Evans');
  const page = await get(`${server.url}/meetings/${id}/items/${item}`, lead.cookie);
  assert.match(page.body, new RegExp(`href="/declarations/${d}/edit"`));
  assert.match(page.body, new RegExp(`href="/declarations/${d}/withdraw"`));
  const form = await get(`${server.url}/declarations/${d}/edit`, lead.cookie);
  assert.equal(form.status, 200);
  assert.match(text(form.body), /Also add this to Dr Rhodri Evans's register of interests/);
  assert.doesNotMatch(form.body, /name="correction_reason"/, 'no reason asked while the minutes are open');
  const empty = await postForm(`${server.url}/declarations/${d}/edit`, lead.cookie, { csrf: lead.csrf, interest: '', outcome: 'remained' });
  assert.equal(empty.status, 400);
  const r = await postForm(`${server.url}/declarations/${d}/edit`, lead.cookie,
    { csrf: lead.csrf, interest: 'Shareholder in a community pharmacy', outcome: 'left_room' });
  assert.equal(r.status, 303);
  assert.equal(sql(server, `SELECT interest || '|' || outcome FROM declaration WHERE id=${d}`), 'Shareholder in a community pharmacy|left_room');
  const upd = audit('declaration', d).find(x => x.action === 'update');
  assert.equal(upd.old.outcome, 'remained');
  assert.equal(upd.new.outcome, 'left_room');
  assert.equal(upd.new.interest, 'Shareholder in a community pharmacy');
  assert.equal(sql(server, `SELECT count(*) FROM correction WHERE record_kind='declaration' AND record_id=${d}`), '0');
  // A member may not.
  assert.equal((await get(`${server.url}/declarations/${d}/edit`, member.cookie)).status, 404);
  assert.equal((await postForm(`${server.url}/declarations/${d}/withdraw`, member.cookie, { csrf: member.csrf })).status, 404);
  // Withdrawn.
  const w = await postForm(`${server.url}/declarations/${d}/withdraw`, lead.cookie, { csrf: lead.csrf });
  assert.equal(w.status, 303);
  assert.equal(sql(server, `SELECT count(*) FROM declaration WHERE id=${d}`), '0');
  const del = audit('declaration', d).find(x => x.action === 'delete');
  assert.equal(del.old.interest, 'Shareholder in a community pharmacy');
});

test('after the minutes are approved a declaration changes only as a correction with a reason', async () => {
  const { id, item } = await startedMeetingWithItem('Approved declarations');
  await declare(id, item, 'Sian Griffiths', 'Governor of the health board', 'no_vote');
  const d = declarationId(item, 'Sian Griffiths');
  sql(server, `UPDATE meeting SET minutes_status='approved', minutes_approved_at=${unixNow()} WHERE id=${id};`);
  const form = await get(`${server.url}/declarations/${d}/edit`, lead.cookie);
  assert.match(form.body, /name="correction_reason"/);
  assert.match(text(form.body), /A change is recorded as a correction/);
  const noReason = await postForm(`${server.url}/declarations/${d}/edit`, lead.cookie,
    { csrf: lead.csrf, interest: 'Non-executive director of the health board', outcome: 'no_vote', correction_reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(text(noReason.body), /give the reason for the correction/);
  assert.match(noReason.body, /Non-executive director of the health board/, 'what was typed is kept');
  assert.equal(sql(server, `SELECT interest FROM declaration WHERE id=${d}`), 'Governor of the health board');
  const cyNo = await postForm(`${server.url}/declarations/${d}/edit`, cy(lead),
    { csrf: lead.csrf, interest: 'x', outcome: 'no_vote', correction_reason: '' });
  assert.match(text(cyNo.body), /rhowch y rheswm dros y cywiriad/);
  const r = await postForm(`${server.url}/declarations/${d}/edit`, lead.cookie,
    { csrf: lead.csrf, interest: 'Non-executive director of the health board', outcome: 'no_vote',
      correction_reason: 'The next meeting noted her exact role' });
  assert.equal(r.status, 303);
  assert.equal(sql(server, `SELECT record_kind || '|' || reason || '|' || old_values || '|' || new_values FROM correction WHERE record_id=${d}`),
    'declaration|The next meeting noted her exact role|'
    + `{"agenda_item_id":${item},"person_id":${personId('Sian Griffiths')},"person":"Sian Griffiths","interest":"Governor of the health board","outcome":"no_vote"}|`
    + `{"agenda_item_id":${item},"person_id":${personId('Sian Griffiths')},"person":"Sian Griffiths","interest":"Non-executive director of the health board","outcome":"no_vote"}`);
  const corrected = audit('declaration', d).filter(x => x.action === 'update');
  assert.equal(corrected.length, 1);
  assert.equal(corrected[0].new.correction_reason, 'The next meeting noted her exact role');
  assert.equal(corrected[0].old.interest, 'Governor of the health board');
  // Withdrawing needs a reason too.
  const noWhy = await postForm(`${server.url}/declarations/${d}/withdraw`, lead.cookie, { csrf: lead.csrf });
  assert.equal(noWhy.status, 400);
  assert.match(text(noWhy.body), /give the reason for the correction/);
  const w = await postForm(`${server.url}/declarations/${d}/withdraw`, lead.cookie,
    { csrf: lead.csrf, correction_reason: 'Declared in error: she was not at the meeting' });
  assert.equal(w.status, 303);
  assert.equal(sql(server, `SELECT count(*) FROM declaration WHERE id=${d}`), '0');
  assert.equal(sql(server, `SELECT count(*) FROM correction WHERE record_id=${d} AND new_values IS NULL AND reason LIKE 'Declared in error%'`), '1');
  // The item and the minutes say it was withdrawn, when, why and what it said.
  for (const path of [`/meetings/${id}/items/${item}`, `/meetings/${id}/minutes`]) {
    const page = await get(`${server.url}${path}`, member.cookie);
    assert.match(text(page.body), /Withdrawn on \d+ \w+ \d{4}, \d\d:\d\d, after the minutes were approved: Declared in error: she was not at the meeting\. It read: Sian Griffiths, "Non-executive director of the health board" \(Stayed but took no part in the vote\)\./);
  }
  const cyItem = await get(`${server.url}/meetings/${id}/items/${item}`, cy(member));
  assert.match(text(cyItem.body), /Tynnwyd yn ôl ar .*ar ôl i'r cofnodion gael eu cymeradwyo: Declared in error/);
  const gone = audit('declaration', d).find(x => x.action === 'delete');
  assert.equal(gone.old.interest, 'Non-executive director of the health board');
  assert.equal(gone.new.correction_reason, 'Declared in error: she was not at the meeting');
});

test('a declaration on a meeting that has not started cannot be changed', async () => {
  const { id } = await createMeeting('Future declarations');
  const item = await addItem(id, 'Future item');
  sql(server, `INSERT INTO declaration(agenda_item_id, person_id, interest, outcome, created_at)
               VALUES(${item}, ${personId('Nia Hughes')}, 'Early', 'remained', 0);`);
  const d = declarationId(item, 'Nia Hughes');
  assert.equal((await get(`${server.url}/declarations/${d}/edit`, lead.cookie)).status, 409);
  const r = await postForm(`${server.url}/declarations/${d}/edit`, lead.cookie, { csrf: lead.csrf, interest: 'Later', outcome: 'remained' });
  assert.equal(r.status, 400);
  assert.equal(sql(server, `SELECT interest FROM declaration WHERE id=${d}`), 'Early');
});

// ---- actions ------------------------------------------------------------------------------

async function createAction(description, leadName) {
  const r = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie,
    { csrf: lead.csrf, description, lead: String(personId(leadName)), due: '2031-06-30', meeting: '0' });
  assert.equal(r.status, 303, text(r.body).slice(0, 300));
  return Number(sql(server, `SELECT id FROM action WHERE description=${sqlQuote(description)}`));
}

test('the chair changes an action\'s text and reassigns its lead; audited with old and new', async () => {
  const a = await createAction('Book the hall for the flu clinic', 'Nia Hughes');
  const page = await get(`${server.url}/actions/${a}`, lead.cookie);
  assert.match(page.body, new RegExp(`href="/actions/${a}/edit"`));
  const form = await get(`${server.url}/actions/${a}/edit`, lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /Book the hall for the flu clinic<\/textarea>/);
  const empty = await postForm(`${server.url}/actions/${a}/edit`, lead.cookie, { csrf: lead.csrf, description: ' ', lead: String(personId('Nia Hughes')) });
  assert.equal(empty.status, 400);
  const outsider = Number(sql(server, `SELECT p.id FROM person p WHERE p.id NOT IN (SELECT person_id FROM membership) LIMIT 1`) || 999999);
  const notMember = await postForm(`${server.url}/actions/${a}/edit`, lead.cookie, { csrf: lead.csrf, description: 'x', lead: String(outsider) });
  assert.equal(notMember.status, 400);
  const r = await postForm(`${server.url}/actions/${a}/edit`, lead.cookie,
    { csrf: lead.csrf, description: 'Book the church hall for the flu clinic', lead: String(personId('Sian Griffiths')) });
  assert.equal(r.status, 303);
  assert.equal(sql(server, `SELECT description || '|' || lead_person_id FROM action WHERE id=${a}`),
    `Book the church hall for the flu clinic|${personId('Sian Griffiths')}`);
  const upd = audit('action', a).filter(x => x.action === 'update').at(-1);
  assert.equal(upd.old.description, 'Book the hall for the flu clinic');
  assert.equal(upd.new.description, 'Book the church hall for the flu clinic');
  assert.equal(upd.old.lead, 'Nia Hughes');
  assert.equal(upd.new.lead, 'Sian Griffiths');
  const welsh = await get(`${server.url}/actions/${a}/edit`, cy(lead));
  assert.match(text(welsh.body), /Newid y cam gweithredu neu ei arweinydd/);
});

test('a member who is not the lead can neither edit nor update an action', async () => {
  const a = await createAction('Write to the practices about extended access', 'Nia Hughes');
  assert.equal((await get(`${server.url}/actions/${a}/edit`, member.cookie)).status, 404);
  assert.equal((await postForm(`${server.url}/actions/${a}/edit`, member.cookie,
    { csrf: member.csrf, description: 'Hijacked', lead: String(personId('Sian Griffiths')) })).status, 404);
  const page = await get(`${server.url}/actions/${a}`, member.cookie);
  assert.doesNotMatch(page.body, new RegExp(`action="/actions/${a}"`), 'no update form');
  const r = await postForm(`${server.url}/actions/${a}`, member.cookie, { csrf: member.csrf, status: 'done', note: 'Not mine' });
  assert.equal(r.status, 404);
  assert.equal((await postForm(`${server.url}/actions/${a}`, afanLead.cookie, { csrf: afanLead.csrf, status: 'done', note: '' })).status, 404);
  assert.equal(sql(server, `SELECT status || '|' || description FROM action WHERE id=${a}`), 'open|Write to the practices about extended access');
  assert.equal(sql(server, `SELECT count(*) FROM action_progress WHERE action_id=${a}`), '0');
});

test('the lead of an action, a read-only member, updates its status and adds progress, but not its text, lead or due date', async () => {
  const a = await createAction('Collect the practices\' flu uptake figures', 'Sian Griffiths');
  const page = await get(`${server.url}/actions/${a}`, member.cookie);
  assert.match(page.body, new RegExp(`action="/actions/${a}"`), 'the update form for the lead');
  assert.match(text(page.body), /You lead this action/);
  assert.doesNotMatch(page.body, /name="due-day"/, 'the due date is not the lead\'s to change');
  assert.doesNotMatch(page.body, new RegExp(`/actions/${a}/edit"`));
  const r = await postForm(`${server.url}/actions/${a}`, member.cookie,
    { csrf: member.csrf, status: 'in_progress', note: 'Four of six practices have sent theirs', 'due-day': '1', 'due-month': '1', 'due-year': '2040' });
  assert.equal(r.status, 303);
  assert.equal(sql(server, `SELECT status || '|' || due_on FROM action WHERE id=${a}`), 'in_progress|2031-06-30');
  assert.equal(sql(server, `SELECT note FROM action_progress WHERE action_id=${a}`), 'Four of six practices have sent theirs');
  const upd = audit('action', a).filter(x => x.action === 'update').at(-1);
  assert.equal(upd.old.status, 'open');
  assert.equal(upd.new.status, 'in_progress');
  assert.equal(upd.new.progress, 'Four of six practices have sent theirs');
  assert.equal(Number(sql(server, `SELECT user_id FROM audit_log WHERE entity='action' AND entity_id=${a} ORDER BY id DESC LIMIT 1`)),
    Number(sql(server, `SELECT id FROM app_user WHERE email='member@example.wales'`)));
  // But not its text or lead.
  assert.equal((await get(`${server.url}/actions/${a}/edit`, member.cookie)).status, 404);
  // A bad status is refused next to the field, in Welsh too.
  const bad = await postForm(`${server.url}/actions/${a}`, cy(member), { csrf: member.csrf, status: 'finished', note: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /nhsuk-error-summary/);
  assert.match(text(bad.body), /Chi sy'n arwain y cam gweithredu hwn/);
});

test('an action raised at a meeting whose minutes are approved changes only as a correction with a reason', async () => {
  const mt = await createMeeting('Approved actions');
  toYesterday(mt);
  const r0 = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie, { csrf: lead.csrf,
    description: 'Draft the estates bid', lead: String(personId('Tomos Price')), due: '2031-06-30', meeting: String(mt.id) });
  assert.equal(r0.status, 303, text(r0.body).slice(0, 300));
  const a = Number(sql(server, `SELECT id FROM action WHERE description='Draft the estates bid'`));
  sql(server, `UPDATE meeting SET minutes_status='approved', minutes_approved_at=${unixNow()} WHERE id=${mt.id};`);
  const form = await get(`${server.url}/actions/${a}/edit`, lead.cookie);
  assert.match(form.body, /name="correction_reason"/);
  const noReason = await postForm(`${server.url}/actions/${a}/edit`, lead.cookie,
    { csrf: lead.csrf, description: 'Draft the estates bid with the health board', lead: String(personId('Tomos Price')) });
  assert.equal(noReason.status, 400);
  assert.match(text(noReason.body), /give the reason for the correction/);
  assert.equal(sql(server, `SELECT description FROM action WHERE id=${a}`), 'Draft the estates bid');
  const r = await postForm(`${server.url}/actions/${a}/edit`, lead.cookie,
    { csrf: lead.csrf, description: 'Draft the estates bid with the health board', lead: String(personId('Tomos Price')),
      correction_reason: 'The meeting agreed a joint bid' });
  assert.equal(r.status, 303);
  assert.equal(sql(server, `SELECT record_kind || '|' || reason FROM correction WHERE record_id=${a} AND meeting_id=${mt.id}`),
    'action|The meeting agreed a joint bid');
  const upd = audit('action', a).filter(x => x.action === 'update').at(-1);
  assert.equal(upd.old.description, 'Draft the estates bid');
  assert.equal(upd.new.description, 'Draft the estates bid with the health board');
  assert.equal(upd.new.correction_reason, 'The meeting agreed a joint bid');
  assert.equal(sql(server, `SELECT CASE WHEN new_values NOT LIKE '%correction_reason%' THEN 1 ELSE 0 END FROM correction WHERE record_id=${a} AND meeting_id=${mt.id}`), '1',
    'the correction keeps the values, the reason in its own column');
  // Its lead still updates its progress without a reason: that is not the meeting's record.
  const p = await postForm(`${server.url}/actions/${a}`, lead.cookie, { csrf: lead.csrf, status: 'in_progress', note: 'Met the estates team', due: '2031-06-30' });
  assert.equal(p.status, 303);
});
