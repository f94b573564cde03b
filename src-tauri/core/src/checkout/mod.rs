//! Checkout: everything that happens when an order is made or its money
//! moves, in one place above both the orders ledger and the campaigns.
//! Pricing consults the campaigns (flash prices, bundles, coupons, member
//! discounts, points); entry, edits and status steps write the ledger and
//! what follows it (points redeemed and returned, a group buy's holds,
//! commissions following the money). Nothing below calls up into here.

pub mod edit;
#[cfg(test)]
mod edit_tests;
pub mod entry;
pub mod groupbuy;
pub mod money;
pub mod pickup;
pub mod pricing;
pub mod status;

pub use edit::{edit, EditOutcome, OrderEdit};
pub use entry::create;
pub use pricing::{quote, Quote};
