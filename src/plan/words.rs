//! What a board reads instead of the plan's ids.
//!
//! The checker's messages quote ids in backticks (`` `paid-search` ``) for
//! the terminal, where a user edits the plan by id. On a slide a backtick is
//! markup and an id is jargon: the deck says the item's name.

use super::Plan;

/// The name a deck gives the plan item with this id: an objective or goal by
/// its metric (shorter than its statement), a channel, KPI, budget line,
/// team row, scenario or ask by its name; `None` for an unknown id.
pub fn name_of<'p>(plan: &'p Plan, id: &str) -> Option<&'p str> {
    let measure_or = |m: &'p crate::plan::Measure, statement: &'p str| {
        m.metric.as_ref().map_or(statement, |m| m.value.as_str())
    };
    if let Some(o) = plan.objective(id) {
        return Some(measure_or(&o.measure, &o.statement));
    }
    if let Some(g) = plan.goal(id) {
        return Some(measure_or(&g.measure, &g.statement));
    }
    if let Some(c) = plan.channels.iter().find(|c| c.id.value == id) {
        return Some(&c.name);
    }
    if let Some((_, k)) = plan.kpi(id) {
        return Some(&k.name);
    }
    if let Some(l) = plan.budget.lines.iter().find(|l| l.id.value == id) {
        return Some(&l.name);
    }
    if let Some(r) = plan.team.iter().find(|r| r.id.value == id) {
        return Some(&r.role);
    }
    if let Some(s) = plan.scenarios.iter().find(|s| s.id.value == id) {
        return Some(&s.name);
    }
    plan.asks
        .iter()
        .find(|a| a.id.value == id)
        .map(|a| a.ask.as_str())
}

/// A checker message as a slide shows it: every `` `id` `` the plan knows
/// replaced by its name, any other quoted text kept without the backticks.
pub fn plain(message: &str, plan: &Plan) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        let quoted = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        out.push_str(name_of(plan, quoted).unwrap_or(quoted));
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A label for a chart or table: the item's name, else the id as given.
pub fn label(plan: &Plan, id: &str) -> String {
    name_of(plan, id).unwrap_or(id).to_string()
}
