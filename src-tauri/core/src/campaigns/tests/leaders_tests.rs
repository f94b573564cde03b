//! Leaders' settlements and pickup codes.

use super::*;

#[test]
fn leaders_settle_paid_orders_net_of_refunds_and_pickup_codes_redeem() {
    let (_dir, mut store) = peach_shop();
    store
        .write(|w| {
            leaders::add(
                w,
                "陈姐",
                "13800001111",
                &["阳光花园便利店".into()],
                Some("8%"),
            )
        })
        .unwrap();
    let point: String = store
        .conn()
        .query_row("SELECT id FROM pickup_points", [], |r| r.get(0))
        .unwrap();
    let mut order = |who: &str, phone: &str, qty: i32| {
        let collected = NewOrder {
            customer: who.into(),
            phone: phone.into(),
            pickup_point_id: Some(point.clone()),
            ..NewOrder::default()
        };
        peaches(&mut store, qty, collected).unwrap()
    };
    let a = order("王阿姨", "13912345678", 1);
    let b = order("李姐", "13700002222", 2);
    let c = order("小张", "", 1); // never paid: not in the settlement
    settle_money(&mut store, &[(&a, 3650), (&b, 7300)]);
    crate::reconcile::refund_owed(&mut store, &b, Money::from_fen(1000), "").unwrap();
    let today = store.clock().today().to_string();
    let s = leaders::settle(store.conn(), "陈姐", &today, &today).unwrap();
    assert_eq!(
        (s.orders, s.sales.fen(), s.refunds.fen()),
        (2, 10_950, 1000)
    );
    assert_eq!(s.commission.fen(), 796); // 8% of 99.50
    assert_eq!(s.lines.iter().map(|l| l.commission.fen()).sum::<i64>(), 796);
    assert!(!s.lines.iter().any(|l| l.order_no == c));

    // The buyer shows the code, or says the last four digits of the phone.
    let code: String = store
        .conn()
        .query_row(
            "SELECT pickup_code FROM orders WHERE order_no = ?1",
            [&a],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(code.len(), 6);
    // The order's page shows it too.
    let shown = crate::orders::detail(store.conn(), store.clock(), &a).unwrap();
    assert_eq!(shown.pickup_code.as_deref(), Some(code.as_str()));
    let found = leaders::find(store.conn(), &code).unwrap();
    assert_eq!(
        found
            .iter()
            .map(|o| o.order_no.as_str())
            .collect::<Vec<_>>(),
        vec![a.as_str()]
    );
    assert_eq!(leaders::find(store.conn(), "5678").unwrap()[0].order_no, a);
    assert_eq!(
        store
            .write(|w| crate::checkout::pickup::redeem(w, &a))
            .unwrap(),
        "completed"
    );
    assert!(
        leaders::find(store.conn(), &code).unwrap().is_empty(),
        "collected once"
    );
    // The settlement as a spreadsheet the leader keeps.
    let file = _dir.path().join("settlement.xlsx");
    leaders::write_settlement(&s, &file).unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() > 1000);
    assert_check_clean(&store);
}
