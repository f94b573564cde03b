//! Alipay: the personal 交易明细 in its three generations (2023+ app, 2021
//! app, pre-2021 web) and the merchant 业务明细 / 账务明细.

use super::header::{split_details, Cells, Header};
use super::wechat::join_remark;
use super::{BadLine, Direction, Kind, StatementLine};
use crate::money::Money;
use crate::table::{Row, Why};

/// All three personal generations, by column name (the 2021 file reorders
/// them; the web file renames some and adds fee and fund-state columns).
pub fn personal(header: &Header, body: &[Row]) -> Result<Vec<StatementLine>, BadLine> {
    let time = header.require(&["交易时间", "付款时间", "交易创建时间"])?;
    let created = header.col(&["交易创建时间"]);
    let category = header.col(&["交易分类", "类型"]);
    let party = header.col(&["交易对方"]);
    let goods = header.col(&["商品说明", "商品名称"]);
    let dir = header.col(&["收/支"]);
    let amount = header.require(&["金额", "金额（元）"])?;
    let status = header.col(&["交易状态"]);
    let txn = header.require(&["交易订单号", "交易号"])?;
    let merchant_no = header.col(&["商家订单号"]);
    let note = header.col(&["备注"]);
    let fee = header.col(&["服务费（元）"]);
    let fund_state = header.col(&["资金状态"]);
    let mut lines = Vec::new();
    for row in split_details(body).0 {
        // As in WeChat's bill: a row whose 收/支 and 金额 do not read is read
        // again with 交易对方 holding a comma (the 2023 header's trailing
        // comma gives it a column of its own).
        let c = Cells::fit_reading(row, header, party, |c| {
            matches!(c.get(dir), "收入" | "支出" | "不计收支" | "其他" | "")
                && super::text::amount(c.get(Some(amount))).is_some()
        })?;
        // A web-export row that never got paid has no 付款时间.
        let time = if c.get(Some(time)).is_empty() {
            created.unwrap_or(time)
        } else {
            time
        };
        let (category, goods_text, status_text) = (c.get(category), c.get(goods), c.get(status));
        // The web layout leaves 收/支 empty or `其他` on some incomes (收钱码
        // payments); its 资金状态 says where the money went.
        let dir_text = match (c.get(dir), fund_direction(c.get(fund_state))) {
            (d @ ("收入" | "支出"), _) => d,
            (_, from_fund) if !from_fund.is_empty() => from_fund,
            (d, _) => d,
        };
        let txn_id = c.get(Some(txn)).to_string();
        let is_refund =
            category == "退款" || goods_text.starts_with("退款") || status_text == "退款成功";
        let (direction, kind) = if is_refund {
            (Direction::In, Kind::Refund)
        } else {
            personal_kind(dir_text, category, goods_text)
        };
        lines.push(StatementLine {
            line: c.line,
            original_txn_id: match txn_id.split_once('_') {
                Some((original, _)) if is_refund => original.to_string(),
                _ => String::new(),
            },
            txn_id,
            merchant_order_no: c.get(merchant_no).to_string(),
            direction,
            kind,
            amount: unsigned(&c, amount, direction, kind)?,
            fee: c.money(fee, true)?,
            counterparty: c.get(party).to_string(),
            remark: join_remark(goods_text, c.get(note)),
            status: status_text.to_string(),
            occurred_at: c.time(time)?,
            settled: status_text != "交易关闭",
        });
    }
    refunds_by_number(&mut lines);
    Ok(lines)
}

/// An amount whose direction its row gives. A minus sign on an income is a
/// contradiction (an edited file), refused rather than dropped.
pub(super) fn unsigned(
    c: &Cells,
    col: usize,
    direction: Direction,
    kind: Kind,
) -> Result<Money, BadLine> {
    let raw = c.money(Some(col), false)?;
    if raw < Money::ZERO && direction == Direction::In && kind != Kind::Refund {
        return Err(BadLine::at(
            c.line,
            col + 1,
            format!("a minus amount ({raw}) on an income row: the file looks edited"),
        )
        .because(Why::MinusIncome {
            amount: raw.to_string(),
        }));
    }
    Ok(raw.abs())
}

/// A row numbered `<another row's number>_<suffix>` returns that payment:
/// a refund, whatever its other columns say.
fn refunds_by_number(lines: &mut [StatementLine]) {
    let paid: std::collections::HashSet<&str> = lines
        .iter()
        .filter(|l| l.kind != Kind::Refund)
        .map(|l| l.txn_id.as_str())
        .collect();
    let found: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind != Kind::Refund)
        .filter_map(|(i, l)| {
            let (original, _) = l.txn_id.split_once('_')?;
            paid.contains(original).then(|| (i, original.to_string()))
        })
        .collect();
    for (i, original) in found {
        lines[i].kind = Kind::Refund;
        lines[i].original_txn_id = original;
    }
}

fn fund_direction(state: &str) -> &'static str {
    match state {
        "已收入" => "收入",
        "已支出" => "支出",
        _ => "",
    }
}

fn personal_kind(dir: &str, category: &str, goods: &str) -> (Direction, Kind) {
    let about = |w: &str| category.contains(w) || goods.contains(w);
    match dir {
        "收入" if about("余额宝") || about("收益发放") => (Direction::In, Kind::Wealth),
        "收入" if about("红包") && !about("转账") => (Direction::In, Kind::RedPacket),
        "收入" if about("转账") => (Direction::In, Kind::Transfer),
        "收入" => (Direction::In, Kind::Sale),
        "支出" if about("转账") => (Direction::Out, Kind::Transfer),
        "支出" => (Direction::Out, Kind::Other),
        // 不计收支 / 其他: money between the merchant's own pockets, but for
        // a 收钱码 payment, which is a sale.
        _ if about("收钱码") => (Direction::In, Kind::Sale),
        _ if about("提现") => (Direction::Out, Kind::Withdrawal),
        _ if about("充值") => (Direction::In, Kind::TopUp),
        // 余额宝 income is money in, in every generation (the 2023 app marks
        // it 不计收支, the web layout 收入).
        _ if about("收益发放") => (Direction::In, Kind::Wealth),
        _ => (Direction::Out, Kind::Wealth),
    }
}

/// 业务明细: one row per trade or refund, `#` notes around them and a
/// `#交易合计：N笔，商家实收共X元` footer checked against the rows.
pub fn merchant_trade(header: &Header, body: &[Row]) -> Result<Vec<StatementLine>, BadLine> {
    let col = |n: &str| header.col(&[n]);
    let txn = header.require(&["支付宝交易号"])?;
    let business = header.require(&["业务类型"])?;
    let time = header.require(&["完成时间", "创建时间"])?;
    let amount = header.require(&["订单金额（元）"])?;
    let received = col("商家实收（元）");
    let mut lines = Vec::new();
    let mut sums = TradeSums::default();
    let (details, footer) = split_details(body);
    for row in details {
        let c = Cells::fit(row, header, None)?;
        let is_refund = c.get(Some(business)) == "退款";
        let txn_id = c.get(Some(txn)).to_string();
        sums.add(is_refund, c.money(received, true)?);
        let fee = c.money(col("服务费（元）"), true)?.abs();
        let batch = c.get(col("退款批次号/请求号"));
        lines.push(StatementLine {
            line: c.line,
            txn_id: if is_refund {
                format!(
                    "{txn_id}_{}",
                    if batch.is_empty() { "refund" } else { batch }
                )
            } else {
                txn_id.clone()
            },
            merchant_order_no: c.get(col("商户订单号")).to_string(),
            original_txn_id: if is_refund { txn_id } else { String::new() },
            direction: if is_refund {
                Direction::Out
            } else {
                Direction::In
            },
            kind: if is_refund { Kind::Refund } else { Kind::Sale },
            amount: c.money(Some(amount), false)?.abs(),
            fee: if is_refund { -fee } else { fee },
            counterparty: c.get(col("对方账户")).to_string(),
            remark: join_remark(c.get(col("商品名称")), c.get(col("备注"))),
            status: c.get(Some(business)).to_string(),
            occurred_at: c.time(time)?,
            settled: true,
        });
    }
    for row in footer {
        sums.check(row)?;
    }
    Ok(lines)
}

#[derive(Default)]
struct TradeSums {
    trades: (i64, Money),
    refunds: (i64, Money),
}

impl TradeSums {
    fn add(&mut self, is_refund: bool, received: Money) {
        let sum = if is_refund {
            &mut self.refunds
        } else {
            &mut self.trades
        };
        sum.0 += 1;
        sum.1 += received;
    }

    /// `#交易合计：6笔，商家实收共0.06元…` / `#退款合计：…`; other notes pass.
    fn check(&self, row: &Row) -> Result<(), BadLine> {
        let text = row.cells().collect::<Vec<_>>().join(",");
        let (label, (count, sum)) = if text.contains("交易合计") {
            ("交易合计", self.trades)
        } else if text.contains("退款合计") {
            ("退款合计", self.refunds)
        } else {
            return Ok(());
        };
        let stated_count = number_before(&text, '笔');
        let stated_sum = text
            .split_once("商家实收共")
            .and_then(|(_, rest)| rest.split_once('元'))
            .and_then(|(n, _)| super::text::amount(n));
        let count_ok = stated_count.is_none_or(|n| n == count);
        let sum_ok = stated_sum.is_none_or(|s| s.abs() == sum.abs());
        if count_ok && sum_ok {
            return Ok(());
        }
        let stated_count = stated_count.map_or("?".into(), |n| n.to_string());
        let stated_sum = stated_sum.map_or("?".into(), |s| s.to_string());
        Err(BadLine::on_line(
            row.line,
            format!("{label} says {stated_count} trades, {stated_sum} yuan, but the rows are {count} trades, {sum} yuan: the file looks cut off or edited"),
        )
        .because(Why::SummaryTotals {
            count: count as u32,
            sum: sum.to_string(),
        }))
    }
}

fn number_before(text: &str, unit: char) -> Option<i64> {
    let end = text.find(unit)?;
    let digits: String = text[..end]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// 账务明细: the account ledger. Sale rows carry the trade number (业务流水号)
/// as their id so the same trade from 业务明细 is not counted twice.
pub fn merchant_ledger(header: &Header, body: &[Row]) -> Result<Vec<StatementLine>, BadLine> {
    let col = |n: &str| header.col(&[n]);
    let entry = header.require(&["账务流水号"])?;
    let trade = header.require(&["业务流水号"])?;
    let time = header.require(&["发生时间", "入账时间"])?;
    let business = header.require(&["业务类型"])?;
    let (income, expense) = (col("收入金额（+元）"), col("支出金额（-元）"));
    let mut lines = Vec::new();
    for row in split_details(body).0 {
        let c = Cells::fit(row, header, None)?;
        let inc = c.money(income, true)?.abs();
        let out = c.money(expense, true)?.abs();
        let btype = c.get(Some(business));
        let (direction, amount) = if inc > Money::ZERO {
            (Direction::In, inc)
        } else {
            (Direction::Out, out)
        };
        let kind = ledger_kind(btype, direction);
        let trade_no = c.get(Some(trade));
        lines.push(StatementLine {
            line: c.line,
            txn_id: if kind == Kind::Sale && !trade_no.is_empty() {
                trade_no.to_string()
            } else {
                c.get(Some(entry)).to_string()
            },
            merchant_order_no: c.get(col("商户订单号")).to_string(),
            original_txn_id: if kind == Kind::Refund {
                trade_no.to_string()
            } else {
                String::new()
            },
            direction,
            kind,
            amount,
            fee: if kind == Kind::Fee {
                amount
            } else {
                Money::ZERO
            },
            counterparty: c.get(col("对方账号")).to_string(),
            remark: join_remark(c.get(col("商品名称")), c.get(col("备注"))),
            status: btype.to_string(),
            occurred_at: c.time(time)?,
            settled: true,
        });
    }
    Ok(lines)
}

fn ledger_kind(business: &str, direction: Direction) -> Kind {
    if business.contains("退款") {
        Kind::Refund
    } else if business.contains("收费") || business.contains("服务费") {
        Kind::Fee
    } else if business.contains("提现") {
        Kind::Withdrawal
    } else if business.contains("充值") {
        Kind::TopUp
    } else if business.contains("转账") {
        Kind::Transfer
    } else if direction == Direction::In {
        Kind::Sale
    } else {
        Kind::Other
    }
}
