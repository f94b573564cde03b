//! Stock changes a person makes: receiving goods, writing off damage,
//! correcting by hand with a reason, moving between locations, and the
//! stocktake (盘点) that posts every counted difference as one batch.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{batches, main_location, record, Movement, Reason};
use crate::catalog::sold_by::SoldBy;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::shop_time;
use crate::store::Writer;

/// A variant as a scan or a typed code finds it, with its stock here.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Found {
    pub variant_id: String,
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    pub options: String,
    pub price: crate::Money,
    /// By the piece, or by weight (stock in grams, the price per unit).
    pub sold_by: SoldBy,
    #[ts(type = "number")]
    pub on_hand: i64,
    #[ts(type = "number")]
    pub committed: i64,
}

/// The variant whose SKU or barcode is `code` (exact, case-insensitive for
/// SKUs), with its stock at `location` (the main one by default).
pub fn find(conn: &Connection, code: &str, location: Option<&str>) -> Result<Option<Found>> {
    let location = match location {
        Some(l) => l.to_string(),
        None => main_location(conn)?,
    };
    Ok(conn
        .prepare_cached(
            "SELECT v.id, v.sku, v.barcode, p.name, v.options,
                    COALESCE(s.on_hand, 0), COALESCE(s.committed, 0), v.price_fen, v.sold_by
             FROM variants v JOIN products p ON p.id = v.product_id
             LEFT JOIN stock_levels s ON s.variant_id = v.id AND s.location_id = ?2
             WHERE v.barcode = ?1 OR v.sku = ?1 COLLATE NOCASE
             ORDER BY v.barcode = ?1 DESC LIMIT 1",
        )?
        .query_row(params![code.trim(), location], |r| {
            Ok(Found {
                variant_id: r.get(0)?,
                sku: r.get(1)?,
                barcode: r.get(2)?,
                name: r.get(3)?,
                options: r.get(4)?,
                on_hand: r.get(5)?,
                committed: r.get(6)?,
                price: crate::Money::from_fen(r.get(7)?),
                sold_by: SoldBy::from_code(&r.get::<_, String>(8)?),
            })
        })
        .optional()?)
}

fn found(conn: &Connection, sku: &str, location: &str) -> Result<Found> {
    find(conn, sku, Some(location))?.ok_or_else(|| CoreError::NotFound {
        entity: "sku",
        key: sku.to_string(),
    })
}

/// A stock change typed by a person.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct Change {
    pub sku: String,
    /// Positive adds to the shelf, negative takes away.
    #[ts(type = "number")]
    pub qty: i64,
    /// `receipt`, `adjustment` or `damage`.
    pub reason: String,
    pub note: String,
    pub location_id: Option<String>,
    /// Goods received with a best-before date (`YYYY-MM-DD`) are a batch.
    #[serde(default)]
    pub expires_on: Option<String>,
    /// The received batch's label (批次号), if it has one.
    #[serde(default)]
    pub batch: Option<String>,
    /// Damage written off from this batch (the 临期 list's), rather than
    /// from the earliest to expire.
    #[serde(default)]
    pub batch_id: Option<String>,
}

/// Posts one change; the shelf never goes below zero by hand.
pub fn change(w: &Writer, c: &Change) -> Result<i64> {
    let reason = Reason::parse(&c.reason)
        .filter(|r| matches!(r, Reason::Receipt | Reason::Adjustment | Reason::Damage))
        .ok_or_else(|| {
            CoreError::invalid(
                "reason",
                format!("{:?} is not receipt, adjustment or damage", c.reason),
            )
        })?;
    let qty = match reason {
        Reason::Damage => -c.qty.abs(),
        Reason::Receipt => c.qty.abs(),
        _ => c.qty,
    };
    if qty == 0 {
        return Err(CoreError::refused(
            Refusal::ZeroChange,
            &[],
            "a change of zero changes nothing".into(),
        ));
    }
    if qty.abs() > crate::limits::MAX_STOCK {
        return Err(CoreError::refused(
            Refusal::StockOutOfRange,
            &[("max", crate::limits::MAX_STOCK.to_string())],
            format!("a change is at most {}", crate::limits::MAX_STOCK),
        ));
    }
    if reason == Reason::Adjustment && c.note.trim().is_empty() {
        return Err(CoreError::refused(
            Refusal::AdjustmentNeedsReason,
            &[],
            "an adjustment needs a reason".into(),
        ));
    }
    let location = match &c.location_id {
        Some(l) => l.clone(),
        None => main_location(w.tx)?,
    };
    let f = found(w.tx, &c.sku, &location)?;
    if f.on_hand + qty < 0 {
        return Err(CoreError::refused(
            Refusal::NotEnoughOnHand,
            &[("sku", f.sku.clone()), ("on_hand", f.on_hand.to_string())],
            format!("{}: only {} on hand", f.sku, f.on_hand),
        ));
    }
    let now = shop_time::now();
    let batch = batch_of(w, c, reason, &f, &location, qty, now)?;
    let m = Movement {
        variant_id: &f.variant_id,
        location_id: &location,
        qty,
        reason,
        ref_type: None,
        ref_id: None,
        note: c.note.trim(),
        at: now,
        batch_id: batch.as_deref(),
    };
    record(w.tx, &m, &ids::new_id())?;
    w.log(
        "stock",
        &f.variant_id,
        reason.as_str(),
        &format!("{} {qty:+} {}", f.sku, c.note.trim()),
    )?;
    Ok(f.on_hand + qty)
}

/// The note a write-off of expired goods carries (the ledger's reason is
/// `damage` either way); the dashboard's waste counts these apart.
pub const EXPIRED: &str = "过期";
/// The note of goods written off as damaged.
pub const DAMAGED: &str = "损耗";

/// Goods written off, expired or damaged: from batch `batch_id` when
/// given, else from the earliest to expire.
pub fn writeoff(sku: &str, qty: i64, expired: bool, batch_id: Option<String>) -> Change {
    Change {
        sku: sku.to_string(),
        qty,
        reason: Reason::Damage.as_str().into(),
        note: if expired { EXPIRED } else { DAMAGED }.into(),
        batch_id,
        ..Default::default()
    }
}

/// The batch a change moves: the one received with a best-before date, or
/// the one damage is written off from (which must hold that much).
fn batch_of(
    w: &Writer,
    c: &Change,
    reason: Reason,
    f: &Found,
    location: &str,
    qty: i64,
    now: i64,
) -> Result<Option<String>> {
    let expires = c.expires_on.as_deref().filter(|e| !e.trim().is_empty());
    let label = c.batch.as_deref().unwrap_or("").trim();
    match (reason, expires, c.batch_id.as_deref()) {
        (Reason::Receipt, Some(day), None) => {
            let arriving = batches::Arriving {
                variant_id: &f.variant_id,
                location_id: location,
                label,
                expires_on: batches::expiry_day(day)?,
                received_on: w.clock.business_day(now),
                at: now,
            };
            Ok(Some(batches::batch_for(w.tx, &arriving)?))
        }
        (Reason::Damage, None, Some(batch)) => {
            let left: Option<i64> = w
                .tx
                .query_row(
                    "SELECT qty_left FROM stock_batches WHERE id = ?1 AND variant_id = ?2 AND location_id = ?3",
                    params![batch, f.variant_id, location],
                    |r| r.get(0),
                )
                .optional()?;
            match left {
                Some(left) if left >= -qty => Ok(Some(batch.to_string())),
                _ => Err(CoreError::refused(
                    Refusal::NotEnoughOnHand,
                    &[("sku", f.sku.clone()), ("on_hand", left.unwrap_or(0).to_string())],
                    format!("{}: the batch holds {}", f.sku, left.unwrap_or(0)),
                )),
            }
        }
        (_, None, None) if label.is_empty() => Ok(None),
        _ => Err(CoreError::invalid(
            "batch",
            "a best-before date and batch go with goods received; a batch id with damage written off",
        )),
    }
}

/// Moves goods between two locations as a pair of movements.
pub fn transfer(w: &Writer, sku: &str, from: &str, to: &str, qty: i64, note: &str) -> Result<()> {
    if qty <= 0 || qty > crate::limits::MAX_STOCK || from == to {
        return Err(CoreError::refused(
            Refusal::BadTransfer,
            &[],
            "a transfer moves a positive quantity between two places".into(),
        ));
    }
    let f = found(w.tx, sku, from)?;
    if f.on_hand < qty {
        return Err(CoreError::refused(
            Refusal::NotEnoughOnHand,
            &[("sku", sku.to_string()), ("on_hand", f.on_hand.to_string())],
            format!("{sku}: only {} at the source", f.on_hand),
        ));
    }
    let at = shop_time::now();
    let id = ids::new_id();
    for (location, delta, reason) in [
        (from, -qty, Reason::TransferOut),
        (to, qty, Reason::TransferIn),
    ] {
        let m = Movement {
            variant_id: &f.variant_id,
            location_id: location,
            qty: delta,
            reason,
            ref_type: Some("transfer"),
            ref_id: Some(&id),
            note,
            at,
            batch_id: None,
        };
        record(w.tx, &m, &ids::new_id())?;
    }
    w.log("stock", &f.variant_id, "transfer", &format!("{sku} {qty}"))
}

/// One counted line of a stocktake.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct Counted {
    pub sku: String,
    #[ts(type = "number")]
    pub counted: i64,
}

/// What a stocktake found for a variant: on-hand in the books, counted,
/// and the adjustment posted (counted − on-hand).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Variance {
    pub sku: String,
    pub name: String,
    #[ts(type = "number")]
    pub on_hand: i64,
    #[ts(type = "number")]
    pub counted: i64,
    #[ts(type = "number")]
    pub variance: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Stocktake {
    pub id: String,
    pub lines: Vec<Variance>,
    /// Sum of the adjustments (negative: goods missing).
    #[ts(type = "number")]
    pub net: i64,
}

/// Posts a count: every line whose count differs from the books becomes
/// an adjustment with the reason, all in one transaction. A SKU counted
/// twice (two shelves) is summed.
pub fn stocktake(
    w: &Writer,
    counts: &[Counted],
    reason: &str,
    location: Option<&str>,
) -> Result<Stocktake> {
    if reason.trim().is_empty() {
        return Err(CoreError::refused(
            Refusal::StocktakeNeedsReason,
            &[],
            "a stocktake needs a reason".into(),
        ));
    }
    let location = match location {
        Some(l) => l.to_string(),
        None => main_location(w.tx)?,
    };
    let mut totals: Vec<(String, i64)> = Vec::new();
    for c in counts {
        if !(0..=crate::limits::MAX_STOCK).contains(&c.counted) {
            return Err(CoreError::refused(
                Refusal::CountOutOfRange,
                &[
                    ("sku", c.sku.clone()),
                    ("max", crate::limits::MAX_STOCK.to_string()),
                ],
                format!("{}: a count is 0 to {}", c.sku, crate::limits::MAX_STOCK),
            ));
        }
        let sku = found(w.tx, &c.sku, &location)?.sku;
        match totals.iter_mut().find(|(s, _)| *s == sku) {
            Some((_, n)) => *n += c.counted,
            None => totals.push((sku, c.counted)),
        }
    }
    let id = ids::new_id();
    let at = shop_time::now();
    let mut lines = Vec::new();
    for (sku, counted) in totals {
        let f = found(w.tx, &sku, &location)?;
        let variance = counted - f.on_hand;
        if variance != 0 {
            let m = Movement {
                variant_id: &f.variant_id,
                location_id: &location,
                qty: variance,
                reason: Reason::Adjustment,
                ref_type: Some("stocktake"),
                ref_id: Some(&id),
                note: reason.trim(),
                at,
                batch_id: None,
            };
            record(w.tx, &m, &ids::new_id())?;
        }
        lines.push(Variance {
            name: format!("{} {}", f.name, f.options).trim().to_string(),
            sku,
            on_hand: f.on_hand,
            counted,
            variance,
        });
    }
    let net = lines.iter().map(|l| l.variance).sum();
    let adjusted = lines.iter().filter(|l| l.variance != 0).count() as i64;
    w.tx.execute(
        "INSERT INTO stocktakes(id, location_id, reason, counted, adjusted, posted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, location, reason.trim(), lines.len() as i64, adjusted, at],
    )?;
    w.log(
        "stocktake",
        &id,
        "post",
        &format!("{} / {adjusted} {net:+} {}", lines.len(), reason.trim()),
    )?;
    Ok(Stocktake { id, lines, net })
}
