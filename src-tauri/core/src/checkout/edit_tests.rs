//! Changing an order before fulfilment: lines, prices, stock held and the
//! money difference, with `check` (rollups = facts) clean after each.

use super::edit::{edit, history, OrderEdit};
use crate::checkout::create;
use crate::orders::{detail, page, NewLine, NewOrder, OrderFilter};
use crate::testing::{pay_cash as pay, peach_shop as shop};
use crate::Store;

fn line(sku: &str, qty: i32) -> NewLine {
    NewLine {
        sku: sku.into(),
        qty,
        ..Default::default()
    }
}

fn take(store: &mut Store, qty: i32) -> String {
    let order = NewOrder {
        customer: "王阿姨".into(),
        channel: "wechat".into(),
        lines: vec![line("TAO-5", qty)],
        ..Default::default()
    };
    store.write(|w| create(w, &order)).unwrap()
}

fn change(lines: Vec<NewLine>, reason: &str) -> OrderEdit {
    OrderEdit {
        lines,
        reason: reason.into(),
        allow_oversell: false,
    }
}

fn one(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn assert_sound(store: &Store) {
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn an_unpaid_order_takes_one_more_and_holds_it() {
    let (_dir, mut store) = shop();
    let no = take(&mut store, 2);
    let out = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 3)], "客户加一箱")))
        .unwrap();
    assert_eq!(out.total_before.to_string(), "73.00");
    assert_eq!(out.total_after.to_string(), "109.50");
    assert_eq!(out.to_collect.to_string(), "109.50");
    assert_eq!(out.status, "awaiting_payment");
    assert_eq!(one(&store, "SELECT committed FROM stock_levels"), 3);
    let past = history(store.conn(), store.clock(), &no).unwrap();
    assert_eq!(past.len(), 1);
    assert_eq!(past[0].lines_before, "水蜜桃 ×2 @36.50");
    assert_eq!(past[0].reason, "客户加一箱");
    assert_eq!(
        one(
            &store,
            "SELECT count(*) FROM change_log WHERE action = 'edit'"
        ),
        1
    );
    assert_sound(&store);
}

#[test]
fn a_paid_order_made_smaller_owes_the_difference_back() {
    let (_dir, mut store) = shop();
    let no = take(&mut store, 3);
    pay(&mut store, &no, 10950);
    let out = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 1)], "缺货少发两箱")))
        .unwrap();
    assert_eq!(out.to_refund.to_string(), "73.00");
    assert_eq!(out.status, "paid");
    assert_eq!(
        one(
            &store,
            "SELECT amount_fen FROM refunds WHERE status = 'owed'"
        ),
        7300
    );
    assert_eq!(one(&store, "SELECT committed FROM stock_levels"), 1);
    assert_sound(&store);
    // Dearer again after a refund would be counted wrongly elsewhere.
    let err = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 2)], "又要了")))
        .unwrap_err();
    assert_eq!(err.code(), "edit_owes_after_refund");
    // Smaller still is fine.
    let out = store
        .write(|w| {
            edit(
                w,
                &no,
                &change(vec![line("TAO-5", 1)], "改价").with_price(3000),
            )
        })
        .unwrap();
    assert_eq!(out.to_refund.to_string(), "6.50");
    assert_sound(&store);
}

#[test]
fn a_paid_order_made_dearer_awaits_the_difference() {
    let (_dir, mut store) = shop();
    let no = take(&mut store, 1);
    pay(&mut store, &no, 3650);
    let out = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 2)], "再来一箱")))
        .unwrap();
    assert_eq!(out.to_collect.to_string(), "36.50");
    assert_eq!(out.status, "awaiting_payment");
    let unpaid = OrderFilter {
        unpaid: true,
        ..Default::default()
    };
    let page = page(store.conn(), store.clock(), &unpaid, 0, 10).unwrap();
    assert_eq!(page.total, 1, "the balance is in the unpaid list");
    pay(&mut store, &no, 3650);
    let status: String = store
        .conn()
        .query_row("SELECT status FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "paid", "the difference paid, the order is paid");
    assert_sound(&store);
}

#[test]
fn a_line_keeps_its_price_and_a_new_price_takes_the_reason() {
    let (_dir, mut store) = shop();
    let no = take(&mut store, 2);
    // The list price changes after the order was taken.
    store
        .conn()
        .execute("UPDATE variants SET price_fen = 4000", [])
        .unwrap();
    store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 3)], "加一箱")))
        .unwrap();
    let d = detail(store.conn(), store.clock(), &no).unwrap();
    assert_eq!(d.lines[0].unit_price.to_string(), "36.50", "sold at 36.50");
    store
        .write(|w| {
            edit(
                w,
                &no,
                &change(vec![line("TAO-5", 3)], "熟客优惠").with_price(3000),
            )
        })
        .unwrap();
    let d = detail(store.conn(), store.clock(), &no).unwrap();
    assert_eq!(d.total.to_string(), "90.00");
    assert_eq!(d.lines[0].override_reason.as_deref(), Some("熟客优惠"));
    assert_eq!(history(store.conn(), store.clock(), &no).unwrap().len(), 2);
    assert_sound(&store);
}

#[test]
fn refusals_leave_the_order_as_it_was() {
    let (_dir, mut store) = shop();
    let no = take(&mut store, 2);
    let before = detail(store.conn(), store.clock(), &no).unwrap();
    let cases = [
        (change(vec![line("TAO-5", 3)], "  "), "edit_reason_required"),
        (change(vec![], "全不要了"), "empty_order"),
        (change(vec![line("NOPE", 1)], "换货"), "not_found"),
        (change(vec![line("TAO-5", 5000)], "大客户"), "oversell"),
    ];
    for (e, code) in cases {
        let err = store.write(|w| edit(w, &no, &e)).unwrap_err();
        assert_eq!(err.code(), code);
    }
    store
        .write(|w| crate::checkout::status::set(w, &no, "fulfilled", false))
        .unwrap();
    let err = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 1)], "退一箱")))
        .unwrap_err();
    assert_eq!(err.code(), "edit_not_allowed");
    let after = detail(store.conn(), store.clock(), &no).unwrap();
    assert_eq!(after.total, before.total);
    assert_eq!(after.lines.len(), 1);
    assert_eq!(one(&store, "SELECT count(*) FROM order_edits"), 0);
    assert_sound(&store);
}

#[test]
fn a_sku_sold_at_two_prices_needs_its_price_said() {
    let (_dir, mut store) = shop();
    let two_prices = NewOrder {
        customer: "王阿姨".into(),
        channel: "wechat".into(),
        lines: vec![
            line("TAO-5", 1),
            NewLine {
                unit_price: Some(crate::Money::from_fen(3000)),
                override_reason: Some("熟客".into()),
                ..line("TAO-5", 1)
            },
        ],
        ..Default::default()
    };
    let no = store.write(|w| create(w, &two_prices)).unwrap();
    let err = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 3)], "加")))
        .unwrap_err();
    assert_eq!(err.code(), "price_ambiguous");
    store
        .write(|w| {
            edit(
                w,
                &no,
                &change(vec![line("TAO-5", 3)], "加").with_price(3650),
            )
        })
        .unwrap();
    assert_sound(&store);
}

#[test]
fn an_order_paid_by_hand_stays_paid_and_says_the_difference() {
    let (_dir, mut store) = shop();
    let no = take(&mut store, 1);
    store
        .write(|w| crate::checkout::status::set(w, &no, "paid", false))
        .unwrap();
    let out = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 2)], "现金补了")))
        .unwrap();
    assert_eq!(out.status, "paid");
    assert_eq!(out.to_collect.to_string(), "36.50");
    assert_sound(&store);
}

/// Found by the ledger's property test: a hand-paid order made cheaper
/// recorded a refund owed beyond any money on record.
#[test]
fn an_order_paid_by_hand_made_cheaper_says_what_to_give_back_and_records_no_refund() {
    let (_dir, mut store) = shop();
    let no = take(&mut store, 5);
    store
        .write(|w| crate::checkout::status::set(w, &no, "paid", false))
        .unwrap();
    let out = store
        .write(|w| edit(w, &no, &change(vec![line("TAO-5", 1)], "少要了")))
        .unwrap();
    assert_eq!(out.status, "paid");
    assert_eq!(out.to_refund.to_string(), "146.00");
    assert!(!out.refund_recorded);
    let refunds: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM refunds", [], |r| r.get(0))
        .unwrap();
    assert_eq!(refunds, 0);
    assert_sound(&store);
}

#[test]
fn every_kind_of_demo_order_can_be_edited_and_the_figures_follow() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), crate::Session::new("test")).unwrap();
    let opts = crate::demo::DemoOptions {
        orders: 800,
        seed: 3,
        until: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    };
    crate::demo::generate(&mut store, &opts, &crate::progress::Silent).unwrap();
    let open: Vec<(String, String)> = store
        .conn()
        .prepare(
            "SELECT o.order_no, (SELECT v.sku FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = o.id ORDER BY l.line_no LIMIT 1)
             FROM orders o WHERE o.status IN ('awaiting_payment', 'paid', 'draft') AND o.group_buy_id IS NULL",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(open.len() >= 5, "{}", open.len());
    let other: String = store
        .conn()
        .query_row("SELECT sku FROM variants ORDER BY sku LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut edited = 0;
    for (no, sku) in &open {
        let mut e = change(vec![line(sku, 2), line(&other, 1)], "演示改单");
        e.allow_oversell = true;
        // Coupons may no longer reach their threshold, a refund may stand:
        // a refusal is fine, as long as it changes nothing.
        if store.write(|w| edit(w, no, &e)).is_ok() {
            edited += 1;
        }
    }
    assert!(edited * 2 >= open.len(), "{edited} of {}", open.len());
    assert_sound(&store);
}

trait WithPrice {
    fn with_price(self, fen: i64) -> Self;
}

impl WithPrice for OrderEdit {
    /// Every line at `fen` (the edit's reason is the price's reason).
    fn with_price(mut self, fen: i64) -> Self {
        for l in &mut self.lines {
            l.unit_price = Some(crate::Money::from_fen(fen));
        }
        self
    }
}
