//! The Tauri shell: opens the shop database in the OS app-data folder (or
//! `STOREFRONT_DB`), makes the daily backup, and exposes thin commands over
//! storefront-core. No business logic lives here.

mod commands;
mod state;

use std::path::PathBuf;

use tauri::Manager;

pub use state::AppState;

/// Where the shop lives: `STOREFRONT_DB` when set (tests, power users), else
/// `shop.db` in the OS app-data folder named after the app's identifier.
fn db_path(app: &tauri::App) -> PathBuf {
    if let Some(p) = std::env::var_os("STOREFRONT_DB") {
        return PathBuf::from(p);
    }
    let dir = app.path().app_data_dir().unwrap_or_else(|_| PathBuf::from("."));
    dir.join("shop.db")
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            let state = AppState::open(db_path(app));
            app.manage(state);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("error while running Storefront");
}
