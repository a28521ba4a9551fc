// Adding and changing the members of a cluster through the web forms:
// CSRF, validation with the typed values kept, escaping, who may write,
// the one-Cluster-Lead rule, and the audit trail of a change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById, plainCells } from './helpers.mjs';

let server, lead, member, afanLead, admin, hb;
before(async () => {
  server = await start();
  lead = await mustSignIn(server.url, 'lead@example.wales');
  member = await mustSignIn(server.url, 'member@example.wales');
  afanLead = await mustSignIn(server.url, 'lead.afan@example.wales');
  admin = await mustSignIn(server.url, 'admin@example.wales');
  hb = await mustSignIn(server.url, 'hb@example.wales');
});
after(async () => { await server?.stop(); });

const CSW = '/units/cardiff-south-west';
const validForm = (over = {}) => ({
  csrf: lead.csrf,
  name: 'Bethan Powell',
  email: 'bethan.powell@example.wales',
  job_title: 'Practice manager',
  organisation: 'Riverside Medical Centre',
  role: 'gp_collaborative_lead',
  core: 'core',
  voting: 'yes',
  valid_from: '2025-04-01',
  valid_to: '',
  ...over,
});

// The three fields of an NHS.UK date input, as a browser sends them.
const dateParts = (name, day, month, year) =>
  ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });
// A form with the dates typed into the three fields instead of valid_from=YYYY-MM-DD.
function partsForm(over = {}) {
  const { valid_from, valid_to, ...rest } = validForm();
  return { ...rest, ...dateParts('valid_from', '1', '4', '2025'), ...dateParts('valid_to', '', '', ''), ...over };
}

async function clusterPage(slug = 'cardiff-south-west', cookie = lead.cookie, all = true) {
  const r = await get(`${server.url}/units/${slug}${all ? '?all=1' : ''}`, cookie);
  assert.equal(r.status, 200);
  return r.body;
}
const membersTable = async (...a) => plainCells(tableById(await clusterPage(...a), 'members')) ?? '';

// Membership id of the row whose (escaped) name is exactly `escapedName`.
async function membershipId(escapedName, slug = 'cardiff-south-west') {
  const t = await membersTable(slug, slug === 'afan' ? afanLead.cookie : lead.cookie);
  const re = /<a href="\/memberships\/(\d+)\/edit">[^<]*<span class="nhsuk-u-visually-hidden"> ([^<]*)<\/span><\/a>/g;
  const ids = [...t.matchAll(re)].filter(m => m[2] === escapedName).map(m => Number(m[1]));
  assert.equal(ids.length, 1, `one membership row for ${escapedName}, found ${ids.length}`);
  return ids[0];
}

function summaryMessages(html) {
  const m = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/);
  if (!m) return [];
  return [...m[0].matchAll(/<li><a href="#([^"]*)">([^<]*)<\/a><\/li>/g)].map(x => [x[1], x[2]]);
}
const inputValue = (html, name) => html.match(new RegExp(`<input [^>]*name="${name}" [^>]*value="([^"]*)"`))?.[1];
const selectedRole = html => html.match(/<option value="([^"]*)" selected>/)?.[1];
// What the day, month and year fields of a date show.
const dateValue = (html, name) => ['day', 'month', 'year'].map(p => inputValue(html, `${name}-${p}`));
// The form group (fieldset and all) of a date input.
const dateGroup = (html, name) =>
  html.match(new RegExp(`<div class="nhsuk-form-group[^"]*">\\n<fieldset [^>]*>\\n<legend[^>]*>[^<]*</legend>\\n<div class="nhsuk-hint" id="${name}-hint">[\\s\\S]*?</fieldset>`))?.[0];
// The audit log's row for "<What>: membership <id>" (What: Created, Changed).
const auditEntry = (html, what, id) =>
  html.match(new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*<td class="nhsuk-table__cell">${what}: membership ${id}</td>(?:(?!</tr>)[\\s\\S])*</tr>`))?.[0];
// The items of an audit entry's list of changes.
const changeItems = entry => entry.match(/<li>[\s\S]*?<\/li>/g) ?? [];
// The stored dates of a member's row, [valid_from, valid_to] as YYYY-MM-DD
// (or null), read back from their edit form; past and future members too.
async function savedDates(name) {
  const edit = await get(`${server.url}/memberships/${await membershipId(name)}/edit`, lead.cookie);
  assert.equal(edit.status, 200);
  return ['valid_from', 'valid_to'].map(f => {
    const [d, m, y] = dateValue(edit.body, f);
    return y ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : null;
  });
}
const checked = (html, name) => html.match(new RegExp(`name="${name}" type="radio" value="([^"]*)" checked`))?.[1];

test('the new-member form is there for the lead, with a csrf token', async () => {
  const r = await get(`${server.url}${CSW}/members/new`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Add a member');
  assert.match(r.body, /<form method="post" action="\/units\/cardiff-south-west\/members" novalidate>/);
  assert.equal(inputValue(r.body, 'csrf'), lead.csrf);
  assert.match(r.body, /<option value="gp_collaborative_lead">General Practice Collaborative Lead<\/option>/);
});

test('the dates are NHS.UK date inputs: a fieldset of Day, Month and Year', async () => {
  const r = await get(`${server.url}${CSW}/members/new`, lead.cookie);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.body, /type="date"/, 'no browser date pickers');
  for (const [name, legend, hint] of [
    ['valid_from', 'Start date', 'For example, 1 4 2026'],
    ['valid_to', 'End date (optional)', 'Leave empty while they are still a member. For example, 31 3 2027'],
  ]) {
    const g = dateGroup(r.body, name);
    assert.ok(g, `a date input for ${name}`);
    assert.match(g, new RegExp(`^<div class="nhsuk-form-group">\\n<fieldset class="nhsuk-fieldset" role="group" aria-describedby="${name}-hint">`));
    assert.match(g, new RegExp(`<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${legend.replace(/[()]/g, '\\$&')}</legend>`));
    assert.match(g, new RegExp(`<div class="nhsuk-hint" id="${name}-hint">${hint}</div>`));
    assert.match(g, new RegExp(`<div class="nhsuk-date-input" id="${name}">`));
    const fields = [...g.matchAll(/<label class="nhsuk-label nhsuk-date-input__label" for="([^"]+)">([^<]+)<\/label><input class="([^"]+)" id="([^"]+)" name="([^"]+)" type="text" inputmode="numeric"/g)]
      .map(m => ({ for: m[1], label: m[2], cls: m[3], id: m[4], name: m[5] }));
    assert.deepEqual(fields.map(f => [f.label, f.for, f.id, f.name]), [
      ['Day', `${name}-day`, `${name}-day`, `${name}-day`],
      ['Month', `${name}-month`, `${name}-month`, `${name}-month`],
      ['Year', `${name}-year`, `${name}-year`, `${name}-year`],
    ]);
    assert.deepEqual(fields.map(f => /nhsuk-input--width-(\d+)/.exec(f.cls)[1]), ['2', '2', '4']);
    assert.doesNotMatch(g, /nhsuk-error-message|--error/);
  }
  // The start date defaults to today, shown as people write it (no leading zeros).
  const [d, m, y] = dateValue(r.body, 'valid_from');
  assert.match(`${d} ${m} ${y}`, /^[1-9]\d? [1-9]\d? \d{4}$/);
  assert.equal(new Date(Date.UTC(+y, +m - 1, +d)).toISOString().slice(0, 10),
    `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`, 'a real date');
  assert.deepEqual(dateValue(r.body, 'valid_to'), ['', '', '']);
});

test('a valid form adds the member and redirects (303) to the cluster page', async () => {
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, validForm());
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units/cardiff-south-west#members');
  const t = await membersTable();
  const row = t.match(/<tr[^>]*><td class="nhsuk-table__cell">Bethan Powell<br>[\s\S]*?<\/tr>/)?.[0];
  assert.ok(row, 'the new member is listed');
  assert.match(row, /Practice manager/);
  assert.match(row, /General Practice Collaborative Lead/);
  assert.match(row, /Core member/);
  assert.match(row, />Voting</);
  // The date as people write it, not as stored.
  assert.match(row, /<span class="cc-nowrap">1 April 2025<\/span>/);
  assert.doesNotMatch(row, /2025-04-01/);
  // And through the API too (current members).
  const api = await get(`${server.url}/api/v1/units/cardiff-south-west/members`, lead.cookie);
  const m = JSON.parse(api.body).members.find(x => x.name === 'Bethan Powell');
  assert.deepEqual({ role: m.role, core: m.core, voting: m.voting, valid_from: m.valid_from, valid_to: m.valid_to },
    { role: 'gp_collaborative_lead', core: true, voting: true, valid_from: '2025-04-01', valid_to: null });
});

test('a date typed into Day, Month and Year is saved as that date', async () => {
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, partsForm({
    name: 'Dated In Parts', ...dateParts('valid_from', '7', '9', '2025'), ...dateParts('valid_to', '31', '3', '2027'),
  }));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units/cardiff-south-west#members');
  const row = (await membersTable()).match(/<td class="nhsuk-table__cell">Dated In Parts<br>[\s\S]*?<\/tr>/)?.[0];
  assert.ok(row, 'listed');
  assert.match(row, /<span class="cc-nowrap">7 September 2025<\/span> – <span class="cc-nowrap">31 March 2027<\/span>/);
  const api = JSON.parse((await get(`${server.url}/api/v1/units/cardiff-south-west/members`, lead.cookie)).body);
  const m = api.members.find(x => x.name === 'Dated In Parts');
  assert.deepEqual([m.valid_from, m.valid_to], ['2025-09-07', '2027-03-31']);
  // The edit form shows the stored dates in the three fields again.
  const id = await membershipId('Dated In Parts');
  const edit = await get(`${server.url}/memberships/${id}/edit`, lead.cookie);
  assert.deepEqual(dateValue(edit.body, 'valid_from'), ['7', '9', '2025']);
  assert.deepEqual(dateValue(edit.body, 'valid_to'), ['31', '3', '2027']);
});

test('Day, Month and Year: leading zeros and spaces are fine, three empty fields are no date', async () => {
  const cases = [
    [['01', '04', '2025'], ['', '', ''], '2025-04-01', null],
    [[' 5 ', ' 6', '2025 '], [' ', '', ''], '2025-06-05', null],
    [['29', '2', '2028'], ['28', '02', '2029'], '2028-02-29', '2029-02-28'],   // a leap day
  ];
  for (const [[fd, fm, fy], [td, tm, ty], from, to] of cases) {
    const name = `Parts ${from}`;
    const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, partsForm({
      name, role: 'other_member', ...dateParts('valid_from', fd, fm, fy), ...dateParts('valid_to', td, tm, ty),
    }));
    assert.equal(r.status, 303, name);
    assert.deepEqual(await savedDates(name), [from, to], name);
  }
});

test('the three fields win over valid_from=YYYY-MM-DD; the ISO date alone is still read', async () => {
  // Both: the fields are what the person typed.
  let r = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    { ...validForm({ name: 'Both Kinds', role: 'other_member', valid_from: '2020-01-01' }), ...dateParts('valid_from', '2', '3', '2025') });
  assert.equal(r.status, 303);
  // Only the ISO field (a client without the date input).
  r = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    validForm({ name: 'Iso Only', role: 'other_member', valid_from: '2025-03-04', valid_to: '2026-03-03' }));
  assert.equal(r.status, 303);
  assert.deepEqual(await savedDates('Both Kinds'), ['2025-03-02', null]);
  assert.deepEqual(await savedDates('Iso Only'), ['2025-03-04', '2026-03-03']);
  const t = await membersTable();
  assert.match(t, /Iso Only<br>[\s\S]*?<span class="cc-nowrap">4 March 2025<\/span> – <span class="cc-nowrap">3 March 2026<\/span>/);
});

test('a date that is not real is 400 next to that date, and the typed parts are kept', async () => {
  const bad = [
    ['31', '2', '2026'],     // no 31 February
    ['29', '2', '2027'],     // not a leap year
    ['1', '13', '2026'],     // no month 13
    ['0', '4', '2026'],
    ['1', '4', '26'],        // a year of 2 digits
    ['1', '4', '02026'],
    ['first', '4', '2026'],
    ['1', 'April', '2026'],
    ['1', '4', '2026-'],     // a hyphen must not move the parts about
    ['', '4', '2026'],       // a part missing
    ['1', '4', ''],
    ['1.5', '4', '2026'],
  ];
  for (const parts of bad) {
    const what = parts.join('/');
    const r = await postForm(`${server.url}${CSW}/members`, lead.cookie,
      partsForm({ name: 'Unreal Date', ...dateParts('valid_from', ...parts) }));
    assert.equal(r.status, 400, what);
    // The summary links to the first of the three fields.
    assert.deepEqual(summaryMessages(r.body), [['valid_from-day', 'Enter a real date, for example 1 4 2026']], what);
    const g = dateGroup(r.body, 'valid_from');
    assert.match(g, /^<div class="nhsuk-form-group nhsuk-form-group--error">\n<fieldset class="nhsuk-fieldset" role="group" aria-describedby="valid_from-hint valid_from-error">/, what);
    assert.match(g, /<span class="nhsuk-error-message" id="valid_from-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Enter a real date, for example 1 4 2026<\/span>/, what);
    assert.equal((g.match(/nhsuk-input--error/g) || []).length, 3, `${what}: the three fields are marked`);
    assert.deepEqual(dateValue(r.body, 'valid_from'), parts, `${what}: kept as typed`);
    // The other date is not touched.
    assert.doesNotMatch(dateGroup(r.body, 'valid_to'), /error/, what);
  }
  // The same for the end date.
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    partsForm({ name: 'Unreal Date', ...dateParts('valid_to', '31', '4', '2027') }));
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), [['valid_to-day', 'Enter a real date, for example 1 4 2026']]);
  assert.match(dateGroup(r.body, 'valid_to'), /id="valid_to-error"/);
  assert.deepEqual(dateValue(r.body, 'valid_to'), ['31', '4', '2027']);
  assert.deepEqual(dateValue(r.body, 'valid_from'), ['1', '4', '2025']);
  // Nothing was saved.
  assert.doesNotMatch(await clusterPage(), /Unreal Date/);
});

test('three empty start fields: "Enter the date their membership starts"', async () => {
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    partsForm({ name: 'No Start', ...dateParts('valid_from', '', '', '') }));
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), [['valid_from-day', 'Enter the date their membership starts']]);
  assert.deepEqual(dateValue(r.body, 'valid_from'), ['', '', '']);
  // An end before the start, typed in parts.
  const e = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    partsForm({ name: 'Ends Early', ...dateParts('valid_to', '31', '3', '2025') }));
  assert.equal(e.status, 400);
  assert.deepEqual(summaryMessages(e.body), [['valid_to-day', 'The end date must be the same as or after the start date']]);
  assert.deepEqual(dateValue(e.body, 'valid_to'), ['31', '3', '2025']);
});

test('without the csrf token (or with another session\'s) it is 403 and nothing is saved', async () => {
  const { csrf, ...noToken } = validForm({ name: 'Forged Without Token' });
  assert.ok(csrf);
  let r = await postForm(`${server.url}${CSW}/members`, lead.cookie, noToken);
  assert.equal(r.status, 403);
  assert.equal(h1(r.body), 'Sorry, the form could not be sent');
  r = await postForm(`${server.url}${CSW}/members`, lead.cookie, validForm({ name: 'Forged Other Token', csrf: hb.csrf }));
  assert.equal(r.status, 403);
  r = await postForm(`${server.url}${CSW}/members`, lead.cookie, validForm({ name: 'Forged Empty Token', csrf: '' }));
  assert.equal(r.status, 403);
  // Signed out: to the sign-in page, nothing saved.
  r = await postForm(`${server.url}${CSW}/members`, null, validForm({ name: 'Forged Signed Out' }));
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login\?next=/);
  const page = await clusterPage();
  assert.doesNotMatch(page, /Forged/);
});

test('an empty name is 400 with "Enter their full name" and the typed values kept', async () => {
  const typed = partsForm({
    name: '', email: 'kept.email@example.wales', job_title: 'Kept job title', organisation: 'Kept & Co',
    role: 'third_sector_rep', core: 'attendance', voting: 'no',
    ...dateParts('valid_from', '06', '5', '2025'), ...dateParts('valid_to', '6', '05', '2026'),
  });
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, typed);
  assert.equal(r.status, 400);
  assert.match(r.body, /<title>Error: Add a member/);
  assert.deepEqual(summaryMessages(r.body), [['name', 'Enter their full name']]);
  assert.match(r.body, /<span class="nhsuk-error-message" id="name-error">/);
  assert.match(r.body, /<input class="nhsuk-input nhsuk-input--error" id="name"/);
  assert.equal(inputValue(r.body, 'email'), 'kept.email@example.wales');
  assert.equal(inputValue(r.body, 'job_title'), 'Kept job title');
  assert.equal(inputValue(r.body, 'organisation'), 'Kept &amp; Co');
  // The date fields show exactly what was typed (zeros and all).
  assert.deepEqual(dateValue(r.body, 'valid_from'), ['06', '5', '2025']);
  assert.deepEqual(dateValue(r.body, 'valid_to'), ['6', '05', '2026']);
  assert.doesNotMatch(r.body, /name="valid_from"|name="valid_to"/, 'no single date fields');
  assert.equal(selectedRole(r.body), 'third_sector_rep');
  assert.equal(checked(r.body, 'core'), 'attendance');
  assert.equal(checked(r.body, 'voting'), 'no');
  // The re-shown form still posts with the session's token.
  assert.equal(inputValue(r.body, 'csrf'), lead.csrf);
  assert.doesNotMatch(await clusterPage(), /Kept job title/);
  // A client that sent valid_from=YYYY-MM-DD gets the date back in the three fields.
  const iso = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    validForm({ name: '', valid_from: '2025-05-06', valid_to: '2026-12-31' }));
  assert.equal(iso.status, 400);
  assert.deepEqual(dateValue(iso.body, 'valid_from'), ['6', '5', '2025']);
  assert.deepEqual(dateValue(iso.body, 'valid_to'), ['31', '12', '2026']);
});

test('other invalid fields each get their own message', async () => {
  const cases = [
    [{ name: '   ' }, 'name', 'Enter their full name'],
    [{ email: 'not-an-email' }, 'email', 'Enter an email address in the correct format, like name@wales.nhs.uk'],
    [{ role: '' }, 'role', 'Select their role in the cluster'],
    [{ role: 'emperor' }, 'role', 'Select their role in the cluster'],
    [{ core: 'maybe' }, 'core', 'Select whether they are a core member or in attendance'],
    [{ voting: '' }, 'voting', 'Select whether they can vote'],
    [{ valid_from: '' }, 'valid_from', 'Enter the date their membership starts'],
    [{ valid_from: '2025-02-30' }, 'valid_from', 'Enter a real date, for example 1 4 2026'],
    [{ valid_from: '1/4/2025' }, 'valid_from', 'Enter a real date, for example 1 4 2026'],
    [{ valid_to: '2026-13-01' }, 'valid_to', 'Enter a real date, for example 1 4 2026'],
    [{ valid_to: '2025-03-31' }, 'valid_to', 'The end date must be the same as or after the start date'],
    [{ name: 'x'.repeat(201) }, 'name', 'Use 200 characters or fewer'],
    [{ job_title: 'Tab\there' }, 'job_title', 'Remove control characters and use only normal text'],
  ];
  for (const [over, field, message] of cases) {
    const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, validForm({ name: 'Invalid Case', ...over }));
    assert.equal(r.status, 400, JSON.stringify(over));
    assert.deepEqual(summaryMessages(r.body), [[field, message]], JSON.stringify(over));
  }
  assert.doesNotMatch(await clusterPage(), /Invalid Case/);
});

test('a name of 200 characters is accepted', async () => {
  const name = 'Long'.padEnd(200, 'n');
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie, validForm({ name, role: 'other_member' }));
  assert.equal(r.status, 303);
  assert.ok((await membersTable()).includes(`>${name}<br>`));
});

test('a name with markup is saved and always shown escaped', async () => {
  const name = '<script>alert(1)</script>';
  const job = '"><img src=x onerror=alert(2)>';
  const r = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    validForm({ name, job_title: job, role: 'other_member' }));
  assert.equal(r.status, 303);
  const page = await clusterPage();
  assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped name on the cluster page');
  assert.ok(page.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'), 'escaped job title');
  assert.ok(!page.includes('<script>alert(1)'), 'raw script on the cluster page');
  assert.ok(!page.includes('<img src=x'), 'raw img on the cluster page');
  // The edit form puts it in value="..." escaped.
  const id = await membershipId('&lt;script&gt;alert(1)&lt;/script&gt;');
  const edit = await get(`${server.url}/memberships/${id}/edit`, lead.cookie);
  assert.equal(edit.status, 200);
  assert.equal(inputValue(edit.body, 'name'), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(inputValue(edit.body, 'job_title'), '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  assert.ok(!edit.body.includes('<script>alert(1)') && !edit.body.includes('<img src=x'));
  // The audit log's list of changes decodes the stored JSON and escapes
  // the values again for HTML.
  let audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.ok(!audit.body.includes('<script>alert(1)') && !audit.body.includes('<img src=x'));
  const created = auditEntry(audit.body, 'Created', id);
  assert.ok(created, 'the creation is in the audit log');
  assert.ok(created.includes('<li><span class="cc-field">name</span>: <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins></li>'),
    'the name, escaped, in the changes list');
  assert.ok(created.includes('<li><span class="cc-field">job_title</span>: <ins>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</ins></li>'),
    'the job title, escaped');
  assert.ok(!created.includes('\\u003c'), 'not the JSON escapes');
  // The API returns the exact text as JSON.
  const api = JSON.parse((await get(`${server.url}/api/v1/units/cardiff-south-west/members`, lead.cookie)).body);
  assert.ok(api.members.some(m => m.name === name));
  // Renamed: the old name is escaped inside <del> too.
  const renamed = await postForm(`${server.url}/memberships/${id}`, lead.cookie,
    validForm({ name: 'Renamed </ins><script>alert(3)</script>', job_title: job, role: 'other_member' }));
  assert.equal(renamed.status, 303);
  audit = await get(`${server.url}/admin/audit`, admin.cookie);
  const changed = auditEntry(audit.body, 'Changed', id);
  assert.ok(changed, 'the rename is in the audit log');
  assert.deepEqual(changeItems(changed), [
    '<li><span class="cc-field">name</span>: <del>&lt;script&gt;alert(1)&lt;/script&gt;</del> → '
      + '<ins>Renamed &lt;/ins&gt;&lt;script&gt;alert(3)&lt;/script&gt;</ins></li>',
  ]);
  assert.ok(!audit.body.includes('<script>alert(3)') && !audit.body.includes('</ins><script>'));
});

test('a member (read-only role) gets 404 for the form and the POST', async () => {
  let r = await get(`${server.url}${CSW}/members/new`, member.cookie);
  assert.equal(r.status, 404);
  assert.equal(h1(r.body), 'Page not found');
  r = await postForm(`${server.url}${CSW}/members`, member.cookie, validForm({ csrf: member.csrf, name: 'By A Member' }));
  assert.equal(r.status, 404);
  const id = await membershipId('Dr Rhodri Evans');
  r = await get(`${server.url}/memberships/${id}/edit`, member.cookie);
  assert.equal(r.status, 404);
  r = await postForm(`${server.url}/memberships/${id}`, member.cookie,
    validForm({ csrf: member.csrf, name: 'Renamed By Member', role: 'gp_collaborative_lead' }));
  assert.equal(r.status, 404);
  const t = await membersTable();
  assert.doesNotMatch(t, /By A Member|Renamed By Member/);
});

test('another cluster\'s lead cannot add to or change cardiff-south-west (404)', async () => {
  let r = await get(`${server.url}${CSW}/members/new`, afanLead.cookie);
  assert.equal(r.status, 404);
  r = await postForm(`${server.url}${CSW}/members`, afanLead.cookie, validForm({ csrf: afanLead.csrf, name: 'From Afan' }));
  assert.equal(r.status, 404);
  const id = await membershipId('Dr Rhodri Evans');
  r = await get(`${server.url}/memberships/${id}/edit`, afanLead.cookie);
  assert.equal(r.status, 404);
  r = await postForm(`${server.url}/memberships/${id}`, afanLead.cookie,
    validForm({ csrf: afanLead.csrf, name: 'Hijacked By Afan', role: 'gp_collaborative_lead', valid_from: '2024-06-01' }));
  assert.equal(r.status, 404);
  // The lead's own token does not help the afan lead either.
  r = await postForm(`${server.url}${CSW}/members`, afanLead.cookie, validForm({ name: 'From Afan Again' }));
  assert.equal(r.status, 403);
  assert.doesNotMatch(await membersTable(), /From Afan|Hijacked By Afan/);
  // ...and cardiff-south-west's lead cannot change afan's members.
  const afanId = await membershipId('Dr Rhodri Evans', 'afan');
  r = await get(`${server.url}/memberships/${afanId}/edit`, lead.cookie);
  assert.equal(r.status, 404);
});

test('the health board may add to any of its clusters', async () => {
  const r = await postForm(`${server.url}/units/cardiff-east/members`, hb.cookie,
    validForm({ csrf: hb.csrf, name: 'Added By Board', role: 'head_of_primary_care' }));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units/cardiff-east#members');
  assert.match(await membersTable('cardiff-east', hb.cookie), /Added By Board/);
  const afan = await postForm(`${server.url}/units/afan/members`, hb.cookie,
    validForm({ csrf: hb.csrf, name: 'Board Into Afan' }));
  assert.equal(afan.status, 404);
});

test('edit: the form is filled in, and a change of role is saved and audited with old and new values', async () => {
  const id = await membershipId('Dr Rhodri Evans');
  const edit = await get(`${server.url}/memberships/${id}/edit`, lead.cookie);
  assert.equal(edit.status, 200);
  assert.equal(h1(edit.body), 'Change a member');
  assert.match(edit.body, new RegExp(`<form method="post" action="/memberships/${id}" novalidate>`));
  assert.equal(inputValue(edit.body, 'name'), 'Dr Rhodri Evans');
  assert.equal(inputValue(edit.body, 'job_title'), 'GP partner');
  assert.deepEqual(dateValue(edit.body, 'valid_from'), ['1', '6', '2024']);
  assert.deepEqual(dateValue(edit.body, 'valid_to'), ['', '', '']);
  assert.equal(selectedRole(edit.body), 'gp_collaborative_lead');
  assert.equal(checked(edit.body, 'core'), 'core');
  assert.equal(checked(edit.body, 'voting'), 'yes');

  // Sent as the browser sends the form: the dates in their three fields, as shown.
  const r = await postForm(`${server.url}/memberships/${id}`, lead.cookie, {
    csrf: lead.csrf, name: 'Dr Rhodri Evans', email: inputValue(edit.body, 'email'), job_title: 'GP partner',
    organisation: '', role: 'deputy_cluster_lead', core: 'core', voting: 'yes',
    ...dateParts('valid_from', ...dateValue(edit.body, 'valid_from')), ...dateParts('valid_to', '', '', ''),
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units/cardiff-south-west#members');
  const t = await membersTable();
  const row = t.match(/<tr[^>]*><td class="nhsuk-table__cell">Dr Rhodri Evans<br>[\s\S]*?<\/tr>/)?.[0];
  assert.match(row, /Deputy Cluster Lead/);
  assert.doesNotMatch(row, /General Practice Collaborative Lead/);

  const audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.equal(audit.status, 200);
  const entry = auditEntry(audit.body, 'Changed', id);
  assert.ok(entry, `an audit entry "Changed: membership ${id}"`);
  assert.match(entry, /Dr Alys Morgan &lt;lead@example.wales&gt;/, 'who made it');
  assert.match(entry, />Cardiff South West</, 'where');
  // Only the changed field is listed: the role, old struck out, new inserted.
  assert.deepEqual(changeItems(entry), [
    '<li><span class="cc-field">role</span>: <del>gp_collaborative_lead</del> → <ins>deputy_cluster_lead</ins></li>',
  ]);
  assert.match(entry, /<ul class="nhsuk-list cc-changes">/);
  assert.doesNotMatch(entry, /cc-json|Dr Rhodri Evans|valid_from/, 'no raw JSON, no unchanged fields');

  // A second change of two fields (role and the end date) lists both, in order.
  const r2 = await postForm(`${server.url}/memberships/${id}`, lead.cookie, {
    csrf: lead.csrf, name: 'Dr Rhodri Evans', email: inputValue(edit.body, 'email'), job_title: 'GP partner',
    organisation: '', role: 'finance', core: 'core', voting: 'yes',
    ...dateParts('valid_from', '1', '6', '2024'), ...dateParts('valid_to', '31', '3', '2030'),
  });
  assert.equal(r2.status, 303);
  const audit2 = await get(`${server.url}/admin/audit`, admin.cookie);
  const latest = auditEntry(audit2.body, 'Changed', id);
  assert.deepEqual(changeItems(latest), [
    '<li><span class="cc-field">role</span>: <del>deputy_cluster_lead</del> → <ins>finance</ins></li>',
    '<li><span class="cc-field">valid_to</span>: <del>–</del> → <ins>2030-03-31</ins></li>',
  ]);
  // Saving with nothing changed adds no entry.
  const before = (audit2.body.match(/Changed: membership/g) || []).length;
  const same = await postForm(`${server.url}/memberships/${id}`, lead.cookie, {
    csrf: lead.csrf, name: 'Dr Rhodri Evans', email: inputValue(edit.body, 'email'), job_title: 'GP partner',
    organisation: '', role: 'finance', core: 'core', voting: 'yes',
    ...dateParts('valid_from', '01', '06', '2024'), ...dateParts('valid_to', '31', '03', '2030'),
  });
  assert.equal(same.status, 303);
  const audit3 = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.equal((audit3.body.match(/Changed: membership/g) || []).length, before);
  // Put the role back for the tests that follow.
  const back = await postForm(`${server.url}/memberships/${id}`, lead.cookie, {
    csrf: lead.csrf, name: 'Dr Rhodri Evans', email: inputValue(edit.body, 'email'), job_title: 'GP partner',
    organisation: '', role: 'deputy_cluster_lead', core: 'core', voting: 'yes', valid_from: '2024-06-01', valid_to: '',
  });
  assert.equal(back.status, 303);
});

test('edit with an invalid value is 400 and changes nothing', async () => {
  const id = await membershipId('Nia Hughes');
  const r = await postForm(`${server.url}/memberships/${id}`, lead.cookie, validForm({ name: '', role: 'finance' }));
  assert.equal(r.status, 400);
  assert.deepEqual(summaryMessages(r.body), [['name', 'Enter their full name']]);
  assert.match(r.body, /<title>Error: Change a member/);
  assert.equal(selectedRole(r.body), 'finance');
  const row = (await membersTable()).match(/<td class="nhsuk-table__cell">Nia Hughes<br>[\s\S]*?<\/tr>/)?.[0];
  assert.match(row, /Optometry Professional Collaborative Lead/);
  // An id that does not exist.
  const none = await postForm(`${server.url}/memberships/999999`, lead.cookie, validForm());
  assert.equal(none.status, 404);
});

test('a second Cluster Lead for overlapping dates is 400 "already has a Cluster Lead"', async () => {
  const overlapping = [
    { valid_from: '2025-01-01', valid_to: '' },
    { valid_from: '2020-01-01', valid_to: '2024-04-01' },    // ends the day the lead starts
    { valid_from: '2030-01-01', valid_to: '2030-12-31' },
  ];
  for (const dates of overlapping) {
    const r = await postForm(`${server.url}${CSW}/members`, lead.cookie,
      validForm({ name: 'Second Chair', role: 'cluster_lead', ...dates }));
    assert.equal(r.status, 400, JSON.stringify(dates));
    const msgs = summaryMessages(r.body);
    assert.equal(msgs.length, 1);
    assert.equal(msgs[0][0], 'role');
    assert.match(msgs[0][1], /already has a Cluster Lead/);
  }
  // Changing someone else into a second chair is refused the same way.
  const id = await membershipId('Tomos Price');
  const r = await postForm(`${server.url}/memberships/${id}`, lead.cookie,
    validForm({ name: 'Tomos Price', role: 'cluster_lead', valid_from: '2024-06-01' }));
  assert.equal(r.status, 400);
  assert.match(r.body, /already has a Cluster Lead/);
  // A chair before the current one started does not overlap.
  const before = await postForm(`${server.url}${CSW}/members`, lead.cookie,
    validForm({ name: 'Former Chair', role: 'cluster_lead', valid_from: '2022-04-01', valid_to: '2024-03-31' }));
  assert.equal(before.status, 303);
  const t = await membersTable();
  assert.match(t, /Former Chair/);
  assert.doesNotMatch(t, /Second Chair/);
  // The current lead may still be edited (the rule does not count them against themselves).
  const alys = await membershipId('Dr Alys Morgan');
  const self = await postForm(`${server.url}/memberships/${alys}`, lead.cookie,
    validForm({ name: 'Dr Alys Morgan', job_title: 'GP partner and chair', email: '', organisation: '',
      role: 'cluster_lead', valid_from: '2024-04-01' }));
  assert.equal(self.status, 303);
});
