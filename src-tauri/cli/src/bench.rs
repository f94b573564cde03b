//! Benchmarks are programs that print figures, never timed assertions.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use serde_json::json;
use storefront_core::checkout;
use storefront_core::demo::bills;
use storefront_core::orders::{self, NewLine, NewOrder, OrderFilter};
use storefront_core::{
    analytics, campaigns, catalog, check, customers, reconcile, statements, CoreError,
};

use crate::output::Out;
use crate::shop::open;

#[derive(Subcommand)]
pub enum BenchCmd {
    /// Take orders one durable transaction at a time, printing each order
    /// number once it is committed (the crash-safety test kills this).
    WriteOrders {
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
    /// Time the queries behind each screen and `check`.
    Screens,
    /// Into an empty shop: N orders awaiting payment, the WeChat bill paying
    /// them; time the statement import and the reconciliation, with peak memory.
    Reconcile {
        #[arg(long, default_value_t = 100_000)]
        orders: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Save orders as order entry does, each durable; print p50/p99 latency.
    OrderEntry {
        #[arg(long, default_value_t = 2000)]
        count: usize,
        /// Orders saved first and not counted (a fresh process's cold cache).
        #[arg(long, default_value_t = 200)]
        warmup: usize,
        /// Lines of goods sold by weight (`2.35` 斤 each) instead of pieces.
        #[arg(long)]
        weighed: bool,
    },
    /// Time the order list under each filter and search (median of five).
    OrderFilters,
    /// Time each query behind the dashboard (default: the last 30 days).
    Dashboard {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// Sync a Shopify-shaped feed of N variants from a loopback server: first, unchanged, a fifth changed.
    Sync {
        #[arg(long, default_value_t = 50_000)]
        variants: usize,
        #[arg(long, default_value_t = 5)]
        per_product: usize,
    },
    /// Import an order CSV of N lines made from the shop's own catalog.
    ImportOrders {
        #[arg(long, default_value_t = 100_000)]
        lines: usize,
    },
    /// Read a 接龙 of N lines written from the shop's customers and products.
    Solitaire {
        #[arg(long, default_value_t = 500)]
        lines: usize,
    },
    /// N paid courier orders, then their waybill file checked and imported.
    Ship {
        #[arg(long, default_value_t = 10_000)]
        orders: usize,
    },
    /// Into an empty shop and an empty PostgreSQL database: a demo of N
    /// orders published, terminals joined, offline orders converged,
    /// propagation and order entry beside a sync, timed.
    Terminals {
        /// postgres://USER@HOST:PORT/DATABASE (an empty database).
        #[arg(long)]
        server: String,
        #[arg(long, default_value_t = 100_000)]
        orders: u64,
        /// Orders each terminal takes offline before they converge.
        #[arg(long, default_value_t = 2000)]
        offline: usize,
        #[arg(long, default_value_t = 3)]
        terminals: usize,
    },
}

pub fn run(db: &Path, cmd: BenchCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match cmd {
        BenchCmd::WriteOrders { count } => write_orders(db, count, out),
        BenchCmd::Screens => screens(db, out),
        BenchCmd::Reconcile { orders, seed } => reconcile(db, orders, seed, out),
        BenchCmd::OrderEntry {
            count,
            warmup,
            weighed,
        } => crate::bench_orders::order_entry(db, count, warmup, weighed, out),
        BenchCmd::OrderFilters => crate::bench_orders::order_filters(db, out),
        BenchCmd::ImportOrders { lines } => crate::bench_orders::import_orders(db, lines, out),
        BenchCmd::Solitaire { lines } => crate::bench_solitaire::solitaire_bench(db, lines, out),
        BenchCmd::Ship { orders } => crate::bench_shipping::ship_bench(db, orders, out),
        BenchCmd::Terminals {
            server,
            orders,
            offline,
            terminals,
        } => {
            let plan = crate::bench_terminals::Plan {
                server,
                orders,
                offline,
                terminals,
            };
            crate::bench_terminals::terminals_bench(db, &plan, out)
        }
        BenchCmd::Dashboard { from, to } => crate::bench_dashboard::dashboard(db, from, to, out),
        BenchCmd::Sync {
            variants,
            per_product,
        } => crate::bench_sync::sync_bench(db, variants, per_product, out),
    }
}

fn write_orders(db: &Path, count: u64, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let skus: Vec<String> = catalog::page(store.conn(), "", 0, 50)?
        .rows
        .into_iter()
        .map(|p| p.sku)
        .collect();
    if skus.is_empty() {
        return Err(CoreError::invalid(
            "shop",
            "no products: run `storefront demo` first",
        ));
    }
    let started = Instant::now();
    let stdout = std::io::stdout();
    for i in 0..count {
        let order = NewOrder {
            customer: format!("压测客户{}", i % 97),
            channel: "wechat".into(),
            lines: vec![NewLine {
                sku: skus[i as usize % skus.len()].clone(),
                qty: 1 + (i % 3) as i32,
                ..Default::default()
            }],
            // A write benchmark: stock levels are not what it measures.
            allow_oversell: true,
            ..Default::default()
        };
        let order_no = store.write(|w| checkout::create(w, &order))?;
        if !out.json {
            // Printed only after the commit returned: a reported order is a kept order.
            let mut lock = stdout.lock();
            let _ = writeln!(lock, "saved {order_no}");
            let _ = lock.flush();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let per_second = count as f64 / secs.max(1e-9);
    if out.json {
        out.emit(
            &json!({ "orders": count, "seconds": secs, "per_second": per_second }),
            String::new,
        );
    } else {
        eprintln!("{count} orders in {secs:.2} s ({per_second:.0}/s)");
    }
    Ok(ExitCode::SUCCESS)
}

fn screens(db: &Path, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open(db)?;
    let (conn, clock) = (store.conn(), store.clock());
    let today = clock.today();
    let mut timings = Vec::new();
    let mut time =
        |name: &str, f: &mut dyn FnMut() -> Result<(), CoreError>| -> Result<(), CoreError> {
            let t = Instant::now();
            f()?;
            timings.push((name.to_string(), t.elapsed().as_secs_f64() * 1000.0));
            Ok(())
        };
    time("dashboard", &mut || {
        analytics::dashboard(conn, clock, storefront_core::shop_time::now()).map(drop)
    })?;
    time("orders_first_page", &mut || {
        orders::page(conn, clock, &OrderFilter::default(), 0, 100).map(drop)
    })?;
    let search = OrderFilter {
        query: Some("王".into()),
        ..Default::default()
    };
    time("orders_search", &mut || {
        orders::page(conn, clock, &search, 0, 100).map(drop)
    })?;
    time("orders_deep_page", &mut || {
        orders::page(conn, clock, &OrderFilter::default(), 500_000, 100).map(drop)
    })?;
    time("products", &mut || {
        catalog::page(conn, "", 0, 200).map(drop)
    })?;
    time("customers", &mut || {
        customers::page(conn, clock, "", 0, 100).map(drop)
    })?;
    // Order entry's customer box, as a name, pinyin or phone tail is typed.
    for (name, typed) in [
        ("entry_customer_name", "王静"),
        ("entry_customer_pinyin", "wangjing"),
        ("entry_customer_initials", "wj"),
        ("entry_customer_phone_tail", "1234"),
    ] {
        time(name, &mut || {
            customers::lookup(conn, clock, typed, 8).map(drop)
        })?;
    }
    time("campaigns_records", &mut || {
        campaigns::records::list(conn, clock).map(drop)
    })?;
    time("campaigns_group_buys", &mut || {
        campaigns::group_buys(conn, clock).map(drop)
    })?;
    time("campaigns_leaders", &mut || {
        campaigns::leaders(conn).map(drop)
    })?;
    time("campaigns_distributors", &mut || {
        campaigns::distribution::standings(conn).map(drop)
    })?;
    time("campaigns_coupons", &mut || {
        campaigns::coupons(conn, clock, storefront_core::shop_time::now()).map(drop)
    })?;
    time("campaigns_members", &mut || {
        campaigns::members::list(conn, clock).map(drop)
    })?;
    let first_leader = campaigns::leaders(conn)?.into_iter().next();
    if let Some(leader) = first_leader {
        let from = (today - chrono::Duration::days(30)).to_string();
        time("leader_settlement_30d", &mut || {
            campaigns::leaders::settle(conn, &leader.name, &from, &today.to_string()).map(drop)
        })?;
    }
    time("check", &mut || check::run(conn).map(drop))?;
    let figures: serde_json::Map<String, serde_json::Value> =
        timings.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    out.emit(&json!({ "milliseconds": figures }), || {
        timings
            .iter()
            .map(|(k, v)| format!("{k:<20} {v:>9.1} ms"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(ExitCode::SUCCESS)
}

fn reconcile(db: &Path, orders: u64, seed: u64, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let progress = out.progress();
    let t = Instant::now();
    bills::unpaid_orders(
        &mut store,
        orders,
        seed,
        storefront_core::shop_time::now(),
        &progress,
    )?;
    let generate_s = t.elapsed().as_secs_f64();
    let bill = db.with_extension("bench-bill.csv");
    let rows = bills::wechat_bill(&store, &bill, seed)?;
    let bill_mb = std::fs::metadata(&bill).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;

    reset_peak_memory();
    let t = Instant::now();
    let import = statements::import_file(&mut store, &bill, &progress)?;
    let import_s = t.elapsed().as_secs_f64();
    let import_mb = peak_memory_mb();

    reset_peak_memory();
    let t = Instant::now();
    let run = reconcile::run(&mut store, &progress)?;
    let reconcile_s = t.elapsed().as_secs_f64();
    let reconcile_mb = peak_memory_mb();
    let _ = std::fs::remove_file(&bill);
    let figures = json!({
        "orders": orders, "statement_rows": rows, "statement_mb": bill_mb, "generate_seconds": generate_s,
        "import_seconds": import_s, "import_rows_per_second": import.rows as f64 / import_s, "import_peak_rss_mb": import_mb,
        "reconcile_seconds": reconcile_s, "reconcile_peak_rss_mb": reconcile_mb,
        "auto": run.auto, "suggested": run.suggested, "payments_considered": run.payments_considered,
    });
    out.emit(&figures, || {
        format!(
            "orders {orders}, statement {rows} rows ({bill_mb:.0} MB), generated in {generate_s:.1} s\n\
             import     {import_s:>6.2} s  {:>9.0} rows/s  peak RSS {import_mb:>6.0} MB\n\
             reconcile  {reconcile_s:>6.2} s  peak RSS {reconcile_mb:>6.0} MB  ({} auto, {} suggested of {} payments)",
            import.rows as f64 / import_s,
            run.auto,
            run.suggested,
            run.payments_considered
        )
    });
    Ok(ExitCode::SUCCESS)
}

/// Linux: resets the peak resident set (VmHWM) so each phase reports its own.
pub fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory in MB since the last reset (Linux; 0 elsewhere).
pub fn peak_memory_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Resident memory now, in MB (Linux; 0 elsewhere).
pub fn memory_mb() -> f64 {
    status_mb("VmRSS:")
}

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
