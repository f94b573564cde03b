//! Any bytes into the statement importer: it must answer with a statement
//! or a BadLine, never panic, whatever the encoding, layout or damage.
#![no_main]

mod shop;

use libfuzzer_sys::fuzz_target;
use storefront_core::statements::{parse, Mapping};

fuzz_target!(|data: &[u8]| {
    shop::let_the_core_catch_reader_panics();
    // A saved generic mapping too, so that path is explored as well.
    let mapping = Mapping {
        name: "fuzz".into(),
        source: "bank".into(),
        time: "日期".into(),
        amount: "金额".into(),
        txn_id: "流水号".into(),
        direction: Some("收支".into()),
        counterparty: Some("对方".into()),
        remark: Some("摘要".into()),
        order_no: None,
    };
    if let Ok(statement) = parse(data, &[mapping]) {
        // What the importer would write must be sane.
        for line in &statement.lines {
            assert!(line.amount.fen() >= 0, "amounts are stored unsigned");
        }
    }
});
