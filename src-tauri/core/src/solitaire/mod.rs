//! A pasted WeChat 接龙 (solitaire) list: one entry per numbered line, each
//! with its customer and the products and quantities it asks for. What
//! cannot be resolved is kept as `unresolved`, never dropped, so the
//! merchant fixes it before the orders are made.

mod text;

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::orders::{self, NewLine, NewOrder};
use crate::store::Writer;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Entry {
    /// Line of the pasted text (1-based).
    pub line: u32,
    /// The number the buyer wrote (`3.`).
    pub no: u32,
    pub customer: String,
    /// Whether the shop already knows this customer (a repeat buyer).
    pub known: bool,
    pub items: Vec<Item>,
    /// Text that did not resolve to a product and quantity.
    pub unresolved: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Item {
    pub sku: String,
    pub qty: u32,
    pub name: String,
    /// What the buyer wrote for it.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Parsed {
    pub entries: Vec<Entry>,
}

/// A sellable variant as the parser matches it.
struct Variant {
    sku: String,
    barcode: String,
    product: String,
    options: String,
    pinyin: String,
}

struct Catalog {
    variants: Vec<Variant>,
    /// Products the list's own header lines name (today's offer): a short
    /// `桃` means one of these first.
    featured: Vec<String>,
    header: String,
}

/// The products of `hits`, each once, in order.
fn distinct(hits: Vec<&Variant>) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for v in hits {
        if !names.contains(&v.product.as_str()) {
            names.push(&v.product);
        }
    }
    names
}

impl Catalog {
    fn load(conn: &Connection, header: &str) -> Result<Catalog> {
        let variants: Vec<Variant> = conn
            .prepare(
                "SELECT v.sku, COALESCE(v.barcode, ''), p.name, v.options, p.pinyin FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE v.archived = 0 AND p.archived = 0 ORDER BY p.name, v.created_at, v.rowid",
            )?
            .query_map([], |r| Ok(Variant { sku: r.get(0)?, barcode: r.get(1)?, product: r.get(2)?, options: r.get(3)?, pinyin: r.get(4)? }))?
            .collect::<rusqlite::Result<_>>()?;
        let mut featured: Vec<String> = variants
            .iter()
            .filter(|v| header.contains(&v.product))
            .map(|v| v.product.clone())
            .collect();
        featured.dedup();
        Ok(Catalog {
            variants,
            featured,
            header: header.to_string(),
        })
    }

    /// The products a text names: exact name, then names containing it
    /// (today's offer first), then pinyin initials.
    fn products(&self, q: &str) -> Vec<&str> {
        let mut names = distinct(self.variants.iter().filter(|v| v.product == q).collect());
        if names.is_empty() {
            names = distinct(
                self.variants
                    .iter()
                    .filter(|v| v.product.contains(q))
                    .collect(),
            );
        }
        if names.is_empty() && q.is_ascii() && q.len() >= 2 {
            let q = q.to_lowercase();
            names = distinct(
                self.variants
                    .iter()
                    .filter(|v| v.pinyin.split(' ').any(|k| k.contains(&q)))
                    .collect(),
            );
        }
        if names.len() > 1 {
            let featured: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| self.featured.iter().any(|f| f == n))
                .collect();
            if !featured.is_empty() {
                return featured;
            }
        }
        names
    }

    /// The variant a chunk asks for: by SKU or barcode, else its product
    /// and the 规格 written (or the product's first).
    fn resolve(&self, name: &str, chunk: &str) -> Option<&Variant> {
        if let Some(v) = self.variants.iter().find(|v| {
            v.sku.eq_ignore_ascii_case(name) || (!v.barcode.is_empty() && v.barcode == name)
        }) {
            return Some(v);
        }
        let mut q = name.to_string();
        // `水蜜桃5斤装` names a product and its 规格.
        let with_option = self
            .variants
            .iter()
            .filter(|v| !v.options.is_empty() && q.contains(&v.options))
            .max_by_key(|v| v.options.len());
        if let Some(v) = with_option {
            q = q.replace(&v.options, "");
        }
        let products = self.products(q.trim());
        let [product] = products.as_slice() else {
            return None;
        };
        let all: Vec<&Variant> = self
            .variants
            .iter()
            .filter(|v| v.product == *product)
            .collect();
        let named = |text: &str| {
            all.iter()
                .copied()
                .filter(|v| {
                    !v.options.is_empty() && text.contains(v.options.trim_end_matches('装'))
                })
                .max_by_key(|v| v.options.len())
        };
        // The 规格 written in the entry, else the one today's offer names,
        // else the product's first.
        with_option
            .filter(|w| w.product == *product)
            .or_else(|| named(chunk))
            .or_else(|| named(&self.header))
            .or_else(|| all.first().copied())
    }
}

/// Reads a pasted list against the shop's catalog and customers.
pub fn parse(conn: &Connection, pasted: &str) -> Result<Parsed> {
    let text = text::normalize(pasted);
    let header: String = text
        .lines()
        .filter(|l| text::numbered(l).is_none())
        .collect::<Vec<_>>()
        .join("\n");
    let catalog = Catalog::load(conn, &header)?;
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((no, rest)) = text::numbered(line) {
            entries.push(entry(conn, &catalog, i as u32 + 1, no, rest)?);
        }
    }
    Ok(Parsed { entries })
}

fn entry(conn: &Connection, catalog: &Catalog, line: u32, no: u32, rest: &str) -> Result<Entry> {
    let chunks = text::chunks(rest);
    let (customer, chunks) = split_customer(conn, catalog, &chunks)?;
    let known = !customer.is_empty() && customer_id(conn, &customer)?.is_some();
    let mut e = Entry {
        line,
        no,
        customer,
        known,
        items: Vec::new(),
        unresolved: Vec::new(),
    };
    for chunk in chunks {
        read_chunk(catalog, chunk, &mut e);
    }
    Ok(e)
}

/// The first chunk is the buyer unless it is itself an order (`桃x2` from a
/// buyer who left their name out); a name glued to the order (`王阿姨桃x2`)
/// is cut where a known customer's name ends.
fn split_customer<'a>(
    conn: &Connection,
    catalog: &Catalog,
    chunks: &[&'a str],
) -> Result<(String, Vec<&'a str>)> {
    let Some((first, rest)) = chunks.split_first() else {
        return Ok((String::new(), Vec::new()));
    };
    if customer_id(conn, first)?.is_some()
        || rest.iter().any(|c| resolves(catalog, c))
        || !resolves(catalog, first)
    {
        if let Some((name, tail)) = glued_customer(conn, first)? {
            let mut out = vec![tail];
            out.extend_from_slice(rest);
            return Ok((name, out));
        }
        return Ok((first.to_string(), rest.to_vec()));
    }
    Ok((String::new(), chunks.to_vec()))
}

fn resolves(catalog: &Catalog, chunk: &str) -> bool {
    let (name, _) = text::item(chunk);
    !name.is_empty() && catalog.resolve(&name, chunk).is_some()
}

/// `王阿姨桃x2` → (`王阿姨`, `桃x2`) when 王阿姨 is a customer.
fn glued_customer<'a>(conn: &Connection, chunk: &'a str) -> Result<Option<(String, &'a str)>> {
    if customer_id(conn, chunk)?.is_some() {
        return Ok(None);
    }
    for (i, _) in chunk
        .char_indices()
        .skip(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        if customer_id(conn, &chunk[..i])?.is_some() {
            return Ok(Some((chunk[..i].to_string(), &chunk[i..])));
        }
    }
    Ok(None)
}

fn customer_id(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM customers WHERE name = ?1 OR wechat_nick = ?1 ORDER BY created_at LIMIT 1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// One chunk as items: whole (`烟薯25号x2`), else split at its counts
/// (`桃x2苹果1`); what still does not resolve is kept as written.
fn read_chunk(catalog: &Catalog, chunk: &str, e: &mut Entry) {
    // A count on its own (`香蕉 3`) belongs to the item before it.
    let (name, qty) = text::item(chunk);
    if !name.is_empty() {
        return read_named(catalog, chunk, e);
    }
    match e.items.last_mut() {
        Some(last) if last.qty == 1 => {
            last.qty = qty as u32;
            last.text = format!("{} {chunk}", last.text);
        }
        _ => e.unresolved.push(chunk.to_string()),
    }
}

fn read_named(catalog: &Catalog, chunk: &str, e: &mut Entry) {
    if let Some(item) = read_item(catalog, chunk) {
        e.items.push(item);
        return;
    }
    let parts = text::split_run(chunk);
    if parts.len() > 1 {
        for part in parts {
            match read_item(catalog, part) {
                Some(item) => e.items.push(item),
                None => e.unresolved.push(part.to_string()),
            }
        }
    } else {
        e.unresolved.push(chunk.to_string());
    }
}

fn read_item(catalog: &Catalog, chunk: &str) -> Option<Item> {
    let (name, qty) = text::item(chunk);
    if name.is_empty() {
        return None;
    }
    let v = catalog.resolve(&name, chunk)?;
    Some(Item {
        sku: v.sku.clone(),
        qty: qty as u32,
        name: if v.options.is_empty() {
            v.product.clone()
        } else {
            format!("{} {}", v.product, v.options)
        },
        text: chunk.to_string(),
    })
}

/// What `--commit` / "create orders" made.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Committed {
    pub orders: Vec<String>,
    /// Entries left out: nothing resolved in them.
    pub skipped: Vec<u32>,
}

/// Turns the entries into orders (channel 接龙), one per customer: a buyer
/// who joined the list twice gets one order with both lines. Entries with
/// nothing resolved are skipped and reported.
pub fn commit(w: &Writer, entries: &[Entry], allow_oversell: bool) -> Result<Committed> {
    let mut by_customer: Vec<(String, Vec<NewLine>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut skipped = Vec::new();
    for e in entries {
        if e.items.is_empty() {
            skipped.push(e.line);
            continue;
        }
        let key = if e.customer.is_empty() {
            format!("#{}", e.no)
        } else {
            e.customer.clone()
        };
        let i = *index.entry(key.clone()).or_insert_with(|| {
            by_customer.push((key, Vec::new()));
            by_customer.len() - 1
        });
        by_customer[i].1.extend(e.items.iter().map(|it| NewLine {
            sku: it.sku.clone(),
            qty: it.qty as i32,
            ..Default::default()
        }));
    }
    let mut orders = Vec::new();
    for (customer, lines) in by_customer {
        let order = NewOrder {
            customer: if customer.starts_with('#') {
                String::new()
            } else {
                customer
            },
            channel: "solitaire".into(),
            lines,
            remark: "接龙".into(),
            allow_oversell,
            ..Default::default()
        };
        orders.push(orders::create(w, &order)?);
    }
    Ok(Committed { orders, skipped })
}

#[cfg(test)]
mod tests;
