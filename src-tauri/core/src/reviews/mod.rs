//! Reviews and 晒单: what a buyer said about an order (stars, words,
//! photos) and where it came from. Buyers' photos sell the next group buy,
//! so a product shows its rating, its latest photos and its bad reviews
//! first, and its 晒单墙 is copied as a ready WeChat message. A bad review
//! is a complaint: it opens an after-sales ticket, linked to it.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::after_sales;
use crate::catalog::image;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::orders;
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;

pub mod batch;

pub const SOURCES: &[&str] = &["wechat_group", "mini_program", "by_hand"];
/// Words that say the goods were bad, whatever the stars.
pub const QUALITY_WORDS: &[&str] = &[
    "坏",
    "烂",
    "不新鲜",
    "变质",
    "发霉",
    "霉",
    "臭",
    "馊",
    "蔫",
    "破损",
    "漏了",
    "缺斤",
];
pub use crate::limits::BAD_STARS;
/// As WeChat: nine pictures to a post.
pub const MAX_PHOTOS: usize = 9;
const MAX_TEXT: usize = 500;

/// A review as typed or pasted.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct NewReview {
    pub order_no: String,
    /// The product it is about, when the order has several; else none.
    pub sku: Option<String>,
    pub stars: i32,
    pub text: String,
    /// One of `SOURCES`.
    #[ts(type = "ReviewSource")]
    pub source: String,
}

/// A photo sent with a review: its bytes and the name it had.
pub struct Photo<'a> {
    pub bytes: &'a [u8],
    pub file_name: &'a str,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Added {
    pub id: String,
    /// The after-sales ticket a bad review opened.
    pub ticket_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Review {
    pub id: String,
    pub order_no: String,
    pub customer: String,
    /// The product it is about; empty when it is about the whole order.
    pub product: String,
    pub stars: i32,
    pub text: String,
    #[ts(type = "ReviewSource")]
    pub source: String,
    pub bad: bool,
    pub ticket_id: Option<String>,
    /// `images/reviews/…` paths, read with `photo`.
    pub photos: Vec<String>,
    pub at: String,
}

/// A product's standing with its buyers.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Rating {
    pub product_id: String,
    pub title: String,
    pub count: i32,
    /// The mean stars to one decimal ("4.6"); empty with no reviews.
    pub average: String,
    pub bad: i32,
    /// The latest photos, newest first.
    pub photos: Vec<String>,
    /// Bad reviews first, then the newest.
    pub reviews: Vec<Review>,
}

/// Photos shown on a product and put on its 晒单墙.
const WALL_PHOTOS: usize = 9;

/// Is this review a complaint: few stars, or words that say the goods were
/// bad. Five stars are praise whatever the words (`一个坏的都没有`), and a
/// word right after a negation (`没有坏的`, `不烂`) is not a complaint.
pub fn is_bad(stars: i32, text: &str) -> bool {
    stars <= BAD_STARS || (stars < 5 && QUALITY_WORDS.iter().any(|w| complains(text, w)))
}

fn complains(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before: String = text[..at].chars().rev().take(2).collect();
        !["没", "无", "不"].iter().any(|n| before.contains(n))
    })
}

/// Records a review with its photos in one transaction; a bad one opens a
/// quality ticket on the order. The photos are written beside the shop
/// before the transaction commits, so a refused photo leaves no review.
pub fn add(w: &Writer, shop_file: &Path, r: &NewReview, photos: &[Photo]) -> Result<Added> {
    check(r, photos.len())?;
    let order_id = orders::id_of(w.tx, &r.order_no)?;
    let product_id = product_of(w.tx, &order_id, r)?;
    let text = r.text.trim();
    let ticket_id = match is_bad(r.stars, text) {
        true => Some(after_sales::open(
            w,
            &r.order_no,
            "quality",
            &format!("差评 {}★ {text}", r.stars),
        )?),
        false => None,
    };
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO reviews(id, order_id, product_id, stars, body, source, ticket_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            order_id,
            product_id,
            r.stars,
            text,
            r.source,
            ticket_id,
            shop_time::now()
        ],
    )?;
    for p in photos {
        add_photo(w, shop_file, &id, p)?;
    }
    w.log(
        "review",
        &id,
        "add",
        &format!("{} {}★", r.order_no, r.stars),
    )?;
    Ok(Added { id, ticket_id })
}

/// Adds one photo to a review (the app sends each on its own).
pub fn add_photo(w: &Writer, shop_file: &Path, review_id: &str, p: &Photo) -> Result<String> {
    let taken: i64 = w.tx.query_row(
        "SELECT count(*) FROM review_photos WHERE review_id = ?1",
        [review_id],
        |r| r.get(0),
    )?;
    if taken as usize >= MAX_PHOTOS {
        return Err(too_many_photos());
    }
    let exists: Option<i64> =
        w.tx.query_row("SELECT 1 FROM reviews WHERE id = ?1", [review_id], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_none() {
        return Err(CoreError::NotFound {
            entity: "review",
            key: review_id.into(),
        });
    }
    let stem = format!("reviews/{review_id}-{}", taken + 1);
    let path = image::picture_path(&stem, p.bytes, p.file_name)?;
    w.tx.execute(
        "INSERT INTO review_photos(review_id, path, bytes) VALUES (?1, ?2, ?3)",
        params![review_id, path, p.bytes.len() as i64],
    )?;
    image::write_picture(shop_file, &path, p.bytes)?;
    Ok(path)
}

/// A photo's bytes, if it is a review photo on this machine.
pub fn photo(shop_file: &Path, path: &str) -> Option<Vec<u8>> {
    path.starts_with("images/reviews/")
        .then(|| image::load(shop_file, path))
        .flatten()
}

fn check(r: &NewReview, photos: usize) -> Result<()> {
    if !(1..=5).contains(&r.stars) {
        return Err(CoreError::refused(
            Refusal::StarsOutOfRange,
            &[("stars", r.stars.to_string())],
            format!("stars must be 1 to 5, not {}", r.stars),
        ));
    }
    if !SOURCES.contains(&r.source.as_str()) {
        return Err(CoreError::invalid(
            "source",
            format!("{:?} is not one of {}", r.source, SOURCES.join(", ")),
        ));
    }
    if r.text.trim().chars().count() > MAX_TEXT {
        return Err(CoreError::refused(
            Refusal::TooLong,
            &[("field", "review".into()), ("max", MAX_TEXT.to_string())],
            format!("a review is at most {MAX_TEXT} characters"),
        ));
    }
    if photos > MAX_PHOTOS {
        return Err(too_many_photos());
    }
    Ok(())
}

fn too_many_photos() -> CoreError {
    CoreError::refused(
        Refusal::TooManyPhotos,
        &[("max", MAX_PHOTOS.to_string())],
        format!("at most {MAX_PHOTOS} photos to a review"),
    )
}

/// The product the review is about: the SKU's, which must be on the order;
/// the order's only product; or none (the whole order).
fn product_of(conn: &Connection, order_id: &str, r: &NewReview) -> Result<Option<String>> {
    let on_order: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT DISTINCT v.product_id, v.sku FROM order_lines l JOIN variants v ON v.id = l.variant_id
             WHERE l.order_id = ?1",
        )?
        .query_map([order_id], |x| Ok((x.get(0)?, x.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match r.sku.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(sku) => match on_order.iter().find(|(_, s)| s == sku) {
            Some((product, _)) => Ok(Some(product.clone())),
            None => Err(CoreError::refused(
                Refusal::ReviewSkuNotOnOrder,
                &[("sku", sku.into()), ("order_no", r.order_no.clone())],
                format!("{sku} is not on order {}", r.order_no),
            )),
        },
        None => {
            let mut products: Vec<&String> = on_order.iter().map(|(p, _)| p).collect();
            products.dedup();
            Ok((products.len() == 1).then(|| products[0].clone()))
        }
    }
}

/// Which reviews to list.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ReviewFilter {
    /// A product's reviews: those about it and those about whole orders
    /// that had it.
    pub product_id: Option<String>,
    pub order_no: Option<String>,
}

const REVIEW: &str =
    "SELECT r.id, o.order_no, COALESCE(c.name, ''), COALESCE(p.name, ''), r.stars, r.body,
        r.source, r.ticket_id, r.created_at,
        (SELECT group_concat(path, char(10)) FROM review_photos ph WHERE ph.review_id = r.id)
     FROM reviews r JOIN orders o ON o.id = r.order_id
     LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN products p ON p.id = r.product_id";

/// Reviews newest first (a product's: bad first), at most `limit`.
pub fn list(
    conn: &Connection,
    clock: &ShopClock,
    f: &ReviewFilter,
    limit: u32,
) -> Result<Vec<Review>> {
    let (filter, key) = match (&f.product_id, &f.order_no) {
        (Some(p), _) => (
            "r.product_id = ?1 OR (r.product_id IS NULL AND r.order_id IN (
                SELECT l.order_id FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE v.product_id = ?1))",
            p.clone(),
        ),
        (None, Some(no)) => ("o.order_no = ?1", no.clone()),
        (None, None) => ("?1 = ''", String::new()),
    };
    let mut rows: Vec<Review> = conn
        .prepare(&format!(
            "{REVIEW} WHERE {filter} ORDER BY r.created_at DESC, r.id DESC LIMIT ?2"
        ))?
        .query_map(params![key, limit], |r| {
            let stars: i32 = r.get(4)?;
            let text: String = r.get(5)?;
            Ok(Review {
                id: r.get(0)?,
                order_no: r.get(1)?,
                customer: r.get(2)?,
                product: r.get(3)?,
                bad: is_bad(stars, &text),
                stars,
                text,
                source: r.get(6)?,
                ticket_id: r.get(7)?,
                at: clock.format(r.get(8)?),
                photos: r
                    .get::<_, Option<String>>(9)?
                    .map(|p| p.lines().map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if f.product_id.is_some() {
        // Stable: the newest first within bad and within the rest.
        rows.sort_by_key(|r| !r.bad);
    }
    Ok(rows)
}

/// A product's rating over all its reviews, with the latest photos and the
/// first page of reviews (bad first).
pub fn rating(conn: &Connection, clock: &ShopClock, product_id: &str) -> Result<Rating> {
    let title: String = conn
        .query_row(
            "SELECT name FROM products WHERE id = ?1",
            [product_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "product",
            key: product_id.into(),
        })?;
    let f = ReviewFilter {
        product_id: Some(product_id.into()),
        order_no: None,
    };
    let reviews = list(conn, clock, &f, u32::MAX)?;
    let count = reviews.len() as i64;
    let sum: i64 = reviews.iter().map(|r| r.stars as i64).sum();
    let mut dated: Vec<&Review> = reviews.iter().collect();
    dated.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let photos = dated
        .iter()
        .flat_map(|r| r.photos.iter().cloned())
        .take(WALL_PHOTOS)
        .collect();
    Ok(Rating {
        product_id: product_id.into(),
        title,
        count: count as i32,
        average: average(sum, count),
        bad: reviews.iter().filter(|r| r.bad).count() as i32,
        photos,
        reviews: reviews.into_iter().take(50).collect(),
    })
}

/// Mean stars to one decimal, rounded half up, in whole numbers.
fn average(sum: i64, count: i64) -> String {
    if count == 0 {
        return String::new();
    }
    let tenths = (sum * 20 + count) / (2 * count);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The 晒单墙 as a WeChat message: the rating and the best recent words,
/// with the photos to send beside it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Wall {
    pub text: String,
    pub photos: Vec<String>,
}

/// A product's 晒单墙: its rating, up to five good recent reviews quoted
/// with the buyer's surname only (their privacy, in a group of strangers).
pub fn wall(conn: &Connection, clock: &ShopClock, product_id: &str) -> Result<Wall> {
    let r = rating(conn, clock, product_id)?;
    let mut text = format!("【{}】买家晒单", r.title);
    if r.count > 0 {
        text.push_str(&format!("：{} 条评价，平均 {}★", r.count, r.average));
    }
    let mut good: Vec<&Review> = r.reviews.iter().filter(|x| !x.bad).collect();
    good.sort_by(|a, b| b.at.cmp(&a.at));
    for x in good.iter().filter(|x| !x.text.is_empty()).take(5) {
        let surname: String = x.customer.chars().take(1).collect();
        text.push_str(&format!(
            "\n{} {}**：{}",
            "★".repeat(x.stars as usize),
            surname,
            x.text
        ));
    }
    Ok(Wall {
        text,
        photos: r.photos,
    })
}

#[cfg(test)]
mod tests;
