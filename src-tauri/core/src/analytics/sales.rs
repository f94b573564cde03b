//! Sales over time and by channel, from the `sales_daily` rollup (refunds
//! by the business day they were recorded).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{downsample, per, Period};
use crate::error::{CoreError, Result};
use crate::money::Money;
use crate::shop_time::ShopClock;

/// How a series is bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Day,
    Week,
    Month,
}

impl By {
    pub fn parse(text: &str) -> Result<By> {
        match text {
            "day" => Ok(By::Day),
            "week" => Ok(By::Week),
            "month" => Ok(By::Month),
            _ => Err(CoreError::invalid(
                "by",
                format!("{text:?}: day, week or month"),
            )),
        }
    }

    /// The bucket a day falls in: `2026-11-23`, ISO week `2026-W48`, `2026-11`.
    fn key(self, day: NaiveDate) -> String {
        match self {
            By::Day => day.to_string(),
            By::Week => {
                let w = day.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            By::Month => day.format("%Y-%m").to_string(),
        }
    }
}

/// One bucket of the series; `from`/`to` are its days within the period,
/// so a click on it opens exactly the orders behind it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SalesPoint {
    pub period: String,
    pub from: String,
    pub to: String,
    pub orders: i32,
    /// Totals of orders placed in the bucket, cancelled excluded.
    pub gmv: Money,
    /// Money matched to those orders.
    pub paid: Money,
    /// Refunds recorded in the bucket.
    pub refunds: Money,
    pub aov: Money,
}

/// A campaign drawn over the trend as a shaded span.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Marker {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Trend {
    pub by: String,
    pub points: Vec<SalesPoint>,
    /// How many buckets there were before downsampling, when it happened.
    pub downsampled_from: Option<i32>,
    pub markers: Vec<Marker>,
}

/// The most points a chart is sent: more than a screen's width of bars
/// shows nothing more, and costs rendering time.
pub const MAX_POINTS: usize = 400;

#[derive(Default, Clone, Copy)]
struct DaySums {
    orders: i64,
    gmv: i64,
    paid: i64,
    refunds: i64,
}

fn day_sums(conn: &Connection, p: Period) -> Result<HashMap<NaiveDate, DaySums>> {
    let mut out: HashMap<NaiveDate, DaySums> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT day, sum(orders), sum(gmv_fen), sum(paid_fen), sum(refund_fen) FROM sales_daily
         WHERE day BETWEEN ?1 AND ?2 GROUP BY day",
    )?;
    let mut rows = stmt.query(p.args())?;
    while let Some(r) = rows.next()? {
        let day: String = r.get(0)?;
        if let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            let sums = DaySums {
                orders: r.get(1)?,
                gmv: r.get(2)?,
                paid: r.get(3)?,
                refunds: r.get(4)?,
            };
            out.insert(day, sums);
        }
    }
    Ok(out)
}

/// Every bucket of the period, empty ones included, in order.
pub fn series(conn: &Connection, p: Period, by: By) -> Result<Vec<SalesPoint>> {
    let sums = day_sums(conn, p)?;
    let mut out: Vec<(String, NaiveDate, NaiveDate, DaySums)> = Vec::new();
    let mut day = p.from;
    while day <= p.to {
        let key = by.key(day);
        let s = sums.get(&day).copied().unwrap_or_default();
        match out.last_mut() {
            Some(last) if last.0 == key => {
                last.2 = day;
                last.3.orders += s.orders;
                last.3.gmv += s.gmv;
                last.3.paid += s.paid;
                last.3.refunds += s.refunds;
            }
            _ => out.push((key, day, day, s)),
        }
        day += Duration::days(1);
    }
    Ok(out
        .into_iter()
        .map(|(period, from, to, s)| SalesPoint {
            period,
            from: from.to_string(),
            to: to.to_string(),
            orders: s.orders as i32,
            gmv: Money::from_fen(s.gmv),
            paid: Money::from_fen(s.paid),
            refunds: Money::from_fen(s.refunds),
            aov: Money::from_fen(per(s.gmv, s.orders)),
        })
        .collect())
}

/// The trend chart: the series, downsampled to `MAX_POINTS` by its shape
/// when longer, with the campaigns that ran in the period.
pub fn trend(conn: &Connection, clock: &ShopClock, p: Period, by: By) -> Result<Trend> {
    let all = series(conn, p, by)?;
    let total = all.len();
    let points = if total > MAX_POINTS {
        let gmv: Vec<i64> = all.iter().map(|s| s.gmv.fen()).collect();
        let keep = downsample::lttb(&gmv, MAX_POINTS);
        keep.into_iter().map(|i| all[i].clone()).collect()
    } else {
        all
    };
    Ok(Trend {
        by: format!("{by:?}").to_lowercase(),
        points,
        downsampled_from: (total > MAX_POINTS).then_some(total as i32),
        markers: markers(conn, clock, p)?,
    })
}

fn markers(conn: &Connection, clock: &ShopClock, p: Period) -> Result<Vec<Marker>> {
    let (start, end) = p.instants(clock);
    let mut stmt = conn.prepare(
        "SELECT id, name, kind, starts_at, ends_at FROM campaigns
         WHERE starts_at < ?2 AND ends_at >= ?1 AND kind <> 'groupbuy' ORDER BY starts_at",
    )?;
    let rows = stmt.query_map([start, end], |r| {
        Ok(Marker {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            from: clock
                .business_day(r.get::<_, i64>(3)?.max(start))
                .to_string(),
            to: clock
                .business_day(r.get::<_, i64>(4)?.min(end - 1))
                .to_string(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChannelShare {
    #[ts(type = "Channel")]
    pub channel: String,
    pub orders: i32,
    pub gmv: Money,
}

/// Orders and GMV by channel, largest first.
pub fn channels(conn: &Connection, p: Period) -> Result<Vec<ChannelShare>> {
    let mut stmt = conn.prepare(
        "SELECT channel, sum(orders), sum(gmv_fen) FROM sales_daily WHERE day BETWEEN ?1 AND ?2
         GROUP BY channel HAVING sum(orders) > 0 ORDER BY 3 DESC, 1",
    )?;
    let rows = stmt.query_map(p.args(), |r| {
        Ok(ChannelShare {
            channel: r.get(0)?,
            orders: r.get(1)?,
            gmv: Money::from_fen(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
