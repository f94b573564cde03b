//! Several terminals, one shop (#19), against a real PostgreSQL: a demo shop
//! published as plain tables a BI tool can read, a second terminal joined
//! from them with an equal digest and a clean `check`, and every refusal
//! leaving both the server and the shop files as they were.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

#[path = "support/postgres.rs"]
mod postgres_cluster;

use chrono::NaiveDate;
use postgres_cluster::Cluster;
use storefront_core::checkout;
use storefront_core::demo::{self, DemoOptions};
use storefront_core::error::Refusal;
use storefront_core::orders::{NewLine, NewOrder};
use storefront_core::progress::Silent;
use storefront_core::terminals::{self, ServerUrl};
use storefront_core::{check, CoreError, Session, Store};

fn demo_shop(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("main.db"), Session::new("test")).unwrap();
    let until = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let opts = DemoOptions {
        orders: 400,
        seed: 7,
        until,
    };
    demo::generate(&mut store, &opts, &Silent).unwrap();
    store
}

fn refusal(e: CoreError) -> Refusal {
    match e {
        CoreError::Refused { refusal, .. } => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_published_shop_is_joined_whole_by_a_second_terminal() {
    let pg = Cluster::start();
    let url = ServerUrl::parse(&pg.database("shop")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut main = demo_shop(dir.path());

    let published = terminals::publish(&mut main, &url, None, "总店", &Silent).unwrap();
    let local = terminals::digest(main.conn()).unwrap();
    assert!(published.rows > 1000, "{published:?}");
    assert_eq!(
        terminals::server_digest(main.conn(), &url, None).unwrap(),
        local
    );

    // The server holds real tables: what a BI tool would read agrees.
    let fen: i64 = main
        .conn()
        .query_row("SELECT sum(total_fen) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        pg.psql("shop", "SELECT sum(total_fen) FROM orders"),
        fen.to_string()
    );

    let joined_at = dir.path().join("pickup.db");
    let joined = terminals::join(&joined_at, &url, None, "自提点", &Silent).unwrap();
    assert_eq!(joined.rows, published.rows, "every row the server holds");
    let mut helper = Store::open(&joined_at, Session::new("test")).unwrap();
    assert_eq!(terminals::digest(helper.conn()).unwrap(), local);
    assert!(check::run(helper.conn()).unwrap().ok);
    assert_ne!(
        helper.session().terminal,
        main.session().terminal,
        "each terminal its own id"
    );
    assert_eq!(
        pg.psql(
            "shop",
            "SELECT string_agg(name, ',' ORDER BY name) FROM storefront_terminals"
        ),
        "总店,自提点"
    );
    assert_eq!(
        terminals::server_of(helper.conn()).unwrap(),
        Some((url.shown().to_string(), "自提点".to_string()))
    );

    // The joined terminal works on its own file, offline, as any shop does.
    take_order(&mut helper);
    assert!(check::run(helper.conn()).unwrap().ok);
    assert_ne!(terminals::digest(helper.conn()).unwrap(), local);
}

#[test]
fn refusals_leave_the_server_and_the_files_as_they_were() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let empty = ServerUrl::parse(&pg.database("empty")).unwrap();
    let joined_at = dir.path().join("new.db");
    let e = terminals::join(&joined_at, &empty, None, "收银台", &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::ServerHasNoShop);
    assert!(!joined_at.exists(), "no file from a failed join");

    let url = ServerUrl::parse(&pg.database("shop")).unwrap();
    let mut main = demo_shop(dir.path());
    terminals::publish(&mut main, &url, None, "总店", &Silent).unwrap();
    let on_server = terminals::server_digest(main.conn(), &url, None).unwrap();

    let e = terminals::publish(&mut main, &url, None, "总店", &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::AlreadyPublished);
    let e = terminals::join(&joined_at, &url, None, "总店", &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::TerminalNameTaken);
    assert!(!joined_at.exists(), "no file from a refused join");
    let e = terminals::join(main.path(), &url, None, "二店", &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::JoinNeedsNewFile);

    // Another shop cannot be published over it.
    let mut other = Store::open(&dir.path().join("other.db"), Session::new("test")).unwrap();
    let e = terminals::publish(&mut other, &url, None, "别家", &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::ServerNotEmpty);
    assert_eq!(
        terminals::server_digest(main.conn(), &url, None).unwrap(),
        on_server
    );
    assert_eq!(terminals::server_of(other.conn()).unwrap(), None);

    // A server that is not there is a message, and nothing is made.
    pg.stop();
    let e = terminals::join(&dir.path().join("late.db"), &url, None, "晚到", &Silent).unwrap_err();
    assert!(
        matches!(e, CoreError::Server(ref m) if m.contains("127.0.0.1")),
        "{e:?}"
    );
    assert!(!dir.path().join("late.db").exists());
}

/// A shop published by an older build joins and syncs while its tables
/// have the columns this build's have (its migrations added only derived
/// or terminal-local tables), and the server then says this build's
/// schema; a server whose tables differ, or from a newer build, is refused,
/// a sync with nothing pushed or pulled.
#[test]
fn an_older_build_s_shop_joins_and_syncs_while_its_tables_are_the_same() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let url = ServerUrl::parse(&pg.database("shop")).unwrap();
    let mut main = demo_shop(dir.path());
    terminals::publish(&mut main, &url, None, "总店", &Silent).unwrap();
    let ours = storefront_core::store::SCHEMA_VERSION;
    let set_version = |v: i64| {
        pg.psql(
            "shop",
            &format!("UPDATE storefront_meta SET value = '{v}' WHERE key = 'schema_version'"),
        )
    };
    let version = || {
        pg.psql(
            "shop",
            "SELECT value FROM storefront_meta WHERE key = 'schema_version'",
        )
    };

    set_version(ours - 1);
    let second = dir.path().join("second.db");
    terminals::join(&second, &url, None, "二店", &Silent).unwrap();
    assert_eq!(version().trim(), ours.to_string());

    set_version(ours + 1);
    let third = dir.path().join("third.db");
    let e = terminals::join(&third, &url, None, "三店", &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::ServerSchemaDiffers);
    assert!(!third.exists(), "no file from a refused join");

    // The main terminal's order waits in its outbox while the server
    // says a newer build's schema.
    take_order(&mut main);
    let waiting = terminals::pending(main.conn()).unwrap();
    assert!(waiting > 0);
    let e = terminals::sync(&mut main, &url, None, &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::ServerSchemaDiffers);
    assert_eq!(terminals::pending(main.conn()).unwrap(), waiting);
    // The chip is told it is a refusal, with what to word it from.
    let status = terminals::status(&main).unwrap();
    let problem = status.problem.expect("the refusal is kept");
    assert!(problem.refused);
    assert_eq!(problem.error.kind, "server_schema_differs");
    assert_eq!(problem.error.args["found"], (ours + 1).to_string());
    let message = problem.error.message.as_str();
    assert_eq!(status.last_error.as_deref(), Some(message));

    set_version(ours - 1);
    pg.psql("shop", "ALTER TABLE orders ADD COLUMN pos_note text");
    let e = terminals::join(&third, &url, None, "三店", &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::ServerSchemaDiffers);
    assert!(!third.exists());
    let e = terminals::sync(&mut main, &url, None, &Silent).unwrap_err();
    assert_eq!(refusal(e), Refusal::ServerSchemaDiffers);
    assert_eq!(terminals::pending(main.conn()).unwrap(), waiting);
    assert_eq!(version().trim(), (ours - 1).to_string(), "left as it was");

    pg.psql("shop", "ALTER TABLE orders DROP COLUMN pos_note");
    let pass = terminals::sync(&mut main, &url, None, &Silent).unwrap();
    assert_eq!((pass.pushed, pass.pending), (waiting, 0));
    assert!(terminals::status(&main).unwrap().problem.is_none());
    assert_eq!(version().trim(), ours.to_string());

    // A server out of reach is no refusal: the next pass may go.
    pg.stop();
    terminals::sync(&mut main, &url, None, &Silent).unwrap_err();
    let problem = terminals::status(&main).unwrap().problem.unwrap();
    assert!(!problem.refused);
    assert_eq!(problem.error.kind, "server");
}

/// Our meta table with a version that is not a number is a damaged shop,
/// not "no shop; publish one first" (a publish would be refused).
#[test]
fn a_server_whose_version_is_not_a_number_is_named_damaged() {
    let pg = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let url = ServerUrl::parse(&pg.database("shop")).unwrap();
    let mut main = demo_shop(dir.path());
    terminals::publish(&mut main, &url, None, "总店", &Silent).unwrap();
    pg.psql(
        "shop",
        "UPDATE storefront_meta SET value = 'v24' WHERE key = 'schema_version'",
    );
    let second = dir.path().join("second.db");
    let e = terminals::join(&second, &url, None, "二店", &Silent).unwrap_err();
    assert!(
        matches!(e, CoreError::Server(ref m) if m.contains("\"v24\", which is not a number")),
        "{e:?}"
    );
    assert!(!second.exists());
}

fn take_order(store: &mut Store) {
    let sku: String = store
        .conn()
        .query_row(
            "SELECT sku FROM variants WHERE sold_by = 'piece' ORDER BY sku LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let order = NewOrder {
        customer: "新客人".into(),
        channel: "wechat".into(),
        lines: vec![NewLine {
            sku,
            qty: 1,
            ..Default::default()
        }],
        allow_oversell: true,
        ..Default::default()
    };
    store.write(|w| checkout::create(w, &order)).unwrap();
}

#[test]
fn a_server_address_is_refused_with_its_password_or_without_a_database() {
    for bad in [
        "postgres://boss:secret@10.0.0.2/shop",
        "postgres://10.0.0.2/shop",
        "postgres://boss@10.0.0.2",
        "mysql://boss@10.0.0.2/shop",
    ] {
        let e = ServerUrl::parse(bad).unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        assert_eq!(refusal(e), Refusal::ServerUrl, "{bad}");
    }
    let ok = ServerUrl::parse("postgres://boss@shop-pc.local:5432/shop").unwrap();
    assert_eq!(ok.shown(), "postgres://boss@shop-pc.local:5432/shop");
}
