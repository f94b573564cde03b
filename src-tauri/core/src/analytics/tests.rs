//! Report figures against the facts on hand-made shops: orders imported on
//! days of their own, money arriving through a real WeChat bill (one order
//! paid in two parts), a cancelled order, a refund recorded a month after
//! its order.

use super::sales::{self, By};
use super::{buyers, campaign, figures, people, products, Period};
use crate::money::Money;
use crate::orders::status::{self, Refund};
use crate::progress::Silent;
use crate::store::Store;
use crate::testing::peach_shop;

const ORDERS: &str = "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark
A001,2026-11-01 10:00:00,wechat,王阿姨,13800000001,TAO-5,2,36.50,
A002,2026-11-01 21:30:00,offline,李叔,13800000002,TAO-5,1,36.50,
A003,2026-11-02 09:00:00,wechat,王阿姨,13800000001,TAO-5,1,36.50,
A004,2026-11-15 12:00:00,solitaire,张三,13800000003,TAO-5,4,36.50,
A005,2026-12-01 08:00:00,wechat,李叔,13800000002,TAO-5,1,36.50,
";

/// A WeChat personal bill: each row (time, order number, fen) a transfer
/// whose note names its order.
pub(super) fn bill(rows: &[(&str, &str, i64)]) -> Vec<u8> {
    let mut s = String::from("微信支付账单明细,,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n");
    s.push_str(
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n",
    );
    for (i, (at, order_no, fen)) in rows.iter().enumerate() {
        s.push_str(&format!(
            "{at},转账,顾客{i},付款 {order_no},收入,¥{},零钱,已收钱,T2026{i:06}\t,/\t,/\n",
            Money::from_fen(*fen)
        ));
    }
    s.into_bytes()
}

/// The hand-made shop: five orders over November and December, A003
/// cancelled, A004 paid in two parts, ¥20 of A001 refunded on 2 December.
fn hand_made() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = peach_shop();
    crate::io::orders::import(&mut store, ORDERS.as_bytes(), "orders.csv", &Silent).unwrap();
    store
        .write(|w| crate::checkout::status::set(w, "A003", "cancelled", false).map(drop))
        .unwrap();
    let money = bill(&[
        ("2026-11-01 10:05:00", "A001", 7300),
        ("2026-11-02 08:00:00", "A002", 3650),
        ("2026-11-16 09:00:00", "A004", 10000),
        ("2026-11-16 09:01:00", "A004", 4600),
    ]);
    crate::reconcile::import_and_run(&mut store, &money, "bill.csv", &Silent).unwrap();
    let a001 = crate::orders::id_of(store.conn(), "A001").unwrap();
    let at = store.clock().parse_local("2026-12-02 15:00:00").unwrap();
    store
        .write(|w| {
            let refund = Refund {
                amount_fen: 2000,
                reason: "坏果",
                status: "owed",
                payment_id: None,
                at,
            };
            status::record_refund(w.tx, &a001, &refund).map(drop)
        })
        .unwrap();
    (dir, store)
}

fn assert_check_clean(store: &Store) {
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn monthly_sales_equal_the_facts() {
    let (_dir, store) = hand_made();
    assert_check_clean(&store);
    let p = Period::parse("2026-11-01", "2026-12-31").unwrap();
    let months = sales::series(store.conn(), p, By::Month).unwrap();
    let got: Vec<_> = months
        .iter()
        .map(|m| {
            (
                m.period.as_str(),
                m.orders,
                m.gmv.to_string(),
                m.paid.to_string(),
                m.refunds.to_string(),
                m.aov.to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // A003 was cancelled; A004's two payments count as one order paid.
            (
                "2026-11",
                3,
                "255.50".into(),
                "255.50".into(),
                "0.00".into(),
                "85.17".into()
            ),
            // The refund of November's A001 belongs to December, when it was made.
            (
                "2026-12",
                1,
                "36.50".into(),
                "0.00".into(),
                "20.00".into(),
                "36.50".into()
            ),
        ]
    );
    // Days and weeks add up to the same months.
    for by in [By::Day, By::Week] {
        let s = sales::series(store.conn(), p, by).unwrap();
        let gmv: Money = s.iter().map(|x| x.gmv).sum();
        let refunds: Money = s.iter().map(|x| x.refunds).sum();
        assert_eq!(
            (gmv.to_string(), refunds.to_string()),
            ("292.00".into(), "20.00".into())
        );
    }
    let days = sales::series(store.conn(), p, By::Day).unwrap();
    assert_eq!(days.len(), 61, "every day, empty ones too");
    assert_eq!((days[0].orders, days[0].gmv.fen()), (2, 10950));
}

#[test]
fn tiles_compare_with_the_period_before() {
    let (_dir, store) = hand_made();
    let nov = Period::parse("2026-11-16", "2026-11-30").unwrap();
    let f = figures(store.conn(), nov).unwrap();
    assert_eq!((f.orders, f.gmv.fen(), f.unpaid_orders), (0, 0, 0));
    let t = super::tile(
        store.conn(),
        "range",
        Period::parse("2026-11-02", "2026-11-15").unwrap(),
    )
    .unwrap();
    // 2–15 Nov: A004 (A003 cancelled); the period before is 19 Oct – 1 Nov.
    assert_eq!(
        (t.now.orders, t.now.gmv.fen(), t.now.paid.fen()),
        (1, 14600, 14600)
    );
    assert_eq!(
        (t.prev.orders, t.prev.gmv.fen(), t.prev.aov.fen()),
        (2, 10950, 5475)
    );
    let dec = figures(
        store.conn(),
        Period::parse("2026-12-01", "2026-12-02").unwrap(),
    )
    .unwrap();
    assert_eq!(
        (
            dec.orders,
            dec.unpaid_orders,
            dec.unpaid.fen(),
            dec.refunds.fen()
        ),
        (1, 1, 3650, 2000)
    );
}

#[test]
fn channels_products_and_buyers_follow_the_orders() {
    let (_dir, store) = hand_made();
    let nov = Period::parse("2026-11-01", "2026-11-30").unwrap();
    let ch = sales::channels(store.conn(), nov).unwrap();
    let got: Vec<_> = ch
        .iter()
        .map(|c| (c.channel.as_str(), c.orders, c.gmv.fen()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("solitaire", 1, 14600),
            ("wechat", 1, 7300),
            ("offline", 1, 3650)
        ]
    );
    let mix = products::mix(store.conn(), nov, 10).unwrap();
    assert_eq!(
        (
            mix.top[0].sku.as_str(),
            mix.top[0].qty,
            mix.top[0].revenue.fen()
        ),
        ("TAO-5", 7, 25550)
    );
    assert_eq!(mix.roles[0].revenue, mix.top[0].revenue);
    let b = buyers::buyers(
        store.conn(),
        Period::parse("2026-11-01", "2026-12-31").unwrap(),
    )
    .unwrap();
    assert_eq!(b.months.len(), 12, "a year of months, January to December");
    let months: Vec<_> = b.months[9..]
        .iter()
        .map(|m| (m.month.as_str(), m.buyers, m.new_buyers, m.returning))
        .collect();
    // 李叔 came back in December; 王阿姨's cancelled order made no visit.
    assert_eq!(
        months,
        vec![
            ("2026-10", 0, 0, 0),
            ("2026-11", 3, 3, 0),
            ("2026-12", 1, 0, 1)
        ]
    );
    let nov_cohort = b.cohorts.iter().find(|c| c.cohort == "2026-11").unwrap();
    assert_eq!(
        (nov_cohort.size, nov_cohort.active.clone()),
        (3, vec![3, 1])
    );
    assert_eq!(nov_cohort.retention_pct, vec![100, 33]);
}

#[test]
fn stock_turnover_replays_the_ledger() {
    let (_dir, store) = hand_made();
    let nov = Period::parse("2026-11-01", "2026-11-30").unwrap();
    let t = products::turnover(store.conn(), store.clock(), nov, 5).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(
        (t[0].sku.as_str(), t[0].sold, t[0].stockout_days),
        ("TAO-5", 7, 0)
    );
    // Imported orders hold or take stock when imported (today), so the
    // shelf stood at 1,000 less today's open holds all of November.
    assert!(t[0].avg_on_hand > 900, "{:?}", t[0]);
}

#[test]
fn campaign_pnl_adds_up_to_the_fen() {
    use crate::campaigns::{distribution, promotions, records};
    let (_dir, mut store) = peach_shop();
    // The peaches cost ¥20 when these orders are taken.
    store
        .conn()
        .execute("UPDATE variants SET cost_fen = 2000", [])
        .unwrap();
    let today = store.clock().today();
    let days = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let id = store
        .write(|w| {
            let c = records::NewCampaign {
                name: "双12直播".into(),
                kind: "live".into(),
                starts: days(-1),
                ends: days(10),
                code: Some("LIVE12".into()),
                ..Default::default()
            };
            let id = records::add(w, &c)?;
            records::add_spend(w, &id, "ads", Money::from_fen(2000), "朋友圈广告")?;
            let coupon = promotions::NewCoupon {
                code: "MJ50-5".into(),
                kind: "threshold".into(),
                value: Money::from_fen(500),
                threshold: Money::from_fen(5000),
                valid_from: days(-1),
                valid_to: days(10),
                campaign_id: Some(id.clone()),
                ..Default::default()
            };
            promotions::add_coupon(w, &coupon)?;
            let d = distribution::NewDistributor {
                name: "小美",
                recruiter: None,
                rate1: None,
                rate2: None,
            };
            distribution::add(w, &d)?;
            Ok(id)
        })
        .unwrap();
    let referrer: String = store
        .conn()
        .query_row(
            "SELECT id FROM distributors WHERE name = '小美'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let order = |store: &mut Store, customer: &str, qty: i32, o: crate::orders::NewOrder| {
        let peaches = crate::testing::peach_order(customer, qty);
        let o = crate::orders::NewOrder {
            customer: peaches.customer,
            channel: peaches.channel,
            lines: peaches.lines,
            ..o
        };
        store.write(|w| crate::checkout::create(w, &o)).unwrap()
    };
    // ¥73.00 − 满50减5 through 小美's link; ¥36.50 unpaid; one cancelled.
    let paid_no = order(
        &mut store,
        "王阿姨",
        2,
        crate::orders::NewOrder {
            coupons: vec!["MJ50-5".into()],
            referrer_id: Some(referrer),
            ..Default::default()
        },
    );
    let with_campaign = crate::orders::NewOrder {
        campaign_id: Some(id.clone()),
        ..Default::default()
    };
    order(&mut store, "李叔", 1, with_campaign.clone());
    let cancelled = order(&mut store, "张三", 1, with_campaign);
    store
        .write(|w| crate::checkout::status::set(w, &cancelled, "cancelled", false).map(drop))
        .unwrap();
    // Paid through a WeChat merchant bill, whose fee is 0.6%.
    let now = store.clock().format(crate::shop_time::now());
    let bill = crate::statements::tests::wechat_merchant_bill(
        "ALL",
        &[(
            now.as_str(),
            "4200000001",
            paid_no.as_str(),
            "SUCCESS",
            "68.00",
        )],
    );
    crate::reconcile::import_and_run(&mut store, bill.as_bytes(), "trade.csv", &Silent).unwrap();
    // ¥10 of it refunded: the commission is clawed back to 10% of ¥58.
    crate::reconcile::refund_owed(&mut store, &paid_no, Money::from_fen(1000), "坏果").unwrap();
    assert_check_clean(&store);

    let r = campaign::report(store.conn(), store.clock(), "LIVE12").unwrap();
    let fee: i64 = store
        .conn()
        .query_row("SELECT abs(fee_fen) FROM payments", [], |r| r.get(0))
        .unwrap();
    assert!(fee > 0, "the merchant bill carries its fee");
    let fen = |m: Money| m.fen();
    assert_eq!(
        (
            r.orders,
            fen(r.gross),
            fen(r.coupons),
            fen(r.discounts),
            fen(r.gmv)
        ),
        (2, 10950, 500, 0, 10450)
    );
    assert_eq!(
        (
            fen(r.paid),
            fen(r.unpaid),
            fen(r.commissions),
            fen(r.fees),
            fen(r.refunds),
            fen(r.spend)
        ),
        (6800, 3650, 580, fee, 1000, 2000)
    );
    // Goods: the paid order's two peaches at ¥20 (the unpaid one has not
    // used goods, the cancelled one never will).
    assert_eq!(
        (fen(r.cost), fen(r.gross_profit), r.lines_without_cost),
        (4000, 2800, 0)
    );
    assert_eq!(r.gross_margin.as_deref(), Some("41.2%"));
    assert_eq!(fen(r.net), 2800 - 580 - fee - 1000 - 2000);
    // A cost price changed later does not rewrite what was sold.
    store
        .conn()
        .execute("UPDATE variants SET cost_fen = 0", [])
        .unwrap();
    let again = campaign::report(store.conn(), store.clock(), "LIVE12").unwrap();
    assert_eq!(fen(again.cost), 4000);
    assert_eq!(r.roi.as_deref(), Some("5.23"), "GMV ÷ spend, half-up");
    // The waterfall walks from gross to net: each total is the one before
    // less the deductions between them.
    let mut running = 0;
    for s in &r.steps {
        if s.total {
            if s.key != "gross" {
                assert_eq!(running, s.amount.fen(), "{}", s.key);
            }
            running = s.amount.fen();
        } else {
            running -= s.amount.fen();
        }
    }
    assert_eq!(r.steps.last().map(|s| s.key.as_str()), Some("net"));
    // 小美 brought the paid order: she leads the distributors of the day,
    // with the refund it had and the trust its outcome earned.
    let ranked = people::distributors(store.conn(), Period::last(today, 1), 10).unwrap();
    assert_eq!(ranked.len(), 1);
    let m = &ranked[0];
    assert_eq!(
        (
            m.name.as_str(),
            m.orders,
            m.gmv.fen(),
            m.refunds.fen(),
            m.level
        ),
        ("小美", 1, 6800, 1000, Some(1))
    );
    assert!(m.trust.unwrap() < 50, "a refunded order is a troubled one");
}

#[test]
fn rankings_need_their_people() {
    let (_dir, store) = hand_made();
    let nov = Period::parse("2026-11-01", "2026-11-30").unwrap();
    assert!(people::leaders(store.conn(), nov, 10).unwrap().is_empty());
    assert!(people::distributors(store.conn(), nov, 10)
        .unwrap()
        .is_empty());
    let f = campaign::funnel(store.conn(), store.clock(), nov).unwrap();
    assert_eq!((f.deals, f.joined, f.success_pct), (0, 0, None));
}

#[test]
fn today_compares_with_yesterday_up_to_the_same_time() {
    let (_dir, store) = hand_made();
    let clock = *store.clock();
    // 2 Dec 08:30: A005 (1 Dec 08:00) is yesterday before this time of day;
    // nothing else was placed on 1 Dec, and nothing yet on 2 Dec.
    let now = clock.parse_local("2026-12-02 08:30:00").unwrap();
    let d = super::dashboard(store.conn(), &clock, now).unwrap();
    let today = &d.tiles[0];
    assert_eq!(today.key, "today");
    assert_eq!(today.prev_until.as_deref(), Some("08:30"));
    assert_eq!((today.now.orders, today.prev.orders), (0, 1));
    assert_eq!(today.prev.gmv.fen(), 3650);
    // Just after midnight yesterday had nothing yet: no ▼100 %.
    let now = clock.parse_local("2026-12-02 00:05:00").unwrap();
    let d = super::dashboard(store.conn(), &clock, now).unwrap();
    assert_eq!((d.tiles[0].prev.orders, d.tiles[0].prev.gmv.fen()), (0, 0));
    // The refund of 2 Dec 15:00 counts once that time has come.
    let now = clock.parse_local("2026-12-03 16:00:00").unwrap();
    let d = super::dashboard(store.conn(), &clock, now).unwrap();
    assert_eq!(d.tiles[0].prev.refunds.fen(), 2000);
    let now = clock.parse_local("2026-12-03 14:00:00").unwrap();
    let d = super::dashboard(store.conn(), &clock, now).unwrap();
    assert_eq!(d.tiles[0].prev.refunds.fen(), 0);
    // Yesterday's own tile is still the whole day.
    assert_eq!(d.tiles[1].prev_until, None);
    assert_eq!(d.tiles[1].now.refunds.fen(), 2000);
}

#[test]
fn the_to_do_block_counts_what_waits() {
    let (_dir, store) = hand_made();
    let clock = *store.clock();
    let d = super::dashboard(store.conn(), &clock, crate::shop_time::now()).unwrap();
    // A005 awaits payment; A001, A002 and A004 were paid and wait to go.
    assert_eq!((d.todo.awaiting_payment, d.todo.to_fulfil), (1, 3));
    assert_eq!(d.todo.after_sales, 0);
    assert_eq!(d.todo.low_stock, 0, "1,000 peaches on the shelf");
}
