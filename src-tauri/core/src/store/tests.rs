//! Opening, refusing and migrating shop files.
use super::*;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn creates_and_reopens() {
    let dir = temp();
    let path = dir.path().join("shop.db");
    let store = Store::open(&path, Session::new("test")).unwrap();
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let terminal = store.session().terminal.clone();
    drop(store);
    let again = Store::open(&path, Session::new("test")).unwrap();
    assert_eq!(again.session().terminal, terminal);
    assert_eq!(inspect(&path).unwrap(), SCHEMA_VERSION);
}

/// A trusted write takes references as given, and the next write checks
/// them again, whether the trusted one committed, failed or panicked.
#[test]
fn foreign_keys_are_trusted_for_one_write_only() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("shop.db"), Session::new("test")).unwrap();
    let dangling = "INSERT INTO payment_matches(id, payment_id, order_id, amount_fen, status, rule, created_at)
                    VALUES (?1, ?1, 'no-order', 1, 'auto', 'test', 0)";
    let checked = |store: &mut Store| {
        store
            .write(|w| Ok(w.tx.execute(dangling, ["checked"])?))
            .err()
            .map(|e| e.to_string())
    };
    store
        .write_trusted(|w| Ok(w.tx.execute(dangling, ["trusted"])?))
        .unwrap();
    store
        .write_trusted(|w| {
            w.tx.execute("DELETE FROM payment_matches", [])?;
            Err::<(), _>(CoreError::Cancelled)
        })
        .unwrap_err();
    let e = checked(&mut store);
    assert!(e.as_deref().unwrap_or("").contains("FOREIGN KEY"), "{e:?}");
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.write_trusted(|_| -> Result<()> { panic!("a bug in a bulk step") })
    }));
    assert!(unwound.is_err());
    let e = checked(&mut store);
    assert!(e.as_deref().unwrap_or("").contains("FOREIGN KEY"), "{e:?}");
}

#[test]
fn refuses_foreign_files_without_touching_them() {
    let dir = temp();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "hello, this is not a database at all").unwrap();
    let err = Store::open(&text, Session::new("test")).err().unwrap();
    assert_eq!(err.code(), "not_a_storefront_db");
    assert!(err.to_string().contains("notes.db"));
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "hello, this is not a database at all"
    );

    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    let err = Store::open(&other, Session::new("test")).err().unwrap();
    assert_eq!(err.code(), "not_a_storefront_db");
}

#[test]
fn refuses_a_newer_schema() {
    let dir = temp();
    let path = dir.path().join("future.db");
    drop(Store::open(&path, Session::new("test")).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let err = Store::open(&path, Session::new("test")).err().unwrap();
    assert_eq!(err.code(), "newer_schema");
    assert!(err.to_string().contains("future.db"));
}

#[test]
fn distribution_never_has_a_third_level_even_in_sql() {
    let dir = temp();
    let store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    let c = store.conn();
    c.execute_batch(
        "INSERT INTO distributors(id,name,level,created_at) VALUES ('a','A',1,0);
         INSERT INTO distributors(id,name,recruiter_id,level,created_at) VALUES ('b','B','a',2,0);",
    )
    .unwrap();
    let third = c.execute(
        "INSERT INTO distributors(id,name,recruiter_id,level,created_at) VALUES ('c','C','b',2,0)",
        [],
    );
    assert!(third.unwrap_err().to_string().contains("third_level"));
    let lift = c.execute(
        "UPDATE distributors SET recruiter_id='b', level=2 WHERE id='a'",
        [],
    );
    assert!(lift.is_err());
}

/// A shop made by the release before the rollups (schema 4), with
/// orders in it, opens with every rollup filled from its facts.
#[test]
fn a_shop_from_before_supplier_sync_keeps_its_suppliers_and_can_sync() {
    let dir = temp();
    let path = dir.path().join("v5.db");
    {
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO suppliers(id,name,lead_days,min_order_fen,feed_kind,feed_url,every_minutes,created_at)
               VALUES ('s','果园',2,50000,'shopify','https://example.com',360,0);
             INSERT INTO supplier_items(id,supplier_id,supplier_sku,title,cost_fen,updated_at) VALUES ('i','s','A','苹果',300,0);",
        )
        .unwrap();
    }
    let store = Store::open(&path, Session::new("test")).unwrap();
    let rows = crate::suppliers::list(store.conn(), store.clock()).unwrap();
    assert_eq!(
        (
            rows[0].schedule.as_deref(),
            rows[0].auth_kind.as_str(),
            rows[0].items
        ),
        (Some("every 6h"), "none", 1)
    );
    assert_eq!(
        crate::suppliers::sync::due(store.conn(), 10, store.clock()).unwrap(),
        vec!["s".to_string()]
    );
    assert!(crate::check::run(store.conn()).unwrap().ok);
}

#[test]
fn a_shop_from_before_the_rollups_gets_them_filled() {
    let dir = temp();
    let path = dir.path().join("v4.db");
    {
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..ROLLUPS_SINCE as usize - 1] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", ROLLUPS_SINCE - 1)
            .unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        crate::testing::one_product(&conn, "TAO-5", 3650);
        conn.execute_batch(
            "UPDATE variants SET cost_fen = 2000;
             INSERT INTO customers(id,name,created_at,updated_at) VALUES ('c','王阿姨',0,0);
             INSERT INTO orders(id,order_no,placed_at,business_day,channel,status,customer_id,subtotal_fen,total_fen,created_at,updated_at)
               VALUES ('o1','A001',0,'2026-10-30','wechat','paid','c',7300,7300,0,0),
                      ('o2','A002',0,'2026-11-02','wechat','cancelled','c',3650,3650,0,0),
                      ('o3','A003',0,'2026-11-03','offline','awaiting_payment','c',3650,3650,0,0);
             INSERT INTO order_lines(id,order_id,line_no,variant_id,qty,unit_price_fen,line_total_fen)
               VALUES ('l1','o1',1,'v',2,3650,7300),('l2','o2',1,'v',1,3650,3650),('l3','o3',1,'v',1,3650,3650);",
        )
        .unwrap();
    }
    let store = Store::open(&path, Session::new("test")).unwrap();
    // (The raw orders hold no stock: only the rollups are checked here.)
    let report = crate::check::run(store.conn()).unwrap();
    let rollups: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.invariant.ends_with("_equals_facts"))
        .collect();
    assert!(rollups.is_empty(), "{rollups:?}");
    assert!(report
        .checked
        .iter()
        .any(|c| c == "buyer_months_equals_facts"));
    let cohorts: Vec<(String, String, i64)> = store
        .conn()
        .prepare("SELECT cohort, month, buyers FROM buyer_months ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let row = |c: &str, m: &str, n| (c.to_string(), m.to_string(), n);
    assert_eq!(
        cohorts,
        vec![row("2026-10", "2026-10", 1), row("2026-10", "2026-11", 1)]
    );
    let product: (i64, i64) = store
        .conn()
        .query_row(
            "SELECT sum(qty), sum(revenue_fen) FROM product_daily",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        product,
        (3, 10950),
        "the cancelled order's line is not a sale"
    );
    // Lines sold before they kept their cost take the variant's.
    let costs: i64 = store
        .conn()
        .query_row("SELECT sum(unit_cost_fen) FROM order_lines", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(costs, 3 * 2000);
}

/// A shop made by the release before reviews (schema 13), with an order,
/// opens at the current schema and takes a review and a due list.
#[test]
fn a_shop_from_before_reviews_takes_them() {
    let dir = temp();
    let path = dir.path().join("v13.db");
    {
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..13] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 13).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        crate::testing::one_product(&conn, "TAO-5", 3650);
        conn.execute_batch(
            "INSERT INTO customers(id,name,created_at,updated_at) VALUES ('c','王阿姨',0,0);
             INSERT INTO orders(id,order_no,placed_at,business_day,channel,status,customer_id,subtotal_fen,total_fen,created_at,updated_at)
               VALUES ('o1','A001',0,'2026-10-30','wechat','completed','c',3650,3650,0,0);
             INSERT INTO order_lines(id,order_id,line_no,variant_id,qty,unit_price_fen,line_total_fen)
               VALUES ('l1','o1',1,'v',1,3650,3650);",
        )
        .unwrap();
    }
    let mut store = Store::open(&path, Session::new("test")).unwrap();
    let version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let review = crate::reviews::NewReview {
        order_no: "A001".into(),
        stars: 5,
        source: "by_hand".into(),
        ..Default::default()
    };
    let file = store.path().to_path_buf();
    store
        .write(|w| crate::reviews::add(w, &file, &review, &[]))
        .unwrap();
    let today = store.clock().today();
    let due = crate::customers::due::list(&mut store, today, crate::shop_time::now(), 3, 10);
    assert!(due.unwrap().rows.is_empty(), "one purchase, no rhythm yet");
    assert!(crate::check::run(store.conn()).unwrap().ok);
}

/// A shop made by the release before goods sold by weight (schema 20), with
/// a sale, opens at the current schema: its line meets the rewritten line
/// check as it is, the integrity check passes, and a weighed line of a
/// variant that now sells by the 斤 is priced and checked to the fen.
#[test]
fn a_shop_from_before_weighed_goods_sells_by_weight() {
    let dir = temp();
    let path = dir.path().join("v20.db");
    {
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..20] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 20).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        crate::testing::one_product(&conn, "TAO-5", 3650);
        conn.execute_batch(
            "INSERT INTO orders(id,order_no,placed_at,business_day,channel,status,subtotal_fen,total_fen,created_at,updated_at)
               VALUES ('o1','A001',0,'2026-10-30','wechat','completed',7300,7300,0,0);
             INSERT INTO order_lines(id,order_id,line_no,variant_id,qty,unit_price_fen,line_total_fen)
               VALUES ('l1','o1',1,'v',2,3650,7300);",
        )
        .unwrap();
    }
    let mut store = Store::open(&path, Session::new("test")).unwrap();
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let sql: String = store
        .conn()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'order_lines'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        sql.contains("(2 * qty * unit_price_fen + unit_qty) / (2 * unit_qty)"),
        "{sql}"
    );
    // A line whose total is not its rounded amount is refused by the file.
    let wrong = store.conn().execute(
        "INSERT INTO order_lines(id,order_id,line_no,variant_id,qty,unit_price_fen,line_total_fen,unit_qty)
         VALUES ('l2','o1',2,'v',1175,980,2302,500)",
        [],
    );
    assert!(wrong.is_err(), "1175 g at ¥9.80/斤 is ¥23.03, not ¥23.02");
    store
        .conn()
        .execute(
            "INSERT INTO products(id,name,created_at,updated_at) VALUES ('p2','散称苹果',0,0)",
            [],
        )
        .unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO variants(id,product_id,sku,price_fen,sold_by,created_at,updated_at) VALUES ('v2','p2','PG-J',980,'jin',0,0)",
            [],
        )
        .unwrap();
    let order = crate::orders::NewOrder {
        customer: "王阿姨".into(),
        channel: "wechat".into(),
        lines: vec![crate::orders::NewLine {
            sku: "PG-J".into(),
            weight: Some("2.35".into()),
            ..Default::default()
        }],
        allow_oversell: true,
        ..Default::default()
    };
    let no = store.write(|w| crate::checkout::create(w, &order)).unwrap();
    let d = crate::orders::detail(store.conn(), store.clock(), &no).unwrap();
    assert_eq!(d.total.to_string(), "23.03");
    assert!(crate::check::run(store.conn()).unwrap().ok);
}
