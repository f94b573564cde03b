//! Promotions applied in order entry: coupons (立减 fixed, percentage, 满减
//! spend-X-save-Y, N件N元 N items for a price) with validity, usage limits
//! and stacking, and flash-sale prices for a time window. One rounding rule
//! (half-up to the fen, the remainder to the last line) so the lines always
//! add up to the order.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use ts_rs::TS;

use super::rates::parse_rate;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::half_up_ratio;
use crate::money::Money;
use crate::orders::Applied;
use crate::shop_time;
use crate::store::Writer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// N items for a price: whole groups of `n_items` units cost `value`.
    NFor,
    /// 满减: spend `threshold`, save `value`.
    Threshold,
    /// `value` off.
    Fixed,
    /// `percent_bp` of what is left off.
    Percent,
}

impl Kind {
    pub fn parse(s: &str) -> Result<Kind> {
        Ok(match s {
            "n_for" => Kind::NFor,
            "threshold" => Kind::Threshold,
            "fixed" => Kind::Fixed,
            "percent" => Kind::Percent,
            _ => {
                return Err(CoreError::invalid(
                    "kind",
                    format!("a coupon is fixed, percent, threshold or n_for, not {s:?}"),
                ))
            }
        })
    }
}

/// A coupon as pricing needs it.
#[derive(Debug, Clone)]
pub struct Coupon {
    pub id: String,
    pub code: String,
    pub campaign_id: Option<String>,
    pub kind: Kind,
    pub value_fen: i64,
    pub percent_bp: i64,
    pub threshold_fen: i64,
    pub n_items: i64,
    pub stackable: bool,
}

/// The discount of each coupon on lines of `(qty, unit price)` worth
/// `goods` after earlier steps (bundles). Coupons apply in a fixed order
/// whatever order they were given in (N件N元 on the items, then 满减 and 立减
/// on what is left, the percentage last), each on the amount the earlier
/// ones left, so the discount never exceeds the goods. More than one coupon
/// needs every one of them stackable.
pub fn discounts(coupons: &[Coupon], lines: &[(i64, i64)], goods: i64) -> Result<Vec<Applied>> {
    if coupons.len() > 1 {
        if let Some(alone) = coupons.iter().find(|c| !c.stackable) {
            return Err(CoreError::refused(
                Refusal::CouponAlone,
                &[("code", alone.code.clone())],
                format!(
                    "coupon {} cannot be combined with another coupon",
                    alone.code
                ),
            ));
        }
    }
    let mut ordered: Vec<&Coupon> = coupons.iter().collect();
    ordered.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.code.cmp(&b.code)));
    let mut left = goods;
    let mut out = Vec::with_capacity(coupons.len());
    for c in ordered {
        let off = match c.kind {
            Kind::NFor => n_for(lines, c.n_items, c.value_fen),
            Kind::Threshold if left >= c.threshold_fen => c.value_fen,
            Kind::Threshold => 0,
            Kind::Fixed => c.value_fen,
            Kind::Percent => half_up_ratio(left as i128 * c.percent_bp as i128, 10_000),
        }
        .clamp(0, left);
        left -= off;
        out.push(Applied {
            coupon_id: c.id.clone(),
            discount_fen: off,
        });
    }
    Ok(out)
}

/// Whole groups of `n` units, dearest first, each costing `price`: the
/// discount is what the groups would have cost above that.
fn n_for(lines: &[(i64, i64)], n: i64, price: i64) -> i64 {
    if n <= 0 {
        return 0;
    }
    let mut units: Vec<i64> = lines
        .iter()
        .flat_map(|&(q, u)| std::iter::repeat_n(u, q.max(0) as usize))
        .collect();
    units.sort_unstable_by(|a, b| b.cmp(a));
    units
        .chunks_exact(n as usize)
        .map(|g| (g.iter().sum::<i64>() - price).max(0))
        .sum()
}

/// Spreads `discount` over lines in proportion to their totals (half-up,
/// remainder to the last line), never taking a line below zero: what a line
/// cannot take moves to the lines before it that can.
pub fn spread(discount: i64, line_totals: &[i64]) -> Vec<i64> {
    let weights: Vec<Money> = line_totals.iter().map(|&t| Money::from_fen(t)).collect();
    let mut parts: Vec<i64> = Money::from_fen(discount)
        .allocate(&weights)
        .into_iter()
        .map(Money::fen)
        .collect();
    let mut excess = 0;
    for (p, &cap) in parts.iter_mut().zip(line_totals) {
        if *p > cap {
            excess += *p - cap;
            *p = cap;
        }
    }
    for (p, &cap) in parts.iter_mut().zip(line_totals).rev() {
        let room = (cap - *p).min(excess);
        *p += room;
        excess -= room;
    }
    parts
}

/// The coupons behind `codes`, each valid at `at` and not used up.
pub fn load(conn: &Connection, codes: &[String], at: i64) -> Result<Vec<Coupon>> {
    let mut out: Vec<Coupon> = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if out.iter().any(|c| c.code == code) {
            return Err(CoreError::refused(
                Refusal::CouponTwice,
                &[("code", code.to_string())],
                format!("coupon {code} is given twice"),
            ));
        }
        let row = conn
            .prepare_cached(
                "SELECT c.id, c.campaign_id, c.kind, c.value_fen, c.percent_bp, c.threshold_fen, c.n_items, c.stackable,
                        c.valid_from, c.valid_to, c.usage_limit,
                        (SELECT count(*) FROM order_coupons oc JOIN orders o ON o.id = oc.order_id
                          WHERE oc.coupon_id = c.id AND o.status NOT IN ('cancelled', 'draft'))
                 FROM coupons c WHERE c.code = ?1",
            )?
            .query_row([code], |r| {
                Ok((
                    Coupon {
                        id: r.get(0)?,
                        code: code.to_string(),
                        campaign_id: r.get(1)?,
                        kind: Kind::NFor,
                        value_fen: r.get(3)?,
                        percent_bp: r.get(4)?,
                        threshold_fen: r.get(5)?,
                        n_items: r.get(6)?,
                        stackable: r.get(7)?,
                    },
                    r.get::<_, String>(2)?,
                    (r.get::<_, i64>(8)?, r.get::<_, i64>(9)?),
                    (r.get::<_, i64>(10)?, r.get::<_, i64>(11)?),
                ))
            })
            .optional()?;
        let (mut coupon, kind, (from, to), (limit, used)) =
            row.ok_or_else(|| CoreError::NotFound {
                entity: "coupon",
                key: code.to_string(),
            })?;
        coupon.kind = Kind::parse(&kind)?;
        if at < from || at > to {
            return Err(CoreError::refused(
                Refusal::CouponNotValidNow,
                &[("code", code.to_string())],
                format!("coupon {code} is not valid now"),
            ));
        }
        if limit > 0 && used >= limit {
            return Err(CoreError::refused(
                Refusal::CouponUsedUp,
                &[("code", code.to_string()), ("used", used.to_string())],
                format!("coupon {code} has been used {used} times, its limit"),
            ));
        }
        out.push(coupon);
    }
    Ok(out)
}

/// A new coupon as the merchant sets it up.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewCoupon {
    pub code: String,
    /// `fixed`, `percent`, `threshold` or `n_for`.
    pub kind: String,
    /// Off (fixed, threshold) or the price of N items (n_for).
    pub value: Money,
    /// Percentage off, `10%` (percent).
    pub percent: String,
    /// Spend at least this (threshold).
    pub threshold: Money,
    /// N of N件N元.
    #[ts(type = "number")]
    pub n_items: i64,
    /// Business days, `YYYY-MM-DD`, inclusive.
    pub valid_from: String,
    pub valid_to: String,
    /// How many orders may use it; 0 for no limit.
    #[ts(type = "number")]
    pub usage_limit: i64,
    pub stackable: bool,
    pub campaign_id: Option<String>,
}

pub fn add_coupon(w: &Writer, c: &NewCoupon) -> Result<String> {
    let code = c.code.trim();
    if code.is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "coupon".into())],
            "a coupon needs a code".into(),
        ));
    }
    let kind = Kind::parse(&c.kind)?;
    let percent_bp = if kind == Kind::Percent {
        parse_rate(&c.percent)?
    } else {
        0
    };
    let ok = match kind {
        Kind::Fixed => c.value.fen() > 0,
        Kind::Threshold => c.value.fen() > 0 && c.threshold.fen() > c.value.fen(),
        Kind::Percent => percent_bp > 0,
        Kind::NFor => c.n_items >= 2 && c.value.fen() > 0,
    };
    if !ok {
        return Err(CoreError::refused(Refusal::CouponNoDiscount, &[], "a coupon takes something off: 立减 an amount, 满减 less than the threshold, a percentage above 0, N件N元 for 2 or more items".into()));
    }
    let from = w.clock.day_start(parse_day(&c.valid_from)?);
    let to = w.clock.day_start(parse_day(&c.valid_to)?) + 86_399;
    if to < from {
        return Err(CoreError::refused(
            Refusal::EndsBeforeStarts,
            &[("what", "coupon".into())],
            "a coupon ends after it starts".into(),
        ));
    }
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO coupons(id, campaign_id, code, kind, value_fen, percent_bp, threshold_fen, n_items, valid_from, valid_to, usage_limit, stackable, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![id, c.campaign_id.as_deref().filter(|s| !s.is_empty()), code, c.kind, c.value.fen(), percent_bp, c.threshold.fen(), c.n_items,
                from, to, c.usage_limit.max(0), c.stackable, shop_time::now()],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            CoreError::refused(
                Refusal::CodeTaken,
                &[("what", "coupon".into()), ("code", code.to_string())],
                format!("coupon {code} exists already"),
            )
        }
        e => e.into(),
    })?;
    w.log("coupon", &id, "create", code)?;
    Ok(id)
}

pub fn parse_day(s: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::refused(
            Refusal::NotADay,
            &[("text", s.to_string())],
            format!("not a day (YYYY-MM-DD): {s:?}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn coupon(
        code: &str,
        kind: Kind,
        value: i64,
        pct: i64,
        threshold: i64,
        n: i64,
        stackable: bool,
    ) -> Coupon {
        Coupon {
            id: code.into(),
            code: code.into(),
            campaign_id: None,
            kind,
            value_fen: value,
            percent_bp: pct,
            threshold_fen: threshold,
            n_items: n,
            stackable,
        }
    }

    #[test]
    fn each_kind_takes_what_it_says() {
        let lines = [(2, 3650), (1, 1000)]; // ¥83.00
        let one = |c| discounts(&[c], &lines, 8300).unwrap()[0].discount_fen;
        assert_eq!(one(coupon("a", Kind::Fixed, 500, 0, 0, 0, false)), 500);
        assert_eq!(
            one(coupon("b", Kind::Threshold, 1000, 0, 8000, 0, false)),
            1000
        );
        assert_eq!(
            one(coupon("c", Kind::Threshold, 1000, 0, 9000, 0, false)),
            0
        );
        assert_eq!(one(coupon("d", Kind::Percent, 0, 1250, 0, 0, false)), 1038); // 12.5% of 83.00 = 10.375
                                                                                 // 3件50元: the three units (36.50, 36.50, 10.00) cost 50.00 instead of 83.00.
        assert_eq!(one(coupon("e", Kind::NFor, 5000, 0, 0, 3, false)), 3300);
        assert_eq!(one(coupon("f", Kind::Fixed, 99_999, 0, 0, 0, false)), 8300);
    }

    #[test]
    fn stacking_needs_every_coupon_stackable() {
        let lines = [(1, 10_000)];
        let a = coupon("A", Kind::Fixed, 500, 0, 0, 0, true);
        let b = coupon("B", Kind::Percent, 0, 1000, 0, 0, false);
        assert!(discounts(&[a.clone(), b.clone()], &lines, 10_000).is_err());
        let b = Coupon {
            stackable: true,
            ..b
        };
        // Fixed first (¥5 off ¥100), then 10% of the ¥95 left.
        let got = discounts(&[b, a], &lines, 10_000).unwrap();
        assert_eq!(got.iter().map(|x| x.discount_fen).sum::<i64>(), 500 + 950);
    }

    fn any_coupon() -> impl Strategy<Value = Coupon> {
        (0..4u8, 0..20_000i64, 0..10_000i64, 0..30_000i64, 1..5i64).prop_map(|(k, v, p, t, n)| {
            let kind = [Kind::NFor, Kind::Threshold, Kind::Fixed, Kind::Percent][k as usize];
            coupon(&format!("C{k}{v}{p}"), kind, v, p, t, n, true)
        })
    }

    proptest! {
        /// Stacked coupons never take more than the goods, in whatever order
        /// they are given; spread over the lines they add up to the fen and
        /// never take a line below zero.
        #[test]
        fn stacked_coupons_add_up(
            lines in prop::collection::vec((1..6i64, 0..20_000i64), 1..6),
            mut coupons in prop::collection::vec(any_coupon(), 0..4),
        ) {
            coupons.dedup_by(|a, b| a.code == b.code);
            let goods: i64 = lines.iter().map(|(q, u)| q * u).sum();
            let got = discounts(&coupons, &lines, goods).unwrap();
            let total: i64 = got.iter().map(|a| a.discount_fen).sum();
            prop_assert!(total >= 0 && total <= goods);
            let mut reversed = coupons.clone();
            reversed.reverse();
            let again: i64 = discounts(&reversed, &lines, goods).unwrap().iter().map(|a| a.discount_fen).sum();
            prop_assert_eq!(total, again);
            let totals: Vec<i64> = lines.iter().map(|(q, u)| q * u).collect();
            let parts = spread(total, &totals);
            prop_assert_eq!(parts.iter().sum::<i64>(), total);
            for (p, t) in parts.iter().zip(&totals) {
                prop_assert!(*p >= 0 && p <= t, "part {} of line {}", p, t);
            }
        }
    }
}
