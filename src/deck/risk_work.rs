//! A risk that takes away team time — a row the plan cannot do without
//! (`Capacity.at_risk`), a likely unmanaged risk that removes a row the
//! work needs (`risk_rows::row_removed`), a hire that starts late
//! (`risk_rows::hire_named`) — and that no channel sizes: sized by the
//! work it leaves undone, the people model's figure ("2.5 FTE-months of
//! lifecycle short in Q2"). A late hire was "not sized" beside a people
//! slide that said what the team is short without it.

use rust_decimal::Decimal;

use crate::figures::Figures;
use crate::format::format_number;
use crate::plan::*;

/// The FTE-months a risk leaves short, as the people slide counts them:
/// "2.5 FTE-months of lifecycle short in Q2", or, over several
/// quarters, "0.5–0.8 FTE-months of outreach short a quarter, in 3
/// quarters".
pub fn work_lost(plan: &Plan, fig: &Figures, r: &Risk) -> Option<String> {
    let cap = fig.capacity.as_ref()?;
    if let Some(k) = cap.at_risk.iter().find(|k| k.risk == r.risk) {
        return Some(by_quarter(&k.gap, &k.loads));
    }
    // A row the risk removes: every quarter its skill is short without it,
    // as the people slide says it.
    if let Some((row, gap)) = crate::check::risk_rows::row_removed(plan, &fig.quarters, r) {
        let loads =
            crate::figures::capacity::row_loads(plan, &fig.quarters, &gap.skill, &row.id.value);
        return Some(by_quarter(&gap, &loads));
    }
    // A hire that starts late: the first quarter it is needed in, the
    // part a late start surely loses (later quarters depend on the date).
    let (_, gap) = crate::check::risk_rows::hire_named(plan, fig, r)?;
    Some(gap_words(&gap))
}

/// The row's skill short by quarter ("0.5–0.8 FTE-months of outreach work
/// short a quarter, in 3 quarters"; "3 … short in every quarter"), else
/// the first gap.
fn by_quarter(
    gap: &crate::figures::capacity::Gap,
    loads: &[crate::figures::capacity::RowLoad],
) -> String {
    // As the people slide rounds and skips (`people_terms::without`).
    let tolerance = Decimal::new(5, 2);
    let shorts: Vec<Decimal> = loads
        .iter()
        .filter_map(|l| Some((l.demand - l.without?).round_dp(1)))
        .filter(|s| *s > tolerance)
        .collect();
    let skill = crate::figures::capacity::skill_words(&gap.skill);
    let (Some(lo), Some(hi)) = (shorts.iter().min(), shorts.iter().max()) else {
        return gap_words(gap);
    };
    if shorts.len() < 2 {
        return gap_words(gap);
    }
    if lo == hi {
        let when = if shorts.len() == loads.len() {
            "in every quarter".to_string()
        } else {
            format!("in each of {} quarters", shorts.len())
        };
        return format!(
            "{} FTE-months of {skill} short {when}",
            format_number(*hi, 1)
        );
    }
    format!(
        "{}–{} FTE-months of {skill} short a quarter, in {} quarters",
        format_number(*lo, 1),
        format_number(*hi, 1),
        shorts.len()
    )
}

fn gap_words(g: &crate::figures::capacity::Gap) -> String {
    format!(
        "{} FTE-months of {} short in {}",
        format_number(g.short(), 1),
        crate::figures::capacity::skill_words(&g.skill),
        g.quarter
    )
}

/// The risk slide's "If it happens" cell for a risk the plan does not
/// size: what the named channels put at stake (`risk_stake::at_stake`),
/// else, where it takes team time, the work it leaves undone. Both in one
/// cell pushed hotel-group's risk table onto a second page, so a risk
/// sized by the channels a row runs keeps that figure (in the objective's
/// unit, what a board weighs) and the people slide keeps the FTE-months.
pub fn at_stake(plan: &Plan, fig: &Figures, r: &Risk) -> Option<String> {
    if r.impact_amount.impact_value.is_some() {
        return None;
    }
    super::risk_stake::at_stake(plan, fig, r)
        .or_else(|| work_lost(plan, fig, r).map(|w| format!("{w} (people slide)")))
}
