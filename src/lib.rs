//! mvplan: a marketing plan as a TOML file → checked → a strategy pitch deck.
//!
//! The pipeline, one module per stage, in the order data flows:
//!
//! 1. [`plan`]: the TOML file → the typed [`plan::Plan`], every value with its span.
//! 2. [`figures`]: totals, shares, phasing, forecasts and the alignment score,
//!    computed once from the plan.
//! 3. [`check`]: the rule catalogue → [`diagnostic::Finding`]s with rule ids.
//! 4. [`report`]: findings → human (rustc-style) or JSON output.
//! 5. [`deck`]: plan + figures + findings → view model → Tera → the Markdown deck.
//! 6. [`render`]: the Markdown deck (and a [`theme::Theme`]) → PDF.

pub mod diagnostic;
pub mod format;
pub mod source;
pub mod theme;

pub mod plan;

pub mod figures;

pub mod check;

pub mod deck;

pub mod render;

pub mod report;

pub mod output;

use std::path::Path;

use check::Settings;
use plan::Plan;
use report::FileReport;
use source::SourceFile;

/// Loads, computes and checks one plan source: stages 1 to 3.
/// The plan is returned when it loaded, whatever the findings.
pub fn check_source(source: SourceFile, settings: &Settings) -> (FileReport, Option<Plan>) {
    let path = source.name();
    match plan::parse(&source) {
        Ok(plan) => {
            let figures = figures::compute(&plan);
            let findings = check::run(&plan, &figures, settings);
            let report = FileReport {
                source: Some(source),
                path,
                findings,
                figures: Some(figures),
            };
            (report, Some(plan))
        }
        Err(mut findings) => {
            check::sort(&mut findings);
            let report = FileReport {
                source: Some(source),
                path,
                findings,
                figures: None,
            };
            (report, None)
        }
    }
}

/// Reads and checks a plan file.
pub fn check_path(path: &Path, settings: &Settings) -> (FileReport, Option<Plan>) {
    match plan::read(path) {
        Ok(source) => check_source(source, settings),
        Err(finding) => (
            FileReport {
                source: None,
                path: path.display().to_string(),
                findings: vec![*finding],
                figures: None,
            },
            None,
        ),
    }
}
