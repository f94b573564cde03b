//! What the CLI tests share: running the real binary on a real file.
#![allow(dead_code)] // each test binary uses its own part of this

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn storefront(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storefront"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LANG", "C")
        .output()
        .expect("run storefront")
}

pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document on stdout")
}

/// Runs `storefront … --json` and reads its one JSON document.
pub fn run_json(db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&storefront(db, &all))
}

/// Takes an order of one `SKU:QTY` line for `customer`; its number.
pub fn take_order(db: &Path, customer: &str, line: &str) -> String {
    let made = run_json(
        db,
        &["orders", "add", "--customer", customer, "--line", line],
    );
    made["order_no"]
        .as_str()
        .expect("an order number")
        .to_string()
}

/// A file of `text` in `dir`; its path as the CLI takes it.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

pub fn demo_shop(dir: &Path) -> PathBuf {
    let db = dir.join("shop.db");
    json(&storefront(
        &db,
        &[
            "demo",
            "--orders",
            "800",
            "--seed",
            "3",
            "--until",
            "2026-10-31",
            "--json",
        ],
    ));
    db
}

/// An order file of `orders` one-line orders of `sku`, each for a customer
/// new to the shop, to import.
pub fn big_order_file(dir: &Path, sku: &str, orders: usize) -> String {
    let mut text =
        String::from("order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark\n");
    for i in 0..orders {
        text.push_str(&format!(
            "IMP{i:06},2026-10-30 {:02}:{:02}:00,wechat,导入的客人{i},,{sku},1,9.90,\n",
            8 + i % 12,
            i % 60
        ));
    }
    write(dir, "big-orders.csv", &text)
}

/// The state of the shop's newest import record, once there is one.
pub fn import_state(db: &Path) -> Option<String> {
    let conn = rusqlite::Connection::open(db).ok()?;
    conn.query_row(
        "SELECT state FROM imports ORDER BY started_at DESC, rowid DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .ok()
}
