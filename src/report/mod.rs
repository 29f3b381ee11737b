//! Stage 4 for `check`: findings → words. Producing findings and printing them
//! are separate, so that the JSON output is first-class, not an afterthought.

pub mod human;
pub mod json;

use crate::diagnostic::{Finding, Tally};
use crate::figures::Figures;
use crate::source::SourceFile;

/// What checking one file produced.
#[derive(Debug)]
pub struct FileReport {
    pub source: Option<SourceFile>,
    /// The path as given, used when the file could not be read.
    pub path: String,
    pub findings: Vec<Finding>,
    /// `None` when the plan did not load.
    pub figures: Option<Figures>,
}

impl FileReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }

    /// Loaded: the alignment rules ran.
    pub fn loaded(&self) -> bool {
        self.figures.is_some()
    }
}
