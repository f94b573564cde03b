//! Any bytes as a courier platform's waybill file (`orders ship --file`): a
//! report or an error value, never a panic.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::shipping::waybills;

fuzz_target!(|data: &[u8]| {
    shop::let_the_core_catch_reader_panics();
    let store = shop::shop().lock().unwrap();
    // With the carrier column, and with one carrier for the whole file.
    for carrier in [None, Some("顺丰")] {
        match waybills::preview(store.conn(), data, carrier) {
            Ok(report) => report.problems.errors.iter().for_each(|p| shop::readable(&p.message)),
            Err(e) => shop::readable(&e.to_string()),
        }
    }
});
