//! Orders in and out: the Storefront order CSV of CLI.md (also as XLSX) and
//! a Pinduoduo order export. One row per order line; rows sharing an order
//! number form one order and must agree on the order's own columns.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{read_table, BadLine, Problems};
use crate::catalog::sold_by::SoldBy;
use crate::checkout::money::record_refund;
use crate::customers;
use crate::error::Result;
use crate::imports;
use crate::orders::insert::{self, Prepared, PreparedLine, Shortfall};
use crate::orders::status::{move_stock, Effect, Refund};
use crate::progress::Progress;
use crate::shop_time::ShopClock;
use crate::stock;
use crate::store::{Store, Writer};
use crate::table::Why;

pub use super::orders_export::export;
use super::orders_sheet::{storefront_rows, REQUIRED};
pub use super::orders_sheet::{LineIn, SkuRef, HEADER, HEADER_ZH};
pub use super::Layout;

/// What an import will do (the preview) or did.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct OrderImport {
    pub format: String,
    pub rows: u32,
    pub orders: u32,
    pub lines: u32,
    /// Variants the imported open orders want beyond what is available:
    /// reported, since the sales already happened elsewhere.
    pub oversold: Vec<Shortfall>,
    pub problems: Problems,
}

/// Reads and checks a file against the shop; nothing is written.
pub fn preview(conn: &Connection, clock: &ShopClock, bytes: &[u8]) -> Result<OrderImport> {
    Ok(plan(conn, clock, bytes)?.0)
}

type Planned = Vec<(Prepared, LineIn)>;

fn plan(conn: &Connection, clock: &ShopClock, bytes: &[u8]) -> Result<(OrderImport, Planned)> {
    let mut report = OrderImport::default();
    // The header is the top row naming the order number (`order_no`,
    // 单号, 订单号), below any title rows an export puts above it; a
    // totals row at the end is no order.
    let table = read_table(bytes).and_then(|t| t.below_title(&["order_no", "单号", "订单号"]));
    let table = match table {
        Ok(t) => t.without_totals(),
        Err(bad) => {
            report.problems.push(bad);
            return Ok((report, Vec::new()));
        }
    };
    report.rows = table.rows.len() as u32;
    if let Some(bad) = super::nothing_below_header(&table) {
        report.problems.push(bad);
        return Ok((report, Vec::new()));
    }
    let rows = if let Some(rows) = storefront_rows(&table, clock, &mut report.problems) {
        report.format = "storefront".into();
        rows
    } else if let Some(rows) = super::pinduoduo::rows(&table, clock, &mut report.problems) {
        report.format = "pinduoduo".into();
        rows
    } else {
        let needs = HEADER[..REQUIRED].join(",");
        report.problems.push(
            BadLine::on_line(1, format!("not an order file: the header needs {needs}"))
                .because(Why::NotAnOrderFile { needs }),
        );
        return Ok((report, Vec::new()));
    };
    let orders = resolve(
        conn,
        group(rows, &mut report.problems),
        &mut report.problems,
    )?;
    report.orders = orders.len() as u32;
    report.lines = orders.iter().map(|o| o.0.lines.len() as u32).sum();
    report.oversold = oversold(conn, &orders)?;
    Ok((report, orders))
}

/// Rows by order number, in the order first seen; a row that disagrees
/// with its order's first row on an order-level column is a problem.
fn group(rows: Vec<LineIn>, problems: &mut Problems) -> Vec<Vec<LineIn>> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut orders: Vec<Vec<LineIn>> = Vec::new();
    for row in rows {
        match index.get(&row.order_no) {
            Some(&i) => {
                let first = &orders[i][0];
                if let Some((col, _)) = row
                    .order_cells
                    .iter()
                    .zip(&first.order_cells)
                    .find(|(a, b)| a.1 != b.1)
                    .map(|(a, _)| a)
                {
                    problems.push(
                        BadLine::at(
                            row.line,
                            col + 1,
                            format!("differs from line {} of order {}", first.line, row.order_no),
                        )
                        .because(Why::DiffersFromLine {
                            line: first.line as u32,
                            order: Why::excerpt(&row.order_no),
                        }),
                    );
                }
                orders[i].push(row);
            }
            None => {
                index.insert(row.order_no.clone(), orders.len());
                orders.push(vec![row]);
            }
        }
    }
    orders
}

/// Orders resolved against the shop (variants, linked records by name),
/// each with the raw rows kept for the customer lookup at write time.
fn resolve(
    conn: &Connection,
    orders: Vec<Vec<LineIn>>,
    problems: &mut Problems,
) -> Result<Planned> {
    let mut names = Names::default();
    let mut out = Vec::with_capacity(orders.len());
    for rows in orders {
        let first = rows[0].clone();
        already_in_shop(conn, &first, problems)?;
        let mut lines = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(line) = line_of(conn, r, problems)? {
                lines.push(line);
            }
        }
        let meant = customers::lookup::meant(conn, first.customer.trim(), first.phone.trim())?;
        if meant.len() > 1 {
            let candidates = customers::candidates(&meant);
            problems.push(
                BadLine::at(
                    first.line,
                    first.customer_col + 1,
                    customers::ambiguous(first.customer.trim(), &meant).to_string(),
                )
                .because(Why::AmbiguousCustomer {
                    name: Why::excerpt(first.customer.trim()),
                    candidates,
                }),
            );
        }
        let links = names.resolve(conn, &first, problems)?;
        let mut p = Prepared {
            order_no: Some(first.order_no.clone()),
            placed_at: first.placed_at,
            channel: first.channel.clone(),
            status: first.status.clone(),
            customer_id: None,
            referrer_id: links[0].clone(),
            leader_id: links[1].clone(),
            pickup_point_id: links[2].clone(),
            delivery: delivery(&first, problems),
            arrives_on: first.arrives_on.clone(),
            campaign_id: links[3].clone(),
            discount_fen: first.discount_fen,
            remark: first.remark.clone(),
            lines,
            coupons: Vec::new(),
            points: None,
            import_id: None,
        };
        if p.lines.iter().any(|l| l.total() < 0)
            || p.discount_fen > p.subtotal()
            || first.refunded_fen > p.subtotal() - p.discount_fen
        {
            let order = &first.order_no;
            let message = format!("order {order}: a discount or refund is larger than the order");
            let why = Why::MoreThanOrder {
                order: Why::excerpt(order),
            };
            problems.push(BadLine::on_line(first.line, message).because(why));
        }
        if p.leader_id.is_none() && p.pickup_point_id.is_some() {
            p.leader_id = conn.query_row(
                "SELECT leader_id FROM pickup_points WHERE id = ?1",
                [&p.pickup_point_id],
                |r| r.get(0),
            )?;
        }
        out.push((p, first));
    }
    Ok(out)
}

impl SkuRef {
    fn describe(&self) -> String {
        match self {
            SkuRef::Sku(s) => format!("SKU {s}"),
            SkuRef::Listing { title, spec, .. } => format!("{title} {spec}"),
        }
    }
}

/// A row's line against the shop: its variant and its quantity in the
/// goods' unit (a weight in grams); none, with the problem noted, when
/// either cannot be.
fn line_of(conn: &Connection, r: &LineIn, problems: &mut Problems) -> Result<Option<PreparedLine>> {
    let Some((variant_id, sold_by)) = variant(conn, &r.sku)? else {
        let product = r.sku.describe();
        problems.push(
            BadLine::at(r.line, r.sku_col + 1, format!("unknown product {product}"))
                .because(Why::UnknownProduct { product }),
        );
        return Ok(None);
    };
    match sold_by.line_qty(&r.sku.describe(), r.qty, r.weight.as_deref()) {
        Ok(qty) => Ok(Some(PreparedLine {
            variant_id,
            qty,
            sold_by,
            unit_fen: r.unit_fen,
            discount_fen: r.line_discount_fen,
            override_reason: None,
            bundle_id: None,
        })),
        Err(e) => {
            problems.push(BadLine::at(r.line, r.qty_col + 1, e.to_string()));
            Ok(None)
        }
    }
}

fn variant(conn: &Connection, sku: &SkuRef) -> Result<Option<(String, SoldBy)>> {
    let found = |r: &rusqlite::Row| Ok((r.get(0)?, SoldBy::from_code(&r.get::<_, String>(1)?)));
    let by_code = |code: &str| -> Result<Option<(String, SoldBy)>> {
        Ok(conn
            .prepare_cached("SELECT id, sold_by FROM variants WHERE sku = ?1 OR barcode = ?1 ORDER BY sku = ?1 DESC LIMIT 1")?
            .query_row([code], found)
            .optional()?)
    };
    match sku {
        SkuRef::Sku(code) => by_code(code),
        SkuRef::Listing {
            title,
            spec,
            style_id,
        } => {
            if let Some(id) = by_code(style_id)? {
                return Ok(Some(id));
            }
            // The listing's title holds the product's name; the spec its 规格
            // (or the product has one variant).
            Ok(conn
                .prepare_cached(
                    "SELECT v.id, v.sold_by FROM variants v JOIN products p ON p.id = v.product_id
                     WHERE instr(?1, p.name) > 0 AND v.archived = 0
                       AND (v.options = ?2 OR replace(v.options, ' / ', ' ') = ?2 OR instr(?2, v.options) > 0 AND v.options <> ''
                            OR (SELECT count(*) FROM variants w WHERE w.product_id = p.id AND w.archived = 0) = 1)
                     ORDER BY length(p.name) DESC, v.options = ?2 DESC LIMIT 1",
                )?
                .query_row(params![title, spec], found)
                .optional()?)
        }
    }
}

/// Looks up linked records by name once per name.
#[derive(Default)]
struct Names(HashMap<(usize, String), Option<String>>);

impl Names {
    const SQL: [&'static str; 4] = [
        "SELECT id FROM distributors WHERE name = ?1",
        "SELECT id FROM leaders WHERE name = ?1 ORDER BY created_at LIMIT 1",
        "SELECT id FROM pickup_points WHERE name = ?1 ORDER BY created_at LIMIT 1",
        "SELECT id FROM campaigns WHERE name = ?1 ORDER BY created_at LIMIT 1",
    ];
    const WHAT: [&'static str; 4] = ["referrer", "leader", "pickup_point", "campaign"];

    /// Why the `i`th of [`Self::WHAT`] named `name` is refused.
    fn missing(i: usize, name: &str) -> Why {
        let name = Why::excerpt(name);
        match i {
            0 => Why::NoSuchReferrer { name },
            1 => Why::NoSuchLeader { name },
            2 => Why::NoSuchPickupPoint { name },
            _ => Why::NoSuchCampaign { name },
        }
    }

    fn resolve(
        &mut self,
        conn: &Connection,
        row: &LineIn,
        problems: &mut Problems,
    ) -> Result<[Option<String>; 4]> {
        let mut out: [Option<String>; 4] = Default::default();
        for (i, name) in row.links.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            let key = (i, name.clone());
            if !self.0.contains_key(&key) {
                let id = conn
                    .query_row(Self::SQL[i], [name], |r| r.get(0))
                    .optional()?;
                self.0.insert(key.clone(), id);
            }
            out[i] = self.0[&key].clone();
            if out[i].is_none() {
                let col = HEADER.iter().position(|h| *h == Self::WHAT[i]).unwrap_or(0);
                problems.push(
                    BadLine::at(
                        row.line,
                        col + 1,
                        format!(
                            "no {} called {} in the shop",
                            Self::WHAT[i],
                            super::shown(name)
                        ),
                    )
                    .because(Self::missing(i, name)),
                );
            }
        }
        Ok(out)
    }
}

fn oversold(conn: &Connection, orders: &[(Prepared, LineIn)]) -> Result<Vec<Shortfall>> {
    let mut wanted: HashMap<&str, i64> = HashMap::new();
    for (p, _) in orders
        .iter()
        .filter(|(p, _)| p.status != "cancelled" && p.status != "draft")
    {
        for l in &p.lines {
            *wanted.entry(&l.variant_id).or_default() += l.qty;
        }
    }
    let mut out = Vec::new();
    for (variant_id, qty) in wanted {
        let short = conn.query_row(
            "SELECT v.sku, COALESCE((SELECT sum(on_hand - committed) FROM stock_levels s WHERE s.variant_id = v.id), 0), v.sold_by FROM variants v WHERE v.id = ?1",
            [variant_id],
            |r| {
                Ok(Shortfall {
                    sku: r.get(0)?,
                    available: r.get(1)?,
                    wanted: qty,
                    sold_by: SoldBy::from_code(&r.get::<_, String>(2)?),
                })
            },
        )?;
        if short.wanted > short.available {
            out.push(short);
        }
    }
    out.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(out)
}

/// Imports an order file all or nothing; the first problem fails it with
/// its line and column. The orders are written in slices (see `imports`),
/// so order entry goes on while a big file goes in.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    progress: &dyn Progress,
) -> Result<OrderImport> {
    let clock = *store.clock();
    let (mut report, orders) = plan(store.conn(), &clock, bytes)?;
    if !report.problems.is_empty() {
        return Err(std::mem::take(&mut report.problems).into_error(file_name));
    }
    let location = stock::main_location(store.conn())?;
    let summary = format!(
        "{file_name}: {} orders, {} lines",
        report.orders, report.lines
    );
    imports::write_all_or_nothing(
        store,
        file_name,
        &orders,
        progress,
        |w, import, (p, first)| write_one(w, &import.id, p, first, &location),
        &summary,
    )?;
    Ok(report)
}

fn write_one(
    w: &Writer,
    import_id: &str,
    planned: &Prepared,
    first: &LineIn,
    location: &str,
) -> Result<()> {
    let mut p = planned.clone();
    p.import_id = Some(import_id.to_string());
    p.customer_id = customers::find_or_create_from(
        w,
        &first.customer,
        &first.phone,
        p.placed_at,
        Some(import_id),
    )?;
    let (id, _) = insert::insert(w, &p, location)?;
    if first.refunded_fen > 0 {
        let refund = Refund {
            amount_fen: first.refunded_fen,
            reason: "导入退款",
            status: "settled",
            payment_id: None,
            at: p.placed_at,
        };
        record_refund(w.tx, &id, &refund)?;
    }
    if let Some((carrier, tracking)) = &first.parcel {
        crate::shipping::record_parcel(w.tx, &id, carrier, tracking, p.placed_at)?;
    }
    if first.shipped && Effect::of(&p.status, false) == Effect::Nothing {
        move_stock(
            w.tx,
            &id,
            Effect::Nothing,
            Effect::Shipped,
            location,
            p.placed_at,
        )?;
    }
    Ok(())
}

/// An order number the shop has is a problem of the file (imported twice).
fn already_in_shop(conn: &Connection, first: &LineIn, problems: &mut Problems) -> Result<()> {
    let exists: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM orders WHERE order_no = ?1")?
        .query_row([&first.order_no], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        problems.push(
            BadLine::at(
                first.line,
                1,
                format!("order {} is already in the shop", first.order_no),
            )
            .because(Why::OrderExists {
                order: Why::excerpt(&first.order_no),
            }),
        );
    }
    Ok(())
}

/// How the order reaches the buyer: as the sheet says; else by courier
/// when it has a parcel or comes from a marketplace, collected otherwise. A
/// parcel belongs to a courier order whose goods left the shelf.
fn delivery(first: &LineIn, problems: &mut Problems) -> &'static str {
    let by_channel = if first.channel == "pinduoduo" || first.parcel.is_some() {
        "courier"
    } else {
        "pickup"
    };
    let delivery = first.delivery.unwrap_or(by_channel);
    let left = matches!(
        first.status.as_str(),
        "fulfilled" | "completed" | "refunded"
    );
    if first.parcel.is_some() && (delivery != "courier" || !left) {
        problems.push(
            BadLine::on_line(
                first.line,
                format!(
                    "order {}: a parcel is for a courier order that has left the shelf (fulfilled, completed or refunded), not one {} by {delivery}",
                    first.order_no, first.status
                ),
            )
            .because(Why::ParcelNotShipped {
                order: Why::excerpt(&first.order_no),
            }),
        );
    }
    delivery
}
