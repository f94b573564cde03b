//! Coupons, members, bundles and flash prices, priced by the one rule.

use super::*;

fn coupon(
    store: &mut Store,
    code: &str,
    kind: &str,
    value: i64,
    threshold: i64,
    limit: i64,
    stackable: bool,
) {
    let today = store.clock().today().to_string();
    store
        .write(|w| {
            promotions::add_coupon(
                w,
                &promotions::NewCoupon {
                    code: code.into(),
                    kind: kind.into(),
                    value: Money::from_fen(value),
                    percent: "10%".into(),
                    threshold: Money::from_fen(threshold),
                    valid_from: today.clone(),
                    valid_to: today.clone(),
                    usage_limit: limit,
                    stackable,
                    ..promotions::NewCoupon::default()
                },
            )
        })
        .unwrap();
}

fn with_coupons(store: &mut Store, codes: &[&str], qty: i32) -> crate::Result<String> {
    let o = NewOrder {
        coupons: codes.iter().map(|c| c.to_string()).collect(),
        ..NewOrder::default()
    };
    peaches(store, qty, o)
}

#[test]
fn coupons_apply_in_order_entry_within_their_rules() {
    let (_dir, mut store) = peach_shop();
    coupon(&mut store, "MJ100-10", "threshold", 1000, 10_000, 1, true);
    coupon(&mut store, "ZK10", "percent", 0, 0, 0, true);
    coupon(&mut store, "LJ5", "fixed", 500, 0, 0, false);
    // ¥109.50: 满100减10 → 99.50, then 10% off → 89.55.
    let no = with_coupons(&mut store, &["ZK10", "MJ100-10"], 3).unwrap();
    let detail = orders::detail(store.conn(), store.clock(), &no).unwrap();
    assert_eq!(detail.total, Money::from_fen(8955));
    // Used once, its limit: refused next time; a lone coupon does not stack.
    assert!(with_coupons(&mut store, &["MJ100-10"], 3).is_err());
    let alone = with_coupons(&mut store, &["LJ5", "ZK10"], 1).unwrap_err();
    assert!(alone.to_string().contains("cannot be combined"));
    assert!(with_coupons(&mut store, &["NOPE"], 1).is_err());
    // The list says what the merchant would find at the till.
    let clock = *store.clock();
    let status = |now: i64| -> Vec<(String, String)> {
        let mut rows: Vec<_> = crate::campaigns::coupons(store.conn(), &clock, now)
            .unwrap()
            .into_iter()
            .map(|c| (c.code, c.status))
            .collect();
        rows.sort();
        rows
    };
    let today = clock.day_start(clock.today());
    let said = |a: &str, b: &str, c: &str| {
        vec![
            ("LJ5".into(), a.into()),
            ("MJ100-10".into(), b.into()),
            ("ZK10".into(), c.into()),
        ]
    };
    assert_eq!(status(today + 3600), said("active", "used_up", "active"));
    assert_eq!(
        status(today + 86_400),
        said("expired", "expired", "expired")
    );
    assert_eq!(
        status(today - 1),
        said("not_started", "not_started", "not_started")
    );
    // A flash sale prices the line while it runs.
    let clock = *store.clock();
    let (from, to) = (
        clock.format(shop_time::now() - 60),
        clock.format(shop_time::now() + 3600),
    );
    store
        .write(|w| flash::add(w, "TAO-5", Money::from_fen(1990), &from, &to, None))
        .unwrap();
    let line = NewLine {
        sku: "TAO-5".into(),
        qty: 2,
        ..NewLine::default()
    };
    let quote = crate::checkout::quote(store.conn(), &[line], &["LJ5".into()], None, 0).unwrap();
    assert_eq!(quote.unit_prices, vec![Money::from_fen(1990)]);
    assert_eq!(
        (
            quote.goods.fen(),
            quote.coupon_discount.fen(),
            quote.subtotal.fen()
        ),
        (3980, 500, 3480)
    );
    let flash = with_coupons(&mut store, &["LJ5"], 2).unwrap();
    let detail = orders::detail(store.conn(), store.clock(), &flash).unwrap();
    assert_eq!(detail.total, Money::from_fen(2 * 1990 - 500));
    assert_check_clean(&store);
}

fn points_of(store: &Store, name: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT m.points FROM members m JOIN customers c ON c.id = m.customer_id WHERE c.name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn members_get_their_level_off_and_points_that_follow_the_money() {
    let (_dir, mut store) = peach_shop();
    store
        .write(|w| members::enrol(w, "王阿姨", "", "gold"))
        .unwrap();
    let order = |store: &mut Store, qty: i32, points: i64| {
        let o = NewOrder {
            redeem_points: points,
            ..NewOrder::default()
        };
        peaches(store, qty, o)
    };
    // Gold: 5% off ¥109.50 is 5.475, half-up 5.48.
    let no = order(&mut store, 3, 0).unwrap();
    assert_eq!(order_money_total(&store, &no), 10_402);
    assert_eq!(
        points_of(&store, "王阿姨"),
        0,
        "points come with the money, not the order"
    );
    settle_money(&mut store, &[(&no, 10_402)]);
    assert_eq!(
        points_of(&store, "王阿姨"),
        208,
        "2 points per whole yuan of ¥104.02"
    );
    crate::reconcile::refund_owed(&mut store, &no, Money::from_fen(2000), "").unwrap();
    assert_eq!(
        points_of(&store, "王阿姨"),
        168,
        "a refund takes its points back"
    );
    // 100 points are ¥1.00 off the next order; more than she has is refused.
    assert!(order(&mut store, 1, 169).is_err());
    let next = order(&mut store, 1, 100).unwrap();
    assert_eq!(order_money_total(&store, &next), 3650 - 183 - 100);
    assert_eq!(points_of(&store, "王阿姨"), 68);
    store
        .write(|w| crate::checkout::status::set(w, &next, "cancelled", false))
        .unwrap();
    assert_eq!(
        points_of(&store, "王阿姨"),
        168,
        "a cancelled order gives its points back"
    );
    assert_check_clean(&store);
    let listed = members::list(store.conn(), store.clock()).unwrap();
    assert_eq!((listed[0].level.as_str(), listed[0].points), ("gold", 168));
}

#[test]
fn bundles_sell_whole_at_their_price() {
    let (_dir, mut store) = peach_shop();
    add_apple(&store);
    let items = vec![("TAO-5".to_string(), 2), ("PG-1".to_string(), 1)];
    assert!(
        store
            .write(|w| bundles::add(w, "TC1", "鲜果礼盒", Money::from_fen(10_290), &items))
            .is_err(),
        "not cheaper than apart"
    );
    store
        .write(|w| bundles::add(w, "TC1", "鲜果礼盒", Money::from_fen(8_000), &items))
        .unwrap();
    let two = bundles::lines(store.conn(), "TC1", 2).unwrap();
    assert_eq!(
        two.iter()
            .map(|l| (l.sku.as_str(), l.qty))
            .collect::<Vec<_>>(),
        vec![("PG-1", 2), ("TAO-5", 4)]
    );
    let no = store
        .write(|w| {
            crate::checkout::create(
                w,
                &NewOrder {
                    customer: "李姐".into(),
                    channel: "wechat".into(),
                    lines: two.clone(),
                    ..NewOrder::default()
                },
            )
        })
        .unwrap();
    assert_eq!(order_money_total(&store, &no), 16_000);
    // Three peaches and two apples are not whole bundles.
    let mut odd = two;
    odd[1].qty = 3;
    assert!(crate::checkout::quote(store.conn(), &odd, &[], None, 0)
        .unwrap_err()
        .to_string()
        .contains("whole bundles"));
    assert_check_clean(&store);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
    /// Bundles, stacked coupons, a member's discount and points together:
    /// the lines always add up to the order to the fen, no line goes below
    /// zero, and what each step took adds up to the goods less the total.
    #[test]
    fn every_step_of_pricing_adds_up(
        peaches in 1..6i32,
        apples in 0..4i32,
        sets in 0..3i32,
        threshold in 0..20_000i64,
        off in 1..3_000i64,
        percent in 0..50i64,
        level in 0..3usize,
        points in 0..500i64,
    ) {
        let (_dir, mut store) = peach_shop();
        add_apple(&store);
        let today = store.clock().today().to_string();
        store.write(|w| bundles::add(w, "TC1", "礼盒", Money::from_fen(8_000), &[("TAO-5".into(), 2), ("PG-1".into(), 1)])).unwrap();
        store.write(|w| promotions::add_coupon(w, &promotions::NewCoupon {
            code: "MJ".into(), kind: "threshold".into(), value: Money::from_fen(off), threshold: Money::from_fen(threshold + off + 1),
            valid_from: today.clone(), valid_to: today.clone(), stackable: true, ..Default::default() })).unwrap();
        if percent > 0 {
            store.write(|w| promotions::add_coupon(w, &promotions::NewCoupon {
                code: "ZK".into(), kind: "percent".into(), percent: format!("{percent}%"),
                valid_from: today.clone(), valid_to: today.clone(), stackable: true, ..Default::default() })).unwrap();
        }
        store.write(|w| members::enrol(w, "王阿姨", "", ["regular", "silver", "gold"][level])).unwrap();
        store.conn().execute("UPDATE members SET points = 500", []).unwrap();
        store.conn().execute("INSERT INTO points_ledger(id, member_id, delta, reason, at) SELECT 'seed', id, 500, 'gift', 0 FROM members", []).unwrap();
        let mut lines = vec![NewLine { sku: "TAO-5".into(), qty: peaches, ..NewLine::default() }];
        if apples > 0 {
            lines.push(NewLine { sku: "PG-1".into(), qty: apples, ..NewLine::default() });
        }
        if sets > 0 {
            lines.extend(bundles::lines(store.conn(), "TC1", sets).unwrap());
        }
        let mut coupons = vec!["MJ".to_string()];
        if percent > 0 { coupons.push("ZK".into()); }
        let customer: String = store.conn().query_row("SELECT customer_id FROM members", [], |r| r.get(0)).unwrap();
        let q = crate::checkout::quote(store.conn(), &lines, &coupons, Some(&customer), points).unwrap();
        let steps = q.bundle_discount.fen() + q.coupon_discount.fen() + q.member_discount.fen() + q.points_discount.fen();
        prop_assert_eq!(q.goods.fen() - steps, q.subtotal.fen());
        prop_assert!(q.subtotal.fen() >= 0);
        let no = store.write(|w| crate::checkout::create(w, &NewOrder {
            customer_id: Some(customer.clone()), channel: "wechat".into(), lines: lines.clone(), coupons: coupons.clone(),
            redeem_points: points, ..NewOrder::default() })).unwrap();
        prop_assert_eq!(order_money_total(&store, &no), q.subtotal.fen());
        let negative: i64 = store.conn().query_row("SELECT count(*) FROM order_lines WHERE line_total_fen < 0", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(negative, 0);
        let report = crate::check::run(store.conn()).unwrap();
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
}
