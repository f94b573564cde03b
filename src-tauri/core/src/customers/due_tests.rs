//! 该回购了 on a real shop file: orders placed on chosen days.

use chrono::{Duration, NaiveDate};

use super::*;
use crate::checkout::entry;
use crate::testing::peach_shop;
use crate::Store;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + Duration::days(n)
}

/// Noon of day `n`, in shop time.
fn noon(store: &Store, n: i64) -> i64 {
    store.clock().day_start(day(n)) + 12 * 3600
}

/// An order of `qty` peaches for `customer` placed on day `n`.
fn bought(store: &mut Store, customer: &str, n: i64, qty: i32) {
    let order = crate::testing::peach_order(customer, qty);
    let no = store.write(|w| entry::create(w, &order)).unwrap();
    store
        .conn()
        .execute(
            "UPDATE orders SET placed_at = ?2, business_day = ?3 WHERE order_no = ?1",
            rusqlite::params![no, noon(store, n), day(n).to_string()],
        )
        .unwrap();
}

fn due_on(store: &mut Store, today: i64, days: i64) -> Vec<Due> {
    let at = noon(store, today);
    list(store, day(today), at, days, 100).unwrap().rows
}

fn names(rows: &[Due]) -> Vec<&str> {
    rows.iter().map(|r| r.customer.as_str()).collect()
}

/// 张三 buys every 7 days (days 0, 7, 14); 李四 twice, 20 days apart.
fn regulars() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = peach_shop();
    for n in [0, 7, 14] {
        bought(&mut store, "张三", n, 2);
    }
    bought(&mut store, "李四", 0, 1);
    bought(&mut store, "李四", 20, 1);
    (dir, store)
}

#[test]
fn a_weekly_buyer_is_due_on_day_seven_not_day_three() {
    let (_dir, mut store) = regulars();
    assert!(
        !names(&due_on(&mut store, 17, 0)).contains(&"张三"),
        "3 days after: not yet"
    );
    let rows = due_on(&mut store, 21, 0);
    let z = rows
        .iter()
        .find(|r| r.customer == "张三")
        .expect("due on day 7");
    assert_eq!((z.usual_interval_days, z.own, z.usual_qty), (7, true, 2));
    assert_eq!(
        (z.last_bought.as_str(), z.due.as_str()),
        ("2026-09-15", "2026-09-22")
    );
    assert!(
        z.message.contains("张三您好") && z.message.contains("水蜜桃（2 份）"),
        "{}",
        z.message
    );
    assert!(z.message.contains("¥36.50"), "today's price: {}", z.message);
    // Looking 3 days ahead from day 18 finds them too; from day 17, 3 is not enough.
    assert!(names(&due_on(&mut store, 18, 4)).contains(&"张三"));
    assert!(!names(&due_on(&mut store, 17, 3)).contains(&"张三"));
}

#[test]
fn two_purchases_fall_back_to_the_products_interval() {
    let (_dir, mut store) = regulars();
    // 李四 last bought on day 20; the peach's typical interval is 张三's 7.
    let rows = due_on(&mut store, 27, 0);
    let l = rows
        .iter()
        .find(|r| r.customer == "李四")
        .expect("due by the product's rhythm");
    assert_eq!((l.usual_interval_days, l.own, l.purchases), (7, false, 2));
    assert_eq!(l.due, "2026-09-28");
}

#[test]
fn a_reminder_sent_keeps_them_off_and_a_purchase_takes_them_off() {
    let (_dir, mut store) = regulars();
    let rows = due_on(&mut store, 21, 0);
    let z = rows.iter().find(|r| r.customer == "张三").unwrap().clone();
    let at = noon(&store, 21);
    store
        .write(|w| sent(w, &z.customer_id, Some(&z.product_id), at))
        .unwrap();
    assert!(!names(&due_on(&mut store, 21, 0)).contains(&"张三"));
    // A week later, still not bought: due again.
    assert!(names(&due_on(&mut store, 28, 0)).contains(&"张三"));
    // 李四 buys: off the list at once, before tomorrow's rebuild.
    assert!(names(&due_on(&mut store, 28, 0)).contains(&"李四"));
    bought(&mut store, "李四", 28, 1);
    assert!(!names(&due_on(&mut store, 28, 0)).contains(&"李四"));
}

#[test]
fn the_effect_compares_reminded_with_due_and_not_reminded() {
    let (_dir, mut store) = regulars();
    // Day 21: both due; 张三 is reminded and buys on day 23, 李四 is not
    // reminded (he was due by day 28) and buys nothing.
    due_on(&mut store, 27, 1);
    let z = due_on(&mut store, 21, 0)
        .into_iter()
        .find(|r| r.customer == "张三")
        .unwrap();
    let at = noon(&store, 21);
    store.write(|w| sent(w, &z.customer_id, None, at)).unwrap();
    bought(&mut store, "张三", 23, 2);
    let at = noon(&store, 40);
    let e = list(&mut store, day(40), at, 0, 10).unwrap().effect;
    assert_eq!((e.reminded, e.reminded_bought), (1, 1));
    assert_eq!((e.not_reminded, e.not_reminded_bought), (1, 0));
}
