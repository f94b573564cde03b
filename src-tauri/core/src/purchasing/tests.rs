//! A supplier linked to the peach, real orders selling it, and a PO from
//! suggestion to receipt on a real SQLite file.

use super::*;
use crate::money::Money;
use crate::store::Store;
use crate::suppliers::{self, SupplierInput};
use crate::testing::{peach_shop, STOCKED};

/// The peach (1,000 on the shelf) supplied by 果园 at ¥20.00 in boxes of 12,
/// 3 days' lead time, ¥500 minimum order; `sold` peaches ordered today.
fn shop_selling(sold: i32) -> (tempfile::TempDir, Store, String) {
    let (dir, mut store) = peach_shop();
    let input = SupplierInput {
        name: "果园".into(),
        lead_days: 3,
        min_order: Money::yuan(500),
        ..Default::default()
    };
    let supplier = store.write(|w| suppliers::save(w, &input)).unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO supplier_items(id, supplier_id, supplier_sku, title, cost_fen, pack_size, available, variant_id, linked_by, updated_at)
             VALUES ('item', ?1, 'GY-TAO', '水蜜桃 5斤', 2000, 12, 1, 'v', 'hand', 0)",
            [&supplier],
        )
        .unwrap();
    let order = crate::orders::NewOrder {
        customer: "王阿姨".into(),
        channel: "wechat".into(),
        lines: vec![crate::orders::NewLine {
            sku: "TAO-5".into(),
            qty: sold,
            ..Default::default()
        }],
        ..Default::default()
    };
    store.write(|w| crate::checkout::create(w, &order)).unwrap();
    (dir, store, supplier)
}

fn set_on_hand(store: &Store, on_hand: i64) {
    store
        .conn()
        .execute(
            "UPDATE stock_levels SET on_hand = ?1 WHERE variant_id = 'v'",
            [on_hand],
        )
        .unwrap();
}

#[test]
fn a_fast_seller_short_of_its_lead_time_is_suggested_in_whole_packs() {
    let (_dir, mut store, _) = shop_selling(56);
    let today = store.clock().today();
    assert!(
        suggest::suggest(store.conn(), today).unwrap().is_empty(),
        "1,000 peaches last"
    );
    // 2 a day × (3 lead + 7 cover) = 20; 56 held by the order; 10 on hand.
    set_on_hand(&store, 66);
    let plans = suggest::suggest(store.conn(), today).unwrap();
    let line = &plans[0].lines[0];
    assert_eq!(
        (line.available, line.per_day.as_str(), line.need, line.qty),
        (10, "2.00", 10, 12),
        "{line:?}"
    );
    assert_eq!(plans[0].total, Money::yuan(240));
    assert!(plans[0].below_minimum, "¥240 is under the ¥500 minimum");
    // Sold by the case of 24 now: the order rounds up to one case.
    store
        .write(|w| crate::suppliers::changes::set_pack_size(w, "item", 24))
        .unwrap();
    let plans = suggest::suggest(store.conn(), today).unwrap();
    assert_eq!(
        (plans[0].lines[0].qty, plans[0].total),
        (24, Money::yuan(480))
    );
    let line = &plans[0].lines[0];
    // Ordered, it is on order: suggested no more.
    let lines = vec![NewPoLine {
        sku: "TAO-5".into(),
        qty: line.qty,
        unit_cost: None,
    }];
    let supplier = plans[0].supplier_id.clone();
    store
        .write(|w| orders::create(w, &supplier, &lines, ""))
        .unwrap();
    assert!(suggest::suggest(store.conn(), today).unwrap().is_empty());
}

#[test]
fn goods_that_keep_five_days_are_not_ordered_by_the_box_they_would_not_sell() {
    let (_dir, store, _) = shop_selling(56);
    set_on_hand(&store, 66);
    let today = store.clock().today();
    // Peaches received today that keep five days: 2 a day sell 10 in time,
    // not a box of 12.
    store
        .conn()
        .execute(
            "INSERT INTO stock_batches(id, variant_id, location_id, batch, expires_on, received_on, received_at)
             VALUES ('b', 'v', (SELECT id FROM locations LIMIT 1), '', ?1, ?2, ?3)",
            rusqlite::params![(today + chrono::Duration::days(5)).to_string(), today.to_string(), crate::shop_time::now()],
        )
        .unwrap();
    let plans = suggest::suggest(store.conn(), today).unwrap();
    let line = &plans[0].lines[0];
    assert_eq!(
        (
            line.need,
            line.qty,
            line.shelf_life_days,
            line.capped_by_shelf_life
        ),
        (10, 0, Some(5), true),
        "{line:?}"
    );
}

/// A PO for 24 peaches (two boxes) from `supplier`; its number.
fn po_of_24(store: &mut Store, supplier: &str, note: &str) -> String {
    let lines = vec![NewPoLine {
        sku: "TAO-5".into(),
        qty: 24,
        unit_cost: None,
    }];
    store
        .write(|w| orders::create(w, supplier, &lines, note))
        .unwrap()
}

#[test]
fn goods_received_with_a_best_before_date_are_a_batch_under_the_po_number() {
    let (_dir, mut store, supplier) = shop_selling(1);
    let po = po_of_24(&mut store, &supplier, "");
    let arrived = vec![Arrived {
        code: "GY-TAO".into(),
        qty: 24,
        expires_on: Some("2026-12-24".into()),
    }];
    store
        .write(|w| receive::receive(w, &po, &arrived, None, ""))
        .unwrap();
    let batch: (String, String, i64) = store
        .conn()
        .query_row(
            "SELECT batch, expires_on, qty_left FROM stock_batches",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(batch, (po, "2026-12-24".to_string(), 24));
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_po_is_sent_received_short_then_in_full_and_its_invoice_checked() {
    let (_dir, mut store, supplier) = shop_selling(1);
    let po = po_of_24(&mut store, &supplier, "周五前到");
    assert!(po.starts_with("PO"), "{po}");
    let d = orders::detail(store.conn(), store.clock(), &po).unwrap();
    assert_eq!((d.status.as_str(), d.total), ("draft", Money::yuan(480)));
    let doc = orders::document(store.conn(), store.clock(), &po).unwrap();
    assert_eq!(doc["lines"][0]["supplier_sku"], "GY-TAO");
    assert_eq!(doc["total"], "480.00");
    store.write(|w| orders::mark_sent(w, &po, "xlsx")).unwrap();

    // The supplier's code scanned: 20 of 24 arrive.
    let arrived = vec![Arrived {
        code: "GY-TAO".into(),
        qty: 20,
        expires_on: None,
    }];
    let d = store
        .write(|w| receive::receive(w, &po, &arrived, None, ""))
        .unwrap();
    assert_eq!(
        (d.status.as_str(), d.lines[0].variance),
        ("partly_received", -4)
    );
    let on_hand: i64 = store
        .conn()
        .query_row(
            "SELECT on_hand FROM stock_levels WHERE variant_id = 'v'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_hand, STOCKED + 20, "the receipt is a stock movement");
    // The rest by the shop's own SKU, with the invoice: billed for 24 at
    // ¥20.50, ¥12 more than what arrived at the agreed cost.
    let rest = vec![Arrived {
        code: "TAO-5".into(),
        qty: 4,
        expires_on: None,
    }];
    let d = store
        .write(|w| receive::receive(w, &po, &rest, Some(Money::from_fen(49_200)), ""))
        .unwrap();
    assert_eq!(d.status, "received");
    assert_eq!(d.invoice.received_value, Money::yuan(480));
    assert_eq!(d.invoice.difference, Some(Money::yuan(12)));
    assert!(!d.invoice.matches);
    // Nothing more is expected; a code the shop does not know is refused.
    assert!(store
        .write(|w| receive::receive(w, &po, &rest, None, ""))
        .is_err());
    assert!(
        crate::check::run(store.conn()).unwrap().ok,
        "the ledger and the receipts agree"
    );
    let listed = orders::list(store.conn(), store.clock(), false).unwrap();
    assert_eq!((listed[0].ordered, listed[0].received), (24, 24));
    let unknown = vec![Arrived {
        code: "NOPE".into(),
        qty: 1,
        expires_on: None,
    }];
    let po2 = po_of_24(&mut store, &supplier, "");
    let before = crate::check::run(store.conn()).unwrap();
    assert!(store
        .write(|w| receive::receive(w, &po2, &unknown, None, ""))
        .is_err());
    assert_eq!(crate::check::run(store.conn()).unwrap().ok, before.ok);
}
