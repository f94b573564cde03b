-- What a line's goods cost when it was sold, so a campaign's 毛利 stays put
-- when a cost price changes later. Lines sold before knew no cost of their
-- own: they take their variant's cost as it is now (0 means unknown, and
-- the reports say how many lines lack one).
ALTER TABLE order_lines ADD COLUMN unit_cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost_fen >= 0);
UPDATE order_lines SET unit_cost_fen = (SELECT cost_fen FROM variants v WHERE v.id = order_lines.variant_id);
