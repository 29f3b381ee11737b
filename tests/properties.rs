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
