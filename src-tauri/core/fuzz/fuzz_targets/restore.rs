//! Any bytes as a backup offered for restore: the inspector that runs before
//! anything is replaced says what it is, or why not, never panics; a file
//! it accepts opens as a shop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storefront_core::{backup, Session, Store};

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("storefront-fuzz-restore-{}.db", std::process::id()));
    for side in ["-wal", "-shm", ""] {
        let _ = std::fs::remove_file(format!("{}{side}", path.display()));
    }
    std::fs::write(&path, data).expect("a scratch file");
    if backup::verify(&path).is_ok() {
        // Accepted by the inspector: it must open for reading or say why.
        let _ = Store::open_read(&path, Session::new("fuzz")).map_err(|e| e.to_string());
    }
});
