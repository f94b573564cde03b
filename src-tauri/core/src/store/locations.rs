//! The shop's places (stores, warehouses, pickup shelves): the store layer
//! knows the main one, which a new shop gets on first need, so the layers
//! above it (stock, imports undoing sales) ask here.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::ids;

/// Where this terminal's stock moves: its home store when it has one (a
/// terminal of a shop on several computers, `terminals::set_location`),
/// else the shop's main location (the first store), created on first need.
pub fn main_location(conn: &Connection) -> Result<String> {
    let home: Option<String> = conn
        .prepare_cached(
            "SELECT l.id FROM shop_settings s JOIN locations l ON l.id = s.value
             WHERE s.key = 'terminal_location'",
        )?
        .query_row([], |r| r.get(0))
        .optional()?;
    if let Some(id) = home {
        return Ok(id);
    }
    let found: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM locations WHERE kind = 'store' ORDER BY created_at, id LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = ids::new_id();
    conn.execute(
        "INSERT INTO locations(id, name, kind, created_at) VALUES (?1, '门店', 'store', ?2)",
        params![id, crate::shop_time::now()],
    )?;
    Ok(id)
}
