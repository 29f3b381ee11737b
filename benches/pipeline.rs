//! `cargo bench`: the time each stage of the pipeline takes.
//!
//! - `check/<example>`: parse + check of each bundled example;
//! - `check/generated-200-channels`: a generated plan with 200 channels;
//! - `check/at-item-cap`: 5,000 objectives, channels and assumptions, all
//!   cross-referenced (the largest plan the loader accepts).
//!
//! `cargo bench --bench pipeline -- pdf` runs the benchmarks whose name
//! contains `pdf`. The harness is the few lines of `harness` below, not
//! criterion: as a dev-dependency criterion (and its regex) was compiled
//! by every `cargo test`, for a benchmark few of those runs ever start.

use std::fmt::Write;
use std::hint::black_box;

use mvplan::check::Settings;
use mvplan::source::SourceFile;

use harness::Criterion;

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

/// A plan at the 5,000-items-per-section cap, every item pointing at others:
/// what used to make the alignment rules quadratic.
fn plan_at_item_cap() -> String {
    let n = 5_000;
    let mut s = String::from(
        "[plan]\ntitle = \"Cap\"\norganisation = \"O\"\nowner = \"W\"\nstart = 2027-01-01\nend = 2027-12-31\ncurrency = \"EUR\"\n\n[budget]\ntotal = 5_000_000\n\n[[goals]]\nid = \"g\"\nstatement = \"g\"\n",
    );
    for i in 0..n {
        let _ = write!(
            s,
            "[[objectives]]\nid = \"o{i}\"\nstatement = \"o\"\nsupports = [\"g\"]\n"
        );
    }
    for i in 0..n {
        let _ = write!(
            s,
            "[[channels]]\nid = \"c{i}\"\nname = \"c\"\nsupports = [\"o{i}\", \"o{}\"]\nbudget = 1000\nforecast = {{ o{i} = 1 }}\n",
            (i + 1) % n
        );
    }
    for i in 0..n {
        let _ = write!(
            s,
            "[[assumptions]]\nid = \"a{i}\"\nstatement = \"a\"\nunderpins = [\"o{i}\"]\n"
        );
    }
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
        .chain([
            ("generated-200-channels".to_string(), generated),
            ("at-item-cap".to_string(), plan_at_item_cap()),
        ]);
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

/// Markdown deck → PDF and HTML (PDF fonts already parsed, as in watch mode and review).
fn pdf(c: &mut Criterion) {
    use mvplan::render::{Format, ThemeChoice, markdown, pdf};
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
    let mut group = c.benchmark_group("deck");
    // The library's one render entry point, as every command uses it.
    let themes = ThemeChoice::default();
    let render = |md: &str, format| mvplan::render::render(md, format, &themes, &opts).unwrap();
    for (name, md) in [("b2b-saas-pitch", &pitch), ("twenty-slides", &twenty)] {
        eprintln!(
            "html/{name}: {} bytes",
            render(md, Format::Html).bytes.len()
        );
        group.bench_function(format!("html/{name}"), |b| {
            b.iter(|| black_box(render(md, Format::Html)))
        });
        let out = pdf::render(&markdown::parse(md), &theme, &opts).unwrap();
        eprintln!(
            "pdf/{name}: {} pages, {} bytes",
            out.pages.len(),
            out.bytes.len()
        );
        group.bench_function(format!("pdf/{name}"), |b| {
            b.iter(|| black_box(render(md, Format::Pdf)))
        });
    }
    group.finish();
}

/// A realistic unit plan with 12 channels over 4 objectives.
fn unit_plan(i: usize) -> String {
    let mut s = format!(
        "[plan]\ntitle = \"Unit {i} FY2027\"\norganisation = \"Bench Group\"\nunit = \"Unit {i}\"\nowner = \"Owner {i}\"\nstart = 2027-01-01\nend = 2027-12-31\ncurrency = \"{}\"\n\n[strategy]\nstatement = \"From here to there by doing things well.\"\n\n[[goals]]\nid = \"revenue\"\nstatement = \"Grow\"\nmetric = \"Revenue\"\nbaseline = 1\ntarget = 2\ndue = 2027-12-31\n\n[[insights]]\nid = \"insight\"\nfinding = \"Something we learned\"\nsource = \"Survey\"\ndate = 2026-06-01\ninforms = [\"objective-0\"]\n\n",
        if i.is_multiple_of(3) { "GBP" } else { "EUR" }
    );
    for o in 0..4 {
        let _ = write!(
            s,
            "[[objectives]]\nid = \"objective-{o}\"\nstatement = \"Objective {o}\"\nsupports = [\"revenue\"]\nmetric = \"Leads\"\nbaseline = 100\ntarget = 400\ndue = 2027-12-31\n\n"
        );
    }
    let categories = ["search", "social", "events", "content"];
    for c in 0..12 {
        let _ = write!(
            s,
            "[[channels]]\nid = \"channel-{c}\"\nname = \"Channel {c}\"\ncategory = \"{}\"\nsupports = [\"objective-{}\"]\nbudget = 40_000\nquarterly = [10_000, 10_000, 10_000, 10_000]\nforecast = {{ objective-{} = 100 }}\nkpis = [{{ name = \"Leads\", target = 100 }}]\n\n",
            categories[c % 4],
            c % 4,
            c % 4
        );
    }
    s.push_str("[budget]\ntotal = 560_000\ncontingency = 20_000\n\n[[budget.lines]]\nid = \"research\"\nname = \"Research\"\namount = 60_000\nwork = \"upstream\"\nsupports = [\"objective-0\"]\n\n[[team]]\nid = \"planner\"\nrole = \"Planner\"\nfte = 1\ncost = 0\nwork = \"upstream\"\n\n[[asks]]\nid = \"budget\"\nask = \"Approve\"\n");
    s
}

/// The portfolio review of 1,000 unit plans: read, check (on every core) and roll up.
fn review(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("mvplan-bench-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..1000 {
        std::fs::write(dir.join(format!("unit-{i:04}.toml")), unit_plan(i)).unwrap();
    }
    let policy = mvplan::policy::parse(&SourceFile::new(
        "policy.toml",
        "[policy]\ncurrency = \"EUR\"\n[rates]\nGBP = 1.17\n",
    ))
    .unwrap();
    let files = mvplan::portfolio::collect(std::slice::from_ref(&dir));
    assert_eq!(files.len(), 1000);
    let settings = Settings::default();
    let checked = mvplan::portfolio::check_all(&files, &settings, Some(&policy), None, &|_| {});
    assert!(
        checked
            .iter()
            .all(|c| c.plan.is_some() && c.report.tally().errors == 0),
        "generated plans check clean"
    );
    let mut group = c.benchmark_group("review");
    group.sample_size(10);
    group.bench_function("1000-plans", |b| {
        b.iter(|| {
            let checked =
                mvplan::portfolio::check_all(&files, &settings, Some(&policy), None, &|_| {});
            black_box(mvplan::portfolio::roll_up(&checked, Some(&policy)))
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let mut c = Criterion::from_args();
    check(&mut c);
    markdown(&mut c);
    pdf(&mut c);
    review(&mut c);
}

/// Times a closure the way criterion's simplest use does: warm up, pick a
/// number of iterations per sample that takes about a tenth of a second,
/// take the samples, report the median time of one iteration (and the
/// fastest sample's, which is what a quiet machine gives).
mod harness {
    use std::time::{Duration, Instant};

    pub struct Criterion {
        filter: Option<String>,
    }

    impl Criterion {
        /// The first argument that is not a flag filters by name (cargo
        /// passes `--bench` itself).
        pub fn from_args() -> Criterion {
            let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
            Criterion { filter }
        }

        pub fn benchmark_group(&mut self, name: &str) -> Group<'_> {
            Group {
                criterion: self,
                name: name.to_string(),
                samples: 30,
            }
        }
    }

    pub struct Group<'a> {
        criterion: &'a Criterion,
        name: String,
        samples: usize,
    }

    impl Group<'_> {
        pub fn sample_size(&mut self, samples: usize) {
            self.samples = samples.max(3);
        }

        pub fn bench_function(&mut self, id: impl AsRef<str>, f: impl FnOnce(&mut Bencher)) {
            let name = format!("{}/{}", self.name, id.as_ref());
            if self
                .criterion
                .filter
                .as_ref()
                .is_some_and(|f| !name.contains(f.as_str()))
            {
                return;
            }
            let mut b = Bencher {
                samples: self.samples,
                per_iter: Vec::new(),
            };
            f(&mut b);
            b.per_iter.sort();
            let (Some(min), Some(median)) =
                (b.per_iter.first(), b.per_iter.get(b.per_iter.len() / 2))
            else {
                return;
            };
            println!(
                "{name:<40} median {:>10}   fastest {:>10}   ({} samples)",
                show(*median),
                show(*min),
                b.per_iter.len()
            );
        }

        pub fn finish(self) {}
    }

    pub struct Bencher {
        samples: usize,
        per_iter: Vec<Duration>,
    }

    impl Bencher {
        pub fn iter<T>(&mut self, mut f: impl FnMut() -> T) {
            // Warm up for a quarter of a second, counting iterations.
            let start = Instant::now();
            let mut n = 0u32;
            while start.elapsed() < Duration::from_millis(250) || n == 0 {
                std::hint::black_box(f());
                n += 1;
            }
            let one = start.elapsed() / n;
            let per_sample = (Duration::from_millis(100).as_nanos() / one.as_nanos().max(1))
                .clamp(1, 1_000_000) as u32;
            for _ in 0..self.samples {
                let t = Instant::now();
                for _ in 0..per_sample {
                    std::hint::black_box(f());
                }
                self.per_iter.push(t.elapsed() / per_sample);
            }
        }
    }

    fn show(d: Duration) -> String {
        let ns = d.as_nanos() as f64;
        if ns >= 1e6 {
            format!("{:.2} ms", ns / 1e6)
        } else {
            format!("{:.1} µs", ns / 1e3)
        }
    }
}
