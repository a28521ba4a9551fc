// Pages that work for the people using them: the "Review of actions" item
// (each open action with its status, latest progress and overdue flag),
// the action log's downloads that say which filter they apply and offer
// the whole log, a browser title of its own for each meeting page, no
// form label on a read-only summary, pasted Excel cells (tab-separated)
// and "70%" in the measure import, and demonstration meetings on weekdays
// whose agendas use all four purposes. In English and Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, tableById, bodyRows } from './helpers.mjs';

let server, lead, member, national;
const CSW = '/units/cardiff-south-west';
const U = p => `${server.url}${p}`;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const MISOEDD = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst',
  'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];

const unescape = h => h.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
// A cell's text without the column heading a responsive table repeats in it.
const cellText = h => unescape(h.replace(/<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*<\/span>/g, '')
  .replace(/<br>/g, '\n').replace(/<[^>]*>/g, '')).trim();
const cells = row => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(m => m[1]);
const titleOf = html => unescape(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? '');
const longDate = (iso, months = MONTHS) => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${months[m - 1]} ${y}`; };

async function json(path, who = lead) {
  const r = await get(U(path), who.cookie);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return JSON.parse(r.body);
}
// Every action of the cluster through the API.
async function apiActions(query = '') {
  const all = [];
  let path = `/api/v1/units/cardiff-south-west/actions?limit=100${query}`;
  for (let n = 0; path && n < 50; n++) { const j = await json(path); all.push(...j.actions); path = j.next; }
  return all;
}
async function switchLanguage(who, lang) {
  const r = await postForm(U(`/lang/${lang}?next=/`), who.cookie, { csrf: who.csrf });
  assert.equal(r.status, 303);
}
// Run fn with a session of the user in Welsh; the choice is saved for the
// user, so English is chosen again afterwards for the other tests.
async function inWelsh(email, fn) {
  const cy = await mustSignIn(server.url, email);
  await switchLanguage(cy, 'cy');
  try { await fn(cy); } finally { await switchLanguage(cy, 'en'); }
}

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
});
after(async () => { await server?.stop(); });

// The demonstration meetings, oldest first, each with its agenda.
async function demoMeetings() {
  const list = (await json('/api/v1/units/cardiff-south-west/meetings')).meetings
    ?? (await json('/api/v1/units/cardiff-south-west/meetings'));
  const out = [];
  for (const m of list) out.push(await json(`/api/v1/meetings/${m.id}`));
  return out.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

test('demonstration meetings fall on weekdays, 13:30 to 15:30, and each agenda uses all four purposes', async () => {
  const meetings = await demoMeetings();
  assert.ok(meetings.length >= 11, `a year of meetings: ${meetings.length}`);
  const days = new Set();
  for (const m of meetings) {
    const d = new Date(`${m.starts_at.slice(0, 10)}T12:00:00Z`);
    assert.ok(d.getUTCDay() >= 1 && d.getUTCDay() <= 5, `${m.starts_at} is a weekday`);
    assert.equal(m.starts_at.slice(11, 16), '13:30');
    days.add(Number(m.starts_at.slice(8, 10)));
    const purposes = new Set(m.agenda.map(it => it.purpose));
    assert.deepEqual([...purposes].sort(), ['action', 'decision', 'discussion', 'information'], `${m.starts_at}: ${[...purposes]}`);
    // The whole agenda fits the two hours.
    const minutes = m.agenda.reduce((n, it) => n + it.duration_minutes, 0);
    assert.ok(minutes <= 120, `${m.starts_at}: ${minutes} minutes of agenda`);
  }
  // Not one fixed day of the month whatever the weekday (the 10th was a
  // Saturday or Sunday in several months of any year).
  assert.ok(days.size > 1, `meetings on days ${[...days]}`);
});

test('the "Review of actions" item lists each open action with its status, latest progress and overdue flag', async () => {
  const meetings = await demoMeetings();
  const next = meetings[meetings.length - 1];
  const item = next.agenda.find(it => it.standing === 'actions');
  assert.ok(item, 'the next meeting has a "Review of actions" item');
  const page = await get(U(`/meetings/${next.id}/items/${item.id}`), member.cookie);
  assert.equal(page.status, 200);
  const table = tableById(page.body, 'review-actions');
  assert.ok(table, 'the item page has the table of actions to review');
  const head = [...table.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map(m => m[1]);
  assert.deepEqual(head, ['Action Ref', 'Action', 'Lead', 'Status', 'Latest progress', 'Due']);
  // Each open action raised at an earlier meeting, and nothing else.
  const open = (await apiActions('&status=open')).filter(a => a.meeting_date && a.meeting_date < next.starts_at.slice(0, 10));
  assert.ok(open.length >= 2, 'the demonstration has open actions');
  assert.ok(open.some(a => a.overdue) && open.some(a => a.progress) && open.some(a => !a.progress), 'a mix to check');
  const rows = bodyRows(table);
  assert.equal(rows.length, open.length);
  for (const a of open) {
    const row = rows.find(r => r.includes(`id="review-action-${a.id}"`));
    assert.ok(row, `${a.ref} is listed`);
    const [ref, text, leadName, status, progress, due] = cells(row).map(cellText);
    assert.equal(ref, a.ref);
    assert.match(row, new RegExp(`<a class="cc-nowrap" href="/actions/${a.id}">${a.ref}</a>`));
    assert.equal(text, a.action);
    assert.equal(leadName, a.lead);
    assert.equal(status, a.status === 'in_progress' ? 'In progress' : 'Open');
    assert.match(row, a.status === 'in_progress' ? /nhsuk-tag--yellow">In progress</ : /nhsuk-tag--blue">Open</);
    if (a.progress) assert.equal(progress, `${a.progress.note}\n${longDate(a.progress.on)}`);
    else assert.equal(progress, 'No progress noted yet');
    assert.equal(due.startsWith(longDate(a.due)), true, `${a.ref} due ${due}`);
    assert.equal(/<strong class="nhsuk-tag nhsuk-tag--red">Overdue<\/strong>/.test(row), a.overdue, `${a.ref} overdue flag`);
    assert.equal(row.includes('cc-overdue'), a.overdue);
    // Each cell names its column for a narrow screen, hidden from screen readers.
    assert.match(row, /<span class="nhsuk-table-responsive__heading" aria-hidden="true">Latest progress <\/span>/);
  }
  // Another item has no such table; the meeting page shows the same list.
  const other = next.agenda.find(it => it.standing === 'welcome');
  assert.equal(tableById((await get(U(`/meetings/${next.id}/items/${other.id}`), member.cookie)).body, 'review-actions'), null);
  const meetingPage = await get(U(`/meetings/${next.id}`), member.cookie);
  assert.equal(bodyRows(tableById(meetingPage.body, 'review-actions')).length, open.length);
  // In Welsh.
  await inWelsh('member@example.wales', async cy => {
    const pageCy = await get(U(`/meetings/${next.id}/items/${item.id}`), cy.cookie);
    const tableCy = tableById(pageCy.body, 'review-actions');
    assert.match(tableCy, />Y cynnydd diweddaraf</);
    assert.match(tableCy, /nhsuk-tag--red">Yn hwyr</);
    assert.match(tableCy, /nhsuk-tag--yellow">Ar y gweill</);
  });
});

test('the action log\'s downloads say which filter they apply and how many actions, and offer the whole log', async () => {
  const all = await apiActions();
  const open = all.filter(a => a.status === 'open' || a.status === 'in_progress');
  const downloads = html => {
    const part = html.slice(html.indexOf('id="downloads-heading"'));
    return [...part.matchAll(/<a href="([^"]*)" download>([^<]*)<\/a>/g)].map(m => [unescape(m[1]), unescape(m[2])]);
  };
  // The page opens on the open actions: its downloads say so.
  let page = await get(U(`${CSW}/actions`), lead.cookie);
  assert.deepEqual(downloads(page.body), [
    [`${CSW}/actions.csv?status=open`, `Download the ${open.length} open actions shown (CSV)`],
    [`${CSW}/actions.xlsx?status=open`, `Download the ${open.length} open actions shown (Excel)`],
    [`${CSW}/actions.csv?status=all`, `Download the whole action log (CSV)`],
    [`${CSW}/actions.xlsx?status=all`, `Download the whole action log (Excel)`],
  ]);
  assert.doesNotMatch(page.body, /id="download-filter"/);
  // What each link gives is what it says: count the CSV's lines.
  const csvRows = async href => {
    const r = await fetch(U(href), { headers: { Cookie: lead.cookie } });
    assert.equal(r.status, 200);
    const t = (await r.text()).replace(/^\uFEFF/, '');
    return t.split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter(l => l.length).length - 1;
  };
  assert.equal(await csvRows(`${CSW}/actions.csv?status=open`), open.length);
  assert.equal(await csvRows(`${CSW}/actions.csv?status=all`), all.length);
  // Overdue only: the sentence names the filter and the number follows it.
  const overdue = open.filter(a => a.overdue);
  page = await get(U(`${CSW}/actions?status=open&overdue=1`), lead.cookie);
  assert.match(page.body, /<p id="download-filter">The downloads of the actions shown keep the filter: overdue only\.<\/p>/);
  assert.deepEqual(downloads(page.body)[0],
    [`${CSW}/actions.csv?status=open&overdue=1`, `Download the ${overdue.length} open actions shown (CSV)`]);
  assert.equal(await csvRows(`${CSW}/actions.csv?status=open&overdue=1`), overdue.length);
  // Done, led by one person: singular or plural as the number says.
  const done = all.filter(a => a.status === 'done');
  const leadName = done[0].lead;
  const leadId = page.body.match(new RegExp(`<option value="(\\d+)"[^>]*>${leadName}</option>`))[1];
  const mine = done.filter(a => a.lead === leadName);
  page = await get(U(`${CSW}/actions?status=done&lead=${leadId}`), lead.cookie);
  assert.match(page.body, new RegExp(`<p id="download-filter">The downloads of the actions shown keep the filter: led by ${leadName}\\.</p>`));
  assert.equal(downloads(page.body)[0][1],
    `Download the ${mine.length} done ${mine.length === 1 ? 'action' : 'actions'} shown (CSV)`);
  assert.equal(downloads(page.body)[2][1], `Download the whole action log (CSV)`);
  // Every status, no other filter: what is shown is the whole log,
  // offered once.
  page = await get(U(`${CSW}/actions?status=all`), lead.cookie);
  assert.deepEqual(downloads(page.body).map(d => d[1]), [
    `Download the whole action log (CSV)`, `Download the whole action log (Excel)`]);
  // In Welsh.
  await inWelsh('lead@example.wales', async cy => {
    page = await get(U(`${CSW}/actions?status=open&overdue=1`), cy.cookie);
    assert.deepEqual(downloads(page.body).map(d => d[1]), [
      `Lawrlwytho'r ${overdue.length} cam gweithredu agored a ddangosir (CSV)`,
      `Lawrlwytho'r ${overdue.length} cam gweithredu agored a ddangosir (Excel)`,
      `Lawrlwytho'r log camau gweithredu cyfan (CSV)`,
      `Lawrlwytho'r log camau gweithredu cyfan (Excel)`,
    ]);
    assert.match(page.body, /id="download-filter">[^<]*y rhai sy&#39;n hwyr yn unig\.</);
  });
});

test('each meeting page has a browser title of its own, in English and Welsh', async () => {
  const meetings = await demoMeetings();
  const m = meetings[0];
  const date = longDate(m.starts_at.slice(0, 10));
  const base = `${m.title}, ${date} – Cardiff South West – carecluster`;
  assert.equal(titleOf((await get(U(`/meetings/${m.id}`), member.cookie)).body), base);
  assert.equal(titleOf((await get(U(`/meetings/${m.id}/minutes`), member.cookie)).body), `Minutes of the meeting – ${base}`);
  const titles = new Set();
  for (const it of m.agenda) {
    const t = titleOf((await get(U(`/meetings/${m.id}/items/${it.id}`), member.cookie)).body);
    assert.ok(t.endsWith(` – ${base}`), t);
    titles.add(t);
  }
  assert.equal(titles.size, m.agenda.length, 'no two items share a title');
  assert.ok(titles.has(`Review of actions – ${base}`));
  // Two meetings, two titles.
  const last = meetings[meetings.length - 1];
  assert.notEqual(titleOf((await get(U(`/meetings/${last.id}`), member.cookie)).body), base);
  // A form with errors says so first.
  const bad = await postForm(U(`/meetings/${last.id}/items`), lead.cookie, { csrf: lead.csrf, title: '', purpose: 'decision', lead: '', duration: '0' });
  assert.equal(bad.status, 400);
  assert.match(titleOf(bad.body), /^Error: Add an agenda item – .*, \d{1,2} [A-Z][a-z]+ \d{4} – Cardiff South West – carecluster$/);
  // Welsh: the date in Welsh.
  await inWelsh('member@example.wales', async cy => {
    const tCy = titleOf((await get(U(`/meetings/${m.id}/minutes`), cy.cookie)).body);
    assert.ok(tCy.includes(`, ${longDate(m.starts_at.slice(0, 10), MISOEDD)} – `), tCy);
    assert.ok(!tCy.startsWith('Minutes'), tCy);
  });
});

test('a read-only summary never shows a form label or hint', async () => {
  const meetings = await demoMeetings();
  const held = meetings[0], next = meetings[meetings.length - 1];
  const paths = [`/meetings/${held.id}`, `/meetings/${held.id}/minutes`, `/meetings/${next.id}`,
    ...held.agenda.map(it => `/meetings/${held.id}/items/${it.id}`),
    ...next.agenda.map(it => `/meetings/${next.id}/items/${it.id}`)];
  const actions = await apiActions('&status=open');
  paths.push(`/actions/${actions[0].id}`, `${CSW}/decisions`, CSW);
  const outsideForms = html => html.replace(/<form[\s\S]*?<\/form>/g, '');
  for (const who of [member, national]) {
    for (const path of paths) {
      const r = await get(U(path), who.cookie);
      assert.equal(r.status, 200, path);
      const rest = outsideForms(r.body);
      assert.doesNotMatch(rest, /<label/, `${path}: a label where nothing can be entered`);
      assert.doesNotMatch(rest, /class="nhsuk-hint"/, `${path}: a form hint where nothing can be entered`);
    }
  }
  // The national user may enter nothing on a meeting: no label at all.
  for (const path of [`/meetings/${held.id}`, `/meetings/${next.id}`, `/meetings/${held.id}/minutes`]) {
    assert.doesNotMatch((await get(U(path), national.cookie)).body, /<label|nhsuk-hint/, path);
  }
  // The attendance of a held meeting, read only: each status as text.
  const page = await get(U(`/meetings/${held.id}`), member.cookie);
  const att = tableById(page.body, 'attendance');
  assert.doesNotMatch(att, /<select|<label/);
  assert.match(att, /<td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Attendance <\/span><div>(Present|Online|Apologies)/);
});

// ---- the measure import ---------------------------------------------------

async function postMultipart(path, who, fields) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  const r = await fetch(U(path), { method: 'POST', redirect: 'manual', headers: { Cookie: who.cookie }, body: fd });
  return { status: r.status, headers: r.headers, body: await r.text() };
}
async function newMeasure(unit, chart = 'xmr') {
  const projects = await json('/api/v1/units/cardiff-south-west/qi');
  const projectId = (projects.projects ?? projects)[0].id;
  const r = await postForm(U(`/qi/${projectId}/measures/new`), lead.cookie, { csrf: lead.csrf, kind: 'process',
    name: `Measure in ${unit}`, definition: 'Counted each week', unit, direction: 'increase', target: '', chart, screen_outliers: '1' });
  assert.equal(r.status, 303, r.body.slice(0, 400));
  return Number(r.headers.get('location').match(/\/measures\/(\d+)/)[1]);
}
// Mondays going back from last week, oldest first, as DD/MM/YYYY (as Excel shows dates).
function mondays(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - 7 - ((d.getUTCDay() + 6) % 7));
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = new Date(d.getTime() - (n - 1 - i) * 7 * 86400e3);
    out.push({ uk: `${String(x.getUTCDate()).padStart(2, '0')}/${String(x.getUTCMonth() + 1).padStart(2, '0')}/${x.getUTCFullYear()}`,
      iso: x.toISOString().slice(0, 10) });
  }
  return out;
}
const values = async id => (await json(`/api/v1/measures/${id}`)).points.map(p => [p.date, p.value]);

test('cells pasted from Excel (tab-separated, Windows line ends, with or without a header) import', async () => {
  const id = await newMeasure('referrals');
  const days = mondays(6);
  // With Excel's header row.
  let pasted = `Date\tValue\r\n${days.slice(0, 3).map((d, i) => `${d.uk}\t${[12, 1234.5, 9][i]}`).join('\r\n')}\r\n`;
  pasted = pasted.replace('1234.5', '1,234.5');       // as Excel copies a formatted number
  let r = await postMultipart(`/measures/${id}/import`, lead, { csrf: lead.csrf, csv: pasted });
  assert.equal(r.status, 303, r.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 600));
  assert.deepEqual(await values(id), [[days[0].iso, 12], [days[1].iso, 1234.5], [days[2].iso, 9]]);
  // Without it: the first line is data.
  pasted = days.slice(3).map((d, i) => `${d.uk}\t${10 + i}`).join('\r\n');
  r = await postMultipart(`/measures/${id}/import`, lead, { csrf: lead.csrf, csv: pasted });
  assert.equal(r.status, 303);
  assert.deepEqual((await values(id)).slice(3), [[days[3].iso, 10], [days[4].iso, 11], [days[5].iso, 12]]);
  // A bad cell in a pasted block is named by line and column, as in a file.
  const id2 = await newMeasure('visits');
  r = await postMultipart(`/measures/${id2}/import`, lead, { csrf: lead.csrf, csv: `${days[0].uk}\t4\r\n${days[1].uk}\tfour\r\n` });
  assert.equal(r.status, 400);
  assert.match(r.body, /Line 2, column 2: this is not a number/);
  assert.deepEqual(await values(id2), []);
  // The import page says what may be pasted.
  const form = await get(U(`/measures/${id}/import`), lead.cookie);
  assert.match(form.body, /Copy the cells from Excel or another spreadsheet/);
});

test('"70%" is read as 70 on a measure in per cent, and refused with a clear message on a count', async () => {
  const days = mondays(3);
  const pasted = `date\tvalue\r\n${days[0].uk}\t70%\r\n${days[1].uk}\t72.5%\r\n${days[2].uk}\t71\r\n`;
  const pct = await newMeasure('%');
  const form = await get(U(`/measures/${pct}/import`), lead.cookie);
  assert.match(form.body, /<p id="import-percent">This measure is in per cent: a value copied as 70% is read as 70\.<\/p>/);
  let r = await postMultipart(`/measures/${pct}/import`, lead, { csrf: lead.csrf, csv: pasted });
  assert.equal(r.status, 303);
  assert.deepEqual(await values(pct), [[days[0].iso, 70], [days[1].iso, 72.5], [days[2].iso, 71]]);
  // On a count: nothing imported, the line and column and what to do.
  const count = await newMeasure('appointments');
  assert.doesNotMatch((await get(U(`/measures/${count}/import`), lead.cookie)).body, /id="import-percent"/);
  r = await postMultipart(`/measures/${count}/import`, lead, { csrf: lead.csrf, csv: pasted });
  assert.equal(r.status, 400);
  assert.match(r.body, /Line 2, column 2: this value ends in a per cent sign, but the measure is not in per cent: enter the number without the sign, or change the measure(&#39;|')s unit to per cent/);
  assert.match(r.body, /Line 3, column 2: this value ends in a per cent sign/);
  assert.deepEqual(await values(count), []);
  // In Welsh.
  await inWelsh('lead@example.wales', async cy => {
    r = await postMultipart(`/measures/${count}/import`, cy, { csrf: cy.csrf, csv: pasted });
    assert.equal(r.status, 400);
    assert.match(r.body, /arwydd y cant, ond nid yw(&#39;|')r mesur mewn canrannau/);
  });
});
