//! The user's preferences (language, theme, last screen, window size) in
//! tauri-plugin-store's one file, read and written here: the page never
//! names a file, so it cannot open or write any other path through the
//! store plugin (whose own commands accept absolute and `..` paths).

use serde_json::{Map, Value};
use storefront_core::error::IpcError;
use storefront_core::CoreError;
use tauri::AppHandle;
use tauri_plugin_store::StoreExt;

pub const FILE: &str = "prefs.json";
/// The preferences there are; any other key is refused.
const KEYS: &[&str] = &[
    "locale", "theme", "screen", "width", "height", "welcomed", "rise",
];

pub fn failed(e: tauri_plugin_store::Error) -> IpcError {
    CoreError::io(FILE, std::io::Error::other(e.to_string())).to_ipc()
}

/// Every preference saved so far (the page fills in its defaults).
#[tauri::command]
pub fn prefs_load(app: AppHandle) -> Result<Map<String, Value>, IpcError> {
    let store = app.store(FILE).map_err(failed)?;
    Ok(KEYS
        .iter()
        .filter_map(|k| {
            store
                .get(*k)
                .filter(|v| !v.is_null())
                .map(|v| (k.to_string(), v))
        })
        .collect())
}

/// Sets one preference and writes the file at once: it survives a killed app.
#[tauri::command]
pub fn pref_save(app: AppHandle, key: String, value: Value) -> Result<(), IpcError> {
    if !KEYS.contains(&key.as_str()) {
        return Err(CoreError::invalid("key", format!("no preference called {key:?}")).to_ipc());
    }
    let store = app.store(FILE).map_err(failed)?;
    store.set(key, value);
    store.save().map_err(failed)
}
