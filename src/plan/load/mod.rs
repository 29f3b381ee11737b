//! Building a [`Plan`] from a TOML file, collecting every problem on the way.
//!
//! One small reader per section of the format, in the order of
//! docs/plan-format.md, so that the format can be read against its loader:
//! this file holds the whole plan's reader and the helpers its sections
//! share; `strategy`, `budget`, `media` and `delivery` the sections.

mod budget;
mod delivery;
mod file;
mod media;
mod scenario;
mod strategy;

use toml::de::DeTable;

use super::fields::{Fields, Sink};
use super::model::*;
use super::rules;
use crate::diagnostic::Finding;
use crate::source::SourceFile;
use budget::read_budget;
use delivery::{read_agency, read_ask, read_initiative, read_milestone, read_risk, read_role};
pub use file::{read, read_named};
use media::{read_channel, read_trigger};
use strategy::{
    read_assumption, read_audience, read_checks, read_goal, read_insight, read_meta,
    read_objective, read_strategy,
};

/// Plans larger than this are refused before parsing: no real plan comes
/// close, and it bounds the time and memory a hostile file can cost.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Who delivers an objective besides the plan's own channels.
pub(crate) const DELIVERY: &[(&str, bool)] = &[("units", true)];
pub(crate) const STATUS: &[(&str, Status)] = &[
    ("draft", Status::Draft),
    ("submitted", Status::Submitted),
    ("approved", Status::Approved),
];
pub(crate) const LEVEL: &[(&str, Level)] = &[
    ("low", Level::Low),
    ("medium", Level::Medium),
    ("high", Level::High),
];
pub(crate) const WORK: &[(&str, Work)] = &[
    ("upstream", Work::Upstream),
    ("downstream", Work::Downstream),
];
pub(crate) const BASIS: &[(&str, ForecastBasis)] = &[
    ("target", ForecastBasis::Target),
    ("uplift", ForecastBasis::Uplift),
];
pub(crate) const READING: &[(&str, Reading)] = &[
    ("level", Reading::Level),
    ("period-total", Reading::PeriodTotal),
];
pub(crate) const SOURCE_KIND: &[(&str, SourceKind)] = &[
    ("market-research", SourceKind::MarketResearch),
    ("data", SourceKind::Data),
    ("interviews", SourceKind::Interviews),
    ("survey", SourceKind::Survey),
    ("experiment", SourceKind::Experiment),
    ("analyst", SourceKind::Analyst),
    ("other", SourceKind::Other),
];
pub(crate) const ASK_STATUS: &[(&str, AskStatus)] = &[
    ("open", AskStatus::Open),
    ("approved", AskStatus::Approved),
    ("declined", AskStatus::Declined),
];
pub(crate) const ASK_KIND: &[(&str, AskKind)] = &[
    ("budget", AskKind::Budget),
    ("headcount", AskKind::Headcount),
    ("decision", AskKind::Decision),
    ("other", AskKind::Other),
];
pub(crate) const ASK_FUNDING: &[(&str, AskFunding)] = &[
    ("in-budget", AskFunding::InBudget),
    ("new-money", AskFunding::NewMoney),
    ("contingent", AskFunding::Contingent),
];
pub(crate) const ACTIVITY: &[(&str, Activity)] = &[
    ("insights-research", Activity::InsightsResearch),
    ("scenario-planning", Activity::ScenarioPlanning),
    ("strategic-planning", Activity::StrategicPlanning),
    ("marketing-operations", Activity::MarketingOperations),
    ("talent-management", Activity::TalentManagement),
    ("innovation", Activity::Innovation),
    ("campaign-execution", Activity::CampaignExecution),
    ("production", Activity::Production),
    ("other", Activity::Other),
];

/// Parses and types a plan. Returns every loader finding if the plan is not
/// usable; the findings are all errors.
pub fn parse(source: &SourceFile) -> Result<Plan, Vec<Finding>> {
    let (doc, errors) = DeTable::parse_recoverable(&source.text);
    let sink = Sink::new(&source.text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        sink.push(
            Finding::new(&rules::SYNTAX, "invalid TOML")
                .at(span)
                .label(e.message().trim().to_string())
                .help("fix the TOML syntax here; see `mvplan docs plan-format` for the shape of each section"),
        );
    }
    if !errors.is_empty() {
        // Typing a half-parsed document would add noise after the real problem.
        return Err(sink.into_findings());
    }
    let root = Fields::new(doc.get_ref(), doc.span(), "the plan file", &sink);
    let plan = read_plan(root);
    if sink.is_clean() {
        plan.ok_or_else(Vec::new)
    } else {
        Err(sink.into_findings())
    }
}

fn read_plan(mut root: Fields<'_, '_>) -> Option<Plan> {
    let meta = match root.table("plan") {
        Some(t) => read_meta(t),
        None => {
            if !root.has_key("plan") {
                root.sink().push(
                    Finding::new(&rules::MISSING_FIELD, "the plan file has no `[plan]` section")
                        .at(0..0)
                        .help("start the file with `[plan]` and its title, owner, start, end and currency; `mvplan new` writes one"),
                );
            }
            None
        }
    };
    let checks = root.table("checks").map(read_checks).unwrap_or_default();
    let goals = root
        .tables("goals", "goal")
        .into_iter()
        .filter_map(read_goal)
        .collect();
    let objectives = root
        .tables("objectives", "objective")
        .into_iter()
        .filter_map(read_objective)
        .collect();
    let audiences = root
        .tables("audiences", "audience")
        .into_iter()
        .filter_map(read_audience)
        .collect();
    let insights = root
        .tables("insights", "insight")
        .into_iter()
        .filter_map(read_insight)
        .collect();
    let strategy = root
        .table("strategy")
        .map(read_strategy)
        .unwrap_or_default();
    let assumptions = root
        .tables("assumptions", "assumption")
        .into_iter()
        .filter_map(read_assumption)
        .collect();
    let channels: Vec<Channel> = root
        .tables("channels", "channel")
        .into_iter()
        .filter_map(read_channel)
        .collect();
    let budget = match root.table("budget") {
        Some(t) => read_budget(t),
        None => {
            if !root.has_key("budget") {
                root.sink().push(
                    Finding::new(&rules::MISSING_FIELD, "the plan file has no `[budget]` section")
                        .at(0..0)
                        .help("add `[budget]` with `total = ...` (and `contingency = ...` if you keep a reserve)"),
                );
            }
            None
        }
    };
    let team = root
        .tables("team", "team role")
        .into_iter()
        .filter_map(read_role)
        .collect();
    let agencies = root
        .tables("agencies", "agency")
        .into_iter()
        .filter_map(read_agency)
        .collect();
    let basis = scenario::Basis {
        total: budget.as_ref().map(|b: &Budget| b.total.value),
        currency: meta
            .as_ref()
            .map_or("", |m: &Meta| m.currency.value.as_str()),
        channels: &channels,
    };
    let scenarios = root
        .tables("scenarios", "scenario")
        .into_iter()
        .filter_map(|t| scenario::read_scenario(t, &basis))
        .collect();
    let triggers = root
        .tables("triggers", "trigger")
        .into_iter()
        .filter_map(read_trigger)
        .collect();
    let initiatives = root
        .tables("initiatives", "initiative")
        .into_iter()
        .filter_map(read_initiative)
        .collect();
    let milestones = root
        .tables("milestones", "milestone")
        .into_iter()
        .filter_map(read_milestone)
        .collect();
    let risks = root
        .tables("risks", "risk")
        .into_iter()
        .filter_map(read_risk)
        .collect();
    let asks = root
        .tables("asks", "ask")
        .into_iter()
        .filter_map(read_ask)
        .collect();
    let stack = root
        .tables("stack", "tool")
        .into_iter()
        .filter_map(super::stack::read_tool)
        .collect();
    root.finish();
    Some(Plan {
        meta: meta?,
        checks,
        goals,
        objectives,
        audiences,
        insights,
        strategy,
        assumptions,
        channels,
        budget: budget?,
        team,
        agencies,
        scenarios,
        triggers,
        initiatives,
        milestones,
        risks,
        asks,
        stack,
        memo: super::memo::Memo::default(),
    })
}

/// Reads `id` first so that later messages can name the item.
fn named(t: &mut Fields<'_, '_>, kind: &str) -> Option<Located<String>> {
    let id = t.id();
    if let Some(id) = &id {
        t.name_as(format!("{kind} `{}`", id.value));
    }
    id
}

/// `kind`: what a metric counts, with where it was written.
fn kind(t: &mut Fields<'_, '_>) -> Option<Located<MetricKind>> {
    // Known even when absent, so that a misspelt `knid` gets a suggestion.
    t.know(&["kind"]);
    let span = t.get_span("kind")?;
    t.choice("kind", super::kinds::KINDS)
        .map(|k| Located::new(k, span))
}

fn forecasts(list: Vec<(Ref, Located<rust_decimal::Decimal>)>) -> Vec<Forecast> {
    list.into_iter()
        .map(|(objective, value)| Forecast { objective, value })
        .collect()
}

pub(crate) const CURVE: &[(&str, CurveKind)] = &[("hill", CurveKind::Hill)];
pub(crate) const CADENCE: &[(&str, Cadence)] = &[
    ("weekly", Cadence::Weekly),
    ("monthly", Cadence::Monthly),
    ("quarterly", Cadence::Quarterly),
];

/// Money that must be above zero (a step, a half-saturation spend).
fn positive_money(t: &mut Fields<'_, '_>, key: &'static str) -> Option<Money> {
    let m = t.money(key)?;
    if m.value.is_zero() {
        t.invalid(
            m.span.clone(),
            format!("`{key}` must be above 0"),
            "write a positive amount",
        );
        return None;
    }
    Some(m)
}

/// A number within `lo..=hi` (or `lo..hi` when `open`), else a located error.
fn bounded(
    t: &mut Fields<'_, '_>,
    key: &'static str,
    lo: rust_decimal::Decimal,
    hi: rust_decimal::Decimal,
    help: &str,
) -> Option<Located<rust_decimal::Decimal>> {
    let d = t.decimal(key)?;
    if d.value < lo || d.value > hi {
        t.invalid(
            d.span.clone(),
            format!("`{key}` must be from {lo} to {hi}"),
            help.to_string(),
        );
        return None;
    }
    Some(d)
}
