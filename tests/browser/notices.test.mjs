// Browser tests: "How we send you email" (a person's choice of each
// message or a daily digest, and of English, Welsh or both), its errors,
// its Welsh, and its explanation for a user who is not one of the people;
// the same choices on the member form; and circulating the draft minutes
// for comment from the minutes page. At 1,280 and 375 px, each page with
// the axe-core check and a screenshot (build/screenshots/notices-*.png).
// The server circulates through a loopback SMTP server (what is sent is
// read by the HTTP tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { browserTests, waitForPath, clean } from './lib.mjs';

const ui = browserTests('notices-', { mail: true });
const { newPage, checkPage, signIn } = ui;

const sql = text => execFileSync('sqlite3', ['-cmd', '.timeout 5000', ui.server.db], { input: text }).toString().trim();
const q = s => `'${String(s).replace(/'/g, "''")}'`;

for (const width of [1280, 375]) {
  test(`a person chooses how they are sent e-mail, sees the errors and the page in Welsh, at ${width} px`, async () => {
    sql(`UPDATE person SET mail_mode='immediate', mail_lang='both' WHERE id=(SELECT person_id FROM app_user WHERE email='member@example.wales');`);
    const page = await newPage({ viewport: { width, height: 900 } });
    await signIn(page, 'member@example.wales');
    await page.goto(`${ui.server.url}/account/messages`);
    assert.equal(await page.title(), 'How we send you email – carecluster');
    await checkPage(page, `prefs-${width}`);
    const mode = page.getByRole('group', { name: 'When should we send your messages?' });
    const lang = page.getByRole('group', { name: 'In which language?' });
    assert.equal(await mode.getByLabel('As each one is sent').isChecked(), true);
    assert.equal(await lang.getByLabel('Welsh and English in one message (Welsh first)').isChecked(), true);
    assert.match(clean(await lang.innerText()), /as the Welsh Language Standards expect/);

    // Nothing chosen (as a form that lost its answers would send): both errors.
    await page.evaluate(() => document.querySelectorAll('input[type=radio]').forEach(i => { i.checked = false; }));
    await page.getByRole('button', { name: 'Save your choices' }).click();
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.equal(await page.title(), 'Error: How we send you email – carecluster');
    await checkPage(page, `prefs-error-${width}`);
    assert.deepEqual(await page.locator('.nhsuk-error-summary a').allInnerTexts(),
      ['Choose when we send your messages', 'Choose the language of your messages']);
    await page.locator('.nhsuk-error-summary a').first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mail_mode');

    await mode.getByLabel('Once a day, in a daily digest').check();
    await lang.getByLabel('Welsh only').check();
    await page.getByRole('button', { name: 'Save your choices' }).click();
    await waitForPath(page, '/account/messages');
    assert.match(clean(await page.locator('#saved').innerText()), /Your choices are saved\./);
    assert.equal(await mode.getByLabel('Once a day, in a daily digest').isChecked(), true);
    assert.equal(await lang.getByLabel('Welsh only').isChecked(), true);
    await checkPage(page, `prefs-saved-${width}`);
    assert.equal(sql(`SELECT mail_mode || '|' || mail_lang FROM person WHERE id=(SELECT person_id FROM app_user WHERE email='member@example.wales');`), 'digest|cy');

    await page.locator('.nhsuk-header').getByRole('button', { name: 'Cymraeg' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'cy');
    assert.equal(await page.title(), 'Sut rydym yn anfon e-bost atoch – carecluster');
    assert.equal(await page.getByRole('group', { name: 'Ym mha iaith?' }).getByLabel('Cymraeg yn unig').isChecked(), true);
    await checkPage(page, `prefs-cy-${width}`);
    // The language is the account's: back to English for the next test.
    await page.locator('.nhsuk-header').getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.context().close();
  });

  test(`a user who is not one of the people is told why there is nothing to choose, at ${width} px`, async () => {
    const page = await newPage({ viewport: { width, height: 900 } });
    await signIn(page, 'admin@example.wales');
    await page.goto(`${ui.server.url}/account/messages`);
    assert.match(clean(await page.locator('#not-a-person').innerText()), /not one of the people of a cluster/);
    assert.equal(await page.locator('input[type=radio]').count(), 0);
    await checkPage(page, `prefs-not-a-person-${width}`);
    await page.context().close();
  });

  test(`the Cluster Lead sets a member's e-mail choices on the member form, at ${width} px`, async () => {
    const page = await newPage({ viewport: { width, height: 900 } });
    await signIn(page, 'lead@example.wales');
    const ms = sql(`SELECT m.id FROM membership m JOIN person p ON p.id=m.person_id WHERE p.name='Megan Roberts' AND p.email LIKE '%cardiff-south-west%' LIMIT 1;`);
    await page.goto(`${ui.server.url}/memberships/${ms}/edit`);
    const mode = page.getByRole('group', { name: 'When should we send them email?' });
    const lang = page.getByRole('group', { name: 'In which language should we send them email?' });
    await mode.getByLabel('Once a day, in a daily digest').check();
    await lang.getByLabel('English only').check();
    await checkPage(page, `member-form-${width}`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForPath(page, '/units/cardiff-south-west');
    assert.equal(sql(`SELECT mail_mode || '|' || mail_lang FROM person WHERE name='Megan Roberts' AND email LIKE '%cardiff-south-west%';`), 'digest|en');
    sql(`UPDATE person SET mail_mode='immediate', mail_lang='both' WHERE name='Megan Roberts' AND email LIKE '%cardiff-south-west%';`);
    await page.context().close();
  });

  test(`the chair circulates the draft minutes for comment from the minutes page, at ${width} px`, async () => {
    // A meeting held yesterday evening, its minutes a draft.
    const d = new Date(Date.now() - 86400e3);
    const day = d.toISOString().slice(0, 10);
    const unit = sql(`SELECT id FROM unit WHERE slug='cardiff-south-west';`);
    const id = Number(sql(`INSERT INTO meeting(unit_id,title,starts_at,ends_at,location,minutes_status,created_at,updated_at)
      VALUES(${unit},${q(`Circulation meeting ${width}`)},'${day}T19:00','${day}T20:30','Canton Library','draft',1,1) RETURNING id;`));
    sql(`INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,status,minutes,created_at,updated_at)
      VALUES(${id},1,'Winter plan','discussion',15,'accepted','Agreed the winter plan.',1,1);`);
    const page = await newPage({ viewport: { width, height: 900 } });
    await signIn(page, 'lead@example.wales');
    await page.goto(`${ui.server.url}/meetings/${id}/minutes`);
    assert.match(clean(await page.locator('main').innerText()), /Sends every member of Cardiff South West an email with a link to the draft minutes/);
    await checkPage(page, `minutes-draft-${width}`);
    await page.getByRole('button', { name: 'Circulate the draft minutes for comment' }).click();
    await waitForPath(page, `/meetings/${id}/minutes`);
    assert.match(clean(await page.locator('#circulated').innerText()), /^Circulated for comment on /);
    assert.equal(await page.getByRole('button', { name: 'Circulate the draft minutes again' }).count(), 1);
    await checkPage(page, `minutes-circulated-${width}`);
    assert.equal(sql(`SELECT count(*) FROM outbox WHERE meeting_id=${id} AND kind='minutes_draft';`), '12');
    await page.context().close();
  });
}
