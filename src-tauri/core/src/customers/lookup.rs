//! Finding a customer while an order is typed: the start of a name, of a
//! WeChat nickname, of the full pinyin (`wangjing`) or its initials (`wj`),
//! of a phone number, or its last four digits. Each is one index range
//! (migrations 3 and 11), never a pass over every customer; the few found are
//! ranked exact match first, then by their last order, so the regular 王静
//! comes before her namesakes.

use std::cmp::Reverse;

use rusqlite::{params, Connection};

use super::{customer_row, CustomerRow, ROW};
use crate::error::Result;
use crate::shop_time::ShopClock;

/// Customers taken from each index range before ranking.
const PER_RANGE: u32 = 40;
/// Namesakes weighed by their last order (a common name has hundreds).
const NAMESAKES: u32 = 1_000;

/// Each range: the SQL (bounds `?1`..`?2`, limit `?3`) and whether it takes
/// the query as typed or lower-cased (pinyin).
const RANGES: &[(&str, bool)] = &[
    (
        "SELECT id FROM customers WHERE name >= ?1 AND name < ?2 LIMIT ?3",
        false,
    ),
    (
        "SELECT id FROM customers WHERE wechat_nick >= ?1 AND wechat_nick < ?2 AND wechat_nick <> '' LIMIT ?3",
        false,
    ),
    (
        "SELECT id FROM customers WHERE pinyin >= ?1 AND pinyin < ?2 LIMIT ?3",
        true,
    ),
    (
        "SELECT id FROM customers WHERE substr(pinyin, instr(pinyin, ' ') + 1) >= ?1
           AND substr(pinyin, instr(pinyin, ' ') + 1) < ?2 LIMIT ?3",
        true,
    ),
    (
        "SELECT id FROM customers WHERE phone >= ?1 AND phone < ?2 LIMIT ?3",
        false,
    ),
];

/// Up to `limit` customers for what was typed, best first.
pub fn lookup(
    conn: &Connection,
    clock: &ShopClock,
    query: &str,
    limit: u32,
) -> Result<Vec<CustomerRow>> {
    let typed = query.trim();
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = candidates(conn, typed)?;
    ids.sort();
    ids.dedup();
    let mut rows: Vec<CustomerRow> = conn
        .prepare_cached(&format!(
            "{ROW} FROM customers c LEFT JOIN pickup_points pp ON pp.id = c.default_pickup_id
             WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?
        .query_map([serde_json::to_string(&ids).unwrap_or_default()], |r| {
            customer_row(r, clock)
        })?
        .collect::<rusqlite::Result<_>>()?;
    // `last_order` is `YYYY-MM-DD HH:MM:SS` in shop time: sorts as text.
    rows.sort_by_key(|c| {
        let exact = c.name == typed || c.wechat_nick == typed || c.phone.ends_with(typed);
        (!exact, Reverse(c.last_order.clone()), c.name.clone())
    });
    rows.truncate(limit as usize);
    Ok(rows)
}

fn candidates(conn: &Connection, typed: &str) -> Result<Vec<String>> {
    let lower = typed.to_lowercase();
    let mut ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM customers WHERE name = ?1 LIMIT ?2")?
        .query_map(params![typed, NAMESAKES], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (sql, lowered) in RANGES {
        let from = if *lowered { lower.as_str() } else { typed };
        // Every text starting with `from` sorts below `from` + U+10FFFF.
        let to = format!("{from}\u{10FFFF}");
        let mut stmt = conn.prepare_cached(sql)?;
        let found = stmt.query_map(params![from, to, PER_RANGE], |r| r.get::<_, String>(0))?;
        ids.extend(found.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    if typed.len() == 4 && typed.chars().all(|c| c.is_ascii_digit()) {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM customers WHERE substr(phone, -4) = ?1 AND phone <> '' LIMIT ?2",
        )?;
        let found = stmt.query_map(params![typed, PER_RANGE], |r| r.get::<_, String>(0))?;
        ids.extend(found.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(ids)
}

/// A customer a name or phone on an order could mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Meant {
    pub id: String,
    pub name: String,
    pub wechat_nick: String,
    pub phone: String,
}

impl Meant {
    /// How the merchant tells namesakes apart: name, nickname, phone's end.
    pub fn label(&self) -> String {
        let mut out = self.name.clone();
        if !self.wechat_nick.is_empty() && self.wechat_nick != self.name {
            out.push_str(&format!("（{}）", self.wechat_nick));
        }
        if let Some(tail) = self.phone.get(self.phone.len().saturating_sub(4)..) {
            if !tail.is_empty() {
                out.push_str(&format!(" …{tail}"));
            }
        }
        out
    }
}

/// Namesakes listed in a refusal: enough to see the problem, not a phone book.
const MEANT_SHOWN: u32 = 5;

/// The customers a typed name and phone mean, for an order that names its
/// customer instead of picking one. A phone is who someone is: it decides
/// alone. A name (or WeChat nickname) fits the customers without a phone, or
/// any when no phone is given; more than one means the merchant must say
/// which. Each query is one index range.
pub fn meant(conn: &Connection, name: &str, phone: &str) -> Result<Vec<Meant>> {
    // A phone kept as typed before phones were kept by their digits is
    // still found when typed the same way again.
    let typed = phone.trim();
    let phone = super::phone::normalize(phone);
    let phone = phone.as_str();
    let select = "SELECT id, name, wechat_nick, phone FROM customers";
    let read = |r: &rusqlite::Row| {
        Ok(Meant {
            id: r.get(0)?,
            name: r.get(1)?,
            wechat_nick: r.get(2)?,
            phone: r.get(3)?,
        })
    };
    if !phone.is_empty() {
        let by_phone: Vec<Meant> = conn
            .prepare_cached(&format!(
                "{select} WHERE phone IN (?1, ?2) ORDER BY created_at LIMIT 1"
            ))?
            .query_map([phone, typed], read)?
            .collect::<rusqlite::Result<_>>()?;
        if !by_phone.is_empty() || name.is_empty() {
            return Ok(by_phone);
        }
    }
    if name.is_empty() {
        return Ok(Vec::new());
    }
    // A customer with another phone is someone else, when a phone is given.
    let same = "(?2 = '' OR phone = '')";
    let mut found: Vec<Meant> = conn
        .prepare_cached(&format!(
            "SELECT * FROM ({select} WHERE name = ?1 AND {same} LIMIT ?3)
             UNION SELECT * FROM ({select} WHERE wechat_nick = ?1 AND {same} LIMIT ?3)"
        ))?
        .query_map(params![name, phone, MEANT_SHOWN], read)?
        .collect::<rusqlite::Result<_>>()?;
    // UUIDv7 ids sort by creation: the oldest first.
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.truncate(MEANT_SHOWN as usize);
    Ok(found)
}

#[cfg(test)]
#[path = "meant_tests.rs"]
mod meant_tests;

#[cfg(test)]
mod tests {
    use crate::testing::peach_shop;

    #[test]
    fn finds_by_the_start_of_what_the_merchant_knows_regulars_first() {
        let (_dir, mut store) = peach_shop();
        store
            .conn()
            .execute_batch(
                "INSERT INTO customers(id, name, wechat_nick, phone, pinyin, created_at, updated_at) VALUES
                   ('a', '王静', '静静', '13800001234', 'wj wangjing', 0, 0),
                   ('b', '王静', '', '13900005678', 'wj wangjing', 0, 0),
                   ('c', '王静怡', '', '', 'wjy wangjingyi', 0, 0),
                   ('d', '李四', 'WJ小店', '13700009999', 'ls lisi', 0, 0);",
            )
            .unwrap();
        // 'b' ordered lately: the regular comes first among namesakes.
        let order = crate::orders::NewOrder {
            customer_id: Some("b".into()),
            channel: "wechat".into(),
            lines: vec![crate::orders::NewLine {
                sku: "TAO-5".into(),
                qty: 1,
                ..Default::default()
            }],
            ..Default::default()
        };
        store
            .write(|w| {
                crate::checkout::create(w, &order)?;
                Ok(())
            })
            .unwrap();
        let clock = *store.clock();
        let ids = |q: &str| -> Vec<String> {
            super::lookup(store.conn(), &clock, q, 8)
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect()
        };
        let first = ids("王静");
        assert_eq!(first.len(), 3);
        assert_eq!(first[2], "c", "exact names before 王静怡");
        let regular = first[0].clone();
        assert_eq!(ids("wangjing")[0], regular);
        assert_eq!(ids("wj").len(), 3);
        assert_eq!(ids("WangJing").len(), 3, "pinyin in any case");
        assert_eq!(ids("1234"), vec!["a"], "the phone's last four digits");
        assert_eq!(ids("1390"), vec!["b"], "the phone's start");
        assert_eq!(ids("静静"), vec!["a"], "the WeChat nickname");
        assert!(ids("张").is_empty());
        assert!(ids("  ").is_empty());
    }
}
