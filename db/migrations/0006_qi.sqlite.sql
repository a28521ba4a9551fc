-- 0006: quality improvement (seed 001, "Quality improvement"): projects
-- on the Model for Improvement, driver diagrams, PDSA cycles in ramps,
-- measures with their data points, rebases and annotations, and links to
-- the decisions and actions about a project.

CREATE TABLE qi_project(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  title TEXT NOT NULL,
  aim TEXT NOT NULL,              -- What are we trying to accomplish?
  measures_question TEXT NOT NULL,-- How will we know that a change is an improvement?
  changes_question TEXT NOT NULL, -- What changes can we make that will result in improvement?
  steeep INTEGER NOT NULL DEFAULT 0 CHECK (steeep BETWEEN 0 AND 63),  -- bit set, see qi.h
  team_others TEXT,               -- team members who are not people of the unit, as text
  start_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active','paused','completed','stopped')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX qi_project_unit ON qi_project(unit_id, id);

CREATE TABLE qi_team(
  project_id INTEGER NOT NULL REFERENCES qi_project(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  PRIMARY KEY (project_id, person_id)
);
CREATE INDEX qi_team_person ON qi_team(person_id);

-- Driver diagram: primary drivers (no parent), secondary drivers (parent a
-- primary), change ideas (parent a secondary or a primary driver).
CREATE TABLE qi_driver(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES qi_project(id),
  parent_id INTEGER REFERENCES qi_driver(id),
  kind TEXT NOT NULL CHECK (kind IN ('primary','secondary','change')),
  text TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE INDEX qi_driver_project ON qi_driver(project_id, parent_id, position);

CREATE TABLE qi_pdsa(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES qi_project(id),
  change_id INTEGER NOT NULL REFERENCES qi_driver(id),
  previous_id INTEGER REFERENCES qi_pdsa(id),   -- the cycle this one builds on (a ramp)
  title TEXT NOT NULL,
  plan TEXT NOT NULL,             -- what, who, when, where
  prediction TEXT NOT NULL,
  data_plan TEXT NOT NULL,        -- what data will be collected
  do_text TEXT,                   -- what happened
  study_text TEXT,                -- compared with the prediction
  act TEXT CHECK (act IS NULL OR act IN ('adopt','adapt','abandon')),
  act_text TEXT,
  start_on TEXT NOT NULL,
  end_on TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX qi_pdsa_project ON qi_pdsa(project_id, start_on);
CREATE INDEX qi_pdsa_previous ON qi_pdsa(previous_id);

CREATE TABLE qi_measure(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES qi_project(id),
  kind TEXT NOT NULL CHECK (kind IN ('outcome','process','balancing')),
  name TEXT NOT NULL,
  definition TEXT NOT NULL,       -- operational definition
  unit TEXT,                      -- "days", "%", "per 1,000 patients"
  direction TEXT NOT NULL CHECK (direction IN ('increase','decrease','neutral')),
  target REAL,
  chart TEXT NOT NULL CHECK (chart IN ('run','xmr','p','u')),
  screen_outliers INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX qi_measure_project ON qi_measure(project_id, position);

-- A data point. For p and u charts value = numerator / denominator.
CREATE TABLE qi_point(
  id INTEGER PRIMARY KEY,
  measure_id INTEGER NOT NULL REFERENCES qi_measure(id),
  on_date TEXT NOT NULL,
  value REAL NOT NULL,
  numerator REAL,
  denominator REAL,
  note TEXT,                      -- what happened then
  pdsa_id INTEGER REFERENCES qi_pdsa(id),
  UNIQUE (measure_id, on_date)
);

-- Limits recalculated from this date on.
CREATE TABLE qi_rebase(
  measure_id INTEGER NOT NULL REFERENCES qi_measure(id),
  from_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (measure_id, from_date)
);

-- Decisions and actions about a project.
CREATE TABLE qi_link(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES qi_project(id),
  decision_id INTEGER REFERENCES decision(id),
  action_id INTEGER REFERENCES action(id),
  CHECK ((decision_id IS NULL) <> (action_id IS NULL)),
  UNIQUE (project_id, decision_id),
  UNIQUE (project_id, action_id)
);
