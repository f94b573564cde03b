//! `reviews`: a buyer's stars, words and photos on an order (a bad one
//! opens an after-sales ticket), the list, a product's rating and its
//! 晒单墙 as a ready WeChat message.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::catalog::edit::product_by_sku;
use storefront_core::reviews::{self, batch, NewReview, Photo, ReviewFilter};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shop::{open, open_read};

#[derive(Subcommand)]
pub enum ReviewsCmd {
    /// Record a review of ORDER_NO: 1–5 stars, words, up to 9 photos (PNG, JPEG, GIF, WebP). Two stars or fewer, or words like 坏/烂/不新鲜, open an after-sales ticket.
    Add {
        order_no: String,
        #[arg(long)]
        stars: i32,
        #[arg(long, default_value = "")]
        text: String,
        #[arg(long = "photo")]
        photos: Vec<PathBuf>,
        /// The product it is about, when the order had several.
        #[arg(long)]
        sku: Option<String>,
        /// wechat_group, mini_program or by_hand.
        #[arg(long, default_value = "by_hand")]
        source: String,
    },
    /// Reviews, newest first; with --product (a SKU), that product's: bad first, with its rating.
    List {
        #[arg(long)]
        product: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// A product's 晒单墙 (by SKU): the message to paste in the group, and the photos to send with it.
    Wall { sku: String },
    /// A group's feedback pasted in FILE, one review per line (`12-03 王阿姨：很甜 5星`): each matched to its customer and their order; --commit records them.
    Paste {
        file: PathBuf,
        /// Record them: refused while any line is unsure, unless --skip-unsure.
        #[arg(long)]
        commit: bool,
        #[arg(long)]
        skip_unsure: bool,
        /// Stars for the lines that give none.
        #[arg(long)]
        stars: Option<i32>,
        #[arg(long, default_value = "wechat_group")]
        source: String,
    },
}

pub fn run(db: &Path, cmd: ReviewsCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match cmd {
        ReviewsCmd::Add {
            order_no,
            stars,
            text,
            photos,
            sku,
            source,
        } => {
            let files = photos
                .iter()
                .map(|p| std::fs::read(p).map_err(|e| CoreError::io(p, e)))
                .collect::<Result<Vec<_>, _>>()?;
            let names: Vec<String> = photos.iter().map(|p| p.display().to_string()).collect();
            let sent: Vec<Photo> = files
                .iter()
                .zip(&names)
                .map(|(bytes, file_name)| Photo { bytes, file_name })
                .collect();
            let review = NewReview {
                order_no,
                sku,
                stars,
                text,
                source,
            };
            let mut store = open(db)?;
            let file = store.path().to_path_buf();
            let added = store.write(|w| reviews::add(w, &file, &review, &sent))?;
            out.emit(&added, || match &added.ticket_id {
                Some(t) => format!(
                    "{} {} · {} {t}",
                    out.t("已记下评价", "review recorded"),
                    added.id,
                    out.t("差评已开售后单", "bad review: after-sales ticket opened")
                ),
                None => format!("{} {}", out.t("已记下评价", "review recorded"), added.id),
            });
        }
        ReviewsCmd::List { product, limit } => {
            let store = open_read(db)?;
            let product_id = product
                .map(|sku| product_by_sku(store.conn(), &sku))
                .transpose()?;
            let f = ReviewFilter {
                product_id: product_id.clone(),
                order_no: None,
            };
            let rows = reviews::list(store.conn(), store.clock(), &f, limit)?;
            let rating = product_id
                .map(|p| reviews::rating(store.conn(), store.clock(), &p))
                .transpose()?;
            out.emit(&rows, || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.at.clone(),
                            r.order_no.clone(),
                            r.customer.clone(),
                            r.product.clone(),
                            "★".repeat(r.stars as usize),
                            r.text.clone(),
                            r.photos.len().to_string(),
                        ]
                    })
                    .collect();
                let table = out.table(
                    &["时间", "订单", "客户", "商品", "星级", "评价", "图"],
                    &[
                        "at", "order", "customer", "product", "stars", "text", "photos",
                    ],
                    &cells,
                );
                match rating {
                    Some(r) => format!(
                        "{} · {} {} · {} {}★ · {} {}\n{table}",
                        r.title,
                        r.count,
                        out.t("条评价", "reviews"),
                        out.t("平均", "average"),
                        r.average,
                        out.t("差评", "bad"),
                        r.bad
                    ),
                    None => table,
                }
            });
        }
        ReviewsCmd::Paste {
            file,
            commit,
            skip_unsure,
            stars,
            source,
        } => paste(db, &file, commit, skip_unsure, stars, &source, out)?,
        ReviewsCmd::Wall { sku } => {
            let store = open_read(db)?;
            let product = product_by_sku(store.conn(), &sku)?;
            let wall = reviews::wall(store.conn(), store.clock(), &product)?;
            let folder = store
                .path()
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let photos: Vec<String> = wall
                .photos
                .iter()
                .map(|p| folder.join(p).display().to_string())
                .collect();
            out.emit(&json!({ "text": wall.text, "photos": photos }), || {
                format!("{}\n\n{}", wall.text, photos.join("\n"))
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn paste(
    db: &Path,
    file: &Path,
    commit: bool,
    skip_unsure: bool,
    stars: Option<i32>,
    source: &str,
    out: &Out,
) -> Result<(), CoreError> {
    let text = std::fs::read_to_string(file).map_err(|e| CoreError::io(file, e))?;
    let mut store = open(db)?;
    let today = store.clock().today();
    let mut lines = batch::parse(store.conn(), store.clock(), &text, today)?;
    if let Some(n) = stars {
        for l in lines.iter_mut().filter(|l| l.stars == 0) {
            l.stars = n;
            batch::settle(store.conn(), store.clock(), l, today)?;
        }
    }
    let recorded = match commit {
        true => {
            let file = store.path().to_path_buf();
            Some(store.write(|w| batch::commit(w, &file, &lines, source, skip_unsure))?)
        }
        false => None,
    };
    out.emit(&json!({ "lines": lines, "recorded": recorded }), || {
        let rows: Vec<Vec<String>> = lines
            .iter()
            .map(|l| {
                vec![
                    l.line.to_string(),
                    l.customer.clone(),
                    l.order_no.clone().unwrap_or_default(),
                    "★".repeat(l.stars.max(0) as usize),
                    l.body.clone(),
                    l.flags
                        .iter()
                        .map(|f| unsure(f, out))
                        .collect::<Vec<_>>()
                        .join("；"),
                ]
            })
            .collect();
        let table = out.table(
            &["行", "客户", "订单", "星级", "评价", "未确定"],
            &["line", "customer", "order", "stars", "text", "unsure"],
            &rows,
        );
        match &recorded {
            Some(r) => format!(
                "{table}\n{} {} · {} {}",
                out.t("已记下", "recorded"),
                r.reviews.len(),
                out.t("跳过", "skipped"),
                r.skipped.len()
            ),
            None => table,
        }
    });
    Ok(())
}

/// Why a pasted line is not sure, in words (the JSON keeps the code).
fn unsure(code: &str, out: &Out) -> String {
    let (zh, en) = match code {
        "ambiguous_customer" => ("同名客户：选一位", "which customer? pick one"),
        "unknown_customer" => ("店里没有这位客户", "no such customer"),
        "no_order" => (
            "前 30 天内没有这位的订单",
            "no order of theirs in the 30 days before",
        ),
        "no_stars" => ("没有星级", "no stars"),
        "already_recorded" => ("已经记过了", "recorded already"),
        other => (other, other),
    };
    out.t(zh, en).to_string()
}
