//! Stage 4 for `check`: findings → words. Producing findings and printing them
//! are separate, so that the JSON output is first-class, not an afterthought.

pub mod human;
pub mod json;

use crate::diagnostic::{Finding, Tally};
use crate::figures::Figures;
use crate::source::{FileKind, SourceFile};

/// What checking one file produced.
#[derive(Debug)]
pub struct FileReport {
    pub source: Option<SourceFile>,
    /// The path as given, used when the file could not be read.
    pub path: String,
    pub findings: Vec<Finding>,
    /// `None` when the plan did not load (and for policies and themes).
    pub figures: Option<Figures>,
    /// What the file is: a plan, or a policy or theme checked as one.
    pub kind: FileKind,
}

impl FileReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }

    /// Loaded: the alignment rules ran (for a policy or a theme: it loads,
    /// so the plans that use it can be checked).
    pub fn loaded(&self) -> bool {
        match self.kind {
            FileKind::Plan => self.figures.is_some(),
            FileKind::Policy | FileKind::Theme => self.source.is_some() && self.tally().errors == 0,
        }
    }
}
