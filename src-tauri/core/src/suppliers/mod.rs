//! Suppliers and what they offer: each one's feed (Shopify, WooCommerce,
//! generic JSON or CSV/XLSX at a URL), its schedule, the sync runs that keep
//! its items and costs current, and the changes each run brought for the
//! merchant to review. Purchasing from them is `crate::purchasing`.

mod apply;
pub mod changes;
pub mod credentials;
pub mod feeds;
pub mod http;
#[cfg(test)]
mod http_tests;
pub mod loopback;
pub mod schedule;
pub mod sync;
#[cfg(test)]
mod tests;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::money::Money;
use crate::shop_time::ShopClock;
use crate::store::{Store, Writer};

pub use feeds::{FeedKind, FeedMapping};
pub use schedule::Schedule;

/// How a supplier's feed is signed in to: nothing, a token in a header,
/// or basic authentication.
pub const AUTH_KINDS: &[&str] = &["none", "token", "basic"];

#[derive(Debug, Clone, Serialize, TS)]
pub struct SupplierRow {
    pub id: String,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub lead_days: i32,
    pub min_order: Money,
    pub feed_kind: Option<String>,
    pub feed_url: Option<String>,
    /// `every 6h`, `daily 06:00`, or none (synced by hand only).
    pub schedule: Option<String>,
    #[ts(type = "AuthKind")]
    pub auth_kind: String,
    pub auth_name: String,
    pub mapping: Option<FeedMapping>,
    pub po_url: Option<String>,
    pub items: i32,
    pub linked: i32,
    pub last_sync: Option<String>,
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    /// When the scheduler runs it next (shop time), if it has a schedule.
    pub next_sync: Option<String>,
}

/// What the merchant fills in for a supplier; the secret (token or
/// password) goes to the keychain, never here.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct SupplierInput {
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub lead_days: i32,
    pub min_order: Money,
    pub feed_kind: Option<String>,
    pub feed_url: Option<String>,
    /// `6h`, `30m`, `1d`, `daily 06:00`, or empty for by hand only.
    pub schedule: String,
    /// `none`, `token` (a header carrying the secret) or `basic`.
    #[ts(type = "AuthKind")]
    pub auth_kind: String,
    /// The token's header name (`Authorization`, `X-Api-Key`), or the user.
    pub auth_name: String,
    pub mapping: Option<FeedMapping>,
    pub po_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SupplierItemRow {
    pub id: String,
    pub supplier: String,
    pub supplier_sku: String,
    pub title: String,
    pub cost: Money,
    pub pack_size: i32,
    pub available: bool,
    pub stock: Option<i32>,
    pub barcode: Option<String>,
    /// The shop's own SKU this item supplies, when linked.
    pub sku: Option<String>,
    /// How the link was made: `sku`, `barcode` or `hand`.
    pub linked_by: Option<String>,
}

/// Registers a supplier or updates the one of the same name.
pub fn save(w: &Writer, input: &SupplierInput) -> Result<String> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "supplier".into())],
            "a supplier needs a name".into(),
        ));
    }
    let kind = match input.feed_kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(FeedKind::parse(k)?),
        None => None,
    };
    let url = input
        .feed_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(u) = url {
        http::check_url(u)?;
    }
    if kind.is_some() != url.is_some() {
        return Err(CoreError::refused(
            Refusal::FeedIncomplete,
            &[],
            "a feed needs both its kind and its URL".into(),
        ));
    }
    if kind == Some(FeedKind::Json) && input.mapping.as_ref().is_none_or(|m| m.sku.is_empty()) {
        return Err(CoreError::refused(
            Refusal::FeedNeedsMapping,
            &[],
            "a generic JSON feed needs a field mapping (at least SKU and cost)".into(),
        ));
    }
    let schedule = Schedule::parse(&input.schedule)?;
    let auth = match input.auth_kind.as_str() {
        "" | "none" => "none",
        "token" | "basic" if !input.auth_name.trim().is_empty() => input.auth_kind.as_str(),
        "token" | "basic" => {
            return Err(CoreError::refused(
                Refusal::AuthNameRequired,
                &[],
                "name the header (token) or the user (basic)".into(),
            ))
        }
        other => {
            return Err(CoreError::invalid(
                "auth_kind",
                format!("none, token or basic, not {other:?}"),
            ))
        }
    };
    if input.lead_days < 0 || input.min_order < Money::ZERO {
        return Err(CoreError::refused(
            Refusal::NegativeLeadTime,
            &[],
            "lead time and minimum order cannot be negative".into(),
        ));
    }
    let po_url = input
        .po_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(u) = po_url {
        http::check_url(u)?;
    }
    let mapping = input
        .mapping
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| CoreError::invalid("mapping", e.to_string()))?;
    let existing: Option<String> =
        w.tx.query_row("SELECT id FROM suppliers WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    let id = existing.clone().unwrap_or_else(crate::ids::new_id);
    let (every, daily) = schedule.map(|s| s.columns()).unwrap_or((None, None));
    w.tx.execute(
        "INSERT INTO suppliers(id, name, contact, phone, email, lead_days, min_order_fen, feed_kind, feed_url,
                               every_minutes, daily_at, auth_kind, auth_name, mapping, po_url, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT(id) DO UPDATE SET contact = excluded.contact, phone = excluded.phone, email = excluded.email,
           lead_days = excluded.lead_days, min_order_fen = excluded.min_order_fen, feed_kind = excluded.feed_kind,
           feed_url = excluded.feed_url, every_minutes = excluded.every_minutes, daily_at = excluded.daily_at,
           auth_kind = excluded.auth_kind, auth_name = excluded.auth_name, mapping = excluded.mapping, po_url = excluded.po_url",
        params![
            id, name, input.contact.trim(), input.phone.trim(), input.email.trim(), input.lead_days, input.min_order.fen(),
            kind.map(FeedKind::as_str), url, every, daily, auth, input.auth_name.trim(), mapping, po_url, crate::shop_time::now()
        ],
    )?;
    let action = if existing.is_some() {
        "update"
    } else {
        "create"
    };
    crate::changelog::record(w.tx, w.session, "supplier", &id, action, name)?;
    Ok(id)
}

/// Saves a supplier and its secret as one, for the app and the CLI alike:
/// the secret goes to the OS keychain inside the same transaction, so a
/// keychain that refuses it leaves no supplier half set up; auth set back to
/// none forgets the secret kept before.
pub fn save_with_secret(
    store: &mut Store,
    input: &SupplierInput,
    secret: Option<&str>,
) -> Result<String> {
    store.write(|w| {
        let id = save(w, input)?;
        match secret.filter(|s| !s.is_empty()) {
            Some(s) => credentials::store(&id, s)?,
            None if matches!(input.auth_kind.as_str(), "" | "none") => credentials::forget(&id)?,
            None => {}
        }
        Ok(id)
    })
}

/// The supplier called `name`, as its id.
pub fn find(conn: &Connection, name: &str) -> Result<String> {
    conn.query_row(
        "SELECT id FROM suppliers WHERE name = ?1",
        [name.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "supplier",
        key: name.to_string(),
    })
}

pub fn list(conn: &Connection, clock: &ShopClock) -> Result<Vec<SupplierRow>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.name, s.contact, s.phone, s.email, s.lead_days, s.min_order_fen, s.feed_kind, s.feed_url,
                s.every_minutes, s.daily_at, s.auth_kind, s.auth_name, s.mapping, s.po_url,
                (SELECT count(*) FROM supplier_items i WHERE i.supplier_id = s.id AND i.gone = 0),
                (SELECT count(*) FROM supplier_items i WHERE i.supplier_id = s.id AND i.gone = 0 AND i.variant_id IS NOT NULL),
                r.started_at, r.status, r.error
         FROM suppliers s LEFT JOIN sync_runs r ON r.id = (
           SELECT id FROM sync_runs x WHERE x.supplier_id = s.id ORDER BY started_at DESC, id DESC LIMIT 1)
         ORDER BY s.name",
    )?;
    let now = crate::shop_time::now();
    let rows = stmt.query_map([], |r| {
        let schedule =
            Schedule::from_columns(r.get(9)?, r.get::<_, Option<String>>(10)?.as_deref());
        let mapping: Option<String> = r.get(13)?;
        let last_at: Option<i64> = r.get(17)?;
        let last_status: Option<String> = r.get(18)?;
        let next = schedule.map(|s| {
            s.next_due(last_at, last_status.as_deref(), now, clock)
                .max(now)
        });
        Ok(SupplierRow {
            id: r.get(0)?,
            name: r.get(1)?,
            contact: r.get(2)?,
            phone: r.get(3)?,
            email: r.get(4)?,
            lead_days: r.get(5)?,
            min_order: Money::from_fen(r.get(6)?),
            feed_kind: r.get(7)?,
            feed_url: r.get(8)?,
            schedule: schedule.map(|s| s.to_string()),
            auth_kind: r.get(11)?,
            auth_name: r.get(12)?,
            mapping: mapping.and_then(|m| serde_json::from_str(&m).ok()),
            po_url: r.get(14)?,
            items: r.get(15)?,
            linked: r.get(16)?,
            last_sync: last_at.map(|t| clock.format(t)),
            last_status,
            last_error: r.get(19)?,
            next_sync: next.map(|t| clock.format(t)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Items of one supplier (by id), or of all when `supplier_id` is empty.
pub fn items(conn: &Connection, supplier_id: &str) -> Result<Vec<SupplierItemRow>> {
    let mut stmt = conn.prepare(
        "SELECT i.id, s.name, i.supplier_sku, i.title, i.cost_fen, i.pack_size, i.available, i.stock, i.barcode, v.sku, i.linked_by
         FROM supplier_items i JOIN suppliers s ON s.id = i.supplier_id
         LEFT JOIN variants v ON v.id = i.variant_id
         WHERE i.gone = 0 AND (?1 = '' OR i.supplier_id = ?1)
         ORDER BY s.name, i.title, i.supplier_sku",
    )?;
    let rows = stmt.query_map([supplier_id], |r| {
        Ok(SupplierItemRow {
            id: r.get(0)?,
            supplier: r.get(1)?,
            supplier_sku: r.get(2)?,
            title: r.get(3)?,
            cost: Money::from_fen(r.get(4)?),
            pack_size: r.get(5)?,
            available: r.get(6)?,
            stock: r.get(7)?,
            barcode: r.get(8)?,
            sku: r.get(9)?,
            linked_by: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
