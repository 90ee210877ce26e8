-- The roster: how to reach a shopper, where they live, and how many contacts they can take in a wave
-- (the planner's capacity; empty means no limit given). All optional, so existing shoppers stay valid.
ALTER TABLE shoppers ADD COLUMN email TEXT;
ALTER TABLE shoppers ADD COLUMN phone TEXT;
ALTER TABLE shoppers ADD COLUMN region TEXT;
ALTER TABLE shoppers ADD COLUMN capacity INTEGER;
