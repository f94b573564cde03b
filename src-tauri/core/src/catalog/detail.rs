//! A product as the edit form opens it, with each variant's price history
//! and margin.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::edit::{ProductInput, ProductOption, VariantInput};
use super::sold_by::SoldBy;
use crate::error::{CoreError, Result};
use crate::money::Money;
use crate::shop_time::ShopClock;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProductDetail {
    pub product: ProductInput,
    pub archived: bool,
    pub prices: Vec<PricePoint>,
}

/// A selling price from `at` on; orders taken then kept it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PricePoint {
    pub sku: String,
    pub price: Money,
    pub cost: Option<Money>,
    pub at: String,
    pub reason: String,
}

pub fn load(conn: &Connection, clock: &ShopClock, product_id: &str) -> Result<ProductDetail> {
    let archived: bool = conn
        .query_row(
            "SELECT archived FROM products WHERE id = ?1",
            [product_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    let mut product = conn
        .query_row(
            "SELECT id, name, category, tags, role, description, image_path, option_names FROM products WHERE id = ?1",
            [product_id],
            |r| {
                let names: String = r.get(7)?;
                Ok(ProductInput {
                    id: Some(r.get(0)?),
                    name: r.get(1)?,
                    category: r.get(2)?,
                    tags: r.get(3)?,
                    role: r.get(4)?,
                    description: r.get(5)?,
                    image_path: r.get(6)?,
                    options: names
                        .split(" / ")
                        .filter(|n| !n.is_empty())
                        .map(|n| ProductOption { name: n.to_string(), values: Vec::new() })
                        .collect(),
                    variants: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: "product", key: product_id.to_string() })?;
    product.variants = variants(conn, product_id)?;
    // Each axis's values, in the order the variants first use them.
    for v in &product.variants {
        for (axis, value) in product.options.iter_mut().zip(v.options.split(" / ")) {
            if !value.is_empty() && !axis.values.iter().any(|x| x == value) {
                axis.values.push(value.to_string());
            }
        }
    }
    let prices = conn
        .prepare(
            "SELECT v.sku, h.price_fen, h.cost_fen, h.valid_from, h.reason FROM price_history h JOIN variants v ON v.id = h.variant_id
             WHERE v.product_id = ?1 ORDER BY h.valid_from DESC, h.rowid DESC LIMIT 200",
        )?
        .query_map([product_id], |r| {
            Ok(PricePoint {
                sku: r.get(0)?,
                price: Money::from_fen(r.get(1)?),
                cost: r.get::<_, Option<i64>>(2)?.map(Money::from_fen),
                at: clock.format(r.get(3)?),
                reason: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ProductDetail {
        product,
        archived,
        prices,
    })
}

/// A product's variants, in the order they were made.
fn variants(conn: &Connection, product_id: &str) -> Result<Vec<VariantInput>> {
    Ok(conn
        .prepare(
            "SELECT id, sku, barcode, options, price_fen, cost_fen, low_stock, archived, sold_by FROM variants
             WHERE product_id = ?1 ORDER BY created_at, rowid",
        )?
        .query_map([product_id], |r| {
            Ok(VariantInput {
                id: Some(r.get(0)?),
                sku: r.get(1)?,
                barcode: r.get(2)?,
                options: r.get(3)?,
                sold_by: SoldBy::from_code(&r.get::<_, String>(8)?),
                price: Money::from_fen(r.get(4)?),
                cost: Money::from_fen(r.get(5)?),
                low_stock: r.get(6)?,
                archived: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
