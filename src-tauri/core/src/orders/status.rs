//! An order's life and what each step does to stock: awaiting payment and
//! paid hold it (committed), fulfilment takes it off the shelf (a sale in
//! the ledger), cancelling releases it. Goods come back only through an
//! explicit return (after-sales), never by changing a status.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::insert::Shortfall;
use crate::catalog::sold_by::SoldBy;
use crate::error::Result;
use crate::ids;
use crate::stock::{self, Movement, Reason};

/// Where an order's goods are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Not reserved (draft, cancelled, refunded before shipping).
    Nothing,
    /// Reserved on the shelf for the order (committed).
    Held,
    /// Left the shelf (a sale movement in the ledger).
    Shipped,
}

impl Effect {
    /// The effect of being in `status`; `shipped` says whether a refunded
    /// order had left the shelf before.
    pub fn of(status: &str, shipped: bool) -> Effect {
        match status {
            "awaiting_payment" | "paid" => Effect::Held,
            "fulfilled" | "completed" => Effect::Shipped,
            "refunded" if shipped => Effect::Shipped,
            _ => Effect::Nothing,
        }
    }
}

/// The steps a person can take from each status.
pub fn next_steps(status: &str) -> &'static [&'static str] {
    match status {
        "draft" => &["awaiting_payment", "cancelled"],
        "awaiting_payment" => &["paid", "fulfilled", "cancelled"],
        "paid" => &["fulfilled", "cancelled"],
        "fulfilled" => &["completed"],
        _ => &[],
    }
}

/// Moves stock from one effect to another for every line of the order.
pub fn move_stock(
    conn: &Connection,
    order_id: &str,
    from: Effect,
    to: Effect,
    location: &str,
    at: i64,
) -> Result<()> {
    if from == to {
        return Ok(());
    }
    let lines: Vec<(String, i64)> = conn
        .prepare_cached(
            "SELECT variant_id, qty FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?
        .query_map([order_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (variant_id, qty) in lines {
        if from == Effect::Held {
            stock::commit(conn, &variant_id, location, -qty)?;
        }
        if to == Effect::Held {
            stock::commit(conn, &variant_id, location, qty)?;
        }
        let shelf = match (from, to) {
            (_, Effect::Shipped) => Some((-qty, Reason::Sale)),
            (Effect::Shipped, _) => Some((qty, Reason::Return)),
            _ => None,
        };
        if let Some((delta, reason)) = shelf {
            let m = Movement {
                variant_id: &variant_id,
                location_id: location,
                qty: delta,
                reason,
                ref_type: Some("order"),
                ref_id: Some(order_id),
                note: "",
                at,
                batch_id: None,
            };
            stock::record(conn, &m, &ids::new_id())?;
        }
    }
    Ok(())
}

/// An order's status change as the order screen and the CLI make it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StatusChange {
    pub order_no: String,
    pub from: String,
    pub to: String,
}

/// Shipping needs the goods on the shelf: refuses a line whose variant has
/// fewer on hand than the order takes.
pub fn check_on_hand(conn: &Connection, order_id: &str) -> Result<()> {
    let short: Option<Shortfall> = conn
        .prepare_cached(
            "SELECT v.sku, COALESCE((SELECT sum(on_hand) FROM stock_levels s WHERE s.variant_id = v.id), 0) AS on_hand, sum(l.qty) AS wanted, v.sold_by
             FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = ?1
             GROUP BY v.id HAVING wanted > on_hand LIMIT 1",
        )?
        .query_row([order_id], |r| {
            Ok(Shortfall {
                sku: r.get(0)?,
                available: r.get(1)?,
                wanted: r.get(2)?,
                sold_by: SoldBy::from_code(&r.get::<_, String>(3)?),
            })
        })
        .optional()?;
    short.map_or(Ok(()), |s| Err(s.refusal()))
}

/// A refund line of its own (the order's amounts are never edited): adds
/// it to the order's refunded total, and an order left with nothing paid
/// becomes `refunded`, releasing goods it still held. The ledger's half:
/// `checkout::money::refund` also takes back what followed the money.
pub fn add_refund(conn: &Connection, order_id: &str, refund: &Refund) -> Result<String> {
    let before: String =
        conn.query_row("SELECT status FROM orders WHERE id = ?1", [order_id], |r| {
            r.get(0)
        })?;
    let id = record_refund(conn, order_id, refund)?;
    conn.prepare_cached(
        "UPDATE orders SET status = CASE WHEN paid_fen <= refunded_fen AND total_fen > 0 THEN 'refunded' ELSE status END
         WHERE id = ?1",
    )?
    .execute([order_id])?;
    let after: String =
        conn.query_row("SELECT status FROM orders WHERE id = ?1", [order_id], |r| {
            r.get(0)
        })?;
    if after == "refunded" && Effect::of(&before, false) == Effect::Held {
        move_stock(
            conn,
            order_id,
            Effect::Held,
            Effect::Nothing,
            &stock::main_location(conn)?,
            refund.at,
        )?;
    }
    Ok(id)
}

/// The refund line and the order's refunded total, status untouched (an
/// import says the status itself). The ledger's half, as `add_refund`.
pub fn record_refund(conn: &Connection, order_id: &str, refund: &Refund) -> Result<String> {
    let id = ids::new_id();
    // The business day it was recorded on, for the reports of that day.
    let day = crate::store::load_clock(conn)?
        .business_day(refund.at)
        .to_string();
    conn.prepare_cached(
        "INSERT INTO refunds(id, order_id, amount_fen, reason, status, payment_id, created_at, business_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![id, order_id, refund.amount_fen, refund.reason, refund.status, refund.payment_id, refund.at, day])?;
    conn.prepare_cached("UPDATE orders SET refunded_fen = refunded_fen + ?2 WHERE id = ?1")?
        .execute(params![order_id, refund.amount_fen])?;
    Ok(id)
}

pub struct Refund<'a> {
    pub amount_fen: i64,
    pub reason: &'a str,
    /// `owed` until the money is seen leaving in a statement, then `settled`.
    pub status: &'a str,
    pub payment_id: Option<&'a str>,
    pub at: i64,
}
