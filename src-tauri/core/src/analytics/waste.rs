//! 损耗: goods written off (expired or damaged) by product and month, at
//! their cost, from the stock ledger's damage movements. Fresh goods lose
//! some every week; this says which and how much.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::Period;
use crate::catalog::sold_by::SoldBy;
use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;

/// One product's waste in one month.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Waste {
    /// `YYYY-MM`.
    pub month: String,
    pub sku: String,
    pub name: String,
    #[ts(type = "number")]
    pub qty: i64,
    pub sold_by: SoldBy,
    /// The quantity as the merchant reads it: `12`, `3.5斤`.
    pub qty_text: String,
    /// At the variant's cost today (the ledger keeps quantities only).
    pub value: Money,
    /// Of which written off as expired (过期); the rest damaged (损耗).
    #[ts(type = "number")]
    pub expired: i64,
}

/// Write-offs in the period's business days, month by month (newest
/// first), the costliest product first within a month.
pub fn waste(conn: &Connection, clock: &ShopClock, p: Period) -> Result<Vec<Waste>> {
    let (start, end) = p.instants(clock);
    let mut stmt = conn.prepare(
        "SELECT m.at, v.sku, trim(pr.name || ' ' || v.options), -m.qty, v.cost_fen, m.note = ?3, v.sold_by
         FROM stock_movements m JOIN variants v ON v.id = m.variant_id JOIN products pr ON pr.id = v.product_id
         WHERE m.reason = 'damage' AND m.at >= ?1 AND m.at < ?2",
    )?;
    let mut by: BTreeMap<(String, String), Waste> = BTreeMap::new();
    let mut rows = stmt.query(rusqlite::params![start, end, crate::stock::count::EXPIRED])?;
    while let Some(r) = rows.next()? {
        let month = clock.business_day(r.get(0)?).format("%Y-%m").to_string();
        let (sku, qty, cost, expired): (String, i64, i64, bool) =
            (r.get(1)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let w = by
            .entry((month.clone(), sku.clone()))
            .or_insert_with(|| Waste {
                month,
                sku,
                name: String::new(),
                qty: 0,
                sold_by: SoldBy::Piece,
                qty_text: String::new(),
                value: Money::from_fen(0),
                expired: 0,
            });
        w.name = r.get(2)?;
        w.qty += qty;
        let sold_by = SoldBy::from_code(&r.get::<_, String>(6)?);
        w.value = Money::from_fen(w.value.fen() + sold_by.amount(qty, cost));
        w.qty_text = sold_by.show(w.qty);
        w.sold_by = sold_by;
        w.expired += if expired { qty } else { 0 };
    }
    let mut out: Vec<Waste> = by.into_values().collect();
    out.sort_by(|a, b| {
        b.month
            .cmp(&a.month)
            .then(b.value.fen().cmp(&a.value.fen()))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stock::count::{change, Change};
    use crate::testing::peach_shop;

    #[test]
    fn write_offs_are_counted_by_product_and_month_at_cost_with_the_expired_apart() {
        let (_dir, mut store) = peach_shop();
        store
            .conn()
            .execute("UPDATE variants SET cost_fen = 2000", [])
            .unwrap();
        for (qty, note) in [(3, "过期"), (2, "压坏了")] {
            let c = Change {
                sku: "TAO-5".into(),
                qty,
                reason: "damage".into(),
                note: note.into(),
                ..Default::default()
            };
            store.write(|w| change(w, &c)).unwrap();
        }
        let today = store.clock().today();
        let rows = waste(
            store.conn(),
            store.clock(),
            Period::new(today, today).unwrap(),
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        let w = &rows[0];
        assert_eq!((w.sku.as_str(), w.qty, w.expired), ("TAO-5", 5, 3));
        assert_eq!(w.value.to_string(), "100.00");
        assert_eq!(w.month, today.format("%Y-%m").to_string());
    }
}
