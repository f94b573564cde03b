//! The shop server's password lives in the OS keychain (Windows Credential
//! Manager, macOS Keychain, the kernel keyring on Linux), keyed by the
//! server's address; never in the shop file, a log or an error message.

use keyring::Entry;

use super::server::ServerUrl;
use crate::error::{CoreError, Result};

const SERVICE: &str = "Storefront 店铺管家";

fn entry(url: &ServerUrl) -> Result<Entry> {
    Entry::new(SERVICE, &format!("server:{}", url.shown()))
        .map_err(|e| CoreError::Keychain(e.to_string()))
}

/// Keeps the password given for the server, before anything is done with
/// it: a keychain that refuses is said before the shop is touched.
pub(crate) fn keep(url: &ServerUrl, password: &str) -> Result<()> {
    entry(url)?
        .set_password(password)
        .map_err(|e| CoreError::Keychain(e.to_string()))
}

/// The password to log in with: the one given, else the one kept. None
/// when neither is there (a server that trusts this machine needs none; one
/// that does not says so when it refuses the login).
pub(crate) fn login(url: &ServerUrl, given: Option<&str>) -> Option<String> {
    given
        .map(str::to_string)
        .or_else(|| entry(url).ok()?.get_password().ok())
}
