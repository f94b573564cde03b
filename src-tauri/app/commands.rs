//! `#[tauri::command]`s: parse arguments, call core, map the error. Each is a
//! few lines; anything longer is core logic in the wrong place.

use storefront_core::analytics::{self, Dashboard};
use storefront_core::backup::{self, BackupFile};
use storefront_core::campaigns::{self, CampaignsOverview};
use storefront_core::changelog::{self, ActivityEntry};
use storefront_core::customers::merge::{self, DuplicateGroup, Merged};
use storefront_core::customers::{self, CustomerDetail, CustomerInput, CustomerRow};
use storefront_core::demo::{self, DemoOptions, DemoSummary};
use storefront_core::error::IpcError;
use storefront_core::orders::{self, OrderFilter, OrderRow};
use storefront_core::progress::{CancelFlag, Progress};
use storefront_core::reconcile::{self, PaymentRow, ReconcileSummary};
use storefront_core::store::ShopStatus;
use storefront_core::suppliers::{self, SupplierItemRow, SupplierRow};
use storefront_core::{Page, Store};
use tauri::{AppHandle, Emitter, State};

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

// sizes: a list (every command the window may call)
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        shop_status,
        start_demo,
        business_day,
        dashboard,
        crate::analytics::period_tile,
        crate::analytics::sales_trend,
        crate::analytics::sales_channels,
        crate::analytics::product_mix,
        crate::analytics::stock_turnover,
        crate::analytics::waste,
        crate::analytics::buyer_months,
        crate::analytics::leader_ranking,
        crate::analytics::distributor_ranking,
        crate::analytics::groupbuy_funnel,
        crate::analytics::service_figures,
        crate::analytics::campaign_report,
        crate::analytics::export_chart_png,
        crate::analytics::export_chart_data,
        orders_page,
        customers_page,
        customer_lookup,
        customer_detail,
        customer_duplicates,
        crate::desktop::last_session,
        crate::desktop::export_diagnostics,
        crate::desktop::restart_app,
        crate::desktop::about,
        crate::desktop::debug_panic,
        crate::updates::update_status,
        crate::jobs::jobs_status,
        crate::updates::check_for_update,
        crate::updates::set_update_check,
        crate::reviews::review_add,
        crate::reviews::review_photo,
        crate::reviews::review_photo_bytes,
        crate::reviews::reviews_list,
        crate::reviews::reviews_paste,
        crate::reviews::review_settle,
        crate::reviews::reviews_record,
        crate::reviews::product_rating,
        crate::reviews::product_wall,
        crate::reviews::due_list,
        crate::reviews::reminder_sent,
        merge_customers,
        unmerge_customers,
        save_customer,
        campaigns_overview,
        reconcile_summary,
        payments_page,
        suppliers_list,
        supplier_items,
        crate::suppliers::sync_now,
        crate::suppliers::sync_cancel,
        crate::suppliers::supplier_save,
        crate::suppliers::supplier_secret_kept,
        crate::suppliers::supplier_preview,
        crate::suppliers::sync_runs,
        crate::suppliers::sync_changes,
        crate::suppliers::changes_reviewed,
        crate::suppliers::supplier_link,
        crate::suppliers::supplier_cost_history,
        crate::suppliers::supplier_pack_size,
        crate::suppliers::price_suggestions,
        crate::suppliers::price_decide,
        crate::suppliers::cost_threshold,
        crate::suppliers::cost_threshold_set,
        crate::suppliers::purchase_suggest,
        crate::suppliers::purchase_create,
        crate::suppliers::purchase_list,
        crate::suppliers::purchase_detail,
        crate::suppliers::purchase_send_json,
        crate::suppliers::purchase_export,
        crate::suppliers::purchase_mark_sent,
        crate::suppliers::purchase_receive,
        crate::suppliers::purchase_close,
        crate::prefs::prefs_load,
        crate::prefs::pref_save,
        activity,
        backups_list,
        backup_now,
        restore_backup,
        restore_file,
        crate::profile::shop_profile,
        crate::profile::save_shop_profile,
        crate::profile::save_payment_qr,
        crate::profile::payment_qr,
        crate::terminals::terminal_status,
        crate::terminals::test_server,
        crate::terminals::publish_shop,
        crate::terminals::join_shop,
        crate::terminals::sync_shop,
        crate::terminals::shop_conflicts,
        crate::terminals::resolve_conflict,
        open_data_folder,
        cancel_work,
        crate::catalog::products_page,
        crate::catalog::product_detail,
        crate::catalog::save_product,
        crate::catalog::archive_product,
        crate::catalog::variant_combinations,
        crate::catalog::save_product_image,
        crate::catalog::product_image,
        crate::catalog::product_categories,
        crate::catalog::sku_base,
        crate::catalog::products_import_preview,
        crate::catalog::products_import,
        crate::catalog::products_export,
        crate::catalog::find_variant,
        crate::catalog::stock_change,
        crate::catalog::stock_expiring,
        crate::catalog::stock_writeoff,
        crate::catalog::post_stocktake,
        crate::orders::create_order,
        crate::orders::quote_order,
        crate::orders::order_detail,
        crate::orders::order_edit,
        crate::orders::order_edits,
        crate::orders::set_order_status,
        crate::orders::entry_choices,
        crate::orders::solitaire_parse,
        crate::orders::solitaire_commit,
        crate::orders::solitaire_remember,
        crate::orders::solitaire_recheck,
        crate::orders::solitaire_pick,
        crate::orders::orders_mark,
        crate::orders::orders_import_preview,
        crate::orders::orders_import,
        crate::orders::orders_export,
        crate::orders::pick_list,
        crate::orders::hand_over,
        crate::shipping::ship_order,
        crate::shipping::to_ship,
        crate::shipping::to_ship_export,
        crate::shipping::waybills_preview,
        crate::shipping::waybills_import,
        crate::orders::after_sales_queue,
        crate::orders::after_sales_resolved,
        crate::orders::after_sales_service,
        crate::orders::after_sales_open,
        crate::orders::after_sales_reply,
        crate::orders::after_sales_resolve,
        crate::campaigns::campaign_add,
        crate::campaigns::campaign_spend,
        crate::campaigns::campaign_traffic,
        crate::campaigns::groupbuy_create,
        crate::campaigns::groupbuy_join,
        crate::campaigns::groupbuy_close,
        crate::campaigns::groupbuy_share,
        crate::campaigns::groupbuy_success,
        crate::campaigns::leader_add,
        crate::campaigns::leader_settle,
        crate::campaigns::leader_settlement_export,
        crate::campaigns::pickup_find,
        crate::campaigns::pickup_redeem,
        crate::campaigns::distributor_add,
        crate::campaigns::commissions,
        crate::campaigns::distributor_payout,
        crate::campaigns::coupon_add,
        crate::campaigns::flash_sales,
        crate::campaigns::flash_add,
        crate::campaigns::commission_rates,
        crate::campaigns::set_commission_rates,
        crate::campaigns::members_list,
        crate::campaigns::member_levels,
        crate::campaigns::member_enrol,
        crate::campaigns::bundles_list,
        crate::campaigns::bundle_add,
        crate::campaigns::bundle_lines,
        crate::reconcile::import_statement,
        crate::reconcile::reconcile_run,
        crate::reconcile::suggestions_page,
        crate::reconcile::confirm_match,
        crate::reconcile::reject_match,
        crate::reconcile::ignore_payment,
        crate::reconcile::payment_reminders,
        crate::reconcile::overpaid_orders,
        crate::reconcile::refund_owed,
        crate::reconcile::money_by_day,
        crate::reconcile::order_from_payment,
        crate::reconcile::statement_preview,
        crate::reconcile::save_statement_mapping,
    ]
}

#[tauri::command]
fn shop_status(state: State<AppState>) -> ShopStatus {
    let path = state.path.display().to_string();
    match state.with(|s| s.is_empty()) {
        Ok(empty) => ShopStatus {
            path,
            empty,
            error: None,
        },
        Err(error) => ShopStatus {
            path,
            empty: false,
            error: Some(error),
        },
    }
}

/// Progress of long work, as `progress` events to the window; the
/// `cancel_work` command stops it between units of work.
pub struct Events {
    app: AppHandle,
    cancel: CancelFlag,
}

impl Events {
    /// For a new piece of work: an earlier cancel does not stop this one.
    pub fn new(app: AppHandle, state: &AppState) -> Self {
        state.cancel.reset();
        Events {
            app,
            cancel: state.cancel.clone(),
        }
    }
}

impl Progress for Events {
    fn report(&self, phase: &str, done: u64, total: u64) {
        let _ = self.app.emit("progress", (phase, done, total));
    }
    fn cancelled(&self) -> bool {
        self.cancel.is_set()
    }
}

/// Stops the long work in progress (it rolls back); never waits for the shop.
#[tauri::command]
fn cancel_work(state: State<AppState>) {
    state.cancel.cancel();
}

#[tauri::command]
async fn start_demo(app: AppHandle, state: State<'_, AppState>, orders: u64) -> Reply<DemoSummary> {
    let events = Events::new(app.clone(), &state);
    // The demo leaves WAL for one big write: no reader may hold the file.
    state.forget_readers();
    AppState::blocking(&app, move |state| {
        state.with(|s| {
            let until = s.clock().today();
            let opts = DemoOptions {
                orders,
                seed: 1,
                until,
            };
            demo::generate(s, &opts, &events)
        })
    })
    .await
}

/// The shop's business day (its time zone and cut-off), which the screens
/// default their dates to: the computer's calendar date is a different day
/// around midnight, before the cut-off, or away from the shop's zone.
#[tauri::command]
fn business_day(state: State<AppState>) -> Reply<String> {
    state.with(|s| Ok(s.clock().today().to_string()))
}

#[tauri::command]
fn dashboard(state: State<AppState>) -> Reply<Dashboard> {
    state.read(|s| analytics::dashboard(s.conn(), s.clock(), storefront_core::shop_time::now()))
}

#[tauri::command]
fn orders_page(
    state: State<AppState>,
    filter: OrderFilter,
    offset: u32,
    limit: u32,
) -> Reply<Page<OrderRow>> {
    state.read(|s| orders::page(s.conn(), s.clock(), &filter, offset, limit))
}

#[tauri::command]
fn customers_page(
    state: State<AppState>,
    query: String,
    offset: u32,
    limit: u32,
) -> Reply<Page<CustomerRow>> {
    state.read(|s| customers::page(s.conn(), s.clock(), &query, offset, limit))
}

/// The customers order entry offers as a name, pinyin or phone is typed.
#[tauri::command]
fn customer_lookup(state: State<AppState>, query: String, limit: u32) -> Reply<Vec<CustomerRow>> {
    state.read(|s| customers::lookup(s.conn(), s.clock(), &query, limit))
}

#[tauri::command]
fn customer_detail(state: State<AppState>, id: String) -> Reply<CustomerDetail> {
    state.read(|s| customers::detail(s.conn(), s.clock(), &id))
}

/// Customers who are likely one person (one customer per person).
#[tauri::command]
fn customer_duplicates(state: State<AppState>, limit: u32) -> Reply<Vec<DuplicateGroup>> {
    state.read(|s| merge::duplicates(s.conn(), s.clock(), limit))
}

/// Folds `others` into `keep`, all at once or none.
#[tauri::command]
fn merge_customers(
    state: State<AppState>,
    keep: String,
    others: Vec<String>,
) -> Reply<Vec<Merged>> {
    state.with(|s| s.write(|w| others.iter().map(|o| merge::merge(w, &keep, o)).collect()))
}

#[tauri::command]
fn unmerge_customers(state: State<AppState>, merge_id: String) -> Reply<()> {
    state.with(|s| s.write(|w| merge::undo(w, &merge_id)))
}

#[tauri::command]
fn save_customer(state: State<AppState>, customer: CustomerInput) -> Reply<String> {
    state.with(|s| s.write(|w| customers::save(w, &customer)))
}

#[tauri::command]
fn campaigns_overview(state: State<AppState>) -> Reply<CampaignsOverview> {
    state.read(|s| campaigns::overview(s.conn(), s.clock()))
}

#[tauri::command]
fn reconcile_summary(state: State<AppState>) -> Reply<ReconcileSummary> {
    state.read(|s| reconcile::summary(s.conn(), s.clock()))
}

#[tauri::command]
fn payments_page(
    state: State<AppState>,
    unmatched_only: bool,
    offset: u32,
    limit: u32,
) -> Reply<Page<PaymentRow>> {
    state.read(|s| reconcile::payments(s.conn(), s.clock(), unmatched_only, offset, limit))
}

#[tauri::command]
fn suppliers_list(state: State<AppState>) -> Reply<Vec<SupplierRow>> {
    state.read(|s| suppliers::list(s.conn(), s.clock()))
}

#[tauri::command]
fn supplier_items(state: State<AppState>, supplier_id: String) -> Reply<Vec<SupplierItemRow>> {
    state.read(|s| suppliers::items(s.conn(), &supplier_id))
}

#[tauri::command]
fn activity(state: State<AppState>, limit: u32) -> Reply<Vec<ActivityEntry>> {
    state.read(|s| changelog::recent(s.conn(), s.clock(), limit))
}

#[tauri::command]
fn backups_list(state: State<AppState>) -> Reply<Vec<BackupFile>> {
    state.with(|s| backup::list(s.path(), s.clock()))
}

#[tauri::command]
fn backup_now(state: State<AppState>) -> Reply<String> {
    state.with(|s| {
        let dest = backup::manual_path(s);
        backup::backup_to(s.conn(), &dest)?;
        Ok(dest.display().to_string())
    })
}

#[tauri::command]
fn restore_backup(state: State<AppState>, path: String) -> Reply<String> {
    let saved = state.with(|s: &mut Store| {
        storefront_core::restore::restore(s, std::path::Path::new(&path))
            .map(|p| p.display().to_string())
    });
    state.forget_readers();
    saved
}

/// Restores the shop from a file the merchant picked (sent as bytes).
#[tauri::command]
fn restore_file(state: State<AppState>, request: tauri::ipc::Request<'_>) -> Reply<String> {
    let (bytes, name) = crate::files::sent_file(&request)?;
    let saved = state.with(|s: &mut Store| {
        storefront_core::restore::restore_bytes(s, bytes, &name).map(|p| p.display().to_string())
    });
    state.forget_readers();
    saved
}

/// Shows the data folder in the OS file manager.
#[tauri::command]
fn open_data_folder(state: State<AppState>) -> Reply<String> {
    let dir = state
        .path
        .parent()
        .map(|d| d.to_path_buf())
        .unwrap_or_default();
    let opener = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(&dir)
        .spawn()
        .map_err(|e| storefront_core::CoreError::io(&dir, e).to_ipc())?;
    Ok(dir.display().to_string())
}
