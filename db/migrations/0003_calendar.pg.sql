-- 0003: a private calendar feed per user. The feed's address holds a
-- secret token (256 random bits); only its BLAKE2b hash is stored, as for
-- API tokens. One feed per user: making a new one replaces the old.
-- The PostgreSQL form of 0003_calendar.sqlite.sql (see 0001_foundation.pg.sql).
CREATE TABLE calendar_feed(
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL UNIQUE REFERENCES app_user(id) DEFERRABLE,
  created_at BIGINT NOT NULL
);
