//! What is made after the year, each from what the year left and without
//! the random stream the orders draw from (so a seed's orders stay the
//! same): reviews of completed orders, courier parcels, and the morning's
//! fresh batches.

mod batches;
mod parcels;

use super::Gen;
use crate::error::Result;

impl Gen<'_> {
    pub(super) fn finish(&mut self) -> Result<()> {
        self.reviews()?;
        self.parcels()?;
        self.batches()
    }
}
