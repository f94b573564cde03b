//! Reconciliation (对账): statement lines (see `statements`) against orders.
//! `run` applies the matching rules, `decide` records a person's decisions,
//! `state` and the pages below are what the CLI and the screen read.

#[cfg(test)]
mod bulk_tests;
mod decide;
pub mod matching;
mod review;
mod run;
mod state;
#[cfg(test)]
mod tests;

pub use decide::{confirm, ignore, order_from_payment, refund_owed, reject};
pub use review::{
    by_day, overpaid, reminders, suggestions, DayMoney, OverpaidOrder, Reminder, Suggestion,
    UnpaidOrder,
};
pub use run::{import_and_run, run, Imported, RunReport};
pub use state::{state, Ignored, MatchEntry, Overpaid, PartlyPaid, ReconcileState, RefundEntry};

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;
use crate::Page;
use run::CANDIDATE;

#[derive(Debug, Clone, Serialize, TS)]
pub struct BatchRow {
    pub batch_no: String,
    pub format: String,
    pub file_name: String,
    pub rows: i32,
    pub imported_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReconcileSummary {
    pub batches: Vec<BatchRow>,
    pub payments: i32,
    pub matched: i32,
    pub suggested: i32,
    pub unmatched: i32,
    pub unpaid_orders: i32,
    pub money_in: Money,
    pub money_out: Money,
    pub fees: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PaymentRow {
    pub txn_id: String,
    pub source: String,
    pub occurred_at: String,
    pub direction: String,
    pub kind: String,
    pub amount: Money,
    pub fee: Money,
    pub counterparty: String,
    pub remark: String,
    /// The order it is matched to, with the match's status, if any.
    pub order_no: Option<String>,
    pub match_status: Option<String>,
}

pub fn summary(conn: &Connection, clock: &ShopClock) -> Result<ReconcileSummary> {
    let mut stmt = conn.prepare(
        "SELECT batch_no, format, file_name, rows, imported_at FROM statement_batches ORDER BY imported_at DESC LIMIT 50",
    )?;
    let batches = stmt
        .query_map([], |r| {
            Ok(BatchRow {
                batch_no: r.get(0)?,
                format: r.get(1)?,
                file_name: r.get(2)?,
                rows: r.get(3)?,
                imported_at: clock.format(r.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (payments, money_in, money_out, fees): (i32, i64, i64, i64) = conn.query_row(
        "SELECT count(*),
                COALESCE(sum(CASE WHEN direction = 'in' AND kind NOT IN ('withdrawal','top_up','wealth','fee') AND settled = 1 THEN amount_fen END), 0),
                COALESCE(sum(CASE WHEN direction = 'out' AND kind NOT IN ('withdrawal','top_up','wealth','fee') AND settled = 1 THEN amount_fen END), 0),
                COALESCE(sum(fee_fen), 0)
         FROM payments",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let count = |sql: &str| -> Result<i32> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(ReconcileSummary {
        batches,
        payments,
        matched: count("SELECT count(DISTINCT payment_id) FROM payment_matches WHERE status IN ('auto','confirmed')")?,
        suggested: count("SELECT count(DISTINCT payment_id) FROM payment_matches WHERE status = 'suggested'")?,
        unmatched: count(&format!(
            "SELECT count(*) FROM payments p WHERE {CANDIDATE}
             AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.payment_id = p.id AND m.status <> 'rejected')"
        ))?,
        unpaid_orders: count(
            "SELECT count(*) FROM orders o WHERE o.status = 'awaiting_payment'
             AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.order_id = o.id AND m.status IN ('auto','confirmed'))",
        )?,
        money_in: Money::from_fen(money_in),
        money_out: Money::from_fen(money_out),
        fees: Money::from_fen(fees),
    })
}

/// Payments newest first; `unmatched_only` keeps money in that could be a
/// sale and that no order claims (nor a person set aside).
pub fn payments(
    conn: &Connection,
    clock: &ShopClock,
    unmatched_only: bool,
    offset: u32,
    limit: u32,
) -> Result<Page<PaymentRow>> {
    let cond = if unmatched_only {
        format!("WHERE {CANDIDATE} AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.payment_id = p.id AND m.status <> 'rejected')")
    } else {
        String::new()
    };
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM payments p {cond}"),
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT p.txn_id, p.source, p.occurred_at, p.direction, p.kind, p.amount_fen, p.fee_fen,
                p.counterparty, p.remark, o.order_no, m.status
         FROM (SELECT * FROM payments p {cond} ORDER BY p.occurred_at DESC, p.txn_id LIMIT ?1 OFFSET ?2) p
         LEFT JOIN payment_matches m ON m.payment_id = p.id AND m.status <> 'rejected'
         LEFT JOIN orders o ON o.id = m.order_id
         ORDER BY p.occurred_at DESC, p.txn_id"
    ))?;
    let rows = stmt
        .query_map(params![limit, offset], |r| {
            Ok(PaymentRow {
                txn_id: r.get(0)?,
                source: r.get(1)?,
                occurred_at: clock.format(r.get(2)?),
                direction: r.get(3)?,
                kind: r.get(4)?,
                amount: Money::from_fen(r.get(5)?),
                fee: Money::from_fen(r.get(6)?),
                counterparty: r.get(7)?,
                remark: r.get(8)?,
                order_no: r.get(9)?,
                match_status: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::counted(total, rows))
}
