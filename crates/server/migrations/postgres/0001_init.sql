-- PostgreSQL copy of ../sqlite/ (the same tables and names): BIGINT for integers, an identity column for the
-- audit log. Keep both folders in step: a change is a new file in each.
-- The walking skeleton's schema: a campaign's classes and companies, versioned questionnaires, shoppers with
-- their invites and device tokens (hashes only), assignments and the evaluations pushed for them.
CREATE TABLE campaigns (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE classes (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    name        TEXT NOT NULL
);

CREATE TABLE companies (
    id       TEXT PRIMARY KEY,
    class_id TEXT NOT NULL REFERENCES classes (id),
    name     TEXT NOT NULL
);

-- A version is immutable once an evaluation uses it: a change is a new row with the next version.
CREATE TABLE questionnaires (
    id         TEXT    NOT NULL,
    version    BIGINT  NOT NULL,
    definition TEXT    NOT NULL, -- shopper_domain::Questionnaire as JSON
    created_at TEXT    NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE shoppers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE invites (
    code_hash  TEXT PRIMARY KEY, -- SHA-256 of the code in the sign-in link
    shopper_id TEXT NOT NULL REFERENCES shoppers (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE device_tokens (
    token_hash TEXT PRIMARY KEY, -- SHA-256 of the bearer token
    shopper_id TEXT NOT NULL REFERENCES shoppers (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE assignments (
    id                    TEXT PRIMARY KEY,
    shopper_id            TEXT    NOT NULL REFERENCES shoppers (id),
    company_id            TEXT    NOT NULL REFERENCES companies (id),
    channel               TEXT    NOT NULL CHECK (channel IN ('phone', 'chat', 'email')),
    scenario              TEXT    NOT NULL,
    contact               TEXT    NOT NULL,
    window_start          TEXT    NOT NULL,
    window_end            TEXT    NOT NULL,
    due                   TEXT    NOT NULL,
    questionnaire_id      TEXT    NOT NULL,
    questionnaire_version BIGINT  NOT NULL,
    FOREIGN KEY (questionnaire_id, questionnaire_version) REFERENCES questionnaires (id, version)
);
CREATE INDEX assignments_by_shopper ON assignments (shopper_id);

-- One row per evaluation (the id is made on the device); a newer revision replaces the content.
CREATE TABLE evaluations (
    id            TEXT PRIMARY KEY,
    assignment_id TEXT    NOT NULL UNIQUE REFERENCES assignments (id),
    shopper_id    TEXT    NOT NULL REFERENCES shoppers (id),
    revision      BIGINT  NOT NULL,
    content       TEXT    NOT NULL, -- EvaluationContent::canonical_json
    received_at   TEXT    NOT NULL
);
