//! One notation of money per deck. The author's own amounts reach slides
//! through many fields — ask titles, scenario names, risks, insights, goal
//! statements — and any one that bypasses `format::restate_amounts` prints
//! "€412m" beside the deck's "€412M". The deck writes millions and billions
//! with a capital (`format_money`), so an amount with a lowercase "m" or
//! "bn" after the plan's currency symbol is the author's, whichever field
//! it came from: it is restated once, over the rendered deck.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::format::{format_money, format_number, restate_amounts};
use crate::plan::money::symbol;

/// `md` with every "€412m" / "$1.5bn" in the plan's currency written as
/// the deck writes money ("€412M", "$1.5B"); everything else untouched.
pub fn restate_author_amounts(md: &str, currency: &str) -> String {
    let sym = symbol(currency);
    if sym == currency || sym.trim().is_empty() {
        return md.to_string();
    }
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(i) = rest.find(sym) {
        let after = &rest[i + sym.len()..];
        let number = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(after.len());
        let tail = &after[number..];
        let suffix = if tail.starts_with("bn") {
            2
        } else if tail.starts_with('m') {
            1
        } else {
            0
        };
        let word_end = !tail[suffix..].starts_with(char::is_alphanumeric);
        let end = i + sym.len() + number + suffix;
        if suffix > 0 && number > 0 && word_end {
            out.push_str(&rest[..i]);
            out.push_str(&restate_amounts(&rest[i..end], currency));
        } else {
            out.push_str(&rest[..i + sym.len()]);
            rest = after;
            continue;
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Amounts a slide sets side by side, the first the one the others are
/// compared with, whose differences it states (the plan's budget and each
/// scenario's beside "Cut $1.45M"): each in the deck's compact notation,
/// unless the shown ends of a difference in `stated` would not give that
/// difference to three figures ("$12.3M" and "$10.8M" for a cut of
/// $1.475M). Then every amount is written to the finest unit (the
/// difference's third figure, or one finer) at which they all do: "$12.3M
/// → $10.825M".
pub fn money_ends(amounts: &[Decimal], stated: &[bool], currency: &str) -> Vec<String> {
    let Some(first) = amounts.first().copied() else {
        return Vec::new();
    };
    let three = |d: Decimal| crate::format::three_figures(d);
    // The value an end is shown at, to a unit (None: compact).
    let shown = |a: Decimal, unit: Option<Decimal>| match unit {
        Some(u) if u < compact_unit(a.abs()) => round_to(a, u),
        _ => compact_value(a),
    };
    let reconciles =
        |unit: Option<Decimal>| {
            amounts.iter().zip(stated).skip(1).all(|(a, s)| {
                !s || three(shown(*a, unit) - shown(first, unit)) == three(*a - first)
            })
        };
    let pick = if reconciles(None) {
        None
    } else {
        amounts
            .iter()
            .zip(stated)
            .skip(1)
            .filter(|(a, s)| **s && **a != first)
            .map(|(a, _)| three_figure_unit((*a - first).abs()))
            .min()
            .and_then(|u| {
                [u, u / Decimal::TEN]
                    .into_iter()
                    .find(|u| reconciles(Some(*u)))
            })
    };
    amounts
        .iter()
        .map(|a| match pick {
            Some(u) if u < compact_unit(a.abs()) => finer(*a, u, currency),
            _ => format_money(*a, currency, true),
        })
        .collect()
}

fn round_to(a: Decimal, unit: Decimal) -> Decimal {
    (a / unit).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero) * unit
}

/// The value the compact notation shows for `a`.
fn compact_value(a: Decimal) -> Decimal {
    round_to(a, compact_unit(a.abs()))
}

/// The place of the third significant figure of `d` (> 0): 10k for 1.45M.
fn three_figure_unit(d: Decimal) -> Decimal {
    let mut u = Decimal::ONE;
    while u * Decimal::ONE_HUNDRED * Decimal::TEN <= d {
        u *= Decimal::TEN;
    }
    while u * Decimal::ONE_HUNDRED > d && u > Decimal::new(1, 2) {
        u /= Decimal::TEN;
    }
    u
}

/// The unit the compact notation rounds `a` to: a tenth of a million (or
/// billion) from ten up, else the third significant figure; whole units
/// under 1,000.
fn compact_unit(a: Decimal) -> Decimal {
    let (m, b) = (Decimal::from(1_000_000), Decimal::from(1_000_000_000));
    if a >= b * Decimal::TEN {
        b / Decimal::TEN
    } else if (m * Decimal::TEN..b).contains(&a) {
        m / Decimal::TEN
    } else if a >= Decimal::from(1_000) {
        three_figure_unit(a)
    } else {
        Decimal::ONE
    }
}

/// `a` rounded to `unit` and written exactly in the compact notation's
/// suffix ("$10.85M").
fn finer(a: Decimal, unit: Decimal, currency: &str) -> String {
    let r = round_to(a, unit);
    let x = r.abs();
    let (div, suffix) = if x >= Decimal::from(1_000_000_000) {
        (Decimal::from(1_000_000_000), "B")
    } else if x >= Decimal::from(1_000_000) {
        (Decimal::from(1_000_000), "M")
    } else if x >= Decimal::from(1_000) {
        (Decimal::from(1_000), "k")
    } else {
        return format_money(r, currency, false);
    };
    let body = (x / div).normalize();
    let sym = symbol(currency);
    let (pre, post) = if sym.len() == 3 && sym == currency {
        (String::new(), format!(" {currency}"))
    } else {
        (sym.to_string(), String::new())
    };
    let sign = if r < Decimal::ZERO { "-" } else { "" };
    format!(
        "{sign}{pre}{}{suffix}{post}",
        format_number(body, body.scale())
    )
}

/// Each budget as the scenarios table (and its title) writes it: the
/// plan's first, then each scenario's in the plan's order
/// ([`money_ends`]).
pub fn budget_words(
    plan: &crate::plan::Plan,
    fig: &crate::figures::Figures,
) -> Vec<(Decimal, String)> {
    // The plan's budget first: every row's difference is from it.
    let budgets: Vec<Decimal> = std::iter::once(fig.total)
        .chain(plan.scenarios.iter().map(|s| s.budget.value))
        .collect();
    let currency = &plan.meta.currency.value;
    let stated: Vec<bool> = std::iter::once(false)
        .chain(plan.scenarios.iter().map(|s| {
            states_change(&s.name, currency)
                || s.description
                    .as_deref()
                    .is_some_and(|d| states_change(d, currency))
        }))
        .collect();
    budgets
        .iter()
        .copied()
        .zip(money_ends(&budgets, &stated, currency))
        .collect()
}

/// Whether `text` states a change of money: an amount in the plan's
/// currency after a sign or a word of change ("Cut $1.45M", "(+£1.5m)",
/// "+£420k: …"), not any amount ("funds €25k of paid social").
fn states_change(text: &str, currency: &str) -> bool {
    let sym = crate::plan::money::symbol(currency).trim();
    if sym.is_empty() {
        return false;
    }
    text.match_indices(sym).any(|(i, _)| {
        let amount = text[i + sym.len()..].starts_with(|c: char| c.is_ascii_digit());
        let before = text[..i].trim_end().to_lowercase();
        let signed = before.ends_with(['+', '-', '−'])
            || [
                "cut", "add", "adds", "more", "less", "increase", "reduce", "trim", "save",
            ]
            .iter()
            .any(|w| before.ends_with(w));
        amount && signed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_authors_millions_are_restated() {
        assert_eq!(
            restate_author_amounts("from €412m to €445m; €1.2M, €5.5k, €3m€, €2mm", "EUR"),
            "from €412M to €445M; €1.2M, €5.5k, €3M€, €2mm"
        );
        assert_eq!(
            restate_author_amounts(r"hold \$1.5bn", "USD"),
            r"hold \$1.5B"
        );
        assert_eq!(restate_author_amounts("£20m", "EUR"), "£20m");
    }
}
