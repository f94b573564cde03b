//! Several terminals, one shop (#19): the shop published to a PostgreSQL
//! server as plain tables, other terminals joining it with a full local
//! copy, and one digest that says whether two copies hold the same business.
//!
//! Every terminal keeps the whole shop in its own SQLite file and never waits
//! on the server to take an order; the server is where the copies meet.

mod caches;
mod digest;
mod join;
pub(crate) mod outbox;
mod parked;
mod password;
mod rows;
mod server;
mod status;
mod sync;
mod tables;
mod wire;

use std::io::Write;

use postgres::Client;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{CoreError, Refusal, Result};
use crate::progress::{checkpoint, Progress};
use crate::store::{Store, SCHEMA_VERSION};
pub use digest::{digest, server_digest, ShopDigest};
pub use join::{join, join_here, JoinedShop};
pub use outbox::pending;
pub use parked::{parked, Parked};
use rows::Value;
pub use server::ServerUrl;
pub use status::{
    conflicts, oversold, resolve, status, Conflict, Keep, Oversold, SyncProblem, SyncStatus,
};
pub use sync::{retire, sync, SyncPass};
use tables::{shop_tables, Table};

/// How many rows go between progress reports and cancel checks.
const ROWS_PER_REPORT: u64 = 20_000;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Published {
    pub server: String,
    pub terminal: String,
    #[ts(type = "number")]
    pub tables: usize,
    #[ts(type = "number")]
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
    let mut client = server::log_in(url, password)?;
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
    let cursor = server::cursor(&mut tx, url)?;
    tx.commit().map_err(|e| url.failed(&e))?;
    store.write(|w| {
        set_local(w.tx, url, terminal)?;
        w.tx.execute(
            "UPDATE terminal_sync SET pulled_tx = ?1, pulled_seq = 0",
            [cursor],
        )?;
        // From here every write is noted for the other terminals.
        outbox::install(w.tx)?;
        w.log(
            "shop",
            url.shown(),
            "publish",
            &format!("×{sent} → {}", url.shown()),
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

/// Makes the store called `name` this terminal's home (a second store of
/// the shop, say): its sales and stock moves happen there. A name the shop
/// does not have yet becomes a new store, which reaches the other
/// terminals with the next sync. Returns the location's id.
pub fn set_location(store: &mut Store, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 30 {
        return Err(CoreError::invalid(
            "location",
            format!("{name:?}: give the store a name of 1 to 30 characters"),
        ));
    }
    store.write(|w| {
        let found: Option<String> = w
            .tx
            .query_row("SELECT id FROM locations WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                let id = crate::ids::new_id();
                w.tx.execute(
                    "INSERT INTO locations(id, name, kind, created_at) VALUES (?1, ?2, 'store', ?3)",
                    rusqlite::params![id, name, crate::shop_time::now()],
                )?;
                w.log("location", &id, "create", name)?;
                id
            }
        };
        w.tx.execute(
            "INSERT INTO shop_settings(key, value) VALUES ('terminal_location', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [&id],
        )?;
        Ok(id)
    })
}

/// What a server holds, for the settings page's test button.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ServerProbe {
    /// The address as kept (without a password).
    pub server: String,
    /// A shop is published there (else the database is empty or not ours).
    pub holds_shop: bool,
    /// The database has tables of its own: not a place to publish.
    pub has_tables: bool,
    /// The shop's terminals, by name.
    pub terminals: Vec<String>,
}

/// Connects and says what the server holds, changing nothing.
pub fn probe(url: &ServerUrl, password: Option<&str>) -> Result<ServerProbe> {
    let mut client = server::log_in(url, password)?;
    let holds_shop = server::schema_version(&mut client, url)?.is_some();
    let has_tables = !server::existing_tables(&mut client, url)?.is_empty();
    let terminals = if holds_shop {
        server::terminal_names(&mut client, url)?
    } else {
        Vec::new()
    };
    Ok(ServerProbe {
        server: url.shown().to_string(),
        holds_shop,
        has_tables,
        terminals,
    })
}

/// The server this shop is on, for sync; a shop on one laptop is refused
/// with what to do.
pub fn server_url(conn: &Connection) -> Result<ServerUrl> {
    match local_setting(conn, "shop_server")? {
        Some(url) => ServerUrl::parse(&url),
        None => Err(CoreError::refused(
            Refusal::NotOnServer,
            &[],
            "this shop is on this computer only: publish it (storefront shop publish) or join a shop (storefront shop join) first".into(),
        )),
    }
}

/// The server this shop is published to or joined from, if any, and this
/// terminal's name there.
pub fn server_of(conn: &Connection) -> Result<Option<(String, String)>> {
    let server = local_setting(conn, "shop_server")?;
    let name = local_setting(conn, "terminal_name")?;
    Ok(server.zip(name))
}
