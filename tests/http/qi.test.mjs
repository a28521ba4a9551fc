// Quality improvement over HTTP (issue 4): a project on the Model for
// Improvement (validation first), its driver diagram, two PDSA cycles in
// a ramp, a measure with points by hand and from CSV (a file with errors
// imports nothing and names line and column; then the valid lines only),
// a rebase, the SVG chart with its title, description and signal
// sentence, the CSV download with the computed columns, the JSON API
// against the statistics, Welsh, and who may see and change what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById, bodyRows, raw, statuses } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
let server, lead, member, afanLead;
let projectId, teamProjectId, measureId, runMeasureId, driverIds = {}, cycle1, cycle2;

before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
});
after(async () => { await server?.stop(); });

const U = p => `${server.url}${p}`;
const idFrom = (loc, re) => Number(loc.match(re)[1]);
// What went wrong, for an assertion's message: the error summary's text.
const why = html => (html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? html.slice(0, 300)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

// Multipart POST (the import route): fields and an optional file.
async function postMultipart(path, who, fields, file) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([file.bytes], { type: 'text/csv' }), file.name);
  const r = await fetch(U(path), { method: 'POST', redirect: 'manual', headers: { Cookie: who.cookie }, body: fd });
  return { status: r.status, headers: r.headers, body: await r.text() };
}

// The ids of the checkboxes of the team (person ids), by name.
function teamOptions(html) {
  return Object.fromEntries([...html.matchAll(/id="team-(\d+)" name="team"[^>]*><label[^>]*>([^<]*)</g)].map(m => [m[2], m[1]]));
}

function projectForm(over = {}) {
  return new URLSearchParams({
    csrf: lead.csrf,
    title: 'Fewer missed diabetes reviews',
    aim: 'Cut missed diabetes review appointments by half by March 2027',
    measures_question: 'Missed appointments each week; reviews done on time',
    changes_question: 'Text reminders; evening clinics',
    team_others: 'Patient representative',
    'start_on-day': '6', 'start_on-month': '1', 'start_on-year': '2031',
    ...over,
  });
}

test('starting a project: errors first, named in the summary, then the project', async () => {
  const form = await get(U(`${CSW}/qi/new`), lead.cookie);
  assert.equal(form.status, 200);
  assert.match(form.body, /What are we trying to accomplish\?/);
  assert.match(form.body, /How will we know that a change is an improvement\?/);
  assert.match(form.body, /What changes can we make that will result in improvement\?/);
  assert.match(form.body, /name="steeep" type="checkbox" value="person_centred"/);
  assert.match(form.body, /name="start_on-day"/);
  // Nothing filled in: every missing answer in the error summary.
  const bad = await postForm(U(`${CSW}/qi/new`), lead.cookie, { csrf: lead.csrf, title: '', aim: '', measures_question: '',
    changes_question: '', 'start_on-day': '', 'start_on-month': '', 'start_on-year': '' });
  assert.equal(bad.status, 400);
  const summary = bad.body.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)[0];
  for (const f of ['title', 'aim', 'measures_question', 'changes_question', 'steeep']) {
    assert.match(summary, new RegExp(`href="#${f}`), `the summary names ${f}`);
  }
  assert.match(bad.body, /<title>Error: /);

  const team = teamOptions(form.body);
  assert.ok(team['Sian Griffiths'] === undefined || team['Sian Griffiths'], 'team choices are members');
  const body = projectForm();
  body.append('steeep', 'timely');
  body.append('steeep', 'person_centred');
  const lead1 = Object.keys(team).find(n => n !== 'Sian Griffiths');
  body.append('team', team[lead1]);
  const ok = await postForm(U(`${CSW}/qi/new`), lead.cookie, body.toString());
  assert.equal(ok.status, 303, why(ok.body));
  projectId = idFrom(ok.headers.get('location'), /\/qi\/(\d+)/);
  const page = await get(U(`/qi/${projectId}`), lead.cookie);
  assert.equal(page.status, 200);
  assert.equal(h1(page.body), 'Fewer missed diabetes reviews');
  assert.match(page.body, /Cut missed diabetes review appointments by half/);
  assert.match(page.body, /id="qi-steeep">[\s\S]*Timely[\s\S]*Person centred/);
  assert.match(page.body, /Patient representative/);
  // Listed on the unit's QI page, linked from the unit page.
  const unit = await get(U(CSW), lead.cookie);
  assert.match(unit.body, /href="\/units\/cardiff-south-west\/qi">Quality improvement projects</);
  const list = await get(U(`${CSW}/qi`), member.cookie);
  assert.match(list.body, new RegExp(`href="/qi/${projectId}">Fewer missed diabetes reviews<`));
  assert.doesNotMatch(list.body, /Start a QI project<\/a>/, 'a read-only member is not offered the form');
});

test('the driver diagram: primary, secondary, change ideas as nested lists; remove only when unused', async () => {
  const add = async (kind, parent, text) => {
    const r = await postForm(U(`/qi/${projectId}/drivers`), lead.cookie, { csrf: lead.csrf, kind, parent: parent ?? '', text });
    assert.equal(r.status, 303, why(r.body));
    return idFrom(r.headers.get('location'), /#driver-(\d+)/);
  };
  const empty = await postForm(U(`/qi/${projectId}/drivers`), lead.cookie, { csrf: lead.csrf, kind: 'primary', parent: '', text: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.body, /nhsuk-error-summary/);
  driverIds.primary = await add('primary', '', 'Patients remember their appointment');
  driverIds.secondary = await add('secondary', driverIds.primary, 'Reminders reach patients');
  driverIds.change = await add('change', driverIds.secondary, 'Text reminder two days before');
  driverIds.spare = await add('change', driverIds.secondary, 'Phone call the day before');
  const page = await get(U(`/qi/${projectId}`), lead.cookie);
  const ul = page.body.match(/<ul class="cc-drivers"[\s\S]*?<\/ul>\s*<\/li>\s*<\/ul>\s*<\/li>\s*<\/ul>/);
  assert.ok(ul, 'three nested lists');
  assert.match(ul[0], /Primary driver:[\s\S]*<ul>[\s\S]*Secondary driver:[\s\S]*<ul>[\s\S]*Change idea:[\s\S]*Text reminder/);
  // A driver with something under it cannot be removed.
  const no = await postForm(U(`/qi/${projectId}/drivers/${driverIds.primary}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(no.status, 400);
  const gone = await postForm(U(`/qi/${projectId}/drivers/${driverIds.spare}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(gone.status, 303);
  assert.doesNotMatch((await get(U(`/qi/${projectId}`), lead.cookie)).body, /Phone call the day before/);
});

function pdsaForm(over = {}) {
  return {
    csrf: lead.csrf, change: String(driverIds.change), previous: '',
    title: 'Texts at one practice for a week',
    plan: 'Send texts two days before each diabetes review at Practice A',
    prediction: 'Missed appointments fall from 6 to 3 a week',
    data_plan: 'Count missed reviews each day', do: '', study: '', act: '', act_text: '',
    'start_on-day': '13', 'start_on-month': '1', 'start_on-year': '2031',
    'end_on-day': '', 'end_on-month': '', 'end_on-year': '',
    ...over,
  };
}

test('two PDSA cycles in a ramp, on a timeline with the act as a tag', async () => {
  const bad = await postForm(U(`/qi/${projectId}/pdsa/new`), lead.cookie, pdsaForm({ prediction: '', change: '' }));
  assert.equal(bad.status, 400);
  assert.match(bad.body, /href="#prediction"/);
  assert.match(bad.body, /href="#change"/);
  const r1 = await postForm(U(`/qi/${projectId}/pdsa/new`), lead.cookie, pdsaForm({
    do: 'Sent 40 texts', study: 'Missed appointments fell to 2, better than predicted', act: 'adapt',
    act_text: 'Try at two practices', 'end_on-day': '20', 'end_on-month': '1', 'end_on-year': '2031' }));
  assert.equal(r1.status, 303, why(r1.body));
  cycle1 = idFrom(r1.headers.get('location'), /\/pdsa\/(\d+)/);
  const r2 = await postForm(U(`/qi/${projectId}/pdsa/new`), lead.cookie, pdsaForm({
    title: 'Texts at two practices', previous: String(cycle1),
    'start_on-day': '27', 'start_on-month': '1', 'start_on-year': '2031' }));
  assert.equal(r2.status, 303, why(r2.body));
  cycle2 = idFrom(r2.headers.get('location'), /\/pdsa\/(\d+)/);
  const c2 = await get(U(`/pdsa/${cycle2}`), member.cookie);
  assert.equal(c2.status, 200);
  for (const s of ['Plan', 'Do', 'Study', 'Act']) assert.match(c2.body, new RegExp(`<h2 id="[a-z]+-heading">${s}</h2>`));
  assert.match(c2.body, new RegExp(`Builds on: <a href="/pdsa/${cycle1}" rel="prev">Texts at one practice for a week</a>`));
  assert.match(c2.body, /Ramp: cycle <a href="\/pdsa\/\d+">1<\/a> → <strong aria-current="page">2<\/strong>/);
  const c1 = await get(U(`/pdsa/${cycle1}`), member.cookie);
  assert.match(c1.body, /Compared with the prediction[\s\S]*better than predicted/);
  assert.match(c1.body, new RegExp(`Next cycle: <a href="/pdsa/${cycle2}" rel="next">`));
  const page = await get(U(`/qi/${projectId}`), member.cookie);
  const tl = page.body.match(/<ol class="nhsuk-list cc-timeline"[\s\S]*?<\/ol>/)[0];
  assert.ok(tl.indexOf('Texts at one practice') < tl.indexOf('Texts at two practices'), 'by start date');
  assert.match(tl, /nhsuk-tag--yellow">Adapt</);
  assert.match(tl, /Ramp: cycle/);
  // A change idea with cycles cannot be removed.
  assert.doesNotMatch(page.body, new RegExp(`/drivers/${driverIds.change}/delete`));
});

// Weekly values with a clear rise after the 20th point: a known series.
const BASE = [10, 12, 11, 13, 9, 11, 12, 10, 11, 12, 10, 13, 11, 9, 12, 11, 10, 12, 11, 10];
const HIGH = [16, 17, 15, 18, 16, 17, 16, 18];
function weekly(i) { const d = new Date(Date.UTC(2021, 1, 1) + 7 * 86400000 * i); return d.toISOString().slice(0, 10); }

test('a measure, points by hand with errors named, then the chart with its signal', async () => {
  const form = await get(U(`/qi/${projectId}/measures/new`), lead.cookie);
  assert.match(form.body, /Balancing measure/);
  assert.match(form.body, /XmR chart/);
  const bad = await postForm(U(`/qi/${projectId}/measures/new`), lead.cookie, { csrf: lead.csrf, kind: 'outcome', name: '',
    definition: '', unit: '', direction: 'increase', target: 'lots', chart: 'xmr', screen_outliers: '1' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /href="#name"/);
  assert.match(bad.body, /href="#target"/);
  const ok = await postForm(U(`/qi/${projectId}/measures/new`), lead.cookie, { csrf: lead.csrf, kind: 'outcome',
    name: 'Diabetes reviews done each week', definition: 'Reviews completed, from the clinical system, Monday to Friday',
    unit: 'reviews', direction: 'increase', target: '14', chart: 'xmr', screen_outliers: '1' });
  assert.equal(ok.status, 303, why(ok.body));
  measureId = idFrom(ok.headers.get('location'), /\/measures\/(\d+)/);
  const point = (i, value, extra = {}) => {
    const [y, m, d] = weekly(i).split('-');
    return postForm(U(`/measures/${measureId}/points`), lead.cookie, { csrf: lead.csrf, 'on-day': String(+d),
      'on-month': String(+m), 'on-year': y, value: String(value), note: '', pdsa: '', ...extra });
  };
  const nan = await point(0, 'ten');
  assert.equal(nan.status, 400);
  assert.match(nan.body, /href="#value"/);
  for (let i = 0; i < 3; i++) assert.equal((await point(i, BASE[i], i === 2 ? { note: 'Bank holiday', pdsa: String(cycle1) } : {})).status, 303);
  const dup = await point(1, 5);
  assert.equal(dup.status, 400);
  assert.match(dup.body, /href="#on-day"/);
  // A value is entered once it has been measured: not for a date after today.
  const future = await postForm(U(`/measures/${measureId}/points`), lead.cookie, { csrf: lead.csrf, 'on-day': '1',
    'on-month': '1', 'on-year': '2099', value: '5', note: '', pdsa: '' });
  assert.equal(future.status, 400);
  assert.match(future.body, /<a href="#on-day">The date must be today or in the past<\/a>/);
  const page = await get(U(`/measures/${measureId}`), member.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /<svg[^>]*role="img"/);
  assert.match(page.body, /<title[^>]*>[^<]*Diabetes reviews done each week/);
  assert.match(page.body, /<desc[^>]*>[^<]+/);
  assert.match(page.body, /id="measure-signal"><strong>(Common cause variation|Special cause)/);
  const rows = bodyRows(tableById(page.body, 'data'));
  assert.equal(rows.length, 3);
  // 10, 12, 11: mean 11, moving ranges 2 and 1, limits 11 -+ 2.66 x 1.5.
  // Whole numbers in, so the computed figures have one decimal.
  assert.deepEqual([...rows[0].matchAll(/cell--numeric">([^<]*)</g)].map(m => m[1]), ['10', '11.0', '7.0', '15.0']);
  assert.match(rows[2], /Bank holiday/);
  assert.match(rows[2], new RegExp(`href="/pdsa/${cycle1}"`));
});

test('CSV import: a file with errors imports nothing and names line and column; then only the valid lines', async () => {
  const lines = ['date,value'];
  for (let i = 3; i < BASE.length; i++) lines.push(`${weekly(i)},${BASE[i]}`);
  for (let i = 0; i < HIGH.length; i++) lines.push(`${weekly(BASE.length + i)},${HIGH[i]}`);
  // Line 7 (the 6th data line) gets a bad value; one more line repeats a date.
  const good = [...lines];
  lines[6] = `${lines[6].split(',')[0]},abc`;
  lines.push(`${weekly(1)},11`);
  const csv = lines.join('\n') + '\n';
  const form = await get(U(`/measures/${measureId}/import`), lead.cookie);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /date,value\n2026-01-05,42/);
  const r = await postMultipart(`/measures/${measureId}/import`, lead, { csrf: lead.csrf }, { name: 'data.csv', bytes: csv });
  assert.equal(r.status, 400, why(r.body));
  assert.match(r.body, /nhsuk-error-summary/);
  assert.match(r.body, /Line 7, column 2: /);
  assert.ok(bodyRows(tableById(r.body, 'csv-errors')).length >= 2);
  const n = lines.length - 1 - 2;
  assert.match(r.body, new RegExp(`Import the ${n} valid lines`));
  assert.match(r.body, /Choose the same file again/);
  let page = await get(U(`/measures/${measureId}`), lead.cookie);
  assert.equal(bodyRows(tableById(page.body, 'data')).length, 3, 'nothing imported');
  // Pasted text: the valid-lines form carries it back.
  const p = await postMultipart(`/measures/${measureId}/import`, lead, { csrf: lead.csrf, csv });
  assert.equal(p.status, 400);
  assert.match(p.body, /<input type="hidden" name="valid_only" value="1">/);
  // Choosing the valid lines: the file again with valid_only.
  const v = await postMultipart(`/measures/${measureId}/import`, lead, { csrf: lead.csrf, valid_only: '1' }, { name: 'data.csv', bytes: csv });
  assert.equal(v.status, 303, why(v.body));
  page = await get(U(`/measures/${measureId}?all=1`), lead.cookie);
  assert.equal(bodyRows(tableById(page.body, 'data')).length, 3 + n);
  // The bad line is the only one missing: import it now by pasting.
  const fix = await postMultipart(`/measures/${measureId}/import`, lead, { csrf: lead.csrf, csv: `date,value\n${good[6]}\n` });
  assert.equal(fix.status, 303, why(fix.body));
  page = await get(U(`/measures/${measureId}`), lead.cookie);
  assert.match(page.body, /id="measure-signal"><strong>Special cause improvement since (February|March|April|May|June|July|August) 2021/);
  assert.match(page.body, /Special cause — improvement: the process has changed for the better/);
  assert.match(page.body, /id="assurance-meaning">Assurance: /);
  // The Making Data Count icons beside the words: improvement, high (more
  // reviews is better), and an assurance icon for the target of 14.
  const icons = page.body.match(/<div class="cc-icons" id="measure-icons">(.*?)<\/div>/s)[1];
  assert.match(icons, /<svg class="cc-icon cc-icon-improvement"[^>]*aria-hidden="true"/);
  assert.match(icons, />H<\/text>/);
  assert.match(icons, /<svg class="cc-icon cc-icon-(pass|fail|variable)"/);
  const project = await get(U(`/qi/${projectId}`), member.cookie);
  assert.match(project.body, /<td class="nhsuk-table__cell cc-signal"><span class="cc-signal-inline"><svg class="cc-icon cc-icon-improvement"[^]*?<span>Special cause improvement since/);
});

test('a rebase recalculates the limits from a date, and can be removed', async () => {
  const [y, m, d] = weekly(BASE.length).split('-');
  const bad = await postForm(U(`/measures/${measureId}/rebases`), lead.cookie, { csrf: lead.csrf, 'from-day': '1', 'from-month': '1',
    'from-year': '2020', reason: 'x' });
  assert.equal(bad.status, 400);
  const ok = await postForm(U(`/measures/${measureId}/rebases`), lead.cookie, { csrf: lead.csrf, 'from-day': String(+d),
    'from-month': String(+m), 'from-year': y, reason: 'Texts adopted at every practice' });
  assert.equal(ok.status, 303, why(ok.body));
  const api = await (await fetch(U(`/api/v1/measures/${measureId}`), { headers: { Cookie: lead.cookie } })).json();
  assert.equal(api.segments.length, 2);
  assert.equal(api.segments[1].from, weekly(BASE.length));
  const mean = HIGH.reduce((a, b) => a + b, 0) / HIGH.length;
  assert.ok(Math.abs(api.segments[1].centre - mean) < 1e-9, `centre ${api.segments[1].centre} = ${mean}`);
  const page = await get(U(`/measures/${measureId}`), lead.cookie);
  assert.match(page.body, /Texts adopted at every practice/);
  const rm = await postForm(U(`/measures/${measureId}/rebases/delete`), lead.cookie, { csrf: lead.csrf, from: weekly(BASE.length) });
  assert.equal(rm.status, 303);
  const api2 = await (await fetch(U(`/api/v1/measures/${measureId}`), { headers: { Cookie: lead.cookie } })).json();
  assert.equal(api2.segments.length, 1);
});

test('the API values match the statistics of the known series', async () => {
  const r = await fetch(U(`/api/v1/measures/${measureId}`), { headers: { Cookie: member.cookie } });
  assert.equal(r.status, 200);
  const j = await r.json();
  const all = [...BASE, ...HIGH];
  assert.equal(j.points.length, all.length);
  assert.deepEqual(j.points.map(p => p.value), all);
  assert.equal(j.points[0].date, weekly(0));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  assert.ok(Math.abs(j.centre - mean) < 1e-9, `mean ${j.centre} vs ${mean}`);
  assert.ok(j.upper > j.centre && j.lower < j.centre);
  assert.equal(j.measure.chart, 'xmr');
  assert.equal(j.signal.type, 'special_cause_improvement');
  assert.ok(j.points.at(-1).type === 'special_cause_improvement' && j.points.at(-1).rule);
  assert.ok(j.points.every(p => 'rule' in p && 'type' in p));
  assert.equal(j.next, null);
  // In pages: the statistics stay those of the whole series.
  const p1 = await (await fetch(U(`/api/v1/measures/${measureId}?limit=5`), { headers: { Cookie: member.cookie } })).json();
  assert.equal(p1.points.length, 5);
  assert.equal(p1.centre, j.centre);
  assert.equal(p1.next, `/api/v1/measures/${measureId}?from=5&limit=5`);
  const p2 = await (await fetch(U(p1.next), { headers: { Cookie: member.cookie } })).json();
  assert.equal(p2.points_from, 5);
  assert.deepEqual(p2.points.map(p => p.value), all.slice(5, 10));
  const list = await (await fetch(U('/api/v1/units/cardiff-south-west/qi'), { headers: { Cookie: member.cookie } })).json();
  const p = list.projects.find(x => x.id === projectId);
  assert.deepEqual(p.steeep, ['timely', 'person_centred']);
  assert.equal(p.measures[0].signal.type, 'special_cause_improvement');
});

test('the CSV download has the computed columns, formula cells defused', async () => {
  // A note that looks like a formula.
  const page = await get(U(`/measures/${measureId}`), lead.cookie);
  const pointId = page.body.match(/href="\/measures\/\d+\/points\/(\d+)"/)[1];
  const ann = await postForm(U(`/measures/${measureId}/points/${pointId}/annotate`), lead.cookie,
    { csrf: lead.csrf, note: '=HYPERLINK("x")', pdsa: '' });
  assert.equal(ann.status, 303);
  const r = await fetch(U(`/measures/${measureId}/data.csv`), { headers: { Cookie: member.cookie } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'a UTF-8 byte order mark, for Excel');
  const text = bytes.subarray(3).toString('utf8');
  const rows = text.trim().split('\r\n');
  assert.equal(rows[0], 'date,value,numerator,denominator,centre,lower,upper,type,rule,note,pdsa_cycle');
  assert.equal(rows.length, 1 + BASE.length + HIGH.length);
  const last = rows.at(-1).split(',');
  assert.equal(last[0], weekly(BASE.length + HIGH.length - 1));
  assert.equal(last[7], 'special_cause_improvement');
  assert.ok(Number(last[5]) < Number(last[4]) && Number(last[4]) < Number(last[6]));
  assert.match(text, /"'=HYPERLINK\(""x""\)"/);
  // The file as downloaded imports into another measure: the same values.
  const made = await postForm(U(`/qi/${projectId}/measures/new`), lead.cookie, { csrf: lead.csrf, kind: 'outcome',
    name: 'Diabetes reviews (copy)', definition: 'A copy from the download', unit: 'reviews', direction: 'increase',
    target: '', chart: 'xmr', screen_outliers: '1' });
  assert.equal(made.status, 303, why(made.body));
  const copyId = idFrom(made.headers.get('location'), /\/measures\/(\d+)/);
  const imp = await postMultipart(`/measures/${copyId}/import`, lead, { csrf: lead.csrf }, { name: 'download.csv', bytes: bytes });
  assert.equal(imp.status, 303, why(imp.body));
  const api = async id => (await (await fetch(U(`/api/v1/measures/${id}?limit=10000`), { headers: { Cookie: lead.cookie } })).json());
  const [orig, copy] = [await api(measureId), await api(copyId)];
  assert.deepEqual(copy.points.map(p => [p.date, p.value, p.type]), orig.points.map(p => [p.date, p.value, p.type]));
  assert.equal(copy.upper, orig.upper);
});

test('a run chart says its signal in words', async () => {
  const ok = await postForm(U(`/qi/${projectId}/measures/new`), lead.cookie, { csrf: lead.csrf, kind: 'balancing',
    name: 'Calls to reception', definition: 'Calls answered each week', unit: 'calls', direction: 'decrease', target: '',
    chart: 'run' });
  assert.equal(ok.status, 303);
  runMeasureId = idFrom(ok.headers.get('location'), /\/measures\/(\d+)/);
  const vals = [5, 6, 5, 7, 6, 5, 9, 10, 11, 10, 12, 11, 10, 11, 12, 13];
  const csv = 'date,value\n' + vals.map((v, i) => `${weekly(i)},${v}`).join('\n');
  assert.equal((await postMultipart(`/measures/${runMeasureId}/import`, lead, { csrf: lead.csrf, csv })).status, 303);
  const page = await get(U(`/measures/${runMeasureId}`), member.cookie);
  assert.match(page.body, /id="measure-signal"><strong>(Non-random variation: a run of \d+ points (above|below) the median|Non-random variation: only \d+ crossings)/);
  assert.match(page.body, /<svg[^>]*role="img"/);
});

test('a Welsh page shows Welsh text', async () => {
  const cy = { cookie: `${member.cookie}; cc_lang=cy` };
  const page = await get(U(`/qi/${projectId}`), cy.cookie);
  assert.match(page.body, /lang="cy"/);
  assert.match(page.body, /Beth ydyn ni'n ceisio ei gyflawni\?|Beth ydyn ni&#39;n ceisio ei gyflawni\?/);
  assert.match(page.body, /Diagram sbardunau/);
  assert.match(page.body, /Cylchoedd PDSA/);
  const m = await get(U(`/measures/${measureId}`), cy.cookie);
  assert.match(m.body, /Gwelliant achos arbennig ers/);
  assert.match(m.body, /Sicrwydd: /);
});

test('another board sees nothing: 404 for project, measure, cycle, CSV and API', async () => {
  for (const p of [`/qi/${projectId}`, `/measures/${measureId}`, `/pdsa/${cycle1}`, `/measures/${measureId}/data.csv`,
    `/measures/${measureId}/import`, `/units/cardiff-south-west/qi`]) {
    const r = await get(U(p), afanLead.cookie);
    assert.equal(r.status, 404, p);
  }
  const missing = await get(U('/qi/999999'), afanLead.cookie);
  const hidden = await get(U(`/qi/${projectId}`), afanLead.cookie);
  const norm = html => html.replace(/nonce-[^"']+|value="[0-9a-f]{64}"|nonce="[^"]+"|next=%2Fqi%2F\d+/g, '');
  assert.equal(hidden.status, missing.status);
  assert.equal(norm(hidden.body), norm(missing.body), 'the same page as for a missing project');
  for (const p of [`/api/v1/measures/${measureId}`, '/api/v1/units/cardiff-south-west/qi']) {
    const r = await fetch(U(p), { headers: { Cookie: afanLead.cookie } });
    assert.equal(r.status, 404, p);
  }
  const post = await postForm(U(`/measures/${measureId}/points`), afanLead.cookie, { csrf: afanLead.csrf, 'on-day': '1',
    'on-month': '1', 'on-year': '2019', value: '1' });
  assert.equal(post.status, 404);
});

test('a member not on the team cannot change the project; a member on the team can', async () => {
  const add = { csrf: member.csrf, 'on-day': '1', 'on-month': '9', 'on-year': '2021', value: '12', note: '', pdsa: '' };
  const no = await postForm(U(`/measures/${measureId}/points`), member.cookie, add);
  assert.equal(no.status, 404);
  const page = await get(U(`/qi/${projectId}`), member.cookie);
  assert.doesNotMatch(page.body, /action="\/qi\/\d+\/drivers"/, 'no write forms for a reader');
  assert.equal((await postForm(U(`/qi/${projectId}/drivers`), member.cookie, { csrf: member.csrf, kind: 'primary', parent: '', text: 'x' })).status, 404);
  // A second project with the member on its team.
  const form = await get(U(`${CSW}/qi/new`), lead.cookie);
  const team = teamOptions(form.body);
  assert.ok(team['Sian Griffiths'], 'Sian Griffiths is a current member');
  const body = projectForm({ title: 'Quicker prescription requests' });
  body.append('steeep', 'efficient');
  body.append('team', team['Sian Griffiths']);
  const r = await postForm(U(`${CSW}/qi/new`), lead.cookie, body.toString());
  assert.equal(r.status, 303);
  teamProjectId = idFrom(r.headers.get('location'), /\/qi\/(\d+)/);
  const own = await get(U(`/qi/${teamProjectId}`), member.cookie);
  assert.match(own.body, /action="\/qi\/\d+\/drivers"/, 'the team member gets the forms');
  const d = await postForm(U(`/qi/${teamProjectId}/drivers`), member.cookie, { csrf: member.csrf, kind: 'primary', parent: '',
    text: 'Requests reach the pharmacist' });
  assert.equal(d.status, 303);
  const m = await postForm(U(`/qi/${teamProjectId}/measures/new`), member.cookie, { csrf: member.csrf, kind: 'process',
    name: 'Requests done in 48 hours', definition: 'Share of requests done within 48 hours', unit: '', direction: 'increase',
    target: '0.9', chart: 'p' });
  assert.equal(m.status, 303, why(m.body));
  const pm = idFrom(m.headers.get('location'), /\/measures\/(\d+)/);
  const pt = await postForm(U(`/measures/${pm}/points`), member.cookie, { csrf: member.csrf, 'on-day': '3', 'on-month': '2',
    'on-year': '2021', numerator: '40', denominator: '50', note: '', pdsa: '' });
  assert.equal(pt.status, 303, why(pt.body));
  const one = await get(U(`/measures/${pm}`), member.cookie);
  assert.equal(one.status, 200, 'a p-chart of one point still draws');
  assert.match(one.body, /<svg[^>]*role="img"/);
  assert.match(one.body, /<td class="nhsuk-table__cell nhsuk-table__cell--numeric">80\.0%<\/td>/, 'a proportion as a percentage, one decimal');
  const over = await postForm(U(`/measures/${pm}/points`), member.cookie, { csrf: member.csrf, 'on-day': '10', 'on-month': '2',
    'on-year': '2021', numerator: '60', denominator: '50', note: '', pdsa: '' });
  assert.equal(over.status, 400);
  assert.match(over.body, /href="#numerator"/);
});

test('links to the unit\'s decisions and actions, and unlinking', async () => {
  // An action of the unit to link.
  const people = Object.fromEntries([...(await get(U(`${CSW}/actions/new`), lead.cookie)).body
    .matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map(m => [m[2], m[1]]));
  const a = await postForm(U(`${CSW}/actions/new`), lead.cookie, { csrf: lead.csrf, description: 'Buy the texting service for QI',
    lead: Object.values(people)[0], 'due-day': '1', 'due-month': '6', 'due-year': '2031', meeting: '0' });
  assert.equal(a.status, 303, why(a.body));
  const actionId = a.headers.get('location').match(/#action-(\d+)/)[1];
  const page = await get(U(`/qi/${projectId}`), lead.cookie);
  assert.match(page.body, new RegExp(`<option value="action-${actionId}"`));
  const none = await postForm(U(`/qi/${projectId}/links`), lead.cookie, { csrf: lead.csrf, ref: '' });
  assert.equal(none.status, 400);
  const ok = await postForm(U(`/qi/${projectId}/links`), lead.cookie, { csrf: lead.csrf, ref: `action-${actionId}` });
  assert.equal(ok.status, 303, why(ok.body));
  const after1 = await get(U(`/qi/${projectId}`), member.cookie);
  assert.match(after1.body, new RegExp(`href="/actions/${actionId}"`));
  const linkId = after1.body.match(/id="link-(\d+)"/)[1];
  // A decision of the demo data, if the unit has one.
  const dec = (await get(U(`/qi/${projectId}`), lead.cookie)).body.match(/<option value="(decision-\d+)"/);
  if (dec) {
    const d = await postForm(U(`/qi/${projectId}/links`), lead.cookie, { csrf: lead.csrf, ref: dec[1] });
    assert.equal(d.status, 303);
  }
  const un = await postForm(U(`/qi/${projectId}/links/${linkId}/delete`), lead.cookie, { csrf: lead.csrf });
  assert.equal(un.status, 303);
  assert.doesNotMatch((await get(U(`/qi/${projectId}`), lead.cookie)).body, new RegExp(`id="link-${linkId}"`));
});

test('a professional collaborative runs its own project; the cluster lists it with its collaboratives\' projects', async () => {
  const COLLAB = '/units/cardiff-south-west-community-pharmacy-collaborative';
  const list = await get(U(`${COLLAB}/qi`), lead.cookie);
  assert.equal(list.status, 200);
  const body = projectForm({ title: 'Common ailments: more consultations in pharmacies' });
  body.append('steeep', 'timely');
  const r = await postForm(U(`${COLLAB}/qi/new`), lead.cookie, body.toString());
  assert.equal(r.status, 303, why(r.body));
  const id = idFrom(r.headers.get('location'), /\/qi\/(\d+)/);
  const page = await get(U(`/qi/${id}`), member.cookie);
  assert.equal(page.status, 200);
  assert.match(page.body, /href="\/units\/cardiff-south-west-community-pharmacy-collaborative\/qi"/);
  assert.match((await get(U(`${COLLAB}/qi`), member.cookie)).body, /Common ailments: more consultations in pharmacies/);
  // The cluster's page: not among its own projects, but under its
  // collaboratives', with the collaborative's name on the card.
  const cluster = (await get(U(`${CSW}/qi`), member.cookie)).body;
  const iSection = cluster.indexOf('id="qi-collaboratives"');
  assert.ok(iSection > cluster.indexOf('id="qi-projects"'), 'the collaboratives come after the cluster\'s own');
  assert.equal(cluster.split('Common ailments: more consultations in pharmacies').length, 2, 'listed once');
  const after = cluster.slice(iSection);
  assert.match(after, /<span class="nhsuk-caption-m">Cardiff South West Community Pharmacy Collaborative<\/span>\n<h3 class="nhsuk-card__heading nhsuk-heading-m"><a href="\/qi\/\d+">Common ailments: more consultations in pharmacies<\/a><\/h3>/);
  // Another board's lead sees nothing of it.
  assert.equal((await get(U(`/qi/${id}`), afanLead.cookie)).status, 404);
});

test('CSRF: a form without the token is refused', async () => {
  const r = await postForm(U(`/qi/${projectId}/drivers`), lead.cookie, { kind: 'primary', parent: '', text: 'No token' });
  assert.equal(r.status, 403);
  const fd = new FormData();
  fd.append('csv', 'date,value\n2019-01-01,1\n');
  const m = await fetch(U(`/measures/${measureId}/import`), { method: 'POST', redirect: 'manual', headers: { Cookie: lead.cookie }, body: fd });
  assert.equal(m.status, 403);
});

test('a long series: the page shows one page of the table, with earlier pages', async () => {
  const lines = ['date,value'];
  for (let i = 0; i < 400; i++) {
    const d = new Date(Date.UTC(2022, 0, 1) + 86400000 * i).toISOString().slice(0, 10);
    lines.push(`${d},${(i * 37) % 23 + 50}`);
  }
  const ok = await postForm(U(`/qi/${projectId}/measures/new`), lead.cookie, { csrf: lead.csrf, kind: 'process',
    name: 'Daily calls', definition: 'Calls each day', unit: '', direction: 'neutral', target: '', chart: 'xmr', screen_outliers: '1' });
  const id = idFrom(ok.headers.get('location'), /\/measures\/(\d+)/);
  const imp = await postMultipart(`/measures/${id}/import`, lead, { csrf: lead.csrf }, { name: 'long.csv', bytes: lines.join('\r\n') });
  assert.equal(imp.status, 303, why(imp.body));
  const page = await get(U(`/measures/${id}`), lead.cookie);
  assert.equal(bodyRows(tableById(page.body, 'data')).length, 52);
  assert.match(page.body, /id="earlier-points"/);
  const p2 = await get(U(`/measures/${id}?page=2`), lead.cookie);
  assert.equal(bodyRows(tableById(p2.body, 'data')).length, 52);
  assert.notEqual(tableById(p2.body, 'data'), tableById(page.body, 'data'));
});

test('CSV import: a line dated after today is named, and left out only when chosen', async () => {
  const csv = 'date,value\n2099-01-04,7\n';
  const r = await postMultipart(`/measures/${measureId}/import`, lead, { csrf: lead.csrf, csv });
  assert.equal(r.status, 400, why(r.body));
  assert.match(r.body, /Line 2, column 1: this date is after today: a value can only be entered once it has been measured/);
  const v = await postMultipart(`/measures/${measureId}/import`, lead, { csrf: lead.csrf, csv, valid_only: '1' });
  assert.equal(v.status, 400, 'no valid line to import');
  const j = await (await fetch(U(`/api/v1/measures/${measureId}?limit=10000`), { headers: { Cookie: lead.cookie } })).json();
  assert.equal(j.points.filter(p => p.date.startsWith('2099-')).length, 0);
});

test('an upload that arrives a few bytes at a time is read whole (fields and file)', async () => {
  const B = '----carecluster-test';
  const csv = 'date,value\n2019-01-07,5\n2019-01-14,abc\n2019-01-21,6\n';
  const body = `--${B}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${lead.csrf}\r\n`
    + `--${B}\r\nContent-Disposition: form-data; name="valid_only"\r\n\r\n1\r\n`
    + `--${B}\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${B}--\r\n`;
  const head = `POST /measures/${measureId}/import HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${lead.cookie}\r\n`
    + `Content-Type: multipart/form-data; boundary=${B}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  const chunks = [head];
  for (let i = 0; i < body.length; i += 3) chunks.push(body.slice(i, i + 3));
  const r = await raw(server.port, chunks, { gap: 1, wait: 15000 });
  assert.deepEqual(statuses(r.text), [303], r.text.slice(0, 400));
  const j = await (await fetch(U(`/api/v1/measures/${measureId}?limit=10000`), { headers: { Cookie: lead.cookie } })).json();
  const added = j.points.filter(p => p.date.startsWith('2019-'));
  assert.deepEqual(added.map(p => [p.date, p.value]), [['2019-01-07', 5], ['2019-01-21', 6]]);
});

test('the audit log names every QI change in words', async () => {
  const admin = await mustSignIn(server.url, 'admin@example.wales');
  const page = await get(U('/admin/audit'), admin.cookie);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, /audit\.(entity|action)\./, 'no catalogue key shown raw');
  for (const what of ['QI project', 'driver diagram entry', 'PDSA cycle', 'QI measure', 'data point']) {
    assert.match(page.body, new RegExp(`(Created|Changed|Deleted): ${what} \\d+`), what);
  }
});

