//! The summary's alternative, from the units' own figures: a unit's own
//! case below its budget where any plan has one (its scenario, with the
//! outcomes its deck's scenarios slide shows), else approving all but the
//! unit whose budget adds least to the company targets per euro, with what
//! the targets lose. The line says which unit and why that one.

use super::returns::saturating_sum;
use rust_decimal::Decimal;

use super::{Checked, Portfolio};

/// Converts a plan's amounts into the review currency (`board::Rate`).
type Rate<'a> = &'a dyn Fn(&crate::plan::Plan) -> Option<Decimal>;
use crate::format::format_money;

/// A unit's own case below its budget, as the alternative weighs it.
struct Case {
    unit: String,
    /// The scenario in its deck's words: "Without SPS (€2.05M, −€350k):
    /// 6,300 leads (−700)".
    line: String,
    /// What it saves, in the review currency.
    saving: Decimal,
    /// Whether the plan's currency is not the review's.
    converted: bool,
    /// Value given up per unit of money saved, on the plan's first basis,
    /// where its deck values the case.
    lost_per_saved: Option<Decimal>,
}

fn cases(p: &Portfolio, checked: &[Checked], rate: Rate<'_>) -> Vec<Case> {
    let mut out = Vec::new();
    for row in &p.plans {
        let Some(c) = checked.iter().find(|c| c.report.path == row.file) else {
            continue;
        };
        let (Some(plan), Some(fig)) = (&c.plan, &c.report.figures) else {
            continue;
        };
        let (Some(r), budget) = (rate(plan), plan.budget.total.value) else {
            continue;
        };
        // The pitch deck's downside: the smallest budget below the plan's.
        let Some(s) = plan
            .scenarios
            .iter()
            .filter(|s| s.budget.value < budget)
            .min_by_key(|s| s.budget.value)
        else {
            continue;
        };
        let shown = crate::deck::story::all_shown(plan, fig);
        let said = crate::deck::story::Said::default();
        let Some(line) = crate::deck::risk_case::scenario_figures(plan, fig, &shown, &said, s)
        else {
            continue;
        };
        let saved = budget - s.budget.value;
        let view = crate::deck::story::shared_value_view(plan, fig);
        let lost_per_saved = view.bases.first().and_then(|b| {
            let v = b
                .scenarios
                .iter()
                .find(|x| x.scenario == s.id.value)?
                .value?;
            (b.value - v).checked_div(saved)
        });
        out.push(Case {
            unit: row.unit.clone(),
            line,
            saving: saved.saturating_mul(r),
            converted: plan.meta.currency.value != p.currency,
            lost_per_saved,
        });
    }
    out
}

/// The alternative in one line, or `None` with one plan or none.
pub fn alternative(p: &Portfolio, checked: &[Checked], rate: Rate<'_>) -> Option<String> {
    if p.plans.len() < 2 {
        return None;
    }
    let cur = &p.currency;
    let mut cases = cases(p, checked, rate);
    if !cases.is_empty() {
        let n = cases.len();
        let valued = cases.iter().all(|c| c.lost_per_saved.is_some());
        // The case that gives up least per unit of money saved where every
        // case is valued; else the largest saving.
        cases.sort_by(|a, b| match valued {
            true => a.lost_per_saved.cmp(&b.lost_per_saved),
            false => b.saving.cmp(&a.saving),
        });
        let c = &cases[0];
        let why = match (n, valued) {
            (1, _) => "the only unit case below budget".to_string(),
            (_, true) => format!(
                "of {n} units' cases below budget, the one that gives up least per {} saved",
                format_money(Decimal::ONE, cur, true)
            ),
            (_, false) => format!("of {n} units' cases below budget, the largest saving"),
        };
        // The line states the case's budget and its change in the plan's
        // currency; the saving is said again only in another currency.
        let saving = if c.converted {
            format!(", {} less", format_money(c.saving, cur, true))
        } else {
            String::new()
        };
        return Some(format!("hold {} to {}{saving}, {why}", c.unit, c.line));
    }
    least_per_euro(p)
}

/// Approving all but the unit whose budget adds least to the company
/// targets per euro: each unit's share of what each company objective
/// needs of the units, averaged over the objectives, per unit of budget.
fn least_per_euro(p: &Portfolio) -> Option<String> {
    let cur = &p.currency;
    let needs: Vec<&super::Coverage> = p
        .coverage
        .iter()
        .filter(|c| c.needed.is_some_and(|n| n > Decimal::ZERO))
        .collect();
    let scored: Vec<(&super::UnitRow, Decimal)> = p
        .plans
        .iter()
        // Budgets in another currency (not converted) are no figures to
        // rank per euro against the others'.
        .filter(|u| u.budget > Decimal::ZERO && u.converted)
        .filter_map(|u| {
            let share = saturating_sum(needs.iter().filter_map(|c| {
                let added = saturating_sum(
                    c.contributions
                        .iter()
                        .filter(|k| k.unit == u.unit)
                        .filter_map(|k| k.amount),
                );
                crate::figures::percent(added, c.needed?)
            }));
            // A plan that adds nothing to the cascade (the company's own)
            // is not weighed against the units that deliver it.
            (share > Decimal::ZERO)
                .then(|| share.checked_div(u.budget))
                .flatten()
                .map(|s| (u, s))
        })
        .collect();
    let (u, why) = match scored.as_slice() {
        [] | [_] => (
            p.plans.first()?,
            "the plan the scoreboard puts first; no two units' plans add to the same company targets to compare",
        ),
        many => (
            many.iter().min_by_key(|(_, s)| *s).map(|(u, _)| *u)?,
            "of the units' plans, its budget adds least to the company targets per ",
        ),
    };
    let why = if scored.len() > 1 {
        format!("{why}{}", format_money(Decimal::ONE, cur, true))
    } else {
        why.to_string()
    };
    let what = unit_parts(&p.coverage, &u.unit);
    Some(format!(
        "approve all but {}, {} less: {} ({why})",
        u.unit,
        format_money(u.budget, if u.converted { cur } else { &u.currency }, true),
        if what.is_empty() {
            "no company target the units deliver loses any of it".to_string()
        } else {
            format!(
                "the company targets lose {}",
                crate::format::and_list(&what)
            )
        }
    ))
}

/// What `unit` adds to each company objective the units deliver, of what
/// the units must add, in the cascade's order: "€15M of the €40M of
/// services revenue of the units", "1 framework place of the 2 public-sector
/// framework places".
pub fn unit_parts(coverage: &[super::Coverage], unit: &str) -> Vec<String> {
    unit_parts_in(coverage, unit, &|_| None)
}

/// A converter for a company objective typed in money other than the
/// review's: its currency code → the review's currency and the rate.
pub type InReview<'a> = &'a dyn Fn(&str) -> Option<(String, Decimal)>;

/// [`unit_parts`], with a company objective typed in another currency said
/// in the review's, its typed figures after it ("€35.1M of the €35.1M of
/// Factory Automation revenue (£30M of £30M as typed)"): a row in € whose
/// "what it buys" read £ was a row in two currencies (C10).
pub fn unit_parts_in(
    coverage: &[super::Coverage],
    unit: &str,
    in_review: InReview<'_>,
) -> Vec<String> {
    use crate::format::{format_gap, of_metric};
    coverage
        .iter()
        .filter_map(|c| {
            let needed = c.needed.filter(|n| *n > Decimal::ZERO)?;
            let amount = saturating_sum(
                c.contributions
                    .iter()
                    .filter(|k| k.unit == unit)
                    .filter_map(|k| k.amount),
            );
            if amount <= Decimal::ZERO {
                return None;
            }
            let u = c.unit.as_deref();
            // "1 framework place", not "1 framework places".
            let counted = u.filter(|u| *u != "%" && !crate::plan::money::is_currency(u));
            let part = match counted {
                Some(name) if amount == Decimal::ONE => {
                    format!("1 {}", crate::format::singular(name))
                }
                _ => format_gap(amount, u, true),
            };
            let converted = u
                .filter(|u| crate::plan::money::is_currency(u))
                .and_then(in_review);
            Some(match converted {
                Some((cur, rate)) => {
                    let r = Some(cur.as_str());
                    format!(
                        "{} of the {} ({part} of {} as typed)",
                        format_gap(amount.saturating_mul(rate), r, true),
                        of_metric(
                            &format_gap(needed.saturating_mul(rate), r, true),
                            r,
                            &c.label
                        ),
                        format_gap(needed, u, true)
                    )
                }
                None => format!(
                    "{part} of the {}",
                    of_metric(&format_gap(needed, u, true), u, &c.label)
                ),
            })
        })
        .collect()
}
