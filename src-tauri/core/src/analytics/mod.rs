//! Analytics: the figures the merchant reads every morning. Every figure is
//! a sum of facts, read either from a rollup the database keeps in the same
//! transaction as the facts (`rollups`) or from an index range, so a shop
//! of a million orders answers in milliseconds.

pub mod buyers;
pub mod campaign;
pub mod downsample;
pub mod export;
pub mod people;
pub mod products;
pub mod sales;
pub mod waste;

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{self, ProductRow};
use crate::error::{CoreError, Refusal, Result};
use crate::money::half_up_ratio;
use crate::money::Money;
use crate::shop_time::ShopClock;

/// Business days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if to < from {
            return Err(CoreError::refused(
                Refusal::PeriodBackwards,
                &[("from", from.to_string()), ("to", to.to_string())],
                format!("the period ends ({to}) before it starts ({from})"),
            ));
        }
        Ok(Period { from, to })
    }

    /// `YYYY-MM-DD` days as the screen and the CLI give them.
    pub fn parse(from: &str, to: &str) -> Result<Period> {
        let day = |text: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                CoreError::refused(
                    Refusal::NotADay,
                    &[("text", text.to_string())],
                    format!("not a day (YYYY-MM-DD): {text:?}"),
                )
            })
        };
        Period::new(day(from)?, day(to)?)
    }

    /// The last `days` business days up to `today`.
    pub fn last(today: NaiveDate, days: i64) -> Period {
        Period {
            from: today - Duration::days(days - 1),
            to: today,
        }
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        Period {
            from: self.from - Duration::days(self.days()),
            to: self.from - Duration::days(1),
        }
    }

    /// The instants `[start, end)` of the period's business days.
    pub fn instants(&self, clock: &ShopClock) -> (i64, i64) {
        (
            clock.day_start(self.from),
            clock.day_start(self.to + Duration::days(1)),
        )
    }

    fn args(&self) -> [String; 2] {
        [self.from.to_string(), self.to.to_string()]
    }
}

/// A period as the screen sends it.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PeriodArg {
    pub from: String,
    pub to: String,
}

impl PeriodArg {
    pub fn period(&self) -> Result<Period> {
        Period::parse(&self.from, &self.to)
    }
}

/// Headline figures of one period, with the period just before it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Tile {
    /// `today`, `yesterday`, `7d`, `30d`, or `range` (the picked period).
    pub key: String,
    pub from: String,
    pub to: String,
    pub now: Figures,
    pub prev: Figures,
    /// Today's tile compares with yesterday up to this time of day
    /// (`HH:MM`), not with all of yesterday; none for whole periods.
    pub prev_until: Option<String>,
}

/// Orders placed in a period and the money around them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Figures {
    pub orders: i32,
    /// Totals of orders placed in the period, cancelled excluded.
    pub gmv: Money,
    /// GMV ÷ orders, half-up to the fen.
    pub aov: Money,
    /// Money matched to those orders.
    pub paid: Money,
    /// GMV not yet paid.
    pub unpaid: Money,
    pub unpaid_orders: i32,
    /// Refunds recorded in the period, whenever their orders were placed.
    pub refunds: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Dashboard {
    pub today: String,
    pub tiles: Vec<Tile>,
    pub low_stock: Vec<ProductRow>,
    pub open_after_sales: i32,
    pub todo: ToDo,
}

/// What waits on the merchant, at the top of the dashboard: each links to
/// the list that holds it.
#[derive(Debug, Clone, Copy, Default, Serialize, TS)]
pub struct ToDo {
    /// Orders still awaiting payment (催款).
    pub awaiting_payment: i32,
    /// Paid orders not yet shipped or collected (待发货 / 待自提).
    pub to_fulfil: i32,
    /// After-sales tickets not resolved.
    pub after_sales: i32,
    /// Products on sale at or below their warning level.
    pub low_stock: i32,
}

fn todo(conn: &Connection, after_sales: i32) -> Result<ToDo> {
    let count = |status: &str| -> Result<i32> {
        Ok(conn.query_row(
            "SELECT count(*) FROM orders WHERE status = ?1",
            [status],
            |r| r.get(0),
        )?)
    };
    Ok(ToDo {
        awaiting_payment: count("awaiting_payment")?,
        to_fulfil: count("paid")?,
        after_sales,
        low_stock: catalog::low_stock_count(conn)?,
    })
}

/// `num ÷ den` in fen, half-up; 0 when there is nothing to divide by.
pub(crate) fn per(num: i64, den: i64) -> i64 {
    half_up_ratio(num as i128, den.max(0) as i128)
}

/// `part ÷ whole` as a percentage with one decimal (`"37.5"`), half-up.
pub(crate) fn percent(part: i64, whole: i64) -> Option<String> {
    (whole > 0).then(|| {
        let tenths = half_up_ratio(part as i128 * 1000, whole as i128);
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    })
}

/// Figures of one period, from the day rollup.
pub fn figures(conn: &Connection, p: Period) -> Result<Figures> {
    let sums = conn.query_row(
        "SELECT COALESCE(sum(orders), 0), COALESCE(sum(gmv_fen), 0), COALESCE(sum(paid_fen), 0),
                COALESCE(sum(unpaid), 0), COALESCE(sum(refund_fen), 0)
         FROM sales_daily WHERE day BETWEEN ?1 AND ?2",
        p.args(),
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
    )?;
    Ok(Figures::of(sums))
}

/// Figures of business day `day` up to the instant `until`, from the
/// facts (the rollup has whole days only), counted as the rollup counts.
pub fn figures_until(
    conn: &Connection,
    clock: &ShopClock,
    day: NaiveDate,
    until: i64,
) -> Result<Figures> {
    let [orders, gmv, paid, unpaid]: [i64; 4] = conn.query_row(
        "SELECT count(*), COALESCE(sum(total_fen), 0), COALESCE(sum(paid_fen), 0),
                COALESCE(sum(status = 'awaiting_payment'), 0)
         FROM orders WHERE business_day = ?1 AND placed_at < ?2 AND status NOT IN ('draft', 'cancelled')",
        rusqlite::params![day.to_string(), until],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
    )?;
    let refunds: i64 = conn.query_row(
        "SELECT COALESCE(sum(amount_fen), 0) FROM refunds
         WHERE created_at >= ?1 AND created_at < ?2 AND business_day = ?3",
        rusqlite::params![clock.day_start(day), until, day.to_string()],
        |r| r.get(0),
    )?;
    Ok(Figures::of([orders, gmv, paid, unpaid, refunds]))
}

impl Figures {
    /// From orders, GMV, paid, unpaid orders and refunds (fen).
    fn of([orders, gmv, paid, unpaid_orders, refunds]: [i64; 5]) -> Figures {
        Figures {
            orders: orders as i32,
            gmv: Money::from_fen(gmv),
            aov: Money::from_fen(per(gmv, orders)),
            paid: Money::from_fen(paid),
            unpaid: Money::from_fen((gmv - paid).max(0)),
            unpaid_orders: unpaid_orders as i32,
            refunds: Money::from_fen(refunds),
        }
    }
}

pub fn tile(conn: &Connection, key: &str, p: Period) -> Result<Tile> {
    Ok(Tile {
        key: key.to_string(),
        from: p.from.to_string(),
        to: p.to.to_string(),
        now: figures(conn, p)?,
        prev: figures(conn, p.previous())?,
        prev_until: None,
    })
}

/// The morning view at instant `now`: today (against yesterday up to the
/// same time of day, so just after midnight it does not read ▼100 %),
/// yesterday, 7 and 30 days (each against the period before it), plus what
/// needs doing.
pub fn dashboard(conn: &Connection, clock: &ShopClock, now: i64) -> Result<Dashboard> {
    let today = clock.business_day(now);
    let yesterday = today - Duration::days(1);
    let mut so_far = tile(conn, "today", Period::last(today, 1))?;
    let into_today = now - clock.day_start(today);
    so_far.prev = figures_until(
        conn,
        clock,
        yesterday,
        clock.day_start(yesterday) + into_today,
    )?;
    so_far.prev_until = Some(clock.local(now).format("%H:%M").to_string());
    let tiles = vec![
        so_far,
        tile(conn, "yesterday", Period::last(yesterday, 1))?,
        tile(conn, "7d", Period::last(today, 7))?,
        tile(conn, "30d", Period::last(today, 30))?,
    ];
    let open_after_sales = conn.query_row(
        "SELECT count(*) FROM after_sales WHERE status <> 'resolved'",
        [],
        |r| r.get(0),
    )?;
    Ok(Dashboard {
        today: today.to_string(),
        tiles,
        low_stock: catalog::low_stock(conn, 8)?,
        open_after_sales,
        todo: todo(conn, open_after_sales)?,
    })
}

#[cfg(test)]
mod rollup_tests;
#[cfg(test)]
mod tests;
