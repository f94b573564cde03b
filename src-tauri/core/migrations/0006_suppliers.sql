-- Suppliers grow a schedule, credentials (a name here, the secret in the OS
-- keychain), a field mapping for generic feeds and a PO endpoint; each sync
-- run lists what it changed for the merchant to review; a linked item's cost
-- change suggests a selling price that only a person applies.

ALTER TABLE suppliers ADD COLUMN daily_at TEXT;                       -- 'HH:MM' shop time, instead of every_minutes
ALTER TABLE suppliers ADD COLUMN auth_kind TEXT NOT NULL DEFAULT 'none'
  CHECK (auth_kind IN ('none','token','basic'));
ALTER TABLE suppliers ADD COLUMN auth_name TEXT NOT NULL DEFAULT '';  -- the token's header, or the basic-auth user
ALTER TABLE suppliers ADD COLUMN mapping TEXT;                        -- JSON: where a generic feed keeps each field
ALTER TABLE suppliers ADD COLUMN po_url TEXT;                         -- takes a purchase order as JSON
ALTER TABLE suppliers ADD COLUMN email TEXT NOT NULL DEFAULT '';

ALTER TABLE supplier_items ADD COLUMN barcode TEXT;
ALTER TABLE supplier_items ADD COLUMN linked_by TEXT CHECK (linked_by IN ('sku','barcode','hand'));
CREATE INDEX supplier_items_variant ON supplier_items(variant_id) WHERE variant_id IS NOT NULL;
CREATE INDEX supplier_item_costs_item ON supplier_item_costs(supplier_item_id, seen_at);

-- The validators of each feed page last fetched, for conditional requests.
CREATE TABLE feed_pages (
  supplier_id   TEXT NOT NULL REFERENCES suppliers(id),
  url           TEXT NOT NULL,
  etag          TEXT,
  last_modified TEXT,
  PRIMARY KEY (supplier_id, url)
) WITHOUT ROWID;

CREATE TABLE sync_changes (
  id               TEXT PRIMARY KEY,
  run_id           TEXT NOT NULL REFERENCES sync_runs(id),
  supplier_item_id TEXT NOT NULL REFERENCES supplier_items(id),
  kind             TEXT NOT NULL CHECK (kind IN ('new','cost_up','cost_down','out_of_stock','back_in_stock','gone')),
  old_cost_fen     INTEGER,
  new_cost_fen     INTEGER,
  flagged          INTEGER NOT NULL DEFAULT 0,   -- a cost rise above the shop's threshold
  reviewed         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_changes_run ON sync_changes(run_id);
CREATE INDEX sync_changes_open ON sync_changes(reviewed, run_id);

CREATE TABLE price_suggestions (
  id               TEXT PRIMARY KEY,
  variant_id       TEXT NOT NULL REFERENCES variants(id),
  supplier_item_id TEXT NOT NULL REFERENCES supplier_items(id),
  old_cost_fen     INTEGER NOT NULL,
  new_cost_fen     INTEGER NOT NULL,
  price_fen        INTEGER NOT NULL,               -- the selling price when suggested
  suggested_fen    INTEGER NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','applied','dismissed')),
  created_at       INTEGER NOT NULL,
  decided_at       INTEGER
);
CREATE INDEX price_suggestions_open ON price_suggestions(status, created_at);

ALTER TABLE purchase_orders ADD COLUMN sent_at INTEGER;
ALTER TABLE purchase_orders ADD COLUMN sent_via TEXT CHECK (sent_via IN ('json','xlsx','pdf'));
ALTER TABLE purchase_orders ADD COLUMN note TEXT NOT NULL DEFAULT '';
CREATE INDEX purchase_orders_supplier ON purchase_orders(supplier_id, status);
CREATE INDEX po_lines_po ON po_lines(po_id);
CREATE INDEX receipt_lines_po_line ON receipt_lines(po_line_id);
