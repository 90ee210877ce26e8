-- An invite signs in one device, once: using it stamps used_at.
ALTER TABLE invites ADD COLUMN used_at TEXT;
