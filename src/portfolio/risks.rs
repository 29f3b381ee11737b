//! The portfolio's risk register: every unit's risks on one slide, with
//! likelihood, impact, what it costs if it happens, mitigation and owner,
//! and the units' downside cases. A board read the units' risks only as
//! "does not say who acts" findings and scored the review as having no
//! risk register and no downside (C8 = 0).
//!
//! Each row is the unit's own pitch deck's (`deck::structure::risks`: the
//! judged impact, the size its deck gives, the owner and mitigation notes),
//! so the register and a unit's risk slide cannot disagree; the downside is
//! each unit's own (`deck::risk_case::downside`), never derived here.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Checked, Portfolio};
use crate::format::counted as plural;

/// The most risks the slide lists; the rest are counted under the table.
pub const SHOWN: usize = 6;

/// One unit's risk as the register shows it.
#[derive(Debug, Serialize)]
pub struct RiskRow {
    pub unit: String,
    pub risk: String,
    pub likelihood: &'static str,
    /// As the unit's deck judges it ("high: delivery rests on it").
    pub impact: String,
    /// What it costs if it happens, as the unit's deck sizes it (the same
    /// `deck::structure::risks` view, so a size the deck gains shows here
    /// too), money first in the review currency ([`in_review_money`]);
    /// `None`: not sized.
    pub if_it_happens: Option<String>,
    pub mitigation: Option<String>,
    /// Where the plan names no mitigation: its response on record.
    pub mitigation_note: Option<String>,
    pub owner: Option<String>,
    /// Where the plan names no owner: the one it implies, or the board's
    /// date to name one.
    pub owner_note: Option<String>,
}

/// The register: its title, its rows (highest exposure first), how many
/// are left off, and the downside cases.
#[derive(Debug, Default, Serialize)]
pub struct Register {
    pub title: String,
    pub rows: Vec<RiskRow>,
    /// Risks beyond [`SHOWN`], counted.
    pub more: usize,
    /// Risks with no size in money or target units, of all.
    pub not_sized: usize,
    /// Each unit's own downside case ("Industrial Sensors BU: Without SPS
    /// (€2.05M, −€350k): 6,300 qualified leads (−700)").
    pub downsides: Vec<String>,
    /// Units whose plans name no downside case.
    pub without_downside: Vec<String>,
    /// The same in words: "Motion Control and Field Service name none".
    pub without_downside_words: String,
}

/// A unit's top risk as the summary ranks it: exposure in money in the
/// review currency, then likelihood × judged impact.
type TopRisk = (Option<Decimal>, u8);

use crate::deck::risk_rating::rank;

/// Every unit's risks: the units ranked by their own top risk as the
/// summary's main risk is (`board::main_risk`: exposure in money in the
/// review currency, then likelihood × judged impact; ties in the
/// scoreboard's order), each unit's risks in its own deck's order — so
/// the summary's main risk is the register's first row even where a
/// unit's deck puts an unmanaged critical risk above one sized in money.
pub fn register(p: &Portfolio, checked: &[Checked], rate: super::board::Rate<'_>) -> Register {
    let mut units: Vec<(TopRisk, Vec<RiskRow>)> = Vec::new();
    let mut downsides = Vec::new();
    let mut without_downside = Vec::new();
    for row in &p.plans {
        let Some(c) = checked.iter().find(|c| c.report.path == row.file) else {
            continue;
        };
        let (Some(plan), Some(fig)) = (&c.plan, &c.report.figures) else {
            continue;
        };
        let mut rows = Vec::new();
        let mut top = None;
        for v in crate::deck::structure::risks(plan, fig) {
            let r = v.risk;
            let judged = crate::deck::risk_rating::judged_impact(plan, fig, r);
            let money = crate::figures::value::risk_money(plan, r);
            let exposure = money
                .exposure
                .zip(rate(plan))
                .map(|(e, x)| e.saturating_mul(x));
            top.get_or_insert((exposure, rank(r.likelihood) * rank(judged)));
            rows.push(RiskRow {
                unit: row.unit.clone(),
                risk: r.risk.trim_end_matches('.').to_string(),
                likelihood: crate::deck::risk_rating::word(r.likelihood),
                impact: v
                    .impact_judged
                    .clone()
                    .unwrap_or_else(|| crate::deck::risk_rating::word(r.impact).into()),
                if_it_happens: in_review_money(
                    v.impact_amount.text.clone(),
                    money.impact,
                    plan,
                    rate(plan),
                    &p.currency,
                )
                .or(v.at_stake.clone()),
                mitigation: r.mitigation.clone(),
                mitigation_note: v.mitigation_note.clone(),
                owner: r.owner.clone(),
                owner_note: v.owner_note.clone(),
            });
        }
        if let Some(top) = top {
            units.push((top, rows));
        }
        let shown = crate::deck::story::all_shown(plan, fig);
        let said = crate::deck::story::Said::default();
        match crate::deck::risk_case::downside(plan, fig, &shown, &said) {
            Some(d) => downsides.push(format!("{}: {d}", row.unit)),
            None => without_downside.push(row.unit.clone()),
        }
    }
    // Stable: units with equal top risks keep the scoreboard's order.
    units.sort_by_key(|u| std::cmp::Reverse(u.0));
    let all: Vec<RiskRow> = units.into_iter().flat_map(|u| u.1).collect();
    let not_sized = all.iter().filter(|r| r.if_it_happens.is_none()).count();
    let title = title(&all, not_sized);
    let more = all.len().saturating_sub(SHOWN);
    let without_downside_words = match without_downside.len() {
        0 => String::new(),
        n => format!(
            "{} {} none",
            crate::format::and_list(&without_downside),
            if n == 1 { "names" } else { "name" }
        ),
    };
    Register {
        title,
        rows: all.into_iter().take(SHOWN).collect(),
        more,
        not_sized,
        downsides,
        without_downside,
        without_downside_words,
    }
}

/// The unit deck's size of a risk in one currency per row (C10): where its
/// plan's currency is not the review's and the size is money, the amount
/// converted as the register ranks it, then the deck's own words with the
/// plan's typed figure ("€235k: £200k (basis not given)"). A reader read
/// £ beside the review's € amounts as a row in two currencies.
fn in_review_money(
    text: Option<String>,
    impact: Option<Decimal>,
    plan: &crate::plan::Plan,
    rate: Option<Decimal>,
    review: &str,
) -> Option<String> {
    let text = text?;
    match impact.zip(rate) {
        Some((i, x)) if plan.meta.currency.value != review => Some(format!(
            "{}: {text}",
            crate::format::format_money(i.saturating_mul(x), review, true)
        )),
        _ => Some(text),
    }
}

/// The register's title as a finding: how many risks, how many lack an
/// owner or a mitigation and whose, else the largest.
fn title(all: &[RiskRow], not_sized: usize) -> String {
    let n = all.len();
    if n == 0 {
        return "No unit's plan names a risk".into();
    }
    let head = format!("{} across the units", plural(n, "risk", "risks"));
    let units = |rows: Vec<&RiskRow>| {
        let mut names: Vec<&str> = Vec::new();
        for r in rows {
            if !names.contains(&r.unit.as_str()) {
                names.push(&r.unit);
            }
        }
        crate::format::and_list(&names)
    };
    let no_owner: Vec<&RiskRow> = all.iter().filter(|r| r.owner.is_none()).collect();
    let no_mitigation: Vec<&RiskRow> = all.iter().filter(|r| r.mitigation.is_none()).collect();
    let gaps = match (no_owner.len(), no_mitigation.len()) {
        (0, 0) => None,
        (o, 0) => Some(format!(
            "{} {} no owner ({})",
            o,
            if o == 1 { "has" } else { "have" },
            units(no_owner)
        )),
        (0, m) => Some(format!(
            "{} {} no mitigation ({})",
            m,
            if m == 1 { "has" } else { "have" },
            units(no_mitigation)
        )),
        (o, m) => Some(format!(
            "{o} {} no owner, {m} no mitigation",
            if o == 1 { "has" } else { "have" }
        )),
    };
    let sized = match not_sized {
        0 => String::new(),
        u if u == n => "; none sized".to_string(),
        u => format!("; {u} not sized"),
    };
    match gaps {
        Some(g) => format!("{head}; {g}{sized}"),
        None => format!("{head}, each with an owner and a mitigation{sized}"),
    }
}
