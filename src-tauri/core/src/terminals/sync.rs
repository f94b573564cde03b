//! Sync: this terminal's outbox pushed to the server, then everyone else's
//! changes pulled in server order and applied. A push is idempotent (the
//! server keeps how far each outbox is); a pull never skips a change (see
//! `storefront_changes`); a row changed on two terminals keeps the later
//! push and lists the other as a conflict.

use std::collections::{BTreeMap, HashMap, HashSet};

use postgres::Client;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::parked::Parking;
use super::server::{self, ServerUrl};
use super::status::SyncProblem;
use super::tables::{shop_tables, Table};
use super::wire::{Change, Wire};
use super::{caches, outbox};
use crate::error::{CoreError, Refusal, Result};
use crate::progress::{checkpoint, Progress};
use crate::store::Store;

/// Rows per server round trip, each way.
const BATCH: i64 = 2_000;

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct SyncPass {
    #[ts(type = "number")]
    pub pushed: u64,
    #[ts(type = "number")]
    pub pulled: u64,
    #[ts(type = "number")]
    pub conflicts: u64,
    #[ts(type = "number")]
    pub pending: u64,
}

/// One pass: push everything waiting, then pull everything new.
pub fn sync(
    store: &mut Store,
    url: &ServerUrl,
    password: Option<&str>,
    progress: &dyn Progress,
) -> Result<SyncPass> {
    // Read each pass: a restore or a join may have given the file another.
    let me: String = store.conn().query_row(
        "SELECT value FROM shop_settings WHERE key = 'terminal_id'",
        [],
        |r| r.get(0),
    )?;
    let outcome = server::log_in(url, password).and_then(|mut client| {
        refuse_if_retired(&mut client, url, &me, store.conn())?;
        keep_clock_offset(store, &mut client, url)?;
        let tables = shop_tables(store.conn())?;
        // A terminal updated before the others, or one left behind, would
        // push or pull rows of other columns: refused by name instead,
        // before anything moves.
        server::refuse_other_schema(&mut client, url, &tables)?;
        let tables: HashMap<String, Table> =
            tables.into_iter().map(|t| (t.name.clone(), t)).collect();
        let mut report = SyncPass::default();
        push(store, &mut client, url, &tables, &me, &mut report, progress)?;
        pull(store, &mut client, url, &tables, &me, &mut report, progress)?;
        report.pending = outbox::pending(store.conn())?;
        Ok(report)
    });
    // Kept whole, so the chip can tell a refusal from a server out of reach.
    let error = outcome.as_ref().err().map(SyncProblem::stored);
    let moved = outcome.as_ref().is_ok_and(|r| r.pushed + r.pulled > 0);
    remember(store, error, moved)?;
    outcome
}

/// Keeps how the pass went for `shop status` and the chip. A pass that
/// moved nothing and failed the same way (or succeeded again) writes only
/// once a minute: a terminal syncing every second is not a write a second.
fn remember(store: &mut Store, error: Option<String>, moved: bool) -> Result<()> {
    let now = crate::shop_time::now();
    let (was, last): (Option<String>, Option<i64>) = store.conn().query_row(
        "SELECT last_error, last_synced_at FROM terminal_sync",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let stale = error.is_none() && last.is_none_or(|t| now - t >= 60);
    if !(moved || stale || was != error) {
        return Ok(());
    }
    store.write(|w| {
        w.tx.execute(
            "UPDATE terminal_sync SET last_error = ?1,
               last_synced_at = CASE WHEN ?1 IS NULL THEN ?2 ELSE last_synced_at END",
            params![error, now],
        )?;
        Ok(())
    })
}

/// How far this computer's clock is from the server's, against the middle
/// of the round trip; within a minute counts as right. Kept, and used from
/// now on by `shop_time::now`, so orders taken offline later are dated by
/// the shop's time too.
fn keep_clock_offset(store: &mut Store, client: &mut Client, url: &ServerUrl) -> Result<()> {
    let before = chrono::Utc::now().timestamp_millis();
    let server: i64 = client
        .query_one(
            "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint",
            &[],
        )
        .map_err(|e| url.failed(&e))?
        .get(0);
    let after = chrono::Utc::now().timestamp_millis();
    let ms = server - (before + after) / 2;
    let offset = if ms.abs() < 60_000 {
        0
    } else {
        (ms as f64 / 1000.0).round() as i64
    };
    let kept: i64 = store
        .conn()
        .query_row("SELECT clock_offset FROM terminal_sync", [], |r| r.get(0))?;
    if kept != offset {
        store.write(|w| {
            w.tx.execute("UPDATE terminal_sync SET clock_offset = ?1", [offset])?;
            Ok(())
        })?;
    }
    crate::shop_time::set_clock_offset(offset);
    Ok(())
}

fn push(
    store: &mut Store,
    client: &mut Client,
    url: &ServerUrl,
    tables: &HashMap<String, Table>,
    me: &str,
    report: &mut SyncPass,
    progress: &dyn Progress,
) -> Result<()> {
    loop {
        checkpoint(progress)?;
        let mut tx = client.transaction().map_err(|e| url.failed(&e))?;
        // The row lock is the lease: two processes on this terminal's file
        // push one after the other, and the second finds the first's work.
        let upto = lease(&mut tx, url, me)?;
        let conn = store.conn();
        // A write only when there is something to clear: a pass with nothing
        // to do takes no write lock from the counter.
        let landed: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM terminal_outbox WHERE seq <= ?1)",
            [upto],
            |r| r.get(0),
        )?;
        if landed {
            conn.execute("DELETE FROM terminal_outbox WHERE seq <= ?1", [upto])?;
        }
        let entries = waiting(conn)?;
        let Some(last) = entries.last().map(|e| e.0) else {
            tx.commit().map_err(|e| url.failed(&e))?;
            return Ok(());
        };
        let (ptx, pseq) = pulled(conn)?;
        let mut wire = Wire::new(&mut tx, url, me);
        let mut seen = HashSet::new();
        for (_, tbl, key) in &entries {
            let Some(t) = tables.get(tbl) else { continue };
            if !seen.insert((tbl.as_str(), key.as_str())) {
                continue;
            }
            let row = local_row(conn, t, key)?;
            report.conflicts += wire.put(t, key, row.as_deref(), (&ptx, pseq))?;
            report.pushed += 1;
        }
        tx.execute(
            "UPDATE storefront_pushed SET upto = $2 WHERE terminal = $1",
            &[&me, &last],
        )
        .map_err(|e| url.failed(&e))?;
        tx.commit().map_err(|e| url.failed(&e))?;
        store
            .conn()
            .execute("DELETE FROM terminal_outbox WHERE seq <= ?1", [last])?;
        progress.report("push", report.pushed, report.pushed);
    }
}

/// A retired terminal neither sends nor takes changes: what waits on it is
/// refused, with how much, so nothing goes unsaid.
fn refuse_if_retired(
    client: &mut Client,
    url: &ServerUrl,
    me: &str,
    conn: &Connection,
) -> Result<()> {
    let row = client
        .query_opt(
            "SELECT name, retired_at FROM storefront_terminals WHERE id = $1 AND retired_at IS NOT NULL",
            &[&me],
        )
        .map_err(|e| url.failed(&e))?;
    let Some(row) = row else { return Ok(()) };
    let (name, _at): (String, i64) = (row.get(0), row.get(1));
    let waiting = outbox::pending(conn)?;
    Err(CoreError::refused(
        Refusal::TerminalRetired,
        &[("name", name.clone()), ("pending", waiting.to_string())],
        format!(
            "this terminal ({name}) was retired from the shop: its {waiting} waiting changes are not sent; join the shop again as a new terminal"
        ),
    ))
}

/// Retires a terminal by name (a lost laptop, a closed store): from then on
/// it can neither send nor take changes.
pub fn retire(url: &ServerUrl, password: Option<&str>, name: &str) -> Result<()> {
    let mut client = server::log_in(url, password)?;
    let done = client
        .execute(
            "UPDATE storefront_terminals SET retired_at = $2 WHERE name = $1 AND retired_at IS NULL",
            &[&name, &crate::shop_time::now()],
        )
        .map_err(|e| url.failed(&e))?;
    if done == 0 {
        return Err(CoreError::NotFound {
            entity: "terminal",
            key: name.to_string(),
        });
    }
    Ok(())
}

fn lease(tx: &mut postgres::Transaction, url: &ServerUrl, me: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO storefront_pushed(terminal, upto) VALUES ($1, 0) ON CONFLICT DO NOTHING",
        &[&me],
    )
    .map_err(|e| url.failed(&e))?;
    Ok(tx
        .query_one(
            "SELECT upto FROM storefront_pushed WHERE terminal = $1 FOR UPDATE",
            &[&me],
        )
        .map_err(|e| url.failed(&e))?
        .get(0))
}

fn waiting(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut stmt =
        conn.prepare("SELECT seq, tbl, key FROM terminal_outbox ORDER BY seq LIMIT ?1")?;
    let rows = stmt.query_map([BATCH], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn pulled(conn: &Connection) -> Result<(String, i64)> {
    Ok(
        conn.query_row("SELECT pulled_tx, pulled_seq FROM terminal_sync", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?,
    )
}

/// The row a key names, as a JSON object of every column, or None when it
/// is gone.
fn local_row(conn: &Connection, t: &Table, key: &str) -> Result<Option<String>> {
    let sql = format!(
        "SELECT {} FROM \"{}\" WHERE {}",
        t.json_object(),
        t.name,
        t.key_match()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Fetches every change after the cursor first (the shop waits on no
/// network), then applies them in one transaction: a row and the rows it
/// points to arrive together whatever batches they came in, and the cursor
/// moves with them.
fn pull(
    store: &mut Store,
    client: &mut Client,
    url: &ServerUrl,
    tables: &HashMap<String, Table>,
    me: &str,
    report: &mut SyncPass,
    progress: &dyn Progress,
) -> Result<()> {
    let names = &server::terminal_ids(client, url)?;
    let (mut ptx, mut pseq) = pulled(store.conn())?;
    let mut changes = Vec::new();
    loop {
        checkpoint(progress)?;
        let batch = Wire::changes_after(client, url, &ptx, pseq, BATCH)?;
        let full = batch.len() as i64 == BATCH;
        if let Some(last) = batch.last() {
            (ptx, pseq) = (last.tx.clone(), last.seq);
        }
        changes.extend(batch);
        progress.report("pull", changes.len() as u64, changes.len() as u64);
        if !full {
            break;
        }
    }
    let parked: bool =
        store
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM terminal_parked)", [], |r| {
                r.get(0)
            })?;
    if changes.is_empty() && !parked {
        return Ok(());
    }
    let theirs: Vec<&Change> = changes.iter().filter(|c| c.terminal != me).collect();
    store.write(|w| {
        w.tx.execute("UPDATE terminal_sync SET applying = 1", [])?;
        w.tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let mut touched = Touched::default();
        let mut parking = Parking::new(w.tx, tables)?;
        for c in &theirs {
            let Some(t) = tables.get(&c.tbl) else {
                continue;
            };
            let from = names
                .get(&c.terminal)
                .map_or(c.terminal.as_str(), String::as_str);
            parking
                .apply_or_park(w.tx, t, &c.key, c.row.as_deref(), from, &mut touched)
                .map_err(|e| {
                    CoreError::Server(format!(
                        "{}: applying {} {} from another terminal: {e}",
                        url.shown(),
                        c.tbl,
                        c.key
                    ))
                })?;
        }
        parking.retry(w.tx, tables, &mut touched)?;
        w.tx.execute(
            "UPDATE terminal_sync SET applying = 0, pulled_tx = ?1, pulled_seq = ?2",
            params![ptx, pseq],
        )?;
        touched.recompute(w.tx)?;
        log_pulled(w.tx, &theirs, names)
    })?;
    report.pulled += theirs.len() as u64;
    Ok(())
}

/// The activity log says what came from which terminal: a line for each
/// terminal a pull brought changes from, naming its orders.
fn log_pulled(
    conn: &Connection,
    theirs: &[&Change],
    names: &HashMap<String, String>,
) -> Result<()> {
    let mut by: BTreeMap<&str, (u64, Vec<String>)> = BTreeMap::new();
    for c in theirs {
        let (rows, orders) = by.entry(c.terminal.as_str()).or_default();
        *rows += 1;
        let order_no = c
            .row
            .as_deref()
            .filter(|_| c.tbl == "orders")
            .and_then(|r| {
                let row: serde_json::Value = serde_json::from_str(r).ok()?;
                row["order_no"].as_str().map(str::to_string)
            });
        orders.extend(order_no);
    }
    let now = crate::shop_time::now();
    for (terminal, (rows, orders)) in by {
        let name = names.get(terminal).map_or(terminal, String::as_str);
        // Figures and numbers only: the activity screen shows it in either
        // language.
        let mut summary = format!("×{rows}");
        if !orders.is_empty() {
            let shown: Vec<&str> = orders.iter().take(10).map(String::as_str).collect();
            let more = if orders.len() > 10 { " …" } else { "" };
            summary.push_str(&format!(" · {}{more}", shown.join(", ")));
        }
        conn.prepare_cached(
            "INSERT INTO change_log(at, terminal, actor, entity, entity_id, action, summary)
             VALUES (?1, ?2, ?3, 'shop', ?3, 'pulled', ?4)",
        )?
        .execute(params![now, terminal, name, summary])?;
    }
    Ok(())
}

/// Writes one row as the server has it (None: deleted). A row this terminal
/// changed and has not pushed is left: its push comes later in server order
/// and wins, and the server lists the overwritten one as a conflict.
pub(super) fn apply(
    conn: &Connection,
    t: &Table,
    key: &str,
    row: Option<&str>,
    touched: &mut Touched,
) -> Result<()> {
    let mine: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM terminal_outbox WHERE tbl = ?1 AND key = ?2)",
        )?
        .query_row(params![t.name, key], |r| r.get(0))?;
    let here = local_row(conn, t, key)?;
    // Already as the server has it (a change seen at join time, say): an
    // append-only ledger row must not even be rewritten the same.
    if mine || same_json(here.as_deref(), row) {
        return Ok(());
    }
    for source in [row, local_row(conn, t, key)?.as_deref()]
        .into_iter()
        .flatten()
    {
        touched.note(conn, t, source)?;
    }
    match row {
        None => {
            conn.execute(
                &format!("DELETE FROM \"{}\" WHERE {}", t.name, t.key_match()),
                [key],
            )?;
        }
        Some(json) => {
            conn.prepare_cached(&t.upsert_from_json())?
                .execute([json])?;
        }
    }
    Ok(())
}

/// Two rows as JSON text, equal whatever their spacing and key order
/// (SQLite's `json_object` and the server's `jsonb` write them differently).
pub(crate) fn same_json(a: Option<&str>, b: Option<&str>) -> bool {
    let parse = |s: Option<&str>| s.map(|s| serde_json::from_str::<serde_json::Value>(s).ok());
    parse(a) == parse(b)
}

/// What the pulled rows touch, for the caches to redo: the variants whose
/// stock they move or hold, the orders whose money they move.
#[derive(Default)]
pub(super) struct Touched {
    variants: Vec<String>,
    orders: Vec<String>,
    members: Vec<String>,
}

impl Touched {
    /// Brings the caches of what the pulled rows touched in line with the
    /// facts; a member's points before the orders' money, as `check` reads.
    fn recompute(&self, conn: &Connection) -> Result<()> {
        if !self.variants.is_empty() {
            caches::restock(conn, Some(&self.variants))?;
        }
        if !self.members.is_empty() {
            caches::repoint(conn, &self.members)?;
        }
        if !self.orders.is_empty() {
            caches::repay(conn, &self.orders)?;
        }
        Ok(())
    }

    fn note(&mut self, conn: &Connection, t: &Table, row: &str) -> Result<()> {
        let (variants, orders) = match t.name.as_str() {
            "stock_movements" | "order_lines" | "stock_batches" => {
                (Some("SELECT json_extract(?1, '$.variant_id')"), None)
            }
            "orders" => (
                Some(
                    "SELECT variant_id FROM order_lines WHERE order_id = json_extract(?1, '$.id')",
                ),
                Some("SELECT json_extract(?1, '$.id')"),
            ),
            "payment_matches" => (None, Some("SELECT json_extract(?1, '$.order_id')")),
            "points_ledger" => {
                self.members
                    .extend(ids(conn, "SELECT json_extract(?1, '$.member_id')", row)?);
                (None, None)
            }
            _ => (None, None),
        };
        if let Some(sql) = variants {
            self.variants.extend(ids(conn, sql, row)?);
        }
        if let Some(sql) = orders {
            self.orders.extend(ids(conn, sql, row)?);
        }
        Ok(())
    }
}

fn ids(conn: &Connection, sql: &str, row: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let found = stmt.query_map([row], |r| r.get::<_, Option<String>>(0))?;
    Ok(found
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}
