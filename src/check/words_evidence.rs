//! The plan's words against the figures it models: a goal that says
//! "including €6M from Maris Porto" where the plan values Porto at €990k;
//! an insight that measured Meta's true CAC at £31 where Meta's forecast
//! buys customers at £23.62. The checker names each with both figures;
//! the deck says the same where it uses the figure (the value slide's
//! goal line, the channel slide). A value stated only in words is
//! `words_value`'s.

use rust_decimal::Decimal;

use super::Ctx;
use super::ask_words::{StatedAmount, stated_amounts};
use super::words_figures::{content_words, disagree, singular};
use crate::diagnostic::{Finding, Rule, Severity, Span};
use crate::figures::Figures;
use crate::plan::{Objective, Plan};

pub const GOAL_PART_UNMATCHED: Rule = Rule {
    id: "goal-part-unmatched",
    severity: Severity::Warning,
    family: "alignment",
    summary: "a goal's words put an amount on an objective that the plan's figures value differently",
    explanation: "\"Grow room revenue to €131M, including €6M from Maris Porto\" tells a board \
that €6M of the goal rests on Porto; when the Porto objective is 6,000 room nights at €165 \
(€990k), either the words or the figures are wrong, and the deck's reach against the goal means \
little. mvplan reads the amounts in each goal's statement that are attributed to something \
(\"€6M from Maris Porto\", \"through\", \"via\", \"by\"), finds the one objective whose statement \
or metric names it (every word of the name), and compares the amount with what the plan's \
figures make of that objective: its target (or the growth to it) for an objective in money, its \
target × `value_per_unit` otherwise. Apart by more than the words' precision is reported with \
both figures; the value slide words it as a coverage beside the goal's reach, like any \
shortfall (\"of the goal's €6M from Maris Porto, the plan forecasts €990k (17%) …; €5.01M has no \
marketing forecast behind it\"). Correct the goal's words, or \
the objective's target or value per unit.",
    configurable: true,
};

pub const FORECAST_BEATS_EVIDENCE: Rule = Rule {
    id: "forecast-beats-evidence",
    severity: Severity::Warning,
    family: "insights",
    summary: "a channel's forecast buys results cheaper than the plan's own evidence says they cost",
    explanation: "An insight \"Meta conversion-lift test: true incremental CAC £31\" beside a Meta \
forecast of 44,300 customers for £1.05M (£23.62 each) tells a board the forecast ignores the \
plan's own evidence. mvplan reads a cost per result (CAC, CPA, \"cost per …\") in the words of \
an insight or assumption, with the one funded channel it informs or names, and the objective \
that channel forecasts whose unit or metric is that result (customers for a CAC). When the \
evidence is more than 10% above the channel's budget ÷ its forecast (the response curve's \
where it has one, as the deck shows), the finding gives both costs and what the budget buys at \
the evidence's cost. Lower the forecast to what the evidence supports, or say in the insight why \
this plan will do better.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&GOAL_PART_UNMATCHED, &FORECAST_BEATS_EVIDENCE];

fn money(plan: &Plan, d: Decimal) -> String {
    crate::format::format_money(d, &plan.meta.currency.value, true)
}

/// An amount a goal's words attribute to an objective the plan values
/// otherwise.
pub struct GoalPart {
    pub goal: String,
    pub said: Decimal,
    /// The name as the goal's words give it: "Maris Porto".
    pub named: String,
    pub objective: String,
    pub valued: Decimal,
    /// How the plan's figure is made: "6,000 room nights × €165".
    pub how: String,
    /// The figure rests on a value per unit with no basis: no slide states
    /// it as money, only `mvplan check` (`value-basis-missing`).
    pub unbased: bool,
    /// One unit of the objective's metric: "room night".
    pub per: String,
    /// The objective's target as a sentence reads it: "6,000 Maris Porto
    /// room nights targeted".
    pub target: String,
}

impl GoalPart {
    /// Beside an objective's own coverage where it covers only part of
    /// the goal's named money, so "100%" never reads as the goal's part
    /// met: "€990k of the goal's €6M from Maris Porto (17%)". The value
    /// slide states the same figures (`said`).
    pub fn coverage(&self, plan: &Plan) -> Option<String> {
        // Money built on a value with no basis is no figure to set against
        // the goal's: the goal's part is said not bridged, once.
        if self.unbased {
            return Some(self.not_bridged(plan));
        }
        (self.valued < self.said && self.said > Decimal::ZERO).then(|| {
            format!(
                "{} of the goal's {} from {} ({})",
                money(plan, self.valued),
                money(plan, self.said),
                self.named,
                crate::format::format_share(self.valued * Decimal::ONE_HUNDRED / self.said, None)
            )
        })
    }

    /// Beside the goal's reach on the value slide, as a coverage like any
    /// objective short of its target, never as two values of one thing:
    /// "of the goal's €6M from Maris Porto, the plan forecasts €990k
    /// (17%): 6,000 room nights × €165; €5.01M has no marketing forecast
    /// behind it".
    pub fn said(&self, plan: &Plan) -> String {
        if self.unbased {
            return format!(
                "the goal's {} from {} is not bridged: {}, with no based value per {}",
                money(plan, self.said),
                self.named,
                self.target,
                self.per
            );
        }
        if self.valued < self.said && self.said > Decimal::ZERO {
            format!(
                "of the goal's {} from {}, the plan forecasts {} ({}): {}; {} has no marketing forecast behind it",
                money(plan, self.said),
                self.named,
                money(plan, self.valued),
                crate::format::format_share(self.valued * Decimal::ONE_HUNDRED / self.said, None),
                self.how,
                money(plan, self.said - self.valued)
            )
        } else {
            format!(
                "the goal's words put {} on {}; the plan forecasts {} for it ({})",
                money(plan, self.said),
                self.named,
                money(plan, self.valued),
                self.how
            )
        }
    }
}

impl GoalPart {
    /// "the goal's €6M from Maris Porto is not bridged (no based value per
    /// room night)".
    fn not_bridged(&self, plan: &Plan) -> String {
        format!(
            "the goal's {} from {} is not bridged (no based value per {})",
            money(plan, self.said),
            self.named,
            self.per
        )
    }
}

/// [`goal_parts`] once per plan: every objective's shown forecast reads
/// them ([`crate::figures::memo`]).
pub fn goal_parts_of(plan: &Plan, fig: &crate::figures::Figures) -> std::sync::Arc<Vec<GoalPart>> {
    fig.memo
        .get("check::words_evidence::goal_parts", "", || goal_parts(plan))
}

pub fn goal_parts(plan: &Plan) -> Vec<GoalPart> {
    let mut out = Vec::new();
    for g in &plan.goals {
        for a in stated_amounts(plan, &g.statement) {
            if a.rate {
                continue;
            }
            let Some(named) = attributed(&g.statement[a.at.end..]) else {
                continue;
            };
            let words = content_words(&named);
            if words.is_empty() {
                continue;
            }
            let mut found = plan.objectives.iter().filter(|o| {
                let own = content_words(&format!("{} {}", o.statement, metric(o)));
                words.iter().all(|w| own.contains(w))
            });
            let (Some(o), None) = (found.next(), found.next()) else {
                continue;
            };
            if let Some((valued, how)) = objective_worth(plan, o, &a) {
                let unit = o.measure.unit.as_deref();
                out.push(GoalPart {
                    unbased: o.value_per_unit.is_some() && o.value_basis.is_none(),
                    per: crate::figures::value::per_what(
                        unit,
                        &crate::format::lower_first(metric(o)),
                    ),
                    target: o.measure.target.as_ref().map_or_else(String::new, |t| {
                        format!(
                            "{} targeted",
                            crate::format::metric_at(
                                &crate::format::lower_first(metric(o)),
                                &crate::format::format_quantity(t.value, unit, true),
                                unit
                            )
                        )
                    }),
                    goal: g.id.value.clone(),
                    said: a.value,
                    named,
                    objective: o.id.value.clone(),
                    valued,
                    how,
                });
            }
        }
    }
    out
}

/// The name an amount is attributed to: "from Maris Porto".
fn attributed(after: &str) -> Option<String> {
    let rest = after.trim_start();
    let rest = ["from ", "through ", "via ", "by "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    let end = rest
        .find([',', ';', '(', ')', '.', ':'])
        .unwrap_or(rest.len());
    let named = rest[..end].trim();
    (!named.is_empty() && named.split_whitespace().count() <= 5).then(|| named.to_string())
}

fn metric(o: &Objective) -> &str {
    o.measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str())
}

/// What the plan's figures make of an objective, when it differs from
/// the amount said: its target in money (or the growth to it), or its
/// target × value per unit. `None` when they agree or the plan gives no
/// figure to compare.
fn objective_worth(plan: &Plan, o: &Objective, said: &StatedAmount) -> Option<(Decimal, String)> {
    let target = o.measure.target.as_ref()?.value;
    let base = o.measure.baseline.as_ref().map(|b| b.value);
    let unit = o.measure.unit.as_deref();
    let (candidates, how) = if unit.is_some_and(crate::plan::money::is_currency) {
        let mut c = vec![target];
        c.extend(base.map(|b| target - b));
        (c, format!("its target of {}", money(plan, target)))
    } else {
        let v = o.value_per_unit.as_ref()?.value;
        let mut c = vec![target * v];
        c.extend(base.map(|b| (target - b) * v));
        (
            c,
            format!(
                "{} × {}",
                crate::format::format_quantity(target, unit, true),
                money(plan, v)
            ),
        )
    };
    let first = *candidates.first()?;
    candidates
        .iter()
        .all(|c| disagree(said, *c, Decimal::ZERO))
        .then_some((first, how))
}

/// A cost per result the plan's evidence states above what a channel's
/// forecast buys at.
pub struct EvidenceCost {
    pub channel: String,
    pub channel_name: String,
    pub place: String,
    pub objective: String,
    pub evidence: Decimal,
    pub forecast: Decimal,
    pub forecast_cost: Decimal,
    pub budget: Decimal,
    /// The evidence's own words.
    pub quote: String,
    pub span: Span,
}

impl EvidenceCost {
    /// The channel slide's line under its table: "Meta paid social: its
    /// forecast buys new DTC customers at £23.62 each; the plan's own
    /// evidence says £31 (“…”): at £31 its £1.05M would bring ≈33,800,
    /// not 44,300".
    pub fn said(&self, plan: &Plan) -> String {
        let o = plan.objective(&self.objective);
        let unit = o.and_then(|o| o.measure.unit.as_deref());
        let q = |d: Decimal| crate::format::format_quantity(d, unit, true);
        format!(
            "{}: its forecast buys {} at {} each; the plan's own evidence says {} (“{}”): at {} its {} would bring ≈{}, not {}",
            self.channel_name,
            o.map_or(self.objective.clone(), |o| crate::format::lower_first(
                metric(o)
            )),
            money(plan, self.forecast_cost),
            money(plan, self.evidence),
            self.quote,
            money(plan, self.evidence),
            money(plan, self.budget),
            q(self.at_evidence()),
            q(self.forecast.round())
        )
    }

    /// What the channel's budget buys at the evidence's cost, to three
    /// significant figures.
    pub fn at_evidence(&self) -> Decimal {
        three_figures(self.budget / self.evidence)
    }
}

fn three_figures(d: Decimal) -> Decimal {
    let mut unit = Decimal::ONE;
    while d / unit >= Decimal::ONE_THOUSAND {
        unit *= Decimal::TEN;
    }
    (d / unit).round() * unit
}

pub fn evidence_costs(plan: &Plan, fig: &Figures, source: Option<&str>) -> Vec<EvidenceCost> {
    let texts =
        super::word_texts::insight_texts(plan).chain(super::word_texts::assumption_texts(plan));
    let mut out = Vec::new();
    for (place, text, links, span) in texts {
        let Some((evidence, result)) = cost_per_result(plan, text) else {
            continue;
        };
        let linked: Vec<&crate::plan::Channel> = plan
            .channels
            .iter()
            .filter(|c| links.contains(&c.id.value.as_str()))
            .collect();
        let channels = if linked.is_empty() {
            super::risks::channels_named(plan, text)
        } else {
            linked
        };
        let [c] = channels.as_slice() else { continue };
        if c.budget.value <= Decimal::ZERO {
            continue;
        }
        let mut forecasts = c.forecasts.iter().filter(|f| {
            plan.objective(&f.objective.value)
                .is_some_and(|o| match &result {
                    Some(r) => {
                        let words = content_words(&format!(
                            "{} {}",
                            o.measure.unit.as_deref().unwrap_or_default(),
                            metric(o)
                        ));
                        words.contains(r)
                    }
                    None => links.contains(&o.id.value.as_str()),
                })
        });
        let (Some(f), None) = (forecasts.next(), forecasts.next()) else {
            continue;
        };
        let forecast = crate::figures::channel_result(fig, c, f).0;
        if forecast <= Decimal::ZERO {
            continue;
        }
        let cost = c.budget.value / forecast;
        if evidence > cost * Decimal::new(11, 1) {
            let at = source
                .and_then(|s| s.find(text).map(|i| i..i + text.len()))
                .unwrap_or_else(|| span.clone());
            out.push(EvidenceCost {
                channel: c.id.value.clone(),
                channel_name: c.name.clone(),
                place,
                objective: f.objective.value.clone(),
                evidence,
                forecast,
                forecast_cost: cost.round_dp(2),
                budget: c.budget.value,
                quote: text.to_string(),
                span: at,
            });
        }
    }
    out
}

/// A cost per result in words: "CAC £31" → (31, customer); "cost per
/// lead €40" → (40, lead); "CPA €12" → (12, none).
fn cost_per_result(plan: &Plan, text: &str) -> Option<(Decimal, Option<String>)> {
    let lower = text.to_lowercase();
    let bounded = |i: usize, len: usize| {
        !lower[..i].ends_with(char::is_alphanumeric)
            && !lower[i + len..].starts_with(char::is_alphanumeric)
    };
    let (at, result) = if let Some(i) = lower.find("cost per ") {
        let what = lower[i + "cost per ".len()..]
            .split_whitespace()
            .next()
            .map(|w| singular(w.trim_matches(|c: char| !c.is_alphanumeric())));
        (i, what)
    } else if let Some(i) = lower
        .match_indices("cac")
        .map(|m| m.0)
        .find(|i| bounded(*i, 3))
    {
        (i, Some("customer".to_string()))
    } else {
        let i = lower
            .match_indices("cpa")
            .map(|m| m.0)
            .find(|i| bounded(*i, 3))?;
        (i, None)
    };
    // Where lower-casing changed byte offsets, positions are not comparable.
    if lower.len() != text.len() {
        return None;
    }
    let a = stated_amounts(plan, text)
        .into_iter()
        .find(|a| a.at.start > at && a.at.start - at <= 40)?;
    Some((a.value, result))
}

/// The value slide's words beside a goal's reach where its words put an
/// amount on an objective the plan values otherwise, or nothing.
pub fn goal_part_note(plan: &Plan, goal: &str) -> String {
    goal_parts(plan)
        .iter()
        .filter(|p| p.goal == goal)
        .map(|p| format!("; {}", p.said(plan)))
        .collect()
}

pub fn check(cx: &mut Ctx<'_>) {
    let plan = cx.plan;
    for p in goal_parts(plan) {
        let Some(g) = plan.goals.iter().find(|g| g.id.value == p.goal) else {
            continue;
        };
        cx.report(
            Finding::new(
                &GOAL_PART_UNMATCHED,
                format!(
                    "goal `{}` puts {} on {}, but the plan's figures make objective `{}` {}",
                    p.goal,
                    money(plan, p.said),
                    p.named,
                    p.objective,
                    // A value with no basis is money on the value slide
                    // only; the message gives how it is made.
                    if p.unbased {
                        format!("{}, a value with no basis", p.how)
                    } else {
                        format!("worth {} ({})", money(plan, p.valued), p.how)
                    }
                ),
            )
            .at(g.id.span.clone())
            .for_board(format!(
                "the goal puts {} on {}, which the plan's own figures for it do not make (the value slide gives both)",
                money(plan, p.said),
                p.named
            ))
            .label("an amount the plan's figures do not make")
            .help(format!(
                "correct the goal's words, or objective `{}`'s target or value per unit, so that both say the same amount",
                p.objective
            )),
        );
    }
    for e in evidence_costs(plan, cx.fig, cx.source) {
        let unit = plan
            .objective(&e.objective)
            .and_then(|o| o.measure.unit.clone());
        let q = |d: Decimal| crate::format::format_quantity(d, unit.as_deref(), true);
        cx.report(
            Finding::new(
                &FORECAST_BEATS_EVIDENCE,
                format!(
                    "channel `{}` is forecast to bring {} for {}, {} each; {} says they cost {}: at that cost it would bring ≈{}",
                    e.channel,
                    q(e.forecast.round()),
                    money(plan, e.budget),
                    money(plan, e.forecast_cost),
                    e.place,
                    money(plan, e.evidence),
                    q(e.at_evidence())
                ),
            )
            .at(e.span.clone())
            .for_board(format!(
                "{}'s forecast buys {} at {} each; the plan's own evidence says {}",
                e.channel_name,
                plan.objective(&e.objective)
                    .map_or(e.objective.clone(), |o| crate::format::lower_first(metric(o))),
                money(plan, e.forecast_cost),
                money(plan, e.evidence)
            ))
            .label("evidence the forecast does not use")
            .help(format!(
                "lower `{}`'s forecast toward ≈{} (what {} buys at {}), or say in the insight why this plan will do better",
                e.channel,
                q(e.at_evidence()),
                money(plan, e.budget),
                money(plan, e.evidence)
            )),
        );
    }
}
