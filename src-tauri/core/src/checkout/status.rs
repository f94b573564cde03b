//! An order's life, as the merchant moves it: each step its status allows,
//! with the stock effect, and what follows around it — a group buy's
//! held orders wait for the group, a cancelled order gives back the points
//! it redeemed and owes back the money it took.

use rusqlite::{params, OptionalExtension};

use super::money;
use crate::campaigns::{groupbuy, members};
use crate::error::{CoreError, Refusal, Result};
use crate::orders::status::{check_on_hand, move_stock, next_steps, Effect, Refund, StatusChange};
use crate::shop_time;
use crate::stock;
use crate::store::Writer;

/// Takes `order_no` to `to` if that is a step its status allows, with the
/// stock effect in the same transaction. Cancelling an order that was paid
/// records the refund owed, so the money side stays true.
pub fn set(w: &Writer, order_no: &str, to: &str, allow_oversell: bool) -> Result<StatusChange> {
    // Statements kept prepared: a bulk step (a waybill file, 标为已发货 on
    // thousands) would otherwise compile the orders table's rollup
    // triggers again for every order.
    let (id, from, paid, refunded): (String, String, i64, i64) =
        w.tx.prepare_cached(
            "SELECT id, status, paid_fen, refunded_fen FROM orders WHERE order_no = ?1",
        )?
        .query_row([order_no], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "order",
            key: order_no.to_string(),
        })?;
    if !next_steps(&from).contains(&to) {
        return Err(CoreError::refused(
            Refusal::StatusStep,
            &[
                ("order", order_no.to_string()),
                ("from", from.clone()),
                ("to", to.to_string()),
            ],
            format!("{order_no} is {from}; it cannot become {to}"),
        ));
    }
    let now = shop_time::now();
    let location = stock::main_location(w.tx)?;
    let (before, after) = (Effect::of(&from, false), Effect::of(to, false));
    if to == "fulfilled" {
        if let Some(group) = groupbuy::held_for_group(w.tx, &id)? {
            return Err(CoreError::refused(
                Refusal::HeldForGroupBuy,
                &[("order", order_no.to_string()), ("group", group.clone())],
                format!("{order_no} is held for the group buy {group} until it fills"),
            ));
        }
    }
    if after == Effect::Shipped && !allow_oversell {
        check_on_hand(w.tx, &id)?;
    }
    move_stock(w.tx, &id, before, after, &location, now)?;
    w.tx.prepare_cached("UPDATE orders SET status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, to, now])?;
    if to == "cancelled" {
        members::return_redeemed(w.tx, &id, now)?;
    }
    let owed = paid - refunded;
    if to == "cancelled" && owed > 0 {
        // Money was received for it: cancelling owes it back.
        let refund = Refund {
            amount_fen: owed,
            reason: "取消订单",
            status: "owed",
            payment_id: None,
            at: now,
        };
        money::refund(w.tx, &id, &refund)?;
    }
    let to: String =
        w.tx.prepare_cached("SELECT status FROM orders WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))?;
    w.log("order", &id, "status", &format!("{order_no} {from} → {to}"))?;
    Ok(StatusChange {
        order_no: order_no.to_string(),
        from,
        to,
    })
}

/// Takes every order of `order_nos` to `to` in one transaction (a bulk
/// "mark paid" or "ship"): all move, or none do and the error names the
/// order that could not.
pub fn set_many(
    w: &Writer,
    order_nos: &[String],
    to: &str,
    allow_oversell: bool,
) -> Result<Vec<StatusChange>> {
    order_nos
        .iter()
        .map(|no| set(w, no, to, allow_oversell))
        .collect()
}
