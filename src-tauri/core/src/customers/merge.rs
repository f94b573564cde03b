//! One customer per person. A merchant ends up with the same buyer as a
//! name, a WeChat nickname and a phone number; `duplicates` finds the
//! likely ones and `merge` folds one record into another in one
//! transaction: orders (and with them their reviews and after-sales),
//! distributor links, reorder reminders and the membership (or its points)
//! move to the customer that stays, empty details are filled from the
//! other, and the other record goes. What moved is kept in
//! `customer_merges`, so `undo` puts both back as they were.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

use super::CustomerRow;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;

/// Customers who are likely one person, and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DuplicateGroup {
    /// `phone` (the same number), `nickname` (the same WeChat nickname and
    /// pickup point) or `name` (the same name, said the same in pinyin, at
    /// the same pickup point).
    pub reason: String,
    pub key: String,
    /// The one with the most orders first: the one to keep, as a rule.
    pub customers: Vec<CustomerRow>,
}

/// What a merge did, as the screen and the CLI report it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Merged {
    pub merge_id: String,
    pub kept_id: String,
    pub merged_name: String,
    pub orders: u32,
}

/// The customer fields a merge may fill on the one that stays.
const FIELDS: [&str; 6] = [
    "wechat_nick",
    "phone",
    "default_pickup_id",
    "address",
    "tags",
    "notes",
];

/// Likely duplicates, at most `limit` groups, each an index walk or one
/// grouping pass over the customers. A group of more than four is a common
/// nickname or name (many 王姐 at one pickup point), not one person.
pub fn duplicates(conn: &Connection, clock: &ShopClock, limit: u32) -> Result<Vec<DuplicateGroup>> {
    let passes = [
        (
            "phone",
            "SELECT phone, group_concat(id) FROM customers WHERE phone <> '' GROUP BY phone HAVING count(*) BETWEEN 2 AND 4",
        ),
        (
            "nickname",
            "SELECT wechat_nick, group_concat(id) FROM customers WHERE wechat_nick <> '' AND default_pickup_id IS NOT NULL
             GROUP BY wechat_nick, default_pickup_id HAVING count(*) BETWEEN 2 AND 4",
        ),
        (
            "name",
            "SELECT name, group_concat(id) FROM customers WHERE default_pickup_id IS NOT NULL
             GROUP BY substr(pinyin, instr(pinyin, ' ') + 1), default_pickup_id HAVING count(*) BETWEEN 2 AND 4",
        ),
    ];
    let mut groups: Vec<DuplicateGroup> = Vec::new();
    // Which group each customer was listed in, so a pair found by its phone
    // is not listed again by its name.
    let mut listed: HashMap<String, usize> = HashMap::new();
    for (reason, sql) in passes {
        let found: Vec<(String, String)> = conn
            .prepare(sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (key, ids) in found {
            let ids: Vec<&str> = ids.split(',').collect();
            let first = listed.get(ids[0]).copied();
            if first.is_some() && ids.iter().all(|id| listed.get(*id).copied() == first) {
                continue;
            }
            for id in &ids {
                listed.insert(id.to_string(), groups.len());
            }
            let mut customers = ids
                .iter()
                .map(|id| super::row_of(conn, clock, id))
                .collect::<Result<Vec<_>>>()?;
            customers.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.id.cmp(&b.id)));
            groups.push(DuplicateGroup {
                reason: reason.to_string(),
                key,
                customers,
            });
            if groups.len() >= limit as usize {
                return Ok(groups);
            }
        }
    }
    Ok(groups)
}

/// Folds `other` into `keep` (see the module); returns what it did.
pub fn merge(w: &Writer, keep: &str, other: &str) -> Result<Merged> {
    if keep == other {
        return Err(CoreError::refused(
            Refusal::MergeSelf,
            &[],
            "a customer cannot be merged into itself".into(),
        ));
    }
    let kept = snapshot(w.tx, keep)?;
    let gone = snapshot(w.tx, other)?;
    let now = shop_time::now();
    let orders = move_rows(w.tx, "orders", other, keep)?;
    let distributors = move_rows(w.tx, "distributors", other, keep)?;
    let reminders = move_rows(w.tx, "reorder_reminders", other, keep)?;
    let membership = move_membership(w.tx, other, keep)?;
    fill_details(w.tx, keep, &kept, &gone)?;
    w.tx.execute("DELETE FROM customers WHERE id = ?1", [other])?;
    let id = ids::new_id();
    let record = json!({
        "customer": gone,
        "kept_before": kept,
        "orders": orders,
        "distributors": distributors,
        "reminders": reminders,
        "membership": membership,
    });
    w.tx.execute(
        "INSERT INTO customer_merges(id, kept_id, merged, at) VALUES (?1, ?2, ?3, ?4)",
        params![id, keep, record.to_string(), now],
    )?;
    let name = text(&gone, "name");
    // Logged under the merge's id: the activity screen undoes it from there.
    w.log(
        "customer_merge",
        &id,
        "merge",
        &format!("{name} → {}（{} 单）", text(&kept, "name"), orders.len()),
    )?;
    Ok(Merged {
        merge_id: id,
        kept_id: keep.to_string(),
        merged_name: name,
        orders: orders.len() as u32,
    })
}

/// Takes a merge back: the merged customer returns with their orders,
/// distributor links and membership, and the kept one's details are as
/// before. Orders taken for the kept customer since stay with them.
pub fn undo(w: &Writer, merge_id: &str) -> Result<()> {
    let (kept_id, merged, undone): (String, String, Option<i64>) =
        w.tx.query_row(
            "SELECT kept_id, merged, undone_at FROM customer_merges WHERE id = ?1",
            [merge_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "merge",
            key: merge_id.to_string(),
        })?;
    if undone.is_some() {
        return Err(CoreError::refused(
            Refusal::MergeUndone,
            &[],
            "this merge was undone already".into(),
        ));
    }
    let kept_exists: bool = w.tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1)",
        [&kept_id],
        |r| r.get(0),
    )?;
    if !kept_exists {
        return Err(CoreError::refused(
            Refusal::MergeKeptGone,
            &[],
            "the customer kept was merged into another since: undo that merge first".into(),
        ));
    }
    let record: Value = serde_json::from_str(&merged)
        .map_err(|e| CoreError::invalid("merge", format!("unreadable merge record: {e}")))?;
    let gone = &record["customer"];
    let other = text(gone, "id");
    restore_customer(w.tx, gone)?;
    let moved = [
        ("orders", "orders"),
        ("distributors", "distributors"),
        ("reorder_reminders", "reminders"),
    ];
    for (table, key) in moved {
        for id in record[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            w.tx.execute(
                &format!("UPDATE {table} SET customer_id = ?2 WHERE id = ?1 AND customer_id = ?3"),
                params![id, other, kept_id],
            )?;
        }
    }
    restore_membership(w.tx, &record["membership"], &other)?;
    let before = &record["kept_before"];
    for f in FIELDS {
        w.tx.execute(
            &format!("UPDATE customers SET {f} = ?2 WHERE id = ?1"),
            params![kept_id, sql_value(&before[f])],
        )?;
    }
    w.tx.execute(
        "UPDATE customer_merges SET undone_at = ?2 WHERE id = ?1",
        params![merge_id, shop_time::now()],
    )?;
    w.log(
        "customer_merge",
        merge_id,
        "merge_undone",
        &text(gone, "name"),
    )
}

/// The customer's row as JSON (every column), refused when missing.
fn snapshot(conn: &Connection, id: &str) -> Result<Value> {
    let mut stmt = conn.prepare_cached("SELECT * FROM customers WHERE id = ?1")?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    stmt.query_row([id], |r| {
        let mut row = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => Value::Null,
                rusqlite::types::ValueRef::Integer(n) => json!(n),
                rusqlite::types::ValueRef::Real(f) => json!(f),
                rusqlite::types::ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                rusqlite::types::ValueRef::Blob(_) => Value::Null,
            };
            row.insert(name.clone(), v);
        }
        Ok(Value::Object(row))
    })
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "customer",
        key: id.to_string(),
    })
}

fn restore_customer(conn: &Connection, row: &Value) -> Result<()> {
    let obj = row.as_object().cloned().unwrap_or_default();
    let cols: Vec<&String> = obj.keys().collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let values: Vec<rusqlite::types::Value> = obj.values().map(sql_value).collect();
    conn.execute(
        &format!(
            "INSERT INTO customers({}) VALUES ({})",
            cols.iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            marks.join(", ")
        ),
        rusqlite::params_from_iter(values),
    )?;
    Ok(())
}

fn sql_value(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Number(n) => rusqlite::types::Value::Integer(n.as_i64().unwrap_or_default()),
        Value::String(s) => rusqlite::types::Value::Text(s.clone()),
        other => rusqlite::types::Value::Text(other.to_string()),
    }
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

/// Moves a table's rows from one customer to another; their ids.
fn move_rows(conn: &Connection, table: &str, from: &str, to: &str) -> Result<Vec<String>> {
    let ids: Vec<String> = conn
        .prepare(&format!("SELECT id FROM {table} WHERE customer_id = ?1"))?
        .query_map([from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    conn.execute(
        &format!("UPDATE {table} SET customer_id = ?2 WHERE customer_id = ?1"),
        params![from, to],
    )?;
    Ok(ids)
}

/// The merged customer's membership goes to the kept one; when both are
/// members, its points (and their ledger lines) join the kept one's.
fn move_membership(conn: &Connection, from: &str, to: &str) -> Result<Value> {
    let member = |c: &str| -> Result<Option<(String, i64)>> {
        Ok(conn
            .query_row(
                "SELECT id, points FROM members WHERE customer_id = ?1",
                [c],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    };
    let (Some((theirs, points)), kept) = (member(from)?, member(to)?) else {
        return Ok(Value::Null);
    };
    let Some((ours, _)) = kept else {
        conn.execute(
            "UPDATE members SET customer_id = ?2 WHERE id = ?1",
            params![theirs, to],
        )?;
        return Ok(json!({ "moved": theirs }));
    };
    let row: (String, i64) = conn.query_row(
        "SELECT level, joined_at FROM members WHERE id = ?1",
        [&theirs],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let ledger: Vec<String> = conn
        .prepare("SELECT id FROM points_ledger WHERE member_id = ?1")?
        .query_map([&theirs], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    conn.execute(
        "UPDATE points_ledger SET member_id = ?2 WHERE member_id = ?1",
        params![theirs, ours],
    )?;
    conn.execute(
        "UPDATE members SET points = points + ?2 WHERE id = ?1",
        params![ours, points],
    )?;
    conn.execute("DELETE FROM members WHERE id = ?1", [&theirs])?;
    Ok(json!({
        "joined": { "id": theirs, "into": ours, "level": row.0, "joined_at": row.1, "points": points, "ledger": ledger }
    }))
}

fn restore_membership(conn: &Connection, m: &Value, customer: &str) -> Result<()> {
    if let Some(id) = m["moved"].as_str() {
        conn.execute(
            "UPDATE members SET customer_id = ?2 WHERE id = ?1",
            params![id, customer],
        )?;
    }
    let j = &m["joined"];
    if let (Some(id), Some(into)) = (j["id"].as_str(), j["into"].as_str()) {
        let points = j["points"].as_i64().unwrap_or_default();
        conn.execute(
            "INSERT INTO members(id, customer_id, level, points, joined_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, customer, j["level"].as_str().unwrap_or("regular"), points, j["joined_at"].as_i64().unwrap_or_default()],
        )?;
        for line in j["ledger"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            conn.execute(
                "UPDATE points_ledger SET member_id = ?2 WHERE id = ?1",
                params![line, id],
            )?;
        }
        conn.execute(
            "UPDATE members SET points = points - ?2 WHERE id = ?1",
            params![into, points],
        )?;
    }
    Ok(())
}

/// The kept customer's empty details take the merged one's; tags join,
/// notes are kept both.
fn fill_details(conn: &Connection, keep: &str, kept: &Value, gone: &Value) -> Result<()> {
    for f in ["wechat_nick", "phone", "default_pickup_id", "address"] {
        let empty = kept[f].as_str().is_none_or(str::is_empty);
        if empty && !gone[f].is_null() {
            conn.execute(
                &format!("UPDATE customers SET {f} = ?2 WHERE id = ?1"),
                params![keep, sql_value(&gone[f])],
            )?;
        }
    }
    let mut tags: Vec<String> = Vec::new();
    for t in [text(kept, "tags"), text(gone, "tags")] {
        for tag in t
            .split([',', '，'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if !tags.iter().any(|x| x == tag) {
                tags.push(tag.to_string());
            }
        }
    }
    let notes = [text(kept, "notes"), text(gone, "notes")]
        .into_iter()
        .filter(|n| !n.trim().is_empty())
        .collect::<Vec<_>>()
        .join("；");
    conn.execute(
        "UPDATE customers SET tags = ?2, notes = ?3, updated_at = ?4 WHERE id = ?1",
        params![keep, tags.join(", "), notes, shop_time::now()],
    )?;
    Ok(())
}
