//! The scenarios slide's view: one row per scenario with its figure per
//! objective (the curves' where they cover it, the plan's forecast for a
//! scenario that is the plan, else the typed outcome), what it changes,
//! and the plan's own row when no scenario is the plan.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::Figures;
use crate::format::format_money;
use crate::plan::*;

#[derive(Debug, Serialize)]
pub struct ScenarioRow<'p> {
    #[serde(flatten)]
    pub scenario: &'p Scenario,
    /// One per objective column; `None` where the scenario says nothing.
    pub values: Vec<Option<Decimal>>,
    /// Per column: the value was computed from the response curves (the
    /// scenario gave a budget and no outcome for it).
    pub computed: Vec<bool>,
    /// Per column: a typed outcome better than the plan's forecast at a
    /// smaller budget (`scenario-cut-buys-more`), shown marked, never
    /// stated as fact elsewhere.
    pub doubted: Vec<bool>,
    /// Budget relative to the plan's total, percent, unrounded: the slide
    /// rounds it once (110.16%, never 110.2% and then 110%).
    pub budget_vs_plan: Option<Decimal>,
    /// The budget as every slide writes it (one figure, one rounding).
    pub budget_text: String,
    /// Where the scenario's own words state a change of budget its budget
    /// does not make ("Cut $1.45M" for a cut of $1.475M): the true change,
    /// said beside the author's words (`scenario-change-misstated`).
    pub misstated: Option<String>,
    /// The scenario's description as the slide quotes it: an amount the
    /// plan leaves to settle marked where it stands, and the part of a
    /// stated total its items leave unlisted as a figure
    /// (`check::words_settle`), so the line states one figure per quantity.
    pub said: Option<String>,
    /// The channels the scenario changes, as a board reads them ("Paid
    /// social −£400k, Referral +£400k"); `None` for a budget level.
    pub moves: Option<String>,
    /// Changed channels without a response curve, whose typed forecasts
    /// the figures move pro rata (names), and those nothing models.
    pub pro_rata: Vec<String>,
    pub unmodelled: Vec<String>,
    /// A move between channels at the plan's total that names no
    /// `changes` (`scenario-unmodelled`): its spread is the plan's, so the
    /// row shows no figure as if computed.
    pub not_modelled: bool,
    /// Per column: the scenario's words or outcomes aim its money at
    /// channels that do not serve the objective, so it keeps the plan's
    /// forecast (`figures::scenario_aim`).
    pub unchanged: Vec<bool>,
    /// The channels its words or outcomes aim its money at (names), where
    /// it types no `changes`.
    pub aimed_at: Option<String>,
    /// An ask releases this scenario's money late in the period
    /// (`ask-release-late`): the row's outcomes are a full year's, the
    /// ask slide values the months left — said here, so the two slides
    /// are read as two quantities, not one that disagrees.
    pub late_release: Option<String>,
    /// The date a late release counts from, beside the row's name.
    pub from: Option<String>,
    /// The outcomes as the plan types them, per column (`values` shows the
    /// one figure of each: at the plan's own budget, the forecast).
    #[serde(skip)]
    pub typed: Vec<Option<Decimal>>,
}

#[derive(Debug, Serialize)]
pub struct ScenarioColumn<'p> {
    pub id: &'p str,
    pub metric: &'p str,
    pub unit: Option<&'p str>,
    pub target: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct ScenariosView<'p> {
    pub columns: Vec<ScenarioColumn<'p>>,
    pub rows: Vec<ScenarioRow<'p>>,
    /// Whether any value was computed from the curves (for the footnote).
    pub computed: bool,
    /// Whether some scenario names the channels it changes (the footnote
    /// says its figures are of those changes, not the planned mix).
    pub moves: bool,
    /// Whether any typed outcome is doubted (for the footnote).
    pub doubted: bool,
    /// Whether a cut's typed outcome is doubted (`scenario-cut-buys-more`):
    /// the footnote's "more for less money".
    pub doubted_cut: bool,
    /// Whether an increase's typed outcome is doubted
    /// (`scenario-increase-buys-too-much`).
    pub doubted_increase: bool,
    /// The basis of the doubted cells' estimates, per objective: "sales-
    /// qualified opportunities (stage 2+): $11.9k per extra SQO" (the
    /// typed figures are in the plan health appendix only).
    pub estimate_bases: Vec<String>,
    /// Whether a doubted cell has no estimate (the plan gives no cost per
    /// extra result): the footnote says "—" is not computed.
    pub unestimated: bool,
    /// The plan's own row, per column its level as the forecast slide shows
    /// it, when no scenario sits at the plan's budget: every scenario table
    /// compares against the plan on one line.
    pub plan_row: Option<Vec<Option<Decimal>>>,
    /// The plan's budget as the table writes it, beside the rows'.
    pub plan_budget_text: String,
    /// What each footnote mark in the quoted words stands for ("¹ the
    /// plan's words also give €250k and €300k; …"): the figure a quote
    /// replaced, left to the summary's settle line.
    pub footnotes: Vec<String>,
    /// What the table cannot show, said once in words (`shown::not_given`).
    pub not_given: Vec<String>,
    /// For the speaker notes: the typed figures the table does not show
    /// (a cut that buys more, a move nothing models), with the rule.
    pub typed_notes: Vec<String>,
}

pub(super) fn scenarios<'p>(
    plan: &'p Plan,
    fig: &Figures,
    shown: &[Option<super::story::Shown>],
) -> ScenariosView<'p> {
    // An objective's level as the forecast slide shows it.
    let level = |id: &str| -> Option<Decimal> {
        let i = plan.objectives.iter().position(|o| o.id.value == id)?;
        shown.get(i)?.as_ref()?.level
    };
    // What the curves give a scenario for an objective, when they cover it.
    let curve_value = |scenario: &str, objective: &str| -> Option<Decimal> {
        let m = fig.media.as_ref()?;
        let s = m.scenarios.iter().find(|s| s.id == scenario)?;
        let o = s.outcomes.iter().find(|o| o.objective == objective)?;
        super::story::approx(o.planned_mix)
    };
    let columns = columns(plan, |s, o| curve_value(s, o).is_some());
    let cuts = crate::check::scenario_increase::doubted_outcomes(plan, fig);
    let open = crate::check::words_settle::open_figures_of(plan, fig);
    let mut notes = crate::check::words_settle::Notes::default();
    let media_of = |id: &str| {
        fig.media
            .as_ref()
            .and_then(|m| m.scenarios.iter().find(|s| s.id == id))
    };
    let rows: Vec<ScenarioRow<'p>> = plan
        .scenarios
        .iter()
        .map(|s| {
            let typed: Vec<Option<Decimal>> = columns
                .iter()
                .map(|c| {
                    s.outcomes
                        .iter()
                        .find(|f| f.objective.value == c.id)
                        .map(|f| f.value.value)
                })
                .collect();
            // One figure per quantity: the curves' where they cover the
            // objective (as on the allocation and levels slides); a typed
            // outcome that disagrees is a finding, not a second number.
            let computed: Vec<bool> = columns
                .iter()
                .map(|c| curve_value(&s.id.value, c.id).is_some())
                .collect();
            // At the plan's own budget a scenario is the plan: its outcomes
            // are the forecasts (a typed one that differs is a finding,
            // `figures-disagree`), not a second figure beside them.
            let at_plan = s.is_plan(plan.budget.total.value);
            let doubted: Vec<bool> = columns
                .iter()
                .zip(&computed)
                .map(|(c, computed)| {
                    !computed && crate::check::scenarios::doubted(&cuts, &s.id.value, c.id)
                })
                .collect();
            let not_modelled = crate::figures::scenario_aim::unmodelled(plan, s);
            let has_level: Vec<bool> = columns.iter().map(|c| level(c.id).is_some()).collect();
            let (unchanged, aimed_at) = aim_of(plan, fig, s, &columns, &typed, &has_level);
            let quoted = said(plan, fig, s, &open, &mut notes);
            ScenarioRow {
                aimed_at,
                late_release: late_release(plan, s),
                from: released_from(plan, s),
                doubted: doubted.clone(),
                // A doubted typed outcome is not shown where no curve
                // gives a figure: the estimate at the plan's cost is.
                values: typed
                    .iter()
                    .zip(&columns)
                    .zip(&doubted)
                    .zip(&unchanged)
                    .map(|(((t, c), doubted), unchanged)| {
                        let v = level(c.id)
                            .filter(|_| *unchanged)
                            .or_else(|| curve_value(&s.id.value, c.id))
                            .or_else(|| level(c.id).filter(|_| at_plan))
                            .or_else(|| typed_or_estimate(plan, fig, s, c.id, *t, *doubted))
                            .filter(|_| !not_modelled)?;
                        // Money an ask releases late buys the months left:
                        // the ask slide's figure, not a full year's.
                        Some(match level(c.id) {
                            Some(l) => super::shown::late_level(plan, &s.id.value, l, v),
                            None => v,
                        })
                    })
                    .collect(),
                not_modelled,
                typed,
                computed: computed
                    .iter()
                    .zip(&unchanged)
                    .map(|(c, u)| *c && !not_modelled && !u)
                    .collect(),
                unchanged,
                budget_vs_plan: (!fig.total.is_zero())
                    .then(|| s.budget.value * Decimal::ONE_HUNDRED / fig.total),
                budget_text: format_money(s.budget.value, &plan.meta.currency.value, true),
                // Said once, at the amount, where the description is quoted.
                misstated: crate::check::scenarios::misstated_change(plan, s, fig.total)
                    .filter(|_| quoted_as_written(plan, fig, s, quoted.as_deref()))
                    .map(|m| m.said(&plan.meta.currency.value)),
                said: quoted,
                moves: super::shown::moves_text(plan, s),
                pro_rata: pro_rata_words(plan, media_of(&s.id.value)),
                unmodelled: media_of(&s.id.value).map_or_else(Vec::new, |m| m.unmodelled.clone()),
                scenario: s,
            }
        })
        .collect();
    let computed = rows
        .iter()
        .any(|r: &ScenarioRow<'_>| r.computed.contains(&true));
    let doubted = rows.iter().any(|r| r.doubted.contains(&true));
    let (doubted_cut, doubted_increase) = doubt_kinds(&columns, &rows, &cuts);
    let (estimate_bases, unestimated) = estimate_notes(plan, fig, &columns, &rows);
    let moves = rows
        .iter()
        .any(|r| r.moves.is_some() || r.aimed_at.is_some());
    let plan_row = (!rows.is_empty() && !rows.iter().any(|r| r.scenario.is_plan(fig.total)))
        .then(|| columns.iter().map(|c| level(c.id)).collect());
    ScenariosView {
        // A row not modelled or not credible says so in its cells.
        not_given: super::shown::not_given(
            &columns.iter().map(|c| c.metric).collect::<Vec<_>>(),
            &rows
                .iter()
                .filter(|r| !r.not_modelled && !r.doubted.contains(&true))
                .map(|r| (r.scenario.name.as_str(), &r.values[..]))
                .collect::<Vec<_>>(),
        ),
        typed_notes: typed_notes(&columns, &rows, &cuts),
        columns,
        rows,
        computed,
        moves,
        doubted,
        doubted_cut,
        doubted_increase,
        estimate_bases,
        unestimated,
        plan_row,
        plan_budget_text: format_money(fig.total, &plan.meta.currency.value, true),
        footnotes: notes.lines(),
    }
}

/// The typed outcome, or where the checker doubts it the estimate at the
/// plan's own cost per extra result (`scenario_estimate`): the table's one
/// figure, never the doubted one beside a mark.
fn typed_or_estimate(
    plan: &Plan,
    fig: &Figures,
    s: &Scenario,
    objective: &str,
    typed: Option<Decimal>,
    doubted: bool,
) -> Option<Decimal> {
    if doubted {
        super::scenario_estimate::at_plan_cost(plan, fig, &s.id.value, objective)
    } else {
        typed
    }
}

/// The changed channels moved pro rata, as the row says them ("Trade press
/// for dealer lead pipeline").
fn pro_rata_words(plan: &Plan, m: Option<&crate::figures::media::ScenarioMedia>) -> Vec<String> {
    m.map_or_else(Vec::new, |m| {
        m.pro_rata
            .iter()
            .map(|p| {
                let metric = plan
                    .objective(&p.objective)
                    .map_or(p.objective.clone(), |o| {
                        super::shown::lower_first(super::shown::metric(o))
                    });
                format!("{} for {metric}", p.channel)
            })
            .collect()
    })
}

/// Per column, whether the scenario's aimed money leaves the objective at
/// the plan's forecast (it types nothing for it and none of the channels
/// its words or outcomes aim at serve it), and the row's words for where
/// the money goes ("computed with its extra money on Retail partners; new
/// DTC customers unchanged at the plan's forecast").
fn aim_of(
    plan: &Plan,
    fig: &crate::figures::Figures,
    s: &Scenario,
    columns: &[ScenarioColumn<'_>],
    typed: &[Option<Decimal>],
    has_level: &[bool],
) -> (Vec<bool>, Option<String>) {
    let unchanged: Vec<bool> = columns
        .iter()
        .zip(typed)
        .zip(has_level)
        .map(|((c, t), has)| {
            t.is_none()
                && *has
                && crate::figures::scenario_aim::unreached_of(plan, fig, s, c.id).is_some()
        })
        .collect();
    let kept: Vec<String> = columns
        .iter()
        .zip(&unchanged)
        .filter(|(_, u)| **u)
        .map(|(c, _)| super::shown::lower_first(c.metric))
        .collect();
    let aimed_at = crate::figures::scenario_aim::aimed_names_of(plan, fig, s).map(|n| {
        format!(
            "computed with its extra money on {}{}",
            // Short names: the words sit inside a parenthesis already.
            n.iter()
                .map(|n| n.split(" (").next().unwrap_or(n))
                .collect::<Vec<_>>()
                .join("; "),
            if kept.is_empty() {
                String::new()
            } else {
                format!("; {} unchanged at the plan's forecast", kept.join(" and "))
            }
        )
    });
    (unchanged, aimed_at.or_else(|| placed_by_words(plan, s)))
}

/// How a cut's or a same-money move's money is placed, in its row: "with
/// the changes its words name (LinkedIn −€300k, …)", or in the planned mix
/// where its words' sizes miss its budget (`scenario-words-unsized`) or
/// name no channel — so the row never reads as doing what its words say
/// while its figures do something else.
fn placed_by_words(plan: &Plan, s: &Scenario) -> Option<String> {
    let total = plan.budget.total.value;
    let money = |d: Decimal| super::shown::money(plan, d.abs());
    match crate::figures::scenario_aim::worded(plan, s) {
        Some(Ok(placed)) => Some(placed),
        // The words' items already say what they leave unitemised
        // (`words-items-disagree`): the row says only where the money goes.
        Some(Err(_)) if crate::check::words_settle::unitemised(plan, s).is_some() => {
            Some("computed in the planned mix: its items place only part of the money".to_string())
        }
        Some(Err((said, diff))) => Some(format!(
            "computed in the planned mix: its words size only {} of its {} {}",
            money(said),
            money(diff),
            if diff < Decimal::ZERO {
                "cut"
            } else {
                "increase"
            }
        )),
        None if s.changes.is_empty()
            && s.budget.value < total
            && s.description.is_some()
            && !s.unmodelled_move(total) =>
        {
            Some("computed in the planned mix: its words name no channel".to_string())
        }
        None => None,
    }
}

/// Whether the table marks a cut's typed outcome, and an increase's (only
/// the cells the table marks: a curve column shows the curves').
fn doubt_kinds(
    columns: &[ScenarioColumn<'_>],
    rows: &[ScenarioRow<'_>],
    cuts: &[crate::check::scenarios::CutBuysMore],
) -> (bool, bool) {
    let marked = |d: &&crate::check::scenarios::CutBuysMore| {
        rows.iter().any(|r| {
            r.scenario.id.value == d.scenario
                && columns
                    .iter()
                    .zip(&r.doubted)
                    .any(|(c, m)| *m && c.id == d.objective)
        })
    };
    let cut = cuts.iter().filter(marked).any(|d| d.per_extra.is_none());
    let increase = cuts.iter().filter(marked).any(|d| d.per_extra.is_some());
    (cut, increase)
}

/// The basis of each estimated column, said once under the table ("sales-
/// qualified opportunities (stage 2+): $11.9k per extra SQO"), and whether
/// some doubted cell has no estimate.
fn estimate_notes(
    plan: &Plan,
    fig: &Figures,
    columns: &[ScenarioColumn<'_>],
    rows: &[ScenarioRow<'_>],
) -> (Vec<String>, bool) {
    let mut bases = Vec::new();
    let mut unestimated = false;
    for (i, c) in columns.iter().enumerate() {
        let cells: Vec<Option<Decimal>> = rows
            .iter()
            .filter(|r| r.doubted.get(i).copied().unwrap_or(false))
            .map(|r| r.values.get(i).copied().flatten())
            .collect();
        unestimated |= cells.iter().any(Option::is_none);
        if cells.iter().any(Option::is_some)
            && let Some(b) = super::scenario_estimate::basis(plan, fig, c.id)
        {
            bases.push(format!("{}: {b}", super::shown::lower_first(c.metric)));
        }
    }
    (bases, unestimated)
}

/// The typed figures the table leaves out, for the speaker notes: each
/// with the rule that set it aside.
fn typed_notes(
    columns: &[ScenarioColumn<'_>],
    rows: &[ScenarioRow<'_>],
    cuts: &[crate::check::scenarios::CutBuysMore],
) -> Vec<String> {
    let mut out = Vec::new();
    for r in rows {
        let id = r.scenario.id.value.as_str();
        for (c, t) in columns.iter().zip(&r.typed) {
            let Some(t) = t else { continue };
            let q = crate::format::format_quantity(*t, c.unit, true);
            let doubt = cuts
                .iter()
                .find(|d| d.scenario == id && d.objective == c.id);
            let rule = match doubt {
                _ if r.not_modelled => "scenario-unmodelled",
                Some(d) => d.rule,
                None => continue,
            };
            out.push(format!(
                "{}: the plan types {q} of {} ({rule})",
                r.scenario.name,
                super::shown::lower_first(c.metric)
            ));
        }
    }
    out
}

/// "outcomes from 7 Nov 2027: the ask releases its money then, for the
/// 2.8 months left, as the ask slide values them" — for a scenario whose
/// extra money an ask releases late: its row shows what the money buys in
/// that time (`shown::late_level`), labelled with the date.
fn late_release(plan: &Plan, s: &Scenario) -> Option<String> {
    let r = crate::check::ask_release::scenario_release(plan, &s.id.value)?;
    Some(format!(
        "outcomes from {}: the ask releases its money then, for the {} months left, as the ask slide values them",
        r.date.format("%-d %b %Y"),
        r.months_left(plan)
    ))
}

/// "7 Nov 2027": the date from which a late-released scenario's row
/// counts, beside its name in the table.
fn released_from(plan: &Plan, s: &Scenario) -> Option<String> {
    crate::check::ask_release::scenario_release(plan, &s.id.value)
        .map(|r| r.date.format("%-d %b %Y").to_string())
}

/// The quote is the words as written but for an outcome clause the row
/// contradicts: a size they misstate still stands in it, so its note does.
fn quoted_as_written(plan: &Plan, fig: &Figures, s: &Scenario, quoted: Option<&str>) -> bool {
    let gone: Vec<String> = crate::check::scenario_said::contradicted_in(plan, fig, s)
        .into_iter()
        .map(|c| c.words)
        .collect();
    match (quoted, s.description.as_deref()) {
        (Some(q), Some(d)) => q == crate::check::scenario_said::without(d, &gone),
        _ => false,
    }
}

/// The description as the scenarios slide quotes it (`ScenarioRow::said`).
fn said(
    plan: &Plan,
    fig: &Figures,
    s: &Scenario,
    open: &[crate::check::words_settle::Open],
    notes: &mut crate::check::words_settle::Notes,
) -> Option<String> {
    use crate::check::words_settle::{quoted, unitemised};
    let d = s.description.as_deref()?;
    // An outcome the row contradicts is the finding's
    // (`scenario-words-outcome`, plan health appendix), not a second
    // figure beside the row's.
    let contradicted: Vec<String> = crate::check::scenario_said::contradicted_in(plan, fig, s)
        .into_iter()
        .map(|c| c.words)
        .collect();
    let quoted = crate::check::scenario_said::without(&quoted(d, open, notes), &contradicted);
    // Every clause an outcome the row contradicts: nothing left to quote.
    if quoted.trim().is_empty() {
        return None;
    }
    // A row that cuts the rest pro rata already says how much is
    // itemised, in a board's words.
    let placed = matches!(crate::figures::scenario_aim::worded(plan, s), Some(Ok(_)));
    Some(match unitemised(plan, s) {
        Some(rest) if !placed => format!("{} ({rest})", quoted.trim_end()),
        _ => quoted,
    })
}

/// A column per objective some scenario or the curves speak of.
fn columns<'p>(plan: &'p Plan, on_curve: impl Fn(&str, &str) -> bool) -> Vec<ScenarioColumn<'p>> {
    plan.objectives
        .iter()
        .filter(|o| {
            plan.scenarios.iter().any(|s| {
                s.outcomes.iter().any(|f| f.objective.value == o.id.value)
                    || on_curve(&s.id.value, &o.id.value)
            })
        })
        .map(|o| ScenarioColumn {
            id: &o.id.value,
            metric: o
                .measure
                .metric
                .as_ref()
                .map_or(o.statement.as_str(), |m| m.value.as_str()),
            unit: o.measure.unit.as_deref(),
            target: o.measure.target.as_ref().map(|t| t.value),
        })
        .collect()
}
