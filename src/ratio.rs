//! The one precision of every ratio a deck or the checker prints — a
//! return (`0.46×`), a multiple of the curves' effect, what €1 buys — so
//! that one figure reads the same on every slide. A ratio divides by an
//! allocated cost or a forecast: it is not known to four digits.

use rust_decimal::{Decimal, RoundingStrategy};

/// A multiple — a return, a ratio of money to money — as a board can
/// take it: `0.46×`, `2.6×`, `16×`. A return divides by an allocated cost
/// or a forecast, so it is not known to four digits: two significant
/// figures below 10, whole numbers from 10, the same figure the same way
/// on every slide of every deck ([`format_ratio`]).
pub fn format_multiple(d: Decimal) -> String {
    format!("{}×", format_ratio(d))
}

/// A ratio kept at the precision it is printed with (two significant
/// figures): a return stored to two places printed 0.0347 as "0.030×".
pub fn two_figures(d: Decimal) -> Decimal {
    // Below 0.1 two places are one figure or none; from 0.1 two places
    // are the printed figures already (and the figures tests rebuild).
    if d.abs() < Decimal::new(1, 1) {
        return d
            .round_sf_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .unwrap_or(d);
    }
    d.round_dp(2)
}

/// The number of a ratio, without its sign: two significant figures below
/// 10 (`0.46`, `2.6`, `4.0`), whole numbers from 10 (`16`, `1,240`), halves
/// away from zero. The one precision of every `×` and every "€1 buys €X
/// more".
pub fn format_ratio(d: Decimal) -> String {
    if d.is_zero() {
        return "0".to_string();
    }
    let r = d
        .round_sf_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .unwrap_or(d);
    if r.abs() >= Decimal::TEN {
        return whole(d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero));
    }
    // Places for two significant figures: 1 from 1, 2 from 0.1, …
    let mut places = 1usize;
    let mut bound = Decimal::ONE;
    while r.abs() < bound && places < 12 {
        places += 1;
        bound /= Decimal::TEN;
    }
    format!("{r:.places$}")
}

/// The places a column of multiples is printed with, one for every row so
/// that no column reads "0.11×" over "0.095×": the places the plan's own
/// figure takes on every other slide ([`format_ratio`]), more only where a
/// row would otherwise print as nothing ("0.00×").
///
/// `None` where one precision would print a row at more than two
/// significant figures ("1.05×" beside the plan's "0.99×"): then each row
/// keeps its own two figures ([`format_multiple`]), the precision of every
/// multiple in the deck.
pub fn column_places(plan: Option<Decimal>, rows: &[Decimal]) -> Option<usize> {
    let places_of = |d: Decimal| {
        format_ratio(d)
            .split_once('.')
            .map_or(0, |(_, frac)| frac.len())
    };
    let mut places = plan.map_or_else(
        || rows.iter().map(|r| places_of(*r)).min().unwrap_or(1),
        places_of,
    );
    while places < 4
        && rows.iter().any(|r| {
            !r.is_zero()
                && r.round_dp_with_strategy(places as u32, RoundingStrategy::MidpointAwayFromZero)
                    .is_zero()
        })
    {
        places += 1;
    }
    let too_fine = rows.iter().chain(plan.iter()).any(|r| {
        let a = r.abs();
        (a >= Decimal::TEN && places >= 1) || (a >= Decimal::ONE && places >= 2)
    });
    (!too_fine).then_some(places)
}

/// A multiple at a column's places ([`column_places`]): `0.10×`, `16×`;
/// its own two figures where the column has none.
pub fn format_multiple_at(d: Decimal, places: Option<usize>) -> String {
    let Some(places) = places else {
        return format_multiple(d);
    };
    let r = d.round_dp_with_strategy(places as u32, RoundingStrategy::MidpointAwayFromZero);
    if places == 0 {
        return format!("{}×", whole(r));
    }
    format!("{r:.places$}×")
}

/// A whole number with thousands separators ("1,240").
fn whole(d: Decimal) -> String {
    let s = d.abs().trunc().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if d.is_sign_negative() && !d.is_zero() {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn two_significant_figures_below_ten_whole_from_ten() {
        assert_eq!(format_multiple(d("2.6")), "2.6×");
        assert_eq!(format_multiple(d("2.65")), "2.7×");
        assert_eq!(format_multiple(d("0.455")), "0.46×");
        assert_eq!(format_multiple(d("0.5")), "0.50×");
        assert_eq!(format_multiple(d("16.27")), "16×");
        assert_eq!(format_multiple(d("9.96")), "10×");
        assert_eq!(format_multiple(d("0.0123")), "0.012×");
        assert_eq!(format_multiple(d("-1.333")), "-1.3×");
        assert_eq!(format_multiple(d("1240.4")), "1,240×");
        assert_eq!(format_ratio(d("0")), "0");
    }

    /// A ratio stored at the precision it is printed with: €6.48k ÷ €187k
    /// is 0.035×, where a return kept to two places printed "0.030×".
    #[test]
    fn a_stored_ratio_prints_as_its_own_figures() {
        let r = d("6480") / d("187000");
        assert_eq!(format_multiple(two_figures(r)), "0.035×");
        assert_eq!(format_multiple(two_figures(d("16.4"))), "16×");
        assert_eq!(format_multiple(two_figures(d("123.4"))), "123×");
        assert_eq!(format_multiple(two_figures(d("0.0123"))), "0.012×");
    }
}
