//! Chart blocks → native PowerPoint charts (DrawingML chart parts) that
//! carry their data in an embedded workbook, so "Edit Data" works: bar →
//! horizontal bars, stacked-bar → stacked columns, donut → doughnut, line →
//! lines (a scatter chart when x is numeric, with the marks as points),
//! timeline → a horizontal bar per row from its start to its end, on a
//! date axis.
//!
//! Charts read like the PDF's: its number formats (€1.2M, 45%), every
//! category labelled, text sized for the frame. On a company template,
//! chart text takes the template's body font and text colour (scheme
//! colours, so a dark template's charts are light on dark) and series its
//! accent colours.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::workbook::{Cell, num};
use super::xml::{Paint, attr, text};
use crate::render::chart::{Chart, ChartKind, to_f32};
use crate::theme::Theme;

pub use super::workbook::workbook;

/// The chart part and the data of its embedded workbook.
pub struct ChartPart {
    pub xml: String,
    pub sheet: Vec<Vec<Cell>>,
}

/// How a chart looks: mvplan's theme or a template's, its font, and the
/// frame it is drawn in (pt).
pub struct Look<'a> {
    pub theme: &'a Theme,
    pub own_colors: bool,
    pub font: &'a str,
    pub frame: (f32, f32),
}

impl Look<'_> {
    /// Series colours: the mvplan theme's, or the template's accents.
    fn series(&self, i: usize) -> Paint {
        let colors = &self.theme.colors.chart;
        if self.own_colors {
            Paint::Rgb(colors[i % colors.len().max(1)])
        } else {
            Paint::Scheme(
                [
                    "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                ][i % 6],
            )
        }
    }

    /// Text: the mvplan theme's colour, or the template's text colour.
    fn text(&self) -> Paint {
        if self.own_colors {
            Paint::Rgb(self.theme.colors.text)
        } else {
            Paint::Scheme("tx1")
        }
    }

    /// The background (a marker's hollow).
    fn background(&self) -> Paint {
        if self.own_colors {
            Paint::Rgb(self.theme.colors.background)
        } else {
            Paint::Scheme("bg1")
        }
    }

    /// Gridlines: light grey, or the template's text colour faded.
    fn grid(&self) -> String {
        if self.own_colors {
            "<a:solidFill><a:srgbClr val=\"DDDDDD\"/></a:solidFill>".to_string()
        } else {
            "<a:solidFill><a:schemeClr val=\"tx1\"><a:lumMod val=\"15000\"/><a:lumOff val=\"85000\"/></a:schemeClr></a:solidFill>".to_string()
        }
    }

    /// Text properties at `size` pt (bold or not), in the chart's font and
    /// text colour.
    fn tx_pr(&self, size: f32, bold: bool) -> String {
        format!(
            "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{}\" b=\"{}\">{}<a:latin typeface=\"{}\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"en-US\"/></a:p></c:txPr>",
            (size * 100.0).round() as i64,
            u8::from(bold),
            self.text().solid(),
            attr(self.font)
        )
    }

    /// Label text size: what the frame's height gives each of `n` rows
    /// (or the frame's size), between the charts' minimum and 12 pt.
    fn label_size(&self, n: usize) -> f32 {
        let (w, h) = self.frame;
        // Title, axis and padding take about 30 pt of the frame.
        let per_row = (h - 30.0).max(0.0) / (n as f32 + 1.5);
        (per_row * 0.55)
            .min(w / 40.0)
            .clamp(crate::render::chart::MIN_TEXT_PT, 12.0)
    }

    /// Text properties that never wrap (data labels: "1,200,\n000").
    fn tx_pr_one_line(&self, size: f32) -> String {
        self.tx_pr(size, false)
            .replacen("<a:bodyPr/>", "<a:bodyPr wrap=\"none\"/>", 1)
    }
}

/// The spreadsheet number format that writes values as the PDF does:
/// money with its symbol and k/M, percentages with `%`, other units after
/// the number, large plain numbers as k/M.
pub fn number_format(unit: Option<&str>, max_abs: f64) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', ""));
    let compact = |pre: &str, post: &str| {
        format!(
            "[>=1000000]{pre}#,##0.0,,\"M\"{post};[>=1000]{pre}#,##0,\"k\"{post};{pre}#,##0{post}"
        )
    };
    // Quoted literals, or nothing.
    let lit = |s: &str| if s.is_empty() { String::new() } else { q(s) };
    if let Some((pre, post)) = unit.and_then(crate::format::money_affixes) {
        let (pre, post) = (lit(pre), lit(&post));
        // The deck's money policy: whole units from 100 up, cents below.
        return if max_abs >= 1000.0 {
            compact(&pre, &post)
        } else if max_abs >= 100.0 {
            format!("{pre}#,##0{post}")
        } else {
            format!("{pre}#,##0.##{post}")
        };
    }
    match unit {
        Some("%") => format!("General{}", q("%")),
        Some("x") => format!("General{}", q("x")),
        Some(u) if !u.trim().is_empty() => {
            let post = q(&format!(" {u}"));
            if max_abs >= 10_000.0 {
                compact("", &post)
            } else {
                format!("#,##0.##{post}")
            }
        }
        _ if max_abs >= 10_000.0 => compact("", ""),
        _ => "#,##0.##".to_string(),
    }
}

fn str_ref(out: &mut String, f: &str, values: &[String]) {
    let _ = write!(
        out,
        "<c:strRef><c:f>{}</c:f><c:strCache><c:ptCount val=\"{}\"/>",
        text(f),
        values.len()
    );
    for (i, v) in values.iter().enumerate() {
        let _ = write!(out, "<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", text(v));
    }
    out.push_str("</c:strCache></c:strRef>");
}

fn num_ref(out: &mut String, f: &str, values: &[f64], format: &str) {
    let _ = write!(
        out,
        "<c:numRef><c:f>{}</c:f><c:numCache><c:formatCode>{}</c:formatCode><c:ptCount val=\"{}\"/>",
        text(f),
        text(format),
        values.len()
    );
    // A value that is not a number (a line's gap) has no point: the
    // viewer draws no segment to or from it.
    for (i, v) in values.iter().enumerate().filter(|(_, v)| v.is_finite()) {
        let _ = write!(out, "<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", num(*v));
    }
    out.push_str("</c:numCache></c:numRef>");
}

fn fill(c: Paint) -> String {
    format!("<c:spPr>{}</c:spPr>", c.solid())
}

fn line(c: Paint, w: i64) -> String {
    format!(
        "<c:spPr><a:ln w=\"{w}\" cap=\"rnd\">{}<a:round/></a:ln></c:spPr>",
        c.solid()
    )
}

/// One series over categories, as bar and line charts write it.
struct CatSeries<'a> {
    idx: usize,
    /// The worksheet column of its values (B, C, …).
    column: String,
    name: &'a str,
    /// `c:spPr` and what the schema puts between it and `c:cat`.
    look: String,
    cat_f: &'a str,
    labels: &'a [String],
    values: &'a [f64],
    format: &'a str,
    /// What follows `c:val` (`c:smooth` for lines).
    tail: &'a str,
}

fn cat_series(out: &mut String, s: CatSeries<'_>) {
    let (j, c) = (s.idx, &s.column);
    let _ = write!(
        out,
        "<c:ser><c:idx val=\"{j}\"/><c:order val=\"{j}\"/><c:tx>"
    );
    str_ref(out, &format!("Sheet1!${c}$1"), &[s.name.to_string()]);
    out.push_str("</c:tx>");
    out.push_str(&s.look);
    out.push_str("<c:cat>");
    str_ref(out, s.cat_f, s.labels);
    out.push_str("</c:cat><c:val>");
    num_ref(
        out,
        &format!("Sheet1!${c}$2:${c}${}", s.values.len() + 1),
        s.values,
        s.format,
    );
    out.push_str("</c:val>");
    out.push_str(s.tail);
    out.push_str("</c:ser>");
}

const AX1: &str = "500000001";
const AX2: &str = "500000002";

/// A category axis: every label shown (none skipped), at `size` pt.
fn cat_ax(look: &Look<'_>, pos: &str, reverse: bool, size: f32) -> String {
    format!(
        "<c:catAx><c:axId val=\"{AX1}\"/><c:scaling><c:orientation val=\"{}\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"{pos}\"/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{}<c:crossAx val=\"{AX2}\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:tickLblSkip val=\"1\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>",
        if reverse { "maxMin" } else { "minMax" },
        look.tx_pr(size, false)
    )
}

/// A value axis.
struct ValAx<'a> {
    id: &'a str,
    cross: &'a str,
    pos: &'a str,
    between: &'a str,
    grid: bool,
    title: Option<&'a str>,
    /// Where it crosses the other (`max` keeps it at the bottom of a
    /// horizontal bar chart whose categories read top-down).
    crosses: &'a str,
    format: &'a str,
    /// Its bounds, when set (a timeline's dates).
    bounds: Option<(f64, f64)>,
}

fn val_ax(look: &Look<'_>, a: ValAx<'_>, size: f32) -> String {
    let title = a.title.map_or_else(String::new, |t| {
        format!(
            "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{0}\" b=\"0\"/></a:pPr><a:r><a:rPr lang=\"en-US\" sz=\"{0}\" b=\"0\"/><a:t>{1}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/>{2}</c:title>",
            (size * 100.0).round() as i64,
            text(t),
            look.tx_pr(size, false)
        )
    });
    // (A bound that is not a number is left to the viewer.)
    let bound = |k: &str, v: f64| {
        if v.is_finite() {
            format!("<c:{k} val=\"{}\"/>", num(v))
        } else {
            String::new()
        }
    };
    let bounds = a
        .bounds
        .map_or_else(String::new, |(lo, hi)| bound("max", hi) + &bound("min", lo));
    let grid = if a.grid {
        format!(
            "<c:majorGridlines><c:spPr><a:ln w=\"6350\">{}</a:ln></c:spPr></c:majorGridlines>",
            look.grid()
        )
    } else {
        String::new()
    };
    format!(
        "<c:valAx><c:axId val=\"{}\"/><c:scaling><c:orientation val=\"minMax\"/>{bounds}</c:scaling><c:delete val=\"0\"/><c:axPos val=\"{}\"/>{grid}{title}<c:numFmt formatCode=\"{}\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{}<c:crossAx val=\"{}\"/><c:crosses val=\"{}\"/><c:crossBetween val=\"{}\"/></c:valAx>",
        a.id,
        a.pos,
        attr(a.format),
        look.tx_pr(size, false),
        a.cross,
        a.crosses,
        a.between
    )
}

/// Data labels: the value, in the chart's format, at `size` pt.
fn data_labels(look: &Look<'_>, format: &str, size: f32) -> String {
    format!(
        "<c:dLbls><c:numFmt formatCode=\"{}\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{}<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>",
        attr(format),
        look.tx_pr_one_line(size)
    )
}

fn f64_of(d: &Decimal) -> f64 {
    f64::from(to_f32(*d))
}

/// The largest magnitude among values.
fn max_abs(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// A chart's plot area and data, and whether it has a legend.
struct Plot {
    xml: String,
    sheet: Vec<Vec<Cell>>,
    legend: bool,
    /// A series the legend leaves out (the invisible one that carries the
    /// labels above stacked columns).
    unlisted: Option<usize>,
}

mod kinds;

use kinds::{bar_or_donut, lines, stacked, timeline};

/// The chart part for a chart block.
pub fn chart(chart: &Chart, look: &Look<'_>) -> ChartPart {
    let plot = match chart.kind {
        ChartKind::Bar | ChartKind::Donut => bar_or_donut(chart, look),
        ChartKind::StackedBar => stacked(chart, look),
        ChartKind::Timeline => timeline(chart, look),
        ChartKind::Line => lines(chart, look),
    };
    let title_size = look.label_size(4).max(11.0) + 2.0;
    let title = chart.title.as_deref().map_or_else(
        || "<c:autoTitleDeleted val=\"1\"/>".to_string(),
        |t| {
            format!(
                "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{0}\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"en-US\" sz=\"{0}\" b=\"1\"/><a:t>{1}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/>{2}</c:title><c:autoTitleDeleted val=\"0\"/>",
                (title_size * 100.0).round() as i64,
                text(t),
                look.tx_pr(title_size, true)
            )
        },
    );
    let legend = if plot.legend {
        format!(
            "<c:legend><c:legendPos val=\"t\"/>{}<c:overlay val=\"0\"/>{}</c:legend>",
            plot.unlisted.map_or_else(String::new, |i| format!(
                "<c:legendEntry><c:idx val=\"{i}\"/><c:delete val=\"1\"/></c:legendEntry>"
            )),
            look.tx_pr(look.label_size(6), false)
        )
    } else {
        String::new()
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><c:roundedCorners val=\"0\"/><c:chart>{title}<c:plotArea><c:layout/>{}</c:plotArea>{legend}<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{}<c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData></c:chartSpace>",
        plot.xml,
        look.tx_pr(look.label_size(6), false)
    );
    ChartPart {
        xml,
        sheet: plot.sheet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_as_the_pdf_writes_them() {
        assert_eq!(
            number_format(Some("EUR"), 1_200_000.0),
            "[>=1000000]\"€\"#,##0.0,,\"M\";[>=1000]\"€\"#,##0,\"k\";\"€\"#,##0"
        );
        assert_eq!(number_format(Some("%"), 45.0), "General\"%\"");
        assert_eq!(number_format(None, 0.3), "#,##0.##");
        // Money from 100 up in whole units, cents only below.
        assert_eq!(number_format(Some("EUR"), 950.0), "\"€\"#,##0");
        assert_eq!(number_format(Some("EUR"), 22.4), "\"€\"#,##0.##");
        assert!(number_format(Some("SEK"), 5000.0).contains("\" SEK\""));
    }
}
