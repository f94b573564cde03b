//! A supplier's token or password lives in the OS keychain (Windows
//! Credential Manager, macOS Keychain; the kernel keyring on Linux), keyed by
//! the supplier's id. The database holds only which kind of secret and the
//! header or user name; there is no fallback to a file.

use keyring::Entry;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{CoreError, Refusal, Result};
use crate::suppliers::http::Auth;

const SERVICE: &str = "Storefront 店铺管家";

fn entry(supplier_id: &str) -> Result<Entry> {
    Entry::new(SERVICE, &format!("supplier:{supplier_id}"))
        .map_err(|e| CoreError::Keychain(e.to_string()))
}

/// Keeps `secret` for the supplier (replacing any before).
pub fn store(supplier_id: &str, secret: &str) -> Result<()> {
    if secret.is_empty() {
        return Err(CoreError::refused(
            Refusal::SecretEmpty,
            &[],
            "the token or password is empty".into(),
        ));
    }
    entry(supplier_id)?
        .set_password(secret)
        .map_err(|e| CoreError::Keychain(e.to_string()))
}

/// Forgets the supplier's secret; nothing to forget is fine.
pub fn forget(supplier_id: &str) -> Result<()> {
    match entry(supplier_id)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(CoreError::Keychain(e.to_string())),
    }
}

/// Whether a secret is kept for the supplier (without revealing it).
pub fn is_stored(supplier_id: &str) -> bool {
    entry(supplier_id)
        .and_then(|e| {
            e.get_password()
                .map_err(|e| CoreError::Keychain(e.to_string()))
        })
        .is_ok()
}

/// How to authenticate to the supplier's feed: its kind and name from the
/// database, the secret from the keychain.
pub fn auth_for(conn: &Connection, supplier_id: &str) -> Result<Auth> {
    let (kind, name): (String, String) = conn
        .query_row(
            "SELECT auth_kind, auth_name FROM suppliers WHERE id = ?1",
            [supplier_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "supplier",
            key: supplier_id.to_string(),
        })?;
    if kind == "none" {
        return Ok(Auth::None);
    }
    let secret = entry(supplier_id)?.get_password().map_err(|e| match e {
        keyring::Error::NoEntry => CoreError::Keychain(
            "no token or password kept for this supplier; enter it again".into(),
        ),
        other => CoreError::Keychain(other.to_string()),
    })?;
    Ok(match kind.as_str() {
        "token" => Auth::Token {
            header: name,
            secret,
        },
        _ => Auth::Basic {
            user: name,
            password: secret,
        },
    })
}
