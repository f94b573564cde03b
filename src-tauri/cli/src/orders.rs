//! Orders: list, take one, move it along, import and export files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use storefront_core::campaigns::{bundles, names, records};
use storefront_core::checkout::{self, status};
use storefront_core::io::{self as files, orders as order_io};
use storefront_core::orders::{self, NewLine, NewOrder, OrderFilter};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shipping::{self, ShipArgs};
use crate::shop::{open, open_read};

#[derive(Subcommand)]
pub enum OrdersCmd {
    /// Orders newest first, filtered.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        /// pickup (自提), delivery (送货) or courier (快递).
        #[arg(long)]
        delivery: Option<String>,
        /// First business day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last business day (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Take an order: `--line SKU:QTY` once per line.
    Add(Box<AddArgs>),
    /// Move an order along: paid, fulfilled, completed, cancelled.
    Status {
        order_no: String,
        to: String,
        #[arg(long)]
        allow_oversell: bool,
    },
    /// Move several orders to one status at once (all or none), e.g. `--to fulfilled S1 S2`.
    Mark {
        #[arg(long)]
        to: String,
        #[arg(required = true)]
        order_nos: Vec<String>,
        #[arg(long)]
        allow_oversell: bool,
    },
    /// One order: its lines, money, and every earlier version (改单).
    Show { order_no: String },
    /// Change an order not yet fulfilled (改单): its lines become the
    /// `--line`s given; a line without `@PRICE` keeps the price it was sold at.
    Edit {
        order_no: String,
        #[arg(long = "line", value_name = "SKU:QTY[@PRICE]", required = true)]
        lines: Vec<String>,
        /// Why (kept with the edit; the reason for any new price).
        #[arg(long)]
        reason: String,
        #[arg(long)]
        allow_oversell: bool,
    },
    /// Import the Storefront order CSV/XLSX or a Pinduoduo export (all or nothing).
    Import { file: PathBuf },
    /// Export orders to CSV or XLSX (by extension): every one, or the numbers
    /// given; reads back through `orders import`.
    Export {
        #[arg(required_unless_present = "to_ship")]
        file: Option<PathBuf>,
        order_nos: Vec<String>,
        /// Instead, the paid courier orders still to send, in the layout
        /// courier platforms import.
        #[arg(long = "to-ship", value_name = "FILE", conflicts_with_all = ["file", "order_nos"])]
        to_ship: Option<PathBuf>,
    },
    /// Send by courier: `ORDER_NO --carrier 顺丰 --tracking SF…`, or every
    /// order a courier platform's waybill file names (`--file`).
    Ship(Box<ShipArgs>),
}

/// `orders add`'s flags.
#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    pub customer: String,
    #[arg(long = "line", value_name = "SKU:QTY")]
    pub lines: Vec<String>,
    /// A bundle (套餐), `CODE:SETS`; repeat for more.
    #[arg(long = "bundle", value_name = "CODE:SETS")]
    pub bundles: Vec<String>,
    /// Member points to redeem (one point is one fen off).
    #[arg(long, default_value_t = 0)]
    pub points: i64,
    #[arg(long, default_value = "wechat")]
    pub channel: String,
    #[arg(long, default_value = "")]
    pub remark: String,
    /// A coupon code; repeat for stackable coupons.
    #[arg(long = "coupon", value_name = "CODE")]
    pub coupons: Vec<String>,
    /// The campaign it belongs to (id or name), e.g. a live session's.
    #[arg(long)]
    pub campaign: Option<String>,
    /// Collected at this pickup point (its leader follows).
    #[arg(long)]
    pub pickup: Option<String>,
    /// pickup (自提, the default), delivery (送货) or courier (快递).
    #[arg(long, default_value = "pickup")]
    pub delivery: String,
    /// The day the goods arrive (预售, YYYY-MM-DD): picked then.
    #[arg(long)]
    pub arrives: Option<String>,
    /// Brought by this distributor.
    #[arg(long)]
    pub referrer: Option<String>,
    /// Sell beyond what is available (otherwise refused, exit 2).
    #[arg(long)]
    pub allow_oversell: bool,
}

pub fn run(db: &Path, cmd: OrdersCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match cmd {
        OrdersCmd::List {
            search,
            status,
            channel,
            delivery,
            from,
            to,
            limit,
        } => {
            let filter = OrderFilter {
                query: search,
                status,
                channel,
                delivery,
                from,
                to,
                ..Default::default()
            };
            return list(db, &filter, limit, out);
        }
        OrdersCmd::Add(args) => add(db, *args, out)?,
        OrdersCmd::Status {
            order_no,
            to,
            allow_oversell,
        } => {
            let change = open(db)?.write(|w| status::set(w, &order_no, &to, allow_oversell))?;
            out.emit(&change, || {
                format!("{} {} → {}", change.order_no, change.from, change.to)
            });
        }
        OrdersCmd::Mark {
            to,
            order_nos,
            allow_oversell,
        } => {
            let changes =
                open(db)?.write(|w| status::set_many(w, &order_nos, &to, allow_oversell))?;
            out.emit(&json!({ "changes": changes }), || {
                changes
                    .iter()
                    .map(|c| format!("{} {} → {}", c.order_no, c.from, c.to))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        OrdersCmd::Show { order_no } => return show(db, &order_no, out),
        OrdersCmd::Edit {
            order_no,
            lines,
            reason,
            allow_oversell,
        } => {
            let change = checkout::OrderEdit {
                lines: lines
                    .iter()
                    .map(|l| parse_priced_line(l))
                    .collect::<Result<_, _>>()?,
                reason,
                allow_oversell,
            };
            let mut store = open(db)?;
            store.wait_for_writers()?;
            let done = store.write(|w| checkout::edit(w, &order_no, &change))?;
            out.emit(&done, || edited_text(&done, out));
        }
        OrdersCmd::Import { file } => import(db, &file, out)?,
        OrdersCmd::Export {
            file,
            order_nos,
            to_ship,
        } => match (to_ship, file) {
            (Some(to_ship), _) => shipping::export(db, &to_ship, out)?,
            (None, file) => export(db, file.as_deref(), &order_nos, out)?,
        },
        OrdersCmd::Ship(args) => shipping::ship(db, *args, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `orders export FILE [ORDER_NO…]`.
fn export(
    db: &Path,
    file: Option<&Path>,
    order_nos: &[String],
    out: &Out,
) -> Result<(), CoreError> {
    let Some(file) = file else {
        return Err(CoreError::invalid(
            "file",
            "give the file to write, or --to-ship FILE",
        ));
    };
    let store = open_read(db)?;
    let n = order_io::export(
        store.conn(),
        store.clock(),
        file,
        order_nos,
        files::Layout::Codes,
    )?;
    out.emit(&json!({ "file": file, "orders": n }), || {
        format!(
            "{} {n} {} → {}",
            out.t("已导出", "exported"),
            out.t("单", "orders"),
            file.display()
        )
    });
    Ok(())
}

/// `orders add`: one order, never refused because an import is running.
fn add(db: &Path, args: AddArgs, out: &Out) -> Result<(), CoreError> {
    let AddArgs {
        customer,
        lines,
        channel,
        remark,
        coupons,
        campaign,
        pickup,
        delivery,
        arrives,
        referrer,
        bundles,
        points,
        allow_oversell,
    } = args;
    let mut lines = lines
        .iter()
        .map(|l| parse_line(l))
        .collect::<Result<Vec<_>, _>>()?;
    let mut store = open(db)?;
    // An order is never refused because an import is running.
    store.wait_for_writers()?;
    let conn = store.conn();
    for b in &bundles {
        let NewLine { sku: code, qty, .. } = parse_line(b)?;
        lines.extend(bundles::lines(conn, &code, qty)?);
    }
    let order = NewOrder {
        customer,
        channel,
        lines,
        remark,
        coupons,
        redeem_points: points,
        campaign_id: campaign.map(|c| records::find(conn, &c)).transpose()?,
        pickup_point_id: pickup.map(|p| names::pickup_point(conn, &p)).transpose()?,
        delivery,
        arrives_on: arrives,
        referrer_id: referrer.map(|r| names::distributor(conn, &r)).transpose()?,
        allow_oversell,
        ..Default::default()
    };
    let order_no = store.write(|w| checkout::create(w, &order))?;
    out.emit(&json!({ "order_no": order_no }), || {
        format!("{} {order_no}", out.t("已保存订单", "saved order"))
    });
    Ok(())
}

/// `orders import FILE`: all or nothing; oversold SKUs reported.
fn import(db: &Path, file: &Path, out: &Out) -> Result<(), CoreError> {
    let mut store = open(db)?;
    let report = order_io::import(
        &mut store,
        &files::read_file(file)?,
        &files::file_name(file),
        &out.progress(),
    )?;
    out.emit(&report, || {
        let mut text = format!(
            "{} {}: {} {}, {} {}",
            out.t("已导入", "imported"),
            report.format,
            report.orders,
            out.t("单", "orders"),
            report.lines,
            out.t("行", "lines")
        );
        for s in &report.oversold {
            text.push_str(&format!(
                "\n{} {}: {} {}, {} {}",
                out.t("超卖", "oversold"),
                s.sku,
                out.t("可售", "available"),
                s.available,
                out.t("需要", "wanted"),
                s.wanted
            ));
        }
        text
    });
    Ok(())
}

fn list(db: &Path, filter: &OrderFilter, limit: u32, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let page = orders::page(store.conn(), store.clock(), filter, 0, limit)?;
    out.list(
        "orders",
        &page,
        &["单号", "下单时间", "客户", "渠道", "状态", "金额", "已收"],
        &[
            "order", "placed", "customer", "channel", "status", "total", "paid",
        ],
        |o| {
            vec![
                o.order_no.clone(),
                o.placed_at.clone(),
                o.customer.clone(),
                o.channel.clone(),
                o.status.clone(),
                o.total.to_string(),
                o.paid.to_string(),
            ]
        },
    );
    Ok(ExitCode::SUCCESS)
}

fn show(db: &Path, order_no: &str, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let detail = orders::detail(store.conn(), store.clock(), order_no)?;
    let edits = checkout::edit::history(store.conn(), store.clock(), order_no)?;
    out.emit(&json!({ "order": detail, "edits": edits }), || {
        let mut text = format!(
            "{} {} {} {} ¥{} ({} ¥{}, {} ¥{})",
            detail.order_no,
            detail.placed_at,
            detail.customer,
            detail.status,
            detail.total,
            out.t("已收", "paid"),
            detail.paid,
            out.t("已退", "refunded"),
            detail.refunded
        );
        if let Some(day) = &detail.arrives_on {
            text.push_str(&format!("\n{} {day}", out.t("到货日", "arrives on")));
        }
        if let Some(p) = &detail.parcel {
            text.push_str(&format!(
                "\n{} {} {} {}",
                out.t("快递", "courier"),
                p.carrier,
                p.tracking_no,
                p.shipped_at
            ));
        }
        for l in &detail.lines {
            text.push_str(&format!(
                "\n  {} {} ×{} @{} = {}",
                l.sku, l.name, l.qty_text, l.unit_price, l.total
            ));
        }
        for e in &edits {
            text.push_str(&format!(
                "\n{} {} ¥{} → ¥{}：{}\n  {} {}",
                out.t("改单", "edited"),
                e.at,
                e.total_before,
                e.total_after,
                e.reason,
                out.t("原为", "was"),
                e.lines_before
            ));
        }
        text
    });
    Ok(ExitCode::SUCCESS)
}

/// What an edit did, in the words the merchant passes on to the customer.
fn edited_text(done: &checkout::EditOutcome, out: &Out) -> String {
    let mut text = format!(
        "{} {} ¥{} → ¥{}",
        out.t("已改单", "edited"),
        done.order_no,
        done.total_before,
        done.total_after
    );
    if done.to_collect.fen() > 0 {
        text.push_str(&format!(
            "; {} ¥{}",
            out.t("待补款", "to collect"),
            done.to_collect
        ));
    }
    if done.to_refund.fen() > 0 {
        text.push_str(&format!(
            "; {} ¥{}",
            out.t("应退款", "to refund"),
            done.to_refund
        ));
        if !done.refund_recorded {
            text.push_str(out.t(
                "（手工收款：当面退还）",
                " (paid by hand: give it back by hand)",
            ));
        }
    }
    text
}

/// A line as typed, full-width forms to ASCII: a Chinese keyboard gives
/// `SX-1：２` for `SX-1:2`.
pub fn typed(text: &str) -> String {
    text.chars()
        .map(storefront_core::table::half_width)
        .collect()
}

/// `SKU:QTY@PRICE` (a price in yuan) or `SKU:QTY`.
fn parse_priced_line(text: &str) -> Result<NewLine, CoreError> {
    let text = typed(text);
    let text = text.as_str();
    let (line, price) = match text.rsplit_once('@') {
        Some((line, price)) => {
            let price = price
                .trim()
                .parse()
                .map_err(|_| CoreError::invalid("line", format!("not SKU:QTY@PRICE: {text:?}")))?;
            (line, Some(price))
        }
        None => (text, None),
    };
    Ok(NewLine {
        unit_price: price,
        ..parse_line(line)?
    })
}

/// `SKU:QTY`, or just `SKU` for one; for goods sold by weight QTY may be
/// a weight (`SKU:2.35`, `SKU:500克`), read against the goods' unit.
pub fn parse_line(text: &str) -> Result<NewLine, CoreError> {
    let text = typed(text);
    let text = text.as_str();
    let (sku, qty) = text.rsplit_once(':').unwrap_or((text, "1"));
    let (qty, weight) = match qty.trim().parse() {
        Ok(n) => (n, None),
        Err(_) if qty.trim().starts_with(|c: char| c.is_ascii_digit()) => {
            (0, Some(qty.trim().to_string()))
        }
        Err(_) => return Err(CoreError::invalid("line", format!("not SKU:QTY: {text:?}"))),
    };
    if sku.trim().is_empty() {
        return Err(CoreError::invalid(
            "line",
            format!("no SKU in {text:?}: write SKU:QTY, e.g. PEACH-5:2"),
        ));
    }
    Ok(NewLine {
        sku: sku.trim().to_string(),
        qty,
        weight,
        ..Default::default()
    })
}
