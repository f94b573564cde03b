//! A person's decisions: confirm a suggestion (or match by hand), reject a
//! match, or say an incoming payment is not a sale.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::checkout::{self, money::add_paid};
use crate::error::{CoreError, Refusal, Result};
use crate::ids::match_id;
use crate::money::Money;
use crate::orders::status::Refund;
use crate::orders::{self, NewLine, NewOrder};
use crate::shop_time::now;
use crate::store::Store;

struct Payment {
    id: String,
    amount: i64,
}

fn payment(tx: &Transaction, txn_id: &str) -> Result<Payment> {
    // `source IN (…)` lets the (source, txn_id) index answer.
    let mut stmt = tx.prepare(
        "SELECT id, amount_fen FROM payments WHERE source IN ('wechat','alipay','cash','bank','other') AND txn_id = ?1",
    )?;
    let found: Vec<Payment> = stmt
        .query_map([txn_id], |r| {
            Ok(Payment {
                id: r.get(0)?,
                amount: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = found.into_iter();
    match (found.next(), found.next()) {
        (None, _) => Err(CoreError::NotFound {
            entity: "payment",
            key: txn_id.to_string(),
        }),
        (Some(one), None) => Ok(one),
        _ => Err(CoreError::invalid(
            "txn_id",
            format!("{txn_id} is in more than one wallet's statements"),
        )),
    }
}

fn existing(
    tx: &Transaction,
    payment_id: &str,
    order_id: &str,
) -> Result<Option<(String, String, i64)>> {
    Ok(tx
        .query_row(
            "SELECT id, status, amount_fen FROM payment_matches WHERE payment_id = ?1 AND order_id = ?2",
            [payment_id, order_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Money of a payment already counted towards orders.
fn allocated(tx: &Transaction, payment_id: &str) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT COALESCE(sum(amount_fen), 0) FROM payment_matches WHERE payment_id = ?1 AND status IN ('auto','confirmed')",
        [payment_id],
        |r| r.get(0),
    )?)
}

/// Confirms that `txn_id` pays (part of) `order_no`: a suggestion becomes
/// confirmed, or a new match is made by hand for what the payment has left.
pub fn confirm(store: &mut Store, order_no: &str, txn_id: &str) -> Result<()> {
    store.write(|w| {
        let pay = payment(w.tx, txn_id)?;
        let order = orders::id_of(w.tx, order_no)?;
        let amount = match existing(w.tx, &pay.id, &order)? {
            Some((_, status, _)) if status == "auto" || status == "confirmed" => return Ok(()),
            Some((id, _, amount)) => {
                w.tx.execute("UPDATE payment_matches SET status = 'confirmed', created_at = ?2 WHERE id = ?1", params![id, now()])?;
                amount
            }
            None => {
                let left = pay.amount - allocated(w.tx, &pay.id)?;
                if left <= 0 {
                    return Err(CoreError::refused(
                        Refusal::PaymentUsedUp,
                        &[("txn", txn_id.to_string())],
                        format!("{txn_id} is already fully matched to other orders"),
                    ));
                }
                w.tx.execute(
                    "INSERT INTO payment_matches(id, payment_id, order_id, amount_fen, status, rule, created_at) VALUES (?1, ?2, ?3, ?4, 'confirmed', 'manual', ?5)",
                    params![match_id(&pay.id, &order), pay.id, order, left, now()],
                )?;
                left
            }
        };
        add_paid(w.tx, &order, amount)?;
        // A payment fully spent leaves no other suggestion standing.
        if allocated(w.tx, &pay.id)? >= pay.amount {
            w.tx.execute("DELETE FROM payment_matches WHERE payment_id = ?1 AND status = 'suggested'", [&pay.id])?;
        }
        w.log("payment_match", &pay.id, "confirm", &format!("{txn_id} → {order_no}"))
    })
}

/// Turns a match down; money it counted comes off the order, and the pair
/// is never proposed again.
pub fn reject(store: &mut Store, order_no: &str, txn_id: &str) -> Result<()> {
    store.write(|w| {
        let pay = payment(w.tx, txn_id)?;
        let order = orders::id_of(w.tx, order_no)?;
        let Some((id, status, amount)) = existing(w.tx, &pay.id, &order)? else {
            return Err(CoreError::NotFound {
                entity: "match",
                key: format!("{order_no} {txn_id}"),
            });
        };
        if status == "rejected" {
            return Ok(());
        }
        w.tx.execute(
            "UPDATE payment_matches SET status = 'rejected', created_at = ?2 WHERE id = ?1",
            params![id, now()],
        )?;
        if status != "suggested" {
            add_paid(w.tx, &order, -amount)?;
        }
        w.log(
            "payment_match",
            &pay.id,
            "reject",
            &format!("{txn_id} ✕ {order_no}"),
        )
    })
}

/// Marks an incoming payment as not a sale (a friend paying back, a
/// top-up): it leaves the unmatched list with the reason given.
pub fn ignore(store: &mut Store, txn_id: &str, reason: &str) -> Result<()> {
    store.write(|w| {
        let pay = payment(w.tx, txn_id)?;
        if allocated(w.tx, &pay.id)? > 0 {
            return Err(CoreError::refused(
                Refusal::PaymentPaysOrder,
                &[("txn", txn_id.to_string())],
                format!("{txn_id} pays an order; reject that match first"),
            ));
        }
        let reason = if reason.trim().is_empty() {
            "not_a_sale"
        } else {
            reason.trim()
        };
        w.tx.execute(
            "UPDATE payments SET ignore_reason = ?2 WHERE id = ?1",
            params![pay.id, reason],
        )?;
        w.tx.execute(
            "DELETE FROM payment_matches WHERE payment_id = ?1 AND status = 'suggested'",
            [&pay.id],
        )?;
        w.log("payment", &pay.id, "ignore", &format!("{txn_id}: {reason}"))
    })
}

/// Records money the shop owes a customer on `order_no` (an overpayment, a
/// duplicate payment): a refund line owed now, settled when the refund
/// shows up in an imported statement. The order counts as refunded only
/// when the shop keeps nothing of what was paid.
pub fn refund_owed(store: &mut Store, order_no: &str, amount: Money, reason: &str) -> Result<()> {
    store.write(|w| {
        let (id, paid, refunded): (String, i64, i64) =
            w.tx.query_row(
                "SELECT id, paid_fen, refunded_fen FROM orders WHERE order_no = ?1",
                [order_no],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                entity: "order",
                key: order_no.to_string(),
            })?;
        if amount.fen() <= 0 || refunded + amount.fen() > paid {
            return Err(CoreError::refused(
                Refusal::RefundOverReceived,
                &[
                    ("amount", amount.to_string()),
                    ("received", Money::from_fen(paid - refunded).to_string()),
                ],
                format!(
                    "{amount} is more than the {} received and not yet refunded",
                    Money::from_fen(paid - refunded)
                ),
            ));
        }
        let refund = Refund {
            amount_fen: amount.fen(),
            reason,
            status: "owed",
            payment_id: None,
            at: now(),
        };
        checkout::money::refund(w.tx, &id, &refund)?;
        w.log(
            "order",
            &id,
            "refund_owed",
            &format!("{order_no} {amount} {reason}"),
        )
    })
}

/// Money that came without an order (a regular who paid and told the
/// merchant in chat): the order is made from it, for the payer, and the
/// payment confirmed against it in the same transaction.
pub fn order_from_payment(store: &mut Store, txn_id: &str, lines: Vec<NewLine>) -> Result<String> {
    store.write(|w| {
        let pay = payment(w.tx, txn_id)?;
        if allocated(w.tx, &pay.id)? > 0 {
            return Err(CoreError::refused(
                Refusal::PaymentPaysOrder,
                &[("txn", txn_id.to_string())],
                format!("{txn_id} already pays an order"),
            ));
        }
        let (payer, source): (String, String) =
            w.tx.query_row("SELECT counterparty, source FROM payments WHERE id = ?1", [&pay.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let order = NewOrder {
            customer: if payer.is_empty() { txn_id.to_string() } else { payer },
            channel: if source == "cash" { "offline" } else { "wechat" }.to_string(),
            lines,
            remark: format!("由收款 {txn_id} 建单"),
            // The customer has paid: the sale happened, stock or not.
            allow_oversell: true,
            ..Default::default()
        };
        let order_no = checkout::create(w, &order)?;
        let order_id = orders::id_of(w.tx, &order_no)?;
        w.tx.execute(
            "INSERT INTO payment_matches(id, payment_id, order_id, amount_fen, status, rule, created_at) VALUES (?1, ?2, ?3, ?4, 'confirmed', 'manual', ?5)",
            params![match_id(&pay.id, &order_id), pay.id, order_id, pay.amount, now()],
        )?;
        add_paid(w.tx, &order_id, pay.amount)?;
        w.tx.execute("DELETE FROM payment_matches WHERE payment_id = ?1 AND status = 'suggested'", [&pay.id])?;
        w.log("payment_match", &pay.id, "order_from_payment", &format!("{txn_id} → {order_no}"))?;
        Ok(order_no)
    })
}
