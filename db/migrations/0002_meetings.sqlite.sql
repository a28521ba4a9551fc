-- 0002: terms of reference, meetings, agenda, attendance, declarations of
-- interest, decisions and votes, the action log, and papers.
-- Meeting times are local wall-clock time in Wales ('YYYY-MM-DDTHH:MM',
-- Europe/London), as people arrange them.

-- A signed-in user may be a person who sits in meetings ("my actions").
ALTER TABLE app_user ADD COLUMN person_id INTEGER REFERENCES person(id);

CREATE TABLE terms_of_reference(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  version INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  meeting_frequency TEXT NOT NULL,
  quorum_kind TEXT NOT NULL CHECK (quorum_kind IN ('number','fraction')),
  quorum_number INTEGER,
  quorum_num INTEGER,
  quorum_den INTEGER,
  quorum_requires_chair INTEGER NOT NULL DEFAULT 1 CHECK (quorum_requires_chair IN (0,1)),
  chair_selection TEXT NOT NULL,
  minutes_form TEXT NOT NULL CHECK (minutes_form IN ('formal','notes','actions')),
  agreed_on TEXT NOT NULL,
  review_due TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (unit_id, version),
  CHECK (quorum_kind<>'number' OR quorum_number>=1),
  CHECK (quorum_kind<>'fraction' OR (quorum_num>=1 AND quorum_den>=quorum_num))
);

CREATE TABLE meeting(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  title TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  location TEXT,
  online_link TEXT,
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','held','cancelled')),
  pack_published_at INTEGER,
  minutes_status TEXT NOT NULL DEFAULT 'none' CHECK (minutes_status IN ('none','draft','approved')),
  minutes_approved_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX meeting_unit ON meeting(unit_id, starts_at);

CREATE TABLE agenda_item(
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('information','discussion','decision','action')),
  lead_person_id INTEGER REFERENCES person(id),
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
  standing TEXT CHECK (standing IN ('welcome','apologies','declarations','minutes','actions','aob')),
  status TEXT NOT NULL DEFAULT 'accepted' CHECK (status IN ('proposed','accepted','declined')),
  proposed_by_person_id INTEGER REFERENCES person(id),
  restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0,1)),
  minutes TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX agenda_item_meeting ON agenda_item(meeting_id, position);

CREATE TABLE attendance(
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  status TEXT NOT NULL CHECK (status IN ('present','online','deputy','in_attendance','apologies','absent')),
  deputy_for_person_id INTEGER REFERENCES person(id),
  PRIMARY KEY (meeting_id, person_id),
  CHECK ((status='deputy') = (deputy_for_person_id IS NOT NULL))
);

-- The standing register of interests (Nolan principles).
CREATE TABLE interest(
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  kind TEXT NOT NULL CHECK (kind IN ('financial','professional','personal','indirect','gift_hospitality')),
  description TEXT NOT NULL,
  declared_on TEXT NOT NULL,
  ends_on TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX interest_person ON interest(person_id);

-- A declaration made against an agenda item, and what followed.
CREATE TABLE declaration(
  id INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  interest TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('left_room','no_vote','remained')),
  created_at INTEGER NOT NULL,
  UNIQUE (agenda_item_id, person_id)
);

CREATE TABLE decision(
  id INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
  text TEXT NOT NULL,
  reason TEXT,
  vote_kind TEXT NOT NULL CHECK (vote_kind IN ('none','named','secret')),
  votes_for INTEGER,
  votes_against INTEGER,
  votes_abstain INTEGER,
  quorum_required INTEGER NOT NULL,
  quorum_present INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX decision_item ON decision(agenda_item_id);

-- Named votes only: a secret ballot keeps its counts on the decision and
-- never who voted how.
CREATE TABLE vote(
  decision_id INTEGER NOT NULL REFERENCES decision(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  choice TEXT NOT NULL CHECK (choice IN ('for','against','abstain')),
  PRIMARY KEY (decision_id, person_id)
);

CREATE TABLE action(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  ref TEXT NOT NULL,
  meeting_id INTEGER REFERENCES meeting(id),
  agenda_item_id INTEGER REFERENCES agenda_item(id),
  description TEXT NOT NULL,
  lead_person_id INTEGER REFERENCES person(id),
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','done','cancelled')),
  due_on TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (unit_id, ref)
);
CREATE INDEX action_unit ON action(unit_id, status, id);
CREATE INDEX action_lead ON action(lead_person_id, status);
CREATE INDEX action_due ON action(unit_id, due_on);
-- The action log's keyset walks: a unit's actions in id order from any id;
-- and its open ones alone, so that "open" and "overdue" pages never read
-- through years of closed actions.
CREATE INDEX action_unit_id ON action(unit_id, id);
CREATE INDEX action_unit_open ON action(unit_id, id) WHERE status IN ('open','in_progress');

CREATE TABLE action_progress(
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES action(id),
  noted_on TEXT NOT NULL,
  note TEXT NOT NULL,
  user_id INTEGER REFERENCES app_user(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX action_progress_action ON action_progress(action_id, id);

-- Papers attached to agenda items, kept in the database so that a paper
-- and its record are written in one transaction and served only through
-- the access checks.
CREATE TABLE paper(
  id INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  user_id INTEGER REFERENCES app_user(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX paper_item ON paper(agenda_item_id);
