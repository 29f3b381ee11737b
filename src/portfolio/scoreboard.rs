//! Where the CMO must look first: one status per plan that can't
//! contradict its findings, and the order of attention.

use serde::Serialize;

use crate::diagnostic::{Rule, Severity};
use crate::plan::Status;

pub const REVIEW_STATUS: Rule = Rule {
    id: "review-status",
    severity: Severity::Error,
    family: "review",
    summary: "a plan in the review has not reached the status the policy requires",
    explanation: "An organisation's policy can require every plan in a review to be at least \
`submitted` (or `approved`) with `[require] status = \"submitted\"`, so that a CMO's review never \
rolls up drafts by accident. Set the plan's `[plan] status` when it is ready, or leave it out \
of the review.",
    configurable: false,
};

/// Red: the plan has errors (not ready for approval). Amber: warnings to
/// look at. Green: clean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Attention {
    Red,
    Amber,
    Green,
}

impl Attention {
    pub fn of(errors: usize, warnings: usize) -> Attention {
        if errors > 0 {
            Attention::Red
        } else if warnings > 0 {
            Attention::Amber
        } else {
            Attention::Green
        }
    }
}

/// The one plan-health line: the alignment score never stands alone, so a
/// plan with errors can't look healthy at a glance ("alignment 100/100 ·
/// 3 errors: not ready for approval").
pub fn health(score: u32, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let verdict = match Attention::of(errors, warnings) {
        Attention::Red => format!("{}: not ready for approval", plural(errors, "error")),
        Attention::Amber => format!("{}: review before approval", plural(warnings, "warning")),
        Attention::Green => "no findings: ready for approval".to_string(),
    };
    format!("alignment {score}/100 · {verdict}")
}

/// How far along the workflow a status is.
pub fn rank(s: Status) -> u8 {
    match s {
        Status::Draft => 0,
        Status::Submitted => 1,
        Status::Approved => 2,
    }
}

/// Plans by status.
#[derive(Debug, Default, Serialize)]
pub struct StatusCounts {
    pub draft: usize,
    pub submitted: usize,
    pub approved: usize,
}

impl StatusCounts {
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Draft => self.draft += 1,
            Status::Submitted => self.submitted += 1,
            Status::Approved => self.approved += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_never_contradicts_the_findings() {
        assert_eq!(
            health(100, 3, 0),
            "alignment 100/100 · 3 errors: not ready for approval"
        );
        assert_eq!(
            health(92, 0, 1),
            "alignment 92/100 · 1 warning: review before approval"
        );
        assert_eq!(
            health(100, 0, 0),
            "alignment 100/100 · no findings: ready for approval"
        );
        assert!(Attention::Red < Attention::Amber && Attention::Amber < Attention::Green);
    }
}
