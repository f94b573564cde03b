//! A person settles a 接龙 item the list left unsure, on a real SQLite
//! file: the quantity is read again for the variant picked, so a size
//! written (`5斤装`, `500g`) is never taken for how many.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

#[path = "support/shop_files.rs"]
mod shop_files;

use shop_files::{import_products, shop};
use storefront_core::catalog::sold_by::SoldBy;
use storefront_core::solitaire::{self, CommitOptions, Flag};
use storefront_core::{orders, Store};

/// Two lychees in boxes and one sold loose by the 斤.
fn lychees(store: &mut Store) {
    let sheet = "商品名称,规格,商品编码,售价,计价单位
增城桂味荔枝,3斤装,LZ-3,39.90,件
增城桂味荔枝,5斤装,LZ-5,59.90,件
妃子笑荔枝,5斤装,FZ-5,49.90,件
散称荔枝,,LZ-J,9.80,斤
";
    import_products(store, sheet.as_bytes()).unwrap();
}

fn pick(store: &Store, text: &str, sku: &str) -> (u32, SoldBy, String) {
    let it = solitaire::pick(store.conn(), store.clock(), "", text, sku).unwrap();
    assert!(!it.ambiguous && it.candidates.is_empty() && it.text == text);
    (it.qty, it.sold_by, it.name)
}

#[test]
fn an_item_picked_by_hand_counts_what_was_asked_not_the_size_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "s.db");
    lychees(&mut store);
    let parsed = solitaire::parse(
        store.conn(),
        store.clock(),
        "1. 王阿姨 荔枝5斤装*1\n2. 李姐 荔枝3斤 2份",
    )
    .unwrap();
    let shown: Vec<(bool, u32)> = parsed
        .entries
        .iter()
        .map(|e| (e.items[0].ambiguous, e.items[0].qty))
        .collect();
    assert_eq!(shown, [(true, 1), (true, 2)], "was ×5 and ×3: the size");
    let piece = |n| (n, SoldBy::Piece);
    let qty = |text, sku| {
        let (q, by, _) = pick(&store, text, sku);
        (q, by)
    };
    assert_eq!(qty("荔枝5斤装*1", "LZ-5"), piece(1));
    assert_eq!(pick(&store, "荔枝5斤装*1", "LZ-5").2, "增城桂味荔枝 5斤装");
    assert_eq!(qty("荔枝3斤 2份", "LZ-3"), piece(2));
    assert_eq!(
        qty("荔枝5斤装*2", "LZ-3"),
        piece(2),
        "another size: the count"
    );
    assert_eq!(qty("荔枝两箱", "FZ-5"), piece(2));
    assert_eq!(qty("荔枝", "FZ-5"), piece(1));
    // Goods sold by weight: grams, whatever the unit written.
    assert_eq!(qty("荔枝500g", "LZ-J"), (500, SoldBy::Jin), "was 500斤");
    assert_eq!(qty("荔枝2斤", "LZ-J"), (1000, SoldBy::Jin));
    assert_eq!(qty("荔枝2", "LZ-J"), (1000, SoldBy::Jin), "2 of its 斤");
    let err = solitaire::pick(store.conn(), store.clock(), "", "荔枝", "NOPE").unwrap_err();
    assert_eq!(err.code(), "not_found");
}

/// The pick reaches the order: 500 g of loose lychees, not 500斤.
#[test]
fn a_picked_weight_becomes_the_orders_weight() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "s.db");
    lychees(&mut store);
    let mut entries = solitaire::parse(store.conn(), store.clock(), "1. 王阿姨 荔枝500g")
        .unwrap()
        .entries;
    let e = &mut entries[0];
    assert!(matches!(&e.flags[..], [Flag::AmbiguousProduct { .. }]));
    e.items[0] = solitaire::pick(store.conn(), store.clock(), "", "荔枝500g", "LZ-J").unwrap();
    solitaire::recheck(e);
    assert!(!e.flagged, "{:?}", e.flags);
    let opts = CommitOptions {
        allow_oversell: true,
        ..Default::default()
    };
    let done = store
        .write(|w| solitaire::commit(w, &entries, opts))
        .unwrap();
    let d = orders::detail(store.conn(), store.clock(), &done.orders[0]).unwrap();
    assert_eq!((d.lines[0].qty, d.total.to_string()), (500, "9.80".into()));
}
