//! Rates as merchants write them (`10%`, `2.5%`) held as basis points, and
//! the one rounding of a rate applied to money: half-up to the fen.

use rusqlite::{Connection, OptionalExtension};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::error::{CoreError, Refusal, Result};

/// A pair of figures, one per distribution level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels<T> {
    pub first: T,
    pub second: T,
}

impl Levels<i64> {
    /// The shop's default commission rates (basis points) for each level.
    pub fn shop_defaults(conn: &Connection) -> Result<Levels<i64>> {
        let get = |key: &str, default: i64| -> Result<i64> {
            let v: Option<String> = conn
                .prepare_cached("SELECT value FROM shop_settings WHERE key = ?1")?
                .query_row([key], |r| r.get(0))
                .optional()?;
            Ok(v.and_then(|v| v.parse().ok()).unwrap_or(default))
        };
        Ok(Levels {
            first: get("commission_rate1_bp", 1000)?,
            second: get("commission_rate2_bp", 300)?,
        })
    }
}

/// `10%`, `10`, `2.5%`, `0.5%` → basis points (1% = 100); 0–100% only,
/// at most two decimals of a percent.
pub fn parse_rate(text: &str) -> Result<i64> {
    let t = text.trim().trim_end_matches(['%', '％']).trim();
    let bad = || {
        CoreError::refused(
            Refusal::RateOutOfRange,
            &[("text", text.to_string())],
            format!("not a rate between 0% and 100%: {text:?}"),
        )
    };
    let d = Decimal::from_str(t).map_err(|_| bad())?;
    let bp = d * Decimal::from(100);
    if bp.fract() != Decimal::ZERO || d < Decimal::ZERO || d > Decimal::from(100) {
        return Err(bad());
    }
    bp.to_i64().ok_or_else(bad)
}

/// `num / den` rounded half away from zero, in whole units; 0 when `den`
/// is 0. Integers all the way, so no rate ever meets a float.
pub fn half_up_ratio(num: i128, den: i128) -> i64 {
    if den == 0 {
        return 0;
    }
    let (n, d) = if den < 0 { (-num, -den) } else { (num, den) };
    let q = (2 * n.abs() + d) / (2 * d);
    (if n < 0 { -q } else { q }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_as_written() {
        assert_eq!(parse_rate("10%").unwrap(), 1000);
        assert_eq!(parse_rate("2.5%").unwrap(), 250);
        assert_eq!(parse_rate(" 8 ").unwrap(), 800);
        assert_eq!(parse_rate("0.25％").unwrap(), 25);
        for bad in ["", "abc", "-1%", "101%", "0.001%"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(half_up_ratio(5, 10), 1);
        assert_eq!(half_up_ratio(4, 10), 0);
        assert_eq!(half_up_ratio(15, 10), 2);
        assert_eq!(half_up_ratio(-15, 10), -2);
        assert_eq!(half_up_ratio(-14, 10), -1);
        assert_eq!(half_up_ratio(7, 0), 0);
    }
}
