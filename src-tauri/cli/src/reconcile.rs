//! Statements and reconciliation: import a bill, match, decide.

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use storefront_core::reconcile::{self, ReconcileState};
use storefront_core::statements::{self, Mapping};
use storefront_core::CoreError;

use crate::output::{table, Out};
use crate::shop::open;

#[derive(Subcommand)]
pub enum StatementsCmd {
    /// Detect and import a WeChat Pay / Alipay statement (or one a saved mapping reads).
    Import { file: std::path::PathBuf },
    /// Save a column mapping for statements in a layout Storefront does not know.
    Map(MapArgs),
}

/// Which column holds what (by header name), saved under NAME.
#[derive(Args)]
pub struct MapArgs {
    name: String,
    /// wechat, alipay, bank or other.
    #[arg(long, default_value = "bank")]
    source: String,
    #[arg(long)]
    time: String,
    #[arg(long)]
    amount: String,
    #[arg(long = "txn")]
    txn_id: String,
    /// A column saying 收入/支出 (in/out); without it a negative amount is money out.
    #[arg(long)]
    direction: Option<String>,
    #[arg(long)]
    counterparty: Option<String>,
    #[arg(long)]
    remark: Option<String>,
    #[arg(long = "order-no")]
    order_no: Option<String>,
}

#[derive(Subcommand)]
pub enum ReconcileCmd {
    /// A person's yes: TXN_ID pays ORDER_NO (a suggestion, or a match by hand).
    Confirm { order_no: String, txn_id: String },
    /// A person's no: TXN_ID does not pay ORDER_NO; never proposed again.
    Reject { order_no: String, txn_id: String },
    /// TXN_ID is not a sale (a friend paying back, a top-up).
    Ignore {
        txn_id: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

/// The lines already there with another amount, one per line, or nothing.
fn differing_text(report: &statements::ImportReport, out: &Out) -> String {
    if report.differ == 0 {
        return String::new();
    }
    let mut text = format!(
        "\n{} {}{}",
        out.t(
            "已存在、店铺里金额却不同的",
            "already there, with another amount in the shop:"
        ),
        report.differ,
        out.t(
            " 条，保留店铺里的（账单是否被改过？请从钱包重新导出核对）：",
            "; the shop keeps its own (was a bill edited? export it again from the wallet):"
        )
    );
    for d in &report.differing {
        text.push_str(&format!(
            "\n  {}{}{} {}: {} ¥{}, {} ¥{}",
            out.t("第 ", "line "),
            d.line,
            out.t(" 行", ""),
            d.txn_id,
            out.t("店铺", "in the shop"),
            d.in_shop,
            out.t("文件", "in the file"),
            d.in_file
        ));
    }
    text
}

pub fn statements(db: &Path, cmd: StatementsCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        StatementsCmd::Import { file } => {
            let report = statements::import_file(&mut store, &file, &out.progress())?;
            out.emit(&report, || {
                format!(
                    "{} {}: {} {}, {} {}, {} {}{}",
                    out.t("已导入", "imported"),
                    report.format,
                    report.rows,
                    out.t("行", "rows"),
                    report.imported,
                    out.t("条新记录", "new"),
                    report.duplicates,
                    out.t("条已存在", "already there"),
                    differing_text(&report, out)
                )
            });
        }
        StatementsCmd::Map(a) => {
            let mapping = Mapping {
                name: a.name,
                source: a.source,
                time: a.time,
                amount: a.amount,
                txn_id: a.txn_id,
                direction: a.direction,
                counterparty: a.counterparty,
                remark: a.remark,
                order_no: a.order_no,
            };
            store.write(|w| {
                statements::save_mapping(w.tx, &mapping, storefront_core::shop_time::now())
            })?;
            out.emit(&mapping, || {
                format!(
                    "{} {}",
                    out.t("已保存对账单格式", "mapping saved:"),
                    mapping.name
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn reconcile(db: &Path, cmd: Option<ReconcileCmd>, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        None => {
            reconcile::run(&mut store, &out.progress())?;
        }
        Some(ReconcileCmd::Confirm { order_no, txn_id }) => {
            reconcile::confirm(&mut store, &order_no, &txn_id)?
        }
        Some(ReconcileCmd::Reject { order_no, txn_id }) => {
            reconcile::reject(&mut store, &order_no, &txn_id)?
        }
        Some(ReconcileCmd::Ignore { txn_id, reason }) => {
            reconcile::ignore(&mut store, &txn_id, &reason)?
        }
    }
    let state = reconcile::state(store.conn())?;
    out.emit(&state, || describe(&state, out));
    Ok(ExitCode::SUCCESS)
}

/// The state for a person: counts first, then what needs a decision.
fn describe(s: &ReconcileState, out: &Out) -> String {
    let suggested: Vec<_> = s
        .matches
        .iter()
        .filter(|m| m.status == "suggested")
        .collect();
    let auto = s.matches.len() - suggested.len();
    let mut text = format!(
        "{}: {auto}  {}: {}  {}: {}  {}: {}  {}: {}  {}: {}  {}: {}\n",
        out.t("已匹配", "matched"),
        out.t("待确认", "to review"),
        suggested.len(),
        out.t("未付款订单", "unpaid orders"),
        s.unpaid_orders.len(),
        out.t("部分付款", "part paid"),
        s.partially_paid_orders.len(),
        out.t("多付", "overpaid"),
        s.overpaid_orders.len(),
        out.t("无主收款", "payments without order"),
        s.unmatched_payments.len(),
        out.t("手续费", "fees"),
        s.fees
    );
    if !suggested.is_empty() {
        let rows: Vec<Vec<String>> = suggested
            .iter()
            .take(20)
            .map(|m| {
                vec![
                    m.order_no.clone(),
                    m.txn_ids.join(" "),
                    m.amount.to_string(),
                    m.rule.clone(),
                ]
            })
            .collect();
        text.push_str(&table(
            &[
                out.t("订单", "order"),
                out.t("流水号", "transaction"),
                out.t("金额", "amount"),
                out.t("依据", "rule"),
            ],
            &rows,
        ));
    }
    text
}
