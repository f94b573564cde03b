//! A merchant's saved column mapping and any file read through it: the
//! mapping's column names come from the input's first line, so the fuzzer
//! reaches the mapped reader, not only "unknown layout".
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::statements::{parse, Mapping};

fuzz_target!(|data: &[u8]| {
    shop::let_the_core_catch_reader_panics();
    let text = String::from_utf8_lossy(data);
    let names: Vec<&str> = text.lines().next().unwrap_or("").split(',').collect();
    let name = |i: usize| names.get(i).map_or(String::new(), |s| s.trim().to_string());
    let optional = |i: usize| Some(name(i)).filter(|s| !s.is_empty());
    let mapping = Mapping {
        name: "fuzz".into(),
        source: "bank".into(),
        time: name(0),
        amount: name(1),
        txn_id: name(2),
        direction: optional(3),
        counterparty: optional(4),
        remark: optional(5),
        order_no: optional(6),
    };
    match parse(data, &[mapping]) {
        Ok(statement) => assert!(statement.lines.iter().all(|l| l.amount.fen() >= 0)),
        Err(bad) => assert!(!bad.message.is_empty()),
    }
});
