//! Imports that write in steps. A big file's orders go in a slice at a time,
//! each slice its own short transaction, so order entry (in this process or
//! another) gets the shop between slices instead of waiting for the whole
//! file. The `imports` record keeps the file all or nothing for the
//! merchant: until the last slice marks it done, a failure, a cancel or a
//! killed process leaves it 'writing', and [`undo`] takes back everything
//! it wrote — orders, their lines, refunds and stock, and the customers it
//! created that nothing else uses.

use std::time::{Duration, Instant};

use rusqlite::{params, OptionalExtension};

use crate::error::Result;
use crate::progress::{checkpoint, Progress};
use crate::shop_time;
use crate::store::locations;
use crate::store::{Checkpointer, Store, Writer};
use crate::{ids, CoreError};

/// A slice commits after this much work, so the longest an order save
/// waits behind an import is about this long.
const SLICE: Duration = Duration::from_millis(40);
/// The pause after each slice in which a waiting writer takes the shop.
const GAP: Duration = Duration::from_millis(3);
/// How often the WAL is copied back while an import writes.
const CHECKPOINT_EVERY_SLICES: Duration = Duration::from_secs(3);
/// Seconds without a slice after which an unfinished import's process is
/// taken to be gone (a slice takes milliseconds; a wait for the shop at
/// most the 10 s busy timeout).
pub const STALE_AFTER: i64 = 60;
/// Orders (and customers) taken back per transaction of an undo.
const UNDO_BATCH: i64 = 2_000;
/// Stock movements looked at per transaction of an undo.
const UNDO_WINDOW: i64 = 20_000;

/// An import in progress: what it wrote carries its id.
pub struct Stepped {
    pub id: String,
    file: String,
}

/// Writes `items` in slices under one import record, then marks it done
/// and logs `summary`; on any error (or a cancel) takes back what it wrote
/// and returns that error.
pub fn write_all_or_nothing<T>(
    store: &mut Store,
    file: &str,
    items: &[T],
    progress: &dyn Progress,
    write: impl FnMut(&Writer, &Stepped, &T) -> Result<()>,
    summary: &str,
) -> Result<()> {
    crate::joblog::job(
        "import",
        || write_logged(store, file, items, progress, write, summary),
        |_| format!("{} items", items.len()),
    )
}

fn write_logged<T>(
    store: &mut Store,
    file: &str,
    items: &[T],
    progress: &dyn Progress,
    mut write: impl FnMut(&Writer, &Stepped, &T) -> Result<()>,
    summary: &str,
) -> Result<()> {
    let import = begin(store, file)?;
    // Many small commits grow the WAL; copying it back as the import goes
    // keeps reads (and the next save) from wading through a large one.
    let _checkpoints = Checkpointer::spawn(store.path(), CHECKPOINT_EVERY_SLICES);
    // A slice need not reach the disk by itself: until the import is done a
    // lost slice is undone anyway, and any later durable save (an order,
    // the import's own end) flushes the slices before it.
    store.conn().pragma_update(None, "synchronous", "NORMAL")?;
    let slices = write_in_slices(store, &import, items, progress, &mut write);
    store.conn().pragma_update(None, "synchronous", "FULL")?;
    let written = slices.and_then(|()| finish(store, &import, summary));
    if let Err(e) = written {
        undo(store, &import.id, progress)?;
        return Err(e);
    }
    Ok(())
}

fn begin(store: &mut Store, file: &str) -> Result<Stepped> {
    let id = ids::new_id();
    store.write(|w| {
        let now = shop_time::now();
        w.tx.execute(
            "INSERT INTO imports(id, kind, file, state, movements_after, started_at, alive_at)
             VALUES (?1, 'orders', ?2, 'writing', (SELECT COALESCE(max(rowid), 0) FROM stock_movements), ?3, ?3)",
            params![id, file, now],
        )?;
        Ok(())
    })?;
    Ok(Stepped {
        id,
        file: file.to_string(),
    })
}

fn write_in_slices<T>(
    store: &mut Store,
    import: &Stepped,
    items: &[T],
    progress: &dyn Progress,
    write: &mut impl FnMut(&Writer, &Stepped, &T) -> Result<()>,
) -> Result<()> {
    let total = items.len() as u64;
    let mut next = 0;
    while next < items.len() {
        checkpoint(progress)?;
        progress.report("import", next as u64, total);
        next = store.write(|w| {
            still_writing(w, import)?;
            let started = Instant::now();
            let mut i = next;
            while i < items.len() && (i == next || started.elapsed() < SLICE) {
                write(w, import, &items[i])?;
                i += 1;
            }
            Ok(i)
        })?;
        // Let a save that waited for this slice take the shop first.
        std::thread::sleep(GAP);
    }
    progress.report("import", total, total);
    Ok(())
}

/// Keeps the record alive, and stops the import if a later open took it
/// for abandoned and undid it.
fn still_writing(w: &Writer, import: &Stepped) -> Result<()> {
    let alive = w.tx.execute(
        "UPDATE imports SET alive_at = ?2 WHERE id = ?1 AND state = 'writing'",
        params![import.id, shop_time::now()],
    )?;
    if alive == 0 {
        return Err(CoreError::Invalid {
            field: "import".into(),
            message: format!(
                "{}: the import stopped answering for over {STALE_AFTER} s and was taken back; import the file again",
                import.file
            ),
        });
    }
    Ok(())
}

fn finish(store: &mut Store, import: &Stepped, summary: &str) -> Result<()> {
    store.write(|w| {
        still_writing(w, import)?;
        w.tx.execute(
            "UPDATE imports SET state = 'done', finished_at = ?2 WHERE id = ?1",
            params![import.id, shop_time::now()],
        )?;
        w.log("orders", &import.file, "import", summary)
    })
}

/// What an undo took back.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Undone {
    pub file: String,
    pub orders: u64,
    pub customers: u64,
}

/// Takes back everything the unfinished import `id` wrote, in steps of its
/// own; safe to run again after a crash part-way.
pub fn undo(store: &mut Store, id: &str, progress: &dyn Progress) -> Result<Undone> {
    let (file, after): (String, i64) = store.conn().query_row(
        "SELECT file, movements_after FROM imports WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    progress.report("undo", 0, 1);
    undo_movements(store, id, after)?;
    let mut undone = Undone {
        file,
        ..Undone::default()
    };
    let location = locations::main_location(store.conn())?;
    loop {
        let n = store.write(|w| undo_orders(w, id, &location))?;
        if n == 0 {
            break;
        }
        undone.orders += n;
    }
    loop {
        let n = store.write(|w| undo_customers(w, id))?;
        if n == 0 {
            break;
        }
        undone.customers += n;
    }
    store.write(|w| {
        // The rollups' triggers took the orders off; the rows they opened
        // go too.
        for r in crate::store::rollups::ROLLUPS {
            w.tx.execute_batch(&r.clear_zeros())?;
        }
        w.tx.execute(
            "UPDATE imports SET state = 'undone', finished_at = ?2 WHERE id = ?1",
            params![id, shop_time::now()],
        )?;
        w.log(
            "orders",
            &undone.file,
            "import undone",
            &format!(
                "{}: taken back, {} orders, {} new customers",
                undone.file, undone.orders, undone.customers
            ),
        )
    })?;
    progress.report("undo", 1, 1);
    Ok(undone)
}

/// The import's sales leave the ledger (and the shelf counts), a window of
/// movements at a time: only those appended since the import began.
fn undo_movements(store: &mut Store, id: &str, after: i64) -> Result<()> {
    let last: i64 = store.conn().query_row(
        "SELECT COALESCE(max(rowid), 0) FROM stock_movements",
        [],
        |r| r.get(0),
    )?;
    let mut from = after;
    while from < last {
        let to = from + UNDO_WINDOW;
        store.write(|w| {
            let theirs = "rowid > ?1 AND rowid <= ?2 AND ref_type = 'order'
                 AND EXISTS (SELECT 1 FROM orders o WHERE o.id = ref_id AND o.import_id = ?3)";
            w.tx.execute(
                &format!(
                    "UPDATE stock_levels SET on_hand = on_hand - m.qty
                     FROM (SELECT variant_id, location_id, sum(qty) AS qty FROM stock_movements
                           WHERE {theirs} GROUP BY variant_id, location_id) AS m
                     WHERE stock_levels.variant_id = m.variant_id AND stock_levels.location_id = m.location_id"
                ),
                params![from, to, id],
            )?;
            w.tx.execute(
                &format!(
                    "UPDATE stock_batches SET qty_left = qty_left - m.qty
                     FROM (SELECT batch_id, sum(qty) AS qty FROM stock_movements
                           WHERE {theirs} AND batch_id IS NOT NULL GROUP BY batch_id) AS m
                     WHERE stock_batches.id = m.batch_id"
                ),
                params![from, to, id],
            )?;
            w.tx.execute(
                &format!("DELETE FROM stock_movements WHERE {theirs}"),
                params![from, to, id],
            )?;
            Ok(())
        })?;
        from = to;
    }
    Ok(())
}

/// One batch of the import's orders goes, with everything hanging on them;
/// returns how many.
fn undo_orders(w: &Writer, id: &str, location: &str) -> Result<u64> {
    let tx = w.tx;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS undo_batch(id TEXT PRIMARY KEY); DELETE FROM temp.undo_batch;",
    )?;
    let n = tx.execute(
        "INSERT INTO temp.undo_batch SELECT id FROM orders WHERE import_id = ?1 LIMIT ?2",
        params![id, UNDO_BATCH],
    )?;
    if n == 0 {
        return Ok(0);
    }
    // What the orders still hold on the shelf (the statuses that hold
    // stock, as `orders::status::Effect::of` says).
    tx.execute(
        "UPDATE stock_levels SET committed = committed - h.qty
         FROM (SELECT l.variant_id, sum(l.qty) AS qty FROM temp.undo_batch b
               JOIN orders o ON o.id = b.id JOIN order_lines l ON l.order_id = o.id
               WHERE o.status IN ('awaiting_payment', 'paid') GROUP BY l.variant_id) AS h
         WHERE stock_levels.variant_id = h.variant_id AND stock_levels.location_id = ?1",
        [location],
    )?;
    // Whatever was done to the orders between slices goes with them.
    for table in [
        "order_coupons",
        "refunds",
        "payment_matches",
        "commissions",
        "points_ledger",
        "after_sales",
        "order_edits",
        "parcels",
        "order_lines",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE order_id IN (SELECT id FROM temp.undo_batch)"),
            [],
        )?;
    }
    tx.execute(
        "DELETE FROM orders WHERE id IN (SELECT id FROM temp.undo_batch)",
        [],
    )?;
    Ok(n as u64)
}

/// One batch of the customers the import created and nothing uses now.
fn undo_customers(w: &Writer, id: &str) -> Result<u64> {
    let tx = w.tx;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS undo_batch(id TEXT PRIMARY KEY); DELETE FROM temp.undo_batch;",
    )?;
    let n = tx.execute(
        "INSERT INTO temp.undo_batch SELECT c.id FROM customers c WHERE c.import_id = ?1
           AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.customer_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM distributors d WHERE d.customer_id = c.id)
         LIMIT ?2",
        params![id, UNDO_BATCH],
    )?;
    tx.execute(
        "DELETE FROM change_log WHERE entity = 'customer' AND action = 'create'
           AND entity_id IN (SELECT id FROM temp.undo_batch)",
        [],
    )?;
    tx.execute(
        "DELETE FROM customers WHERE id IN (SELECT id FROM temp.undo_batch)",
        [],
    )?;
    Ok(n as u64)
}

/// Takes back the imports whose process died part-way (no slice for
/// [`STALE_AFTER`] seconds). Run when the shop is opened for writing.
pub fn undo_abandoned(store: &mut Store) -> Result<Vec<Undone>> {
    let stale: Option<String> = store
        .conn()
        .query_row(
            "SELECT id FROM imports WHERE state = 'writing' AND alive_at < ?1 LIMIT 1",
            [shop_time::now() - STALE_AFTER],
            |r| r.get(0),
        )
        .optional()?;
    let Some(first) = stale else {
        return Ok(Vec::new());
    };
    let mut undone = vec![undo(store, &first, &crate::progress::Silent)?];
    undone.extend(undo_abandoned(store)?);
    Ok(undone)
}

#[cfg(test)]
#[path = "imports_tests.rs"]
mod tests;
