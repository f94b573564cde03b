//! Pulling a whole feed, page by page, with conditional requests: every page
//! is asked "changed since?" with what its server said last time. When all
//! pages answer 304 the feed is unchanged and costs a few tiny requests; when
//! only some do, those are fetched again in full, so a run always sees the
//! whole catalogue (it must, to know what is gone).

use std::io::Read;

use super::{generic, shopify, woocommerce, FeedItem, FeedKind, FeedMapping};
use crate::error::{CoreError, Result};
use crate::progress::Progress;
use crate::suppliers::http::{Auth, Fetched, Fetcher, Validators};

/// A feed of more pages than this is a server paging forever.
const MAX_PAGES: usize = 5_000;
const SHOPIFY_LIMIT: usize = 250;
const WOO_PER_PAGE: usize = 100;

pub struct Source<'a> {
    pub kind: FeedKind,
    pub url: &'a str,
    pub mapping: Option<&'a FeedMapping>,
    pub auth: &'a Auth,
}

pub enum Pulled {
    /// Every page answered 304.
    NotModified,
    /// The whole feed, and each page's validators for next time.
    Items {
        items: Vec<FeedItem>,
        pages: Vec<(String, Validators)>,
    },
}

struct PageState {
    url: String,
    validators: Validators,
    /// None: the page answered 304 and has not been fetched in full.
    items: Option<Vec<FeedItem>>,
}

/// Pulls every page of the feed; `known` are last run's pages in order.
pub fn pull(
    fetcher: &Fetcher,
    src: &Source,
    known: &[(String, Validators)],
    progress: &dyn Progress,
) -> Result<Pulled> {
    let mut pages: Vec<PageState> = Vec::new();
    let mut total: Option<usize> = None;
    for n in 1.. {
        if n > MAX_PAGES {
            return Err(CoreError::Feed(format!(
                "more than {MAX_PAGES} pages: the server keeps paging"
            )));
        }
        let url = page_url(src.kind, src.url, n)?;
        let since = known
            .iter()
            .find(|(u, _)| *u == url)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        progress.report("download", n as u64, total.unwrap_or(0) as u64);
        match fetch(fetcher, src, &url, &since, progress)? {
            Fetched::NotModified => {
                pages.push(PageState {
                    url,
                    validators: since,
                    items: None,
                });
                if n >= total.unwrap_or(known.len()) {
                    break;
                }
            }
            Fetched::Parsed {
                value: (items, count),
                validators,
                headers,
            } => {
                if src.kind == FeedKind::WooCommerce {
                    total = headers
                        .get("x-wp-totalpages")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse().ok())
                        .or(total);
                }
                pages.push(PageState {
                    url,
                    validators,
                    items: Some(items),
                });
                let last = match src.kind {
                    FeedKind::Shopify => count == 0,
                    FeedKind::WooCommerce => count < WOO_PER_PAGE || total.is_some_and(|t| n >= t),
                    FeedKind::Json | FeedKind::Csv => true,
                };
                if last {
                    break;
                }
            }
        }
    }
    if pages.iter().all(|p| p.items.is_none()) {
        return Ok(Pulled::NotModified);
    }
    // Some pages changed: the unchanged ones are needed in full too.
    for page in pages.iter_mut().filter(|p| p.items.is_none()) {
        match fetch(fetcher, src, &page.url, &Validators::default(), progress)? {
            Fetched::Parsed {
                value: (items, _),
                validators,
                ..
            } => {
                page.items = Some(items);
                page.validators = validators;
            }
            Fetched::NotModified => {
                return Err(CoreError::Feed(format!(
                    "{}: 304 to a plain request",
                    page.url
                )))
            }
        }
    }
    let mut items = Vec::new();
    let mut validators = Vec::with_capacity(pages.len());
    for p in pages {
        items.extend(p.items.unwrap_or_default());
        validators.push((p.url, p.validators));
    }
    Ok(Pulled::Items {
        items,
        pages: validators,
    })
}

fn fetch(
    fetcher: &Fetcher,
    src: &Source,
    url: &str,
    since: &Validators,
    progress: &dyn Progress,
) -> Result<Fetched<(Vec<FeedItem>, usize)>> {
    fetcher.get(url, src.auth, since, progress, |page| {
        let mut items = Vec::new();
        let count = parse(src, page.body, &mut items)?;
        Ok((items, count))
    })
}

fn parse(src: &Source, body: &mut dyn Read, out: &mut Vec<FeedItem>) -> Result<usize> {
    match src.kind {
        FeedKind::Shopify => shopify::page(body, out),
        FeedKind::WooCommerce => woocommerce::page(body, out),
        FeedKind::Json => {
            let m = src.mapping.ok_or_else(|| {
                CoreError::Feed("a generic JSON feed needs its field mapping".into())
            })?;
            generic::json_page(body, m, out)
        }
        FeedKind::Csv => {
            let mut bytes = Vec::new();
            body.read_to_end(&mut bytes)
                .map_err(|e| CoreError::Feed(format!("reading the response: {e}")))?;
            generic::table(&bytes, src.mapping, out)
        }
    }
}

/// Page `n` of the feed. A Shopify or WooCommerce feed may be given as the
/// shop's address; the API path is added.
pub fn page_url(kind: FeedKind, feed_url: &str, n: usize) -> Result<String> {
    let mut url = crate::suppliers::http::check_url(feed_url)?;
    let path = url.path().trim_end_matches('/').to_string();
    match kind {
        FeedKind::Shopify => {
            if !path.ends_with("/products.json") {
                url.set_path(&format!("{path}/products.json"));
            }
            url.query_pairs_mut()
                .clear()
                .append_pair("limit", &SHOPIFY_LIMIT.to_string())
                .append_pair("page", &n.to_string());
        }
        FeedKind::WooCommerce => {
            if !path.contains("/wc/store") {
                url.set_path(&format!("{path}/wp-json/wc/store/v1/products"));
            }
            url.query_pairs_mut()
                .clear()
                .append_pair("page", &n.to_string())
                .append_pair("per_page", &WOO_PER_PAGE.to_string());
        }
        FeedKind::Json | FeedKind::Csv => {}
    }
    Ok(url.to_string())
}
