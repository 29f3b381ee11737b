//! Charts as vector drawings: bars, stacked bars, a donut and a timeline,
//! with labels and a legend, from the chart blocks of the deck.

use rust_decimal::Decimal;

use super::fonts::{Face, Fonts};
use super::layout::{Prim, Run};
use crate::format::format_quantity;
use crate::render::chart::{
    Chart, ChartKind, ChartValue, MIN_TEXT_PT as MIN_TEXT, MarkStyle, mark_style,
};
use crate::theme::{Rgb, Theme};

pub struct ChartStyle<'a> {
    pub fonts: &'a Fonts,
    pub theme: &'a Theme,
    pub text: Rgb,
    pub muted: Rgb,
    pub scale: f32,
}

impl ChartStyle<'_> {
    fn color(&self, i: usize) -> Rgb {
        let p = &self.theme.colors.chart;
        p[i % p.len()]
    }

    fn label(&self, x: f32, y: f32, text: &str, size: f32, face: Face, color: Rgb) -> Prim {
        Prim::Text {
            x,
            y,
            run: Run {
                text: text.to_string(),
                face,
                size,
                color,
                x: 0.0,
                width: self.fonts.width(face, size, text),
                link: None,
                strike: false,
                code: false,
            },
        }
    }

    /// Shortens `text` with an ellipsis to fit `width` (labels only: the
    /// full data stays in the Markdown and in the slide's table).
    pub(super) fn fit(&self, text: &str, size: f32, face: Face, width: f32) -> String {
        if self.fonts.width(face, size, text) <= width {
            return text.to_string();
        }
        let mut out = String::new();
        for c in text.chars() {
            let candidate = format!("{out}{c}…");
            if self.fonts.width(face, size, &candidate) > width {
                break;
            }
            out.push(c);
        }
        format!("{}…", out.trim_end())
    }

    fn value(&self, chart: &Chart, v: Decimal) -> String {
        format_quantity(v, chart.unit.as_deref(), true)
    }
}

/// Where a chart's body goes (below its title), top-left origin, and its text size.
#[derive(Clone, Copy)]
struct Area {
    x: f32,
    top: f32,
    w: f32,
    h: f32,
    size: f32,
}

/// Draws `chart` in the box (x, y, w, h), top-left origin.
pub fn draw(chart: &Chart, x: f32, y: f32, w: f32, h: f32, s: &ChartStyle<'_>) -> Vec<Prim> {
    let mut prims = Vec::new();
    let mut top = y;
    // Chart text does not shrink with the slide's scale: its smallest
    // label (`size * 0.85`) stays at the smallest table text, `MIN_TEXT`.
    let size = (13.0 * s.scale).max(MIN_TEXT / 0.85);
    if let Some(title) = &chart.title {
        let t = s.fit(title, size * 1.1, Face::Bold, w);
        prims.push(s.label(x, top + size * 1.1, &t, size * 1.1, Face::Bold, s.text));
        top += (26.0 * s.scale).max(size * 1.1 + 8.0);
    }
    let h = (y + h - top).max(10.0);
    if chart.rows.is_empty() {
        prims.push(s.label(x, top + size, "(no data)", size, Face::Italic, s.muted));
        return prims;
    }
    let area = Area { x, top, w, h, size };
    match chart.kind {
        ChartKind::Bar => bars(chart, area, s, &mut prims),
        ChartKind::StackedBar => stacked(chart, area, s, &mut prims),
        ChartKind::Donut => donut(chart, area, s, &mut prims),
        ChartKind::Timeline => timeline(chart, area, s, &mut prims),
        ChartKind::Line => line(chart, area, s, &mut prims),
    }
    prims
}

fn bars(chart: &Chart, area: Area, s: &ChartStyle<'_>, out: &mut Vec<Prim>) {
    let Area { x, top, w, h, size } = area;
    let rows: Vec<(&str, Decimal)> = chart
        .rows
        .iter()
        .map(|r| {
            let v = Chart::numbers(r).first().copied().unwrap_or_default();
            (r.label.as_str(), v)
        })
        .collect();
    let scale = chart.bar_scale();
    let label_w = rows
        .iter()
        .map(|r| s.fonts.width(Face::Regular, size, r.0))
        .fold(0.0_f32, f32::max)
        .min(w * 0.34);
    let value_w = rows
        .iter()
        .map(|r| s.fonts.width(Face::Bold, size, &s.value(chart, r.1)))
        .fold(0.0_f32, f32::max);
    let bar_x = x + label_w + 10.0;
    let bar_max = (w - label_w - 10.0 - value_w - 8.0).max(10.0);
    let row_h = (h / rows.len() as f32).min((30.0 * s.scale).max(size * 1.8));
    for (i, (label, d)) in rows.iter().enumerate() {
        let ry = top + i as f32 * row_h;
        let bh = row_h * 0.62;
        let baseline = ry + bh / 2.0 + size * 0.35;
        let (lines, sz) = s.label_lines(label, size, label_w);
        let n = lines.len() as f32;
        for (k, text) in lines.iter().enumerate() {
            let tw = s.fonts.width(Face::Regular, sz, text);
            let y = baseline + (k as f32 - (n - 1.0) / 2.0) * sz * 1.1;
            out.push(s.label(bar_x - 10.0 - tw, y, text, sz, Face::Regular, s.text));
        }
        let bw = (scale.fraction(*d) * bar_max).max(1.0);
        out.push(Prim::Rect {
            x: bar_x,
            y: ry,
            w: bw,
            h: bh,
            color: s.color(0),
        });
        out.push(s.label(
            bar_x + bw + 6.0,
            baseline,
            &s.value(chart, *d),
            size,
            Face::Bold,
            s.text,
        ));
    }
}

fn stacked(chart: &Chart, area: Area, s: &ChartStyle<'_>, out: &mut Vec<Prim>) {
    let Area { x, top, w, h, size } = area;
    let legend_h = size * 1.8;
    // Legend across the top.
    let mut lx = x;
    let series: Vec<String> = if chart.series.is_empty() {
        let n = chart
            .rows
            .iter()
            .map(|r| Chart::numbers(r).len())
            .max()
            .unwrap_or(1);
        (1..=n).map(|i| format!("Series {i}")).collect()
    } else {
        chart.series.clone()
    };
    for (i, name) in series.iter().enumerate() {
        out.push(Prim::Rect {
            x: lx,
            y: top + 2.0,
            w: size * 0.8,
            h: size * 0.8,
            color: s.color(i),
        });
        out.push(s.label(
            lx + size * 1.1,
            top + size * 0.8,
            name,
            size,
            Face::Regular,
            s.text,
        ));
        lx += size * 1.1 + s.fonts.width(Face::Regular, size, name) + size * 1.5;
    }
    let plot_top = top + legend_h + size * 1.4; // room for totals above columns
    let axis_y = top + h - size * 1.6;
    let plot_h = (axis_y - plot_top).max(10.0);
    let labels = chart.stack_labels();
    let scale = chart.stack_scale();
    let n = chart.rows.len() as f32;
    let slot = w / n;
    let col_w = (slot * 0.55).min(90.0);
    out.push(Prim::Rule {
        x1: x,
        x2: x + w,
        y: axis_y,
        color: s.muted,
        thickness: 0.75,
    });
    for (i, row) in chart.rows.iter().enumerate() {
        let cx = x + slot * i as f32 + (slot - col_w) / 2.0;
        let mut y = axis_y;
        for (j, v) in Chart::numbers(row).iter().enumerate() {
            let seg = scale.fraction(*v) * plot_h;
            y -= seg;
            out.push(Prim::Rect {
                x: cx,
                y,
                w: col_w,
                h: seg,
                color: s.color(j),
            });
        }
        let total = &labels[i];
        let tw = s.fonts.width(Face::Bold, size, total);
        out.push(s.label(
            cx + (col_w - tw) / 2.0,
            y - size * 0.4,
            total,
            size,
            Face::Bold,
            s.text,
        ));
        let label = s.fit(&row.label, size, Face::Regular, slot - 4.0);
        let lw = s.fonts.width(Face::Regular, size, &label);
        out.push(s.label(
            x + slot * i as f32 + (slot - lw) / 2.0,
            axis_y + size * 1.3,
            &label,
            size,
            Face::Regular,
            s.muted,
        ));
    }
}

fn donut(chart: &Chart, area: Area, s: &ChartStyle<'_>, out: &mut Vec<Prim>) {
    let Area { x, top, w, h, size } = area;
    let shares = chart.shares();
    let r = (h / 2.0).min(w / 4.0) - 4.0;
    let inner = r * 0.58;
    let (cx, cy) = (x + r + 4.0, top + h / 2.0);
    let mut angle = -std::f32::consts::FRAC_PI_2;
    for (i, share) in shares.iter().enumerate() {
        let sweep = share * std::f32::consts::TAU;
        if sweep <= 0.0 {
            continue;
        }
        let steps = ((sweep / 0.05).ceil() as usize).max(2);
        let mut points = Vec::with_capacity(2 * steps + 2);
        for k in 0..=steps {
            let a = angle + sweep * k as f32 / steps as f32;
            points.push((cx + r * a.cos(), cy + r * a.sin()));
        }
        for k in (0..=steps).rev() {
            let a = angle + sweep * k as f32 / steps as f32;
            points.push((cx + inner * a.cos(), cy + inner * a.sin()));
        }
        out.push(Prim::Poly {
            points,
            color: s.color(i),
        });
        angle += sweep;
    }
    // Legend: colour, label, value and share.
    let lx = x + 2.0 * r + 28.0;
    let line = size * 1.6;
    let start = cy - line * chart.rows.len() as f32 / 2.0;
    for (i, row) in chart.rows.iter().enumerate() {
        let ly = start + line * i as f32;
        out.push(Prim::Rect {
            x: lx,
            y: ly,
            w: size * 0.8,
            h: size * 0.8,
            color: s.color(i),
        });
        let share = shares[i] * 100.0;
        let value = Chart::numbers(row)
            .first()
            .map(|v| s.value(chart, *v))
            .unwrap_or_default();
        let text = s.fit(
            &format!("{} — {value} ({share:.0}%)", row.label),
            size,
            Face::Regular,
            (x + w - lx - size * 1.2).max(20.0),
        );
        out.push(s.label(
            lx + size * 1.2,
            ly + size * 0.75,
            &text,
            size,
            Face::Regular,
            s.text,
        ));
    }
}

fn timeline(chart: &Chart, area: Area, s: &ChartStyle<'_>, out: &mut Vec<Prim>) {
    let Area { x, top, w, h, size } = area;
    let Some(time) = chart.time_scale() else {
        return;
    };
    let (min, max) = (time.first, time.last);
    let row_h = ((h - size * 2.0) / chart.rows.len() as f32).min((24.0 * s.scale).max(size * 1.9));
    // A row too short for two lines of label gives the labels more of the
    // width instead: a wrapped label there printed its second line over
    // the next row's (power-tools' roadmap).
    let tight = row_h < size * 2.1;
    let label_w = chart
        .rows
        .iter()
        .map(|r| s.fonts.width(Face::Regular, size, &r.label))
        .fold(0.0_f32, f32::max)
        .min(w * if tight { 0.5 } else { 0.36 });
    let px = x + label_w + 12.0;
    // Room on the right for a milestone's diamond on the last date.
    let pw = (w - label_w - 12.0 - row_h * 0.32).max(10.0);
    let at = |d: chrono::NaiveDate| px + time.fraction(d) * pw;
    for (i, row) in chart.rows.iter().enumerate() {
        let ry = top + i as f32 * row_h;
        let baseline = ry + row_h * 0.5 + size * 0.35;
        // Wrapped in two lines rather than cut: chart text keeps its
        // minimum size, so a long initiative needs the second line.
        let (mut lines, sz) = s.label_lines(&row.label, size, label_w);
        if tight && lines.len() > 1 {
            // Still too long for one line at half the width: one line,
            // shortened, rather than two lines over the next row.
            lines = vec![s.fit(&row.label, sz, Face::Regular, label_w)];
        }
        let n = lines.len() as f32;
        for (k, text) in lines.iter().enumerate() {
            let tw = s.fonts.width(Face::Regular, sz, text);
            let y = baseline + (k as f32 - (n - 1.0) / 2.0) * sz * 1.05;
            out.push(s.label(px - 12.0 - tw, y, text, sz, Face::Regular, s.text));
        }
        match row.value {
            ChartValue::Span(a, b) => out.push(Prim::Rect {
                x: at(a),
                y: ry + row_h * 0.2,
                w: (at(b) - at(a)).max(2.0),
                h: row_h * 0.6,
                color: s.color(0),
            }),
            ChartValue::Date(d) => {
                let (mx, my, r) = (at(d), ry + row_h * 0.5, row_h * 0.32);
                out.push(Prim::Poly {
                    points: vec![(mx, my - r), (mx + r, my), (mx, my + r), (mx - r, my)],
                    color: s.color(1),
                });
            }
            ChartValue::Numbers(_) => {}
        }
    }
    // Axis with the first and last date, and month ticks.
    let axis_y = top + chart.rows.len() as f32 * row_h + 4.0;
    out.push(Prim::Rule {
        x1: px,
        x2: px + pw,
        y: axis_y,
        color: s.muted,
        thickness: 0.75,
    });
    // Month ticks, thinned so that labels never overlap.
    let months = time.months();
    let step = ((months * size * 2.6 / pw).ceil() as u32).max(1);
    let mut month = chrono::NaiveDate::from_ymd_opt(
        chrono::Datelike::year(&min),
        chrono::Datelike::month(&min),
        1,
    );
    let mut k = 0;
    while let Some(m) = month.filter(|m| *m <= max) {
        k += 1;
        if m >= min && (k - 1) % step == 0 {
            let label = m.format("%b").to_string();
            let lw = s.fonts.width(Face::Regular, size * 0.85, &label);
            out.push(s.label(
                at(m) - lw / 2.0,
                axis_y + size * 1.2,
                &label,
                size * 0.85,
                Face::Regular,
                s.muted,
            ));
        }
        month = m.checked_add_months(chrono::Months::new(1));
    }
}

/// A filled circle as a polygon (PDF has no circle operator).
fn dot(cx: f32, cy: f32, r: f32, color: Rgb) -> Prim {
    let points = (0..16)
        .map(|i| {
            let a = i as f32 * std::f32::consts::TAU / 16.0;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    Prim::Poly { points, color }
}

/// A mark of the `kind`-th kind: the first a ring, the others filled. A
/// ring is an outline wider than a dot, drawn over the dots: where the
/// planned and the best budget are close, the ring circles the dot and
/// both read (a filled ring once hid the dot, or the dot the ring).
fn mark(cx: f32, cy: f32, r: f32, style: MarkStyle, color: Rgb, out: &mut Vec<Prim>) {
    if style == MarkStyle::Limit {
        let r = r * 1.5;
        let points = vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)];
        out.push(Prim::Poly { points, color });
        return;
    }
    if style == MarkStyle::Both {
        out.push(dot(cx, cy, r * 0.8, color));
    }
    if style != MarkStyle::Dot {
        let r = r * 1.45;
        let points = (0..=24)
            .map(|i| {
                let a = i as f32 * std::f32::consts::TAU / 24.0;
                (cx + r * a.cos(), cy + r * a.sin())
            })
            .collect();
        out.push(Prim::Line {
            points,
            color,
            thickness: (r * 0.35).max(1.2),
        });
    } else {
        out.push(dot(cx, cy, r, color));
    }
}

/// A line chart's legend: the series, then the kinds of marks, wrapped
/// inside the chart's width (long channel names ran off the page); returns
/// the height of the rows beyond the first.
fn legend(
    series: &[String],
    kinds: &[&str],
    area: Area,
    s: &ChartStyle<'_>,
    out: &mut Vec<Prim>,
) -> f32 {
    let Area {
        x, top, w, size, ..
    } = area;
    let small = size * 0.85;
    let row_h = size * 1.4;
    let (mut lx, mut ly) = (x, top);
    let mut place = |entry_w: f32| {
        if lx > x && lx + entry_w > x + w {
            lx = x;
            ly += row_h;
        }
        let at = (lx, ly);
        lx += entry_w + size * 1.2;
        at
    };
    for (i, name) in series.iter().enumerate() {
        let name = s.fit_wrapped(name, small, w - size * 1.5);
        let (ex, ey) = place(size * 1.5 + s.fonts.width(Face::Regular, small, &name));
        out.push(Prim::Rect {
            x: ex,
            y: ey + size * 0.35,
            w: size * 1.2,
            h: 2.5,
            color: s.color(i),
        });
        out.push(s.label(
            ex + size * 1.5,
            ey + size * 0.8,
            &name,
            small,
            Face::Regular,
            s.text,
        ));
    }
    for (k, kind) in kinds.iter().enumerate() {
        let (ex, ey) = place(size * 1.1 + s.fonts.width(Face::Regular, small, kind));
        mark(
            ex + size * 0.4,
            ey + size * 0.45,
            size * 0.3,
            mark_style(kinds, k),
            s.muted,
            out,
        );
        out.push(s.label(
            ex + size * 1.1,
            ey + size * 0.8,
            kind,
            small,
            Face::Regular,
            s.text,
        ));
    }
    ly - top
}

fn line(chart: &Chart, area: Area, s: &ChartStyle<'_>, out: &mut Vec<Prim>) {
    let Area { x, top, w, h, size } = area;
    let small = size * 0.85;
    let series = chart.series_names();
    let kinds = chart.mark_kinds();
    let legend_h = legend(&series, &kinds, area, s, out);
    let scale = chart.line_scale();
    let y_ticks = scale.y_ticks();
    let y_label_w = y_ticks
        .iter()
        .map(|(_, v)| s.fonts.width(Face::Regular, small, &axis_value(chart, *v)))
        .fold(0.0_f32, f32::max);
    let plot_x = x + y_label_w + 8.0;
    let plot_w = (w - y_label_w - 16.0).max(10.0);
    let plot_top = top + legend_h + size * 2.2;
    let x_axis_h = if chart.x_title.is_some() {
        size * 3.0
    } else {
        size * 1.8
    };
    let axis_y = top + h - x_axis_h;
    let plot_h = (axis_y - plot_top).max(10.0);
    // The axis, and gridlines at round steps (`chart::ticks`); on a short
    // plot every other step only, so that tick labels never touch.
    let gap = y_ticks.first().map_or(1.0, |t| t.0) * plot_h;
    let every = if gap > 0.0 && gap < small * 1.6 { 2 } else { 1 };
    let lines = std::iter::once((0.0_f32, 0.0_f32)).chain(
        y_ticks
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + 1) % every == 0)
            .map(|(_, t)| *t),
    );
    for (frac, value) in lines {
        let gy = axis_y - frac * plot_h;
        out.push(Prim::Rule {
            x1: plot_x,
            x2: plot_x + plot_w,
            y: gy,
            color: if frac == 0.0 {
                s.muted
            } else {
                s.theme.colors.surface
            },
            thickness: if frac == 0.0 { 0.8 } else { 0.4 },
        });
        if frac > 0.0 {
            let t = axis_value(chart, value);
            let tw = s.fonts.width(Face::Regular, small, &t);
            out.push(s.label(
                plot_x - 6.0 - tw,
                gy + small * 0.35,
                &t,
                small,
                Face::Regular,
                s.muted,
            ));
        }
    }
    // x labels: round ticks (or the categories).
    let n = chart.rows.len();
    for (fx, label) in chart.x_labels(&scale) {
        let label = s.fit(&label, small, Face::Regular, plot_w / 3.0);
        let tw = s.fonts.width(Face::Regular, small, &label);
        let cx = plot_x + fx * plot_w;
        let lx = (cx - tw / 2.0).clamp(plot_x - y_label_w, plot_x + plot_w - tw);
        out.push(s.label(
            lx,
            axis_y + small * 1.5,
            &label,
            small,
            Face::Regular,
            s.muted,
        ));
    }
    if let Some(t) = &chart.x_title {
        let t = s.fit(t, small, Face::Italic, plot_w);
        let tw = s.fonts.width(Face::Italic, small, &t);
        out.push(s.label(
            plot_x + (plot_w - tw) / 2.0,
            axis_y + small * 3.0,
            &t,
            small,
            Face::Italic,
            s.muted,
        ));
    }
    for (j, _) in series.iter().enumerate() {
        let points: Vec<(f32, f32)> = (0..n)
            .filter_map(|i| {
                let v = &Chart::point(&chart.rows[i], j)?;
                Some((
                    plot_x + scale.row_x(chart, i) * plot_w,
                    axis_y - scale.y(crate::render::chart::to_f32(*v)) * plot_h,
                ))
            })
            .collect();
        out.push(Prim::Line {
            points,
            color: s.color(j),
            thickness: 2.0 * s.scale.max(0.75),
        });
    }
    // Dots first, rings over them.
    let mut marks: Vec<(MarkStyle, usize, f32, f32)> = chart
        .marks
        .iter()
        .filter_map(|m| {
            let (fx, fy) = chart.mark_point(&scale, m)?;
            let j = series.iter().position(|n| *n == m.series).unwrap_or(0);
            let k = kinds.iter().position(|k| *k == m.kind).unwrap_or(0);
            Some((mark_style(&kinds, k), j, fx, fy))
        })
        .collect();
    marks.sort_by_key(|(style, ..)| *style != MarkStyle::Dot);
    for (style, j, fx, fy) in marks {
        mark(
            plot_x + fx * plot_w,
            axis_y - fy * plot_h,
            size * 0.36,
            style,
            s.color(j),
            out,
        );
    }
}

fn axis_value(chart: &Chart, v: f32) -> String {
    match Decimal::from_f32_retain(v) {
        Some(d) => format_quantity(d.round_dp(2), chart.unit.as_deref(), true),
        None => String::new(),
    }
}
