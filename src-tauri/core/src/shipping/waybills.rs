//! A courier platform's waybill list (运单): each row a tracking number
//! and the order it carries, by order number or else by the recipient's
//! phone. The whole file is checked first — every problem named by line
//! and column — and then every order is sent in one transaction, or none.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{can_send, carrier_name, send, tracking_no};
use crate::error::Result;
use crate::progress::{checkpoint, Progress};
use crate::store::Writer;
use crate::table::files::{nothing_below_header, read_table, shown, Cells, Problems, Table};
use crate::table::{BadLine, Why};

/// What a waybill file holds, or did.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct WaybillImport {
    /// Data rows read.
    pub rows: u32,
    /// Orders it sends (or gives their tracking number).
    pub orders: u32,
    /// Orders already sent with the same number: left as they are, so a
    /// file imported twice does nothing the second time.
    pub already: u32,
    pub problems: Problems,
}

const ORDER: &[&str] = &[
    "订单号",
    "商家订单号",
    "订单编号",
    "商户订单号",
    "客户订单号",
    "order_no",
    "order",
];
const PHONE: &[&str] = &[
    "收件人手机",
    "收件人电话",
    "收件人手机号",
    "收件人联系方式",
    "收件手机",
    "手机",
    "手机号",
    "电话",
    "联系电话",
    "phone",
];
const CARRIER: &[&str] = &[
    "快递公司",
    "物流公司",
    "承运商",
    "快递",
    "快递名称",
    "carrier",
];
const TRACKING: &[&str] = &[
    "运单号",
    "快递单号",
    "物流单号",
    "面单号",
    "运单编号",
    "tracking_no",
    "tracking",
];

/// One order a row sends.
struct Send {
    line: usize,
    column: usize,
    order_no: String,
    carrier: String,
    tracking: String,
}

struct Plan {
    report: WaybillImport,
    sends: Vec<Send>,
}

/// Reads and checks the file without writing: what importing it would do,
/// and every problem. `carrier` is for a file without a carrier column.
pub fn preview(conn: &Connection, bytes: &[u8], carrier: Option<&str>) -> Result<WaybillImport> {
    Ok(plan(conn, bytes, carrier)?.report)
}

/// Sends every order the file names, all in the caller's transaction, or
/// fails naming the first bad line (and how many more) with nothing sent.
pub fn import(
    w: &Writer,
    bytes: &[u8],
    file_name: &str,
    carrier: Option<&str>,
    progress: &dyn Progress,
) -> Result<WaybillImport> {
    let Plan { report, sends } = plan(w.tx, bytes, carrier)?;
    if !report.problems.is_empty() {
        return Err(report.problems.into_error(file_name));
    }
    let total = sends.len() as u64;
    for (i, s) in sends.iter().enumerate() {
        if i % 200 == 0 {
            checkpoint(progress)?;
            progress.report("ship", i as u64, total);
        }
        // What only writing finds (stock not on the shelf, a group buy
        // still open) fails the file at the row that asked for it.
        send(w, &s.order_no, &s.carrier, &s.tracking)
            .map_err(|e| BadLine::at(s.line, s.column + 1, e.to_string()).in_file(file_name))?;
    }
    progress.report("ship", total, total);
    w.log(
        "import",
        file_name,
        "waybills",
        &format!("{} orders sent, {} already", report.orders, report.already),
    )?;
    Ok(report)
}

/// The columns the file has: at least a tracking number and a way to
/// find the order.
struct Columns {
    order: Option<usize>,
    phone: Option<usize>,
    carrier: Option<usize>,
    tracking: usize,
}

fn plan(conn: &Connection, bytes: &[u8], carrier: Option<&str>) -> Result<Plan> {
    let mut report = WaybillImport::default();
    let table = match read_table(bytes).and_then(|t| t.below_title(TRACKING)) {
        Ok(t) => t,
        Err(bad) => {
            report.problems.push(bad);
            return Ok(Plan {
                report,
                sends: Vec::new(),
            });
        }
    };
    let columns = match columns(&table, carrier) {
        Ok(c) => c,
        Err(bad) => {
            report.problems.push(bad);
            return Ok(Plan {
                report,
                sends: Vec::new(),
            });
        }
    };
    if let Some(bad) = nothing_below_header(&table) {
        report.problems.push(bad);
    }
    let default_carrier = carrier.and_then(carrier_name);
    let orders = Orders(conn);
    let mut sends = Vec::new();
    for row in &table.rows {
        report.rows += 1;
        let cells = Cells { row };
        match read_row(&cells, &columns, default_carrier.as_deref(), &orders) {
            Ok(mut found) => sends.append(&mut found),
            Err(bad) => report.problems.push(bad),
        }
    }
    let sends = once_each(sends, &orders, &mut report)?;
    report.orders = sends.len() as u32;
    Ok(Plan { report, sends })
}

fn columns(table: &Table, carrier: Option<&str>) -> Result<Columns, BadLine> {
    let header_line = table.header_line;
    let tracking = table.col(TRACKING).ok_or_else(|| {
        BadLine::on_line(
            header_line,
            "no tracking number column: name it 运单号 (or 快递单号, tracking_no)",
        )
        .because(Why::NoTrackingColumn)
    })?;
    let (order, phone) = (table.col(ORDER), table.col(PHONE));
    if order.is_none() && phone.is_none() {
        return Err(BadLine::on_line(
            header_line,
            "no column says which order: add 订单号 (the order number) or 收件人手机 (the recipient's phone)",
        ).because(Why::NoOrderColumn));
    }
    let carrier_col = table.col(CARRIER);
    if carrier_col.is_none() && carrier.and_then(carrier_name).is_none() {
        return Err(BadLine::on_line(
            header_line,
            "no carrier column (快递公司): add one, or choose the carrier for the whole file",
        )
        .because(Why::NoCarrierColumn));
    }
    Ok(Columns {
        order,
        phone,
        carrier: carrier_col,
        tracking,
    })
}

/// The orders one row sends: each number in its order cell (a parcel may
/// carry several orders of one buyer), or the one courier order waiting
/// for its phone.
fn read_row(
    cells: &Cells,
    c: &Columns,
    default_carrier: Option<&str>,
    orders: &Orders,
) -> Result<Vec<Send>, BadLine> {
    let text = cells.get(Some(c.tracking));
    let tracking = tracking_no(text).ok_or_else(|| match text {
        "" => cells.bad_because(
            c.tracking,
            "no tracking number".into(),
            Why::NoTrackingNumber,
        ),
        _ => cells.bad_because(
            c.tracking,
            format!(
                "not a tracking number: {} (6 to 40 letters and digits)",
                shown(text)
            ),
            Why::NotATrackingNumber {
                cell: Why::excerpt(text),
            },
        ),
    })?;
    let carrier = match c.carrier.map(|col| (col, cells.get(Some(col)))) {
        Some((_, t)) if t.is_empty() && default_carrier.is_some() => {
            default_carrier.map(str::to_string)
        }
        Some((col, t)) => Some(carrier_name(t).ok_or_else(|| {
            cells.bad_because(
                col,
                format!("not a carrier: {} (e.g. 顺丰, 中通)", shown(t)),
                Why::NotACarrier {
                    cell: Why::excerpt(t),
                },
            )
        })?),
        None => default_carrier.map(str::to_string),
    }
    .ok_or_else(|| BadLine::on_line(cells.row.line, "no carrier"))?;
    let (column, order_nos) = which_orders(cells, c, &tracking, orders)?;
    Ok(order_nos
        .into_iter()
        .map(|order_no| Send {
            line: cells.row.line,
            column,
            order_no,
            carrier: carrier.clone(),
            tracking: tracking.clone(),
        })
        .collect())
}

/// The order numbers a row names, and the column that named them.
fn which_orders(
    cells: &Cells,
    c: &Columns,
    tracking: &str,
    orders: &Orders,
) -> Result<(usize, Vec<String>), BadLine> {
    if let Some(col) = c.order.filter(|&col| !cells.get(Some(col)).is_empty()) {
        let text = cells.get(Some(col));
        let nos = text
            .split([',', '，', ';', '；', '、', '/', ' '])
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        return Ok((col, nos));
    }
    let Some(col) = c.phone.filter(|&col| !cells.get(Some(col)).is_empty()) else {
        return Err(BadLine::on_line(
            cells.row.line,
            "neither an order number nor a phone: which order does this parcel carry?",
        )
        .because(Why::NoOrderOrPhone));
    };
    let text = cells.get(Some(col));
    if text.contains('*') {
        return Err(cells.bad_because(
            col,
            format!("the phone is masked ({text}): export the file with the order number (订单号) column"),
            Why::MaskedPhone {
                cell: Why::excerpt(text),
            },
        ));
    }
    let waiting = orders
        .waiting_for(&phone_digits(text), tracking)
        .map_err(|e| cells.bad(col, e.to_string()))?;
    match waiting.as_slice() {
        [] => Err(cells.bad_because(
            col,
            format!("no courier order waits to be sent to {}", shown(text)),
            Why::NoOrderForPhone {
                cell: Why::excerpt(text),
            },
        )),
        [one] => Ok((col, vec![one.clone()])),
        many => Err(cells.bad_because(
            col,
            format!(
                "{} courier orders wait for {text} ({}): add the order number (订单号) to say which",
                many.len(),
                many.join(", ")
            ),
            Why::ManyOrdersForPhone {
                cell: Why::excerpt(text),
                orders: Why::excerpt(&many.join("、")),
            },
        )),
    }
}

/// A phone as customers' phones are kept (`customers::phone::normalize`),
/// from the digits of the cell: a courier's file may add words around them.
pub(super) fn phone_digits(text: &str) -> String {
    let digits: String = text
        .chars()
        .map(crate::table::half_width)
        .filter(char::is_ascii_digit)
        .collect();
    crate::customers::phone::normalize(&digits)
}

/// Each order once: a second row for the same order and number (another
/// item of the parcel) adds nothing; another number is a problem. Orders
/// already sent with this number are counted and left alone.
fn once_each(sends: Vec<Send>, orders: &Orders, report: &mut WaybillImport) -> Result<Vec<Send>> {
    let mut seen: HashMap<String, (usize, String)> = HashMap::new();
    let mut out = Vec::new();
    for s in sends {
        if let Some((line, tracking)) = seen.get(&s.order_no) {
            if *tracking != s.tracking {
                report.problems.push(BadLine::at(
                    s.line,
                    s.column + 1,
                    format!(
                        "{} is also on line {line} with tracking number {tracking}",
                        s.order_no
                    ),
                ));
            }
            continue;
        }
        seen.insert(s.order_no.clone(), (s.line, s.tracking.clone()));
        let bad = |m: String| BadLine::at(s.line, s.column + 1, m);
        let Some((status, sent_with)) = orders.state(&s.order_no)? else {
            report.problems.push(
                bad(format!("no order {} in this shop", shown(&s.order_no))).because(
                    Why::NoSuchOrder {
                        order: Why::excerpt(&s.order_no),
                    },
                ),
            );
            continue;
        };
        match sent_with {
            _ if !can_send(&status) => {
                report.problems.push(bad(format!("{} is {status}: it cannot be sent", s.order_no)));
            }
            Some(old) if old == s.tracking => report.already += 1,
            Some(old) => report.problems.push(bad(format!(
                "{} was sent with tracking number {old}; to correct it, change it in the order's panel",
                s.order_no
            ))),
            None => out.push(s),
        }
    }
    Ok(out)
}

/// Looks orders up as the rows name them.
struct Orders<'c>(&'c Connection);

impl Orders<'_> {
    /// The order's status and tracking number, if it is in the shop.
    fn state(&self, order_no: &str) -> Result<Option<(String, Option<String>)>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT o.status, p.tracking_no FROM orders o LEFT JOIN parcels p ON p.order_id = o.id
                 WHERE o.order_no = ?1",
            )?
            .query_row([order_no], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The courier orders still to send to customers with this phone, or
    /// those sent already with `tracking` (the same file read again).
    fn waiting_for(&self, phone: &str, tracking: &str) -> Result<Vec<String>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT o.order_no FROM customers c JOIN orders o ON o.customer_id = c.id
             LEFT JOIN parcels p ON p.order_id = o.id
             WHERE c.phone = ?1 AND o.delivery = 'courier'
               AND (p.id IS NULL AND o.status IN ('awaiting_payment', 'paid') OR p.tracking_no = ?2)
             ORDER BY o.placed_at",
        )?;
        let nos = stmt
            .query_map([phone, tracking], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(nos)
    }
}
