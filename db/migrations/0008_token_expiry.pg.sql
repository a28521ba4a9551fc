-- 0008: API tokens expire. A token made from now on is given its expiry
-- by 'carecluster token create' (90 days unless --days says otherwise);
-- a token made before this migration expires 90 days after it.
-- The PostgreSQL form of 0008_token_expiry.sqlite.sql (see 0001_foundation.pg.sql).
ALTER TABLE api_token ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_token SET expires_at = CAST(floor(extract(epoch FROM now())) AS BIGINT) + 90*86400;
CREATE INDEX api_token_user ON api_token(user_id);
