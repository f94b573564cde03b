//! Batches (批次) and best-before dates (保质期): goods received with a date
//! are a batch; what is left of it is the sum of its movements (cached in
//! `qty_left`). Goods leave the shelf earliest-expiring first (FEFO), and
//! the 临期 list shows what expires within a few days, with its value.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::catalog::sold_by::SoldBy;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;

/// Goods coming in with a best-before date.
pub struct Arriving<'a> {
    pub variant_id: &'a str,
    pub location_id: &'a str,
    /// The batch's label; empty for none.
    pub label: &'a str,
    pub expires_on: NaiveDate,
    /// The business day they come in, and the moment.
    pub received_on: NaiveDate,
    pub at: i64,
}

/// The batch the goods join: the one of the same variant, place, label
/// and best-before date, made the first time such goods come in.
pub fn batch_for(conn: &Connection, a: &Arriving) -> Result<String> {
    batch_or_new(conn, a, ids::new_id)
}

/// [`batch_for`], naming a new batch with `new_id`: the demo's ids come
/// from its seed, so the same seed makes the same shop.
pub(crate) fn batch_or_new(
    conn: &Connection,
    a: &Arriving,
    new_id: impl FnOnce() -> String,
) -> Result<String> {
    let Arriving {
        variant_id,
        location_id,
        label,
        expires_on,
        received_on,
        at,
    } = *a;
    let found: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM stock_batches WHERE variant_id = ?1 AND location_id = ?2 AND batch = ?3 AND expires_on = ?4",
        )?
        .query_row(params![variant_id, location_id, label, expires_on.to_string()], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO stock_batches(id, variant_id, location_id, batch, expires_on, received_on, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![id, variant_id, location_id, label, expires_on.to_string(), received_on.to_string(), at])?;
    Ok(id)
}

/// How `qty` taken off the shelf splits across the batches holding goods,
/// earliest to expire first; what they do not hold is left to the caller.
pub(super) fn draw(
    conn: &Connection,
    variant_id: &str,
    location_id: &str,
    qty: i64,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, qty_left FROM stock_batches WHERE variant_id = ?1 AND location_id = ?2 AND qty_left > 0
         ORDER BY expires_on, received_at, id",
    )?;
    let mut rows = stmt.query(params![variant_id, location_id])?;
    let (mut out, mut wanted) = (Vec::new(), qty);
    while wanted > 0 {
        let Some(r) = rows.next()? else { break };
        let take = wanted.min(r.get::<_, i64>(1)?);
        out.push((r.get(0)?, take));
        wanted -= take;
    }
    Ok(out)
}

/// Keeps a batch's cached quantity with its ledger.
pub(super) fn moved(conn: &Connection, batch_id: &str, qty: i64) -> Result<()> {
    conn.prepare_cached("UPDATE stock_batches SET qty_left = qty_left + ?2 WHERE id = ?1")?
        .execute(params![batch_id, qty])?;
    Ok(())
}

/// A best-before date as typed, refused when it is not a day.
pub fn expiry_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::refused(
            Refusal::NotADay,
            &[("text", text.trim().to_string())],
            format!("not a day: {:?}", text.trim()),
        )
    })
}

/// A batch on the 临期 list: expiring within the days asked, or expired.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Expiring {
    pub batch_id: String,
    pub sku: String,
    pub name: String,
    /// The batch's label as received; empty when none was given.
    pub batch: String,
    pub expires_on: String,
    /// Days until it expires: 0 today, below 0 expired.
    #[ts(type = "number")]
    pub days_left: i64,
    #[ts(type = "number")]
    pub qty: i64,
    pub sold_by: SoldBy,
    /// The quantity as the merchant reads it: `12`, `3.5斤`.
    pub qty_text: String,
    /// What it cost: the quantity at the variant's cost.
    pub value: Money,
    pub price: Money,
}

/// Batches with goods left expiring on or before `today + days`, soonest
/// first (the expired ones at the top).
pub fn expiring(conn: &Connection, today: NaiveDate, days: i64) -> Result<Vec<Expiring>> {
    let until = today + chrono::Duration::days(days.max(0));
    let mut stmt = conn.prepare(
        "SELECT b.id, v.sku, trim(p.name || ' ' || v.options), b.batch, b.expires_on, b.qty_left, v.cost_fen, v.price_fen, v.sold_by
         FROM stock_batches b JOIN variants v ON v.id = b.variant_id JOIN products p ON p.id = v.product_id
         WHERE b.qty_left > 0 AND b.expires_on <= ?1
         ORDER BY b.expires_on, v.sku",
    )?;
    let rows = stmt
        .query_map([until.to_string()], |r| {
            let expires_on: String = r.get(4)?;
            let qty: i64 = r.get(5)?;
            let sold_by = SoldBy::from_code(&r.get::<_, String>(8)?);
            let days_left = NaiveDate::parse_from_str(&expires_on, "%Y-%m-%d")
                .map(|d| (d - today).num_days())
                .unwrap_or(0);
            Ok(Expiring {
                batch_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                batch: r.get(3)?,
                expires_on,
                days_left,
                qty,
                sold_by,
                qty_text: sold_by.show(qty),
                value: Money::from_fen(sold_by.amount(qty, r.get(6)?)),
                price: Money::from_fen(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stock::count::{change, Change};
    use crate::testing::{peach_order, peach_shop};

    fn receive(store: &mut crate::Store, qty: i64, expires: &str, batch: &str) {
        let c = Change {
            sku: "TAO-5".into(),
            qty,
            reason: "receipt".into(),
            expires_on: Some(expires.into()),
            batch: Some(batch.into()),
            ..Default::default()
        };
        store.write(|w| change(w, &c)).unwrap();
    }

    fn left(store: &crate::Store) -> Vec<(String, i64)> {
        store
            .conn()
            .prepare("SELECT batch, qty_left FROM stock_batches ORDER BY expires_on")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn clean(store: &crate::Store) {
        let report = crate::check::run(store.conn()).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }

    #[test]
    fn picking_takes_the_earliest_batch_first_whatever_the_order_received() {
        let (_dir, mut store) = peach_shop();
        receive(&mut store, 5, "2026-12-20", "late");
        receive(&mut store, 4, "2026-12-08", "early");
        receive(&mut store, 3, "2026-12-12", "middle");
        let no = store
            .write(|w| crate::checkout::create(w, &peach_order("王阿姨", 6)))
            .unwrap();
        store
            .write(|w| crate::checkout::status::set(w, &no, "fulfilled", false))
            .unwrap();
        let expect = |b: &str, n: i64| (b.to_string(), n);
        assert_eq!(
            left(&store),
            [expect("early", 0), expect("middle", 1), expect("late", 5)]
        );
        let pieces: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM stock_movements WHERE reason = 'sale' AND batch_id IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(pieces, 2, "the sale split across the two earliest batches");
        clean(&store);
    }

    #[test]
    fn expired_stock_is_listed_with_its_value_and_written_off() {
        let (_dir, mut store) = peach_shop();
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        receive(&mut store, 4, "2026-12-05", "A");
        receive(&mut store, 2, "2026-12-08", "B");
        receive(&mut store, 9, "2026-12-30", "C");
        let listed = expiring(store.conn(), today, 3).unwrap();
        let seen: Vec<(&str, i64, i64)> = listed
            .iter()
            .map(|b| (b.batch.as_str(), b.days_left, b.qty))
            .collect();
        assert_eq!(seen, [("A", -1, 4), ("B", 2, 2)], "C is not due for weeks");
        let expired = &listed[0];
        let c = Change {
            sku: "TAO-5".into(),
            qty: expired.qty,
            reason: "damage".into(),
            note: "过期".into(),
            batch_id: Some(expired.batch_id.clone()),
            ..Default::default()
        };
        store.write(|w| change(w, &c)).unwrap();
        let after = expiring(store.conn(), today, 3).unwrap();
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].batch, "B");
        let too_much = Change {
            qty: 5,
            batch_id: Some(after[0].batch_id.clone()),
            ..c
        };
        let refused = store.write(|w| change(w, &too_much)).unwrap_err();
        assert_eq!(refused.code(), "not_enough_on_hand");
        clean(&store);
    }

    #[test]
    fn a_count_below_the_shelf_takes_from_the_earliest_batch_too() {
        let (_dir, mut store) = peach_shop();
        receive(&mut store, 10, "2026-12-08", "A");
        // 1,000 unbatched and the batch of 10; six are missing.
        let c = crate::stock::count::Counted {
            sku: "TAO-5".into(),
            counted: crate::testing::STOCKED + 4,
        };
        store
            .write(|w| crate::stock::count::stocktake(w, &[c], "月底盘点", None))
            .unwrap();
        assert_eq!(left(&store), [("A".to_string(), 4)]);
        clean(&store);
    }
}
