-- The shop file opens in the tools people have (SQLite 3.37 and later: the
-- sqlite3 shell of Debian 12, Python's sqlite3, DB Browser): no alias on the
-- table an UPDATE inside a trigger writes, which those versions refuse.

DROP TRIGGER rollup_campaign_u_old;
CREATE TRIGGER rollup_campaign_u_old AFTER UPDATE OF status, campaign_id, total_fen, paid_fen, refunded_fen ON orders
WHEN OLD.campaign_id IS NOT NULL AND OLD.status NOT IN ('draft', 'cancelled')
BEGIN
  UPDATE campaign_sales SET orders = campaign_sales.orders - 1, gross_fen = campaign_sales.gross_fen - x.gross_fen,
    gmv_fen = campaign_sales.gmv_fen - OLD.total_fen, paid_fen = campaign_sales.paid_fen - OLD.paid_fen,
    refunded_fen = campaign_sales.refunded_fen - OLD.refunded_fen,
    coupons_fen = campaign_sales.coupons_fen - x.coupons_fen, commission_fen = campaign_sales.commission_fen - x.commission_fen,
    fee_fen = campaign_sales.fee_fen - x.fee_fen
  FROM order_extras x WHERE x.order_id = OLD.id AND campaign_sales.campaign_id = OLD.campaign_id;
END;
