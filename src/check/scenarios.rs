//! Scenarios against the plan: a scenario is a change of budget, so its
//! outcomes are changes from the plan's own forecast — a cut cannot buy
//! more than the plan.
//!
//! The deck uses [`cuts_that_buy_more`] too: a typed outcome this rule
//! doubts is marked on the scenarios slide and left out of the sentences
//! that state scenario outcomes as fact (the slide's title, the value of
//! the scenario, what a no costs).

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::Figures;
use crate::format::{format_change, format_quantity};
use crate::plan::{ForecastBasis, Objective, Plan};

pub const SCENARIO_CUT_BUYS_MORE: Rule = Rule {
    id: "scenario-cut-buys-more",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario spends less than the plan but its typed outcome is better than the plan's forecast",
    explanation: "A scenario is a decision about a change of budget, so what a board reads is \
its change from the plan: a cut that delivers more than the plan's own forecast says the plan \
wastes money, or that one of the two figures is wrong. The usual cause is a scenario typed \
against a different reference than the forecast (the plan's target, last year's result, or an \
outcome typed for a scenario at the plan's own budget that the channels' forecasts do not \
reach). mvplan compares each typed outcome of a scenario whose budget is below the plan's \
total with the objective's forecast as the deck shows it (the response curves' where they cover \
it), in the direction the objective's target points; an outcome better by more than the \
rounding the deck prints (0.5%) is reported. The deck does not state that outcome: the scenarios \
table shows the plan's forecast moved by the cut at the plan's own cost per extra result (\"≈\", \
its basis under the table), and the slide's title, the scenario's value and what a no costs do \
not use it. Check the \
outcome or the plan's forecast; or leave the outcome out where the curves compute it.",
    configurable: true,
};

pub const SCENARIO_UNMODELLED: Rule = Rule {
    id: "scenario-unmodelled",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario moves money between channels at the plan's total but names no `changes`, so nothing can compute it",
    explanation: "A scenario with only a `budget` has the difference from the plan's total spread \
over the channels in the planned mix. At the plan's own total there is no difference, so the \
spread is the plan's and every figure computed for it is the plan's own: a board reading that \
row sees the move 'change nothing', and an alternative that is not credible. mvplan reports a \
scenario at the plan's total without `changes` whose name or description says it moves money \
(move, shift, instead, reallocate, same money…) and whose words do not size the move either. \
A move its words size — one amount, the channel it comes from and the one it goes to: \"shift \
£400k from paid social to referral\", \"move €250k from trade press to the demo-van tour\" — is \
computed as described, and its row says so; where the plan's words price the thing moved \
differently elsewhere and an ask's typed `amount` settles it (`words-price-disagree`), the move \
is computed at that one figure, the one the deck states. A scenario this rule reports is shown \
as not modelled and used nowhere as an alternative. Name the channels it moves and by how much \
in `changes`; the curves then compute it (and a channel without a curve moves its forecast pro \
rata).",
    configurable: true,
};

pub const SCENARIO_CHANGE_MISSTATED: Rule = Rule {
    id: "scenario-change-misstated",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario's words state a change of budget that its `budget` does not make",
    explanation: "A board checks a scenario's change against its two ends: \"Cut $1.45M\" beside \
a plan of $12.3M and a scenario of $10.8M reads as a figure that does not add up, whichever way \
the deck rounds them. mvplan reads the one amount of the plan's currency a scenario's name or \
description states after a sign or a word of change (cut, add, more, less, increase, reduce, \
trim, save, +, −) and compares it with the difference between the scenario's `budget` and the \
plan's total, at the precision the words give (\"$1.45M\" is to three figures: a difference of \
$1,475,000 is $1.48M, not $1.45M). When they differ, the deck writes every budget in its one \
notation, takes the budget's change as its figure and marks the words' amount where it quotes \
them (\"Cut $1.45M [to settle: its budget is $1.48M below the plan's]\"), and the summary names \
it once as a figure to settle. Correct the words or the `budget`.",
    configurable: true,
};

pub const SCENARIO_WORDS_UNSIZED: Rule = Rule {
    id: "scenario-words-unsized",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario's words size channel changes that do not add up to its budget's difference from the plan",
    explanation: "A scenario that types no `changes` but whose words say which channels it cuts or \
moves (\"LinkedIn halved, trade press cut by €150k, co-op −€300k\") is computed with those \
changes: the channels its words name move and every other keeps the plan's budget, so its row \
shows what its words say. mvplan reads, per clause, the channel named (by id or name, or a word \
only that channel has) and its size: an amount, a percentage, a fraction (halved, a third), a \
count (three vans instead of four) or a move (move €250k from A to B); channels a sentence keeps \
whole do not move, and a named channel with no size shares what the sized ones leave, pro rata \
to its budget. Where the sized changes miss the budget's difference from the plan's total by more \
than 2% of it (or 1,000) and no unsized channel takes the rest — a clause sizes something that \
is not a channel (\"production −50%\"), or the words' items do not add up to the cut — the \
channels the words size are cut as they say and the rest of the cut comes from the funded \
channels they do not name, pro rata to their budgets: nearer what the words say than spreading \
the whole cut over the planned mix, which would cut channels the words never name and leave the \
named ones short. The row says how much is itemised and that the rest is cut pro rata. Where \
even that cannot be (the words cut more than the budget does, or the other channels hold less \
than the rest) mvplan does not guess: the scenario is computed in the planned mix and its row \
says so. Either way this rule names both amounts. Type the scenario's `changes`, or make its \
words' sizes add up to its budget.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &SCENARIO_CUT_BUYS_MORE,
    &SCENARIO_UNMODELLED,
    &SCENARIO_CHANGE_MISSTATED,
    &SCENARIO_WORDS_UNSIZED,
];

/// The first amount of money a text states ("move €250k from …"), as a
/// number: a currency sign, digits, and k or m.
fn amount_in(text: &str) -> Option<Decimal> {
    let chars: Vec<char> = text.chars().collect();
    let at = chars
        .iter()
        .position(|c| matches!(c, '€' | '£' | '$' | '¥'))?;
    let run: Vec<char> = chars[at + 1..]
        .iter()
        .copied()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '_'))
        .collect();
    let digits: String = run
        .iter()
        .filter(|c| c.is_ascii_digit() || **c == '.')
        .collect();
    let n: Decimal = digits.trim_end_matches('.').parse().ok()?;
    Some(match chars.get(at + 1 + run.len()) {
        Some('k' | 'K') => n * Decimal::ONE_THOUSAND,
        Some('m' | 'M') => n * Decimal::from(1_000_000),
        _ => n,
    })
}

/// A whole amount as TOML reads it best: `250_000`.
fn underscored(d: Decimal) -> String {
    let digits = d.round().abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

/// The `changes` a same-money scenario's words describe, as the plan would
/// write them: the channels its words name in their order (the first gives,
/// the second takes) and the amount they state; else the plan's first two
/// channels and a placeholder.
fn changes_hint(plan: &Plan, s: &crate::plan::Scenario) -> String {
    let text = format!(
        "{} {}",
        s.name,
        s.description.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    let mut named: Vec<(usize, &str)> = plan
        .channels
        .iter()
        .filter_map(|c| {
            let id = c.id.value.replace('-', " ");
            let name = c.name.to_lowercase();
            let short = name.split(" (").next().unwrap_or_default().to_string();
            [id, short]
                .iter()
                .filter(|w| w.chars().count() >= 4)
                .filter_map(|w| text.find(w.as_str()))
                .min()
                .map(|at| (at, c.id.value.as_str()))
        })
        .collect();
    named.sort();
    let ids: Vec<&str> = named.iter().map(|(_, id)| *id).collect();
    let (from, to) = match ids.as_slice() {
        [a, b, ..] => (a.to_string(), b.to_string()),
        _ => match plan.channels.as_slice() {
            [a, b, ..] => (a.id.value.clone(), b.id.value.clone()),
            _ => ("from-channel".to_string(), "to-channel".to_string()),
        },
    };
    let amount = amount_in(&text)
        .map(underscored)
        .unwrap_or_else(|| "100_000".to_string());
    format!("changes = {{ {from} = -{amount}, {to} = {amount} }}")
}

/// A scenario whose words state a change of budget its `budget` does not
/// make ("Cut $1.45M" for a budget $1,475,000 below the plan's).
#[derive(Debug, Clone, PartialEq)]
pub struct MisstatedChange {
    /// The change the words state, as a positive amount.
    pub stated: Decimal,
    /// The scenario's budget less the plan's total, signed.
    pub actual: Decimal,
}

impl MisstatedChange {
    /// Beside the author's words on a slide: "its budget is $1.48M below
    /// the plan's".
    pub fn said(&self, currency: &str) -> String {
        format!(
            "its budget is {} {} the plan's",
            crate::format::format_money(self.actual.abs(), currency, true),
            if self.actual < Decimal::ZERO {
                "below"
            } else {
                "above"
            }
        )
    }
}

/// The change of budget a scenario's name or description states, when it
/// states exactly one ("Cut $1.45M: …", "(+£1.5m)") and it is not the
/// scenario's `budget` less `total` at the precision the words give.
pub fn misstated_change(
    plan: &Plan,
    s: &crate::plan::Scenario,
    total: Decimal,
) -> Option<MisstatedChange> {
    let actual = s.budget.value - total;
    // At the plan's own total any amount the words state is moved between
    // channels, not a change of budget.
    if actual.is_zero() {
        return None;
    }
    let sym = crate::plan::money::symbol(&plan.meta.currency.value).trim();
    let texts = [Some(s.name.as_str()), s.description.as_deref()];
    let stated: Vec<Decimal> = texts
        .into_iter()
        .flatten()
        .flat_map(|t| stated_changes(t, sym))
        .collect();
    let [stated] = stated.as_slice() else {
        return None;
    };
    (to_figures(actual.abs(), significant(*stated)) != *stated).then_some(MisstatedChange {
        stated: *stated,
        actual,
    })
}

/// Amounts after a sign or a word of change in `text` ("Cut $1.45M",
/// "(+£1.5m)"), not any amount ("funds €25k of paid social").
fn stated_changes(text: &str, sym: &str) -> Vec<Decimal> {
    if sym.is_empty() {
        return Vec::new();
    }
    text.match_indices(sym)
        .filter(|(i, _)| {
            let before = text[..*i].trim_end().to_lowercase();
            before.ends_with(['+', '-', '−'])
                || [
                    "cut", "add", "adds", "more", "less", "increase", "reduce", "trim", "save",
                ]
                .iter()
                .any(|w| before.ends_with(w))
        })
        .filter_map(|(i, _)| amount_in(&text[i..]))
        .filter(|d| !d.is_zero())
        .collect()
}

/// How many significant figures an amount as written carries: 3 for
/// 1,450,000 ("$1.45M").
fn significant(d: Decimal) -> u32 {
    let digits = d.abs().normalize().to_string().replace('.', "");
    let digits = digits.trim_start_matches('0').trim_end_matches('0');
    u32::try_from(digits.len()).unwrap_or(1).max(1)
}

/// `d` (> 0) rounded to `n` significant figures: 1,475,000 to 3 is
/// 1,480,000.
fn to_figures(d: Decimal, n: u32) -> Decimal {
    let mut unit = Decimal::ONE;
    let mut shown = d.trunc();
    let mut places = 0u32;
    while shown >= Decimal::TEN {
        shown /= Decimal::TEN;
        places += 1;
    }
    // `places` + 1 digits before the point.
    for _ in 0..(places + 1).saturating_sub(n) {
        unit *= Decimal::TEN;
    }
    (d / unit).round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        * unit
}

/// A scenario below the plan's budget whose typed outcome of an objective
/// beats the plan's forecast of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CutBuysMore {
    pub scenario: String,
    pub objective: String,
    /// The scenario's typed level.
    pub typed: Decimal,
    /// The plan's level of the objective (the forecast as the deck shows it).
    pub plan_level: Decimal,
    /// What a scenario at the plan's own budget types for the objective,
    /// if one does: the reference the writer likely measured against.
    pub reference: Option<(String, Decimal)>,
    /// The rule that doubts it: a cut that buys more, or an increase that
    /// buys too much (`scenario_increase`).
    pub rule: &'static str,
    /// For an increase: its cost per extra result over the plan's
    /// forecast, and the plan's own cost per extra result over today.
    pub per_extra: Option<(Decimal, Decimal)>,
}

/// The objective's level at the plan's budget: the curves' forecast where
/// they cover it, else the typed one; plus the baseline for an uplift.
pub fn plan_level(plan: &Plan, fig: &Figures, o: &Objective) -> Option<Decimal> {
    let i = plan
        .objectives
        .iter()
        .position(|x| x.id.value == o.id.value)?;
    let typed = fig.objectives.get(i)?.forecast;
    let curve = fig
        .media
        .as_ref()
        .and_then(|m| m.objectives.iter().find(|m| m.id == o.id.value))
        .filter(|m| m.infeasible.is_none())
        // As the deck prints curve figures (three significant figures).
        .and_then(|m| {
            crate::format::approx(m.planned)
                .replace(',', "")
                .parse()
                .ok()
        });
    let forecast = curve.unwrap_or(typed);
    Some(match o.forecast_basis {
        ForecastBasis::Uplift => o.measure.baseline.as_ref()?.value + forecast,
        _ => forecast,
    })
}

/// Whether more of the objective's metric is better: its target is not
/// below its baseline.
pub fn more_is_better(o: &Objective) -> bool {
    match (&o.measure.baseline, &o.measure.target) {
        (Some(b), Some(t)) => t.value >= b.value,
        _ => true,
    }
}

/// Every typed outcome of a scenario below the plan's budget that is
/// better than the plan's forecast, beyond the deck's rounding.
pub fn cuts_that_buy_more(plan: &Plan, fig: &Figures) -> Vec<CutBuysMore> {
    let total = plan.budget.total.value;
    let mut out = Vec::new();
    for s in plan.scenarios.iter().filter(|s| s.budget.value < total) {
        for f in &s.outcomes {
            let Some(o) = plan.objective(&f.objective.value) else {
                continue;
            };
            let Some(level) = plan_level(plan, fig, o) else {
                continue;
            };
            let typed = f.value.value;
            let better = if more_is_better(o) {
                typed - level
            } else {
                level - typed
            };
            if better <= level.abs() * Decimal::new(5, 3) {
                continue;
            }
            let reference = plan
                .scenarios
                .iter()
                .filter(|r| r.is_plan(total))
                .find_map(|r| {
                    let t = r
                        .outcomes
                        .iter()
                        .find(|x| x.objective.value == o.id.value)?;
                    Some((r.id.value.clone(), t.value.value))
                });
            out.push(CutBuysMore {
                scenario: s.id.value.clone(),
                objective: o.id.value.clone(),
                typed,
                plan_level: level,
                reference,
                rule: SCENARIO_CUT_BUYS_MORE.id,
                per_extra: None,
            });
        }
    }
    out
}

/// Whether the scenario's typed outcome of the objective is one the rule doubts.
pub fn doubted(found: &[CutBuysMore], scenario: &str, objective: &str) -> bool {
    found
        .iter()
        .any(|c| c.scenario == scenario && c.objective == objective)
}

/// "changes = { paid-search = -40_000, events = -40_000 }".
fn typed_changes(list: &[(String, Decimal)]) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|(id, d)| {
            let n = d.round().abs().to_string();
            let mut grouped = String::new();
            for (i, c) in n.chars().enumerate() {
                if i > 0 && (n.len() - i) % 3 == 0 {
                    grouped.push('_');
                }
                grouped.push(c);
            }
            let sign = if d.is_sign_negative() { "-" } else { "" };
            format!("{id} = {sign}{grouped}")
        })
        .collect();
    format!("changes = {{ {} }}", parts.join(", "))
}

/// `scenario-words-unsized`: a cut whose words size channel changes that
/// miss its budget — computed in the planned mix, or, where they size part
/// of the cut, with the rest cut pro rata from the channels they leave.
fn words_unsized(cx: &mut Ctx<'_>) {
    use crate::figures::scenario_words::{How, Placed, read};
    let plan = cx.plan;
    for s in &plan.scenarios {
        // Where the rest is cut pro rata, the hint is the changes the deck
        // computes, for the author to confirm or correct.
        let (said, diff, placed) = match read(plan, s) {
            Some(Placed::Short { said, diff }) => (said, diff, None),
            Some(Placed::Words {
                how: How::Rest { items, diff },
                changes,
            }) => (items.iter().map(|(_, d)| *d).sum(), diff, Some(changes)),
            _ => continue,
        };
        // Its items already disagree with its total (`words-items-disagree`
        // lists them): one finding for one gap.
        if crate::check::words_figures::items_disagreement(plan, s).is_some() {
            continue;
        }
        let rest = if placed.is_some() {
            format!(
                "the other {} is cut pro rata from the channels they do not name",
                cx.money((diff - said).abs())
            )
        } else {
            "the rest is not placed, so it is computed in the planned mix".to_string()
        };
        cx.report(
            Finding::new(
                &SCENARIO_WORDS_UNSIZED,
                format!(
                    "scenario `{}`'s words change channels by {} but its budget is {} from the plan's: {rest}",
                    s.id.value,
                    cx.money(said),
                    cx.money(diff)
                ),
            )
            .at(s.budget.span.clone())
            .for_board(format!(
                "scenario `{}` names channel changes that do not add up to its budget, so the deck {} and says so in its row",
                s.name,
                if placed.is_some() {
                    "cuts the rest pro rata from the other channels"
                } else {
                    "computes it in the planned mix"
                }
            ))
            .label("the words' changes do not add up to this budget")
            .help(format!(
                "type its `changes`, e.g. `{}`, or make the words' sizes add up to its budget",
                placed.map_or_else(|| changes_hint(plan, s), |c| typed_changes(&c))
            )),
        );
    }
}

pub fn check(cx: &mut Ctx<'_>) {
    let plan = cx.plan;
    let total = plan.budget.total.value;
    for s in plan
        .scenarios
        .iter()
        .filter(|s| crate::figures::scenario_aim::unmodelled(plan, s))
    {
        cx.report(
            Finding::new(
                &SCENARIO_UNMODELLED,
                format!(
                    "scenario `{}` moves money between channels at the plan's total of {} but names no `changes`: spread in the planned mix its money is the plan's, so its outcomes cannot be computed",
                    s.id.value,
                    cx.money(total)
                ),
            )
            .at(s.budget.span.clone())
            .for_board(format!(
                "scenario `{}` describes a move of money between channels that the plan does not model, so the deck shows it as not modelled and never as an alternative",
                s.name
            ))
            .label("the same money as the plan, with no channel named")
            .help(format!(
                "name the channels it moves and by how much, e.g. `{}`; the response curves then compute it",
                changes_hint(plan, s)
            )),
        );
    }
    words_unsized(cx);
    for s in &plan.scenarios {
        let Some(m) = misstated_change(plan, s, total) else {
            continue;
        };
        let cur = &plan.meta.currency.value;
        let money = |d: Decimal| crate::format::format_money(d, cur, true);
        cx.report(
            Finding::new(
                &SCENARIO_CHANGE_MISSTATED,
                format!(
                    "scenario `{}` states a change of {}, but its budget of {} is {} {} the plan's {}",
                    s.id.value,
                    money(m.stated),
                    cx.money(s.budget.value),
                    cx.money(m.actual.abs()),
                    if m.actual < Decimal::ZERO { "below" } else { "above" },
                    cx.money(total)
                ),
            )
            .at(s.budget.span.clone())
            .for_board(format!(
                "scenario `{}` says it changes the budget by {}; its budget differs from the plan's by {}, which the deck says beside its words",
                s.name,
                money(m.stated),
                money(m.actual.abs())
            ))
            .label(format!("{} from the plan's total", money(m.actual)))
            .help(format!(
                "correct the amount in its name or description, or its `budget` (a change of {} is a budget of {})",
                money(m.stated),
                underscored(if m.actual < Decimal::ZERO { total - m.stated } else { total + m.stated })
            )),
        );
    }
    for c in cuts_that_buy_more(plan, cx.fig) {
        let (Some(s), Some(o)) = (
            plan.scenarios.iter().find(|s| s.id.value == c.scenario),
            plan.objective(&c.objective),
        ) else {
            continue;
        };
        let unit = o.measure.unit.as_deref();
        let q = |d: Decimal| format_quantity(d, unit, true);
        let span = s
            .outcomes
            .iter()
            .find(|f| f.objective.value == c.objective)
            .map(|f| f.value.span.clone());
        let mut help = "check the outcome or the plan's forecast: a smaller budget should deliver \
less, not more"
            .to_string();
        // Compare changes: against a scenario typed at the plan's own
        // budget, the cut's change may be what the writer meant.
        if let Some((r, t)) = &c.reference {
            let change = c.typed - t;
            help = format!(
                "scenario `{r}` types {} at the plan's budget: against it this cut changes the \
outcome by {}; applied to the forecast of {} that would be {} — {help}",
                q(*t),
                format_change(change, unit, true),
                q(c.plan_level),
                q(c.plan_level + change)
            );
        }
        // "expects 1,120 new regular (monthly) donors", the unit once,
        // where the metric's name says it.
        let expects = match plan.objective(&c.objective) {
            Some(o) => {
                let metric = o
                    .measure
                    .metric
                    .as_ref()
                    .map_or(o.statement.as_str(), |m| m.value.as_str());
                if unit.is_some_and(|u| crate::format::names_its_unit(metric, u)) {
                    crate::format::of_metric(&q(c.typed), unit, metric)
                } else {
                    format!("{} of `{}`", q(c.typed), c.objective)
                }
            }
            None => format!("{} of `{}`", q(c.typed), c.objective),
        };
        cx.report(
            Finding::new(
                &SCENARIO_CUT_BUYS_MORE,
                format!(
                    "scenario `{}` spends {} less than the plan but expects {expects}, more than the plan's forecast of {}: more for less money, not credible",
                    c.scenario,
                    cx.money(plan.budget.total.value - s.budget.value),
                    q(c.plan_level)
                ),
            )
            .at_opt(span)
            .for_board(format!(
                "scenario `{}` spends {} less than the plan, yet the plan types {expects} for it, more than the plan's own forecast of {}: more for less money is not credible, so the deck shows the curves' figure where they cover it, else an estimate at the plan's own cost per extra result",
                c.scenario,
                cx.money(plan.budget.total.value - s.budget.value),
                q(c.plan_level),
            ))
            .label("a cut that buys more than the plan")
            .help(help),
        );
    }
}
