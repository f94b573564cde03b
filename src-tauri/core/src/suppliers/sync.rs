//! One sync run of one supplier, in three steps so the shop is never locked
//! while the network is slow: `begin` (claims the supplier and logs the run
//! as running), `pull` (the network, no database), `finish` (applies the
//! whole feed in one transaction (`apply.rs`), or logs the failure and
//! changes nothing).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::progress::Progress;
use crate::shop_time;
use crate::store::Store;
use crate::suppliers::feeds::{self, FeedKind, FeedMapping, Pulled, Source};
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
            return Err(CoreError::refused(Refusal::NoFeed, &[("name", name.clone())], format!("{name} has no feed to sync")));
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
    crate::joblog::job(
        "supplier sync",
        || finish_run(store, job, pulled),
        |r| {
            format!(
                "{}: {} seen, {} created, {} updated",
                r.status, r.seen, r.created, r.updated
            )
        },
    )
}

fn finish_run(store: &mut Store, job: Job, pulled: Result<Pulled>) -> Result<SyncReport> {
    let outcome = match pulled {
        Ok(p) => store.write(|w| super::apply::apply(w, &job, p)),
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

pub(super) fn empty_report(supplier: &str, supplier_id: &str, run_id: Option<&str>) -> SyncReport {
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
