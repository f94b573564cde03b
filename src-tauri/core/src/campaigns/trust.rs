//! 信任值: how the orders a group leader or distributor brought turned out,
//! recency-weighted. Read from `people_outcomes` (migration 16), a day per
//! row, so a leader with 53,000 orders is scored from a year of days, not
//! from every order with its tickets and reviews.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::shop_time::ShopClock;

/// Half of an outcome's weight is gone after this many days.
const HALF_LIFE_DAYS: f64 = 90.0;

/// Whose orders a trust score is made from.
#[derive(Debug, Clone, Copy)]
pub enum Brought {
    /// A distributor's: the orders they referred.
    Referrer,
    /// A group leader's: the orders collected through them.
    Leader,
}

/// 信任值 and its parts, as the screen shows them.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// 0–100.
    pub score: i32,
    /// Paid orders neither troubled nor badly reviewed.
    pub kept: i32,
    /// Refunded, or with a quality or wrong-item complaint.
    pub troubled: i32,
    /// Not troubled, but reviewed with 3 stars (half kept) or 2 or fewer.
    pub so_so: i32,
    pub badly_reviewed: i32,
    /// Reviewed with 4 or 5 stars (and kept).
    pub well_reviewed: i32,
}

/// One day's paid orders of one person, by how they turned out.
#[derive(Debug, Clone, Copy, Default)]
pub struct DayOutcome {
    /// When the day's weight is taken: its middle.
    pub at: i64,
    pub paid: i64,
    /// Refunded, or a quality or wrong-item complaint (whatever the review).
    pub troubled: i64,
    /// Of the rest: reviewed with 2 stars or fewer (none kept), 3 (half).
    pub bad: i64,
    pub so_so: i64,
    /// Of the rest: reviewed with 4 or 5 stars.
    pub well: i64,
}

/// The score of `days`: the recency-weighted share of orders kept, started
/// from one kept and one troubled order so a newcomer stands at 50. A
/// troubled order counts nothing kept whatever its review, so a refund
/// never raises a score.
pub fn score(days: &[DayOutcome], now: i64) -> Trust {
    let (mut good, mut all) = (1.0f64, 2.0f64);
    let mut t = Trust::default();
    for d in days {
        let age_days = (now - d.at).max(0) as f64 / 86_400.0;
        let weight = 0.5f64.powf(age_days / HALF_LIFE_DAYS);
        let kept = d.paid - d.troubled - d.bad - d.so_so;
        all += weight * d.paid as f64;
        good += weight * (kept as f64 + 0.5 * d.so_so as f64);
        t.kept += kept as i32;
        t.troubled += d.troubled as i32;
        t.badly_reviewed += d.bad as i32;
        t.so_so += d.so_so as i32;
        t.well_reviewed += d.well as i32;
    }
    t.score = (100.0 * good / all).round() as i32;
    t
}

/// The 信任值 of the leader or distributor `id`, as of `now`.
pub fn of(
    conn: &Connection,
    clock: &ShopClock,
    brought: Brought,
    id: &str,
    now: i64,
) -> Result<Trust> {
    let role = match brought {
        Brought::Referrer => "referrer",
        Brought::Leader => "leader",
    };
    let mut stmt = conn.prepare_cached(
        "SELECT day, paid, troubled, bad, so_so, well FROM people_outcomes
         WHERE role = ?1 AND person_id = ?2 AND paid <> 0",
    )?;
    let rows = stmt.query_map([role, id], |r| {
        let day: String = r.get(0)?;
        Ok((day, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?]))
    })?;
    let mut days = Vec::new();
    for row in rows {
        let (day, [paid, troubled, bad, so_so, well]) = row?;
        let date: NaiveDate = day.parse().map_err(|_| {
            CoreError::invalid("day", format!("not a day in people_outcomes: {day}"))
        })?;
        days.push(DayOutcome {
            at: clock.day_start(date) + 43_200,
            paid,
            troubled,
            bad,
            so_so,
            well,
        });
    }
    Ok(score(&days, now))
}
