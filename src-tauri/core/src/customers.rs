//! Customers: who buys, how often, how much; found by name, WeChat
//! nickname or phone tail.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;
use crate::Page;

#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerRow {
    pub id: String,
    pub name: String,
    pub wechat_nick: String,
    pub phone: String,
    pub pickup_point: Option<String>,
    pub tags: String,
    pub orders: i32,
    /// Totals of their orders that were not cancelled, net of refunds.
    pub spent: Money,
    pub last_order: Option<String>,
}

pub fn page(
    conn: &Connection,
    clock: &ShopClock,
    query: &str,
    offset: u32,
    limit: u32,
) -> Result<Page<CustomerRow>> {
    let pattern = format!("%{}%", query.trim());
    let filter = "WHERE (?1 = '%%' OR c.name LIKE ?1 OR c.wechat_nick LIKE ?1 OR c.phone LIKE ?1 OR c.pinyin LIKE ?1)";
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM customers c {filter}"),
        [&pattern],
        |r| r.get(0),
    )?;
    // Aggregates are computed for the page's rows only, after LIMIT.
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.name, c.wechat_nick, c.phone, pp.name, c.tags,
                (SELECT count(*) FROM orders o WHERE o.customer_id = c.id AND o.status <> 'cancelled'),
                (SELECT COALESCE(sum(o.total_fen - o.refunded_fen), 0) FROM orders o WHERE o.customer_id = c.id AND o.status <> 'cancelled'),
                (SELECT max(o.placed_at) FROM orders o WHERE o.customer_id = c.id)
         FROM (SELECT * FROM customers c {filter} ORDER BY c.name, c.id LIMIT ?2 OFFSET ?3) c
         LEFT JOIN pickup_points pp ON pp.id = c.default_pickup_id
         ORDER BY c.name, c.id"
    ))?;
    let rows = stmt
        .query_map(params![pattern, limit, offset], |r| {
            Ok(CustomerRow {
                id: r.get(0)?,
                name: r.get(1)?,
                wechat_nick: r.get(2)?,
                phone: r.get(3)?,
                pickup_point: r.get(4)?,
                tags: r.get(5)?,
                orders: r.get(6)?,
                spent: Money::from_fen(r.get(7)?),
                last_order: r.get::<_, Option<i64>>(8)?.map(|t| clock.format(t)),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page { total, rows })
}
