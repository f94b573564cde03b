//! The catalog: products, their variants (规格) with SKU, barcode, price and
//! cost, as the Products & Stock screen and `products list` show them.

pub mod detail;
pub mod edit;
pub mod image;
pub mod sold_by;
#[cfg(test)]
mod tests;

use rusqlite::{named_params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::Page;
use sold_by::SoldBy;

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
    #[ts(type = "ProductRole")]
    pub role: String,
    /// By the piece, or by weight (price per 斤, 公斤 or 克; stock in grams).
    pub sold_by: SoldBy,
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
        v.low_stock AS low_stock, p.archived, v.sold_by
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
        sold_by: SoldBy::from_code(&r.get::<_, String>(14)?),
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
/// category and name; products on sale only.
pub fn page(conn: &Connection, query: &str, offset: u32, limit: u32) -> Result<Page<ProductRow>> {
    let filter = ProductFilter {
        query: query.to_string(),
        ..Default::default()
    };
    page_of(conn, &filter, offset, limit)
}

/// What the product list shows: a search, one category, and which side of
/// the shelf (上架 on sale, 下架 taken off, or both).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ProductFilter {
    pub query: String,
    /// Empty for every category.
    pub category: String,
    pub shelf: Shelf,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Shelf {
    /// 上架: on sale.
    #[default]
    On,
    /// 下架: taken off sale (kept for old orders and reports).
    Off,
    All,
}

pub fn page_of(
    conn: &Connection,
    f: &ProductFilter,
    offset: u32,
    limit: u32,
) -> Result<Page<ProductRow>> {
    let pattern = crate::search_key::contains_pattern(&f.query);
    let filter = " AND (:shelf = 2 OR p.archived = :shelf) AND (:category = '' OR p.category = :category)
        AND (:q = '' OR p.name LIKE :q ESCAPE '\\' OR v.sku LIKE :q ESCAPE '\\'
        OR v.barcode LIKE :q ESCAPE '\\' OR p.category LIKE :q ESCAPE '\\' OR p.pinyin LIKE :q ESCAPE '\\')";
    let shelf = match f.shelf {
        Shelf::On => 0,
        Shelf::Off => 1,
        Shelf::All => 2,
    };
    let category = f.category.trim();
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE v.archived = 0{filter}"),
        named_params! { ":q": pattern, ":shelf": shelf, ":category": category },
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!("{SELECT}{filter} ORDER BY p.category, p.name, p.id, v.created_at, v.rowid LIMIT :limit OFFSET :offset"))?;
    let rows = stmt
        .query_map(named_params! { ":q": pattern, ":shelf": shelf, ":category": category, ":limit": limit, ":offset": offset }, row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::counted(total, rows))
}

/// A category and how many products (on sale or not) are in it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Category {
    pub name: String,
    pub products: u32,
}

/// The shop's categories, by name, for the list's filter.
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    Ok(conn
        .prepare("SELECT category, count(*) FROM products WHERE category <> '' GROUP BY category ORDER BY category")?
        .query_map([], |r| {
            Ok(Category {
                name: r.get(0)?,
                products: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// How many products on sale are at or below their warning level.
pub fn low_stock_count(conn: &Connection) -> Result<i32> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM ({SELECT} AND p.archived = 0) t WHERE t.on_hand - t.committed <= t.low_stock"),
        [],
        |r| r.get(0),
    )?)
}

/// Variants at or below their low-stock threshold, the emptiest first.
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
