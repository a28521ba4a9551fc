// The agenda pack is the whole pack: the agenda, the minutes of the last
// meeting, the open actions and every PDF paper's own pages in agenda
// order, with a bookmark for each item and each thing under it. Read
// back with real readers: pdftotext and pdfinfo (poppler) for the text,
// the pages and their sizes, qpdf for the bookmarks and for whether the
// file is sound. A damaged PDF paper, a restricted item's papers, Word
// papers, the cap on pages of papers, and the pack in Welsh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, postFile, mustSignIn, sql, sqlQuote } from './helpers.mjs';
import { textPdf, reportPdf, minimalDocx, picturePdf } from '../lib/files.mjs';

const CSW = '/units/cardiff-south-west';
let server, lead, hb, dir;
let nFile = 0;
const m = {};              // the meeting under test: id and its items' ids
let prev;                  // the last earlier meeting with minutes: { id, status }

// A PDF of one page that poppler cannot open: it passes the upload's
// checks (it starts as a PDF and ends with startxref and %%EOF) but has
// no objects at all.
const DAMAGED = Buffer.from('%PDF-1.4\n%not a document, only its first and last lines\nstartxref\n9\n%%EOF\n');

async function createMeeting(title, day) {
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title, 'date-day': String(day), 'date-month': '5', 'date-year': '2031',
    start: '18:00', end: '20:00', location: 'Riverside Health Centre', online_link: '',
  });
  assert.equal(r.status, 303, `meeting not created: ${r.status}`);
  return Number(r.headers.get('location').match(/^\/meetings\/(\d+)/)[1]);
}
async function addItem(meetingId, title, restricted = false) {
  const fields = { csrf: lead.csrf, title, purpose: 'discussion', lead: '', duration: '10' };
  if (restricted) fields.restricted = '1';
  assert.equal((await postForm(`${server.url}/meetings/${meetingId}/items`, lead.cookie, fields)).status, 303);
  const page = await get(`${server.url}/meetings/${meetingId}`, lead.cookie);
  const found = page.body.match(new RegExp(`href="/meetings/${meetingId}/items/(\\d+)">${title}<`));
  assert.ok(found, `no link to item ${title}`);
  return Number(found[1]);
}
async function upload(meetingId, itemId, name, bytes) {
  const r = await postFile(`${server.url}/meetings/${meetingId}/items/${itemId}/papers`, lead.cookie, { csrf: lead.csrf }, { name, bytes });
  assert.equal(r.status, 303, `${name} not uploaded: ${r.status}`);
}

// The pack of meeting `id` as `cookie` downloads it, in a file.
async function pack(id, cookie = lead.cookie) {
  const r = await fetch(`${server.url}/meetings/${id}/pack.pdf`, { redirect: 'manual', headers: { Cookie: cookie } });
  assert.equal(r.status, 200, `pack of meeting ${id}: ${r.status}`);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const f = join(dir, `pack-${nFile++}.pdf`);
  writeFileSync(f, Buffer.from(await r.arrayBuffer()));
  return f;
}
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(!r.error, `${cmd}: ${r.error}`);
  return r;
}
// The text of a PDF (or of its pages from..to), whitespace collapsed.
function text(f, from, to = from) {
  const pages = from ? ['-f', String(from), '-l', String(to)] : [];
  const r = run('pdftotext', ['-layout', '-enc', 'UTF-8', ...pages, f, '-']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'poppler reads the PDF without complaint');
  return r.stdout.replace(/\s+/g, ' ');
}
// How many pages, and each one's size as pdfinfo gives it ("595.276 x 841.89").
function pages(f) {
  const n = Number(run('pdfinfo', [f]).stdout.match(/^Pages:\s+(\d+)/m)[1]);
  const sizes = [...run('pdfinfo', ['-f', '1', '-l', String(n), f]).stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+ x [\d.]+)/gm)].map(x => x[1]);
  assert.equal(sizes.length, n);
  return { n, sizes };
}
const A4 = '595.276 x 841.89', A4_TURNED = '841.89 x 595.276';
// The bookmarks (the PDF outline) as qpdf reads them: { title, page, kids }.
function bookmarks(f) {
  const r = run('qpdf', ['--json', '--json-key=outlines', f]);
  assert.equal(r.status, 0, r.stderr);
  const walk = list => list.map(o => ({ title: o.title, page: o.destpageposfrom1, kids: walk(o.kids) }));
  return walk(JSON.parse(r.stdout).outlines);
}
// qpdf finds nothing to repair.
function assertSound(f) {
  const r = run('qpdf', ['--check', f]);
  assert.equal(r.status, 0, `qpdf --check:\n${r.stdout}${r.stderr}`);
  assert.equal(r.stderr, '');
}

before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'cc-pack-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');

  m.id = await createMeeting('Pack meeting', 6);
  m.a = await addItem(m.id, 'Prescribing review');
  m.b = await addItem(m.id, 'Estates plan');
  m.r = await addItem(m.id, 'Contract renewal', true);
  await upload(m.id, m.a, 'Prescribing report.pdf', reportPdf('Quagmire', 3));
  await upload(m.id, m.a, 'Damaged.pdf', DAMAGED);
  await upload(m.id, m.b, 'Estates map.pdf', textPdf(['Zephyrus estates map'], { width: 842, height: 595 }));
  await upload(m.id, m.b, 'Budget notes.docx', minimalDocx());
  await upload(m.id, m.r, 'Contract.pdf', textPdf(['Confidentium terms of the contract']));

  // The minutes of the last earlier meeting (the demonstration data's
  // latest held meeting), with words of their own.
  const [id, status] = sql(server, `SELECT m.id, m.minutes_status FROM meeting m JOIN unit u ON u.id=m.unit_id
    WHERE u.slug='cardiff-south-west' AND m.minutes_status IN ('draft','approved') ORDER BY m.starts_at DESC LIMIT 1;`).split('|');
  prev = { id: Number(id), status };
  sql(server, `UPDATE agenda_item SET minutes=${sqlQuote('The cluster heard the Xylograph report.')}
    WHERE id=(SELECT id FROM agenda_item WHERE meeting_id=${prev.id} AND status='accepted' ORDER BY position LIMIT 1);`);

  // An open action, with progress.
  const form = await get(`${server.url}${CSW}/actions/new`, lead.cookie);
  const person = form.body.match(/<option value="(\d+)"/)[1];
  const raised = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie, {
    csrf: lead.csrf, description: 'Book the Vellichor room for the flu clinic', lead: person,
    'due-day': '30', 'due-month': '4', 'due-year': '2031', meeting: '0',
  });
  assert.equal(raised.status, 303);
  const actionId = Number(raised.headers.get('location').match(/action-(\d+)$/)[1]);
  assert.equal((await postForm(`${server.url}/actions/${actionId}`, lead.cookie, {
    csrf: lead.csrf, status: 'in_progress', note: 'Asked the trust for three dates',
    'due-day': '30', 'due-month': '4', 'due-year': '2031',
  })).status, 303);
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the pack holds the agenda, the last minutes, the open actions and each PDF paper\'s own pages, in agenda order', async () => {
  const f = await pack(m.id);
  assertSound(f);
  const { n, sizes } = pages(f);
  const marks = bookmarks(f);

  // A bookmark for the agenda and for each item, in order; under an item
  // what it holds.
  assert.deepEqual(marks.map(b => b.title), ['Agenda', '1. Welcome and introductions', '2. Apologies',
    '3. Declarations of interest', '4. Minutes of the last meeting', '5. Review of actions', '6. Prescribing review',
    '7. Estates plan', '8. Contract renewal', '9. Any other business']);
  const mark = title => marks.find(b => b.title === title);
  assert.equal(mark('Agenda').page, 1);
  assert.equal(mark('1. Welcome and introductions').page, 1, 'an item with nothing under it: its row of the agenda');
  const minutes = mark('4. Minutes of the last meeting'), actions = mark('5. Review of actions');
  const [a, b, r] = ['6. Prescribing review', '7. Estates plan', '8. Contract renewal'].map(mark);
  assert.equal(minutes.kids.length, 1);
  assert.match(minutes.kids[0].title, new RegExp(`^Minutes of the meeting of \\w+ \\d+ \\w+ \\d{4} \\(${prev.status}\\)$`));
  assert.equal(actions.kids.length, 1);
  assert.match(actions.kids[0].title, /^Open actions \(\d+\)$/);
  assert.deepEqual(a.kids.map(k => k.title), ['Prescribing report.pdf', 'Damaged.pdf']);
  assert.deepEqual(b.kids.map(k => k.title), ['Estates map.pdf', 'Budget notes.docx']);
  assert.deepEqual(r.kids.map(k => k.title), ['Contract.pdf']);
  // Each item's bookmark goes to its first page; a paper with no pages
  // here (damaged, or a Word file) to the agenda, where it is listed.
  const report = a.kids[0].page, map = b.kids[0].page, contract = r.kids[0].page;
  assert.equal(minutes.page, minutes.kids[0].page);
  assert.equal(a.page, report);
  assert.equal(a.kids[1].page, 1);
  assert.equal(b.kids[1].page, 1);
  assert.ok(minutes.page === 2 && minutes.page < actions.page && actions.page < report, JSON.stringify(marks));
  assert.deepEqual([map, contract], [report + 3, report + 4], 'three pages of the report, then one of the map');
  assert.equal(n, contract, 'the contract is the last page');

  // The papers' own pages: their text, in agenda order; A4, turned for a
  // landscape page.
  for (let i = 1; i <= 3; i++) assert.ok(text(f, report + i - 1).includes(`Quagmire page ${i} of 3`), `report page ${i}`);
  assert.ok(text(f, report).includes('Prescribing report.pdf · page 1 of 3'), 'the footer names the paper');
  assert.ok(text(f, map).includes('Zephyrus estates map'));
  assert.ok(text(f, contract).includes('Confidentium terms of the contract'));
  assert.deepEqual(sizes.map((s, i) => (i + 1 === map ? s === A4_TURNED : s === A4)), sizes.map(() => true), sizes.join(', '));

  // The agenda says where each thing is, and names what it cannot hold.
  const agenda = text(f, 1);
  for (const s of ['Pack meeting', 'Agenda', '4 Minutes of the last meeting For decision',
    `${minutes.kids[0].title}, from page ${minutes.page}`, `${actions.kids[0].title}, from page ${actions.page}`,
    `Paper: Prescribing report.pdf (`, `KB), from page ${report}`,
    `Paper: Damaged.pdf (${DAMAGED.length} B): its pages cannot be shown here, because the file is damaged or locked with a password; download it from the meeting's page`,
    `Paper: Estates map.pdf (`, `B), from page ${map}`, 'Paper: Budget notes.docx (1 KB)',
    `Paper: Contract.pdf (`, `from page ${contract}`]) {
    assert.ok(agenda.includes(s), `"${s}" on the agenda:\n${agenda}`);
  }
  assert.ok(!agenda.includes('/papers/'), 'no address for the Word paper: the service does not know its own');

  // The minutes as they are, and the open actions with status and progress.
  const minutesText = text(f, minutes.page, actions.page - 1);
  assert.ok(minutesText.includes('The cluster heard the Xylograph report.'), minutesText);
  assert.ok(minutesText.includes(prev.status === 'draft' ? 'Draft minutes: not yet approved.' : 'Approved'), minutesText);
  const actionsText = text(f, actions.page, report - 1);
  assert.ok(actionsText.includes('Open actions to review'));
  assert.match(actionsText, /CSW-\d+ Book the Vellichor room for the flu clinic Status: In progress · Lead: [^·]+ · Due Wednesday 30 April 2031/);
  assert.match(actionsText, /Latest progress \(\w+ \d+ \w+ \d{4}\): Asked the trust for three dates/);

  // The whole pack reads in agenda order.
  const all = text(f);
  const at = ['Xylograph', 'Vellichor room', 'Quagmire page 1', 'Quagmire page 3', 'Zephyrus', 'Confidentium'].map(w => all.indexOf(w));
  assert.ok(at.every((x, i) => x > 0 && (i === 0 || x > at[i - 1])), `in order: ${at}`);
});

test('a health board reader\'s pack leaves out the restricted item\'s papers', async () => {
  const f = await pack(m.id, hb.cookie);
  assertSound(f);
  const all = text(f);
  assert.ok(!all.includes('Confidentium') && !all.includes('Contract.pdf') && !all.includes('Contract renewal'), all.slice(0, 2000));
  assert.ok(all.includes('Quagmire page 3 of 3'), 'the other papers are there');
  const marks = bookmarks(f);
  const restricted = marks.find(b => b.title === '8. Restricted item');
  assert.ok(restricted, JSON.stringify(marks.map(b => b.title)));
  assert.deepEqual(restricted.kids, []);
  assert.equal(restricted.page, 1);
  assert.equal(pages(f).n, pages(await pack(m.id)).n - 1);
});

test('the pack in Welsh: where things are, the minutes\' state, the actions, the papers', async () => {
  const f = await pack(m.id, `${lead.cookie}; cc_lang=cy`);
  const agenda = text(f, 1);
  const state = prev.status === 'draft' ? 'drafft' : "wedi'u cymeradwyo";
  assert.match(agenda, new RegExp(`Cofnodion cyfarfod Dydd \\w+ \\d+ \\w+ \\d{4} \\(${state}\\), o dudalen 2`));
  assert.match(agenda, /Camau gweithredu agored \(\d+\), o dudalen \d+/);
  assert.match(agenda, /Papur: Prescribing report\.pdf \(\d+ KB\), o dudalen \d+/);
  assert.ok(agenda.includes(`Papur: Damaged.pdf (${DAMAGED.length} B): ni ellir dangos ei dudalennau yma`), agenda);
  const all = text(f);
  assert.ok(all.includes("Camau gweithredu agored i'w hadolygu"));
  assert.match(all, /Statws: Ar y gweill · Arweinydd: /);
  assert.ok(all.includes('Prescribing report.pdf · tudalen 1 o 3'));
  assert.ok(bookmarks(f).some(b => b.title === '4. Cofnodion y cyfarfod diwethaf'));
});

test("a unit's first meeting: no earlier minutes and no open actions, and the agenda says so", async () => {
  const first = Number(sql(server, `SELECT m.id FROM meeting m JOIN unit u ON u.id=m.unit_id
    WHERE u.slug='cardiff-south-west' ORDER BY m.starts_at LIMIT 1;`));
  const f = await pack(first);
  assertSound(f);
  const agenda = text(f, 1);
  assert.ok(agenda.includes('No earlier meeting has minutes yet.'), agenda);
  assert.ok(agenda.includes('No open actions from earlier meetings.'), agenda);
  assert.ok(bookmarks(f).every(b => b.kids.length === 0));
});

test('without the standing items, the minutes and the actions come straight after the agenda', async () => {
  const id = await createMeeting('Pack without standing items', 7);
  sql(server, `UPDATE agenda_item SET standing=NULL, title='Other business' WHERE meeting_id=${id} AND standing IN ('minutes','actions');`);
  const f = await pack(id);
  assertSound(f);
  const marks = bookmarks(f);
  assert.equal(marks[0].title, 'Agenda');
  assert.match(marks[1].title, /^Minutes of the meeting of /);
  assert.equal(marks[1].page, 2);
  assert.match(marks[2].title, /^Open actions \(\d+\)$/);
  assert.ok(marks[2].page > 2);
  assert.ok(text(f).includes('The cluster heard the Xylograph report.'));
});

test('at most 500 pages of papers: the paper that reaches the limit is cut, those after it left out, and the agenda says so', async () => {
  const id = await createMeeting('Pack of long papers', 8);
  const item = await addItem(id, 'Long papers');
  const tiny = (word, nPages) => textPdf(Array.from({ length: nPages }, (_, i) => `${word} ${i + 1}`));
  await upload(id, item, 'First.pdf', tiny('Alpha', 498));
  await upload(id, item, 'Second.pdf', tiny('Bravo', 5));
  await upload(id, item, 'Third.pdf', tiny('Charlie', 1));
  const f = await pack(id);
  assertSound(f);
  const marks = bookmarks(f).find(b => b.title.endsWith('. Long papers'));
  const [first, second, third] = marks.kids;
  assert.deepEqual(marks.kids.map(k => k.title), ['First.pdf', 'Second.pdf', 'Third.pdf']);
  assert.equal(second.page, first.page + 498);
  assert.equal(third.page, 1, 'the paper left out is only on the agenda');
  assert.equal(pages(f).n, second.page + 1, 'two pages of the second paper');
  assert.ok(text(f, second.page + 1).includes('Bravo 2'));
  const agenda = text(f, 1);
  for (const s of ['Not every paper is here in full', 'An agenda pack holds at most 500 pages of papers.',
    `Second.pdf (`, `from page ${second.page}: only its first 2 of 5 pages are in this pack`,
    "Third.pdf (", "not in this pack, which holds at most 500 pages of papers; download it from the meeting's page"]) {
    assert.ok(agenda.includes(s), `"${s}" on the agenda:\n${agenda}`);
  }
});

test("a paper's picture is drawn: the pack's page, read back as pixels, has it where the paper has it", async () => {
  const id = await createMeeting('Pack with a picture', 9);
  const item = await addItem(id, 'Picture');
  await upload(id, item, 'Picture.pdf', picturePdf([0xd5, 0x28, 0x1b]));
  const f = await pack(id);
  assertSound(f);
  const page = bookmarks(f).find(b => b.title.endsWith('. Picture')).kids[0].page;
  // The page at 10 pixels an inch (83 x 117), as PPM: the square covers
  // a quarter of the width from 150 points in; outside it, white.
  const r = spawnSync('pdftoppm', ['-r', '10', '-f', String(page), '-l', String(page), '-singlefile', f], { maxBuffer: 1 << 20 });
  assert.equal(r.status, 0, String(r.stderr));
  const ppm = r.stdout;
  const [, w, h] = ppm.toString('latin1', 0, 20).match(/^P6\s+(\d+)\s+(\d+)\s+255\s/).map(Number);
  const data = ppm.subarray(ppm.length - w * h * 3);
  const at = (x, y) => [...data.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)];
  const red = ([r0, g, b]) => r0 > 180 && g < 90 && b < 80;
  const cx = Math.round(w * 300 / 595), cy = Math.round(h * (842 - 450) / 842);
  assert.ok(red(at(cx, cy)), `the middle of the square is red: ${at(cx, cy)}`);
  assert.deepEqual(at(3, 3), [255, 255, 255], 'a corner is white');
});

test('with the service\'s address (serve --base-url), a Word paper is listed with a link to download it', async () => {
  const other = await start(['--base-url', 'https://carecluster.example.wales/'], { db: { target: server.db } });
  try {
    const who = await mustSignIn(other.url, 'lead@example.wales');
    const r = await fetch(`${other.url}/meetings/${m.id}/pack.pdf`, { headers: { Cookie: who.cookie } });
    assert.equal(r.status, 200);
    const f = join(dir, `pack-${nFile++}.pdf`);
    writeFileSync(f, Buffer.from(await r.arrayBuffer()));
    assertSound(f);
    const page = await get(`${other.url}/meetings/${m.id}/items/${m.b}`, who.cookie);
    const docx = page.body.match(/href="\/papers\/(\d+)\/download"[^>]*>Budget notes\.docx</);
    assert.ok(docx, 'the item page links the Word paper');
    const url = `https://carecluster.example.wales/papers/${docx[1]}/download`;
    const agenda = text(f, 1);
    assert.ok(agenda.includes(`Paper: Budget notes.docx (1 KB) ${url}`), agenda);
    // A live link: a URI action on the agenda page.
    const objects = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', f]).stdout).qpdf[1];
    const uris = Object.values(objects).map(o => o?.value?.['/A']?.['/URI']).filter(Boolean);
    assert.ok(uris.includes(`u:${url}`), JSON.stringify(uris));
    assert.ok(!agenda.includes('Prescribing report.pdf (13 KB) https://'), 'a PDF paper needs no link: its pages are here');
  } finally {
    await other.stop();
  }
});
