//! `distributors` and `commissions`: two levels, rates, trust, payouts.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::campaigns::distribution::{self, NewDistributor};
use storefront_core::{CoreError, Money};

use crate::output::{table, Out};
use crate::shop::{open, open_read};

#[derive(Subcommand)]
pub enum DistributorsCmd {
    /// A distributor; one at a third level is refused (exit 2).
    Add {
        name: String,
        #[arg(long)]
        recruiter: Option<String>,
        /// Rate on the sales they bring themselves (10%).
        #[arg(long)]
        rate1: Option<String>,
        /// Rate on the sales of the people they recruited (3%).
        #[arg(long)]
        rate2: Option<String>,
    },
    /// Ranked by trust (信任值), with commissions earned and paid out.
    List,
    /// The shop's default rates, or with --product SKU that product's own
    /// (an empty rate goes back to the default); prints the rates in force.
    Rates {
        #[arg(long)]
        rate1: Option<String>,
        #[arg(long)]
        rate2: Option<String>,
        #[arg(long)]
        product: Option<String>,
    },
    /// Record commission paid out to NAME.
    Payout {
        name: String,
        #[arg(long)]
        amount: Money,
        #[arg(long, default_value = "")]
        note: String,
    },
}

pub fn distributors(db: &Path, cmd: DistributorsCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        DistributorsCmd::Add {
            name,
            recruiter,
            rate1,
            rate2,
        } => {
            let d = NewDistributor {
                name: &name,
                recruiter: recruiter.as_deref(),
                rate1: rate1.as_deref(),
                rate2: rate2.as_deref(),
            };
            let id = store.write(|w| distribution::add(w, &d))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {name}", out.t("已添加分销员", "distributor added:"))
            });
        }
        DistributorsCmd::List => {
            let rows = distribution::standings(store.conn())?;
            out.emit(&json!({ "distributors": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|d| {
                        vec![
                            d.name.clone(),
                            d.level.to_string(),
                            d.recruiter.clone().unwrap_or_default(),
                            d.trust.to_string(),
                            format!("{}/{}", d.kept, d.orders),
                            d.recruits.to_string(),
                            d.commission.to_string(),
                            d.paid_out.to_string(),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "name",
                        "level",
                        "recruiter",
                        "trust",
                        "kept",
                        "recruits",
                        "commission",
                        "paid out",
                    ],
                    &cells,
                )
            });
        }
        DistributorsCmd::Rates {
            rate1,
            rate2,
            product,
        } => {
            if rate1.is_some() || rate2.is_some() {
                store.write(|w| match &product {
                    Some(sku) => {
                        distribution::set_product_rates(w, sku, rate1.as_deref(), rate2.as_deref())
                    }
                    None => distribution::set_shop_rates(w, rate1.as_deref(), rate2.as_deref()),
                })?;
            }
            let rates = distribution::rates(store.conn())?;
            out.emit(&rates, || {
                let cells: Vec<Vec<String>> = rates
                    .products
                    .iter()
                    .map(|p| {
                        vec![
                            p.product.clone(),
                            p.skus.clone(),
                            p.rate1.clone().unwrap_or_default(),
                            p.rate2.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                format!(
                    "{} {} / {}\n{}",
                    out.t("店铺默认", "shop default"),
                    rates.rate1,
                    rates.rate2,
                    table(&["product", "skus", "rate1", "rate2"], &cells)
                )
            });
        }
        DistributorsCmd::Payout { name, amount, note } => {
            let id = store.write(|w| distribution::pay_out(w, &name, amount, &note))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {name} ¥{amount}", out.t("已记支付", "paid out:"))
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn commissions(
    db: &Path,
    distributor: Option<String>,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let rows = distribution::commissions(store.conn(), distributor.as_deref())?;
    out.emit(&rows, || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|c| {
                vec![
                    c.distributor.clone(),
                    c.level.to_string(),
                    c.order_no.clone(),
                    c.amount.to_string(),
                ]
            })
            .collect();
        let total: Money = rows.iter().map(|c| c.amount).sum();
        format!(
            "{}\n{} {total}",
            table(&["distributor", "level", "order", "amount"], &cells),
            out.t("合计", "total")
        )
    });
    Ok(ExitCode::SUCCESS)
}
