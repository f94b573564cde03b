//! `report sales` and `report campaign`: the dashboard's figures for
//! scripts and spreadsheets. CLI.md is the contract.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::analytics::sales::{self, By};
use storefront_core::analytics::{campaign, Period};
use storefront_core::CoreError;

use crate::output::{table, Out};
use crate::shop::open_read;

#[derive(Subcommand)]
pub enum ReportCmd {
    /// Orders, GMV, paid, refunds and AOV per day, week or month.
    Sales {
        /// First business day (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// Last business day (YYYY-MM-DD).
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "day")]
        by: String,
    },
    /// Net P&L of one campaign (id, code or name) on the money received.
    Campaign { id: String },
}

pub fn run(db: &Path, cmd: ReportCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    match cmd {
        ReportCmd::Sales { from, to, by } => {
            let period = Period::parse(&from, &to)?;
            let points = sales::series(store.conn(), period, By::parse(&by)?)?;
            out.emit(&json!({ "periods": points }), || {
                let rows: Vec<Vec<String>> = points
                    .iter()
                    .map(|p| {
                        vec![
                            p.period.clone(),
                            p.orders.to_string(),
                            p.gmv.to_string(),
                            p.paid.to_string(),
                            p.refunds.to_string(),
                            p.aov.to_string(),
                        ]
                    })
                    .collect();
                let header = if out.zh {
                    ["期间", "订单", "成交额", "已收款", "退款", "客单价"]
                } else {
                    ["period", "orders", "gmv", "paid", "refunds", "aov"]
                };
                table(&header, &rows)
            });
        }
        ReportCmd::Campaign { id } => {
            let r = campaign::report(store.conn(), store.clock(), &id)?;
            out.emit(&r, || {
                let rows: Vec<Vec<String>> = r
                    .steps
                    .iter()
                    .map(|s| {
                        let sign = if s.total { "" } else { "−" };
                        vec![
                            step_name(&s.key, out).to_string(),
                            format!("{sign}{}", s.amount),
                        ]
                    })
                    .collect();
                let dash = || "—".to_string();
                let missing = match r.lines_without_cost {
                    0 => String::new(),
                    n => format!(
                        "\n{}",
                        out.t(
                            &format!("注意：{n} 个商品行没有成本价，按 0 计，毛利偏高"),
                            &format!("note: {n} lines have no cost price, counted at 0: the gross profit is too high"),
                        )
                    ),
                };
                format!(
                    "{} ({} ~ {}) · {} {}\n{}\n{} {} · {} {} · CTR {} · {} {}{missing}",
                    r.name,
                    r.from,
                    r.to,
                    r.orders,
                    out.t("单", "orders"),
                    table(&[out.t("项目", "line"), out.t("金额", "amount")], &rows),
                    out.t("毛利率", "gross margin"),
                    r.gross_margin.clone().unwrap_or_else(dash),
                    out.t("投产比", "ROI"),
                    r.roi.clone().unwrap_or_else(dash),
                    r.ctr.clone().unwrap_or_else(dash),
                    out.t("转化率", "conversion"),
                    r.conversion.clone().unwrap_or_else(dash),
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn step_name<'a>(key: &str, out: &'a Out) -> &'a str {
    match key {
        "gross" => out.t("商品金额", "goods"),
        "coupons" => out.t("优惠券", "coupons"),
        "discounts" => out.t("其他优惠", "other discounts"),
        "gmv" => out.t("成交额", "GMV"),
        "unpaid" => out.t("未收款", "unpaid"),
        "paid" => out.t("已收款", "received"),
        "cost" => out.t("货品成本", "cost of goods"),
        "gross_profit" => out.t("毛利", "gross profit"),
        "commissions" => out.t("佣金", "commissions"),
        "fees" => out.t("支付手续费", "processor fees"),
        "refunds" => out.t("退款", "refunds"),
        "spend" => out.t("投放花费", "spend"),
        _ => out.t("净利", "net"),
    }
}
