//! `cargo bench`: the time each stage of the pipeline takes.
//!
//! - `check/<example>`: parse + check of each bundled example;
//! - `check/generated-200-channels`: a generated plan with 200 channels.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mvplan::check::Settings;
use mvplan::source::SourceFile;

const EXAMPLES: &[(&str, &str)] = &[
    ("b2b-saas", include_str!("../examples/b2b-saas.toml")),
    (
        "consumer-brand",
        include_str!("../examples/consumer-brand.toml"),
    ),
    (
        "industrial-unit",
        include_str!("../examples/industrial-unit.toml"),
    ),
    ("flawed", include_str!("../examples/flawed.toml")),
];

/// A plan with `n` channels over 20 objectives, each channel phased by
/// quarter with a KPI and a forecast: the shape of a large organisation's plan.
pub fn generated_plan(n: usize) -> String {
    let mut s = String::from(
        "[plan]\ntitle = \"Generated\"\norganisation = \"Bench Co\"\nowner = \"Bench\"\nstart = 2027-01-01\nend = 2027-12-31\ncurrency = \"EUR\"\n\n[strategy]\nstatement = \"From here to there by doing things.\"\n\n[[goals]]\nid = \"revenue\"\nstatement = \"Grow\"\nmetric = \"Revenue\"\nbaseline = 1\ntarget = 2\ndue = 2027-12-31\n\n",
    );
    for o in 0..20 {
        let _ = write!(
            s,
            "[[objectives]]\nid = \"objective-{o}\"\nstatement = \"Objective {o}\"\nsupports = [\"revenue\"]\nmetric = \"Leads\"\nbaseline = 100\ntarget = {}\ndue = 2027-12-31\n\n",
            n / 20 * 100 + 100
        );
    }
    for c in 0..n {
        let _ = write!(
            s,
            "[[channels]]\nid = \"channel-{c}\"\nname = \"Channel {c}\"\nsupports = [\"objective-{}\"]\nbudget = 40_000\nquarterly = [10_000, 10_000, 10_000, 10_000]\nforecast = {{ objective-{} = 100 }}\nkpis = [{{ name = \"Leads\", target = 100 }}]\n\n",
            c % 20,
            c % 20
        );
    }
    let _ = write!(s, "[budget]\ntotal = {}\ncontingency = 0\n", n * 40_000);
    s
}

fn check(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("check");
    let generated = generated_plan(200);
    // Measure a plan that loads and checks clean, not an early error exit.
    let (report, plan) =
        mvplan::check_source(SourceFile::new("gen.toml", generated.as_str()), &settings);
    assert!(
        plan.is_some() && report.tally().errors == 0,
        "{:?}",
        report.findings
    );
    let cases = EXAMPLES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .chain([("generated-200-channels".to_string(), generated)]);
    for (name, text) in cases {
        group.bench_function(&name, |b| {
            b.iter(|| {
                let source = SourceFile::new("bench.toml", black_box(text.as_str()));
                black_box(mvplan::check_source(source, &settings))
            })
        });
    }
    group.finish();
}

/// Markdown render of each deck for the largest example: view model + Tera,
/// with the template set loaded once (as `render` and `review` do).
fn markdown(c: &mut Criterion) {
    let settings = Settings::default();
    let set = mvplan::deck::TemplateSet::load(None).expect("built-in templates");
    let source = SourceFile::new("b2b-saas.toml", EXAMPLES[0].1);
    let (report, plan) = mvplan::check_source(source, &settings);
    let plan = plan.expect("example loads");
    let (fig, src) = (
        report.figures.as_ref().unwrap(),
        report.source.as_ref().unwrap(),
    );
    let mut group = c.benchmark_group("markdown");
    for deck in ["pitch", "mvp"] {
        group.bench_function(format!("b2b-saas/{deck}"), |b| {
            b.iter(|| {
                black_box(
                    mvplan::deck::render(&set, deck, &plan, fig, &report.findings, src).unwrap(),
                )
            })
        });
    }
    group.bench_function("load-templates", |b| {
        b.iter(|| black_box(mvplan::deck::TemplateSet::load(None).unwrap()))
    });
    group.finish();
}

/// A 20-slide deck of the kinds of content decks have: a title slide, text
/// and lists, tables, and each kind of chart.
pub fn twenty_slide_deck() -> String {
    let mut md = String::from(
        "---\nmarp: true\npaginate: true\nfooter: \"Bench Co · 20 slides\"\n---\n\n<!-- _class: title lead -->\n\n# Twenty slides\n\n## A benchmark deck\n",
    );
    for i in 2..=20 {
        md.push_str(&format!(
            "\n---\n\n# Slide {i}: a title long enough to be realistic\n\n"
        ));
        match i % 4 {
            0 => {
                md.push_str("| Channel | Budget | KPI | Forecast |\n|---|--:|---|--:|\n");
                for r in 0..8 {
                    md.push_str(&format!(
                        "| Channel {r} with a name | €{r}50,000 | Leads: 1,{r}00 | €{r}.4M |\n"
                    ));
                }
            }
            1 => {
                for r in 0..6 {
                    md.push_str(&format!("- **Point {r}:** a sentence of ordinary length that explains the point in words\n"));
                }
            }
            2 => {
                md.push_str("```chart bar\n# title: Allocation\n# unit: EUR\n");
                for r in 0..6 {
                    md.push_str(&format!("Channel {r}: {}00000\n", r + 2));
                }
                md.push_str("```\n\nA paragraph under the chart that says what it shows.\n");
            }
            _ => {
                md.push_str("```chart stacked-bar\n# title: By quarter\n# unit: EUR\n# series: Upstream, Downstream\nQ1: 200000, 900000\nQ2: 250000, 1000000\nQ3: 250000, 950000\nQ4: 300000, 1100000\n```\n");
            }
        }
    }
    md
}

/// Markdown deck → PDF, fonts already parsed (as in watch mode and review).
fn pdf(c: &mut Criterion) {
    use mvplan::render::{markdown, pdf};
    let theme = mvplan::theme::Theme::builtin("default").unwrap();
    let opts = pdf::PdfOptions::default();
    let settings = Settings::default();
    let set = mvplan::deck::TemplateSet::load(None).unwrap();
    let (report, plan) =
        mvplan::check_source(SourceFile::new("b2b-saas.toml", EXAMPLES[0].1), &settings);
    let pitch = mvplan::deck::render(
        &set,
        "pitch",
        &plan.unwrap(),
        report.figures.as_ref().unwrap(),
        &report.findings,
        report.source.as_ref().unwrap(),
    )
    .unwrap();
    let twenty = twenty_slide_deck();
    let mut group = c.benchmark_group("pdf");
    for (name, md) in [("b2b-saas-pitch", &pitch), ("twenty-slides", &twenty)] {
        let out = pdf::render(&markdown::parse(md), &theme, &opts).unwrap();
        eprintln!(
            "pdf/{name}: {} pages, {} bytes",
            out.pages.len(),
            out.bytes.len()
        );
        group.bench_function(name, |b| {
            b.iter(|| black_box(pdf::render(&markdown::parse(md), &theme, &opts).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, check, markdown, pdf);
criterion_main!(benches);
