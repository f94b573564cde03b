//! Crash safety: the CLI takes orders in a loop and is killed with SIGKILL at
//! random moments. Every order it reported as saved must still be there, and
//! the database must pass SQLite's integrity check and the product's own.
//! `CRASH_ITERATIONS` raises the count (default 50).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use storefront_core::{check, Session, Store};

mod common;

fn storefront() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_storefront"));
    cmd.env("LANG", "C");
    cmd
}

#[test]
fn every_reported_order_survives_sigkill() {
    let iterations: u64 = std::env::var("CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let status = storefront()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--orders", "200", "--until", "2026-10-31"])
        .status()
        .unwrap();
    assert!(status.success());

    let mut saved: HashSet<String> = HashSet::new();
    // A small deterministic generator picks when to kill (5 to 400 ms in).
    let mut seed: u64 = 0x5EED;
    for _ in 0..iterations {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wait = Duration::from_millis(5 + (seed >> 33) % 395);
        let mut child = storefront()
            .arg("--db")
            .arg(&db)
            .args(["bench", "write-orders", "--count", "1000000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(no) = line.strip_prefix("saved ") {
                    let _ = tx.send(no.to_string());
                }
            }
        });
        let started = Instant::now();
        while started.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        saved.extend(rx.try_iter());
    }
    assert!(
        !saved.is_empty(),
        "the loop saved nothing: the test tested nothing"
    );

    let store = Store::open(&db, Session::new("test")).unwrap();
    let mut stmt = store.conn().prepare("SELECT order_no FROM orders").unwrap();
    let present: HashSet<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let lost: Vec<&String> = saved.iter().filter(|no| !present.contains(*no)).collect();
    assert!(
        lost.is_empty(),
        "{} reported orders were lost, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    let report = check::run(store.conn()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    println!(
        "{iterations} kills, {} orders reported saved, all present",
        saved.len()
    );
}

/// An import killed part-way has written some slices; the next open for
/// writing (once the import has been silent long enough to be surely dead)
/// takes them all back, and the shop passes its checks.
#[test]
fn an_import_killed_part_way_is_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_shop(dir.path());
    let count = || -> i64 {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .unwrap()
    };
    let before = count();
    let sku = common::run_json(&db, &["products", "list"])["products"][0]["sku"]
        .as_str()
        .unwrap()
        .to_string();
    let file = common::big_order_file(dir.path(), &sku, 20_000);
    let mut child = storefront()
        .arg("--db")
        .arg(&db)
        .args(["orders", "import", &file])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some slices are in.
    while count() < before + 500 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended first"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(count() > before, "nothing was written before the kill");
    // A minute of silence, as the next morning would bring.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE imports SET alive_at = alive_at - 120", [])
        .unwrap();
    // Read-only commands leave it, and `check` says so.
    let said = common::storefront(&db, &["check"]);
    assert!(!said.status.success());
    let text = String::from_utf8_lossy(&said.stdout) + String::from_utf8_lossy(&said.stderr);
    assert!(text.contains("stopped part-way"), "{text}");
    let store = Store::open(&db, Session::new("test")).unwrap();
    assert_eq!(count(), before);
    let state: String = store
        .conn()
        .query_row("SELECT state FROM imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(state, "undone");
    let report = check::run(store.conn()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
}
