//! Importers and exporters for the catalog and orders: the merchant's own
//! spreadsheets, Shopify product CSVs, Pinduoduo order exports. Every import
//! is checked whole first (a preview listing every bad cell by line and
//! column) and then written in one transaction, or not at all.

pub mod orders;
mod orders_export;
mod orders_sheet;
mod pinduoduo;
pub mod products;
mod products_export;

pub use crate::table::files::{
    clean, file_name, nothing_below_header, read_file, read_table, shown, wants_xlsx, Cells,
    Problems, Table, MAX_FILE_BYTES,
};
pub use crate::table::{sheet, BadLine};

/// The language of an export's header row and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The file contracts (CLI.md, Shopify's columns) and their codes.
    Codes,
    /// 简体中文: the names and words the app shows, read back by the
    /// importers as well.
    Chinese,
}
