//! `shop publish|join|sync|status|conflicts|digest`: one shop on several terminals, through
//! the shop's PostgreSQL server (#19).

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use storefront_core::terminals::{self, ServerUrl, ShopDigest};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shop::{open, open_read};

/// The server and how to log in to it.
#[derive(Args)]
pub struct Server {
    /// postgres://USER@HOST:PORT/DATABASE (no password in it).
    #[arg(long)]
    pub server: String,
    /// Read the server password from the first line of stdin.
    #[arg(long)]
    pub password_stdin: bool,
}

impl Server {
    fn parse(&self) -> Result<(ServerUrl, Option<String>), CoreError> {
        let url = ServerUrl::parse(&self.server)?;
        let password = password_if(self.password_stdin)?;
        Ok((url, password))
    }
}

/// The password from stdin when asked for; else none given (the keychain's
/// is used).
fn password_if(stdin: bool) -> Result<Option<String>, CoreError> {
    stdin.then(read_password).transpose()
}

/// The first line of stdin: a password piped in stays out of the shell's
/// history and the process list.
fn read_password() -> Result<String, CoreError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CoreError::io("stdin", e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub fn publish(
    db: &Path,
    server: &Server,
    terminal: &str,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let (url, password) = server.parse()?;
    let mut store = open(db)?;
    let done = terminals::publish(
        &mut store,
        &url,
        password.as_deref(),
        terminal,
        &out.progress(),
    )?;
    out.emit(&done, || {
        format!(
            "{} {}: {} {}, {} {} ({} {})",
            out.t("已发布到", "published to"),
            done.server,
            done.tables,
            out.t("张表", "tables"),
            done.rows,
            out.t("行", "rows"),
            out.t("本终端", "this terminal"),
            done.terminal
        )
    });
    Ok(ExitCode::SUCCESS)
}

pub fn join(
    db: &Path,
    server: &Server,
    terminal: &str,
    location: Option<&str>,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let (url, password) = server.parse()?;
    let done = terminals::join(db, &url, password.as_deref(), terminal, &out.progress())?;
    if let Some(name) = location {
        terminals::set_location(&mut open(db)?, name)?;
    }
    let shown = serde_json::json!({
        "server": done.server, "terminal": done.terminal, "path": done.path,
        "rows": done.rows, "location": location,
    });
    out.emit(&shown, || {
        format!(
            "{} {}: {} {}, {} {} ({})",
            out.t("已加入", "joined"),
            done.server,
            done.rows,
            out.t("行", "rows"),
            out.t("本终端", "this terminal"),
            done.terminal,
            done.path.display()
        )
    });
    Ok(ExitCode::SUCCESS)
}

pub fn status(db: &Path, out: &Out) -> Result<ExitCode, CoreError> {
    let st = terminals::status(&open_read(db)?)?;
    out.emit(&st, || match (&st.server, &st.terminal) {
        (Some(s), Some(t)) => format!(
            "{} {s} ({} {t}); {} {}{}",
            out.t("店铺服务器", "shop server"),
            out.t("本终端", "this terminal"),
            out.t("待同步", "changes waiting"),
            st.pending,
            st.last_error
                .as_ref()
                .map(|e| format!("; {} {e}", out.t("上次同步失败：", "last sync failed:")))
                .unwrap_or_default()
        ),
        _ => out
            .t(
                "只在本机（未发布）",
                "on this computer only (not published)",
            )
            .to_string(),
    });
    Ok(ExitCode::SUCCESS)
}

/// One pass, or with `watch` a pass every 2 s until stopped: a pass that
/// fails (the server away) is said and the next one tries again.
pub fn sync(
    db: &Path,
    watch: bool,
    password_stdin: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let mut store = open(db)?;
    let url = terminals::server_url(store.conn())?;
    let password = password_if(password_stdin)?;
    loop {
        let pass = terminals::sync(&mut store, &url, password.as_deref(), &out.progress());
        match pass {
            Ok(r) => out.emit(&r, || {
                format!(
                    "{} {}, {} {}, {} {}, {} {}",
                    out.t("推送", "pushed"),
                    r.pushed,
                    out.t("拉取", "pulled"),
                    r.pulled,
                    out.t("冲突", "conflicts"),
                    r.conflicts,
                    out.t("待同步", "pending"),
                    r.pending
                )
            }),
            Err(e) if watch => eprintln!("{e}"),
            Err(e) => return Err(e),
        }
        if !watch {
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
}

pub fn retire(
    db: &Path,
    name: &str,
    password_stdin: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let url = terminals::server_url(store.conn())?;
    let password = password_if(password_stdin)?;
    terminals::retire(&url, password.as_deref(), name)?;
    out.emit(&serde_json::json!({ "retired": name }), || {
        format!("{} {name}", out.t("已停用终端", "retired terminal"))
    });
    Ok(ExitCode::SUCCESS)
}

pub fn resolve(
    db: &Path,
    seq: i64,
    keep: &str,
    password_stdin: bool,
    out: &Out,
) -> Result<ExitCode, CoreError> {
    let keep = match keep {
        "kept" => terminals::Keep::Kept,
        "overwritten" => terminals::Keep::Overwritten,
        other => {
            return Err(CoreError::invalid(
                "keep",
                format!("{other:?}: say `kept` (the value that won stays) or `overwritten` (restore the other)"),
            ))
        }
    };
    let mut store = open(db)?;
    let password = password_if(password_stdin)?;
    terminals::resolve(&mut store, password.as_deref(), seq, keep)?;
    out.emit(&serde_json::json!({ "resolved": seq }), || {
        format!("{} {seq}", out.t("已处理冲突", "conflict settled:"))
    });
    Ok(ExitCode::SUCCESS)
}

pub fn conflicts(db: &Path, password_stdin: bool, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let url = terminals::server_url(store.conn())?;
    let password = password_if(password_stdin)?;
    let list = terminals::conflicts(&url, password.as_deref(), store.clock())?;
    out.emit(&list, || {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|c| {
                vec![
                    c.table.clone(),
                    c.key.clone(),
                    c.kept_terminal.clone(),
                    c.lost_terminal.clone(),
                    c.lost_row
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ]
            })
            .collect();
        out.table(
            &["表", "键", "保留了", "被覆盖", "被覆盖的内容"],
            &["table", "key", "kept", "overwritten", "overwritten row"],
            &rows,
        )
    });
    Ok(ExitCode::SUCCESS)
}

pub fn digest(db: &Path, server: Option<&Server>, out: &Out) -> Result<ExitCode, CoreError> {
    let store = open_read(db)?;
    let d: ShopDigest = match server {
        Some(s) => {
            let (url, password) = s.parse()?;
            terminals::server_digest(store.conn(), &url, password.as_deref())?
        }
        None => terminals::digest(store.conn())?,
    };
    out.emit(&d, || {
        format!("{} ({} {})", d.digest, d.rows, out.t("行", "rows"))
    });
    Ok(ExitCode::SUCCESS)
}
