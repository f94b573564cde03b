//! The shop's tables as the server holds them: read from this build's own
//! schema, so a table a migration adds is published without a list to keep.

use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::store::rollups::ROLLUPS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Integer,
    Text,
    Blob,
}

impl Kind {
    fn postgres(self) -> &'static str {
        match self {
            Kind::Integer => "bigint",
            Kind::Text => "text",
            Kind::Blob => "bytea",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub kind: Kind,
    not_null: bool,
    /// Computed by SQLite from the others: published for whoever reads the
    /// server, never written back into a shop file.
    pub generated: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    key: Vec<String>,
}

/// Settings that belong to this terminal, not to the shop: never published,
/// never copied to another terminal, left out of the digest.
pub(crate) const LOCAL_SETTINGS: &[&str] = &["terminal_id", "terminal_name", "shop_server"];

/// Tables that hold what happened on this terminal (its activity log, its
/// own number counters): published for reading, but a joining terminal's
/// copies differ by nature, so the digest leaves them out.
const PER_TERMINAL: &[&str] = &["change_log", "number_seq"];

impl Table {
    /// Quoted, comma-separated columns, the generated ones with the rest or not.
    pub fn column_list(&self, with_generated: bool) -> String {
        self.columns
            .iter()
            .filter(|c| with_generated || !c.generated)
            .map(|c| format!("\"{}\"", c.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn create_sql(&self) -> String {
        let cols: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                let null = if c.not_null { " NOT NULL" } else { "" };
                format!("\"{}\" {}{null}", c.name, c.kind.postgres())
            })
            .collect();
        let key: Vec<String> = self.key.iter().map(|k| format!("\"{k}\"")).collect();
        format!(
            "CREATE TABLE \"{}\" ({}, PRIMARY KEY ({}))",
            self.name,
            cols.join(", "),
            key.join(", ")
        )
    }

    /// The rows that are the shop's, as a WHERE clause (the same in SQLite
    /// and PostgreSQL).
    pub fn shop_rows(&self) -> String {
        if self.name == "shop_settings" {
            let keys: Vec<String> = LOCAL_SETTINGS.iter().map(|k| format!("'{k}'")).collect();
            format!("key NOT IN ({})", keys.join(", "))
        } else {
            "TRUE".to_string()
        }
    }

    /// Rebuilt from the facts when a terminal joins, not copied.
    pub fn is_rollup(&self) -> bool {
        ROLLUPS.iter().any(|r| r.table == self.name)
    }

    pub fn in_digest(&self) -> bool {
        !PER_TERMINAL.contains(&self.name.as_str())
    }
}

/// Every table of the shop, by name. A column type this code does not know
/// how to carry stops the publish before anything is sent.
pub(crate) fn shop_tables(conn: &Connection) -> Result<Vec<Table>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names.into_iter().map(|n| table(conn, n)).collect()
}

fn table(conn: &Connection, name: String) -> Result<Table> {
    let mut stmt = conn.prepare(
        "SELECT name, upper(type), \"notnull\", pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid",
    )?;
    let rows: Vec<(String, String, bool, i64, i64)> = stmt
        .query_map([&name], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut key: Vec<(i64, String)> = Vec::new();
    let mut columns = Vec::new();
    for (col, declared, not_null, pk, hidden) in rows {
        let kind = kind_of(&declared).ok_or_else(|| {
            CoreError::Server(format!(
                "{name}.{col}: a column of type {declared:?} cannot be published yet"
            ))
        })?;
        if pk > 0 {
            key.push((pk, col.clone()));
        }
        columns.push(Column {
            name: col,
            kind,
            not_null: not_null || pk > 0,
            generated: hidden == 2 || hidden == 3,
        });
    }
    key.sort();
    Ok(Table {
        name,
        columns,
        key: key.into_iter().map(|(_, c)| c).collect(),
    })
}

/// SQLite's affinity rules, narrowed to the types the shop's schema uses.
fn kind_of(declared: &str) -> Option<Kind> {
    if declared.contains("INT") {
        Some(Kind::Integer)
    } else if declared.contains("TEXT") || declared.contains("CHAR") || declared.contains("CLOB") {
        Some(Kind::Text)
    } else if declared.contains("BLOB") {
        Some(Kind::Blob)
    } else {
        None
    }
}
