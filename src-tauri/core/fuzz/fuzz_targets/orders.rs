//! Any bytes as an order file (the Storefront CSV or a Pinduoduo export):
//! a report or an error value, never a panic.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::io::orders;

fuzz_target!(|data: &[u8]| {
    shop::let_the_core_catch_reader_panics();
    let store = shop::shop().lock().unwrap();
    match orders::preview(store.conn(), store.clock(), data) {
        Ok(report) => report.problems.errors.iter().for_each(|p| shop::readable(&p.message)),
        Err(e) => shop::readable(&e.to_string()),
    }
});
