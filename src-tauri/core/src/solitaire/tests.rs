use super::*;
use crate::store::{Session, Store};

fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    let products: &[(&str, &[(&str, &str)])] = &[
        ("阳山水蜜桃", &[("TAO-5", "5斤装"), ("TAO-10", "10斤装")]),
        ("红富士苹果", &[("PG-1", "")]),
        ("香蕉", &[("XJ-1", "")]),
        ("炎陵黄桃", &[("HT-1", "")]),
        ("丹东九九草莓", &[("CM-1", "")]),
        ("烟薯25号", &[("YS-1", "")]),
    ];
    for (i, (name, variants)) in products.iter().enumerate() {
        store
            .conn()
            .execute(
                "INSERT INTO products(id, name, pinyin, created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0)",
                rusqlite::params![format!("p{i}"), name, crate::search_key::pinyin_key(name)],
            )
            .unwrap();
        for (sku, options) in variants.iter() {
            store
                .conn()
                .execute(
                    "INSERT INTO variants(id, product_id, sku, options, price_fen, created_at, updated_at) VALUES (?1, ?2, ?1, ?3, 1000, 0, 0)",
                    rusqlite::params![sku, format!("p{i}"), options],
                )
                .unwrap();
        }
    }
    store
        .conn()
        .execute("INSERT INTO customers(id, name, wechat_nick, created_at, updated_at) VALUES ('c1', '王阿姨', '桃花朵朵', 0, 0)", [])
        .unwrap();
    (dir, store)
}

fn items(e: &Entry) -> Vec<(&str, u32)> {
    e.items.iter().map(|i| (i.sku.as_str(), i.qty)).collect()
}

#[test]
fn reads_a_real_looking_list() {
    let (_dir, store) = shop();
    let list = "#接龙 11月22日 阳山水蜜桃 39.9/5斤 明天到\n\
                1. 王阿姨 桃x2 苹果1\n\
                2、李姐 水蜜桃两箱，香蕉 3\n\
                3. 小明妈妈 桃10斤装×1 草莓\n\
                4. 桃花朵朵 2箱桃\n\
                5. 张三 榴莲2 香蕉\n\
                6. smt 3\n\
                7. 王阿姨桃x1\n\
                8. 老李 烟薯25号x2\n";
    let parsed = parse(store.conn(), list).unwrap();
    let e = &parsed.entries;
    assert_eq!(e.len(), 8, "one entry per numbered line");
    assert_eq!(
        (e[0].line, e[0].no, e[0].customer.as_str(), e[0].known),
        (2, 1, "王阿姨", true)
    );
    assert_eq!(
        items(&e[0]),
        [("TAO-5", 2), ("PG-1", 1)],
        "桃 is today's peach, not 黄桃"
    );
    assert_eq!(items(&e[1]), [("TAO-5", 2), ("XJ-1", 3)]);
    assert!(!e[1].known);
    assert_eq!(items(&e[2]), [("TAO-10", 1), ("CM-1", 1)]);
    assert_eq!(
        (e[3].customer.as_str(), e[3].known),
        ("桃花朵朵", true),
        "nicknames are customers too"
    );
    assert_eq!(items(&e[3]), [("TAO-5", 2)]);
    assert_eq!(items(&e[4]), [("XJ-1", 1)]);
    assert_eq!(e[4].unresolved, ["榴莲2"], "nothing is dropped silently");
    assert_eq!(e[5].customer, "");
    assert_eq!(items(&e[5]), [("TAO-5", 3)], "pinyin initials");
    assert_eq!(
        (e[6].customer.as_str(), items(&e[6])),
        ("王阿姨", vec![("TAO-5", 1)])
    );
    assert_eq!(items(&e[7]), [("YS-1", 2)]);
}

#[test]
fn without_a_header_a_short_name_that_fits_two_products_is_unresolved() {
    let (_dir, store) = shop();
    let parsed = parse(store.conn(), "1. 李姐 桃x2 苹果x1桃子").unwrap();
    assert_eq!(items(&parsed.entries[0]), [("PG-1", 1)]);
    assert_eq!(parsed.entries[0].unresolved, ["桃x2", "桃子"]);
}

#[test]
fn commits_one_order_per_customer() {
    let (_dir, mut store) = shop();
    store
        .conn()
        .execute_batch(
            "INSERT INTO locations(id, name, kind, created_at) VALUES ('l', '门店', 'store', 0);
             INSERT INTO stock_movements(id, variant_id, location_id, qty, reason, at) VALUES ('m1','TAO-5','l',50,'initial',0), ('m2','PG-1','l',50,'initial',0);
             
             INSERT INTO stock_levels(variant_id, location_id, on_hand) VALUES ('TAO-5','l',50), ('PG-1','l',50);",
        )
        .unwrap();
    let parsed = parse(
        store.conn(),
        "阳山水蜜桃\n1. 王阿姨 桃x2\n2. 李姐 苹果1\n3. 王阿姨 苹果1\n4. 谁 榴莲",
    )
    .unwrap();
    let done = store.write(|w| commit(w, &parsed.entries, false)).unwrap();
    assert_eq!(done.orders.len(), 2);
    assert_eq!(done.skipped, [5]);
    let lines: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ?1", [&done.orders[0]], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 2, "王阿姨's two entries are one order");
    let channel: String = store
        .conn()
        .query_row("SELECT DISTINCT channel FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(channel, "solitaire");
}
