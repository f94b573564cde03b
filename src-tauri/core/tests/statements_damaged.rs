//! Files found by fuzzing that once crashed an importer: each must now be
//! refused with a message, and nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use storefront_core::statements::parse;

#[test]
fn a_spreadsheet_with_a_forged_row_number_is_refused() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/fuzz-xlsx-row-overflow.xlsx"
    ))
    .unwrap();
    match parse(&bytes, &[]) {
        Err(bad) => assert!(!bad.message.is_empty()),
        Ok(statement) => assert!(statement.lines.iter().all(|l| l.amount.fen() >= 0)),
    }
}
