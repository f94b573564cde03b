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
}
