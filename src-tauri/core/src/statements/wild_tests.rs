//! Statements from the wild that used to be read wrong without a word: each
//! now reads right, or is refused with its line and column.

use super::tests::{statement_text, wechat_csv, WECHAT_HEADER};
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
