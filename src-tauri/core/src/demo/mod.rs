//! The demo shop: a year of a neighbourhood fruit-and-goods merchant who
//! sells in WeChat groups, through group leaders and pickup points, with
//! distributors, group buys, coupons and campaigns. Deterministic: the same
//! seed and end date make the same shop. It is the data for screenshots,
//! benchmarks and trying the product.

pub mod bills;
mod data;
mod people;
mod rng;
mod sales;
pub mod solitaire;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::progress::Progress;
use crate::store::Store;

pub use rng::Rng;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub orders: u64,
    pub seed: u64,
    /// The last business day of the demo year (normally today).
    pub until: NaiveDate,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct DemoSummary {
    pub products: u32,
    pub variants: u32,
    pub customers: u32,
    pub leaders: u32,
    pub pickup_points: u32,
    pub distributors: u32,
    pub campaigns: u32,
    pub group_buys: u32,
    pub coupons: u32,
    pub members: u32,
    pub suppliers: u32,
    pub orders: u32,
    pub payments: u32,
    pub refunds: u32,
}

/// Fills an empty shop. All or nothing: a cancel or an error leaves the shop
/// empty as it was.
pub fn generate(
    store: &mut Store,
    opts: &DemoOptions,
    progress: &dyn Progress,
) -> Result<DemoSummary> {
    if !store.is_empty()? {
        return Err(CoreError::ShopNotEmpty);
    }
    let saved = bulk_settings(store.conn())?;
    let result = store.write(|w| {
        // Building an index or a rollup once over loaded rows is far cheaper
        // than keeping it up to date through millions of inserts.
        let summary = crate::store::rollups::bulk(w.tx, || {
            let indexes = secondary_indexes(w.tx)?;
            for (name, _) in &indexes {
                w.tx.execute_batch(&format!("DROP INDEX {name}"))?;
            }
            let mut g = sales::Gen::new(w, opts);
            let summary = g.run(progress)?;
            progress.report("indexes", 0, indexes.len() as u64);
            for (i, (_, sql)) in indexes.iter().enumerate() {
                w.tx.execute_batch(sql)?;
                progress.report("indexes", i as u64 + 1, indexes.len() as u64);
            }
            Ok(summary)
        })?;
        w.log(
            "shop",
            "demo",
            "demo",
            &format!("{} · seed {}", summary.orders, opts.seed),
        )?;
        Ok(summary)
    });
    // Back as the store set the connection: a demo made in the app is
    // followed by the merchant's own work on it.
    for (name, value) in saved.iter().rev() {
        store.conn().pragma_update(None, name, value)?;
    }
    result
}

/// The demo's one big write, each setting and why.
const BULK: [(&str, &str); 5] = [
    // One big transaction into an empty file: a rollback journal of an empty
    // database is tiny, where WAL would write every page twice.
    ("journal_mode", "DELETE"),
    ("cache_size", "-524288"),
    // The indexes and rollups are built by SQLite's sorter, which keeps its
    // records in one buffer only when temporary data may go to a file (see
    // `store::read`): 64 → 62 s for a million orders.
    ("temp_store", "FILE"),
    // The generator's references are right by construction (its tests run
    // `check`, which includes SQLite's foreign-key check); looking up every
    // parent of millions of rows would triple the time.
    ("foreign_keys", "OFF"),
    // Half the demo is building indexes and rollups with SQLite's sorter,
    // which sorts on a second core when allowed.
    ("threads", "2"),
];

/// Applies `BULK`, returning the settings it replaced.
fn bulk_settings(
    conn: &rusqlite::Connection,
) -> Result<Vec<(&'static str, rusqlite::types::Value)>> {
    let mut saved = Vec::new();
    for (name, value) in BULK {
        saved.push((name, conn.pragma_query_value(None, name, |r| r.get(0))?));
        conn.pragma_update(None, name, value)?;
    }
    Ok(saved)
}

/// The schema's own (named) indexes, as (name, CREATE statement).
fn secondary_indexes(conn: &rusqlite::Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How busy a day is: weekends and festival weeks sell more, and the shop
/// grows through the year.
fn day_weight(day: NaiveDate, index: usize, days: usize) -> u64 {
    let weekday = [85u64, 80, 90, 95, 110, 130, 120][day.weekday().num_days_from_monday() as usize];
    let festive = data::CAMPAIGNS
        .iter()
        .filter(|c| c.1 == "holiday")
        .any(|c| in_window(day, c.2, c.3, c.4));
    let season = if festive { 170 } else { 100 };
    let growth = 70 + (50 * index as u64) / days.max(1) as u64;
    weekday * season * growth
}

fn in_window(day: NaiveDate, month: u32, start: u32, len: i64) -> bool {
    let Some(first) = NaiveDate::from_ymd_opt(day.year(), month, start) else {
        return false;
    };
    day >= first && day < first + Duration::days(len)
}

/// Splits `total` over days by weight so the counts add up exactly.
fn spread(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|w| *w as u128).sum();
    let mut out = Vec::with_capacity(weights.len());
    let mut acc: u128 = 0;
    let mut given = 0u64;
    for w in weights {
        acc += *w as u128;
        let upto = (acc * total as u128 / sum.max(1)) as u64;
        out.push(upto - given);
        given = upto;
    }
    out
}

#[cfg(test)]
mod tests;
