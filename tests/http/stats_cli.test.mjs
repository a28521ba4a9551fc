// carecluster stats xmr|run: JSON on standard output for values on
// standard input; bad input exits non-zero naming the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

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
