// Browser tests: the chair writes the minutes of every item of a meeting
// on one page, in English and in Welsh, at 1,280 and 375 px: the form of
// the minutes the terms of reference chose, a box per item labelled with
// the item, an error beside one item that keeps everything typed, then the
// web minutes with the attendance and the actions raised. Every page gets
// an axe-core check and a full-page screenshot
// (build/screenshots/minutes-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { browserTests, pathOf, waitForPath, clean } from './lib.mjs';

const ui = browserTests('minutes-');
const { newPage, checkPage, signIn } = ui;

const sql = text => execFileSync('sqlite3', ['-cmd', '.timeout 5000', ui.server.db], { input: text }).toString().trim();
const q = s => `'${String(s).replace(/'/g, "''")}'`;

// A meeting of the demonstration cluster held yesterday evening, with its
// standing items and two of its own, the attendance and an action raised.
function heldMeeting(title, items) {
  const d = new Date(Date.now() - 86400e3);
  const day = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  const unit = sql(`SELECT id FROM unit WHERE slug='cardiff-south-west';`);
  const id = Number(sql(`INSERT INTO meeting(unit_id,title,starts_at,ends_at,location,created_at,updated_at)
    VALUES(${unit},${q(title)},'${day}T19:00','${day}T20:30','Canton Library',1,1) RETURNING id;`));
  const all = [['Welcome and introductions', 'welcome', 'information'], ...items.map(t => [t, null, 'discussion']),
    ['Any other business', 'aob', 'discussion']];
  all.forEach(([t, standing, purpose], i) => sql(`INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,standing,status,created_at,updated_at)
    VALUES(${id},${i + 1},${q(t)},'${purpose}',15,${standing ? q(standing) : 'NULL'},'accepted',1,1);`));
  const person = n => sql(`SELECT id FROM person WHERE name=${q(n)} LIMIT 1;`);
  sql(`INSERT INTO attendance(meeting_id,person_id,status) VALUES(${id},${person('Dr Alys Morgan')},'present'),
         (${id},${person('Nia Hughes')},'online'),(${id},${person('Megan Roberts')},'apologies');
       INSERT INTO person(name,organisation,home_unit_id,created_at,updated_at) VALUES('Carys Bevan','Llandaff Surgery',${unit},1,1);
       INSERT INTO attendance(meeting_id,person_id,status,deputy_for_person_id)
         VALUES(${id},(SELECT max(id) FROM person),'deputy',${person('Owain Jones')});
       INSERT INTO action(unit_id,ref,meeting_id,description,lead_person_id,status,due_on,created_at,updated_at)
         VALUES(${unit},'CSW-9${id}',${id},'Book the flu clinic rooms',${person('Nia Hughes')},'open','2031-05-01',1,1);`);
  return id;
}

for (const width of [1280, 375]) {
  test(`the chair writes the minutes of every item on one page, in English, at ${width} px`, async () => {
    const id = heldMeeting(`Cluster meeting ${width}`, ['Winter pressures plan', 'Extended access bid']);
    const page = await newPage({ viewport: { width, height: 900 } });
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}/meetings/${id}/minutes`);
    await checkPage(page, `web-draft-${width}`);
    assert.match(clean(await page.locator('main').innerText()), /Form of the minutes: Formal minutes/);
    await page.getByRole('link', { name: 'Write the minutes of every item on one page' }).click();
    await waitForPath(page, `/meetings/${id}/minutes/write`);
    assert.equal(await page.title(), 'Write the minutes – carecluster');
    await checkPage(page, `write-${width}`);
    assert.match(clean(await page.locator('#minutes-form').innerText()), /The terms of reference ask for: Formal minutes\./);
    // One box per item, each named with its item.
    assert.equal(await page.locator('textarea[name^="minutes-"]').count(), 4);
    const plan = page.getByLabel('Discussion and resolution: Winter pressures plan', { exact: true });
    const bid = page.getByLabel('Discussion and resolution: Extended access bid', { exact: true });
    await plan.fill('The cluster discussed winter pressures.\n\nResolved: to open two extra clinics.');
    await bid.fill('x'.repeat(20001));
    await page.getByRole('button', { name: 'Save the minutes' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(page, `write-error-${width}`);
    assert.equal(await page.title(), 'Error: Write the minutes – carecluster');
    assert.equal(await plan.inputValue(), 'The cluster discussed winter pressures.\n\nResolved: to open two extra clinics.');
    assert.match(clean(await page.locator('.nhsuk-form-group--error').innerText()), /Error: Use 20,000 characters or fewer/);
    // The summary's link leads to the box.
    await page.locator('.nhsuk-error-summary a').click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby')?.includes('-error')), true);
    await bid.fill('Resolved: to submit the bid by Friday.');
    await page.getByRole('button', { name: 'Save the minutes' }).click();
    await waitForPath(page, `/meetings/${id}/minutes`);
    const main = clean(await page.locator('main').innerText());
    for (const s of ['Resolved: to open two extra clinics.', 'Resolved: to submit the bid by Friday.',
      'Carys Bevan (Llandaff Surgery), deputy for Owain Jones', 'Apologies', 'Megan Roberts', 'Actions raised', `CSW-9${id}`, '1 May 2031']) {
      assert.ok(main.includes(s), `"${s}" on the minutes:\n${main}`);
    }
    await checkPage(page, `web-written-${width}`);
    await page.context().close();
  });
}

test('the chair writes the minutes in Welsh, at 1280 and 375 px', async () => {
  const id = heldMeeting('Cyfarfod y clwstwr', ['Cynllun pwysau’r gaeaf']);
  sql(`INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,quorum_num,quorum_den,
         quorum_requires_chair,chair_selection,minutes_form,agreed_on,review_due,created_at)
       SELECT u.id, (SELECT MAX(version)+1 FROM terms_of_reference WHERE unit_id=u.id), 'Diben', 'Bob mis', 'fraction', 1, 2,
         1, 'Etholir gan yr aelodau', 'notes', '2001-01-01', '2099-01-01', 1 FROM unit u WHERE u.slug='cardiff-south-west';`);
  for (const width of [1280, 375]) {
    const page = await newPage({ viewport: { width, height: 900 } });
    await signIn(page, 'lead@example.wales');
    await page.context().addCookies([{ name: 'cc_lang', value: 'cy', url: ui.server.url }]);
    await page.goto(`${ui.server.url}/meetings/${id}/minutes/write`);
    assert.equal(pathOf(page), `/meetings/${id}/minutes/write`);
    await checkPage(page, `write-cy-${width}`);
    assert.match(clean(await page.locator('#minutes-form').innerText()), /Mae'r cylch gorchwyl yn gofyn am: Nodiadau'r cyfarfod\./);
    const box = page.getByLabel('Prif bwyntiau: Cynllun pwysau’r gaeaf', { exact: true });
    await box.fill(`- Mae'r clinigau ffliw yn llawn (${width})`);
    await page.getByRole('button', { name: "Cadw'r cofnodion" }).click();
    await waitForPath(page, `/meetings/${id}/minutes`);
    const main = clean(await page.locator('main').innerText());
    for (const s of [`Mae'r clinigau ffliw yn llawn (${width})`, "Ffurf y cofnodion: Nodiadau'r cyfarfod",
      'Carys Bevan (Llandaff Surgery), dirprwy ar ran Owain Jones', 'Camau gweithredu a godwyd', `CSW-9${id}`]) {
      assert.ok(main.includes(s), `"${s}" on the Welsh minutes:\n${main}`);
    }
    await checkPage(page, `web-cy-${width}`);
    await page.context().close();
  }
  // Back to formal minutes for anything after.
  sql(`DELETE FROM terms_of_reference WHERE minutes_form='notes' AND agreed_on='2001-01-01';`);
});
