//! Creating and editing products: variants from options (规格), a price
//! history that past orders never read from, archive instead of delete.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::sold_by::SoldBy;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::search_key::pinyin_key;
use crate::shop_time;
use crate::store::Writer;

pub const ROLES: &[&str] = &["normal", "traffic", "profit"];

/// A product as the edit form holds it; `id` is empty for a new one.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ProductInput {
    pub id: Option<String>,
    pub name: String,
    pub category: String,
    pub tags: String,
    /// `normal`, `traffic` (引流款) or `profit` (利润款).
    #[ts(type = "ProductRole")]
    pub role: String,
    pub description: String,
    /// A local image file the product shows (kept as its path).
    pub image_path: Option<String>,
    /// The 规格 axes, e.g. `["重量"]` or `["颜色", "尺码"]`.
    pub options: Vec<ProductOption>,
    pub variants: Vec<VariantInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ProductOption {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct VariantInput {
    pub id: Option<String>,
    pub sku: String,
    pub barcode: Option<String>,
    /// The option values joined by ` / `, in the order of the axes.
    pub options: String,
    /// By the piece (the default) or by weight: `price` is then per 斤,
    /// 公斤 or 克, and stock and `low_stock` are in grams.
    #[serde(default)]
    pub sold_by: SoldBy,
    pub price: Money,
    pub cost: Money,
    pub low_stock: i32,
    pub archived: bool,
}

/// Every combination of the option values, as variant `options` texts:
/// 颜色 [红, 蓝] × 尺码 [S, M] → `红 / S`, `红 / M`, `蓝 / S`, `蓝 / M`.
pub fn combinations(options: &[ProductOption]) -> Vec<String> {
    let mut out = vec![String::new()];
    for axis in options.iter().filter(|o| !o.values.is_empty()) {
        out = out
            .iter()
            .flat_map(|prefix| {
                axis.values.iter().map(move |v| {
                    if prefix.is_empty() {
                        v.clone()
                    } else {
                        format!("{prefix} / {v}")
                    }
                })
            })
            .collect();
    }
    out.retain(|o| !o.is_empty());
    out
}

/// The start of a new product's SKUs (`YTHFSP` for 烟台红富士苹果: the
/// pinyin initials, up to six), numbered `-1`, `-2`… by the form; a start
/// another product's SKUs already use gets a digit (`YTHFSP2`).
pub fn sku_base(conn: &Connection, name: &str) -> Result<String> {
    let key = pinyin_key(name);
    let initials: String = key
        .split(' ')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(6)
        .collect::<String>()
        .to_ascii_uppercase();
    let base = if initials.is_empty() {
        "SP".to_string()
    } else {
        initials
    };
    let taken = |b: &str| -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM variants WHERE sku = ?1 OR (sku >= ?1 || '-' AND sku < ?1 || '.'))")?
            .query_row([b], |r| r.get(0))?)
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}{n}")
        };
        if !taken(&candidate)? {
            return Ok(candidate);
        }
    }
    Ok(format!("{base}-{}", ids::new_id()))
}

/// Saves a new or edited product with its variants; returns its id.
pub fn save(w: &Writer, p: &ProductInput) -> Result<String> {
    validate(p)?;
    let now = shop_time::now();
    let option_names: Vec<&str> = p.options.iter().map(|o| o.name.trim()).collect();
    let fields = ProductFields {
        name: p.name.trim(),
        category: p.category.trim(),
        tags: p.tags.trim(),
        role: &p.role,
        description: &p.description,
        image_path: p.image_path.as_deref(),
        option_names: &option_names.join(" / "),
    };
    let id = match p.id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => {
            update_product(w.tx, id, &fields, now)?;
            id.to_string()
        }
        None => insert_product(w.tx, &fields, None, now)?,
    };
    for v in &p.variants {
        save_variant(w.tx, &id, v, now)?;
    }
    w.log("product", &id, "save", p.name.trim())?;
    Ok(id)
}

fn validate(p: &ProductInput) -> Result<()> {
    if p.name.trim().is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "product".into())],
            "a product needs a name".into(),
        ));
    }
    if !ROLES.contains(&p.role.as_str()) {
        return Err(CoreError::invalid(
            "role",
            format!("unknown role {:?}", p.role),
        ));
    }
    if p.variants.is_empty() {
        return Err(CoreError::invalid(
            "variants",
            "a product needs at least one SKU",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for v in &p.variants {
        if v.sku.trim().is_empty() {
            return Err(CoreError::refused(
                Refusal::SkuRequired,
                &[("options", v.options.clone())],
                "sku: every variant needs a SKU".into(),
            ));
        }
        if !seen.insert(v.sku.trim()) {
            return Err(CoreError::refused(
                Refusal::SkuTwice,
                &[("sku", v.sku.trim().to_string())],
                format!("SKU {} appears twice", v.sku.trim()),
            ));
        }
        if v.price.fen() < 0 || v.cost.fen() < 0 {
            return Err(CoreError::refused(
                Refusal::NegativePrice,
                &[("sku", v.sku.clone())],
                format!("{}: price and cost cannot be negative", v.sku),
            ));
        }
    }
    Ok(())
}

/// The product-level columns, shared by the form and the importers.
pub struct ProductFields<'a> {
    pub name: &'a str,
    pub category: &'a str,
    pub tags: &'a str,
    pub role: &'a str,
    pub description: &'a str,
    pub image_path: Option<&'a str>,
    pub option_names: &'a str,
}

pub fn insert_product(
    conn: &Connection,
    f: &ProductFields,
    handle: Option<&str>,
    now: i64,
) -> Result<String> {
    let id = ids::new_id();
    conn.prepare_cached(
        "INSERT INTO products(id, name, pinyin, category, tags, role, description, image_path, option_names, handle, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        id, f.name, pinyin_key(f.name), f.category, f.tags, f.role, f.description, f.image_path,
        f.option_names, handle, now
    ])?;
    Ok(id)
}

pub fn update_product(conn: &Connection, id: &str, f: &ProductFields, now: i64) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE products SET name = ?2, pinyin = ?3, category = ?4, tags = ?5, role = ?6,
                description = ?7, image_path = ?8, option_names = ?9, updated_at = ?10 WHERE id = ?1",
        )?
        .execute(params![
            id, f.name, pinyin_key(f.name), f.category, f.tags, f.role, f.description,
            f.image_path, f.option_names, now
        ])?;
    if n == 0 {
        return Err(CoreError::NotFound {
            entity: "product",
            key: id.to_string(),
        });
    }
    Ok(())
}

fn save_variant(conn: &Connection, product_id: &str, v: &VariantInput, now: i64) -> Result<()> {
    let sku = v.sku.trim();
    let barcode = v
        .barcode
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let existing = match v.id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => Some(id.to_string()),
        None => variant_by_sku(conn, sku)?,
    };
    let Some(id) = existing else {
        let id = insert_variant(
            conn,
            product_id,
            sku,
            barcode,
            &v.options,
            v.price,
            v.cost,
            v.low_stock,
            now,
        )?;
        return set_sold_by(conn, &id, v.sold_by);
    };
    check_sku_free(conn, &id, sku, barcode)?;
    set_sold_by(conn, &id, v.sold_by)?;
    conn.prepare_cached(
        "UPDATE variants SET product_id = ?2, sku = ?3, barcode = ?4, options = ?5, cost_fen = ?6,
            low_stock = ?7, archived = ?8, updated_at = ?9 WHERE id = ?1",
    )?
    .execute(params![
        id,
        product_id,
        sku,
        barcode,
        v.options,
        v.cost.fen(),
        v.low_stock,
        v.archived,
        now
    ])?;
    set_price(conn, &id, v.price, "", now)
}

/// Sets how a variant is priced.
pub fn set_sold_by(conn: &Connection, variant_id: &str, sold_by: SoldBy) -> Result<()> {
    if check_sold_by(conn, variant_id, sold_by)? {
        conn.prepare_cached("UPDATE variants SET sold_by = ?2 WHERE id = ?1")?
            .execute(params![variant_id, sold_by.code()])?;
    }
    Ok(())
}

/// Whether a variant's unit would change, refused once it has stock or
/// orders: they are counted in its ledger units (pieces or grams), which
/// another unit would read as something else.
pub fn check_sold_by(conn: &Connection, variant_id: &str, sold_by: SoldBy) -> Result<bool> {
    let (sku, now, used): (String, String, bool) = conn
        .prepare_cached(
            "SELECT sku, sold_by, EXISTS (SELECT 1 FROM stock_movements WHERE variant_id = ?1)
                 OR EXISTS (SELECT 1 FROM order_lines WHERE variant_id = ?1)
             FROM variants WHERE id = ?1",
        )?
        .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if now == sold_by.code() {
        return Ok(false);
    }
    if used {
        return Err(CoreError::refused(
            Refusal::SoldByLocked,
            &[("sku", sku.clone()), ("unit", sold_by.word().to_string())],
            format!(
                "{sku} already has stock or orders: its unit cannot change to {}",
                sold_by.word()
            ),
        ));
    }
    Ok(true)
}

/// A SKU or barcode belongs to one variant only; say which holds it.
fn check_sku_free(conn: &Connection, id: &str, sku: &str, barcode: Option<&str>) -> Result<()> {
    let clash: Option<String> = conn
        .query_row(
            "SELECT sku FROM variants WHERE id <> ?1 AND (sku = ?2 OR barcode = ?3)",
            params![id, sku, barcode],
            |r| r.get(0),
        )
        .optional()?;
    match clash {
        Some(other) => Err(CoreError::refused(
            Refusal::SkuTaken,
            &[("sku", sku.to_string()), ("other", other.clone())],
            format!("SKU or barcode already used by {other}"),
        )),
        None => Ok(()),
    }
}

pub fn variant_by_sku(conn: &Connection, sku: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM variants WHERE sku = ?1")?
        .query_row([sku], |r| r.get(0))
        .optional()?)
}

/// The product a SKU belongs to, as a merchant names products.
pub fn product_by_sku(conn: &Connection, sku: &str) -> Result<String> {
    conn.prepare_cached("SELECT product_id FROM variants WHERE sku = ?1")?
        .query_row([sku.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "product",
            key: sku.trim().to_string(),
        })
}

#[allow(clippy::too_many_arguments)]
pub fn insert_variant(
    conn: &Connection,
    product_id: &str,
    sku: &str,
    barcode: Option<&str>,
    options: &str,
    price: Money,
    cost: Money,
    low_stock: i32,
    now: i64,
) -> Result<String> {
    check_sku_free(conn, "", sku, barcode)?;
    let id = ids::new_id();
    conn.prepare_cached(
        "INSERT INTO variants(id, product_id, sku, barcode, options, price_fen, cost_fen, low_stock, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![id, product_id, sku, barcode, options, price.fen(), cost.fen(), low_stock, now])?;
    record_price(conn, &id, price, Some(cost), "new", now)?;
    Ok(id)
}

/// Changes a selling price and keeps the old one in the history; orders
/// already taken keep the price on their lines.
pub fn set_price(
    conn: &Connection,
    variant_id: &str,
    price: Money,
    reason: &str,
    now: i64,
) -> Result<()> {
    let (old, cost): (i64, i64) = conn
        .prepare_cached("SELECT price_fen, cost_fen FROM variants WHERE id = ?1")?
        .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if old == price.fen() {
        return Ok(());
    }
    conn.prepare_cached("UPDATE variants SET price_fen = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![variant_id, price.fen(), now])?;
    record_price(
        conn,
        variant_id,
        price,
        Some(Money::from_fen(cost)),
        reason,
        now,
    )
}

/// Changes what a variant costs the shop (a supplier's new cost) and keeps
/// it in the price history; says whether it changed.
pub fn set_cost(
    conn: &Connection,
    variant_id: &str,
    cost: Money,
    reason: &str,
    now: i64,
) -> Result<bool> {
    let (price, old): (i64, i64) = conn
        .prepare_cached("SELECT price_fen, cost_fen FROM variants WHERE id = ?1")?
        .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if old == cost.fen() {
        return Ok(false);
    }
    conn.prepare_cached("UPDATE variants SET cost_fen = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![variant_id, cost.fen(), now])?;
    record_price(
        conn,
        variant_id,
        Money::from_fen(price),
        Some(cost),
        reason,
        now,
    )?;
    Ok(true)
}

fn record_price(
    conn: &Connection,
    variant_id: &str,
    price: Money,
    cost: Option<Money>,
    reason: &str,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO price_history(id, variant_id, price_fen, cost_fen, valid_from, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![ids::new_id(), variant_id, price.fen(), cost.map(Money::fen), now, reason])?;
    Ok(())
}

/// Sets one column of a product (`column` is ours, never typed by a
/// person) and when it changed; a missing product is an error.
pub(crate) fn set_field(
    conn: &Connection,
    product_id: &str,
    column: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<()> {
    let n = conn.execute(
        &format!("UPDATE products SET {column} = ?2, updated_at = ?3 WHERE id = ?1"),
        params![product_id, value, shop_time::now()],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound {
            entity: "product",
            key: product_id.to_string(),
        });
    }
    Ok(())
}

/// Archives (hides from order entry and lists) or restores a product; its
/// orders and ledger stay as they were.
pub fn set_archived(w: &Writer, product_id: &str, archived: bool) -> Result<()> {
    set_field(w.tx, product_id, "archived", &archived)?;
    w.log(
        "product",
        product_id,
        if archived { "archive" } else { "unarchive" },
        "",
    )?;
    Ok(())
}
