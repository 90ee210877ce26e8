-- Waves: every campaign (a year of the competition, or an insight package) carries its dates, its questionnaire,
-- its outcome rule and the fewest approved contacts a ranked company needs. A company is one organisation across
-- campaigns (with an optional organisation number); a `companies` row is its participation in one campaign, in
-- one of that campaign's classes, and its name is unique within the campaign, not across the database. Every
-- revision a shopper sends is kept, with who sent it and when, beside the newest one in `evaluations`.
-- Existing data is the one campaign there was; it keeps all of it.
ALTER TABLE campaigns ADD COLUMN starts_on TEXT; -- YYYY-MM-DD
ALTER TABLE campaigns ADD COLUMN ends_on TEXT; -- YYYY-MM-DD
ALTER TABLE campaigns ADD COLUMN questionnaire_id TEXT; -- new assignments use its newest version
ALTER TABLE campaigns ADD COLUMN outcome_rule TEXT NOT NULL
    DEFAULT '{"phone_attempts":3,"phone_gap_minutes":60,"chat_reply_minutes":15,"email_reply_days":3}';
ALTER TABLE campaigns ADD COLUMN min_ranked_contacts INTEGER NOT NULL DEFAULT 10;
ALTER TABLE campaigns ADD COLUMN created_at TEXT NOT NULL DEFAULT '';

-- The campaign there was: its questionnaire is the one its assignments use (else the newest imported), its
-- dates span its assignments, and it was made when its first questionnaire was.
UPDATE campaigns SET
    questionnaire_id = COALESCE(
        (SELECT a.questionnaire_id FROM assignments a JOIN companies co ON co.id = a.company_id
         JOIN classes cl ON cl.id = co.class_id WHERE cl.campaign_id = campaigns.id
         GROUP BY a.questionnaire_id ORDER BY COUNT(*) DESC, a.questionnaire_id LIMIT 1),
        (SELECT id FROM questionnaires ORDER BY created_at DESC, version DESC LIMIT 1)),
    starts_on = (SELECT substr(MIN(a.window_start), 1, 10) FROM assignments a JOIN companies co ON co.id = a.company_id
                 JOIN classes cl ON cl.id = co.class_id WHERE cl.campaign_id = campaigns.id),
    ends_on = (SELECT substr(MAX(a.due), 1, 10) FROM assignments a JOIN companies co ON co.id = a.company_id
               JOIN classes cl ON cl.id = co.class_id WHERE cl.campaign_id = campaigns.id),
    created_at = COALESCE((SELECT MIN(created_at) FROM questionnaires), '');

CREATE TABLE organisations (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL, -- the newest name it took part under
    organisation_number TEXT UNIQUE    -- optional (nine digits in Norway)
);

ALTER TABLE companies ADD COLUMN campaign_id TEXT REFERENCES campaigns (id);
ALTER TABLE companies ADD COLUMN organisation_id TEXT REFERENCES organisations (id);
UPDATE companies SET campaign_id = (SELECT campaign_id FROM classes WHERE classes.id = companies.class_id);
INSERT INTO organisations (id, name) SELECT id, name FROM companies;
UPDATE companies SET organisation_id = id;
CREATE UNIQUE INDEX companies_name_per_campaign ON companies (campaign_id, lower(name));
CREATE UNIQUE INDEX companies_organisation_per_campaign ON companies (campaign_id, organisation_id);
CREATE UNIQUE INDEX classes_name_per_campaign ON classes (campaign_id, name);
CREATE INDEX companies_by_organisation ON companies (organisation_id);

CREATE TABLE evaluation_revisions (
    evaluation_id TEXT    NOT NULL REFERENCES evaluations (id),
    revision      INTEGER NOT NULL,
    shopper_id    TEXT    NOT NULL REFERENCES shoppers (id), -- who sent it
    content       TEXT    NOT NULL,                          -- EvaluationContent::canonical_json
    received_at   TEXT    NOT NULL,                          -- when
    status        TEXT    NOT NULL DEFAULT 'received',       -- the review this revision got
    review        TEXT    NOT NULL DEFAULT '{}',             -- protocol::ReviewComments as JSON
    reviewed_at   TEXT,
    PRIMARY KEY (evaluation_id, revision)
);
INSERT INTO evaluation_revisions (evaluation_id, revision, shopper_id, content, received_at, status, review, reviewed_at)
    SELECT id, revision, shopper_id, content, received_at, status, review, reviewed_at FROM evaluations;
