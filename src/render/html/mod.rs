//! The Markdown deck → one self-contained HTML file: CSS and script inline,
//! charts as inline SVG, images as data URIs — nothing is fetched from a
//! network. Keyboard and click navigation, the slide number in the URL hash,
//! a print stylesheet (one slide per page), and speaker notes on request.
//!
//! Every piece of text is HTML-escaped here, and links keep only `http`,
//! `https`, `mailto` and in-page targets: nothing from a plan or a deck
//! becomes live markup or script.

mod svg;

use std::fmt::Write;
use std::path::PathBuf;

use super::markdown::{Align, Block, Deck, Slide, SlideSize, Span};
use crate::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// Where images named by the deck are looked up (the deck's directory).
    pub base_dir: Option<PathBuf>,
    /// Let images come from outside `base_dir`.
    pub allow_outside_images: bool,
}

#[derive(Debug)]
pub struct HtmlOutput {
    pub html: String,
    pub warnings: Vec<String>,
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

struct Writer<'a> {
    theme: &'a Theme,
    opts: &'a HtmlOptions,
    warnings: Vec<String>,
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
        let fallback = format!(
            "<p class=\"image-missing\"><em>[image: {}]</em></p>",
            escape(if alt.is_empty() { src } else { alt })
        );
        if src.contains("://") {
            self.warnings.push(format!(
                "image `{src}` is not a local file; remote images are not fetched"
            ));
            return fallback;
        }
        let base = match &self.opts.base_dir {
            Some(b) if !b.as_os_str().is_empty() => b.clone(),
            _ => PathBuf::from("."),
        };
        let path = base.join(src);
        let inside = matches!((path.canonicalize(), base.canonicalize()), (Ok(p), Ok(b)) if p.starts_with(&b));
        if !inside && !self.opts.allow_outside_images {
            self.warnings.push(format!(
                "image `{src}` is outside the deck's directory (or missing); it was left out"
            ));
            return fallback;
        }
        let mime = match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => "image/png",
            Some("jpg" | "jpeg") => "image/jpeg",
            _ => {
                self.warnings.push(format!(
                    "image `{src}` is not a PNG or JPEG; it was left out"
                ));
                return fallback;
            }
        };
        match crate::source::read_limited(&path, crate::source::MAX_ASSET_BYTES) {
            Ok(bytes) => format!(
                "<img src=\"data:{mime};base64,{}\" alt=\"{}\">",
                base64(&bytes),
                escape(alt)
            ),
            Err(e) => {
                self.warnings
                    .push(format!("cannot read image `{src}`: {e}"));
                fallback
            }
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
                    out.push_str("<table><thead><tr>");
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
                        self.warnings
                            .push(format!("chart line not understood, skipped: `{line}`"));
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

/// Renders a parsed deck as one HTML document.
pub fn render(deck: &Deck, theme: &Theme, opts: &HtmlOptions) -> HtmlOutput {
    let mut w = Writer {
        theme,
        opts,
        warnings: Vec::new(),
    };
    for what in &deck.unsupported {
        w.warnings.push(format!(
            "the deck uses {what}, which the HTML renderer ignores"
        ));
    }
    let (width, height) = match deck.front.size {
        SlideSize::Wide => (960, 540),
        SlideSize::Standard => (720, 540),
    };
    let c = &theme.colors;
    let title = deck
        .front
        .title
        .clone()
        .or_else(|| deck.slides.first().and_then(Slide::title))
        .unwrap_or_else(|| "Deck".into());
    let logo = theme.logo.as_ref().and_then(|p| {
        let path = theme.resolve(p);
        let bytes = crate::source::read_limited(&path, crate::source::MAX_ASSET_BYTES).ok()?;
        let mime = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"))
        {
            "image/png"
        } else {
            "image/jpeg"
        };
        Some(format!(
            "<img class=\"logo\" src=\"data:{mime};base64,{}\" alt=\"\">",
            base64(&bytes)
        ))
    });
    // A theme's own fonts travel inside the file.
    let mut font_faces = String::new();
    let faces = [
        (&theme.fonts.regular, "normal", "normal"),
        (&theme.fonts.bold, "bold", "normal"),
        (&theme.fonts.italic, "normal", "italic"),
        (&theme.fonts.bold_italic, "bold", "italic"),
    ];
    for (path, weight, style) in faces {
        let Some(p) = path else { continue };
        let path = theme.resolve(p);
        match crate::source::read_limited(&path, crate::source::MAX_ASSET_BYTES) {
            Ok(bytes) => {
                let _ = writeln!(
                    font_faces,
                    "@font-face {{ font-family: \"Theme\"; font-weight: {weight}; font-style: {style}; src: url(data:font/sfnt;base64,{}); }}",
                    base64(&bytes)
                );
            }
            Err(e) => w
                .warnings
                .push(format!("cannot read theme font `{}`: {e}", path.display())),
        }
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
    for (i, slide) in deck.slides.iter().enumerate() {
        let mut s = w.slide(slide, i, total);
        if let Some(l) = &logo {
            s = s.replacen(
                "<div class=\"content\">",
                &format!("{l}<div class=\"content\">"),
                1,
            );
        }
        html.push_str(&s);
    }
    let _ = write!(
        html,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    HtmlOutput {
        html,
        warnings: w.warnings,
    }
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
