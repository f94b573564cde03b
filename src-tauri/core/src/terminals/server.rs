//! The shop's PostgreSQL server: its address as the merchant gives it, the
//! connection (TLS for anything off this machine), and the two tables of our
//! own beside the shop's: what shop it holds, and which terminals use it.

use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, GenericClient, NoTls};

use std::io::{BufRead, BufReader};

use super::rows::{self, Value};
use super::tables::Table;
use crate::error::{CoreError, Refusal, Result};
use crate::store::SCHEMA_VERSION;

/// A server address without its password: fit to keep in the shop file and
/// to show. The password is given apart (stdin, the keychain), never here.
#[derive(Debug, Clone)]
pub struct ServerUrl {
    config: Config,
    shown: String,
}

impl ServerUrl {
    /// `postgres://USER@HOST:PORT/DB`. A password in the URL is refused: it
    /// would end up in shell history, the shop file and logs.
    pub fn parse(url: &str) -> Result<ServerUrl> {
        let shown = without_password(url);
        let bad = |why: &str| {
            CoreError::refused(
                Refusal::ServerUrl,
                &[("url", shown.clone()), ("why", why.to_string())],
                format!("{shown}: {why}; write it as postgres://USER@HOST:PORT/DATABASE"),
            )
        };
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(bad("not a postgres:// address"));
        }
        let config = Config::from_str(url).map_err(|e| bad(&e.to_string()))?;
        if config.get_password().is_some() {
            return Err(bad(
                "leave the password out of the address and give it with --password-stdin",
            ));
        }
        if config.get_user().is_none() || config.get_dbname().is_none() {
            return Err(bad("the user and the database must both be named"));
        }
        if config.get_hosts().is_empty() {
            return Err(bad("no server named"));
        }
        let shown = normalised(&config);
        Ok(ServerUrl { config, shown })
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// On this machine the connection never leaves it; anything else goes
    /// over TLS, checked against the OS's trusted certificates.
    fn is_local(&self) -> bool {
        self.config.get_hosts().iter().all(|h| match h {
            Host::Tcp(name) => matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1"),
            #[cfg(unix)]
            Host::Unix(_) => true,
        })
    }

    /// Connects, giving up after 10 s: an unreachable server is a message,
    /// not a hang.
    pub fn connect(&self, password: Option<&str>) -> Result<Client> {
        let mut config = self.config.clone();
        config.connect_timeout(Duration::from_secs(10));
        config.application_name("storefront");
        if let Some(pw) = password {
            config.password(pw);
        }
        let connected = if self.is_local() {
            config.connect(NoTls)
        } else {
            config.ssl_mode(SslMode::Require);
            config.connect(tls()?)
        };
        connected.map_err(|e| self.failed(&e))
    }

    /// What went wrong with the server, said without the password.
    pub fn failed(&self, e: &postgres::Error) -> CoreError {
        let detail = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            // The cause is in the chain: "error performing TLS handshake"
            // alone does not say the certificate was not trusted.
            None => {
                let mut text = e.to_string();
                let mut cause = std::error::Error::source(e);
                while let Some(c) = cause {
                    text.push_str(&format!(": {c}"));
                    cause = c.source();
                }
                text
            }
        };
        CoreError::Server(format!("{}: {detail}", self.shown))
    }
}

/// `postgres://user:secret@host/db` as `postgres://user@host/db`: an
/// address fit to show in a refusal.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => {
            let user = rest[..at].split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{}", &rest[at + 1..])
        }
        None => url.to_string(),
    }
}

/// `postgres://USER@HOST:PORT/DB`, the port always written.
fn normalised(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) if name.contains(':') => format!("[{name}]"),
            Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "postgres://{}@{}:{port}/{}",
        config.get_user().unwrap_or_default(),
        hosts.join(","),
        config.get_dbname().unwrap_or_default()
    )
}

fn tls() -> Result<postgres_native_tls::MakeTlsConnector> {
    let connector = native_tls::TlsConnector::builder()
        .min_protocol_version(Some(native_tls::Protocol::Tlsv12))
        .build()
        .map_err(|e| CoreError::Server(format!("TLS: {e}")))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(connector))
}

/// Our own tables on the server, kept apart from the shop's by their prefix.
pub(crate) const META_DDL: &str = "
CREATE TABLE storefront_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE storefront_terminals (
  id         text PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  -- On the terminal's order and PO numbers (S20261206-B0001); the first
  -- terminal's A is left unwritten, so its numbers stay as they were.
  letter     text NOT NULL UNIQUE,
  joined_at  bigint NOT NULL,
  retired_at bigint
);
-- Every row a terminal sent, in server order. `tx` is the writing
-- transaction: a reader takes only changes of transactions older than any
-- still running, so one committing late is never skipped.
CREATE TABLE storefront_changes (
  seq      bigserial PRIMARY KEY,
  tx       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  terminal text NOT NULL,
  tbl      text NOT NULL,
  key      text NOT NULL,
  row      jsonb
);
CREATE INDEX storefront_changes_order ON storefront_changes (tx, seq);
CREATE INDEX storefront_changes_row ON storefront_changes (tbl, key, seq);
-- How far each terminal's outbox is on the server: a push whose reply was
-- lost is not sent twice.
CREATE TABLE storefront_pushed (terminal text PRIMARY KEY, upto bigint NOT NULL);
-- A row changed on two terminals: the later in server order was kept, the
-- other is here for the merchant to see.
CREATE TABLE storefront_conflicts (
  seq           bigserial PRIMARY KEY,
  at            bigint NOT NULL,
  tbl           text NOT NULL,
  key           text NOT NULL,
  -- 'overwritten': the later push won; 'refused': the later push was a
  -- move no longer possible (cancelling a fulfilled order) and was not made.
  kind          text NOT NULL DEFAULT 'overwritten',
  kept_terminal text NOT NULL,
  kept_row      jsonb,
  lost_terminal text NOT NULL,
  lost_row      jsonb,
  -- Settled by the merchant: the kept value confirmed ('kept') or the
  -- overwritten one written again ('restored').
  resolved_at   bigint,
  resolution    text
);";

/// The schema version of the shop the server holds, or None when it holds
/// none (an empty database, or one that is not ours).
pub(crate) fn schema_version(client: &mut Client, url: &ServerUrl) -> Result<Option<i64>> {
    let has_meta: bool = client
        .query_one("SELECT to_regclass('storefront_meta') IS NOT NULL", &[])
        .map_err(|e| url.failed(&e))?
        .get(0);
    if !has_meta {
        return Ok(None);
    }
    let row = client
        .query_opt(
            "SELECT value FROM storefront_meta WHERE key = 'schema_version'",
            &[],
        )
        .map_err(|e| url.failed(&e))?;
    let value: Option<String> = row.map(|r| r.get(0));
    // Our table without a readable version is a damaged shop, not none:
    // "publish one first" would send the merchant the wrong way.
    value
        .map(|v| {
            v.parse().map_err(|_| {
                CoreError::Server(format!(
                    "{}: the shop's storefront_meta says schema version {v:?}, which is not a number; the server's shop is damaged",
                    url.shown()
                ))
            })
        })
        .transpose()
}

/// The tables already in the database's own schema: a shop is published
/// only into an empty one, so nothing of someone else's is overwritten.
pub(crate) fn existing_tables(client: &mut Client, url: &ServerUrl) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() ORDER BY 1",
            &[],
        )
        .map_err(|e| url.failed(&e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Refuses a terminal name in use, naming those taken so the merchant can
/// pick another.
pub(crate) fn refuse_taken(
    client: &mut impl GenericClient,
    url: &ServerUrl,
    name: &str,
) -> Result<usize> {
    let taken = terminal_names(client, url)?;
    if taken.iter().any(|t| t == name) {
        return Err(CoreError::refused(
            Refusal::TerminalNameTaken,
            &[("name", name.to_string()), ("taken", taken.join("、"))],
            format!(
                "a terminal named {name:?} already uses this shop (taken: {}); give another --terminal",
                taken.join(", ")
            ),
        ));
    }
    Ok(taken.len())
}

pub(crate) fn terminal_names(
    client: &mut impl GenericClient,
    url: &ServerUrl,
) -> Result<Vec<String>> {
    Ok(client
        .query("SELECT name FROM storefront_terminals ORDER BY name", &[])
        .map_err(|e| url.failed(&e))?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// Every terminal's name by its id, retired ones too (their changes stay).
pub(crate) fn terminal_ids(
    client: &mut Client,
    url: &ServerUrl,
) -> Result<std::collections::HashMap<String, String>> {
    Ok(client
        .query("SELECT id, name FROM storefront_terminals", &[])
        .map_err(|e| url.failed(&e))?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

/// Adds a terminal under its name and gives it the next free letter.
pub(crate) fn add_terminal(
    tx: &mut postgres::Transaction,
    url: &ServerUrl,
    id: &str,
    name: &str,
    at: i64,
) -> Result<String> {
    let letter = letter_for(refuse_taken(tx, url, name)?);
    tx.execute(
        "INSERT INTO storefront_terminals(id, name, letter, joined_at) VALUES ($1, $2, $3, $4)",
        &[&id, &name, &letter, &at],
    )
    .map_err(|e| url.failed(&e))?;
    Ok(letter)
}

/// A, B, … Z, then AA, AB, …: short enough to read out over the counter.
fn letter_for(n: usize) -> String {
    let abc = |i: usize| char::from(b'A' + (i % 26) as u8);
    if n < 26 {
        abc(n).to_string()
    } else {
        format!("{}{}", abc(n / 26 - 1), abc(n))
    }
}

/// A read-only transaction on one snapshot of the server: what is read in
/// it is the shop at one moment, even while other terminals write.
pub(crate) fn snapshot<'a>(
    client: &'a mut Client,
    url: &ServerUrl,
) -> Result<postgres::Transaction<'a>> {
    client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| url.failed(&e))
}

/// Logs in with the password given (kept in the keychain first, so a
/// keychain that refuses is said before anything is done) or the one kept.
pub(crate) fn log_in(url: &ServerUrl, password: Option<&str>) -> Result<Client> {
    if let Some(pw) = password {
        super::password::keep(url, pw)?;
    }
    url.connect(super::password::login(url, password).as_deref())
}

/// Where in the server's changes a copy made in this transaction stands:
/// every change of a transaction older than the oldest still running is in
/// it; a later one may not be, and is pulled (again) from here.
pub(crate) fn cursor(tx: &mut postgres::Transaction, url: &ServerUrl) -> Result<String> {
    Ok(tx
        .query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])
        .map_err(|e| url.failed(&e))?
        .get(0))
}

/// Calls `f` with each of the table's shop rows on the server.
pub(crate) fn each_server_row(
    tx: &mut postgres::Transaction,
    url: &ServerUrl,
    t: &Table,
    mut f: impl FnMut(&[Value]) -> Result<()>,
) -> Result<()> {
    let kinds: Vec<_> = t.columns.iter().map(|c| c.kind).collect();
    let copy = format!(
        "COPY (SELECT {} FROM \"{}\" WHERE {}) TO STDOUT",
        t.column_list(true),
        t.name,
        t.shop_rows()
    );
    let reader = tx.copy_out(&copy).map_err(|e| url.failed(&e))?;
    for line in BufReader::new(reader).split(b'\n') {
        let line = line.map_err(|e| CoreError::Server(format!("{}: {e}", url.shown())))?;
        f(&rows::read_line(&line, &kinds)?)?;
    }
    Ok(())
}

/// The schema version of the shop the server holds; refused when it holds
/// none.
pub(crate) fn held_schema(client: &mut Client, url: &ServerUrl) -> Result<i64> {
    schema_version(client, url)?.ok_or_else(|| {
        CoreError::refused(
            Refusal::ServerHasNoShop,
            &[("server", url.shown().to_string())],
            format!(
                "{} holds no shop; publish one first (storefront shop publish)",
                url.shown()
            ),
        )
    })
}

/// Refuses a server whose shop this build cannot carry. A shop published
/// by an older build is carried as long as its tables have the columns
/// this build's have (a migration that added only this terminal's own or
/// derived tables changes nothing there); the server then says this
/// build's schema, so terminals joining later match it.
pub(crate) fn refuse_other_schema(
    client: &mut Client,
    url: &ServerUrl,
    tables: &[Table],
) -> Result<()> {
    let found = held_schema(client, url)?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    if found < SCHEMA_VERSION && server_columns(client, url)? == our_columns(tables) {
        client
            .execute(
                "UPDATE storefront_meta SET value = $1 WHERE key = 'schema_version'",
                &[&SCHEMA_VERSION.to_string()],
            )
            .map_err(|e| url.failed(&e))?;
        return Ok(());
    }
    Err(CoreError::refused(
        Refusal::ServerSchemaDiffers,
        &[
            ("server", url.shown().to_string()),
            ("found", found.to_string()),
            ("ours", SCHEMA_VERSION.to_string()),
        ],
        format!(
            "{} holds a shop of schema {found} and this Storefront has schema {SCHEMA_VERSION}; run the same version on every terminal",
            url.shown()
        ),
    ))
}

/// Each shop table's columns on the server (our own tables left out), sorted.
fn server_columns(client: &mut Client, url: &ServerUrl) -> Result<Vec<(String, String)>> {
    let rows = client
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name NOT LIKE 'storefront\\_%'",
            &[],
        )
        .map_err(|e| url.failed(&e))?;
    let mut columns: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    columns.sort();
    Ok(columns)
}

fn our_columns(tables: &[Table]) -> Vec<(String, String)> {
    let mut columns: Vec<(String, String)> = tables
        .iter()
        .flat_map(|t| t.columns.iter().map(|c| (t.name.clone(), c.name.clone())))
        .collect();
    columns.sort();
    columns
}
