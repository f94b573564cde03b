//! The figures a terminal keeps from the facts it holds (stock on hand and
//! held for open orders, what each batch has left), recomputed when facts
//! arrive from the server: each terminal's own sums, never sent.

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
