//! `purchase`: reorder suggestions, purchase orders, sending them, and
//! receiving deliveries against them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::catalog::sold_by::qty_of;
use storefront_core::money::Money;
use storefront_core::purchasing::{orders, receive, suggest, Arrived, NewPoLine, PoDetail};
use storefront_core::suppliers::{self, http::HttpOptions};
use storefront_core::CoreError;
use storefront_core::Store;

use crate::output::Out;
use crate::shop::open;

#[derive(Subcommand)]
pub enum PurchaseCmd {
    /// What to reorder, grouped by supplier, from sales velocity, stock, lead time, packs and minimum orders.
    Suggest,
    /// A draft PO: --supplier with --line SKU:QTY[@COST]…, or --suggested (one PO per supplier).
    Create {
        #[arg(long)]
        supplier: Option<String>,
        #[arg(long = "line")]
        lines: Vec<String>,
        #[arg(long)]
        suggested: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Purchase orders, newest first.
    List {
        /// Only those still expecting goods.
        #[arg(long)]
        open: bool,
    },
    /// One PO with its lines, what arrived, and the invoice check.
    Show { po_no: String },
    /// Send a PO: as JSON to the supplier's endpoint, or written to --out (XLSX/CSV) to attach.
    Send {
        po_no: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Receive goods against a PO: --line CODE:QTY[@BEST-BEFORE] (SKU, barcode or supplier SKU); --invoice the supplier's amount.
    Receive {
        po_no: String,
        #[arg(long = "line")]
        lines: Vec<String>,
        #[arg(long)]
        invoice: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Nothing more is expected on this PO.
    Close { po_no: String },
}

pub fn run(db: &Path, cmd: PurchaseCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        PurchaseCmd::Suggest => suggestions(&store, out)?,
        PurchaseCmd::Create {
            supplier,
            lines,
            suggested,
            note,
        } => create(&mut store, supplier, lines, suggested, note, out)?,
        PurchaseCmd::List { open } => {
            let rows = orders::list(store.conn(), store.clock(), open)?;
            out.emit(&json!({ "purchase_orders": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|p| {
                        vec![
                            p.po_no.clone(),
                            p.supplier.clone(),
                            p.status.clone(),
                            format!("{}/{}", p.received, p.ordered),
                            p.total.to_string(),
                            p.created_at.clone(),
                        ]
                    })
                    .collect();
                out.table(
                    &["单号", "供应商", "状态", "到货", "金额", "创建"],
                    &["PO", "supplier", "status", "received", "total", "created"],
                    &cells,
                )
            });
        }
        PurchaseCmd::Show { po_no } => {
            let d = orders::detail(store.conn(), store.clock(), &po_no)?;
            out.emit(&d, || show(out, &d));
        }
        PurchaseCmd::Send { po_no, out: file } => send(&mut store, po_no, file, out)?,
        PurchaseCmd::Receive {
            po_no,
            lines,
            invoice,
            note,
        } => {
            let arrived = lines
                .iter()
                .map(|l| parse_arrived(&store, l))
                .collect::<Result<Vec<_>, _>>()?;
            let invoice = invoice.map(|i| i.parse::<Money>()).transpose()?;
            let d = store.write(|w| receive::receive(w, &po_no, &arrived, invoice, &note))?;
            out.emit(&d, || show(out, &d));
        }
        PurchaseCmd::Close { po_no } => {
            store.write(|w| orders::close(w, &po_no))?;
            out.emit(&json!({ "po_no": po_no, "status": "closed" }), || {
                format!("{} {po_no}", out.t("已关闭", "closed"))
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `purchase suggest`: what to reorder, by supplier.
fn suggestions(store: &Store, out: &Out) -> Result<(), CoreError> {
    let plans = suggest::suggest(store.conn(), store.clock().today())?;
    out.emit(&json!({ "suppliers": plans }), || {
        let mut text = String::new();
        for p in &plans {
            let warn = if p.below_minimum {
                format!(
                    " ⚠ {} {}",
                    out.t("未达起订额", "below minimum"),
                    p.min_order
                )
            } else {
                String::new()
            };
            text.push_str(&format!(
                "{} · {} {}{warn}\n",
                p.supplier,
                out.t("合计", "total"),
                p.total
            ));
            let cells: Vec<Vec<String>> = p
                .lines
                .iter()
                .map(|l| {
                    vec![
                        l.sku.clone(),
                        l.title.clone(),
                        l.available.to_string(),
                        l.on_order.to_string(),
                        l.per_day.clone(),
                        l.qty.to_string(),
                        l.amount.to_string(),
                    ]
                })
                .collect();
            text.push_str(&out.table(
                &["SKU", "品名", "可用", "在途", "日销", "建议", "金额"],
                &[
                    "SKU",
                    "title",
                    "available",
                    "on order",
                    "per day",
                    "order",
                    "amount",
                ],
                &cells,
            ));
            text.push('\n');
        }
        if plans.is_empty() {
            text.push_str(out.t("暂无需要补货的商品", "nothing needs reordering"));
        }
        text
    });
    Ok(())
}

/// `purchase create`: a draft PO from lines, or one per supplier from the suggestions.
fn create(
    store: &mut Store,
    supplier: Option<String>,
    lines: Vec<String>,
    suggested: bool,
    note: String,
    out: &Out,
) -> Result<(), CoreError> {
    let created = if suggested {
        let plans = suggest::suggest(store.conn(), store.clock().today())?;
        let wanted = supplier
            .map(|n| suppliers::find(store.conn(), &n))
            .transpose()?;
        let mut made = vec![];
        for p in plans
            .iter()
            .filter(|p| wanted.as_ref().is_none_or(|w| *w == p.supplier_id))
        {
            let lines: Vec<NewPoLine> = p
                .lines
                .iter()
                .map(|l| NewPoLine {
                    sku: l.sku.clone(),
                    qty: l.qty,
                    unit_cost: Some(l.unit_cost),
                })
                .collect();
            made.push(store.write(|w| orders::create(w, &p.supplier_id, &lines, &note))?);
        }
        made
    } else {
        let name = supplier.ok_or_else(|| {
            CoreError::invalid(
                "supplier",
                "--supplier NAME with --line SKU:QTY, or --suggested",
            )
        })?;
        let id = suppliers::find(store.conn(), &name)?;
        let lines = lines
            .iter()
            .map(|l| parse_line(store, l))
            .collect::<Result<Vec<_>, _>>()?;
        vec![store.write(|w| orders::create(w, &id, &lines, &note))?]
    };
    let rows = created
        .iter()
        .map(|po| orders::detail(store.conn(), store.clock(), po))
        .collect::<Result<Vec<_>, _>>()?;
    let value: Vec<serde_json::Value> = rows.iter().map(|d| json!({ "po_no": d.po_no, "supplier": d.supplier, "total": d.total, "lines": d.lines.len() })).collect();
    out.emit(&json!({ "created": value }), || {
        rows.iter()
            .map(|d| {
                format!(
                    "{} {} {} {}",
                    out.t("已建采购单", "PO created:"),
                    d.po_no,
                    d.supplier,
                    d.total
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

/// `purchase send`: as JSON to the supplier's endpoint, or as a file to attach.
fn send(
    store: &mut Store,
    po_no: String,
    file: Option<PathBuf>,
    out: &Out,
) -> Result<(), CoreError> {
    let via = match file {
        Some(path) => {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
            {
                return Err(CoreError::invalid(
                    "out",
                    "the PDF is printed from the app; write .xlsx or .csv here",
                ));
            }
            orders::export(store.conn(), store.clock(), &po_no, &path)?;
            "xlsx"
        }
        None => {
            orders::post(
                &orders::outbound(store.conn(), store.clock(), &po_no)?,
                &HttpOptions::default(),
            )?;
            "json"
        }
    };
    store.write(|w| orders::mark_sent(w, &po_no, via))?;
    out.emit(&json!({ "po_no": po_no, "sent_via": via }), || {
        format!("{} {po_no} ({via})", out.t("已发送", "sent"))
    });
    Ok(())
}

fn show(out: &Out, d: &PoDetail) -> String {
    let cells: Vec<Vec<String>> = d
        .lines
        .iter()
        .map(|l| {
            vec![
                l.sku.clone(),
                l.title.clone(),
                l.ordered.to_string(),
                l.received.to_string(),
                l.variance.to_string(),
                l.unit_cost.to_string(),
            ]
        })
        .collect();
    let invoice = match (d.invoice.invoice, d.invoice.difference) {
        (Some(i), Some(diff)) => format!(
            "\n{} {i} · {} {} · {} {diff}",
            out.t("发票", "invoice"),
            out.t("到货金额", "received value"),
            d.invoice.received_value,
            out.t("差额", "difference")
        ),
        _ => String::new(),
    };
    format!(
        "{} · {} · {} · {}\n{}{invoice}",
        d.po_no,
        d.supplier,
        d.status,
        d.total,
        out.table(
            &["SKU", "品名", "订购", "到货", "差异", "单价"],
            &[
                "SKU",
                "title",
                "ordered",
                "received",
                "variance",
                "unit cost",
            ],
            &cells
        )
    )
}

/// `SKU:QTY` or `SKU:QTY@COST`.
fn parse_line(store: &Store, text: &str) -> Result<NewPoLine, CoreError> {
    let text = crate::orders::typed(text);
    let text = text.as_str();
    let bad = || CoreError::invalid("line", format!("not SKU:QTY[@COST]: {text:?}"));
    let (sku, rest) = text.rsplit_once(':').ok_or_else(bad)?;
    let (qty, cost) = match rest.split_once('@') {
        Some((q, c)) => (q, Some(c.parse::<Money>()?)),
        None => (rest, None),
    };
    Ok(NewPoLine {
        sku: sku.trim().into(),
        qty: qty_in(store, sku, qty)?,
        unit_cost: cost,
    })
}

/// `CODE:QTY`, or `CODE:QTY@YYYY-MM-DD` for goods with a best-before date.
fn parse_arrived(store: &Store, text: &str) -> Result<Arrived, CoreError> {
    let text = crate::orders::typed(text);
    let text = text.as_str();
    let bad = || CoreError::invalid("line", format!("not CODE:QTY[@YYYY-MM-DD]: {text:?}"));
    let (code, rest) = text.rsplit_once(':').ok_or_else(bad)?;
    let (qty, expires_on) = match rest.split_once('@') {
        Some((qty, day)) => (qty, Some(day.trim().to_string())),
        None => (rest, None),
    };
    Ok(Arrived {
        code: code.trim().into(),
        qty: qty_in(store, code, qty)?,
        expires_on,
    })
}

/// A quantity in the goods' unit (`12`, `12.5` 斤 of goods sold by weight)
/// in ledger units: pieces or grams.
fn qty_in(store: &Store, code: &str, text: &str) -> Result<i32, CoreError> {
    let qty = qty_of(store.conn(), code, text)?;
    i32::try_from(qty).map_err(|_| CoreError::invalid("qty", format!("{code}: too large: {text}")))
}
