//! Any text as a pasted 接龙: exactly one entry per numbered line, each
//! sure or flagged with a reason, never a panic.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::solitaire;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let store = shop::shop().lock().unwrap();
    let parsed = solitaire::parse(store.conn(), store.clock(), &text).expect("reading a list never fails");
    for e in &parsed.entries {
        assert_eq!(e.flagged, !e.flags.is_empty() || !solitaire::is_sure(e), "line {}", e.line);
        assert!(e.items.iter().all(|i| i.qty >= 1 && i.qty <= 9999), "line {}", e.line);
    }
});
