//! WeChat Pay: the personal bill (微信支付账单明细, CSV or XLSX) and the
//! merchant trade bill (交易账单: ALL, SUCCESS and REFUND layouts).

use std::collections::HashMap;

use super::header::{split_details, Cells, Header};
use super::{text, BadLine, Direction, Kind, StatementLine};
use crate::money::Money;
use crate::table::{Row, Why};

pub fn personal(header: &Header, body: &[Row]) -> Result<Vec<StatementLine>, BadLine> {
    let time = header.require(&["交易时间"])?;
    let kind_col = header.require(&["交易类型"])?;
    let party = header.col(&["交易对方"]);
    let goods = header.col(&["商品"]);
    let dir = header.require(&["收/支"])?;
    let amount = header.require(&["金额(元)"])?;
    let status = header.col(&["当前状态"]);
    let txn = header.require(&["交易单号"])?;
    let merchant_no = header.col(&["商户单号"]);
    let note = header.col(&["备注"]);
    let mut lines = Vec::new();
    for row in split_details(body).0 {
        // 收/支 is one of three words, and 金额 an amount: a row where they
        // are not is read again with 交易对方 holding a comma.
        let c = Cells::fit_reading(row, header, party, |c| {
            matches!(c.get(Some(dir)), "收入" | "支出" | "")
                && text::amount(c.get(Some(amount))).is_some()
        })?;
        let (tx_type, status) = (c.get(Some(kind_col)), c.get(status));
        let (direction, kind) = personal_kind(tx_type, c.get(Some(dir)));
        let note_text = c.get(note);
        let fee = if kind == Kind::Withdrawal {
            fee_in_note(note_text)
        } else {
            Money::ZERO
        };
        lines.push(StatementLine {
            line: c.line,
            txn_id: c.get(Some(txn)).to_string(),
            merchant_order_no: c.get(merchant_no).to_string(),
            original_txn_id: String::new(),
            direction,
            kind,
            amount: super::alipay::unsigned(&c, amount, direction, kind)?,
            fee,
            counterparty: c.get(party).to_string(),
            remark: join_remark(c.get(goods), note_text),
            status: status.to_string(),
            occurred_at: c.time(time)?,
            settled: !(direction == Direction::Out
                && matches!(kind, Kind::Transfer | Kind::RedPacket)
                && sent_back(status)),
        });
    }
    link_refunds(&mut lines);
    Ok(lines)
}

/// 收/支 and 交易类型 to direction and kind. Neutral rows (`/`) move money
/// between the merchant's own pockets.
fn personal_kind(tx_type: &str, dir: &str) -> (Direction, Kind) {
    if tx_type.ends_with("退款") {
        return (Direction::In, Kind::Refund);
    }
    let direction = match dir {
        "收入" => Direction::In,
        "支出" => Direction::Out,
        _ if tx_type.contains("充值") => Direction::In,
        _ => Direction::Out,
    };
    let kind = if dir != "收入" && dir != "支出" {
        if tx_type.contains("提现") {
            Kind::Withdrawal
        } else if tx_type.contains("充值") {
            Kind::TopUp
        } else {
            Kind::Wealth
        }
    } else if tx_type.starts_with("转账") {
        Kind::Transfer
    } else if tx_type.contains("红包") {
        Kind::RedPacket
    } else if direction == Direction::In {
        Kind::Sale
    } else {
        Kind::Other
    };
    (direction, kind)
}

/// An outgoing transfer or red packet the other side sent back moved no money.
fn sent_back(status: &str) -> bool {
    status.contains("已退还") || status.contains("已全额退款")
}

/// Withdrawal fees appear only in 备注: `服务费¥0.10`.
fn fee_in_note(note: &str) -> Money {
    note.split_once("服务费")
        .and_then(|(_, rest)| {
            let amount: String = rest
                .chars()
                .take_while(|c| matches!(c, '¥' | '￥' | '.' | '0'..='9'))
                .collect();
            text::amount(&amount)
        })
        .unwrap_or(Money::ZERO)
}

pub(super) fn join_remark(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (false, false) if a != b => format!("{a} | {b}"),
        (false, _) => a.to_string(),
        _ => b.to_string(),
    }
}

/// A refund row's 交易单号 is the original payment's 商户单号. The map
/// borrows the lines' own text: a bill is hundreds of thousands of rows.
fn link_refunds(lines: &mut [StatementLine]) {
    if !lines.iter().any(|l| l.kind == Kind::Refund) {
        return;
    }
    let by_merchant_no: HashMap<&str, &str> = lines
        .iter()
        .filter(|l| l.kind != Kind::Refund && !l.merchant_order_no.is_empty())
        .map(|l| (l.merchant_order_no.as_str(), l.txn_id.as_str()))
        .collect();
    let found: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == Kind::Refund)
        .filter_map(|(i, l)| Some((i, by_merchant_no.get(l.txn_id.as_str())?.to_string())))
        .collect();
    for (i, original) in found {
        lines[i].original_txn_id = original;
    }
}

/// The merchant trade bill: detail rows, then a summary header and row whose
/// totals must equal the rows read.
pub fn merchant(header: &Header, body: &[Row]) -> Result<Vec<StatementLine>, BadLine> {
    let col = |n: &str| header.col(&[n]);
    let time = header.require(&["交易时间"])?;
    let wx_no = header.require(&["微信订单号"])?;
    let state = header.require(&["交易状态"])?;
    let (settle, order_amount, voucher) = (col("应结订单金额"), col("订单金额"), col("代金券金额"));
    let (refund_no, refund_amount, fee) = (col("微信退款单号"), col("退款金额"), col("手续费"));
    let mut lines = Vec::new();
    let mut totals = Totals::default();
    let (details, footer) = split_details(body);
    for row in details {
        let c = Cells::fit(row, header, None)?;
        let settled = c.money(settle, true)?;
        let refund = c.money(refund_amount, true)?;
        totals.add(settled, refund);
        let is_refund = c.get(Some(state)) == "REFUND";
        let paid = match order_amount {
            Some(_) => c.money(order_amount, true)?,
            None => settled + c.money(voucher, true)?,
        };
        let base = StatementLine {
            line: c.line,
            txn_id: c.get(Some(wx_no)).to_string(),
            merchant_order_no: c.get(col("商户订单号")).to_string(),
            original_txn_id: String::new(),
            direction: Direction::In,
            kind: Kind::Sale,
            amount: paid,
            fee: c.sub_fen_money(fee)?,
            counterparty: c.get(col("用户标识")).to_string(),
            remark: join_remark(c.get(col("商品名称")), c.get(col("商户数据包"))),
            status: c.get(Some(state)).to_string(),
            occurred_at: c.time(time)?,
            settled: matches!(c.get(Some(state)), "SUCCESS" | "REFUND"),
        };
        lines.push(if is_refund {
            StatementLine {
                txn_id: c.get(refund_no).to_string(),
                original_txn_id: base.txn_id.clone(),
                direction: Direction::Out,
                kind: Kind::Refund,
                amount: refund.abs(),
                ..base
            }
        } else {
            base
        });
    }
    if let [head, rest @ ..] = footer {
        let summary = rest.iter().find(|r| !r.is_blank());
        if let Some(summary) = summary.filter(|_| head.first().starts_with("总交易单数")) {
            totals.check(&Header::new(head), summary)?;
        }
    }
    Ok(lines)
}

#[derive(Default)]
struct Totals {
    rows: i64,
    settled: Money,
    refunded: Money,
}

impl Totals {
    fn add(&mut self, settled: Money, refunded: Money) {
        self.rows += 1;
        self.settled += settled;
        self.refunded += refunded;
    }

    fn check(&self, header: &Header, row: &Row) -> Result<(), BadLine> {
        let c = Cells::fit(row, header, None)?;
        let count = c.get(header.col(&["总交易单数"]));
        if !count.is_empty() && count.parse::<i64>().ok() != Some(self.rows) {
            return Err(BadLine::on_line(
                row.line,
                format!(
                    "the summary counts {count} trades but the file has {} rows: it looks cut off",
                    self.rows
                ),
            )
            .because(Why::SummaryCount {
                stated: Why::excerpt(count),
                rows: self.rows as u32,
            }));
        }
        for (name, read) in [
            ("应结订单总金额", self.settled),
            ("退款总金额", self.refunded),
        ] {
            let Some(col) = header.col(&[name]) else {
                continue;
            };
            let stated = c.money(Some(col), true)?;
            if stated.abs() != read.abs() {
                return Err(BadLine::at(
                    row.line,
                    col + 1,
                    format!("the summary says {name} {stated} but the rows add up to {read}"),
                )
                .because(Why::SummaryAmount {
                    stated: stated.to_string(),
                    rows: read.to_string(),
                }));
            }
        }
        Ok(())
    }
}
