//! Typed errors with stable codes: the UI translates `code()`, scripts read
//! the CLI's exit status, and the message names the file where there is one.

use std::path::PathBuf;

use crate::table::Why;

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
        /// A reason the window words itself (`file.why.*`).
        why: Option<Box<Why>>,
        /// The file's other problems, each where it is: a merchant fixes
        /// them all in one go rather than one per try.
        others: Vec<crate::table::BadLine>,
    },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{entity} not found: {key}")]
    NotFound { entity: &'static str, key: String },
    #[error("the shop already has data; demo data goes into an empty shop only")]
    ShopNotEmpty,
    #[error("cancelled")]
    Cancelled,
    /// `available` and `wanted` as the merchant reads them (`3`, `12.5斤`).
    #[error("{sku}: only {available} available, {wanted} wanted; confirm to sell beyond stock")]
    Oversell {
        sku: String,
        available: String,
        wanted: String,
    },
    #[error("distribution allows two levels only: {0} already has a recruiter, so their recruits would be a third level")]
    ThirdLevel(String),
    /// A supplier's feed could not be fetched or read; the run changed nothing.
    #[error("{0}")]
    Feed(String),
    /// The OS keychain refused to keep or give back a supplier's secret.
    #[error("keychain: {0}")]
    Keychain(String),
    /// The shop's PostgreSQL server could not be reached or refused the work;
    /// the message names the server, never its password.
    #[error("shop server: {0}")]
    Server(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A refusal with a code of its own: the UI words it in the merchant's
    /// language from `args`; `english` is what the CLI prints.
    #[error("{english}")]
    Refused {
        refusal: Refusal,
        args: Vec<(&'static str, String)>,
        english: String,
    },
}

/// Declares the refusals with their stable codes, each once: the enum,
/// `Refusal::ALL` (the UI has a sentence for every one) and `code()`.
macro_rules! refusals {
    ($($(#[doc = $doc:literal])* $variant:ident => $code:literal,)*) => {
        /// The refusals that carry their own code (see `CoreError::Refused`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Refusal {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Refusal {
            pub const ALL: &'static [Refusal] = &[$(Refusal::$variant,)*];

            /// Stable machine code; never reworded once shipped.
            pub fn code(self) -> &'static str {
                match self {
                    $(Refusal::$variant => $code,)*
                }
            }
        }
    };
}

refusals! {
    /// A variant saved without a SKU.
    SkuRequired => "sku_required",
    /// A list too long for one Excel sheet.
    ExcelTooBig => "excel_too_big",
    /// An order changed after it left the shelf (or was cancelled).
    EditNotAllowed => "edit_not_allowed",
    /// A group-buy member's order changed (its lines are the deal's).
    EditGroupBuy => "edit_group_buy",
    /// An order changed without saying why.
    EditReasonRequired => "edit_reason_required",
    /// An order with refunds made dearer.
    EditOwesAfterRefund => "edit_owes_after_refund",
    /// An order without lines.
    EmptyOrder => "empty_order",
    /// An order's discount beyond its subtotal.
    DiscountTooBig => "discount_too_big",
    /// More points redeemed than the member has.
    PointsOverBalance => "points_over_balance",
    /// A line's quantity outside 1 to the maximum.
    QtyOutOfRange => "qty_out_of_range",
    /// A price outside 0 to 9,999,999.99.
    PriceOutOfRange => "price_out_of_range",
    /// A price other than the list price without a reason.
    PriceNeedsReason => "price_needs_reason",
    /// A status change the order's status does not allow.
    StatusStep => "status_step",
    /// Shipping an order its group buy still holds.
    HeldForGroupBuy => "held_for_group_buy",
    /// The same coupon given twice.
    CouponTwice => "coupon_twice",
    /// A coupon outside its days.
    CouponNotValidNow => "coupon_not_valid_now",
    /// A coupon at its usage limit.
    CouponUsedUp => "coupon_used_up",
    /// A coupon that does not stack, with another.
    CouponAlone => "coupon_alone",
    /// A stock change of nothing.
    ZeroChange => "zero_change",
    /// A stock adjustment without a reason.
    AdjustmentNeedsReason => "adjustment_needs_reason",
    /// A stocktake without a reason.
    StocktakeNeedsReason => "stocktake_needs_reason",
    /// Taking more off the shelf than is on it.
    NotEnoughOnHand => "not_enough_on_hand",
    /// Acting on an after-sales ticket already resolved.
    TicketResolved => "ticket_resolved",
    /// A refund beyond what was received.
    RefundOverReceived => "refund_over_received",
    /// Goods back beyond what the order shipped.
    ReturnOverShipped => "return_over_shipped",
    /// Something saved without a name (`what`: product, campaign).
    NameRequired => "name_required",
    /// A campaign or coupon ending before it starts.
    EndsBeforeStarts => "ends_before_starts",
    /// A code another campaign, bundle or coupon has.
    CodeTaken => "code_taken",
    /// Campaign spend of nothing.
    SpendNotPositive => "spend_not_positive",
    /// The same SKU twice in one product.
    SkuTwice => "sku_twice",
    /// A negative price or cost.
    NegativePrice => "negative_price",
    /// A SKU or barcode another variant has.
    SkuTaken => "sku_taken",
    /// A group-buy price not below the list price.
    GroupPriceNotBelow => "group_price_not_below",
    /// A group buy whose deadline has passed.
    DeadlinePassed => "deadline_passed",
    /// A group of fewer than two.
    GroupTooSmall => "group_too_small",
    /// Joining or closing a group buy that is closed.
    GroupClosed => "group_closed",
    /// A member over the group buy's limit per customer.
    GroupLimit => "group_limit",
    /// A bundle without a code or with one item.
    BundleTooSmall => "bundle_too_small",
    /// A bundle no cheaper than its items apart.
    BundleNotCheaper => "bundle_not_cheaper",
    /// Lines that do not make whole bundles.
    BundleNotWhole => "bundle_not_whole",
    /// A payment already fully matched.
    PaymentUsedUp => "payment_used_up",
    /// Ignoring or re-using a payment that pays an order.
    PaymentPaysOrder => "payment_pays_order",
    /// A coupon that takes nothing off.
    CouponNoDiscount => "coupon_no_discount",
    /// A pickup point another leader has.
    PickupTaken => "pickup_taken",
    /// A distributor's name taken, or a rate out of range.
    DistributorExists => "distributor_exists",
    /// A payout of nothing or more than is owed.
    PayoutOutOfRange => "payout_out_of_range",
    /// A purchase order without lines.
    EmptyPurchaseOrder => "empty_purchase_order",
    /// A purchase or receipt quantity of zero or less.
    QtyNotPositive => "qty_not_positive",
    /// Acting on a purchase order that expects nothing more.
    PoClosed => "po_closed",
    /// A receipt with no goods and no invoice.
    NothingReceived => "nothing_received",
    /// An invoice below zero.
    NegativeInvoice => "negative_invoice",
    /// Sending by JSON to a supplier that takes none.
    NoPoUrl => "no_po_url",
    /// A pack of less than one.
    PackSizeTooSmall => "pack_size_too_small",
    /// A selling price of zero or less.
    PriceNotPositive => "price_not_positive",
    /// A cost-rise threshold outside 0%–1000%.
    ThresholdOutOfRange => "threshold_out_of_range",
    /// A day not written YYYY-MM-DD.
    NotADay => "not_a_day",
    /// A period ending before it starts.
    PeriodBackwards => "period_backwards",
    /// A time that cannot be read.
    NotATime => "not_a_time",
    /// A group-buy price or limit below zero.
    NegativeGroupTerms => "negative_group_terms",
    /// An amount that cannot be read.
    NotAnAmount => "not_an_amount",
    /// An amount with more than two decimals.
    TooManyDecimals => "too_many_decimals",
    /// An amount too large to keep.
    AmountOutOfRange => "amount_out_of_range",
    /// A supplier feed without its kind or URL.
    FeedIncomplete => "feed_incomplete",
    /// A JSON feed without its field mapping.
    FeedNeedsMapping => "feed_needs_mapping",
    /// Feed credentials without the header or user name.
    AuthNameRequired => "auth_name_required",
    /// A negative lead time or minimum order.
    NegativeLeadTime => "negative_lead_time",
    /// A statement mapping without time, amount or id.
    MappingColumnsMissing => "mapping_columns_missing",
    /// A feed address that is not an http(s) URL.
    BadUrl => "bad_url",
    /// A URL carrying a user name or password.
    UrlWithCredentials => "url_with_credentials",
    /// An empty token or password.
    SecretEmpty => "secret_empty",
    /// A sync schedule that cannot be read.
    BadSchedule => "bad_schedule",
    /// A sync more often than 5 minutes or rarer than weekly.
    ScheduleOutOfRange => "schedule_out_of_range",
    /// Syncing a supplier without a feed.
    NoFeed => "no_feed",
    /// A stock change beyond the maximum.
    StockOutOfRange => "stock_out_of_range",
    /// A transfer of nothing or to the same place.
    BadTransfer => "bad_transfer",
    /// A count outside 0 to the maximum.
    CountOutOfRange => "count_out_of_range",
    /// Committing a 接龙 whose lines are not all sure.
    SolitaireNotSure => "solitaire_not_sure",
    /// An alias of the wrong length.
    AliasLength => "alias_length",
    /// A picture over the size limit.
    ImageTooBig => "image_too_big",
    /// A text over its length limit.
    TooLong => "too_long",
    /// A commission rate outside 0%–100% or finer than 0.01%.
    RateOutOfRange => "rate_out_of_range",
    /// A customer merged into itself.
    MergeSelf => "merge_self",
    /// A merge taken back twice.
    MergeUndone => "merge_undone",
    /// A merge taken back after its kept customer was merged on.
    MergeKeptGone => "merge_kept_gone",
    /// An edited line without a price whose SKU sold at two prices.
    PriceAmbiguous => "price_ambiguous",
    /// A customer named on an order who could be several in the shop.
    CustomerAmbiguous => "customer_ambiguous",
    /// Stars outside 1 to 5.
    StarsOutOfRange => "stars_out_of_range",
    /// A review about a product the order did not have.
    ReviewSkuNotOnOrder => "review_sku_not_on_order",
    /// More photos than a review takes.
    TooManyPhotos => "too_many_photos",
    /// Recording pasted reviews while some lines are not sure.
    ReviewsNotSure => "reviews_not_sure",
    /// The shop is open in another app window.
    ShopOpenElsewhere => "shop_open_elsewhere",
    /// Pasted text with no line to read.
    NothingPasted => "nothing_pasted",
    /// A pasted 接龙 with no numbered line to read.
    NoListLines => "no_list_lines",
    /// A parcel sent without a carrier.
    CarrierRequired => "carrier_required",
    /// A tracking number that is not one.
    TrackingInvalid => "tracking_invalid",
    /// Sending an order that is cancelled, refunded or a draft.
    NotShippable => "not_shippable",
    /// An arrival day before today.
    ArrivesInThePast => "arrives_in_the_past",
    /// A fraction of a piece for goods sold by the piece.
    NotWeighed => "not_weighed",
    /// A weight finer than the gram the ledger keeps.
    WeightFinerThanGram => "weight_finer_than_gram",
    /// A new pricing unit for goods that already have stock or orders.
    SoldByLocked => "sold_by_locked",
    /// A shop server address that is not `postgres://USER@HOST:PORT/DB`.
    ServerUrl => "server_url",
    /// A shop published a second time.
    AlreadyPublished => "already_published",
    /// A publish into a database that already has tables.
    ServerNotEmpty => "server_not_empty",
    /// A join to a database that holds no shop.
    ServerHasNoShop => "server_has_no_shop",
    /// A join to a shop of another schema version.
    ServerSchemaDiffers => "server_schema_differs",
    /// A terminal name another terminal of the shop has.
    TerminalNameTaken => "terminal_name_taken",
    /// A join into a file that already holds a shop.
    JoinNeedsNewFile => "join_needs_new_file",
    /// Sync asked of a shop that is on no server.
    NotOnServer => "not_on_server",
    /// Sync on a terminal that was retired from the shop.
    TerminalRetired => "terminal_retired",
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
            CoreError::Server(_) => "server",
            CoreError::Sqlite(_) => "database",
            CoreError::Refused { refusal, .. } => refusal.code(),
        }
    }

    /// Every code `code()` can give: the UI has a sentence for each.
    pub fn codes() -> Vec<&'static str> {
        let mut all = vec![
            "not_a_storefront_db",
            "newer_schema",
            "corrupt_database",
            "io",
            "bad_file",
            "invalid",
            "not_found",
            "shop_not_empty",
            "cancelled",
            "oversell",
            "third_level",
            "feed",
            "keychain",
            "server",
            "database",
        ];
        all.extend(Refusal::ALL.iter().map(|r| r.code()));
        all
    }

    /// A refusal of its own code, with what the UI words it from.
    pub fn refused(refusal: Refusal, args: &[(&'static str, String)], english: String) -> Self {
        CoreError::Refused {
            refusal,
            args: args.to_vec(),
            english,
        }
    }

    /// The values the UI's sentence for `code()` is made from.
    // sizes: a list (each error's arguments)
    fn args(&self) -> Vec<(&'static str, String)> {
        let path = |p: &PathBuf| p.display().to_string();
        match self {
            CoreError::NotAStorefrontDb { path: p, reason } => {
                vec![("path", path(p)), ("reason", reason.clone())]
            }
            CoreError::NewerSchema {
                path: p,
                found,
                supported,
            } => {
                vec![
                    ("path", path(p)),
                    ("found", found.to_string()),
                    ("supported", supported.to_string()),
                ]
            }
            CoreError::Corrupt { path: p, detail } => {
                vec![("path", path(p)), ("detail", detail.clone())]
            }
            CoreError::Io { path: p, source } => {
                vec![("path", path(p)), ("error", source.to_string())]
            }
            CoreError::BadFile {
                path: p,
                line,
                column,
                message,
                ..
            } => [
                Some(("file", path(p))),
                line.map(|l| ("line", l.to_string())),
                column.map(|c| ("column", c.to_string())),
                Some(("message", message.clone())),
            ]
            .into_iter()
            .flatten()
            .collect(),
            CoreError::Invalid { field, message } => {
                vec![("field", field.clone()), ("message", message.clone())]
            }
            CoreError::NotFound { entity, key } => {
                vec![("entity", entity.to_string()), ("key", key.clone())]
            }
            CoreError::ShopNotEmpty | CoreError::Cancelled => Vec::new(),
            CoreError::Oversell {
                sku,
                available,
                wanted,
            } => {
                vec![
                    ("sku", sku.clone()),
                    ("available", available.clone()),
                    ("wanted", wanted.clone()),
                ]
            }
            CoreError::ThirdLevel(name) => vec![("name", name.clone())],
            CoreError::Feed(m) | CoreError::Keychain(m) | CoreError::Server(m) => {
                vec![("message", m.clone())]
            }
            CoreError::Sqlite(e) => vec![("message", e.to_string())],
            CoreError::Refused { args, .. } => args.clone(),
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
                | CoreError::Refused { .. }
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

    /// A file's reason the window words itself, if it has one.
    fn why(&self) -> Option<&Why> {
        match self {
            CoreError::BadFile { why, .. } => why.as_deref(),
            _ => None,
        }
    }

    /// The shape errors take across IPC.
    /// A bad file's problems after the one the error names.
    pub fn others(&self) -> &[crate::table::BadLine] {
        match self {
            CoreError::BadFile { others, .. } => others,
            _ => &[],
        }
    }

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
            others: self.others().into(),
            args: self
                .args()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .chain(self.why().map(Why::args).unwrap_or_default())
                .collect(),
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

/// An error as the UI receives it: `kind` is the stable code it words in
/// the merchant's language from `args`; `message` is the English text.
#[derive(Debug, Clone, Serialize, serde::Deserialize, TS)]
pub struct IpcError {
    #[ts(type = "ErrorCode")]
    pub kind: String,
    pub message: String,
    pub field: Option<String>,
    pub line: Option<u32>,
    pub args: std::collections::BTreeMap<String, String>,
    /// A bad file's problems after the first, each with its line and column.
    // A boxed slice, not a Vec: every command returns this, so it stays
    // small. Never read back: a sync problem kept as JSON is never a file's,
    // and reading 60 reasons back would only grow the app.
    #[serde(skip_deserializing)]
    pub others: Box<[crate::table::BadLine]>,
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
