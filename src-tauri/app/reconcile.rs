//! Commands of the Reconciliation screen: import a statement (raw bytes,
//! with progress and cancel), match, and a person's decisions.

use storefront_core::error::IpcError;
use storefront_core::orders::NewLine;
use storefront_core::reconcile::{
    self, DayMoney, Imported, OverpaidOrder, Reminder, RunReport, Suggestion,
};
use storefront_core::statements::{self, Mapping, Preview};
use storefront_core::{Money, Page};
use tauri::ipc::Request;
use tauri::{AppHandle, State};

use crate::commands::Events;
use crate::files::sent_file;
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn import_statement(
    app: AppHandle,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Reply<Imported> {
    let (bytes, name) = sent_file(&request)?;
    let (bytes, events) = (bytes.to_vec(), Events::new(app.clone(), &state));
    AppState::blocking(&app, move |state| {
        state.with(|s| reconcile::import_and_run(s, &bytes, &name, &events))
    })
    .await
}

#[tauri::command]
pub async fn reconcile_run(app: AppHandle, state: State<'_, AppState>) -> Reply<RunReport> {
    let events = Events::new(app.clone(), &state);
    AppState::blocking(&app, move |state| {
        state.with(|s| reconcile::run(s, &events))
    })
    .await
}

#[tauri::command]
pub fn suggestions_page(
    state: State<AppState>,
    offset: u32,
    limit: u32,
) -> Reply<Page<Suggestion>> {
    state.read(|s| reconcile::suggestions(s.conn(), s.clock(), offset, limit))
}

#[tauri::command]
pub fn confirm_match(state: State<AppState>, order_no: String, txn_id: String) -> Reply<()> {
    state.with(|s| reconcile::confirm(s, &order_no, &txn_id))
}

#[tauri::command]
pub fn reject_match(state: State<AppState>, order_no: String, txn_id: String) -> Reply<()> {
    state.with(|s| reconcile::reject(s, &order_no, &txn_id))
}

#[tauri::command]
pub fn ignore_payment(state: State<AppState>, txn_id: String, reason: String) -> Reply<()> {
    state.with(|s| reconcile::ignore(s, &txn_id, &reason))
}

#[tauri::command]
pub fn payment_reminders(state: State<AppState>, limit: u32) -> Reply<Vec<Reminder>> {
    state.read(|s| reconcile::reminders(s.conn(), s.clock(), limit))
}

#[tauri::command]
pub fn overpaid_orders(state: State<AppState>) -> Reply<Vec<OverpaidOrder>> {
    state.read(|s| reconcile::overpaid(s.conn()))
}

#[tauri::command]
pub fn refund_owed(
    state: State<AppState>,
    order_no: String,
    amount: Money,
    reason: String,
) -> Reply<()> {
    state.with(|s| reconcile::refund_owed(s, &order_no, amount, &reason))
}

#[tauri::command]
pub fn money_by_day(state: State<AppState>, days: u32) -> Reply<Vec<DayMoney>> {
    state.read(|s| reconcile::by_day(s.conn(), s.clock(), days))
}

#[tauri::command]
pub fn order_from_payment(
    state: State<AppState>,
    txn_id: String,
    lines: Vec<NewLine>,
) -> Reply<String> {
    state.with(|s| reconcile::order_from_payment(s, &txn_id, lines))
}

/// A first look at a file the importer did not recognise, to map its columns.
#[tauri::command]
pub fn statement_preview(state: State<AppState>, request: Request<'_>) -> Reply<Preview> {
    let (bytes, name) = sent_file(&request)?;
    state.with(|s| {
        let mappings = statements::mappings(s.conn())?;
        statements::preview(bytes, &mappings).map_err(|bad| bad.in_file(&name))
    })
}

#[tauri::command]
pub fn save_statement_mapping(state: State<AppState>, mapping: Mapping) -> Reply<()> {
    state.with(|s| {
        s.write(|w| statements::save_mapping(w.tx, &mapping, storefront_core::shop_time::now()))
    })
}
