//! A name on an order that fits several customers is asked about, never
//! guessed: in order entry, in an order file, wherever a name is typed.

use super::meant;
use crate::checkout::entry;
use crate::io::orders as order_io;
use crate::orders::NewOrder;
use crate::progress::Silent;
use crate::testing::peach_shop;

/// 王洋 goes by 王阿姨 in the group; another 王阿姨 is on file by name.
fn two_aunties() -> (tempfile::TempDir, crate::Store) {
    let (dir, store) = peach_shop();
    store
        .conn()
        .execute_batch(
            "INSERT INTO customers(id, name, wechat_nick, phone, pinyin, created_at, updated_at) VALUES
               ('c1', '王洋', '王阿姨', '13800001234', 'wy wangyang', 0, 0),
               ('c2', '王阿姨', '', '13900005678', 'way wangayi', 0, 0),
               ('c3', '李四', '', '', 'ls lisi', 0, 0);",
        )
        .unwrap();
    (dir, store)
}

fn order(customer: &str, phone: &str) -> NewOrder {
    NewOrder {
        phone: phone.into(),
        ..crate::testing::peach_order(customer, 1)
    }
}

fn ids(found: Vec<super::Meant>) -> Vec<String> {
    found.into_iter().map(|m| m.id).collect()
}

#[test]
fn a_phone_decides_and_a_name_fits_names_and_nicknames() {
    let (_dir, store) = two_aunties();
    let c = store.conn();
    assert_eq!(ids(meant(c, "王阿姨", "").unwrap()), ["c1", "c2"]);
    assert_eq!(ids(meant(c, "王阿姨", "13900005678").unwrap()), ["c2"]);
    assert_eq!(ids(meant(c, "", "13800001234").unwrap()), ["c1"]);
    // A new phone with the name: neither aunty (both have other phones).
    assert!(meant(c, "王阿姨", "13700000000").unwrap().is_empty());
    // A customer without a phone still fits a name given with one.
    assert_eq!(ids(meant(c, "李四", "13700000000").unwrap()), ["c3"]);
    assert!(meant(c, "", "").unwrap().is_empty());
    // Written with spaces or the country code, a phone is its digits.
    assert_eq!(
        ids(meant(c, "王阿姨", "+86 139 0000 5678").unwrap()),
        ["c2"]
    );
}

/// A phone kept as typed before phones were kept by their digits is still
/// the customer when typed that way again, not someone new.
#[test]
fn a_phone_kept_as_typed_earlier_is_still_found() {
    let (_dir, store) = two_aunties();
    let c = store.conn();
    c.execute(
        "UPDATE customers SET phone = '139-0000-5678' WHERE id = 'c2'",
        [],
    )
    .unwrap();
    assert_eq!(ids(meant(c, "王阿姨", "139-0000-5678").unwrap()), ["c2"]);
}

#[test]
fn order_entry_asks_which_customer_and_writes_nothing() {
    let (_dir, mut store) = two_aunties();
    let before = crate::testing::dump(store.conn(), &[]);
    let err = store
        .write(|w| entry::create(w, &order("王阿姨", "")))
        .unwrap_err();
    assert_eq!(err.code(), "customer_ambiguous");
    let text = err.to_string();
    assert!(
        text.contains("王洋（王阿姨） …1234、王阿姨 …5678"),
        "{text}"
    );
    assert_eq!(crate::testing::dump(store.conn(), &[]), before);
    // The phone says which; the customer picked from the list always does.
    let no = store
        .write(|w| entry::create(w, &order("王阿姨", "13900005678")))
        .unwrap();
    let who: String = store
        .conn()
        .query_row(
            "SELECT customer_id FROM orders WHERE order_no = ?1",
            [&no],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, "c2");
    // Where there is one box for who, the phone typed in it says which.
    let no = store
        .write(|w| entry::create(w, &order("13800001234", "")))
        .unwrap();
    let who: String = store
        .conn()
        .query_row(
            "SELECT customer_id FROM orders WHERE order_no = ?1",
            [&no],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, "c1");
}

#[test]
fn an_order_file_naming_two_customers_is_refused_at_its_cell() {
    let (_dir, mut store) = two_aunties();
    let before = crate::testing::dump(store.conn(), &[]);
    let header = order_io::HEADER.join(",");
    let file = format!(
        "{header}\nA1,2026-11-02 10:00:00,wechat,李四,,TAO-5,1,36.50,,,,,,paid,0,0,0\n\
         A2,2026-11-02 10:05:00,wechat,王阿姨,,TAO-5,1,36.50,,,,,,paid,0,0,0\n"
    );
    let err = order_io::import(&mut store, file.as_bytes(), "o.csv", &Silent).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("line 3") && text.contains("column 4"),
        "{text}"
    );
    assert!(text.contains("王洋（王阿姨） …1234"), "{text}");
    assert_eq!(crate::testing::dump(store.conn(), &[]), before);
    // With the phone in the file, it goes in, to the right customer.
    let file = file.replace("王阿姨,,", "王阿姨,13900005678,");
    order_io::import(&mut store, file.as_bytes(), "o.csv", &Silent).unwrap();
    let who: String = store
        .conn()
        .query_row(
            "SELECT customer_id FROM orders WHERE order_no = 'A2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, "c2");
}
