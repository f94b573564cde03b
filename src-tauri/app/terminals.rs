//! 多终端 (several terminals, one shop) in 设置, the sync status chip, and
//! the background sync: every second while the shop is on a server, on a
//! connection of its own so order entry never waits for the network.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use storefront_core::error::IpcError;
use storefront_core::progress::Silent;
use storefront_core::terminals::{
    self, Conflict, JoinedShop, Keep, Published, ServerProbe, ServerUrl, SyncPass, SyncStatus,
};
use storefront_core::{CoreError, Session, Store};
use tauri::{AppHandle, Manager, State};

use crate::commands::Events;
use crate::jobs::Outcome;
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// How often the background pass runs: an order taken on one terminal
/// shows on another within a couple of seconds.
pub const SYNC_EVERY: Duration = Duration::from_secs(1);

/// After this long without a sync that reached the server, the OS is told
/// once (the chip says offline from the first failure).
const FAILING_NOTICE_AFTER: i64 = 3600;

/// What the chip shows beside the stored status, and the background
/// pass's own connection (opened once, not every second).
#[derive(Default)]
pub struct SyncFlags {
    own: Mutex<Option<Store>>,
    syncing: AtomicBool,
    /// When the first failing pass of the current run of failures ran
    /// (0: the last pass succeeded), and whether the OS was told.
    failing_since: AtomicI64,
    told: AtomicBool,
}

#[tauri::command]
pub fn terminal_status(app: AppHandle, state: State<AppState>) -> Reply<SyncStatus> {
    let mut status = state.read(terminals::status)?;
    status.syncing = app.state::<SyncFlags>().syncing.load(Ordering::SeqCst);
    Ok(status)
}

/// Connects and says what the server holds (the settings page's 测试连接).
#[tauri::command]
pub async fn test_server(
    app: AppHandle,
    server: String,
    password: Option<String>,
) -> Reply<ServerProbe> {
    AppState::blocking(&app, move |_| {
        let url = ServerUrl::parse(&server).map_err(|e| e.to_ipc())?;
        terminals::probe(&url, password.as_deref()).map_err(|e| e.to_ipc())
    })
    .await
}

#[tauri::command]
pub async fn publish_shop(
    app: AppHandle,
    state: State<'_, AppState>,
    server: String,
    password: Option<String>,
    terminal: String,
) -> Reply<Published> {
    let events = Events::new(app.clone(), &state);
    AppState::blocking(&app, move |state| {
        let url = ServerUrl::parse(&server).map_err(|e| e.to_ipc())?;
        state.with(|s| terminals::publish(s, &url, password.as_deref(), &terminal, &events))
    })
    .await
}

/// Makes this (empty) shop a terminal of the server's shop.
#[tauri::command]
pub async fn join_shop(
    app: AppHandle,
    state: State<'_, AppState>,
    server: String,
    password: Option<String>,
    terminal: String,
    location: Option<String>,
) -> Reply<JoinedShop> {
    let events = Events::new(app.clone(), &state);
    let joined = AppState::blocking(&app, move |state| {
        let url = ServerUrl::parse(&server).map_err(|e| e.to_ipc())?;
        state.with(|s| {
            let joined = terminals::join_here(s, &url, password.as_deref(), &terminal, &events)?;
            if let Some(name) = location.as_deref().filter(|n| !n.trim().is_empty()) {
                terminals::set_location(s, name)?;
            }
            Ok(joined)
        })
    })
    .await;
    state.forget_readers();
    joined
}

/// 立即同步: one pass now, as the background job makes.
#[tauri::command]
pub async fn sync_shop(app: AppHandle) -> Reply<SyncPass> {
    AppState::blocking(&app, |state| {
        let url = state.read(|s| terminals::server_url(s.conn()))?;
        state.with_own_connection(|s| terminals::sync(s, &url, None, &Silent))
    })
    .await
}

#[tauri::command]
pub async fn shop_conflicts(app: AppHandle) -> Reply<Vec<Conflict>> {
    AppState::blocking(&app, |state| {
        state.read(|s| {
            let url = terminals::server_url(s.conn())?;
            terminals::conflicts(&url, None, s.clock())
        })
    })
    .await
}

/// Settles a conflict from the list: the value that won stays, or the
/// overwritten one is written back here (and goes out with the next sync).
#[tauri::command]
pub async fn resolve_conflict(app: AppHandle, seq: i64, keep: Keep) -> Reply<()> {
    AppState::blocking(&app, move |state| {
        state.with(|s| terminals::resolve(s, None, seq, keep))
    })
    .await
}

/// The background pass; a shop on one computer has nothing to do.
pub fn sync_job(app: &AppHandle) -> Outcome {
    let state = app.state::<AppState>();
    let flags = app.state::<SyncFlags>();
    let on_server = state.read(|s| terminals::server_url(s.conn()).map(Some).or(Ok(None)));
    let Some(url) = on_server.map_err(|e| e.message)? else {
        return Ok(String::new());
    };
    flags.syncing.store(true, Ordering::SeqCst);
    let pass = own_connection(&state, &flags, |s| terminals::sync(s, &url, None, &Silent));
    flags.syncing.store(false, Ordering::SeqCst);
    match pass {
        Ok(r) => {
            flags.failing_since.store(0, Ordering::SeqCst);
            flags.told.store(false, Ordering::SeqCst);
            Ok(if r.pushed + r.pulled > 0 {
                format!("↑{} ↓{} ⚠{}", r.pushed, r.pulled, r.conflicts)
            } else {
                String::new()
            })
        }
        Err(e) => {
            tell_if_failing_long(app, &flags, &e.message);
            Err(e.message)
        }
    }
}

fn own_connection<T>(
    state: &AppState,
    flags: &SyncFlags,
    f: impl FnOnce(&mut Store) -> Result<T, CoreError>,
) -> Result<T, IpcError> {
    let mut own = flags.own.lock().unwrap_or_else(|p| p.into_inner());
    if own.is_none() {
        *own = Some(Store::open(&state.path, Session::new("sync")).map_err(|e| e.to_ipc())?);
    }
    match own.as_mut() {
        Some(store) => f(store).map_err(|e| e.to_ipc()),
        None => Err(CoreError::invalid("sync", "no connection").to_ipc()),
    }
}

/// An hour of failing passes: the OS says so once, in case the window is
/// hidden; the next pass that reaches the server starts the clock again.
fn tell_if_failing_long(app: &AppHandle, flags: &SyncFlags, why: &str) {
    let now = storefront_core::shop_time::now();
    let since =
        match flags
            .failing_since
            .compare_exchange(0, now, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => now,
            Err(earlier) => earlier,
        };
    if now - since >= FAILING_NOTICE_AFTER && !flags.told.swap(true, Ordering::SeqCst) {
        let title = "店铺管家：同步失败一小时了 · Sync failing for an hour";
        crate::notify::tell(app, title, why);
    }
}
