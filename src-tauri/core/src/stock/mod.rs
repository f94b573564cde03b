//! Stock is a ledger: every change is a movement with a reason, and on-hand
//! per variant and location is their sum, cached in `stock_levels` and
//! updated in the same statement batch as the movement. Goods received
//! with a best-before date are a batch (`batches`); goods leave the shelf
//! earliest-expiring first.

pub mod batches;
pub mod count;

use rusqlite::{params, Connection};

use crate::error::Result;

/// Why stock moved; the ledger's `reason` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Initial,
    Receipt,
    Sale,
    Return,
    Adjustment,
    Damage,
    TransferIn,
    TransferOut,
}

impl Reason {
    pub fn parse(text: &str) -> Option<Reason> {
        [
            Reason::Initial,
            Reason::Receipt,
            Reason::Sale,
            Reason::Return,
            Reason::Adjustment,
            Reason::Damage,
            Reason::TransferIn,
            Reason::TransferOut,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Initial => "initial",
            Reason::Receipt => "receipt",
            Reason::Sale => "sale",
            Reason::Return => "return",
            Reason::Adjustment => "adjustment",
            Reason::Damage => "damage",
            Reason::TransferIn => "transfer_in",
            Reason::TransferOut => "transfer_out",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Movement<'a> {
    pub variant_id: &'a str,
    pub location_id: &'a str,
    pub qty: i64,
    pub reason: Reason,
    pub ref_type: Option<&'a str>,
    pub ref_id: Option<&'a str>,
    /// Why, in the merchant's words (a count's reason, "压坏了").
    pub note: &'a str,
    pub at: i64,
    /// The batch it moves: goods received with a best-before date, or a
    /// batch written off. None for goods taken off the shelf leaves the
    /// choice to FEFO; goods coming back without one are unbatched.
    pub batch_id: Option<&'a str>,
}

/// Appends a movement and updates the cached on-hand; call inside the
/// transaction of the change that caused it. Goods taken off without a
/// batch are split across the batches, earliest to expire first (the
/// first piece keeps `id`); what no batch holds leaves unbatched.
pub fn record(conn: &Connection, m: &Movement, id: &str) -> Result<()> {
    if m.qty > 0 || m.batch_id.is_some() {
        return append(conn, m, id);
    }
    let mut left = -m.qty;
    let mut id = id.to_string();
    for (batch, qty) in batches::draw(conn, m.variant_id, m.location_id, left)? {
        let piece = Movement {
            qty: -qty,
            batch_id: Some(&batch),
            ..*m
        };
        append(conn, &piece, &id)?;
        left -= qty;
        id = crate::ids::new_id();
    }
    if left > 0 {
        append(conn, &Movement { qty: -left, ..*m }, &id)?;
    }
    Ok(())
}

/// One ledger row, with the on-hand and the batch's quantity it changes.
fn append(conn: &Connection, m: &Movement, id: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO stock_movements(id, variant_id, location_id, qty, reason, ref_type, ref_id, note, at, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![id, m.variant_id, m.location_id, m.qty, m.reason.as_str(), m.ref_type, m.ref_id, m.note, m.at, m.batch_id])?;
    conn.prepare_cached(
        "INSERT INTO stock_levels(variant_id, location_id, on_hand) VALUES (?1, ?2, ?3)
         ON CONFLICT(variant_id, location_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand",
    )?
    .execute(params![m.variant_id, m.location_id, m.qty])?;
    if let Some(batch) = m.batch_id {
        batches::moved(conn, batch, m.qty)?;
    }
    Ok(())
}

/// Holds (positive) or releases (negative) stock for unfulfilled orders.
pub fn commit(conn: &Connection, variant_id: &str, location_id: &str, qty: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO stock_levels(variant_id, location_id, on_hand, committed) VALUES (?1, ?2, 0, ?3)
         ON CONFLICT(variant_id, location_id) DO UPDATE SET committed = committed + excluded.committed",
    )?
    .execute(params![variant_id, location_id, qty])?;
    Ok(())
}

pub use crate::store::locations::main_location;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Session, Store};

    #[test]
    fn cache_follows_the_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
        store
            .write(|w| {
                crate::testing::one_product(w.tx, "T1", 100);
                let loc = main_location(w.tx)?;
                for (i, qty) in [10, -3, -2, 4].into_iter().enumerate() {
                    let m = Movement {
                        variant_id: "v",
                        location_id: &loc,
                        qty,
                        reason: Reason::Adjustment,
                        ref_type: None,
                        ref_id: None,
                        note: "",
                        at: 0,
                        batch_id: None,
                    };
                    record(w.tx, &m, &format!("m{i}"))?;
                }
                commit(w.tx, "v", &loc, 2)?;
                Ok(())
            })
            .unwrap();
        let (on_hand, committed): (i64, i64) = store
            .conn()
            .query_row(
                "SELECT on_hand, committed FROM stock_levels WHERE variant_id='v'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((on_hand, committed), (crate::testing::STOCKED + 9, 2));
        assert!(
            store
                .conn()
                .execute("DELETE FROM stock_movements", [])
                .is_err(),
            "ledger is append-only"
        );
    }
}
