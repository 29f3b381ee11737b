//! A scenario's words that state an outcome its row contradicts. Fintech's
//! shift typed "nets about 700 more funded accounts, consideration 0.2
//! points lower" while its row gave +3,300 accounts (the curves) and a
//! consideration 0.6 points lower (its typed 21.4% against the plan's 22%):
//! a board read the quoted words beside the row as the same quantity said
//! two ways.
//!
//! mvplan splits a scenario's description into clauses, reads each clause
//! that names one objective (its metric's words or its unit) with a number
//! that is not money, and compares what the clause states — a change ("700
//! more", "0.2 points lower", "up 5%") or a level — with the figure the
//! scenarios row shows against the plan's. A clause off by more than its
//! own rounding is a finding (`scenario-words-outcome`); the deck quotes
//! the description without it (`deck::scenarios`), so the main story
//! states one figure and the words' figure is in the plan health appendix.

use std::ops::Range;

use rust_decimal::Decimal;

use super::Ctx;
use super::scenarios::plan_level;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::Figures;
use crate::format::{format_change, format_quantity};
use crate::plan::{Objective, Plan, Scenario};

pub const SCENARIO_WORDS_OUTCOME: Rule = Rule {
    id: "scenario-words-outcome",
    severity: Severity::Warning,
    family: "media",
    summary: "a scenario's description states an outcome its row contradicts",
    explanation: "A scenario's description is quoted under the scenarios table, beside the row's \
figures. Where the words state an outcome (\"nets about 700 more funded accounts\", \"consideration \
0.2 points lower\", \"reaches 72,000 accounts\") and the row shows another — the response curves' \
figure where they cover the objective, else the typed outcome — a board reads the same quantity \
said two ways. mvplan reads each clause of the description that names one objective (the words of \
its metric or its unit) with a number that is not money, takes the change it states (\"more\", \
\"up\", \"higher\" add; \"fewer\", \"down\", \"lower\" take away; \"points\" in the metric's unit, \
\"%\" of the plan's level for a metric that is not a percentage) or the level, and compares it with \
the row against the plan's forecast; beyond the clause's own rounding (\"about 700\" is 650–750) and \
5%, it is a finding. The deck quotes the description without that clause, so the main story states \
the row's figure once; this finding carries the words' figure. Update the words to the row's figure, \
or drop the outcome from the description: the table states it.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&SCENARIO_WORDS_OUTCOME];

/// One clause of a scenario's words whose outcome its row contradicts.
#[derive(Debug, Clone)]
pub struct SaidOutcome {
    pub scenario: String,
    pub objective: String,
    /// The clause as written ("nets about 700 more funded accounts").
    pub words: String,
    /// What it states: a change, or a level where it names no direction.
    pub said: Decimal,
    pub change: bool,
    /// The row's figure, and the plan's level it compares with.
    pub row: Decimal,
    pub plan_level: Decimal,
}

/// Every contradicted clause of every scenario, in the plan's order.
pub fn contradicted(plan: &Plan, fig: &Figures) -> Vec<SaidOutcome> {
    plan.scenarios
        .iter()
        .flat_map(|s| contradicted_in(plan, fig, s))
        .collect()
}

/// The clauses of one scenario's words that its row contradicts.
pub fn contradicted_in(plan: &Plan, fig: &Figures, s: &Scenario) -> Vec<SaidOutcome> {
    let Some(text) = s.description.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in clauses(text) {
        let clause = &text[r];
        let Some(n) = number_in(clause) else {
            continue;
        };
        // "paid social −30%" moves a channel: its number is money's, not
        // an outcome's, whatever metric shares its words.
        if crate::plan::words_prices::channel_named(plan, clause).is_some() {
            continue;
        }
        let Some(o) = objective_named(plan, clause) else {
            continue;
        };
        let (Some(row), Some(level)) = (row_figure(plan, fig, s, o), plan_level(plan, fig, o))
        else {
            continue;
        };
        let Some((said, change)) = stated(&n, clause, o, level) else {
            continue;
        };
        let actual = if change { row - level } else { row };
        let tolerance = (n.precision / Decimal::TWO)
            .max(actual.abs() * Decimal::new(5, 2))
            .max(row.abs() * Decimal::new(5, 3));
        if (said - actual).abs() <= tolerance {
            continue;
        }
        out.push(SaidOutcome {
            scenario: s.id.value.clone(),
            objective: o.id.value.clone(),
            words: clause.trim().trim_end_matches('.').to_string(),
            said,
            change,
            row,
            plan_level: level,
        });
    }
    out
}

/// The row's figure, as the scenarios table shows it: the curves' where
/// they cover the objective (three figures), the plan's forecast at its
/// own budget, else the typed outcome.
/// `None` for an outcome the checker doubts: the deck states an estimate
/// there, and the words' clause is judged by the finding that doubts it.
fn row_figure(plan: &Plan, fig: &Figures, s: &Scenario, o: &Objective) -> Option<Decimal> {
    let curve = fig.media.as_ref().and_then(|m| {
        let x = m.scenarios.iter().find(|x| x.id == s.id.value)?;
        let v = x.outcomes.iter().find(|v| v.objective == o.id.value)?;
        crate::format::approx(v.planned_mix)
            .replace(',', "")
            .parse::<Decimal>()
            .ok()
    });
    if curve.is_some() {
        return curve;
    }
    // At the plan's own budget the row is the plan's forecast.
    if s.is_plan(plan.budget.total.value) {
        return plan_level(plan, fig, o);
    }
    let doubted = super::scenario_increase::doubted_outcomes(plan, fig);
    if super::scenarios::doubted(&doubted, &s.id.value, &o.id.value) {
        return None;
    }
    s.outcomes
        .iter()
        .find(|f| f.objective.value == o.id.value)
        .map(|f| f.value.value)
}

/// A number a clause states, with what follows it.
#[derive(Debug)]
struct Number {
    value: Decimal,
    /// Half of this is the clause's own rounding ("700": 100, "0.2": 0.1).
    precision: Decimal,
    sign: Option<bool>,
    percent: bool,
}

/// The clause's one number, where it is not money (a currency sign, a
/// money word or a budget figure is a move of money, not an outcome).
fn number_in(clause: &str) -> Option<Number> {
    if clause.chars().any(|c| "£$€¥".contains(c)) {
        return None;
    }
    let mut found = None;
    for w in clause.split_whitespace() {
        // A year ("up from March 2026") is a date, not an outcome.
        let bare = w.trim_matches(|c: char| !c.is_ascii_digit());
        if bare.len() == 4
            && w.chars().filter(char::is_ascii_digit).count() == 4
            && (1900..=2100).contains(&bare.parse::<u32>().unwrap_or(0))
        {
            continue;
        }
        let (sign, rest) = match w.chars().next()? {
            '+' => (Some(true), &w[1..]),
            '−' => (Some(false), &w['−'.len_utf8()..]),
            '-' => (Some(false), &w[1..]),
            '~' => (None, &w[1..]),
            _ => (None, w),
        };
        let body = rest.trim_end_matches([',', '.', ';', ':', ')']);
        let percent = body.ends_with('%');
        let (digits, scale) = match body.trim_end_matches('%') {
            d if d.ends_with('k') => (&d[..d.len() - 1], Decimal::ONE_THOUSAND),
            d => (d, Decimal::ONE),
        };
        if digits.is_empty()
            || !digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            continue;
        }
        if !digits.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Ok(value) = digits.replace(',', "").parse::<Decimal>() else {
            continue;
        };
        if found.is_some() {
            // Two numbers: which one is the outcome is a guess.
            return None;
        }
        // Any number a plan's words hold: one too large or too fine for
        // a Decimal is not an outcome anyone states, and is passed over.
        let (Some(value), Some(precision)) = (
            value.checked_mul(scale),
            precision_of(digits).and_then(|p| p.checked_mul(scale)),
        ) else {
            continue;
        };
        found = Some(Number {
            value,
            precision,
            sign,
            percent,
        });
    }
    found
}

/// The rounding a written number implies: "0.2" 0.1, "700" 100, "1,270" 10.
fn precision_of(digits: &str) -> Option<Decimal> {
    let plain = digits.replace(',', "");
    if let Some((_, frac)) = plain.split_once('.') {
        return Decimal::try_new(1, u32::try_from(frac.len()).ok()?).ok();
    }
    let zeros = plain.chars().rev().take_while(|c| *c == '0').count();
    let zeros = zeros.min(plain.len().saturating_sub(1));
    (0..zeros).try_fold(Decimal::ONE, |p, _| p.checked_mul(Decimal::TEN))
}

/// The one objective a clause names: the most words of its metric, or its
/// unit; `None` where none or two tie.
fn objective_named<'p>(plan: &'p Plan, clause: &str) -> Option<&'p Objective> {
    let words: Vec<String> = crate::plan::words_prices::content_words(clause);
    let mut best: Option<(usize, &Objective)> = None;
    let mut tie = false;
    for o in &plan.objectives {
        let metric = o
            .measure
            .metric
            .as_ref()
            .map_or(o.statement.as_str(), |m| m.value.as_str());
        let mut names = crate::plan::words_prices::content_words(metric);
        if let Some(u) = o.measure.unit.as_deref() {
            names.extend(crate::plan::words_prices::content_words(u));
        }
        names.sort();
        names.dedup();
        let score = names.iter().filter(|n| words.contains(n)).count();
        if score == 0 {
            continue;
        }
        match best {
            Some((b, _)) if b > score => {}
            Some((b, _)) if b == score => tie = true,
            _ => {
                best = Some((score, o));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, o)| o)
}

/// What the clause states, in the objective's unit: a change (true) or a
/// level. `None` where the reading is a guess (a "%" of a percentage).
fn stated(n: &Number, clause: &str, o: &Objective, level: Decimal) -> Option<(Decimal, bool)> {
    let lower = clause.to_lowercase();
    // Whole words between spaces: "sign-ups" is not "up", and the
    // objective's own words ("top-ups", "drop-offs") say no direction.
    let own = crate::plan::words_prices::content_words(
        o.measure
            .metric
            .as_ref()
            .map_or(o.statement.as_str(), |m| m.value.as_str()),
    );
    let has = |ws: &[&str]| {
        lower
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !own.iter().any(|o| o == w))
            .any(|w| ws.contains(&w))
    };
    let up = has(&[
        "more",
        "higher",
        "up",
        "extra",
        "additional",
        "adds",
        "gains",
        "rises",
    ]);
    let down = has(&["fewer", "less", "lower", "down", "loses", "drops", "falls"]);
    let sign = match (n.sign, up, down) {
        (Some(s), _, _) => Some(s),
        (None, true, false) => Some(true),
        (None, false, true) => Some(false),
        (None, false, false) => None,
        (None, true, true) => return None,
    };
    let percent_metric = o.measure.unit.as_deref() == Some("%");
    let points = has(&["points", "point", "pts", "pp"]);
    // A percentage moves by points or a "%": "ABM for 400 more accounts"
    // sizes the work, not awareness among those accounts.
    if percent_metric && !n.percent && !points {
        return None;
    }
    let value = if n.percent && !percent_metric {
        // "up 5%" of a count: of the plan's level; without a direction
        // ("3% conversion to funded accounts") it is a rate, not a level.
        sign?;
        level * n.value / Decimal::ONE_HUNDRED
    } else if n.percent && sign.is_some() && !points {
        // "5% higher" of a percentage: points or relative, a guess.
        return None;
    } else {
        n.value
    };
    Some(match sign {
        Some(true) => (value, true),
        Some(false) => (-value, true),
        None => (value, false),
    })
}

/// The clauses of a text: the spans between ", ", "; ", ": ", ". " and
/// " — ", a closing full stop left out.
pub fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let sep = [", ", "; ", ": ", ". ", " — "]
            .iter()
            .find(|s| rest.starts_with(**s));
        match sep {
            Some(s) => {
                out.push(from..i);
                i += s.len();
                from = i;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    let end = text.trim_end().trim_end_matches('.').len().max(from);
    out.push(from..end);
    out.retain(|r| !text[r.clone()].trim().is_empty());
    out
}

/// The text without the clauses `drop` names (as `SaidOutcome::words`),
/// each with the separator before it (after it, for a first clause).
pub fn without(text: &str, drop: &[String]) -> String {
    let spans = clauses(text);
    let gone: Vec<bool> = spans
        .iter()
        .map(|r| {
            let c = text[r.clone()].trim().trim_end_matches('.');
            drop.iter().any(|d| d == c)
        })
        .collect();
    if !gone.contains(&true) {
        return text.to_string();
    }
    let mut out = String::new();
    let mut kept_any = false;
    for (k, r) in spans.iter().enumerate() {
        if gone[k] {
            continue;
        }
        if kept_any {
            // The separator that stood before this clause in the text.
            out.push_str(&text[spans[k - 1].end..r.start]);
        }
        out.push_str(&text[r.clone()]);
        kept_any = true;
    }
    // Every clause contradicted: nothing of the words is left to quote.
    if !kept_any {
        return String::new();
    }
    // The closing full stop, where the text had one.
    if text.trim_end().ends_with('.') && !out.ends_with('.') {
        out.push('.');
    }
    out
}

pub fn check(cx: &mut Ctx<'_>) {
    let plan = cx.plan;
    for d in contradicted(plan, cx.fig) {
        let Some(s) = plan.scenarios.iter().find(|s| s.id.value == d.scenario) else {
            continue;
        };
        let unit = plan
            .objective(&d.objective)
            .and_then(|o| o.measure.unit.as_deref());
        let row = if d.change {
            format!(
                "{} ({})",
                format_change(d.row - d.plan_level, unit, true),
                format_quantity(d.row, unit, true)
            )
        } else {
            format_quantity(d.row, unit, true)
        };
        let said = if d.change {
            format_change(d.said, unit, true)
        } else {
            format_quantity(d.said, unit, true)
        };
        cx.report(
            Finding::new(
                &SCENARIO_WORDS_OUTCOME,
                format!(
                    "scenario `{}`'s words say \"{}\" ({said} of `{}`), but its row gives {row}",
                    d.scenario, d.words, d.objective,
                ),
            )
            .at(s.span.clone())
            .for_board(format!(
                "scenario {}: its words say {}; its row gives {row} — update the words",
                s.name, d.words,
            ))
            .label("an outcome the row contradicts")
            .help(format!(
                "say the row's figure ({row}) in the description, or leave the outcome to the table"
            )),
        );
    }
}
