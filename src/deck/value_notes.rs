//! The value slide's notes under the bridges: where a unit value comes
//! from when the objective's fields do not give it (the plan's words, or a
//! value with no basis), what the returns per objective divide by, how far
//! the return reaches in time, and which goals have no bridge to money.
//!
//! A board reader scores "£41.20 per customer" with no basis, and "£4.37M
//! … 0.46×" beside "0.91×" on the same slide, as numbers a CFO cannot
//! rebuild: each note says once what a figure is of and what it divides.

use rust_decimal::Decimal;

use crate::check::words_value::{self, Stated};
use crate::figures::value::{self, Bridge, Gap, Source, UnitValue, Worth};
use crate::format::{format_money, lower_first};
use crate::plan::*;

/// The mark of a value with no stated basis: its bridge is shown, but it
/// is left out of every basis's total and return (`value::build`).
pub const STATED_BASIS: &str = "stated value (no basis given)";

fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// What one unit of an objective's metric is worth as the deck counts it:
/// its fields; else the one figure its words state for it
/// (`words_value::applicable`), labelled with its source. A value per
/// unit with no basis is no value the deck counts (`Gap::NoBasis`): board
/// readers scored "× €165 per room night, the plan's own figure = €990k"
/// a number without a basis even under a footnote saying so, so no slide
/// builds money on it — the value slide says it is not valued, and
/// `mvplan check` (`value-basis-missing`) gives the figure.
pub fn deck_unit_value(plan: &Plan, o: &Objective) -> Result<UnitValue, Gap> {
    let gap = match value::unit_value(o) {
        Ok(uv) => return Ok(uv),
        Err(g) => g,
    };
    if matches!(gap, Gap::NoWinRate | Gap::NoValue | Gap::NoBasis)
        && let Some(w) = words_value::applicable(plan, &o.id.value)
    {
        match w.stated {
            Stated::WinRate(r) => return value::at_win_rate(o, r, Source::Words),
            Stated::PerUnit {
                value,
                basis: Some(_),
            } => return Ok(value::per_unit(value, Source::Words)),
            Stated::PerUnit { basis: None, .. } => {}
        }
    }
    Err(gap)
}

/// The value slide's line for an objective valued with no basis, in place
/// of a bridge: "Not valued — the plan gives a value per room night but
/// not whether it is revenue, margin or lifetime value". The figure
/// itself is left to `mvplan check`, which names it.
pub fn not_valued(o: &Objective) -> String {
    format!(
        "Not valued — the plan gives a value per {} but not whether it is revenue, margin or lifetime value",
        value::per_what(o.measure.unit.as_deref(), &lower_first(metric(o)))
    )
}

/// What a bridge's value is a value of: "revenue" for money the business
/// earns or wins, else the plan's `value_basis`, the basis its words give,
/// or `STATED_BASIS`. Totals and returns are per basis (`value_bases`).
pub fn basis_of(plan: &Plan, o: &Objective, uv: &UnitValue) -> String {
    match (uv.worth, uv.source) {
        (Worth::Money | Worth::Won, _) => "revenue".to_string(),
        (Worth::PerUnit, Source::Unbased) => STATED_BASIS.to_string(),
        (Worth::PerUnit, Source::Words) => words_value::applicable(plan, &o.id.value)
            .and_then(|w| match w.stated {
                Stated::PerUnit { basis, .. } => basis,
                Stated::WinRate(_) => None,
            })
            .unwrap_or_else(|| "value".to_string()),
        (Worth::PerUnit, Source::Field) => o
            .value_basis
            .as_deref()
            .map_or_else(|| "value".to_string(), |b| b.trim().to_string()),
    }
}

/// Where a figure the deck applies comes from, after it on the bridge
/// line: ", as assumption `win-rate` states — not set on the objective".
pub fn source_words(plan: &Plan, o: &Objective, uv: &UnitValue) -> String {
    match uv.source {
        Source::Words => words_value::applicable(plan, &o.id.value)
            .map(|w| format!(" ({})", w.source()))
            .unwrap_or_default(),
        Source::Unbased => ", the plan's own figure".to_string(),
        // A basis read from the author's comment is quoted as theirs: the
        // board sees what the plan says, not a basis the deck chose.
        Source::Field => o
            .value_note
            .as_ref()
            .filter(|_| uv.worth == Worth::PerUnit)
            .map(|n| format!(" (the plan's note: {})", n.words))
            .unwrap_or_default(),
    }
}

/// With two bridges or more, each one's return on its own channels' cost,
/// said as a footnote with what it divides: "per objective, on its share of
/// its channels' cost, not the whole budget: room revenue €10.9M ÷ €670k =
/// 16×". With one, the title's return on the whole budget is the slide's
/// only one (a second "0.91×" beside the title's "0.46×" read as two
/// returns for the same money).
pub fn returns_note(plan: &Plan, bridges: &[(&Objective, &Bridge)]) -> Option<String> {
    // A value with no basis gets no return of its own either.
    let bridges: Vec<&(&Objective, &Bridge)> = bridges
        .iter()
        .filter(|(_, b)| b.unit_value.source != Source::Unbased)
        .collect();
    if bridges.len() < 2 {
        return None;
    }
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    let parts: Vec<String> = bridges
        .iter()
        .filter_map(|(o, b)| {
            Some(format!(
                "{} {} ÷ {} = {}",
                lower_first(metric(o)),
                cur(b.value),
                cur(b.spend),
                crate::format::format_multiple(b.return_on_spend?)
            ))
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "per objective, on its share of its channels' cost, not the whole budget: {}",
            parts.join("; ")
        )
    })
}

/// The money goals no bridge reaches, in one line, with the figure the
/// plan would need: "Lift contribution margin after marketing from 8.6% to
/// 12% (no objective serving it is valued in it): the plan would need what
/// DTC net revenue or 180-day repeat rate is worth in contribution margin
/// after marketing". A goal is about money when its unit is a currency or
/// its metric names money (margin, revenue, income…); a goal of share or
/// awareness has no money to bridge to. `bridged(objective)` is the basis
/// of an objective's bridge, if valued; `money_goals` are the goals' ids a
/// revenue bridge reaches (`goal_reach`).
pub fn unbridged_goals(
    plan: &Plan,
    bridged: &dyn Fn(&str) -> Option<String>,
    money_goals: &[String],
) -> Option<String> {
    const MONEY: &[&str] = &[
        "margin",
        "revenue",
        "profit",
        "income",
        "sales",
        "arr",
        "deposits",
        "bookings",
        "ebitda",
        "contribution",
    ];
    const PROFIT: &[&str] = &["margin", "profit", "contribution", "ebitda"];
    let mut out = Vec::new();
    for g in &plan.goals {
        let goal_metric = g
            .measure
            .metric
            .as_ref()
            .map_or_else(|| lower_first(&g.statement), |m| lower_first(&m.value));
        let words = goal_metric.to_lowercase();
        let money = g
            .measure
            .unit
            .as_deref()
            .is_some_and(crate::plan::money::is_currency)
            || words
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| MONEY.contains(&w));
        if !money || money_goals.contains(&g.id.value) {
            continue;
        }
        let serving: Vec<&Objective> = plan
            .objectives
            .iter()
            .filter(|o| o.supports.iter().any(|r| r.value == g.id.value))
            .collect();
        // An objective whose metric is money earned (DTC revenue, orders)
        // is a revenue goal's money itself, whatever else it is valued at;
        // a goal of margin or profit needs what that revenue leaves.
        let of_profit = words
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| PROFIT.contains(&w));
        if serving.is_empty()
            || (!of_profit
                && serving
                    .iter()
                    .any(|o| value::money_metric(o) == Some(false)))
        {
            continue;
        }
        // A bridge valued in the goal's own money (a gross-margin value
        // beside a gross-margin goal) reaches it; a stated value of no
        // basis reaches none.
        let in_its_money = |b: &str| {
            b != STATED_BASIS
                && b.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.len() > 3)
                    .any(|w| words.contains(w))
        };
        if serving
            .iter()
            .any(|o| bridged(&o.id.value).is_some_and(|b| in_its_money(&b)))
        {
            continue;
        }
        let names: Vec<String> = serving.iter().map(|o| lower_first(metric(o))).collect();
        out.push(format!(
            "{}: no objective serving it is valued in {goal_metric}; the plan would need what {} is worth in it",
            crate::format::restate_amounts(&g.statement, &plan.meta.currency.value),
            join_or(&names),
        ));
    }
    (!out.is_empty()).then(|| out.join("; "))
}

fn join_or(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
