-- 0015: population-health indicators. A catalogue managed nationally
-- (what each indicator counts, how its value and confidence interval are
-- computed, which way is better) and the numerators and denominators of
-- each indicator for each cluster, health board and Wales, period by
-- period, from which carecluster computes every value, interval and
-- comparison (src/domain/indicator.h).

-- An indicator. kind says how its value and interval are computed:
-- proportion (Wilson), crude_rate (exact Poisson under 10 events, else
-- Byar's), dsr (directly standardised on the 2013 European Standard
-- Population, Dobson's interval, not given under 10 events), isr
-- (indirectly standardised against Wales's rates by age band), count (no
-- interval). The value is multiplied by multiplier (100 for a
-- percentage, 100000 for a rate per 100,000). polarity: which way is
-- better, or neither (then areas are only higher or lower). period_type
-- fixes how its periods are written (indicator_value.period). The ages it
-- covers are age_from up to age_to (NULL: no upper limit), each a multiple
-- of 5: a standardised rate is computed over the bands of the 2013
-- European Standard Population in that range (under 75: 0 to 75).
CREATE TABLE indicator(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_cy TEXT NOT NULL,
  numerator_en TEXT NOT NULL,
  numerator_cy TEXT NOT NULL,
  denominator_en TEXT NOT NULL,
  denominator_cy TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('proportion','crude_rate','dsr','isr','count')),
  multiplier REAL NOT NULL CHECK (multiplier > 0),
  polarity TEXT NOT NULL CHECK (polarity IN ('higher_better','lower_better','neither')),
  source TEXT NOT NULL,
  period_type TEXT NOT NULL
    CHECK (period_type IN ('financial_year','calendar_year','quarter','month','rolling_3_years')),
  age_from INTEGER NOT NULL DEFAULT 0 CHECK (age_from >= 0 AND age_from <= 90 AND age_from % 5 = 0),
  age_to INTEGER CHECK (age_to IS NULL OR (age_to > age_from AND age_to <= 90 AND age_to % 5 = 0)),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- The numerator and denominator of an indicator for a unit (a cluster, a
-- health board or Wales) in a period, for all ages or one age band and for
-- persons or one sex. period is written one way per period type:
--   financial_year   2023/24           (April 2023 to March 2024)
--   calendar_year    2023
--   quarter          2023-Q2           (calendar quarters: Q2 is April to June)
--   month            2023-05
--   rolling_3_years  2021/22-2023/24   (three financial years)
-- so that periods of one type sort in time order as text. age_band is
-- 'all' or a band of the 2013 European Standard Population ('0-4' ...
-- '85-89', '90+'): standardised indicators have a row per band, the
-- others one row for all ages. sex is 'persons', 'male' or 'female'.
-- Neither is NULL, so that the UNIQUE constraint holds (NULLs are
-- distinct in a UNIQUE constraint on both databases). Counts and
-- populations are both DOUBLE PRECISION: a denominator may be a
-- weighted population (STAR-PU) or a mid-year estimate. denominator is
-- NULL only for a count. source: 'imported' (from a file) or 'computed'
-- (a health board's or Wales's, summed from its clusters because none was
-- imported). demo = 1 marks demonstration data, to be labelled so
-- wherever it is shown. imported_at: when the row was written (Unix
-- seconds).
CREATE TABLE indicator_value(
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicator(id),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  period TEXT NOT NULL,
  age_band TEXT NOT NULL DEFAULT 'all' CHECK (age_band IN ('all','0-4','5-9','10-14','15-19','20-24',
    '25-29','30-34','35-39','40-44','45-49','50-54','55-59','60-64','65-69','70-74','75-79','80-84',
    '85-89','90+')),
  sex TEXT NOT NULL DEFAULT 'persons' CHECK (sex IN ('persons','male','female')),
  numerator REAL NOT NULL CHECK (numerator >= 0),
  denominator REAL CHECK (denominator IS NULL OR denominator > 0),
  source TEXT NOT NULL CHECK (source IN ('imported','computed')),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  imported_at INTEGER NOT NULL,
  -- also every value of an indicator in a period (all 60 clusters), by unit
  UNIQUE (indicator_id, period, unit_id, age_band, sex)
);
-- A unit's values of an indicator over time (its trend).
CREATE INDEX indicator_value_unit ON indicator_value(unit_id, indicator_id, period);
