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
    let loc = crate::stock::main_location(conn).unwrap();
    let m = crate::stock::Movement {
        variant_id: "v",
        location_id: &loc,
        qty: STOCKED,
        reason: crate::stock::Reason::Initial,
        ref_type: None,
        ref_id: None,
        note: "",
        at: 0,
    };
    crate::stock::record(conn, &m, "m-initial").unwrap();
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
