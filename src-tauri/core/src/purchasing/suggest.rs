//! Reorder suggestions: for every SKU a supplier supplies, what to order so
//! stock lasts through the supplier's lead time plus the shop's cover days
//! at the recent sales rate, less what is on the shelf and already on order,
//! rounded up to whole packs; grouped by supplier with its minimum order.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::grouped;
use crate::money::Money;

/// Days of sales the velocity is measured over.
pub const WINDOW_DAYS: i64 = 28;
/// Shop setting: days of sales an order should cover beyond the lead time.
pub const COVER_SETTING: &str = "purchase_cover_days";
const DEFAULT_COVER_DAYS: i64 = 7;

#[derive(Debug, Clone, Serialize, TS)]
pub struct PlanLine {
    pub sku: String,
    pub title: String,
    pub supplier_item_id: String,
    pub supplier_sku: String,
    /// On hand less what unfulfilled orders hold.
    pub available: i32,
    pub on_order: i32,
    /// Units sold per day over the last 28 days, two decimals.
    pub per_day: String,
    /// Units short of lasting lead time + cover days (+ the low-stock line).
    pub need: i32,
    pub pack_size: i32,
    /// `need` rounded up to whole packs.
    pub qty: i32,
    pub unit_cost: Money,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SupplierPlan {
    pub supplier_id: String,
    pub supplier: String,
    pub lead_days: i32,
    pub cover_days: i32,
    pub min_order: Money,
    pub total: Money,
    /// The supplier will not take an order this small.
    pub below_minimum: bool,
    pub lines: Vec<PlanLine>,
}

/// Suggestions as of the business day `today`, suppliers by name.
pub fn suggest(conn: &Connection, today: NaiveDate) -> Result<Vec<SupplierPlan>> {
    let cover: i64 = conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = ?1",
            [COVER_SETTING],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_COVER_DAYS);
    let since = (today - Duration::days(WINDOW_DAYS)).to_string();
    // Each variant's source: its cheapest available linked supplier item.
    let mut stmt = conn.prepare(
        "WITH source AS (
           SELECT i.*, row_number() OVER (PARTITION BY i.variant_id ORDER BY i.available DESC, i.cost_fen, i.id) AS rank
           FROM supplier_items i WHERE i.variant_id IS NOT NULL AND i.gone = 0)
         SELECT s.id, s.name, s.lead_days, s.min_order_fen, v.sku,
                p.name || CASE WHEN v.options = '' THEN '' ELSE ' ' || v.options END,
                src.id, src.supplier_sku, src.pack_size, src.cost_fen, v.low_stock,
                (SELECT coalesce(sum(on_hand - committed), 0) FROM stock_levels l WHERE l.variant_id = v.id),
                (SELECT coalesce(sum(pl.qty), 0) - coalesce((SELECT sum(rl.qty) FROM receipt_lines rl JOIN po_lines x ON x.id = rl.po_line_id
                                                            JOIN purchase_orders xo ON xo.id = x.po_id
                                                            WHERE x.variant_id = v.id AND xo.status IN ('draft','sent','partly_received')), 0)
                 FROM po_lines pl JOIN purchase_orders po ON po.id = pl.po_id
                 WHERE pl.variant_id = v.id AND po.status IN ('draft','sent','partly_received')),
                (SELECT coalesce(sum(qty), 0) FROM product_daily d WHERE d.variant_id = v.id AND d.day > ?1 AND d.day <= ?2)
         FROM source src JOIN variants v ON v.id = src.variant_id JOIN products p ON p.id = v.product_id
         JOIN suppliers s ON s.id = src.supplier_id
         WHERE src.rank = 1 AND v.archived = 0
         ORDER BY s.name, v.sku",
    )?;
    let mut plans: Vec<SupplierPlan> = Vec::new();
    let mut rows = stmt.query(params![since, today.to_string()])?;
    while let Some(r) = rows.next()? {
        let lead: i64 = r.get(2)?;
        let (low, available, on_order, sold): (i64, i64, i64, i64) =
            (r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?);
        let pack: i64 = r.get::<_, i64>(8)?.max(1);
        let need = need(sold, lead + cover, low, available, on_order);
        if need <= 0 {
            continue;
        }
        let qty = ceil_div(need, pack) * pack;
        let unit = Money::from_fen(r.get(9)?);
        let supplier_id: String = r.get(0)?;
        let plan = grouped::entry(
            &mut plans,
            |p| p.supplier_id == supplier_id,
            || {
                Ok(SupplierPlan {
                    supplier_id: supplier_id.clone(),
                    supplier: r.get(1)?,
                    lead_days: lead as i32,
                    cover_days: cover as i32,
                    min_order: Money::from_fen(r.get(3)?),
                    total: Money::ZERO,
                    below_minimum: false,
                    lines: vec![],
                })
            },
        )?;
        plan.lines.push(PlanLine {
            sku: r.get(4)?,
            title: r.get(5)?,
            supplier_item_id: r.get(6)?,
            supplier_sku: r.get(7)?,
            available: available as i32,
            on_order: on_order as i32,
            per_day: format!(
                "{}.{:02}",
                sold * 100 / WINDOW_DAYS / 100,
                sold * 100 / WINDOW_DAYS % 100
            ),
            need: need as i32,
            pack_size: pack as i32,
            qty: qty as i32,
            unit_cost: unit,
            amount: unit.times(qty),
        });
        plan.total += unit.times(qty);
    }
    for p in &mut plans {
        p.below_minimum = p.total < p.min_order;
    }
    Ok(plans)
}

/// Units short: enough to sell `days` at the window's rate (rounded up)
/// and still hold the low-stock line, less what is there and coming.
fn need(sold_in_window: i64, days: i64, low_stock: i64, available: i64, on_order: i64) -> i64 {
    let to_sell = ceil_div(sold_in_window * days, WINDOW_DAYS);
    to_sell + low_stock - available - on_order
}

/// `a / b` rounded up, for non-negative `a` and positive `b`.
fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

#[cfg(test)]
mod tests {
    use super::need;

    #[test]
    fn need_counts_sales_through_lead_and_cover_less_shelf_and_order() {
        // 56 sold in 28 days = 2/day; 3 days lead + 7 cover = 20; low line 5.
        assert_eq!(need(56, 10, 5, 10, 0), 15);
        assert_eq!(need(56, 10, 5, 10, 15), 0, "already on order");
        assert_eq!(
            need(1, 10, 0, 0, 0),
            1,
            "a slow seller still rounds up to one"
        );
        assert!(
            need(0, 10, 0, 3, 0) < 0,
            "nothing sold, stock on hand: nothing to order"
        );
    }
}
