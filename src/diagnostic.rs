//! The shared vocabulary of problems: rules, severities and findings.
//!
//! Both the loader (syntax, types, unknown fields) and the checker (alignment
//! rules) speak it, so one reporter can print everything a run found, sorted
//! by position, in one pass.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// Byte range in a plan file.
pub type Span = Range<usize>;

/// How much a finding matters. Ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the rule catalogue (`mvplan explain --list`).
#[derive(Debug)]
pub struct Rule {
    /// Stable id, used in output, in `[checks]` overrides and by `mvplan explain`.
    pub id: &'static str,
    /// Severity before any override.
    pub severity: Severity,
    /// Which part of the plan the rule looks at (for grouping the catalogue).
    pub family: &'static str,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// Long explanation: why it matters and how to fix it (Markdown-ish prose).
    pub explanation: &'static str,
    /// Whether a plan's `[checks]` section or a policy may change the severity.
    /// Load errors can't be waved through: the plan is unusable with them.
    pub configurable: bool,
}

/// A secondary location shown with a finding (e.g. "first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A problem found in a plan, located where possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is. `None` for plan-wide findings with no single place.
    pub span: Option<Span>,
    /// Text under the caret.
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// For problems found while rendering: the 1-based slide of the Markdown
    /// deck they concern (the span, when set, is in the deck's text).
    pub slide: Option<usize>,
    /// For findings in a spreadsheet, which has no text to point into: the
    /// sheet and cell (`Actuals!C7`).
    pub cell: Option<String>,
    /// What a board slide says instead of the message, when the message
    /// quotes a typed figure the deck replaced (a scenario's typed outcome
    /// against the curves'): the discrepancy without the competing figure.
    /// The message, for the plan's author, goes to the slide's notes.
    pub board: Option<String>,
}

impl Finding {
    pub fn new(rule: &Rule, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            span: None,
            label: None,
            secondary: Vec::new(),
            help: None,
            slide: None,
            cell: None,
            board: None,
        }
    }

    /// The finding as a board slide states it ([`Finding::board`]).
    pub fn for_board(mut self, board: impl Into<String>) -> Self {
        self.board = Some(board.into());
        self
    }

    pub fn on_slide(mut self, slide: usize) -> Self {
        self.slide = Some(slide);
        self
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn in_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn also(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Counts of findings by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Self {
        let mut t = Tally::default();
        for f in findings {
            t.add(f.severity);
        }
        t
    }

    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Note => self.notes += 1,
        }
    }

    pub fn merge(&mut self, other: Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.notes += other.notes;
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
/// Used for "did you mean" on field names, enum values and ids.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("budjet", ["budget", "channels"]),
            Some("budget")
        );
        assert_eq!(
            did_you_mean("Objectives", ["objectives", "goals"]),
            Some("objectives")
        );
        assert_eq!(did_you_mean("zebra", ["budget", "channels"]), None);
    }
}
