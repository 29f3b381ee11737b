//! The units' stacks rolled up: the same capability bought separately by
//! several units (consolidation candidates, with what they cost together),
//! units buying locally what the group provides centrally, and the map of
//! capabilities by unit (central, local or missing).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Checked, FindingRow, unit_name};
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{Capability, Plan, Scope};
use crate::policy::Policy;

pub const STACK_CONSOLIDATION: Rule = Rule {
    id: "stack-consolidation",
    severity: Severity::Warning,
    family: "review",
    summary: "several units buy their own tool for the same capability",
    explanation: "Across the portfolio, two or more units pay locally for a capability that is \
normally one system per organisation (CRM, marketing automation, CDP, analytics, …). Each \
pays its licence, builds its integrations and keeps its own customer data. A consolidation \
candidate: the review's stack slide and `--table stack` show what the units pay together. \
Centralise it (and name it in the policy's `[stack.central]`), or record why the units differ.",
    configurable: false,
};

/// One tool of one unit, as the review lists it.
#[derive(Debug, Serialize)]
pub struct ToolRow {
    pub file: String,
    pub unit: String,
    pub id: String,
    pub tool: String,
    pub capabilities: Vec<&'static str>,
    pub scope: Scope,
    pub owner: Option<String>,
    /// Annual cost in the review currency (the plan's, if not converted).
    pub cost: Option<Decimal>,
    pub in_budget: bool,
    pub automations: usize,
    /// Customer-facing automations nobody can override.
    pub unsupervised: usize,
}

/// A capability several units buy separately.
#[derive(Debug, Serialize)]
pub struct Consolidation {
    pub capability: &'static str,
    pub label: &'static str,
    pub units: Vec<String>,
    /// The distinct tools they buy.
    pub tools: Vec<String>,
    /// What they pay together a year, in the review currency.
    pub cost: Decimal,
    /// "3 units pay €420k for 3 marketing-automation tools".
    pub headline: String,
}

/// A unit's local tool for a capability the group provides.
#[derive(Debug, Serialize)]
pub struct LocalOverCentral {
    pub file: String,
    pub unit: String,
    pub tool: String,
    pub capability: &'static str,
    pub central_tool: String,
    pub cost: Option<Decimal>,
}

/// How one unit covers one capability.
#[derive(Debug, Serialize)]
pub struct Cell {
    pub unit: String,
    /// `central`, `local`, `both`, `missing` (needed, not provided) or
    /// empty (neither needed nor provided).
    pub state: &'static str,
    pub tools: Vec<String>,
}

/// One capability across the units.
#[derive(Debug, Serialize)]
pub struct CapabilityRow {
    pub capability: &'static str,
    pub label: &'static str,
    /// The group's tool for it, per the policy.
    pub central: Option<String>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Default, Serialize)]
pub struct StackRollup {
    /// The finding of the stack slide, as a sentence.
    pub headline: Option<String>,
    pub tools: Vec<ToolRow>,
    pub consolidation: Vec<Consolidation>,
    pub local_over_central: Vec<LocalOverCentral>,
    /// The units in the order of the map's columns.
    pub units: Vec<String>,
    pub capabilities: Vec<CapabilityRow>,
    /// What the units' stacks cost a year, in the review currency.
    pub total_cost: Decimal,
    /// Customer-facing automations nobody can override, across units.
    pub unsupervised: usize,
}

/// Rolls the units' stacks up. `rate` converts a plan's amounts into the
/// review currency (None: not convertible, amounts left as they are).
pub fn roll(
    checked: &[Checked],
    policy: Option<&Policy>,
    currency: &str,
    rate: &dyn Fn(&Plan) -> Option<Decimal>,
) -> (StackRollup, Vec<FindingRow>) {
    let mut out = StackRollup::default();
    let mut findings = Vec::new();
    let central: BTreeMap<Capability, String> = policy
        .map(|p| {
            let mut m = BTreeMap::new();
            for c in &p.central_stack {
                m.entry(c.capability).or_insert_with(|| c.tool.clone());
            }
            m
        })
        .unwrap_or_default();
    // Capability → (unit index, tool, cost) for local tools.
    let mut local: BTreeMap<Capability, Vec<(usize, &Checked, &crate::plan::Tool)>> =
        BTreeMap::new();
    let mut map: BTreeMap<Capability, Vec<Coverage>> = BTreeMap::new();
    let plans: Vec<(&Checked, &Plan)> = checked
        .iter()
        .filter_map(|c| c.plan.as_ref().map(|p| (c, p)))
        .filter(|(_, p)| !p.stack.is_empty() || has_needs(p))
        .collect();
    let n = plans.len();
    for (u, (c, plan)) in plans.iter().enumerate() {
        let unit = unit_name(plan);
        out.units.push(unit.clone());
        let r = rate(plan);
        let conv = |d: Decimal| {
            d.saturating_mul(r.unwrap_or(Decimal::ONE))
                .round_dp(2)
                .normalize()
        };
        for t in &plan.stack {
            let cost = t.cost.as_ref().map(|m| conv(m.value));
            if t.in_budget || t.scope == Scope::Local {
                out.total_cost = out.total_cost.saturating_add(cost.unwrap_or_default());
            }
            let unsupervised = t
                .automations
                .iter()
                .filter(|a| a.customer_facing && a.override_by.is_none())
                .count();
            out.unsupervised += unsupervised;
            out.tools.push(ToolRow {
                file: c.report.path.clone(),
                unit: unit.clone(),
                id: t.id.value.clone(),
                tool: t.tool.clone(),
                capabilities: t.capabilities.iter().map(|c| c.value.word()).collect(),
                scope: t.scope,
                owner: t.owner.as_ref().map(|o| o.value.clone()),
                cost,
                in_budget: t.in_budget,
                automations: t.automations.len(),
                unsupervised,
            });
            for cap in &t.capabilities {
                let row = map
                    .entry(cap.value)
                    .or_insert_with(|| vec![Default::default(); n]);
                row[u].tools.insert(t.tool.clone());
                match t.scope {
                    Scope::Central => row[u].central = true,
                    Scope::Local => {
                        row[u].local = true;
                        local.entry(cap.value).or_default().push((u, c, t));
                        if let Some(group_tool) = central.get(&cap.value) {
                            out.local_over_central.push(LocalOverCentral {
                                file: c.report.path.clone(),
                                unit: unit.clone(),
                                tool: t.tool.clone(),
                                capability: cap.value.word(),
                                central_tool: group_tool.clone(),
                                cost,
                            });
                        }
                    }
                }
            }
        }
        for (cap, ..) in crate::check::stack::needs(plan) {
            let row = map
                .entry(cap)
                .or_insert_with(|| vec![Default::default(); n]);
            row[u].needed = true;
        }
    }
    for cap in central.keys() {
        map.entry(*cap)
            .or_insert_with(|| vec![Default::default(); n]);
    }
    out.capabilities = capability_rows(map, &central, &out.units);
    findings.extend(consolidations(local, &mut out, currency, rate));
    out.consolidation.sort_by(|a, b| {
        b.cost
            .cmp(&a.cost)
            .then_with(|| a.capability.cmp(b.capability))
    });
    out.total_cost = out.total_cost.round_dp(2).normalize();
    out.headline = headline(&out, currency);
    (out, findings)
}

/// The capability map: per capability, how each unit covers it.
fn capability_rows(
    map: BTreeMap<Capability, Vec<Coverage>>,
    central: &BTreeMap<Capability, String>,
    units: &[String],
) -> Vec<CapabilityRow> {
    map.into_iter()
        .map(|(cap, cells)| CapabilityRow {
            capability: cap.word(),
            label: cap.label(),
            central: central.get(&cap).cloned(),
            cells: cells
                .into_iter()
                .zip(units)
                .map(|(cov, unit)| {
                    let Coverage {
                        tools,
                        central: is_central,
                        local: is_local,
                        needed,
                    } = cov;
                    let group = is_central || central.contains_key(&cap);
                    Cell {
                        unit: unit.clone(),
                        state: match (group, is_local) {
                            (true, true) => "both",
                            (true, false) => "central",
                            (false, true) => "local",
                            (false, false) if needed => "missing",
                            _ => "",
                        },
                        tools: tools.into_iter().collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Local tools bought by two or more units for a capability one tool can
/// serve: the consolidation candidates, each reported on every tool.
fn consolidations(
    local: BTreeMap<Capability, Vec<(usize, &Checked, &crate::plan::Tool)>>,
    out: &mut StackRollup,
    currency: &str,
    rate: &dyn Fn(&Plan) -> Option<Decimal>,
) -> Vec<FindingRow> {
    let mut findings = Vec::new();
    for (cap, tools) in local.into_iter().filter(|(c, _)| c.single()) {
        let units: BTreeSet<usize> = tools.iter().map(|(u, ..)| *u).collect();
        if units.len() < 2 {
            continue;
        }
        let names: Vec<String> = units.iter().map(|u| out.units[*u].clone()).collect();
        let distinct: BTreeSet<String> = tools.iter().map(|(_, _, t)| t.tool.clone()).collect();
        let cost = tools
            .iter()
            .filter_map(|(_, c, t)| {
                let r = c.plan.as_ref().and_then(rate).unwrap_or(Decimal::ONE);
                t.cost.as_ref().map(|m| m.value.saturating_mul(r))
            })
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
            .round_dp(2)
            .normalize();
        let headline = format!(
            "{} units pay {} for {} {} tool{}",
            names.len(),
            crate::format::format_money(cost, currency, true),
            distinct.len(),
            cap.label().to_lowercase(),
            if distinct.len() == 1 { "" } else { "s" }
        );
        for (_, c, t) in &tools {
            let at = t
                .capabilities
                .iter()
                .find(|x| x.value == cap)
                .map(|x| x.span.clone());
            findings.push(FindingRow::of(
                &c.report,
                &Finding::new(
                    &STACK_CONSOLIDATION,
                    format!("{headline}: {} ({})", names.join(", "), distinct.iter().cloned().collect::<Vec<_>>().join(", ")),
                )
                .at_opt(at)
                .help("a consolidation candidate: agree one tool for the group and name it in the policy's `[stack.central]`"),
            ));
        }
        out.consolidation.push(Consolidation {
            capability: cap.word(),
            label: cap.label(),
            units: names,
            tools: distinct.into_iter().collect(),
            cost,
            headline,
        });
    }
    findings
}

/// The stack slide's headline: the largest consolidation, else tools bought
/// locally for what the group provides, else the stack in one line.
fn headline(out: &StackRollup, currency: &str) -> Option<String> {
    match (out.consolidation.first(), out.local_over_central.len()) {
        (Some(c), _) => Some(c.headline.clone()),
        (None, k) if k > 0 => Some(format!(
            "{k} tool{} bought locally for what the group provides",
            if k == 1 { " is" } else { "s are" }
        )),
        _ if !out.tools.is_empty() => Some(format!(
            "{} units, {} tools, {} a year: no capability bought twice",
            out.units.len(),
            out.tools.len(),
            crate::format::format_money(out.total_cost, currency, true)
        )),
        _ => None,
    }
}

/// How one unit covers one capability, while rolling up: its tools, and
/// whether it has a central tool, a local tool, and a need for it.
#[derive(Debug, Clone, Default)]
struct Coverage {
    tools: BTreeSet<String>,
    central: bool,
    local: bool,
    needed: bool,
}

fn has_needs(plan: &Plan) -> bool {
    plan.channels
        .iter()
        .any(|c| !c.needs.is_empty() || c.kpis.iter().any(|k| !k.needs.is_empty()))
        || plan.initiatives.iter().any(|i| !i.needs.is_empty())
}
