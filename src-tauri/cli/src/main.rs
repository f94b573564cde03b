//! `storefront`: the headless twin of the desktop app. Every subcommand is a
//! thin adapter over storefront-core; the contract is docs/CLI.md.

mod after_sales;
mod bench;
mod bench_dashboard;
mod bench_orders;
mod bench_shipping;
mod bench_solitaire;
mod bench_sync;
mod bench_terminals;
mod campaigns;
mod customers;
mod distribution;
mod fulfilment;
mod groupbuy;
mod leaders;
mod orders;
mod output;
mod products;
mod profile;
mod promotions;
mod purchase;
mod reconcile;
mod report;
mod reviews;
mod shipping;
mod shop;
mod solitaire;
mod stock;
mod suppliers;
mod terminals;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use storefront_core::CoreError;

use output::Out;

#[derive(Parser)]
#[command(
    name = "storefront",
    version,
    about = "Storefront 店铺管家 — the shop's command line",
    after_help = "Every command, flag and JSON shape: docs/CLI.md in the Storefront repository."
)]
struct Cli {
    /// The shop database (created and migrated on first use); default: the desktop app's.
    #[arg(long, global = true, env = "STOREFRONT_DB")]
    db: Option<PathBuf>,
    /// Print one JSON document on stdout and nothing else there.
    #[arg(long, global = true)]
    json: bool,
    /// Language of readable output: zh or en (default: from the locale).
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or migrate the database; prints the schema version.
    Init,
    /// Fill an empty shop with a deterministic, realistic demo business.
    Demo {
        #[arg(long, default_value_t = 2000)]
        orders: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Last business day of the demo year (YYYY-MM-DD); default today.
        #[arg(long)]
        until: Option<chrono::NaiveDate>,
    },
    /// Integrity check plus the product's invariants; exit 1 on any violation.
    Check {
        /// In seconds for a big shop: SQLite's quick check and the money and
        /// stock invariants, without the foreign keys and rollups.
        #[arg(long)]
        quick: bool,
    },
    /// Consistent online backup of the shop to FILE.
    Backup { file: PathBuf },
    /// Replace the shop with the backup in FILE (refused unless it is a sound Storefront database).
    Restore { file: PathBuf },
    /// Orders: list, add, move along, import, export.
    Orders {
        #[command(subcommand)]
        action: orders::OrdersCmd,
    },
    /// Products: list, import, export.
    #[command(visible_alias = "catalog")]
    Products {
        #[command(subcommand)]
        action: products::ProductsCmd,
    },
    /// Stock: receive (with best-before dates), write off, adjust, count, what expires.
    Stock {
        #[command(subcommand)]
        action: stock::StockCmd,
    },
    /// Reviews and 晒单: add (a bad one opens a ticket), list, a product's 晒单墙.
    Reviews {
        #[command(subcommand)]
        action: reviews::ReviewsCmd,
    },
    /// After-sales tickets: open, queue, reply, resolve, service figures.
    #[command(visible_alias = "after-sales")]
    Aftersales {
        #[command(subcommand)]
        action: after_sales::AfterSalesCmd,
    },
    /// What to pick for a business day, per pickup point (or `--by-leader`).
    Picklist {
        /// Orders placed on this business day (YYYY-MM-DD); default today.
        #[arg(long, conflicts_with = "arrival")]
        day: Option<chrono::NaiveDate>,
        /// Instead, the goods handed over on this day: orders arriving then
        /// (预售), and orders placed then without an arrival day.
        #[arg(long)]
        arrival: Option<chrono::NaiveDate>,
        #[arg(long)]
        by_leader: bool,
    },
    /// WeChat 接龙 lists.
    Solitaire {
        #[command(subcommand)]
        action: solitaire::SolitaireCmd,
    },
    /// Payment statements: import, column mappings.
    Statements {
        #[command(subcommand)]
        action: reconcile::StatementsCmd,
    },
    /// Match payments to orders and print where the money stands; or a person's decision.
    Reconcile {
        #[command(subcommand)]
        action: Option<reconcile::ReconcileCmd>,
    },
    /// Campaign records: list with figures, add, spend, traffic.
    Campaigns {
        #[command(subcommand)]
        action: campaigns::CampaignsCmd,
    },
    /// Group buys (拼团): create, join, close-due, close, list, share.
    Groupbuy {
        #[command(subcommand)]
        action: groupbuy::GroupBuyCmd,
    },
    /// Distributors (分销), two levels at most: add, list by trust, payout.
    Distributors {
        #[command(subcommand)]
        action: distribution::DistributorsCmd,
    },
    /// Commission per order, distributor and level, net of refunds.
    Commissions {
        #[arg(long)]
        distributor: Option<String>,
    },
    /// The shop's details: name, phone, receipt header and footer, payment QR.
    Shop {
        #[command(subcommand)]
        action: profile::ShopCmd,
    },
    /// Customers: the list, and the lookup order entry makes.
    Customers {
        #[command(subcommand)]
        action: customers::CustomersCmd,
    },
    /// Group leaders (团长) and their pickup points: add, list, settle.
    Leaders {
        #[command(subcommand)]
        action: leaders::LeadersCmd,
    },
    /// Pickup codes: find an order to collect, redeem it.
    Pickup {
        #[command(subcommand)]
        action: leaders::PickupCmd,
    },
    /// Coupons: add, list.
    Coupons {
        #[command(subcommand)]
        action: promotions::CouponsCmd,
    },
    /// Members (会员): enrol, list, levels.
    Members {
        #[command(subcommand)]
        action: promotions::MembersCmd,
    },
    /// Bundles (套餐): add, list.
    Bundles {
        #[command(subcommand)]
        action: promotions::BundlesCmd,
    },
    /// Flash-sale prices for a time window.
    Flash {
        #[command(subcommand)]
        action: promotions::FlashCmd,
    },
    /// Reports: sales per period, a campaign's net P&L.
    #[command(visible_alias = "analytics")]
    Report {
        #[command(subcommand)]
        action: report::ReportCmd,
    },
    /// Suppliers: add a feed, items, run log, changes, links, suggested prices.
    Suppliers {
        #[command(subcommand)]
        action: suppliers::SuppliersCmd,
    },
    /// Run due supplier syncs (for the OS scheduler); --once runs every feed now; exit 1 if one failed.
    Sync {
        #[arg(long)]
        supplier: Option<String>,
        #[arg(long)]
        once: bool,
    },
    /// Purchasing: reorder suggestions, purchase orders, receiving.
    #[command(visible_alias = "purchasing")]
    Purchase {
        #[command(subcommand)]
        action: purchase::PurchaseCmd,
    },
    /// Benchmarks that print their figures.
    Bench {
        #[command(subcommand)]
        action: bench::BenchCmd,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out::new(cli.json, cli.lang.as_deref());
    let result = run(cli, &out);
    match result {
        Ok(code) => code,
        Err(e) => {
            out.error(&e);
            ExitCode::from(if e.is_bad_input() { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli, out: &Out) -> Result<ExitCode, CoreError> {
    let db = cli.db.unwrap_or_else(shop::default_db);
    match cli.command {
        Command::Init => shop::init(&db, out),
        Command::Demo {
            orders,
            seed,
            until,
        } => shop::demo(&db, orders, seed, until, out),
        Command::Check { quick } => shop::check(&db, quick, out),
        Command::Backup { file } => shop::backup(&db, &file, out),
        Command::Restore { file } => shop::restore(&db, &file, out),
        Command::Orders { action } => orders::run(&db, action, out),
        Command::Products { action } => products::run(&db, action, out),
        Command::Stock { action } => stock::stock(&db, action, out),
        Command::Aftersales { action } => after_sales::run(&db, action, out),
        Command::Reviews { action } => reviews::run(&db, action, out),
        Command::Picklist {
            day,
            arrival,
            by_leader,
        } => fulfilment::pick_list(&db, day, arrival, by_leader, out),
        Command::Solitaire { action } => solitaire::run(&db, action, out),
        Command::Statements { action } => reconcile::statements(&db, action, out),
        Command::Reconcile { action } => reconcile::reconcile(&db, action, out),
        Command::Campaigns { action } => campaigns::campaigns(&db, action, out),
        Command::Groupbuy { action } => groupbuy::run(&db, action, out),
        Command::Distributors { action } => distribution::distributors(&db, action, out),
        Command::Commissions { distributor } => distribution::commissions(&db, distributor, out),
        Command::Customers { action } => customers::run(&db, action, out),
        Command::Shop { action } => profile::run(&db, action, out),
        Command::Leaders { action } => leaders::run(&db, action, out),
        Command::Pickup { action } => leaders::pickup(&db, action, out),
        Command::Coupons { action } => promotions::coupons(&db, action, out),
        Command::Flash { action } => promotions::flash(&db, action, out),
        Command::Members { action } => promotions::members(&db, action, out),
        Command::Bundles { action } => promotions::bundles(&db, action, out),
        Command::Report { action } => report::run(&db, action, out),
        Command::Suppliers { action } => suppliers::run(&db, action, out),
        Command::Sync { supplier, once } => suppliers::sync_cmd(&db, supplier, once, out),
        Command::Purchase { action } => purchase::run(&db, action, out),
        Command::Bench { action } => bench::run(&db, action, out),
    }
}
