//! Two versions of a plan compared: what was added, removed and changed,
//! budget deltas by line and in total, target changes, and the change in the
//! alignment score.

use rust_decimal::Decimal;
use serde::Serialize;

mod document;

pub use document::Section;

use crate::figures::Figures;
use crate::plan::Plan;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub id: String,
    pub name: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    pub changed: Vec<ItemChange>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetLineDelta {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    pub delta: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanDiff {
    pub currency: String,
    /// Fields of the single tables (`[plan]`'s by their own name,
    /// others as `strategy.statement`).
    pub meta: Vec<Change>,
    /// Every section of items with a change, in the plan's order.
    pub sections: Vec<Section>,
    pub old_total: Decimal,
    pub new_total: Decimal,
    pub total_delta: Decimal,
    /// Every spend line whose amount changed, was added or removed.
    pub budget_lines: Vec<BudgetLineDelta>,
    pub old_score: u32,
    pub new_score: u32,
    pub score_delta: i64,
    pub old_upstream_share: Option<Decimal>,
    pub new_upstream_share: Option<Decimal>,
    /// Whether anything changed at all.
    pub any: bool,
}

/// Spend lines by kind and id, with their amounts.
fn spend_lines(p: &Plan) -> Vec<(&'static str, &str, &str, Decimal)> {
    let mut v: Vec<(&'static str, &str, &str, Decimal)> = Vec::new();
    v.extend(p.channels.iter().map(|c| {
        (
            "channel",
            c.id.value.as_str(),
            c.name.as_str(),
            c.budget.value,
        )
    }));
    v.extend(p.budget.lines.iter().map(|l| {
        (
            "budget line",
            l.id.value.as_str(),
            l.name.as_str(),
            l.amount.value,
        )
    }));
    v.extend(p.team.iter().map(|r| {
        (
            "team role",
            r.id.value.as_str(),
            r.role.as_str(),
            r.cost.as_ref().map_or(Decimal::ZERO, |c| c.value),
        )
    }));
    v.extend(
        p.agencies
            .iter()
            .map(|a| ("agency", a.id.value.as_str(), a.name.as_str(), a.fee.value)),
    );
    if let Some(c) = &p.budget.contingency {
        v.push(("contingency", "contingency", "Contingency", c.value));
    }
    v
}

/// Two plan files' texts compared field by field: the changed fields of
/// the single tables (`[plan]`, `[strategy]`, …) and every section of items
/// with a change. Money reads in `currency`, forecasts and outcomes in their
/// objective's unit (`units`: objective id → unit). A text that is not TOML
/// compares as empty (callers pass plans that loaded).
pub fn fields(
    old: &str,
    new: &str,
    currency: &str,
    units: std::collections::HashMap<String, String>,
) -> (Vec<Change>, Vec<Section>) {
    let cx = document::Context::new(currency, units);
    let table = |text: &str| {
        toml::from_str::<toml::Table>(text.trim_start_matches('\u{feff}')).unwrap_or_default()
    };
    document::compare(&table(old), &table(new), &cx)
}

/// One version of a plan: as loaded, as computed, and as written.
pub struct Version<'a> {
    pub plan: &'a Plan,
    pub figures: &'a Figures,
    /// The plan file's text: every field is compared as written.
    pub text: &'a str,
}

pub fn diff(old: Version, new: Version) -> PlanDiff {
    let (old_fig, new_fig) = (old.figures, new.figures);
    let currency = new.plan.meta.currency.value.clone();
    // Objective units, the new plan's first, for forecasts by objective.
    let units = [old.plan, new.plan]
        .iter()
        .flat_map(|p| p.objectives.iter())
        .filter_map(|o| Some((o.id.value.clone(), o.measure.unit.clone()?)))
        .collect();
    let (meta, sections) = fields(old.text, new.text, &currency, units);
    let (old, new) = (old.plan, new.plan);
    let (ol, nl) = (spend_lines(old), spend_lines(new));
    let mut budget_lines = Vec::new();
    for (kind, id, name, amount) in &ol {
        let n = nl.iter().find(|x| x.0 == *kind && x.1 == *id).map(|x| x.3);
        if n != Some(*amount) {
            budget_lines.push(BudgetLineDelta {
                kind,
                id: id.to_string(),
                name: name.to_string(),
                old: Some(*amount),
                new: n,
                delta: n.unwrap_or_default() - amount,
            });
        }
    }
    for (kind, id, name, amount) in &nl {
        if !ol.iter().any(|x| x.0 == *kind && x.1 == *id) {
            budget_lines.push(BudgetLineDelta {
                kind,
                id: id.to_string(),
                name: name.to_string(),
                old: None,
                new: Some(*amount),
                delta: *amount,
            });
        }
    }

    let score_delta = i64::from(new_fig.score.total) - i64::from(old_fig.score.total);
    let any = !meta.is_empty()
        || !sections.is_empty()
        || !budget_lines.is_empty()
        || old_fig.total != new_fig.total;
    PlanDiff {
        currency,
        meta,
        sections,
        old_total: old_fig.total,
        new_total: new_fig.total,
        total_delta: new_fig.total - old_fig.total,
        budget_lines,
        old_score: old_fig.score.total,
        new_score: new_fig.score.total,
        score_delta,
        old_upstream_share: old_fig.upstream_share,
        new_upstream_share: new_fig.upstream_share,
        any,
    }
}

/// The diff as text for a terminal.
pub fn human(d: &PlanDiff, old_name: &str, new_name: &str) -> String {
    use std::fmt::Write;
    let money = |v: Decimal| crate::format::format_money(v, &d.currency, false);
    let signed = |v: Decimal| {
        if v >= Decimal::ZERO {
            format!("+{}", money(v))
        } else {
            money(v)
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "{old_name} → {new_name}");
    if !d.any {
        let _ = writeln!(out, "no changes");
        return out;
    }
    for c in &d.meta {
        let _ = writeln!(out, "  {}: {} → {}", c.field, c.old, c.new);
    }
    let _ = writeln!(
        out,
        "budget: {} → {} ({})",
        money(d.old_total),
        money(d.new_total),
        signed(d.total_delta)
    );
    for l in &d.budget_lines {
        let _ = match (l.old, l.new) {
            (None, Some(n)) => writeln!(out, "  + {} `{}` {}: {}", l.kind, l.id, l.name, money(n)),
            (Some(o), None) => writeln!(out, "  - {} `{}` {}: {}", l.kind, l.id, l.name, money(o)),
            (Some(o), Some(n)) => writeln!(
                out,
                "  ~ {} `{}`: {} → {} ({})",
                l.kind,
                l.id,
                money(o),
                money(n),
                signed(l.delta)
            ),
            (None, None) => Ok(()),
        };
    }
    for section in &d.sections {
        let c = &section.changes;
        let _ = writeln!(out, "{}:", section.section);
        for i in &c.added {
            let _ = writeln!(out, "  + `{}` {}", i.id, i.name);
        }
        for i in &c.removed {
            let _ = writeln!(out, "  - `{}` {}", i.id, i.name);
        }
        for i in &c.changed {
            let list: Vec<String> = i
                .changes
                .iter()
                .map(|c| format!("{} {} → {}", c.field, c.old, c.new))
                .collect();
            let _ = writeln!(out, "  ~ `{}`: {}", i.id, list.join("; "));
        }
    }
    let share = |s: Option<Decimal>| s.map_or("n/a".to_string(), |s| format!("{s}%"));
    let _ = writeln!(
        out,
        "upstream share: {} → {}",
        share(d.old_upstream_share),
        share(d.new_upstream_share)
    );
    let _ = writeln!(
        out,
        "alignment score: {} → {} ({:+})",
        d.old_score, d.new_score, d.score_delta
    );
    out
}
