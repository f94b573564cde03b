//! Who sells for the shop: group leaders (团长) and distributors (分销员)
//! ranked by what they brought in the period, from the `people_daily`
//! rollup; each one's 信任值 from the outcomes of the orders they brought.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::Period;
use crate::campaigns::trust::{self, Brought};
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
    /// Distributors only: their level (1 or 2).
    pub level: Option<i32>,
    /// 信任值 (0–100) from how the orders they brought turned out.
    pub trust: Option<i32>,
}

/// The period's days of one role, summed per person, largest first.
fn ranks(conn: &Connection, role: &str, names: &str, p: Period, limit: usize) -> Result<Vec<Rank>> {
    let mut stmt = conn.prepare(&format!(
        "WITH t AS (SELECT person_id, sum(orders) AS n, sum(gmv_fen) AS gmv, sum(paid_fen) AS paid, sum(refunded_fen) AS refunded
                    FROM people_daily WHERE role = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY person_id HAVING sum(orders) > 0)
         SELECT x.id, x.name, t.n, t.gmv, t.paid, t.refunded, {level}
         FROM t JOIN {names} x ON x.id = t.person_id ORDER BY t.gmv DESC, x.name LIMIT ?4",
        level = if names == "distributors" { "x.level" } else { "NULL" },
    ))?;
    let rows = stmt.query_map(
        rusqlite::params![role, p.from.to_string(), p.to.to_string(), limit as i64],
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
    let out = ranks(conn, "leader", "leaders", p, limit)?;
    with_trust(conn, out, Brought::Leader)
}

/// Distributors by GMV of the orders they brought in the period, each with
/// the trust score their outcomes earned (never their recruits).
pub fn distributors(conn: &Connection, p: Period, limit: usize) -> Result<Vec<Rank>> {
    let out = ranks(conn, "referrer", "distributors", p, limit)?;
    with_trust(conn, out, Brought::Referrer)
}

fn with_trust(conn: &Connection, mut out: Vec<Rank>, brought: Brought) -> Result<Vec<Rank>> {
    let clock = crate::store::load_clock(conn)?;
    let now = shop_time::now();
    for r in &mut out {
        r.trust = Some(trust::of(conn, &clock, brought, &r.id, now)?.score);
    }
    Ok(out)
}
