//! What sold: top products with their margin, traffic items (引流款) against
//! profit items (利润款), and how fast stock turns with the days it ran out.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{per, percent, Period};
use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProductSales {
    pub sku: String,
    pub name: String,
    pub options: String,
    /// `traffic` (引流款), `profit` (利润款) or `normal`.
    pub role: String,
    #[ts(type = "number")]
    pub qty: i64,
    /// Line totals after line discounts.
    pub revenue: Money,
    /// Quantity × the variant's cost today.
    pub cost: Money,
    pub margin: Money,
    /// Margin ÷ revenue, one decimal; none without revenue.
    pub margin_pct: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RoleMix {
    pub role: String,
    pub variants: i32,
    #[ts(type = "number")]
    pub qty: i64,
    pub revenue: Money,
    pub margin: Money,
    pub margin_pct: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProductMix {
    /// Best sellers by revenue.
    pub top: Vec<ProductSales>,
    pub roles: Vec<RoleMix>,
}

/// Every variant sold in the period, by revenue: its whole months from
/// `product_monthly`, the days before and after them from `product_daily`.
/// Each range has one lower and one upper bound: given three bound
/// parameters, SQLite kept the period's and scanned a year of days for a
/// year's top products (15 ms against 2).
pub fn sold(conn: &Connection, p: Period) -> Result<Vec<ProductSales>> {
    let (first, last) = whole_months(p);
    let mut stmt = conn.prepare_cached(
        "WITH s AS (SELECT variant_id, sum(qty) AS q, sum(revenue_fen) AS r FROM (
                      SELECT variant_id, qty, revenue_fen FROM product_daily
                      WHERE day >= ?1 AND day < ?3
                      UNION ALL
                      SELECT variant_id, qty, revenue_fen FROM product_daily
                      WHERE day > ?4 AND day <= ?2
                      UNION ALL
                      SELECT variant_id, qty, revenue_fen FROM product_monthly
                      WHERE month >= substr(?3, 1, 7) AND month <= substr(?4, 1, 7) AND ?3 <= ?4)
                    GROUP BY variant_id)
         SELECT v.sku, p.name, v.options, p.role, s.q, s.r, (2 * v.cost_fen * s.q + v.unit_qty) / (2 * v.unit_qty)
         FROM s JOIN variants v ON v.id = s.variant_id JOIN products p ON p.id = v.product_id
         WHERE s.q <> 0 ORDER BY s.r DESC, v.sku",
    )?;
    let [from, to] = p.args();
    let args = [from, to, first.to_string(), last.to_string()];
    let rows = stmt.query_map(args, |r| {
        let (revenue, cost): (i64, i64) = (r.get(5)?, r.get(6)?);
        Ok(ProductSales {
            sku: r.get(0)?,
            name: r.get(1)?,
            options: r.get(2)?,
            role: r.get(3)?,
            qty: r.get(4)?,
            revenue: Money::from_fen(revenue),
            cost: Money::from_fen(cost),
            margin: Money::from_fen(revenue - cost),
            margin_pct: percent(revenue - cost, revenue),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first day of the period's first whole month and the last day of its
/// last whole month. Without a whole month, the day after the period and
/// its last day: every day is then read from the days before "the first".
fn whole_months(p: Period) -> (NaiveDate, NaiveDate) {
    let first = match p.from.day() {
        1 => p.from,
        _ => month_after(p.from),
    };
    let last = match month_after(p.to).pred_opt() {
        Some(end) if end == p.to => p.to,
        _ => {
            p.to.with_day(1)
                .and_then(|d| d.pred_opt())
                .unwrap_or(p.from)
        }
    };
    match first <= last {
        true => (first, last),
        false => (p.to.succ_opt().unwrap_or(p.to), p.to),
    }
}

/// The first day of the month after `day`'s.
fn month_after(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// The top `limit` products and every role's totals.
pub fn mix(conn: &Connection, p: Period, limit: usize) -> Result<ProductMix> {
    let all = sold(conn, p)?;
    let mut roles: Vec<RoleMix> = Vec::new();
    for s in &all {
        let i = match roles.iter().position(|r| r.role == s.role) {
            Some(i) => i,
            None => {
                roles.push(RoleMix {
                    role: s.role.clone(),
                    variants: 0,
                    qty: 0,
                    revenue: Money::ZERO,
                    margin: Money::ZERO,
                    margin_pct: None,
                });
                roles.len() - 1
            }
        };
        let r = &mut roles[i];
        r.variants += 1;
        r.qty += s.qty;
        r.revenue += s.revenue;
        r.margin += s.margin;
    }
    for r in &mut roles {
        r.margin_pct = percent(r.margin.fen(), r.revenue.fen());
    }
    roles.sort_by_key(|r| std::cmp::Reverse(r.revenue));
    Ok(ProductMix {
        top: all.into_iter().take(limit).collect(),
        roles,
    })
}

/// How one best seller's stock turned over the period.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StockTurn {
    pub sku: String,
    pub name: String,
    pub options: String,
    #[ts(type = "number")]
    pub sold: i64,
    #[ts(type = "number")]
    pub on_hand: i64,
    /// The average end-of-day stock over the period.
    #[ts(type = "number")]
    pub avg_on_hand: i64,
    /// Days the average stock lasts at the period's pace (周转天数), one
    /// decimal; none when nothing sold.
    pub days_of_stock: Option<String>,
    /// Days that ended with nothing on the shelf.
    pub stockout_days: i32,
}

/// Turnover and stock-out days of the `limit` variants sold most, replayed
/// from the stock ledger backwards from today's on-hand.
pub fn turnover(
    conn: &Connection,
    clock: &ShopClock,
    p: Period,
    limit: usize,
) -> Result<Vec<StockTurn>> {
    let mut best = sold(conn, p)?;
    best.sort_by(|a, b| b.qty.cmp(&a.qty).then(a.sku.cmp(&b.sku)));
    let mut on_hand = conn.prepare(
        "SELECT v.id, COALESCE((SELECT sum(on_hand) FROM stock_levels WHERE variant_id = v.id), 0)
         FROM variants v WHERE v.sku = ?1",
    )?;
    let mut moves =
        conn.prepare("SELECT at, qty FROM stock_movements WHERE variant_id = ?1 AND at >= ?2")?;
    let (start, end) = p.instants(clock);
    let mut out = Vec::new();
    for s in best.into_iter().take(limit) {
        let (id, now): (String, i64) =
            on_hand.query_row([&s.sku], |r| Ok((r.get(0)?, r.get(1)?)))?;
        // Movements per business day of the period; later ones as one sum.
        let mut by_day: HashMap<chrono::NaiveDate, i64> = HashMap::new();
        let mut after = 0i64;
        let mut rows = moves.query(rusqlite::params![id, start])?;
        while let Some(r) = rows.next()? {
            let (at, qty): (i64, i64) = (r.get(0)?, r.get(1)?);
            if at >= end {
                after += qty;
            } else {
                *by_day.entry(clock.business_day(at)).or_default() += qty;
            }
        }
        let (mut level, mut stockout_days, mut stock_sum) = (now - after, 0, 0i64);
        let mut day = p.to;
        while day >= p.from {
            stockout_days += (level <= 0) as i32;
            stock_sum += level.max(0);
            level -= by_day.get(&day).copied().unwrap_or(0);
            day -= Duration::days(1);
        }
        let avg = per(stock_sum, p.days());
        out.push(StockTurn {
            days_of_stock: (s.qty > 0).then(|| {
                let tenths = per(stock_sum * 10, s.qty);
                format!("{}.{}", tenths / 10, tenths % 10)
            }),
            sku: s.sku,
            name: s.name,
            options: s.options,
            sold: s.qty,
            on_hand: now,
            avg_on_hand: avg,
            stockout_days,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod months_tests {
    use super::*;

    fn period(from: &str, to: &str) -> Period {
        Period::parse(from, to).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_splits_into_its_whole_months_and_the_days_around_them() {
        let year = whole_months(period("2025-12-01", "2026-11-30"));
        assert_eq!(year, (day("2025-12-01"), day("2026-11-30")));
        let around = whole_months(period("2026-10-15", "2027-01-10"));
        assert_eq!(around, (day("2026-11-01"), day("2026-12-31")));
        // No whole month: every day comes from the days before "the first".
        let month = whole_months(period("2026-11-07", "2026-12-06"));
        assert_eq!(month, (day("2026-12-07"), day("2026-12-06")));
        let inside = whole_months(period("2026-11-07", "2026-11-20"));
        assert_eq!(inside, (day("2026-11-21"), day("2026-11-20")));
        let february = whole_months(period("2028-02-01", "2028-02-29"));
        assert_eq!(february, (day("2028-02-01"), day("2028-02-29")));
    }

    /// What a variant sold in a period, from the order lines themselves.
    fn from_lines(store: &crate::Store, p: Period) -> Vec<(String, i64, i64)> {
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT v.sku, sum(l.qty), sum(l.line_total_fen) FROM order_lines l
                 JOIN orders o ON o.id = l.order_id JOIN variants v ON v.id = l.variant_id
                 WHERE o.status NOT IN ('draft', 'cancelled') AND o.business_day BETWEEN ?1 AND ?2
                 GROUP BY v.sku HAVING sum(l.qty) <> 0 ORDER BY v.sku",
            )
            .unwrap();
        stmt.query_map(p.args(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn months_and_days_together_sell_what_the_lines_say() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let mut store = crate::Store::open(&path, crate::store::Session::new("test")).unwrap();
        let opts = crate::demo::DemoOptions {
            orders: 600,
            seed: 3,
            until: day("2026-11-22"),
        };
        crate::demo::generate(&mut store, &opts, &crate::progress::Silent).unwrap();
        for (from, to) in [
            ("2025-11-23", "2026-11-22"),
            ("2026-01-01", "2026-06-30"),
            ("2026-03-15", "2026-05-10"),
            ("2026-11-01", "2026-11-22"),
        ] {
            let p = period(from, to);
            let mut got: Vec<(String, i64, i64)> = sold(store.conn(), p)
                .unwrap()
                .into_iter()
                .map(|s| (s.sku, s.qty, s.revenue.fen()))
                .collect();
            got.sort();
            assert_eq!(got, from_lines(&store, p), "{from} ~ {to}");
        }
    }
}
