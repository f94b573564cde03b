//! `solitaire parse FILE [--commit [--skip-flagged]]`: a pasted WeChat 接龙
//! list, read against the shop and, on request, turned into orders; and
//! `solitaire alias …`: the merchant's own words for products.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use storefront_core::solitaire::{self, Change, CommitOptions, CustomerMatch, Entry, Flag};
use storefront_core::{io as files, CoreError};

use crate::output::Out;
use crate::shop::{open, open_read};

#[derive(Subcommand)]
pub enum SolitaireCmd {
    /// Read a pasted 接龙 list; `--commit` turns it into orders.
    Parse {
        file: PathBuf,
        /// Create the orders. Refused while any line is flagged, unless
        /// --skip-flagged.
        #[arg(long)]
        commit: bool,
        /// With --commit: create the sure lines' orders and list the rest.
        #[arg(long)]
        skip_flagged: bool,
        /// With --commit: sell beyond what is available.
        #[arg(long)]
        allow_oversell: bool,
    },
    /// The merchant's words for products: `alias add 西红柿 FQ-1`.
    Alias {
        #[command(subcommand)]
        action: AliasCmd,
    },
}

#[derive(Subcommand)]
pub enum AliasCmd {
    /// Remember WORD as the name of SKU's product (or, with --exact, of that variant).
    Add {
        word: String,
        sku: String,
        #[arg(long)]
        exact: bool,
    },
    List,
    Remove {
        word: String,
    },
}

pub fn run(db: &Path, action: SolitaireCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match action {
        SolitaireCmd::Parse {
            file,
            commit,
            skip_flagged,
            allow_oversell,
        } => parse(
            db,
            &file,
            commit.then_some(skip_flagged),
            allow_oversell,
            out,
        ),
        SolitaireCmd::Alias { action } => alias(db, action, out),
    }
}

fn parse(
    db: &Path,
    file: &Path,
    commit: Option<bool>,
    allow_oversell: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let bytes = files::read_file(file)?;
    let text = storefront_core::statements::text::decode(&bytes)
        .map_err(|bad| bad.in_file(&file.display().to_string()))?;
    let mut store = if commit.is_some() {
        open(db)?
    } else {
        open_read(db)?
    };
    let parsed = solitaire::parse(store.conn(), store.clock(), &text)?;
    let committed = match commit {
        Some(skip_flagged) => {
            let opts = CommitOptions {
                allow_oversell,
                skip_flagged,
                arrives_on: parsed.arrives_on.as_deref(),
            };
            Some(store.write(|w| solitaire::commit(w, &parsed.entries, opts))?)
        }
        None => None,
    };
    let mut value = json!({ "entries": parsed.entries, "arrives_on": parsed.arrives_on });
    if let Some(c) = &committed {
        value["orders"] = json!(c.orders);
        value["skipped"] = json!(c.skipped.iter().map(|s| s.line).collect::<Vec<_>>());
        value["skipped_reasons"] = json!(c.skipped);
    }
    out.emit(&value, || {
        let mut lines: Vec<String> = parsed
            .entries
            .iter()
            .map(|e| entry_line(e, &parsed.entries, out))
            .collect();
        let flagged = parsed.entries.iter().filter(|e| e.flagged).count();
        if let Some(day) = &parsed.arrives_on {
            lines.push(format!("{} {day}", out.t("到货日", "arrives on")));
        }
        lines.push(format!(
            "{} {}，{} {}",
            out.t("可建单", "sure:"),
            parsed.entries.len() - flagged,
            out.t("待处理", "flagged:"),
            flagged
        ));
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

fn entry_line(e: &Entry, all: &[Entry], out: &Out) -> String {
    let items: Vec<String> = e
        .items
        .iter()
        .map(|i| {
            let name = if i.ambiguous {
                format!("{}?", i.text)
            } else {
                i.name.clone()
            };
            format!("{name}×{}", i.qty)
        })
        .collect();
    let who = match e.customer_match {
        _ if e.customer.is_empty() && e.customer_phone.is_none() => "?",
        CustomerMatch::Existing => out.t("老客户", "known"),
        CustomerMatch::New => out.t("新客户", "new"),
        CustomerMatch::Ambiguous => out.t("重名", "ambiguous"),
    };
    let mut line = format!("{:>3}. {} ({who})  {}", e.no, e.customer, items.join("，"));
    if !e.remark.is_empty() {
        line.push_str(&format!("  {}{}", out.t("备注：", "remark: "), e.remark));
    }
    if e.flagged {
        let why: Vec<String> = e.flags.iter().map(|f| reason(f, e, all, out)).collect();
        line.push_str(&format!("  ⚠ {}", why.join("；")));
    }
    line
}

/// A flag in words, for the terminal. A line another refers to is named by
/// its number as written (`→ 1`), as the merchant numbered the list.
fn reason(flag: &Flag, e: &Entry, all: &[Entry], out: &Out) -> String {
    let zh = out.zh;
    let pick = |c: String, en: String| if zh { c } else { en };
    match flag {
        Flag::UnknownProduct { text } => pick(
            format!("没有这个商品：{text}"),
            format!("no such product: {text}"),
        ),
        Flag::AmbiguousProduct { text } => pick(
            format!("{text} 可能是多个商品或规格"),
            format!("{text} fits several products or sizes"),
        ),
        Flag::PartOfName { text } => pick(
            format!("{text} 只是商品名的开头：是{}吗？", offered(e, text)),
            format!("{text} only starts a name: {}?", offered(e, text)),
        ),
        Flag::PackMismatch { text, packs } => pick(
            format!("{text} 与规格不符（{}）", packs.join("、")),
            format!("{text} matches no pack ({})", packs.join(", ")),
        ),
        Flag::NotACount { text } => pick(
            format!("{text} 不是整数数量"),
            format!("{text} is not a whole count"),
        ),
        Flag::TooMany { text } => pick(format!("{text} 数量过大"), format!("{text}: too many")),
        Flag::TwoCounts { text } => pick(
            format!("{text} 有两个数量"),
            format!("{text} has two counts"),
        ),
        Flag::NotUnderstood { text } => {
            pick(format!("看不懂：{text}"), format!("not understood: {text}"))
        }
        Flag::AmbiguousCustomer => pick(
            format!("{} 有 {} 位同名客户", e.customer, e.candidates.len()),
            format!("{} customers are called {}", e.candidates.len(), e.customer),
        ),
        Flag::NoCustomer => out.t("没有写名字", "no name").into(),
        Flag::NoItems => out.t("没有商品", "nothing ordered").into(),
        Flag::Refers => {
            let to = e.refers_to.map_or_else(String::new, |l| {
                let no = all.iter().find(|x| x.line == l).map(|x| x.no.as_str());
                format!(" → {}", no.map_or_else(|| l.to_string(), str::to_string))
            });
            let what = match e.change {
                Some(Change::Change) => out.t("修改", "changes"),
                Some(Change::Cancel) => out.t("取消", "cancels"),
                Some(Change::Same) => out.t("同上", "same as above"),
                Some(Change::PlusOne) => out.t("+1", "+1"),
                None => "",
            };
            format!("{what}{to}")
        }
        Flag::Unnumbered { line, text } => pick(
            format!("第 {line} 行没有编号：{text}"),
            format!("line {line} has no number: {text}"),
        ),
    }
}

fn alias(db: &Path, action: AliasCmd, out: &Out) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    match action {
        AliasCmd::Add { word, sku, exact } => {
            store.write(|w| solitaire::remember(w, &word, &sku, exact))?;
            out.emit(&json!({ "alias": word, "sku": sku }), || {
                format!("{word} = {sku}")
            });
        }
        AliasCmd::Remove { word } => {
            store.write(|w| solitaire::forget(w, &word))?;
            out.emit(&json!({ "removed": word }), || word.clone());
        }
        AliasCmd::List => {
            let rows = solitaire::aliases(store.conn())?;
            out.emit(&json!({ "aliases": rows }), || {
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|a| {
                        vec![
                            a.alias.clone(),
                            a.product.clone(),
                            a.sku.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                out.table(
                    &["别名", "商品", "规格SKU"],
                    &["alias", "product", "variant SKU"],
                    &cells,
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The products offered for an unsure piece of text, by name (`山竹`).
fn offered(e: &Entry, text: &str) -> String {
    let mut names: Vec<&str> = e
        .items
        .iter()
        .filter(|i| i.text == text)
        .flat_map(|i| i.candidates.iter().map(|c| c.name.as_str()))
        .collect();
    names.dedup();
    names.join(" / ")
}
