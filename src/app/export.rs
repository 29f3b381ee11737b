//! Spreadsheets for finance from a loaded plan: plan vs actual (variance)
//! needs the actuals read and tracked first. `mvplan export` and the
//! server's downloads call this.

use std::path::{Path, PathBuf};

use super::{Event, Failure, FindingsKind, Reporter};
use crate::figures::Figures;
use crate::plan::Plan;
use crate::policy::Policy;

/// What the variance workbook is made from.
pub struct VarianceJob<'a> {
    pub plan: &'a Plan,
    pub plan_path: &'a Path,
    pub figures: &'a Figures,
    /// Actuals named (else the plan's own).
    pub actuals: &'a [PathBuf],
    pub policy: Option<&'a Policy>,
    /// Default: the newest actuals.
    pub as_of: Option<chrono::NaiveDate>,
    /// Export even with actuals rows that cannot be used.
    pub force: bool,
    pub source_date_epoch: Option<i64>,
}

/// Plan vs actual by line and month, as a workbook.
pub fn variance(job: &VarianceJob<'_>, reporter: &mut dyn Reporter) -> Result<Vec<u8>, Failure> {
    let actuals = super::load_actuals(job.plan, job.plan_path, job.actuals, job.policy)?;
    let mut errors = 0;
    for file in &actuals.files {
        if !file.findings.is_empty() {
            reporter.event(Event::Findings {
                kind: FindingsKind::Actuals,
                source: file.source.as_ref(),
                name: &file.name(),
                findings: &file.findings,
            });
            errors += crate::diagnostic::Tally::of(&file.findings).errors;
        }
    }
    if errors > 0 && !job.force {
        return Err(Failure::unusable(
            format!("not exporting the variance: {errors} actuals row(s) cannot be used"),
            Some("fix the rows, or pass --force to export the others"),
        ));
    }
    let as_of = job.as_of.unwrap_or_else(|| actuals.status_date(job.plan));
    let (tracking, _) =
        crate::check::tracking(job.plan, &actuals, as_of, job.figures, job.policy, None);
    crate::export::variance_workbook(job.plan, &tracking, &actuals, job.source_date_epoch)
        .map_err(|e| Failure::unusable(e.to_string(), None))
}
