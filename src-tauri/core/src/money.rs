//! Money is integer fen. Rates are exact decimals. Rounding is named here,
//! once: half-up to the fen, and when a total is split over lines the
//! remainder goes to the last line so the parts always add up.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{CoreError, Refusal};

/// An amount of CNY in fen (分). The only currency our merchants use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    pub fn yuan(yuan: i64) -> Self {
        Money(yuan * 100)
    }

    /// `rate` is a fraction (0.10 for 10%); the result is rounded half-up.
    pub fn times_rate(self, rate: Decimal) -> Money {
        let exact = Decimal::from(self.0) * rate;
        let fen = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        // Amounts are capped at limits::MAX_FEN (10^9) and rates are
        // fractions: the product fits an i64 by nine orders of magnitude.
        #[allow(clippy::expect_used)]
        Money(fen.to_i64().expect("money overflow"))
    }

    pub fn times(self, qty: i64) -> Money {
        Money(self.0 * qty)
    }

    /// Splits `self` over `weights` in proportion, half-up per part, the
    /// remainder to the last part: the parts always sum to `self`.
    pub fn allocate(self, weights: &[Money]) -> Vec<Money> {
        let total: i64 = weights.iter().map(|w| w.0).sum();
        if weights.is_empty() {
            return Vec::new();
        }
        if total == 0 {
            let mut parts = vec![Money::ZERO; weights.len() - 1];
            parts.push(self);
            return parts;
        }
        let mut parts: Vec<Money> = weights[..weights.len() - 1]
            .iter()
            .map(|w| self.times_rate(Decimal::from(w.0) / Decimal::from(total)))
            .collect();
        let given: Money = parts.iter().copied().sum();
        parts.push(self - given);
        parts
    }

    pub const fn abs(self) -> Money {
        Money(self.0.abs())
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
}

impl fmt::Display for Money {
    /// Yuan with two decimals: `36.50`, `-0.90`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl FromStr for Money {
    type Err = CoreError;

    /// Parses yuan as people write it: `36.5`, `¥1,200.00`, `12.5元`, `-3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let cleaned: String = s
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',')
            .collect();
        let d = Decimal::from_str(cleaned.trim()).map_err(|_| {
            CoreError::refused(
                Refusal::NotAnAmount,
                &[("text", s.to_string())],
                format!("not an amount: {s:?}"),
            )
        })?;
        if d.scale() > 2 && d.round_dp(2) != d {
            return Err(CoreError::refused(
                Refusal::TooManyDecimals,
                &[("text", s.to_string())],
                format!("more than two decimals: {s:?}"),
            ));
        }
        let fen = d
            .checked_mul(Decimal::from(100))
            .and_then(|f| f.to_i64())
            .ok_or_else(|| {
                CoreError::refused(
                    Refusal::AmountOutOfRange,
                    &[("text", s.to_string())],
                    format!("out of range: {s:?}"),
                )
            })?;
        Ok(Money(fen))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

/// Across IPC and in JSON, money is a yuan string ("36.50"): exact, and no
/// JavaScript number ever holds it.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl ts_rs::TS for Money {
    type WithoutGenerics = Money;
    type OptionInnerType = Money;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
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
    use proptest::prelude::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(half_up_ratio(5, 10), 1);
        assert_eq!(half_up_ratio(4, 10), 0);
        assert_eq!(half_up_ratio(15, 10), 2);
        assert_eq!(half_up_ratio(-15, 10), -2);
        assert_eq!(half_up_ratio(-14, 10), -1);
        assert_eq!(half_up_ratio(7, 0), 0);
    }

    #[test]
    fn formats_yuan() {
        assert_eq!(Money::from_fen(3650).to_string(), "36.50");
        assert_eq!(Money::from_fen(-90).to_string(), "-0.90");
        assert_eq!(Money::from_fen(5).to_string(), "0.05");
    }

    #[test]
    fn parses_what_people_write() {
        assert_eq!("36.5".parse::<Money>().unwrap().fen(), 3650);
        assert_eq!("¥1,200.00".parse::<Money>().unwrap().fen(), 120000);
        assert_eq!("-3".parse::<Money>().unwrap().fen(), -300);
        assert_eq!("12.5元".parse::<Money>().unwrap().fen(), 1250);
        assert_eq!("￥9.9 元".parse::<Money>().unwrap().fen(), 990);
        assert!("1.234".parse::<Money>().is_err());
        assert!("元".parse::<Money>().is_err());
        assert!("abc".parse::<Money>().is_err());
        assert!(
            "79228162514264337593543950335".parse::<Money>().is_err(),
            "an error, not a panic"
        );
    }

    #[test]
    fn rate_rounds_half_up() {
        let rate = Decimal::new(5, 2); // 5%
        assert_eq!(Money::from_fen(10).times_rate(rate).fen(), 1); // 0.5 -> 1
        assert_eq!(Money::from_fen(9).times_rate(rate).fen(), 0); // 0.45 -> 0
    }

    proptest! {
        #[test]
        fn allocation_never_loses_a_fen(total in -1_000_000i64..1_000_000, ws in proptest::collection::vec(0i64..100_000, 1..12)) {
            let weights: Vec<Money> = ws.into_iter().map(Money::from_fen).collect();
            let parts = Money::from_fen(total).allocate(&weights);
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().copied().sum::<Money>(), Money::from_fen(total));
        }

        #[test]
        fn display_parse_round_trip(fen in -10_000_000_000i64..10_000_000_000) {
            let m = Money::from_fen(fen);
            prop_assert_eq!(m.to_string().parse::<Money>().unwrap(), m);
        }
    }
}
