//! Every real sample in `../shared/fixtures/real/`, unchanged, plus hand-made
//! files for each quirk FORMATS.md names and the merchant layouts no public
//! sample exists for.

use super::*;

pub(crate) fn fixture(rel: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/real")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn read(bytes: &[u8]) -> Statement {
    parse(bytes, &[]).unwrap_or_else(|e| panic!("{e:?}"))
}

fn fen(s: &Statement, pick: impl Fn(&StatementLine) -> bool) -> i64 {
    s.lines
        .iter()
        .filter(|l| pick(l))
        .map(|l| l.amount.fen())
        .sum()
}

fn count(s: &Statement, kind: Kind) -> usize {
    s.lines.iter().filter(|l| l.kind == kind).count()
}

pub(crate) const DEB: &str = "deb-sig_double-entry-generator";
pub(crate) const DHR: &str = "dhr2333_Beancount-Trans-Backend";

#[test]
fn wechat_personal_csv_and_its_2026_xlsx_read_the_same() {
    let csv = read(&fixture(&format!(
        "{DEB}/wechat/example-wechat-records.csv"
    )));
    let xlsx = read(&fixture(&format!(
        "{DEB}/wechat/example-wechat-records.xlsx"
    )));
    assert_eq!(csv.format, Format::WechatPersonal);
    assert_eq!(xlsx.format, Format::WechatPersonal);
    assert_eq!(csv.lines.len(), 27);
    // The XLSX header sits one row lower; everything else is the same.
    assert_eq!(xlsx.lines.len(), 27);
    for (a, b) in csv.lines.iter().zip(&xlsx.lines) {
        assert_eq!(
            (a.line + 1, &a.txn_id, a.amount, a.kind, a.occurred_at),
            (b.line, &b.txn_id, b.amount, b.kind, b.occurred_at)
        );
    }
    let first = &csv.lines[0];
    assert_eq!(
        (first.line, first.amount.fen(), first.direction),
        (18, 2816, Direction::Out)
    );
    assert_eq!(
        first.occurred_at,
        text::china_time("2019-09-26 12:45:27").unwrap()
    );
    // Trailing TABs and spaces are gone from ids; `¥50.0` is 50 yuan.
    assert!(csv.lines.iter().all(|l| l.txn_id.trim() == l.txn_id));
    assert!(csv
        .lines
        .iter()
        .any(|l| l.amount.fen() == 5000 && l.txn_id == "123456"));
    // Withdrawal fees come out of 备注.
    let fees: i64 = csv
        .lines
        .iter()
        .filter(|l| l.kind == Kind::Withdrawal)
        .map(|l| l.fee.fen())
        .sum();
    assert_eq!(fees, 10 + 10 + 100);
    assert_eq!(count(&csv, Kind::Sale), 4);
    assert_eq!(count(&csv, Kind::TopUp), 1);
}

#[test]
fn wechat_personal_2019() {
    let s = read(&fixture(&format!(
        "{DEB}/wechat/example-wechat-records_2019.csv"
    )));
    assert_eq!(s.lines.len(), 2);
    assert_eq!(
        (s.lines[1].kind, s.lines[1].amount.fen()),
        (Kind::RedPacket, 35)
    );
}

#[test]
fn wechat_personal_refunds_link_to_what_they_give_back() {
    let s = read(&fixture(&format!("{DHR}/wechat_full_test.csv")));
    assert_eq!(s.lines.len(), 37);
    assert_eq!(count(&s, Kind::Refund), 5);
    let refund = s
        .lines
        .iter()
        .find(|l| l.txn_id == "1000050001202304140613257249726")
        .unwrap();
    assert_eq!(
        refund.original_txn_id,
        "100005000123041400054322193195169844"
    );
    // A transfer the other side sent back moved no money.
    let returned = s.lines.iter().find(|l| l.status == "对方已退还").unwrap();
    assert!(!returned.settled);
    // Full-width yen, quoted ids and a `""` inside 商品 all read.
    assert!(s
        .lines
        .iter()
        .any(|l| l.amount.fen() == 100_000 && l.kind == Kind::Withdrawal));
    assert!(s.lines.iter().any(|l| l.remark.contains("\"丶公公的吻\"")));
}

#[test]
fn alipay_personal_three_generations() {
    let y2023 = read(&fixture(&format!(
        "{DEB}/alipay/example-alipay-records.csv"
    )));
    assert_eq!(
        (y2023.format.clone(), y2023.lines.len()),
        (Format::AlipayPersonal, 10)
    );
    let refund = y2023.lines.iter().find(|l| l.txn_id.contains('_')).unwrap();
    assert_eq!(
        (refund.kind, refund.original_txn_id.as_str()),
        (Kind::Refund, "2023xxxxx88")
    );
    assert_eq!(
        y2023.lines.iter().filter(|l| !l.settled).count(),
        2,
        "交易关闭 moves no money"
    );
    assert_eq!(fen(&y2023, |l| l.kind == Kind::Transfer), 22_222_850);

    let y2021 = read(&fixture(&format!(
        "{DEB}/alipay/example-alipay-records_app-2021-format.csv"
    )));
    assert_eq!(
        (y2021.format.clone(), y2021.lines.len()),
        (Format::AlipayPersonal2021, 16)
    );
    assert_eq!(
        y2021.lines[0].occurred_at,
        text::china_time("2021-06-14 14:00:38").unwrap()
    );

    let web = read(&fixture(&format!(
        "{DEB}/alipay/example-alipay-records_web-2019-format.csv"
    )));
    assert_eq!(
        (web.format.clone(), web.lines.len()),
        (Format::AlipayWeb, 7)
    );
    // No 收/支 on the refund row: 资金状态 已收入 tells the direction.
    let refund = web.lines.iter().find(|l| l.txn_id == "987654_321").unwrap();
    assert_eq!(
        (refund.kind, refund.direction, refund.amount.fen()),
        (Kind::Refund, Direction::In, 272_542)
    );
}

#[test]
fn alipay_samples_from_a_second_source() {
    let full = read(&fixture(&format!("{DHR}/alipay_full_test_utf8.csv")));
    assert_eq!(full.lines.len(), 80);
    assert_eq!(
        fen(&full, |l| l.kind == Kind::Sale),
        600_000 + 850_000 + 1_200_000
    );
    let single = read(&fixture(&format!("{DHR}/alipay_single_test_gbk.csv")));
    assert_eq!(single.lines.len(), 2);
    assert_eq!(single.lines[0].amount, Money::ZERO);
}

/// A WeChat merchant bill as `downloadbill` writes it: backticks on every
/// value, the summary header and row at the end.
pub(crate) fn wechat_merchant_bill(
    layout: &str,
    rows: &[(&str, &str, &str, &str, &str)],
) -> String {
    let refund_cols = [
        "微信退款单号",
        "商户退款单号",
        "退款金额",
        "充值券退款金额",
        "退款类型",
        "退款状态",
    ];
    let mut cols: Vec<&str> = vec![
        "交易时间",
        "公众账号ID",
        "商户号",
        "特约商户号",
        "设备号",
        "微信订单号",
        "商户订单号",
        "用户标识",
        "交易类型",
        "交易状态",
        "付款银行",
        "货币种类",
        "应结订单金额",
        "代金券金额",
    ];
    if layout == "REFUND" {
        cols.extend(["退款申请时间", "退款成功时间"]);
    }
    if layout != "SUCCESS" {
        cols.extend(refund_cols);
    }
    cols.extend([
        "商品名称",
        "商户数据包",
        "手续费",
        "费率",
        "订单金额",
        "申请退款金额",
        "费率备注",
    ]);
    let mut out = format!("\u{feff}{}\r\n", cols.join(","));
    let (mut settled, mut refunded) = (0i64, 0i64);
    for (time, wx_no, order_no, state, amount) in rows {
        let fen = text::amount(amount).unwrap().fen();
        let refund = *state == "REFUND";
        let value = |col: &str| -> String {
            match col {
                "交易时间" | "退款申请时间" | "退款成功时间" => time.to_string(),
                "微信订单号" => wx_no.to_string(),
                "商户订单号" => order_no.to_string(),
                "交易状态" => state.to_string(),
                "货币种类" => "CNY".into(),
                "应结订单金额" | "订单金额" if !refund => amount.to_string(),
                "退款金额" | "申请退款金额" if refund => amount.to_string(),
                "微信退款单号" if refund => format!("5030{wx_no}"),
                // 0.6% in units of 0.00001 yuan: fen × 6.
                "手续费" => format!(
                    "{}{}.{:05}",
                    if refund { "-" } else { "" },
                    fen * 6 / 100_000,
                    fen * 6 % 100_000
                ),
                "商品名称" => "水蜜桃 5斤装".into(),
                "用户标识" => "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into(),
                c if c.contains("金额") => "0.00".into(),
                _ => "0".into(),
            }
        };
        if refund {
            refunded += fen;
        } else {
            settled += fen;
        }
        let cells: Vec<String> = cols.iter().map(|c| format!("`{}", value(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.push_str("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
    let yuan = |f: i64| Money::from_fen(f).to_string();
    out.push_str(&format!(
        "`{},`{},`{},`0.00,`0.00000,`{},`{}\r\n",
        rows.len(),
        yuan(settled),
        yuan(refunded),
        yuan(settled),
        yuan(refunded)
    ));
    out
}

#[test]
fn wechat_merchant_bills_all_success_and_refund() {
    let rows = [
        (
            "2024-07-09 16:47:58",
            "4200002345202407091234567890",
            "S20240709-0001",
            "SUCCESS",
            "36.50",
        ),
        (
            "2024-07-10 10:00:00",
            "4200002345202407091234567890",
            "S20240709-0001",
            "REFUND",
            "10.00",
        ),
    ];
    for layout in ["ALL", "SUCCESS", "REFUND"] {
        // A SUCCESS bill holds the payments only.
        let rows = if layout == "SUCCESS" {
            &rows[..1]
        } else {
            &rows[..]
        };
        let s = read(wechat_merchant_bill(layout, rows).as_bytes());
        assert_eq!(
            (s.format.clone(), s.lines.len()),
            (Format::WechatMerchant, rows.len()),
            "{layout}"
        );
        let sale = &s.lines[0];
        assert_eq!(
            (
                sale.merchant_order_no.as_str(),
                sale.amount.fen(),
                sale.fee.fen()
            ),
            ("S20240709-0001", 3650, 22)
        );
        assert_eq!(
            sale.occurred_at,
            text::china_time("2024-07-09 16:47:58").unwrap()
        );
        if layout != "SUCCESS" {
            let refund = &s.lines[1];
            assert_eq!(
                (refund.kind, refund.direction, refund.amount.fen()),
                (Kind::Refund, Direction::Out, 1000)
            );
            assert_eq!(refund.original_txn_id, sale.txn_id);
            assert_eq!(refund.fee.fen(), -6);
        }
    }
}

#[test]
fn a_merchant_bill_whose_summary_disagrees_is_refused() {
    let rows = [
        ("2024-07-09 16:47:58", "4200001", "S1", "SUCCESS", "36.50"),
        ("2024-07-09 16:48:58", "4200002", "S2", "SUCCESS", "1.00"),
    ];
    let bill = wechat_merchant_bill("ALL", &rows);
    // Drop the second detail row: the summary still counts two.
    let cut: Vec<&str> = bill
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, l)| l)
        .collect();
    let err = parse(cut.join("\n").as_bytes(), &[]).unwrap_err();
    assert_eq!(err.line, Some(4));
    assert!(err.message.contains("cut off"), "{}", err.message);
    assert_eq!(
        err.why,
        Some(crate::table::Why::SummaryCount {
            stated: "2".into(),
            rows: 1
        })
    );
    // A row's amount edited: the count holds, the total does not.
    let edited = bill.replacen("`1.00", "`9.00", 1);
    assert_ne!(edited, bill);
    let err = parse(edited.as_bytes(), &[]).unwrap_err();
    assert_eq!(
        err.why,
        Some(crate::table::Why::SummaryAmount {
            stated: "37.50".into(),
            rows: "45.50".into()
        })
    );
    assert_eq!(err.column, Some(2), "应结订单总金额");
}

pub(crate) fn alipay_trade_csv(extra_footer: &str) -> Vec<u8> {
    let text = format!(
        "#支付宝业务明细查询\n#账号：[20880000000000000156]\n#起始日期：[2024年07月01日 00:00:00]   终止日期：[2024年07月02日 00:00:00]\n\
#-----------------------------------------业务明细列表----------------------------------------\n\
支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\n\
2024070122001400001\t,S20240701-0003\t,交易,车厘子 1斤,2024-07-01 10:00:00,2024-07-01 10:00:05,,,,,zha***@163.com,58.00,58.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.35,0.00,\n\
2024070122001400002\t,S20240701-0004\t,交易,水蜜桃,2024-07-01 11:00:00,2024-07-01 11:00:03,,,,,li***@qq.com,30.00,30.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.18,0.00,\n\
2024070122001400001\t,S20240701-0003\t,退款,车厘子 1斤,2024-07-01 18:00:00,2024-07-01 18:00:02,,,,,zha***@163.com,-10.00,-10.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,RF2024070100001,0.06,0.00,坏果\n\
#-----------------------------------------业务明细列表结束------------------------------------\n\
{extra_footer}#退款合计：1笔，商家实收共-10.00元，商家优惠共0.00元\n#导出时间：[2024年07月02日 09:00:00]\n"
    );
    encoding_rs::GBK.encode(&text).0.into_owned()
}

#[test]
fn alipay_merchant_trade_detail_gbk_with_its_totals() {
    let s = read(&alipay_trade_csv(
        "#交易合计：2笔，商家实收共88.00元，商家优惠共0.00元\n",
    ));
    assert_eq!(
        (s.format.clone(), s.lines.len()),
        (Format::AlipayMerchantTrade, 3)
    );
    assert_eq!((s.lines[0].amount.fen(), s.lines[0].fee.fen()), (5800, 35));
    let refund = &s.lines[2];
    assert_eq!(
        (refund.kind, refund.amount.fen(), refund.txn_id.as_str()),
        (Kind::Refund, 1000, "2024070122001400001_RF2024070100001")
    );
    assert_eq!(refund.original_txn_id, "2024070122001400001");
    let wrong = parse(
        &alipay_trade_csv("#交易合计：3笔，商家实收共88.00元，商家优惠共0.00元\n"),
        &[],
    )
    .unwrap_err();
    assert_eq!(wrong.line, Some(10));
    assert_eq!(
        wrong.why,
        Some(crate::table::Why::SummaryTotals {
            count: 2,
            sum: "88.00".into()
        })
    );
}

#[test]
fn alipay_merchant_ledger() {
    let text = "#支付宝账务明细查询\n#账号：[20880000000000000156]\n\
账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注\n\
20240701000100001\t,2024070122001400001\t,S20240701-0003\t,车厘子 1斤,2024-07-01 10:00:05,zha***@163.com,58.00,,1058.00,支付宝,在线支付,\n\
20240701000100002\t,2024070122001400001\t,S20240701-0003\t,服务费,2024-07-01 10:00:05,,,-0.35,1057.65,支付宝,收费,\n\
20240701000100003\t,2024070122001400009\t,,提现,2024-07-01 20:00:00,,,-1000.00,57.65,支付宝,提现,\n\
#支出合计：2笔，共1000.35元\n";
    let s = read(&encoding_rs::GBK.encode(text).0);
    assert_eq!(s.format, Format::AlipayMerchantLedger);
    let kinds: Vec<Kind> = s.lines.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [Kind::Sale, Kind::Fee, Kind::Withdrawal]);
    // The sale carries the trade number, so 业务明细 and 账务明细 agree on it.
    assert_eq!(s.lines[0].txn_id, "2024070122001400001");
    assert_eq!(s.lines[1].fee.fen(), 35);
}

pub(super) const WECHAT_HEADER: &str =
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注";

/// A statement as the wallet writes it: its preamble, the header, the rows.
pub(super) fn statement_text(preamble: &str, header: &str, rows: &[&str]) -> String {
    let mut s = format!("{preamble}{header}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

pub(super) fn wechat_csv(rows: &[&str]) -> String {
    statement_text(
        "微信支付账单明细,,,,,,,,,,\n微信昵称：[小王水果],,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n",
        WECHAT_HEADER,
        rows,
    )
}

#[test]
fn quirks_bom_crlf_excel_amounts_and_an_unquoted_comma() {
    let rows = [
        "2026-11-20 09:01:02,二维码收款,阿花,收款方备注:二维码收款,收入,\"¥1,020.00\",/,已收钱,10001\t,20001\t,/",
        // 交易对方 with a comma nobody quoted: one cell too many.
        "2026-11-20 09:05:00,转账,李,小红,转账备注:S20261120-0003,收入,￥36.50,/,已存入零钱,10002\t,20002\t,/",
    ];
    let csv = wechat_csv(&rows).replace('\n', "\r\n");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat();
    let s = read(&with_bom);
    assert_eq!(s.lines[0].amount.fen(), 102_000);
    assert_eq!(s.lines[1].counterparty, "李,小红");
    assert_eq!(
        (s.lines[1].amount.fen(), s.lines[1].kind),
        (3650, Kind::Transfer)
    );
    assert!(s.lines[1].remark.contains("S20261120-0003"));
}

#[test]
fn bad_files_name_the_line_and_column() {
    let bad_amount =
        wechat_csv(&["2026-11-20 09:01:02,二维码收款,阿花,/,收入,¥abc,/,已收钱,10001,20001,/"]);
    let err = parse(bad_amount.as_bytes(), &[]).unwrap_err();
    assert_eq!((err.line, err.column), (Some(5), Some(6)));
    let bad_time =
        wechat_csv(&["2026-13-40 09:01:02,二维码收款,阿花,/,收入,¥1.00,/,已收钱,10001,20001,/"]);
    let err = parse(bad_time.as_bytes(), &[]).unwrap_err();
    assert_eq!((err.line, err.column), (Some(5), Some(1)));
    // A file cut inside a quoted cell.
    let full =
        wechat_csv(&["2026-11-20 09:01:02,二维码收款,\"阿花,/,收入,¥1.00,/,已收钱,10001,20001,/"]);
    assert_eq!(parse(full.as_bytes(), &[]).unwrap_err().line, Some(5));
}

#[test]
fn not_a_statement_says_so() {
    let other = "name,price\napple,3\n";
    assert!(parse(other.as_bytes(), &[])
        .unwrap_err()
        .message
        .contains("not a payment statement"));
    let binary: Vec<u8> = (0..=255u8).cycle().take(2000).collect();
    assert!(parse(&binary, &[]).unwrap_err().message.contains("GB18030"));
    assert!(parse(b"PK\x03\x04garbage", &[])
        .unwrap_err()
        .message
        .contains("spreadsheet"));
    assert!(parse(b"", &[]).unwrap_err().message.contains("empty"));
}

#[test]
fn a_spreadsheet_of_something_else_is_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "商品").unwrap();
    sheet.write_string(0, 1, "库存").unwrap();
    sheet.write_number(1, 1, 12.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(parse(&bytes, &[])
        .unwrap_err()
        .message
        .contains("not a payment statement"));
}

#[test]
fn a_saved_mapping_reads_a_bank_export() {
    let mapping = Mapping {
        name: "招行流水".into(),
        source: "bank".into(),
        time: "记账日期".into(),
        amount: "交易金额".into(),
        txn_id: "流水号".into(),
        direction: None,
        counterparty: Some("对方户名".into()),
        remark: Some("摘要".into()),
        order_no: None,
    };
    let csv = "招商银行交易流水\n记账日期,流水号,交易金额,对方户名,摘要\n2026-11-20 10:00:00,B1,58.00,王阿姨,S20261120-0001\n2026-11-20 11:00:00,B2,-20.00,供应商,货款\n";
    let s = parse(csv.as_bytes(), std::slice::from_ref(&mapping)).unwrap();
    assert_eq!(s.format, Format::Generic("招行流水".into()));
    assert_eq!(
        (s.lines[0].direction, s.lines[0].amount.fen()),
        (Direction::In, 5800)
    );
    assert_eq!(
        (s.lines[1].direction, s.lines[1].amount.fen()),
        (Direction::Out, 2000)
    );
    assert!(
        parse(csv.as_bytes(), &[]).is_err(),
        "without the mapping it is unknown"
    );
}

#[test]
fn a_wechat_xlsx_written_as_the_2026_export_reads() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "微信支付账单明细").unwrap();
    sheet
        .write_string(15, 0, "4. 本账单中所有时间均为UTC+08:00时间")
        .unwrap();
    for (i, h) in WECHAT_HEADER.split(',').enumerate() {
        sheet.write_string(17, i as u16, h).unwrap();
    }
    let cells = ["2026-11-20 09:01:02", "二维码收款", "阿花", "/", "收入"];
    for (i, c) in cells.iter().enumerate() {
        sheet.write_string(18, i as u16, *c).unwrap();
    }
    sheet.write_number(18, 5, 1020.5).unwrap();
    sheet.write_string(18, 8, "10001\t").unwrap();
    let s = read(&book.save_to_buffer().unwrap());
    assert_eq!((s.lines[0].line, s.lines[0].amount.fen()), (19, 102_050));
}
