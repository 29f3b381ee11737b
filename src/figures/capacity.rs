//! Resources: can the people in the plan deliver it?
//!
//! Demand is effort in FTE-months by skill: initiatives' `effort`, spread
//! over their dates by day, and channels' `effort`, spread over the plan
//! period. Capacity is FTE-months by quarter: each team row's `fte` ×
//! `availability` over the part of the quarter it is there (a hire from its
//! `start`), for its `skills` and its own id (a role); agencies add their
//! `capacity` (FTE per month) for their skills. Work an agency delivers (an
//! initiative's `agency`, a channel in an agency's `channels`) is the
//! agency's, checked against its capacity when it gives one.
//!
//! Per skill, every row that has the skill counts in full (a person with
//! two skills is counted for each), so the total across skills is checked
//! too: no quarter may need more FTE-months than the team has.
//!
//! Effort is not money: plain decimals, rounded to one place for display.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::Quarter;
use super::months::{Shares, months_in};
use super::scenario_load::ScenarioSpend;
use crate::plan::{AskKind, AskStatus, Plan, Role};

/// The name of the gap that checks all skills together.
pub const ALL_SKILLS: &str = "all skills";

/// What the resource model of a plan adds up to.
#[derive(Debug, Clone, Serialize)]
pub struct Capacity {
    /// In-house load by quarter, all skills together.
    pub quarters: Vec<QuarterLoad>,
    /// In-house load by skill and quarter.
    pub skills: Vec<SkillLoad>,
    /// Every (quarter, skill) where demand exceeds capacity, worst first.
    pub gaps: Vec<Gap>,
    /// Skills demanded that no team row or agency offers.
    pub missing_skills: Vec<String>,
    /// Each agency: its fee, the work given to it and its capacity.
    pub agencies: Vec<AgencyLoad>,
    /// The tightest (quarter, skill): the binding constraint, if any work is planned.
    pub binding: Option<Gap>,
    /// The people side of each scenario's budget level.
    pub scenarios: Vec<ScenarioLoad>,
    /// Team rows that open headcount asks would fill (planned hires).
    pub asked_hires: Vec<String>,
    /// The skill of the worst gap, quarter by quarter (need against that
    /// skill's capacity): what a slide titled with that gap charts. Empty
    /// when the worst gap is not one in-house skill.
    pub gap_skill: Vec<QuarterLoad>,
    /// Asked hires (their roles) that close no gap of their own skills: the
    /// team can deliver the plan without them (`hire-unjustified`).
    pub hires_not_needed: Vec<String>,
    /// Team rows the plan can deliver only with, that a risk of medium or
    /// high likelihood names ("Volunteer comms crew drops out").
    pub at_risk: Vec<AtRisk>,
}

/// A team row the plan needs that a likely risk may take away.
#[derive(Debug, Clone, Serialize)]
pub struct AtRisk {
    pub role: String,
    pub risk: String,
    pub likelihood: crate::plan::Level,
    /// The gap that opens without the row.
    pub gap: Gap,
    /// The gap's skill by quarter: work, and capacity with and without the
    /// row (`None`: no limit known), for the chart of what the row carries.
    pub loads: Vec<RowLoad>,
}

/// One quarter of an at-risk row's skill: the work, and the capacity with
/// and without the row.
#[derive(Debug, Clone, Serialize)]
pub struct RowLoad {
    pub label: String,
    pub demand: Decimal,
    pub with: Option<Decimal>,
    pub without: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterLoad {
    pub label: String,
    pub demand: Decimal,
    pub capacity: Decimal,
    /// Of the capacity: rows that open headcount asks would fill.
    pub hires: Decimal,
    /// For the chart: demand met, demand not met, capacity spare.
    pub met: Decimal,
    pub unmet: Decimal,
    pub spare: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkillLoad {
    pub skill: String,
    /// Team rows and agencies that offer it.
    pub offered_by: Vec<String>,
    pub quarters: Vec<Load>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Load {
    pub label: String,
    pub demand: Decimal,
    /// `None`: an agency offers it without stating a capacity (no limit known).
    pub capacity: Option<Decimal>,
    /// Demand as a percentage of capacity, unrounded (as the binding skill's).
    pub utilisation: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub quarter: String,
    /// A skill, `all skills`, or an agency's name.
    pub skill: String,
    pub demand: Decimal,
    pub capacity: Decimal,
    /// Demand as a percentage of capacity.
    pub utilisation: Option<Decimal>,
    /// Demand and capacity unrounded, for words whose figures must give
    /// `utilisation` ("2 of 3" beside 68% did not; the work is 2.04).
    #[serde(skip)]
    pub exact: (Decimal, Decimal),
}

impl Gap {
    /// Demand and capacity as shown (one decimal) and their exact ratio.
    fn at(quarter: &str, skill: &str, demand: Decimal, capacity: Decimal) -> Gap {
        Gap {
            quarter: quarter.to_string(),
            skill: skill.to_string(),
            demand: demand.round_dp(1),
            capacity: capacity.round_dp(1),
            utilisation: percent(demand, capacity),
            exact: (demand, capacity),
        }
    }

    pub fn short(&self) -> Decimal {
        (self.demand - self.capacity).max(Decimal::ZERO)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyLoad {
    pub id: String,
    pub name: String,
    pub fee: Decimal,
    /// FTE-months of the plan's work it delivers.
    pub work: Decimal,
    /// FTE per month it can give, if it says.
    pub capacity: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioLoad {
    pub id: String,
    pub name: String,
    pub budget: Decimal,
    /// The tightest (quarter, skill) at this budget level.
    pub peak: Option<Gap>,
    /// The worst gap over capacity at this level: what "short" names.
    pub short: Option<Gap>,
    /// Whether the team can deliver the plan at this level.
    pub fits: bool,
}

/// A skill's id in words (the deck's `skill` filter, the verdict's and the
/// asks' sentences): a slug of one word of up to three letters reads as an
/// acronym (`CRM`, `ABM`), others as words (`marketing ops`).
pub fn skill_words(id: &str) -> String {
    crate::plan::words::skill_words(id)
}

/// Whether the plan says anything about its people's work.
pub fn modelled(plan: &Plan) -> bool {
    plan.initiatives.iter().any(|i| !i.effort.is_empty())
        || plan.channels.iter().any(|c| !c.effort.is_empty())
        || plan
            .team
            .iter()
            .any(|r| !r.skills.is_empty() || !r.channels.is_empty())
        || plan
            .agencies
            .iter()
            .any(|a| !a.skills.is_empty() || !a.channels.is_empty())
}

fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| (part * Decimal::ONE_HUNDRED / whole).round_dp(0))
}

/// Demand for one skill in one quarter, by who delivers it.
#[derive(Default, Clone)]
struct Demand {
    /// skill → quarter index → FTE-months, done in-house.
    in_house: BTreeMap<String, Vec<Decimal>>,
    /// agency id → quarter index → FTE-months.
    by_agency: BTreeMap<String, Vec<Decimal>>,
}

/// The work by skill; `spend` scales the channels' work to a scenario's
/// money (its change loaded from its release date on), `None` the plan's.
fn demand(plan: &Plan, quarters: &[Quarter], spend: Option<&ScenarioSpend>) -> Demand {
    let n = quarters.len();
    let (mut d, mut shares) = (Demand::default(), Shares::new(quarters));
    let agency_of_channel = |id: &str| {
        plan.agencies
            .iter()
            .find(|a| a.channels.iter().any(|c| c.value == id))
            .map(|a| a.id.value.clone())
    };
    let mut add = |agency: Option<String>, skill: &str, from, to, effort: Decimal| {
        let row = match agency {
            Some(a) => d
                .by_agency
                .entry(a)
                .or_insert_with(|| vec![Decimal::ZERO; n]),
            None => d
                .in_house
                .entry(skill.to_string())
                .or_insert_with(|| vec![Decimal::ZERO; n]),
        };
        for (i, share) in shares.of(from, to).iter().enumerate() {
            row[i] += effort * *share;
        }
    };
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    for (n, i) in plan.initiatives.iter().enumerate() {
        let factor = spend.and_then(|s| s.initiatives.get(n).copied());
        for (skill, effort) in &i.effort {
            let agency = i.agency.as_ref().map(|a| a.value.clone());
            add(
                agency.clone(),
                &skill.value,
                i.start.value,
                i.end.value,
                effort.value,
            );
            // More of what it works on, from the scenario's words.
            if let Some(f) = factor.filter(|f| *f != Decimal::ONE) {
                let from = spend
                    .and_then(|s| s.from)
                    .map_or(i.start.value, |d| d.max(i.start.value));
                add(
                    agency,
                    &skill.value,
                    from,
                    i.end.value,
                    effort.value * (f - Decimal::ONE),
                );
            }
        }
    }
    for (i, c) in plan.channels.iter().enumerate() {
        let factor = spend.and_then(|s| s.factors.get(i).copied());
        let from = spend.and_then(|s| s.from).unwrap_or(start);
        for (skill, effort) in &c.effort {
            let agency = agency_of_channel(&c.id.value);
            add(agency.clone(), &skill.value, start, end, effort.value);
            if let Some(f) = factor.filter(|f| *f != Decimal::ONE) {
                add(
                    agency,
                    &skill.value,
                    from,
                    end,
                    effort.value * (f - Decimal::ONE),
                );
            }
        }
    }
    d
}

/// FTE-months team row `r` gives in quarter `q`: its FTE × availability
/// over the months it is there.
fn row_months(r: &crate::plan::Role, plan: &Plan, q: &Quarter) -> Decimal {
    let avail = r
        .availability
        .as_ref()
        .map_or(Decimal::ONE, |a| a.value / Decimal::ONE_HUNDRED);
    let from = r.start.as_ref().map_or(plan.meta.start.value, |d| d.value);
    let to = r.end.as_ref().map_or(plan.meta.end.value, |d| d.value);
    r.fte.value * avail * months_in(from, to, q)
}

/// In-house capacity by skill and quarter (`None`: unlimited), `without`
/// one team row (to test whether a hire is needed).
fn capacity(
    plan: &Plan,
    quarters: &[Quarter],
    skill: &str,
    without: Option<&str>,
) -> Vec<Option<Decimal>> {
    let mut out = vec![Some(Decimal::ZERO); quarters.len()];
    for r in &plan.team {
        if Some(r.id.value.as_str()) == without {
            continue;
        }
        let offers = r.id.value == skill || r.skills.iter().any(|s| s.value == skill);
        if !offers {
            continue;
        }
        for (i, q) in quarters.iter().enumerate() {
            if let Some(c) = &mut out[i] {
                *c += row_months(r, plan, q);
            }
        }
    }
    for a in &plan.agencies {
        if !a.skills.iter().any(|s| s.value == skill) {
            continue;
        }
        for (i, q) in quarters.iter().enumerate() {
            out[i] = match (out[i], &a.capacity) {
                (Some(c), Some(cap)) => Some(c + cap.value * months_in(q.start, q.end, q)),
                _ => None,
            };
        }
    }
    out
}

/// Total in-house capacity by quarter (every team row once), `without` one row.
fn total_capacity(plan: &Plan, quarters: &[Quarter], without: Option<&str>) -> Vec<Decimal> {
    let mut out = vec![Decimal::ZERO; quarters.len()];
    for r in plan
        .team
        .iter()
        .filter(|r| Some(r.id.value.as_str()) != without)
    {
        for (i, q) in quarters.iter().enumerate() {
            out[i] += row_months(r, plan, q);
        }
    }
    out
}

/// Every (quarter, skill) over capacity, and the tightest point.
fn gaps(
    plan: &Plan,
    quarters: &[Quarter],
    d: &Demand,
    without: Option<&str>,
) -> (Vec<Gap>, Option<Gap>) {
    let tolerance = Decimal::new(1, 2);
    let mut gaps = Vec::new();
    let mut tightest: Option<Gap> = None;
    let mut consider = |gap: Gap, gaps: &mut Vec<Gap>| {
        let over = gap.demand > gap.capacity + tolerance;
        let tighter = match (&tightest, gap.utilisation) {
            (None, _) => gap.demand > Decimal::ZERO,
            (Some(t), Some(u)) => t.utilisation.is_none_or(|tu| u > tu),
            (Some(_), None) => false,
        };
        if tighter {
            tightest = Some(gap.clone());
        }
        if over {
            gaps.push(gap);
        }
    };
    for (skill, load) in &d.in_house {
        let cap = capacity(plan, quarters, skill, without);
        for (i, q) in quarters.iter().enumerate() {
            let Some(c) = cap[i] else { continue };
            consider(Gap::at(&q.label, skill, load[i], c), &mut gaps);
        }
    }
    let total_cap = total_capacity(plan, quarters, without);
    for (i, q) in quarters.iter().enumerate() {
        let demand: Decimal = d.in_house.values().map(|v| v[i]).sum();
        if demand.round_dp(1) > total_cap[i].round_dp(1) + tolerance {
            gaps.push(Gap::at(&q.label, ALL_SKILLS, demand, total_cap[i]));
        }
    }
    for a in &plan.agencies {
        let (Some(cap), Some(load)) = (&a.capacity, d.by_agency.get(&a.id.value)) else {
            continue;
        };
        for (i, q) in quarters.iter().enumerate() {
            let c = cap.value * Decimal::from(3);
            // Compared as shown (one decimal), as the skills are above.
            if load[i].round_dp(1) > c.round_dp(1) + tolerance {
                gaps.push(Gap::at(&q.label, &a.name, load[i], c));
            }
        }
    }
    gaps.sort_by(|a, b| {
        b.short()
            .cmp(&a.short())
            .then_with(|| a.quarter.cmp(&b.quarter))
    });
    (gaps, tightest)
}

/// The capacity figures, when the plan models its resources.
pub fn compute(plan: &Plan, quarters: &[Quarter]) -> Option<Capacity> {
    if !modelled(plan) {
        return None;
    }
    let d = demand(plan, quarters, None);
    let (gaps, binding) = gaps(plan, quarters, &d, None);
    let offered: BTreeSet<&str> = plan
        .team
        .iter()
        .flat_map(|r| {
            std::iter::once(r.id.value.as_str()).chain(r.skills.iter().map(|s| s.value.as_str()))
        })
        .chain(
            plan.agencies
                .iter()
                .flat_map(|a| a.skills.iter().map(|s| s.value.as_str())),
        )
        .collect();
    let missing_skills: Vec<String> = d
        .in_house
        .keys()
        .filter(|s| !offered.contains(s.as_str()))
        .cloned()
        .collect();
    let asked_hires: Vec<String> = plan
        .asks
        .iter()
        .filter(|a| a.kind == AskKind::Headcount && a.status == AskStatus::Open)
        .filter_map(|a| a.role.as_ref().map(|r| r.value.clone()))
        .collect();
    let total_cap = total_capacity(plan, quarters, None);
    let hires_cap: Vec<Decimal> = quarters
        .iter()
        .enumerate()
        .map(|(i, _)| {
            asked_hires.iter().fold(Decimal::ZERO, |acc, h| {
                acc + total_cap[i] - total_capacity(plan, quarters, Some(h))[i]
            })
        })
        .collect();
    let quarter_loads = quarters
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let demand: Decimal = d.in_house.values().map(|v| v[i]).sum();
            let cap = total_cap[i];
            QuarterLoad {
                label: q.label.clone(),
                demand: demand.round_dp(1),
                capacity: cap.round_dp(1),
                hires: hires_cap[i].round_dp(1),
                met: demand.min(cap).round_dp(1),
                unmet: (demand - cap).max(Decimal::ZERO).round_dp(1),
                spare: (cap - demand).max(Decimal::ZERO).round_dp(1),
            }
        })
        .collect();
    let skills = d
        .in_house
        .iter()
        .map(|(skill, load)| {
            let cap = capacity(plan, quarters, skill, None);
            let offered_by = plan
                .team
                .iter()
                .filter(|r| r.id.value == *skill || r.skills.iter().any(|s| s.value == *skill))
                .map(|r| r.role.clone())
                .chain(
                    plan.agencies
                        .iter()
                        .filter(|a| a.skills.iter().any(|s| s.value == *skill))
                        .map(|a| a.name.clone()),
                )
                .collect();
            SkillLoad {
                skill: skill.clone(),
                offered_by,
                quarters: quarters
                    .iter()
                    .enumerate()
                    .map(|(i, q)| Load {
                        label: q.label.clone(),
                        demand: load[i].round_dp(1),
                        capacity: cap[i].map(|c| c.round_dp(1)),
                        utilisation: cap[i].and_then(|c| percent(load[i], c)),
                    })
                    .collect(),
            }
        })
        .collect();
    let agencies = plan
        .agencies
        .iter()
        .map(|a| AgencyLoad {
            id: a.id.value.clone(),
            name: a.name.clone(),
            fee: a.fee.value,
            work: d.by_agency.get(&a.id.value).map_or(Decimal::ZERO, |v| {
                v.iter().copied().sum::<Decimal>().round_dp(1)
            }),
            capacity: a.capacity.as_ref().map(|c| c.value),
        })
        .collect();
    let scenarios = plan
        .scenarios
        .iter()
        .map(|s| {
            let d = demand(plan, quarters, Some(&super::scenario_load::spend(plan, s)));
            let (gaps, peak) = self::gaps(plan, quarters, &d, None);
            ScenarioLoad {
                id: s.id.value.clone(),
                name: s.name.clone(),
                budget: s.budget.value,
                peak,
                fits: gaps.is_empty(),
                short: gaps.into_iter().next(),
            }
        })
        .collect();
    let gap_skill = gaps
        .first()
        .map(|g| skill_loads(plan, quarters, &d, &g.skill))
        .unwrap_or_default();
    let hires_not_needed = hires_not_needed(plan, quarters, &asked_hires, gaps.is_empty());
    let at_risk = at_risk(plan, quarters);
    Some(Capacity {
        quarters: quarter_loads,
        skills,
        gaps,
        missing_skills,
        agencies,
        binding,
        scenarios,
        gap_skill,
        hires_not_needed,
        at_risk,
        asked_hires,
    })
}

/// Asked hires that close no gap of their own skills, by role; and a
/// headcount ask with no team row, by its words, when the plan has no gap
/// (`hire-unjustified` judges both so).
fn hires_not_needed(
    plan: &Plan,
    quarters: &[Quarter],
    asked_hires: &[String],
    no_gap: bool,
) -> Vec<String> {
    let unrowed = plan.asks.iter().filter(|a| {
        a.kind == AskKind::Headcount && a.status == AskStatus::Open && a.role.is_none()
    });
    asked_hires
        .iter()
        .filter(|h| gap_filled_by(plan, quarters, h).is_none())
        .filter_map(|h| plan.team.iter().find(|r| r.id.value == **h))
        .map(|r| r.role.clone())
        .chain(unrowed.filter(|_| no_gap).map(|a| a.ask.clone()))
        .collect()
}

/// One in-house skill's need against its capacity by quarter, for the
/// chart; empty when the team does not offer it with a known capacity.
fn skill_loads(plan: &Plan, quarters: &[Quarter], d: &Demand, skill: &str) -> Vec<QuarterLoad> {
    let Some(load) = d.in_house.get(skill) else {
        return Vec::new();
    };
    let cap = capacity(plan, quarters, skill, None);
    if cap.iter().any(Option::is_none) {
        return Vec::new();
    }
    quarters
        .iter()
        .zip(load)
        .zip(cap)
        .map(|((q, demand), c)| {
            let (demand, c) = (*demand, c.unwrap_or_default());
            QuarterLoad {
                label: q.label.clone(),
                demand: demand.round_dp(1),
                capacity: c.round_dp(1),
                hires: Decimal::ZERO,
                met: demand.min(c).round_dp(1),
                unmet: (demand - c).max(Decimal::ZERO).round_dp(1),
                spare: (c - demand).max(Decimal::ZERO).round_dp(1),
            }
        })
        .collect()
}

/// Whether a risk's words name a team row: its role up to a bracket
/// ("Lifecycle growth engineer"), or every word of its id.
pub fn names_row(r: &Role, text: &str) -> bool {
    let name = r.short_role().to_lowercase();
    let words: Vec<String> =
        r.id.value
            .split(['-', '_'])
            .map(str::to_lowercase)
            .collect();
    let text = text.to_lowercase();
    (name.chars().count() >= 4 && text.contains(&name))
        || (words.iter().all(|w| w.chars().count() >= 3)
            && words.iter().all(|w| text.contains(w.as_str())))
}

/// Team rows a likely risk names and without which a gap opens: "can
/// deliver the plan" holds only if they stay. A risk names a row when its
/// text holds the row's role (up to a bracket or comma) or every word of
/// the row's id ("volunteer-comms" in "Volunteer comms crew drops out").
fn at_risk(plan: &Plan, quarters: &[Quarter]) -> Vec<AtRisk> {
    use crate::plan::Level;
    let mut out = Vec::new();
    for r in &plan.team {
        let Some(risk) = plan
            .risks
            .iter()
            .filter(|k| k.likelihood != Level::Low)
            .find(|k| names_row(r, &k.risk))
        else {
            continue;
        };
        if let Some(gap) = gap_filled_by(plan, quarters, &r.id.value) {
            let loads = row_loads(plan, quarters, &gap.skill, &r.id.value);
            out.push(AtRisk {
                role: r.role.clone(),
                risk: risk.risk.clone(),
                likelihood: risk.likelihood,
                gap,
                loads,
            });
        }
    }
    out
}

/// One skill by quarter: its work, and its capacity with and without `row`.
pub fn row_loads(plan: &Plan, quarters: &[Quarter], skill: &str, row: &str) -> Vec<RowLoad> {
    let demand = demand(plan, quarters, None);
    let load = demand.in_house.get(skill);
    let with = capacity(plan, quarters, skill, None);
    let without = capacity(plan, quarters, skill, Some(row));
    quarters
        .iter()
        .enumerate()
        .map(|(i, q)| RowLoad {
            label: q.label.clone(),
            demand: load.and_then(|l| l.get(i)).copied().unwrap_or_default(),
            with: with.get(i).copied().flatten(),
            without: without.get(i).copied().flatten(),
        })
        .collect()
}

/// What a hire into team row `role` is for: the first (quarter, skill),
/// among the skills of that row and in the quarters it is there, where
/// removing the row opens a gap or widens one. `None` when the row closes
/// no gap of its own skills — a gap elsewhere (another skill overbooked)
/// does not justify it.
pub fn gap_filled_by(plan: &Plan, quarters: &[Quarter], role: &str) -> Option<Gap> {
    let row = plan.team.iter().find(|r| r.id.value == role)?;
    let tolerance = Decimal::new(1, 2);
    let d = demand(plan, quarters, None);
    let skills =
        std::iter::once(row.id.value.as_str()).chain(row.skills.iter().map(|s| s.value.as_str()));
    let mut seen = BTreeSet::new();
    for skill in skills.filter(|s| seen.insert(*s)) {
        let Some(load) = d.in_house.get(skill) else {
            continue;
        };
        let with = capacity(plan, quarters, skill, None);
        let without = capacity(plan, quarters, skill, Some(role));
        for (i, q) in quarters.iter().enumerate() {
            if row_months(row, plan, q).is_zero() {
                continue;
            }
            let (Some(w), Some(wo)) = (with[i], without[i]) else {
                continue;
            };
            let short_with = (load[i] - w).max(Decimal::ZERO);
            let short_without = (load[i] - wo).max(Decimal::ZERO);
            if short_without > short_with + tolerance {
                return Some(Gap::at(&q.label, skill, load[i], wo));
            }
        }
    }
    None
}
