// Publishing an agenda pack to 20 people through a real SMTP server on
// loopback: how long the POST takes (it only queues: drawing the pack and
// writing the outbox in one transaction) and how long until all 20
// messages have reached the SMTP server; then the POST again with the
// relay stopped, which must take no longer.
//
//   make build/carecluster && node bench/circulate.mjs [RUNS] [--papers]
//   tests/lib/with-pg.sh node bench/circulate.mjs [RUNS] [--papers]   (on PostgreSQL)
//
// The demonstration cluster Cardiff South West has 12 members with an
// address; 8 more are added, so its next meeting's pack goes to 20. With
// --papers three items of the meeting each get a 10-page PDF paper, drawn
// into the pack. Prints each run's times in milliseconds and the size of
// the packs stored (one in English, one in Welsh: the demonstration lead
// reads both and uses carecluster in English, the others have no account).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, signIn, dbSql } from '../tests/lib/server.mjs';
import { startSmtp, mailOptions } from '../tests/lib/mail.mjs';
import { reportPdf } from '../tests/lib/files.mjs';

const RUNS = Number(process.argv.slice(2).find(a => /^\d+$/.test(a)) || 3);
const PAPERS = process.argv.includes('--papers');
const pause = ms => new Promise(r => setTimeout(r, ms));
const smtp = await startSmtp();
const server = await startServer(mailOptions(smtp));
const sql = t => dbSql(server.db, t);
// Messages the SMTP server has written (counted without parsing them).
const received = () => { try { return readdirSync(join(smtp.dir, 'mail')).filter(f => f.endsWith('.eml')).length; } catch { return 0; } };
try {
  for (let i = 1; i <= 8; i++) {
    sql(`INSERT INTO person(name,email,home_unit_id,created_at,updated_at)
      SELECT 'Extra Member ${i}', 'extra${i}.cardiff-south-west@example.wales', id, 1, 1 FROM unit WHERE slug='cardiff-south-west'`);
    sql(`INSERT INTO membership(person_id,unit_id,role_code,is_core,is_voting,valid_from,created_at,updated_at)
      SELECT p.id, u.id, 'finance', 1, 0, '2024-01-01', 1, 1 FROM person p, unit u
      WHERE p.name='Extra Member ${i}' AND u.slug='cardiff-south-west'`);
  }
  const lead = await signIn(server.url, 'lead@example.wales');
  const id = sql(`SELECT MAX(m.id) FROM meeting m JOIN unit u ON u.id=m.unit_id
    WHERE u.slug='cardiff-south-west' AND m.status='scheduled'`);
  if (PAPERS) {
    const items = sql(`SELECT id FROM agenda_item WHERE meeting_id=${id} AND status='accepted' ORDER BY position LIMIT 3`).split('\n');
    for (const [k, item] of items.entries()) {
      const fd = new FormData();
      fd.append('csrf', lead.csrf);
      fd.append('file', new Blob([reportPdf(`Paper ${k + 1}`, 10)], { type: 'application/pdf' }), `paper-${k + 1}.pdf`);
      const r = await fetch(`${server.url}/meetings/${id}/items/${item}/papers`, { method: 'POST', redirect: 'manual', headers: { Cookie: lead.cookie }, body: fd });
      if (r.status !== 303) throw new Error(`uploading a paper answered ${r.status}`);
    }
  }
  const publish = async () => {
    const t0 = performance.now();
    const r = await fetch(`${server.url}/meetings/${id}/publish`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf: lead.csrf }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: lead.cookie },
    });
    await r.text();
    if (r.status !== 303) throw new Error(`publishing answered ${r.status}`);
    return { t0, ms: performance.now() - t0 };
  };
  console.log(`database: ${server.db.startsWith('postgresql:') ? 'PostgreSQL' : 'SQLite'}${PAPERS ? ', three 10-page papers' : ''}`);
  for (let k = 0; k < RUNS; k++) {
    const n0 = received();
    const { t0, ms } = await publish();
    while (received() - n0 < 20) await pause(10);
    const queued = sql(`SELECT COUNT(*) FROM outbox WHERE kind='pack'
      AND created_at>=(SELECT pack_published_at FROM meeting WHERE id=${id})`);
    console.log(`relay up:   POST ${ms.toFixed(1)} ms, ${queued} queued, all delivered after ${(performance.now() - t0).toFixed(0)} ms`);
    await pause(1500);
  }
  console.log(`packs stored (bytes): ${sql(`SELECT filename || ' ' || size FROM outbox_file ORDER BY id DESC LIMIT 2`)
    .split('\n').join(', ')}`);
  await smtp.stop();
  for (let k = 0; k < RUNS; k++) {
    const { ms } = await publish();
    console.log(`relay down: POST ${ms.toFixed(1)} ms`);
    await pause(500);
  }
} finally {
  await server.stop();
  await smtp.close();
}
