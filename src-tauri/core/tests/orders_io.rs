//! Order files in and out, on real SQLite files: the Storefront order CSV,
//! a Pinduoduo export, and bad files refused whole with their line, column
//! and a reason the window words.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

#[path = "support/shop_files.rs"]
mod shop_files;

use shop_files::{count, stocked_shop, ORDERS};
use storefront_core::io::{orders as order_io, Layout};
use storefront_core::progress::Silent;
use storefront_core::table::Why;
use storefront_core::{check, CoreError, Store};

#[test]
fn the_storefront_order_csv_links_people_and_reads_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = stocked_shop(dir.path(), "a.db");
    let report = order_io::import(&mut a, ORDERS.as_bytes(), "orders.csv", &Silent).unwrap();
    assert_eq!(
        (report.format.as_str(), report.orders, report.lines),
        ("storefront", 3, 4)
    );
    let (total, leader, customer): (i64, String, String) = a
        .conn()
        .query_row(
            "SELECT o.total_fen, o.leader_id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE order_no = 'A001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (total, leader.as_str(), customer.as_str()),
        (2 * 3990 + 5900, "L1", "王阿姨")
    );
    assert_eq!(count(&a, "SELECT committed FROM stock_levels s JOIN variants v ON v.id = s.variant_id WHERE v.sku = 'TAO-5'"), 3);
    assert!(check::run(a.conn()).unwrap().ok);

    let first = dir.path().join("o1.xlsx");
    order_io::export(a.conn(), a.clock(), &first, &[], Layout::Codes).unwrap();
    let mut b = stocked_shop(dir.path(), "b.db");
    order_io::import(&mut b, &std::fs::read(&first).unwrap(), "o1.xlsx", &Silent).unwrap();
    let (one, two) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    order_io::export(a.conn(), a.clock(), &one, &[], Layout::Codes).unwrap();
    order_io::export(b.conn(), b.clock(), &two, &[], Layout::Codes).unwrap();
    let text = std::fs::read_to_string(&one).unwrap();
    assert_eq!(text, std::fs::read_to_string(&two).unwrap());
    assert!(text.contains("\"老客, 便宜点\""), "{text}");
    // And the CSV export reads back too.
    let mut c = stocked_shop(dir.path(), "c.db");
    order_io::import(&mut c, text.as_bytes(), "a.csv", &Silent).unwrap();
    assert_eq!(count(&c, "SELECT count(*) FROM orders"), 3);

    // The app's Chinese export: Chinese headers and words, the same orders.
    let zh = dir.path().join("zh.csv");
    order_io::export(a.conn(), a.clock(), &zh, &[], Layout::Chinese).unwrap();
    let zh_text = std::fs::read_to_string(&zh).unwrap();
    assert!(
        zh_text.starts_with("\u{feff}单号,下单时间,渠道")
            || zh_text.starts_with("单号,下单时间,渠道"),
        "{zh_text}"
    );
    assert!(
        zh_text.contains(",待付款,") && zh_text.contains(",微信,"),
        "{zh_text}"
    );
    assert!(!zh_text.contains("awaiting_payment"), "{zh_text}");
    let mut d = stocked_shop(dir.path(), "d.db");
    order_io::import(&mut d, zh_text.as_bytes(), "zh.csv", &Silent).unwrap();
    let back = dir.path().join("d.csv");
    order_io::export(d.conn(), d.clock(), &back, &[], Layout::Codes).unwrap();
    assert_eq!(
        std::fs::read_to_string(&back).unwrap(),
        text,
        "reads back as the same orders"
    );
}

/// A sheet with a title row above its header and a totals row below its
/// orders reads as without them (was "not an order file").
#[test]
fn an_order_sheet_with_a_title_row_imports_as_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = stocked_shop(dir.path(), "a.db");
    let titled = format!("订单导出 2026-11-20,,\n{ORDERS}合计,,,,,,5,,,,,,\n");
    let report = order_io::import(&mut store, titled.as_bytes(), "o.csv", &Silent).unwrap();
    assert_eq!((report.orders, report.lines), (3, 4));
    assert!(check::run(store.conn()).unwrap().ok);
}

fn refused(bad: &str) -> (Option<usize>, Option<usize>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = stocked_shop(dir.path(), "a.db");
    order_io::import(&mut store, "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark\nA000,2026-11-19 08:00:00,wechat,甲,,TAO-5,1,39.90,\n".as_bytes(), "ok.csv", &Silent).unwrap();
    let before = count(&store, "SELECT count(*) FROM orders")
        + count(&store, "SELECT count(*) FROM customers");
    let err = order_io::import(&mut store, bad.as_bytes(), "bad.csv", &Silent).unwrap_err();
    let after = count(&store, "SELECT count(*) FROM orders")
        + count(&store, "SELECT count(*) FROM customers");
    assert_eq!(before, after, "the shop is unchanged");
    match err {
        CoreError::BadFile {
            line,
            column,
            message,
            ..
        } => (line, column, message),
        other => panic!("{other}"),
    }
}

#[test]
fn a_bad_order_file_is_refused_whole_with_line_and_column() {
    let at = |line: usize, new: &str, old: &str| {
        let lines: Vec<String> = ORDERS
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i + 1 == line {
                    l.replacen(old, new, 1)
                } else {
                    l.to_string()
                }
            })
            .collect();
        refused(&lines.join("\n"))
    };
    let (line, column, message) = at(3, "NOPE-1", "TEE-R-M");
    assert_eq!((line, column), (Some(3), Some(6)), "{message}");
    assert!(message.contains("NOPE-1"));
    assert_eq!(
        at(4, "2026-13-40 10:00:00", "2026-11-20 10:00:00").1,
        Some(2)
    );
    assert_eq!(at(2, ",-2,", ",2,").1, Some(7), "a negative quantity");
    assert_eq!(at(4, "七十", "70.00").1, Some(8), "a malformed price");
    assert_eq!(at(4, "telegram", "solitaire").1, Some(3));
    assert_eq!(at(4, "没这人", "小美").1, Some(10), "an unknown referrer");
    assert_eq!(
        at(3, "王大妈", "王阿姨").1,
        Some(4),
        "rows of one order disagree"
    );
    assert_eq!(at(5, "A000", "A003").0, Some(5), "a duplicate order number");
}

#[test]
fn a_pinduoduo_export_imports_with_statuses_and_refunds() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = stocked_shop(dir.path(), "a.db");
    let pdd = "订单号,订单状态,售后状态,商品,商品id,样式ID,商品规格,商品数量(件),商品总价(元),店铺优惠折扣(元),平台优惠折扣(元),用户实付金额(元),商家实收金额(元),订单成交时间,发货时间,确认收货时间,快递单号,快递公司
261120-001,待发货,无售后或售后取消,【产地直发】阳山水蜜桃 新鲜现摘,88001,99001,10斤装,1,75.00,5.00,3.00,67.00,70.00,2026-11-20 12:00:00,,,,
261120-002,已签收,无售后或售后取消,阳山水蜜桃,88001,99000,5斤装,3,119.70,0,0,119.70,119.70,2026-11-19 08:00:00,2026-11-19 18:00:00,2026-11-20 10:00:00,YT123,圆通
261120-003,已发货，待收货,退款成功,文化衫,88002,99002,红 M,1,59.00,0,0,59.00,59.00,2026-11-19 09:00:00,2026-11-19 19:00:00,,YT124,圆通
";
    let report = order_io::import(&mut store, pdd.as_bytes(), "pdd.csv", &Silent).unwrap();
    assert_eq!((report.format.as_str(), report.orders), ("pinduoduo", 3));
    let state = |no: &str| -> (String, i64, i64) {
        store
            .conn()
            .query_row(
                "SELECT status, total_fen, refunded_fen FROM orders WHERE order_no = ?1",
                [no],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    assert_eq!(
        state("261120-001"),
        ("paid".into(), 7000, 0),
        "the shop's discount is in the order, the platform's is not"
    );
    assert_eq!(state("261120-002"), ("completed".into(), 11970, 0));
    assert_eq!(state("261120-003"), ("refunded".into(), 5900, 5900));
    assert_eq!(count(&store, "SELECT sum(qty) FROM stock_movements m JOIN variants v ON v.id = m.variant_id WHERE v.sku = 'TAO-5' AND reason = 'sale'"), -3);
    assert!(check::run(store.conn()).unwrap().ok);
}

const DELIVERED: &str = "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark,referrer,leader,pickup_point,campaign,status,discount,line_discount,refunded,delivery,arrives_on,carrier,tracking_no\n\
K001,2026-11-19 08:00:00,wechat,远方客人,13800000001,TAO-5,1,39.90,,,,,,fulfilled,,,,,,顺丰速运,SF1234567890\n\
K002,2026-11-19 09:00:00,wechat,楼下邻居,,TAO-5,2,39.90,,,,,,paid,,,,送货,2026-11-21,,\n";

#[test]
fn an_orders_delivery_arrival_day_and_parcel_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = stocked_shop(dir.path(), "a.db");
    order_io::import(&mut a, DELIVERED.as_bytes(), "k.csv", &Silent).unwrap();
    let row = |no: &str| -> (String, Option<String>, Option<String>) {
        a.conn()
            .query_row(
                "SELECT o.delivery, o.arrives_on, p.carrier || ' ' || p.tracking_no FROM orders o
                 LEFT JOIN parcels p ON p.order_id = o.id WHERE o.order_no = ?1",
                [no],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    assert_eq!(
        row("K001"),
        ("courier".into(), None, Some("顺丰 SF1234567890".into()))
    );
    assert_eq!(
        row("K002"),
        ("delivery".into(), Some("2026-11-21".into()), None)
    );
    assert!(check::run(a.conn()).unwrap().ok);
    let (one, two) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    order_io::export(a.conn(), a.clock(), &one, &[], Layout::Chinese).unwrap();
    let mut b = stocked_shop(dir.path(), "b.db");
    order_io::import(&mut b, &std::fs::read(&one).unwrap(), "a.csv", &Silent).unwrap();
    order_io::export(b.conn(), b.clock(), &two, &[], Layout::Chinese).unwrap();
    let text = std::fs::read_to_string(&one).unwrap();
    assert!(
        text.contains(",快递,,顺丰,SF1234567890") && text.contains(",送货,2026-11-21,,"),
        "{text}"
    );
    assert_eq!(text, std::fs::read_to_string(&two).unwrap());
    // A parcel on an order still to send is refused on its line.
    let unsent = DELIVERED.replace("fulfilled", "paid").replace("K00", "M00");
    let (line, _, message) = refused(&unsent);
    assert_eq!(line, Some(2), "{message}");
}

#[test]
fn an_order_file_cut_inside_its_last_line_is_refused_not_read_short() {
    // As an interrupted copy leaves it: the last price reads "3", not 39.90.
    let end = ORDERS.find("TAO-5,1,39.90,,,,,").unwrap() + "TAO-5,1,3".len();
    let (line, column, message) = refused(&ORDERS[..end]);
    assert_eq!((line, column), (Some(5), Some(8)), "{message}");
    assert!(message.contains("cut short"), "{message}");
}

/// Why `text` is refused as an order file.
fn order_why(store: &mut Store, text: &str) -> Option<Why> {
    match order_io::import(store, text.as_bytes(), "bad.csv", &Silent) {
        Err(CoreError::BadFile { why, .. }) => why.map(|w| *w),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_order_files_reasons_are_codes_the_window_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = stocked_shop(dir.path(), "a.db");
    let why = order_why;
    let cell = |s: &str| s.to_string();
    assert_eq!(
        why(&mut store, &ORDERS.replacen("TEE-R-M", "NOPE-1", 1)),
        Some(Why::UnknownProduct {
            product: cell("SKU NOPE-1")
        })
    );
    assert_eq!(
        why(
            &mut store,
            &ORDERS.replacen("2026-11-20 10:00:00", "2026-13-40 10:00:00", 1)
        ),
        Some(Why::NotATime {
            cell: cell("2026-13-40 10:00:00")
        })
    );
    assert_eq!(
        why(&mut store, &ORDERS.replacen("70.00", "七十", 1)),
        Some(Why::NotAnAmount {
            cell: cell("七十")
        })
    );
    assert_eq!(
        why(
            &mut store,
            &ORDERS.replacen(
                "王阿姨,13800000001,TEE-R-M",
                "王大妈,13800000001,TEE-R-M",
                1
            )
        ),
        Some(Why::DiffersFromLine {
            line: 2,
            order: cell("A001")
        })
    );
    for (old, new, expected) in [
        (
            "solitaire",
            "抖音",
            Why::NotAChannel {
                cell: "抖音".into(),
            },
        ),
        (
            "TAO-5,1,39.90,,,,,",
            "TAO-5,0,39.90,,,,,",
            Why::QtyOutOfRange {
                max: "99999".into(),
            },
        ),
        ("A003,", ",", Why::NoOrderNumber),
        ("TAO-5,1,39.90,,,,,", ",1,39.90,,,,,", Why::NoSku),
    ] {
        assert_eq!(
            why(&mut store, &ORDERS.replacen(old, new, 1)),
            Some(expected),
            "{new}"
        );
    }
    assert!(matches!(
        why(&mut store, "货号,数量\nTAO-5,1\n"),
        Some(Why::NotAnOrderFile { needs }) if needs.starts_with("order_no,")
    ));
    order_io::import(&mut store, ORDERS.as_bytes(), "orders.csv", &Silent).unwrap();
    assert_eq!(
        why(&mut store, ORDERS),
        Some(Why::OrderExists {
            order: cell("A001")
        })
    );
}

#[test]
fn an_order_files_unknown_people_and_unsure_customers_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = stocked_shop(dir.path(), "a.db");
    let name = |s: &str| s.to_string();
    for (old, new, expected) in [
        (
            "小美",
            "没这人",
            Why::NoSuchReferrer {
                name: name("没这人"),
            },
        ),
        (
            "张团长",
            "赵团长",
            Why::NoSuchLeader {
                name: name("赵团长"),
            },
        ),
        (
            "阳光小区3栋",
            "月亮湾",
            Why::NoSuchPickupPoint {
                name: name("月亮湾"),
            },
        ),
        (
            "双十一",
            "双十二",
            Why::NoSuchCampaign {
                name: name("双十二"),
            },
        ),
    ] {
        assert_eq!(
            order_why(&mut store, &ORDERS.replace(old, new)),
            Some(expected)
        );
    }
    // Two customers called 周姐: a line without a phone is asked about.
    store
        .conn()
        .execute_batch(
            "INSERT INTO customers(id, name, wechat_nick, phone, pinyin, created_at, updated_at) VALUES
               ('z1', '周姐', '', '13900000002', 'zj zhoujie', 0, 0),
               ('z2', '周姐', '', '13900000003', 'zj zhoujie', 0, 0);",
        )
        .unwrap();
    let header = ORDERS.lines().next().unwrap();
    let unsure = format!("{header}\nB002,2026-11-22 10:00:00,wechat,周姐,,TAO-5,1,39.90,,,,,\n");
    assert_eq!(
        order_why(&mut store, &unsure),
        Some(Why::AmbiguousCustomer {
            name: name("周姐"),
            candidates: name("周姐 …0002、周姐 …0003")
        })
    );
}

/// One customer's phone written four ways in one file (and a later file
/// giving it plain): one customer, kept by the digits. Each used to make a
/// customer of its own, their orders split between them.
#[test]
fn a_phone_written_with_spaces_dashes_or_the_country_code_is_one_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = stocked_shop(dir.path(), "a.db");
    let header = "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark\n";
    let rows = [
        "P1,2026-11-20 09:00,wechat,测试甲,139 0000 0001,TAO-5,1,39.90,",
        "P2,2026-11-20 09:01,wechat,测试甲,+86 139-0000-0001,TAO-5,1,39.90,",
        "P3,2026-11-20 09:02,wechat,测试甲,１３９００００００01,TAO-5,1,39.90,",
        "P4,2026-11-20 09:03,wechat,测试甲,(139) 0000-0001,TAO-5,1,39.90,",
    ];
    let file = format!("{header}{}\n", rows.join("\n"));
    order_io::import(&mut shop, file.as_bytes(), "o.csv", &Silent).unwrap();
    let later = format!("{header}P5,2026-11-21 09:00,wechat,测试甲,13900000001,TAO-5,1,39.90,\n");
    order_io::import(&mut shop, later.as_bytes(), "o2.csv", &Silent).unwrap();
    let phones: Vec<String> = shop
        .conn()
        .prepare("SELECT DISTINCT c.phone FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.order_no LIKE 'P%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(phones, ["13900000001"]);
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM customers WHERE name = '测试甲'"
        ),
        1
    );
}
