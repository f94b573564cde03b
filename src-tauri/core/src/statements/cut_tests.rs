//! Bills damaged on their way to the shop, refused with the line: cut short
//! as an interrupted download or copy leaves them (every real CSV sample cut
//! at every byte of its last lines and at points throughout: refused, or
//! read as the whole bill's first lines), saved again by Excel, edited, or
//! two pasted into one file.

use super::tests::{fixture, read, DEB, DHR};
use super::*;
use crate::table::Why;

/// Every real CSV statement.
const REAL_CSVS: [&str; 7] = [
    "dhr2333_Beancount-Trans-Backend/alipay_full_test_utf8.csv",
    "dhr2333_Beancount-Trans-Backend/alipay_single_test_gbk.csv",
    "dhr2333_Beancount-Trans-Backend/wechat_full_test.csv",
    "deb-sig_double-entry-generator/alipay/example-alipay-records.csv",
    "deb-sig_double-entry-generator/alipay/example-alipay-records_app-2021-format.csv",
    "deb-sig_double-entry-generator/alipay/example-alipay-records_web-2019-format.csv",
    "deb-sig_double-entry-generator/wechat/example-wechat-records_2019.csv",
];

#[test]
fn a_bill_saved_again_by_excel_with_its_ids_turned_into_numbers_is_refused() {
    // Every id of 28 digits reads 4.20000E+27 once Excel shortens it: the
    // payments would be taken for one another.
    let bytes = fixture(&format!("{DEB}/wechat/example-wechat-records.csv"));
    let text = String::from_utf8(bytes).unwrap();
    let saved = text.replacen("4200002168202406076349888061\t", "4.20000E+27", 1);
    assert_ne!(saved, text);
    let err = parse(saved.as_bytes(), &[]).unwrap_err();
    assert_eq!(
        err.why,
        Some(Why::ExcelId {
            cell: "4.20000E+27".into()
        })
    );
    assert!(err.line.is_some(), "{err:?}");
}

#[test]
fn a_bill_cut_inside_its_last_line_is_refused_naming_the_line() {
    // Two thirds of the bytes end inside line 41's 交易单号: it read as
    // `420000146120220522`, and the whole bill later added the payment again.
    let bytes = fixture(&format!("{DHR}/wechat_full_test.csv"));
    let err = parse(&bytes[..bytes.len() * 2 / 3], &[]).unwrap_err();
    assert_eq!(
        (err.line, err.column),
        (Some(41), Some(9)),
        "{}",
        err.message
    );
    assert!(err.message.contains("cut short"), "{}", err.message);
    // Two of the real bills end without a line break, and are whole.
    for rel in [
        format!("{DHR}/alipay_single_test_gbk.csv"),
        format!("{DEB}/wechat/example-wechat-records_2019.csv"),
    ] {
        let bytes = fixture(&rel);
        assert!(!bytes.ends_with(b"\n"), "{rel}");
        assert!(!read(&bytes).lines.is_empty(), "{rel}");
    }
}

/// What a line says about money: everything but its remark, whose last
/// cell a cut can shorten undetectably (it changes no amount or match).
type Said = (
    String,
    String,
    Direction,
    Kind,
    Money,
    Money,
    String,
    String,
    i64,
    bool,
);

fn said(l: &StatementLine) -> Said {
    let l = l.clone();
    let at = l.occurred_at;
    (
        l.txn_id,
        l.merchant_order_no,
        l.direction,
        l.kind,
        l.amount,
        l.fee,
        l.counterparty,
        l.status,
        at,
        l.settled,
    )
}

/// Where 1-based `line` starts.
fn line_start(bytes: &[u8], line: usize) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(line - 2)
        .map_or(0, |(i, _)| i + 1)
}

#[test]
fn a_real_bill_cut_anywhere_is_refused_or_reads_as_the_whole_bills_lines() {
    for rel in REAL_CSVS {
        let bytes = fixture(rel);
        let whole: std::collections::HashMap<usize, Said> = read(&bytes)
            .lines
            .iter()
            .map(|l| (l.line, said(l)))
            .collect();
        let first = whole.keys().min().copied().unwrap_or(1);
        let first_line_at = line_start(&bytes, first);
        // Every byte of the last lines, and cuts spread over the rest.
        let tail = bytes.len().saturating_sub(1500);
        let step = (bytes.len() / 300).max(1);
        for k in (1..bytes.len()).filter(|k| k % step == 0 || *k >= tail) {
            let cut = match parse(&bytes[..k], &[]) {
                Ok(cut) => cut,
                // Past the first line of money, the reason is the cut.
                Err(e) if k > first_line_at => {
                    assert!(
                        matches!(e.why, Some(Why::CutShort | Why::QuoteNeverClosed)),
                        "{rel} cut after byte {k}: {e:?}"
                    );
                    continue;
                }
                Err(_) => continue,
            };
            for l in &cut.lines {
                assert_eq!(
                    whole.get(&l.line),
                    Some(&said(l)),
                    "{rel} cut after byte {k}: line {}",
                    l.line
                );
            }
        }
    }
}

#[test]
fn an_income_with_a_minus_amount_is_refused_as_an_edited_bill() {
    let bytes = fixture(&format!("{DHR}/alipay_full_test_utf8.csv"));
    let text = String::from_utf8(bytes).unwrap();
    let edited = text.replacen(",收入,6000.00,", ",收入,-6000.00,", 1);
    assert_ne!(edited, text);
    let err = parse(edited.as_bytes(), &[]).unwrap_err();
    assert_eq!(err.line, Some(46));
    assert_eq!(
        err.why,
        Some(crate::table::Why::MinusIncome {
            amount: "-6000.00".into()
        })
    );
}

#[test]
fn two_bills_pasted_into_one_file_are_refused_not_read_as_the_first() {
    // Each parser stops where its bill ends: the second bill was dropped
    // without a word.
    let bill = String::from_utf8(fixture(&format!("{DHR}/alipay_full_test_utf8.csv"))).unwrap();
    let twice = format!("{bill}{bill}");
    let err = parse(twice.as_bytes(), &[]).unwrap_err();
    let header = bill
        .lines()
        .position(|l| l.starts_with("交易时间"))
        .unwrap()
        + 1;
    let lines = bill.lines().count();
    assert_eq!(err.line, Some(lines + header), "{err:?}");
    assert_eq!(
        err.why,
        Some(crate::table::Why::SecondBill {
            first: header as u32
        })
    );
}
