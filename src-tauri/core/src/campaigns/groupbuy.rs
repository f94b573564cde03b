//! Group buys (拼团): a deal that happens only if enough buyers join before
//! the deadline. The deals, what holds their orders, how they are shared
//! and how often they fill; joining and closing, which make and cancel
//! orders, are checkout's (`checkout::groupbuy`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::grouped;
use crate::ids;
use crate::money::Money;
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
    /// The day the goods arrive (`YYYY-MM-DD`), which its orders carry.
    pub arrives_on: Option<String>,
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
    let arrives = crate::orders::arrival_day(g.arrives_on.as_deref(), w.clock.business_day(now))?;
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
        "INSERT INTO group_buys(id, campaign_id, name, variant_id, price_fen, group_size, per_customer_limit, deadline, created_at, arrives_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, campaign, name, variant, g.price.fen(), g.size, g.per_customer_limit, deadline, now, arrives],
    )?;
    w.log("group_buy", &id, "create", &format!("{name} ¥{}", g.price))?;
    Ok(id)
}

pub(crate) struct Deal {
    pub(crate) id: String,
    pub(crate) campaign_id: Option<String>,
    pub(crate) name: String,
    pub(crate) sku: String,
    pub(crate) price_fen: i64,
    pub(crate) size: i64,
    pub(crate) limit: i64,
    pub(crate) deadline: i64,
    pub(crate) status: String,
    pub(crate) arrives_on: Option<String>,
}

pub(crate) fn deal(conn: &Connection, id: &str) -> Result<Deal> {
    conn.query_row(
        "SELECT g.id, g.campaign_id, g.name, v.sku, g.price_fen, g.group_size, g.per_customer_limit, g.deadline, g.status,
                g.arrives_on
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
                arrives_on: r.get(9)?,
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
pub(crate) fn members(conn: &Connection, id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM orders WHERE group_buy_id = ?1 AND status NOT IN ('cancelled', 'refunded')",
        [id],
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
