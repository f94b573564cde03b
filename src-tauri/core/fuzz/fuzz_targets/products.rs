//! Any bytes as a product file: a report (with its problems by line and
//! column) or an error value, never a panic.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::io::products;

fuzz_target!(|data: &[u8]| {
    shop::let_the_core_catch_reader_panics();
    let store = shop::shop().lock().unwrap();
    match products::preview(store.conn(), data) {
        Ok(report) => report.problems.errors.iter().for_each(|p| shop::readable(&p.message)),
        Err(e) => shop::readable(&e.to_string()),
    }
});
