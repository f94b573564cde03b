//! `bench sync`: a Shopify-shaped feed of N variants served from a real HTTP
//! server on 127.0.0.1, synced into the shop three times — first (all new),
//! unchanged (every page a 304), and with a fifth of the costs moved — with
//! each run's time and the process's peak memory.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;
use storefront_core::progress::Silent;
use storefront_core::suppliers::loopback::{serve_shopify, shopify_pages, FeedServer};
use storefront_core::suppliers::{self, http::HttpOptions, sync, SupplierInput};
use storefront_core::CoreError;

use crate::bench::{memory_mb, peak_memory_mb, reset_peak_memory};
use crate::output::Out;
use crate::shop::open;

pub fn sync_bench(
    db: &Path,
    variants: usize,
    per_product: usize,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let pages = Arc::new(shopify_pages(variants, per_product, None));
    let feed_mb = pages.iter().map(|p| p.len()).sum::<usize>() as f64 / 1e6;
    let server = FeedServer::start(serve_shopify(pages.clone()))
        .map_err(|e| CoreError::io("127.0.0.1", e))?;
    let input = SupplierInput {
        name: format!("bench-{}", storefront_core::ids::new_id()),
        feed_kind: Some("shopify".into()),
        feed_url: Some(server.url("")),
        ..Default::default()
    };
    let id = store.write(|w| suppliers::save(w, &input))?;
    let mut runs = vec![];
    let mut timed = |label: &str, store: &mut storefront_core::Store| -> Result<(), CoreError> {
        reset_peak_memory();
        let before = memory_mb();
        let t = Instant::now();
        let r = sync::run(store, &id, &HttpOptions::default(), &Silent)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if r.status == "error" {
            return Err(CoreError::Feed(r.error.unwrap_or_default()));
        }
        runs.push(json!({ "run": label, "status": r.status, "ms": (ms * 10.0).round() / 10.0, "seen": r.seen, "created": r.created,
                          "updated": r.updated, "unchanged": r.unchanged, "requests": server.take_requests().len(), "peak_mb": peak_memory_mb().round(), "before_mb": before.round() }));
        Ok(())
    };
    timed("first", &mut store)?;
    timed("unchanged", &mut store)?;
    server.set(serve_shopify(Arc::new(shopify_pages(
        variants,
        per_product,
        Some(5),
    ))));
    timed("a fifth changed", &mut store)?;
    let value = json!({ "variants": variants, "pages": pages.len(), "feed_mb": (feed_mb * 10.0).round() / 10.0, "runs": runs });
    out.emit(&value, || {
        let mut text = format!("{variants} variants, {} pages, {feed_mb:.1} MB of JSON\n", pages.len());
        for r in &runs {
            text.push_str(&format!(
                "{:<16} {:>9} ms  {:<12} requests {:>4}  created {:>6}  updated {:>6}  unchanged {:>6}  memory {} → peak {} MB\n",
                r["run"].as_str().unwrap_or(""), r["ms"], r["status"].as_str().unwrap_or(""), r["requests"], r["created"], r["updated"], r["unchanged"], r["before_mb"], r["peak_mb"]
            ));
        }
        text
    });
    Ok(ExitCode::SUCCESS)
}
