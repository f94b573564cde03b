//! Benchmarks are programs that print figures, never timed assertions.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use serde_json::json;
use storefront_core::orders::{self, NewLine, NewOrder, OrderFilter};
use storefront_core::{analytics, catalog, check, customers, CoreError};

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
}

pub fn run(db: &Path, cmd: BenchCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match cmd {
        BenchCmd::WriteOrders { count } => write_orders(db, count, out),
        BenchCmd::Screens => screens(db, out),
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
                unit_price: None,
            }],
            remark: String::new(),
        };
        let order_no = store.write(|w| orders::create(w, &order))?;
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
        analytics::dashboard(conn, clock, today).map(drop)
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
