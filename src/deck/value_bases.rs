//! The plan's value per basis, as the value slide's title, the summary's
//! return line and the scenario tables state it: one total and one return
//! per basis (revenue, first-year gross margin, …), never a sum of two.
//! €6.5M of revenue and €4.9M of gross margin are not €11.4M of anything,
//! and a return on each is a different question a CFO asks.
//!
//! The arithmetic is `figures::value` (each basis's valued objectives
//! apart); this module groups and words it.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::value::{self, ScenarioReturn, Valued};
use crate::format::{capitalised, format_money, format_multiple};
use crate::plan::Plan;

/// The valued objectives of one basis and what they add up to.
#[derive(Debug, Clone, Serialize)]
pub struct BasisValue {
    /// What the value is a value of, as the plan says it: "revenue" (money
    /// the business earns, or won at a win rate), else the objective's
    /// `value_basis` ("first-year gross margin").
    pub basis: String,
    /// What the plan adds over today on this basis, at its forecasts.
    pub value: Decimal,
    /// `value ÷` the whole budget.
    pub plan_return: Option<Decimal>,
    /// Per scenario, in the plan's order.
    pub scenarios: Vec<ScenarioReturn>,
}

/// The valued objectives, each with its basis, grouped by basis in the
/// order they first appear (bases that differ only in case are one).
pub fn group(
    plan: &Plan,
    valued: Vec<(String, Valued)>,
    level: &impl Fn(&str, &str) -> Option<Decimal>,
) -> Vec<BasisValue> {
    let mut groups: Vec<(String, Vec<Valued>)> = Vec::new();
    for (basis, v) in valued {
        let key = basis.trim().to_lowercase();
        match groups
            .iter_mut()
            .find(|(b, _)| b.trim().to_lowercase() == key)
        {
            Some((_, g)) => g.push(v),
            None => groups.push((basis.trim().to_string(), vec![v])),
        }
    }
    // A value of no stated basis after those the plan names: the title's
    // first return is one a CFO can take at its word.
    groups.sort_by_key(|(b, _)| b == super::value_notes::STATED_BASIS);
    let total = plan.budget.total.value;
    groups
        .into_iter()
        .map(|(basis, g)| {
            let v = value::plan_value(&g);
            BasisValue {
                basis,
                plan_return: v
                    .checked_div(total)
                    .filter(|_| !total.is_zero())
                    .map(crate::ratio::two_figures),
                scenarios: value::scenario_returns(plan, &g, level),
                value: v,
            }
        })
        .collect()
}

/// The value slide's title and the summary's return line where every value
/// the plan gives lacks its basis: a finding, not a return. No total is
/// said: a sum of values of no stated kind is itself a number a board
/// cannot place (readers counted "£790k of stated value" as one).
/// `values` are the bridges' own words for them ("£41.20 per customer").
pub fn unbased_headline(values: &[String]) -> String {
    let of = match values {
        [one] => format!("its value {one}"),
        many => format!("any of its {} values per unit", many.len()),
    };
    format!(
        "no return is shown: the plan gives no basis (revenue, margin or lifetime value) for {of}"
    )
}

/// A basis's name, before any parenthesis: "stated value".
fn short(basis: &str) -> &str {
    basis.split('(').next().unwrap_or(basis).trim()
}

/// Whether the bridges value whole levels (no baseline in the plan): all of
/// them, or some.
#[derive(Debug, Clone, Copy, Default)]
pub struct Whole {
    pub all: bool,
    pub any: bool,
}

/// The plan's value and return as one sentence, lower-case first, which
/// the value slide's title and the summary's return line both state: "the
/// plan adds £4.37M of first-year gross margin over today: 0.46× the £9.5M
/// budget"; with two bases, each its own amount and return.
pub fn headline(plan: &Plan, bases: &[BasisValue], whole: Whole) -> Option<String> {
    if bases.is_empty() {
        return None;
    }
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    let amounts = crate::format::and_list(
        &bases
            .iter()
            .map(|b| format!("{} of {}", cur(b.value), b.basis))
            .collect::<Vec<_>>(),
    );
    let worth = if whole.all {
        format!("the forecasts are worth {amounts} (whole levels: the plan gives no baselines)")
    } else if whole.any {
        format!("the plan adds {amounts} over today (whole levels where it gives no baseline)")
    } else {
        format!("the plan adds {amounts} over today")
    };
    let budget = cur(plan.budget.total.value);
    let returns: Vec<String> = bases
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let r = format_multiple(b.plan_return?);
            Some(match (bases.len(), i) {
                (1, _) => format!("{r} the {budget} budget"),
                // The basis in full is in the amounts before; its name
                // (before any parenthesis) is enough here.
                (_, 0) => format!("{r} the {budget} budget in {}", short(&b.basis)),
                _ => format!("{r} in {}", short(&b.basis)),
            })
        })
        .collect();
    Some(if returns.is_empty() {
        worth
    } else {
        format!("{worth}: {}", returns.join(", "))
    })
}

/// A basis as a table header names it: the words before any parenthesis
/// ("incremental gross margin a year"), capitalised.
fn header_basis(basis: &str) -> String {
    capitalised(basis.split('(').next().unwrap_or(basis).trim())
}

/// The scenario tables' value columns, worded: the main table's headers
/// and cells (the plan's row, then each scenario's), the appendix's "each
/// extra unit of money" cell per scenario, and how many outcome columns the
/// main table keeps so that it has at most seven.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ValueColumns {
    pub headers: Vec<String>,
    pub plan: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub extra: Vec<String>,
    pub main: usize,
    /// What the value columns hold at the plan's budget, for the note
    /// under the table: "revenue; €1.84M at the plan's budget".
    pub note: String,
}

/// One precision per basis's return column, the plan's own figure's
/// (`ratio::column_places`).
fn return_places(bases: &[BasisValue]) -> Vec<Option<usize>> {
    bases
        .iter()
        .map(|b| {
            let rows: Vec<Decimal> = b
                .scenarios
                .iter()
                .filter_map(|s| s.return_on_budget)
                .collect();
            crate::ratio::column_places(b.plan_return, &rows)
        })
        .collect()
}

/// One basis: a Value and a Return column, the basis in the Value header.
/// Several: one column per basis, its value with its return beside it.
pub fn columns(plan: &Plan, bases: &[BasisValue], scenarios: usize) -> ValueColumns {
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    let money = |d: Option<Decimal>| d.map_or_else(|| "—".to_string(), cur);
    if bases
        .iter()
        .all(|b| b.scenarios.iter().all(|s| s.value.is_none()))
    {
        return ValueColumns {
            main: 5,
            ..ValueColumns::default()
        };
    }
    let one = bases.len() == 1;
    let headers = if one {
        vec![
            // The value is what the plan adds over today, said in the
            // header: beside levels ("240,000 sign-ups") a bare "Value"
            // read as a level too.
            format!(
                "Value over today ({})",
                bases[0].basis.split('(').next().unwrap_or("").trim()
            ),
            "Return".to_string(),
        ]
    } else {
        bases
            .iter()
            .map(|b| format!("{} over today (return)", header_basis(&b.basis)))
            .collect()
    };
    let places = return_places(bases);
    let pair = |v: Option<Decimal>, r: Option<Decimal>, places: Option<usize>| -> Vec<String> {
        let ratio = |d: Option<Decimal>| {
            d.map_or_else(
                || "—".to_string(),
                |d| crate::ratio::format_multiple_at(d, places),
            )
        };
        // Less than today is said so, with no return: a signed amount in a
        // column of levels reads as a change, and a negative multiple as
        // nothing a board can use.
        if let Some(below) = v.filter(|v| *v < Decimal::ZERO) {
            let cell = format!("{} below today", cur(below.abs()));
            return if one {
                vec![cell, "—".to_string()]
            } else {
                vec![cell]
            };
        }
        if one {
            vec![money(v), ratio(r)]
        } else {
            vec![match (v, r) {
                (Some(v), Some(r)) => format!("{} ({})", cur(v), ratio(Some(r))),
                (v, _) => money(v),
            }]
        }
    };
    let plan_cells = bases
        .iter()
        .zip(&places)
        .flat_map(|(b, p)| pair(Some(b.value), b.plan_return, *p))
        .collect();
    let rows = (0..scenarios)
        .map(|i| {
            bases
                .iter()
                .zip(&places)
                .flat_map(|(b, p)| {
                    let s = b.scenarios.get(i);
                    pair(
                        s.and_then(|s| s.value),
                        s.and_then(|s| s.return_on_budget),
                        *p,
                    )
                })
                .collect()
        })
        .collect();
    let extra = (0..scenarios)
        .map(|i| {
            let cells: Vec<String> = bases
                .iter()
                .filter_map(|b| {
                    let s = b.scenarios.get(i)?;
                    let named = |x: String| {
                        if one {
                            x
                        } else {
                            format!("{x} {}", short(&b.basis))
                        }
                    };
                    match (s.incremental, s.change) {
                        (Some(r), _) => Some(named(format_multiple(r))),
                        // A change standing alone is said in words, never a
                        // bare "-€1.33M" that reads as a code fragment.
                        (None, Some(c)) => {
                            let word = if c < Decimal::ZERO { "less" } else { "more" };
                            Some(if one {
                                format!("— ({} {word} value than the plan's) †", cur(c.abs()))
                            } else {
                                format!(
                                    "{} {word} {} than the plan's †",
                                    cur(c.abs()),
                                    short(&b.basis)
                                )
                            })
                        }
                        _ => None,
                    }
                })
                .collect();
            if cells.is_empty() {
                "—".to_string()
            } else {
                cells.join("; ")
            }
        })
        .collect();
    let note = if one {
        format!(
            "{}; {} at the plan's budget",
            bases[0].basis,
            cur(bases[0].value)
        )
    } else {
        format!(
            "{} at the plan's budget, each basis apart: they are never added",
            crate::format::and_list(
                &bases
                    .iter()
                    .map(|b| format!("{} of {}", cur(b.value), b.basis))
                    .collect::<Vec<_>>()
            )
        )
    };
    ValueColumns {
        note,
        main: 5 - headers.len().min(4),
        headers,
        plan: plan_cells,
        rows,
        extra,
    }
}

/// How far in time the return reaches, where every basis is a year's
/// ("first-year gross margin", "… a year") and the plan gives no lifetime
/// value or payback: a CFO reading "0.46×" asks whether the money comes
/// back. What the plan's own figures say is said — a year's value under
/// the budget does not pay it back within the year, one over it does —
/// and no more: without a lifetime value, later years are not shown.
pub fn horizon_note(bases: &[BasisValue]) -> Option<String> {
    const YEAR: &[&str] = &[
        "first-year",
        "first year",
        "a year",
        "annual",
        "per year",
        "12-month",
    ];
    let of_a_year = |b: &str| {
        let b = b.to_lowercase();
        YEAR.iter().any(|w| b.contains(w)) && !b.contains("lifetime")
    };
    if bases.is_empty() || !bases.iter().all(|b| of_a_year(&b.basis)) {
        return None;
    }
    let (first, plan_return) = (&bases[0].basis, bases[0].plan_return);
    let back = match plan_return {
        // The multiple itself is the title's: said again here, it read as
        // a second return.
        Some(r) if bases.len() == 1 => {
            if r < Decimal::ONE {
                ", less than the budget: on this basis the budget does not come back within the first year (payback takes longer than a year)".to_string()
            } else {
                ", at least the budget: on this basis the budget comes back within the first year"
                    .to_string()
            }
        }
        _ => String::new(),
    };
    Some(format!(
        "the return counts {first} only{back}; the plan gives no lifetime value or payback period, so whether the money comes back after the first year is not shown"
    ))
}
