//! `aftersales`: open a ticket on an order, the queue, reply, resolve, and
//! the service figures against the trade's targets.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::after_sales::{self, Resolution};
use storefront_core::{CoreError, Money};

use crate::output::{table, Out};
use crate::shop::open;

#[derive(Subcommand)]
pub enum AfterSalesCmd {
    /// Open a ticket: quality, wrong_item, delivery or other.
    Open {
        order_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Unresolved tickets, most urgent first; with --resolved, the resolved
    /// ones, latest first (--search narrows them).
    List {
        #[arg(long)]
        resolved: bool,
        #[arg(long, default_value = "")]
        search: String,
    },
    /// Record the first reply to ticket ID.
    Reply { id: String },
    /// Resolve ticket ID: refund an amount, take goods back, resend goods.
    Resolve {
        id: String,
        /// Yuan refunded (a refund line owed until the statement shows it).
        #[arg(long)]
        refund: Option<Money>,
        /// Goods back on the shelf, `SKU:QTY`.
        #[arg(long = "return", value_name = "SKU:QTY")]
        returned: Vec<String>,
        /// Goods sent again at no charge, `SKU:QTY`.
        #[arg(long, value_name = "SKU:QTY")]
        resend: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Reply rate and first-reply time over the last N days, against 5 min / 80%.
    Stats {
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
}

pub fn run(db: &Path, cmd: AfterSalesCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match cmd {
        AfterSalesCmd::Open {
            order_no,
            kind,
            note,
        } => {
            let id = store.write(|w| after_sales::open(w, &order_no, &kind, &note))?;
            out.emit(&json!({ "id": id }), || {
                format!("{} {id}", out.t("已建售后单", "ticket opened:"))
            });
        }
        AfterSalesCmd::List { resolved, search } => {
            let queue = if resolved {
                after_sales::resolved(store.conn(), store.clock(), &search, 200)?
            } else {
                after_sales::queue(store.conn(), store.clock())?
            };
            out.emit(&json!({ "tickets": queue }), || {
                let rows: Vec<Vec<String>> = queue
                    .iter()
                    .map(|t| {
                        vec![
                            t.id.clone(),
                            t.order_no.clone(),
                            t.kind.clone(),
                            t.status.clone(),
                            format!("{} min", t.waited_minutes),
                            t.description.clone(),
                        ]
                    })
                    .collect();
                table(&["id", "order", "kind", "status", "waited", "note"], &rows)
            });
        }
        AfterSalesCmd::Reply { id } => {
            store.write(|w| after_sales::reply(w, &id))?;
            out.emit(&json!({ "id": id, "replied": true }), || {
                format!("{} {id}", out.t("已回复", "replied:"))
            });
        }
        AfterSalesCmd::Resolve {
            id,
            refund,
            returned,
            resend,
            note,
        } => {
            let lines = |v: &[String]| {
                v.iter()
                    .map(|l| crate::orders::parse_line(l))
                    .collect::<Result<Vec<_>, _>>()
            };
            let r = Resolution {
                refund,
                returned: lines(&returned)?,
                resend: lines(&resend)?,
                note,
            };
            let done = store.write(|w| after_sales::resolve(w, &id, &r))?;
            out.emit(&done, || format!("{} {id}", out.t("已处理", "resolved:")));
        }
        AfterSalesCmd::Stats { days } => {
            let s = after_sales::service(store.conn(), days)?;
            out.emit(&s, || {
                format!(
                    "{} {}, {} {}% ({} {}%), {} {}% ({} {} min), {} {}",
                    out.t("售后单", "tickets"),
                    s.tickets,
                    out.t("回复率", "reply rate"),
                    s.reply_rate_pct,
                    out.t("目标", "target"),
                    s.target_rate_pct,
                    out.t("及时回复", "on time"),
                    s.on_time_pct,
                    out.t("目标", "target"),
                    s.target_minutes,
                    out.t("未处理", "open"),
                    s.open
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
