//! Page furniture: what sits around a slide's content on every page — the
//! logo, the header, the footer and the page number. Headers and footers are
//! fitted (shrunk, wrapped, cut with "…") once per deck, never drawn off
//! the page.

use super::compose::{Composer, FOOTER_SIZE, MARGIN_X, PAGE_H, Page};
use super::fonts::Face;
use super::layout::{self, Prim};
use crate::render::problems::{FOOTER_CUT, problem};
use crate::theme::Rgb;

impl Composer<'_> {
    /// The theme's logo in the top right corner, larger on title slides.
    pub(super) fn logo(&mut self, page: &mut Page, large: bool) {
        let Some((image, data)) = self.assets.logo() else {
            return;
        };
        let h = if large { 56.0 } else { 26.0 };
        let w = h * 4.0;
        let (iw, ih) = (data.width.max(1) as f32, data.height.max(1) as f32);
        let k = (w / iw).min(h / ih);
        page.prims.push(Prim::Image {
            x: self.width - MARGIN_X - w,
            y: 20.0,
            w: iw * k,
            h: ih * k,
            image,
        });
    }

    pub(super) fn text_line(
        &mut self,
        page: &mut Page,
        text: &str,
        (x, baseline): (f32, f32),
        size: f32,
        face: Face,
        c: Rgb,
    ) {
        let run = layout::Run {
            text: text.to_string(),
            face,
            size,
            color: c,
            x: 0.0,
            width: self.fonts.width(face, size, text),
            link: None,
            strike: false,
            code: false,
        };
        for ch in self.fonts.missing(face, text) {
            self.missing.insert(ch);
        }
        self.place(
            &Prim::Text {
                x,
                y: baseline,
                run,
            },
            0.0,
            0.0,
            page,
            1.0,
        );
    }

    /// Footer text (shrunk to fit, down to 7 pt) and the page number.
    pub(super) fn footer(
        &mut self,
        page: &mut Page,
        text: Option<&str>,
        number: Option<usize>,
        c: Rgb,
    ) {
        let baseline = PAGE_H - 18.0;
        let mut room = self.width - 2.0 * MARGIN_X;
        if let Some(n) = number {
            let label = n.to_string();
            let w = self.fonts.width(Face::Regular, FOOTER_SIZE, &label);
            self.text_line(
                page,
                &label,
                (self.width - MARGIN_X - w, baseline),
                FOOTER_SIZE,
                Face::Regular,
                c,
            );
            // The same room on every page, whatever the number's width, so
            // that a footer is fitted (and warned about) once.
            let widest = self.fonts.width(Face::Regular, FOOTER_SIZE, "8888");
            room -= w.max(widest) + 24.0;
        }
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            // Fitted once per footer text and room, not once per page: a
            // long footer on thousands of pages would otherwise cost
            // pages × length.
            let (size, lines) = self.fit_line(text, room, 2, "footer");
            let top = baseline - size * 1.2 * (lines.len() as f32 - 1.0);
            for (i, line) in lines.iter().enumerate() {
                let y = top + size * 1.2 * i as f32;
                self.text_line(page, line, (MARGIN_X, y), size, Face::Regular, c);
            }
        }
    }

    /// A footer's or header's size and lines (`max_lines` 2 or 1): shrunk
    /// down to 7 pt, then wrapped, and what still doesn't fit is cut with
    /// "…" (with a warning, once per text and room).
    pub(super) fn fit_line(
        &mut self,
        text: &str,
        room: f32,
        max_lines: usize,
        what: &str,
    ) -> (f32, Vec<String>) {
        let key = (text.to_string(), room.to_bits(), max_lines);
        if let Some(fit) = self.fitted.get(&key) {
            return fit.clone();
        }
        let fit = self.fit_text(text, room, max_lines, what);
        self.fitted.insert(key, fit.clone());
        fit
    }

    fn fit_text(
        &mut self,
        text: &str,
        room: f32,
        max_lines: usize,
        what: &str,
    ) -> (f32, Vec<String>) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut size = FOOTER_SIZE;
        while size > 7.0 && self.fonts.width(Face::Regular, size, &text) > room {
            size -= 0.5;
        }
        if self.fonts.width(Face::Regular, size, &text) <= room {
            return (size, vec![text]);
        }
        // Too long even at 7 pt: a second line if allowed, and what still
        // doesn't fit is cut with "…" — reported once.
        let (lines, shown) = if max_lines < 2 {
            let first = self.fitting_prefix(&text, size, room, true);
            (vec![format!("{}…", first.trim_end())], "it is cut short")
        } else {
            let first = self.fitting_prefix(&text, size, room, false);
            let rest = text[first.len()..].trim_start();
            let second = self.fitting_prefix(rest, size, room, true);
            let mut lines = vec![first.trim_end().to_string()];
            let cut = second.len() < rest.len();
            if cut {
                lines.push(format!("{}…", second.trim_end()));
            } else if !second.is_empty() {
                lines.push(second.to_string());
            }
            (
                lines,
                if cut {
                    "it is cut short"
                } else {
                    "it is drawn on two"
                },
            )
        };
        let preview: String = text.chars().take(60).collect();
        self.problems.push(
            problem(
                &FOOTER_CUT,
                None,
                format!("the {what} `{preview}…` is too long for one line at 7 pt; {shown}"),
            )
            .help(format!(
                "shorten the deck's `{what}:` (or the theme's `footer`)"
            )),
        );
        (size, lines)
    }

    /// The longest start of `text` (ending at a space when there is one)
    /// that fits `room`, leaving space for "…" if `ellipsis`.
    fn fitting_prefix<'t>(&self, text: &'t str, size: f32, room: f32, ellipsis: bool) -> &'t str {
        let room = if ellipsis {
            room - self.fonts.width(Face::Regular, size, "…")
        } else {
            room
        };
        let mut end = 0;
        let mut width = 0.0;
        for (i, ch) in text.char_indices() {
            let mut buf = [0u8; 4];
            width += self
                .fonts
                .width(Face::Regular, size, ch.encode_utf8(&mut buf));
            if width > room {
                break;
            }
            end = i + ch.len_utf8();
        }
        if end >= text.len() {
            return text;
        }
        match text[..end].rfind(' ') {
            Some(space) if space > 0 => &text[..space],
            _ => &text[..end],
        }
    }
}
