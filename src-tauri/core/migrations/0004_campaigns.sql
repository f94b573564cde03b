-- Campaigns (issue 6): commission overrides per product, stacked coupons,
-- flash-sale prices, pickup codes found at once, traffic per campaign.

-- A product's own commission rates win over the distributor's and the
-- shop's: a traffic item sold near cost must not pay out its margin.
ALTER TABLE products ADD COLUMN commission1_bp INTEGER CHECK (commission1_bp BETWEEN 0 AND 10000);
ALTER TABLE products ADD COLUMN commission2_bp INTEGER CHECK (commission2_bp BETWEEN 0 AND 10000);

-- The shop's default rates for each level (10% and 3%).
INSERT OR IGNORE INTO shop_settings(key, value) VALUES ('commission_rate1_bp', '1000'), ('commission_rate2_bp', '300');

-- Every coupon an order used and what it took off: stackable coupons
-- combine, so one order can carry several. `orders.coupon_id` keeps the
-- first for the lists that show one.
CREATE TABLE order_coupons (
  order_id     TEXT NOT NULL REFERENCES orders(id),
  coupon_id    TEXT NOT NULL REFERENCES coupons(id),
  discount_fen INTEGER NOT NULL CHECK (discount_fen >= 0),
  PRIMARY KEY (order_id, coupon_id)
) WITHOUT ROWID;
CREATE INDEX order_coupons_coupon ON order_coupons(coupon_id);
INSERT INTO order_coupons(order_id, coupon_id, discount_fen)
  SELECT id, coupon_id, discount_fen FROM orders WHERE coupon_id IS NOT NULL;

-- A price for a time window (限时抢购); order entry takes it while it runs.
CREATE TABLE flash_sales (
  id          TEXT PRIMARY KEY,
  campaign_id TEXT REFERENCES campaigns(id),
  variant_id  TEXT NOT NULL REFERENCES variants(id),
  price_fen   INTEGER NOT NULL CHECK (price_fen >= 0),
  starts_at   INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX flash_sales_variant ON flash_sales(variant_id, starts_at);

-- The redemption screen finds an order by its pickup code at once.
CREATE INDEX orders_pickup_code ON orders(pickup_code) WHERE pickup_code IS NOT NULL;

-- What a campaign cost, line by line (ads, KOL fees, other); the campaign's
-- spend_fen is their sum, kept in the same transaction. Coupon cost is not
-- a line: it is what the campaign's coupons took off its orders.
CREATE TABLE campaign_spend (
  id          TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  kind        TEXT NOT NULL CHECK (kind IN ('ads', 'kol', 'other')),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  note        TEXT NOT NULL DEFAULT '',
  at          INTEGER NOT NULL
);
CREATE INDEX campaign_spend_campaign ON campaign_spend(campaign_id);
-- Spend recorded before the breakdown existed becomes one 'other' line.
INSERT INTO campaign_spend(id, campaign_id, kind, amount_fen, note, at)
  SELECT id || '-spend', id, 'other', spend_fen, '', created_at FROM campaigns WHERE spend_fen > 0;

-- Member levels and what they give: a percentage off the goods (after
-- coupons) and points per yuan paid. One point is worth one fen when
-- redeemed (100 points = ¥1). `members.points` caches the ledger's sum.
CREATE TABLE member_levels (
  level         TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  discount_bp   INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 5000),
  points_per_yuan INTEGER NOT NULL DEFAULT 1 CHECK (points_per_yuan >= 0),
  rank          INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO member_levels(level, name, discount_bp, points_per_yuan, rank) VALUES
  ('regular', '普通会员', 0, 1, 1), ('silver', '银卡会员', 200, 1, 2), ('gold', '金卡会员', 500, 2, 3);
CREATE INDEX points_ledger_member ON points_ledger(member_id, at);
CREATE INDEX points_ledger_order ON points_ledger(order_id) WHERE order_id IS NOT NULL;

-- Bundles (套餐): items sold together at one price. An order line sold in a
-- bundle says which; the bundle's saving is part of the lines' discounts.
CREATE TABLE bundles (
  id         TEXT PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  price_fen  INTEGER NOT NULL CHECK (price_fen >= 0),
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE bundle_items (
  bundle_id  TEXT NOT NULL REFERENCES bundles(id),
  variant_id TEXT NOT NULL REFERENCES variants(id),
  qty        INTEGER NOT NULL CHECK (qty > 0),
  PRIMARY KEY (bundle_id, variant_id)
) WITHOUT ROWID;
ALTER TABLE order_lines ADD COLUMN bundle_id TEXT REFERENCES bundles(id);

-- How orders find their campaign besides a coupon, a group buy or an
-- import's column: the code a live session gives out (typed in order
-- entry), and the referrer whose link the campaign runs on.
ALTER TABLE campaigns ADD COLUMN code TEXT;
CREATE UNIQUE INDEX campaigns_code ON campaigns(code) WHERE code IS NOT NULL;
ALTER TABLE campaigns ADD COLUMN referrer_id TEXT REFERENCES distributors(id);
CREATE INDEX campaigns_referrer ON campaigns(referrer_id, starts_at) WHERE referrer_id IS NOT NULL;

-- The campaign screen on a million orders: a distributor's trust looks up
-- complaints by order, and the leader ranking and settlements read an
-- index that carries the money (no table lookups).
CREATE INDEX after_sales_order ON after_sales(order_id);
DROP INDEX orders_leader;
CREATE INDEX orders_leader ON orders(leader_id, business_day, status, total_fen, paid_fen, refunded_fen) WHERE leader_id IS NOT NULL;
DROP INDEX orders_campaign;
CREATE INDEX orders_campaign ON orders(campaign_id, status, total_fen, paid_fen, refunded_fen) WHERE campaign_id IS NOT NULL;
