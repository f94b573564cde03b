//! The outbox: every row this terminal writes is noted in `terminal_outbox`
//! by a trigger, in the same transaction as the write, so nothing written
//! offline is forgotten. The triggers exist only while the shop is on a
//! server, so a shop on one laptop pays nothing for them. Changes applied
//! from the server are not noted (they would echo back).

use rusqlite::Connection;

use super::tables::{shop_tables, Table, LOCAL_SETTINGS};
use crate::error::Result;

const PREFIX: &str = "terminal_outbox_";

/// Writes the triggers for every replicated table, replacing any there:
/// after a migration a table may have new columns or have been rebuilt.
pub(crate) fn install(conn: &Connection) -> Result<()> {
    remove(conn)?;
    for t in &shop_tables(conn)? {
        conn.execute_batch(&triggers(t))?;
    }
    Ok(())
}

/// Reinstalls the triggers on a shop that is on a server (after a
/// migration); a shop on one laptop is left without them.
pub(crate) fn ensure(conn: &Connection) -> Result<()> {
    let on_server: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM shop_settings WHERE key = 'shop_server')",
        [],
        |r| r.get(0),
    )?;
    if on_server {
        install(conn)?;
    }
    Ok(())
}

fn remove(conn: &Connection) -> Result<()> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, length(?1)) = ?1")?
        .query_map([PREFIX], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for n in names {
        conn.execute_batch(&format!("DROP TRIGGER \"{n}\""))?;
    }
    Ok(())
}

/// After insert, update and delete: the row's key into the outbox, unless
/// the row is this terminal's own setting or the server's change being
/// applied.
fn triggers(t: &Table) -> String {
    let mut sql = String::new();
    for (suffix, event, row) in [
        ("i", "INSERT", "NEW"),
        ("u", "UPDATE", "NEW"),
        ("d", "DELETE", "OLD"),
    ] {
        let mut when = "(SELECT applying FROM terminal_sync) = 0".to_string();
        if t.name == "shop_settings" {
            let keys: Vec<String> = LOCAL_SETTINGS.iter().map(|k| format!("'{k}'")).collect();
            when.push_str(&format!(" AND {row}.key NOT IN ({})", keys.join(", ")));
        }
        sql.push_str(&format!(
            "CREATE TRIGGER \"{PREFIX}{name}_{suffix}\" AFTER {event} ON \"{name}\" WHEN {when}
             BEGIN INSERT INTO terminal_outbox(tbl, key) VALUES ('{name}', {key}); END;\n",
            name = t.name,
            key = t.key_json(row),
        ));
    }
    sql
}

/// Changes written here and not yet on the server.
pub fn pending(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(DISTINCT tbl || key) FROM terminal_outbox",
        [],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}
