//! Changing an order before it is fulfilled (改单): the customer wants one
//! more, one less, something else, or the merchant agrees a price. The
//! lines are replaced and priced as order entry prices them (at the time
//! the order was placed, with its coupons, member discount and points);
//! what the order was is kept in `order_edits`, and the money difference
//! becomes a refund owed or the balance still to collect. Nothing else of
//! the order moves: its number, customer, pickup point and campaign stay.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money;
use super::pricing::{self, Benefits};
use crate::campaigns::members;
use crate::catalog::sold_by::SoldBy;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::orders::insert::{insert_lines, shortfalls, NewLine};
use crate::orders::status::{self, Effect, Refund};
use crate::shop_time;
use crate::stock;
use crate::store::Writer;

/// The order's new lines and why it changes.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct OrderEdit {
    /// The whole order as it is to be. A line without a price keeps the
    /// price its SKU was sold at on this order (a new SKU: the list price
    /// when the order was placed); another price takes the line's reason,
    /// else the edit's.
    pub lines: Vec<NewLine>,
    /// Why (told to the customer, kept with the edit).
    pub reason: String,
    /// Hold more than is available (the merchant confirmed it).
    pub allow_oversell: bool,
}

/// What an edit did to the order's money.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EditOutcome {
    pub order_no: String,
    pub total_before: Money,
    pub total_after: Money,
    /// Still to collect from the customer (the order awaits payment).
    pub to_collect: Money,
    /// To give back to the customer: recorded as a refund owed, unless
    /// the order was paid by hand (then it is given back by hand too).
    pub to_refund: Money,
    /// Whether `to_refund` was recorded as a refund owed.
    pub refund_recorded: bool,
    #[ts(type = "OrderStatus")]
    pub status: String,
}

/// One earlier version of an order, as its page lists them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EditRow {
    /// Shop-local `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub reason: String,
    pub total_before: Money,
    pub total_after: Money,
    pub lines_before: String,
}

/// The order as it stands, before the edit.
struct Current {
    id: String,
    status: String,
    placed_at: i64,
    customer_id: Option<String>,
    group_buy: bool,
    discount_fen: i64,
    total_fen: i64,
    paid_fen: i64,
    refunded_fen: i64,
}

impl Current {
    /// Marked paid by hand (cash, a transfer not in any statement): no
    /// payment is on record, the whole total counts as received.
    fn paid_by_hand(&self) -> bool {
        self.status == "paid" && self.paid_fen == 0
    }

    /// What the customer has paid and not had back.
    fn received(&self) -> i64 {
        let paid = if self.paid_by_hand() {
            self.total_fen
        } else {
            self.paid_fen
        };
        paid - self.refunded_fen
    }
}

/// A line as it was sold: what a line without a price keeps.
struct SoldLine {
    sku: String,
    barcode: Option<String>,
    unit_fen: i64,
    reason: Option<String>,
}

/// Replaces the lines of `order_no` with `edit.lines` in the caller's
/// transaction; see the module for the rules.
pub fn edit(w: &Writer, order_no: &str, edit: &OrderEdit) -> Result<EditOutcome> {
    let reason = edit.reason.trim();
    let cur = load(w.tx, order_no)?;
    refuse_unless_editable(&cur, order_no, reason, edit)?;
    let now = shop_time::now();
    let location = stock::main_location(w.tx)?;
    let effect = Effect::of(&cur.status, false);
    let before = summary(w.tx, &cur.id)?;
    let sold = sold_lines(w.tx, &cur.id)?;
    let coupons = coupon_codes(w.tx, &cur.id)?;
    let points = redeemed_points(w.tx, &cur.id)?;
    // Out of the figures while its lines change (the rollups take an
    // order's lines as it leaves and comes back), its goods released and
    // its points given back, so pricing sees the shop without it.
    status::move_stock(w.tx, &cur.id, effect, Effect::Nothing, &location, now)?;
    park(w.tx, &cur.id, "cancelled", now)?;
    members::return_redeemed(w.tx, &cur.id, now)?;
    w.tx.execute("DELETE FROM order_coupons WHERE order_id = ?1", [&cur.id])?;
    w.tx.execute("DELETE FROM order_lines WHERE order_id = ?1", [&cur.id])?;

    let lines: Vec<NewLine> = edit
        .lines
        .iter()
        .map(|l| keep_price(l, &sold, reason))
        .collect::<Result<_>>()?;
    let member = match &cur.customer_id {
        Some(c) => members::of_customer(w.tx, c)?,
        None => None,
    };
    let benefits = Benefits {
        coupons: &coupons,
        member: member.as_ref(),
        points,
    };
    let priced = pricing::price(w.tx, &lines, benefits, cur.placed_at)?;
    if effect == Effect::Held && !edit.allow_oversell {
        if let Some(short) = shortfalls(w.tx, &priced.lines)?.into_iter().next() {
            return Err(short.refusal());
        }
    }
    let subtotal: i64 = priced.lines.iter().map(|l| l.total()).sum();
    refuse_discount_over(cur.discount_fen, subtotal)?;
    let total = subtotal - cur.discount_fen;
    insert_lines(w.tx, &cur.id, &priced.lines, &priced.coupons)?;
    w.tx.execute(
        "UPDATE orders SET subtotal_fen = ?2, total_fen = ?2 - discount_fen, coupon_id = ?3 WHERE id = ?1",
        params![
            cur.id,
            subtotal,
            priced.coupons.first().map(|c| c.coupon_id.as_str())
        ],
    )?;
    if let (Some(m), true) = (&member, priced.points > 0) {
        members::redeem(w.tx, &m.id, &cur.id, priced.points, now)?;
    }

    let received = cur.received();
    let to = status_after(&cur, received, total, order_no)?;
    park(w.tx, &cur.id, &to, now)?;
    status::move_stock(w.tx, &cur.id, Effect::Nothing, effect, &location, now)?;
    let (to_collect, to_refund) = match to.as_str() {
        "draft" => (0, 0),
        _ => ((total - received).max(0), (received - total).max(0)),
    };
    owe_back(w, &cur, to_refund, reason, now)?;
    record(w, &cur, order_no, reason, &before, total, now)?;
    Ok(EditOutcome {
        order_no: order_no.to_string(),
        total_before: Money::from_fen(cur.total_fen),
        total_after: Money::from_fen(total),
        to_collect: Money::from_fen(to_collect),
        to_refund: Money::from_fen(to_refund),
        refund_recorded: to_refund > 0 && !cur.paid_by_hand(),
        status: to,
    })
}

/// The earlier versions of an order, newest first.
pub fn history(
    conn: &Connection,
    clock: &shop_time::ShopClock,
    order_no: &str,
) -> Result<Vec<EditRow>> {
    let id = crate::orders::id_of(conn, order_no)?;
    let rows = conn
        .prepare_cached(
            "SELECT at, reason, total_before_fen, total_after_fen, lines_before FROM order_edits
             WHERE order_id = ?1 ORDER BY at DESC, rowid DESC",
        )?
        .query_map([id], |r| {
            Ok(EditRow {
                at: clock.format(r.get(0)?),
                reason: r.get(1)?,
                total_before: Money::from_fen(r.get(2)?),
                total_after: Money::from_fen(r.get(3)?),
                lines_before: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn load(conn: &Connection, order_no: &str) -> Result<Current> {
    conn.query_row(
        "SELECT id, status, placed_at, customer_id, group_buy_id IS NOT NULL, discount_fen, total_fen, paid_fen, refunded_fen
         FROM orders WHERE order_no = ?1",
        [order_no],
        |r| {
            Ok(Current {
                id: r.get(0)?,
                status: r.get(1)?,
                placed_at: r.get(2)?,
                customer_id: r.get(3)?,
                group_buy: r.get(4)?,
                discount_fen: r.get(5)?,
                total_fen: r.get(6)?,
                paid_fen: r.get(7)?,
                refunded_fen: r.get(8)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "order",
        key: order_no.to_string(),
    })
}

fn refuse_unless_editable(
    cur: &Current,
    order_no: &str,
    reason: &str,
    edit: &OrderEdit,
) -> Result<()> {
    let no = || ("order", order_no.to_string());
    if !matches!(cur.status.as_str(), "draft" | "awaiting_payment" | "paid") {
        return Err(CoreError::refused(
            Refusal::EditNotAllowed,
            &[no(), ("status", cur.status.clone())],
            format!("{order_no} is {}: only an order not yet fulfilled can be changed; after-sales handles the rest", cur.status),
        ));
    }
    if cur.group_buy {
        return Err(CoreError::refused(
            Refusal::EditGroupBuy,
            &[no()],
            format!("{order_no} is part of a group buy, whose lines and price are the deal's: cancel it and join again"),
        ));
    }
    if reason.is_empty() {
        return Err(CoreError::refused(
            Refusal::EditReasonRequired,
            &[no()],
            format!("{order_no}: say why the order changes (the customer is told, and it is kept)"),
        ));
    }
    if edit.lines.is_empty() {
        return Err(CoreError::refused(
            Refusal::EmptyOrder,
            &[],
            "an order needs at least one line: cancel it instead".into(),
        ));
    }
    Ok(())
}

/// The order's discount stays: refused when the new lines cost less.
fn refuse_discount_over(discount: i64, subtotal: i64) -> Result<()> {
    if discount <= subtotal {
        return Ok(());
    }
    Err(CoreError::refused(
        Refusal::DiscountTooBig,
        &[
            ("discount", Money::from_fen(discount).to_string()),
            ("subtotal", Money::from_fen(subtotal).to_string()),
        ],
        format!(
            "the order's discount {} is more than its new subtotal {}",
            Money::from_fen(discount),
            Money::from_fen(subtotal)
        ),
    ))
}

/// Records the money received beyond the new total as a refund owed.
/// Money taken by hand was never recorded, so neither is giving some of it
/// back: the outcome says what to hand over, as it says what to collect (a
/// refund owed beyond any money on record would exceed what it received).
fn owe_back(w: &Writer, cur: &Current, fen: i64, reason: &str, now: i64) -> Result<()> {
    if fen <= 0 || cur.paid_by_hand() {
        return Ok(());
    }
    let refund = Refund {
        amount_fen: fen,
        reason: &format!("改单退差：{reason}"),
        status: "owed",
        payment_id: None,
        at: now,
    };
    money::record_refund(w.tx, &cur.id, &refund).map(drop)
}

/// The status after the edit: a paid order that now costs more awaits the
/// difference, an unpaid one paid in full by what came already is paid.
/// One paid by hand stays paid (the difference is the merchant's to settle,
/// as the outcome says).
fn status_after(cur: &Current, received: i64, total: i64, order_no: &str) -> Result<String> {
    let status = match cur.status.as_str() {
        "paid" if cur.paid_by_hand() => "paid",
        "paid" | "awaiting_payment" if received >= total && received > 0 => "paid",
        "paid" | "awaiting_payment" => "awaiting_payment",
        other => other,
    };
    if status == "awaiting_payment" && cur.refunded_fen > 0 && cur.paid_fen > 0 {
        // The unpaid list and the statements count refunds against what
        // an order costs; asking for more on top would show wrongly.
        return Err(CoreError::refused(
            Refusal::EditOwesAfterRefund,
            &[
                ("order", order_no.to_string()),
                ("refunded", Money::from_fen(cur.refunded_fen).to_string()),
            ],
            format!(
                "{order_no} already has {} refunded: it can be made smaller, not dearer; take a new order for the rest",
                Money::from_fen(cur.refunded_fen)
            ),
        ));
    }
    Ok(status.to_string())
}

/// Sets the status without a status change's consequences: the rollups
/// follow (see the module), nothing else does.
fn park(conn: &Connection, order_id: &str, status: &str, at: i64) -> Result<()> {
    conn.execute(
        "UPDATE orders SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![order_id, status, at],
    )?;
    Ok(())
}

/// The line as priced: its own price, else the one its SKU was sold at on
/// this order. A SKU sold at two prices on the order needs its price said
/// (picking one would be a guess).
fn keep_price(l: &NewLine, sold: &[SoldLine], reason: &str) -> Result<NewLine> {
    let key = l.sku.trim();
    let same: Vec<&SoldLine> = sold
        .iter()
        .filter(|s| s.sku == key || s.barcode.as_deref() == Some(key))
        .collect();
    if l.unit_price.is_none() && same.iter().any(|s| s.unit_fen != same[0].unit_fen) {
        return Err(CoreError::refused(
            Refusal::PriceAmbiguous,
            &[("sku", key.to_string())],
            format!("{key} was sold at more than one price on this order: give the price"),
        ));
    }
    let was = same.first().copied();
    let unit_price = l.unit_price.or(was.map(|s| Money::from_fen(s.unit_fen)));
    let kept_reason = was
        .filter(|_| l.unit_price.is_none())
        .and_then(|s| s.reason.clone());
    let override_reason = l
        .override_reason
        .clone()
        .filter(|r| !r.trim().is_empty())
        .or(kept_reason)
        .or_else(|| Some(reason.to_string()));
    Ok(NewLine {
        sku: key.to_string(),
        unit_price,
        override_reason,
        ..l.clone()
    })
}

fn sold_lines(conn: &Connection, order_id: &str) -> Result<Vec<SoldLine>> {
    Ok(conn
        .prepare_cached(
            "SELECT v.sku, v.barcode, l.unit_price_fen, l.override_reason FROM order_lines l
             JOIN variants v ON v.id = l.variant_id WHERE l.order_id = ?1 ORDER BY l.line_no",
        )?
        .query_map([order_id], |r| {
            Ok(SoldLine {
                sku: r.get(0)?,
                barcode: r.get(1)?,
                unit_fen: r.get(2)?,
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// `名称 ×数量 @单价` per line: what the order was, readable as it stands.
fn summary(conn: &Connection, order_id: &str) -> Result<String> {
    let lines: Vec<String> = conn
        .prepare_cached(
            "SELECT trim(p.name || ' ' || v.options), l.qty, l.unit_price_fen, v.sold_by FROM order_lines l
             JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
             WHERE l.order_id = ?1 ORDER BY l.line_no",
        )?
        .query_map([order_id], |r| {
            let sold_by = SoldBy::from_code(&r.get::<_, String>(3)?);
            Ok(format!(
                "{} ×{} @{}",
                r.get::<_, String>(0)?,
                sold_by.show(r.get(1)?),
                Money::from_fen(r.get(2)?)
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines.join("；"))
}

fn coupon_codes(conn: &Connection, order_id: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.code FROM order_coupons oc JOIN coupons c ON c.id = oc.coupon_id WHERE oc.order_id = ?1",
        )?
        .query_map([order_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The points the order has redeemed and not had back.
fn redeemed_points(conn: &Connection, order_id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(-sum(delta), 0) FROM points_ledger WHERE order_id = ?1 AND reason IN ('redeemed', 'returned')",
        [order_id],
        |r| r.get(0),
    )?)
}

fn record(
    w: &Writer,
    cur: &Current,
    order_no: &str,
    reason: &str,
    before: &str,
    total: i64,
    now: i64,
) -> Result<()> {
    w.tx.execute(
        "INSERT INTO order_edits(id, order_id, at, reason, total_before_fen, total_after_fen, lines_before)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![ids::new_id(), cur.id, now, reason, cur.total_fen, total, before],
    )?;
    w.log(
        "order",
        &cur.id,
        "edit",
        &format!(
            "{order_no} ¥{} → ¥{}：{reason}",
            Money::from_fen(cur.total_fen),
            Money::from_fen(total)
        ),
    )
}
