//! A buyer collecting at a pickup point: the order is fulfilled (if the
//! leader's handover had not done so) and completed.

use rusqlite::OptionalExtension;

use super::status;
use crate::error::{CoreError, Result};
use crate::store::Writer;

/// The buyer has collected `order_no`: it is fulfilled (if the leader's
/// handover had not done so) and completed. Money still due is the
/// leader's to collect and stays on the order.
pub fn redeem(w: &Writer, order_no: &str) -> Result<String> {
    let status: String =
        w.tx.query_row(
            "SELECT status FROM orders WHERE order_no = ?1 AND pickup_code IS NOT NULL",
            [order_no],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "order to collect",
            key: order_no.to_string(),
        })?;
    if matches!(status.as_str(), "awaiting_payment" | "paid") {
        status::set(w, order_no, "fulfilled", false)?;
    }
    Ok(status::set(w, order_no, "completed", false)?.to)
}
