-- The roster and fees. A shopper who leaves is deactivated: kept for the record (their evaluations, their
-- statements), their devices and links locked out, no longer offered for new work. What a campaign pays a
-- shopper per contact, by channel: for an approved contact that reached the company, and for one approved as
-- not reached (the attempts are work too). Amounts in øre.
ALTER TABLE shoppers ADD COLUMN deactivated_at TEXT;
CREATE TABLE fees (
    campaign_id     TEXT    NOT NULL REFERENCES campaigns (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('phone', 'chat', 'email')),
    reached_ore     BIGINT  NOT NULL DEFAULT 0,
    not_reached_ore BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, channel)
);
