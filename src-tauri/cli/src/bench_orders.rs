//! Order benchmarks: saving orders one durable transaction at a time, the
//! order list's filters and searches, and importing a big order file.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::json;
use storefront_core::checkout;
use storefront_core::io::orders as order_io;
use storefront_core::orders::{self, NewLine, NewOrder, OrderFilter};
use storefront_core::stock::count::{self, Change};
use storefront_core::{CoreError, Store};

use crate::bench::{peak_memory_mb, reset_peak_memory};
use crate::output::Out;
use crate::shop::open;

/// The `q`-th quantile of sorted milliseconds.
pub fn quantile(sorted: &[Duration], q: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0
}

/// Saves `count` orders as order entry does (a customer picked, pricing, the
/// availability check, stock held, change logged), each durable.
pub fn order_entry(
    db: &Path,
    count: usize,
    warmup: usize,
    weighed: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let skus = stocked(&mut store, weighed, (count + warmup) as i64)?;
    // Customers picked from the lookup list, as the app sends them.
    let customers: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM customers ORDER BY rowid LIMIT 200")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // As in the app: the WAL is checkpointed beside the saves, not in them.
    let _checkpointer =
        storefront_core::store::Checkpointer::spawn(db, storefront_core::store::CHECKPOINT_EVERY);
    let (mut ms, mut work): (Vec<Duration>, Vec<Duration>) =
        (Vec::with_capacity(count), Vec::with_capacity(count));
    for i in 0..warmup + count {
        let order = NewOrder {
            customer_id: customers.get(i % customers.len().max(1)).cloned(),
            customer: format!("压测客户{i}"),
            channel: "wechat".into(),
            lines: (0..1 + i % 3)
                .map(|k| line(&skus, i + k, weighed))
                .collect(),
            ..Default::default()
        };
        let t = Instant::now();
        let inside = store.write(|w| {
            checkout::create(w, &order)?;
            Ok(t.elapsed())
        })?;
        // The app's connection stays open with a warm page cache; the first
        // orders of a fresh process read the indexes in from disk.
        if i >= warmup {
            ms.push(t.elapsed());
            work.push(inside);
        }
    }
    ms.sort();
    work.sort();
    let (p50, p99, max) = (quantile(&ms, 0.5), quantile(&ms, 0.99), quantile(&ms, 1.0));
    let (w50, w99) = (quantile(&work, 0.5), quantile(&work, 0.99));
    let figures = json!({ "orders": count, "warmup": warmup, "weighed": weighed, "p50_ms": p50, "p99_ms": p99, "max_ms": max, "work_p50_ms": w50, "work_p99_ms": w99 });
    out.emit(&figures, || {
        format!(
            "{count} orders{} saved durably (after {warmup} to warm the cache): p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms\n\
             the transaction's work before the commit's fsync: p50 {w50:.2} ms, p99 {w99:.2} ms",
            if weighed { " of goods sold by weight" } else { "" }
        )
    });
    Ok(ExitCode::SUCCESS)
}

/// The best-stocked variants (sold by weight, or by the piece), so the
/// availability check passes, with `orders` orders' worth received first.
pub fn stocked(store: &mut Store, weighed: bool, orders: i64) -> Result<Vec<String>, CoreError> {
    let skus: Vec<String> = store
        .conn()
        .prepare(
            "SELECT v.sku FROM variants v JOIN stock_levels s ON s.variant_id = v.id
             WHERE (v.sold_by <> 'piece') = ?1
             GROUP BY v.id ORDER BY sum(s.on_hand - s.committed) DESC LIMIT 20",
        )?
        .query_map([weighed], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if skus.is_empty() {
        return Err(CoreError::invalid(
            "shop",
            "no stocked products of that kind: run `storefront demo` first",
        ));
    }
    for sku in &skus {
        let receipt = Change {
            sku: sku.clone(),
            // A weighed line is at most 4斤 (2,000 g).
            qty: if weighed { orders * 2000 } else { orders },
            reason: "receipt".into(),
            note: "bench".into(),
            ..Default::default()
        };
        store.write(|w| count::change(w, &receipt))?;
    }
    Ok(skus)
}

/// Line `n` of the bench: one piece, or a weight of 1.00 to 3.99 in the
/// goods' unit as a scale gives it.
fn line(skus: &[String], n: usize, weighed: bool) -> NewLine {
    NewLine {
        sku: skus[n % skus.len()].clone(),
        qty: 1,
        weight: weighed.then(|| format!("{}.{:02}", 1 + n % 3, n * 7 % 100)),
        ..Default::default()
    }
}

/// Times the order list's first page (with its total) under each filter
/// and search a merchant uses; the median of five runs.
pub fn order_filters(db: &Path, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open(db)?;
    let (conn, clock) = (store.conn(), store.clock());
    let cases = filter_cases(&store)?;
    let mut figures = serde_json::Map::new();
    let mut lines = Vec::new();
    for (label, filter) in &cases {
        let mut runs = Vec::new();
        let mut total = 0;
        for _ in 0..5 {
            let t = Instant::now();
            total = orders::page(conn, clock, filter, 0, 100)?.total;
            runs.push(t.elapsed());
        }
        runs.sort();
        let median = quantile(&runs, 0.5);
        figures.insert(label.to_string(), json!({ "ms": median, "total": total }));
        lines.push(format!("{label:<20} {median:>8.1} ms  ({total} orders)"));
    }
    // Deep in the list: the page a scroll to the middle asks for.
    let base = OrderFilter::default();
    let deep = orders::page(conn, clock, &base, 0, 1)?.total / 2;
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        orders::page(conn, clock, &base, deep, 100)?;
        runs.push(t.elapsed());
    }
    runs.sort();
    let median = quantile(&runs, 0.5);
    figures.insert(
        "offset_half".into(),
        json!({ "ms": median, "offset": deep }),
    );
    lines.push(format!(
        "{:<20} {median:>8.1} ms  (offset {deep})",
        "offset_half"
    ));
    out.emit(&json!({ "median_ms": figures }), || lines.join("\n"));
    Ok(ExitCode::SUCCESS)
}

/// Each filter and search a merchant uses, on this shop's own data.
// sizes: a list (one filter per case)
fn filter_cases(store: &Store) -> Result<Vec<(&'static str, OrderFilter)>, CoreError> {
    let (conn, clock) = (store.conn(), store.clock());
    let (newest, pickup, name): (String, Option<String>, String) = conn.query_row(
        "SELECT (SELECT order_no FROM orders ORDER BY placed_at DESC LIMIT 1),
                (SELECT id FROM pickup_points LIMIT 1),
                COALESCE((SELECT name FROM customers ORDER BY rowid LIMIT 1 OFFSET 100), '王')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let today = clock.today();
    let week_ago = (today - chrono::Duration::days(6)).to_string();
    let base = OrderFilter::default();
    let cases: Vec<(&str, OrderFilter)> = vec![
        ("all", base.clone()),
        (
            "status_awaiting",
            OrderFilter {
                status: Some("awaiting_payment".into()),
                ..base.clone()
            },
        ),
        (
            "channel_solitaire",
            OrderFilter {
                channel: Some("solitaire".into()),
                ..base.clone()
            },
        ),
        (
            "last_7_days",
            OrderFilter {
                from: Some(week_ago),
                to: Some(today.to_string()),
                ..base.clone()
            },
        ),
        (
            "pickup_point",
            OrderFilter {
                pickup_point_id: pickup,
                ..base.clone()
            },
        ),
        (
            "unpaid",
            OrderFilter {
                unpaid: true,
                ..base.clone()
            },
        ),
        (
            "search_order_no",
            OrderFilter {
                query: Some(newest.clone()),
                ..base.clone()
            },
        ),
        (
            "search_order_tail",
            OrderFilter {
                query: Some(newest[newest.len() - 4..].to_string()),
                ..base.clone()
            },
        ),
        (
            "search_customer",
            OrderFilter {
                query: Some(name),
                ..base.clone()
            },
        ),
        (
            "search_phone_tail",
            OrderFilter {
                query: Some("1390".into()),
                ..base.clone()
            },
        ),
    ];
    // What the search box sees after one keystroke: a common surname, a
    // pinyin letter, a phone's prefix. Each matches thousands of people.
    let cases: Vec<(&str, OrderFilter)> = cases
        .into_iter()
        .chain(["王", "w", "138"].into_iter().map(|q| {
            let filter = OrderFilter {
                query: Some(q.into()),
                ..base.clone()
            };
            (q, filter)
        }))
        .collect();
    Ok(cases)
}

/// Writes an order CSV of `lines` lines from the shop's own catalog, then
/// times its import while another connection takes an order every 100 ms,
/// as a merchant at the keyboard would: how long those saves waited is the
/// figure that says whether an import locks out order entry.
pub fn import_orders(db: &Path, lines: usize, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let skus: Vec<(String, i64)> = store
        .conn()
        .prepare("SELECT sku, price_fen FROM variants WHERE archived = 0 ORDER BY rowid LIMIT 300")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    if skus.is_empty() {
        return Err(CoreError::invalid(
            "shop",
            "no products: run `storefront demo` or `products import` first",
        ));
    }
    // Numbers of their own each run, so the bench can run again on a shop.
    let run: i64 = store
        .conn()
        .query_row("SELECT count(*) + 1 FROM imports", [], |r| r.get(0))?;
    let mut text =
        String::from("order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark\n");
    for i in 0..lines {
        let order = i / 3;
        let (sku, price) = &skus[(i * 7) % skus.len()];
        text.push_str(&format!(
            "B{run}-{order:07},2026-11-{:02} {:02}:{:02}:00,wechat,导入客户{},,{sku},{},{},\n",
            1 + order % 20,
            8 + order % 12,
            order % 60,
            order % 5000,
            1 + i % 3,
            storefront_core::Money::from_fen(*price)
        ));
    }
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let entry = {
        let (db, done, sku) = (db.to_path_buf(), done.clone(), skus[0].0.clone());
        std::thread::spawn(move || entry_beside(&db, &sku, &done))
    };
    reset_peak_memory();
    let t = Instant::now();
    let imported = order_io::import(
        &mut store,
        text.as_bytes(),
        "bench-orders.csv",
        &out.progress(),
    );
    let secs = t.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut waits = entry
        .join()
        .map_err(|_| CoreError::invalid("bench", "the order-entry thread panicked"))??;
    let report = imported?;
    let mb = peak_memory_mb();
    waits.sort();
    let (p50, max) = match waits.is_empty() {
        true => (0.0, 0.0),
        false => (quantile(&waits, 0.5), quantile(&waits, 1.0)),
    };
    out.emit(&json!({ "lines": report.lines, "orders": report.orders, "seconds": secs, "lines_per_second": report.lines as f64 / secs, "peak_rss_mb": mb,
                      "entry_during": { "orders": waits.len(), "p50_ms": p50, "max_ms": max } }), || {
        format!("{} lines ({} orders) imported in {secs:.2} s ({:.0} lines/s), peak RSS {mb:.0} MB\norder entry during it: {} orders saved, p50 {p50:.1} ms, longest {max:.1} ms",
            report.lines, report.orders, report.lines as f64 / secs, waits.len())
    });
    Ok(ExitCode::SUCCESS)
}

/// Takes an order every 100 ms on a connection of its own until `done`;
/// returns how long each save took, waiting included.
fn entry_beside(
    db: &Path,
    sku: &str,
    done: &std::sync::atomic::AtomicBool,
) -> Result<Vec<Duration>, CoreError> {
    let mut store = open(db)?;
    store.wait_for_writers()?;
    let order = NewOrder {
        customer: "录单客人".into(),
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku: sku.into(),
            qty: 1,
            ..Default::default()
        }],
        allow_oversell: true,
        ..Default::default()
    };
    let mut waits = Vec::new();
    while !done.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
        let t = Instant::now();
        store.write(|w| checkout::create(w, &order))?;
        waits.push(t.elapsed());
    }
    Ok(waits)
}
