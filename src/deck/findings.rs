//! Findings as the decks list them (health and status slides): a file of
//! its own, below both views, so that neither view names the other.

use serde::Serialize;

use crate::diagnostic::{Finding, Severity};
use crate::plan::Plan;
use crate::source::SourceFile;

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub line: Option<usize>,
    /// The checker's own message when the slide states the finding for a
    /// board (`Finding::board`): the typed figure it quotes is for the
    /// plan's author, in the slide's notes.
    pub detail: Option<String>,
}

/// Findings listed on the health slide: a reviewer reads a few dozen; a
/// plan with thousands would otherwise turn one slide into hundreds.
pub const HEALTH_FINDINGS: usize = 40;

impl FindingView {
    /// A finding as a slide lists it: in the plan's words, and as a board
    /// reads it where the checker says it differently for the author.
    pub fn of(f: &Finding, plan: &Plan, source: &SourceFile) -> Self {
        let plain = |m: &str| crate::plan::words::plain(m, plan);
        FindingView {
            rule: f.rule,
            severity: f.severity,
            message: plain(f.board.as_deref().unwrap_or(&f.message)),
            line: f.span.as_ref().map(|s| source.line_col(s.start).0),
            detail: f.board.as_ref().map(|_| plain(&f.message)),
        }
    }
}
