-- 0009: the record of a meeting as the official record.
-- A meeting's record (attendance, declarations, decisions and votes,
-- elections, minutes, actions raised) may be written once the meeting has
-- started; once its minutes are approved it is locked and every change
-- is a correction with its reason, shown on the minutes with the date.

-- Why a meeting was cancelled (shown to everyone who could see it).
ALTER TABLE meeting ADD COLUMN cancel_reason TEXT;
-- The later meeting whose "Minutes of the last meeting" item approved
-- these minutes (NULL until approved, or for minutes approved before
-- this was recorded).
ALTER TABLE meeting ADD COLUMN minutes_approved_by_meeting_id INTEGER REFERENCES meeting(id);
-- The call for agenda items closes at this local time ('YYYY-MM-DDTHH:MM');
-- NULL: proposals are taken until the meeting starts.
ALTER TABLE meeting ADD COLUMN items_deadline TEXT;

-- One correction of a locked record: which record (kind and id), its
-- values before and after (flat JSON objects, as in the audit log), the
-- reason, who made it and when.
CREATE TABLE correction(
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  record_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  old_values TEXT,
  new_values TEXT,
  reason TEXT NOT NULL,
  user_id INTEGER REFERENCES app_user(id),
  actor TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX correction_meeting ON correction(meeting_id, id);
