//! The Markdown deck → slides: front matter, Marp directives, speaker notes
//! and the block structure of each slide, parsed with pulldown-cmark.
//!
//! Renderers read this model, never the plan: a deck written by hand (or by a
//! Marp user) renders the same way as one mvplan generated.

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};

use super::chart::{Chart, ChartKind};

mod directives;
mod model;

use directives::{directives, plain_text, truthy, unquote};
pub use model::*;

/// Slide state carried from one slide to the next (non-underscore directives).
#[derive(Clone)]
struct Carry {
    classes: Vec<String>,
    paginate: bool,
    header: Option<String>,
    footer: Option<String>,
}

struct Builder {
    deck: Deck,
    carry: Carry,
    slide: Slide,
    /// Open containers: blocks being filled.
    stack: Vec<Frame>,
    spans: Vec<Span>,
    style: Style,
    link: Option<String>,
    code: Option<(String, String)>,
    image: Option<(String, String)>,
    table: Option<TableBuild>,
}

enum Frame {
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Quote(Vec<Block>),
}

struct TableBuild {
    aligns: Vec<Align>,
    head: Vec<Vec<Span>>,
    rows: Vec<Vec<Vec<Span>>>,
    row: Vec<Vec<Span>>,
    in_head: bool,
}

impl Builder {
    fn new_slide(carry: &Carry, number: usize) -> Slide {
        Slide {
            number,
            classes: carry.classes.clone(),
            paginate: carry.paginate,
            header: carry.header.clone(),
            footer: carry.footer.clone(),
            notes: Vec::new(),
            blocks: Vec::new(),
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Item(blocks) | Frame::Quote(blocks)) => blocks.push(block),
            Some(Frame::List { items, .. }) => items.push(vec![block]),
            None => self.slide.blocks.push(block),
        }
    }

    fn take_spans(&mut self) -> Vec<Span> {
        let spans = std::mem::take(&mut self.spans);
        // Merge neighbours of one style; trim the ends.
        let mut out: Vec<Span> = Vec::new();
        for s in spans {
            match out.last_mut() {
                Some(last) if last.style == s.style && last.link == s.link => {
                    last.text.push_str(&s.text)
                }
                _ => out.push(s),
            }
        }
        if let Some(first) = out.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = out.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        out.retain(|s| !s.text.is_empty());
        out
    }

    fn text(&mut self, text: &str) {
        if let Some((_, body)) = &mut self.code {
            body.push_str(text);
        } else if let Some((_, alt)) = &mut self.image {
            alt.push_str(text);
        } else {
            // A status dot (`● Red …`) at the start of a text: the dot
            // becomes its own span, coloured.
            let signal = [
                ("● Red", Signal::Red),
                ("● Amber", Signal::Amber),
                ("● Green", Signal::Green),
            ]
            .into_iter()
            .find(|(prefix, _)| text.starts_with(prefix));
            let text = match signal {
                Some((_, signal)) => {
                    self.spans.push(Span {
                        text: "●".to_string(),
                        style: Style {
                            signal: Some(signal),
                            ..self.style
                        },
                        link: None,
                    });
                    &text["●".len()..]
                }
                None => text,
            };
            self.spans.push(Span {
                text: text.to_string(),
                style: self.style,
                link: self.link.clone(),
            });
        }
    }

    fn finish_slide(&mut self) {
        let next_number = self.slide.number + 1;
        let slide = std::mem::replace(
            &mut self.slide,
            Builder::new_slide(&self.carry, next_number),
        );
        self.deck.slides.push(slide);
    }

    fn html(&mut self, html: &str) {
        let trimmed = html.trim();
        // Comments: directives or speaker notes. Several may share a block.
        let mut rest = trimmed;
        while let Some(start) = rest.find("<!--") {
            let after = &rest[start + 4..];
            let end = after.find("-->").unwrap_or(after.len());
            let body = &after[..end];
            match directives(body) {
                Some(list) => {
                    for (k, v) in list {
                        self.directive(&k, &v);
                    }
                }
                None => {
                    let note = body.trim();
                    if !note.is_empty() {
                        self.slide.notes.push(note.to_string());
                    }
                }
            }
            rest = after.get(end + 3..).unwrap_or("");
        }
        if trimmed.eq_ignore_ascii_case("<br>")
            || trimmed.eq_ignore_ascii_case("<br/>")
            || trimmed.eq_ignore_ascii_case("<br />")
        {
            self.text("\n");
        }
    }

    fn directive(&mut self, key: &str, value: &str) {
        let local = key.starts_with('_');
        let name = key.trim_start_matches('_');
        match name {
            "class" => {
                let classes: Vec<String> = value.split_whitespace().map(str::to_string).collect();
                if !local {
                    self.carry.classes = classes.clone();
                }
                self.slide.classes = classes;
            }
            "paginate" => {
                if !local {
                    self.carry.paginate = truthy(value);
                }
                self.slide.paginate = truthy(value);
            }
            "header" | "footer" => {
                let v = (!value.is_empty()).then(|| plain_text(value));
                if name == "header" {
                    if !local {
                        self.carry.header = v.clone();
                    }
                    self.slide.header = v;
                } else {
                    if !local {
                        self.carry.footer = v.clone();
                    }
                    self.slide.footer = v;
                }
            }
            "theme" | "size" | "title" | "author" | "description" | "marp" | "lang"
            | "keywords" | "url" | "image" => {}
            other => {
                let what = format!("the `{other}` directive");
                if !self.deck.unsupported.contains(&what) {
                    self.deck.unsupported.push(what);
                }
            }
        }
    }

    fn front_matter(&mut self, yaml: &str) {
        for line in yaml.lines() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            if line.starts_with(' ') || line.starts_with('\t') {
                // A block value (`style: |`): not supported.
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim(), unquote(value));
            let f = &mut self.deck.front;
            match key {
                "title" => f.title = Some(value),
                "author" => f.author = Some(value),
                "description" => f.description = Some(value),
                "theme" => f.theme = Some(value),
                "size" => {
                    f.size = if value.trim() == "4:3" {
                        SlideSize::Standard
                    } else {
                        SlideSize::Wide
                    };
                    if !matches!(value.trim(), "4:3" | "16:9") {
                        self.deck
                            .unsupported
                            .push(format!("slide size `{value}` (16:9 is used)"));
                    }
                }
                "paginate" => f.paginate = truthy(&value),
                "header" => f.header = Some(plain_text(&value)),
                "footer" => f.footer = Some(plain_text(&value)),
                "class" => f.class = value.split_whitespace().map(str::to_string).collect(),
                "marp" | "lang" | "keywords" | "url" | "image" => {}
                other => {
                    let what = if other == "style" {
                        "custom CSS (`style`)".to_string()
                    } else {
                        format!("the `{other}` setting")
                    };
                    self.deck.unsupported.push(what);
                }
            }
        }
        self.carry = Carry {
            classes: self.deck.front.class.clone(),
            paginate: self.deck.front.paginate,
            header: self.deck.front.header.clone(),
            footer: self.deck.front.footer.clone(),
        };
        self.slide = Builder::new_slide(&self.carry, 1);
    }
}

/// Parses a Markdown deck.
pub fn parse(markdown: &str) -> Deck {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut b = Builder::new(markdown);
    let mut in_metadata = false;
    let mut metadata = String::new();
    // pulldown-cmark hands an HTML block over line by line, and an inline
    // comment over several lines in pieces: a comment is read whole (a
    // speaker note or a directive written over lines).
    let mut html_block: Option<String> = None;
    let mut inline_comment: Option<String> = None;
    // Containers (lists, items, quotes) opened past the nesting limit, not
    // pushed: their content goes to the deepest level kept.
    let mut skipped = 0usize;
    // A byte-order mark would hide the front matter's opening `---`.
    let markdown = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    for event in Parser::new_ext(markdown, options) {
        if b.flattened(&event, &mut skipped) || b.comment_piece(&event, &mut inline_comment) {
            continue;
        }
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(h) = html_block.take() {
                    b.html(&h);
                }
            }
            Event::Html(h) if html_block.is_some() => {
                if let Some(buf) = &mut html_block {
                    buf.push_str(&h);
                }
            }
            Event::InlineHtml(h) if opens_comment(&h) => inline_comment = Some(h.to_string()),
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => {
                in_metadata = false;
                b.front_matter(&std::mem::take(&mut metadata));
            }
            Event::Text(t) if in_metadata => metadata.push_str(&t),
            other => b.event(other),
        }
    }
    b.finish_slide();
    // A deck that ends with `---` has no empty last slide.
    if b.deck.slides.len() > 1
        && b.deck
            .slides
            .last()
            .is_some_and(|s| s.blocks.is_empty() && s.notes.is_empty())
    {
        b.deck.slides.pop();
    }
    b.deck
}

/// The reading of a deck's events once `parse` has dealt with its own
/// state (HTML blocks, comments, front matter).
impl Builder {
    fn new(markdown: &str) -> Builder {
        let carry = Carry {
            classes: Vec::new(),
            paginate: false,
            header: None,
            footer: None,
        };
        Builder {
            deck: Deck {
                front: FrontMatter::default(),
                slides: Vec::new(),
                unsupported: Vec::new(),
                flattened: Vec::new(),
                fingerprint: fnv1a(markdown.as_bytes()),
            },
            slide: Builder::new_slide(&carry, 1),
            carry,
            stack: Vec::new(),
            spans: Vec::new(),
            style: Style::default(),
            link: None,
            code: None,
            image: None,
            table: None,
        }
    }

    /// An event inside a container opened past the nesting limit: counted,
    /// and its content kept at the deepest level kept. `true` when the
    /// event is dealt with.
    fn flattened(&mut self, event: &Event<'_>, skipped: &mut usize) -> bool {
        let container = matches!(
            event,
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_))
        );
        if container && (*skipped > 0 || self.stack.len() >= 2 * MAX_NESTING) {
            *skipped += 1;
            let number = self.slide.number;
            if self.deck.flattened.last() != Some(&number) {
                self.deck.flattened.push(number);
            }
            return true;
        }
        if *skipped > 0
            && matches!(
                event,
                Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_))
            )
        {
            *skipped -= 1;
            // Keep the text of a flattened item apart from the next one.
            if !self.spans.is_empty() {
                self.text(" ");
            }
            return true;
        }
        false
    }

    /// A piece of an inline comment written over several lines: gathered
    /// until it closes, then read whole. `true` when the event is dealt
    /// with.
    fn comment_piece(&mut self, event: &Event<'_>, inline_comment: &mut Option<String>) -> bool {
        if let Some(buf) = inline_comment {
            match event {
                Event::InlineHtml(t) | Event::Text(t) | Event::Code(t) => {
                    buf.push_str(t);
                    if t.contains("-->") {
                        let whole = std::mem::take(buf);
                        *inline_comment = None;
                        self.html(&whole);
                    }
                    return true;
                }
                Event::SoftBreak | Event::HardBreak => {
                    buf.push('\n');
                    return true;
                }
                // Never closed within its paragraph: what was read is the
                // comment (as a browser would hide it).
                _ => {
                    let whole = std::mem::take(buf);
                    *inline_comment = None;
                    self.html(&whole);
                }
            }
        }
        false
    }

    /// One event of the deck's structure or text.
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Rule if self.stack.is_empty() => self.finish_slide(),
            Event::Rule => self.push_block(Block::Rule),
            Event::Start(Tag::Heading { .. } | Tag::Paragraph) => self.spans.clear(),
            Event::End(TagEnd::Heading(level)) => {
                let spans = self.take_spans();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.push_block(Block::Heading { level, spans });
            }
            Event::End(TagEnd::Paragraph) => {
                let spans = self.take_spans();
                if !spans.is_empty() {
                    self.push_block(Block::Paragraph(spans));
                }
            }
            Event::Start(Tag::List(start)) => {
                // Text of a tight item before its nested list is the item's paragraph.
                let pending = self.take_spans();
                if !pending.is_empty() {
                    self.push_block(Block::Paragraph(pending));
                }
                self.stack.push(Frame::List {
                    start,
                    items: Vec::new(),
                });
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(Frame::List { start, items }) = self.stack.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            Event::Start(Tag::Item) => self.stack.push(Frame::Item(Vec::new())),
            Event::End(TagEnd::Item) => {
                // Tight lists put text straight in the item, with no paragraph.
                let loose = self.take_spans();
                if let Some(Frame::Item(mut blocks)) = self.stack.pop() {
                    if !loose.is_empty() {
                        blocks.push(Block::Paragraph(loose));
                    }
                    if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                        items.push(blocks);
                    }
                }
            }
            Event::Start(Tag::BlockQuote(_)) => self.stack.push(Frame::Quote(Vec::new())),
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(Frame::Quote(blocks)) = self.stack.pop() {
                    self.push_block(Block::Quote(blocks));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = self.code.take() {
                    let mut words = lang.split_whitespace();
                    let block = match (words.next(), words.next().and_then(ChartKind::parse)) {
                        (Some("chart"), Some(kind)) => Block::Chart(Chart::parse(kind, &text)),
                        _ => Block::Code { lang, text },
                    };
                    self.push_block(block);
                }
            }
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableCell)
            | Event::End(
                TagEnd::TableHead | TagEnd::TableCell | TagEnd::TableRow | TagEnd::Table,
            ) => self.table_event(event),
            Event::Start(Tag::Emphasis) => self.style.italic = true,
            Event::End(TagEnd::Emphasis) => self.style.italic = false,
            Event::Start(Tag::Strong) => self.style.bold = true,
            Event::End(TagEnd::Strong) => self.style.bold = false,
            Event::Start(Tag::Strikethrough) => self.style.strike = true,
            Event::End(TagEnd::Strikethrough) => self.style.strike = false,
            Event::Start(Tag::Link { dest_url, .. }) => self.link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => self.link = None,
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image = Some((dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, alt)) = self.image.take() {
                    // An image alone in a paragraph becomes a block.
                    self.push_block(Block::Image { src, alt });
                }
            }
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                let saved = self.style;
                self.style.code = true;
                self.text(&t);
                self.style = saved;
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
            Event::InlineMath(m) | Event::DisplayMath(m) => self.text(&m),
            Event::FootnoteReference(f) => self.text(&format!("[{f}]")),
            _ => {}
        }
    }

    /// An event of a table: its alignments, head, cells and rows.
    fn table_event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::Table(aligns)) => {
                self.table = Some(TableBuild {
                    aligns: aligns
                        .iter()
                        .map(|a| match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            _ => Align::Left,
                        })
                        .collect(),
                    head: Vec::new(),
                    rows: Vec::new(),
                    row: Vec::new(),
                    in_head: false,
                });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = &mut self.table {
                    t.head = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            Event::Start(Tag::TableCell) => self.spans.clear(),
            Event::End(TagEnd::TableCell) => {
                let spans = self.take_spans();
                if let Some(t) = &mut self.table {
                    t.row.push(spans);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = &mut self.table
                    && !t.in_head
                {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table {
                        aligns: t.aligns,
                        head: t.head,
                        rows: t.rows,
                    });
                }
            }
            _ => {}
        }
    }
}

/// Whether inline HTML opens a comment it does not close.
fn opens_comment(h: &str) -> bool {
    h.rfind("<!--")
        .is_some_and(|at| !h[at + 4..].contains("-->"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_slides_and_reads_directives() {
        let md = "---\nmarp: true\npaginate: true\nfooter: \"Acme · Plan\"\nstyle: |\n  section { color: red }\n---\n\n<!-- _class: title lead -->\n<!-- _paginate: false -->\n\n# Title\n\n---\n\n# Second\n\n- a\n- **b** [link](https://x.example)\n  1. nested\n\n<!-- Say this out loud. -->\n";
        let deck = parse(md);
        assert_eq!(deck.slides.len(), 2);
        assert_eq!(deck.front.footer.as_deref(), Some("Acme · Plan"));

        assert!(deck.unsupported.iter().any(|u| u.contains("CSS")));
        let s1 = &deck.slides[0];
        assert_eq!(s1.classes, ["title", "lead"]);
        assert!(!s1.paginate);
        assert_eq!(s1.title().as_deref(), Some("Title"));
        let s2 = &deck.slides[1];
        assert!(s2.paginate && s2.classes.is_empty());
        assert_eq!(s2.notes, ["Say this out loud."]);
        let Block::List { items, .. } = &s2.blocks[1] else {
            panic!("{:?}", s2.blocks)
        };
        assert_eq!(items.len(), 2);
        let Block::Paragraph(spans) = &items[1][0] else {
            panic!()
        };
        assert!(spans[0].style.bold);
        assert_eq!(
            spans.last().unwrap().link.as_deref(),
            Some("https://x.example")
        );
        assert!(matches!(items[1][1], Block::List { start: Some(1), .. }));
    }

    #[test]
    fn comments_over_several_lines_are_notes_and_directives() {
        let md = "# One\n\n<!--\nSay this first,\nthen this.\n-->\n\n---\n\n<!--\n_class: section\n_paginate: false\n-->\n\n# Two\n\nText <!-- an inline\nnote --> after.\n";
        let deck = parse(md);
        assert_eq!(deck.slides[0].notes, ["Say this first,\nthen this."]);
        assert_eq!(deck.slides[1].classes, ["section"]);
        assert!(!deck.slides[1].paginate);
        assert_eq!(deck.slides[1].notes, ["an inline\nnote"]);
        let Block::Paragraph(spans) = &deck.slides[1].blocks[1] else {
            panic!("{:?}", deck.slides[1].blocks)
        };
        assert_eq!(plain(spans), "Text  after.");
    }

    #[test]
    fn footers_are_plain_text() {
        // Escapes for Marp are undone: footers are drawn as plain text.
        let deck = parse("---\nfooter: \"AT\\\\&T · R\\\\&D\\\\_Ops · **Q1**\"\n---\n\n# A\n");
        assert_eq!(deck.front.footer.as_deref(), Some("AT&T · R&D_Ops · Q1"));
        let deck = parse("---\nheader: Plain\n---\n\n<!-- footer: \"a \\\\| b\" -->\n# A\n");
        assert_eq!(deck.slides[0].footer.as_deref(), Some("a | b"));
    }

    #[test]
    fn tables_charts_and_escapes() {
        let md =
            "# T\n\n| A | B |\n|---|--:|\n| x \\| y | 1 |\n\n```chart bar\n# title: C\nA: 1\n```\n";
        let deck = parse(md);
        let blocks = &deck.slides[0].blocks;
        let Block::Table { aligns, head, rows } = &blocks[1] else {
            panic!()
        };
        assert_eq!(aligns, &[Align::Left, Align::Right]);
        assert_eq!(plain(&head[0]), "A");
        assert_eq!(plain(&rows[0][0]), "x | y");
        let Block::Chart(c) = &blocks[2] else {
            panic!()
        };
        assert_eq!(c.title.as_deref(), Some("C"));
    }
}
