-- Catalog, stock and order entry (issue 3).

-- A product's handle ties the rows of a Shopify product CSV together and
-- survives an export/import round trip; option_names are its 规格 axes
-- ("颜色 / 尺码"), whose values each variant's `options` lists in order.
ALTER TABLE products ADD COLUMN handle TEXT;
CREATE UNIQUE INDEX products_handle ON products(handle) WHERE handle IS NOT NULL;
ALTER TABLE products ADD COLUMN option_names TEXT NOT NULL DEFAULT '';
-- The order list's filters and searches stay indexed on a million orders:
-- by channel, by pickup point, the still-unpaid, the day's sequence number
-- ("0042"), and customers by the start of a name, nickname, pinyin or
-- phone, or by the phone's last four digits.
CREATE INDEX customers_nick ON customers(wechat_nick);
CREATE INDEX customers_pinyin ON customers(pinyin);
CREATE INDEX customers_phone_tail ON customers(substr(phone, -4));
CREATE INDEX orders_channel ON orders(channel, placed_at);
CREATE INDEX orders_pickup ON orders(pickup_point_id, placed_at) WHERE pickup_point_id IS NOT NULL;
CREATE INDEX orders_tail ON orders(substr(order_no, -4));
CREATE INDEX orders_unpaid ON orders(placed_at)
  WHERE status IN ('awaiting_payment', 'fulfilled', 'completed') AND channel <> 'pinduoduo' AND paid_fen < total_fen - refunded_fen;

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
