//! Bytes and cells as the wallets write them: encodings, padded cells,
//! yen signs and China-time timestamps, turned into clean values.

use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::Money;

pub use crate::table::clean;
pub use crate::table::decode;

/// Ten trillion yuan: beyond any statement line, and far enough from i64's
/// limit that sums of a million lines cannot overflow.
const MAX_FEN: i64 = 1_000_000_000_000_000;

/// An amount as a wallet writes it: `¥28.16`, `￥1,020.00`, `-0.27000`,
/// `+12.00`. More than two decimals (WeChat fees carry five) round half up.
/// An amount the wallet accrues below the fen (WeChat's 手续费 is written
/// with five decimals): rounded half away from zero to the fen, as the
/// wallet settles it. Only for columns documented that way.
pub fn sub_fen_amount(cell: &str) -> Option<Money> {
    let digits: String = cell
        .chars()
        .filter(|c| !matches!(c, '¥' | '￥' | ',' | '，' | '+' | ' ' | '元'))
        .collect();
    let d = Decimal::from_str(&digits).ok()?;
    amount(
        &d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .to_string(),
    )
}

pub fn amount(cell: &str) -> Option<Money> {
    let digits: String = cell
        .chars()
        .filter(|c| !matches!(c, '¥' | '￥' | ',' | '，' | '+' | ' ' | '元'))
        .collect();
    if digits.is_empty() {
        return None;
    }
    let d = Decimal::from_str(&digits).ok()?;
    // Money comes in fen: `28.165` is not an amount anyone was paid, and
    // rounding it would change the books without a word.
    if d.round_dp(2) != d {
        return None;
    }
    // Checked: a forged "99999999999999999999999999999" is not an amount.
    let fen = d.checked_mul(Decimal::from(100))?.to_i64()?;
    (fen.abs() <= MAX_FEN).then_some(Money::from_fen(fen))
}

/// Both wallets write China time, whatever the shop's own zone.
fn china() -> FixedOffset {
    crate::shop_time::CHINA
}

/// `2019-09-26 12:45:27` (also with `/`, without seconds) in China time, as
/// UTC seconds.
pub fn china_time(cell: &str) -> Option<i64> {
    let cell = cell.trim();
    if let Some(t) = exact_time(cell) {
        return Some(t);
    }
    let s = crate::shop_time::dashed(cell);
    let naive = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    china_naive(naive)
}

/// The common case, `2019-09-26 12:45:27`, without a format parser: a
/// million-line statement spends its time elsewhere.
fn exact_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    china_naive(date.and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)?)
}

pub fn china_naive(naive: NaiveDateTime) -> Option<i64> {
    china()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_written() {
        let fen = |s: &str| amount(s).map(Money::fen);
        assert_eq!(fen("¥28.16"), Some(2816));
        assert_eq!(fen("￥1,020.00"), Some(102_000));
        assert_eq!(fen("¥50.0"), Some(5000));
        assert_eq!(fen("-0.27000"), Some(-27));
        assert_eq!(fen("0.60500"), None, "not fen: refused, not rounded");
        assert_eq!(fen("¥28.165"), None);
        assert_eq!(fen("28.1600"), Some(2816));
        assert_eq!(sub_fen_amount("0.60500").map(Money::fen), Some(61));
        assert_eq!(sub_fen_amount("-0.27000").map(Money::fen), Some(-27));
        assert_eq!(fen("+12.00"), Some(1200));
        assert_eq!(fen(""), None);
        assert_eq!(fen("abc"), None);
        assert_eq!(
            fen("79228162514264337593543950335"),
            None,
            "too big, not a panic"
        );
    }

    #[test]
    fn cells_lose_their_padding() {
        assert_eq!(clean("`2024-07-09 16:47:58"), "2024-07-09 16:47:58");
        assert_eq!(
            clean("4200002168202406076349888061\t"),
            "4200002168202406076349888061"
        );
        assert_eq!(clean("交易时间            "), "交易时间");
        assert_eq!(clean("/"), "");
        assert_eq!(clean("/\t"), "");
    }

    #[test]
    fn gbk_is_read_as_gb18030() {
        let (gbk, _, _) = encoding_rs::GBK.encode("交易时间,金额");
        assert_eq!(decode(&gbk).unwrap(), "交易时间,金额");
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").unwrap(), "a,b");
    }

    #[test]
    fn text_cut_inside_its_last_character_is_cut_short_not_another_kind() {
        let utf8 = "交易时间,金额\n转账,一元".as_bytes();
        let (gbk, _, _) = encoding_rs::GBK.encode("交易时间,金额\n转账,1.00\n微信");
        for (cut, line) in [(&utf8[..utf8.len() - 1], 2), (&gbk[..gbk.len() - 1], 3)] {
            let err = decode(cut).unwrap_err();
            assert_eq!(
                (err.line, err.why),
                (Some(line), Some(crate::table::Why::CutShort)),
                "{}",
                err.message
            );
        }
        // Excel's "Unicode text": UTF-16 with its byte-order mark.
        let mut saved = vec![0xFF, 0xFE];
        saved.extend("交易时间\n一".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&saved).unwrap(), "交易时间\n一");
        let cut = decode(&saved[..saved.len() - 1]).unwrap_err();
        assert_eq!(
            (cut.line, cut.why),
            (Some(2), Some(crate::table::Why::CutShort))
        );
        let binary = decode(b"\x00\xff\xfe\x80\x80\x80 binary").unwrap_err();
        assert_eq!(binary.why, Some(crate::table::Why::NotText));
    }

    #[test]
    fn china_time_is_utc_plus_eight() {
        assert_eq!(china_time("1970-01-01 08:00:00"), Some(0));
        assert_eq!(china_time("1970/01/01 08:01"), Some(60));
        assert_eq!(
            china_time("2019-09-26 12:45:27"),
            china_time("2019/09/26 12:45:27")
        );
        assert_eq!(china_time("2019-13-26 12:45:27"), None);
        assert_eq!(china_time("2019-09-26 12:4x:27"), None);
        assert_eq!(china_time("yesterday"), None);
    }
}
