//! Purchasing from suppliers: reorder suggestions from sales velocity, stock,
//! lead time, packs and minimum orders; purchase orders through their life;
//! receiving deliveries into stock; the supplier's invoice checked against
//! what was ordered and what arrived.

pub mod orders;
pub mod receive;
pub mod suggest;
#[cfg(test)]
mod tests;

pub use orders::{InvoiceCheck, NewPoLine, PoDetail, PoLineRow, PoRow};
pub use receive::Arrived;
pub use suggest::{PlanLine, SupplierPlan};
