//! Which funded channels the health score counts as measured: a KPI target,
//! and for every result the channel is forecast to bring a KPI whose name
//! or unit says that result's metric or unit (`kpi_unnamed`); a channel
//! forecast for nothing is never counted (it has no result to measure). The channels left out are named in
//! one line each, so the row's "3 of 7" is checkable on the slide against
//! the channel slides' KPI and forecast columns.

use crate::format::lower_first;
use crate::plan::links::{forecast_ids, kpi_mismatch, kpi_unnamed};
use crate::plan::{Channel, Links, Objective};

/// The funded channels counted, and for each one that is not, why, in a
/// few words: the health slide lists them on one line.
pub struct KpiFit {
    pub counted: usize,
    pub gaps: Vec<String>,
    /// The channels not counted, by name, in `gaps`' order.
    pub names: Vec<String>,
}

pub fn of<'p>(funded: &[&'p Channel], links: &Links<'p>) -> KpiFit {
    let mut counted = 0;
    let mut gaps = Vec::new();
    let mut names = Vec::new();
    for c in funded {
        match gap(c, links) {
            Some(line) => {
                gaps.push(line);
                names.push(short_name(&c.name).to_string());
            }
            None => counted += 1,
        }
    }
    KpiFit {
        counted,
        gaps,
        names,
    }
}

/// Why a channel is not counted, in a board's words; `None` when it is.
fn gap<'p>(c: &'p Channel, links: &Links<'p>) -> Option<String> {
    if !c.kpis.iter().any(|k| k.target.is_some()) {
        return Some(format!("{} (no KPI target)", c.name));
    }
    let measures = || {
        let names: Vec<String> = c.kpis.iter().map(|k| lower_first(&k.name)).collect();
        let verb = if names.len() == 1 { "KPI" } else { "KPIs" };
        format!("{verb}: {}", names.join(", "))
    };
    // A channel forecast for nothing has no result for a KPI to measure:
    // counting it as "a KPI for every result it brings" is true of an
    // empty list only, and a board reader scored that credit as vacuous
    // beside the channel slide's "—".
    if forecast_ids(c).next().is_none() {
        return Some(format!(
            "{} (forecast for no result; {})",
            c.name,
            measures()
        ));
    }
    let missed = kpi_unnamed(links, c);
    if !missed.is_empty() {
        let names: Vec<String> = missed
            .iter()
            .map(|o| lower_first(objective_name(o)))
            .collect();
        return Some(format!(
            "{} (forecast for {}; {})",
            c.name,
            crate::format::and_list(&names),
            measures()
        ));
    }
    let m = kpi_mismatch(links, c)?;
    let names: Vec<String> = m
        .served
        .iter()
        .map(|(_, o, _)| lower_first(objective_name(o)))
        .collect();
    Some(format!(
        "{} (serves {}; {})",
        c.name,
        crate::format::and_list(&names),
        measures()
    ))
}

/// An objective by its metric, as the deck names it (`words::name_of`).
fn objective_name(o: &Objective) -> &str {
    o.measure.metric.as_ref().map_or(&o.statement, |m| &m.value)
}

/// A channel's name up to its first bracket or dash ("Trade shows" for
/// "Trade shows (WEFTEC, AHR Expo, Process Expo)"): the line that lists
/// the channels left out stays short, and each still reads as the start
/// of its row on the channel table.
fn short_name(name: &str) -> &str {
    let cut = [" (", " — ", " – ", ": "]
        .iter()
        .filter_map(|s| name.find(s))
        .min()
        .unwrap_or(name.len());
    let short = name[..cut].trim();
    if short.is_empty() { name } else { short }
}
