//! Commands of the shop's details in 设置: name, phone, receipt words and
//! the payment QR picture.

use storefront_core::error::IpcError;
use storefront_core::profile::{self, Profile};
use tauri::ipc::{Request, Response};
use tauri::State;

use crate::files::sent_file;
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub fn shop_profile(state: State<AppState>) -> Reply<Profile> {
    state.read(|s| profile::profile(s.conn()))
}

#[tauri::command]
pub fn save_shop_profile(state: State<AppState>, profile: Profile) -> Reply<()> {
    state.with(|s| s.write(|w| profile::save(w, &profile)))
}

/// The payment QR picture chosen from a file (raw bytes).
#[tauri::command]
pub fn save_payment_qr(state: State<AppState>, request: Request<'_>) -> Reply<()> {
    let (bytes, name) = sent_file(&request)?;
    state.with(|s| {
        let file = s.path().to_path_buf();
        s.write(|w| profile::save_payment_qr(w, &file, bytes, &name))
    })
}

/// The payment QR picture as raw bytes (empty when there is none).
#[tauri::command]
pub fn payment_qr(state: State<AppState>) -> Reply<Response> {
    let bytes = state.read(|s| profile::payment_qr(s.conn(), s.path()))?;
    Ok(Response::new(bytes.unwrap_or_default()))
}
