-- Analytics (issue 7): rollups the dashboard reads instead of a million
-- orders. Triggers keep them in the same transaction as the facts, whichever
-- path writes the facts; `check` recomputes every rollup from the facts and
-- compares. An order counts when it is neither a draft nor cancelled.

-- The business day a refund was recorded on (the shop's time zone and
-- cut-off, as orders have theirs), written with the refund; the store fills
-- it for refunds made before this version.
ALTER TABLE refunds ADD COLUMN business_day TEXT;

-- Orders placed per business day and channel, and the refunds recorded that
-- day on orders of the channel (whenever those orders were placed).
CREATE TABLE sales_daily (
  day         TEXT NOT NULL,
  channel     TEXT NOT NULL,
  orders      INTEGER NOT NULL DEFAULT 0,
  gmv_fen     INTEGER NOT NULL DEFAULT 0,
  paid_fen    INTEGER NOT NULL DEFAULT 0,
  unpaid      INTEGER NOT NULL DEFAULT 0,
  refund_fen  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, channel)
) WITHOUT ROWID;

-- What each variant sold per business day (line totals after line discounts).
CREATE TABLE product_daily (
  day         TEXT NOT NULL,
  variant_id  TEXT NOT NULL,
  qty         INTEGER NOT NULL DEFAULT 0,
  revenue_fen INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, variant_id)
) WITHOUT ROWID;

-- Each customer's orders per month; a row exists while they have one.
CREATE TABLE customer_months (
  customer_id TEXT NOT NULL,
  month       TEXT NOT NULL,
  orders      INTEGER NOT NULL,
  gmv_fen     INTEGER NOT NULL,
  PRIMARY KEY (customer_id, month)
) WITHOUT ROWID;

-- Buyers of each month by the month of their first order (their cohort):
-- new buyers are cohort = month; repeat buyers ordered twice or more that month.
CREATE TABLE buyer_months (
  cohort        TEXT NOT NULL,
  month         TEXT NOT NULL,
  buyers        INTEGER NOT NULL DEFAULT 0,
  repeat_buyers INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cohort, month)
) WITHOUT ROWID;

-- Indexes for the dashboard's indexed (not rolled-up) queries.
CREATE INDEX stock_movements_at ON stock_movements(variant_id, at, qty);
DROP INDEX orders_referrer;
-- Covering for the distributor ranking and their 信任值 (placed_at, id).
CREATE INDEX orders_referrer ON orders(referrer_id, business_day, status, total_fen, paid_fen, refunded_fen, placed_at, id)
  WHERE referrer_id IS NOT NULL;
CREATE INDEX after_sales_opened ON after_sales(opened_at, first_reply_at);

-- sales_daily ---------------------------------------------------------------
CREATE TRIGGER rollup_sales_i AFTER INSERT ON orders
WHEN NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO sales_daily(day, channel, orders, gmv_fen, paid_fen, unpaid)
  VALUES (NEW.business_day, NEW.channel, 1, NEW.total_fen, NEW.paid_fen, NEW.status = 'awaiting_payment')
  ON CONFLICT(day, channel) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen,
    paid_fen = paid_fen + excluded.paid_fen, unpaid = unpaid + excluded.unpaid;
END;
CREATE TRIGGER rollup_sales_u_old AFTER UPDATE OF status, business_day, channel, total_fen, paid_fen ON orders
WHEN OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE sales_daily SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen,
    paid_fen = paid_fen - OLD.paid_fen, unpaid = unpaid - (OLD.status = 'awaiting_payment')
  WHERE day = OLD.business_day AND channel = OLD.channel;
END;
CREATE TRIGGER rollup_sales_u_new AFTER UPDATE OF status, business_day, channel, total_fen, paid_fen ON orders
WHEN NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO sales_daily(day, channel, orders, gmv_fen, paid_fen, unpaid)
  VALUES (NEW.business_day, NEW.channel, 1, NEW.total_fen, NEW.paid_fen, NEW.status = 'awaiting_payment')
  ON CONFLICT(day, channel) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen,
    paid_fen = paid_fen + excluded.paid_fen, unpaid = unpaid + excluded.unpaid;
END;

CREATE TRIGGER rollup_refund_i AFTER INSERT ON refunds
BEGIN
  INSERT INTO sales_daily(day, channel, refund_fen)
  VALUES (NEW.business_day, (SELECT channel FROM orders WHERE id = NEW.order_id), NEW.amount_fen)
  ON CONFLICT(day, channel) DO UPDATE SET refund_fen = refund_fen + excluded.refund_fen;
END;
CREATE TRIGGER rollup_refund_u AFTER UPDATE OF amount_fen, business_day, order_id ON refunds
BEGIN
  UPDATE sales_daily SET refund_fen = refund_fen - OLD.amount_fen
  WHERE day = OLD.business_day AND channel = (SELECT channel FROM orders WHERE id = OLD.order_id);
  INSERT INTO sales_daily(day, channel, refund_fen)
  VALUES (NEW.business_day, (SELECT channel FROM orders WHERE id = NEW.order_id), NEW.amount_fen)
  ON CONFLICT(day, channel) DO UPDATE SET refund_fen = refund_fen + excluded.refund_fen;
END;
CREATE TRIGGER rollup_refund_d AFTER DELETE ON refunds
BEGIN
  UPDATE sales_daily SET refund_fen = refund_fen - OLD.amount_fen
  WHERE day = OLD.business_day AND channel = (SELECT channel FROM orders WHERE id = OLD.order_id);
END;

-- product_daily -------------------------------------------------------------
CREATE TRIGGER rollup_product_i AFTER INSERT ON order_lines
WHEN (SELECT status FROM orders WHERE id = NEW.order_id) NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO product_daily(day, variant_id, qty, revenue_fen)
  VALUES ((SELECT business_day FROM orders WHERE id = NEW.order_id), NEW.variant_id, NEW.qty, NEW.line_total_fen)
  ON CONFLICT(day, variant_id) DO UPDATE SET qty = qty + excluded.qty, revenue_fen = revenue_fen + excluded.revenue_fen;
END;
CREATE TRIGGER rollup_product_u_old AFTER UPDATE OF status, business_day ON orders
WHEN OLD.status NOT IN ('draft', 'cancelled')
  AND (NEW.status IN ('draft', 'cancelled') OR NEW.business_day <> OLD.business_day)
BEGIN
  UPDATE product_daily SET
    qty = qty - (SELECT sum(qty) FROM order_lines l WHERE l.order_id = OLD.id AND l.variant_id = product_daily.variant_id),
    revenue_fen = revenue_fen - (SELECT sum(line_total_fen) FROM order_lines l WHERE l.order_id = OLD.id AND l.variant_id = product_daily.variant_id)
  WHERE day = OLD.business_day AND variant_id IN (SELECT variant_id FROM order_lines WHERE order_id = OLD.id);
END;
CREATE TRIGGER rollup_product_u_new AFTER UPDATE OF status, business_day ON orders
WHEN NEW.status NOT IN ('draft', 'cancelled')
  AND (OLD.status IN ('draft', 'cancelled') OR NEW.business_day <> OLD.business_day)
BEGIN
  INSERT INTO product_daily(day, variant_id, qty, revenue_fen)
  SELECT NEW.business_day, variant_id, sum(qty), sum(line_total_fen) FROM order_lines
  WHERE order_id = NEW.id GROUP BY variant_id
  ON CONFLICT(day, variant_id) DO UPDATE SET qty = qty + excluded.qty, revenue_fen = revenue_fen + excluded.revenue_fen;
END;

-- customer_months -----------------------------------------------------------
CREATE TRIGGER rollup_customer_i AFTER INSERT ON orders
WHEN NEW.customer_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO customer_months(customer_id, month, orders, gmv_fen)
  VALUES (NEW.customer_id, substr(NEW.business_day, 1, 7), 1, NEW.total_fen)
  ON CONFLICT(customer_id, month) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen;
END;
CREATE TRIGGER rollup_customer_u_old AFTER UPDATE OF status, business_day, customer_id, total_fen ON orders
WHEN OLD.customer_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
  AND (NEW.status IN ('draft', 'cancelled') OR NEW.customer_id IS NOT OLD.customer_id
       OR NEW.business_day <> OLD.business_day OR NEW.total_fen <> OLD.total_fen)
BEGIN
  UPDATE customer_months SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen
  WHERE customer_id = OLD.customer_id AND month = substr(OLD.business_day, 1, 7);
  DELETE FROM customer_months
  WHERE customer_id = OLD.customer_id AND month = substr(OLD.business_day, 1, 7) AND orders = 0;
END;
CREATE TRIGGER rollup_customer_u_new AFTER UPDATE OF status, business_day, customer_id, total_fen ON orders
WHEN NEW.customer_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
  AND (OLD.status IN ('draft', 'cancelled') OR NEW.customer_id IS NOT OLD.customer_id
       OR NEW.business_day <> OLD.business_day OR NEW.total_fen <> OLD.total_fen)
BEGIN
  INSERT INTO customer_months(customer_id, month, orders, gmv_fen)
  VALUES (NEW.customer_id, substr(NEW.business_day, 1, 7), 1, NEW.total_fen)
  ON CONFLICT(customer_id, month) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen;
END;

-- buyer_months, from customer_months ------------------------------------------
-- A customer's cohort is their earliest month. A new month row either joins
-- their cohort (later month), starts it (first ever), or becomes the new
-- earliest month and moves every other month of theirs to it.
CREATE TRIGGER rollup_buyer_i_first AFTER INSERT ON customer_months
WHEN NOT EXISTS (SELECT 1 FROM customer_months WHERE customer_id = NEW.customer_id AND month < NEW.month)
BEGIN
  -- Months of theirs counted under the old cohort move to this one.
  INSERT INTO buyer_months(cohort, month, buyers, repeat_buyers)
  SELECT (SELECT min(month) FROM customer_months WHERE customer_id = NEW.customer_id AND month > NEW.month),
         month, -1, -(orders >= 2)
  FROM customer_months WHERE customer_id = NEW.customer_id AND month > NEW.month
  ON CONFLICT(cohort, month) DO UPDATE SET buyers = buyers + excluded.buyers, repeat_buyers = repeat_buyers + excluded.repeat_buyers;
  INSERT INTO buyer_months(cohort, month, buyers, repeat_buyers)
  SELECT NEW.month, month, 1, orders >= 2
  FROM customer_months WHERE customer_id = NEW.customer_id
  ON CONFLICT(cohort, month) DO UPDATE SET buyers = buyers + excluded.buyers, repeat_buyers = repeat_buyers + excluded.repeat_buyers;
END;
CREATE TRIGGER rollup_buyer_i_later AFTER INSERT ON customer_months
WHEN EXISTS (SELECT 1 FROM customer_months WHERE customer_id = NEW.customer_id AND month < NEW.month)
BEGIN
  INSERT INTO buyer_months(cohort, month, buyers, repeat_buyers)
  VALUES ((SELECT min(month) FROM customer_months WHERE customer_id = NEW.customer_id), NEW.month, 1, NEW.orders >= 2)
  ON CONFLICT(cohort, month) DO UPDATE SET buyers = buyers + excluded.buyers, repeat_buyers = repeat_buyers + excluded.repeat_buyers;
END;
CREATE TRIGGER rollup_buyer_u AFTER UPDATE OF orders ON customer_months
WHEN NEW.orders > 0 AND (NEW.orders >= 2) <> (OLD.orders >= 2)
BEGIN
  UPDATE buyer_months SET repeat_buyers = repeat_buyers + (NEW.orders >= 2) - (OLD.orders >= 2)
  WHERE cohort = (SELECT min(month) FROM customer_months WHERE customer_id = NEW.customer_id) AND month = NEW.month;
END;
-- A month row goes when its last order does. Was it their earliest month,
-- the rest of their months move to the next earliest.
CREATE TRIGGER rollup_buyer_d_later AFTER DELETE ON customer_months
WHEN EXISTS (SELECT 1 FROM customer_months WHERE customer_id = OLD.customer_id AND month < OLD.month)
BEGIN
  UPDATE buyer_months SET buyers = buyers - 1, repeat_buyers = repeat_buyers - (OLD.orders >= 2)
  WHERE cohort = (SELECT min(month) FROM customer_months WHERE customer_id = OLD.customer_id) AND month = OLD.month;
END;
CREATE TRIGGER rollup_buyer_d_first AFTER DELETE ON customer_months
WHEN NOT EXISTS (SELECT 1 FROM customer_months WHERE customer_id = OLD.customer_id AND month < OLD.month)
BEGIN
  UPDATE buyer_months SET buyers = buyers - 1, repeat_buyers = repeat_buyers - (OLD.orders >= 2)
  WHERE cohort = OLD.month AND month = OLD.month;
  INSERT INTO buyer_months(cohort, month, buyers, repeat_buyers)
  SELECT OLD.month, month, -1, -(orders >= 2)
  FROM customer_months WHERE customer_id = OLD.customer_id
  ON CONFLICT(cohort, month) DO UPDATE SET buyers = buyers + excluded.buyers, repeat_buyers = repeat_buyers + excluded.repeat_buyers;
  INSERT INTO buyer_months(cohort, month, buyers, repeat_buyers)
  SELECT (SELECT min(month) FROM customer_months WHERE customer_id = OLD.customer_id), month, 1, orders >= 2
  FROM customer_months WHERE customer_id = OLD.customer_id
  ON CONFLICT(cohort, month) DO UPDATE SET buyers = buyers + excluded.buyers, repeat_buyers = repeat_buyers + excluded.repeat_buyers;
END;

-- campaign_sales ---------------------------------------------------------------
-- Each campaign's money, for its P&L: goods at line prices, GMV, received,
-- refunded, what its coupons took, net commission and the processors' fees
-- on its payments. An order's share is recomputed whole when the order
-- changes; its lines, coupons, commission lines and payment matches add
-- theirs as they come.
CREATE TABLE campaign_sales (
  campaign_id    TEXT PRIMARY KEY,
  orders         INTEGER NOT NULL DEFAULT 0,
  gross_fen      INTEGER NOT NULL DEFAULT 0,
  gmv_fen        INTEGER NOT NULL DEFAULT 0,
  paid_fen       INTEGER NOT NULL DEFAULT 0,
  refunded_fen   INTEGER NOT NULL DEFAULT 0,
  coupons_fen    INTEGER NOT NULL DEFAULT 0,
  commission_fen INTEGER NOT NULL DEFAULT 0,
  fee_fen        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- What an order's lines (goods at line prices), coupons, commission lines
-- and accepted payment matches (the processor's fee, shared by amount when
-- one payment pays several orders, half-up) add to its campaign's money.
CREATE VIEW order_extras AS
SELECT o.id AS order_id,
  (SELECT COALESCE(sum(qty * unit_price_fen), 0) FROM order_lines WHERE order_id = o.id) AS gross_fen,
  (SELECT COALESCE(sum(discount_fen), 0) FROM order_coupons WHERE order_id = o.id) AS coupons_fen,
  (SELECT COALESCE(sum(amount_fen), 0) FROM commissions WHERE order_id = o.id) AS commission_fen,
  (SELECT COALESCE(sum((2 * abs(p.fee_fen) * m.amount_fen + p.amount_fen) / (2 * p.amount_fen)), 0)
   FROM payment_matches m JOIN payments p ON p.id = m.payment_id
   WHERE m.order_id = o.id AND m.status IN ('auto', 'confirmed') AND p.amount_fen > 0) AS fee_fen
FROM orders o;

CREATE TRIGGER rollup_campaign_i AFTER INSERT ON orders
WHEN NEW.campaign_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO campaign_sales(campaign_id, orders, gmv_fen, paid_fen, refunded_fen)
  VALUES (NEW.campaign_id, 1, NEW.total_fen, NEW.paid_fen, NEW.refunded_fen)
  ON CONFLICT(campaign_id) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen,
    paid_fen = paid_fen + excluded.paid_fen, refunded_fen = refunded_fen + excluded.refunded_fen;
END;
CREATE TRIGGER rollup_campaign_u_old AFTER UPDATE OF status, campaign_id, total_fen, paid_fen, refunded_fen ON orders
WHEN OLD.campaign_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE campaign_sales AS c SET orders = c.orders - 1, gross_fen = c.gross_fen - x.gross_fen,
    gmv_fen = c.gmv_fen - OLD.total_fen, paid_fen = c.paid_fen - OLD.paid_fen, refunded_fen = c.refunded_fen - OLD.refunded_fen,
    coupons_fen = c.coupons_fen - x.coupons_fen, commission_fen = c.commission_fen - x.commission_fen,
    fee_fen = c.fee_fen - x.fee_fen
  FROM order_extras x WHERE x.order_id = OLD.id AND c.campaign_id = OLD.campaign_id;
END;
CREATE TRIGGER rollup_campaign_u_new AFTER UPDATE OF status, campaign_id, total_fen, paid_fen, refunded_fen ON orders
WHEN NEW.campaign_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO campaign_sales(campaign_id, orders, gross_fen, gmv_fen, paid_fen, refunded_fen, coupons_fen, commission_fen, fee_fen)
  SELECT NEW.campaign_id, 1, x.gross_fen, NEW.total_fen, NEW.paid_fen, NEW.refunded_fen, x.coupons_fen, x.commission_fen, x.fee_fen
  FROM order_extras x WHERE x.order_id = NEW.id
  ON CONFLICT(campaign_id) DO UPDATE SET orders = orders + 1, gross_fen = gross_fen + excluded.gross_fen,
    gmv_fen = gmv_fen + excluded.gmv_fen, paid_fen = paid_fen + excluded.paid_fen,
    refunded_fen = refunded_fen + excluded.refunded_fen, coupons_fen = coupons_fen + excluded.coupons_fen,
    commission_fen = commission_fen + excluded.commission_fen, fee_fen = fee_fen + excluded.fee_fen;
END;
-- What comes after the order: each adds its part while the order counts.
CREATE TRIGGER rollup_campaign_line AFTER INSERT ON order_lines
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE campaign_sales SET gross_fen = gross_fen + NEW.qty * NEW.unit_price_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = NEW.order_id);
END;
CREATE TRIGGER rollup_campaign_coupon_i AFTER INSERT ON order_coupons
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE campaign_sales SET coupons_fen = coupons_fen + NEW.discount_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = NEW.order_id);
END;
CREATE TRIGGER rollup_campaign_coupon_d AFTER DELETE ON order_coupons
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = OLD.order_id)
BEGIN
  UPDATE campaign_sales SET coupons_fen = coupons_fen - OLD.discount_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = OLD.order_id);
END;
CREATE TRIGGER rollup_campaign_commission AFTER INSERT ON commissions
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE campaign_sales SET commission_fen = commission_fen + NEW.amount_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = NEW.order_id);
END;
CREATE TRIGGER rollup_campaign_match_i AFTER INSERT ON payment_matches
WHEN NEW.status IN ('auto', 'confirmed')
  AND (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE campaign_sales SET fee_fen = fee_fen + (
    SELECT (2 * abs(fee_fen) * NEW.amount_fen + amount_fen) / (2 * amount_fen) FROM payments WHERE id = NEW.payment_id AND amount_fen > 0)
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = NEW.order_id)
    AND EXISTS (SELECT 1 FROM payments WHERE id = NEW.payment_id AND amount_fen > 0);
END;
CREATE TRIGGER rollup_campaign_match_u AFTER UPDATE OF status, amount_fen ON payment_matches
WHEN (OLD.status IN ('auto', 'confirmed') OR NEW.status IN ('auto', 'confirmed'))
  AND (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE campaign_sales SET fee_fen = fee_fen
    - (OLD.status IN ('auto', 'confirmed')) * (SELECT (2 * abs(fee_fen) * OLD.amount_fen + amount_fen) / (2 * amount_fen) FROM payments WHERE id = OLD.payment_id)
    + (NEW.status IN ('auto', 'confirmed')) * (SELECT (2 * abs(fee_fen) * NEW.amount_fen + amount_fen) / (2 * amount_fen) FROM payments WHERE id = NEW.payment_id)
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = NEW.order_id)
    AND EXISTS (SELECT 1 FROM payments WHERE id = NEW.payment_id AND amount_fen > 0);
END;
CREATE TRIGGER rollup_campaign_match_d AFTER DELETE ON payment_matches
WHEN OLD.status IN ('auto', 'confirmed')
  AND (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = OLD.order_id)
BEGIN
  UPDATE campaign_sales SET fee_fen = fee_fen - (
    SELECT (2 * abs(fee_fen) * OLD.amount_fen + amount_fen) / (2 * amount_fen) FROM payments WHERE id = OLD.payment_id AND amount_fen > 0)
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = OLD.order_id)
    AND EXISTS (SELECT 1 FROM payments WHERE id = OLD.payment_id AND amount_fen > 0);
END;

-- people_daily -----------------------------------------------------------------
-- What each group leader and each distributor brought per business day: the
-- rankings read a month of it instead of the orders.
CREATE TABLE people_daily (
  day          TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('leader', 'referrer')),
  person_id    TEXT NOT NULL,
  orders       INTEGER NOT NULL DEFAULT 0,
  gmv_fen      INTEGER NOT NULL DEFAULT 0,
  paid_fen     INTEGER NOT NULL DEFAULT 0,
  refunded_fen INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, role, person_id)
) WITHOUT ROWID;
CREATE TRIGGER rollup_leader_i AFTER INSERT ON orders
WHEN NEW.leader_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO people_daily(day, role, person_id, orders, gmv_fen, paid_fen, refunded_fen)
  VALUES (NEW.business_day, 'leader', NEW.leader_id, 1, NEW.total_fen, NEW.paid_fen, NEW.refunded_fen)
  ON CONFLICT(day, role, person_id) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen,
    paid_fen = paid_fen + excluded.paid_fen, refunded_fen = refunded_fen + excluded.refunded_fen;
END;
CREATE TRIGGER rollup_leader_u_old AFTER UPDATE OF status, business_day, leader_id, total_fen, paid_fen, refunded_fen ON orders
WHEN OLD.leader_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE people_daily SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen,
    paid_fen = paid_fen - OLD.paid_fen, refunded_fen = refunded_fen - OLD.refunded_fen
  WHERE day = OLD.business_day AND role = 'leader' AND person_id = OLD.leader_id;
END;
CREATE TRIGGER rollup_leader_u_new AFTER UPDATE OF status, business_day, leader_id, total_fen, paid_fen, refunded_fen ON orders
WHEN NEW.leader_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO people_daily(day, role, person_id, orders, gmv_fen, paid_fen, refunded_fen)
  VALUES (NEW.business_day, 'leader', NEW.leader_id, 1, NEW.total_fen, NEW.paid_fen, NEW.refunded_fen)
  ON CONFLICT(day, role, person_id) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen,
    paid_fen = paid_fen + excluded.paid_fen, refunded_fen = refunded_fen + excluded.refunded_fen;
END;
CREATE TRIGGER rollup_leader_d AFTER DELETE ON orders
WHEN OLD.leader_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE people_daily SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen,
    paid_fen = paid_fen - OLD.paid_fen, refunded_fen = refunded_fen - OLD.refunded_fen
  WHERE day = OLD.business_day AND role = 'leader' AND person_id = OLD.leader_id;
END;
CREATE TRIGGER rollup_referrer_i AFTER INSERT ON orders
WHEN NEW.referrer_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO people_daily(day, role, person_id, orders, gmv_fen, paid_fen, refunded_fen)
  VALUES (NEW.business_day, 'referrer', NEW.referrer_id, 1, NEW.total_fen, NEW.paid_fen, NEW.refunded_fen)
  ON CONFLICT(day, role, person_id) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen,
    paid_fen = paid_fen + excluded.paid_fen, refunded_fen = refunded_fen + excluded.refunded_fen;
END;
CREATE TRIGGER rollup_referrer_u_old AFTER UPDATE OF status, business_day, referrer_id, total_fen, paid_fen, refunded_fen ON orders
WHEN OLD.referrer_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE people_daily SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen,
    paid_fen = paid_fen - OLD.paid_fen, refunded_fen = refunded_fen - OLD.refunded_fen
  WHERE day = OLD.business_day AND role = 'referrer' AND person_id = OLD.referrer_id;
END;
CREATE TRIGGER rollup_referrer_u_new AFTER UPDATE OF status, business_day, referrer_id, total_fen, paid_fen, refunded_fen ON orders
WHEN NEW.referrer_id IS NOT NULL AND NEW.status NOT IN ('draft', 'cancelled')
BEGIN
  INSERT INTO people_daily(day, role, person_id, orders, gmv_fen, paid_fen, refunded_fen)
  VALUES (NEW.business_day, 'referrer', NEW.referrer_id, 1, NEW.total_fen, NEW.paid_fen, NEW.refunded_fen)
  ON CONFLICT(day, role, person_id) DO UPDATE SET orders = orders + 1, gmv_fen = gmv_fen + excluded.gmv_fen,
    paid_fen = paid_fen + excluded.paid_fen, refunded_fen = refunded_fen + excluded.refunded_fen;
END;
CREATE TRIGGER rollup_referrer_d AFTER DELETE ON orders
WHEN OLD.referrer_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE people_daily SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen,
    paid_fen = paid_fen - OLD.paid_fen, refunded_fen = refunded_fen - OLD.refunded_fen
  WHERE day = OLD.business_day AND role = 'referrer' AND person_id = OLD.referrer_id;
END;

-- Deletions (the product never deletes an order, but a repair script might):
-- an order or a part of it leaves the rollups as it came in.
CREATE TRIGGER rollup_sales_d AFTER DELETE ON orders
WHEN OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE sales_daily SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen,
    paid_fen = paid_fen - OLD.paid_fen, unpaid = unpaid - (OLD.status = 'awaiting_payment')
  WHERE day = OLD.business_day AND channel = OLD.channel;
END;
CREATE TRIGGER rollup_customer_d AFTER DELETE ON orders
WHEN OLD.customer_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE customer_months SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen
  WHERE customer_id = OLD.customer_id AND month = substr(OLD.business_day, 1, 7);
  DELETE FROM customer_months
  WHERE customer_id = OLD.customer_id AND month = substr(OLD.business_day, 1, 7) AND orders = 0;
END;
-- Its lines, coupons, commission lines and matches go first (foreign
-- keys), each taking its own part back, so the order takes back its own.
CREATE TRIGGER rollup_campaign_d AFTER DELETE ON orders
WHEN OLD.campaign_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE campaign_sales SET orders = orders - 1, gmv_fen = gmv_fen - OLD.total_fen,
    paid_fen = paid_fen - OLD.paid_fen, refunded_fen = refunded_fen - OLD.refunded_fen
  WHERE campaign_id = OLD.campaign_id;
END;
CREATE TRIGGER rollup_product_d AFTER DELETE ON order_lines
WHEN (SELECT status FROM orders WHERE id = OLD.order_id) NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE product_daily SET qty = qty - OLD.qty, revenue_fen = revenue_fen - OLD.line_total_fen
  WHERE day = (SELECT business_day FROM orders WHERE id = OLD.order_id) AND variant_id = OLD.variant_id;
END;
CREATE TRIGGER rollup_campaign_line_d AFTER DELETE ON order_lines
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = OLD.order_id)
BEGIN
  UPDATE campaign_sales SET gross_fen = gross_fen - OLD.qty * OLD.unit_price_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = OLD.order_id);
END;
CREATE TRIGGER rollup_campaign_commission_d AFTER DELETE ON commissions
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = OLD.order_id)
BEGIN
  UPDATE campaign_sales SET commission_fen = commission_fen - OLD.amount_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = OLD.order_id);
END;

-- The rollups of what the shop already holds are filled by the store after
-- this file (`analytics::rollups::rebuild`), from the same queries `check` uses.
