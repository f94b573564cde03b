use super::*;
use crate::progress::Silent;
use crate::store::Session;

fn demo_shop(orders: u64, seed: u64) -> (tempfile::TempDir, Store, DemoSummary) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), Session::new("test")).unwrap();
    let opts = DemoOptions {
        orders,
        seed,
        until: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    };
    let summary = generate(&mut store, &opts, &Silent).unwrap();
    (dir, store, summary)
}

fn one(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_demo_shop_is_realistic_and_sound() {
    let (_dir, store, s) = demo_shop(3000, 7);
    assert_eq!(s.orders, 3000);
    assert_eq!(one(&store, "SELECT count(*) FROM orders"), 3000);
    assert!((190..=215).contains(&s.products), "{}", s.products);
    // Its 称重鲜货 are sold by the 斤, their lines in grams.
    assert!(
        one(
            &store,
            "SELECT count(*) FROM order_lines WHERE unit_qty = 500 AND qty >= 200"
        ) > 0
    );
    assert!(s.variants > s.products);
    assert!(s.leaders >= 10 && s.pickup_points > s.leaders);
    assert_eq!(
        one(&store, "SELECT count(*) FROM distributors WHERE level = 2"),
        20
    );
    // Roughly 30% of buyers come back.
    let buyers = one(&store, "SELECT count(DISTINCT customer_id) FROM orders");
    let repeat = one(
        &store,
        "SELECT count(*) FROM (SELECT customer_id FROM orders GROUP BY 1 HAVING count(*) > 1)",
    );
    let share = repeat * 100 / buyers;
    assert!((22..=40).contains(&share), "repeat buyers {share}%");
    // About 3% of orders are refunded, and most are paid.
    let refunded = one(&store, "SELECT count(DISTINCT order_id) FROM refunds") * 1000 / 3000;
    assert!((15..=60).contains(&refunded), "refunded {refunded}‰");
    let paid = one(
        &store,
        "SELECT count(DISTINCT order_id) FROM payment_matches",
    ) * 100
        / 3000;
    assert!(paid >= 85, "paid {paid}%");
    // Group buys both fill and fail; weekends sell more than Tuesdays.
    assert!(
        one(
            &store,
            "SELECT count(*) FROM group_buys WHERE status = 'filled'"
        ) > 0
    );
    assert!(
        one(
            &store,
            "SELECT count(*) FROM group_buys WHERE status = 'failed'"
        ) > 0
    );
    let sat = one(
        &store,
        "SELECT count(*) FROM orders WHERE strftime('%w', business_day) = '6'",
    );
    let tue = one(
        &store,
        "SELECT count(*) FROM orders WHERE strftime('%w', business_day) = '2'",
    );
    assert!(sat > tue, "saturday {sat} vs tuesday {tue}");
    assert!(
        one(
            &store,
            "SELECT count(*) FROM orders WHERE coupon_id IS NOT NULL"
        ) > 0
    );
    // Nothing is dated after the demo's last day: no bill "imported" tomorrow.
    let end = store
        .clock()
        .day_start(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    assert_eq!(
        one(
            &store,
            &format!("SELECT count(*) FROM statement_batches WHERE imported_at > {end}")
        ),
        0
    );
    // Every invariant holds.
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
}

#[test]
fn the_same_seed_makes_the_same_shop() {
    let fingerprint = |store: &Store| -> (i64, i64, String) {
        store
            .conn()
            .query_row(
                "SELECT count(*), sum(total_fen), group_concat(order_no || id, ',') FROM (SELECT * FROM orders ORDER BY id LIMIT 50)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    let (_a, a, _) = demo_shop(400, 42);
    let (_b, b, _) = demo_shop(400, 42);
    let (_c, c, _) = demo_shop(400, 43);
    assert_eq!(fingerprint(&a), fingerprint(&b));
    assert_ne!(fingerprint(&a), fingerprint(&c));
    let (a, b) = (dump(&a), dump(&b));
    assert!(a.len() > 1000, "{} rows", a.len());
    if let Some((x, y)) = a.iter().zip(&b).find(|(x, y)| x != y) {
        panic!("the same seed made\n{x}\nand\n{y}");
    }
    assert_eq!(a.len(), b.len());
}

/// Every row of every table, as text, but what belongs to the
/// installation rather than the shop: its terminal id and the log of who
/// did what when.
fn dump(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'change_log' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let width = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..width)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.retain(|row| !row.starts_with("shop_settings: Text(\"terminal_id\")"));
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn demo_goes_into_an_empty_shop_only() {
    let (_dir, mut store, _) = demo_shop(50, 1);
    let opts = DemoOptions {
        orders: 50,
        seed: 1,
        until: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    };
    let err = generate(&mut store, &opts, &Silent).unwrap_err();
    assert_eq!(err.code(), "shop_not_empty");
}

#[test]
fn a_demo_leaves_the_connection_as_the_store_set_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), Session::new("test")).unwrap();
    let settings = |store: &Store| -> Vec<String> {
        ["journal_mode", "cache_size", "temp_store", "foreign_keys"]
            .iter()
            .map(|name| {
                let v: rusqlite::types::Value = store
                    .conn()
                    .pragma_query_value(None, name, |r| r.get(0))
                    .unwrap();
                format!("{name}={v:?}")
            })
            .collect()
    };
    let before = settings(&store);
    let opts = DemoOptions {
        orders: 50,
        seed: 1,
        until: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    };
    generate(&mut store, &opts, &Silent).unwrap();
    assert_eq!(settings(&store), before);
    assert!(
        before.contains(&"cache_size=Integer(-131072)".to_string()),
        "{before:?}"
    );
}

#[test]
fn a_cancelled_demo_leaves_the_shop_empty() {
    struct CancelAtOnce;
    impl Progress for CancelAtOnce {
        fn report(&self, _: &str, _: u64, _: u64) {}
        fn cancelled(&self) -> bool {
            true
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), Session::new("test")).unwrap();
    let opts = DemoOptions {
        orders: 20_000,
        seed: 1,
        until: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    };
    let err = generate(&mut store, &opts, &CancelAtOnce).unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert!(store.is_empty().unwrap());
    assert_eq!(one(&store, "SELECT count(*) FROM variants"), 0);
}

#[test]
fn spread_adds_up() {
    let parts = spread(1001, &[3, 1, 1, 5]);
    assert_eq!(parts.iter().sum::<u64>(), 1001);
}
