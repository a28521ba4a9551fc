// Browser tests of a project's evaluation: a cluster lead writes the
// first stage, plans a measurement (errors first: the summary links to
// the field), adds to the logic model and a benefit; the evaluation, its
// measurements, the logic model's SVG and table, the benefits, the unit's
// register and the forms at 1,280 and 375 px, in English and Welsh, pass
// axe and never get wider than the window. Screenshots in
// build/screenshots/eval-*.png; the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, CLUSTER_PATH, WIDTHS } from './lib.mjs';
import { dbSql } from '../lib/server.mjs';

const ui = browserTests('eval-');
const { checkPage, signedIn, checkPath } = ui;
let projectId;

function seed() {
  const db = ui.server.db;
  const now = Math.floor(Date.now() / 1000);
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  projectId = dbSql(db, `INSERT INTO project(unit_id,title,problem_type,stage,start_on,end_on,budget_pence,created_at,updated_at)
    VALUES(${csw},'Frailty home visits','wicked','monitor','2027-04-01','2029-03-31',1000000,${now},${now}) RETURNING id;`);
  const alloc = dbSql(db, `INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
    VALUES(${csw},'2029/30','Evaluation browser funding','recurrent',5000000,${now},${now}) RETURNING id;`);
  const leadId = dbSql(db, `SELECT id FROM app_user WHERE email='lead@example.wales';`);
  const hbId = dbSql(db, `SELECT id FROM app_user WHERE email='hb@example.wales';`);
  const c = dbSql(db, `INSERT INTO finance_commitment(unit_id,allocation_id,kind,title,supplier,supplier_key,value_pence,start_on,end_on,
    year,status,requested_by,requested_at,aggregated_pence,route,approver_role,approved_by,approved_at,created_at,updated_at,project_id)
    VALUES(${csw},${alloc},'order','Visiting sessions','Care Co','care co',800000,'2029-04-01','2029-04-30','2029/30',
    'committed',${leadId},${now},800000,'quotes','cluster_lead',${hbId},${now},${now},${now},${projectId}) RETURNING id;`);
  dbSql(db, `INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,created_at)
    VALUES(${csw},${alloc},${c},'2029-04-20','2029/30',500000,${now});`);
  const qp = dbSql(db, `INSERT INTO qi_project(unit_id,title,aim,measures_question,changes_question,start_on,status,created_at,updated_at)
    VALUES(${csw},'Falls QI','Fewer falls','Falls a month','Home visits','2026-01-01','active',${now},${now}) RETURNING id;`);
  const m = dbSql(db, `INSERT INTO qi_measure(project_id,kind,name,definition,unit,direction,chart,position,created_at,updated_at)
    VALUES(${qp},'outcome','Falls a month','Falls reported','falls','decrease','xmr',1,${now},${now}) RETURNING id;`);
  for (let i = 0; i < 12; i++) {
    dbSql(db, `INSERT INTO qi_point(measure_id,on_date,value) VALUES(${m},'2026-${String(i + 1).padStart(2, '0')}-01',${20 + (i % 3)});`);
  }
  for (const [col, text, qi] of [['input', 'Two visiting practitioners, three days a week', null],
    ['activity', 'Home visits to housebound people over 75 with a frailty score', null],
    ['output', 'Visits made and care plans written', null],
    ['outcome_short', 'Fewer falls at home among the housebound', m],
    ['outcome_medium', 'Fewer emergency admissions after a fall', null],
    ['outcome_long', 'People stay at home longer', null],
    ['impact', 'Healthier, more independent old age in the cluster', null]]) {
    dbSql(db, `INSERT INTO logic_item(project_id,col,text,qi_measure_id) VALUES(${projectId},'${col}','${text}',${qi ?? 'NULL'});`);
  }
  dbSql(db, `INSERT INTO eval_measurement(project_id,title,due_on,population,place,created_at,updated_at)
    VALUES(${projectId},'Baseline falls','2020-01-31','Housebound over 75','Two practices',${now},${now});`);
  dbSql(db, `INSERT INTO benefit(project_id,kind,description,beneficiaries,quantity,proxy_pence,proxy_low_pence,proxy_high_pence,
    deadweight_pct,attribution_pct,displacement_pct,drop_off_pct,start_year,duration_years,evidence,created_at,updated_at)
    VALUES(${projectId},'social','Fewer falls at home','Housebound over 75',100,10000,6000,15000,20,25,10,10,1,3,'Baseline falls',${now},${now});`);
}

test('a lead writes the evaluation in the browser', async () => {
  seed();
  await signedIn('lead@example.wales', 'en', async page => {
    await page.goto(`${ui.server.url}/projects/${projectId}/evaluation`);
    await checkPage(page, 'evaluation');
    await page.getByRole('link', { name: /Change.*1\. Identify the context/ }).click();
    await page.getByLabel('The evaluation question').fill('Do home visits cut falls among the housebound?');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#stage-1$/);
    assert.match(await page.locator('#stage-1-summary').innerText(), /Do home visits cut falls/);
    await page.goto(`${ui.server.url}/projects/${projectId}/measurements/new`);
    await page.getByLabel('What is measured').fill('Falls at 12 months');
    await page.getByLabel('Due', { exact: true }).fill('2031-02-30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'measurement-errors');
    await page.locator('.nhsuk-error-summary a[href="#due_on"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'due_on', 'the summary link lands on the field');
    assert.equal(await page.getByLabel('What is measured').inputValue(), 'Falls at 12 months', 'what was typed is kept');
    await page.getByLabel('Due', { exact: true }).fill('2031-02-28');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/measurements$/);
    assert.equal(await page.locator('#measurements-table tbody tr').count(), 2);
  });
});

for (const lang of ['en', 'cy']) {
  test(`evaluation pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    assert.ok(projectId, 'the project was made by the test before');
    const P = `/projects/${projectId}`;
    for (const who of ['lead@example.wales', 'member@example.wales']) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          const paths = [['evaluation', `${P}/evaluation`], ['measurements', `${P}/measurements`],
            ['logic', `${P}/logic-model`], ['benefits', `${P}/benefits`], ['register', `${CLUSTER_PATH}/benefits`]];
          if (who.startsWith('lead')) {
            paths.push(['stage-3', `${P}/evaluation/stages/3/edit`], ['logic-new', `${P}/logic-model/new`],
              ['benefit-new', `${P}/benefits/new`], ['record', `${P}/measurements/${dbSql(ui.server.db,
                `SELECT MIN(id) FROM eval_measurement WHERE project_id=${projectId};`)}/record`],
              ['recommendation', `${P}/recommendation`]);
          }
          for (const [name, path] of paths) {
            await checkPath(page, path, `${name}-${who.split('@')[0]}-${width}-${lang}`, lang);
          }
        }
      });
    }
  });
}
