//! `stock receive --expires`, `stock expiring` and `stock writeoff`: goods
//! with a best-before date are a batch, the 临期 list shows what expires
//! soon with its value, and a write-off takes it off, `check` clean.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use common::{run_json, storefront, write};

const STRAWBERRIES: &str =
    "Handle,Title,Type,Variant SKU,Variant Price,Cost per item,Variant Inventory Qty
straw,丹东草莓,生鲜水果,CM-1,39.90,20.00,0
";

#[test]
fn expiring_batches_are_listed_written_off_and_picked_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_json(
        &db,
        &[
            "products",
            "import",
            &write(dir.path(), "p.csv", STRAWBERRIES),
        ],
    );
    let today = run_json(&db, &["picklist"])["day"]
        .as_str()
        .unwrap()
        .to_string();
    let day = |n: i64| {
        (chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap() + chrono::Duration::days(n))
            .to_string()
    };
    run_json(
        &db,
        &[
            "stock",
            "receive",
            "CM-1",
            "4",
            "--expires",
            &day(-1),
            "--batch",
            "旧",
        ],
    );
    run_json(
        &db,
        &["stock", "receive", "CM-1", "6", "--expires", &day(2)],
    );
    run_json(
        &db,
        &["stock", "receive", "CM-1", "9", "--expires", &day(20)],
    );
    let soon = run_json(&db, &["stock", "expiring", "--days", "3"]);
    let batches = soon["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 2, "{soon}");
    assert_eq!(
        (batches[0]["days_left"].as_i64(), batches[0]["qty"].as_i64()),
        (Some(-1), Some(4))
    );
    assert_eq!(batches[0]["value"], "80.00");
    assert_eq!(batches[0]["batch"], "旧");

    let off = run_json(
        &db,
        &["stock", "writeoff", "CM-1", "4", "--reason", "expired"],
    );
    assert_eq!(off["on_hand"], 15);
    let soon = run_json(&db, &["stock", "expiring", "--days", "3"]);
    assert_eq!(
        soon["batches"][0]["days_left"].as_i64(),
        Some(2),
        "the expired batch went first"
    );

    let bad = storefront(&db, &["stock", "receive", "CM-1", "1", "--expires", "明天"]);
    assert_eq!(bad.status.code(), Some(2));
    let check = storefront(&db, &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
