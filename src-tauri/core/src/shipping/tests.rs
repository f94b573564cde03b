use super::to_ship;
use super::waybills::{import, phone_digits, preview};
use super::*;
use crate::progress::Silent;
use crate::table::Why;
use crate::testing::{differences, dump, peach_order, peach_shop};
use crate::Store;

/// A paid courier order for `customer` with `phone`.
fn paid_courier(store: &mut Store, customer: &str, phone: &str) -> String {
    let mut order = peach_order(customer, 1);
    order.phone = phone.into();
    order.delivery = "courier".into();
    let no = store.write(|w| checkout::create(w, &order)).unwrap();
    store
        .write(|w| checkout::status::set(w, &no, "paid", false))
        .unwrap();
    no
}

fn status_of(store: &Store, no: &str) -> String {
    store
        .conn()
        .query_row("SELECT status FROM orders WHERE order_no = ?1", [no], |r| {
            r.get(0)
        })
        .unwrap()
}

fn clean(store: &Store) {
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn carriers_and_tracking_numbers_read_as_people_write_them() {
    assert_eq!(carrier_name("顺丰速运").as_deref(), Some("顺丰"));
    assert_eq!(carrier_name("SF Express").as_deref(), Some("顺丰"));
    assert_eq!(carrier_name("zto").as_deref(), Some("中通"));
    assert_eq!(carrier_name("中国邮政EMS").as_deref(), Some("邮政"));
    assert_eq!(carrier_name("极兔速递").as_deref(), Some("极兔速递"));
    assert_eq!(carrier_name("  "), None);
    assert_eq!(
        tracking_no(" sf 1234 5678 9012 ").as_deref(),
        Some("SF123456789012")
    );
    assert_eq!(
        tracking_no("73100012345678").as_deref(),
        Some("73100012345678")
    );
    assert_eq!(tracking_no("12345"), None, "too short");
    assert_eq!(tracking_no("运单123456"), None, "not letters and digits");
    assert_eq!(tracking_no("ABCDEFGH"), None, "no digit at all");
}

#[test]
fn shipping_an_order_fulfils_it_with_its_parcel_and_a_correction_says_what_it_replaced() {
    let (_dir, mut store) = peach_shop();
    let no = paid_courier(&mut store, "王阿姨", "13800001111");
    let done = store
        .write(|w| ship(w, &no, "顺丰速运", "sf1234567890"))
        .unwrap();
    assert_eq!(
        (done.from.as_str(), done.carrier.as_str()),
        ("paid", "顺丰")
    );
    assert_eq!(done.tracking_no, "SF1234567890");
    assert_eq!(done.replaced, None);
    assert_eq!(status_of(&store, &no), "fulfilled");
    let d = crate::orders::detail(store.conn(), store.clock(), &no).unwrap();
    let parcel = d.parcel.unwrap();
    assert_eq!(
        (parcel.carrier.as_str(), parcel.tracking_no.as_str()),
        ("顺丰", "SF1234567890")
    );
    assert_eq!(d.delivery, "courier");
    let fixed = store
        .write(|w| ship(w, &no, "顺丰", "SF1234567899"))
        .unwrap();
    assert_eq!(fixed.from, "fulfilled");
    assert_eq!(fixed.replaced.as_deref(), Some("SF1234567890"));
    let parcels: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM parcels", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        parcels, 1,
        "a correction replaces the number, it adds no parcel"
    );
    clean(&store);
}

#[test]
fn an_order_collected_by_hand_becomes_a_courier_order_when_shipped() {
    let (_dir, mut store) = peach_shop();
    let no = store
        .write(|w| checkout::create(w, &peach_order("李四", 2)))
        .unwrap();
    store
        .write(|w| ship(w, &no, "中通", "ZT7310001234"))
        .unwrap();
    let d = crate::orders::detail(store.conn(), store.clock(), &no).unwrap();
    assert_eq!(
        (d.status.as_str(), d.delivery.as_str()),
        ("fulfilled", "courier")
    );
    clean(&store);
}

#[test]
fn a_cancelled_order_or_a_bad_number_is_refused_and_nothing_changes() {
    let (_dir, mut store) = peach_shop();
    let no = paid_courier(&mut store, "王阿姨", "13800001111");
    let before = dump(store.conn(), &[]);
    let bad = store.write(|w| ship(w, &no, "顺丰", "12")).unwrap_err();
    assert_eq!(bad.code(), "tracking_invalid");
    let bad = store
        .write(|w| ship(w, &no, " ", "SF1234567890"))
        .unwrap_err();
    assert_eq!(bad.code(), "carrier_required");
    assert_eq!(dump(store.conn(), &[]), before);
    store
        .write(|w| checkout::status::set(w, &no, "cancelled", false))
        .unwrap();
    let bad = store
        .write(|w| ship(w, &no, "顺丰", "SF1234567890"))
        .unwrap_err();
    assert_eq!(bad.code(), "not_shippable");
    assert_eq!(status_of(&store, &no), "cancelled");
}

/// Three paid courier orders, the waybill file for them (by number, by
/// phone, and with the platform's title row above the header).
fn three_to_send(store: &mut Store) -> (Vec<String>, String) {
    let a = paid_courier(store, "王阿姨", "13800001111");
    let b = paid_courier(store, "李四", "13900002222");
    let c = paid_courier(store, "张三", "13700003333");
    let file = format!(
        "运单导出 2026-12-06,,,\n订单号,收件人手机,快递公司,运单号\n{a},13800001111,顺丰速运,SF1000000001\n,+86 139 0000 2222,中通快递,ZT2000000002\n{c},,韵达,YD3000000003\n{c},,韵达,YD3000000003\n"
    );
    (vec![a, b, c], file)
}

#[test]
fn a_good_waybill_file_ships_every_order_and_reading_it_again_changes_nothing() {
    let (_dir, mut store) = peach_shop();
    let (orders, file) = three_to_send(&mut store);
    let seen = preview(store.conn(), file.as_bytes(), None).unwrap();
    assert!(seen.problems.is_empty(), "{:?}", seen.problems.errors);
    assert_eq!((seen.rows, seen.orders, seen.already), (4, 3, 0));
    let done = store
        .write(|w| import(w, file.as_bytes(), "waybills.csv", None, &Silent))
        .unwrap();
    assert_eq!(done.orders, 3);
    for no in &orders {
        assert_eq!(status_of(&store, no), "fulfilled", "{no}");
    }
    let d = crate::orders::detail(store.conn(), store.clock(), &orders[1]).unwrap();
    assert_eq!(
        d.parcel.unwrap().tracking_no,
        "ZT2000000002",
        "found by the phone"
    );
    clean(&store);
    let before = dump(store.conn(), &[]);
    let again = store
        .write(|w| import(w, file.as_bytes(), "waybills.csv", None, &Silent))
        .unwrap();
    assert_eq!((again.orders, again.already), (0, 3));
    assert_eq!(dump(store.conn(), &[]), before);
}

#[test]
fn an_unknown_order_on_line_7_refuses_the_whole_file_naming_line_7() {
    let (_dir, mut store) = peach_shop();
    let (_, mut file) = three_to_send(&mut store);
    file.push_str("S20991231-0001,,顺丰,SF9999999999\n");
    let before = dump(store.conn(), &[]);
    let seen = preview(store.conn(), file.as_bytes(), None).unwrap();
    let lines: Vec<_> = seen
        .problems
        .errors
        .iter()
        .map(|e| (e.line, e.column))
        .collect();
    assert_eq!(lines, [(Some(7), Some(1))], "{:?}", seen.problems.errors);
    let err = store
        .write(|w| import(w, file.as_bytes(), "waybills.csv", None, &Silent))
        .unwrap_err();
    match &err {
        CoreError::BadFile {
            line,
            column,
            message,
            ..
        } => {
            assert_eq!((*line, *column), (Some(7), Some(1)));
            assert!(message.contains("S20991231-0001"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let after = dump(store.conn(), &[]);
    assert_eq!(after, before, "{:?}", differences(&before, &after));
}

#[test]
fn a_row_that_cannot_say_which_order_is_named_with_what_to_do() {
    let (_dir, mut store) = peach_shop();
    let a = paid_courier(&mut store, "王阿姨", "13800001111");
    let b = paid_courier(&mut store, "王阿姨", "13800001111");
    let sent = paid_courier(&mut store, "李四", "13900002222");
    store
        .write(|w| ship(w, &sent, "顺丰", "SF5555555555"))
        .unwrap();
    let file = format!(
        "收件人手机,运单号,订单号\n13800001111,SF1000000001,\n138****1111,SF1000000002,\n,SF1000000003,\n13600000000,SF1000000004,\n,SF1000000005,{sent}\n,SF1000000006,{a}\n,SF1000000007,{a}\n"
    );
    let seen = preview(store.conn(), file.as_bytes(), Some("顺丰")).unwrap();
    let said: Vec<(Option<usize>, &str)> = seen
        .problems
        .errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(said.len(), 6, "{said:?}");
    assert!(
        said[0].1.contains(&a) && said[0].1.contains(&b),
        "two wait for one phone: {said:?}"
    );
    assert!(said[1].1.contains("masked"), "{said:?}");
    assert!(said[2].1.contains("neither"), "{said:?}");
    assert!(said[3].1.contains("no courier order"), "{said:?}");
    assert!(
        said[4].1.contains("SF5555555555"),
        "sent with another number: {said:?}"
    );
    assert_eq!(
        said[5].0,
        Some(8),
        "the same order with another number: {said:?}"
    );
    // Each reason with the code the window words it by.
    let codes: Vec<_> = seen
        .problems
        .errors
        .iter()
        .take(4)
        .map(|e| e.why.clone())
        .collect();
    assert_eq!(
        codes,
        [
            Some(Why::ManyOrdersForPhone {
                cell: "13800001111".into(),
                orders: format!("{a}、{b}")
            }),
            Some(Why::MaskedPhone {
                cell: "138****1111".into()
            }),
            Some(Why::NoOrderOrPhone),
            Some(Why::NoOrderForPhone {
                cell: "13600000000".into()
            }),
        ]
    );
}

#[test]
fn a_file_without_the_columns_it_needs_says_which() {
    let (_dir, store) = peach_shop();
    let seen = preview(store.conn(), "订单号,快递公司\nS1,顺丰\n".as_bytes(), None).unwrap();
    assert!(seen.problems.errors[0].message.contains("运单号"));
    assert_eq!(seen.problems.errors[0].why, Some(Why::NoTrackingColumn));
    let seen = preview(
        store.conn(),
        "订单号,运单号\nS1,SF1234567890\n".as_bytes(),
        None,
    )
    .unwrap();
    assert!(seen.problems.errors[0].message.contains("快递公司"));
    assert_eq!(seen.problems.errors[0].why, Some(Why::NoCarrierColumn));
}

#[test]
fn the_orders_to_send_are_the_paid_courier_ones_and_the_export_says_which_lack_an_address() {
    let (dir, mut store) = peach_shop();
    let a = paid_courier(&mut store, "王阿姨", "13800001111");
    let b = paid_courier(&mut store, "李四", "13900002222");
    store
        .conn()
        .execute(
            "UPDATE customers SET address = '杭州市西湖区文三路 1 号' WHERE name = '王阿姨'",
            [],
        )
        .unwrap();
    store
        .write(|w| checkout::create(w, &peach_order("张三", 1)))
        .unwrap();
    let mut unpaid = peach_order("赵六", 1);
    unpaid.delivery = "courier".into();
    store.write(|w| checkout::create(w, &unpaid)).unwrap();
    let listed = to_ship::list(store.conn(), store.clock()).unwrap();
    let nos: Vec<&str> = listed.iter().map(|o| o.order_no.as_str()).collect();
    assert_eq!(nos, [a.as_str(), b.as_str()]);
    assert_eq!(listed[0].items, "水蜜桃 ×1");
    let path = dir.path().join("to-ship.csv");
    let out = to_ship::export(store.conn(), store.clock(), &path).unwrap();
    assert_eq!(
        (out.orders, out.without_address.clone()),
        (2, vec![b.clone()])
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("\u{feff}订单号,收件人,收件人手机,收件地址,物品名称,件数,备注\r\n"));
    assert!(text.contains(&format!(
        "{a},王阿姨,13800001111,杭州市西湖区文三路 1 号,水蜜桃 ×1,1,"
    )));
    store
        .write(|w| ship(w, &a, "顺丰", "SF1234567890"))
        .unwrap();
    assert_eq!(to_ship::list(store.conn(), store.clock()).unwrap().len(), 1);
}

/// A courier's file writes the recipient's phone however its system does:
/// each is the number the shop keeps.
#[test]
fn a_waybill_phone_is_the_number_however_it_is_written() {
    for written in [
        "13900002222",
        "+86 139 0000 2222",
        "0086-139-0000-2222",
        "8613900002222",
        "１３９００００２２２２",
    ] {
        assert_eq!(phone_digits(written), "13900002222", "{written}");
    }
    assert_eq!(phone_digits("0571-8888 6666"), "057188886666");
}
