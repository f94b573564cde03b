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
