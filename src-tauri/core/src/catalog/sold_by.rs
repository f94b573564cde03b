//! How a variant is priced: by the piece (件), or by weight (称重商品) per
//! 斤, 公斤 or 克. Weighed goods keep their stock ledger and their order
//! lines in whole grams, so every sum stays an exact integer; a line's
//! price is per unit and its total is price × weight, rounded half-up to
//! the fen once.

use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::money::half_up_ratio;

/// A weighed line or stock figure may reach this many grams (a tonne).
pub const MAX_GRAMS: i64 = 999_999;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SoldBy {
    /// 件: whole pieces.
    #[default]
    Piece,
    /// 斤: 500 g.
    Jin,
    /// 公斤: 1000 g.
    Kg,
    /// 克.
    G,
}

impl SoldBy {
    pub const ALL: [SoldBy; 4] = [SoldBy::Piece, SoldBy::Jin, SoldBy::Kg, SoldBy::G];

    /// How the shop file spells it (`variants.sold_by`).
    pub fn code(self) -> &'static str {
        match self {
            SoldBy::Piece => "piece",
            SoldBy::Jin => "jin",
            SoldBy::Kg => "kg",
            SoldBy::G => "g",
        }
    }

    /// The word on labels, lists and exports (计价单位).
    pub fn word(self) -> &'static str {
        match self {
            SoldBy::Piece => "件",
            SoldBy::Jin => "斤",
            SoldBy::Kg => "公斤",
            SoldBy::G => "克",
        }
    }

    /// Ledger units (pieces or grams) in one priced unit.
    pub fn per(self) -> i64 {
        match self {
            SoldBy::Piece | SoldBy::G => 1,
            SoldBy::Jin => 500,
            SoldBy::Kg => 1000,
        }
    }

    pub fn weighed(self) -> bool {
        self != SoldBy::Piece
    }

    pub fn from_code(code: &str) -> SoldBy {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or_default()
    }

    /// `qty` ledger units (pieces, grams) at `unit_fen` per priced unit,
    /// rounded half-up to the fen once.
    pub fn amount(self, qty: i64, unit_fen: i64) -> i64 {
        line_amount(qty, unit_fen, self.per())
    }

    /// A ledger figure as the merchant reads it: `3`, `2.35斤`, `500克`.
    pub fn show(self, qty: i64) -> String {
        match self.weighed() {
            true => format!("{}{}", self.number(qty), self.word()),
            false => qty.to_string(),
        }
    }

    /// A ledger figure in the priced unit, without the unit: `2.35` for
    /// 1175 g sold by the 斤 (how sheets carry it).
    pub fn number(self, qty: i64) -> String {
        Decimal::new(qty * 1000 / self.per(), 3)
            .normalize()
            .to_string()
    }

    /// A quantity as written (`2`, `2.35`, `2.35斤`, `500克`, `1.2kg`) in
    /// ledger units: pieces for piece goods, whole grams for weighed ones.
    /// A bare number is in the variant's own unit.
    pub fn ledger_qty(self, sku: &str, text: &str) -> Result<i64> {
        let typed: String = text.trim().chars().map(crate::table::half_width).collect();
        let (number, unit) = split_unit(&typed).ok_or_else(|| not_a_qty(sku, text))?;
        let value = Decimal::from_str(number.trim()).map_err(|_| not_a_qty(sku, text))?;
        let per = match unit {
            Some(u) if self.weighed() && u.weighed() => u.per(),
            Some(u) if u != self => return Err(not_weighed(sku, text)),
            _ => self.per(),
        };
        if !self.weighed() && value.fract() != Decimal::ZERO {
            return Err(not_weighed(sku, text));
        }
        let units = value * Decimal::from(per);
        if units.fract() != Decimal::ZERO {
            return Err(CoreError::refused(
                Refusal::WeightFinerThanGram,
                &[("sku", sku.to_string()), ("text", text.to_string())],
                format!("{sku}: {text} is not a whole number of grams; weigh to the gram"),
            ));
        }
        units.to_i64().ok_or_else(|| not_a_qty(sku, text))
    }
}

impl SoldBy {
    /// An order line's quantity in ledger units: `qty` whole pieces or
    /// units, or the weight as written when there is one.
    pub fn line_qty(self, sku: &str, qty: i64, weight: Option<&str>) -> Result<i64> {
        let qty = match weight.map(str::trim).filter(|w| !w.is_empty()) {
            Some(w) => self.ledger_qty(sku, w)?,
            None => qty * self.per(),
        };
        let max = if self.weighed() {
            MAX_GRAMS
        } else {
            crate::limits::MAX_QTY
        };
        if !(1..=max).contains(&qty) {
            return Err(CoreError::refused(
                Refusal::QtyOutOfRange,
                &[("sku", sku.to_string()), ("max", self.show(max))],
                format!("{sku}: quantity must be 1 to {}", self.show(max)),
            ));
        }
        Ok(qty)
    }
}

/// How the variant a SKU, barcode or supplier's SKU names is sold.
pub fn of_sku(conn: &Connection, sku: &str) -> Result<SoldBy> {
    let code: String = conn
        .prepare_cached(
            "SELECT sold_by FROM (
               SELECT sold_by, sku <> ?1 AS rank FROM variants WHERE sku = ?1 OR barcode = ?1
               UNION ALL
               SELECT v.sold_by, 2 FROM supplier_items i JOIN variants v ON v.id = i.variant_id WHERE i.supplier_sku = ?1)
             ORDER BY rank LIMIT 1",
        )?
        .query_row([sku.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: "sku", key: sku.trim().to_string() })?;
    Ok(SoldBy::from_code(&code))
}

/// A quantity written for a SKU (`20`, `2.5斤`, `500克`) in its ledger
/// units: what the command line and the forms hand the stock functions.
pub fn qty_of(conn: &Connection, sku: &str, text: &str) -> Result<i64> {
    of_sku(conn, sku)?.ledger_qty(sku.trim(), text)
}

/// A ledger quantity at a price per `per` ledger units, half-up to the fen.
pub fn line_amount(qty: i64, unit_fen: i64, per: i64) -> i64 {
    half_up_ratio(i128::from(qty) * i128::from(unit_fen), i128::from(per))
}

impl FromStr for SoldBy {
    type Err = CoreError;

    /// The code or the word, as a sheet or the command line gives it;
    /// empty is by the piece.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(SoldBy::Piece);
        }
        Self::ALL
            .into_iter()
            .find(|u| u.code().eq_ignore_ascii_case(t) || u.word() == t || aliases(*u).contains(&t))
            .ok_or_else(|| {
                CoreError::invalid(
                    "sold_by",
                    format!("unknown unit {t:?}: piece (件), jin (斤), kg (公斤) or g (克)"),
                )
            })
    }
}

/// Other ways the same unit is written, in sheets and in group chats.
fn aliases(u: SoldBy) -> &'static [&'static str] {
    match u {
        SoldBy::Piece => &["个", "份", "盒", "袋", "箱", "瓶", "each", "unit"],
        SoldBy::Jin => &["市斤"],
        SoldBy::Kg => &["千克", "KG", "Kg", "kilogram", "kilo"],
        SoldBy::G => &["gram", "grams"],
    }
}

/// `2.35斤` → (`2.35`, 斤); a bare number has no unit. A unit we do not
/// know (`2.35吨`, `1e3`) is no quantity at all, never a bare number.
fn split_unit(text: &str) -> Option<(&str, Option<SoldBy>)> {
    let at = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '+'))
        .map_or(text.len(), |(i, _)| i);
    let (number, unit) = text.split_at(at);
    match unit.trim() {
        "" => Some((number, None)),
        unit => unit.parse().ok().map(|u| (number, Some(u))),
    }
}

fn not_weighed(sku: &str, text: &str) -> CoreError {
    CoreError::refused(
        Refusal::NotWeighed,
        &[("sku", sku.to_string()), ("text", text.to_string())],
        format!("{sku} is sold by the piece: {text} is not a whole number of pieces"),
    )
}

fn not_a_qty(sku: &str, text: &str) -> CoreError {
    CoreError::invalid("qty", format!("{sku}: not a quantity: {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn weights_are_whole_grams_in_any_unit() {
        let jin = SoldBy::Jin;
        assert_eq!(jin.ledger_qty("A", "2.35").unwrap(), 1175);
        assert_eq!(jin.ledger_qty("A", "2.35斤").unwrap(), 1175);
        assert_eq!(jin.ledger_qty("A", "500克").unwrap(), 500);
        assert_eq!(jin.ledger_qty("A", "1.2kg").unwrap(), 1200);
        assert_eq!(jin.ledger_qty("A", "2").unwrap(), 1000);
        assert_eq!(SoldBy::Kg.ledger_qty("A", "0.125").unwrap(), 125);
        for unknown in ["2.35吨", "1e3", "2斤半斤"] {
            assert_eq!(
                jin.ledger_qty("A", unknown).unwrap_err().code(),
                "invalid",
                "{unknown}"
            );
        }
        let err = jin.ledger_qty("A", "2.3511").unwrap_err();
        assert_eq!(err.code(), "weight_finer_than_gram");
        assert_eq!(jin.show(1175), "2.35斤");
        assert_eq!(SoldBy::G.show(500), "500克");
        assert_eq!(SoldBy::Piece.show(3), "3");
    }

    #[test]
    fn pieces_are_whole() {
        assert_eq!(SoldBy::Piece.ledger_qty("A", "3").unwrap(), 3);
        assert_eq!(SoldBy::Piece.ledger_qty("A", "3个").unwrap(), 3);
        for text in ["2.35", "2斤", "500克"] {
            let err = SoldBy::Piece.ledger_qty("A", text).unwrap_err();
            assert_eq!(err.code(), "not_weighed", "{text}");
        }
    }

    #[test]
    fn units_read_as_written() {
        for (text, u) in [
            ("件", SoldBy::Piece),
            ("斤", SoldBy::Jin),
            ("公斤", SoldBy::Kg),
            ("kg", SoldBy::Kg),
            ("克", SoldBy::G),
            ("", SoldBy::Piece),
        ] {
            assert_eq!(text.parse::<SoldBy>().unwrap(), u, "{text}");
        }
        assert!("吨".parse::<SoldBy>().is_err());
    }

    proptest! {
        /// A weighed line's total is price × weight rounded once, half-up:
        /// within half a fen of the exact amount, and the same whichever
        /// unit the weight was written in.
        #[test]
        fn a_line_is_rounded_once(grams in 1i64..=MAX_GRAMS, fen in 0i64..=100_000) {
            let amount = SoldBy::Jin.amount(grams, fen);
            let exact = Decimal::from(grams * fen) / Decimal::from(500);
            prop_assert!((Decimal::from(amount) - exact).abs() <= Decimal::new(5, 1));
            let written = SoldBy::Jin.show(grams);
            prop_assert_eq!(SoldBy::Jin.ledger_qty("A", &written).unwrap(), grams);
            let kg = SoldBy::Kg.show(grams);
            prop_assert_eq!(SoldBy::Jin.ledger_qty("A", &kg).unwrap(), grams);
        }
    }
}
