//! Long work (demo generation, imports, sync) reports progress and can be
//! cancelled. Core stays GUI-free: the CLI draws a bar, the app emits events.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{CoreError, Result};

pub trait Progress {
    /// `done` of `total` units of `phase` are finished.
    fn report(&self, phase: &str, done: u64, total: u64);
    /// Checked between units of work; true stops the work and rolls it back.
    fn cancelled(&self) -> bool {
        false
    }
}

/// For callers that do not watch.
pub struct Silent;
impl Progress for Silent {
    fn report(&self, _: &str, _: u64, _: u64) {}
}

/// A cancel switch shared between the worker and whoever may press cancel.
#[derive(Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn reset(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Returns `Err(Cancelled)` once the caller asked to stop.
pub fn checkpoint(p: &dyn Progress) -> Result<()> {
    if p.cancelled() {
        Err(CoreError::Cancelled)
    } else {
        Ok(())
    }
}
