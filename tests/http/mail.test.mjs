// Circulation through a real SMTP server on loopback: what a person
// receives, in their language, and that nothing is lost or sent twice
// when the relay is away or the server is killed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, mustSignIn, get, postForm, sql, sqlQuote, newDatabase } from './helpers.mjs';
import { startSmtp, mailOptions, partText } from '../lib/mail.mjs';

const CSW = '/units/cardiff-south-west';
let smtp, server, db, lead, people;

const options = html => Object.fromEntries([...html.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map(m => [m[2], m[1]]));

before(async () => {
  smtp = await startSmtp();
  db = newDatabase();
  server = await start(mailOptions(smtp), { db });
  lead = await mustSignIn(server.url, 'lead@example.wales');
  people = options((await get(`${server.url}${CSW}/actions/new`, lead.cookie)).body);
});
after(async () => {
  await server?.stop();
  await smtp?.close();
  db?.drop();
});

let nActions = 0;
async function giveAction(leadName, over = {}) {
  const r = await postForm(`${server.url}${CSW}/actions/new`, lead.cookie, {
    csrf: lead.csrf, description: `Circulation check ${++nActions}: send the winter plan – ŵyn a ŷd`,
    lead: people[leadName], 'due-day': '31', 'due-month': '12', 'due-year': '2030', meeting: '0', ...over,
  });
  assert.equal(r.status, 303, r.body);
  return Number(r.headers.get('location').match(/action-(\d+)/)[1]);
}
const outbox = where => sql(server, `SELECT status, attempts, to_addr FROM outbox WHERE ${where} ORDER BY id`);
const emailOf = name => sql(server, `SELECT email FROM person WHERE name=${sqlQuote(name)} AND email LIKE '%cardiff-south-west%'`);

test('the lead of a new action is sent one message: both languages, Welsh first, text and HTML, a link to the action', async () => {
  const before = smtp.messages().length;
  const id = await giveAction('Dr Rhodri Evans');
  const all = await smtp.waitFor(before + 1);
  const m = all[all.length - 1];
  assert.deepEqual(m.envelope.to, [emailOf('Dr Rhodri Evans')]);
  assert.equal(m.envelope.from, 'carecluster@example.wales');
  assert.match(m.to, /Dr Rhodri Evans/);
  assert.match(m.subject, /^Cam gweithredu i chi: CSW-\d+ \/ An action for you: CSW-\d+$/);
  assert.equal(m.auto_submitted, 'auto-generated');
  assert.match(m.message_id, /^<[0-9a-f]{32}@example\.wales>$/);
  const types = m.parts.map(p => p.type);
  assert.deepEqual(types, ['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html']);
  const text = partText(m);
  assert.ok(text.indexOf('Mae Dr Alys Morgan wedi rhoi cam gweithredu i chi') < text.indexOf('Dr Alys Morgan has given you an action'), text);
  assert.match(text, /ŵyn a ŷd/);
  assert.match(text, new RegExp(`https://carecluster\\.example\\.wales/actions/${id}\\b`));
  assert.match(text, /31 Rhagfyr 2030/);
  assert.match(text, /31 December 2030/);
  const html = partText(m, 'text/html');
  assert.match(html, /<html lang="cy">/);
  assert.match(html, new RegExp(`<a href="https://carecluster\\.example\\.wales/actions/${id}"`));
  assert.match(html, /<div lang="en"/);
  // The record: delivered, once.
  await waitOutbox(`id=(SELECT MAX(id) FROM outbox)`, 'sent|1');
});

test('each person reads their own language; someone who gives themselves an action is not told', async () => {
  sql(server, `UPDATE person SET mail_lang='en' WHERE name='Sian Griffiths'`);
  sql(server, `UPDATE person SET mail_lang='cy', name='Nia Hughes-Llŷr' WHERE name='Nia Hughes'`);
  people['Nia Hughes'] = people['Nia Hughes'];
  const before = smtp.messages().length;
  await giveAction('Sian Griffiths');
  await giveAction('Nia Hughes');
  await giveAction('Dr Alys Morgan');       // the lead herself
  const all = (await smtp.waitFor(before + 2)).slice(before);
  await new Promise(r => setTimeout(r, 1500));
  assert.equal(smtp.messages().length, before + 2, 'nothing for the lead who gave herself the action');
  const sian = all.find(m => m.envelope.to[0] === emailOf('Sian Griffiths'));
  const nia = all.find(m => m.envelope.to[0] === emailOf('Nia Hughes-Llŷr'));
  // A name that is not plain ASCII is RFC 2047-encoded, and reads back whole.
  assert.match(nia.raw_headers, /\r\nTo: =\?UTF-8\?B\?[A-Za-z0-9+\/=]+\?= <[^>]+>/);
  assert.match(nia.to, /^Nia Hughes-Llŷr <[^>]+>$/);
  assert.match(sian.subject, /^An action for you: CSW-\d+$/);
  assert.doesNotMatch(partText(sian), /Cam gweithredu/);
  assert.match(nia.subject, /^Cam gweithredu i chi: CSW-\d+$/);
  assert.doesNotMatch(partText(nia), /An action for you|has given you/);
});

async function waitOutbox(where, expected, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const got = sql(server, `SELECT status, attempts FROM outbox WHERE ${where} ORDER BY id`);
    if (got === expected) return;
    if (Date.now() - t0 > ms) assert.equal(got, expected);
    await new Promise(r => setTimeout(r, 100));
  }
}

test('with the relay down, messages wait and are retried; when it is back each arrives once', async () => {
  await smtp.stop();
  const first = Number(sql(server, 'SELECT COALESCE(MAX(id),0) FROM outbox')) + 1;
  const before = smtp.messages().length;
  for (let i = 0; i < 3; i++) await giveAction('Gareth Williams');
  // Tried and kept: queued, with the reason, never failed.
  const t0 = Date.now();
  while (sql(server, `SELECT COUNT(*) FROM outbox WHERE id>=${first} AND attempts>0`) === '0') {
    assert.ok(Date.now() - t0 < 10000, 'the sender tried');
    await new Promise(r => setTimeout(r, 100));
  }
  assert.equal(sql(server, `SELECT COUNT(*) FROM outbox WHERE id>=${first} AND status IN ('sent','failed')`), '0');
  assert.match(sql(server, `SELECT last_error FROM outbox WHERE id=${first}`), /connect|Couldn't/i);
  await smtp.start();
  const all = (await smtp.waitFor(before + 3)).slice(before);
  await new Promise(r => setTimeout(r, 2500));
  const later = smtp.messages().slice(before);
  assert.equal(later.length, 3, 'each message once');
  assert.equal(new Set(later.map(m => m.message_id)).size, 3);
  assert.ok(all.every(m => m.envelope.to[0] === emailOf('Gareth Williams')));
  assert.equal(sql(server, `SELECT COUNT(*) FROM outbox WHERE id>=${first} AND status='sent'`), '3');
});

test('a refused address fails for good at once and is not retried', async () => {
  sql(server, `UPDATE person SET email='reject.ffion@example.wales' WHERE name='Ffion Davies'`);
  await giveAction('Ffion Davies');
  await waitOutbox(`to_addr='reject.ffion@example.wales'`, 'failed|1');
  assert.match(sql(server, `SELECT last_error FROM outbox WHERE to_addr='reject.ffion@example.wales'`), /550/);
});

test('a server killed with messages waiting sends them, once, when it starts again', async () => {
  await smtp.stop();
  const first = Number(sql(server, 'SELECT COALESCE(MAX(id),0) FROM outbox')) + 1;
  const before = smtp.messages().length;
  await giveAction('Owain Jones');
  await giveAction('Megan Roberts');
  server.proc.kill('SIGKILL');
  await new Promise(r => server.proc.once('exit', r));
  await smtp.start();
  const again = await start(mailOptions(smtp), { db });
  try {
    await smtp.waitFor(before + 2, { ms: 30000 });
    await new Promise(r => setTimeout(r, 2000));
    const got = smtp.messages().slice(before).map(m => m.envelope.to[0]).sort();
    assert.deepEqual(got, [emailOf('Megan Roberts'), emailOf('Owain Jones')].sort());
    assert.equal(sql(again, `SELECT COUNT(*) FROM outbox WHERE id>=${first} AND status='sent'`), '2');
  } finally {
    await again.stop();
    server.stop = async () => {};       // already gone
  }
});

test('without --smtp nothing is queued', async () => {
  const plain = await start();
  try {
    const l = await mustSignIn(plain.url, 'lead@example.wales');
    const ppl = options((await get(`${plain.url}${CSW}/actions/new`, l.cookie)).body);
    const r = await postForm(`${plain.url}${CSW}/actions/new`, l.cookie, {
      csrf: l.csrf, description: 'Nothing to send', lead: ppl['Dr Rhodri Evans'],
      'due-day': '31', 'due-month': '12', 'due-year': '2030', meeting: '0',
    });
    assert.equal(r.status, 303);
    assert.equal(sql(plain, 'SELECT COUNT(*) FROM outbox'), '0');
  } finally { await plain.stop(); }
});

test('serve refuses mail options it cannot use, saying how to fix them', async () => {
  const { cli } = await import('./helpers.mjs');
  let r = cli(['serve', '--db', db.target, '--smtp', 'http://relay:25', '--mail-from', 'a@example.wales']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /smtp:\/\/HOST:PORT/);
  r = cli(['serve', '--db', db.target, '--smtp', 'smtp://127.0.0.1:25']);
  assert.match(r.stderr, /needs --mail-from/);
  r = cli(['serve', '--db', db.target, '--mail-from', 'a@example.wales']);
  assert.match(r.stderr, /need --smtp/);
  r = cli(['serve', '--db', db.target, '--smtp', 'smtp://127.0.0.1:25', '--mail-from', 'a@example.wales', '--mail-retry', '0']);
  assert.match(r.stderr, /--mail-retry 0/);
});
