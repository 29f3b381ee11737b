//! The recommended move's whole effect in words
//! (`figures::move_effect`): the allocation slide's lines and the loss its
//! title names, the summary's alternative and the risk slide's trade-off.

use rust_decimal::Decimal;

use crate::figures::media::{Media, ObjectiveMedia};
use crate::figures::move_effect::{self, MoveEffect};
use crate::format::{
    and_list, format_change, format_gap, format_money, lower_first, of_metric, signed,
};
use crate::plan::{Objective, Plan};

/// What a move does besides its gain, as the slides say it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EffectWords {
    /// What it costs of other objectives: "≈ $207k of enterprise
    /// pipeline", for the summary's and the risk slide's "but loses …".
    pub loss: Option<String>,
    /// [`EffectWords::loss`] with each long metric label in its short
    /// form (`shown::title_metric`), for the allocation slide's title.
    pub title_loss: Option<String>,
    /// Each other objective's change: "≈ +4,640 activated workspaces;
    /// ≈ −$207k of enterprise pipeline".
    pub others: Option<String>,
    /// The change of value per kind of money: "first-year ARR +$355k,
    /// revenue −$49.7k" (kinds never added).
    pub money: Option<String>,
    /// How many kinds of money it changes (a slide with two says they are
    /// kept apart).
    pub kinds: usize,
    /// The money the plan values falls and none rises: not recommended.
    pub loses_value: bool,
    /// How the other results were reached, for the slide's footnote.
    pub basis: Option<String>,
}

fn metric(o: &Objective) -> String {
    lower_first(super::labels::metric(o))
}

fn title_metric(o: &Objective) -> String {
    lower_first(&super::labels::title_metric(o))
}

pub fn words(plan: &Plan, media: &Media, om: &ObjectiveMedia) -> Option<EffectWords> {
    let effect = move_effect::effect(plan, media, om)?;
    Some(of(plan, &effect))
}

/// A move's effect in words.
pub fn of(plan: &Plan, e: &MoveEffect) -> EffectWords {
    let cur = |d: Decimal| format_money(d, &plan.meta.currency.value, true);
    let rounded = |x: f64| crate::figures::three_figures(x).unwrap_or_default();
    let others: Vec<String> = e
        .changes
        .iter()
        .filter(|c| !c.maximised)
        .filter_map(|c| {
            let o = plan.objective(&c.objective)?;
            let unit = o.measure.unit.as_deref();
            let d = rounded(c.change);
            // "≈ +4,640 activated workspaces", the unit said once.
            (!d.is_zero()).then(|| {
                format!(
                    "≈ {}",
                    signed(
                        of_metric(&format_change(d, unit, true), unit, &metric(o)),
                        "",
                    )
                )
            })
        })
        .collect();
    let losses = |label: fn(&Objective) -> String| -> Vec<String> {
        e.losses()
            .filter_map(|c| {
                let o = plan.objective(&c.objective)?;
                let unit = o.measure.unit.as_deref();
                let d = rounded(-c.change);
                (!d.is_zero()).then(|| of_metric(&format_gap(d, unit, true), unit, &label(o)))
            })
            .collect()
    };
    let (losses, title_losses) = (losses(metric), losses(title_metric));
    let money: Vec<String> = e
        .values
        .iter()
        // The kind first ("first-year ARR +$355k"): a sign after a
        // slide's bold label read as markup.
        .map(|v| {
            let sign = if v.change > Decimal::ZERO { "+" } else { "" };
            format!(
                "{} {}",
                v.basis,
                signed(format!("{sign}{}", cur(v.change)), "")
            )
        })
        .collect();
    let maximised = e
        .changes
        .iter()
        .find(|c| c.maximised)
        .and_then(|c| plan.objective(&c.objective))
        .map(metric)
        .unwrap_or_default();
    EffectWords {
        loss: (!losses.is_empty()).then(|| format!("≈ {}", and_list(&losses))),
        title_loss: (!title_losses.is_empty()).then(|| format!("≈ {}", and_list(&title_losses))),
        basis: (!others.is_empty()).then(|| {
            format!(
                "Each moved channel's other results move with its {maximised}, as its curve gives them: the channel keeps its planned results per unit of {maximised}"
            )
        }),
        others: (!others.is_empty()).then(|| others.join("; ")),
        kinds: money.len(),
        money: (!money.is_empty()).then(|| money.join(", ")),
        loses_value: e.loses_value(),
    }
}

/// What the allocation slide's title adds after the gain: the loss of
/// another objective ("but loses ≈ $207k of enterprise pipeline"), and
/// where the plan's value falls, that the move is not recommended.
pub fn title_tail(w: &EffectWords) -> String {
    let mut out = w
        .title_loss
        .as_ref()
        .map_or(String::new(), |l| format!(" but loses {l}"));
    if w.loses_value {
        out.push_str(&format!(
            ", {}: not recommended as it stands",
            w.money.as_deref().unwrap_or_default()
        ));
    }
    out
}

/// What a sentence that states the move's gain adds after it: the loss of
/// another objective, with the change in money where asked (" but loses
/// ≈ $207k of enterprise pipeline (in money: first-year ARR +$355k, revenue
/// −$49.7k)"; the summary's one line without the money, which the
/// allocation slide and the risk slide's trade-off give); nothing where it
/// costs nothing.
pub fn trade(w: Option<&EffectWords>, verb: &str, with_money: bool) -> String {
    let Some(w) = w else {
        return String::new();
    };
    let Some(loss) = &w.loss else {
        return String::new();
    };
    match &w.money {
        Some(m) if with_money => format!(" {verb} {loss} (in money: {m})"),
        _ => format!(" {verb} {loss}"),
    }
}
