//! Findings as the decks list them (health and status slides): a file of
//! its own, below both views, so that neither view names the other.

use serde::Serialize;

use crate::diagnostic::Severity;

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub line: Option<usize>,
}

/// Findings listed on the health slide: a reviewer reads a few dozen; a
/// plan with thousands would otherwise turn one slide into hundreds.
pub const HEALTH_FINDINGS: usize = 40;
