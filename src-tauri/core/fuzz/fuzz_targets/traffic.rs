//! Any bytes as a campaign's traffic file, imported and rolled back: counts
//! or an error naming the line, never a panic.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::campaigns::records;
use storefront_core::CoreError;

fuzz_target!(|data: &[u8]| {
    shop::let_the_core_catch_reader_panics();
    let mut store = shop::shop().lock().unwrap();
    let outcome = store.write(|w| {
        w.tx.execute(
            "INSERT OR IGNORE INTO campaigns(id, name, kind, starts_at, ends_at, created_at) VALUES ('fz', '直播', 'live', 0, 0, 0)",
            [],
        )?;
        let imported = records::import_traffic(w, "fz", data, "traffic.csv");
        // Always rolled back: each input starts from the same shop.
        Err::<(), _>(match imported {
            Ok(_) => CoreError::Cancelled,
            Err(e) => e,
        })
    });
    match outcome {
        Err(CoreError::Cancelled) => {}
        Err(e) => shop::readable(&e.to_string()),
        Ok(()) => unreachable!("rolled back above"),
    }
});
