//! One sync run of one supplier, in three steps so the shop is never locked
//! while the network is slow: `begin` (claims the supplier and logs the run
//! as running), `pull` (the network, no database), `finish` (applies the
//! whole feed in one transaction, or logs the failure and changes nothing).

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::ids;
use crate::money::Money;
use crate::progress::Progress;
use crate::shop_time;
use crate::store::{Store, Writer};
use crate::suppliers::feeds::{self, FeedItem, FeedKind, FeedMapping, Pulled, Source};
use crate::suppliers::http::{Auth, Fetcher, HttpOptions, Validators};
use crate::suppliers::{credentials, schedule::Schedule};

/// A run still "running" after this long was cut short (the app quit, the
/// laptop died); it no longer blocks the next one.
const STALE_AFTER_SECS: i64 = 15 * 60;
/// The shop setting: a cost rise above this (basis points) is flagged.
pub const COST_RISE_SETTING: &str = "cost_rise_flag_bp";
pub const DEFAULT_COST_RISE_BP: i64 = 1_000;

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct ChangeCounts {
    pub new: i32,
    pub cost_up: i32,
    pub cost_down: i32,
    pub out_of_stock: i32,
    pub back_in_stock: i32,
    pub gone: i32,
    /// Cost rises above the shop's threshold.
    pub flagged: i32,
    /// Selling prices suggested to keep the margin (never applied here).
    pub price_suggestions: i32,
}

/// What a run did, as the run log and `storefront sync --json` show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncReport {
    pub supplier: String,
    pub supplier_id: String,
    pub run_id: Option<String>,
    /// `ok`, `not_modified`, `error` or `cancelled`.
    pub status: String,
    pub seen: i32,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub error: Option<String>,
    pub changes: ChangeCounts,
    pub started_at: String,
    pub ended_at: String,
}

/// A claimed run: everything the network step needs, no connection.
pub struct Job {
    pub run_id: String,
    pub supplier_id: String,
    pub supplier: String,
    kind: FeedKind,
    url: String,
    mapping: Option<FeedMapping>,
    auth: std::result::Result<Auth, String>,
    known: Vec<(String, Validators)>,
    started_at: i64,
}

pub enum Begun {
    Job(Box<Job>),
    /// Another run of this supplier is in progress (here or in another
    /// program on the same shop).
    Busy {
        supplier: String,
    },
}

/// Claims the supplier for a run and logs it as running.
pub fn begin(store: &mut Store, supplier_id: &str) -> Result<Begun> {
    let now = shop_time::now();
    store.write(|w| {
        let (name, kind, url, mapping): (String, Option<String>, Option<String>, Option<String>) = w
            .tx
            .query_row("SELECT name, feed_kind, feed_url, mapping FROM suppliers WHERE id = ?1", [supplier_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?
            .ok_or_else(|| CoreError::NotFound { entity: "supplier", key: supplier_id.to_string() })?;
        let (Some(kind), Some(url)) = (kind, url) else {
            return Err(CoreError::invalid("feed_url", format!("{name} has no feed to sync")));
        };
        w.tx.execute(
            "UPDATE sync_runs SET status = 'error', ended_at = ?2, error = 'interrupted: the program stopped during the run'
             WHERE supplier_id = ?1 AND status = 'running' AND started_at < ?3",
            params![supplier_id, now, now - STALE_AFTER_SECS],
        )?;
        let running: bool = w.tx.query_row("SELECT EXISTS(SELECT 1 FROM sync_runs WHERE supplier_id = ?1 AND status = 'running')", [supplier_id], |r| r.get(0))?;
        if running {
            return Ok(Begun::Busy { supplier: name });
        }
        let run_id = ids::new_id();
        w.tx.execute("INSERT INTO sync_runs(id, supplier_id, started_at, status) VALUES (?1, ?2, ?3, 'running')", params![run_id, supplier_id, now])?;
        let known = known_pages(w.tx, supplier_id)?;
        Ok(Begun::Job(Box::new(Job {
            run_id,
            supplier_id: supplier_id.to_string(),
            supplier: name,
            kind: FeedKind::parse(&kind)?,
            url,
            mapping: mapping.and_then(|m| serde_json::from_str(&m).ok()),
            auth: credentials::auth_for(w.tx, supplier_id).map_err(|e| e.to_string()),
            known,
            started_at: now,
        })))
    })
}

fn known_pages(conn: &Connection, supplier_id: &str) -> Result<Vec<(String, Validators)>> {
    let mut stmt =
        conn.prepare("SELECT url, etag, last_modified FROM feed_pages WHERE supplier_id = ?1")?;
    let mut pages: Vec<(String, Validators)> = stmt
        .query_map([supplier_id], |r| {
            Ok((
                r.get(0)?,
                Validators {
                    etag: r.get(1)?,
                    last_modified: r.get(2)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // In page order: `page=2` before `page=10`.
    pages.sort_by_key(|(u, _)| (u.len(), u.clone()));
    Ok(pages)
}

/// The network step: the whole feed, or why not. Touches no database.
pub fn pull(job: &Job, http: &HttpOptions, progress: &dyn Progress) -> Result<Pulled> {
    let auth = job.auth.clone().map_err(CoreError::Keychain)?;
    let fetcher = Fetcher::new(http.clone())?;
    let src = Source {
        kind: job.kind,
        url: &job.url,
        mapping: job.mapping.as_ref(),
        auth: &auth,
    };
    feeds::pull(&fetcher, &src, &job.known, progress)
}

/// Applies what was pulled in one transaction, or logs the failure.
pub fn finish(store: &mut Store, job: Job, pulled: Result<Pulled>) -> Result<SyncReport> {
    let outcome = match pulled {
        Ok(p) => store.write(|w| apply(w, &job, p)),
        Err(e) => Err(e),
    };
    let ended = shop_time::now();
    let mut report = match outcome {
        Ok(r) => r,
        Err(e) => {
            let status = if matches!(e, CoreError::Cancelled) {
                "cancelled"
            } else {
                "error"
            };
            let message = e.to_string();
            store.write(|w| {
                w.tx.execute(
                    "UPDATE sync_runs SET status = ?2, ended_at = ?3, error = ?4 WHERE id = ?1",
                    params![job.run_id, status, ended, message],
                )?;
                Ok(())
            })?;
            SyncReport {
                status: status.into(),
                error: Some(message),
                ..empty_report(&job.supplier, &job.supplier_id, Some(&job.run_id))
            }
        }
    };
    report.started_at = store.clock().format(job.started_at);
    report.ended_at = store.clock().format(ended);
    Ok(report)
}

fn empty_report(supplier: &str, supplier_id: &str, run_id: Option<&str>) -> SyncReport {
    SyncReport {
        supplier: supplier.to_string(),
        supplier_id: supplier_id.to_string(),
        run_id: run_id.map(str::to_string),
        status: String::new(),
        seen: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        error: None,
        changes: ChangeCounts::default(),
        started_at: String::new(),
        ended_at: String::new(),
    }
}

/// One supplier's run from start to end (the CLI and tests; the app runs the
/// steps itself so the network is outside its lock).
pub fn run(
    store: &mut Store,
    supplier_id: &str,
    http: &HttpOptions,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    match begin(store, supplier_id)? {
        Begun::Busy { supplier } => Ok(SyncReport {
            status: "error".into(),
            error: Some("another sync of this supplier is running".into()),
            ..empty_report(&supplier, supplier_id, None)
        }),
        Begun::Job(job) => {
            let pulled = pull(&job, http, progress);
            finish(store, *job, pulled)
        }
    }
}

/// The suppliers whose schedule says a run is due now.
pub fn due(
    conn: &Connection,
    now: i64,
    clock: &crate::shop_time::ShopClock,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.every_minutes, s.daily_at, r.started_at, r.status
         FROM suppliers s LEFT JOIN sync_runs r ON r.id = (
           SELECT id FROM sync_runs x WHERE x.supplier_id = s.id ORDER BY started_at DESC, id DESC LIMIT 1)
         WHERE s.feed_url IS NOT NULL AND (s.every_minutes IS NOT NULL OR s.daily_at IS NOT NULL)
         ORDER BY s.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (id, every, daily, last, status) = row?;
        let Some(s) = Schedule::from_columns(every, daily.as_deref()) else {
            continue;
        };
        if status.as_deref() != Some("running")
            && s.next_due(last, status.as_deref(), now, clock) <= now
        {
            out.push(id);
        }
    }
    Ok(out)
}

/// What the supplier's items were before the run.
struct Known {
    id: String,
    title: String,
    cost: i64,
    available: bool,
    stock: Option<i64>,
    barcode: Option<String>,
    pack_size: i64,
    gone: bool,
    variant_id: Option<String>,
}

fn apply(w: &Writer, job: &Job, pulled: Pulled) -> Result<SyncReport> {
    let now = shop_time::now();
    let mut report = empty_report(&job.supplier, &job.supplier_id, Some(&job.run_id));
    let Pulled::Items { items, pages } = pulled else {
        report.status = "not_modified".into();
        w.tx.execute(
            "UPDATE sync_runs SET status = 'not_modified', ended_at = ?2 WHERE id = ?1",
            params![job.run_id, now],
        )?;
        return Ok(report);
    };
    let threshold_bp: i64 = setting(w.tx, COST_RISE_SETTING)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_COST_RISE_BP);
    let mut known = load_items(w.tx, &job.supplier_id)?;
    let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
    let mut costs_moved: HashSet<String> = HashSet::new();
    let mut apply = Apply {
        w,
        run_id: &job.run_id,
        now,
        threshold_bp,
        counts: &mut report.changes,
    };
    for item in items {
        if !seen.insert(item.supplier_sku.clone()) {
            continue; // the same SKU twice in one feed: the first one stands
        }
        report.seen += 1;
        match known.remove(&item.supplier_sku) {
            None => {
                apply.create(&job.supplier_id, &item)?;
                report.created += 1;
            }
            Some(k) => {
                if apply.update(&k, &item)? {
                    report.updated += 1;
                    if k.cost != item.cost.fen() {
                        costs_moved.extend(k.variant_id.clone());
                    }
                } else {
                    report.unchanged += 1;
                }
            }
        }
    }
    for k in known.into_values().filter(|k| !k.gone) {
        w.tx.prepare_cached(
            "UPDATE supplier_items SET gone = 1, available = 0, updated_at = ?2 WHERE id = ?1",
        )?
        .execute(params![k.id, now])?;
        apply.change(&k.id, "gone", Some(k.cost), None, false)?;
        apply.counts.gone += 1;
        report.updated += 1;
        costs_moved.extend(k.variant_id);
    }
    for variant_id in costs_moved {
        apply.follow_cost(&variant_id)?;
    }
    save_pages(w.tx, &job.supplier_id, &pages)?;
    w.tx.execute(
        "UPDATE sync_runs SET status = 'ok', ended_at = ?2, seen = ?3, created = ?4, updated = ?5, unchanged = ?6,
                etag = ?7, last_modified = ?8 WHERE id = ?1",
        params![
            job.run_id, now, report.seen, report.created, report.updated, report.unchanged,
            pages.first().and_then(|(_, v)| v.etag.clone()), pages.first().and_then(|(_, v)| v.last_modified.clone())
        ],
    )?;
    report.status = "ok".into();
    Ok(report)
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

fn load_items(conn: &Connection, supplier_id: &str) -> Result<HashMap<String, Known>> {
    let mut stmt = conn.prepare(
        "SELECT supplier_sku, id, title, cost_fen, available, stock, barcode, pack_size, gone, variant_id FROM supplier_items WHERE supplier_id = ?1",
    )?;
    let rows = stmt.query_map([supplier_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Known {
                id: r.get(1)?,
                title: r.get(2)?,
                cost: r.get(3)?,
                available: r.get(4)?,
                stock: r.get(5)?,
                barcode: r.get(6)?,
                pack_size: r.get(7)?,
                gone: r.get(8)?,
                variant_id: r.get(9)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn save_pages(conn: &Connection, supplier_id: &str, pages: &[(String, Validators)]) -> Result<()> {
    conn.execute(
        "DELETE FROM feed_pages WHERE supplier_id = ?1",
        [supplier_id],
    )?;
    let mut insert = conn.prepare("INSERT OR REPLACE INTO feed_pages(supplier_id, url, etag, last_modified) VALUES (?1, ?2, ?3, ?4)")?;
    for (url, v) in pages
        .iter()
        .filter(|(_, v)| v.etag.is_some() || v.last_modified.is_some())
    {
        insert.execute(params![supplier_id, url, v.etag, v.last_modified])?;
    }
    Ok(())
}

/// The writes of one run, with what it counts.
struct Apply<'a> {
    w: &'a Writer<'a>,
    run_id: &'a str,
    now: i64,
    threshold_bp: i64,
    counts: &'a mut ChangeCounts,
}

impl Apply<'_> {
    fn create(&mut self, supplier_id: &str, item: &FeedItem) -> Result<()> {
        let id = ids::new_id();
        let (variant, linked_by) = match self.auto_link(item)? {
            Some((v, by)) => (Some(v), Some(by)),
            None => (None, None),
        };
        // A supplier item seen again after being gone keeps its row (and
        // history); a brand-new one gets one.
        self.w.tx.prepare_cached(
            "INSERT INTO supplier_items(id, supplier_id, supplier_sku, title, cost_fen, pack_size, available, stock, barcode, variant_id, linked_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            id, supplier_id, item.supplier_sku, item.title, item.cost.fen(), item.pack_size.unwrap_or(1), item.available,
            item.stock, item.barcode, variant, linked_by, self.now
        ])?;
        self.cost_seen(&id, item.cost.fen())?;
        self.change(&id, "new", None, Some(item.cost.fen()), false)?;
        self.counts.new += 1;
        if let Some(v) = variant {
            self.follow_cost(&v)?;
        }
        Ok(())
    }

    /// The shop's own variant with the item's SKU, or else its barcode.
    fn auto_link(&self, item: &FeedItem) -> Result<Option<(String, &'static str)>> {
        let by_sku: Option<String> = self
            .w
            .tx
            .prepare_cached("SELECT id FROM variants WHERE sku = ?1 AND archived = 0")?
            .query_row([&item.supplier_sku], |r| r.get(0))
            .optional()?;
        if let Some(v) = by_sku {
            return Ok(Some((v, "sku")));
        }
        let Some(code) = &item.barcode else {
            return Ok(None);
        };
        let by_code: Option<String> = self
            .w
            .tx
            .prepare_cached("SELECT id FROM variants WHERE barcode = ?1 AND archived = 0")?
            .query_row([code], |r| r.get(0))
            .optional()?;
        Ok(by_code.map(|v| (v, "barcode")))
    }

    /// Brings a known item up to the feed; says whether anything changed.
    fn update(&mut self, k: &Known, item: &FeedItem) -> Result<bool> {
        let cost = item.cost.fen();
        let pack = item.pack_size.unwrap_or(k.pack_size);
        let same = !k.gone
            && k.cost == cost
            && k.available == item.available
            && k.title == item.title
            && k.stock == item.stock
            && k.barcode == item.barcode
            && k.pack_size == pack;
        if same {
            return Ok(false);
        }
        self.w.tx.prepare_cached(
            "UPDATE supplier_items SET title = ?2, cost_fen = ?3, available = ?4, stock = ?5, barcode = ?6, pack_size = ?7, gone = 0, updated_at = ?8 WHERE id = ?1",
        )?
        .execute(params![k.id, item.title, cost, item.available, item.stock, item.barcode, pack, self.now])?;
        if k.gone {
            self.change(&k.id, "new", Some(k.cost), Some(cost), false)?;
            self.counts.new += 1;
        }
        if k.cost != cost {
            self.cost_seen(&k.id, cost)?;
            let up = cost > k.cost;
            let flagged = up && (cost - k.cost) * 10_000 > k.cost * self.threshold_bp;
            self.change(
                &k.id,
                if up { "cost_up" } else { "cost_down" },
                Some(k.cost),
                Some(cost),
                flagged,
            )?;
            if up {
                self.counts.cost_up += 1;
            } else {
                self.counts.cost_down += 1;
            }
            self.counts.flagged += flagged as i32;
        }
        if !k.gone && k.available != item.available {
            self.change(
                &k.id,
                if item.available {
                    "back_in_stock"
                } else {
                    "out_of_stock"
                },
                Some(k.cost),
                Some(cost),
                false,
            )?;
            if item.available {
                self.counts.back_in_stock += 1;
            } else {
                self.counts.out_of_stock += 1;
            }
        }
        Ok(true)
    }

    fn cost_seen(&self, item_id: &str, cost: i64) -> Result<()> {
        self.w.tx.prepare_cached("INSERT INTO supplier_item_costs(id, supplier_item_id, cost_fen, seen_at) VALUES (?1, ?2, ?3, ?4)")?.execute(params![
            ids::new_id(),
            item_id,
            cost,
            self.now
        ])?;
        Ok(())
    }

    fn change(
        &self,
        item_id: &str,
        kind: &str,
        old: Option<i64>,
        new: Option<i64>,
        flagged: bool,
    ) -> Result<()> {
        self.w.tx.prepare_cached(
            "INSERT INTO sync_changes(id, run_id, supplier_item_id, kind, old_cost_fen, new_cost_fen, flagged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![ids::new_id(), self.run_id, item_id, kind, old, new, flagged])?;
        Ok(())
    }

    /// The shop's cost of a variant follows its cheapest linked supplier
    /// item that is available (or any linked one, if none is); when it moves,
    /// a selling price keeping the margin is suggested, never applied.
    fn follow_cost(&mut self, variant_id: &str) -> Result<()> {
        let cheapest: Option<(i64, String)> = self
            .w
            .tx
            .prepare_cached(
                "SELECT cost_fen, id FROM supplier_items WHERE variant_id = ?1 AND gone = 0
                 ORDER BY available DESC, cost_fen, id LIMIT 1",
            )?
            .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((cost, item_id)) = cheapest else {
            return Ok(());
        };
        let (price, old_cost): (i64, i64) = self
            .w
            .tx
            .prepare_cached("SELECT price_fen, cost_fen FROM variants WHERE id = ?1")?
            .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if !crate::catalog::edit::set_cost(
            self.w.tx,
            variant_id,
            Money::from_fen(cost),
            "供应商成本",
            self.now,
        )? {
            return Ok(());
        }
        if let Some(suggested) = keep_margin(price, old_cost, cost) {
            self.w.tx.prepare_cached("UPDATE price_suggestions SET status = 'dismissed', decided_at = ?2 WHERE variant_id = ?1 AND status = 'pending'")?.execute(params![variant_id, self.now])?;
            self.w.tx.prepare_cached(
                "INSERT INTO price_suggestions(id, variant_id, supplier_item_id, old_cost_fen, new_cost_fen, price_fen, suggested_fen, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![ids::new_id(), variant_id, item_id, old_cost, cost, price, suggested, self.now])?;
            self.counts.price_suggestions += 1;
        }
        Ok(())
    }
}

/// The selling price that keeps the margin rate when cost moves from
/// `old_cost` to `cost`, rounded up to the jiao (0.10) as shelf prices are;
/// none when there was no margin to keep or the price would not change.
pub fn keep_margin(price: i64, old_cost: i64, cost: i64) -> Option<i64> {
    if old_cost <= 0 || price <= old_cost {
        return None;
    }
    let exact = (cost as i128 * price as i128 + old_cost as i128 - 1) / old_cost as i128;
    let rounded = ((exact + 9) / 10 * 10) as i64;
    (rounded != price).then_some(rounded)
}

#[cfg(test)]
mod tests {
    use super::keep_margin;

    #[test]
    fn a_new_price_keeps_the_margin_rounded_up_to_the_jiao() {
        // Cost 6.00 -> 6.60 (+10%) on a 10.00 price: 11.00 keeps 40%.
        assert_eq!(keep_margin(1000, 600, 660), Some(1100));
        // 5.00 -> 5.17 on 9.90: 10.2366 -> 10.30.
        assert_eq!(keep_margin(990, 500, 517), Some(1030));
        assert_eq!(keep_margin(1000, 600, 600), None, "no move");
        assert_eq!(
            keep_margin(500, 600, 700),
            None,
            "sold below cost: no margin to keep"
        );
        assert_eq!(keep_margin(1000, 0, 700), None);
    }
}
