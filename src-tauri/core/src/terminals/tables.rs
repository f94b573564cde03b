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
pub(crate) const LOCAL_SETTINGS: &[&str] = &[
    "terminal_id",
    "terminal_name",
    "terminal_letter",
    "shop_server",
];

/// Tables that are this terminal's own: its activity log, its number
/// counters, its outbox and place in the server's changes.
const LOCAL_TABLES: &[&str] = &[
    "change_log",
    "number_seq",
    "terminal_outbox",
    "terminal_sync",
    "terminal_parked",
];

/// Figures kept from the facts in the same transaction: each terminal keeps
/// its own from the facts it holds, so they are never sent (a reader of the
/// server sums `stock_movements` for stock).
fn is_derived(name: &str) -> bool {
    name == "stock_levels" || ROLLUPS.iter().any(|r| r.table == name)
}

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
        // Columns in this table's order: the server's `SELECT *` of a
        // pushed row relies on it.
        let cols: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                let null = if c.not_null { " NOT NULL" } else { "" };
                format!("\"{}\" {}{null}", c.name, c.kind.postgres())
            })
            .collect();
        format!(
            "CREATE TABLE \"{}\" ({}, PRIMARY KEY ({}))",
            self.name,
            cols.join(", "),
            self.quoted_key()
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

    /// The key of the trigger's row (`NEW` or `OLD`) as a JSON array.
    pub fn key_json(&self, row: &str) -> String {
        let cols: Vec<String> = self.key.iter().map(|k| format!("{row}.\"{k}\"")).collect();
        format!("json_array({})", cols.join(", "))
    }

    /// `k1 = json_extract(?1, '$[0]') AND …`: the row a JSON key names.
    pub fn key_match(&self) -> String {
        let parts: Vec<String> = self
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("\"{k}\" = json_extract(?1, '$[{i}]')"))
            .collect();
        parts.join(" AND ")
    }

    /// SQLite's `json_object('c1', "c1", …)` of every column: a row as it
    /// is sent.
    pub fn json_object(&self) -> String {
        let parts: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("'{0}', \"{0}\"", c.name))
            .collect();
        format!("json_object({})", parts.join(", "))
    }

    fn non_key(&self) -> Vec<&Column> {
        self.columns
            .iter()
            .filter(|c| !self.key.contains(&c.name))
            .collect()
    }

    /// Writes the row in `?1` (a JSON object as sent) into this table here,
    /// as an insert or over the row with its key. `WHERE true` tells
    /// SQLite's parser the ON CONFLICT belongs to the INSERT.
    pub fn upsert_from_json(&self) -> String {
        let stored: Vec<&Column> = self.columns.iter().filter(|c| !c.generated).collect();
        let values: Vec<String> = stored
            .iter()
            .map(|c| format!("json_extract(?1, '$.\"{}\"')", c.name))
            .collect();
        let set: Vec<String> = self
            .non_key()
            .iter()
            .filter(|c| !c.generated)
            .map(|c| format!("\"{0}\" = excluded.\"{0}\"", c.name))
            .collect();
        format!(
            "INSERT INTO \"{}\" ({}) SELECT {} WHERE true ON CONFLICT({}) DO {}",
            self.name,
            self.column_list(false),
            values.join(", "),
            self.quoted_key(),
            if set.is_empty() {
                "NOTHING".to_string()
            } else {
                format!("UPDATE SET {}", set.join(", "))
            }
        )
    }

    fn quoted_key(&self) -> String {
        let k: Vec<String> = self.key.iter().map(|k| format!("\"{k}\"")).collect();
        k.join(", ")
    }

    /// On the server: `"k1" = ($1::text::jsonb->>0)::bigint AND …`.
    pub fn server_key_match(&self) -> String {
        let parts: Vec<String> = self
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let kind = self.columns.iter().find(|c| &c.name == k).map(|c| c.kind);
                let cast = if kind == Some(Kind::Integer) {
                    "::bigint"
                } else {
                    ""
                };
                format!("\"{k}\" = (($1::text::jsonb)->>{i}){cast}")
            })
            .collect();
        parts.join(" AND ")
    }

    /// On the server: the row in `$1` (JSON text) inserted or written over
    /// the row with its key.
    pub fn server_upsert(&self) -> String {
        let rest = self.non_key();
        let action = if rest.is_empty() {
            "NOTHING".to_string()
        } else {
            let cols: Vec<String> = rest.iter().map(|c| format!("\"{}\"", c.name)).collect();
            let new: Vec<String> = rest
                .iter()
                .map(|c| format!("EXCLUDED.\"{}\"", c.name))
                .collect();
            format!("UPDATE SET ({}) = ROW({})", cols.join(", "), new.join(", "))
        };
        format!(
            "INSERT INTO \"{0}\" SELECT * FROM jsonb_populate_record(NULL::\"{0}\", $1::text::jsonb) ON CONFLICT ({1}) DO {action}",
            self.name,
            self.quoted_key()
        )
    }
}

/// Every table of the shop the server holds, by name: all but this
/// terminal's own and the figures derived from the others. A column type
/// this code does not know how to carry stops the publish before anything
/// is sent.
pub(crate) fn shop_tables(conn: &Connection) -> Result<Vec<Table>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .filter(|n| !LOCAL_TABLES.contains(&n.as_str()) && !is_derived(n))
        .map(|n| table(conn, n))
        .collect()
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
