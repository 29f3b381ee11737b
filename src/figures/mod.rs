//! Stage 2: the numbers a plan implies, computed once.
//!
//! Both the checker (budget arithmetic, forecasts, the upstream share) and the
//! deck (every table and chart) read these figures, so a total is computed in
//! exactly one place and the deck can never disagree with `check`.

pub mod attribution;
pub mod capacity;
pub mod gap_filled;
mod goal_money;
mod kpi_fit;
pub mod media;
pub mod memo;
mod months;
pub mod move_effect;
pub mod optimize;
pub mod progress;
pub mod response;
pub mod scenario_aim;
pub mod scenario_load;
pub mod scenario_words;
pub mod scenarios;
pub mod tied;
pub mod unit_cost;
pub mod value;

pub use progress::{change_and_needed, gap_closed};

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::plan::{ForecastBasis, Links, Objective, Phasing, PhasingAt, Plan, Work};

/// A team row's FTE weighed by its availability (100% when not given).
pub fn available_fte(r: &crate::plan::Role) -> Decimal {
    r.availability.as_ref().map_or(r.fte.value, |a| {
        r.fte.value * a.value / Decimal::ONE_HUNDRED
    })
}

/// The team as the budget pays for it: a row without a cost (SDRs paid by
/// Sales, a head paid by the charity's core funds, volunteers) is "not in
/// this budget" on the resources slide, so its FTE is not in the slide's
/// total or its upstream share either; it is counted apart, by name. A
/// planned hire (a row with a `start`) without a cost is the marketing
/// team's, its cost not yet given: it stays in the total.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BudgetTeam {
    pub fte: Decimal,
    pub upstream_fte: Decimal,
    /// Percent of `fte` upstream, unrounded (None with no FTE in the budget).
    pub upstream_share: Option<Decimal>,
    pub outside_fte: Decimal,
    pub outside_roles: Vec<String>,
    /// The whole team, as capacity and the upstream-FTE rule count it.
    pub team_fte: Decimal,
    pub team_upstream_share: Option<Decimal>,
}

pub fn budget_team(plan: &Plan) -> BudgetTeam {
    let mut t = BudgetTeam::default();
    for r in &plan.team {
        let fte = available_fte(r);
        if r.cost.is_some() || r.start.is_some() {
            t.fte += fte;
            if r.work == Work::Upstream {
                t.upstream_fte += fte;
            }
        } else {
            t.outside_fte += fte;
            t.outside_roles.push(r.role.clone());
        }
    }
    t.upstream_share = (t.upstream_fte * Decimal::ONE_HUNDRED).checked_div(t.fte);
    t.team_fte = t.fte + t.outside_fte;
    let upstream: Decimal = plan
        .team
        .iter()
        .filter(|r| r.work == Work::Upstream)
        .map(available_fte)
        .sum();
    t.team_upstream_share = (upstream * Decimal::ONE_HUNDRED).checked_div(t.team_fte);
    t
}

#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// The plan's currency code, which every amount here is in.
    pub currency: String,
    pub total: Decimal,
    pub contingency: Decimal,
    /// Channels + budget lines + team + agencies.
    pub spend: Decimal,
    /// `spend + contingency`.
    pub allocated: Decimal,
    /// `total - allocated`: negative when the plan is over budget.
    pub unallocated: Decimal,
    pub channel_spend: Decimal,
    pub line_spend: Decimal,
    pub team_cost: Decimal,
    pub agency_fees: Decimal,
    pub upstream_spend: Decimal,
    pub downstream_spend: Decimal,
    /// Upstream share of spend, percent (None when nothing is spent).
    pub upstream_share: Option<Decimal>,
    pub fte: Decimal,
    pub upstream_fte: Decimal,
    pub upstream_fte_share: Option<Decimal>,
    /// Months in the plan period (a started month counts).
    pub months: u32,
    pub quarters: Vec<Quarter>,
    /// Spend by quarter, split upstream/downstream. Lines without phasing of
    /// their own (and team and agency costs) are spread evenly.
    pub quarter_spend: Vec<QuarterSpend>,
    /// Whether some spend had no phasing and was spread evenly.
    pub spread_evenly: bool,
    pub objectives: Vec<ObjectiveFigures>,
    pub score: Score,
    /// The spend tied to a forecast and the parts tied to none, as the
    /// health score and the budget slide both state it.
    pub ties: tied::Ties,
    /// Demand and capacity of people, when the plan models them.
    pub capacity: Option<capacity::Capacity>,
    /// What the response curves say, when channels have them.
    pub media: Option<media::Media>,
    /// Figures derived from these that many slides and rules read, each
    /// computed on first use ([`memo`]); not part of the figures' output.
    #[serde(skip)]
    pub memo: memo::Memo,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quarter {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterSpend {
    pub label: String,
    pub upstream: Decimal,
    pub downstream: Decimal,
    pub total: Decimal,
}

/// Splits `amount` into `n` parts that add up exactly (the remainder goes to
/// the last part).
pub fn spread(amount: Decimal, n: usize) -> Vec<Decimal> {
    if n == 0 {
        return Vec::new();
    }
    let part = (amount / Decimal::from(n)).round_dp(2);
    let mut parts = vec![part; n];
    parts[n - 1] = amount - part * Decimal::from(n - 1);
    parts
}

fn quarter_spend(plan: &Plan, months: u32, quarters: &[Quarter]) -> (Vec<QuarterSpend>, bool) {
    let n = quarters.len();
    let mut upstream = vec![Decimal::ZERO; n];
    let mut downstream = vec![Decimal::ZERO; n];
    let mut spread_evenly = false;
    let items = plan
        .channels
        .iter()
        .map(|c| (c.work, c.budget.value, c.phasing.as_ref()))
        .chain(
            plan.budget
                .lines
                .iter()
                .map(|l| (l.work, l.amount.value, l.phasing.as_ref())),
        )
        .chain(
            plan.team
                .iter()
                .filter_map(|r| Some((r.work, r.cost.as_ref()?.value, None))),
        )
        .chain(plan.agencies.iter().map(|a| (a.work, a.fee.value, None)));
    for (work, amount, phasing) in items {
        let parts = match phasing.and_then(|p| quarterly(p, months, n)) {
            Some(q) => q,
            None => {
                spread_evenly |= !amount.is_zero();
                spread(amount, n)
            }
        };
        let column = if work == Work::Upstream {
            &mut upstream
        } else {
            &mut downstream
        };
        for (total, part) in column.iter_mut().zip(parts) {
            *total += part;
        }
    }
    let out = quarters
        .iter()
        .zip(upstream.into_iter().zip(downstream))
        .map(|(q, (u, d))| QuarterSpend {
            label: q.label.clone(),
            upstream: u,
            downstream: d,
            total: u + d,
        })
        .collect();
    (out, spread_evenly)
}

/// Forecast against target for one objective.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveFigures {
    pub id: String,
    /// What the channels' forecasts must add up to (target, or target − baseline).
    pub needed: Option<Decimal>,
    pub forecast: Decimal,
    /// The forecast every output states ([`ObjectiveFigures::shown`]): the
    /// response curves' result at the planned budgets where they cover the
    /// objective, as the curve slides print it (three significant figures).
    pub curve_forecast: Option<Decimal>,
    /// `needed - ` the shown forecast, when positive.
    pub shortfall: Option<Decimal>,
    /// The share of the needed change the shown forecast delivers, percent
    /// ([`gap_closed`]): one basis for every output.
    pub coverage: Option<Decimal>,
    /// Budget of the channels that serve the objective, each counted whole.
    pub funding: Decimal,
    /// The objective's share of its channels' money
    /// ([`attribution::objective_cost`]): a channel serving several
    /// objectives split evenly between them, so that the costs of all the
    /// objectives add up to no more than the channels' budget.
    pub cost: Decimal,
    /// Whether one of its channels serves another objective too.
    pub shared: bool,
    /// `cost` per unit of what the forecast adds over today
    /// ([`unit_cost::cost_per_result`]), on the value bridge's basis.
    pub cost_per_result: Option<Decimal>,
    /// What `cost_per_result` divides by: the change over today, or the
    /// whole level where the plan gives no baseline.
    pub cost_basis: value::Basis,
    pub channels: Vec<String>,
}

/// The alignment score: how much of the chain goal → objective → channel →
/// KPI is in place, and how much spend is tied to objectives.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub total: u32,
    pub parts: Vec<ScorePart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScorePart {
    pub key: &'static str,
    pub name: &'static str,
    pub covered: Decimal,
    pub of: Decimal,
    /// `of - covered` when above zero: for spend, the money the budget
    /// slide says is tied to no forecast.
    pub rest: Option<Decimal>,
    pub weight: u32,
    pub points: Decimal,
    /// What is not counted, one line each, where the row can say it (the
    /// channels whose KPIs cannot measure what they are forecast to bring).
    pub gaps: Vec<String>,
    /// The names of what is not counted (the channels), for the slide:
    /// why each is left out is in `gaps`, in its notes.
    pub gap_names: Vec<String>,
}

pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(whole))
        .map(|p| p.round_dp_with_strategy(1, RoundingStrategy::MidpointNearestEven))
}

fn sum<'a>(it: impl Iterator<Item = &'a Decimal>) -> Decimal {
    it.fold(Decimal::ZERO, |a, b| a.saturating_add(*b))
}

/// Months from `start` to `end`, counting a started month as whole.
pub fn months_between(start: NaiveDate, end: NaiveDate) -> u32 {
    if end < start {
        return 0;
    }
    let m = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
    let m = if end.day() >= start.day() { m + 1 } else { m };
    m.max(1) as u32
}

fn quarters(start: NaiveDate, end: NaiveDate) -> Vec<Quarter> {
    let calendar = start.day() == 1 && matches!(start.month(), 1 | 4 | 7 | 10);
    let n = months_between(start, end).div_ceil(3).min(40);
    (0..n)
        .filter_map(|i| {
            let q_start = start.checked_add_months(Months::new(3 * i))?;
            let q_end = start
                .checked_add_months(Months::new(3 * (i + 1)))?
                .pred_opt()?
                .min(end);
            let label = if calendar {
                format!("Q{} {}", (q_start.month() - 1) / 3 + 1, q_start.year())
            } else {
                format!("Q{}", i + 1)
            };
            Some(Quarter {
                label,
                start: q_start,
                end: q_end,
            })
        })
        .collect()
}

/// A line's phasing by quarter, when it is given and has the right length.
pub fn quarterly(phasing: &PhasingAt, months: u32, quarters: usize) -> Option<Vec<Decimal>> {
    match &phasing.phasing {
        Phasing::Quarterly(q) if q.len() == quarters => Some(q.iter().map(|m| m.value).collect()),
        Phasing::Monthly(m) if m.len() == months as usize => Some(
            m.chunks(3)
                .map(|c| sum(c.iter().map(|m| &m.value)))
                .collect(),
        ),
        _ => None,
    }
}

pub fn compute(plan: &Plan) -> Figures {
    compute_with(plan, media::Limits::default())
}

/// [`compute`] within limits set outside the plan (the policy's maximum
/// channel share bounds the optimiser).
pub fn compute_with(plan: &Plan, limits: media::Limits) -> Figures {
    let total = plan.budget.total.value;
    let contingency = plan
        .budget
        .contingency
        .as_ref()
        .map_or(Decimal::ZERO, |c| c.value);
    let channel_spend = sum(plan.channels.iter().map(|c| &c.budget.value));
    let line_spend = sum(plan.budget.lines.iter().map(|l| &l.amount.value));
    let team_cost = sum(plan
        .team
        .iter()
        .filter_map(|r| r.cost.as_ref().map(|c| &c.value)));
    let agency_fees = sum(plan.agencies.iter().map(|a| &a.fee.value));
    let spend = channel_spend + line_spend + team_cost + agency_fees;
    let upstream_spend = sum(plan
        .spend_items()
        .filter(|(w, _)| *w == Work::Upstream)
        .map(|(_, m)| &m.value));
    // People at part availability count for the share of them the plan
    // has: six volunteers at 15% are 0.9 FTE, not 6 (capacity weighs them
    // the same way, `capacity::row_months`).
    let fte = plan.team.iter().map(available_fte).sum::<Decimal>();
    let upstream_fte = plan
        .team
        .iter()
        .filter(|r| r.work == Work::Upstream)
        .map(available_fte)
        .sum::<Decimal>();
    let months = months_between(plan.meta.start.value, plan.meta.end.value);
    let allocated = spend + contingency;
    let quarters = quarters(plan.meta.start.value, plan.meta.end.value);
    let (quarter_spend, spread_evenly) = quarter_spend(plan, months, &quarters);
    let capacity = capacity::compute(plan, &quarters);
    let links = Links::of(plan);
    let media = media::compute(plan, spend, limits).map(|mut m| {
        m.scenarios = scenarios::of(plan, &m);
        m
    });
    Figures {
        currency: plan.meta.currency.value.clone(),
        total,
        contingency,
        spend,
        allocated,
        unallocated: total - allocated,
        channel_spend,
        line_spend,
        team_cost,
        agency_fees,
        upstream_spend,
        downstream_spend: spend - upstream_spend,
        upstream_share: percent(upstream_spend, spend),
        fte,
        upstream_fte,
        upstream_fte_share: percent(upstream_fte, fte),
        months,
        quarters,
        quarter_spend,
        spread_evenly,
        objectives: plan
            .objectives
            .iter()
            .map(|o| objective_figures(&links, o, curve_forecast(media.as_ref(), o)))
            .collect(),
        score: score(plan, &links),
        ties: tied::of(plan, &links),
        capacity,
        media,
        memo: memo::Memo::default(),
    }
}

/// An objective's forecast on the response curves at the planned budgets,
/// as the curve slides print it (three significant figures), when the
/// curves cover it.
fn curve_forecast(media: Option<&media::Media>, o: &Objective) -> Option<Decimal> {
    media?
        .objectives
        .iter()
        .find(|m| m.id == o.id.value)
        .filter(|m| m.infeasible.is_none())
        .and_then(|m| three_figures(m.planned))
}

/// A number as the curve slides print it (three significant figures), so
/// that the same quantity reads the same on every slide.
pub fn three_figures(x: f64) -> Option<Decimal> {
    crate::format::approx(x).replace(',', "").parse().ok()
}

/// One figure per channel and objective: the curve's result at the
/// channel's budget where a funded channel has one (the allocation slide's,
/// and what the forecast adds up), else the typed one; and whether it is
/// the curve's.
pub fn channel_result(
    fig: &Figures,
    c: &crate::plan::Channel,
    f: &crate::plan::Forecast,
) -> (Decimal, bool) {
    let curve = fig
        .media
        .as_ref()
        .filter(|_| !c.budget.value.is_zero())
        .and_then(|m| {
            m.curves
                .iter()
                .find(|k| k.channel == c.id.value && k.objective == f.objective.value)
        })
        .and_then(|k| three_figures(k.outcome));
    curve.map_or((f.value.value, false), |v| (v, true))
}

impl ObjectiveFigures {
    /// The forecast every output states: the curves' where they cover the
    /// objective, else the channels' typed forecasts.
    pub fn shown(&self) -> Decimal {
        self.curve_forecast.unwrap_or(self.forecast)
    }

    /// Whether any channel forecasts the objective (typed or on a curve).
    pub fn forecasts(&self) -> bool {
        self.curve_forecast.is_some() || !self.forecast.is_zero()
    }

    /// Whether the forecast falls short of what the objective needs, in
    /// the target's direction.
    pub fn is_short(&self) -> bool {
        match self.coverage {
            Some(c) => c < Decimal::ONE_HUNDRED,
            None => self.shortfall.is_some(),
        }
    }
}

fn objective_figures(
    links: &Links<'_>,
    o: &Objective,
    curve_forecast: Option<Decimal>,
) -> ObjectiveFigures {
    let needed = match (o.forecast_basis, &o.measure.target, &o.measure.baseline) {
        (ForecastBasis::Target, Some(t), _) => Some(t.value),
        (ForecastBasis::Uplift, Some(t), Some(b)) => Some(t.value - b.value),
        (ForecastBasis::Uplift, Some(t), None) => Some(t.value),
        (_, None, _) => None,
    };
    // With `units_share`, the business units deliver that part of the
    // uplift: the plan's own channels forecast the rest.
    let needed = match (&o.units_share, &o.measure.target) {
        (Some(share), Some(t)) if !o.delivered_by_units => {
            let uplift = t.value
                - o.measure
                    .baseline
                    .as_ref()
                    .map_or(Decimal::ZERO, |b| b.value);
            needed.map(|n| n - uplift * share.value / Decimal::ONE_HUNDRED)
        }
        _ => needed,
    };
    let mut forecast = Decimal::ZERO;
    // A channel with no budget can't deliver its forecast (rule
    // `forecast-unfunded`): it is not counted.
    for (_, f) in links
        .forecasts_for(&o.id.value)
        .iter()
        .filter(|(c, _)| !c.budget.value.is_zero())
    {
        forecast += f.value.value;
    }
    let (cost, shared) = attribution::objective_cost(links, o);
    let serving = links.channels_serving(&o.id.value);
    let shown = curve_forecast.unwrap_or(forecast);
    let shortfall = needed.map(|n| n - shown).filter(|gap| *gap > Decimal::ZERO);
    let (cost_per_result, cost_basis) = unit_cost::cost_per_result(o, cost, shown);
    ObjectiveFigures {
        id: o.id.value.clone(),
        needed,
        forecast,
        curve_forecast,
        shortfall,
        // Nothing forecast closes nothing of the gap: a level of 0 against
        // today's is no forecast, not a fall (`forecast-missing`).
        coverage: if curve_forecast.is_none() && forecast.is_zero() {
            needed.map(|_| Decimal::ZERO)
        } else {
            gap_closed(o, needed, shown)
        },
        funding: sum(serving.iter().map(|c| &c.budget.value)),
        cost,
        shared,
        cost_per_result,
        cost_basis,
        channels: serving.iter().map(|c| c.id.value.clone()).collect(),
    }
}

fn score(plan: &Plan, links: &Links<'_>) -> Score {
    let count = |n: usize| Decimal::from(n);

    let goals_served = plan
        .goals
        .iter()
        .filter(|g| !links.objectives_serving(&g.id.value).is_empty())
        .count();
    let objectives_tied = plan
        .objectives
        .iter()
        .filter(|o| {
            o.supports
                .iter()
                .any(|s| links.goals.contains_key(s.value.as_str()))
        })
        .count();
    let objectives_funded = plan.objectives.iter().filter(|o| links.funded(o)).count();
    let funded: Vec<_> = plan
        .channels
        .iter()
        .filter(|c| !c.budget.value.is_zero())
        .collect();
    // A KPI counts only where it can show progress on every result the
    // channel is forecast to bring: the health appendix may not count one
    // `kpi-mismatch` or `kpi-partial` says cannot.
    let kpi_fit = kpi_fit::of(&funded, links);
    let ties = tied::of(plan, links);

    let part = |key, name, covered: Decimal, of: Decimal, weight: u32| {
        let points = if of.is_zero() {
            Decimal::ZERO
        } else {
            Decimal::from(weight) * covered / of
        };
        ScorePart {
            key,
            name,
            covered,
            of,
            rest: Some(of - covered).filter(|r| *r > Decimal::ZERO),
            weight,
            points: points.round_dp(1),
            gaps: Vec::new(),
            gap_names: Vec::new(),
        }
    };
    let mut parts = vec![
        part(
            "goals-served",
            "Business goals an objective aims at",
            count(goals_served),
            count(plan.goals.len()),
            20,
        ),
        part(
            "objectives-tied",
            "Objectives tied to a business goal",
            count(objectives_tied),
            count(plan.objectives.len()),
            20,
        ),
        part(
            "objectives-funded",
            "Objectives served by a funded channel",
            count(objectives_funded),
            count(plan.objectives.len()),
            20,
        ),
        part(
            "channels-kpi",
            "Funded channels with a KPI target for every result they are forecast to bring",
            count(kpi_fit.counted),
            count(funded.len()),
            15,
        ),
        part(
            "spend-tied",
            "Spend tied to a forecast (a channel that forecasts a result)",
            ties.tied,
            ties.spend,
            25,
        ),
    ];
    if let Some(p) = parts.iter_mut().find(|p| p.key == "channels-kpi") {
        p.gaps = kpi_fit.gaps;
        p.gap_names = kpi_fit.names;
    }
    let raw: Decimal = parts.iter().map(|p| p.points).sum();
    let total = raw
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .unwrap_or(0u32)
        .min(100);
    Score { total, parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_calendar_year_has_four_named_quarters() {
        assert_eq!(months_between(d(2027, 1, 1), d(2027, 12, 31)), 12);
        let q = quarters(d(2027, 1, 1), d(2027, 12, 31));
        let labels: Vec<_> = q.iter().map(|q| q.label.as_str()).collect();
        assert_eq!(labels, ["Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"]);
        assert_eq!(q[1].end, d(2027, 6, 30));
    }

    #[test]
    fn a_fiscal_year_gets_plan_quarters() {
        let q = quarters(d(2027, 2, 1), d(2028, 1, 31));
        assert_eq!(q.len(), 4);
        assert_eq!(q[0].label, "Q1");
        assert_eq!(q[3].end, d(2028, 1, 31));
    }

    #[test]
    fn spreading_keeps_the_total_exact() {
        let parts = spread(Decimal::from(100), 3);
        assert_eq!(parts.iter().sum::<Decimal>(), Decimal::from(100));
        assert_eq!(parts[0], Decimal::new(3333, 2));
        assert!(spread(Decimal::ONE, 0).is_empty());
    }

    #[test]
    fn percent_handles_zero() {
        assert_eq!(percent(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(
            percent(Decimal::ONE, Decimal::from(3)),
            Some(Decimal::new(333, 1))
        );
    }
}
