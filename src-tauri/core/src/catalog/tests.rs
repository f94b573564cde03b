//! The product list's filters (category, 上架/下架) and a new product's SKUs.

use super::edit::{save, set_archived, sku_base, ProductInput, VariantInput};
use super::*;
use crate::{Session, Store};

fn product(store: &mut Store, name: &str, category: &str, sku: &str) -> String {
    let p = ProductInput {
        name: name.into(),
        category: category.into(),
        role: "normal".into(),
        variants: vec![VariantInput {
            sku: sku.into(),
            price: Money::from_fen(1000),
            ..Default::default()
        }],
        ..Default::default()
    };
    store.write(|w| save(w, &p)).unwrap()
}

fn skus(store: &Store, f: &ProductFilter) -> Vec<String> {
    page_of(store.conn(), f, 0, 50)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.sku)
        .collect()
}

#[test]
fn the_list_filters_by_category_and_by_shelf() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    product(&mut store, "红富士苹果", "水果", "PG-1");
    let off = product(&mut store, "黄桃", "水果", "HT-1");
    product(&mut store, "土鸡蛋", "禽蛋", "JD-1");
    store.write(|w| set_archived(w, &off, true)).unwrap();

    let fruit = ProductFilter {
        category: "水果".into(),
        ..Default::default()
    };
    assert_eq!(skus(&store, &fruit), ["PG-1"], "on sale only by default");
    let all_fruit = ProductFilter {
        shelf: Shelf::All,
        ..fruit.clone()
    };
    assert_eq!(skus(&store, &all_fruit), ["PG-1", "HT-1"]);
    let taken_off = ProductFilter {
        shelf: Shelf::Off,
        ..Default::default()
    };
    assert_eq!(skus(&store, &taken_off), ["HT-1"]);
    let names: Vec<(String, u32)> = categories(store.conn())
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.products))
        .collect();
    assert_eq!(names, [("水果".to_string(), 2), ("禽蛋".to_string(), 1)]);
}

#[test]
fn a_new_product_gets_a_sku_start_from_its_name_not_one_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    assert_eq!(sku_base(store.conn(), "烟台红富士苹果").unwrap(), "YTHFSP");
    assert_eq!(sku_base(store.conn(), "Apple 5kg").unwrap(), "APPLE5");
    assert_eq!(sku_base(store.conn(), "🍎").unwrap(), "SP");
    product(&mut store, "烟台红富士苹果", "水果", "YTHFSP-1");
    assert_eq!(
        sku_base(store.conn(), "烟台红富士苹果礼盒").unwrap(),
        "YTHFSP2"
    );
}
