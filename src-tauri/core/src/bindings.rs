//! The TypeScript definitions of every type that crosses the IPC boundary,
//! generated from the Rust types so the UI never hand-writes one. The file
//! `ui/src/lib/bindings.ts` is checked in; a test fails when it is stale.

use ts_rs::{Config, TS};

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

/// The whole generated file.
// sizes: a list (every type that crosses to the window)
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls = declarations![&cfg;
        crate::error::IpcError,
        crate::store::ShopStatus,
        crate::Page<()>,
        crate::catalog::ProductRow,
        crate::catalog::sold_by::SoldBy,
        crate::catalog::ProductFilter,
        crate::catalog::Shelf,
        crate::catalog::Category,
        crate::orders::OrderFilter,
        crate::orders::OrderRow,
        crate::orders::NewOrder,
        crate::orders::NewLine,
        crate::checkout::Quote,
        crate::orders::insert::Shortfall,
        crate::orders::OrderDetail,
        crate::checkout::edit::OrderEdit,
        crate::checkout::edit::EditOutcome,
        crate::checkout::edit::EditRow,
        crate::customers::merge::DuplicateGroup,
        crate::customers::merge::Merged,
        crate::customers::due::Due,
        crate::customers::due::DueList,
        crate::customers::due::Effect,
        crate::reviews::NewReview,
        crate::reviews::Added,
        crate::reviews::Review,
        crate::reviews::ReviewFilter,
        crate::reviews::Rating,
        crate::reviews::Wall,
        crate::diagnostics::LastSession,
        crate::diagnostics::About,
        crate::updates::UpdateStatus,
        crate::joblog::JobStatus,
        crate::updates::UpdatePhase,
        crate::updates::UpdateFailure,
        crate::updates::AtStart,
        crate::reviews::batch::PastedReview,
        crate::reviews::batch::Recorded,
        crate::orders::detail::LineRow,
        crate::orders::EntryChoices,
        crate::orders::detail::Choice,
        crate::fulfilment::PickItem,
        crate::fulfilment::PickDay,
        crate::stock::batches::Expiring,
        crate::analytics::waste::Waste,
        crate::orders::Parcel,
        crate::shipping::Shipped,
        crate::shipping::to_ship::ToShip,
        crate::shipping::to_ship::ToShipExport,
        crate::shipping::waybills::WaybillImport,
        crate::fulfilment::PickOrder,
        crate::fulfilment::PickGroup,
        crate::fulfilment::PickList,
        crate::after_sales::Ticket,
        crate::after_sales::Resolution,
        crate::after_sales::Resolved,
        crate::after_sales::Service,
        crate::catalog::detail::ProductDetail,
        crate::catalog::detail::PricePoint,
        crate::orders::status::StatusChange,
        crate::catalog::edit::ProductInput,
        crate::catalog::edit::ProductOption,
        crate::catalog::edit::VariantInput,
        crate::stock::count::Found,
        crate::stock::count::Change,
        crate::stock::count::Counted,
        crate::stock::count::Variance,
        crate::stock::count::Stocktake,
        crate::io::Problems,
        crate::io::products::ProductImport,
        crate::io::orders::OrderImport,
        crate::solitaire::Entry,
        crate::solitaire::Item,
        crate::solitaire::Parsed,
        crate::solitaire::Committed,
        crate::solitaire::Skipped,
        crate::solitaire::Flag,
        crate::solitaire::Change,
        crate::solitaire::ProductCandidate,
        crate::solitaire::Candidate,
        crate::solitaire::CustomerMatch,
        crate::solitaire::AliasRow,
        crate::customers::CustomerRow,
        crate::customers::CustomerInput,
        crate::customers::CustomerDetail,
        crate::campaigns::records::CampaignRow,
        crate::campaigns::records::NewCampaign,
        crate::campaigns::records::TrafficImport,
        crate::campaigns::GroupBuyRow,
        crate::campaigns::LeaderRow,
        crate::campaigns::distribution::Standing,
        crate::campaigns::distribution::CommissionRow,
        crate::campaigns::distribution::Rates,
        crate::campaigns::distribution::ProductRates,
        crate::campaigns::groupbuy::NewGroupBuy,
        crate::checkout::groupbuy::Joined,
        crate::checkout::groupbuy::Closed,
        crate::campaigns::groupbuy::SuccessMonth,
        crate::campaigns::leaders::PickupOrder,
        crate::campaigns::leaders::Settlement,
        crate::campaigns::leaders::SettlementLine,
        crate::campaigns::promotions::NewCoupon,
        crate::campaigns::bundles::BundleRow,
        crate::campaigns::flash::FlashRow,
        crate::campaigns::bundles::BundleItem,
        crate::campaigns::members::MemberRow,
        crate::campaigns::members::LevelRow,
        crate::campaigns::CouponRow,
        crate::campaigns::CampaignsOverview,
        crate::reconcile::BatchRow,
        crate::reconcile::ReconcileSummary,
        crate::reconcile::PaymentRow,
        crate::reconcile::Suggestion,
        crate::reconcile::Reminder,
        crate::reconcile::UnpaidOrder,
        crate::reconcile::OverpaidOrder,
        crate::reconcile::DayMoney,
        crate::reconcile::RunReport,
        crate::reconcile::Imported,
        crate::reconcile::ReconcileState,
        crate::reconcile::MatchEntry,
        crate::reconcile::RefundEntry,
        crate::reconcile::PartlyPaid,
        crate::reconcile::Overpaid,
        crate::reconcile::Ignored,
        crate::statements::ImportReport,
        crate::statements::Differing,
        crate::statements::Mapping,
        crate::statements::Preview,
        crate::statements::BadLine,
        crate::table::Why,
        crate::suppliers::SupplierRow,
        crate::suppliers::SupplierItemRow,
        crate::suppliers::SupplierInput,
        crate::suppliers::FeedMapping,
        crate::suppliers::feeds::FeedPreview,
        crate::suppliers::feeds::PreviewItem,
        crate::suppliers::sync::ChangeCounts,
        crate::suppliers::sync::SyncReport,
        crate::suppliers::changes::RunRow,
        crate::suppliers::changes::ChangeRow,
        crate::suppliers::changes::CostPoint,
        crate::suppliers::changes::PriceSuggestion,
        crate::purchasing::PlanLine,
        crate::purchasing::SupplierPlan,
        crate::purchasing::NewPoLine,
        crate::purchasing::PoRow,
        crate::purchasing::PoLineRow,
        crate::purchasing::InvoiceCheck,
        crate::purchasing::PoDetail,
        crate::purchasing::Arrived,
        crate::analytics::Tile,
        crate::analytics::Figures,
        crate::analytics::Dashboard,
        crate::analytics::ToDo,
        crate::profile::Profile,
        crate::analytics::PeriodArg,
        crate::analytics::sales::SalesPoint,
        crate::analytics::sales::Marker,
        crate::analytics::sales::Trend,
        crate::analytics::sales::ChannelShare,
        crate::analytics::products::ProductSales,
        crate::analytics::products::RoleMix,
        crate::analytics::products::ProductMix,
        crate::analytics::products::StockTurn,
        crate::analytics::buyers::BuyerMonth,
        crate::analytics::buyers::Cohort,
        crate::analytics::buyers::Buyers,
        crate::analytics::people::Rank,
        crate::analytics::campaign::Step,
        crate::analytics::campaign::CampaignReport,
        crate::analytics::campaign::Funnel,
        crate::changelog::ActivityEntry,
        crate::backup::BackupFile,
        crate::check::CheckReport,
        crate::terminals::ServerProbe,
        crate::terminals::Published,
        crate::terminals::JoinedShop,
        crate::terminals::SyncPass,
        crate::terminals::SyncStatus,
        crate::terminals::SyncProblem,
        crate::terminals::Oversold,
        crate::terminals::Parked,
        crate::terminals::Conflict,
        crate::terminals::Keep,
        crate::check::Problem,
        crate::demo::DemoSummary,
    ];
    let mut out = String::from(
        "// Generated from the Rust types by storefront-core's bindings test.\n\
         // Do not edit: run `UPDATE_BINDINGS=1 cargo test -p storefront-core --test bindings`.\n\
         // Money is a yuan string (\"36.50\"), never a JavaScript number.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    // Every error code, so a UI test can require a sentence for each.
    let codes: Vec<String> = crate::CoreError::codes()
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    out.push_str(&format!(
        "export const ERROR_CODES = [{}] as const;\nexport type ErrorCode = (typeof ERROR_CODES)[number];\n",
        codes.join(", ")
    ));
    // The core's fixed lists (an order's status and channel, a product's
    // role…), so the window can only send and compare real values.
    let lists: [(&str, &str, &[&str]); 9] = [
        ("ORDER_STATUSES", "OrderStatus", crate::orders::STATUSES),
        ("CHANNELS", "Channel", crate::orders::CHANNELS),
        ("DELIVERIES", "Delivery", crate::orders::DELIVERIES),
        ("CARRIERS", "KnownCarrier", crate::shipping::CARRIERS),
        ("PRODUCT_ROLES", "ProductRole", crate::catalog::edit::ROLES),
        ("TICKET_KINDS", "TicketKind", crate::after_sales::KINDS),
        ("REVIEW_SOURCES", "ReviewSource", crate::reviews::SOURCES),
        (
            "CAMPAIGN_KINDS",
            "CampaignKind",
            crate::campaigns::records::KINDS,
        ),
        ("AUTH_KINDS", "AuthKind", crate::suppliers::AUTH_KINDS),
    ];
    for (name, ty, values) in lists {
        out.push_str(&const_union(name, ty, values));
    }
    // Limits the window checks before sending, so nothing is half saved.
    out.push_str(&format!(
        "export const IMAGE_MAX_BYTES = {};\nexport const REVIEW_MAX_PHOTOS = {};\n",
        crate::catalog::image::MAX_BYTES,
        crate::reviews::MAX_PHOTOS
    ));
    out
}

/// `export const NAME = [...] as const;` and the union of its values.
fn const_union(name: &str, ty: &str, values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    format!(
        "export const {name} = [{}] as const;\nexport type {ty} = (typeof {name})[number];\n",
        quoted.join(", ")
    )
}
