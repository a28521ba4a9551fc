-- 0017: money under the Standing Financial Instructions, and business
-- cases: the thread plan objective -> business case -> commitment -> spend.
-- Every amount is whole pence (INTEGER), never a floating point number.
-- Years are financial years written '2026/27' (April 2026 to March 2027),
-- as plans are; dates are ISO 'YYYY-MM-DD', months 'YYYY-MM'.
-- demo = 1 marks demonstration data, to be labelled so wherever it is shown.

-- ---------------------------------------------------------------------
-- The Standing Financial Instructions of a health board, as data its
-- finance lead maintains. A version is in force from effective_from until
-- the next version of the same board starts. example = 1 marks the
-- example set the product ships, for each board to replace with its own.
-- A commitment over decision_over_pence (aggregated, see below) needs the
-- decision of a PCPG meeting that agreed it; NULL: never.
CREATE TABLE sfi_version(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  title TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  example INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0,1)),
  decision_over_pence INTEGER CHECK (decision_over_pence >= 0),
  notes TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES app_user(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (unit_id, effective_from)
);

-- A value band of a version and the procurement route it requires: one
-- quote (one_quote), three written quotes (three_quotes), a formal tender
-- (formal_tender), a formal tender advertised on Sell2Wales (sell2wales),
-- the regulated procedure of the Procurement Act 2023 (regulated). A value
-- v is in the band when min_pence <= v and (max_pence IS NULL or
-- v <= max_pence). rule_ref names the paragraph of the SFIs.
CREATE TABLE sfi_band(
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES sfi_version(id),
  min_pence INTEGER NOT NULL CHECK (min_pence >= 0),
  max_pence INTEGER CHECK (max_pence IS NULL OR max_pence >= min_pence),
  route TEXT NOT NULL CHECK (route IN ('one_quote','three_quotes','formal_tender','sell2wales','regulated')),
  rule_ref TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sfi_band_version ON sfi_band(version_id, min_pence);

-- The scheme of delegation of a version: who may approve a commitment up
-- to what value. The approver required for a value is the role with the
-- smallest max_pence at or above it; a role with a larger limit may
-- approve too.
CREATE TABLE sfi_delegation(
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES sfi_version(id),
  approver_role TEXT NOT NULL CHECK (approver_role IN ('cluster_lead','pcpg_signatory','hb_officer')),
  max_pence INTEGER NOT NULL CHECK (max_pence >= 0),
  rule_ref TEXT NOT NULL DEFAULT '',
  UNIQUE (version_id, approver_role)
);

-- Who holds an approving role: an authorised signatory of a PCPG (for the
-- clusters under it) or an officer of a health board (for its whole
-- subtree), named by the board's finance lead, from valid_from until
-- valid_to (NULL: open). A cluster lead's authority comes from the user's
-- role (cluster_lead) over the cluster itself.
CREATE TABLE sfi_signatory(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  approver_role TEXT NOT NULL CHECK (approver_role IN ('pcpg_signatory','hb_officer')),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX sfi_signatory_user ON sfi_signatory(user_id, unit_id);
CREATE INDEX sfi_signatory_unit ON sfi_signatory(unit_id);

-- ---------------------------------------------------------------------
-- A unit's allocation for a year from one funding stream: the recurrent
-- cluster funding, a transformation fund with its delivery criteria and
-- end date, or another fund. What is left at the year's end is returned
-- or, with approval, carried forward (year_end_rule).
CREATE TABLE finance_allocation(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  year TEXT NOT NULL,
  stream TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('recurrent','transformation','other')),
  amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
  delivery_criteria TEXT NOT NULL DEFAULT '',
  end_on TEXT,
  year_end_rule TEXT NOT NULL DEFAULT 'return' CHECK (year_end_rule IN ('return','carry_forward')),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (unit_id, year, stream)
);

-- What was left of an allocation at its year's end and carried into an
-- allocation of the next year, once approved. The receiving allocation's
-- allocated figure is its amount plus what was carried into it.
CREATE TABLE finance_carry_forward(
  id INTEGER PRIMARY KEY,
  from_allocation_id INTEGER NOT NULL UNIQUE REFERENCES finance_allocation(id),
  to_allocation_id INTEGER NOT NULL REFERENCES finance_allocation(id),
  amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
  approved_by INTEGER NOT NULL REFERENCES app_user(id),
  decision_id INTEGER REFERENCES decision(id),
  created_at INTEGER NOT NULL,
  CHECK (from_allocation_id <> to_allocation_id)
);
CREATE INDEX finance_carry_forward_to ON finance_carry_forward(to_allocation_id);

-- A budget line: part of an allocation set aside for a plan objective
-- (or for a named purpose).
CREATE TABLE finance_budget_line(
  id INTEGER PRIMARY KEY,
  allocation_id INTEGER NOT NULL REFERENCES finance_allocation(id),
  objective_id INTEGER REFERENCES plan_objective(id),
  title TEXT NOT NULL,
  amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX finance_budget_line_allocation ON finance_budget_line(allocation_id);
CREATE INDEX finance_budget_line_objective ON finance_budget_line(objective_id);

-- ---------------------------------------------------------------------
-- A commitment against an allocation: an order, a contract or a funded
-- post. value_pence is its value over the whole contract life; its
-- months (finance_commitment_month) spread that value month by month to
-- end_on (an order: one month). supplier_key is the supplier's name
-- folded (trimmed, lower case, spaces collapsed) so that the route check
-- adds what the unit already asked of the same supplier in the year
-- (year: the financial year of start_on).
--
-- When requested, the route check's answer is kept with the version that
-- gave it: aggregated_pence, route, approver_role, rule (the rule's words)
-- and whether a PCPG decision is required. It is committed only once
-- approved by someone with authority for approver_role who is not the
-- person who asked, with the decision when one is required.
CREATE TABLE finance_commitment(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  allocation_id INTEGER NOT NULL REFERENCES finance_allocation(id),
  budget_line_id INTEGER REFERENCES finance_budget_line(id),
  business_case_id INTEGER REFERENCES business_case(id),
  kind TEXT NOT NULL CHECK (kind IN ('order','contract','post')),
  title TEXT NOT NULL,
  supplier TEXT NOT NULL,
  supplier_key TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  value_pence INTEGER NOT NULL CHECK (value_pence > 0),
  start_on TEXT NOT NULL,
  end_on TEXT NOT NULL,
  year TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','committed','declined','cancelled')),
  requested_by INTEGER NOT NULL REFERENCES app_user(id),
  requested_at INTEGER NOT NULL,
  sfi_version_id INTEGER REFERENCES sfi_version(id),
  aggregated_pence INTEGER NOT NULL,
  route TEXT NOT NULL,
  approver_role TEXT NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  decision_required INTEGER NOT NULL DEFAULT 0 CHECK (decision_required IN (0,1)),
  decision_id INTEGER REFERENCES decision(id),
  approved_by INTEGER REFERENCES app_user(id),
  approved_at INTEGER,
  declined_reason TEXT NOT NULL DEFAULT '',
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (end_on >= start_on),
  CHECK (approved_by IS NULL OR approved_by <> requested_by),
  CHECK (status <> 'committed' OR (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
  CHECK (status <> 'committed' OR decision_required = 0 OR decision_id IS NOT NULL)
);
CREATE INDEX finance_commitment_unit ON finance_commitment(unit_id, year, status);
CREATE INDEX finance_commitment_supplier ON finance_commitment(unit_id, year, supplier_key);
CREATE INDEX finance_commitment_allocation ON finance_commitment(allocation_id, status);
CREATE INDEX finance_commitment_case ON finance_commitment(business_case_id);

CREATE TABLE finance_commitment_month(
  commitment_id INTEGER NOT NULL REFERENCES finance_commitment(id),
  month TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  PRIMARY KEY (commitment_id, month)
);

-- Actual spend: entered by hand, or imported from the health board
-- ledger's CSV export (source 'ledger', ledger_ref its line's reference,
-- so that a file imported twice adds nothing twice). A credit is
-- negative. Against a commitment or not (uncommitted spend).
CREATE TABLE finance_spend(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  allocation_id INTEGER NOT NULL REFERENCES finance_allocation(id),
  commitment_id INTEGER REFERENCES finance_commitment(id),
  spent_on TEXT NOT NULL,
  year TEXT NOT NULL,
  amount_pence INTEGER NOT NULL CHECK (amount_pence <> 0),
  supplier TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'entered' CHECK (source IN ('entered','ledger')),
  ledger_ref TEXT,
  created_by INTEGER REFERENCES app_user(id),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  UNIQUE (unit_id, ledger_ref)
);
-- Covering the position's sums: a year's spend of a unit is read from
-- the index alone, grouped by allocation and commitment.
CREATE INDEX finance_spend_unit ON finance_spend(unit_id, year, allocation_id, commitment_id, amount_pence, demo);
CREATE INDEX finance_spend_commitment ON finance_spend(commitment_id);

-- ---------------------------------------------------------------------
-- A business case in seed 001's seven parts, started from a plan
-- priority or objective. Its free-text fields live in business_case_text
-- under codes the domain defines (src/domain/business_case.h); options,
-- appraisal criteria and scores, costs, SMART objectives and risks are
-- rows of their own. Submitted to the PCPG, it is approved, approved with
-- conditions or declined by the decision of a PCPG meeting (decision_id);
-- on approval its costs become commitments (finance_commitment.
-- business_case_id, business_case_cost.commitment_id).
CREATE TABLE business_case(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  title TEXT NOT NULL,
  priority_id INTEGER REFERENCES priority(id),
  objective_id INTEGER REFERENCES plan_objective(id),
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','submitted','approved','approved_with_conditions','declined')),
  preferred_option_id INTEGER REFERENCES business_case_option(id),
  conditions TEXT NOT NULL DEFAULT '',
  decision_id INTEGER REFERENCES decision(id),
  decided_at INTEGER,
  submitted_by INTEGER REFERENCES app_user(id),
  submitted_at INTEGER,
  created_by INTEGER REFERENCES app_user(id),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((state IN ('draft','submitted') AND decision_id IS NULL AND decided_at IS NULL)
      OR (state IN ('approved','approved_with_conditions','declined') AND decision_id IS NOT NULL AND decided_at IS NOT NULL)),
  CHECK (state <> 'approved_with_conditions' OR conditions <> '')
);
CREATE INDEX business_case_by_unit ON business_case(unit_id, id);
CREATE INDEX business_case_by_objective ON business_case(objective_id);
CREATE INDEX business_case_by_priority ON business_case(priority_id);
CREATE INDEX business_case_by_decision ON business_case(decision_id);

CREATE TABLE business_case_text(
  case_id INTEGER NOT NULL REFERENCES business_case(id),
  field TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (case_id, field)
);

-- The options, "do nothing" always among them (do_nothing = 1), each
-- with its cost over the case's life.
CREATE TABLE business_case_option(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES business_case(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  do_nothing INTEGER NOT NULL DEFAULT 0 CHECK (do_nothing IN (0,1)),
  cost_pence INTEGER CHECK (cost_pence IS NULL OR cost_pence >= 0),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX business_case_option_case ON business_case_option(case_id, sort_order, id);

-- Appraisal: criteria weighted 0 to 10, each option scored 0 to 5 on each.
CREATE TABLE business_case_criterion(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES business_case(id),
  title TEXT NOT NULL,
  weight INTEGER NOT NULL CHECK (weight >= 0 AND weight <= 10),
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX business_case_criterion_case ON business_case_criterion(case_id, sort_order, id);
CREATE TABLE business_case_score(
  option_id INTEGER NOT NULL REFERENCES business_case_option(id),
  criterion_id INTEGER NOT NULL REFERENCES business_case_criterion(id),
  score INTEGER NOT NULL CHECK (score >= 0 AND score <= 5),
  PRIMARY KEY (option_id, criterion_id)
);
CREATE INDEX business_case_score_criterion ON business_case_score(criterion_id);

-- Resources: each cost line labour, capital or other, in a financial
-- year, from a source (an allocation of the unit, or another source named
-- in words), with its lowest, expected and highest amount.
CREATE TABLE business_case_cost(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES business_case(id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('labour','capital','other')),
  year TEXT NOT NULL,
  allocation_id INTEGER REFERENCES finance_allocation(id),
  source TEXT NOT NULL DEFAULT '',
  supplier TEXT NOT NULL DEFAULT '',
  low_pence INTEGER NOT NULL CHECK (low_pence >= 0),
  amount_pence INTEGER NOT NULL,
  high_pence INTEGER NOT NULL,
  commitment_id INTEGER REFERENCES finance_commitment(id),
  sort_order INTEGER NOT NULL DEFAULT 0,
  CHECK (low_pence <= amount_pence AND amount_pence <= high_pence)
);
CREATE INDEX business_case_cost_case ON business_case_cost(case_id, sort_order, id);

-- The project plan's SMART objectives.
CREATE TABLE business_case_objective(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES business_case(id),
  text TEXT NOT NULL,
  measure TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL DEFAULT '',
  due_on TEXT,
  owner TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX business_case_objective_case ON business_case_objective(case_id, sort_order, id);

-- The project's risks, opportunity cost among them: likelihood and
-- consequence 1 to 5 on the NHS 5x5 matrix.
CREATE TABLE business_case_risk(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES business_case(id),
  description TEXT NOT NULL,
  likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  consequence INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
  mitigation TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX business_case_risk_case ON business_case_risk(case_id, sort_order, id);
