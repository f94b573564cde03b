//! 拼团 across its deadline.

use super::*;

fn deal(store: &mut Store, size: i32, limit: i32) -> String {
    let deadline = store.clock().format(shop_time::now() + 3600);
    store
        .write(|w| {
            groupbuy::create(
                w,
                &NewGroupBuy {
                    name: "水蜜桃三人团".into(),
                    sku: "TAO-5".into(),
                    price: Money::from_fen(2990),
                    size,
                    deadline,
                    per_customer_limit: limit,
                    arrives_on: None,
                },
            )
        })
        .unwrap()
}

fn join(
    store: &mut Store,
    id: &str,
    who: &str,
    qty: i32,
) -> crate::Result<crate::checkout::groupbuy::Joined> {
    store.write(|w| crate::checkout::groupbuy::join(w, id, who, qty, None))
}

#[test]
fn a_group_short_at_its_deadline_fails_and_owes_every_payer_back() {
    let (_dir, mut store) = peach_shop();
    let id = deal(&mut store, 4, 2);
    let a = join(&mut store, &id, "王阿姨", 2).unwrap();
    let b = join(&mut store, &id, "李姐", 1).unwrap();
    let c = join(&mut store, &id, "小张", 1).unwrap();
    assert_eq!((c.joined, c.size, c.status.as_str()), (3, 4, "open"));
    // Held at the group price, not shipped while the group is open.
    assert_eq!(
        order_money(&store, &a.order_no),
        ("awaiting_payment".into(), 0, 0)
    );
    let refused = store.write(|w| crate::checkout::status::set(w, &a.order_no, "fulfilled", false));
    assert!(refused
        .unwrap_err()
        .to_string()
        .contains("held for the group buy"));
    // The per-customer limit counts what they joined with already.
    assert!(join(&mut store, &id, "王阿姨", 1).is_err());
    // Two members pay by WeChat, with their order numbers in the note.
    settle_money(&mut store, &[(&a.order_no, 5980), (&b.order_no, 2990)]);
    assert_eq!(order_money(&store, &a.order_no).0, "paid");

    // Nothing is due before the deadline; after it the group fails.
    assert!(store
        .write(|w| crate::checkout::groupbuy::close_due(w, shop_time::now()))
        .unwrap()
        .is_empty());
    let closed = store
        .write(|w| crate::checkout::groupbuy::close_due(w, shop_time::now() + 3601))
        .unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(
        (
            closed[0].status.as_str(),
            closed[0].orders,
            closed[0].refunds
        ),
        ("failed", 3, 2)
    );
    assert_eq!(
        order_money(&store, &a.order_no),
        ("refunded".into(), 5980, 5980)
    );
    assert_eq!(order_money(&store, &c.order_no).0, "cancelled");
    let owed: Vec<(i64, String)> = store
        .conn()
        .prepare("SELECT amount_fen, status FROM refunds ORDER BY amount_fen")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(owed, vec![(2990, "owed".into()), (5980, "owed".into())]);
    assert!(
        join(&mut store, &id, "老周", 1).is_err(),
        "a closed group takes no one"
    );

    // The refund to 李姐 shows in the next bill: that one is settled.
    settle_money(&mut store, &[(&b.order_no, -2990)]);
    let settled: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM refunds WHERE status = 'settled' AND amount_fen = 2990",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(settled, 1);
    assert_check_clean(&store);
    let months = groupbuy::success_by_month(store.conn(), store.clock()).unwrap();
    assert_eq!(
        (months[0].closed, months[0].filled, months[0].rate),
        (1, 0, 0)
    );
}

#[test]
fn the_last_spot_fills_the_group_and_releases_its_orders() {
    let (_dir, mut store) = peach_shop();
    let id = deal(&mut store, 3, 0);
    let share = groupbuy::share_text(store.conn(), store.clock(), &id, true).unwrap();
    assert!(
        share.contains("拼团价 ¥29.90（原价 ¥36.50）") && share.contains("还差3人"),
        "{share}"
    );
    // 王阿姨 collects at her usual pickup point: her order carries it and a code.
    store
        .write(|w| leaders::add(w, "陈姐", "", &["阳光花园便利店".into()], Some("8%")))
        .unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO customers(id, name, default_pickup_id, created_at, updated_at)
             SELECT 'c-wang', '王阿姨', id, 0, 0 FROM pickup_points",
        )
        .unwrap();
    let orders: Vec<String> = ["王阿姨", "李姐", "小张"]
        .iter()
        .map(|who| join(&mut store, &id, who, 1).unwrap().order_no)
        .collect();
    let status: String = store
        .conn()
        .query_row("SELECT status FROM group_buys WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "filled");
    let (leader, code): (Option<String>, Option<String>) = store
        .conn()
        .query_row(
            "SELECT leader_id, pickup_code FROM orders WHERE order_no = ?1",
            [&orders[0]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(leader.is_some() && code.is_some_and(|c| c.len() == 6));
    store
        .write(|w| crate::checkout::status::set(w, &orders[0], "fulfilled", false))
        .unwrap();
    // A filled group is not due to close again.
    assert!(store
        .write(|w| crate::checkout::groupbuy::close_due(w, shop_time::now() + 7200))
        .unwrap()
        .is_empty());
    let campaigns = records::list(store.conn(), store.clock()).unwrap();
    assert_eq!(
        (campaigns[0].orders, campaigns[0].gmv),
        (3, Money::from_fen(3 * 2990))
    );
    assert_check_clean(&store);
}

#[test]
fn a_group_buy_arriving_later_gives_its_orders_that_day_and_no_day_is_in_the_past() {
    let (_dir, mut store) = peach_shop();
    let deadline = store.clock().format(shop_time::now() + 3600);
    let today = store.clock().today();
    let later = (today + chrono::Duration::days(3)).to_string();
    let mut g = NewGroupBuy {
        name: "预售水蜜桃".into(),
        sku: "TAO-5".into(),
        price: Money::from_fen(2990),
        size: 2,
        deadline,
        per_customer_limit: 0,
        arrives_on: Some((today - chrono::Duration::days(1)).to_string()),
    };
    let past = store.write(|w| groupbuy::create(w, &g)).unwrap_err();
    assert_eq!(past.code(), "arrives_in_the_past");
    g.arrives_on = Some(later.clone());
    let id = store.write(|w| groupbuy::create(w, &g)).unwrap();
    let joined = join(&mut store, &id, "王阿姨", 1).unwrap();
    let d = crate::orders::detail(store.conn(), store.clock(), &joined.order_no).unwrap();
    assert_eq!(d.arrives_on, Some(later));
}
