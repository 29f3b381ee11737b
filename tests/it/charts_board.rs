//! Charts as a board reads them (issue #31, criteria 5 and 6): text large
//! enough at 60 dpi, no chart of equal bars, titles that state only what
//! the drawn series show, and no thin appendix or continuation slide.

use crate::common::*;

use mvplan::render::chart::MIN_TEXT_PT;
use mvplan::render::markdown;
use mvplan::render::pdf::{self, PdfOptions};
use mvplan::theme::Theme;

#[test]
fn chart_text_is_never_smaller_than_the_smallest_table_text() {
    let theme = Theme::builtin("default").expect("theme");
    let mut charts = 0;
    for name in OUTSIDE {
        let deck = markdown::parse(&outside_deck(name));
        let out = pdf::render(&deck, &theme, &PdfOptions::default()).expect("pdf");
        for page in &out.pages {
            charts += usize::from(!page.chart_text.is_empty());
            for size in &page.chart_text {
                assert!(
                    *size >= MIN_TEXT_PT - 0.01,
                    "{name}, slide {} ({:?}, scale {}): chart text at {size:.1} pt, below {MIN_TEXT_PT} pt",
                    page.slide,
                    page.title,
                    page.scale
                );
            }
        }
    }
    assert!(charts >= 14, "only {charts} pages with charts");
}

/// Each outside plan's pitch deck, rendered once for this module's tests.
fn decks() -> &'static Vec<(&'static str, String)> {
    static DECKS: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    DECKS.get_or_init(|| OUTSIDE.iter().map(|n| (*n, outside_deck(n))).collect())
}

/// The decimal numbers of `text` as written ("3.77", "28,000" → "28000").
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let digit_next = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || (!cur.is_empty() && (*c == '.' || *c == ',') && digit_next) {
            if *c != ',' {
                cur.push(*c);
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A chart block's first-series values, per row.
fn first_values(chart: &str) -> Vec<f64> {
    chart
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(": "))
        .filter_map(|l| {
            l.rsplit_once(": ")?
                .1
                .split(", ")
                .next()?
                .trim()
                .parse()
                .ok()
        })
        .collect()
}

#[test]
fn no_bar_chart_draws_bars_within_five_percent_of_each_other() {
    for (name, md) in decks() {
        for block in md.split("```chart bar\n").skip(1) {
            let chart = block.split("```").next().unwrap_or_default();
            let v = first_values(chart);
            let (lo, hi) = v
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
            assert!(
                v.len() < 2 || hi <= 0.0 || (hi - lo) > hi * 0.05,
                "{name}: a bar chart of bars within 5% of each other ({v:?}) carries no information:\n{chart}"
            );
        }
    }
}

#[test]
fn a_curves_title_states_the_figures_its_slide_gives_for_the_drawn_curves() {
    let mut checked = 0;
    for (name, md) in decks() {
        for (title, body) in titled_slides(md) {
            let Some(next) = body.lines().find(|l| l.starts_with("**The next ")) else {
                continue;
            };
            if !body.contains("```chart line") || !title.contains(" buys ") {
                continue;
            }
            // Each drawn curve's next slice at its planned budget, as the
            // line under the chart writes it.
            let planned: Vec<f64> = next
                .split(" buys ")
                .skip(1)
                .filter_map(|p| p.split(" at its planned budget").next())
                .filter_map(|f| numbers(f).first()?.parse().ok())
                .collect();
            let series = body
                .lines()
                .find_map(|l| l.strip_prefix("# series: "))
                .map_or(0, |s| {
                    s.matches("\", ").count() + s.split(", ").count().min(1)
                });
            assert!(
                !title.contains("every channel"),
                "{name}: {title:?} speaks of every channel over a chart of {series} curves"
            );
            let said: Vec<f64> = numbers(title.split(" buys ").nth(1).unwrap_or_default())
                .iter()
                .filter_map(|n| n.parse().ok())
                .collect();
            let (lo, hi) = planned
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
            assert!(
                said.contains(&hi) && (said.contains(&lo) || lo == hi),
                "{name}: title {title:?} gives {said:?}; the slide's figures at the planned budgets are {planned:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} curves slides");
}

#[test]
fn a_scenarios_range_names_only_outcomes_that_differ() {
    let mut checked = 0;
    for (name, md) in decks() {
        for (title, body) in titled_slides(md) {
            let Some((_, range)) = title.split_once(" ranges from ") else {
                continue;
            };
            // The budget the range ends at: "… to X at £3.28M (the plan); …".
            let end = range
                .split(" to ")
                .nth(1)
                .and_then(|r| r.split(" at ").nth(1))
                .map(|b| b.split([' ', ';']).next().unwrap_or(b).to_string())
                .unwrap_or_default();
            let row = body
                .lines()
                .find(|l| {
                    l.starts_with("| **")
                        && l.split('|')
                            .nth(2)
                            .is_some_and(|c| c.trim().starts_with(&end))
                })
                .unwrap_or_else(|| panic!("{name}: no row at {end} under {title:?}"));
            // The first outcome column is the title's objective.
            let cell = row.split('|').nth(3).unwrap_or_default();
            assert!(
                !cell.contains("(unchanged)"),
                "{name}: {title:?} ends its range at a row whose outcome is unchanged: {row}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 5);
}

/// A slide's content rows as a board counts them: table rows with a
/// figure (not the header, not a row of "—"), list items, paragraphs
/// other than italic notes; a chart counts as three.
fn content_rows(slide: &str) -> usize {
    let (mut n, mut fence, mut in_table) = (0, false, false);
    for l in slide.lines() {
        if l.starts_with("```") {
            n += if fence { 0 } else { 3 };
            fence = !fence;
            continue;
        }
        let blank = l.trim().is_empty() || l.starts_with("# ") || l.starts_with("<!--");
        if fence || blank {
            in_table = false;
            continue;
        }
        if l.starts_with('|') {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let first = !in_table;
            in_table = true;
            let rule = cells.iter().all(|c| c.chars().all(|ch| "-: ".contains(ch)));
            let empty = cells[1..].iter().all(|c| *c == "—" || c.is_empty());
            n += usize::from(!first && !rule && !empty);
            continue;
        }
        in_table = false;
        let note = l.starts_with('*') && !l.starts_with("**") && l.ends_with('*');
        n += usize::from(!note);
    }
    n
}

#[test]
fn no_appendix_or_continued_slide_is_thin() {
    let theme = Theme::builtin("default").expect("theme");
    for (name, md) in decks() {
        for (title, body) in titled_slides(md) {
            if title.starts_with("Appendix") {
                assert!(
                    content_rows(&body) > 2,
                    "{name}: {title:?} holds {} rows a board would read:\n{body}",
                    content_rows(&body)
                );
            }
        }
        let deck = markdown::parse(md);
        let out = pdf::render(&deck, &theme, &PdfOptions::default()).expect("pdf");
        for page in out.pages.iter().filter(|p| p.continuation && !p.notes) {
            let title = page.title.clone().unwrap_or_default();
            let slides = titled_slides(md);
            let (md_title, body) = &slides[page.slide - 1];
            assert!(
                md_title
                    .replace('\\', "")
                    .starts_with(title.trim_end_matches(" (cont.)")),
                "{name}: page of slide {} is {title:?}, the Markdown's is {md_title:?}",
                page.slide
            );
            let ask = body.contains("| Ask |");
            if ask {
                continue; // the ask slide: each row is a decision
            }
            let tables: Vec<usize> = page.tables.iter().map(|t| t.0).collect();
            let mut rows: Vec<&(usize, usize)> = page
                .origins
                .iter()
                .filter(|(b, part)| !(tables.contains(b) && *part == 0))
                .collect();
            rows.dedup();
            assert!(
                rows.len() > 2,
                "{name}: page of slide {} ({title:?}, cont.) holds {} rows",
                page.slide,
                rows.len()
            );
        }
    }
}

#[test]
fn a_trigger_quote_says_its_unit_once() {
    let mut quotes = 0;
    for (name, md) in decks() {
        for q in md.split("trigger “").skip(1) {
            let q = q.split('”').next().unwrap_or_default().to_lowercase();
            let Some((before, last)) = q.rsplit_once(' ') else {
                continue;
            };
            quotes += 1;
            let word = last.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            assert!(
                word.is_empty()
                    || word.chars().any(|c| c.is_ascii_digit())
                    || !before.split(' ').any(|w| w == word),
                "{name}: trigger “{q}” says {word:?} twice"
            );
        }
    }
    assert!(quotes >= 1);
}
