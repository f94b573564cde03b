//! `customers`: the customer list and its search, and the lookup order
//! entry makes as a name, pinyin or phone digits are typed.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::customers::{self, merge, CustomerRow};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shop::{open, open_read};

#[derive(Subcommand)]
pub enum CustomersCmd {
    /// Customers by name, with their orders and spend; --search finds text anywhere in name, nickname, phone or pinyin.
    List {
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// The customers order entry offers for QUERY (the start of a name, nickname, pinyin or phone, or a phone's last four digits), best first.
    Find {
        query: String,
        #[arg(long, default_value_t = 8)]
        limit: u32,
    },
    /// Customers who are likely one person: the same phone, the same nickname at one pickup point, or the same name (pinyin) at one pickup point.
    Duplicates {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Fold OTHER customers (ids) into KEEP: their orders, distributor links and membership move, all at once or none.
    Merge {
        keep: String,
        #[arg(required = true)]
        others: Vec<String>,
    },
    /// Take a merge back (its id, as `merge` printed it).
    Unmerge { merge_id: String },
}

const ZH: [&str; 6] = ["客户", "微信昵称", "手机", "订单数", "消费", "最近下单"];
const EN: [&str; 6] = [
    "customer",
    "nickname",
    "phone",
    "orders",
    "spent",
    "last order",
];

fn cells(c: &CustomerRow) -> Vec<String> {
    vec![
        c.name.clone(),
        c.wechat_nick.clone(),
        c.phone.clone(),
        c.orders.to_string(),
        c.spent.to_string(),
        c.last_order.clone().unwrap_or_default(),
    ]
}

pub fn run(db: &Path, cmd: CustomersCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match cmd {
        CustomersCmd::Merge { keep, others } => {
            let done = open(db)?.write(|w| {
                others
                    .iter()
                    .map(|o| merge::merge(w, &keep, o))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            out.emit(&json!({ "merges": done }), || {
                done.iter()
                    .map(|m| {
                        format!(
                            "{} {} ({} {}) · {}",
                            out.t("已合并", "merged"),
                            m.merged_name,
                            m.orders,
                            out.t("单", "orders"),
                            m.merge_id
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        CustomersCmd::Unmerge { merge_id } => {
            open(db)?.write(|w| merge::undo(w, &merge_id))?;
            out.emit(&json!({ "undone": merge_id }), || {
                format!("{} {merge_id}", out.t("已撤销合并", "merge undone"))
            });
        }
        CustomersCmd::Duplicates { limit } => {
            let store = open_read(db)?;
            let groups = merge::duplicates(store.conn(), store.clock(), limit)?;
            out.emit(&json!({ "groups": groups }), || {
                groups
                    .iter()
                    .map(|g| {
                        let rows: Vec<Vec<String>> = g.customers.iter().map(cells).collect();
                        format!("{} {}\n{}", g.reason, g.key, out.table(&ZH, &EN, &rows))
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n")
            });
        }
        CustomersCmd::List { search, limit } => {
            let store = open_read(db)?;
            let page = customers::page(store.conn(), store.clock(), &search, 0, limit)?;
            out.list("customers", &page, &ZH, &EN, cells);
        }
        CustomersCmd::Find { query, limit } => {
            let store = open_read(db)?;
            if query.trim().is_empty() {
                return Err(CoreError::invalid(
                    "query",
                    "type the start of a name, nickname, pinyin or phone, or a phone's last four digits",
                ));
            }
            let found = customers::lookup(store.conn(), store.clock(), &query, limit)?;
            out.emit(&json!({ "customers": found }), || {
                out.table(&ZH, &EN, &found.iter().map(cells).collect::<Vec<_>>())
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
