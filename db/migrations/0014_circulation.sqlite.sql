-- 0014: circulation. Every message carecluster sends is a row of the
-- outbox, written in the same transaction as the change that causes it;
-- a sender thread delivers it through the SMTP relay and records the
-- result here, so who was sent what, when, and whether it was delivered
-- is part of the record.

-- How each person wants their messages: at once, or gathered into one
-- daily digest; in English, Welsh, or both in one message (the Welsh
-- Language Standards' default for correspondence).
ALTER TABLE person ADD COLUMN mail_mode TEXT NOT NULL DEFAULT 'immediate'
  CHECK (mail_mode IN ('immediate','digest'));
ALTER TABLE person ADD COLUMN mail_lang TEXT NOT NULL DEFAULT 'both'
  CHECK (mail_lang IN ('en','cy','both'));

-- A file attached to messages, stored once however many are sent (the
-- agenda pack as it was when it was circulated).
CREATE TABLE outbox_file(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id INTEGER REFERENCES meeting(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

-- One message to one address. status: queued (waiting for its next
-- attempt), held (for the person's daily digest), sending (claimed by a
-- sender until lease_until), sent, failed (given up: a permanent refusal
-- or too long undeliverable), digested (sent inside digest_id). The ids
-- are never reused (AUTOINCREMENT) because Message-ID is made from them.
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  unit_id INTEGER REFERENCES unit(id),
  meeting_id INTEGER REFERENCES meeting(id),
  person_id INTEGER REFERENCES person(id),
  user_id INTEGER REFERENCES app_user(id),
  to_addr TEXT NOT NULL,
  to_name TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('en','cy','both')),
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  ics TEXT,
  file_id INTEGER REFERENCES outbox_file(id),
  status TEXT NOT NULL CHECK (status IN ('queued','held','sending','sent','failed','digested')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  sent_at INTEGER,
  last_error TEXT,
  digest_id INTEGER REFERENCES outbox(id),
  message_id TEXT NOT NULL UNIQUE
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox(meeting_id, id);
CREATE INDEX outbox_person ON outbox(person_id, status);

-- A scheduled mailing done for a period ("weekly-reminder", "2026-W49"),
-- written in the transaction that queues it, so that several servers
-- (or a restart) never send it twice.
CREATE TABLE mail_job(
  name TEXT NOT NULL,
  period TEXT NOT NULL,
  done_at INTEGER NOT NULL,
  PRIMARY KEY (name, period)
);

-- Settings an administrator changes on the web (key, whole-number value).
CREATE TABLE setting(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- "Forgot your password?": single-use links, stored as hashes.
CREATE TABLE password_reset(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX password_reset_user ON password_reset(user_id);

-- When the call for agenda items went out, and when the draft minutes
-- were circulated for comment.
ALTER TABLE meeting ADD COLUMN call_sent_at INTEGER;
ALTER TABLE meeting ADD COLUMN minutes_circulated_at INTEGER;
