//! What a terminal shows of its sync: the status chip's figures, goods sold
//! beyond the shelf once terminals met, and the conflicts list.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::server::ServerUrl;
use super::wire::Wire;
use super::{local_setting, outbox};
use crate::error::{CoreError, IpcError, Result};
use crate::shop_time::ShopClock;
use crate::store::Store;

/// This terminal's sync state, for the status chip and `shop status`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStatus {
    /// None: the shop is on this computer only.
    pub server: Option<String>,
    pub terminal: Option<String>,
    pub terminal_id: String,
    /// The store this terminal's stock moves at, when it has a home.
    pub location: Option<String>,
    /// Changes made here and not yet on the server.
    #[ts(type = "number")]
    pub pending: u64,
    /// The last sync that reached the server, in the shop's time.
    pub last_synced_at: Option<String>,
    /// Why the last sync failed, in English; None once one succeeds.
    pub last_error: Option<String>,
    /// The same, for the window to word in the merchant's language.
    pub problem: Option<SyncProblem>,
    /// A pass is running now (the app's background sync).
    pub syncing: bool,
    /// Goods sold beyond the shelf, as the terminals' sales now add up.
    pub oversold: Vec<Oversold>,
    /// Rows from other terminals this shop could not take yet (the same
    /// new SKU made on two terminals, say), with why.
    pub parked: Vec<super::Parked>,
    /// Seconds this computer's clock is behind the server (negative: ahead),
    /// 0 within a minute; orders are dated by the server's time.
    #[ts(type = "number")]
    pub clock_offset: i64,
}

/// Why the last sync failed, kept whole.
#[derive(Debug, Clone, Serialize, serde::Deserialize, TS)]
pub struct SyncProblem {
    /// The server was reached and said no (another version, this terminal
    /// retired): waiting will not mend it, unlike a server out of reach.
    pub refused: bool,
    pub error: IpcError,
}

impl SyncProblem {
    /// How `terminal_sync.last_error` keeps a failed pass: kind and
    /// arguments, so the chip can word it in the merchant's language.
    pub(super) fn stored(e: &CoreError) -> String {
        let problem = SyncProblem {
            refused: matches!(e, CoreError::Refused { .. }),
            error: e.to_ipc(),
        };
        serde_json::to_string(&problem).unwrap_or_else(|_| e.to_string())
    }

    /// The kept problem, or None for the plain text an earlier build wrote.
    fn read(stored: &str) -> Option<SyncProblem> {
        serde_json::from_str(stored).ok()
    }
}

pub fn status(store: &Store) -> Result<SyncStatus> {
    let conn = store.conn();
    let (last_synced_at, last_error, clock_offset): (Option<i64>, Option<String>, i64) = conn
        .query_row(
            "SELECT last_synced_at, last_error, clock_offset FROM terminal_sync",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
    let problem = last_error.as_deref().and_then(SyncProblem::read);
    // A file of an earlier build may hold the plain text.
    let last_error = problem
        .as_ref()
        .map(|p| p.error.message.clone())
        .or(last_error);
    Ok(SyncStatus {
        server: local_setting(conn, "shop_server")?,
        terminal: local_setting(conn, "terminal_name")?,
        terminal_id: store.session().terminal.clone(),
        location: conn
            .query_row(
                "SELECT l.name FROM shop_settings s JOIN locations l ON l.id = s.value WHERE s.key = 'terminal_location'",
                [],
                |r| r.get(0),
            )
            .optional()?,
        pending: outbox::pending(conn)?,
        last_synced_at: last_synced_at.map(|t| store.clock().format(t)),
        last_error,
        problem,
        syncing: false,
        oversold: oversold(conn)?,
        parked: super::parked(conn, store.clock())?,
        clock_offset,
    })
}

/// Goods whose sales, added up from every terminal, are more than the
/// shelf had (two terminals selling the last one offline both sold it):
/// what is short, and the orders that hold or took it, newest first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Oversold {
    pub sku: String,
    pub name: String,
    /// On hand less what open orders hold: below zero.
    #[ts(type = "number")]
    pub available: i64,
    pub orders: Vec<String>,
}

pub fn oversold(conn: &Connection) -> Result<Vec<Oversold>> {
    let mut short = conn.prepare(
        "SELECT v.id, v.sku, trim(p.name || ' ' || v.options), sum(s.on_hand) - sum(s.committed) AS a
         FROM stock_levels s JOIN variants v ON v.id = s.variant_id JOIN products p ON p.id = v.product_id
         GROUP BY v.id HAVING a < 0 ORDER BY v.sku",
    )?;
    let mut orders = conn.prepare_cached(
        "SELECT o.order_no FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.variant_id = ?1 AND o.status IN ('awaiting_payment', 'paid', 'fulfilled')
         ORDER BY o.placed_at DESC, o.order_no DESC LIMIT 5",
    )?;
    let rows: Vec<(String, String, String, i64)> = short
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, sku, name, available)| {
            let orders = orders
                .query_map([&id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Oversold {
                sku,
                name,
                available,
                orders,
            })
        })
        .collect()
}

/// A row changed on two terminals: what was kept and what was overwritten.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Conflict {
    #[ts(type = "number")]
    pub seq: i64,
    /// When the later change reached the server, in the shop's time.
    pub at: String,
    pub table: String,
    /// `overwritten` (the later change won) or `refused` (the later change
    /// could no longer be made, so the earlier stands).
    pub kind: String,
    /// The row's primary key, as a JSON array.
    pub key: String,
    pub kept_terminal: String,
    #[ts(type = "Record<string, unknown> | null")]
    pub kept_row: Option<serde_json::Value>,
    pub lost_terminal: String,
    #[ts(type = "Record<string, unknown> | null")]
    pub lost_row: Option<serde_json::Value>,
}

/// The conflicts not yet settled, newest first.
pub fn conflicts(
    url: &ServerUrl,
    password: Option<&str>,
    clock: &ShopClock,
) -> Result<Vec<Conflict>> {
    let mut client = super::server::log_in(url, password)?;
    Wire::conflicts(&mut client, url, clock)
}

/// How the merchant settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// The value that won stays; the conflict leaves the list.
    Kept,
    /// The overwritten value is written again here, and goes to every
    /// terminal with the next sync.
    Overwritten,
}

/// Settles conflict `seq`: the kept value confirmed, or the overwritten
/// one written back on this terminal (a change of its own, pushed next).
pub fn resolve(store: &mut Store, password: Option<&str>, seq: i64, keep: Keep) -> Result<()> {
    let url = super::server_url(store.conn())?;
    let mut client = super::server::log_in(&url, password)?;
    let row = client
        .query_opt(
            "SELECT tbl, key, lost_row::text, kind FROM storefront_conflicts WHERE seq = $1 AND resolved_at IS NULL",
            &[&seq],
        )
        .map_err(|e| url.failed(&e))?
        .ok_or_else(|| crate::CoreError::NotFound {
            entity: "conflict",
            key: seq.to_string(),
        })?;
    let (tbl, key, lost, kind): (String, String, Option<String>, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    if keep == Keep::Overwritten && kind == "refused" {
        return Err(crate::CoreError::invalid(
            "keep",
            format!("{tbl} {key}: that change can no longer be made (the goods left the shelf on another terminal); keep the value that stands"),
        ));
    }
    if keep == Keep::Overwritten {
        let table = super::tables::shop_tables(store.conn())?
            .into_iter()
            .find(|t| t.name == tbl)
            .ok_or_else(|| crate::CoreError::NotFound {
                entity: "table",
                key: tbl.clone(),
            })?;
        store.write(|w| {
            match &lost {
                Some(json) => w.tx.execute(&table.upsert_from_json(), [json])?,
                None => w.tx.execute(
                    &format!("DELETE FROM \"{}\" WHERE {}", table.name, table.key_match()),
                    [&key],
                )?,
            };
            w.log("shop", &key, "conflict_restored", &format!("{tbl} {key}"))
        })?;
    }
    let resolution = if keep == Keep::Kept {
        "kept"
    } else {
        "restored"
    };
    client
        .execute(
            "UPDATE storefront_conflicts SET resolved_at = $2, resolution = $3 WHERE seq = $1",
            &[&seq, &crate::shop_time::now(), &resolution],
        )
        .map_err(|e| url.failed(&e))?;
    Ok(())
}
