//! The change log: who changed what and when, written in the same transaction
//! as the change itself. It feeds the activity screen now and will carry
//! changes between terminals later.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::shop_time::{self, ShopClock};
use crate::store::Session;

pub fn record(
    conn: &Connection,
    session: &Session,
    entity: &str,
    id: &str,
    action: &str,
    summary: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO change_log(at, terminal, actor, entity, entity_id, action, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        shop_time::now(),
        session.terminal,
        session.actor,
        entity,
        id,
        action,
        summary
    ])?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ActivityEntry {
    pub seq: i32,
    /// Shop-local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub terminal: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub summary: String,
}

/// The newest `limit` changes, newest first.
pub fn recent(conn: &Connection, clock: &ShopClock, limit: u32) -> Result<Vec<ActivityEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, terminal, actor, entity, entity_id, action, summary
         FROM change_log ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(ActivityEntry {
            seq: r.get(0)?,
            at: clock.format(r.get(1)?),
            terminal: r.get(2)?,
            actor: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            action: r.get(6)?,
            summary: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
