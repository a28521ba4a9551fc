// Papers attached to agenda items: multipart upload (the one route with a
// 10 MiB body cap), type decided by content and name together, download
// with the stored type and a safe Content-Disposition, only for those who
// may see the item; the agenda pack lists the papers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, raw, statuses, postFile, paperLinks } from './helpers.mjs';
import { minimalPdf, minimalDocx } from '../lib/files.mjs';

let server, lead, member, afanLead, hb;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
let nextDay = 1;
async function createMeeting(title = 'Papers meeting') {
  const r = await postForm(`${server.url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title, 'date-day': String(nextDay++), 'date-month': '4', 'date-year': '2031',
    start: '18:00', end: '20:00', location: 'Riverside Health Centre', online_link: '',
  });
  assert.equal(r.status, 303, `meeting not created: ${r.status}`);
  return Number(r.headers.get('location').match(/^\/meetings\/(\d+)/)[1]);
}
async function addItem(meetingId, title, restricted = false) {
  const fields = { csrf: lead.csrf, title, purpose: 'discussion', lead: '', duration: '15' };
  if (restricted) fields.restricted = '1';
  const r = await postForm(`${server.url}/meetings/${meetingId}/items`, lead.cookie, fields);
  assert.equal(r.status, 303);
  const page = await get(`${server.url}/meetings/${meetingId}`, lead.cookie);
  const m = page.body.match(new RegExp(`href="/meetings/${meetingId}/items/(\\d+)">${title}<`));
  assert.ok(m, `no link to item ${title}`);
  return Number(m[1]);
}

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const upload = (meetingId, itemId, who, name, bytes, { type = 'application/octet-stream', csrf = true } = {}) =>
  postFile(`${server.url}/meetings/${meetingId}/items/${itemId}/papers`, who.cookie, csrf ? { csrf: who.csrf } : {}, { name, bytes, type });
const paperIds = paperLinks;
const sha = b => createHash('sha256').update(b).digest('hex');

// A multipart body written by hand (FormData would escape the name).
function multipart(boundary, fields, file) {
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n`
      + `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}
function head(path, cookie, type, lengthOrChunked) {
  return Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: ${type}\r\n`
    + (lengthOrChunked === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${lengthOrChunked}\r\n`)
    + 'Connection: close\r\n\r\n');
}

let meetingId, itemId, pdfId;
test('a PDF and a PNG upload, are listed, and download byte for byte', async () => {
  meetingId = await createMeeting();
  itemId = await addItem(meetingId, 'Prescribing report');
  const page0 = await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, lead.cookie);
  assert.match(page0.body, /enctype="multipart\/form-data"/);
  assert.match(page0.body, /No papers have been added/);
  const pdf = minimalPdf();
  const r = await upload(meetingId, itemId, lead, 'Prescribing report Q1.pdf', pdf, { type: 'application/pdf' });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  assert.match(r.headers.get('location'), new RegExp(`/meetings/${meetingId}/items/${itemId}#i${itemId}-sec-papers`));
  const p2 = await upload(meetingId, itemId, lead, 'chart.png', PNG, { type: 'image/png' });
  assert.equal(p2.status, 303);
  const page = await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, member.cookie);
  const papers = paperIds(page.body);
  assert.deepEqual(papers.map(p => p.name), ['Prescribing report Q1.pdf', 'chart.png']);
  assert.doesNotMatch(page.body, /enctype="multipart\/form-data"/, 'a read-only member sees no upload form');
  pdfId = papers[0].id;
  const d = await fetch(`${server.url}/papers/${pdfId}/download`, { headers: { Cookie: member.cookie } });
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(d.headers.get('content-disposition'),
    `attachment; filename="Prescribing report Q1.pdf"; filename*=UTF-8''Prescribing%20report%20Q1.pdf`);
  const got = Buffer.from(await d.arrayBuffer());
  assert.equal(sha(got), sha(pdf));
  const png = await fetch(`${server.url}/papers/${papers[1].id}/download`, { headers: { Cookie: lead.cookie } });
  assert.equal(png.headers.get('content-type'), 'image/png');
  assert.ok(Buffer.from(await png.arrayBuffer()).equals(PNG));
});

test('an odd file name is cut to its base name, control characters dropped, and made safe in Content-Disposition', async () => {
  const body = multipart('b0und', { csrf: lead.csrf },
    { name: 'C:\\Users\\x\\Adroddiad\tŵyr;.pdf', bytes: minimalPdf(), type: 'application/pdf' });
  const r = await raw(server.port, [head(`/meetings/${meetingId}/items/${itemId}/papers`, lead.cookie,
    'multipart/form-data; boundary=b0und', body.length), body]);
  assert.deepEqual(statuses(r.text), [303], r.text.slice(0, 300));
  const page = await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, lead.cookie);
  const p = paperIds(page.body).at(-1);
  assert.equal(p.name, 'Adroddiadŵyr;.pdf');
  const d = await fetch(`${server.url}/papers/${p.id}/download`, { headers: { Cookie: lead.cookie } });
  assert.equal(d.headers.get('content-disposition'),
    `attachment; filename="Adroddiad__yr_.pdf"; filename*=UTF-8''Adroddiad%C5%B5yr%3B.pdf`);
});

test('content decides: a text, HTML or program file named .pdf is refused next to the field', async () => {
  const m = await createMeeting('Refusals');
  const i = await addItem(m, 'Refusals item');
  for (const [name, bytes, want] of [
    ['notes.pdf', Buffer.from('just some text\n'), /must be a PDF, Word/],
    ['page.pdf', Buffer.from('<!doctype html><script>alert(1)</script>'), /must be a PDF, Word/],
    ['setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), /must be a PDF, Word/],
    ['report.pdf.exe', minimalPdf(), /must be a PDF, Word/],
    ['chart.png', minimalPdf(), /must be a PDF, Word/],
    ['empty.pdf', Buffer.alloc(0), /the file you chose is empty/],
  ]) {
    const r = await upload(m, i, lead, name, bytes);
    assert.equal(r.status, 400, name);
    assert.match(r.body, want, name);
    assert.match(r.body, new RegExp(`id="i${i}-file-error"`), name);
    assert.match(r.body, new RegExp(`href="#i${i}-file"`), `${name}: error summary links to the field`);
  }
  const page = await get(`${server.url}/meetings/${m}/items/${i}`, lead.cookie);
  assert.equal(paperIds(page.body).length, 0, 'nothing half-saved');
});

test('a file must be its kind as a whole: a page after a PDF, a one-entry "docx", a cut-short PNG are refused', async () => {
  const m = await createMeeting('Whole files');
  const i = await addItem(m, 'Whole files item');
  const oneEntry = Buffer.concat([Buffer.from('504b0304140000000000000000000000000005000000050000000a000000', 'hex'),
    Buffer.from('word/a.xml<x/>\n')]);
  assert.equal(oneEntry.length, 45);
  const docx = minimalDocx();
  for (const [name, bytes, want] of [
    ['polyglot.pdf', Buffer.concat([minimalPdf(), Buffer.from('<!doctype html><script>alert(1)</script>\n')]),
      /The file is not a complete PDF, or has something added after its end: save it again as PDF and upload it/],
    ['header-only.pdf', Buffer.from('%PDF-1.4\n'), /not a complete PDF/],
    ['paper.docx', oneEntry, /The file is not a complete Word document: open it in Word/],
    ['cut.docx', docx.subarray(0, docx.length - 10), /not a complete Word document/],
    ['budget.xlsx', docx, /not a complete Excel workbook/],
    ['cut.png', PNG.subarray(0, PNG.length - 12), /The image is not a complete PNG: save it again as PNG/],
    ['tail.png', Buffer.concat([PNG, Buffer.from('<script>')]), /not a complete PNG/],
  ]) {
    const r = await upload(m, i, lead, name, bytes);
    assert.equal(r.status, 400, name);
    assert.match(r.body, want, name);
    assert.match(r.body, new RegExp(`id="i${i}-file-error"`), name);
  }
  const cy = await upload(m, i, { ...lead, cookie: `${lead.cookie}; cc_lang=cy` }, 'polyglot.pdf',
    Buffer.concat([minimalPdf(), Buffer.from('<html>')]));
  assert.equal(cy.status, 400);
  assert.match(cy.body, /Nid yw&#39;r ffeil yn PDF cyflawn|Nid yw'r ffeil yn PDF cyflawn/);
  assert.equal(paperIds((await get(`${server.url}/meetings/${m}/items/${i}`, lead.cookie)).body).length, 0);
  // A real minimal Word document is accepted and comes back byte for byte.
  const ok = await upload(m, i, lead, 'Minutes draft.docx', docx);
  assert.equal(ok.status, 303, ok.body.slice(0, 300));
  const p = paperIds((await get(`${server.url}/meetings/${m}/items/${i}`, lead.cookie)).body)[0];
  const d = await fetch(`${server.url}/papers/${p.id}/download`, { headers: { Cookie: lead.cookie } });
  assert.equal(d.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.ok(Buffer.from(await d.arrayBuffer()).equals(docx));
});

test('a file name loses bidirectional overrides and keeps its quotes, escaped in Content-Disposition', async () => {
  const body = multipart('b2und', { csrf: lead.csrf },
    { name: "Dr O'Brien's report\u202Efdp.exe\u2066.pdf", bytes: minimalPdf(), type: 'application/pdf' });
  const r = await raw(server.port, [head(`/meetings/${meetingId}/items/${itemId}/papers`, lead.cookie,
    'multipart/form-data; boundary=b2und', body.length), body]);
  assert.deepEqual(statuses(r.text), [303], r.text.slice(0, 300));
  const page = await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, lead.cookie);
  const p = paperIds(page.body).at(-1);
  assert.match(p.name, /^Dr O(&#39;|')Brien(&#39;|')s reportfdp\.exe\.pdf$/);
  assert.doesNotMatch(page.body, /\u202E|\u2066/);
  const d = await fetch(`${server.url}/papers/${p.id}/download`, { headers: { Cookie: lead.cookie } });
  assert.equal(d.headers.get('content-disposition'),
    `attachment; filename="Dr O_Brien_s reportfdp.exe.pdf"; filename*=UTF-8''Dr%20O%27Brien%27s%20reportfdp.exe.pdf`);
});

test('double quotes in a file name, which browsers send as %22, are kept', async () => {
  // The HTML standard: a browser writes ", CR and LF in a multipart file
  // name as %22, %0D and %0A.
  const body = multipart('b3und', { csrf: lead.csrf },
    { name: '%22Annual%22 report.pdf', bytes: minimalPdf(), type: 'application/pdf' });
  const r = await raw(server.port, [head(`/meetings/${meetingId}/items/${itemId}/papers`, lead.cookie,
    'multipart/form-data; boundary=b3und', body.length), body]);
  assert.deepEqual(statuses(r.text), [303], r.text.slice(0, 300));
  const page = await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, lead.cookie);
  const p = paperIds(page.body).at(-1);
  assert.match(p.name, /^(&quot;|&#34;|")Annual(&quot;|&#34;|") report\.pdf$/);
  const d = await fetch(`${server.url}/papers/${p.id}/download`, { headers: { Cookie: lead.cookie } });
  assert.equal(d.headers.get('content-disposition'),
    `attachment; filename="_Annual_ report.pdf"; filename*=UTF-8''%22Annual%22%20report.pdf`);
});

test('a body over the cap is refused with 413: at once by Content-Length, and mid-stream when chunked', async () => {
  const path = `/meetings/${meetingId}/items/${itemId}/papers`;
  const early = await raw(server.port, [head(path, lead.cookie, 'multipart/form-data; boundary=b', 11 * 1024 * 1024),
    Buffer.from('--b\r\n')]);
  assert.deepEqual(statuses(early.text), [413]);
  // Chunked: 12 chunks of 1 MiB, no length announced.
  const MiB = 1024 * 1024;
  const chunks = [head(path, lead.cookie, 'multipart/form-data; boundary=b', 'chunked')];
  for (let i = 0; i < 12; i++) chunks.push(Buffer.concat([Buffer.from(`${MiB.toString(16)}\r\n`), Buffer.alloc(MiB, 0x41), Buffer.from('\r\n')]));
  chunks.push(Buffer.from('0\r\n\r\n'));
  const mid = await raw(server.port, chunks, { wait: 10000 });
  assert.deepEqual(statuses(mid.text), [413]);
  // Every other route, multipart or not, keeps the 64 KiB cap.
  const minutes = `/meetings/${meetingId}/items/${itemId}/minutes`;
  const f = await raw(server.port, [head(minutes, lead.cookie, 'multipart/form-data; boundary=b', 70 * 1024)]);
  assert.deepEqual(statuses(f.text), [413]);
  const g = await raw(server.port, [head(minutes, lead.cookie, 'application/x-www-form-urlencoded', 70 * 1024)]);
  assert.deepEqual(statuses(g.text), [413]);
  // A file one byte over 10 MiB fits the body cap but not the paper limit.
  const limit = Buffer.alloc(10 * MiB + 1, 0x20);
  limit.write('%PDF-1.4\n', 0, 'latin1');
  const l = await upload(meetingId, itemId, lead, 'limit.pdf', limit);
  assert.equal(l.status, 400);
  assert.match(l.body, /smaller than 10 MB/);
  // A multipart body without its closing boundary is a bad request.
  const cut = multipart('b1', { csrf: lead.csrf }, { name: 'x.pdf', bytes: minimalPdf() }).subarray(0, 300);
  const c = await raw(server.port, [head(path, lead.cookie, 'multipart/form-data; boundary=b1', cut.length), cut]);
  assert.deepEqual(statuses(c.text), [400]);
});

test('no CSRF token: 403, and nothing saved', async () => {
  const before = paperIds((await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, lead.cookie)).body).length;
  const r = await upload(meetingId, itemId, lead, 'x.pdf', minimalPdf(), { csrf: false });
  assert.equal(r.status, 403);
  const after = paperIds((await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, lead.cookie)).body).length;
  assert.equal(after, before);
});

test('who may: a read-only member cannot upload; another board never sees a paper', async () => {
  assert.equal((await upload(meetingId, itemId, member, 'm.pdf', minimalPdf())).status, 404);
  assert.equal((await upload(meetingId, itemId, afanLead, 'a.pdf', minimalPdf())).status, 404);
  assert.equal((await get(`${server.url}/papers/${pdfId}/download`, afanLead.cookie)).status, 404);
  assert.equal((await get(`${server.url}/papers/999999/download`, lead.cookie)).status, 404);
  const anon = await get(`${server.url}/papers/${pdfId}/download`);
  assert.equal(anon.status, 303);
  // The health board reads the cluster's meetings, so its papers...
  assert.equal((await get(`${server.url}/papers/${pdfId}/download`, hb.cookie)).status, 200);
  // ...but not those of a restricted item.
  const secret = await addItem(meetingId, 'Contract dispute', true);
  assert.equal((await upload(meetingId, secret, lead, 'secret.pdf', minimalPdf())).status, 303);
  const page = await get(`${server.url}/meetings/${meetingId}/items/${secret}`, lead.cookie);
  const sid = paperIds(page.body)[0].id;
  assert.equal((await get(`${server.url}/papers/${sid}/download`, member.cookie)).status, 200);
  assert.equal((await get(`${server.url}/papers/${sid}/download`, hb.cookie)).status, 404);
  assert.equal((await upload(meetingId, secret, hb, 'hb.pdf', minimalPdf())).status, 404);
});

test('the agenda pack lists the paper', async () => {
  const r = await fetch(`${server.url}/meetings/${meetingId}/pack.pdf`, { headers: { Cookie: lead.cookie } });
  assert.equal(r.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'cc-papers-'));
  try {
    const f = join(dir, 'pack.pdf');
    writeFileSync(f, Buffer.from(await r.arrayBuffer()));
    const t = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /Prescribing report Q1\.pdf/);
    assert.match(t.stdout, /chart\.png/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the Welsh item page has the papers section', async () => {
  const r = await get(`${server.url}/meetings/${meetingId}/items/${itemId}`, `${lead.cookie}; cc_lang=cy`);
  assert.match(r.body, />Papurau</);
  assert.match(r.body, /Ychwanegu papur/);
});
