//! One health verdict per plan, with its basis, that no slide can undercut.
//!
//! A rating that stood on the alignment score alone called a plan with three
//! errors "100/100", and a draft with overspend "Green, ready for approval".
//! The verdict falls with everything a board would hold against the plan:
//! errors, warnings, a forecast short of a target, results behind pace,
//! spend off its phasing, and the plan's own status. It never says "ready"
//! while there is an error or the plan is a draft, and it always says why.
//!
//! In proportion: a plan goes to the board *as* a draft for approval, so a
//! draft with warnings is Amber, "a draft for approval", not Red. Red is
//! kept for what stops an approval outright, an error, and the line says
//! so. A forecast short of its target is Amber with the share of the gap
//! from today it closes (`figures::gap_closed`), the figure every slide
//! states: on that basis a plan can close a fifth of a gap and still be the
//! plan the board is asked to approve with the gap named — a Red "not
//! ready" beside the ask would undercut the deck's own request.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::Status;

/// Red: act before approving. Amber: look at what the verdict names.
/// Green: nothing found against the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Attention {
    Red,
    Amber,
    Green,
}

impl Attention {
    /// The rating from the checker's findings alone.
    pub fn of(errors: usize, warnings: usize) -> Attention {
        if errors > 0 {
            Attention::Red
        } else if warnings > 0 {
            Attention::Amber
        } else {
            Attention::Green
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Attention::Red => "Red",
            Attention::Amber => "Amber",
            Attention::Green => "Green",
        }
    }
}

/// What the verdict is judged on.
#[derive(Debug, Clone, Default)]
pub struct Basis {
    pub errors: usize,
    pub warnings: usize,
    pub status: Option<Status>,
    /// The weakest share of the gap closed (`figures::gap_closed`) of an
    /// objective the plan's own channels deliver, percent, with that
    /// objective's name.
    pub weakest: Option<(Decimal, String)>,
    /// The same share at the cost per result the plan's own evidence states
    /// where a channel's forecast beats it (`forecast-beats-evidence`):
    /// both stated, one basis each, never the forecast's alone.
    pub weakest_at_evidence: Option<Decimal>,
    /// Results (objectives, KPIs) behind the pace their targets need.
    pub behind_pace: usize,
    /// Budget lines overspending or well behind their phasing.
    pub off_pace: usize,
    /// What the people side holds against the plan, in words: the worst
    /// capacity gap, or the team row a likely risk may take away (`people`).
    pub people: Option<String>,
    /// The money goal the value bridges reach least of, when short of it:
    /// the share reached, percent, and the money the goal needs, as the
    /// bridge slide writes it ("$20M"). Stated, never
    /// counted against the rating — marketing's objectives may be met while
    /// the rest of a revenue goal is Sales' or pricing's — so that a line
    /// "every target forecast to be met" never stands beside a bridge slide
    /// that reaches 34% of the goal.
    pub goal: Option<(Decimal, String)>,
    /// Figures the plan's own words leave open (`check::words_settle`): a
    /// plan with one is not ready, whatever its status says.
    pub to_settle: usize,
    /// A likely risk (medium or high) nobody owns or mitigates that the
    /// team's delivery rests on (`deck::risk_rating::delivery_critical`),
    /// as the verdict names it after "delivery rests on" (the caller's
    /// words: the risk quoted, or "the main risk" where the summary has just
    /// named it): the plan is not ready while it stands — an
    /// Amber beside "the team can deliver only if it survives a
    /// high-likelihood risk nobody owns" was a rating its own people slide
    /// undercut.
    pub critical_risk: Option<String>,
}

/// The people side of the verdict: the slide that says "the team can
/// deliver" and the summary's health line must not disagree, so a gap or a
/// row the plan cannot do without, that a likely risk names, is a reason.
/// `unsecured`: the conditions capacity rests on that the plan has not
/// secured (`deck::people_terms::condition`), in a board's words.
pub fn people(
    cap: Option<&crate::figures::capacity::Capacity>,
    unsecured: &[String],
) -> Option<String> {
    let cap = cap?;
    if !cap.gaps.is_empty() {
        return Some(shortfalls(cap));
    }
    if !unsecured.is_empty() {
        // Capacity counts time not yet secured: the verdict is conditional
        // on it, the same words as the people slide's lines.
        return Some(format!(
            "the team delivers only if {}",
            unsecured.join(" and ")
        ));
    }
    cap.at_risk.first().map(|k| {
        let likelihood = match k.likelihood {
            crate::plan::Level::High => "high",
            crate::plan::Level::Medium => "medium",
            crate::plan::Level::Low => "low",
        };
        format!(
            "the team delivers the plan only if the {} stays (a {likelihood}-likelihood risk)",
            crate::format::lower_first(&k.role)
        )
    })
}

/// Every capacity gap in one phrase, by skill, quarters in order: "short
/// of CRM in Q1 2027 and Q2 2027 (up to 0.8 FTE-months) and of retail in
/// Q1 2027 (0.5 FTE-months)" — never the worst gap alone beside a slide
/// that lists the others.
fn shortfalls(cap: &crate::figures::capacity::Capacity) -> String {
    use crate::format::format_number;
    let order = |q: &str| cap.quarters.iter().position(|l| l.label == q);
    let mut skills: Vec<(&str, Vec<&str>, rust_decimal::Decimal)> = Vec::new();
    for g in &cap.gaps {
        match skills.iter_mut().find(|s| s.0 == g.skill) {
            Some(s) => {
                s.1.push(&g.quarter);
                s.2 = s.2.max(g.short());
            }
            None => skills.push((&g.skill, vec![&g.quarter], g.short())),
        }
    }
    let parts: Vec<String> = skills
        .into_iter()
        .map(|(skill, mut quarters, most)| {
            quarters.sort_by_key(|q| order(q));
            format!(
                "{} in {} ({}{} FTE-months)",
                crate::figures::capacity::skill_words(skill),
                quarters.join(" and "),
                if quarters.len() > 1 { "up to " } else { "" },
                format_number(most, 1)
            )
        })
        .collect();
    format!("the team is short of {}", parts.join(" and of "))
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub attention: Attention,
    /// `ready for approval`, `not ready for approval`, `draft: not submitted`…
    pub readiness: &'static str,
    /// What the rating stands on, worst first ("3 errors", "forecast covers
    /// 85% of orders"); "no findings" when nothing.
    pub reasons: Vec<String>,
    /// The one line a slide shows: rating, basis and readiness.
    pub line: String,
    /// The line without the rating, for a slide that shows the rating
    /// beside it.
    pub basis: String,
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn red_because(why: &[&str]) -> String {
    format!("Red for {}", why.join(" and "))
}

/// The verdict on a plan.
pub fn verdict(b: &Basis) -> Verdict {
    let mut reasons = Vec::new();
    let mut red = false;
    let mut amber = false;
    if b.errors > 0 {
        reasons.push(count(b.errors, "error", "errors"));
        red = true;
    }
    if let Some((coverage, name)) = &b.weakest
        && *coverage < Decimal::ONE_HUNDRED
    {
        // The share of the change from today to the target
        // (`figures::gap_closed`), the basis every slide states.
        reasons.push(if *coverage < Decimal::ZERO {
            format!("forecast moves away from the {name} target")
        } else {
            format!(
                "forecast closes {}% of the gap to the {name} target{}",
                crate::format::format_number(coverage.round_dp(0), 0),
                b.weakest_at_evidence
                    .map(|e| format!(
                        " (≈ {}% at the cost the plan's own evidence states)",
                        crate::format::format_number(e.round_dp(0), 0)
                    ))
                    .unwrap_or_default()
            )
        });
        amber = true;
    }
    let mut red_why = Vec::new();
    if let Some(r) = &b.critical_risk {
        let why = format!("delivery rests on {r}");
        red_why.push(why.clone());
        // What makes it Red, first.
        reasons.insert(usize::from(b.errors > 0), why);
        red = true;
    }
    if let Some(p) = &b.people {
        reasons.push(p.clone());
        amber = true;
    }
    if b.behind_pace > 0 {
        reasons.push(format!(
            "{} behind pace",
            count(b.behind_pace, "result", "results")
        ));
        amber = true;
    }
    if b.off_pace > 0 {
        reasons.push(format!(
            "{} off phasing",
            count(b.off_pace, "spend line", "spend lines")
        ));
        amber = true;
    }
    if b.warnings > 0 {
        reasons.push(count(b.warnings, "warning", "warnings"));
        amber = true;
    }
    // A draft is how a plan comes to the board: it needs a decision, it is
    // not a fault (the readiness says "draft for approval").
    let draft = b.status == Some(Status::Draft);
    if draft || b.to_settle > 0 {
        amber = true;
    }
    let attention = if red {
        Attention::Red
    } else if amber {
        Attention::Amber
    } else {
        Attention::Green
    };
    let readiness = match (b.status, attention) {
        (Some(Status::Approved), Attention::Green) => "approved and on track",
        (Some(Status::Approved), Attention::Amber) => "approved; to watch",
        (Some(Status::Approved), Attention::Red) => "approved; needs action",
        (_, Attention::Red) => "not ready for approval",
        // Its own figures disagree: a draft, whatever its status says.
        (_, Attention::Amber) if b.to_settle > 0 => "figures to settle before approval",
        (Some(Status::Draft), _) => "a draft for approval",
        (_, Attention::Amber) => "review before approval",
        (_, Attention::Green) => "ready for approval",
    };
    let goal = b.goal.as_ref().map(|(share, name)| {
        // None of it (a plan that values no objective toward the goal, as
        // the portfolio review finds): "0%" read as a bridge that adds
        // nothing, not as no bridge at all.
        if share.is_zero() {
            format!("no value bridge reaches the {name} the business goal needs")
        } else {
            format!(
                "the value bridges reach {}% of the {} the business goal needs",
                crate::format::format_number(share.round_dp(0), 0),
                name
            )
        }
    });
    if reasons.is_empty() {
        reasons.push(match goal {
            Some(g) => format!("no findings, every objective target forecast to be met; {g}"),
            None => "no findings, every target forecast to be met".to_string(),
        });
    } else if let Some(g) = goal {
        reasons.push(g);
    }
    // Red says what makes it Red: the reasons before the rest.
    let basis = if red && b.errors > 0 {
        let why: Vec<&str> = reasons
            .iter()
            .map(String::as_str)
            .filter(|r| r.ends_with(" error") || r.ends_with(" errors"))
            .chain(red_why.iter().map(|_| "a delivery risk nobody owns"))
            .collect();
        // Without an error, the first reason is the delivery risk that
        // makes it Red: said once, not again in brackets.
        format!(
            "{}: {readiness} ({})",
            reasons.join("; "),
            red_because(&why)
        )
    } else {
        format!("{}: {readiness}", reasons.join("; "))
    };
    let line = format!("{} · {basis}", attention.label());
    Verdict {
        attention,
        readiness,
        reasons,
        line,
        basis,
    }
}
