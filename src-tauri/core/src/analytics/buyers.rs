//! New and returning buyers, repurchase and cohort retention, from the
//! `buyer_months` rollup (a buyer's cohort is the month of their first
//! order; cancelled orders never made anyone a buyer).

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{percent, Period};
use crate::error::Result;

#[derive(Debug, Clone, Serialize, TS)]
pub struct BuyerMonth {
    pub month: String,
    pub buyers: i32,
    /// First order ever this month.
    pub new_buyers: i32,
    pub returning: i32,
    /// Ordered twice or more this month.
    pub repeat_buyers: i32,
    /// 复购率: repeat buyers ÷ buyers, one decimal.
    pub repurchase_pct: Option<String>,
}

/// One cohort's row of the retention heatmap.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Cohort {
    pub cohort: String,
    pub size: i32,
    /// Buyers of this cohort in its month 0, 1, 2, … up to the last month.
    pub active: Vec<i32>,
    /// `active ÷ size` per month, whole percent.
    pub retention_pct: Vec<i32>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Buyers {
    /// Every month of the period, and at least the twelve up to its end:
    /// returning buyers and repurchase read over a year, not a week.
    pub months: Vec<BuyerMonth>,
    /// The twelve cohorts up to the period's last month.
    pub cohorts: Vec<Cohort>,
}

fn month_key(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The months from `from`'s to `to`'s, as `YYYY-MM`.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut m = first_of_month(from);
    while m <= to {
        out.push(month_key(m));
        m = m + Months::new(1);
    }
    out
}

pub fn buyers(conn: &Connection, p: Period) -> Result<Buyers> {
    let first_cohort = first_of_month(p.to) - Months::new(11);
    let span = months(first_cohort.min(p.from), p.to);
    let mut cells: HashMap<(String, String), (i32, i32)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT cohort, month, buyers, repeat_buyers FROM buyer_months
         WHERE month BETWEEN ?1 AND ?2 AND buyers <> 0",
    )?;
    let mut rows = stmt.query([&span[0], &span[span.len() - 1]])?;
    while let Some(r) = rows.next()? {
        cells.insert((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?));
    }
    let month_rows = span
        .iter()
        .cloned()
        .map(|m| {
            let (mut buyers, mut repeat) = (0, 0);
            for ((_, month), (b, r)) in &cells {
                if *month == m {
                    buyers += b;
                    repeat += r;
                }
            }
            let new_buyers = cells.get(&(m.clone(), m.clone())).map_or(0, |c| c.0);
            BuyerMonth {
                repurchase_pct: percent(repeat as i64, buyers as i64),
                month: m,
                buyers,
                new_buyers,
                returning: buyers - new_buyers,
                repeat_buyers: repeat,
            }
        })
        .collect();
    let cohort_months = months(first_cohort, p.to);
    let cohorts = cohort_months
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let active: Vec<i32> = cohort_months[i..]
                .iter()
                .map(|m| cells.get(&(c.clone(), m.clone())).map_or(0, |x| x.0))
                .collect();
            let size = active[0];
            Cohort {
                cohort: c.clone(),
                size,
                retention_pct: active
                    .iter()
                    .map(|a| super::per(*a as i64 * 100, size as i64) as i32)
                    .collect(),
                active,
            }
        })
        .collect();
    Ok(Buyers {
        months: month_rows,
        cohorts,
    })
}
