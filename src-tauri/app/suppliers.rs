//! Commands of the Suppliers & Purchasing screen, and the sync scheduler:
//! a tokio task that runs due syncs while the app is open (one per supplier
//! at a time), "sync now" with progress and cancel, and an OS notification
//! when a run fails or costs change. The network never holds the shop.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use storefront_core::error::IpcError;
use storefront_core::money::Money;
use storefront_core::progress::{CancelFlag, Progress};
use storefront_core::purchasing::{
    orders, receive, suggest, Arrived, NewPoLine, PoDetail, PoRow, SupplierPlan,
};
use storefront_core::suppliers::changes::{self, ChangeRow, CostPoint, PriceSuggestion, RunRow};
use storefront_core::suppliers::feeds::{self, FeedKind, FeedPreview};
use storefront_core::suppliers::http::{Auth, Fetcher, HttpOptions};
use storefront_core::suppliers::sync::{self, Begun, SyncReport};
use storefront_core::suppliers::{self, credentials, FeedMapping, SupplierInput};
use storefront_core::{shop_time, CoreError};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// How often the scheduler looks for due syncs. Due-ness comes from the last
/// run and the wall clock, so waking from sleep catches up at the next look.
pub const SCHEDULER_EVERY: Duration = Duration::from_secs(30);

/// The syncs in flight in this app, each with its cancel switch.
#[derive(Default)]
pub struct SyncJobs(Mutex<HashMap<String, CancelFlag>>);

impl SyncJobs {
    /// Claims the supplier; none when a sync of it is already running here.
    fn claim(&self, supplier_id: &str) -> Option<CancelFlag> {
        let mut running = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if running.contains_key(supplier_id) {
            return None;
        }
        let flag = CancelFlag::default();
        running.insert(supplier_id.to_string(), flag.clone());
        Some(flag)
    }

    fn release(&self, supplier_id: &str) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(supplier_id);
    }

    fn cancel(&self, supplier_id: &str) {
        if let Some(f) = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(supplier_id)
        {
            f.cancel();
        }
    }
}

/// Starts the syncs that are due, each on a blocking thread of its own
/// (one per supplier at a time). A job (`jobs`), every `SCHEDULER_EVERY`.
pub fn start_due_syncs(app: &AppHandle) -> crate::jobs::Outcome {
    let state = app.state::<AppState>();
    let due = state
        .read(|s| sync::due(s.conn(), shop_time::now(), s.clock()))
        .map_err(|e| e.message)?;
    let mut started = 0;
    for id in due {
        let Some(flag) = app.state::<SyncJobs>().claim(&id) else {
            continue;
        };
        started += 1;
        let app = app.clone();
        tauri::async_runtime::spawn_blocking(move || {
            if let Err(e) = run_job(&app, &id, flag) {
                log::warn!("scheduled sync failed ({})", e.kind);
            }
        });
    }
    Ok(match started {
        0 => String::new(),
        n => format!("{n} supplier syncs started"),
    })
}

/// Progress of one supplier's sync, as `sync-progress` events.
struct SyncProgress<'a> {
    app: &'a AppHandle,
    supplier_id: &'a str,
    cancel: CancelFlag,
}

impl Progress for SyncProgress<'_> {
    fn report(&self, phase: &str, done: u64, total: u64) {
        let _ = self
            .app
            .emit("sync-progress", (self.supplier_id, phase, done, total));
    }
    fn cancelled(&self) -> bool {
        self.cancel.is_set()
    }
}

/// One run, claimed already: begin and finish under the shop's lock, the
/// pull outside it. Tells the window and, if it failed or costs moved, the OS.
fn run_job(app: &AppHandle, supplier_id: &str, cancel: CancelFlag) -> Reply<SyncReport> {
    let outcome = (|| {
        let state = app.state::<AppState>();
        let job = match state.with(|s| sync::begin(s, supplier_id))? {
            Begun::Job(job) => job,
            Begun::Busy { supplier } => {
                return Err(CoreError::invalid(
                    "supplier",
                    format!("{supplier}: a sync is already running"),
                )
                .to_ipc())
            }
        };
        let progress = SyncProgress {
            app,
            supplier_id,
            cancel,
        };
        let pulled = sync::pull(&job, &HttpOptions::default(), &progress);
        state.with(|s| sync::finish(s, *job, pulled))
    })();
    app.state::<SyncJobs>().release(supplier_id);
    if let Ok(report) = &outcome {
        let _ = app.emit("sync-finished", report);
        notify(app, report);
    }
    outcome
}

fn notify(app: &AppHandle, r: &SyncReport) {
    let c = &r.changes;
    let (title, body) = if r.status == "error" {
        (
            format!("同步失败 Sync failed · {}", r.supplier),
            r.error.clone().unwrap_or_default(),
        )
    } else if c.cost_up + c.cost_down > 0 {
        let flagged = if c.flagged > 0 {
            format!(
                "，{} 项涨价超阈值 ({} over threshold)",
                c.flagged, c.flagged
            )
        } else {
            String::new()
        };
        (
            format!("成本变动 Costs changed · {}", r.supplier),
            format!(
                "涨价 {} 降价 {} (up {}, down {}){flagged}",
                c.cost_up, c.cost_down, c.cost_up, c.cost_down
            ),
        )
    } else {
        return;
    };
    crate::notify::tell(app, &title, &body);
}

#[tauri::command]
pub async fn sync_now(app: AppHandle, supplier_id: String) -> Reply<SyncReport> {
    let flag = app.state::<SyncJobs>().claim(&supplier_id).ok_or_else(|| {
        CoreError::invalid("supplier", "a sync of this supplier is already running").to_ipc()
    })?;
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || run_job(&handle, &supplier_id, flag))
        .await
        .map_err(|e| CoreError::Feed(e.to_string()).to_ipc())?
}

#[tauri::command]
pub fn sync_cancel(jobs: State<SyncJobs>, supplier_id: String) {
    jobs.cancel(&supplier_id);
}

/// Saves the supplier; a token or password given goes to the OS keychain.
#[tauri::command]
pub fn supplier_save(
    state: State<AppState>,
    input: SupplierInput,
    secret: Option<String>,
) -> Reply<String> {
    state.with(|s| suppliers::save_with_secret(s, &input, secret.as_deref()))
}

#[tauri::command]
pub fn supplier_secret_kept(supplier_id: String) -> bool {
    credentials::is_stored(&supplier_id)
}

/// The first items of a feed read through a mapping (or a guessed one).
#[tauri::command]
pub async fn supplier_preview(
    kind: String,
    url: String,
    mapping: Option<FeedMapping>,
    auth_kind: String,
    auth_name: String,
    secret: String,
) -> Reply<FeedPreview> {
    tauri::async_runtime::spawn_blocking(move || {
        let auth = match auth_kind.as_str() {
            "token" => Auth::Token {
                header: auth_name,
                secret,
            },
            "basic" => Auth::Basic {
                user: auth_name,
                password: secret,
            },
            _ => Auth::None,
        };
        let fetcher = Fetcher::new(HttpOptions::default())?;
        let kind = FeedKind::parse(&kind)?;
        let url = feeds::page_url(kind, &url, 1)?;
        feeds::preview(&fetcher, kind, &url, mapping.as_ref(), &auth)
    })
    .await
    .map_err(|e| CoreError::Feed(e.to_string()).to_ipc())?
    .map_err(|e| e.to_ipc())
}

#[tauri::command]
pub fn sync_runs(state: State<AppState>, supplier_id: String) -> Reply<Vec<RunRow>> {
    state.read(|s| changes::runs(s.conn(), s.clock(), &supplier_id, 100))
}

#[tauri::command]
pub fn sync_changes(state: State<AppState>, include_reviewed: bool) -> Reply<Vec<ChangeRow>> {
    state.read(|s| changes::list(s.conn(), s.clock(), include_reviewed, 1000))
}

#[tauri::command]
pub fn changes_reviewed(state: State<AppState>, ids: Vec<String>) -> Reply<usize> {
    state.with(|s| s.write(|w| changes::mark_reviewed(w, &ids)))
}

#[tauri::command]
pub fn supplier_link(state: State<AppState>, supplier_item_id: String, sku: String) -> Reply<()> {
    state.with(|s| s.write(|w| changes::link(w, &supplier_item_id, &sku)))
}

#[tauri::command]
pub fn supplier_pack_size(
    state: State<AppState>,
    supplier_item_id: String,
    pack: i64,
) -> Reply<()> {
    state.with(|s| s.write(|w| changes::set_pack_size(w, &supplier_item_id, pack)))
}

#[tauri::command]
pub fn supplier_cost_history(
    state: State<AppState>,
    supplier_item_id: String,
) -> Reply<Vec<CostPoint>> {
    state.read(|s| changes::cost_history(s.conn(), s.clock(), &supplier_item_id))
}

#[tauri::command]
pub fn price_suggestions(state: State<AppState>) -> Reply<Vec<PriceSuggestion>> {
    state.read(|s| changes::suggestions(s.conn(), s.clock()))
}

/// Applies a suggested price (or the merchant's own), or dismisses it.
#[tauri::command]
pub fn price_decide(state: State<AppState>, id: String, price: Option<String>) -> Reply<()> {
    state.with(|s| {
        let price = price.map(|p| p.parse::<Money>()).transpose()?;
        s.write(|w| changes::decide(w, &id, price))
    })
}

/// The cost rise, in basis points, above which a change is flagged.
#[tauri::command]
pub fn cost_threshold(state: State<AppState>) -> Reply<i64> {
    state.read(|s| changes::cost_rise_threshold(s.conn()))
}

#[tauri::command]
pub fn cost_threshold_set(state: State<AppState>, bp: i64) -> Reply<()> {
    state.with(|s| s.write(|w| changes::set_cost_rise_threshold(w, bp)))
}

#[tauri::command]
pub fn purchase_suggest(state: State<AppState>) -> Reply<Vec<SupplierPlan>> {
    state.read(|s| suggest::suggest(s.conn(), s.clock().today()))
}

#[tauri::command]
pub fn purchase_create(
    state: State<AppState>,
    supplier_id: String,
    lines: Vec<NewPoLine>,
    note: String,
) -> Reply<String> {
    state.with(|s| s.write(|w| orders::create(w, &supplier_id, &lines, &note)))
}

#[tauri::command]
pub fn purchase_list(state: State<AppState>, open_only: bool) -> Reply<Vec<PoRow>> {
    state.read(|s| orders::list(s.conn(), s.clock(), open_only))
}

#[tauri::command]
pub fn purchase_detail(state: State<AppState>, po_no: String) -> Reply<PoDetail> {
    state.read(|s| orders::detail(s.conn(), s.clock(), &po_no))
}

/// Posts the PO to the supplier's endpoint (off the UI thread and outside
/// the shop's lock while the network answers), then records it as sent.
#[tauri::command]
pub async fn purchase_send_json(app: AppHandle, po_no: String) -> Reply<PoDetail> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let outbound = state.read(|s| orders::outbound(s.conn(), s.clock(), &po_no))?;
        orders::post(&outbound, &HttpOptions::default()).map_err(|e| e.to_ipc())?;
        state.with(|s| {
            s.write(|w| orders::mark_sent(w, &po_no, "json"))?;
            orders::detail(s.conn(), s.clock(), &po_no)
        })
    })
    .await
    .map_err(|e| CoreError::Feed(e.to_string()).to_ipc())?
}

/// Writes the PO as XLSX into Downloads and records it as sent that way.
#[tauri::command]
pub fn purchase_export(app: AppHandle, state: State<AppState>, po_no: String) -> Reply<String> {
    let path = crate::files::export_path(&app, &format!("采购单-{po_no}"), "xlsx");
    state.with(|s| {
        orders::export(s.conn(), s.clock(), &po_no, &path)?;
        s.write(|w| orders::mark_sent(w, &po_no, "xlsx"))
    })?;
    Ok(path.display().to_string())
}

/// Records a PO sent another way (`pdf`: printed from the window).
#[tauri::command]
pub fn purchase_mark_sent(state: State<AppState>, po_no: String, via: String) -> Reply<()> {
    state.with(|s| s.write(|w| orders::mark_sent(w, &po_no, &via)))
}

#[tauri::command]
pub fn purchase_receive(
    state: State<AppState>,
    po_no: String,
    arrived: Vec<Arrived>,
    invoice: Option<String>,
    note: String,
) -> Reply<PoDetail> {
    state.with(|s| {
        let invoice = invoice
            .filter(|i| !i.trim().is_empty())
            .map(|i| i.parse::<Money>())
            .transpose()?;
        s.write(|w| receive::receive(w, &po_no, &arrived, invoice, &note))
    })
}

#[tauri::command]
pub fn purchase_close(state: State<AppState>, po_no: String) -> Reply<()> {
    state.with(|s| s.write(|w| orders::close(w, &po_no)))
}
