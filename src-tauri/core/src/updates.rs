//! 更新: the app's own updates as the merchant sees them, and the package
//! that waits on disk for the next start. The app checks, downloads and
//! verifies the signature (tauri-plugin-updater); this module keeps the
//! verified package and its manifest between one start and the next, so it
//! is installed before the shop opens — never during an import or a sync —
//! and the store backs the shop up before the new version migrates it.
//!
//! Files in the updates folder:
//! - `waiting.pkg`: the package's bytes, as downloaded and verified;
//! - `waiting.json`: its manifest, written last, so a package is waiting
//!   only when both are whole (a killed app leaves no half package behind
//!   that looks whole);
//! - `installing.json`: written just before the installer runs, read by
//!   the next start to say "updated from A to B".

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

const PACKAGE: &str = "waiting.pkg";
const MANIFEST: &str = "waiting.json";
const INSTALLING: &str = "installing.json";

/// Where the app's updates stand, for Settings → 关于.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct UpdateStatus {
    /// Whether the app looks for an update when it starts (a preference).
    pub check_at_start: bool,
    pub phase: UpdatePhase,
    /// What this start did with a package that was waiting, if any.
    pub at_start: Option<AtStart>,
    /// The folder a waiting package is kept in.
    pub folder: String,
}

/// This run's update check.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum UpdatePhase {
    NotChecked,
    Checking,
    UpToDate,
    Downloading {
        version: String,
        #[ts(type = "number")]
        got: u64,
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    /// Downloaded and verified: installed at the next start.
    Ready {
        version: String,
        notes: String,
    },
    Failed {
        reason: UpdateFailure,
        detail: String,
    },
}

/// Why an update was not had, in the few kinds the merchant acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateFailure {
    /// No update server answered: no network, or all of them down.
    Offline,
    /// The package's signature is not ours, or not for the version the
    /// server announced: it was thrown away.
    BadSignature,
    /// The release has no package for this system.
    NoPackageForThisSystem,
    /// The installer could not run (the detail says why).
    InstallFailed,
    Other,
}

/// What this start did with the package the last run left waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AtStart {
    /// This run is the new version.
    Installed { from: String, to: String },
    /// The package was not installed and has been thrown away.
    Discarded {
        version: String,
        reason: UpdateFailure,
        detail: String,
    },
}

/// A verified package left for the next start.
#[derive(Debug)]
pub struct Waiting {
    pub version: String,
    /// The update server's manifest, as the updater restores it from.
    pub manifest: serde_json::Value,
    pub bytes: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct ManifestFile {
    version: String,
    manifest: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct InstallingFile {
    from: String,
    to: String,
}

/// Keeps a verified package for the next start, replacing any older one.
pub fn keep(dir: &Path, waiting: &Waiting) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| CoreError::io(dir, e))?;
    discard(dir)?;
    write_whole(&dir.join(PACKAGE), &waiting.bytes)?;
    let manifest = ManifestFile {
        version: waiting.version.clone(),
        manifest: waiting.manifest.clone(),
    };
    write_whole(&dir.join(MANIFEST), &json(&manifest)?)
}

/// The package waiting, if one was kept whole. A package without its
/// manifest (the app killed while keeping it) is removed.
pub fn waiting(dir: &Path) -> Result<Option<Waiting>> {
    let manifest_path = dir.join(MANIFEST);
    let package_path = dir.join(PACKAGE);
    if !manifest_path.exists() {
        remove(&package_path)?;
        return Ok(None);
    }
    let text = std::fs::read(&manifest_path).map_err(|e| CoreError::io(&manifest_path, e))?;
    let bytes = match std::fs::read(&package_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            remove(&manifest_path)?;
            return Ok(None);
        }
        Err(e) => return Err(CoreError::io(&package_path, e)),
    };
    let Ok(file) = serde_json::from_slice::<ManifestFile>(&text) else {
        discard(dir)?;
        return Ok(None);
    };
    Ok(Some(Waiting {
        version: file.version,
        manifest: file.manifest,
        bytes,
    }))
}

/// Throws the waiting package away.
pub fn discard(dir: &Path) -> Result<()> {
    remove(&dir.join(MANIFEST))?;
    remove(&dir.join(PACKAGE))
}

/// Notes, just before the installer runs, which version is replaced by
/// which, and gives the package up: an installer that fails is not retried
/// at every start.
pub fn installing(dir: &Path, from: &str, to: &str) -> Result<()> {
    let note = InstallingFile {
        from: from.into(),
        to: to.into(),
    };
    write_whole(&dir.join(INSTALLING), &json(&note)?)?;
    discard(dir)
}

/// What the last run's install came to, said once: `Installed` when this
/// run is the version it installed, `Discarded` when it is still the old
/// one (the installer failed or was cancelled).
pub fn installed(dir: &Path, running: &str) -> Result<Option<AtStart>> {
    let path = dir.join(INSTALLING);
    let Ok(text) = std::fs::read(&path) else {
        return Ok(None);
    };
    remove(&path)?;
    let Ok(note) = serde_json::from_slice::<InstallingFile>(&text) else {
        return Ok(None);
    };
    Ok(Some(if same_version(&note.to, running) {
        AtStart::Installed {
            from: note.from,
            to: note.to,
        }
    } else {
        AtStart::Discarded {
            version: note.to,
            reason: UpdateFailure::InstallFailed,
            detail: format!("still version {running} after the installer ran"),
        }
    }))
}

/// `v1.2.0` and `1.2.0` are one version.
fn same_version(a: &str, b: &str) -> bool {
    a.trim_start_matches('v') == b.trim_start_matches('v')
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(value)
        .map_err(|e| CoreError::invalid("update", format!("cannot write the manifest: {e}")))
}

/// Writes beside the file and renames over it: the file is whole or absent.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let partial = partial_of(path);
    std::fs::write(&partial, bytes).map_err(|e| CoreError::io(&partial, e))?;
    std::fs::rename(&partial, path).map_err(|e| CoreError::io(path, e))
}

fn partial_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(CoreError::io(path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[path = "updates_tests.rs"]
mod tests;
