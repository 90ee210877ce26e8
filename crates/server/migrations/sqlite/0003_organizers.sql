-- The organizer's people: accounts with a role and an Argon2id password hash, their browser sessions (hashes of
-- the cookie's value only), and the audit log of every change they make.
CREATE TABLE organizers (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE organizer_sessions (
    token_hash   TEXT PRIMARY KEY, -- SHA-256 of the session cookie
    organizer_id TEXT NOT NULL REFERENCES organizers (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL, -- organizer name and id, or "API token"
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}' -- JSON
);
