//! The people and places of campaigns by the names merchants call them.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{CoreError, Result};

fn by_name(conn: &Connection, sql: &str, entity: &'static str, name: &str) -> Result<String> {
    conn.query_row(sql, [name.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity,
            key: name.to_string(),
        })
}

pub fn distributor(conn: &Connection, name: &str) -> Result<String> {
    by_name(
        conn,
        "SELECT id FROM distributors WHERE name = ?1",
        "distributor",
        name,
    )
}

pub fn pickup_point(conn: &Connection, name: &str) -> Result<String> {
    by_name(
        conn,
        "SELECT id FROM pickup_points WHERE name = ?1 ORDER BY created_at LIMIT 1",
        "pickup point",
        name,
    )
}

/// A group buy by its id or its name (the newest of that name).
pub fn group_buy(conn: &Connection, key: &str) -> Result<String> {
    by_name(
        conn,
        "SELECT id FROM group_buys WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC, created_at DESC LIMIT 1",
        "group buy",
        key,
    )
}
