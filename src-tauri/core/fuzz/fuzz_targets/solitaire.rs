//! Any text as a pasted 接龙: exactly one entry per numbered line, each
//! sure or flagged with a reason, or a refusal when no line is numbered;
//! never a panic.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::solitaire;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let store = shop::shop().lock().unwrap();
    let parsed = match solitaire::parse(store.conn(), store.clock(), &text) {
        Err(e) if e.code() == "no_list_lines" => return,
        read => read.expect("reading a list fails only when no line is numbered"),
    };
    for e in &parsed.entries {
        assert_eq!(e.flagged, !e.flags.is_empty() || !solitaire::is_sure(e), "line {}", e.line);
        assert!(e.items.iter().all(|i| i.qty >= 1 && i.qty <= 9999), "line {}", e.line);
    }
});
