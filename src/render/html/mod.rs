//! The Markdown deck → one self-contained HTML file: CSS and script inline,
//! charts as inline SVG, images as data URIs — nothing is fetched from a
//! network. Keyboard and click navigation, the slide number in the URL hash,
//! a print stylesheet (one slide per page), and speaker notes on request.
//!
//! Every piece of text is HTML-escaped here, and links keep only `http`,
//! `https`, `mailto` and in-page targets: nothing from a plan or a deck
//! becomes live markup or script.

mod svg;

use std::collections::BTreeSet;
use std::fmt::Write;

use super::assets::Assets;
use super::markdown::{Align, Block, Deck, Slide, SlideSize, Span};
use super::problems::{CHART_LINE_SKIPPED, UNSUPPORTED_DIRECTIVE, problem};
use crate::diagnostic::Finding;
use crate::theme::Theme;

pub use super::RenderOptions as HtmlOptions;

/// The largest HTML deck written. Images are inlined once each, so only a
/// deck of huge images (16 MiB each, the file limit) gets near it.
pub const MAX_HTML_BYTES: usize = 128 * 1024 * 1024;

#[derive(Debug)]
pub struct HtmlOutput {
    pub html: String,
    pub problems: Vec<Finding>,
}

impl HtmlOutput {
    /// The messages of the problems a person should see (warnings).
    pub fn warnings(&self) -> Vec<&str> {
        super::problems::warnings(&self.problems)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    #[error("the HTML deck would be larger than {} MiB; use smaller images", MAX_HTML_BYTES / (1024 * 1024))]
    TooLarge,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link target that can't run script: web and mail links and in-page anchors only.
fn safe_href(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#'))
    .then(|| escape(u))
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The table's type size when deck.css's (0.85 em) would make it wider
/// than the slide: a table is as wide as its longest words (cells break
/// between words only), so many columns shrink the type, down to 0.5 em,
/// rather than run off the slide.
fn table_font(head: &[Vec<Span>], rows: &[Vec<Vec<Span>>], content_em: f32) -> String {
    const TABLE_EM: f32 = 0.85;
    // Wide enough for bold capitals and digits: the viewer's font is not
    // measured here.
    const CHAR_EM: f32 = 0.62;
    let mut longest: Vec<usize> = Vec::new();
    for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
        if longest.len() < row.len() {
            longest.resize(row.len(), 0);
        }
        for (c, cell) in row.iter().enumerate() {
            let text = crate::render::markdown::plain(cell);
            let n = text.split_whitespace().map(|w| w.chars().count()).max();
            longest[c] = longest[c].max(n.unwrap_or(0));
        }
    }
    // Each column: its longest word and 0.45 em of padding each side.
    let needed: f32 = longest.iter().map(|&n| n as f32 * CHAR_EM + 0.9).sum();
    if needed * TABLE_EM <= content_em {
        return String::new();
    }
    let size = (content_em / needed).max(0.5);
    format!(" style=\"font-size: {size:.2}em\"")
}

struct Writer<'a> {
    theme: &'a Theme,
    assets: &'a Assets,
    /// Images referred to, defined once at the top of the document.
    used: BTreeSet<usize>,
    problems: Vec<Finding>,
    /// The slide being written, for problems.
    slide: usize,
    /// The width of a slide's content, in ems of its text.
    content_em: f32,
}

/// A reference to image `i`, defined once in the document (`<use>` of an
/// SVG `<image>`): a logo on 300 slides is one copy, not 300.
fn image_use(i: usize, width: u32, height: u32, class: &str, alt: &str) -> String {
    format!(
        "<svg class=\"{class}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\"><use href=\"#asset-{i}\"/></svg>",
        escape(alt)
    )
}

impl Writer<'_> {
    fn spans(&self, spans: &[Span]) -> String {
        let mut out = String::new();
        for s in spans {
            let mut text = escape(&s.text).replace('\n', "<br>");
            if s.style.code {
                text = format!("<code>{text}</code>");
            }
            if s.style.strike {
                text = format!("<del>{text}</del>");
            }
            if s.style.italic {
                text = format!("<em>{text}</em>");
            }
            if s.style.bold {
                text = format!("<strong>{text}</strong>");
            }
            if let Some(signal) = s.style.signal {
                text = format!(
                    "<span class=\"signal {0}\" role=\"img\" aria-label=\"{0}\">{text}</span>",
                    signal.name()
                );
            }
            if let Some(href) = s.link.as_deref().and_then(safe_href) {
                text = format!(
                    "<a href=\"{href}\" target=\"_blank\" rel=\"noopener noreferrer\">{text}</a>"
                );
            }
            out.push_str(&text);
        }
        out
    }

    fn image(&mut self, src: &str, alt: &str) -> String {
        match self.assets.image(src) {
            Some((i, img)) => {
                self.used.insert(i);
                image_use(i, img.width, img.height, "image", alt)
            }
            // Refused or unreadable (reported when gathered): the alt text stands in.
            None => format!(
                "<p class=\"image-missing\"><em>[image: {}]</em></p>",
                escape(if alt.is_empty() { src } else { alt })
            ),
        }
    }

    fn blocks(&mut self, blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Heading { level, spans } => {
                    let l = (*level).clamp(1, 6);
                    let _ = write!(out, "<h{l}>{}</h{l}>", self.spans(spans));
                }
                Block::Paragraph(spans) => {
                    let _ = write!(out, "<p>{}</p>", self.spans(spans));
                }
                Block::List { start, items } => {
                    let tag = if start.is_some() { "ol" } else { "ul" };
                    match start {
                        Some(s) if *s != 1 => {
                            let _ = write!(out, "<ol start=\"{s}\">");
                        }
                        _ => {
                            let _ = write!(out, "<{tag}>");
                        }
                    }
                    for item in items {
                        out.push_str("<li>");
                        // A single paragraph is written bare, as Markdown does for tight lists.
                        match item.as_slice() {
                            [Block::Paragraph(spans), rest @ ..] => {
                                out.push_str(&self.spans(spans));
                                self.blocks(rest, out);
                            }
                            other => self.blocks(other, out),
                        }
                        out.push_str("</li>");
                    }
                    let _ = write!(out, "</{tag}>");
                }
                Block::Quote(inner) => {
                    out.push_str("<blockquote>");
                    self.blocks(inner, out);
                    out.push_str("</blockquote>");
                }
                Block::Table { aligns, head, rows } => {
                    let align = |c: usize| match aligns.get(c) {
                        Some(Align::Right) => " class=\"r\"",
                        Some(Align::Center) => " class=\"c\"",
                        _ => "",
                    };
                    let _ = write!(
                        out,
                        "<table{}><thead><tr>",
                        table_font(head, rows, self.content_em)
                    );
                    for (c, cell) in head.iter().enumerate() {
                        let _ = write!(out, "<th{}>{}</th>", align(c), self.spans(cell));
                    }
                    out.push_str("</tr></thead><tbody>");
                    for row in rows {
                        out.push_str("<tr>");
                        for (c, cell) in row.iter().enumerate() {
                            let _ = write!(out, "<td{}>{}</td>", align(c), self.spans(cell));
                        }
                        out.push_str("</tr>");
                    }
                    out.push_str("</tbody></table>");
                }
                Block::Chart(chart) => {
                    for line in &chart.skipped {
                        self.problems.push(problem(
                            &CHART_LINE_SKIPPED,
                            Some(self.slide),
                            format!(
                                "slide {}: chart line not understood, skipped: `{line}`",
                                self.slide
                            ),
                        ));
                    }
                    out.push_str(&svg::chart(chart, self.theme));
                }
                Block::Code { text, .. } => {
                    let _ = write!(out, "<pre><code>{}</code></pre>", escape(text));
                }
                Block::Image { src, alt } => {
                    let img = self.image(src, alt);
                    out.push_str(&img);
                }
                Block::Rule => out.push_str("<hr>"),
            }
        }
    }

    fn slide(&mut self, slide: &Slide, index: usize, total: usize) -> String {
        let mut classes = vec!["slide".to_string()];
        classes.extend(slide.classes.iter().map(|c| {
            c.chars()
                .filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-' || *ch == '_')
                .collect::<String>()
        }));
        let mut out = String::new();
        let label = slide
            .title()
            .unwrap_or_else(|| format!("Slide {}", index + 1));
        let _ = write!(
            out,
            "<section class=\"{}\" id=\"{n}\" data-n=\"{n}\" aria-label=\"{}\" aria-roledescription=\"slide\"{}>",
            classes.join(" "),
            escape(&label),
            if index == 0 { "" } else { " hidden" },
            n = index + 1
        );
        if let Some(h) = &slide.header {
            let _ = write!(out, "<header>{}</header>", escape(h));
        }
        out.push_str("<div class=\"content\">");
        self.blocks(&slide.blocks, &mut out);
        out.push_str("</div>");
        let footer = slide.footer.clone().or_else(|| self.theme.footer.clone());
        if footer.is_some() || slide.paginate {
            out.push_str("<footer>");
            if let Some(f) = footer {
                let _ = write!(out, "<span>{}</span>", escape(&f));
            }
            if slide.paginate {
                let _ = write!(
                    out,
                    "<span class=\"page\">{}<span class=\"of\"> / {total}</span></span>",
                    index + 1
                );
            }
            out.push_str("</footer>");
        }
        if !slide.notes.is_empty() {
            out.push_str("<aside class=\"notes\">");
            for n in &slide.notes {
                let _ = write!(out, "<p>{}</p>", escape(n));
            }
            out.push_str("</aside>");
        }
        out.push_str("</section>\n");
        out
    }
}

const SCRIPT: &str = include_str!("deck.js");
const STYLE: &str = include_str!("deck.css");

/// Renders a parsed deck as one HTML document, reading its images and the
/// theme's files as `opts` allows.
pub fn render(deck: &Deck, theme: &Theme, opts: &HtmlOptions) -> Result<HtmlOutput, HtmlError> {
    match Assets::gather(deck, theme, &opts.deck_files()) {
        Ok(assets) => render_with(deck, theme, &assets, opts),
        // A theme font that can't be read is left out of the HTML (the
        // browser falls back to Inter), with the reason.
        Err(e) => {
            let mut out = render_with(deck, theme, &Assets::default(), opts)?;
            out.problems.push(problem(
                &super::problems::IMAGE_UNREADABLE,
                None,
                e.to_string(),
            ));
            Ok(out)
        }
    }
}

/// Renders a parsed deck as one HTML document, with its files gathered.
pub fn render_with(
    deck: &Deck,
    theme: &Theme,
    assets: &Assets,
    _opts: &HtmlOptions,
) -> Result<HtmlOutput, HtmlError> {
    let (width, height) = match deck.front.size {
        SlideSize::Wide => (960, 540),
        SlideSize::Standard => (720, 540),
    };
    let mut w = Writer {
        theme,
        assets,
        used: BTreeSet::new(),
        problems: assets.problems.clone(),
        slide: 0,
        // deck.css: slides are set in 20 px with 56 px of padding each side.
        content_em: (width as f32 - 112.0) / 20.0,
    };
    for what in &deck.unsupported {
        w.problems.push(problem(
            &UNSUPPORTED_DIRECTIVE,
            None,
            format!("the deck uses {what}, which the HTML renderer ignores"),
        ));
    }
    let c = &theme.colors;
    let title = deck
        .front
        .title
        .clone()
        .or_else(|| deck.slides.first().and_then(Slide::title))
        .unwrap_or_else(|| "Deck".into());
    let logo = assets.logo().map(|(i, img)| {
        w.used.insert(i);
        image_use(i, img.width, img.height, "logo", "")
    });
    // A theme's own fonts travel inside the file.
    let mut font_faces = String::new();
    let faces = [
        ("normal", "normal"),
        ("bold", "normal"),
        ("normal", "italic"),
        ("bold", "italic"),
    ];
    for (file, (weight, style)) in assets.fonts.iter().zip(faces) {
        let Some(file) = file else { continue };
        let _ = writeln!(
            font_faces,
            "@font-face {{ font-family: \"Theme\"; font-weight: {weight}; font-style: {style}; src: url(data:font/sfnt;base64,{}); }}",
            base64(&file.bytes)
        );
    }
    if !font_faces.is_empty() {
        font_faces.push_str(".slide { font-family: \"Theme\", Inter, system-ui, sans-serif; }\n");
    }
    let mut html = String::with_capacity(64 * 1024);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"mvplan {version}\">\n<title>{title}</title>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = escape(&title),
    );
    if let Some(a) = &deck.front.author {
        let _ = writeln!(html, "<meta name=\"author\" content=\"{}\">", escape(a));
    }
    if let Some(d) = &deck.front.description {
        let _ = writeln!(
            html,
            "<meta name=\"description\" content=\"{}\">",
            escape(d)
        );
    }
    let _ = write!(
        html,
        "<style>\n:root {{ --w: {width}px; --h: {height}px; --primary: {}; --accent: {}; --text: {}; --muted: {}; --bg: {}; --surface: {}; --on-primary: {}; }}\n@page {{ size: {}in 5.625in; margin: 0; }}\n{STYLE}{font_faces}</style>\n</head>\n<body>\n<main class=\"deck\" aria-live=\"polite\">\n",
        c.primary.hex(),
        c.accent.hex(),
        c.text.hex(),
        c.muted.hex(),
        c.background.hex(),
        c.surface.hex(),
        c.on_primary.hex(),
        // 96 CSS pixels to the inch.
        if width == 960 { "10" } else { "7.5" },
    );
    let total = deck.slides.len();
    let mut slides = String::new();
    for (i, slide) in deck.slides.iter().enumerate() {
        w.slide = slide.number;
        let mut s = w.slide(slide, i, total);
        if let Some(l) = &logo {
            s = s.replacen(
                "<div class=\"content\">",
                &format!("{l}<div class=\"content\">"),
                1,
            );
        }
        slides.push_str(&s);
        if slides.len() > MAX_HTML_BYTES {
            return Err(HtmlError::TooLarge);
        }
    }
    // Each image once, referred to by every slide that shows it.
    if !w.used.is_empty() {
        html.push_str("<svg class=\"assets\" aria-hidden=\"true\" width=\"0\" height=\"0\"><defs>");
        for i in &w.used {
            let img = &assets.images[*i];
            let _ = write!(
                html,
                "<image id=\"asset-{i}\" width=\"{}\" height=\"{}\" href=\"data:{};base64,{}\"/>",
                img.width,
                img.height,
                img.format.mime(),
                base64(&img.bytes)
            );
            if html.len() > MAX_HTML_BYTES {
                return Err(HtmlError::TooLarge);
            }
        }
        html.push_str("</defs></svg>\n");
    }
    html.push_str(&slides);
    let _ = write!(
        html,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    if html.len() > MAX_HTML_BYTES {
        return Err(HtmlError::TooLarge);
    }
    Ok(HtmlOutput {
        html,
        problems: w.problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_safe_links() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(
            safe_href("https://x.example/?a=1&b=2").as_deref(),
            Some("https://x.example/?a=1&amp;b=2")
        );
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
