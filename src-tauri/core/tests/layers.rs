//! The core's layers, checked: a module may use modules of its own layer
//! and below, never above. The imports that ran upward when the check came
//! are listed in `layers-allowed.txt` beside this file; each is to go, none
//! may join. The layers, lowest first:
//!
//! 0. base: money, ids, shop time, errors, limits, progress, the job log,
//!    the table reader (CSV and spreadsheets as rows of cells);
//! 1. store: open, migrations, backup, changelog, check, restore, and the
//!    terminals that share the shop's rows through a server;
//! 2. catalog, stock, customers, the shop's profile;
//! 3. orders as the ledger (insert, status rules, refunds);
//! 4. campaigns, statements, suppliers, purchasing;
//! 5. checkout: pricing, entry, edits, status steps and money moving —
//!    what happens when an order is made or its money moves;
//! 6. the merchant's workflows built on it: after-sales, fulfilment, shipping,
//!    接龙, reconcile, order and product files, reviews;
//! 7. analytics and the demo, which read and write everything;
//! 8. the TypeScript bindings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("money", 0),
    ("ids", 0),
    ("shop_time", 0),
    ("limits", 0),
    ("progress", 0),
    ("search_key", 0),
    ("grouped", 0),
    ("joblog", 0),
    ("file_names", 0),
    ("table", 0),
    ("store", 1),
    ("backup", 1),
    ("changelog", 1),
    ("check", 1),
    ("restore", 1),
    ("diagnostics", 1),
    ("updates", 1),
    ("imports", 1),
    ("terminals", 1),
    ("catalog", 2),
    ("stock", 2),
    ("customers", 2),
    ("profile", 2),
    ("orders", 3),
    ("campaigns", 4),
    ("statements", 4),
    ("suppliers", 4),
    ("purchasing", 4),
    ("checkout", 5),
    ("after_sales", 6),
    ("fulfilment", 6),
    ("shipping", 6),
    ("solitaire", 6),
    ("reconcile", 6),
    ("io", 6),
    ("reviews", 6),
    ("analytics", 7),
    ("demo", 7),
    ("bindings", 8),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The production part of a source: test files, and each `#[cfg(test)]`
/// item (a `mod x;` line or a whole braced block), aside.
fn production(path: &Path, text: &str) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let in_tests = path.components().any(|c| c.as_os_str() == "tests");
    if in_tests || name.ends_with("_tests.rs") || name == "tests.rs" || name == "testing.rs" {
        return None;
    }
    let mut kept = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = item_end(rest);
        rest = &rest[end..];
    }
    kept.push_str(rest);
    Some(kept)
}

/// Where the item starting `text` ends: after its `;`, or after the brace
/// that closes its body, whichever the item has first.
fn item_end(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            ';' if depth == 0 => return i + 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The top-level modules `text` names as `crate::module`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let module: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if layer(&module).is_some() {
            found.insert(module);
        }
        // `use crate::{a, b::c}`: every name in the braces.
        if rest.starts_with('{') {
            let inner = &rest[1..rest.find('}').unwrap_or(rest.len())];
            for item in inner.split(',') {
                let module = item.trim().split("::").next().unwrap_or_default();
                if layer(module).is_some() {
                    found.insert(module.to_string());
                }
            }
        }
    }
    found
}

/// `from -> to` for every import from a module to one above it.
fn upward(module: &str, text: &str) -> Vec<String> {
    let Some(own) = layer(module) else {
        return Vec::new();
    };
    uses(text)
        .into_iter()
        .filter(|m| m != module && layer(m).is_some_and(|l| l > own))
        .map(|m| format!("{module} -> {m}"))
        .collect()
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn all_upward() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut edges = BTreeSet::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(code) = production(&path, &text) {
            edges.extend(upward(&module, &code));
        }
    }
    edges
}

#[test]
fn no_module_imports_one_above_it_but_those_listed_to_go() {
    let listed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/layers-allowed.txt");
    let allowed: BTreeSet<String> = std::fs::read_to_string(&listed)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let found = all_upward();
    let new: Vec<_> = found.difference(&allowed).collect();
    let gone: Vec<_> = allowed.difference(&found).collect();
    assert!(
        new.is_empty(),
        "imports running up a layer (move the code down, or the call up): {new:?}"
    );
    assert!(
        gone.is_empty(),
        "gone, take them off {}: {gone:?}",
        listed.display()
    );
}

#[test]
fn the_check_catches_an_upward_import_added_on_purpose() {
    // Money reaching for orders, as a careless edit would.
    let money = "use crate::error::Result;\nfn f() { crate::orders::entry::commit(); }\n";
    assert_eq!(upward("money", money), ["money -> orders"]);
    let store = "use crate::{backup, analytics::rollups};\n";
    assert_eq!(upward("store", store), ["store -> analytics"]);
    // Down and sideways are fine; tests are not looked at.
    assert!(upward("orders", "use crate::{money::Money, stock, customers};").is_empty());
    let tail = "use crate::money::Money;\n#[cfg(test)]\nmod tests { use crate::demo; }\n";
    assert!(upward("money", &production(Path::new("money.rs"), tail).unwrap()).is_empty());
    // A test module declared at the top hides nothing after it.
    let early = "#[cfg(test)]\nmod money_tests;\nfn f() { crate::orders::page(); }\n";
    let code = production(Path::new("money.rs"), early).unwrap();
    assert_eq!(upward("money", &code), ["money -> orders"]);
}
