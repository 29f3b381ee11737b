//! The gap a hire fills, once per plan and team row: the titles, the
//! people slides, the asks and the resource rules all ask it of the same
//! rows ([`super::memo`]).

use super::Figures;
use super::capacity::{Gap, gap_filled_by};
use crate::plan::Plan;

/// [`gap_filled_by`] for team row `role`, over the plan's quarters.
pub fn gap_filled(plan: &Plan, fig: &Figures, role: &str) -> Option<Gap> {
    let gap = fig.memo.get("figures::capacity::gap_filled_by", role, || {
        gap_filled_by(plan, &fig.quarters, role)
    });
    Option::clone(&gap)
}
