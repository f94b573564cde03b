//! The ranges a number from outside may take. One row beyond them (a
//! quantity of 2147483648, the year 0000) would be stored and then break
//! every list that sums or formats it, so each is refused at the door with
//! its line and column, or its field.

/// One order line's quantity.
pub const MAX_QTY: i64 = 99_999;
/// A stock figure (on hand, a count, a low-stock line).
pub const MAX_STOCK: i64 = 9_999_999;
/// Any one amount: a price, a discount, a refund (¥9,999,999.99).
pub const MAX_FEN: i64 = 999_999_999;
/// Times the shop can hold: 2000-01-01 to 2099-12-31 (UTC seconds).
pub const EARLIEST: i64 = 946_684_800;
pub const LATEST: i64 = 4_102_444_799;
/// Stars a review gives run 1–5; at most this many make it a bad one
/// (the review screen, an after-sales ticket, a distributor's trust).
pub const BAD_STARS: i32 = 2;

pub fn qty_ok(qty: i64) -> bool {
    (1..=MAX_QTY).contains(&qty)
}

pub fn fen_ok(fen: i64) -> bool {
    (0..=MAX_FEN).contains(&fen)
}

pub fn time_ok(unix: i64) -> bool {
    (EARLIEST..=LATEST).contains(&unix)
}
