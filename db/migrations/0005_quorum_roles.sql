-- 0005: a quorum may require named roles to be present (for example a
-- pharmacy and a nursing lead): cluster_role codes, comma-separated.
ALTER TABLE terms_of_reference ADD COLUMN quorum_roles TEXT;
