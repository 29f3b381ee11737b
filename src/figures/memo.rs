//! Figures derived from the plan that many slides and rules read, each
//! computed at most once per [`Figures`](super::Figures).
//!
//! `mvplan check` builds the pitch deck's view (to compare what its slides
//! state) and runs the rules; `render` then builds the view again with the
//! findings. The same derived figures — an objective's shown forecast and
//! value bridge, the prices the words disagree on, the gap a hire fills —
//! were computed afresh by every slide and rule that reads them, a dozen
//! times a run. They hang off the plan's [`Figures`](super::Figures),
//! which every caller already holds and which is computed once per plan,
//! so a value is computed on first use and shared by the rest.
//!
//! Only pure functions of the plan and its figures go in: what a memo
//! returns is what the direct computation returns (the tests compare them
//! on the outside plans). The memo is never carried by a clone, because a
//! clone may be changed (the workbench edits a copy of a plan's figures):
//! a cloned `Figures` starts empty.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// What is computed once: by the name of the computation and a key
/// within it (an objective's index, a team row's id).
type Slots = HashMap<(&'static str, String), Arc<dyn Any + Send + Sync>>;

#[derive(Default)]
pub struct Memo(Mutex<Slots>);

impl Memo {
    /// The value of computation `name` for `key`: `compute`'s, computed on
    /// the first call and shared afterwards. `name` must be unique to the
    /// computation (its function's path): two computations under one name
    /// and type would share a value.
    ///
    /// The lock is not held while computing, so a computation may read
    /// other memoised values (an objective's forecast reads the goals'
    /// parts).
    pub fn get<T: Any + Send + Sync>(
        &self,
        name: &'static str,
        key: &str,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let slot = (name, key.to_string());
        if let Some(found) = self.slots().get(&slot).cloned()
            && let Ok(value) = found.downcast::<T>()
        {
            return value;
        }
        let value = Arc::new(compute());
        self.slots().insert(slot, value.clone());
        value
    }

    fn slots(&self) -> MutexGuard<'_, Slots> {
        // A panic while the lock was held left nothing half-written (values
        // are inserted whole), so a poisoned lock is still sound.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A clone starts empty: it may be changed, and a memo of the original's
/// figures would then be wrong for it.
impl Clone for Memo {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memo({} values)", self.slots().len())
    }
}
