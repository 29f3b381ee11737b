//! Text on a slide: runs (bold, italic, code, links, status dots) and
//! paragraphs for every kind of Markdown block, as DrawingML.

use super::package::rel;
use super::slide_kit::{Part, Rels, Sizes};
use super::xml::{Paint, text};
use crate::render::markdown::{Block, Span, Style, plain};
use crate::theme::Rgb;

fn hex(c: Rgb) -> String {
    c.hex().trim_start_matches('#').to_uppercase()
}

/// Runs of text, with a size (pt), a colour, and extra style.
pub fn runs(
    out: &mut String,
    spans: &[Span],
    size: Option<f32>,
    color: Option<Rgb>,
    rels: &mut Rels,
    force: Option<Style>,
) {
    runs_in(out, spans, size, color.map(Paint::Rgb), rels, force);
}

pub fn runs_in(
    out: &mut String,
    spans: &[Span],
    size: Option<f32>,
    color: Option<Paint>,
    rels: &mut Rels,
    force: Option<Style>,
) {
    for span in spans {
        let style = force.map_or(span.style, |f| Style {
            bold: span.style.bold || f.bold,
            italic: span.style.italic || f.italic,
            code: span.style.code || f.code,
            ..span.style
        });
        let mut attrs = String::from(" lang=\"en-US\"");
        if let Some(s) = size {
            attrs.push_str(&format!(" sz=\"{}\"", (s * 100.0).round() as i64));
        }
        if style.bold {
            attrs.push_str(" b=\"1\"");
        }
        if style.italic {
            attrs.push_str(" i=\"1\"");
        }
        if style.strike {
            attrs.push_str(" strike=\"sngStrike\"");
        }
        let link = span
            .link
            .as_deref()
            .filter(|u| crate::render::pdf::is_web_link(u))
            .map(|u| rels.add(rel::HYPERLINK, u.to_string(), true));
        let fill = match (style.signal, color) {
            (Some(sig), _) if span.text.starts_with('●') => {
                format!(
                    "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                    hex(sig.rgb())
                )
            }
            (_, Some(c)) if link.is_none() => c.solid(),
            _ => String::new(),
        };
        let font = if style.code {
            "<a:latin typeface=\"Courier New\"/><a:cs typeface=\"Courier New\"/>".to_string()
        } else {
            super::xml::tag("a:latin")
                .attr("typeface", &rels.body_font)
                .empty()
        };
        let click = link.map_or_else(String::new, |rid| format!("<a:hlinkClick r:id=\"{rid}\"/>"));
        for (i, piece) in span.text.split('\n').enumerate() {
            if i > 0 {
                out.push_str("<a:br/>");
            }
            if piece.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "<a:r><a:rPr{attrs}>{fill}{font}{click}</a:rPr><a:t>{}</a:t></a:r>",
                text(piece)
            ));
        }
    }
}

/// The hanging indent (EMU) a numbered list needs for its widest number
/// and its period at `size` pt (digits are about 0.6 em wide), with a gap;
/// `None` when the size is the template's.
fn number_indent(start: u64, items: usize, size: Option<f32>) -> Option<i64> {
    let size = size?;
    let last = start
        .saturating_add(items.saturating_sub(1) as u64)
        .min(9999);
    let digits = last.max(1).ilog10() as f32 + 1.0;
    let pt = (digits + 1.0) * 0.6 * size + 0.4 * size;
    Some(super::xml::emu(pt))
}

/// The spans of a split paragraph that fall on this page: its characters
/// cut in proportion to the lines on the page, at word boundaries.
fn slice_spans(spans: &[Span], part: Option<&Part>) -> Vec<Span> {
    let Some(part) = part else {
        return spans.to_vec();
    };
    let total_chars: usize = spans.iter().map(|s| s.text.chars().count()).sum();
    let first = part.on_page.iter().copied().min().unwrap_or(0);
    let last = part.on_page.iter().copied().max().unwrap_or(0) + 1;
    let whole = plain(spans);
    let cut = |line: usize| -> usize {
        if line >= part.total {
            return total_chars;
        }
        let target = total_chars * line / part.total.max(1);
        // Forward to the next space, so no word is split.
        whole
            .chars()
            .enumerate()
            .skip(target)
            .find(|(_, c)| c.is_whitespace())
            .map_or(total_chars, |(i, _)| i)
    };
    let (from, to) = (if first == 0 { 0 } else { cut(first) }, cut(last));
    let mut out = Vec::new();
    let mut at = 0;
    for s in spans {
        let n = s.text.chars().count();
        let (a, b) = (from.max(at), to.min(at + n));
        if a < b {
            let t: String = s.text.chars().skip(a - at).take(b - a).collect();
            out.push(Span {
                text: if out.is_empty() {
                    t.trim_start().to_string()
                } else {
                    t
                },
                ..s.clone()
            });
        }
        at += n;
    }
    out
}

pub fn para_open(
    level: usize,
    bullet: Option<String>,
    align: Option<&str>,
    indent_only: bool,
) -> String {
    let algn = align.map_or_else(String::new, |a| format!(" algn=\"{a}\""));
    match bullet {
        Some(b) => format!("<a:pPr lvl=\"{level}\"{algn}>{b}</a:pPr>"),
        None => {
            let mar = if indent_only {
                342_900 * level as i64 + 285_750
            } else {
                0
            };
            format!("<a:pPr marL=\"{mar}\" lvl=\"0\" indent=\"0\"{algn}><a:buNone/></a:pPr>")
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn block_paras(
    out: &mut String,
    block: &Block,
    part: Option<&Part>,
    depth: usize,
    sizes: &Sizes,
    color: Option<Rgb>,
    centred: bool,
    rels: &mut Rels,
) {
    let align = centred.then_some("ctr");
    match block {
        Block::Heading { level, spans } => {
            let size = sizes.h[(*level as usize).clamp(1, 3) - 1];
            out.push_str("<a:p>");
            out.push_str(&para_open(depth, None, align, depth > 0));
            runs(
                out,
                &slice_spans(spans, part),
                size,
                color,
                rels,
                // Bold as the PDF sets headings; in a template's cover or
                // section placeholder, its own style.
                size.is_some().then_some(Style {
                    bold: true,
                    ..Style::default()
                }),
            );
            out.push_str("</a:p>");
        }
        Block::Paragraph(spans) => {
            out.push_str("<a:p>");
            out.push_str(&para_open(depth, None, align, depth > 0));
            runs(
                out,
                &slice_spans(spans, part),
                sizes.body,
                color,
                rels,
                None,
            );
            out.push_str("</a:p>");
        }
        Block::List { start, items } => {
            list_paras(out, *start, items, part, depth, sizes, color, centred, rels)
        }
        Block::Quote(inner) => {
            for b in inner {
                let mut s = String::new();
                block_paras(&mut s, b, None, depth + 1, sizes, color, centred, rels);
                // Quotes are italic: mark every run.
                out.push_str(&s.replace("<a:rPr lang=\"en-US\"", "<a:rPr lang=\"en-US\" i=\"1\""));
            }
        }
        Block::Code { text: code, .. } => code_paras(out, code, part, depth, sizes, color, rels),
        // Objects inside lists or quotes: their text.
        Block::Table { head, rows, .. } => {
            for row in std::iter::once(head).chain(rows) {
                let cells: Vec<String> = row.iter().map(|c| plain(c)).collect();
                out.push_str("<a:p>");
                out.push_str(&para_open(depth, None, None, depth > 0));
                runs(
                    out,
                    &[Span {
                        text: cells.join(" · "),
                        style: Style::default(),
                        link: None,
                    }],
                    sizes.table,
                    color,
                    rels,
                    None,
                );
                out.push_str("</a:p>");
            }
        }
        Block::Image { alt, .. } if !alt.is_empty() => {
            out.push_str("<a:p>");
            out.push_str(&para_open(depth, None, None, depth > 0));
            runs(
                out,
                &[Span {
                    text: alt.clone(),
                    style: Style {
                        italic: true,
                        ..Style::default()
                    },
                    link: None,
                }],
                sizes.body,
                color,
                rels,
                None,
            );
            out.push_str("</a:p>");
        }
        Block::Chart(c) => {
            if let Some(t) = &c.title {
                out.push_str("<a:p>");
                out.push_str(&para_open(depth, None, None, depth > 0));
                runs(
                    out,
                    &[Span {
                        text: t.clone(),
                        style: Style::default(),
                        link: None,
                    }],
                    sizes.body,
                    color,
                    rels,
                    None,
                );
                out.push_str("</a:p>");
            }
        }
        Block::Image { .. } | Block::Rule => {}
    }
}

/// A list's items on this page: bullets, or numbers with a hanging indent
/// as wide as the widest; nested blocks one level in.
#[allow(clippy::too_many_arguments)]
fn list_paras(
    out: &mut String,
    start: Option<u64>,
    items: &[Vec<Block>],
    part: Option<&Part>,
    depth: usize,
    sizes: &Sizes,
    color: Option<Rgb>,
    centred: bool,
    rels: &mut Rels,
) {
    for (n, item) in items.iter().enumerate() {
        if let Some(p) = part
            && !p.on_page.contains(&n)
        {
            continue;
        }
        for (k, inner) in item.iter().enumerate() {
            match inner {
                Block::Paragraph(spans) | Block::Heading { spans, .. } if k == 0 => {
                    let (bullet, hang) = match start {
                        Some(s) => (
                            format!(
                                "<a:buFont typeface=\"+mj-lt\"/><a:buAutoNum type=\"arabicPeriod\" startAt=\"{}\"/>",
                                (s + n as u64).min(9999)
                            ),
                            number_indent(s, items.len(), sizes.body),
                        ),
                        // A template's own bullets, level by level.
                        None if !rels.own_bullets => (String::new(), None),
                        None => {
                            let ch = ["•", "–", "◦"][depth.min(2)];
                            (
                                format!("<a:buFont typeface=\"Arial\"/><a:buChar char=\"{ch}\"/>"),
                                None,
                            )
                        }
                    };
                    out.push_str("<a:p>");
                    let open = para_open(depth.min(8), Some(bullet), None, false);
                    out.push_str(&match hang {
                        // The number's own hanging indent, as wide as
                        // the widest number ("10." at this size).
                        Some(w) => open.replacen(
                            "<a:pPr ",
                            &format!(
                                "<a:pPr marL=\"{}\" indent=\"-{w}\" ",
                                342_900 * depth.min(8) as i64 + w
                            ),
                            1,
                        ),
                        None => open,
                    });
                    runs(out, spans, sizes.body, color, rels, None);
                    out.push_str("</a:p>");
                }
                other => block_paras(out, other, None, depth + 1, sizes, color, centred, rels),
            }
        }
    }
}

/// A code block's lines on this page, in a monospaced face.
#[allow(clippy::too_many_arguments)]
fn code_paras(
    out: &mut String,
    code: &str,
    part: Option<&Part>,
    depth: usize,
    sizes: &Sizes,
    color: Option<Rgb>,
    rels: &mut Rels,
) {
    let lines: Vec<&str> = code.trim_end_matches('\n').split('\n').collect();
    let (from, to) = match part {
        Some(p) => {
            let n = lines.len();
            let first = p.on_page.iter().copied().min().unwrap_or(0);
            let last = p.on_page.iter().copied().max().unwrap_or(0) + 1;
            (
                n * first / p.total.max(1),
                (n * last / p.total.max(1))
                    .max(n * first / p.total.max(1) + 1)
                    .min(n),
            )
        }
        None => (0, lines.len()),
    };
    for line in &lines[from..to] {
        out.push_str("<a:p>");
        out.push_str(&para_open(depth, None, None, depth > 0));
        runs(
            out,
            &[Span {
                text: (*line).to_string(),
                style: Style {
                    code: true,
                    ..Style::default()
                },
                link: None,
            }],
            sizes.code,
            color,
            rels,
            None,
        );
        out.push_str("</a:p>");
    }
}
