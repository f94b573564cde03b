//! Flash sales (限时抢购): a price for a time window; while one runs,
//! order entry charges it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;

/// The flash-sale price of a variant at `at`, if one runs then.
pub fn price(conn: &Connection, variant_id: &str, at: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT price_fen FROM flash_sales WHERE variant_id = ?1 AND starts_at <= ?2 AND ends_at > ?2
             ORDER BY price_fen LIMIT 1",
        )?
        .query_row(params![variant_id, at], |r| r.get(0))
        .optional()?)
}

/// A flash sale: `sku` at `price` from `starts` to `ends`, shop-local
/// times as people write them (`2026-12-12 20:00`).
pub fn add(
    w: &Writer,
    sku: &str,
    price: Money,
    starts: &str,
    ends: &str,
    campaign_id: Option<&str>,
) -> Result<String> {
    let at = |text: &str| {
        w.clock.parse_local(text).ok_or_else(|| {
            CoreError::refused(
                Refusal::NotATime,
                &[("text", text.to_string())],
                format!("not a time: {text:?}"),
            )
        })
    };
    let (starts, ends) = (at(starts)?, at(ends)?);
    let variant =
        crate::catalog::edit::variant_by_sku(w.tx, sku)?.ok_or_else(|| CoreError::NotFound {
            entity: "sku",
            key: sku.to_string(),
        })?;
    if ends <= starts || price.fen() < 0 {
        return Err(CoreError::refused(
            Refusal::EndsBeforeStarts,
            &[("what", "flash sale".into())],
            "a flash sale ends after it starts, at a price of 0 or more".into(),
        ));
    }
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO flash_sales(id, campaign_id, variant_id, price_fen, starts_at, ends_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, campaign_id, variant, price.fen(), starts, ends, shop_time::now()],
    )?;
    w.log("flash_sale", &id, "create", &format!("{sku} ¥{price}"))?;
    Ok(id)
}

/// A flash sale as the promotions tab lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FlashRow {
    pub sku: String,
    pub product: String,
    pub price: Money,
    pub list_price: Money,
    /// Shop-local times.
    pub starts: String,
    pub ends: String,
    /// `upcoming`, `running` or `over`.
    pub state: String,
}

/// Flash sales not over for more than a week, soonest first.
pub fn list(conn: &Connection, clock: &ShopClock) -> Result<Vec<FlashRow>> {
    let now = shop_time::now();
    let mut stmt = conn.prepare(
        "SELECT v.sku, p.name, f.price_fen, v.price_fen, f.starts_at, f.ends_at
         FROM flash_sales f JOIN variants v ON v.id = f.variant_id JOIN products p ON p.id = v.product_id
         WHERE f.ends_at > ?1 - 7 * 86400 ORDER BY f.starts_at",
    )?;
    let rows = stmt.query_map([now], |r| {
        let (starts, ends): (i64, i64) = (r.get(4)?, r.get(5)?);
        let state = if now < starts {
            "upcoming"
        } else if now < ends {
            "running"
        } else {
            "over"
        };
        Ok(FlashRow {
            sku: r.get(0)?,
            product: r.get(1)?,
            price: Money::from_fen(r.get(2)?),
            list_price: Money::from_fen(r.get(3)?),
            starts: clock.format(starts),
            ends: clock.format(ends),
            state: state.into(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
