//! Statements from the wild that used to be read wrong without a word: each
//! now reads right, or is refused with its line and column.

use super::tests::{fixture, read, statement_text, wechat_csv, DHR, WECHAT_HEADER};
use super::*;

const ALIPAY_WEB_HEADER: &str = "交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,";

fn alipay_web(rows: &[&str]) -> String {
    statement_text(
        "支付宝交易记录明细查询\n账号:[shop@example.com]\n---------------------------------交易记录明细列表------------------------------------\n",
        ALIPAY_WEB_HEADER,
        rows,
    )
}

#[test]
fn a_bad_cell_on_the_first_sheet_fails_the_file_instead_of_trying_another_sheet() {
    let mut book = rust_xlsxwriter::Workbook::new();
    for amount in ["¥abc", "¥1.00"] {
        let sheet = book.add_worksheet();
        for (i, h) in WECHAT_HEADER.split(',').enumerate() {
            sheet.write_string(0, i as u16, h).unwrap();
        }
        let cells = [
            "2026-11-20 09:01:02",
            "二维码收款",
            "阿花",
            "/",
            "收入",
            amount,
            "/",
            "已收钱",
            "10001",
        ];
        for (i, c) in cells.iter().enumerate() {
            sheet.write_string(1, i as u16, *c).unwrap();
        }
    }
    let err = parse(&book.save_to_buffer().unwrap(), &[]).unwrap_err();
    assert_eq!(
        (err.line, err.column),
        (Some(2), Some(6)),
        "{}",
        err.message
    );
}

#[test]
fn a_minus_on_an_income_and_an_amount_below_the_fen_are_refused() {
    let minus =
        wechat_csv(&["2026-11-20 09:01:02,二维码收款,阿花,/,收入,¥-12.00,/,已收钱,10001,20001,/"]);
    let err = parse(minus.as_bytes(), &[]).unwrap_err();
    assert_eq!(
        (err.line, err.column),
        (Some(5), Some(6)),
        "{}",
        err.message
    );
    let sub_fen =
        wechat_csv(&["2026-11-20 09:01:02,二维码收款,阿花,/,收入,¥28.165,/,已收钱,10001,20001,/"]);
    let err = parse(sub_fen.as_bytes(), &[]).unwrap_err();
    assert_eq!(
        (err.line, err.column),
        (Some(5), Some(6)),
        "{}",
        err.message
    );
}

#[test]
fn alipay_yield_is_income_and_a_qr_payment_a_sale_in_every_layout() {
    let web = alipay_web(&[
        "A1,,2019-09-30 05:26:50,,2019-09-30 05:26:50,支付宝网站,即时到账交易,中欧基金,余额宝-2019.09.29-收益发放,0.01,收入,交易成功,0.00,0.00,,已收入,",
        "A2,,2019-09-30 09:00:00,2019-09-30 09:00:00,2019-09-30 09:00:00,支付宝网站,收钱码收款,王阿姨,收钱码收款,36.50,,交易成功,0.00,0.00,,已收入,",
        "A3,,2019-09-30 10:00:00,2019-09-30 10:00:00,2019-09-30 10:00:00,支付宝网站,收钱码收款,李姐,收钱码收款,20.00,其他,交易成功,0.00,0.00,,,",
    ]);
    let s = parse(web.as_bytes(), &[]).unwrap();
    let read: Vec<(Direction, Kind)> = s.lines.iter().map(|l| (l.direction, l.kind)).collect();
    assert_eq!(
        read,
        [
            (Direction::In, Kind::Wealth),
            (Direction::In, Kind::Sale),
            (Direction::In, Kind::Sale)
        ]
    );
    let app = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n\
               2023-02-02 15:24:35,投资理财,天弘基金,/,余额宝-2023.02.01-收益发放,不计收支,0.01,余额宝,交易成功,B1,,,\n";
    let s = parse(format!("------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n{app}").as_bytes(), &[]).unwrap();
    assert_eq!(
        (s.lines[0].direction, s.lines[0].kind),
        (Direction::In, Kind::Wealth),
        "the same yield, the same way"
    );
}

#[test]
fn a_refund_numbered_after_the_payment_it_returns_is_that_payments_refund() {
    let web = alipay_web(&[
        "2026112200010002,,2026-11-21 09:00:00,2026-11-21 09:00:00,2026-11-21 09:00:00,支付宝网站,收钱码收款,王阿姨,收钱码收款,36.50,收入,交易成功,0.00,0.00,,已收入,",
        "2026112200010002_20261121,,2026-11-21 18:00:00,2026-11-21 18:00:00,2026-11-21 18:00:00,支付宝网站,即时到账交易,王阿姨,收钱码收款,36.50,收入,交易成功,0.00,0.00,,已支出,",
    ]);
    let s = parse(web.as_bytes(), &[]).unwrap();
    assert_eq!(s.lines[1].kind, Kind::Refund);
    assert_eq!(s.lines[1].original_txn_id, "2026112200010002");
}

/// The real bill whose header repeats 备注 (a hand edit): a row is one cell
/// short of it, so an unquoted comma in 交易对方 left it no wider than the
/// header and the count alone could not see it; 收/支 and 金额 then held the
/// wrong cells and the file was refused at a line that was fine.
#[test]
fn an_unquoted_comma_is_found_in_a_bill_whose_header_has_a_column_of_its_own() {
    let real = fixture(&format!("{DHR}/wechat_full_test.csv"));
    let text = String::from_utf8(real).unwrap();
    let edited = text.replacen("瑞安市暖爸副食品店", "瑞安市暖爸,副食品店", 1);
    assert_ne!(edited, text);
    let s = read(edited.as_bytes());
    assert_eq!(s.lines.len(), 37);
    let line = s
        .lines
        .iter()
        .find(|l| l.counterparty.contains("暖爸"))
        .unwrap();
    assert_eq!(line.counterparty, "瑞安市暖爸,副食品店");
    assert_eq!((line.direction, line.amount.fen()), (Direction::Out, 300));
    assert!(line.remark.contains("饮料"), "{}", line.remark);
    // A row that reads no way is still refused where it is wrong.
    let broken = text.replacen("¥3.00", "¥3.0x", 1);
    let err = parse(broken.as_bytes(), &[]).unwrap_err();
    assert_eq!((err.line, err.column), (Some(18), Some(6)));
}

/// The same in the real Alipay bill, whose header ends in a comma.
#[test]
fn an_unquoted_comma_is_found_in_an_alipay_bill_too() {
    let real = fixture(&format!("{DHR}/alipay_full_test_utf8.csv"));
    let text = String::from_utf8(real).unwrap();
    let edited = text.replacen("高德打车,aut", "高德,打车,aut", 1);
    assert_ne!(edited, text);
    let (s, before) = (read(edited.as_bytes()), read(text.as_bytes()));
    assert_eq!(s.lines.len(), before.lines.len());
    let line = s.lines.iter().find(|l| l.line == 26).unwrap();
    assert_eq!(line.counterparty, "高德,打车");
    assert_eq!((line.direction, line.amount.fen()), (Direction::Out, 1512));
}

/// A 2026 XLSX bill, its amounts number cells: one a formula's result
/// (`=19.9*3`, stored as 59.699999999999996, shown as 59.7), one typed with
/// three decimals.
fn xlsx_with_amounts(amounts: &[f64]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (i, h) in WECHAT_HEADER.split(',').enumerate() {
        sheet.write_string(0, i as u16, h).unwrap();
    }
    for (r, amount) in amounts.iter().enumerate() {
        let row = r as u32 + 1;
        let cells = ["2026-11-20 09:01:02", "二维码收款", "阿花", "/", "收入"];
        for (i, c) in cells.iter().enumerate() {
            sheet.write_string(row, i as u16, *c).unwrap();
        }
        sheet.write_number(row, 5, *amount).unwrap();
        sheet.write_string(row, 8, format!("1000{row}")).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_number_cell_reads_as_the_spreadsheet_shows_it() {
    let worked_out = 19.9 * 3.0;
    assert_ne!(worked_out, 59.7, "the float the formula leaves");
    let s = read(&xlsx_with_amounts(&[worked_out, 36.5, 0.1 + 0.2]));
    let fen: Vec<i64> = s.lines.iter().map(|l| l.amount.fen()).collect();
    assert_eq!(fen, [5970, 3650, 30]);
    // A whole number keeps every digit (a program's 16-digit id).
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_number(0, 0, 1_234_567_890_123_456.0)
        .unwrap();
    let sheets = crate::table::sheets(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(sheets[0].1[0].cell(0), "1234567890123456");
    // Three decimals typed are three decimals: refused, not rounded.
    let err = parse(&xlsx_with_amounts(&[36.5, 28.165]), &[]).unwrap_err();
    assert_eq!(
        (err.line, err.column),
        (Some(3), Some(6)),
        "{}",
        err.message
    );
}
