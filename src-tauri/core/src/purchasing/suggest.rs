//! Reorder suggestions: for every SKU a supplier supplies, what to order so
//! stock lasts through the supplier's lead time plus the shop's cover days
//! at the recent sales rate, less what is on the shelf and already on order,
//! rounded up to whole packs; grouped by supplier with its minimum order.
//! Goods with a shelf life (their latest batch's best-before, counted from
//! its receipt) are never suggested beyond what sells before they expire.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::catalog::sold_by::SoldBy;
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
    /// `need` rounded up to whole packs; for goods with a shelf life, no
    /// more than sells before they expire (whole packs, possibly none).
    pub qty: i32,
    /// Days the latest batch kept, received to best-before; none when the
    /// goods were never received with a date.
    pub shelf_life_days: Option<i32>,
    /// The shelf life cut `qty` below `need`.
    pub capped_by_shelf_life: bool,
    /// By the piece, or by weight: quantities in grams, the cost per unit.
    pub sold_by: SoldBy,
    /// `qty` as ordered: `24`, `15斤`.
    pub qty_text: String,
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

/// Each variant a supplier supplies, through its cheapest available linked
/// supplier item, with what the suggestion needs: on the shelf, on order,
/// sold in the window (`?1` to `?2`) and the latest batch's shelf life.
const SUGGEST: &str = "WITH source AS (
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
          (SELECT coalesce(sum(qty), 0) FROM product_daily d WHERE d.variant_id = v.id AND d.day > ?1 AND d.day <= ?2),
          (SELECT CAST(julianday(b.expires_on) - julianday(b.received_on) AS INTEGER)
           FROM stock_batches b WHERE b.variant_id = v.id ORDER BY b.received_at DESC, b.id DESC LIMIT 1),
          v.sold_by
   FROM source src JOIN variants v ON v.id = src.variant_id JOIN products p ON p.id = v.product_id
   JOIN suppliers s ON s.id = src.supplier_id
   WHERE src.rank = 1 AND v.archived = 0
   ORDER BY s.name, v.sku";

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
    let mut stmt = conn.prepare(SUGGEST)?;
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
        let shelf_life: Option<i64> = r.get(14)?;
        let (qty, capped) = within_shelf_life(ceil_div(need, pack) * pack, sold, shelf_life, pack);
        let unit = Money::from_fen(r.get(9)?);
        let sold_by = SoldBy::from_code(&r.get::<_, String>(15)?);
        let amount = Money::from_fen(sold_by.amount(qty, unit.fen()));
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
            per_day: per_day(sold, sold_by),
            need: need as i32,
            pack_size: pack as i32,
            qty: qty as i32,
            shelf_life_days: shelf_life.map(|d| d as i32),
            capped_by_shelf_life: capped,
            sold_by,
            qty_text: sold_by.show(qty),
            unit_cost: unit,
            amount,
        });
        plan.total += amount;
    }
    for p in &mut plans {
        p.below_minimum = p.total < p.min_order;
    }
    Ok(plans)
}

/// Sold per day over the window: pieces with two decimals, or a weight.
fn per_day(sold_in_window: i64, sold_by: SoldBy) -> String {
    let hundredths = sold_in_window * 100 / WINDOW_DAYS;
    match sold_by.weighed() {
        true => sold_by.show(sold_in_window / WINDOW_DAYS),
        false => format!("{}.{:02}", hundredths / 100, hundredths % 100),
    }
}

/// Units short: enough to sell `days` at the window's rate (rounded up)
/// and still hold the low-stock line, less what is there and coming.
fn need(sold_in_window: i64, days: i64, low_stock: i64, available: i64, on_order: i64) -> i64 {
    let to_sell = ceil_div(sold_in_window * days, WINDOW_DAYS);
    to_sell + low_stock - available - on_order
}

/// `qty` cut to the whole packs that sell within `shelf_life` days at the
/// window's rate (none when not even one does), and whether it was cut.
fn within_shelf_life(
    qty: i64,
    sold_in_window: i64,
    shelf_life: Option<i64>,
    pack: i64,
) -> (i64, bool) {
    let Some(days) = shelf_life else {
        return (qty, false);
    };
    let sells = sold_in_window * days.max(0) / WINDOW_DAYS;
    let most = sells / pack * pack;
    if qty > most {
        (most, true)
    } else {
        (qty, false)
    }
}

/// `a / b` rounded up, for non-negative `a` and positive `b`.
fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

#[cfg(test)]
mod tests {
    use super::{need, within_shelf_life};

    #[test]
    fn goods_that_go_off_are_never_suggested_beyond_what_sells_in_time() {
        // 0.07 a day (2 in 28 days) of okra that keeps 5 days: not one
        // pack of 12 sells in time.
        assert_eq!(within_shelf_life(12, 2, Some(5), 12), (0, true));
        // 2 a day for 3 days: 6, in packs of 4: one pack.
        assert_eq!(within_shelf_life(20, 56, Some(3), 4), (4, true));
        // Eggs that keep 30 days: the need stands.
        assert_eq!(within_shelf_life(20, 56, Some(30), 4), (20, false));
        assert_eq!(within_shelf_life(20, 56, None, 4), (20, false));
    }

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
