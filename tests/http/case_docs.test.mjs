// A business case as documents: /business-cases/{id}/case.pdf (A4, read
// back by pdftotext and pdfinfo) and /business-cases/{id}/case.docx (a
// Word document, opened and converted by LibreOffice), in English and in
// Welsh, on the demonstration cases: the parts in seed order with the
// executive summary first, the options and their appraisal, the costs in
// pounds as the database holds them in pence, the objectives and risks;
// demonstration data and a draft marked; text that XML must escape kept;
// who may download them (what one may not read is 404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, mustSignIn, dbSql } from './helpers.mjs';

let server, dir, lead, afanLead, national, member;
let nFile = 0;
const sql = q => dbSql(server.db, q);
const CY = cookie => `${cookie}; cc_lang=cy`;

async function fetchBytes(url, cookie) {
  const r = await fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}
function save(bytes, ext) {
  const f = join(dir, `case-${nFile++}.${ext}`);
  writeFileSync(f, bytes);
  return f;
}
function pdfText(bytes) {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', save(bytes, 'pdf'), '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'poppler reads the PDF without complaint');
  return r.stdout.replace(/\s+/g, ' ');
}
function pdfInfo(bytes) {
  const r = spawnSync('pdfinfo', [save(bytes, 'pdf')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { pages: Number(r.stdout.match(/^Pages:\s+(\d+)/m)[1]), size: r.stdout.match(/^Page size:\s+(.*)$/m)[1],
           title: (r.stdout.match(/^Title:\s+(.*)$/m) ?? [])[1] };
}
// The Word document converted to text by LibreOffice (a real reader).
function docxText(bytes) {
  const f = save(bytes, 'docx');
  const out = mkdtempSync(join(dir, 'lo-'));
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${out}/profile`, '--headless',
    '--convert-to', 'txt:Text', '--outdir', out, f], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `libreoffice: ${r.stderr}`);
  const name = readdirSync(out).find(n => n.endsWith('.txt'));
  assert.ok(name, `libreoffice wrote no text: ${r.stdout} ${r.stderr}`);
  return readFileSync(join(out, name), 'utf8').replace(/^\uFEFF/, '').replace(/\s+/g, ' ');
}
// One part of the zip, as unzip reads it.
function zipPart(bytes, name) {
  const r = spawnSync('unzip', ['-p', save(bytes, 'zip'), name], { encoding: 'utf8' });
  assert.equal(r.status, 0, `unzip ${name}: ${r.stderr}`);
  return r.stdout;
}
// "£1,234.56" from pence, as the documents write it.
const pounds = p => `£${(Number(p) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const caseOf = (slug, state) => Number(sql(`SELECT c.id FROM business_case c JOIN unit u ON u.id=c.unit_id WHERE u.slug='${slug}' AND c.state='${state}' ORDER BY c.id LIMIT 1`));
// Where each string first appears in t, in the order given.
function assertInOrder(t, list, what) {
  let at = -1;
  for (const s of list) {
    const i = t.indexOf(s, at + 1);
    assert.ok(i > at, `${what}: "${s}" after the one before:\n${t}`);
    at = i;
  }
}

before(async () => {
  server = await start();
  dir = mkdtempSync(join(tmpdir(), 'cc-casedocs-'));
  lead = await mustSignIn(server.url, 'lead@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  national = await mustSignIn(server.url, 'national@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PARTS_EN = ['Executive summary', 'The case', 'Options and possible solutions', 'Expected impact and benefits',
  'The project and its risks', 'Resources required', 'Project plan'];
const PARTS_CY = ['Crynodeb gweithredol', 'Yr achos', 'Opsiynau ac atebion posibl', 'Effaith a buddion disgwyliedig',
  "Y prosiect a'i risgiau", 'Yr adnoddau sydd eu hangen', 'Cynllun y prosiect'];

test('PDF: the approved demonstration case on A4, its parts in seed order with the executive summary first', async () => {
  const id = caseOf('cardiff-south-west', 'approved');
  const r = await fetchBytes(`${server.url}/business-cases/${id}/case.pdf`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="cardiff-south-west-business-case-${id}-en.pdf"`);
  const info = pdfInfo(r.bytes);
  assert.ok(info.pages >= 2, 'the whole case, over several pages');
  assert.match(info.size, /^595\.2\d* x 841\.8\d* pts \(A4\)/);
  assert.equal(info.title, sql(`SELECT title FROM business_case WHERE id=${id}`));
  const t = pdfText(r.bytes);
  assertInOrder(t, ['Cardiff South West', 'Cluster pharmacist for frailty reviews', 'Business case', 'Status Approved',
    'Decision', 'Pan Cluster Planning Group meeting', 'Demonstration data', ...PARTS_EN], 'the English PDF');
  assertInOrder(t, ['Options', 'Do nothing', 'Appraisal against weighted criteria', 'Benefit to patients (8)', 'Weighted total', 'Rank'],
    'options and appraisal');
  assertInOrder(t, ['The project and its risks', 'Risks', 'Likelihood', 'Opportunity cost:'], 'the risks');
  assertInOrder(t, ['Project plan', 'SMART objectives', 'Review the medicines of 300', 'Budget'], 'the objectives');
  assert.ok(t.includes(`Page 1 of ${info.pages}`));
  // Every cost row, and the totals, in pounds as the database holds them in pence.
  const costs = sql(`SELECT low_pence, amount_pence, high_pence FROM business_case_cost WHERE case_id=${id} ORDER BY sort_order, id`)
    .split('\n').map(l => l.split('|').map(Number));
  assert.equal(costs.length, 3);
  for (const c of costs) for (const p of c) assert.ok(t.includes(pounds(p)), `the PDF shows ${pounds(p)}`);
  const sum = k => costs.reduce((a, c) => a + c[k], 0);
  assert.ok(t.includes(`Total ${pounds(sum(0))} ${pounds(sum(1))} ${pounds(sum(2))}`), 'the costs add up in the total row');
  assert.ok(t.includes(`${pounds(sum(1))} expected (lowest ${pounds(sum(0))}, highest ${pounds(sum(2))})`));
  // The weighted totals: 8, 6, 7, 5 times the scores.
  assert.match(t, /Weighted total 51 109 78 Rank 3 1 2/);
  assert.ok(!t.includes('Not written yet'), 'every part of the approved case is written');
});

test('PDF: in Welsh by the reader\'s language or ?lang=cy; ?lang=en for a Welsh reader', async () => {
  const id = caseOf('cardiff-south-west', 'approved');
  for (const [url, cookie] of [[`/business-cases/${id}/case.pdf`, CY(lead.cookie)], [`/business-cases/${id}/case.pdf?lang=cy`, lead.cookie]]) {
    const r = await fetchBytes(`${server.url}${url}`, cookie);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-disposition'), /-cy\.pdf"$/);
    const t = pdfText(r.bytes);
    assertInOrder(t, ['De-orllewin Caerdydd', 'Achos busnes', 'Statws Cymeradwywyd', 'Data enghreifftiol', ...PARTS_CY], 'the Welsh PDF');
    for (const s of ['Arfarniad yn erbyn meini prawf', 'Cyfanswm wedi\'i bwysoli', 'Risgiau', 'Tebygolrwydd', 'Amcanion SMART',
      'Disgwyliedig', 'Cyllideb', 'Tudalen 1 o']) assert.ok(t.includes(s), `the Welsh PDF says "${s}"`);
    assert.ok(!t.includes('Executive summary'));
  }
  const back = await fetchBytes(`${server.url}/business-cases/${id}/case.pdf?lang=en`, CY(lead.cookie));
  assert.ok(pdfText(back.bytes).includes('Executive summary'));
});

test('PDF: a draft says so, and names the part not yet written', async () => {
  const id = caseOf('afan', 'draft');
  const r = await fetchBytes(`${server.url}/business-cases/${id}/case.pdf`, afanLead.cookie);
  assert.equal(r.status, 200);
  const t = pdfText(r.bytes);
  assertInOrder(t, ['Afan', 'Falls prevention classes across the cluster', 'Status Draft', 'Demonstration data',
    'Draft: not yet submitted to the Pan Cluster Planning Group', 'Expected impact and benefits', 'Impact',
    'Not written yet.'], 'the draft');
  assert.ok(!t.includes('Decision '), 'no decision yet');
});

test('Word document: a real Office Open XML package with heading styles and tables, read by LibreOffice', async () => {
  const id = caseOf('cardiff-south-west', 'approved');
  const r = await fetchBytes(`${server.url}/business-cases/${id}/case.docx`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="cardiff-south-west-business-case-${id}-en.docx"`);
  assert.equal(r.bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip');
  const types = zipPart(r.bytes, '\\[Content_Types\\].xml');
  assert.match(types, /wordprocessingml\.document\.main\+xml/);
  assert.match(zipPart(r.bytes, '_rels/.rels'), /Target="word\/document.xml"/);
  assert.match(zipPart(r.bytes, 'word/_rels/document.xml.rels'), /Target="styles.xml"/);
  const styles = zipPart(r.bytes, 'word/styles.xml');
  for (const s of ['Heading1', 'Heading2', 'Title', 'TableGrid']) assert.match(styles, new RegExp(`w:styleId="${s}"`));
  const doc = zipPart(r.bytes, 'word/document.xml');
  for (const part of PARTS_EN) {
    assert.ok(doc.includes(`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">${part}</w:t></w:r></w:p>`),
      `"${part}" is a Heading 1`);
  }
  assert.equal((doc.match(/<w:tbl>/g) ?? []).length, 5, 'options, appraisal, risks, costs and objectives are tables');
  const t = docxText(r.bytes);
  assertInOrder(t, ['Cardiff South West', 'Cluster pharmacist for frailty reviews', 'Business case', 'Demonstration data', ...PARTS_EN],
    'the converted document');
  const total = sql(`SELECT SUM(amount_pence) FROM business_case_cost WHERE case_id=${id}`);
  assert.ok(t.includes(`Total ${pounds(sql(`SELECT SUM(low_pence) FROM business_case_cost WHERE case_id=${id}`))} ${pounds(total)}`),
    `the costs' total in the document:\n${t}`);
  assert.ok(t.includes('Review the medicines of 300 people'));
});

test('Word document: in Welsh', async () => {
  const id = caseOf('afan', 'approved');
  const r = await fetchBytes(`${server.url}/business-cases/${id}/case.docx?lang=cy`, afanLead.cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /afan-business-case-\d+-cy\.docx"$/);
  assert.match(zipPart(r.bytes, 'word/styles.xml'), /w:lang w:val="cy-GB"/);
  const t = docxText(r.bytes);
  assertInOrder(t, ['Afan', 'Social prescribing link service', 'Achos busnes', 'Statws: Cymeradwywyd', 'Data enghreifftiol', ...PARTS_CY],
    'the Welsh document');
  for (const s of ['Opsiynau', 'Maen prawf (pwysiad)', 'Costau', 'Cyfanswm', 'Amcanion SMART', 'Cyllideb']) {
    assert.ok(t.includes(s), `the Welsh document says "${s}"`);
  }
  const total = sql(`SELECT SUM(amount_pence) FROM business_case_cost WHERE case_id=${id}`);
  assert.ok(t.includes(pounds(total)));
});

test('text that XML and PDF must take care of is kept, in both documents', async () => {
  const id = caseOf('afan', 'draft');
  const odd = `Costs <under> review & "agreed" — Cwm Afan's plan: ŵ ŷ â\u0001`;
  sql(`UPDATE business_case_text SET body='${odd.replace(/'/g, "''")}' WHERE case_id=${id} AND field='case.problem'`);
  sql(`UPDATE business_case SET title='Falls & balance <classes>' WHERE id=${id}`);
  const shown = odd.replace('\u0001', '');
  const docx = await fetchBytes(`${server.url}/business-cases/${id}/case.docx`, afanLead.cookie);
  assert.equal(docx.status, 200);
  const doc = zipPart(docx.bytes, 'word/document.xml');
  assert.ok(doc.includes('Costs &lt;under&gt; review &amp; &quot;agreed&quot; — Cwm Afan&apos;s plan: ŵ ŷ â</w:t>'), 'escaped, control character left out');
  const t = docxText(docx.bytes);
  assert.ok(t.includes(shown), `LibreOffice reads the text back:\n${t}`);
  assert.ok(t.includes('Falls & balance <classes>'));
  const pdf = await fetchBytes(`${server.url}/business-cases/${id}/case.pdf`, afanLead.cookie);
  assert.ok(pdfText(pdf.bytes).includes(shown));
});

test('who may download: readers of the case\'s unit; anyone else is told it is not found', async () => {
  const csw = caseOf('cardiff-south-west', 'approved');
  for (const ext of ['pdf', 'docx']) {
    assert.equal((await fetchBytes(`${server.url}/business-cases/${csw}/case.${ext}`, member.cookie)).status, 200, 'a member reads');
    assert.equal((await fetchBytes(`${server.url}/business-cases/${csw}/case.${ext}`, national.cookie)).status, 200, 'national reads');
    const other = await get(`${server.url}/business-cases/${csw}/case.${ext}`, afanLead.cookie);
    assert.equal(other.status, 404, 'another cluster\'s lead');
    assert.equal((await get(`${server.url}/business-cases/999999/case.${ext}`, lead.cookie)).status, 404);
    const anon = await get(`${server.url}/business-cases/${csw}/case.${ext}`);
    assert.equal(anon.status, 303, 'signed out: to sign in');
    assert.match(anon.headers.get('location'), /^\/login/);
  }
  // Only GET.
  const post = await fetch(`${server.url}/business-cases/${csw}/case.pdf`, { method: 'POST', headers: { Cookie: lead.cookie }, redirect: 'manual' });
  assert.notEqual(post.status, 200);
});

test('the page of the case links to its documents, in the reader\'s language and the other', async () => {
  const id = caseOf('cardiff-south-west', 'approved');
  const en = await get(`${server.url}/business-cases/${id}`, lead.cookie);
  assert.equal(en.status, 200);
  const links = en.body.match(/<p class="cc-no-print" id="case-documents">[\s\S]*?<\/p>/)[0];
  assert.match(links, new RegExp(`<a href="/business-cases/${id}/case.pdf" download>Download as PDF</a>`));
  assert.match(links, new RegExp(`<a href="/business-cases/${id}/case.docx" download>Download as a Word document</a>`));
  assert.match(links, new RegExp(`<a href="/business-cases/${id}/case.pdf\\?lang=cy" download hreflang="cy">PDF in Welsh</a>`));
  assert.match(links, new RegExp(`<a href="/business-cases/${id}/case.docx\\?lang=cy" download hreflang="cy">Word document in Welsh</a>`));
  const cy = await get(`${server.url}/business-cases/${id}`, CY(lead.cookie));
  assert.match(cy.body, new RegExp(`<a href="/business-cases/${id}/case.pdf\\?lang=en" download hreflang="en">PDF yn Saesneg</a>`));
  assert.match(cy.body, />Lawrlwytho fel PDF</);
});
