//! Instants are stored as UTC seconds; the shop's time zone and business-day
//! cut-off turn them into the days a merchant talks about (an order taken at
//! 01:30 after a late live session still belongs to yesterday if the cut-off
//! is 04:00).

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{CoreError, Refusal, Result};

/// China time (UTC+8): what both wallets write, whatever the shop's zone.
pub const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => unreachable!(),
};

#[derive(Debug, Clone, Copy)]
pub struct ShopClock {
    pub tz: Tz,
    /// Minutes after local midnight at which the business day turns.
    pub cutoff_minutes: u32,
}

impl Default for ShopClock {
    fn default() -> Self {
        ShopClock {
            tz: chrono_tz::Asia::Shanghai,
            cutoff_minutes: 0,
        }
    }
}

impl ShopClock {
    pub fn new(tz_name: &str, cutoff: &str) -> Result<Self> {
        let tz: Tz = tz_name.parse().map_err(|_| {
            CoreError::invalid("timezone", format!("unknown time zone {tz_name:?}"))
        })?;
        let t = NaiveTime::parse_from_str(cutoff, "%H:%M").map_err(|_| {
            CoreError::refused(
                Refusal::NotATime,
                &[("text", cutoff.to_string())],
                format!("not HH:MM: {cutoff:?}"),
            )
        })?;
        let cutoff_minutes = t.signed_duration_since(NaiveTime::MIN).num_minutes() as u32;
        Ok(ShopClock { tz, cutoff_minutes })
    }

    pub fn business_day(&self, unix: i64) -> NaiveDate {
        let local = self.tz.timestamp_opt(unix, 0).unwrap().naive_local();
        (local - Duration::minutes(self.cutoff_minutes as i64)).date()
    }

    /// The first instant of a business day.
    pub fn day_start(&self, day: NaiveDate) -> i64 {
        let local = day.and_time(NaiveTime::MIN) + Duration::minutes(self.cutoff_minutes as i64);
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.timestamp())
            .unwrap_or_else(|| local.and_utc().timestamp())
    }

    /// `YYYY-MM-DD HH:MM:SS` in the shop's zone, as the CLI prints times.
    pub fn format(&self, unix: i64) -> String {
        self.tz
            .timestamp_opt(unix, 0)
            .unwrap()
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    pub fn today(&self) -> NaiveDate {
        self.business_day(Utc::now().timestamp())
    }

    /// A local time as people write it (`2026-11-20 09:30:00`, `2026/11/20
    /// 9:30`, `2026年11月20日 9:30`, or a day alone for its midnight) to a
    /// UTC instant.
    pub fn parse_local(&self, text: &str) -> Option<i64> {
        let text = dashed(text);
        let naive = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
            .iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(&text, f).ok())
            .or_else(|| {
                NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .ok()
                    .map(|d| d.and_time(NaiveTime::MIN))
            })?;
        self.tz
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.timestamp())
            .filter(|t| crate::limits::time_ok(*t))
    }

    pub fn local(&self, unix: i64) -> DateTime<Tz> {
        self.tz.timestamp_opt(unix, 0).unwrap()
    }
}

/// A date and time as people write it, in the one form the parsers read:
/// `/`, 年 and 月 as `-`, 日 and 号 as a space, full-width digits and colons
/// as ASCII, spaces collapsed (`2026年12月4日10：00` is `2026-12-4 10:00`).
pub fn dashed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(crate::table::half_width) {
        match c {
            '/' | '年' | '月' => out.push('-'),
            '日' | '号' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Seconds this computer's clock is behind the shop's server (negative:
/// ahead), as the last sync measured it; 0 for a shop on one computer.
static CLOCK_OFFSET: AtomicI64 = AtomicI64::new(0);

/// The shop's time now: this computer's clock, set right by what the last
/// sync learned of it, so a clock ten minutes fast at 23:55 does not date
/// an order tomorrow.
pub fn now() -> i64 {
    system_now() + CLOCK_OFFSET.load(Ordering::Relaxed)
}

/// This computer's clock as it is (what the offset is measured against).
pub fn system_now() -> i64 {
    Utc::now().timestamp()
}

/// Sets how far this computer's clock is from the shop's server.
pub fn set_clock_offset(seconds: i64) {
    CLOCK_OFFSET.store(seconds, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_day_respects_zone_and_cutoff() {
        let clock = ShopClock::new("Asia/Shanghai", "04:00").unwrap();
        // 2026-11-21 17:30 UTC is 2026-11-22 01:30 in Shanghai: before the
        // 04:00 cut-off, so still the 21st's business.
        let t = Utc
            .with_ymd_and_hms(2026, 11, 21, 17, 30, 0)
            .unwrap()
            .timestamp();
        assert_eq!(
            clock.business_day(t),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
        let midnight = ShopClock::default();
        assert_eq!(
            midnight.business_day(t),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert_eq!(midnight.format(t), "2026-11-22 01:30:00");
        let start = clock.day_start(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        assert_eq!(clock.format(start), "2026-11-22 04:00:00");
    }

    /// Every way a merchant's sheet writes one time reads as that time.
    #[test]
    fn a_time_reads_however_it_is_written() {
        let clock = ShopClock::default();
        let want = clock.parse_local("2026-12-04 10:00:00").unwrap();
        for written in [
            "2026/12/04 10:00",
            "2026/12/4 10:00:00",
            "2026年12月4日 10:00",
            "2026年12月4日10:00",
            "２０２６年１２月４日 １０：００",
            " 2026-12-04  10:00 ",
        ] {
            assert_eq!(clock.parse_local(written), Some(want), "{written}");
        }
        let midnight = clock.parse_local("2026-12-04").unwrap();
        assert_eq!(clock.parse_local("2026年12月4号"), Some(midnight));
        assert_eq!(
            clock.parse_local("12月4日 10:00"),
            None,
            "no year: not guessed"
        );
    }

    #[test]
    fn rejects_bad_settings() {
        assert!(ShopClock::new("Mars/Base", "00:00").is_err());
        assert!(ShopClock::new("Asia/Shanghai", "25:00").is_err());
    }
}
