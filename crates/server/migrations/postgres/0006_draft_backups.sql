-- The newest backup of each draft a shopper's device mirrors while online: read only by that
-- shopper's devices, never reviewed, exported or counted, and deleted once the evaluation is received.
CREATE TABLE draft_backups (
    evaluation_id TEXT   PRIMARY KEY,
    shopper_id    TEXT   NOT NULL REFERENCES shoppers (id),
    assignment_id TEXT   NOT NULL REFERENCES assignments (id),
    updated_at_ms BIGINT NOT NULL, -- the device's change time: only a newer backup replaces this one
    record        TEXT   NOT NULL, -- shopper_domain::device::DeviceEvaluation as JSON
    saved_at      TEXT   NOT NULL
);
CREATE INDEX draft_backups_by_shopper ON draft_backups (shopper_id);
