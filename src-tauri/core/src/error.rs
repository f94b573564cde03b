//! Typed errors with stable codes: the UI translates `code()`, scripts read
//! the CLI's exit status, and the message names the file where there is one.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{path}: not a Storefront database ({reason})")]
    NotAStorefrontDb { path: PathBuf, reason: String },
    #[error("{path}: made by a newer Storefront (schema {found}, this version knows up to {supported}); update the app")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: the database is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", bad_file_text(path, *line, *column, message))]
    BadFile {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{entity} not found: {key}")]
    NotFound { entity: &'static str, key: String },
    #[error("the shop already has data; demo data goes into an empty shop only")]
    ShopNotEmpty,
    #[error("cancelled")]
    Cancelled,
    #[error("{sku}: only {available} available, {wanted} wanted; confirm to sell beyond stock")]
    Oversell {
        sku: String,
        available: i64,
        wanted: i64,
    },
    #[error("distribution allows two levels only: {0} already has a recruiter, so their recruits would be a third level")]
    ThirdLevel(String),
    /// A supplier's feed could not be fetched or read; the run changed nothing.
    #[error("{0}")]
    Feed(String),
    /// The OS keychain refused to keep or give back a supplier's secret.
    #[error("keychain: {0}")]
    Keychain(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl CoreError {
    /// Stable machine code; never reworded once shipped.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::NotAStorefrontDb { .. } => "not_a_storefront_db",
            CoreError::NewerSchema { .. } => "newer_schema",
            CoreError::Corrupt { .. } => "corrupt_database",
            CoreError::Io { .. } => "io",
            CoreError::BadFile { .. } => "bad_file",
            CoreError::Invalid { .. } => "invalid",
            CoreError::NotFound { .. } => "not_found",
            CoreError::ShopNotEmpty => "shop_not_empty",
            CoreError::Cancelled => "cancelled",
            CoreError::Oversell { .. } => "oversell",
            CoreError::ThirdLevel(_) => "third_level",
            CoreError::Feed(_) => "feed",
            CoreError::Keychain(_) => "keychain",
            CoreError::Sqlite(_) => "database",
        }
    }

    /// Whether the fault lies in what the user gave (a file, an argument)
    /// rather than in the machine; the CLI maps this to exit status 2.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            CoreError::NotAStorefrontDb { .. }
                | CoreError::NewerSchema { .. }
                | CoreError::Corrupt { .. }
                | CoreError::BadFile { .. }
                | CoreError::Invalid { .. }
                | CoreError::NotFound { .. }
                | CoreError::ShopNotEmpty
                | CoreError::Oversell { .. }
                | CoreError::ThirdLevel(_)
        )
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CoreError::Io {
            path: path.into(),
            source,
        }
    }

    /// The shape errors take across IPC.
    pub fn to_ipc(&self) -> IpcError {
        let field = match self {
            CoreError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        let line = match self {
            CoreError::BadFile { line, .. } => line.map(|l| l as u32),
            _ => None,
        };
        IpcError {
            kind: self.code().to_string(),
            message: self.to_string(),
            field,
            line,
        }
    }
}

/// `file.csv, line 12, column 6: not an amount: "abc"`: the file always, the
/// place where there is one.
fn bad_file_text(
    path: &std::path::Path,
    line: Option<usize>,
    column: Option<usize>,
    message: &str,
) -> String {
    let mut place = path.display().to_string();
    if let Some(line) = line {
        place.push_str(&format!(", line {line}"));
    }
    if let Some(column) = column {
        place.push_str(&format!(", column {column}"));
    }
    format!("{place}: {message}")
}

/// An error as the UI receives it: `kind` is the stable code it translates.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    pub kind: String,
    pub message: String,
    pub field: Option<String>,
    pub line: Option<u32>,
}
