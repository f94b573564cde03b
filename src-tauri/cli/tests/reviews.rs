//! `reviews add/list/wall` and `customers due/reminded` on a real shop
//! file: a photo kept beside the shop, a bad review opening a ticket, the
//! due list and its reminder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use common::{run_json, storefront, take_order};

fn shop(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("shop.db");
    run_json(&db, &["demo", "--orders", "400", "--seed", "5"]);
    db
}

fn a_sku(db: &std::path::Path) -> String {
    run_json(db, &["products", "list", "--limit", "1"])["products"][0]["sku"]
        .as_str()
        .unwrap()
        .to_string()
}

fn reviews(db: &std::path::Path) -> usize {
    run_json(db, &["reviews", "list", "--limit", "100000"])
        .as_array()
        .unwrap()
        .len()
}

fn tickets(db: &std::path::Path) -> usize {
    run_json(db, &["aftersales", "list"])["tickets"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_review_with_a_photo_shows_on_the_product_and_a_bad_one_opens_a_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop(dir.path());
    let sku = a_sku(&db);
    let line = format!("{sku}:1");
    let good = take_order(&db, "13800009999", &line);
    let before = reviews(&db);
    let photo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/icons/32x32.png");
    let added = run_json(
        &db,
        &[
            "reviews",
            "add",
            &good,
            "--stars",
            "5",
            "--text",
            "很甜",
            "--photo",
            photo,
            "--source",
            "wechat_group",
        ],
    );
    assert!(added["ticket_id"].is_null());
    let listed = run_json(&db, &["reviews", "list", "--product", &sku]);
    let first = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["order_no"] == good.as_str())
        .expect("on the product");
    assert_eq!(
        (first["stars"].as_i64(), first["text"].as_str()),
        (Some(5), Some("很甜"))
    );
    let path = first["photos"][0].as_str().unwrap();
    assert!(
        dir.path().join(path).exists(),
        "the photo is kept beside the shop: {path}"
    );

    let tickets_before = tickets(&db);
    let bad = take_order(&db, "13800009998", &line);
    let added = run_json(
        &db,
        &["reviews", "add", &bad, "--stars", "1", "--text", "烂了两个"],
    );
    assert!(added["ticket_id"].is_string(), "{added}");
    assert_eq!(tickets(&db), tickets_before + 1);
    let listed = run_json(&db, &["reviews", "list", "--product", &sku]);
    assert_eq!(listed[0]["stars"], 1, "bad reviews first");
    let wall = run_json(&db, &["reviews", "wall", &sku]);
    assert!(wall["text"].as_str().unwrap().contains("很甜"), "{wall}");
    assert_eq!(wall["photos"].as_array().unwrap().len(), 1);

    // Refused, with the shop unchanged: six stars, a text file as a photo.
    let six = storefront(&db, &["reviews", "add", &good, "--stars", "6"]);
    assert_eq!(six.status.code(), Some(2));
    let text = common::write(dir.path(), "a.png", "not a picture");
    let not_photo = storefront(
        &db,
        &["reviews", "add", &good, "--stars", "4", "--photo", &text],
    );
    assert_eq!(not_photo.status.code(), Some(2));
    assert_eq!(reviews(&db), before + 2);
    assert!(storefront(&db, &["check"]).status.success());
}

#[test]
fn the_due_list_prints_its_fields_and_a_reminder_takes_one_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop(dir.path());
    // A regular who buys every 7 days, last a week ago (in shop time).
    let sku = a_sku(&db);
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let mut file = String::from(
        "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark,,,,,status\n",
    );
    for (i, back) in [21, 14, 7].iter().enumerate() {
        let day = today - chrono::Duration::days(*back);
        file.push_str(&format!(
            "R{i},{day} 12:00:00,wechat,老顾客,13700000001,{sku},2,9.90,,,,,,completed\n"
        ));
    }
    let file = common::write(dir.path(), "regular.csv", &file);
    run_json(&db, &["orders", "import", &file]);
    let due = run_json(&db, &["customers", "due", "--days", "0"]);
    let rows = due.as_array().expect("an array");
    let regular = rows
        .iter()
        .find(|r| r["customer"] == "老顾客")
        .expect("due today");
    assert_eq!(regular["usual_interval_days"], 7);
    assert_eq!(regular["due"], today.to_string());
    for key in [
        "customer",
        "phone",
        "product",
        "usual_interval_days",
        "last_bought",
        "due",
        "message",
    ] {
        assert!(rows[0].get(key).is_some(), "{key} in {}", rows[0]);
    }
    let who = regular["customer_id"].as_str().unwrap();
    run_json(&db, &["customers", "reminded", who]);
    let after = run_json(&db, &["customers", "due", "--days", "0"]);
    assert!(after
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["customer_id"] != who));
    let far = storefront(&db, &["customers", "due", "--days", "400"]);
    assert_eq!(far.status.code(), Some(2));
}

#[test]
fn a_pasted_group_feedback_is_matched_flagged_and_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop(dir.path());
    let sku = a_sku(&db);
    take_order(&db, "13800007777", &format!("{sku}:1"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE customers SET name = '小雨妈妈' WHERE phone = '13800007777'",
        [],
    )
    .unwrap();
    drop(conn);
    let pasted = common::write(
        dir.path(),
        "feedback.txt",
        "1. 小雨妈妈：很新鲜，孩子爱吃 5星\n2. 不认识的人：还不错\n",
    );
    let before = reviews(&db);
    let read = run_json(&db, &["reviews", "paste", &pasted]);
    let lines = read["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["flags"].as_array().unwrap().is_empty());
    assert_eq!(lines[1]["flags"][0], "unknown_customer");
    // Unsure lines stop the whole paste; skipping them records the rest.
    let refused = storefront(&db, &["reviews", "paste", &pasted, "--commit"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(reviews(&db), before);
    let done = run_json(
        &db,
        &["reviews", "paste", &pasted, "--commit", "--skip-unsure"],
    );
    assert_eq!(done["recorded"]["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(done["recorded"]["skipped"][0], 2);
    let again = run_json(
        &db,
        &["reviews", "paste", &pasted, "--commit", "--skip-unsure"],
    );
    assert_eq!(
        again["recorded"]["reviews"].as_array().unwrap().len(),
        0,
        "pasted twice, recorded once"
    );
    assert_eq!(reviews(&db), before + 1);
}
