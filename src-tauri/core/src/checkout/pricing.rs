//! Pricing an order, the one way entry and its quote both use: each line
//! at its price (a flash sale's while one runs), then what comes off, step
//! by step, each step spread over what the lines have left (half-up to the
//! fen, the remainder to the last line): bundles, coupons, the member's
//! level discount, points redeemed. The order's own discount comes after.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::campaigns::members::Member;
use crate::campaigns::promotions;
use crate::campaigns::{bundles, flash};
use crate::catalog::sold_by::SoldBy;
use crate::error::{CoreError, Refusal, Result};
use crate::money::half_up_ratio;
use crate::money::Money;
use crate::orders::insert::{NewLine, PreparedLine};
use crate::orders::Applied;

/// What may come off besides the lines' own prices.
#[derive(Debug, Clone, Copy, Default)]
pub struct Benefits<'a> {
    pub coupons: &'a [String],
    pub member: Option<&'a Member>,
    /// Points to redeem (one point is one fen).
    pub points: i64,
}

/// Lines priced, with what each step took off.
#[derive(Debug, Clone)]
pub struct Priced {
    pub lines: Vec<PreparedLine>,
    pub coupons: Vec<Applied>,
    /// The first coupon's campaign, if it has one.
    pub campaign_id: Option<String>,
    pub bundle_fen: i64,
    pub member_fen: i64,
    pub points: i64,
}

impl Priced {
    pub fn goods(&self) -> i64 {
        self.lines.iter().map(PreparedLine::gross).sum()
    }

    fn left(&self) -> Vec<i64> {
        self.lines.iter().map(PreparedLine::total).collect()
    }

    /// Takes `off` from the lines in proportion to what each has left.
    fn take(&mut self, off: i64) {
        let parts = promotions::spread(off, &self.left());
        for (line, part) in self.lines.iter_mut().zip(parts) {
            line.discount_fen += part;
        }
    }
}

pub fn price(conn: &Connection, new_lines: &[NewLine], b: Benefits, now: i64) -> Result<Priced> {
    let mut p = Priced {
        lines: new_lines
            .iter()
            .map(|l| price_line(conn, l, now))
            .collect::<Result<_>>()?,
        coupons: Vec::new(),
        campaign_id: None,
        bundle_fen: 0,
        member_fen: 0,
        points: 0,
    };
    bundles(conn, &mut p)?;
    let coupons = promotions::load(conn, b.coupons, now)?;
    // "N for ¥X" counts pieces; goods sold by weight are not counted.
    let units: Vec<(i64, i64)> = p
        .lines
        .iter()
        .filter(|l| !l.sold_by.weighed())
        .map(|l| (l.qty, l.unit_fen))
        .collect();
    p.coupons = promotions::discounts(&coupons, &units, p.left().iter().sum())?;
    p.campaign_id = coupons.iter().find_map(|c| c.campaign_id.clone());
    p.take(p.coupons.iter().map(|a| a.discount_fen).sum());
    if let Some(m) = b.member {
        p.member_fen = half_up_ratio(
            p.left().iter().sum::<i64>() as i128 * m.discount_bp as i128,
            10_000,
        );
        p.take(p.member_fen);
    }
    if b.points != 0 {
        let balance = b.member.map_or(0, |m| m.points);
        if b.points < 0 || b.points > balance {
            return Err(CoreError::refused(
                Refusal::PointsOverBalance,
                &[
                    ("points", b.points.to_string()),
                    ("balance", balance.to_string()),
                ],
                format!("{} points to redeem, the member has {balance}", b.points),
            ));
        }
        p.points = b.points.min(p.left().iter().sum());
        p.take(p.points);
    }
    Ok(p)
}

/// Lines sold in a bundle come in whole bundles; what the bundle saves
/// against the lines' prices comes off those lines.
fn bundles(conn: &Connection, p: &mut Priced) -> Result<()> {
    let mut codes: Vec<String> = p.lines.iter().filter_map(|l| l.bundle_id.clone()).collect();
    codes.sort();
    codes.dedup();
    for id in codes {
        let bundle = bundles::load(conn, &id)?;
        let idx: Vec<usize> = (0..p.lines.len())
            .filter(|&i| p.lines[i].bundle_id.as_deref() == Some(&id))
            .collect();
        // A bundle counts whole units: 2斤 of goods sold by weight is 2,
        // and a weight that is not whole units makes no whole bundle.
        let sold: Vec<(String, i64)> = idx
            .iter()
            .map(|&i| {
                let (l, per) = (&p.lines[i], p.lines[i].sold_by.per());
                (
                    l.variant_id.clone(),
                    if l.qty % per == 0 { l.qty / per } else { 0 },
                )
            })
            .collect();
        let sets = bundle.sets(&sold)?;
        let list: i64 = idx.iter().map(|&i| p.lines[i].gross()).sum();
        let off = (list - sets * bundle.price_fen).max(0);
        let totals: Vec<i64> = idx.iter().map(|&i| p.lines[i].total()).collect();
        for (&i, part) in idx.iter().zip(promotions::spread(off, &totals)) {
            p.lines[i].discount_fen += part;
        }
        p.bundle_fen += off;
    }
    Ok(())
}

/// Prices a line at the variant's price, or its flash-sale price while one
/// runs; any other price needs a reason.
fn price_line(conn: &Connection, l: &NewLine, now: i64) -> Result<PreparedLine> {
    let (variant_id, price, sold_by): (String, i64, String) = conn
        .prepare_cached("SELECT id, price_fen, sold_by FROM variants WHERE sku = ?1 OR barcode = ?1 ORDER BY sku = ?1 DESC LIMIT 1")?
        .query_row([&l.sku], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: "sku", key: l.sku.clone() })?;
    let sold_by = SoldBy::from_code(&sold_by);
    let qty = sold_by.line_qty(&l.sku, i64::from(l.qty), l.weight.as_deref())?;
    let flash = flash::price(conn, &variant_id, now)?;
    let price = flash.unwrap_or(price);
    let unit = l.unit_price.map_or(price, Money::fen);
    if !crate::limits::fen_ok(unit) {
        return Err(CoreError::refused(
            Refusal::PriceOutOfRange,
            &[("sku", l.sku.clone())],
            format!("{}: a price is 0 to 9999999.99", l.sku),
        ));
    }
    let reason = l
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if unit != price && reason.is_none() {
        return Err(CoreError::refused(
            Refusal::PriceNeedsReason,
            &[
                ("sku", l.sku.clone()),
                ("list_price", Money::from_fen(price).to_string()),
            ],
            format!(
                "{}: a price other than the list price {} needs a reason",
                l.sku,
                Money::from_fen(price)
            ),
        ));
    }
    let bundle_id = match l.bundle.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(code) => Some(bundles::id_of(conn, code)?),
        None => None,
    };
    Ok(PreparedLine {
        variant_id,
        qty,
        sold_by,
        unit_fen: unit,
        discount_fen: 0,
        override_reason: match (reason.filter(|_| unit != price), flash) {
            (Some(r), _) => Some(r.to_string()),
            (None, Some(_)) => Some("限时抢购".to_string()),
            (None, None) => None,
        },
        bundle_id,
    })
}

/// What order entry shows while the merchant types, priced as saving would.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Quote {
    /// Each line's unit price (a flash sale's while it runs).
    pub unit_prices: Vec<Money>,
    /// Goods at those prices.
    pub goods: Money,
    pub bundle_discount: Money,
    pub coupon_discount: Money,
    pub member_discount: Money,
    pub points_discount: Money,
    /// The member's level and points, when the customer is a member.
    pub member_level: Option<String>,
    #[ts(type = "number")]
    pub member_points: i64,
    /// Goods less all of the above; the order's own discount comes off this.
    pub subtotal: Money,
}

pub fn quote(
    conn: &Connection,
    lines: &[NewLine],
    coupons: &[String],
    customer_id: Option<&str>,
    points: i64,
) -> Result<Quote> {
    let member = match customer_id.filter(|c| !c.is_empty()) {
        Some(c) => crate::campaigns::members::of_customer(conn, c)?,
        None => None,
    };
    let b = Benefits {
        coupons,
        member: member.as_ref(),
        points,
    };
    let p = price(conn, lines, b, crate::shop_time::now())?;
    let coupon: i64 = p.coupons.iter().map(|a| a.discount_fen).sum();
    Ok(Quote {
        unit_prices: p
            .lines
            .iter()
            .map(|l| Money::from_fen(l.unit_fen))
            .collect(),
        goods: Money::from_fen(p.goods()),
        bundle_discount: Money::from_fen(p.bundle_fen),
        coupon_discount: Money::from_fen(coupon),
        member_discount: Money::from_fen(p.member_fen),
        points_discount: Money::from_fen(p.points),
        member_level: member.as_ref().map(|m| m.level.clone()),
        member_points: member.map_or(0, |m| m.points),
        subtotal: Money::from_fen(p.left().iter().sum()),
    })
}
