// Welsh: the official Welsh names of the units (De-orllewin Caerdydd,
// Bwrdd Iechyd Prifysgol Caerdydd a'r Fro) wherever a Welsh reader sees a
// unit (headings, breadcrumbs, lists, the meeting page, the PDF and the
// calendar file), the English names for an English reader, and the
// corrected Welsh terms on the pages that use them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, get, postForm, mustSignIn, h1, sql, tableAfterHeading, bodyRows } from './helpers.mjs';

const unescape = s => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
// The visible text of a page's main content, tags stripped, spaces collapsed.
const text = html => unescape(html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
// The breadcrumb links: [href, text].
const crumbs = html => {
  const nav = html.match(/<nav class="nhsuk-breadcrumb"[\s\S]*?<\/nav>/)?.[0] ?? '';
  return [...nav.matchAll(/<a class="nhsuk-breadcrumb__link" href="([^"]*)">([^<]*)<\/a>/g)].map(m => [m[1], unescape(m[2])]);
};
// The caption above the <h1>.
const caption = html => unescape(html.match(/<span class="nhsuk-caption-l">([^<]*)<\/span>\s*<h1/)?.[1] ?? '');
// The value of a row of the summary list, tags stripped.
function summary(html, key) {
  const re = new RegExp(`<dt class="nhsuk-summary-list__key">${key}</dt><dd class="nhsuk-summary-list__value">([\\s\\S]*?)</dd>`);
  const m = html.match(re);
  return m ? unescape(m[1].replace(/<[^>]*>/g, '').trim()) : null;
}
const CY = cookie => `${cookie}; cc_lang=cy`;
const HB_CY = "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro";

let server, lead, hb, heldId;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
  // The demonstration cluster's latest meeting that has been held.
  heldId = Number(sql(server, `SELECT m.id FROM meeting m JOIN unit u ON u.id=m.unit_id
    WHERE u.slug='cardiff-south-west' AND m.status='held' ORDER BY m.starts_at DESC LIMIT 1;`));
  assert.ok(heldId > 0);
});
after(async () => { await server?.stop(); });

test('the cluster page in Welsh: its Welsh name, its health board\'s, and the planning group in the breadcrumbs', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west`, CY(hb.cookie));
  assert.equal(r.status, 200);
  assert.match(r.body, /<html lang="cy">/);
  assert.equal(h1(r.body), 'De-orllewin Caerdydd');
  assert.match(r.body, /<title>De-orllewin Caerdydd – carecluster<\/title>/);
  assert.deepEqual(crumbs(r.body), [['/', 'Eich clystyrau'],
    ['/units/cardiff-pan-cluster-planning-group', 'Grŵp Cynllunio Pan-glwstwr Caerdydd']]);
  assert.equal(summary(r.body, 'Bwrdd iechyd'), HB_CY);
  assert.equal(summary(r.body, 'Awdurdod lleol'), 'Caerdydd');
  assert.equal(summary(r.body, 'Grŵp Cynllunio Pan-glwstwr'), 'Grŵp Cynllunio Pan-glwstwr Caerdydd');
  assert.equal(summary(r.body, 'Bwrdd Partneriaeth Rhanbarthol'), "Bwrdd Partneriaeth Rhanbarthol Caerdydd a'r Fro");
  // Its collaboratives by their Welsh names, in the order of those names.
  const collabs = bodyRows(tableAfterHeading(r.body, 'Cydweithredfeydd proffesiynol'))
    .map(row => unescape(row.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()));
  assert.equal(collabs.length, 6);
  assert.ok(collabs.every(c => c.startsWith('Cydweithredfa ') && c.endsWith(' De-orllewin Caerdydd')), collabs.join('\n'));
  assert.deepEqual(collabs, [...collabs].sort());
  assert.ok(!text(r.body).includes('Cardiff South West'), 'no English unit name on the Welsh page');
  assert.ok(!text(r.body).includes('Cardiff and Vale University Health Board'));
});

test('the same page in English keeps the English names', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west`, hb.cookie);
  assert.equal(h1(r.body), 'Cardiff South West');
  assert.deepEqual(crumbs(r.body)[1], ['/units/cardiff-pan-cluster-planning-group', 'Cardiff Pan Cluster Planning Group']);
  assert.equal(summary(r.body, 'Health board'), 'Cardiff and Vale University Health Board');
  assert.ok(!text(r.body).includes('De-orllewin Caerdydd'));
});

test('the health board page and the home page list the clusters by their Welsh names', async () => {
  const r = await get(`${server.url}/units/cardiff-and-vale-university-health-board`, CY(hb.cookie));
  assert.equal(unescape(h1(r.body)), HB_CY);
  assert.equal(summary(r.body, 'Cenedl'), 'Cymru');
  const t = text(r.body);
  for (const name of ['De-orllewin Caerdydd', 'Gogledd Caerdydd', 'Dwyrain Caerdydd', 'De-ddwyrain Caerdydd',
    'Gorllewin Caerdydd', 'Canol y Fro', 'Dwyrain y Fro', 'Gorllewin y Fro', 'Grŵp Cynllunio Pan-glwstwr Bro Morgannwg']) {
    assert.ok(t.includes(name), `${name} on the health board page`);
  }
  const home = await get(`${server.url}/`, CY(hb.cookie));
  const ht = text(home.body);
  assert.ok(ht.includes(HB_CY), 'the home page card names the board in Welsh');
  assert.ok(ht.includes('De-orllewin Caerdydd Grŵp Cynllunio Pan-glwstwr Caerdydd'), 'cluster and part of, in Welsh');
});

test('the meeting page in Welsh: the cluster\'s Welsh name in the breadcrumbs and the caption, and "Mae cworwm"', async () => {
  const r = await get(`${server.url}/meetings/${heldId}`, CY(lead.cookie));
  assert.equal(r.status, 200);
  assert.deepEqual(crumbs(r.body), [['/', 'Eich clystyrau'], ['/units/cardiff-south-west/meetings', 'De-orllewin Caerdydd']]);
  assert.equal(caption(r.body), 'De-orllewin Caerdydd');
  assert.match(text(r.body), /Cworwm Mae cworwm Angen \d+ aelod sy'n pleidleisio, \d+ yn bresennol\./);
  assert.ok(!text(r.body).includes('Cworwm yn bresennol'));
  // An item of the meeting: the same names in its breadcrumbs.
  const itemId = Number(sql(server, `SELECT id FROM agenda_item WHERE meeting_id=${heldId} ORDER BY position LIMIT 1;`));
  const item = await get(`${server.url}/meetings/${heldId}/items/${itemId}`, CY(lead.cookie));
  assert.equal(item.status, 200);
  assert.deepEqual(crumbs(item.body).slice(0, 2).map(c => c[1]), ['Eich clystyrau', 'De-orllewin Caerdydd']);
  // In English: the English name.
  const en = await get(`${server.url}/meetings/${heldId}`, lead.cookie);
  assert.equal(caption(en.body), 'Cardiff South West');
  assert.match(text(en.body), /Quorum Quorate/);
});

test('the cluster\'s own pages in Welsh: meetings, action log, terms of reference, decisions', async () => {
  for (const path of ['meetings', 'actions', 'terms', 'decisions', 'attendance', 'qi']) {
    const r = await get(`${server.url}/units/cardiff-south-west/${path}`, CY(lead.cookie));
    assert.equal(r.status, 200, path);
    assert.equal(caption(r.body), 'De-orllewin Caerdydd', `caption of ${path}`);
    assert.deepEqual(crumbs(r.body)[1], ['/units/cardiff-south-west', 'De-orllewin Caerdydd'], `crumbs of ${path}`);
  }
});

test('the minutes PDF and the calendar file in Welsh name the cluster in Welsh', async () => {
  const pdf = await fetch(`${server.url}/meetings/${heldId}/minutes.pdf`, { headers: { Cookie: CY(lead.cookie) } });
  assert.equal(pdf.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'cc-welsh-'));
  try {
    const f = join(dir, 'm.pdf');
    writeFileSync(f, Buffer.from(await pdf.arrayBuffer()));
    const t = spawnSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }).stdout;
    assert.ok(t.includes('De-orllewin Caerdydd'), t.slice(0, 400));
    assert.ok(!t.includes('Cardiff South West –'), 'the footer names the cluster in Welsh');
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const ics = await get(`${server.url}/meetings/${heldId}/calendar.ics`, CY(lead.cookie));
  const unfolded = ics.body.replace(/\r\n[ \t]/g, '');
  assert.match(unfolded, /DESCRIPTION:De-orllewin Caerdydd\\n/);
  const icsEn = await get(`${server.url}/meetings/${heldId}/calendar.ics`, lead.cookie);
  assert.match(icsEn.body.replace(/\r\n[ \t]/g, ''), /DESCRIPTION:Cardiff South West\\n/);
});

test('the API gives both names', async () => {
  const r = await get(`${server.url}/api/v1/units/cardiff-and-vale-university-health-board`, lead.cookie);
  // The lead may not see the board: 404 like a unit that does not exist.
  assert.equal(r.status, 404);
  const b = await get(`${server.url}/api/v1/units/cardiff-and-vale-university-health-board`, hb.cookie);
  assert.equal(b.status, 200);
  const u = JSON.parse(b.body);
  assert.equal(u.name, 'Cardiff and Vale University Health Board');
  assert.equal(u.name_cy, HB_CY);
});

test('the sign-in error in Welsh', async () => {
  const form = await get(`${server.url}/login`, 'cc_lang=cy');
  const pre = form.headers.getSetCookie().find(c => c.startsWith('cc_pre=')).split(';')[0];
  const csrf = form.body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const r = await postForm(`${server.url}/login`, `${pre}; cc_lang=cy`, { csrf, email: 'member@example.wales', password: 'not-the-password' });
  assert.match(unescape(r.body), /Mae'r cyfeiriad e-bost neu'r cyfrinair yn anghywir\./);
  assert.ok(!unescape(r.body).includes("Nid yw'r cyfeiriad e-bost na'r cyfrinair yn gywir"));
});

test('the quorum of the terms of reference in Welsh: the number on the top and on the bottom', async () => {
  const r = await get(`${server.url}/units/cardiff-south-west/terms/new`, CY(lead.cookie));
  assert.equal(r.status, 200);
  const t = text(r.body);
  assert.ok(t.includes("Ffracsiwn: aelodau sy'n pleidleisio sydd eu hangen (y rhif ar y brig)"), t);
  assert.ok(t.includes('Ffracsiwn: allan o (y rhif ar y gwaelod)'));
  assert.ok(!/rhif (uchaf|isaf)/.test(t));
  // A top bigger than the bottom: the message says so in the same words.
  const csrf = r.body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const bad = await postForm(`${server.url}/units/cardiff-south-west/terms/new`, CY(lead.cookie), {
    csrf, purpose: 'Pwrpas', frequency: 'Yn fisol', chair_selection: 'Etholiad', minutes_form: 'formal',
    quorum_kind: 'fraction', quorum_num: '3', quorum_den: '2', requires_chair: 'yes',
    'agreed_on-day': '1', 'agreed_on-month': '4', 'agreed_on-year': '2026',
    'review_due-day': '1', 'review_due-month': '4', 'review_due-year': '2027',
  });
  assert.equal(bad.status, 400);
  assert.ok(unescape(bad.body).includes("gyda'r rhif ar y brig heb fod yn fwy na'r rhif ar y gwaelod"), text(bad.body).slice(0, 600));
});

test('a run chart is a "Siart rhediad" and an SPC chart\'s signal is an "Arwydd"', async () => {
  const run = Number(sql(server, "SELECT id FROM qi_measure WHERE chart='run' LIMIT 1;"));
  const xmr = Number(sql(server, "SELECT id FROM qi_measure WHERE chart='xmr' LIMIT 1;"));
  const project = Number(sql(server, `SELECT project_id FROM qi_measure WHERE id=${xmr};`));
  const r = await get(`${server.url}/measures/${run}`, CY(lead.cookie));
  assert.equal(r.status, 200);
  const rt = text(r.body);
  assert.ok(rt.includes('Siart rhediad'), 'the run chart by its name');
  assert.ok(!/Siart rhedeg|[Ss]ignal/.test(rt), 'no "Siart rhedeg" nor "signal"');
  const x = await get(`${server.url}/measures/${xmr}`, CY(lead.cookie));
  const xt = text(x.body);
  assert.ok(xt.includes('Siart ac arwydd'), 'the heading of the chart and its signal');
  assert.match(xt, /Dyddiad Gwerth Llinell ganol Terfyn isaf y broses Terfyn uchaf y broses Arwydd /);
  assert.ok(!/[Ss]ignal/.test(xt));
  const p = await get(`${server.url}/qi/${project}`, CY(lead.cookie));
  const pt = text(p.body);
  assert.ok(pt.includes('Diagram sbardunau'));
  assert.ok(pt.includes('sbardun cynradd') || pt.includes('Sbardun cynradd') || pt.includes('Sbardunau cynradd'));
  assert.ok(!/sbarduno|[Ss]ignal|sylfaenol/.test(pt), 'no old terms on the project page');
});
