//! Goods sold by weight through the command line, as docs/CLI.md promises:
//! a product sheet with 计价单位, stock received in 斤, `orders add --line
//! SKU:2.35` priced to the fen, a piece-priced SKU refused a fraction with
//! exit 2 and nothing written, a re-weigh (实称) and a pick list in 斤.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use common::{run_json, storefront, write};

const SHEET: &str =
    "商品名称,商品编码,售价,计价单位,库存\n散称苹果,PG-J,9.80,斤,50\n水果礼盒,LH-1,88.00,件,10\n";

#[test]
fn a_weighed_sale_from_sheet_to_pick_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let sheet = write(dir.path(), "products.csv", SHEET);
    assert!(storefront(&db, &["products", "import", &sheet])
        .status
        .success());
    let got = run_json(&db, &["stock", "receive", "PG-J", "12.5"]);
    assert_eq!(
        (got["on_hand"].as_i64(), got["on_hand_text"].as_str()),
        (Some(31_250), Some("62.5斤"))
    );

    let no = run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "王阿姨",
            "--line",
            "PG-J:2.35",
            "--line",
            "LH-1:1",
        ],
    );
    let no = no["order_no"].as_str().unwrap();
    let order = &run_json(&db, &["orders", "show", no])["order"];
    assert_eq!(
        order["total"], "111.03",
        "2.35斤 × ¥9.80 = ¥23.03, plus ¥88.00"
    );
    assert_eq!(
        (
            order["lines"][0]["qty"].as_i64(),
            order["lines"][0]["qty_text"].as_str()
        ),
        (Some(1175), Some("2.35斤"))
    );

    let picks = run_json(&db, &["picklist"]);
    let text = picks.to_string();
    assert!(text.contains("\"qty_text\":\"2.35斤\""), "{text}");

    let edited = run_json(
        &db,
        &[
            "orders", "edit", no, "--line", "PG-J:2.1", "--line", "LH-1:1", "--reason", "实称",
        ],
    );
    assert_eq!(edited["total_after"], "108.58");
    assert_eq!(run_json(&db, &["check"])["ok"], true);
}

#[test]
fn a_fraction_of_a_piece_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let sheet = write(dir.path(), "products.csv", SHEET);
    assert!(storefront(&db, &["products", "import", &sheet])
        .status
        .success());
    for (line, said) in [
        ("LH-1:1.5", "sold by the piece"),
        ("PG-J:2.3511", "whole number of grams"),
    ] {
        let out = storefront(
            &db,
            &["orders", "add", "--customer", "王阿姨", "--line", line],
        );
        assert_eq!(out.status.code(), Some(2), "{line}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{line}: {err}");
    }
    let listed = run_json(&db, &["orders", "list"]);
    assert_eq!(listed["total"], 0);
}
