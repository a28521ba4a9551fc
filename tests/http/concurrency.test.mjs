// Two servers on one database, the same writes fired from both at once:
// every check-then-write (the next action reference of a unit, the next
// agenda position of a meeting, a meeting slot, one Cluster Lead at a time)
// must hold across servers, not only across one server's threads. Each
// write that said it succeeded must be there, and no two may have taken
// the same reference, position, slot or chair.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newDatabase, dbSql, get, postForm, mustSignIn } from './helpers.mjs';

const CSW = '/units/cardiff-south-west';
let db, servers = [], lead, admin;

before(async () => {
  db = newDatabase();
  servers.push(await start([], { db }));
  servers.push(await start([], { db }));
  // One sign-in each, used on both servers: the session is the database's.
  lead = await mustSignIn(servers[0].url, 'lead@example.wales');
  admin = await mustSignIn(servers[1].url, 'admin@example.wales');
});
after(async () => {
  for (const s of servers) await s.stop();
  db?.drop();
});

// n requests spread over both servers and sent at once; their answers in order.
function fromBoth(n, send) {
  return Promise.all(Array.from({ length: n }, (_, i) => send(servers[i % 2], i)));
}
const rows = text => (text ? text.split('\n') : []);

// A local date `days` from today as the three fields of the date input.
function dayParts(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return { 'date-day': String(d.getDate()), 'date-month': String(d.getMonth() + 1), 'date-year': String(d.getFullYear()) };
}

test('40 actions raised at once through two servers: each saved, each with its own reference', async () => {
  const unit = "(SELECT id FROM unit WHERE slug='cardiff-south-west')";
  const before = Number(dbSql(db.target, `SELECT count(*) FROM action WHERE unit_id=${unit};`));
  const page = await get(`${servers[0].url}${CSW}/actions/new`, lead.cookie);
  const person = page.body.match(/<option value="(\d+)"[^>]*>Dr Rhodri Evans<\/option>/)[1];
  const answers = await fromBoth(40, (s, i) => postForm(`${s.url}${CSW}/actions/new`, lead.cookie, {
    csrf: lead.csrf, description: `Concurrent action ${i}`, lead: person,
    'due-day': '31', 'due-month': '12', 'due-year': '2030', meeting: '0',
  }));
  const ids = answers.map((r, i) => {
    assert.equal(r.status, 303, `action ${i} (server ${i % 2 + 1}) answered ${r.status}`);
    return Number(r.headers.get('location').match(/#action-(\d+)$/)[1]);
  });
  assert.equal(new Set(ids).size, 40, 'forty different actions');
  const saved = rows(dbSql(db.target, `SELECT id, ref FROM action WHERE unit_id=${unit} AND description LIKE 'Concurrent action %' ORDER BY id;`))
    .map(l => l.split('|'));
  assert.deepEqual(saved.map(x => Number(x[0])).sort((a, b) => a - b), [...ids].sort((a, b) => a - b),
    'every action that was reported saved is there, and no other');
  assert.equal(Number(dbSql(db.target, `SELECT count(*) FROM action WHERE unit_id=${unit};`)), before + 40);
  assert.equal(dbSql(db.target, `SELECT ref FROM action WHERE unit_id=${unit} GROUP BY ref HAVING count(*)>1;`), '',
    'no reference taken twice');
  // The references follow on from each other: none skipped, none shared.
  const numbers = saved.map(x => Number(x[1].match(/(\d+)$/)[1])).sort((a, b) => a - b);
  assert.equal(numbers[39] - numbers[0], 39, `forty consecutive numbers: ${numbers.join(' ')}`);
});

test('20 agenda items added at once through two servers: each saved, positions 1..n with none shared', async () => {
  const made = await postForm(`${servers[0].url}${CSW}/meetings`, lead.cookie, {
    csrf: lead.csrf, title: 'Busy agenda', ...dayParts(30), start: '17:00', end: '23:00',
    location: 'Canton Library, Cardiff', online_link: '',
  });
  assert.equal(made.status, 303, `scheduling: ${made.status}`);
  const id = Number(made.headers.get('location').match(/^\/meetings\/(\d+)$/)[1]);
  const answers = await fromBoth(20, (s, i) => postForm(`${s.url}/meetings/${id}/items`, lead.cookie, {
    csrf: lead.csrf, title: `Concurrent item ${i}`, purpose: 'discussion', lead: '', duration: '5',
  }));
  answers.forEach((r, i) => assert.equal(r.status, 303, `item ${i} (server ${i % 2 + 1}) answered ${r.status}`));
  // As stored: one item per position, and no gap.
  const positions = rows(dbSql(db.target, `SELECT position FROM agenda_item WHERE meeting_id=${id} ORDER BY position;`)).map(Number);
  assert.deepEqual(positions, Array.from({ length: positions.length }, (_, i) => i + 1),
    `positions 1..${positions.length}, each once`);
  // As the API reads it: the standing items, all twenty, "any other business" last.
  const api = JSON.parse((await get(`${servers[1].url}/api/v1/meetings/${id}`, lead.cookie)).body);
  const titles = api.agenda.map(x => x.title);
  assert.equal(titles.length, positions.length);
  for (let i = 0; i < 20; i++) assert.ok(titles.includes(`Concurrent item ${i}`), `item ${i} is on the agenda`);
  assert.equal(api.agenda.at(-1).standing, 'aob');
});

test('the same slot booked from both servers at once: one meeting, the others told it overlaps', async () => {
  for (let round = 0; round < 4; round++) {
    const day = dayParts(40 + round);
    const answers = await fromBoth(6, (s, i) => postForm(`${s.url}${CSW}/meetings`, lead.cookie, {
      csrf: lead.csrf, title: `Slot ${round}.${i}`, ...day, start: '18:00', end: '19:00',
      location: 'Canton Library, Cardiff', online_link: '',
    }));
    const statuses = answers.map(r => r.status).sort();
    assert.deepEqual(statuses, [303, 400, 400, 400, 400, 400], `round ${round}: one booked`);
    for (const r of answers.filter(x => x.status === 400)) {
      assert.match(r.body, /<a href="#start">Another meeting of this cluster is at that time/, 'refused for the overlap');
    }
    const iso = `${day['date-year']}-${day['date-month'].padStart(2, '0')}-${day['date-day'].padStart(2, '0')}`;
    assert.equal(dbSql(db.target, `SELECT count(*) FROM meeting WHERE starts_at='${iso}T18:00';`), '1');
  }
});

test('two servers each make someone Cluster Lead of the same cluster at once: one succeeds', async () => {
  for (const slug of ['cardiff-east', 'cardiff-north', 'cardiff-south-east', 'cardiff-west']) {
    const answers = await fromBoth(6, (s, i) => postForm(`${s.url}/units/${slug}/members`, admin.cookie, {
      csrf: admin.csrf, name: `Dr Chair ${slug} ${i}`, email: '', job_title: '', organisation: '',
      role: 'cluster_lead', core: 'core', voting: 'yes', valid_from: '2024-04-01', valid_to: '',
    }));
    const statuses = answers.map(r => r.status).sort();
    assert.deepEqual(statuses, [303, 400, 400, 400, 400, 400], `${slug}: one Cluster Lead`);
    for (const r of answers.filter(x => x.status === 400)) {
      assert.match(r.body, /<a href="#role">The cluster already has a Cluster Lead for these dates/, 'refused: one Cluster Lead');
    }
    assert.equal(dbSql(db.target, `SELECT count(*) FROM membership m JOIN unit u ON u.id=m.unit_id
                            WHERE u.slug='${slug}' AND m.role_code='cluster_lead';`), '1');
  }
});
