//! `check`: SQLite's own integrity check plus the product's invariants. Each
//! broken invariant is named with examples, so a merchant (or support) sees
//! what is wrong, not just that something is.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Problem {
    pub invariant: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CheckReport {
    pub ok: bool,
    pub checked: Vec<String>,
    pub problems: Vec<Problem>,
}

/// Each invariant: a name and a query returning one text row per violation.
const INVARIANTS: &[(&str, &str)] = &[
    // A WITHOUT ROWID table's row has no rowid to name.
    ("foreign_keys", "SELECT \"table\" || COALESCE(' row ' || rowid, ' (a row)') || ' points to a missing ' || parent FROM pragma_foreign_key_check"),
    (
        "stock_cache_equals_ledger",
        "WITH ledger AS (SELECT variant_id, location_id, sum(qty) AS q FROM stock_movements GROUP BY 1, 2)
         SELECT v.sku || ': cached on-hand ' || COALESCE(s.on_hand, 0) || ', ledger sum ' || COALESCE(l.q, 0)
         FROM (SELECT variant_id, location_id FROM stock_levels UNION SELECT variant_id, location_id FROM ledger) k
         JOIN variants v ON v.id = k.variant_id
         LEFT JOIN stock_levels s ON s.variant_id = k.variant_id AND s.location_id = k.location_id
         LEFT JOIN ledger l ON l.variant_id = k.variant_id AND l.location_id = k.location_id
         WHERE COALESCE(s.on_hand, 0) <> COALESCE(l.q, 0)",
    ),
    // A batch holds what its movements left, never below zero, and the
    // batches of a shelf never more than is on it.
    (
        "batches_equal_ledger",
        "SELECT v.sku || ' batch ' || b.expires_on || ': left ' || b.qty_left || ', its movements ' || COALESCE(m.q, 0)
         FROM stock_batches b JOIN variants v ON v.id = b.variant_id
         LEFT JOIN (SELECT batch_id, sum(qty) AS q FROM stock_movements WHERE batch_id IS NOT NULL GROUP BY 1) m ON m.batch_id = b.id
         WHERE b.qty_left <> COALESCE(m.q, 0)
         UNION ALL
         SELECT v.sku || ': batches hold ' || sum(b.qty_left) || ', on hand ' || s.on_hand
         FROM stock_batches b JOIN variants v ON v.id = b.variant_id
         JOIN stock_levels s ON s.variant_id = b.variant_id AND s.location_id = b.location_id
         GROUP BY b.variant_id, b.location_id HAVING sum(b.qty_left) > max(s.on_hand, 0)",
    ),
    (
        "committed_equals_open_orders",
        "WITH open AS (SELECT l.variant_id, sum(l.qty) AS q FROM order_lines l JOIN orders o ON o.id = l.order_id
                       WHERE o.status IN ('awaiting_payment', 'paid') GROUP BY 1),
              held AS (SELECT variant_id, sum(committed) AS q FROM stock_levels GROUP BY 1)
         SELECT v.sku || ': committed ' || COALESCE(h.q, 0) || ', open orders hold ' || COALESCE(o.q, 0)
         FROM (SELECT variant_id FROM open UNION SELECT variant_id FROM held) k
         JOIN variants v ON v.id = k.variant_id
         LEFT JOIN open o ON o.variant_id = k.variant_id LEFT JOIN held h ON h.variant_id = k.variant_id
         WHERE COALESCE(h.q, 0) <> COALESCE(o.q, 0)",
    ),
    // A parcel is goods that left: its order was fulfilled (and may have
    // been completed or refunded since), and goes by courier.
    (
        "parcels_left_the_shelf",
        "SELECT o.order_no || ': a parcel on an order ' || o.status || ' by ' || o.delivery
         FROM parcels p JOIN orders o ON o.id = p.order_id
         WHERE o.status NOT IN ('fulfilled', 'completed', 'refunded') OR o.delivery <> 'courier'",
    ),
    (
        "order_totals_equal_lines",
        "SELECT o.order_no || ': subtotal ' || o.subtotal_fen || ' fen, lines sum ' || COALESCE(s.t, 0) || ' fen'
         FROM orders o LEFT JOIN (SELECT order_id, sum(line_total_fen) AS t FROM order_lines GROUP BY 1) s ON s.order_id = o.id
         WHERE o.subtotal_fen <> COALESCE(s.t, 0) OR o.total_fen <> o.subtotal_fen - o.discount_fen",
    ),
    // An overpaid order may give back more than its total, never more than
    // it received.
    (
        "refunded_equals_refund_lines",
        "SELECT o.order_no || ': refunded ' || o.refunded_fen || ' fen, refund lines ' || COALESCE(r.t, 0) || ' fen'
         FROM orders o LEFT JOIN (SELECT order_id, sum(amount_fen) AS t FROM refunds GROUP BY 1) r ON r.order_id = o.id
         WHERE o.refunded_fen <> COALESCE(r.t, 0) OR o.refunded_fen > max(o.total_fen, o.paid_fen)",
    ),
    (
        "paid_equals_accepted_matches",
        "SELECT o.order_no || ': paid ' || o.paid_fen || ' fen, accepted matches ' || COALESCE(m.t, 0) || ' fen'
         FROM orders o LEFT JOIN (SELECT order_id, sum(amount_fen) AS t FROM payment_matches
                                  WHERE status IN ('auto', 'confirmed') GROUP BY 1) m ON m.order_id = o.id
         WHERE o.paid_fen <> COALESCE(m.t, 0)",
    ),
    (
        "payments_cover_their_matches",
        "SELECT p.txn_id || ': matched ' || sum(m.amount_fen) || ' fen of a ' || p.amount_fen || ' fen payment'
         FROM payment_matches m JOIN payments p ON p.id = m.payment_id
         WHERE m.status IN ('auto','confirmed') GROUP BY p.id HAVING sum(m.amount_fen) > p.amount_fen",
    ),
    (
        "distribution_two_levels",
        "SELECT d.name || ': level ' || d.level || ' under ' || COALESCE(r.name, 'nobody')
         FROM distributors d LEFT JOIN distributors r ON r.id = d.recruiter_id
         WHERE (d.level = 1 AND d.recruiter_id IS NOT NULL) OR (d.level = 2 AND COALESCE(r.level, 0) <> 1)",
    ),
    (
        "campaign_spend_equals_lines",
        "SELECT c.name || ': spend ' || c.spend_fen || ' fen, spend lines ' || COALESCE(s.t, 0) || ' fen'
         FROM campaigns c LEFT JOIN (SELECT campaign_id, sum(amount_fen) AS t FROM campaign_spend GROUP BY 1) s ON s.campaign_id = c.id
         WHERE c.spend_fen <> COALESCE(s.t, 0)",
    ),
    (
        "member_points_equal_ledger",
        "SELECT c.name || ': points ' || m.points || ', ledger ' || COALESCE(l.t, 0)
         FROM members m JOIN customers c ON c.id = m.customer_id
         LEFT JOIN (SELECT member_id, sum(delta) AS t FROM points_ledger GROUP BY 1) l ON l.member_id = m.id
         WHERE m.points <> COALESCE(l.t, 0) OR m.points < 0",
    ),
    (
        "coupon_discounts_within_orders",
        "SELECT o.order_no || ': coupons took ' || sum(oc.discount_fen) || ' fen of a ' || (o.subtotal_fen + o.discount_fen) || ' fen order'
         FROM order_coupons oc JOIN orders o ON o.id = oc.order_id
         GROUP BY o.id HAVING sum(oc.discount_fen) > (SELECT sum(line_total_fen + discount_fen) FROM order_lines WHERE order_id = o.id)",
    ),
    (
        "po_total_equals_lines",
        "SELECT po.po_no || ': total ' || po.total_fen || ' fen, lines ' || COALESCE(sum(pl.amount), 0)
         FROM purchase_orders po LEFT JOIN (
           SELECT pl.po_id, (2 * pl.qty * pl.unit_cost_fen + v.unit_qty) / (2 * v.unit_qty) AS amount
           FROM po_lines pl JOIN variants v ON v.id = pl.variant_id) pl ON pl.po_id = po.id
         GROUP BY po.id HAVING po.total_fen <> COALESCE(sum(pl.amount), 0)",
    ),
    (
        "receipts_are_stock_movements",
        "WITH posted AS (SELECT ref_id, variant_id, sum(qty) AS q FROM stock_movements WHERE ref_type = 'receipt' GROUP BY 1, 2),
              lines AS (SELECT receipt_id, variant_id, sum(qty) AS q FROM receipt_lines GROUP BY 1, 2)
         SELECT 'receipt ' || k.receipt_id || ': received ' || COALESCE(l.q, 0) || ', posted to stock ' || COALESCE(p.q, 0)
         FROM (SELECT receipt_id, variant_id FROM lines UNION SELECT ref_id, variant_id FROM posted) k
         LEFT JOIN lines l ON l.receipt_id = k.receipt_id AND l.variant_id = k.variant_id
         LEFT JOIN posted p ON p.ref_id = k.receipt_id AND p.variant_id = k.variant_id
         WHERE COALESCE(l.q, 0) <> COALESCE(p.q, 0)",
    ),
    // The next open for writing takes such an import back (see `imports`);
    // until then its orders are in the shop and the merchant must know.
    (
        "imports_finished",
        "SELECT 'the import of ' || file || ' stopped part-way; open the shop (the app, or any command that writes) to take it back'
         FROM imports WHERE state = 'writing' AND alive_at < CAST(strftime('%s', 'now') AS INTEGER) - 60",
    ),
];

const EXAMPLES: usize = 20;

/// The whole check: SQLite's full integrity check, every invariant and
/// every rollup against its facts.
pub fn run(conn: &Connection) -> Result<CheckReport> {
    inspect(conn, "integrity_check", true)
}

/// The check in seconds for a big shop: SQLite's `quick_check` (every page
/// and record sound, without cross-checking each index against its table)
/// and the invariants on money and stock; the foreign keys and the
/// rollups, which read every row twice over, are left to [`run`].
pub fn quick(conn: &Connection) -> Result<CheckReport> {
    inspect(conn, "quick_check", false)
}

/// Invariants `quick` leaves out: each reads a whole table against another.
const THOROUGH_ONLY: &[&str] = &["foreign_keys"];

/// One named query of the check.
type Query = (String, String);

fn inspect(conn: &Connection, pragma: &str, thorough: bool) -> Result<CheckReport> {
    let integrity = if thorough {
        "integrity"
    } else {
        "integrity_quick"
    };
    // Every rollup the dashboard reads equals the facts it sums.
    let rollups = crate::store::rollups::ROLLUPS
        .iter()
        .filter(|_| thorough)
        .map(|r| (format!("{}_equals_facts", r.table), r.disagreements()));
    let queries: Vec<Query> = INVARIANTS
        .iter()
        .filter(|(n, _)| thorough || !THOROUGH_ONLY.contains(n))
        .map(|(n, q)| (n.to_string(), q.to_string()))
        .chain(rollups)
        .collect();
    let (verdict, found) = match readers_of(conn) {
        Some(path) => beside(conn, pragma, &queries, &path)?,
        None => (
            integrity_verdict(conn, pragma)?,
            run_queries(conn, &queries)?,
        ),
    };
    let mut problems: Vec<Problem> = verdict
        .into_iter()
        .map(|detail| Problem {
            invariant: integrity.into(),
            detail,
        })
        .collect();
    problems.extend(found);
    let mut checked = vec![integrity.to_string()];
    checked.extend(queries.into_iter().map(|(name, _)| name));
    Ok(CheckReport {
        ok: problems.is_empty(),
        checked,
        problems,
    })
}

/// The file other connections can read the same shop from: none for a
/// shop in memory, or while `conn` holds changes others cannot see yet.
fn readers_of(conn: &Connection) -> Option<std::path::PathBuf> {
    let path = conn.path().filter(|p| !p.is_empty())?;
    conn.is_autocommit().then(|| path.into())
}

/// SQLite's integrity check on `conn` while the queries run beside it on
/// readers of the same file, one per spare core: the integrity check alone
/// is about half of a million-order shop's check. Each query reads one
/// snapshot of its own, as it would one after another.
fn beside(
    conn: &Connection,
    pragma: &str,
    queries: &[Query],
    path: &std::path::Path,
) -> Result<(Vec<String>, Vec<Problem>)> {
    let helpers = std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .clamp(1, 3);
    std::thread::scope(|s| {
        let shares: Vec<_> = (0..helpers)
            .map(|h| {
                let share: Vec<&Query> = queries.iter().skip(h).step_by(helpers).collect();
                s.spawn(move || -> Result<Vec<(usize, Problem)>> {
                    let reader = crate::store::reader(path)?;
                    let mut out = Vec::new();
                    for (i, q) in share.into_iter().enumerate() {
                        let at = h + i * helpers;
                        out.extend(run_query(&reader, q)?.into_iter().map(|p| (at, p)));
                    }
                    Ok(out)
                })
            })
            .collect();
        let verdict = integrity_verdict(conn, pragma)?;
        let mut found = Vec::new();
        for share in shares {
            found.extend(share.join().map_err(|_| {
                crate::error::CoreError::invalid("check", "a part of the check stopped")
            })??);
        }
        // In the order the queries are listed, as one after another gives.
        found.sort_by_key(|(at, _)| *at);
        Ok((verdict, found.into_iter().map(|(_, p)| p).collect()))
    })
}

/// SQLite's verdict: empty when it says "ok".
fn integrity_verdict(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let verdict: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if verdict == ["ok"] {
        Vec::new()
    } else {
        verdict
    })
}

fn run_queries(conn: &Connection, queries: &[Query]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for q in queries {
        problems.extend(run_query(conn, q)?);
    }
    Ok(problems)
}

/// The query's first examples, each a problem under its name.
fn run_query(conn: &Connection, (name, sql): &Query) -> Result<Vec<Problem>> {
    let mut stmt = conn.prepare(&format!("{sql} LIMIT {EXAMPLES}"))?;
    let found = stmt.query_map([], |r| r.get::<_, String>(0))?;
    found
        .map(|detail| {
            Ok(Problem {
                invariant: name.clone(),
                detail: detail?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Session, Store};

    #[test]
    fn names_a_stock_cache_that_disagrees_with_its_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
        assert!(run(store.conn()).unwrap().ok);
        crate::testing::one_product(store.conn(), "TAO", 100);
        store
            .conn()
            .execute_batch(
                "INSERT INTO locations(id,name,created_at) VALUES ('l','仓库',0);
                 INSERT INTO stock_movements(id,variant_id,location_id,qty,reason,at) VALUES ('m','v','l',5,'receipt',0);
                 INSERT INTO stock_levels(variant_id,location_id,on_hand) VALUES ('v','l',7);",
            )
            .unwrap();
        let report = run(store.conn()).unwrap();
        assert!(!report.ok);
        assert_eq!(report.problems[0].invariant, "stock_cache_equals_ledger");
        assert!(report.problems[0]
            .detail
            .contains("TAO: cached on-hand 7, ledger sum 5"));
        // The quick check finds it too, having left out only the slow parts.
        let quick = quick(store.conn()).unwrap();
        assert_eq!(quick.problems[0].invariant, "stock_cache_equals_ledger");
        assert_eq!(quick.checked[0], "integrity_quick");
        assert!(quick.checked.len() < report.checked.len());
        assert!(!quick.checked.iter().any(|c| c.ends_with("_equals_facts")));
    }

    /// The queries run beside the integrity check on readers of the file;
    /// inside an open transaction, whose changes only it sees, they run on
    /// the one connection. Either way the same problems, in the same order.
    #[test]
    fn beside_the_integrity_check_or_after_it_the_report_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
        crate::testing::one_product(store.conn(), "TAO", 100);
        store
            .conn()
            .execute_batch(
                "INSERT INTO locations(id,name,created_at) VALUES ('l','仓库',0);
                 INSERT INTO stock_levels(variant_id,location_id,on_hand) VALUES ('v','l',7);
                 INSERT INTO product_daily(day, variant_id, qty, revenue_fen) VALUES ('2026-11-01', 'v', 3, 300);
                 INSERT INTO campaign_costs(campaign_id, cost_fen, costless_lines) VALUES ('c', 5, 0);",
            )
            .unwrap();
        let path = store.path().to_path_buf();
        assert_eq!(readers_of(store.conn()), Some(path));
        let beside = run(store.conn()).unwrap();
        let names: Vec<&str> = beside
            .problems
            .iter()
            .map(|p| p.invariant.as_str())
            .collect();
        assert!(names.contains(&"stock_cache_equals_ledger"), "{names:?}");
        assert!(names.contains(&"product_daily_equals_facts"), "{names:?}");
        assert!(names.contains(&"campaign_costs_equals_facts"), "{names:?}");
        store.conn().execute_batch("BEGIN").unwrap();
        assert_eq!(readers_of(store.conn()), None);
        let after = run(store.conn()).unwrap();
        store.conn().execute_batch("ROLLBACK").unwrap();
        let text = |r: &CheckReport| format!("{:?} {:?}", r.checked, r.problems);
        assert_eq!(text(&after), text(&beside));
    }
}
