//! Long jobs (imports, reconciliation, backups, supplier syncs) say in the
//! log when they start and end, what they counted and how they failed: the
//! error's code only, never its text, which may name a customer. The app
//! writes the log to rotating files; the CLI and tests have no logger, so
//! these lines go nowhere there.

use std::time::Instant;

use crate::error::Result;

/// A background job of the app as the window shows it (Settings → 关于).
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct JobStatus {
    pub name: String,
    /// How often it runs, in milliseconds; none when it runs once.
    #[ts(type = "number | null")]
    pub every_ms: Option<u64>,
    #[ts(type = "number")]
    pub runs: u64,
    /// When it last ran, in the shop's time.
    pub last_at: Option<String>,
    /// What it last did, or why it failed ("" when there was nothing to do).
    pub last: Option<String>,
    pub failed: bool,
}

/// Runs `work` as the job `what`, logging its start, its end with `counts`
/// and how long it took, or its failure's code.
pub fn job<T>(
    what: &str,
    work: impl FnOnce() -> Result<T>,
    counts: impl FnOnce(&T) -> String,
) -> Result<T> {
    let started = Instant::now();
    log::info!("{what}: started");
    let done = work();
    let took = started.elapsed().as_secs_f64();
    match &done {
        Ok(v) => log::info!("{what}: done in {took:.1} s, {}", counts(v)),
        Err(e) => log::warn!("{what}: failed in {took:.1} s ({})", e.code()),
    }
    done
}
