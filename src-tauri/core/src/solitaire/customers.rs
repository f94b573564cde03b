//! Who a 接龙 line is from: by the phone number written in it, else by
//! WeChat nickname or name, exactly as written. One match is an existing
//! customer, none a new one, several are asked about, never picked.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::shop_time::ShopClock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerMatch {
    Existing,
    New,
    Ambiguous,
}

/// One of several customers a line may be from, with what tells them
/// apart: the phone and their last order.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub wechat_nick: String,
    pub phone: String,
    /// Their latest order's number and day, if any.
    pub last_order: Option<String>,
    pub last_order_day: Option<String>,
}

/// The customer side of an entry.
pub struct Who {
    pub id: Option<String>,
    pub matched: CustomerMatch,
    pub phone: Option<String>,
    pub candidates: Vec<Candidate>,
}

/// Candidates shown at most; the screen's customer search finds the rest.
const SHOWN: usize = 8;
/// Same-named customers looked at (the newest), so a name shared by
/// hundreds still answers at once.
const LOOKED_AT: i64 = 20;

/// Customers whose name or WeChat nickname is exactly `name`.
pub fn named(conn: &Connection, name: &str) -> Result<Vec<String>> {
    if name.is_empty() {
        return Ok(Vec::new());
    }
    // Each arm walks its index newest first and stops at the limit, so a
    // name shared by hundreds costs no more than one shared by a few.
    let mut stmt = conn.prepare_cached(
        "SELECT c.id FROM (SELECT r FROM (SELECT rowid AS r FROM customers WHERE name = ?1 ORDER BY rowid DESC LIMIT ?2)
                           UNION SELECT r FROM (SELECT rowid AS r FROM customers WHERE wechat_nick = ?1 ORDER BY rowid DESC LIMIT ?2)) n
         JOIN customers c ON c.rowid = n.r ORDER BY n.r DESC LIMIT ?2",
    )?;
    let ids = stmt
        .query_map(params![name, LOOKED_AT], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn with_phone(conn: &Connection, phone: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT id FROM customers WHERE phone = ?1 ORDER BY rowid DESC LIMIT ?2")?;
    let ids = stmt
        .query_map(params![phone, LOOKED_AT], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn phone_of(conn: &Connection, id: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT phone FROM customers WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// Who wrote `name` (and `phone`, when the line has one).
pub fn who(conn: &Connection, clock: &ShopClock, name: &str, phone: Option<&str>) -> Result<Who> {
    let mut ids = match phone {
        Some(p) => with_phone(conn, p)?,
        None => Vec::new(),
    };
    if ids.is_empty() {
        ids = named(conn, name)?;
        // A phone no one has, beside a name someone has: a new number of
        // theirs, or someone else. A person decides.
        if phone.is_some() && !ids.is_empty() {
            return Ok(Who {
                id: None,
                matched: CustomerMatch::Ambiguous,
                phone: phone.map(str::to_string),
                candidates: candidates(conn, clock, &ids)?,
            });
        }
    }
    Ok(match ids.as_slice() {
        [] => Who {
            id: None,
            matched: CustomerMatch::New,
            phone: phone.map(str::to_string),
            candidates: Vec::new(),
        },
        [id] => Who {
            phone: Some(phone_of(conn, id)?).filter(|p| !p.is_empty()),
            id: Some(id.clone()),
            matched: CustomerMatch::Existing,
            candidates: Vec::new(),
        },
        _ => Who {
            id: None,
            matched: CustomerMatch::Ambiguous,
            phone: phone.map(str::to_string),
            candidates: candidates(conn, clock, &ids)?,
        },
    })
}

/// The customers, the most recent buyers first, at most [`SHOWN`]. Their
/// last order's day comes from the covering index alone; the order number
/// is looked up only for those shown.
fn candidates(conn: &Connection, clock: &ShopClock, ids: &[String]) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.wechat_nick, c.phone, (SELECT max(placed_at) FROM orders WHERE customer_id = c.id)
         FROM customers c WHERE c.id = ?1",
    )?;
    let mut found: Vec<(Option<i64>, Candidate)> = Vec::new();
    for id in ids {
        let row = stmt.query_row([id], |r| {
            let at: Option<i64> = r.get(4)?;
            Ok((
                at,
                Candidate {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    wechat_nick: r.get(2)?,
                    phone: r.get(3)?,
                    last_order: None,
                    last_order_day: at.map(|t| clock.business_day(t).to_string()),
                },
            ))
        })?;
        found.push(row);
    }
    found.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    found.truncate(SHOWN);
    let mut order_no = conn.prepare_cached(
        "SELECT order_no FROM orders WHERE customer_id = ?1 AND placed_at = ?2 LIMIT 1",
    )?;
    for (at, c) in &mut found {
        if let Some(at) = *at {
            c.last_order = order_no
                .query_row(params![c.id, at], |r| r.get(0))
                .optional()?;
        }
    }
    Ok(found.into_iter().map(|(_, c)| c).collect())
}
