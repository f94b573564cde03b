//! `coupons`, `members`, `bundles` and `flash`: what order entry prices.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::campaigns::{self, bundles, flash, members, promotions, records};
use storefront_core::{CoreError, Money};

use crate::output::{table, Out};
use crate::shop::open;

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
            let rows = campaigns::coupons(
                store.conn(),
                store.clock(),
                storefront_core::shop_time::now(),
            )?;
            out.emit(&json!({ "coupons": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|c| {
                        vec![
                            c.code.clone(),
                            c.kind.clone(),
                            c.valid_to.clone(),
                            format!("{}/{}", c.used, c.usage_limit),
                            c.status.clone(),
                        ]
                    })
                    .collect();
                table(&["code", "kind", "valid to", "used", "status"], &cells)
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn members(db: &Path, cmd: MembersCmd, out: &Out) -> Result<ExitCode, CoreError> {
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

pub fn bundles(db: &Path, cmd: BundlesCmd, out: &Out) -> Result<ExitCode, CoreError> {
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
            let id = store.write(|w| bundles::add(w, &code, &name, price, &items))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {code}", out.t("已建套餐", "bundle added:"))
            });
        }
        BundlesCmd::List => {
            let rows = bundles::list(store.conn(), None)?;
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
    let campaign_id = campaign
        .map(|c| records::find(store.conn(), &c))
        .transpose()?;
    let id = store.write(|w| flash::add(w, &sku, price, &from, &to, campaign_id.as_deref()))?;
    out.emit(&json!({ "id": id }), || {
        format!(
            "{} {sku} ¥{price}",
            out.t("已设限时价", "flash sale added:")
        )
    });
    Ok(ExitCode::SUCCESS)
}
