//! A scenario's best mix, computed when first read.
//!
//! The optimiser's answer at each scenario's money was most of what
//! `mvplan check` spent (three scenarios: ~4.8 M of b2b-saas's 23 M
//! instructions), yet a check reads it only in the message of a scenario
//! whose typed outcome is off the curves; the deck reads it for its levels
//! appendix. So the inputs are kept and the optimiser runs on the first
//! read, once: clones share the answer, and the figures are the same
//! whenever (or whether) they are read.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::media::{Curve, allocate};

/// The result of an objective's curves in the best mix of `pool`, plus
/// `base`, never below `floor` (the scenario's own mix).
#[derive(Clone)]
pub struct BestMix(Arc<Inner>);

struct Inner {
    value: OnceLock<Option<f64>>,
    /// The plan's curves (shared by every outcome of the scenarios computed
    /// together) and the objective's among them.
    curves: Arc<[Curve]>,
    members: Vec<usize>,
    objective: String,
    pool: Decimal,
    step: Decimal,
    base: f64,
    floor: f64,
}

impl BestMix {
    pub(super) fn new(
        curves: Arc<[Curve]>,
        members: Vec<usize>,
        objective: String,
        pool: Decimal,
        step: Decimal,
        (base, floor): (f64, f64),
    ) -> Self {
        BestMix(Arc::new(Inner {
            value: OnceLock::new(),
            curves,
            members,
            objective,
            pool,
            step,
            base,
            floor,
        }))
    }

    /// No best mix: the objective has no curves at the scenario.
    pub fn none() -> Self {
        BestMix(Arc::new(Inner {
            value: OnceLock::from(None),
            curves: Arc::from(Vec::new()),
            members: Vec::new(),
            objective: String::new(),
            pool: Decimal::ZERO,
            step: Decimal::ONE,
            base: 0.0,
            floor: 0.0,
        }))
    }

    /// Whether the figure is settled: the optimiser has run, or there was
    /// nothing to run (a check that reads no best mix
    /// leaves it idle).
    pub fn computed(&self) -> bool {
        self.0.value.get().is_some()
    }

    /// The best mix's result; `None` when no allocation fits the bounds.
    pub fn get(&self) -> Option<f64> {
        let i = &*self.0;
        *i.value.get_or_init(|| {
            let weights = BTreeMap::from([(i.objective.as_str(), 1.0)]);
            allocate(&i.curves, &i.members, &weights, i.pool, i.step)
                .ok()
                .map(|sol| i.base + sol.value)
                .map(|v| v.max(i.floor))
        })
    }
}

impl fmt::Debug for BestMix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

/// As the value it stands for: the JSON and the templates see a number.
impl Serialize for BestMix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}
