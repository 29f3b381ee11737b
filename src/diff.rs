//! Two versions of a plan compared: what was added, removed and changed,
//! budget deltas by line and in total, target changes, and the change in the
//! alignment score.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::figures::Figures;
use crate::format::format_quantity;
use crate::plan::{Measure, Plan, Ref};

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
    pub meta: Vec<Change>,
    pub goals: Changes,
    pub objectives: Changes,
    pub channels: Changes,
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

fn ids(refs: &[Ref]) -> String {
    refs.iter()
        .map(|r| r.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

fn change(out: &mut Vec<Change>, field: &str, old: String, new: String) {
    if old != new {
        out.push(Change {
            field: field.to_string(),
            old,
            new,
        });
    }
}

fn measure(out: &mut Vec<Change>, a: &Measure, b: &Measure) {
    let q = |m: &Measure, v: Option<Decimal>| {
        v.map_or("—".to_string(), |v| {
            format_quantity(v, m.unit.as_deref(), false)
        })
    };
    change(
        out,
        "metric",
        opt(a.metric.as_ref().map(|m| &m.value)),
        opt(b.metric.as_ref().map(|m| &m.value)),
    );
    change(
        out,
        "baseline",
        q(a, a.baseline.as_ref().map(|v| v.value)),
        q(b, b.baseline.as_ref().map(|v| v.value)),
    );
    change(
        out,
        "target",
        q(a, a.target.as_ref().map(|v| v.value)),
        q(b, b.target.as_ref().map(|v| v.value)),
    );
    change(
        out,
        "due",
        opt(a.due.as_ref().map(|d| d.value)),
        opt(b.due.as_ref().map(|d| d.value)),
    );
}

/// Matches items by id and collects their differences.
fn compare<T>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> (&str, &str),
    fields: impl Fn(&T, &T) -> Vec<Change>,
) -> Changes {
    let mut c = Changes::default();
    for o in old {
        let (id, name) = key(o);
        match new.iter().find(|n| key(n).0 == id) {
            Some(n) => {
                let changes = fields(o, n);
                if !changes.is_empty() {
                    c.changed.push(ItemChange {
                        id: id.to_string(),
                        name: key(n).1.to_string(),
                        changes,
                    });
                }
            }
            None => c.removed.push(Item {
                id: id.to_string(),
                name: name.to_string(),
            }),
        }
    }
    for n in new {
        let (id, name) = key(n);
        if !old.iter().any(|o| key(o).0 == id) {
            c.added.push(Item {
                id: id.to_string(),
                name: name.to_string(),
            });
        }
    }
    c
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

pub fn diff(old: &Plan, old_fig: &Figures, new: &Plan, new_fig: &Figures) -> PlanDiff {
    let mut meta = Vec::new();
    change(
        &mut meta,
        "title",
        old.meta.title.clone(),
        new.meta.title.clone(),
    );
    change(
        &mut meta,
        "owner",
        old.meta.owner.clone(),
        new.meta.owner.clone(),
    );
    change(
        &mut meta,
        "version",
        opt(old.meta.version.as_ref()),
        opt(new.meta.version.as_ref()),
    );
    change(
        &mut meta,
        "status",
        format!("{:?}", old.meta.status).to_lowercase(),
        format!("{:?}", new.meta.status).to_lowercase(),
    );
    change(
        &mut meta,
        "period",
        format!("{} to {}", old.meta.start.value, old.meta.end.value),
        format!("{} to {}", new.meta.start.value, new.meta.end.value),
    );
    change(
        &mut meta,
        "currency",
        old.meta.currency.value.clone(),
        new.meta.currency.value.clone(),
    );
    change(
        &mut meta,
        "strategy",
        opt(old.strategy.statement.as_ref().map(|s| &s.value)),
        opt(new.strategy.statement.as_ref().map(|s| &s.value)),
    );

    let goals = compare(
        &old.goals,
        &new.goals,
        |g| (g.id.value.as_str(), g.statement.as_str()),
        |a, b| {
            let mut c = Vec::new();
            change(
                &mut c,
                "statement",
                a.statement.clone(),
                b.statement.clone(),
            );
            measure(&mut c, &a.measure, &b.measure);
            c
        },
    );
    let objectives = compare(
        &old.objectives,
        &new.objectives,
        |o| (o.id.value.as_str(), o.statement.as_str()),
        |a, b| {
            let mut c = Vec::new();
            change(
                &mut c,
                "statement",
                a.statement.clone(),
                b.statement.clone(),
            );
            change(&mut c, "supports", ids(&a.supports), ids(&b.supports));
            measure(&mut c, &a.measure, &b.measure);
            c
        },
    );
    let currency = new.meta.currency.value.clone();
    let channels = compare(
        &old.channels,
        &new.channels,
        |c| (c.id.value.as_str(), c.name.as_str()),
        |a, b| {
            let mut c = Vec::new();
            change(&mut c, "name", a.name.clone(), b.name.clone());
            change(
                &mut c,
                "budget",
                crate::format::format_money(a.budget.value, &currency, false),
                crate::format::format_money(b.budget.value, &currency, false),
            );
            change(&mut c, "supports", ids(&a.supports), ids(&b.supports));
            change(
                &mut c,
                "category",
                opt(a.category.as_ref().map(|x| &x.value)),
                opt(b.category.as_ref().map(|x| &x.value)),
            );
            let kpis = |ch: &crate::plan::Channel| {
                ch.kpis
                    .iter()
                    .map(|k| format!("{} {}", k.name, opt(k.target.as_ref().map(|t| t.value))))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            change(&mut c, "kpis", kpis(a), kpis(b));
            let fc = |ch: &crate::plan::Channel| {
                ch.forecasts
                    .iter()
                    .map(|f| format!("{} {}", f.objective.value, f.value.value))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            change(&mut c, "forecast", fc(a), fc(b));
            c
        },
    );

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
        || !goals.is_empty()
        || !objectives.is_empty()
        || !channels.is_empty()
        || !budget_lines.is_empty()
        || old_fig.total != new_fig.total;
    PlanDiff {
        currency,
        meta,
        goals,
        objectives,
        channels,
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
    for (title, c) in [
        ("goals", &d.goals),
        ("objectives", &d.objectives),
        ("channels", &d.channels),
    ] {
        if c.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title}:");
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
