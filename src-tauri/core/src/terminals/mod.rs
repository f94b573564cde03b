//! Several terminals, one shop (#19): the shop published to a PostgreSQL
//! server as plain tables, other terminals joining it with a full local
//! copy, and one digest that says whether two copies hold the same business.
//!
//! Every terminal keeps the whole shop in its own SQLite file and never waits
//! on the server to take an order; the server is where the copies meet.

mod rows;
mod server;
mod tables;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use postgres::{Client, IsolationLevel};
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::error::{CoreError, Refusal, Result};
use crate::progress::{checkpoint, Progress};
use crate::store::{rollups, Session, Store, SCHEMA_VERSION};
use rows::{RowSum, Value};
pub use server::ServerUrl;
use tables::{shop_tables, Table};

/// How many rows go between progress reports and cancel checks.
const ROWS_PER_REPORT: u64 = 20_000;

#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub server: String,
    pub terminal: String,
    pub tables: usize,
    pub rows: u64,
}

/// Publishes this shop to an empty PostgreSQL database, as one server
/// transaction: the server ends with the whole shop or with nothing.
pub fn publish(
    store: &mut Store,
    url: &ServerUrl,
    password: Option<&str>,
    terminal: &str,
    progress: &dyn Progress,
) -> Result<Published> {
    check_terminal_name(terminal)?;
    if let Some(server) = local_setting(store.conn(), "shop_server")? {
        return Err(CoreError::refused(
            Refusal::AlreadyPublished,
            &[("server", server.clone())],
            format!("this shop is already on the server {server}"),
        ));
    }
    let mut client = url.connect(password)?;
    refuse_unless_empty(&mut client, url)?;
    let tables = shop_tables(store.conn())?;
    // One read snapshot of the shop: what is sent is the shop at one moment,
    // while the counter may go on taking orders.
    let snapshot = store.conn().unchecked_transaction()?;
    let total = count_rows(&snapshot, &tables)?;
    let mut tx = client.transaction().map_err(|e| url.failed(&e))?;
    tx.batch_execute(server::META_DDL)
        .map_err(|e| url.failed(&e))?;
    let mut sent = 0;
    for t in &tables {
        tx.batch_execute(&t.create_sql())
            .map_err(|e| url.failed(&e))?;
        sent += upload(&snapshot, &mut tx, url, t, sent, total, progress)?;
    }
    drop(snapshot);
    let now = crate::shop_time::now();
    tx.execute(
        "INSERT INTO storefront_meta(key, value) VALUES ('schema_version', $1), ('published_at', $2)",
        &[&SCHEMA_VERSION.to_string(), &now.to_string()],
    )
    .map_err(|e| url.failed(&e))?;
    server::add_terminal(&mut tx, url, &store.session().terminal, terminal, now)?;
    tx.commit().map_err(|e| url.failed(&e))?;
    store.write(|w| {
        set_local(w.tx, url, terminal)?;
        w.log(
            "shop",
            url.shown(),
            "publish",
            &format!("{sent} rows to {}", url.shown()),
        )
    })?;
    Ok(Published {
        server: url.shown().to_string(),
        terminal: terminal.to_string(),
        tables: tables.len(),
        rows: sent,
    })
}

/// Sends one table's rows with COPY; returns how many.
fn upload(
    shop: &Connection,
    tx: &mut postgres::Transaction,
    url: &ServerUrl,
    t: &Table,
    before: u64,
    total: u64,
    progress: &dyn Progress,
) -> Result<u64> {
    let copy = format!("COPY \"{}\" ({}) FROM STDIN", t.name, t.column_list(true));
    let mut writer = tx.copy_in(&copy).map_err(|e| url.failed(&e))?;
    let mut line = Vec::new();
    let mut n = 0;
    each_row(shop, t, |row| {
        line.clear();
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                line.push(b'\t');
            }
            v.write_copy(&mut line);
        }
        line.push(b'\n');
        writer
            .write_all(&line)
            .map_err(|e| CoreError::Server(format!("{}: {e}", url.shown())))?;
        n += 1;
        report(progress, "publish", before + n, total)
    })?;
    writer.finish().map_err(|e| url.failed(&e))?;
    Ok(n)
}

fn report(progress: &dyn Progress, phase: &str, done: u64, total: u64) -> Result<()> {
    if done.is_multiple_of(ROWS_PER_REPORT) || done == total {
        progress.report(phase, done, total);
        checkpoint(progress)?;
    }
    Ok(())
}

/// Calls `f` with each of the table's shop rows, every column included.
fn each_row(conn: &Connection, t: &Table, mut f: impl FnMut(&[Value]) -> Result<()>) -> Result<()> {
    let sql = format!(
        "SELECT {} FROM \"{}\" WHERE {}",
        t.column_list(true),
        t.name,
        t.shop_rows()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut values = Vec::with_capacity(t.columns.len());
    while let Some(r) = rows.next()? {
        values.clear();
        for (i, c) in t.columns.iter().enumerate() {
            values.push(Value::from_sqlite(r.get_ref(i)?, c.kind, &t.name, &c.name)?);
        }
        f(&values)?;
    }
    Ok(())
}

fn count_rows(conn: &Connection, tables: &[Table]) -> Result<u64> {
    let mut total = 0u64;
    for t in tables {
        let n: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM \"{}\" WHERE {}",
                t.name,
                t.shop_rows()
            ),
            [],
            |r| r.get(0),
        )?;
        total += n as u64;
    }
    Ok(total)
}

fn refuse_unless_empty(client: &mut Client, url: &ServerUrl) -> Result<()> {
    let found = server::existing_tables(client, url)?;
    if found.is_empty() {
        return Ok(());
    }
    let some: Vec<&str> = found.iter().take(5).map(String::as_str).collect();
    Err(CoreError::refused(
        Refusal::ServerNotEmpty,
        &[
            ("server", url.shown().to_string()),
            ("tables", some.join(", ")),
        ],
        format!(
            "{} already has {} tables ({}…); publish into an empty database",
            url.shown(),
            found.len(),
            some.join(", ")
        ),
    ))
}

/// A terminal's name is how people tell them apart: short and visible.
fn check_terminal_name(name: &str) -> Result<()> {
    let n = name.trim().chars().count();
    if n == 0 || n > 30 || name.trim() != name {
        return Err(CoreError::Invalid {
            field: "terminal".into(),
            message: format!("{name:?}: give the terminal a name of 1 to 30 characters, without spaces around it"),
        });
    }
    Ok(())
}

fn local_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

fn set_local(conn: &Connection, url: &ServerUrl, terminal: &str) -> Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO shop_settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?;
    stmt.execute(["shop_server", url.shown()])?;
    stmt.execute(["terminal_name", terminal])?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct Joined {
    pub server: String,
    pub terminal: String,
    pub path: PathBuf,
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
) -> Result<Joined> {
    check_terminal_name(terminal)?;
    refuse_existing_shop(path)?;
    let mut client = url.connect(password)?;
    refuse_other_schema(&mut client, url)?;
    let part = part_path(path);
    remove_file_set(&part);
    let joined = copy_down(&part, &mut client, url, terminal, progress);
    let outcome = joined.and_then(|rows| {
        std::fs::rename(&part, path).map_err(|e| CoreError::io(path, e))?;
        Ok(rows)
    });
    if outcome.is_err() {
        remove_file_set(&part);
    }
    Ok(Joined {
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
    // One snapshot of the server: a copy of the shop at one moment even
    // while other terminals write.
    let mut snap = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| url.failed(&e))?;
    let total = server_rows(&mut snap, url, &tables)?;
    let rows = store.write(|w| {
        w.tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let copied = rollups::bulk(w.tx, || {
            let mut done = 0;
            for t in tables.iter().filter(|t| !t.is_rollup()) {
                done += download(w.tx, &mut snap, url, t, done, total, progress)?;
            }
            Ok(done)
        })?;
        set_local(w.tx, url, terminal)?;
        w.log(
            "shop",
            url.shown(),
            "join",
            &format!("{copied} rows from {}", url.shown()),
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
    server::add_terminal(
        &mut tx,
        url,
        &store.session().terminal,
        terminal,
        crate::shop_time::now(),
    )?;
    tx.commit().map_err(|e| url.failed(&e))?;
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

/// Calls `f` with each of the table's shop rows on the server.
fn each_server_row(
    tx: &mut postgres::Transaction,
    url: &ServerUrl,
    t: &Table,
    mut f: impl FnMut(&[Value]) -> Result<()>,
) -> Result<()> {
    let kinds: Vec<_> = t.columns.iter().map(|c| c.kind).collect();
    let copy = format!(
        "COPY (SELECT {} FROM \"{}\" WHERE {}) TO STDOUT",
        t.column_list(true),
        t.name,
        t.shop_rows()
    );
    let reader = tx.copy_out(&copy).map_err(|e| url.failed(&e))?;
    for line in BufReader::new(reader).split(b'\n') {
        let line = line.map_err(|e| CoreError::Server(format!("{}: {e}", url.shown())))?;
        f(&rows::read_line(&line, &kinds)?)?;
    }
    Ok(())
}

fn server_rows(tx: &mut postgres::Transaction, url: &ServerUrl, tables: &[Table]) -> Result<u64> {
    let mut total = 0u64;
    for t in tables.iter().filter(|t| !t.is_rollup()) {
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

fn refuse_other_schema(client: &mut Client, url: &ServerUrl) -> Result<()> {
    match server::schema_version(client, url)? {
        Some(SCHEMA_VERSION) => Ok(()),
        None => Err(CoreError::refused(
            Refusal::ServerHasNoShop,
            &[("server", url.shown().to_string())],
            format!("{} holds no shop; publish one first (storefront shop publish)", url.shown()),
        )),
        Some(found) => Err(CoreError::refused(
            Refusal::ServerSchemaDiffers,
            &[
                ("server", url.shown().to_string()),
                ("found", found.to_string()),
                ("ours", SCHEMA_VERSION.to_string()),
            ],
            format!(
                "{} holds a shop of schema {found} and this Storefront has schema {SCHEMA_VERSION}; run the same version on every terminal",
                url.shown()
            ),
        )),
    }
}

/// The half-made file of a join, beside where the shop will be.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".joining");
    path.with_file_name(name)
}

fn remove_file_set(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_os_string();
        p.push(suffix);
        // Absent is the outcome wanted; nothing else to report.
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The shop's business data as one hash, with each table's row count.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ShopDigest {
    pub digest: String,
    pub tables: usize,
    pub rows: u64,
}

/// The digest of this terminal's shop file.
pub fn digest(conn: &Connection) -> Result<ShopDigest> {
    let tables: Vec<Table> = shop_tables(conn)?
        .into_iter()
        .filter(Table::in_digest)
        .collect();
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
    let mut client = url.connect(password)?;
    refuse_other_schema(&mut client, url)?;
    let tables: Vec<Table> = shop_tables(conn)?
        .into_iter()
        .filter(Table::in_digest)
        .collect();
    let mut snap = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| url.failed(&e))?;
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

/// The server this shop is published to or joined from, if any, and this
/// terminal's name there.
pub fn server_of(conn: &Connection) -> Result<Option<(String, String)>> {
    let server = local_setting(conn, "shop_server")?;
    let name = local_setting(conn, "terminal_name")?;
    Ok(server.zip(name))
}
