//! The courier orders still to send (待发货): paid, not yet given a parcel.
//! The list the shipping screen shows, and the same orders written in the
//! layout courier platforms (菜鸟, 快递管家 …) import to print waybills.

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;
use crate::table::sheet;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ToShip {
    pub order_no: String,
    /// Shop-local `YYYY-MM-DD HH:MM:SS`.
    pub placed_at: String,
    pub customer: String,
    pub phone: String,
    /// Where it goes: the customer's address; empty when none is known.
    pub address: String,
    /// `苹果 红富士 ×2；香蕉 ×1`.
    pub items: String,
    /// Pieces in the parcel.
    pub pieces: i32,
    pub total: Money,
    pub remark: String,
}

/// Paid courier orders without a parcel, oldest first (sent first).
pub fn list(conn: &Connection, clock: &ShopClock) -> Result<Vec<ToShip>> {
    let mut stmt = conn.prepare(
        "SELECT o.order_no, o.placed_at, COALESCE(c.name, ''), COALESCE(c.phone, ''), COALESCE(c.address, ''),
                (SELECT group_concat(trim(p.name || ' ' || v.options) || ' ×' || l.qty, '；')
                 FROM order_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
                 WHERE l.order_id = o.id),
                o.total_fen, o.remark, (SELECT sum(qty) FROM order_lines l WHERE l.order_id = o.id)
         FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
         WHERE o.delivery = 'courier' AND o.status = 'paid'
           AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.order_id = o.id)
         ORDER BY o.placed_at, o.order_no",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ToShip {
                order_no: r.get(0)?,
                placed_at: clock.format(r.get(1)?),
                customer: r.get(2)?,
                phone: r.get(3)?,
                address: r.get(4)?,
                items: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                total: Money::from_fen(r.get(6)?),
                remark: r.get(7)?,
                pieces: r.get::<_, Option<i32>>(8)?.unwrap_or(0),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What an export of the orders to send wrote.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ToShipExport {
    pub file: String,
    pub orders: u32,
    /// Orders written without an address: the platform will ask for one.
    pub without_address: Vec<String>,
}

/// The header courier platforms read (their import templates name these).
const HEADER: &[&str] = &[
    "订单号",
    "收件人",
    "收件人手机",
    "收件地址",
    "物品名称",
    "件数",
    "备注",
];

/// Writes the orders to send to `path` (CSV, or XLSX by its extension).
pub fn export(conn: &Connection, clock: &ShopClock, path: &Path) -> Result<ToShipExport> {
    let orders = list(conn, clock)?;
    let rows: Vec<Vec<String>> = orders
        .iter()
        .map(|o| {
            vec![
                o.order_no.clone(),
                o.customer.clone(),
                o.phone.clone(),
                o.address.clone(),
                o.items.clone(),
                o.pieces.to_string(),
                o.remark.clone(),
            ]
        })
        .collect();
    sheet::write(path, "待发货", HEADER, &rows)?;
    Ok(ToShipExport {
        file: path.display().to_string(),
        orders: orders.len() as u32,
        without_address: orders
            .iter()
            .filter(|o| o.address.trim().is_empty())
            .map(|o| o.order_no.clone())
            .collect(),
    })
}
