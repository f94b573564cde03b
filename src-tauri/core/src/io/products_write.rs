//! Writing a checked product file: each product found (by SKU, handle or
//! name) and updated with the file's fields or created, each variant
//! upserted with its unit, and the stock set to the file's count through
//! the ledger.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::{on_hand, product_by_key, Incoming};
use crate::catalog::edit::{self, ProductFields};
use crate::error::Result;
use crate::money::Money;
use crate::progress::{checkpoint, Progress};
use crate::shop_time;
use crate::stock::{self, Movement, Reason};
use crate::store::Writer;

pub(super) fn apply(
    w: &Writer,
    items: &[Incoming],
    file_name: &str,
    progress: &dyn Progress,
) -> Result<()> {
    let now = shop_time::now();
    let location = stock::main_location(w.tx)?;
    let mut products: HashMap<&str, String> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if i % 500 == 0 {
            checkpoint(progress)?;
            progress.report("import", i as u64, items.len() as u64);
        }
        let product_id = match products.get(item.product_key.as_str()) {
            Some(id) => id.clone(),
            None => {
                let id = upsert_product(w.tx, item, items, now)?;
                products.insert(&item.product_key, id.clone());
                id
            }
        };
        let (variant_id, on_hand) = upsert_variant(w.tx, &product_id, item, now)?;
        if let Some((_, unit)) = item.sold_by {
            edit::set_sold_by(w.tx, &variant_id, unit)?;
        }
        if let Some(target) = item.qty.filter(|q| *q != on_hand) {
            let reason = if on_hand == 0 && target > 0 {
                Reason::Initial
            } else {
                Reason::Adjustment
            };
            let m = Movement {
                variant_id: &variant_id,
                location_id: &location,
                qty: target - on_hand,
                reason,
                ref_type: Some("import"),
                ref_id: Some(file_name),
                note: "",
                at: now,
                batch_id: None,
            };
            stock::record(w.tx, &m, &crate::ids::new_id())?;
        }
    }
    progress.report("import", items.len() as u64, items.len() as u64);
    Ok(())
}

/// The product of `item`'s key: found and updated with the file's fields,
/// or created from the first row of the key that has them.
fn upsert_product(
    conn: &Connection,
    item: &Incoming,
    items: &[Incoming],
    now: i64,
) -> Result<String> {
    let rows: Vec<&Incoming> = items
        .iter()
        .filter(|i| i.product_key == item.product_key)
        .collect();
    let pick = |f: fn(&Incoming) -> Option<&str>| rows.iter().find_map(|i| f(i));
    let existing = match edit::variant_by_sku(conn, &item.sku)? {
        Some(v) => Some(conn.query_row(
            "SELECT product_id FROM variants WHERE id = ?1",
            [v],
            |r| r.get::<_, String>(0),
        )?),
        None => product_by_key(conn, &item.product_key)?,
    };
    let current = existing
        .as_deref()
        .map(|id| load_fields(conn, id))
        .transpose()?;
    let keep = |new: Option<&str>, old: Option<&String>| {
        new.map(str::to_string)
            .or_else(|| old.cloned())
            .unwrap_or_default()
    };
    let c = current.as_ref();
    let name = keep(pick(|i| i.title.as_deref()), c.map(|f| &f[0]));
    let category = keep(pick(|i| i.category.as_deref()), c.map(|f| &f[1]));
    let tags = keep(pick(|i| i.tags.as_deref()), c.map(|f| &f[2]));
    let role = keep(pick(|i| i.role), c.map(|f| &f[3]));
    let description = keep(pick(|i| i.body.as_deref()), c.map(|f| &f[4]));
    let option_names = keep(pick(|i| i.option_names.as_deref()), c.map(|f| &f[5]));
    let image = pick(|i| i.image.as_deref())
        .map(str::to_string)
        .or_else(|| c.map(|f| f[6].clone()).filter(|s| !s.is_empty()));
    let fields = ProductFields {
        name: &name,
        category: &category,
        tags: &tags,
        role: if role.is_empty() { "normal" } else { &role },
        description: &description,
        image_path: image.as_deref(),
        option_names: &option_names,
    };
    let id = match existing {
        Some(id) => {
            edit::update_product(conn, &id, &fields, now)?;
            id
        }
        None => edit::insert_product(conn, &fields, Some(&item.product_key), now)?,
    };
    if let Some(archived) = rows.iter().find_map(|i| i.archived) {
        conn.execute(
            "UPDATE products SET archived = ?2 WHERE id = ?1",
            params![id, archived],
        )?;
    }
    Ok(id)
}

/// name, category, tags, role, description, option_names, image_path.
fn load_fields(conn: &Connection, id: &str) -> Result<[String; 7]> {
    Ok(conn.query_row(
        "SELECT name, category, tags, role, description, option_names, COALESCE(image_path, '') FROM products WHERE id = ?1",
        [id],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?]),
    )?)
}

/// Creates or updates the variant; returns its id and on-hand before.
fn upsert_variant(
    conn: &Connection,
    product_id: &str,
    item: &Incoming,
    now: i64,
) -> Result<(String, i64)> {
    let Some(id) = edit::variant_by_sku(conn, &item.sku)? else {
        let id = edit::insert_variant(
            conn,
            product_id,
            &item.sku,
            item.barcode.as_deref(),
            item.options.as_deref().unwrap_or(""),
            item.price.unwrap_or_default(),
            item.cost.unwrap_or_default(),
            item.low_stock.unwrap_or(0) as i32,
            now,
        )?;
        return Ok((id, 0));
    };
    conn.prepare_cached(
        "UPDATE variants SET barcode = COALESCE(?2, barcode), options = COALESCE(?3, options),
            cost_fen = COALESCE(?4, cost_fen), low_stock = COALESCE(?5, low_stock), updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![id, item.barcode, item.options, item.cost.map(Money::fen), item.low_stock, now])?;
    if let Some(price) = item.price {
        edit::set_price(conn, &id, price, "import", now)?;
    }
    let before = on_hand(conn, &id)?;
    Ok((id, before))
}
