//! Where the money stands, in the shape `reconcile --json` prints
//! (CLI.md): matches, refunds, orders unpaid / partly paid / overpaid,
//! payments no order claims, lines that are not sales, and fees.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::run::CANDIDATE;
use crate::error::Result;
use crate::money::Money;

#[derive(Debug, Clone, Serialize, TS)]
pub struct MatchEntry {
    pub order_no: String,
    pub txn_ids: Vec<String>,
    pub amount: Money,
    /// `auto` counts the order as paid (a certain rule, or a person
    /// confirmed it); `suggested` waits for a person.
    pub status: String,
    pub rule: String,
    /// True when a person confirmed it rather than a rule.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub confirmed: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RefundEntry {
    pub order_no: String,
    pub txn_id: String,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PartlyPaid {
    pub order_no: String,
    pub paid: Money,
    pub due: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Overpaid {
    pub order_no: String,
    pub over: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Ignored {
    pub txn_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReconcileState {
    pub matches: Vec<MatchEntry>,
    pub refunds: Vec<RefundEntry>,
    pub unpaid_orders: Vec<String>,
    pub partially_paid_orders: Vec<PartlyPaid>,
    pub overpaid_orders: Vec<Overpaid>,
    pub unmatched_payments: Vec<String>,
    pub ignored: Vec<Ignored>,
    pub fees: Money,
}

/// Orders that count: not drafts, not cancelled, not fully refunded.
const LIVE: &str = "o.status NOT IN ('draft','cancelled','refunded')";

pub fn state(conn: &Connection) -> Result<ReconcileState> {
    Ok(ReconcileState {
        matches: matches(conn)?,
        refunds: rows(conn, "SELECT o.order_no, p.txn_id, r.amount_fen FROM refunds r JOIN orders o ON o.id = r.order_id JOIN payments p ON p.id = r.payment_id ORDER BY p.occurred_at", |r| {
            Ok(RefundEntry { order_no: r.get(0)?, txn_id: r.get(1)?, amount: Money::from_fen(r.get(2)?) })
        })?,
        unpaid_orders: rows(conn, "SELECT o.order_no FROM orders o WHERE o.status = 'awaiting_payment' AND o.paid_fen = 0 AND o.total_fen > 0 ORDER BY o.placed_at", |r| r.get(0))?,
        partially_paid_orders: rows(conn, &format!("SELECT o.order_no, o.paid_fen, o.total_fen FROM orders o WHERE {LIVE} AND o.paid_fen > 0 AND o.paid_fen < o.total_fen ORDER BY o.placed_at"), |r| {
            Ok(PartlyPaid { order_no: r.get(0)?, paid: Money::from_fen(r.get(1)?), due: Money::from_fen(r.get(2)?) })
        })?,
        overpaid_orders: rows(conn, "SELECT o.order_no, o.paid_fen - o.total_fen FROM orders o WHERE o.paid_fen > o.total_fen ORDER BY o.placed_at", |r| {
            Ok(Overpaid { order_no: r.get(0)?, over: Money::from_fen(r.get(1)?) })
        })?,
        unmatched_payments: rows(conn, &format!(
            "SELECT p.txn_id FROM payments p WHERE {CANDIDATE}
               AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.payment_id = p.id AND m.status <> 'rejected')
             ORDER BY p.occurred_at"), |r| r.get(0))?,
        ignored: rows(conn, &format!(
            "SELECT p.txn_id, COALESCE(p.ignore_reason,
                      CASE WHEN p.settled = 0 THEN 'not_settled'
                           WHEN p.kind IN ('withdrawal','top_up','wealth','fee') THEN p.kind
                           WHEN p.kind = 'refund' AND p.direction = 'in' THEN 'refund_to_shop'
                           WHEN p.direction = 'out' THEN 'money_out'
                           ELSE p.kind END)
             FROM payments p
             WHERE NOT ({CANDIDATE}) AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id)
             ORDER BY p.occurred_at"), |r| Ok(Ignored { txn_id: r.get(0)?, reason: r.get(1)? }))?,
        fees: Money::from_fen(conn.query_row("SELECT COALESCE(sum(fee_fen), 0) FROM payments", [], |r| r.get(0))?),
    })
}

fn matches(conn: &Connection) -> Result<Vec<MatchEntry>> {
    rows(
        conn,
        "SELECT o.order_no, group_concat(p.txn_id, char(31)), sum(m.amount_fen), m.status, m.rule
         FROM payment_matches m JOIN orders o ON o.id = m.order_id JOIN payments p ON p.id = m.payment_id
         WHERE m.status <> 'rejected'
         GROUP BY m.order_id, m.status, m.rule
         ORDER BY min(p.occurred_at), o.order_no",
        |r| {
            let status: String = r.get(3)?;
            let txns: String = r.get(1)?;
            Ok(MatchEntry {
                order_no: r.get(0)?,
                txn_ids: txns.split('\u{1f}').map(str::to_string).collect(),
                amount: Money::from_fen(r.get(2)?),
                confirmed: status == "confirmed",
                status: if status == "suggested" { "suggested" } else { "auto" }.to_string(),
                rule: r.get(4)?,
            })
        },
    )
}

fn rows<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let out = stmt.query_map([], f)?.collect::<rusqlite::Result<_>>()?;
    Ok(out)
}
