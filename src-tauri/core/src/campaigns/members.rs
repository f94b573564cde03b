//! Members (会员): levels with their benefits (a percentage off the goods,
//! points per yuan paid), points earned on money actually paid and taken
//! back by refunds, redeemed in order entry (one point is one fen) and
//! returned when the order is cancelled. `members.points` caches the
//! ledger's sum, kept in the same transaction as every ledger line.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::shop_time;
use crate::store::Writer;

/// A customer's membership as pricing needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub level: String,
    pub discount_bp: i64,
    pub points_per_yuan: i64,
    pub points: i64,
}

/// The membership of `customer_id`, if they are a member.
pub fn of_customer(conn: &Connection, customer_id: &str) -> Result<Option<Member>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.id, m.level, COALESCE(l.discount_bp, 0), COALESCE(l.points_per_yuan, 0), m.points
             FROM members m LEFT JOIN member_levels l ON l.level = m.level WHERE m.customer_id = ?1",
        )?
        .query_row([customer_id], |r| {
            Ok(Member {
                id: r.get(0)?,
                level: r.get(1)?,
                discount_bp: r.get(2)?,
                points_per_yuan: r.get(3)?,
                points: r.get(4)?,
            })
        })
        .optional()?)
}

/// Makes the customer called `customer` (found or created) a member at
/// `level`, or moves an existing member to it.
pub fn enrol(w: &Writer, customer: &str, phone: &str, level: &str) -> Result<String> {
    let known: bool = w.tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM member_levels WHERE level = ?1)",
        [level],
        |r| r.get(0),
    )?;
    if !known {
        return Err(CoreError::invalid(
            "level",
            format!("no member level {level:?}"),
        ));
    }
    let now = shop_time::now();
    let customer_id = crate::customers::find_or_create(w, customer.trim(), phone.trim(), now)?
        .ok_or_else(|| {
            CoreError::refused(
                Refusal::NameRequired,
                &[("what", "customer".into())],
                "who is joining?".into(),
            )
        })?;
    if let Some(m) = of_customer(w.tx, &customer_id)? {
        w.tx.execute(
            "UPDATE members SET level = ?2 WHERE id = ?1",
            params![m.id, level],
        )?;
        w.log("member", &m.id, "level", &format!("{customer} {level}"))?;
        return Ok(m.id);
    }
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO members(id, customer_id, level, points, joined_at) VALUES (?1, ?2, ?3, 0, ?4)",
        params![id, customer_id, level, now],
    )?;
    w.log("member", &id, "create", &format!("{customer} {level}"))?;
    Ok(id)
}

/// Adds a ledger line and keeps the cached balance with it.
fn book(
    conn: &Connection,
    member_id: &str,
    delta: i64,
    reason: &str,
    order_id: &str,
    at: i64,
) -> Result<()> {
    book_as(conn, &ids::new_id(), member_id, delta, reason, order_id, at)
}

fn book_as(
    conn: &Connection,
    id: &str,
    member_id: &str,
    delta: i64,
    reason: &str,
    order_id: &str,
    at: i64,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO points_ledger(id, member_id, delta, reason, order_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![id, member_id, delta, reason, order_id, at])?;
    conn.prepare_cached("UPDATE members SET points = points + ?2 WHERE id = ?1")?
        .execute(params![member_id, delta])?;
    Ok(())
}

/// Spends `points` of the member on the order (checked against the
/// balance by pricing before).
pub fn redeem(
    conn: &Connection,
    member_id: &str,
    order_id: &str,
    points: i64,
    at: i64,
) -> Result<()> {
    book(conn, member_id, -points, "redeemed", order_id, at)
}

/// Gives back the points a cancelled order had redeemed.
pub fn return_redeemed(conn: &Connection, order_id: &str, at: i64) -> Result<()> {
    let spent: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT member_id, -sum(delta) FROM points_ledger WHERE order_id = ?1 AND reason IN ('redeemed', 'returned')
             GROUP BY member_id HAVING sum(delta) < 0",
        )?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((member, points)) = spent {
        book(conn, &member, points, "returned", order_id, at)?;
    }
    Ok(())
}

/// Brings the points earned on one order in line with the money it kept:
/// the member's level's points per whole yuan, the difference booked as
/// earned or clawed back. Called with every change of paid or refunded money.
pub fn follow_points(conn: &Connection, order_id: &str, at: i64) -> Result<()> {
    let Some((member, per_yuan, kept)) = conn
        .prepare_cached(
            "SELECT m.id, COALESCE(l.points_per_yuan, 0), max(0, min(o.paid_fen, o.total_fen) - o.refunded_fen)
             FROM orders o JOIN members m ON m.customer_id = o.customer_id LEFT JOIN member_levels l ON l.level = m.level
             WHERE o.id = ?1",
        )?
        .query_row([order_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))
        .optional()?
    else {
        return Ok(());
    };
    let booked: i64 = conn
        .prepare_cached("SELECT COALESCE(sum(delta), 0) FROM points_ledger WHERE order_id = ?1 AND reason IN ('earned', 'clawback')")?
        .query_row([order_id], |r| r.get(0))?;
    let due = kept / 100 * per_yuan;
    let change = due - booked;
    if change != 0 {
        // Named by the step it makes (this order's points from `booked` to
        // `due`): two terminals taking the same payment book the same row,
        // which counts once when they meet.
        let id = ids::stable_id(&["points", order_id, &booked.to_string(), &due.to_string()]);
        book_as(
            conn,
            &id,
            &member,
            change,
            if change > 0 { "earned" } else { "clawback" },
            order_id,
            at,
        )?;
    }
    Ok(())
}

/// A member as the members list shows them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberRow {
    pub customer: String,
    pub phone: String,
    pub level: String,
    pub level_name: String,
    #[ts(type = "number")]
    pub points: i64,
    /// What the points are worth when redeemed.
    pub points_value: Money,
    pub joined: String,
}

pub fn list(conn: &Connection, clock: &shop_time::ShopClock) -> Result<Vec<MemberRow>> {
    let mut stmt = conn.prepare(
        "SELECT c.name, c.phone, m.level, COALESCE(l.name, m.level), m.points, m.joined_at
         FROM members m JOIN customers c ON c.id = m.customer_id LEFT JOIN member_levels l ON l.level = m.level
         ORDER BY COALESCE(l.rank, 0) DESC, m.points DESC, c.name",
    )?;
    let rows = stmt.query_map([], |r| {
        let points: i64 = r.get(4)?;
        Ok(MemberRow {
            customer: r.get(0)?,
            phone: r.get(1)?,
            level: r.get(2)?,
            level_name: r.get(3)?,
            points,
            points_value: Money::from_fen(points),
            joined: clock.business_day(r.get(5)?).to_string(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A level and its benefits.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LevelRow {
    pub level: String,
    pub name: String,
    /// Off the goods after coupons, `5%`.
    pub discount: String,
    pub points_per_yuan: i32,
}

pub fn levels(conn: &Connection) -> Result<Vec<LevelRow>> {
    let mut stmt = conn.prepare(
        "SELECT level, name, discount_bp, points_per_yuan FROM member_levels ORDER BY rank",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(LevelRow {
            level: r.get(0)?,
            name: r.get(1)?,
            discount: super::rate_text(r.get(2)?),
            points_per_yuan: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
