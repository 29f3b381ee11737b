//! Spreadsheets for finance from a loaded plan: plan vs actual (variance)
//! needs the actuals read and tracked first. `mvplan export` and the
//! server's downloads call this.

use std::path::{Path, PathBuf};

use super::{Failure, Reporter};
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
    let refuse = |errors| {
        Failure::unusable(
            format!("not exporting the variance: {errors} actuals row(s) cannot be used"),
            Some("fix the rows, or pass --force to export the others"),
        )
    };
    let (actuals, tracking, _) = super::tracked(
        job.plan,
        job.plan_path,
        job.actuals,
        job.figures,
        job.policy,
        job.as_of,
        job.force,
        refuse,
        reporter,
    )?;
    crate::export::variance_workbook(job.plan, &tracking, &actuals, job.source_date_epoch)
        .map_err(|e| Failure::unusable(e.to_string(), None))
}
