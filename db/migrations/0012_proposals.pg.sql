-- 0012: proposals and the call for items.
-- A member proposing an item says what it is about (shown to the chair
-- deciding it and, once accepted, on the item); a chair declining one
-- gives the reason, which the proposer sees (and the audit log keeps).
-- The PostgreSQL form of 0012_proposals.sqlite.sql (see 0001_foundation.pg.sql).
ALTER TABLE agenda_item ADD COLUMN description TEXT;
ALTER TABLE agenda_item ADD COLUMN decline_reason TEXT;
-- The user who proposed it (who is shown its confirmation and its state),
-- whether or not they are one of the cluster's people.
ALTER TABLE agenda_item ADD COLUMN proposed_by_user_id BIGINT REFERENCES app_user(id) DEFERRABLE;
