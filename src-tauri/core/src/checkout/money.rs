//! An order's money moving: payments accepted, refunds, each in the same
//! transaction as what follows the money kept on the order (commissions,
//! member points). Every change of paid or refunded money comes through
//! here, so none forgets what follows it.

use rusqlite::{params, Connection};

use crate::campaigns;
use crate::error::Result;
use crate::orders::status::{self, Refund};
use crate::progress::{checkpoint, Progress};
use crate::shop_time;
use crate::store::aside;

/// What follows the money kept on an order, brought up to date after its
/// paid or refunded money changed (a bulk write that changed it itself).
pub fn moved(conn: &Connection, order_id: &str, at: i64) -> Result<()> {
    campaigns::follow_money(conn, order_id, at)
}

/// Adds accepted money to an order (negative takes it back) and moves it
/// between awaiting payment and paid as the money says.
pub fn add_paid(conn: &Connection, order_id: &str, fen: i64) -> Result<()> {
    let at = shop_time::now();
    conn.prepare_cached(ADD_PAID)?
        .execute(params![order_id, fen, at])?;
    moved(conn, order_id, at)
}

/// How `amount` more fen accepted changes an order: its paid money, and
/// its status between awaiting payment and paid.
macro_rules! paid_set {
    ($amount:literal) => {
        concat!(
            "paid_fen = paid_fen + ",
            $amount,
            ", status = CASE
               WHEN status = 'awaiting_payment' AND paid_fen + ",
            $amount,
            " >= total_fen THEN 'paid'
               WHEN status = 'paid' AND paid_fen + ",
            $amount,
            " < total_fen THEN 'awaiting_payment'
               ELSE status END"
        )
    };
}

const ADD_PAID: &str = concat!(
    "UPDATE orders SET ",
    paid_set!("?2"),
    ", updated_at = ?3 WHERE id = ?1"
);

/// [`add_paid`] for many orders (reconcile's pass over a whole statement):
/// `paid` is a table of `order_row INTEGER PRIMARY KEY, amount` (the
/// order's rowid and the fen it takes). The caller then runs [`moved`] for
/// the orders whose money moves something else.
pub fn add_paid_many(
    conn: &Connection,
    paid: &str,
    at: i64,
    progress: &dyn Progress,
) -> Result<()> {
    add_paid_sliced(conn, paid, at, progress, 50_000)
}

// Rowids in, not UPDATE … FROM: that would first copy every order it
// changes. And a slice at a time: one statement over a million orders
// keeps the original of every page it touches (its statement journal) in
// memory, ~250 MB.
fn add_paid_sliced(
    conn: &Connection,
    paid: &str,
    at: i64,
    progress: &dyn Progress,
    slice: usize,
) -> Result<()> {
    let sql = format!(
        "UPDATE orders SET {}, updated_at = ?1
         WHERE rowid IN (SELECT order_row FROM {paid} WHERE order_row BETWEEN ?2 AND ?3)",
        paid_set!("(SELECT amount FROM {paid} WHERE order_row = orders.rowid)")
    )
    .replace("{paid}", paid);
    let rows: Vec<i64> = conn
        .prepare(&format!("SELECT order_row FROM {paid} ORDER BY order_row"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // The money moves orders between statuses: the indexes of both are
    // set aside while most of the shop's orders do (a year's bill).
    aside::indexes(
        conn,
        "orders",
        &["paid_fen", "status", "updated_at"],
        rows.len(),
        || {
            let mut update = conn.prepare(&sql)?;
            for (i, part) in rows.chunks(slice).enumerate() {
                checkpoint(progress)?;
                progress.report("orders paid", (i * slice) as u64, rows.len() as u64);
                update.execute(params![at, part[0], part[part.len() - 1]])?;
            }
            Ok(())
        },
    )
}

/// A refund line on an order ([`status::add_refund`]); its share of
/// commission and points is clawed back, as lines of their own.
pub fn refund(conn: &Connection, order_id: &str, refund: &Refund) -> Result<String> {
    let id = status::add_refund(conn, order_id, refund)?;
    moved(conn, order_id, refund.at)?;
    Ok(id)
}

/// A refund line whose status the caller sets itself (an import),
/// followed as [`refund`] is.
pub fn record_refund(conn: &Connection, order_id: &str, refund: &Refund) -> Result<String> {
    let id = status::record_refund(conn, order_id, refund)?;
    moved(conn, order_id, refund.at)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::add_paid_sliced;
    use crate::progress::Silent;
    use crate::testing::{peach_order, peach_shop};

    /// Orders of 1 to 5 peaches, paid in full, in part, over, or not at all,
    /// two orders a slice: every slice's edges are taken, nothing beyond.
    #[test]
    fn many_orders_take_their_money_slice_by_slice() {
        let (_dir, mut store) = peach_shop();
        let nos: Vec<String> = (1..=5)
            .map(|qty| {
                store
                    .write(|w| crate::checkout::create(w, &peach_order("王阿姨", qty)))
                    .unwrap()
            })
            .collect();
        // Fen for each order: ¥36.50 a peach; the fourth pays ¥10 too much
        // and the fifth nothing.
        let paid = [3650, 3650, 3 * 3650, 4 * 3650 + 1000];
        store
            .write(|w| {
                w.tx.execute_batch("CREATE TEMP TABLE paid (order_row INTEGER PRIMARY KEY, amount INTEGER NOT NULL)")?;
                for (no, fen) in nos.iter().zip(paid) {
                    w.tx.execute(
                        "INSERT INTO temp.paid SELECT rowid, ?2 FROM orders WHERE order_no = ?1",
                        rusqlite::params![no, fen],
                    )?;
                }
                add_paid_sliced(w.tx, "temp.paid", 7, &Silent, 2)
            })
            .unwrap();
        let got: Vec<(i64, String)> = nos
            .iter()
            .map(|no| {
                store
                    .conn()
                    .query_row(
                        "SELECT paid_fen, status FROM orders WHERE order_no = ?1",
                        [no],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .unwrap()
            })
            .collect();
        let want = [
            (3650, "paid"),
            (3650, "awaiting_payment"),
            (3 * 3650, "paid"),
            (4 * 3650 + 1000, "paid"),
            (0, "awaiting_payment"),
        ];
        let want: Vec<(i64, String)> = want.iter().map(|(f, s)| (*f, s.to_string())).collect();
        assert_eq!(got, want);
        // The rollups followed; the money came without matches here, which
        // is the one thing `check` may say.
        let report = crate::check::run(store.conn()).unwrap();
        let other: Vec<_> = report
            .problems
            .iter()
            .filter(|p| p.invariant != "paid_equals_accepted_matches")
            .collect();
        assert!(other.is_empty(), "{other:?}");
        assert_eq!(report.problems.len(), 4);
    }
}
