-- A campaign's arrival day (预售 / 到货日): the day its goods arrive, which
-- the orders taken in it carry while it is still ahead, as a group buy's
-- members' orders carry the group buy's.
ALTER TABLE campaigns ADD COLUMN arrives_on TEXT;
