//! The portfolio review: many business units' plans checked side by side and
//! rolled up for the CMO — one table of all plans, spend by channel category
//! and by quarter in one currency, the coverage of company objectives by
//! units, the outliers, and a headline per plan.
//!
//! (Over 600 lines: the roll-up, its JSON/CSV rows and the review deck's view
//! model, which share one set of row types.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::Settings;
use crate::diagnostic::{Severity, Tally};
use crate::figures::percent;
use crate::plan::Plan;
use crate::policy::Policy;
use crate::report::FileReport;

/// One plan of the batch, as checked.
pub struct Checked {
    pub path: PathBuf,
    pub report: FileReport,
    pub plan: Option<Plan>,
}

/// Plans in `paths`: files as given, directories searched (to four levels)
/// for `*.toml` files that are plans (they have a `[plan]` table: a theme,
/// a policy or a `.taplo.toml` beside the plans is not one). Sorted, so the
/// review's order doesn't depend on the filesystem.
pub fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            match e.file_type() {
                Ok(t)
                    if t.is_dir()
                        && depth < 4
                        && !e.file_name().to_string_lossy().starts_with('.') =>
                {
                    walk(&p, depth + 1, out)
                }
                Ok(t)
                    if t.is_file()
                        && p.extension().is_some_and(|x| x == "toml")
                        && !e.file_name().to_string_lossy().starts_with('.')
                        && p.file_name().is_some_and(|n| n != crate::policy::FILE_NAME)
                        && looks_like_plan(&p) =>
                {
                    out.push(p)
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, 0, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a TOML file found in a directory is meant as a plan: it has a
/// `[plan]` table. (A file that can't be read is kept, so that the review
/// says why.)
fn looks_like_plan(path: &Path) -> bool {
    match crate::source::read_regular(path, crate::plan::MAX_FILE_BYTES) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).lines().any(|l| {
            let l = l.trim_start_matches('\u{feff}').trim();
            // `[plan` also catches a plan whose header is broken: it is
            // reported as a plan that did not load, not passed over.
            l.starts_with("[plan") || l.starts_with("[ plan") || l.starts_with("plan.")
        }),
        Err(_) => true,
    }
}

/// Checks every plan, spread over the machine's cores. `progress` is called
/// with the number done so far.
pub fn check_all(
    files: &[PathBuf],
    settings: &Settings,
    policy: Option<&Policy>,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Checked> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Vec<Checked>> = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let done = &done;
                s.spawn(move || {
                    part.iter()
                        .map(|path| {
                            let (report, plan) = crate::check_path_with(path, settings, policy);
                            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                            progress(n);
                            Checked {
                                path: path.clone(),
                                report,
                                plan,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A panic in a worker is a bug; surface it rather than lose plans.
            results.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
    });
    results.into_iter().flatten().collect()
}

#[derive(Debug, Serialize)]
pub struct UnitRow {
    pub file: String,
    pub title: String,
    pub organisation: String,
    pub unit: String,
    pub owner: String,
    pub status: String,
    pub currency: String,
    /// Whether the plan's amounts could be converted into the review currency.
    pub converted: bool,
    /// Total budget in the review currency (or the plan's, if not converted).
    pub budget: Decimal,
    pub unallocated: Decimal,
    pub upstream_share: Option<Decimal>,
    pub score: u32,
    pub errors: usize,
    pub warnings: usize,
    pub stale_insights: usize,
    pub strategy: Option<String>,
    /// The most severe findings, for the plan's slide.
    pub top_findings: Vec<String>,
    /// Every finding, with its rule id and place (for BI tools: count by rule).
    pub findings: Vec<FindingRow>,
    pub objectives: usize,
    pub channels: usize,
}

#[derive(Debug, Serialize)]
pub struct BrokenRow {
    pub file: String,
    /// The first problems, as sentences (for the deck).
    pub errors: Vec<String>,
    /// Every problem, with its rule id and place.
    pub findings: Vec<FindingRow>,
}

/// One finding of one plan, as review JSON carries it.
#[derive(Debug, Serialize)]
pub struct FindingRow {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

fn finding_rows(report: &FileReport) -> Vec<FindingRow> {
    report
        .findings
        .iter()
        .map(|f| {
            let at = match (&report.source, &f.span) {
                (Some(s), Some(span)) => Some(s.line_col(span.start)),
                _ => None,
            };
            FindingRow {
                rule: f.rule,
                severity: f.severity,
                message: f.message.clone(),
                file: report.path.clone(),
                line: at.map(|a| a.0),
                column: at.map(|a| a.1),
            }
        })
        .collect()
}

/// A company objective by id: which plan it is in, and its id there.
#[derive(Debug, Serialize)]
pub struct ObjectiveRef {
    pub file: String,
    pub objective: String,
}

#[derive(Debug, Serialize)]
pub struct Amount {
    pub name: String,
    pub amount: Decimal,
    pub share: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct Coverage {
    /// The parent (company) plan.
    pub parent: String,
    pub objective: String,
    pub statement: String,
    /// Units whose goals cascade from it.
    pub units: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Portfolio {
    /// `mvplan <version>`: first in the JSON, by which mvplan knows its own file.
    pub generator: String,
    pub title: String,
    pub currency: String,
    pub policy: Option<String>,
    pub plans: Vec<UnitRow>,
    pub broken: Vec<BrokenRow>,
    pub total_budget: Decimal,
    pub total_spend: Decimal,
    pub upstream_share: Option<Decimal>,
    pub by_category: Vec<Amount>,
    pub by_quarter: Vec<Amount>,
    pub tally: Tally,
    pub coverage: Vec<Coverage>,
    /// Company objectives no unit serves ("id — statement", for the deck).
    pub uncovered: Vec<String>,
    /// The same, by id.
    pub uncovered_objectives: Vec<ObjectiveRef>,
    /// Units with a parent whose goals trace to none of its objectives.
    pub untraced: Vec<String>,
    /// Plans with error-level findings.
    pub with_errors: Vec<String>,
    /// Plans scoring below 100, lowest first (at most five).
    pub lowest_scores: Vec<String>,
    /// Plans by unallocated budget, largest first (at most five, only those with some).
    pub most_unallocated: Vec<String>,
    /// Plans with stale insights.
    pub stale: Vec<String>,
}

fn unit_name(plan: &Plan) -> String {
    plan.meta
        .unit
        .clone()
        .unwrap_or_else(|| plan.meta.title.clone())
}

/// Rolls up checked plans.
pub fn roll_up(checked: &[Checked], policy: Option<&Policy>) -> Portfolio {
    let currency = policy
        .and_then(|p| p.currency.as_ref().map(|c| c.value.clone()))
        .or_else(|| {
            checked
                .iter()
                .find_map(|c| c.plan.as_ref().map(|p| p.meta.currency.value.clone()))
        })
        .unwrap_or_else(|| "EUR".into());
    let rate = |plan: &Plan| -> Option<Decimal> {
        if plan.meta.currency.value == currency {
            return Some(Decimal::ONE);
        }
        policy.and_then(|p| p.rate(&plan.meta.currency.value))
    };

    let mut plans = Vec::new();
    let mut broken = Vec::new();
    let mut tally = Tally::default();
    let mut categories: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut quarters: BTreeMap<String, Decimal> = BTreeMap::new();
    let (mut total_budget, mut total_spend, mut upstream) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);

    for c in checked {
        let t = c.report.tally();
        tally.merge(t);
        let (Some(plan), Some(fig)) = (&c.plan, &c.report.figures) else {
            broken.push(BrokenRow {
                file: c.report.path.clone(),
                findings: finding_rows(&c.report),
                errors: c
                    .report
                    .findings
                    .iter()
                    .take(5)
                    .map(|f| {
                        let line = match (&c.report.source, &f.span) {
                            (Some(s), Some(span)) => format!("line {}: ", s.line_col(span.start).0),
                            _ => String::new(),
                        };
                        format!("{line}{} [{}]", f.message, f.rule)
                    })
                    .collect(),
            });
            continue;
        };
        let r = rate(plan);
        // Saturating: rates and amounts are bounded, but their products and
        // sums over thousands of plans are not, and must not panic.
        let conv = |d: Decimal| d.saturating_mul(r.unwrap_or(Decimal::ONE));
        let add = |to: &mut Decimal, d: Decimal| *to = to.saturating_add(d);
        if r.is_some() {
            add(&mut total_budget, conv(fig.total));
            add(&mut total_spend, conv(fig.spend));
            add(&mut upstream, conv(fig.upstream_spend));
            for ch in &plan.channels {
                let cat = ch
                    .category
                    .as_ref()
                    .map_or("uncategorised", |c| c.value.as_str());
                add(
                    categories.entry(cat.to_string()).or_default(),
                    conv(ch.budget.value),
                );
            }
            for q in &fig.quarter_spend {
                add(quarters.entry(q.label.clone()).or_default(), conv(q.total));
            }
        }
        let mut findings: Vec<_> = c
            .report
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Note)
            .collect();
        findings.sort_by_key(|f| f.severity);
        plans.push(UnitRow {
            file: c.report.path.clone(),
            title: plan.meta.title.clone(),
            organisation: plan.meta.organisation.clone(),
            unit: unit_name(plan),
            owner: plan.meta.owner.clone(),
            status: format!("{:?}", plan.meta.status).to_lowercase(),
            currency: plan.meta.currency.value.clone(),
            converted: r.is_some(),
            budget: conv(fig.total).round_dp(2).normalize(),
            unallocated: conv(fig.unallocated).round_dp(2).normalize(),
            upstream_share: fig.upstream_share,
            score: fig.score.total,
            errors: t.errors,
            warnings: t.warnings,
            stale_insights: c
                .report
                .findings
                .iter()
                .filter(|f| f.rule == "insight-stale")
                .count(),
            strategy: plan.strategy.statement.as_ref().map(|s| s.value.clone()),
            top_findings: findings
                .iter()
                .take(3)
                .map(|f| format!("{}: {}", f.severity, f.message))
                .collect(),
            findings: finding_rows(&c.report),
            objectives: plan.objectives.len(),
            channels: plan.channels.len(),
        });
    }

    let amounts = |m: BTreeMap<String, Decimal>, sort: bool| {
        let total = m.values().fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
        let mut v: Vec<Amount> = m
            .into_iter()
            .map(|(name, amount)| Amount {
                share: percent(amount, total),
                name,
                amount: amount.round_dp(2).normalize(),
            })
            .collect();
        if sort {
            v.sort_by_key(|a| std::cmp::Reverse(a.amount));
        }
        v
    };

    let (coverage, uncovered_objectives, untraced) = cascade(checked);
    let uncovered = uncovered_objectives
        .iter()
        .filter_map(|r| {
            let c = coverage.iter().find(|c| c.objective == r.objective)?;
            Some(format!("{} — {}", c.objective, c.statement))
        })
        .collect();
    let mut by_score: Vec<&UnitRow> = plans.iter().filter(|p| p.score < 100).collect();
    by_score.sort_by_key(|p| p.score);
    let lowest_scores = by_score
        .iter()
        .take(5)
        .map(|p| format!("{} ({}/100)", p.unit, p.score))
        .collect();
    let mut by_unallocated: Vec<&UnitRow> = plans
        .iter()
        .filter(|p| p.unallocated > Decimal::ZERO)
        .collect();
    by_unallocated.sort_by_key(|p| std::cmp::Reverse(p.unallocated));
    let most_unallocated = by_unallocated
        .iter()
        .take(5)
        .map(|p| {
            format!(
                "{} ({} {})",
                p.unit,
                crate::check::group(p.unallocated.round_dp(0)),
                currency
            )
        })
        .collect();
    let with_errors = plans
        .iter()
        .filter(|p| p.errors > 0)
        .map(|p| {
            format!(
                "{} ({} error{})",
                p.unit,
                p.errors,
                if p.errors == 1 { "" } else { "s" }
            )
        })
        .collect();
    let stale = plans
        .iter()
        .filter(|p| p.stale_insights > 0)
        .map(|p| format!("{} ({} stale)", p.unit, p.stale_insights))
        .collect();

    Portfolio {
        generator: format!("mvplan {}", env!("CARGO_PKG_VERSION")),
        title: plans
            .first()
            .map(|p| format!("{} portfolio review", p.organisation))
            .unwrap_or_else(|| "Portfolio review".into()),
        currency,
        policy: policy.map(|p| {
            p.name
                .clone()
                .unwrap_or_else(|| p.path.display().to_string())
        }),
        total_budget: total_budget.round_dp(2).normalize(),
        total_spend: total_spend.round_dp(2).normalize(),
        upstream_share: percent(upstream, total_spend),
        by_category: amounts(categories, true),
        by_quarter: amounts(quarters, false),
        tally,
        coverage,
        uncovered,
        uncovered_objectives,
        untraced,
        with_errors,
        lowest_scores,
        most_unallocated,
        stale,
        plans,
        broken,
    }
}

/// Parent plans in the batch, their objectives, and which units serve them.
fn cascade(checked: &[Checked]) -> (Vec<Coverage>, Vec<ObjectiveRef>, Vec<String>) {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut coverage = Vec::new();
    let mut uncovered = Vec::new();
    let mut untraced = Vec::new();
    for parent in checked.iter().filter(|c| c.plan.is_some()) {
        let Some(pp) = &parent.plan else { continue };
        let parent_path = canon(&parent.path);
        let children: Vec<(&Plan, &Path)> = checked
            .iter()
            .filter_map(|c| {
                let plan = c.plan.as_ref()?;
                let link = plan.meta.parent.as_ref()?;
                let dir = c.path.parent().unwrap_or(Path::new("."));
                (canon(&dir.join(&link.value)) == parent_path).then_some((plan, c.path.as_path()))
            })
            .collect();
        if children.is_empty() {
            continue;
        }
        for o in &pp.objectives {
            let units: Vec<String> = children
                .iter()
                .filter(|(c, _)| {
                    c.goals
                        .iter()
                        .any(|g| g.from.as_ref().is_some_and(|f| f.value == o.id.value))
                })
                .map(|(c, _)| unit_name(c))
                .collect();
            if units.is_empty() {
                uncovered.push(ObjectiveRef {
                    file: parent.report.path.clone(),
                    objective: o.id.value.clone(),
                });
            }
            coverage.push(Coverage {
                parent: unit_name(pp),
                objective: o.id.value.clone(),
                statement: o.statement.clone(),
                units,
            });
        }
        for (child, _) in &children {
            let ids: Vec<&str> = pp.objectives.iter().map(|o| o.id.value.as_str()).collect();
            let traced = child.goals.iter().any(|g| {
                g.from
                    .as_ref()
                    .is_some_and(|f| ids.contains(&f.value.as_str()))
            });
            if !traced {
                untraced.push(unit_name(child));
            }
        }
    }
    (coverage, uncovered, untraced)
}

/// The roll-up as CSV, one row per plan (RFC 4180 quoting).
pub fn csv(p: &Portfolio) -> String {
    fn field(s: &str) -> String {
        // Cells that a spreadsheet would run as a formula are prefixed with
        // `'` (OWASP's list: a leading tab or carriage return counts too,
        // since spreadsheets skip it and read the formula behind it).
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }
    let mut out = String::from(
        // Starts with output::CSV_MARKER, by which mvplan knows its own file.
        "file,unit,owner,status,currency,budget,review_currency,converted,upstream_share,score,errors,warnings,unallocated\n",
    );
    for r in &p.plans {
        let row = [
            field(&r.file),
            field(&r.unit),
            field(&r.owner),
            field(&r.status),
            field(&r.currency),
            r.budget.round_dp(2).to_string(),
            field(&p.currency),
            r.converted.to_string(),
            r.upstream_share.map(|s| s.to_string()).unwrap_or_default(),
            r.score.to_string(),
            r.errors.to_string(),
            r.warnings.to_string(),
            r.unallocated.round_dp(2).to_string(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    for b in &p.broken {
        out.push_str(&format!(
            "{},,,unusable,,,{},false,,,{},0,\n",
            field(&b.file),
            field(&p.currency),
            b.errors.len()
        ));
    }
    out
}

/// What the portfolio deck's front matter needs, shaped like a plan's.
#[derive(Debug, Serialize)]
pub struct DeckMeta {
    pub title: String,
    pub organisation: String,
    pub owner: String,
    pub unit: Option<String>,
    pub theme: Option<String>,
}

/// The view model of the portfolio deck.
#[derive(Debug, Serialize)]
pub struct PortfolioView<'a> {
    pub plan: DeckMeta,
    #[serde(flatten)]
    pub portfolio: &'a Portfolio,
}

pub fn view(p: &Portfolio, theme: Option<String>) -> PortfolioView<'_> {
    PortfolioView {
        plan: DeckMeta {
            title: p.title.clone(),
            organisation: p
                .plans
                .first()
                .map(|u| u.organisation.clone())
                .unwrap_or_default(),
            owner: p
                .policy
                .clone()
                .unwrap_or_else(|| "Portfolio review".into()),
            unit: None,
            theme,
        },
        portfolio: p,
    }
}
