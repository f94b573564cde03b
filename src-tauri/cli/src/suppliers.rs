//! `suppliers` and `sync`: registering feeds, what suppliers offer, the run
//! log, the changes to review, links to the shop's SKUs, suggested prices;
//! and the sync the OS scheduler runs while the app is closed.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::money::Money;
use storefront_core::suppliers::{
    self, changes, http::HttpOptions, sync, FeedMapping, SupplierInput,
};
use storefront_core::CoreError;
use storefront_core::Store;

use crate::output::Out;
use crate::shop::open;

#[derive(clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    /// shopify, woocommerce, json or csv (CSV or XLSX at a URL).
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    url: Option<String>,
    /// Sync every N hours/minutes/days: 6h, 30m, 1d.
    #[arg(long, conflicts_with = "daily")]
    every: Option<String>,
    /// Sync daily at HH:MM shop time.
    #[arg(long)]
    daily: Option<String>,
    #[arg(long, default_value = "")]
    contact: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value_t = 1)]
    lead_days: i32,
    /// Minimum order in yuan.
    #[arg(long, default_value = "0")]
    min_order: String,
    /// The supplier's endpoint taking a purchase order as JSON.
    #[arg(long)]
    po_url: Option<String>,
    /// Field mapping of a generic JSON feed, as JSON: {"items":"data.goods","sku":"code","cost":"price",…}.
    #[arg(long)]
    mapping: Option<String>,
    /// token (a header carrying the secret) or basic.
    #[arg(long, default_value = "none")]
    auth: String,
    /// The token's header (Authorization, X-Api-Key) or the basic-auth user.
    #[arg(long, default_value = "")]
    auth_name: String,
    /// Read the token or password from stdin into the OS keychain.
    #[arg(long)]
    secret_stdin: bool,
}

#[derive(Subcommand)]
pub enum SuppliersCmd {
    /// Register a supplier and its feed (or update the one of that name).
    Add(Box<AddArgs>),
    /// Suppliers with their feeds, schedules and last sync.
    List,
    /// What the supplier offers now.
    Items { name: String },
    /// The sync run log, newest first.
    Runs { name: Option<String> },
    /// Changes the runs brought: new items, cost up/down, out of stock, gone.
    Changes {
        /// Reviewed ones too.
        #[arg(long)]
        all: bool,
        /// Mark every open change as reviewed.
        #[arg(long)]
        reviewed: bool,
    },
    /// Link a supplier item to the shop's SKU (an empty --sku unlinks).
    Link {
        supplier: String,
        supplier_sku: String,
        #[arg(long)]
        sku: String,
    },
    /// The cost rise (percent) above which a change is flagged; prints it without a value.
    Threshold { percent: Option<String> },
    /// Selling prices suggested after cost changes; apply or dismiss one.
    Prices {
        /// The suggestion to decide on.
        id: Option<String>,
        /// Apply the suggested price, or this one (yuan).
        #[arg(long, num_args = 0..=1, default_missing_value = "")]
        apply: Option<String>,
        #[arg(long)]
        dismiss: bool,
    },
}

pub fn run(db: &Path, cmd: SuppliersCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        SuppliersCmd::Add(args) => add(&mut store, args, out)?,
        SuppliersCmd::List => list(&store, out)?,
        SuppliersCmd::Items { name } => items(&store, name, out)?,
        SuppliersCmd::Runs { name } => runs(&store, name, out)?,
        SuppliersCmd::Changes { all, reviewed } => cost_changes(&mut store, all, reviewed, out)?,
        SuppliersCmd::Link {
            supplier,
            supplier_sku,
            sku,
        } => link(&mut store, supplier, supplier_sku, sku, out)?,
        SuppliersCmd::Threshold { percent } => threshold(&mut store, percent, out)?,
        SuppliersCmd::Prices { id, apply, dismiss } => prices(&mut store, id, apply, dismiss, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `suppliers add`: a supplier, its feed and schedule, its secret in the keychain.
fn add(store: &mut Store, args: Box<AddArgs>, out: &Out) -> Result<(), CoreError> {
    let AddArgs {
        name,
        kind,
        url,
        every,
        daily,
        contact,
        phone,
        email,
        lead_days,
        min_order,
        po_url,
        mapping,
        auth,
        auth_name,
        secret_stdin,
    } = *args;
    let mapping: Option<FeedMapping> = mapping
        .map(|m| serde_json::from_str(&m))
        .transpose()
        .map_err(|e| CoreError::invalid("mapping", e.to_string()))?;
    let schedule = match (every, daily) {
        (Some(e), _) => e,
        (None, Some(d)) => format!("daily {d}"),
        (None, None) => String::new(),
    };
    let input = SupplierInput {
        name,
        contact,
        phone,
        email,
        lead_days,
        min_order: min_order.parse::<Money>()?,
        feed_kind: kind,
        feed_url: url,
        schedule,
        auth_kind: auth,
        auth_name,
        mapping,
        po_url,
    };
    let secret = if secret_stdin {
        Some(read_secret()?)
    } else {
        None
    };
    let id = suppliers::save_with_secret(store, &input, secret.as_deref())?;
    out.emit(&json!({ "id": id, "name": input.name.trim() }), || {
        format!(
            "{} {}",
            out.t("已登记供应商", "supplier saved:"),
            input.name.trim()
        )
    });
    Ok(())
}

/// `suppliers list`.
fn list(store: &Store, out: &Out) -> Result<(), CoreError> {
    let rows = suppliers::list(store.conn(), store.clock())?;
    out.emit(&json!({ "suppliers": rows }), || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.feed_kind.clone().unwrap_or_default(),
                    s.schedule.clone().unwrap_or_default(),
                    s.items.to_string(),
                    s.linked.to_string(),
                    format!(
                        "{} {}",
                        s.last_sync.clone().unwrap_or_default(),
                        s.last_status.clone().unwrap_or_default()
                    ),
                ]
            })
            .collect();
        out.table(
            &["供应商", "类型", "计划", "商品", "已关联", "上次同步"],
            &[
                "supplier",
                "kind",
                "schedule",
                "items",
                "linked",
                "last sync",
            ],
            &cells,
        )
    });
    Ok(())
}

/// `suppliers items NAME`: what a supplier's feed lists.
fn items(store: &Store, name: String, out: &Out) -> Result<(), CoreError> {
    let id = suppliers::find(store.conn(), &name)?;
    let rows = suppliers::items(store.conn(), &id)?;
    let value: Vec<serde_json::Value> = rows
        .iter()
        .map(|i| {
            let mut v = json!({ "supplier_sku": i.supplier_sku, "title": i.title, "cost": i.cost, "available": i.available, "sku": i.sku, "pack_size": i.pack_size });
            if let Some(s) = i.stock {
                v["stock"] = json!(s);
            }
            v
        })
        .collect();
    out.emit(&value, || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|i| {
                vec![
                    i.supplier_sku.clone(),
                    i.title.clone(),
                    i.cost.to_string(),
                    yes_no(out, i.available).into(),
                    i.stock.map(|s| s.to_string()).unwrap_or_default(),
                    i.sku.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.table(
            &["货号", "品名", "成本", "有货", "库存", "本店SKU"],
            &[
                "supplier SKU",
                "title",
                "cost",
                "available",
                "stock",
                "our SKU",
            ],
            &cells,
        )
    });
    Ok(())
}

/// `suppliers runs [NAME]`: the last syncs.
fn runs(store: &Store, name: Option<String>, out: &Out) -> Result<(), CoreError> {
    let id = name
        .map(|n| suppliers::find(store.conn(), &n))
        .transpose()?
        .unwrap_or_default();
    let rows = changes::runs(store.conn(), store.clock(), &id, 50)?;
    out.emit(&json!({ "runs": rows }), || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.started_at.clone(),
                    r.supplier.clone(),
                    r.status.clone(),
                    r.seen.to_string(),
                    r.created.to_string(),
                    r.updated.to_string(),
                    r.changes.to_string(),
                    r.error.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.table(
            &[
                "开始",
                "供应商",
                "结果",
                "条目",
                "新增",
                "更新",
                "变化",
                "错误",
            ],
            &[
                "started", "supplier", "status", "seen", "created", "updated", "changes", "error",
            ],
            &cells,
        )
    });
    Ok(())
}

/// `suppliers changes`: what the feeds changed, or all marked reviewed.
fn cost_changes(store: &mut Store, all: bool, reviewed: bool, out: &Out) -> Result<(), CoreError> {
    if reviewed {
        let n = store.write(|w| changes::mark_reviewed(w, &[]))?;
        out.emit(&json!({ "reviewed": n }), || {
            format!("{} {n}", out.t("已查看", "marked reviewed:"))
        });
        return Ok(());
    }
    let rows = changes::list(store.conn(), store.clock(), all, 500)?;
    out.emit(&json!({ "changes": rows }), || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|c| {
                let costs = match (c.old_cost, c.new_cost) {
                    (Some(o), Some(n)) if o != n => format!("{o} → {n}"),
                    (_, Some(n)) => n.to_string(),
                    (Some(o), None) => o.to_string(),
                    _ => String::new(),
                };
                vec![
                    if c.flagged {
                        "⚠".into()
                    } else {
                        String::new()
                    },
                    c.supplier.clone(),
                    c.supplier_sku.clone(),
                    c.title.clone(),
                    c.kind.clone(),
                    costs,
                    c.sku.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.table(
            &["", "供应商", "货号", "品名", "变化", "成本", "本店SKU"],
            &[
                "",
                "supplier",
                "supplier SKU",
                "title",
                "change",
                "cost",
                "our SKU",
            ],
            &cells,
        )
    });
    Ok(())
}

/// `suppliers link`: a supplier's item to one of the shop's SKUs.
fn link(
    store: &mut Store,
    supplier: String,
    supplier_sku: String,
    sku: String,
    out: &Out,
) -> Result<(), CoreError> {
    let sid = suppliers::find(store.conn(), &supplier)?;
    let item = suppliers::items(store.conn(), &sid)?
        .into_iter()
        .find(|i| i.supplier_sku == supplier_sku)
        .ok_or_else(|| CoreError::NotFound {
            entity: "supplier item",
            key: supplier_sku.clone(),
        })?;
    store.write(|w| changes::link(w, &item.id, &sku))?;
    out.emit(&json!({ "supplier_sku": supplier_sku, "sku": sku }), || {
        format!("{supplier_sku} → {sku}")
    });
    Ok(())
}

/// `suppliers threshold [PERCENT]`: the cost rise that is flagged.
fn threshold(store: &mut Store, percent: Option<String>, out: &Out) -> Result<(), CoreError> {
    if let Some(p) = percent {
        let pct: rust_decimal_percent::Pct = p.parse()?;
        store.write(|w| changes::set_cost_rise_threshold(w, pct.0))?;
    }
    let bp = changes::cost_rise_threshold(store.conn())?;
    out.emit(&json!({ "threshold_bp": bp }), || {
        format!(
            "{} {}.{:02}%",
            out.t("涨价提醒阈值", "cost rise flagged above"),
            bp / 100,
            bp % 100
        )
    });
    Ok(())
}

/// `suppliers prices [ID --apply/--dismiss]`: price suggestions after cost changes, or a decision on one.
fn prices(
    store: &mut Store,
    id: Option<String>,
    apply: Option<String>,
    dismiss: bool,
    out: &Out,
) -> Result<(), CoreError> {
    if let Some(id) = id {
        let list = changes::suggestions(store.conn(), store.clock())?;
        let s = list
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| CoreError::NotFound {
                entity: "price suggestion",
                key: id.clone(),
            })?;
        let price = match (apply.as_deref(), dismiss) {
            (Some(""), false) => Some(s.suggested),
            (Some(p), false) => Some(p.parse::<Money>()?),
            (None, true) => None,
            _ => {
                return Err(CoreError::invalid(
                    "apply",
                    "either --apply [PRICE] or --dismiss",
                ))
            }
        };
        store.write(|w| changes::decide(w, &id, price))?;
        out.emit(&json!({ "id": id, "sku": s.sku, "price": price }), || {
            format!(
                "{} {}",
                s.sku,
                price
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| out.t("不调价", "dismissed").into())
            )
        });
        return Ok(());
    }
    let rows = changes::suggestions(store.conn(), store.clock())?;
    out.emit(&json!({ "suggestions": rows }), || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|s| {
                vec![
                    s.id.clone(),
                    s.sku.clone(),
                    s.title.clone(),
                    format!("{} → {}", s.old_cost, s.new_cost),
                    s.price.to_string(),
                    s.suggested.to_string(),
                ]
            })
            .collect();
        out.table(
            &["编号", "SKU", "品名", "成本", "现价", "建议价"],
            &["id", "SKU", "title", "cost", "price", "suggested"],
            &cells,
        )
    });
    Ok(())
}

/// A percent as typed (`10`, `12.5%`) to basis points, exactly.
mod rust_decimal_percent {
    use storefront_core::CoreError;

    pub struct Pct(pub i64);

    impl std::str::FromStr for Pct {
        type Err = CoreError;
        fn from_str(s: &str) -> Result<Self, CoreError> {
            // Money parses two decimals exactly: 12.5 → 1250 "fen" = 1250 bp.
            let m: storefront_core::money::Money = s
                .trim()
                .trim_end_matches('%')
                .parse()
                .map_err(|_| CoreError::invalid("percent", format!("not a percent: {s:?}")))?;
            Ok(Pct(m.fen()))
        }
    }
}

fn yes_no(out: &Out, b: bool) -> &str {
    if b {
        out.t("是", "yes")
    } else {
        out.t("否", "no")
    }
}

fn read_secret() -> Result<String, CoreError> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| CoreError::io("stdin", e))?;
    Ok(s.trim_end_matches(['\r', '\n']).to_string())
}

/// `sync`: the due suppliers (or all with `--once`, or the one named), one
/// after another; exit 1 when any run failed.
pub fn sync_cmd(
    db: &Path,
    supplier: Option<String>,
    once: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let ids: Vec<String> = match supplier {
        Some(name) => vec![suppliers::find(store.conn(), &name)?],
        None if once => suppliers::list(store.conn(), store.clock())?
            .into_iter()
            .filter(|s| s.feed_url.is_some())
            .map(|s| s.id)
            .collect(),
        None => sync::due(
            store.conn(),
            storefront_core::shop_time::now(),
            store.clock(),
        )?,
    };
    let bar = out.progress();
    let mut runs = Vec::new();
    for id in ids {
        runs.push(sync::run(&mut store, &id, &HttpOptions::default(), &bar)?);
    }
    drop(bar);
    let failed = runs.iter().any(|r| r.status == "error");
    out.emit(&json!({ "runs": runs }), || {
        if runs.is_empty() {
            return out.t("没有到期的同步", "no sync is due").to_string();
        }
        let cells: Vec<Vec<String>> = runs
            .iter()
            .map(|r| {
                vec![
                    r.supplier.clone(),
                    r.status.clone(),
                    r.seen.to_string(),
                    r.created.to_string(),
                    r.updated.to_string(),
                    r.unchanged.to_string(),
                    r.error.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.table(
            &["供应商", "结果", "条目", "新增", "更新", "未变", "错误"],
            &[
                "supplier",
                "status",
                "seen",
                "created",
                "updated",
                "unchanged",
                "error",
            ],
            &cells,
        )
    });
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
