//! After-sales (售后): tickets against orders, a queue in the trade's
//! priority (quality problems, then wrong or missing items, then delivery
//! questions, then the rest; oldest first), and resolutions that are their
//! own records: a refund line, goods back on the shelf, a replacement order.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checkout::{self, money};
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::orders::status::Refund;
use crate::orders::{self, NewLine, NewOrder};
use crate::shop_time::{self, ShopClock};
use crate::stock::{self, Movement, Reason};
use crate::store::Writer;

pub const KINDS: &[&str] = &["quality", "wrong_item", "delivery", "other"];
/// The trade's service targets: first reply within 5 minutes, and at
/// least 80% of tickets answered.
pub const TARGET_REPLY_MINUTES: i64 = 5;
pub const TARGET_REPLY_RATE_PCT: i64 = 80;

const PRIORITY: &str =
    "CASE a.kind WHEN 'quality' THEN 0 WHEN 'wrong_item' THEN 1 WHEN 'delivery' THEN 2 ELSE 3 END";

#[derive(Debug, Clone, Serialize, TS)]
pub struct Ticket {
    pub id: String,
    pub order_no: String,
    pub customer: String,
    #[ts(type = "TicketKind")]
    pub kind: String,
    pub status: String,
    pub description: String,
    pub resolution: Option<String>,
    pub opened_at: String,
    /// Minutes waited for the first reply (so far, while unanswered).
    #[ts(type = "number")]
    pub waited_minutes: i64,
    pub replied: bool,
    pub order_total: Money,
    pub order_paid: Money,
    pub order_refunded: Money,
}

/// Opens a ticket on an order; returns its id.
pub fn open(w: &Writer, order_no: &str, kind: &str, description: &str) -> Result<String> {
    if !KINDS.contains(&kind) {
        return Err(CoreError::invalid(
            "kind",
            format!("{kind:?} is not one of {}", KINDS.join(", ")),
        ));
    }
    let order_id = orders::id_of(w.tx, order_no)?;
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO after_sales(id, order_id, kind, status, description, opened_at) VALUES (?1, ?2, ?3, 'open', ?4, ?5)",
        params![id, order_id, kind, description.trim(), shop_time::now()],
    )?;
    w.log(
        "after_sale",
        &id,
        "open",
        &format!("{order_no} {kind} {}", description.trim()),
    )?;
    Ok(id)
}

/// Records the first reply (the clock the trade measures stops here).
pub fn reply(w: &Writer, id: &str) -> Result<()> {
    let n = w.tx.execute(
        "UPDATE after_sales SET first_reply_at = COALESCE(first_reply_at, ?2),
                status = CASE WHEN status = 'open' THEN 'replied' ELSE status END WHERE id = ?1",
        params![id, shop_time::now()],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound {
            entity: "after-sales ticket",
            key: id.to_string(),
        });
    }
    w.log("after_sale", id, "reply", "")
}

/// How a ticket is settled; any of the three, or none (explained away).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct Resolution {
    /// Money back, as a refund line of its own.
    pub refund: Option<Money>,
    /// Goods that came back to the shelf.
    pub returned: Vec<NewLine>,
    /// Goods sent again, as a replacement order at no charge.
    pub resend: Vec<NewLine>,
    pub note: String,
}

/// What resolving did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Resolved {
    pub refund_id: Option<String>,
    pub resend_order_no: Option<String>,
}

pub fn resolve(w: &Writer, id: &str, r: &Resolution) -> Result<Resolved> {
    let (order_id, order_no, status): (String, String, String) = w
        .tx
        .query_row(
            "SELECT o.id, o.order_no, a.status FROM after_sales a JOIN orders o ON o.id = a.order_id WHERE a.id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: "after-sales ticket", key: id.to_string() })?;
    if status == "resolved" {
        return Err(CoreError::refused(
            Refusal::TicketResolved,
            &[],
            "this ticket is already resolved".into(),
        ));
    }
    let now = shop_time::now();
    let refund_id = match r.refund.filter(|m| m.fen() != 0) {
        Some(amount) => Some(refund(w, &order_id, amount, &r.note, now)?),
        None => None,
    };
    for line in &r.returned {
        return_to_shelf(w, &order_id, line, id, now)?;
    }
    let resend_order_no = if r.resend.is_empty() {
        None
    } else {
        Some(resend(w, &order_id, &order_no, &r.resend)?)
    };
    let resolution = if refund_id.is_some() {
        "refund"
    } else if resend_order_no.is_some() {
        "resend"
    } else if !r.returned.is_empty() {
        "return"
    } else {
        "none"
    };
    let resend_id: Option<String> = match &resend_order_no {
        Some(no) => Some(orders::id_of(w.tx, no)?),
        None => None,
    };
    w.tx.execute(
        "UPDATE after_sales SET status = 'resolved', resolution = ?2, resolved_at = ?3, first_reply_at = COALESCE(first_reply_at, ?3),
                refund_id = ?4, resend_order_id = ?5, returned = ?6 WHERE id = ?1",
        params![id, resolution, now, refund_id, resend_id, !r.returned.is_empty()],
    )?;
    w.log(
        "after_sale",
        id,
        "resolve",
        &format!("{order_no} {resolution} {}", r.note.trim()),
    )?;
    Ok(Resolved {
        refund_id,
        resend_order_no,
    })
}

/// A refund owed to the customer, up to what they paid and was not yet
/// refunded; it settles when the money is seen leaving in a statement.
fn refund(w: &Writer, order_id: &str, amount: Money, note: &str, now: i64) -> Result<String> {
    let (paid, refunded): (i64, i64) = w.tx.query_row(
        "SELECT paid_fen, refunded_fen FROM orders WHERE id = ?1",
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if amount.fen() < 0 || amount.fen() > paid - refunded {
        return Err(CoreError::refused(
            Refusal::RefundOverReceived,
            &[
                ("amount", amount.to_string()),
                ("received", Money::from_fen(paid - refunded).to_string()),
            ],
            format!(
                "{amount} is more than the {} received and not yet refunded",
                Money::from_fen(paid - refunded)
            ),
        ));
    }
    let reason = if note.trim().is_empty() {
        "售后退款"
    } else {
        note.trim()
    };
    money::refund(
        w.tx,
        order_id,
        &Refund {
            amount_fen: amount.fen(),
            reason,
            status: "owed",
            payment_id: None,
            at: now,
        },
    )
}

/// Goods back on the shelf: no more than the order shipped of that SKU.
fn return_to_shelf(
    w: &Writer,
    order_id: &str,
    line: &NewLine,
    ticket: &str,
    now: i64,
) -> Result<()> {
    let (variant_id, sold): (String, i64) = w
        .tx
        .query_row(
            "SELECT v.id, COALESCE(-(SELECT sum(m.qty) FROM stock_movements m WHERE m.ref_id = ?1 AND m.variant_id = v.id AND m.reason IN ('sale','return')), 0)
             FROM variants v WHERE v.sku = ?2",
            params![order_id, line.sku],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: "sku", key: line.sku.clone() })?;
    let taken_back: i64 = w.tx.query_row(
        "SELECT COALESCE(sum(qty), 0) FROM stock_movements WHERE ref_type = 'after_sale' AND variant_id = ?1
           AND ref_id IN (SELECT id FROM after_sales WHERE order_id = ?2)",
        params![variant_id, order_id],
        |r| r.get(0),
    )?;
    let qty = crate::catalog::sold_by::of_sku(w.tx, &line.sku)?.line_qty(
        &line.sku,
        i64::from(line.qty),
        line.weight.as_deref(),
    )?;
    if qty + taken_back > sold {
        return Err(CoreError::refused(
            Refusal::ReturnOverShipped,
            &[
                ("sku", line.sku.clone()),
                ("sold", sold.to_string()),
                ("back", taken_back.to_string()),
            ],
            format!(
                "{}: the order shipped {sold}, {taken_back} already back",
                line.sku
            ),
        ));
    }
    let location = stock::main_location(w.tx)?;
    let m = Movement {
        variant_id: &variant_id,
        location_id: &location,
        qty,
        reason: Reason::Return,
        ref_type: Some("after_sale"),
        ref_id: Some(ticket),
        note: "售后退货",
        at: now,
        batch_id: None,
    };
    stock::record(w.tx, &m, &ids::new_id())
}

/// A replacement order for the same customer at no charge, held for
/// fulfilment like any other (it is already "paid": nothing is owed).
fn resend(w: &Writer, order_id: &str, order_no: &str, lines: &[NewLine]) -> Result<String> {
    let (customer_id, channel, pickup): (Option<String>, String, Option<String>) = w.tx.query_row(
        "SELECT customer_id, channel, pickup_point_id FROM orders WHERE id = ?1",
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let reason = format!("补发 {order_no}");
    let order = NewOrder {
        customer_id,
        channel,
        pickup_point_id: pickup,
        lines: lines
            .iter()
            .map(|l| NewLine {
                sku: l.sku.clone(),
                qty: l.qty,
                weight: l.weight.clone(),
                unit_price: Some(Money::ZERO),
                override_reason: Some(reason.clone()),
                bundle: None,
            })
            .collect(),
        remark: reason,
        allow_oversell: false,
        ..Default::default()
    };
    let no = checkout::create(w, &order)?;
    w.tx.execute(
        "UPDATE orders SET status = 'paid' WHERE order_no = ?1 AND total_fen = 0",
        [&no],
    )?;
    Ok(no)
}

/// Unresolved tickets, most urgent first: by kind, then the oldest.
pub fn queue(conn: &Connection, clock: &ShopClock) -> Result<Vec<Ticket>> {
    tickets(
        conn,
        clock,
        None,
        &format!("a.status <> 'resolved' ORDER BY {PRIORITY}, a.opened_at"),
    )
}

/// Resolved tickets, the latest resolved first, at most `limit`; `query`
/// finds them by order number, customer or description (empty: all).
pub fn resolved(
    conn: &Connection,
    clock: &ShopClock,
    query: &str,
    limit: u32,
) -> Result<Vec<Ticket>> {
    let pattern = crate::search_key::contains_pattern(query);
    let matching = if pattern.is_empty() {
        ""
    } else {
        " AND (o.order_no LIKE :p ESCAPE '\\' OR c.name LIKE :p ESCAPE '\\' OR a.description LIKE :p ESCAPE '\\')"
    };
    tickets(
        conn,
        clock,
        Some(pattern.as_str()).filter(|p| !p.is_empty()),
        &format!("a.status = 'resolved'{matching} ORDER BY a.resolved_at DESC LIMIT {limit}"),
    )
}

/// Every ticket of one order, newest first.
pub fn of_order(conn: &Connection, clock: &ShopClock, order_no: &str) -> Result<Vec<Ticket>> {
    tickets(
        conn,
        clock,
        Some(order_no),
        "o.order_no = :p ORDER BY a.opened_at DESC",
    )
}

/// Tickets matching `filter`, with `:p` bound to `param` when given.
fn tickets(
    conn: &Connection,
    clock: &ShopClock,
    param: Option<&str>,
    filter: &str,
) -> Result<Vec<Ticket>> {
    let sql = format!(
        "SELECT a.id, o.order_no, COALESCE(c.name, ''), a.kind, a.status, a.description, a.resolution, a.opened_at,
                COALESCE(a.first_reply_at, :now) - a.opened_at, a.first_reply_at IS NOT NULL, o.total_fen, o.paid_fen, o.refunded_fen
         FROM after_sales a JOIN orders o ON o.id = a.order_id LEFT JOIN customers c ON c.id = o.customer_id
         WHERE {filter}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let now = shop_time::now();
    let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":now", &now)];
    if let Some(p) = &param {
        bound.push((":p", p));
    }
    let rows = stmt.query_map(bound.as_slice(), |r| {
        Ok(Ticket {
            id: r.get(0)?,
            order_no: r.get(1)?,
            customer: r.get(2)?,
            kind: r.get(3)?,
            status: r.get(4)?,
            description: r.get(5)?,
            resolution: r.get(6)?,
            opened_at: clock.format(r.get(7)?),
            waited_minutes: r.get::<_, i64>(8)?.max(0) / 60,
            replied: r.get(9)?,
            order_total: Money::from_fen(r.get(10)?),
            order_paid: Money::from_fen(r.get(11)?),
            order_refunded: Money::from_fen(r.get(12)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How the shop answers, against the trade's targets, over the tickets
/// opened in the last `days` days.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Service {
    #[ts(type = "number")]
    pub tickets: i64,
    #[ts(type = "number")]
    pub replied: i64,
    /// Replied within the 5-minute target.
    #[ts(type = "number")]
    pub on_time: i64,
    /// Replied ÷ tickets, whole percent (target 80).
    #[ts(type = "number")]
    pub reply_rate_pct: i64,
    /// On time ÷ tickets, whole percent.
    #[ts(type = "number")]
    pub on_time_pct: i64,
    /// Median minutes to the first reply, of those replied.
    #[ts(type = "number | null")]
    pub median_first_reply_minutes: Option<i64>,
    #[ts(type = "number")]
    pub open: i64,
    #[ts(type = "number")]
    pub target_minutes: i64,
    #[ts(type = "number")]
    pub target_rate_pct: i64,
}

pub fn service(conn: &Connection, days: i64) -> Result<Service> {
    let now = shop_time::now();
    service_between(conn, now - days * 86_400, now + 1)
}

/// The same figures over the tickets opened in `[since, until)`.
pub fn service_between(conn: &Connection, since: i64, until: i64) -> Result<Service> {
    let (tickets, replied, on_time, open): (i64, i64, i64, i64) = conn.query_row(
        "SELECT count(*), count(first_reply_at), COALESCE(sum(first_reply_at - opened_at <= ?2 * 60), 0),
                (SELECT count(*) FROM after_sales WHERE status <> 'resolved')
         FROM after_sales WHERE opened_at >= ?1 AND opened_at < ?3",
        params![since, TARGET_REPLY_MINUTES, until],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let median: Option<i64> = conn
        .query_row(
            "SELECT (first_reply_at - opened_at) / 60 FROM after_sales WHERE opened_at >= ?1 AND opened_at < ?3
               AND first_reply_at IS NOT NULL
             ORDER BY first_reply_at - opened_at LIMIT 1 OFFSET ?2",
            params![since, replied / 2, until],
            |r| r.get(0),
        )
        .optional()?;
    let pct = |n: i64| {
        if tickets == 0 {
            0
        } else {
            (n * 100 + tickets / 2) / tickets
        }
    };
    Ok(Service {
        tickets,
        replied,
        on_time,
        reply_rate_pct: pct(replied),
        on_time_pct: pct(on_time),
        median_first_reply_minutes: median,
        open,
        target_minutes: TARGET_REPLY_MINUTES,
        target_rate_pct: TARGET_REPLY_RATE_PCT,
    })
}

#[cfg(test)]
mod tests;
