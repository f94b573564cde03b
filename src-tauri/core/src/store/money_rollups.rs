//! Money moving onto many orders at once (reconcile's pass over a whole
//! statement), with the rollups brought along set-wise: their triggers are
//! off for the bulk step, and each rollup then takes the step's difference
//! in one statement. A trigger per order was a third of the pass over a
//! million orders (#18); `check` still compares every rollup with its
//! facts.

use rusqlite::Connection;

use crate::error::Result;

/// Runs `f`, which may change only the money of the orders listed in
/// `orders` (a table with an `order_row` column, the orders' rowids): add
/// or take back paid money, move them between awaiting payment and paid,
/// and insert their matches, listed in `matches` (a table of
/// `payment_row, order_row, amount_fen, status`). Nothing else of an order
/// may change inside `f`: its day, channel, people, campaign, total and
/// refunds are read once, as the rollups have them.
pub fn moving<T>(
    conn: &Connection,
    orders: &str,
    matches: &str,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    conn.execute_batch(&BEFORE.replace("{orders}", orders))?;
    let out = super::rollups::without_triggers(conn, f)?;
    conn.execute_batch(AFTER)?;
    conn.execute_batch(&FEES.replace("{matches}", matches))?;
    conn.execute_batch(
        "DROP TABLE temp.money_before; DROP TABLE temp.outcomes_before; DROP TABLE temp.money_moved;",
    )?;
    Ok(out)
}

/// What the rollups hold of each order before the step: its status and
/// paid money, and its rows of `order_outcomes` (which count paid orders).
const BEFORE: &str = "
CREATE TEMP TABLE money_before (
  order_row INTEGER PRIMARY KEY, status TEXT NOT NULL, paid_fen INTEGER NOT NULL, has_people INTEGER NOT NULL);
INSERT INTO temp.money_before
SELECT rowid, status, paid_fen, leader_id IS NOT NULL OR referrer_id IS NOT NULL FROM orders
WHERE rowid IN (SELECT order_row FROM {orders}) AND status NOT IN ('draft', 'cancelled');
CREATE TEMP TABLE outcomes_before AS SELECT * FROM order_outcomes WHERE order_id IN (
  SELECT o.id FROM temp.money_before b JOIN orders o ON o.rowid = b.order_row WHERE b.has_people);";

/// Each order's difference, read once, then each rollup's share of it.
const AFTER: &str = "
CREATE TEMP TABLE money_moved AS
SELECT o.id, o.business_day AS day, o.channel, o.leader_id, o.referrer_id, o.campaign_id,
       o.paid_fen - b.paid_fen AS paid,
       (o.status = 'awaiting_payment') - (b.status = 'awaiting_payment') AS unpaid,
       (o.status IN ('paid', 'fulfilled', 'completed')) - (b.status IN ('paid', 'fulfilled', 'completed')) AS costed
FROM temp.money_before b JOIN orders o ON o.rowid = b.order_row
WHERE o.paid_fen <> b.paid_fen OR o.status <> b.status;

UPDATE sales_daily SET paid_fen = sales_daily.paid_fen + d.paid, unpaid = sales_daily.unpaid + d.unpaid
FROM (SELECT day, channel, sum(paid) AS paid, sum(unpaid) AS unpaid FROM temp.money_moved GROUP BY 1, 2) d
WHERE sales_daily.day = d.day AND sales_daily.channel = d.channel;

UPDATE people_daily SET paid_fen = people_daily.paid_fen + d.paid
FROM (SELECT day, 'leader' AS role, leader_id AS person_id, sum(paid) AS paid FROM temp.money_moved
      WHERE leader_id IS NOT NULL GROUP BY 1, 3
      UNION ALL
      SELECT day, 'referrer', referrer_id, sum(paid) FROM temp.money_moved
      WHERE referrer_id IS NOT NULL GROUP BY 1, 3) d
WHERE people_daily.day = d.day AND people_daily.role = d.role AND people_daily.person_id = d.person_id;

UPDATE campaign_sales SET paid_fen = campaign_sales.paid_fen + d.paid
FROM (SELECT campaign_id, sum(paid) AS paid FROM temp.money_moved WHERE campaign_id IS NOT NULL GROUP BY 1) d
WHERE campaign_sales.campaign_id = d.campaign_id;

INSERT INTO campaign_costs(campaign_id, cost_fen, costless_lines)
SELECT m.campaign_id, sum(m.costed * ((2 * l.qty * l.unit_cost_fen + l.unit_qty) / (2 * l.unit_qty))),
       sum(m.costed * (l.unit_cost_fen = 0))
FROM temp.money_moved m JOIN order_lines l ON l.order_id = m.id
WHERE m.costed <> 0 AND m.campaign_id IS NOT NULL GROUP BY m.campaign_id
ON CONFLICT(campaign_id) DO UPDATE SET cost_fen = cost_fen + excluded.cost_fen,
  costless_lines = costless_lines + excluded.costless_lines;

INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
SELECT day, role, person_id, sum(sign), sum(sign * troubled), sum(sign * (NOT troubled AND ifnull(stars, 9) <= 2)),
       sum(sign * (NOT troubled AND stars IS 3)), sum(sign * (NOT troubled AND ifnull(stars, 0) >= 4))
FROM (SELECT 1 AS sign, * FROM order_outcomes WHERE order_id IN (
        SELECT id FROM temp.money_moved WHERE leader_id IS NOT NULL OR referrer_id IS NOT NULL)
      UNION ALL
      SELECT -1, * FROM temp.outcomes_before)
WHERE true GROUP BY role, person_id, day
ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
  troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
  so_so = so_so + excluded.so_so, well = well + excluded.well;";

/// The fees of the matches inserted, kept by their orders' campaigns (each
/// match's share of its payment's fee, rounded as `order_extras` rounds it).
const FEES: &str = "
UPDATE campaign_sales SET fee_fen = campaign_sales.fee_fen + d.fee
FROM (SELECT o.campaign_id, sum((2 * abs(p.fee_fen) * s.amount_fen + p.amount_fen) / (2 * p.amount_fen)) AS fee
      FROM {matches} s JOIN payments p ON p.rowid = s.payment_row JOIN orders o ON o.rowid = s.order_row
      WHERE s.status IN ('auto', 'confirmed') AND p.amount_fen > 0
        AND o.campaign_id IS NOT NULL AND o.status NOT IN ('draft', 'cancelled')
      GROUP BY 1) d
WHERE campaign_sales.campaign_id = d.campaign_id;";

#[cfg(test)]
mod tests {
    use crate::error::CoreError;
    use crate::testing::peach_shop;

    fn rollup_triggers(conn: &rusqlite::Connection) -> i64 {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup%'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A step that fails leaves its transaction with the rollups' triggers
    /// back, whatever the caller does next.
    #[test]
    fn a_failed_step_puts_the_triggers_back() {
        let (_dir, mut store) = peach_shop();
        let all = rollup_triggers(store.conn());
        assert!(all > 40, "{all}");
        store
            .write(|w| {
                w.tx.execute_batch(
                    "CREATE TEMP TABLE none_paid (order_row INTEGER PRIMARY KEY);
                     CREATE TEMP TABLE no_matches (payment_row, order_row, amount_fen, status);",
                )?;
                let failed = super::moving(w.tx, "temp.none_paid", "temp.no_matches", || {
                    assert_eq!(rollup_triggers(w.tx), 0);
                    Err::<(), _>(CoreError::Cancelled)
                });
                assert!(matches!(failed, Err(CoreError::Cancelled)), "{failed:?}");
                assert_eq!(rollup_triggers(w.tx), all);
                Ok(())
            })
            .unwrap();
    }
}
