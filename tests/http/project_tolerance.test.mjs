// A project's tolerances on cost and time (issue 14): the daily sweep of
// the scheduled mailings finds a project whose forecast from the ledger
// breaks its cost tolerance (exactly the tolerance is not broken; a penny
// more is), opens one exception report as a draft with its situation
// filled in from the facts, and tells the owner by e-mail (captured by an
// SMTP server on loopback); a second sweep opens nothing new; a broken
// time tolerance opens its own; a new baseline that is broken again opens
// another; closed projects are left alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql as sqlOn, sqlQuote as q, unixNow, localNow, newDatabase } from './helpers.mjs';
import { startSmtp, mailOptions, runMailings, partText } from '../lib/mail.mjs';

let smtp, server, db, projectId, ownerEmail, allocation, commitment, leadUser;
const sql = text => sqlOn(server, text);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const today = localNow().slice(0, 10);
const day = n => { const d = new Date(`${today}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); };
const sweep = n => runMailings(server.db, { job: 'project-tolerances', at: `${day(n)}T08:00` });
const received = () => smtp.messages().filter(m => /Exception report opened/.test(m.subject));
async function waitReceived(n, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    if (received().length >= n) return received();
    if (Date.now() - t0 > ms) assert.fail(`expected ${n} messages, have ${received().length}`);
    await sleep(100);
  }
}
const reports = () => sql(`SELECT trigger_kind||'|'||breach_key||'|'||state FROM project_doc
  WHERE project_id=${projectId} AND kind='exception' ORDER BY id;`);
const spend = (pence, n) => sql(`INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,
  created_at) VALUES((SELECT id FROM unit WHERE slug='cardiff-south-west'),${allocation},${commitment},${q(day(n))},
  '2026/27',${pence},${unixNow()});`);

before(async () => {
  smtp = await startSmtp();
  db = newDatabase();
  server = await start(mailOptions(smtp), { db });
  const now = unixNow();
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  // The owner: a current member of the cluster with an address, reading English.
  const [pid, email] = sql(`SELECT p.id, p.email FROM membership m JOIN person p ON p.id=m.person_id
    WHERE m.unit_id=${csw} AND p.email IS NOT NULL AND m.valid_from<=${q(today)}
    AND (m.valid_to IS NULL OR m.valid_to>=${q(today)}) ORDER BY p.id LIMIT 1;`).split('|');
  ownerEmail = email;
  sql(`UPDATE person SET mail_lang='en', mail_mode='immediate' WHERE id=${pid};`);
  leadUser = sql(`SELECT id FROM app_user WHERE email='lead@example.wales';`);
  // £10,000 budget, 10% cost tolerance, 30 days' time tolerance, ending in a year.
  projectId = Number(sql(`INSERT INTO project(unit_id,title,problem_type,start_on,end_on,budget_pence,cost_tolerance_pct,
    time_tolerance_days,owner_person_id,stage,created_at,updated_at) VALUES(${csw},'Social prescribing link','tame',
    ${q(day(-100))},${q(day(365))},1000000,10,30,${pid},'deliver',${now},${now}) RETURNING id;`));
  allocation = sql(`INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2029/30','Tolerance test funding','recurrent',5000000,${now},${now}) RETURNING id;`);
  commitment = sql(`INSERT INTO finance_commitment(unit_id,allocation_id,kind,title,supplier,supplier_key,value_pence,start_on,
    end_on,year,status,requested_by,requested_at,aggregated_pence,route,approver_role,created_at,updated_at,project_id)
    VALUES(${csw},${allocation},'order','Link worker hours','Third sector','third sector',1000000,${q(day(-90))},${q(day(300))},
    '2029/30','requested',${leadUser},${now},1000000,'quotes','cluster_lead',${now},${now},${projectId}) RETURNING id;`);
  // A closed project far over its budget: never swept.
  const closed = sql(`INSERT INTO project(unit_id,title,problem_type,start_on,end_on,budget_pence,stage,recommendation,
    closed_on,owner_person_id,created_at,updated_at) VALUES(${csw},'Closed pilot','tame','2025-01-01','2025-12-31',100,
    'close','stop','2025-12-31',${pid},${now},${now}) RETURNING id;`);
  const c2 = sql(`INSERT INTO finance_commitment(unit_id,allocation_id,kind,title,supplier,supplier_key,value_pence,start_on,
    end_on,year,status,requested_by,requested_at,aggregated_pence,route,approver_role,created_at,updated_at,project_id)
    VALUES(${csw},${allocation},'order','Old order','Supplier','supplier',100,'2025-01-01','2025-12-31','2029/30','requested',
    ${leadUser},${now},100,'quotes','cluster_lead',${now},${now},${closed}) RETURNING id;`);
  sql(`INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,created_at)
    VALUES(${csw},${allocation},${c2},'2025-06-01','2029/30',500000,${now});`);
});
after(async () => {
  await server?.stop();
  await smtp?.close();
  db?.drop();
});

test('forecast exactly at the tolerance: nothing; a penny over: one exception report and one e-mail to the owner', async () => {
  spend(1100000, -5);     // £11,000: exactly 110% of £10,000
  let out = sweep(0);
  assert.match(out, /project-tolerances .*: 0 exception report\(s\) opened/);
  assert.equal(reports(), '');
  assert.match(sweep(0), /done already/, 'once a day');

  spend(1, -4);           // one penny more
  out = sweep(1);
  assert.match(out, /1 exception report\(s\) opened/);
  assert.equal(reports(), 'cost|cost:1000000:10|draft');
  const [docId, rag, period] = sql(`SELECT id, rag, period_from FROM project_doc WHERE project_id=${projectId} AND kind='exception';`).split('|');
  assert.equal(rag, 'red');
  assert.equal(period, day(1));
  const situation = sql(`SELECT body FROM project_doc_text WHERE doc_id=${docId} AND field='situation';`);
  assert.match(situation, /The forecast cost is £11,000\.01 against a budget of £10,000\.00 with a tolerance of 10% \(at most £11,000\.00\): £0\.01 over the tolerance\./);
  assert.match(situation, /Spent so far: £11,000\.01/);
  assert.match(sql(`SELECT new_values FROM audit_log WHERE entity='project_doc' AND entity_id=${docId};`), /"breach_key":"cost:1000000:10"/);
  assert.equal(sql(`SELECT actor FROM audit_log WHERE entity='project_doc' AND entity_id=${docId};`), 'carecluster <carecluster@example.wales>');

  const [m] = await waitReceived(1);
  assert.equal(m.envelope.to[0], ownerEmail);
  assert.equal(m.subject, 'Exception report opened: Social prescribing link');
  const body = partText(m);
  assert.match(body, /has broken its cost tolerance, so an exception report has been opened/);
  assert.match(body, /£11,000\.01/);
  assert.match(body, new RegExp(`https://carecluster\\.example\\.wales/projects/${projectId}/documents/${docId}`));

  // The next days' sweeps open nothing new for the same breach.
  spend(50000, -3);
  assert.match(sweep(2), /0 exception report\(s\) opened/);
  assert.match(sweep(3), /0 exception report\(s\) opened/);
  await sleep(1500);
  assert.equal(received().length, 1);
  assert.equal(sql(`SELECT COUNT(*) FROM project_doc WHERE kind='exception' AND demo=0;`), '1', 'the closed project is left alone');
});

test('the time tolerance opens its own report; a new baseline broken again opens another', async () => {
  const now = unixNow();
  // A milestone 31 days after the end: more than the 30 days' tolerance.
  sql(`INSERT INTO project_milestone(project_id,title,baseline_on,due_on,created_at,updated_at)
       VALUES(${projectId},'Evaluation report',${q(day(365))},${q(day(396))},${now},${now});`);
  assert.match(sweep(4), /1 exception report\(s\) opened/);
  assert.equal(reports().split('\n')[1], `time|time:${day(365)}:30|draft`);
  const docId = sql(`SELECT id FROM project_doc WHERE project_id=${projectId} AND trigger_kind='time';`);
  assert.match(sql(`SELECT body FROM project_doc_text WHERE doc_id=${docId} AND field='situation';`),
    /with a tolerance of 30 days: 31 days late, 1 days beyond the tolerance\./);
  await waitReceived(2);
  assert.match(received()[1].subject, /Exception report opened/);
  assert.match(partText(received()[1]), /has broken its time tolerance/);

  // A new baseline (a tighter tolerance), broken too: a new report for it.
  sql(`UPDATE project SET cost_tolerance_pct=5 WHERE id=${projectId};`);
  assert.match(sweep(5), /1 exception report\(s\) opened/);
  assert.equal(reports().split('\n')[2], 'cost|cost:1000000:5|draft');
  await waitReceived(3);
  // Within the new tolerance: nothing more.
  sql(`UPDATE project SET budget_pence=2000000, end_on=${q(day(400))} WHERE id=${projectId};`);
  assert.match(sweep(6), /0 exception report\(s\) opened/);
  assert.equal(reports().split('\n').length, 3);
});
