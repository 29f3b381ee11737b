//! The plan's structure as its slides show it: which channels serve which
//! objectives serve which goals (the alignment map), the roadmap by
//! quarter, and the risks by exposure.

use chrono::NaiveDate;
use serde::Serialize;

use rust_decimal::Decimal;

use crate::figures::Figures;
use crate::plan::*;

#[derive(Debug, Serialize)]
pub struct MatrixRow<'p> {
    pub name: &'p str,
    pub id: &'p str,
    pub amount: Option<Decimal>,
    /// One per column; empty when the matrix is too wide to show.
    pub cells: Vec<bool>,
    /// The short names of the columns the row serves, for the list form.
    pub serves: Vec<String>,
}

/// Columns a matrix slide can show. Wider, a matrix is unreadable (and a
/// plan with thousands of objectives would make millions of cells): the
/// templates then list what each row serves instead.
pub const MATRIX_MAX_COLUMNS: usize = 12;

/// Which channels serve which objectives serve which goals.
#[derive(Debug, Serialize)]
pub struct AlignmentView<'p> {
    pub goal_ids: Vec<&'p str>,
    pub objective_ids: Vec<&'p str>,
    /// The column headers a board reads: each goal's and objective's short
    /// name (`words::short_label`), never its id.
    pub goal_labels: Vec<String>,
    pub objective_labels: Vec<String>,
    /// Whether `objectives_by_goal` has cells (few enough goals).
    pub goals_matrix: bool,
    /// Whether `channels_by_objective` has cells (few enough objectives).
    pub objectives_matrix: bool,
    /// One row per objective, one cell per goal.
    pub objectives_by_goal: Vec<MatrixRow<'p>>,
    /// One row per channel, one cell per objective.
    pub channels_by_objective: Vec<MatrixRow<'p>>,
    /// What the pitch deck's map shows: goal ← objective ← channels
    /// (`alignment_chain`); the matrices above remain for user templates.
    pub chain: super::alignment_chain::Chain,
}

#[derive(Debug, Serialize)]
pub struct InitiativeRow<'p> {
    #[serde(flatten)]
    pub initiative: &'p Initiative,
    /// One per quarter: whether the initiative runs in it.
    pub active: Vec<bool>,
    /// The agency that delivers it, by name, when no person owns it: an
    /// owner cell of "—" read as an initiative nobody owns.
    /// "Lumen Digital (agency)", the word added only where its name lacks it.
    pub agency_name: Option<String>,
    /// Where the owner is a hire who joins after the work starts: "joins
    /// the team on 1 Apr 2027" (`plan::owners`, rule `owner-joins-late`),
    /// said under the roadmap's table (a longer owner cell wrapped the
    /// initiatives' names), so the roadmap does not read as owned from day
    /// one beside a people slide that hires the owner later.
    pub owner_joins: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MilestoneRow<'p> {
    #[serde(flatten)]
    pub milestone: &'p Milestone,
    pub quarter: Option<String>,
    pub initiative_name: Option<&'p str>,
}

#[derive(Debug, Serialize)]
pub struct RoadmapView<'p> {
    pub quarters: Vec<String>,
    pub initiatives: Vec<InitiativeRow<'p>>,
    /// By date.
    pub milestones: Vec<MilestoneRow<'p>>,
}

#[derive(Debug, Serialize)]
pub struct RiskView<'p> {
    #[serde(flatten)]
    pub risk: &'p Risk,
    /// likelihood × impact, 1 to 9.
    pub exposure: u8,
    pub exposure_level: Level,
    /// Its impact in money (or the objective's unit) and exposure, when given.
    pub impact_amount: super::value::RiskImpact,
    /// Where the plan gives no impact: what the channels its words name
    /// put at stake, in target units (`risk_stake`).
    pub at_stake: Option<String>,
    /// The impact as the deck judges it where that differs from the plan's
    /// rating ("high (the plan rates it low)",
    /// `risk_rating`).
    pub impact_judged: Option<String>,
    /// Where the plan names no owner: the one it implies, as a suggestion,
    /// or what the board should do (`risk_manage`).
    pub owner_note: Option<String>,
    /// Where the plan names no mitigation: its response on record, or that
    /// it holds none.
    pub mitigation_note: Option<String>,
}

pub fn level_value(l: Level) -> u8 {
    super::risk_rating::rank(l)
}

pub fn alignment<'p>(plan: &'p Plan) -> AlignmentView<'p> {
    let goal_ids: Vec<&str> = plan.goals.iter().map(|g| g.id.value.as_str()).collect();
    let objective_ids: Vec<&str> = plan
        .objectives
        .iter()
        .map(|o| o.id.value.as_str())
        .collect();
    let goals_matrix = goal_ids.len() <= MATRIX_MAX_COLUMNS;
    let objectives_matrix = objective_ids.len() <= MATRIX_MAX_COLUMNS;
    let cells = |refs: &[Ref], columns: &[&str], shown: bool| -> Vec<bool> {
        if !shown {
            return Vec::new();
        }
        columns
            .iter()
            .map(|c| refs.iter().any(|r| r.value == *c))
            .collect()
    };
    let goal_labels = column_labels(plan, &goal_ids);
    let objective_labels = column_labels(plan, &objective_ids);
    let serves = |refs: &'p [Ref], columns: &[&str], labels: &[String]| -> Vec<String> {
        refs.iter()
            .filter_map(|r| columns.iter().position(|c| *c == r.value))
            .map(|i| labels[i].clone())
            .collect()
    };
    AlignmentView {
        chain: super::alignment_chain::chain(plan, THIN_ROWS),
        goals_matrix,
        objectives_matrix,
        objectives_by_goal: plan
            .objectives
            .iter()
            .map(|o| MatrixRow {
                name: &o.statement,
                id: &o.id.value,
                amount: None,
                cells: cells(&o.supports, &goal_ids, goals_matrix),
                serves: serves(&o.supports, &goal_ids, &goal_labels),
            })
            .collect(),
        channels_by_objective: plan
            .channels
            .iter()
            .map(|c| MatrixRow {
                name: &c.name,
                id: &c.id.value,
                amount: Some(c.budget.value),
                cells: cells(&c.supports, &objective_ids, objectives_matrix),
                serves: serves(&c.supports, &objective_ids, &objective_labels),
            })
            .collect(),
        goal_ids,
        objective_ids,
        goal_labels,
        objective_labels,
    }
}

/// Short names for matrix columns; where two would read the same, both keep
/// their full name, so no two columns look alike.
fn column_labels(plan: &Plan, ids: &[&str]) -> Vec<String> {
    let short: Vec<String> = ids
        .iter()
        .map(|id| crate::plan::words::short_label(plan, id))
        .collect();
    short
        .iter()
        .zip(ids)
        .map(|(s, id)| {
            if short.iter().filter(|x| *x == s).count() > 1 {
                crate::plan::words::label(plan, id)
            } else {
                s.clone()
            }
        })
        .collect()
}

pub fn quarter_of(fig: &Figures, d: NaiveDate) -> Option<String> {
    fig.quarters
        .iter()
        .find(|q| d >= q.start && d <= q.end)
        .map(|q| q.label.clone())
}

pub fn roadmap<'p>(plan: &'p Plan, fig: &Figures) -> RoadmapView<'p> {
    let initiatives = plan
        .initiatives
        .iter()
        .map(|i| InitiativeRow {
            initiative: i,
            active: fig
                .quarters
                .iter()
                .map(|q| i.start.value <= q.end && i.end.value >= q.start)
                .collect(),
            agency_name: i.agency.as_ref().map(|a| {
                let name = plan
                    .agencies
                    .iter()
                    .find(|x| x.id.value == a.value)
                    .map_or(a.value.as_str(), |x| x.name.as_str());
                if name.to_lowercase().contains("agency") {
                    name.to_string()
                } else {
                    format!("{name} (agency)")
                }
            }),
            owner_joins: crate::plan::owners::joins_after(plan, i)
                .map(|(_, d)| format!("joins the team on {}", super::shown::date(d))),
        })
        .collect();
    let mut milestones: Vec<MilestoneRow<'p>> = plan
        .milestones
        .iter()
        .map(|m| MilestoneRow {
            milestone: m,
            quarter: quarter_of(fig, m.date.value),
            initiative_name: m.initiative.as_ref().and_then(|r| {
                plan.initiatives
                    .iter()
                    .find(|i| i.id.value == r.value)
                    .map(|i| i.name.as_str())
            }),
        })
        .collect();
    milestones.sort_by_key(|m| m.milestone.date.value);
    RoadmapView {
        quarters: fig.quarters.iter().map(|q| q.label.clone()).collect(),
        initiatives,
        milestones,
    }
}

pub fn risks<'p>(plan: &'p Plan, fig: &Figures) -> Vec<RiskView<'p>> {
    // Highest exposure first (in money where given), as the summary's main risk.
    super::risk_rating::order(plan, fig)
        .into_iter()
        .filter_map(|i| plan.risks.get(i))
        .map(|r| {
            let judged = super::risk_rating::judged_impact(plan, fig, r);
            let exposure = level_value(r.likelihood) * level_value(judged);
            RiskView {
                risk: r,
                exposure,
                exposure_level: match exposure {
                    6..=9 => Level::High,
                    3..=5 => Level::Medium,
                    _ => Level::Low,
                },
                impact_amount: super::value::risk_impact(plan, r),
                at_stake: super::risk_work::at_stake(plan, fig, r),
                impact_judged: super::risk_rating::impact_note(plan, fig, r),
                owner_note: super::risk_manage::owner_note(plan, fig, r),
                mitigation_note: super::risk_manage::mitigation_note(plan, fig, r),
            }
        })
        .collect()
}

/// The most content rows a slide may have and still be *thin*: one or two
/// rows is not a slide's worth, so the deck folds them into the slide they
/// belong with (goals onto the forecast, triggers onto the risks, a small
/// optimiser onto the scenarios), whatever the plan.
pub const THIN_ROWS: usize = 2;

/// Which slides stand on their own and which fold into a neighbour,
/// decided by row count (a board reader counts a 1–2-row slide as padding),
/// and what the appendix may add without repeating the main story.
#[derive(Debug, Serialize)]
pub struct Layout {
    /// The goals have a slide of their own (more than [`THIN_ROWS`]).
    pub goals_slide: bool,
    /// Else they are a line on the forecast slide.
    pub goals_on_forecast: bool,
    /// The triggers have a slide of their own.
    pub triggers_slide: bool,
    /// Else they are a line on the risk slide.
    pub triggers_on_risks: bool,
    /// How many of them that line says: those no risk's mitigation names
    /// (`TriggerView::in_risk_row`), whose row shows them already, nor the
    /// ask slide (`TriggerView::on_ask`), which decides their release.
    pub risk_line_triggers: usize,
    /// The critical assumptions have an appendix slide of their own.
    pub assumptions_slide: bool,
    /// Else they are a line on the risk slide (what the plan bets on).
    pub assumptions_on_risks: bool,
    /// Per objective with curves: its optimiser table has a slide of its
    /// own (else it is a line on the scenarios slide).
    pub allocation: Vec<bool>,
    /// Any objective's optimiser has a slide of its own.
    pub allocation_slide: bool,
    /// Any objective's optimiser is a line on the scenarios slide.
    pub allocation_on_scenarios: bool,
    /// The budget levels' best mix, only where it adds to what the
    /// scenarios slide shows; `None`: nothing to add. Worked out when
    /// first read (a check reads no layout).
    pub levels: super::media_levels::Appendix,
    /// They have an appendix slide of their own (else a line on the
    /// scenarios slide).
    pub levels_slide: super::media_levels::AppendixSlide,
    /// For the risk slide's first line under its table: the main risk's
    /// missing owner or mitigation as the board's decision
    /// ([`super::risk_manage::main_gap`]); other high risks' are in their
    /// cells.
    pub main_risk_gap: Option<String>,
    /// For the risk slide: the downside case and its effect.
    pub downside: Option<String>,
    /// For the risk slide: an event above the plan's budget the plan
    /// weighs (`risk_case::upside`), not an alternative.
    pub upside: Option<String>,
    /// The downside scenario as the risk slide names it when it points to
    /// the scenarios slide for its figures: "HSE grant not renewed, at
    /// €152k" (a bare "the lowest scenario" left a board to look it up).
    pub downside_case: Option<String>,
    /// For the risk slide: the trade-off the deck weighs, with its effect.
    pub trade_off: Option<String>,
    /// The same trade-off named, with the slide that shows its figures
    /// ([`super::risk_case::trade_off`]).
    pub trade_off_case: Option<String>,
    /// The objectives (ids) whose marginal returns are a table under their
    /// curves: more than [`THIN_ROWS`] channels; with fewer, a line. Never
    /// a slide of their own: a bar chart of the next slice's return per
    /// channel repeated the comparison the curves slide's title makes.
    pub marginal_table: Vec<String>,
    /// Risks the team's delivery depends on (a team row the plan cannot do
    /// without that the risk names: `Capacity.at_risk`), by their text, so
    /// the risk slide marks them as the people slide's condition.
    pub critical_risks: Vec<String>,
    /// The people slide's chart: what its title names.
    pub people_chart: Option<super::people_chart::PeopleChart>,
    /// The objectives' due dates in one line for the forecast slide ("All
    /// due Feb 2028, except volunteer applications (Dec 2027)"): the one
    /// fact an appendix of objectives would add to it, so the deck has no
    /// such appendix.
    pub objectives_due: Option<String>,
    /// How each objective is measured, for the forecast slide's notes:
    /// "statement → metric".
    pub measures: Vec<String>,
}

/// The media view (response curves, optimiser, levels) and the deck's
/// layout, which reads it.
pub fn media_and_layout(
    plan: &Plan,
    fig: &Figures,
    shown: &[Option<super::shown::Shown>],
    said: &super::shown::Said,
) -> (Option<super::media::MediaView>, Layout) {
    let media = fig.media.as_ref().map(|m| super::media::build(plan, m));
    let layout = layout(plan, media.as_ref(), plan.scenarios.len(), fig, shown, said);
    (media, layout)
}

/// The deck's layout for a plan.
pub fn layout(
    plan: &Plan,
    media: Option<&super::media::MediaView>,
    scenario_rows: usize,
    fig: &Figures,
    shown: &[Option<super::shown::Shown>],
    said: &super::shown::Said,
) -> Layout {
    let has_objectives = !plan.objectives.is_empty();
    let goals_thin = plan.goals.len() <= THIN_ROWS && has_objectives;
    let triggers_thin = plan.triggers.len() <= THIN_ROWS && !plan.risks.is_empty();
    let assumptions_thin = plan.assumptions.len() <= THIN_ROWS && !plan.risks.is_empty();
    // The optimiser's table: one row per channel with a curve.
    let allocation: Vec<bool> = media.map_or_else(Vec::new, |m| {
        m.objectives
            .iter()
            .map(|o| o.channels.len() > THIN_ROWS || scenario_rows == 0)
            .collect()
    });
    let levels = super::media_levels::Appendix::new(plan, media.map(|m| &m.levels));
    let marginal_table: Vec<String> = media.map_or_else(Vec::new, |m| {
        m.objectives
            .iter()
            .filter(|o| o.channels.len() > THIN_ROWS)
            .map(|o| o.id.clone())
            .collect()
    });
    let trade = super::risk_case::trade_off(plan, media, &allocation, fig, shown, said);
    Layout {
        marginal_table,
        goals_slide: !plan.goals.is_empty() && !goals_thin,
        goals_on_forecast: !plan.goals.is_empty() && goals_thin,
        triggers_slide: !plan.triggers.is_empty() && !triggers_thin,
        triggers_on_risks: !plan.triggers.is_empty() && triggers_thin,
        risk_line_triggers: super::trigger_words::triggers(plan)
            .iter()
            .filter(|t| !t.in_risk_row && !t.on_ask)
            .count(),
        assumptions_slide: !plan.assumptions.is_empty() && !assumptions_thin,
        assumptions_on_risks: !plan.assumptions.is_empty() && assumptions_thin,
        allocation_slide: allocation.contains(&true),
        allocation_on_scenarios: allocation.contains(&false),
        trade_off: trade.as_ref().map(|t| t.0.clone()),
        trade_off_case: trade.map(|t| t.1),
        allocation,
        levels_slide: levels.slide(THIN_ROWS),
        levels,
        main_risk_gap: super::risk_manage::main_gap(plan, fig),
        downside: super::risk_case::downside(plan, fig, shown, said),
        upside: super::risk_case::upside(plan, fig, shown, said),
        downside_case: plan
            .scenarios
            .iter()
            .filter(|s| s.budget.value < plan.budget.total.value)
            .min_by_key(|s| s.budget.value)
            .map(|s| {
                format!(
                    "{}, at {}",
                    crate::format::restate_amounts(&s.name, &plan.meta.currency.value),
                    crate::format::format_money(s.budget.value, &plan.meta.currency.value, true)
                )
            }),
        people_chart: fig.capacity.as_ref().map(|c| {
            super::people_chart::people_chart(c, super::hires::depends(plan, fig).as_ref())
        }),
        critical_risks: plan
            .risks
            .iter()
            .filter(|r| super::risk_rating::delivery_critical(plan, fig, r))
            .map(|r| r.risk.clone())
            .collect(),
        objectives_due: objectives_due(plan),
        measures: plan
            .objectives
            .iter()
            .filter_map(|o| {
                let m = o.measure.metric.as_ref()?;
                Some(format!("{} → {}", o.statement, m.value))
            })
            .collect(),
    }
}

/// The objectives' due dates in one phrase: the most common month for all,
/// the others named ("All due Feb 2028, except volunteer applications (Dec
/// 2027)").
fn objectives_due(plan: &Plan) -> Option<String> {
    let month = |d: NaiveDate| d.format("%b %Y").to_string();
    let dues: Vec<(&Objective, String)> = plan
        .objectives
        .iter()
        .filter_map(|o| Some((o, month(o.measure.due.as_ref()?.value))))
        .collect();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, m) in &dues {
        match counts.iter_mut().find(|(c, _)| c == m) {
            Some(c) => c.1 += 1,
            None => counts.push((m.as_str(), 1)),
        }
    }
    let common = counts.iter().max_by_key(|(_, n)| *n)?.0;
    let others: Vec<String> = dues
        .iter()
        .filter(|(_, m)| m != common)
        .map(|(o, m)| {
            format!(
                "{} ({m})",
                crate::format::lower_first(super::shown::metric(o))
            )
        })
        .collect();
    let all = if dues.len() == plan.objectives.len() {
        "All objectives are due"
    } else {
        "Objectives with a date are due"
    };
    Some(if others.is_empty() {
        format!("{all} {common}")
    } else {
        format!("{all} {common}, except {}", others.join(", "))
    })
}
