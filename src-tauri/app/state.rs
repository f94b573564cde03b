//! The app's one shop: the open store, or why it could not be opened (the UI
//! shows that message, naming the file, and changes nothing).

use std::path::PathBuf;
use std::sync::Mutex;

use storefront_core::error::IpcError;
use storefront_core::progress::CancelFlag;
use storefront_core::store::app_lock::AppLock;
use storefront_core::{CoreError, Session, Store};
use tauri::{AppHandle, Manager};

/// Read connections kept for the screens: as many reads as this run beside
/// each other and beside the writer (WAL lets readers and one writer share
/// the file), so a screen's read never waits behind an import or a save.
const READERS: usize = 4;

pub struct AppState {
    pub path: PathBuf,
    /// Cancels the long work in progress; outside the shop's lock so a
    /// cancel never waits for the work it stops.
    pub cancel: CancelFlag,
    shop: Mutex<Result<Store, IpcError>>,
    /// Why the shop could not be opened, kept outside the writer's lock so
    /// a read never waits on the writer to learn it.
    open_failed: Option<IpcError>,
    /// Idle read-only connections (`read`), opened as needed.
    readers: Mutex<Vec<Store>>,
    /// This process's hold on the shop (one app per shop).
    lock: Option<AppLock>,
    /// The last session on this shop never ended cleanly (see `desktop`).
    pub last_session_abnormal: bool,
}

impl AppState {
    pub fn open(path: PathBuf) -> Self {
        let lock = AppLock::take(&path);
        // Only the process holding the shop keeps its session marker.
        let last_session_abnormal = lock.is_ok() && crate::desktop::session_started(&path);
        let shop = match &lock {
            Ok(_) => Store::open(&path, Session::new("app")).map_err(|e| e.to_ipc()),
            // A second launch on the shop: the open window comes forward.
            Err(e) if e.code() == "shop_open_elsewhere" => crate::desktop::hand_over(&path, e),
            Err(e) => Err(e.to_ipc()),
        };
        AppState {
            path,
            cancel: CancelFlag::default(),
            open_failed: shop.as_ref().err().cloned(),
            shop: Mutex::new(shop),
            readers: Mutex::new(Vec::new()),
            lock: lock.ok(),
            last_session_abnormal,
        }
    }

    /// Whether this process has the shop (not a second launch refused).
    pub fn holds_shop(&self) -> bool {
        self.lock.is_some()
    }

    /// Runs `f` on the open shop; an unopened shop answers with its error.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, CoreError>,
    ) -> Result<T, IpcError> {
        let mut guard = self.shop.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Ok(store) => f(store).map_err(|e| e.to_ipc()),
            Err(e) => Err(e.clone()),
        }
    }

    /// Runs a read on a read-only connection of its own: it waits for no
    /// write (WAL), and a write attempted there fails rather than waits.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T, CoreError>) -> Result<T, IpcError> {
        if let Some(e) = self.open_error() {
            return Err(e);
        }
        let idle = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let store = match idle {
            Some(store) => store,
            None => Store::open_read(&self.path, Session::new("app")).map_err(|e| e.to_ipc())?,
        };
        let out = f(&store).map_err(|e| e.to_ipc());
        let mut idle = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < READERS {
            idle.push(store);
        }
        out
    }

    /// Runs long work (an import, reconciliation, the demo) on a blocking
    /// thread, off the async runtime that carries every other command.
    pub async fn blocking<T: Send + 'static>(
        app: &AppHandle,
        f: impl FnOnce(&AppState) -> Result<T, IpcError> + Send + 'static,
    ) -> Result<T, IpcError> {
        let app = app.clone();
        tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
            .await
            .map_err(|e| CoreError::invalid("work", e.to_string()).to_ipc())?
    }

    /// Drops the idle readers: after a restore their settings (the shop's
    /// clock) may be out of date.
    pub fn forget_readers(&self) {
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Runs long work that writes in steps (a big order import) on a
    /// connection of its own, so the screens and order entry keep the shop
    /// between its steps instead of waiting behind the shared one.
    pub fn with_own_connection<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, CoreError>,
    ) -> Result<T, IpcError> {
        if let Some(e) = self.open_error() {
            return Err(e);
        }
        let mut store = Store::open(&self.path, Session::new("app")).map_err(|e| e.to_ipc())?;
        f(&mut store).map_err(|e| e.to_ipc())
    }

    pub fn open_error(&self) -> Option<IpcError> {
        self.open_failed.clone()
    }
}
