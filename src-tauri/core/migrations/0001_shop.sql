-- Storefront schema, version 1: the whole domain, so later work extends it.
-- Money columns end in _fen (integer fen). Instants end in _at (UTC unix
-- seconds). Ids are UUIDv7 text. Rates end in _bp (basis points, 1% = 100).

CREATE TABLE shop_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE number_seq (
  kind TEXT NOT NULL,
  day  TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (kind, day)
) WITHOUT ROWID;

-- Change log: who/what/when for every user write, written in the same
-- transaction; the activity screen now, multi-terminal sync later.
CREATE TABLE change_log (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  terminal  TEXT NOT NULL,
  actor     TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action    TEXT NOT NULL,
  summary   TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

-- Catalog ---------------------------------------------------------------
CREATE TABLE locations (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL DEFAULT 'store' CHECK (kind IN ('store','warehouse','pickup')),
  created_at INTEGER NOT NULL
);

CREATE TABLE products (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  pinyin      TEXT NOT NULL DEFAULT '',
  category    TEXT NOT NULL DEFAULT '',
  tags        TEXT NOT NULL DEFAULT '',
  role        TEXT NOT NULL DEFAULT 'normal' CHECK (role IN ('normal','traffic','profit')),
  description TEXT NOT NULL DEFAULT '',
  image_path  TEXT,
  archived    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX products_name ON products(name);

CREATE TABLE variants (
  id         TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id),
  sku        TEXT NOT NULL UNIQUE,
  barcode    TEXT UNIQUE,
  options    TEXT NOT NULL DEFAULT '',
  price_fen  INTEGER NOT NULL CHECK (price_fen >= 0),
  cost_fen   INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
  low_stock  INTEGER NOT NULL DEFAULT 0,
  archived   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX variants_product ON variants(product_id);

-- A price change never rewrites past orders: lines keep their own price, and
-- this history says what the price was when.
CREATE TABLE price_history (
  id         TEXT PRIMARY KEY,
  variant_id TEXT NOT NULL REFERENCES variants(id),
  price_fen  INTEGER NOT NULL CHECK (price_fen >= 0),
  cost_fen   INTEGER,
  valid_from INTEGER NOT NULL,
  reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX price_history_variant ON price_history(variant_id, valid_from);

-- Stock: an append-only ledger; stock_levels.on_hand is its cached sum,
-- updated in the same transaction as each movement.
CREATE TABLE stock_movements (
  id          TEXT PRIMARY KEY,
  variant_id  TEXT NOT NULL REFERENCES variants(id),
  location_id TEXT NOT NULL REFERENCES locations(id),
  qty         INTEGER NOT NULL CHECK (qty <> 0),
  reason      TEXT NOT NULL CHECK (reason IN ('initial','receipt','sale','return','adjustment','damage','transfer_in','transfer_out')),
  ref_type    TEXT,
  ref_id      TEXT,
  note        TEXT NOT NULL DEFAULT '',
  at          INTEGER NOT NULL
);
CREATE INDEX stock_movements_variant ON stock_movements(variant_id, location_id);

CREATE TABLE stock_levels (
  variant_id  TEXT NOT NULL REFERENCES variants(id),
  location_id TEXT NOT NULL REFERENCES locations(id),
  on_hand     INTEGER NOT NULL,
  committed   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (variant_id, location_id)
) WITHOUT ROWID;

CREATE TRIGGER stock_movements_append_only_u BEFORE UPDATE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;
CREATE TRIGGER stock_movements_append_only_d BEFORE DELETE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;

-- People ----------------------------------------------------------------
CREATE TABLE leaders (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  phone              TEXT NOT NULL DEFAULT '',
  commission_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_rate_bp BETWEEN 0 AND 10000),
  active             INTEGER NOT NULL DEFAULT 1,
  created_at         INTEGER NOT NULL
);

CREATE TABLE pickup_points (
  id         TEXT PRIMARY KEY,
  leader_id  TEXT NOT NULL REFERENCES leaders(id),
  name       TEXT NOT NULL,
  address    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX pickup_points_leader ON pickup_points(leader_id);

CREATE TABLE customers (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  wechat_nick       TEXT NOT NULL DEFAULT '',
  phone             TEXT NOT NULL DEFAULT '',
  pinyin            TEXT NOT NULL DEFAULT '',
  default_pickup_id TEXT REFERENCES pickup_points(id),
  address           TEXT NOT NULL DEFAULT '',
  tags              TEXT NOT NULL DEFAULT '',
  notes             TEXT NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_phone ON customers(phone);

-- Distribution: at most two levels. level 1 has no recruiter; level 2's
-- recruiter is level 1. The triggers refuse a third level even when the core
-- is bypassed.
CREATE TABLE distributors (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  customer_id  TEXT REFERENCES customers(id),
  recruiter_id TEXT REFERENCES distributors(id),
  level        INTEGER NOT NULL CHECK (level IN (1, 2)),
  rate1_bp     INTEGER CHECK (rate1_bp BETWEEN 0 AND 10000),
  rate2_bp     INTEGER CHECK (rate2_bp BETWEEN 0 AND 10000),
  created_at   INTEGER NOT NULL,
  CHECK ((recruiter_id IS NULL) = (level = 1))
);
CREATE TRIGGER distributors_two_levels_i BEFORE INSERT ON distributors
WHEN NEW.recruiter_id IS NOT NULL AND
     (SELECT level FROM distributors WHERE id = NEW.recruiter_id) <> 1
BEGIN SELECT RAISE(ABORT, 'third_level'); END;
CREATE TRIGGER distributors_two_levels_u BEFORE UPDATE OF recruiter_id ON distributors
WHEN NEW.recruiter_id IS NOT NULL AND (
     (SELECT level FROM distributors WHERE id = NEW.recruiter_id) <> 1 OR
     EXISTS (SELECT 1 FROM distributors WHERE recruiter_id = NEW.id))
BEGIN SELECT RAISE(ABORT, 'third_level'); END;

CREATE TABLE members (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL UNIQUE REFERENCES customers(id),
  level       TEXT NOT NULL DEFAULT 'regular',
  points      INTEGER NOT NULL DEFAULT 0,
  joined_at   INTEGER NOT NULL
);

-- Campaigns ---------------------------------------------------------------
CREATE TABLE campaigns (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('groupbuy','live','flash','coupon','holiday','solitaire','general')),
  starts_at  INTEGER NOT NULL,
  ends_at    INTEGER NOT NULL,
  spend_fen  INTEGER NOT NULL DEFAULT 0 CHECK (spend_fen >= 0),
  notes      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  CHECK (ends_at >= starts_at)
);

CREATE TABLE campaign_traffic (
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  day         TEXT NOT NULL,
  views       INTEGER NOT NULL DEFAULT 0,
  clicks      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, day)
) WITHOUT ROWID;

CREATE TABLE group_buys (
  id                 TEXT PRIMARY KEY,
  campaign_id        TEXT REFERENCES campaigns(id),
  name               TEXT NOT NULL,
  variant_id         TEXT NOT NULL REFERENCES variants(id),
  price_fen          INTEGER NOT NULL CHECK (price_fen >= 0),
  group_size         INTEGER NOT NULL CHECK (group_size >= 2),
  per_customer_limit INTEGER NOT NULL DEFAULT 0,
  deadline           INTEGER NOT NULL,
  status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','filled','failed')),
  closed_at          INTEGER,
  created_at         INTEGER NOT NULL
);
CREATE INDEX group_buys_status ON group_buys(status, deadline);

CREATE TABLE coupons (
  id            TEXT PRIMARY KEY,
  campaign_id   TEXT REFERENCES campaigns(id),
  code          TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('fixed','percent','threshold','n_for')),
  value_fen     INTEGER NOT NULL DEFAULT 0,
  percent_bp    INTEGER NOT NULL DEFAULT 0,
  threshold_fen INTEGER NOT NULL DEFAULT 0,
  n_items       INTEGER NOT NULL DEFAULT 0,
  valid_from    INTEGER NOT NULL,
  valid_to      INTEGER NOT NULL,
  usage_limit   INTEGER NOT NULL DEFAULT 0,
  stackable     INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

-- Orders --------------------------------------------------------------------
CREATE TABLE orders (
  id              TEXT PRIMARY KEY,
  order_no        TEXT NOT NULL UNIQUE,
  placed_at       INTEGER NOT NULL,
  business_day    TEXT NOT NULL,
  channel         TEXT NOT NULL CHECK (channel IN ('offline','wechat','solitaire','pinduoduo','youzan','shop')),
  status          TEXT NOT NULL CHECK (status IN ('draft','awaiting_payment','paid','fulfilled','completed','cancelled','refunded')),
  customer_id     TEXT REFERENCES customers(id),
  leader_id       TEXT REFERENCES leaders(id),
  pickup_point_id TEXT REFERENCES pickup_points(id),
  referrer_id     TEXT REFERENCES distributors(id),
  campaign_id     TEXT REFERENCES campaigns(id),
  group_buy_id    TEXT REFERENCES group_buys(id),
  coupon_id       TEXT REFERENCES coupons(id),
  subtotal_fen    INTEGER NOT NULL CHECK (subtotal_fen >= 0),
  discount_fen    INTEGER NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
  total_fen       INTEGER NOT NULL CHECK (total_fen >= 0),
  refunded_fen    INTEGER NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
  -- Cached sum of the accepted (auto/confirmed) payment matches, kept in the
  -- same transaction as the matches; `check` compares the two.
  paid_fen        INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  pickup_code     TEXT,
  remark          TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK (total_fen = subtotal_fen - discount_fen)
);
-- Covering for the dashboard: a period's orders, totals and money received
-- without touching the table.
CREATE INDEX orders_day ON orders(business_day, status, total_fen, paid_fen);
CREATE INDEX orders_placed ON orders(placed_at);
CREATE INDEX orders_customer ON orders(customer_id, placed_at);
CREATE INDEX orders_status ON orders(status, placed_at);
CREATE INDEX orders_leader ON orders(leader_id, business_day) WHERE leader_id IS NOT NULL;
CREATE INDEX orders_referrer ON orders(referrer_id) WHERE referrer_id IS NOT NULL;
CREATE INDEX orders_campaign ON orders(campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX orders_group_buy ON orders(group_buy_id) WHERE group_buy_id IS NOT NULL;
CREATE INDEX orders_coupon ON orders(coupon_id) WHERE coupon_id IS NOT NULL;

CREATE TABLE order_lines (
  id              TEXT PRIMARY KEY,
  order_id        TEXT NOT NULL REFERENCES orders(id),
  line_no         INTEGER NOT NULL,
  variant_id      TEXT NOT NULL REFERENCES variants(id),
  qty             INTEGER NOT NULL CHECK (qty > 0),
  unit_price_fen  INTEGER NOT NULL CHECK (unit_price_fen >= 0),
  discount_fen    INTEGER NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
  line_total_fen  INTEGER NOT NULL,
  override_reason TEXT,
  UNIQUE (order_id, line_no),
  CHECK (line_total_fen = qty * unit_price_fen - discount_fen)
);
CREATE INDEX order_lines_variant ON order_lines(variant_id);

-- Refunds are their own money lines, never edits of the order's amounts.
CREATE TABLE refunds (
  id         TEXT PRIMARY KEY,
  order_id   TEXT NOT NULL REFERENCES orders(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  reason     TEXT NOT NULL DEFAULT '',
  status     TEXT NOT NULL DEFAULT 'owed' CHECK (status IN ('owed','settled')),
  payment_id TEXT REFERENCES payments(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX refunds_order ON refunds(order_id);
CREATE INDEX refunds_created ON refunds(created_at);

CREATE TABLE after_sales (
  id             TEXT PRIMARY KEY,
  order_id       TEXT NOT NULL REFERENCES orders(id),
  kind           TEXT NOT NULL CHECK (kind IN ('quality','wrong_item','delivery','other')),
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','replied','resolved')),
  description    TEXT NOT NULL DEFAULT '',
  resolution     TEXT CHECK (resolution IN ('refund','return','resend','none')),
  opened_at      INTEGER NOT NULL,
  first_reply_at INTEGER,
  resolved_at    INTEGER
);
CREATE INDEX after_sales_open ON after_sales(status, kind, opened_at);

-- Payments and statements ------------------------------------------------------
CREATE TABLE statement_batches (
  id          TEXT PRIMARY KEY,
  batch_no    TEXT NOT NULL UNIQUE,
  format      TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  imported_at INTEGER NOT NULL
);

-- One money movement: a statement line, or a payment recorded by hand (cash).
CREATE TABLE payments (
  id                TEXT PRIMARY KEY,
  batch_id          TEXT REFERENCES statement_batches(id),
  line_no           INTEGER,
  source            TEXT NOT NULL CHECK (source IN ('wechat','alipay','cash','bank','other')),
  txn_id            TEXT NOT NULL,
  merchant_order_no TEXT,
  original_txn_id   TEXT,
  direction         TEXT NOT NULL CHECK (direction IN ('in','out')),
  kind              TEXT NOT NULL CHECK (kind IN ('sale','refund','transfer','red_packet','withdrawal','top_up','wealth','fee','other')),
  amount_fen        INTEGER NOT NULL CHECK (amount_fen >= 0),
  fee_fen           INTEGER NOT NULL DEFAULT 0,
  counterparty      TEXT NOT NULL DEFAULT '',
  remark            TEXT NOT NULL DEFAULT '',
  occurred_at       INTEGER NOT NULL,
  UNIQUE (source, txn_id)
);
CREATE INDEX payments_occurred ON payments(occurred_at);

CREATE TABLE payment_matches (
  id         TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  order_id   TEXT NOT NULL REFERENCES orders(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  status     TEXT NOT NULL CHECK (status IN ('auto','suggested','confirmed','rejected')),
  rule       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (payment_id, order_id)
);
CREATE INDEX payment_matches_order ON payment_matches(order_id, status, amount_fen);

-- Commissions --------------------------------------------------------------------
-- Accruals and clawbacks are separate lines (clawbacks negative).
CREATE TABLE commissions (
  id             TEXT PRIMARY KEY,
  distributor_id TEXT NOT NULL REFERENCES distributors(id),
  order_id       TEXT NOT NULL REFERENCES orders(id),
  level          INTEGER NOT NULL CHECK (level IN (1, 2)),
  amount_fen     INTEGER NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('accrual','clawback')),
  created_at     INTEGER NOT NULL
);
CREATE INDEX commissions_distributor ON commissions(distributor_id);
CREATE INDEX commissions_order ON commissions(order_id);

CREATE TABLE commission_payouts (
  id             TEXT PRIMARY KEY,
  distributor_id TEXT NOT NULL REFERENCES distributors(id),
  amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_at        INTEGER NOT NULL,
  note           TEXT NOT NULL DEFAULT ''
);

CREATE TABLE points_ledger (
  id        TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members(id),
  delta     INTEGER NOT NULL,
  reason    TEXT NOT NULL,
  order_id  TEXT REFERENCES orders(id),
  at        INTEGER NOT NULL
);

-- Suppliers and purchasing ----------------------------------------------------
CREATE TABLE suppliers (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  contact       TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  lead_days     INTEGER NOT NULL DEFAULT 1,
  min_order_fen INTEGER NOT NULL DEFAULT 0,
  feed_kind     TEXT CHECK (feed_kind IN ('shopify','woocommerce','json','csv')),
  feed_url      TEXT,
  every_minutes INTEGER,
  created_at    INTEGER NOT NULL
);

CREATE TABLE supplier_items (
  id           TEXT PRIMARY KEY,
  supplier_id  TEXT NOT NULL REFERENCES suppliers(id),
  supplier_sku TEXT NOT NULL,
  title        TEXT NOT NULL,
  cost_fen     INTEGER NOT NULL CHECK (cost_fen >= 0),
  pack_size    INTEGER NOT NULL DEFAULT 1,
  available    INTEGER NOT NULL DEFAULT 1,
  stock        INTEGER,
  variant_id   TEXT REFERENCES variants(id),
  gone         INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL,
  UNIQUE (supplier_id, supplier_sku)
);

CREATE TABLE supplier_item_costs (
  id               TEXT PRIMARY KEY,
  supplier_item_id TEXT NOT NULL REFERENCES supplier_items(id),
  cost_fen         INTEGER NOT NULL,
  seen_at          INTEGER NOT NULL
);

CREATE TABLE sync_runs (
  id          TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER,
  status      TEXT NOT NULL CHECK (status IN ('running','ok','not_modified','error','cancelled')),
  seen        INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  error       TEXT,
  etag        TEXT,
  last_modified TEXT
);
CREATE INDEX sync_runs_supplier ON sync_runs(supplier_id, started_at);

CREATE TABLE purchase_orders (
  id          TEXT PRIMARY KEY,
  po_no       TEXT NOT NULL UNIQUE,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  status      TEXT NOT NULL CHECK (status IN ('draft','sent','partly_received','received','closed')),
  total_fen   INTEGER NOT NULL DEFAULT 0,
  invoice_fen INTEGER,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE po_lines (
  id               TEXT PRIMARY KEY,
  po_id            TEXT NOT NULL REFERENCES purchase_orders(id),
  variant_id       TEXT NOT NULL REFERENCES variants(id),
  supplier_item_id TEXT REFERENCES supplier_items(id),
  qty              INTEGER NOT NULL CHECK (qty > 0),
  unit_cost_fen    INTEGER NOT NULL CHECK (unit_cost_fen >= 0)
);

CREATE TABLE receipts (
  id          TEXT PRIMARY KEY,
  po_id       TEXT REFERENCES purchase_orders(id),
  location_id TEXT NOT NULL REFERENCES locations(id),
  received_at INTEGER NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE receipt_lines (
  id         TEXT PRIMARY KEY,
  receipt_id TEXT NOT NULL REFERENCES receipts(id),
  po_line_id TEXT REFERENCES po_lines(id),
  variant_id TEXT NOT NULL REFERENCES variants(id),
  qty        INTEGER NOT NULL CHECK (qty > 0)
);
