//! Reconciliation on real SQLite files with statements going through the
//! real importers.

use super::*;
use crate::progress::Silent;
use crate::statements::{import_bytes, text::china_time};
use crate::store::{Session, Store};

struct Shop {
    _dir: tempfile::TempDir,
    store: Store,
}

const DAY: &str = "2026-11-20";

fn at(time: &str) -> i64 {
    china_time(&format!("{DAY} {time}")).unwrap()
}

impl Shop {
    fn new() -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("shop.db"), Session::new("test")).unwrap();
        Shop { _dir: dir, store }
    }

    /// An order awaiting payment, placed at `time` (China time) on DAY.
    fn order(&mut self, no: &str, nick: &str, fen: i64, time: &str) {
        let placed = at(time);
        self.store
            .write(|w| {
                w.tx.execute(
                    "INSERT OR IGNORE INTO customers(id, name, wechat_nick, created_at, updated_at) VALUES (?1, ?1, ?1, 0, 0)",
                    [nick],
                )?;
                w.tx.execute(
                    "INSERT INTO orders(id, order_no, placed_at, business_day, channel, status, customer_id, subtotal_fen, total_fen, created_at, updated_at)
                     VALUES (?1, ?1, ?2, ?3, 'wechat', 'awaiting_payment', ?4, ?5, ?5, ?2, ?2)",
                    rusqlite::params![no, placed, DAY, nick, fen],
                )?;
                Ok(())
            })
            .unwrap();
    }

    /// The one number `sql` gives.
    fn number(&self, sql: &str) -> i64 {
        self.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn import(&mut self, bytes: &[u8]) -> crate::statements::ImportReport {
        import_bytes(&mut self.store, bytes, "bill.csv", &Silent).unwrap()
    }

    fn reconcile(&mut self) -> ReconcileState {
        run(&mut self.store, &Silent).unwrap();
        state(self.store.conn()).unwrap()
    }

    /// The money invariants of `check` (the test orders carry no lines, so
    /// the stock and line invariants do not apply).
    fn money_adds_up(&self) {
        let report = crate::check::run(self.store.conn()).unwrap();
        let money: Vec<_> = report
            .problems
            .iter()
            .filter(|p| {
                !matches!(
                    p.invariant.as_str(),
                    "order_totals_equal_lines" | "committed_equals_open_orders"
                )
            })
            .collect();
        assert!(money.is_empty(), "{money:?}");
    }

    fn order_state(&self, no: &str) -> (String, i64) {
        self.store
            .conn()
            .query_row(
                "SELECT status, paid_fen FROM orders WHERE order_no = ?1",
                [no],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }
}

/// A WeChat personal bill: (time, type, counterparty, note, 收/支, amount, txn).
fn wechat(rows: &[(&str, &str, &str, &str, &str, &str, &str)]) -> Vec<u8> {
    let mut s = String::from("微信支付账单明细,,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n");
    s.push_str(
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n",
    );
    for (time, kind, party, note, dir, amount, txn) in rows {
        s.push_str(&format!(
            "{DAY} {time},{kind},{party},{note},{dir},¥{amount},零钱,已收钱,{txn}\t,/\t,/\n"
        ));
    }
    s.into_bytes()
}

fn entry<'a>(state: &'a ReconcileState, order_no: &str) -> Vec<&'a state::MatchEntry> {
    state
        .matches
        .iter()
        .filter(|m| m.order_no == order_no)
        .collect()
}

#[test]
fn order_numbers_in_notes_are_certain_whatever_the_typing() {
    let mut shop = Shop::new();
    shop.order("S20261120-0003", "阿花", 3650, "09:00:00");
    shop.order("A001", "老李", 1200, "09:00:00");
    shop.import(&wechat(&[
        (
            "09:30:00",
            "转账",
            "阿花",
            "转账备注:订单号：Ｓ２０２６１１２０－０００３",
            "收入",
            "36.50",
            "T1",
        ),
        (
            "09:31:00",
            "二维码收款",
            "某人",
            "收款方备注:单号 a001",
            "收入",
            "12.00",
            "T2",
        ),
    ]));
    let state = shop.reconcile();
    for (no, txn) in [("S20261120-0003", "T1"), ("A001", "T2")] {
        let m = entry(&state, no);
        assert_eq!(m.len(), 1, "{no}");
        assert_eq!(
            (
                m[0].status.as_str(),
                m[0].rule.as_str(),
                m[0].txn_ids[0].as_str()
            ),
            ("auto", "remark_order_no", txn)
        );
    }
    assert_eq!(shop.order_state("S20261120-0003"), ("paid".into(), 3650));
    assert!(state.unpaid_orders.is_empty() && state.unmatched_payments.is_empty());
    shop.money_adds_up();
}

#[test]
fn a_unique_name_and_amount_confirms_two_equal_orders_only_suggest() {
    let mut shop = Shop::new();
    shop.order("S1", "阿花", 3650, "09:00:00");
    shop.order("S2", "小王", 5000, "09:00:00");
    shop.order("S3", "小王", 5000, "09:10:00");
    shop.import(&wechat(&[
        ("10:00:00", "二维码收款", "阿花", "/", "收入", "36.50", "T1"),
        ("10:05:00", "二维码收款", "小王", "/", "收入", "50.00", "T2"),
    ]));
    let state = shop.reconcile();
    assert_eq!(entry(&state, "S1")[0].status, "auto");
    assert_eq!(entry(&state, "S1")[0].rule, "name_amount_time");
    for no in ["S2", "S3"] {
        assert_eq!(
            entry(&state, no)[0].status,
            "suggested",
            "{no}: two orders fit, a person decides"
        );
    }
    assert_eq!(state.unpaid_orders, ["S2", "S3"]);
    // The merchant confirms one; the other suggestion goes with it.
    confirm(&mut shop.store, "S3", "T2").unwrap();
    let state = state::state(shop.store.conn()).unwrap();
    assert!(entry(&state, "S2").is_empty());
    assert!(entry(&state, "S3")[0].confirmed);
    assert_eq!(shop.order_state("S3"), ("paid".into(), 5000));
    assert_eq!(state.unpaid_orders, ["S2"]);
    shop.money_adds_up();
}

#[test]
fn a_rejected_match_takes_the_money_back_and_stays_rejected() {
    let mut shop = Shop::new();
    shop.order("S1", "阿花", 3650, "09:00:00");
    shop.import(&wechat(&[(
        "10:00:00",
        "二维码收款",
        "阿花",
        "/",
        "收入",
        "36.50",
        "T1",
    )]));
    shop.reconcile();
    assert_eq!(shop.order_state("S1"), ("paid".into(), 3650));
    reject(&mut shop.store, "S1", "T1").unwrap();
    assert_eq!(shop.order_state("S1"), ("awaiting_payment".into(), 0));
    let state = shop.reconcile();
    assert!(entry(&state, "S1").is_empty(), "never proposed again");
    assert_eq!(state.unmatched_payments, ["T1"]);
    ignore(&mut shop.store, "T1", "朋友还钱").unwrap();
    let state = state::state(shop.store.conn()).unwrap();
    assert!(state.unmatched_payments.is_empty());
    assert!(state
        .ignored
        .iter()
        .any(|i| i.txn_id == "T1" && i.reason == "朋友还钱"));
}

#[test]
fn deposits_and_one_payment_for_two_orders_are_suggestions() {
    let mut shop = Shop::new();
    shop.order("S1", "阿花", 10000, "09:00:00");
    shop.order("S2", "老李", 3000, "09:00:00");
    shop.order("S3", "老李", 2000, "09:20:00");
    shop.import(&wechat(&[
        ("09:10:00", "转账", "阿花", "定金", "收入", "30.00", "D1"),
        ("18:10:00", "转账", "阿花", "尾款", "收入", "70.00", "D2"),
        ("10:00:00", "二维码收款", "老李", "/", "收入", "50.00", "L1"),
    ]));
    let state = shop.reconcile();
    let split = entry(&state, "S1");
    assert_eq!(
        (
            split.len(),
            split[0].rule.as_str(),
            split[0].status.as_str()
        ),
        (1, "split_payment", "suggested")
    );
    assert_eq!(split[0].txn_ids.len(), 2);
    for no in ["S2", "S3"] {
        assert_eq!(entry(&state, no)[0].rule, "several_orders");
    }
    confirm(&mut shop.store, "S2", "L1").unwrap();
    confirm(&mut shop.store, "S3", "L1").unwrap();
    assert_eq!(shop.order_state("S2").1 + shop.order_state("S3").1, 5000);
}

#[test]
fn merchant_bills_match_by_order_number_and_link_refunds() {
    let mut shop = Shop::new();
    shop.order("S20240709-0001", "阿花", 3650, "09:00:00");
    let rows = [
        (
            "2026-11-20 09:30:00",
            "4200001",
            "S20240709-0001",
            "SUCCESS",
            "36.50",
        ),
        (
            "2026-11-20 10:30:00",
            "4200009",
            "S20240709-0001",
            "SUCCESS",
            "36.50",
        ),
        (
            "2026-11-21 10:00:00",
            "4200001",
            "S20240709-0001",
            "REFUND",
            "10.00",
        ),
    ];
    let bill = crate::statements::tests::wechat_merchant_bill("ALL", &rows);
    let report = shop.import(bill.as_bytes());
    assert_eq!(
        (report.format.as_str(), report.imported),
        ("wechat_merchant", 3)
    );
    let state = shop.reconcile();
    let m = entry(&state, "S20240709-0001");
    assert_eq!(
        (m[0].rule.as_str(), m[0].status.as_str(), m[0].amount.fen()),
        ("merchant_order_no", "auto", 7300)
    );
    // Paid twice: the second payment shows up as overpaid, with a refund to make.
    assert_eq!(state.overpaid_orders[0].over.fen(), 3650);
    assert_eq!(state.refunds.len(), 1);
    assert_eq!(
        (
            state.refunds[0].txn_id.as_str(),
            state.refunds[0].amount.fen()
        ),
        ("50304200001", 1000)
    );
    assert_eq!(state.fees.fen(), 22 + 22 - 6);
    shop.money_adds_up();
}

#[test]
fn reimporting_adds_nothing_and_reconciling_twice_changes_nothing() {
    let mut shop = Shop::new();
    shop.order("S1", "阿花", 3650, "09:00:00");
    let bill = wechat(&[
        ("10:00:00", "二维码收款", "阿花", "/", "收入", "36.50", "T1"),
        ("11:00:00", "零钱提现", "招商银行", "/", "/", "100.00", "W1"),
        (
            "12:00:00",
            "二维码收款",
            "陌生人",
            "/",
            "收入",
            "8.80",
            "T2",
        ),
    ]);
    assert_eq!(shop.import(&bill).imported, 3);
    let again = shop.import(&bill);
    assert_eq!(
        (again.imported, again.duplicates, again.batch_no),
        (0, 3, None)
    );
    let first = shop.reconcile();
    let second = shop.reconcile();
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&second).unwrap()
    );
    assert_eq!(first.unmatched_payments, ["T2"]);
    assert!(first
        .ignored
        .iter()
        .any(|i| i.txn_id == "W1" && i.reason == "withdrawal"));
}

#[test]
fn a_line_already_there_with_another_amount_is_named_and_the_shop_keeps_its_own() {
    let mut shop = Shop::new();
    let first = [
        ("10:00:00", "二维码收款", "阿花", "/", "收入", "36.50", "T1"),
        ("11:00:00", "二维码收款", "小王", "/", "收入", "8.80", "T2"),
    ];
    assert_eq!(shop.import(&wechat(&first)).differ, 0);
    // The same bill, edited: T2's amount changed and a new line added.
    let mut edited = first.to_vec();
    edited[1].5 = "88.00";
    edited.push(("12:00:00", "二维码收款", "阿强", "/", "收入", "5.00", "T3"));
    let report = shop.import(&wechat(&edited));
    assert_eq!(
        (report.imported, report.duplicates, report.differ),
        (1, 2, 1)
    );
    let d = &report.differing[0];
    assert_eq!(
        (d.line, d.txn_id.as_str(), d.in_shop.fen(), d.in_file.fen()),
        (5, "T2", 880, 8800)
    );
    let kept = shop.number("SELECT amount_fen FROM payments WHERE txn_id = 'T2'");
    assert_eq!(kept, 880);
}

/// A bill longer than one INSERT's worth of lines (64): every line written
/// once, its own line number kept, and the lines already there found in
/// whichever statement they fell.
#[test]
fn a_long_bill_overlapping_one_already_in_is_read_line_by_line() {
    let mut shop = Shop::new();
    let rows: Vec<(String, String, String)> = (0..150)
        .map(|i| {
            let time = format!("{:02}:{:02}:00", 8 + i / 60, i % 60);
            (time, format!("{}.00", i + 1), format!("T{i}"))
        })
        .collect();
    let bill = |rows: &[(String, String, String)]| {
        let lines: Vec<_> = rows
            .iter()
            .map(|(t, a, id)| {
                (
                    t.as_str(),
                    "二维码收款",
                    "阿花",
                    "/",
                    "收入",
                    a.as_str(),
                    id.as_str(),
                )
            })
            .collect();
        wechat(&lines)
    };
    let first = shop.import(&bill(&rows[..100]));
    assert_eq!((first.imported, first.duplicates), (100, 0));
    let mut edited = rows.clone();
    edited[70].1 = "9.99".into();
    let second = shop.import(&bill(&edited));
    assert_eq!(
        (second.imported, second.duplicates, second.differ),
        (50, 100, 1)
    );
    let d = &second.differing[0];
    assert_eq!((d.txn_id.as_str(), d.in_shop.fen()), ("T70", 7100));
    assert_eq!(shop.number("SELECT count(*) FROM payments"), 150);
    let lines = "SELECT count(DISTINCT batch_id || '/' || line_no) FROM payments";
    assert_eq!(shop.number(lines), 150);
    let line_of_t120 = shop.number("SELECT line_no FROM payments WHERE txn_id = 'T120'");
    assert_eq!(line_of_t120, d.line as i64 + 50);
}

#[test]
fn a_bad_file_changes_nothing() {
    let mut shop = Shop::new();
    let mut bill = wechat(&[("10:00:00", "二维码收款", "阿花", "/", "收入", "36.50", "T1")]);
    bill.extend_from_slice(
        format!("{DAY} 10:01:00,二维码收款,阿花,/,收入,¥3x,零钱,已收钱,T2,/,/\n").as_bytes(),
    );
    let err = import_bytes(&mut shop.store, &bill, "bill.csv", &Silent).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bill.csv, line 5, column 6: not an amount in yuan and fen (two decimals at most): \"¥3x\""
    );
    assert!(err.is_bad_input());
    let n: i64 = shop
        .store
        .conn()
        .query_row("SELECT count(*) FROM payments", [], |r| r.get(0))
        .unwrap();
    let b: i64 = shop
        .store
        .conn()
        .query_row("SELECT count(*) FROM statement_batches", [], |r| r.get(0))
        .unwrap();
    assert_eq!((n, b), (0, 0));
}

#[test]
fn the_screen_sees_evidence_reminders_overpayments_and_days() {
    let mut shop = Shop::new();
    shop.order("S1", "小王", 5000, "09:00:00");
    shop.order("S2", "小王", 5000, "09:10:00");
    shop.order("S3", "阿花", 3650, "09:00:00");
    shop.order("A2004", "老李", 1000, "09:00:00");
    shop.import(&wechat(&[
        ("10:05:00", "二维码收款", "小王", "/", "收入", "50.00", "T1"),
        (
            "10:06:00",
            "转账",
            "老李",
            "订单A2004",
            "收入",
            "10.00",
            "T2",
        ),
        ("10:07:00", "转账", "老李", "A2004", "收入", "10.00", "T3"),
    ]));
    shop.reconcile();
    let clock = *shop.store.clock();
    let page = suggestions(shop.store.conn(), &clock, 0, 10).unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(
        (
            page.rows[0].payer.as_str(),
            page.rows[0].rivals,
            page.rows[0].rule.as_str()
        ),
        ("小王", 1, "name_amount_time")
    );
    let due = reminders(shop.store.conn(), &clock, 10).unwrap();
    assert_eq!(
        due.iter()
            .map(|r| (r.customer.as_str(), r.orders.len(), r.due.fen()))
            .collect::<Vec<_>>(),
        [("小王", 2, 10_000), ("阿花", 1, 3650)]
    );
    // A2004 was paid twice: give the second 10 yuan back.
    let over = overpaid(shop.store.conn()).unwrap();
    assert_eq!(
        (
            over[0].order_no.as_str(),
            over[0].over.fen(),
            over[0].txn_ids.len()
        ),
        ("A2004", 1000, 2)
    );
    refund_owed(&mut shop.store, "A2004", Money::from_fen(1000), "多付退还").unwrap();
    assert_eq!(
        shop.order_state("A2004").0,
        "paid",
        "the shop keeps the order's money"
    );
    assert!(refund_owed(&mut shop.store, "A2004", Money::from_fen(1001), "x").is_err());
    shop.money_adds_up();
    let days = by_day(shop.store.conn(), &clock, 30).unwrap();
    assert_eq!(
        (
            days[0].day.as_str(),
            days[0].payments,
            days[0].money_in.fen()
        ),
        (DAY, 3, 7000)
    );
}

#[test]
fn an_order_is_made_from_money_that_came_without_one() {
    let mut shop = Shop::new();
    crate::testing::one_product(shop.store.conn(), "TAO-5", 3650);
    shop.import(&wechat(&[(
        "10:00:00",
        "转账",
        "老顾客",
        "两箱桃",
        "收入",
        "73.00",
        "T9",
    )]));
    let state = shop.reconcile();
    assert_eq!(state.unmatched_payments, ["T9"]);
    let line = crate::orders::NewLine {
        sku: "TAO-5".into(),
        qty: 2,
        ..Default::default()
    };
    let order_no = order_from_payment(&mut shop.store, "T9", vec![line.clone()]).unwrap();
    assert_eq!(shop.order_state(&order_no), ("paid".into(), 7300));
    let state = state::state(shop.store.conn()).unwrap();
    assert!(state.unmatched_payments.is_empty());
    assert_eq!(entry(&state, &order_no)[0].rule, "manual");
    assert!(
        order_from_payment(&mut shop.store, "T9", vec![line]).is_err(),
        "once only"
    );
    assert!(crate::check::run(shop.store.conn()).unwrap().ok);
}

/// An Alipay refund numbered `<payment>_<date>` gives the customer back the
/// money that paid an order, whatever its 收/支 says: it is linked to that
/// order, as money going out. The payment may be in an earlier file.
#[test]
fn an_alipay_refund_numbered_after_its_payment_returns_that_orders_money() {
    let mut shop = Shop::new();
    shop.order("S20261121-0001", "王阿姨", 3650, "08:00:00");
    let header = "支付宝交易记录明细查询\n---------------------------------交易记录明细列表------------------------------------\n\
                  交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n";
    let paid = format!("{header}2026112200010002,,{DAY} 09:00:00,{DAY} 09:00:00,{DAY} 09:00:00,支付宝网站,收钱码收款,王阿姨,收钱码收款,36.50,收入,交易成功,0.00,0.00,S20261121-0001,已收入,\n");
    shop.import(paid.as_bytes());
    let state = shop.reconcile();
    assert_eq!(entry(&state, "S20261121-0001")[0].amount.fen(), 3650);
    let refunded = format!("{header}2026112200010002_20261121,,{DAY} 18:00:00,{DAY} 18:00:00,{DAY} 18:00:00,支付宝网站,即时到账交易,王阿姨,退款-收钱码收款,36.50,收入,退款成功,0.00,0.00,,已支出,\n");
    shop.import(refunded.as_bytes());
    let direction: String = shop
        .store
        .conn()
        .query_row(
            "SELECT direction FROM payments WHERE txn_id = '2026112200010002_20261121'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(direction, "out", "money back to the customer");
    let state = shop.reconcile();
    assert_eq!(state.refunds.len(), 1, "{:?}", state.refunds);
    assert_eq!(
        (
            state.refunds[0].order_no.as_str(),
            state.refunds[0].amount.fen()
        ),
        ("S20261121-0001", 3650)
    );
    shop.money_adds_up();
}
