//! A deck made from a plan (or a hand-written Markdown deck), in any format:
//! the policy found, the plan checked, `--since`'s changes, the status
//! deck's tracking, the templates, then the renderer.

use std::path::{Path, PathBuf};

use super::{Event, Failure, FindingsKind, Policies, PolicyChoice, Reporter};
use crate::check::Settings;
use crate::deck::{self, TemplateSet};
use crate::diagnostic::{Finding, Severity};
use crate::render::{self, Format, RenderOptions, ThemeChoice};
use crate::report::FileReport;
use crate::source::SourceFile;
use crate::theme::ThemeRef;

/// Hand-written decks larger than this are refused.
const MAX_DECK_BYTES: u64 = 8 * 1024 * 1024;

/// A render, with everything it needs resolved once (ripgrep's `HiArgs`).
#[derive(Clone)]
pub struct DeckJob {
    pub input: PathBuf,
    /// The plan's text when it is not (yet) the file's: the server renders
    /// what is in the editor.
    pub text: Option<String>,
    /// The input is a Markdown deck, not a plan.
    pub from_deck: bool,
    pub deck: String,
    pub format: Format,
    /// Render a plan with errors, and a status deck with bad actuals rows.
    pub force: bool,
    /// Refuse to render a plan with warnings too, as `check --strict`
    /// fails on them: a business unit's CI keeps a deck whose own figures
    /// disagree ("figures to settle") from reaching a board.
    pub strict: bool,
    pub themes: ThemeChoice,
    pub opts: RenderOptions,
    pub templates: Option<PathBuf>,
    pub since: Option<PathBuf>,
    pub policy: PolicyChoice,
    /// Actuals named on the command line (the status deck).
    pub actuals: Vec<PathBuf>,
    pub as_of: Option<chrono::NaiveDate>,
}

impl DeckJob {
    /// A job with the defaults of `mvplan render PLAN --deck DECK --format F`.
    pub fn new(input: &Path, deck: &str, format: Format) -> DeckJob {
        DeckJob {
            input: input.to_path_buf(),
            text: None,
            from_deck: input.extension().is_some_and(|e| e == "md"),
            deck: deck.to_string(),
            format,
            force: false,
            strict: false,
            themes: ThemeChoice::default(),
            opts: RenderOptions {
                base_dir: Some(super::input_dir(input)),
                ..RenderOptions::default()
            },
            templates: None,
            since: None,
            policy: PolicyChoice::Discover,
            actuals: Vec::new(),
            as_of: None,
        }
    }

    /// The files the render reads: the input, the theme file, the policy
    /// and the actuals named.
    pub fn inputs(&self, reporter: &mut dyn Reporter) -> Vec<PathBuf> {
        let mut files = vec![self.input.clone()];
        if let Some(ThemeRef::File(p)) = &self.themes.user {
            files.push(p.clone());
        }
        if let Some(p) = self.policy.path_for(&self.input, reporter) {
            files.push(p);
        }
        files.extend(self.actuals.iter().cloned());
        files
    }
}

/// A deck made.
pub struct RenderedDeck {
    pub bytes: Vec<u8>,
    /// What the renderer found (missing images, overflowing slides…).
    pub problems: Vec<Finding>,
    /// A hand-written deck's text, which the problems point into.
    pub deck_source: Option<SourceFile>,
    /// The plan's check (a plan input only).
    pub report: Option<FileReport>,
}

/// One render of `job`.
pub fn render(
    job: &DeckJob,
    policies: &mut Policies,
    reporter: &mut dyn Reporter,
) -> Result<RenderedDeck, Failure> {
    let mut themes = job.themes.clone();
    let mut opts = job.opts.clone();
    let (markdown, report) = if job.from_deck {
        let md = match &job.text {
            Some(t) => t.clone(),
            None => read_deck(&job.input).map_err(|m| Failure::unusable(m, None))?,
        };
        (md, None)
    } else {
        let made = markdown(job, policies, reporter)?;
        themes.policy = made.policy_theme;
        opts.policy_pptx_template = made.policy_pptx_template;
        (made.markdown, Some(made.report))
    };
    let rendered = render::render(&markdown, job.format, &themes, &opts)
        .map_err(|e| Failure::unusable(e.to_string(), None))?;
    let deck_source = job.from_deck.then(|| SourceFile::new(&job.input, markdown));
    Ok(RenderedDeck {
        bytes: rendered.bytes,
        problems: rendered.problems,
        deck_source,
        report,
    })
}

fn read_deck(path: &Path) -> Result<String, String> {
    let bytes = crate::source::read_limited(path, MAX_DECK_BYTES)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))
}

/// A plan's Markdown deck, with what its policy sets for rendering.
pub struct DeckMarkdown {
    pub markdown: String,
    pub report: FileReport,
    pub policy_theme: Option<(ThemeRef, PathBuf)>,
    pub policy_pptx_template: Option<PathBuf>,
}

/// Checks the plan, then makes its Markdown deck.
pub fn markdown(
    job: &DeckJob,
    policies: &mut Policies,
    reporter: &mut dyn Reporter,
) -> Result<DeckMarkdown, Failure> {
    let policy = policies.load(&job.policy, &job.input, reporter)?;
    let (report, plan) = match &job.text {
        Some(text) => crate::check_source_with(
            SourceFile::new(&job.input, text.clone()),
            &Settings::default(),
            policy.as_deref(),
        ),
        None => crate::check_path_with(&job.input, &Settings::default(), policy.as_deref()),
    };
    reporter.event(Event::Checked(&report));
    let (Some(plan), Some(source), Some(figures)) = (plan, &report.source, &report.figures) else {
        return Err(Failure {
            stop: super::Stop::Unusable,
            message: None,
            help: None,
        });
    };
    let tally = report.tally();
    if job.strict && tally.errors + tally.warnings > 0 {
        return Err(Failure::findings(
            format!(
                "not rendering `{}` under --strict: the plan has {} error(s) and {} warning(s)",
                report.path, tally.errors, tally.warnings
            ),
            Some(
                "`mvplan check` lists them and `mvplan explain <rule>` says how to fix each; or render without --strict",
            ),
        ));
    }
    if tally.errors > 0 && !job.force {
        return Err(Failure::findings(
            format!("not rendering `{}`: the plan has errors", report.path),
            Some("fix them (`mvplan explain <rule>` says how), or pass --force to render anyway"),
        ));
    }
    let set = TemplateSet::load_deck(job.templates.as_deref(), &job.deck)
        .map_err(|e| Failure::unusable(e.to_string(), None))?;
    // The health slide shows what a reviewer should see: warnings and notes,
    // and errors too when rendering was forced.
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| job.force || f.severity != Severity::Error)
        .cloned()
        .collect();
    let changes = match &job.since {
        Some(old) => {
            let old = super::load_plan(old, reporter)?;
            Some(crate::diff::diff(
                crate::diff::Version {
                    plan: &old.plan,
                    figures: &old.figures,
                    text: &old.text,
                },
                crate::diff::Version {
                    plan: &plan,
                    figures,
                    text: &source.text,
                },
            ))
        }
        None => None,
    };
    let policy_theme = policy.as_ref().and_then(|p| p.theme_ref());
    let policy_pptx_template = match policy.as_ref().and_then(|p| p.pptx_template_path()) {
        Some(Ok(p)) => Some(p),
        Some(Err(refusal)) => {
            return Err(Failure::unusable(
                format!("the policy's pptx_template cannot be used: {refusal}"),
                Some("name a .pptx or .potx file beside the policy"),
            ));
        }
        None => None,
    };
    let tracked = if job.deck == "status" || !job.actuals.is_empty() {
        Some(track(
            job,
            &plan,
            figures,
            source,
            policy.as_deref(),
            reporter,
        )?)
    } else {
        None
    };
    let guard = job
        .templates
        .as_deref()
        .and_then(|dir| reporter.templates_start(dir));
    let md = deck::render_since(
        &set,
        &job.deck,
        &plan,
        figures,
        &shown,
        source,
        changes.as_ref(),
        tracked.as_ref().map(|(t, f)| (t, f.as_slice())),
    )
    .map_err(|e| {
        let help = match &e {
            deck::DeckError::UnknownDeck { available, .. } => {
                Some(format!("the decks are: {}", available.join(", ")))
            }
            _ => None,
        };
        Failure::unusable(e.to_string(), help.as_deref())
    });
    drop(guard);
    Ok(DeckMarkdown {
        markdown: md?,
        report,
        policy_theme,
        policy_pptx_template,
    })
}

/// Plan vs actual for the status deck: the actuals read (bad rows stop the
/// render unless forced: a status report on half the numbers misleads),
/// the tracking figures at the as-of date (default: the newest actuals, so
/// the deck does not change with the day it is made) and their findings.
fn track(
    job: &DeckJob,
    plan: &crate::plan::Plan,
    figures: &crate::figures::Figures,
    source: &SourceFile,
    policy: Option<&crate::policy::Policy>,
    reporter: &mut dyn Reporter,
) -> Result<(crate::track::Tracking, Vec<Finding>), Failure> {
    let refuse = |errors| {
        Failure::findings(
            format!("not rendering the status deck: {errors} actuals row(s) cannot be used"),
            Some("fix the rows, or pass --force to report on the others"),
        )
    };
    let (_, tracking, findings) = super::tracked(
        plan,
        &job.input,
        &job.actuals,
        figures,
        policy,
        job.as_of,
        job.force,
        refuse,
        reporter,
    )?;
    // What the deck's flags slide shows, said where it is in the plan too.
    if !findings.is_empty() {
        reporter.event(Event::Findings {
            kind: FindingsKind::Tracking,
            source: Some(source),
            name: &source.name(),
            findings: &findings,
        });
    }
    Ok((tracking, findings))
}
