//! The shop's members: a quarter of the customers who came back three times
//! or more, at a level by how often they buy, with the points their paid
//! orders earned (refunds taken back), one ledger line per order as the
//! live shop books them.

use std::collections::HashMap;

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
        // customer → (member, points per yuan, points so far)
        let mut members: HashMap<String, (String, i64, i64)> = HashMap::new();
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
            members.insert(customer, (member, per_yuan, 0));
            self.summary.members += 1;
        }
        // One pass over the paid orders (the generator's indexes are not
        // built yet): each member's order earns its points as a line.
        let paid: Vec<(String, String, i64, i64)> = self
            .tx
            .prepare(
                "SELECT id, customer_id, max(0, min(paid_fen, total_fen) - refunded_fen) / 100, placed_at FROM orders
                 WHERE paid_fen > 0 AND customer_id IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (order, customer, yuan, at) in paid {
            let Some((member, per_yuan, points)) = members.get_mut(&customer) else {
                continue;
            };
            if yuan == 0 {
                continue;
            }
            let line = self.id(at);
            self.tx
                .prepare_cached(
                    "INSERT INTO points_ledger(id, member_id, delta, reason, order_id, at) VALUES (?1, ?2, ?3, 'earned', ?4, ?5)",
                )?
                .execute(params![line, member.as_str(), yuan * *per_yuan, order, at])?;
            *points += yuan * *per_yuan;
        }
        for (member, _, points) in members.values() {
            self.tx.execute(
                "UPDATE members SET points = ?2 WHERE id = ?1",
                params![member, points],
            )?;
        }
        Ok(())
    }
}
