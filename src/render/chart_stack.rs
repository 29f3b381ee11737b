//! The labels above stacked columns, which every renderer (PDF, HTML,
//! PPTX) writes from here so they say the same: split from chart.rs, which
//! parses the chart language and scales the axes.

use rust_decimal::Decimal;

use super::chart::Chart;

impl Chart {
    /// Every stacked column adds up to the same (work and spare capacity
    /// stacked to the team's capacity): a row of equal totals ("6, 6, 6,
    /// 6") tells a reader nothing, so each column is labelled with its
    /// first series against the total ("4.3 of 6"), the part the title
    /// speaks of (the work) and what varies.
    pub fn equal_totals(&self) -> bool {
        let totals = self.totals();
        totals.len() >= 2 && self.series.len() >= 2 && totals.windows(2).all(|w| w[0] == w[1])
    }

    /// The label above each stacked column, as every renderer writes it:
    /// its total, or its first series against the total where all totals
    /// are equal (`equal_totals`).
    pub fn stack_labels(&self) -> Vec<String> {
        let value = |v: Decimal| crate::format::format_quantity(v, self.unit.as_deref(), true);
        let of_total = self.equal_totals();
        // What the label counts: the first `label_first` series, else the
        // first where every total is equal, else the whole column.
        let first = self.label_first.or(of_total.then_some(1));
        self.rows
            .iter()
            .zip(self.totals())
            .map(|(r, total)| {
                let part = first.map(|n| {
                    Chart::numbers(r)
                        .iter()
                        .take(n)
                        .fold(Decimal::ZERO, |acc, v| acc.saturating_add(*v))
                });
                match part {
                    Some(part) if of_total => format!("{} of {}", value(part), value(total)),
                    Some(part) => value(part),
                    None => value(total),
                }
            })
            .collect()
    }

    /// Each row's numbers added up (a stacked column's height). Sums past
    /// the largest decimal saturate (a hostile chart must not panic).
    pub fn totals(&self) -> Vec<Decimal> {
        self.rows
            .iter()
            .map(|r| {
                Chart::numbers(r)
                    .iter()
                    .fold(Decimal::ZERO, |acc, v| acc.saturating_add(*v))
            })
            .collect()
    }
}
