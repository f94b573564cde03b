//! `bench terminals`: several terminals on one shop through a PostgreSQL
//! server (#19). Publishes a demo shop, joins the other terminals (timed),
//! has each take orders offline and times how long they take to agree; then
//! how long an order takes from one terminal to another, and order entry
//! with a sync running beside it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::json;
use storefront_core::checkout;
use storefront_core::demo::{self, DemoOptions};
use storefront_core::orders::{NewLine, NewOrder};
use storefront_core::progress::Silent;
use storefront_core::terminals::{self, ServerUrl};
use storefront_core::{CoreError, Session, Store};

use crate::bench_orders::{quantile, stocked};
use crate::output::Out;
use crate::shop::open;

pub struct Plan {
    pub server: String,
    pub orders: u64,
    pub offline: usize,
    pub terminals: usize,
}

pub fn terminals_bench(db: &Path, plan: &Plan, out: &Out) -> Result<ExitCode, CoreError> {
    let url = ServerUrl::parse(&plan.server)?;
    let mut main = open(db)?;
    let until = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    demo::generate(
        &mut main,
        &DemoOptions {
            orders: plan.orders,
            seed: 1,
            until,
        },
        &out.progress(),
    )?;
    let t = Instant::now();
    let published = terminals::publish(&mut main, &url, None, "总店", &Silent)?;
    let publish_s = t.elapsed().as_secs_f64();
    let mut all = vec![main];
    let mut join_s = Vec::new();
    for i in 1..plan.terminals.max(2) {
        let path = beside(db, i);
        let t = Instant::now();
        terminals::join(&path, &url, None, &format!("终端{i}"), &Silent)?;
        join_s.push(t.elapsed().as_secs_f64());
        all.push(Store::open(&path, Session::new("bench"))?);
    }
    for (i, store) in all.iter_mut().enumerate() {
        take_orders(store, plan.offline, &format!("离线{i}-"))?;
    }
    let (converge_s, rounds) = converge(&mut all, &url)?;
    let digests: Vec<String> = all
        .iter()
        .map(|s| terminals::digest(s.conn()).map(|d| d.digest))
        .collect::<Result<_, _>>()?;
    let agree = digests.windows(2).all(|w| w[0] == w[1]);
    let propagation = propagation(&mut all, &url)?;
    let (alone, beside_sync) = entry_with_sync(db, &mut all[0], &url)?;
    let figures = json!({
        "orders": plan.orders, "rows_published": published.rows, "publish_s": publish_s,
        "join_s": join_s, "terminals": all.len(), "offline_orders_each": plan.offline,
        "converge_s": converge_s, "converge_rounds": rounds, "digests_agree": agree,
        "propagation_pass_ms": { "p50": propagation.0, "p90": propagation.1 },
        "entry_p99_ms": { "alone": alone, "with_sync": beside_sync },
    });
    out.emit(&figures, || {
        format!(
            "published {} rows of a {}-order shop in {publish_s:.1} s; joined in {}\n\
             {} terminals × {} offline orders converged in {converge_s:.2} s ({rounds} rounds), digests {}\n\
             an order from one terminal's push to another's pull: p50 {:.0} ms, p90 {:.0} ms (the app syncs every second)\n\
             order entry p99: {alone:.2} ms alone, {beside_sync:.2} ms with a sync every second beside it",
            published.rows,
            plan.orders,
            join_s.iter().map(|s| format!("{s:.1} s")).collect::<Vec<_>>().join(", "),
            all.len(),
            plan.offline,
            if agree { "equal" } else { "DIFFER" },
            propagation.0,
            propagation.1,
        )
    });
    Ok(ExitCode::SUCCESS)
}

fn beside(db: &Path, i: usize) -> PathBuf {
    let path = db.with_extension(format!("terminal{i}.db"));
    // A leftover of an earlier run.
    storefront_core::store::remove_files(&path);
    path
}

/// `n` orders of one to three lines from the best-stocked goods, each its
/// own durable transaction; each one's time.
fn take_orders(store: &mut Store, n: usize, who: &str) -> Result<Vec<Duration>, CoreError> {
    let skus = stocked(store, false, n as i64)?;
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let order = NewOrder {
            customer: format!("{who}{}", i % 50),
            channel: "wechat".into(),
            lines: (0..1 + i % 3)
                .map(|k| NewLine {
                    sku: skus[(i + k) % skus.len()].clone(),
                    qty: 1,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let t = Instant::now();
        store.write(|w| checkout::create(w, &order))?;
        times.push(t.elapsed());
    }
    Ok(times)
}

/// Every terminal syncs in turn until a round moves nothing: how long, and
/// how many rounds.
fn converge(all: &mut [Store], url: &ServerUrl) -> Result<(f64, u32), CoreError> {
    let t = Instant::now();
    let mut rounds = 0;
    loop {
        rounds += 1;
        let mut moved = 0;
        for store in all.iter_mut() {
            let pass = terminals::sync(store, url, None, &Silent)?;
            moved += pass.pushed + pass.pulled;
        }
        if moved == 0 || rounds > 10 {
            return Ok((t.elapsed().as_secs_f64(), rounds));
        }
    }
}

/// 20 orders taken on the first terminal, each pushed by it and pulled by
/// the second: p50 and p90 of the time from the order's commit to the pull.
fn propagation(all: &mut [Store], url: &ServerUrl) -> Result<(f64, f64), CoreError> {
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        take_orders(&mut all[0], 1, "传播")?;
        terminals::sync(&mut all[0], url, None, &Silent)?;
        terminals::sync(&mut all[1], url, None, &Silent)?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok((quantile(&times, 0.5), quantile(&times, 0.9)))
}

/// Order entry's p99 on the first terminal: 500 orders alone, then 500
/// with another connection syncing the same file every second.
fn entry_with_sync(db: &Path, store: &mut Store, url: &ServerUrl) -> Result<(f64, f64), CoreError> {
    let p99 = |mut t: Vec<Duration>| {
        t.sort();
        quantile(&t, 0.99)
    };
    let alone = p99(take_orders(store, 500, "单独")?);
    let stop = Arc::new(AtomicBool::new(false));
    let syncer = {
        let (stop, url, path) = (stop.clone(), url.clone(), db.to_path_buf());
        std::thread::spawn(move || -> Result<(), CoreError> {
            let mut own = Store::open(&path, Session::new("sync"))?;
            while !stop.load(Ordering::SeqCst) {
                terminals::sync(&mut own, &url, None, &Silent)?;
                std::thread::sleep(Duration::from_secs(1));
            }
            Ok(())
        })
    };
    let beside = p99(take_orders(store, 500, "同步中")?);
    stop.store(true, Ordering::SeqCst);
    let synced = syncer
        .join()
        .map_err(|_| CoreError::invalid("bench", "the sync thread panicked"))?;
    synced?;
    Ok((alone, beside))
}
