//! rustc-style diagnostics: `error[rule]: message`, an arrow to file:line:col,
//! the source line with a caret, and `= help:`.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

use super::FileReport;
use crate::diagnostic::{Finding, Severity, Span, Tally};
use crate::figures::Figures;
use crate::source::SourceFile;

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// A span cut to its first line: a table is pointed at by its header, not
/// underlined over forty lines.
fn first_line(text: &str, span: &Span) -> Span {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let cut = text[start..end].find('\n').map_or(end, |i| start + i);
    start..cut
}

/// The whole lines of `src` that contain `spans`: the text, its byte offset
/// in the file and its first line number.
fn window<'a>(src: &'a SourceFile, spans: &[Span]) -> (&'a str, usize, usize) {
    let text = src.text.as_str();
    let lo = spans
        .iter()
        .map(|s| s.start)
        .min()
        .unwrap_or(0)
        .min(text.len());
    let hi = spans
        .iter()
        .map(|s| s.end)
        .max()
        .unwrap_or(0)
        .clamp(lo, text.len());
    let start = text[..lo].rfind('\n').map_or(0, |i| i + 1);
    let end = text[hi..].find('\n').map_or(text.len(), |i| hi + i);
    (&text[start..end], start, src.line_col(start).0)
}

/// At most this many findings of one file are printed; JSON has them all.
pub const MAX_SHOWN: usize = 200;

/// Text from a plan or deck made safe for a terminal: control characters
/// (ESC of colour and cursor sequences, OSC-8 links, BEL, …) become their
/// visible Unicode control pictures (`␛`), as `check` shows them. Line
/// breaks and tabs are kept.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !unsafe_char(c) => c,
                '\u{7f}' => '\u{2421}',
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                _ => '\u{fffd}',
            })
            .collect(),
    )
}

/// Renders findings of one file.
pub fn findings(source: Option<&SourceFile>, path: &str, list: &[Finding], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for f in list.iter().take(MAX_SHOWN) {
        let message = safe(&f.message);
        let title = level(f.severity).primary_title(message.as_ref()).id(f.rule);
        match (source, &f.span) {
            (Some(src), Some(span)) => {
                // Only the lines the annotations touch go to the renderer:
                // handing it the whole file for every finding would make a
                // large file with many findings quadratic.
                let primary_span = first_line(&src.text, span);
                let spans: Vec<Span> = std::iter::once(primary_span.clone())
                    .chain(f.secondary.iter().map(|s| first_line(&src.text, &s.span)))
                    .collect();
                let (window, offset, line) = window(src, &spans);
                let shift = |s: &Span| s.start - offset..s.end - offset;
                let mut primary = AnnotationKind::Primary.span(shift(&primary_span));
                if let Some(l) = &f.label {
                    primary = primary.label(l.as_str());
                }
                let mut snippet = Snippet::source(window)
                    .line_start(line)
                    .path(path)
                    .annotation(primary);
                for (s, label) in spans.iter().skip(1).zip(&f.secondary) {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(shift(s))
                            .label(label.message.as_str()),
                    );
                }
                let mut group = title.element(snippet);
                if let Some(h) = &f.help {
                    group = group.element(Level::HELP.message(h.as_str()));
                }
                out.push_str(&renderer.render(&[group]));
            }
            _ => {
                // A spreadsheet's findings name the sheet and cell.
                let place = match &f.cell {
                    Some(cell) => format!("{path} [{}]", safe(cell)),
                    None => path.to_string(),
                };
                let mut group = title.element(Origin::path(&place));
                if let Some(l) = &f.label {
                    group = group.element(Level::NOTE.message(l.as_str()));
                }
                if let Some(h) = &f.help {
                    group = group.element(Level::HELP.message(h.as_str()));
                }
                out.push_str(&renderer.render(&[group]));
            }
        }
        out.push_str("\n\n");
    }
    if list.len() > MAX_SHOWN {
        out.push_str(&format!(
            "... and {} more findings in {path} (`--format json` lists them all)\n\n",
            list.len() - MAX_SHOWN
        ));
    }
    out
}

/// The alignment score with its breakdown, and forecasts against targets.
pub fn figures(fig: &Figures) -> String {
    let currency = &fig.currency;
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "alignment score: {}/100", fig.score.total);
    for p in &fig.score.parts {
        let mark = if p.points == rust_decimal::Decimal::from(p.weight) {
            "ok"
        } else {
            "--"
        };
        let covered = if p.key == "spend-tied" {
            format!(
                "{}%",
                crate::figures::percent(p.covered, p.of).unwrap_or_default()
            )
        } else {
            format!("{}/{}", p.covered, p.of)
        };
        let _ = writeln!(
            out,
            "  {mark} {:<66} {:>8}  {:>4}/{}",
            p.name, covered, p.points, p.weight
        );
        // The deck's budget slide states the same money in the same words.
        if p.key == "spend-tied" {
            let m = |d| crate::format::format_money(d, currency, true);
            let _ = writeln!(
                out,
                "       {} of {} spend; {} tied to no forecast",
                m(p.covered),
                m(p.of),
                m(p.rest.unwrap_or_default())
            );
        }
    }
    let share = |s: Option<rust_decimal::Decimal>| s.map_or("n/a".to_string(), |s| format!("{s}%"));
    let _ = writeln!(
        out,
        "upstream share: {} of spend, {} of FTE",
        share(fig.upstream_share),
        share(fig.upstream_fte_share)
    );
    let with_forecast: Vec<_> = fig
        .objectives
        .iter()
        .filter(|o| !o.forecast.is_zero())
        .collect();
    if !with_forecast.is_empty() {
        let _ = writeln!(out, "forecast vs target:");
        for o in with_forecast {
            let needed = o.needed.map_or("n/a".into(), crate::check::group);
            let cov = o
                .coverage
                .map_or(String::new(), |c| format!(" ({c}% of the gap closed)"));
            // On the deck's basis, said (`figures::unit_cost`).
            let cpr = o.cost_per_result.map_or(String::new(), |c| {
                let places = if c >= rust_decimal::Decimal::ONE {
                    2
                } else {
                    4
                };
                format!(
                    ", {} {} {currency}",
                    crate::figures::unit_cost::cost_label(o.cost_basis),
                    crate::check::group(c.round_dp(places))
                )
            });
            let _ = writeln!(
                out,
                "  {:<20} {} of {}{cov}{cpr}",
                o.id,
                crate::check::group(o.shown()),
                needed
            );
        }
    }
    out
}

/// `plan.toml: 1 error, 2 warnings`.
pub fn tally_line(name: &str, t: Tally) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (t.errors, "error"),
        (t.warnings, "warning"),
        (t.notes, "note"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}{}", if n == 1 { "" } else { "s" }));
        }
    }
    if parts.is_empty() {
        format!("{name}: no findings")
    } else {
        format!("{name}: {}", parts.join(", "))
    }
}

/// The full human report of one file, as `mvplan check` prints it.
pub fn file_report(r: &FileReport, color: bool) -> String {
    let mut out = findings(r.source.as_ref(), &r.path, &r.findings, color);
    if let Some(fig) = &r.figures {
        out.push_str(&figures(fig));
    }
    out.push_str(&tally_line(&r.path, r.tally()));
    match r.kind {
        crate::source::FileKind::Policy => out.push_str(" (a policy: checked as one)"),
        crate::source::FileKind::Theme => out.push_str(" (a theme: checked as one)"),
        crate::source::FileKind::Plan => {}
    }
    if !r.loaded() {
        out.push_str(" (not checked further: the file could not be loaded)");
    }
    out.push('\n');
    out
}
