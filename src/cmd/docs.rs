//! `mvplan docs [TOPIC]`: the documentation, built into the binary, so it
//! is there wherever mvplan is installed (no repository, no network).

use mvplan::catalogue;
use mvplan::diagnostic::did_you_mean;

use super::exit;
use crate::cli::DocsArgs;

/// (topic, what it covers, the page). `rules` is made from the catalogue
/// itself, as docs/rules.md is.
const PAGES: &[(&str, &str, &str)] = &[
    (
        "plan-format",
        "every section and field of a plan",
        include_str!("../../docs/plan-format.md"),
    ),
    (
        "cli",
        "every command and option",
        include_str!("../../docs/cli.md"),
    ),
    (
        "rules",
        "every rule: why it exists, how to fix what it flags",
        "",
    ),
    (
        "policy",
        "the organisation's policy and the portfolio review",
        include_str!("../../docs/policy.md"),
    ),
    (
        "plan-workbook",
        "plans as Excel workbooks: export, import, check",
        include_str!("../../docs/plan-workbook.md"),
    ),
    (
        "tracking",
        "plan vs actual: actuals files, track, the status deck",
        include_str!("../../docs/tracking.md"),
    ),
    (
        "templates",
        "the decks' templates and how to override them",
        include_str!("../../docs/templates.md"),
    ),
    (
        "charts",
        "the chart language of Markdown decks",
        include_str!("../../docs/charts.md"),
    ),
    (
        "pdf",
        "PDF decks: pages, fonts, themes",
        include_str!("../../docs/pdf.md"),
    ),
    ("html", "HTML decks", include_str!("../../docs/html.md")),
    (
        "serve",
        "the workbench in the browser: editor, preview, review",
        include_str!("../../docs/serve.md"),
    ),
    (
        "pptx",
        "PowerPoint decks and company templates",
        include_str!("../../docs/pptx.md"),
    ),
];

pub fn run(args: &DocsArgs) -> u8 {
    let Some(topic) = args.topic.as_deref() else {
        println!("mvplan docs TOPIC prints one of these pages:\n");
        for (name, about, _) in PAGES {
            println!("  {name:<12} {about}");
        }
        println!(
            "\nA rule alone: `mvplan explain RULE`; the JSON Schema for editors: `mvplan schema`."
        );
        return exit::OK;
    };
    match PAGES.iter().find(|(name, _, _)| *name == topic) {
        Some(("rules", _, _)) => {
            print!("{}", catalogue::markdown());
            exit::OK
        }
        Some((_, _, page)) => {
            print!("{page}");
            exit::OK
        }
        None => {
            eprintln!("error: there is no docs page `{topic}`");
            if let Some(m) = did_you_mean(topic, PAGES.iter().map(|(n, _, _)| *n)) {
                eprintln!("  = help: did you mean `{m}`?");
            }
            eprintln!("  = help: `mvplan docs` lists the pages");
            exit::UNUSABLE
        }
    }
}
