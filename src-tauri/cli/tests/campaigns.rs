//! `groupbuy`, `distributors`, `commissions`, `leaders`, `pickup`,
//! `coupons` and `campaigns` as CLI.md writes them, on real database files
//! with money arriving through real WeChat statements.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::path::Path;

use common::{run_json, storefront};

/// A shop with 水蜜桃 `TAO-5` at ¥39.90, 30 on the shelf.
fn peach_shop(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("shop.db");
    let file = dir.join("p.csv");
    std::fs::write(
        &file,
        "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\npeach,阳山水蜜桃,TAO-5,39.90,30\n",
    )
    .unwrap();
    run_json(&db, &["products", "import", file.to_str().unwrap()]);
    db
}

/// A WeChat personal bill, now, paying each order what it says with the
/// order number in the transfer's note (negative: the shop paid it back).
fn pay(dir: &Path, db: &Path, rows: &[(&str, &str)]) {
    let now = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M:%S");
    let mut s = String::from("微信支付账单明细,,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n");
    s.push_str(
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n",
    );
    for (i, (order_no, amount)) in rows.iter().enumerate() {
        let (dir_text, amount) = match amount.strip_prefix('-') {
            Some(a) => ("支出", a),
            None => ("收入", *amount),
        };
        s.push_str(&format!(
            "{now},转账,顾客{i},{order_no},{dir_text},¥{amount},零钱,已收钱,{}{i}\t,/\t,/\n",
            order_no.replace('-', "")
        ));
    }
    let file = dir.join(format!("bill-{}.csv", rows[0].0));
    std::fs::write(&file, s).unwrap();
    run_json(db, &["statements", "import", file.to_str().unwrap()]);
    run_json(db, &["reconcile"]);
}

#[test]
fn a_group_buy_that_fails_owes_its_paying_members() {
    let dir = tempfile::tempdir().unwrap();
    let db = peach_shop(dir.path());
    let made = run_json(
        &db,
        &[
            "groupbuy",
            "create",
            "--name",
            "桃子四人团",
            "--sku",
            "TAO-5",
            "--price",
            "29.90",
            "--size",
            "4",
            "--deadline",
            "2099-12-31 20:00",
        ],
    );
    let id = made["id"].as_str().unwrap().to_string();
    let orders: Vec<String> = ["王阿姨", "李姐", "小张"]
        .iter()
        .map(|who| {
            run_json(&db, &["groupbuy", "join", &id, "--customer", who])["order_no"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    pay(
        dir.path(),
        &db,
        &[(&orders[0], "29.90"), (&orders[1], "29.90")],
    );
    let share = storefront(&db, &["groupbuy", "share", &id, "--lang", "zh"]);
    assert!(String::from_utf8_lossy(&share.stdout).contains("还差1人"));

    let none = run_json(&db, &["groupbuy", "close-due"]);
    assert_eq!(none["closed"].as_array().unwrap().len(), 0, "not due yet");
    let closed = run_json(&db, &["groupbuy", "close-due", "--now", "2100-01-01 00:00"]);
    let c = &closed["closed"][0];
    assert_eq!(
        (c["id"].as_str(), c["status"].as_str()),
        (Some(id.as_str()), Some("failed"))
    );
    assert_eq!(
        (c["orders"].as_i64(), c["refunds"].as_i64()),
        (Some(3), Some(2))
    );
    let list = run_json(&db, &["orders", "list"]);
    let status = |no: &str| {
        list["orders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["order_no"] == no)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(
        (status(&orders[0]), status(&orders[2])),
        ("refunded".into(), "cancelled".into())
    );
    // A closed deal takes no one: exit 2 with the reason.
    let late = storefront(&db, &["groupbuy", "join", &id, "--customer", "老周"]);
    assert_eq!(late.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&late.stderr).contains("closed"));
    assert!(storefront(&db, &["check"]).status.success());
}

#[test]
fn distributors_stop_at_two_levels_and_earn_on_money_paid() {
    let dir = tempfile::tempdir().unwrap();
    let db = peach_shop(dir.path());
    run_json(
        &db,
        &[
            "distributors",
            "add",
            "阿花",
            "--rate1",
            "10%",
            "--rate2",
            "3%",
        ],
    );
    run_json(
        &db,
        &[
            "distributors",
            "add",
            "小美",
            "--recruiter",
            "阿花",
            "--rate1",
            "8%",
        ],
    );
    let third = storefront(&db, &["distributors", "add", "小红", "--recruiter", "小美"]);
    assert_eq!(third.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&third.stderr).contains("two levels only"));

    let order = run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "王阿姨",
            "--line",
            "TAO-5:2",
            "--referrer",
            "小美",
        ],
    );
    let no = order["order_no"].as_str().unwrap();
    assert_eq!(
        run_json(&db, &["commissions"]).as_array().unwrap().len(),
        0,
        "nothing before money arrives"
    );
    pay(dir.path(), &db, &[(no, "79.80")]);
    let lines = run_json(&db, &["commissions"]);
    let got: Vec<(String, i64, String, String)> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["distributor"].as_str().unwrap().into(),
                c["level"].as_i64().unwrap(),
                c["order_no"].as_str().unwrap().into(),
                c["amount"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("小美".into(), 1, no.into(), "6.38".into()),
            ("阿花".into(), 2, no.into(), "2.39".into())
        ]
    );
    let ranked = run_json(&db, &["distributors", "list"]);
    let hua = ranked["distributors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "阿花")
        .unwrap()
        .clone();
    assert_eq!(
        (hua["recruits"].as_i64(), hua["trust"].as_i64()),
        (Some(1), Some(50))
    );
}

#[test]
fn leaders_settle_and_buyers_collect_with_their_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = peach_shop(dir.path());
    run_json(
        &db,
        &[
            "leaders",
            "add",
            "陈姐",
            "--pickup",
            "阳光花园便利店",
            "--rate",
            "8%",
        ],
    );
    let a = run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "王阿姨",
            "--line",
            "TAO-5:1",
            "--pickup",
            "阳光花园便利店",
        ],
    );
    let b = run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "李姐",
            "--line",
            "TAO-5:2",
            "--pickup",
            "阳光花园便利店",
        ],
    );
    let (a, b) = (
        a["order_no"].as_str().unwrap(),
        b["order_no"].as_str().unwrap(),
    );
    pay(dir.path(), &db, &[(a, "39.90"), (b, "79.80")]);
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let xlsx = dir.path().join("陈姐.xlsx");
    let s = run_json(
        &db,
        &[
            "leaders",
            "settle",
            "陈姐",
            "--from",
            &today,
            "--to",
            &today,
            "--export",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!(s["leader"], "陈姐");
    assert_eq!(
        (s["orders"].as_i64(), s["sales"].as_str()),
        (Some(2), Some("119.70"))
    );
    assert_eq!(
        (s["refunds"].as_str(), s["commission"].as_str()),
        (Some("0.00"), Some("9.58"))
    );
    assert!(xlsx.exists());

    let found = run_json(&db, &["pickup", "find", &a_code(&db, a)]);
    assert_eq!(found["orders"][0]["order_no"], a);
    let done = run_json(&db, &["pickup", "redeem", a]);
    assert_eq!(done["status"], "completed");
    assert!(storefront(&db, &["check"]).status.success());
}

fn a_code(db: &Path, order_no: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT pickup_code FROM orders WHERE order_no = ?1",
        [order_no],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn coupons_and_campaigns_show_in_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = peach_shop(dir.path());
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
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
            &today,
            "--to",
            &today,
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
            &today,
            "--to",
            &today,
            "--campaign",
            "双12直播",
        ],
    );
    run_json(
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
    );
    let list = run_json(&db, &["orders", "list"]);
    assert_eq!(list["orders"][0]["total"], "74.80", "满50减5 off ¥79.80");
    let traffic = dir.path().join("t.csv");
    std::fs::write(&traffic, format!("日期,浏览量,点击量\n{today},400,40\n")).unwrap();
    run_json(
        &db,
        &[
            "campaigns",
            "traffic",
            "双12直播",
            traffic.to_str().unwrap(),
        ],
    );
    let c = run_json(&db, &["campaigns", "list"])["campaigns"][0].clone();
    assert_eq!(
        (c["name"].as_str(), c["orders"].as_i64(), c["gmv"].as_str()),
        (Some("双12直播"), Some(1), Some("74.80"))
    );
    assert_eq!(
        (c["coupon_cost"].as_str(), c["spend"].as_str()),
        (Some("5.00"), Some("20.00"))
    );
    assert_eq!(
        (
            c["roi"].as_str(),
            c["ctr"].as_str(),
            c["conversion"].as_str()
        ),
        (Some("3.74"), Some("10.00%"), Some("2.50%"))
    );
    // A bad traffic file names its line and column and changes nothing.
    std::fs::write(&traffic, "日期,浏览量,点击量\n2026-12-01,x,1\n").unwrap();
    let bad = storefront(
        &db,
        &[
            "campaigns",
            "traffic",
            "双12直播",
            traffic.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 2, column 2"));
}

#[test]
fn members_and_bundles_price_orders_by_the_one_rule() {
    let dir = tempfile::tempdir().unwrap();
    let db = peach_shop(dir.path());
    let file = dir.path().join("apple.csv");
    std::fs::write(&file, "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\napple,红富士苹果,PG-1,29.90,30\n").unwrap();
    run_json(&db, &["products", "import", file.to_str().unwrap()]);
    run_json(
        &db,
        &[
            "bundles",
            "add",
            "TC1",
            "--name",
            "鲜果礼盒",
            "--price",
            "88",
            "--item",
            "TAO-5:2",
            "--item",
            "PG-1:1",
        ],
    );
    let listed = run_json(&db, &["bundles", "list"]);
    assert_eq!(
        (
            listed["bundles"][0]["list"].as_str(),
            listed["bundles"][0]["price"].as_str()
        ),
        (Some("109.70"), Some("88.00"))
    );
    run_json(&db, &["members", "add", "王阿姨", "--level", "gold"]);
    // One bundle at ¥88.00, then gold's 5% off: ¥83.60.
    let order = run_json(
        &db,
        &["orders", "add", "--customer", "王阿姨", "--bundle", "TC1:1"],
    );
    let no = order["order_no"].as_str().unwrap();
    assert_eq!(
        run_json(&db, &["orders", "list"])["orders"][0]["total"],
        "83.60"
    );
    pay(dir.path(), &db, &[(no, "83.60")]);
    let members = run_json(&db, &["members", "list"]);
    assert_eq!(
        members["members"][0]["points"], 166,
        "2 points per whole yuan paid"
    );
    let bad = storefront(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "王阿姨",
            "--line",
            "TAO-5:1",
            "--points",
            "500",
        ],
    );
    assert_eq!(bad.status.code(), Some(2), "more points than she has");
    assert!(storefront(&db, &["check"]).status.success());
}
