//! Chart blocks → native PowerPoint charts (DrawingML chart parts) that
//! carry their data in an embedded workbook, so "Edit Data" works: bar →
//! horizontal bars, stacked-bar → stacked columns, donut → doughnut, line →
//! lines (a scatter chart when x is numeric, with the marks as points),
//! timeline → a horizontal bar per row from its start to its end.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::xml::{Paint, text};
use crate::render::chart::{Chart, ChartKind, ChartValue, to_f32};
use crate::theme::{Rgb, Theme};

/// A worksheet cell.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

/// The chart part and the data of its embedded workbook.
pub struct ChartPart {
    pub xml: String,
    pub sheet: Vec<Vec<Cell>>,
}

fn col(i: usize) -> String {
    // A, B, …, Z, AA, … (charts have few columns).
    let mut n = i + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

fn hex(c: Rgb) -> String {
    c.hex().trim_start_matches('#').to_uppercase()
}

fn num(v: f64) -> String {
    if v.is_finite() {
        let s = format!("{v}");
        s
    } else {
        "0".into()
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

fn num_ref(out: &mut String, f: &str, values: &[f64]) {
    let _ = write!(
        out,
        "<c:numRef><c:f>{}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{}\"/>",
        text(f),
        values.len()
    );
    for (i, v) in values.iter().enumerate() {
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
    );
    out.push_str("</c:val>");
    out.push_str(s.tail);
    out.push_str("</c:ser>");
}

const AX1: &str = "500000001";
const AX2: &str = "500000002";

fn cat_ax(pos: &str, reverse: bool, delete: bool) -> String {
    format!(
        "<c:catAx><c:axId val=\"{AX1}\"/><c:scaling><c:orientation val=\"{}\"/></c:scaling><c:delete val=\"{}\"/><c:axPos val=\"{pos}\"/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"{AX2}\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>",
        if reverse { "maxMin" } else { "minMax" },
        u8::from(delete)
    )
}

fn val_ax(
    id: &str,
    cross: &str,
    pos: &str,
    between: &str,
    grid: bool,
    title: Option<&str>,
) -> String {
    val_ax_at(id, cross, pos, between, grid, title, "autoZero")
}

/// A value axis crossing the other at `crosses` (`max` keeps it at the
/// bottom of a horizontal bar chart whose categories read top-down).
fn val_ax_at(
    id: &str,
    cross: &str,
    pos: &str,
    between: &str,
    grid: bool,
    title: Option<&str>,
    crosses: &str,
) -> String {
    let title = title.map_or_else(String::new, |t| {
        format!(
            "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\" b=\"0\"/></a:pPr><a:r><a:rPr lang=\"en-US\" sz=\"1000\" b=\"0\"/><a:t>{}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>",
            text(t)
        )
    });
    format!(
        "<c:valAx><c:axId val=\"{id}\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"{pos}\"/>{}{title}<c:numFmt formatCode=\"#,##0\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"{cross}\"/><c:crosses val=\"{crosses}\"/><c:crossBetween val=\"{between}\"/></c:valAx>",
        if grid {
            "<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"DDDDDD\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>"
        } else {
            ""
        }
    )
}

fn f64_of(d: &Decimal) -> f64 {
    f64::from(to_f32(*d))
}

/// The chart part for a chart block.
pub fn chart(chart: &Chart, theme: &Theme, own_colors: bool) -> ChartPart {
    let colors = &theme.colors.chart;
    // A company template's charts take its accent colours.
    let color = |i: usize| {
        if own_colors {
            Paint::Rgb(colors[i % colors.len().max(1)])
        } else {
            Paint::Scheme(
                [
                    "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                ][i % 6],
            )
        }
    };
    let labels: Vec<String> = chart.rows.iter().map(|r| r.label.clone()).collect();
    let n = labels.len();
    let mut sheet: Vec<Vec<Cell>> = Vec::new();
    let mut plot = String::new();
    let mut legend = true;
    let cat_f = format!("Sheet1!$A$2:$A${}", n + 1);
    match chart.kind {
        ChartKind::Bar | ChartKind::Donut => {
            let values: Vec<f64> = chart
                .rows
                .iter()
                .map(|r| Chart::numbers(r).first().map_or(0.0, f64_of))
                .collect();
            let name = chart.unit.clone().unwrap_or_else(|| "Value".into());
            sheet.push(vec![Cell::Empty, Cell::Text(name.clone())]);
            for (l, v) in labels.iter().zip(&values) {
                sheet.push(vec![Cell::Text(l.clone()), Cell::Number(*v)]);
            }
            let mut ser = String::from("<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx>");
            str_ref(&mut ser, "Sheet1!$B$1", std::slice::from_ref(&name));
            ser.push_str("</c:tx>");
            if chart.kind == ChartKind::Bar {
                legend = false;
                ser.push_str(&fill(color(0)));
                ser.push_str("<c:invertIfNegative val=\"0\"/>");
                ser.push_str("<c:dLbls><c:numFmt formatCode=\"#,##0.##\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>");
            } else {
                for i in 0..n {
                    let _ = write!(
                        ser,
                        "<c:dPt><c:idx val=\"{i}\"/><c:bubble3D val=\"0\"/>{}</c:dPt>",
                        fill(color(i))
                    );
                }
            }
            ser.push_str("<c:cat>");
            str_ref(&mut ser, &cat_f, &labels);
            ser.push_str("</c:cat><c:val>");
            num_ref(&mut ser, &format!("Sheet1!$B$2:$B${}", n + 1), &values);
            ser.push_str("</c:val></c:ser>");
            if chart.kind == ChartKind::Bar {
                let _ = write!(
                    plot,
                    "<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>{ser}<c:gapWidth val=\"60\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:barChart>{}{}",
                    cat_ax("l", true, false),
                    val_ax_at(AX2, AX1, "b", "between", true, None, "max")
                );
            } else {
                let _ = write!(
                    plot,
                    "<c:doughnutChart><c:varyColors val=\"1\"/>{ser}<c:firstSliceAng val=\"0\"/><c:holeSize val=\"55\"/></c:doughnutChart>"
                );
            }
        }
        ChartKind::StackedBar => {
            let names = chart.series_names();
            let mut head = vec![Cell::Empty];
            head.extend(names.iter().map(|s| Cell::Text(s.clone())));
            sheet.push(head);
            for r in &chart.rows {
                let mut row = vec![Cell::Text(r.label.clone())];
                let nums = Chart::numbers(r);
                row.extend((0..names.len()).map(|j| Cell::Number(nums.get(j).map_or(0.0, f64_of))));
                sheet.push(row);
            }
            let mut sers = String::new();
            for (j, name) in names.iter().enumerate() {
                let c = col(j + 1);
                let values: Vec<f64> = chart
                    .rows
                    .iter()
                    .map(|r| Chart::numbers(r).get(j).map_or(0.0, f64_of))
                    .collect();
                cat_series(
                    &mut sers,
                    CatSeries {
                        idx: j,
                        column: c,
                        name,
                        look: format!("{}<c:invertIfNegative val=\"0\"/>", fill(color(j))),
                        cat_f: &cat_f,
                        labels: &labels,
                        values: &values,
                        tail: "",
                    },
                );
            }
            let _ = write!(
                plot,
                "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"stacked\"/><c:varyColors val=\"0\"/>{sers}<c:gapWidth val=\"80\"/><c:overlap val=\"100\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:barChart>{}{}",
                cat_ax("b", false, false),
                val_ax(AX2, AX1, "l", "between", true, None)
            );
        }
        ChartKind::Timeline => {
            // Days from the first date: an invisible bar to the start, then
            // the span (at least a day, so a milestone shows).
            legend = false;
            let first = chart.date_range().map(|r| r.0);
            let (mut starts, mut spans) = (Vec::new(), Vec::new());
            for r in &chart.rows {
                let (a, b) = match r.value {
                    ChartValue::Span(a, b) => (a, b),
                    ChartValue::Date(d) => (d, d),
                    ChartValue::Numbers(_) => continue,
                };
                let base = first.unwrap_or(a);
                starts.push((a - base).num_days() as f64);
                spans.push(((b - a).num_days() as f64).max(1.0));
            }
            sheet.push(vec![
                Cell::Empty,
                Cell::Text("Days from start".into()),
                Cell::Text("Days".into()),
            ]);
            for (i, l) in labels.iter().enumerate().take(starts.len()) {
                sheet.push(vec![
                    Cell::Text(l.clone()),
                    Cell::Number(starts[i]),
                    Cell::Number(spans[i]),
                ]);
            }
            let m = starts.len();
            let cat = format!("Sheet1!$A$2:$A${}", m + 1);
            let labels = &labels[..m];
            let mut sers = String::new();
            for (j, (name, values, visible)) in
                [("Days from start", &starts, false), ("Days", &spans, true)]
                    .into_iter()
                    .enumerate()
            {
                let look = if visible {
                    fill(color(0))
                } else {
                    "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>".to_string()
                };
                cat_series(
                    &mut sers,
                    CatSeries {
                        idx: j,
                        column: col(j + 1),
                        name,
                        look: format!("{look}<c:invertIfNegative val=\"0\"/>"),
                        cat_f: &cat,
                        labels,
                        values,
                        tail: "",
                    },
                );
            }
            let _ = write!(
                plot,
                "<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/><c:varyColors val=\"0\"/>{sers}<c:gapWidth val=\"50\"/><c:overlap val=\"100\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:barChart>{}{}",
                cat_ax("l", true, false),
                val_ax_at(
                    AX2,
                    AX1,
                    "b",
                    "between",
                    true,
                    Some("Days from the first date"),
                    "max"
                )
            );
        }
        ChartKind::Line => {
            let names = chart.series_names();
            let scale = chart.line_scale();
            let xs: Option<Vec<f64>> = chart
                .rows
                .iter()
                .map(|r| r.label.trim().parse::<f64>().ok())
                .collect();
            let mut head = vec![Cell::Text(
                chart.x_title.clone().unwrap_or_else(|| "x".into()),
            )];
            head.extend(names.iter().map(|s| Cell::Text(s.clone())));
            sheet.push(head);
            for r in &chart.rows {
                let nums = Chart::numbers(r);
                let mut row = vec![match (&xs, r.label.trim().parse::<f64>()) {
                    (Some(_), Ok(x)) => Cell::Number(x),
                    _ => Cell::Text(r.label.clone()),
                }];
                row.extend((0..names.len()).map(|j| Cell::Number(nums.get(j).map_or(0.0, f64_of))));
                sheet.push(row);
            }
            let x_f = format!("Sheet1!$A$2:$A${}", n + 1);
            let mut sers = String::new();
            for (j, name) in names.iter().enumerate() {
                let c = col(j + 1);
                let values: Vec<f64> = chart
                    .rows
                    .iter()
                    .map(|r| Chart::numbers(r).get(j).map_or(0.0, f64_of))
                    .collect();
                let _ = write!(
                    sers,
                    "<c:ser><c:idx val=\"{j}\"/><c:order val=\"{j}\"/><c:tx>"
                );
                str_ref(
                    &mut sers,
                    &format!("Sheet1!${c}$1"),
                    std::slice::from_ref(name),
                );
                sers.push_str("</c:tx>");
                sers.push_str(&line(color(j), 28575));
                sers.push_str("<c:marker><c:symbol val=\"none\"/></c:marker>");
                let y_f = format!("Sheet1!${c}$2:${c}${}", n + 1);
                match &xs {
                    Some(x) => {
                        sers.push_str("<c:xVal>");
                        num_ref(&mut sers, &x_f, x);
                        sers.push_str("</c:xVal><c:yVal>");
                        num_ref(&mut sers, &y_f, &values);
                        sers.push_str("</c:yVal><c:smooth val=\"0\"/></c:ser>");
                    }
                    None => {
                        sers.push_str("<c:cat>");
                        str_ref(&mut sers, &x_f, &labels);
                        sers.push_str("</c:cat><c:val>");
                        num_ref(&mut sers, &y_f, &values);
                        sers.push_str("</c:val><c:smooth val=\"0\"/></c:ser>");
                    }
                }
            }
            match &xs {
                Some(_) => {
                    // The marks as point-only series, one per kind, on the
                    // sheet below the curves.
                    let kinds = chart.mark_kinds();
                    let mut row0 = sheet.len() + 2;
                    for (k, kind) in kinds.iter().enumerate() {
                        let pts: Vec<(f64, f64)> = chart
                            .marks
                            .iter()
                            .filter(|m| m.kind == *kind)
                            .filter_map(|m| {
                                let (_, fy) = chart.mark_point(&scale, m)?;
                                Some((f64_of(&m.x), f64::from(fy * scale.y_max())))
                            })
                            .collect();
                        if pts.is_empty() {
                            continue;
                        }
                        sheet.push(vec![Cell::Empty]);
                        sheet.push(vec![
                            Cell::Text(format!("{kind} (x)")),
                            Cell::Text((*kind).to_string()),
                        ]);
                        for (x, y) in &pts {
                            sheet.push(vec![Cell::Number(*x), Cell::Number(*y)]);
                        }
                        let j = names.len() + k;
                        let first = row0 + 1;
                        let last = row0 + pts.len();
                        let _ = write!(
                            sers,
                            "<c:ser><c:idx val=\"{j}\"/><c:order val=\"{j}\"/><c:tx>"
                        );
                        str_ref(
                            &mut sers,
                            &format!("Sheet1!$B${row0}"),
                            &[(*kind).to_string()],
                        );
                        sers.push_str(
                            "</c:tx><c:spPr><a:ln w=\"19050\"><a:noFill/></a:ln></c:spPr>",
                        );
                        let _ = write!(
                            sers,
                            "<c:marker><c:symbol val=\"circle\"/><c:size val=\"9\"/><c:spPr>{}<a:ln w=\"19050\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:ln></c:spPr></c:marker>",
                            if k == 0 {
                                "<a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill>".to_string()
                            } else {
                                format!(
                                    "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                                    hex(theme.colors.text)
                                )
                            },
                            hex(theme.colors.text)
                        );
                        sers.push_str("<c:xVal>");
                        num_ref(
                            &mut sers,
                            &format!("Sheet1!$A${first}:$A${last}"),
                            &pts.iter().map(|p| p.0).collect::<Vec<_>>(),
                        );
                        sers.push_str("</c:xVal><c:yVal>");
                        num_ref(
                            &mut sers,
                            &format!("Sheet1!$B${first}:$B${last}"),
                            &pts.iter().map(|p| p.1).collect::<Vec<_>>(),
                        );
                        sers.push_str("</c:yVal><c:smooth val=\"0\"/></c:ser>");
                        row0 = last + 2;
                    }
                    let _ = write!(
                        plot,
                        "<c:scatterChart><c:scatterStyle val=\"lineMarker\"/><c:varyColors val=\"0\"/>{sers}<c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:scatterChart>{}{}",
                        val_ax(AX1, AX2, "b", "midCat", false, chart.x_title.as_deref()),
                        val_ax(AX2, AX1, "l", "midCat", true, None)
                    );
                }
                None => {
                    let _ = write!(
                        plot,
                        "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>{sers}<c:marker val=\"1\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:lineChart>{}{}",
                        cat_ax("b", false, false),
                        val_ax(AX2, AX1, "l", "between", true, None)
                    );
                }
            }
        }
    }
    let title = chart.title.as_deref().map_or_else(
        || "<c:autoTitleDeleted val=\"1\"/>".to_string(),
        |t| {
            format!(
                "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1400\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"en-US\" sz=\"1400\" b=\"1\"/><a:t>{}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title><c:autoTitleDeleted val=\"0\"/>",
                text(t)
            )
        },
    );
    let legend = if legend {
        "<c:legend><c:legendPos val=\"t\"/><c:overlay val=\"0\"/></c:legend>"
    } else {
        ""
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><c:roundedCorners val=\"0\"/><c:chart>{title}<c:plotArea><c:layout/>{plot}</c:plotArea>{legend}<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1100\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:latin typeface=\"Inter\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"en-US\"/></a:p></c:txPr><c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData></c:chartSpace>",
        hex(theme.colors.text)
    );
    ChartPart { xml, sheet }
}

/// The embedded workbook: one sheet with the chart's data, inline strings.
pub fn workbook(sheet: &[Vec<Cell>], when: zip::DateTime) -> std::io::Result<Vec<u8>> {
    use super::package::{Package, Rel, content_types, ct, rel, rels};
    let mut rows = String::new();
    for (r, row) in sheet.iter().enumerate() {
        let _ = write!(rows, "<row r=\"{}\">", r + 1);
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", col(c), r + 1);
            match cell {
                Cell::Text(t) => {
                    let _ = write!(
                        rows,
                        "<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                        text(t)
                    );
                }
                Cell::Number(v) => {
                    let _ = write!(rows, "<c r=\"{at}\"><v>{}</v></c>", num(*v));
                }
                Cell::Empty => {}
            }
        }
        rows.push_str("</row>");
    }
    let mut p = Package::default();
    p.add(
        "[Content_Types].xml",
        content_types(
            &[
                ("xl/workbook.xml".into(), ct::WORKBOOK),
                ("xl/worksheets/sheet1.xml".into(), ct::WORKSHEET),
            ],
            &[("rels", ct::RELS), ("xml", "application/xml")],
        ),
    );
    p.add(
        "_rels/.rels",
        rels(&[Rel::new("rId1", rel::OFFICE_DOCUMENT, "xl/workbook.xml")]),
    );
    p.add(
        "xl/workbook.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
    );
    p.add(
        "xl/_rels/workbook.xml.rels",
        rels(&[Rel::new("rId1", rel::WORKSHEET, "worksheets/sheet1.xml")]),
    );
    p.add(
        "xl/worksheets/sheet1.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>"
        ),
    );
    p.finish(when)
}
