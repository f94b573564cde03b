//! How the CLI speaks: one JSON document on stdout with `--json`, readable
//! Chinese or English text otherwise, errors and progress on stderr.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use storefront_core::progress::Progress;
use storefront_core::{CoreError, Page};

pub struct Out {
    pub json: bool,
    pub zh: bool,
}

impl Out {
    pub fn new(json: bool, lang: Option<&str>) -> Self {
        let zh = match lang {
            Some(l) => l.starts_with("zh"),
            None => std::env::var("LC_ALL")
                .or_else(|_| std::env::var("LANG"))
                .map(|l| l.starts_with("zh"))
                .unwrap_or(false),
        };
        Out { json, zh }
    }

    /// Picks the Chinese or the English text.
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh {
            zh
        } else {
            en
        }
    }

    /// Prints `value` as JSON, or the readable `text` without `--json`. A
    /// reader that stopped early (`storefront … | head`) is not an error.
    pub fn emit<T: Serialize>(&self, value: &T, text: impl FnOnce() -> String) {
        // The output types are plain structs, lists and string-keyed maps,
        // which always serialise.
        #[allow(clippy::expect_used)]
        let out = if self.json {
            serde_json::to_string_pretty(value).expect("serialisable output")
        } else {
            text()
        };
        let _ = writeln!(std::io::stdout().lock(), "{out}");
    }

    /// One page of a list: `{"total": N, "<key>": [...]}` as JSON, or a
    /// table (headers in the output's language) and "showing n / total".
    pub fn list<T: Serialize>(
        &self,
        key: &str,
        page: &Page<T>,
        zh: &[&str],
        en: &[&str],
        cells: impl Fn(&T) -> Vec<String>,
    ) {
        let value = serde_json::json!({ "total": page.total, "more": page.more, key: &page.rows });
        self.emit(&value, || {
            let rows: Vec<Vec<String>> = page.rows.iter().map(cells).collect();
            let header = if self.zh { zh } else { en };
            let more = if page.more { "+" } else { "" };
            format!(
                "{}\n{} {} / {}{more}",
                table(header, &rows),
                self.t("显示", "showing"),
                page.rows.len(),
                page.total
            )
        });
    }

    /// Rows under a header in the output's language.
    pub fn table(&self, zh: &[&str], en: &[&str], rows: &[Vec<String>]) -> String {
        table(if self.zh { zh } else { en }, rows)
    }

    pub fn error(&self, e: &CoreError) {
        if self.json {
            eprintln!("{}", serde_json::to_string(&e.to_ipc()).unwrap_or_default());
        } else {
            eprintln!("{}: {e}", self.t("错误", "error"));
            for bad in e.others() {
                eprintln!("  {}", place_of(bad));
            }
        }
    }

    /// A progress bar on stderr when it is a terminal, nothing otherwise.
    pub fn progress(&self) -> Bar {
        let bar = if std::io::stderr().is_terminal() {
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template("{msg:>8} [{bar:40}] {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            Some(b)
        } else {
            None
        };
        Bar(bar)
    }
}

pub struct Bar(Option<ProgressBar>);

impl Progress for Bar {
    fn report(&self, phase: &str, done: u64, total: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
            b.set_position(done);
            b.set_message(phase.to_string());
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// `line 4, column 6: not an amount …`: one more problem of a bad file.
fn place_of(bad: &storefront_core::table::BadLine) -> String {
    match (bad.line, bad.column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: {}", bad.message),
        (Some(l), None) => format!("line {l}: {}", bad.message),
        _ => bad.message.clone(),
    }
}

/// Left-aligned columns whose widths count Chinese characters as two.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - width(c))))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(header.to_vec())];
    out.extend(
        rows.iter()
            .map(|r| line(r.iter().map(String::as_str).collect())),
    );
    out.join("\n")
}
