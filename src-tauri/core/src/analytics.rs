//! Analytics: the figures the merchant reads every morning. Each tile is an
//! indexed query over business days; every total is a sum of the facts.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{self, ProductRow};
use crate::error::Result;
use crate::money::Money;

/// Headline figures of one period, with the period just before it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Tile {
    /// `today`, `yesterday`, `7d`, `30d`.
    pub key: String,
    pub from: String,
    pub to: String,
    pub orders: i32,
    /// Totals of orders placed in the period, cancelled excluded.
    pub gmv: Money,
    pub aov: Money,
    pub paid: Money,
    pub unpaid_orders: i32,
    pub refunds: Money,
    pub prev_gmv: Money,
    pub prev_orders: i32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DayPoint {
    pub day: String,
    pub orders: i32,
    pub gmv: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Dashboard {
    pub today: String,
    pub tiles: Vec<Tile>,
    pub last_30_days: Vec<DayPoint>,
    pub low_stock: Vec<ProductRow>,
    pub open_after_sales: i32,
}

struct Sums {
    orders: i64,
    gmv: i64,
    paid: i64,
    unpaid: i64,
}

fn sums(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Sums> {
    Ok(conn.query_row(
        "SELECT count(*), COALESCE(sum(o.total_fen), 0), COALESCE(sum(o.paid_fen), 0),
                COALESCE(sum(o.status = 'awaiting_payment'), 0)
         FROM orders o WHERE o.business_day BETWEEN ?1 AND ?2 AND o.status NOT IN ('cancelled', 'draft')",
        params![from.to_string(), to.to_string()],
        |r| Ok(Sums { orders: r.get(0)?, gmv: r.get(1)?, paid: r.get(2)?, unpaid: r.get(3)? }),
    )?)
}

/// Refunds recorded in the period (by when the refund happened).
fn refunds(conn: &Connection, from_unix: i64, to_unix: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(sum(amount_fen), 0) FROM refunds WHERE created_at >= ?1 AND created_at < ?2",
        params![from_unix, to_unix],
        |r| r.get(0),
    )?)
}

fn tile(
    conn: &Connection,
    clock: &crate::shop_time::ShopClock,
    key: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Tile> {
    let s = sums(conn, from, to)?;
    let len = (to - from).num_days() + 1;
    let prev = sums(conn, from - Duration::days(len), from - Duration::days(1))?;
    let refunded = refunds(
        conn,
        clock.day_start(from),
        clock.day_start(to + Duration::days(1)),
    )?;
    Ok(Tile {
        key: key.to_string(),
        from: from.to_string(),
        to: to.to_string(),
        orders: s.orders as i32,
        gmv: Money::from_fen(s.gmv),
        aov: Money::from_fen(if s.orders > 0 {
            (s.gmv + s.orders / 2) / s.orders
        } else {
            0
        }),
        paid: Money::from_fen(s.paid),
        unpaid_orders: s.unpaid as i32,
        refunds: Money::from_fen(refunded),
        prev_gmv: Money::from_fen(prev.gmv),
        prev_orders: prev.orders as i32,
    })
}

pub fn dashboard(
    conn: &Connection,
    clock: &crate::shop_time::ShopClock,
    today: NaiveDate,
) -> Result<Dashboard> {
    let d = |n: i64| today - Duration::days(n);
    let tiles = vec![
        tile(conn, clock, "today", today, today)?,
        tile(conn, clock, "yesterday", d(1), d(1))?,
        tile(conn, clock, "7d", d(6), today)?,
        tile(conn, clock, "30d", d(29), today)?,
    ];
    let mut stmt = conn.prepare(
        "SELECT business_day, count(*), sum(total_fen) FROM orders
         WHERE business_day BETWEEN ?1 AND ?2 AND status NOT IN ('cancelled', 'draft')
         GROUP BY business_day",
    )?;
    let found: std::collections::HashMap<String, (i32, i64)> = stmt
        .query_map(params![d(29).to_string(), today.to_string()], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let last_30_days = (0..30)
        .rev()
        .map(|n| {
            let day = d(n).to_string();
            let (orders, gmv) = found.get(&day).copied().unwrap_or((0, 0));
            DayPoint {
                day,
                orders,
                gmv: Money::from_fen(gmv),
            }
        })
        .collect();
    Ok(Dashboard {
        today: today.to_string(),
        tiles,
        last_30_days,
        low_stock: catalog::low_stock(conn, 8)?,
        open_after_sales: conn.query_row(
            "SELECT count(*) FROM after_sales WHERE status <> 'resolved'",
            [],
            |r| r.get(0),
        )?,
    })
}
