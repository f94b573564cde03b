//! Suppliers, what they offer, and their sync runs. Feeds, the scheduler and
//! purchasing grow here.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SupplierRow {
    pub id: String,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub lead_days: i32,
    pub min_order: Money,
    pub feed_kind: Option<String>,
    pub feed_url: Option<String>,
    pub items: i32,
    pub linked: i32,
    pub last_sync: Option<String>,
    pub last_status: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SupplierItemRow {
    pub supplier: String,
    pub supplier_sku: String,
    pub title: String,
    pub cost: Money,
    pub pack_size: i32,
    pub available: bool,
    pub stock: Option<i32>,
    /// The shop's own SKU this item supplies, when linked.
    pub sku: Option<String>,
}

pub fn list(conn: &Connection, clock: &ShopClock) -> Result<Vec<SupplierRow>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.name, s.contact, s.phone, s.lead_days, s.min_order_fen, s.feed_kind, s.feed_url,
                (SELECT count(*) FROM supplier_items i WHERE i.supplier_id = s.id AND i.gone = 0),
                (SELECT count(*) FROM supplier_items i WHERE i.supplier_id = s.id AND i.variant_id IS NOT NULL),
                r.started_at, r.status
         FROM suppliers s LEFT JOIN sync_runs r ON r.id = (
           SELECT id FROM sync_runs x WHERE x.supplier_id = s.id ORDER BY started_at DESC LIMIT 1)
         ORDER BY s.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SupplierRow {
            id: r.get(0)?,
            name: r.get(1)?,
            contact: r.get(2)?,
            phone: r.get(3)?,
            lead_days: r.get(4)?,
            min_order: Money::from_fen(r.get(5)?),
            feed_kind: r.get(6)?,
            feed_url: r.get(7)?,
            items: r.get(8)?,
            linked: r.get(9)?,
            last_sync: r.get::<_, Option<i64>>(10)?.map(|t| clock.format(t)),
            last_status: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Items of one supplier (by id), or of all when `supplier_id` is empty.
pub fn items(conn: &Connection, supplier_id: &str) -> Result<Vec<SupplierItemRow>> {
    let mut stmt = conn.prepare(
        "SELECT s.name, i.supplier_sku, i.title, i.cost_fen, i.pack_size, i.available, i.stock, v.sku
         FROM supplier_items i JOIN suppliers s ON s.id = i.supplier_id
         LEFT JOIN variants v ON v.id = i.variant_id
         WHERE i.gone = 0 AND (?1 = '' OR i.supplier_id = ?1)
         ORDER BY s.name, i.title",
    )?;
    let rows = stmt.query_map([supplier_id], |r| {
        Ok(SupplierItemRow {
            supplier: r.get(0)?,
            supplier_sku: r.get(1)?,
            title: r.get(2)?,
            cost: Money::from_fen(r.get(3)?),
            pack_size: r.get(4)?,
            available: r.get(5)?,
            stock: r.get(6)?,
            sku: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
