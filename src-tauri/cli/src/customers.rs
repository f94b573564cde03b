//! `customers`: the customer list and its search, and the lookup order
//! entry makes as a name, pinyin or phone digits are typed.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::customers::{self, due, merge, CustomerRow};
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
    /// 该回购了: customers whose next purchase of a product is due within DAYS days (their own rhythm, or the product's), each with a ready WeChat message; and whether reminding worked.
    Due {
        #[arg(long, default_value_t = 3)]
        days: i64,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Record that CUSTOMER (id) was sent the reminder: off the due list for a week.
    Reminded {
        customer_id: String,
        /// The product the reminder was about (id, as `due` prints it).
        #[arg(long)]
        product: Option<String>,
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
    match cmd {
        CustomersCmd::Due { days, limit } => due_list(db, days, limit, out)?,
        CustomersCmd::Reminded {
            customer_id,
            product,
        } => {
            let now = storefront_core::shop_time::now();
            open(db)?.write(|w| due::sent(w, &customer_id, product.as_deref(), now))?;
            out.emit(&json!({ "reminded": customer_id }), || {
                out.t(
                    "已记下：一周内不再提醒",
                    "noted: off the due list for a week",
                )
                .to_string()
            });
        }
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

fn due_list(db: &Path, days: i64, limit: u32, out: &Out) -> Result<(), CoreError> {
    let mut store = open(db)?;
    let (today, now) = (store.clock().today(), storefront_core::shop_time::now());
    let list = due::list(&mut store, today, now, days, limit)?;
    let e = &list.effect;
    out.emit(&list.rows, || {
        let rows: Vec<Vec<String>> = list
            .rows
            .iter()
            .map(|d| {
                vec![
                    d.customer.clone(),
                    d.phone.clone(),
                    d.product.clone(),
                    d.usual_qty.to_string(),
                    d.usual_interval_days.to_string() + if d.own { "" } else { "*" },
                    d.last_bought.clone(),
                    d.due.clone(),
                    d.customer_id.clone(),
                ]
            })
            .collect();
        format!(
            "{}\n{}\n{} {}/{} · {} {}/{}",
            out.table(
                &[
                    "客户",
                    "手机",
                    "商品",
                    "常买",
                    "间隔天",
                    "上次",
                    "该买",
                    "客户 id"
                ],
                &[
                    "customer",
                    "phone",
                    "product",
                    "usual qty",
                    "every (days)",
                    "last",
                    "due",
                    "customer id"
                ],
                &rows
            ),
            out.t(
                "* 按商品的常见间隔（本人少于 3 次）",
                "* the product's typical interval (fewer than 3 purchases)"
            ),
            out.t("提醒后 7 天内回购", "reminded, bought within 7 days"),
            e.reminded_bought,
            e.reminded,
            out.t("未提醒", "not reminded"),
            e.not_reminded_bought,
            e.not_reminded
        )
    });
    Ok(())
}
