//! Largest-triangle-three-buckets: keeps the points that carry a series'
//! shape (peaks and troughs survive), in integers so money never meets a
//! float. The points kept are real points of the series, not averages.

/// Indexes of the points to keep out of `ys` (x is the index), at most
/// `target`; the first and last are always kept.
pub fn lttb(ys: &[i64], target: usize) -> Vec<usize> {
    let n = ys.len();
    if target >= n {
        return (0..n).collect();
    }
    if target < 3 {
        return [0, n - 1][..target].to_vec();
    }
    let mut kept = Vec::with_capacity(target);
    kept.push(0);
    let buckets = target - 2;
    // Bucket b covers [edge(b), edge(b + 1)) of the inner points 1..n-1.
    let edge = |b: usize| 1 + b * (n - 2) / buckets;
    let mut a = 0usize;
    for b in 0..buckets {
        let (lo, hi) = (edge(b), edge(b + 1));
        // The next bucket's average as sums over a count, to stay integer.
        let (nlo, nhi) = if b + 1 < buckets {
            (edge(b + 1), edge(b + 2))
        } else {
            (n - 1, n)
        };
        let cnt = (nhi - nlo) as i128;
        let sx: i128 = (nlo..nhi).map(|i| i as i128).sum();
        let sy: i128 = ys[nlo..nhi].iter().map(|&y| y as i128).sum();
        let (ax, ay) = (a as i128, ys[a] as i128);
        let best = (lo..hi)
            .max_by_key(|&i| {
                let (bx, by) = (i as i128, ys[i] as i128);
                ((ax * cnt - sx) * (by - ay) - (ax - bx) * (sy - ay * cnt)).abs()
            })
            .unwrap_or(lo);
        kept.push(best);
        a = best;
    }
    kept.push(n - 1);
    kept
}

#[cfg(test)]
mod tests {
    use super::lttb;

    #[test]
    fn keeps_ends_and_peaks_within_the_target() {
        let mut ys: Vec<i64> = (0..1000).map(|i| (i % 7) * 100).collect();
        ys[500] = 1_000_000;
        ys[731] = -50_000;
        let kept = lttb(&ys, 100);
        assert_eq!(kept.len(), 100);
        assert_eq!((kept[0], kept[99]), (0, 999));
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "in order, no repeats");
        assert!(kept.contains(&500) && kept.contains(&731));
    }

    #[test]
    fn short_series_come_back_whole() {
        assert_eq!(lttb(&[5, 6, 7], 400), vec![0, 1, 2]);
        assert_eq!(lttb(&[], 400), Vec::<usize>::new());
    }
}
