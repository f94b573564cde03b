//! Shipping (发货): orders sent by courier. One order gets a carrier and a
//! tracking number (运单号) from its panel; many at once from the waybill
//! list a courier platform exports (`waybills`); and the orders still to
//! send are listed, and written in the layout courier platforms import
//! (`to_ship`).

#[cfg(test)]
mod tests;
pub mod to_ship;
pub mod waybills;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::checkout;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::shop_time;
use crate::store::Writer;

/// The carriers offered in the app; any other is kept as typed.
pub const CARRIERS: &[&str] = &["顺丰", "中通", "圆通", "韵达", "申通", "邮政", "京东"];

/// Long forms and codes courier platforms write, with the short name.
const CARRIER_NAMES: &[(&str, &str)] = &[
    ("顺丰", "顺丰"),
    ("SF", "顺丰"),
    ("中通", "中通"),
    ("ZTO", "中通"),
    ("圆通", "圆通"),
    ("YTO", "圆通"),
    ("韵达", "韵达"),
    ("YUNDA", "韵达"),
    ("申通", "申通"),
    ("STO", "申通"),
    ("邮政", "邮政"),
    ("EMS", "邮政"),
    ("京东", "京东"),
    ("JD", "京东"),
];

/// The longest carrier name kept (a free-text one is a name, not a note).
const CARRIER_CHARS: usize = 20;

/// The carrier as the shop names it: `顺丰速运`, `SF Express` and `sf` are
/// all 顺丰; a carrier not in the list is kept as typed. None when empty
/// or too long to be a name.
pub fn carrier_name(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > CARRIER_CHARS {
        return None;
    }
    let upper = text.to_uppercase();
    let known = CARRIER_NAMES.iter().find(|(alias, _)| {
        if alias.is_ascii() {
            upper == *alias || upper.starts_with(&format!("{alias} "))
        } else {
            text.contains(alias)
        }
    });
    Some(known.map_or_else(|| text.to_string(), |(_, name)| name.to_string()))
}

/// A tracking number as carriers print them: 6 to 40 letters, digits and
/// hyphens (spaces people type between groups are dropped), upper case.
pub fn tracking_no(text: &str) -> Option<String> {
    let no: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let ok = (6..=40).contains(&no.len())
        && no.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && no.chars().any(|c| c.is_ascii_digit());
    ok.then_some(no)
}

/// What sending one order did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Shipped {
    pub order_no: String,
    pub carrier: String,
    pub tracking_no: String,
    /// Its status before: a paid order becomes fulfilled; one already
    /// handed over only gets its tracking number.
    #[ts(type = "OrderStatus")]
    pub from: String,
    /// The tracking number it had, when this one corrects it.
    pub replaced: Option<String>,
}

/// Sends `order_no` by `carrier` with `tracking`: a paid (or awaiting
/// payment) order is fulfilled, its stock leaving the shelf; an order
/// already fulfilled gets the number, or has a wrong one corrected. The
/// order becomes a courier order.
pub fn ship(w: &Writer, order_no: &str, carrier: &str, tracking: &str) -> Result<Shipped> {
    let carrier = carrier_name(carrier).ok_or_else(|| {
        CoreError::refused(
            Refusal::CarrierRequired,
            &[],
            format!("a carrier of 1 to {CARRIER_CHARS} characters, e.g. 顺丰"),
        )
    })?;
    let tracking = tracking_no(tracking).ok_or_else(|| {
        CoreError::refused(
            Refusal::TrackingInvalid,
            &[("tracking", tracking.trim().to_string())],
            format!("{tracking:?} is not a tracking number: 6 to 40 letters and digits"),
        )
    })?;
    let (id, shipped) = send(w, order_no, &carrier, &tracking)?;
    let summary = match &shipped.replaced {
        Some(old) => format!("{order_no} {carrier} {old} → {tracking}"),
        None => format!("{order_no} {carrier} {tracking}"),
    };
    w.log("order", &id, "ship", &summary)?;
    Ok(shipped)
}

/// The order's id, status and tracking number, if it has a parcel.
fn parcel_state(w: &Writer, order_no: &str) -> Result<(String, String, Option<String>)> {
    w.tx.prepare_cached(
        "SELECT o.id, o.status, p.tracking_no FROM orders o LEFT JOIN parcels p ON p.order_id = o.id
         WHERE o.order_no = ?1",
    )?
    .query_row([order_no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "order",
        key: order_no.to_string(),
    })
}

/// Whether an order in `status` can leave by courier (now or, handed over
/// already, be given its tracking number).
pub fn can_send(status: &str) -> bool {
    matches!(
        status,
        "awaiting_payment" | "paid" | "fulfilled" | "completed"
    )
}

/// Records (or corrects) the parcel an order left in at `at`.
pub(crate) fn record_parcel(
    conn: &rusqlite::Connection,
    order_id: &str,
    carrier: &str,
    tracking: &str,
    at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO parcels(id, order_id, carrier, tracking_no, shipped_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)
         ON CONFLICT(order_id) DO UPDATE SET carrier = excluded.carrier, tracking_no = excluded.tracking_no,
           updated_at = excluded.updated_at",
    )?
    .execute(params![ids::new_id(), order_id, carrier, tracking, at])?;
    Ok(())
}

/// Fulfils the order if it is not yet, and records (or corrects) its
/// parcel; no log of its own (the caller's says what was done). Returns
/// the order's id with what was done.
fn send(w: &Writer, order_no: &str, carrier: &str, tracking: &str) -> Result<(String, Shipped)> {
    let (id, from, replaced) = parcel_state(w, order_no)?;
    if !can_send(&from) {
        return Err(CoreError::refused(
            Refusal::NotShippable,
            &[("order", order_no.to_string()), ("status", from.clone())],
            format!("{order_no} is {from}: it cannot be sent"),
        ));
    }
    if matches!(from.as_str(), "awaiting_payment" | "paid") {
        checkout::status::set(w, order_no, "fulfilled", false)?;
    }
    let now = shop_time::now();
    w.tx.prepare_cached(
        "UPDATE orders SET delivery = 'courier', updated_at = ?2 WHERE id = ?1 AND delivery <> 'courier'",
    )?
    .execute(params![id, now])?;
    record_parcel(w.tx, &id, carrier, tracking, now)?;
    let shipped = Shipped {
        order_no: order_no.to_string(),
        carrier: carrier.to_string(),
        tracking_no: tracking.to_string(),
        from,
        replaced: replaced.filter(|old| old != tracking),
    };
    Ok((id, shipped))
}
