//! Product files in and out, on real SQLite files: Shopify CSVs, round
//! trips through CSV and XLSX, and bad files refused whole with their line
//! and column.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

#[path = "support/shop_files.rs"]
mod shop_files;

use shop_files::{count, import_products, shop, SHOPIFY};
use storefront_core::io::{products, Layout};
use storefront_core::progress::Silent;
use storefront_core::table::Why;
use storefront_core::{check, CoreError};

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
    // A merchant's own sheet: 商品 for the name, prices written with 元,
    // thousands or full-width digits.
    import_products(
        &mut store,
        "商品,规格,SKU,售价,成本,库存\n梨,箱,LI-1,12.5元,\"1,000\",２\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(
        count(
            &store,
            "SELECT price_fen + cost_fen FROM variants WHERE sku = 'LI-1'"
        ),
        1250 + 100_000
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM products WHERE name = '梨'"),
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

/// A shop platform's export (有赞, 微店, 淘宝) as the merchant has it: a
/// code per product and per variant, the spec as 规格名称, the price as
/// 价格（元）. It was refused as "SKU TAO is already on line 2" and "needs
/// a price".
#[test]
fn a_shop_platforms_product_export_reads_by_its_own_column_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "a.db");
    let youzan = "商品名称,商品编码,规格名称,规格编码,价格（元）,可售库存,进货价\n\
                  阳山水蜜桃,TAO,5斤装,TAO-5,39.90,30,22.00\n\
                  阳山水蜜桃,TAO,10斤装,TAO-10,75.00,12,41.00\n";
    import_products(&mut store, youzan.as_bytes()).unwrap();
    let read = |sql: &str| -> String { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        read("SELECT group_concat(sku || ':' || options || ':' || price_fen || ':' || cost_fen, ' ') FROM (SELECT * FROM variants ORDER BY sku)"),
        "TAO-10:10斤装:7500:4100 TAO-5:5斤装:3990:2200"
    );
    assert_eq!(count(&store, "SELECT count(*) FROM products"), 1);
    assert_eq!(count(&store, "SELECT sum(on_hand) FROM stock_levels"), 42);
}

/// An export with a title row above its header (`商品导出 2026-12-07`) was
/// refused as "not a product file"; its lines keep their numbers. A totals
/// row at the end (`合计`) was "new variant 合计 needs a price".
#[test]
fn a_title_row_above_the_header_is_skipped_and_lines_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "a.db");
    let titled = "商品导出 2026-12-07\n\n商品名称,规格,商品编码,售价,库存\n桃,5斤装,T-5,39.9,3\n梨,,L-1,x,2\n";
    match import_products(&mut store, titled.as_bytes()).unwrap_err() {
        CoreError::BadFile { line, column, .. } => assert_eq!((line, column), (Some(5), Some(4))),
        other => panic!("{other}"),
    }
    // Fixed, and ending with the sheet's sums: no product of its own.
    let fixed = titled.replace(",x,", ",6.5,") + "合计：,,,,5\n";
    import_products(&mut store, fixed.as_bytes()).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM variants"), 2);
    let cut = "商品导出\n商品名称,规格,商品编码,售价,库存\n桃,5斤装,T-5,39.9,3\n梨,,L-";
    match import_products(&mut store, cut.as_bytes()).unwrap_err() {
        CoreError::BadFile { line, why, .. } => {
            assert_eq!((line, why.map(|w| *w)), (Some(4), Some(Why::CutShort)));
        }
        other => panic!("{other}"),
    }
}

/// A file cut inside its last price (`9.90` → `9.`) has every cell, so
/// the cut-short check cannot see it; the price itself is refused, never
/// read as 9.00.
#[test]
fn a_price_cut_at_its_decimal_point_is_refused_not_read_as_whole_yuan() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "a.db");
    let cut = "商品名称,规格,商品编码,售价\n梨,,L-1,6.50\n桃,,T-3,9.";
    match import_products(&mut store, cut.as_bytes()).unwrap_err() {
        CoreError::BadFile {
            line, column, why, ..
        } => {
            assert_eq!((line, column), (Some(3), Some(4)));
            assert_eq!(
                why.map(|w| *w),
                Some(Why::NotAnAmount { cell: "9.".into() })
            );
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        count(&store, "SELECT count(*) FROM products"),
        0,
        "nothing written"
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
