//! The Tauri shell: opens the shop database in the OS app-data folder (or
//! `STOREFRONT_DB`), makes the daily backup, and exposes thin commands over
//! storefront-core. No business logic lives here.

mod analytics;
mod campaigns;
mod catalog;
mod commands;
mod desktop;
mod files;
mod jobs;
mod notify;
mod orders;
mod prefs;
mod profile;
mod reconcile;
mod reviews;
mod shipping;
mod state;
mod suppliers;
mod terminals;
mod updates;

use std::path::PathBuf;

use tauri::Manager;

pub use state::AppState;

/// Where the shop lives: `--db PATH` or `STOREFRONT_DB` when given (tests,
/// power users, a second shop), else `shop.db` in the OS app-data folder
/// named after the app's identifier — the same file the CLI uses.
fn db_path(app: &tauri::App) -> PathBuf {
    let mut args = std::env::args_os().skip_while(|a| a != "--db").skip(1);
    if let Some(p) = args.next().or_else(|| std::env::var_os("STOREFRONT_DB")) {
        return PathBuf::from(p);
    }
    let dir = app
        .path()
        .app_data_dir()
        .unwrap_or_else(|_| PathBuf::from("."));
    dir.join("shop.db")
}

pub fn run() {
    let built = tauri::Builder::default()
        .plugin(desktop::log_plugin())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .setup(|app| {
            desktop::watch_panics(app.handle());
            log::info!("Storefront {} starting", app.package_info().version);
            // Before the shop opens: an update installs with nothing running.
            let update = updates::install_waiting(app.handle());
            app.manage(AppState::open(db_path(app)));
            app.manage(suppliers::SyncJobs::default());
            app.manage(terminals::SyncFlags::default());
            updates::start(app.handle(), update);
            jobs::start(app.handle(), jobs::all(app.handle()));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    // Nothing to show a window with: say why where whoever started it sees.
    let app = match built {
        Ok(app) => app,
        Err(e) => {
            log::error!("Storefront could not start: {e}");
            eprintln!("Storefront could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event {
            jobs::stop(app);
            if let Some(state) = app.try_state::<AppState>() {
                if state.holds_shop() {
                    desktop::session_ended(&state.path);
                }
            }
        }
    });
}
