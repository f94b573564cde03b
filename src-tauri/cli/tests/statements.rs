//! `statements import` and `reconcile` as CLI.md writes them, on the real
//! sample statements and real database files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::path::{Path, PathBuf};

use common::{demo_shop, json, storefront};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/real")
}

/// Every data file among the real samples, CSV and XLSX.
fn every_fixture() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![fixtures()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("csv" | "xlsx")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn import(db: &Path, file: &Path) -> Value {
    json(&storefront(
        db,
        &["statements", "import", file.to_str().unwrap(), "--json"],
    ))
}

#[test]
fn every_real_sample_imports_and_only_once() {
    let files = every_fixture();
    assert_eq!(files.len(), 9, "{files:?}");
    for file in files {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let first = import(&db, &file);
        let rows = first["rows"].as_u64().unwrap();
        assert!(rows > 0, "{file:?}");
        assert_eq!(
            first["imported"].as_u64().unwrap() + first["duplicates"].as_u64().unwrap(),
            rows
        );
        assert!(first["format"].as_str().unwrap().starts_with(
            if file.to_string_lossy().contains("wechat") {
                "wechat"
            } else {
                "alipay"
            }
        ));
        let again = import(&db, &file);
        assert_eq!(
            (
                again["rows"].as_u64(),
                again["imported"].as_u64(),
                again["duplicates"].as_u64()
            ),
            (Some(rows), Some(0), Some(rows)),
            "{file:?}"
        );
    }
}

#[test]
fn a_bad_statement_exits_2_names_file_and_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let good = fixtures().join("deb-sig_double-entry-generator/wechat/example-wechat-records.csv");
    let text = std::fs::read_to_string(&good).unwrap();
    // Cut the file in the middle of a quoted cell, as a broken download would.
    let cut = &text[..text.find("\"商户消费\"").unwrap() + 4];
    let bad = dir.path().join("微信支付账单.csv");
    std::fs::write(&bad, cut).unwrap();
    let out = storefront(&db, &["statements", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("微信支付账单.csv") && err.contains("line 18"),
        "{err}"
    );
    let state = json(&storefront(&db, &["reconcile", "--json"]));
    assert_eq!(state["unmatched_payments"].as_array().unwrap().len(), 0);
    assert_eq!(
        state["ignored"].as_array().unwrap().len(),
        0,
        "nothing was imported"
    );

    let other = dir.path().join("stock.csv");
    std::fs::write(&other, "商品,库存\n水蜜桃,12\n").unwrap();
    let out = storefront(&db, &["statements", "import", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a payment statement"));
}

#[test]
fn a_bill_cut_inside_an_unquoted_cell_is_refused_and_leaves_nothing_to_count_twice() {
    let dir = tempfile::tempdir().unwrap();
    let whole = fixtures().join("dhr2333_Beancount-Trans-Backend/wechat_full_test.csv");
    let bytes = std::fs::read(&whole).unwrap();
    // Two thirds of it end inside line 41's 交易单号, which once went in cut
    // short; the whole bill then brought that payment in a second time.
    let cut = dir.path().join("微信支付账单.csv");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let db = dir.path().join("shop.db");
    let out = storefront(&db, &["statements", "import", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 41, column 9") && err.contains("cut short"),
        "{err}"
    );
    let after_cut = import(&db, &whole);
    let fresh = import(&dir.path().join("fresh.db"), &whole);
    assert_eq!(after_cut["imported"], fresh["imported"], "nothing was kept");
}

#[test]
fn a_bill_edited_after_its_import_names_the_lines_whose_amount_differs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let good = fixtures().join("deb-sig_double-entry-generator/wechat/example-wechat-records.csv");
    import(&db, &good);
    let text = std::fs::read_to_string(&good).unwrap();
    let edited = dir.path().join("改过的账单.csv");
    std::fs::write(&edited, text.replacen("¥28.16", "¥99.16", 1)).unwrap();
    let report = import(&db, &edited);
    assert_eq!(
        (report["imported"].as_u64(), report["differ"].as_u64()),
        (Some(0), Some(1))
    );
    let d = &report["differing"][0];
    assert_eq!(
        (&d["line"], &d["txn_id"], &d["in_shop"], &d["in_file"]),
        (
            &Value::from(18),
            &Value::from("3985734"),
            &Value::from("28.16"),
            &Value::from("99.16")
        )
    );
    let out = storefront(
        &db,
        &[
            "--lang",
            "en",
            "statements",
            "import",
            edited.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("another amount in the shop: 1")
            && said.contains("line 18 3985734: in the shop ¥28.16, in the file ¥99.16"),
        "{said}"
    );
}

#[test]
fn reconcile_prints_the_documented_shape_and_takes_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let order = |customer: &str| {
        let made = json(&storefront(
            &db,
            &[
                "orders",
                "add",
                "--customer",
                customer,
                "--line",
                "SX001-1:1",
                "--json",
            ],
        ));
        let no = made["order_no"].as_str().unwrap().to_string();
        let listed = json(&storefront(
            &db,
            &["orders", "list", "--search", &no, "--json"],
        ));
        (
            no,
            listed["orders"][0]["total"].as_str().unwrap().to_string(),
        )
    };
    let (by_note, total) = order("来对账的阿花");
    let (twin_a, _) = order("双胞胎甲");
    let (twin_b, _) = order("双胞胎甲");
    let now = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let time = now.format("%Y-%m-%d %H:%M:%S");
    let bill = format!(
        "微信支付账单明细,,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n\
交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n\
{time},转账,来对账的阿花,转账备注:订单{by_note},收入,¥{total},/,已存入零钱,CLI-T1\t,/\t,/\n\
{time},二维码收款,双胞胎甲,/,收入,¥{total},/,已收钱,CLI-T2\t,/\t,/\n\
{time},零钱提现,招商银行(1234),/,/,¥100.00,/,提现已到账,CLI-W1\t,/\t,服务费¥0.10\n"
    );
    let file = dir.path().join("bill.csv");
    std::fs::write(&file, bill).unwrap();
    assert_eq!(import(&db, &file)["imported"], 3);
    let state = json(&storefront(&db, &["reconcile", "--json"]));
    for key in [
        "matches",
        "refunds",
        "unpaid_orders",
        "partially_paid_orders",
        "overpaid_orders",
        "unmatched_payments",
        "ignored",
    ] {
        assert!(state[key].is_array(), "{key}");
    }
    assert!(state["fees"].is_string());
    let find = |state: &Value, no: &str| -> Vec<Value> {
        state["matches"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["order_no"] == no)
            .cloned()
            .collect()
    };
    let noted = find(&state, &by_note);
    assert_eq!(noted.len(), 1);
    assert_eq!(noted[0]["txn_ids"], serde_json::json!(["CLI-T1"]));
    assert_eq!(
        (
            noted[0]["status"].as_str(),
            noted[0]["rule"].as_str(),
            noted[0]["amount"].as_str()
        ),
        (Some("auto"), Some("remark_order_no"), Some(total.as_str()))
    );
    for twin in [&twin_a, &twin_b] {
        assert_eq!(find(&state, twin)[0]["status"], "suggested");
    }
    assert!(state["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["txn_id"] == "CLI-W1" && i["reason"] == "withdrawal"));
    let unpaid: Vec<&str> = state["unpaid_orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(unpaid.contains(&twin_a.as_str()) && !unpaid.contains(&by_note.as_str()));

    let confirmed = json(&storefront(
        &db,
        &["reconcile", "confirm", &twin_b, "CLI-T2", "--json"],
    ));
    assert!(find(&confirmed, &twin_a).is_empty());
    assert_eq!(find(&confirmed, &twin_b)[0]["status"], "auto");
    let rejected = json(&storefront(
        &db,
        &["reconcile", "reject", &by_note, "CLI-T1", "--json"],
    ));
    assert!(find(&rejected, &by_note).is_empty());
    assert!(rejected["unmatched_payments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "CLI-T1"));
    let missing = storefront(&db, &["reconcile", "confirm", "S19990101-0001", "CLI-T1"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(storefront(&db, &["check"]).status.code(), Some(0));
}

#[test]
fn a_saved_mapping_reads_a_bank_statement() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let bank = dir.path().join("bank.csv");
    std::fs::write(&bank, "招商银行交易流水\n记账日期,流水号,交易金额,对方户名,摘要\n2026-11-20 10:00:00,B1,58.00,王阿姨,货款\n").unwrap();
    let unknown = storefront(&db, &["statements", "import", bank.to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(2));
    json(&storefront(
        &db,
        &[
            "statements",
            "map",
            "招行",
            "--time",
            "记账日期",
            "--amount",
            "交易金额",
            "--txn",
            "流水号",
            "--counterparty",
            "对方户名",
            "--json",
        ],
    ));
    let report = import(&db, &bank);
    assert_eq!(
        (report["format"].as_str(), report["imported"].as_u64()),
        (Some("generic:招行"), Some(1))
    );
    let state = json(&storefront(&db, &["reconcile", "--json"]));
    assert_eq!(state["unmatched_payments"], serde_json::json!(["B1"]));
}
