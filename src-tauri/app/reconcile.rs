//! Commands of the Reconciliation screen: import a statement (raw bytes,
//! with progress and cancel), match, and a person's decisions.

use storefront_core::error::IpcError;
use storefront_core::orders::NewLine;
use storefront_core::reconcile::{
    self, DayMoney, Imported, OverpaidOrder, Reminder, RunReport, Suggestion,
};
use storefront_core::statements::{self, Mapping, Preview};
use storefront_core::{CoreError, Money, Page};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, State};

use crate::commands::Events;
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// A file sent by the screen: its bytes are the raw request body, its name
/// is in the `x-file-name` header (URI-encoded: names are often Chinese).
fn sent_file<'a>(request: &'a Request<'_>) -> Result<(&'a [u8], String), IpcError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CoreError::invalid("file", "send the file as raw bytes").to_ipc());
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_else(|| "statement".into());
    Ok((bytes, name))
}

#[tauri::command]
pub async fn import_statement(
    app: AppHandle,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Reply<Imported> {
    let (bytes, name) = sent_file(&request)?;
    let events = Events::new(app, &state);
    state.with(|s| reconcile::import_and_run(s, bytes, &name, &events))
}

/// `%E5%BE%AE…` back to text; a malformed escape is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tauri::command]
pub async fn reconcile_run(app: AppHandle, state: State<'_, AppState>) -> Reply<RunReport> {
    let events = Events::new(app, &state);
    state.with(|s| reconcile::run(s, &events))
}

#[tauri::command]
pub fn suggestions_page(
    state: State<AppState>,
    offset: u32,
    limit: u32,
) -> Reply<Page<Suggestion>> {
    state.with(|s| reconcile::suggestions(s.conn(), s.clock(), offset, limit))
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
    state.with(|s| reconcile::reminders(s.conn(), s.clock(), limit))
}

#[tauri::command]
pub fn overpaid_orders(state: State<AppState>) -> Reply<Vec<OverpaidOrder>> {
    state.with(|s| reconcile::overpaid(s.conn()))
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
    state.with(|s| reconcile::by_day(s.conn(), s.clock(), days))
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
