//! Joining and closing a group buy (拼团). Joining makes an order at the
//! group price held for the group; the group fills the moment its last
//! spot is taken and its orders go to fulfilment; a group still short at
//! the deadline fails and every member's order is cancelled, each paying
//! member owed a refund that settles when it shows in an imported
//! statement.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::{entry, status};
use crate::campaigns::groupbuy::{deal, members};
use crate::customers;
use crate::error::{CoreError, Refusal, Result};
use crate::money::Money;
use crate::orders::{NewLine, NewOrder};
use crate::shop_time;
use crate::store::Writer;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Joined {
    pub order_no: String,
    pub joined: i32,
    pub size: i32,
    /// `open`, or `filled` when this member took the last spot.
    pub status: String,
}

/// Where a member collects: where told, else where they usually collect.
fn pickup_of(w: &Writer, customer_id: &str, told: Option<&str>) -> Result<Option<String>> {
    match told {
        Some(p) => Ok(Some(p.to_string())),
        None => Ok(w.tx.query_row(
            "SELECT default_pickup_id FROM customers WHERE id = ?1",
            [customer_id],
            |r| r.get(0),
        )?),
    }
}

/// A customer joins with `qty` units: an order at the group price, held
/// for the group. Taking the last spot fills the group at once.
pub fn join(
    w: &Writer,
    id: &str,
    customer: &str,
    qty: i32,
    pickup_point_id: Option<&str>,
) -> Result<Joined> {
    let now = shop_time::now();
    let d = deal(w.tx, id)?;
    if d.status != "open" || d.deadline <= now {
        return Err(CoreError::refused(
            Refusal::GroupClosed,
            &[("name", d.name.clone()), ("group_status", d.status.clone())],
            format!("{} is closed ({})", d.name, d.status),
        ));
    }
    let customer_id = customers::find_or_create(w, customer.trim(), "", now)?.ok_or_else(|| {
        CoreError::refused(
            Refusal::NameRequired,
            &[("what", "customer".into())],
            "who is joining?".into(),
        )
    })?;
    let taken: i64 = w.tx.query_row(
        "SELECT COALESCE(sum(l.qty), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.group_buy_id = ?1 AND o.customer_id = ?2 AND o.status NOT IN ('cancelled', 'refunded')",
        params![id, customer_id],
        |r| r.get(0),
    )?;
    if d.limit > 0 && taken + qty as i64 > d.limit {
        return Err(CoreError::refused(
            Refusal::GroupLimit,
            &[
                ("name", d.name.clone()),
                ("limit", d.limit.to_string()),
                ("customer", customer.to_string()),
                ("taken", taken.to_string()),
            ],
            format!(
                "{} allows {} per customer; {customer} has {taken} already",
                d.name, d.limit
            ),
        ));
    }
    let pickup = pickup_of(w, &customer_id, pickup_point_id)?;
    let order = NewOrder {
        customer_id: Some(customer_id),
        customer: customer.to_string(),
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku: d.sku.clone(),
            qty,
            unit_price: Some(Money::from_fen(d.price_fen)),
            override_reason: Some(format!("拼团价 {}", d.name)),
            ..NewLine::default()
        }],
        remark: format!("拼团 {}", d.name),
        pickup_point_id: pickup,
        campaign_id: d.campaign_id.clone(),
        arrives_on: d.arrives_on.clone(),
        ..NewOrder::default()
    };
    let order_no = entry::create(w, &order)?;
    w.tx.execute(
        "UPDATE orders SET group_buy_id = ?2 WHERE order_no = ?1",
        params![order_no, id],
    )?;
    let joined = members(w.tx, id)?;
    let status = if joined >= d.size {
        w.tx.execute(
            "UPDATE group_buys SET status = 'filled', closed_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        w.log("group_buy", id, "filled", &d.name)?;
        "filled"
    } else {
        "open"
    };
    Ok(Joined {
        order_no,
        joined: joined as i32,
        size: d.size as i32,
        status: status.into(),
    })
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Closed {
    pub id: String,
    pub name: String,
    /// `filled` or `failed`.
    pub status: String,
    /// Member orders.
    pub orders: i32,
    /// Refunds owed to paying members of a failed group.
    pub refunds: i32,
}

/// Closes every open deal whose deadline is at or before `now`.
pub fn close_due(w: &Writer, now: i64) -> Result<Vec<Closed>> {
    let due: Vec<String> =
        w.tx.prepare(
            "SELECT id FROM group_buys WHERE status = 'open' AND deadline <= ?1 ORDER BY deadline",
        )?
        .query_map([now], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    due.iter().map(|id| close(w, id, now)).collect()
}

/// Decides a deal now, as its deadline would: filled if it has its members,
/// else failed, every member order cancelled and each payment owed back.
pub fn close(w: &Writer, id: &str, now: i64) -> Result<Closed> {
    let d = deal(w.tx, id)?;
    if d.status != "open" {
        return Err(CoreError::refused(
            Refusal::GroupClosed,
            &[("name", d.name.clone()), ("group_status", d.status.clone())],
            format!("{} is {} already", d.name, d.status),
        ));
    }
    let open: Vec<String> = w
        .tx
        .prepare("SELECT order_no FROM orders WHERE group_buy_id = ?1 AND status NOT IN ('cancelled', 'refunded') ORDER BY placed_at")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let filled = open.len() as i64 >= d.size;
    let mut refunds = 0;
    if !filled {
        for no in &open {
            let before = refund_count(w.tx, no)?;
            status::set(w, no, "cancelled", false)?;
            refunds += refund_count(w.tx, no)? - before;
        }
    }
    let status = if filled { "filled" } else { "failed" };
    w.tx.execute(
        "UPDATE group_buys SET status = ?2, closed_at = ?3 WHERE id = ?1",
        params![id, status, now],
    )?;
    w.log(
        "group_buy",
        id,
        status,
        &format!("{} · {} orders, {refunds} refunds owed", d.name, open.len()),
    )?;
    Ok(Closed {
        id: d.id,
        name: d.name,
        status: status.into(),
        orders: open.len() as i32,
        refunds: refunds as i32,
    })
}

fn refund_count(conn: &Connection, order_no: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.order_no = ?1",
        [order_no],
        |r| r.get(0),
    )?)
}
