//! Reads never wait behind a writer: while another process holds the shop's
//! write lock (a long import, a sync), lists, `check`, reports and backups
//! still answer, since opening for them writes nothing. Prints the latency
//! each saw; nothing here is a timed assertion.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;

use std::time::Instant;

use common::{big_order_file, demo_shop, import_state, storefront};

#[test]
fn lists_check_and_backup_answer_while_a_writer_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let writer = rusqlite::Connection::open(&db).unwrap();
    // Held for as long as the reads take: a read that waited for it would
    // fail with "database is locked" after its 10 s busy timeout.
    writer
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO shop_settings(key, value) VALUES ('held', 'by a long import');")
        .unwrap();
    let copy = dir.path().join("backup.db");
    let reads: [&[&str]; 6] = [
        &["orders", "list", "--json"],
        &["products", "list", "--json"],
        &["check", "--json"],
        &[
            "report",
            "sales",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--json",
        ],
        &["picklist", "--day", "2026-10-31", "--json"],
        &["backup", copy.to_str().unwrap(), "--json"],
    ];
    for args in reads {
        let started = Instant::now();
        let out = storefront(&db, args);
        let ms = started.elapsed().as_millis();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!("{:<10} {ms} ms while the write lock is held", args[0]);
    }
    writer.execute_batch("ROLLBACK").unwrap();
    let out = storefront(&db, &["check", "--json"]);
    assert!(out.status.success());
    assert!(copy.exists());
}

/// A backup reads one snapshot for as long as it takes; order entry goes on
/// beside it (WAL), each order saved at once.
#[test]
fn order_entry_goes_on_during_a_long_backup_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let sku = common::run_json(&db, &["products", "list"])["products"][0]["sku"]
        .as_str()
        .unwrap()
        .to_string();
    let reader = rusqlite::Connection::open(&db).unwrap();
    // The snapshot a backup holds while it copies a large shop.
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM orders;")
        .unwrap();
    for i in 0..3 {
        let started = Instant::now();
        let out = storefront(
            &db,
            &[
                "orders",
                "add",
                "--customer",
                &format!("备份时的客人{i}"),
                "--line",
                &format!("{sku}:1"),
                "--allow-oversell",
                "--json",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "orders add {} ms while a backup's snapshot is open",
            started.elapsed().as_millis()
        );
    }
    reader.execute_batch("COMMIT").unwrap();
    let copy = dir.path().join("after.db");
    assert!(storefront(&db, &["backup", copy.to_str().unwrap()])
        .status
        .success());
}

/// A big order import writes in slices; an order taken meanwhile goes in
/// between two of them instead of waiting for the whole file (or failing
/// with "database is locked"), and the import still lands whole.
#[test]
fn order_entry_goes_on_during_a_long_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_shop(dir.path());
    let sku = common::run_json(&db, &["products", "list"])["products"][0]["sku"]
        .as_str()
        .unwrap()
        .to_string();
    let count = || -> i64 {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .unwrap()
    };
    let orders_before = count();
    let file = big_order_file(dir.path(), &sku, 20_000);
    let mut import = std::process::Command::new(env!("CARGO_BIN_EXE_storefront"))
        .arg("--db")
        .arg(&db)
        .args(["orders", "import", &file, "--json"])
        .env("LANG", "C")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    while import_state(&db).as_deref() != Some("writing") {
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import ended before it was seen writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mut taken = 0;
    while import_state(&db).as_deref() == Some("writing") && taken < 5 {
        let started = Instant::now();
        let out = storefront(
            &db,
            &[
                "orders",
                "add",
                "--customer",
                "录单的客人",
                "--line",
                &format!("{sku}:1"),
                "--allow-oversell",
                "--json",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "orders add {} ms while an import of 20,000 orders writes",
            started.elapsed().as_millis()
        );
        taken += 1;
    }
    assert!(import.wait().unwrap().success());
    assert!(
        taken > 0,
        "the import ended before an order could be taken beside it"
    );
    assert_eq!(import_state(&db).as_deref(), Some("done"));
    assert_eq!(count(), orders_before + 20_000 + taken as i64);
    assert!(storefront(&db, &["check"]).status.success());
}
