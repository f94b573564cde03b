-- The day goods arrive and are handed over (预售 / 到货日): a group buy's
-- or a 接龙's "明天下午到货". Its orders carry it and pick lists are made
-- for it; an order without one is handed over on the day it was placed.
ALTER TABLE orders ADD COLUMN arrives_on TEXT;
CREATE INDEX orders_arrives ON orders(arrives_on) WHERE arrives_on IS NOT NULL;
ALTER TABLE group_buys ADD COLUMN arrives_on TEXT;
