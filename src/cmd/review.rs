//! `mvplan review PLANS_OR_DIRS... [--format md|pdf|html|json|csv]`

use std::io::IsTerminal;
use std::path::PathBuf;

use mvplan::app::{self, review::DeckChoice};
use mvplan::output::{self, Target};
use mvplan::portfolio;
use mvplan::render::Format;

use super::{exit, fail};
use crate::cli::{ReviewArgs, ReviewFormat, ReviewTable};

pub fn run(args: &ReviewArgs, color: bool) -> u8 {
    let files = match app::review::plans(&args.paths) {
        Ok(f) => f,
        Err(failure) => return super::failed(&failure),
    };
    let source_date_epoch = match super::source_date_epoch() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let choice = app::PolicyChoice::from_flags(args.policy.as_deref(), args.no_policy);
    let policy = match app::review::policy(&args.paths, &choice, &mut super::Terminal { color }) {
        Ok(p) => p,
        Err(failure) => return super::failed(&failure),
    };
    let tty = std::io::stderr().is_terminal() && files.len() > 20 && !super::quiet();
    let started = std::time::Instant::now();
    let total = files.len();
    let progress = move |n: usize| {
        if tty && (n.is_multiple_of(10) || n == total) {
            eprint!("\rchecking plans: {n}/{total}");
            if n == total {
                eprintln!();
            }
        }
    };
    let as_of = match args.as_of.as_deref().map(super::parse_date).transpose() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let roll = app::review::roll_up(&files, policy.as_deref(), as_of, &progress);
    super::note!(
        "checked and rolled up {} plans in {} ms",
        files.len(),
        started.elapsed().as_millis()
    );
    let failed = !roll.broken.is_empty()
        || roll.plans.iter().any(|p| p.errors > 0)
        || roll
            .findings
            .iter()
            .any(|f| f.severity == mvplan::diagnostic::Severity::Error);

    let target = Target::from_path(
        args.output
            .clone()
            .unwrap_or_else(|| default_output(args.format)),
    );
    let bytes = match args.format {
        ReviewFormat::Json => serde_json::to_string_pretty(&roll)
            .map(|s| s + "\n")
            .unwrap_or_default()
            .into_bytes(),
        ReviewFormat::Csv => {
            let table = match args.table {
                ReviewTable::Plans => portfolio::csv::Table::Plans,
                ReviewTable::Asks => portfolio::csv::Table::Asks,
                ReviewTable::Cascade => portfolio::csv::Table::Cascade,
                ReviewTable::Stack => portfolio::csv::Table::Stack,
                ReviewTable::Capabilities => portfolio::csv::Table::Capabilities,
                ReviewTable::Calendar => portfolio::csv::Table::Calendar,
            };
            let csv = portfolio::csv::table(&roll, table);
            // Cells are plan text: on a terminal, escapes are shown, not run.
            if target == Target::Stdout && std::io::stdout().is_terminal() {
                mvplan::report::human::safe(&csv).into_owned().into_bytes()
            } else {
                csv.into_bytes()
            }
        }
        ReviewFormat::Md | ReviewFormat::Pdf | ReviewFormat::Html | ReviewFormat::Pptx => {
            let format = match args.format {
                ReviewFormat::Pdf => Format::Pdf,
                ReviewFormat::Html => Format::Html,
                ReviewFormat::Pptx => Format::Pptx,
                _ => Format::Markdown,
            };
            let choice = DeckChoice {
                templates: args.templates.as_deref(),
                theme: args.theme.as_deref(),
                format,
                source_date_epoch,
            };
            match app::review::deck(
                &roll,
                policy.as_deref(),
                &choice,
                &mut super::Terminal { color },
            ) {
                Ok(out) => {
                    super::report_problems(
                        "the portfolio review",
                        None,
                        &out.problems,
                        args.message_format,
                        target == Target::Stdout,
                        color,
                    );
                    out.bytes
                }
                Err(failure) => return super::failed(&failure),
            }
        }
    };

    if let Err(e) = output::write_output(&target, &bytes, args.force) {
        return fail(&e.to_string(), e.help());
    }
    if let Target::File(path) = &target {
        super::status!(
            "wrote {} ({} plans, {} did not load)",
            path.display(),
            roll.plans.len(),
            roll.broken.len()
        );
    }
    if failed {
        // The output holds the detail; the terminal says why the run failed.
        if let Some(why) = roll.failures() {
            eprint!("{}", mvplan::report::human::safe(&why));
        }
        exit::FINDINGS
    } else {
        exit::OK
    }
}

fn default_output(format: ReviewFormat) -> PathBuf {
    PathBuf::from(match format {
        ReviewFormat::Json | ReviewFormat::Csv => "-",
        ReviewFormat::Md => "portfolio-review.md",
        ReviewFormat::Pdf => "portfolio-review.pdf",
        ReviewFormat::Html => "portfolio-review.html",
        ReviewFormat::Pptx => "portfolio-review.pptx",
    })
}
