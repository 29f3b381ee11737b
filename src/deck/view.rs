//! The view model: everything a deck shows, computed once in Rust.
//!
//! Templates lay out; they don't calculate. Every total, share, phasing,
//! coverage and ordering a slide needs is here, built from the plan, its
//! [`Figures`] and the checker's findings.
//!
//! Over 600 lines: one struct per slide of the pitch deck and the code that
//! fills it, kept together so that a template's fields are found in one place.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::{Finding, Severity, Tally};
use crate::figures::{self, Figures, ObjectiveFigures, ScorePart};
use crate::plan::*;
use crate::source::SourceFile;

pub use super::findings::{FindingView, HEALTH_FINDINGS};
use super::scenarios::scenarios;
pub use super::scenarios::{ScenarioColumn, ScenarioRow, ScenariosView};
// The plan's structure as its slides show it, in its own file.
pub use super::structure::{
    AlignmentView, InitiativeRow, MATRIX_MAX_COLUMNS, MatrixRow, MilestoneRow, RiskView,
    RoadmapView,
};
use super::structure::{alignment, risks, roadmap};

#[derive(Debug, Serialize)]
pub struct DeckView<'p> {
    /// The plan's `[plan]` table, with its `logo` only if it is a file
    /// beside the plan: a remote or absolute logo would be fetched or read
    /// by whoever opens the Markdown deck (a web beacon), so no template,
    /// built-in or the user's, ever sees it.
    pub plan: std::borrow::Cow<'p, Meta>,
    /// The plan's currency code: the default of the `money` filter.
    pub currency: &'p str,
    pub goals: Vec<GoalView<'p>>,
    pub objectives: Vec<ObjectiveView<'p>>,
    pub audiences: Vec<AudienceView<'p>>,
    pub insights: Vec<InsightView<'p>>,
    pub strategy: &'p Strategy,
    pub assumptions: Vec<AssumptionView<'p>>,
    pub channels: Vec<ChannelView<'p>>,
    pub budget: BudgetView<'p>,
    pub alignment: AlignmentView<'p>,
    pub scenarios: ScenariosView<'p>,
    /// The outcomes the scenarios table leaves out, and whether they are
    /// too few for a slide of their own (`scenario_extra`).
    pub scenario_extra: super::scenario_extra::ExtraOutcomes,
    pub roadmap: RoadmapView<'p>,
    pub resources: ResourcesView<'p>,
    pub risks: Vec<RiskView<'p>>,
    pub asks: Vec<super::story::AskView<'p>>,
    pub health: HealthView<'p>,
    /// The executive summary and the slides' titles: the deck's argument.
    pub story: super::story::Story,
    /// The value bridge, and each scenario's return (`deck::value`).
    pub value: super::value::ValueView,
    /// Response curves, allocation and triggers, when channels have curves.
    pub media: Option<super::media::MediaView>,
    /// KPI thresholds that set off reallocations.
    pub triggers: Vec<super::trigger_words::TriggerView<'p>>,
    /// Which slides stand alone and which fold into a neighbour (`structure::layout`).
    pub layout: super::structure::Layout,
    /// What changed since an earlier version (`render --since`).
    pub changes: Option<&'p crate::diff::PlanDiff>,
    /// Plan vs actual, when the deck is rendered with actuals
    /// (`render --deck status`).
    pub status: Option<super::status::StatusView>,
    /// The stack and its automations ("How we operate"), when the plan has one.
    pub operations: Option<super::operations::OperationsView<'p>>,
}

#[derive(Debug, Serialize)]
pub struct GoalView<'p> {
    #[serde(flatten)]
    pub goal: &'p Goal,
    /// Statements of the objectives that support the goal.
    pub served_by: Vec<&'p str>,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveView<'p> {
    #[serde(flatten)]
    pub objective: &'p Objective,
    /// Statements of the goals it supports.
    pub goals: Vec<&'p str>,
    /// Names of the channels that serve it.
    pub channels: Vec<&'p str>,
    pub forecast: &'p ObjectiveFigures,
    /// The forecast every slide shows: the curves' where they cover the
    /// objective, else the typed one (`story::shown`).
    pub shown: Option<super::story::Shown>,
    /// The shown level less today's baseline: the change the forecast
    /// makes, in its own column beside the level (one column, one kind of
    /// figure).
    pub change: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct InsightView<'p> {
    #[serde(flatten)]
    pub insight: &'p Insight,
    /// Names of the objectives and channels it informs.
    pub informs_names: Vec<&'p str>,
    /// Its source already names its kind ("Quant survey, n=2,014"): the
    /// slide does not add "(survey)".
    pub source_kind_in_source: bool,
    /// Its source already names its month and year ("… survey, Oct 2026"):
    /// the slide does not add ", Oct 2026" again.
    pub date_in_source: bool,
}

#[derive(Debug, Serialize)]
pub struct AssumptionView<'p> {
    #[serde(flatten)]
    pub assumption: &'p Assumption,
    pub underpins_names: Vec<&'p str>,
}

#[derive(Debug, Serialize)]
pub struct ChannelView<'p> {
    #[serde(flatten)]
    pub channel: &'p Channel,
    /// Percent of the channel budget: the base the channel slide's title
    /// states ("… take 43% of the channel budget").
    pub share: Option<Decimal>,
    pub objective_names: Vec<&'p str>,
    pub contributions: Vec<Contribution<'p>>,
    /// No budget: nothing it forecasts counts, so the channel slide says so
    /// in a line under the table rather than in a row of zeros (a row that
    /// could otherwise be the only one on a continuation slide).
    pub unfunded: bool,
    /// The plan's own evidence prices its result above what its forecast
    /// buys at (`forecast-beats-evidence`): the line under the table.
    pub evidence: Option<String>,
}

/// Whether `text` states `number` as a number of its own ("42 branches",
/// not the 42 inside "1,420" or "Q42").
fn states_number(text: &str, number: &str) -> bool {
    let digitish = |c: char| c.is_alphanumeric() || c == ',' || c == '.';
    text.match_indices(number).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + number.len()..].chars().next();
        !before.is_some_and(digitish)
            && !after.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
    })
}

/// An audience, and whether its name already states its size
/// ("Authorised stocking distributors (42 branches in 19 states)"): the
/// heading then does not repeat it as "· 42 distributor branches".
#[derive(Debug, Serialize)]
pub struct AudienceView<'p> {
    #[serde(flatten)]
    pub audience: &'p Audience,
    pub size_in_name: bool,
}

/// A channel's forecast contribution to one objective, with its cost per result.
#[derive(Debug, Serialize)]
pub struct Contribution<'p> {
    pub objective: &'p str,
    pub metric: Option<&'p str>,
    pub unit: Option<&'p str>,
    pub value: Decimal,
    /// The objective's forecasts add to its baseline (`forecast_basis = "uplift"`).
    pub uplift: bool,
    /// The channel's budget per unit it adds over today
    /// (`figures::unit_cost`), for a funded channel that forecasts this
    /// objective alone: a budget shared by several objectives has no
    /// single cost per result (splitting it evenly made a £22 CAC read £7).
    pub cost_per_result: Option<Decimal>,
    pub cost_basis: figures::value::Basis,
    /// What it adds over today (`unit_cost::channel_extra`): the change
    /// itself for an uplift, a level's share of its objective's change —
    /// the figure the cost per extra result divides by. A "—" under "Adds
    /// over today" beside "£399 per extra account" left a reader unable
    /// to check the cost (C10).
    pub adds: Option<Decimal>,
    /// Whether the objective's forecast counts it: a channel with no
    /// budget does not (`forecast-unfunded`).
    pub counted: bool,
    /// The channel's response curve for the objective gives `value` (its
    /// result at the channel's budget, as the allocation slide shows it),
    /// rather than the plan's typed contribution.
    pub from_curve: bool,
}

#[derive(Debug, Serialize)]
pub struct Slice<'p> {
    pub name: &'p str,
    pub amount: Decimal,
    /// Percent of all spend.
    pub share: Option<Decimal>,
    pub work: Work,
}

#[derive(Debug, Serialize)]
pub struct CategoryTotal {
    pub category: String,
    pub amount: Decimal,
    pub share: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct BudgetView<'p> {
    #[serde(flatten)]
    pub figures: &'p Figures,
    pub over: bool,
    pub has_unallocated: bool,
    pub downstream_share: Option<Decimal>,
    pub contingency_share: Option<Decimal>,
    /// Channels, largest first.
    pub by_channel: Vec<Slice<'p>>,
    /// Budget lines (non-channel spend).
    pub lines: Vec<Slice<'p>>,
    pub by_category: Vec<CategoryTotal>,
    /// Spend by quarter, split upstream/downstream (see [`Figures`]), in
    /// whole currency units: each part rounded, the total the sum of the
    /// rounded parts, so a row adds up as shown (table and chart alike).
    pub quarters: Vec<figures::QuarterSpend>,
    /// Whether some spend had no phasing and was spread evenly.
    pub spread_evenly: bool,
    /// Whole-percent shares of spend as the slide prints them, each set
    /// adding to 100: channels, lines, team, agencies; upstream, downstream.
    pub spend_shares: Vec<Option<Decimal>>,
    pub split_shares: Vec<Option<Decimal>>,
}

#[derive(Debug, Serialize)]
pub struct ResourcesView<'p> {
    pub team: &'p [Role],
    /// Each team row's FTE weighed by its availability, as `fte` sums them.
    pub team_fte: Vec<Decimal>,
    pub agencies: &'p [Agency],
    /// The FTE the budget pays for, and what it does not (`budget_team`).
    pub fte: crate::figures::BudgetTeam,
    pub team_cost: Decimal,
    pub agency_fees: Decimal,
    /// Demand and capacity by quarter and skill, when the plan models them.
    pub capacity: Option<&'p crate::figures::capacity::Capacity>,
    /// The planned hires capacity counts (`capacity.asked_hires`), by the
    /// roles' names: a board never saw the team rows' ids.
    pub asked_hires: Vec<String>,
    /// What "the team can deliver the plan" rests on: the planned hires'
    /// starts and risks, and the hires it does not need with their reasons
    /// (`hires::hire_terms`, the ask slide's facts).
    pub delivery: super::hires::DeliveryTerms,
    /// Each team row's and agency's skills (and an agency's channels) as
    /// the resources table shows them: names and words, never slugs.
    pub team_skills: Vec<String>,
    pub agency_skills: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct HealthView<'p> {
    pub score: u32,
    pub parts: &'p [ScorePart],
    pub findings: Vec<FindingView>,
    /// Findings not listed (beyond [`HEALTH_FINDINGS`]).
    pub more: usize,
    pub tally: Tally,
}

fn skills_cell(plan: &Plan, skills: &[Located<String>], channels: &[Ref]) -> String {
    let skills: Vec<&str> = skills.iter().map(|s| s.value.as_str()).collect();
    let channels: Vec<&str> = channels.iter().map(|c| c.value.as_str()).collect();
    crate::plan::words::skills_cell(plan, &skills, &channels)
}

fn names<'p>(refs: &[Ref], lookup: impl Fn(&str) -> Option<&'p str>) -> Vec<&'p str> {
    refs.iter().filter_map(|r| lookup(&r.value)).collect()
}

pub fn build<'p>(
    plan: &'p Plan,
    fig: &'p Figures,
    findings: &[Finding],
    source: &SourceFile,
    changes: Option<&'p crate::diff::PlanDiff>,
) -> DeckView<'p> {
    let objective_name = |id: &str| plan.objective(id).map(|o| o.statement.as_str());
    let goal_name = |id: &str| plan.goal(id).map(|g| g.statement.as_str());
    let channel_name = |id: &str| {
        plan.channels
            .iter()
            .find(|c| c.id.value == id)
            .map(|c| c.name.as_str())
    };
    let objective_or_channel = |id: &str| objective_name(id).or_else(|| channel_name(id));

    let goals = plan
        .goals
        .iter()
        .map(|g| GoalView {
            goal: g,
            served_by: plan
                .objectives
                .iter()
                .filter(|o| o.supports.iter().any(|s| s.value == g.id.value))
                .map(|o| o.statement.as_str())
                .collect(),
        })
        .collect();

    let shown = super::story::all_shown(plan, fig);
    let objectives = plan
        .objectives
        .iter()
        .zip(&fig.objectives)
        .zip(shown.iter())
        .map(|((o, f), s)| ObjectiveView {
            change: super::shown::change_from_today(o, s.as_ref()),
            shown: s.clone(),
            objective: o,
            goals: names(&o.supports, goal_name),
            channels: plan
                .channels
                .iter()
                .filter(|c| c.supports.iter().any(|s| s.value == o.id.value))
                .map(|c| c.name.as_str())
                .collect(),
            forecast: f,
        })
        .collect();

    let insights = plan
        .insights
        .iter()
        .map(|i| insight_view(i, names(&i.informs, objective_or_channel)))
        .collect();

    let assumptions = plan
        .assumptions
        .iter()
        .map(|a| AssumptionView {
            assumption: a,
            underpins_names: names(&a.underpins, objective_or_channel),
        })
        .collect();

    let channels = channel_views(plan, fig);

    let said = super::story::Said::default();
    let asks = super::story::asks(plan, fig, &shown, &said);
    let (media, layout) = super::structure::media_and_layout(plan, fig, &shown, &said);
    let scenarios = scenarios(plan, fig, &shown);
    let value = super::value::ValueView::clone(&super::story::shared_value_view(plan, fig));
    let scenario_extra = super::scenario_extra::extra_outcomes(&scenarios, value.columns.main);
    DeckView {
        plan: meta_for_decks(&plan.meta),
        currency: &plan.meta.currency.value,
        goals,
        objectives,
        audiences: plan
            .audiences
            .iter()
            .map(|a| AudienceView {
                audience: a,
                size_in_name: a
                    .size
                    .is_some_and(|n| states_number(&a.name, &crate::format::format_number(n, 2))),
            })
            .collect(),
        insights,
        strategy: &plan.strategy,
        assumptions,
        channels,
        budget: budget(plan, fig),
        alignment: alignment(plan),
        scenarios,
        scenario_extra,
        roadmap: roadmap(plan, fig),
        resources: ResourcesView {
            team: &plan.team,
            team_fte: plan
                .team
                .iter()
                .map(crate::figures::available_fte)
                .collect(),
            agencies: &plan.agencies,
            fte: crate::figures::budget_team(plan),
            team_cost: fig.team_cost,
            agency_fees: fig.agency_fees,
            capacity: fig.capacity.as_ref(),
            asked_hires: super::asks::hire_names(plan, fig),
            delivery: super::hires::delivery_terms(plan, fig),
            team_skills: plan
                .team
                .iter()
                .map(|r| skills_cell(plan, &r.skills, &[]))
                .collect(),
            agency_skills: plan
                .agencies
                .iter()
                .map(|a| skills_cell(plan, &a.skills, &a.channels))
                .collect(),
        },
        risks: risks(plan, fig),
        story: super::story::build(plan, fig, &Tally::of(findings), &shown, &asks, said),
        value,
        asks,
        health: health(plan, fig, findings, source),
        media,
        triggers: super::trigger_words::triggers(plan),
        layout,
        changes,
        status: None,
        operations: super::operations::build(plan, findings),
    }
}

/// The channel slide's rows: each channel with its share of the channel
/// budget and one figure per objective it forecasts.
fn channel_views<'p>(plan: &'p Plan, fig: &'p Figures) -> Vec<ChannelView<'p>> {
    let objective_name = |id: &str| plan.objective(id).map(|o| o.statement.as_str());
    let evidence = crate::check::words_evidence::evidence_costs(plan, fig, None);
    plan.channels
        .iter()
        .map(|c| ChannelView {
            channel: c,
            evidence: evidence
                .iter()
                .find(|e| e.channel == c.id.value)
                .map(|e| e.said(plan)),
            share: figures::percent(c.budget.value, fig.channel_spend),
            unfunded: c.budget.value.is_zero(),
            objective_names: names(&c.supports, objective_name),
            contributions: c
                .forecasts
                .iter()
                .filter_map(|f| {
                    let o = plan.objective(&f.objective.value)?;
                    let counted = !c.budget.value.is_zero();
                    let (value, from_curve) = super::shown::channel_result(fig, c, f);
                    // On the forecast slide's basis (`figures::unit_cost`):
                    // per unit the channel adds over today.
                    let objective_forecast = fig
                        .objectives
                        .iter()
                        .find(|of| of.id == o.id.value)
                        .map_or(value, |of| of.shown());
                    let (cost, cost_basis) = figures::unit_cost::channel_cost_per_result(
                        o,
                        c.budget.value,
                        value,
                        objective_forecast,
                    );
                    let cost = cost.filter(|_| counted && c.forecasts.len() == 1);
                    // At two significant figures: a share in proportion is an
                    // estimate, and "+5,799.14" beside "21,700" claimed more.
                    let adds = figures::unit_cost::channel_extra(o, value, objective_forecast)
                        .filter(|a| counted && *a > Decimal::ZERO)
                        .and_then(|a| a.round_sf(2))
                        .map(|a| a.normalize());
                    Some(Contribution {
                        objective: o.statement.as_str(),
                        metric: o.measure.metric.as_ref().map(|m| m.value.as_str()),
                        unit: o.measure.unit.as_deref(),
                        value,
                        uplift: o.forecast_basis == ForecastBasis::Uplift,
                        cost_per_result: cost,
                        cost_basis,
                        adds,
                        counted,
                        from_curve,
                    })
                })
                .collect(),
        })
        .collect()
}

/// The plan's metadata as decks may show it: a logo only when it names a
/// file beside the plan (the rule `file-not-beside` says why otherwise).
fn meta_for_decks(meta: &Meta) -> std::borrow::Cow<'_, Meta> {
    match &meta.logo {
        Some(logo)
            if crate::sandbox::is_remote(&logo.value)
                || !crate::sandbox::stays_beside(&logo.value) =>
        {
            let mut kept = meta.clone();
            kept.logo = None;
            std::borrow::Cow::Owned(kept)
        }
        _ => std::borrow::Cow::Borrowed(meta),
    }
}

fn budget<'p>(plan: &'p Plan, fig: &'p Figures) -> BudgetView<'p> {
    let share = |amount: Decimal| figures::percent(amount, fig.spend);
    let mut by_channel: Vec<Slice<'p>> = plan
        .channels
        .iter()
        .map(|c| Slice {
            name: &c.name,
            amount: c.budget.value,
            share: share(c.budget.value),
            work: c.work,
        })
        .collect();
    // Largest first; the plan's order breaks ties, so output is stable.
    by_channel.sort_by_key(|s| std::cmp::Reverse(s.amount));
    let lines = plan
        .budget
        .lines
        .iter()
        .map(|l| Slice {
            name: &l.name,
            amount: l.amount.value,
            share: share(l.amount.value),
            work: l.work,
        })
        .collect();

    let mut categories: Vec<(String, Decimal)> = Vec::new();
    for c in &plan.channels {
        let name = c
            .category
            .as_ref()
            .map_or("uncategorised", |c| c.value.as_str());
        match categories.iter_mut().find(|(n, _)| n == name) {
            Some((_, total)) => *total += c.budget.value,
            None => categories.push((name.to_string(), c.budget.value)),
        }
    }
    categories.sort_by_key(|c| std::cmp::Reverse(c.1));
    let by_category = categories
        .into_iter()
        .map(|(category, amount)| CategoryTotal {
            share: share(amount),
            category,
            amount,
        })
        .collect();

    let (spend_shares, split_shares) = super::shown::budget_shares(fig);
    BudgetView {
        spend_shares,
        split_shares,
        figures: fig,
        over: fig.unallocated < Decimal::ZERO,
        has_unallocated: fig.unallocated > Decimal::ZERO,
        downstream_share: figures::percent(fig.downstream_spend, fig.spend),
        contingency_share: figures::percent(fig.contingency, fig.total),
        by_channel,
        lines,
        by_category,
        quarters: fig
            .quarter_spend
            .iter()
            .map(|q| {
                let (upstream, downstream) = (
                    crate::format::whole_units(q.upstream),
                    crate::format::whole_units(q.downstream),
                );
                figures::QuarterSpend {
                    label: q.label.clone(),
                    upstream,
                    downstream,
                    total: upstream + downstream,
                }
            })
            .collect(),
        spread_evenly: fig.spread_evenly,
    }
}

fn health<'p>(
    plan: &Plan,
    fig: &'p Figures,
    findings: &[Finding],
    source: &SourceFile,
) -> HealthView<'p> {
    // Errors and warnings are listed; notes are counted (the slide
    // says how many, `mvplan check` lists them).
    let listed: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity != Severity::Note)
        .collect();
    HealthView {
        score: fig.score.total,
        parts: &fig.score.parts,
        more: listed.len().saturating_sub(HEALTH_FINDINGS),
        findings: listed
            .into_iter()
            .take(HEALTH_FINDINGS)
            .map(|f| FindingView::of(f, plan, source))
            .collect(),
        tally: Tally::of(findings),
    }
}

/// Whether a source's words name a date's month and year ("Sept 2026",
/// "October 2026", "Oct 2026" for 2026-10-01): a word starting with the
/// month's first three letters and the year as a word.
fn date_named(source: &str, date: chrono::NaiveDate) -> bool {
    let month = date.format("%b").to_string().to_lowercase();
    let year = date.format("%Y").to_string();
    let words: Vec<String> = source
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    words.contains(&year) && words.iter().any(|w| w.starts_with(&month))
}

/// An insight with the names it informs, and whether its source's words
/// already say its kind and its date (the slide then does not add them).
fn insight_view<'p>(i: &'p Insight, informs_names: Vec<&'p str>) -> InsightView<'p> {
    InsightView {
        insight: i,
        informs_names,
        source_kind_in_source: match (&i.source, &i.source_kind) {
            (Some(s), Some(k)) => serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(|k| k.replace('-', " ")))
                .is_some_and(|k| s.to_lowercase().contains(&k)),
            _ => false,
        },
        date_in_source: match (&i.source, &i.date) {
            (Some(s), Some(d)) => date_named(s, d.value),
            _ => false,
        },
    }
}
