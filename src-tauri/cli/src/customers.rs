//! `customers`: the customer list and its search, and the lookup order
//! entry makes as a name, pinyin or phone digits are typed.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::customers::{self, CustomerRow};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shop::open_read;

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
    let store = open_read(db)?;
    match cmd {
        CustomersCmd::List { search, limit } => {
            let page = customers::page(store.conn(), store.clock(), &search, 0, limit)?;
            out.list("customers", &page, &ZH, &EN, cells);
        }
        CustomersCmd::Find { query, limit } => {
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
