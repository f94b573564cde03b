//! The app's own updates (tauri-plugin-updater, signed packages). A few
//! seconds after start, unless turned off in Settings, the update servers
//! are asked in order (the mainland-China mirror first, tauri.conf.json);
//! a newer package is downloaded in the background, its signature checked
//! against the public key built into the app, and kept for the next start.
//! That start installs it before the shop opens, so never during an import
//! or a sync, and the new version's store backs the shop up before it
//! migrates it (`backup::before_migration`).

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use storefront_core::error::IpcError;
use storefront_core::updates::{self, AtStart, UpdateFailure, UpdatePhase, UpdateStatus, Waiting};
use storefront_core::CoreError;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_store::StoreExt;
use tauri_plugin_updater::{Error as UpdaterError, Updater, UpdaterExt};

use crate::prefs;

/// The window hears of a download's progress this often, not per chunk.
const PROGRESS_EVERY: u64 = 256 * 1024;
/// Out of the way of the first screen's reads.
pub const FIRST_CHECK_AFTER: Duration = Duration::from_secs(3);
/// An update server that does not answer in this long counts as down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(20);
/// The preference (prefs.json) that turns the check at start off.
const PREF: &str = "check_updates";

/// This run's updates, for Settings → 关于.
pub struct Updates(Mutex<UpdateStatus>);

/// Why an update was not had, as the merchant is told it.
struct Failed(UpdateFailure, String);

impl From<UpdaterError> for Failed {
    fn from(e: UpdaterError) -> Self {
        use UpdaterError as E;
        let kind = match &e {
            E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound => UpdateFailure::Offline,
            E::Minisign(_)
            | E::Base64(_)
            | E::SignatureUtf8(_)
            | E::SignedVersionMismatch { .. }
            | E::MissingSignedVersion => UpdateFailure::BadSignature,
            E::TargetNotFound(_) | E::TargetsNotFound(_) | E::UnsupportedOs => {
                UpdateFailure::NoPackageForThisSystem
            }
            E::InvalidUpdaterFormat
            | E::DebInstallFailed
            | E::PackageInstallFailed
            | E::AuthenticationFailed
            | E::BinaryNotFoundInArchive
            | E::TempDirNotFound => UpdateFailure::InstallFailed,
            _ => UpdateFailure::Other,
        };
        Failed(kind, e.to_string())
    }
}

impl From<CoreError> for Failed {
    fn from(e: CoreError) -> Self {
        Failed(UpdateFailure::Other, e.to_string())
    }
}

/// The updates folder beside the app's data.
fn folder(app: &AppHandle) -> PathBuf {
    app.path()
        .app_data_dir()
        .unwrap_or_else(|_| PathBuf::from("."))
        .join("updates")
}

/// The values after each `--flag` on the command line.
fn args_after(flag: &str) -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .filter(|w| w[0] == flag)
        .map(|w| w[1].clone())
        .collect()
}

fn updater(app: &AppHandle) -> Result<Updater, UpdaterError> {
    let mut builder = app.updater_builder().timeout(CHECK_TIMEOUT);
    // Tests point a debug build at a loopback server and their own key; a
    // release build only ever trusts the endpoints and key it was built with.
    if cfg!(debug_assertions) {
        let endpoints: Vec<_> = args_after("--update-endpoint")
            .iter()
            .filter_map(|u| u.parse().ok())
            .collect();
        if !endpoints.is_empty() {
            builder = builder.endpoints(endpoints)?;
        }
        if let Some(key) = args_after("--update-pubkey").pop() {
            builder = builder.pubkey(key);
        }
    }
    builder.build()
}

/// At start, before the shop opens: what became of the package the last
/// run left, installing it now if it is still newer and verifies. On
/// Windows the installer ends this process; elsewhere the app restarts
/// into the new version.
pub fn install_waiting(app: &AppHandle) -> Option<AtStart> {
    let dir = folder(app);
    let running = app.package_info().version.to_string();
    if let Some(said) = updates::installed(&dir, &running).unwrap_or(None) {
        log::info!("update at start: {said:?}");
        return Some(said);
    }
    let waiting = match updates::waiting(&dir) {
        Ok(Some(waiting)) => waiting,
        Ok(None) => return None,
        Err(e) => {
            log::error!("update at start: the waiting package cannot be read: {e}");
            return None;
        }
    };
    let version = waiting.version.clone();
    let Failed(reason, detail) = match install(app, &dir, &running, waiting) {
        Ok(()) => return None,
        Err(failed) => failed,
    };
    log::error!("update {version} not installed ({reason:?}): {detail}");
    let _ = updates::discard(&dir);
    let _ = updates::installed(&dir, &running);
    Some(AtStart::Discarded {
        version,
        reason,
        detail,
    })
}

fn install(
    app: &AppHandle,
    dir: &std::path::Path,
    running: &str,
    waiting: Waiting,
) -> Result<(), Failed> {
    let Some(update) = updater(app)?.restore_update(waiting.manifest)? else {
        // No longer newer than this copy (installed by hand meanwhile).
        updates::discard(dir)?;
        return Ok(());
    };
    update.verify(&waiting.bytes)?;
    log::info!("installing update {running} → {}", update.version);
    updates::installing(dir, running, &update.version)?;
    update.install(&waiting.bytes)?;
    app.restart()
}

/// Whether the merchant left the check at start on (it is, by default).
pub fn check_at_start(app: &AppHandle) -> bool {
    app.store(prefs::FILE)
        .ok()
        .and_then(|s| s.get(PREF))
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

/// Keeps this run's update status (the look itself is a job, `check_job`,
/// started when the preference allows).
pub fn start(app: &AppHandle, at_start: Option<AtStart>) {
    let on = check_at_start(app);
    app.manage(Updates(Mutex::new(UpdateStatus {
        check_at_start: on,
        phase: UpdatePhase::NotChecked,
        at_start,
        folder: folder(app).display().to_string(),
    })));
    if !on {
        log::info!("update check at start is turned off");
    }
}

/// The look for an update shortly after start. A job (`jobs`).
pub fn check_job(app: &AppHandle) -> crate::jobs::Outcome {
    tauri::async_runtime::block_on(check(app.clone()));
    Ok(String::new())
}

fn set(app: &AppHandle, phase: UpdatePhase) {
    if let Some(updates) = app.try_state::<Updates>() {
        if let Ok(mut status) = updates.0.lock() {
            status.phase = phase;
            let _ = app.emit("update-status", status.clone());
        }
    }
}

fn phase(app: &AppHandle) -> Option<UpdatePhase> {
    let updates = app.try_state::<Updates>()?;
    let status = updates.0.lock().ok()?;
    Some(status.phase.clone())
}

/// One look for an update, and its download; a second while one runs is
/// not started.
async fn check(app: AppHandle) {
    if matches!(
        phase(&app),
        Some(UpdatePhase::Checking | UpdatePhase::Downloading { .. })
    ) {
        return;
    }
    set(&app, UpdatePhase::Checking);
    let phase = find_and_keep(&app)
        .await
        .unwrap_or_else(|Failed(reason, detail)| {
            log::warn!("update check: {reason:?}: {detail}");
            UpdatePhase::Failed { reason, detail }
        });
    log::info!("update check: {phase:?}");
    set(&app, phase);
}

async fn find_and_keep(app: &AppHandle) -> Result<UpdatePhase, Failed> {
    let Some(update) = updater(app)?.check().await? else {
        return Ok(UpdatePhase::UpToDate);
    };
    let version = update.version.clone();
    let notes = update.body.clone().unwrap_or_default();
    let dir = folder(app);
    if updates::waiting(&dir)?.is_some_and(|w| w.version == version) {
        return Ok(UpdatePhase::Ready { version, notes });
    }
    let (mut got, mut said) = (0u64, 0u64);
    let bytes = update
        .download(
            |chunk, total| {
                got += chunk as u64;
                if got - said < PROGRESS_EVERY && Some(got) != total {
                    return;
                }
                said = got;
                set(
                    app,
                    UpdatePhase::Downloading {
                        version: version.clone(),
                        got,
                        total,
                    },
                );
            },
            || {},
        )
        .await?;
    let waiting = Waiting {
        version: version.clone(),
        manifest: update.raw_json.clone(),
        bytes,
    };
    updates::keep(&dir, &waiting)?;
    Ok(UpdatePhase::Ready { version, notes })
}

#[tauri::command]
pub fn update_status(updates: State<Updates>) -> Option<UpdateStatus> {
    updates.0.lock().ok().map(|s| s.clone())
}

/// 检查更新 in Settings: a look now, whatever the preference says.
#[tauri::command]
pub fn check_for_update(app: AppHandle) {
    tauri::async_runtime::spawn(check(app));
}

/// Turns the check at start on or off, and says so in the status.
#[tauri::command]
pub fn set_update_check(app: AppHandle, updates: State<Updates>, on: bool) -> Result<(), IpcError> {
    let store = app.store(crate::prefs::FILE).map_err(prefs::failed)?;
    store.set(PREF, on);
    store.save().map_err(prefs::failed)?;
    if let Ok(mut status) = updates.0.lock() {
        status.check_at_start = on;
    }
    Ok(())
}
