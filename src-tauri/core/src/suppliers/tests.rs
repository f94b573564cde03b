//! Syncs against a real HTTP server on 127.0.0.1: recorded feeds, changes
//! between runs, and every way a server fails — each failure a failed run
//! that changed nothing, with the next run still working.

use std::sync::Arc;
use std::time::Duration;

use super::http::HttpOptions;
use super::loopback::{serve_shopify, shopify_pages, FeedServer, Reply};
use super::*;
use crate::progress::Silent;
use crate::store::Store;
use crate::testing::peach_shop;

/// What a bad server does with a request.
type Handler = Box<dyn Fn(&super::loopback::Request) -> Reply + Send + Sync>;

/// Quick retries so a test of a failing server takes milliseconds.
fn fast() -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_millis(800),
        max_body: 4 * 1024 * 1024,
        retries: 2,
        backoff: Duration::from_millis(5),
    }
}

fn add(store: &mut Store, name: &str, kind: &str, url: &str) -> String {
    let input = SupplierInput {
        name: name.into(),
        feed_kind: Some(kind.into()),
        feed_url: Some(url.into()),
        lead_days: 2,
        ..Default::default()
    };
    store.write(|w| save(w, &input)).unwrap()
}

const SHOPIFY_PAGE: &str = r#"{"products":[{"id":1,"title":"水蜜桃","body_html":"<p>甜</p>","tags":["fruit"],"variants":[
  {"id":11,"title":"5斤装","sku":"TAO-5","price":"20.00","available":true,"compare_at_price":"25.00"},
  {"id":12,"title":"10斤装","sku":"TAO-10","price":"38.00","available":true}]},
  {"id":2,"title":"苹果","variants":[{"id":21,"title":"Default Title","sku":"APL","price":"9.90","available":false}]}]}"#;

fn one_page_shopify(
    page1: &'static str,
) -> impl Fn(&super::loopback::Request) -> Reply + Send + Sync + 'static {
    move |req| match req.query("page").as_deref() {
        Some("1") => Reply::json(page1),
        _ => Reply::json(r#"{"products":[]}"#),
    }
}

/// Everything a failed run must leave as it was.
fn snapshot(store: &Store) -> (i64, i64, i64, i64) {
    store
        .conn()
        .query_row(
            "SELECT (SELECT total(cost_fen) FROM supplier_items), (SELECT count(*) FROM supplier_items WHERE gone = 0),
                    (SELECT count(*) FROM sync_changes), (SELECT cost_fen FROM variants WHERE sku = 'TAO-5')",
            [],
            |r| Ok((r.get::<_, f64>(0)? as i64, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

#[test]
fn a_shopify_feed_syncs_links_by_sku_and_a_second_run_costs_nothing() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(one_page_shopify(SHOPIFY_PAGE)).unwrap();
    let id = add(&mut store, "果园", "shopify", &server.url(""));
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!(
        (r.status.as_str(), r.seen, r.created, r.changes.new),
        ("ok", 3, 3, 3),
        "{r:?}"
    );
    let items = items(store.conn(), &id).unwrap();
    let tao = items.iter().find(|i| i.supplier_sku == "TAO-5").unwrap();
    assert_eq!(
        (tao.sku.as_deref(), tao.linked_by.as_deref(), tao.cost.fen()),
        (Some("TAO-5"), Some("sku"), 2000)
    );
    assert!(
        !items
            .iter()
            .find(|i| i.supplier_sku == "APL")
            .unwrap()
            .available
    );
    assert_eq!(
        snapshot(&store).3,
        2000,
        "the shop's cost follows the linked item"
    );
    let asked = server.take_requests();
    assert_eq!(
        asked,
        vec![
            "/products.json?limit=250&page=1",
            "/products.json?limit=250&page=2"
        ]
    );

    let again = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!(again.status, "not_modified", "{again:?}");
    assert_eq!(
        server.take_requests().len(),
        2,
        "two conditional requests, both 304"
    );
}

#[test]
fn cost_changes_are_listed_flagged_and_suggest_a_price() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(one_page_shopify(SHOPIFY_PAGE)).unwrap();
    let id = add(&mut store, "果园", "shopify", &server.url("/products.json"));
    sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    store.write(|w| changes::mark_reviewed(w, &[])).unwrap();
    // TAO-5 up 15% (flagged over 10%), TAO-10 down, APL back in stock, a new
    // item, and nothing else: the old page's second product is gone.
    server.set(one_page_shopify(
        r#"{"products":[{"id":1,"title":"水蜜桃","variants":[
        {"id":11,"title":"5斤装","sku":"TAO-5","price":"23.00","available":true},
        {"id":12,"title":"10斤装","sku":"TAO-10","price":"36.00","available":false}]},
        {"id":3,"title":"梨","variants":[{"id":31,"title":"Default Title","sku":"PEAR","price":"6.00","available":true}]}]}"#,
    ));
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!(
        (r.seen, r.created, r.updated, r.unchanged),
        (3, 1, 3, 0),
        "{r:?}"
    );
    let c = &r.changes;
    assert_eq!(
        (
            c.new,
            c.cost_up,
            c.cost_down,
            c.out_of_stock,
            c.gone,
            c.flagged
        ),
        (1, 1, 1, 1, 1, 1),
        "{c:?}"
    );
    let open = changes::list(store.conn(), store.clock(), false, 100).unwrap();
    assert_eq!(open.len(), 5);
    assert!(
        open[0].flagged && open[0].supplier_sku == "TAO-5" && open[0].change_bp == Some(1500),
        "flagged first: {:?}",
        open[0]
    );
    // The shop's cost followed; the price did not move by itself.
    let (cost, price): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT cost_fen, price_fen FROM variants WHERE sku='TAO-5'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((cost, price), (2300, 3650));
    let s = changes::suggestions(store.conn(), store.clock()).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(
        s[0].suggested.fen(),
        4200,
        "36.50 × 23/20 = 41.975 → 42.00 keeps the margin"
    );
    store
        .write(|w| changes::decide(w, &s[0].id, Some(s[0].suggested)))
        .unwrap();
    let price: i64 = store
        .conn()
        .query_row(
            "SELECT price_fen FROM variants WHERE sku='TAO-5'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(price, 4200);
    let item = items(store.conn(), &id)
        .unwrap()
        .into_iter()
        .find(|i| i.supplier_sku == "TAO-5")
        .unwrap();
    let history: Vec<i64> = changes::cost_history(store.conn(), store.clock(), &item.id)
        .unwrap()
        .iter()
        .map(|p| p.cost.fen())
        .collect();
    assert_eq!(history, vec![2000, 2300]);
    assert!(crate::check::run(store.conn()).unwrap().ok);
}

#[test]
fn a_woocommerce_store_pages_by_its_headers_in_its_own_minor_unit() {
    let (_dir, mut store) = peach_shop();
    let page = |n: usize| {
        let items: Vec<String> = (0..if n == 1 { 100 } else { 7 })
            .map(|i| format!(r#"{{"id":{n}{i:03},"name":"Item {n}-{i}","sku":"W{n}-{i}","prices":{{"price":"{}","currency_minor_unit":3}},"is_in_stock":true,"low_stock_remaining":null,"variations":[]}}"#, 12_345 + i))
            .collect();
        format!("[{}]", items.join(","))
    };
    let server = FeedServer::start(move |req| {
        let n: usize = req.query("page").unwrap().parse().unwrap();
        assert_eq!(req.path(), "/wp-json/wc/store/v1/products");
        Reply::json(page(n))
            .with_header("X-WP-Total", "107")
            .with_header("X-WP-TotalPages", "2")
    })
    .unwrap();
    let id = add(&mut store, "Woo", "woocommerce", &server.url("/"));
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!((r.status.as_str(), r.seen), ("ok", 107), "{r:?}");
    assert_eq!(server.take_requests().len(), 2, "stops at X-WP-TotalPages");
    let first = items(store.conn(), &id)
        .unwrap()
        .into_iter()
        .find(|i| i.supplier_sku == "W1-0")
        .unwrap();
    assert_eq!(first.cost.fen(), 1235, "12.345 in a 3-decimal currency");
}

#[test]
fn a_csv_price_list_and_a_mapped_json_document_sync_too() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(|req| match req.path() {
        "/list.csv" => Reply::Body {
            status: 200,
            headers: vec![],
            body: "货号,品名,进价,库存,条码\nC1,大米,45.00,30,690001\nC2,面粉,12.00,0,\n".into(),
            gzip: false,
            etag: false,
        },
        _ => Reply::json(
            r#"{"data":{"goods":[{"code":"J1","name":"油","price":{"fen":1999},"qty":"8"}]}}"#,
        ),
    })
    .unwrap();
    let csv = add(&mut store, "粮油", "csv", &server.url("/list.csv"));
    let r = sync::run(&mut store, &csv, &fast(), &Silent).unwrap();
    assert_eq!((r.status.as_str(), r.created), ("ok", 2), "{r:?}");
    let mapping = FeedMapping {
        items: "data.goods".into(),
        sku: "code".into(),
        title: "name".into(),
        cost: "price.fen".into(),
        cost_unit: "fen".into(),
        stock: "qty".into(),
        ..Default::default()
    };
    let input = SupplierInput {
        name: "油坊".into(),
        feed_kind: Some("json".into()),
        feed_url: Some(server.url("/feed")),
        mapping: Some(mapping.clone()),
        ..Default::default()
    };
    let json = store.write(|w| save(w, &input)).unwrap();
    let r = sync::run(&mut store, &json, &fast(), &Silent).unwrap();
    assert_eq!((r.status.as_str(), r.created), ("ok", 1), "{r:?}");
    let oil = &items(store.conn(), &json).unwrap()[0];
    assert_eq!((oil.cost.fen(), oil.stock), (1999, Some(8)));
    // The set-up screen's preview guesses the list and shows the first items.
    let fetcher = http::Fetcher::new(fast()).unwrap();
    let p = feeds::preview(
        &fetcher,
        FeedKind::Json,
        &server.url("/feed"),
        None,
        &http::Auth::None,
    )
    .unwrap();
    assert_eq!(p.mapping.items, "data.goods");
    assert!(
        p.fields.contains(&"price.fen".to_string()),
        "{:?}",
        p.fields
    );
    let p = feeds::preview(
        &fetcher,
        FeedKind::Json,
        &server.url("/feed"),
        Some(&mapping),
        &http::Auth::None,
    )
    .unwrap();
    assert_eq!(p.items[0].cost.fen(), 1999);
}

/// Each bad server: a failed run, a clear message, nothing changed, and the
/// next run against a good server works.
#[test]
fn every_kind_of_bad_server_ends_as_a_failed_run_that_changed_nothing() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(one_page_shopify(SHOPIFY_PAGE)).unwrap();
    let id = add(&mut store, "果园", "shopify", &server.url(""));
    sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    let before = snapshot(&store);
    let redirect_to = server.url("/loop");
    let cases: Vec<(&str, Handler, &str)> = vec![
        (
            "500 on page 2",
            Box::new(|req: &super::loopback::Request| {
                if req.query("page").as_deref() == Some("2") {
                    Reply::status(500, "oops")
                } else {
                    Reply::json(
                        r#"{"products":[{"id":9,"title":"新","variants":[{"id":91,"sku":"NEW","price":"1.00"}]}]}"#,
                    )
                }
            }),
            "HTTP 500",
        ),
        (
            "timeout",
            Box::new(|_: &super::loopback::Request| {
                Reply::Stall(Duration::from_secs(3), Box::new(Reply::json("{}")))
            }),
            "timed out",
        ),
        (
            "reset",
            Box::new(|_: &super::loopback::Request| Reply::Reset),
            "connection",
        ),
        (
            "truncated",
            Box::new(|_: &super::loopback::Request| Reply::Truncated {
                declared: 5000,
                body: br#"{"products":[{"id":1,"#.to_vec(),
            }),
            "broke off",
        ),
        (
            "100 MB",
            Box::new(|_: &super::loopback::Request| Reply::Huge {
                bytes: 100 * 1024 * 1024,
            }),
            "larger than 4 MB",
        ),
        (
            "malformed",
            Box::new(|_: &super::loopback::Request| {
                Reply::json(
                    r#"{"products":[{"id":1,"title":"x","variants":[{"id":2,"price":"1.00",}]}]}"#,
                )
            }),
            "line 1 column",
        ),
        (
            "wrong shape",
            Box::new(|_: &super::loopback::Request| Reply::json(r#"{"items":[1,2,3]}"#)),
            "wrong shape",
        ),
        (
            "redirect loop",
            Box::new(move |_: &super::loopback::Request| Reply::Redirect(redirect_to.clone())),
            "redirect",
        ),
        (
            "401",
            Box::new(|_: &super::loopback::Request| Reply::status(401, "no")),
            "HTTP 401",
        ),
    ];
    for (name, handler, says) in cases {
        server.set(handler);
        server.take_requests();
        let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
        assert_eq!(r.status, "error", "{name}: {r:?}");
        let message = r.error.clone().unwrap_or_default();
        assert!(message.contains(says), "{name}: {message}");
        assert_eq!(snapshot(&store), before, "{name}: nothing applied");
        let tries = server.take_requests().len();
        match name {
            "401" | "wrong shape" | "malformed" | "100 MB" => {
                assert_eq!(tries, 1, "{name}: not retried")
            }
            "redirect loop" => {}
            _ => assert!(tries >= 3, "{name}: retried ({tries})"),
        }
    }
    let log = changes::runs(store.conn(), store.clock(), &id, 20).unwrap();
    assert_eq!(log.iter().filter(|r| r.status == "error").count(), 9);
    assert!(
        log.iter().all(|r| r.ended_at.is_some()),
        "every run has its end logged"
    );
    server.set(one_page_shopify(SHOPIFY_PAGE));
    // The feed is back as it was before the failures: the validators the
    // failed runs left alone make it a 304.
    assert_eq!(
        sync::run(&mut store, &id, &fast(), &Silent).unwrap().status,
        "not_modified",
        "the next run still works"
    );
}

#[test]
fn a_supplier_already_syncing_is_not_synced_twice_and_a_dead_run_expires() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(one_page_shopify(SHOPIFY_PAGE)).unwrap();
    let id = add(&mut store, "果园", "shopify", &server.url(""));
    let sync::Begun::Job(job) = sync::begin(&mut store, &id).unwrap() else {
        panic!("claimed")
    };
    assert!(matches!(
        sync::begin(&mut store, &id).unwrap(),
        sync::Begun::Busy { .. }
    ));
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!((r.status.as_str(), r.run_id.is_none()), ("error", true));
    let pulled = sync::pull(&job, &fast(), &Silent);
    assert_eq!(sync::finish(&mut store, *job, pulled).unwrap().status, "ok");
    // A run the app never finished (it was killed) stops blocking in time.
    store.conn().execute("INSERT INTO sync_runs(id, supplier_id, started_at, status) VALUES ('dead', ?1, 0, 'running')", [&id]).unwrap();
    assert_eq!(
        sync::run(&mut store, &id, &fast(), &Silent).unwrap().status,
        "not_modified"
    );
    let dead: String = store
        .conn()
        .query_row("SELECT status FROM sync_runs WHERE id = 'dead'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dead, "error");
}

#[test]
fn due_suppliers_follow_their_schedules() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(one_page_shopify(SHOPIFY_PAGE)).unwrap();
    let mut input = SupplierInput {
        name: "果园".into(),
        feed_kind: Some("shopify".into()),
        feed_url: Some(server.url("")),
        schedule: "6h".into(),
        ..Default::default()
    };
    let id = store.write(|w| save(w, &input)).unwrap();
    input.name = "手动".into();
    input.schedule = String::new();
    store.write(|w| save(w, &input)).unwrap();
    let now = crate::shop_time::now();
    assert_eq!(
        sync::due(store.conn(), now, store.clock()).unwrap(),
        vec![id.clone()],
        "never synced: due; by hand only: never"
    );
    sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert!(sync::due(store.conn(), now + 60, store.clock())
        .unwrap()
        .is_empty());
    assert_eq!(
        sync::due(store.conn(), now + 6 * 3600 + 1, store.clock()).unwrap(),
        vec![id]
    );
    let row = list(store.conn(), store.clock())
        .unwrap()
        .into_iter()
        .find(|s| s.name == "果园")
        .unwrap();
    assert_eq!(row.schedule.as_deref(), Some("every 6h"));
    assert!(row.next_sync.is_some());
}

#[test]
fn a_fifty_thousand_variant_feed_syncs_and_then_changes_by_a_fifth() {
    let (_dir, mut store) = peach_shop();
    let pages = Arc::new(shopify_pages(5_000, 5, None));
    let server = FeedServer::start(serve_shopify(pages)).unwrap();
    let id = add(&mut store, "大供应商", "shopify", &server.url(""));
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!(
        (r.status.as_str(), r.created),
        ("ok", 5_000),
        "{:?}",
        r.error
    );
    server.set(serve_shopify(Arc::new(shopify_pages(5_000, 5, Some(5)))));
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!(
        (r.updated, r.unchanged, r.changes.cost_up),
        (1_000, 4_000, 1_000),
        "{r:?}"
    );
}

#[test]
fn a_token_lives_in_the_keychain_and_goes_out_as_its_header() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(
        |req| match req.headers.get("x-api-key").map(String::as_str) {
            Some("s3cret") => one_page_shopify(SHOPIFY_PAGE)(req),
            _ => Reply::status(401, "who are you"),
        },
    )
    .unwrap();
    let input = SupplierInput {
        name: format!("钥匙串-{}", crate::ids::new_id()),
        feed_kind: Some("shopify".into()),
        feed_url: Some(server.url("")),
        auth_kind: "token".into(),
        auth_name: "X-Api-Key".into(),
        ..Default::default()
    };
    let id = store.write(|w| save(w, &input)).unwrap();
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert!(r.error.unwrap().contains("keychain"), "no secret kept yet");
    if let Err(e) = credentials::store(&id, "s3cret") {
        // A machine whose kernel keyring is shut (a locked-down container):
        // the secret is refused with a keychain error, never kept elsewhere.
        assert!(matches!(e, crate::CoreError::Keychain(_)), "{e}");
        eprintln!("no usable keyring on this machine: {e}");
        return;
    }
    assert!(credentials::is_stored(&id));
    let r = sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    assert_eq!(r.status, "ok", "{:?}", r.error);
    let in_db: i64 = store.conn().query_row("SELECT count(*) FROM suppliers WHERE mapping LIKE '%s3cret%' OR auth_name LIKE '%s3cret%'", [], |r| r.get(0)).unwrap();
    assert_eq!(in_db, 0, "the secret is not in the shop file");
    credentials::forget(&id).unwrap();
    assert!(!credentials::is_stored(&id));
}

#[test]
fn links_made_by_hand_move_the_cost_by_the_same_rule_as_a_sync() {
    let (_dir, mut store) = peach_shop();
    let server = FeedServer::start(|_| Reply::Body {
        status: 200,
        headers: vec![],
        body: "货号,品名,进价\nC1,水蜜桃 散装,20.00\nC2,水蜜桃 礼盒,25.00\n".into(),
        gzip: false,
        etag: false,
    })
    .unwrap();
    let id = add(&mut store, "粮油", "csv", &server.url("/list.csv"));
    sync::run(&mut store, &id, &fast(), &Silent).unwrap();
    let item = |sku: &str| {
        items(store.conn(), &id)
            .unwrap()
            .into_iter()
            .find(|i| i.supplier_sku == sku)
            .unwrap()
            .id
    };
    let (c1, c2) = (item("C1"), item("C2"));
    let cost = |store: &Store| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT cost_fen FROM variants WHERE sku = 'TAO-5'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    store.write(|w| changes::link(w, &c2, "TAO-5")).unwrap();
    assert_eq!(cost(&store), 2500);
    assert!(
        changes::suggestions(store.conn(), store.clock())
            .unwrap()
            .is_empty(),
        "no cost before: no margin to keep"
    );
    // A cheaper supplier item linked: the cost follows it and a price keeping
    // the margin is suggested (36.50 × 20/25 = 29.20).
    store.write(|w| changes::link(w, &c1, "TAO-5")).unwrap();
    assert_eq!(cost(&store), 2000);
    let s = changes::suggestions(store.conn(), store.clock()).unwrap();
    assert_eq!((s.len(), s[0].suggested.fen()), (1, 2920));
    // Unlinked again: back to the other one, the newer suggestion replacing
    // the older (36.50 × 25/20 = 45.625 → 45.70).
    store.write(|w| changes::link(w, &c1, "")).unwrap();
    assert_eq!(cost(&store), 2500);
    let s = changes::suggestions(store.conn(), store.clock()).unwrap();
    assert_eq!((s.len(), s[0].suggested.fen()), (1, 4570));
    let price: i64 = store
        .conn()
        .query_row(
            "SELECT price_fen FROM variants WHERE sku = 'TAO-5'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(price, 3650, "never applied by itself");
}
