//! What only all the rows together show: net spend below zero, results
//! impossible for their objective's `reading`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostic::Finding;
use crate::plan::Plan;

use super::{ACTUALS_INVALID, Actuals, NET_SPEND_NEGATIVE, READING_LOOKS_LIKE_TOTAL};

/// What only all the rows together show, said at the row that shows it:
/// a line's net spend going below zero, and results impossible for what
/// their objective's `reading` declares. Impossible results are dropped.
pub fn judge(plan: &Plan, actuals: &mut Actuals) {
    let mut said: Vec<(usize, Finding)> = Vec::new();
    // Without a credit note no line can net below zero: the common case
    // costs one pass.
    let credited = actuals.spend.iter().any(|r| r.actual < Decimal::ZERO);
    // Net spend by item, month by month: the month's rows net first (an
    // invoice and its credit note in one month are no alarm).
    let mut by_item: BTreeMap<(&str, NaiveDate), Vec<usize>> = BTreeMap::new();
    for (i, r) in actuals.spend.iter().enumerate().filter(|_| credited) {
        by_item.entry((&*r.item, r.month)).or_default().push(i);
    }
    let mut running: Option<(&str, Decimal)> = None;
    let mut flagged: std::collections::HashSet<&str> = Default::default();
    for ((item, month), rows) in &by_item {
        let total = match running {
            Some((it, t)) if it == *item => t,
            _ => Decimal::ZERO,
        };
        let net: Decimal = rows.iter().map(|&i| actuals.spend[i].actual).sum();
        let now = total.saturating_add(net);
        running = Some((item, now));
        if now < Decimal::ZERO && flagged.insert(item) {
            // The month's most negative row: the credit note.
            let Some(&worst) = rows.iter().min_by_key(|&&i| actuals.spend[i].actual) else {
                continue;
            };
            let r = &actuals.spend[worst];
            said.push((
                r.file,
                r.at.on(Finding::new(
                    &NET_SPEND_NEGATIVE,
                    format!(
                        "`{item}`'s net spend is {} by the end of {}: more credited than spent",
                        crate::format::group(now.round_dp(0)),
                        month.format("%b %Y")
                    ),
                ))
                .help("book the credit note to the line it belongs to, or add the invoices the export is missing"),
            ));
        }
    }
    // Results against the kind of reading their objective declares.
    let kinds: HashMap<&str, (crate::plan::Reading, Option<Decimal>, Option<Decimal>)> = plan
        .objectives
        .iter()
        .map(|o| {
            (
                o.id.value.as_str(),
                (
                    o.reading,
                    o.measure.baseline.as_ref().map(|b| b.value),
                    o.measure.target.as_ref().map(|t| t.value),
                ),
            )
        })
        .chain(plan.channels.iter().flat_map(|c| {
            c.kpis.iter().filter_map(|k| {
                let id = k.id.as_ref()?;
                Some((
                    id.value.as_str(),
                    (k.reading, None, k.target.as_ref().map(|t| t.value)),
                ))
            })
        }))
        .collect();
    let mut looks_total: std::collections::HashSet<String> = Default::default();
    let mut keep = Vec::with_capacity(actuals.results.len());
    for r in std::mem::take(&mut actuals.results) {
        let Some((reading, baseline, target)) = kinds.get(r.objective.as_str()).copied() else {
            keep.push(r);
            continue;
        };
        match reading {
            crate::plan::Reading::PeriodTotal if r.value < Decimal::ZERO => {
                said.push((
                    r.file,
                    r.at.on(Finding::new(
                        &ACTUALS_INVALID,
                        format!(
                            "`{}` is a period total (counted from zero), so {} on {} is impossible",
                            r.objective, r.value, r.date
                        ),
                    ))
                    .help("a period total is what has been achieved since the start: check the export, or declare `reading = \"level\"`"),
                ));
                continue;
            }
            crate::plan::Reading::Level => {
                if let (Some(b), Some(t)) = (baseline, target)
                    && b > Decimal::ZERO
                    && t > b
                    && r.value * Decimal::TWO < b
                    && looks_total.insert(r.objective.clone())
                {
                    said.push((
                        r.file,
                        r.at.on(Finding::new(
                            &READING_LOOKS_LIKE_TOTAL,
                            format!(
                                "`{}` read {} on {}, below half its baseline of {}: that looks like a total since the start, not a level",
                                r.objective, r.value, r.date, b
                            ),
                        ))
                        .help(format!(
                            "if it counts from zero each period, declare `reading = \"period-total\"` on `{}`",
                            r.objective
                        )),
                    ));
                }
            }
            _ => {}
        }
        keep.push(r);
    }
    actuals.results = keep;
    for (file, f) in said {
        if let Some(file) = actuals.files.get_mut(file) {
            file.findings.push(f);
        }
    }
}
