//! `shop publish|join|status|digest` through the real binary against a real
//! PostgreSQL, as docs/CLI.md promises: the second terminal's file holds the
//! same shop (equal digests, a clean `check`), and a refused join exits 2
//! and leaves no file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;
#[path = "../../core/tests/support/postgres.rs"]
mod postgres_cluster;

use common::{run_json, storefront};
use postgres_cluster::Cluster;

#[test]
fn a_second_terminal_joins_the_published_shop() {
    let pg = Cluster::start();
    let url = pg.database("shop");
    let dir = tempfile::tempdir().unwrap();
    let (main, helper) = (dir.path().join("main.db"), dir.path().join("helper.db"));
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
