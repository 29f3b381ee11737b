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

/// Reads a PPTX's charts with python-pptx: per chart, its grouping, the
/// data label texts of every series, and every text size its XML sets.
const READ_CHARTS: &str = r#"
import json, re, sys
from pptx import Presentation
out = []
for n, slide in enumerate(Presentation(sys.argv[1]).slides, 1):
    for shape in slide.shapes:
        if not shape.has_chart:
            continue
        chart = shape.chart
        xml = chart.part.blob.decode()
        labels = []
        for plot in chart.plots:
            for ser in plot.series:
                for j in range(len(list(ser.values))):
                    dl = ser.points[j].data_label
                    if dl.has_text_frame and dl.text_frame.text:
                        labels.append(dl.text_frame.text)
        out.append({
            "slide": n,
            "stacked": '<c:grouping val="stacked"/>' in xml and '<c:barDir val="col"/>' in xml,
            "labels": labels,
            "sizes": [int(s) / 100 for s in re.findall(r'sz="(\d+)"', xml)],
        })
print(json.dumps(out))
"#;

#[test]
fn pptx_stacked_columns_carry_the_pdfs_labels_and_chart_text_is_readable() {
    let Some(py) = python_with("pptx", "python-pptx") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("read_charts.py");
    std::fs::write(&script, READ_CHARTS).expect("script");
    let mut stacked = 0;
    for (name, md) in decks() {
        let pptx = dir.path().join(format!("{name}.pptx"));
        let o = mvplan(&[
            "render",
            outside_plan(name).to_str().expect("utf-8"),
            "--format",
            "pptx",
            "-o",
            pptx.to_str().expect("utf-8"),
            "--force",
            "-q",
        ]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let o = std::process::Command::new(&py)
            .arg(&script)
            .arg(&pptx)
            .output()
            .expect("python runs");
        assert!(o.status.success(), "{}", stderr(&o));
        let got: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let got = got.as_array().expect("charts");
        // The stacked columns of the Markdown, in order: the label above
        // each is its total, or its first part of the total where every
        // total is the same — computed here from the block's numbers.
        let deck = markdown::parse(md);
        let want: Vec<Vec<String>> = deck
            .slides
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                markdown::Block::Chart(c)
                    if c.kind == mvplan::render::chart::ChartKind::StackedBar =>
                {
                    Some(c)
                }
                _ => None,
            })
            .map(|c| {
                let unit = c.unit.as_deref();
                let rows: Vec<Vec<rust_decimal::Decimal>> = c
                    .rows
                    .iter()
                    .map(|r| mvplan::render::chart::Chart::numbers(r).to_vec())
                    .collect();
                let totals: Vec<rust_decimal::Decimal> =
                    rows.iter().map(|r| r.iter().copied().sum()).collect();
                let equal = totals.len() > 1
                    && c.series.len() > 1
                    && totals.windows(2).all(|w| w[0] == w[1]);
                let q = |d: rust_decimal::Decimal| mvplan::format::format_quantity(d, unit, true);
                // A people chart labels every column with the work needed:
                // all but its spare capacity.
                let spare = c.series.iter().position(|s| s == "Spare capacity");
                rows.iter()
                    .zip(&totals)
                    .map(|(r, t)| {
                        let need: rust_decimal::Decimal = r
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| Some(*j) != spare)
                            .map(|(_, v)| *v)
                            .sum();
                        match (spare, r.first().filter(|_| equal)) {
                            (Some(_), _) if equal => format!("{} of {}", q(need), q(*t)),
                            (Some(_), _) => q(need),
                            (None, Some(first)) => format!("{} of {}", q(*first), q(*t)),
                            (None, None) => q(*t),
                        }
                    })
                    .collect()
            })
            .collect();
        let got_stacked: Vec<&serde_json::Value> =
            got.iter().filter(|c| c["stacked"] == true).collect();
        assert_eq!(got_stacked.len(), want.len(), "{name}: stacked charts");
        for (g, w) in got_stacked.iter().zip(&want) {
            let labels: Vec<String> = g["labels"]
                .as_array()
                .expect("labels")
                .iter()
                .map(|l| l.as_str().unwrap_or_default().to_string())
                .collect();
            assert_eq!(
                &labels, w,
                "{name}, slide {}: PPTX column labels",
                g["slide"]
            );
            stacked += 1;
        }
        for c in got {
            for size in c["sizes"].as_array().expect("sizes") {
                let size = size.as_f64().unwrap_or(0.0);
                assert!(
                    size >= f64::from(MIN_TEXT_PT) - 0.01,
                    "{name}, slide {}: chart text at {size} pt",
                    c["slide"]
                );
            }
        }
    }
    assert!(stacked >= 7, "only {stacked} stacked charts");
}
