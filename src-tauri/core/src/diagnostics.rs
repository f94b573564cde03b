//! 导出诊断信息: what the people who help a merchant need when something
//! went wrong, and nothing of the shop's business. A zip of the app's log
//! files, the version, the system, the shop's schema version and `check`'s
//! findings (invariant names and counts). Phone-like digit runs are blanked
//! in case a log line ever carried one.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use zip::write::SimpleFileOptions;

use crate::check;
use crate::error::{CoreError, Result};

/// What the app says after an abnormal end: that it happened, and what
/// `check` found then.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct LastSession {
    pub abnormal: bool,
    /// Problems `check` found (0: all well); none when not abnormal.
    pub problems: Option<u32>,
}

/// The About panel: this copy of the app and where its shop lives.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct About {
    pub version: String,
    pub build_date: String,
    pub shop_path: String,
    #[ts(type = "number")]
    pub shop_bytes: u64,
    pub data_folder: String,
    pub log_folder: String,
}

/// What the zip says about this copy of the app and its shop.
pub struct Facts<'a> {
    pub version: &'a str,
    pub os: &'a str,
    /// Log files to include (the app's log folder's `*.log`).
    pub log_dir: Option<&'a Path>,
    /// Whether the last session ended abnormally.
    pub last_session_abnormal: bool,
}

/// Writes the zip to `dest`.
pub fn write(conn: &Connection, facts: &Facts, dest: &Path) -> Result<()> {
    let file = std::fs::File::create(dest).map_err(|e| CoreError::io(dest, e))?;
    // Streamed, as rust_xlsxwriter writes its files: one copy of the
    // writer in the binary, not two (200 KB, #18).
    let mut zip = zip::ZipWriter::new_stream(file);
    let opts = SimpleFileOptions::default();
    let io = |e: std::io::Error| CoreError::io(dest, e);
    let zerr = |e: zip::result::ZipError| CoreError::io(dest, std::io::Error::other(e));
    zip.start_file("about.txt", opts).map_err(zerr)?;
    zip.write_all(about(conn, facts)?.as_bytes()).map_err(io)?;
    for (name, text) in logs(facts.log_dir) {
        zip.start_file(format!("logs/{name}"), opts).map_err(zerr)?;
        zip.write_all(blank_phones(&text).as_bytes()).map_err(io)?;
    }
    zip.finish().map_err(zerr)?;
    Ok(())
}

fn about(conn: &Connection, facts: &Facts) -> Result<String> {
    let schema: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let report = check::run(conn)?;
    let mut out = format!(
        "Storefront {}\nsystem: {}\nschema version: {schema}\nlast session ended abnormally: {}\ncheck: {}\n",
        facts.version,
        facts.os,
        facts.last_session_abnormal,
        if report.ok { "ok" } else { "problems found" },
    );
    // Which invariants failed and how often; their details name records.
    let mut failed: Vec<(&str, usize)> = Vec::new();
    for p in &report.problems {
        match failed.iter_mut().find(|(name, _)| *name == p.invariant) {
            Some((_, n)) => *n += 1,
            None => failed.push((&p.invariant, 1)),
        }
    }
    for (name, n) in failed {
        out.push_str(&format!("  {name}: {n}\n"));
    }
    Ok(out)
}

fn logs(dir: Option<&Path>) -> Vec<(String, String)> {
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "log"))
        .filter_map(|e| {
            let text = std::fs::read(e.path()).ok()?;
            Some((
                e.file_name().to_string_lossy().into_owned(),
                String::from_utf8_lossy(&text).into_owned(),
            ))
        })
        .collect();
    out.sort();
    out
}

/// Any run of 7 or more digits (a phone number) becomes `#######`.
fn blank_phones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 7 {
            out.push_str(&"#".repeat(run.len()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::peach_shop;

    #[test]
    fn the_zip_has_the_logs_and_facts_and_no_business_data() {
        let (dir, store) = peach_shop();
        store
            .conn()
            .execute_batch(
                "INSERT INTO customers(id, name, phone, created_at, updated_at) VALUES ('c', '王秀兰', '13912345678', 0, 0)",
            )
            .unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir_all(&logs).unwrap();
        std::fs::write(
            logs.join("storefront.log"),
            "import: done in 1.0 s, 13912345678 seen\n",
        )
        .unwrap();
        std::fs::write(logs.join("notes.txt"), "not a log").unwrap();
        let dest = dir.path().join("诊断.zip");
        let facts = Facts {
            version: "0.1.0",
            os: "linux x86_64",
            log_dir: Some(&logs),
            last_session_abnormal: true,
        };
        write(store.conn(), &facts, &dest).unwrap();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
        assert_eq!(zip.len(), 2, "about.txt and the one log");
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            std::io::Read::read_to_string(&mut f, &mut all).unwrap();
        }
        assert!(
            all.contains("schema version: ") && all.contains("check: ok"),
            "{all}"
        );
        assert!(all.contains("last session ended abnormally: true"));
        assert!(
            all.contains("import: done in 1.0 s, ########### seen"),
            "{all}"
        );
        assert!(!all.contains("王秀兰") && !all.contains("13912345678"));
    }
}
