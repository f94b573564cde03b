//! One reconciliation pass: load what waits (orders with money due, money
//! no order claims, refunds paid out), let the rules propose, write the
//! matches and their effect on orders in one transaction.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Transaction};
use serde::Serialize;
use ts_rs::TS;

use super::matching::{self, Incoming, OpenOrder, Payer, Proposal};
use crate::checkout::money::{self, ADD_PAID};
use crate::error::Result;
use crate::ids::new_id;
use crate::orders::status::Refund;
use crate::progress::{checkpoint, Progress};
use crate::shop_time::now;
use crate::statements::{self, ImportReport};
use crate::store::{Store, Writer};

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
    store.write(|w| {
        progress.report("load", 0, 3);
        let book = Book::load(w.tx)?;
        progress.report("load", 1, 3);
        let (pay_ids, payments) = load_payments(w.tx)?;
        progress.report("load", 2, 3);
        let rejected = load_rejected(w.tx, &book.ids, &pay_ids)?;
        checkpoint(progress)?;
        progress.report("match", 0, 1);
        let by_no = matching::index_numbers(&book.orders);
        let proposals =
            matching::propose(&book.orders, &by_no, &book.payers, &payments, &|p, o| {
                rejected.contains(&(p, o))
            });
        checkpoint(progress)?;
        progress.report("write", 0, 1);
        let mut report = write_matches(w, &book, &pay_ids, &proposals)?;
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

/// Every order that can take money, with its payer's names.
struct Book {
    ids: Vec<String>,
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
        let mut customer_index: HashMap<String, usize> = HashMap::new();
        let mut stmt = tx.prepare("SELECT id, wechat_nick, name FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            customer_index.insert(r.get(0)?, payers.len());
            let mut names: Vec<String> = [r.get::<_, String>(1)?, r.get(2)?]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect();
            names.dedup_by(|a, b| matching::normalize(a) == matching::normalize(b));
            payers.push(Payer { names });
        }
        let mut stmt = tx.prepare(
            "SELECT id, order_no, customer_id, total_fen - paid_fen, placed_at,
                    referrer_id IS NOT NULL OR customer_id IN (SELECT customer_id FROM members)
             FROM orders WHERE status NOT IN ('draft','cancelled')",
        )?;
        let (mut ids, mut orders, mut follows) = (Vec::new(), Vec::new(), Vec::new());
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            ids.push(r.get(0)?);
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
            ids,
            orders,
            payers,
            follows,
        })
    }
}

fn load_payments(tx: &Transaction) -> Result<(Vec<String>, Vec<Incoming>)> {
    let mut stmt = tx.prepare(&format!(
        "SELECT p.id, p.amount_fen, p.occurred_at, p.counterparty, p.remark, COALESCE(p.merchant_order_no, '')
         FROM payments p
         WHERE {CANDIDATE}
           AND NOT EXISTS (SELECT 1 FROM payment_matches m WHERE m.payment_id = p.id AND m.status <> 'rejected')
         ORDER BY p.occurred_at"
    ))?;
    let (mut ids, mut payments) = (Vec::new(), Vec::new());
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        ids.push(r.get(0)?);
        payments.push(Incoming {
            amount: r.get(1)?,
            at: r.get(2)?,
            counterparty: r.get(3)?,
            remark: r.get(4)?,
            merchant_order_no: r.get(5)?,
        });
    }
    Ok((ids, payments))
}

/// The (payment, order) pairs a person turned down, as indexes.
fn load_rejected(
    tx: &Transaction,
    order_ids: &[String],
    pay_ids: &[String],
) -> Result<HashSet<(usize, usize)>> {
    let mut stmt =
        tx.prepare("SELECT payment_id, order_id FROM payment_matches WHERE status = 'rejected'")?;
    let pairs: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if pairs.is_empty() {
        return Ok(HashSet::new());
    }
    let wanted_orders: HashSet<&str> = pairs.iter().map(|(_, o)| o.as_str()).collect();
    let orders: HashMap<&str, usize> = order_ids
        .iter()
        .enumerate()
        .filter(|(_, id)| wanted_orders.contains(id.as_str()))
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let pays: HashMap<&str, usize> = pay_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    Ok(pairs
        .iter()
        .filter_map(|(p, o)| Some((*pays.get(p.as_str())?, *orders.get(o.as_str())?)))
        .collect())
}

fn write_matches(
    w: &Writer,
    book: &Book,
    pay_ids: &[String],
    proposals: &[Proposal],
) -> Result<RunReport> {
    let at = now();
    let mut insert = w.tx.prepare_cached(
        "INSERT INTO payment_matches(id, payment_id, order_id, amount_fen, status, rule, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(payment_id, order_id) DO NOTHING",
    )?;
    let mut paid: HashMap<usize, i64> = HashMap::new();
    let mut report = RunReport::default();
    let mut counted = HashSet::new();
    for p in proposals {
        let status = if p.certain { "auto" } else { "suggested" };
        let n = insert.execute(params![
            new_id(),
            pay_ids[p.payment],
            book.ids[p.order],
            p.amount,
            status,
            p.rule.as_str(),
            at
        ])?;
        if n == 0 || !counted.insert((p.payment, p.certain)) {
            continue;
        }
        if p.certain {
            report.auto += 1;
        } else {
            report.suggested += 1;
        }
        if p.certain {
            *paid.entry(p.order).or_default() += p.amount;
        }
    }
    // In the book's (time) order: neighbouring orders share index pages.
    let mut paid: Vec<(usize, i64)> = paid.into_iter().collect();
    paid.sort_unstable();
    let mut update = w.tx.prepare(ADD_PAID)?;
    for (order, amount) in paid {
        update.execute(params![book.ids[order], amount, at])?;
        if book.follows[order] {
            money::moved(w.tx, &book.ids[order], at)?;
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
                (SELECT m.order_id FROM payments o JOIN payment_matches m ON m.payment_id = o.id AND m.status IN ('auto','confirmed')
                  WHERE o.source = p.source AND o.txn_id = p.original_txn_id LIMIT 1),
                COALESCE(p.merchant_order_no, ''), p.remark
         FROM payments p
         WHERE p.direction = 'out' AND p.settled = 1 AND p.kind IN ('refund','transfer','red_packet')
           AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id)",
    )?;
    type Line = (String, i64, i64, String, Option<String>, String, String);
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
                .map(|&o| book.ids[o].clone())
        };
        let order = match kind.as_str() {
            "refund" => by_original
                .or_else(|| by_number(&merchant_no))
                .or_else(|| by_number(&remark)),
            // A transfer out is a refund only when its note names the order.
            _ => by_number(&remark),
        };
        if let Some(order) = order {
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
