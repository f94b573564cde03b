//! `suppliers`, `sync` and `purchase` through the real binary against a real
//! HTTP server on 127.0.0.1, as the OS scheduler and merchants' scripts run them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

mod common;
// Its test certificates, for an HTTPS feed.
#[path = "../../core/tests/support/postgres.rs"]
mod postgres_cluster;

use std::sync::Arc;

use common::{run_json, storefront, write};
use serde_json::Value;
use storefront_core::suppliers::loopback::{FeedServer, Reply};

fn products_csv(dir: &std::path::Path) -> String {
    write(dir, "products.csv", "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\npeach,水蜜桃,TAO-5,36.50,10\napple,苹果,APL-1,9.90,500\n")
}

/// A Shopify store selling TAO-5 at `price` (APL-1 too).
fn feed(
    price: &'static str,
) -> impl Fn(&storefront_core::suppliers::loopback::Request) -> Reply + Send + Sync + 'static {
    move |req| match req.query("page").as_deref() {
        Some("1") => Reply::json(format!(
            r#"{{"products":[{{"id":1,"title":"水蜜桃","variants":[{{"id":11,"title":"5斤","sku":"TAO-5","price":"{price}","available":true}}]}},
                {{"id":2,"title":"苹果","variants":[{{"id":21,"title":"1斤","sku":"APL-1","price":"4.00","available":true}}]}}]}}"#
        )),
        _ => Reply::json(r#"{"products":[]}"#),
    }
}

#[test]
fn a_feed_is_added_synced_by_the_scheduler_and_listed_as_the_contract_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_json(&db, &["products", "import", &products_csv(dir.path())]);
    let server = FeedServer::start(feed("20.00")).unwrap();
    let url = server.url("");
    run_json(
        &db,
        &[
            "suppliers",
            "add",
            "--name",
            "果园",
            "--kind",
            "shopify",
            "--url",
            &url,
            "--every",
            "6h",
        ],
    );

    // The OS scheduler's call: the new supplier is due.
    let v = run_json(&db, &["sync"]);
    let run = &v["runs"][0];
    assert_eq!(run["supplier"], "果园");
    assert_eq!(run["status"], "ok");
    assert_eq!(
        (
            run["seen"].as_i64(),
            run["created"].as_i64(),
            run["updated"].as_i64(),
            run["unchanged"].as_i64()
        ),
        (Some(2), Some(2), Some(0), Some(0))
    );
    assert!(run["error"].is_null());
    // Synced 6 hours ago it is not: nothing due.
    assert_eq!(
        run_json(&db, &["sync"])["runs"].as_array().unwrap().len(),
        0
    );

    let items = run_json(&db, &["suppliers", "items", "果园"]);
    let tao = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["supplier_sku"] == "TAO-5")
        .unwrap();
    assert_eq!(
        (
            tao["title"].as_str(),
            tao["cost"].as_str(),
            tao["available"].as_bool()
        ),
        (Some("水蜜桃 5斤"), Some("20.00"), Some(true))
    );
    assert!(tao.get("stock").is_none(), "Shopify gives no stock count");
    assert_eq!(tao["sku"], "TAO-5", "linked by SKU");

    // --once runs it anyway: unchanged, a 304.
    assert_eq!(
        run_json(&db, &["sync", "--once"])["runs"][0]["status"],
        "not_modified"
    );

    // The cost rises 25%: flagged, and a price suggested, not applied.
    server.set(feed("25.00"));
    let v = run_json(&db, &["sync", "--supplier", "果园"]);
    assert_eq!(
        (
            v["runs"][0]["updated"].as_i64(),
            v["runs"][0]["unchanged"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let changes = run_json(&db, &["suppliers", "changes"]);
    let up = changes["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "cost_up")
        .unwrap();
    assert_eq!(
        (up["flagged"].as_bool(), up["new_cost"].as_str()),
        (Some(true), Some("25.00"))
    );
    let prices = run_json(&db, &["suppliers", "prices"]);
    let s = &prices["suggestions"][0];
    assert_eq!(
        (
            s["sku"].as_str(),
            s["price"].as_str(),
            s["suggested"].as_str()
        ),
        (Some("TAO-5"), Some("36.50"), Some("45.70"))
    );
    let products = run_json(&db, &["products", "list"]);
    assert!(
        products.to_string().contains("36.50"),
        "the price waits for the merchant"
    );
    run_json(
        &db,
        &["suppliers", "prices", s["id"].as_str().unwrap(), "--apply"],
    );
    assert!(run_json(&db, &["products", "list"])
        .to_string()
        .contains("45.70"));
    assert_eq!(
        run_json(&db, &["suppliers", "runs", "果园"])["runs"]
            .as_array()
            .unwrap()
            .len(),
        3,
        "the run when none was due is no run"
    );
    assert_eq!(run_json(&db, &["check"])["ok"], true);
}

#[test]
fn a_failed_sync_exits_1_names_the_fault_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_json(&db, &["products", "import", &products_csv(dir.path())]);
    let server = FeedServer::start(feed("20.00")).unwrap();
    run_json(
        &db,
        &[
            "suppliers",
            "add",
            "--name",
            "果园",
            "--kind",
            "shopify",
            "--url",
            &server.url(""),
        ],
    );
    run_json(&db, &["sync", "--once"]);
    let before = run_json(&db, &["suppliers", "items", "果园"]);
    server.set(|req: &storefront_core::suppliers::loopback::Request| {
        if req.query("page").as_deref() == Some("2") {
            Reply::status(503, "busy")
        } else {
            Reply::json(r#"{"products":[{"id":9,"title":"新品","variants":[{"id":91,"sku":"NEW","price":"1.00"}]}]}"#)
        }
    });
    let out = storefront(&db, &["sync", "--once", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runs"][0]["status"], "error");
    assert!(
        v["runs"][0]["error"].as_str().unwrap().contains("503"),
        "{v}"
    );
    assert_eq!(
        run_json(&db, &["suppliers", "items", "果园"]),
        before,
        "nothing applied"
    );
    // A bad kind or URL is bad usage.
    let out = storefront(
        &db,
        &[
            "suppliers",
            "add",
            "--name",
            "x",
            "--kind",
            "ftp",
            "--url",
            "ftp://x",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_purchase_is_suggested_created_sent_as_json_and_received_with_its_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_json(&db, &["products", "import", &products_csv(dir.path())]);
    let posted = Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let seen = posted.clone();
    let server = FeedServer::start(move |req| {
        if req.method == "POST" {
            seen.lock()
                .unwrap()
                .push(serde_json::from_slice(&req.body).unwrap());
            return Reply::json("{\"accepted\":true}");
        }
        feed("20.00")(req)
    })
    .unwrap();
    let po_url = server.url("/orders");
    run_json(
        &db,
        &[
            "suppliers",
            "add",
            "--name",
            "果园",
            "--kind",
            "shopify",
            "--url",
            &server.url(""),
            "--lead-days",
            "3",
            "--po-url",
            &po_url,
        ],
    );
    run_json(&db, &["sync", "--once"]);
    // 10 peaches on the shelf, 6 sold today: 6/28 a day over 10 days, +0.
    run_json(
        &db,
        &["orders", "add", "--customer", "王阿姨", "--line", "TAO-5:6"],
    );
    let plan = run_json(&db, &["purchase", "suggest"]);
    assert!(
        plan["suppliers"].as_array().unwrap().is_empty(),
        "4 left cover 10 days at 6/28 a day: {plan}"
    );
    run_json(
        &db,
        &["orders", "add", "--customer", "李叔", "--line", "TAO-5:4"],
    );
    let plan = run_json(&db, &["purchase", "suggest"]);
    let line = &plan["suppliers"][0]["lines"][0];
    assert_eq!(
        (
            line["sku"].as_str(),
            line["available"].as_i64(),
            line["qty"].as_i64()
        ),
        (Some("TAO-5"), Some(0), Some(4)),
        "{plan}"
    );

    let created = run_json(&db, &["purchase", "create", "--suggested"]);
    let po = created["created"][0]["po_no"].as_str().unwrap().to_string();
    assert_eq!(created["created"][0]["total"], "80.00");
    run_json(&db, &["purchase", "send", &po]);
    let got = posted.lock().unwrap().clone();
    assert_eq!(
        (
            got[0]["po_no"].as_str(),
            got[0]["lines"][0]["supplier_sku"].as_str(),
            got[0]["lines"][0]["qty"].as_i64()
        ),
        (Some(po.as_str()), Some("TAO-5"), Some(4))
    );
    let sheet = dir.path().join("po.xlsx");
    run_json(
        &db,
        &["purchase", "send", &po, "--out", sheet.to_str().unwrap()],
    );
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"PK"));

    let d = run_json(
        &db,
        &[
            "purchase",
            "receive",
            &po,
            "--line",
            "TAO-5:3",
            "--invoice",
            "80.00",
        ],
    );
    assert_eq!(
        (d["status"].as_str(), d["lines"][0]["variance"].as_i64()),
        (Some("partly_received"), Some(-1))
    );
    assert_eq!(
        (
            d["invoice"]["received_value"].as_str(),
            d["invoice"]["difference"].as_str()
        ),
        (Some("60.00"), Some("20.00"))
    );
    let d = run_json(&db, &["purchase", "receive", &po, "--line", "TAO-5:1"]);
    assert_eq!(
        (d["status"].as_str(), d["invoice"]["matches"].as_bool()),
        (Some("received"), Some(true))
    );
    let out = storefront(&db, &["purchase", "receive", &po, "--line", "NOPE:1"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(run_json(&db, &["check"])["ok"], true);
}

#[test]
fn bench_sync_runs_small_and_reports_each_run() {
    let dir = tempfile::tempdir().unwrap();
    let v = run_json(
        &dir.path().join("b.db"),
        &["bench", "sync", "--variants", "600", "--per-product", "3"],
    );
    let runs = v["runs"].as_array().unwrap();
    let got: Vec<(&str, i64, i64)> = runs
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap(),
                r["created"].as_i64().unwrap(),
                r["updated"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("ok", 600, 0), ("not_modified", 0, 0), ("ok", 0, 120)]
    );
    assert_eq!(
        v["pages"], 2,
        "200 products: one page of 250 and the empty last one"
    );
    assert!(runs.iter().all(|r| r["ms"].as_f64().unwrap() > 0.0));
}

/// A real HTTPS server on 127.0.0.2 (OpenSSL's own `s_server`), serving the
/// files of `dir` with a certificate signed by a CA of the test's own.
struct HttpsServer {
    child: std::process::Child,
    port: u16,
    /// The CA's PEM file, for `SSL_CERT_FILE`.
    ca: std::path::PathBuf,
}

impl HttpsServer {
    fn start(dir: &std::path::Path) -> HttpsServer {
        let certs = dir.with_extension("certs");
        std::fs::create_dir(&certs).unwrap();
        let ca = postgres_cluster::make_certs(&certs);
        let port = std::net::TcpListener::bind("127.0.0.2:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = std::process::Command::new("openssl")
            .args(["s_server", "-quiet", "-WWW", "-cert"])
            .arg(certs.join("server.crt"))
            .arg("-key")
            .arg(certs.join("server.key"))
            .args(["-accept", &format!("127.0.0.2:{port}")])
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("openssl s_server");
        let addr = format!("127.0.0.2:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(&addr).is_ok() {
                return HttpsServer { child, port, ca };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("openssl s_server did not listen on {addr}");
    }
}

impl Drop for HttpsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_feed_over_https_is_trusted_only_with_a_certificate_the_os_trusts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let served = dir.path().join("served");
    std::fs::create_dir(&served).unwrap();
    write(
        &served,
        "list.csv",
        "货号,品名,进价,库存\nC1,大米,45.00,30\n",
    );
    let server = HttpsServer::start(&served);
    let url = format!("https://127.0.0.2:{}/list.csv", server.port);
    run_json(
        &db,
        &[
            "suppliers",
            "add",
            "--name",
            "粮油",
            "--kind",
            "csv",
            "--url",
            &url,
        ],
    );
    // The test's own CA is trusted by nobody: nothing is fetched.
    let out = storefront(&db, &["sync", "--once", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = v["runs"][0]["error"].as_str().unwrap().to_lowercase();
    assert!(error.contains("certificate"), "{v}");
    assert!(
        !error.contains("tried"),
        "a refused certificate is not retried: {v}"
    );
    assert_eq!(
        run_json(&db, &["suppliers", "items", "粮油"]),
        serde_json::json!([])
    );
    // Trusted, as a merchant's OS trusts a real supplier's CA: synced.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storefront"))
        .arg("--db")
        .arg(&db)
        .args(["sync", "--once", "--json"])
        .env("SSL_CERT_FILE", &server.ca)
        .output()
        .unwrap();
    let v = common::json(&out);
    assert_eq!(v["runs"][0]["status"], "ok", "{v}");
    let items = run_json(&db, &["suppliers", "items", "粮油"]);
    assert_eq!(items[0]["supplier_sku"], "C1", "{items}");
}
