//! `solitaire parse FILE [--commit]`: a pasted WeChat 接龙 list, read
//! against the shop and, on request, turned into orders.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use storefront_core::{io as files, solitaire, CoreError};

use crate::output::Out;
use crate::shop::open;

pub fn parse(
    db: &Path,
    file: &Path,
    commit: bool,
    allow_oversell: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let bytes = files::read_file(file)?;
    let text =
        storefront_core::statements::text::decode(&bytes).ok_or_else(|| CoreError::BadFile {
            path: file.into(),
            line: None,
            column: None,
            message: "not UTF-8 or GBK text".into(),
        })?;
    let mut store = open(db)?;
    let parsed = solitaire::parse(store.conn(), &text)?;
    let committed = if commit {
        Some(store.write(|w| solitaire::commit(w, &parsed.entries, allow_oversell))?)
    } else {
        None
    };
    let mut value = json!({ "entries": parsed.entries });
    if let Some(c) = &committed {
        value["orders"] = json!(c.orders);
        value["skipped"] = json!(c.skipped);
    }
    out.emit(&value, || {
        let mut lines: Vec<String> = parsed
            .entries
            .iter()
            .map(|e| {
                let items: Vec<String> = e
                    .items
                    .iter()
                    .map(|i| format!("{}×{}", i.name, i.qty))
                    .collect();
                let mut line = format!("{:>3}. {}  {}", e.no, e.customer, items.join("，"));
                if !e.unresolved.is_empty() {
                    line.push_str(&format!(
                        "  [{}: {}]",
                        out.t("未识别", "unresolved"),
                        e.unresolved.join(" ")
                    ));
                }
                line
            })
            .collect();
        if let Some(c) = &committed {
            lines.push(format!(
                "{} {} {}",
                out.t("已建单", "orders created:"),
                c.orders.len(),
                c.orders.join(" ")
            ));
        }
        lines.join("\n")
    });
    Ok(ExitCode::SUCCESS)
}
