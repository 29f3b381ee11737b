//! What each unit's money returns, and what the board should conclude about
//! each unit: the review deck's value line and the unit pages' titles.
//!
//! A unit's return is its own pitch deck's (`deck::story::shared_value_view`,
//! the value slide's figures), so the review and the unit's deck cannot
//! disagree: per basis (revenue, first-year margin, …), in the review
//! currency. Values of different bases are never added: a portfolio total is
//! said only per basis.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Attention, UnitRow};
use crate::format::{capitalised, format_money, lower_first};
use crate::ratio::format_multiple;

/// One basis of what a unit's money returns, in the review currency.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReturn {
    /// What the value is of ("revenue", "first-year gross margin").
    pub basis: String,
    /// What the plan adds over today on this basis.
    pub value: Decimal,
    /// The unit's budget, the return's denominator.
    pub budget: Decimal,
    /// `value ÷ budget`, as the unit's value slide states it.
    pub multiple: Option<Decimal>,
}

/// A unit's returns and the line its page shows: its value slide's headline
/// with the first bridge's step ("marketing-sourced pipeline: adds €15M … ×
/// 30% win rate … = €4.5M more revenue"), or why it has no return in money.
pub fn of_plan(
    plan: &crate::plan::Plan,
    fig: &crate::figures::Figures,
    rate: Option<Decimal>,
) -> (Vec<UnitReturn>, Option<String>) {
    let view = crate::deck::story::shared_value_view(plan, fig);
    // Unconverted amounts are not put beside converted ones.
    let Some(rate) = rate else {
        return (Vec::new(), None);
    };
    let conv = |d: Decimal| d.saturating_mul(rate).round_dp(2).normalize();
    let returns: Vec<UnitReturn> = view
        .bases
        .iter()
        .filter(|b| b.value > Decimal::ZERO)
        .map(|b| UnitReturn {
            basis: b.basis.clone(),
            value: conv(b.value),
            budget: conv(plan.budget.total.value),
            multiple: b.plan_return,
        })
        .collect();
    let line = match (&view.headline, returns.is_empty()) {
        (Some(h), false) => {
            let step = view.bridges.first().and_then(|b| {
                Some(format!(
                    " ({}: {})",
                    lower_first(&b.metric),
                    lower_first(b.steps.get(1)?)
                ))
            });
            Some(format!("{}{}", capitalised(h), step.unwrap_or_default()))
        }
        // A value with no basis: the unit's deck says so, in its words.
        (Some(h), true) if !view.unbased.is_empty() => Some(capitalised(h)),
        // Valued, but its forecast adds nothing over today: no return, and
        // not for want of a win rate or value.
        (Some(_), true) if !view.bases.is_empty() => {
            Some("None in money: its valued objectives add nothing over today".into())
        }
        _ => Some(
            "None in money: the plan gives no win rate, deal size or value per unit for its objectives"
                .into(),
        ),
    };
    (returns, line)
}

fn money(d: Decimal, cur: &str) -> String {
    format_money(d, cur, true)
}

/// What the units' money returns, for the summary: per basis, each unit
/// that returns on it, with the portfolio's total where several units
/// share the basis; then the units with no return in money. `None` when no
/// unit values its objectives.
/// `lead` opens the list ("their marketing shows €4.5M of the €40M in
/// money").
pub fn summary_words(plans: &[UnitRow], cur: &str, lead: &str) -> Option<String> {
    let mut bases: Vec<(String, Vec<&UnitRow>)> = Vec::new();
    for row in plans {
        for r in &row.returns {
            let key = r.basis.trim().to_lowercase();
            match bases
                .iter_mut()
                .find(|(b, _)| b.trim().to_lowercase() == key)
            {
                Some((_, rows)) => rows.push(row),
                None => bases.push((r.basis.clone(), vec![row])),
            }
        }
    }
    if bases.is_empty() {
        return None;
    }
    let of = |row: &UnitRow, basis: &str| {
        row.returns
            .iter()
            .find(|r| r.basis.trim().eq_ignore_ascii_case(basis.trim()))
            .cloned()
    };
    let mut parts = Vec::new();
    for (basis, rows) in &bases {
        let each: Vec<UnitReturn> = rows.iter().filter_map(|r| of(r, basis)).collect();
        // Saturating: units' figures come from their plans (converted with
        // `saturating_mul`), and `sum` panics on overflow.
        let value = saturating_sum(each.iter().map(|r| r.value));
        let budget = saturating_sum(each.iter().map(|r| r.budget));
        let multiple = value
            .checked_div(budget)
            .filter(|_| !budget.is_zero())
            .map(crate::ratio::two_figures);
        let times = multiple.map_or(String::new(), |m| format!(" ({})", format_multiple(m)));
        parts.push(match rows.as_slice() {
            [one] => format!(
                "{}'s {} adds {} of {basis}{times}",
                one.unit,
                money(budget, cur),
                money(value, cur)
            ),
            many => format!(
                "{} add {} of {basis} on their {}{times}",
                crate::format::and_list(&many.iter().map(|r| r.unit.clone()).collect::<Vec<_>>()),
                money(value, cur),
                money(budget, cur)
            ),
        });
    }
    let none = plans.iter().filter(|r| r.returns.is_empty()).count();
    let rest = match none {
        0 => String::new(),
        1 => "; the other plan gives no value in money".to_string(),
        n => format!("; the other {n} plans give none"),
    };
    // What marketing returns, apart from the goals the cascade sums.
    Some(format!("{lead}: {}{rest}", parts.join("; ")))
}

/// A unit page's title: what the board should conclude about the unit, in
/// one sentence: its money, how far its forecasts reach its targets, what
/// it returns in money, and its verdict with the verdict's first reason
/// ("Northgate Consulting: €1.5M closes the gap on both its targets and
/// adds €4.5M of revenue (3.0×); Amber on 2 warnings").
pub fn unit_title(row: &UnitRow, cur: &str) -> String {
    let budget = if row.converted {
        money(row.budget, cur)
    } else {
        money(row.budget, &row.currency)
    };
    let own: Vec<&super::ObjectiveRow> = row
        .objective_coverage
        .iter()
        .filter(|o| !o.delivered_by_units && o.needed.is_some_and(|n| n > Decimal::ZERO))
        .filter(|o| o.coverage.is_some())
        .collect();
    let weakest = own.iter().min_by_key(|o| o.coverage.unwrap_or_default());
    let theirs = row
        .objective_coverage
        .iter()
        .filter(|o| o.delivered_by_units)
        .count();
    let reach = match weakest {
        // A company plan whose targets are all the units' to deliver.
        None if theirs > 0 => format!(
            "funds no target of its own: its {} the units' to deliver",
            if theirs == 1 {
                "one is".to_string()
            } else {
                format!("{theirs} are")
            }
        ),
        None => "sets no target its forecasts can be read against".to_string(),
        // Only what the table shows this plan forecasting is counted; the
        // objectives its units deliver are said apart (a reader read "both
        // its targets" over three rows, one "by the units").
        Some(w) if w.coverage.unwrap_or_default() >= Decimal::ONE_HUNDRED => {
            match (own.len(), theirs) {
                (1, 0) => "closes the gap to its objective".to_string(),
                (2, 0) => "closes the gap on both its objectives".to_string(),
                (n, 0) => format!("closes the gap on all {n} of its objectives"),
                (1, _) => "closes the gap on its own objective".to_string(),
                (n, _) => format!("closes the gap on its {n} own objectives"),
            }
        }
        Some(w) => {
            let short = own
                .iter()
                .filter(|o| o.coverage.unwrap_or_default() < Decimal::ONE_HUNDRED)
                .count();
            let of = if own.len() > 1 {
                format!(" ({short} of {} targets short)", own.len())
            } else {
                String::new()
            };
            let pct = crate::format::format_number(w.coverage.unwrap_or_default().round_dp(0), 0);
            format!("closes {pct}% of the gap to its {} target{of}", w.label)
        }
    };
    let reach = match (theirs, &weakest) {
        (0, _) | (_, None) => reach,
        (1, Some(_)) => format!("{reach}; 1 more is the units' to deliver"),
        (n, Some(_)) => format!("{reach}; {n} more are the units' to deliver"),
    };
    let worth: Vec<String> = row
        .returns
        .iter()
        .map(|r| {
            format!(
                "{} of {}{}",
                money(r.value, cur),
                r.basis.split('(').next().unwrap_or(&r.basis).trim(),
                r.multiple
                    .map_or(String::new(), |m| format!(" ({})", format_multiple(m)))
            )
        })
        .collect();
    // Its money goal against what its marketing shows of it, where it has
    // one (the cascade counts the goal; this is what the money shows);
    // else what its money returns on the value slide's bases.
    let worth = match &row.money_goals.words {
        Some(w) => format!("; {w}"),
        None if worth.is_empty() => String::new(),
        None => format!(" and adds {}", crate::format::and_list(&worth)),
    };
    let rating = match row.attention {
        Attention::Red => "Red",
        Attention::Amber => "Amber",
        Attention::Green => "Green",
    };
    // The verdict's first reason ("2 warnings", "3 errors", "1 result
    // behind pace"), as the scoreboard's Health cell begins.
    let why = row
        .health
        .split([';', ':'])
        .next()
        .map(str::trim)
        .filter(|w| !w.is_empty() && w.starts_with(|c: char| c.is_ascii_digit()));
    let verdict = match why {
        Some(w) => format!("{rating} on {w}"),
        None => rating.to_string(),
    };
    format!("{}: {budget} {reach}{worth}; {verdict}", row.unit)
}

/// The sum of amounts from the units' plans, never a panic: `Decimal`'s
/// `sum` overflows at its limit where plans carry absurd figures.
pub(crate) fn saturating_sum(items: impl Iterator<Item = Decimal>) -> Decimal {
    items.fold(Decimal::ZERO, |a, b| a.saturating_add(b))
}
