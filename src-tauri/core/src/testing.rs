//! What the unit tests share: a catalogue of one product, so a test can take
//! an order or move stock without the demo generator.

use rusqlite::{params, Connection};

/// Product `p` (水蜜桃) with one variant `v` of `sku` at `price_fen`, and
/// 1,000 of it on the shelf.
pub fn one_product(conn: &Connection, sku: &str, price_fen: i64) {
    conn.execute(
        "INSERT INTO products(id,name,created_at,updated_at) VALUES ('p','水蜜桃',0,0)",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO variants(id,product_id,sku,price_fen,created_at,updated_at) VALUES ('v','p',?1,?2,0,0)",
        params![sku, price_fen],
    )
    .unwrap();
    // Written as the first schema has them, so the upgrade tests can use
    // it on a shop from before later columns.
    let loc = crate::stock::main_location(conn).unwrap();
    conn.execute(
        "INSERT INTO stock_movements(id, variant_id, location_id, qty, reason, at) VALUES ('m-initial', 'v', ?1, ?2, 'initial', 0)",
        params![loc, STOCKED],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO stock_levels(variant_id, location_id, on_hand) VALUES ('v', ?1, ?2)",
        params![loc, STOCKED],
    )
    .unwrap();
}

/// A shop in a temporary folder with `one_product` (`TAO-5` at ¥36.50)
/// in it; keep the folder alive as long as the store.
pub fn peach_shop() -> (tempfile::TempDir, crate::Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::Store::open(&dir.path().join("s.db"), crate::Session::new("test")).unwrap();
    one_product(store.conn(), "TAO-5", 3650);
    (dir, store)
}

/// What `one_product` puts on the shelf.
pub const STOCKED: i64 = 1000;

/// Every table's rows, sorted, but `skip`'s and the activity log's (with
/// its counter): what "the shop is as it was" compares.
pub fn dump(conn: &Connection, skip: &[&str]) -> Vec<String> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('change_log', 'sqlite_sequence') ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(format!("{t}: {}", cells.join("|")))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

/// The rows one dump has and the other has not, each way: what to show
/// when two dumps differ (a whole dump is too long to read).
pub fn differences(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter()
            .filter(|r| !y.contains(r))
            .take(10)
            .cloned()
            .collect()
    };
    (only(a, b), only(b, a))
}

/// Money received for `order_no`: a cash payment confirmed against it, as
/// reconciliation records one.
pub fn pay_cash(store: &mut crate::Store, order_no: &str, fen: i64) {
    let txn = format!("CASH-{}", crate::ids::new_id());
    store
        .conn()
        .execute(
            "INSERT INTO payments(id, source, txn_id, direction, kind, amount_fen, occurred_at) VALUES (?1, 'cash', ?1, 'in', 'sale', ?2, 0)",
            params![txn, fen],
        )
        .unwrap();
    crate::reconcile::confirm(store, order_no, &txn).unwrap();
}

/// A WeChat order of `qty` of `one_product`'s `TAO-5` for the customer
/// typed as `customer`.
pub fn peach_order(customer: &str, qty: i32) -> crate::orders::NewOrder {
    crate::orders::NewOrder {
        customer: customer.into(),
        channel: "wechat".into(),
        lines: vec![crate::orders::NewLine {
            sku: "TAO-5".into(),
            qty,
            ..Default::default()
        }],
        ..Default::default()
    }
}
