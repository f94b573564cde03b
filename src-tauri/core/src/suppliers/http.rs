//! Fetching a feed page the careful way: the OS's TLS, connect and total timeouts,
//! a cap on the body, gzip, conditional requests, and retries with
//! exponential backoff and jitter on timeouts, dropped connections and 5xx
//! (never on 4xx: asking again will not make a wrong token right). The body
//! is handed to the parser as a stream, never buffered whole.

use std::io::{self, Read};
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderMap, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION};
use reqwest::StatusCode;

use crate::error::{CoreError, Refusal, Result};
use crate::progress::Progress;

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    /// From connecting until the last byte of the body.
    pub total_timeout: Duration,
    /// A page larger than this is refused (a feed gone wrong, not a catalogue).
    pub max_body: u64,
    /// Further attempts after the first, on timeouts, resets and 5xx.
    pub retries: u32,
    /// The first wait; each retry doubles it, with jitter, up to 10 s.
    pub backoff: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            max_body: 64 * 1024 * 1024,
            retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

/// How a supplier proves who is asking; the secret comes from the keychain.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    Token { header: String, secret: String },
    Basic { user: String, password: String },
}

/// What the server said about a page last time, to ask "changed since?".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Only http(s) URLs with a host, and no user name or password in them:
/// those belong in the OS keychain, never in the shop file, a log or an
/// error message.
pub fn check_url(url: &str) -> Result<reqwest::Url> {
    let shown = without_credentials(url);
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        CoreError::refused(
            Refusal::BadUrl,
            &[("url", shown.clone())],
            format!("not a URL: {shown:?} ({e})"),
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(CoreError::refused(
            Refusal::BadUrl,
            &[("url", shown.clone())],
            format!("not an http(s) URL: {shown:?}"),
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(CoreError::refused(Refusal::UrlWithCredentials, &[("url", shown.clone())], format!("{shown}: leave the user name and password out of the URL and give them as the supplier's basic auth (kept in the OS keychain)")));
    }
    Ok(parsed)
}

/// `https://user:pw@host/…` as `https://…@host/…`: a URL fit to show.
pub fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://…@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

pub struct Fetcher {
    client: Client,
    opts: HttpOptions,
}

/// One page as the parser sees it.
pub struct Page<'a> {
    pub body: &'a mut dyn Read,
    pub headers: &'a HeaderMap,
}

pub enum Fetched<T> {
    NotModified,
    Parsed {
        value: T,
        validators: Validators,
        headers: HeaderMap,
    },
}

impl Fetcher {
    pub fn new(opts: HttpOptions) -> Result<Fetcher> {
        let client = Client::builder()
            .tls_backend_native()
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.total_timeout)
            .gzip(true)
            // Redirects are followed by hand (`send`), so credentials never
            // travel to another origin and https never falls back to http.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Storefront/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CoreError::Feed(format!("HTTP client: {e}")))?;
        Ok(Fetcher { client, opts })
    }

    /// GETs `url` and runs `parse` over the streamed body, retrying the whole
    /// page on a transient fault. `Ok(NotModified)` when the validators
    /// still hold.
    pub fn get<T>(
        &self,
        url: &str,
        auth: &Auth,
        since: &Validators,
        progress: &dyn Progress,
        mut parse: impl FnMut(Page) -> Result<T>,
    ) -> Result<Fetched<T>> {
        let mut attempt = 0;
        loop {
            crate::progress::checkpoint(progress)?;
            match self.attempt(url, auth, since, progress, &mut parse) {
                Err(Fault::Transient(_)) if attempt < self.opts.retries => {
                    attempt += 1;
                    self.wait(attempt, progress)?;
                }
                Err(Fault::Transient(why)) => {
                    return Err(CoreError::Feed(format!(
                        "{url}: {why} (tried {} times)",
                        attempt + 1
                    )));
                }
                Err(Fault::Later(wait)) if attempt < self.opts.retries => {
                    attempt += 1;
                    self.pause(wait, progress)?;
                }
                Err(Fault::Later(wait)) => {
                    return Err(CoreError::Feed(format!(
                        "{url}: HTTP 429, still busy after waiting {} s (tried {} times)",
                        wait.as_secs(),
                        attempt + 1
                    )));
                }
                Err(Fault::Final(e)) => return Err(e),
                Ok(fetched) => return Ok(fetched),
            }
        }
    }

    fn attempt<T>(
        &self,
        url: &str,
        auth: &Auth,
        since: &Validators,
        progress: &dyn Progress,
        parse: &mut impl FnMut(Page) -> Result<T>,
    ) -> std::result::Result<Fetched<T>, Fault> {
        let resp = self.send(url, auth, since)?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if status.is_server_error() {
            return Err(Fault::Transient(format!("HTTP {status}")));
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(match retry_after(&resp) {
                Some(wait) if wait <= MAX_RETRY_AFTER => Fault::Later(wait),
                Some(wait) => Fault::Final(CoreError::Feed(format!(
                    "{url}: the supplier asks to wait {} s before asking again; the next sync will",
                    wait.as_secs()
                ))),
                None => Fault::Transient("HTTP 429 (too many requests)".into()),
            });
        }
        if !status.is_success() {
            return Err(Fault::Final(CoreError::Feed(format!(
                "{url}: HTTP {status}{}",
                hint(status)
            ))));
        }
        let validators = Validators {
            etag: header(&resp, ETAG),
            last_modified: header(&resp, LAST_MODIFIED),
        };
        let headers = resp.headers().clone();
        let mut body = Capped::new(resp, self.opts.max_body, progress);
        let parsed = parse(Page {
            body: &mut body,
            headers: &headers,
        });
        match (parsed, body.fault.take()) {
            (Ok(value), None) => Ok(Fetched::Parsed {
                value,
                validators,
                headers,
            }),
            (_, Some(BodyFault::TooLarge)) => Err(Fault::Final(CoreError::Feed(format!(
                "{url}: the response is larger than {} MB; refused",
                self.opts.max_body / (1024 * 1024)
            )))),
            (_, Some(BodyFault::Cancelled)) => Err(Fault::Final(CoreError::Cancelled)),
            (_, Some(BodyFault::Broken(why))) => Err(Fault::Transient(why)),
            (Err(e), None) => Err(Fault::Final(match e {
                CoreError::Feed(m) => CoreError::Feed(format!("{url}: {m}")),
                other => other,
            })),
        }
    }

    /// GETs `url`, following up to [`MAX_REDIRECTS`] redirects by hand: the
    /// credentials go only to the origin they were given for, and a move
    /// from https to http is refused.
    fn send(
        &self,
        url: &str,
        auth: &Auth,
        since: &Validators,
    ) -> std::result::Result<Response, Fault> {
        let mut target = reqwest::Url::parse(url)
            .map_err(|e| Fault::Final(CoreError::invalid("url", e.to_string())))?;
        let mut auth = auth.clone();
        for _ in 0..=MAX_REDIRECTS {
            let mut req = with_auth(self.client.get(target.clone()), &auth);
            if let Some(etag) = &since.etag {
                req = req.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &since.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
            let resp = req.send().map_err(|e| Fault::from_send(url, e))?;
            let status = resp.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                return Ok(resp);
            }
            let next = resp
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| target.join(l).ok())
                .ok_or_else(|| {
                    Fault::Final(CoreError::Feed(format!(
                        "{url}: HTTP {status} without a usable Location"
                    )))
                })?;
            match redirect(&target, &next) {
                Hop::Refused(why) => {
                    return Err(Fault::Final(CoreError::Feed(format!("{url}: {why}"))))
                }
                Hop::SameOrigin => {}
                Hop::OtherOrigin => auth = Auth::None,
            }
            target = next;
        }
        Err(Fault::Final(CoreError::Feed(format!(
            "{url}: too many redirects (a redirect loop?)"
        ))))
    }

    /// POSTs a JSON document (a purchase order). `key` goes out as the
    /// `Idempotency-Key`, so a retry after a dropped answer cannot place the
    /// order twice at a supplier that honours it.
    pub fn post_json(
        &self,
        url: &str,
        auth: &Auth,
        key: &str,
        doc: &serde_json::Value,
        progress: &dyn Progress,
    ) -> Result<()> {
        let mut attempt = 0;
        loop {
            crate::progress::checkpoint(progress)?;
            let req = with_auth(self.client.post(url), auth)
                .header("Idempotency-Key", key)
                .json(doc);
            let fault = match req.send() {
                Ok(resp) if resp.status().is_success() => return Ok(()),
                Ok(resp) if resp.status() == StatusCode::TOO_MANY_REQUESTS => retry_after(&resp)
                    .filter(|w| *w <= MAX_RETRY_AFTER)
                    .map_or_else(
                        || Fault::Transient("HTTP 429 (too many requests)".into()),
                        Fault::Later,
                    ),
                Ok(resp) if resp.status().is_server_error() => {
                    Fault::Transient(format!("HTTP {}", resp.status()))
                }
                Ok(resp) => Fault::Final(CoreError::Feed(format!(
                    "{url}: HTTP {}{}",
                    resp.status(),
                    hint(resp.status())
                ))),
                Err(e) => Fault::from_send(url, e),
            };
            match fault {
                Fault::Later(wait) if attempt < self.opts.retries => {
                    attempt += 1;
                    self.pause(wait, progress)?;
                }
                Fault::Later(_) => {
                    return Err(CoreError::Feed(format!("{url}: HTTP 429, still busy")))
                }
                Fault::Transient(_) if attempt < self.opts.retries => {
                    attempt += 1;
                    self.wait(attempt, progress)?;
                }
                Fault::Transient(why) => {
                    return Err(CoreError::Feed(format!(
                        "{url}: {why} (tried {} times)",
                        attempt + 1
                    )))
                }
                Fault::Final(e) => return Err(e),
            }
        }
    }

    /// Exponential backoff with full jitter, in slices so cancel is prompt.
    fn wait(&self, attempt: u32, progress: &dyn Progress) -> Result<()> {
        let ceiling = self
            .opts
            .backoff
            .saturating_mul(1 << attempt.min(8))
            .min(Duration::from_secs(10));
        self.pause(ceiling.mul_f64(0.5 + fastrand::f64() / 2.0), progress)
    }

    /// Waits `pause`, in slices so cancel is prompt.
    fn pause(&self, pause: Duration, progress: &dyn Progress) -> Result<()> {
        let until = Instant::now() + pause;
        while Instant::now() < until {
            crate::progress::checkpoint(progress)?;
            std::thread::sleep((until - Instant::now()).min(Duration::from_millis(50)));
        }
        Ok(())
    }
}

/// Why an attempt failed: worth another try, after a while the server
/// named (429 Retry-After), or not.
enum Fault {
    Transient(String),
    Later(Duration),
    Final(CoreError),
}

/// Redirects followed at most.
const MAX_REDIRECTS: usize = 5;
/// The longest Retry-After waited for within a run.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// What a redirect from `from` to `to` may carry.
#[derive(Debug, PartialEq, Eq)]
enum Hop {
    SameOrigin,
    /// Another host, port or scheme: the credentials stay behind.
    OtherOrigin,
    Refused(&'static str),
}

fn redirect(from: &reqwest::Url, to: &reqwest::Url) -> Hop {
    if !matches!(to.scheme(), "http" | "https") {
        return Hop::Refused("redirected to something that is not a web address");
    }
    if from.scheme() == "https" && to.scheme() == "http" {
        return Hop::Refused("redirected from https to plain http; refused, the supplier's data would travel unprotected");
    }
    if from.origin() == to.origin() {
        Hop::SameOrigin
    } else {
        Hop::OtherOrigin
    }
}

/// `Retry-After` in seconds (the HTTP-date form is read as "a while": 60 s).
fn retry_after(resp: &Response) -> Option<Duration> {
    let value = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    Some(
        value
            .trim()
            .parse::<u64>()
            .map_or(MAX_RETRY_AFTER, Duration::from_secs),
    )
}

impl Fault {
    fn from_send(url: &str, e: reqwest::Error) -> Fault {
        if e.is_redirect() {
            return Fault::Final(CoreError::Feed(format!(
                "{url}: too many redirects (a redirect loop?)"
            )));
        }
        if e.is_builder() {
            return Fault::Final(CoreError::Feed(format!("{url}: {e}")));
        }
        if e.is_timeout() {
            return Fault::Transient("timed out".into());
        }
        if let Some(why) = tls_refused(&e) {
            return Fault::Final(CoreError::Feed(format!(
                "{url}: the secure connection was refused ({why}); \
                 asking again will not change it: check the address, or, if the supplier's \
                 certificate comes from a CA of their own, install that CA on this computer"
            )));
        }
        Fault::Transient(format!("connection failed: {}", root_cause(&e)))
    }
}

/// The OS's TLS refusing the handshake (an untrusted or expired
/// certificate, a name that does not match, no protocol in common): a
/// fact about the server, not a passing fault. A handshake the network
/// broke (its cause an I/O error: a reset, a timeout) is not one: that
/// is worth another try.
fn tls_refused(e: &reqwest::Error) -> Option<String> {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    while cur.downcast_ref::<native_tls::Error>().is_none() {
        cur = cur.source()?;
    }
    let refusal = cur.to_string();
    let mut cause = cur.source();
    while let Some(c) = cause {
        if c.is::<std::io::Error>() {
            return None;
        }
        cause = c.source();
    }
    Some(refusal)
}

fn with_auth(
    req: reqwest::blocking::RequestBuilder,
    auth: &Auth,
) -> reqwest::blocking::RequestBuilder {
    match auth {
        Auth::None => req,
        Auth::Token { header, secret } => req.header(header.as_str(), secret.as_str()),
        Auth::Basic { user, password } => req.basic_auth(user, Some(password)),
    }
}

fn hint(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 | 403 => " (check the supplier's token or password)",
        404 => " (check the feed URL)",
        _ => "",
    }
}

fn header(resp: &Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

enum BodyFault {
    TooLarge,
    Cancelled,
    Broken(String),
}

/// The body as a stream that stops at the cap, on cancel, and records a
/// broken connection so the page can be retried rather than called bad.
struct Capped<'p> {
    inner: Response,
    left: u64,
    progress: &'p dyn Progress,
    fault: Option<BodyFault>,
}

impl<'p> Capped<'p> {
    fn new(inner: Response, max: u64, progress: &'p dyn Progress) -> Self {
        Capped {
            inner,
            left: max,
            progress,
            fault: None,
        }
    }
}

impl Read for Capped<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.progress.cancelled() {
            self.fault = Some(BodyFault::Cancelled);
            return Err(io::Error::other("cancelled"));
        }
        // One byte over the cap is enough to know it is over.
        let room = buf.len().min(self.left.saturating_add(1) as usize);
        match self.inner.read(&mut buf[..room]) {
            Ok(n) if n as u64 > self.left => {
                self.fault = Some(BodyFault::TooLarge);
                Err(io::Error::other("body too large"))
            }
            Ok(n) => {
                self.left -= n as u64;
                Ok(n)
            }
            Err(e) => {
                let why = match e.get_ref() {
                    Some(inner) => root_cause(inner),
                    None => e.to_string(),
                };
                let timed_out = e.kind() == io::ErrorKind::TimedOut || why.contains("timed out");
                self.fault = Some(BodyFault::Broken(if timed_out {
                    "timed out".into()
                } else {
                    format!("the response broke off: {why}")
                }));
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{redirect, Hop};

    #[test]
    fn redirects_keep_credentials_home_and_never_drop_to_http() {
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        let feed = url("https://shop.example.com/products.json");
        assert_eq!(
            redirect(&feed, &url("https://shop.example.com/p2")),
            Hop::SameOrigin
        );
        assert_eq!(
            redirect(&feed, &url("https://cdn.example.net/p2")),
            Hop::OtherOrigin
        );
        assert_eq!(
            redirect(&feed, &url("https://shop.example.com:8443/p2")),
            Hop::OtherOrigin
        );
        assert!(matches!(
            redirect(&feed, &url("http://shop.example.com/p2")),
            Hop::Refused(_)
        ));
        assert!(matches!(
            redirect(&feed, &url("ftp://shop.example.com/p2")),
            Hop::Refused(_)
        ));
        assert_eq!(
            super::without_credentials("https://u:pw@h.example/x?y=1"),
            "https://…@h.example/x?y=1"
        );
    }
}
