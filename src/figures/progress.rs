//! How far a forecast takes an objective: the share of the change from
//! today to the target that it delivers. One definition for every output —
//! the summary, the forecast slide, the value slide, the health verdict and
//! its findings, the portfolio review — so that no slide reads a level
//! (960 ÷ 1,140 = 84%) where another reads the change (50 of 230 = 22%).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::format::{format_change, format_number};
use crate::plan::{ForecastBasis, Objective};

/// The share of the change an objective needs that a forecast delivers,
/// percent: (level − today) ÷ (target − today). One basis for every output
/// (summary, forecast slide, health, portfolio): a forecast of 960 against
/// 910 today and a 1,140 target closes 50 of the 230 needed, 22% — not the
/// 84% that 960 ÷ 1,140 would read. A forecast that moves away from the
/// target is negative.
///
/// `forecast` is what the channels deliver: the level, or the change for
/// `forecast_basis = "uplift"`. `None` without a target, or for a level
/// with no baseline: the change it needs is unknown, and outputs say so.
pub fn gap_closed(o: &Objective, needed: Option<Decimal>, forecast: Decimal) -> Option<Decimal> {
    let (done, to_do) = change_and_needed(o, needed, forecast)?;
    whole_percent(done, to_do)
}

/// `part` of `whole` as a whole percent, rounded once from the exact ratio
/// (every output prints coverage whole: 5.8 of 5.5 is 105%, where a first
/// rounding to 105.5 would print 106%).
pub fn whole_percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(whole)
        .map(|p| p.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
}

/// The change from today a forecast delivers and the change the objective
/// needs, the two sides of [`gap_closed`]: (+50, +230) for 960 SQOs
/// against 910 today and a 1,140 target.
pub fn change_and_needed(
    o: &Objective,
    needed: Option<Decimal>,
    forecast: Decimal,
) -> Option<(Decimal, Decimal)> {
    let needed = needed?;
    match o.forecast_basis {
        ForecastBasis::Uplift => Some((forecast, needed)),
        ForecastBasis::Target => {
            let today = o.measure.baseline.as_ref()?.value;
            Some((forecast - today, needed - today))
        }
    }
}

/// "+50 SQOs of +230 SQOs": the change delivered against the change needed,
/// each with its unit (a bare "+14,700 of" would not say what it counts).
pub fn change_of_needed(unit: Option<&str>, done: Decimal, to_do: Decimal) -> String {
    format!(
        "{} of {}",
        format_change(done, unit, true),
        format_change(to_do, unit, true)
    )
}

/// The coverage in words, the same wherever it is stated: "+50 SQOs of +230
/// SQOs needed: 22% of the gap closed"; a forecast that moves away from
/// the target says so rather than showing a percentage; a level with no
/// baseline says the gap is unknown.
pub fn gap_words(o: &Objective, needed: Option<Decimal>, forecast: Decimal) -> Option<String> {
    let unit = o.measure.unit.as_deref();
    let Some((done, to_do)) = change_and_needed(o, needed, forecast) else {
        return (needed.is_some() && o.measure.baseline.is_none())
            .then(|| "no baseline given, so the change it needs is unknown".to_string());
    };
    let share = whole_percent(done, to_do)?;
    Some(if share < Decimal::ZERO {
        format!(
            "{} against {} needed: {}",
            format_change(done, unit, true),
            format_change(to_do, unit, true),
            share_words(share)
        )
    } else {
        format!(
            "{} needed: {}",
            change_of_needed(unit, done, to_do),
            share_words(share)
        )
    })
}

/// The coverage in a table cell: "22%", "moves away" (from the target),
/// "no baseline" (the change needed is unknown).
pub fn gap_cell(o: &Objective, needed: Option<Decimal>, forecast: Decimal) -> Option<String> {
    let Some(share) = gap_closed(o, needed, forecast) else {
        return (needed.is_some() && o.measure.baseline.is_none()).then(|| "no baseline".into());
    };
    Some(if share < Decimal::ZERO {
        "moves away".into()
    } else {
        format!("{}%", format_number(share.round_dp(0), 0))
    })
}

/// A share of the gap in words: "22% of the gap closed", or "it moves away
/// from the target" for a negative share.
pub fn share_words(share: Decimal) -> String {
    if share < Decimal::ZERO {
        "it moves away from the target".into()
    } else {
        format!("{}% of the gap closed", format_number(share.round_dp(0), 0))
    }
}

impl super::ObjectiveFigures {
    /// [`gap_cell`] of the forecast every output states; "no forecast"
    /// when no channel forecasts the objective.
    pub fn gap_cell(&self, o: &Objective) -> Option<String> {
        if self.forecasts() {
            gap_cell(o, self.needed, self.shown())
        } else {
            self.needed.map(|_| "no forecast".to_string())
        }
    }

    /// [`gap_words`] of the forecast every output states.
    pub fn gap_words(&self, o: &Objective) -> Option<String> {
        if self.forecasts() {
            gap_words(o, self.needed, self.shown())
        } else {
            self.needed.map(|_| "no channel forecasts it".to_string())
        }
    }
}
