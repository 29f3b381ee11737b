//! The portfolio review: many business units' plans checked side by side and
//! rolled up for the CMO — do the units' plans add up to the company plan
//! ([`cascade`]), what is being asked for ([`asks`]), where to look first
//! ([`scoreboard`]), spend by channel category and by quarter in one
//! currency, and a page per unit. [`csv`] writes the rows for spreadsheets.

pub mod alternative;
pub mod asks;
mod batch;
pub mod board;
pub mod calendar;
pub mod cascade;
pub mod csv;
pub mod goals;
pub mod outliers;
pub mod people;
pub mod returns;
pub mod risks;
mod roll;
pub mod scoreboard;
pub mod stack;

pub use self::asks::{AskRow, AskTotal};
pub use self::cascade::{Contribution, Coverage};
pub use self::csv::csv;
pub use self::scoreboard::Attention;

/// The review's own rules: findings that need every plan of the batch.
pub const RULES: &[&crate::diagnostic::Rule] = &[
    &cascade::CASCADE_SHORTFALL,
    &scoreboard::REVIEW_STATUS,
    &people::SHARED_SKILL_GAP,
    &stack::STACK_CONSOLIDATION,
    &calendar::AUDIENCE_COLLISION,
    &calendar::CROSS_UNIT_DEPENDENCY,
];

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::{Severity, Tally};
use crate::plan::Plan;
use crate::report::FileReport;

pub use self::batch::{Checked, Tracked, check_all, collect};
pub use self::roll::roll_up;

#[derive(Debug, Serialize)]
pub struct UnitRow {
    pub file: String,
    pub title: String,
    pub organisation: String,
    pub unit: String,
    pub owner: String,
    pub status: String,
    pub currency: String,
    /// Whether the plan's amounts could be converted into the review currency.
    pub converted: bool,
    /// Total budget in the review currency (or the plan's, if not converted).
    pub budget: Decimal,
    pub unallocated: Decimal,
    pub upstream_share: Option<Decimal>,
    pub score: u32,
    pub errors: usize,
    pub warnings: usize,
    pub stale_insights: usize,
    pub strategy: Option<String>,
    /// Red, amber or green: the verdict of `deck::verdict` on the plan's
    /// findings, forecast coverage, pacing and status.
    pub attention: Attention,
    /// The verdict's line: rating, what it stands on, and readiness.
    pub health: String,
    /// `health` without the money-goal reason, for the scoreboard, whose
    /// "Goal shown in money" column says it.
    pub health_board: String,
    /// What the verdict was judged on (kept to judge again when the
    /// review adds findings of its own).
    #[serde(skip)]
    pub basis: crate::verdict::Basis,
    /// The policy's minimum upstream share, if it sets one.
    pub upstream_minimum: Option<Decimal>,
    /// Whether its upstream share is below that minimum: the scoreboard
    /// shows the minimum on that row only.
    pub upstream_short: bool,
    /// The weakest objective's forecast coverage, percent.
    pub forecast_coverage: Option<Decimal>,
    /// Each objective's forecast against its target.
    pub objective_coverage: Vec<ObjectiveRow>,
    /// Channel spend by category, in the review currency.
    pub spend_by_category: Vec<Amount>,
    /// The plan's asks.
    pub asks: Vec<AskRow>,
    /// Skills its work needs that no one in it offers.
    pub missing_skills: Vec<String>,
    /// Quarters and skills where its work exceeds its people's capacity.
    pub capacity_gaps: Vec<String>,
    /// The most severe findings, for the plan's slide.
    pub top_findings: Vec<String>,
    /// Every finding, with its rule id and place (for BI tools: count by rule).
    pub findings: Vec<FindingRow>,
    pub objectives: usize,
    pub channels: usize,
    /// Plan vs actual, when the plan names its actuals.
    pub actuals: Option<ActualsRow>,
    /// What its money returns, per basis, as its own deck's value slide
    /// says (`returns::of_plan`).
    pub returns: Vec<returns::UnitReturn>,
    /// Its page's value line: the return with its bridge, or why none.
    pub value_line: Option<String>,
    /// Its money goals against what its marketing shows of them in money
    /// (`goals::of_plan`).
    pub money_goals: goals::UnitGoals,
    /// What it adds to each company objective the units deliver, of what
    /// the units must add (`alternative::unit_parts`).
    pub adds_to_company: Vec<String>,
    /// Its page's title: what the board should conclude about the unit
    /// (`returns::unit_title`).
    pub finding: String,
}

/// A unit's spend and results against its plan (`mvplan track`'s figures),
/// amounts in the review currency when converted.
#[derive(Debug, Serialize)]
pub struct ActualsRow {
    pub as_of: Option<chrono::NaiveDate>,
    /// Why the actuals could not be read, if they could not.
    pub error: Option<String>,
    /// The budgets of the tracked channels and lines (team, agencies and
    /// contingency are not in actuals).
    pub budget: Decimal,
    pub planned_to_date: Decimal,
    pub actual: Decimal,
    pub committed: Decimal,
    /// Actual as a percentage of planned to date.
    pub pacing: Option<Decimal>,
    /// Spend at the end of the period at the pace so far.
    pub reforecast: Decimal,
    /// Objectives and KPIs behind the pace their targets need.
    pub behind: Vec<String>,
    /// Lines overspending or under-pacing.
    pub off_pace: Vec<String>,
    /// Rows of the actuals files that cannot be used.
    pub bad_rows: usize,
    /// Tracking findings (warnings and errors).
    pub flags: usize,
}

/// One objective of a plan and how far its channels' forecasts reach.
#[derive(Debug, Serialize)]
pub struct ObjectiveRow {
    pub id: String,
    pub statement: String,
    /// The objective's metric as a sentence reads it ("orders").
    pub label: String,
    pub unit: Option<String>,
    pub needed: Option<Decimal>,
    pub forecast: Decimal,
    pub coverage: Option<Decimal>,
    /// The coverage as the review's cell states it ("22%", "moves away",
    /// "no baseline"; `figures::progress`), the plan's deck's words.
    pub gap_cell: Option<String>,
    /// In a company plan: the units deliver it (no forecast expected here).
    pub delivered_by_units: bool,
    /// In a company plan, its own part of an objective it splits with the
    /// units ("its 50% share"), for the Needs cell.
    pub share: Option<String>,
    /// The Needs and Forecast cells, each a change over today with the
    /// level it makes (`goals::objective_cells`), where the plan gives a
    /// baseline: one basis per column.
    pub needs_cell: Option<String>,
    pub forecast_cell: Option<String>,
    /// Whether `needed` and `forecast` are changes over the baseline (an
    /// uplift, or the units' part), not levels: the slide marks them so
    /// one column never mixes levels and changes unmarked.
    pub change: bool,
}

#[derive(Debug, Serialize)]
pub struct BrokenRow {
    pub file: String,
    /// The first problems, as sentences (for the deck).
    pub errors: Vec<String>,
    /// Every problem, with its rule id and place.
    pub findings: Vec<FindingRow>,
}

/// One finding of one plan, as review JSON carries it.
#[derive(Debug, Serialize)]
pub struct FindingRow {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl FindingRow {
    /// A finding located in `report`'s file.
    pub fn of(report: &FileReport, f: &crate::diagnostic::Finding) -> FindingRow {
        let at = match (&report.source, &f.span) {
            (Some(s), Some(span)) => Some(s.line_col(span.start)),
            _ => None,
        };
        FindingRow {
            rule: f.rule,
            severity: f.severity,
            message: f.message.clone(),
            file: report.path.clone(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    }
}

pub(crate) fn finding_rows(report: &FileReport) -> Vec<FindingRow> {
    report
        .findings
        .iter()
        .map(|f| FindingRow::of(report, f))
        .collect()
}

/// A company objective by id: which plan it is in, and its id there.
#[derive(Debug, Serialize)]
pub struct ObjectiveRef {
    pub file: String,
    pub objective: String,
}

#[derive(Debug, Serialize)]
pub struct Amount {
    pub name: String,
    /// The name as a slide shows it (a category: `board::category_label`).
    pub label: String,
    pub amount: Decimal,
    pub share: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct Portfolio {
    /// `mvplan <version>`: first in the JSON, by which mvplan knows its own file.
    pub generator: String,
    pub title: String,
    pub currency: String,
    pub policy: Option<String>,
    pub plans: Vec<UnitRow>,
    pub broken: Vec<BrokenRow>,
    pub total_budget: Decimal,
    pub total_spend: Decimal,
    pub upstream_share: Option<Decimal>,
    pub by_category: Vec<Amount>,
    pub by_quarter: Vec<Amount>,
    pub tally: Tally,
    /// Plans by status (draft, submitted, approved).
    pub statuses: scoreboard::StatusCounts,
    /// The status the policy requires for the review to pass, if any.
    pub required_status: Option<crate::plan::Status>,
    /// Company objectives: the units' contributions against their targets.
    pub coverage: Vec<Coverage>,
    /// Company objectives no unit serves ("id — statement", for the deck).
    pub uncovered: Vec<String>,
    /// The same, by id.
    pub uncovered_objectives: Vec<ObjectiveRef>,
    /// Units with a parent whose goals trace to none of its objectives.
    pub untraced: Vec<String>,
    /// Plans with error-level findings.
    pub with_errors: Vec<String>,
    /// Plans scoring below 100, lowest first (at most five).
    pub lowest_scores: Vec<String>,
    /// Plans by unallocated budget, largest first (at most five, only those with some).
    pub most_unallocated: Vec<String>,
    /// Plans with stale insights.
    pub stale: Vec<String>,
    /// Every open and answered ask, in the order a CMO takes them.
    pub decisions: Vec<AskRow>,
    /// The asks by kind (budget, headcount, decision, other), totalled.
    pub asks_by_kind: Vec<AskTotal>,
    /// Skills several units need and none has.
    pub shared_skill_gaps: Vec<people::SharedGap>,
    /// What the review itself found (cascade shortfalls, plans below the
    /// required status, shared skill gaps), located in the plans' files.
    pub findings: Vec<FindingRow>,
    /// Units whose plans carry actuals (for the plan-vs-actual slide).
    pub tracked: Vec<String>,
    /// The units' stacks rolled up (marketing operations).
    pub stack: stack::StackRollup,
    /// Every unit's initiatives and flights on one timeline.
    pub calendar: calendar::Calendar,
    /// The deck's words as a board reads them: the decision first, titles
    /// that state findings.
    pub board: board::Board,
    /// Every unit's risks and downside cases on one slide.
    pub risks: risks::Register,
    /// The portfolio's one verdict: the worst unit's, counted.
    pub verdict: asks::Rollup,
}

pub(crate) fn unit_name(plan: &Plan) -> String {
    plan.meta
        .unit
        .clone()
        .unwrap_or_else(|| plan.meta.title.clone())
}

/// What the portfolio deck's front matter needs, shaped like a plan's.
#[derive(Debug, Serialize)]
pub struct DeckMeta {
    pub title: String,
    pub organisation: String,
    pub owner: String,
    pub unit: Option<String>,
    pub theme: Option<String>,
}

/// The view model of the portfolio deck.
#[derive(Debug, Serialize)]
pub struct PortfolioView<'a> {
    pub plan: DeckMeta,
    #[serde(flatten)]
    pub portfolio: &'a Portfolio,
}

pub fn view(p: &Portfolio, theme: Option<String>) -> PortfolioView<'_> {
    PortfolioView {
        plan: DeckMeta {
            title: p.title.clone(),
            organisation: p
                .plans
                .first()
                .map(|u| u.organisation.clone())
                .unwrap_or_default(),
            owner: p
                .policy
                .clone()
                .unwrap_or_else(|| "Portfolio review".into()),
            unit: None,
            theme,
        },
        portfolio: p,
    }
}

impl Portfolio {
    /// Why the review fails, for a terminal: each plan that did not load or
    /// has errors with its first errors (and how to see the rest), then the
    /// review's own errors. `None` when nothing fails the review.
    pub fn failures(&self) -> Option<String> {
        use std::fmt::Write;
        const SHOWN: usize = 3;
        let place = |f: &FindingRow| match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", f.file),
            _ => f.file.clone(),
        };
        let mut out = String::new();
        let list = |out: &mut String, file: &str, errors: Vec<&FindingRow>, what: &str| {
            let _ = writeln!(out, "error: `{file}` {what}");
            for f in errors.iter().take(SHOWN) {
                let _ = writeln!(out, "  error[{}] {}: {}", f.rule, place(f), f.message);
            }
            if errors.len() > SHOWN {
                let _ = writeln!(out, "  … and {} more", errors.len() - SHOWN);
            }
            let _ = writeln!(
                out,
                "  = help: run `mvplan check {file}` for every finding with its source line"
            );
        };
        for b in &self.broken {
            let errors: Vec<&FindingRow> = b
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            list(&mut out, &b.file, errors, "did not load");
        }
        for p in self.plans.iter().filter(|p| p.errors > 0) {
            let errors: Vec<&FindingRow> = p
                .findings
                .iter()
                .chain(self.findings.iter().filter(|f| f.file == p.file))
                .filter(|f| f.severity == Severity::Error)
                .collect();
            let n = errors.len();
            let what = format!("has {n} error{}", if n == 1 { "" } else { "s" });
            list(&mut out, &p.file, errors, &what);
        }
        let plan_files: Vec<&str> = self.plans.iter().map(|p| p.file.as_str()).collect();
        for f in self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !plan_files.contains(&f.file.as_str()))
        {
            let _ = writeln!(out, "error[{}] {}: {}", f.rule, place(f), f.message);
        }
        (!out.is_empty()).then_some(out)
    }
}
