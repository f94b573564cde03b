//! One reconciliation pass: load what waits (orders with money due, money
//! no order claims, refunds paid out), let the rules propose, write the
//! matches and their effect on orders in one transaction.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rusqlite::{params, Transaction};
use serde::Serialize;
use ts_rs::TS;

use super::matching::{self, Incoming, OpenOrder, Payer, Proposal};
use crate::checkout::money;
use crate::error::Result;
use crate::orders::status::Refund;
use crate::progress::{checkpoint, Progress};
use crate::shop_time::now;
use crate::statements::{self, ImportReport};
use crate::store::{money_rollups, Store, Writer};

/// What one pass did.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct RunReport {
    pub payments_considered: u32,
    pub auto: u32,
    pub suggested: u32,
    pub refunds_linked: u32,
}

/// Incoming lines that can pay for an order.
pub(crate) const CANDIDATE: &str = "p.direction = 'in' AND p.kind IN ('sale','transfer','red_packet') AND p.settled = 1 AND p.ignore_reason IS NULL";

/// A statement imported and the reconciliation run right after it: what
/// the screen does when a file is dropped on it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Imported {
    pub import: ImportReport,
    pub run: RunReport,
}

pub fn import_and_run(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    progress: &dyn Progress,
) -> Result<Imported> {
    let import = statements::import_bytes(store, bytes, file_name, progress)?;
    let run = run(store, progress)?;
    Ok(Imported { import, run })
}

pub fn run(store: &mut Store, progress: &dyn Progress) -> Result<RunReport> {
    crate::joblog::job(
        "reconcile",
        || match_all(store, progress),
        |r| {
            format!(
                "{} payments, {} matched, {} to confirm, {} refunds linked",
                r.payments_considered, r.auto, r.suggested, r.refunds_linked
            )
        },
    )
}

fn match_all(store: &mut Store, progress: &dyn Progress) -> Result<RunReport> {
    store.write_trusted(|w| {
        progress.report("load", 0, 3);
        let book = Book::load(w.tx)?;
        progress.report("load", 1, 3);
        let (pay_rows, payments) = load_payments(w.tx)?;
        progress.report("load", 2, 3);
        let rejected = load_rejected(w.tx, &book.rows, &pay_rows)?;
        checkpoint(progress)?;
        progress.report("match", 0, 1);
        let by_no = matching::index_numbers(&book.orders);
        let proposals =
            matching::propose(&book.orders, &by_no, &book.payers, &payments, &|p, o| {
                rejected.contains(&(p, o))
            });
        checkpoint(progress)?;
        progress.report("write", 0, 1);
        let mut report = write_matches(w, &book, &pay_rows, &proposals, progress)?;
        report.payments_considered = payments.len() as u32;
        report.refunds_linked = link_refunds(w, &book, &by_no)?;
        w.log(
            "reconcile",
            "",
            "run",
            &format!(
                "{} auto, {} suggested, {} refunds",
                report.auto, report.suggested, report.refunds_linked
            ),
        )?;
        Ok(report)
    })
}

/// Every order that can take money, with its payer's names. Orders and
/// payments are held by rowid: a million text ids cost memory, and the
/// writes find a row by rowid faster than by its id.
struct Book {
    rows: Vec<i64>,
    orders: Vec<OpenOrder>,
    payers: Vec<Payer>,
    /// Whether money on the order moves something else (a referrer's
    /// commission, a member's points): most orders move nothing, and a
    /// pass over a million of them should not ask each.
    follows: Vec<bool>,
}

impl Book {
    fn load(tx: &Transaction) -> Result<Book> {
        let mut payers = Vec::new();
        let mut customer_index: HashMap<String, usize> = HashMap::default();
        let mut stmt = tx.prepare("SELECT id, wechat_nick, name FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            customer_index.insert(r.get(0)?, payers.len());
            let (nick, name): (String, String) = (r.get(1)?, r.get(2)?);
            payers.push(Payer::new(&[&nick, &name]));
        }
        let mut stmt = tx.prepare(
            "SELECT rowid, order_no, customer_id, total_fen - paid_fen, placed_at,
                    referrer_id IS NOT NULL OR customer_id IN (SELECT customer_id FROM members)
             FROM orders WHERE status NOT IN ('draft','cancelled')",
        )?;
        let (mut order_rows, mut orders, mut follows) = (Vec::new(), Vec::new(), Vec::new());
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            order_rows.push(r.get(0)?);
            follows.push(r.get(5)?);
            let customer: Option<String> = r.get(2)?;
            orders.push(OpenOrder {
                order_no: r.get(1)?,
                customer: customer.and_then(|c| customer_index.get(&c).copied()),
                due: r.get(3)?,
                placed_at: r.get(4)?,
            });
        }
        Ok(Book {
            rows: order_rows,
            orders,
            payers,
            follows,
        })
    }
}

fn load_payments(tx: &Transaction) -> Result<(Vec<i64>, Vec<Incoming>)> {
    let mut stmt = tx.prepare(&format!(
        "SELECT p.rowid, p.amount_fen, p.occurred_at, p.counterparty, p.remark, COALESCE(p.merchant_order_no, '')
         FROM payments p
         WHERE {CANDIDATE}
           AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.payment_id = p.id AND m.status <> 'rejected')
         ORDER BY p.occurred_at"
    ))?;
    let (mut pay_rows, mut payments) = (Vec::new(), Vec::new());
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        pay_rows.push(r.get(0)?);
        payments.push(Incoming {
            amount: r.get(1)?,
            at: r.get(2)?,
            counterparty: r.get(3)?,
            remark: r.get(4)?,
            merchant_order_no: r.get(5)?,
        });
    }
    Ok((pay_rows, payments))
}

/// The (payment, order) pairs a person turned down, as indexes.
fn load_rejected(
    tx: &Transaction,
    order_rows: &[i64],
    pay_rows: &[i64],
) -> Result<HashSet<(usize, usize)>> {
    let mut stmt = tx.prepare(
        "SELECT p.rowid, o.rowid FROM payment_matches m
         JOIN payments p ON p.id = m.payment_id JOIN orders o ON o.id = m.order_id
         WHERE m.status = 'rejected'",
    )?;
    let pairs: Vec<(i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if pairs.is_empty() {
        return Ok(HashSet::default());
    }
    let wanted_orders: HashSet<i64> = pairs.iter().map(|&(_, o)| o).collect();
    let orders: HashMap<i64, usize> = order_rows
        .iter()
        .enumerate()
        .filter(|(_, row)| wanted_orders.contains(row))
        .map(|(i, &row)| (row, i))
        .collect();
    let pays: HashMap<i64, usize> = pay_rows
        .iter()
        .enumerate()
        .map(|(i, &row)| (row, i))
        .collect();
    Ok(pairs
        .iter()
        .filter_map(|(p, o)| Some((*pays.get(p)?, *orders.get(o)?)))
        .collect())
}

/// Writes the proposals set-wise: staged in a temporary table, inserted as
/// matches in one statement, and the certain money summed per order and
/// added by [`money::add_paid_many`], the rollups following by difference
/// ([`money_rollups::moving`]). Statement by statement, a whole bill's
/// worth of matches spent most of the pass in per-row overhead.
fn write_matches(
    w: &Writer,
    book: &Book,
    pay_rows: &[i64],
    proposals: &[Proposal],
    progress: &dyn Progress,
) -> Result<RunReport> {
    let at = now();
    let report = stage(w.tx, book, pay_rows, proposals)?;
    w.tx.execute_batch(
        "CREATE TEMP TABLE paid_orders (order_row INTEGER PRIMARY KEY, amount INTEGER NOT NULL);
         INSERT INTO temp.paid_orders SELECT order_row, sum(amount_fen) FROM temp.staged_matches
         WHERE status = 'auto' GROUP BY order_row;",
    )?;
    money_rollups::moving(w.tx, "temp.paid_orders", "temp.staged_matches", || {
        // No pair can be there already: the payments loaded have no match
        // but rejected ones, and the rules skip those. Were one there, the
        // insert fails and the pass is taken back whole rather than
        // counted twice.
        w.tx.execute(
            "INSERT INTO payment_matches(id, payment_id, order_id, amount_fen, status, rule, created_at)
             SELECT match_id(p.id, o.id), p.id, o.id, s.amount_fen, s.status, s.rule, ?1
             FROM temp.staged_matches s
             JOIN payments p ON p.rowid = s.payment_row JOIN orders o ON o.rowid = s.order_row",
            [at],
        )?;
        money::add_paid_many(w.tx, "temp.paid_orders", at, progress)
    })?;
    let follows: Vec<String> =
        w.tx.prepare(
            "SELECT DISTINCT o.id FROM temp.staged_matches s JOIN orders o ON o.rowid = s.order_row
             WHERE s.status = 'auto' AND s.follows",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for order in follows {
        money::moved(w.tx, &order, at)?;
    }
    w.tx.execute_batch("DROP TABLE temp.staged_matches; DROP TABLE temp.paid_orders;")?;
    Ok(report)
}

/// The proposals as rows of `temp.staged_matches` (a pair proposed twice
/// once), and what the pass will report of them.
fn stage(
    tx: &Transaction,
    book: &Book,
    pay_rows: &[i64],
    proposals: &[Proposal],
) -> Result<RunReport> {
    tx.execute_batch(
        "CREATE TEMP TABLE staged_matches (
           payment_row INTEGER NOT NULL, order_row INTEGER NOT NULL,
           amount_fen INTEGER NOT NULL, status TEXT NOT NULL, rule TEXT NOT NULL, follows INTEGER NOT NULL)",
    )?;
    let mut insert = tx.prepare(
        "INSERT INTO temp.staged_matches(payment_row, order_row, amount_fen, status, rule, follows)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut report = RunReport::default();
    let (mut pairs, mut counted) = (HashSet::default(), HashSet::default());
    for p in proposals {
        if !pairs.insert((p.payment, p.order)) {
            continue;
        }
        let status = if p.certain { "auto" } else { "suggested" };
        insert.execute(params![
            pay_rows[p.payment],
            book.rows[p.order],
            p.amount,
            status,
            p.rule.as_str(),
            book.follows[p.order],
        ])?;
        if counted.insert((p.payment, p.certain)) {
            *(if p.certain {
                &mut report.auto
            } else {
                &mut report.suggested
            }) += 1;
        }
    }
    Ok(report)
}

/// Money paid back to customers: a refund line of a merchant bill (by the
/// original transaction or the order number) or a transfer whose note names
/// the order. Settles a refund owed of that amount, or records one.
fn link_refunds(w: &Writer, book: &Book, by_no: &HashMap<String, usize>) -> Result<u32> {
    let mut stmt = w.tx.prepare(
        "SELECT p.id, p.amount_fen, p.occurred_at, p.kind,
                (SELECT x.rowid FROM payments o JOIN payment_matches m ON m.payment_id = o.id AND m.status IN ('auto','confirmed')
                  JOIN orders x ON x.id = m.order_id
                  WHERE o.source = p.source AND o.txn_id = p.original_txn_id LIMIT 1),
                COALESCE(p.merchant_order_no, ''), p.remark
         FROM payments p
         WHERE p.direction = 'out' AND p.settled = 1 AND p.kind IN ('refund','transfer','red_packet')
           AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id)",
    )?;
    type Line = (String, i64, i64, String, Option<i64>, String, String);
    let lines: Vec<Line> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut linked = 0;
    for (pid, amount, at, kind, by_original, merchant_no, remark) in lines {
        let by_number = |text: &str| {
            matching::note_tokens(text)
                .iter()
                .find_map(|t| by_no.get(t))
                .map(|&o| book.rows[o])
        };
        let order = match kind.as_str() {
            "refund" => by_original
                .or_else(|| by_number(&merchant_no))
                .or_else(|| by_number(&remark)),
            // A transfer out is a refund only when its note names the order.
            _ => by_number(&remark),
        };
        if let Some(row) = order {
            let order: String =
                w.tx.query_row("SELECT id FROM orders WHERE rowid = ?1", [row], |r| {
                    r.get(0)
                })?;
            settle_refund(w.tx, &order, &pid, amount, at)?;
            linked += 1;
        }
    }
    Ok(linked)
}

fn settle_refund(
    tx: &Transaction,
    order_id: &str,
    payment_id: &str,
    amount: i64,
    at: i64,
) -> Result<()> {
    let owed = tx
        .execute(
            "UPDATE refunds SET status = 'settled', payment_id = ?2
             WHERE id = (SELECT id FROM refunds WHERE order_id = ?1 AND status = 'owed' AND payment_id IS NULL AND amount_fen = ?3 LIMIT 1)",
            params![order_id, payment_id, amount],
        )?;
    if owed == 0 {
        let refund = Refund {
            amount_fen: amount,
            reason: "对账单退款",
            status: "settled",
            payment_id: Some(payment_id),
            at,
        };
        money::refund(tx, order_id, &refund)?;
    }
    Ok(())
}
