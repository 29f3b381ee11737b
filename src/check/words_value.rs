//! The value an objective's words give where its fields give none: an
//! assumption "Win rate on marketing-sourced opportunities stays at 27%"
//! beside an objective with no `win_rate`, or "An active member is worth
//! €180 of gross margin a year" beside one with no `value_per_unit`. The
//! checker gives the TOML to add. Where the words state exactly one figure
//! for the objective and it makes money of the metric (a win rate for
//! pipeline, a value per unit with what it is of), the value slide applies
//! it, labelled with its source and as not set on the objective
//! (`applicable`): a board scored "the 27% win rate on s18 is never
//! applied" as no value bridge. Two figures that disagree are applied
//! nowhere, and the slide says so; a figure in words is still a claim the
//! plan has not committed to its numbers, so `check` keeps saying so.

use rust_decimal::Decimal;

use super::Ctx;
use super::ask_words::stated_amounts;
use super::words_figures::content_words;
use crate::diagnostic::{Finding, Rule, Severity, Span};
use crate::figures::value::{Gap, unit_value};
use crate::plan::kinds::MetricKind;
use crate::plan::{Objective, Plan};

pub const VALUE_STATED_IN_WORDS: Rule = Rule {
    id: "value-stated-in-words",
    severity: Severity::Note,
    family: "measurability",
    summary: "an assumption or insight states a win rate or a value per unit for an objective that carries none",
    explanation: "\"Win rate on marketing-sourced opportunities stays at 27%\" is what the value \
bridge needs to turn opportunities into revenue, but the deck reads the objective's `win_rate`, \
not prose: with no value on the objective it shows the metric and no return, and a board reading \
the assumption in the appendix scores the missing return as the plan's gap. mvplan reads a win \
rate (\"win rate … 27%\") in an assumption or insight that underpins or informs a demand \
objective (pipeline, opportunities, leads) with no win rate, or, linked to nothing, names its \
metric; and a value per unit (\"worth €180 of gross margin\", \"LTV £95\", \"lifetime value of \
£95\") for an objective that counts things (customers, members) with no `value_per_unit`, or \
one with no `value_basis`. It gives the TOML to add. Where the words state exactly one such \
figure for the objective and it makes money of the metric (a win rate for pipeline, or for a \
count with a `deal_size`; a value per unit with what it is of), the value slide applies it, \
labelled \"as assumption `x` states — not set on the objective\"; two figures that disagree \
are applied nowhere and the slide says so. A count (opportunities) valued by a win rate also \
needs `deal_size`.\n\nmvplan also points at words that value one customer, member or donor \
in other ways, for an objective that counts them with no value per unit or one with no \
`value_basis`: an amount beside an average order value, LTV, ARPA or ARPU, an average, or \
\"per …\" (\"AOV €85\", \"average monthly gift €13.50\", not a cost such as \"CAC €31\" nor a \
difference such as \"€19 more per night\"), in an assumption, insight, objective or goal \
linked to the objective or naming what it counts; and a multiple of such a value that states \
no amount (\"3.1x the 12-month LTV\"). It quotes the figure and gives the TOML to add — \
`value_per_unit` with `value_basis`, or only the basis where the objective's value is the \
figure or twelve months of a monthly one — and says what is missing where the words give a \
multiple. The deck never applies these: an order, a month or a multiple is not what one unit \
is worth until the plan says so.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&VALUE_STATED_IN_WORDS];

/// What the words state.
#[derive(Debug, Clone, PartialEq)]
pub enum Stated {
    /// A win rate, percent.
    WinRate(Decimal),
    /// What one unit is worth, and of what ("gross margin"), where the
    /// words say.
    PerUnit {
        value: Decimal,
        basis: Option<String>,
    },
}

/// A value an assumption or insight states for an objective that carries
/// none.
pub struct StatedValue {
    pub objective: String,
    pub place: String,
    /// "assumption" or "insight", as the deck names it.
    pub kind: &'static str,
    pub stated: Stated,
    /// The objective counts things (opportunities): a win rate gives won
    /// deals, and revenue needs `deal_size` too.
    pub count: bool,
    /// The objective's `value_per_unit` with no basis.
    pub unbased: Option<Decimal>,
    pub currency: String,
    pub span: Span,
}

impl StatedValue {
    /// What the words state: "a 27% win rate", "a value of €180 of gross
    /// margin per unit".
    pub fn what(&self) -> String {
        match &self.stated {
            Stated::WinRate(r) => format!("a {}% win rate", crate::format::format_number(*r, 2)),
            Stated::PerUnit { value, basis } => format!(
                "a value of {}{} per unit",
                crate::format::format_money(*value, &self.currency, false),
                basis
                    .as_deref()
                    .map(|b| format!(" of {b}"))
                    .unwrap_or_default()
            ),
        }
    }

    /// The TOML to add: "`win_rate = 27` with `deal_size`, …".
    pub fn toml(&self) -> String {
        let number = |d: Decimal| crate::format::format_number(d, 4).replace(',', "_");
        match &self.stated {
            Stated::WinRate(rate) => {
                let mut s = format!("`win_rate = {}`", number(*rate));
                if self.count {
                    s.push_str(
                        " with `deal_size`, what one won deal is worth, which the plan does not state",
                    );
                }
                if let Some(v) = self.unbased {
                    s.push_str(&format!(
                        " in place of `value_per_unit = {}`, which has no basis",
                        number(v)
                    ));
                }
                s
            }
            Stated::PerUnit { value, basis } => {
                let basis = basis.as_deref().map_or_else(
                    || "`value_basis` (what the value is of)".to_string(),
                    |b| format!("`value_basis = \"{b}\"`"),
                );
                if self.unbased.is_some() {
                    basis
                } else {
                    format!("`value_per_unit = {}` with {basis}", number(*value))
                }
            }
        }
    }

    /// On the value slide, beside the objective's gap, in a board's
    /// words: "an assumption states a 27% win rate for it, but the plan
    /// does not set it on the objective, so no return is counted on it".
    /// The TOML to add is `mvplan check`'s help, not slide text.
    pub fn said(&self) -> String {
        let why = match &self.stated {
            Stated::WinRate(_) if self.count => {
                "but the plan gives no deal size (what one won deal is worth), so its won deals are not money"
            }
            Stated::PerUnit { basis: None, .. } => {
                "but not what it is of (revenue, margin or lifetime value)"
            }
            _ => "but the plan does not set it on the objective, so no return is counted on it",
        };
        format!("an {} states {} for it, {why}", self.kind, self.what())
    }

    /// Where the deck applies it, its source in a board's words: "as an
    /// assumption states — not set on the objective" (the appendix lists
    /// the assumptions; an id is no word for a board).
    pub fn source(&self) -> String {
        format!("as an {} states — not set on the objective", self.kind)
    }
}

fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// The first value the words state for each objective that carries none:
/// what `check` reports.
pub fn stated_values(plan: &Plan, source: Option<&str>) -> Vec<StatedValue> {
    let mut out: Vec<StatedValue> = Vec::new();
    for w in every_stated(plan, source) {
        if !out.iter().any(|o| o.objective == w.objective) {
            out.push(w);
        }
    }
    out
}

/// The value the deck applies for an objective from its words: the one
/// the plan's assumptions and insights state for it, when every text that
/// states one states the same (two rates that disagree are no figure to
/// apply), and only where it makes money of the metric: a win rate for
/// pipeline or for a count with a deal size, a value per unit with what
/// it is of.
pub fn applicable(plan: &Plan, objective: &str) -> Option<StatedValue> {
    let mut all = every_stated(plan, None)
        .into_iter()
        .filter(|w| w.objective == objective);
    let first = all.next()?;
    if all.any(|w| w.stated != first.stated) {
        return None;
    }
    let o = plan.objective(objective)?;
    let money = match &first.stated {
        Stated::WinRate(_) => !first.count || o.conversion.deal_size.is_some(),
        Stated::PerUnit { basis, .. } => basis.is_some(),
    };
    money.then_some(first)
}

/// Every value the words state for an objective that carries none, one
/// per text.
fn every_stated(plan: &Plan, source: Option<&str>) -> Vec<StatedValue> {
    let mut out = Vec::new();
    for o in &plan.objectives {
        let gap = match unit_value(o) {
            Err(g @ (Gap::NoValue | Gap::NoWinRate | Gap::NoBasis)) => g,
            _ => continue,
        };
        let unit = o.measure.unit.as_deref();
        let money = unit.is_some_and(crate::plan::money::is_currency);
        let demand = MetricKind::infer(o.kind.as_ref().map(|k| k.value), unit, metric(o))
            == Some(MetricKind::Demand);
        let own = content_words(&format!("{} {}", unit.unwrap_or_default(), metric(o)));
        let unbased = (gap == Gap::NoBasis)
            .then(|| o.value_per_unit.as_ref().map(|v| v.value))
            .flatten();
        let texts = plan
            .assumptions
            .iter()
            .map(|a| {
                (
                    "assumption",
                    &a.id.value,
                    &a.statement,
                    &a.underpins,
                    &a.span,
                )
            })
            .chain(
                plan.insights
                    .iter()
                    .map(|i| ("insight", &i.id.value, &i.finding, &i.informs, &i.span)),
            );
        for (kind, id, text, links, span) in texts {
            let found = win_rate_in(text)
                .filter(|_| demand)
                .map(|(r, named)| (Stated::WinRate(r), named))
                .or_else(|| {
                    per_unit_in(plan, text)
                        // "Deals worth €50k" beside opportunities is a
                        // deal size, not what one opportunity is worth.
                        .filter(|_| !money && !demand)
                        .map(|(value, basis)| (Stated::PerUnit { value, basis }, String::new()))
                });
            let Some((stated, named)) = found else {
                continue;
            };
            let linked = links.iter().any(|r| r.value == o.id.value);
            let names = content_words(&named).iter().any(|w| own.contains(w));
            if !(linked || (links.is_empty() && names)) {
                continue;
            }
            // A value per unit the objective already carries, with no
            // basis: only words that say what it is of help, and only for
            // the same amount.
            if let (Stated::PerUnit { value, basis }, Some(v)) = (&stated, unbased)
                && (basis.is_none() || *value != v)
            {
                continue;
            }
            let at = source
                .and_then(|s| s.find(text.as_str()).map(|i| i..i + text.len()))
                .unwrap_or_else(|| span.clone());
            out.push(StatedValue {
                objective: o.id.value.clone(),
                place: format!("{kind} `{id}`"),
                kind,
                stated,
                count: !money,
                unbased,
                currency: plan.meta.currency.value.clone(),
                span: at,
            });
        }
    }
    out
}

/// The value slide's words beside an objective the plan leaves unvalued
/// while its words state a value for it ("; an assumption states …"), or
/// nothing.
pub fn value_note(plan: &Plan, objective: &str) -> String {
    let all: Vec<StatedValue> = every_stated(plan, None)
        .into_iter()
        .filter(|w| w.objective == objective)
        .collect();
    let Some(first) = all.first() else {
        return String::new();
    };
    if all.iter().any(|w| w.stated != first.stated) {
        // Two figures for one thing: the deck applies neither.
        let mut what: Vec<String> = all.iter().map(StatedValue::what).collect();
        what.dedup();
        return format!(
            "; the plan's words state {} for it, which disagree, so the deck applies none",
            what.join(" and ")
        );
    }
    format!("; {}", first.said())
}

/// "Win rate on marketing-sourced opportunities stays at 27%" → 27 and
/// the words between ("on marketing-sourced opportunities stays at").
fn win_rate_in(text: &str) -> Option<(Decimal, String)> {
    let lower = text.to_lowercase();
    let i = lower.find("win rate")? + "win rate".len();
    let rest = &lower[i..];
    let pct = rest.find('%')?;
    let before = &rest[..pct];
    // After the last character that is not part of the number, whatever
    // its width ("win rate≈27%").
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(0, |(j, c)| j + c.len_utf8());
    let rate: Decimal = before[start..].parse().ok()?;
    if rate <= Decimal::ZERO || rate > Decimal::ONE_HUNDRED || pct > 60 {
        return None;
    }
    Some((rate, before[..start].to_string()))
}

/// "worth €180 of gross margin a year" → (180, gross margin); "LTV £95"
/// and "lifetime value of £95" → (95, lifetime value). The first amount of
/// the plan's currency within a few words after the word of value.
fn per_unit_in(plan: &Plan, text: &str) -> Option<(Decimal, Option<String>)> {
    let lower = text.to_lowercase();
    // Where lower-casing changed byte offsets, positions are not comparable.
    if lower.len() != text.len() {
        return None;
    }
    let (at, lifetime) = ["ltv", "lifetime value", "worth "]
        .iter()
        .filter_map(|w| lower.find(w).map(|i| (i, *w != "worth ")))
        .min_by_key(|(i, _)| *i)?;
    let a = stated_amounts(plan, text)
        .into_iter()
        .find(|a| a.at.start > at && a.at.start - at <= 25)?;
    if a.value <= Decimal::ZERO {
        return None;
    }
    let basis = if lifetime {
        Some("lifetime value".to_string())
    } else {
        let after = lower[a.at.end..].trim_start();
        after.strip_prefix("of ").and_then(|b| {
            let end = [
                " a year", " per ", " each", ",", ";", ".", "(", " in ", " over ",
            ]
            .iter()
            .filter_map(|w| b.find(w))
            .min()
            .unwrap_or(b.len());
            let b = b[..end].trim();
            (!b.is_empty() && b.split_whitespace().count() <= 4).then(|| b.to_string())
        })
    };
    Some((a.value, basis))
}

pub fn check(cx: &mut Ctx<'_>) {
    for w in stated_values(cx.plan, cx.source) {
        let deck = if applicable(cx.plan, &w.objective).is_some() {
            "the deck applies it from the words, marked as not set on the objective"
        } else {
            "the deck shows no return for it"
        };
        let carries = match w.stated {
            Stated::WinRate(_) => "which carries no win rate",
            Stated::PerUnit { .. } if w.unbased.is_some() => {
                "whose `value_per_unit` has no `value_basis`"
            }
            Stated::PerUnit { .. } => "which carries no value per unit",
        };
        cx.report(
            Finding::new(
                &VALUE_STATED_IN_WORDS,
                format!(
                    "{} states {} for objective `{}`, {carries}: {deck}",
                    w.place,
                    w.what(),
                    w.objective
                ),
            )
            .at(w.span.clone())
            .label("a value in words only")
            .help(format!("on objective `{}`, add {}", w.objective, w.toml())),
        );
    }
}
