//! Products in and out: a Shopify product CSV (any subset of its columns, by
//! header name), the same layout as XLSX, the merchant's own sheet with
//! Chinese headers, and Storefront's export (Shopify's layout plus two
//! columns), upserted by SKU.

pub use super::products_export::export;

#[path = "products_write.rs"]
mod write;
use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{read_table, BadLine, Cells, Problems, Table};
use crate::catalog::edit;
use crate::catalog::sold_by::SoldBy;
use crate::error::Result;
use crate::money::Money;
use crate::progress::Progress;
use crate::store::Store;
use crate::table::Why;

/// The export's columns; the importer knows each of them (and more).
pub const HEADER: &[&str] = &[
    "Handle",
    "Title",
    "Body (HTML)",
    "Type",
    "Tags",
    "Status",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Barcode",
    "Variant Price",
    "Cost per item",
    "Variant Inventory Qty",
    "Image Src",
    "Storefront Role",
    "Storefront Low Stock",
    "Sold By",
];

/// The same columns in 简体中文 (the app's export in Chinese); the importer
/// takes either name.
pub const HEADER_ZH: &[&str] = &[
    "商品链接名",
    "商品名称",
    "商品描述",
    "商品分类",
    "标签",
    "状态",
    "规格1名称",
    "规格1",
    "规格2名称",
    "规格2",
    "规格3名称",
    "规格3",
    "商品编码",
    "条码",
    "售价",
    "成本",
    "库存",
    "图片",
    "商品角色",
    "库存预警",
    "计价单位",
];

/// The names of the columns that name a product or variant, as Shopify,
/// the app's Chinese export and shop platforms (有赞, 微店, 淘宝) write them.
const HANDLE: &[&str] = &["Handle", "商品链接名"];
const TITLE: &[&str] = &[
    "Title",
    "商品名称",
    "商品名",
    "名称",
    "商品",
    "宝贝名称",
    "宝贝标题",
];
/// A code per variant, which is the SKU over a code per product.
const VARIANT_CODE: &[&str] = &[
    "Variant SKU",
    "SKU",
    "规格编码",
    "SKU编码",
    "规格货号",
    "商家编码",
];
const PRODUCT_CODE: &[&str] = &["商品编码", "货号"];

/// Where each known column sits in this file.
struct Cols {
    handle: Option<usize>,
    title: Option<usize>,
    body: Option<usize>,
    category: Option<usize>,
    tags: Option<usize>,
    status: Option<usize>,
    option_names: [Option<usize>; 3],
    option_values: [Option<usize>; 3],
    sku: Option<usize>,
    barcode: Option<usize>,
    price: Option<usize>,
    cost: Option<usize>,
    qty: Option<usize>,
    image: Option<usize>,
    role: Option<usize>,
    low_stock: Option<usize>,
    sold_by: Option<usize>,
}

impl Cols {
    fn find(t: &Table) -> Cols {
        let n = |i: usize, what: &str| format!("Option{i} {what}");
        Cols {
            handle: t.col(HANDLE),
            title: t.col(TITLE),
            body: t.col(&["Body (HTML)", "描述", "商品描述"]),
            category: t.col(&["Type", "Product Category", "分类", "商品分类"]),
            tags: t.col(&["Tags", "标签"]),
            status: t.col(&["Status", "状态"]),
            option_names: [1, 2, 3].map(|i| t.col(&[&n(i, "Name"), &format!("规格{i}名称")])),
            option_values: [1, 2, 3].map(|i| {
                let zh = format!("规格{i}");
                // 有赞 and 微店 call the variant's spec 规格名称 or 规格值.
                let plain: &[&str] = if i == 1 {
                    &["规格", "规格名称", "规格值", "SKU规格", "销售属性"]
                } else {
                    &[]
                };
                t.col(&[&[n(i, "Value").as_str(), zh.as_str()], plain].concat())
            }),
            // A shop export with a code per variant (规格编码) and per
            // product (商品编码): the variant's is the SKU.
            sku: t.col(VARIANT_CODE).or_else(|| t.col(PRODUCT_CODE)),
            barcode: t.col(&["Variant Barcode", "Barcode", "条码", "条形码"]),
            price: t.col(&["Variant Price", "Price", "售价", "价格", "销售价", "零售价"]),
            cost: t.col(&[
                "Cost per item",
                "Cost",
                "成本",
                "成本价",
                "进货价",
                "采购价",
            ]),
            qty: t.col(&[
                "Variant Inventory Qty",
                "Inventory",
                "库存",
                "库存数量",
                "可售库存",
                "实际库存",
            ]),
            image: t.col(&["Image Src", "图片"]),
            role: t.col(&["Storefront Role", "商品角色"]),
            low_stock: t.col(&["Storefront Low Stock", "库存预警"]),
            sold_by: t.col(&["Sold By", "计价单位", "单位"]),
        }
    }
}

/// One variant row of the file, every field optional but the key.
#[derive(Debug, Clone)]
struct Incoming {
    line: usize,
    product_key: String,
    title: Option<String>,
    body: Option<String>,
    category: Option<String>,
    tags: Option<String>,
    archived: Option<bool>,
    option_names: Option<String>,
    options: Option<String>,
    sku: String,
    barcode: Option<String>,
    price: Option<Money>,
    cost: Option<Money>,
    /// Stock and its warning line as written, in the goods' unit; in
    /// ledger units (pieces, grams) once `plan` has read them.
    qty_text: Option<(usize, String)>,
    low_stock_text: Option<(usize, String)>,
    qty: Option<i64>,
    low_stock: Option<i64>,
    image: Option<String>,
    role: Option<&'static str>,
    sold_by: Option<(usize, SoldBy)>,
}

/// What an import will do (the preview) or did (the report).
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct ProductImport {
    pub rows: u32,
    pub products_created: u32,
    pub variants_created: u32,
    pub variants_updated: u32,
    /// Rows for variants that already read exactly so: nothing to do.
    pub variants_unchanged: u32,
    pub stock_moved: u32,
    pub problems: Problems,
}

fn some(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn role(text: &str) -> Option<&'static str> {
    match text {
        "traffic" | "引流款" | "引流" => Some("traffic"),
        "profit" | "利润款" | "利润" => Some("profit"),
        "normal" | "普通" | "常规" => Some("normal"),
        _ => None,
    }
}

/// Reads every row, collecting every problem; nothing touches the shop.
fn read(t: &Table, problems: &mut Problems) -> Vec<Incoming> {
    let cols = Cols::find(t);
    if cols.sku.is_none() && cols.handle.is_none() && cols.title.is_none() {
        problems.push(
            BadLine::on_line(
                1,
                "no Handle, Title or Variant SKU column: not a product file",
            )
            .because(Why::NotAProductFile),
        );
        return Vec::new();
    }
    let mut out: Vec<Incoming> = Vec::new();
    let mut skus: HashMap<String, usize> = HashMap::new();
    for row in &t.rows {
        let c = Cells { row };
        match incoming(&c, &cols, &out) {
            Ok(Some(item)) => {
                if let Some(first) = skus.insert(item.sku.clone(), item.line) {
                    problems.push(c.bad(
                        cols.sku.unwrap_or(0),
                        format!("SKU {} is already on line {first}", item.sku),
                    ));
                }
                out.push(item);
            }
            Ok(None) => {}
            Err(bad) => problems.push(bad),
        }
    }
    out
}

/// A row as an incoming variant; `None` for Shopify's image-only rows.
fn incoming(c: &Cells, cols: &Cols, before: &[Incoming]) -> Result<Option<Incoming>, BadLine> {
    let title = some(c.get(cols.title));
    let product_key = some(c.get(cols.handle))
        .or_else(|| title.clone())
        .unwrap_or_default();
    let options: Vec<&str> = cols
        .option_values
        .iter()
        .map(|col| c.get(*col))
        .filter(|v| !v.is_empty() && *v != "Default Title")
        .collect();
    let sku_text = c.get(cols.sku);
    let is_variant = !sku_text.is_empty()
        || !options.is_empty()
        || !c.get(cols.price).is_empty()
        || title.is_some();
    if !is_variant {
        return Ok(None);
    }
    if product_key.is_empty() && sku_text.is_empty() {
        return Err(c.bad_because(
            cols.handle.or(cols.title).unwrap_or(0),
            "a row needs a Handle, Title or SKU".into(),
            Why::RowNeedsName,
        ));
    }
    let sku = if sku_text.is_empty() {
        // Stable across re-imports of the same file.
        [product_key.as_str()]
            .into_iter()
            .chain(options.iter().copied())
            .collect::<Vec<_>>()
            .join("-")
    } else {
        sku_text.to_string()
    };
    let option_names: Vec<&str> = cols
        .option_names
        .iter()
        .map(|col| c.get(*col))
        .filter(|n| !n.is_empty() && *n != "Title")
        .collect();
    let optional = |col: Option<usize>| col.filter(|&i| !c.get(Some(i)).is_empty());
    let role_col = optional(cols.role);
    Ok(Some(Incoming {
        line: c.row.line,
        // A product whose rows have no key of their own belongs with the row
        // above it (Shopify leaves Title empty on a product's later rows).
        product_key: if product_key.is_empty() {
            before
                .last()
                .map(|p| p.product_key.clone())
                .unwrap_or_else(|| sku.clone())
        } else {
            product_key
        },
        title,
        body: some(c.get(cols.body)),
        category: some(c.get(cols.category)),
        tags: some(c.get(cols.tags)),
        archived: optional(cols.status).map(|i| archived(c.get(Some(i)))),
        option_names: (!option_names.is_empty()).then(|| option_names.join(" / ")),
        options: (cols.option_values.iter().any(Option::is_some)).then(|| options.join(" / ")),
        sku,
        barcode: barcode(c, cols.barcode)?,
        price: optional(cols.price).map(|i| c.money(i)).transpose()?,
        cost: optional(cols.cost).map(|i| c.money(i)).transpose()?,
        qty_text: optional(cols.qty).map(|i| (i, c.get(Some(i)).to_string())),
        low_stock_text: optional(cols.low_stock).map(|i| (i, c.get(Some(i)).to_string())),
        qty: None,
        low_stock: None,
        sold_by: optional(cols.sold_by).map(|i| sold_by(c, i)).transpose()?,
        image: some(c.get(cols.image)),
        role: role_col.map(|i| role_in(c, i)).transpose()?,
    }))
}

fn archived(status: &str) -> bool {
    matches!(
        status.to_lowercase().as_str(),
        "archived" | "已归档" | "下架"
    )
}

/// The 计价单位 (Sold By) cell, with its column.
/// The role a product's cell names.
fn role_in(c: &Cells, col: usize) -> Result<&'static str, BadLine> {
    let text = c.get(Some(col));
    role(text).ok_or_else(|| {
        c.bad_because(
            col,
            "role is one of normal, traffic (引流款), profit (利润款)".into(),
            Why::NotARole {
                cell: Why::excerpt(text),
            },
        )
    })
}

fn sold_by(c: &Cells, col: usize) -> Result<(usize, SoldBy), BadLine> {
    c.get(Some(col)).parse().map(|u| (col, u)).map_err(|_| {
        c.bad_because(
            col,
            "计价单位 (Sold By) is one of 件, 斤, 公斤, 克".into(),
            Why::NotAUnit {
                cell: Why::excerpt(c.get(Some(col))),
            },
        )
    })
}

/// A barcode as written; one Excel turned into a number (`3.65275E+11`) has
/// lost its digits and is refused with the way to keep them.
fn barcode(c: &Cells, col: Option<usize>) -> Result<Option<String>, BadLine> {
    let text = c.get(col);
    if crate::table::lost_to_excel(text) {
        return Err(c.bad_because(
            col.unwrap_or(0),
            format!("barcode {text} was turned into a number by Excel and lost its digits; format the column as text and type them again"),
            Why::ExcelBarcode {
                cell: Why::excerpt(text),
            },
        ));
    }
    Ok(some(text))
}

/// Checks a file against the shop: what the app shows before any write.
pub fn preview(conn: &Connection, bytes: &[u8]) -> Result<ProductImport> {
    Ok(plan(conn, bytes)?.0)
}

/// The check every import starts with: the report and the rows to write.
fn plan(conn: &Connection, bytes: &[u8]) -> Result<(ProductImport, Vec<Incoming>)> {
    let mut report = ProductImport::default();
    // The header is the top row naming a product or variant, below any
    // title rows an export puts above it.
    let naming = [HANDLE, TITLE, VARIANT_CODE, PRODUCT_CODE].concat();
    let table = read_table(bytes).and_then(|t| t.below_title(&naming));
    let items = match table.map(Table::without_totals) {
        Ok(table) => {
            report.rows = table.rows.len() as u32;
            if let Some(bad) = super::nothing_below_header(&table) {
                report.problems.push(bad);
            }
            read(&table, &mut report.problems)
        }
        Err(bad) => {
            report.problems.push(bad);
            Vec::new()
        }
    };
    let mut items = items;
    for item in &mut items {
        quantities(conn, item, &mut report.problems)?;
    }
    let mut new_products = HashSet::new();
    for item in &items {
        if let Some(id) = edit::variant_by_sku(conn, &item.sku)? {
            let on_hand = on_hand(conn, &id)?;
            if differs(conn, &id, item)? {
                report.variants_updated += 1;
            } else {
                report.variants_unchanged += 1;
            }
            report.stock_moved += u32::from(item.qty.is_some_and(|q| q != on_hand));
            continue;
        }
        report.variants_created += 1;
        report.stock_moved += u32::from(item.qty.is_some_and(|q| q != 0));
        if item.price.is_none() {
            report.problems.push(
                BadLine::on_line(
                    item.line,
                    format!(
                        "new variant {} needs a price (is the line cut short?)",
                        item.sku
                    ),
                )
                .because(Why::NeedsPrice {
                    sku: Why::excerpt(&item.sku),
                }),
            );
        }
        if product_by_key(conn, &item.product_key)?.is_none()
            && new_products.insert(item.product_key.clone())
        {
            report.products_created += 1;
            if first_title(&items, &item.product_key).is_none() {
                report.problems.push(
                    BadLine::on_line(
                        item.line,
                        format!("new product {} needs a Title", item.product_key),
                    )
                    .because(Why::NeedsTitle {
                        product: Why::excerpt(&item.product_key),
                    }),
                );
            }
        }
    }
    Ok((report, items))
}

/// Reads a row's stock and warning line in its goods' unit (the file's
/// 计价单位, else the variant's): `20` of goods sold by the 斤 is 10,000 g.
/// A new unit for goods with stock or orders is refused on its line.
fn quantities(conn: &Connection, item: &mut Incoming, problems: &mut Problems) -> Result<()> {
    let existing = edit::variant_by_sku(conn, &item.sku)?;
    let current = match &existing {
        Some(_) => crate::catalog::sold_by::of_sku(conn, &item.sku)?,
        None => SoldBy::Piece,
    };
    if let (Some(id), Some((col, unit))) = (&existing, item.sold_by) {
        if let Err(e) = edit::check_sold_by(conn, id, unit) {
            problems.push(BadLine::at(item.line, col + 1, e.to_string()));
        }
    }
    let unit = item.sold_by.map_or(current, |(_, u)| u);
    let mut read = |cell: &Option<(usize, String)>| match cell {
        Some((col, text)) => match unit.ledger_qty(&item.sku, text) {
            Ok(q) if (0..=crate::limits::MAX_STOCK).contains(&q) => Some(q),
            Ok(_) => {
                let message = format!(
                    "{text} is out of range (0 to {})",
                    unit.show(crate::limits::MAX_STOCK)
                );
                problems.push(BadLine::at(item.line, col + 1, message));
                None
            }
            Err(e) => {
                problems.push(BadLine::at(item.line, col + 1, e.to_string()));
                None
            }
        },
        None => None,
    };
    item.qty = read(&item.qty_text);
    item.low_stock = read(&item.low_stock_text);
    Ok(())
}

/// Whether a row would change anything of its variant or product (the
/// stock is counted apart): a re-import of the same file changes nothing
/// and says so.
fn differs(conn: &Connection, variant_id: &str, item: &Incoming) -> Result<bool> {
    let (barcode, options, price, cost, low, name, category, tags, body, sold_by): (
        Option<String>,
        String,
        i64,
        i64,
        i64,
        String,
        String,
        String,
        String,
        String,
    ) = conn.prepare_cached(
        "SELECT v.barcode, v.options, v.price_fen, v.cost_fen, v.low_stock, p.name, p.category, p.tags, p.description, v.sold_by
         FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?1",
    )?
    .query_row([variant_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
    })?;
    let text = |new: &Option<String>, old: &str| new.as_deref().is_some_and(|n| n != old);
    Ok(item
        .barcode
        .as_deref()
        .is_some_and(|b| Some(b) != barcode.as_deref())
        || text(&item.options, &options)
        || item.price.is_some_and(|p| p.fen() != price)
        || item.cost.is_some_and(|c| c.fen() != cost)
        || item.low_stock.is_some_and(|l| l != low)
        || item.sold_by.is_some_and(|(_, u)| u.code() != sold_by)
        || text(&item.title, &name)
        || text(&item.category, &category)
        || text(&item.tags, &tags)
        || text(&item.body, &body))
}

fn first_title<'a>(items: &'a [Incoming], key: &str) -> Option<&'a str> {
    items
        .iter()
        .filter(|i| i.product_key == key)
        .find_map(|i| i.title.as_deref())
}

/// A product by Shopify handle, else by its exact name.
fn product_by_key(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM products WHERE handle = ?1 UNION ALL SELECT id FROM products WHERE name = ?1 LIMIT 1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Imports a product file all or nothing; the first problem fails it with
/// its line and column.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    progress: &dyn Progress,
) -> Result<ProductImport> {
    let (mut report, items) = plan(store.conn(), bytes)?;
    if !report.problems.is_empty() {
        return Err(std::mem::take(&mut report.problems).into_error(file_name));
    }
    store.write(|w| {
        write::apply(w, &items, file_name, progress)?;
        let summary = format!(
            "{file_name}: +{} ~{}",
            report.variants_created, report.variants_updated
        );
        w.log("catalog", file_name, "import", &summary)
    })?;
    Ok(report)
}

fn on_hand(conn: &Connection, variant_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(sum(on_hand), 0) FROM stock_levels WHERE variant_id = ?1")?
        .query_row([variant_id], |r| r.get(0))?)
}
