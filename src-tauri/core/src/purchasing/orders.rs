//! Purchase orders: draft → sent → partly received → received → closed.
//! A PO's lines carry the cost agreed when it was made; its total is their
//! sum. Sending posts it as JSON to the supplier's endpoint when it has one,
//! else the merchant sends the XLSX or the printed PDF.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::sold_by::SoldBy;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewPoLine {
    /// The shop's SKU.
    pub sku: String,
    pub qty: i32,
    /// The agreed unit cost; the supplier's current cost when none.
    pub unit_cost: Option<Money>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PoRow {
    pub po_no: String,
    pub supplier: String,
    pub status: String,
    pub lines: i32,
    pub ordered: i32,
    pub received: i32,
    pub total: Money,
    pub invoice: Option<Money>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PoLineRow {
    pub line_id: String,
    pub sku: String,
    pub barcode: Option<String>,
    pub title: String,
    pub supplier_sku: Option<String>,
    pub ordered: i32,
    pub received: i32,
    /// Received less ordered: negative is short, positive is over.
    pub variance: i32,
    /// By the piece, or by weight: quantities in grams, the cost per 斤,
    /// 公斤 or 克.
    pub sold_by: SoldBy,
    pub unit_cost: Money,
    pub amount: Money,
    pub received_value: Money,
}

/// The supplier's invoice against what was ordered and what arrived.
#[derive(Debug, Clone, Serialize, TS)]
pub struct InvoiceCheck {
    pub invoice: Option<Money>,
    pub ordered_value: Money,
    pub received_value: Money,
    /// Invoice less the value received: what to query with the supplier.
    pub difference: Option<Money>,
    pub matches: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PoDetail {
    pub po_no: String,
    pub supplier: String,
    pub supplier_id: String,
    pub po_url: Option<String>,
    pub status: String,
    pub note: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub sent_via: Option<String>,
    pub total: Money,
    pub lines: Vec<PoLineRow>,
    pub invoice: InvoiceCheck,
}

/// Makes a draft PO for the supplier; its number is `PO` + business day.
pub fn create(w: &Writer, supplier_id: &str, lines: &[NewPoLine], note: &str) -> Result<String> {
    if lines.is_empty() {
        return Err(CoreError::refused(
            Refusal::EmptyPurchaseOrder,
            &[],
            "a purchase order needs at least one line".into(),
        ));
    }
    let now = shop_time::now();
    let po_no = ids::next_number(w.tx, "po", "PO", w.clock.business_day(now))?;
    let po_id = ids::new_id();
    w.tx.execute(
        "INSERT INTO purchase_orders(id, po_no, supplier_id, status, total_fen, note, created_at, updated_at) VALUES (?1, ?2, ?3, 'draft', 0, ?4, ?5, ?5)",
        params![po_id, po_no, supplier_id, note.trim(), now],
    )?;
    let mut total = Money::ZERO;
    for line in lines {
        if line.qty <= 0 {
            return Err(CoreError::refused(
                Refusal::QtyNotPositive,
                &[("sku", line.sku.clone())],
                format!("{}: the quantity must be above zero", line.sku),
            ));
        }
        let (variant, item, cost, sold_by) = source(w.tx, supplier_id, &line.sku)?;
        let unit = line.unit_cost.unwrap_or(cost);
        if unit < Money::ZERO {
            return Err(CoreError::refused(
                Refusal::NegativePrice,
                &[("sku", line.sku.clone())],
                format!("{}: a cost cannot be negative", line.sku),
            ));
        }
        w.tx.execute(
            "INSERT INTO po_lines(id, po_id, variant_id, supplier_item_id, qty, unit_cost_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![ids::new_id(), po_id, variant, item, line.qty, unit.fen()],
        )?;
        total += Money::from_fen(sold_by.amount(i64::from(line.qty), unit.fen()));
    }
    w.tx.execute(
        "UPDATE purchase_orders SET total_fen = ?2 WHERE id = ?1",
        params![po_id, total.fen()],
    )?;
    crate::changelog::record(
        w.tx,
        w.session,
        "purchase_order",
        &po_id,
        "create",
        &format!("{po_no} {total}"),
    )?;
    Ok(po_no)
}

/// A SKU's variant, the supplier's item for it, and that item's cost (or the
/// shop's cost when the supplier does not list it).
fn source(
    conn: &Connection,
    supplier_id: &str,
    sku: &str,
) -> Result<(String, Option<String>, Money, SoldBy)> {
    let (variant, cost, sold_by): (String, i64, String) = conn
        .query_row(
            "SELECT id, cost_fen, sold_by FROM variants WHERE sku = ?1",
            [sku.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "SKU",
            key: sku.into(),
        })?;
    let item: Option<(String, i64)> = conn
        .query_row(
            "SELECT id, cost_fen FROM supplier_items WHERE supplier_id = ?1 AND variant_id = ?2 AND gone = 0 ORDER BY cost_fen LIMIT 1",
            params![supplier_id, variant],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let sold_by = SoldBy::from_code(&sold_by);
    Ok(match item {
        Some((id, c)) => (variant, Some(id), Money::from_fen(c), sold_by),
        None => (variant, None, Money::from_fen(cost), sold_by),
    })
}

pub(crate) fn po_id(conn: &Connection, po_no: &str) -> Result<(String, String)> {
    conn.query_row(
        "SELECT id, status FROM purchase_orders WHERE po_no = ?1",
        [po_no.trim()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "purchase order",
        key: po_no.into(),
    })
}

pub fn list(conn: &Connection, clock: &ShopClock, open_only: bool) -> Result<Vec<PoRow>> {
    let mut stmt = conn.prepare(
        "SELECT po.po_no, s.name, po.status, count(pl.id), coalesce(sum(pl.qty), 0),
                coalesce((SELECT sum(rl.qty) FROM receipt_lines rl JOIN po_lines x ON x.id = rl.po_line_id WHERE x.po_id = po.id), 0),
                po.total_fen, po.invoice_fen, po.created_at, po.sent_at
         FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id LEFT JOIN po_lines pl ON pl.po_id = po.id
         WHERE NOT ?1 OR po.status NOT IN ('received','closed')
         GROUP BY po.id ORDER BY po.created_at DESC, po.po_no DESC",
    )?;
    let rows = stmt.query_map([open_only], |r| {
        Ok(PoRow {
            po_no: r.get(0)?,
            supplier: r.get(1)?,
            status: r.get(2)?,
            lines: r.get(3)?,
            ordered: r.get(4)?,
            received: r.get(5)?,
            total: Money::from_fen(r.get(6)?),
            invoice: r.get::<_, Option<i64>>(7)?.map(Money::from_fen),
            created_at: clock.format(r.get(8)?),
            sent_at: r.get::<_, Option<i64>>(9)?.map(|t| clock.format(t)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn detail(conn: &Connection, clock: &ShopClock, po_no: &str) -> Result<PoDetail> {
    let (id, _) = po_id(conn, po_no)?;
    let mut stmt = conn.prepare(
        "SELECT pl.id, v.sku, v.barcode, p.name || CASE WHEN v.options = '' THEN '' ELSE ' ' || v.options END, i.supplier_sku,
                pl.qty, coalesce((SELECT sum(qty) FROM receipt_lines rl WHERE rl.po_line_id = pl.id), 0), pl.unit_cost_fen, v.sold_by
         FROM po_lines pl JOIN variants v ON v.id = pl.variant_id JOIN products p ON p.id = v.product_id
         LEFT JOIN supplier_items i ON i.id = pl.supplier_item_id
         WHERE pl.po_id = ?1 ORDER BY v.sku, pl.id",
    )?;
    let lines: Vec<PoLineRow> = stmt
        .query_map([&id], |r| {
            let (ordered, received, unit): (i32, i32, i64) = (r.get(5)?, r.get(6)?, r.get(7)?);
            let sold_by = SoldBy::from_code(&r.get::<_, String>(8)?);
            Ok(PoLineRow {
                line_id: r.get(0)?,
                sku: r.get(1)?,
                barcode: r.get(2)?,
                title: r.get(3)?,
                supplier_sku: r.get(4)?,
                ordered,
                received,
                variance: received - ordered,
                unit_cost: Money::from_fen(unit),
                amount: Money::from_fen(sold_by.amount(i64::from(ordered), unit)),
                received_value: Money::from_fen(sold_by.amount(i64::from(received), unit)),
                sold_by,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    conn.query_row(
        "SELECT po.po_no, s.name, s.id, s.po_url, po.status, po.note, po.created_at, po.sent_at, po.sent_via, po.total_fen, po.invoice_fen
         FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id WHERE po.id = ?1",
        [&id],
        |r| {
            let total = Money::from_fen(r.get(9)?);
            let invoice = r.get::<_, Option<i64>>(10)?.map(Money::from_fen);
            let received_value: Money = lines.iter().map(|l| l.received_value).sum();
            Ok(PoDetail {
                po_no: r.get(0)?,
                supplier: r.get(1)?,
                supplier_id: r.get(2)?,
                po_url: r.get(3)?,
                status: r.get(4)?,
                note: r.get(5)?,
                created_at: clock.format(r.get(6)?),
                sent_at: r.get::<_, Option<i64>>(7)?.map(|t| clock.format(t)),
                sent_via: r.get(8)?,
                total,
                invoice: InvoiceCheck {
                    invoice,
                    ordered_value: total,
                    received_value,
                    difference: invoice.map(|i| i - received_value),
                    matches: invoice.is_some_and(|i| i == received_value),
                },
                lines: lines.clone(),
            })
        },
    )
    .map_err(Into::into)
}

/// The PO as the JSON document a supplier's endpoint receives.
pub fn document(conn: &Connection, clock: &ShopClock, po_no: &str) -> Result<serde_json::Value> {
    let d = detail(conn, clock, po_no)?;
    let shop: Option<String> = conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = 'shop_name'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(serde_json::json!({
        "po_no": d.po_no,
        "buyer": shop.unwrap_or_default(),
        "created_at": d.created_at,
        "currency": "CNY",
        "total": d.total,
        "note": d.note,
        "lines": d.lines.iter().map(|l| serde_json::json!({
            "supplier_sku": l.supplier_sku, "sku": l.sku, "barcode": l.barcode, "title": l.title,
            "qty": l.ordered, "unit_cost": l.unit_cost, "amount": l.amount,
        })).collect::<Vec<_>>(),
    }))
}

/// The PO as a sheet to attach to a message (XLSX or CSV by extension).
pub fn export(
    conn: &Connection,
    clock: &ShopClock,
    po_no: &str,
    path: &std::path::Path,
) -> Result<()> {
    let d = detail(conn, clock, po_no)?;
    let rows: Vec<Vec<String>> = d
        .lines
        .iter()
        .map(|l| {
            vec![
                l.supplier_sku.clone().unwrap_or_default(),
                l.sku.clone(),
                l.title.clone(),
                l.ordered.to_string(),
                l.unit_cost.to_string(),
                l.amount.to_string(),
            ]
        })
        .chain(std::iter::once(vec![
            String::new(),
            String::new(),
            "合计 Total".into(),
            d.lines.iter().map(|l| l.ordered).sum::<i32>().to_string(),
            String::new(),
            d.total.to_string(),
        ]))
        .collect();
    crate::table::sheet::write(
        path,
        &d.po_no,
        &[
            "供应商货号 Supplier SKU",
            "SKU",
            "品名 Item",
            "数量 Qty",
            "单价 Unit cost",
            "金额 Amount",
        ],
        &rows,
    )
}

/// A PO ready to go to the supplier's JSON endpoint: read under the shop's
/// lock, sent after it is released (the network never holds the shop).
pub struct Outbound {
    url: String,
    auth: crate::suppliers::http::Auth,
    po_no: String,
    doc: serde_json::Value,
}

pub fn outbound(conn: &Connection, clock: &ShopClock, po_no: &str) -> Result<Outbound> {
    let d = detail(conn, clock, po_no)?;
    let url = d.po_url.clone().ok_or_else(|| {
        CoreError::refused(
            Refusal::NoPoUrl,
            &[("supplier", d.supplier.clone())],
            format!(
                "{} takes no orders by JSON; send the XLSX or PDF",
                d.supplier
            ),
        )
    })?;
    let auth = crate::suppliers::credentials::auth_for(conn, &d.supplier_id)?;
    Ok(Outbound {
        url,
        auth,
        doc: document(conn, clock, po_no)?,
        po_no: d.po_no,
    })
}

/// POSTs the PO; the caller then records it with `mark_sent(.., "json")`.
pub fn post(out: &Outbound, http: &crate::suppliers::http::HttpOptions) -> Result<()> {
    let fetcher = crate::suppliers::http::Fetcher::new(http.clone())?;
    fetcher.post_json(
        &out.url,
        &out.auth,
        &out.po_no,
        &out.doc,
        &crate::progress::Silent,
    )
}

/// Records that the PO went to the supplier (`json`, `xlsx` or `pdf`).
pub fn mark_sent(w: &Writer, po_no: &str, via: &str) -> Result<()> {
    let (id, status) = po_id(w.tx, po_no)?;
    if !matches!(via, "json" | "xlsx" | "pdf") {
        return Err(CoreError::invalid("via", "json, xlsx or pdf"));
    }
    if status == "closed" {
        return Err(CoreError::refused(
            Refusal::PoClosed,
            &[("po", po_no.to_string()), ("po_status", "closed".into())],
            format!("{po_no} is closed"),
        ));
    }
    let now = shop_time::now();
    w.tx.execute(
        "UPDATE purchase_orders SET status = CASE WHEN status = 'draft' THEN 'sent' ELSE status END, sent_at = ?2, sent_via = ?3, updated_at = ?2 WHERE id = ?1",
        params![id, now, via],
    )?;
    crate::changelog::record(w.tx, w.session, "purchase_order", &id, "send", via)
}

/// Closes a PO: nothing more is expected (what is short stays short).
pub fn close(w: &Writer, po_no: &str) -> Result<()> {
    let (id, _) = po_id(w.tx, po_no)?;
    w.tx.execute(
        "UPDATE purchase_orders SET status = 'closed', updated_at = ?2 WHERE id = ?1",
        params![id, shop_time::now()],
    )?;
    crate::changelog::record(w.tx, w.session, "purchase_order", &id, "close", po_no)
}
