-- Goods sold by weight (称重商品). A variant is priced per piece or per 斤,
-- 公斤 or 克; a weighed one keeps its stock ledger and its order lines in
-- whole grams. A line says how many of its `qty` its unit price is for
-- (`unit_qty`: 1 for pieces and 克, 500 for 斤, 1000 for 公斤), so its total
-- is price × weight rounded half-up once; the line check that says so is
-- rewritten in store::weighed_lines, as SQLite cannot alter a CHECK.
ALTER TABLE variants ADD COLUMN sold_by TEXT NOT NULL DEFAULT 'piece'
  CHECK (sold_by IN ('piece', 'jin', 'kg', 'g'));
ALTER TABLE order_lines ADD COLUMN unit_qty INTEGER NOT NULL DEFAULT 1
  CHECK (unit_qty IN (1, 500, 1000));

-- A line's goods before discounts are its total plus its discount, which
-- for piece lines is qty × price as before and for weighed ones the
-- rounded amount.
DROP VIEW order_extras;
CREATE VIEW order_extras AS
SELECT o.id AS order_id,
  (SELECT COALESCE(sum(line_total_fen + discount_fen), 0) FROM order_lines WHERE order_id = o.id) AS gross_fen,
  (SELECT COALESCE(sum(discount_fen), 0) FROM order_coupons WHERE order_id = o.id) AS coupons_fen,
  (SELECT COALESCE(sum(amount_fen), 0) FROM commissions WHERE order_id = o.id) AS commission_fen,
  (SELECT COALESCE(sum((2 * abs(p.fee_fen) * m.amount_fen + p.amount_fen) / (2 * p.amount_fen)), 0)
   FROM payment_matches m JOIN payments p ON p.id = m.payment_id
   WHERE m.order_id = o.id AND m.status IN ('auto', 'confirmed') AND p.amount_fen > 0) AS fee_fen
FROM orders o;

DROP TRIGGER rollup_campaign_line;
CREATE TRIGGER rollup_campaign_line AFTER INSERT ON order_lines
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE campaign_sales SET gross_fen = gross_fen + NEW.line_total_fen + NEW.discount_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = NEW.order_id);
END;
DROP TRIGGER rollup_campaign_line_d;
CREATE TRIGGER rollup_campaign_line_d AFTER DELETE ON order_lines
WHEN (SELECT campaign_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') FROM orders WHERE id = OLD.order_id)
BEGIN
  UPDATE campaign_sales SET gross_fen = gross_fen - OLD.line_total_fen - OLD.discount_fen
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = OLD.order_id);
END;

-- Ledger units in one priced unit, for figures that value a quantity at a
-- price or cost per unit: (2 × qty × fen + unit_qty) / (2 × unit_qty) is
-- the amount rounded half-up.
ALTER TABLE variants ADD COLUMN unit_qty INTEGER
  GENERATED ALWAYS AS (CASE sold_by WHEN 'jin' THEN 500 WHEN 'kg' THEN 1000 ELSE 1 END) VIRTUAL;
