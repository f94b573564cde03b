//! The shop database: one SQLite file, WAL, foreign keys on, durable commits.
//! Schema changes only through the numbered migrations embedded below, run in
//! one transaction after a backup of the file as it was.

use std::path::{Path, PathBuf};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use crate::backup;
use crate::changelog;
use crate::error::{CoreError, Result};
use crate::shop_time::ShopClock;

/// `PRAGMA application_id` of every Storefront database ("STFR").
pub const APPLICATION_ID: i32 = 0x5354_4652;

/// Migrations in order; index + 1 is the schema version each one brings.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_shop.sql"),
    include_str!("../../migrations/0002_statements.sql"),
    include_str!("../../migrations/0003_catalog.sql"),
    include_str!("../../migrations/0004_campaigns.sql"),
    include_str!("../../migrations/0005_analytics.sql"),
    include_str!("../../migrations/0006_suppliers.sql"),
    include_str!("../../migrations/0007_solitaire.sql"),
    include_str!("../../migrations/0008_portable_schema.sql"),
    include_str!("../../migrations/0009_stepped_imports.sql"),
    include_str!("../../migrations/0010_line_costs.sql"),
    include_str!("../../migrations/0011_customer_lookup.sql"),
    include_str!("../../migrations/0012_order_edits.sql"),
    include_str!("../../migrations/0013_customer_merges.sql"),
    include_str!("../../migrations/0014_reviews.sql"),
    include_str!("../../migrations/0015_order_list.sql"),
    include_str!("../../migrations/0016_people_outcomes.sql"),
    include_str!("../../migrations/0017_product_monthly.sql"),
    include_str!("../../migrations/0018_parcels.sql"),
    include_str!("../../migrations/0019_arrival_days.sql"),
    include_str!("../../migrations/0020_batches.sql"),
    include_str!("../../migrations/0021_weighed.sql"),
    include_str!("../../migrations/0022_campaign_arrival.sql"),
    include_str!("../../migrations/0023_terminal_sync.sql"),
    include_str!("../../migrations/0024_campaign_costs.sql"),
];

/// The schema version that brought the dashboard's rollups.
const ROLLUPS_SINCE: i64 = 5;
/// The schema version that brought goods sold by weight.
const WEIGHED_SINCE: i64 = 21;

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub mod app_lock;
pub(crate) mod aside;
pub mod locations;
pub mod money_rollups;
mod read;
pub(crate) use read::reader;
pub mod rollups;

/// Who is writing: recorded with every change in the change log.
#[derive(Debug, Clone)]
pub struct Session {
    /// This installation (a laptop, a helper's PC); kept in the database.
    pub terminal: String,
    /// The program or person acting: `app`, `cli`, `demo`.
    pub actor: String,
}

impl Session {
    pub fn new(actor: &str) -> Self {
        Session {
            terminal: String::new(),
            actor: actor.to_string(),
        }
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: ShopClock,
    session: Session,
}

/// Foreign keys off for one [`Store::write_trusted`], and on again when it
/// ends, however it ends.
struct Trusted<'c>(&'c Connection);

impl<'c> Trusted<'c> {
    fn begin(conn: &'c Connection) -> Result<Self> {
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(Trusted(conn))
    }

    fn end(self) -> Result<()> {
        self.0.pragma_update(None, "foreign_keys", true)?;
        Ok(())
    }
}

impl Drop for Trusted<'_> {
    fn drop(&mut self) {
        // After `end`, a second time changes nothing; on an unwind, the
        // connection goes on checking whatever the error.
        let _ = self.0.pragma_update(None, "foreign_keys", true);
    }
}

/// A write in progress: the transaction plus who is writing and the shop's
/// clock. Every user write goes through one, so it can log its change.
pub struct Writer<'a> {
    pub tx: &'a Transaction<'a>,
    pub session: &'a Session,
    pub clock: &'a ShopClock,
}

impl Writer<'_> {
    /// Records who/what/when in the change log, in this same transaction.
    pub fn log(&self, entity: &str, id: &str, action: &str, summary: &str) -> Result<()> {
        changelog::record(self.tx, self.session, entity, id, action, summary)
    }
}

impl Store {
    /// Opens (creating and migrating as needed) the shop at `path`. Refuses a
    /// file that is not a Storefront database or comes from a newer version,
    /// without changing it.
    pub fn open(path: &Path, session: Session) -> Result<Store> {
        let existed = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        if existed {
            inspect(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::io(dir, e))?;
        }
        let mut conn = Connection::open(path).map_err(|e| map_open_error(path, e))?;
        configure(&mut conn).map_err(|e| map_open_error(path, e))?;
        let version = schema_version(&conn, path)?;
        if version > 0 && version < SCHEMA_VERSION {
            backup::before_migration(&conn, path, version)?;
        }
        migrate(&mut conn, version)?;
        let terminal = ensure_terminal(&conn)?;
        let clock = load_clock(&conn)?;
        let session = Session {
            terminal,
            ..session
        };
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            clock,
            session,
        };
        // An import whose process died part-way is taken back before anyone
        // works on the shop (the activity log says so).
        crate::imports::undo_abandoned(&mut store)?;
        Ok(store)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// For order entry: a write waits up to 10 minutes for another
    /// process's long write (a product import, a sync) to let go of the
    /// shop, rather than failing after the usual 10 s.
    pub fn wait_for_writers(&mut self) -> Result<()> {
        Ok(self.conn.busy_handler(Some(poll_long))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn clock(&self) -> &ShopClock {
        &self.clock
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Runs `f` in one IMMEDIATE transaction and commits durably
    /// (synchronous=FULL): an order entered is an order kept.
    pub fn write<T>(&mut self, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        self.transact(f)
    }

    /// [`Store::write`] with the foreign keys taken on trust, for a bulk
    /// step whose every reference is to a row it read in the same
    /// transaction (reconcile's matches, made from the payments and orders
    /// it loaded). Looking each one up in its parent's index was a third of
    /// inserting a million matches (#18); `check` still proves every
    /// reference in the file. SQLite turns them off only between
    /// transactions; they are on again before this returns, or unwinds.
    pub fn write_trusted<T>(&mut self, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        let trust = Trusted::begin(&self.conn)?;
        let out = self.transact(f);
        trust.end()?;
        out
    }

    fn transact<T>(&self, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        // Unchecked only in that it takes the connection shared (a
        // [`Trusted`] holds it too); `Store` is the one user of it.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let out = {
            let w = Writer {
                tx: &tx,
                session: &self.session,
                clock: &self.clock,
            };
            f(&w)?
        };
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` as [`Store::write`] would and takes all of it back: what a
    /// change would do, worked out by the very code that does it (an
    /// order edit's difference, shown before the merchant saves).
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let w = Writer {
            tx: &tx,
            session: &self.session,
            clock: &self.clock,
        };
        f(&w)
        // Dropping the transaction rolls it back.
    }

    /// Swaps the connection's contents for another database's (restore).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Re-reads what a restore may have changed: schema and settings.
    pub(crate) fn reload(&mut self) -> Result<()> {
        let version = schema_version(&self.conn, &self.path)?;
        migrate(&mut self.conn, version)?;
        self.session.terminal = ensure_terminal(&self.conn)?;
        self.clock = load_clock(&self.conn)?;
        Ok(())
    }

    /// True when the shop holds no business data yet (fresh or only settings).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM customers)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM shop_settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// Retries a busy shop every millisecond for about 10 s. SQLite's own
/// handler backs off to 100 ms between tries and so would miss the short
/// gaps a stepped import leaves for order entry between its slices.
fn poll_briefly(tries: i32) -> bool {
    std::thread::sleep(std::time::Duration::from_millis(1));
    tries < 10_000
}

/// As [`poll_briefly`], for about 10 minutes.
fn poll_long(tries: i32) -> bool {
    std::thread::sleep(std::time::Duration::from_millis(1));
    tries < 600_000
}

fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_handler(Some(poll_briefly))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // A shop of a million orders has ~100 MB of hot indexes: a page cache of
    // 128 MB (allocated only as used) keeps bulk imports and reconciliation
    // off the disk; the default 2 MB would re-read pages thousands of times.
    conn.pragma_update(None, "cache_size", -131_072)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Copying the WAL back into the database (a checkpoint, with its fsync
    // of a large file) never runs inside a save: `Checkpointer` does it
    // beside the shop, and closing the last connection does it too.
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    // Bulk writes (reconcile's matches) make ids inside one INSERT … SELECT.
    conn.create_scalar_function("new_id", 0, FunctionFlags::SQLITE_UTF8, |_| {
        Ok(crate::ids::new_id())
    })?;
    // A match's id is its payment and order (`ids::stable_id`).
    conn.create_scalar_function(
        "match_id",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let (payment, order): (String, String) = (ctx.get(0)?, ctx.get(1)?);
            Ok(crate::ids::match_id(&payment, &order))
        },
    )?;
    Ok(())
}

/// How often the app copies the WAL back into the shop file.
pub const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Checkpoints the shop's WAL every `every` from a thread and connection of
/// its own, so no order save waits for it. Stops when dropped.
pub struct Checkpointer {
    stop: std::sync::mpsc::Sender<()>,
}

impl Checkpointer {
    pub fn spawn(path: &Path, every: std::time::Duration) -> Checkpointer {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let path = path.to_path_buf();
        std::thread::spawn(move || {
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every)
            {
                if let Err(e) = checkpoint(&path) {
                    eprintln!("checkpoint of {} failed: {e}", path.display());
                }
            }
        });
        Checkpointer { stop }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        let _ = self.stop.send(());
    }
}

/// One PASSIVE checkpoint: copies what no reader still needs, never blocks
/// a writer.
pub fn checkpoint(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}

/// Removes a database file and what SQLite keeps beside it (its WAL, the
/// WAL's index, a rollback journal): a read-only look at a WAL file leaves
/// those behind even after the connection is closed. Absent files are the
/// outcome wanted, so nothing is reported.
pub fn remove_files(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = db.as_os_str().to_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(path));
    }
}

/// Looks at an existing file without writing to it: SQLite header, our
/// application id, a schema version we know.
pub fn inspect(path: &Path) -> Result<i64> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
    let n = f.read(&mut header).map_err(|e| CoreError::io(path, e))?;
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(CoreError::NotAStorefrontDb {
            path: path.to_path_buf(),
            reason: "not an SQLite file".into(),
        });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| map_open_error(path, e))?;
    schema_version(&conn, path)
}

fn schema_version(conn: &Connection, path: &Path) -> Result<i64> {
    let read = |conn: &Connection| -> rusqlite::Result<(i32, i64, i64)> {
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok((app, version, tables))
    };
    let (app, version, tables) = read(conn).map_err(|e| map_open_error(path, e))?;
    let not_ours = |reason: &str| CoreError::NotAStorefrontDb {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if app == 0 && version == 0 && tables == 0 {
        return Ok(0); // a new, empty file: ours to initialise
    }
    if app != APPLICATION_ID {
        return Err(not_ours("an SQLite database of another program"));
    }
    if version > SCHEMA_VERSION {
        return Err(CoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

fn map_open_error(path: &Path, e: rusqlite::Error) -> CoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => CoreError::NotAStorefrontDb {
            path: path.to_path_buf(),
            reason: "not an SQLite file".into(),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => CoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => CoreError::Sqlite(e),
    }
}

/// Applies every migration after `from` in one transaction.
fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    for sql in &MIGRATIONS[from as usize..] {
        tx.execute_batch(sql)?;
    }
    if from < WEIGHED_SINCE {
        weighed_lines(&tx)?;
    }
    // Names written before search keys existed get theirs now.
    crate::search_key::fill_missing(&tx)?;
    // A migration may have rebuilt a table and so dropped its triggers.
    crate::terminals::outbox::ensure(&tx)?;
    if from < ROLLUPS_SINCE {
        refund_days(&tx)?;
        crate::store::rollups::rebuild(&tx)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.execute(
        "INSERT OR IGNORE INTO shop_settings(key, value) VALUES
           ('timezone', 'Asia/Shanghai'), ('business_day_cutoff', '00:00'),
           ('shop_name', '我的小店'), ('currency', 'CNY')",
        [],
    )?;
    tx.commit()?;
    Ok(())
}

/// An order line's total is its price × quantity per `unit_qty`, rounded
/// half-up once (a weighed line's grams at a price per 斤, say). SQLite
/// cannot alter a CHECK, and rebuilding the table would rewrite every line
/// and its triggers; its documented alternative edits the table's text in
/// the schema and bumps the schema cookie. Every existing line (`unit_qty`
/// 1) meets the new check exactly as it met the old.
fn weighed_lines(conn: &Connection) -> Result<()> {
    const OLD: &str = "CHECK (line_total_fen = qty * unit_price_fen - discount_fen)";
    const NEW: &str = "CHECK (line_total_fen = (2 * qty * unit_price_fen + unit_qty) / (2 * unit_qty) - discount_fen)";
    let cookie: i64 = conn.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    conn.pragma_update(None, "writable_schema", true)?;
    let changed = conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, ?1, ?2) WHERE type = 'table' AND name = 'order_lines' AND instr(sql, ?1) > 0",
        [OLD, NEW],
    );
    conn.pragma_update(None, "writable_schema", false)?;
    if changed? != 1 {
        return Err(CoreError::invalid(
            "schema",
            "order_lines lacks its line check",
        ));
    }
    conn.pragma_update(None, "schema_version", cookie + 1)?;
    Ok(())
}

/// Refunds recorded before they carried their business day get it from
/// when they were recorded, by the shop's clock.
fn refund_days(conn: &Connection) -> Result<()> {
    let clock = load_clock(conn)?;
    let mut stmt = conn.prepare("SELECT id, created_at FROM refunds WHERE business_day IS NULL")?;
    let days: Vec<(String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, clock.business_day(r.get(1)?).to_string()))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = conn.prepare("UPDATE refunds SET business_day = ?2 WHERE id = ?1")?;
    for (id, day) in days {
        set.execute([id, day])?;
    }
    Ok(())
}

fn ensure_terminal(conn: &Connection) -> Result<String> {
    // Read first: opening a shop that has its terminal takes no write lock,
    // so it never waits behind an import.
    let known: Option<String> = conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = 'terminal_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = known {
        return Ok(id);
    }
    conn.execute(
        "INSERT OR IGNORE INTO shop_settings(key, value) VALUES ('terminal_id', ?1)",
        [crate::ids::new_id()],
    )?;
    Ok(conn.query_row(
        "SELECT value FROM shop_settings WHERE key = 'terminal_id'",
        [],
        |r| r.get(0),
    )?)
}

/// The shop's clock as its settings say (time zone, business-day cut-off).
pub(crate) fn load_clock(conn: &Connection) -> Result<ShopClock> {
    let get = |k: &str, d: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT value FROM shop_settings WHERE key = ?1", [k], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_else(|| d.to_string()))
    };
    load_clock_offset(conn)?;
    ShopClock::new(
        &get("timezone", "Asia/Shanghai")?,
        &get("business_day_cutoff", "00:00")?,
    )
}

/// A terminal whose clock the last sync found wrong keeps dating by the
/// shop's server (`shop_time::now`); a shop from before terminals has none.
fn load_clock_offset(conn: &Connection) -> Result<()> {
    let has: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'terminal_sync')",
        [],
        |r| r.get(0),
    )?;
    let offset: i64 = if has {
        conn.query_row("SELECT clock_offset FROM terminal_sync", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0)
    } else {
        0
    };
    crate::shop_time::set_clock_offset(offset);
    Ok(())
}

/// What the app shows before anything else: which file, whether it is
/// empty (offer the demo shop), or why it could not be opened.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct ShopStatus {
    pub path: String,
    pub empty: bool,
    pub error: Option<crate::error::IpcError>,
}

/// The shop database's default place: the OS data folder named after the
/// app, the same for the desktop app and the CLI.
pub fn default_db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(crate::APP_IDENTIFIER).join("shop.db")
}

#[cfg(test)]
mod tests;
