-- What each campaign's goods cost: the cost of the lines of its orders
-- that took money (paid, handed over, completed), and how many of those
-- lines had no cost to go by. The campaign report read every line of the
-- campaign's orders for it (150 ms for a campaign of 54,000 orders); it
-- reads one row now. Kept by the lines and by the order's status and
-- campaign, as `campaign_sales` is.
CREATE TABLE campaign_costs (
  campaign_id    TEXT PRIMARY KEY,
  cost_fen       INTEGER NOT NULL DEFAULT 0,
  costless_lines INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- A line's cost: its quantity at the cost per `unit_qty`, half-up.
CREATE TRIGGER rollup_campaign_cost_line_i AFTER INSERT ON order_lines
WHEN (SELECT campaign_id IS NOT NULL AND status IN ('paid', 'fulfilled', 'completed') FROM orders WHERE id = NEW.order_id)
BEGIN
  INSERT INTO campaign_costs(campaign_id, cost_fen, costless_lines)
  SELECT campaign_id, (2 * NEW.qty * NEW.unit_cost_fen + NEW.unit_qty) / (2 * NEW.unit_qty), NEW.unit_cost_fen = 0
  FROM orders WHERE id = NEW.order_id
  ON CONFLICT(campaign_id) DO UPDATE SET cost_fen = cost_fen + excluded.cost_fen,
    costless_lines = costless_lines + excluded.costless_lines;
END;
CREATE TRIGGER rollup_campaign_cost_line_d AFTER DELETE ON order_lines
WHEN (SELECT campaign_id IS NOT NULL AND status IN ('paid', 'fulfilled', 'completed') FROM orders WHERE id = OLD.order_id)
BEGIN
  UPDATE campaign_costs SET cost_fen = cost_fen - (2 * OLD.qty * OLD.unit_cost_fen + OLD.unit_qty) / (2 * OLD.unit_qty),
    costless_lines = costless_lines - (OLD.unit_cost_fen = 0)
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = OLD.order_id);
END;
-- Lines are written once and replaced whole by 改单; a terminal's sync
-- can still rewrite one in place.
CREATE TRIGGER rollup_campaign_cost_line_u AFTER UPDATE OF order_id, qty, unit_cost_fen, unit_qty ON order_lines
BEGIN
  UPDATE campaign_costs SET cost_fen = cost_fen - (2 * OLD.qty * OLD.unit_cost_fen + OLD.unit_qty) / (2 * OLD.unit_qty),
    costless_lines = costless_lines - (OLD.unit_cost_fen = 0)
  WHERE campaign_id = (SELECT campaign_id FROM orders WHERE id = OLD.order_id AND status IN ('paid', 'fulfilled', 'completed'));
  INSERT INTO campaign_costs(campaign_id, cost_fen, costless_lines)
  SELECT campaign_id, (2 * NEW.qty * NEW.unit_cost_fen + NEW.unit_qty) / (2 * NEW.unit_qty), NEW.unit_cost_fen = 0
  FROM orders WHERE id = NEW.order_id AND campaign_id IS NOT NULL AND status IN ('paid', 'fulfilled', 'completed')
  ON CONFLICT(campaign_id) DO UPDATE SET cost_fen = cost_fen + excluded.cost_fen,
    costless_lines = costless_lines + excluded.costless_lines;
END;
-- An order that starts or stops counting (paid, cancelled, moved to
-- another campaign) takes its lines' cost with it. Its lines go before
-- the order itself is deleted (foreign keys), each taking its own back.
CREATE TRIGGER rollup_campaign_cost_u AFTER UPDATE OF status, campaign_id ON orders
WHEN OLD.status IS NOT NEW.status OR OLD.campaign_id IS NOT NEW.campaign_id
BEGIN
  UPDATE campaign_costs SET
    cost_fen = cost_fen - (SELECT COALESCE(sum((2 * qty * unit_cost_fen + unit_qty) / (2 * unit_qty)), 0) FROM order_lines WHERE order_id = OLD.id),
    costless_lines = costless_lines - (SELECT COALESCE(sum(unit_cost_fen = 0), 0) FROM order_lines WHERE order_id = OLD.id)
  WHERE campaign_id = OLD.campaign_id AND OLD.status IN ('paid', 'fulfilled', 'completed');
  INSERT INTO campaign_costs(campaign_id, cost_fen, costless_lines)
  SELECT NEW.campaign_id, sum((2 * qty * unit_cost_fen + unit_qty) / (2 * unit_qty)), sum(unit_cost_fen = 0)
  FROM order_lines WHERE order_id = NEW.id AND NEW.campaign_id IS NOT NULL AND NEW.status IN ('paid', 'fulfilled', 'completed')
  GROUP BY order_id
  ON CONFLICT(campaign_id) DO UPDATE SET cost_fen = cost_fen + excluded.cost_fen,
    costless_lines = costless_lines + excluded.costless_lines;
END;

INSERT INTO campaign_costs(campaign_id, cost_fen, costless_lines)
SELECT o.campaign_id, sum((2 * l.qty * l.unit_cost_fen + l.unit_qty) / (2 * l.unit_qty)), sum(l.unit_cost_fen = 0)
FROM orders o JOIN order_lines l ON l.order_id = o.id
WHERE o.campaign_id IS NOT NULL AND o.status IN ('paid', 'fulfilled', 'completed')
GROUP BY o.campaign_id;
