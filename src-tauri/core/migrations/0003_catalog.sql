-- Catalog, stock and order entry (issue 3).

-- A product's handle ties the rows of a Shopify product CSV together and
-- survives an export/import round trip; option_names are its 规格 axes
-- ("颜色 / 尺码"), whose values each variant's `options` lists in order.
ALTER TABLE products ADD COLUMN handle TEXT;
CREATE UNIQUE INDEX products_handle ON products(handle) WHERE handle IS NOT NULL;
ALTER TABLE products ADD COLUMN option_names TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_nick ON customers(wechat_nick);

-- A stocktake (盘点): what was counted where; its adjustments are ledger
-- movements with ref_type 'stocktake'.
CREATE TABLE stocktakes (
  id          TEXT PRIMARY KEY,
  location_id TEXT NOT NULL REFERENCES locations(id),
  reason      TEXT NOT NULL,
  counted     INTEGER NOT NULL,
  adjusted    INTEGER NOT NULL,
  posted_at   INTEGER NOT NULL
);

-- After-sales resolutions point at what they did: the refund line, or the
-- replacement order that was sent.
ALTER TABLE after_sales ADD COLUMN refund_id TEXT REFERENCES refunds(id);
ALTER TABLE after_sales ADD COLUMN resend_order_id TEXT REFERENCES orders(id);
ALTER TABLE after_sales ADD COLUMN returned INTEGER NOT NULL DEFAULT 0;
