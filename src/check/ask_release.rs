//! Money released late in the period buys only the time left: saas asked
//! to "Release a further $1.25M (stretch)" decided on 7 Nov 2027, with its
//! year ending on 31 Jan 2028, and the ask slide claimed the stretch
//! scenario's full-year outcomes for money that can run under three months
//! — spent, its words said, on "always-on brand in H2", which began in
//! August. The deck scales a late release's typed outcomes to the time left
//! ([`share_left`]); this rule says when the release is late.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{Ask, AskKind, Plan};

pub const ASK_RELEASE_LATE: Rule = Rule {
    id: "ask-release-late",
    severity: Severity::Warning,
    family: "asks",
    summary: "an ask releases money so late in the period that what its words spend it on has begun, or less than a quarter of the period is left",
    explanation: "Response curves and typed scenario outcomes are for the plan's whole period; \
money released at a later date runs only for the time left. An ask whose money arrives with less \
than a quarter of the period left, or whose words (or its scenario's) spend it in a part of the \
period that has begun by its decision date (\"H2\", \"Q4\", \"in September\"), cannot buy what a \
full period's money would: a board approving it on the full-year figures approves a promise the \
calendar rules out. mvplan compares the ask's `by` date with the plan's period and with the \
halves, quarters (counted from the period's start) and months its words name. The deck values \
its outcomes for the time left (the curves pro rata; a scenario's typed outcomes scaled, and said \
so). Bring the decision forward, or type what the money buys in the time left.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&ASK_RELEASE_LATE];

/// A release inside the period: its date, the share of the period's days
/// left from it, and the parts of the period its words name that have
/// begun by then (label, first day).
pub struct Release {
    pub date: NaiveDate,
    pub share: Decimal,
    pub begun: Vec<(String, NaiveDate)>,
}

impl Release {
    /// The months left, to one place: "2.8".
    pub fn months_left(&self, plan: &Plan) -> String {
        let months = crate::figures::months_between(plan.meta.start.value, plan.meta.end.value);
        crate::format::format_number(self.share * Decimal::from(months), 1)
    }

    /// Less than a quarter of the period is left, or a named part of it
    /// has begun: the rule's case.
    pub fn late(&self) -> bool {
        self.share < Decimal::new(25, 2) || !self.begun.is_empty()
    }
}

/// The release of an ask's money at its decision date inside the period
/// (after its first day), for an ask with an amount that is not the whole
/// budget and not a hire; `None` otherwise.
pub fn release(plan: &Plan, a: &Ask) -> Option<Release> {
    let amount = a.amount.as_ref()?.value;
    if amount <= Decimal::ZERO || amount == plan.budget.total.value || a.kind == AskKind::Headcount
    {
        return None;
    }
    let date = crate::figures::scenario_load::within(plan, a.by.as_ref()?.value)?;
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let days = |from: NaiveDate| Decimal::from((end - from).num_days() + 1);
    let share = days(date).checked_div(days(start))?;
    let mut text = format!("{} {}", a.ask, a.buys.as_deref().unwrap_or_default());
    // The scenario its money pays for (one above the plan whose extra is
    // the amount, within 1%): its words say where the money goes.
    let total = plan.budget.total.value;
    let paid_for = plan.scenarios.iter().find(|s| {
        s.budget.value > total
            && ((s.budget.value - total - amount).abs() * Decimal::ONE_HUNDRED <= amount)
    });
    if let Some(s) = paid_for {
        text.push(' ');
        text.push_str(s.description.as_deref().unwrap_or_default());
    }
    // Begun: more than a quarter of the part is past at the decision (a
    // van released two weeks into "H2" still runs most of it).
    let begun = parts_named(plan, &text)
        .into_iter()
        .filter(|p| {
            let part = (p.until - p.from).num_days();
            let past = (date - p.from).num_days();
            past * 4 > part
        })
        .map(|p| (p.label, p.from))
        .collect();
    Some(Release { date, share, begun })
}

/// The share of the period an ask's money runs for, where it is released
/// late ([`Release::late`]): the deck scales its typed outcomes by it.
pub fn share_left(plan: &Plan, a: &Ask) -> Option<Release> {
    release(plan, a).filter(Release::late)
}

/// The scenario an ask pays for: one above the plan's budget that the ask
/// names, or whose extra money the ask's amount is (within 2%).
pub fn ask_scenario<'p>(plan: &'p Plan, a: &Ask) -> Option<&'p crate::plan::Scenario> {
    let total = plan.budget.total.value;
    let amount = a.amount.as_ref()?.value;
    if amount <= Decimal::ZERO || amount == total {
        return None;
    }
    let text = a.ask.to_lowercase();
    plan.scenarios
        .iter()
        .filter(|s| s.budget.value > total)
        .find(|s| {
            let extra = s.budget.value - total;
            text.contains(&s.name.to_lowercase())
                || (extra - amount).abs() <= amount * Decimal::new(2, 2)
        })
}

/// Where an ask releases a scenario's extra money late
/// ([`share_left`]): that release. Every figure of the scenario's outcomes
/// is then the change its money buys in the time left, never a full
/// year's (the scenarios slide, the value columns and the ask agree).
pub fn scenario_release(plan: &Plan, scenario: &str) -> Option<Release> {
    plan.asks.iter().find_map(|a| {
        let s = ask_scenario(plan, a)?;
        (s.id.value == scenario)
            .then(|| share_left(plan, a))
            .flatten()
    })
}

/// A part of the period words name: its label and its days.
struct Part {
    label: String,
    from: NaiveDate,
    until: NaiveDate,
}

/// The parts of the period words name as when money is spent: "H1"/"H2"
/// (halves from the period's start), "Q1"–"Q4" (quarters from its start),
/// and a month after "in" or "from" ("in September"); each with its first
/// day inside the period.
fn parts_named(plan: &Plan, text: &str) -> Vec<Part> {
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let after = |months: u32| start.checked_add_months(Months::new(months));
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        // Only as when money is spent ("in H2", "into Q4", "from
        // September"), not a condition's window ("through Q3", "by June").
        let before = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .map(|b| b.to_lowercase());
        if !matches!(before.as_deref(), Some("in" | "into" | "from" | "during")) {
            continue;
        }
        let upper = w.to_uppercase();
        let (from, months) = match upper.as_str() {
            "H1" => (after(0), 6),
            "H2" => (after(6), 6),
            "Q1" => (after(0), 3),
            "Q2" => (after(3), 3),
            "Q3" => (after(6), 3),
            "Q4" => (after(9), 3),
            _ => {
                let Some(m) = crate::plan::words::MONTH_NAMES
                    .iter()
                    .position(|m| w.eq_ignore_ascii_case(m))
                else {
                    continue;
                };
                let first = (start.year()..=end.year())
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()? + 1, 1))
                    .find(|d| *d >= start.with_day(1).unwrap_or(start) && *d <= end);
                (first, 1)
            }
        };
        let until = from.and_then(|d| d.checked_add_months(Months::new(months)));
        if let (Some(d), Some(u)) = (from.filter(|d| *d <= end), until)
            && !out.iter().any(|p: &Part| p.label.eq_ignore_ascii_case(w))
        {
            out.push(Part {
                label: w.clone(),
                from: d,
                until: u,
            });
        }
    }
    out
}

pub fn check(cx: &mut Ctx<'_>) {
    let plan = cx.plan;
    for a in plan.asks.iter() {
        let Some(r) = share_left(plan, a) else {
            continue;
        };
        let date = |d: NaiveDate| d.format("%-d %b %Y").to_string();
        let mut why = Vec::new();
        if r.share < Decimal::new(25, 2) {
            why.push(format!(
                "{} months of the period are left",
                r.months_left(plan)
            ));
        }
        if !r.begun.is_empty() {
            let named: Vec<String> = r
                .begun
                .iter()
                .map(|(w, d)| format!("{w} (begun {})", date(*d)))
                .collect();
            why.push(format!("its words spend it in {}", named.join(" and ")));
        }
        let span = a.by.as_ref().map(|b| b.span.clone());
        cx.report(
            Finding::new(
                &ASK_RELEASE_LATE,
                format!(
                    "ask `{}` releases {} on {}: {} — it cannot buy a full period's outcomes",
                    a.id.value,
                    cx.money(a.amount.as_ref().map_or(Decimal::ZERO, |m| m.value)),
                    date(r.date),
                    why.join("; ")
                ),
            )
            .at_opt(span)
            .for_board(format!(
                "the ask \"{}\" releases its money on {}, too late for what its words spend it on; the deck values it for the {} months left",
                a.ask,
                date(r.date),
                r.months_left(plan)
            ))
            .label("released late in the period")
            .help("bring the decision forward, or type what the money buys in the time left"),
        );
    }
}
