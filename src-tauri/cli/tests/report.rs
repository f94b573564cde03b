//! `report sales`, `report campaign` and `bench dashboard` as CLI.md writes
//! them, on real database files: orders from a real order CSV, money in and
//! out through a real WeChat bill, figures checked against the facts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::path::{Path, PathBuf};

use common::{demo_shop, run_json, storefront, write};

const BILL_HEAD: &str = "微信支付账单明细,,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n";

/// November and December: A003 cancelled, A004 paid in two parts, ¥20 of
/// A001 paid back on 2 December (a refund in another period than its order).
fn hand_made(dir: &Path) -> PathBuf {
    let db = dir.join("shop.db");
    let products = write(dir, "p.csv", "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\npeach,阳山水蜜桃,TAO-5,36.50,100\n");
    run_json(&db, &["products", "import", &products]);
    let orders = write(
        dir,
        "o.csv",
        "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark
A001,2026-11-01 10:00:00,wechat,王阿姨,13800000001,TAO-5,2,36.50,
A002,2026-11-01 21:30:00,offline,李叔,13800000002,TAO-5,1,36.50,
A003,2026-11-02 09:00:00,wechat,王阿姨,13800000001,TAO-5,1,36.50,
A004,2026-11-15 12:00:00,solitaire,张三,13800000003,TAO-5,4,36.50,
A005,2026-12-01 08:00:00,wechat,李叔,13800000002,TAO-5,1,36.50,
",
    );
    run_json(&db, &["orders", "import", &orders]);
    run_json(&db, &["orders", "status", "A003", "cancelled"]);
    let bill = write(
        dir,
        "bill.csv",
        &format!(
            "{BILL_HEAD}2026-11-01 10:05:00,转账,王阿姨,付款 A001,收入,¥73.00,零钱,已收钱,T1\t,/\t,/
2026-11-02 08:00:00,转账,李叔,付款 A002,收入,¥36.50,零钱,已收钱,T2\t,/\t,/
2026-11-16 09:00:00,转账,张三,付款 A004,收入,¥100.00,零钱,已收钱,T3\t,/\t,/
2026-11-16 09:01:00,转账,张三,A004 余款,收入,¥46.00,零钱,已收钱,T4\t,/\t,/
2026-12-02 15:00:00,转账,王阿姨,退款 A001,支出,¥20.00,零钱,对方已收钱,T5\t,/\t,/
"
        ),
    );
    run_json(&db, &["statements", "import", &bill]);
    run_json(&db, &["reconcile"]);
    db
}

#[test]
fn sales_by_month_equal_the_facts() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_made(dir.path());
    assert_eq!(run_json(&db, &["check"])["ok"], true);
    let r = run_json(
        &db,
        &[
            "report",
            "sales",
            "--from",
            "2026-11-01",
            "--to",
            "2026-12-31",
            "--by",
            "month",
        ],
    );
    let periods: Vec<_> = r["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["orders"].as_i64().unwrap(),
                p["gmv"].as_str().unwrap().to_string(),
                p["paid"].as_str().unwrap().to_string(),
                p["refunds"].as_str().unwrap().to_string(),
                p["aov"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |p: &str, o, g: &str, pd: &str, rf: &str, a: &str| {
        (
            p.to_string(),
            o,
            g.to_string(),
            pd.to_string(),
            rf.to_string(),
            a.to_string(),
        )
    };
    assert_eq!(
        periods,
        vec![
            row("2026-11", 3, "255.50", "255.50", "0.00", "85.17"),
            row("2026-12", 1, "36.50", "0.00", "20.00", "36.50"),
        ]
    );
    // Weeks are ISO weeks, days every day of the period.
    let weeks = run_json(
        &db,
        &[
            "report",
            "sales",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--by",
            "week",
        ],
    );
    assert_eq!(weeks["periods"][0]["period"], "2026-W44");
    assert_eq!(weeks["periods"][0]["gmv"], "109.50");
    let days = run_json(
        &db,
        &[
            "report",
            "sales",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    );
    assert_eq!(days["periods"].as_array().unwrap().len(), 30);
    // Readable text in Chinese.
    let text = storefront(
        &db,
        &[
            "report",
            "sales",
            "--from",
            "2026-11-01",
            "--to",
            "2026-12-31",
            "--by",
            "month",
            "--lang",
            "zh",
        ],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("成交额") && text.contains("255.50"), "{text}");
}

#[test]
fn bad_periods_exit_2_and_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_made(dir.path());
    for args in [
        [
            "report",
            "sales",
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
            "--by",
            "day",
        ],
        [
            "report",
            "sales",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-31",
            "--by",
            "day",
        ],
        [
            "report",
            "sales",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--by",
            "year",
        ],
    ] {
        let out = storefront(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).trim().is_empty());
    }
    let out = storefront(&db, &["report", "campaign", "没有这个活动"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn campaign_pnl_walks_from_goods_to_net() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_made(dir.path());
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let (from, to) = (
        (today - chrono::Duration::days(1)).to_string(),
        (today + chrono::Duration::days(9)).to_string(),
    );
    run_json(
        &db,
        &[
            "campaigns",
            "add",
            "--name",
            "双12直播",
            "--kind",
            "live",
            "--from",
            &from,
            "--to",
            &to,
            "--code",
            "LIVE12",
        ],
    );
    run_json(
        &db,
        &[
            "campaigns",
            "spend",
            "双12直播",
            "--kind",
            "kol",
            "--amount",
            "20",
        ],
    );
    run_json(
        &db,
        &[
            "coupons",
            "add",
            "MJ50-5",
            "--kind",
            "threshold",
            "--threshold",
            "50",
            "--value",
            "5",
            "--from",
            &from,
            "--to",
            &to,
            "--campaign",
            "双12直播",
        ],
    );
    let paid = run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "王阿姨",
            "--line",
            "TAO-5:2",
            "--coupon",
            "MJ50-5",
        ],
    )["order_no"]
        .as_str()
        .unwrap()
        .to_string();
    run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "李叔",
            "--line",
            "TAO-5:1",
            "--campaign",
            "LIVE12",
        ],
    );
    let now = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M:%S");
    let bill = write(
        dir.path(),
        "c.csv",
        &format!("{BILL_HEAD}{now},转账,王阿姨,付款 {paid},收入,¥68.00,零钱,已收钱,C1\t,/\t,/\n"),
    );
    run_json(&db, &["statements", "import", &bill]);
    run_json(&db, &["reconcile"]);
    let r = run_json(&db, &["report", "campaign", "LIVE12"]);
    let money = |k: &str| r[k].as_str().unwrap().to_string();
    assert_eq!(
        [
            "gross",
            "coupons",
            "gmv",
            "paid",
            "unpaid",
            "cost",
            "gross_profit",
            "spend",
            "net"
        ]
        .map(money),
        ["109.50", "5.00", "104.50", "68.00", "36.50", "0.00", "68.00", "20.00", "48.00"]
            .map(String::from)
    );
    // The peaches were imported without a cost price: said, not hidden.
    assert_eq!(r["lines_without_cost"], 1);
    assert_eq!(r["roi"], "5.23", "104.50 ÷ 20, half-up");
    let keys: Vec<&str> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "gross",
            "coupons",
            "discounts",
            "gmv",
            "unpaid",
            "paid",
            "cost",
            "gross_profit",
            "commissions",
            "fees",
            "refunds",
            "spend",
            "net"
        ]
    );
    let text = storefront(&db, &["report", "campaign", "双12直播", "--lang", "zh"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("净利") && text.contains("毛利"), "{text}");
    assert!(text.contains("1 个商品行没有成本价"), "{text}");
}

#[test]
fn bench_dashboard_times_every_query() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let b = run_json(
        &db,
        &[
            "bench",
            "dashboard",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ],
    );
    assert_eq!(b["orders"], 800);
    for key in [
        "tiles",
        "trend_by_day",
        "trend_year_by_day",
        "channels",
        "top_products",
        "stock_turnover",
        "buyers_cohorts",
        "leaders",
        "distributors",
        "groupbuy_funnel",
        "after_sales",
    ] {
        assert!(b["median_ms"][key].as_f64().is_some(), "{key} timed");
    }
    assert!(b["screen_ms"].as_f64().unwrap() > 0.0);
    // The demo's month by month adds up to its orders that count.
    let months = run_json(
        &db,
        &[
            "report",
            "sales",
            "--from",
            "2025-11-01",
            "--to",
            "2026-10-31",
            "--by",
            "month",
        ],
    );
    let orders: i64 = months["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["orders"].as_i64().unwrap())
        .sum();
    let cancelled = run_json(
        &db,
        &["orders", "list", "--status", "cancelled", "--limit", "1"],
    )["total"]
        .as_i64()
        .unwrap();
    assert_eq!(orders, 800 - cancelled);
}
