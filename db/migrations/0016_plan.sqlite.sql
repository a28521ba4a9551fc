-- 0016: population need, priorities and the cluster plan: the start of the
-- thread need -> priority -> plan objective. A unit (a cluster, a
-- professional collaborative or a PCPG) assesses the needs of its
-- population once a financial year, ranks priorities from what it found
-- by weighted criteria, and writes its annual plan of objectives from
-- them, which a meeting of the unit agrees. Years are financial years
-- written '2025/26' (April 2025 to March 2026), as indicator periods are.
-- demo = 1 marks demonstration data, to be labelled so wherever it is shown.

-- A needs assessment: one per unit and year.
CREATE TABLE needs_assessment(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  year TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (unit_id, year)
);

-- Evidence, under one of seed 001's sources: the Regional Partnership
-- Board's population needs assessment (rpb_pna), the Public Services
-- Board's well-being assessment (psb_wellbeing), Public Health Wales
-- information (phw), the cluster profile (cluster_profile: the unit's
-- indicators, which the page also reads live), local intelligence (local)
-- and people's views (views). url: where it is published (http or https).
CREATE TABLE needs_evidence(
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES needs_assessment(id),
  source TEXT NOT NULL CHECK (source IN ('rpb_pna','psb_wellbeing','phw','cluster_profile','local','views')),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  url TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX needs_evidence_assessment ON needs_evidence(assessment_id, source, id);

-- A finding: What (what the evidence shows), So what (why it matters
-- here), Now what (what the unit should do). It rests on a piece of
-- evidence of its source, or on an indicator of the unit's profile (in
-- the period it read), or on neither (a finding from discussion).
CREATE TABLE needs_finding(
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES needs_assessment(id),
  source TEXT NOT NULL CHECK (source IN ('rpb_pna','psb_wellbeing','phw','cluster_profile','local','views')),
  evidence_id INTEGER REFERENCES needs_evidence(id),
  indicator_id INTEGER REFERENCES indicator(id),
  period TEXT,
  what TEXT NOT NULL,
  so_what TEXT NOT NULL DEFAULT '',
  now_what TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX needs_finding_assessment ON needs_finding(assessment_id, sort_order, id);
CREATE INDEX needs_finding_indicator ON needs_finding(indicator_id);
CREATE INDEX needs_finding_evidence ON needs_finding(evidence_id);

-- The weight (0 to 10) an assessment gives each criterion of priority:
-- size of the problem (size), gap to Wales (gap), inequality, trend,
-- what the unit can change (changeable), alignment with national and
-- health board priorities (alignment). A criterion without a row weighs
-- its default (src/domain/priority.h).
CREATE TABLE priority_weight(
  assessment_id INTEGER NOT NULL REFERENCES needs_assessment(id),
  criterion TEXT NOT NULL CHECK (criterion IN ('size','gap','inequality','trend','changeable','alignment')),
  weight INTEGER NOT NULL CHECK (weight >= 0 AND weight <= 10),
  PRIMARY KEY (assessment_id, criterion)
);

-- A priority drawn from an assessment, scored 0 to 5 on each criterion;
-- its rank is computed from the scores and the weights, never stored.
CREATE TABLE priority(
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES needs_assessment(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX priority_assessment ON priority(assessment_id, id);
CREATE TABLE priority_score(
  priority_id INTEGER NOT NULL REFERENCES priority(id),
  criterion TEXT NOT NULL CHECK (criterion IN ('size','gap','inequality','trend','changeable','alignment')),
  score INTEGER NOT NULL CHECK (score >= 0 AND score <= 5),
  PRIMARY KEY (priority_id, criterion)
);
-- The findings a priority came from (its evidence, kept).
CREATE TABLE priority_finding(
  priority_id INTEGER NOT NULL REFERENCES priority(id),
  finding_id INTEGER NOT NULL REFERENCES needs_finding(id),
  PRIMARY KEY (priority_id, finding_id)
);
CREATE INDEX priority_finding_finding ON priority_finding(finding_id);

-- An annual plan: one per unit and year, drawn from that year's needs
-- assessment. A draft until a meeting of the unit agrees it: then status
-- is 'agreed', decision_id the decision that agreed it and agreed_at when
-- that was recorded, and the plan is read-only but for its quarterly
-- progress.
CREATE TABLE plan(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  year TEXT NOT NULL,
  assessment_id INTEGER REFERENCES needs_assessment(id),
  vision TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','agreed')),
  decision_id INTEGER REFERENCES decision(id),
  agreed_at INTEGER,
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((status = 'agreed' AND decision_id IS NOT NULL AND agreed_at IS NOT NULL)
      OR (status = 'draft' AND decision_id IS NULL AND agreed_at IS NULL)),
  UNIQUE (unit_id, year)
);
CREATE INDEX plan_decision ON plan(decision_id);
CREATE INDEX plan_assessment ON plan(assessment_id);

-- An objective of a plan, from a priority. SMART: its measure (a QI
-- measure or an indicator), the target it should reach (as written, and
-- as a number where it is one, to compare the measure with), the date,
-- and the person who owns it. ref: 'O1', 'O2'... within the plan.
CREATE TABLE plan_objective(
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id),
  priority_id INTEGER REFERENCES priority(id),
  ref TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  qi_measure_id INTEGER REFERENCES qi_measure(id),
  indicator_id INTEGER REFERENCES indicator(id),
  target TEXT NOT NULL DEFAULT '',
  target_value REAL,
  due_on TEXT,
  owner_person_id INTEGER REFERENCES person(id),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (qi_measure_id IS NULL OR indicator_id IS NULL),
  UNIQUE (plan_id, ref)
);
CREATE INDEX plan_objective_plan ON plan_objective(plan_id, sort_order, id);
CREATE INDEX plan_objective_priority ON plan_objective(priority_id);
CREATE INDEX plan_objective_indicator ON plan_objective(indicator_id);
CREATE INDEX plan_objective_measure ON plan_objective(qi_measure_id);
CREATE INDEX plan_objective_owner ON plan_objective(owner_person_id);

-- The actions of the action log that deliver an objective.
CREATE TABLE plan_objective_action(
  objective_id INTEGER NOT NULL REFERENCES plan_objective(id),
  action_id INTEGER NOT NULL REFERENCES action(id),
  PRIMARY KEY (objective_id, action_id)
);
CREATE INDEX plan_objective_action_action ON plan_objective_action(action_id);

-- What plans align with that is written outside carecluster, kept as
-- data its owners maintain: a health board's IMTP objectives (imtp, unit
-- the health board), a Regional Partnership Board's area plan priorities
-- (rpb_area_plan, unit the RPB), the Accelerated Cluster Development
-- outcomes (acd_outcome) and national priorities (national_priority),
-- both with unit the nation.
CREATE TABLE plan_reference(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('imtp','rpb_area_plan','acd_outcome','national_priority')),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  code TEXT NOT NULL,
  title_en TEXT NOT NULL,
  title_cy TEXT NOT NULL,
  url TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0,
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (kind, unit_id, code)
);

-- What an objective aligns with: an objective of the plan of the PCPG
-- above the unit (target_objective_id, a link both ways inside
-- carecluster) or a reference above.
CREATE TABLE plan_alignment(
  id INTEGER PRIMARY KEY,
  objective_id INTEGER NOT NULL REFERENCES plan_objective(id),
  target_objective_id INTEGER REFERENCES plan_objective(id),
  reference_id INTEGER REFERENCES plan_reference(id),
  CHECK ((target_objective_id IS NULL) <> (reference_id IS NULL)),
  CHECK (target_objective_id IS NULL OR target_objective_id <> objective_id),
  UNIQUE (objective_id, target_objective_id),
  UNIQUE (objective_id, reference_id)
);
CREATE INDEX plan_alignment_target ON plan_alignment(target_objective_id);
CREATE INDEX plan_alignment_reference ON plan_alignment(reference_id);

-- The progress of an objective of an agreed plan, quarter by quarter of
-- its year (1: April to June ... 4: January to March): red, amber or
-- green with the reason, and the value its measure had when it was
-- recorded, as shown then. Recording a quarter again replaces it (the
-- audit log keeps what it said before).
CREATE TABLE plan_progress(
  id INTEGER PRIMARY KEY,
  objective_id INTEGER NOT NULL REFERENCES plan_objective(id),
  quarter INTEGER NOT NULL CHECK (quarter >= 1 AND quarter <= 4),
  rag TEXT NOT NULL CHECK (rag IN ('red','amber','green')),
  reason TEXT NOT NULL,
  measure_value TEXT,
  user_id INTEGER REFERENCES app_user(id),
  created_at INTEGER NOT NULL,
  UNIQUE (objective_id, quarter)
);
