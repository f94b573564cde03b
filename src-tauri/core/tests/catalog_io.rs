//! Product and order files in and out, on real SQLite files: Shopify CSVs,
//! the Storefront order CSV, a Pinduoduo export, round trips through CSV
//! and XLSX, and bad files refused whole with their line and column.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use std::path::Path;

use storefront_core::io::{orders as order_io, products, Layout};
use storefront_core::progress::Silent;
use storefront_core::table::Why;
use storefront_core::{check, CoreError, Session, Store};

const SHOPIFY: &str = "\u{feff}Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Variant Compare At Price,Variant Barcode,Image Src,Cost per item,Status\r
yangshan-peach,阳山水蜜桃,<p>当季现摘</p>,果园直供,生鲜水果,\"水果, 当季\",TRUE,重量,5斤装,,,TAO-5,2500,30,39.90,49.90,6901234567001,https://cdn.example/peach.jpg,22.50,active\r
yangshan-peach,,,,,,,,10斤装,,,TAO-10,5000,12,75.00,,6901234567002,,41.00,\r
yangshan-peach,,,,,,,,,,,,,,,,,https://cdn.example/peach-2.jpg,,\r
tee,文化衫,,,周边,,TRUE,颜色,红,尺码,M,TEE-R-M,200,5,59.00,,,,20.00,active\r
tee,,,,,,,,红,,L,TEE-R-L,200,0,59.00,,,,20.00,\r
gift-card,礼品卡,,,,,TRUE,Title,Default Title,,,,0,,100.00,,,,,draft\r
";

fn shop(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name), Session::new("test")).unwrap()
}

fn import_products(
    store: &mut Store,
    text: &[u8],
) -> storefront_core::Result<products::ProductImport> {
    products::import(store, text, "products.csv", &Silent)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_shopify_csv_becomes_products_variants_and_stock() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "a.db");
    let report = import_products(&mut store, SHOPIFY.as_bytes()).unwrap();
    assert_eq!(
        (
            report.products_created,
            report.variants_created,
            report.variants_updated
        ),
        (3, 5, 0)
    );
    assert_eq!(report.stock_moved, 3, "30 + 12 + 5 on the shelf");
    let (name, options, price, cost, barcode): (String, String, i64, i64, String) = store
        .conn()
        .query_row(
            "SELECT p.name, v.options, v.price_fen, v.cost_fen, v.barcode FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = 'TAO-10'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (
            name.as_str(),
            options.as_str(),
            price,
            cost,
            barcode.as_str()
        ),
        ("阳山水蜜桃", "10斤装", 7500, 4100, "6901234567002")
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM variants WHERE options = '红 / L'"
        ),
        1
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM variants WHERE sku = 'gift-card'"
        ),
        1,
        "a variant without SKU gets a stable one"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM products WHERE pinyin LIKE '%yssmt%'"
        ),
        1,
        "searchable by pinyin initials"
    );

    // The same file again changes nothing; a new price keeps the old one in history.
    let again = import_products(&mut store, SHOPIFY.as_bytes()).unwrap();
    assert_eq!(
        (
            again.variants_created,
            again.variants_updated,
            again.variants_unchanged,
            again.stock_moved
        ),
        (0, 0, 5, 0),
        "nothing to update is said as such"
    );
    let cheaper = SHOPIFY.replace(",39.90,49.90,", ",35.00,49.90,");
    import_products(&mut store, cheaper.as_bytes()).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM price_history h JOIN variants v ON v.id = h.variant_id WHERE v.sku = 'TAO-5'"), 2);
    assert!(check::run(store.conn()).unwrap().ok);
}

#[test]
fn any_subset_of_columns_and_chinese_headers_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "a.db");
    import_products(
        &mut store,
        "Variant SKU,Title,Variant Price\nA-1,苹果,5\n".as_bytes(),
    )
    .unwrap();
    import_products(&mut store, "SKU,售价\nA-1,6.50\n".as_bytes()).unwrap();
    import_products(
        &mut store,
        "商品名称,规格,商品编码,售价,成本,库存,商品角色\n香蕉,1kg,XJ-1,12.8,6,40,引流款\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        count(&store, "SELECT price_fen FROM variants WHERE sku = 'A-1'"),
        650
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM products WHERE role = 'traffic'"
        ),
        1
    );
}

#[test]
fn a_bad_product_file_is_refused_whole_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "a.db");
    let bad = SHOPIFY.replace(",75.00,", ",75.0x,");
    let err = import_products(&mut store, bad.as_bytes()).unwrap_err();
    match &err {
        CoreError::BadFile {
            line,
            column,
            message,
            ..
        } => {
            assert_eq!((*line, *column), (Some(3), Some(15)), "{message}");
            assert!(message.contains("75.0x"), "{message}");
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        count(&store, "SELECT count(*) FROM products"),
        0,
        "nothing written"
    );
    let preview = products::preview(
        store.conn(),
        "Variant SKU,Title,Variant Price\nA,甲,-1\nB,乙,2\nB,丙,3\n".as_bytes(),
    )
    .unwrap();
    let places: Vec<_> = preview
        .problems
        .errors
        .iter()
        .map(|e| (e.line, e.column))
        .collect();
    assert_eq!(
        places,
        [(Some(2), Some(3)), (Some(4), Some(1))],
        "the preview lists every problem"
    );
    // Each with a reason the window words in the merchant's language.
    let preview = products::preview(
        store.conn(),
        "商品名称,商品编码,售价,条码,计价单位,商品角色\n荔枝,LZ-1,55,6.90123E+12,件,引流款\n龙眼,LY-1,30,,吨,\n桂圆,GY-1,3,,件,爆款\n".as_bytes(),
    )
    .unwrap();
    let whys: Vec<_> = preview
        .problems
        .errors
        .iter()
        .map(|e| e.why.clone())
        .collect();
    let cell = |s: &str| s.to_string();
    assert_eq!(
        whys,
        [
            Some(Why::ExcelBarcode {
                cell: cell("6.90123E+12")
            }),
            Some(Why::NotAUnit { cell: cell("吨") }),
            Some(Why::NotARole {
                cell: cell("爆款")
            }),
        ]
    );
}

#[test]
fn products_export_and_read_back_unchanged_as_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = shop(dir.path(), "a.db");
    import_products(&mut a, SHOPIFY.as_bytes()).unwrap();
    for ext in ["csv", "xlsx"] {
        let first = dir.path().join(format!("p1.{ext}"));
        products::export(a.conn(), &first, Layout::Codes).unwrap();
        let mut b = shop(dir.path(), &format!("b-{ext}.db"));
        products::import(&mut b, &std::fs::read(&first).unwrap(), "p1", &Silent).unwrap();
        let (one, two) = (
            dir.path().join(format!("a-{ext}.csv")),
            dir.path().join(format!("b-{ext}.csv")),
        );
        products::export(a.conn(), &one, Layout::Codes).unwrap();
        products::export(b.conn(), &two, Layout::Codes).unwrap();
        assert_eq!(
            std::fs::read_to_string(&one).unwrap(),
            std::fs::read_to_string(&two).unwrap(),
            "{ext}"
        );
    }
    // In Chinese: Chinese column names and words, the same catalogue back.
    let zh = dir.path().join("zh.csv");
    products::export(a.conn(), &zh, Layout::Chinese).unwrap();
    let text = std::fs::read_to_string(&zh).unwrap();
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("商品链接名,商品名称,商品描述"),
        "{text}"
    );
    assert!(
        text.contains(",上架,") && !text.contains("active"),
        "{text}"
    );
    let mut c = shop(dir.path(), "c-zh.db");
    products::import(&mut c, text.as_bytes(), "zh.csv", &Silent).unwrap();
    let (one, back) = (dir.path().join("a-zh.csv"), dir.path().join("c-zh.csv"));
    products::export(a.conn(), &one, Layout::Codes).unwrap();
    products::export(c.conn(), &back, Layout::Codes).unwrap();
    assert_eq!(
        std::fs::read_to_string(&one).unwrap(),
        std::fs::read_to_string(&back).unwrap(),
        "the Chinese export reads back as the same catalogue"
    );
}

const LINKS: &str = "INSERT INTO leaders(id, name, created_at) VALUES ('L1', '张团长', 0);
    INSERT INTO pickup_points(id, leader_id, name, created_at) VALUES ('P1', 'L1', '阳光小区3栋', 0);
    INSERT INTO distributors(id, name, level, created_at) VALUES ('D1', '小美', 1, 0);
    INSERT INTO campaigns(id, name, kind, starts_at, ends_at, created_at) VALUES ('K1', '双十一', 'flash', 0, 1, 0);";

const ORDERS: &str = "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark,referrer,leader,pickup_point,campaign
A001,2026-11-20 09:30:00,wechat,王阿姨,13800000001,TAO-5,2,39.90,明早送,,张团长,阳光小区3栋,
A001,2026-11-20 09:30:00,wechat,王阿姨,13800000001,TEE-R-M,1,59.00,明早送,,张团长,阳光小区3栋,
A002,2026-11-20 10:00:00,solitaire,李姐,,TAO-10,1,70.00,\"老客, 便宜点\",小美,,,双十一
A003,2026/11/21 8:05,offline,,,TAO-5,1,39.90,,,,,
";

fn stocked_shop(dir: &Path, name: &str) -> Store {
    let mut store = shop(dir, name);
    import_products(&mut store, SHOPIFY.as_bytes()).unwrap();
    store.conn().execute_batch(LINKS).unwrap();
    store
}

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

#[test]
fn an_order_files_reasons_are_codes_the_window_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = stocked_shop(dir.path(), "a.db");
    let why = |store: &mut Store, text: &str| match order_io::import(
        store,
        text.as_bytes(),
        "bad.csv",
        &Silent,
    ) {
        Err(CoreError::BadFile { why, .. }) => why.map(|w| *w),
        other => panic!("{other:?}"),
    };
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
    order_io::import(&mut store, ORDERS.as_bytes(), "orders.csv", &Silent).unwrap();
    assert_eq!(
        why(&mut store, ORDERS),
        Some(Why::OrderExists {
            order: cell("A001")
        })
    );
}

#[test]
fn a_product_sheet_as_excel_saves_it_on_a_mac_or_as_unicode_text_reads() {
    // Excel for Mac ends each line of a CSV with a lone CR (it was read as
    // one line, "only a header"); its "Unicode text" is UTF-16 separated by
    // TABs (it was "neither UTF-8 nor GBK").
    let sheet = "商品名称,商品编码,售价,库存\r荔枝,LZ-1,55,10\r龙眼,LY-1,30,5\r";
    let mut unicode_text = vec![0xFF, 0xFE];
    unicode_text.extend(
        sheet
            .replace(',', "\t")
            .replace('\r', "\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    for bytes in [sheet.as_bytes(), &unicode_text] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(dir.path(), "a.db");
        let report = import_products(&mut store, bytes).unwrap();
        assert_eq!((report.products_created, report.variants_created), (2, 2));
    }
}
