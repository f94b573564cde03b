-- Goods received with a best-before date (保质期), by batch (批次). What is
-- left of a batch is the sum of its movements, cached in `qty_left` in the
-- same transaction as each movement (`check` compares the two). Goods
-- leave the shelf earliest-expiring first (FEFO): a movement taking goods
-- off without naming a batch is split across the batches, and what no
-- batch holds leaves unbatched.
CREATE TABLE stock_batches (
  id          TEXT PRIMARY KEY,
  variant_id  TEXT NOT NULL REFERENCES variants(id),
  location_id TEXT NOT NULL REFERENCES locations(id),
  batch       TEXT NOT NULL DEFAULT '',
  expires_on  TEXT NOT NULL,
  -- The business day it came in: with `expires_on`, how long it keeps.
  received_on TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  qty_left    INTEGER NOT NULL DEFAULT 0 CHECK (qty_left >= 0),
  UNIQUE (variant_id, location_id, batch, expires_on)
);
-- The batches still holding goods, soonest to expire first.
CREATE INDEX stock_batches_left ON stock_batches(variant_id, location_id, expires_on) WHERE qty_left > 0;
CREATE INDEX stock_batches_expiring ON stock_batches(expires_on) WHERE qty_left > 0;
ALTER TABLE stock_movements ADD COLUMN batch_id TEXT REFERENCES stock_batches(id);
CREATE INDEX stock_movements_batch ON stock_movements(batch_id) WHERE batch_id IS NOT NULL;
