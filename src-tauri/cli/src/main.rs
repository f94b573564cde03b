//! `storefront`: the headless twin of the desktop app. Every subcommand is a
//! thin adapter over storefront-core; the contract is ../shared/CLI.md.

mod bench;
mod output;
mod reconcile;
mod shop;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use storefront_core::CoreError;

use output::Out;

#[derive(Parser)]
#[command(
    name = "storefront",
    version,
    about = "Storefront 店铺管家 — the shop's command line"
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
    Check,
    /// Consistent online backup of the shop to FILE.
    Backup { file: PathBuf },
    /// Replace the shop with the backup in FILE (refused unless it is a sound Storefront database).
    Restore { file: PathBuf },
    /// Orders: list, add.
    Orders {
        #[command(subcommand)]
        action: OrdersCmd,
    },
    /// Products: list.
    Products {
        #[command(subcommand)]
        action: ProductsCmd,
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
    /// Benchmarks that print their figures.
    Bench {
        #[command(subcommand)]
        action: bench::BenchCmd,
    },
}

#[derive(Subcommand)]
enum OrdersCmd {
    /// Orders newest first, filtered.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        /// First business day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last business day (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Take an order: `--line SKU:QTY` once per line.
    Add {
        #[arg(long)]
        customer: String,
        #[arg(long = "line", required = true, value_name = "SKU:QTY")]
        lines: Vec<String>,
        #[arg(long, default_value = "wechat")]
        channel: String,
        #[arg(long, default_value = "")]
        remark: String,
    },
}

#[derive(Subcommand)]
enum ProductsCmd {
    /// Variants with price, cost and stock.
    List {
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long, default_value_t = 500)]
        limit: u32,
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
        Command::Check => shop::check(&db, out),
        Command::Backup { file } => shop::backup(&db, &file, out),
        Command::Restore { file } => shop::restore(&db, &file, out),
        Command::Orders {
            action:
                OrdersCmd::List {
                    search,
                    status,
                    channel,
                    from,
                    to,
                    limit,
                },
        } => {
            let filter = storefront_core::orders::OrderFilter {
                query: search,
                status,
                channel,
                from,
                to,
            };
            shop::orders_list(&db, &filter, limit, out)
        }
        Command::Orders {
            action:
                OrdersCmd::Add {
                    customer,
                    lines,
                    channel,
                    remark,
                },
        } => shop::orders_add(&db, customer, &lines, channel, remark, out),
        Command::Products {
            action: ProductsCmd::List { search, limit },
        } => shop::products_list(&db, &search, limit, out),
        Command::Statements { action } => reconcile::statements(&db, action, out),
        Command::Reconcile { action } => reconcile::reconcile(&db, action, out),
        Command::Bench { action } => bench::run(&db, action, out),
    }
}
