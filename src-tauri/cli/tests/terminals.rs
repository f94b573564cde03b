//! `shop publish|join|sync|status|conflicts|digest` through the real binary against a real
//! PostgreSQL, as docs/CLI.md promises: the second terminal's file holds the
//! same shop (equal digests, a clean `check`), and a refused join exits 2
//! and leaves no file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;
#[path = "../../core/tests/support/postgres.rs"]
mod postgres_cluster;

use std::path::{Path, PathBuf};

use common::{run_json, storefront};
use postgres_cluster::Cluster;

/// The first product's SKU, for an order.
fn first_sku(db: &Path) -> String {
    run_json(db, &["products", "list"])["products"][0]["sku"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A demo shop in `main.db` published to the cluster's `shop` database,
/// and `helper.db` joined to it: their paths and the server's address.
fn published(pg: &Cluster, dir: &Path) -> (PathBuf, PathBuf, String) {
    let url = pg.database("shop");
    let (main, helper) = (dir.join("main.db"), dir.join("helper.db"));
    run_json(
        &main,
        &[
            "demo",
            "--orders",
            "300",
            "--seed",
            "3",
            "--until",
            "2026-11-30",
        ],
    );
    assert_eq!(
        run_json(&main, &["shop", "status"])["server"],
        serde_json::Value::Null
    );

    let published = run_json(&main, &["shop", "publish", "--server", &url]);
    assert_eq!(published["terminal"], "总店");
    let joined = run_json(
        &helper,
        &["shop", "join", "--server", &url, "--terminal", "自提点"],
    );
    assert!(joined["rows"].as_u64().unwrap() > 1000, "{joined}");

    (main, helper, url)
}

#[test]
fn a_second_terminal_joins_the_published_shop() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let (main, helper, url) = published(&pg, dir.path());
    let digest = run_json(&main, &["shop", "digest"]);
    assert_eq!(run_json(&helper, &["shop", "digest"]), digest);
    assert_eq!(
        run_json(&helper, &["shop", "digest", "--server", &url]),
        digest
    );
    assert_eq!(run_json(&helper, &["check"])["ok"], true);
    let status = run_json(&helper, &["shop", "status"]);
    assert_eq!(
        (status["server"].as_str(), status["terminal"].as_str()),
        (Some(url.as_str()), Some("自提点"))
    );

    let alone = dir.path().join("alone.db");
    let out = storefront(&alone, &["shop", "sync", "--json"]);
    assert_eq!(out.status.code(), Some(2));

    let again = dir.path().join("again.db");
    let out = storefront(
        &again,
        &[
            "shop",
            "join",
            "--server",
            &url,
            "--terminal",
            "自提点",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["kind"], "terminal_name_taken");
    assert!(!again.exists());
}

#[test]
fn an_order_taken_on_one_terminal_reaches_the_other_by_sync() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let (main, helper, _) = published(&pg, dir.path());
    let sku = first_sku(&main);
    let no = common::take_order(&helper, "自提点的客人", &format!("{sku}:1"));
    assert!(
        no.contains("-B"),
        "the helper's numbers carry its letter: {no}"
    );
    assert_eq!(
        run_json(&helper, &["shop", "status"])["pending"]
            .as_u64()
            .map(|n| n > 0),
        Some(true)
    );
    // A server holding a newer Storefront's shop: exit 2, nothing pushed.
    let ours = run_json(&helper, &["init"])["schema_version"]
        .as_i64()
        .unwrap();
    let say = |v: i64| {
        pg.psql(
            "shop",
            &format!("UPDATE storefront_meta SET value = '{v}' WHERE key = 'schema_version'"),
        )
    };
    say(ours + 1);
    let out = storefront(&helper, &["shop", "sync", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["kind"], "server_schema_differs", "{e}");
    say(ours);
    let pushed = run_json(&helper, &["shop", "sync"]);
    assert!(
        pushed["pushed"].as_u64().unwrap() > 0 && pushed["pending"] == 0,
        "{pushed}"
    );
    let pulled = run_json(&main, &["shop", "sync"]);
    assert!(pulled["pulled"].as_u64().unwrap() > 0, "{pulled}");
    assert_eq!(
        run_json(&main, &["orders", "show", &no])["order"]["order_no"],
        no.as_str()
    );
    let digest = run_json(&main, &["shop", "digest"]);
    assert_eq!(run_json(&helper, &["shop", "digest"]), digest);
    assert_eq!(
        run_json(&main, &["shop", "conflicts"]),
        serde_json::json!([])
    );
}

#[test]
fn a_retired_terminal_is_refused_with_what_it_still_holds() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let (main, helper, _) = published(&pg, dir.path());
    let sku = first_sku(&main);
    common::take_order(&helper, "丢了电脑的客人", &format!("{sku}:1"));
    assert_eq!(
        run_json(&main, &["shop", "retire", "自提点"])["retired"],
        "自提点"
    );
    let out = storefront(&helper, &["shop", "sync", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["kind"], "terminal_retired");
    assert!(e["args"]["pending"].as_str().unwrap() != "0", "{e}");
    let unknown = storefront(&main, &["shop", "retire", "没有这台", "--json"]);
    assert_eq!(unknown.status.code(), Some(2));
    // The retired terminal's order never reached the shop.
    assert_eq!(run_json(&main, &["shop", "sync"])["pulled"], 0);
}

#[test]
fn a_conflict_is_listed_and_settled_by_restoring_the_overwritten_value() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let (main, helper, _) = published(&pg, dir.path());
    run_json(&main, &["shop", "set", "--name", "总店起的名"]);
    run_json(&helper, &["shop", "set", "--name", "自提点起的名"]);
    run_json(&main, &["shop", "sync"]);
    assert_eq!(run_json(&helper, &["shop", "sync"])["conflicts"], 1);
    run_json(&main, &["shop", "sync"]);
    let listed = run_json(&main, &["shop", "conflicts"]);
    let c = &listed[0];
    assert_eq!(
        (c["kept_terminal"].as_str(), c["lost_terminal"].as_str()),
        (Some("自提点"), Some("总店"))
    );
    assert_eq!(c["lost_row"]["value"], "总店起的名");
    let seq = c["seq"].to_string();
    let wrong = storefront(
        &main,
        &["shop", "resolve", &seq, "--keep", "both", "--json"],
    );
    assert_eq!(wrong.status.code(), Some(2));
    run_json(&main, &["shop", "resolve", &seq, "--keep", "overwritten"]);
    run_json(&main, &["shop", "sync"]);
    run_json(&helper, &["shop", "sync"]);
    for db in [&main, &helper] {
        assert_eq!(run_json(db, &["shop", "show"])["name"], "总店起的名");
    }
    assert_eq!(
        run_json(&main, &["shop", "conflicts"]),
        serde_json::json!([])
    );
    let again = storefront(
        &main,
        &["shop", "resolve", &seq, "--keep", "kept", "--json"],
    );
    assert_eq!(again.status.code(), Some(2), "settled once");
}

#[test]
fn a_terminal_of_a_second_store_moves_stock_there() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let (main, _, url) = published(&pg, dir.path());
    let second = dir.path().join("second.db");
    let joined = run_json(
        &second,
        &[
            "shop",
            "join",
            "--server",
            &url,
            "--terminal",
            "二店收银",
            "--location",
            "二店",
        ],
    );
    assert_eq!(joined["location"], "二店");
    assert_eq!(run_json(&second, &["shop", "status"])["location"], "二店");
    let sku = first_sku(&main);
    run_json(&second, &["stock", "receive", &sku, "10"]);
    run_json(&second, &["shop", "sync"]);
    run_json(&main, &["shop", "sync"]);
    let shop =
        storefront_core::Store::open_read(&main, storefront_core::Session::new("test")).unwrap();
    let at_second: i64 = shop
        .conn()
        .query_row(
            "SELECT sum(m.qty) FROM stock_movements m JOIN locations l ON l.id = m.location_id WHERE l.name = '二店'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        at_second, 10,
        "received at the second store, seen by the main one"
    );
    assert_eq!(
        run_json(&main, &["shop", "digest"]),
        run_json(&second, &["shop", "digest"])
    );
    assert_eq!(run_json(&main, &["check"])["ok"], true);
}

/// `storefront` on `db` with this computer's clock ten minutes fast
/// (libfaketime), as a terminal whose clock is wrong.
fn ten_minutes_fast(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new("faketime")
        .args(["-f", "+10m", env!("CARGO_BIN_EXE_storefront"), "--db"])
        .arg(db)
        .args(args)
        .arg("--json")
        .env("LANG", "C")
        .output()
        .expect("faketime (Debian's faketime package, installed by .ci/install)");
    common::json(&out)
}

#[test]
fn a_terminal_whose_clock_is_ten_minutes_fast_dates_orders_by_the_server() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let (main, helper, _) = published(&pg, dir.path());
    let synced = ten_minutes_fast(&helper, &["shop", "sync"]);
    assert_eq!(synced["pending"], 0, "{synced}");
    let offset = ten_minutes_fast(&helper, &["shop", "status"])["clock_offset"]
        .as_i64()
        .unwrap();
    assert!(
        (-610..=-590).contains(&offset),
        "the clock is 600 s ahead: {offset}"
    );
    let sku = first_sku(&main);
    let line = format!("{sku}:1");
    let no = ten_minutes_fast(
        &helper,
        &["orders", "add", "--customer", "快钟客人", "--line", &line],
    )["order_no"]
        .as_str()
        .unwrap()
        .to_string();
    let placed = run_json(&helper, &["orders", "show", &no])["order"]["placed_at"]
        .as_str()
        .unwrap()
        .to_string();
    let placed = chrono::NaiveDateTime::parse_from_str(&placed, "%Y-%m-%d %H:%M:%S").unwrap();
    let shanghai = chrono::Utc::now().naive_utc() + chrono::Duration::hours(8);
    let off = (placed - shanghai).num_seconds().abs();
    assert!(
        off < 60,
        "dated by the server's clock, not ten minutes ahead: {placed} vs {shanghai}"
    );
}

#[test]
fn a_server_off_this_machine_is_reached_over_tls_with_its_certificate_checked() {
    let (pg, ca) = Cluster::start_tls();
    pg.database("shop");
    let url = format!("postgres://storefront@127.0.0.2:{}/shop", pg.port);
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.db");
    run_json(
        &main,
        &[
            "demo",
            "--orders",
            "50",
            "--seed",
            "4",
            "--until",
            "2026-11-30",
        ],
    );
    // The test's own CA is trusted by nobody: the connection is refused.
    let untrusted = storefront(&main, &["shop", "publish", "--server", &url, "--json"]);
    assert_eq!(untrusted.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&untrusted.stderr).unwrap();
    assert_eq!(e["kind"], "server");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("certificate"),
        "{e}"
    );
    // Trusting it (as a shop would install its server's CA): published.
    let trusted = std::process::Command::new(env!("CARGO_BIN_EXE_storefront"))
        .arg("--db")
        .arg(&main)
        .args(["shop", "publish", "--server", &url, "--json"])
        .env("SSL_CERT_FILE", &ca)
        .output()
        .unwrap();
    assert_eq!(common::json(&trusted)["terminal"], "总店");
    assert_eq!(
        pg.psql("shop", "SELECT count(*) > 0 FROM orders"),
        "t",
        "the shop went over TLS"
    );
}
