//! A supplier's feed, whatever its kind, read into `FeedItem`s: Shopify's
//! paginated `products.json`, WooCommerce's Store API, a generic JSON
//! document with a field mapping, or a CSV/XLSX file at a URL. JSON is parsed
//! as it streams in, one item at a time; only the compact items are kept.

mod generic;
mod json_stream;
mod paging;
mod shopify;
mod woocommerce;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::money::Money;

pub use generic::{guess_mapping, preview, FeedPreview, PreviewItem};
pub use paging::{page_url, pull, Pulled, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Shopify,
    WooCommerce,
    Json,
    Csv,
}

impl FeedKind {
    pub fn parse(text: &str) -> Result<FeedKind> {
        Ok(match text.trim().to_lowercase().as_str() {
            "shopify" => FeedKind::Shopify,
            "woocommerce" | "woo" => FeedKind::WooCommerce,
            "json" => FeedKind::Json,
            "csv" | "xlsx" => FeedKind::Csv,
            other => {
                return Err(CoreError::invalid(
                    "kind",
                    format!("shopify, woocommerce, json or csv, not {other:?}"),
                ))
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::Shopify => "shopify",
            FeedKind::WooCommerce => "woocommerce",
            FeedKind::Json => "json",
            FeedKind::Csv => "csv",
        }
    }
}

/// One thing the supplier sells, as the feed says it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub supplier_sku: String,
    pub title: String,
    pub cost: Money,
    pub available: bool,
    pub stock: Option<i64>,
    pub barcode: Option<String>,
    pub pack_size: Option<i64>,
}

/// Where a generic feed keeps each field: dotted paths inside an item (JSON)
/// or column headers (CSV/XLSX). `items` is the dotted path to the list in a
/// JSON document (empty when the document is the list).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeedMapping {
    pub items: String,
    pub sku: String,
    pub title: String,
    pub cost: String,
    /// `yuan` (12.50) or `fen` (1250).
    pub cost_unit: String,
    pub available: String,
    pub stock: String,
    pub barcode: String,
    pub pack_size: String,
}

/// A feed's price in minor units with its currency's exponent, to fen:
/// WooCommerce says `"1234"` with `currency_minor_unit` 2 for ¥12.34, and
/// some stores use 3 (never assume 2). Rounded half-up to the fen.
pub fn minor_units_to_money(text: &str, minor_unit: u32) -> Result<Money> {
    use rust_decimal::prelude::ToPrimitive;
    let n: rust_decimal::Decimal = text
        .trim()
        .parse()
        .map_err(|_| CoreError::Feed(format!("not a price in minor units: {text:?}")))?;
    if minor_unit > 8 {
        return Err(CoreError::Feed(format!(
            "currency_minor_unit {minor_unit} is not plausible"
        )));
    }
    let yuan = n / rust_decimal::Decimal::from(10i64.pow(minor_unit));
    let fen = (yuan * rust_decimal::Decimal::from(100))
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    match fen.to_i64() {
        Some(f) if f >= 0 => Ok(Money::from_fen(f)),
        _ => Err(CoreError::Feed(format!("price out of range: {text:?}"))),
    }
}

/// A price as written in yuan (`"120.00"`, `12.5`); negative is refused.
pub fn yuan_to_money(text: &str) -> Result<Money> {
    let m: Money = text
        .parse()
        .map_err(|_| CoreError::Feed(format!("not a price: {text:?}")))?;
    if m < Money::ZERO {
        return Err(CoreError::Feed(format!("negative price: {text:?}")));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_follow_the_store_never_two() {
        assert_eq!(
            minor_units_to_money("1234", 2).unwrap(),
            Money::from_fen(1234)
        );
        assert_eq!(
            minor_units_to_money("12345", 3).unwrap(),
            Money::from_fen(1235),
            "12.345 rounds half-up"
        );
        assert_eq!(
            minor_units_to_money("12344", 3).unwrap(),
            Money::from_fen(1234)
        );
        assert_eq!(
            minor_units_to_money("12", 0).unwrap(),
            Money::from_fen(1200)
        );
        assert!(minor_units_to_money("12.3x", 2).is_err());
        assert!(minor_units_to_money("-5", 2).is_err());
    }
}
