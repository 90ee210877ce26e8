-- Planning and changing the plan (issue 16). A window is weekdays and hours between two dates, in local time
-- (Europe/Oslo): the campaign's bounds every assignment's. Empty weekdays or hours mean no limit of that kind.
ALTER TABLE campaigns ADD COLUMN weekdays TEXT; -- ISO day numbers: "1-5" is Monday to Friday
ALTER TABLE campaigns ADD COLUMN hours TEXT;    -- "09:00-15:00"
ALTER TABLE assignments ADD COLUMN weekdays TEXT;
ALTER TABLE assignments ADD COLUMN hours TEXT;
-- A cancelled assignment leaves the shopper's list and the plan, and stays on record.
ALTER TABLE assignments ADD COLUMN cancelled_at TEXT;
-- A withdrawn company's evaluations leave the results and stay on record.
ALTER TABLE companies ADD COLUMN withdrawn_at TEXT;
CREATE INDEX assignments_by_company ON assignments (company_id);
