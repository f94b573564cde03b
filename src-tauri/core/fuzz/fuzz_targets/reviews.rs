//! Any text as a group's pasted feedback: one review per non-empty line,
//! stars within 0–5, never a panic.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::reviews::batch;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let store = shop::shop().lock().unwrap();
    let today = store.clock().today();
    // Too long a paste is refused with a reason; anything else reads.
    if let Ok(lines) = batch::parse(store.conn(), store.clock(), &text, today) {
        assert!(lines.iter().all(|l| (0..=5).contains(&l.stars)));
    }
});
