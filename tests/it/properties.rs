//! Property tests: invariants that must hold for any input, not just the
//! examples.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rust_decimal::Decimal;

use mvplan::check::Settings;
use mvplan::deck::escape;
use mvplan::source::SourceFile;

/// Whitespace runs to one space, trimmed: what a reader sees of a string.
fn visible(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plan-like text heavy in Markdown and HTML syntax.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("|".to_string()),
        Just("---".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("*".to_string()),
        Just("**".to_string()),
        Just("_".to_string()),
        Just("#".to_string()),
        Just("# ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("`".to_string()),
        Just("```".to_string()),
        Just("[a](http://x)".to_string()),
        Just("![i](x.png)".to_string()),
        Just("&amp;".to_string()),
        Just("\\".to_string()),
        Just("$".to_string()),
        Just("~~".to_string()),
        Just("=".to_string()),
        Just("  ".to_string()),
        "[a-zA-Z0-9 €£é.,;:()']{1,8}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

/// The inline text of a Markdown document, and whether it had any structure
/// beyond one paragraph of plain text.
fn parse(md: &str, options: Options) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut structure = Vec::new();
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell) => {}
            Event::End(TagEnd::TableCell) => text.push(' '),
            Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow) => {}
            other => structure.push(format!("{other:?}")),
        }
    }
    (text, structure)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any plan string shows up as the same visible text, in a paragraph and
    /// in a table cell, and never changes the deck's structure.
    #[test]
    fn escaping_round_trips(s in hostile_text()) {
        let escaped = escape::markdown(&s);
        prop_assert!(!escaped.contains('\n'));
        let (text, structure) = parse(&format!("Label: {escaped}\n"), Options::empty());
        prop_assert_eq!(visible(&text), visible(&format!("Label: {s}")));
        prop_assert!(structure.is_empty(), "structure {:?} from {:?}", structure, s);

        let table = format!("| A | B |\n|---|---|\n| {escaped} | x |\n");
        let (text, structure) = parse(&table, Options::ENABLE_TABLES);
        prop_assert_eq!(visible(&text), visible(&format!("A B {s} x")));
        prop_assert!(structure.is_empty(), "structure {:?} from {:?}", structure, s);
    }

    /// Totals equal the sum of their parts, and quarterly spend adds up to
    /// the spend, whatever the amounts and phasing.
    #[test]
    fn totals_and_phasing_add_up(
        channels in prop::collection::vec((1u64..5_000_000, 0u64..100, prop::bool::ANY), 1..12),
        lines in prop::collection::vec(1u64..900_000, 0..5),
        cents in 0u64..100,
    ) {
        let mut plan = String::from("[plan]\ntitle = \"P\"\norganisation = \"O\"\nowner = \"W\"\nstart = 2027-01-01\nend = 2027-12-31\ncurrency = \"EUR\"\n\n[[goals]]\nid = \"g\"\nstatement = \"s\"\n\n[[objectives]]\nid = \"o\"\nstatement = \"s\"\nsupports = [\"g\"]\n\n");
        let mut expected = Decimal::ZERO;
        for (i, (amount, split, phased)) in channels.iter().enumerate() {
            let budget = Decimal::from(*amount) + Decimal::new(cents as i64, 2);
            expected += budget;
            plan.push_str(&format!("[[channels]]\nid = \"c{i}\"\nname = \"C\"\nsupports = [\"o\"]\nbudget = \"{budget}\"\n"));
            if *phased {
                // An uneven but exact quarterly split.
                let q1 = (budget * Decimal::from(*split) / Decimal::from(100)).round_dp(2);
                let rest = budget - q1;
                let q2 = (rest / Decimal::from(3)).round_dp(2);
                let q4 = rest - q2 - q2;
                plan.push_str(&format!("quarterly = [\"{q1}\", \"{q2}\", \"{q2}\", \"{q4}\"]\n"));
            }
            plan.push('\n');
        }
        for (i, amount) in lines.iter().enumerate() {
            expected += Decimal::from(*amount);
            plan.push_str(&format!("[[budget.lines]]\nid = \"l{i}\"\nname = \"L\"\namount = {amount}\nwork = \"upstream\"\n\n"));
        }
        plan.push_str(&format!("[budget]\ntotal = \"{expected}\"\n"));
        let (report, loaded) = mvplan::check_source(SourceFile::new("p.toml", plan), &Settings::default());
        prop_assert!(loaded.is_some(), "{:?}", report.findings);
        let fig = report.figures.unwrap();
        prop_assert_eq!(fig.spend, expected);
        prop_assert_eq!(fig.channel_spend + fig.line_spend + fig.team_cost + fig.agency_fees, fig.spend);
        prop_assert_eq!(fig.upstream_spend + fig.downstream_spend, fig.spend);
        let quarters: Decimal = fig.quarter_spend.iter().map(|q| q.total).sum();
        prop_assert_eq!(quarters, fig.spend);
        prop_assert!(report.findings.iter().all(|f| f.rule != "phasing-mismatch" && f.rule != "budget-over" && f.rule != "budget-unallocated"));
    }
}

/// Text shaped like plans and decks, mutated: valid fragments, broken
/// fragments and noise, in any order.
fn plan_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("[plan]\n".to_string()),
        Just("title = \"T\"\norganisation = \"O\"\nowner = \"W\"\n".to_string()),
        Just("start = 2027-01-01\nend = 2027-12-31\ncurrency = \"EUR\"\n".to_string()),
        Just("[budget]\ntotal = 100\n".to_string()),
        Just(
            "[[channels]]\nid = \"c\"\nname = \"C\"\nbudget = 50\nsupports = [\"o\"]\n".to_string()
        ),
        Just("quarterly = [1, 2, 3]\n".to_string()),
        Just("[[objectives]]\nid = \"o\"\nstatement = \"s\"\ntarget = \"1.2M\"\n".to_string()),
        Just("forecast = { o = 1e300 }\n".to_string()),
        Just("budget = -1\n".to_string()),
        Just("due = 2027-02-30\n".to_string()),
        Just("[checks]\ndeny = [\"x\"]\n".to_string()),
        Just("a = [[[[[[[[\n".to_string()),
        Just("\"\n".to_string()),
        Just("= = =\n".to_string()),
        Just("[[goals]]\nid = \"G G\"\n".to_string()),
        "[ -~\n]{0,40}",
    ];
    prop::collection::vec(pieces, 0..14).prop_map(|v| v.concat())
}

fn deck_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("---\nmarp: true\npaginate: true\nsize: 4:3\n---\n".to_string()),
        Just("\n---\n\n".to_string()),
        Just("# Title\n".to_string()),
        Just("<!-- _class: title -->\n".to_string()),
        Just("<!-- _class: section -->\n".to_string()),
        Just("- a\n  - b\n    1. c\n".to_string()),
        Just("| a | b |\n|---|--:|\n| 1 | 2 |\n".to_string()),
        Just("| a |\n|---|\n".to_string()),
        Just("```chart bar\n# title: t\nA: 1\nB: x\n```\n".to_string()),
        Just("```chart stacked-bar\n# series: a, b\nQ1: 1, 2, 3\n```\n".to_string()),
        Just("```chart donut\nA: 0\nB: -5\n```\n".to_string()),
        Just("```chart timeline\nA: 2027-01-01 .. 2026-01-01\nM: 2027-13-01\n```\n".to_string()),
        Just("```chart\n```\n".to_string()),
        Just("> quote\n".to_string()),
        Just("![img](../../etc/passwd)\n".to_string()),
        Just("[link](javascript:alert(1))\n".to_string()),
        Just("😀 \u{200b} \u{202e}\n".to_string()),
        "[ -~\n]{0,60}",
    ];
    prop::collection::vec(pieces, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Loading and checking never panics, and a plan either loads or says why.
    #[test]
    fn any_plan_text_is_loaded_or_refused(text in plan_like()) {
        let (report, plan) = mvplan::check_source(SourceFile::new("p.toml", text.clone()), &Settings::default());
        prop_assert!(plan.is_some() || !report.findings.is_empty());
        // The human report renders whatever the spans.
        let _ = mvplan::report::human::file_report(&report, false);
        let _ = mvplan::report::json::render(&[report]);
        let _ = mvplan::policy::parse(&SourceFile::new("policy.toml", text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any Markdown deck renders to PDF and HTML without panicking, with all
    /// text inside the pages, the same bytes twice, and no live script.
    #[test]
    fn any_deck_renders(md in deck_like()) {
        use mvplan::render::{html, markdown, pdf};
        let theme = mvplan::theme::Theme::builtin("default").unwrap();
        let deck = markdown::parse(&md);
        let a = pdf::render(&deck, &theme, &pdf::PdfOptions::default()).unwrap();
        let b = pdf::render(&deck, &theme, &pdf::PdfOptions::default()).unwrap();
        prop_assert!(a.bytes == b.bytes);
        for page in &a.pages {
            for &(x, y, w, h) in &page.text_boxes {
                prop_assert!(x >= 0.0 && y >= 0.0 && x + w <= a.width + 0.01 && y + h <= a.height + 0.01);
            }
        }
        let out = html::render(&deck, &theme, &html::HtmlOptions::default()).unwrap();
        prop_assert_eq!(out.html.matches("<script").count(), 1);
        // `javascript:` may appear as text, never as a link target.
        prop_assert!(!out.html.to_ascii_lowercase().contains("href=\"javascript:"));
    }
}

/// Numbers at the edges of what the loader accepts: the smallest decimal,
/// zero, the largest amount, and values in between.
fn extreme_number() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "0",
        "0.0000000000000000000000000001",
        "0.5",
        "1",
        "999_999_999_999_999",
        "1_000_000_000_000_000",
        "\"1000000000B\"",
        "-0",
        "3.1415926535897932384626433832795",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Extreme but accepted numbers (a forecast of 10⁻²⁸ against a budget of
    /// 10¹⁵, a rate of 10¹⁵) never overflow: the plan checks, renders to
    /// every format, diffs and rolls up without panicking.
    #[test]
    fn extreme_numbers_never_overflow(
        budget in extreme_number(),
        forecast in extreme_number(),
        baseline in extreme_number(),
        target in extreme_number(),
        rate in extreme_number(),
        fte in extreme_number(),
    ) {
        use mvplan::render::{html, markdown, pdf};
        let text = format!(
            "[plan]\ntitle = \"T\"\norganisation = \"O\"\nowner = \"W\"\nstart = 2027-01-01\nend = 2027-12-31\ncurrency = \"GBP\"\n\n\
             [budget]\ntotal = {budget}\ncontingency = {budget}\n\n\
             [[goals]]\nid = \"g\"\nstatement = \"s\"\nmetric = \"m\"\nbaseline = {baseline}\ntarget = {target}\n\n\
             [[objectives]]\nid = \"o\"\nstatement = \"s\"\nsupports = [\"g\"]\nmetric = \"m\"\nbaseline = {baseline}\ntarget = {target}\nforecast_basis = \"uplift\"\n\n\
             [[channels]]\nid = \"c\"\nname = \"C\"\nsupports = [\"o\"]\nbudget = {budget}\nquarterly = [{budget}, 0, 0, {budget}]\nforecast = {{ o = {forecast} }}\nkpis = [{{ name = \"K\", target = {target} }}]\n\n\
             [[team]]\nid = \"t\"\nrole = \"R\"\nfte = {fte}\ncost = {budget}\nwork = \"upstream\"\n\n\
             [[scenarios]]\nid = \"s\"\nname = \"S\"\nbudget = {budget}\noutcomes = {{ o = {forecast} }}\n"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        std::fs::write(&path, &text).unwrap();
        let (report, plan) = mvplan::check_path(&path, &Settings::default());
        let _ = mvplan::report::human::file_report(&report, false);
        let _ = mvplan::report::json::render(std::slice::from_ref(&report));
        let Some(plan) = plan else {
            // Refused (an amount above the cap): said why, with a location.
            prop_assert!(report.findings.iter().any(|f| f.span.is_some()));
            return Ok(());
        };
        let fig = report.figures.as_ref().unwrap();
        let set = mvplan::deck::TemplateSet::load(None).unwrap();
        let theme = mvplan::theme::Theme::builtin("default").unwrap();
        for deck_name in ["pitch", "mvp"] {
            let md = mvplan::deck::render(&set, deck_name, &plan, fig, &report.findings, report.source.as_ref().unwrap()).unwrap();
            let deck = markdown::parse(&md);
            prop_assert!(pdf::render(&deck, &theme, &pdf::PdfOptions::default()).is_ok());
            let _ = html::render(&deck, &theme, &html::HtmlOptions::default());
        }
        let text = &report.source.as_ref().unwrap().text;
        let version = mvplan::diff::Version { plan: &plan, figures: fig, text };
        let again = mvplan::diff::Version { plan: &plan, figures: fig, text };
        let d = mvplan::diff::diff(version, again);
        prop_assert!(!d.any, "a plan differs from itself: {:?}", d.sections);
        let _ = mvplan::diff::human(&d, "a", "b");

        let policy_text = format!("[policy]\ncurrency = \"EUR\"\n[rates]\nGBP = {rate}\n");
        let policy = mvplan::policy::parse(&SourceFile::new("mvplan-policy.toml", policy_text));
        let checked = mvplan::portfolio::check_all(&[path.clone(), path], &Settings::default(), policy.as_ref().ok(), None, &|_| {});
        let roll = mvplan::portfolio::roll_up(&checked, policy.as_ref().ok());
        let _ = mvplan::portfolio::csv(&roll);
        let view = mvplan::portfolio::view(&roll, None);
        let md = mvplan::deck::render_view(&set, "portfolio", &view, "review").unwrap();
        prop_assert!(pdf::render(&markdown::parse(&md), &theme, &pdf::PdfOptions::default()).is_ok());
    }
}
