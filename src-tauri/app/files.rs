//! Files the screens send (raw bytes, the name in a header) and files the
//! app writes for the merchant (exports land in the Downloads folder).

use std::path::PathBuf;

use storefront_core::error::IpcError;
use storefront_core::file_names;
use storefront_core::CoreError;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager};

/// A file sent by the screen: its bytes are the raw request body, its name
/// is in the `x-file-name` header (URI-encoded: names are often Chinese).
pub fn sent_file<'a>(request: &'a Request<'_>) -> Result<(&'a [u8], String), IpcError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CoreError::invalid("file", "send the file as raw bytes").to_ipc());
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_else(|| "file".into());
    Ok((bytes, name))
}

/// `%E5%BE%AE…` back to text; a malformed escape is kept as written.
pub fn percent_decode(s: &str) -> String {
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

/// Where an export named `name` goes: the Downloads folder (else the shop's
/// own folder), with the time in the name so nothing is overwritten.
pub fn export_path(app: &AppHandle, stem: &str, ext: &str) -> PathBuf {
    // A machine without a Downloads folder keeps exports beside the shop.
    let beside_shop = || {
        app.try_state::<crate::AppState>()
            .and_then(|s| s.path.parent().map(|p| p.join("exports")))
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let dir = app
        .path()
        .download_dir()
        .ok()
        .filter(|d| d.is_dir())
        .unwrap_or_else(beside_shop);
    let _ = std::fs::create_dir_all(&dir);
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    // A name is a file name on every system, never a way into another folder.
    dir.join(file_names::safe(&format!("{stem}-{stamp}.{ext}")))
}
