//! Merging customers: nothing is lost (orders, money, points, commission
//! lines), `check` stays clean, and undo puts the shop back row for row.

use proptest::prelude::*;
use rusqlite::Connection;

use super::merge::{duplicates, merge, undo};
use crate::store::{Session, Store};

/// The demo shop, made once and copied for each case.
fn demo_file() -> &'static std::path::Path {
    use std::sync::OnceLock;
    static FILE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    &FILE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("demo.db");
            let mut store = Store::open(&path, Session::new("test")).unwrap();
            let opts = crate::demo::DemoOptions {
                orders: 600,
                seed: 5,
                until: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            };
            crate::demo::generate(&mut store, &opts, &crate::progress::Silent).unwrap();
            drop(store);
            (dir, path)
        })
        .1
}

fn copy() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    std::fs::copy(demo_file(), &path).unwrap();
    let store = Store::open(&path, Session::new("test")).unwrap();
    (dir, store)
}

/// What a merge must keep: orders and their money, points, commissions.
fn totals(conn: &Connection) -> Vec<i64> {
    [
        "SELECT count(*) FROM orders",
        "SELECT COALESCE(sum(total_fen), 0) FROM orders",
        "SELECT COALESCE(sum(paid_fen), 0) FROM orders",
        "SELECT COALESCE(sum(points), 0) FROM members",
        "SELECT COALESCE(sum(delta), 0) FROM points_ledger",
        "SELECT COALESCE(sum(amount_fen), 0) FROM commissions",
        "SELECT count(*) FROM distributors WHERE customer_id IS NOT NULL",
    ]
    .iter()
    .map(|sql| conn.query_row(sql, [], |r| r.get(0)).unwrap())
    .collect()
}

fn customer_ids(conn: &Connection) -> Vec<String> {
    // Members and distributors first: the merges that move the most.
    conn.prepare(
        "SELECT id FROM customers ORDER BY (SELECT count(*) FROM members m WHERE m.customer_id = customers.id)
           + (SELECT count(*) FROM distributors d WHERE d.customer_id = customers.id) DESC, id LIMIT 60",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn assert_sound(store: &Store) {
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn merging_any_two_keeps_everything_and_undo_restores_both(a in 0..60usize, b in 0..60usize) {
        let (_dir, mut store) = copy();
        let ids = customer_ids(store.conn());
        let (keep, other) = (ids[a % ids.len()].clone(), ids[b % ids.len()].clone());
        prop_assume!(keep != other);
        let before = crate::testing::dump(store.conn(), &["customer_merges"]);
        let sums = totals(store.conn());
        let done = store.write(|w| merge(w, &keep, &other)).unwrap();
        prop_assert_eq!(totals(store.conn()), sums.clone());
        let left: i64 = store.conn().query_row("SELECT count(*) FROM orders WHERE customer_id = ?1", [&other], |r| r.get(0)).unwrap();
        prop_assert_eq!(left, 0);
        assert_sound(&store);
        store.write(|w| undo(w, &done.merge_id)).unwrap();
        prop_assert_eq!(totals(store.conn()), sums);
        let after = crate::testing::dump(store.conn(), &["customer_merges"]);
        // The kept customer's `updated_at` moved with the merge, and a
        // rollup may keep a month it counted down to zero (the same facts:
        // `check` compares rollups with them); all else is back.
        let strip = |rows: Vec<String>| -> Vec<String> {
            rows.into_iter()
                .filter(|r| !(r.starts_with("buyer_months:") && r.ends_with("|Integer(0)|Integer(0)")))
                .map(|r| if r.starts_with("customers:") { r.rsplitn(3, '|').skip(2).collect() } else { r })
                .collect()
        };
        let (gained, lost) = crate::testing::differences(&strip(after), &strip(before));
        prop_assert!(gained.is_empty() && lost.is_empty(), "gained {:?}\nlost {:?}", gained, lost);
        assert_sound(&store);
    }
}

#[test]
fn duplicates_by_phone_and_refusals() {
    let (_dir, mut store) = copy();
    let ids = customer_ids(store.conn());
    store
        .conn()
        .execute(
            "UPDATE customers SET phone = '13900000000' WHERE id IN (?1, ?2)",
            [&ids[0], &ids[1]],
        )
        .unwrap();
    let groups = duplicates(store.conn(), store.clock(), 50).unwrap();
    let phone = groups
        .iter()
        .find(|g| g.reason == "phone" && g.key == "13900000000")
        .unwrap();
    assert_eq!(phone.customers.len(), 2);
    let err = store.write(|w| merge(w, &ids[0], &ids[0])).unwrap_err();
    assert_eq!(err.code(), "merge_self");
    let done = store.write(|w| merge(w, &ids[0], &ids[1])).unwrap();
    store.write(|w| undo(w, &done.merge_id)).unwrap();
    let again = store.write(|w| undo(w, &done.merge_id)).unwrap_err();
    assert_eq!(again.code(), "merge_undone");
    // Merged on: the first merge can't be undone until the later one is.
    let first = store.write(|w| merge(w, &ids[0], &ids[1])).unwrap();
    let second = store.write(|w| merge(w, &ids[2], &ids[0])).unwrap();
    let gone = store.write(|w| undo(w, &first.merge_id)).unwrap_err();
    assert_eq!(gone.code(), "merge_kept_gone");
    store.write(|w| undo(w, &second.merge_id)).unwrap();
    store.write(|w| undo(w, &first.merge_id)).unwrap();
    assert_sound(&store);
}
