// A real SMTP server on loopback for the tests (tests/lib/smtpd.py, on
// aiosmtpd), and what it received, read by Python's e-mail parser
// (tests/lib/mailread.py); invitations read by libical (build/icscheck).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, freePort, startServer } from './server.mjs';

// Debian's Python, which has its python3-aiosmtpd package.
const PYTHON = '/usr/bin/python3';
const HERE = new URL('.', import.meta.url).pathname;
export const ICSCHECK = resolve('build/icscheck');

// Start the SMTP server: { port, dir, stop(), start(), messages(), waitFor(n) }.
// stop() and start() take it down and bring it back on the same port,
// keeping what it received.
export async function startSmtp() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cc-smtp-'));
  let proc = null;
  const smtp = {
    port, dir,
    async start() {
      proc = spawn(PYTHON, [join(HERE, 'smtpd.py'), String(port), join(dir, 'mail')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      proc.stderr.on('data', d => { err += d; });
      await new Promise((ok, fail) => {
        proc.stdout.on('data', d => { if (String(d).includes('ready')) ok(); });
        proc.once('exit', code => fail(new Error(`the SMTP server stopped (${code}): ${err}`)));
      });
    },
    async stop() {
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const p = proc;
        p.kill('SIGTERM');
        await new Promise(r => p.once('exit', r));
      }
      proc = null;
    },
    async close() { await smtp.stop(); rmSync(dir, { recursive: true, force: true }); },
    // Every message received so far, oldest first (see mailread.py).
    messages() {
      return JSON.parse(execFileSync(PYTHON, [join(HERE, 'mailread.py'), join(dir, 'mail')]).toString());
    },
    // Wait until at least n messages (or those `pred` accepts) have
    // arrived; returns them. Fails after `ms`.
    async waitFor(n, { ms = 20000, pred = () => true } = {}) {
      const t0 = Date.now();
      for (;;) {
        const all = smtp.messages().filter(pred);
        if (all.length >= n) return all;
        if (Date.now() - t0 > ms) throw new Error(`expected ${n} messages, the SMTP server has ${all.length}`);
        await new Promise(r => setTimeout(r, 100));
      }
    },
  };
  await smtp.start();
  return smtp;
}

// The serve options that send through `smtp`, retrying after a second.
// The server delivers only: the scheduled mailings (reminders, digests, the
// call for items) would otherwise run at start by the real clock, and a
// test runs them when it means to, at the time it chooses, with
// runMailings(); { mailings: true } leaves them to the server.
export function mailOptions(smtp, baseUrl = 'https://carecluster.example.wales', { mailings = false } = {}) {
  return ['--smtp', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'carecluster@example.wales',
          '--base-url', baseUrl, '--mail-retry', '1', ...(mailings ? [] : ['--no-mailings'])];
}

// Run the scheduled mailings on `db` (a --db target) as at `at` (Welsh
// local time, YYYY-MM-DDTHH:MM; now when omitted), only `job` when given;
// what they queue, a server with --smtp delivers. Returns the command's
// output, one line a job.
export function runMailings(db, { at, job, baseUrl = 'https://carecluster.example.wales' } = {}) {
  const args = ['mailings', 'run', '--db', db, '--base-url', baseUrl, '--mail-from', 'carecluster@example.wales'];
  if (at) args.push('--at', at);
  if (job) args.push('--job', job);
  const r = cli(args);
  if (r.status !== 0) throw new Error(`mailings run ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

// A carecluster server that circulates through a new SMTP server:
// { server, smtp, stop() }.
export async function startMailServer(extra = [], opts = {}) {
  const smtp = await startSmtp();
  const server = await startServer([...mailOptions(smtp), ...extra], opts);
  return { server, smtp, async stop() { await server.stop(); await smtp.close(); } };
}

// The text/calendar part of a message read by libical, as icscheck
// prints it: { calendar: { method, .. }, events: [{ uid, sequence, status,
// organizer, attendees: [{ address, cn, role, partstat, rsvp }], .. }] }.
export function readInvitation(message) {
  const part = message.parts.find(p => p.type === 'text/calendar');
  if (!part) return null;
  const file = join(tmpdir(), `cc-ics-${process.pid}-${Date.now()}.ics`);
  writeFileSync(file, part.text);
  try { return JSON.parse(execFileSync(ICSCHECK, [file]).toString()); }
  finally { rmSync(file, { force: true }); }
}

// The decoded text of a message's part of that type ('text/plain', 'text/html').
export const partText = (message, type = 'text/plain') => message.parts.find(p => p.type === type)?.text ?? '';
