//! Restore: a backup replaces the shop only after it has been opened as a
//! shop would be, on a scratch copy: migrated to this version, holding every
//! table, column, index and trigger a shop of this version has, and passing
//! `check`. A file that fails any of these is refused by name and the shop
//! is left as it was. The current contents are saved before they go.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, MAIN_DB};

use crate::backup::{self, backup_path, backup_to, stamp};
use crate::error::{CoreError, Result};
use crate::file_names;
use crate::store::{self, Session, Store};

/// Restores from a file's bytes (one the merchant picked in the app): kept
/// beside the shop only while it is checked and copied in, then removed.
/// Returns where the data replaced was saved.
pub fn restore_bytes(store: &mut Store, bytes: &[u8], file_name: &str) -> Result<PathBuf> {
    let dir = store
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    // Only the file's own name, never a path given with it.
    let picked = dir.join(file_names::safe(&format!("restore-picked-{file_name}")));
    std::fs::write(&picked, bytes).map_err(|e| CoreError::io(&picked, e))?;
    let restored = restore(store, &picked);
    // Opening the candidate may have left its WAL and index beside it.
    store::remove_files(&picked);
    restored
}

/// Replaces the shop's contents with the backup at `src`, once the backup
/// has proved itself a sound shop. Returns where the replaced contents were
/// saved.
pub fn restore(store: &mut Store, src: &Path) -> Result<PathBuf> {
    let scratch =
        backup::backups_dir(store.path()).join(format!(".restore-{}", stamp(store.clock())));
    std::fs::create_dir_all(&scratch).map_err(|e| CoreError::io(&scratch, e))?;
    let result = restore_via(store, src, &scratch);
    // The scratch copy goes whatever happened; a failure to remove it is
    // only a leftover, never the restore's outcome.
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn restore_via(store: &mut Store, src: &Path, scratch: &Path) -> Result<PathBuf> {
    // A compressed backup (the daily ones) is unpacked first; what is
    // wrong with it is still said of the file the merchant chose.
    let candidate = if backup::packed::is_packed(src)? {
        let plain = scratch.join("unpacked.db");
        backup::packed::unpack(src, &plain)?;
        candidate(&plain, scratch).map_err(|e| named(e, src))?
    } else {
        candidate(src, scratch)?
    };
    let safety = backup_path(
        store.path(),
        &format!("before-restore-{}", stamp(store.clock())),
    );
    backup_to(store.conn(), &safety)?;
    store
        .conn_mut()
        .restore(MAIN_DB, &candidate, None::<fn(rusqlite::backup::Progress)>)?;
    store.reload()?;
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store.write(|w| w.log("shop", "backup", "restore", &name))?;
    Ok(safety)
}

/// `e`, naming `shown` as the file it is about.
fn named(e: CoreError, shown: &Path) -> CoreError {
    match e {
        CoreError::Corrupt { detail, .. } => CoreError::Corrupt {
            path: shown.to_path_buf(),
            detail,
        },
        CoreError::NotAStorefrontDb { reason, .. } => CoreError::NotAStorefrontDb {
            path: shown.to_path_buf(),
            reason,
        },
        other => other,
    }
}

/// The backup copied into `scratch`, opened and migrated as a shop, and
/// checked; its path, or why it would not do.
fn candidate(src: &Path, scratch: &Path) -> Result<PathBuf> {
    backup::verify(src)?;
    let refused = |detail: String| CoreError::Corrupt {
        path: src.to_path_buf(),
        detail,
    };
    let copy = scratch.join("candidate.db");
    Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?.backup(
        MAIN_DB,
        &copy,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    let opened = Store::open(&copy, Session::new("restore"))
        .map_err(|e| refused(format!("it does not open as a shop: {e}")))?;
    let reference = Store::open(&scratch.join("reference.db"), Session::new("restore"))?;
    let mut missing: Vec<String> = schema(reference.conn())?
        .difference(&schema(opened.conn())?)
        .cloned()
        .collect();
    // Whole tables first: their columns and indexes go without saying.
    let rank = |m: &String| {
        ["table", "view", "trigger", "index", "column"]
            .iter()
            .position(|k| m.starts_with(k))
    };
    missing.sort_by_key(rank);
    if !missing.is_empty() {
        return Err(refused(format!(
            "it is missing part of a shop: {}{}",
            missing
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() > 5 {
                format!(" and {} more", missing.len() - 5)
            } else {
                String::new()
            }
        )));
    }
    let report = crate::check::run(opened.conn())
        .map_err(|e| refused(format!("it cannot be checked: {e}")))?;
    if let Some(p) = report.problems.first() {
        return Err(refused(format!(
            "its check fails: {}: {}",
            p.invariant, p.detail
        )));
    }
    Ok(copy)
}

/// Every table with its columns, index and trigger a shop holds, as
/// `table t`, `column t.c`, `index i`, `trigger g`, `view v`.
fn schema(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    let mut objects = conn.prepare(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = objects.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (kind, name) = row?;
        out.insert(format!("{kind} {name}"));
    }
    let mut columns = conn.prepare(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
    )?;
    let rows = columns.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (table, column) = row?;
        out.insert(format!("column {table}.{column}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(dir: &Path) -> Store {
        Store::open(&dir.join("shop.db"), Session::new("test")).unwrap()
    }

    fn locations(store: &Store) -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM locations", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn the_compressed_daily_backup_restores_and_a_cut_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(dir.path());
        let daily = backup::daily(store.path(), store.clock()).unwrap().unwrap();
        assert!(daily.to_string_lossy().ends_with(".db.zst"));
        assert!(backup::packed::is_packed(&daily).unwrap());
        store
            .conn()
            .execute(
                "INSERT INTO locations(id, name, created_at) VALUES ('x', '仓库', 0)",
                [],
            )
            .unwrap();
        // Cut short, as a full disk or a broken copy leaves it: refused by
        // its own name, and the shop keeps its new location.
        let whole = std::fs::read(&daily).unwrap();
        let cut = dir.path().join("cut.db.zst");
        std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
        match restore(&mut store, &cut).unwrap_err() {
            CoreError::Corrupt { path, .. } => assert_eq!(path, cut),
            other => panic!("{other}"),
        }
        assert_eq!(locations(&store), 1);
        restore(&mut store, &daily).unwrap();
        assert_eq!(locations(&store), 0, "the day's backup is back");
    }

    #[test]
    fn restore_brings_back_the_backup_and_keeps_the_current_data() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(dir.path());
        let copy = dir.path().join("copy.db");
        backup_to(store.conn(), &copy).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO locations(id, name, created_at) VALUES ('x', '仓库', 0)",
                [],
            )
            .unwrap();
        let saved = restore(&mut store, &copy).unwrap();
        assert_eq!(locations(&store), 0);
        let before = Connection::open(&saved).unwrap();
        let kept: i64 = before
            .query_row("SELECT count(*) FROM locations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1, "the data replaced is saved first");
        let logged: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM change_log WHERE action = 'restore'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(logged, 1);
    }

    #[test]
    fn a_picked_file_is_restored_from_its_bytes_and_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(dir.path());
        let copy = dir.path().join("copy.db");
        backup_to(store.conn(), &copy).unwrap();
        let bytes = std::fs::read(&copy).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO locations(id, name, created_at) VALUES ('x', '仓库', 0)",
                [],
            )
            .unwrap();
        restore_bytes(&mut store, &bytes, "../备份.db").unwrap();
        assert_eq!(locations(&store), 0);
        let refused = restore_bytes(&mut store, b"not a shop", "x.db");
        assert!(refused.is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("restore-picked-")
            })
            .collect();
        let names: Vec<_> = left.iter().map(|e| e.file_name()).collect();
        assert!(left.is_empty(), "left beside the shop: {names:?}");
    }

    /// A backup with a table dropped, a missing trigger, a broken invariant:
    /// each refused by name, the shop unchanged.
    #[test]
    fn an_unusable_backup_is_refused_and_the_shop_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(dir.path());
        store
            .conn()
            .execute(
                "INSERT INTO locations(id, name, created_at) VALUES ('x', '仓库', 0)",
                [],
            )
            .unwrap();
        let damages = [
            ("DROP TABLE product_aliases", "table product_aliases"),
            ("DROP TRIGGER rollup_campaign_u_old", "trigger rollup_campaign_u_old"),
            (
                "INSERT INTO stock_levels(variant_id, location_id, on_hand) VALUES ('nope', 'x', 5)",
                "its check fails",
            ),
        ];
        for (i, (damage, named)) in damages.iter().enumerate() {
            let bad = dir.path().join(format!("bad{i}.db"));
            backup_to(store.conn(), &bad).unwrap();
            let conn = Connection::open(&bad).unwrap();
            conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {damage};"))
                .unwrap();
            drop(conn);
            let err = restore(&mut store, &bad).unwrap_err();
            assert_eq!(err.code(), "corrupt_database", "{damage}: {err}");
            assert!(err.to_string().contains(named), "{damage}: {err}");
            assert_eq!(locations(&store), 1, "the shop is as it was");
        }
        let left: Vec<_> = std::fs::read_dir(backup::backups_dir(store.path()))
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(
            left.iter()
                .all(|n| !n.to_string_lossy().starts_with(".restore")),
            "no scratch left: {left:?}"
        );
    }
}
