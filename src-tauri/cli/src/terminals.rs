//! `shop publish|join|status|digest`: one shop on several terminals, through
//! the shop's PostgreSQL server (#19).

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;
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
        let password = if self.password_stdin {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CoreError::io("stdin", e))?;
            Some(line.trim_end_matches(['\r', '\n']).to_string())
        } else {
            None
        };
        Ok((url, password))
    }
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

pub fn join(db: &Path, server: &Server, terminal: &str, out: &Out) -> Result<ExitCode, CoreError> {
    let (url, password) = server.parse()?;
    let done = terminals::join(db, &url, password.as_deref(), terminal, &out.progress())?;
    out.emit(&done, || {
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
    let store = open_read(db)?;
    let on = terminals::server_of(store.conn())?;
    let (server, terminal) = on.clone().unzip();
    out.emit(
        &json!({ "server": server, "terminal": terminal, "terminal_id": store.session().terminal }),
        || match on {
            Some((s, t)) => format!(
                "{} {s} ({} {t})",
                out.t("店铺服务器", "shop server"),
                out.t("本终端", "this terminal")
            ),
            None => out
                .t(
                    "只在本机（未发布）",
                    "on this computer only (not published)",
                )
                .to_string(),
        },
    );
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
