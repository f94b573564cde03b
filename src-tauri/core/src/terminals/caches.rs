//! The figures a terminal keeps from the facts it holds (stock on hand and
//! held for open orders, what each batch has left, what an order has been
//! paid), recomputed when facts arrive from the server.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::store::locations::main_location;

/// Recomputes the stock levels and batches of `variants` (all of them when
/// None) from the ledger and the open orders, as `check` computes them.
pub(crate) fn restock(conn: &Connection, variants: Option<&[String]>) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS terminal_touched (variant_id TEXT PRIMARY KEY);
         DELETE FROM temp.terminal_touched;",
    )?;
    match variants {
        None => conn.execute_batch("INSERT INTO temp.terminal_touched SELECT id FROM variants")?,
        Some(list) => {
            let mut add =
                conn.prepare("INSERT OR IGNORE INTO temp.terminal_touched VALUES (?1)")?;
            for v in list {
                add.execute([v])?;
            }
        }
    }
    let main = main_location(conn)?;
    conn.execute_batch(
        "DELETE FROM stock_levels WHERE variant_id IN (SELECT variant_id FROM temp.terminal_touched);
         INSERT INTO stock_levels(variant_id, location_id, on_hand)
           SELECT variant_id, location_id, sum(qty) FROM stock_movements
           WHERE variant_id IN (SELECT variant_id FROM temp.terminal_touched) GROUP BY 1, 2;",
    )?;
    conn.execute(
        "INSERT INTO stock_levels(variant_id, location_id, on_hand, committed)
           SELECT l.variant_id, ?1, 0, sum(l.qty) FROM order_lines l JOIN orders o ON o.id = l.order_id
           WHERE o.status IN ('awaiting_payment', 'paid')
             AND l.variant_id IN (SELECT variant_id FROM temp.terminal_touched)
           GROUP BY 1
         ON CONFLICT(variant_id, location_id) DO UPDATE SET committed = excluded.committed",
        params![main],
    )?;
    // Only batches whose sum differs are written, so a pull that changes
    // nothing sends nothing back.
    conn.execute_batch(
        "UPDATE stock_batches SET qty_left = m.q
         FROM (SELECT b.id, COALESCE(sum(s.qty), 0) AS q FROM stock_batches b
               LEFT JOIN stock_movements s ON s.batch_id = b.id
               WHERE b.variant_id IN (SELECT variant_id FROM temp.terminal_touched) GROUP BY b.id) m
         WHERE stock_batches.id = m.id AND stock_batches.qty_left <> m.q;",
    )?;
    Ok(())
}

/// An order's paid amount is its accepted matches (as `check` holds it):
/// matches made on two terminals for one order add up once both are here.
/// Only orders whose sum differs are written.
pub(crate) fn repay(conn: &Connection, orders: &[String]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE orders SET paid_fen = m.t
         FROM (SELECT ?1 AS id, COALESCE((SELECT sum(amount_fen) FROM payment_matches
                                          WHERE order_id = ?1 AND status IN ('auto', 'confirmed')), 0) AS t) m
         WHERE orders.id = m.id AND orders.paid_fen <> m.t",
    )?;
    for id in orders {
        stmt.execute([id])?;
    }
    Ok(())
}

/// A member's points are their ledger's sum (as `check` holds it).
pub(crate) fn repoint(conn: &Connection, members: &[String]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE members SET points = m.t
         FROM (SELECT ?1 AS id, COALESCE((SELECT sum(delta) FROM points_ledger WHERE member_id = ?1), 0) AS t) m
         WHERE members.id = m.id AND members.points <> m.t",
    )?;
    for id in members {
        stmt.execute([id])?;
    }
    Ok(())
}
