// carecluster indicators import|catalogue: a CSV file of indicator values
// imported from the command line in one transaction with one audit entry;
// a file with errors names each line and column, exits non-zero and
// imports nothing, unless --valid-only imports the lines without errors;
// the health boards and Wales are computed from their clusters. On SQLite
// and on PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, dbSql, newDatabase, assertNoSanitizerReport } from './helpers.mjs';

const db = newDatabase();
after(() => db.drop());

// The command's status, standard output and standard error (both, even
// when it succeeds).
function run(args, input) {
  const r = spawnSync(BIN, ['indicators', ...args], { input: input ?? '', encoding: 'utf8', timeout: 60000 });
  assertNoSanitizerReport(r.stdout + r.stderr);
  return r;
}
const count = text => Number(dbSql(db.target, text));
const file = (name, text) => { const p = join(db.dir, name); writeFileSync(p, text); return p; };
const clusters = dbSql(db.target, "SELECT slug FROM unit WHERE kind='cluster' ORDER BY slug").split('\n');
const HEADER = 'area_code,indicator_code,period,numerator,denominator\n';
// A file of smoking prevalence for every cluster in 2024/25.
const smokingFile = (numerator) =>
  HEADER + clusters.map((slug, i) => `${slug},smoking_prevalence,2024/25,${numerator + i},${20000 + 100 * i}\n`).join('');

test('the catalogue: tab-separated, one line an indicator, in the order of the profile', () => {
  const r = run(['catalogue', '--db', db.target]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map(l => l.split('\t'));
  assert.deepEqual(lines[0], ['code', 'kind', 'period_type', 'polarity', 'multiplier', 'ages', 'name']);
  assert.equal(lines.length, 17);
  const byCode = Object.fromEntries(lines.slice(1).map(l => [l[0], l]));
  assert.deepEqual(byCode.smoking_prevalence.slice(1, 6), ['proportion', 'financial_year', 'lower_better', '100', 'all']);
  assert.deepEqual(byCode.premature_mortality.slice(1, 6), ['dsr', 'rolling_3_years', 'lower_better', '100000', '0-74']);
  assert.deepEqual(byCode.copd_admissions.slice(1, 6), ['dsr', 'financial_year', 'lower_better', '100000', '35+']);
  assert.equal(byCode.ambulatory_care_sar[1], 'isr');
  assert.equal(byCode.dementia_register[1], 'count');
  assert.equal(byCode.deprivation_share[3], 'neither');
  // Options are checked before anything runs.
  const bad = run(['catalogue', '--db', db.target, '--bogus']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option --bogus/);
});

test('a good file: every value imported, health boards and Wales computed, one audit entry', () => {
  const audit = count('SELECT count(*) FROM audit_log');
  const r = run(['import', '--db', db.target, '--file', file('good.csv', smokingFile(3000))]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^Imported 60 values from .*good\.csv \(60 new, 0 replacing earlier values\)\.\n8 health board and Wales values computed again from their clusters\.\n$/);
  assert.equal(count("SELECT count(*) FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id WHERE i.code='smoking_prevalence' AND v.period='2024/25'"), 68);
  const [num, den, source, demo] = dbSql(db.target,
    "SELECT v.numerator, v.denominator, v.source, v.demo FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id" +
    " JOIN unit u ON u.id=v.unit_id WHERE i.code='smoking_prevalence' AND v.period='2024/25' AND u.slug='wales'").split('|');
  assert.equal(Number(num), clusters.reduce((s, _, i) => s + 3000 + i, 0));
  assert.equal(Number(den), clusters.reduce((s, _, i) => s + 20000 + 100 * i, 0));
  assert.equal(source, 'computed');
  assert.equal(demo, '0');
  assert.equal(count('SELECT count(*) FROM audit_log'), audit + 1);
  const [actor, entity, values] = dbSql(db.target, 'SELECT actor, entity, new_values FROM audit_log ORDER BY id DESC LIMIT 1').split('|');
  assert.equal(actor, 'command line');
  assert.equal(entity, 'indicator_value');
  const v = JSON.parse(values);
  assert.equal(v.rows, 60);
  assert.equal(v.new, 60);
  assert.equal(v.computed, 8);
  assert.equal(v.indicators, 'smoking_prevalence');

  // The same file again, from standard input, with other numbers: replaced.
  const again = run(['import', '--db', db.target, '--file', '-'], smokingFile(3100));
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^Imported 60 values from standard input \(0 new, 60 replacing earlier values\)/);
  assert.equal(count("SELECT count(*) FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id WHERE i.code='smoking_prevalence' AND v.period='2024/25'"), 68);
  assert.equal(count("SELECT min(v.numerator) FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id WHERE i.code='smoking_prevalence' AND v.period='2024/25'"), 3100);
});

test('a file with errors: each named by line and column, nothing imported, exit 1; --valid-only imports the rest', () => {
  const text = 'area_code,indicator_code,period,age_band,sex,numerator,denominator\n' +
    'afan,obesity_prevalence,2024/25,,,5000,40000\n' +               // 2: good
    'nowhere,obesity_prevalence,2024/25,,,1,10\n' +                  // 3: no such area
    'Afan,obesity_prevalnce,2024/25,,,1,10\n' +                      // 4: no such indicator
    'afan,obesity_prevalence,2024,,,1,10\n' +                        // 5: not a financial year
    'De-orllewin Caerdydd,obesity_prevalence,2024-25,,,70,600\n' +   // 6: good (the Welsh name)
    'afan,obesity_prevalence,2023/24,,,11,10\n' +                    // 7: more than the denominator
    'afan,emergency_admissions,2024/25,0-4,,10,1000\n' +             // 8: bands missing
    'afan,obesity_prevalence,2024-25,,persons,1,10\n';               // 9: repeats line 2
  const path = file('errors.csv', text);
  const rows = count('SELECT count(*) FROM indicator_value');
  const audit = count('SELECT count(*) FROM audit_log');
  const r = run(['import', '--db', db.target, '--file', path]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  const at = (line, column, name) => lines.find(l => l.includes(`line ${line}, column ${column} (${name}): `));
  assert.match(at(3, 1, 'area_code'), /no cluster, health board or Wales with this code or name: .*: "nowhere"$/);
  assert.match(at(4, 2, 'indicator_code'), /no indicator with this code in the catalogue: "obesity_prevalnce"$/);
  assert.match(at(5, 3, 'period'), /periods are financial years: write them like 2023\/24.*: "2024"$/);
  assert.match(at(7, 7, 'denominator'), /smaller than the numerator/);
  assert.match(at(8, 4, 'age_band'), /not all there.*These are missing: "5-9 … 90\+"$/);
  assert.match(at(9, 3, 'period'), /given before, on the line shown.*: "2"$/);
  assert.match(lines.at(-1), /^carecluster indicators import: nothing was imported: 6 of the 8 lines of values have errors\..*--valid-only/);
  assert.equal(count('SELECT count(*) FROM indicator_value'), rows);
  assert.equal(count('SELECT count(*) FROM audit_log'), audit);

  const v = run(['import', '--db', db.target, '--file', path, '--valid-only']);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /^Imported 2 values from .*errors\.csv \(2 new, 0 replacing earlier values\); 6 lines with errors left out\.\n$/);
  assert.ok(v.stderr.includes('line 3, column 1 (area_code)'), 'the errors are still listed');
  assert.equal(count('SELECT count(*) FROM indicator_value'), rows + 2);
  assert.equal(count('SELECT count(*) FROM audit_log'), audit + 1);
  assert.equal(dbSql(db.target, "SELECT v.numerator || '/' || v.denominator FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id" +
    " JOIN unit u ON u.id=v.unit_id WHERE i.code='obesity_prevalence' AND v.period='2024/25' AND u.slug='cardiff-south-west'")
    .replace(/\.0/g, ''), '70/600');
});

test('an unusable file, a file of no usable line, and the options', () => {
  const rows = count('SELECT count(*) FROM indicator_value');
  // A spreadsheet's Latin-1: "café" with é as the one byte E9.
  writeFileSync(join(db.dir, 'latin1.csv'), Buffer.concat([Buffer.from(HEADER + 'wales,smoking_prevalence,2024/25,1,caf'),
    Buffer.from([0xe9]), Buffer.from('\n')]));
  let r = run(['import', '--db', db.target, '--file', join(db.dir, 'latin1.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 2, column 5: the file is not UTF-8 text/);
  assert.match(r.stderr, /nothing was imported/);
  r = run(['import', '--db', db.target, '--file', file('columns.csv', 'area,indicator,period,numerator\n')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 1, column 5: the first line must name the columns/);
  r = run(['import', '--db', db.target, '--file', file('none.csv', HEADER + 'nowhere,smoking_prevalence,2024/25,1,2\n'), '--valid-only']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nothing was imported: no line of the file could be used/);
  r = run(['import', '--db', db.target, '--file', join(db.dir, 'missing.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot read .*missing\.csv/);
  assert.equal(count('SELECT count(*) FROM indicator_value'), rows);
  r = run(['import', '--db', db.target]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give the CSV file of values .* with --file FILE/);
  r = run(['import', '--db', db.target, '--file', 'x.csv', '--valid-only', '--valid-only']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--valid-only is given twice/);
});
