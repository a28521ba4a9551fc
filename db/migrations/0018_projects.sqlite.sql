-- 0018: projects through their five stages, their risks and issues, the
-- unit's risk register, and the evaluation that shows whether a project
-- worked: the thread business case -> project -> measure -> evaluation.
-- Money is whole pence; dates ISO 'YYYY-MM-DD'; times seconds since 1970.
-- demo = 1 marks demonstration data, to be labelled so wherever it is shown.

-- ---------------------------------------------------------------------
-- A project of a cluster, a professional collaborative or a PCPG, for an
-- objective of its plan; from an approved business case (business_case_id,
-- at most one project per case) or started directly (NULL).
--   problem_type: Grint's typology (critical, tame, wicked), chosen at the
--     start, with the reason in words;
--   complex = 1: the project keeps the documents of a complex project too
--     (communications plan, stakeholder map, impact assessment, decisions
--     log, board reports, gateway and benefits reviews);
--   stage: where it is now; moving on is a gate (project_gate);
--   budget_pence and end_on are the baselines the tolerances are against:
--     cost broken when the forecast from the ledger is more than the
--     budget by more than cost_tolerance_pct percent; time broken when the
--     forecast end (from the milestones) is more than time_tolerance_days
--     after end_on;
--   risk_tolerance: a risk whose residual score (likelihood x consequence)
--     is above it is escalated to the unit's risk register;
--   at closure: recommendation (continue, scale_up, stop) and the reason
--     with its evidence in words; closed_on the day the project closed.
CREATE TABLE project(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  objective_id INTEGER REFERENCES plan_objective(id),
  business_case_id INTEGER UNIQUE REFERENCES business_case(id),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  problem_type TEXT NOT NULL CHECK (problem_type IN ('critical','tame','wicked')),
  problem_reason TEXT NOT NULL DEFAULT '',
  complex INTEGER NOT NULL DEFAULT 0 CHECK (complex IN (0,1)),
  stage TEXT NOT NULL DEFAULT 'initiate' CHECK (stage IN ('initiate','plan','deliver','monitor','close')),
  owner_person_id INTEGER REFERENCES person(id),
  sponsor TEXT NOT NULL DEFAULT '',
  start_on TEXT NOT NULL,
  end_on TEXT NOT NULL,
  budget_pence INTEGER NOT NULL DEFAULT 0 CHECK (budget_pence >= 0),
  cost_tolerance_pct INTEGER NOT NULL DEFAULT 10 CHECK (cost_tolerance_pct BETWEEN 0 AND 100),
  time_tolerance_days INTEGER NOT NULL DEFAULT 30 CHECK (time_tolerance_days BETWEEN 0 AND 365),
  risk_tolerance INTEGER NOT NULL DEFAULT 12 CHECK (risk_tolerance BETWEEN 1 AND 25),
  recommendation TEXT CHECK (recommendation IS NULL OR recommendation IN ('continue','scale_up','stop')),
  recommendation_reason TEXT NOT NULL DEFAULT '',
  closed_on TEXT,
  created_by INTEGER REFERENCES app_user(id),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (start_on <= end_on),
  CHECK (closed_on IS NULL OR (stage = 'close' AND recommendation IS NOT NULL))
);
CREATE INDEX project_by_unit ON project(unit_id, stage, id);
CREATE INDEX project_by_objective ON project(objective_id);
CREATE INDEX project_by_owner ON project(owner_person_id);

-- A passed gate: the move from one stage to the next, agreed by a decision
-- of a meeting of the group that owns the project.
CREATE TABLE project_gate(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  from_stage TEXT NOT NULL CHECK (from_stage IN ('initiate','plan','deliver','monitor')),
  to_stage TEXT NOT NULL CHECK (to_stage IN ('plan','deliver','monitor','close')),
  decision_id INTEGER NOT NULL REFERENCES decision(id),
  note TEXT NOT NULL DEFAULT '',
  passed_by INTEGER REFERENCES app_user(id),
  passed_at INTEGER NOT NULL,
  UNIQUE (project_id, to_stage)
);
CREATE INDEX project_gate_decision ON project_gate(decision_id);

-- The schedule: milestones with their planned date (baseline_on, as first
-- agreed), the date now expected (due_on) and the day done.
CREATE TABLE project_milestone(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  title TEXT NOT NULL,
  baseline_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  done_on TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX project_milestone_project ON project_milestone(project_id, due_on, id);

-- The project's documents (kinds and their fields: src/domain/project_doc.h),
-- each a structured form: one of each for most kinds, many for the
-- reports (progress, exception, highlight, board report, gateway review).
--   state: draft, then complete when its author says it is done;
--   an exception report opened by a broken tolerance has trigger 'cost'
--     or 'time' and breach_key, the baseline it broke (so the same breach
--     does not open a second report);
--   a highlight or board report drafted for a meeting names it, and the
--     agenda item it was put on.
CREATE TABLE project_doc(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  kind TEXT NOT NULL CHECK (kind IN ('plan_on_a_page','brief','structure','pid',
    'progress','exception','highlight','closure','comms_plan','stakeholder_map',
    'impact','decisions_log','board_report','gateway_review','benefits_review')),
  title TEXT NOT NULL DEFAULT '',
  period_from TEXT,
  period_to TEXT,
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','complete')),
  rag TEXT CHECK (rag IS NULL OR rag IN ('red','amber','green')),
  trigger_kind TEXT CHECK (trigger_kind IS NULL OR trigger_kind IN ('cost','time')),
  breach_key TEXT,
  meeting_id INTEGER REFERENCES meeting(id),
  agenda_item_id INTEGER REFERENCES agenda_item(id),
  created_by INTEGER REFERENCES app_user(id),
  completed_by INTEGER REFERENCES app_user(id),
  completed_at INTEGER,
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((state = 'complete') = (completed_at IS NOT NULL)),
  CHECK (trigger_kind IS NULL OR kind = 'exception')
);
CREATE INDEX project_doc_project ON project_doc(project_id, kind, id);
CREATE INDEX project_doc_meeting ON project_doc(meeting_id);

CREATE TABLE project_doc_text(
  doc_id INTEGER NOT NULL REFERENCES project_doc(id),
  field TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (doc_id, field)
);

-- The stakeholder map: each stakeholder's power and interest, 1 (low) to 5
-- (high), and how the project will engage them.
CREATE TABLE project_stakeholder(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  name TEXT NOT NULL,
  power INTEGER NOT NULL CHECK (power BETWEEN 1 AND 5),
  interest INTEGER NOT NULL CHECK (interest BETWEEN 1 AND 5),
  engagement TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX project_stakeholder_project ON project_stakeholder(project_id, sort_order, id);

-- Meeting decisions and actions linked to the project (its decisions log,
-- its follow-on actions), beside the gates' own decisions.
CREATE TABLE project_link(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  decision_id INTEGER REFERENCES decision(id),
  action_id INTEGER REFERENCES action(id),
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  CHECK ((decision_id IS NULL) <> (action_id IS NULL)),
  UNIQUE (project_id, decision_id),
  UNIQUE (project_id, action_id)
);
CREATE INDEX project_link_decision ON project_link(decision_id);
CREATE INDEX project_link_action ON project_link(action_id);

-- ---------------------------------------------------------------------
-- Risks on the NHS 5x5 matrix: likelihood and consequence 1 to 5, the
-- score their product. Inherent: before the controls; residual: with them.
-- A risk of a project has project_id; a risk of the unit itself has none.
-- The unit's risk register is its own risks and its projects' risks
-- escalated to it (escalated_at set: a residual score above the project's
-- risk_tolerance escalates it).
CREATE TABLE risk(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  project_id INTEGER REFERENCES project(id),
  description TEXT NOT NULL,
  cause TEXT NOT NULL DEFAULT '',
  owner_person_id INTEGER REFERENCES person(id),
  likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  consequence INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
  controls TEXT NOT NULL DEFAULT '',
  residual_likelihood INTEGER NOT NULL CHECK (residual_likelihood BETWEEN 1 AND 5),
  residual_consequence INTEGER NOT NULL CHECK (residual_consequence BETWEEN 1 AND 5),
  review_on TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  escalated_at INTEGER,
  closed_at INTEGER,
  created_by INTEGER REFERENCES app_user(id),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX risk_by_unit ON risk(unit_id, status, id);
CREATE INDEX risk_by_project ON risk(project_id, status, id);
CREATE INDEX risk_by_owner ON risk(owner_person_id);

-- A project's issues: what has gone wrong, with an owner and a due date.
CREATE TABLE project_issue(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  description TEXT NOT NULL,
  owner_person_id INTEGER REFERENCES person(id),
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low','medium','high')),
  raised_on TEXT NOT NULL,
  due_on TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
  resolution TEXT NOT NULL DEFAULT '',
  resolved_on TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((status = 'resolved') = (resolved_on IS NOT NULL))
);
CREATE INDEX project_issue_project ON project_issue(project_id, status, id);
CREATE INDEX project_issue_owner ON project_issue(owner_person_id);

-- ---------------------------------------------------------------------
-- Evaluation. The four stages in words (field codes in
-- src/domain/evaluation.h): the context, the outcomes and benefits, how
-- they are measured, when and where they are measured again.
CREATE TABLE eval_text(
  project_id INTEGER NOT NULL REFERENCES project(id),
  field TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (project_id, field)
);

-- The logic model: inputs, activities, outputs, outcomes in the short,
-- medium and long term, impact. An output or outcome may be tied to a
-- live measure: a QI measure or an indicator (at most one).
CREATE TABLE logic_item(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  col TEXT NOT NULL CHECK (col IN ('input','activity','output','outcome_short',
    'outcome_medium','outcome_long','impact')),
  text TEXT NOT NULL,
  qi_measure_id INTEGER REFERENCES qi_measure(id),
  indicator_id INTEGER REFERENCES indicator(id),
  sort_order INTEGER NOT NULL DEFAULT 0,
  CHECK (qi_measure_id IS NULL OR indicator_id IS NULL)
);
CREATE INDEX logic_item_project ON logic_item(project_id, col, sort_order, id);
CREATE INDEX logic_item_measure ON logic_item(qi_measure_id);
CREATE INDEX logic_item_indicator ON logic_item(indicator_id);

-- Measurements and re-measurements, each planned with its due date (over
-- time), for whom (person) and where (place); measured_on and the value
-- (with words) once done. A due one: not measured and due_on <= today.
CREATE TABLE eval_measurement(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  logic_item_id INTEGER REFERENCES logic_item(id),
  title TEXT NOT NULL,
  due_on TEXT NOT NULL,
  population TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  measured_on TEXT,
  value REAL,
  result TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX eval_measurement_project ON eval_measurement(project_id, due_on, id);
CREATE INDEX eval_measurement_due ON eval_measurement(measured_on, due_on);

-- The benefits register: each benefit of a project valued as Social Value
-- UK's method does. kind: cash_releasing, non_cash, social. A year's gross
-- value = quantity x proxy_pence (the financial proxy per unit, its source
-- named); from it are taken deadweight, attribution and displacement (whole
-- percents), and each year after the first it falls by drop_off_pct; it
-- lasts duration_years from year start_year (0: the project's first year).
-- proxy_low_pence and proxy_high_pence bound the proxy for the sensitivity
-- range (NULL: the proxy itself).
CREATE TABLE benefit(
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id),
  logic_item_id INTEGER REFERENCES logic_item(id),
  kind TEXT NOT NULL CHECK (kind IN ('cash_releasing','non_cash','social')),
  description TEXT NOT NULL,
  beneficiaries TEXT NOT NULL DEFAULT '',
  quantity REAL NOT NULL CHECK (quantity >= 0),
  proxy_pence INTEGER NOT NULL CHECK (proxy_pence >= 0),
  proxy_low_pence INTEGER CHECK (proxy_low_pence IS NULL OR proxy_low_pence >= 0),
  proxy_high_pence INTEGER CHECK (proxy_high_pence IS NULL OR proxy_high_pence >= 0),
  proxy_source TEXT NOT NULL DEFAULT '',
  deadweight_pct INTEGER NOT NULL DEFAULT 0 CHECK (deadweight_pct BETWEEN 0 AND 100),
  attribution_pct INTEGER NOT NULL DEFAULT 0 CHECK (attribution_pct BETWEEN 0 AND 100),
  displacement_pct INTEGER NOT NULL DEFAULT 0 CHECK (displacement_pct BETWEEN 0 AND 100),
  drop_off_pct INTEGER NOT NULL DEFAULT 0 CHECK (drop_off_pct BETWEEN 0 AND 100),
  start_year INTEGER NOT NULL DEFAULT 0 CHECK (start_year BETWEEN 0 AND 10),
  duration_years INTEGER NOT NULL DEFAULT 1 CHECK (duration_years BETWEEN 1 AND 10),
  evidence TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX benefit_project ON benefit(project_id, sort_order, id);

-- A commitment made for a project: its spend is the project's spend.
ALTER TABLE finance_commitment ADD COLUMN project_id INTEGER REFERENCES project(id);
CREATE INDEX finance_commitment_project ON finance_commitment(project_id);
