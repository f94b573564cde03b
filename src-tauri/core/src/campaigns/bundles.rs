//! Bundles (套餐): items sold together at one price, in whole sets; the
//! saving against the items' own prices comes off the bundle's lines.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::grouped;
use crate::ids;
use crate::money::Money;
use crate::shop_time;
use crate::store::Writer;

/// A bundle as pricing needs it.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub code: String,
    pub price_fen: i64,
    /// (variant id, units in one bundle)
    pub items: Vec<(String, i64)>,
}

impl Bundle {
    /// How many whole bundles lines of `(variant id, qty)` make; refused
    /// unless they are exactly the bundle's items, the same number of times.
    pub fn sets(&self, sold: &[(String, i64)]) -> Result<i64> {
        let whole = || {
            CoreError::refused(
                Refusal::BundleNotWhole,
                &[("code", self.code.clone())],
                format!(
                    "the lines of bundle {} do not make whole bundles",
                    self.code
                ),
            )
        };
        let mut sets = None;
        for (variant, per) in &self.items {
            let qty: i64 = sold
                .iter()
                .filter(|(v, _)| v == variant)
                .map(|(_, q)| q)
                .sum();
            if qty == 0 || qty % per != 0 || sets.is_some_and(|n| n != qty / per) {
                return Err(whole());
            }
            sets = Some(qty / per);
        }
        if sold
            .iter()
            .any(|(v, _)| !self.items.iter().any(|(i, _)| i == v))
        {
            return Err(whole());
        }
        sets.ok_or_else(whole)
    }
}

/// The id of the active bundle with `code`.
pub fn id_of(conn: &Connection, code: &str) -> Result<String> {
    conn.prepare_cached("SELECT id FROM bundles WHERE code = ?1 AND active = 1")?
        .query_row([code], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "bundle",
            key: code.to_string(),
        })
}

pub fn load(conn: &Connection, id: &str) -> Result<Bundle> {
    let (code, price_fen): (String, i64) = conn
        .prepare_cached("SELECT code, price_fen FROM bundles WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let items = conn
        .prepare_cached(
            "SELECT variant_id, qty FROM bundle_items WHERE bundle_id = ?1 ORDER BY variant_id",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Bundle {
        code,
        price_fen,
        items,
    })
}

/// Sets up a bundle of `items` (`SKU`, units) at `price`, which must be
/// below what its items cost apart.
pub fn add(
    w: &Writer,
    code: &str,
    name: &str,
    price: Money,
    items: &[(String, i64)],
) -> Result<String> {
    let code = code.trim();
    if code.is_empty() || items.len() < 2 && items.iter().all(|(_, q)| *q < 2) {
        return Err(CoreError::refused(
            Refusal::BundleTooSmall,
            &[],
            "a bundle needs a code and two or more items".into(),
        ));
    }
    let mut list = 0;
    let mut resolved = Vec::with_capacity(items.len());
    for (sku, qty) in items {
        let (variant, unit): (String, i64) =
            w.tx.query_row(
                "SELECT id, price_fen FROM variants WHERE sku = ?1",
                [sku.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                entity: "sku",
                key: sku.clone(),
            })?;
        if *qty <= 0 {
            return Err(CoreError::refused(
                Refusal::QtyNotPositive,
                &[("sku", sku.clone())],
                format!("{sku}: a quantity must be positive"),
            ));
        }
        list += unit * qty;
        resolved.push((variant, *qty));
    }
    if price.fen() < 0 || price.fen() >= list {
        return Err(CoreError::refused(
            Refusal::BundleNotCheaper,
            &[("list_price", Money::from_fen(list).to_string())],
            format!(
                "a bundle costs less than its items apart (¥{})",
                Money::from_fen(list)
            ),
        ));
    }
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO bundles(id, code, name, price_fen, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, code, name.trim(), price.fen(), shop_time::now()],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            CoreError::refused(
                Refusal::CodeTaken,
                &[("what", "bundle".into()), ("code", code.to_string())],
                format!("bundle {code} exists already, or an item is listed twice"),
            )
        }
        e => e.into(),
    })?;
    for (variant, qty) in resolved {
        w.tx.execute(
            "INSERT INTO bundle_items(bundle_id, variant_id, qty) VALUES (?1, ?2, ?3)",
            params![id, variant, qty],
        )
        .map_err(|_| CoreError::invalid("items", "an item is listed twice"))?;
    }
    w.log("bundle", &id, "create", &format!("{code} ¥{price}"))?;
    Ok(id)
}

/// The order lines of `sets` bundles `code`: each item at its own price,
/// marked as the bundle's, so pricing takes the bundle's saving off them.
pub fn lines(conn: &Connection, code: &str, sets: i32) -> Result<Vec<crate::orders::NewLine>> {
    let found = list(conn, Some(code.trim()))?;
    let b = found.first().ok_or_else(|| CoreError::NotFound {
        entity: "bundle",
        key: code.to_string(),
    })?;
    Ok(b.items
        .iter()
        .map(|i| crate::orders::NewLine {
            sku: i.sku.clone(),
            qty: i.qty * sets.max(1),
            bundle: Some(b.code.clone()),
            ..Default::default()
        })
        .collect())
}

/// A bundle as order entry and the coupons tab show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleRow {
    pub code: String,
    pub name: String,
    pub price: Money,
    /// What the items cost apart.
    pub list: Money,
    pub items: Vec<BundleItem>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleItem {
    pub sku: String,
    pub name: String,
    pub qty: i32,
    pub unit_price: Money,
}

/// The active bundles, or the one whose code is `code`.
pub fn list(conn: &Connection, code: Option<&str>) -> Result<Vec<BundleRow>> {
    let mut stmt = conn.prepare(
        "SELECT b.code, b.name, b.price_fen, v.sku, p.name || CASE WHEN v.options <> '' THEN ' ' || v.options ELSE '' END, i.qty, v.price_fen
         FROM bundles b JOIN bundle_items i ON i.bundle_id = b.id JOIN variants v ON v.id = i.variant_id JOIN products p ON p.id = v.product_id
         WHERE b.active = 1 AND (?1 IS NULL OR b.code = ?1) ORDER BY b.code, v.sku",
    )?;
    let mut out: Vec<BundleRow> = Vec::new();
    let mut rows = stmt.query([code])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        let b = grouped::entry(
            &mut out,
            |b| b.code == code,
            || {
                Ok(BundleRow {
                    code: code.clone(),
                    name: r.get(1)?,
                    price: Money::from_fen(r.get(2)?),
                    list: Money::ZERO,
                    items: Vec::new(),
                })
            },
        )?;
        let item = BundleItem {
            sku: r.get(3)?,
            name: r.get(4)?,
            qty: r.get(5)?,
            unit_price: Money::from_fen(r.get(6)?),
        };
        b.list += item.unit_price.times(item.qty as i64);
        b.items.push(item);
    }
    Ok(out)
}
