//! Group buys (拼团): a deal that happens only if enough buyers join before
//! the deadline. Joining makes an order at the group price held for the
//! group; the group fills the moment its last spot is taken and its orders
//! go to fulfilment; a group still short at the deadline fails and every
//! member's order is cancelled, each paying member owed a refund that
//! settles when it shows in an imported statement.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::grouped;
use crate::ids;
use crate::money::Money;
use crate::orders::{self, entry, status, NewLine, NewOrder};
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewGroupBuy {
    pub name: String,
    pub sku: String,
    pub price: Money,
    pub size: i32,
    /// Shop-local time, `2026-12-03 20:00`.
    pub deadline: String,
    /// Units one customer may take; 0 for no limit.
    pub per_customer_limit: i32,
}

/// Opens a deal and the campaign its orders are counted under.
pub fn create(w: &Writer, g: &NewGroupBuy) -> Result<String> {
    let now = shop_time::now();
    let (variant, list_fen): (String, i64) =
        w.tx.query_row(
            "SELECT id, price_fen FROM variants WHERE sku = ?1",
            [g.sku.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "sku",
            key: g.sku.clone(),
        })?;
    if g.price.fen() >= list_fen {
        return Err(CoreError::refused(
            Refusal::GroupPriceNotBelow,
            &[("list_price", Money::from_fen(list_fen).to_string())],
            format!(
                "the group price must be below the list price ¥{}",
                Money::from_fen(list_fen)
            ),
        ));
    }
    let deadline = w.clock.parse_local(&g.deadline).ok_or_else(|| {
        CoreError::refused(
            Refusal::NotATime,
            &[("text", g.deadline.clone())],
            format!("not a time: {:?}", g.deadline),
        )
    })?;
    if deadline <= now {
        return Err(CoreError::refused(
            Refusal::DeadlinePassed,
            &[],
            "the deadline has passed already".into(),
        ));
    }
    if g.size < 2 {
        return Err(CoreError::refused(
            Refusal::GroupTooSmall,
            &[],
            "a group needs at least 2 members".into(),
        ));
    }
    if g.price.fen() < 0 || g.per_customer_limit < 0 {
        return Err(CoreError::refused(
            Refusal::NegativeGroupTerms,
            &[],
            "the price and the limit cannot be negative".into(),
        ));
    }
    let name = match g.name.trim() {
        "" => format!("{}人团 · {}", g.size, g.sku.trim()),
        n => n.to_string(),
    };
    let campaign = ids::new_id();
    w.tx.execute(
        "INSERT INTO campaigns(id, name, kind, starts_at, ends_at, created_at) VALUES (?1, ?2, 'groupbuy', ?3, ?4, ?3)",
        params![campaign, name, now, deadline],
    )?;
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO group_buys(id, campaign_id, name, variant_id, price_fen, group_size, per_customer_limit, deadline, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, campaign, name, variant, g.price.fen(), g.size, g.per_customer_limit, deadline, now],
    )?;
    w.log("group_buy", &id, "create", &format!("{name} ¥{}", g.price))?;
    Ok(id)
}

struct Deal {
    id: String,
    campaign_id: Option<String>,
    name: String,
    sku: String,
    price_fen: i64,
    size: i64,
    limit: i64,
    deadline: i64,
    status: String,
}

fn deal(conn: &Connection, id: &str) -> Result<Deal> {
    conn.query_row(
        "SELECT g.id, g.campaign_id, g.name, v.sku, g.price_fen, g.group_size, g.per_customer_limit, g.deadline, g.status
         FROM group_buys g JOIN variants v ON v.id = g.variant_id WHERE g.id = ?1",
        [id],
        |r| {
            Ok(Deal {
                id: r.get(0)?,
                campaign_id: r.get(1)?,
                name: r.get(2)?,
                sku: r.get(3)?,
                price_fen: r.get(4)?,
                size: r.get(5)?,
                limit: r.get(6)?,
                deadline: r.get(7)?,
                status: r.get(8)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "group buy",
        key: id.to_string(),
    })
}

/// The members so far: orders of the deal not cancelled.
fn members(conn: &Connection, id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM orders WHERE group_buy_id = ?1 AND status NOT IN ('cancelled', 'refunded')",
        [id],
        |r| r.get(0),
    )?)
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Joined {
    pub order_no: String,
    pub joined: i32,
    pub size: i32,
    /// `open`, or `filled` when this member took the last spot.
    pub status: String,
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
    let customer_id =
        entry::find_or_create_customer(w, customer.trim(), "", now)?.ok_or_else(|| {
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
    // Collected where the customer usually collects, unless told otherwise.
    let pickup = match pickup_point_id {
        Some(p) => Some(p.to_string()),
        None => w.tx.query_row(
            "SELECT default_pickup_id FROM customers WHERE id = ?1",
            [&customer_id],
            |r| r.get(0),
        )?,
    };
    let order = NewOrder {
        customer_id: Some(customer_id),
        customer: customer.to_string(),
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku: d.sku.clone(),
            qty,
            unit_price: Some(Money::from_fen(d.price_fen)),
            override_reason: Some(format!("拼团价 {}", d.name)),
            bundle: None,
        }],
        remark: format!("拼团 {}", d.name),
        pickup_point_id: pickup,
        campaign_id: d.campaign_id.clone(),
        ..NewOrder::default()
    };
    let order_no = orders::create(w, &order)?;
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

/// Whether an order may go to fulfilment: not while its group is open or
/// after it failed.
pub fn held_for_group(conn: &Connection, order_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT g.name || ' (' || g.status || ')' FROM orders o JOIN group_buys g ON g.id = o.group_buy_id
             WHERE o.id = ?1 AND g.status <> 'filled'",
        )?
        .query_row([order_id], |r| r.get(0))
        .optional()?)
}

/// The message a merchant pastes into the WeChat group to bring members.
pub fn share_text(conn: &Connection, clock: &ShopClock, id: &str, zh: bool) -> Result<String> {
    let d = deal(conn, id)?;
    let (product, list_fen): (String, i64) = conn.query_row(
        "SELECT p.name || CASE WHEN v.options <> '' THEN ' ' || v.options ELSE '' END, v.price_fen
         FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = ?1",
        [&d.sku],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let joined = members(conn, id)?;
    let left = (d.size - joined).max(0);
    let deadline = clock.local(d.deadline);
    let (price, list) = (Money::from_fen(d.price_fen), Money::from_fen(list_fen));
    Ok(if zh {
        let limit = if d.limit > 0 {
            format!("，每人限{}份", d.limit)
        } else {
            String::new()
        };
        let state = match d.status.as_str() {
            "filled" => "已成团！".to_string(),
            "failed" => "未成团，已退款".to_string(),
            _ => format!("{}人成团，已拼{joined}人，还差{left}人", d.size),
        };
        format!(
            "【拼团】{product}\n拼团价 ¥{price}（原价 ¥{list}）\n{state}\n截止 {}{limit}\n回复「参团+数量」即可",
            deadline.format("%m月%d日 %H:%M")
        )
    } else {
        let limit = if d.limit > 0 {
            format!(", max {} each", d.limit)
        } else {
            String::new()
        };
        let state = match d.status.as_str() {
            "filled" => "The group is full!".to_string(),
            "failed" => "The group did not fill; refunded".to_string(),
            _ => format!(
                "{} buyers needed, {joined} joined, {left} spots left",
                d.size
            ),
        };
        format!(
            "[Group buy] {product}\nGroup price ¥{price} (was ¥{list})\n{state}\nCloses {}{limit}\nReply \"join + quantity\" to join",
            deadline.format("%b %d %H:%M")
        )
    })
}

/// Closed deals per month and how many filled.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SuccessMonth {
    pub month: String,
    pub closed: i32,
    pub filled: i32,
    /// Filled share of closed deals, in whole percent.
    pub rate: i32,
}

pub fn success_by_month(conn: &Connection, clock: &ShopClock) -> Result<Vec<SuccessMonth>> {
    let mut months: Vec<SuccessMonth> = Vec::new();
    let mut stmt =
        conn.prepare("SELECT closed_at, status = 'filled' FROM group_buys WHERE status <> 'open' ORDER BY closed_at")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let month = clock.business_day(r.get(0)?).format("%Y-%m").to_string();
        let filled: bool = r.get(1)?;
        let m = grouped::entry(
            &mut months,
            |m| m.month == month,
            || {
                Ok(SuccessMonth {
                    month: month.clone(),
                    closed: 0,
                    filled: 0,
                    rate: 0,
                })
            },
        )?;
        m.closed += 1;
        m.filled += filled as i32;
        m.rate = (100 * m.filled + m.closed / 2) / m.closed;
    }
    Ok(months)
}
