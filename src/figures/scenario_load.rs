//! When and where a scenario's money is spent, for the figures that load
//! it (the team's work, what a contingent ask buys): per channel, its
//! budget in the scenario against the plan's, and the date from which a
//! change of money is spent when the plan releases it at a date.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::plan::{Ask, AskFunding, Plan, Scenario};

/// A scenario's money as the work sees it.
pub struct ScenarioSpend {
    /// Per channel (the plan's order): its budget in the scenario ÷ its
    /// budget in the plan. A scenario with `changes` moves only the
    /// channels it names; one with only a budget scales every channel.
    pub factors: Vec<Decimal>,
    /// The change of money is spent from this date only (`release`).
    pub from: Option<NaiveDate>,
    /// Per initiative (the plan's order): how much more of what it works
    /// on the scenario's words add, where it counts the same thing as a
    /// channel the money goes to ("Specifier ABM programme (180 accounts)"
    /// beside "ABM — 180 … accounts" and "120 more plant accounts").
    pub initiatives: Vec<Decimal>,
}

pub fn spend(plan: &Plan, typed: &Scenario) -> ScenarioSpend {
    // The work lands where the money goes: on the channels its words or
    // outcomes aim it at, not the planned mix (`scenario_aim`).
    let aimed = super::scenario_aim::aimed(plan, typed);
    let s = aimed.as_ref();
    let total = plan.budget.total.value;
    let text = format!(
        "{}; {}",
        typed.name,
        typed.description.as_deref().unwrap_or_default()
    );
    // A channel the scenario's money goes to, or its words name (the
    // words made once, not once a channel: `scenario_aim::named_in`).
    let padded = super::scenario_words::padded_words(&text);
    let named_here = |c: &crate::plan::Channel| {
        s.change_of(&c.id.value).is_some() || super::scenario_words::named_in_words(c, &padded)
    };
    let factors = plan
        .channels
        .iter()
        .map(|c| {
            let money = if s.changes.is_empty() {
                s.budget.value.checked_div(total).unwrap_or(Decimal::ONE)
            } else {
                match s.change_of(&c.id.value) {
                    Some(d) if !c.budget.value.is_zero() => ((c.budget.value + d)
                        .checked_div(c.budget.value)
                        .unwrap_or(Decimal::ONE))
                    .max(Decimal::ZERO),
                    _ => Decimal::ONE,
                }
            };
            // Work follows what the words add where they say it: "120 more
            // plant accounts" on "ABM — 180 … accounts" is 300/180 of the
            // accounts to work, whatever the money's share of the channel.
            let aimed_here = named_here(c);
            match units_factor(&c.name, &text).filter(|_| aimed_here) {
                Some(u) => money.max(u),
                None => money,
            }
        })
        .collect();
    let aimed_units: Vec<Decimal> = plan
        .channels
        .iter()
        .filter(|c| named_here(c))
        .filter_map(|c| units_factor(&c.name, &text))
        .collect();
    let initiatives = plan
        .initiatives
        .iter()
        .map(|i| {
            units_factor(&i.name, &text)
                .filter(|u| aimed_units.contains(u))
                .unwrap_or(Decimal::ONE)
        })
        .collect();
    ScenarioSpend {
        factors,
        from: release(plan, s),
        initiatives,
    }
}

/// Whether an ask's money is spent only in one case: the plan says so
/// (`funding = "contingent"`), or its words do ("only if the opening
/// slips", "a reserve if needed", "contingent on").
pub fn says_contingent(a: &Ask) -> bool {
    let ask = a.ask.to_lowercase();
    a.funding == Some(AskFunding::Contingent)
        || [
            "only if",
            "if needed",
            "if required",
            "contingent",
            "contingency",
        ]
        .iter()
        .any(|w| ask.contains(w))
}

/// The date from which a scenario's change of money is spent, inside the
/// plan's period: a trigger that switches to the scenario looks at its
/// date; else a contingent ask for the scenario's extra money (within 1%)
/// is decided by its date. `None`: from the plan's start.
pub fn release(plan: &Plan, s: &Scenario) -> Option<NaiveDate> {
    let trigger = plan
        .triggers
        .iter()
        .filter(|t| t.scenario.as_ref().is_some_and(|r| r.value == s.id.value))
        .filter_map(|t| t.date.as_ref().map(|d| d.value))
        .min();
    let extra = s.budget.value - plan.budget.total.value;
    let ask = plan
        .asks
        .iter()
        .filter(|a| extra > Decimal::ZERO && says_contingent(a))
        .filter(|a| {
            a.amount
                .as_ref()
                .is_some_and(|m| (m.value - extra).abs() * Decimal::ONE_HUNDRED <= extra)
        })
        .filter_map(|a| a.by.as_ref().map(|d| d.value))
        .min();
    trigger
        .or(ask)
        .and_then(|d| within(plan, d))
        // Else the month its own words say the money runs from.
        .or_else(|| super::scenario_aim::from_month(plan, s))
}

/// A date inside the plan's period, after its first day (money released
/// on the first day is the whole period's).
pub fn within(plan: &Plan, d: NaiveDate) -> Option<NaiveDate> {
    (d > plan.meta.start.value && d <= plan.meta.end.value).then_some(d)
}

/// The content words of a phrase, singular, for matching a count's noun.
fn nouns(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .map(|w| w.trim_end_matches('s').to_string())
        .collect()
}

fn count(w: &str) -> Option<Decimal> {
    let w = w.trim_matches(|c: char| !c.is_ascii_digit());
    let n: Decimal = w.replace(',', "").parse().ok()?;
    (n > Decimal::ZERO).then_some(n)
}

/// How much more of what a channel works on a scenario's words add: a
/// channel named for a count ("ABM — 180 specifier & utility accounts")
/// and words that add to it ("120 more plant accounts"), the same noun
/// after each figure: (180 + 120) / 180. `None` where the words add no
/// count of what the channel's name counts.
pub fn units_factor(channel: &str, text: &str) -> Option<Decimal> {
    let name: Vec<&str> = channel.split_whitespace().collect();
    let (base, theirs) = name.iter().enumerate().find_map(|(i, w)| {
        let n = count(w)?;
        let after = nouns(&name[i + 1..(i + 5).min(name.len())]);
        (!after.is_empty()).then_some((n, after))
    })?;
    let words: Vec<&str> = text.split_whitespace().collect();
    let added: Decimal = words
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[1].eq_ignore_ascii_case("more"))
        .filter_map(|(i, w)| {
            let n = count(w[0])?;
            let after = nouns(&words[i + 2..(i + 5).min(words.len())]);
            after.iter().any(|a| theirs.contains(a)).then_some(n)
        })
        .sum();
    (added > Decimal::ZERO).then(|| (base + added) / base)
}
