//! Row ids are UUIDv7 (time-ordered, so two terminals can merge later without
//! collisions); human numbers like `S20261122-0042` are separate per-day
//! sequences kept in the database.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use chrono::NaiveDate;
use rusqlite::{params, Transaction};

use crate::error::Result;

/// A UUIDv7: the millisecond, then 42 bits drawn once per process and a
/// counter. Ordered within a process, unique across terminals, and without
/// a system call per id (a statement import makes a million).
pub fn new_id() -> String {
    static STATE: OnceLock<(u64, AtomicU64)> = OnceLock::new();
    let (seed, counter) = STATE.get_or_init(|| {
        // The standard library's hash keys come from the OS's randomness.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        (h.finish(), AtomicU64::new(0))
    });
    let n = counter.fetch_add(1, Ordering::Relaxed);
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    let tail = (seed << 32) | (n & 0xFFFF_FFFF);
    bytes[6] = 0x70 | ((seed >> 60) as u8 & 0x0f);
    bytes[7] = (seed >> 52) as u8;
    bytes[8..].copy_from_slice(&tail.to_be_bytes());
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    text(bytes)
}

/// A UUIDv7 for a given instant and counter: the demo generator uses it so
/// that the same seed makes the same shop.
pub fn id_at(unix_ms: u64, counter: u64) -> String {
    // Built here rather than by `Uuid::new_v7`, which draws random bytes
    // from the OS (a system call an id, a million in the demo) only for
    // them to be replaced.
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
    // Bytes 6..16 carry version, variant and the counter.
    let c = counter.to_be_bytes();
    bytes[6] = 0x70 | (c[0] & 0x0f);
    bytes[7] = c[1];
    bytes[8] = 0x80 | (c[2] & 0x3f);
    bytes[9..16].copy_from_slice(&[c[3], c[4], c[5], c[6], c[7], 0, 0][..7]);
    text(bytes)
}

/// An id's text, lower-case hex with hyphens, written straight into its
/// string: `to_string` goes through the formatting machinery, which #18's
/// profile of the million-order demo put at 8 % of its time.
fn text(bytes: [u8; 16]) -> String {
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    uuid::Uuid::from_bytes(bytes)
        .hyphenated()
        .encode_lower(&mut buf)
        .to_owned()
}

/// An id made from what a row is rather than when it was made: the same
/// parts give the same id on every terminal. A payment is its source and
/// transaction id, so the same bill imported on two terminals is one set of
/// payments when they meet; a match is its payment and order. A UUID of
/// version 8 (custom), from SHA-256 of the parts.
pub fn stable_id(parts: &[&str]) -> String {
    text(stable_bytes(digest(parts)))
}

/// A stable id that starts with a millisecond, as a UUIDv7 does: rows made
/// in a bulk (a statement's payments, a pass's matches) then land together
/// at the end of the key's index instead of all over it. A million
/// payments with ids in hash order took 4.4 s to insert in SQL alone; in
/// time order, 2.9 s.
fn stable_id_at(unix_ms: i64, parts: &[&str]) -> String {
    let mut bytes = digest(parts);
    bytes[..6].copy_from_slice(&unix_ms.max(0).to_be_bytes()[2..]);
    text(stable_bytes(bytes))
}

fn digest(parts: &[&str]) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&h.finalize()[..16]);
    bytes
}

/// Version 8, RFC 9562 variant.
fn stable_bytes(mut bytes: [u8; 16]) -> [u8; 16] {
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    bytes
}

/// A payment's id: its wallet and transaction id, led by when it happened.
pub fn payment_id(source: &str, txn_id: &str, occurred_at: i64) -> String {
    stable_id_at(
        occurred_at.saturating_mul(1000),
        &["payment", source, txn_id],
    )
}

/// A payment match's id: its payment and order, the same on every terminal
/// (reconciling one bill on two terminals makes one match per pair), led by
/// the payment's own first 48 bits, so a pass's matches go in the order of
/// their payments.
pub fn match_id(payment: &str, order: &str) -> String {
    let lead = uuid::Uuid::parse_str(payment).map_or(0, |u| {
        let b = u.as_bytes();
        i64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]])
    });
    stable_id_at(lead, &["match", payment, order])
}

/// Formats a human number: prefix, the business day, and the day's sequence.
pub fn human_number(prefix: &str, day: NaiveDate, letter: &str, seq: i64) -> String {
    format!("{prefix}{}-{letter}{seq:04}", day.format("%Y%m%d"))
}

/// Takes the next number of `kind` (order, po, batch) for `day` inside the
/// caller's transaction, so a number is never handed out twice. A terminal
/// that joined a shop writes its letter before the sequence
/// (`S20261206-B0001`), so terminals never hand out the same number offline.
pub fn next_number(tx: &Transaction, kind: &str, prefix: &str, day: NaiveDate) -> Result<String> {
    let key = day.format("%Y-%m-%d").to_string();
    let letter: String = tx.query_row(
        "SELECT COALESCE((SELECT value FROM shop_settings WHERE key = 'terminal_letter'), '')",
        [],
        |r| r.get(0),
    )?;
    let seq: i64 = tx.query_row(
        "INSERT INTO number_seq(kind, day, last) VALUES (?1, ?2, 1)
         ON CONFLICT(kind, day) DO UPDATE SET last = last + 1
         RETURNING last",
        params![kind, key],
        |r| r.get(0),
    )?;
    Ok(human_number(prefix, day, &letter, seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_ordered() {
        let a = new_id();
        let b = new_id();
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 7);
        assert!(a < b);
        let x = id_at(1_700_000_000_000, 1);
        let y = id_at(1_700_000_000_000, 2);
        assert!(x < y);
        assert_eq!(uuid::Uuid::parse_str(&x).unwrap().get_version_num(), 7);
    }

    /// The texts the earlier builds made (through `Uuid::new_v7` and
    /// `to_string`): a demo shop and a payment's id stay what they were.
    #[test]
    fn ids_are_the_same_text_as_before() {
        assert_eq!(
            id_at(1_700_000_000_123, 0x0123_4567_89ab_cdef),
            "018bcfe5-687b-7123-8567-89abcdef0000"
        );
        assert_eq!(stable_id(&["a"]), "3b196fd4-907b-8df5-9c30-90e9835f2f7c");
        assert_eq!(
            payment_id("wechat", "42", 1_765_126_509),
            "019af9bd-11c8-818a-9a17-42e4808dc9fb"
        );
    }

    #[test]
    fn stable_ids_depend_on_the_parts_only() {
        let a = stable_id(&["payment", "wechat", "4200001"]);
        assert_eq!(a, stable_id(&["payment", "wechat", "4200001"]));
        assert_ne!(a, stable_id(&["payment", "alipay", "4200001"]));
        assert_ne!(stable_id(&["ab", "c"]), stable_id(&["a", "bc"]));
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 8);
    }

    #[test]
    fn payment_and_match_ids_are_stable_and_led_by_time() {
        let a = payment_id("wechat", "4200001", 1_765_126_509);
        assert_eq!(a, payment_id("wechat", "4200001", 1_765_126_509));
        assert_ne!(a, payment_id("alipay", "4200001", 1_765_126_509));
        let later = payment_id("wechat", "4200000", 1_765_126_510);
        assert!(a < later, "ordered by when they happened");
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 8);
        let m = match_id(&a, "order-1");
        assert_eq!(m, match_id(&a, "order-1"));
        assert_ne!(m, match_id(&a, "order-2"));
        assert_eq!(m[..13], a[..13], "a match is led by its payment's time");
        assert!(match_id(&later, "order-1") > m);
        // An id from before (hash-led) still makes a stable match.
        let old = stable_id(&["payment", "wechat", "1"]);
        assert_eq!(match_id(&old, "o"), match_id(&old, "o"));
    }

    #[test]
    fn human_numbers_are_padded() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(human_number("S", d, "", 42), "S20261122-0042");
        assert_eq!(human_number("S", d, "B", 7), "S20261122-B0007");
        assert_eq!(human_number("S", d, "", 12345), "S20261122-12345");
    }
}
