//! One figure per quantity: every number a deck states about a quantity
//! (the budget, an objective's forecast, a scenario's outcome, what the
//! best mix buys) is collected with the slide that states it, and two
//! slides that state the same quantity differently are a finding.
//!
//! The deck stage collects the figures from its view model
//! (`deck::reconcile`); this rule only compares them, so that `check` knows
//! nothing of decks and a plan's `mvplan check` reports what its deck would
//! contradict.

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity, Span};
use crate::format::{format_quantity, lower_first};

pub const FIGURES_DISAGREE: Rule = Rule {
    id: "figures-disagree",
    severity: Severity::Warning,
    family: "deck",
    summary: "two slides of the deck state the same quantity with different values",
    explanation: "A board reads a deck with a reconciliation sheet: the budget on the summary, \
the budget slide and the asks; each objective's forecast on the summary, the forecast slide, \
the allocation and the scenarios; each scenario's outcome on the scenarios slide, the levels \
slide and the summary. When the same quantity reads differently on two slides, the reader stops \
believing either. Every figure the pitch deck shows about a quantity is collected with the \
slide that shows it, and values that differ by more than the rounding the deck prints (0.5%) \
are reported, with the slides and values. The usual cause is a typed number that the computed \
one contradicts: a scenario at the plan's own budget whose typed outcome is not the objective's \
forecast, or an ask whose amount is not the budget it asks for. Fix the plan's typed value (or \
leave it out where mvplan computes it).",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&FIGURES_DISAGREE];

/// What a figure is a figure of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quantity {
    /// The plan's total budget.
    BudgetTotal,
    /// Everything the plan spends (channels, lines, team, agencies).
    Spend,
    /// What an objective's channels deliver (the uplift, for an uplift).
    Forecast(String),
    /// An objective's metric at the end of the plan: the forecast, or the
    /// baseline plus the uplift.
    Level(String),
    /// What the optimiser's best mix of the plan's money buys of an
    /// objective (its level).
    BestMix(String),
    /// A scenario's level of an objective.
    Outcome { scenario: String, objective: String },
    /// What one channel brings of an objective, at its planned budget.
    ChannelResult { channel: String, objective: String },
}

/// A figure as a slide states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    pub quantity: Quantity,
    /// Where the deck (or the plan) states it, as a reader names it
    /// ("summary", "scenarios slide (Base)", "typed outcome of scenario
    /// `base`").
    pub slide: String,
    pub value: Decimal,
    /// Where the plan types this figure, when it does (a scenario's
    /// outcome): the finding points there.
    pub at: Option<Span>,
}

impl Stated {
    pub fn new(quantity: Quantity, slide: impl Into<String>, value: Decimal) -> Self {
        Stated {
            quantity,
            slide: slide.into(),
            value,
            at: None,
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.at = Some(span);
        self
    }
}

/// Whether two figures of one quantity read the same at the precision the
/// deck prints (three significant figures: at most 0.5% apart).
pub fn agree(a: Decimal, b: Decimal) -> bool {
    let larger = a.abs().max(b.abs());
    (a - b).abs() <= larger * Decimal::new(5, 3)
}

pub fn check(cx: &mut Ctx<'_>) {
    let Some(stated) = cx.stated else {
        return;
    };
    let mut sorted: Vec<&Stated> = stated.iter().collect();
    sorted.sort_by(|a, b| a.quantity.cmp(&b.quantity));
    for group in sorted.chunk_by(|a, b| a.quantity == b.quantity) {
        let first = group[0];
        let Some(other) = group.iter().find(|s| !agree(s.value, first.value)) else {
            continue;
        };
        let (what, unit, span, mut help) = describe(cx, &first.quantity);
        let typed = group.iter().find(|s| s.at.is_some());
        let span = typed.and_then(|s| s.at.clone()).or(span);
        // A scenario typed with the uplift of an uplift objective (6
        // points) where its outcome is the metric's level (58%).
        if let (Quantity::Level(id), Some(t)) = (&first.quantity, typed)
            && let Some(forecast) = stated
                .iter()
                .find(|s| s.quantity == Quantity::Forecast(id.clone()))
            && agree(t.value, forecast.value)
            && !agree(forecast.value, first.value)
        {
            let level = group
                .iter()
                .find(|s| s.at.is_none())
                .map_or(first.value, |s| s.value);
            help = format!(
                "a scenario's outcome is the metric's level at the end of the plan, not the uplift: write {}",
                level.normalize()
            );
        }
        let q = |d: Decimal| format_quantity(d, unit.as_deref(), true);
        let mut finding = Finding::new(
            &FIGURES_DISAGREE,
            format!(
                "{what} reads {} in the {} but {} in the {}",
                q(first.value),
                first.slide,
                q(other.value),
                other.slide
            ),
        )
        .at_opt(span)
        .help(help);
        // A typed figure against the deck's: the board reads which one
        // the deck uses, not the typed figure as a competing one (the
        // message, for the author, goes to the notes).
        if let Some(t) = typed
            && let Some(deck) = group.iter().find(|s| s.at.is_none())
        {
            finding = finding.for_board(format!(
                "{what}: the {} differs from the deck's figure, which every slide uses ({})",
                t.slide,
                q(deck.value)
            ));
        }
        cx.report(finding);
    }
}

/// The quantity in words, its unit, where the plan sets it and how to fix it.
fn describe(cx: &Ctx<'_>, q: &Quantity) -> (String, Option<String>, Option<Span>, String) {
    let plan = cx.plan;
    let currency = Some(plan.meta.currency.value.clone());
    let objective = |id: &str| plan.objective(id);
    let metric = |id: &str| {
        objective(id)
            .and_then(|o| o.measure.metric.as_ref().map(|m| m.value.clone()))
            .unwrap_or_else(|| format!("`{id}`"))
    };
    let unit = |id: &str| objective(id).and_then(|o| o.measure.unit.clone());
    let span = |id: &str| objective(id).map(|o| o.id.span.clone());
    match q {
        Quantity::BudgetTotal => (
            "the total budget".into(),
            currency,
            Some(plan.budget.total.span.clone()),
            "make every ask for the budget ask for `[budget] total` exactly".into(),
        ),
        Quantity::Spend => (
            "the plan's spend".into(),
            currency,
            None,
            "a channel's or a line's quarterly phasing does not add up to its budget: fix the phasing"
                .into(),
        ),
        Quantity::Forecast(o) | Quantity::Level(o) => (
            format!("the forecast of {}", lower_first(&metric(o))),
            unit(o),
            span(o),
            "a scenario at the plan's budget must forecast what the channels do: fix its typed \
outcome, or leave it out and mvplan computes it"
                .into(),
        ),
        Quantity::BestMix(o) => (
            format!("what the best mix buys of {}", lower_first(&metric(o))),
            unit(o),
            span(o),
            "this is mvplan's fault, not the plan's: please report it".into(),
        ),
        Quantity::ChannelResult {
            channel,
            objective: o,
        } => (
            format!(
                "channel `{channel}`'s result for {}",
                lower_first(&metric(o))
            ),
            unit(o),
            plan.channels
                .iter()
                .find(|c| c.id.value == *channel)
                .map(|c| c.id.span.clone()),
            "this is mvplan's fault, not the plan's: please report it".into(),
        ),
        Quantity::Outcome {
            scenario,
            objective: o,
        } => {
            let s = plan.scenarios.iter().find(|s| s.id.value == *scenario);
            let at = s.and_then(|s| {
                s.outcomes
                    .iter()
                    .find(|f| f.objective.value == *o)
                    .map(|f| f.value.span.clone())
                    .or_else(|| Some(s.id.span.clone()))
            });
            (
                format!(
                    "scenario `{scenario}`'s {}",
                    lower_first(&metric(o))
                ),
                unit(o),
                at,
                "fix the scenario's typed outcome, or leave it out and mvplan computes it".into(),
            )
        }
    }
}
