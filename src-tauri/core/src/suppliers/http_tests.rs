//! The careful HTTP client against real servers on 127.0.0.1: credentials
//! stay with the origin they were given for, a busy server's Retry-After is
//! honoured, and a URL with a password in it is refused without showing it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::http::{check_url, Auth, Fetched, Fetcher, HttpOptions, Validators};
use super::loopback::{FeedServer, Reply};
use crate::progress::Silent;

fn fetcher() -> Fetcher {
    Fetcher::new(HttpOptions {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        max_body: 1024 * 1024,
        retries: 2,
        backoff: Duration::from_millis(5),
    })
    .unwrap()
}

fn token() -> Auth {
    Auth::Token {
        header: "X-Shopify-Access-Token".into(),
        secret: "shpat_s3cret".into(),
    }
}

fn get(url: &str, auth: &Auth) -> crate::Result<String> {
    match fetcher().get(url, auth, &Validators::default(), &Silent, |page| {
        let mut body = String::new();
        page.body
            .read_to_string(&mut body)
            .map_err(|e| crate::CoreError::Feed(e.to_string()))?;
        Ok(body)
    })? {
        Fetched::Parsed { value, .. } => Ok(value),
        Fetched::NotModified => Ok(String::new()),
    }
}

/// A server that notes the token each request carried.
fn noting(
    tokens: Arc<Mutex<Vec<Option<String>>>>,
    reply: impl Fn(&str) -> Reply + Send + Sync + 'static,
) -> FeedServer {
    FeedServer::start(move |req| {
        tokens
            .lock()
            .unwrap()
            .push(req.headers.get("x-shopify-access-token").cloned());
        reply(req.path())
    })
    .unwrap()
}

#[test]
fn a_token_never_follows_a_redirect_to_another_origin() {
    let elsewhere_saw = Arc::new(Mutex::new(Vec::new()));
    let elsewhere = noting(elsewhere_saw.clone(), |_| Reply::json(r#"{"ok":1}"#));
    let home_saw = Arc::new(Mutex::new(Vec::new()));
    let target = elsewhere.url("/moved");
    let home = noting(home_saw.clone(), move |path| match path {
        "/feed" => Reply::Redirect("/feed2".into()),
        _ => Reply::Redirect(target.clone()),
    });
    assert_eq!(get(&home.url("/feed"), &token()).unwrap(), r#"{"ok":1}"#);
    let secret = Some("shpat_s3cret".to_string());
    assert_eq!(
        *home_saw.lock().unwrap(),
        [secret.clone(), secret],
        "same origin: the token goes"
    );
    assert_eq!(
        *elsewhere_saw.lock().unwrap(),
        [None],
        "another origin: it stays behind"
    );
}

#[test]
fn a_busy_server_is_asked_again_after_its_retry_after() {
    let asked = Arc::new(Mutex::new(0));
    let n = asked.clone();
    let server = FeedServer::start(move |_| {
        let mut n = n.lock().unwrap();
        *n += 1;
        if *n == 1 {
            Reply::status(429, "slow down").with_header("Retry-After", "1")
        } else {
            Reply::json("[]")
        }
    })
    .unwrap();
    assert_eq!(get(&server.url("/"), &Auth::None).unwrap(), "[]");
    assert_eq!(*asked.lock().unwrap(), 2);
    server.set(|_| Reply::status(429, "come back tomorrow").with_header("Retry-After", "86400"));
    let err = get(&server.url("/"), &Auth::None).unwrap_err().to_string();
    assert!(err.contains("86400"), "{err}");
}

#[test]
fn a_password_in_a_feed_url_is_refused_without_being_repeated() {
    let err = check_url("https://shop:hunter2@feed.example.com/products.json")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("keychain") && !err.contains("hunter2"),
        "{err}"
    );
    assert!(check_url("https://feed.example.com/products.json").is_ok());
}

#[test]
fn a_secure_connection_the_network_breaks_is_tried_again() {
    // A server that takes the connection and drops it unread: the kernel
    // answers the TLS hello with a reset. A broken handshake, not a refusal.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(Mutex::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            *count.lock().unwrap() += 1;
            std::thread::sleep(Duration::from_millis(50));
            drop(stream);
        }
    });
    let err = get(&format!("https://127.0.0.1:{port}/feed"), &Auth::None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("(tried 3 times)"), "{err}");
    assert!(!err.contains("refused"), "{err}");
    assert_eq!(*accepted.lock().unwrap(), 3);
}
