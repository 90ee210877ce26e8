-- Each revision's scores, computed once from its content and questionnaire version and read by every
-- result: rankings, reports and scores.csv never rescore. Keyed by evaluation and revision, so a kept
-- earlier revision keeps its own scores. Rows stored before this migration are scored at start-up.
CREATE TABLE scores (
    evaluation_id TEXT   NOT NULL,
    revision      BIGINT NOT NULL,
    channel       TEXT   NOT NULL,
    day           TEXT   NOT NULL, -- the contact's day, YYYY-MM-DD (the halfway mark is compared with it)
    score         TEXT   NOT NULL, -- shopper_domain::scoring::ContactScore as JSON
    questions     TEXT   NOT NULL, -- each question's points: [[question id, earned, possible], ...]
    PRIMARY KEY (evaluation_id, revision)
);
