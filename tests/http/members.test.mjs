// Adding and changing the members of a cluster through the web forms:
// CSRF, validation with the typed values kept, escaping, who may write,
// the one-Cluster-Lead rule, and the audit trail of a change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, get, postForm, mustSignIn, h1, tableById } from './helpers.mjs';

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

async function clusterPage(slug = 'cardiff-south-west', cookie = lead.cookie, all = true) {
  const r = await get(`${server.url}/units/${slug}${all ? '?all=1' : ''}`, cookie);
  assert.equal(r.status, 200);
  return r.body;
}
const membersTable = async (...a) => tableById(await clusterPage(...a), 'members') ?? '';

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
const checked = (html, name) => html.match(new RegExp(`name="${name}" type="radio" value="([^"]*)" checked`))?.[1];

test('the new-member form is there for the lead, with a csrf token', async () => {
  const r = await get(`${server.url}${CSW}/members/new`, lead.cookie);
  assert.equal(r.status, 200);
  assert.equal(h1(r.body), 'Add a member');
  assert.match(r.body, /<form method="post" action="\/units\/cardiff-south-west\/members" novalidate>/);
  assert.equal(inputValue(r.body, 'csrf'), lead.csrf);
  assert.match(r.body, /<option value="gp_collaborative_lead">General Practice Collaborative Lead<\/option>/);
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
  assert.match(row, /2025-04-01/);
  // And through the API too (current members).
  const api = await get(`${server.url}/api/v1/units/cardiff-south-west/members`, lead.cookie);
  const m = JSON.parse(api.body).members.find(x => x.name === 'Bethan Powell');
  assert.deepEqual({ role: m.role, core: m.core, voting: m.voting, valid_from: m.valid_from, valid_to: m.valid_to },
    { role: 'gp_collaborative_lead', core: true, voting: true, valid_from: '2025-04-01', valid_to: null });
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
  const typed = validForm({
    name: '', email: 'kept.email@example.wales', job_title: 'Kept job title', organisation: 'Kept & Co',
    role: 'third_sector_rep', core: 'attendance', voting: 'no', valid_from: '2025-05-06', valid_to: '2026-05-06',
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
  assert.equal(inputValue(r.body, 'valid_from'), '2025-05-06');
  assert.equal(inputValue(r.body, 'valid_to'), '2026-05-06');
  assert.equal(selectedRole(r.body), 'third_sector_rep');
  assert.equal(checked(r.body, 'core'), 'attendance');
  assert.equal(checked(r.body, 'voting'), 'no');
  // The re-shown form still posts with the session's token.
  assert.equal(inputValue(r.body, 'csrf'), lead.csrf);
  assert.doesNotMatch(await clusterPage(), /Kept job title/);
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
    [{ valid_from: '2025-02-30' }, 'valid_from', 'Enter a real date, for example 2026-04-01'],
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
  // The audit log shows the JSON escaped as well.
  const audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.ok(!audit.body.includes('<script>alert(1)') && !audit.body.includes('<img src=x'));
  // (the JSON itself writes < and > as \u003c and \u003e)
  assert.ok(audit.body.includes('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e'), 'the creation is in the audit log');
  // The API returns the exact text as JSON.
  const api = JSON.parse((await get(`${server.url}/api/v1/units/cardiff-south-west/members`, lead.cookie)).body);
  assert.ok(api.members.some(m => m.name === name));
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
  assert.equal(inputValue(edit.body, 'valid_from'), '2024-06-01');
  assert.equal(selectedRole(edit.body), 'gp_collaborative_lead');
  assert.equal(checked(edit.body, 'core'), 'core');
  assert.equal(checked(edit.body, 'voting'), 'yes');

  const r = await postForm(`${server.url}/memberships/${id}`, lead.cookie, {
    csrf: lead.csrf, name: 'Dr Rhodri Evans', email: inputValue(edit.body, 'email'), job_title: 'GP partner',
    organisation: '', role: 'deputy_cluster_lead', core: 'core', voting: 'yes', valid_from: '2024-06-01', valid_to: '',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units/cardiff-south-west#members');
  const t = await membersTable();
  const row = t.match(/<tr[^>]*><td class="nhsuk-table__cell">Dr Rhodri Evans<br>[\s\S]*?<\/tr>/)?.[0];
  assert.match(row, /Deputy Cluster Lead/);
  assert.doesNotMatch(row, /General Practice Collaborative Lead/);

  const audit = await get(`${server.url}/admin/audit`, admin.cookie);
  assert.equal(audit.status, 200);
  const entry = audit.body.match(new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*update membership ${id}<\\/td>(?:(?!</tr>)[\\s\\S])*</tr>`))?.[0];
  assert.ok(entry, `an audit entry for the update of membership ${id}`);
  assert.match(entry, /Dr Alys Morgan &lt;lead@example.wales&gt;/, 'who made it');
  assert.match(entry, />Cardiff South West</, 'where');
  const codes = [...entry.matchAll(/<code class="cc-json">([^<]*)<\/code>/g)].map(m => JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')));
  assert.equal(codes.length, 2);
  assert.equal(codes[0].role, 'gp_collaborative_lead');
  assert.equal(codes[1].role, 'deputy_cluster_lead');
  assert.equal(codes[0].name, 'Dr Rhodri Evans');
  assert.equal(codes[1].name, 'Dr Rhodri Evans');
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
