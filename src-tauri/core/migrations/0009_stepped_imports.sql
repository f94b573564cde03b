-- A big import writes in steps, so order entry gets in between them; this
-- record keeps it all or nothing. Until it is 'done', what it wrote is
-- undone when it fails, is cancelled, or its process dies (found by a stale
-- alive_at when the shop is next opened for writing).
CREATE TABLE imports (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('orders')),
  file            TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('writing','done','undone')),
  -- Stock movements are appended in rowid order: the undo looks only at
  -- those after this one, not at the whole ledger.
  movements_after INTEGER NOT NULL,
  started_at      INTEGER NOT NULL,
  alive_at        INTEGER NOT NULL,
  finished_at     INTEGER
);
CREATE INDEX imports_writing ON imports(state) WHERE state = 'writing';

-- Which file an order or a customer came from.
ALTER TABLE orders ADD COLUMN import_id TEXT REFERENCES imports(id);
ALTER TABLE customers ADD COLUMN import_id TEXT REFERENCES imports(id);
CREATE INDEX orders_import ON orders(import_id) WHERE import_id IS NOT NULL;
CREATE INDEX customers_import ON customers(import_id) WHERE import_id IS NOT NULL;

-- The ledger stays append-only, except for the sales of an import that never
-- finished: for the merchant they never happened.
DROP TRIGGER stock_movements_append_only_d;
CREATE TRIGGER stock_movements_append_only_d BEFORE DELETE ON stock_movements
WHEN OLD.ref_type IS NOT 'order' OR NOT EXISTS (
  SELECT 1 FROM orders o JOIN imports i ON i.id = o.import_id
  WHERE o.id = OLD.ref_id AND i.state = 'writing')
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;
