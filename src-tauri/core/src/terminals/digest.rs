//! One hash of the shop's business data, computed the same way from a shop
//! file and from the server: equal digests, the same shop.

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use super::each_row;
use super::rows::RowSum;
use super::server::{self, each_server_row, refuse_other_schema, ServerUrl};
use super::tables::{shop_tables, Table};
use crate::error::Result;

/// The shop's business data as one hash, with each table's row count.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ShopDigest {
    pub digest: String,
    pub tables: usize,
    pub rows: u64,
}

/// The digest of this terminal's shop file.
pub fn digest(conn: &Connection) -> Result<ShopDigest> {
    let tables = shop_tables(conn)?;
    let snapshot = conn.unchecked_transaction()?;
    fold(&tables, |t, sum| {
        each_row(&snapshot, t, |row| {
            sum.add(row);
            Ok(())
        })
    })
}

/// The digest of what the server holds, computed the same way; `conn` is
/// this terminal's shop, whose schema says what the tables are.
pub fn server_digest(
    conn: &Connection,
    url: &ServerUrl,
    password: Option<&str>,
) -> Result<ShopDigest> {
    let mut client = server::log_in(url, password)?;
    let tables = shop_tables(conn)?;
    refuse_other_schema(&mut client, url, &tables)?;
    let mut snap = server::snapshot(&mut client, url)?;
    fold(&tables, |t, sum| {
        each_server_row(&mut snap, url, t, |row| {
            sum.add(row);
            Ok(())
        })
    })
}

fn fold(
    tables: &[Table],
    mut rows_of: impl FnMut(&Table, &mut RowSum) -> Result<()>,
) -> Result<ShopDigest> {
    let mut shop = Sha256::new();
    let mut rows = 0;
    for t in tables {
        let mut sum = RowSum::default();
        rows_of(t, &mut sum)?;
        sum.fold(t, &mut shop);
        rows += sum.rows;
    }
    let digest = shop.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(ShopDigest {
        digest,
        tables: tables.len(),
        rows,
    })
}
