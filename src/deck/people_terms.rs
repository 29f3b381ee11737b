//! What "the team can deliver the plan" rests on that is not yet secured:
//! a team row whose time another department has been asked for and has not
//! given (saas: Sales' SDRs, an open ask), or whose time a likely risk that
//! nobody owns or mitigates would take away (hotel: "Summer staff shortages
//! leave no front-desk time"). Capacity counts such a row in full, so a
//! board reading "the team can deliver" with nothing more is told a thing
//! the deck's own ask and risk slides undercut; the verdict is conditional
//! on them instead, and says what is short without the row.

use chrono::NaiveDate;
use serde::Serialize;

use crate::figures::Quarter;
use crate::figures::capacity::{Gap, RowLoad, row_loads};
use crate::plan::{AskKind, AskStatus, Level, Plan, Role};

/// A team row capacity counts that the plan has not secured.
#[derive(Debug, Clone, Serialize)]
pub struct Unsecured {
    pub role: String,
    pub row: String,
    /// The open ask that would commit the row's time.
    pub ask: Option<AskHold>,
    /// A likely risk, with no owner or no mitigation, that takes the
    /// row's time away.
    pub risk: Option<RiskHold>,
    /// What is short without the row; `None`: no work the plan states
    /// needs it (capacity still counts its time in the team's total).
    pub gap: Option<Gap>,
    /// The gap's skill by quarter, with and without the row (the chart).
    pub loads: Vec<RowLoad>,
}

impl Unsecured {
    /// Whether the team's delivery is conditional on the row: only where
    /// work the plan states needs it (`figures::gap_filled`, the one test). A row no
    /// work needs is counted in capacity but conditions nothing — "the
    /// team delivers only if ask 4 is agreed" beside "no work the plan
    /// states needs it" was a verdict its own people slide refuted.
    pub fn conditions_delivery(&self) -> bool {
        self.gap.is_some()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AskHold {
    /// Its number on the ask slide (the plan's order).
    pub number: usize,
    pub by: Option<NaiveDate>,
    /// "Sales' time (6 SDRs at 50%)".
    pub time: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskHold {
    pub risk: String,
    pub likelihood: Level,
    pub owner: Option<String>,
    pub mitigated: bool,
}

use crate::check::risk_rows::row_named;

/// Every team row capacity needs (removing it opens a gap) whose time an
/// open ask has yet to commit or an unmanaged likely risk takes away;
/// rows in `at_risk` (already "only if it stays") are left to that.
pub fn unsecured(plan: &Plan, fig: &crate::figures::Figures) -> Vec<Unsecured> {
    let Some(cap) = fig.capacity.as_ref() else {
        return Vec::new();
    };
    let at_risk: Vec<String> = cap.at_risk.iter().map(|k| k.role.clone()).collect();
    let quarters: &[Quarter] = &fig.quarters;
    let mut out: Vec<Unsecured> = Vec::new();
    let mut hold = |r: &Role, ask: Option<AskHold>, risk: Option<RiskHold>| {
        if at_risk.contains(&r.role) {
            return;
        }
        if let Some(u) = out.iter_mut().find(|u| u.row == r.id.value) {
            u.ask = u.ask.take().or(ask);
            u.risk = u.risk.take().or(risk);
            return;
        }
        // A row whose time is asked for counts in the team's total either
        // way; one a risk names matters only where work needs it. The one
        // test of "needed" (`gap_filled`): a row no stated work needs never
        // conditions delivery (saas' SDRs read "the team delivers only if
        // ask 4 is agreed" beside "no work the plan states needs it").
        let gap = crate::figures::gap_filled::gap_filled(plan, fig, &r.id.value);
        if gap.is_none() && ask.is_none() {
            return;
        }
        out.push(Unsecured {
            role: r.role.clone(),
            row: r.id.value.clone(),
            loads: gap
                .as_ref()
                .map(|g| row_loads(plan, quarters, &g.skill, &r.id.value))
                .unwrap_or_default(),
            gap,
            ask,
            risk,
        });
    };
    for (i, a) in plan.asks.iter().enumerate() {
        if a.status != AskStatus::Open || a.kind == AskKind::Headcount {
            continue;
        }
        let Some(time) = crate::check::ask_words::time_commitment(a) else {
            continue;
        };
        if let Some(r) = row_named(plan, &a.ask) {
            let ask = AskHold {
                number: i + 1,
                by: a.by.as_ref().map(|d| d.value),
                time,
            };
            hold(r, Some(ask), None);
        }
    }
    // Likely: the deck's "high" (60%) — a medium risk is watched, not a
    // condition of the verdict.
    for k in plan.risks.iter().filter(|k| k.likelihood == Level::High) {
        let mitigated = k
            .mitigation
            .as_deref()
            .is_some_and(|m| !m.trim().is_empty());
        let owned = k.owner.as_deref().is_some_and(|o| !o.trim().is_empty());
        if mitigated && owned {
            continue;
        }
        if let Some(r) = row_named(plan, &k.risk) {
            let risk = RiskHold {
                risk: k.risk.clone(),
                likelihood: k.likelihood,
                owner: k.owner.clone(),
                mitigated,
            };
            hold(r, None, Some(risk));
        }
    }
    out
}

/// The condition in a board's words: "ask 4 (Sales' time: 6 SDRs at 50%)
/// is agreed by 31 Jan 2027", "the risk “Summer staff shortages …” (high
/// likelihood, no owner named) does not happen".
pub fn condition(u: &Unsecured) -> String {
    let ask = u.ask.as_ref().map(|a| {
        let time = a.time.replacen(" time (", " time: ", 1);
        let time = time.strip_suffix(')').unwrap_or(&time);
        format!(
            "ask {} ({time}) is agreed{}",
            a.number,
            a.by.map(|d| format!(" by {}", d.format("%-d %b %Y")))
                .unwrap_or_default()
        )
    });
    let risk = u.risk.as_ref().map(|k| {
        let unmanaged = match (k.owner.is_some(), k.mitigated) {
            (false, false) => "no owner or mitigation named",
            (false, true) => "no owner named",
            _ => "no mitigation named",
        };
        let likelihood = match k.likelihood {
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        };
        format!(
            "“{}” ({likelihood} likelihood, {unmanaged}) does not happen",
            k.risk.trim_end_matches('.')
        )
    });
    match (ask, risk) {
        (Some(a), Some(k)) => format!("{a} and {k}"),
        (Some(a), None) => a,
        (None, Some(k)) => k,
        (None, None) => String::new(),
    }
}

/// The people slide's line for a row capacity counts that no stated work
/// needs (`Unsecured::conditions_delivery` false): "Sales-assist SDRs: ask
/// 4 (Sales' time: 6 SDRs at 50%) is open until 31 Jan 2027; capacity
/// counts this time, though no work the plan states needs it" — the ask
/// stated, never as a condition. A tail "the team's hours do not rest on
/// ask 4" read as tool prose, and beside the ask slide's "$6.18M of
/// pipeline rests on it" as the deck saying both (a reader, C9).
pub fn counted_only(u: &Unsecured) -> String {
    let unneeded = without("", None, &[]);
    let Some(a) = &u.ask else {
        return format!("{}: {unneeded}", u.role);
    };
    let time = a.time.replacen(" time (", " time: ", 1);
    let time = time.strip_suffix(')').unwrap_or(&time);
    format!(
        "{}: ask {} ({time}) is open{}; {unneeded}",
        u.role,
        a.number,
        a.by.map(|d| format!(" until {}", d.format("%-d %b %Y")))
            .unwrap_or_default(),
    )
}

/// What is short without `short` ("the hire", "that time", "the crew"), every quarter the rest of the team
/// cannot cover: "without the marketing science analyst, the team is 1.9
/// FTE-months short of analytics in Q3 2027 and 1.1 in Q4 2027"; where the
/// plan states no work for the row, that capacity counts its time anyway.
pub fn without(short: &str, skill: Option<&str>, loads: &[RowLoad]) -> String {
    use crate::format::format_number;
    let Some(skill) = skill else {
        return "capacity counts this time, though no work the plan states needs it".to_string();
    };
    let tolerance = rust_decimal::Decimal::new(5, 2);
    let shorts: Vec<(String, rust_decimal::Decimal)> = loads
        .iter()
        .filter_map(|l| {
            let n = (l.demand - l.without?).round_dp(1);
            (n > tolerance).then(|| (l.label.clone(), n))
        })
        .collect();
    let skill = crate::figures::capacity::skill_words(skill);
    let Some((_, first)) = shorts.first() else {
        return format!("without {short}, the team is short of {skill}");
    };
    if shorts.len() == loads.len() && shorts.iter().all(|(_, n)| n == first) {
        return format!(
            "without {short}, the team is {} FTE-months short of {skill} in every quarter",
            format_number(*first, 1)
        );
    }
    let parts: Vec<String> = shorts
        .iter()
        .enumerate()
        .map(|(i, (q, n))| {
            if i == 0 {
                format!(
                    "{} FTE-months short of {skill} in {q}",
                    format_number(*n, 1)
                )
            } else {
                format!("{} in {q}", format_number(*n, 1))
            }
        })
        .collect();
    let list = match parts.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    };
    format!("without {short}, the team is {list}")
}

/// "the SDRs'" / "the crew's".
pub fn possessive(noun: &str) -> String {
    if noun.ends_with('s') {
        format!("{noun}'")
    } else {
        format!("{noun}'s")
    }
}

fn likelihood_word(u: &Unsecured) -> String {
    u.risk
        .as_ref()
        .map(|k| {
            let unmanaged = if k.owner.is_none() {
                "nobody owns"
            } else {
                "with no mitigation"
            };
            format!(
                "a {}-likelihood risk {unmanaged}",
                match k.likelihood {
                    Level::High => "high",
                    Level::Medium => "medium",
                    Level::Low => "low",
                }
            )
        })
        .unwrap_or_default()
}

/// The title's words for a row not yet secured: "ask 4 is agreed by 31 Jan
/// 2027", "a high-likelihood risk nobody owns does not take the front-desk
/// loyalty ambassadors' time".
pub fn secured_if(u: &Unsecured) -> String {
    let risk = likelihood_word(u);
    match &u.ask {
        Some(a) => {
            let by =
                a.by.map(|d| format!(" by {}", d.format("%-d %b %Y")))
                    .unwrap_or_default();
            // Whose time it is, the slide's line says ("Sales' time: 6 SDRs
            // at 50%"); the title stays short enough to leave the chart room.
            if risk.is_empty() {
                format!("ask {} is agreed{by}", a.number)
            } else {
                format!("ask {} is agreed{by} and survives {risk}", a.number)
            }
        }
        None => format!(
            "{risk} does not take the {} time",
            possessive(&crate::format::lower_first(
                u.role.split(['(', ',']).next().unwrap_or(&u.role).trim()
            ))
        ),
    }
}

/// The summary's words for a row not yet secured, short: "ask 4 is
/// agreed", "ask 4 is agreed and a likely risk spares it".
pub fn verdict_if(u: &Unsecured) -> String {
    verdict_if_risk(u, true)
}

/// [`verdict_if`], the risk left out where the verdict already names it
/// as the delivery risk nobody owns (`verdict::Basis::critical_risk`).
pub fn verdict_if_risk(u: &Unsecured, risk: bool) -> String {
    match (&u.ask, u.risk.as_ref().filter(|_| risk)) {
        (Some(a), Some(_)) => format!("ask {} is agreed and a likely risk spares it", a.number),
        (Some(a), None) => format!("ask {} is agreed", a.number),
        (None, _) => "a likely risk nobody manages spares a row it counts".to_string(),
    }
}
