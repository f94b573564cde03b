//! Taking an order: as fast as the merchant types, never waiting on the
//! network. Saving is one durable transaction that prices the lines (later
//! price changes never touch them) with what the customer's membership,
//! coupons and the running campaigns take off, holds the stock and logs
//! the change; the ledger's own writing is `orders::insert`.

use rusqlite::OptionalExtension;

use super::pricing;
use crate::campaigns::{members, records};
use crate::customers;
use crate::error::{CoreError, Refusal, Result};
use crate::money::Money;
use crate::orders::insert::{insert, shortfalls, Prepared};
use crate::orders::{arrival_day, NewOrder, CHANNELS};
use crate::shop_time;
use crate::stock;
use crate::store::Writer;

/// Saves an order (awaiting payment, or a draft); returns its number.
pub fn create(w: &Writer, order: &NewOrder) -> Result<String> {
    let now = shop_time::now();
    let prepared = prepare(w, order, now)?;
    if !order.allow_oversell && prepared.status != "draft" {
        if let Some(short) = shortfalls(w.tx, &prepared.lines)?.into_iter().next() {
            return Err(short.refusal());
        }
    }
    let location = stock::main_location(w.tx)?;
    let (id, order_no) = insert(w, &prepared, &location)?;
    if let Some((member, points)) = &prepared.points {
        members::redeem(w.tx, member, &id, *points, prepared.placed_at)?;
    }
    let summary = format!(
        "{order_no} {} ¥{}",
        order.customer.trim(),
        Money::from_fen(prepared.subtotal() - prepared.discount_fen)
    );
    w.log("order", &id, "create", &summary)?;
    Ok(order_no)
}

fn prepare(w: &Writer, order: &NewOrder, now: i64) -> Result<Prepared> {
    if !CHANNELS.contains(&order.channel.as_str()) {
        return Err(CoreError::invalid(
            "channel",
            format!("unknown channel {:?}", order.channel),
        ));
    }
    if order.lines.is_empty() {
        return Err(CoreError::refused(
            Refusal::EmptyOrder,
            &[],
            "an order needs at least one line".into(),
        ));
    }
    let customer_id = match order.customer_id.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => Some(id.to_string()),
        None => customers::find_or_create(w, order.customer.trim(), order.phone.trim(), now)?,
    };
    let member = match &customer_id {
        Some(c) => members::of_customer(w.tx, c)?,
        None => None,
    };
    let benefits = pricing::Benefits {
        coupons: &order.coupons,
        member: member.as_ref(),
        points: order.redeem_points,
    };
    let priced = pricing::price(w.tx, &order.lines, benefits, now)?;
    let points = member
        .filter(|_| priced.points > 0)
        .map(|m| (m.id, priced.points));
    let referrer_id = order.referrer_id.clone().filter(|s| !s.is_empty());
    // The campaign: as entry says (a live session's), else the coupon's,
    // else one running on the referrer's link.
    let campaign_id = match order
        .campaign_id
        .clone()
        .filter(|c| !c.is_empty())
        .or(priced.campaign_id)
    {
        Some(c) => Some(c),
        None => match &referrer_id {
            Some(r) => records::of_referrer(w.tx, r, now)?,
            None => None,
        },
    };
    let (lines, applied) = (priced.lines, priced.coupons);
    let mut p = Prepared {
        order_no: None,
        placed_at: now,
        channel: order.channel.clone(),
        status: first_status(order.draft).into(),
        customer_id,
        leader_id: None,
        pickup_point_id: order.pickup_point_id.clone().filter(|s| !s.is_empty()),
        delivery: crate::orders::delivery(&order.delivery)?,
        arrives_on: arrival(w, order, campaign_id.as_deref(), now)?,
        referrer_id,
        campaign_id,
        discount_fen: order.discount.fen(),
        remark: order.remark.trim().to_string(),
        lines,
        coupons: applied,
        points,
        import_id: None,
    };
    if p.discount_fen < 0 || p.discount_fen > p.subtotal() {
        return Err(CoreError::refused(
            Refusal::DiscountTooBig,
            &[
                ("discount", Money::from_fen(p.discount_fen).to_string()),
                ("subtotal", Money::from_fen(p.subtotal()).to_string()),
            ],
            format!(
                "the discount must be between 0 and the subtotal {}",
                Money::from_fen(p.subtotal())
            ),
        ));
    }
    p.leader_id = p
        .pickup_point_id
        .as_deref()
        .map(|pp| leader_of(w, pp))
        .transpose()?;
    Ok(p)
}

/// A draft keeps no number in the day's sequence and holds no stock; any
/// other order starts awaiting payment.
fn first_status(draft: bool) -> &'static str {
    if draft {
        "draft"
    } else {
        "awaiting_payment"
    }
}

/// The leader of pickup point `pp`: an order collected there is theirs.
fn leader_of(w: &Writer, pp: &str) -> Result<String> {
    w.tx.query_row(
        "SELECT leader_id FROM pickup_points WHERE id = ?1",
        [pp],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "pickup point",
        key: pp.to_string(),
    })
}

/// The day the order's goods arrive: as entry says (today or later), else
/// the campaign's it is taken in, while that day is ahead.
fn arrival(
    w: &Writer,
    order: &NewOrder,
    campaign_id: Option<&str>,
    now: i64,
) -> Result<Option<String>> {
    let today = w.clock.business_day(now);
    match (
        arrival_day(order.arrives_on.as_deref(), today)?,
        campaign_id,
    ) {
        (Some(day), _) => Ok(Some(day)),
        (None, Some(id)) => records::arrival(w.tx, id, today),
        (None, None) => Ok(None),
    }
}
