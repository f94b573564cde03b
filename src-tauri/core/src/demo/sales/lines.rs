//! An order's lines in the demo: what a customer picks (a group-buy join
//! is one item at the deal price; goods sold by weight are what the scale
//! says) and the lines written with the coupon spread over them.

use rusqlite::params;

use super::Gen;
use crate::error::Result;
use crate::money::Money;

impl Gen<'_> {
    /// `(variant, qty, unit price)`: the deal's item (`(variant, price)`)
    /// or one to three popular ones.
    pub(super) fn lines(&mut self, deal: Option<(usize, i64)>) -> Vec<(usize, i64, i64)> {
        if let Some((variant, price)) = deal {
            return vec![(variant, self.variants[variant].per, price)];
        }
        let mut lines: Vec<(usize, i64, i64)> = Vec::new();
        let n = [1usize, 1, 1, 2, 2, 3][self.rng.below(6) as usize];
        for _ in 0..n {
            let v = self.rng.popular(self.variants.len());
            if lines.iter().any(|l| l.0 == v) {
                continue;
            }
            // Goods sold by weight: what the scale says, 200 g to 2.15 kg.
            let qty = match self.variants[v].per {
                1 => [1i64, 1, 1, 1, 2, 2, 3][self.rng.below(7) as usize],
                _ => (4 + self.rng.below(40) as i64) * 50,
            };
            lines.push((v, qty, self.variants[v].price));
        }
        lines
    }

    /// The lines at their `gross` amounts, the coupon's discount spread
    /// over them (remainder to the last), so the order's subtotal is the
    /// sum of its discounted lines.
    pub(super) fn write_lines(
        &mut self,
        order_id: &str,
        at: i64,
        lines: &[(usize, i64, i64)],
        gross: &[i64],
        discount: i64,
    ) -> Result<()> {
        let weights: Vec<Money> = gross.iter().map(|&g| Money::from_fen(g)).collect();
        let shares = Money::from_fen(discount).allocate(&weights);
        for (i, &(v, qty, price)) in lines.iter().enumerate() {
            let line_id = self.id(at);
            let line_discount = shares[i].fen();
            let total = gross[i] - line_discount;
            let variant = &self.variants[v];
            self.tx.prepare_cached(
                "INSERT INTO order_lines(id, order_id, line_no, variant_id, qty, unit_price_fen, discount_fen, line_total_fen, unit_cost_fen, unit_qty) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![line_id, order_id, i as i64 + 1, variant.id, qty, price, line_discount, total, variant.cost, variant.per])?;
        }
        Ok(())
    }
}
