//! Orders: the list a merchant filters all day, order entry (`entry`) and
//! each order's life with its stock effects (`status`).

pub mod detail;
pub mod entry;
pub mod status;
#[cfg(test)]
mod tests;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time;
use crate::Page;

pub use detail::{choices, detail, EntryChoices, OrderDetail};
pub use entry::{create, NewLine, NewOrder};

pub const CHANNELS: &[&str] = &[
    "offline",
    "wechat",
    "solitaire",
    "pinduoduo",
    "youzan",
    "shop",
];
pub const STATUSES: &[&str] = &[
    "draft",
    "awaiting_payment",
    "paid",
    "fulfilled",
    "completed",
    "cancelled",
    "refunded",
];

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct OrderFilter {
    /// Order number, customer name, WeChat nickname or phone (part of any).
    pub query: Option<String>,
    pub status: Option<String>,
    pub channel: Option<String>,
    /// Business days, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub pickup_point_id: Option<String>,
    /// Only orders still owed money: awaiting payment, or handed over
    /// before being paid in full.
    #[serde(default)]
    pub unpaid: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderRow {
    pub order_no: String,
    /// Shop-local `YYYY-MM-DD HH:MM:SS`.
    pub placed_at: String,
    pub business_day: String,
    pub channel: String,
    pub status: String,
    pub customer: String,
    pub wechat_nick: String,
    pub pickup_point: Option<String>,
    pub total: Money,
    pub paid: Money,
    pub refunded: Money,
    pub items: i32,
}

fn where_clause(f: &OrderFilter) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE 1=1");
    let mut args = Vec::new();
    // Every `?` in a condition is the one value added with it.
    let mut add = |cond: &str, value: String| {
        args.push(value);
        sql.push_str(&cond.replace('?', &format!("?{}", args.len())));
    };
    if let Some(q) = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        add(
            " AND (o.order_no LIKE ? OR o.customer_id IN (SELECT id FROM customers WHERE name LIKE ? OR wechat_nick LIKE ? OR phone LIKE ?))",
            format!("%{q}%"),
        );
    }
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.status = ?", s.to_string());
    }
    if let Some(c) = f.channel.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.channel = ?", c.to_string());
    }
    if let Some(d) = f.from.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.business_day >= ?", d.to_string());
    }
    if let Some(d) = f.to.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.business_day <= ?", d.to_string());
    }
    if let Some(p) = f.pickup_point_id.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.pickup_point_id = ?", p.to_string());
    }
    if f.unpaid {
        // Marketplace orders are paid through the platform.
        sql.push_str(
            " AND (o.status = 'awaiting_payment' OR (o.status IN ('fulfilled', 'completed') AND o.channel <> 'pinduoduo'
                   AND o.paid_fen < o.total_fen - o.refunded_fen))",
        );
    }
    (sql, args)
}

/// Orders matching `f`, newest first, one window of the list.
pub fn page(
    conn: &Connection,
    clock: &shop_time::ShopClock,
    f: &OrderFilter,
    offset: u32,
    limit: u32,
) -> Result<Page<OrderRow>> {
    let (cond, args) = where_clause(f);
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM orders o{cond}"),
        rusqlite::params_from_iter(&args),
        |r| r.get(0),
    )?;
    let n = args.len();
    let sql = format!(
        "SELECT o.order_no, o.placed_at, o.business_day, o.channel, o.status,
                COALESCE(c.name, ''), COALESCE(c.wechat_nick, ''), pp.name,
                o.total_fen, o.paid_fen, o.refunded_fen,
                (SELECT sum(qty) FROM order_lines l WHERE l.order_id = o.id)
         FROM (SELECT o.* FROM orders o{cond} ORDER BY o.placed_at DESC, o.order_no DESC LIMIT ?{} OFFSET ?{}) o
         LEFT JOIN customers c ON c.id = o.customer_id
         LEFT JOIN pickup_points pp ON pp.id = o.pickup_point_id
         ORDER BY o.placed_at DESC, o.order_no DESC",
        n + 1,
        n + 2
    );
    let mut values: Vec<rusqlite::types::Value> = args.into_iter().map(Into::into).collect();
    values.push((limit as i64).into());
    values.push((offset as i64).into());
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values), |r| {
            Ok(OrderRow {
                order_no: r.get(0)?,
                placed_at: clock.format(r.get(1)?),
                business_day: r.get(2)?,
                channel: r.get(3)?,
                status: r.get(4)?,
                customer: r.get(5)?,
                wechat_nick: r.get(6)?,
                pickup_point: r.get(7)?,
                total: Money::from_fen(r.get(8)?),
                paid: Money::from_fen(r.get(9)?),
                refunded: Money::from_fen(r.get(10)?),
                items: r.get::<_, Option<i32>>(11)?.unwrap_or(0),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page { total, rows })
}
