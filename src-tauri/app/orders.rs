//! Commands of the Orders screen: take an order, move it along, paste a
//! 接龙 list, import and export order files, after-sales tickets.

use storefront_core::after_sales::{self, Resolution, Resolved, Service, Ticket};
use storefront_core::checkout::edit::{self as order_edit, EditOutcome, EditRow, OrderEdit};
use storefront_core::checkout::{self, status};
use storefront_core::error::IpcError;
use storefront_core::fulfilment::{self, PickDay, PickList};
use storefront_core::io::orders::{self as order_io, OrderImport};
use storefront_core::io::Layout;
use storefront_core::orders::status::StatusChange;
use storefront_core::orders::{self, EntryChoices, NewOrder, OrderDetail};
use storefront_core::solitaire::{self, CommitOptions, Committed, Entry, Item, Parsed};
use storefront_core::CoreError;
use tauri::ipc::Request;
use tauri::{AppHandle, State};

use crate::commands::Events;
use crate::files::{export_path, sent_file};
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub fn create_order(state: State<AppState>, order: NewOrder) -> Reply<String> {
    state.with(|s| s.write(|w| checkout::create(w, &order)))
}

#[tauri::command]
pub fn order_detail(state: State<AppState>, order_no: String) -> Reply<OrderDetail> {
    state.read(|s| orders::detail(s.conn(), s.clock(), &order_no))
}

/// Changes an order not yet fulfilled (改单); with `preview`, works out
/// the new total and the difference without keeping anything.
#[tauri::command]
pub fn order_edit(
    state: State<AppState>,
    order_no: String,
    edit: OrderEdit,
    preview: bool,
) -> Reply<EditOutcome> {
    state.with(|s| {
        if preview {
            s.rehearse(|w| order_edit::edit(w, &order_no, &edit))
        } else {
            s.write(|w| order_edit::edit(w, &order_no, &edit))
        }
    })
}

/// The order's earlier versions, newest first.
#[tauri::command]
pub fn order_edits(state: State<AppState>, order_no: String) -> Reply<Vec<EditRow>> {
    state.read(|s| order_edit::history(s.conn(), s.clock(), &order_no))
}

#[tauri::command]
pub fn set_order_status(
    state: State<AppState>,
    order_no: String,
    to: String,
    allow_oversell: bool,
) -> Reply<StatusChange> {
    state.with(|s| s.write(|w| status::set(w, &order_no, &to, allow_oversell)))
}

/// Several orders to one status at once (the list's bulk actions): all or
/// none, the error naming the order that could not move.
#[tauri::command]
pub fn orders_mark(
    state: State<AppState>,
    order_nos: Vec<String>,
    to: String,
    allow_oversell: bool,
) -> Reply<Vec<StatusChange>> {
    state.with(|s| s.write(|w| status::set_many(w, &order_nos, &to, allow_oversell)))
}

#[tauri::command]
pub fn entry_choices(state: State<AppState>) -> Reply<EntryChoices> {
    state.read(|s| orders::choices(s.conn()))
}

#[tauri::command]
pub fn solitaire_parse(state: State<AppState>, text: String) -> Reply<Parsed> {
    state.read(|s| solitaire::parse(s.conn(), s.clock(), &text))
}

/// Creates the orders of the sure (possibly hand-fixed) entries at once;
/// the others come back with their reasons.
#[tauri::command]
pub fn solitaire_commit(
    state: State<AppState>,
    entries: Vec<Entry>,
    allow_oversell: bool,
    arrives_on: Option<String>,
) -> Reply<Committed> {
    let opts = CommitOptions {
        allow_oversell,
        skip_flagged: true,
        arrives_on: arrives_on.as_deref(),
    };
    state.with(|s| s.write(|w| solitaire::commit(w, &entries, opts)))
}

/// The item for a piece once the merchant picked its product: its quantity
/// read again for that variant.
#[tauri::command]
pub fn solitaire_pick(
    state: State<AppState>,
    header: String,
    text: String,
    sku: String,
) -> Reply<Item> {
    state.read(|s| solitaire::pick(s.conn(), s.clock(), &header, &text, &sku))
}

/// An entry's reasons worked out again after a fix on the screen.
#[tauri::command]
pub fn solitaire_recheck(mut entry: Entry) -> Entry {
    solitaire::recheck(&mut entry);
    entry
}

/// Remembers the merchant's word for a product (`西红柿` = 番茄).
#[tauri::command]
pub fn solitaire_remember(state: State<AppState>, alias: String, sku: String) -> Reply<()> {
    state.with(|s| s.write(|w| solitaire::remember(w, &alias, &sku, false)))
}

#[tauri::command]
pub fn orders_import_preview(state: State<AppState>, request: Request<'_>) -> Reply<OrderImport> {
    let (bytes, _) = sent_file(&request)?;
    state.read(|s| order_io::preview(s.conn(), s.clock(), bytes))
}

#[tauri::command]
pub async fn orders_import(
    app: AppHandle,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Reply<OrderImport> {
    let (bytes, name) = sent_file(&request)?;
    let (bytes, events) = (bytes.to_vec(), Events::new(app.clone(), &state));
    AppState::blocking(&app, move |state| {
        state.with_own_connection(|s| order_io::import(s, &bytes, &name, &events))
    })
    .await
}

#[tauri::command]
pub fn orders_export(
    app: AppHandle,
    state: State<AppState>,
    xlsx: bool,
    order_nos: Vec<String>,
    chinese: bool,
) -> Reply<String> {
    let path = export_path(&app, "orders", if xlsx { "xlsx" } else { "csv" });
    // In the merchant's language; either reads back through the importer.
    let layout = if chinese {
        Layout::Chinese
    } else {
        Layout::Codes
    };
    state.read(|s| order_io::export(s.conn(), s.clock(), &path, &order_nos, layout))?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub fn after_sales_queue(state: State<AppState>) -> Reply<Vec<Ticket>> {
    state.read(|s| after_sales::queue(s.conn(), s.clock()))
}

/// Resolved tickets, the latest first, found by order, customer or words.
#[tauri::command]
pub fn after_sales_resolved(state: State<AppState>, query: String) -> Reply<Vec<Ticket>> {
    state.read(|s| after_sales::resolved(s.conn(), s.clock(), &query, 100))
}

#[tauri::command]
pub fn after_sales_service(state: State<AppState>, days: i64) -> Reply<Service> {
    state.read(|s| after_sales::service(s.conn(), days))
}

#[tauri::command]
pub fn after_sales_open(
    state: State<AppState>,
    order_no: String,
    kind: String,
    description: String,
) -> Reply<String> {
    state.with(|s| s.write(|w| after_sales::open(w, &order_no, &kind, &description)))
}

#[tauri::command]
pub fn after_sales_reply(state: State<AppState>, id: String) -> Reply<()> {
    state.with(|s| s.write(|w| after_sales::reply(w, &id)))
}

#[tauri::command]
pub fn after_sales_resolve(
    state: State<AppState>,
    id: String,
    resolution: Resolution,
) -> Reply<Resolved> {
    state.with(|s| s.write(|w| after_sales::resolve(w, &id, &resolution)))
}

#[tauri::command]
pub fn pick_list(
    state: State<AppState>,
    day: String,
    by: PickDay,
    by_leader: bool,
) -> Reply<PickList> {
    let day = day
        .parse()
        .map_err(|_| CoreError::invalid("day", format!("not YYYY-MM-DD: {day:?}")).to_ipc())?;
    state.read(|s| fulfilment::pick_list(s.conn(), day, by, by_leader))
}

#[tauri::command]
pub fn hand_over(state: State<AppState>, order_nos: Vec<String>) -> Reply<u32> {
    state.with(|s| s.write(|w| fulfilment::hand_over(w, &order_nos)))
}

/// Prices the order being typed as saving would (coupons, the customer's
/// member benefits, points, bundles, flash prices).
#[tauri::command]
pub fn quote_order(
    state: State<AppState>,
    lines: Vec<orders::NewLine>,
    coupons: Vec<String>,
    customer_id: Option<String>,
    points: i64,
) -> Reply<checkout::Quote> {
    state.read(|s| checkout::quote(s.conn(), &lines, &coupons, customer_id.as_deref(), points))
}
