//! `bench dashboard`: the time of every query behind the dashboard and the
//! campaign page, as the screen asks them, on whatever shop it is given.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;
use storefront_core::analytics::sales::{self, By};
use storefront_core::analytics::{self, buyers, campaign, people, products, Period};
use storefront_core::{after_sales, CoreError};

use crate::output::Out;
use crate::shop::open;

/// Runs of each query; the median is reported, and the first run apart
/// (a cold page cache, as when the merchant opens the app).
const RUNS: usize = 5;

type Query<'a> = Box<dyn FnMut() -> Result<(), CoreError> + 'a>;

pub fn dashboard(
    db: &Path,
    from: Option<String>,
    to: Option<String>,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let store = open(db)?;
    let (conn, clock) = (store.conn(), store.clock());
    let today = clock.today();
    let p = match (from, to) {
        (Some(f), Some(t)) => Period::parse(&f, &t)?,
        _ => Period::last(today, 30),
    };
    let year = Period::last(p.to, 365);
    let (start, end) = p.instants(clock);
    let biggest: Option<String> = conn
        .query_row(
            "SELECT campaign_id FROM orders WHERE campaign_id IS NOT NULL GROUP BY campaign_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    let mut queries: Vec<(&str, Query)> = vec![
        (
            "tiles",
            // As the dashboard reads at noon of the last day.
            Box::new(|| {
                analytics::dashboard(conn, clock, clock.day_start(p.to) + 12 * 3600).map(drop)
            }),
        ),
        (
            "trend_by_day",
            Box::new(|| sales::trend(conn, clock, p, By::Day).map(drop)),
        ),
        (
            "trend_year_by_day",
            Box::new(|| sales::trend(conn, clock, year, By::Day).map(drop)),
        ),
        (
            "trend_year_by_week",
            Box::new(|| sales::trend(conn, clock, year, By::Week).map(drop)),
        ),
        (
            "trend_year_by_month",
            Box::new(|| sales::trend(conn, clock, year, By::Month).map(drop)),
        ),
        ("channels", Box::new(|| sales::channels(conn, p).map(drop))),
        (
            "top_products",
            Box::new(|| products::mix(conn, p, 10).map(drop)),
        ),
        (
            "stock_turnover",
            Box::new(|| products::turnover(conn, clock, p, 10).map(drop)),
        ),
        (
            "buyers_cohorts",
            Box::new(|| buyers::buyers(conn, p).map(drop)),
        ),
        (
            "leaders",
            Box::new(|| people::leaders(conn, p, 10).map(drop)),
        ),
        (
            "distributors",
            Box::new(|| people::distributors(conn, p, 10).map(drop)),
        ),
        (
            "groupbuy_funnel",
            Box::new(|| campaign::funnel(conn, clock, p).map(drop)),
        ),
        (
            "after_sales",
            Box::new(|| after_sales::service_between(conn, start, end).map(drop)),
        ),
    ];
    if let Some(id) = &biggest {
        queries.push((
            "campaign_report",
            Box::new(move || campaign::report(conn, clock, id).map(drop)),
        ));
    }
    let mut rows = Vec::new();
    for (name, q) in &mut queries {
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t = Instant::now();
            q()?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let first = times[0];
        times.sort_by(f64::total_cmp);
        rows.push((name.to_string(), first, times[RUNS / 2]));
    }
    // The screen: its queries once each, one after another, as it loads.
    let t = Instant::now();
    for (name, q) in &mut queries {
        if !name.starts_with("trend_year") && *name != "campaign_report" {
            q()?;
        }
    }
    let screen = t.elapsed().as_secs_f64() * 1000.0;
    let orders: i64 = conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
    let median: serde_json::Map<String, serde_json::Value> =
        rows.iter().map(|(k, _, m)| (k.clone(), json!(m))).collect();
    let first: serde_json::Map<String, serde_json::Value> =
        rows.iter().map(|(k, f, _)| (k.clone(), json!(f))).collect();
    let value = json!({
        "orders": orders, "from": p.from.to_string(), "to": p.to.to_string(),
        "median_ms": median, "first_run_ms": first, "screen_ms": screen,
    });
    out.emit(&value, || {
        let mut lines = vec![format!(
            "{orders} orders · {} ~ {} · median of {RUNS} (first run)",
            p.from, p.to
        )];
        lines.extend(
            rows.iter()
                .map(|(k, f, m)| format!("{k:<22} {m:>8.2} ms  ({f:.2})")),
        );
        lines.push(format!("{:<22} {screen:>8.2} ms", "whole screen"));
        lines.join("\n")
    });
    Ok(ExitCode::SUCCESS)
}
