//! Values computed at most once: by a computation's name and a key within
//! it, type-erased, shared by whoever asks next. The plan's `Figures`
//! hold one (`figures::memo`, most of what is memoised); the [`Plan`]
//! holds one for what is read from the plan's own words below the figures
//! — a scenario's words (`figures::scenario_words::read`, two dozen
//! readings of each scenario a check) and the prices the words give
//! (`plan::words_prices::price_disagreements_of`).
//!
//! Only pure functions go in. A clone starts empty, because a clone may be
//! changed; a plan is not changed in place once read (the loader builds
//! it, the workbench and the tests change a copy or change it first).
//!
//! [`Plan`]: super::Plan

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
