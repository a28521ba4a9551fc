-- 0011: changing and undoing what was arranged for a meeting.
-- A paper replaced by a new version is kept, listed under the new one as
-- an earlier version and still downloadable: each version points to the
-- one that replaced it, with when. The current version of a paper is the
-- one that nothing has replaced.
-- The PostgreSQL form of 0011_changing_and_undoing.sqlite.sql (see 0001_foundation.pg.sql).
ALTER TABLE paper ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE paper ADD COLUMN replaced_by_paper_id BIGINT REFERENCES paper(id) DEFERRABLE;
ALTER TABLE paper ADD COLUMN replaced_at BIGINT;
CREATE INDEX paper_replaced_by ON paper(replaced_by_paper_id);
