//! The shop's own details (店铺资料): its name and phone, the words at the
//! head and foot of a receipt, and the payment QR code a buyer scans —
//! printed on receipts and shown beside a payment reminder (催款).

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::image;
use crate::error::{CoreError, Refusal, Result};
use crate::store::Writer;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Profile {
    pub name: String,
    pub phone: String,
    /// Printed above a receipt's lines (an address, a slogan).
    pub receipt_header: String,
    /// Printed below them (thanks, how to reach the shop, returns).
    pub receipt_footer: String,
    /// Whether a payment QR picture is kept.
    pub has_payment_qr: bool,
}

/// The longest each text may be, in characters.
const LIMITS: [(&str, usize); 4] = [
    ("name", 40),
    ("phone", 20),
    ("receipt_header", 200),
    ("receipt_footer", 200),
];

fn setting(conn: &Connection, key: &str) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT value FROM shop_settings WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

pub fn profile(conn: &Connection) -> Result<Profile> {
    Ok(Profile {
        name: setting(conn, "shop_name")?,
        phone: setting(conn, "shop_phone")?,
        receipt_header: setting(conn, "receipt_header")?,
        receipt_footer: setting(conn, "receipt_footer")?,
        has_payment_qr: !setting(conn, "payment_qr")?.is_empty(),
    })
}

/// Saves the texts (the QR picture has its own call); a name is required.
pub fn save(w: &Writer, p: &Profile) -> Result<()> {
    let texts = [&p.name, &p.phone, &p.receipt_header, &p.receipt_footer];
    for ((field, max), text) in LIMITS.iter().zip(texts) {
        if text.trim().chars().count() > *max {
            return Err(CoreError::refused(
                Refusal::TooLong,
                &[("field", field.to_string()), ("max", max.to_string())],
                format!("at most {max} characters"),
            ));
        }
    }
    if p.name.trim().is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "shop".into())],
            "the shop needs a name".into(),
        ));
    }
    let keys = [
        "shop_name",
        "shop_phone",
        "receipt_header",
        "receipt_footer",
    ];
    for (key, text) in keys.iter().zip(texts) {
        w.tx.execute(
            "INSERT INTO shop_settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, text.trim()],
        )?;
    }
    w.log("shop", "profile", "save", p.name.trim())
}

/// Keeps `bytes` as the shop's payment QR picture, beside the shop file.
pub fn save_payment_qr(w: &Writer, shop_file: &Path, bytes: &[u8], file_name: &str) -> Result<()> {
    let relative = image::picture_path("payment-qr", bytes, file_name)?;
    w.tx.execute(
        "INSERT INTO shop_settings(key, value) VALUES ('payment_qr', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [&relative],
    )?;
    image::write_picture(shop_file, &relative, bytes)?;
    w.log("shop", "payment_qr", "image", file_name)
}

/// The payment QR picture's bytes, if one is kept on this machine.
pub fn payment_qr(conn: &Connection, shop_file: &Path) -> Result<Option<Vec<u8>>> {
    let relative = setting(conn, "payment_qr")?;
    Ok((!relative.is_empty())
        .then(|| image::load(shop_file, &relative))
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::peach_shop;

    #[test]
    fn the_shop_details_are_kept_and_checked() {
        let (_dir, mut store) = peach_shop();
        assert_eq!(profile(store.conn()).unwrap().name, "我的小店");
        let p = Profile {
            name: "  阿芳水果铺 ".into(),
            phone: "13800001234".into(),
            receipt_header: "幸福里小区东门".into(),
            receipt_footer: "坏果包退，微信 afang88".into(),
            has_payment_qr: false,
        };
        store.write(|w| save(w, &p)).unwrap();
        let kept = profile(store.conn()).unwrap();
        assert_eq!(kept.name, "阿芳水果铺");
        assert_eq!(kept.receipt_footer, "坏果包退，微信 afang88");
        let nameless = Profile {
            name: " ".into(),
            ..p.clone()
        };
        assert!(store.write(|w| save(w, &nameless)).is_err());
        let long = Profile {
            receipt_header: "长".repeat(201),
            ..p
        };
        assert!(store.write(|w| save(w, &long)).is_err());
        assert_eq!(profile(store.conn()).unwrap(), kept);
    }

    #[test]
    fn the_payment_qr_is_a_picture_kept_beside_the_shop() {
        let (_dir, mut store) = peach_shop();
        let file = store.path().to_path_buf();
        let png = [0x89, b'P', b'N', b'G', 1, 2, 3];
        assert!(store
            .write(|w| save_payment_qr(w, &file, b"not a picture", "qr.txt"))
            .is_err());
        assert!(!profile(store.conn()).unwrap().has_payment_qr);
        store
            .write(|w| save_payment_qr(w, &file, &png, "收款码.png"))
            .unwrap();
        assert!(profile(store.conn()).unwrap().has_payment_qr);
        assert_eq!(payment_qr(store.conn(), &file).unwrap().unwrap(), png);
    }
}
