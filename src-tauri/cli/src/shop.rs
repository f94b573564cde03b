//! Shop, catalog and order subcommands: parse, call core, print.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;
use storefront_core::demo::{self, DemoOptions};
use storefront_core::store::{self, SCHEMA_VERSION};
use storefront_core::{backup, check as checks, CoreError, Session, Store};

use crate::output::Out;

pub fn default_db() -> PathBuf {
    store::default_db_path(&dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")))
}

pub fn open(db: &Path) -> Result<Store, CoreError> {
    Store::open(db, Session::new("cli"))
}

/// For commands that only read: nothing is written on the way in, so they
/// never wait behind a writer and work on a read-only disk. A shop that does
/// not exist yet, or needs migrating, is opened as for writing (created or
/// updated, as on any first use).
pub fn open_read(db: &Path) -> Result<Store, CoreError> {
    match store::inspect(db) {
        Ok(SCHEMA_VERSION) => Store::open_read(db, Session::new("cli")),
        _ => open(db),
    }
}

pub fn init(db: &Path, out: &Out) -> Result<ExitCode, CoreError> {
    open(db)?;
    out.emit(
        &json!({ "schema_version": SCHEMA_VERSION, "path": db }),
        || {
            format!(
                "{} {SCHEMA_VERSION}: {}",
                out.t("数据库结构版本", "schema version"),
                db.display()
            )
        },
    );
    Ok(ExitCode::SUCCESS)
}

pub fn demo(
    db: &Path,
    orders: u64,
    seed: u64,
    until: Option<chrono::NaiveDate>,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let until = until.unwrap_or_else(|| store.clock().today());
    let started = Instant::now();
    let summary = demo::generate(
        &mut store,
        &DemoOptions {
            orders,
            seed,
            until,
        },
        &out.progress(),
    )?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    out.emit(
        &json!({ "summary": summary, "seconds": seconds, "bytes": bytes }),
        || {
            format!(
                "{} {} {}, {} {}, {} {}, {} {} ({seconds:.1} s, {:.1} MB)",
                out.t("演示店铺已生成：", "demo shop ready:"),
                summary.orders,
                out.t("单", "orders"),
                summary.products,
                out.t("商品", "products"),
                summary.customers,
                out.t("客户", "customers"),
                summary.payments,
                out.t("笔收款", "payments"),
                bytes as f64 / 1e6
            )
        },
    );
    Ok(ExitCode::SUCCESS)
}

pub fn check(db: &Path, quick: bool, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let report = if quick {
        checks::quick(store.conn())?
    } else {
        checks::run(store.conn())?
    };
    out.emit(&report, || {
        if report.ok {
            format!(
                "{} ({})",
                out.t("检查通过", "check passed"),
                report.checked.join(", ")
            )
        } else {
            let lines: Vec<String> = report
                .problems
                .iter()
                .map(|p| format!("  {}: {}", p.invariant, p.detail))
                .collect();
            format!(
                "{}\n{}",
                out.t("检查发现问题：", "check found problems:"),
                lines.join("\n")
            )
        }
    });
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn backup(db: &Path, file: &Path, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    backup::backup_to(store.conn(), file)?;
    out.emit(&json!({ "backup": file }), || {
        format!("{} {}", out.t("已备份到", "backed up to"), file.display())
    });
    Ok(ExitCode::SUCCESS)
}

pub fn restore(db: &Path, file: &Path, out: &Out) -> Result<ExitCode, CoreError> {
    // Verify before opening the shop, so a bad file never touches it.
    backup::verify(file)?;
    let mut store = open(db)?;
    let safety = storefront_core::restore::restore(&mut store, file)?;
    out.emit(
        &json!({ "restored": file, "previous_saved_as": safety }),
        || {
            format!(
                "{} {} ({} {})",
                out.t("已恢复", "restored"),
                file.display(),
                out.t("原数据另存为", "previous data saved as"),
                safety.display()
            )
        },
    );
    Ok(ExitCode::SUCCESS)
}
