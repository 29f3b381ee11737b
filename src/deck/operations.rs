//! The "How we operate" slide's view: the stack by capability, central or
//! local, the automations and who can stop them, and the gaps the
//! operations rules found.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::Finding;
use crate::plan::{Plan, Scope};

#[derive(Debug, Serialize)]
pub struct ToolView<'p> {
    pub id: &'p str,
    pub tool: &'p str,
    /// Capability labels ("Marketing automation").
    pub capabilities: Vec<&'static str>,
    pub scope: Scope,
    /// The owning team row's role.
    pub owner: Option<&'p str>,
    pub cost: Option<Decimal>,
    pub in_budget: bool,
}

#[derive(Debug, Serialize)]
pub struct AutomationView<'p> {
    pub tool: &'p str,
    pub name: &'p str,
    pub customer_facing: bool,
    /// The role of the team row that can override it.
    pub overseen_by: Option<&'p str>,
}

#[derive(Debug, Serialize)]
pub struct OperationsView<'p> {
    /// The slide's finding, as a sentence.
    pub headline: String,
    pub tools: Vec<ToolView<'p>>,
    pub automations: Vec<AutomationView<'p>>,
    /// What the operations rules found, as sentences.
    pub gaps: Vec<String>,
    /// Annual cost of the tools paid from this budget, and of all of them.
    pub in_budget_cost: Decimal,
    pub total_cost: Decimal,
    pub central: usize,
    pub local: usize,
}

pub fn build<'p>(plan: &'p Plan, findings: &[Finding]) -> Option<OperationsView<'p>> {
    if plan.stack.is_empty() {
        return None;
    }
    let roles: std::collections::HashMap<&str, &str> = plan
        .team
        .iter()
        .rev() // the first of a duplicated id wins
        .map(|r| (r.id.value.as_str(), r.role.as_str()))
        .collect();
    let role = |id: &str| roles.get(id).copied();
    let mut tools: Vec<(Option<crate::plan::Capability>, ToolView<'p>)> = plan
        .stack
        .iter()
        .map(|t| {
            let view = ToolView {
                id: &t.id.value,
                tool: &t.tool,
                capabilities: t.capabilities.iter().map(|c| c.value.label()).collect(),
                scope: t.scope,
                owner: t.owner.as_ref().and_then(|o| role(&o.value)),
                cost: t.cost.as_ref().map(|c| c.value),
                in_budget: t.in_budget,
            };
            (t.capabilities.first().map(|c| c.value), view)
        })
        .collect();
    // By capability, as the slide's table reads (stable: plan order within).
    tools.sort_by_key(|(c, _)| *c);
    let tools: Vec<ToolView<'p>> = tools.into_iter().map(|(_, t)| t).collect();
    let automations: Vec<AutomationView<'p>> = plan
        .stack
        .iter()
        .flat_map(|t| {
            t.automations.iter().map(move |a| AutomationView {
                tool: &t.tool,
                name: &a.name,
                customer_facing: a.customer_facing,
                overseen_by: a.override_by.as_ref().and_then(|o| role(&o.value)),
            })
        })
        .collect();
    let ids: Vec<&str> = crate::check::stack::RULES.iter().map(|r| r.id).collect();
    let gaps: Vec<String> = findings
        .iter()
        // Automations without a person in charge have their own line.
        .filter(|f| ids.contains(&f.rule) && f.rule != "automation-no-override")
        // In the deck's notation ("€48k", not the checker's "48,000 EUR").
        .map(|f| {
            crate::format::restate_amounts(&f.message.replace('`', ""), &plan.meta.currency.value)
        })
        .collect();
    let sum = |f: &dyn Fn(&crate::plan::Tool) -> bool| {
        plan.stack
            .iter()
            .filter(|t| f(t))
            .filter_map(|t| t.cost.as_ref())
            .fold(Decimal::ZERO, |a, c| a.saturating_add(c.value))
    };
    let in_budget_cost = sum(&|t| t.in_budget);
    let total_cost = sum(&|_| true);
    let unsupervised = automations
        .iter()
        .filter(|a| a.customer_facing && a.overseen_by.is_none())
        .count();
    let currency = &plan.meta.currency.value;
    let headline = if unsupervised > 0 {
        format!(
            "{unsupervised} of {} automations {} customers with nobody named to stop {}",
            automations.len(),
            if unsupervised == 1 {
                "reaches"
            } else {
                "reach"
            },
            if unsupervised == 1 { "it" } else { "them" }
        )
    } else if let Some(g) = gaps.first() {
        crate::format::capitalised(g)
    } else {
        format!(
            "{} tools, {} a year from this budget; every automation has a person in charge",
            tools.len(),
            crate::format::format_money(in_budget_cost, currency, true)
        )
    };
    Some(OperationsView {
        headline,
        central: plan
            .stack
            .iter()
            .filter(|t| t.scope == Scope::Central)
            .count(),
        local: plan
            .stack
            .iter()
            .filter(|t| t.scope == Scope::Local)
            .count(),
        tools,
        automations,
        gaps,
        in_budget_cost,
        total_cost,
    })
}
