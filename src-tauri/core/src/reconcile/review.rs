//! What the Reconciliation screen shows a person: suggestions with their
//! evidence, unpaid orders grouped per customer for a reminder, overpaid
//! orders to refund, and the money of each day.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::run::CANDIDATE;
use crate::error::Result;
use crate::grouped;
use crate::money::Money;
use crate::shop_time::ShopClock;
use crate::Page;

/// A suggested match and the evidence for it, side by side.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Suggestion {
    pub rule: String,
    pub amount: Money,
    pub txn_id: String,
    pub source: String,
    pub paid_at: String,
    pub payer: String,
    pub note: String,
    pub payment_amount: Money,
    pub order_no: String,
    pub customer: String,
    pub placed_at: String,
    pub order_total: Money,
    pub items: String,
    /// Other orders suggested for the same payment: why a person decides.
    pub rivals: u32,
}

const ITEMS: &str = "(SELECT group_concat(pr.name || '×' || l.qty, '、') FROM order_lines l
                      JOIN variants v ON v.id = l.variant_id JOIN products pr ON pr.id = v.product_id
                      WHERE l.order_id = o.id)";

pub fn suggestions(
    conn: &Connection,
    clock: &ShopClock,
    offset: u32,
    limit: u32,
) -> Result<Page<Suggestion>> {
    let total: u32 = conn.query_row(
        "SELECT count(*) FROM payment_matches WHERE status = 'suggested'",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT m.rule, m.amount_fen, p.txn_id, p.source, p.occurred_at, p.counterparty, p.remark, p.amount_fen,
                o.order_no, COALESCE(NULLIF(c.wechat_nick, ''), c.name, ''), o.placed_at, o.total_fen, COALESCE({ITEMS}, ''),
                (SELECT count(*) - 1 FROM payment_matches r WHERE r.payment_id = m.payment_id AND r.status = 'suggested')
         FROM payment_matches m JOIN payments p ON p.id = m.payment_id JOIN orders o ON o.id = m.order_id
         LEFT JOIN customers c ON c.id = o.customer_id
         WHERE m.status = 'suggested'
         ORDER BY p.occurred_at, p.id, o.placed_at LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = stmt
        .query_map(params![limit, offset], |r| {
            Ok(Suggestion {
                rule: r.get(0)?,
                amount: Money::from_fen(r.get(1)?),
                txn_id: r.get(2)?,
                source: r.get(3)?,
                paid_at: clock.format(r.get(4)?),
                payer: r.get(5)?,
                note: r.get(6)?,
                payment_amount: Money::from_fen(r.get(7)?),
                order_no: r.get(8)?,
                customer: r.get(9)?,
                placed_at: clock.format(r.get(10)?),
                order_total: Money::from_fen(r.get(11)?),
                items: r.get(12)?,
                rivals: r.get(13)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::counted(total, rows))
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct UnpaidOrder {
    pub order_no: String,
    pub placed_at: String,
    pub due: Money,
    pub items: String,
}

/// One customer's unpaid orders: the screen turns this into a reminder
/// ready to paste into WeChat, in the merchant's language.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Reminder {
    pub customer: String,
    pub phone: String,
    pub due: Money,
    pub orders: Vec<UnpaidOrder>,
}

/// Customers with orders awaiting payment, most money first.
pub fn reminders(conn: &Connection, clock: &ShopClock, limit: u32) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare(&format!(
        "WITH unpaid AS (SELECT o.* FROM orders o WHERE o.status = 'awaiting_payment' AND o.paid_fen < o.total_fen),
              top AS (SELECT customer_id, sum(total_fen - paid_fen) AS due FROM unpaid WHERE customer_id IS NOT NULL
                      GROUP BY customer_id ORDER BY due DESC LIMIT ?1)
         SELECT c.id, COALESCE(NULLIF(c.wechat_nick, ''), c.name), c.phone, top.due,
                o.order_no, o.placed_at, o.total_fen - o.paid_fen, COALESCE({ITEMS}, '')
         FROM top JOIN customers c ON c.id = top.customer_id JOIN unpaid o ON o.customer_id = top.customer_id
         ORDER BY top.due DESC, c.id, o.placed_at"
    ))?;
    let mut out: Vec<Reminder> = Vec::new();
    let mut last_id = String::new();
    let mut rows = stmt.query([limit])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let reminder = grouped::entry(
            &mut out,
            |_| id == last_id,
            || {
                Ok(Reminder {
                    customer: r.get(1)?,
                    phone: r.get(2)?,
                    due: Money::from_fen(r.get(3)?),
                    orders: Vec::new(),
                })
            },
        )?;
        last_id = id;
        reminder.orders.push(UnpaidOrder {
            order_no: r.get(4)?,
            placed_at: clock.format(r.get(5)?),
            due: Money::from_fen(r.get(6)?),
            items: r.get(7)?,
        });
    }
    Ok(out)
}

/// An order paid more than its total: money to give back.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OverpaidOrder {
    pub order_no: String,
    pub customer: String,
    pub total: Money,
    pub paid: Money,
    pub over: Money,
    /// Refunds already recorded (owed or paid) against the excess.
    pub refunded: Money,
    pub txn_ids: Vec<String>,
}

pub fn overpaid(conn: &Connection) -> Result<Vec<OverpaidOrder>> {
    let mut stmt = conn.prepare(
        "SELECT o.order_no, COALESCE(NULLIF(c.wechat_nick, ''), c.name, ''), o.total_fen, o.paid_fen, o.refunded_fen,
                (SELECT group_concat(p.txn_id, ' ') FROM payment_matches m JOIN payments p ON p.id = m.payment_id
                  WHERE m.order_id = o.id AND m.status IN ('auto','confirmed'))
         FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
         WHERE o.paid_fen > o.total_fen ORDER BY o.placed_at DESC LIMIT 500",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let (total, paid): (i64, i64) = (r.get(2)?, r.get(3)?);
            let txns: Option<String> = r.get(5)?;
            Ok(OverpaidOrder {
                order_no: r.get(0)?,
                customer: r.get(1)?,
                total: Money::from_fen(total),
                paid: Money::from_fen(paid),
                over: Money::from_fen(paid - total),
                refunded: Money::from_fen(r.get(4)?),
                txn_ids: txns
                    .map(|t| t.split(' ').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Money in and out on one business day, as the statements show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DayMoney {
    pub day: String,
    pub payments: u32,
    pub money_in: Money,
    pub money_out: Money,
    pub fees: Money,
    pub unmatched: u32,
}

/// The last `days` business days that had statement lines, newest first.
pub fn by_day(conn: &Connection, clock: &ShopClock, days: u32) -> Result<Vec<DayMoney>> {
    // Business days in SQL: shift by the zone's offset and the cut-off.
    let shift = clock.day_start(clock.today())
        - clock
            .today()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp();
    let mut stmt = conn.prepare(&format!(
        "SELECT date(p.occurred_at - ?1, 'unixepoch') AS day, count(*),
                COALESCE(sum(CASE WHEN p.direction = 'in' AND p.kind NOT IN ('withdrawal','top_up','wealth','fee') AND p.settled = 1 THEN p.amount_fen END), 0),
                COALESCE(sum(CASE WHEN p.direction = 'out' AND p.kind NOT IN ('withdrawal','top_up','wealth','fee') AND p.settled = 1 THEN p.amount_fen END), 0),
                COALESCE(sum(p.fee_fen), 0),
                sum(CASE WHEN {CANDIDATE} AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.payment_id = p.id AND m.status <> 'rejected') THEN 1 ELSE 0 END)
         FROM payments p
         WHERE p.occurred_at >= (SELECT max(occurred_at) FROM payments) - ?2 * 86400
         GROUP BY day ORDER BY day DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![shift, days], |r| {
            Ok(DayMoney {
                day: r.get(0)?,
                payments: r.get(1)?,
                money_in: Money::from_fen(r.get(2)?),
                money_out: Money::from_fen(r.get(3)?),
                fees: Money::from_fen(r.get(4)?),
                unmatched: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
