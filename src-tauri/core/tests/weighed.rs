//! Goods sold by weight (称重商品) on real SQLite files: a line's total is
//! price × weight rounded once, stock is a ledger in grams, a re-weigh
//! (实称) charges or gives back the difference, 接龙 reads `2斤`, the
//! product sheet carries 计价单位, and `check` stays clean throughout.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use proptest::prelude::*;
use storefront_core::campaigns::bundles;
use storefront_core::catalog::edit::{self, ProductInput, VariantInput};
use storefront_core::catalog::sold_by::SoldBy;
use storefront_core::checkout::{self, status, OrderEdit};
use storefront_core::io::{products, Layout};
use storefront_core::orders::{self, NewLine, NewOrder};
use storefront_core::progress::Silent;
use storefront_core::stock::count::{self, Change};
use storefront_core::{check, solitaire, Money, Session, Store};

/// 苹果 at ¥9.80 a 斤 (PG-J) with 50斤 on the shelf, and 礼盒 by the piece.
fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    for (name, sku, sold_by, fen) in [
        ("苹果", "PG-J", SoldBy::Jin, 980),
        ("礼盒", "LH-1", SoldBy::Piece, 8800),
    ] {
        let p = ProductInput {
            name: name.into(),
            role: "normal".into(),
            variants: vec![VariantInput {
                sku: sku.into(),
                sold_by,
                price: Money::from_fen(fen),
                cost: Money::from_fen(fen / 2),
                ..Default::default()
            }],
            ..Default::default()
        };
        store.write(|w| edit::save(w, &p)).unwrap();
    }
    receive(&mut store, "PG-J", 25_000);
    receive(&mut store, "LH-1", 10);
    (dir, store)
}

fn receive(store: &mut Store, sku: &str, qty: i64) {
    let c = Change {
        sku: sku.into(),
        qty,
        reason: "receipt".into(),
        ..Default::default()
    };
    store.write(|w| count::change(w, &c)).unwrap();
}

fn order(store: &mut Store, lines: Vec<NewLine>) -> storefront_core::Result<String> {
    let o = NewOrder {
        customer: "王阿姨".into(),
        channel: "wechat".into(),
        lines,
        ..Default::default()
    };
    store.write(|w| checkout::create(w, &o))
}

fn weighed(sku: &str, weight: &str) -> NewLine {
    NewLine {
        sku: sku.into(),
        weight: Some(weight.into()),
        ..Default::default()
    }
}

fn on_hand(store: &Store, sku: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT sum(s.on_hand) FROM stock_levels s JOIN variants v ON v.id = s.variant_id WHERE v.sku = ?1",
            [sku],
            |r| r.get(0),
        )
        .unwrap()
}

/// Rows that an order, its lines or its stock would add.
fn footprint(store: &Store) -> [i64; 4] {
    ["orders", "order_lines", "stock_movements", "customers"].map(|t| {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
}

/// Cash received for the order, confirmed as reconciliation records it.
fn pay_cash(store: &mut Store, order_no: &str, fen: i64) {
    store
        .conn()
        .execute(
            "INSERT INTO payments(id, source, txn_id, direction, kind, amount_fen, occurred_at) VALUES ('cash-1', 'cash', 'cash-1', 'in', 'sale', ?1, 0)",
            [fen],
        )
        .unwrap();
    storefront_core::reconcile::confirm(store, order_no, "cash-1").unwrap();
}

fn assert_clean(store: &Store) {
    let report = check::run(store.conn()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn a_weighed_line_is_price_times_weight_rounded_once() {
    let (_dir, mut store) = shop();
    // 2.35斤 × ¥9.80 = ¥23.03 exactly; 1.234斤 × ¥9.80 = ¥12.0932 → ¥12.09.
    let no = order(
        &mut store,
        vec![
            weighed("PG-J", "2.35"),
            weighed("PG-J", "617克"),
            NewLine {
                sku: "LH-1".into(),
                qty: 1,
                ..Default::default()
            },
        ],
    )
    .unwrap();
    let d = orders::detail(store.conn(), store.clock(), &no).unwrap();
    let totals: Vec<String> = d.lines.iter().map(|l| l.total.to_string()).collect();
    assert_eq!(totals, ["23.03", "12.09", "88.00"]);
    assert_eq!(d.lines[0].qty, 1175, "the line keeps grams");
    assert_eq!(d.lines[0].qty_text, "2.35斤");
    assert_eq!(d.lines[1].qty_text, "1.234斤");
    assert_eq!(
        d.total.to_string(),
        "123.12",
        "the order is the sum of its lines"
    );
    store.write(|w| status::set(w, &no, "paid", false)).unwrap();
    store
        .write(|w| status::set(w, &no, "fulfilled", false))
        .unwrap();
    assert_eq!(
        on_hand(&store, "PG-J"),
        25_000 - 1175 - 617,
        "grams leave the shelf"
    );
    assert_clean(&store);
}

#[test]
fn a_fraction_of_a_piece_or_of_a_gram_is_refused_and_nothing_is_written() {
    let (_dir, mut store) = shop();
    let before = footprint(&store);
    let err = order(&mut store, vec![weighed("LH-1", "2.35")]).unwrap_err();
    assert_eq!(err.code(), "not_weighed");
    let err = order(&mut store, vec![weighed("PG-J", "2.3511")]).unwrap_err();
    assert_eq!(err.code(), "weight_finer_than_gram");
    let err = order(&mut store, vec![weighed("PG-J", "0")]).unwrap_err();
    assert_eq!(err.code(), "qty_out_of_range");
    assert_eq!(footprint(&store), before);
}

#[test]
fn selling_beyond_the_shelf_is_said_in_the_goods_unit() {
    let (_dir, mut store) = shop();
    let err = order(&mut store, vec![weighed("PG-J", "60")]).unwrap_err();
    assert_eq!(err.code(), "oversell");
    assert!(
        err.to_string().contains("only 50斤 available, 60斤 wanted"),
        "{err}"
    );
}

#[test]
fn a_re_weigh_charges_or_gives_back_the_difference() {
    let (_dir, mut store) = shop();
    let no = order(&mut store, vec![weighed("PG-J", "2.35")]).unwrap();
    pay_cash(&mut store, &no, 2303);
    // Weighed at the pickup point (实称): 2.1斤 is ¥20.58, ¥2.45 back.
    let e = OrderEdit {
        lines: vec![weighed("PG-J", "2.1")],
        reason: "实称".into(),
        allow_oversell: false,
    };
    let out = store.write(|w| checkout::edit(w, &no, &e)).unwrap();
    assert_eq!(
        (
            out.total_after.to_string(),
            out.to_refund.to_string(),
            out.refund_recorded
        ),
        ("20.58".into(), "2.45".into(), true)
    );
    assert_clean(&store);
}

#[test]
fn the_unit_is_fixed_once_the_goods_have_stock_or_orders() {
    let (_dir, mut store) = shop();
    let id: String = store
        .conn()
        .query_row("SELECT id FROM variants WHERE sku = 'PG-J'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let err = store
        .write(|w| edit::set_sold_by(w.tx, &id, SoldBy::Kg))
        .unwrap_err();
    assert_eq!(err.code(), "sold_by_locked");
}

#[test]
fn solitaire_reads_a_weight_for_goods_sold_by_weight() {
    let (_dir, mut store) = shop();
    let pasted = "接龙\n1. 王阿姨 苹果2斤\n2. 李姐 苹果一斤半\n3. 张三 苹果 3\n4. 赵四 苹果 500g";
    let parsed = solitaire::parse(store.conn(), store.clock(), pasted).unwrap();
    let qtys: Vec<(u32, String)> = parsed
        .entries
        .iter()
        .map(|e| (e.items[0].qty, e.items[0].qty_text.clone()))
        .collect();
    assert_eq!(
        qtys,
        [
            (1000, "2斤".to_string()),
            (750, "1.5斤".to_string()),
            (1500, "3斤".to_string()),
            (500, "1斤".to_string())
        ]
    );
    let done = store
        .write(|w| solitaire::commit(w, &parsed.entries, Default::default()))
        .unwrap();
    let d = orders::detail(store.conn(), store.clock(), &done.orders[1]).unwrap();
    assert_eq!((d.lines[0].qty, d.total.to_string()), (750, "14.70".into()));
    assert_clean(&store);
}

/// A header offering goods sold by weight in a portion (`苹果 3斤 12.8`):
/// `苹果2` is two portions, 6斤; it was read as 2斤, with nothing flagged.
/// A minimum (`3斤起`) or a price per 斤 is no portion.
#[test]
fn a_count_under_a_header_portion_is_that_many_portions() {
    let (_dir, store) = shop();
    let read = |pasted: &str| {
        let parsed = solitaire::parse(store.conn(), store.clock(), pasted).unwrap();
        let e = &parsed.entries[0];
        (e.flagged, e.items.first().map(|i| i.qty))
    };
    assert_eq!(read("苹果 3斤 12.8\n1. 王阿姨 苹果2"), (false, Some(3000)));
    assert_eq!(
        read("苹果 3斤 12.8\n1. 王阿姨 苹果两份"),
        (false, Some(3000))
    );
    assert_eq!(read("苹果 3斤 12.8\n1. 王阿姨 苹果"), (false, Some(1500)));
    assert_eq!(
        read("苹果 3斤 12.8\n1. 王阿姨 苹果2斤"),
        (false, Some(1000))
    );
    assert!(
        read("苹果 3斤 12.8\n1. 王阿姨 苹果1.5").0,
        "half a portion or 1.5斤?"
    );
    assert_eq!(read("苹果 3斤起\n1. 王阿姨 苹果2"), (false, Some(1000)));
    assert_eq!(read("苹果 6.8/斤\n1. 王阿姨 苹果2"), (false, Some(1000)));
}

#[test]
fn a_bundle_counts_goods_sold_by_weight_in_whole_units() {
    let (_dir, mut store) = shop();
    let items = [("PG-J".to_string(), 2), ("LH-1".to_string(), 1)];
    store
        .write(|w| bundles::add(w, "TC1", "苹果礼盒套餐", Money::from_fen(9500), &items))
        .unwrap();
    let lines = bundles::lines(store.conn(), "TC1", 1).unwrap();
    let no = order(&mut store, lines).unwrap();
    let d = orders::detail(store.conn(), store.clock(), &no).unwrap();
    let apples = d.lines.iter().find(|l| l.sku == "PG-J").unwrap();
    assert_eq!(
        (apples.qty, d.total.to_string()),
        (1000, "95.00".into()),
        "2斤 and a box at the bundle's price"
    );
    let mut odd = bundles::lines(store.conn(), "TC1", 1).unwrap();
    let apples = odd.iter_mut().find(|l| l.sku == "PG-J").unwrap();
    apples.weight = Some("2.35".into());
    let err = order(&mut store, odd).unwrap_err();
    assert_eq!(err.code(), "bundle_not_whole");
    assert_clean(&store);
}

const SHEET: &str = "商品名称,商品编码,售价,计价单位,库存,库存预警\n\
    土鸡蛋,JD-1,1.20,件,300,30\n\
    五花肉,WHR-J,16.80,斤,20.5,5\n\
    牛肉,NR-KG,78.00,公斤,3.25,1\n";

#[test]
fn the_product_sheet_carries_the_unit_and_stock_in_it() {
    let (dir, mut store) = shop();
    products::import(&mut store, SHEET.as_bytes(), "p.csv", &Silent).unwrap();
    assert_eq!(on_hand(&store, "WHR-J"), 10_250, "20.5斤 in grams");
    assert_eq!(on_hand(&store, "NR-KG"), 3_250);
    assert_eq!(on_hand(&store, "JD-1"), 300);
    let out = dir.path().join("out.csv");
    products::export(store.conn(), &out, Layout::Chinese).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let pork = text.lines().find(|l| l.contains("WHR-J")).unwrap();
    assert!(pork.contains(",20.5,") && pork.ends_with(",5,斤"), "{pork}");
    // Read back, it changes nothing.
    let again = products::import(&mut store, text.as_bytes(), "out.csv", &Silent).unwrap();
    assert_eq!((again.variants_updated, again.stock_moved), (0, 0));
    // A new unit for goods with stock is refused on its line and column.
    let bad = SHEET.replace("五花肉,WHR-J,16.80,斤", "五花肉,WHR-J,16.80,公斤");
    let err = products::import(&mut store, bad.as_bytes(), "p.csv", &Silent).unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
    assert_clean(&store);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Weighed sales, re-weighs, refunds and fulfilment in any order: every
    /// line is its price × weight rounded once, every order the sum of its
    /// lines, the shelf's grams the ledger's, money with 0 fen drift.
    #[test]
    fn weighed_sales_keep_money_and_grams_exact(ops in prop::collection::vec((0..4u8, 1..5000u32, 0..8usize), 1..30)) {
        let (_dir, mut store) = shop();
        let mut nos: Vec<String> = Vec::new();
        for (kind, grams, pick) in ops {
            let w = format!("{grams}克");
            let _ = match (kind, nos.get(pick % nos.len().max(1)).cloned()) {
                (0, _) | (_, None) => order(&mut store, vec![weighed("PG-J", &w)]).map(|no| nos.push(no)),
                (1, Some(no)) => {
                    let e = OrderEdit { lines: vec![weighed("PG-J", &w)], reason: "实称".into(), allow_oversell: false };
                    store.write(|wr| checkout::edit(wr, &no, &e)).map(drop)
                }
                (2, Some(no)) => storefront_core::reconcile::refund_owed(&mut store, &no, Money::from_fen(i64::from(grams % 300) + 1), "坏果").map(drop),
                (_, Some(no)) => store.write(|wr| status::set(wr, &no, if grams % 2 == 0 { "paid" } else { "fulfilled" }, false)).map(drop),
            };
        }
        let report = check::run(store.conn()).unwrap();
        prop_assert!(report.ok, "{:?}", report.problems);
        let drift: i64 = store.conn().query_row(
            "SELECT count(*) FROM order_lines l JOIN variants v ON v.id = l.variant_id
             WHERE v.sold_by = 'jin' AND l.line_total_fen + l.discount_fen <> (2 * l.qty * l.unit_price_fen + 500) / 1000",
            [], |r| r.get(0)).unwrap();
        prop_assert_eq!(drift, 0);
        let ledger: i64 = store.conn().query_row(
            "SELECT sum(m.qty) FROM stock_movements m JOIN variants v ON v.id = m.variant_id WHERE v.sku = 'PG-J'",
            [], |r| r.get(0)).unwrap();
        prop_assert_eq!(on_hand(&store, "PG-J"), ledger);
    }
}
