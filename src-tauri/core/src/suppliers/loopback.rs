//! A small real HTTP/1.1 server on 127.0.0.1 that plays a supplier: recorded
//! feeds with ETags and gzip, and the ways servers fail (500s, stalls, resets,
//! bodies cut short or endless, redirect loops). Tests and `storefront bench
//! sync` run syncs against it; nothing in the shop's own work uses it.
//! A failure to bind or serve here is the test's or the bench's failure,
//! so it may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

/// One request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Request {
    /// A query parameter's value (`page` of `/products.json?page=2`).
    pub fn query(&self, key: &str) -> Option<String> {
        let q = self.target.split_once('?')?.1;
        q.split('&').find_map(|kv| {
            kv.split_once('=')
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        })
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the server does with a request.
pub enum Reply {
    /// A body with a status and headers; gzipped when the client accepts it
    /// and `gzip` is set; 304 when its ETag matches `If-None-Match`.
    Body {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        gzip: bool,
        etag: bool,
    },
    /// Waits, then replies.
    Stall(Duration, Box<Reply>),
    /// Closes the connection without a word.
    Reset,
    /// Promises `declared` bytes, sends `body`, hangs up.
    Truncated { declared: usize, body: Vec<u8> },
    /// An endless-looking body of `bytes` bytes of JSON whitespace and digits.
    Huge { bytes: u64 },
    /// 302 to `location`.
    Redirect(String),
}

impl Reply {
    /// JSON with an ETag (304 when unchanged), gzipped when asked.
    pub fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Body {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
            gzip: true,
            etag: true,
        }
    }

    pub fn status(status: u16, body: &str) -> Reply {
        Reply::Body {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
            gzip: false,
            etag: false,
        }
    }

    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Body {
                status,
                mut headers,
                body,
                gzip,
                etag,
            } => {
                headers.push((name.into(), value.into()));
                Reply::Body {
                    status,
                    headers,
                    body,
                    gzip,
                    etag,
                }
            }
            other => other,
        }
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct FeedServer {
    pub addr: std::net::SocketAddr,
    handler: Arc<Mutex<Arc<Handler>>>,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl FeedServer {
    pub fn start(
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<FeedServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let handler: Arc<Mutex<Arc<Handler>>> = Arc::new(Mutex::new(Arc::new(handler)));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, r, s) = (handler.clone(), requests.clone(), stop.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (h, r) = (h.clone(), r.clone());
                thread::spawn(move || serve(conn, &h, &r));
            }
        });
        Ok(FeedServer {
            addr,
            handler,
            requests,
            stop,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Swaps what the server does (a feed that changed, a server gone bad).
    pub fn set(&self, handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) {
        *self.handler.lock().unwrap() = Arc::new(handler);
    }

    /// The targets requested so far, and forgets them.
    pub fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut self.requests.lock().unwrap())
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(conn: TcpStream, handler: &Mutex<Arc<Handler>>, log: &Mutex<Vec<String>>) {
    let _ = conn.set_nodelay(true);
    let mut reader = BufReader::new(conn.try_clone().expect("clone a socket"));
    let mut out = conn;
    while let Some(req) = read_request(&mut reader) {
        log.lock().unwrap().push(req.target.clone());
        let h = handler.lock().unwrap().clone();
        if !respond(&mut out, &req, h(&req)) {
            break;
        }
    }
}

fn read_request(r: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    r.read_line(&mut line).ok().filter(|n| *n > 0)?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok().filter(|n| *n > 0)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

/// Writes the reply; false when the connection is done.
fn respond(out: &mut TcpStream, req: &Request, reply: Reply) -> bool {
    match reply {
        Reply::Body {
            status,
            headers,
            body,
            gzip,
            etag,
        } => {
            let mut head = headers;
            let mut body = body;
            let mut status = status;
            if etag {
                let tag = etag_of(&body);
                if req.headers.get("if-none-match") == Some(&tag) {
                    status = 304;
                    body = vec![];
                }
                head.push(("ETag".into(), tag));
            }
            if gzip
                && status == 200
                && req
                    .headers
                    .get("accept-encoding")
                    .is_some_and(|a| a.contains("gzip"))
            {
                let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
                enc.write_all(&body).expect("gzip in memory");
                body = enc.finish().expect("gzip in memory");
                head.push(("Content-Encoding".into(), "gzip".into()));
            }
            head.push(("Content-Length".into(), body.len().to_string()));
            write_head(out, status, &head) && out.write_all(&body).is_ok()
        }
        Reply::Stall(pause, then) => {
            thread::sleep(pause);
            respond(out, req, *then)
        }
        Reply::Reset => {
            let _ = out.shutdown(Shutdown::Both);
            false
        }
        Reply::Truncated { declared, body } => {
            let _ = write_head(out, 200, &[("Content-Length".into(), declared.to_string())])
                && out.write_all(&body).is_ok();
            let _ = out.shutdown(Shutdown::Both);
            false
        }
        Reply::Huge { bytes } => {
            if !write_head(
                out,
                200,
                &[
                    ("Content-Length".into(), bytes.to_string()),
                    ("Content-Type".into(), "application/json".into()),
                ],
            ) {
                return false;
            }
            let chunk = [b' '; 64 * 1024];
            let mut left = bytes;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                if out.write_all(&chunk[..n]).is_err() {
                    return false;
                }
                left -= n as u64;
            }
            true
        }
        Reply::Redirect(to) => write_head(
            out,
            302,
            &[
                ("Location".into(), to),
                ("Content-Length".into(), "0".into()),
            ],
        ),
    }
}

fn write_head(out: &mut TcpStream, status: u16, headers: &[(String, String)]) -> bool {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes()).is_ok()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A Shopify-shaped catalogue of `variants` variants (`per_product` to a
/// product), as the pages of `products.json?limit=250` including the empty
/// last one; `bump` raises every `nth` variant's price by 1 yuan (a feed
/// that changed since).
pub fn shopify_pages(variants: usize, per_product: usize, bump: Option<usize>) -> Vec<Vec<u8>> {
    let products = variants.div_ceil(per_product);
    let mut pages = Vec::new();
    for first in (0..products).step_by(250) {
        let mut page = String::from("{\"products\":[");
        for p in first..(first + 250).min(products) {
            if p > first {
                page.push(',');
            }
            page.push_str(&format!(
                "{{\"id\":{},\"title\":\"商品 {p}\",\"handle\":\"item-{p}\",\"body_html\":\"<p>产地直发，新鲜到家。规格齐全。</p>\",\"vendor\":\"供货商\",\"product_type\":\"生鲜\",\"tags\":\"水果, 新品\",\"variants\":[",
                1_000_000 + p
            ));
            for v in 0..per_product.min(variants - p * per_product) {
                let n = p * per_product + v;
                let price = 500
                    + (n % 9_000) as i64
                    + if bump.is_some_and(|k| n.is_multiple_of(k)) {
                        100
                    } else {
                        0
                    };
                if v > 0 {
                    page.push(',');
                }
                page.push_str(&format!(
                    "{{\"id\":{},\"title\":\"规格 {v}\",\"option1\":\"规格 {v}\",\"sku\":\"SUP-{n:06}\",\"requires_shipping\":true,\"taxable\":false,\"available\":{},\"price\":\"{}.{:02}\",\"grams\":500,\"compare_at_price\":null,\"position\":{},\"product_id\":{}}}",
                    9_000_000 + n,
                    !n.is_multiple_of(17),
                    price / 100,
                    price % 100,
                    v + 1,
                    1_000_000 + p
                ));
            }
            page.push_str("]}");
        }
        page.push_str("]}");
        pages.push(page.into_bytes());
    }
    pages.push(b"{\"products\":[]}".to_vec());
    pages
}

/// Serves `pages` as Shopify's `products.json?page=N`, each with an ETag
/// worked out once (as a real store caches it), so an unchanged page costs
/// the server nothing and the benchmark times the client.
pub fn serve_shopify(
    pages: Arc<Vec<Vec<u8>>>,
) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    let tags: Vec<String> = pages.iter().map(|p| etag_of(p)).collect();
    move |req| {
        let n: usize = req
            .query("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1);
        let Some(body) = pages.get(n - 1) else {
            return Reply::json(&b"{\"products\":[]}"[..]);
        };
        let tag = &tags[n - 1];
        if req.headers.get("if-none-match") == Some(tag) {
            return Reply::status(304, "");
        }
        Reply::Body {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("ETag".into(), tag.clone()),
            ],
            body: body.clone(),
            gzip: true,
            etag: false,
        }
    }
}

fn etag_of(body: &[u8]) -> String {
    let digest: String = Sha256::digest(body)
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("\"{digest}\"")
}
