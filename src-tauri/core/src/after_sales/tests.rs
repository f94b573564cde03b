use rusqlite::params;

use super::*;
use crate::store::Store;

use crate::testing::peach_shop as shop;

fn order(store: &mut Store, qty: i32) -> String {
    let o = NewOrder {
        customer: "王阿姨".into(),
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku: "TAO-5".into(),
            qty,
            ..Default::default()
        }],
        ..Default::default()
    };
    store.write(|w| crate::checkout::create(w, &o)).unwrap()
}

/// Marks the order paid in full as reconciliation would (a confirmed match).
fn paid(store: &Store, order_no: &str) {
    store
        .conn()
        .execute_batch(&format!(
            "INSERT INTO payments(id, source, txn_id, direction, kind, amount_fen, occurred_at) SELECT 'p-{order_no}', 'wechat', 'T-{order_no}', 'in', 'sale', total_fen, 0 FROM orders WHERE order_no = '{order_no}';
             INSERT INTO payment_matches(id, payment_id, order_id, amount_fen, status, rule, created_at) SELECT 'm-{order_no}', 'p-{order_no}', id, total_fen, 'confirmed', 'manual', 0 FROM orders WHERE order_no = '{order_no}';
             UPDATE orders SET paid_fen = total_fen, status = 'paid' WHERE order_no = '{order_no}';"
        ))
        .unwrap();
}

fn opened_ago(store: &Store, id: &str, minutes: i64) {
    store
        .conn()
        .execute(
            "UPDATE after_sales SET opened_at = opened_at - ?2 WHERE id = ?1",
            params![id, minutes * 60],
        )
        .unwrap();
}

#[test]
fn the_queue_puts_quality_first_then_the_oldest() {
    let (_dir, mut store) = shop();
    let a = order(&mut store, 1);
    let b = order(&mut store, 1);
    let delivery = store.write(|w| open(w, &a, "delivery", "还没到")).unwrap();
    let old_wrong = store
        .write(|w| open(w, &a, "wrong_item", "少一袋"))
        .unwrap();
    let new_wrong = store
        .write(|w| open(w, &b, "wrong_item", "发错了"))
        .unwrap();
    let quality = store.write(|w| open(w, &b, "quality", "坏果")).unwrap();
    opened_ago(&store, &delivery, 300);
    opened_ago(&store, &old_wrong, 60);
    let ids: Vec<String> = queue(store.conn(), store.clock())
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, [quality, old_wrong, new_wrong, delivery]);
    assert!(
        store.write(|w| open(w, &a, "complaint", "")).is_err(),
        "an unknown kind"
    );
}

#[test]
fn replies_count_against_the_five_minute_target() {
    let (_dir, mut store) = shop();
    let a = order(&mut store, 1);
    let quick = store.write(|w| open(w, &a, "quality", "")).unwrap();
    let slow = store.write(|w| open(w, &a, "delivery", "")).unwrap();
    let _unanswered = store.write(|w| open(w, &a, "other", "")).unwrap();
    opened_ago(&store, &slow, 30);
    store.write(|w| reply(w, &quick)).unwrap();
    store.write(|w| reply(w, &slow)).unwrap();
    let s = service(store.conn(), 30).unwrap();
    assert_eq!((s.tickets, s.replied, s.on_time), (3, 2, 1));
    assert_eq!(
        (s.reply_rate_pct, s.on_time_pct),
        (67, 33),
        "below the 80% target"
    );
    let waited = queue(store.conn(), store.clock())
        .unwrap()
        .into_iter()
        .find(|t| t.id == slow)
        .unwrap()
        .waited_minutes;
    assert_eq!(waited, 30);
}

#[test]
fn a_refund_is_its_own_line_and_never_more_than_was_paid() {
    let (_dir, mut store) = shop();
    let a = order(&mut store, 2);
    paid(&store, &a);
    let t = store.write(|w| open(w, &a, "quality", "两个坏果")).unwrap();
    let too_much = Resolution {
        refund: Some(Money::from_fen(7301)),
        ..Default::default()
    };
    assert!(store.write(|w| resolve(w, &t, &too_much)).is_err());
    let part = Resolution {
        refund: Some(Money::from_fen(1000)),
        note: "坏果两个".into(),
        ..Default::default()
    };
    let done = store.write(|w| resolve(w, &t, &part)).unwrap();
    assert!(done.refund_id.is_some());
    let (status, refunded): (String, i64) = store
        .conn()
        .query_row(
            "SELECT status, refunded_fen FROM orders WHERE order_no = ?1",
            [&a],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), refunded),
        ("paid", 1000),
        "partly refunded keeps its status"
    );
    assert!(
        store.write(|w| resolve(w, &t, &part)).is_err(),
        "resolved once"
    );
    assert!(crate::check::run(store.conn()).unwrap().ok);
}

#[test]
fn goods_come_back_to_the_shelf_and_resends_are_new_orders() {
    let (_dir, mut store) = shop();
    let a = order(&mut store, 3);
    paid(&store, &a);
    store
        .write(|w| crate::checkout::status::set(w, &a, "fulfilled", false))
        .unwrap();
    let t = store
        .write(|w| open(w, &a, "wrong_item", "发错规格"))
        .unwrap();
    let on_hand = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT on_hand FROM stock_levels", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(on_hand(&store), crate::testing::STOCKED - 3);
    let back = |qty| Resolution {
        returned: vec![NewLine {
            sku: "TAO-5".into(),
            qty,
            ..Default::default()
        }],
        ..Default::default()
    };
    assert!(
        store.write(|w| resolve(w, &t, &back(4))).is_err(),
        "more than shipped"
    );
    let r = Resolution {
        resend: vec![NewLine {
            sku: "TAO-5".into(),
            qty: 2,
            ..Default::default()
        }],
        ..back(2)
    };
    let done = store.write(|w| resolve(w, &t, &r)).unwrap();
    assert_eq!(on_hand(&store), crate::testing::STOCKED - 1);
    let resent = done.resend_order_no.unwrap();
    let (total, status): (i64, String) = store
        .conn()
        .query_row(
            "SELECT total_fen, status FROM orders WHERE order_no = ?1",
            [&resent],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((total, status.as_str()), (0, "paid"));
    let t2 = store
        .write(|w| open(w, &a, "wrong_item", "还是不对"))
        .unwrap();
    assert!(
        store.write(|w| resolve(w, &t2, &back(2))).is_err(),
        "two of three are back already"
    );
    assert!(crate::check::run(store.conn()).unwrap().ok);
}
