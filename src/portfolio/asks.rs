//! What the CMO is asked to approve: every unit's asks, totalled by kind,
//! and in the order a CMO takes them.

use std::cmp::Reverse;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::{AskKind, AskStatus, Plan};

/// One ask of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct AskRow {
    pub file: String,
    pub unit: String,
    pub id: String,
    pub ask: String,
    pub kind: AskKind,
    /// In the review currency (or the plan's, when it can't be converted).
    pub amount: Option<Decimal>,
    /// Whether `amount` is in the review currency.
    pub converted: bool,
    pub fte: Option<Decimal>,
    pub by: Option<chrono::NaiveDate>,
    /// The date the deck shows: `by`, else the unit's own deck's date for
    /// it (`deck::ask_due`: before its money is first spent, else the
    /// plan's start), so the review and the unit's deck show one date.
    pub due: chrono::NaiveDate,
    /// Why `due`, where the ask gives no `by` and its money dates it
    /// ("first spend", "the hire's start").
    pub due_basis: Option<&'static str>,
    /// Whether `due` is the plan's start with nothing to date it (the
    /// table marks it so, and the recommendation asks for a date).
    pub due_is_start: bool,
    pub status: AskStatus,
    pub blocking: bool,
    /// What the review recommends for an open ask, with the reason:
    /// `approve: …`, `approve once …`, `review first: …`, `send back: …`,
    /// `decline …` or `discuss: …` ([`recommend`]).
    pub recommendation: Option<String>,
    /// What a yes buys ([`describe`]): for a unit's whole budget, its
    /// goals' share of the company targets and its return in money, as its
    /// page says; else its own deck's ask slide's words.
    pub buys: Option<String>,
    /// What a no costs ([`describe`]): for a whole budget, what the company
    /// targets lose and the unit's first quarter of spend that waits.
    pub if_no: Option<String>,
}

/// What the review knows of the plan an ask comes from.
pub struct PlanState<'a> {
    pub verdict: &'a crate::verdict::Verdict,
    pub status: crate::plan::Status,
    /// The plan's total budget, in the ask's currency (the plan's).
    pub total: Decimal,
    pub currency: &'a str,
    /// Capacity gaps of the plan's team ("Q3 2027 marketing-ops: …").
    pub capacity_gaps: usize,
    /// What the board can make a condition of its yes ([`settle`]).
    pub conditions: Vec<String>,
    /// What it should look at before a yes ([`settle`]).
    pub to_review: Vec<String>,
}

/// What an Amber plan's verdict stands on, split for its recommendation:
/// the conditions a board can attach to a yes (a risk with no owner or no
/// mitigation: "“Framework tenders slip into 2028” has an owner"), and the
/// rest it should look at first (a forecast short of its target, results
/// behind pace, a warning no condition answers). A reader read "approve,
/// watching 2 warnings" beside "Amber · review before approval" as a
/// recommendation its own verdict contradicts (C9).
pub fn settle(
    plan: &Plan,
    report: &crate::report::FileReport,
    row: &super::UnitRow,
) -> (Vec<String>, Vec<String>) {
    let conditions: Vec<String> = plan
        .risks
        .iter()
        .filter_map(|r| {
            let lacks = match (r.owner.is_none(), r.mitigation.is_none()) {
                (true, true) => "an owner and a mitigation",
                (true, false) => "an owner",
                (false, true) => "a mitigation",
                (false, false) => return None,
            };
            Some(format!("“{}” has {lacks}", r.risk.trim_end_matches('.')))
        })
        .collect();
    // Warnings a condition answers: the risks' gaps, and an ask's missing
    // date (the unit's deck dates it by its money, or the recommendation
    // sets one). The ask's finding is known by where it points — the id
    // of an open ask with no `by` — not by its message's words, which a
    // rewording would silently turn into a warning "to review".
    let undated: Vec<(Option<usize>, Option<usize>)> = plan
        .asks
        .iter()
        .filter(|a| a.by.is_none() && a.status == AskStatus::Open)
        // Only a warning whose one gap is the date: an ask that also lacks
        // its cost or what it buys stays a warning to review, not a
        // condition its date answers.
        .filter(|a| {
            report
                .figures
                .as_ref()
                .is_some_and(|fig| crate::check::asks::gaps(plan, fig, a).missing.len() == 1)
        })
        .map(|a| {
            let at = report.source.as_ref().map(|s| s.line_col(a.id.span.start));
            (at.map(|a| a.0), at.map(|a| a.1))
        })
        .collect();
    let answered = |f: &super::FindingRow| {
        f.rule == "risk-unmanaged"
            || (f.rule == "ask-undecidable" && undated.contains(&(f.line, f.column)))
    };
    let warnings: Vec<&super::FindingRow> = row
        .findings
        .iter()
        .filter(|f| f.severity == crate::diagnostic::Severity::Warning)
        .collect();
    let unanswered: Vec<&&super::FindingRow> = warnings.iter().filter(|f| !answered(f)).collect();
    let verdict = crate::verdict::verdict(&row.basis);
    let mut to_review: Vec<String> = verdict
        .reasons
        .iter()
        .filter(|r| {
            // The warnings are named one by one below; the bridge's
            // reach is stated, never counted against the rating.
            !(r.ends_with(" warning")
                || r.ends_with(" warnings")
                || r.starts_with("the value bridges reach")
                || r.starts_with("no findings"))
        })
        .cloned()
        .collect();
    if row.basis.to_settle > 0 {
        to_review.push(format!(
            "{} its own words leave open",
            crate::format::counted(row.basis.to_settle, "figure", "figures")
        ));
    }
    // One warning named where its first clause is short; the rest counted
    // (the unit's page lists them): the cell stays a few lines.
    const NAMED: usize = 1;
    const SHORT: usize = 60;
    let named: Vec<String> = unanswered
        .iter()
        .take(NAMED)
        .filter_map(|f| short_message(&f.message))
        .filter(|m| m.chars().count() <= SHORT)
        .collect();
    let named_count = named.len();
    to_review.extend(named);
    // The review's own findings (a cascade shortfall, a shared skill gap)
    // count into the verdict but are not the plan's: counted here.
    let answered_count = warnings.len() - unanswered.len();
    let rest = row
        .basis
        .warnings
        .saturating_sub(answered_count)
        .saturating_sub(named_count);
    if rest > 0 {
        let (one, many) = if named_count > 0 {
            ("other warning", "other warnings")
        } else {
            ("warning", "warnings")
        };
        to_review.push(format!(
            "{} (its page)",
            crate::format::counted(rest, one, many)
        ));
    }
    (conditions, to_review)
}

/// A finding's message as a recommendation names it: its claim before
/// the colon that explains it, without the code marks ("insight
/// procurement-portal shapes no decision"); `None` where the message has
/// no such claim (a clause cut at a bracket read as a fragment).
fn short_message(m: &str) -> Option<String> {
    let claim = m.split_once(": ").map_or(m, |(c, _)| c);
    (!claim.contains(" (") && !claim.contains(", but")).then(|| claim.replace('`', ""))
}

/// The review's recommendation on an open ask, following its plan's
/// verdict: Green → approve; Amber → approve once what the board can make
/// a condition is settled, or review first, naming it (an approved plan's
/// further ask: approve, watching); Red → send back, with the reason; a
/// budget above the plan's is declined as asked; decisions are discussed.
/// Never "approve" beside a verdict that says "review before approval".
///
/// The cell is short (C6: a reader counted three slides of asks): the verb
/// and the first reason, the rest counted ("and 2 more (its page)"); the
/// unit's page holds them all. `dated`: the deck shows a date with a basis
/// (`by`, or its money's first spend), so no "once a date is set".
pub fn recommend(a: &crate::plan::Ask, s: &PlanState<'_>, dated: bool) -> Option<String> {
    use crate::plan::Status;
    use crate::verdict::Attention;
    if a.status != AskStatus::Open {
        return None;
    }
    let amount = a.amount.as_ref().map(|m| m.value);
    let and_list = crate::format::and_list::<String>;
    match a.kind {
        AskKind::Budget if s.status == Status::Approved && amount == Some(s.total) => {
            return Some(
                "approve: the plan is already approved at this budget; record it".to_string(),
            );
        }
        AskKind::Budget if amount.is_some_and(|m| m > s.total) => {
            return Some(format!(
                "decline as asked: it exceeds the plan's budget by {}",
                crate::format::format_money(amount.unwrap_or_default() - s.total, s.currency, true)
            ));
        }
        _ => {}
    }
    if s.verdict.attention == Attention::Red {
        return Some(format!("send back: {}", first_of(&s.verdict.reasons)));
    }
    if s.status == Status::Draft {
        return Some("review first: the plan is still a draft".to_string());
    }
    // Why a yes, for an ask that is not the budget itself.
    let why = match a.kind {
        AskKind::Headcount if s.capacity_gaps > 0 => "the team's capacity falls short without it",
        AskKind::Headcount => {
            return Some("discuss: no capacity gap in the plan shows the need".to_string());
        }
        AskKind::Decision | AskKind::Other if a.blocking => {
            return Some(
                "discuss: blocking; the plan cannot go ahead without an answer".to_string(),
            );
        }
        AskKind::Decision | AskKind::Other => {
            return Some("discuss: a choice for the board".to_string());
        }
        AskKind::Budget => "no findings, every target forecast to be met",
    };
    if s.verdict.attention == Attention::Green {
        return Some(format!("approve: {why}"));
    }
    // Amber. An approved plan's further ask: its verdict says "to watch".
    if s.status == Status::Approved {
        return Some(format!(
            "approve, watching {}",
            first_of(&s.verdict.reasons)
        ));
    }
    let mut conditions = s.conditions.clone();
    if !dated {
        // The table's footnote says once that the ask names no date.
        conditions.push("a date is set".to_string());
    }
    let because = match a.kind {
        AskKind::Budget => String::new(),
        _ => format!(" ({why})"),
    };
    Some(match (s.to_review.is_empty(), conditions.is_empty()) {
        (true, false) => format!("approve once {}{because}", and_list(&conditions)),
        // After a review, the conditions counted: the risks are named on
        // the register and the unit's page.
        (false, false) => format!(
            "review first: {}; then approve once {}",
            first_of(&s.to_review),
            counted_conditions(&conditions)
        ),
        (false, true) => format!("review first: {}", first_of(&s.to_review)),
        // Its one open point was the date its money now gives: a yes
        // waits only on the plan recording it.
        (true, true) if a.by.is_none() => {
            format!("approve once the plan records its date{because}")
        }
        (true, true) => format!("review first: {}", first_of(&s.verdict.reasons)),
    })
}

/// The first reason, the rest counted: "no value bridge reaches the €7M
/// the business goal needs, and 2 more (its page)".
fn first_of(reasons: &[String]) -> String {
    match reasons {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first}, and {} more (its page)", rest.len()),
    }
}

/// Conditions after a review, short: one is said, several counted.
fn counted_conditions(conditions: &[String]) -> String {
    match conditions {
        [one] => one.clone(),
        _ => format!("{} conditions are met (its page)", conditions.len()),
    }
}

/// The portfolio's one verdict: the worst unit's rating, with how many
/// plans stand where ("Amber: 3 plans need a look before approval"). The
/// title slide and the summary state it; each ask's recommendation
/// follows its own plan's verdict, so the two cannot disagree.
#[derive(Debug, Default, Serialize)]
pub struct Rollup {
    /// The worst rating; `None` with no plan.
    pub attention: Option<crate::verdict::Attention>,
    /// "Red: 1 plan needs action before approval, 3 need a look before
    /// approval and 2 approved plans to watch".
    pub line: String,
    /// The worst part alone, for the summary's title: "Red: 1 plan needs
    /// action before approval".
    pub short: String,
}

/// `broken`: the files that did not load, each Red on the scoreboard ("did
/// not load"), so Red here too — a roll-up of "Green: all 2 plans clear"
/// above a Red row contradicted itself.
pub fn rollup(plans: &[super::UnitRow], broken: usize) -> Rollup {
    use crate::plan::Status;
    use crate::verdict::Attention;
    let worst = plans
        .iter()
        .map(|p| p.attention)
        .chain((broken > 0).then_some(Attention::Red))
        .min();
    let Some(worst) = worst else {
        return Rollup::default();
    };
    let all = plans.len() + broken;
    let count = |f: &dyn Fn(&super::UnitRow) -> bool| plans.iter().filter(|p| f(p)).count();
    let approved = |p: &super::UnitRow| p.basis.status == Some(Status::Approved);
    let red = count(&|p| p.attention == Attention::Red);
    let look = count(&|p| p.attention == Attention::Amber && !approved(p));
    let watch = count(&|p| p.attention == Attention::Amber && approved(p));
    let green = count(&|p| p.attention == Attention::Green);
    let verb = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            many.to_string()
        }
    };
    let mut parts = Vec::new();
    if broken > 0 {
        parts.push(format!(
            "{} did not load",
            crate::format::counted(broken, "plan", "plans")
        ));
    }
    if red > 0 {
        parts.push(format!(
            "{} {} action before approval",
            crate::format::counted(red, "plan", "plans"),
            verb(red, "needs", "need")
        ));
    }
    if look > 0 {
        let what = if parts.is_empty() {
            crate::format::counted(look, "plan", "plans")
        } else {
            look.to_string()
        };
        parts.push(format!(
            "{what} {} a look before approval",
            verb(look, "needs", "need")
        ));
    }
    if watch > 0 {
        parts.push(format!(
            "{} to watch",
            crate::format::counted(watch, "approved plan", "approved plans")
        ));
    }
    if green > 0 && green < all {
        parts.push(format!("{green} Green"));
    }
    let short = match parts.first() {
        Some(first) if green < all => format!("{}: {first}", worst.label()),
        _ => "Green: every plan is clear".to_string(),
    };
    let line = if green == all {
        format!(
            "Green: all {} clear",
            crate::format::counted(green, "plan", "plans")
        )
        .replace("all 1 plan clear", "the plan is clear")
    } else {
        format!("{}: {}", worst.label(), crate::format::and_list(&parts))
    };
    Rollup {
        attention: Some(worst),
        line,
        short,
    }
}

/// The asks of one kind, added up.
#[derive(Debug, Serialize)]
pub struct AskTotal {
    pub kind: AskKind,
    pub count: usize,
    /// Still waiting for an answer.
    pub open: usize,
    /// Amount of the open asks, in the review currency (`None`: none).
    pub amount: Option<Decimal>,
    /// FTE of the open asks (`None`: none).
    pub fte: Option<Decimal>,
}

/// The asks of one plan; `rate` converts its amounts to the review currency.
pub fn of_plan(
    plan: &Plan,
    fig: &crate::figures::Figures,
    file: &str,
    unit: &str,
    rate: Option<Decimal>,
) -> Vec<AskRow> {
    plan.asks
        .iter()
        .map(|a| (a, crate::deck::ask_due::due(plan, fig, a)))
        .map(|(a, due)| AskRow {
            file: file.to_string(),
            unit: unit.to_string(),
            id: a.id.value.clone(),
            ask: a.ask.clone(),
            kind: a.kind,
            amount: a.amount.as_ref().map(|m| {
                m.value
                    .saturating_mul(rate.unwrap_or(Decimal::ONE))
                    .round_dp(2)
                    .normalize()
            }),
            converted: rate.is_some(),
            fte: a.fte.as_ref().map(|f| f.value),
            by: a.by.as_ref().map(|d| d.value),
            due: a
                .by
                .as_ref()
                .map(|d| d.value)
                .or(due.map(|d| d.date))
                .unwrap_or(plan.meta.start.value),
            due_basis: due.and_then(|d| d.basis),
            due_is_start: due.is_some_and(|d| d.basis.is_none()),
            status: a.status,
            blocking: a.blocking,
            recommendation: None,
            buys: None,
            if_no: None,
        })
        .collect()
}

/// The order a CMO takes asks in: open before answered; blocking first;
/// then budgets, largest first; then headcount, most FTE first; then
/// decisions and the rest, soonest needed first.
pub fn for_decision(mut asks: Vec<AskRow>) -> Vec<AskRow> {
    let kind_rank = |k: AskKind| match k {
        AskKind::Budget => 0,
        AskKind::Headcount => 1,
        AskKind::Decision => 2,
        AskKind::Other => 3,
    };
    asks.sort_by_key(|a| {
        (
            a.status != AskStatus::Open,
            !a.blocking,
            kind_rank(a.kind),
            Reverse(a.amount.unwrap_or_default()),
            Reverse(a.fte.unwrap_or_default()),
            a.by.unwrap_or(chrono::NaiveDate::MAX),
            a.unit.clone(),
            a.id.clone(),
        )
    });
    asks
}

/// Totals by kind, in a fixed order (budget, headcount, decision, other),
/// kinds with no asks left out.
pub fn totals(asks: &[AskRow]) -> Vec<AskTotal> {
    [
        AskKind::Budget,
        AskKind::Headcount,
        AskKind::Decision,
        AskKind::Other,
    ]
    .into_iter()
    .filter_map(|kind| {
        let of_kind: Vec<&AskRow> = asks.iter().filter(|a| a.kind == kind).collect();
        if of_kind.is_empty() {
            return None;
        }
        let open: Vec<&&AskRow> = of_kind
            .iter()
            .filter(|a| a.status == AskStatus::Open)
            .collect();
        Some(AskTotal {
            kind,
            count: of_kind.len(),
            open: open.len(),
            amount: Some(
                open.iter()
                    .filter(|a| a.converted)
                    .filter_map(|a| a.amount)
                    .fold(Decimal::ZERO, Decimal::saturating_add),
            )
            .filter(|d| !d.is_zero()),
            fte: Some(
                open.iter()
                    .filter_map(|a| a.fte)
                    .fold(Decimal::ZERO, Decimal::saturating_add),
            )
            .filter(|d| !d.is_zero()),
        })
    })
    .collect()
}

/// What each of a unit's open asks buys and what a no costs. A unit's whole
/// budget buys its goals' share of the company targets and its return in
/// money, as its page says (`UnitRow.adds_to_company`, `returns`), else
/// its own forecast; a no holds back its first quarter of spend (its
/// spend slide's first bar). Any other ask: its own deck's ask slide's
/// words (`deck::asks`), so the review and the unit's deck say the same.
pub fn describe(
    row: &mut super::UnitRow,
    plan: &Plan,
    fig: &crate::figures::Figures,
    rate: Option<Decimal>,
    review_currency: &str,
) {
    use crate::format::{and_list, format_gap, format_money, format_quantity, of_metric};
    let cur = if row.converted {
        review_currency.to_string()
    } else {
        row.currency.clone()
    };
    let goals = if row.adds_to_company.is_empty() {
        let own: Vec<String> = row
            .objective_coverage
            .iter()
            .filter(|o| !o.delivered_by_units && o.forecast > Decimal::ZERO)
            .map(|o| {
                let u = o.unit.as_deref();
                let q = if o.change {
                    format_gap(o.forecast, u, true)
                } else {
                    format_quantity(o.forecast, u, true)
                };
                let share = o
                    .share
                    .as_ref()
                    .map_or(String::new(), |s| format!(" ({s})"));
                // The metric as the plan writes it ("among CIOs"), not
                // the row's lower-cased label.
                let label = crate::format::lower_first(&crate::plan::words::label(plan, &o.id));
                format!("{}{share}", of_metric(&q, u, &label))
            })
            .collect();
        let by_units = row.objective_coverage.iter().any(|o| o.delivered_by_units);
        match (own.is_empty(), by_units) {
            (false, _) => Some(format!("its forecast: {}", and_list(&own))),
            (true, true) => Some("no target of its own: the units deliver its targets".into()),
            (true, false) => None,
        }
    } else {
        Some(format!("its goals: {}", row.adds_to_company.join("; ")))
    };
    let money: Vec<String> = row
        .returns
        .iter()
        .map(|r| {
            let times = r.multiple.map_or(String::new(), |m| {
                format!(" ({})", crate::ratio::format_multiple(m))
            });
            format!(
                "{} of {}{times}",
                format_money(r.value, &cur, true),
                r.basis
            )
        })
        .collect();
    let money = if money.is_empty() {
        "none in money".to_string()
    } else {
        format!("in money, {}", and_list(&money))
    };
    let buys = match goals {
        Some(g) => format!("{}; {money}", crate::format::capitalised(&g)),
        None => crate::format::capitalised(&money),
    };
    let waits = fig
        .quarter_spend
        .iter()
        .find(|q| q.total > Decimal::ZERO)
        .map(|q| {
            format!(
                "{}'s {} waits",
                q.label,
                format_money(
                    q.total.saturating_mul(rate.unwrap_or(Decimal::ONE)),
                    &cur,
                    true
                )
            )
        });
    let lose = if row.adds_to_company.is_empty() {
        "none of its forecast is bought"
    } else {
        "the company targets lose its share"
    };
    let if_no = match waits {
        Some(w) => format!("{}; {lose}", crate::format::capitalised(&w)),
        None => crate::format::capitalised(lose),
    };
    let shown = crate::deck::story::all_shown(plan, fig);
    let said = crate::deck::story::Said::default();
    let views = crate::deck::story::asks(plan, fig, &shown, &said);
    for ask in row.asks.iter_mut() {
        let Some(v) = views.iter().find(|v| v.ask.id.value == ask.id) else {
            continue;
        };
        if v.whole_budget {
            ask.buys = Some(buys.clone());
            ask.if_no = Some(if_no.clone());
        } else {
            ask.buys = v.buys_text.clone();
            ask.if_no = v.if_declined_text.clone();
        }
    }
}
