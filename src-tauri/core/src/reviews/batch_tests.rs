use chrono::NaiveDate;

use super::*;
use crate::checkout::entry;
use crate::orders::NewOrder;
use crate::testing::peach_shop;
use crate::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

/// 王阿姨 twice (two people), 李四 and 张三 once; each bought on Dec 3.
fn shop_with_buyers() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = peach_shop();
    store
        .conn()
        .execute_batch(
            "INSERT INTO customers(id, name, wechat_nick, phone, pinyin, created_at, updated_at) VALUES
               ('w1', '王阿姨', '', '13800001234', '', 0, 0),
               ('w2', '王阿姨', '', '13900005678', '', 0, 0),
               ('l', '李四', '', '', '', 0, 0),
               ('z', '张三', '', '', '', 0, 0);",
        )
        .unwrap();
    for who in ["w1", "w2", "l", "z"] {
        let order = NewOrder {
            customer_id: Some(who.into()),
            ..crate::testing::peach_order("", 1)
        };
        let no = store.write(|w| entry::create(w, &order)).unwrap();
        let at = store
            .clock()
            .day_start(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
            + 36_000;
        store
            .conn()
            .execute(
                "UPDATE orders SET placed_at = ?2, business_day = '2026-12-03', order_no = ?3 WHERE order_no = ?1",
                rusqlite::params![no, at, format!("O-{who}")],
            )
            .unwrap();
    }
    (dir, store)
}

const PASTED: &str = "1. 12-03 李四：桃子很甜 5星\n\n2、张三: ★★☆☆☆ 有两个烂了\n3. 王阿姨：好吃，好评\n4. 赵六 还行\n5. 12/4 李四 买给爸妈的，四星";

fn read(store: &Store) -> Vec<PastedReview> {
    parse(store.conn(), store.clock(), PASTED, today()).unwrap()
}

#[test]
fn each_line_is_read_as_people_write_it() {
    let (_dir, store) = shop_with_buyers();
    let r = read(&store);
    assert_eq!(r.len(), 5, "one per non-empty line");
    let summary: Vec<(u32, &str, i32, &str, Option<&str>)> = r
        .iter()
        .map(|x| {
            (
                x.line,
                x.customer.as_str(),
                x.stars,
                x.body.as_str(),
                x.day.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "李四", 5, "桃子很甜", Some("2026-12-03")),
            (3, "张三", 2, "有两个烂了", None),
            (4, "王阿姨", 5, "好吃", None),
            (5, "赵六", 0, "还行", None),
            (6, "李四", 4, "买给爸妈的", Some("2026-12-04")),
        ]
    );
    assert_eq!(
        r[0].order_no.as_deref(),
        Some("O-l"),
        "李四's order of that day"
    );
    assert!(r[0].flags.is_empty() && r[1].flags.is_empty());
    assert_eq!(r[2].flags, ["ambiguous_customer"]);
    assert_eq!(r[2].candidates.len(), 2);
    assert_eq!(r[3].flags, ["unknown_customer", "no_stars"]);
}

#[test]
fn nothing_is_recorded_while_unsure_unless_skipped_and_twice_is_caught() {
    let (_dir, mut store) = shop_with_buyers();
    let mut r = read(&store);
    let file = store.path().to_path_buf();
    let err = store
        .write(|w| commit(w, &file, &r, "wechat_group", false))
        .unwrap_err();
    assert_eq!(err.code(), "reviews_not_sure");
    assert!(err.to_string().contains("4, 5"), "{err}");
    // The merchant says which 王阿姨; her order is found.
    r[2].customer_id = Some("w2".into());
    settle(store.conn(), store.clock(), &mut r[2], today()).unwrap();
    assert!(r[2].flags.is_empty(), "{:?}", r[2].flags);
    assert_eq!(r[2].order_no.as_deref(), Some("O-w2"));
    let done = store
        .write(|w| commit(w, &file, &r, "wechat_group", true))
        .unwrap();
    assert_eq!(done.reviews.len(), 4);
    assert_eq!(done.skipped, [5]);
    assert_eq!(
        done.tickets.len(),
        1,
        "张三's two stars and 烂 open a ticket"
    );
    // The same text pasted again is caught, not recorded twice.
    let again = read(&store);
    assert_eq!(again[0].flags, ["already_recorded"]);
}

#[test]
fn days_without_a_year_are_the_latest_not_after_today() {
    let (day, rest) = leading_day("12月28日 王五：好", today());
    assert_eq!(day.map(|d| d.to_string()).as_deref(), Some("2025-12-28"));
    assert_eq!(rest, "王五：好");
    assert_eq!(leading_day("王五 12-01", today()).0, None);
    assert_eq!(stars_of("⭐⭐⭐⭐⭐ 超赞"), (5, "超赞".to_string()));
    assert_eq!(stars_of("三分吧"), (3, "吧".to_string()));
    assert_eq!(stars_of("一般般"), (0, "一般般".to_string()));
    assert_eq!(stars_of("一般般吧 三颗星"), (3, "一般般吧".to_string()));
    assert_eq!(stars_of("两星，有点酸"), (2, "有点酸".to_string()));
    assert_eq!(stars_of("买了2颗 一般"), (0, "买了2颗 一般".to_string()));
    assert_eq!(
        stars_of("放了一星期还很新鲜 5星"),
        (5, "放了一星期还很新鲜".to_string())
    );
}

#[test]
fn an_empty_or_oversized_paste_is_refused_not_taken_for_nothing_to_do() {
    let (_dir, store) = shop_with_buyers();
    for empty in ["", " \n\r\n\t\n"] {
        let err = parse(store.conn(), store.clock(), empty, today()).unwrap_err();
        assert_eq!(err.code(), "nothing_pasted", "{empty:?}");
    }
    let huge = "王阿姨：很甜 5星\n".repeat(20_000);
    let err = parse(store.conn(), store.clock(), &huge, today()).unwrap_err();
    assert_eq!(err.code(), "too_long");
}

#[test]
fn one_unsure_line_is_named_as_one() {
    let (_dir, mut store) = shop_with_buyers();
    let r = parse(store.conn(), store.clock(), "赵六 还行", today()).unwrap();
    let file = store.path().to_path_buf();
    let err = store
        .write(|w| commit(w, &file, &r, "wechat_group", false))
        .unwrap_err();
    assert_eq!(err.to_string(), "line 1 is not sure yet: settle or skip it");
}

/// A name and words parted by a full-width space (as a Chinese keyboard
/// types it) stopped the whole paste: the space's bytes were cut in half.
#[test]
fn a_full_width_space_parts_the_name_from_the_words() {
    let (_dir, store) = shop_with_buyers();
    let r = parse(
        store.conn(),
        store.clock(),
        "李四\u{3000}桃子很甜 5星",
        today(),
    )
    .unwrap();
    assert_eq!(
        (r[0].customer.as_str(), r[0].body.as_str(), r[0].stars),
        ("李四", "桃子很甜", 5)
    );
}

/// As a chat shows it: a day with its time, in brackets or not, or after
/// the name. `12-03 18:30 李四：…` made `18` the customer.
#[test]
fn a_day_and_time_as_a_chat_shows_them() {
    let (_dir, store) = shop_with_buyers();
    let pasted = "12-03 18:30 李四：桃子很甜 5星\n[12月3日 18:30] 张三: 好吃 5星\n【12/3 09:05:07】李四：还行 4星\n张三 12/3 有点酸 3星";
    let r = parse(store.conn(), store.clock(), pasted, today()).unwrap();
    let read: Vec<(&str, Option<&str>, i32, &str)> = r
        .iter()
        .map(|x| {
            (
                x.customer.as_str(),
                x.day.as_deref(),
                x.stars,
                x.body.as_str(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("李四", Some("2026-12-03"), 5, "桃子很甜"),
            ("张三", Some("2026-12-03"), 5, "好吃"),
            ("李四", Some("2026-12-03"), 4, "还行"),
            ("张三", Some("2026-12-03"), 3, "有点酸"),
        ]
    );
    assert!(r.iter().all(|x| x.order_no.is_some()), "{r:?}");
}

proptest::proptest! {
    /// Any line, brackets and wide characters included, is read without a
    /// panic (a bracket's byte length once cut a `【` in half).
    #[test]
    fn any_line_reads_without_panicking(text in "[\\[\\]【】(（)）0-9:：/\\-月日 王李a-z★⭐星分好评]{0,24}") {
        let _ = read_line(1, &text, today());
    }
}

/// A copied chat shows a photo as `[图片]` on its own line: it belongs to
/// the words above, never a review from a customer called 图片.
#[test]
fn a_photo_placeholder_belongs_to_the_review_above() {
    let (_dir, store) = shop_with_buyers();
    let r = parse(
        store.conn(),
        store.clock(),
        "李四：桃子很甜 5星\n[图片]\n[表情]",
        today(),
    )
    .unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].body, "桃子很甜 [图片] [表情]");
}
