//! Calendar months: effort is stated in FTE-months, so the share of it a
//! quarter carries is counted in months (each by the share of its days
//! covered), never in days.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::Quarter;

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

/// Calendar months in `[from, to]` (inclusive), each month counted by the
/// share of its days covered: effort is stated in FTE-months, so a year's
/// 12 FTE-months are 3 in every quarter, never 3.02 in a 92-day one — a
/// day count made a one-FTE agency "short" by a fiftieth of a month in
/// every long quarter.
fn months(from: NaiveDate, to: NaiveDate) -> Decimal {
    let mut total = Decimal::ZERO;
    let mut start = from;
    while start <= to {
        let first = start.with_day(1).unwrap_or(start);
        let next = next_month(first).unwrap_or(NaiveDate::MAX);
        let last = next.pred_opt().unwrap_or(next);
        let end = last.min(to);
        // A whole month is 1 (n / n, the same Decimal), without dividing:
        // capacity counts every team row's months in every quarter.
        total += if start == first && end == last {
            Decimal::ONE
        } else {
            Decimal::from(days(start, end)) / Decimal::from(days(first, last))
        };
        if next == NaiveDate::MAX {
            break;
        }
        start = next;
    }
    total
}

/// The first of the month after `first` (a first of a month), made
/// directly: `checked_add_months`, which gives the same date, was most of
/// the cost of counting capacity (thousands of months a check).
fn next_month(first: NaiveDate) -> Option<NaiveDate> {
    if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
}

/// The share of `[from, to]` (inclusive) that falls in `q`, in months;
/// `whole` is `months(from, to)`, counted once for all the quarters.
fn share_of(from: NaiveDate, to: NaiveDate, q: &Quarter, whole: Decimal) -> Decimal {
    if to < from {
        return Decimal::ZERO;
    }
    let (a, b) = (from.max(q.start), to.min(q.end));
    if b < a {
        return Decimal::ZERO;
    }
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    months(a, b) / whole
}

/// Months of quarter `q` that `[from, to]` covers (3 for a whole quarter).
pub(super) fn months_in(from: NaiveDate, to: NaiveDate, q: &Quarter) -> Decimal {
    let (a, b) = (from.max(q.start), to.min(q.end));
    if b < a {
        return Decimal::ZERO;
    }
    let quarter = months(q.start, q.end);
    if quarter.is_zero() {
        return Decimal::ZERO;
    }
    Decimal::from(3) * months(a, b) / quarter
}

/// The shares of date ranges by quarter ([`share`] for each quarter),
/// each range's computed once: every channel's work spans the plan's whole
/// period, and `capacity` spreads each skill of each channel over it.
pub(super) struct Shares<'q> {
    quarters: &'q [Quarter],
    known: Vec<((NaiveDate, NaiveDate), Vec<Decimal>)>,
}

impl<'q> Shares<'q> {
    pub(super) fn new(quarters: &'q [Quarter]) -> Self {
        Shares {
            quarters,
            known: Vec::new(),
        }
    }

    /// `[from, to]`'s share of every quarter ([`share_of`]), in order.
    pub(super) fn of(&mut self, from: NaiveDate, to: NaiveDate) -> &[Decimal] {
        let i = match self.known.iter().position(|(k, _)| *k == (from, to)) {
            Some(i) => i,
            None => {
                let whole = months(from, to);
                let row = self
                    .quarters
                    .iter()
                    .map(|q| share_of(from, to, q, whole))
                    .collect();
                self.known.push(((from, to), row));
                self.known.len() - 1
            }
        };
        &self.known[i].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_month_is_the_month_added() {
        let last = NaiveDate::MAX.with_day(1).unwrap();
        let mut firsts: Vec<NaiveDate> = (1999..2031)
            .flat_map(|y| (1..=12).map(move |m| NaiveDate::from_ymd_opt(y, m, 1).unwrap()))
            .collect();
        firsts.extend([last, NaiveDate::MIN.with_day(1).unwrap()]);
        for first in firsts {
            assert_eq!(
                next_month(first),
                first.checked_add_months(chrono::Months::new(1)),
                "{first}"
            );
        }
    }
}
