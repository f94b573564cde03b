//! The catalog: products, their variants (规格) with SKU, barcode, price and
//! cost, as the Products & Stock screen and `products list` show them.

pub mod detail;
pub mod edit;
pub mod image;

use rusqlite::{named_params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::Page;

/// One sellable variant with its stock at all locations.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProductRow {
    pub product_id: String,
    pub archived: bool,
    pub variant_id: String,
    pub name: String,
    pub options: String,
    pub sku: String,
    pub barcode: Option<String>,
    pub category: String,
    /// `traffic` (引流款), `profit` (利润款) or `normal`.
    pub role: String,
    pub price: Money,
    pub cost: Money,
    pub on_hand: i32,
    pub committed: i32,
    pub available: i32,
    pub low_stock: i32,
}

const SELECT: &str = "SELECT p.id, v.id, p.name, v.options, v.sku, v.barcode, p.category, p.role,
        v.price_fen, v.cost_fen,
        COALESCE((SELECT sum(on_hand) FROM stock_levels s WHERE s.variant_id = v.id), 0) AS on_hand,
        COALESCE((SELECT sum(committed) FROM stock_levels s WHERE s.variant_id = v.id), 0) AS committed,
        v.low_stock AS low_stock, p.archived
     FROM variants v JOIN products p ON p.id = v.product_id
     WHERE v.archived = 0";

fn row(r: &rusqlite::Row) -> rusqlite::Result<ProductRow> {
    let on_hand: i32 = r.get(10)?;
    let committed: i32 = r.get(11)?;
    Ok(ProductRow {
        product_id: r.get(0)?,
        variant_id: r.get(1)?,
        name: r.get(2)?,
        options: r.get(3)?,
        sku: r.get(4)?,
        barcode: r.get(5)?,
        category: r.get(6)?,
        role: r.get(7)?,
        price: Money::from_fen(r.get(8)?),
        cost: Money::from_fen(r.get(9)?),
        on_hand,
        committed,
        available: on_hand - committed,
        low_stock: r.get(12)?,
        archived: r.get(13)?,
    })
}

/// Variants matching `query` (name, SKU, barcode, category, pinyin), by
/// name; archived products only when asked for.
pub fn page(conn: &Connection, query: &str, offset: u32, limit: u32) -> Result<Page<ProductRow>> {
    page_of(conn, query, false, offset, limit)
}

pub fn page_of(
    conn: &Connection,
    query: &str,
    archived: bool,
    offset: u32,
    limit: u32,
) -> Result<Page<ProductRow>> {
    let pattern = crate::search_key::contains_pattern(query);
    let filter = " AND p.archived = :archived AND (:q = '' OR p.name LIKE :q ESCAPE '\\' OR v.sku LIKE :q ESCAPE '\\'
        OR v.barcode LIKE :q ESCAPE '\\' OR p.category LIKE :q ESCAPE '\\' OR p.pinyin LIKE :q ESCAPE '\\')";
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE v.archived = 0{filter}"),
        named_params! { ":q": pattern, ":archived": archived },
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!("{SELECT}{filter} ORDER BY p.category, p.name, p.id, v.created_at, v.rowid LIMIT :limit OFFSET :offset"))?;
    let rows = stmt
        .query_map(named_params! { ":q": pattern, ":archived": archived, ":limit": limit, ":offset": offset }, row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page { total, rows })
}

/// Variants at or below their low-stock threshold, the emptiest first.
/// How many products on sale are at or below their warning level.
pub fn low_stock_count(conn: &Connection) -> Result<i32> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM ({SELECT} AND p.archived = 0) t WHERE t.on_hand - t.committed <= t.low_stock"),
        [],
        |r| r.get(0),
    )?)
}

pub fn low_stock(conn: &Connection, limit: u32) -> Result<Vec<ProductRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM ({SELECT} AND p.archived = 0) t WHERE t.on_hand - t.committed <= t.low_stock
         ORDER BY t.on_hand - t.committed - t.low_stock, t.sku LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map([limit], row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
