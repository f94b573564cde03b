//! Commands of the shipping tab (发货): courier orders still to send, one
//! sent from its panel, a courier platform's waybill file, and the file of
//! orders to send.

use storefront_core::error::IpcError;
use storefront_core::shipping::to_ship::{self, ToShip, ToShipExport};
use storefront_core::shipping::waybills::{self, WaybillImport};
use storefront_core::shipping::{self, Shipped};
use tauri::ipc::Request;
use tauri::{AppHandle, State};

use crate::commands::Events;
use crate::files::{export_path, sent_file};
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub fn ship_order(
    state: State<AppState>,
    order_no: String,
    carrier: String,
    tracking: String,
) -> Reply<Shipped> {
    state.with(|s| s.write(|w| shipping::ship(w, &order_no, &carrier, &tracking)))
}

#[tauri::command]
pub fn to_ship(state: State<AppState>) -> Reply<Vec<ToShip>> {
    state.read(|s| to_ship::list(s.conn(), s.clock()))
}

#[tauri::command]
pub fn to_ship_export(app: AppHandle, state: State<AppState>, xlsx: bool) -> Reply<ToShipExport> {
    let path = export_path(&app, "to-ship", if xlsx { "xlsx" } else { "csv" });
    state.read(|s| to_ship::export(s.conn(), s.clock(), &path))
}

/// The carrier chosen for a file without a carrier column, if any
/// (`x-carrier`, percent-encoded like the file name).
fn chosen_carrier(request: &Request<'_>) -> Option<String> {
    request
        .headers()
        .get("x-carrier")
        .and_then(|v| v.to_str().ok())
        .map(crate::files::percent_decode)
        .filter(|c| !c.is_empty())
}

#[tauri::command]
pub fn waybills_preview(state: State<AppState>, request: Request<'_>) -> Reply<WaybillImport> {
    let (bytes, _) = sent_file(&request)?;
    let carrier = chosen_carrier(&request);
    state.read(|s| waybills::preview(s.conn(), bytes, carrier.as_deref()))
}

#[tauri::command]
pub async fn waybills_import(
    app: AppHandle,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Reply<WaybillImport> {
    let (bytes, name) = sent_file(&request)?;
    let carrier = chosen_carrier(&request);
    let (bytes, events) = (bytes.to_vec(), Events::new(app.clone(), &state));
    AppState::blocking(&app, move |state| {
        state.with(|s| s.write(|w| waybills::import(w, &bytes, &name, carrier.as_deref(), &events)))
    })
    .await
}
