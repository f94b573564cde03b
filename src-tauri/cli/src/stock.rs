//! Stock: goods received (with a best-before date, a batch), written off,
//! corrected and counted, and the 临期 list of what expires soon.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::catalog::sold_by::{self, qty_of};
use storefront_core::stock::batches::{self, Expiring};
use storefront_core::stock::count::{self, Change, Counted};
use storefront_core::{CoreError, Store};

use crate::output::Out;
use crate::shop::open;

#[derive(Subcommand)]
pub enum StockCmd {
    /// Receive (+), write off damage (−), or correct by hand with a reason.
    Change {
        sku: String,
        /// Quantity; signed for an adjustment. For goods sold by weight, in
        /// their unit (`2.5` 斤) or another one written after it (`500克`).
        #[arg(allow_hyphen_values = true)]
        qty: String,
        /// receipt, damage or adjustment.
        #[arg(long, default_value = "adjustment")]
        reason: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Goods received: `SKU QTY`, with a best-before date they are a batch.
    Receive {
        sku: String,
        /// Pieces, or a weight (`20`, `12.5斤`, `3kg`).
        qty: String,
        /// Best before (YYYY-MM-DD): the goods are a batch, picked
        /// earliest-expiring first and listed by `stock expiring`.
        #[arg(long)]
        expires: Option<String>,
        /// The batch's label (批次号).
        #[arg(long)]
        batch: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Write goods off: expired (过期) or damaged (损耗).
    Writeoff {
        sku: String,
        /// Pieces, or a weight (`1.5`, `800克`).
        qty: String,
        #[arg(long, value_parser = ["expired", "damaged"])]
        reason: String,
        /// From this batch (an id from `stock expiring`) rather than the
        /// earliest to expire.
        #[arg(long)]
        batch_id: Option<String>,
    },
    /// The 临期 list: batches expiring within N days, or expired.
    Expiring {
        #[arg(long, default_value_t = 3)]
        days: i64,
    },
    /// Post a stocktake: `--count SKU:COUNTED` per counted item.
    Count {
        #[arg(long = "count", required = true, value_name = "SKU:COUNTED")]
        counts: Vec<String>,
        #[arg(long, default_value = "盘点")]
        reason: String,
    },
}

pub fn stock(db: &Path, cmd: StockCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        StockCmd::Change {
            sku,
            qty,
            reason,
            note,
        } => {
            let c = Change {
                qty: qty_of(store.conn(), &sku, &qty)?,
                sku,
                reason,
                note,
                ..Default::default()
            };
            return change(&mut store, &c, out);
        }
        StockCmd::Receive {
            sku,
            qty,
            expires,
            batch,
            note,
        } => {
            let c = Change {
                qty: qty_of(store.conn(), &sku, &qty)?,
                sku,
                reason: "receipt".into(),
                note,
                expires_on: expires,
                batch,
                ..Default::default()
            };
            return change(&mut store, &c, out);
        }
        StockCmd::Writeoff {
            sku,
            qty,
            reason,
            batch_id,
        } => {
            let qty = qty_of(store.conn(), &sku, &qty)?;
            let c = count::writeoff(&sku, qty, reason == "expired", batch_id);
            return change(&mut store, &c, out);
        }
        StockCmd::Expiring { days } => {
            let list = batches::expiring(store.conn(), store.clock().today(), days)?;
            out.emit(&json!({ "days": days, "batches": list }), || {
                expiring_text(&list, out)
            });
        }
        StockCmd::Count { counts, reason } => {
            let counts = counts
                .iter()
                .map(|c| parse_count(&store, c))
                .collect::<Result<Vec<_>, _>>()?;
            let take = store.write(|w| count::stocktake(w, &counts, &reason, None))?;
            out.emit(&take, || {
                let rows: Vec<String> = take
                    .lines
                    .iter()
                    .map(|l| {
                        format!(
                            "{}  {} → {} ({:+})",
                            l.sku, l.on_hand, l.counted, l.variance
                        )
                    })
                    .collect();
                format!(
                    "{}\n{} {:+}",
                    rows.join("\n"),
                    out.t("盘点差异合计", "net variance"),
                    take.net
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `SKU:COUNTED`, the count in the goods' unit (`PG-1:12`, `XJ-1:8.5`).
fn parse_count(store: &Store, text: &str) -> Result<Counted, CoreError> {
    let bad = || CoreError::invalid("count", format!("not SKU:COUNTED: {text:?}"));
    let (sku, n) = text.rsplit_once(':').ok_or_else(bad)?;
    Ok(Counted {
        sku: sku.trim().to_string(),
        counted: qty_of(store.conn(), sku, n)?,
    })
}

/// One change posted; prints the SKU's on-hand after it.
fn change(store: &mut Store, c: &Change, out: &Out) -> Result<ExitCode, CoreError> {
    let on_hand = store.write(|w| count::change(w, c))?;
    let shown = sold_by::of_sku(store.conn(), &c.sku)?.show(on_hand);
    out.emit(
        &json!({ "sku": c.sku, "on_hand": on_hand, "on_hand_text": shown }),
        || format!("{}: {} {shown}", c.sku, out.t("现有", "on hand")),
    );
    Ok(ExitCode::SUCCESS)
}

fn expiring_text(list: &[Expiring], out: &Out) -> String {
    if list.is_empty() {
        return out.t("没有临期商品", "nothing expiring").to_string();
    }
    list.iter()
        .map(|b| {
            format!(
                "{} {} {} {} ×{} ¥{} ({} {})",
                b.expires_on,
                b.sku,
                b.name,
                b.batch,
                b.qty_text,
                b.value,
                b.days_left,
                out.t("天", "days")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
