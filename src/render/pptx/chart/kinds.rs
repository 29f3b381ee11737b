//! The plot of each kind of chart, with the data of its workbook: bars
//! and donuts, stacked columns, timelines on a date axis, lines (with a
//! curve's marks as points).

use std::fmt::Write;

use super::{
    AX1, AX2, CatSeries, Look, Plot, ValAx, cat_ax, cat_series, data_labels, f64_of, fill, line,
    max_abs, num_ref, number_format, str_ref, val_ax,
};
use crate::render::chart::{Chart, ChartKind, ChartValue};
use crate::render::pptx::workbook::{Cell, col};

pub(super) fn bar_or_donut(chart: &Chart, look: &Look<'_>) -> Plot {
    let labels: Vec<String> = chart.rows.iter().map(|r| r.label.clone()).collect();
    let n = labels.len();
    let cat_f = format!("Sheet1!$A$2:$A${}", n + 1);
    let values: Vec<f64> = chart
        .rows
        .iter()
        .map(|r| Chart::numbers(r).first().map_or(0.0, f64_of))
        .collect();
    let format = number_format(chart.unit.as_deref(), max_abs(values.iter().copied()));
    let name = chart.unit.clone().unwrap_or_else(|| "Value".into());
    let mut sheet = vec![vec![Cell::Empty, Cell::Text(name.clone())]];
    for (l, v) in labels.iter().zip(&values) {
        sheet.push(vec![Cell::Text(l.clone()), Cell::Number(*v)]);
    }
    let size = look.label_size(n);
    let bar = chart.kind == ChartKind::Bar;
    let mut ser = String::from("<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx>");
    str_ref(&mut ser, "Sheet1!$B$1", std::slice::from_ref(&name));
    ser.push_str("</c:tx>");
    if bar {
        ser.push_str(&fill(look.series(0)));
        ser.push_str("<c:invertIfNegative val=\"0\"/>");
        ser.push_str(&data_labels(look, &format, size));
    } else {
        for i in 0..n {
            let _ = write!(
                ser,
                "<c:dPt><c:idx val=\"{i}\"/><c:bubble3D val=\"0\"/>{}</c:dPt>",
                fill(look.series(i))
            );
        }
    }
    ser.push_str("<c:cat>");
    str_ref(&mut ser, &cat_f, &labels);
    ser.push_str("</c:cat><c:val>");
    num_ref(
        &mut ser,
        &format!("Sheet1!$B$2:$B${}", n + 1),
        &values,
        &format,
    );
    ser.push_str("</c:val></c:ser>");
    let xml = if bar {
        format!(
            "<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>{ser}<c:gapWidth val=\"60\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:barChart>{}{}",
            cat_ax(look, "l", true, size),
            val_ax(
                look,
                ValAx {
                    id: AX2,
                    cross: AX1,
                    pos: "b",
                    between: "between",
                    grid: true,
                    title: None,
                    crosses: "max",
                    format: &format,
                    // From zero, as the PDF draws bars: never a zoomed
                    // axis that makes 0.331 look half of 0.333.
                    bounds: values.iter().all(|v| *v >= 0.0).then_some((0.0, f64::NAN)),
                },
                size
            )
        )
    } else {
        format!(
            "<c:doughnutChart><c:varyColors val=\"1\"/>{ser}<c:firstSliceAng val=\"0\"/><c:holeSize val=\"55\"/></c:doughnutChart>"
        )
    };
    Plot {
        xml,
        sheet,
        legend: !bar,
        unlisted: None,
    }
}

pub(super) fn stacked(chart: &Chart, look: &Look<'_>) -> Plot {
    let labels: Vec<String> = chart.rows.iter().map(|r| r.label.clone()).collect();
    let cat_f = format!("Sheet1!$A$2:$A${}", labels.len() + 1);
    let names = chart.series_names();
    let mut head = vec![Cell::Empty];
    head.extend(names.iter().map(|s| Cell::Text(s.clone())));
    let mut sheet = vec![head];
    for r in &chart.rows {
        let mut row = vec![Cell::Text(r.label.clone())];
        let nums = Chart::numbers(r);
        row.extend((0..names.len()).map(|j| Cell::Number(nums.get(j).map_or(0.0, f64_of))));
        sheet.push(row);
    }
    let totals = chart.totals().iter().map(f64_of).collect::<Vec<_>>();
    // The column totals the labels above the columns stand on.
    for (i, row) in sheet.iter_mut().enumerate() {
        row.push(match i {
            0 => Cell::Text("Total".to_string()),
            _ => Cell::Number(totals.get(i - 1).copied().unwrap_or(0.0)),
        });
    }
    let format = number_format(chart.unit.as_deref(), max_abs(totals.iter().copied()));
    let size = look.label_size(labels.len());
    let mut sers = String::new();
    for (j, name) in names.iter().enumerate() {
        let values: Vec<f64> = chart
            .rows
            .iter()
            .map(|r| Chart::numbers(r).get(j).map_or(0.0, f64_of))
            .collect();
        cat_series(
            &mut sers,
            CatSeries {
                idx: j,
                column: col(j + 1),
                name,
                look: format!("{}<c:invertIfNegative val=\"0\"/>", fill(look.series(j))),
                cat_f: &cat_f,
                labels: &labels,
                values: &values,
                format: &format,
                tail: "",
            },
        );
    }
    let above = stack_labels(chart, look, &cat_f, &labels, &totals, &format, size);
    let xml = format!(
        "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"stacked\"/><c:varyColors val=\"0\"/>{sers}<c:gapWidth val=\"80\"/><c:overlap val=\"100\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:barChart>{above}{}{}",
        cat_ax(look, "b", false, size),
        val_ax(
            look,
            ValAx {
                id: AX2,
                cross: AX1,
                pos: "l",
                between: "between",
                grid: true,
                title: None,
                crosses: "autoZero",
                format: &format,
                bounds: None,
            },
            size
        )
    );
    Plot {
        xml,
        sheet,
        legend: true,
        unlisted: Some(names.len()),
    }
}

/// The labels above the stacked columns, as the PDF and HTML draw them
/// (`Chart::stack_labels`: the total, or "4.3 of 6"): a line series at
/// each column's total, drawn invisibly, whose data labels sit above its
/// points with the label's own words — PowerPoint's stacked columns label
/// segments or nothing, never the column.
#[allow(clippy::too_many_arguments)]
fn stack_labels(
    chart: &Chart,
    look: &Look<'_>,
    cat_f: &str,
    labels: &[String],
    totals: &[f64],
    format: &str,
    size: f32,
) -> String {
    let words = chart.stack_labels();
    let idx = chart.series_names().len();
    let mut ser = String::new();
    cat_series(
        &mut ser,
        CatSeries {
            idx,
            column: col(idx + 1),
            name: "Total",
            look: "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr><c:marker><c:symbol val=\"none\"/></c:marker>".to_string(),
            cat_f,
            labels,
            values: totals,
            format,
            tail: "<c:smooth val=\"0\"/>",
        },
    );
    let rich = |t: &str| {
        format!(
            "<c:tx><c:rich><a:bodyPr wrap=\"none\"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{0}\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"en-US\" sz=\"{0}\" b=\"1\"/><a:t>{1}</a:t></a:r></a:p></c:rich></c:tx>",
            (size * 100.0).round() as i64,
            super::super::xml::text(t)
        )
    };
    let flags = "<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/>";
    let each: String = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                "<c:dLbl><c:idx val=\"{i}\"/>{}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:dLblPos val=\"t\"/>{flags}</c:dLbl>",
                rich(w)
            )
        })
        .collect();
    let dlbls = format!(
        "<c:dLbls>{each}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{}<c:dLblPos val=\"t\"/>{flags}</c:dLbls>",
        look.tx_pr_one_line(size)
    );
    // The data labels go after the marker, before the categories.
    let ser = ser.replacen("<c:cat>", &format!("{dlbls}<c:cat>"), 1);
    format!(
        "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>{ser}<c:marker val=\"1\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:lineChart>"
    )
}

/// Days from 1899-12-30: the date numbers spreadsheets use.
fn serial(d: chrono::NaiveDate) -> f64 {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30).map_or(0.0, |epoch| (d - epoch).num_days() as f64)
}

pub(super) fn timeline(chart: &Chart, look: &Look<'_>) -> Plot {
    // Each row: an invisible bar to its start date, then its span (at
    // least a day, so a milestone shows), on an axis of dates.
    let (mut labels, mut starts, mut spans) = (Vec::new(), Vec::new(), Vec::new());
    for r in &chart.rows {
        let (a, b) = match r.value {
            ChartValue::Span(a, b) => (a, b),
            ChartValue::Date(d) => (d, d),
            ChartValue::Numbers(_) => continue,
        };
        labels.push(r.label.clone());
        starts.push(serial(a));
        spans.push(((b - a).num_days() as f64).max(1.0));
    }
    let m = labels.len();
    let lo = starts.iter().copied().fold(f64::MAX, f64::min);
    let hi = starts
        .iter()
        .zip(&spans)
        .map(|(s, d)| s + d)
        .fold(f64::MIN, f64::max);
    let bounds = (m > 0).then_some((lo, hi.max(lo + 1.0)));
    let mut sheet = vec![vec![
        Cell::Empty,
        Cell::Text("Start".into()),
        Cell::Text("Days".into()),
    ]];
    for i in 0..m {
        sheet.push(vec![
            Cell::Text(labels[i].clone()),
            Cell::Number(starts[i]),
            Cell::Number(spans[i]),
        ]);
    }
    let cat = format!("Sheet1!$A$2:$A${}", m + 1);
    let size = look.label_size(m);
    let mut sers = String::new();
    for (j, (name, values, visible, format)) in [
        ("Start", &starts, false, "d mmm yyyy"),
        ("Days", &spans, true, "General"),
    ]
    .into_iter()
    .enumerate()
    {
        let paint = if visible {
            fill(look.series(0))
        } else {
            "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>".to_string()
        };
        cat_series(
            &mut sers,
            CatSeries {
                idx: j,
                column: col(j + 1),
                name,
                look: format!("{paint}<c:invertIfNegative val=\"0\"/>"),
                cat_f: &cat,
                labels: &labels,
                values,
                format,
                tail: "",
            },
        );
    }
    let xml = format!(
        "<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/><c:varyColors val=\"0\"/>{sers}<c:gapWidth val=\"30\"/><c:overlap val=\"100\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:barChart>{}{}",
        cat_ax(look, "l", true, size),
        val_ax(
            look,
            ValAx {
                id: AX2,
                cross: AX1,
                pos: "b",
                between: "between",
                grid: true,
                title: None,
                crosses: "max",
                format: "mmm yyyy",
                bounds,
            },
            size
        )
    );
    Plot {
        xml,
        sheet,
        legend: false,
        unlisted: None,
    }
}

pub(super) fn lines(chart: &Chart, look: &Look<'_>) -> Plot {
    let labels: Vec<String> = chart.rows.iter().map(|r| r.label.clone()).collect();
    let n = labels.len();
    let names = chart.series_names();
    let xs: Option<Vec<f64>> = chart
        .rows
        .iter()
        .map(|r| r.label.trim().parse::<f64>().ok())
        .collect();
    let mut head = vec![Cell::Text(
        chart.x_title.clone().unwrap_or_else(|| "x".into()),
    )];
    head.extend(names.iter().map(|s| Cell::Text(s.clone())));
    let mut sheet = vec![head];
    let mut all = Vec::new();
    for r in &chart.rows {
        let nums = Chart::numbers(r);
        let mut row = vec![match (&xs, r.label.trim().parse::<f64>()) {
            (Some(_), Ok(x)) => Cell::Number(x),
            _ => Cell::Text(r.label.clone()),
        }];
        row.extend((0..names.len()).map(|j| {
            // A gap (`-`: a curve past its channel's maximum budget) is an
            // empty cell, and no point on the line.
            if r.gaps.contains(&j) {
                return Cell::Empty;
            }
            let v = nums.get(j).map_or(0.0, f64_of);
            all.push(v);
            Cell::Number(v)
        }));
        sheet.push(row);
    }
    let format = number_format(chart.unit.as_deref(), max_abs(all));
    let size = look.label_size(n.min(8));
    let x_f = format!("Sheet1!$A$2:$A${}", n + 1);
    let mut sers = String::new();
    for (j, name) in names.iter().enumerate() {
        let c = col(j + 1);
        let values: Vec<f64> = chart
            .rows
            .iter()
            .map(|r| match Chart::point(r, j) {
                Some(v) => f64_of(&v),
                None if r.gaps.contains(&j) => f64::NAN,
                None => 0.0,
            })
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
        sers.push_str(&line(look.series(j), 28575));
        sers.push_str("<c:marker><c:symbol val=\"none\"/></c:marker>");
        let y_f = format!("Sheet1!${c}$2:${c}${}", n + 1);
        match &xs {
            Some(x) => {
                sers.push_str("<c:xVal>");
                num_ref(&mut sers, &x_f, x, "General");
                sers.push_str("</c:xVal><c:yVal>");
                num_ref(&mut sers, &y_f, &values, &format);
                sers.push_str("</c:yVal><c:smooth val=\"0\"/></c:ser>");
            }
            None => {
                sers.push_str("<c:cat>");
                str_ref(&mut sers, &x_f, &labels);
                sers.push_str("</c:cat><c:val>");
                num_ref(&mut sers, &y_f, &values, &format);
                sers.push_str("</c:val><c:smooth val=\"0\"/></c:ser>");
            }
        }
    }
    let y_axis = |grid| ValAx {
        id: AX2,
        cross: AX1,
        pos: "l",
        between: "between",
        grid,
        title: None,
        crosses: "autoZero",
        format: &format,
        bounds: None,
    };
    let xml = match &xs {
        Some(_) => {
            marks(chart, look, names.len(), &mut sers, &mut sheet);
            format!(
                "<c:scatterChart><c:scatterStyle val=\"lineMarker\"/><c:varyColors val=\"0\"/>{sers}<c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:scatterChart>{}{}",
                val_ax(
                    look,
                    ValAx {
                        id: AX1,
                        cross: AX2,
                        pos: "b",
                        between: "midCat",
                        grid: false,
                        title: chart.x_title.as_deref(),
                        crosses: "autoZero",
                        format: "#,##0.##",
                        bounds: None,
                    },
                    size
                ),
                val_ax(
                    look,
                    ValAx {
                        between: "midCat",
                        ..y_axis(true)
                    },
                    size
                )
            )
        }
        None => format!(
            "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>{sers}<c:marker val=\"1\"/><c:axId val=\"{AX1}\"/><c:axId val=\"{AX2}\"/></c:lineChart>{}{}",
            cat_ax(look, "b", false, size),
            val_ax(look, y_axis(true), size)
        ),
    };
    Plot {
        xml,
        sheet,
        legend: true,
        unlisted: None,
    }
}

/// A line chart's marks as point-only series, one per kind, on the sheet
/// below the curves.
fn marks(
    chart: &Chart,
    look: &Look<'_>,
    first: usize,
    sers: &mut String,
    sheet: &mut Vec<Vec<Cell>>,
) {
    let scale = chart.line_scale();
    let mut row0 = sheet.len() + 2;
    let kinds = chart.mark_kinds();
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
        let j = first + k;
        let (a, b) = (row0 + 1, row0 + pts.len());
        let _ = write!(
            sers,
            "<c:ser><c:idx val=\"{j}\"/><c:order val=\"{j}\"/><c:tx>"
        );
        str_ref(sers, &format!("Sheet1!$B${row0}"), &[(*kind).to_string()]);
        sers.push_str("</c:tx><c:spPr><a:ln w=\"19050\"><a:noFill/></a:ln></c:spPr>");
        // A ring for the first kind; the others, and a kind naming two
        // ("planned ≈ optimal"), filled: a marker is one symbol here.
        let style = crate::render::chart::mark_style(&kinds, k);
        let hollow = if style == crate::render::chart::MarkStyle::Ring {
            look.background()
        } else {
            look.text()
        };
        // A limit (an optimum held by a budget cap) is a diamond, as in
        // the PDF.
        let symbol = if style == crate::render::chart::MarkStyle::Limit {
            "diamond"
        } else {
            "circle"
        };
        let _ = write!(
            sers,
            "<c:marker><c:symbol val=\"{symbol}\"/><c:size val=\"9\"/><c:spPr>{}<a:ln w=\"19050\">{}</a:ln></c:spPr></c:marker>",
            hollow.solid(),
            look.text().solid()
        );
        sers.push_str("<c:xVal>");
        let xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
        let ys: Vec<f64> = pts.iter().map(|p| p.1).collect();
        num_ref(sers, &format!("Sheet1!$A${a}:$A${b}"), &xs, "General");
        sers.push_str("</c:xVal><c:yVal>");
        num_ref(sers, &format!("Sheet1!$B${a}:$B${b}"), &ys, "General");
        sers.push_str("</c:yVal><c:smooth val=\"0\"/></c:ser>");
        row0 = b + 2;
    }
}
