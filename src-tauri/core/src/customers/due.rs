//! 该回购了: who is about to run out. Each customer's usual interval per
//! product comes from their own purchases (three or more), else from the
//! product's typical one (the average of its regulars'). The rhythms are
//! rebuilt once a day into `reorder_rhythms`, so the list itself is one
//! index range. A reminder sent keeps the customer off the list for a
//! while; whether reminding works is measured against the customers who
//! were due and not reminded.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::ids;
use crate::money::Money;
use crate::store::{Store, Writer};

/// Overdue by more than this (or one interval, if shorter), a customer has
/// lapsed: a win-back, not a reminder.
pub const OVERDUE_DAYS: i64 = 7;
/// The furthest ahead the list looks.
pub const MAX_DAYS: i64 = 30;
/// A reminder keeps the customer off the list this long.
pub const QUIET_DAYS: i64 = 7;
/// A purchase this long after a reminder (or after being due) counts.
pub const BOUGHT_WITHIN_DAYS: i64 = 7;
/// How far back the effect is measured.
const EFFECT_DAYS: i64 = 60;
const SETTING: &str = "reorder_rhythms_built";
const DAY: i64 = 86_400;

/// One customer likely to buy a product again soon.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Due {
    pub customer_id: String,
    pub customer: String,
    pub phone: String,
    pub pickup: String,
    pub product_id: String,
    pub product: String,
    /// Days between their purchases: their own, or the product's typical
    /// one when `own` is false (fewer than three purchases).
    pub usual_interval_days: i32,
    pub own: bool,
    pub purchases: i32,
    pub usual_qty: i32,
    pub last_bought: String,
    pub due: String,
    /// A ready personal WeChat message: their usual item, today's price or
    /// a running group buy, their pickup point.
    pub message: String,
}

/// Did reminding work: of those reminded, how many bought within a week,
/// against the same share of those due and not reminded.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct Effect {
    pub reminded: i32,
    pub reminded_bought: i32,
    pub not_reminded: i32,
    pub not_reminded_bought: i32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DueList {
    pub rows: Vec<Due>,
    pub effect: Effect,
}

/// Who is due within `days` days of `today`, the lately overdue included
/// (see `OVERDUE_DAYS`). Rebuilds the rhythms first when they are from an
/// earlier day: the grouping pass reads (order entry goes on beside it),
/// and only the short swap of the few rows that can fall due writes. Records
/// who was listed (the comparison group).
pub fn list(
    store: &mut Store,
    today: NaiveDate,
    at: i64,
    days: i64,
    limit: u32,
) -> Result<DueList> {
    if !(0..=MAX_DAYS).contains(&days) {
        return Err(CoreError::invalid(
            "days",
            format!("0 to {MAX_DAYS} days, not {days}"),
        ));
    }
    let stale = built_at(store.conn())?.is_none_or(|b| store.clock().business_day(b) < today);
    if stale {
        let fresh = rhythms(store.conn(), today)?;
        store.write(|w| replace(w.tx, &fresh, at))?;
    }
    store.write(|w| {
        let built = built_at(w.tx)?.unwrap_or(at);
        let rows = rows(w.tx, today, at, days, built, limit)?;
        let day = today.to_string();
        for r in &rows {
            w.tx.prepare_cached(
                "INSERT OR IGNORE INTO reorder_listed(day, customer_id) VALUES (?1, ?2)",
            )?
            .execute(params![day, r.customer_id])?;
        }
        Ok(DueList {
            rows,
            effect: effect(w.tx, w.clock, at)?,
        })
    })
}

/// Records that the customer was reminded (the message was sent).
pub fn sent(w: &Writer, customer_id: &str, product_id: Option<&str>, at: i64) -> Result<()> {
    let name: String =
        w.tx.query_row(
            "SELECT name FROM customers WHERE id = ?1",
            [customer_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "customer",
            key: customer_id.into(),
        })?;
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO reorder_reminders(id, customer_id, product_id, sent_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, customer_id, product_id, at],
    )?;
    w.log("customer", customer_id, "reminded", &name)
}

fn built_at(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = ?1",
            [SETTING],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|v| v.parse().ok()))
}

/// One customer's rhythm with one product.
struct Rhythm {
    customer_id: String,
    product_id: String,
    purchases: i64,
    last_day: String,
    own_interval: Option<i64>,
    interval_days: i64,
    usual_qty: i64,
    next_day: String,
}

/// Every customer's rhythm per product, from their kept orders, in one
/// grouping pass; only those that can fall due before the window ends
/// are kept.
fn rhythms(conn: &Connection, today: NaiveDate) -> Result<Vec<Rhythm>> {
    let (from, until) = (
        today - Duration::days(OVERDUE_DAYS),
        today + Duration::days(MAX_DAYS),
    );
    let mut stmt = conn.prepare(
        "WITH pairs AS (
           SELECT o.customer_id AS c, v.product_id AS p, count(DISTINCT o.business_day) AS n,
                  min(o.business_day) AS f, max(o.business_day) AS l, sum(ol.qty) AS q
           FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN variants v ON v.id = ol.variant_id
           WHERE o.customer_id IS NOT NULL AND o.status NOT IN ('draft', 'cancelled', 'refunded')
           GROUP BY o.customer_id, v.product_id),
         own AS (SELECT *, CASE WHEN n >= 3
                   THEN CAST(round((julianday(l) - julianday(f)) / (n - 1)) AS INTEGER) END AS iv FROM pairs),
         typical AS (SELECT p, CAST(round(avg(iv)) AS INTEGER) AS tv FROM own WHERE iv IS NOT NULL GROUP BY p),
         timed AS (SELECT c, own.p, n, l, iv, COALESCE(iv, tv) AS every, max(1, CAST(round(1.0 * q / n) AS INTEGER)) AS usual,
                          date(l, '+' || COALESCE(iv, tv) || ' days') AS next
                   FROM own JOIN typical ON typical.p = own.p WHERE COALESCE(iv, tv) >= 1)
         SELECT * FROM timed WHERE next BETWEEN ?1 AND ?2",
    )?;
    let found = stmt.query_map(params![from.to_string(), until.to_string()], |r| {
        Ok(Rhythm {
            customer_id: r.get(0)?,
            product_id: r.get(1)?,
            purchases: r.get(2)?,
            last_day: r.get(3)?,
            own_interval: r.get(4)?,
            interval_days: r.get(5)?,
            usual_qty: r.get(6)?,
            next_day: r.get(7)?,
        })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

/// Puts the day's rhythms in place of the last, noting when they were read.
fn replace(conn: &Connection, fresh: &[Rhythm], at: i64) -> Result<()> {
    conn.execute("DELETE FROM reorder_rhythms", [])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO reorder_rhythms(customer_id, product_id, purchases, last_day, own_interval, interval_days, usual_qty, next_day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for r in fresh {
        insert.execute(params![
            r.customer_id,
            r.product_id,
            r.purchases,
            r.last_day,
            r.own_interval,
            r.interval_days,
            r.usual_qty,
            r.next_day
        ])?;
    }
    conn.execute(
        "INSERT INTO shop_settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![SETTING, at.to_string()],
    )?;
    Ok(())
}

fn rows(
    conn: &Connection,
    today: NaiveDate,
    at: i64,
    days: i64,
    built: i64,
    limit: u32,
) -> Result<Vec<Due>> {
    let until = today + Duration::days(days);
    let mut stmt = conn.prepare_cached(
        "SELECT r.customer_id, c.name, c.phone, COALESCE(pp.name, ''), r.product_id, p.name,
                r.interval_days, r.own_interval IS NOT NULL, r.purchases, r.usual_qty, r.last_day, r.next_day,
                (SELECT min(price_fen) FROM variants WHERE product_id = r.product_id AND archived = 0),
                (SELECT g.price_fen || ' ' || g.deadline FROM group_buys g JOIN variants gv ON gv.id = g.variant_id
                  WHERE gv.product_id = r.product_id AND g.status = 'open' AND g.deadline > ?4
                  ORDER BY g.deadline LIMIT 1)
         FROM reorder_rhythms r JOIN customers c ON c.id = r.customer_id
         JOIN products p ON p.id = r.product_id AND p.archived = 0
         LEFT JOIN pickup_points pp ON pp.id = c.default_pickup_id
         WHERE r.next_day BETWEEN ?1 AND ?2 AND r.next_day >= date(?3, '-' || min(r.interval_days, ?8) || ' days')
           AND NOT EXISTS (SELECT 1 FROM reorder_reminders m
                           WHERE m.customer_id = r.customer_id AND m.sent_at > ?4 - ?5)
           AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = r.customer_id
                           AND o.placed_at >= ?6 AND o.status NOT IN ('draft', 'cancelled'))
         ORDER BY r.next_day, c.name, p.name LIMIT ?7",
    )?;
    let from = today - Duration::days(OVERDUE_DAYS);
    let found = stmt.query_map(
        params![
            from.to_string(),
            until.to_string(),
            today.to_string(),
            at,
            QUIET_DAYS * DAY,
            built,
            limit,
            OVERDUE_DAYS
        ],
        |r| {
            let mut d = Due {
                customer_id: r.get(0)?,
                customer: r.get(1)?,
                phone: r.get(2)?,
                pickup: r.get(3)?,
                product_id: r.get(4)?,
                product: r.get(5)?,
                usual_interval_days: r.get(6)?,
                own: r.get(7)?,
                purchases: r.get(8)?,
                usual_qty: r.get(9)?,
                last_bought: r.get(10)?,
                due: r.get(11)?,
                message: String::new(),
            };
            let price: Option<i64> = r.get(12)?;
            let group: Option<String> = r.get(13)?;
            d.message = message(&d, price, group.as_deref());
            Ok(d)
        },
    )?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

/// The reminder as the merchant would write it, in their voice.
fn message(d: &Due, price_fen: Option<i64>, group: Option<&str>) -> String {
    let mut m = format!(
        "{}您好～上次买的{}（{} 份）差不多该吃完了吧？",
        d.customer, d.product, d.usual_qty
    );
    let group_fen = group
        .and_then(|g| g.split(' ').next())
        .and_then(|f| f.parse::<i64>().ok());
    match (group_fen, price_fen) {
        (Some(g), _) => m.push_str(&format!(
            "{}正在拼团，¥{} 一份。",
            d.product,
            Money::from_fen(g)
        )),
        (None, Some(p)) => m.push_str(&format!("今天{} ¥{} 一份。", d.product, Money::from_fen(p))),
        (None, None) => {}
    }
    m.push_str(&format!("还是给您留 {} 份", d.usual_qty));
    if !d.pickup.is_empty() {
        m.push_str(&format!("，到{}取", d.pickup));
    }
    m.push_str("，好吗？");
    m
}

/// Reminded and bought within a week, against listed, not reminded that
/// day, and bought within a week; over the last `EFFECT_DAYS` days that
/// have had their week.
fn effect(conn: &Connection, clock: &crate::shop_time::ShopClock, at: i64) -> Result<Effect> {
    let (since, until) = (at - EFFECT_DAYS * DAY, at - BOUGHT_WITHIN_DAYS * DAY);
    let week = BOUGHT_WITHIN_DAYS * DAY;
    let (reminded, reminded_bought) = conn.query_row(
        "SELECT count(*), COALESCE(sum(EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = m.customer_id
                  AND o.placed_at > m.sent_at AND o.placed_at <= m.sent_at + ?3
                  AND o.status NOT IN ('draft', 'cancelled'))), 0)
         FROM reorder_reminders m WHERE m.sent_at BETWEEN ?1 AND ?2",
        params![since, until, week],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (from_day, to_day) = (clock.business_day(since), clock.business_day(until));
    let mut listed = conn.prepare_cached(
        "SELECT day, customer_id FROM reorder_listed WHERE day BETWEEN ?1 AND ?2",
    )?;
    let mut e = Effect {
        reminded,
        reminded_bought,
        ..Effect::default()
    };
    let mut rows = listed.query(params![from_day.to_string(), to_day.to_string()])?;
    while let Some(r) = rows.next()? {
        let (day, customer): (String, String) = (r.get(0)?, r.get(1)?);
        let Ok(day) = day.parse::<NaiveDate>() else {
            continue;
        };
        let start = clock.day_start(day);
        let (was_reminded, bought): (bool, bool) = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reorder_reminders WHERE customer_id = ?1
                                AND sent_at BETWEEN ?2 - ?3 AND ?2 + ?4),
                        EXISTS (SELECT 1 FROM orders WHERE customer_id = ?1 AND placed_at BETWEEN ?2 AND ?2 + ?3
                                AND status NOT IN ('draft', 'cancelled'))",
            )?
            .query_row(params![customer, start, week, DAY], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if !was_reminded {
            e.not_reminded += 1;
            e.not_reminded_bought += bought as i32;
        }
    }
    Ok(e)
}

#[cfg(test)]
#[path = "due_tests.rs"]
mod tests;
