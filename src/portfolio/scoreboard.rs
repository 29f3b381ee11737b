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

pub use crate::verdict::Attention;

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
