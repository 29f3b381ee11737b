//! The typed plan: what one TOML plan file says, with the source span of every
//! item and of every value a rule may need to point at.
//!
//! The format is documented field by field in `docs/plan-format.md`; keep the
//! two in step.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::Span;

pub use super::ask::{Ask, AskFunding, AskKind, AskStatus};

pub use super::kinds::MetricKind;

pub use super::located::{Located, Money, Ref};

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub meta: Meta,
    pub checks: CheckSettings,
    pub goals: Vec<Goal>,
    pub objectives: Vec<Objective>,
    pub audiences: Vec<Audience>,
    pub insights: Vec<Insight>,
    pub strategy: Strategy,
    pub assumptions: Vec<Assumption>,
    pub channels: Vec<Channel>,
    pub budget: Budget,
    pub team: Vec<Role>,
    pub agencies: Vec<Agency>,
    pub scenarios: Vec<Scenario>,
    pub triggers: Vec<Trigger>,
    pub initiatives: Vec<Initiative>,
    pub milestones: Vec<Milestone>,
    pub risks: Vec<Risk>,
    pub asks: Vec<Ask>,
    /// `[[stack]]`: the systems the plan relies on (src/plan/stack.rs).
    pub stack: Vec<super::stack::Tool>,
    /// What is read from the plan's words once, not by every figure and
    /// rule that asks (`plan::memo`); empty in a clone.
    #[serde(skip)]
    pub memo: super::memo::Memo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Submitted,
    Approved,
}

/// `[plan]`: what the plan is, whose it is, and for when.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub organisation: String,
    /// Business unit, brand or product line.
    pub unit: Option<String>,
    pub owner: String,
    pub start: Located<NaiveDate>,
    pub end: Located<NaiveDate>,
    pub currency: Located<String>,
    pub version: Option<String>,
    pub status: Status,
    /// Who set the status, and when (written by `mvplan serve`'s review).
    pub status_by: Option<String>,
    pub status_on: Option<Located<NaiveDate>>,
    /// Path of the parent plan (e.g. the company plan), relative to this file.
    pub parent: Option<Located<String>>,
    /// A PNG or JPEG logo for the title slide, relative to this file.
    pub logo: Option<Located<String>>,
    /// The theme of the rendered decks: a built-in name or a theme file
    /// relative to this file.
    pub theme: Option<Located<String>>,
    /// Actuals files (CSV or XLSX) relative to this file, inside its
    /// directory (docs/tracking.md).
    pub actuals: Vec<Located<String>>,
    #[serde(skip)]
    pub span: Span,
}

/// `[checks]`: per-plan severity overrides and thresholds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckSettings {
    pub allow: Vec<Located<String>>,
    pub warn: Vec<Located<String>>,
    pub deny: Vec<Located<String>>,
    /// Insights older than this many months at the plan start are stale.
    pub insight_max_age_months: Option<u32>,
    /// Minimum upstream share of spend, in percent.
    pub min_upstream_share: Option<Decimal>,
    /// Minimum upstream share of team FTE, in percent.
    pub min_upstream_fte_share: Option<Decimal>,
    /// How far (percent) a typed forecast may exceed its channel's response
    /// curve before `forecast-above-curve`.
    pub curve_tolerance: Option<Decimal>,
    /// A channel whose marginal return is below this percentage of its
    /// objective's average return is `channel-saturated`.
    pub saturation_fraction: Option<Decimal>,
    /// Uplift (percent) a reallocation must reach to be `misallocation`.
    pub misallocation_threshold: Option<Decimal>,
    /// Reallocations move money in multiples of this amount (default 1,000).
    pub reallocation_step: Option<Money>,
    /// Tracking (docs/tracking.md): percent ahead of the phased plan that is
    /// `overspend`.
    pub overspend_tolerance: Option<Decimal>,
    /// Percent of the phased plan below which spend is `under-pacing`.
    pub underpacing_threshold: Option<Decimal>,
    /// Percent of the progress a target needs by which a result may trail
    /// the pace before `kpi-behind-pace`.
    pub pace_tolerance: Option<Decimal>,
    /// Days after which the newest actuals are `stale-actuals`.
    pub actuals_max_age_days: Option<u32>,
}

/// How an outcome is measured: shared by goals and objectives.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Measure {
    pub metric: Option<Located<String>>,
    /// Unit of baseline and target: a currency code, `%`, or a count noun.
    pub unit: Option<String>,
    pub baseline: Option<Located<Decimal>>,
    pub target: Option<Located<Decimal>>,
    pub due: Option<Located<NaiveDate>>,
}

/// `[[goals]]`: a company-level outcome marketing must serve.
#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub id: Located<String>,
    pub statement: String,
    /// The parent plan's objective this goal cascades from.
    pub from: Option<Ref>,
    /// What this goal adds to that objective, in the objective's unit (when
    /// the units differ, or to state it other than target − baseline).
    pub contribution: Option<Located<Decimal>>,
    #[serde(flatten)]
    pub measure: Measure,
    #[serde(skip)]
    pub span: Span,
}

/// What a measured result of an objective or KPI is (`reading`): a
/// **level**, read as it stands (awareness, market share, NPS, a customer
/// base: the pace runs from the baseline to the target), or a **period
/// total**, counted from zero since the plan's start (revenue so far this
/// year, customers won so far: the pace runs from zero to the target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    Level,
    PeriodTotal,
}

/// What channel forecasts add up to: the objective's target itself, or the
/// uplift from its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ForecastBasis {
    Target,
    Uplift,
}

/// `[[objectives]]`: a measurable marketing objective serving business goals.
#[derive(Debug, Clone, Serialize)]
pub struct Objective {
    pub id: Located<String>,
    pub statement: String,
    pub supports: Vec<Ref>,
    #[serde(flatten)]
    pub measure: Measure,
    pub forecast_basis: ForecastBasis,
    /// How its readings (actuals' `result` rows) count: a level or a
    /// period total (`reading`, docs/tracking.md).
    pub reading: Reading,
    /// `delivered_by = "units"`: in a company plan, the business units'
    /// plans deliver this objective, not the company's own channels.
    pub delivered_by_units: bool,
    /// `units_share = 40`: in a company plan, the percentage of what the
    /// objective needs (target − baseline) that the units' plans deliver;
    /// the company's own channels forecast the rest.
    pub units_share: Option<Located<Decimal>>,
    /// What the metric counts (`kind`), when the plan says.
    pub kind: Option<Located<MetricKind>>,
    /// Insights this objective acts on.
    pub insights: Vec<Ref>,
    /// What one unit of the metric is worth in the plan's currency, so that
    /// the optimiser can trade objectives against each other.
    pub value_per_unit: Option<Located<Decimal>>,
    /// What that value is ("gross margin", "first-year ARR"): the deck says
    /// "£0.38 of gross margin per £1", not a bare "£0.38 per £1".
    pub value_basis: Option<String>,
    /// Where `value_basis` was not typed but the author's comment beside
    /// `value_per_unit` names one: the comment, and `value_basis` is the
    /// basis it names (`plan::value_note`). The deck quotes the comment;
    /// `check` asks for `value_basis` to be typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_note: Option<super::value_note::ValueNote>,
    /// From the metric to won business: win rate, deal size, sales cycle.
    #[serde(flatten)]
    pub conversion: super::conversion::Conversion,
    #[serde(skip)]
    pub span: Span,
}

impl Objective {
    /// The percentage of what the objective needs that business units'
    /// plans deliver: 100 with `delivered_by = "units"`, `units_share`
    /// when split, 0 when the plan's own channels deliver all of it.
    pub fn units_part(&self) -> Decimal {
        if self.delivered_by_units {
            Decimal::ONE_HUNDRED
        } else {
            self.units_share.as_ref().map_or(Decimal::ZERO, |s| s.value)
        }
    }
}

/// `[[audiences]]`: who the plan is for.
#[derive(Debug, Clone, Serialize)]
pub struct Audience {
    pub id: Located<String>,
    pub name: String,
    pub description: Option<String>,
    /// Size in people or accounts.
    pub size: Option<Decimal>,
    pub size_unit: Option<String>,
    pub pains: Vec<String>,
    pub needs: Vec<String>,
    /// Insights this audience is chosen or described by.
    pub insights: Vec<Ref>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    MarketResearch,
    Data,
    Interviews,
    Survey,
    Experiment,
    Analyst,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

/// `[[insights]]`: a finding the plan rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Insight {
    pub id: Located<String>,
    pub finding: String,
    /// Where it comes from (a study, a dashboard, interviews).
    pub source: Option<String>,
    pub source_kind: Option<SourceKind>,
    pub date: Option<Located<NaiveDate>>,
    pub confidence: Option<Level>,
    /// Objectives or channels this insight informs.
    pub informs: Vec<Ref>,
    #[serde(skip)]
    pub span: Span,
}

/// `[strategy]`: the prose at the heart of the pitch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Strategy {
    /// One sentence: where we are, where we're going, how we'll get there.
    pub statement: Option<Located<String>>,
    pub value_proposition: Option<String>,
    pub positioning: Option<String>,
    pub choices: Vec<String>,
    /// What the plan deliberately will not do.
    pub not_doing: Vec<String>,
    /// Insights the strategy's choices rest on.
    pub insights: Vec<Ref>,
    #[serde(skip)]
    pub span: Option<Span>,
}

/// `[[assumptions]]`: a critical assumption the targets rest on.
#[derive(Debug, Clone, Serialize)]
pub struct Assumption {
    pub id: Located<String>,
    pub statement: String,
    /// Objectives or channels whose numbers rest on it.
    pub underpins: Vec<Ref>,
    /// How it will be tested.
    pub test: Option<String>,
    /// When the test will have an answer.
    pub test_by: Option<Located<NaiveDate>>,
    #[serde(skip)]
    pub span: Span,
}

/// Whether money and time go to shaping the plan or to executing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Work {
    Upstream,
    Downstream,
}

/// How a budget line is spread over the period.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "by", content = "amounts", rename_all = "lowercase")]
pub enum Phasing {
    Quarterly(Vec<Money>),
    Monthly(Vec<Money>),
}

impl Phasing {
    pub fn amounts(&self) -> &[Money] {
        match self {
            Phasing::Quarterly(a) | Phasing::Monthly(a) => a,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PhasingAt {
    #[serde(flatten)]
    pub phasing: Phasing,
    #[serde(skip)]
    pub span: Span,
}

/// A KPI with its target, on a channel.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    /// Needed only for actuals to name the KPI (`result` rows).
    pub id: Option<Located<String>>,
    pub name: String,
    pub target: Option<Located<Decimal>>,
    pub unit: Option<String>,
    /// What the KPI counts (`kind`), when the plan says.
    pub kind: Option<Located<MetricKind>>,
    /// Capabilities of the stack it is measured with (`[[stack]]`).
    pub needs: Vec<Located<super::stack::Capability>>,
    /// How its readings count; KPIs are counted from zero, so a period
    /// total unless it says `level`.
    pub reading: Reading,
    #[serde(skip)]
    pub span: Span,
}

/// A channel's expected contribution to one objective's metric.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub objective: Ref,
    pub value: Located<Decimal>,
}

/// `[[channels]]`: a funded channel or program.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    pub id: Located<String>,
    pub name: String,
    pub category: Option<Located<String>>,
    pub supports: Vec<Ref>,
    pub budget: Money,
    pub work: Work,
    pub phasing: Option<PhasingAt>,
    pub kpis: Vec<Kpi>,
    /// FTE-months of work by skill to run the channel over the plan period.
    pub effort: Vec<(Ref, Located<Decimal>)>,
    pub forecasts: Vec<Forecast>,
    /// How the channel's results respond to its budget (a marketing-mix
    /// model's curve), if known.
    pub response: Option<Response>,
    /// The optimiser's bounds on this channel's budget.
    pub min_budget: Option<Money>,
    pub max_budget: Option<Money>,
    /// The optimiser leaves the budget as it is.
    pub locked: bool,
    /// Audiences (segments) it targets, by id: the calendar across units.
    pub audiences: Vec<Ref>,
    /// Capabilities of the stack it cannot run without (`[[stack]]`).
    pub needs: Vec<Located<super::stack::Capability>>,
    #[serde(skip)]
    pub span: Span,
}

/// The shape of a response curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CurveKind {
    /// result = max · spend^slope / (half^slope + spend^slope)
    Hill,
}

/// A known (spend, result) pair a curve is calibrated from.
#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    pub spend: Money,
    pub result: Located<Decimal>,
    #[serde(skip)]
    pub span: Span,
}

/// `[channels.response]`: the channel's diminishing-returns curve for one
/// objective, over the plan period, in the plan's currency and the
/// objective's unit. Either the parameters or two or more `points`.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub objective: Ref,
    pub curve: CurveKind,
    /// Spend over the plan period that reaches half of `max_outcome`
    /// (Meridian's `ec`, PyMC-Marketing's `kappa`, after unscaling).
    pub half_saturation: Option<Money>,
    /// Shape: ≤ 1 concave, > 1 S-shaped (Meridian `slope`, Robyn `alpha`).
    pub slope: Option<Located<Decimal>>,
    /// The result at saturation, in the objective's unit (PyMC `beta`).
    pub max_outcome: Option<Located<Decimal>>,
    /// Geometric carry-over per quarter, 0–1 (Robyn's `theta`).
    pub carryover: Option<Located<Decimal>>,
    pub points: Vec<CurvePoint>,
    /// Where the curve comes from (an MMM run, a vendor report).
    pub source: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[triggers]]`: a KPI threshold that sets off a reallocation.
#[derive(Debug, Clone, Serialize)]
pub struct Trigger {
    pub id: Located<String>,
    /// An objective's metric…
    pub objective: Option<Ref>,
    /// …or a channel KPI, by name (of `channel`'s KPIs when given).
    pub kpi: Option<Located<String>>,
    pub channel: Option<Ref>,
    pub below: Option<Located<Decimal>>,
    pub above: Option<Located<Decimal>>,
    /// When it is looked at: a date, or a cadence.
    pub date: Option<Located<NaiveDate>>,
    pub cadence: Option<Cadence>,
    /// What it sets off, in words.
    pub action: String,
    /// The reallocation: `amount` from one channel to another…
    pub from: Option<Ref>,
    pub to: Option<Ref>,
    pub amount: Option<Money>,
    /// …or a switch to a scenario's budget.
    pub scenario: Option<Ref>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Weekly,
    Monthly,
    Quarterly,
}

/// What kind of work a budget line pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activity {
    InsightsResearch,
    ScenarioPlanning,
    StrategicPlanning,
    MarketingOperations,
    TalentManagement,
    Innovation,
    CampaignExecution,
    Production,
    Other,
}

impl Activity {
    /// The side of the upstream/downstream split this activity usually sits on.
    pub fn usual_work(self) -> Option<Work> {
        match self {
            Activity::InsightsResearch
            | Activity::ScenarioPlanning
            | Activity::StrategicPlanning
            | Activity::MarketingOperations
            | Activity::TalentManagement
            | Activity::Innovation => Some(Work::Upstream),
            Activity::CampaignExecution | Activity::Production => Some(Work::Downstream),
            Activity::Other => None,
        }
    }
}

/// `[[budget.lines]]`: spend that is not a channel (research, martech, ...).
#[derive(Debug, Clone, Serialize)]
pub struct BudgetLine {
    pub id: Located<String>,
    pub name: String,
    pub amount: Money,
    pub work: Work,
    pub activity: Option<Located<Activity>>,
    pub supports: Vec<Ref>,
    pub phasing: Option<PhasingAt>,
    #[serde(skip)]
    pub span: Span,
}

/// `[budget]`.
#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub total: Money,
    pub contingency: Option<Money>,
    pub lines: Vec<BudgetLine>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[team]]`: a role on the marketing team.
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub id: Located<String>,
    pub role: String,
    pub fte: Located<Decimal>,
    /// `None` when the role is paid outside this budget.
    pub cost: Option<Money>,
    pub work: Work,
    /// What the people in this row can do (for the skills audit).
    pub skills: Vec<Located<String>>,
    /// Channels this row owns.
    pub channels: Vec<Ref>,
    /// Available from (a hire) and until (a leaver); the plan period otherwise.
    pub start: Option<Located<NaiveDate>>,
    pub end: Option<Located<NaiveDate>>,
    /// Share of `fte` available to this plan, percent (default 100).
    pub availability: Option<Located<Decimal>>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[agencies]]`: an agency on the roster.
#[derive(Debug, Clone, Serialize)]
pub struct Agency {
    pub id: Located<String>,
    pub name: String,
    pub scope: String,
    pub fee: Money,
    pub work: Work,
    /// What the agency can do.
    pub skills: Vec<Located<String>>,
    /// Channels it delivers.
    pub channels: Vec<Ref>,
    /// FTE it can put on the account each month (its retainer's size).
    pub capacity: Option<Located<Decimal>>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[scenarios]]`: a budget level, the channels whose budgets change, and
/// what it would deliver.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub id: Located<String>,
    pub name: String,
    /// The scenario's total budget: as typed, or the plan's total plus the
    /// sum of `changes` when only `changes` is given (the loader checks
    /// the two agree when both are).
    pub budget: Money,
    /// Per channel, the change of its budget (signed money): the channels
    /// named move, the others stay at the plan's budgets. Empty: the
    /// change of budget is spread over the planned mix.
    pub changes: Vec<(Ref, Located<Decimal>)>,
    pub description: Option<String>,
    /// Expected value of objectives' metrics at this budget.
    pub outcomes: Vec<Forecast>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[initiatives]]`: a dated piece of work.
#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    pub id: Located<String>,
    pub name: String,
    pub owner: Option<String>,
    pub start: Located<NaiveDate>,
    pub end: Located<NaiveDate>,
    pub supports: Vec<Ref>,
    /// FTE-months of work by skill, spread over `start`..`end`.
    pub effort: Vec<(Ref, Located<Decimal>)>,
    /// The agency that delivers it, if one does.
    pub agency: Option<Ref>,
    /// Insights this initiative acts on.
    pub insights: Vec<Ref>,
    /// Audiences (segments) it targets, by id.
    pub audiences: Vec<Ref>,
    /// Capabilities of the stack it cannot run without.
    pub needs: Vec<Located<super::stack::Capability>>,
    /// Initiatives (of this plan or of another unit's) that must finish
    /// before it starts.
    pub depends_on: Vec<Ref>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[milestones]]`.
#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    pub id: Located<String>,
    pub name: String,
    pub date: Located<NaiveDate>,
    pub initiative: Option<Ref>,
    #[serde(skip)]
    pub span: Span,
}

/// `[[risks]]`.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    pub id: Located<String>,
    pub risk: String,
    pub likelihood: Level,
    pub impact: Level,
    /// The loss if it happens, in money or in an objective's unit.
    #[serde(flatten)]
    pub impact_amount: super::conversion::Impact,
    /// What the risk hits, where its words do not say it: channel or
    /// objective ids, or a part of the period ("Q4", "January"). The deck
    /// sizes an unsized risk from their forecast (`deck::risk_stake`).
    pub affects: Vec<Ref>,
    pub mitigation: Option<String>,
    pub owner: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

impl Role {
    /// The role up to a bracket or comma, as people say it: "Digital
    /// officer" for "Digital officer (fixed-term, part-time)".
    pub fn short_role(&self) -> &str {
        self.role
            .split(['(', ','])
            .next()
            .unwrap_or(&self.role)
            .trim()
    }
}

impl Plan {
    /// Total spend in the channels, budget lines, team and agencies
    /// (everything but the contingency).
    pub fn spend_items(&self) -> impl Iterator<Item = (Work, &Money)> {
        self.channels
            .iter()
            .map(|c| (c.work, &c.budget))
            .chain(self.budget.lines.iter().map(|l| (l.work, &l.amount)))
            .chain(
                self.team
                    .iter()
                    .filter_map(|r| Some((r.work, r.cost.as_ref()?))),
            )
            .chain(self.agencies.iter().map(|a| (a.work, &a.fee)))
    }

    /// The ids of the channels' KPIs that have one.
    pub fn kpi_ids(&self) -> impl Iterator<Item = &str> {
        self.channels
            .iter()
            .flat_map(|c| c.kpis.iter().filter_map(|k| k.id.as_ref()))
            .map(|id| id.value.as_str())
    }

    /// A KPI by its id, with the channel it belongs to.
    pub fn kpi(&self, id: &str) -> Option<(&Channel, &Kpi)> {
        self.channels.iter().find_map(|c| {
            c.kpis
                .iter()
                .find(|k| k.id.as_ref().is_some_and(|i| i.value == id))
                .map(|k| (c, k))
        })
    }

    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id.value == id)
    }

    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id.value == id)
    }
}
