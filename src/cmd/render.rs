//! `mvplan render PLAN|DECK.md [--deck pitch|mvp] [--format md|pdf|html] [-o FILE|-]`

use std::path::{Path, PathBuf};

use mvplan::check::Settings;
use mvplan::deck::{self, TemplateSet};
use mvplan::diagnostic::Severity;
use mvplan::output::{self, Target};
use mvplan::render::{self, Format, RenderOptions, ThemeChoice};
use mvplan::report::human;
use mvplan::theme::ThemeRef;

use super::{MessageFormat, exit, fail};
use crate::cli::{DeckFormat, RenderArgs};

/// Hand-written decks larger than this are refused.
const MAX_DECK_BYTES: u64 = 8 * 1024 * 1024;

/// A render, with its arguments resolved once (ripgrep's `HiArgs`): what
/// to read, what to make, where to put it.
pub struct Job {
    pub input: PathBuf,
    /// The input is a Markdown deck, not a plan.
    pub from_deck: bool,
    pub deck: String,
    pub format: Format,
    pub target: Target,
    pub force: bool,
    pub themes: ThemeChoice,
    pub opts: RenderOptions,
    pub templates: Option<PathBuf>,
    pub since: Option<PathBuf>,
    pub policy: super::PolicyChoice,
    pub messages: MessageFormat,
    /// Actuals named on the command line (the status deck).
    pub actuals: Vec<PathBuf>,
    pub as_of: Option<chrono::NaiveDate>,
}

impl Job {
    pub fn from_args(args: &RenderArgs) -> Result<Job, u8> {
        let from_deck = args.plan.extension().is_some_and(|e| e == "md");
        let format = match args.format {
            DeckFormat::Md => Format::Markdown,
            DeckFormat::Pdf => Format::Pdf,
            DeckFormat::Html => Format::Html,
            DeckFormat::Pptx => Format::Pptx,
        };
        if from_deck && format == Format::Markdown {
            return Err(fail(
                &format!("`{}` is already a Markdown deck", args.plan.display()),
                Some("use --format pdf or --format html to render it"),
            ));
        }
        let source_date_epoch = super::source_date_epoch()?;
        let as_of = args.as_of.as_deref().map(super::parse_date).transpose()?;
        let target = match &args.output {
            Some(p) => Target::from_path(p.clone()),
            None => Target::File(default_output(&args.plan, &args.deck, format, from_deck)?),
        };
        Ok(Job {
            input: args.plan.clone(),
            from_deck,
            deck: args.deck.clone(),
            format,
            target,
            force: args.force,
            themes: ThemeChoice {
                user: args
                    .theme
                    .as_deref()
                    .map(|t| ThemeRef::parse(t, Path::new("."))),
                policy: None,
            },
            opts: RenderOptions {
                notes: args.notes,
                base_dir: Some(input_dir(&args.plan)),
                source_date_epoch,
                allow_outside_images: false,
                pptx_template: args.pptx_template.clone(),
                policy_pptx_template: None,
            },
            templates: args.templates.clone(),
            since: args.since.clone(),
            policy: super::PolicyChoice::from_flags(args.policy.as_deref(), args.no_policy),
            messages: args.message_format,
            actuals: args.actuals.clone(),
            as_of,
        })
    }

    /// The files the render reads (for `--watch`): the input, the theme
    /// file, the policy and the templates.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut files = vec![self.input.clone()];
        if let Some(ThemeRef::File(p)) = &self.themes.user {
            files.push(p.clone());
        }
        if let Some(p) = self.policy.path_for(&self.input) {
            files.push(p);
        }
        files.extend(self.actuals.iter().cloned());
        files
    }
}

pub fn run(args: &RenderArgs, color: bool) -> u8 {
    // Diagnostics go to stderr: stdout may be the deck itself.
    let color = color && std::io::IsTerminal::is_terminal(&std::io::stderr());
    match Job::from_args(args) {
        Ok(job) => render_once(&job, color),
        Err(code) => code,
    }
}

/// One render; the exit code says how it went.
pub fn render_once(job: &Job, color: bool) -> u8 {
    let started = std::time::Instant::now();
    let mut themes = job.themes.clone();
    let mut opts = job.opts.clone();
    let markdown = if job.from_deck {
        match read_deck(&job.input) {
            Ok(md) => md,
            Err(message) => return fail(&message, None),
        }
    } else {
        match plan_to_markdown(job, color) {
            Ok((md, (policy_theme, policy_template))) => {
                themes.policy = policy_theme;
                opts.policy_pptx_template = policy_template;
                md
            }
            Err(code) => return code,
        }
    };
    let rendered = match render::render(&markdown, job.format, &themes, &opts) {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string(), None),
    };
    let name = job.input.display().to_string();
    // Problems of a hand-written deck point at its lines.
    let source = job
        .from_deck
        .then(|| mvplan::source::SourceFile::new(&job.input, markdown.clone()));
    super::report_problems(
        &name,
        source.as_ref(),
        &rendered.problems,
        job.messages,
        job.target == Target::Stdout,
        color,
    );
    super::note!("rendered `{name}` in {} ms", started.elapsed().as_millis());
    match output::write_output(&job.target, &rendered.bytes, job.force) {
        Ok(()) => {
            if let Target::File(path) = &job.target {
                super::status!("wrote {} ({} bytes)", path.display(), rendered.bytes.len());
            }
            exit::OK
        }
        Err(e) => fail(&e.to_string(), e.help()),
    }
}

fn read_deck(path: &Path) -> Result<String, String> {
    let bytes = mvplan::source::read_limited(path, MAX_DECK_BYTES)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))
}

/// Check the plan, then render the Markdown deck; also the theme its policy
/// names, if any. `Err` is the exit code.
/// What a policy sets for rendering: its theme and its PowerPoint template.
type PolicyDeck = (Option<(ThemeRef, PathBuf)>, Option<PathBuf>);

fn plan_to_markdown(job: &Job, color: bool) -> Result<(String, PolicyDeck), u8> {
    let policy = super::Policies::default().load(&job.policy, &job.input, color)?;
    let (report, plan) =
        mvplan::check_path_with(&job.input, &Settings::default(), policy.as_deref());
    if !report.findings.is_empty() {
        eprint!(
            "{}",
            human::findings(
                report.source.as_ref(),
                &report.path,
                &report.findings,
                color
            )
        );
        eprintln!("{}", human::tally_line(&report.path, report.tally()));
    }
    let (Some(plan), Some(source), Some(figures)) = (plan, &report.source, &report.figures) else {
        return Err(exit::UNUSABLE);
    };
    if report.tally().errors > 0 && !job.force {
        eprintln!(
            "error: not rendering `{}`: the plan has errors",
            report.path
        );
        eprintln!(
            "  = help: fix them (`mvplan explain <rule>` says how), or pass --force to render anyway"
        );
        return Err(exit::FINDINGS);
    }
    let set = TemplateSet::load_deck(job.templates.as_deref(), &job.deck)
        .map_err(|e| fail(&e.to_string(), None))?;
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
            let (old_plan, old_fig, old_text) = super::load_plan_and_text(old, color)?;
            Some(mvplan::diff::diff(
                mvplan::diff::Version {
                    plan: &old_plan,
                    figures: &old_fig,
                    text: &old_text,
                },
                mvplan::diff::Version {
                    plan: &plan,
                    figures,
                    text: &source.text,
                },
            ))
        }
        None => None,
    };
    let policy_theme = policy.as_ref().and_then(|p| p.theme_ref());
    let policy_template = match policy.as_ref().and_then(|p| p.pptx_template_path()) {
        Some(Ok(p)) => Some(p),
        Some(Err(refusal)) => {
            return Err(fail(
                &format!("the policy's pptx_template cannot be used: {refusal}"),
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
            color,
        )?)
    } else {
        None
    };
    let watchdog = super::Watchdog::arm(job.templates.as_deref());
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
        fail(&e.to_string(), help.as_deref())
    });
    drop(watchdog);
    Ok((md?, (policy_theme, policy_template)))
}

/// Plan vs actual for the status deck: the actuals read (bad rows stop the
/// render unless forced: a status report on half the numbers misleads),
/// the tracking figures at the as-of date (default: the newest actuals, so
/// the deck does not change with the day it is made) and their findings.
fn track(
    job: &Job,
    plan: &mvplan::plan::Plan,
    figures: &mvplan::figures::Figures,
    source: &mvplan::source::SourceFile,
    policy: Option<&mvplan::policy::Policy>,
    color: bool,
) -> Result<(mvplan::track::Tracking, Vec<mvplan::diagnostic::Finding>), u8> {
    let actuals = super::load_actuals(plan, &job.input, &job.actuals, policy)?;
    let mut errors = 0;
    for file in &actuals.files {
        if !file.findings.is_empty() {
            eprint!(
                "{}",
                human::findings(file.source.as_ref(), &file.name(), &file.findings, color)
            );
            errors += mvplan::diagnostic::Tally::of(&file.findings).errors;
        }
    }
    if errors > 0 && !job.force {
        eprintln!("error: not rendering the status deck: {errors} actuals row(s) cannot be used");
        eprintln!("  = help: fix the rows, or pass --force to report on the others");
        return Err(exit::FINDINGS);
    }
    let as_of = job.as_of.unwrap_or_else(|| actuals.status_date(plan));
    let (tracking, findings) =
        mvplan::check::tracking(plan, &actuals, as_of, figures, policy, None);
    // What the deck's flags slide shows, said where it is in the plan too.
    if !findings.is_empty() && !super::quiet() {
        eprint!(
            "{}",
            human::findings(Some(source), &source.name(), &findings, color)
        );
    }
    Ok((tracking, findings))
}

/// The directory of the plan or deck (`.` for a bare file name).
fn input_dir(input: &Path) -> PathBuf {
    match input.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `plans/acme.toml` → `plans/acme.md` (pitch) or `plans/acme.mvp.md`;
/// `.pdf`/`.html` for those formats. A file name that is not valid UTF-8 is
/// kept as it is (a lossy conversion could make two plans share a deck).
fn default_output(
    input: &Path,
    deck: &str,
    format: Format,
    from_deck: bool,
) -> Result<PathBuf, u8> {
    let Some(stem) = input.file_stem() else {
        return Err(fail(
            &format!(
                "`{}` has no file name to name the deck after",
                input.display()
            ),
            Some("name the output with -o"),
        ));
    };
    let mut name = stem.to_os_string();
    if deck != "pitch" && !from_deck {
        name.push(format!(".{deck}"));
    }
    name.push(format!(".{}", format.extension()));
    Ok(input.with_file_name(name))
}
