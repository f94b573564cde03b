//! An order's money moving: payments accepted, refunds, each in the same
//! transaction as what follows the money kept on the order (commissions,
//! member points). Every change of paid or refunded money comes through
//! here, so none forgets what follows it.

use rusqlite::{params, Connection};

use crate::campaigns;
use crate::error::Result;
use crate::orders::status::{self, Refund};
use crate::shop_time;

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

/// The write of [`add_paid`], which reconcile runs for many orders at
/// once (each then [`moved`]).
pub const ADD_PAID: &str = "UPDATE orders SET paid_fen = paid_fen + ?2,
        status = CASE
          WHEN status = 'awaiting_payment' AND paid_fen + ?2 >= total_fen THEN 'paid'
          WHEN status = 'paid' AND paid_fen + ?2 < total_fen THEN 'awaiting_payment'
          ELSE status END,
        updated_at = ?3
 WHERE id = ?1";

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
