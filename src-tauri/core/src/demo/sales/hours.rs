//! When in the day orders come: the hours' weights, and how much of a
//! day's business its first seconds hold (today has only the hours so far).

/// How busy each hour of the day is: morning, lunch and evening peaks.
pub(super) const HOURS: [u64; 24] = [
    2, 1, 1, 1, 1, 2, 6, 12, 16, 12, 9, 10, 13, 9, 7, 7, 8, 10, 12, 16, 20, 18, 10, 5,
];
pub(super) const HOUR_WEIGHT_SUM: u64 = {
    let (mut sum, mut i) = (0, 0);
    while i < HOURS.len() {
        sum += HOURS[i];
        i += 1;
    }
    sum
};

/// The part of a day's business (out of `HOUR_WEIGHT_SUM`) done in its
/// first `seconds`.
pub(super) fn busy_so_far(seconds: i64) -> u64 {
    let seconds = seconds.clamp(0, 86_400) as u64;
    let whole = (seconds / 3600) as usize;
    let done: u64 = HOURS[..whole.min(24)].iter().sum();
    let part = HOURS.get(whole).map_or(0, |w| w * (seconds % 3600) / 3600);
    done + part
}

#[cfg(test)]
#[test]
fn a_day_so_far_is_its_hours_business() {
    assert_eq!(busy_so_far(0), 0);
    assert_eq!(busy_so_far(3600), 2);
    assert_eq!(busy_so_far(86_400), HOUR_WEIGHT_SUM);
    assert_eq!(
        busy_so_far(9 * 3600 + 1800),
        2 + 1 + 1 + 1 + 1 + 2 + 6 + 12 + 16 + 6
    );
}
