//! What sync runs brought, for the merchant to review: the run log, the
//! changes (new items, cost up/down, out of stock, gone, with cost rises over
//! the threshold flagged), links between supplier items and the shop's SKUs,
//! each item's cost history, and suggested selling prices to apply or not.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::money::Money;
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;

#[derive(Debug, Clone, Serialize, TS)]
pub struct RunRow {
    pub id: String,
    pub supplier: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub status: String,
    pub seen: i32,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub changes: i32,
    pub error: Option<String>,
}

/// The newest runs first, of one supplier or all (`supplier_id` empty).
pub fn runs(
    conn: &Connection,
    clock: &ShopClock,
    supplier_id: &str,
    limit: u32,
) -> Result<Vec<RunRow>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, s.name, r.started_at, r.ended_at, r.status, r.seen, r.created, r.updated, r.unchanged,
                (SELECT count(*) FROM sync_changes c WHERE c.run_id = r.id), r.error
         FROM sync_runs r JOIN suppliers s ON s.id = r.supplier_id
         WHERE ?1 = '' OR r.supplier_id = ?1
         ORDER BY r.started_at DESC, r.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![supplier_id, limit], |r| {
        Ok(RunRow {
            id: r.get(0)?,
            supplier: r.get(1)?,
            started_at: clock.format(r.get(2)?),
            ended_at: r.get::<_, Option<i64>>(3)?.map(|t| clock.format(t)),
            status: r.get(4)?,
            seen: r.get(5)?,
            created: r.get(6)?,
            updated: r.get(7)?,
            unchanged: r.get(8)?,
            changes: r.get(9)?,
            error: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChangeRow {
    pub id: String,
    pub at: String,
    pub supplier: String,
    pub supplier_item_id: String,
    pub supplier_sku: String,
    pub title: String,
    /// `new`, `cost_up`, `cost_down`, `out_of_stock`, `back_in_stock`, `gone`.
    pub kind: String,
    pub old_cost: Option<Money>,
    pub new_cost: Option<Money>,
    /// The rise in basis points (1% = 100), for cost changes.
    pub change_bp: Option<i32>,
    pub flagged: bool,
    pub sku: Option<String>,
    pub reviewed: bool,
}

/// Changes not yet reviewed (or all of the last `limit`), flagged first.
pub fn list(
    conn: &Connection,
    clock: &ShopClock,
    include_reviewed: bool,
    limit: u32,
) -> Result<Vec<ChangeRow>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, r.started_at, s.name, i.id, i.supplier_sku, i.title, c.kind, c.old_cost_fen, c.new_cost_fen, c.flagged, v.sku, c.reviewed
         FROM sync_changes c JOIN sync_runs r ON r.id = c.run_id JOIN supplier_items i ON i.id = c.supplier_item_id
         JOIN suppliers s ON s.id = i.supplier_id LEFT JOIN variants v ON v.id = i.variant_id
         WHERE ?1 OR c.reviewed = 0
         ORDER BY c.reviewed, c.flagged DESC, r.started_at DESC, c.kind, i.title LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![include_reviewed, limit], |r| {
        let old: Option<i64> = r.get(7)?;
        let new: Option<i64> = r.get(8)?;
        Ok(ChangeRow {
            id: r.get(0)?,
            at: clock.format(r.get(1)?),
            supplier: r.get(2)?,
            supplier_item_id: r.get(3)?,
            supplier_sku: r.get(4)?,
            title: r.get(5)?,
            kind: r.get(6)?,
            old_cost: old.map(Money::from_fen),
            new_cost: new.map(Money::from_fen),
            change_bp: match (old, new) {
                (Some(o), Some(n)) if o > 0 && o != n => Some(((n - o) * 10_000 / o) as i32),
                _ => None,
            },
            flagged: r.get(9)?,
            sku: r.get(10)?,
            reviewed: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks changes as seen (all open ones when `ids` is empty).
pub fn mark_reviewed(w: &Writer, ids: &[String]) -> Result<usize> {
    if ids.is_empty() {
        return Ok(w.tx.execute(
            "UPDATE sync_changes SET reviewed = 1 WHERE reviewed = 0",
            [],
        )?);
    }
    let mut n = 0;
    let mut stmt =
        w.tx.prepare("UPDATE sync_changes SET reviewed = 1 WHERE id = ?1")?;
    for id in ids {
        n += stmt.execute([id])?;
    }
    Ok(n)
}

/// Links a supplier item to the shop's SKU by hand (or unlinks it with an
/// empty `sku`); the shop's cost follows from the next sync, or now.
pub fn link(w: &Writer, supplier_item_id: &str, sku: &str) -> Result<()> {
    let (old_variant, supplier_sku): (Option<String>, String) =
        w.tx.query_row(
            "SELECT variant_id, supplier_sku FROM supplier_items WHERE id = ?1",
            [supplier_item_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "supplier item",
            key: supplier_item_id.into(),
        })?;
    let variant: Option<String> = match sku.trim() {
        "" => None,
        s => Some(
            w.tx.query_row("SELECT id FROM variants WHERE sku = ?1", [s], |r| r.get(0))
                .optional()?
                .ok_or_else(|| CoreError::NotFound {
                    entity: "SKU",
                    key: s.into(),
                })?,
        ),
    };
    w.tx.execute(
        "UPDATE supplier_items SET variant_id = ?2, linked_by = CASE WHEN ?2 IS NULL THEN NULL ELSE 'hand' END WHERE id = ?1",
        params![supplier_item_id, variant],
    )?;
    let summary = format!(
        "{supplier_sku} → {}",
        if sku.trim().is_empty() {
            "-"
        } else {
            sku.trim()
        }
    );
    crate::changelog::record(
        w.tx,
        w.session,
        "supplier_item",
        supplier_item_id,
        "link",
        &summary,
    )?;
    // The variant it now supplies, and the one it left, follow their
    // linked items by the same rule as a sync.
    let now = shop_time::now();
    for v in [variant, old_variant].into_iter().flatten() {
        super::apply::follow_cost(w.tx, &v, now)?;
    }
    Ok(())
}

/// Sets the pack size the supplier sells an item in (a feed that says none
/// keeps what the merchant set; one that does says it each sync).
pub fn set_pack_size(w: &Writer, supplier_item_id: &str, pack: i64) -> Result<()> {
    if !(1..=100_000).contains(&pack) {
        return Err(CoreError::refused(
            Refusal::PackSizeTooSmall,
            &[],
            "a pack holds at least one".into(),
        ));
    }
    let n = w.tx.execute(
        "UPDATE supplier_items SET pack_size = ?2 WHERE id = ?1",
        params![supplier_item_id, pack],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound {
            entity: "supplier item",
            key: supplier_item_id.into(),
        });
    }
    crate::changelog::record(
        w.tx,
        w.session,
        "supplier_item",
        supplier_item_id,
        "pack_size",
        &pack.to_string(),
    )
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CostPoint {
    pub at: String,
    pub cost: Money,
}

/// An item's costs as the runs saw them, oldest first.
pub fn cost_history(
    conn: &Connection,
    clock: &ShopClock,
    supplier_item_id: &str,
) -> Result<Vec<CostPoint>> {
    let mut stmt = conn.prepare("SELECT seen_at, cost_fen FROM supplier_item_costs WHERE supplier_item_id = ?1 ORDER BY seen_at, id")?;
    let rows = stmt.query_map([supplier_item_id], |r| {
        Ok(CostPoint {
            at: clock.format(r.get(0)?),
            cost: Money::from_fen(r.get(1)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PriceSuggestion {
    pub id: String,
    pub sku: String,
    pub title: String,
    pub supplier: String,
    pub old_cost: Money,
    pub new_cost: Money,
    pub price: Money,
    pub suggested: Money,
    pub at: String,
}

/// Suggested selling prices waiting for the merchant.
pub fn suggestions(conn: &Connection, clock: &ShopClock) -> Result<Vec<PriceSuggestion>> {
    let mut stmt = conn.prepare(
        "SELECT g.id, v.sku, p.name || CASE WHEN v.options = '' THEN '' ELSE ' ' || v.options END, s.name,
                g.old_cost_fen, g.new_cost_fen, g.price_fen, g.suggested_fen, g.created_at
         FROM price_suggestions g JOIN variants v ON v.id = g.variant_id JOIN products p ON p.id = v.product_id
         JOIN supplier_items i ON i.id = g.supplier_item_id JOIN suppliers s ON s.id = i.supplier_id
         WHERE g.status = 'pending' ORDER BY g.created_at DESC, v.sku",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PriceSuggestion {
            id: r.get(0)?,
            sku: r.get(1)?,
            title: r.get(2)?,
            supplier: r.get(3)?,
            old_cost: Money::from_fen(r.get(4)?),
            new_cost: Money::from_fen(r.get(5)?),
            price: Money::from_fen(r.get(6)?),
            suggested: Money::from_fen(r.get(7)?),
            at: clock.format(r.get(8)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Applies a suggestion (the merchant's decision: possibly another price
/// than suggested) or dismisses it (`price` none).
pub fn decide(w: &Writer, suggestion_id: &str, price: Option<Money>) -> Result<()> {
    let variant: String =
        w.tx.query_row(
            "SELECT variant_id FROM price_suggestions WHERE id = ?1 AND status = 'pending'",
            [suggestion_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "price suggestion",
            key: suggestion_id.into(),
        })?;
    let now = shop_time::now();
    let status = match price {
        Some(p) if p <= Money::ZERO => {
            return Err(CoreError::refused(
                Refusal::PriceNotPositive,
                &[],
                "a selling price must be above zero".into(),
            ))
        }
        Some(p) => {
            crate::catalog::edit::set_price(w.tx, &variant, p, "按成本调价", now)?;
            "applied"
        }
        None => "dismissed",
    };
    w.tx.execute(
        "UPDATE price_suggestions SET status = ?2, decided_at = ?3 WHERE id = ?1",
        params![suggestion_id, status, now],
    )?;
    crate::changelog::record(
        w.tx,
        w.session,
        "variant",
        &variant,
        "price_suggestion",
        status,
    )?;
    Ok(())
}

/// The cost rise (basis points) above which a change is flagged.
pub fn cost_rise_threshold(conn: &Connection) -> Result<i64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = ?1",
            [crate::suppliers::sync::COST_RISE_SETTING],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok())
        .unwrap_or(crate::suppliers::sync::DEFAULT_COST_RISE_BP))
}

pub fn set_cost_rise_threshold(w: &Writer, bp: i64) -> Result<()> {
    if !(0..=100_000).contains(&bp) {
        return Err(CoreError::refused(
            Refusal::ThresholdOutOfRange,
            &[],
            "between 0% and 1000%".into(),
        ));
    }
    w.tx.execute(
        "INSERT INTO shop_settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![crate::suppliers::sync::COST_RISE_SETTING, bp.to_string()],
    )?;
    Ok(())
}
