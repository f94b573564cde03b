//! Campaigns on real SQLite files: group buys across their deadline, money
//! arriving and going back through real statements, commissions following
//! it, leaders' settlements, pickup codes, coupons in order entry.

use proptest::prelude::*;

use super::distribution::{self, NewDistributor};
use super::groupbuy::{self, NewGroupBuy};
use super::{bundles, flash, leaders, members, promotions, records};
use crate::money::Money;
use crate::orders::{self, status, NewLine, NewOrder};
use crate::progress::Silent;
use crate::shop_time;
use crate::store::Store;
use crate::testing::peach_shop;

/// A WeChat personal bill paying (`+`) or refunding (`-`) orders now, each
/// row's note naming its order, as buyers and merchants write them.
fn bill(store: &Store, rows: &[(&str, i64)]) -> Vec<u8> {
    let now = store.clock().format(shop_time::now());
    let mut s = String::from("微信支付账单明细,,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n");
    s.push_str(
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n",
    );
    for (i, (order_no, fen)) in rows.iter().enumerate() {
        let (dir, note) = if *fen > 0 {
            ("收入", "付款")
        } else {
            ("支出", "退款")
        };
        s.push_str(&format!(
            "{now},转账,顾客{i},{note} {order_no},{dir},¥{},零钱,已收钱,T{}\t,/\t,/\n",
            Money::from_fen(fen.abs()),
            crate::ids::new_id().replace('-', "")
        ));
    }
    s.into_bytes()
}

fn settle_money(store: &mut Store, rows: &[(&str, i64)]) {
    let bytes = bill(store, rows);
    crate::reconcile::import_and_run(store, &bytes, "bill.csv", &Silent).unwrap();
}

fn order_money(store: &Store, no: &str) -> (String, i64, i64) {
    store
        .conn()
        .query_row(
            "SELECT status, paid_fen, refunded_fen FROM orders WHERE order_no = ?1",
            [no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn assert_check_clean(store: &Store) {
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

fn deal(store: &mut Store, size: i32, limit: i32) -> String {
    let deadline = store.clock().format(shop_time::now() + 3600);
    store
        .write(|w| {
            groupbuy::create(
                w,
                &NewGroupBuy {
                    name: "水蜜桃三人团".into(),
                    sku: "TAO-5".into(),
                    price: Money::from_fen(2990),
                    size,
                    deadline,
                    per_customer_limit: limit,
                },
            )
        })
        .unwrap()
}

fn join(store: &mut Store, id: &str, who: &str, qty: i32) -> crate::Result<groupbuy::Joined> {
    store.write(|w| groupbuy::join(w, id, who, qty, None))
}

#[test]
fn a_group_short_at_its_deadline_fails_and_owes_every_payer_back() {
    let (_dir, mut store) = peach_shop();
    let id = deal(&mut store, 4, 2);
    let a = join(&mut store, &id, "王阿姨", 2).unwrap();
    let b = join(&mut store, &id, "李姐", 1).unwrap();
    let c = join(&mut store, &id, "小张", 1).unwrap();
    assert_eq!((c.joined, c.size, c.status.as_str()), (3, 4, "open"));
    // Held at the group price, not shipped while the group is open.
    assert_eq!(
        order_money(&store, &a.order_no),
        ("awaiting_payment".into(), 0, 0)
    );
    let refused = store.write(|w| status::set(w, &a.order_no, "fulfilled", false));
    assert!(refused
        .unwrap_err()
        .to_string()
        .contains("held for the group buy"));
    // The per-customer limit counts what they joined with already.
    assert!(join(&mut store, &id, "王阿姨", 1).is_err());
    // Two members pay by WeChat, with their order numbers in the note.
    settle_money(&mut store, &[(&a.order_no, 5980), (&b.order_no, 2990)]);
    assert_eq!(order_money(&store, &a.order_no).0, "paid");

    // Nothing is due before the deadline; after it the group fails.
    assert!(store
        .write(|w| groupbuy::close_due(w, shop_time::now()))
        .unwrap()
        .is_empty());
    let closed = store
        .write(|w| groupbuy::close_due(w, shop_time::now() + 3601))
        .unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(
        (
            closed[0].status.as_str(),
            closed[0].orders,
            closed[0].refunds
        ),
        ("failed", 3, 2)
    );
    assert_eq!(
        order_money(&store, &a.order_no),
        ("refunded".into(), 5980, 5980)
    );
    assert_eq!(order_money(&store, &c.order_no).0, "cancelled");
    let owed: Vec<(i64, String)> = store
        .conn()
        .prepare("SELECT amount_fen, status FROM refunds ORDER BY amount_fen")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(owed, vec![(2990, "owed".into()), (5980, "owed".into())]);
    assert!(
        join(&mut store, &id, "老周", 1).is_err(),
        "a closed group takes no one"
    );

    // The refund to 李姐 shows in the next bill: that one is settled.
    settle_money(&mut store, &[(&b.order_no, -2990)]);
    let settled: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM refunds WHERE status = 'settled' AND amount_fen = 2990",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(settled, 1);
    assert_check_clean(&store);
    let months = groupbuy::success_by_month(store.conn(), store.clock()).unwrap();
    assert_eq!(
        (months[0].closed, months[0].filled, months[0].rate),
        (1, 0, 0)
    );
}

#[test]
fn the_last_spot_fills_the_group_and_releases_its_orders() {
    let (_dir, mut store) = peach_shop();
    let id = deal(&mut store, 3, 0);
    let share = groupbuy::share_text(store.conn(), store.clock(), &id, true).unwrap();
    assert!(
        share.contains("拼团价 ¥29.90（原价 ¥36.50）") && share.contains("还差3人"),
        "{share}"
    );
    // 王阿姨 collects at her usual pickup point: her order carries it and a code.
    store
        .write(|w| leaders::add(w, "陈姐", "", &["阳光花园便利店".into()], Some("8%")))
        .unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO customers(id, name, default_pickup_id, created_at, updated_at)
             SELECT 'c-wang', '王阿姨', id, 0, 0 FROM pickup_points",
        )
        .unwrap();
    let orders: Vec<String> = ["王阿姨", "李姐", "小张"]
        .iter()
        .map(|who| join(&mut store, &id, who, 1).unwrap().order_no)
        .collect();
    let status: String = store
        .conn()
        .query_row("SELECT status FROM group_buys WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "filled");
    let (leader, code): (Option<String>, Option<String>) = store
        .conn()
        .query_row(
            "SELECT leader_id, pickup_code FROM orders WHERE order_no = ?1",
            [&orders[0]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(leader.is_some() && code.is_some_and(|c| c.len() == 6));
    store
        .write(|w| status::set(w, &orders[0], "fulfilled", false))
        .unwrap();
    // A filled group is not due to close again.
    assert!(store
        .write(|w| groupbuy::close_due(w, shop_time::now() + 7200))
        .unwrap()
        .is_empty());
    let campaigns = records::list(store.conn(), store.clock()).unwrap();
    assert_eq!(
        (campaigns[0].orders, campaigns[0].gmv),
        (3, Money::from_fen(3 * 2990))
    );
    assert_check_clean(&store);
}

fn add_distributor(
    store: &mut Store,
    name: &str,
    recruiter: Option<&str>,
    rate1: Option<&str>,
    rate2: Option<&str>,
) -> crate::Result<String> {
    store.write(|w| {
        distribution::add(
            w,
            &NewDistributor {
                name,
                recruiter,
                rate1,
                rate2,
            },
        )
    })
}

fn referred_order(store: &mut Store, referrer: &str, qty: i32) -> String {
    let referrer_id: String = store
        .conn()
        .query_row(
            "SELECT id FROM distributors WHERE name = ?1",
            [referrer],
            |r| r.get(0),
        )
        .unwrap();
    let referred = NewOrder {
        referrer_id: Some(referrer_id),
        ..NewOrder::default()
    };
    peaches(store, qty, referred).unwrap()
}

/// An order of `qty` peaches over WeChat, for 王阿姨 unless `o` names the
/// customer, with whatever else `o` carries (coupons, points, referrer,
/// pickup point).
fn peaches(store: &mut Store, qty: i32, o: NewOrder) -> crate::Result<String> {
    let order = NewOrder {
        customer: match o.customer.as_str() {
            "" => "王阿姨".into(),
            name => name.into(),
        },
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku: "TAO-5".into(),
            qty,
            ..NewLine::default()
        }],
        ..o
    };
    store.write(|w| orders::create(w, &order))
}

fn net_commission(store: &Store, name: &str) -> i64 {
    distribution::commissions(store.conn(), Some(name))
        .unwrap()
        .iter()
        .map(|c| c.amount.fen())
        .sum()
}

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
            prop_assert_eq!(net_commission(&store, "小美"), super::rates::half_up_ratio(kept * rate1 as i128, 10_000));
            prop_assert_eq!(net_commission(&store, "阿花"), super::rates::half_up_ratio(kept * rate2 as i128, 10_000));
        }
    }
}

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
        store.write(|w| leaders::redeem(w, &a)).unwrap(),
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
    let quote = orders::quote(store.conn(), &[line], &["LJ5".into()], None, 0).unwrap();
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

#[test]
fn a_bad_traffic_file_names_its_cell_and_writes_nothing() {
    let (_dir, mut store) = peach_shop();
    let today = store.clock().today().to_string();
    let id = store
        .write(|w| {
            records::add(
                w,
                &records::NewCampaign {
                    name: "双十二直播".into(),
                    kind: "live".into(),
                    starts: today.clone(),
                    ends: today.clone(),
                    notes: String::new(),
                    code: Some("LIVE1212".into()),
                    referrer: None,
                },
            )
        })
        .unwrap();
    let bad = "日期,浏览量,点击量\n2026-12-01,1000,80\n2026-12-02,1200,abc\n";
    let err = store
        .write(|w| records::import_traffic(w, &id, bad.as_bytes(), "traffic.csv"))
        .unwrap_err();
    assert!(err.to_string().contains("line 3, column 3"), "{err}");
    let days: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM campaign_traffic", [], |r| r.get(0))
        .unwrap();
    assert_eq!(days, 0);
    let good = "日期,浏览量,点击量\n2026-12-01,1000,80\n2026-12-02,1200,120\n";
    let got = store
        .write(|w| records::import_traffic(w, &id, good.as_bytes(), "traffic.csv"))
        .unwrap();
    assert_eq!((got.days, got.views, got.clicks), (2, 2200, 200));
    store
        .write(|w| records::add_spend(w, &id, "kol", Money::from_fen(5000), "主播坑位费"))
        .unwrap();
    let row = records::list(store.conn(), store.clock())
        .unwrap()
        .remove(0);
    assert_eq!(
        (row.ctr.as_deref(), row.conversion.as_deref(), row.roi),
        (Some("9.09%"), Some("0.00%"), Some("0.00".into()))
    );
}

#[test]
fn rates_read_naturally() {
    assert_eq!(super::rate_text(800), "8%");
    assert_eq!(super::rate_text(250), "2.5%");
    assert_eq!(super::rate_text(1234), "12.34%");
}

/// A second product beside the peach: 红富士苹果 `PG-1` at ¥29.90.
fn add_apple(store: &Store) {
    store
        .conn()
        .execute_batch(
            "INSERT INTO products(id,name,created_at,updated_at) VALUES ('p2','红富士苹果',0,0);
             INSERT INTO variants(id,product_id,sku,price_fen,created_at,updated_at) VALUES ('v2','p2','PG-1',2990,0,0);",
        )
        .unwrap();
    let loc = crate::stock::main_location(store.conn()).unwrap();
    let m = crate::stock::Movement {
        variant_id: "v2",
        location_id: &loc,
        qty: 500,
        reason: crate::stock::Reason::Initial,
        ref_type: None,
        ref_id: None,
        note: "",
        at: 0,
    };
    crate::stock::record(store.conn(), &m, "m-apple").unwrap();
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
        .write(|w| status::set(w, &next, "cancelled", false))
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

fn order_money_total(store: &Store, no: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT total_fen FROM orders WHERE order_no = ?1",
            [no],
            |r| r.get(0),
        )
        .unwrap()
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
            orders::create(
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
    assert!(orders::quote(store.conn(), &odd, &[], None, 0)
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
        let q = orders::quote(store.conn(), &lines, &coupons, Some(&customer), points).unwrap();
        let steps = q.bundle_discount.fen() + q.coupon_discount.fen() + q.member_discount.fen() + q.points_discount.fen();
        prop_assert_eq!(q.goods.fen() - steps, q.subtotal.fen());
        prop_assert!(q.subtotal.fen() >= 0);
        let no = store.write(|w| orders::create(w, &NewOrder {
            customer_id: Some(customer.clone()), channel: "wechat".into(), lines: lines.clone(), coupons: coupons.clone(),
            redeem_points: points, ..NewOrder::default() })).unwrap();
        prop_assert_eq!(order_money_total(&store, &no), q.subtotal.fen());
        let negative: i64 = store.conn().query_row("SELECT count(*) FROM order_lines WHERE line_total_fen < 0", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(negative, 0);
        let report = crate::check::run(store.conn()).unwrap();
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
}

#[test]
fn orders_find_their_campaign_by_live_code_or_referrer_link() {
    let (_dir, mut store) = peach_shop();
    add_distributor(&mut store, "阿花", None, None, None).unwrap();
    let today = store.clock().today().to_string();
    let campaign = |store: &mut Store, name: &str, code: Option<&str>, referrer: Option<&str>| {
        let c = records::NewCampaign {
            name: name.into(),
            kind: "live".into(),
            starts: today.clone(),
            ends: today.clone(),
            notes: String::new(),
            code: code.map(Into::into),
            referrer: referrer.map(Into::into),
        };
        store.write(|w| records::add(w, &c)).unwrap()
    };
    let live = campaign(&mut store, "周五直播", Some("LIVE1212"), None);
    let link = campaign(&mut store, "阿花的分享链接", None, Some("阿花"));
    assert_eq!(records::find(store.conn(), "LIVE1212").unwrap(), live);
    let by_code = NewOrder {
        campaign_id: Some(live.clone()),
        ..NewOrder::default()
    };
    let a = peaches(&mut store, 1, by_code).unwrap();
    let b = referred_order(&mut store, "阿花", 2);
    let of = |no: &str| -> Option<String> {
        store
            .conn()
            .query_row(
                "SELECT campaign_id FROM orders WHERE order_no = ?1",
                [no],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((of(&a), of(&b)), (Some(live), Some(link)));
}
