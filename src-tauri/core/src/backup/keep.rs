//! Which daily backups to keep: the last seven days, the newest of each of
//! the last four weeks and of each of the last three months. A week of
//! them stays under the shop's own size once compressed, and a mistake
//! found a month late can still be undone.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

const DAILY: usize = 7;
const WEEKLY: usize = 4;
const MONTHLY: usize = 3;

/// The days of `days` (one backup each) to keep.
pub fn kept(days: &[NaiveDate]) -> BTreeSet<NaiveDate> {
    let mut newest_first: Vec<NaiveDate> = days.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    newest_first.dedup();
    let mut keep: BTreeSet<NaiveDate> = newest_first.iter().take(DAILY).copied().collect();
    keep.extend(newest_of_each(&newest_first, WEEKLY, |d| {
        (d.iso_week().year(), d.iso_week().week())
    }));
    keep.extend(newest_of_each(&newest_first, MONTHLY, |d| {
        (d.year(), d.month())
    }));
    keep
}

/// The newest day of each of the `n` newest periods `period` groups by.
fn newest_of_each(
    newest_first: &[NaiveDate],
    n: usize,
    period: impl Fn(&NaiveDate) -> (i32, u32),
) -> Vec<NaiveDate> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for day in newest_first {
        let p = period(day);
        if !seen.contains(&p) {
            seen.push(p);
            out.push(*day);
            if out.len() == n {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_season_of_dailies_keeps_seven_days_four_weeks_three_months() {
        // Every day from 1 September to 30 November 2026.
        let days: Vec<NaiveDate> = day("2026-09-01")
            .iter_days()
            .take_while(|d| *d <= day("2026-11-30"))
            .collect();
        let keep = kept(&days);
        let last_week: Vec<NaiveDate> = day("2026-11-24").iter_days().take(7).collect();
        assert!(last_week.iter().all(|d| keep.contains(d)));
        // Sundays end ISO weeks: 30 November is a Monday, so its week and
        // the one before are the daily ones; two more weeks back.
        for sunday in ["2026-11-22", "2026-11-15"] {
            assert!(keep.contains(&day(sunday)), "{sunday}");
        }
        assert!(!keep.contains(&day("2026-11-08")));
        for month_end in ["2026-10-31", "2026-09-30"] {
            assert!(keep.contains(&day(month_end)), "{month_end}");
        }
        assert!(!keep.contains(&day("2026-11-01")) && !keep.contains(&day("2026-09-01")));
        assert_eq!(keep.len(), 7 + 2 + 2);
    }

    #[test]
    fn a_new_shop_keeps_all_it_has() {
        let days = [day("2026-11-29"), day("2026-11-30")];
        assert_eq!(kept(&days).len(), 2);
        assert!(kept(&[]).is_empty());
    }
}
