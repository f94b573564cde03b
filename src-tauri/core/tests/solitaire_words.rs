//! The words buyers use for a product in a 接龙, on a real SQLite file:
//! fruit as it is said (`桃子`, `芒果`), and everyday names either way round
//! (`番茄` in a shop selling 西红柿). A word that could be more than one
//! product asks; one that names none is never stretched to fit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

#[path = "support/shop_files.rs"]
mod shop_files;

use shop_files::{import_products, shop};
use storefront_core::solitaire::{self, Flag};

#[test]
fn fruit_as_people_say_it_and_everyday_names_find_the_product() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop(dir.path(), "s.db");
    let sheet = "商品名称,规格,商品编码,售价,计价单位
炎陵黄桃,,HT-1,29.90,件
海南贵妃芒,,MG-1,39.90,件
攀枝花凯特芒,,MG-2,35.00,件
本地西红柿,,XHS-J,3.80,斤
李锦记酱油,,JY-1,12.00,件
圣女果,,SN-1,9.90,件
";
    import_products(&mut store, sheet.as_bytes()).unwrap();
    let list = "1. 甲 桃子2\n2. 乙 黄桃子1\n3. 丙 芒果1\n4. 丁 李子1\n5. 戊 番茄2斤\n6. 己 小番茄1\n7. 桃子 圣女果1";
    let entries = solitaire::parse(store.conn(), store.clock(), list)
        .unwrap()
        .entries;
    let sure = |i: usize| {
        let e = &entries[i];
        assert!(!e.flagged, "line {}: {:?}", e.line, e.flags);
        (e.items[0].sku.as_str(), e.items[0].qty)
    };
    assert_eq!(sure(0), ("HT-1", 2), "the one name ending in 桃");
    assert_eq!(sure(1), ("HT-1", 1));
    let mango = &entries[2].items[0];
    let mut offered: Vec<&str> = mango.candidates.iter().map(|c| c.sku.as_str()).collect();
    offered.sort_unstable();
    assert!(
        mango.ambiguous && offered == ["MG-1", "MG-2"],
        "{offered:?}"
    );
    assert_eq!(
        entries[3].flags,
        [Flag::UnknownProduct {
            text: "李子1".into()
        }],
        "李子 is no 李锦记酱油"
    );
    assert_eq!(sure(4), ("XHS-J", 1000), "番茄 where the shop says 西红柿");
    assert_eq!(sure(5), ("SN-1", 1));
    assert_eq!(sure(6), ("SN-1", 1));
    assert_eq!(entries[6].customer, "桃子", "a nickname, before the order");
}
