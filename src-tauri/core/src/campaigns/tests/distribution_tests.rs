//! Two levels, commission on the money kept, rates.

use super::*;

#[test]
fn distribution_stops_at_two_levels_in_core_and_in_the_database() {
    let (_dir, mut store) = peach_shop();
    add_distributor(&mut store, "阿花", None, Some("10%"), Some("3%")).unwrap();
    add_distributor(&mut store, "小美", Some("阿花"), None, None).unwrap();
    let third = add_distributor(&mut store, "小红", Some("小美"), None, None).unwrap_err();
    assert_eq!(third.code(), "third_level");
    assert!(third.to_string().contains("two levels"));
    // Even a write that goes around core is stopped by the database.
    let raw = store.conn().execute(
        "INSERT INTO distributors(id, name, recruiter_id, level, created_at)
         SELECT 'x', '小红', id, 2, 0 FROM distributors WHERE name = '小美'",
        [],
    );
    assert!(raw.unwrap_err().to_string().contains("third_level"));
}

#[test]
fn commission_follows_the_money_paid_and_refunds_claw_it_back() {
    let (_dir, mut store) = peach_shop();
    add_distributor(&mut store, "阿花", None, Some("10%"), Some("3%")).unwrap();
    add_distributor(&mut store, "小美", Some("阿花"), Some("8%"), None).unwrap();
    let no = referred_order(&mut store, "小美", 2); // ¥73.00
    assert_eq!(
        net_commission(&store, "小美"),
        0,
        "nothing is earned before money arrives"
    );
    settle_money(&mut store, &[(&no, 7300)]);
    assert_eq!(net_commission(&store, "小美"), 584); // 8% of 73.00
    assert_eq!(net_commission(&store, "阿花"), 219); // her 3% on level 2
                                                     // A partial refund of ¥20.00 claws back its share, as lines of their own.
    crate::reconcile::refund_owed(&mut store, &no, Money::from_fen(2000), "坏了一个").unwrap();
    assert_eq!(net_commission(&store, "小美"), 424); // 8% of 53.00
    assert_eq!(net_commission(&store, "阿花"), 159); // 3% of 53.00 = 1.59
    let lines = distribution::commissions(store.conn(), Some("小美")).unwrap();
    assert_eq!(
        (lines[0].accrued.fen(), lines[0].clawed_back.fen()),
        (584, 160)
    );
    // Recruiting is not selling: 阿花's recruit brings her no trust.
    let standings = distribution::standings(store.conn()).unwrap();
    let hua = standings.iter().find(|s| s.name == "阿花").unwrap();
    let mei = standings.iter().find(|s| s.name == "小美").unwrap();
    assert_eq!((hua.trust, hua.orders, hua.recruits), (50, 0, 1));
    assert_eq!((mei.orders, mei.troubled), (1, 1));
    assert!(mei.trust < 50);
    // Payouts never exceed what is owed.
    assert!(store
        .write(|w| distribution::pay_out(w, "小美", Money::from_fen(425), ""))
        .is_err());
    store
        .write(|w| distribution::pay_out(w, "小美", Money::from_fen(424), "微信转账"))
        .unwrap();
    assert_check_clean(&store);
}

#[test]
fn a_products_own_rate_wins_over_the_distributors_and_the_shops() {
    let (_dir, mut store) = peach_shop();
    add_distributor(&mut store, "阿花", None, Some("10%"), None).unwrap();
    add_distributor(&mut store, "老周", None, None, None).unwrap();
    let a = referred_order(&mut store, "阿花", 1);
    let b = referred_order(&mut store, "老周", 1);
    settle_money(&mut store, &[(&a, 3650), (&b, 3650)]);
    assert_eq!(net_commission(&store, "阿花"), 365); // her own 10%
    assert_eq!(net_commission(&store, "老周"), 365); // the shop's default 10%
    store
        .write(|w| distribution::set_shop_rates(w, Some("5%"), None))
        .unwrap();
    // A traffic item: 2% for level 1, level 2 back to its default.
    store
        .write(|w| distribution::set_product_rates(w, "TAO-5", Some("2%"), Some("")))
        .unwrap();
    let rates = distribution::rates(store.conn()).unwrap();
    assert_eq!((rates.rate1.as_str(), rates.rate2.as_str()), ("5%", "3%"));
    assert_eq!(rates.products[0].rate1.as_deref(), Some("2%"));
    let c = referred_order(&mut store, "阿花", 1);
    let d = referred_order(&mut store, "老周", 1);
    settle_money(&mut store, &[(&c, 3650), (&d, 3650)]);
    assert_eq!(net_commission(&store, "阿花"), 365 + 73);
    assert_eq!(net_commission(&store, "老周"), 365 + 73);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Whatever the sequence of partial refunds, an order's commission is
    /// its rate on the money kept, rounded once: accruals and clawbacks
    /// never drift by a fen.
    #[test]
    fn commission_is_net_of_any_partial_refunds(
        qty in 1..6i32,
        rate1 in 0..3000i64,
        rate2 in 0..1000i64,
        refunds in prop::collection::vec(1..4000i64, 0..5),
    ) {
        let (_dir, mut store) = peach_shop();
        let (r1, r2) = (format!("{}%", Money::from_fen(rate1)), format!("{}%", Money::from_fen(rate2)));
        add_distributor(&mut store, "阿花", None, None, Some(&r2)).unwrap();
        add_distributor(&mut store, "小美", Some("阿花"), Some(&r1), None).unwrap();
        let no = referred_order(&mut store, "小美", qty);
        let total = 3650 * qty as i64;
        settle_money(&mut store, &[(&no, total)]);
        let mut refunded = 0;
        for r in refunds {
            let r = r.min(total - refunded);
            if r == 0 { break; }
            crate::reconcile::refund_owed(&mut store, &no, Money::from_fen(r), "").unwrap();
            refunded += r;
            let kept = (total - refunded) as i128;
            prop_assert_eq!(net_commission(&store, "小美"), crate::money::half_up_ratio(kept * rate1 as i128, 10_000));
            prop_assert_eq!(net_commission(&store, "阿花"), crate::money::half_up_ratio(kept * rate2 as i128, 10_000));
        }
    }
}

#[test]
fn trust_moves_with_reviews_and_shows_its_parts() {
    let (_dir, mut store) = peach_shop();
    add_distributor(&mut store, "小美", None, None, None).unwrap();
    let review = |store: &mut Store, no: &str, stars: i32| {
        let r = crate::reviews::NewReview {
            order_no: no.into(),
            stars,
            source: "by_hand".into(),
            ..Default::default()
        };
        let file = store.path().to_path_buf();
        store
            .write(|w| crate::reviews::add(w, &file, &r, &[]))
            .unwrap();
    };
    let score = |store: &Store| {
        let s = distribution::standings(store.conn()).unwrap();
        let m = s.into_iter().find(|s| s.name == "小美").unwrap();
        (m.trust, m.kept, m.badly_reviewed, m.well_reviewed)
    };
    let a = referred_order(&mut store, "小美", 1);
    settle_money(&mut store, &[(&a, 3650)]);
    let unreviewed = score(&store).0;
    review(&mut store, &a, 5);
    assert_eq!(
        score(&store),
        (unreviewed, 1, 0, 1),
        "a good review keeps the order kept"
    );
    let b = referred_order(&mut store, "小美", 1);
    settle_money(&mut store, &[(&b, 3650)]);
    let before_bad = score(&store).0;
    review(&mut store, &b, 1);
    let (after_bad, kept, bad, _) = score(&store);
    assert!(after_bad < before_bad, "{after_bad} < {before_bad}");
    assert_eq!(
        (kept, bad),
        (1, 0),
        "the 1★ opened a ticket: troubled, not only reviewed"
    );
    assert_check_clean(&store);
}

/// The score of single orders, each a day of its own.
fn score_of(outcomes: &[(i64, bool, Option<i32>)]) -> i32 {
    let days: Vec<trust::DayOutcome> = outcomes
        .iter()
        .map(|&(at, troubled, stars)| {
            let fine = !troubled;
            trust::DayOutcome {
                at,
                paid: 1,
                troubled: troubled as i64,
                bad: (fine && stars.is_some_and(|s| s <= 2)) as i64,
                so_so: (fine && stars == Some(3)) as i64,
                well: (fine && stars.is_some_and(|s| s >= 4)) as i64,
            }
        })
        .collect();
    trust::score(&days, 200 * 86_400).score
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Whatever came before, and whatever its review said, a refunded or
    /// complained-about order never raises a score; a five-star kept one
    /// never lowers it.
    #[test]
    fn a_refunded_order_never_raises_trust(
        history in proptest::collection::vec((0i64..200 * 86_400, proptest::bool::ANY, proptest::option::of(1i32..=5)), 0..30),
        at in 0i64..200 * 86_400,
        stars in proptest::option::of(1i32..=5),
    ) {
        let before = score_of(&history);
        let mut refunded = history.clone();
        refunded.push((at, true, stars));
        proptest::prop_assert!(score_of(&refunded) <= before);
        let mut praised = history.clone();
        praised.push((at, false, Some(5)));
        proptest::prop_assert!(score_of(&praised) >= before);
    }
}
