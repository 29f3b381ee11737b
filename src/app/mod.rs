//! The application layer: plan → checked plan → deck → file, as one API
//! that the command line, `render --watch` and `mvplan serve` all call.
//!
//! It decides (which policy applies, what a render reads, when a plan with
//! errors stops a deck) and never prints: what it finds on the way goes to
//! a [`Reporter`] as [`Event`]s in the order met, and what stops it is a
//! [`Failure`] value. The CLI words both on the terminal; the server sends
//! them to the page.

pub mod deck;
pub mod export;
pub mod policies;
pub mod review;
pub mod watch;

use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::report::FileReport;
use crate::source::SourceFile;

pub use deck::{DeckJob, RenderedDeck};
pub use policies::{Policies, PolicyChoice};

/// What a run met on its way, for whoever shows it.
pub enum Event<'a> {
    /// A plan was checked; its findings (maybe none) and tally.
    Checked(&'a FileReport),
    /// Findings about one file that are not a plan's check.
    Findings {
        kind: FindingsKind,
        source: Option<&'a SourceFile>,
        name: &'a str,
        findings: &'a [Finding],
    },
    /// The policy that applies (said with `--verbose`).
    PolicyUsed(&'a Path),
    /// A policy found beside a plan and not trusted.
    PolicyPassedOver { path: &'a Path, why: &'a str },
}

/// Where [`Event::Findings`] come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingsKind {
    /// A policy that did not load.
    Policy,
    /// A plan that did not load (one compared with, e.g. `--since`).
    Unloaded,
    /// The rows of an actuals file.
    Actuals,
    /// Plan vs actual, said at the plan's lines.
    Tracking,
}

/// Receives what a run met. The CLI prints; the server collects.
pub trait Reporter {
    fn event(&mut self, event: Event<'_>);

    /// Called before user templates (code from a folder the user named)
    /// render; the value returned is dropped when they are done. The CLI
    /// arms a watchdog that stops a template that never ends.
    fn templates_start(&mut self, _dir: &Path) -> Option<Box<dyn std::any::Any>> {
        None
    }
}

/// A reporter that keeps nothing (for callers that only want the result).
pub struct Ignore;

impl Reporter for Ignore {
    fn event(&mut self, _event: Event<'_>) {}
}

/// Why a run stopped: as an exit status says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Findings at error level stopped it (exit 1).
    Findings,
    /// Unusable input, or a file that could not be written (exit 2).
    Unusable,
}

/// What stopped a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub stop: Stop,
    /// What went wrong; `None` when it has been said already (a policy
    /// that failed for an earlier plan of the same batch).
    pub message: Option<String>,
    pub help: Option<String>,
}

impl Failure {
    pub fn unusable(message: impl Into<String>, help: Option<&str>) -> Failure {
        Failure {
            stop: Stop::Unusable,
            message: Some(message.into()),
            help: help.map(str::to_string),
        }
    }

    pub fn findings(message: impl Into<String>, help: Option<&str>) -> Failure {
        Failure {
            stop: Stop::Findings,
            message: Some(message.into()),
            help: help.map(str::to_string),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.message {
            Some(m) => f.write_str(m),
            None => f.write_str("stopped by an earlier error"),
        }
    }
}

/// A plan loaded for comparison (`diff`, `render --since`): its findings
/// are reported only if it can't be loaded.
pub struct LoadedPlan {
    pub plan: crate::plan::Plan,
    pub figures: crate::figures::Figures,
    pub text: String,
}

/// Loads a plan to compare with.
pub fn load_plan(path: &Path, reporter: &mut dyn Reporter) -> Result<LoadedPlan, Failure> {
    let (report, plan) = crate::check_path(path, &crate::check::Settings::default());
    match (plan, report) {
        (
            Some(plan),
            FileReport {
                kind: crate::source::FileKind::Plan,
                figures: Some(figures),
                source: Some(source),
                ..
            },
        ) => Ok(LoadedPlan {
            plan,
            figures,
            text: source.text,
        }),
        (_, report) => {
            reporter.event(Event::Findings {
                kind: FindingsKind::Unloaded,
                source: report.source.as_ref(),
                name: &report.path,
                findings: &report.findings,
            });
            Err(Failure::unusable(
                format!("`{}` could not be loaded", path.display()),
                None,
            ))
        }
    }
}

/// The actuals of a plan (named files, else the plan's `actuals`); none at
/// all is an error here, since every caller needs them.
pub fn load_actuals(
    plan: &crate::plan::Plan,
    plan_path: &Path,
    named: &[PathBuf],
    policy: Option<&crate::policy::Policy>,
) -> Result<crate::actuals::Actuals, Failure> {
    match crate::actuals::load_for(plan, plan_path, named, policy) {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(Failure::unusable(
            format!("no actuals for `{}`", plan_path.display()),
            Some(
                "name the CSV or XLSX files (`mvplan docs tracking`), or list them in the plan: `actuals = [\"actuals.csv\"]` under [plan]",
            ),
        )),
        Err(e) => Err(Failure::unusable(
            e,
            Some("name the CSV or XLSX files the actuals were exported to"),
        )),
    }
}

/// The directory of a plan or deck (`.` for a bare file name).
pub fn input_dir(input: &Path) -> PathBuf {
    match input.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The plan's actuals loaded, their findings reported, and the plan tracked
/// at `as_of` (default: the newest actuals). Rows that cannot be used stop
/// the job with `refuse(rows)` unless `force`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tracked(
    plan: &crate::plan::Plan,
    plan_path: &Path,
    named: &[PathBuf],
    figures: &crate::figures::Figures,
    policy: Option<&crate::policy::Policy>,
    as_of: Option<chrono::NaiveDate>,
    force: bool,
    refuse: impl FnOnce(usize) -> Failure,
    reporter: &mut dyn Reporter,
) -> Result<
    (
        crate::actuals::Actuals,
        crate::track::Tracking,
        Vec<Finding>,
    ),
    Failure,
> {
    let actuals = load_actuals(plan, plan_path, named, policy)?;
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
    if errors > 0 && !force {
        return Err(refuse(errors));
    }
    let as_of = as_of.unwrap_or_else(|| actuals.status_date(plan));
    let (tracking, findings) = crate::check::tracking(plan, &actuals, as_of, figures, policy, None);
    Ok((actuals, tracking, findings))
}
