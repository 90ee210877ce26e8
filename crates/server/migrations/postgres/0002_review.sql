-- Review: an evaluation is received, then approved, or returned to the shopper with comments (overall and by
-- question id, as JSON). A newer revision from the shopper makes it "received" again.
ALTER TABLE evaluations ADD COLUMN status TEXT NOT NULL DEFAULT 'received';
ALTER TABLE evaluations ADD COLUMN review TEXT NOT NULL DEFAULT '{}'; -- protocol::ReviewComments as JSON
ALTER TABLE evaluations ADD COLUMN reviewed_at TEXT;
