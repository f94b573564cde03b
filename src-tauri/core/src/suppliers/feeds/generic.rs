//! Feeds of no known platform: a JSON document whose fields the merchant
//! maps once (with a preview of the first items), or a CSV/XLSX price list
//! at a URL whose columns are found by header (mapped, or guessed from the
//! usual Chinese and English names).

use std::io::Read;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::{json_stream, yuan_to_money, FeedItem, FeedKind, FeedMapping};
use crate::error::{CoreError, Result};
use crate::money::Money;
use crate::progress::Silent;
use crate::suppliers::http::{Auth, Fetched, Fetcher, Validators};
use crate::table::{csv_rows, sheets, Row};

/// Header names and JSON keys people use for each field, in guessing order.
const GUESSES: [(&str, &[&str]); 7] = [
    (
        "sku",
        &[
            "supplier_sku",
            "sku",
            "货号",
            "商品编码",
            "编码",
            "code",
            "item_code",
            "id",
        ],
    ),
    (
        "title",
        &["title", "name", "商品名称", "名称", "品名", "product_name"],
    ),
    (
        "cost",
        &[
            "cost",
            "price",
            "进价",
            "成本",
            "成本价",
            "批发价",
            "单价",
            "价格",
            "unit_price",
        ],
    ),
    (
        "available",
        &["available", "in_stock", "is_in_stock", "有货", "状态"],
    ),
    (
        "stock",
        &["stock", "qty", "quantity", "inventory", "库存", "数量"],
    ),
    (
        "barcode",
        &["barcode", "ean", "upc", "gtin", "条码", "条形码"],
    ),
    (
        "pack_size",
        &["pack_size", "pack", "moq", "箱规", "包装数", "起订量"],
    ),
];

/// Proposes a mapping from the fields an item has (or a sheet's headers).
pub fn guess_mapping(fields: &[String]) -> FeedMapping {
    let pick = |field: &str| -> String {
        let names = GUESSES
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, n)| *n)
            .unwrap_or(&[]);
        names
            .iter()
            .find_map(|n| {
                fields.iter().find(|f| {
                    f.eq_ignore_ascii_case(n)
                        || f.rsplit('.')
                            .next()
                            .is_some_and(|last| last.eq_ignore_ascii_case(n))
                })
            })
            .cloned()
            .unwrap_or_default()
    };
    FeedMapping {
        items: String::new(),
        sku: pick("sku"),
        title: pick("title"),
        cost: pick("cost"),
        cost_unit: "yuan".into(),
        available: pick("available"),
        stock: pick("stock"),
        barcode: pick("barcode"),
        pack_size: pick("pack_size"),
    }
}

/// The path to the items list, as keys.
fn items_path(m: &FeedMapping) -> Vec<&str> {
    m.items
        .split('.')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A generic JSON document's items onto `out`; how many there were.
pub fn json_page(body: &mut dyn Read, m: &FeedMapping, out: &mut Vec<FeedItem>) -> Result<usize> {
    let path = items_path(m);
    let mut n = 0;
    json_stream::for_each::<Value>(body, &path, |v| {
        n += 1;
        out.push(json_item(&v, m).map_err(|e| CoreError::Feed(format!("item {n}: {e}")))?);
        Ok(())
    })
}

fn json_item(v: &Value, m: &FeedMapping) -> Result<FeedItem> {
    let get = |path: &str| -> String {
        if path.is_empty() {
            return String::new();
        }
        let mut cur = v;
        for key in path.split('.') {
            cur = match (cur, key.parse::<usize>()) {
                (Value::Array(a), Ok(i)) => a.get(i).unwrap_or(&Value::Null),
                (other, _) => other.get(key).unwrap_or(&Value::Null),
            };
        }
        match cur {
            Value::Null => String::new(),
            Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        }
    };
    item(m, get)
}

/// One item from its fields, whatever they were read from.
fn item(m: &FeedMapping, get: impl Fn(&str) -> String) -> Result<FeedItem> {
    let sku = get(&m.sku);
    if sku.is_empty() {
        return Err(CoreError::Feed(format!("no SKU in `{}`", m.sku)));
    }
    let cost_text = get(&m.cost);
    let cost = if m.cost_unit == "fen" {
        cost_text
            .parse::<i64>()
            .ok()
            .filter(|f| *f >= 0)
            .map(Money::from_fen)
            .ok_or_else(|| CoreError::Feed(format!("{sku}: not a cost in fen: {cost_text:?}")))?
    } else {
        yuan_to_money(&cost_text).map_err(|e| CoreError::Feed(format!("{sku}: {e}")))?
    };
    let stock_text = get(&m.stock);
    let stock = match stock_text.as_str() {
        "" => None,
        s => Some(
            s.parse::<rust_decimal::Decimal>()
                .ok()
                .and_then(|d| rust_decimal::prelude::ToPrimitive::to_i64(&d.trunc()))
                .ok_or_else(|| CoreError::Feed(format!("{sku}: not a stock count: {s:?}")))?,
        ),
    };
    let available = match get(&m.available).to_lowercase().as_str() {
        "" => stock.is_none_or(|s| s > 0),
        "true" | "1" | "yes" | "y" | "有货" | "在售" | "instock" | "in stock" | "现货" => {
            true
        }
        "false" | "0" | "no" | "n" | "缺货" | "无货" | "停售" | "outofstock" | "out of stock" => {
            false
        }
        other => return Err(CoreError::Feed(format!("{sku}: not a yes/no: {other:?}"))),
    };
    let pack = get(&m.pack_size);
    Ok(FeedItem {
        title: Some(get(&m.title))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| sku.clone()),
        supplier_sku: sku,
        cost,
        available,
        stock,
        barcode: Some(get(&m.barcode)).filter(|b| !b.is_empty()),
        pack_size: pack.parse::<i64>().ok().filter(|n| *n > 1),
    })
}

/// A CSV or XLSX price list: the first non-blank row is the header.
pub fn table(bytes: &[u8], m: Option<&FeedMapping>, out: &mut Vec<FeedItem>) -> Result<usize> {
    let rows = rows_of(bytes)?;
    let mut rows = rows.iter().skip_while(|r| r.is_blank());
    let header: Vec<String> = rows
        .next()
        .ok_or_else(|| CoreError::Feed("the file is empty".into()))?
        .cells()
        .map(|c| c.trim().to_string())
        .collect();
    let m = m
        .filter(|m| !m.sku.is_empty())
        .cloned()
        .unwrap_or_else(|| guess_mapping(&header));
    for need in [&m.sku, &m.cost] {
        if need.is_empty() || !header.contains(need) {
            return Err(CoreError::Feed(format!(
                "no column for SKU and cost in the header ({})",
                header.join(", ")
            )));
        }
    }
    let mut n = 0;
    for row in rows.filter(|r| !r.is_blank()) {
        if let Some(cut) = row.cut_short_of(header.len()) {
            return Err(CoreError::Feed(format!(
                "line {}: {}",
                row.line, cut.message
            )));
        }
        let get = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .map(|i| row.cell(i).trim().to_string())
                .unwrap_or_default()
        };
        out.push(item(&m, get).map_err(|e| CoreError::Feed(format!("line {}: {e}", row.line)))?);
        n += 1;
    }
    Ok(n)
}

fn rows_of(bytes: &[u8]) -> Result<Vec<Row>> {
    let bad = |e: crate::statements::BadLine| {
        let at = e.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        CoreError::Feed(format!("{at}{}", e.message))
    };
    if bytes.starts_with(b"PK") {
        let first = sheets(bytes).map_err(bad)?.into_iter().next();
        return Ok(first.map(|(_, rows)| rows).unwrap_or_default());
    }
    csv_rows(&crate::statements::text::decode(bytes).map_err(bad)?).map_err(bad)
}

/// What the set-up screen shows before a generic feed is saved: the fields
/// the first item has, the mapping (the one given, or a guess), and the
/// first items read through it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FeedPreview {
    pub fields: Vec<String>,
    pub mapping: FeedMapping,
    pub items: Vec<PreviewItem>,
    /// Why the first items could not be read through the mapping.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewItem {
    pub supplier_sku: String,
    pub title: String,
    pub cost: Money,
    pub available: bool,
    pub stock: Option<i32>,
}

const PREVIEW_ITEMS: usize = 10;

/// Fetches the feed's first page and reads its first items.
pub fn preview(
    fetcher: &Fetcher,
    kind: FeedKind,
    url: &str,
    mapping: Option<&FeedMapping>,
    auth: &Auth,
) -> Result<FeedPreview> {
    let fetched = fetcher.get(url, auth, &Validators::default(), &Silent, |page| {
        let mut bytes = Vec::new();
        page.body
            .read_to_end(&mut bytes)
            .map_err(|e| CoreError::Feed(format!("reading the response: {e}")))?;
        Ok(bytes)
    })?;
    let Fetched::Parsed { value: bytes, .. } = fetched else {
        return Err(CoreError::Feed(
            "the server answered 304 to a plain request".into(),
        ));
    };
    let (fields, guessed, read) = match kind {
        FeedKind::Csv => {
            let header: Vec<String> = rows_of(&bytes)?
                .into_iter()
                .find(|r| !r.is_blank())
                .map(|r| r.cells().map(|c| c.trim().to_string()).collect())
                .unwrap_or_default();
            let guessed = guess_mapping(&header);
            let m = mapping.cloned().unwrap_or(guessed.clone());
            let mut out = vec![];
            let read = table(&bytes, Some(&m), &mut out).map(|_| out);
            (header, m, read)
        }
        _ => {
            let items = mapping
                .map(|m| m.items.clone())
                .unwrap_or_else(|| find_list(&bytes));
            let first: Vec<Value> = first_values(&bytes, &items)?;
            let fields = first.first().map(|v| flatten(v, "")).unwrap_or_default();
            let m = mapping.cloned().unwrap_or_else(|| FeedMapping {
                items: items.clone(),
                ..guess_mapping(&fields)
            });
            let read = first
                .iter()
                .map(|v| json_item(v, &m))
                .collect::<Result<Vec<_>>>();
            (fields, m, read)
        }
    };
    let (items, problem) = match read {
        Ok(items) => (items, None),
        Err(e) => (vec![], Some(e.to_string())),
    };
    Ok(FeedPreview {
        fields,
        mapping: guessed,
        items: items
            .into_iter()
            .take(PREVIEW_ITEMS)
            .map(|i| PreviewItem {
                supplier_sku: i.supplier_sku,
                title: i.title,
                cost: i.cost,
                available: i.available,
                stock: i.stock.map(|s| s as i32),
            })
            .collect(),
        problem,
    })
}

/// The first items of the list at `items` (dotted path).
fn first_values(bytes: &[u8], items: &str) -> Result<Vec<Value>> {
    let path: Vec<&str> = items.split('.').filter(|s| !s.is_empty()).collect();
    let mut first = vec![];
    json_stream::for_each::<Value>(&mut &bytes[..], &path, |v| {
        if first.len() < PREVIEW_ITEMS {
            first.push(v);
        }
        Ok(())
    })?;
    Ok(first)
}

/// Where the items probably are: the top if it is a list, else the first
/// key (one level down, or two) holding a list of objects.
fn find_list(bytes: &[u8]) -> String {
    let Ok(doc) = serde_json::from_slice::<Value>(bytes) else {
        return String::new();
    };
    fn search(v: &Value, prefix: &str, depth: u8) -> Option<String> {
        let obj = v.as_object()?;
        for (k, inner) in obj {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if inner
                .as_array()
                .is_some_and(|a| a.first().is_some_and(Value::is_object))
            {
                return Some(path);
            }
            if depth > 0 {
                if let Some(p) = search(inner, &path, depth - 1) {
                    return Some(p);
                }
            }
        }
        None
    }
    search(&doc, "", 2).unwrap_or_default()
}

/// An item's fields as dotted paths (`prices.price`), for the mapping's
/// drop-downs.
fn flatten(v: &Value, prefix: &str) -> Vec<String> {
    match v {
        Value::Object(o) => o
            .iter()
            .flat_map(|(k, inner)| {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match inner {
                    Value::Object(_) => flatten(inner, &path),
                    _ => vec![path],
                }
            })
            .collect(),
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapped_json_document_reads_nested_fields() {
        let doc = r#"{"ok":true,"data":{"goods":[{"code":"A1","name":"苹果","price":{"cny":"3.5"},"qty":12,"ean":"690123"},{"code":"A2","name":"梨","price":{"cny":4},"qty":0}]}}"#;
        let m = FeedMapping {
            items: "data.goods".into(),
            sku: "code".into(),
            title: "name".into(),
            cost: "price.cny".into(),
            cost_unit: "yuan".into(),
            stock: "qty".into(),
            barcode: "ean".into(),
            ..Default::default()
        };
        let mut out = vec![];
        assert_eq!(json_page(&mut doc.as_bytes(), &m, &mut out).unwrap(), 2);
        assert_eq!(
            (out[0].cost.fen(), out[0].stock, out[0].available),
            (350, Some(12), true)
        );
        assert_eq!(out[0].barcode.as_deref(), Some("690123"));
        assert!(
            !out[1].available,
            "no stock, no availability field: not available"
        );
        assert_eq!(find_list(doc.as_bytes()), "data.goods");
        let fields = flatten(
            &serde_json::from_str::<Value>(r#"{"code":1,"price":{"cny":2}}"#).unwrap(),
            "",
        );
        assert_eq!(fields, vec!["code", "price.cny"]);
        assert_eq!(guess_mapping(&fields).sku, "code");
    }

    #[test]
    fn a_price_list_in_chinese_columns_is_guessed() {
        let csv = "货号,品名,进价,库存,条码\nB1,大米 5kg,45.00,30,6901\nB2,面粉,\"1,020.00\",0,\n";
        let mut out = vec![];
        assert_eq!(table(csv.as_bytes(), None, &mut out).unwrap(), 2);
        assert_eq!(out[1].cost.fen(), 102_000);
        assert!(!out[1].available);
        let e = table("货号,进价\nB1,abc\n".as_bytes(), None, &mut vec![])
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
        // A body cut inside its last line: 进价 would read 4, not 45.00.
        let e = table(
            "货号,进价,库存\nB1,45.00,30\nB2,4".as_bytes(),
            None,
            &mut vec![],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 3") && e.contains("cut short"), "{e}");
    }
}
