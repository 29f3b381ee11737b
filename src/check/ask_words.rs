//! What an ask's own words say that its fields do not: an amount of money
//! it states ("€350k deposit in this budget"), the people's time it commits
//! instead of money ("Sales commits 6 SDRs at 50%"), and the cost per
//! result its condition allows ("only if cost per funded account stays
//! under £125"). The checker and the deck read them the same way, so that
//! the help line and the ask slide name the same figure.

use rust_decimal::Decimal;

// The parser of amounts in words lives below the figures, which read a
// same-money move's amount with it.
pub use crate::plan::words_amounts::{Scope, StatedAmount, stated_amounts};
use crate::plan::{Ask, Plan};

/// What an ask without an `amount` costs by its own words.
#[derive(Debug, Clone)]
pub enum StatedCost {
    /// One amount that falls in this plan, with the later commitments the
    /// words also state.
    One {
        amount: StatedAmount,
        beyond: Vec<StatedAmount>,
    },
    /// Amounts the deck cannot tell apart: none, or more than one, falls
    /// in this plan by the words.
    Unclear(Vec<StatedAmount>),
}

impl StatedCost {
    /// The cost cell's basis: "€350k deposit in this budget, as the ask
    /// states; €1.9M in 2028 is beyond this plan, not counted".
    pub fn basis(&self) -> Option<String> {
        let StatedCost::One { amount, beyond } = self else {
            return None;
        };
        let mut s = format!("{}, as the ask states", amount.phrase);
        if !beyond.is_empty() {
            let later: Vec<&str> = beyond.iter().map(|b| b.phrase.as_str()).collect();
            s.push_str(&format!(
                "; {} {} beyond this plan, not counted",
                later.join(" and "),
                if later.len() == 1 { "is" } else { "are" }
            ));
        }
        Some(s)
    }
}

/// The cost an ask's words state, where its fields state none: `None`
/// when the words state no amount of the plan's currency.
pub fn stated_cost(plan: &Plan, a: &Ask) -> Option<StatedCost> {
    if a.amount.is_some() {
        return None;
    }
    let text = committing(&a.ask);
    let found: Vec<StatedAmount> = stated_amounts(plan, text)
        .into_iter()
        .filter(|s| !s.rate)
        .collect();
    if found.is_empty() {
        return None;
    }
    let (beyond, here): (Vec<StatedAmount>, Vec<StatedAmount>) = found
        .iter()
        .cloned()
        .partition(|s| s.scope == Scope::Beyond);
    let placed: Vec<&StatedAmount> = here.iter().filter(|s| s.scope != Scope::Unsaid).collect();
    let one = match (placed.as_slice(), here.as_slice()) {
        ([one], _) => Some((*one).clone()),
        // The only amount the words state, with no period: this plan's.
        ([], [only]) if beyond.is_empty() => Some(only.clone()),
        _ => None,
    };
    Some(match one {
        Some(amount) => StatedCost::One { amount, beyond },
        None => StatedCost::Unclear(found),
    })
}

/// What an ask commits, not what it waits on: its words before its
/// condition ("only if pipeline passes €20m" is a threshold, no cost).
fn committing(ask: &str) -> &str {
    let lower = ask.to_lowercase();
    let cut = [" if ", " unless ", " once ", " provided "]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
        .unwrap_or(lower.len());
    ask.get(..cut).unwrap_or(ask)
}

/// The people's time an ask commits where it commits no money: "Sales'
/// time (6 SDRs at 50%)" for "Sales commits 6 SDRs at 50% to the PQL
/// queue", "Hotel GMs' time (20% of front-desk shifts)". Its words name
/// who gives, a verb of giving, and a share or count of people or shifts.
pub fn time_commitment(a: &Ask) -> Option<String> {
    const VERBS: &[&str] = &[
        "commits",
        "commit",
        "give",
        "gives",
        "lend",
        "lends",
        "dedicate",
        "dedicates",
        "assign",
        "assigns",
        "second",
        "seconds",
        "allocate",
        "allocates",
    ];
    const TIME: &[&str] = &[
        "fte",
        "sdr",
        "sdrs",
        "staff",
        "shift",
        "shifts",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "time",
        "people",
        "reps",
        "agents",
        "volunteers",
        "engineers",
        "analysts",
        "team",
        "headcount",
    ];
    if money_words(a).is_some() {
        return None;
    }
    let words: Vec<&str> = a.ask.split_whitespace().collect();
    let v = words
        .iter()
        .position(|w| VERBS.contains(&w.to_lowercase().as_str()))?;
    if v == 0 {
        return None;
    }
    let who = words[..v].join(" ");
    // What is given: up to the purpose ("to the PQL queue", "for …").
    let rest = &words[v + 1..];
    let stop = rest
        .iter()
        .position(|w| matches!(w.to_lowercase().as_str(), "to" | "for" | "on" | "into"))
        .unwrap_or(rest.len());
    let what = rest[..stop].join(" ");
    let lower = what.to_lowercase();
    let has_time = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| TIME.contains(&w) || w.strip_suffix('s').is_some_and(|s| TIME.contains(&s)));
    let has_figure = what.chars().any(|c| c.is_ascii_digit());
    if what.is_empty() || !has_time || !has_figure {
        return None;
    }
    let owner = if who.ends_with('s') {
        format!("{who}'")
    } else {
        format!("{who}'s")
    };
    Some(format!("{owner} time ({what})"))
}

/// The cost per result a condition allows: "cost per funded account stays
/// under £125" → £125 and "funded account". `None` where the condition
/// caps no cost per result.
pub fn cost_cap(plan: &Plan, condition: &str) -> Option<(Decimal, String)> {
    let lower = condition.to_lowercase();
    // Indices found in the lower-cased text index the condition only where
    // lower-casing kept its length.
    let condition = if lower.len() == condition.len() {
        condition
    } else {
        lower.as_str()
    };
    let i = lower.find("cost per ")?;
    let after = &condition[i + "cost per ".len()..];
    let after_lower = &lower[i + "cost per ".len()..];
    let cut = [
        "stays",
        "remains",
        "is ",
        "under",
        "below",
        "less than",
        "<",
        "at or",
    ]
    .iter()
    .filter_map(|w| after_lower.find(w))
    .min()?;
    let per = after.get(..cut)?.trim().to_string();
    if per.is_empty() {
        return None;
    }
    let cap_at = ["under ", "below ", "less than ", "< ", "at most "]
        .iter()
        .filter_map(|w| after_lower.find(w).map(|j| j + w.len()))
        .min()?;
    let cap = stated_amounts(plan, &after[cap_at..]).into_iter().next()?;
    Some((cap.value, per))
}

/// The condition a contingent ask's money waits on, in its own words: what
/// follows its last " if " ("cost per funded account stays under £125
/// through Q3").
pub fn condition_words(a: &Ask) -> Option<&str> {
    let text = a.ask.trim_end_matches('.');
    let i = text.to_lowercase().rfind(" if ")?;
    text.get(i + 4..).map(str::trim).filter(|c| !c.is_empty())
}

/// A contingent ask whose extra money buys its result dearer than its own
/// condition allows: the condition caps the cost per result of the
/// objective the curves price the money in, and the ask's amount over what
/// the curves give for it is above that cap.
#[derive(Debug, Clone)]
pub struct Dear {
    pub objective: usize,
    /// The ask's amount over its gain on the curves, in whole money.
    pub per_result: Decimal,
    /// What the condition allows.
    pub cap: Decimal,
    pub gain: Decimal,
}

pub fn contingent_dear(plan: &Plan, fig: &crate::figures::Figures, a: &Ask) -> Option<Dear> {
    let (cap, per) = cost_cap(plan, condition_words(a)?)?;
    let g = crate::figures::scenarios::ask_gain(plan, fig, a)?;
    let o = plan.objectives.get(g.objective)?;
    // The cap is of this objective's result: every word of what it is per
    // ("funded account") in the objective's metric or unit.
    let names = format!(
        "{} {} {}",
        o.measure.metric.as_ref().map_or("", |m| m.value.as_str()),
        o.measure.unit.as_deref().unwrap_or(""),
        o.statement
    )
    .to_lowercase();
    let same = per
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.len() >= 3)
        .all(|w| names.contains(w.trim_end_matches('s')));
    if !same || g.gain <= Decimal::ZERO {
        return None;
    }
    // Whole money from 100 up; cents below (a cost per € of pipeline).
    let per = g.amount / g.gain;
    let per_result = if per >= Decimal::ONE_HUNDRED {
        crate::format::whole_units(per)
    } else {
        per.round_dp(2)
    };
    (per_result > cap).then_some(Dear {
        objective: g.objective,
        per_result,
        cap,
        gain: g.gain,
    })
}

/// The words by which an ask without an amount commits money ("fund",
/// "budget", "10% below"), the first found: such an ask is not a money-free
/// decision, whatever its kind.
pub fn money_words(a: &Ask) -> Option<String> {
    const WORDS: &[&str] = &[
        "fund",
        "funds",
        "funding",
        "funded",
        "spend",
        "spending",
        "invest",
        "investment",
        "pay",
        "paying",
        "payment",
        "budget",
        "hire",
        "hiring",
        "purchase",
        "buy",
        "buying",
        "reserve",
        "reserves",
        "release",
        "discount",
        "discounts",
        "rebate",
        "rebates",
        "subsidy",
        "subsidise",
        "subsidize",
        "sponsor",
        "sponsorship",
    ];
    let text = a.ask.to_lowercase();
    if let Some(w) = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| WORDS.contains(w))
    {
        return Some(w.to_string());
    }
    // A price given away ("a member rate 10% below parity") costs revenue.
    for phrase in ["% below", "% off", "below parity", "price cut"] {
        if let Some(i) = text.find(phrase) {
            // With the figure before a percentage: "10% below".
            let start = if phrase.starts_with('%') {
                text[..i]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
                    .map_or(0, |(j, c)| j + c.len_utf8())
            } else {
                i
            };
            // With the two words after it, in the ask's own letters where
            // lower-casing kept its length: "10% below OTA parity".
            let after = i + phrase.len();
            let end = text[after..]
                .split_inclusive(' ')
                .take(3)
                .map(str::len)
                .sum::<usize>()
                + after;
            let own = if a.ask.len() == text.len() {
                a.ask.as_str()
            } else {
                text.as_str()
            };
            return own
                .get(start..end)
                .or_else(|| text.get(start..end))
                .map(|q| q.trim_end().to_string());
        }
    }
    // An amount of money in what it commits ("€50k for …"), not in its
    // condition.
    let text = committing(&text).to_string();
    let symbols = ['€', '£', '$', '¥'];
    text.char_indices()
        .find(|(i, c)| {
            symbols.contains(c)
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|d| d.is_ascii_digit())
        })
        .and_then(|(i, _)| {
            let end = text[i..]
                .find(|c: char| c.is_whitespace() || c == ',')
                .map_or(text.len(), |e| i + e);
            text.get(i..end).map(str::to_string)
        })
}
