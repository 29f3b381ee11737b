//! The portfolio review: many business units' plans checked side by side and
//! rolled up for the CMO — do the units' plans add up to the company plan
//! ([`cascade`]), what is being asked for ([`asks`]), where to look first
//! ([`scoreboard`]), spend by channel category and by quarter in one
//! currency, and a page per unit. [`csv`] writes the rows for spreadsheets.

pub mod asks;
mod batch;
pub mod calendar;
pub mod cascade;
pub mod csv;
pub mod people;
pub mod scoreboard;
pub mod stack;

pub use self::asks::{AskRow, AskTotal};
pub use self::cascade::{Contribution, Coverage};
pub use self::csv::csv;
pub use self::scoreboard::Attention;

/// The review's own rules: findings that need every plan of the batch.
pub const RULES: &[&crate::diagnostic::Rule] = &[
    &cascade::CASCADE_SHORTFALL,
    &scoreboard::REVIEW_STATUS,
    &people::SHARED_SKILL_GAP,
    &stack::STACK_CONSOLIDATION,
    &calendar::AUDIENCE_COLLISION,
    &calendar::CROSS_UNIT_DEPENDENCY,
];

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::{Severity, Tally};
use crate::figures::percent;
use crate::plan::Plan;
use crate::policy::Policy;
use crate::report::FileReport;

pub use self::batch::{Checked, Tracked, check_all, collect};

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
    /// Red, amber or green: the verdict of `deck::verdict` on the plan's
    /// findings, forecast coverage, pacing and status.
    pub attention: Attention,
    /// The verdict's line: rating, what it stands on, and readiness.
    pub health: String,
    /// What the verdict was judged on (kept to judge again when the
    /// review adds findings of its own).
    #[serde(skip)]
    pub basis: crate::verdict::Basis,
    /// The policy's minimum upstream share, if it sets one.
    pub upstream_minimum: Option<Decimal>,
    /// The weakest objective's forecast coverage, percent.
    pub forecast_coverage: Option<Decimal>,
    /// Each objective's forecast against its target.
    pub objective_coverage: Vec<ObjectiveRow>,
    /// Channel spend by category, in the review currency.
    pub spend_by_category: Vec<Amount>,
    /// The plan's asks.
    pub asks: Vec<AskRow>,
    /// Skills its work needs that no one in it offers.
    pub missing_skills: Vec<String>,
    /// Quarters and skills where its work exceeds its people's capacity.
    pub capacity_gaps: Vec<String>,
    /// The most severe findings, for the plan's slide.
    pub top_findings: Vec<String>,
    /// Every finding, with its rule id and place (for BI tools: count by rule).
    pub findings: Vec<FindingRow>,
    pub objectives: usize,
    pub channels: usize,
    /// Plan vs actual, when the plan names its actuals.
    pub actuals: Option<ActualsRow>,
}

/// A unit's spend and results against its plan (`mvplan track`'s figures),
/// amounts in the review currency when converted.
#[derive(Debug, Serialize)]
pub struct ActualsRow {
    pub as_of: Option<chrono::NaiveDate>,
    /// Why the actuals could not be read, if they could not.
    pub error: Option<String>,
    /// The budgets of the tracked channels and lines (team, agencies and
    /// contingency are not in actuals).
    pub budget: Decimal,
    pub planned_to_date: Decimal,
    pub actual: Decimal,
    pub committed: Decimal,
    /// Actual as a percentage of planned to date.
    pub pacing: Option<Decimal>,
    /// Spend at the end of the period at the pace so far.
    pub reforecast: Decimal,
    /// Objectives and KPIs behind the pace their targets need.
    pub behind: Vec<String>,
    /// Lines overspending or under-pacing.
    pub off_pace: Vec<String>,
    /// Rows of the actuals files that cannot be used.
    pub bad_rows: usize,
    /// Tracking findings (warnings and errors).
    pub flags: usize,
}

/// One objective of a plan and how far its channels' forecasts reach.
#[derive(Debug, Serialize)]
pub struct ObjectiveRow {
    pub id: String,
    pub statement: String,
    pub unit: Option<String>,
    pub needed: Option<Decimal>,
    pub forecast: Decimal,
    pub coverage: Option<Decimal>,
    /// In a company plan: the units deliver it (no forecast expected here).
    pub delivered_by_units: bool,
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

impl FindingRow {
    /// A finding located in `report`'s file.
    pub fn of(report: &FileReport, f: &crate::diagnostic::Finding) -> FindingRow {
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
    }
}

fn finding_rows(report: &FileReport) -> Vec<FindingRow> {
    report
        .findings
        .iter()
        .map(|f| FindingRow::of(report, f))
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
    /// Plans by status (draft, submitted, approved).
    pub statuses: scoreboard::StatusCounts,
    /// The status the policy requires for the review to pass, if any.
    pub required_status: Option<crate::plan::Status>,
    /// Company objectives: the units' contributions against their targets.
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
    /// Every open and answered ask, in the order a CMO takes them.
    pub decisions: Vec<AskRow>,
    /// The asks by kind (budget, headcount, decision, other), totalled.
    pub asks_by_kind: Vec<AskTotal>,
    /// Skills several units need and none has.
    pub shared_skill_gaps: Vec<people::SharedGap>,
    /// What the review itself found (cascade shortfalls, plans below the
    /// required status, shared skill gaps), located in the plans' files.
    pub findings: Vec<FindingRow>,
    /// Units whose plans carry actuals (for the plan-vs-actual slide).
    pub tracked: Vec<String>,
    /// The units' stacks rolled up (marketing operations).
    pub stack: stack::StackRollup,
    /// Every unit's initiatives and flights on one timeline.
    pub calendar: calendar::Calendar,
}

fn actuals_row(t: &Tracked, conv: &dyn Fn(Decimal) -> Decimal) -> ActualsRow {
    let tracking = match &t.tracking {
        Ok(t) => t,
        Err(e) => {
            return ActualsRow {
                as_of: None,
                error: Some(e.clone()),
                budget: Decimal::ZERO,
                planned_to_date: Decimal::ZERO,
                actual: Decimal::ZERO,
                committed: Decimal::ZERO,
                pacing: None,
                reforecast: Decimal::ZERO,
                behind: Vec::new(),
                off_pace: Vec::new(),
                bad_rows: 0,
                flags: 0,
            };
        }
    };
    let sum = |f: fn(&crate::track::LineTrack) -> Decimal| {
        tracking
            .lines
            .iter()
            .map(f)
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
    };
    let (planned, actual) = (sum(|l| l.planned_to_date), sum(|l| l.actual));
    ActualsRow {
        as_of: Some(tracking.as_of),
        error: None,
        budget: conv(sum(|l| l.budget)).round_dp(2).normalize(),
        planned_to_date: conv(planned).round_dp(2).normalize(),
        actual: conv(actual).round_dp(2).normalize(),
        committed: conv(sum(|l| l.committed)).round_dp(2).normalize(),
        pacing: percent(actual, planned).map(|p| p.round_dp(0)),
        reforecast: conv(sum(|l| l.run_rate_end)).round_dp(2).normalize(),
        behind: tracking
            .objectives
            .iter()
            .filter(|o| o.behind)
            .map(|o| o.id.clone())
            .collect(),
        off_pace: tracking
            .lines
            .iter()
            .filter(|l| l.state != "on")
            .map(|l| format!("{} ({})", l.id, l.state))
            .collect(),
        bad_rows: t.bad_rows,
        flags: t.findings.len(),
    }
}

pub(crate) fn unit_name(plan: &Plan) -> String {
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
    let mut statuses = scoreboard::StatusCounts::default();
    let mut review_findings = Vec::new();
    let required_status = policy.and_then(|p| p.require_status);
    let upstream_minimum = policy.and_then(|p| p.min_upstream_share);
    let mut categories: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut quarters: BTreeMap<String, Decimal> = BTreeMap::new();
    let (mut total_budget, mut total_spend, mut upstream) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);

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
        let mut unit_categories: BTreeMap<String, Decimal> = BTreeMap::new();
        for ch in &plan.channels {
            let cat = ch
                .category
                .as_ref()
                .map_or("uncategorised", |c| c.value.as_str());
            add(
                unit_categories.entry(cat.to_string()).or_default(),
                conv(ch.budget.value),
            );
        }
        statuses.add(plan.meta.status);
        if let Some(required) = required_status
            && scoreboard::rank(plan.meta.status) < scoreboard::rank(required)
        {
            let name = |s: crate::plan::Status| format!("{s:?}").to_lowercase();
            review_findings.push(FindingRow::of(
                &c.report,
                &crate::diagnostic::Finding::new(
                    &scoreboard::REVIEW_STATUS,
                    format!(
                        "the plan is `{}`; the policy requires `{}` for the review",
                        name(plan.meta.status),
                        name(required)
                    ),
                )
                .at(plan.meta.span.clone())
                .help(format!(
                    "set `status = \"{}\"` in [plan] when it is ready",
                    name(required)
                )),
            ));
        }
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
        let objective_coverage: Vec<ObjectiveRow> = plan
            .objectives
            .iter()
            .zip(&fig.objectives)
            .map(|(o, f)| ObjectiveRow {
                id: o.id.value.clone(),
                statement: o.statement.clone(),
                unit: o.measure.unit.clone(),
                needed: f.needed,
                forecast: f.forecast,
                coverage: f.coverage,
                delivered_by_units: o.delivered_by_units,
            })
            .collect();
        let forecast_coverage = objective_coverage
            .iter()
            .filter(|o| !o.delivered_by_units && o.needed.is_some_and(|n| n > Decimal::ZERO))
            .map(|o| o.coverage.unwrap_or_default())
            .min();
        let unit = unit_name(plan);
        let actuals = c.tracking.as_ref().map(|t| actuals_row(t, &conv));
        let basis = crate::verdict::Basis {
            errors: t.errors,
            warnings: t.warnings,
            status: Some(plan.meta.status),
            weakest: objective_coverage
                .iter()
                .filter(|o| !o.delivered_by_units && o.needed.is_some_and(|n| n > Decimal::ZERO))
                .map(|o| (o.coverage.unwrap_or_default(), o.id.clone()))
                .min_by_key(|(c, _)| *c)
                .map(|(c, id)| (c, crate::plan::words::label(plan, &id).to_lowercase())),
            behind_pace: actuals.as_ref().map_or(0, |a| a.behind.len()),
            off_pace: actuals.as_ref().map_or(0, |a| a.off_pace.len()),
        };
        let verdict = crate::verdict::verdict(&basis);
        plans.push(UnitRow {
            attention: verdict.attention,
            health: verdict.basis,
            basis,
            upstream_minimum,
            forecast_coverage,
            objective_coverage,
            spend_by_category: amounts(unit_categories, true),
            asks: asks::of_plan(plan, &c.report.path, &unit, r),
            missing_skills: fig
                .capacity
                .as_ref()
                .map(|k| k.missing_skills.clone())
                .unwrap_or_default(),
            capacity_gaps: fig
                .capacity
                .as_ref()
                .map(|k| {
                    k.gaps
                        .iter()
                        .map(|g| {
                            format!(
                                "{} {}: {} FTE-months short",
                                g.quarter,
                                g.skill,
                                crate::format::format_number(g.short(), 1)
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            file: c.report.path.clone(),
            title: plan.meta.title.clone(),
            organisation: plan.meta.organisation.clone(),
            unit,
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
                .map(|f| {
                    format!(
                        "{}: {}",
                        f.severity,
                        crate::plan::words::plain(&f.message, plan)
                    )
                })
                .collect(),
            findings: finding_rows(&c.report),
            objectives: plan.objectives.len(),
            channels: plan.channels.len(),
            actuals,
        });
    }

    let cascade::Cascade {
        coverage,
        uncovered: uncovered_objectives,
        untraced,
        findings: cascade_findings,
    } = cascade::roll(checked);
    review_findings.extend(cascade_findings);
    let (shared_skill_gaps, people_findings) = people::shared_gaps(checked);
    review_findings.extend(people_findings);
    let (stack, stack_findings) = stack::roll(checked, policy, &currency, &rate);
    review_findings.extend(stack_findings);
    let (calendar, calendar_findings) = calendar::roll(checked);
    review_findings.extend(calendar_findings);
    for f in &review_findings {
        tally.add(f.severity);
    }
    // A plan's health counts what the review found in its file too: it never
    // says "ready" while the review has an error for that plan.
    for row in &mut plans {
        let mine = review_findings.iter().filter(|f| f.file == row.file);
        let (errors, warnings) = mine.fold((0, 0), |(e, w), f| match f.severity {
            Severity::Error => (e + 1, w),
            Severity::Warning => (e, w + 1),
            Severity::Note => (e, w),
        });
        if errors + warnings > 0 {
            row.errors += errors;
            row.warnings += warnings;
            row.basis.errors = row.errors;
            row.basis.warnings = row.warnings;
            let verdict = crate::verdict::verdict(&row.basis);
            row.attention = verdict.attention;
            row.health = verdict.basis;
        }
    }
    // Where to look first: errors, then warnings, then the lowest scores.
    plans.sort_by(|a, b| {
        (
            a.attention,
            std::cmp::Reverse(a.errors),
            std::cmp::Reverse(a.warnings),
            a.score,
        )
            .cmp(&(
                b.attention,
                std::cmp::Reverse(b.errors),
                std::cmp::Reverse(b.warnings),
                b.score,
            ))
            .then_with(|| a.file.cmp(&b.file))
    });
    // Recommendations once every verdict is final (the review's own
    // findings included).
    for row in &mut plans {
        let Some(c) = checked.iter().find(|c| c.report.path == row.file) else {
            continue;
        };
        let Some(plan) = c.plan.as_ref() else {
            continue;
        };
        let verdict = crate::verdict::verdict(&row.basis);
        let state = asks::PlanState {
            verdict: &verdict,
            status: plan.meta.status,
            total: plan.budget.total.value,
            currency: &plan.meta.currency.value,
            capacity_gaps: row.capacity_gaps.len(),
        };
        for (ask, a) in row.asks.iter_mut().zip(&plan.asks) {
            ask.recommendation = asks::recommend(a, &state);
        }
    }
    let decisions = asks::for_decision(plans.iter().flat_map(|p| p.asks.iter().cloned()).collect());
    let asks_by_kind = asks::totals(&decisions);
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
    let tracked = plans
        .iter()
        .filter(|p| p.actuals.is_some())
        .map(|p| p.unit.clone())
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
        statuses,
        required_status,
        coverage,
        uncovered,
        uncovered_objectives,
        untraced,
        with_errors,
        lowest_scores,
        most_unallocated,
        stale,
        decisions,
        asks_by_kind,
        shared_skill_gaps,
        findings: review_findings,
        tracked,
        stack,
        calendar,
        plans,
        broken,
    }
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

impl Portfolio {
    /// Why the review fails, for a terminal: each plan that did not load or
    /// has errors with its first errors (and how to see the rest), then the
    /// review's own errors. `None` when nothing fails the review.
    pub fn failures(&self) -> Option<String> {
        use std::fmt::Write;
        const SHOWN: usize = 3;
        let place = |f: &FindingRow| match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", f.file),
            _ => f.file.clone(),
        };
        let mut out = String::new();
        let list = |out: &mut String, file: &str, errors: Vec<&FindingRow>, what: &str| {
            let _ = writeln!(out, "error: `{file}` {what}");
            for f in errors.iter().take(SHOWN) {
                let _ = writeln!(out, "  error[{}] {}: {}", f.rule, place(f), f.message);
            }
            if errors.len() > SHOWN {
                let _ = writeln!(out, "  … and {} more", errors.len() - SHOWN);
            }
            let _ = writeln!(
                out,
                "  = help: run `mvplan check {file}` for every finding with its source line"
            );
        };
        for b in &self.broken {
            let errors: Vec<&FindingRow> = b
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            list(&mut out, &b.file, errors, "did not load");
        }
        for p in self.plans.iter().filter(|p| p.errors > 0) {
            let errors: Vec<&FindingRow> = p
                .findings
                .iter()
                .chain(self.findings.iter().filter(|f| f.file == p.file))
                .filter(|f| f.severity == Severity::Error)
                .collect();
            let n = errors.len();
            let what = format!("has {n} error{}", if n == 1 { "" } else { "s" });
            list(&mut out, &p.file, errors, &what);
        }
        let plan_files: Vec<&str> = self.plans.iter().map(|p| p.file.as_str()).collect();
        for f in self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !plan_files.contains(&f.file.as_str()))
        {
            let _ = writeln!(out, "error[{}] {}: {}", f.rule, place(f), f.message);
        }
        (!out.is_empty()).then_some(out)
    }
}
