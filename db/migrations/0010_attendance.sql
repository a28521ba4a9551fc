-- 0010: attendance as the record of who was there.
-- Someone who is not a member is added at the meeting by name and
-- organisation (person.organisation), as a deputy for a member or as also
-- in attendance; the role in which they attended is kept with their
-- attendance (optional, e.g. "Community pharmacist, presenting item 4").
ALTER TABLE attendance ADD COLUMN role TEXT;
