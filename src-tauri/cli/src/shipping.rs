//! `orders ship` and `orders export --to-ship`: courier parcels, one by
//! one or from a courier platform's waybill file, and the file of orders
//! still to send.

use std::path::{Path, PathBuf};

use clap::Args;
use storefront_core::io::file_name;
use storefront_core::shipping::{self, to_ship, waybills};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shop::{open, open_read};

/// `orders ship`'s arguments: an order with its tracking number, or a file.
#[derive(Args)]
pub struct ShipArgs {
    /// The order sent (not with `--file`).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    order_no: Option<String>,
    /// 顺丰, 中通, 圆通, 韵达, 申通, 邮政, 京东 or another; with `--file`,
    /// for rows without a 快递公司 column.
    #[arg(long)]
    carrier: Option<String>,
    /// The tracking number (运单号).
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    tracking: Option<String>,
    /// A courier platform's waybill list (CSV/XLSX): 运单号 and 订单号 or
    /// 收件人手机 per row; all sent, or none.
    #[arg(long)]
    file: Option<PathBuf>,
}

pub fn ship(db: &Path, args: ShipArgs, out: &Out) -> Result<(), CoreError> {
    if let Some(file) = &args.file {
        return ship_file(db, file, args.carrier.as_deref(), out);
    }
    let (Some(order_no), Some(tracking)) = (&args.order_no, &args.tracking) else {
        return Err(CoreError::invalid(
            "ship",
            "give ORDER_NO --tracking NO, or --file FILE",
        ));
    };
    let carrier = args.carrier.as_deref().unwrap_or_default();
    let done = open(db)?.write(|w| shipping::ship(w, order_no, carrier, tracking))?;
    out.emit(&done, || {
        let mut text = format!(
            "{} {} {} {}",
            out.t("已发货", "shipped"),
            done.order_no,
            done.carrier,
            done.tracking_no
        );
        if let Some(old) = &done.replaced {
            text.push_str(&format!(" ({} {old})", out.t("原运单号", "was")));
        }
        text
    });
    Ok(())
}

fn ship_file(db: &Path, file: &Path, carrier: Option<&str>, out: &Out) -> Result<(), CoreError> {
    let bytes = storefront_core::io::read_file(file)?;
    let name = file_name(file);
    let mut store = open(db)?;
    store.wait_for_writers()?;
    let bar = out.progress();
    let done = store.write(|w| waybills::import(w, &bytes, &name, carrier, &bar))?;
    out.emit(&done, || {
        format!(
            "{} {} {}, {} {} ({} {})",
            out.t("已发货", "shipped"),
            done.orders,
            out.t("单", "orders"),
            out.t("已发过", "already sent"),
            done.already,
            done.rows,
            out.t("行", "rows")
        )
    });
    Ok(())
}

/// `orders export --to-ship FILE`.
pub fn export(db: &Path, file: &Path, out: &Out) -> Result<(), CoreError> {
    let store = open_read(db)?;
    let done = to_ship::export(store.conn(), store.clock(), file)?;
    out.emit(&done, || {
        let mut text = format!(
            "{} {} {} → {}",
            out.t("待发货", "to ship"),
            done.orders,
            out.t("单", "orders"),
            file.display()
        );
        if !done.without_address.is_empty() {
            text.push_str(&format!(
                "\n{}: {}",
                out.t("没有地址", "no address"),
                done.without_address.join(", ")
            ));
        }
        text
    });
    Ok(())
}
