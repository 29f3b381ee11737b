//! The scenarios' outcomes the main table leaves out (the appendix's "the
//! other outcomes"): how many rows of that table would hold a figure, and,
//! when there are two or fewer, those figures in one line for the
//! scenarios slide's footnote — a board read a slide of three rows, one
//! "—", both figures already shown elsewhere, as padding.

use rust_decimal::Decimal;
use serde::Serialize;

use super::scenarios::ScenariosView;
use crate::format::format_quantity;

/// The most rows with a figure that a line under the table says better
/// than a slide of its own.
const THIN: usize = 2;

#[derive(Debug, Default, Serialize)]
pub struct ExtraOutcomes {
    /// Rows of the appendix table with at least one figure.
    pub rows: usize,
    /// Those figures in one line, when they are too few for a slide:
    /// "Prompted brand awareness: 13.2% in the plan, 14% in Boots national
    /// roll-out". `None`: the appendix slide shows them (or there are none).
    pub line: Option<String>,
}

/// The outcome columns from `main` on (the main table shows those before).
pub fn extra_outcomes(s: &ScenariosView<'_>, main: usize) -> ExtraOutcomes {
    if s.columns.len() <= main {
        return ExtraOutcomes::default();
    }
    // (the row's name in a sentence, its figure per column as the table
    // writes it, or `None` where it shows "—").
    let mut rows: Vec<(String, Vec<Option<String>>)> = Vec::new();
    if let Some(plan) = &s.plan_row {
        let cells = (main..s.columns.len())
            .map(|i| cell(s, i, plan.get(i).copied().flatten(), false, false, false))
            .collect();
        rows.push(("the plan".to_string(), cells));
    }
    for r in s.rows.iter().filter(|r| !r.not_modelled) {
        let at = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);
        let cells = (main..s.columns.len())
            .map(|i| {
                cell(
                    s,
                    i,
                    r.values.get(i).copied().flatten(),
                    at(&r.doubted, i),
                    at(&r.computed, i),
                    at(&r.unchanged, i),
                )
            })
            .collect();
        rows.push((r.scenario.name.clone(), cells));
    }
    rows.retain(|(_, cells)| cells.iter().any(Option::is_some));
    let line = (!rows.is_empty() && rows.len() <= THIN).then(|| {
        (main..s.columns.len())
            .enumerate()
            .filter_map(|(k, i)| {
                let each: Vec<String> = rows
                    .iter()
                    .filter_map(|(name, cells)| Some(format!("{} in {name}", cells[k].as_ref()?)))
                    .collect();
                (!each.is_empty()).then(|| format!("{}: {}", s.columns[i].metric, each.join(", ")))
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    ExtraOutcomes {
        rows: rows.len(),
        line,
    }
}

/// One cell as the appendix table writes it.
fn cell(
    s: &ScenariosView<'_>,
    i: usize,
    v: Option<Decimal>,
    doubted: bool,
    computed: bool,
    unchanged: bool,
) -> Option<String> {
    // A doubted cell with no estimate says so (`scenario_estimate`).
    let Some(v) = v else {
        return doubted.then(|| "—‡".to_string());
    };
    let figure = format_quantity(v, s.columns[i].unit, true);
    if doubted {
        return Some(format!("≈ {figure}‡"));
    }
    let approx = if computed { "≈ " } else { "" };
    let same = if unchanged { " (unchanged)" } else { "" };
    Some(format!("{approx}{figure}{same}"))
}
