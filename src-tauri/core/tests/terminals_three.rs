//! Three terminals, one shop, against a real PostgreSQL (#19): each takes
//! 500 orders (`THREE_TERMINALS_ORDERS` changes it), receives stock and
//! counts a shelf while disconnected; two import the same WeChat bill and
//! reconcile it. They reconnect in different orders; every digest is equal
//! (and the server's), every `check` passes, no order is missing or doubled.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

#[path = "support/postgres.rs"]
mod postgres_cluster;

use chrono::NaiveDate;
use postgres_cluster::Cluster;
use storefront_core::demo::{self, bills, DemoOptions};
use storefront_core::orders::{NewLine, NewOrder};
use storefront_core::progress::Silent;
use storefront_core::stock::count::{self, Change, Counted};
use storefront_core::terminals::{self, ServerUrl};
use storefront_core::{check, checkout, reconcile, statements, Session, Store};

fn orders_each() -> usize {
    std::env::var("THREE_TERMINALS_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A terminal's offline day: orders of its own customers, a receipt and a
/// count of one shelf.
fn offline_day(store: &mut Store, who: &str, skus: &[String], n: usize) {
    for i in 0..n {
        let order = NewOrder {
            customer: format!("{who}客{}", i % 40),
            channel: "wechat".into(),
            lines: vec![NewLine {
                sku: skus[i % skus.len()].clone(),
                qty: 1 + (i % 2) as i32,
                ..Default::default()
            }],
            allow_oversell: true,
            ..Default::default()
        };
        store.write(|w| checkout::create(w, &order)).unwrap();
    }
    let receipt = Change {
        sku: skus[1].clone(),
        qty: 50,
        reason: "receipt".into(),
        ..Default::default()
    };
    store.write(|w| count::change(w, &receipt)).unwrap();
    let counted = [Counted {
        sku: skus[2].clone(),
        counted: 30,
    }];
    store
        .write(|w| count::stocktake(w, &counted, "盘点", None))
        .unwrap();
}

#[test]
fn three_terminals_offline_meet_in_any_order() {
    let pg = Cluster::start();
    let url = ServerUrl::parse(&pg.database("shop")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![Store::open(&dir.path().join("t0.db"), Session::new("test")).unwrap()];
    let opts = DemoOptions {
        orders: 300,
        seed: 21,
        until: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    demo::generate(&mut all[0], &opts, &Silent).unwrap();
    terminals::publish(&mut all[0], &url, None, "总店", &Silent).unwrap();
    for (i, name) in [(1, "自提点"), (2, "二店")] {
        let at = dir.path().join(format!("t{i}.db"));
        terminals::join(&at, &url, None, name, &Silent).unwrap();
        all.push(Store::open(&at, Session::new("test")).unwrap());
    }
    let before = count(&all[0], "SELECT count(*) FROM orders");
    let skus: Vec<String> = {
        let mut stmt = all[0]
            .conn()
            .prepare("SELECT sku FROM variants WHERE sold_by = 'piece' ORDER BY sku LIMIT 5")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let n = orders_each();
    for (store, who) in all.iter_mut().zip(["总店", "自提", "二店"]) {
        offline_day(store, who, &skus, n);
    }
    // The same WeChat bill, imported and reconciled on two terminals.
    let bill = dir.path().join("bill.csv");
    bills::wechat_bill(&all[0], &bill, 21).unwrap();
    for store in all.iter_mut().take(2) {
        statements::import_file(store, &bill, &Silent).unwrap();
        reconcile::run(store, &Silent).unwrap();
    }
    // They come back in different orders, until a round moves nothing.
    for order in [[2, 0, 1], [1, 2, 0], [0, 1, 2], [2, 1, 0]] {
        for i in order {
            terminals::sync(&mut all[i], &url, None, &Silent).unwrap();
        }
    }
    let digest = terminals::digest(all[0].conn()).unwrap();
    assert_eq!(
        terminals::server_digest(all[0].conn(), &url, None).unwrap(),
        digest
    );
    for store in &all {
        assert_eq!(
            terminals::digest(store.conn()).unwrap(),
            digest,
            "every terminal the same"
        );
        let report = check::run(store.conn()).unwrap();
        assert!(report.ok, "{:?}", report.problems);
        assert_eq!(
            count(store, "SELECT count(*) FROM orders"),
            before + 3 * n as i64,
            "none missing"
        );
        assert_eq!(
            count(
                store,
                "SELECT count(*) - count(DISTINCT order_no) FROM orders"
            ),
            0,
            "none doubled"
        );
        assert_eq!(terminals::status(store).unwrap().pending, 0);
    }
}
