//! A terminal joining the shop: a new shop file made from what the server
//! holds, appearing only once it is whole and passes `check`.

use std::path::{Path, PathBuf};

use postgres::Client;
use rusqlite::{params, params_from_iter, Connection};
use serde::Serialize;

use super::server::{self, each_server_row, refuse_other_schema, ServerUrl};
use super::tables::{shop_tables, Table};
use super::{caches, check_terminal_name, outbox, report, set_local};
use crate::error::{CoreError, Refusal, Result};
use crate::progress::Progress;
use crate::store::{self, rollups, Session, Store};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct JoinedShop {
    pub server: String,
    pub terminal: String,
    #[ts(type = "string")]
    pub path: PathBuf,
    #[ts(type = "number")]
    pub rows: u64,
}

/// Makes a new shop file at `path` holding the whole shop the server has,
/// and registers this terminal. The file appears only once the copy is
/// complete and passes `check`; anything less leaves no file behind.
pub fn join(
    path: &Path,
    url: &ServerUrl,
    password: Option<&str>,
    terminal: &str,
    progress: &dyn Progress,
) -> Result<JoinedShop> {
    check_terminal_name(terminal)?;
    refuse_existing_shop(path)?;
    let mut client = server::log_in(url, password)?;
    server::held_schema(&mut client, url)?;
    server::refuse_taken(&mut client, url, terminal)?;
    let part = part_path(path);
    store::remove_files(&part);
    let joined = copy_down(&part, &mut client, url, terminal, progress);
    let outcome = joined.and_then(|rows| {
        std::fs::rename(&part, path).map_err(|e| CoreError::io(path, e))?;
        Ok(rows)
    });
    if outcome.is_err() {
        store::remove_files(&part);
    }
    Ok(JoinedShop {
        server: url.shown().to_string(),
        terminal: terminal.to_string(),
        path: path.to_path_buf(),
        rows: outcome?,
    })
}

/// Fills the file at `part` from the server, checks it, then registers the
/// terminal on the server; returns the rows copied.
fn copy_down(
    part: &Path,
    client: &mut Client,
    url: &ServerUrl,
    terminal: &str,
    progress: &dyn Progress,
) -> Result<u64> {
    let mut store = Store::open(part, Session::new("join"))?;
    let tables = shop_tables(store.conn())?;
    refuse_other_schema(client, url, &tables)?;
    // One snapshot of the server: a copy of the shop at one moment even
    // while other terminals write.
    let mut snap = server::snapshot(client, url)?;
    let total = server_rows(&mut snap, url, &tables)?;
    let cursor = server::cursor(&mut snap, url)?;
    let rows = store.write(|w| {
        w.tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let copied = rollups::bulk(w.tx, || {
            let mut done = 0;
            for t in &tables {
                done += download(w.tx, &mut snap, url, t, done, total, progress)?;
            }
            Ok(done)
        })?;
        caches::restock(w.tx, None)?;
        w.tx.execute(
            "UPDATE terminal_sync SET pulled_tx = ?1, pulled_seq = 0",
            params![cursor],
        )?;
        set_local(w.tx, url, terminal)?;
        outbox::install(w.tx)?;
        w.log(
            "shop",
            url.shown(),
            "join",
            &format!("×{copied} ← {}", url.shown()),
        )?;
        Ok(copied)
    })?;
    snap.commit().map_err(|e| url.failed(&e))?;
    let report = crate::check::run(store.conn())?;
    if let Some(p) = report.problems.first() {
        return Err(CoreError::Server(format!(
            "the copy from {} does not pass check ({}: {}); nothing was kept",
            url.shown(),
            p.invariant,
            p.detail
        )));
    }
    let mut tx = client.transaction().map_err(|e| url.failed(&e))?;
    let me = store.session().terminal.clone();
    let letter = server::add_terminal(&mut tx, url, &me, terminal, crate::shop_time::now())?;
    tx.commit().map_err(|e| url.failed(&e))?;
    store.write(|w| {
        w.tx.execute(
            "INSERT INTO shop_settings(key, value) VALUES ('terminal_letter', ?1)",
            [letter],
        )?;
        Ok(())
    })?;
    Ok(rows)
}

/// Replaces the new file's rows of one table with the server's.
fn download(
    shop: &Connection,
    snap: &mut postgres::Transaction,
    url: &ServerUrl,
    t: &Table,
    before: u64,
    total: u64,
    progress: &dyn Progress,
) -> Result<u64> {
    shop.execute(
        &format!("DELETE FROM \"{}\" WHERE {}", t.name, t.shop_rows()),
        [],
    )?;
    let stored: Vec<usize> = (0..t.columns.len())
        .filter(|&i| !t.columns[i].generated)
        .collect();
    let marks = vec!["?"; stored.len()].join(", ");
    let mut insert = shop.prepare(&format!(
        "INSERT INTO \"{}\" ({}) VALUES ({marks})",
        t.name,
        t.column_list(false)
    ))?;
    let mut n = 0;
    each_server_row(snap, url, t, |row| {
        insert.execute(params_from_iter(stored.iter().map(|&i| row[i].to_sql())))?;
        n += 1;
        report(progress, "join", before + n, total)
    })?;
    Ok(n)
}

fn server_rows(tx: &mut postgres::Transaction, url: &ServerUrl, tables: &[Table]) -> Result<u64> {
    let mut total = 0u64;
    for t in tables {
        let sql = format!(
            "SELECT count(*) FROM \"{}\" WHERE {}",
            t.name,
            t.shop_rows()
        );
        let n: i64 = tx.query_one(&sql, &[]).map_err(|e| url.failed(&e))?.get(0);
        total += n as u64;
    }
    Ok(total)
}

fn refuse_existing_shop(path: &Path) -> Result<()> {
    let has_data = std::fs::metadata(path)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if has_data {
        return Err(CoreError::refused(
            Refusal::JoinNeedsNewFile,
            &[("path", path.display().to_string())],
            format!(
                "{}: a shop file is already there; join into a new file (give another --db)",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// The half-made file of a join, beside where the shop will be.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".joining");
    path.with_file_name(name)
}

/// Joins from the app, whose shop file is already open: allowed only while
/// that shop is empty (a new installation). The copy is made beside it,
/// checked, then swapped in as a restore is, the empty shop saved first.
pub fn join_here(
    store: &mut Store,
    url: &ServerUrl,
    password: Option<&str>,
    terminal: &str,
    progress: &dyn Progress,
) -> Result<JoinedShop> {
    if !store.is_empty()? {
        return Err(CoreError::refused(
            Refusal::JoinNeedsNewFile,
            &[("path", store.path().display().to_string())],
            format!(
                "{}: this shop already has products, customers or orders; a terminal joins with an empty shop",
                store.path().display()
            ),
        ));
    }
    let scratch = part_path(&store.path().with_extension("join.db"));
    store::remove_files(&scratch);
    let joined = join(&scratch, url, password, terminal, progress).and_then(|joined| {
        crate::restore::restore(store, &scratch)?;
        Ok(JoinedShop {
            path: store.path().to_path_buf(),
            ..joined
        })
    });
    store::remove_files(&scratch);
    joined
}
