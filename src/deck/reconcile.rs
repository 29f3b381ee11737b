//! The figures the pitch deck states, collected from its view model slide
//! by slide, for the rule `figures-disagree` (`check::reconcile`), which
//! compares them.
//!
//! Two sources: the sentences of the story (summary, titles, the ask
//! slide's "what it buys" and "if declined"), which record each figure as
//! they state it ([`super::story::Said`]), and the slides' tables, read
//! off the view model's fields in [`stated`].

use rust_decimal::Decimal;

use super::view::DeckView;
use crate::check::reconcile::{Quantity, Stated};
use crate::diagnostic::Finding;
use crate::figures::Figures;
use crate::plan::{ForecastBasis, Plan};
use crate::source::SourceFile;

/// Every figure of a quantity the deck shows, with the slide that shows it.
///
/// Each slide's struct is taken apart field by field, without `..`: a field
/// added to one does not compile until it is named here, as a figure of a
/// quantity or as one that is not (a share, a flag, a text), so that no new
/// figure reaches a slide unchecked.
pub fn stated(plan: &Plan, view: &DeckView<'_>) -> Vec<Stated> {
    let mut out = view.story.stated.clone();
    budget_and_asks(view, &mut out);
    forecasts(view, &mut out);
    channel_results(plan, view, &mut out);
    let typed_here = scenarios(view, &mut out);
    if let Some(m) = &view.media {
        allocation_and_levels(plan, view, m, &mut out);
    }
    out.extend(typed_here);
    out
}

/// The budget slide's total and spend, and the whole-budget ask's cost.
fn budget_and_asks(view: &DeckView<'_>, out: &mut Vec<Stated>) {
    let mut say = |q: Quantity, slide: &str, value: Decimal| out.push(Stated::new(q, slide, value));
    // The budget slide: the total, and the spend it breaks down.
    let super::view::BudgetView {
        figures,
        quarters,
        // Shares and flags of the figures above; lines and categories are
        // shown once.
        over: _,
        has_unallocated: _,
        downstream_share: _,
        contingency_share: _,
        by_channel: _,
        lines: _,
        by_category: _,
        spread_evenly: _,
        spend_shares: _,
        split_shares: _,
    } = &view.budget;
    say(Quantity::BudgetTotal, "budget slide", figures.total);
    say(Quantity::Spend, "budget slide", figures.spend);
    if !quarters.is_empty() {
        let by_quarter: Decimal = quarters.iter().map(|q| q.total).sum();
        say(Quantity::Spend, "quarterly budget", by_quarter);
    }
    for a in &view.asks {
        let super::story::AskView {
            ask: _,
            cost,
            whole_budget,
            // Sentences: the story records their figures.
            buys_text: _,
            if_declined_text: _,
            // Where its money stands, not a figure.
            funding: _,
            // An estimate shown as one, stated nowhere else.
            estimate: _,
            // Words and a date, not figures.
            cost_note: _,
            cost_unstated: _,
            cost_basis: _,
            // A later period's money, never this plan's.
            commits_later: _,
            by_implied: _,
            by_basis: _,
            after_start: _,
        } = a;
        if let (true, Some(c)) = (*whole_budget, cost) {
            say(Quantity::BudgetTotal, "ask slide", *c);
        }
    }
}

/// The forecast slide: each objective's forecast and level.
fn forecasts(view: &DeckView<'_>, out: &mut Vec<Stated>) {
    let mut say = |q: Quantity, slide: &str, value: Decimal| out.push(Stated::new(q, slide, value));
    for o in &view.objectives {
        let Some(s) = &o.shown else { continue };
        let super::story::Shown {
            forecast,
            level,
            // Ratios of the forecast, and flags.
            needed: _,
            coverage: _,
            shortfall: _,
            // The coverage in words (`figures::progress`), from the
            // forecast reconciled here.
            change_of_needed: _,
            gap_words: _,
            gap_cell: _,
            goal_part: _,
            from_curves: _,
            cost_per_result: _,
            cost_basis: _,
            value: _,
            return_on_spend: _,
            // Money computed from the forecast (`figures::value`): one
            // source, from the forecast reconciled here.
            bridge: _,
            gap: _,
        } = s;
        let id = o.objective.id.value.clone();
        say(Quantity::Forecast(id.clone()), "forecast slide", *forecast);
        if let Some(level) = level {
            say(Quantity::Level(id), "forecast slide", *level);
        }
    }
}

/// Each channel's result for each objective: the channel slide's
/// contribution and the allocation slide's result at the planned budget.
fn channel_results(plan: &Plan, view: &DeckView<'_>, out: &mut Vec<Stated>) {
    let objective_id = |statement: &str| {
        plan.objectives
            .iter()
            .find(|o| o.statement == statement)
            .map(|o| o.id.value.clone())
    };
    for c in &view.channels {
        for f in c.contributions.iter().filter(|f| f.counted) {
            let Some(objective) = objective_id(f.objective) else {
                continue;
            };
            let q = Quantity::ChannelResult {
                channel: c.channel.id.value.clone(),
                objective,
            };
            out.push(Stated::new(q, "channel slide", f.value));
        }
    }
    for o in view.media.iter().flat_map(|m| &m.objectives) {
        for c in &o.channels {
            let q = Quantity::ChannelResult {
                channel: c.id.clone(),
                objective: o.id.clone(),
            };
            out.push(Stated::new(q, "allocation slide", c.planned_outcome));
        }
    }
}

/// The scenarios slide's outcomes; returns the outcomes the plan types at
/// its own budget (figures of the forecast, stated in the plan).
fn scenarios(view: &DeckView<'_>, out: &mut Vec<Stated>) -> Vec<Stated> {
    let mut say = |q: Quantity, slide: &str, value: Decimal| out.push(Stated::new(q, slide, value));
    // The scenarios slide: each scenario's outcomes; at the plan's own
    // budget, they are the objectives' forecasts.
    let mut typed_here = Vec::new();
    for r in &view.scenarios.rows {
        let super::view::ScenarioRow {
            scenario,
            values,
            typed,
            computed,
            budget_vs_plan: _,
            budget_text: _,
            // Words beside the author's, no figure of the table.
            misstated: _,
            // The author's words, with amounts to settle marked and an
            // unlisted remainder said: no figure of the table.
            said: _,
            moves: _,
            pro_rata: _,
            unmodelled: _,
            not_modelled: _,
            // A mark on a figure stated above.
            doubted: _,
            // The plan's level, stated as this scenario's outcome (the
            // summary's `scenario_value` says the same).
            unchanged: _,
            aimed_at: _,
            // Words saying the row counts the months left from the ask's
            // release, and that date: no figure.
            late_release: _,
            from: _,
        } = r;
        let at_plan = scenario.is_plan(view.budget.figures.total);
        let slide = format!("scenarios slide ({})", scenario.name);
        for (c, v) in view.scenarios.columns.iter().zip(values) {
            let Some(v) = *v else { continue };
            let q = Quantity::Outcome {
                scenario: scenario.id.value.clone(),
                objective: c.id.to_string(),
            };
            say(q, "scenarios slide", v);
            if at_plan {
                say(Quantity::Level(c.id.to_string()), &slide, v);
            }
        }
        // At the plan's own budget the slide shows the forecast; an outcome
        // the plan types there is a figure of the same quantity, stated in
        // the plan (the curves' objectives are `scenario-off-curve`'s).
        for ((c, t), computed) in view.scenarios.columns.iter().zip(typed).zip(computed) {
            if let (true, false, Some(t)) = (at_plan, *computed, t) {
                let where_ = format!("typed outcome of scenario `{}`", scenario.id.value);
                let mut stated = Stated::new(Quantity::Level(c.id.to_string()), where_, *t);
                if let Some(f) = scenario.outcomes.iter().find(|f| f.objective.value == c.id) {
                    stated = stated.at(f.value.span.clone());
                }
                typed_here.push(stated);
            }
        }
    }

    // The plan's own row, when no scenario sits at its budget.
    for (c, v) in view
        .scenarios
        .columns
        .iter()
        .zip(view.scenarios.plan_row.iter().flatten())
    {
        if let Some(v) = v {
            say(
                Quantity::Level(c.id.to_string()),
                "scenarios slide (Plan)",
                *v,
            );
        }
    }
    typed_here
}

/// The allocation slide (forecast in the planned and the best mix) and the
/// levels slide (the plan and each scenario, in both mixes).
fn allocation_and_levels(
    plan: &Plan,
    view: &DeckView<'_>,
    m: &super::media::MediaView,
    out: &mut Vec<Stated>,
) {
    let mut say = |q: Quantity, slide: &str, value: Decimal| out.push(Stated::new(q, slide, value));
    // An objective's metric at the end less what its channels deliver.
    let base = |id: &str| -> Decimal {
        view.objectives
            .iter()
            .find(|o| o.objective.id.value == id)
            .and_then(|o| o.shown.as_ref())
            .filter(|_| {
                plan.objective(id)
                    .is_some_and(|o| o.forecast_basis == ForecastBasis::Uplift)
            })
            .and_then(|s| Some(s.level? - s.forecast))
            .unwrap_or_default()
    };

    for o in &m.objectives {
        let super::media::ObjectiveMediaView {
            id,
            planned,
            optimal,
            // Per channel, shown once; the curves' samples; texts.
            channels: _,
            rows: _,
            marks: _,
            per: _,
            uplift_percent: _,
            // The change column's total and percentage, as the title's.
            gain_text: _,
            gain_percent: _,
            // optimal − planned, as both are shown: reconciled with them.
            gain: _,
            near_best: _,
            // Words: what the best split is of, and a bound that holds it.
            best_of: _,
            held: _,
            // The optimiser's move and the title's gain, stated as they are.
            best_moved: _,
            best_gain: _,
            moves: _,
            // The move's changes of other objectives and of value: changes
            // no other slide states, computed once (`figures::move_effect`).
            effect: _,
            metric: _,
            unit: _,
            // How the figures are written (points for an uplift), not one.
            uplift: _,
            headline: _,
            curves_headline: _,
            series: _,
            sources: _,
            short_sources: _,
        } = o;
        say(Quantity::Forecast(id.clone()), "allocation slide", *planned);
        say(
            Quantity::BestMix(id.clone()),
            "allocation slide",
            *optimal + base(id),
        );
    }
    for r in &m.levels.rows {
        let super::media::LevelRow {
            scenario,
            planned,
            optimal,
            name: _,
            budget: _,
        } = r;
        for (i, o) in m.objectives.iter().enumerate() {
            let id = o.id.clone();
            match scenario {
                None => {
                    if let Some(v) = planned.get(i) {
                        say(Quantity::Level(id.clone()), "levels slide", *v);
                    }
                    if let Some(v) = optimal.get(i).and_then(super::media::Best::get) {
                        say(Quantity::BestMix(id), "levels slide", v);
                    }
                }
                Some(s) => {
                    if let Some(v) = planned.get(i) {
                        let q = Quantity::Outcome {
                            scenario: s.clone(),
                            objective: id,
                        };
                        say(q, "levels slide", *v);
                    }
                }
            }
        }
    }
}

/// The findings of `figures-disagree` for a plan's pitch deck: what
/// `mvplan check` runs (through `pipeline`), so that a plan's problems with
/// its own deck are found before anyone renders it.
pub fn figures(plan: &Plan, fig: &Figures, source: &SourceFile) -> Vec<Stated> {
    let findings: [Finding; 0] = [];
    let view = super::view::build(plan, fig, &findings, source, None);
    stated(plan, &view)
}
