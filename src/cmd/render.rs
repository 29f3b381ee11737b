//! `mvplan render PLAN [--deck pitch|mvp] [-o FILE|-] [--templates DIR]`

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use mvplan::check::Settings;
use mvplan::deck::{self, TemplateSet};
use mvplan::diagnostic::Severity;
use mvplan::output::{self, WriteError};
use mvplan::report::human;

use super::exit;
use crate::cli::RenderArgs;

pub fn run(args: &RenderArgs, color: bool) -> u8 {
    // Diagnostics go to stderr: stdout may be the deck itself.
    let color = color && std::io::stderr().is_terminal();
    let (report, plan) = mvplan::check_path(&args.plan, &Settings::default());
    let errors = report.tally().errors;
    let Some(plan) = plan else {
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
        return exit::UNUSABLE;
    };
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
    if errors > 0 && !args.force {
        eprintln!(
            "error: not rendering `{}`: the plan has errors",
            report.path
        );
        eprintln!(
            "  = help: fix them (`mvplan explain <rule>` says how), or pass --force to render anyway"
        );
        return exit::FINDINGS;
    }
    let (Some(source), Some(figures)) = (&report.source, &report.figures) else {
        return exit::UNUSABLE;
    };

    let set = match TemplateSet::load(args.templates.as_deref()) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::UNUSABLE;
        }
    };
    // The health slide shows what a reviewer should see: warnings and notes,
    // and errors too when rendering was forced.
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| args.force || f.severity != Severity::Error)
        .cloned()
        .collect();
    let markdown = match deck::render(&set, &args.deck, &plan, figures, &shown, source) {
        Ok(md) => md,
        Err(e) => {
            eprintln!("error: {e}");
            if let deck::DeckError::UnknownDeck { available, .. } = &e {
                eprintln!("  = help: the decks are: {}", available.join(", "));
            }
            return exit::UNUSABLE;
        }
    };

    let target = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.plan, &args.deck));
    if target.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return match out
            .write_all(markdown.as_bytes())
            .and_then(|()| out.flush())
        {
            Ok(()) => exit::OK,
            Err(_) => exit::UNUSABLE,
        };
    }
    if !args.force && !written_by_mvplan(&target) {
        eprintln!(
            "error: `{}` exists and was not written by mvplan",
            target.display()
        );
        eprintln!("  = help: choose another file with -o, or pass --force to overwrite it");
        return exit::UNUSABLE;
    }
    match output::write_atomic(&target, markdown.as_bytes(), true) {
        Ok(()) => {
            eprintln!(
                "wrote {} ({} deck, alignment {}/100)",
                target.display(),
                args.deck,
                figures.score.total
            );
            exit::OK
        }
        Err(e @ (WriteError::Exists { .. } | WriteError::Io { .. })) => {
            eprintln!("error: {e}");
            exit::UNUSABLE
        }
    }
}

/// `plans/acme.toml` → `plans/acme.md` (pitch) or `plans/acme.mvp.md`.
fn default_output(plan: &Path, deck: &str) -> PathBuf {
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let name = if deck == "pitch" {
        format!("{stem}.md")
    } else {
        format!("{stem}.{deck}.md")
    };
    plan.with_file_name(name)
}

/// Whether `path` is absent, or is a deck mvplan wrote.
fn written_by_mvplan(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return true;
    };
    if !meta.is_file() {
        return false;
    }
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    String::from_utf8_lossy(&head[..n])
        .lines()
        .take(3)
        .any(|l| l.contains(deck::MARKER))
}
