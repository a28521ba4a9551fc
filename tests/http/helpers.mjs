// Shared helpers for the black-box HTTP tests. Not a test file itself
// (node --test only runs files named *.test.mjs).
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { startServer, signIn, cli, BIN, DEMO_PASSWORD, dbSql, newDatabase, onPostgres, freePort, blobLiteral } from '../lib/server.mjs';

export { startServer, signIn, cli, BIN, DEMO_PASSWORD, dbSql, newDatabase, onPostgres, freePort, blobLiteral };

// Start a server; its stop() also checks the server's output for a
// sanitizer report (the same files run against the ASan/UBSan build).
// opts.db: a database from newDatabase() to share (see startServer).
export async function start(extra = [], opts = {}) {
  const server = await startServer(extra, opts);
  const origStop = server.stop.bind(server);
  let stopped = false;
  server.port = Number(new URL(server.url).port);
  server.stop = async () => {
    if (stopped) return;
    stopped = true;
    const closed = new Promise(r => {
      if (server.proc.exitCode !== null && server.proc.stdout.closed) r();
      else server.proc.once('close', r);
    });
    await origStop();
    await closed;                      // every byte of stdout/stderr is in
    assertNoSanitizerReport(server.log());
  };
  return server;
}

export function assertNoSanitizerReport(text) {
  for (const needle of ['runtime error', 'AddressSanitizer', 'LeakSanitizer']) {
    assert.ok(!text.includes(needle), `sanitizer report in server output:\n${text}`);
  }
}

// GET (or any method) without following redirects.
export async function get(url, cookie, init = {}) {
  const headers = { ...(init.headers || {}) };
  if (cookie) headers.Cookie = cookie;
  const r = await fetch(url, { redirect: 'manual', ...init, headers });
  const body = await r.text();
  return { status: r.status, headers: r.headers, body };
}

// POST an urlencoded form without following redirects.
export async function postForm(url, cookie, fields, extraHeaders = {}) {
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', ...extraHeaders };
  if (cookie) headers.Cookie = cookie;
  const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
  const r = await fetch(url, { method: 'POST', redirect: 'manual', headers, body });
  return { status: r.status, headers: r.headers, body: await r.text() };
}

// POST a multipart form: the fields, then one file (file: { name, bytes,
// type }, or none), without following redirects.
export async function postFile(url, cookie, fields, file) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  const r = await fetch(url, { method: 'POST', redirect: 'manual', headers: cookie ? { Cookie: cookie } : {}, body: fd });
  return { status: r.status, headers: r.headers, body: await r.text() };
}

// The papers a page links to for download: { id, name } each, in order.
export const paperLinks = html =>
  [...html.matchAll(/href="\/papers\/(\d+)\/download"[^>]*>([^<]*)</g)].map(m => ({ id: Number(m[1]), name: m[2] }));

// Sign in and insist that it worked.
export async function mustSignIn(url, email, password = DEMO_PASSWORD) {
  const s = await signIn(url, email, password);
  assert.equal(s.status, 303, `sign-in as ${email} answered ${s.status}`);
  assert.ok(s.cookie, `no session cookie for ${email}`);
  assert.ok(s.csrf, `no csrf token on the home page for ${email}`);
  return s;
}

// The text of the first <h1> of a page, tags stripped.
export function h1(html) {
  const m = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
  return m ? m[1].replace(/<[^>]*>/g, '').trim() : null;
}

// The HTML of the element <table ... id="id">...</table>.
export function tableById(html, id) {
  const i = html.indexOf(`id="${id}"`);
  if (i < 0) return null;
  const start = html.lastIndexOf('<table', i);
  const end = html.indexOf('</table>', i);
  return html.slice(start, end + '</table>'.length);
}

// The first table after the <h2> with that exact text (any attributes).
export function tableAfterHeading(html, heading) {
  const esc = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<h2(?:\\s[^>]*)?>${esc}</h2>`).exec(html);
  if (!m) return null;
  const i = m.index;
  const start = html.indexOf('<table', i);
  const end = html.indexOf('</table>', start);
  if (start < 0 || end < 0) return null;
  const next = html.indexOf('<h2', i + 3);
  if (next >= 0 && next < start) return null;   // that heading has no table
  return html.slice(start, end + '</table>'.length);
}

// Body rows of a table (rows that have <td> cells).
export function bodyRows(tableHtml) {
  return (tableHtml.match(/<tr[^>]*>\s*<td[\s\S]*?<\/tr>/g) || []);
}

// Send raw bytes on a fresh TCP connection. Resolves with everything
// the server sent back and whether it closed the connection within the
// wait (a server that keeps the connection open is waited for `wait` ms).
export function raw(port, chunks, { wait = 1500, gap = 0 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    let closedByServer = false;
    let error = null;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ text: data, closed: closedByServer, error });
    };
    const timer = setTimeout(finish, wait);
    sock.on('data', d => { data += d.toString('latin1'); });
    sock.on('end', () => { closedByServer = true; finish(); });
    sock.on('close', () => { closedByServer = true; finish(); });
    sock.on('error', e => { error = e.code; closedByServer = true; finish(); });
    sock.on('connect', async () => {
      for (const c of [].concat(chunks)) {
        if (finished) break;
        // A server that answers early and closes may reset the rest.
        await new Promise(r => sock.write(c, () => r()));
        if (gap) await new Promise(r => setTimeout(r, gap));
      }
    });
  });
}

// Status codes of every response in a raw reply, in order.
export function statuses(text) {
  return [...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map(m => Number(m[1]));
}

// Arrange the test database directly (sqlite3 or psql, whichever database
// the run uses; the server has it open too, which is fine). Returns what
// it prints, trimmed. The SQL must work on both.
export function sql(server, text) {
  return dbSql(server.db, text);
}
export const sqlQuote = s => `'${String(s).replace(/'/g, "''")}'`;
// The time now in Unix seconds, for SQL that records an instant.
export const unixNow = () => Math.floor(Date.now() / 1000);
// Welsh local time ("YYYY-MM-DDTHH:MM", as meetings are stored) now, moved
// by `minutes`.
export function localNow(minutes = 0) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + minutes * 60000)).map(p => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
// A local "YYYY-MM-DDTHH:MM" moved by whole minutes, as wall-clock time.
export function shiftLocal(t, minutes) {
  const d = new Date(`${t}:00Z`);
  d.setUTCMinutes(d.getUTCMinutes() + minutes);
  return d.toISOString().slice(0, 16);
}

// Move meeting `id` `days` days earlier, keeping its times: a meeting
// scheduled a week ahead and moved 8 days back was held yesterday, so
// that its record (attendance, decisions, minutes) may be written.
export function moveMeetingBack(server, id, days) {
  const [start, end] = sql(server, `SELECT starts_at, ends_at FROM meeting WHERE id=${Number(id)};`).split('|');
  // Local wall-clock times, moved by whole days as written.
  const back = t => {
    const d = new Date(`${t.slice(0, 10)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - Number(days));
    return `${d.toISOString().slice(0, 10)}${t.slice(10)}`;
  };
  sql(server, `UPDATE meeting SET starts_at=${sqlQuote(back(start))}, ends_at=${sqlQuote(back(end))}
               WHERE id=${Number(id)};`);
}

// A responsive table (NHS.UK frontend's, src/html/nhsuk.h) read as a plain
// one: without the column heading each cell repeats for a narrow screen
// (hidden from screen readers) and the div around a cell's content,
// so that a test reads the cells themselves.
export function plainCells(html) {
  if (html == null) return html;
  return html
    .replace(/<span class="nhsuk-table-responsive__heading" aria-hidden="true">[^<]*<\/span>/g, '')
    .replace(/(<td[^>]*>)<div>([\s\S]*?)<\/div><\/td>/g, '$1$2</td>');
}
