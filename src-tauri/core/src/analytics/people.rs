//! Who sells for the shop: group leaders (团长) and distributors (分销员)
//! ranked by what they brought in the period, each an index range.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::Period;
use crate::campaigns::distribution;
use crate::error::Result;
use crate::money::Money;
use crate::shop_time;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Rank {
    pub id: String,
    pub name: String,
    pub orders: i32,
    pub gmv: Money,
    pub paid: Money,
    pub refunds: Money,
    /// Distributors only: their level (1 or 2) and 信任值 (0–100).
    pub level: Option<i32>,
    pub trust: Option<i32>,
}

/// Each ranking walks from the few people to their orders (CROSS JOIN keeps
/// that order) through an index holding day, status and money, so a
/// million orders are never touched row by row.
fn ranks(conn: &Connection, sql: &str, p: Period, limit: usize) -> Result<Vec<Rank>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(
        rusqlite::params![p.from.to_string(), p.to.to_string(), limit as i64],
        |r| {
            Ok(Rank {
                id: r.get(0)?,
                name: r.get(1)?,
                orders: r.get(2)?,
                gmv: Money::from_fen(r.get(3)?),
                paid: Money::from_fen(r.get(4)?),
                refunds: Money::from_fen(r.get(5)?),
                level: r.get(6)?,
                trust: None,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Leaders by GMV of the orders collected through them in the period.
pub fn leaders(conn: &Connection, p: Period, limit: usize) -> Result<Vec<Rank>> {
    ranks(
        conn,
        "SELECT l.id, l.name, count(*), sum(o.total_fen), sum(o.paid_fen), sum(o.refunded_fen), NULL
         FROM leaders l CROSS JOIN orders o ON o.leader_id = l.id
         WHERE o.business_day BETWEEN ?1 AND ?2 AND o.status NOT IN ('draft', 'cancelled')
         GROUP BY l.id ORDER BY 4 DESC, 2 LIMIT ?3",
        p,
        limit,
    )
}

/// Distributors by GMV of the orders they brought in the period, each with
/// the trust score their outcomes earned (never their recruits).
pub fn distributors(conn: &Connection, p: Period, limit: usize) -> Result<Vec<Rank>> {
    let mut out = ranks(
        conn,
        "SELECT d.id, d.name, count(*), sum(o.total_fen), sum(o.paid_fen), sum(o.refunded_fen), d.level
         FROM distributors d CROSS JOIN orders o ON o.referrer_id = d.id
         WHERE o.business_day BETWEEN ?1 AND ?2 AND o.status NOT IN ('draft', 'cancelled')
         GROUP BY d.id ORDER BY 4 DESC, 2 LIMIT ?3",
        p,
        limit,
    )?;
    let mut outcomes = distribution::prepare_trust(conn)?;
    let now = shop_time::now();
    for r in &mut out {
        r.trust = Some(distribution::trust(&mut outcomes, &r.id, now)?.score);
    }
    Ok(out)
}
