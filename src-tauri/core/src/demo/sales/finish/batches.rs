//! Fresh goods in the demo keep a few days: some went off in the last
//! weeks and were written off (过期, or 损耗 when damaged), and this
//! morning's delivery of each fruit and vegetable came in with its
//! best-before date, so the dashboard's waste, the 临期 list and FEFO
//! picking have something to show. Made after the year, without the
//! random stream, so a seed's orders are the same with or without it.

use chrono::Duration;

use super::super::Gen;
use crate::error::Result;
use crate::ids::id_at;
use crate::stock::batches::{batch_or_new, Arriving};
use crate::stock::{record, Movement, Reason};

/// The categories whose goods go off within days.
const FRESH: &[&str] = &["生鲜水果", "蔬菜肉禽"];

impl Gen<'_> {
    pub(super) fn batches(&mut self) -> Result<()> {
        let fresh: Vec<(i64, String)> = self
            .tx
            .prepare(
                "SELECT v.rowid, v.id FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE p.category IN (SELECT value FROM json_each(?1)) AND v.archived = 0 ORDER BY v.rowid",
            )?
            .query_map([serde_json::to_string(FRESH).unwrap_or_default()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let today = self.clock.business_day(self.end - 1);
        let at = self.clock.day_start(today) + 6 * 3600;
        for (rowid, variant) in &fresh {
            self.wasted(*rowid, variant, at)?;
        }
        for (rowid, variant) in fresh {
            // Two to six days, and a few already past their date.
            let keeps = rowid % 7 - 1;
            let arriving = Arriving {
                variant_id: &variant,
                location_id: &self.location,
                label: "",
                expires_on: today + Duration::days(keeps),
                received_on: today,
                at,
            };
            let batch = batch_or_new(self.tx, &arriving, || {
                id_at(at as u64 * 1000, (5 << 40) + rowid as u64)
            })?;
            let m = Movement {
                variant_id: &variant,
                location_id: &self.location,
                qty: 6 + rowid % 10,
                reason: Reason::Receipt,
                ref_type: None,
                ref_id: None,
                note: "早上到货",
                at,
                batch_id: Some(&batch),
            };
            record(
                self.tx,
                &m,
                &id_at(at as u64 * 1000, (3 << 40) + rowid as u64),
            )?;
        }
        Ok(())
    }

    /// One fresh product in three lost a few to age in the last weeks, one
    /// in five some to damage; never more than was on the shelf.
    fn wasted(&mut self, rowid: i64, variant: &str, morning: i64) -> Result<()> {
        let on_hand: i64 = self.tx.query_row(
            "SELECT COALESCE(sum(on_hand), 0) FROM stock_levels WHERE variant_id = ?1",
            [variant],
            |r| r.get(0),
        )?;
        let losses = [
            (rowid % 3 == 0, 1 + rowid % 4, "过期", 3),
            (rowid % 5 == 0, 1 + rowid % 2, "损耗", 12),
        ];
        let mut left = on_hand;
        for (i, (happened, qty, note, days_ago)) in losses.into_iter().enumerate() {
            if !happened || qty > left {
                continue;
            }
            let at = morning - days_ago * 86_400;
            let m = Movement {
                variant_id: variant,
                location_id: &self.location,
                qty: -qty,
                reason: Reason::Damage,
                ref_type: None,
                ref_id: None,
                note,
                at,
                batch_id: None,
            };
            let id = id_at(at as u64 * 1000, (4 << 40) + rowid as u64 * 2 + i as u64);
            record(self.tx, &m, &id)?;
            left -= qty;
        }
        Ok(())
    }
}
