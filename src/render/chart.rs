//! The chart data language (docs/charts.md): fenced ```` ```chart KIND ````
//! blocks in a deck, parsed once here for every renderer.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bar,
    StackedBar,
    Donut,
    Timeline,
}

impl ChartKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "bar" => Some(ChartKind::Bar),
            "stacked-bar" => Some(ChartKind::StackedBar),
            "donut" | "pie" => Some(ChartKind::Donut),
            "timeline" => Some(ChartKind::Timeline),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChartValue {
    Numbers(Vec<Decimal>),
    Span(NaiveDate, NaiveDate),
    Date(NaiveDate),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartRow {
    pub label: String,
    pub value: ChartValue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub series: Vec<String>,
    pub rows: Vec<ChartRow>,
    /// Lines that could not be read, for a warning.
    pub skipped: Vec<String>,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl Chart {
    /// Parses the body of a chart block of the given kind.
    pub fn parse(kind: ChartKind, body: &str) -> Chart {
        let mut chart = Chart {
            kind,
            title: None,
            unit: None,
            series: Vec::new(),
            rows: Vec::new(),
            skipped: Vec::new(),
        };
        for line in body.lines() {
            // Options start with `# ` at the very start of the line; a data
            // label that begins with `#` is written with a leading space.
            if let Some(option) = line.strip_prefix("# ") {
                let (key, value) = option.split_once(':').unwrap_or((option, ""));
                let value = value.trim().to_string();
                match key.trim() {
                    "title" => chart.title = Some(value),
                    "unit" => chart.unit = Some(value),
                    "series" => {
                        chart.series = value.split(',').map(|s| s.trim().to_string()).collect()
                    }
                    _ => chart.skipped.push(line.to_string()),
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let Some((label, value)) = line.rsplit_once(": ") else {
                chart.skipped.push(line.to_string());
                continue;
            };
            let value = value.trim();
            let parsed = match kind {
                ChartKind::Timeline => match value.split_once("..") {
                    Some((a, b)) => date(a)
                        .zip(date(b))
                        .map(|(a, b)| ChartValue::Span(a.min(b), a.max(b))),
                    None => date(value).map(ChartValue::Date),
                },
                _ => value
                    .split(',')
                    .map(|v| Decimal::from_str(v.trim()).ok())
                    .collect::<Option<Vec<_>>>()
                    .filter(|v| !v.is_empty())
                    .map(ChartValue::Numbers),
            };
            match parsed {
                Some(value) => chart.rows.push(ChartRow {
                    label: label.trim().to_string(),
                    value,
                }),
                None => chart.skipped.push(line.to_string()),
            }
        }
        chart
    }

    /// The earliest and latest dates of a timeline.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let dates = self.rows.iter().flat_map(|r| match r.value {
            ChartValue::Span(a, b) => vec![a, b],
            ChartValue::Date(d) => vec![d],
            ChartValue::Numbers(_) => vec![],
        });
        dates.fold(None, |acc, d| match acc {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
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

    /// The numbers of a row (empty for dates).
    pub fn numbers(row: &ChartRow) -> &[Decimal] {
        match &row.value {
            ChartValue::Numbers(n) => n,
            _ => &[],
        }
    }

    /// The value scale of a bar chart: each row's first number.
    pub fn bar_scale(&self) -> Scale {
        Scale::of(
            self.rows
                .iter()
                .map(|r| Chart::numbers(r).first().copied().unwrap_or_default()),
        )
    }

    /// The value scale of a stacked bar chart: the row totals.
    pub fn stack_scale(&self) -> Scale {
        Scale::of(self.totals())
    }

    /// A donut's slices: each row's first number as a share of all (0..1).
    pub fn shares(&self) -> Vec<f32> {
        let values: Vec<f32> = self
            .rows
            .iter()
            .map(|r| to_f32(Chart::numbers(r).first().copied().unwrap_or_default()).max(0.0))
            .collect();
        let total = values.iter().sum::<f32>().max(f32::EPSILON);
        values.iter().map(|v| v / total).collect()
    }

    /// A timeline's scale: where a date falls between the first and the
    /// last date, as a fraction (0..1).
    pub fn time_scale(&self) -> Option<TimeScale> {
        let (first, last) = self.date_range()?;
        Some(TimeScale { first, last })
    }
}

/// Where a value falls on a chart's axis, shared by every painter so that
/// the PDF and the HTML deck draw the same proportions.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    max: f32,
}

impl Scale {
    fn of(values: impl IntoIterator<Item = Decimal>) -> Scale {
        let max = values
            .into_iter()
            .map(to_f32)
            .fold(0.0_f32, f32::max)
            .max(f32::EPSILON);
        Scale { max }
    }

    /// `v` as a fraction of the largest value (negative values draw as 0).
    pub fn fraction(self, v: Decimal) -> f32 {
        (to_f32(v).max(0.0) / self.max).min(1.0)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct TimeScale {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl TimeScale {
    pub fn fraction(self, d: NaiveDate) -> f32 {
        let days = (self.last - self.first).num_days().max(1) as f32;
        (d - self.first).num_days() as f32 / days
    }

    /// Months covered, for the ticks.
    pub fn months(self) -> f32 {
        ((self.last - self.first).num_days() as f32 / 30.4)
            .ceil()
            .max(1.0)
    }
}

/// Decimal → f32 for drawing (money stays exact everywhere else).
pub fn to_f32(d: Decimal) -> f32 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f32().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_options_and_rows() {
        let c = Chart::parse(
            ChartKind::StackedBar,
            "# title: Spend\n# unit: EUR\n# series: Up, Down\nQ1: 1, 2\nLabel: with colon: 3, 4\nbad line\nQ2: x\n",
        );
        assert_eq!(c.title.as_deref(), Some("Spend"));
        assert_eq!(c.series, ["Up", "Down"]);
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.rows[1].label, "Label: with colon");
        assert_eq!(c.skipped, ["bad line", "Q2: x"]);
    }

    #[test]
    fn parses_timelines() {
        let c = Chart::parse(
            ChartKind::Timeline,
            "A: 2027-01-15 .. 2027-03-01\nM: 2027-02-01\n",
        );
        assert!(matches!(c.rows[0].value, ChartValue::Span(..)));
        assert!(matches!(c.rows[1].value, ChartValue::Date(..)));
    }
}
