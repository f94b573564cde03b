//! `picklist`: what to pick for a business day, per pickup point or leader.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use storefront_core::fulfilment::{self, PickDay};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shop::open_read;

/// `picklist [--day D | --arrival D] [--by-leader]`.
pub fn pick_list(
    db: &Path,
    day: Option<NaiveDate>,
    arrival: Option<NaiveDate>,
    by_leader: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let (day, by) = match (arrival, day) {
        (Some(d), _) => (d, PickDay::Arrival),
        (None, d) => (d.unwrap_or_else(|| store.clock().today()), PickDay::Placed),
    };
    let list = fulfilment::pick_list(store.conn(), day, by, by_leader)?;
    out.emit(&list, || {
        let title = match by {
            PickDay::Placed => out.t("备货单（下单日）", "pick list, placed"),
            PickDay::Arrival => out.t("备货单（到货日）", "pick list, arriving"),
        };
        let mut text = format!("{title} {}\n", list.day);
        for g in &list.groups {
            let name = if g.name.is_empty() {
                out.t("（无自提点）", "(no pickup point)")
            } else {
                &g.name
            };
            text.push_str(&format!(
                "\n{name}  {}  {} {}\n",
                g.leader,
                g.orders.len(),
                out.t("单", "orders")
            ));
            for i in &g.items {
                text.push_str(&format!("  {:<28} ×{}\n", i.name, i.qty_text));
            }
        }
        text.push_str(&format!("\n{}\n", out.t("合计", "total")));
        for i in &list.totals {
            text.push_str(&format!("  {:<28} ×{}\n", i.name, i.qty_text));
        }
        text
    });
    Ok(ExitCode::SUCCESS)
}
