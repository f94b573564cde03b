//! Products: list, categories, import and export files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::catalog::{ProductFilter, Shelf};
use storefront_core::io::{self as files, products as product_io};
use storefront_core::{catalog, CoreError};

use crate::output::Out;
use crate::shop::{open, open_read};

#[derive(Subcommand)]
pub enum ProductsCmd {
    /// Variants with price, cost and stock (search: name, SKU, barcode, pinyin).
    List {
        #[arg(long, default_value = "")]
        search: String,
        /// One category only.
        #[arg(long, default_value = "")]
        category: String,
        /// `on` (上架, on sale), `off` (下架) or `all`.
        #[arg(long, default_value = "on", value_parser = ["on", "off", "all"])]
        shelf: String,
        #[arg(long, default_value_t = 500)]
        limit: u32,
    },
    /// The shop's categories, with how many products each has.
    Categories,
    /// Import a Shopify product CSV, an XLSX, or Storefront's export; upsert by SKU.
    Import { file: PathBuf },
    /// Export every product to CSV or XLSX (by extension), Shopify's layout.
    Export { file: PathBuf },
}

pub fn run(db: &Path, cmd: ProductsCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match cmd {
        ProductsCmd::List {
            search,
            category,
            shelf,
            limit,
        } => {
            let filter = ProductFilter {
                query: search,
                category,
                shelf: match shelf.as_str() {
                    "off" => Shelf::Off,
                    "all" => Shelf::All,
                    _ => Shelf::On,
                },
            };
            list(db, &filter, limit, out)
        }
        ProductsCmd::Categories => {
            let store = open_read(db)?;
            let all = catalog::categories(store.conn())?;
            out.emit(&json!({ "categories": all }), || {
                all.iter()
                    .map(|c| format!("{}  {}", c.name, c.products))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            Ok(ExitCode::SUCCESS)
        }
        ProductsCmd::Import { file } => {
            let mut store = open(db)?;
            let r = product_io::import(
                &mut store,
                &files::read_file(&file)?,
                &files::file_name(&file),
                &out.progress(),
            )?;
            out.emit(&r, || {
                format!(
                    "{} {} {}, {} {}, {} {}, {} {}, {} {}",
                    out.t("已导入", "imported"),
                    r.products_created,
                    out.t("个新商品", "new products"),
                    r.variants_created,
                    out.t("个新规格", "new variants"),
                    r.variants_updated,
                    out.t("个已更新", "updated"),
                    r.variants_unchanged,
                    out.t("个无变化", "unchanged"),
                    r.stock_moved,
                    out.t("条库存变动", "stock changes")
                )
            });
            Ok(ExitCode::SUCCESS)
        }
        ProductsCmd::Export { file } => {
            let store = open_read(db)?;
            let n = product_io::export(store.conn(), &file, files::Layout::Codes)?;
            out.emit(&json!({ "file": file, "variants": n }), || {
                format!(
                    "{} {n} {} → {}",
                    out.t("已导出", "exported"),
                    out.t("个规格", "variants"),
                    file.display()
                )
            });
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(db: &Path, filter: &ProductFilter, limit: u32, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let page = catalog::page_of(store.conn(), filter, 0, limit)?;
    out.list(
        "products",
        &page,
        &["SKU", "商品", "分类", "售价", "成本", "库存", "可售"],
        &[
            "sku",
            "product",
            "category",
            "price",
            "cost",
            "on hand",
            "available",
        ],
        |p| {
            vec![
                p.sku.clone(),
                format!("{} {}", p.name, p.options),
                p.category.clone(),
                p.price.to_string(),
                p.cost.to_string(),
                p.on_hand.to_string(),
                p.available.to_string(),
            ]
        },
    );
    Ok(ExitCode::SUCCESS)
}
