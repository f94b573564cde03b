//! kill -9 during sync, against a real PostgreSQL: two terminals take
//! orders while their `shop sync` is killed at random moments mid-push and
//! mid-pull, and the server itself is stopped as a crash would stop it
//! mid-sync. Then one more sync each: nothing lost (every order on both),
//! nothing doubled (no order pushed twice), equal digests and a clean
//! `check`. `SYNC_CRASH_ITERATIONS` sets the rounds (default 50, two
//! kills each).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;
#[path = "../../core/tests/support/postgres.rs"]
mod postgres_cluster;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::run_json;
use postgres_cluster::Cluster;

fn sync_in_background(db: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_storefront"))
        .arg("--db")
        .arg(db)
        .args(["shop", "sync", "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn orders(db: &Path) -> u64 {
    run_json(db, &["orders", "list", "--limit", "1"])["total"]
        .as_u64()
        .unwrap()
}

/// Four orders on each terminal, offline. Each terminal's own customers:
/// the same new name typed on two terminals offline is two customers when
/// they meet (for the merchant to merge).
fn take_orders(main: &Path, helper: &Path, sku: &str, round: u64) {
    for (db, who) in [(main, "总店客"), (helper, "自提客")] {
        for i in 0..4 {
            let name = format!("{who}{round}-{i}");
            let line = format!("{sku}:1");
            let args = [
                "orders",
                "add",
                "--customer",
                &name,
                "--line",
                &line,
                "--allow-oversell",
            ];
            run_json(db, &args);
        }
    }
}

#[test]
fn sync_killed_at_random_moments_loses_nothing_and_doubles_nothing() {
    let rounds: u64 = std::env::var("SYNC_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let pg = Cluster::start();
    let url = pg.database("shop");
    let dir = tempfile::tempdir().unwrap();
    let (main, helper) = (dir.path().join("main.db"), dir.path().join("helper.db"));
    run_json(
        &main,
        &[
            "demo",
            "--orders",
            "200",
            "--seed",
            "9",
            "--until",
            "2026-11-30",
        ],
    );
    run_json(&main, &["shop", "publish", "--server", &url]);
    run_json(
        &helper,
        &["shop", "join", "--server", &url, "--terminal", "自提点"],
    );
    let start = orders(&main);
    let sku = run_json(&main, &["products", "list"])["products"][0]["sku"]
        .as_str()
        .unwrap()
        .to_string();

    let mut seed: u64 = 0x5EED;
    for round in 0..rounds {
        take_orders(&main, &helper, &sku, round);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (mut a, mut b) = (sync_in_background(&helper), sync_in_background(&main));
        std::thread::sleep(Duration::from_millis(5 + (seed >> 33) % 120));
        if round == rounds / 2 {
            // The server dies under both syncs, and comes back.
            pg.stop();
            pg.restart();
        }
        for child in [&mut a, &mut b] {
            let _ = child.kill();
            child.wait().unwrap();
        }
    }

    for db in [&helper, &main, &helper] {
        run_json(db, &["shop", "sync"]);
    }
    let taken = start + rounds * 8;
    assert_eq!(
        (orders(&main), orders(&helper)),
        (taken, taken),
        "every order on both"
    );
    let digest = run_json(&main, &["shop", "digest"]);
    assert_eq!(run_json(&helper, &["shop", "digest"]), digest);
    assert_eq!(
        run_json(&main, &["shop", "digest", "--server", &url]),
        digest
    );
    for db in [&main, &helper] {
        assert_eq!(run_json(db, &["check"])["ok"], true);
        assert_eq!(run_json(db, &["shop", "status"])["pending"], 0);
    }
    let doubled = pg.psql(
        "shop",
        "SELECT count(*) - count(DISTINCT key) FROM storefront_changes WHERE tbl = 'orders' AND row->>'status' = 'awaiting_payment'",
    );
    assert_eq!(doubled, "0", "no new order pushed twice");
}
