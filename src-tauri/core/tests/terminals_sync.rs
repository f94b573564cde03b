//! Sync between terminals through a real PostgreSQL (#19): orders, stock
//! and status steps taken offline on two terminals meet with equal digests
//! and a clean `check`; the same row changed on both keeps the later push
//! and lists the other; a push replayed after a lost reply lands once; a
//! server transaction that commits late is pulled, not skipped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

#[path = "support/postgres.rs"]
mod postgres_cluster;

use chrono::NaiveDate;
use postgres_cluster::Cluster;
use storefront_core::checkout::{self, status};
use storefront_core::demo::{self, DemoOptions};
use storefront_core::orders::{NewLine, NewOrder};
use storefront_core::profile;
use storefront_core::progress::Silent;
use storefront_core::stock::count::{self, Change};
use storefront_core::terminals::{self, Keep, ServerUrl, SyncPass};
use storefront_core::{check, Session, Store};

struct Shop {
    pg: Cluster,
    url: ServerUrl,
    main: Store,
    helper: Store,
    _dir: tempfile::TempDir,
}

/// A demo shop published from `main`, and `helper` joined to it.
fn two_terminals() -> Shop {
    let pg = Cluster::start();
    let url = ServerUrl::parse(&pg.database("shop")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut main = Store::open(&dir.path().join("main.db"), Session::new("test")).unwrap();
    let until = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let opts = DemoOptions {
        orders: 200,
        seed: 11,
        until,
    };
    demo::generate(&mut main, &opts, &Silent).unwrap();
    terminals::publish(&mut main, &url, None, "总店", &Silent).unwrap();
    let at = dir.path().join("helper.db");
    terminals::join(&at, &url, None, "自提点", &Silent).unwrap();
    let helper = Store::open(&at, Session::new("test")).unwrap();
    Shop {
        pg,
        url,
        main,
        helper,
        _dir: dir,
    }
}

fn sync(store: &mut Store, url: &ServerUrl) -> SyncPass {
    terminals::sync(store, url, None, &Silent).unwrap()
}

fn skus(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT sku FROM variants WHERE sold_by = 'piece' ORDER BY sku LIMIT 3")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn take(store: &mut Store, customer: &str, sku: &str) -> String {
    let order = NewOrder {
        customer: customer.into(),
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku: sku.into(),
            qty: 2,
            ..Default::default()
        }],
        allow_oversell: true,
        ..Default::default()
    };
    store.write(|w| checkout::create(w, &order)).unwrap()
}

fn orders(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap()
}

fn assert_converged(shop: &Shop) {
    let d = terminals::digest(shop.main.conn()).unwrap();
    assert_eq!(
        terminals::digest(shop.helper.conn()).unwrap(),
        d,
        "the terminals differ"
    );
    assert_eq!(
        terminals::server_digest(shop.main.conn(), &shop.url, None).unwrap(),
        d,
        "the server differs"
    );
    for s in [&shop.main, &shop.helper] {
        let report = check::run(s.conn()).unwrap();
        assert!(report.ok, "{:?}", report.problems);
    }
}

#[test]
fn orders_and_stock_taken_offline_on_two_terminals_meet() {
    let mut shop = two_terminals();
    let before = orders(&shop.main);
    let sku = skus(&shop.main);
    // Offline: each terminal takes orders and moves stock on its own.
    let mut mine = Vec::new();
    for i in 0..5 {
        mine.push(take(&mut shop.main, &format!("总店客{i}"), &sku[i % 3]));
    }
    let mut theirs = Vec::new();
    for i in 0..5 {
        theirs.push(take(&mut shop.helper, &format!("自提客{i}"), &sku[i % 3]));
    }
    assert!(
        theirs.iter().all(|n| n.contains("-B")),
        "the helper's numbers carry its letter: {theirs:?}"
    );
    assert!(mine.iter().all(|n| !n.contains("-B")));
    let c = Change {
        sku: sku[0].clone(),
        qty: 7,
        reason: "receipt".into(),
        ..Default::default()
    };
    shop.helper.write(|w| count::change(w, &c)).unwrap();
    shop.main
        .write(|w| status::set(w, &mine[0], "paid", true))
        .unwrap();
    assert!(terminals::status(&shop.helper).unwrap().pending > 10);

    let first = sync(&mut shop.main, &shop.url);
    assert!(first.pushed > 10 && first.pulled == 0, "{first:?}");
    let second = sync(&mut shop.helper, &shop.url);
    assert!(second.pushed > 10 && second.pulled > 10, "{second:?}");
    let third = sync(&mut shop.main, &shop.url);
    assert_eq!(
        (third.pushed, third.conflicts, third.pending),
        (0, 0, 0),
        "{third:?}"
    );
    // The helper's activity says what came from the main terminal.
    let said: String = shop
        .helper
        .conn()
        .query_row(
            "SELECT group_concat(summary, ' | ') FROM change_log WHERE action = 'pulled' AND actor = '总店'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(mine.iter().all(|no| said.contains(no.as_str())), "{said}");
    assert_eq!(orders(&shop.main), before + 10);
    assert_eq!(orders(&shop.helper), before + 10);
    assert_converged(&shop);
    assert_eq!(
        sync(&mut shop.helper, &shop.url).pushed,
        0,
        "nothing echoes back"
    );
}

#[test]
fn the_same_row_changed_on_two_terminals_keeps_the_later_push() {
    let mut shop = two_terminals();
    for (store, name) in [
        (&mut shop.main, "总店改的名"),
        (&mut shop.helper, "自提点改的名"),
    ] {
        let mut p = profile::profile(store.conn()).unwrap();
        p.name = name.into();
        store.write(|w| profile::save(w, &p)).unwrap();
    }
    sync(&mut shop.main, &shop.url);
    let later = sync(&mut shop.helper, &shop.url);
    assert_eq!(later.conflicts, 1, "{later:?}");
    sync(&mut shop.main, &shop.url);
    assert_eq!(
        profile::profile(shop.main.conn()).unwrap().name,
        "自提点改的名"
    );
    let listed = terminals::conflicts(&shop.url, None, shop.main.clock()).unwrap();
    assert_eq!(listed.len(), 1);
    let c = &listed[0];
    assert_eq!(
        (c.kept_terminal.as_str(), c.lost_terminal.as_str()),
        ("自提点", "总店")
    );
    assert_eq!(c.lost_row.as_ref().unwrap()["value"], "总店改的名");
    assert_eq!(c.kept_row.as_ref().unwrap()["value"], "自提点改的名");
    assert_converged(&shop);

    // The merchant restores the overwritten name from the main terminal.
    terminals::resolve(&mut shop.main, None, c.seq, Keep::Overwritten).unwrap();
    assert_eq!(
        profile::profile(shop.main.conn()).unwrap().name,
        "总店改的名"
    );
    sync(&mut shop.main, &shop.url);
    sync(&mut shop.helper, &shop.url);
    assert_eq!(
        profile::profile(shop.helper.conn()).unwrap().name,
        "总店改的名"
    );
    assert!(
        terminals::conflicts(&shop.url, None, shop.main.clock())
            .unwrap()
            .is_empty(),
        "settled"
    );
    assert_converged(&shop);
}

#[test]
fn a_push_replayed_after_a_lost_reply_lands_once() {
    let mut shop = two_terminals();
    let sku = skus(&shop.main);
    take(&mut shop.helper, "回放客", &sku[0]);
    let sent: Vec<(i64, String, String)> = {
        let mut stmt = shop
            .helper
            .conn()
            .prepare("SELECT seq, tbl, key FROM terminal_outbox")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let first = sync(&mut shop.helper, &shop.url);
    let changes = shop
        .pg
        .psql("shop", "SELECT count(*) FROM storefront_changes");
    // The reply was lost: the outbox still holds what the server has.
    for (seq, tbl, key) in &sent {
        shop.helper
            .conn()
            .execute(
                "INSERT INTO terminal_outbox(seq, tbl, key) VALUES (?1, ?2, ?3)",
                rusqlite::params![seq, tbl, key],
            )
            .unwrap();
    }
    let replay = sync(&mut shop.helper, &shop.url);
    assert!(first.pushed > 0);
    assert_eq!((replay.pushed, replay.pending), (0, 0), "{replay:?}");
    assert_eq!(
        shop.pg
            .psql("shop", "SELECT count(*) FROM storefront_changes"),
        changes
    );
    sync(&mut shop.main, &shop.url);
    assert_converged(&shop);
}

#[test]
fn a_server_transaction_committing_late_is_pulled_not_skipped() {
    let mut shop = two_terminals();
    let mut early = postgres::Client::connect(&shop.pg.url("shop"), postgres::NoTls).unwrap();
    let mut late = postgres::Client::connect(&shop.pg.url("shop"), postgres::NoTls).unwrap();
    let change = "INSERT INTO storefront_changes(terminal, tbl, key, row)
                  VALUES ('other', 'shop_settings', $1, jsonb_build_object('key', $2::text, 'value', 'x'))";
    // The first transaction to start commits last.
    let mut t1 = early.transaction().unwrap();
    t1.execute(change, &[&"[\"late_one\"]", &"late_one"])
        .unwrap();
    let mut t2 = late.transaction().unwrap();
    t2.execute(change, &[&"[\"early_one\"]", &"early_one"])
        .unwrap();
    t2.commit().unwrap();
    sync(&mut shop.helper, &shop.url);
    t1.commit().unwrap();
    sync(&mut shop.helper, &shop.url);
    let got: Vec<String> = {
        let mut stmt = shop
            .helper
            .conn()
            .prepare(
                "SELECT key FROM shop_settings WHERE key IN ('late_one', 'early_one') ORDER BY key",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(got, ["early_one", "late_one"]);
}

#[test]
fn a_change_seen_at_join_and_pulled_again_is_left_as_it_is() {
    let pg = Cluster::start();
    let url = ServerUrl::parse(&pg.database("shop")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut main = Store::open(&dir.path().join("main.db"), Session::new("test")).unwrap();
    let opts = DemoOptions {
        orders: 50,
        seed: 5,
        until: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    demo::generate(&mut main, &opts, &Silent).unwrap();
    terminals::publish(&mut main, &url, None, "总店", &Silent).unwrap();
    // A transaction still open on the server while a terminal joins: the
    // join cannot know what commits after it began, so it pulls from there.
    let mut other = postgres::Client::connect(&pg.url("shop"), postgres::NoTls).unwrap();
    let mut held = other.transaction().unwrap();
    held.execute("SELECT pg_current_xact_id()", &[]).unwrap();
    let c = Change {
        sku: skus(&main)[0].clone(),
        qty: 5,
        reason: "receipt".into(),
        ..Default::default()
    };
    main.write(|w| count::change(w, &c)).unwrap();
    sync(&mut main, &url);
    let at = dir.path().join("helper.db");
    terminals::join(&at, &url, None, "自提点", &Silent).unwrap();
    held.commit().unwrap();
    let mut helper = Store::open(&at, Session::new("test")).unwrap();
    let again = sync(&mut helper, &url);
    assert!(again.pulled > 0, "the receipt is pulled again: {again:?}");
    assert_eq!(
        again.pushed + again.pending,
        0,
        "and changes nothing here: {again:?}"
    );
    assert_eq!(
        terminals::digest(helper.conn()).unwrap(),
        terminals::digest(main.conn()).unwrap()
    );
    assert!(check::run(helper.conn()).unwrap().ok);
}

#[test]
fn the_same_bill_imported_and_reconciled_on_two_terminals_is_one_set_of_payments() {
    use storefront_core::demo::bills;
    use storefront_core::{reconcile, statements};
    let Shop {
        pg,
        url,
        mut main,
        mut helper,
        _dir: dir,
    } = two_terminals();
    let bill = dir.path().join("bill.csv");
    let rows = bills::wechat_bill(&main, &bill, 3).unwrap();
    let count = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM payments", [], |r| r.get(0))
            .unwrap()
    };
    let had = count(&main);
    // Offline, each terminal imports the same bill and reconciles it.
    for store in [&mut main, &mut helper] {
        statements::import_file(store, &bill, &Silent).unwrap();
        let run = reconcile::run(store, &Silent).unwrap();
        assert!(run.auto > 0, "{run:?}");
    }
    let paid = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT sum(paid_fen) FROM orders", [], |r| r.get(0))
            .unwrap()
    };
    let before = paid(&main);
    sync(&mut main, &url);
    sync(&mut helper, &url);
    sync(&mut main, &url);
    assert!(rows > 0);
    for s in [&main, &helper] {
        assert_eq!(
            count(s),
            had + rows as i64,
            "one payment per line of the bill"
        );
    }
    assert_eq!(paid(&helper), before, "each order paid once");
    assert_eq!(paid(&main), before);
    let shop = Shop {
        pg,
        url,
        main,
        helper,
        _dir: dir,
    };
    assert_converged(&shop);
}

#[test]
fn the_last_unit_sold_on_two_terminals_offline_shows_below_zero_with_both_orders() {
    let mut shop = two_terminals();
    let sku = skus(&shop.main)[0].clone();
    let available = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT sum(s.on_hand) - sum(s.committed) FROM stock_levels s JOIN variants v ON v.id = s.variant_id WHERE v.sku = ?1",
                [&sku],
                |r| r.get(0),
            )
            .unwrap()
    };
    // One left on the shelf, on both terminals.
    let c = Change {
        sku: sku.clone(),
        qty: 1 - available(&shop.main),
        reason: "adjustment".into(),
        note: "盘点".into(),
        ..Default::default()
    };
    shop.main.write(|w| count::change(w, &c)).unwrap();
    sync(&mut shop.main, &shop.url);
    sync(&mut shop.helper, &shop.url);
    assert_eq!((available(&shop.main), available(&shop.helper)), (1, 1));
    let take_one = |store: &mut Store, who: &str| -> String {
        let order = NewOrder {
            customer: who.into(),
            channel: "wechat".into(),
            lines: vec![NewLine {
                sku: sku.clone(),
                qty: 1,
                ..Default::default()
            }],
            ..Default::default()
        };
        store.write(|w| checkout::create(w, &order)).unwrap()
    };
    let a = take_one(&mut shop.main, "最后一件甲");
    let b = take_one(&mut shop.helper, "最后一件乙");
    sync(&mut shop.main, &shop.url);
    sync(&mut shop.helper, &shop.url);
    sync(&mut shop.main, &shop.url);
    for s in [&shop.main, &shop.helper] {
        assert_eq!(available(s), -1, "both sales stand");
        let short = terminals::status(s).unwrap().oversold;
        let it = short
            .iter()
            .find(|o| o.sku == sku)
            .expect("the alert names the goods");
        assert_eq!(it.available, -1);
        assert!(it.orders.contains(&a) && it.orders.contains(&b), "{it:?}");
    }
    assert_converged(&shop);
}

fn status_of(store: &Store, no: &str) -> String {
    store
        .conn()
        .query_row("SELECT status FROM orders WHERE order_no = ?1", [no], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn cancelling_an_order_another_terminal_fulfilled_is_refused_either_way_round() {
    let mut shop = two_terminals();
    let sku = skus(&shop.main)[0].clone();
    for cancel_first in [false, true] {
        let no = take(&mut shop.main, "两边改的客人", &sku);
        sync(&mut shop.main, &shop.url);
        sync(&mut shop.helper, &shop.url);
        // Offline: the main terminal hands the goods over, the helper cancels.
        shop.main
            .write(|w| status::set(w, &no, "fulfilled", true))
            .unwrap();
        shop.helper
            .write(|w| status::set(w, &no, "cancelled", false))
            .unwrap();
        let (first, second) = if cancel_first {
            (&mut shop.helper, &mut shop.main)
        } else {
            (&mut shop.main, &mut shop.helper)
        };
        sync(first, &shop.url);
        assert_eq!(sync(second, &shop.url).conflicts, 1);
        sync(&mut shop.main, &shop.url);
        sync(&mut shop.helper, &shop.url);
        for s in [&shop.main, &shop.helper] {
            assert_eq!(
                status_of(s, &no),
                "fulfilled",
                "the goods left: the cancel cannot stand"
            );
        }
        let listed = terminals::conflicts(&shop.url, None, shop.main.clock()).unwrap();
        let c = &listed[0];
        assert_eq!(c.lost_terminal, "自提点", "the cancel is what was lost");
        assert_eq!(c.lost_row.as_ref().unwrap()["status"], "cancelled");
        assert_eq!(
            c.kind,
            if cancel_first {
                "overwritten"
            } else {
                "refused"
            }
        );
        if !cancel_first {
            let e =
                terminals::resolve(&mut shop.helper, None, c.seq, Keep::Overwritten).unwrap_err();
            assert!(e.to_string().contains("no longer"), "{e}");
        }
        terminals::resolve(&mut shop.main, None, c.seq, Keep::Kept).unwrap();
        assert_converged(&shop);
    }
}

/// A new product with its one variant, as the product form saves it.
fn new_product(store: &mut Store, name: &str, sku: &str) {
    use storefront_core::catalog::edit::{self, ProductInput, VariantInput};
    let p = ProductInput {
        name: name.into(),
        role: "normal".into(),
        variants: vec![VariantInput {
            sku: sku.into(),
            price: storefront_core::Money::from_fen(1990),
            ..Default::default()
        }],
        ..Default::default()
    };
    store.write(|w| edit::save(w, &p)).unwrap();
}

#[test]
fn the_same_new_sku_made_on_two_terminals_waits_listed_until_one_is_renamed() {
    let mut shop = two_terminals();
    new_product(&mut shop.main, "总店新品", "NEW-1");
    new_product(&mut shop.helper, "自提点新品", "NEW-1");
    sync(&mut shop.main, &shop.url);
    sync(&mut shop.helper, &shop.url);
    sync(&mut shop.main, &shop.url);
    for s in [&shop.main, &shop.helper] {
        let parked = terminals::status(s).unwrap().parked;
        assert!(
            parked
                .iter()
                .any(|p| p.table == "variants" && p.reason.contains("sku")),
            "{parked:?}"
        );
        assert!(check::run(s.conn()).unwrap().ok, "nothing applied half");
    }
    // The merchant renames the helper's one; both sides then take both.
    let id: String = shop
        .helper
        .conn()
        .query_row(
            "SELECT product_id FROM variants WHERE sku = 'NEW-1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    shop.helper
        .conn()
        .execute(
            "UPDATE variants SET sku = 'NEW-2' WHERE product_id = ?1",
            [&id],
        )
        .unwrap();
    sync(&mut shop.helper, &shop.url);
    sync(&mut shop.main, &shop.url);
    sync(&mut shop.helper, &shop.url);
    for s in [&shop.main, &shop.helper] {
        assert!(terminals::status(s).unwrap().parked.is_empty());
        let skus: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM variants WHERE sku IN ('NEW-1', 'NEW-2')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(skus, 2);
    }
    assert_converged(&shop);
}
