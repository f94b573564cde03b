//! `campaigns`: the records with their figures, new ones, their spend and
//! traffic. Each subcommand parses, calls core and prints; CLI.md is the contract.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

use storefront_core::campaigns::records;
use storefront_core::{CoreError, Money};

use crate::output::{table, Out};
use crate::shop::open;

#[derive(Subcommand)]
pub enum CampaignsCmd {
    /// Campaigns with their headline figures.
    List,
    /// Record a campaign: groupbuy, live, flash, coupon, holiday, solitaire or general.
    Add(AddArgs),
    /// Add a cost to campaign ID (or name): ads, kol or other.
    Spend {
        id: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        amount: Money,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Read views and clicks per day (CSV/XLSX: day, views, clicks) into campaign ID.
    Traffic { id: String, file: PathBuf },
}

/// A campaign to record (`campaigns add`).
#[derive(clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long, default_value = "general")]
    pub kind: String,
    /// First business day (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Last business day (YYYY-MM-DD).
    #[arg(long)]
    pub to: String,
    /// The code a live session gives out (`orders add --campaign CODE`).
    #[arg(long)]
    pub code: Option<String>,
    /// A distributor whose link it runs on: their orders in its dates belong to it.
    #[arg(long)]
    pub referrer: Option<String>,
    /// The day its goods arrive (预售, YYYY-MM-DD): its orders carry it.
    #[arg(long)]
    pub arrives: Option<String>,
}

pub fn campaigns(db: &Path, cmd: CampaignsCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        CampaignsCmd::List => {
            let rows = records::list(store.conn(), store.clock())?;
            out.emit(&json!({ "campaigns": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|c| {
                        let dash = || "—".to_string();
                        vec![
                            c.name.clone(),
                            c.kind.clone(),
                            format!("{} ~ {}", c.starts, c.ends),
                            c.orders.to_string(),
                            c.gmv.to_string(),
                            (c.spend + c.coupon_cost).to_string(),
                            c.roi.clone().unwrap_or_else(dash),
                            c.ctr.clone().unwrap_or_else(dash),
                            c.conversion.clone().unwrap_or_else(dash),
                        ]
                    })
                    .collect();
                let header = if out.zh {
                    [
                        "活动",
                        "类型",
                        "时间",
                        "订单",
                        "GMV",
                        "花费",
                        "投产比",
                        "点击率",
                        "转化率",
                    ]
                } else {
                    [
                        "campaign",
                        "kind",
                        "dates",
                        "orders",
                        "gmv",
                        "cost",
                        "roi",
                        "ctr",
                        "conversion",
                    ]
                };
                table(&header, &cells)
            });
        }
        CampaignsCmd::Add(a) => add(&mut store, a, out)?,
        CampaignsCmd::Spend {
            id,
            kind,
            amount,
            note,
        } => {
            let id = records::find(store.conn(), &id)?;
            store.write(|w| records::add_spend(w, &id, &kind, amount, &note))?;
            out.emit(&json!({ "id": id, "kind": kind, "amount": amount }), || {
                format!("{} {kind} ¥{amount}", out.t("已记花费", "spend recorded:"))
            });
        }
        CampaignsCmd::Traffic { id, file } => {
            let id = records::find(store.conn(), &id)?;
            let bytes = storefront_core::io::read_file(&file)?;
            let name = storefront_core::io::file_name(&file);
            let report = store.write(|w| records::import_traffic(w, &id, &bytes, &name))?;
            out.emit(&report, || {
                format!(
                    "{} {} · {} {} · {} {}",
                    out.t("天数", "days"),
                    report.days,
                    out.t("浏览", "views"),
                    report.views,
                    out.t("点击", "clicks"),
                    report.clicks
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn add(store: &mut storefront_core::Store, a: AddArgs, out: &Out) -> Result<(), CoreError> {
    let c = records::NewCampaign {
        name: a.name,
        kind: a.kind,
        starts: a.from,
        ends: a.to,
        notes: String::new(),
        code: a.code,
        referrer: a.referrer,
        arrives_on: a.arrives,
    };
    let id = store.write(|w| records::add(w, &c))?;
    out.emit(&json!({ "id": id }), || {
        format!("{} {id}", out.t("已建活动", "campaign added:"))
    });
    Ok(())
}
