//! `customers duplicates`, `merge` and `unmerge` on a real shop file: the
//! same person found by phone, folded into one, and put back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use common::{demo_shop, run_json, storefront};

#[test]
fn duplicates_are_found_merged_and_the_merge_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let listed = run_json(&db, &["customers", "list", "--limit", "2"]);
    let (total, a, b) = (
        listed["total"].as_u64().unwrap(),
        listed["customers"][0]["id"].as_str().unwrap().to_string(),
        listed["customers"][1]["id"].as_str().unwrap().to_string(),
    );
    // The same person entered twice, with one phone.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE customers SET phone = '13912345678' WHERE id IN (?1, ?2)",
        [&a, &b],
    )
    .unwrap();
    drop(conn);
    let groups = run_json(&db, &["customers", "duplicates"]);
    let group = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "13912345678")
        .expect("found by phone");
    assert_eq!(group["reason"], "phone");
    assert_eq!(group["customers"].as_array().unwrap().len(), 2);

    let merged = run_json(&db, &["customers", "merge", &a, &b]);
    let merge_id = merged["merges"][0]["merge_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        run_json(&db, &["customers", "list"])["total"]
            .as_u64()
            .unwrap(),
        total - 1
    );
    assert!(storefront(&db, &["check"]).status.success());
    let itself = storefront(&db, &["customers", "merge", &a, &a]);
    assert_eq!(itself.status.code(), Some(2));

    run_json(&db, &["customers", "unmerge", &merge_id]);
    assert_eq!(
        run_json(&db, &["customers", "list"])["total"]
            .as_u64()
            .unwrap(),
        total
    );
    assert!(storefront(&db, &["check"]).status.success());
    let twice = storefront(&db, &["customers", "unmerge", &merge_id]);
    assert_eq!(twice.status.code(), Some(2));
}
