//! Applying a pulled feed in the run's one transaction: items created or
//! brought up to date, gone ones marked, each cost seen kept, each change
//! listed for review (a rise over the shop's threshold flagged), links made
//! by SKU or barcode, the shop's cost following its cheapest available
//! supplier, and a selling price suggested to keep the margin.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};

use super::sync::{empty_report, ChangeCounts, Job, SyncReport};
use crate::error::Result;
use crate::ids;
use crate::money::Money;
use crate::shop_time;
use crate::store::Writer;
use crate::suppliers::feeds::{FeedItem, Pulled};
use crate::suppliers::http::Validators;

/// What the supplier's items were before the run.
struct Known {
    id: String,
    title: String,
    cost: i64,
    available: bool,
    stock: Option<i64>,
    barcode: Option<String>,
    pack_size: i64,
    gone: bool,
    variant_id: Option<String>,
}

pub(super) fn apply(w: &Writer, job: &Job, pulled: Pulled) -> Result<SyncReport> {
    let now = shop_time::now();
    let mut report = empty_report(&job.supplier, &job.supplier_id, Some(&job.run_id));
    let Pulled::Items { items, pages } = pulled else {
        report.status = "not_modified".into();
        w.tx.execute(
            "UPDATE sync_runs SET status = 'not_modified', ended_at = ?2 WHERE id = ?1",
            params![job.run_id, now],
        )?;
        return Ok(report);
    };
    let threshold_bp = super::changes::cost_rise_threshold(w.tx)?;
    let mut known = load_items(w.tx, &job.supplier_id)?;
    let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
    let mut costs_moved: HashSet<String> = HashSet::new();
    let mut apply = Apply {
        w,
        run_id: &job.run_id,
        now,
        threshold_bp,
        counts: &mut report.changes,
    };
    for item in items {
        if !seen.insert(item.supplier_sku.clone()) {
            continue; // the same SKU twice in one feed: the first one stands
        }
        report.seen += 1;
        match known.remove(&item.supplier_sku) {
            None => {
                apply.create(&job.supplier_id, &item)?;
                report.created += 1;
            }
            Some(k) => {
                if apply.update(&k, &item)? {
                    report.updated += 1;
                    if k.cost != item.cost.fen() {
                        costs_moved.extend(k.variant_id.clone());
                    }
                } else {
                    report.unchanged += 1;
                }
            }
        }
    }
    for k in known.into_values().filter(|k| !k.gone) {
        w.tx.prepare_cached(
            "UPDATE supplier_items SET gone = 1, available = 0, updated_at = ?2 WHERE id = ?1",
        )?
        .execute(params![k.id, now])?;
        apply.change(&k.id, "gone", Some(k.cost), None, false)?;
        apply.counts.gone += 1;
        report.updated += 1;
        costs_moved.extend(k.variant_id);
    }
    for variant_id in costs_moved {
        apply.follow_cost(&variant_id)?;
    }
    save_pages(w.tx, &job.supplier_id, &pages)?;
    w.tx.execute(
        "UPDATE sync_runs SET status = 'ok', ended_at = ?2, seen = ?3, created = ?4, updated = ?5, unchanged = ?6,
                etag = ?7, last_modified = ?8 WHERE id = ?1",
        params![
            job.run_id, now, report.seen, report.created, report.updated, report.unchanged,
            pages.first().and_then(|(_, v)| v.etag.clone()), pages.first().and_then(|(_, v)| v.last_modified.clone())
        ],
    )?;
    report.status = "ok".into();
    Ok(report)
}

fn load_items(conn: &Connection, supplier_id: &str) -> Result<HashMap<String, Known>> {
    let mut stmt = conn.prepare(
        "SELECT supplier_sku, id, title, cost_fen, available, stock, barcode, pack_size, gone, variant_id FROM supplier_items WHERE supplier_id = ?1",
    )?;
    let rows = stmt.query_map([supplier_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Known {
                id: r.get(1)?,
                title: r.get(2)?,
                cost: r.get(3)?,
                available: r.get(4)?,
                stock: r.get(5)?,
                barcode: r.get(6)?,
                pack_size: r.get(7)?,
                gone: r.get(8)?,
                variant_id: r.get(9)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn save_pages(conn: &Connection, supplier_id: &str, pages: &[(String, Validators)]) -> Result<()> {
    conn.execute(
        "DELETE FROM feed_pages WHERE supplier_id = ?1",
        [supplier_id],
    )?;
    let mut insert = conn.prepare("INSERT OR REPLACE INTO feed_pages(supplier_id, url, etag, last_modified) VALUES (?1, ?2, ?3, ?4)")?;
    for (url, v) in pages
        .iter()
        .filter(|(_, v)| v.etag.is_some() || v.last_modified.is_some())
    {
        insert.execute(params![supplier_id, url, v.etag, v.last_modified])?;
    }
    Ok(())
}

/// The writes of one run, with what it counts.
struct Apply<'a> {
    w: &'a Writer<'a>,
    run_id: &'a str,
    now: i64,
    threshold_bp: i64,
    counts: &'a mut ChangeCounts,
}

impl Apply<'_> {
    fn create(&mut self, supplier_id: &str, item: &FeedItem) -> Result<()> {
        let id = ids::new_id();
        let (variant, linked_by) = match self.auto_link(item)? {
            Some((v, by)) => (Some(v), Some(by)),
            None => (None, None),
        };
        // A supplier item seen again after being gone keeps its row (and
        // history); a brand-new one gets one.
        self.w.tx.prepare_cached(
            "INSERT INTO supplier_items(id, supplier_id, supplier_sku, title, cost_fen, pack_size, available, stock, barcode, variant_id, linked_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            id, supplier_id, item.supplier_sku, item.title, item.cost.fen(), item.pack_size.unwrap_or(1), item.available,
            item.stock, item.barcode, variant, linked_by, self.now
        ])?;
        self.cost_seen(&id, item.cost.fen())?;
        self.change(&id, "new", None, Some(item.cost.fen()), false)?;
        self.counts.new += 1;
        if let Some(v) = variant {
            self.follow_cost(&v)?;
        }
        Ok(())
    }

    /// The shop's own variant with the item's SKU, or else its barcode.
    fn auto_link(&self, item: &FeedItem) -> Result<Option<(String, &'static str)>> {
        let by_sku: Option<String> = self
            .w
            .tx
            .prepare_cached("SELECT id FROM variants WHERE sku = ?1 AND archived = 0")?
            .query_row([&item.supplier_sku], |r| r.get(0))
            .optional()?;
        if let Some(v) = by_sku {
            return Ok(Some((v, "sku")));
        }
        let Some(code) = &item.barcode else {
            return Ok(None);
        };
        let by_code: Option<String> = self
            .w
            .tx
            .prepare_cached("SELECT id FROM variants WHERE barcode = ?1 AND archived = 0")?
            .query_row([code], |r| r.get(0))
            .optional()?;
        Ok(by_code.map(|v| (v, "barcode")))
    }

    /// Brings a known item up to the feed; says whether anything changed.
    fn update(&mut self, k: &Known, item: &FeedItem) -> Result<bool> {
        let cost = item.cost.fen();
        let pack = item.pack_size.unwrap_or(k.pack_size);
        let same = !k.gone
            && k.cost == cost
            && k.available == item.available
            && k.title == item.title
            && k.stock == item.stock
            && k.barcode == item.barcode
            && k.pack_size == pack;
        if same {
            return Ok(false);
        }
        self.w.tx.prepare_cached(
            "UPDATE supplier_items SET title = ?2, cost_fen = ?3, available = ?4, stock = ?5, barcode = ?6, pack_size = ?7, gone = 0, updated_at = ?8 WHERE id = ?1",
        )?
        .execute(params![k.id, item.title, cost, item.available, item.stock, item.barcode, pack, self.now])?;
        if k.gone {
            self.change(&k.id, "new", Some(k.cost), Some(cost), false)?;
            self.counts.new += 1;
        }
        if k.cost != cost {
            self.cost_seen(&k.id, cost)?;
            let up = cost > k.cost;
            let flagged = up && (cost - k.cost) * 10_000 > k.cost * self.threshold_bp;
            self.change(
                &k.id,
                if up { "cost_up" } else { "cost_down" },
                Some(k.cost),
                Some(cost),
                flagged,
            )?;
            if up {
                self.counts.cost_up += 1;
            } else {
                self.counts.cost_down += 1;
            }
            self.counts.flagged += flagged as i32;
        }
        if !k.gone && k.available != item.available {
            self.change(
                &k.id,
                if item.available {
                    "back_in_stock"
                } else {
                    "out_of_stock"
                },
                Some(k.cost),
                Some(cost),
                false,
            )?;
            if item.available {
                self.counts.back_in_stock += 1;
            } else {
                self.counts.out_of_stock += 1;
            }
        }
        Ok(true)
    }

    fn cost_seen(&self, item_id: &str, cost: i64) -> Result<()> {
        self.w.tx.prepare_cached("INSERT INTO supplier_item_costs(id, supplier_item_id, cost_fen, seen_at) VALUES (?1, ?2, ?3, ?4)")?.execute(params![
            ids::new_id(),
            item_id,
            cost,
            self.now
        ])?;
        Ok(())
    }

    fn change(
        &self,
        item_id: &str,
        kind: &str,
        old: Option<i64>,
        new: Option<i64>,
        flagged: bool,
    ) -> Result<()> {
        self.w.tx.prepare_cached(
            "INSERT INTO sync_changes(id, run_id, supplier_item_id, kind, old_cost_fen, new_cost_fen, flagged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![ids::new_id(), self.run_id, item_id, kind, old, new, flagged])?;
        Ok(())
    }

    fn follow_cost(&mut self, variant_id: &str) -> Result<()> {
        self.counts.price_suggestions += follow_cost(self.w.tx, variant_id, self.now)? as i32;
        Ok(())
    }
}

/// The shop's cost of a variant follows its cheapest linked supplier item
/// that is available (or any linked one, if none is); when it moves, a
/// selling price keeping the margin is suggested, never applied. Says
/// whether a price was suggested. Sync runs and links made by hand both
/// come here, so the rule is one.
pub(super) fn follow_cost(conn: &Connection, variant_id: &str, now: i64) -> Result<bool> {
    let cheapest: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT cost_fen, id FROM supplier_items WHERE variant_id = ?1 AND gone = 0
             ORDER BY available DESC, cost_fen, id LIMIT 1",
        )?
        .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((cost, item_id)) = cheapest else {
        return Ok(false);
    };
    let (price, old_cost): (i64, i64) = conn
        .prepare_cached("SELECT price_fen, cost_fen FROM variants WHERE id = ?1")?
        .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if !crate::catalog::edit::set_cost(conn, variant_id, Money::from_fen(cost), "供应商成本", now)?
    {
        return Ok(false);
    }
    let Some(suggested) = keep_margin(price, old_cost, cost) else {
        return Ok(false);
    };
    conn.prepare_cached("UPDATE price_suggestions SET status = 'dismissed', decided_at = ?2 WHERE variant_id = ?1 AND status = 'pending'")?
        .execute(params![variant_id, now])?;
    conn.prepare_cached(
        "INSERT INTO price_suggestions(id, variant_id, supplier_item_id, old_cost_fen, new_cost_fen, price_fen, suggested_fen, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![ids::new_id(), variant_id, item_id, old_cost, cost, price, suggested, now])?;
    Ok(true)
}

/// The selling price that keeps the margin rate when cost moves from
/// `old_cost` to `cost`, rounded up to the jiao (0.10) as shelf prices are;
/// none when there was no margin to keep or the price would not change.
pub fn keep_margin(price: i64, old_cost: i64, cost: i64) -> Option<i64> {
    if old_cost <= 0 || price <= old_cost {
        return None;
    }
    let exact = (cost as i128 * price as i128 + old_cost as i128 - 1) / old_cost as i128;
    let rounded = ((exact + 9) / 10 * 10) as i64;
    (rounded != price).then_some(rounded)
}

#[cfg(test)]
mod tests {
    use super::keep_margin;

    #[test]
    fn a_new_price_keeps_the_margin_rounded_up_to_the_jiao() {
        // Cost 6.00 -> 6.60 (+10%) on a 10.00 price: 11.00 keeps 40%.
        assert_eq!(keep_margin(1000, 600, 660), Some(1100));
        // 5.00 -> 5.17 on 9.90: 10.2366 -> 10.30.
        assert_eq!(keep_margin(990, 500, 517), Some(1030));
        assert_eq!(keep_margin(1000, 600, 600), None, "no move");
        assert_eq!(
            keep_margin(500, 600, 700),
            None,
            "sold below cost: no margin to keep"
        );
        assert_eq!(keep_margin(1000, 0, 700), None);
    }
}
