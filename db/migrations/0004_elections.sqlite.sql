-- Elections: a vote on a list of candidates (electing a chair, a lead),
-- named or secret, recorded as a decision. The decision keeps the
-- ballot kind in vote_kind (named|secret) and is marked is_election.
ALTER TABLE decision ADD COLUMN is_election INTEGER NOT NULL DEFAULT 0;

-- Each candidate with the votes counted for them; at most one elected.
CREATE TABLE candidate(
  id INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES decision(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  votes INTEGER NOT NULL CHECK (votes>=0),
  elected INTEGER NOT NULL DEFAULT 0 CHECK (elected IN (0,1)),
  UNIQUE (decision_id, person_id)
);
CREATE INDEX candidate_decision ON candidate(decision_id);

-- Named ballots only: who voted for whom (candidate_id NULL is an
-- abstention). A secret ballot keeps only the totals on candidate and
-- never a row here.
CREATE TABLE ballot(
  decision_id INTEGER NOT NULL REFERENCES decision(id),
  voter_person_id INTEGER NOT NULL REFERENCES person(id),
  candidate_id INTEGER REFERENCES candidate(id),
  PRIMARY KEY (decision_id, voter_person_id)
);
