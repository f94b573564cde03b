//! A group's feedback pasted at once: one review per line, as people write
//! them in a WeChat group (`12-03 王阿姨：桃子很甜 5星`). Each line is
//! matched to its customer as 接龙 lines are (phone, else nickname or name
//! exactly; several are asked about, never picked) and to that customer's
//! order on or before the day written. Whatever is not sure is flagged with
//! its reason, and nothing is recorded until every line is settled (or the
//! unsettled ones are skipped on purpose).

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::NewReview;
use crate::error::{CoreError, Refusal, Result};
use crate::shop_time::ShopClock;
use crate::solitaire::customers::{who, CustomerMatch};
use crate::solitaire::Candidate;
use crate::store::Writer;

/// An order this long before the day written (or today) still matches.
const ORDER_WITHIN_DAYS: i64 = 30;
/// A day of a busy group's feedback is a few thousand characters.
const MAX_PASTED: usize = 100_000;

/// One pasted line, read and matched.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PastedReview {
    /// Line of the pasted text (1-based).
    pub line: u32,
    /// The line as written.
    pub text: String,
    /// Who wrote it, as written.
    pub customer: String,
    pub customer_id: Option<String>,
    /// When several customers fit: who it could be.
    pub candidates: Vec<Candidate>,
    /// The day written, if any (`YYYY-MM-DD`).
    pub day: Option<String>,
    pub order_no: Option<String>,
    /// 1–5; 0 when the line gives none (`no_stars`).
    pub stars: i32,
    pub body: String,
    /// Why it is not sure: `ambiguous_customer`, `unknown_customer`,
    /// `no_order`, `no_stars`, `already_recorded`. Empty when sure.
    pub flags: Vec<String>,
}

/// What a commit recorded.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Recorded {
    pub reviews: Vec<String>,
    /// Tickets the bad ones opened.
    pub tickets: Vec<String>,
    /// Lines skipped, still unsure.
    pub skipped: Vec<u32>,
}

/// Reads pasted feedback, one review per non-empty line (a photo shown as
/// `[图片]` goes with the line above), `today` being the
/// shop's business day (a day written without a year is the latest such
/// day not after it).
pub fn parse(
    conn: &Connection,
    clock: &ShopClock,
    text: &str,
    today: NaiveDate,
) -> Result<Vec<PastedReview>> {
    if text.chars().count() > MAX_PASTED {
        return Err(CoreError::refused(
            Refusal::TooLong,
            &[("field", "pasted".into()), ("max", MAX_PASTED.to_string())],
            format!("paste at most {MAX_PASTED} characters at a time"),
        ));
    }
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        // `[图片]` on a line of its own: the photo the buyer sent with the
        // words above, which a copied chat shows only so.
        if let (true, Some(above)) = (is_placeholder(line), out.last_mut()) {
            let above: &mut PastedReview = above;
            above.body = format!("{} {line}", above.body).trim().to_string();
            continue;
        }
        let mut r = read_line(i as u32 + 1, line, today);
        settle(conn, clock, &mut r, today)?;
        out.push(r);
    }
    if out.is_empty() {
        return Err(CoreError::refused(
            Refusal::NothingPasted,
            &[],
            "no line to read: paste one review per line, e.g. 12-03 王阿姨：很甜 5星".into(),
        ));
    }
    Ok(out)
}

/// Matches (again) a line's customer, order and what is still unsure:
/// after a person picked the customer or gave the stars.
pub fn settle(
    conn: &Connection,
    clock: &ShopClock,
    r: &mut PastedReview,
    today: NaiveDate,
) -> Result<()> {
    r.flags.clear();
    if r.customer_id.is_none() {
        let found = who(conn, clock, &r.customer, None)?;
        match found.matched {
            CustomerMatch::Existing => r.customer_id = found.id,
            CustomerMatch::New => r.flags.push("unknown_customer".into()),
            CustomerMatch::Ambiguous => {
                r.candidates = found.candidates;
                r.flags.push("ambiguous_customer".into());
            }
        }
    }
    if let Some(id) = &r.customer_id {
        r.candidates.clear();
        let day = r
            .day
            .as_deref()
            .and_then(|d| d.parse().ok())
            .unwrap_or(today);
        if r.order_no.is_none() {
            r.order_no = order_of(conn, clock, id, day)?;
        }
        if r.order_no.is_none() {
            r.flags.push("no_order".into());
        }
    }
    if r.stars == 0 {
        r.flags.push("no_stars".into());
    }
    if let Some(no) = &r.order_no {
        let twice: Option<i64> = conn
            .prepare_cached(
                "SELECT 1 FROM reviews v JOIN orders o ON o.id = v.order_id
                 WHERE o.order_no = ?1 AND v.stars = ?2 AND v.body = ?3",
            )?
            .query_row(params![no, r.stars, r.body], |x| x.get(0))
            .optional()?;
        if twice.is_some() {
            r.flags.push("already_recorded".into());
        }
    }
    Ok(())
}

/// Records the sure lines in one transaction. While any line is unsure it
/// refuses, unless `skip_unsure`: then the unsure ones are left out.
pub fn commit(
    w: &Writer,
    shop_file: &std::path::Path,
    lines: &[PastedReview],
    source: &str,
    skip_unsure: bool,
) -> Result<Recorded> {
    let unsure: Vec<u32> = lines
        .iter()
        .filter(|r| !r.flags.is_empty())
        .map(|r| r.line)
        .collect();
    if !unsure.is_empty() && !skip_unsure {
        return Err(CoreError::refused(
            Refusal::ReviewsNotSure,
            &[("lines", join(&unsure))],
            match unsure.len() {
                1 => format!("line {} is not sure yet: settle or skip it", unsure[0]),
                _ => format!(
                    "lines {} are not sure yet: settle or skip them",
                    join(&unsure)
                ),
            },
        ));
    }
    let mut done = Recorded {
        reviews: Vec::new(),
        tickets: Vec::new(),
        skipped: unsure,
    };
    for r in lines.iter().filter(|r| r.flags.is_empty()) {
        let review = NewReview {
            order_no: r.order_no.clone().unwrap_or_default(),
            sku: None,
            stars: r.stars,
            text: r.body.clone(),
            source: source.into(),
        };
        let added = super::add(w, shop_file, &review, &[])?;
        done.reviews.push(added.id);
        done.tickets.extend(added.ticket_id);
    }
    Ok(done)
}

fn join(lines: &[u32]) -> String {
    lines
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The customer's latest kept order placed by the end of `day`, within
/// `ORDER_WITHIN_DAYS` before it.
fn order_of(
    conn: &Connection,
    clock: &ShopClock,
    customer_id: &str,
    day: NaiveDate,
) -> Result<Option<String>> {
    let until = clock.day_start(day + Duration::days(1));
    let since = clock.day_start(day - Duration::days(ORDER_WITHIN_DAYS));
    Ok(conn
        .prepare_cached(
            "SELECT order_no FROM orders WHERE customer_id = ?1 AND placed_at >= ?2 AND placed_at < ?3
               AND status NOT IN ('draft', 'cancelled') ORDER BY placed_at DESC LIMIT 1",
        )?
        .query_row(params![customer_id, since, until], |r| r.get(0))
        .optional()?)
}

/// One line's parts: an optional number and day, who, what they said and
/// the stars, however written.
fn read_line(line: u32, text: &str, today: NaiveDate) -> PastedReview {
    let rest = strip_number(text);
    let (mut day, rest) = when(rest, today);
    let (customer, mut said) = split_who(rest);
    // `王勇 12/4 山竹不新鲜`: the day after the name.
    if day.is_none() {
        (day, said) = when(said, today);
    }
    let (stars, body) = stars_of(said);
    PastedReview {
        line,
        text: text.to_string(),
        customer: customer.to_string(),
        customer_id: None,
        candidates: Vec::new(),
        day: day.map(|d| d.to_string()),
        order_no: None,
        stars,
        body,
        flags: Vec::new(),
    }
}

/// `1.`, `1、`, `12)` at the start.
fn strip_number(text: &str) -> &str {
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits == 0 {
        return text;
    }
    let after = &text[digits..];
    match after.chars().next() {
        Some(c @ ('.' | '、' | ')' | '）' | '．')) => after[c.len_utf8()..].trim_start(),
        _ => text,
    }
}

/// When, at the start of a line as a chat shows it: a day and perhaps the
/// time (`12-03 18:30`), or both in brackets (`[12月4日 18:30]`); the time
/// is left out (`18:30` read as who said it, `18`, before).
fn when(text: &str, today: NaiveDate) -> (Option<NaiveDate>, &str) {
    let (open, close) = match text.chars().next() {
        Some('[') => ('[', ']'),
        Some('【') => ('【', '】'),
        _ => {
            let (day, rest) = leading_day(text, today);
            return match day {
                Some(d) => (Some(d), without_time(rest)),
                None => (None, text),
            };
        }
    };
    let Some(end) = text.find(close) else {
        return (None, text);
    };
    let inner = text[open.len_utf8()..end].trim();
    match leading_day(inner, today) {
        (Some(d), rest) if without_time(rest).is_empty() => {
            (Some(d), text[end + close.len_utf8()..].trim_start())
        }
        _ => (None, text),
    }
}

/// The text after a leading `18:30` or `18:30:05`.
fn without_time(text: &str) -> &str {
    let word = text.split_whitespace().next().unwrap_or("");
    let parts: Vec<&str> = word.split(':').collect();
    let is_time = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if is_time {
        text[word.len()..].trim_start()
    } else {
        text
    }
}

/// A day at the start: `2026-12-03`, `12-03`, `12/3`, `12月3日`.
fn leading_day(text: &str, today: NaiveDate) -> (Option<NaiveDate>, &str) {
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let word = &text[..end];
    let parts: Vec<&str> = word
        .trim_end_matches('日')
        .split(['-', '/', '月'])
        .collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let day = match nums.as_deref() {
        Some([y, m, d]) if *y > 1999 => NaiveDate::from_ymd_opt(*y as i32, *m, *d),
        Some([m, d]) => NaiveDate::from_ymd_opt(today.year(), *m, *d).map(|d| {
            // Written without a year: the latest such day not after today.
            if d > today {
                d.with_year(today.year() - 1).unwrap_or(d)
            } else {
                d
            }
        }),
        _ => None,
    };
    match day {
        Some(d) => (Some(d), text[end..].trim_start()),
        None => (None, text),
    }
}

/// `王阿姨：很甜`, `王阿姨: 很甜`, else the first word is who.
fn split_who(text: &str) -> (&str, &str) {
    let cut = text
        .find(['：', ':'])
        .or_else(|| text.find(char::is_whitespace))
        .map(|i| (i, text[i..].chars().next().map_or(1, char::len_utf8)));
    match cut {
        Some((i, len)) => (text[..i].trim(), text[i + len..].trim()),
        None => (text.trim(), ""),
    }
}

const NUMERALS: [(char, i32); 6] = [
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
];

/// The stars however written (`★★★★☆`, `⭐⭐⭐`, `5星`, `五星`, `三颗星`,
/// `4分`, 好评/中评/差评), and the words without them. 0 when none are given.
fn stars_of(said: &str) -> (i32, String) {
    let filled = said.chars().filter(|c| *c == '★' || *c == '⭐').count() as i32;
    if (1..=5).contains(&filled) {
        let body: String = said
            .chars()
            .filter(|c| !matches!(c, '★' | '☆' | '⭐' | '\u{fe0f}'))
            .collect();
        return (filled, tidy(&body));
    }
    let chars: Vec<char> = said.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let n = c.to_digit(10).map(|d| d as i32).or_else(|| {
            NUMERALS
                .iter()
                .find(|(numeral, _)| numeral == c)
                .map(|(_, n)| *n)
        });
        let unit = match chars.get(i + 1..) {
            // 一星期, 三分钟, 五分熟, 一分钱一分货: a time, a taste, a price.
            Some(['星', '期', ..] | ['分', '钟' | '熟' | '钱' | '货', ..]) => continue,
            Some(['星' | '分', ..]) => 1,
            Some(['颗', '星', ..]) => 2,
            _ => continue,
        };
        if let Some(n @ 1..=5) = n {
            let body: String = chars[..i].iter().chain(&chars[i + 1 + unit..]).collect();
            return (n, tidy(&body));
        }
    }
    for (word, n) in [("好评", 5), ("中评", 3), ("差评", 1)] {
        if said.contains(word) {
            return (n, tidy(&said.replacen(word, "", 1)));
        }
    }
    (0, tidy(said))
}

/// What a copied WeChat chat shows for what is not text: `[图片]`,
/// `[表情]`, `[语音]`, `[视频]`, `[动画表情]`.
fn is_placeholder(line: &str) -> bool {
    line.strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .is_some_and(|inner| {
            [
                "图片",
                "表情",
                "语音",
                "视频",
                "动画表情",
                "Photo",
                "Sticker",
            ]
            .contains(&inner)
        })
}

fn tidy(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| c == '，' || c == ',' || c == '。' || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
