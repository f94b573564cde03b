//! The Storefront order sheet: its columns (CLI.md's, then the optional
//! links, then Storefront's own), the Chinese header and words an export
//! writes and an import reads back, and its rows read into order lines.

use super::{BadLine, Cells, Problems, Table};
use crate::money::Money;
use crate::orders::{CHANNELS, STATUSES};
use crate::shop_time::ShopClock;
use crate::table::Why;

/// The columns CLI.md fixes, then the optional links, then Storefront's
/// own additions (status and discounts, so an export reads back whole).
pub const HEADER: &[&str] = &[
    "order_no",
    "placed_at",
    "channel",
    "customer",
    "phone",
    "sku",
    "qty",
    "unit_price",
    "remark",
    "referrer",
    "leader",
    "pickup_point",
    "campaign",
    "status",
    "discount",
    "line_discount",
    "refunded",
    "delivery",
    "arrives_on",
    "carrier",
    "tracking_no",
];
/// The same columns as a Chinese merchant reads them (the app's export in
/// 简体中文); the importer takes either name for each column.
pub const HEADER_ZH: &[&str] = &[
    "单号",
    "下单时间",
    "渠道",
    "客户",
    "电话",
    "商品编码",
    "数量",
    "单价",
    "备注",
    "推荐人",
    "团长",
    "自提点",
    "活动",
    "状态",
    "整单优惠",
    "行优惠",
    "已退款",
    "配送方式",
    "到货日",
    "快递公司",
    "运单号",
];
/// Statuses and channels as the Chinese export writes them (the words the
/// app shows); read back as their codes.
pub(super) const WORDS_ZH: &[(&str, &str)] = &[
    ("draft", "草稿"),
    ("awaiting_payment", "待付款"),
    ("paid", "已付款"),
    ("fulfilled", "已发货"),
    ("completed", "已完成"),
    ("cancelled", "已取消"),
    ("refunded", "已退款"),
    ("offline", "门店"),
    ("wechat", "微信"),
    ("solitaire", "接龙"),
    ("pinduoduo", "拼多多"),
    ("youzan", "有赞"),
    ("shop", "小店"),
    ("pickup", "自提"),
    ("delivery", "送货"),
    ("courier", "快递"),
];

/// The accepted codes, each with its Chinese word: `wechat/微信, …`.
fn choices(codes: &[&str]) -> String {
    codes
        .iter()
        .map(|code| match WORDS_ZH.iter().find(|(c, _)| c == code) {
            Some((_, zh)) => format!("{code}/{zh}"),
            None => code.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A status or channel code from its code or its Chinese word.
fn code_of(text: &str) -> String {
    WORDS_ZH
        .iter()
        .find(|(_, zh)| *zh == text)
        .map_or(text, |(code, _)| code)
        .to_string()
}

pub(super) const REQUIRED: usize = 9;
/// The order-level columns every row of one order must agree on.
const ORDER_COLS: &[usize] = &[1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20];

/// How the order reaches the buyer, when the sheet says (自提/送货/快递).
fn delivery(c: &Cells, col: Option<usize>) -> Result<Option<&'static str>, BadLine> {
    let text = c.get(col);
    if text.is_empty() {
        return Ok(None);
    }
    crate::orders::delivery(text).map(Some).map_err(|_| {
        c.bad_because(
            col.unwrap_or(0),
            format!(
                "delivery {} is not one of pickup/自提, delivery/送货, courier/快递",
                super::shown(text)
            ),
            Why::NotADelivery {
                cell: Why::excerpt(text),
            },
        )
    })
}

/// The day the goods arrive (预售), `YYYY-MM-DD`; a past one is history.
fn arrival(c: &Cells, col: Option<usize>) -> Result<Option<String>, BadLine> {
    let text = c.get(col);
    if text.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| Some(d.to_string()))
        .map_err(|_| {
            c.bad_because(
                col.unwrap_or(0),
                format!("not a day (YYYY-MM-DD): {}", super::shown(text)),
                Why::NotADay {
                    cell: Why::excerpt(text),
                },
            )
        })
}

/// The parcel it left in: a carrier and a tracking number, both or neither.
fn parcel(
    c: &Cells,
    carrier: Option<usize>,
    tracking: Option<usize>,
) -> Result<Option<(String, String)>, BadLine> {
    let (name, no) = (c.get(carrier), c.get(tracking));
    match (name.is_empty(), no.is_empty()) {
        (true, true) => Ok(None),
        (false, false) => {
            let no = crate::shipping::tracking_no(no).ok_or_else(|| {
                c.bad_because(
                    tracking.unwrap_or(0),
                    format!("not a tracking number: {}", super::shown(no)),
                    Why::NotATrackingNumber {
                        cell: Why::excerpt(no),
                    },
                )
            })?;
            let name = crate::shipping::carrier_name(name).ok_or_else(|| {
                c.bad_because(
                    carrier.unwrap_or(0),
                    format!("not a carrier: {}", super::shown(name)),
                    Why::NotACarrier {
                        cell: Why::excerpt(name),
                    },
                )
            })?;
            Ok(Some((name, no)))
        }
        (true, false) => Err(c.bad_because(
            carrier.unwrap_or(0),
            "a tracking number needs its carrier".into(),
            Why::TrackingNeedsCarrier,
        )),
        (false, true) => Err(c.bad_because(
            tracking.unwrap_or(0),
            "a carrier needs its tracking number".into(),
            Why::CarrierNeedsTracking,
        )),
    }
}

/// A line's `qty` cell: a count, checked here, or a weight (`2.35`), read
/// against the product's unit when the line meets the shop.
fn quantity(c: &Cells, col: usize) -> Result<(i64, Option<String>), BadLine> {
    let text = c.number(col);
    let text = text.as_ref();
    if text.contains('.') && !text.ends_with(".0") {
        return match rust_decimal::Decimal::from_str_exact(text) {
            Ok(_) => Ok((0, Some(text.to_string()))),
            Err(_) => Err(c.bad_because(
                col,
                format!("not a quantity: {}", super::shown(text)),
                Why::NotAQuantity {
                    cell: Why::excerpt(text),
                },
            )),
        };
    }
    let qty = c.count(col)?;
    if !crate::limits::qty_ok(qty) {
        let max = crate::limits::MAX_QTY.to_string();
        return Err(c.bad_because(
            col,
            format!("qty must be 1 to {max}"),
            Why::QtyOutOfRange { max },
        ));
    }
    Ok((qty, None))
}

/// One order line as read, before it meets the shop.
#[derive(Debug, Clone)]
pub struct LineIn {
    pub line: usize,
    pub order_no: String,
    pub placed_at: i64,
    pub channel: String,
    pub customer: String,
    pub phone: String,
    /// A SKU, or what identifies the product in a marketplace export.
    pub sku: SkuRef,
    /// Pieces, or whole units of goods sold by weight.
    pub qty: i64,
    /// A weight as written (`2.35`), for goods sold by weight.
    pub weight: Option<String>,
    pub qty_col: usize,
    pub unit_fen: i64,
    pub remark: String,
    /// referrer, leader, pickup point, campaign: names.
    pub links: [String; 4],
    pub status: String,
    pub discount_fen: i64,
    pub line_discount_fen: i64,
    /// Refunded already (by the marketplace, or in the exporting shop).
    pub refunded_fen: i64,
    /// The goods left the shelf (a refunded order says so only here).
    pub shipped: bool,
    /// 自提 / 送货 / 快递, when the sheet says; else by the channel.
    pub delivery: Option<&'static str>,
    /// The day the goods arrive (预售).
    pub arrives_on: Option<String>,
    /// The carrier and tracking number it left with.
    pub parcel: Option<(String, String)>,
    /// The cells of this row that order-level checks compare (with columns).
    pub order_cells: Vec<(usize, String)>,
    pub sku_col: usize,
    pub customer_col: usize,
}

#[derive(Debug, Clone)]
pub enum SkuRef {
    Sku(String),
    /// Pinduoduo: the product title, its 规格 text and the platform's id.
    Listing {
        title: String,
        spec: String,
        style_id: String,
    },
}

/// Reads the Storefront layout; `None` when the file is not in it.
pub(super) fn storefront_rows(
    t: &Table,
    clock: &ShopClock,
    problems: &mut Problems,
) -> Option<Vec<LineIn>> {
    let cols: Vec<Option<usize>> = HEADER
        .iter()
        .zip(HEADER_ZH)
        .map(|(h, zh)| t.col(&[h, zh]))
        .collect();
    if cols[..REQUIRED].iter().any(Option::is_none) {
        return None;
    }
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        match storefront_row(&Cells { row }, &cols, clock) {
            Ok(l) => out.push(l),
            Err(bad) => problems.push(bad),
        }
    }
    Some(out)
}

/// When the order was placed, as the shop's clock reads the cell.
fn placed_at(c: &Cells, col: usize, text: &str, clock: &ShopClock) -> Result<i64, BadLine> {
    clock.parse_local(text).ok_or_else(|| {
        c.bad_because(
            col,
            format!("not a time (YYYY-MM-DD HH:MM:SS): {}", super::shown(text)),
            Why::NotATime {
                cell: Why::excerpt(text),
            },
        )
    })
}

fn storefront_row(c: &Cells, cols: &[Option<usize>], clock: &ShopClock) -> Result<LineIn, BadLine> {
    let col = |i: usize| cols[i].unwrap_or(usize::MAX);
    let text = |i: usize| c.get(cols[i]).to_string();
    let order_no = text(0);
    if order_no.is_empty() {
        return Err(c.bad_because(col(0), "order_no is empty".into(), Why::NoOrderNumber));
    }
    let placed_at = placed_at(c, col(1), &text(1), clock)?;
    let channel = code_of(&text(2));
    if !CHANNELS.contains(&channel.as_str()) {
        return Err(c.bad_because(
            col(2),
            format!(
                "channel {} is not one of {}",
                super::shown(&channel),
                choices(CHANNELS)
            ),
            Why::NotAChannel {
                cell: Why::excerpt(&text(2)),
            },
        ));
    }
    let sku = text(5);
    if sku.is_empty() {
        return Err(c.bad_because(col(5), "sku is empty".into(), Why::NoSku));
    }
    let (qty, weight) = quantity(c, col(6))?;
    let status = Some(code_of(&text(13)))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "awaiting_payment".into());
    if !STATUSES.contains(&status.as_str()) {
        return Err(c.bad_because(
            col(13),
            format!(
                "status {} is not one of {}",
                super::shown(&status),
                choices(STATUSES)
            ),
            Why::NotAStatus {
                cell: Why::excerpt(&text(13)),
            },
        ));
    }
    let optional_money = |i: usize| match cols[i] {
        Some(ci) if !c.get(Some(ci)).is_empty() => c.money(ci).map(Money::fen),
        _ => Ok(0),
    };
    Ok(LineIn {
        line: c.row.line,
        order_no,
        placed_at,
        channel,
        customer: text(3),
        phone: text(4),
        sku: SkuRef::Sku(sku),
        qty,
        weight,
        qty_col: col(6),
        unit_fen: c.money(col(7))?.fen(),
        remark: text(8),
        links: [text(9), text(10), text(11), text(12)],
        status,
        discount_fen: optional_money(14)?,
        line_discount_fen: optional_money(15)?,
        refunded_fen: optional_money(16)?,
        shipped: false,
        delivery: delivery(c, cols[17])?,
        arrives_on: arrival(c, cols[18])?,
        parcel: parcel(c, cols[19], cols[20])?,
        order_cells: ORDER_COLS
            .iter()
            .filter_map(|&i| cols[i].map(|ci| (ci, c.get(Some(ci)).to_string())))
            .collect(),
        sku_col: col(5),
        customer_col: col(3),
    })
}
