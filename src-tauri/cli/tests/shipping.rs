//! `orders ship`, `orders ship --file` and `orders export --to-ship`: the
//! courier round trip a merchant makes — export what to send, print the
//! waybills on the platform, bring its waybill list back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::path::Path;

use common::{demo_shop, run_json, storefront, write};

/// A paid courier order of one SX001-1; its number.
fn paid_courier(db: &Path, customer: &str) -> String {
    let made = run_json(
        db,
        &[
            "orders",
            "add",
            "--customer",
            customer,
            "--line",
            "SX001-1:1",
            "--delivery",
            "courier",
        ],
    );
    let no = made["order_no"].as_str().unwrap().to_string();
    run_json(db, &["orders", "status", &no, "paid"]);
    no
}

/// The orders `orders export --to-ship` writes, and those without an address.
fn to_ship_counts(db: &Path, file: &Path) -> (u64, usize) {
    let out = run_json(
        db,
        &["orders", "export", "--to-ship", file.to_str().unwrap()],
    );
    let unaddressed = out["without_address"].as_array().unwrap().len();
    (out["orders"].as_u64().unwrap(), unaddressed)
}

/// Paid courier orders, as `orders list` counts them.
fn paid_couriers(db: &Path) -> u64 {
    let args = [
        "orders",
        "list",
        "--delivery",
        "courier",
        "--status",
        "paid",
    ];
    run_json(db, &args)["total"].as_u64().unwrap()
}

#[test]
fn orders_to_ship_go_out_and_their_waybills_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let to_ship = dir.path().join("to-ship.xlsx");
    let export = |db: &Path| to_ship_counts(db, &to_ship);
    // The demo's own courier orders still to send, if it has any.
    let ((waiting, unaddressed), paid) = (export(&db), paid_couriers(&db));
    let a = paid_courier(&db, "快递客人甲");
    let b = paid_courier(&db, "快递客人乙");
    assert_eq!(export(&db), (waiting + 2, unaddressed + 2));
    assert_eq!(paid_couriers(&db), paid + 2);

    let bad = write(
        dir.path(),
        "bad.csv",
        &format!(
            "订单号,快递公司,运单号\n{a},顺丰,SF1000000001\nS20990101-0009,顺丰,SF1000000002\n"
        ),
    );
    let refused = storefront(&db, &["orders", "ship", "--file", &bad]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("line 3") && said.contains("S20990101-0009"),
        "{said}"
    );
    let unchanged = run_json(&db, &["orders", "show", &a]);
    assert_eq!(
        unchanged["order"]["status"], "paid",
        "a refused file sends nothing"
    );

    let good = write(
        dir.path(),
        "good.csv",
        &format!("订单号,快递公司,运单号\n{a},顺丰速运,SF1000000001\n{b},中通快递,ZT2000000002\n"),
    );
    let done = run_json(&db, &["orders", "ship", "--file", &good]);
    assert_eq!(
        (done["orders"].as_u64(), done["already"].as_u64()),
        (Some(2), Some(0))
    );
    let shown = run_json(&db, &["orders", "show", &b]);
    assert_eq!(shown["order"]["status"], "fulfilled");
    assert_eq!(shown["order"]["parcel"]["carrier"], "中通");
    assert_eq!(shown["order"]["parcel"]["tracking_no"], "ZT2000000002");

    let fixed = run_json(
        &db,
        &[
            "orders",
            "ship",
            &b,
            "--carrier",
            "中通",
            "--tracking",
            "ZT2000000003",
        ],
    );
    assert_eq!(fixed["replaced"], "ZT2000000002");
    let check = storefront(&db, &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn a_piece_of_nonsense_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let a = paid_courier(&db, "快递客人丙");
    let out = storefront(
        &db,
        &[
            "orders",
            "ship",
            &a,
            "--carrier",
            "顺丰",
            "--tracking",
            "12",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = storefront(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "x",
            "--line",
            "SX001-1:1",
            "--delivery",
            "飞鸽",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
