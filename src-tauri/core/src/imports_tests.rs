//! A stepped import is all or nothing: cancelled part-way, failed, or left
//! by a dead process, what it wrote is taken back and the shop is exactly
//! as it was (every table's rows compared).

use std::cell::Cell;

use rusqlite::Connection;

use crate::io::orders as order_io;
use crate::progress::{Progress, Silent};
use crate::testing::peach_shop;
use crate::{check, Session, Store};

/// `n` orders of new customers in every status that touches stock: held
/// (awaiting payment, paid), shipped (fulfilled, completed) and refunded.
fn order_file(n: usize) -> String {
    let mut text = order_io::HEADER.join(",") + "\n";
    let statuses = [
        "awaiting_payment",
        "paid",
        "fulfilled",
        "completed",
        "refunded",
    ];
    for i in 0..n {
        let status = statuses[i % statuses.len()];
        let refunded = if status == "refunded" { "36.50" } else { "0" };
        text.push_str(&format!(
            "T{i:05},2026-11-02 10:{:02}:00,wechat,导入客人{i},,TAO-5,1,36.50,,,,,,{status},0,0,{refunded}\n",
            i % 60
        ));
    }
    text
}

/// Every table's rows but the import records and the activity log.
fn dump(conn: &Connection) -> Vec<String> {
    crate::testing::dump(conn, &["imports"])
}

/// The activity log without the line that says an import was taken back.
fn log_of(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT entity || ' ' || entity_id || ' ' || action FROM change_log WHERE action <> 'import undone' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn ok(store: &Store) -> bool {
    let report = check::run(store.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report.ok
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Asks to stop once `slices` slices are in.
struct CancelAfter {
    slices: u32,
    asked: Cell<u32>,
}

impl Progress for CancelAfter {
    fn report(&self, _: &str, _: u64, _: u64) {}
    fn cancelled(&self) -> bool {
        self.asked.set(self.asked.get() + 1);
        self.asked.get() > self.slices
    }
}

#[test]
fn an_import_cancelled_after_some_slices_leaves_the_shop_as_it_was() {
    let (_dir, mut store) = peach_shop();
    let (before, log_before) = (dump(store.conn()), log_of(store.conn()));
    let cancel = CancelAfter {
        slices: 2,
        asked: Cell::new(0),
    };
    let file = order_file(1_500);
    let err = order_io::import(&mut store, file.as_bytes(), "big.csv", &cancel).unwrap_err();
    assert!(matches!(err, crate::CoreError::Cancelled), "{err}");
    assert!(cancel.asked.get() > 2, "the import never wrote a slice");
    assert_eq!(dump(store.conn()), before);
    assert_eq!(log_of(store.conn()), log_before);
    assert_eq!(
        count(
            store.conn(),
            "SELECT count(*) FROM imports WHERE state = 'undone'"
        ),
        1
    );
    let said: String = store
        .conn()
        .query_row(
            "SELECT summary FROM change_log WHERE action = 'import undone'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(said.starts_with("big.csv: taken back"), "{said}");
    assert!(ok(&store));
}

#[test]
fn an_import_whose_process_died_is_taken_back_at_the_next_open() {
    let (dir, mut store) = peach_shop();
    let before = dump(store.conn());
    order_io::import(&mut store, order_file(300).as_bytes(), "died.csv", &Silent).unwrap();
    assert_eq!(count(store.conn(), "SELECT count(*) FROM orders"), 300);
    // As a kill -9 part-way leaves it: still writing, and silent for longer
    // than a live import ever is.
    store
        .conn()
        .execute_batch("UPDATE imports SET state = 'writing', alive_at = alive_at - 120")
        .unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    assert_eq!(dump(store.conn()), before);
    assert!(ok(&store));
}

#[test]
fn a_live_import_is_left_alone_and_orders_taken_between_slices_stay() {
    let (dir, mut store) = peach_shop();
    order_io::import(&mut store, order_file(50).as_bytes(), "live.csv", &Silent).unwrap();
    store
        .conn()
        .execute_batch("UPDATE imports SET state = 'writing'")
        .unwrap();
    // Another terminal opens the shop while the import is alive.
    let other = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    assert_eq!(count(other.conn(), "SELECT count(*) FROM orders"), 50);
    // An order taken between slices, for a customer the import created,
    // outlives the import being taken back; so does that customer.
    let mut other = other;
    let order = crate::orders::NewOrder {
        customer: "导入客人7".into(),
        channel: "wechat".into(),
        lines: vec![crate::orders::NewLine {
            sku: "TAO-5".into(),
            qty: 2,
            ..Default::default()
        }],
        ..Default::default()
    };
    let taken = other.write(|w| crate::checkout::create(w, &order)).unwrap();
    let id: String = store
        .conn()
        .query_row("SELECT id FROM imports", [], |r| r.get(0))
        .unwrap();
    let undone = super::undo(&mut store, &id, &Silent).unwrap();
    assert_eq!((undone.orders, undone.customers), (50, 49));
    assert_eq!(
        count(store.conn(), "SELECT count(*) FROM orders"),
        1,
        "{taken} is the one left"
    );
    assert_eq!(
        count(
            store.conn(),
            "SELECT count(*) FROM customers WHERE name = '导入客人7'"
        ),
        1
    );
    assert!(ok(&store));
}
