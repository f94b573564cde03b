//! Backups with SQLite's online backup: consistent while the shop is open.
//! A daily one, compressed (`packed`), kept for seven days, four weeks and
//! three months (`keep`); one before every migration and one before every
//! restore; all in a `backups` folder beside the database.

pub mod keep;
pub mod packed;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::shop_time::ShopClock;
use crate::store::{self, Store};

pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Backups are named after the shop file (`shop-daily-2026-11-22.db`), so
/// two shops in one folder never mix their backups.
pub(crate) fn backup_path(db_path: &Path, what: &str) -> PathBuf {
    backups_dir(db_path).join(format!("{}-{what}.db", stem(db_path)))
}

fn stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "shop".into())
}

/// Copies the open database to `dest`, whole or not at all (written beside
/// it, then renamed); compressed when its name ends in `.zst`.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.extension().is_none_or(|e| e != "zst") {
        return copy(conn, dest, None);
    }
    let copied = dest.with_extension("copy");
    copy(conn, &copied, None)?;
    let packed = packed::pack(&copied, dest);
    let _ = std::fs::remove_file(&copied);
    packed
}

/// Copies `conn` to `dest` in steps of `pages`, pausing between them when
/// asked so a background copy leaves the disk and CPU to the merchant.
fn copy(conn: &Connection, dest: &Path, pause: Option<Duration>) -> Result<()> {
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| CoreError::io(dir, e))?;
    }
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    {
        let mut out = Connection::open(&partial)?;
        let job = Backup::new(conn, &mut out)?;
        loop {
            match job.step(256)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
            if let Some(p) = pause {
                std::thread::sleep(p);
            }
        }
    }
    std::fs::rename(&partial, dest).map_err(|e| CoreError::io(dest, e))?;
    Ok(())
}

/// Shop-local time to the second, as file names show it to the merchant.
pub(crate) fn stamp(clock: &ShopClock) -> String {
    clock
        .local(Utc::now().timestamp())
        .format("%Y%m%d-%H%M%S")
        .to_string()
}

pub(crate) fn before_migration(conn: &Connection, db_path: &Path, version: i64) -> Result<PathBuf> {
    let dest = backup_path(
        db_path,
        &format!("before-v{}-{}", version + 1, stamp(&ShopClock::default())),
    );
    backup_to(conn, &dest)?;
    Ok(dest)
}

/// Where "back up now" writes: the backups folder, stamped to the second.
pub fn manual_path(store: &Store) -> PathBuf {
    backup_path(store.path(), &format!("manual-{}", stamp(store.clock())))
}

/// Makes today's automatic backup of the shop at `db_path` if there is none
/// yet, compressed, and lets go of the daily ones [`keep::kept`] does not
/// keep. It opens its own
/// read-only connection, so the app runs it beside the open shop without
/// making the merchant wait. Returns the new file, if one was made.
pub fn daily(db_path: &Path, clock: &ShopClock) -> Result<Option<PathBuf>> {
    crate::joblog::job(
        "daily backup",
        || make_daily(db_path, clock),
        |made| match made {
            Some(_) => "made".into(),
            None => "one made already today".into(),
        },
    )
}

fn make_daily(db_path: &Path, clock: &ShopClock) -> Result<Option<PathBuf>> {
    let today = format!("daily-{}", clock.today().format("%Y-%m-%d"));
    let plain = backup_path(db_path, &today);
    let dest = plain.with_extension("db.zst");
    if dest.exists() || plain.exists() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let copied = plain.with_extension("copy");
    copy(&conn, &copied, Some(Duration::from_millis(2)))?;
    let packed = packed::pack(&copied, &dest);
    let _ = std::fs::remove_file(&copied);
    packed?;
    let dailies = dailies(db_path, clock)?;
    let days: Vec<NaiveDate> = dailies.iter().map(|(d, _)| *d).collect();
    let kept = keep::kept(&days);
    for (day, old) in &dailies {
        if !kept.contains(day) {
            std::fs::remove_file(old).map_err(|e| CoreError::io(old, e))?;
        }
    }
    Ok(Some(dest))
}

/// The shop's daily backups, compressed or not, with their days.
fn dailies(db_path: &Path, clock: &ShopClock) -> Result<Vec<(NaiveDate, PathBuf)>> {
    let prefix = format!("{}-daily-", stem(db_path));
    Ok(list(db_path, clock)?
        .into_iter()
        .filter_map(|b| {
            let day = b.name.strip_prefix(&prefix)?.get(..10)?.parse().ok()?;
            Some((day, PathBuf::from(b.path)))
        })
        .collect())
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupFile {
    pub name: String,
    pub path: String,
    pub bytes: u32,
    /// Shop-local time of the file's last change.
    pub modified: String,
}

/// The backups of the shop at `db_path`, newest first.
pub fn list(db_path: &Path, clock: &ShopClock) -> Result<Vec<BackupFile>> {
    let dir = backups_dir(db_path);
    let prefix = format!("{}-", stem(db_path));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let backup = name.ends_with(".db") || name.ends_with(".db.zst");
        if !backup || !name.starts_with(&prefix) {
            continue;
        }
        let meta = entry.metadata().map_err(|e| CoreError::io(&path, e))?;
        let modified: chrono::DateTime<Utc> =
            meta.modified().map_err(|e| CoreError::io(&path, e))?.into();
        out.push(BackupFile {
            name,
            path: path.to_string_lossy().into_owned(),
            bytes: meta.len().min(u32::MAX as u64) as u32,
            modified: clock.format(modified.timestamp()),
        });
    }
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.name.cmp(&a.name)));
    Ok(out)
}

/// Checks that `src` is a sound Storefront database this version can open,
/// unpacking it first when it is compressed.
pub fn verify(src: &Path) -> Result<i64> {
    verify_unpacking_in(src, &std::env::temp_dir())
}

/// [`verify`], unpacking a compressed backup into `scratch_dir`; the
/// unpacked copy and what reading it left beside it are removed after.
fn verify_unpacking_in(src: &Path, scratch_dir: &Path) -> Result<i64> {
    if !packed::is_packed(src)? {
        return verify_plain(src);
    }
    let scratch = scratch_dir.join(format!(
        "storefront-verify-{}-{}.db",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    let verdict = packed::unpack(src, &scratch).and_then(|()| verify_plain(&scratch));
    store::remove_files(&scratch);
    verdict
}

fn verify_plain(src: &Path) -> Result<i64> {
    let version = store::inspect(src)?;
    if version == 0 {
        return Err(CoreError::NotAStorefrontDb {
            path: src.to_path_buf(),
            reason: "an empty database".into(),
        });
    }
    let conn = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: rusqlite::Result<String> =
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0));
    match verdict {
        Ok(ok) if ok == "ok" => Ok(version),
        Ok(detail) => Err(CoreError::Corrupt {
            path: src.to_path_buf(),
            detail,
        }),
        Err(e) => Err(CoreError::Corrupt {
            path: src.to_path_buf(),
            detail: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Session;

    #[test]
    fn daily_backups_keep_the_last_seven() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("shop.db"), Session::new("test")).unwrap();
        let backups = backups_dir(store.path());
        std::fs::create_dir_all(&backups).unwrap();
        for day in 1..=9 {
            std::fs::copy(
                store.path(),
                backups.join(format!("shop-daily-2020-01-0{day}.db")),
            )
            .unwrap();
        }
        // Another shop's backups in the same folder are left alone.
        std::fs::copy(store.path(), backups.join("other-daily-2020-01-01.db")).unwrap();
        let made = daily(store.path(), store.clock())
            .unwrap()
            .expect("today's backup is made");
        assert!(
            daily(store.path(), store.clock()).unwrap().is_none(),
            "once a day"
        );
        assert!(backups.join("other-daily-2020-01-01.db").exists());
        let mut left: Vec<String> = list(store.path(), store.clock())
            .unwrap()
            .into_iter()
            .map(|b| b.name)
            .collect();
        left.sort();
        assert_eq!(left.len(), 7);
        assert_eq!(left[0], "shop-daily-2020-01-04.db", "the oldest went first");
        assert!(left.contains(&made.file_name().unwrap().to_string_lossy().into_owned()));
        assert_eq!(verify(&made).unwrap(), crate::store::SCHEMA_VERSION);
    }

    /// Reading the unpacked copy of a WAL shop makes its `-wal` and `-shm`;
    /// a check of every backup in the list must not leave them in the
    /// temporary folder, one pair a backup.
    #[test]
    fn verifying_a_compressed_backup_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("shop.db"), Session::new("test")).unwrap();
        let made = daily(store.path(), store.clock()).unwrap().unwrap();
        assert!(packed::is_packed(&made).unwrap());
        let scratch = tempfile::tempdir().unwrap();
        let version = verify_unpacking_in(&made, scratch.path()).unwrap();
        assert_eq!(version, crate::store::SCHEMA_VERSION);
        let left: Vec<_> = std::fs::read_dir(scratch.path()).unwrap().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
}
