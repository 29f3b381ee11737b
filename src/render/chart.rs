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

    /// Each row's numbers added up (a stacked column's height).
    pub fn totals(&self) -> Vec<Decimal> {
        self.rows
            .iter()
            .map(|r| Chart::numbers(r).iter().copied().sum())
            .collect()
    }

    /// The numbers of a row (empty for dates).
    pub fn numbers(row: &ChartRow) -> &[Decimal] {
        match &row.value {
            ChartValue::Numbers(n) => n,
            _ => &[],
        }
    }
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
