-- What the review queue filters and sorts by, per evaluation for its current revision: its score and the
-- flags a reviewer should look at (flags.rs), computed once when the queue first meets the revision. Reused
-- texts are found across a shopper's evaluations, so when one of a shopper's evaluations is new or changed,
-- all of that shopper's are computed again. Rows for an older revision are stale and recomputed.
CREATE TABLE review_facts (
    evaluation_id TEXT    PRIMARY KEY REFERENCES evaluations (id),
    revision      BIGINT  NOT NULL,
    shopper_id    TEXT    NOT NULL,
    percent       DOUBLE PRECISION,               -- the score in percent; none when nothing was scored
    flag_count    BIGINT  NOT NULL DEFAULT 0,
    flag_codes    TEXT    NOT NULL DEFAULT ',,', -- ",typed_duration,reused_text,": filtered with LIKE '%,code,%'
    flags         TEXT    NOT NULL DEFAULT '[]'  -- [flags::Flag] as JSON
);
CREATE INDEX review_facts_by_shopper ON review_facts (shopper_id);
-- The queue counts, filters and pages a season (thousands of evaluations) from these indexes alone, without
-- reading the evaluations' content: by status then time (the work mode), by time (all statuses), and the
-- assignment's company and channel.
CREATE INDEX evaluations_queue_by_status ON evaluations (status, received_at, id, revision, assignment_id, shopper_id);
CREATE INDEX evaluations_queue_by_time ON evaluations (received_at, id, status, revision, assignment_id, shopper_id);
CREATE INDEX assignments_queue ON assignments (id, company_id, channel, shopper_id);
CREATE INDEX companies_queue ON companies (id, campaign_id, class_id, name);
