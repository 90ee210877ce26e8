-- Participants: a participating company's contact person, bound to one organisation (the company across
-- campaigns), who reads that organisation's own results in the portal. Invited by the organizer with a one-time
-- link (only its hash stored) with which they set their own Argon2id password; their browser sessions are kept
-- as hashes of the cookie's value, as organizers' are. Per campaign, whether the portal's class table names the
-- other companies or shows them anonymised.
CREATE TABLE participants (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT NOT NULL DEFAULT '!unset', -- no password matches until the invite is used
    language        TEXT NOT NULL DEFAULT 'nb',
    created_at      TEXT NOT NULL
);
CREATE INDEX participants_by_organisation ON participants (organisation_id);

CREATE TABLE participant_invites (
    token_hash     TEXT PRIMARY KEY, -- SHA-256 of the link's token
    participant_id TEXT NOT NULL REFERENCES participants (id),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT
);

CREATE TABLE participant_sessions (
    token_hash     TEXT PRIMARY KEY, -- SHA-256 of the session cookie
    participant_id TEXT NOT NULL REFERENCES participants (id),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL
);

CREATE TABLE campaign_portal (
    campaign_id TEXT PRIMARY KEY REFERENCES campaigns (id),
    class_table TEXT NOT NULL DEFAULT 'anonymised' CHECK (class_table IN ('named', 'anonymised'))
);
