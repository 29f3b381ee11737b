//! The best-mix table's change column: what each channel's result gains or
//! loses when the same money moves to the best split, at one precision for
//! the whole column, so that the rows add up to the gain the title states.
//!
//! A board reader added the rows of levels rounded to three significant
//! figures ("$10.4M → $10.7M", "$3.83M → $3.57M") and got +$80k under a
//! title saying "adds $22k": each level was rounded on its own. Here each
//! change is rounded to the precision of the total gain (three significant
//! figures of it) and the rounding is apportioned by largest remainder, as
//! an accountant rounds a table whose parts must add to its total.

use rust_decimal::Decimal;

use crate::format::{format_number, group, money_affixes};

/// The column's cells, the total's, and the title's unsigned gain.
#[derive(Debug, Clone, Default)]
pub struct Deltas {
    /// Per channel, signed ("+$283.4k", "-$299.6k", "+0.12 pts").
    pub rows: Vec<String>,
    /// The sum of the rows, signed, as the table's total shows it.
    pub total: String,
    /// The same amount unsigned, for the title ("adds $22.4k").
    pub gain: String,
}

/// The step every cell is rounded to: three significant figures of the
/// gain (of the largest change, where the gain is nothing), never below a
/// whole unit of money or of a count (no fractional sign-ups or cents).
fn step(gain: f64, exact: &[f64], unit: Option<&str>) -> f64 {
    let of = if gain.abs() > 0.0 {
        gain.abs()
    } else {
        exact.iter().fold(0.0_f64, |m, d| m.max(d.abs()))
    };
    let step = if of > 0.0 && of.is_finite() {
        10f64.powi(of.log10().floor() as i32 - 2)
    } else {
        1.0
    };
    if unit == Some("%") {
        step.max(1e-4)
    } else {
        step.max(1.0)
    }
}

/// Each change in whole steps, adding to the rounded gain: rounded down,
/// then the steps left over given to the largest remainders.
fn apportion(exact: &[f64], gain: f64, step: f64) -> Vec<i64> {
    let target = (gain / step).round() as i64;
    let floors: Vec<i64> = exact.iter().map(|d| (d / step).floor() as i64).collect();
    let left = target - floors.iter().sum::<i64>();
    if left < 0 || left as usize > exact.len() {
        // The changes do not add to the gain (channels outside the table):
        // each rounded on its own.
        return exact.iter().map(|d| (d / step).round() as i64).collect();
    }
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] / step - floors[a] as f64;
        let rb = exact[b] / step - floors[b] as f64;
        rb.total_cmp(&ra)
    });
    let mut out = floors;
    for &i in order.iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

/// Decimal places of `step` (0.01 → 2, 100 → 0).
fn places(step: f64) -> u32 {
    if step >= 1.0 {
        0
    } else {
        (-step.log10()).round().max(0.0) as u32
    }
}

/// `units` steps of `step`, unsigned, in the column's one notation:
/// money with the suffix of the gain's size (k, M) and the places the step
/// needs; points for a percentage; a count with its unit.
fn write(units: i64, step: f64, scale: f64, unit: Option<&str>) -> String {
    let value = Decimal::from_f64_retain(units.unsigned_abs() as f64 * step)
        .unwrap_or_default()
        .round_dp(places(step));
    let fixed = |d: Decimal, p: u32| {
        let mut d = d.round_dp(p);
        d.rescale(p);
        let s = group(d.trunc());
        if p == 0 {
            s
        } else {
            format!("{s}.{}", &d.fract().abs().to_string()[2..])
        }
    };
    match unit {
        Some("%") => {
            let pts = if value == Decimal::ONE { "pt" } else { "pts" };
            format!("{} {pts}", format_number(value, places(step)))
        }
        Some(u) => match money_affixes(u) {
            Some((sym, code)) => {
                // A row of a million or more is in M whatever the gain's
                // size: "-€1.139M", never "-€1,139k" beside the deck's
                // "€1.19M" (the column's precision kept, so rows still add).
                let row = units.unsigned_abs() as f64 * step;
                let (div, suffix) = if scale.max(row) >= 1e6 {
                    (1e6, "M")
                } else if scale >= 1e3 {
                    (1e3, "k")
                } else {
                    (1.0, "")
                };
                let p = places(step / div);
                let scaled =
                    Decimal::from_f64_retain(div).map_or(value, |d| value / d.max(Decimal::ONE));
                format!("{sym}{}{suffix}{code}", fixed(scaled, p))
            }
            None if !u.is_empty() => format!("{} {u}", format_number(value, places(step))),
            None => format_number(value, places(step)),
        },
        None => format_number(value, places(step)),
    }
}

fn signed(units: i64, text: String) -> String {
    match units.signum() {
        1 => format!("+{text}"),
        -1 => format!("-{text}"),
        _ => text,
    }
}

/// The step of a money column with a row of a million or more: three
/// significant figures of the largest row, so that no row reads
/// "-€1.139M" beside the deck's "€12M" (a reader scored it false
/// precision). `None` where the gain's own step is as coarse.
fn money_step(exact: &[f64], fine: f64, unit: Option<&str>) -> Option<f64> {
    let u = unit?;
    money_affixes(u)?;
    let largest = exact.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
    if largest < 1e6 || !largest.is_finite() {
        return None;
    }
    let coarse = 10f64.powi(largest.log10().floor() as i32 - 2);
    (coarse > fine).then_some(coarse)
}

/// The change column for `exact` changes per channel adding to `gain`.
pub fn deltas(exact: &[f64], gain: f64, unit: Option<&str>) -> Deltas {
    let exact_gain = gain;
    let fine = step(gain, exact, unit);
    // Rows of millions at three figures; where the gain keeps its own
    // figure at that step, the whole column takes it and the rows still
    // add to it; else the total keeps the gain's figure (the one every
    // slide states) and says the rows are rounded.
    let (step, rows_step) = match money_step(exact, fine, unit) {
        Some(c) if (gain / c).round() * c == (gain / fine).round() * fine => (c, c),
        Some(c) => (fine, c),
        None => (fine, fine),
    };
    let units = apportion(exact, gain, step);
    let total: i64 = units.iter().sum();
    let scale = if gain.abs() > 0.0 {
        gain.abs()
    } else {
        exact.iter().fold(0.0_f64, |m, d| m.max(d.abs()))
    };
    // The total as every other slide writes an amount (`format_gap`,
    // compact): the same value as the rows' sum, without the column's
    // trailing places ("$22k", the summary's "would add $22k").
    let amount = Decimal::from_f64_retain(total.unsigned_abs() as f64 * step)
        .unwrap_or_default()
        .round_dp(places(step));
    // Points keep the column's places: a gain of 0.086 pts is not 0.09.
    let gain = if unit == Some("%") {
        write(total, step, scale, unit)
    } else {
        crate::format::format_gap(amount, unit, true)
    };
    let rows = if rows_step == step {
        units
            .iter()
            .map(|&u| signed(u, write(u, step, scale, unit)))
            .collect()
    } else {
        apportion(exact, exact_gain, rows_step)
            .iter()
            .map(|&u| signed(u, write(u, rows_step, scale, unit)))
            .collect()
    };
    let mut total_text = signed(total, gain.clone());
    if rows_step != step {
        total_text.push_str(&format!(
            "; rows rounded to {}",
            write(1, rows_step, rows_step, unit)
        ));
    }
    Deltas {
        rows,
        total: total_text,
        gain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_add_to_the_total_at_one_precision() {
        let d = deltas(&[283_420.0, 38_640.0, -299_610.0], 22_430.0, Some("USD"));
        assert_eq!(d.rows, vec!["+$283.4k", "+$38.6k", "-$299.6k"]);
        assert_eq!(d.total, "+$22.4k");
        assert_eq!(d.gain, "$22.4k");
        // The total as other slides write it: no trailing zero.
        let d = deltas(&[283_420.0, -261_400.0], 22_020.0, Some("USD"));
        assert_eq!(d.rows, vec!["+$283.4k", "-$261.4k"]);
        assert_eq!(d.total, "+$22k");
        // A row of a million or more is in M at three figures, the
        // column at that step, the rows still adding to the gain.
        let d = deltas(
            &[-1_139_000.0, 217_000.0, 1_852_000.0],
            930_000.0,
            Some("EUR"),
        );
        assert_eq!(d.rows, vec!["-€1.14M", "+€220k", "+€1.85M"]);
        assert_eq!(d.total, "+€930k");
        // Where the gain's own figure is finer than the rows' step, the
        // total keeps it and says the rows are rounded.
        let d = deltas(&[-1_139_000.0, 1_173_400.0], 34_400.0, Some("EUR"));
        assert_eq!(d.rows, vec!["-€1.14M", "+€1.17M"]);
        assert_eq!(d.total, "+€34.4k; rows rounded to €10k");
    }

    #[test]
    fn points_and_counts() {
        let d = deltas(&[0.126, -0.04], 0.086, Some("%"));
        assert_eq!(d.total, "+0.086 pts");
        let d = deltas(&[6_212.0, 3_348.0], 9_560.0, Some("sign-ups"));
        assert_eq!(d.rows, vec!["+6,210 sign-ups", "+3,350 sign-ups"]);
        assert_eq!(d.total, "+9,560 sign-ups");
    }
}
