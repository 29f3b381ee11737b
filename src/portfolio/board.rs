//! The review deck as a board reads it: a first slide that states the
//! decision (the ask, what it returns, the main risk, the alternative, the
//! cost of no), titles that state what each slide's data shows, and every
//! total saying what it is a total of. Computed here from the roll-up, so
//! the templates only lay the words out.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Checked, Coverage, Portfolio, UnitRow};
use crate::format::counted as plural;
use crate::format::{format_gap, format_money, lower_first, of_metric};
use crate::plan::{AskKind, AskStatus, Level, Plan};

/// Converts a plan's amounts into the review currency (`None`: no rate).
pub type Rate<'a> = &'a dyn Fn(&Plan) -> Option<Decimal>;

/// The words of the review deck's slides.
#[derive(Debug, Default, Serialize)]
pub struct Board {
    /// The summary's title: the conclusion (the ask and what it buys).
    pub title: String,
    /// (a) The open asks with their amount and first date.
    pub ask: Option<String>,
    /// (b) What the asks return: the company objectives' coverage.
    pub returns: Option<String>,
    /// (c) The highest-exposure risk across the units.
    pub risk: Option<String>,
    /// (d) The alternative: approving all but the unit looked at first.
    pub alternative: Option<String>,
    /// (e) What the company objectives lose without a unit's plan, and
    /// when the decision is due.
    pub cost_of_no: Option<String>,
    /// The spend slide's title.
    pub spend_title: String,
    /// What the spend is of: planned spend, its parts, and the budgets.
    pub spend_basis: String,
    /// The category chart's title, saying what part of the spend it is.
    pub category_title: String,
    /// The quarter chart's title.
    pub quarter_title: String,
    /// The coverage slide's title.
    pub coverage_title: String,
    /// Per coverage row, the units' share where the company splits the
    /// objective with them ("the units' 50% share"), for the Needs cell.
    pub coverage_shares: Vec<Option<String>>,
    /// Whether the coverage chart says anything the table does not: not
    /// when every objective is covered in full (all bars equal).
    pub coverage_chart: bool,
    /// Per coverage row, what the units' marketing shows of it in money
    /// ("€4.5M (11%)"), where the objective is money in the review's
    /// currency (`goals::of_coverage`).
    pub coverage_money: Vec<Option<String>>,
    /// Per coverage row, each unit's goal and what it shows in money.
    pub coverage_units: Vec<String>,
    /// The decisions slide's title.
    pub decisions_title: String,
    /// The one start date of the plans whose asks give no date: the table
    /// then writes "start¹" and its note gives the date (a narrow column).
    pub common_start: Option<chrono::NaiveDate>,
    /// Where to look first: each list with its label.
    pub outliers: Vec<super::outliers::Outlier>,
    /// The outliers slide's title: what the lists count.
    pub outliers_title: String,
    /// Whether the outliers have a slide of their own: with two items or
    /// fewer it would be a thin slide, and they go on the summary.
    pub outliers_slide: bool,
}

/// The portfolio's spend in parts, in the review currency: what "planned
/// spend" and "budget" are each a total of.
#[derive(Debug, Default)]
pub struct SpendParts {
    pub channels: Decimal,
    pub other: Decimal,
    pub contingency: Decimal,
    pub unallocated: Decimal,
}

impl SpendParts {
    pub fn add(&mut self, fig: &crate::figures::Figures, rate: Decimal) {
        let conv = |d: Decimal| d.saturating_mul(rate);
        self.channels = self.channels.saturating_add(conv(fig.channel_spend));
        let other = fig
            .line_spend
            .saturating_add(fig.team_cost)
            .saturating_add(fig.agency_fees);
        self.other = self.other.saturating_add(conv(other));
        self.contingency = self.contingency.saturating_add(conv(fig.contingency));
        self.unallocated = self.unallocated.saturating_add(conv(fig.unallocated));
    }
}

/// A category as a board reads it: the first letter upper-case, and a
/// short word that is an abbreviation (`abm`, `crm`, `seo`, `pr`) in
/// capitals; anything the user capitalised stays as written.
pub fn category_label(name: &str) -> String {
    // Short words that are words, not abbreviations.
    const WORDS: &[&str] = &[
        "ad", "ads", "and", "app", "at", "by", "day", "fee", "for", "in", "key", "kit", "lab",
        "map", "mix", "net", "new", "of", "on", "or", "out", "own", "pay", "the", "to", "web",
    ];
    if name.chars().any(char::is_uppercase) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let letters = word.chars().all(|c| c.is_ascii_alphabetic());
        if letters && (2..=3).contains(&word.len()) && !WORDS.contains(&word.as_str()) {
            out.push_str(&word.to_uppercase());
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in name.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    let mut chars = out.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

fn money(d: Decimal, currency: &str) -> String {
    format_money(d, currency, true)
}

fn pct(d: Decimal) -> String {
    format!("{}%", crate::format::format_number(d.round_dp(0), 0))
}

/// What a coverage row adds, in the objective's unit and metric
/// ("€40M of services revenue of the units", "+8 pts of awareness").
fn added(c: &Coverage, amount: Decimal) -> String {
    let what = of_metric(
        &format_gap(amount, c.unit.as_deref(), true),
        c.unit.as_deref(),
        &c.label,
    );
    // A target the company splits with the units (`units_share`): what
    // the units add is their part, not the target (a reader read "2
    // framework places … in full" against "6 frameworks, up from 2").
    if split(c) {
        format!("{what} (their {} share)", pct(c.units_share))
    } else {
        what
    }
}

/// Whether the company delivers part of the objective itself.
fn split(c: &Coverage) -> bool {
    c.units_share > Decimal::ZERO && c.units_share < Decimal::ONE_HUNDRED
}

/// The company objectives the units deliver, as a board reads their
/// coverage: those covered in full, and the shortfalls.
fn coverage_words(coverage: &[Coverage]) -> (String, bool) {
    let rows: Vec<&Coverage> = coverage.iter().filter(|c| c.needed.is_some()).collect();
    let full: Vec<&&Coverage> = rows
        .iter()
        .filter(|c| c.summable && c.shortfall.is_none())
        .collect();
    let short: Vec<&&Coverage> = rows.iter().filter(|c| c.shortfall.is_some()).collect();
    if rows.is_empty() {
        return (
            "No company objective is the units' to deliver".into(),
            false,
        );
    }
    let all = if rows.len() == 2 {
        "both".to_string()
    } else {
        format!("all {}", rows.len())
    };
    if full.len() == rows.len() {
        let what: Vec<String> = full.iter().map(|c| added(c, c.contributed)).collect();
        let part = if rows.iter().any(|c| split(c)) {
            "their part of "
        } else {
            ""
        };
        let title = if rows.len() == 1 {
            format!(
                "The units' goals add up to {part}the company target: {}",
                what[0]
            )
        } else {
            format!(
                "The units' goals add up to {part}{all} company targets: {}",
                crate::format::and_list(&what)
            )
        };
        return (title, false);
    }
    let worst = short
        .iter()
        .min_by_key(|c| c.coverage.unwrap_or_default())
        .or(short.first());
    let tail = worst.map_or(String::new(), |c| {
        format!(
            "; {} is {} short ({} covered)",
            lower_first(&c.label),
            format_gap(c.shortfall.unwrap_or_default(), c.unit.as_deref(), true),
            pct(c.coverage.unwrap_or_default())
        )
    });
    (
        format!(
            "The units' goals add up to {} of {} company targets{tail}",
            full.len(),
            rows.len()
        ),
        true,
    )
}

/// The open asks as the decision a board takes.
struct Decisions {
    /// "Approve 3 budgets, €4.55M in all, by 1 Jan 2027".
    title: String,
    /// The summary's ask, with why the date is what it is.
    ask: Option<String>,
    /// For the summary's title: "Approving 3 budgets (€4.55M)".
    short: Option<String>,
    /// The first date an open ask is due, and where the ask gives none,
    /// why then ("the first plan's start", "when the first money is spent").
    due: Option<(chrono::NaiveDate, Option<&'static str>)>,
}

fn decisions_words(p: &Portfolio) -> Decisions {
    let open: Vec<&super::AskRow> = p
        .decisions
        .iter()
        .filter(|a| a.status == AskStatus::Open)
        .collect();
    if open.is_empty() {
        let n = p.decisions.len();
        return Decisions {
            title: format!("No ask is open: {} answered", plural(n, "ask", "asks")),
            ask: None,
            short: None,
            due: None,
        };
    }
    let cur = &p.currency;
    let (mut parts, mut short) = (Vec::new(), Vec::new());
    for total in p.asks_by_kind.iter().filter(|t| t.open > 0) {
        let n = total.open;
        let (long, brief) = match (total.kind, total.amount, total.fte) {
            (AskKind::Budget, Some(a), _) => (
                format!(
                    "{}, {} in all",
                    plural(n, "budget", "budgets"),
                    money(a, cur)
                ),
                format!("{} ({})", plural(n, "budget", "budgets"), money(a, cur)),
            ),
            (AskKind::Budget, None, _) => (
                plural(n, "budget", "budgets"),
                plural(n, "budget", "budgets"),
            ),
            (AskKind::Headcount, _, Some(f)) => {
                let w = format!(
                    "{} ({} FTE)",
                    plural(n, "hire", "hires"),
                    crate::format::format_number(f, 1)
                );
                (w.clone(), w)
            }
            (AskKind::Headcount, _, None) => {
                (plural(n, "hire", "hires"), plural(n, "hire", "hires"))
            }
            (AskKind::Decision, _, _) => (
                plural(n, "decision", "decisions"),
                plural(n, "decision", "decisions"),
            ),
            (AskKind::Other, _, _) => (
                plural(n, "other ask", "other asks"),
                plural(n, "other ask", "other asks"),
            ),
        };
        parts.push(long);
        short.push(brief);
    }
    let first = open.iter().min_by_key(|a| a.due);
    let one_date = open.iter().all(|a| Some(a.due) == first.map(|f| f.due));
    let when = first.map_or(String::new(), |a| {
        format!(
            ", {} {}",
            if one_date { "by" } else { "the first by" },
            a.due.format("%-d %b %Y")
        )
    });
    let why = match first {
        Some(a) if a.due_is_start => {
            " (the plan's start: the ask gives no date of its own)".to_string()
        }
        // Dated by its money (`deck::ask_due`): the basis, not a gap.
        Some(a) => a.due_basis.map_or(String::new(), |b| format!(" ({b})")),
        None => String::new(),
    };
    let all_budgets = open.iter().all(|a| a.kind == AskKind::Budget);
    let verb = if all_budgets { "Approve" } else { "Decide" };
    // A mix of kinds is counted, its money and people said once: the
    // title stays one line above a long table.
    let title = if all_budgets {
        format!("{verb} {}{when}", crate::format::and_list(&parts))
    } else {
        let mut what = Vec::new();
        for t in &p.asks_by_kind {
            if let Some(a) = t.amount.filter(|_| t.kind == AskKind::Budget) {
                what.push(money(a, cur));
            }
            if let Some(f) = t.fte {
                what.push(format!("{} FTE", crate::format::format_number(f, 1)));
            }
        }
        let what = if what.is_empty() {
            String::new()
        } else {
            format!(", {}", crate::format::and_list(&what))
        };
        let when = when.replace("the first by", "first by");
        format!("{verb} {} asks{what}{when}", open.len())
    };
    Decisions {
        title,
        ask: Some(format!("{}{when}{why}", crate::format::and_list(&parts))),
        // The title names the money; the other asks are in the ask line.
        short: Some(
            match p
                .asks_by_kind
                .iter()
                .position(|t| t.kind == AskKind::Budget && t.open > 0)
            {
                Some(0) => format!("Approving {}", short[0]),
                _ => format!("Deciding {}", crate::format::and_list(&short)),
            },
        ),
        due: first.map(|a| {
            let why = if a.due_is_start {
                Some("the first plan's start")
            } else {
                // A hire's start is not money being spent: said as itself.
                a.due_basis.map(|b| {
                    if b == crate::deck::ask_due::HIRE_START {
                        b
                    } else {
                        "when the first money is spent"
                    }
                })
            };
            (a.due, why)
        }),
    }
}

/// The risk a board weighs first across the units: the highest exposure in
/// money, then likelihood × impact; the unit's own deck's order within it.
fn main_risk(p: &Portfolio, checked: &[Checked], rate: Rate<'_>) -> Option<String> {
    use crate::deck::risk_rating::rank;
    let mut best: Option<(Option<Decimal>, u8, String)> = None;
    for row in &p.plans {
        let Some(c) = checked.iter().find(|c| c.report.path == row.file) else {
            continue;
        };
        let (Some(plan), Some(fig)) = (&c.plan, &c.report.figures) else {
            continue;
        };
        let Some(r) = crate::deck::risk_rating::order(plan, fig)
            .first()
            .and_then(|i| plan.risks.get(*i))
        else {
            continue;
        };
        let exposure = crate::figures::value::risk_money(plan, r)
            .exposure
            .zip(rate(plan))
            .map(|(e, r)| e.saturating_mul(r));
        let impact = crate::deck::risk_rating::judged_impact(plan, fig, r);
        let score = rank(r.likelihood) * rank(impact);
        let words = risk_words(row, r, impact, exposure, &p.currency);
        if best
            .as_ref()
            .is_none_or(|(e, s, _)| (exposure, score) > (*e, *s))
        {
            best = Some((exposure, score, words));
        }
    }
    best.map(|b| b.2)
}

fn risk_words(
    row: &UnitRow,
    r: &crate::plan::Risk,
    impact: Level,
    exposure: Option<Decimal>,
    currency: &str,
) -> String {
    let level = |l: Level| match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    };
    let size = exposure.map_or(String::new(), |e| {
        format!(", {} exposure", money(e, currency))
    });
    let owner = r
        .owner
        .as_deref()
        .map_or_else(|| "no owner named".to_string(), |o| format!("owner {o}"));
    format!(
        "{}: “{}” ({} likelihood, {} impact{size}; {owner})",
        row.unit,
        r.risk,
        level(r.likelihood),
        level(impact)
    )
}

/// The board's words for the review deck.
pub fn board(p: &Portfolio, checked: &[Checked], parts: &SpendParts, rate: Rate<'_>) -> Board {
    let cur = &p.currency;
    let (coverage_title, coverage_chart) = coverage_words(&p.coverage);
    let decisions = decisions_words(p);
    let shown = super::goals::of_coverage(p);
    let coverage_title = match (&shown.sentence, coverage_chart) {
        // A title that reads as the slide's finding: the goals' sum and
        // what the money shows of it, where every target adds up.
        (Some(m), false) => format!("{coverage_title}; {m}"),
        _ => coverage_title,
    };
    let coverage_words = (!p.coverage.is_empty()).then(|| lower_first(&coverage_title));
    let lead = shown
        .sentence
        .clone()
        .unwrap_or_else(|| "their marketing, in money".to_string());
    let returns = match (
        coverage_words,
        super::returns::summary_words(&p.plans, cur, &lead),
    ) {
        // The goals, then the money: said once (the title may carry the
        // money sentence; the list after it names the units).
        (Some(c), Some(m)) => Some(format!(
            "{}; {m}",
            c.strip_suffix(&format!("; {lead}")).unwrap_or(&c)
        )),
        // No unit values its goals: the goals, and that the money shows
        // none of them.
        (Some(c), None) => Some(match &shown.sentence {
            Some(m) if !c.ends_with(m.as_str()) => format!("{c}; {m}"),
            _ => c,
        }),
        (c, m) => c.or(m),
    };
    let alternative = super::alternative::alternative(p, checked, rate);
    let cost_of_no = no_words(p, decisions.due);
    let top = p.by_category.first();
    let spend_title = match top {
        Some(c) => format!(
            "{} takes {}, {} of the {} of channel spend; {} of the {} budgets is planned",
            category_label(&c.name),
            money(c.amount, cur),
            pct(c.share.unwrap_or_default()),
            money(parts.channels, cur),
            money(p.total_spend, cur),
            money(p.total_budget, cur)
        ),
        None => format!(
            "{} of the {} budgets is planned",
            money(p.total_spend, cur),
            money(p.total_budget, cur)
        ),
    };
    // Only the parts there are: "with €150k of contingency", "with €150k
    // of contingency and €30k unallocated"; over budget says so.
    let mut rest = Vec::new();
    if !parts.contingency.is_zero() {
        rest.push(format!("{} of contingency", money(parts.contingency, cur)));
    }
    if parts.unallocated > Decimal::ZERO {
        rest.push(format!("{} unallocated", money(parts.unallocated, cur)));
    } else if parts.unallocated < Decimal::ZERO {
        rest.push(format!(
            "{} allocated over budget",
            money(-parts.unallocated, cur)
        ));
    }
    let spend_basis = format!(
        "Planned spend {} = channels {} + other lines, team and agencies {}{}; the units' budgets total {}.",
        money(p.total_spend, cur),
        money(parts.channels, cur),
        money(parts.other, cur),
        if rest.is_empty() {
            String::new()
        } else {
            format!("; with {}", crate::format::and_list(&rest))
        },
        money(p.total_budget, cur)
    );
    let outliers = super::outliers::lines(p, checked);
    Board {
        title: summary_title(p, decisions.short.as_deref(), &coverage_title),
        ask: decisions.ask,
        returns,
        risk: main_risk(p, checked, rate),
        alternative,
        cost_of_no,
        spend_title,
        spend_basis,
        category_title: format!(
            "Channel spend by category: {} of the {} planned",
            money(parts.channels, cur),
            money(p.total_spend, cur)
        ),
        quarter_title: format!("Planned spend by quarter: {}", money(p.total_spend, cur)),
        coverage_title,
        coverage_shares: p
            .coverage
            .iter()
            .map(|c| split(c).then(|| format!("the units' {} share", pct(c.units_share))))
            .collect(),
        coverage_chart,
        coverage_money: shown.money,
        coverage_units: shown.units,
        decisions_title: decisions.title,
        common_start: common_start(p),
        outliers_slide: outliers.len() > 2,
        outliers_title: super::outliers::title(p),
        outliers,
    }
}

/// The conclusion: what is asked, what it buys, and the verdicts.
fn summary_title(p: &Portfolio, ask: Option<&str>, coverage: &str) -> String {
    // The portfolio's one verdict (`asks::rollup`), as the title slide
    // says it: the asks' recommendations follow the same verdicts.
    let verdict = match p.verdict.short.as_str() {
        "" => "no plan to judge".to_string(),
        v => v.to_string(),
    };
    // The coverage title up to its list: "add up to both company
    // targets", "add up to 2 of 4 company targets". The cascade sums the
    // units' goals (target − baseline), not their forecasts: "covers …
    // in full" beside a unit whose marketing explains €4.5M of its €25M
    // read as a claim the deck's own money belies (a reader, C2/C9).
    let buys = coverage.strip_prefix("The units' goals ").map(|c| {
        let c =
            c.split([':', ';'])
                .next()
                .unwrap_or(c)
                .replacen("their part", "the units' part", 1);
        format!("funds plans whose goals {c}")
    });
    match (ask, buys) {
        (Some(a), Some(b)) if !p.coverage.is_empty() => format!("{a} {b}; {verdict}"),
        (Some(a), _) => format!("{a}; {verdict}"),
        (None, _) => {
            format!("No ask is open; {}", crate::format::capitalised(&verdict))
        }
    }
}

/// What saying no costs: what the units add to the company targets goes,
/// and a late decision starts the plans late.
fn no_words(
    p: &Portfolio,
    due: Option<(chrono::NaiveDate, Option<&'static str>)>,
) -> Option<String> {
    let added: Vec<String> = p
        .coverage
        .iter()
        .filter(|c| c.needed.is_some() && c.contributed > Decimal::ZERO)
        .map(|c| added(c, c.contributed))
        .collect();
    let lose = (!added.is_empty()).then(|| {
        format!(
            "without the units, the company targets lose {}",
            crate::format::and_list(&added)
        )
    });
    // What waits on a late decision, in money: the plans' first quarter of
    // planned spend (the spend slide's first bar) and its monthly pace.
    let first = p.by_quarter.first().map(|q| {
        format!(
            "{}'s {} of planned spend ({} a month)",
            q.name,
            money(q.amount, &p.currency),
            money((q.amount / Decimal::from(3)).round_dp(0), &p.currency)
        )
    });
    let late = due.map(|(d, why)| {
        let d = d.format("%-d %b %Y");
        match (why, &first) {
            // A hire dated by its start holds back the hire, not a
            // quarter's spend.
            (Some(why), _) if why == crate::deck::ask_due::HIRE_START => {
                format!("the first ask is due {d}, {why}: a later decision delays the hire")
            }
            (Some(why), Some(q)) => {
                format!("a decision after {d}, {why}, holds back {q}")
            }
            (Some(_), None) => {
                format!("the first plan starts {d}: a decision after that leaves part of its year unfunded")
            }
            // An ask dated before the plans start: its date is the cost
            // of lateness the plans give.
            (None, _) => format!("the first ask is due {d}"),
        }
    });
    match (lose, late) {
        (Some(l), Some(t)) => Some(format!("{l}; {t}")),
        (l, t) => l.or(t),
    }
}

/// A company objective the units deliver shows, on its plan's page, what
/// the units must add (the coverage slide's "Needs"), not the target level.
/// A company objective it splits with the units shows its own part so
/// marked ("its 50% share"), and each unit's page says what it adds to the
/// company targets, as the coverage slide counts it (a reader could not
/// trace the cascade's €40M and framework places to any unit page).
pub fn units_part(
    plans: &mut [UnitRow],
    coverage: &[Coverage],
    in_review: super::alternative::InReview<'_>,
) {
    for row in plans {
        row.adds_to_company = super::alternative::unit_parts_in(coverage, &row.unit, in_review);
        for o in row.objective_coverage.iter_mut() {
            let Some(c) = coverage
                .iter()
                .find(|c| c.parent_file == row.file && c.objective == o.id)
            else {
                continue;
            };
            // What the units must add, or the plan's own part of a target
            // it splits: a change over today, never the level the whole
            // target makes (the others' part is not this row's).
            let change = |d: Decimal| crate::format::format_change(d, o.unit.as_deref(), true);
            if o.delivered_by_units {
                o.needed = c.needed;
                o.needs_cell = c.needed.map(change);
                o.forecast_cell = None;
            } else if split(c) {
                o.share = Some(format!(
                    "its {} share",
                    pct(Decimal::ONE_HUNDRED - c.units_share)
                ));
                o.needs_cell = o.needed.map(change);
                o.forecast_cell = Some(change(o.forecast));
            }
        }
    }
}

/// The start date every undated ask shares, if they share one.
fn common_start(p: &Portfolio) -> Option<chrono::NaiveDate> {
    let mut starts = p.decisions.iter().filter(|a| a.due_is_start).map(|a| a.due);
    let first = starts.next()?;
    starts.all(|d| d == first).then_some(first)
}
