//! The product export: every product with its live variants, in the
//! importer's own layout, so the file reads back unchanged.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::Connection;

use super::products::{HEADER, HEADER_ZH};
use super::Layout;
use crate::catalog::sold_by::SoldBy;
use crate::error::Result;
use crate::money::Money;
use crate::search_key::pinyin_key;

/// Writes every product with its live variants, in the importer's layout:
/// Shopify's columns and codes, or their Chinese names and words.
pub fn export(conn: &Connection, path: &Path, layout: Layout) -> Result<u32> {
    let rows = export_rows(conn, layout)?;
    let (header, sheet) = match layout {
        Layout::Codes => (HEADER, "products"),
        Layout::Chinese => (HEADER_ZH, "商品"),
    };
    super::sheet::write(path, sheet, header, &rows)?;
    Ok(rows.len() as u32)
}

/// A status or role as the layout writes it (the importer reads both).
fn word(layout: Layout, code: &str) -> String {
    let zh = match code {
        "active" => "上架",
        "archived" => "下架",
        "traffic" => "引流款",
        "profit" => "利润款",
        "normal" => "常规",
        other => other,
    };
    match layout {
        Layout::Codes => code.to_string(),
        Layout::Chinese => zh.to_string(),
    }
}

fn export_rows(conn: &Connection, layout: Layout) -> Result<Vec<Vec<String>>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.handle, p.name, p.description, p.category, p.tags, p.archived, p.option_names,
                v.options, v.sku, COALESCE(v.barcode, ''), v.price_fen, v.cost_fen,
                COALESCE((SELECT sum(on_hand) FROM stock_levels s WHERE s.variant_id = v.id), 0),
                COALESCE(p.image_path, ''), p.role, v.low_stock, v.sold_by
         FROM products p JOIN variants v ON v.product_id = p.id AND v.archived = 0
         ORDER BY p.name, p.id, v.sku",
    )?;
    let mut used: HashSet<String> = conn
        .prepare("SELECT handle FROM products WHERE handle IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    let (mut last, mut handle) = (String::new(), String::new());
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let first = id != last;
        if first {
            handle = match r.get::<_, Option<String>>(1)? {
                Some(h) => h,
                None => fresh_handle(&r.get::<_, String>(2)?, &mut used),
            };
            last = id;
        }
        let option_names: String = r.get(7)?;
        let options: String = r.get(8)?;
        let names: Vec<&str> = if option_names.is_empty() && !options.is_empty() {
            vec!["规格"]
        } else {
            option_names.split(" / ").collect()
        };
        let values: Vec<&str> = options.split(" / ").collect();
        let product = |s: String| if first { s } else { String::new() };
        let mut row = vec![
            handle.clone(),
            product(r.get(2)?),
            product(r.get(3)?),
            product(r.get(4)?),
            product(r.get(5)?),
            product(word(
                layout,
                if r.get::<_, bool>(6)? {
                    "archived"
                } else {
                    "active"
                },
            )),
        ];
        for i in 0..3 {
            let value = values
                .get(i)
                .filter(|v| !v.is_empty())
                .map(|v| v.to_string())
                .unwrap_or_default();
            row.push(if value.is_empty() {
                String::new()
            } else {
                names.get(i).map(|n| n.to_string()).unwrap_or_default()
            });
            row.push(value);
        }
        let unit = SoldBy::from_code(&r.get::<_, String>(17)?);
        row.extend([
            r.get::<_, String>(9)?,
            r.get(10)?,
            Money::from_fen(r.get(11)?).to_string(),
            Money::from_fen(r.get(12)?).to_string(),
            unit.number(r.get(13)?),
            product(r.get(14)?),
            product(word(layout, &r.get::<_, String>(15)?)),
            unit.number(r.get(16)?),
            unit_word(layout, unit),
        ]);
        out.push(row);
    }
    Ok(out)
}

/// The 计价单位 as the layout writes it (the importer reads both).
fn unit_word(layout: Layout, unit: SoldBy) -> String {
    match layout {
        Layout::Codes => unit.code().to_string(),
        Layout::Chinese => unit.word().to_string(),
    }
}

/// A handle from the name's pinyin (`yangshanshuimitao`), unique in the file.
fn fresh_handle(name: &str, used: &mut HashSet<String>) -> String {
    let key = pinyin_key(name);
    let base = key.rsplit(' ').next().unwrap_or("product").to_string();
    let base = if base.is_empty() {
        "product".to_string()
    } else {
        base
    };
    let mut handle = base.clone();
    let mut n = 2;
    while !used.insert(handle.clone()) {
        handle = format!("{base}-{n}");
        n += 1;
    }
    handle
}
