//! The day a 接龙's goods arrive, as its header says it: `明天下午到货`,
//! `后天到`, `周五到货`, `12月8日到店`. The orders made from the list carry
//! it, so they are picked and handed over that day, not the day of the list.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Words that say goods arrive (到货, 到店, 到自提点, 送达); the day is
/// written just before them.
const ARRIVES: &[&str] = &["到", "送达"];

/// The arrival day a header line gives, counted from the business day
/// `today`; none when no line says when the goods arrive.
pub fn arrival_day(header: &str, today: NaiveDate) -> Option<NaiveDate> {
    header.lines().find_map(|line| {
        ARRIVES
            .iter()
            .flat_map(|w| line.match_indices(w).map(|(at, _)| at))
            .find_map(|at| {
                // The day nearest the word: `今天下单，明天到货` is tomorrow.
                let before = line[..at]
                    .trim_end()
                    .rsplit(['，', ',', '。', '；', ';', ' ', '！', '!'])
                    .next()?;
                relative(before, today)
                    .or_else(|| on_date(before, today))
                    .or_else(|| weekday(before, today))
            })
    })
}

/// `今天`, `明天`, `后天`, `大后天` (and their 日 forms).
fn relative(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    const WORDS: &[(&str, i64)] = &[
        ("大后天", 3),
        ("后天", 2),
        ("後天", 2),
        ("明天", 1),
        ("明日", 1),
        ("今天", 0),
        ("今日", 0),
        ("今晚", 0),
    ];
    let (_, days) = WORDS.iter().find(|(w, _)| text.contains(w))?;
    Some(today + Duration::days(*days))
}

/// `周五`, `星期五`, `礼拜五`: the next such day from today (today itself
/// if it is one); `下周五` the one in the week after this.
fn weekday(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let chars: Vec<char> = text.chars().collect();
    let at = ["周", "星期", "礼拜"]
        .iter()
        .filter_map(|w| {
            text.find(w)
                .map(|i| (text[..i].chars().count(), w.chars().count()))
        })
        .min()?;
    let day = match chars.get(at.0 + at.1)? {
        '一' => Weekday::Mon,
        '二' => Weekday::Tue,
        '三' => Weekday::Wed,
        '四' => Weekday::Thu,
        '五' => Weekday::Fri,
        '六' => Weekday::Sat,
        '日' | '天' | '七' => Weekday::Sun,
        _ => return None,
    };
    let next_week = at.0 > 0 && chars[at.0 - 1] == '下';
    if next_week {
        let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64)
            + Duration::days(7);
        return Some(monday + Duration::days(day.num_days_from_monday() as i64));
    }
    let ahead = (day.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64)
        .rem_euclid(7);
    Some(today + Duration::days(ahead))
}

/// `12月8日`, `12月8号`, `12.8`, `12/8`, `12-8`: this year's, or next
/// year's when this year's is more than a month gone (a December list for
/// January goods).
fn on_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).find_map(|i| {
        let (month, len) = number(&chars[i..])?;
        if i > 0 && chars[i - 1].is_ascii_digit() {
            return None;
        }
        let sep = *chars.get(i + len)?;
        if !matches!(sep, '月' | '.' | '/' | '-') {
            return None;
        }
        let (day, day_len) = number(chars.get(i + len + 1..)?)?;
        // `12.8元`, `2/5斤` are prices and weights, not days.
        if chars
            .get(i + len + 1 + day_len)
            .is_some_and(|c| "元块斤kgKG/%".contains(*c))
        {
            return None;
        }
        let this = NaiveDate::from_ymd_opt(today.year(), month, day)?;
        if this < today - Duration::days(31) {
            NaiveDate::from_ymd_opt(today.year() + 1, month, day)
        } else {
            Some(this)
        }
    })
}

/// A one- or two-digit number at the start, and its length.
fn number(chars: &[char]) -> Option<(u32, usize)> {
    let len = chars
        .iter()
        .take(2)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if len == 0 || chars.get(len).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let n: String = chars[..len].iter().collect();
    Some((n.parse().ok()?, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Saturday 5 December 2026.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
    }

    fn day(text: &str) -> Option<String> {
        arrival_day(text, today()).map(|d| d.to_string())
    }

    #[test]
    fn the_day_before_the_word_for_arriving() {
        assert_eq!(
            day("#接龙 阳山水蜜桃\n明天下午到货，团长群里通知").as_deref(),
            Some("2026-12-06")
        );
        assert_eq!(day("今天下单，后天到").as_deref(), Some("2026-12-07"));
        assert_eq!(day("大后天到店自提").as_deref(), Some("2026-12-08"));
        assert_eq!(day("今晚到货").as_deref(), Some("2026-12-05"));
        assert_eq!(day("12月8日下午3点到货").as_deref(), Some("2026-12-08"));
        assert_eq!(day("预计 12/9 到自提点").as_deref(), Some("2026-12-09"));
        assert_eq!(
            day("1月3号到货").as_deref(),
            Some("2027-01-03"),
            "January goods on a December list"
        );
        assert_eq!(day("周二到货").as_deref(), Some("2026-12-08"));
        assert_eq!(
            day("星期六到").as_deref(),
            Some("2026-12-05"),
            "today is a Saturday"
        );
        assert_eq!(day("下周一送达").as_deref(), Some("2026-12-07"));
    }

    #[test]
    fn no_day_is_made_up() {
        assert_eq!(day("#接龙 阳山水蜜桃 39.9/5斤\n要的扣1"), None);
        assert_eq!(day("到货了通知大家"), None, "the word without a day");
        assert_eq!(day("13月40日到货"), None, "not a date");
        assert_eq!(
            day("收到货请确认，水蜜桃 12.8元明天到").as_deref(),
            Some("2026-12-06"),
            "a price is no day"
        );
    }
}
