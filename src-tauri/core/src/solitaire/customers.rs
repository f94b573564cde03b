//! Who a 接龙 line is from: by the phone number written in it, else by
//! WeChat nickname or name, exactly as written. One match is an existing
//! customer, none a new one, several are asked about, never picked.

use rusqlite::{params, Connection};
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
const LOOKED_AT: i64 = 40;

/// Customers whose name or WeChat nickname is exactly `name`.
pub fn named(conn: &Connection, name: &str) -> Result<Vec<String>> {
    if name.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM (SELECT id, rowid AS r FROM customers WHERE name = ?1
                         UNION SELECT id, rowid AS r FROM customers WHERE wechat_nick = ?1)
         ORDER BY r DESC LIMIT ?2",
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

/// The customers, the most recent buyers first, at most [`SHOWN`].
fn candidates(conn: &Connection, clock: &ShopClock, ids: &[String]) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.wechat_nick, c.phone, o.order_no, o.placed_at FROM customers c
         LEFT JOIN orders o ON o.id = (SELECT id FROM orders WHERE customer_id = c.id ORDER BY placed_at DESC LIMIT 1)
         WHERE c.id = ?1",
    )?;
    let mut found: Vec<(Option<i64>, Candidate)> = Vec::new();
    for id in ids {
        let row = stmt.query_row([id], |r| {
            let at: Option<i64> = r.get(5)?;
            Ok((
                at,
                Candidate {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    wechat_nick: r.get(2)?,
                    phone: r.get(3)?,
                    last_order: r.get(4)?,
                    last_order_day: at.map(|t| clock.business_day(t).to_string()),
                },
            ))
        })?;
        found.push(row);
    }
    found.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    Ok(found.into_iter().take(SHOWN).map(|(_, c)| c).collect())
}
