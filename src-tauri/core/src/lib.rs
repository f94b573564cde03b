//! Storefront core: the shop's domain rules and its SQLite store.
//!
//! No GUI and no stdout here: the Tauri app and the `storefront` CLI are thin
//! adapters over these modules. One module per thing a merchant talks about.

pub mod after_sales;
pub mod analytics;
pub mod backup;
pub mod bindings;
pub mod campaigns;
pub mod catalog;
pub mod changelog;
pub mod check;
pub mod checkout;
pub mod customers;
pub mod demo;
pub mod diagnostics;
pub mod error;
pub mod file_names;
pub mod fulfilment;
mod grouped;
pub mod ids;
pub mod imports;
pub mod io;
pub mod joblog;
pub mod limits;
pub mod money;
pub mod orders;
pub mod profile;
pub mod progress;
pub mod purchasing;
pub mod reconcile;
pub mod restore;
pub mod reviews;
pub mod search_key;
pub mod shipping;
pub mod shop_time;
pub mod solitaire;
pub mod statements;
pub mod stock;
pub mod store;
pub mod suppliers;
pub mod table;
pub mod terminals;
#[cfg(test)]
mod testing;
pub mod updates;

#[cfg(test)]
mod os_paths_tests;

pub use error::{CoreError, Result};
pub use money::Money;
pub use store::{Session, Store};

/// The app's identifier: the OS data folder (and so the shop database) is
/// named after it, identically for the desktop app and the CLI.
pub const APP_IDENTIFIER: &str = "cn.storefront.desktop";

/// One window of a long list plus how many rows the whole list has: the UI
/// scrolls a virtual list over pages of these.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct Page<T> {
    pub total: u32,
    pub rows: Vec<T>,
    /// `total` was counted no further: there are more (a search of a
    /// million orders for `王` says "1000+" and asks for more letters).
    pub more: bool,
}

impl<T> Page<T> {
    /// A page of a list counted whole.
    pub fn counted(total: u32, rows: Vec<T>) -> Self {
        Page {
            total,
            rows,
            more: false,
        }
    }
}
