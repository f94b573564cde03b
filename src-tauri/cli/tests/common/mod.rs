//! What the CLI tests share: running the real binary on a real file.
#![allow(dead_code)] // each test binary uses its own part of this

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn storefront(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storefront"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LANG", "C")
        .output()
        .expect("run storefront")
}

pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document on stdout")
}

/// Runs `storefront … --json` and reads its one JSON document.
pub fn run_json(db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&storefront(db, &all))
}

/// A file of `text` in `dir`; its path as the CLI takes it.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

pub fn demo_shop(dir: &Path) -> PathBuf {
    let db = dir.join("shop.db");
    json(&storefront(
        &db,
        &[
            "demo",
            "--orders",
            "800",
            "--seed",
            "3",
            "--until",
            "2026-10-31",
            "--json",
        ],
    ));
    db
}
