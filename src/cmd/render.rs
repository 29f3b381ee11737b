//! `mvplan render PLAN|DECK.md [--deck pitch|mvp] [--format md|pdf] [-o FILE|-]`

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use mvplan::check::Settings;
use mvplan::deck::{self, TemplateSet};
use mvplan::diagnostic::Severity;
use mvplan::output;
use mvplan::render::{html, markdown, pdf};
use mvplan::report::human;
use mvplan::theme::Theme;

use super::exit;
use crate::cli::{DeckFormat, RenderArgs};

/// Hand-written decks larger than this are refused.
const MAX_DECK_BYTES: u64 = 8 * 1024 * 1024;

pub fn run(args: &RenderArgs, color: bool) -> u8 {
    // Diagnostics go to stderr: stdout may be the deck itself.
    let color = color && std::io::stderr().is_terminal();
    if args.watch {
        return super::watch::run(args, color);
    }
    render_once(args, color)
}

/// One render; the exit code says how it went.
pub fn render_once(args: &RenderArgs, color: bool) -> u8 {
    let started = std::time::Instant::now();
    let deck_input = args.plan.extension().is_some_and(|e| e == "md");
    // A theme the plan or its policy names, to use unless `--theme` is given.
    let mut named_theme: Option<String> = None;
    let markdown = if deck_input {
        if args.format == DeckFormat::Md {
            eprintln!(
                "error: `{}` is already a Markdown deck",
                args.plan.display()
            );
            eprintln!("  = help: use --format pdf to render it");
            return exit::UNUSABLE;
        }
        match read_deck(&args.plan) {
            Ok(md) => md,
            Err(message) => {
                eprintln!("error: {message}");
                return exit::UNUSABLE;
            }
        }
    } else {
        match plan_to_markdown(args, color) {
            Ok((md, theme)) => {
                named_theme = theme;
                md
            }
            Err(code) => return code,
        }
    };

    let bytes = match args.format {
        DeckFormat::Md => markdown.into_bytes(),
        DeckFormat::Pdf => match to_pdf(args, &markdown, named_theme.as_deref()) {
            Ok(bytes) => bytes,
            Err(code) => return code,
        },
        DeckFormat::Html => match to_html(args, &markdown, named_theme.as_deref()) {
            Ok(bytes) => bytes,
            Err(code) => return code,
        },
    };

    super::note!(
        "rendered `{}` in {} ms",
        args.plan.display(),
        started.elapsed().as_millis()
    );
    let target = output_path(args);
    if target.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return match out.write_all(&bytes).and_then(|()| out.flush()) {
            Ok(()) => exit::OK,
            Err(_) => exit::UNUSABLE,
        };
    }
    if target.is_dir() {
        eprintln!("error: `{}` is a directory", target.display());
        eprintln!("  = help: name a file with -o, e.g. `-o deck.pdf`");
        return exit::UNUSABLE;
    }
    if !args.force && !written_by_mvplan(&target) {
        eprintln!(
            "error: `{}` exists and was not written by mvplan",
            target.display()
        );
        eprintln!("  = help: choose another file with -o, or pass --force to overwrite it");
        return exit::UNUSABLE;
    }
    match output::write_atomic(&target, &bytes, true) {
        Ok(()) => {
            super::status!("wrote {} ({} bytes)", target.display(), bytes.len());
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::UNUSABLE
        }
    }
}

fn read_deck(path: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if meta.len() > MAX_DECK_BYTES {
        return Err(format!(
            "`{}` is {} bytes; decks are limited to {MAX_DECK_BYTES}",
            path.display(),
            meta.len()
        ));
    }
    let bytes = mvplan::source::read_limited(path, MAX_DECK_BYTES)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))
}

/// Check the plan, then render the Markdown deck; also the theme its policy
/// names (a path resolved against the policy's directory). `Err` is the exit code.
fn plan_to_markdown(args: &RenderArgs, color: bool) -> Result<(String, Option<String>), u8> {
    let policy = super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        &args.plan,
        color,
    )?;
    let (report, plan) =
        mvplan::check_path_with(&args.plan, &Settings::default(), policy.as_deref());
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
    if report.tally().errors > 0 && !args.force {
        eprintln!(
            "error: not rendering `{}`: the plan has errors",
            report.path
        );
        eprintln!(
            "  = help: fix them (`mvplan explain <rule>` says how), or pass --force to render anyway"
        );
        return Err(exit::FINDINGS);
    }
    let set = TemplateSet::load(args.templates.as_deref()).map_err(|e| {
        eprintln!("error: {e}");
        exit::UNUSABLE
    })?;
    // The health slide shows what a reviewer should see: warnings and notes,
    // and errors too when rendering was forced.
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| args.force || f.severity != Severity::Error)
        .cloned()
        .collect();
    let changes = match &args.since {
        Some(old) => {
            let (old_plan, old_fig) = super::load_plan(old, color)?;
            Some(mvplan::diff::diff(&old_plan, &old_fig, &plan, figures))
        }
        None => None,
    };
    let policy_theme = policy.as_ref().and_then(|p| {
        let t = p.theme.clone()?;
        Some(if t.ends_with(".toml") {
            p.path
                .parent()
                .map_or(PathBuf::from(&t), |d| d.join(&t))
                .display()
                .to_string()
        } else {
            t
        })
    });
    let watchdog = super::Watchdog::arm(args.templates.as_deref());
    let md = deck::render_since(
        &set,
        &args.deck,
        &plan,
        figures,
        &shown,
        source,
        changes.as_ref(),
    )
    .map_err(|e| {
        eprintln!("error: {e}");
        if let deck::DeckError::UnknownDeck { available, .. } = &e {
            eprintln!("  = help: the decks are: {}", available.join(", "));
        }
        exit::UNUSABLE
    });
    drop(watchdog);
    Ok((md?, policy_theme))
}

/// Where the deck goes: `-o`, or next to the input.
pub fn output_path(args: &RenderArgs) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| default_output(&args.plan, &args.deck, args.format))
}

/// The theme: `--theme`, else the front matter's if it is a built-in theme.
/// The theme: `--theme`, else the front matter's (which carries the plan's
/// `theme`): a built-in name, or a theme file inside the input's directory.
/// Marp theme names mvplan doesn't know fall back to the default theme.
fn theme_for(
    args: &RenderArgs,
    deck: &markdown::Deck,
    policy_theme: Option<&str>,
) -> Result<Theme, u8> {
    let fail = |e: mvplan::theme::ThemeError| {
        eprintln!("error: {e}");
        exit::UNUSABLE
    };
    if let Some(spec) = &args.theme {
        return Theme::load(spec).map_err(fail);
    }
    // The deck's own theme (the plan's `theme`) comes first; the policy's
    // applies when the deck names none or only the default.
    let front = deck.front.theme.as_deref().filter(|t| *t != "default");
    if front.is_none()
        && let Some(spec) = policy_theme
    {
        return Theme::load(spec).map_err(fail);
    }
    match front {
        Some(name) if Theme::builtin(name).is_ok() => Theme::builtin(name).map_err(fail),
        Some(file) if file.ends_with(".toml") => {
            let dir = input_dir(args);
            let path = dir.join(file);
            let inside = matches!((path.canonicalize(), dir.canonicalize()), (Ok(p), Ok(d)) if p.starts_with(&d));
            if !inside {
                eprintln!("error: theme `{file}` is not a file in `{}`", dir.display());
                eprintln!(
                    "  = help: themes named by a plan or deck must be inside its directory; use --theme for others"
                );
                return Err(exit::UNUSABLE);
            }
            Theme::load(&path.display().to_string()).map_err(fail)
        }
        _ => Theme::builtin("default").map_err(fail),
    }
}

/// The directory of the plan or deck (`.` for a bare file name).
fn input_dir(args: &RenderArgs) -> PathBuf {
    match args.plan.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn to_html(args: &RenderArgs, markdown: &str, policy_theme: Option<&str>) -> Result<Vec<u8>, u8> {
    let deck = markdown::parse(markdown);
    let theme = theme_for(args, &deck, policy_theme)?;
    let opts = html::HtmlOptions {
        base_dir: Some(input_dir(args)),
        allow_outside_images: false,
    };
    let out = html::render(&deck, &theme, &opts);
    for w in &out.warnings {
        eprintln!("warning: {w}");
    }
    Ok(out.html.into_bytes())
}

fn to_pdf(args: &RenderArgs, markdown: &str, policy_theme: Option<&str>) -> Result<Vec<u8>, u8> {
    let deck = markdown::parse(markdown);
    let theme = theme_for(args, &deck, policy_theme)?;
    let opts = pdf::PdfOptions {
        notes: args.notes,
        base_dir: Some(
            args.plan
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
        allow_outside_images: false,
    };
    let out = pdf::render(&deck, &theme, &opts).map_err(|e| {
        eprintln!("error: {e}");
        exit::UNUSABLE
    })?;
    for w in &out.warnings {
        eprintln!("warning: {w}");
    }
    for n in &out.notes {
        super::note!("{n}");
    }
    Ok(out.bytes)
}

/// `plans/acme.toml` → `plans/acme.md` (pitch) or `plans/acme.mvp.md`; `.pdf` for PDF.
fn default_output(plan: &Path, deck: &str, format: DeckFormat) -> PathBuf {
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let ext = match format {
        DeckFormat::Md => "md",
        DeckFormat::Pdf => "pdf",
        DeckFormat::Html => "html",
    };
    let from_deck = plan.extension().is_some_and(|e| e == "md");
    let name = if deck == "pitch" || from_deck {
        format!("{stem}.{ext}")
    } else {
        format!("{stem}.{deck}.{ext}")
    };
    plan.with_file_name(name)
}

/// Whether `path` is absent, or is a deck mvplan wrote (Markdown with the
/// marker, or a PDF whose creator is mvplan).
fn written_by_mvplan(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return true;
    };
    // A symbolic link is never written through (it could point at a file
    // the user didn't name); a device or pipe (`/dev/null`) is written to.
    if meta.file_type().is_symlink() || meta.is_dir() {
        return false;
    }
    if !meta.is_file() {
        return true;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = vec![0u8; 512];
    let n = file.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    if head.starts_with("<!doctype html>") {
        return head.contains("<meta name=\"generator\" content=\"mvplan");
    }
    if head.starts_with("%PDF") {
        // The document information names mvplan as the creator, as a plain or
        // a UTF-16 (hex) string.
        // mvplan's PDFs are well under a megabyte; a far larger file is not
        // one of them, and is not read whole to find out.
        let mut all = Vec::new();
        if file.take(64 * 1024 * 1024).read_to_end(&mut all).is_err() {
            return false;
        }
        let patterns: [&[u8]; 2] = [
            b"/Creator (mvplan",
            b"/Creator<FEFF006D00760070006C0061006E",
        ];
        return patterns
            .iter()
            .any(|p| all.windows(p.len()).any(|w| w == *p));
    }
    head.lines().take(3).any(|l| l.contains(deck::MARKER))
}
