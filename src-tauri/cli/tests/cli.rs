//! The CLI contract (../shared/CLI.md) on real database files: JSON shapes,
//! exit codes, and "a bad file changes nothing".

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use serde_json::Value;
use std::path::Path;
use storefront_core::store::SCHEMA_VERSION;
use storefront_core::{Session, Store};

mod common;

use common::{demo_shop, json, storefront, take_order};

#[test]
fn init_prints_the_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&storefront(&dir.path().join("new.db"), &["init", "--json"]));
    assert_eq!(v["schema_version"], SCHEMA_VERSION);
    let text = storefront(&dir.path().join("new.db"), &["init"]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains(&format!("schema version {SCHEMA_VERSION}"))
    );
}

#[test]
fn demo_then_lists_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let orders = json(&storefront(
        &db,
        &["orders", "list", "--limit", "5", "--json"],
    ));
    assert_eq!(orders["total"], 800);
    let first = &orders["orders"][0];
    assert!(first["order_no"]
        .as_str()
        .unwrap()
        .starts_with("S20261031-"));
    // Amounts are yuan strings with two decimals; times are shop-local.
    assert!(
        first["total"]
            .as_str()
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .len()
            == 2
    );
    assert_eq!(first["placed_at"].as_str().unwrap().len(), 19);
    let products = json(&storefront(&db, &["products", "list", "--json"]));
    assert!(products["total"].as_u64().unwrap() > 180);
    let report = json(&storefront(&db, &["check", "--json"]));
    assert_eq!(report["ok"], true);
    // A second demo into a shop with data is refused: exit 2, nothing added.
    let again = storefront(&db, &["demo", "--orders", "10"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        json(&storefront(&db, &["orders", "list", "--json"]))["total"],
        800
    );
}

#[test]
fn orders_add_and_filter() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let made = json(&storefront(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "王阿姨",
            "--line",
            "SX001-1:2",
            "--json",
        ],
    ));
    let no = made["order_no"].as_str().unwrap().to_string();
    let found = json(&storefront(
        &db,
        &["orders", "list", "--search", &no, "--json"],
    ));
    assert_eq!(found["total"], 1);
    assert_eq!(found["orders"][0]["status"], "awaiting_payment");
    let unknown = storefront(
        &db,
        &["orders", "add", "--customer", "x", "--line", "NOPE:1"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("NOPE"));
}

#[test]
fn check_names_a_broken_invariant_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    {
        let store = Store::open(&db, Session::new("test")).unwrap();
        store.conn().execute("UPDATE stock_levels SET on_hand = on_hand + 5 WHERE variant_id = (SELECT min(variant_id) FROM stock_levels)", []).unwrap();
    }
    let out = storefront(&db, &["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(
        report["problems"][0]["invariant"],
        "stock_cache_equals_ledger"
    );
    // The quick check finds it as well, and says what it ran.
    let out = storefront(&db, &["check", "--quick", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let quick: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(quick["checked"][0], "integrity_quick");
    assert_eq!(
        quick["problems"][0]["invariant"],
        "stock_cache_equals_ledger"
    );
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let copy = dir.path().join("copy.db");
    json(&storefront(
        &db,
        &["backup", copy.to_str().unwrap(), "--json"],
    ));
    json(&storefront(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "李姐",
            "--line",
            "SX001-1",
            "--json",
        ],
    ));
    assert_eq!(
        json(&storefront(&db, &["orders", "list", "--json"]))["total"],
        801
    );
    let restored = json(&storefront(
        &db,
        &["restore", copy.to_str().unwrap(), "--json"],
    ));
    assert!(Path::new(restored["previous_saved_as"].as_str().unwrap()).exists());
    assert_eq!(
        json(&storefront(&db, &["orders", "list", "--json"]))["total"],
        800
    );
    assert_eq!(json(&storefront(&db, &["check", "--json"]))["ok"], true);
    // Compressed as the daily backups are: smaller, and restored the same.
    let packed = dir.path().join("copy.db.zst");
    json(&storefront(
        &db,
        &["backup", packed.to_str().unwrap(), "--json"],
    ));
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&packed) * 3 < size(&copy),
        "{} vs {}",
        size(&packed),
        size(&copy)
    );
    take_order(&db, "李姐", "SX001-1");
    json(&storefront(
        &db,
        &["restore", packed.to_str().unwrap(), "--json"],
    ));
    assert_eq!(
        json(&storefront(&db, &["orders", "list", "--json"]))["total"],
        800
    );
}

#[test]
fn restore_refuses_bad_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let before = std::fs::read(&db).unwrap().len();
    let text = dir.path().join("账单.csv");
    std::fs::write(&text, "交易时间,金额\n2026-01-01,1.00\n").unwrap();
    // A backup cut short, as a failed copy leaves it.
    let backup = dir.path().join("cut.db");
    json(&storefront(
        &db,
        &["backup", backup.to_str().unwrap(), "--json"],
    ));
    let bytes = std::fs::read(&backup).unwrap();
    let cut = dir.path().join("truncated.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    // A real backup with one table dropped: right header, id and version,
    // but not a shop any command could use.
    let dropped = dir.path().join("dropped.db");
    std::fs::write(&dropped, &bytes).unwrap();
    rusqlite::Connection::open(&dropped)
        .unwrap()
        .execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE order_lines;")
        .unwrap();
    for bad in [&text, &cut, &dropped] {
        let out = storefront(&db, &["restore", bad.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let name = bad.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&name),
            "names the file"
        );
    }
    assert_eq!(
        json(&storefront(&db, &["orders", "list", "--json"]))["total"],
        800
    );
    assert_eq!(std::fs::read(&db).unwrap().len(), before);
}

#[test]
fn a_newer_or_foreign_database_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.db");
    json(&storefront(&db, &["init", "--json"]));
    {
        let store = Store::open(&db, Session::new("test")).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", 99)
            .unwrap();
    }
    let out = storefront(&db, &["orders", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("future.db") && err.contains("newer"), "{err}");
    let json_err = storefront(&db, &["orders", "list", "--json"]);
    let e: Value = serde_json::from_slice(&json_err.stderr).unwrap();
    assert_eq!(e["kind"], "newer_schema");
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = storefront(&dir.path().join("x.db"), &["orders", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn chinese_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let out = storefront(&db, &["--lang", "zh", "check"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("检查通过"));
}

/// The lookup order entry makes: a customer by their name, their pinyin and
/// their phone's last four digits, and the list's search finding text
/// anywhere.
#[test]
fn customers_are_found_as_order_entry_finds_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let listed = common::run_json(&db, &["customers", "list", "--limit", "1"]);
    assert!(listed["total"].as_u64().unwrap() > 0);
    let first = &listed["customers"][0];
    let (id, name, phone) = (
        first["id"].as_str().unwrap(),
        first["name"].as_str().unwrap(),
        first["phone"].as_str().unwrap(),
    );
    let found = |q: &str| -> Vec<String> {
        common::run_json(&db, &["customers", "find", q])["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(found(name).contains(&id.to_string()), "by name {name}");
    if phone.len() >= 4 {
        assert!(
            found(&phone[phone.len() - 4..]).contains(&id.to_string()),
            "by phone tail"
        );
    }
    let initials = storefront_core::search_key::pinyin_key(name)
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let by_initials = common::run_json(&db, &["customers", "find", &initials, "--limit", "1000"]);
    assert!(by_initials["customers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == id));
    let searched = common::run_json(
        &db,
        &["customers", "list", "--search", &name[name.len() - 3..]],
    );
    assert!(
        searched["total"].as_u64().unwrap() >= 1,
        "text anywhere in the name"
    );
}

/// The shop's details through the CLI; a picture that is not there, or not
/// a picture, is bad input (exit 2) and changes nothing.
#[test]
fn shop_details_are_set_and_a_bad_qr_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let set = common::run_json(
        &db,
        &[
            "shop",
            "set",
            "--name",
            "阿芳水果铺",
            "--receipt-footer",
            "坏果包退",
        ],
    );
    assert_eq!(set["name"], "阿芳水果铺");
    for file in [
        "missing.png",
        common::write(dir.path(), "qr.txt", "not a picture").as_str(),
    ] {
        let out = storefront(&db, &["shop", "qr", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
    }
    let shown = common::run_json(&db, &["shop", "show"]);
    assert_eq!(shown["has_payment_qr"], false);
    assert_eq!(shown["receipt_footer"], "坏果包退");
}
