//! `leaders` and `pickup`: group leaders, their settlements, and buyers
//! collecting with a pickup code.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

use storefront_core::campaigns::{self, leaders};
use storefront_core::checkout;
use storefront_core::CoreError;

use crate::output::{table, Out};
use crate::shop::open;

#[derive(Subcommand)]
pub enum LeadersCmd {
    /// A group leader with a pickup point (repeat --pickup for more); adds points to an existing leader.
    Add {
        name: String,
        #[arg(long = "pickup", required = true)]
        pickups: Vec<String>,
        #[arg(long)]
        rate: Option<String>,
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// Leaders ranked by sales.
    List,
    /// A settlement statement over business days FROM..TO; --export writes it to XLSX/CSV.
    Settle {
        name: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        export: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum PickupCmd {
    /// Orders waiting for collection by pickup code (6 digits) or phone tail (4 digits).
    Find { query: String },
    /// The buyer collected ORDER_NO.
    Redeem { order_no: String },
}

pub fn run(db: &Path, cmd: LeadersCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        LeadersCmd::Add {
            name,
            pickups,
            rate,
            phone,
        } => {
            let id = store.write(|w| leaders::add(w, &name, &phone, &pickups, rate.as_deref()))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {name}", out.t("已添加团长", "leader added:"))
            });
        }
        LeadersCmd::List => {
            let rows = campaigns::leaders(store.conn())?;
            out.emit(&json!({ "leaders": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|l| {
                        vec![
                            l.name.clone(),
                            l.pickup_points.clone(),
                            l.rate.clone(),
                            l.orders.to_string(),
                            l.sales.to_string(),
                        ]
                    })
                    .collect();
                table(
                    &["leader", "pickup points", "rate", "orders", "sales"],
                    &cells,
                )
            });
        }
        LeadersCmd::Settle {
            name,
            from,
            to,
            export,
        } => {
            let s = leaders::settle(store.conn(), &name, &from, &to)?;
            if let Some(file) = &export {
                leaders::write_settlement(&s, file)?;
            }
            out.emit(&s, || {
                format!(
                    "{} {} ~ {} ({})\n{} {} · {} ¥{} · {} ¥{} · {} ¥{}",
                    s.leader,
                    s.from,
                    s.to,
                    s.rate,
                    out.t("订单", "orders"),
                    s.orders,
                    out.t("实收", "sales"),
                    s.sales,
                    out.t("退款", "refunds"),
                    s.refunds,
                    out.t("佣金", "commission"),
                    s.commission
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn pickup(db: &Path, cmd: PickupCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        PickupCmd::Find { query } => {
            let found = leaders::find(store.conn(), &query)?;
            out.emit(&json!({ "orders": found }), || {
                let cells: Vec<Vec<String>> = found
                    .iter()
                    .map(|o| {
                        vec![
                            o.order_no.clone(),
                            o.code.clone(),
                            o.customer.clone(),
                            o.pickup_point.clone(),
                            o.items.clone(),
                            o.due.to_string(),
                        ]
                    })
                    .collect();
                table(
                    &["order", "code", "customer", "pickup point", "items", "due"],
                    &cells,
                )
            });
        }
        PickupCmd::Redeem { order_no } => {
            let status = store.write(|w| checkout::pickup::redeem(w, &order_no))?;
            out.emit(&json!({ "order_no": order_no, "status": status }), || {
                format!("{} {order_no}", out.t("已核销", "collected:"))
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
