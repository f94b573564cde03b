//! The rollups the dashboard reads (migration 0005 and later): per day and
//! channel, per day and variant, per customer and month, per cohort and
//! month, per leader or distributor and day, per campaign (its money, and
//! its goods' cost). The database's triggers keep them in the same
//! transaction as the facts; the queries here say what each must equal, so
//! `check` can compare and bulk work (the demo, a migration) can fill them
//! in one pass.

use rusqlite::Connection;

use crate::error::Result;

/// One rollup: its table, its key and value columns, and the query over the
/// facts it must equal (keys then values, in that order).
pub struct Rollup {
    pub table: &'static str,
    pub keys: &'static str,
    pub values: &'static str,
    pub facts: &'static str,
    /// A cheaper query giving the same rows from finer rollups listed
    /// before this one, for a bulk fill; `check` still compares with the
    /// facts.
    pub coarser: Option<&'static str>,
}

const fn rollup(
    table: &'static str,
    keys: &'static str,
    values: &'static str,
    facts: &'static str,
) -> Rollup {
    Rollup {
        table,
        keys,
        values,
        facts,
        coarser: None,
    }
}

pub const ROLLUPS: &[Rollup] = &[
    rollup(
        "sales_daily",
        "day, channel",
        "orders, gmv_fen, paid_fen, unpaid, refund_fen",
        "SELECT day, channel, sum(n), sum(gmv), sum(paid), sum(unpaid), sum(refund) FROM (
           SELECT business_day AS day, channel, count(*) AS n, sum(total_fen) AS gmv, sum(paid_fen) AS paid,
                  sum(status = 'awaiting_payment') AS unpaid, 0 AS refund
           FROM orders WHERE status NOT IN ('draft', 'cancelled') GROUP BY 1, 2
           UNION ALL
           SELECT r.business_day, o.channel, 0, 0, 0, 0, sum(r.amount_fen)
           FROM refunds r JOIN orders o ON o.id = r.order_id GROUP BY 1, 2)
         GROUP BY day, channel",
    ),
    rollup(
        "product_daily",
        "day, variant_id",
        "qty, revenue_fen",
        "SELECT o.business_day, l.variant_id, sum(l.qty), sum(l.line_total_fen)
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.status NOT IN ('draft', 'cancelled') GROUP BY o.business_day, l.variant_id",
    ),
    rollup(
        "product_monthly",
        "month, variant_id",
        "qty, revenue_fen",
        "SELECT substr(o.business_day, 1, 7), l.variant_id, sum(l.qty), sum(l.line_total_fen)
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.status NOT IN ('draft', 'cancelled') GROUP BY 1, l.variant_id",
    )
    // A year of lines is a million rows; a year of product days, 140k.
    .filled_from_finer(
        "SELECT substr(day, 1, 7), variant_id, sum(qty), sum(revenue_fen) FROM product_daily GROUP BY 1, 2",
    ),
    rollup(
        "customer_months",
        "customer_id, month",
        "orders, gmv_fen",
        "SELECT customer_id, substr(business_day, 1, 7), count(*), sum(total_fen)
         FROM orders WHERE customer_id IS NOT NULL AND status NOT IN ('draft', 'cancelled')
         GROUP BY customer_id, substr(business_day, 1, 7)",
    ),
    rollup(
        "buyer_months",
        "cohort, month",
        "buyers, repeat_buyers",
        "WITH m AS (SELECT customer_id, substr(business_day, 1, 7) AS month, count(*) AS n
                    FROM orders WHERE customer_id IS NOT NULL AND status NOT IN ('draft', 'cancelled')
                    GROUP BY 1, 2),
              f AS (SELECT customer_id, min(month) AS cohort FROM m GROUP BY 1)
         SELECT f.cohort, m.month, count(*), sum(m.n >= 2) FROM m JOIN f USING (customer_id) GROUP BY 1, 2",
    )
    // customer_months is `m` above, already grouped (0.9 s against 3.2 s
    // for the demo's million orders). A row the triggers left at zero is
    // no month of the customer's.
    .filled_from_finer(
        "WITH f AS (SELECT customer_id, min(month) AS cohort FROM customer_months WHERE orders > 0 GROUP BY 1)
         SELECT f.cohort, m.month, count(*), sum(m.orders >= 2)
         FROM customer_months m JOIN f USING (customer_id) WHERE m.orders > 0 GROUP BY 1, 2",
    ),
    rollup(
        "people_daily",
        "day, role, person_id",
        "orders, gmv_fen, paid_fen, refunded_fen",
        "SELECT business_day, 'leader', leader_id, count(*), sum(total_fen), sum(paid_fen), sum(refunded_fen)
         FROM orders WHERE leader_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') GROUP BY business_day, leader_id
         UNION ALL
         SELECT business_day, 'referrer', referrer_id, count(*), sum(total_fen), sum(paid_fen), sum(refunded_fen)
         FROM orders WHERE referrer_id IS NOT NULL AND status NOT IN ('draft', 'cancelled') GROUP BY business_day, referrer_id",
    ),
    rollup(
        "people_outcomes",
        "role, person_id, day",
        "paid, troubled, bad, so_so, well",
        "SELECT role, person_id, day, count(*), sum(troubled), sum(NOT troubled AND ifnull(stars, 9) <= 2),
                sum(NOT troubled AND stars IS 3), sum(NOT troubled AND ifnull(stars, 0) >= 4)
         FROM order_outcomes GROUP BY role, person_id, day",
    ),
    rollup(
        "campaign_sales",
        "campaign_id",
        "orders, gross_fen, gmv_fen, paid_fen, refunded_fen, coupons_fen, commission_fen, fee_fen",
        "SELECT o.campaign_id, count(*), sum(x.gross_fen), sum(o.total_fen), sum(o.paid_fen), sum(o.refunded_fen),
                sum(x.coupons_fen), sum(x.commission_fen), sum(x.fee_fen)
         FROM orders o JOIN order_extras x ON x.order_id = o.id
         WHERE o.campaign_id IS NOT NULL AND o.status NOT IN ('draft', 'cancelled')
         GROUP BY o.campaign_id",
    ),
    rollup(
        "campaign_costs",
        "campaign_id",
        "cost_fen, costless_lines",
        "SELECT o.campaign_id, sum((2 * l.qty * l.unit_cost_fen + l.unit_qty) / (2 * l.unit_qty)), sum(l.unit_cost_fen = 0)
         FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.campaign_id IS NOT NULL AND o.status IN ('paid', 'fulfilled', 'completed')
         GROUP BY o.campaign_id",
    ),
];

impl Rollup {
    const fn filled_from_finer(self, query: &'static str) -> Rollup {
        Rollup {
            coarser: Some(query),
            ..self
        }
    }

    fn columns(&self) -> String {
        format!("{}, {}", self.keys, self.values)
    }

    /// Deletes the rows left at zero (an import taken back): they count
    /// as absent, and the shop should look as it did before.
    pub fn clear_zeros(&self) -> String {
        let zero = self
            .values
            .split(", ")
            .map(|v| format!("{v} = 0"))
            .collect::<Vec<_>>()
            .join(" AND ");
        format!("DELETE FROM {} WHERE {zero};", self.table)
    }

    /// The rows where the rollup and its facts disagree, as text, for
    /// `check`. Rows the triggers left at zero count as absent.
    pub fn disagreements(&self) -> String {
        let (table, facts, columns) = (self.table, self.facts, self.columns());
        let nonzero = self
            .values
            .split(", ")
            .map(|v| format!("{v} <> 0"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let list = columns
            .split(", ")
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || ' ' || ");
        format!(
            "WITH kept AS (SELECT {columns} FROM {table} WHERE {nonzero}),
                  facts({columns}) AS ({facts})
             SELECT '{table}: ' || x FROM (
               SELECT 'rollup has ' || {list} AS x FROM (SELECT * FROM kept EXCEPT SELECT * FROM facts)
               UNION ALL
               SELECT 'facts have ' || {list} FROM (SELECT * FROM facts EXCEPT SELECT * FROM kept))"
        )
    }
}

/// Runs `f` with the rollup triggers dropped, then fills every rollup from
/// the facts in one pass and puts the triggers back: what bulk writers (the
/// demo's million orders) use instead of paying a trigger per row. Call it
/// inside the caller's transaction, so the shop never sees it half done.
pub fn bulk<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    without_triggers(conn, || {
        let out = f()?;
        // In the list's order, so a coarser rollup is filled from finer ones
        // already filled.
        for r in ROLLUPS {
            conn.execute_batch(&format!(
                "DELETE FROM {t}; INSERT INTO {t}({c}) {f};",
                t = r.table,
                c = r.columns(),
                f = r.coarser.unwrap_or(r.facts)
            ))?;
        }
        Ok(out)
    })
}

/// Runs `f` with the rollup triggers dropped, and puts them back whatever
/// `f` did; the caller brings the rollups along itself. Only the rollups'
/// triggers: the others (the sync outbox of a shop on a server, the stock
/// ledger's guards) keep working.
pub(crate) fn without_triggers<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let triggers: Vec<(String, String)> = {
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup\\_%' ESCAPE '\\' ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    super::aside::without(conn, "TRIGGER", &triggers, f)
}

/// Fills every rollup from the facts (a migration from before rollups).
pub fn rebuild(conn: &Connection) -> Result<()> {
    bulk(conn, || Ok(()))
}
