//! `mvplan review PLANS_OR_DIRS... [--format md|pdf|html|json|csv]`

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use mvplan::check::Settings;
use mvplan::deck::{self, TemplateSet};
use mvplan::portfolio;
use mvplan::render::{html, markdown, pdf};
use mvplan::theme::Theme;

use super::exit;
use crate::cli::{ReviewArgs, ReviewFormat};

pub fn run(args: &ReviewArgs, color: bool) -> u8 {
    let files = portfolio::collect(&args.paths);
    if files.is_empty() {
        eprintln!(
            "error: no plans (`*.toml`) found in {}",
            args.paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return exit::UNUSABLE;
    }
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
    let checked = portfolio::check_all(&files, &Settings::default(), policy.as_deref(), &progress);
    let roll = portfolio::roll_up(&checked, policy.as_deref());
    super::note!(
        "checked and rolled up {} plans in {} ms",
        files.len(),
        started.elapsed().as_millis()
    );
    let failed = !roll.broken.is_empty() || roll.plans.iter().any(|p| p.errors > 0);

    let bytes = match args.format {
        ReviewFormat::Json => serde_json::to_string_pretty(&roll)
            .map(|s| s + "\n")
            .unwrap_or_default()
            .into_bytes(),
        ReviewFormat::Csv => portfolio::csv(&roll).into_bytes(),
        ReviewFormat::Md | ReviewFormat::Pdf | ReviewFormat::Html => {
            let theme_name = args
                .theme
                .clone()
                .or_else(|| policy.as_ref().and_then(|p| p.theme.clone()));
            let set = match TemplateSet::load(args.templates.as_deref()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return exit::UNUSABLE;
                }
            };
            let view = portfolio::view(&roll, theme_name.clone());
            let watchdog = super::Watchdog::arm(args.templates.as_deref());
            let rendered = deck::render_view(&set, "portfolio", &view, "the portfolio review");
            drop(watchdog);
            let md = match rendered {
                Ok(md) => md,
                Err(e) => {
                    eprintln!("error: {e}");
                    return exit::UNUSABLE;
                }
            };
            match args.format {
                ReviewFormat::Md => md.into_bytes(),
                other => {
                    let theme_spec = theme_name.map(|t| match &policy {
                        // A theme file named by the policy is relative to it.
                        Some(p) if t.ends_with(".toml") => p
                            .path
                            .parent()
                            .map_or(PathBuf::from(&t), |d| d.join(&t))
                            .display()
                            .to_string(),
                        _ => t,
                    });
                    let theme = match Theme::load(theme_spec.as_deref().unwrap_or("default")) {
                        Ok(t) => t,
                        Err(e) => {
                            eprintln!("error: {e}");
                            return exit::UNUSABLE;
                        }
                    };
                    let parsed = markdown::parse(&md);
                    if other == ReviewFormat::Pdf {
                        match pdf::render(&parsed, &theme, &pdf::PdfOptions::default()) {
                            Ok(out) => {
                                for w in &out.warnings {
                                    eprintln!("warning: {w}");
                                }
                                out.bytes
                            }
                            Err(e) => {
                                eprintln!("error: {e}");
                                return exit::UNUSABLE;
                            }
                        }
                    } else {
                        let out = html::render(&parsed, &theme, &html::HtmlOptions::default());
                        out.html.into_bytes()
                    }
                }
            }
        }
    };

    let default = match args.format {
        ReviewFormat::Json | ReviewFormat::Csv => PathBuf::from("-"),
        ReviewFormat::Md => PathBuf::from("portfolio-review.md"),
        ReviewFormat::Pdf => PathBuf::from("portfolio-review.pdf"),
        ReviewFormat::Html => PathBuf::from("portfolio-review.html"),
    };
    let target = args.output.clone().unwrap_or(default);
    if target.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
            return exit::UNUSABLE;
        }
    } else {
        if let Err(e) = mvplan::output::write_atomic(&target, &bytes, true) {
            eprintln!("error: {e}");
            return exit::UNUSABLE;
        }
        super::status!(
            "wrote {} ({} plans, {} did not load)",
            target.display(),
            roll.plans.len(),
            roll.broken.len()
        );
    }
    if failed { exit::FINDINGS } else { exit::OK }
}
