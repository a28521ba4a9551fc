-- 0001: organisation units, people and membership, users, sessions,
-- API tokens, sign-in attempts and the audit log.
-- Dates are ISO-8601 text (YYYY-MM-DD); instants are Unix seconds.

CREATE TABLE unit(
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('nation','health_board','rpb',
    'local_authority','pcpg','cluster','collaborative','organisation')),
  -- registered patients and GP practices, for clusters; with the date
  -- the count was taken
  population INTEGER,
  gp_practices INTEGER,
  population_date TEXT,
  -- for collaboratives and member organisations: their profession or type
  subtype TEXT,
  created_at INTEGER NOT NULL
);

-- The organisation tree, with dates: membership of a cluster changes.
-- relation 'part_of' is the line of accountability (nation > health board
-- > PCPG > cluster > collaborative > organisation; nation > RPB > local
-- authority); 'area' ties a cluster to its local authority and RPB.
CREATE TABLE unit_link(
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES unit(id),
  parent_id INTEGER NOT NULL REFERENCES unit(id),
  relation TEXT NOT NULL CHECK (relation IN ('part_of','area')),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  CHECK (child_id <> parent_id),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX unit_link_child ON unit_link(child_id, relation);
CREATE INDEX unit_link_parent ON unit_link(parent_id, relation);

-- Named roles in a cluster (seed 001, Table 1). Data, not code: a health
-- board may add its own.
CREATE TABLE cluster_role(
  code TEXT PRIMARY KEY,
  label_key TEXT NOT NULL,
  core_default INTEGER NOT NULL CHECK (core_default IN (0,1)),
  voting_default INTEGER NOT NULL CHECK (voting_default IN (0,1)),
  sort_order INTEGER NOT NULL
);
INSERT INTO cluster_role VALUES
 ('cluster_lead','role.cluster_lead',1,1,10),
 ('deputy_cluster_lead','role.deputy_cluster_lead',1,1,15),
 ('gp_collaborative_lead','role.gp_collaborative_lead',1,1,20),
 ('pharmacy_collaborative_lead','role.pharmacy_collaborative_lead',1,1,30),
 ('dental_collaborative_lead','role.dental_collaborative_lead',1,1,40),
 ('optometry_collaborative_lead','role.optometry_collaborative_lead',1,1,50),
 ('nursing_collaborative_lead','role.nursing_collaborative_lead',1,1,60),
 ('ahp_collaborative_lead','role.ahp_collaborative_lead',1,1,70),
 ('third_sector_rep','role.third_sector_rep',1,1,80),
 ('mental_health_rep','role.mental_health_rep',1,1,90),
 ('medicines_management_rep','role.medicines_management_rep',1,1,100),
 ('pcts_senior_manager','role.pcts_senior_manager',1,0,110),
 ('cluster_development_manager','role.cluster_development_manager',1,0,120),
 ('head_of_primary_care','role.head_of_primary_care',0,0,200),
 ('finance','role.finance',0,0,210),
 ('workforce_od','role.workforce_od',0,0,220),
 ('cluster_support_manager','role.cluster_support_manager',0,0,230),
 ('public_health','role.public_health',0,0,240),
 ('other_member','role.other_member',1,0,300);

CREATE TABLE person(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  job_title TEXT,
  organisation TEXT,
  home_unit_id INTEGER NOT NULL REFERENCES unit(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX person_home ON person(home_unit_id);

CREATE TABLE membership(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  role_code TEXT NOT NULL REFERENCES cluster_role(code),
  is_core INTEGER NOT NULL CHECK (is_core IN (0,1)),
  is_voting INTEGER NOT NULL CHECK (is_voting IN (0,1)),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX membership_unit ON membership(unit_id, valid_from);
CREATE INDEX membership_person ON membership(person_id);

CREATE TABLE app_user(
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','national','health_board','cluster_lead','member')),
  scope_unit_id INTEGER NOT NULL REFERENCES unit(id),
  lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en','cy')),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

-- Sessions and API tokens are stored as hashes of the secret the
-- browser or client holds: a copy of the database grants no access.
CREATE TABLE session(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_token(
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  created_at INTEGER NOT NULL
);

CREATE TABLE login_attempt(
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  ip TEXT NOT NULL,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL
);
CREATE INDEX login_attempt_email ON login_attempt(email, at);
CREATE INDEX login_attempt_ip ON login_attempt(ip, at);

-- Every change to a governance record: who, when, what, before and after
-- (JSON objects of the changed fields).
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES app_user(id),
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create','update','delete','sign_in','sign_out')),
  entity TEXT NOT NULL,
  entity_id INTEGER,
  unit_id INTEGER REFERENCES unit(id),
  old_values TEXT,
  new_values TEXT
);
CREATE INDEX audit_log_unit ON audit_log(unit_id, id);
