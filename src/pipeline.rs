//! Stages 1 to 3 for one file, as one call: read, parse, compute and check
//! a plan (under a policy, against its parent plan), or check a policy or
//! theme given where plans are expected. The application layer (the `app` module)
//! and the portfolio review call these; the crate root re-exports them.

use std::path::Path;

use crate::check::{self, Settings};
use crate::plan::{self, Plan};
use crate::policy::{self, Policy};
use crate::report::FileReport;
use crate::source::{self, SourceFile};

/// Loads an organisation policy: parsed in stage 1, and its rule
/// overrides checked against the rule catalogue (stage 3's), so that a
/// misspelt rule id in a policy is an error at its line.
pub fn load_policy(
    path: &Path,
) -> Result<Policy, (Option<SourceFile>, Vec<crate::diagnostic::Finding>)> {
    let source = plan::read_named(path).map_err(|f| (None, vec![*f]))?;
    policy_of(&source).map_err(|findings| (Some(source), findings))
}

/// A policy's text parsed, and its rule overrides checked.
fn policy_of(source: &SourceFile) -> Result<Policy, Vec<crate::diagnostic::Finding>> {
    let (policy, mut findings) = policy::parse_partial(source);
    if let Some(p) = &policy {
        findings.extend(check::policy_overrides(p));
    }
    match policy {
        Some(p) if findings.is_empty() => Ok(p),
        _ => {
            check::sort(&mut findings);
            Err(findings)
        }
    }
}

/// Loads, computes and checks one plan source: stages 1 to 3.
/// The plan is returned when it loaded, whatever the findings.
pub fn check_source(source: SourceFile, settings: &Settings) -> (FileReport, Option<Plan>) {
    check_source_with(source, settings, None)
}

/// [`check_source`] under an organisation policy. A plan that names a parent
/// plan is checked against the parent's objectives too.
pub fn check_source_with(
    source: SourceFile,
    settings: &Settings,
    policy: Option<&Policy>,
) -> (FileReport, Option<Plan>) {
    let path = source.name();
    match plan::parse(&source) {
        Ok(plan) => {
            let limits = crate::figures::media::Limits {
                max_share: policy.and_then(|p| p.max_channel_share.as_ref().map(|m| m.value)),
                step: policy.and_then(|p| p.reallocation_step),
            };
            let figures = crate::figures::compute_with(&plan, limits);
            let parent = plan
                .meta
                .parent
                .as_ref()
                .map(|p| load_parent(&source.dir().join(&p.value)));
            // What the plan's pitch deck would state, slide by slide: two
            // slides that disagree are a finding of the check itself.
            let stated = crate::deck::reconcile::figures(&plan, &figures, &source);
            let context = check::Context {
                policy,
                parent: parent.as_ref(),
                source: Some(&source.text),
                stated: Some(&stated),
            };
            let findings = source.relocate(check::run(&plan, &figures, settings, context));
            let report = FileReport {
                kind: crate::source::FileKind::Plan,
                source: Some(source),
                path,
                findings,
                figures: Some(figures),
            };
            (report, Some(plan))
        }
        Err(mut findings) => {
            check::sort(&mut findings);
            let findings = source.relocate(findings);
            let report = FileReport {
                kind: crate::source::FileKind::Plan,
                source: Some(source),
                path,
                findings,
                figures: None,
            };
            (report, None)
        }
    }
}

/// The parent plan's objective ids (the parent is loaded, not checked).
fn load_parent(path: &Path) -> check::ParentPlan {
    // A workbook plan may name a parent kept as a workbook too.
    let loaded = read_named_plan(path)
        .map_err(|f| f.message)
        .and_then(|source| {
            plan::parse(&source).map_err(|f| {
                format!(
                    "it has {} loading error(s); run `mvplan check` on it",
                    f.len()
                )
            })
        });
    match loaded {
        Ok(parent) => check::ParentPlan {
            objectives: parent
                .objectives
                .iter()
                .map(|o| o.id.value.clone())
                .collect(),
            detail: parent.objectives,
            error: None,
        },
        Err(error) => check::ParentPlan {
            objectives: Vec::new(),
            detail: Vec::new(),
            error: Some(error),
        },
    }
}

/// Reads and checks a plan file.
pub fn check_path(path: &Path, settings: &Settings) -> (FileReport, Option<Plan>) {
    check_path_with(path, settings, None)
}

/// Reads a plan file: a TOML plan, or a plan workbook as the TOML plan it
/// holds, each part tied to its cell ([`crate::workbook`]).
pub fn read_plan(path: &Path) -> Result<SourceFile, Box<crate::diagnostic::Finding>> {
    read_plan_with(path, false)
}

/// [`read_plan`] for a plan another file named (a parent plan): only a
/// regular file, and without blocking on a FIFO.
fn read_named_plan(path: &Path) -> Result<SourceFile, Box<crate::diagnostic::Finding>> {
    read_plan_with(path, true)
}

fn read_plan_with(
    path: &Path,
    regular_only: bool,
) -> Result<SourceFile, Box<crate::diagnostic::Finding>> {
    if !crate::workbook::is_workbook_file(path) {
        return if regular_only {
            plan::read_named(path)
        } else {
            plan::read(path)
        };
    }
    let unreadable = |why: String| {
        Box::new(
            crate::diagnostic::Finding::new(
                &plan::rules::READ_FILE,
                format!("cannot read `{}`: {why}", path.display()),
            )
            .help("`mvplan export --what plan-workbook` writes a plan workbook to fill in"),
        )
    };
    let bytes = if regular_only {
        source::read_regular(path, plan::MAX_FILE_BYTES)
    } else {
        source::read_limited(path, plan::MAX_FILE_BYTES)
    }
    .map_err(|e| unreadable(e.to_string()))?;
    crate::workbook::source(path, &bytes).map_err(unreadable)
}

/// Reads and checks a plan file under a policy.
pub fn check_path_with(
    path: &Path,
    settings: &Settings,
    policy: Option<&Policy>,
) -> (FileReport, Option<Plan>) {
    match read_plan(path) {
        Ok(source) => check_source_with(source, settings, policy),
        Err(finding) => (
            FileReport {
                kind: crate::source::FileKind::Plan,
                source: None,
                path: path.display().to_string(),
                findings: vec![*finding],
                figures: None,
            },
            None,
        ),
    }
}

/// Checks a file given to `check` as what it is: a plan (under `policy`),
/// or a policy or a theme (which a folder of plans often holds beside them:
/// `mvplan check plans/*.toml` must not report the policy as a broken plan).
pub fn check_any_path(path: &Path, settings: &Settings, policy: Option<&Policy>) -> FileReport {
    match read_any(path) {
        Ok((kind, source)) => check_read(kind, source, settings, policy),
        Err(report) => *report,
    }
}

/// A file given to `check`, read once (a pipe can be read only once), and
/// what it is, told from the text read: a plan (a workbook's text is the
/// plan it holds), a policy or a theme. `Err`: the report of why it can't
/// be read, as a plan's (the plan reader says why).
pub fn read_any(path: &Path) -> Result<(source::FileKind, SourceFile), Box<FileReport>> {
    match read_plan(path) {
        Ok(source) => {
            let kind = match source.cells {
                Some(_) => source::FileKind::Plan,
                None => source::FileKind::of(&source.text),
            };
            Ok((kind, source))
        }
        Err(finding) => Err(Box::new(FileReport {
            kind: source::FileKind::Plan,
            source: None,
            path: path.display().to_string(),
            findings: vec![*finding],
            figures: None,
        })),
    }
}

/// Checks a file [`read_any`] read, as what it is (a plan under `policy`).
pub fn check_read(
    kind: source::FileKind,
    source: SourceFile,
    settings: &Settings,
    policy: Option<&Policy>,
) -> FileReport {
    use source::FileKind;
    let report = |source: SourceFile, findings| FileReport {
        path: source.path.display().to_string(),
        source: Some(source),
        findings,
        figures: None,
        kind,
    };
    match kind {
        FileKind::Plan => check_source_with(source, settings, policy).0,
        FileKind::Policy => {
            let findings = policy_of(&source).err().unwrap_or_default();
            report(source, findings)
        }
        FileKind::Theme => {
            let theme = crate::theme::ThemeRef::File(source.path.clone());
            let findings = match crate::theme::Theme::open(&theme, None) {
                Ok(_) => Vec::new(),
                Err(e) => vec![crate::diagnostic::Finding::new(&plan::rules::INVALID_VALUE, e.to_string())
                    .help("the theme format: `mvplan docs pdf` (Themes), or `mvplan render --theme default`")],
            };
            report(source, findings)
        }
    }
}
