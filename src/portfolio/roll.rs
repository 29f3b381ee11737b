//! Rolling checked plans up into the portfolio: one row per unit with its
//! verdict, the totals in the review currency, the review's own findings
//! (cascade, people, stack, calendar) counted into each plan's health, the
//! asks' recommendations, and the lists of where to look first.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{
    Amount, BrokenRow, Checked, FindingRow, ObjectiveRow, Portfolio, Tracked, UnitRow, asks,
    calendar, cascade, finding_rows, people, scoreboard, stack, unit_name,
};
use crate::diagnostic::{Severity, Tally};
use crate::figures::{Figures, percent};
use crate::plan::Plan;
use crate::policy::Policy;

/// Rolls up checked plans.
pub fn roll_up(checked: &[Checked], policy: Option<&Policy>) -> Portfolio {
    let currency = review_currency(checked, policy);
    let rate = |plan: &Plan| -> Option<Decimal> {
        if plan.meta.currency.value == currency {
            return Some(Decimal::ONE);
        }
        policy.and_then(|p| p.rate(&plan.meta.currency.value))
    };
    let required_status = policy.and_then(|p| p.require_status);
    let mut plans = Vec::new();
    let mut broken = Vec::new();
    let mut tally = Tally::default();
    let mut statuses = scoreboard::StatusCounts::default();
    let mut review_findings = Vec::new();
    let mut totals = Totals::default();
    for c in checked {
        tally.merge(c.report.tally());
        let (Some(plan), Some(fig)) = (&c.plan, &c.report.figures) else {
            broken.push(broken_row(c));
            continue;
        };
        let r = rate(plan);
        statuses.add(plan.meta.status);
        if let Some(required) = required_status {
            review_findings.extend(status_finding(c, plan, required));
        }
        if let Some(r) = r {
            totals.add(plan, fig, r);
        }
        plans.push(unit_row(c, plan, fig, (r, &currency), policy));
    }

    let cascade::Cascade {
        coverage,
        uncovered: uncovered_objectives,
        untraced,
        findings: cascade_findings,
    } = cascade::roll(checked);
    review_findings.extend(cascade_findings);
    // A company objective typed in another currency, said in the review's.
    let in_review = |code: &str| -> Option<(String, Decimal)> {
        (code != currency)
            .then(|| policy.and_then(|p| p.rate(code)))
            .flatten()
            .map(|r| (currency.clone(), r))
    };
    super::board::units_part(&mut plans, &coverage, &in_review);
    let (shared_skill_gaps, people_findings) = people::shared_gaps(checked);
    review_findings.extend(people_findings);
    let (stack, stack_findings) = stack::roll(checked, policy, &currency, &rate);
    review_findings.extend(stack_findings);
    let (calendar, calendar_findings) = calendar::roll(checked);
    review_findings.extend(calendar_findings);
    for f in &review_findings {
        tally.add(f.severity);
    }
    count_review_findings(&mut plans, &review_findings);
    sort_by_attention(&mut plans);
    recommend_asks(&mut plans, checked, &rate, &currency);
    for row in &mut plans {
        row.finding = super::returns::unit_title(row, &currency);
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
    let look = LookFirst::of(&plans, &currency);

    let mut portfolio = Portfolio {
        generator: format!("mvplan {}", env!("CARGO_PKG_VERSION")),
        title: plans
            .first()
            .map(|p| format!("{} portfolio review", p.organisation))
            .unwrap_or_else(|| "Portfolio review".into()),
        currency: currency.clone(),
        policy: policy.map(|p| {
            p.name
                .clone()
                .unwrap_or_else(|| p.path.display().to_string())
        }),
        total_budget: totals.budget.round_dp(2).normalize(),
        total_spend: totals.spend.round_dp(2).normalize(),
        upstream_share: percent(totals.upstream, totals.spend),
        by_category: amounts(totals.categories, true),
        by_quarter: amounts(totals.quarters, false),
        tally,
        statuses,
        required_status,
        coverage,
        uncovered,
        uncovered_objectives,
        untraced,
        with_errors: look.with_errors,
        lowest_scores: look.lowest_scores,
        most_unallocated: look.most_unallocated,
        stale: look.stale,
        decisions,
        asks_by_kind,
        shared_skill_gaps,
        findings: review_findings,
        tracked: look.tracked,
        stack,
        calendar,
        plans,
        broken,
        board: super::board::Board::default(),
        risks: super::risks::Register::default(),
        verdict: asks::rollup(&[], 0),
    };
    portfolio.verdict = asks::rollup(&portfolio.plans, portfolio.broken.len());
    portfolio.board = super::board::board(&portfolio, checked, &totals.parts, &rate);
    portfolio.risks = super::risks::register(&portfolio, checked, &rate);
    portfolio
}

/// The review's currency: the policy's, else the first loaded plan's.
fn review_currency(checked: &[Checked], policy: Option<&Policy>) -> String {
    policy
        .and_then(|p| p.currency.as_ref().map(|c| c.value.clone()))
        .or_else(|| {
            checked
                .iter()
                .find_map(|c| c.plan.as_ref().map(|p| p.meta.currency.value.clone()))
        })
        .unwrap_or_else(|| "EUR".into())
}

/// Amounts by name with their shares of the whole, largest first if `sort`.
fn amounts(m: BTreeMap<String, Decimal>, sort: bool) -> Vec<Amount> {
    let total = m.values().fold(Decimal::ZERO, |a, b| a.saturating_add(*b));
    let mut v: Vec<Amount> = m
        .into_iter()
        .map(|(name, amount)| Amount {
            share: percent(amount, total),
            // The sorted lists are the categories, named as the user wrote
            // them (`abm`); the slide shows them as a board reads them.
            label: if sort {
                super::board::category_label(&name)
            } else {
                name.clone()
            },
            name,
            amount: amount.round_dp(2).normalize(),
        })
        .collect();
    if sort {
        v.sort_by_key(|a| std::cmp::Reverse(a.amount));
    }
    v
}

/// Adds `d` to `to` without overflow: rates and amounts are bounded, but
/// their products and sums over thousands of plans are not, and must not
/// panic.
fn add(to: &mut Decimal, d: Decimal) {
    *to = to.saturating_add(d);
}

/// Spend by channel category of one plan, converted.
fn categories_of(plan: &Plan, rate: Decimal, into: &mut BTreeMap<String, Decimal>) {
    for ch in &plan.channels {
        let cat = ch
            .category
            .as_ref()
            .map_or("uncategorised", |c| c.value.as_str());
        add(
            into.entry(cat.to_string()).or_default(),
            ch.budget.value.saturating_mul(rate),
        );
    }
}

/// The portfolio's totals in the review currency, over the plans that
/// could be converted.
#[derive(Default)]
struct Totals {
    budget: Decimal,
    spend: Decimal,
    upstream: Decimal,
    categories: BTreeMap<String, Decimal>,
    quarters: BTreeMap<String, Decimal>,
    parts: super::board::SpendParts,
}

impl Totals {
    fn add(&mut self, plan: &Plan, fig: &Figures, rate: Decimal) {
        let conv = |d: Decimal| d.saturating_mul(rate);
        add(&mut self.budget, conv(fig.total));
        add(&mut self.spend, conv(fig.spend));
        add(&mut self.upstream, conv(fig.upstream_spend));
        self.parts.add(fig, rate);
        categories_of(plan, rate, &mut self.categories);
        for q in &fig.quarter_spend {
            add(
                self.quarters.entry(q.label.clone()).or_default(),
                conv(q.total),
            );
        }
    }
}

/// A plan that did not load: its first errors, each with its line.
fn broken_row(c: &Checked) -> BrokenRow {
    BrokenRow {
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
    }
}

/// A plan below the status the policy requires for the review.
fn status_finding(c: &Checked, plan: &Plan, required: crate::plan::Status) -> Option<FindingRow> {
    if scoreboard::rank(plan.meta.status) >= scoreboard::rank(required) {
        return None;
    }
    let name = |s: crate::plan::Status| format!("{s:?}").to_lowercase();
    Some(FindingRow::of(
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
    ))
}

/// Each objective's forecast against what it needs.
fn objective_rows(plan: &Plan, fig: &Figures) -> Vec<ObjectiveRow> {
    plan.objectives
        .iter()
        .zip(&fig.objectives)
        .map(|(o, f)| {
            let (needs_cell, forecast_cell) = if f.forecasts() {
                super::goals::objective_cells(o, f.needed, f.shown())
            } else {
                (None, None)
            };
            ObjectiveRow {
                id: o.id.value.clone(),
                statement: o.statement.clone(),
                label: crate::plan::words::label(plan, &o.id.value).to_lowercase(),
                unit: o.measure.unit.clone(),
                needed: f.needed,
                // The deck's figures (`figures::progress`): the curves'
                // forecast where they cover it, the share of the gap closed.
                forecast: f.shown(),
                coverage: f.coverage,
                gap_cell: f.gap_cell(o),
                delivered_by_units: o.delivered_by_units,
                share: None,
                needs_cell,
                forecast_cell,
                change: o.delivered_by_units
                    || o.forecast_basis == crate::plan::ForecastBasis::Uplift,
            }
        })
        .collect()
}

/// What the health verdict weighs for a plan.
fn verdict_basis(
    c: &Checked,
    plan: &Plan,
    objectives: &[ObjectiveRow],
    actuals: Option<&super::ActualsRow>,
) -> crate::verdict::Basis {
    let t = c.report.tally();
    crate::verdict::Basis {
        errors: t.errors,
        warnings: t.warnings,
        status: Some(plan.meta.status),
        weakest: objectives
            .iter()
            .filter(|o| !o.delivered_by_units)
            .filter_map(|o| Some((o.coverage?, o.id.clone())))
            .min_by_key(|(c, _)| *c)
            .map(|(c, id)| (c, crate::plan::words::label(plan, &id).to_lowercase())),
        behind_pace: actuals.map_or(0, |a| a.behind.len()),
        off_pace: actuals.map_or(0, |a| a.off_pace.len()),
        people: None,
        goal: None,
        // The same "figures to settle" as the unit's own deck says.
        to_settle: c.report.figures.as_ref().map_or(0, |f| {
            crate::check::words_settle::open_figures(plan, f.total).len()
        }),
        weakest_at_evidence: None,
        // The unit's own deck's test, so the portfolio's rating agrees.
        critical_risk: c.report.figures.as_ref().and_then(|f| {
            crate::check::risk_rows::critical_unmanaged(plan, f).map(|r| {
                format!(
                    "“{}”, a likely risk {}",
                    r.risk,
                    crate::check::risk_rows::unmanaged_words(r)
                )
            })
        }),
    }
}

/// The scoreboard's Health cell: the verdict without the reasons the
/// scoreboard's own columns state beside it — the gap closed and the money
/// goal shown (said twice in one row, the summary ran onto a second page).
/// The rating is the verdict's, computed on the whole basis.
fn board_health(basis: &crate::verdict::Basis) -> String {
    let full = crate::verdict::verdict(basis);
    let short = crate::verdict::verdict(&crate::verdict::Basis {
        goal: None,
        weakest: None,
        weakest_at_evidence: None,
        ..basis.clone()
    });
    // Without them a plan can read "no findings … ready": the full line
    // then, so no cell says less than its rating.
    if short.attention == full.attention && short.readiness == full.readiness {
        short.basis
    } else {
        full.basis
    }
}

/// The capacity gaps of a plan in words ("Q2 analytics: 1.5 FTE-months short").
fn capacity_gaps(fig: &Figures) -> Vec<String> {
    fig.capacity
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
        .unwrap_or_default()
}

/// One unit's row: figures converted at `r` (unconverted when the policy
/// has no rate), the verdict and the first findings.
fn unit_row(
    c: &Checked,
    plan: &Plan,
    fig: &Figures,
    (r, review_currency): (Option<Decimal>, &str),
    policy: Option<&Policy>,
) -> UnitRow {
    let t = c.report.tally();
    let conv = |d: Decimal| d.saturating_mul(r.unwrap_or(Decimal::ONE));
    let mut unit_categories = BTreeMap::new();
    categories_of(plan, r.unwrap_or(Decimal::ONE), &mut unit_categories);
    let mut findings: Vec<_> = c
        .report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Note)
        .collect();
    findings.sort_by_key(|f| f.severity);
    let objective_coverage = objective_rows(plan, fig);
    let forecast_coverage = objective_coverage
        .iter()
        .filter(|o| !o.delivered_by_units && o.needed.is_some_and(|n| n > Decimal::ZERO))
        .map(|o| o.coverage.unwrap_or_default())
        .min();
    let unit = unit_name(plan);
    let actuals = c.tracking.as_ref().map(|t| actuals_row(t, &conv));
    let mut basis = verdict_basis(c, plan, &objective_coverage, actuals.as_ref());
    // What the unit's money is in: the review's, or its own unconverted.
    let cur = if r.is_some() {
        review_currency
    } else {
        plan.meta.currency.value.as_str()
    };
    let money_goals = super::goals::of_plan(plan, fig, r, cur);
    // The substantive gap, as the unit's own deck's Plan health line says
    // it: how much of its money goal its value bridges reach.
    basis.goal = super::goals::verdict_goal(&money_goals, cur);
    let verdict = crate::verdict::verdict(&basis);
    let (returns, value_line) = super::returns::of_plan(plan, fig, r);
    UnitRow {
        attention: verdict.attention,
        health_board: board_health(&basis),
        health: verdict.basis,
        basis,
        upstream_minimum: policy.and_then(|p| p.min_upstream_share),
        upstream_short: policy
            .and_then(|p| p.min_upstream_share)
            .is_some_and(|m| fig.upstream_share.unwrap_or_default() < m),
        forecast_coverage,
        objective_coverage,
        spend_by_category: amounts(unit_categories, true),
        asks: asks::of_plan(plan, fig, &c.report.path, &unit, r),
        missing_skills: fig
            .capacity
            .as_ref()
            .map(|k| k.missing_skills.clone())
            .unwrap_or_default(),
        capacity_gaps: capacity_gaps(fig),
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
                // As the pitch deck's health slide says it: the board's
                // line where the checker has one, without the tool speaking
                // of itself ("(by; the deck shows the plan's start)").
                format!(
                    "{}: {}",
                    f.severity,
                    crate::deck::findings::board_words(&crate::plan::words::plain(
                        f.board.as_deref().unwrap_or(&f.message),
                        plan
                    ))
                )
            })
            .collect(),
        findings: finding_rows(&c.report),
        objectives: plan.objectives.len(),
        channels: plan.channels.len(),
        actuals,
        returns,
        value_line,
        money_goals,
        adds_to_company: Vec::new(),
        finding: String::new(),
    }
}

/// A plan's health counts what the review found in its file too: it never
/// says "ready" while the review has an error for that plan.
fn count_review_findings(plans: &mut [UnitRow], review_findings: &[FindingRow]) {
    for row in plans {
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
            row.health_board = board_health(&row.basis);
        }
    }
}

/// Where to look first: errors, then warnings, then the lowest scores.
fn sort_by_attention(plans: &mut [UnitRow]) {
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
}

/// Recommendations once every verdict is final (the review's own findings
/// included).
fn recommend_asks(
    plans: &mut [UnitRow],
    checked: &[Checked],
    rate: &dyn Fn(&Plan) -> Option<Decimal>,
    currency: &str,
) {
    for row in plans {
        let Some(c) = checked.iter().find(|c| c.report.path == row.file) else {
            continue;
        };
        let Some(plan) = c.plan.as_ref() else {
            continue;
        };
        let verdict = crate::verdict::verdict(&row.basis);
        let (conditions, to_review) = asks::settle(plan, &c.report, row);
        let state = asks::PlanState {
            verdict: &verdict,
            status: plan.meta.status,
            total: plan.budget.total.value,
            currency: &plan.meta.currency.value,
            capacity_gaps: row.capacity_gaps.len(),
            conditions,
            to_review,
        };
        for (ask, a) in row.asks.iter_mut().zip(&plan.asks) {
            ask.recommendation = asks::recommend(a, &state, !ask.due_is_start);
        }
        if let Some(fig) = &c.report.figures {
            asks::describe(row, plan, fig, rate(plan), currency);
        }
    }
}

/// The lists of where a CMO looks first.
struct LookFirst {
    with_errors: Vec<String>,
    lowest_scores: Vec<String>,
    most_unallocated: Vec<String>,
    stale: Vec<String>,
    tracked: Vec<String>,
}

impl LookFirst {
    fn of(plans: &[UnitRow], currency: &str) -> LookFirst {
        let mut by_score: Vec<&UnitRow> = plans.iter().filter(|p| p.score < 100).collect();
        by_score.sort_by_key(|p| p.score);
        let mut by_unallocated: Vec<&UnitRow> = plans
            .iter()
            .filter(|p| p.unallocated > Decimal::ZERO)
            .collect();
        by_unallocated.sort_by_key(|p| std::cmp::Reverse(p.unallocated));
        LookFirst {
            lowest_scores: by_score
                .iter()
                .take(5)
                .map(|p| format!("{} ({}/100)", p.unit, p.score))
                .collect(),
            most_unallocated: by_unallocated
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
                .collect(),
            with_errors: plans
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
                .collect(),
            stale: plans
                .iter()
                .filter(|p| p.stale_insights > 0)
                .map(|p| format!("{} ({} stale)", p.unit, p.stale_insights))
                .collect(),
            tracked: plans
                .iter()
                .filter(|p| p.actuals.is_some())
                .map(|p| p.unit.clone())
                .collect(),
        }
    }
}

/// A plan's actuals in the review currency: spend against its pace, what is
/// behind, and the flags.
fn actuals_row(t: &Tracked, conv: &dyn Fn(Decimal) -> Decimal) -> super::ActualsRow {
    let tracking = match &t.tracking {
        Ok(t) => t,
        Err(e) => {
            return super::ActualsRow {
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
    super::ActualsRow {
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
