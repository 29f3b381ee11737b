//! Media investment: typed numbers judged against the channels' response
//! curves (see `figures::media` for how the curves are evaluated).

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::media::Media;
use crate::figures::optimize::to_f64;
use crate::format::approx;
use rust_decimal::Decimal;

pub const FORECAST_ABOVE_CURVE: Rule = Rule {
    id: "forecast-above-curve",
    severity: Severity::Warning,
    family: "media",
    summary: "a channel's typed forecast is above what its response curve gives at its budget",
    explanation: "A channel with a response curve (`[channels.response]`, from a marketing-mix \
model, a vendor, or calibrated from known points) says how much of its objective the budget buys. \
A typed forecast well above the curve at the same budget is the \"hockey stick\": a result the \
evidence does not support, usually from scaling last year's result linearly with a bigger budget \
while channels saturate. Lower the forecast to the curve (the message gives the curve's value), or \
update the curve with the new evidence. The tolerance is `[checks] curve_tolerance` (percent, \
default 10).",
    configurable: true,
};

pub const CHANNEL_SATURATED: Rule = Rule {
    id: "channel-saturated",
    severity: Severity::Warning,
    family: "media",
    summary: "a channel is funded past saturation: its next euro returns far less than average",
    explanation: "Past its half-saturation point a channel's returns diminish: the next 1,000 of \
budget buys less and less. When the marginal return falls below a fraction of the objective's \
average return over its channels (`[checks] saturation_fraction`, percent, default 25), the money \
would do more elsewhere. Move budget to channels with higher marginal returns (`mvplan optimize` \
says where), or cap the channel with `max_budget`.",
    configurable: true,
};

pub const MISALLOCATION: Rule = Rule {
    id: "misallocation",
    severity: Severity::Warning,
    family: "media",
    summary: "moving money between channels serving the same objective would raise its forecast markedly",
    explanation: "Given the channels' response curves, the same money shared differently among \
the channels that serve an objective (within each channel's `min_budget`, `max_budget`, `locked` \
and the policy's `max_share`) would raise the objective's forecast by more than \
`[checks] misallocation_threshold` percent (default 5). The message names the biggest moves; \
`mvplan optimize plan.toml -o optimized.toml` writes the plan with the better budgets, and \
`mvplan diff` shows the change.",
    configurable: true,
};

pub const SCENARIO_OFF_CURVE: Rule = Rule {
    id: "scenario-off-curve",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario's typed outcome disagrees with the response curves at that budget",
    explanation: "A scenario gives a budget level and what it would deliver. Where the channels \
serving an objective have response curves, mvplan computes the outcome at that budget: the \
channels the scenario's `changes` name at their changed budgets and the others at the plan's, or, \
for a scenario that gives only a budget, the difference from the plan's total spread over the \
curve channels in the planned mix; plus the typed forecasts of the channels without curves (a \
changed one's pro rata to its budget). A typed outcome more than `[checks] \
curve_tolerance` percent away from that (default 10) promises what the curves do not show, or \
undersells the scenario. Use the curve's value, or leave `outcomes` out and let mvplan compute it.",
    configurable: true,
};

pub const SCENARIO_CHANGE_OFF_CURVE: Rule = Rule {
    id: "scenario-change-off-curve",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario's typed change from the plan disagrees with what the curves give for its change of budget",
    explanation: "A scenario is a decision about a change of budget, so what matters is the \
change it promises, not only its level. A typed outcome can sit within the tolerance of the \
curve's level and still overstate the effect of the budget change several times over: the plan \
forecasts €18M, the curves €18.3M; a scenario typed at €15M for a €1M cut promises −€3M where \
the curves give −€3.4M, and one typed at €17.5M for the same cut −€0.5M. mvplan compares the \
scenario's typed change from the plan's typed forecast with the curves' change from the plan's \
budget to the scenario's, and reports a difference of more than `[checks] curve_tolerance` \
percent of the curves' change (and at least 1% of the plan's level). Use the curves' value, or \
leave the outcome out and let mvplan compute it.",
    configurable: true,
};

pub const TRIGGER_UNKNOWN: Rule = Rule {
    id: "trigger-unknown",
    severity: Severity::Error,
    family: "media",
    summary: "a trigger names a KPI, channel or scenario the plan does not have",
    explanation: "A trigger (`[[triggers]]`) watches an objective's metric or a channel's KPI and \
sets off a reallocation between channels or a switch to a scenario's budget. If the metric, the \
channels or the scenario it names do not exist, the trigger can never fire or its action cannot \
be carried out. Use the ids of existing objectives, channels and scenarios, and a KPI name from \
a channel's `kpis`.",
    configurable: false,
};

pub const CURVE_FIT: Rule = Rule {
    id: "curve-fit",
    severity: Severity::Warning,
    family: "media",
    summary: "a response curve cannot be calibrated from its points, or misses them",
    explanation: "A curve given as known points (`points = [{ spend = ..., result = ... }]`) is \
calibrated by mvplan: a Hill curve through them (with `slope` when given, else the slope that fits \
best). Points whose results do not diminish with spend cannot give a saturating curve, and the \
channel is then left out of every curve figure; a calibrated curve that misses a point by more \
than 10% is a poor basis for decisions. Add points (a test at another budget), check them, or \
give the curve's parameters from a marketing-mix model.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &FORECAST_ABOVE_CURVE,
    &CHANNEL_SATURATED,
    &MISALLOCATION,
    &SCENARIO_OFF_CURVE,
    &SCENARIO_CHANGE_OFF_CURVE,
    &TRIGGER_UNKNOWN,
    &CURVE_FIT,
];

/// A calibrated curve that misses a point by more than this (percent).
const FIT_TOLERANCE: f64 = 10.0;

pub fn check(cx: &mut Ctx<'_>) {
    triggers(cx);
    let Some(media) = &cx.fig.media else { return };
    let tol = to_f64(cx.settings.curve_tolerance) / 100.0;
    uncalibrated(cx, media);
    curves(cx, media, tol);
    objectives(cx, media);
    scenarios(cx, media, tol);
}

/// Curves whose points cannot be calibrated (`curve-fit`).
fn uncalibrated(cx: &mut Ctx<'_>, media: &Media) {
    let p = cx.plan;
    for u in &media.uncalibrated {
        if let Some(c) = p.channels.iter().find(|c| c.id.value == u.channel)
            && let Some(r) = &c.response
        {
            cx.report(
                Finding::new(
                    &CURVE_FIT,
                    format!("the curve of `{}` cannot be calibrated: {}", u.channel, u.why),
                )
                .at(r.span.clone())
                .help("check the points, add one at another budget, or give `half_saturation`, `slope` and `max_outcome`"),
            );
        }
    }
}

/// Each curve: its calibration's miss (`curve-fit`), and a typed forecast
/// above it (`forecast-above-curve`).
fn curves(cx: &mut Ctx<'_>, media: &Media, tol: f64) {
    let p = cx.plan;
    for k in &media.curves {
        let c = &p.channels[k.index];
        let Some(r) = &c.response else { continue };
        if let Some(fit) = &k.calibration
            && fit.max_error > FIT_TOLERANCE
        {
            cx.report(
                Finding::new(
                    &CURVE_FIT,
                    format!(
                        "the curve calibrated for `{}` misses a point by {}%",
                        k.channel,
                        approx(fit.max_error)
                    ),
                )
                .at(r.span.clone())
                .help("points that far off one curve are inconsistent; check them, or add more"),
            );
        }
        if let Some(typed) = k.typed
            && !k.budget.is_zero()
            && to_f64(typed) > k.outcome * (1.0 + tol)
        {
            let f = c
                .forecasts
                .iter()
                .find(|f| f.objective.value == k.objective);
            cx.report(
                Finding::new(
                    &FORECAST_ABOVE_CURVE,
                    format!(
                        "`{}` forecasts {} for `{}`, but its response curve gives {} at its budget of {}",
                        k.channel,
                        in_unit_of(cx, &k.objective, to_f64(typed)),
                        k.objective,
                        in_unit_of(cx, &k.objective, k.outcome),
                        cx.money(k.budget)
                    ),
                )
                .at_opt(f.map(|f| f.value.span.clone()))
                .label(format!(
                    "{}% above the curve",
                    approx((to_f64(typed) / k.outcome.max(f64::MIN_POSITIVE) - 1.0) * 100.0)
                ))
                .also(r.span.clone(), "the curve")
                .help(format!(
                    "lower the forecast to about {}, or update the curve with the evidence for more",
                    approx(k.outcome)
                )),
            );
        }
    }
}

/// Each objective: channels past saturation (`channel-saturated`), and
/// the gain a different split would make (`misallocation`).
fn objectives(cx: &mut Ctx<'_>, media: &Media) {
    let p = cx.plan;
    for o in &media.objectives {
        let fraction = to_f64(cx.settings.saturation_fraction) / 100.0;
        for k in media.curves.iter().filter(|k| k.objective == o.id) {
            if k.locked || k.budget.is_zero() || o.average_return <= 0.0 {
                continue;
            }
            let past_half = to_f64(k.budget) > k.half_saturation;
            if past_half && k.marginal < fraction * o.average_return {
                let c = &p.channels[k.index];
                cx.report(
                    Finding::new(
                        &CHANNEL_SATURATED,
                        format!(
                            "`{}` is past saturation: its next 1,000 {} returns {} of `{}`, against {} on average",
                            k.channel,
                            p.meta.currency.value,
                            in_unit_of(cx, &o.id, k.marginal),
                            o.id,
                            in_unit_of(cx, &o.id, o.average_return)
                        ),
                    )
                    .at(c.budget.span.clone())
                    .label(format!(
                        "{}% of its saturation level",
                        approx(k.outcome / k.max_outcome * 100.0)
                    ))
                    .help("move budget to channels with higher marginal returns (`mvplan optimize` says where), or cap it with `max_budget`"),
                );
            }
        }
        let threshold = to_f64(cx.settings.misallocation_threshold);
        if o.uplift_percent > threshold && !o.moves.is_empty() {
            let objective = p.objective(&o.id);
            let moves: Vec<String> = o
                .moves
                .iter()
                .take(3)
                .map(|m| format!("{} from `{}` to `{}`", cx.money(m.amount), m.from, m.to))
                .collect();
            // The gain through `format_gap`: points for a percentage,
            // never "0.5 %", which reads as relative.
            let unit = cx
                .plan
                .objective(&o.id)
                .and_then(|x| x.measure.unit.as_deref());
            // As the deck's allocation slide shows it: the best mix's
            // result less the planned one, each at three figures (19.5M −
            // 18.3M = 1.2M, never "1.21M" beside a title's "1.2M").
            let shown =
                |x: f64| -> Decimal { approx(x).replace(',', "").parse().unwrap_or_default() };
            let gain = shown(o.optimal) - shown(o.planned);
            cx.report(
                Finding::new(
                    &MISALLOCATION,
                    format!(
                        "the same {} shared differently would raise `{}` by {} (+{:.1}%)",
                        cx.money(o.pool),
                        o.id,
                        crate::format::format_gap(gain, unit, true),
                        o.uplift_percent
                    ),
                )
                .at_opt(objective.map(|o| o.id.span.clone()))
                .label(format!("move {}", moves.join("; ")))
                .help("`mvplan optimize` shows the allocation; `-o optimized.toml` writes it as a plan"),
            );
        }
    }
}

/// Each scenario's typed outcomes against the curves
/// (`scenario-off-curve`, `scenario-change-off-curve`).
fn scenarios(cx: &mut Ctx<'_>, media: &Media, tol: f64) {
    let p = cx.plan;
    for s in &media.scenarios {
        let Some(scenario) = p.scenarios.iter().find(|x| x.id.value == s.id) else {
            continue;
        };
        // Its spread is the plan's: `scenario-unmodelled` says so once.
        if crate::figures::scenario_aim::unmodelled(p, scenario) {
            continue;
        }
        for out in &s.outcomes {
            let Some(typed) = out.typed else { continue };
            let curve = out.planned_mix;
            if curve <= 0.0 {
                continue;
            }
            scenario_change(cx, media, scenario, out, tol);
            let off = (to_f64(typed) - curve) / curve;
            if off.abs() > tol {
                let span = scenario
                    .outcomes
                    .iter()
                    .find(|f| f.objective.value == out.objective)
                    .map(|f| f.value.span.clone());
                // Every figure in the objective's unit ("$38.8M", "1,015
                // SQOs"): a slide quotes this message.
                let q = |x: f64| in_unit_of(cx, &out.objective, x);
                let best = out
                    .optimal_mix
                    .get()
                    .map(|b| format!("; the best mix at that budget gives {}", q(b)))
                    .unwrap_or_default();
                cx.report(
                    Finding::new(
                        &SCENARIO_OFF_CURVE,
                        format!(
                            "scenario `{}` expects {} of `{}`, but at {} the curves give {}{best}",
                            s.id,
                            q(to_f64(typed)),
                            out.objective,
                            cx.money(s.budget),
                            q(curve)
                        ),
                    )
                    .at_opt(span)
                    // The board reads the discrepancy, not a second figure:
                    // every slide uses the curves'.
                    .for_board(format!(
                        "scenario `{}`: the plan's typed outcome for `{}` is {} what the response curves give at {}; the deck uses the curves' {}",
                        s.id,
                        out.objective,
                        if off > 0.0 { "above" } else { "below" },
                        cx.money(s.budget),
                        q(curve)
                    ))
                    .label(format!(
                        "{}{}% from the curves",
                        if off > 0.0 { "+" } else { "" },
                        approx(off * 100.0)
                    ))
                    .help(format!(
                        "use about {}, or leave this outcome out and mvplan computes it",
                        approx(curve)
                    )),
                );
            }
        }
    }
}

/// The scenario's typed change from the plan against the curves' change
/// for the same change of budget (`scenario-change-off-curve`).
fn scenario_change(
    cx: &mut Ctx<'_>,
    media: &crate::figures::media::Media,
    scenario: &crate::plan::Scenario,
    out: &crate::figures::media::ScenarioOutcome,
    tol: f64,
) {
    let p = cx.plan;
    let Some(typed) = out.typed else { return };
    let Some(om) = media.objectives.iter().find(|o| o.id == out.objective) else {
        return;
    };
    let Some((index, _)) = p
        .objectives
        .iter()
        .enumerate()
        .find(|(_, o)| o.id.value == out.objective)
    else {
        return;
    };
    let Some(f) = cx.fig.objectives.get(index) else {
        return;
    };
    let plan_typed = om.base + to_f64(f.forecast);
    let plan_curve = om.base + om.planned;
    let typed_change = to_f64(typed) - plan_typed;
    let curve_change = out.planned_mix - plan_curve;
    let gap = (typed_change - curve_change).abs();
    if gap <= tol * curve_change.abs() || gap < 0.01 * plan_curve.abs() {
        return;
    }
    let unit = p
        .objective(&out.objective)
        .and_then(|o| o.measure.unit.as_deref());
    let show = |x: f64| {
        let d: Decimal = approx(x).replace(',', "").parse().unwrap_or_default();
        crate::format::format_change(d, unit, true)
    };
    let times =
        if curve_change.abs() > f64::EPSILON && typed_change.signum() == curve_change.signum() {
            format!(
                " ({} the curves' effect)",
                rust_decimal::Decimal::try_from(typed_change / curve_change)
                    .map_or_else(|_| "many×".to_string(), crate::format::format_multiple)
            )
        } else {
            String::new()
        };
    let span = scenario
        .outcomes
        .iter()
        .find(|f| f.objective.value == out.objective)
        .map(|f| f.value.span.clone());
    let budget = if scenario.is_plan(p.budget.total.value) {
        "at the plan's own budget".to_string()
    } else if scenario.budget.value == p.budget.total.value {
        "for its moves between channels at the plan's budget".to_string()
    } else {
        format!(
            "for its change of budget to {}",
            cx.money(scenario.budget.value)
        )
    };
    cx.report(
        Finding::new(
            &SCENARIO_CHANGE_OFF_CURVE,
            format!(
                "scenario `{}` changes `{}` by {} from the plan{times}, but the curves give {} {budget}",
                scenario.id.value,
                out.objective,
                show(typed_change),
                show(curve_change),
            ),
        )
        .at_opt(span)
        .for_board(if scenario.is_plan(p.budget.total.value) {
            format!(
                "scenario `{}` types a change of `{}` at the plan's own budget, where the response curves give none; the deck uses the curves",
                scenario.id.value, out.objective,
            )
        } else {
            // Short, for the health appendix's bullet: which way, of what,
            // and the level the slides use (fintech's longer sentence ran
            // the appendix onto one more page).
            format!(
                "scenario `{}` {} the effect {} on `{}`; the response curves give {}",
                scenario.id.value,
                if typed_change.abs() > curve_change.abs() {
                    "overstates"
                } else {
                    "understates"
                },
                if scenario.budget.value == p.budget.total.value {
                    "of its moves".to_string()
                } else {
                    format!("of its budget of {}", cx.money(scenario.budget.value))
                },
                out.objective,
                // The level the scenarios slide shows, not a change
                // rounded a second way.
                in_unit_of(cx, &out.objective, out.planned_mix),
            )
        })
        .help(format!(
            "use about {}, or leave this outcome out and mvplan computes it",
            approx(out.planned_mix)
        )),
    );
}

/// An estimate (three significant figures) in the objective's unit, as a
/// slide quoting the message prints it: `$38.8M`, `1,020 donors`, `27.2%`.
fn in_unit_of(cx: &Ctx<'_>, objective: &str, x: f64) -> String {
    let unit = cx
        .plan
        .objective(objective)
        .and_then(|o| o.measure.unit.as_deref());
    let d: Decimal = approx(x).replace(',', "").parse().unwrap_or_default();
    crate::format::format_quantity(d, unit, true)
}

fn triggers(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    for t in &p.triggers {
        let mut bad: Vec<(crate::diagnostic::Span, String, Option<String>)> = Vec::new();
        let channel_ids = || p.channels.iter().map(|c| c.id.value.as_str());
        let known_channel = |id: &str| p.channels.iter().any(|c| c.id.value == id);
        if let Some(o) = &t.objective
            && p.objective(&o.value).is_none()
        {
            let near = crate::diagnostic::did_you_mean(
                &o.value,
                p.objectives.iter().map(|o| o.id.value.as_str()),
            );
            bad.push((
                o.span.clone(),
                format!("no objective has the id `{}`", o.value),
                near.map(str::to_string),
            ));
        }
        for r in [&t.channel, &t.from, &t.to].into_iter().flatten() {
            if !known_channel(&r.value) {
                let near = crate::diagnostic::did_you_mean(&r.value, channel_ids());
                bad.push((
                    r.span.clone(),
                    format!("no channel has the id `{}`", r.value),
                    near.map(str::to_string),
                ));
            }
        }
        if let Some(k) = &t.kpi {
            let scope: Vec<&crate::plan::Channel> = match &t.channel {
                Some(c) => p
                    .channels
                    .iter()
                    .filter(|x| x.id.value == c.value)
                    .collect(),
                None => p.channels.iter().collect(),
            };
            let names: Vec<&str> = scope
                .iter()
                .flat_map(|c| c.kpis.iter().map(|k| k.name.as_str()))
                .collect();
            if !names
                .iter()
                .any(|n| n.trim().eq_ignore_ascii_case(k.value.trim()))
            {
                let near = crate::diagnostic::did_you_mean(&k.value, names.iter().copied());
                bad.push((
                    k.span.clone(),
                    format!("no channel KPI is called `{}`", k.value),
                    near.map(str::to_string),
                ));
            }
        }
        if let Some(s) = &t.scenario
            && !p.scenarios.iter().any(|x| x.id.value == s.value)
        {
            let near = crate::diagnostic::did_you_mean(
                &s.value,
                p.scenarios.iter().map(|s| s.id.value.as_str()),
            );
            bad.push((
                s.span.clone(),
                format!("no scenario has the id `{}`", s.value),
                near.map(str::to_string),
            ));
        }
        for (span, message, near) in bad {
            cx.report(
                Finding::new(
                    &TRIGGER_UNKNOWN,
                    format!("trigger `{}`: {message}", t.id.value),
                )
                .at(span)
                .help(match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "use an id (or KPI name) the plan has".to_string(),
                }),
            );
        }
    }
}
