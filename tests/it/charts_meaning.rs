//! Charts and tables that show what they say (issue #31, criteria 5 and
//! 6), on the plans written outside the project: an alignment map that
//! repeats no other slide, people charts whose columns are one quantity,
//! curve marks that do not hide an optimum off the plan or held by a cap,
//! and no table column of the same words in (nearly) every row.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::common::*;
use mvplan::render::chart::Chart;
use mvplan::render::markdown::{self, Align, Block, plain};

/// Each outside plan's pitch deck (Markdown), rendered once for this module.
fn decks() -> &'static Vec<(&'static str, String)> {
    static DECKS: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    DECKS.get_or_init(|| OUTSIDE.iter().map(|n| (*n, outside_deck(n))).collect())
}

/// A table as text: alignments, header, rows of cells.
struct Table {
    aligns: Vec<Align>,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// (slide title, tables, charts) of every slide of a deck.
fn slides(md: &str) -> Vec<(String, Vec<Table>, Vec<Chart>)> {
    let deck = markdown::parse(md);
    deck.slides
        .iter()
        .map(|s| {
            let mut title = String::new();
            let mut tables = Vec::new();
            let mut charts = Vec::new();
            for b in &s.blocks {
                match b {
                    Block::Heading { spans, .. } if title.is_empty() => title = plain(spans),
                    Block::Table { aligns, head, rows } => tables.push(Table {
                        aligns: aligns.clone(),
                        head: head.iter().map(|c| plain(c)).collect(),
                        rows: rows
                            .iter()
                            .map(|r| r.iter().map(|c| plain(c)).collect())
                            .collect(),
                    }),
                    Block::Chart(c) => charts.push(c.clone()),
                    _ => {}
                }
            }
            (title, tables, charts)
        })
        .collect()
}

fn strings<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default()
}

fn supports(t: &toml::Table) -> Vec<String> {
    t.get("supports")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_alignment_map_is_the_goal_objective_channel_chain_not_the_channel_table_again() {
    let mut maps = 0;
    for (name, md) in decks() {
        let plan = plan_toml(name);
        let slides = slides(md);
        let channel_rows: BTreeSet<String> = slides
            .iter()
            .flat_map(|(_, tables, _)| tables)
            .filter(|t| t.head.first().is_some_and(|h| h == "Channel"))
            .flat_map(|t| t.rows.iter().filter_map(|r| r.first().cloned()))
            .collect();
        let Some((_, tables, _)) = slides
            .iter()
            .find(|(title, ..)| title.contains("Alignment map"))
        else {
            continue;
        };
        maps += 1;
        let map = &tables[0];
        // No row of the map is a row of the channel table (the old map's
        // one row per channel, budget and dots, repeated it).
        for row in &map.rows {
            for cell in row {
                assert!(
                    !channel_rows.contains(cell),
                    "{name}: the alignment map repeats the channel table's row {cell:?}"
                );
            }
        }
        // One row per objective, with the number of channels whose
        // `supports` name it, counted here from the plan file.
        let channels = strings(&plan, "channels");
        let col = map
            .head
            .iter()
            .position(|h| h == "Channels")
            .unwrap_or_else(|| panic!("{name}: no Channels column in {:?}", map.head));
        for o in strings(&plan, "objectives") {
            let id = o["id"].as_str().unwrap();
            let statement = o["statement"].as_str().unwrap();
            let row = map
                .rows
                .iter()
                .find(|r| {
                    // The deck writes the plan's "€38m" as "€38M".
                    r.iter()
                        .any(|c| c.to_lowercase().starts_with(&statement.to_lowercase()))
                })
                .unwrap_or_else(|| panic!("{name}: objective {id} has no row in the map"));
            let serving = channels
                .iter()
                .filter(|c| supports(c).iter().any(|s| s == id))
                .count();
            assert_eq!(
                row[col],
                serving.to_string(),
                "{name}: {id} is served by {serving} channels"
            );
        }
    }
    assert_eq!(maps, OUTSIDE.len(), "every outside deck has a map");
}

/// The series of a people chart that are work short (covered by nobody,
/// or by nobody without a row) and spare capacity.
fn is_short(series: &str) -> bool {
    let s = series.to_lowercase();
    s.contains("short") || s.contains("not covered")
}

#[test]
fn people_chart_columns_never_stack_short_on_spare_and_are_all_labelled_with_the_work_needed() {
    let mut charts = 0;
    for (name, md) in decks() {
        for (title, _, cs) in slides(md) {
            for c in cs.iter().filter(|c| {
                c.title.as_deref().is_some_and(|t| t.contains("FTE-months")) && c.series.len() > 1
            }) {
                charts += 1;
                let names = c.series_names();
                let spare = names
                    .iter()
                    .position(|s| s.to_lowercase().contains("spare"));
                let labels = c.stack_labels();
                for (row, label) in c.rows.iter().zip(&labels) {
                    let v = Chart::numbers(row);
                    let short = names
                        .iter()
                        .enumerate()
                        .any(|(j, s)| is_short(s) && v.get(j).is_some_and(|x| !x.is_zero()));
                    let spare_here = spare.is_some_and(|j| v.get(j).is_some_and(|x| !x.is_zero()));
                    assert!(
                        !(short && spare_here),
                        "{name} ({title}): {} stacks work short on spare capacity: {v:?} of {names:?}",
                        row.label
                    );
                    // The label is the work needed: every series but spare.
                    let need: Decimal = v
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| Some(*j) != spare)
                        .map(|(_, x)| *x)
                        .sum();
                    let need = mvplan::format::format_number(need, 1);
                    assert!(
                        label == &need || label.starts_with(&format!("{need} of ")),
                        "{name} ({title}): {} is labelled {label:?}, not the work needed ({need})",
                        row.label
                    );
                }
            }
        }
    }
    assert!(charts >= 3, "only {charts} stacked people charts");
}

#[test]
fn the_pptx_people_chart_carries_the_same_labels_as_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let name = "dtc-skincare";
    let out = dir.path().join("d.pptx");
    let o = mvplan(&[
        "render",
        outside_plan(name).to_str().unwrap(),
        "--format",
        "pptx",
        "-o",
        out.to_str().unwrap(),
        "--force",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = &decks().iter().find(|(n, _)| *n == name).unwrap().1;
    let chart = slides(md)
        .into_iter()
        .flat_map(|(_, _, c)| c)
        .find(|c| c.series.iter().any(|s| s == "Spare capacity"))
        .expect("dtc's people chart has spare capacity");
    let labels = chart.stack_labels();
    let xml = chart_xmls(&out)
        .into_iter()
        .find(|x| x.contains("Spare capacity"))
        .expect("the PPTX has the people chart");
    let said: Vec<&str> = xml
        .split("<c:dLbl>")
        .skip(1)
        .filter_map(|d| d.split("<a:t>").nth(1)?.split("</a:t>").next())
        .collect();
    assert_eq!(said, labels, "PPTX labels against the Markdown's");
    // And they are the work needed, in every quarter: every series but
    // spare capacity (the old labels were the column's height: the need in
    // a short quarter, the capacity in one with spare).
    let names = chart.series_names();
    for (row, said) in chart.rows.iter().zip(&said) {
        let need: Decimal = Chart::numbers(row)
            .iter()
            .zip(&names)
            .filter(|(_, s)| *s != "Spare capacity")
            .map(|(v, _)| *v)
            .sum();
        assert_eq!(
            *said,
            mvplan::format::format_number(need, 1),
            "{name}: {}",
            row.label
        );
    }
}

/// Every chart part of a PPTX, as text.
fn chart_xmls(pptx: &std::path::Path) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(pptx).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("ppt/charts/chart") && n.ends_with(".xml"))
        .map(|n| n.to_string())
        .collect();
    names
        .iter()
        .map(|n| {
            let mut s = String::new();
            zip.by_name(n).unwrap().read_to_string(&mut s).unwrap();
            s
        })
        .collect()
}

/// A compact money cell as the decks write it ("\$143k", "€1.25M") in
/// whole units; `None` for anything else.
fn money(cell: &str) -> Option<f64> {
    let t: String = cell
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | 'k' | 'M' | '-' | '−'))
        .collect();
    let t = t.replace('−', "-");
    let (n, f) = match t.strip_suffix('k') {
        Some(n) => (n, 1e3),
        None => match t.strip_suffix('M') {
            Some(n) => (n, 1e6),
            None => (t.as_str(), 1.0),
        },
    };
    n.parse::<f64>().ok().map(|v| v * f)
}

/// The marks of every curves chart of a deck: series → [(x, kind)].
fn marks(md: &str) -> BTreeMap<String, Vec<(f64, String)>> {
    let mut out: BTreeMap<String, Vec<(f64, String)>> = BTreeMap::new();
    for (_, _, charts) in slides(md) {
        for c in charts {
            for m in c.marks {
                let x: f64 = m.x.to_string().parse().unwrap();
                out.entry(m.series).or_default().push((x, m.kind));
            }
        }
    }
    out
}

#[test]
fn an_optimum_more_than_five_percent_off_its_plan_has_a_mark_of_its_own() {
    let mut apart = 0;
    for (name, md) in decks() {
        let marks = marks(md);
        for (_, tables, _) in slides(md) {
            for t in tables.iter().filter(|t| {
                t.head.first().is_some_and(|h| h == "Channel")
                    && t.head.get(1).is_some_and(|h| h == "Budget")
                    && t.head.get(2).is_some_and(|h| h == "Optimal")
            }) {
                for r in &t.rows {
                    let (Some(plan), Some(best)) = (money(&r[1]), money(&r[2])) else {
                        continue;
                    };
                    if (best - plan).abs() <= plan * 0.05 {
                        continue;
                    }
                    let Some(on) = marks.get(&r[0]) else {
                        continue;
                    };
                    apart += 1;
                    assert!(
                        on.iter().all(|(_, k)| !k.contains('≈')),
                        "{name}: {} is planned at {plan} and best at {best}, drawn as one mark: {on:?}",
                        r[0]
                    );
                    assert!(
                        on.iter().any(|(_, k)| k.starts_with("optimal")),
                        "{name}: {} has no optimal mark: {on:?}",
                        r[0]
                    );
                }
            }
        }
    }
    assert!(
        apart >= 2,
        "only {apart} channels with an optimum off the plan"
    );
}

#[test]
fn an_optimum_held_by_a_channel_cap_is_marked_as_the_cap_in_markdown_and_pptx() {
    let mut capped = 0;
    for (name, md) in decks() {
        let plan = plan_toml(name);
        let marks = marks(md);
        for c in strings(&plan, "channels") {
            let Some(cap) = c
                .get("max_budget")
                .and_then(|v| v.as_integer().map(|i| i as f64).or(v.as_float()))
            else {
                continue;
            };
            let cname = c["name"].as_str().unwrap();
            let Some(on) = marks.get(cname) else {
                continue;
            };
            for (x, kind) in on {
                if (x - cap).abs() < 0.5 && kind != "planned" {
                    capped += 1;
                    assert_eq!(
                        kind, "optimal = its budget cap",
                        "{name}: {cname}'s optimum is its max_budget"
                    );
                }
            }
        }
    }
    assert!(capped >= 1, "no outside deck has an optimum at a cap");
    // The PPTX draws it as its own symbol, as the PDF does.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.pptx");
    let o = mvplan(&[
        "render",
        outside_plan("power-tools").to_str().unwrap(),
        "--format",
        "pptx",
        "-o",
        out.to_str().unwrap(),
        "--force",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        chart_xmls(&out)
            .iter()
            .any(|x| x.contains("optimal = its budget cap") && x.contains("val=\"diamond\"")),
        "the PPTX curves chart draws the cap as a diamond"
    );
}

/// A cell with its digits masked: "shared by 3 objectives" →
/// "shared by # objectives".
fn masked(cell: &str) -> String {
    let mut out = String::new();
    for c in cell.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn no_figure_column_says_the_same_words_in_nearly_every_row() {
    for (name, md) in decks() {
        for (title, tables, _) in slides(md) {
            for t in tables.iter().filter(|t| t.rows.len() >= 3) {
                for (j, align) in t.aligns.iter().enumerate() {
                    if *align != Align::Right {
                        continue;
                    }
                    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                    for r in &t.rows {
                        let Some(cell) = r.get(j) else { continue };
                        let m = masked(cell);
                        // Words, not a figure: a cell that opens with a
                        // word ("shared by 3 objectives"), where a figure
                        // opens with its number or currency ("6,000 room
                        // nights", "€5.93k per point").
                        if cell.chars().next().is_some_and(char::is_alphabetic) {
                            *counts.entry(m).or_default() += 1;
                        }
                    }
                    if let Some((words, n)) = counts.iter().max_by_key(|(_, n)| **n) {
                        assert!(
                            *n < 3 || *n + 2 < t.rows.len(),
                            "{name} ({title}): column {:?} says {words:?} in {n} of {} rows",
                            t.head.get(j),
                            t.rows.len()
                        );
                    }
                }
            }
        }
    }
}
