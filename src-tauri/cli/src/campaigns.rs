//! Campaigns and the people who sell with us: `campaigns`, `groupbuy`,
//! `distributors`, `commissions`, `leaders`, `pickup`, `coupons`, `flash`.
//! Each subcommand parses, calls core and prints; CLI.md is the contract.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::campaigns::distribution::{self, NewDistributor};
use storefront_core::campaigns::groupbuy::{self, NewGroupBuy};
use storefront_core::campaigns::{self, leaders, members, names, promotions, records};
use storefront_core::{shop_time, CoreError, Money, Store};

use crate::output::{table, Out};
use crate::shop::open;

#[derive(Subcommand)]
pub enum CampaignsCmd {
    /// Campaigns with their headline figures.
    List,
    /// Record a campaign: groupbuy, live, flash, coupon, holiday, solitaire or general.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "general")]
        kind: String,
        /// First business day (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// Last business day (YYYY-MM-DD).
        #[arg(long)]
        to: String,
        /// The code a live session gives out (`orders add --campaign CODE`).
        #[arg(long)]
        code: Option<String>,
        /// A distributor whose link it runs on: their orders in its dates belong to it.
        #[arg(long)]
        referrer: Option<String>,
    },
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

#[derive(Subcommand)]
pub enum GroupBuyCmd {
    /// Open a 拼团 deal; prints {"id"}.
    Create {
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
    },
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

#[derive(Subcommand)]
pub enum CouponsCmd {
    /// A coupon: fixed (--value), percent (--percent), threshold (--threshold, --value) or n_for (--n, --value).
    Add {
        code: String,
        #[arg(long)]
        kind: String,
        #[arg(long, default_value = "0")]
        value: Money,
        #[arg(long, default_value = "")]
        percent: String,
        #[arg(long, default_value = "0")]
        threshold: Money,
        #[arg(long, default_value_t = 0)]
        n: i64,
        /// First and last valid business day (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Orders that may use it (0: no limit).
        #[arg(long, default_value_t = 0)]
        limit: i64,
        #[arg(long)]
        stackable: bool,
        #[arg(long)]
        campaign: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
pub enum MembersCmd {
    /// Make a customer a member (regular, silver or gold), or change their level.
    Add {
        customer: String,
        #[arg(long, default_value = "regular")]
        level: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// Members with their level and points.
    List,
    /// The levels and their benefits.
    Levels,
}

#[derive(Subcommand)]
pub enum BundlesCmd {
    /// A bundle (套餐): `--item SKU:QTY` for each item, at one price.
    Add {
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        price: Money,
        #[arg(long = "item", required = true, value_name = "SKU:QTY")]
        items: Vec<String>,
    },
    List,
}

/// `flash add`: a price for a time window.
#[derive(Subcommand)]
pub enum FlashCmd {
    Add {
        #[arg(long)]
        sku: String,
        #[arg(long)]
        price: Money,
        /// Shop-local start and end times.
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        campaign: Option<String>,
    },
}

fn local_time(store: &Store, field: &str, text: &str) -> Result<i64, CoreError> {
    store
        .clock()
        .parse_local(text)
        .ok_or_else(|| CoreError::invalid(field, format!("not a time: {text:?}")))
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
        CampaignsCmd::Add {
            name,
            kind,
            from,
            to,
            code,
            referrer,
        } => {
            let c = records::NewCampaign {
                name,
                kind,
                starts: from,
                ends: to,
                notes: String::new(),
                code,
                referrer,
            };
            let id = store.write(|w| records::add(w, &c))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {id}", out.t("已建活动", "campaign added:"))
            });
        }
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

pub fn group_buy(db: &Path, cmd: GroupBuyCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        GroupBuyCmd::Create {
            name,
            sku,
            price,
            size,
            deadline,
            limit,
        } => {
            let g = NewGroupBuy {
                name,
                sku,
                price,
                size,
                deadline,
                per_customer_limit: limit,
            };
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
            let joined =
                store.write(|w| groupbuy::join(w, &id, &customer, qty, pickup.as_deref()))?;
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
            let closed = store.write(|w| groupbuy::close_due(w, at))?;
            print_closed(out, &closed);
        }
        GroupBuyCmd::Close { id } => {
            let id = names::group_buy(store.conn(), &id)?;
            let closed = store.write(|w| groupbuy::close(w, &id, shop_time::now()))?;
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

fn print_closed(out: &Out, closed: &[groupbuy::Closed]) {
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
    let store = open(db)?;
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

pub fn leaders_cmd(db: &Path, cmd: LeadersCmd, out: &Out) -> Result<ExitCode, CoreError> {
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
            let status = store.write(|w| leaders::redeem(w, &order_no))?;
            out.emit(&json!({ "order_no": order_no, "status": status }), || {
                format!("{} {order_no}", out.t("已核销", "collected:"))
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn coupons(db: &Path, cmd: CouponsCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        CouponsCmd::Add {
            code,
            kind,
            value,
            percent,
            threshold,
            n,
            from,
            to,
            limit,
            stackable,
            campaign,
        } => {
            let campaign_id = campaign
                .map(|c| records::find(store.conn(), &c))
                .transpose()?;
            let c = promotions::NewCoupon {
                code,
                kind,
                value,
                percent,
                threshold,
                n_items: n,
                valid_from: from,
                valid_to: to,
                usage_limit: limit,
                stackable,
                campaign_id,
            };
            let id = store.write(|w| promotions::add_coupon(w, &c))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {}", out.t("已建优惠券", "coupon added:"), c.code)
            });
        }
        CouponsCmd::List => {
            let rows = campaigns::coupons(store.conn(), store.clock())?;
            out.emit(&json!({ "coupons": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|c| {
                        vec![
                            c.code.clone(),
                            c.kind.clone(),
                            c.valid_to.clone(),
                            format!("{}/{}", c.used, c.usage_limit),
                        ]
                    })
                    .collect();
                table(&["code", "kind", "valid to", "used"], &cells)
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn members_cmd(db: &Path, cmd: MembersCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        MembersCmd::Add {
            customer,
            level,
            phone,
        } => {
            let id = store.write(|w| members::enrol(w, &customer, &phone, &level))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {customer} ({level})", out.t("已加入会员", "member:"))
            });
        }
        MembersCmd::List => {
            let rows = members::list(store.conn(), store.clock())?;
            out.emit(&json!({ "members": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|m| {
                        vec![
                            m.customer.clone(),
                            m.level_name.clone(),
                            m.points.to_string(),
                            m.points_value.to_string(),
                            m.joined.clone(),
                        ]
                    })
                    .collect();
                table(&["customer", "level", "points", "worth", "joined"], &cells)
            });
        }
        MembersCmd::Levels => {
            let rows = members::levels(store.conn())?;
            out.emit(&json!({ "levels": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|l| {
                        vec![
                            l.level.clone(),
                            l.name.clone(),
                            l.discount.clone(),
                            l.points_per_yuan.to_string(),
                        ]
                    })
                    .collect();
                table(&["level", "name", "discount", "points per yuan"], &cells)
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn bundles_cmd(db: &Path, cmd: BundlesCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        BundlesCmd::Add {
            code,
            name,
            price,
            items,
        } => {
            let items = items
                .iter()
                .map(|i| crate::orders::parse_line(i).map(|l| (l.sku, l.qty as i64)))
                .collect::<Result<Vec<_>, _>>()?;
            let id = store.write(|w| promotions::add_bundle(w, &code, &name, price, &items))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {code}", out.t("已建套餐", "bundle added:"))
            });
        }
        BundlesCmd::List => {
            let rows = promotions::bundles(store.conn(), None)?;
            out.emit(&json!({ "bundles": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|b| {
                        let items: Vec<String> = b
                            .items
                            .iter()
                            .map(|i| format!("{}×{}", i.sku, i.qty))
                            .collect();
                        vec![
                            b.code.clone(),
                            b.name.clone(),
                            b.price.to_string(),
                            b.list.to_string(),
                            items.join(" "),
                        ]
                    })
                    .collect();
                table(&["code", "name", "price", "apart", "items"], &cells)
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn flash(db: &Path, cmd: FlashCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let FlashCmd::Add {
        sku,
        price,
        from,
        to,
        campaign,
    } = cmd;
    let (starts, ends) = (
        local_time(&store, "from", &from)?,
        local_time(&store, "to", &to)?,
    );
    let campaign_id = campaign
        .map(|c| records::find(store.conn(), &c))
        .transpose()?;
    let id = store.write(|w| {
        promotions::add_flash_sale(w, &sku, price, starts, ends, campaign_id.as_deref())
    })?;
    out.emit(&json!({ "id": id }), || {
        format!(
            "{} {sku} ¥{price}",
            out.t("已设限时价", "flash sale added:")
        )
    });
    Ok(ExitCode::SUCCESS)
}
