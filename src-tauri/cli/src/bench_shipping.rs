//! `bench ship --orders N`: N paid courier orders taken from the shop's own
//! catalog (the goods received first), the waybill file a courier platform
//! would send back for them, and its check and import timed: the preview
//! alone, then the whole file sent in one transaction.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;
use storefront_core::checkout::{self, status};
use storefront_core::orders::{NewLine, NewOrder};
use storefront_core::progress::Silent;
use storefront_core::shipping::waybills;
use storefront_core::stock::count::{self, Change};
use storefront_core::{catalog, CoreError};

use crate::output::Out;
use crate::shop::open;

pub fn ship_bench(db: &Path, orders: usize, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let skus: Vec<String> = catalog::page(store.conn(), "", 0, 20)?
        .rows
        .into_iter()
        .map(|p| p.sku)
        .collect();
    if skus.is_empty() {
        return Err(CoreError::invalid("db", "no products: run `demo` first"));
    }
    let started = Instant::now();
    let mut file = String::from("订单号,收件人手机,快递公司,运单号\n");
    store.write(|w| {
        for sku in &skus {
            let change = Change {
                sku: sku.clone(),
                qty: orders as i64,
                reason: "receipt".into(),
                note: "bench ship".into(),
                location_id: None,
                ..Default::default()
            };
            count::change(w, &change)?;
        }
        for i in 0..orders {
            let order = NewOrder {
                customer: format!("快递压测{i}"),
                channel: "wechat".into(),
                delivery: "courier".into(),
                lines: vec![NewLine {
                    sku: skus[i % skus.len()].clone(),
                    qty: 1,
                    ..Default::default()
                }],
                ..Default::default()
            };
            let no = checkout::create(w, &order)?;
            status::set(w, &no, "paid", false)?;
            file.push_str(&format!(
                "{no},,中通快递,ZT{:012}\n",
                730_000_000_000u64 + i as u64
            ));
        }
        Ok(())
    })?;
    let made_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let seen = waybills::preview(store.conn(), file.as_bytes(), None)?;
    let preview_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let done = store.write(|w| waybills::import(w, file.as_bytes(), "bench.csv", None, &Silent))?;
    let import_ms = started.elapsed().as_secs_f64() * 1000.0;
    let value = json!({
        "lines": seen.rows, "orders": done.orders, "problems": seen.problems.errors.len(),
        "setup_s": made_s, "preview_ms": preview_ms, "import_ms": import_ms,
    });
    out.emit(&value, || {
        format!(
            "waybills: {} lines, {} orders shipped; check {preview_ms:.0} ms, check + ship in one transaction {import_ms:.0} ms (orders made in {made_s:.1} s)",
            seen.rows, done.orders
        )
    });
    Ok(ExitCode::SUCCESS)
}
