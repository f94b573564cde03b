use super::*;
use crate::checkout::entry;
use crate::testing::peach_shop;
use crate::Store;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n rest of a picture";

fn sold(store: &mut Store, customer: &str) -> String {
    let order = crate::testing::peach_order(customer, 1);
    store.write(|w| entry::create(w, &order)).unwrap()
}

fn review(order_no: &str, stars: i32, text: &str) -> NewReview {
    NewReview {
        order_no: order_no.into(),
        sku: None,
        stars,
        text: text.into(),
        source: "wechat_group".into(),
    }
}

fn add_one(store: &mut Store, r: &NewReview, photos: &[Photo]) -> Result<Added> {
    let file = store.path().to_path_buf();
    store.write(|w| add(w, &file, r, photos))
}

fn tickets(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM after_sales WHERE kind = 'quality'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_bad_review_opens_a_ticket_and_a_good_one_does_not() {
    let (_dir, mut store) = peach_shop();
    let a = sold(&mut store, "张三");
    let good = add_one(&mut store, &review(&a, 5, "很甜，下次还买"), &[]).unwrap();
    assert!(good.ticket_id.is_none());
    assert_eq!(tickets(&store), 0);
    let low = add_one(&mut store, &review(&a, 2, "一般"), &[]).unwrap();
    // Four stars and "不新鲜" is still a complaint about the goods.
    let words = add_one(&mut store, &review(&a, 4, "有两个不新鲜"), &[]).unwrap();
    assert!(low.ticket_id.is_some() && words.ticket_id.is_some());
    assert_eq!(tickets(&store), 2);
    let linked: String = store
        .conn()
        .query_row(
            "SELECT ticket_id FROM reviews WHERE id = ?1",
            [&low.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(Some(linked), low.ticket_id);
    let report = crate::check::run(store.conn()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn praise_is_not_a_complaint_whatever_its_words() {
    assert!(!is_bad(5, "一个坏的都没有"), "five stars are praise");
    assert!(!is_bad(4, "没有坏的，很新鲜"));
    assert!(!is_bad(4, "一点都不烂"));
    assert!(is_bad(4, "有一个烂了"));
    assert!(is_bad(3, "不新鲜"), "不新鲜 is itself the complaint");
    assert!(
        is_bad(2, "挺好"),
        "two stars are a complaint whatever the words"
    );
}

#[test]
fn a_products_rating_is_its_reviews_bad_first() {
    let (_dir, mut store) = peach_shop();
    for (who, stars) in [("甲", 5), ("乙", 4), ("丙", 1), ("丁", 4)] {
        let no = sold(&mut store, who);
        add_one(&mut store, &review(&no, stars, "评价"), &[]).unwrap();
    }
    let clock = *store.clock();
    let r = rating(store.conn(), &clock, "p").unwrap();
    assert_eq!((r.count, r.bad), (4, 1));
    assert_eq!(r.average, "3.5", "(5 + 4 + 1 + 4) / 4");
    assert_eq!(r.reviews[0].stars, 1, "bad reviews first");
    assert_eq!(r.reviews[0].customer, "丙");
    assert_eq!(average(14, 3), "4.7", "4.666… rounds half up");
    assert_eq!(average(0, 0), "");
}

#[test]
fn photos_are_kept_beside_the_shop_and_a_bad_one_keeps_nothing() {
    let (dir, mut store) = peach_shop();
    let no = sold(&mut store, "张三");
    let photo = Photo {
        bytes: PNG,
        file_name: "晒单.png",
    };
    let added = add_one(&mut store, &review(&no, 5, "好"), &[photo]).unwrap();
    let clock = *store.clock();
    let shown = list(store.conn(), &clock, &ReviewFilter::default(), 10).unwrap();
    assert_eq!(shown[0].photos.len(), 1);
    let path = &shown[0].photos[0];
    assert!(
        path.starts_with(&format!("images/reviews/{}", added.id)),
        "{path}"
    );
    assert_eq!(photo_of(&store, path).as_deref(), Some(PNG));
    assert!(dir.path().join(path).exists());
    assert_eq!(
        photo_of(&store, "images/../s.db"),
        None,
        "only review photos"
    );

    let before = crate::testing::dump(store.conn(), &[]);
    let text = Photo {
        bytes: b"not a picture",
        file_name: "a.txt",
    };
    let err = add_one(&mut store, &review(&no, 5, "好"), &[text]).unwrap_err();
    assert_eq!(err.code(), "bad_file");
    let many: Vec<Photo> = (0..10)
        .map(|_| Photo {
            bytes: PNG,
            file_name: "p.png",
        })
        .collect();
    let err = add_one(&mut store, &review(&no, 5, "好"), &many).unwrap_err();
    assert_eq!(err.code(), "too_many_photos");
    assert_eq!(crate::testing::dump(store.conn(), &[]), before);
}

fn photo_of(store: &Store, path: &str) -> Option<Vec<u8>> {
    photo(store.path(), path)
}

#[test]
fn what_is_refused_is_said() {
    let (_dir, mut store) = peach_shop();
    let no = sold(&mut store, "张三");
    let code = |store: &mut Store, r: NewReview| add_one(store, &r, &[]).unwrap_err().code();
    assert_eq!(code(&mut store, review(&no, 0, "")), "stars_out_of_range");
    assert_eq!(code(&mut store, review(&no, 6, "")), "stars_out_of_range");
    assert_eq!(code(&mut store, review("NO-SUCH", 5, "")), "not_found");
    let other = NewReview {
        sku: Some("LI-1".into()),
        ..review(&no, 5, "")
    };
    assert_eq!(code(&mut store, other), "review_sku_not_on_order");
    assert_eq!(
        code(&mut store, review(&no, 5, &"好".repeat(501))),
        "too_long"
    );
}

#[test]
fn the_wall_quotes_good_reviews_with_the_surname_only() {
    let (_dir, mut store) = peach_shop();
    let a = sold(&mut store, "王小美");
    add_one(&mut store, &review(&a, 5, "超甜"), &[]).unwrap();
    let b = sold(&mut store, "李四");
    add_one(&mut store, &review(&b, 1, "烂了"), &[]).unwrap();
    let clock = *store.clock();
    let w = wall(store.conn(), &clock, "p").unwrap();
    assert!(
        w.text
            .starts_with("【水蜜桃】买家晒单：2 条评价，平均 3.0★"),
        "{}",
        w.text
    );
    assert!(w.text.contains("★★★★★ 王**：超甜"), "{}", w.text);
    assert!(
        !w.text.contains("烂了") && !w.text.contains("小美"),
        "{}",
        w.text
    );
}
