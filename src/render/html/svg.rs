//! Charts as inline SVG for the HTML deck, from the same chart model the PDF
//! renderer draws.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::escape;
use crate::format::format_quantity;
use crate::render::chart::{Chart, ChartKind, ChartValue, MarkStyle, mark_style};
use crate::theme::Theme;

const W: f32 = 800.0;

fn color(theme: &Theme, i: usize) -> String {
    let p = &theme.colors.chart;
    p[i % p.len()].hex()
}

fn value(chart: &Chart, v: Decimal) -> String {
    escape(&format_quantity(v, chart.unit.as_deref(), true))
}

/// An `<svg>` element for the chart (with a `<title>` for screen readers).
pub fn chart(chart: &Chart, theme: &Theme) -> String {
    let mut body = String::new();
    let height = match chart.kind {
        ChartKind::Bar => bars(chart, theme, &mut body),
        ChartKind::StackedBar => stacked(chart, theme, &mut body),
        ChartKind::Donut => donut(chart, theme, &mut body),
        ChartKind::Timeline => timeline(chart, theme, &mut body),
        ChartKind::Line => line(chart, theme, &mut body),
    };
    let title = chart.title.as_deref().map(escape).unwrap_or_default();
    let caption = if title.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{title}</figcaption>")
    };
    format!(
        "<figure class=\"chart chart-{kind}\">{caption}<svg viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"{title}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{title}</title>{body}</svg></figure>",
        kind = match chart.kind {
            ChartKind::Bar => "bar",
            ChartKind::StackedBar => "stacked-bar",
            ChartKind::Donut => "donut",
            ChartKind::Timeline => "timeline",
            ChartKind::Line => "line",
        }
    )
}

fn bars(chart: &Chart, theme: &Theme, out: &mut String) -> f32 {
    let rows: Vec<(&str, Decimal)> = chart
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                Chart::numbers(r).first().copied().unwrap_or_default(),
            )
        })
        .collect();
    let scale = chart.bar_scale();
    let (label_w, value_w, row_h) = (260.0, 90.0, 30.0);
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = i as f32 * row_h;
        let w = (scale.fraction(*v) * (W - label_w - value_w)).max(1.0);
        let _ = write!(
            out,
            "<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" class=\"label\">{l}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"20\" fill=\"{c}\"/><text x=\"{vx:.1}\" y=\"{ty}\" class=\"value\">{val}</text>",
            tx = label_w - 10.0,
            ty = y + 15.0,
            l = escape(label),
            c = color(theme, 0),
            vx = label_w + w + 6.0,
            val = value(chart, *v),
        );
    }
    rows.len() as f32 * row_h
}

fn stacked(chart: &Chart, theme: &Theme, out: &mut String) -> f32 {
    let h = 300.0;
    let (top, axis) = (50.0, h - 30.0);
    for (i, name) in chart.series.iter().enumerate() {
        let x = i as f32 * 160.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"2\" width=\"14\" height=\"14\" fill=\"{c}\"/><text x=\"{tx}\" y=\"14\" class=\"label\">{n}</text>",
            c = color(theme, i),
            tx = x + 20.0,
            n = escape(name)
        );
    }
    // The labels every renderer writes (`Chart::stack_labels`).
    let labels = chart.stack_labels();
    let scale = chart.stack_scale();
    let slot = W / chart.rows.len().max(1) as f32;
    let col = (slot * 0.55).min(90.0);
    let _ = write!(
        out,
        "<line x1=\"0\" x2=\"{W}\" y1=\"{axis}\" y2=\"{axis}\" class=\"axis\"/>"
    );
    for (i, row) in chart.rows.iter().enumerate() {
        let x = slot * i as f32 + (slot - col) / 2.0;
        let mut y = axis;
        for (j, v) in Chart::numbers(row).iter().enumerate() {
            let seg = scale.fraction(*v) * (axis - top - 20.0);
            y -= seg;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{col:.1}\" height=\"{seg:.1}\" fill=\"{}\"/>",
                color(theme, j)
            );
        }
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" class=\"value\">{t}</text><text x=\"{cx:.1}\" y=\"{ly}\" text-anchor=\"middle\" class=\"label\">{l}</text>",
            cx = x + col / 2.0,
            ty = y - 6.0,
            t = escape(&labels[i]),
            ly = axis + 20.0,
            l = escape(&row.label)
        );
    }
    h
}

fn donut(chart: &Chart, theme: &Theme, out: &mut String) -> f32 {
    let shares = chart.shares();
    let (cx, cy, r, inner) = (120.0, 120.0, 110.0, 64.0);
    let mut a = -std::f32::consts::FRAC_PI_2;
    for (i, share) in shares.iter().enumerate() {
        let sweep = share * std::f32::consts::TAU;
        if sweep <= 0.0 {
            continue;
        }
        // A full circle can't be one arc: split at half-way.
        let mid = a + sweep / 2.0;
        let pt = |ang: f32, rad: f32| (cx + rad * ang.cos(), cy + rad * ang.sin());
        let (p0, p1, p2) = (pt(a, r), pt(mid, r), pt(a + sweep, r));
        let (q2, q1, q0) = (pt(a + sweep, inner), pt(mid, inner), pt(a, inner));
        let _ = write!(
            out,
            "<path d=\"M{:.2} {:.2} A{r} {r} 0 0 1 {:.2} {:.2} A{r} {r} 0 0 1 {:.2} {:.2} L{:.2} {:.2} A{inner} {inner} 0 0 0 {:.2} {:.2} A{inner} {inner} 0 0 0 {:.2} {:.2} Z\" fill=\"{}\"/>",
            p0.0,
            p0.1,
            p1.0,
            p1.1,
            p2.0,
            p2.1,
            q2.0,
            q2.1,
            q1.0,
            q1.1,
            q0.0,
            q0.1,
            color(theme, i)
        );
        a += sweep;
    }
    for (i, row) in chart.rows.iter().enumerate() {
        let y = 30.0 + i as f32 * 28.0;
        let share = shares[i] * 100.0;
        let v = Chart::numbers(row)
            .first()
            .map(|v| value(chart, *v))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<rect x=\"280\" y=\"{ry}\" width=\"14\" height=\"14\" fill=\"{c}\"/><text x=\"302\" y=\"{ty}\" class=\"label\">{l} — {v} ({share:.0}%)</text>",
            ry = y - 12.0,
            ty = y,
            c = color(theme, i),
            l = escape(&row.label)
        );
    }
    (30.0 + chart.rows.len() as f32 * 28.0).max(240.0)
}

fn timeline(chart: &Chart, theme: &Theme, out: &mut String) -> f32 {
    let Some(time) = chart.time_scale() else {
        return 10.0;
    };
    let (min, max) = (time.first, time.last);
    // Room on the right for a milestone's diamond on the last date.
    let (px, pw, row_h) = (280.0, W - 298.0, 24.0);
    let at = |d: chrono::NaiveDate| px + time.fraction(d) * pw;
    for (i, row) in chart.rows.iter().enumerate() {
        let y = i as f32 * row_h;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>",
            px - 10.0,
            y + 16.0,
            escape(&row.label)
        );
        match row.value {
            ChartValue::Span(a, b) => {
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"14\" fill=\"{}\"/>",
                    at(a),
                    y + 5.0,
                    (at(b) - at(a)).max(2.0),
                    color(theme, 0)
                );
            }
            ChartValue::Date(d) => {
                let (x, cy) = (at(d), y + 12.0);
                let _ = write!(
                    out,
                    "<path d=\"M{x:.1} {t} L{r:.1} {cy} L{x:.1} {b} L{l:.1} {cy} Z\" fill=\"{}\"/>",
                    color(theme, 1),
                    t = cy - 8.0,
                    b = cy + 8.0,
                    r = x + 8.0,
                    l = x - 8.0
                );
            }
            ChartValue::Numbers(_) => {}
        }
    }
    let axis = chart.rows.len() as f32 * row_h + 6.0;
    let _ = write!(
        out,
        "<line x1=\"{px}\" x2=\"{}\" y1=\"{axis}\" y2=\"{axis}\" class=\"axis\"/><text x=\"{px}\" y=\"{}\" class=\"label\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>",
        px + pw,
        axis + 18.0,
        min.format("%-d %b %Y"),
        px + pw,
        axis + 18.0,
        max.format("%-d %b %Y")
    );
    axis + 24.0
}

/// A mark of the `kind`-th kind: the first a ring, the others filled. The
/// ring is an open outline wider than a dot, drawn over the dots, so that
/// close planned and best budgets read as a dot in a ring.
fn mark(cx: f32, cy: f32, r: f32, style: MarkStyle, color: &str) -> String {
    if style == MarkStyle::Limit {
        let r = r * 1.5;
        return format!(
            "<polygon points=\"{cx:.1},{t:.1} {e:.1},{cy:.1} {cx:.1},{b:.1} {w:.1},{cy:.1}\" fill=\"{color}\"/>",
            t = cy - r,
            e = cx + r,
            b = cy + r,
            w = cx - r
        );
    }
    if style == MarkStyle::Both {
        return format!(
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{d:.1}\" fill=\"{color}\"/>{}",
            mark(cx, cy, r, MarkStyle::Ring, color),
            d = r * 0.8
        );
    }
    if style == MarkStyle::Ring {
        let r = r * 1.45;
        format!(
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r:.1}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\"/>"
        )
    } else {
        format!("<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r:.1}\" fill=\"{color}\"/>")
    }
}

fn line(chart: &Chart, theme: &Theme, out: &mut String) -> f32 {
    let h = 340.0;
    let series = chart.series_names();
    let kinds = chart.mark_kinds();
    let mut lx = 0.0;
    for (i, name) in series.iter().enumerate() {
        let _ = write!(
            out,
            "<rect x=\"{lx}\" y=\"7\" width=\"18\" height=\"3\" fill=\"{c}\"/><text x=\"{tx}\" y=\"14\" class=\"label\">{n}</text>",
            c = color(theme, i),
            tx = lx + 24.0,
            n = escape(name)
        );
        lx += 24.0 + 7.0 * name.chars().count() as f32 + 16.0;
    }
    for (k, kind) in kinds.iter().enumerate() {
        out.push_str(&mark(
            lx + 6.0,
            9.0,
            6.0,
            mark_style(&kinds, k),
            &theme.colors.muted.hex(),
        ));
        let _ = write!(
            out,
            "<text x=\"{tx}\" y=\"14\" class=\"label\">{n}</text>",
            tx = lx + 18.0,
            n = escape(kind)
        );
        lx += 18.0 + 7.0 * kind.chars().count() as f32 + 16.0;
    }
    let scale = chart.line_scale();
    let (plot_x, plot_w, plot_top) = (70.0, W - 90.0, 36.0);
    let axis_y = if chart.x_title.is_some() {
        h - 46.0
    } else {
        h - 26.0
    };
    let plot_h = axis_y - plot_top;
    // The axis, and gridlines at round steps (`chart::ticks`).
    for (frac, tick) in std::iter::once((0.0_f32, 0.0_f32)).chain(scale.y_ticks()) {
        let gy = axis_y - frac * plot_h;
        let _ = write!(
            out,
            "<line x1=\"{plot_x}\" x2=\"{x2}\" y1=\"{gy:.1}\" y2=\"{gy:.1}\" class=\"{cls}\"/>",
            x2 = plot_x + plot_w,
            cls = if frac == 0.0 { "axis" } else { "grid" }
        );
        if frac > 0.0
            && let Some(d) = Decimal::from_f32_retain(tick)
        {
            let _ = write!(
                out,
                "<text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\" class=\"value\">{v}</text>",
                tx = plot_x - 6.0,
                ty = gy + 4.0,
                v = value(chart, d.round_dp(2))
            );
        }
    }
    let n = chart.rows.len();
    for (fx, label) in chart.x_labels(&scale) {
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" class=\"label\">{l}</text>",
            cx = plot_x + fx * plot_w,
            ty = axis_y + 18.0,
            l = escape(&label)
        );
    }
    if let Some(t) = &chart.x_title {
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" class=\"label\" font-style=\"italic\">{t}</text>",
            cx = plot_x + plot_w / 2.0,
            ty = axis_y + 38.0,
            t = escape(t)
        );
    }
    for (j, _) in series.iter().enumerate() {
        let points: Vec<String> = (0..n)
            .filter_map(|i| {
                let v = &Chart::point(&chart.rows[i], j)?;
                Some(format!(
                    "{:.1},{:.1}",
                    plot_x + scale.row_x(chart, i) * plot_w,
                    axis_y - scale.y(crate::render::chart::to_f32(*v)) * plot_h
                ))
            })
            .collect();
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\"/>",
            points.join(" "),
            color(theme, j)
        );
    }
    // Dots first, rings over them.
    let mut marks: Vec<_> = chart
        .marks
        .iter()
        .map(|m| {
            let k = kinds.iter().position(|k| *k == m.kind).unwrap_or(0);
            (mark_style(&kinds, k), m)
        })
        .collect();
    marks.sort_by_key(|(style, _)| *style != MarkStyle::Dot);
    for (style, m) in marks {
        let Some((fx, fy)) = chart.mark_point(&scale, m) else {
            continue;
        };
        let j = series.iter().position(|n| *n == m.series).unwrap_or(0);
        out.push_str(&mark(
            plot_x + fx * plot_w,
            axis_y - fy * plot_h,
            7.0,
            style,
            &color(theme, j),
        ));
    }
    h
}
