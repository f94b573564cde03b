//! `orders edit` and `orders show`: an order changed before fulfilment
//! keeps what it was, the money difference is said, and a refused edit
//! changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::path::Path;
use std::process::Output;

use common::{demo_shop, json, run_json, storefront, take_order};

/// `orders edit NO --line LINE --reason REASON`, as typed.
fn edit(db: &Path, no: &str, line: &str, reason: &str) -> Output {
    storefront(
        db,
        &["orders", "edit", no, "--line", line, "--reason", reason],
    )
}

#[test]
fn an_order_is_edited_shown_with_its_history_and_refused_once_shipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let no = take_order(&db, "王阿姨", "SX001-1:2");
    let before = run_json(&db, &["orders", "show", &no]);
    let unit = before["order"]["lines"][0]["unit_price"]
        .as_str()
        .unwrap()
        .to_string();

    let done = run_json(
        &db,
        &[
            "orders",
            "edit",
            &no,
            "--line",
            "SX001-1:3",
            "--line",
            "SX002-1:1@1.00",
            "--reason",
            "客户加单",
        ],
    );
    assert_eq!(done["status"], "awaiting_payment");
    assert_eq!(done["total_before"], before["order"]["total"]);
    let shown = run_json(&db, &["orders", "show", &no]);
    let lines = shown["order"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["qty"], 3);
    assert_eq!(
        lines[0]["unit_price"].as_str(),
        Some(unit.as_str()),
        "kept its price"
    );
    assert_eq!(lines[1]["unit_price"], "1.00");
    assert_eq!(lines[1]["override_reason"], "客户加单");
    assert_eq!(shown["edits"][0]["reason"], "客户加单");
    assert_eq!(shown["order"]["total"], done["total_after"]);
    assert!(shown["edits"][0]["lines_before"]
        .as_str()
        .unwrap()
        .contains("×2"));

    // Without a reason, or once shipped: exit 2, the order as it was.
    let no_reason = edit(&db, &no, "SX001-1:1", " ");
    assert_eq!(no_reason.status.code(), Some(2));
    json(&storefront(
        &db,
        &[
            "orders",
            "status",
            &no,
            "fulfilled",
            "--allow-oversell",
            "--json",
        ],
    ));
    let shipped = edit(&db, &no, "SX001-1:1", "少一箱");
    assert_eq!(shipped.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&shipped.stderr).contains("fulfilled"));
    let after = run_json(&db, &["orders", "show", &no]);
    assert_eq!(after["order"]["total"], shown["order"]["total"]);
    assert_eq!(after["edits"].as_array().unwrap().len(), 1);
    assert!(storefront(&db, &["check"]).status.success());
}

#[test]
fn chosen_orders_export_alone_and_an_unknown_number_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let nos: Vec<String> = ["SX001-1:1", "SX002-1:2"]
        .iter()
        .map(|l| take_order(&db, "导出客人", l))
        .collect();
    let file = dir.path().join("chosen.csv");
    let path = file.to_str().unwrap();
    let done = run_json(&db, &["orders", "export", path, &nos[0], &nos[1]]);
    assert_eq!(done["orders"], 2);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut found: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    found.dedup();
    assert_eq!(found, nos.iter().map(String::as_str).collect::<Vec<_>>());
    let other = dir.path().join("none.csv");
    let unknown = storefront(
        &db,
        &[
            "orders",
            "export",
            other.to_str().unwrap(),
            "S19990101-0001",
        ],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("S19990101-0001"));
    assert!(!other.exists());
}
