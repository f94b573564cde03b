//! What the product and order file tests share: a shop on a real SQLite
//! file, a Shopify export to stock it, and the people orders link to.
#![allow(dead_code)] // each test binary uses its own part of this

use std::path::Path;

use storefront_core::io::products;
use storefront_core::progress::Silent;
use storefront_core::{Session, Store};

pub const SHOPIFY: &str = "\u{feff}Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Variant Compare At Price,Variant Barcode,Image Src,Cost per item,Status\r
yangshan-peach,阳山水蜜桃,<p>当季现摘</p>,果园直供,生鲜水果,\"水果, 当季\",TRUE,重量,5斤装,,,TAO-5,2500,30,39.90,49.90,6901234567001,https://cdn.example/peach.jpg,22.50,active\r
yangshan-peach,,,,,,,,10斤装,,,TAO-10,5000,12,75.00,,6901234567002,,41.00,\r
yangshan-peach,,,,,,,,,,,,,,,,,https://cdn.example/peach-2.jpg,,\r
tee,文化衫,,,周边,,TRUE,颜色,红,尺码,M,TEE-R-M,200,5,59.00,,,,20.00,active\r
tee,,,,,,,,红,,L,TEE-R-L,200,0,59.00,,,,20.00,\r
gift-card,礼品卡,,,,,TRUE,Title,Default Title,,,,0,,100.00,,,,,draft\r
";

pub fn shop(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name), Session::new("test")).unwrap()
}

pub fn import_products(
    store: &mut Store,
    text: &[u8],
) -> storefront_core::Result<products::ProductImport> {
    products::import(store, text, "products.csv", &Silent)
}

pub fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

pub const LINKS: &str = "INSERT INTO leaders(id, name, created_at) VALUES ('L1', '张团长', 0);
    INSERT INTO pickup_points(id, leader_id, name, created_at) VALUES ('P1', 'L1', '阳光小区3栋', 0);
    INSERT INTO distributors(id, name, level, created_at) VALUES ('D1', '小美', 1, 0);
    INSERT INTO campaigns(id, name, kind, starts_at, ends_at, created_at) VALUES ('K1', '双十一', 'flash', 0, 1, 0);";

pub const ORDERS: &str = "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark,referrer,leader,pickup_point,campaign
A001,2026-11-20 09:30:00,wechat,王阿姨,13800000001,TAO-5,2,39.90,明早送,,张团长,阳光小区3栋,
A001,2026-11-20 09:30:00,wechat,王阿姨,13800000001,TEE-R-M,1,59.00,明早送,,张团长,阳光小区3栋,
A002,2026-11-20 10:00:00,solitaire,李姐,,TAO-10,1,70.00,\"老客, 便宜点\",小美,,,双十一
A003,2026/11/21 8:05,offline,,,TAO-5,1,39.90,,,,,
";

pub fn stocked_shop(dir: &Path, name: &str) -> Store {
    let mut store = shop(dir, name);
    import_products(&mut store, SHOPIFY.as_bytes()).unwrap();
    store.conn().execute_batch(LINKS).unwrap();
    store
}
