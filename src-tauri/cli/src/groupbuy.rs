//! `groupbuy`: 拼团 deals opened, joined, shared and closed at their deadline.

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use storefront_core::campaigns::groupbuy::{self, NewGroupBuy};
use storefront_core::campaigns::{self, names};
use storefront_core::checkout;
use storefront_core::{shop_time, CoreError, Money, Store};

use crate::output::{table, Out};
use crate::shop::open;

#[derive(Subcommand)]
pub enum GroupBuyCmd {
    /// Open a 拼团 deal; prints {"id"}.
    Create(Box<CreateArgs>),
    /// A customer joins: an order held for the group; prints {"order_no"}.
    Join {
        id: String,
        #[arg(long)]
        customer: String,
        #[arg(long, default_value_t = 1)]
        qty: i32,
        /// Collected at this pickup point.
        #[arg(long)]
        pickup: Option<String>,
    },
    /// Close the deals past their deadline (as of --now, shop-local time).
    CloseDue {
        #[arg(long)]
        now: Option<String>,
    },
    /// Decide deal ID now, as its deadline would.
    Close { id: String },
    /// The deals with members, spots left and success per month.
    List,
    /// The WeChat message announcing deal ID, ready to paste.
    Share { id: String },
}

/// `groupbuy create`'s flags.
#[derive(Args)]
pub struct CreateArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    sku: String,
    /// The group price in yuan.
    #[arg(long)]
    price: Money,
    #[arg(long)]
    size: i32,
    /// Shop-local time, "2026-12-03 20:00".
    #[arg(long)]
    deadline: String,
    /// Units one customer may take (0: no limit).
    #[arg(long, default_value_t = 0)]
    limit: i32,
    /// The day the goods arrive (YYYY-MM-DD): its orders are picked then.
    #[arg(long)]
    arrives: Option<String>,
}

impl CreateArgs {
    fn deal(self) -> NewGroupBuy {
        NewGroupBuy {
            name: self.name,
            sku: self.sku,
            price: self.price,
            size: self.size,
            deadline: self.deadline,
            per_customer_limit: self.limit,
            arrives_on: self.arrives,
        }
    }
}

fn local_time(store: &Store, field: &str, text: &str) -> Result<i64, CoreError> {
    store
        .clock()
        .parse_local(text)
        .ok_or_else(|| CoreError::invalid(field, format!("not a time: {text:?}")))
}

pub fn run(db: &Path, cmd: GroupBuyCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        GroupBuyCmd::Create(args) => {
            let g = args.deal();
            let id = store.write(|w| groupbuy::create(w, &g))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {id}", out.t("已开团", "group buy opened:"))
            });
        }
        GroupBuyCmd::Join {
            id,
            customer,
            qty,
            pickup,
        } => {
            let conn = store.conn();
            let id = names::group_buy(conn, &id)?;
            let pickup = pickup.map(|p| names::pickup_point(conn, &p)).transpose()?;
            let joined = store
                .write(|w| checkout::groupbuy::join(w, &id, &customer, qty, pickup.as_deref()))?;
            out.emit(&joined, || {
                format!(
                    "{} {} · {}/{} {}",
                    out.t("已参团", "joined:"),
                    joined.order_no,
                    joined.joined,
                    joined.size,
                    joined.status
                )
            });
        }
        GroupBuyCmd::CloseDue { now } => {
            let at = match now {
                Some(t) => local_time(&store, "now", &t)?,
                None => shop_time::now(),
            };
            let closed = store.write(|w| checkout::groupbuy::close_due(w, at))?;
            print_closed(out, &closed);
        }
        GroupBuyCmd::Close { id } => {
            let id = names::group_buy(store.conn(), &id)?;
            let closed = store.write(|w| checkout::groupbuy::close(w, &id, shop_time::now()))?;
            print_closed(out, &[closed]);
        }
        GroupBuyCmd::List => {
            let deals = campaigns::group_buys(store.conn(), store.clock())?;
            let months = groupbuy::success_by_month(store.conn(), store.clock())?;
            out.emit(
                &json!({ "group_buys": deals, "success_by_month": months }),
                || {
                    let rows: Vec<Vec<String>> = deals
                        .iter()
                        .map(|g| {
                            vec![
                                g.id.clone(),
                                g.name.clone(),
                                g.sku.clone(),
                                g.price.to_string(),
                                format!("{}/{}", g.joined, g.group_size),
                                g.deadline.clone(),
                                g.status.clone(),
                            ]
                        })
                        .collect();
                    table(
                        &["id", "name", "sku", "price", "joined", "deadline", "status"],
                        &rows,
                    )
                },
            );
        }
        GroupBuyCmd::Share { id } => {
            let id = names::group_buy(store.conn(), &id)?;
            let text = groupbuy::share_text(store.conn(), store.clock(), &id, out.zh)?;
            out.emit(&json!({ "text": text }), || text.clone());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_closed(out: &Out, closed: &[checkout::groupbuy::Closed]) {
    out.emit(&json!({ "closed": closed }), || {
        let rows: Vec<Vec<String>> = closed
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone(),
                    c.status.clone(),
                    c.orders.to_string(),
                    c.refunds.to_string(),
                ]
            })
            .collect();
        table(&["id", "name", "status", "orders", "refunds"], &rows)
    });
}
