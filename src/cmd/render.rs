//! `mvplan render PLAN|DECK.md [--deck pitch|mvp] [--format md|pdf|html] [-o FILE|-]`

use std::path::{Path, PathBuf};

use mvplan::app::{self, DeckJob};
use mvplan::output::{self, Target};
use mvplan::render::{Format, RenderOptions, ThemeChoice};
use mvplan::theme::ThemeRef;

use super::{MessageFormat, exit, fail};
use crate::cli::{DeckFormat, RenderArgs};

/// A render from the command line: the library's job, and where the deck
/// and the messages go.
pub struct Job {
    pub deck: DeckJob,
    pub target: Target,
    pub messages: MessageFormat,
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
            deck: DeckJob {
                input: args.plan.clone(),
                text: None,
                from_deck,
                deck: args.deck.clone(),
                format,
                force: args.force,
                strict: args.strict,
                themes: ThemeChoice {
                    user: args
                        .theme
                        .as_deref()
                        .map(|t| ThemeRef::parse(t, Path::new("."))),
                    policy: None,
                },
                opts: RenderOptions {
                    notes: args.notes,
                    base_dir: Some(app::input_dir(&args.plan)),
                    source_date_epoch,
                    allow_outside_images: false,
                    pptx_template: args.pptx_template.clone(),
                    policy_pptx_template: None,
                },
                templates: args.templates.clone(),
                since: args.since.clone(),
                policy: app::PolicyChoice::from_flags(args.policy.as_deref(), args.no_policy),
                actuals: args.actuals.clone(),
                as_of,
            },
            target,
            messages: args.message_format,
        })
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
    let mut terminal = super::Terminal { color };
    let rendered = match app::deck::render(&job.deck, &mut app::Policies::default(), &mut terminal)
    {
        Ok(r) => r,
        Err(failure) => return super::failed(&failure),
    };
    let name = job.deck.input.display().to_string();
    // Problems of a hand-written deck point at its lines.
    super::report_problems(
        &name,
        rendered.deck_source.as_ref(),
        &rendered.problems,
        job.messages,
        job.target == Target::Stdout,
        color,
    );
    super::note!("rendered `{name}` in {} ms", started.elapsed().as_millis());
    match output::write_output(&job.target, &rendered.bytes, job.deck.force) {
        Ok(()) => {
            if let Target::File(path) = &job.target {
                super::status!("wrote {} ({} bytes)", path.display(), rendered.bytes.len());
            }
            exit::OK
        }
        Err(e) => fail(&e.to_string(), e.help()),
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
