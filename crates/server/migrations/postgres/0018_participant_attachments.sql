-- Whether the participants' portal shows a campaign's attachments to the evaluated company (off unless the
-- organizer turns it on: the evidence may show the shopper's screen).
ALTER TABLE campaigns ADD COLUMN attachments_to_participants BIGINT NOT NULL DEFAULT 0;
