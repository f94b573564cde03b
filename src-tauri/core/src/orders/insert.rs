//! Writing an order into the ledger: its row, its lines at the prices
//! already decided (later price changes never touch them), the coupons
//! they took and the stock it holds. Deciding the prices is checkout's.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::status::{self, Effect};
use crate::catalog::sold_by::SoldBy;
use crate::error::Result;
use crate::ids;
use crate::money::Money;
use crate::shop_time;
use crate::store::Writer;

/// What order entry hands to core; prices default to the variant's own.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewOrder {
    /// The customer picked from the list; else `customer` is a name or
    /// WeChat nickname, found or created.
    pub customer_id: Option<String>,
    pub customer: String,
    pub phone: String,
    #[ts(type = "Channel")]
    pub channel: String,
    pub lines: Vec<NewLine>,
    /// Off the whole order, in yuan.
    pub discount: Money,
    pub remark: String,
    pub pickup_point_id: Option<String>,
    /// How it reaches the buyer: `pickup` (自提, the default), `delivery`
    /// (送货) or `courier` (快递).
    #[ts(type = "Delivery")]
    pub delivery: String,
    /// The day the goods arrive (预售, `YYYY-MM-DD`); none for today's.
    pub arrives_on: Option<String>,
    pub referrer_id: Option<String>,
    /// Coupon codes; several only when every one is stackable.
    pub coupons: Vec<String>,
    /// Member points to redeem (one point is one fen off).
    #[ts(type = "number")]
    pub redeem_points: i64,
    /// The campaign the order belongs to (a live session's code, say);
    /// else the coupon's campaign, if it has one.
    pub campaign_id: Option<String>,
    /// Kept as a draft: no number in the day's sequence is skipped, no
    /// stock is held.
    pub draft: bool,
    /// Sell beyond what is available (the merchant confirmed it).
    pub allow_oversell: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewLine {
    pub sku: String,
    /// Pieces; for goods sold by weight, whole units (斤, 公斤, 克).
    pub qty: i32,
    /// For goods sold by weight, the weight as written, in the variant's
    /// unit unless it names another (`2.35`, `2.35斤`, `500克`); it takes
    /// the place of `qty`.
    pub weight: Option<String>,
    pub unit_price: Option<Money>,
    /// Why the price differs from the list price (required when it does).
    pub override_reason: Option<String>,
    /// Sold as part of this bundle (its code): the bundle's lines come in
    /// whole bundles, at the bundle's price.
    pub bundle: Option<String>,
}

/// A line that would sell more than is available.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Shortfall {
    pub sku: String,
    /// Pieces, or grams for goods sold by weight.
    #[ts(type = "number")]
    pub available: i64,
    #[ts(type = "number")]
    pub wanted: i64,
    pub sold_by: SoldBy,
}

impl Shortfall {
    /// The refusal a merchant reads, in the goods' unit.
    pub fn refusal(self) -> crate::CoreError {
        crate::CoreError::Oversell {
            available: self.sold_by.show(self.available),
            wanted: self.sold_by.show(self.wanted),
            sku: self.sku,
        }
    }
}

/// An order ready to write: references resolved, prices known.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub order_no: Option<String>,
    pub placed_at: i64,
    pub channel: String,
    pub status: String,
    pub customer_id: Option<String>,
    pub leader_id: Option<String>,
    pub pickup_point_id: Option<String>,
    pub delivery: &'static str,
    pub arrives_on: Option<String>,
    pub referrer_id: Option<String>,
    pub campaign_id: Option<String>,
    pub discount_fen: i64,
    pub remark: String,
    pub lines: Vec<PreparedLine>,
    /// What each coupon took off (spread over the lines' discounts).
    pub coupons: Vec<Applied>,
    /// The member's points redeemed on it.
    pub points: Option<(String, i64)>,
    /// The import writing it (see `imports`); none for an order taken.
    pub import_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PreparedLine {
    pub variant_id: String,
    /// Pieces, or grams for goods sold by weight.
    pub qty: i64,
    /// By the piece, or by weight: a price per 斤 is for 500 of `qty`.
    pub sold_by: SoldBy,
    pub unit_fen: i64,
    /// Off this line: its share of the bundle, coupons, member discount
    /// and points.
    pub discount_fen: i64,
    pub override_reason: Option<String>,
    pub bundle_id: Option<String>,
}

impl PreparedLine {
    /// The goods at the line's price, rounded half-up to the fen once.
    pub fn gross(&self) -> i64 {
        self.sold_by.amount(self.qty, self.unit_fen)
    }

    pub fn total(&self) -> i64 {
        self.gross() - self.discount_fen
    }
}

impl Prepared {
    pub fn subtotal(&self) -> i64 {
        self.lines.iter().map(PreparedLine::total).sum()
    }
}

/// Lines wanting more than is available (on hand − held), summed per
/// variant across the order's lines.
pub fn shortfalls(conn: &Connection, lines: &[PreparedLine]) -> Result<Vec<Shortfall>> {
    let mut wanted: Vec<(&str, i64)> = Vec::new();
    for l in lines {
        match wanted.iter_mut().find(|(v, _)| *v == l.variant_id) {
            Some((_, q)) => *q += l.qty,
            None => wanted.push((&l.variant_id, l.qty)),
        }
    }
    let mut out = Vec::new();
    for (variant_id, qty) in wanted {
        let (sku, available, sold_by): (String, i64, String) = conn
            .prepare_cached(
                "SELECT v.sku, COALESCE((SELECT sum(on_hand - committed) FROM stock_levels s WHERE s.variant_id = v.id), 0), v.sold_by
                 FROM variants v WHERE v.id = ?1",
            )?
            .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if qty > available {
            out.push(Shortfall {
                sku,
                available,
                wanted: qty,
                sold_by: SoldBy::from_code(&sold_by),
            });
        }
    }
    Ok(out)
}

/// Writes a prepared order and its stock effect; no log (the caller logs
/// one entry for a whole import). Returns the order's id and number.
pub fn insert(w: &Writer, p: &Prepared, location: &str) -> Result<(String, String)> {
    let id = ids::new_id();
    let day = w.clock.business_day(p.placed_at);
    let order_no = match &p.order_no {
        Some(n) => n.clone(),
        None => ids::next_number(w.tx, "order", "S", day)?,
    };
    let subtotal = p.subtotal();
    // An order collected at a pickup point carries the code the buyer shows.
    let pickup_code = match &p.pickup_point_id {
        Some(_) => Some(new_pickup_code(w.tx)?),
        None => None,
    };
    let coupon_id = p.coupons.first().map(|c| c.coupon_id.as_str());
    w.tx.prepare_cached(
        "INSERT INTO orders(id, order_no, placed_at, business_day, channel, status, customer_id, leader_id,
                            pickup_point_id, referrer_id, campaign_id, coupon_id, subtotal_fen, discount_fen, total_fen,
                            pickup_code, remark, created_at, updated_at, import_id, delivery, arrives_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        id, order_no, p.placed_at, day.to_string(), p.channel, p.status, p.customer_id, p.leader_id,
        p.pickup_point_id, p.referrer_id, p.campaign_id, coupon_id, subtotal, p.discount_fen, subtotal - p.discount_fen,
        pickup_code, p.remark, shop_time::now(), p.import_id, p.delivery, p.arrives_on
    ])?;
    insert_lines(w.tx, &id, &p.lines, &p.coupons)?;
    let effect = Effect::of(&p.status, false);
    status::move_stock(w.tx, &id, Effect::Nothing, effect, location, p.placed_at)?;
    Ok((id, order_no))
}

/// Writes an order's lines (each at the variant's cost now, for the
/// margin) and what its coupons took off.
pub fn insert_lines(
    conn: &Connection,
    order_id: &str,
    lines: &[PreparedLine],
    coupons: &[Applied],
) -> Result<()> {
    for c in coupons {
        conn.prepare_cached(
            "INSERT INTO order_coupons(order_id, coupon_id, discount_fen) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![order_id, c.coupon_id, c.discount_fen])?;
    }
    for (i, l) in lines.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO order_lines(id, order_id, line_no, variant_id, qty, unit_price_fen, discount_fen, line_total_fen, override_reason, bundle_id, unit_cost_fen, unit_qty)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, (SELECT cost_fen FROM variants WHERE id = ?4), ?11)",
        )?
        .execute(params![ids::new_id(), order_id, i as i64 + 1, l.variant_id, l.qty, l.unit_fen, l.discount_fen, l.total(), l.override_reason, l.bundle_id, l.sold_by.per()])?;
    }
    Ok(())
}

/// What one coupon took off an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub coupon_id: String,
    pub discount_fen: i64,
}

/// A six-digit code no order still to be collected has.
fn new_pickup_code(conn: &Connection) -> Result<String> {
    let mut seed = u64::from_str_radix(&ids::new_id().replace('-', "")[16..], 16).unwrap_or(7);
    loop {
        // xorshift over the id's random tail: cheap, and a clash just
        // draws again.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let code = format!("{:06}", seed % 1_000_000);
        let used: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM orders WHERE pickup_code = ?1 AND status IN ('awaiting_payment', 'paid', 'fulfilled'))",
            )?
            .query_row([&code], |r| r.get(0))?;
        if !used {
            return Ok(code);
        }
    }
}
