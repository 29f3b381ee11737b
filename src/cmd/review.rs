//! `mvplan review PLANS_OR_DIRS... [--format md|pdf|html|json|csv]`

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use mvplan::check::Settings;
use mvplan::deck::{self, TemplateSet};
use mvplan::output::{self, Target};
use mvplan::portfolio;
use mvplan::render::{self, Format, RenderOptions, ThemeChoice};
use mvplan::theme::ThemeRef;

use super::{exit, fail};
use crate::cli::{ReviewArgs, ReviewFormat, ReviewTable};

pub fn run(args: &ReviewArgs, color: bool) -> u8 {
    let files = portfolio::collect(&args.paths);
    if files.is_empty() {
        let names: Vec<String> = args
            .paths
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return fail(
            &format!(
                "no plans (`*.toml` with a `[plan]` table) found in {}",
                names.join(", ")
            ),
            None,
        );
    }
    let source_date_epoch = match super::source_date_epoch() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let anchor = args
        .paths
        .first()
        .map(|p| {
            if p.is_dir() {
                p.join("plan.toml")
            } else {
                p.clone()
            }
        })
        .unwrap_or_default();
    let policy = match super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        &anchor,
        color,
    ) {
        Ok(p) => p,
        Err(code) => return code,
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
    let checked = portfolio::check_all(
        &files,
        &Settings::default(),
        policy.as_deref(),
        as_of,
        &progress,
    );
    let roll = portfolio::roll_up(&checked, policy.as_deref());
    super::note!(
        "checked and rolled up {} plans in {} ms",
        files.len(),
        started.elapsed().as_millis()
    );
    // A plan with errors, a plan that did not load, or a review-level error
    // (a plan below the status the policy requires) fails the review.
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
            let set = match TemplateSet::load_deck(args.templates.as_deref(), "portfolio") {
                Ok(s) => s,
                Err(e) => return fail(&e.to_string(), None),
            };
            let user_theme = args
                .theme
                .as_deref()
                .map(|t| ThemeRef::parse(t, Path::new(".")));
            let policy_theme = policy.as_ref().and_then(|p| p.theme_ref());
            // The deck's front matter names the theme only for Markdown
            // readers (Marp); the renderers take it from the choice below.
            let shown_theme = user_theme
                .as_ref()
                .or(policy_theme.as_ref().map(|(t, _)| t))
                .map(|t| match t {
                    ThemeRef::Builtin(n) => n.clone(),
                    ThemeRef::File(_) => "default".into(),
                });
            let view = portfolio::view(&roll, shown_theme);
            let watchdog = super::Watchdog::arm(args.templates.as_deref());
            let rendered = deck::render_view(&set, "portfolio", &view, "the portfolio review");
            drop(watchdog);
            let md = match rendered {
                Ok(md) => md,
                Err(e) => return fail(&e.to_string(), None),
            };
            let format = match args.format {
                ReviewFormat::Pdf => Format::Pdf,
                ReviewFormat::Html => Format::Html,
                ReviewFormat::Pptx => Format::Pptx,
                _ => Format::Markdown,
            };
            let themes = ThemeChoice {
                user: user_theme,
                policy: policy_theme,
            };
            let opts = RenderOptions {
                source_date_epoch,
                policy_pptx_template: match policy.as_ref().and_then(|p| p.pptx_template_path()) {
                    Some(Ok(p)) => Some(p),
                    Some(Err(refusal)) => {
                        return fail(
                            &format!("the policy's pptx_template cannot be used: {refusal}"),
                            None,
                        );
                    }
                    None => None,
                },
                ..RenderOptions::default()
            };
            match render::render(&md, format, &themes, &opts) {
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
                Err(e) => return fail(&e.to_string(), None),
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
