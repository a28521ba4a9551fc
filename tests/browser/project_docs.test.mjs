// Browser tests of a project's documents: a cluster lead starts the
// project brief from the documents list, writes it, is told by "Mark as
// complete" which fields are empty (the summary link lands on the field),
// adds stakeholders to the map (errors first) and links a decision; the
// list, a document, its form, the initiation document with its tables,
// the stakeholder map and the decisions log at 1,280 and 375 px, in
// English and Welsh, for the lead and a member, pass axe and never get
// wider than the window. Screenshots in build/screenshots/projdocs-*.png;
// the HTML is kept for the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, pathOf, WIDTHS } from './lib.mjs';
import { dbSql } from '../lib/server.mjs';

const ui = browserTests('projdocs-');
const { newPage, checkPage, signIn, signedIn, checkPath } = ui;
let projectId, briefPath, pidPath, mapDocPath;

// The project and what its documents show, arranged directly (other
// areas' pages make them).
function arrange() {
  const sql = q => dbSql(ui.server.db, q).trim();
  const now = Math.floor(Date.now() / 1000);
  const csw = `(SELECT id FROM unit WHERE slug='cardiff-south-west')`;
  const owner = sql(`SELECT p.id FROM person p JOIN membership m ON m.person_id=p.id WHERE m.unit_id=${csw} ORDER BY p.id LIMIT 1;`);
  projectId = sql(`INSERT INTO project(unit_id,title,summary,problem_type,problem_reason,complex,stage,owner_person_id,
    start_on,end_on,budget_pence,created_at,updated_at) VALUES(${csw},'Frailty hub for Grangetown','','wicked',
    'Many partners',1,'plan',${owner},'2026-04-01','2027-03-31',5000000,${now},${now}) RETURNING id;`);
  sql(`INSERT INTO project_milestone(project_id,title,baseline_on,due_on,sort_order,created_at,updated_at)
    VALUES(${projectId},'Hub room fitted','2026-06-01','2026-06-15',1,${now},${now});`);
  sql(`INSERT INTO risk(unit_id,project_id,description,owner_person_id,likelihood,consequence,controls,residual_likelihood,
    residual_consequence,status,created_at,updated_at) VALUES(${csw},${projectId},'Not enough nurses to staff the hub',${owner},
    4,4,'Bank staff',3,3,'open',${now},${now});`);
  sql(`INSERT INTO project_issue(project_id,description,owner_person_id,priority,raised_on,due_on,status,created_at,updated_at)
    VALUES(${projectId},'The lease is late',${owner},'high','2026-05-01','2026-06-01','open',${now},${now});`);
  const meeting = sql(`INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,created_at,updated_at)
    VALUES(${csw},'Cluster board','2026-05-20T10:00','2026-05-20T12:00','held',${now},${now}) RETURNING id;`);
  const item = sql(`INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,status,restricted,created_at,updated_at)
    VALUES(${meeting},1,'Frailty hub','decision',10,'accepted',0,1,1) RETURNING id;`);
  const gate = sql(`INSERT INTO decision(agenda_item_id,text,vote_kind,quorum_required,quorum_present,created_at)
    VALUES(${item},'The project may move to Plan','none',3,5,${now}) RETURNING id;`);
  sql(`INSERT INTO decision(agenda_item_id,text,vote_kind,quorum_required,quorum_present,created_at)
    VALUES(${item},'Extra sessions agreed in Grangetown','none',3,5,${now});`);
  sql(`INSERT INTO project_gate(project_id,from_stage,to_stage,decision_id,passed_at) VALUES(${projectId},'initiate','plan',${gate},${now});`);
  const pid = sql(`INSERT INTO project_doc(project_id,kind,title,state,demo,created_at,updated_at)
    VALUES(${projectId},'pid','','draft',0,${now},${now}) RETURNING id;`);
  sql(`INSERT INTO project_doc_text(doc_id,field,body) VALUES(${pid},'governance','The cluster board decides at each gate');`);
  pidPath = `/projects/${projectId}/documents/${pid}`;
  const map = sql(`INSERT INTO project_doc(project_id,kind,title,state,demo,created_at,updated_at)
    VALUES(${projectId},'stakeholder_map','','draft',0,${now},${now}) RETURNING id;`);
  mapDocPath = `/projects/${projectId}/documents/${map}`;
}

test('a lead writes the project brief, the stakeholder map and the decisions log in the browser', async () => {
  arrange();
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}/projects/${projectId}/documents`);
    await checkPage(page, 'list');
    await page.getByRole('link', { name: 'Start Project brief' }).click();
    await checkPage(page, 'new-brief');
    await page.getByRole('button', { name: 'Start the document' }).click();
    await page.waitForURL(/\/documents\/\d+\/edit$/);
    briefPath = pathOf(page).replace(/\/edit$/, '');
    await checkPage(page, 'edit-brief');
    await page.getByLabel('Background').fill('Frail people in Grangetown wait too long for a joined-up review.');
    await page.getByLabel('Objectives').fill('See 200 people in the hub by March 2027.');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForURL(new RegExp(`${briefPath}$`));
    await checkPage(page, 'brief');
    await page.getByRole('button', { name: 'Mark as complete' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'complete-errors');
    await page.locator('.nhsuk-error-summary a[href="#scope"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scope', 'the summary link lands on the field');
    assert.equal(await page.getByLabel('Objectives').inputValue(), 'See 200 people in the hub by March 2027.');

    await page.goto(`${ui.server.url}/projects/${projectId}/stakeholders`);
    await page.getByLabel('Stakeholder', { exact: true }).fill('Cardiff and Vale UHB');
    await page.getByRole('button', { name: 'Add the stakeholder' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, 'stakeholder-errors');
    assert.equal(await page.getByLabel('Stakeholder', { exact: true }).inputValue(), 'Cardiff and Vale UHB');
    for (const [name, power, interest] of [['Cardiff and Vale UHB', '5', '4'], ['Local councillors', '4', '2'],
      ['Patients and carers', '2', '5'], ['Community pharmacies', '1', '1'], ['GP practices', '5', '5']]) {
      await page.getByLabel('Stakeholder', { exact: true }).fill(name);
      await page.locator(`input[name="power"][value="${power}"]`).check();
      await page.locator(`input[name="interest"][value="${interest}"]`).check();
      await page.getByRole('button', { name: 'Add the stakeholder' }).click();
      await page.waitForURL(/\/stakeholders#stakeholder-map$/);
    }
    assert.equal(await page.locator('svg.cc-stakeholder-grid circle').count(), 5);
    await checkPage(page, 'stakeholders');

    await page.goto(`${ui.server.url}/projects/${projectId}/decisions`);
    const value = await page.locator('select[name="decision"] option', { hasText: 'Extra sessions' }).getAttribute('value');
    await page.getByLabel('Decision', { exact: true }).selectOption(value);
    await page.getByLabel('What it means for the project (optional)').fill('More clinics');
    await page.getByRole('button', { name: 'Link the decision' }).click();
    await page.waitForURL(/\/decisions$/);
    assert.equal(await page.locator('#decisions-table tbody tr').count(), 2);
    await checkPage(page, 'decisions');
  } finally {
    await page.context().close();
  }
});

for (const lang of ['en', 'cy']) {
  test(`document pages at 1,280 and 375 px pass axe and fit the window (${lang})`, async () => {
    assert.ok(briefPath, 'the brief was made by the test before');
    for (const who of ['lead@example.wales', 'member@example.wales']) {
      await signedIn(who, lang, async page => {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          const short = who.split('@')[0];
          const paths = [['list', `/projects/${projectId}/documents`], ['brief', briefPath], ['pid', pidPath],
            ['map-doc', mapDocPath], ['stakeholders', `/projects/${projectId}/stakeholders`],
            ['decisions', `/projects/${projectId}/decisions`]];
          if (short === 'lead') paths.push(['pid-edit', `${pidPath}/edit`], ['new-progress', `/projects/${projectId}/documents/new?kind=progress`]);
          for (const [name, path] of paths) await checkPath(page, path, `${name}-${short}-${width}-${lang}`, lang);
        }
      });
    }
  });
}
