//! One app per shop. Two app windows on one shop file would each hold
//! caches (stock, the open order) the other's writes make stale, so the app
//! takes an OS lock on `<shop>.applock` while it has the shop open. The OS
//! frees it when the process ends, however it ends (kill -9 included). The
//! CLI takes no lock: it reads and writes beside the app, each write its own
//! transaction.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{CoreError, Refusal, Result};

/// A shop just closed may take a moment to let go (its process exiting).
const WAIT_FOR_CLOSING: Duration = Duration::from_secs(3);

/// Held while the app has the shop open; dropping it lets go.
#[derive(Debug)]
pub struct AppLock {
    _file: File,
}

/// The lock file beside the shop.
pub fn lock_path(shop: &Path) -> PathBuf {
    let mut name = shop.file_name().unwrap_or_default().to_os_string();
    name.push(".applock");
    shop.with_file_name(name)
}

impl AppLock {
    /// Takes the shop for this process, or says which process has it.
    pub fn take(shop: &Path) -> Result<AppLock> {
        let path = lock_path(shop);
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| CoreError::io(&path, e))?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < WAIT_FOR_CLOSING => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(TryLockError::WouldBlock) => return Err(open_elsewhere(shop, &mut file)),
                Err(TryLockError::Error(e)) => return Err(CoreError::io(&path, e)),
            }
        }
        // Who holds it, for the message a second launch shows.
        let pid = std::process::id().to_string();
        file.set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| file.write_all(pid.as_bytes()))
            .map_err(|e| CoreError::io(&path, e))?;
        Ok(AppLock { _file: file })
    }
}

fn open_elsewhere(shop: &Path, file: &mut File) -> CoreError {
    let mut pid = String::new();
    let _ = file.read_to_string(&mut pid);
    CoreError::refused(
        Refusal::ShopOpenElsewhere,
        &[
            ("path", shop.display().to_string()),
            ("pid", pid.trim().to_string()),
        ],
        format!(
            "{} is open in another Storefront window (process {}): use that window, or close it first",
            shop.display(),
            pid.trim()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_app_on_the_shop_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let shop = dir.path().join("店 铺.db");
        let first = AppLock::take(&shop).unwrap();
        let t = Instant::now();
        let err = AppLock::take(&shop).unwrap_err();
        assert!(
            t.elapsed() >= WAIT_FOR_CLOSING,
            "waits for a closing shop first"
        );
        assert_eq!(err.code(), "shop_open_elsewhere");
        assert!(
            err.to_string().contains(&std::process::id().to_string()),
            "{err}"
        );
        drop(first);
        AppLock::take(&shop).expect("free once the first lets go");
        assert_eq!(lock_path(&shop), dir.path().join("店 铺.db.applock"));
    }
}
