//! Arrival days (预售 / 到货日): a 接龙 whose header says `明天下午到货`
//! is picked tomorrow, an order taken for a later day is picked that day,
//! and a day in the past is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::path::Path;
use std::process::Output;

use common::{demo_shop, json, run_json, storefront, write};
use serde_json::Value;

/// The order numbers on a pick list.
fn picked(db: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["picklist"];
    all.extend_from_slice(args);
    let list: Value = run_json(db, &all);
    list["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["orders"].as_array().unwrap().iter())
        .map(|o| o["order_no"].as_str().unwrap().to_string())
        .collect()
}

/// `orders add` of one SX001-1 arriving on `day`, as typed.
fn presale(db: &Path, day: &str) -> Output {
    storefront(
        db,
        &[
            "orders",
            "add",
            "--customer",
            "预售客人",
            "--line",
            "SX001-1:1",
            "--arrives",
            day,
            "--json",
        ],
    )
}

#[test]
fn a_list_arriving_tomorrow_is_picked_tomorrow_and_a_past_day_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let today = run_json(&db, &["picklist"])["day"]
        .as_str()
        .unwrap()
        .to_string();
    let tomorrow = (chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap()
        + chrono::Duration::days(1))
    .to_string();
    let list = write(
        dir.path(),
        "接龙.txt",
        "#接龙 阳山水蜜桃 3斤装 今天下单 明天下午到货\n1. 到货测试客人 水蜜桃1\n",
    );
    let parsed = run_json(&db, &["solitaire", "parse", &list, "--commit"]);
    assert_eq!(parsed["arrives_on"], tomorrow.as_str());
    let no = parsed["orders"][0].as_str().expect("an order").to_string();
    assert!(
        !picked(&db, &["--arrival", &today]).contains(&no),
        "not today's"
    );
    assert!(picked(&db, &["--arrival", &tomorrow]).contains(&no));
    assert!(
        picked(&db, &["--day", &today]).contains(&no),
        "placed today"
    );
    assert_eq!(
        run_json(&db, &["orders", "show", &no])["order"]["arrives_on"],
        tomorrow.as_str()
    );

    let later = json(&presale(&db, &tomorrow));
    let later = later["order_no"].as_str().unwrap().to_string();
    assert!(picked(&db, &["--arrival", &tomorrow]).contains(&later));
    let past = presale(&db, "2020-01-01");
    assert_eq!(past.status.code(), Some(2));
}

/// A live session whose goods arrive tomorrow: an order taken with its code
/// carries the day and is picked tomorrow; a campaign arriving in the past
/// is refused.
#[test]
fn an_order_in_a_pre_sale_campaign_arrives_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let today = run_json(&db, &["picklist"])["day"]
        .as_str()
        .unwrap()
        .to_string();
    let day = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap();
    let (tomorrow, yesterday) = (
        (day + chrono::Duration::days(1)).to_string(),
        (day - chrono::Duration::days(1)).to_string(),
    );
    let add = |code: &str, arrives: &str| {
        let args = [
            "campaigns",
            "add",
            "--name",
            code,
            "--kind",
            "live",
            "--from",
            &today,
            "--to",
            &today,
            "--code",
            code,
            "--arrives",
            arrives,
            "--json",
        ];
        storefront(&db, &args)
    };
    assert!(add("YS1", &tomorrow).status.success());
    assert_eq!(
        add("YS0", &yesterday).status.code(),
        Some(2),
        "an arrival day in the past"
    );
    let made = run_json(
        &db,
        &[
            "orders",
            "add",
            "--customer",
            "预售客人",
            "--line",
            "SX001-1:1",
            "--campaign",
            "YS1",
        ],
    );
    let no = made["order_no"].as_str().unwrap().to_string();
    assert_eq!(
        run_json(&db, &["orders", "show", &no])["order"]["arrives_on"],
        tomorrow.as_str()
    );
    assert!(picked(&db, &["--arrival", &tomorrow]).contains(&no));
    assert!(!picked(&db, &["--arrival", &today]).contains(&no));
}
