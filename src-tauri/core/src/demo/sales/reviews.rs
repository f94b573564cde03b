//! Reviews of the year's completed orders: mostly praise, a few bad ones
//! with the quality tickets they opened. They draw from their own random
//! stream and id counter, after the year is made, so a seed's orders are
//! the same with or without them.

use rusqlite::params;

use super::Gen;
use crate::error::Result;
use crate::ids::id_at;

impl Gen<'_> {
    /// Reviews of one completed order in twelve, written after the year is
    /// made, so they change nothing else of a seed's shop.
    pub(super) fn reviews(&mut self) -> Result<()> {
        let done: Vec<(String, i64)> = self
            .tx
            .prepare("SELECT id, placed_at FROM orders WHERE status = 'completed' ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (order, at) in done {
            if self.reviews_rng.chance(80) {
                self.review(&order, at)?;
            }
        }
        Ok(())
    }

    /// Ids of their own counter (above any the rest use), for the same reason.
    fn review_id(&mut self, at: i64) -> String {
        self.reviews_seq += 1;
        id_at(at.max(0) as u64 * 1000, (1 << 40) + self.reviews_seq)
    }

    /// A buyer's review a few days after the goods arrived: mostly praise,
    /// a few bad ones, each of those with the quality ticket it opened.
    fn review(&mut self, order_id: &str, at: i64) -> Result<()> {
        let stars = match self.reviews_rng.below(100) {
            0..=59 => 5,
            60..=84 => 4,
            85..=92 => 3,
            93..=96 => 2,
            _ => 1,
        };
        let text = match stars {
            5 => *self.reviews_rng.pick(&[
                "很甜，下次还买",
                "新鲜，家里人都爱吃",
                "团长送得很快",
                "性价比高，推荐",
                "",
            ]),
            4 => *self
                .reviews_rng
                .pick(&["不错，个头再大点就好了", "挺好的", ""]),
            3 => "还行，个头有点小",
            _ => *self.reviews_rng.pick(&["有两个烂了", "不新鲜，有点失望"]),
        };
        let when = at + self.reviews_rng.range(86_400, 4 * 86_400);
        let ticket = match stars <= crate::reviews::BAD_STARS {
            true => {
                let id = self.review_id(when);
                self.tx.prepare_cached(
                    "INSERT INTO after_sales(id, order_id, kind, status, description, resolution, opened_at, first_reply_at, resolved_at)
                     VALUES (?1, ?2, 'quality', 'resolved', ?3, 'refund', ?4, ?5, ?6)",
                )?
                .execute(params![id, order_id, format!("差评 {stars}★ {text}"), when, when + 600, when + 7200])?;
                Some(id)
            }
            false => None,
        };
        let source =
            *self
                .reviews_rng
                .pick(&["wechat_group", "wechat_group", "mini_program", "by_hand"]);
        let id = self.review_id(when);
        self.tx.prepare_cached(
            "INSERT INTO reviews(id, order_id, stars, body, source, ticket_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![id, order_id, stars, text, source, ticket, when])?;
        Ok(())
    }
}
