//! Shopify's storefront `products.json`: products with variants, prices as
//! yuan strings, `available` but no stock count. Only the fields we use are
//! read; the rest of each product (body_html, images…) is skipped unparsed.

use std::io::Read;

use serde::Deserialize;

use super::{json_stream, yuan_to_money, FeedItem};
use crate::error::Result;

#[derive(Deserialize)]
struct Product {
    title: String,
    #[serde(default)]
    variants: Vec<Variant>,
    /// The Admin API's `active` / `draft` / `archived`; absent in the
    /// storefront feed, which lists published products only.
    #[serde(default)]
    status: Option<String>,
    /// `null` when the product is not published (absent: not said).
    #[serde(default = "not_said")]
    published_at: serde_json::Value,
}

fn not_said() -> serde_json::Value {
    serde_json::Value::Bool(true)
}

impl Product {
    /// Drafts, archived and unpublished products are not for sale.
    fn on_sale(&self) -> bool {
        self.status.as_deref().is_none_or(|s| s == "active") && !self.published_at.is_null()
    }
}

#[derive(Deserialize)]
struct Variant {
    id: serde_json::Value,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    barcode: Option<String>,
    price: serde_json::Value,
    #[serde(default = "yes")]
    available: bool,
}

fn yes() -> bool {
    true
}

/// One page's variants onto `out`; the number of products on the page (0
/// ends the paging).
pub fn page(body: &mut dyn Read, out: &mut Vec<FeedItem>) -> Result<usize> {
    json_stream::for_each::<Product>(body, &["products"], |p| {
        if !p.on_sale() {
            return Ok(());
        }
        for v in p.variants {
            out.push(item(&p.title, v)?);
        }
        Ok(())
    })
}

fn item(product: &str, v: Variant) -> Result<FeedItem> {
    let title = match v
        .title
        .as_deref()
        .filter(|t| !t.is_empty() && *t != "Default Title")
    {
        Some(t) => format!("{product} {t}"),
        None => product.to_string(),
    };
    let price = match &v.price {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(FeedItem {
        // A variant without a SKU is still the supplier's; its id names it.
        supplier_sku: v
            .sku
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|| format!("id:{}", v.id)),
        title,
        cost: yuan_to_money(&price)?,
        available: v.available,
        stock: None,
        barcode: v.barcode.filter(|b| !b.trim().is_empty()),
        pack_size: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_become_items_and_a_bare_variant_is_named_by_id() {
        let json = r#"{"products":[{"id":1,"title":"Tee","body_html":"<p>x</p>","tags":"a, b","variants":[
            {"id":11,"title":"S","sku":"TEE-S","price":"120.00","available":true,"compare_at_price":null},
            {"id":12,"title":"Default Title","sku":"","price":"9.5","available":false}]}]}"#;
        let mut out = vec![];
        assert_eq!(page(&mut json.as_bytes(), &mut out).unwrap(), 1);
        assert_eq!(out[0].supplier_sku, "TEE-S");
        assert_eq!(out[0].title, "Tee S");
        assert_eq!(out[0].cost.fen(), 12000);
        assert_eq!(out[1].supplier_sku, "id:12");
        assert_eq!(out[1].title, "Tee");
        assert!(!out[1].available);
        let drafts = r#"{"products":[{"title":"草稿","status":"draft","variants":[{"id":1,"sku":"D1","price":"1.00"}]},
            {"title":"未发布","published_at":null,"variants":[{"id":2,"sku":"D2","price":"1.00"}]},
            {"title":"在售","status":"active","published_at":"2026-01-01T00:00:00Z","variants":[{"id":3,"sku":"D3","price":"1.00"}]}]}"#;
        let mut sold = Vec::new();
        assert_eq!(
            page(&mut drafts.as_bytes(), &mut sold).unwrap(),
            3,
            "paging still counts them"
        );
        assert_eq!(
            sold.iter()
                .map(|i| i.supplier_sku.as_str())
                .collect::<Vec<_>>(),
            ["D3"]
        );
        assert_eq!(
            page(&mut r#"{"products":[]}"#.as_bytes(), &mut out).unwrap(),
            0
        );
    }
}
