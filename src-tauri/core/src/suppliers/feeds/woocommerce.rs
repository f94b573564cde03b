//! WooCommerce's Store API products: prices in minor units with the store's
//! own `currency_minor_unit`, `is_in_stock`, `low_stock_remaining` (a count
//! only when stock is low), and `add_to_cart.multiple_of` as a pack size.

use std::io::Read;

use serde::Deserialize;

use super::{json_stream, minor_units_to_money, FeedItem};
use crate::error::{CoreError, Result};

#[derive(Deserialize)]
struct Product {
    id: serde_json::Value,
    name: String,
    #[serde(default)]
    sku: Option<String>,
    prices: Prices,
    #[serde(default = "yes")]
    is_in_stock: bool,
    /// False for a grouped or external product: nothing to order by itself.
    #[serde(default = "yes")]
    is_purchasable: bool,
    #[serde(default)]
    low_stock_remaining: Option<i64>,
    #[serde(default)]
    add_to_cart: Option<AddToCart>,
}

#[derive(Deserialize)]
struct Prices {
    price: String,
    currency_minor_unit: Option<u32>,
}

#[derive(Deserialize)]
struct AddToCart {
    #[serde(default)]
    multiple_of: Option<i64>,
}

fn yes() -> bool {
    true
}

/// One page's products onto `out`; how many there were.
pub fn page(body: &mut dyn Read, out: &mut Vec<FeedItem>) -> Result<usize> {
    json_stream::for_each::<Product>(body, &[], |p| {
        let unit = p.prices.currency_minor_unit.ok_or_else(|| {
            CoreError::Feed(format!(
                "product {}: prices without currency_minor_unit",
                p.id
            ))
        })?;
        if !p.is_purchasable {
            return Ok(());
        }
        out.push(FeedItem {
            supplier_sku: p
                .sku
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_string())
                .unwrap_or_else(|| format!("id:{}", p.id)),
            title: html_unescape(&p.name),
            cost: minor_units_to_money(&p.prices.price, unit)?,
            available: p.is_in_stock,
            stock: p.low_stock_remaining,
            barcode: None,
            pack_size: p.add_to_cart.and_then(|a| a.multiple_of).filter(|n| *n > 1),
        });
        Ok(())
    })
}

/// Store API names are HTML-escaped (`&amp;`, `&#8211;`).
fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#8211;", "–")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_and_stock_come_from_the_store() {
        let json = r#"[{"id":7,"name":"Beanie &amp; Scarf","sku":"WOO-7","prices":{"price":"1850","regular_price":"2000","currency_code":"CNY","currency_minor_unit":2},
            "is_in_stock":true,"low_stock_remaining":3,"variations":[],"add_to_cart":{"minimum":1,"maximum":9999,"multiple_of":6}},
            {"id":8,"name":"Dinar thing","sku":"","prices":{"price":"12345","currency_minor_unit":3},"is_in_stock":false,"low_stock_remaining":null}]"#;
        let mut out = vec![];
        assert_eq!(page(&mut json.as_bytes(), &mut out).unwrap(), 2);
        assert_eq!(out[0].title, "Beanie & Scarf");
        assert_eq!(out[0].cost.fen(), 1850);
        assert_eq!(out[0].stock, Some(3));
        assert_eq!(out[0].pack_size, Some(6));
        assert_eq!(out[1].supplier_sku, "id:8");
        assert_eq!(out[1].cost.fen(), 1235);
        assert!(!out[1].available);
        let grouped = r#"[{"id":9,"name":"Gift set","sku":"G1","prices":{"price":"0","currency_minor_unit":2},"is_purchasable":false}]"#;
        let mut none = Vec::new();
        assert_eq!(page(&mut grouped.as_bytes(), &mut none).unwrap(), 1);
        assert!(
            none.is_empty(),
            "a grouped product is not an orderable item"
        );
    }
}
