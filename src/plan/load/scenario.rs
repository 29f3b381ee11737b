//! `[[scenarios]]`: a budget level, or the channels whose budgets change.
//!
//! A planner describes most scenarios by what moves ("cut paid social by
//! £800k", "move €250k from trade press to a fifth van"), not only by the
//! total it comes to. `changes` says that per channel; `budget` is then
//! the plan's total plus their sum, and may be left out. Both given and
//! disagreeing is an error with both figures: one of them is a typo, and
//! the deck must not guess which.

use rust_decimal::Decimal;

use super::{forecasts, named};
use crate::format::{format_change, format_money};
use crate::plan::fields::Fields;
use crate::plan::model::*;

/// What a scenario's `changes` are read against: the plan's total and its
/// channels' budgets (read before the scenarios).
pub(super) struct Basis<'p> {
    pub total: Option<Decimal>,
    pub currency: &'p str,
    pub channels: &'p [Channel],
}

pub(super) fn read_scenario(mut t: Fields<'_, '_>, basis: &Basis<'_>) -> Option<Scenario> {
    let id = named(&mut t, "scenario");
    let name = t.req_text("name");
    let has_changes = t.has_key("changes");
    let typed = if has_changes {
        t.money("budget")
    } else {
        t.req_money("budget")
    };
    let changes = t.id_numbers("changes");
    let changes_span = t.get_span("changes");
    let description = t.text("description");
    let outcomes = forecasts(t.id_numbers("outcomes"));
    let span = t.span();
    let cur = |d: Decimal| format_money(d, basis.currency, false);
    for (c, d) in &changes {
        // An unknown channel is `unknown-ref`'s (with a "did you mean").
        let Some(ch) = basis.channels.iter().find(|ch| ch.id.value == c.value) else {
            continue;
        };
        if ch.budget.value + d.value < Decimal::ZERO {
            t.invalid(
                d.span.clone(),
                format!(
                    "scenario changes channel `{}` by {}, below zero: its budget is {}",
                    c.value,
                    format_change(d.value, Some(basis.currency), false),
                    cur(ch.budget.value)
                ),
                format!(
                    "a cut can take at most the channel's budget: write `{} = -{}` to stop it",
                    c.value, ch.budget.value
                ),
            );
        }
    }
    let budget = match (typed, basis.total, changes_span) {
        (typed, Some(total), Some(changes_span)) => {
            let sum: Decimal = changes.iter().map(|(_, d)| d.value).sum();
            let derived = total + sum;
            match typed {
                Some(b) if b.value != derived => {
                    t.invalid(
                        b.span.clone(),
                        format!(
                            "`budget` is {}, but the plan's total {} plus the scenario's `changes` ({}) is {}",
                            cur(b.value),
                            cur(total),
                            format_change(sum, Some(basis.currency), false),
                            cur(derived)
                        ),
                        format!(
                            "make `budget = {derived}`, or leave `budget` out and mvplan takes the plan's total plus `changes`"
                        ),
                    );
                    None
                }
                Some(b) => Some(b),
                None if derived < Decimal::ZERO => None,
                None => Some(Money {
                    value: derived,
                    currency: None,
                    span: changes_span,
                }),
            }
        }
        (typed, _, _) => typed,
    };
    t.finish();
    Some(Scenario {
        id: id?,
        name: name?,
        budget: budget?,
        changes,
        description,
        outcomes,
        span,
    })
}
