//! The shop's members: a quarter of the customers who came back three times
//! or more, at a level by how often they buy, with the points their paid
//! orders earned (refunds taken back), one ledger line per order as the
//! live shop books them.

use rusqlite::params;

use super::Gen;
use crate::error::Result;

impl Gen<'_> {
    pub(super) fn members(&mut self) -> Result<()> {
        let regulars: Vec<(String, i64, i64)> = self
            .tx
            .prepare(
                "SELECT customer_id, count(*), min(placed_at) FROM orders WHERE customer_id IS NOT NULL
                 GROUP BY customer_id HAVING count(*) >= 3 ORDER BY customer_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (customer, orders, first) in regulars {
            if !self.rng.chance(250) {
                continue;
            }
            let (level, per_yuan) = match orders {
                8.. => ("gold", 2),
                5..=7 => ("silver", 1),
                _ => ("regular", 1),
            };
            let member = self.id(first);
            self.tx.execute(
                "INSERT INTO members(id, customer_id, level, points, joined_at) VALUES (?1, ?2, ?3, 0, ?4)",
                params![member, customer, level, first],
            )?;
            let earned: Vec<(String, i64, i64)> = self
                .tx
                .prepare_cached(
                    "SELECT id, max(0, min(paid_fen, total_fen) - refunded_fen) / 100, placed_at FROM orders
                     WHERE customer_id = ?1 AND paid_fen > 0 ORDER BY placed_at",
                )?
                .query_map([&customer], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut points = 0;
            for (order, yuan, at) in earned.into_iter().filter(|e| e.1 > 0) {
                let line = self.id(at);
                self.tx
                    .prepare_cached(
                        "INSERT INTO points_ledger(id, member_id, delta, reason, order_id, at) VALUES (?1, ?2, ?3, 'earned', ?4, ?5)",
                    )?
                    .execute(params![line, member, yuan * per_yuan, order, at])?;
                points += yuan * per_yuan;
            }
            self.tx.execute(
                "UPDATE members SET points = ?2 WHERE id = ?1",
                params![member, points],
            )?;
            self.summary.members += 1;
        }
        Ok(())
    }
}
