// carecluster stats xmr|run|proportion|rate|dsr|isr|funnel: JSON on
// standard output for values or CSV on standard input; bad input exits
// non-zero naming the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';

const BIN = resolve(process.env.CARECLUSTER_BIN || 'build/carecluster');

function stats(args, input) {
  const r = spawnSync(BIN, ['stats', ...args], { input, encoding: 'utf8', timeout: 20000 });
  assert.doesNotMatch(r.stderr + r.stdout, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
  return r;
}
function json(args, input) {
  const r = stats(args, input);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout);
}
const near = (got, want, tol) => assert.ok(Math.abs(got - want) <= tol, `got ${got}, want ${want} ± ${tol}`);

// set.seed(123); rnorm(20): the data of NHSRplotthedots
// tests/testthat/test-ptd_spc_standard.R; its snapshot
// (_snaps/ptd_spc_standard.md) prints mean 0.1416238, lpl -3.01138,
// upl 3.294627, and with y[15] <- 10: 0.6694159, -2.383666, 3.722497
// (screened) and -4.596625, 5.935457 (screen_outliers = FALSE).
const RNORM20 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
  1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
  1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
  1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141];
const lines = (a) => a.map(String).join('\n') + '\n';
const WITH_10 = RNORM20.map((v, i) => (i === 14 ? 10 : v));

test('xmr: mean, process limits and one point per value (NHSRplotthedots reference)', () => {
  const o = json(['xmr'], lines(RNORM20));
  near(o.mean, 0.1416238, 5e-8);
  near(o.lower, -3.01138, 5e-6);
  near(o.upper, 3.294627, 5e-7);
  assert.equal(o.direction, 'increase');
  assert.equal(o.points.length, 20);
  o.points.forEach((p, i) => {
    assert.equal(p.value, RNORM20[i]);
    assert.equal(p.type, 'common_cause');
    assert.equal(p.rule, null);
    assert.equal('date' in p, false);
  });
  assert.equal('assurance' in o, false);
});

test('xmr: screening, --no-screen and --direction change limits and types', () => {
  let o = json(['xmr'], lines(WITH_10));
  near(o.mean, 0.6694159, 5e-8);
  near(o.lower, -2.383666, 5e-7);
  near(o.upper, 3.722497, 5e-7);
  assert.deepEqual(o.points[14], { value: 10, type: 'special_cause_improvement', rule: 'outside_limits' });
  o = json(['xmr', '--no-screen'], lines(WITH_10));
  near(o.lower, -4.596625, 5e-7);
  near(o.upper, 5.935457, 5e-7);
  assert.equal(o.screen_outliers, false);
  o = json(['xmr', '--direction', 'decrease'], lines(WITH_10));
  assert.equal(o.points[14].type, 'special_cause_concern');
  o = json(['xmr', '--direction', 'neutral'], lines(WITH_10));
  assert.equal(o.points[14].type, 'special_cause_neutral_high');
  assert.equal(o.points[0].type, 'common_cause');
});

test('xmr: rules in order of precedence, trend and shift', () => {
  // c(2, 1:7, 3) (NHSRplotthedots test-ptd_calculate_point_type.R): a
  // 7-point rising trend inside the limits.
  const o = json(['xmr'], lines([2, 1, 2, 3, 4, 5, 6, 7, 3]));
  assert.deepEqual(o.points.map((p) => p.rule), [null, 'trend', 'trend', 'trend', 'trend', 'trend', 'trend', 'trend', null]);
  assert.equal(o.points[4].type, 'special_cause_improvement');
  // eight points above the mean, then one far below: shift, then outside
  const s = json(['xmr', '--direction', 'decrease'], lines([5, 6, 5, 6, 5, 6, 5, 6, 0]));
  assert.deepEqual(s.points.map((p) => p.rule), Array(8).fill('shift').concat(['outside_limits']));
  assert.equal(s.points[0].type, 'special_cause_concern');
  assert.equal(s.points[8].type, 'special_cause_improvement');
});

test('xmr --target: assurance as ptd_calculate_assurance_type', () => {
  // limits of RNORM20: -3.01138 .. 3.294627
  assert.equal(json(['xmr', '--target', '4'], lines(RNORM20)).assurance, 'consistent_fail');
  assert.equal(json(['xmr', '--target', '4', '--direction', 'decrease'], lines(RNORM20)).assurance, 'consistent_pass');
  assert.equal(json(['xmr', '--target', '-4'], lines(RNORM20)).assurance, 'consistent_pass');
  const o = json(['xmr', '--target', '0.5'], lines(RNORM20));
  assert.equal(o.assurance, 'inconsistent');
  assert.equal(o.target, 0.5);
  assert.equal(json(['xmr', '--target', '4', '--direction', 'neutral'], lines(RNORM20)).assurance, null);
});

test('xmr: CSV with a date,value header, CRLF, a BOM, NA and blank trailing lines', () => {
  const csv = '\uFEFFdate,value\r\n2024-01-01,5\r\n2024-02-01,NA\r\n2024-03-01,7\r\n2024-04-01,\r\n"2024-05-01","6.5"\r\n\r\n\r\n';
  const o = json(['xmr'], csv);
  assert.deepEqual(o.points.map((p) => p.date), ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01']);
  assert.deepEqual(o.points.map((p) => p.value), [5, null, 7, null, 6.5]);
  assert.ok(o.points.every((p) => p.type === 'common_cause' && p.rule === null));
  assert.equal(o.n, 5);
  assert.equal(o.n_used, 3);
  near(o.mean, 18.5 / 3, 1e-12);
  // one-column input with a "value" header, numbers printed exactly
  const v = json(['xmr'], 'value\n0.1\n0.2\n0.3\n');
  assert.deepEqual(v.points.map((p) => p.value), [0.1, 0.2, 0.3]);
  near(v.mean, 0.2, 1e-15);
});

test('run: median, useful points, longest run, crossings and signal (Anhøj rules)', () => {
  // 10 below then 10 above: median (9 + 110) / 2; longest run 10 > 7;
  // 1 crossing < 6 (qicharts2 vignette, Appendix 2, n = 20: 7 and 6)
  const y = Array.from({ length: 20 }, (_, i) => (i < 10 ? i : 100 + i));
  const o = json(['run'], lines(y));
  assert.equal(o.median, 59.5);
  assert.equal(o.n_useful, 20);
  assert.equal(o.longest_run, 10);
  assert.equal(o.longest_run_max, 7);
  assert.equal(o.crossings, 1);
  assert.equal(o.crossings_min, 6);
  assert.equal(o.signal, true);
  // a zig-zag of 24 about 0 with one point on the median: 24 useful,
  // 23 crossings, limits 8 and 8 (Appendix 2, n = 24)
  const z = Array.from({ length: 24 }, (_, i) => (i % 2 ? 1 : -1)).concat([0]);
  const r = json(['run'], lines(z));
  assert.equal(r.median, 0);
  assert.equal(r.n_useful, 24);
  assert.equal(r.longest_run, 1);
  assert.equal(r.longest_run_max, 8);
  assert.equal(r.crossings, 23);
  assert.equal(r.crossings_min, 8);
  assert.equal(r.signal, false);
});

test('a bad line exits non-zero and names the line, what is wrong and the fix', () => {
  let r = stats(['xmr'], '12\n13.5\n14\n15\n16\n17\n12,5\n18\n');
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /line 7: "12,5" is not a number — use a full stop for decimals/);
  r = stats(['run'], '1\n2\nthree\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /line 3: "three" is not a number/);
  r = stats(['xmr'], 'date,value\n2024-01-01,5\n2024-02-01 6\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /line 3: .* has no comma — each line after the header is date,value/);
  r = stats(['xmr'], '1\n\n2\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /line 2 is blank — write NA for a missing value/);
  r = stats(['xmr'], '1\n1e999\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /line 2: "1e999" is too large/);
});

test('empty input and bad options', () => {
  for (const input of ['', '\n\n', '\uFEFF', 'date,value\n']) {
    const r = stats(['xmr'], input);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no values on standard input/);
  }
  let r = stats(['xmr', '--direction', 'up'], '1\n');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--direction is increase, decrease or neutral/);
  r = stats(['xmr', '--target', '9,5'], '1\n');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--target needs a number with a full stop/);
  r = stats(['xmr', '--frobnicate'], '1\n');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /carecluster stats xmr: unknown option --frobnicate/);
  r = stats(['median'], '1\n');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage:/);
  r = stats([], '1\n');
  assert.equal(r.status, 2);
});

// ---- indicators: proportion, rate, dsr, isr, funnel ----------------------
// The reference values are those PHEindicatormethods publishes with its
// tests, copied into tests/unit/data (README there); each command's JSON
// must equal them to 1e-9 relative, as the unit test requires of the
// statistics engine underneath.

const DATA = resolve('tests/unit/data');
// A CSV file of the reference data as objects (fields may be quoted).
function readCsv(name) {
  const text = readFileSync(`${DATA}/${name}`, 'utf8').replace(/^\uFEFF/, '');
  const rows = text.split('\n').filter((l) => l !== '').map((line) => {
    const out = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let v = '';
        i++;
        while (i < line.length) {
          if (line[i] === '"' && line[i + 1] === '"') { v += '"'; i += 2; } else if (line[i] === '"') { i++; break; } else v += line[i++];
        }
        out.push(v);
        i++;
      } else {
        const j = line.indexOf(',', i);
        const end = j < 0 ? line.length : j;
        out.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return out;
  });
  const head = rows.shift();
  return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}
const num = (s) => (s === '' || s === undefined ? null : Number(s));
function rel(got, want, what) {
  if (want === null) { assert.equal(got, null, what); return; }
  assert.equal(typeof got, 'number', `${what}: got ${got}, want ${want}`);
  const ok = want === 0 ? got === 0 : Math.abs(got - want) <= 1e-9 * Math.abs(want);
  assert.ok(ok, `${what}: got ${got}, want ${want}`);
}
const quote = (s) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvOf = (head, rows) => [head.join(','), ...rows.map((r) => r.map((v) => quote(String(v))).join(','))].join('\n') + '\n';
const ESP_BANDS = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49',
  '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+'];

test('proportion: Wilson limits times --per at 95% and 99.8% (phe_proportion reference)', () => {
  const ref = readCsv('phe_testdata_Prop.csv');
  for (const per of ['1', '100']) {
    const rows = ref.filter((r) => r.multiplier === per);
    const input = csvOf(['numerator', 'denominator'], rows.map((r) => [r.Numerator || 'NA', r.Denominator || 'NA']));
    const args = per === '1' ? ['proportion'] : ['proportion', '--per', per];
    const o95 = json(args, input);
    const o998 = json([...args, '--level', '99.8'], input);
    assert.deepEqual(Object.keys(o95), ['rows']);
    assert.equal(o95.rows.length, rows.length);
    rows.forEach((r, i) => {
      assert.deepEqual(Object.keys(o95.rows[i]), ['value', 'lower', 'upper']);
      rel(o95.rows[i].value, num(r.value), `${r.Area} value`);
      rel(o95.rows[i].lower, num(r.lower95_0cl), `${r.Area} lower 95`);
      rel(o95.rows[i].upper, num(r.upper95_0cl), `${r.Area} upper 95`);
      rel(o998.rows[i].lower, num(r.lower99_8cl), `${r.Area} lower 99.8`);
      rel(o998.rows[i].upper, num(r.upper99_8cl), `${r.Area} upper 99.8`);
    });
  }
  // a Wald interval would give 0.65 - 1.96 * sqrt(0.65 * 0.35 / 100) = 0.5565
  const o = json(['proportion'], 'numerator,denominator\n65,100\n');
  assert.ok(Math.abs(o.rows[0].lower - 0.5565157) > 1e-3);
});

test('rate: exact under 10 events, Byar\'s from 10, --per default 100000 (phe_rate reference)', () => {
  const ref = readCsv('phe_testdata_Rate.csv');
  for (const per of ['100', '100000']) {
    const rows = ref.filter((r) => r.multiplier === per);
    const input = csvOf(['count', 'population'], rows.map((r) => [r.Numerator || 'NA', r.Denominator || 'NA']));
    const args = per === '100000' ? ['rate'] : ['rate', '--per', per];
    const o95 = json(args, input);
    const o998 = json([...args, '--level', '99.8'], input);
    rows.forEach((r, i) => {
      assert.deepEqual(Object.keys(o95.rows[i]), ['value', 'lower', 'upper', 'method']);
      rel(o95.rows[i].value, num(r.value), `${r.Area} value`);
      rel(o95.rows[i].lower, num(r.lower95_0cl), `${r.Area} lower 95`);
      rel(o95.rows[i].upper, num(r.upper95_0cl), `${r.Area} upper 95`);
      rel(o998.rows[i].lower, num(r.lower99_8cl), `${r.Area} lower 99.8`);
      rel(o998.rows[i].upper, num(r.upper99_8cl), `${r.Area} upper 99.8`);
      const want = r.value === '' ? null : r.method.toLowerCase();
      assert.equal(o95.rows[i].method, want, r.Area);
    });
  }
  // columns in either order; a count of 0 has a lower limit of 0
  const o = json(['rate'], 'population,count\n1000,0\n');
  assert.deepEqual(o.rows[0].lower, 0);
  assert.equal(o.rows[0].method, 'exact');
});

function dsrInput(area, { bands = true } = {}) {
  const rows = readCsv('phe_testdata_multiarea.csv').filter((r) => r.area === area);
  assert.equal(rows.length, 19);
  // The workbook's one missing count (testdata_tiny, 10-14) counts as 0.
  return bands
    ? csvOf(['age_band', 'count', 'population'], rows.map((r, i) => [ESP_BANDS[i], r.count || '0', r.pop]))
    : csvOf(['count', 'population'], rows.map((r) => [r.count || '0', r.pop]));
}

test('dsr: Dobson limits on the 2013 European Standard Population, none under 10 events (calculate_dsr reference)', () => {
  const ref = readCsv('phe_testresults_DSR.csv');
  let n = 0;
  for (const r of ref) {
    if (!['testdata_big', 'testdata_small'].includes(r.area)) continue;
    const per = r.statistic === 'dsr per 10000' ? '10000' : '100000';
    const args = per === '100000' ? ['dsr'] : ['dsr', '--per', per];
    const o = json(args, dsrInput(r.area));
    assert.deepEqual(Object.keys(o), ['count', 'value', 'lower', 'upper', 'note']);
    rel(o.count, num(r.total_count), 'count');
    rel(o.value, num(r.value), `${r.area} ${per} value`);
    rel(o.lower, num(r.lower95_0cl), `${r.area} ${per} lower 95`);
    rel(o.upper, num(r.upper95_0cl), `${r.area} ${per} upper 95`);
    assert.equal(o.note, null);
    const p = json([...args, '--level', '99.8'], dsrInput(r.area, { bands: false }));
    rel(p.lower, num(r.lower99_8cl), `${r.area} ${per} lower 99.8`);
    rel(p.upper, num(r.upper99_8cl), `${r.area} ${per} upper 99.8`);
    n++;
  }
  assert.equal(n, 4);
  const tiny = json(['dsr'], dsrInput('testdata_tiny'));
  assert.equal(tiny.count, 9);
  assert.equal(tiny.value, null);
  assert.equal(tiny.lower, null);
  assert.equal(tiny.upper, null);
  assert.match(tiny.note, /fewer than 10 events/);
});

test('isr: observed, expected and the ratio with Byar\'s or exact limits (calculate_ISRatio reference)', () => {
  const refPop = readCsv('phe_refdata.csv');
  const res = readCsv('phe_testresults_ISR.csv').filter((r) => r.statistic === 'indirectly standardised ratio x 1');
  assert.equal(res.length, 3);
  for (const r of res) {
    const rows = readCsv('phe_testdata_multiarea.csv').filter((x) => x.area === r.area);
    const input = csvOf(['count', 'population', 'ref_count', 'ref_population'],
      rows.map((x, i) => [x.count || '0', x.pop, refPop[i].refcount, refPop[i].refpop]));
    const o = json(['isr'], input);
    assert.deepEqual(Object.keys(o), ['observed', 'expected', 'value', 'lower', 'upper', 'method']);
    rel(o.observed, num(r.observed), 'observed');
    rel(o.expected, num(r.expected), 'expected');
    rel(o.value, num(r.value), `${r.area} value`);
    rel(o.lower, num(r.lower95_0cl), `${r.area} lower 95`);
    rel(o.upper, num(r.upper95_0cl), `${r.area} upper 95`);
    assert.equal(o.method, r.method.toLowerCase());
    const p = json(['isr', '--level', '99.8'], input);
    rel(p.lower, num(r.lower99_8cl), `${r.area} lower 99.8`);
    rel(p.upper, num(r.upper99_8cl), `${r.area} upper 99.8`);
  }
});

// The funnel's limits around target t at denominator n: t -+ z sqrt(t (1-t) / n),
// which is what the package's sigma_adjustment computes (the proportion whose
// Wilson interval just reaches the target; tests/unit/test_indicators.c shows
// the two agree).
const funnelLimit = (z, n, t, side) => t + (side === 'low' ? -1 : 1) * z * Math.sqrt((t * (1 - t)) / n);
const Q975 = 1.959963984540054;
const Q999 = 3.090232306167813;

test('funnel: pooled target, limits clipped to [0, per] and significance (assign_funnel_significance reference)', () => {
  const ref = readCsv('phe_funnel_prop_inputs.csv');
  assert.equal(ref.length, 303);
  const o = json(['funnel', '--per', '100'], csvOf(['area', 'numerator', 'denominator'],
    ref.map((r) => [r.Area, r.numerator, r.denominator])));
  assert.deepEqual(Object.keys(o), ['target', 'areas']);
  const out = readCsv('phe_funnel_prop_outputs.csv');
  assert.ok(Math.abs(o.target - Number(out[0].Baseline)) <= 5e-7, `target ${o.target}`);
  const codes = { 'High (0.001)': 'high_99_8', 'High (0.025)': 'high_95', 'Low (0.001)': 'low_99_8',
    'Low (0.025)': 'low_95', 'Not significant': 'not_significant' };
  const t = o.target / 100;
  ref.forEach((r, i) => {
    const a = o.areas[i];
    assert.deepEqual(Object.keys(a), ['area', 'value', 'lower95', 'upper95', 'lower99_8', 'upper99_8', 'significance']);
    assert.equal(a.area, r.Area);
    assert.equal(a.significance, codes[r.significance], r.Area);
    rel(a.value, (Number(r.numerator) / Number(r.denominator)) * 100, `${r.Area} value`);
    const d = Number(r.denominator);
    const clip = (v) => Math.min(100, Math.max(0, v * 100));
    rel(a.lower95, clip(funnelLimit(Q975, d, t, 'low')), `${r.Area} lower 95`);
    rel(a.upper95, clip(funnelLimit(Q975, d, t, 'high')), `${r.Area} upper 95`);
    rel(a.lower99_8, clip(funnelLimit(Q999, d, t, 'low')), `${r.Area} lower 99.8`);
    rel(a.upper99_8, clip(funnelLimit(Q999, d, t, 'high')), `${r.Area} upper 99.8`);
  });
  // small denominators: limits clipped, significance read before clipping
  const s = json(['funnel'], 'area,numerator,denominator\nA,1,1\nB,500,1000\n"C, ""the third""",0,1000\n');
  assert.equal(s.areas[0].upper95, 1);
  assert.equal(s.areas[0].lower99_8, 0);
  assert.equal(s.areas[0].significance, 'not_significant');
  assert.equal(s.areas[2].area, 'C, "the third"');
  assert.equal(s.areas[2].significance, 'low_99_8');
  assert.equal(s.target, 501 / 2001);
});

test('indicators: a bad line exits 1 naming the line, the column and the fix; bad options exit 2', () => {
  const cases = [
    [['proportion'], 'numerator,denominator\n1,10\n11,10\n', /^carecluster stats proportion: line 3: the numerator "11" is more than the denominator/],
    [['proportion'], 'numerator,denominator\n1,10\n1,0\n', /line 3: the denominator "0" is not more than 0/],
    [['proportion'], 'numerator,denominator\n1,10\n2,10,3\n', /line 3 has 3 fields where the header has 2/],
    [['proportion'], 'numerator,denominator\n1,1O\n', /line 2: the denominator "1O" is not a number — write a number such as 12 or 12.5, or NA/],
    [['proportion'], 'numerator\n1\n', /line 1: "numerator" has no column denominator — the header is numerator,denominator/],
    [['rate'], 'count,population\n1,100\n\n2,100\n', /line 3 is blank — remove it/],
    [['rate'], 'count,population\n-3,100\n', /line 2: the count "-3" is negative/],
    [['rate'], 'count,count,population\n1,2,3\n', /line 1: the column count is named twice/],
    [['dsr'], 'count,population\n1,100\n', /1 age band where the 2013 European Standard Population has 19/],
    [['dsr'], dsrInput('testdata_big').replace('\n55-59,', '\n55-69,'), /line 13: the age band "55-69" is not the band expected here, 55-59/],
    [['dsr'], dsrInput('testdata_big').replace(/\n30-34,48,/, '\n30-34,NA,'), /line 8: the count is missing \(NA\) — this command needs every number; write 0 for none/],
    [['dsr'], dsrInput('testdata_big').replace(/\n30-34,48,669/, '\n30-34,48,0'), /line 8: the population "0" is not more than 0/],
    [['dsr'], dsrInput('testdata_big') + '95+,1,2\n', /line 21: more than 19 age bands/],
    [['isr'], 'count,population,ref_count,ref_population\n1,100,5,0\n', /line 2: the reference population "0" is not more than 0/],
    [['isr'], 'count,population,ref_count,ref_population\n1,0,5,100\n', /the expected count is 0/],
    [['funnel'], 'area,numerator,denominator\nA,1,2\n"B,1,2\n', /line 3 is not CSV that can be read/],
    [['funnel'], 'area,numerator,denominator\nA,1,2\n,1,2\n', /line 3: the area is empty/],
    [['funnel'], 'area,numerator,denominator\nA,x,2\n', /line 2: the numerator "x" is not a number — write a number such as 12 or 12.5\n/],
    [['funnel'], 'area,numerator,denominator\n', /no rows after the header — give one row per area/],
    [['funnel'], '', /no input — give CSV with the header area,numerator,denominator/],
  ];
  for (const [args, input, msg] of cases) {
    const r = stats(args, input);
    assert.equal(r.status, 1, `${args} ${JSON.stringify(input.slice(0, 60))}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, msg);
  }
  const usage = [
    [['proportion', '--level', '90'], /--level is 95 or 99.8/],
    [['rate', '--per', '-1'], /--per needs a number more than 0/],
    [['isr', '--per', '100'], /carecluster stats isr: unknown option --per/],
    [['funnel', '--level'], /--level needs a value/],
    [['dsr', 'file.csv'], /unexpected argument file\.csv/],
  ];
  for (const [args, msg] of usage) {
    const r = stats(args, 'count,population\n1,1\n');
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg);
    assert.match(r.stderr, /usage:/);
  }
});
