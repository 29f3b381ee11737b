//! The chart data language (docs/charts.md): fenced ```` ```chart KIND ````
//! blocks in a deck, parsed once here for every renderer.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The smallest text any renderer's chart draws, pt: the table text at
/// the slide's smallest scale (17 pt × 0.65), about 9 px at 60 dpi — a
/// board could not read 5 px axis ticks and legends.
pub const MIN_TEXT_PT: f32 = 11.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bar,
    StackedBar,
    Donut,
    Timeline,
    /// Lines through points: the x value is the row's label (a number, or
    /// categories evenly spaced), one line per series.
    Line,
}

impl ChartKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "bar" => Some(ChartKind::Bar),
            "stacked-bar" => Some(ChartKind::StackedBar),
            "donut" | "pie" => Some(ChartKind::Donut),
            "timeline" => Some(ChartKind::Timeline),
            "line" => Some(ChartKind::Line),
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
    /// Series with no point in this row (a line chart's `-`: a response
    /// curve ends at its channel's maximum budget); their numbers hold 0.
    pub gaps: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub series: Vec<String>,
    pub rows: Vec<ChartRow>,
    /// Line charts: the x axis's title (`# x: Spend, EUR`).
    pub x_title: Option<String>,
    /// Line charts: points marked on a series (`# mark: Paid search, 900000, planned`).
    pub marks: Vec<Mark>,
    /// Timelines: the period the axis covers at least (`# span: 2027-04-01
    /// .. 2028-03-31`), so a plan's year shows whole, not only its items' dates.
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// Stacked bars: each column is labelled with the sum of its first
    /// this-many series (`# label: 2`), not its height: a people chart
    /// stacks work covered, work short and spare capacity, and labels every
    /// column with the work needed (covered + short), one quantity in every
    /// quarter, where the height is the capacity in a quarter with spare.
    pub label_first: Option<usize>,
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
            x_title: None,
            marks: Vec::new(),
            span: None,
            label_first: None,
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
                    "series" => chart.series = series_names(&value),
                    "x" if kind == ChartKind::Line => chart.x_title = Some(value),
                    "label" if kind == ChartKind::StackedBar => {
                        match value.parse::<usize>().ok().filter(|n| *n > 0) {
                            Some(n) => chart.label_first = Some(n),
                            None => chart.skipped.push(line.to_string()),
                        }
                    }
                    "mark" if kind == ChartKind::Line => match Mark::parse(&value) {
                        Some(m) => chart.marks.push(m),
                        None => chart.skipped.push(line.to_string()),
                    },
                    "span" if kind == ChartKind::Timeline => {
                        match value
                            .split_once("..")
                            .and_then(|(a, b)| date(a).zip(date(b)))
                        {
                            Some((a, b)) => chart.span = Some((a.min(b), a.max(b))),
                            None => chart.skipped.push(line.to_string()),
                        }
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
                }
                .map(|v| (v, Vec::new())),
                _ => value
                    .split(',')
                    .map(|v| match v.trim() {
                        "-" if kind == ChartKind::Line => Some(None),
                        v => Decimal::from_str(v).ok().map(Some),
                    })
                    .collect::<Option<Vec<_>>>()
                    .filter(|v| !v.is_empty() && v.iter().any(Option::is_some))
                    .map(|v| {
                        let gaps = (0..v.len()).filter(|j| v[*j].is_none()).collect();
                        let numbers = v.into_iter().map(Option::unwrap_or_default).collect();
                        (ChartValue::Numbers(numbers), gaps)
                    }),
            };
            match parsed {
                Some((value, gaps)) => chart.rows.push(ChartRow {
                    label: label.trim().to_string(),
                    value,
                    gaps,
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
        // The span widens the axis only where there are rows to draw.
        let span = self
            .span
            .filter(|_| !self.rows.is_empty())
            .map(|(a, b)| vec![a, b])
            .unwrap_or_default();
        let dates = dates.chain(span);
        dates.fold(None, |acc, d| match acc {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
    }

    /// The numbers of a row (empty for dates).
    pub fn numbers(row: &ChartRow) -> &[Decimal] {
        match &row.value {
            ChartValue::Numbers(n) => n,
            _ => &[],
        }
    }

    /// Series `j`'s value in a row: `None` where the row has none (a gap,
    /// `-`, or fewer values than series).
    pub fn point(row: &ChartRow, j: usize) -> Option<Decimal> {
        if row.gaps.contains(&j) {
            return None;
        }
        Chart::numbers(row).get(j).copied()
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

/// The names of a `# series:` line, separated by commas; a name that holds
/// a comma is written in double quotes (`"Paid search (Google, Bing)", ABM`)
/// and keeps it.
fn series_names(value: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => names.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    names.push(current.trim().to_string());
    names
}

/// A series name without the double quotes that let it hold a comma.
fn unquote(name: &str) -> &str {
    name.strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name)
}

/// A point marked on a line chart's series.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub series: String,
    pub x: Decimal,
    /// What the mark means (`planned`, `optimal`); marks of the same kind
    /// are drawn alike and named once in the legend.
    pub kind: String,
}

impl Mark {
    fn parse(value: &str) -> Option<Mark> {
        let mut parts = value.rsplitn(3, ',');
        let kind = parts.next()?.trim().to_string();
        let x = Decimal::from_str(parts.next()?.trim()).ok()?;
        let series = unquote(parts.next()?.trim()).to_string();
        (!kind.is_empty() && !series.is_empty()).then_some(Mark { series, x, kind })
    }
}

/// A line chart's axes: x from the labels (numbers, or categories evenly
/// spaced), y from 0 to the largest value.
#[derive(Debug, Clone, Copy)]
pub struct LineScale {
    x_min: f32,
    x_max: f32,
    y_max: f32,
    /// Whether the labels are numbers (else the row index is x).
    numeric: bool,
    rows: usize,
}

/// An axis's ticks above zero for values up to `max`: multiples of one
/// round step (`ticks::nice_step`), at most `most` of them; the last is at or
/// above `max` when `cover` (a value axis's top), else at or below it (an
/// x axis that ends where the data ends).
pub fn ticks(max: f32, most: usize, cover: bool) -> Vec<f32> {
    if !max.is_finite() || max <= 0.0 || most == 0 {
        return Vec::new();
    }
    let step = crate::ticks::nice_step(f64::from(max) / most as f64);
    let count = if cover {
        (f64::from(max) / step * 0.999_9).ceil()
    } else {
        (f64::from(max) / step * 1.000_1).floor()
    };
    (1..=count.max(1.0) as usize)
        .map(|i| (step * i as f64) as f32)
        .collect()
}

/// Value-axis ticks a line chart draws: up to four gridlines.
const Y_TICKS: usize = 4;
/// Numeric x-axis ticks: up to four labels past zero.
const X_TICKS: usize = 4;

impl LineScale {
    /// Where row `i` falls across the plot (0..1).
    pub fn row_x(&self, chart: &Chart, i: usize) -> f32 {
        if self.numeric {
            let v = Decimal::from_str(chart.rows[i].label.trim())
                .map(to_f32)
                .unwrap_or(0.0);
            self.x(v)
        } else if self.rows <= 1 {
            0.5
        } else {
            i as f32 / (self.rows - 1) as f32
        }
    }

    /// Where an x value falls across the plot (0..1).
    pub fn x(&self, v: f32) -> f32 {
        ((v - self.x_min) / (self.x_max - self.x_min).max(f32::EPSILON)).clamp(0.0, 1.0)
    }

    /// Where a y value falls up the plot (0..1).
    pub fn y(&self, v: f32) -> f32 {
        (v.max(0.0) / self.y_max).min(1.0)
    }

    /// The value axis's gridlines: (where up the plot, 0..1, value), at
    /// round steps up to the scale's top.
    pub fn y_ticks(&self) -> Vec<(f32, f32)> {
        ticks(self.y_max, Y_TICKS, true)
            .into_iter()
            .map(|v| (self.y(v), v))
            .collect()
    }

    pub fn x_max(&self) -> f32 {
        self.x_max
    }

    pub fn y_max(&self) -> f32 {
        self.y_max
    }

    pub fn numeric(&self) -> bool {
        self.numeric
    }
}

impl Chart {
    /// The series names of a line or stacked chart, numbered when not given.
    pub fn series_names(&self) -> Vec<String> {
        if !self.series.is_empty() {
            return self.series.clone();
        }
        let n = self
            .rows
            .iter()
            .map(|r| Chart::numbers(r).len())
            .max()
            .unwrap_or(1);
        (1..=n).map(|i| format!("Series {i}")).collect()
    }

    pub fn line_scale(&self) -> LineScale {
        let xs: Option<Vec<f32>> = self
            .rows
            .iter()
            .map(|r| Decimal::from_str(r.label.trim()).ok().map(to_f32))
            .collect();
        let y_max = self
            .rows
            .iter()
            .flat_map(Chart::numbers)
            .map(|v| to_f32(*v))
            .fold(0.0_f32, f32::max);
        let y_max = ticks(y_max, Y_TICKS, true)
            .last()
            .copied()
            .unwrap_or(0.0)
            .max(f32::EPSILON);
        match xs.filter(|x| !x.is_empty()) {
            Some(xs) => LineScale {
                x_min: xs.iter().copied().fold(f32::INFINITY, f32::min).min(0.0),
                x_max: xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
                y_max,
                numeric: true,
                rows: self.rows.len(),
            },
            None => LineScale {
                x_min: 0.0,
                x_max: 1.0,
                y_max,
                numeric: false,
                rows: self.rows.len(),
            },
        }
    }

    /// The x-axis labels of a line chart: (where across the plot, 0..1,
    /// text). Numbers at round ticks from zero (`ticks`: 500k, 1M, 1.5M;
    /// never the sampled rows' 323.2k) shortened (`1.8M`); categories all
    /// when few, else the first, middle and last. Shared by the PDF and SVG
    /// painters.
    pub fn x_labels(&self, scale: &LineScale) -> Vec<(f32, String)> {
        let n = self.rows.len();
        if n == 0 {
            return Vec::new();
        }
        if scale.numeric {
            let zero = (scale.x_min <= 0.0).then_some(0.0_f32);
            return zero
                .into_iter()
                .chain(ticks(scale.x_max, X_TICKS, false))
                .filter_map(|v| {
                    let d = Decimal::from_f32_retain(v)?.round_dp(2).normalize();
                    Some((scale.x(v), crate::format::format_compact(d)))
                })
                .collect();
        }
        let picks: Vec<usize> = if n <= 8 {
            (0..n).collect()
        } else {
            let mut v = vec![0, n / 2, n - 1];
            v.dedup();
            v
        };
        picks
            .into_iter()
            .map(|i| (scale.row_x(self, i), self.rows[i].label.clone()))
            .collect()
    }

    /// The kinds of marks, in order of first use (the first drawn as a
    /// ring, the others filled; each named once in the legend).
    pub fn mark_kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> = Vec::new();
        for m in &self.marks {
            if !kinds.contains(&m.kind.as_str()) {
                kinds.push(&m.kind);
            }
        }
        kinds
    }

    /// Where a mark sits: its x (0..1) and the series' value there,
    /// interpolated between the rows around it (numeric x only).
    pub fn mark_point(&self, scale: &LineScale, mark: &Mark) -> Option<(f32, f32)> {
        let s = self.series_names().iter().position(|n| *n == mark.series)?;
        if !scale.numeric {
            return None;
        }
        let x = to_f32(mark.x);
        let pts: Vec<(f32, f32)> = self
            .rows
            .iter()
            .filter_map(|r| {
                let rx = Decimal::from_str(r.label.trim()).ok().map(to_f32)?;
                Some((rx, to_f32(Chart::point(r, s)?)))
            })
            .collect();
        let y = pts.windows(2).find_map(|w| {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            (x >= x0.min(x1) && x <= x0.max(x1)).then(|| {
                if (x1 - x0).abs() < f32::EPSILON {
                    y0
                } else {
                    y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                }
            })
        })?;
        Some((scale.x(x), scale.y(y)))
    }
}

/// How marks of the `k`-th of a chart's `kinds` (`Chart::mark_kinds`) are
/// drawn: the first kind a ring, the others filled, and a kind that names
/// two in one ("planned ≈ optimal": two points a hair apart) the ring
/// around the dot, so the legend's glyph says both are there.
pub fn mark_style(kinds: &[&str], k: usize) -> MarkStyle {
    match kinds.get(k) {
        Some(kind) if kind.contains(" ≈ ") => MarkStyle::Both,
        // A point held by a limit ("optimal = its budget cap"): a shape of
        // its own, since a dot would read as the plain optimum.
        Some(kind) if kind.contains(" = its ") => MarkStyle::Limit,
        _ if k == 0 => MarkStyle::Ring,
        _ => MarkStyle::Dot,
    }
}

/// How a line chart's mark is drawn (`mark_style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkStyle {
    Ring,
    Dot,
    Both,
    /// A diamond: a point held by a limit (a channel's budget cap or floor).
    Limit,
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
    fn a_quoted_series_name_keeps_its_comma() {
        let c = Chart::parse(
            ChartKind::Line,
            "# series: \"Paid search (Google, Bing)\", ABM\n# mark: \"Paid search (Google, Bing)\", 5, planned\n0: 0, 0\n10: 3, 4\n",
        );
        assert_eq!(c.series, ["Paid search (Google, Bing)", "ABM"]);
        assert_eq!(c.marks[0].series, "Paid search (Google, Bing)");
    }

    #[test]
    fn line_charts_scale_numeric_x_and_place_marks_on_their_series() {
        let c = Chart::parse(
            ChartKind::Line,
            "# series: A, B\n# x: Spend\n# mark: B, 150, planned\n# mark: C, 1, planned\n0: 0, 0\n100: 10, 20\n200: 15, 40\n",
        );
        assert_eq!(c.x_title.as_deref(), Some("Spend"));
        assert_eq!(c.marks.len(), 2);
        let s = c.line_scale();
        assert!(s.numeric());
        assert!((s.row_x(&c, 1) - 0.5).abs() < 1e-6);
        // Halfway between 20 and 40 on B, of a largest value of 40.
        let (x, y) = c.mark_point(&s, &c.marks[0]).unwrap();
        assert!(
            (x - 0.75).abs() < 1e-6 && (y - 0.75).abs() < 1e-6,
            "{x} {y}"
        );
        // A mark on a series the chart does not have is not drawn.
        assert!(c.mark_point(&s, &c.marks[1]).is_none());
    }

    #[test]
    fn line_axes_tick_at_round_steps_whatever_the_rows() {
        // Rows sampled at 323.2k (the old curves' reach ÷ 24): the axis
        // still reads 0, 500k, 1M and the value axis 0, 5M … 15M.
        let c = Chart::parse(
            ChartKind::Line,
            "# series: A
0: 0
323200: 6100000
646400: 9800000
1292800: 13400000
",
        );
        let s = c.line_scale();
        let x: Vec<String> = c.x_labels(&s).into_iter().map(|(_, t)| t).collect();
        assert_eq!(x, ["0", "500k", "1M"]);
        let y: Vec<f32> = s.y_ticks().into_iter().map(|(_, v)| v).collect();
        assert_eq!(y, [5e6, 10e6, 15e6]);
        assert_eq!(s.y_max(), 15e6);
        assert_eq!(ticks(26_369.0, 4, true), [10_000.0, 20_000.0, 30_000.0]);
        assert_eq!(ticks(2.6e6, 4, false), [1e6, 2e6]);
    }

    #[test]
    fn a_dash_in_a_line_chart_is_no_point() {
        let c = Chart::parse(
            ChartKind::Line,
            "# series: A, B\n# mark: B, 150, planned\n0: 0, 0\n100: 10, 20\n200: 15, -\n300: -, -\n",
        );
        // A row with no value at all is not a row.
        assert_eq!(c.rows.len(), 3, "{:?}", c.skipped);
        assert_eq!(Chart::point(&c.rows[2], 0), Some(Decimal::from(15)));
        assert_eq!(Chart::point(&c.rows[2], 1), None);
        // A mark past the series' last point is not drawn on a zero.
        assert!(c.mark_point(&c.line_scale(), &c.marks[0]).is_none());
        // Bars take no dashes.
        let b = Chart::parse(ChartKind::Bar, "A: -\n");
        assert!(b.rows.is_empty());
    }

    #[test]
    fn a_kind_naming_two_marks_draws_both() {
        let kinds = ["planned", "optimal", "planned ≈ optimal"];
        assert_eq!(mark_style(&kinds, 0), MarkStyle::Ring);
        assert_eq!(mark_style(&kinds, 1), MarkStyle::Dot);
        assert_eq!(mark_style(&kinds, 2), MarkStyle::Both);
        assert_eq!(mark_style(&["planned ≈ optimal"], 0), MarkStyle::Both);
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
