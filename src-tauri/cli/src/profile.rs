//! `shop`: the shop's own details (name, phone, receipt header and footer)
//! and its payment QR picture.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use storefront_core::io as files;
use storefront_core::profile::{self, Profile};
use storefront_core::CoreError;

use crate::output::Out;
use crate::shop::{open, open_read};
use crate::terminals;

#[derive(Subcommand)]
pub enum ShopCmd {
    /// The shop's name, phone and receipt words, and whether a payment QR is kept.
    Show,
    /// Change the shop's details; what is not given stays as it is.
    Set {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        receipt_header: Option<String>,
        #[arg(long)]
        receipt_footer: Option<String>,
    },
    /// Keep the picture in FILE (PNG, JPEG, GIF or WebP) as the payment QR code.
    Qr { file: PathBuf },
    /// Put this shop on an empty PostgreSQL database, for other terminals to join.
    Publish {
        #[command(flatten)]
        server: terminals::Server,
        /// This terminal's name among the shop's terminals.
        #[arg(long, default_value = "总店")]
        terminal: String,
    },
    /// Make the shop file given by --db a full copy of the server's shop.
    Join {
        #[command(flatten)]
        server: terminals::Server,
        /// This terminal's name among the shop's terminals.
        #[arg(long)]
        terminal: String,
        /// The store this terminal sells from (made if the shop has none of that name).
        #[arg(long)]
        location: Option<String>,
    },
    /// Push this terminal's changes to the server and pull the others'.
    Sync {
        /// Keep syncing every 2 seconds until stopped.
        #[arg(long)]
        watch: bool,
        /// Read the server password from the first line of stdin (else the keychain's).
        #[arg(long)]
        password_stdin: bool,
    },
    /// The server this shop is on, this terminal's name there, and what waits to be synced.
    Status,
    /// Retire a terminal by name (a lost laptop, a closed store): it can no longer sync.
    Retire {
        name: String,
        /// Read the server password from the first line of stdin (else the keychain's).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Settle conflict SEQ: keep the value that won, or write the overwritten one back.
    Resolve {
        seq: i64,
        /// `kept` (the value that won stays) or `overwritten` (restore the other).
        #[arg(long)]
        keep: String,
        /// Read the server password from the first line of stdin (else the keychain's).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Rows changed on two terminals: which change was kept and what it overwrote.
    Conflicts {
        /// Read the server password from the first line of stdin (else the keychain's).
        #[arg(long)]
        password_stdin: bool,
    },
    /// One hash of the shop's business data: equal on terminals holding the same shop.
    Digest {
        /// postgres://USER@HOST:PORT/DATABASE: the digest of what the server holds.
        #[arg(long)]
        server: Option<String>,
        /// Read the server password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
}

pub fn run(db: &Path, cmd: ShopCmd, out: &Out) -> Result<ExitCode, CoreError> {
    match cmd {
        ShopCmd::Show => {
            let p = profile::profile(open_read(db)?.conn())?;
            show(&p, out);
        }
        ShopCmd::Set {
            name,
            phone,
            receipt_header,
            receipt_footer,
        } => {
            let mut store = open(db)?;
            let old = profile::profile(store.conn())?;
            let p = Profile {
                name: name.unwrap_or(old.name),
                phone: phone.unwrap_or(old.phone),
                receipt_header: receipt_header.unwrap_or(old.receipt_header),
                receipt_footer: receipt_footer.unwrap_or(old.receipt_footer),
                has_payment_qr: old.has_payment_qr,
            };
            store.write(|w| profile::save(w, &p))?;
            show(&profile::profile(store.conn())?, out);
        }
        ShopCmd::Publish { server, terminal } => {
            return terminals::publish(db, &server, &terminal, out)
        }
        ShopCmd::Join {
            server,
            terminal,
            location,
        } => return terminals::join(db, &server, &terminal, location.as_deref(), out),
        ShopCmd::Status => return terminals::status(db, out),
        ShopCmd::Sync {
            watch,
            password_stdin,
        } => return terminals::sync(db, watch, password_stdin, out),
        ShopCmd::Retire {
            name,
            password_stdin,
        } => return terminals::retire(db, &name, password_stdin, out),
        ShopCmd::Resolve {
            seq,
            keep,
            password_stdin,
        } => return terminals::resolve(db, seq, &keep, password_stdin, out),
        ShopCmd::Conflicts { password_stdin } => {
            return terminals::conflicts(db, password_stdin, out)
        }
        ShopCmd::Digest {
            server,
            password_stdin,
        } => {
            let server = server.map(|server| terminals::Server {
                server,
                password_stdin,
            });
            return terminals::digest(db, server.as_ref(), out);
        }
        ShopCmd::Qr { file } => {
            let bytes = files::read_file(&file)?;
            let name = files::file_name(&file);
            let mut store = open(db)?;
            let shop_file = store.path().to_path_buf();
            store.write(|w| profile::save_payment_qr(w, &shop_file, &bytes, &name))?;
            show(&profile::profile(store.conn())?, out);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(p: &Profile, out: &Out) {
    out.emit(p, || {
        let qr = if p.has_payment_qr {
            out.t("有", "yes")
        } else {
            out.t("无", "none")
        };
        out.table(
            &["店名", "电话", "小票抬头", "小票结尾", "收款码"],
            &[
                "name",
                "phone",
                "receipt header",
                "receipt footer",
                "payment QR",
            ],
            &[vec![
                p.name.clone(),
                p.phone.clone(),
                p.receipt_header.clone(),
                p.receipt_footer.clone(),
                qr.to_string(),
            ]],
        )
    });
}
