//! When a supplier's feed is due: every N minutes/hours/days, or daily at a
//! time of the shop's clock. Due-ness is worked out from the last run, not
//! from a timer, so a laptop that slept or was offline catches up with one
//! run as soon as it can, never with a burst of missed ones.

use std::fmt;

use chrono::{Duration, NaiveTime, TimeZone};

use crate::error::{CoreError, Refusal, Result};
use crate::shop_time::ShopClock;

/// A failed run is retried this much sooner than the schedule would (or at
/// the schedule, if that is sooner): an offline morning still gets its sync.
pub const RETRY_AFTER_FAILURE_SECS: i64 = 15 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Every { minutes: i64 },
    DailyAt { minute_of_day: u32 },
}

impl Schedule {
    /// `6h`, `30m`, `1d`, `every 6h`, `daily 06:00`, `daily@06:00`; empty is
    /// none (by hand only).
    pub fn parse(text: &str) -> Result<Option<Schedule>> {
        let t = text.trim().to_lowercase();
        if t.is_empty() || t == "none" {
            return Ok(None);
        }
        let bad = || {
            CoreError::refused(
                Refusal::BadSchedule,
                &[("text", text.to_string())],
                format!("not a schedule: {text:?} (like 6h, 30m, 1d or daily 06:00)"),
            )
        };
        // `daily 06:00`, or as a Chinese merchant writes it, `每天 06:00`.
        if let Some(at) = t
            .strip_prefix("daily")
            .or_else(|| t.strip_prefix("每天"))
            .map(|r| r.trim_start_matches(['@', ' ']))
        {
            let time = NaiveTime::parse_from_str(at, "%H:%M").map_err(|_| bad())?;
            let minute_of_day = (time.signed_duration_since(NaiveTime::MIN).num_minutes()) as u32;
            return Ok(Some(Schedule::DailyAt { minute_of_day }));
        }
        let t = t.strip_prefix("every").unwrap_or(&t).trim();
        let (n, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
        let n: i64 = n.parse().map_err(|_| bad())?;
        let minutes = match unit.trim() {
            "m" | "min" => n,
            "h" => n * 60,
            "d" => n * 24 * 60,
            _ => return Err(bad()),
        };
        if !(5..=7 * 24 * 60).contains(&minutes) {
            return Err(CoreError::refused(
                Refusal::ScheduleOutOfRange,
                &[],
                "between every 5 minutes and once a week".into(),
            ));
        }
        Ok(Some(Schedule::Every { minutes }))
    }

    /// The two columns it is kept in: `every_minutes`, `daily_at`.
    pub fn columns(self) -> (Option<i64>, Option<String>) {
        match self {
            Schedule::Every { minutes } => (Some(minutes), None),
            Schedule::DailyAt { minute_of_day } => (
                None,
                Some(format!(
                    "{:02}:{:02}",
                    minute_of_day / 60,
                    minute_of_day % 60
                )),
            ),
        }
    }

    pub fn from_columns(every: Option<i64>, daily: Option<&str>) -> Option<Schedule> {
        match (every, daily) {
            (_, Some(d)) => Schedule::parse(&format!("daily {d}")).ok().flatten(),
            (Some(m), None) if m > 0 => Some(Schedule::Every { minutes: m }),
            _ => None,
        }
    }

    /// The instant the next run is due, given the last run's start and
    /// status (none yet: due now). May lie in the past: then it is overdue.
    pub fn next_due(
        self,
        last_start: Option<i64>,
        last_status: Option<&str>,
        now: i64,
        clock: &ShopClock,
    ) -> i64 {
        let Some(last) = last_start else { return now };
        let regular = match self {
            Schedule::Every { minutes } => last + minutes * 60,
            Schedule::DailyAt { minute_of_day } => next_daily(last, minute_of_day, clock),
        };
        if last_status == Some("error") {
            regular.min(last + RETRY_AFTER_FAILURE_SECS)
        } else {
            regular
        }
    }
}

/// The first `HH:MM` (shop time) strictly after `after`.
fn next_daily(after: i64, minute_of_day: u32, clock: &ShopClock) -> i64 {
    let local = clock.tz.timestamp_opt(after, 0).unwrap().naive_local();
    let at = NaiveTime::MIN + Duration::minutes(minute_of_day as i64);
    let mut day = local.date();
    loop {
        let candidate = clock
            .tz
            .from_local_datetime(&day.and_time(at))
            .earliest()
            .map(|t| t.timestamp())
            .unwrap_or_else(|| day.and_time(at).and_utc().timestamp());
        if candidate > after {
            return candidate;
        }
        // Past chrono's last day (year 262143) there is no next run.
        let Some(next) = day.succ_opt() else {
            return i64::MAX;
        };
        day = next;
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Schedule::Every { minutes } if minutes % (24 * 60) == 0 => {
                write!(f, "every {}d", minutes / (24 * 60))
            }
            Schedule::Every { minutes } if minutes % 60 == 0 => {
                write!(f, "every {}h", minutes / 60)
            }
            Schedule::Every { minutes } => write!(f, "every {minutes}m"),
            Schedule::DailyAt { minute_of_day } => write!(
                f,
                "daily {:02}:{:02}",
                minute_of_day / 60,
                minute_of_day % 60
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> ShopClock {
        ShopClock::default()
    }

    #[test]
    fn schedules_read_as_people_write_them() {
        assert_eq!(
            Schedule::parse("6h").unwrap(),
            Some(Schedule::Every { minutes: 360 })
        );
        assert_eq!(
            Schedule::parse("every 30m").unwrap(),
            Some(Schedule::Every { minutes: 30 })
        );
        assert_eq!(
            Schedule::parse("1d").unwrap(),
            Some(Schedule::Every { minutes: 1440 })
        );
        assert_eq!(
            Schedule::parse("daily 06:00").unwrap(),
            Some(Schedule::DailyAt { minute_of_day: 360 })
        );
        assert_eq!(
            Schedule::parse("每天 06:00").unwrap(),
            Some(Schedule::DailyAt { minute_of_day: 360 })
        );
        assert_eq!(Schedule::parse("").unwrap(), None);
        for bad in ["6", "h", "daily 25:00", "1m", "9d", "weekly"] {
            assert!(Schedule::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Schedule::parse("every 90m").unwrap().unwrap().to_string(),
            "every 90m"
        );
        assert_eq!(
            Schedule::parse("daily@6:05").unwrap().unwrap().to_string(),
            "daily 06:05"
        );
    }

    #[test]
    fn a_laptop_that_slept_catches_up_with_one_run() {
        let c = clock();
        let every = Schedule::Every { minutes: 360 };
        let last = 1_000_000;
        assert_eq!(
            every.next_due(None, None, 5, &c),
            5,
            "never synced: due now"
        );
        assert_eq!(
            every.next_due(Some(last), Some("ok"), last + 60, &c),
            last + 6 * 3600
        );
        // Asleep for three days: overdue, once — the due time is in the past.
        let woke = last + 3 * 86_400;
        assert!(every.next_due(Some(last), Some("ok"), woke, &c) < woke);
        // Offline: a failed run is tried again in 15 minutes, not 6 hours.
        assert_eq!(
            every.next_due(Some(last), Some("error"), last, &c),
            last + RETRY_AFTER_FAILURE_SECS
        );
    }

    #[test]
    fn daily_runs_fall_at_the_shop_time() {
        let c = clock();
        let daily = Schedule::DailyAt {
            minute_of_day: 6 * 60,
        };
        // 2026-12-02 05:00 China time -> due 06:00 the same day.
        let five = c.parse_local("2026-12-02 05:00:00").unwrap();
        assert_eq!(
            c.format(daily.next_due(Some(five), Some("ok"), five, &c)),
            "2026-12-02 06:00:00"
        );
        let seven = c.parse_local("2026-12-02 07:00:00").unwrap();
        assert_eq!(
            c.format(daily.next_due(Some(seven), Some("ok"), seven, &c)),
            "2026-12-03 06:00:00"
        );
    }
}
