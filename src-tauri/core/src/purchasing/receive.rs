//! Receiving a delivery against its PO: each scanned or typed code (the
//! shop's SKU or barcode, or the supplier's SKU) with the count that arrived;
//! stock movements are posted in the same transaction, the PO becomes partly
//! received or received, and the supplier's invoice is kept for the check.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::orders::{self, po_id, PoDetail};
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::shop_time;
use crate::stock::{self, batches, Movement, Reason};
use crate::store::Writer;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Arrived {
    /// The shop's SKU or barcode, or the supplier's SKU.
    pub code: String,
    pub qty: i32,
    /// Best before (`YYYY-MM-DD`): the goods are a batch, labelled with
    /// the PO's number.
    #[serde(default)]
    pub expires_on: Option<String>,
}

/// A receipt needs goods or an invoice, and goods a PO still expecting them.
fn refuse_unless_expected(
    po_no: &str,
    status: &str,
    arrived: &[Arrived],
    invoice: Option<Money>,
) -> Result<()> {
    if status == "closed" || status == "received" && !arrived.is_empty() {
        return Err(CoreError::refused(
            Refusal::PoClosed,
            &[("po", po_no.to_string()), ("po_status", status.to_string())],
            format!("{po_no} is {status}; nothing more is expected"),
        ));
    }
    if arrived.is_empty() && invoice.is_none() {
        return Err(CoreError::refused(
            Refusal::NothingReceived,
            &[],
            "nothing received and no invoice".into(),
        ));
    }
    Ok(())
}

/// The receipt goods are posted under.
struct Receipt<'a> {
    po_id: &'a str,
    po_no: &'a str,
    id: &'a str,
    location: &'a str,
    at: i64,
}

/// One PO line's goods in: the receipt line and the stock movement, into
/// a batch when they came with a best-before date.
fn receive_line(w: &Writer, r: &Receipt, a: &Arrived) -> Result<()> {
    if a.qty <= 0 {
        return Err(CoreError::refused(
            Refusal::QtyNotPositive,
            &[("sku", a.code.clone())],
            format!("{}: the count must be above zero", a.code),
        ));
    }
    let (line, variant) = find_line(w, r.po_id, &a.code)?;
    w.tx.execute(
        "INSERT INTO receipt_lines(id, receipt_id, po_line_id, variant_id, qty) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ids::new_id(), r.id, line, variant, a.qty],
    )?;
    let batch = match a.expires_on.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(day) => {
            let arriving = batches::Arriving {
                variant_id: &variant,
                location_id: r.location,
                label: r.po_no,
                expires_on: batches::expiry_day(day)?,
                received_on: w.clock.business_day(r.at),
                at: r.at,
            };
            Some(batches::batch_for(w.tx, &arriving)?)
        }
        None => None,
    };
    let m = Movement {
        variant_id: &variant,
        location_id: r.location,
        qty: a.qty as i64,
        reason: Reason::Receipt,
        ref_type: Some("receipt"),
        ref_id: Some(r.id),
        note: r.po_no,
        at: r.at,
        batch_id: batch.as_deref(),
    };
    stock::record(w.tx, &m, &ids::new_id())
}

/// Posts a receipt against `po_no`; returns the PO as it now stands.
pub fn receive(
    w: &Writer,
    po_no: &str,
    arrived: &[Arrived],
    invoice: Option<Money>,
    note: &str,
) -> Result<PoDetail> {
    let (id, status) = po_id(w.tx, po_no)?;
    refuse_unless_expected(po_no, &status, arrived, invoice)?;
    let now = shop_time::now();
    if !arrived.is_empty() {
        let location = stock::main_location(w.tx)?;
        let receipt = ids::new_id();
        w.tx.execute("INSERT INTO receipts(id, po_id, location_id, received_at, note) VALUES (?1, ?2, ?3, ?4, ?5)", params![receipt, id, location, now, note.trim()])?;
        for a in arrived {
            receive_line(
                w,
                &Receipt {
                    po_id: &id,
                    po_no,
                    id: &receipt,
                    location: &location,
                    at: now,
                },
                a,
            )?;
        }
        let short: bool = w.tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM po_lines pl WHERE pl.po_id = ?1 AND pl.qty > coalesce((SELECT sum(qty) FROM receipt_lines rl WHERE rl.po_line_id = pl.id), 0))",
            [&id],
            |r| r.get(0),
        )?;
        w.tx.execute(
            "UPDATE purchase_orders SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, if short { "partly_received" } else { "received" }, now],
        )?;
        crate::changelog::record(
            w.tx,
            w.session,
            "purchase_order",
            &id,
            "receive",
            &format!("{} lines", arrived.len()),
        )?;
    }
    if let Some(inv) = invoice {
        if inv < Money::ZERO {
            return Err(CoreError::refused(
                Refusal::NegativeInvoice,
                &[],
                "an invoice cannot be negative".into(),
            ));
        }
        w.tx.execute(
            "UPDATE purchase_orders SET invoice_fen = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, inv.fen(), now],
        )?;
    }
    orders::detail(w.tx, w.clock, po_no)
}

/// The PO line a code belongs to, and its variant; a code of the shop's
/// that is not on the PO is received as an extra (no line).
fn find_line(w: &Writer, po: &str, code: &str) -> Result<(Option<String>, String)> {
    let code = code.trim();
    let on_po: Option<(String, String)> = w
        .tx
        .prepare_cached(
            "SELECT pl.id, pl.variant_id FROM po_lines pl JOIN variants v ON v.id = pl.variant_id
             LEFT JOIN supplier_items i ON i.id = pl.supplier_item_id
             WHERE pl.po_id = ?1 AND (v.sku = ?2 OR v.barcode = ?2 OR i.supplier_sku = ?2 OR i.barcode = ?2)
             ORDER BY pl.id LIMIT 1",
        )?
        .query_row(params![po, code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((line, variant)) = on_po {
        return Ok((Some(line), variant));
    }
    let variant: String =
        w.tx.query_row(
            "SELECT id FROM variants WHERE sku = ?1 OR barcode = ?1",
            [code],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "SKU or barcode",
            key: code.into(),
        })?;
    Ok((None, variant))
}
