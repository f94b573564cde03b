//! The app as a desktop program that runs for years: a log in rotating
//! files, a panic written there with its backtrace and shown in the window
//! with the way back, a session marker that tells the next start the last
//! one ended abnormally (and runs `check` then), and the diagnostics zip.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use storefront_core::check;
use storefront_core::diagnostics::{self, About, Facts, LastSession};
use storefront_core::error::IpcError;
use storefront_core::{CoreError, Session, Store};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// Several files of a few MB each.
const LOG_FILE_BYTES: u128 = 4 * 1024 * 1024;
const LOG_FILES_KEPT: usize = 5;

static APP: OnceLock<AppHandle> = OnceLock::new();

/// The log: rotating files in the OS log folder, and the terminal.
pub fn log_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_log::Builder::new()
        .targets([
            Target::new(TargetKind::LogDir {
                file_name: Some("storefront".into()),
            }),
            Target::new(TargetKind::Stderr),
        ])
        .level(log::LevelFilter::Info)
        .max_file_size(LOG_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(LOG_FILES_KEPT))
        .build()
}

/// From here on a panic on any thread is logged with its backtrace and
/// the window is told, so it shows the way back instead of going blank.
pub fn watch_panics(app: &AppHandle) {
    let _ = APP.set(app.clone());
    std::panic::set_hook(Box::new(|info| {
        let trace = std::backtrace::Backtrace::force_capture();
        let what = match (
            info.payload().downcast_ref::<&str>(),
            info.payload().downcast_ref::<String>(),
        ) {
            (Some(s), _) => s.to_string(),
            (_, Some(s)) => s.clone(),
            _ => "(no message)".into(),
        };
        let at = info.location().map(|l| l.to_string()).unwrap_or_default();
        log::error!("panic at {at}: {what}\n{trace}");
        if let Some(app) = APP.get() {
            let _ = app.emit("app-crashed", ());
        }
    }));
}

/// What a second launch leaves beside the shop to ask for the window.
fn focus_request(shop: &Path) -> PathBuf {
    let mut name = shop.file_name().unwrap_or_default().to_os_string();
    name.push(".focus");
    shop.with_file_name(name)
}

/// A second launch on a shop another app has open: asks that app to bring
/// its window forward, says so (log and terminal), and ends. A file beside
/// the shop carries the request, so it works the same on every system and
/// needs no message bus.
pub fn hand_over(shop: &Path, why: &CoreError) -> ! {
    if let Err(e) = std::fs::write(focus_request(shop), std::process::id().to_string()) {
        log::warn!("could not ask the open window to come forward: {e}");
    }
    log::warn!("{why}: that window is brought forward");
    std::process::exit(0)
}

/// While this app has the shop, a second launch's request brings the
/// window forward. A job (`jobs`), every `SECOND_LAUNCH_EVERY`.
pub fn answer_second_launch(app: &AppHandle) -> crate::jobs::Outcome {
    let shop = app.state::<AppState>().path.clone();
    if std::fs::remove_file(focus_request(&shop)).is_err() {
        return Ok(String::new());
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    Ok("a second launch asked for this window: brought forward".into())
}

/// How often the app looks for a second launch's request.
pub const SECOND_LAUNCH_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// The marker beside the shop while the app has it open.
pub fn marker(shop: &Path) -> PathBuf {
    let mut name = shop.file_name().unwrap_or_default().to_os_string();
    name.push(".session");
    shop.with_file_name(name)
}

/// Notes this session; true when the last one never removed its marker.
pub fn session_started(shop: &Path) -> bool {
    let path = marker(shop);
    let abnormal = path.exists();
    if abnormal {
        log::warn!("the last session ended abnormally");
    }
    if let Err(e) = std::fs::write(&path, std::process::id().to_string()) {
        log::warn!("session marker not written: {e}");
    }
    abnormal
}

/// A clean exit takes the marker away.
pub fn session_ended(shop: &Path) {
    let _ = std::fs::remove_file(marker(shop));
    log::info!("session ended");
}

#[tauri::command]
pub async fn last_session(state: State<'_, AppState>) -> Reply<LastSession> {
    if !state.last_session_abnormal {
        return Ok(LastSession {
            abnormal: false,
            problems: None,
        });
    }
    let path = state.path.clone();
    let problems = tauri::async_runtime::spawn_blocking(move || -> Result<u32, CoreError> {
        let store = Store::open(&path, Session::new("app-check"))?;
        // The quick check: what a crash could harm (pages, money, stock) in
        // a quarter of the time; the rollups move in the facts' transactions.
        let report = check::quick(store.conn())?;
        log::info!(
            "check after an abnormal end: {} problems",
            report.problems.len()
        );
        Ok(report.problems.len() as u32)
    })
    .await
    .map_err(|e| CoreError::invalid("check", e.to_string()).to_ipc())?
    .map_err(|e| e.to_ipc())?;
    Ok(LastSession {
        abnormal: true,
        problems: Some(problems),
    })
}

/// Writes the diagnostics zip to the exports folder; its path.
#[tauri::command]
pub async fn export_diagnostics(app: AppHandle, state: State<'_, AppState>) -> Reply<String> {
    let dest = crate::files::export_path(&app, "店铺管家-诊断信息", "zip");
    let log_dir = app.path().app_log_dir().ok();
    let (shop, abnormal) = (state.path.clone(), state.last_session_abnormal);
    let version = app.package_info().version.to_string();
    let written = dest.clone();
    tauri::async_runtime::spawn_blocking(move || -> Result<(), CoreError> {
        let store = Store::open(&shop, Session::new("app-diagnostics"))?;
        let os = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
        let facts = Facts {
            version: &version,
            os: &os,
            log_dir: log_dir.as_deref(),
            last_session_abnormal: abnormal,
        };
        diagnostics::write(store.conn(), &facts, &written)
    })
    .await
    .map_err(|e| CoreError::invalid("diagnostics", e.to_string()).to_ipc())?
    .map_err(|e| e.to_ipc())?;
    log::info!("diagnostics exported");
    Ok(dest.display().to_string())
}

/// The About panel's facts.
#[tauri::command]
pub fn about(app: AppHandle, state: State<AppState>) -> About {
    let shown = |p: Option<PathBuf>| p.map(|p| p.display().to_string()).unwrap_or_default();
    About {
        version: app.package_info().version.to_string(),
        build_date: env!("STOREFRONT_BUILD_DATE").into(),
        shop_path: state.path.display().to_string(),
        shop_bytes: std::fs::metadata(&state.path).map_or(0, |m| m.len()),
        data_folder: shown(state.path.parent().map(Path::to_path_buf)),
        log_folder: shown(app.path().app_log_dir().ok()),
    }
}

/// Starts the app again (the crash screen's way back).
#[tauri::command]
pub fn restart_app(app: AppHandle) {
    app.restart();
}

/// Debug builds only (a release build does nothing): a panic on a worker
/// thread, as a bug in a long job would be, for the test of the crash screen.
#[tauri::command]
#[allow(clippy::panic)] // the panic is the point: it tests the crash screen
pub fn debug_panic() {
    if cfg!(debug_assertions) {
        std::thread::spawn(|| panic!("debug_panic: a forced panic to test the crash screen"));
    }
}
