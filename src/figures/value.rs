//! The value bridge: from a marketing metric to the business's money, and
//! the return on the money spent.
//!
//! metric forecast → × win rate (× deal size for a count) = revenue, or
//! × `value_per_unit` = what the plan says it is worth → with a sales cycle,
//! the part that closes inside the plan's period and the part after it →
//! against the money goal it supports → ÷ the money on its channels.
//! Scenarios are compared by what each adds: Δvalue ÷ Δbudget against the
//! plan, the real decision between them. Money is exact (`Decimal`), each
//! amount rounded to the cent (banker's rounding, as `round_dp`).
//!
//! Where the plan does not give what a step needs, the bridge stops there
//! and says why ([`Gap`]), rather than valuing pipeline as if it were revenue.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::kinds::MetricKind;
use crate::plan::{Level, Objective, Plan, Risk, Scenario, money};

pub use super::goal_money::{in_goal_money, same_money};

/// How one unit of an objective's metric becomes money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Worth {
    /// The metric is money the business earns (revenue, bookings).
    Money,
    /// `win_rate` of the metric is won (× `deal_size` for a count).
    Won,
    /// `value_per_unit`: what the plan says one unit is worth.
    PerUnit,
}

/// Where a unit value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The objective's fields (`win_rate`, `value_per_unit` with its
    /// `value_basis`).
    #[default]
    Field,
    /// The plan's words: the one win rate or value its assumptions or
    /// insights state for the objective, which its fields do not carry
    /// (`check::words_value`). The deck labels it with its source.
    Words,
    /// `value_per_unit` with no `value_basis`: the plan's own figure, of
    /// revenue, margin or lifetime value it does not say. The deck counts
    /// it on a basis of its own ("stated value") and names the gap once.
    Unbased,
}

/// What one unit of the metric is worth, and how the plan says so.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct UnitValue {
    pub per_unit: Decimal,
    pub worth: Worth,
    pub source: Source,
    /// Percent won, for [`Worth::Won`].
    pub win_rate: Option<Decimal>,
    /// Money per won deal, for a count metric with a win rate.
    pub deal_size: Option<Decimal>,
}

/// Why the bridge stops at the metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gap {
    /// Pipeline (money not yet won) without a win rate.
    NoWinRate,
    /// A count with a win rate but no deal size: won deals, not money.
    NoDealSize,
    /// Neither a win rate nor a value per unit.
    NoValue,
    /// A value per unit with no `value_basis`: revenue, margin or lifetime
    /// value, the plan does not say, so a return on it is no return a CFO
    /// can take at its word. The deck values nothing on it: the value
    /// slide says it is not valued (`deck::value_notes::not_valued`).
    NoBasis,
}

impl Gap {
    /// The plain sentence a deck shows, e.g. "no win rate: the deck shows
    /// pipeline, not revenue".
    pub fn reason(self, metric: &str) -> String {
        // The caller gives the metric as a sentence reads it (`lower_first`).
        let metric = metric.to_string();
        match self {
            Gap::NoWinRate => format!("no win rate: the deck shows {metric}, not revenue"),
            Gap::NoDealSize => {
                format!("no deal size: the deck shows won deals from {metric}, not revenue")
            }
            Gap::NoValue => {
                format!(
                    "{metric} has no win rate or value per unit: its level is shown, not what it is worth"
                )
            }
            Gap::NoBasis => format!(
                "{metric} is not valued: the plan gives a value per unit but not whether it is revenue, margin or lifetime value"
            ),
        }
    }
}

/// Whether an objective's unit is money, and money not yet won (pipeline).
pub fn money_metric(o: &Objective) -> Option<bool> {
    let unit = o.measure.unit.as_deref()?;
    if !money::is_currency(unit) {
        return None;
    }
    let name = o
        .measure
        .metric
        .as_ref()
        .map_or(o.statement.as_str(), |m| m.value.as_str());
    let kind = MetricKind::infer(o.kind.as_ref().map(|k| k.value), Some(unit), name);
    Some(kind == Some(MetricKind::Demand))
}

/// What one unit of the objective's metric is worth at win rate `w`
/// (percent): money won for pipeline, × `deal_size` for a count.
pub fn at_win_rate(o: &Objective, w: Decimal, source: Source) -> Result<UnitValue, Gap> {
    let hundred = Decimal::ONE_HUNDRED;
    let deal_size = o.conversion.deal_size.as_ref().map(|d| d.value);
    match (money_metric(o), deal_size) {
        (Some(_), _) => Ok(UnitValue {
            per_unit: w / hundred,
            worth: Worth::Won,
            source,
            win_rate: Some(w),
            deal_size: None,
        }),
        (None, Some(d)) => Ok(UnitValue {
            per_unit: w / hundred * d,
            worth: Worth::Won,
            source,
            win_rate: Some(w),
            deal_size: Some(d),
        }),
        (None, None) => Err(Gap::NoDealSize),
    }
}

/// A value per unit the plan gives (`value_per_unit`), from `source`.
pub fn per_unit(value: Decimal, source: Source) -> UnitValue {
    UnitValue {
        per_unit: value,
        worth: Worth::PerUnit,
        source,
        win_rate: None,
        deal_size: None,
    }
}

/// What one unit of the objective's metric is worth, or why the plan
/// cannot say.
pub fn unit_value(o: &Objective) -> Result<UnitValue, Gap> {
    let money = money_metric(o);
    if let Some(w) = o.conversion.win_rate.as_ref().map(|w| w.value) {
        return at_win_rate(o, w, Source::Field);
    }
    if let Some(v) = &o.value_per_unit {
        // A value of nothing stated is not one the plan has committed to
        // as money of a kind (`Gap::NoBasis`): the deck counts it apart.
        if o.value_basis.is_none() {
            return Err(Gap::NoBasis);
        }
        return Ok(per_unit(v.value, Source::Field));
    }
    match money {
        Some(false) => Ok(UnitValue {
            per_unit: Decimal::ONE,
            worth: Worth::Money,
            source: Source::Field,
            win_rate: None,
            deal_size: None,
        }),
        Some(true) => Err(Gap::NoWinRate),
        None => Err(Gap::NoValue),
    }
}

/// When the won revenue lands, for a sales cycle: deals close `cycle_days`
/// after the metric, which the plan creates evenly over its period.
#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub cycle_days: u32,
    pub period_end: NaiveDate,
    /// Closes by the end of the plan's period.
    pub in_period: Decimal,
    /// Closes after it.
    pub after: Decimal,
}

/// The money goal the objective supports, and the bridge's part of it.
#[derive(Debug, Clone, Serialize)]
pub struct GoalPart {
    pub goal: String,
    pub statement: String,
    /// What the goal needs: target − baseline.
    pub needed: Decimal,
    /// Percent of `needed` the bridge's revenue (inside the period) gives.
    pub share: Option<Decimal>,
}

/// What a bridge values. One basis for the whole deck — every bridge line,
/// the plan's value and return, each scenario's, and the goal line: what
/// the plan's money adds over today. Valuing the whole forecast level of
/// one objective beside the uplift of another, and dividing either by the
/// budget, gives a return that is neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The forecast is a level and the plan gives today's (its baseline):
    /// the forecast less today's level is valued.
    OverToday,
    /// The forecast is already the change over today
    /// (`forecast_basis = "uplift"`).
    Change,
    /// The plan gives no baseline: the whole forecast level is valued, and
    /// the deck says so on the line.
    WholeLevel,
}

/// One objective's bridge from its forecast to money and its return.
#[derive(Debug, Clone, Serialize)]
pub struct Bridge {
    pub objective: String,
    pub unit_value: UnitValue,
    /// The metric's forecast (what the channels deliver), as every slide
    /// shows it: a level, or the change for an uplift objective.
    pub forecast: Decimal,
    pub basis: Basis,
    /// Today's level (the baseline), where the plan gives one.
    pub today: Option<Decimal>,
    /// What the bridge values, in the metric's unit: the forecast less
    /// today's level ([`Basis`]).
    pub added: Decimal,
    /// Won deals out of `added`, for a count metric with a win rate.
    pub won: Option<Decimal>,
    /// What `added` is worth: revenue, the plan's value, or the money itself.
    pub value: Decimal,
    pub timing: Option<Timing>,
    pub goal: Option<GoalPart>,
    /// The objective's share of its channels' money
    /// (`figures::attribution`: a shared channel split evenly).
    pub spend: Decimal,
    /// Whether one of its channels serves another objective too.
    pub shared: bool,
    /// `value ÷ spend`, two places.
    pub return_on_spend: Option<Decimal>,
}

fn cents(d: Decimal) -> Decimal {
    d.round_dp(2)
}

/// What a forecast adds over today, on the deck's one basis: its basis,
/// today's level and the quantity valued.
pub fn added(o: &Objective, forecast: Decimal) -> (Basis, Option<Decimal>, Decimal) {
    let today = o.measure.baseline.as_ref().map(|b| b.value);
    match (o.forecast_basis, today) {
        (crate::plan::ForecastBasis::Uplift, _) => (Basis::Change, today, forecast),
        (crate::plan::ForecastBasis::Target, Some(t)) => (Basis::OverToday, today, forecast - t),
        (crate::plan::ForecastBasis::Target, None) => (Basis::WholeLevel, None, forecast),
    }
}

/// What an objective's level is counted from when valued: today's level
/// where the plan gives it, else nothing (the whole level). A scenario's
/// value is `(its level − base) × unit value`, on the bridge's basis.
pub fn base(o: &Objective) -> Decimal {
    o.measure
        .baseline
        .as_ref()
        .map_or(Decimal::ZERO, |b| b.value)
}

/// The money an objective is charged and whether it is a split.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spend {
    pub amount: Decimal,
    pub shared: bool,
}

/// The bridge for one objective's forecast, with its share of its
/// channels' money.
pub fn bridge(
    plan: &Plan,
    o: &Objective,
    uv: UnitValue,
    forecast: Decimal,
    spend: Spend,
) -> Bridge {
    // What the plan's money adds over today: today's level is in the
    // goal's baseline, and the goal's gap is growth.
    let (basis, today, added) = added(o, forecast);
    let value = cents(added * uv.per_unit);
    let won = uv
        .deal_size
        .and(uv.win_rate)
        .map(|w| (added * w / Decimal::ONE_HUNDRED).round_dp(1));
    let start = plan.meta.start.value;
    let end = plan.meta.end.value;
    let timing = o.conversion.sales_cycle_days.as_ref().and_then(|c| {
        // The period in days, both ends counted; metric created evenly over
        // it, a deal made on day t closes on day t + cycle: the share that
        // closes inside is (days − cycle) ÷ days.
        let days = (end - start).num_days() + 1;
        if days <= 0 {
            return None;
        }
        let inside = (days - i64::from(c.value)).max(0);
        let in_period = cents(value * Decimal::from(inside) / Decimal::from(days));
        Some(Timing {
            cycle_days: c.value,
            period_end: end,
            in_period,
            after: value - in_period,
        })
    });
    let counted = timing.as_ref().map_or(value, |t| t.in_period);
    let goal = match uv.worth {
        // A value per unit is counted in a money goal only where its basis
        // is the goal's kind of money: "first-year ARR" of each upgrade is
        // net-new ARR; "gross margin" of an account is no deposit.
        Worth::PerUnit if uv.source != Source::Field => None,
        Worth::PerUnit | Worth::Money | Worth::Won => o.supports.iter().find_map(|r| {
            let g = plan.goal(&r.value)?;
            if !g.measure.unit.as_deref().is_some_and(money::is_currency) {
                return None;
            }
            if uv.worth == Worth::PerUnit
                && !o
                    .value_basis
                    .as_deref()
                    .is_some_and(|b| in_goal_money(b, g))
            {
                return None;
            }
            // Money won or earned counts in a goal of its own kind only:
            // revenue from pipeline is not net-new ARR, and adding the two
            // into one sum against an ARR goal gave a figure of neither.
            if uv.worth != Worth::PerUnit && !same_money(&earned_as(o, &uv), g) {
                return None;
            }
            let needed = g.measure.target.as_ref()?.value - g.measure.baseline.as_ref()?.value;
            (needed > Decimal::ZERO).then(|| GoalPart {
                goal: g.id.value.clone(),
                statement: g.statement.clone(),
                needed,
                share: super::percent(counted, needed),
            })
        }),
    };
    Bridge {
        objective: o.id.value.clone(),
        unit_value: uv,
        forecast,
        basis,
        today,
        added,
        won,
        value,
        timing,
        goal,
        spend: spend.amount,
        shared: spend.shared,
        return_on_spend: value
            .checked_div(spend.amount)
            .filter(|_| !spend.amount.is_zero())
            .map(crate::ratio::two_figures),
    }
}

/// What money an objective's value is, for a goal to count it in: the
/// metric's own name for money the business earns ("web shop revenue",
/// "campaign income"), revenue for pipeline won at a win rate, the plan's
/// `value_basis` for a value per unit.
pub fn earned_as(o: &Objective, uv: &UnitValue) -> String {
    match uv.worth {
        Worth::Money => o
            .measure
            .metric
            .as_ref()
            .map_or(o.statement.clone(), |m| m.value.clone()),
        Worth::Won => "revenue".to_string(),
        Worth::PerUnit => o.value_basis.clone().unwrap_or_default(),
    }
}

/// A valued objective as scenarios compare it: its unit value, whether its
/// forecast is an uplift (scenario levels minus the baseline), and its
/// level at the plan's budget.
pub struct Valued {
    pub objective: String,
    pub per_unit: Decimal,
    /// Subtracted from a scenario's level to get what the channels deliver.
    pub base: Decimal,
    pub plan_level: Decimal,
}

/// What a scenario returns: its value, per unit of its budget, and what
/// its change of budget adds against the plan.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioReturn {
    pub scenario: String,
    /// The worth of its outcomes over every valued objective, on the
    /// bridge's basis (what they add over today); `None` when it gives no
    /// level for one of them.
    pub value: Option<Decimal>,
    /// `value ÷ budget`.
    pub return_on_budget: Option<Decimal>,
    /// `(value − plan's value) ÷ (budget − plan's budget)`, for a budget
    /// decision ([`budget_decision`]) only.
    pub incremental: Option<Decimal>,
    /// `value − plan's value`, shown instead of `incremental` for a
    /// scenario that is not a budget decision.
    pub change: Option<Decimal>,
}

/// Whether a scenario is a decision about the budget, so that its change
/// of value per extra unit of money means something: its budget differs
/// from the plan's, and it does not read as an event — unless it also
/// speaks of the money. An event that moves outcomes and spend together (an
/// opening that slips, a licence that comes late, a partner who matches an
/// appeal) is not a budget decision: dividing what the event does by the
/// money it moves credits the money with the event. A cut, a stretch,
/// "+£420k", "−12%" are decisions, and so is a scenario that says neither
/// (a tier-2 ABM programme at a larger budget).
pub fn budget_decision(s: &Scenario, plan_budget: Decimal) -> bool {
    const MONEY_WORDS: &[&str] = &[
        "budget",
        "budgets",
        "spend",
        "spending",
        "cut",
        "cuts",
        "stretch",
        "extra",
        "invest",
        "investment",
        "reduce",
        "reduced",
        "increase",
        "increased",
        "hold",
        "halve",
        "halved",
        "drop",
        "add",
        "adds",
        "release",
        "downside",
        "upside",
        "reallocate",
    ];
    const EVENT_WORDS: &[&str] = &[
        "late",
        "slip",
        "slips",
        "slipped",
        "delay",
        "delayed",
        "postponed",
        "opens",
        "opening",
        "licence",
        "license",
        "renewed",
        "match",
        "matches",
        "matched",
        "partner",
        "weather",
        "strike",
        "recession",
        "competitor",
        "outage",
    ];
    if s.budget.value == plan_budget {
        return false;
    }
    let text = format!(
        "{} {}",
        s.name,
        s.description.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    let chars: Vec<char> = text.chars().collect();
    // "+£420k", "−12%", "-15%": a signed amount is a change of money
    // (not the hyphen of "2027-28" or "15-20 doors").
    let signed = (0..chars.len().saturating_sub(1)).any(|i| {
        matches!(chars[i], '+' | '−' | '-')
            && (i == 0 || !chars[i - 1].is_alphanumeric())
            && (chars[i + 1].is_ascii_digit() || matches!(chars[i + 1], '€' | '£' | '$' | '¥'))
    });
    let has = |list: &[&str]| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| list.contains(&w))
    };
    signed || has(MONEY_WORDS) || !has(EVENT_WORDS)
}

/// Whether a scenario is a choice the board could make with the money: a
/// budget decision ([`budget_decision`], the appendix's † marks the rest)
/// or a move between channels it names (`changes`). An event (an opening
/// that slips, a partner who matches) is a case the plan may meet, not an
/// alternative: it is a downside at most, never the summary's alternative
/// or the risk slide's trade-off.
pub fn choice(s: &Scenario, plan_budget: Decimal) -> bool {
    !s.changes.is_empty() || budget_decision(s, plan_budget)
}

/// The plan's value over the valued objectives, at its forecasts.
pub fn plan_value(valued: &[Valued]) -> Decimal {
    valued
        .iter()
        .map(|v| cents((v.plan_level - v.base) * v.per_unit))
        .sum()
}

/// Each scenario's return, `level(scenario, objective)` giving its level of
/// an objective (the curves' where they cover it, else its typed outcome).
pub fn scenario_returns(
    plan: &Plan,
    valued: &[Valued],
    level: impl Fn(&str, &str) -> Option<Decimal>,
) -> Vec<ScenarioReturn> {
    let base_value = plan_value(valued);
    let base_budget = plan.budget.total.value;
    plan.scenarios
        .iter()
        .map(|s| {
            let id = s.id.value.as_str();
            let value = if valued.is_empty() {
                None
            } else {
                valued
                    .iter()
                    .map(|v| Some(cents((level(id, &v.objective)? - v.base) * v.per_unit)))
                    .sum::<Option<Decimal>>()
            };
            let budget = s.budget.value;
            let delta_budget = budget - base_budget;
            let decision = budget_decision(s, base_budget);
            ScenarioReturn {
                scenario: id.to_string(),
                return_on_budget: value
                    .and_then(|v| v.checked_div(budget))
                    .filter(|_| !budget.is_zero())
                    .map(crate::ratio::two_figures),
                incremental: value
                    .filter(|_| decision && !delta_budget.is_zero())
                    .and_then(|v| (v - base_value).checked_div(delta_budget))
                    .map(crate::ratio::two_figures),
                // The plan's own row (no change) shows none.
                change: value
                    .filter(|_| !decision)
                    .map(|v| v - base_value)
                    .filter(|c| !c.is_zero()),
                value,
            }
        })
        .collect()
}

/// The probability a likelihood stands for, in percent: the middle of the
/// band a planner means by it (low ≈ 10%, medium ≈ 30%, high ≈ 60%).
pub fn probability(l: Level) -> Decimal {
    match l {
        Level::Low => Decimal::TEN,
        Level::Medium => Decimal::from(30),
        Level::High => Decimal::from(60),
    }
}

/// A risk's impact in money and its exposure (probability × impact).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RiskMoney {
    /// The impact in money: `impact_value`, or that amount of `impact_on`'s
    /// metric at its unit value.
    pub impact: Option<Decimal>,
    pub exposure: Option<Decimal>,
}

pub fn risk_money(plan: &Plan, r: &Risk) -> RiskMoney {
    let Some(v) = &r.impact_amount.impact_value else {
        return RiskMoney::default();
    };
    let impact = match &r.impact_amount.impact_on {
        None => Some(v.value),
        Some(on) => plan
            .objective(&on.value)
            .and_then(|o| unit_value(o).ok())
            .map(|uv| cents(v.value * uv.per_unit)),
    };
    RiskMoney {
        exposure: impact.map(|i| cents(i * probability(r.likelihood) / Decimal::ONE_HUNDRED)),
        impact,
    }
}

fn rank(l: Level) -> u8 {
    match l {
        Level::Low => 1,
        Level::Medium => 2,
        Level::High => 3,
    }
}

/// The plan's risks (indices), highest exposure first: those with an
/// exposure in money by it, then the rest by likelihood × impact; equal
/// risks keep the plan's order. The first is the deck's "main risk".
pub fn risk_order(plan: &Plan) -> Vec<usize> {
    let mut order: Vec<(usize, Option<Decimal>, u8)> = plan
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                i,
                risk_money(plan, r).exposure,
                rank(r.likelihood) * rank(r.impact),
            )
        })
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    order.into_iter().map(|(i, _, _)| i).collect()
}

/// What one unit is, after "per" or "each": "customer", "£1 of DTC net
/// revenue", "point of repeat rate" — the check's message and the deck's
/// bridge name a value per unit the same way.
pub fn per_what(unit: Option<&str>, metric: &str) -> String {
    match unit {
        Some("%") => format!("point of {metric}"),
        // "per $1 of pipeline": a value per unit of money says of which.
        Some(u) if crate::plan::money::is_currency(u) => {
            format!(
                "{} of {metric}",
                crate::format::format_money(Decimal::ONE, u, true)
            )
        }
        // A count's unit is written plural ("donors", "room nights").
        Some(u) => crate::format::singular(u),
        None => format!("unit of {metric}"),
    }
}
