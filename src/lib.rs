//! mvplan: a marketing plan as one TOML file → checked like code → a
//! strategy pitch deck (Markdown, PDF, HTML, editable PowerPoint), and the
//! year that follows: portfolio review, media investment, plan vs actual,
//! resources, the martech stack and exports for finance.
//!
//! The modules below are grouped by stage, in the order data flows; each
//! depends only on those above it (`tests/it/architecture.rs` holds that,
//! and no import cycle between files inside a folder either).

// Foundations, shared by every stage: currency codes and symbols; rules,
// severities and findings (the one vocabulary of problems); a panic boundary
// around third-party parsers; numbers and money as people read them; outputs
// written atomically; which files an input may make mvplan read; a file's
// text and byte offset → line:column.
pub mod currency;
pub mod diagnostic;
pub mod foreign;
pub mod format;
pub mod output;
pub mod sandbox;
pub mod source;

// 1. Plan: the TOML file → the typed model, every value with its span; the
// look of every output (a theme); then the organisation's policy (which may
// name a theme).
pub mod plan;
pub mod theme;

pub mod policy;

// 2. Figures, computed once from the plan: response curves imported from
// marketing-mix models; totals, shares, phasing, forecasts, media, capacity
// and the score; the media-investment decision (`mvplan optimize`).
pub mod curves;
pub mod figures;
pub mod invest;

// Plan vs actual: CSV and XLSX actuals → typed rows; spend and results
// against the plan at a date (`mvplan track`).
pub mod actuals;
pub mod track;

// 3. Check: the rules, run over plan and figures → findings with rule ids.
pub mod check;

// 4. Report: findings → rustc-style text or JSON.
pub mod report;

// For editors and reviewers: the formats' JSON Schemas (with the rule ids a
// policy may name); two versions of a plan compared (`mvplan diff`, the
// deck's What changed).
pub mod schema;

pub mod diff;

// 5. Deck: plan + figures + findings → view model → Tera → the Markdown deck.
pub mod deck;

// 6. Render: the Markdown deck and a theme → PDF, HTML or PPTX.
pub mod render;

// Across plans, and for other people's tools: spreadsheets for finance
// (budget, actuals template, variance); many plans checked and rolled up
// (`mvplan review`); every rule in one list (`mvplan explain`, docs/rules.md).
pub mod export;
pub mod portfolio;

pub mod catalogue;

use std::path::Path;

use check::Settings;
use plan::Plan;
use policy::Policy;
use report::FileReport;
use source::SourceFile;

/// Loads an organisation policy: parsed in stage 1, and its rule
/// overrides checked against the rule catalogue (stage 3's), so that a
/// misspelt rule id in a policy is an error at its line.
pub fn load_policy(path: &Path) -> Result<Policy, (Option<SourceFile>, Vec<diagnostic::Finding>)> {
    let source = plan::read_named(path).map_err(|f| (None, vec![*f]))?;
    let (policy, mut findings) = policy::parse_partial(&source);
    if let Some(p) = &policy {
        findings.extend(check::policy_overrides(p));
    }
    match policy {
        Some(p) if findings.is_empty() => Ok(p),
        _ => {
            check::sort(&mut findings);
            Err((Some(source), findings))
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
            let limits = figures::media::Limits {
                max_share: policy.and_then(|p| p.max_channel_share.as_ref().map(|m| m.value)),
                step: policy.and_then(|p| p.reallocation_step),
            };
            let figures = figures::compute_with(&plan, limits);
            let parent = plan
                .meta
                .parent
                .as_ref()
                .map(|p| load_parent(&source.dir().join(&p.value)));
            let context = check::Context {
                policy,
                parent: parent.as_ref(),
                source: Some(&source.text),
            };
            let findings = check::run(&plan, &figures, settings, context);
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
    let loaded = plan::read_named(path)
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

/// Reads and checks a plan file under a policy.
pub fn check_path_with(
    path: &Path,
    settings: &Settings,
    policy: Option<&Policy>,
) -> (FileReport, Option<Plan>) {
    match plan::read(path) {
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
    use source::FileKind;
    let kind = FileKind::of_path(path);
    let unread = |finding: diagnostic::Finding| FileReport {
        source: None,
        path: path.display().to_string(),
        findings: vec![finding],
        figures: None,
        kind,
    };
    match kind {
        FileKind::Plan => check_path_with(path, settings, policy).0,
        FileKind::Policy => match load_policy(path) {
            Ok(_) => match plan::read_named(path) {
                Ok(source) => FileReport {
                    source: Some(source),
                    path: path.display().to_string(),
                    findings: Vec::new(),
                    figures: None,
                    kind,
                },
                Err(f) => unread(*f),
            },
            Err((source, findings)) => FileReport {
                source,
                path: path.display().to_string(),
                findings,
                figures: None,
                kind,
            },
        },
        FileKind::Theme => match plan::read_named(path) {
            Ok(source) => {
                let findings = match theme::Theme::open(&theme::ThemeRef::File(path.to_path_buf()), None) {
                    Ok(_) => Vec::new(),
                    Err(e) => vec![diagnostic::Finding::new(&plan::rules::INVALID_VALUE, e.to_string())
                        .help("the theme format: `mvplan docs pdf` (Themes), or `mvplan render --theme default`")],
                };
                FileReport {
                    source: Some(source),
                    path: path.display().to_string(),
                    findings,
                    figures: None,
                    kind,
                }
            }
            Err(f) => unread(*f),
        },
    }
}
