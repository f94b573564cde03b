//! Rows another terminal sent that this shop refuses: the same new SKU,
//! coupon code or member made on two terminals offline. Such a row is parked
//! in `terminal_parked` with every row that points to it, listed for the
//! merchant (`shop status`, 设置 → 多终端), and tried again on every pull
//! until one side is renamed. It is never applied half and never dropped.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

use super::sync::{apply, Touched};
use super::tables::Table;
use crate::error::{CoreError, Result};
use crate::shop_time::ShopClock;

/// One pull's parking: which table points to which through which column,
/// and the rows parked so far.
pub(crate) struct Parking {
    parents: HashMap<String, Vec<(String, String)>>,
    parked: HashSet<(String, String)>,
}

impl Parking {
    pub fn new(conn: &Connection, tables: &HashMap<String, Table>) -> Result<Parking> {
        let mut parents = HashMap::new();
        for name in tables.keys() {
            let mut stmt = conn.prepare(
                "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?1) GROUP BY id HAVING count(*) = 1",
            )?;
            let links: Vec<(String, String)> = stmt
                .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            parents.insert(name.clone(), links);
        }
        let mut stmt = conn.prepare("SELECT tbl, key FROM terminal_parked")?;
        let parked = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Parking { parents, parked })
    }

    /// Applies a pulled row, or parks it (and says why) when this shop
    /// refuses it or it points to a parked row.
    pub fn apply_or_park(
        &mut self,
        conn: &Connection,
        t: &Table,
        key: &str,
        row: Option<&str>,
        terminal: &str,
        touched: &mut Touched,
    ) -> Result<bool> {
        if let Some(parent) = self.parked_parent(conn, t, row)? {
            self.park(
                conn,
                t,
                key,
                row,
                terminal,
                &format!("it belongs to {parent}, which could not be taken"),
            )?;
            return Ok(false);
        }
        conn.execute_batch("SAVEPOINT pulled_row")?;
        match apply(conn, t, key, row, touched) {
            Ok(()) => {
                conn.execute_batch("RELEASE pulled_row")?;
                conn.prepare_cached("DELETE FROM terminal_parked WHERE tbl = ?1 AND key = ?2")?
                    .execute(params![t.name, key])?;
                self.parked.remove(&(t.name.clone(), key.to_string()));
                Ok(true)
            }
            Err(CoreError::Sqlite(rusqlite::Error::SqliteFailure(f, why)))
                if f.code == ErrorCode::ConstraintViolation =>
            {
                conn.execute_batch("ROLLBACK TO pulled_row; RELEASE pulled_row")?;
                let reason = why.unwrap_or_else(|| f.to_string());
                self.park(conn, t, key, row, terminal, &reason)?;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Tries the parked rows again until a round lands none: the clash may
    /// be gone (one side renamed), or a parent may have landed.
    pub fn retry(
        &mut self,
        conn: &Connection,
        tables: &HashMap<String, Table>,
        touched: &mut Touched,
    ) -> Result<()> {
        loop {
            let waiting: Vec<(String, String, String, Option<String>)> = conn
                .prepare(
                    "SELECT tbl, key, terminal, row FROM terminal_parked ORDER BY at, tbl, key",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut landed = false;
            for (tbl, key, terminal, row) in waiting {
                let Some(t) = tables.get(&tbl) else { continue };
                landed |= self.apply_or_park(conn, t, &key, row.as_deref(), &terminal, touched)?;
            }
            if !landed {
                return Ok(());
            }
        }
    }

    /// The parked row this one points to, as "table key", if any.
    fn parked_parent(
        &self,
        conn: &Connection,
        t: &Table,
        row: Option<&str>,
    ) -> Result<Option<String>> {
        let (Some(row), Some(links)) = (row, self.parents.get(&t.name)) else {
            return Ok(None);
        };
        for (parent, column) in links {
            let key: Option<String> = conn
                .prepare_cached("SELECT CASE WHEN json_extract(?1, ?2) IS NULL THEN NULL ELSE json_array(json_extract(?1, ?2)) END")?
                .query_row(params![row, format!("$.\"{column}\"")], |r| r.get(0))?;
            if let Some(key) = key.filter(|k| self.parked.contains(&(parent.clone(), k.clone()))) {
                return Ok(Some(format!("{parent} {key}")));
            }
        }
        Ok(None)
    }

    fn park(
        &mut self,
        conn: &Connection,
        t: &Table,
        key: &str,
        row: Option<&str>,
        terminal: &str,
        reason: &str,
    ) -> Result<()> {
        conn.prepare_cached(
            "INSERT INTO terminal_parked(tbl, key, terminal, row, reason, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(tbl, key) DO UPDATE SET terminal = excluded.terminal, row = excluded.row, reason = excluded.reason",
        )?
        .execute(params![t.name, key, terminal, row, reason, crate::shop_time::now()])?;
        self.parked.insert((t.name.clone(), key.to_string()));
        Ok(())
    }
}

/// A row from another terminal this shop could not take yet, and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Parked {
    pub table: String,
    /// The row's primary key, as a JSON array.
    pub key: String,
    /// The terminal that sent it.
    pub terminal: String,
    #[ts(type = "Record<string, unknown> | null")]
    pub row: Option<serde_json::Value>,
    pub reason: String,
    /// When it was first parked, in the shop's time.
    pub at: String,
}

pub fn parked(conn: &Connection, clock: &ShopClock) -> Result<Vec<Parked>> {
    let mut stmt = conn.prepare(
        "SELECT tbl, key, terminal, row, reason, at FROM terminal_parked ORDER BY at, tbl, key",
    )?;
    let rows = stmt.query_map([], |r| {
        let row: Option<String> = r.get(3)?;
        Ok(Parked {
            table: r.get(0)?,
            key: r.get(1)?,
            terminal: r.get(2)?,
            row: row.and_then(|s| serde_json::from_str(&s).ok()),
            reason: r.get(4)?,
            at: clock.format(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
