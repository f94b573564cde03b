//! Damaged and unusual input through the real CLI: every bad file is exit 2
//! with its file, line and column in a short message, and the shop is
//! exactly as it was (every table's rows compared before and after).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::path::Path;
use std::process::Command;

use common::{demo_shop, run_json, storefront, write};

const PRODUCTS: &str = "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\npeach,阳山水蜜桃,TAO-5,39.90,30\n";
const ORDERS: &str = "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark\n";
const PDD: &str = "订单号,订单状态,商品,商品数量(件),商品总价(元),订单成交时间,商家编码-SKU维度\n";

/// Every table's rows, sorted, as text: equal dumps are the same shop.
fn dump(db: &Path) -> Vec<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{t}: {}", cells.join("|")))
            })
            .unwrap();
        let mut rows: Vec<String> = rows.map(Result::unwrap).collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn hostile_files_are_refused_by_line_and_column_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_json(
        &db,
        &["products", "import", &write(dir.path(), "p.csv", PRODUCTS)],
    );
    let huge_cell = "9".repeat(1_000_000);
    // (command, file name, content, what the message must hold)
    let cases: Vec<(&str, &str, String, &str)> = vec![
        ("orders", "short.csv", format!("{ORDERS}X9,2026-11-01 10:00:00,wechat\n"), "line 2, column 6"),
        ("orders", "big-qty.csv", format!("{ORDERS}X9,2026-11-01 10:00:00,wechat,王,,TAO-5,2147483648,1,\n"), "line 2, column 7"),
        ("orders", "zero-qty.csv", format!("{ORDERS}X9,2026-11-01 10:00:00,wechat,王,,TAO-5,0,1,\n"), "line 2, column 7"),
        ("orders", "year-0.csv", format!("{ORDERS}X9,0000-11-01 10:00:00,wechat,王,,TAO-5,1,1,\n"), "line 2, column 2"),
        ("orders", "huge-price.csv", format!("{ORDERS}X9,2026-11-01 10:00:00,wechat,王,,TAO-5,1,{huge_cell},\n"), "line 2, column 8"),
        ("orders", "header-only.csv", ORDERS.to_string(), "line 1"),
        ("orders", "pdd-short.csv", format!("{PDD}PDD1,已发货,桃\n"), "line 2"),
        ("products", "short.csv", "Handle,Title,Variant SKU,Variant Price\nplum,李子\n".into(), "line 2"),
        ("products", "excel-barcode.csv", "Handle,Title,Variant SKU,Variant Barcode,Variant Price\np,桃,TAO-7,3.65275E+11,9\n".into(), "line 2, column 4"),
        ("products", "big-stock.csv", "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\np,桃,TAO-5,9,99999999999\n".into(), "line 2, column 5"),
        ("products", "header-only.csv", "Handle,Title,Variant SKU,Variant Price\n".into(), "line 1"),
    ];
    let before = dump(&db);
    let mut table = Vec::new();
    for (what, name, content, place) in &cases {
        let file = write(dir.path(), name, content);
        let out = storefront(&db, &[what, "import", &file]);
        let message = String::from_utf8_lossy(&out.stderr).to_string();
        table.push(format!(
            "{what} {name}: exit {:?}, {} chars",
            out.status.code(),
            message.len()
        ));
        assert_eq!(out.status.code(), Some(2), "{what} {name}: {message}");
        assert!(
            message.contains(name) && message.contains(place),
            "{what} {name}: {message}"
        );
        assert!(
            message.len() < 400,
            "{what} {name}: a message of {} chars",
            message.len()
        );
        assert_eq!(dump(&db), before, "{what} {name} changed the shop");
    }
    for (what, path) in [
        ("orders", dir.path().join("missing.csv")),
        ("products", dir.path().to_path_buf()),
    ] {
        let out = storefront(&db, &[what, "import", path.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(dump(&db), before);
    println!(
        "hostile files: {} refused, 0 accepted\n{}",
        table.len(),
        table.join("\n")
    );
}

#[test]
fn numbers_beyond_sense_never_reach_the_shop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_json(
        &db,
        &["products", "import", &write(dir.path(), "p.csv", PRODUCTS)],
    );
    let before = dump(&db);
    let out = storefront(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "王",
            "--line",
            "TAO-5:1200000000",
            "--allow-oversell",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(dump(&db), before);
    run_json(&db, &["orders", "list"]);
    run_json(&db, &["products", "list"]);
}

#[test]
fn search_wildcards_mean_themselves_and_exports_never_run_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_json(
        &db,
        &["products", "import", &write(dir.path(), "p.csv", PRODUCTS)],
    );
    assert_eq!(
        run_json(&db, &["products", "list", "--search", "_"])["total"],
        0
    );
    assert_eq!(
        run_json(&db, &["products", "list", "--search", "%"])["total"],
        0
    );
    assert_eq!(
        run_json(&db, &["products", "list", "--search", "TAO"])["total"],
        1
    );
    run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "=cmd|' /C calc'!A0",
            "--line",
            "TAO-5:1",
        ],
    );
    let file = dir.path().join("orders.csv");
    run_json(&db, &["orders", "export", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(",'=cmd|' /C calc'!A0,"), "{text}");
    // It reads back as the name it was.
    let copy = dir.path().join("copy.db");
    run_json(
        &copy,
        &["products", "import", &write(dir.path(), "p.csv", PRODUCTS)],
    );
    run_json(&copy, &["orders", "import", file.to_str().unwrap()]);
    let listed = run_json(&copy, &["orders", "list"]);
    assert_eq!(listed["orders"][0]["customer"], "=cmd|' /C calc'!A0");
}

/// The shop file opens in the system's own sqlite3 (Debian 12: 3.40), as
/// in DB Browser or Python: owning your data means opening it anywhere.
#[test]
fn the_shop_opens_in_the_system_sqlite3() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let out = Command::new("sqlite3")
        .arg("-readonly")
        .arg(&db)
        .arg("PRAGMA integrity_check; SELECT count(*) > 0 FROM orders; SELECT count(*) FROM sqlite_master WHERE sql IS NOT NULL;")
        .output()
        .expect("the sqlite3 shell (Debian package sqlite3, installed by .ci/install)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(&lines[..2], ["ok", "1"], "{text}");
}

#[test]
fn reimporting_an_unchanged_product_file_says_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let file = write(dir.path(), "p.csv", PRODUCTS);
    let first = run_json(&db, &["products", "import", &file]);
    assert_eq!(first["variants_created"], 1);
    let again = run_json(&db, &["products", "import", &file]);
    assert_eq!(
        (
            again["variants_updated"].as_u64(),
            again["variants_unchanged"].as_u64()
        ),
        (Some(0), Some(1))
    );
    let dearer = write(dir.path(), "p2.csv", &PRODUCTS.replace("39.90", "42.00"));
    assert_eq!(
        run_json(&db, &["products", "import", &dearer])["variants_updated"],
        1
    );
}
