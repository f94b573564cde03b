use super::*;

use crate::testing::peach_shop as shop;

fn peach(qty: i32) -> NewOrder {
    NewOrder {
        customer: "王阿姨".into(),
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku: "TAO-5".into(),
            qty,
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn creates_numbered_orders_with_exact_totals_and_a_log() {
    let (_dir, mut store) = shop();
    let a = store
        .write(|w| crate::checkout::create(w, &peach(2)))
        .unwrap();
    let b = store
        .write(|w| crate::checkout::create(w, &peach(1)))
        .unwrap();
    assert!(a.starts_with('S') && a.ends_with("-0001"), "{a}");
    assert!(b.ends_with("-0002"), "{b}");
    let page = page(store.conn(), store.clock(), &OrderFilter::default(), 0, 10).unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.rows[0].order_no, b);
    assert_eq!(page.rows[1].total.to_string(), "73.00");
    let committed: i64 = store
        .conn()
        .query_row("SELECT committed FROM stock_levels", [], |r| r.get(0))
        .unwrap();
    assert_eq!(committed, 3);
    let logged: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE entity='order'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 2);
    let customers: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        customers, 1,
        "the repeat customer is found, not created again"
    );
}

#[test]
fn a_bad_order_changes_nothing() {
    let (_dir, mut store) = shop();
    let mut bad = peach(1);
    bad.lines.push(NewLine {
        sku: "NOPE".into(),
        qty: 1,
        ..Default::default()
    });
    let err = store
        .write(|w| crate::checkout::create(w, &bad))
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let c: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(c, 0);
}

#[test]
fn filters_by_search_and_status() {
    let (_dir, mut store) = shop();
    let a = store
        .write(|w| crate::checkout::create(w, &peach(2)))
        .unwrap();
    let f = OrderFilter {
        query: Some("王阿".into()),
        ..Default::default()
    };
    assert_eq!(
        page(store.conn(), store.clock(), &f, 0, 10).unwrap().total,
        1
    );
    let f = OrderFilter {
        query: Some(a[..6].to_string()),
        status: Some("paid".into()),
        ..Default::default()
    };
    assert_eq!(
        page(store.conn(), store.clock(), &f, 0, 10).unwrap().total,
        0
    );
}

#[test]
fn search_finds_by_number_sequence_name_nickname_pinyin_and_phone() {
    let (_dir, mut store) = shop();
    let a = store
        .write(|w| crate::checkout::create(w, &peach(1)))
        .unwrap();
    let mut other = peach(1);
    other.customer = "李姐".into();
    other.phone = "13912345678".into();
    let b = store.write(|w| crate::checkout::create(w, &other)).unwrap();
    store
        .conn()
        .execute(
            "UPDATE customers SET wechat_nick = '桃花朵朵' WHERE name = '王阿姨'",
            [],
        )
        .unwrap();
    let (a, b) = (vec![a], vec![b]);
    let found = |q: &str| -> Vec<String> {
        let f = OrderFilter {
            query: Some(q.into()),
            ..Default::default()
        };
        page(store.conn(), store.clock(), &f, 0, 10)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.order_no)
            .collect()
    };
    assert_eq!(found(&a[0]), a);
    assert_eq!(found("2"), b, "the day's sequence number");
    assert_eq!(found("王"), a);
    assert_eq!(found("桃花"), a, "nickname");
    assert_eq!(found("wa"), a, "pinyin initials of 王阿姨");
    assert_eq!(found("LJ"), b, "pinyin, any case");
    assert_eq!(found("5678"), b, "phone's last four");
    assert_eq!(found("139123"), b, "phone's start");
    assert!(found("阿姨").is_empty(), "names match from their start");
}

#[test]
fn the_unpaid_filter_uses_its_index_and_finds_what_is_owed() {
    let (_dir, mut store) = shop();
    let a = store
        .write(|w| crate::checkout::create(w, &peach(1)))
        .unwrap();
    let b = store
        .write(|w| crate::checkout::create(w, &peach(2)))
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE orders SET paid_fen = total_fen, status = 'paid' WHERE order_no = ?1",
            [&b],
        )
        .unwrap();
    let f = OrderFilter {
        unpaid: true,
        query: Some("王".into()),
        ..Default::default()
    };
    let rows = page(store.conn(), store.clock(), &f, 0, 10).unwrap().rows;
    assert_eq!(
        rows.into_iter().map(|r| r.order_no).collect::<Vec<_>>(),
        vec![a]
    );
}

#[test]
fn orders_move_together_or_not_at_all() {
    let (_dir, mut store) = shop();
    let nos: Vec<String> = (0..3)
        .map(|_| {
            store
                .write(|w| crate::checkout::create(w, &peach(1)))
                .unwrap()
        })
        .collect();
    let changes = store
        .write(|w| crate::checkout::status::set_many(w, &nos[..2], "paid", false))
        .unwrap();
    assert_eq!(changes.len(), 2);
    // The third was cancelled: it cannot ship, so none ship.
    store
        .write(|w| crate::checkout::status::set(w, &nos[2], "cancelled", false))
        .unwrap();
    let e = store
        .write(|w| crate::checkout::status::set_many(w, &nos, "fulfilled", false))
        .unwrap_err();
    assert!(e.to_string().contains(&nos[2]), "{e}");
    let statuses: Vec<String> = nos
        .iter()
        .map(|no| detail(store.conn(), store.clock(), no).unwrap().status)
        .collect();
    assert_eq!(statuses, ["paid", "paid", "cancelled"]);
}

/// 1,200 orders of people surnamed 王 and 1,000 of 李, one 赵.
fn crowded_shop() -> (tempfile::TempDir, crate::Store) {
    let (dir, mut store) = shop();
    store
        .write(|w| {
            let people = (0..1200)
                .map(|i| format!("王{i}"))
                .chain((0..1000).map(|i| format!("李{i}")))
                .chain(["赵六".to_string()]);
            for who in people {
                let order = NewOrder {
                    customer: who,
                    allow_oversell: true,
                    ..peach(1)
                };
                crate::checkout::create(w, &order)?;
            }
            Ok(())
        })
        .unwrap();
    (dir, store)
}

#[test]
fn a_common_search_pages_newest_first_and_says_there_are_more() {
    let (_dir, store) = crowded_shop();
    let (conn, clock) = (store.conn(), store.clock());
    let search = |q: &str| OrderFilter {
        query: Some(q.into()),
        ..Default::default()
    };
    // Every 王 order, newest first, as the list orders them.
    let all: Vec<String> = conn
        .prepare(
            "SELECT o.order_no FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE c.name LIKE '王%' ORDER BY o.placed_at DESC, o.order_no DESC",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(all.len(), 1200);
    let first = page(conn, clock, &search("王"), 0, 100).unwrap();
    assert!(first.more, "counted no further than {}", first.total);
    assert_eq!(first.total, 1000);
    let nos: Vec<&str> = first.rows.iter().map(|r| r.order_no.as_str()).collect();
    assert_eq!(nos, all[..100]);
    let later = page(conn, clock, &search("王"), 900, 100).unwrap();
    assert_eq!(later.rows[0].order_no, all[900]);
    // Exactly 1,000 is counted whole; a rare name is counted exactly.
    let li = page(conn, clock, &search("李"), 0, 10).unwrap();
    assert_eq!((li.total, li.more), (1000, false));
    let zhao = page(conn, clock, &search("赵"), 0, 10).unwrap();
    assert_eq!((zhao.total, zhao.more, zhao.rows.len()), (1, false, 1));
    // With another filter, the count is whole again.
    let mut paid = search("王");
    paid.status = Some("awaiting_payment".into());
    let whole = page(conn, clock, &paid, 0, 10).unwrap();
    assert_eq!((whole.total, whole.more), (1200, false));
}
