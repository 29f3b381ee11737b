//! Forecasts: do the channels' expected contributions reach each target?

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::ForecastBasis;

pub const FORECAST_SHORTFALL: Rule = Rule {
    id: "forecast-shortfall",
    severity: Severity::Warning,
    family: "forecast",
    summary: "the channels' forecasts do not reach an objective's target",
    explanation: "Each channel can forecast its contribution to objectives' metrics \
(`[channels.forecast] pipeline = 5_400_000`). The contributions to an objective are added up \
and compared with its target (or, with `forecast_basis = \"uplift\"`, with target minus \
baseline). A shortfall means the plan, as funded, is not expected to hit its own target: fund \
more, raise forecasts with evidence, or lower the target. The message gives the gap in the \
objective's units.",
    configurable: true,
};

pub const FORECAST_MISSING: Rule = Rule {
    id: "forecast-missing",
    severity: Severity::Note,
    family: "forecast",
    summary: "no channel forecasts a contribution to an objective",
    explanation: "No channel says how much it is expected to contribute to this objective, so \
nobody can tell whether the funded plan reaches the target, or what a result costs. Add \
`[channels.forecast] <objective id> = <amount>` to the channels that serve it.",
    configurable: true,
};

pub const FORECAST_UNSUPPORTED: Rule = Rule {
    id: "forecast-unsupported",
    severity: Severity::Warning,
    family: "forecast",
    summary: "a channel forecasts a contribution to an objective it does not support",
    explanation: "A channel's forecast names an objective that is not in its `supports` list. \
Either the channel does serve it (add it to `supports`, so the alignment map shows it) or the \
forecast is misplaced.",
    configurable: true,
};

pub const FORECAST_UNFUNDED: Rule = Rule {
    id: "forecast-unfunded",
    severity: Severity::Warning,
    family: "forecast",
    summary: "a channel with no budget forecasts a contribution; it is not counted",
    explanation: "A channel whose budget is zero cannot deliver the results it forecasts, so \
its forecast does not count towards the objective (otherwise a plan could reach 100% of its \
target at a cost per result of 0). Fund the channel, or remove its forecast.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &FORECAST_SHORTFALL,
    &FORECAST_MISSING,
    &FORECAST_UNSUPPORTED,
    &FORECAST_UNFUNDED,
];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    for c in &p.channels {
        if c.budget.value.is_zero()
            && let Some(f) = c.forecasts.iter().find(|f| !f.value.value.is_zero())
        {
            cx.report(
                Finding::new(
                    &FORECAST_UNFUNDED,
                    format!(
                        "channel `{}` has no budget, so its forecast for `{}` is not counted",
                        c.id.value, f.objective.value
                    ),
                )
                .at(f.objective.span.clone())
                .also(c.budget.span.clone(), "no budget")
                .help("fund the channel, or remove its forecast"),
            );
        }
        for f in &c.forecasts {
            let known = cx.links.objectives.contains_key(f.objective.value.as_str());
            if known && !c.supports.iter().any(|s| s.value == f.objective.value) {
                cx.report(
                    Finding::new(
                        &FORECAST_UNSUPPORTED,
                        format!(
                            "channel `{}` forecasts `{}` but does not support it",
                            c.id.value, f.objective.value
                        ),
                    )
                    .at(f.objective.span.clone())
                    .help(format!(
                        "add `\"{}\"` to the channel's `supports`",
                        f.objective.value
                    )),
                );
            }
        }
    }
    for (o, fig) in p.objectives.iter().zip(&cx.fig.objectives) {
        // The units' plans deliver it: `mvplan review` sums their
        // contributions (`cascade-shortfall`), not this plan's forecasts.
        if o.units_part() == rust_decimal::Decimal::ONE_HUNDRED {
            continue;
        }
        let Some(needed) = fig.needed else { continue };
        if fig.forecast.is_zero() {
            cx.report(
                Finding::new(
                    &FORECAST_MISSING,
                    format!("no channel forecasts a contribution to `{}`", o.id.value),
                )
                .at(o.id.span.clone())
                .help(format!(
                    "add `[channels.forecast] {} = ...` to the channels serving it",
                    o.id.value
                )),
            );
            continue;
        }
        if let Some(gap) = fig.shortfall {
            let unit = o.measure.unit.as_deref();
            // Levels in the objective's unit and the gap through
            // `format_gap`: "$45.8M of its target of $48.5M: $2.7M short",
            // "+3.5 pts of its uplift of +5 pts: 1.5 pts short".
            // The deck names the objective by its metric: where that name
            // says the unit ("New funded accounts"), the figures are bare
            // ("69,600 of its target of 70,000: 400 short").
            let metric = o
                .measure
                .metric
                .as_ref()
                .map_or(o.statement.as_str(), |m| m.value.as_str());
            let named = unit.filter(|u| crate::format::names_its_unit(metric, u));
            let bare = |f: String| match named {
                Some(u) => f.replace(&format!(" {}", u.trim()), ""),
                None => f,
            };
            let level = |d| {
                bare(match o.forecast_basis {
                    ForecastBasis::Uplift => crate::format::format_change(d, unit, true),
                    ForecastBasis::Target => crate::format::format_quantity(d, unit, true),
                })
            };
            let what = match o.forecast_basis {
                ForecastBasis::Target => "target",
                ForecastBasis::Uplift => "uplift",
            };
            let cost = fig
                .cost_per_result
                .map(|c| {
                    let label = crate::figures::unit_cost::cost_label(fig.cost_basis);
                    format!("; implied {label} {}", cx.money(c))
                })
                .unwrap_or_default();
            let target_span = o
                .measure
                .target
                .as_ref()
                .map_or(o.id.span.clone(), |t| t.span.clone());
            cx.report(
                Finding::new(
                    &FORECAST_SHORTFALL,
                    format!(
                        "forecasts for `{}` reach {} of its {what} of {}: {} short{}",
                        o.id.value,
                        level(fig.shown()),
                        level(needed),
                        bare(crate::format::format_gap(gap, unit, true)),
                        // The deck's coverage, on the deck's basis
                        // (`figures::progress`), for a level: an uplift's
                        // figures above already are the change.
                        match o.forecast_basis {
                            ForecastBasis::Target =>
                                crate::figures::progress::gap_words(o, fig.needed, fig.shown())
                                    .map_or(String::new(), |w| format!(" ({})", bare(w))),
                            ForecastBasis::Uplift => fig.coverage.map_or(String::new(), |c| {
                                format!(" ({})", crate::figures::progress::share_words(c))
                            }),
                        }
                    ),
                )
                .at(target_span)
                .label(format!(
                    "{}{cost}",
                    fig.coverage
                        .map_or("no baseline, so the gap is unknown".into(), |c| {
                            crate::figures::progress::share_words(c)
                        })
                ))
                .help("fund more, raise forecasts with evidence, or lower the target"),
            );
        }
    }
}
