//! `bench solitaire --lines N`: a 接龙 of N lines written from the shop's
//! own customers (names, nicknames, phones) and products (short names,
//! counts, pack sizes), read five times; prints the median and the spread.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;
use storefront_core::{solitaire, CoreError};

use crate::output::Out;
use crate::shop::open;

pub fn solitaire_bench(db: &Path, lines: usize, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open(db)?;
    let list = storefront_core::demo::solitaire::list(store.conn(), lines)?;
    let mut times = Vec::new();
    let mut parsed = None;
    for _ in 0..5 {
        let started = Instant::now();
        parsed = Some(solitaire::parse(store.conn(), store.clock(), &list)?);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let entries = parsed.map(|p| p.entries).unwrap_or_default();
    let flagged = entries.iter().filter(|e| e.flagged).count();
    let customers: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
    let value = json!({
        "lines": entries.len(), "customers": customers, "sure": entries.len() - flagged, "flagged": flagged,
        "median_ms": times[2], "min_ms": times[0], "max_ms": times[4],
    });
    out.emit(&value, || {
        format!(
            "接龙 {} lines against {customers} customers: median {:.1} ms (min {:.1}, max {:.1}); {} sure, {flagged} flagged",
            entries.len(),
            times[2],
            times[0],
            times[4],
            entries.len() - flagged
        )
    });
    Ok(ExitCode::SUCCESS)
}
