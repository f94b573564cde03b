//! Campaigns on real SQLite files: group buys across their deadline, money
//! arriving and going back through real statements, commissions following
//! it, leaders' settlements, pickup codes, promotions in order entry. This
//! file holds what the tests share; each part's tests are beside it.

mod distribution_tests;
mod groupbuy_tests;
mod leaders_tests;
mod promotions_tests;
mod records_tests;

use proptest::prelude::*;

use super::distribution::{self, NewDistributor};
use super::groupbuy::{self, NewGroupBuy};
use super::{bundles, flash, leaders, members, promotions, records, trust};
use crate::money::Money;
use crate::orders::{self, NewLine, NewOrder};
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
    store.write(|w| crate::checkout::create(w, &order))
}

fn net_commission(store: &Store, name: &str) -> i64 {
    distribution::commissions(store.conn(), Some(name))
        .unwrap()
        .iter()
        .map(|c| c.amount.fen())
        .sum()
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
        batch_id: None,
    };
    crate::stock::record(store.conn(), &m, "m-apple").unwrap();
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
