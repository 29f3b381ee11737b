//! The parsed deck: what every renderer reads.

use super::super::chart::Chart;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlideSize {
    /// 16:9, 960 × 540 pt.
    Wide,
    /// 4:3, 720 × 540 pt.
    Standard,
}

/// What the front matter says.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    pub theme: Option<String>,
    pub size: SlideSize,
    pub paginate: bool,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub class: Vec<String>,
}

impl Default for FrontMatter {
    fn default() -> Self {
        FrontMatter {
            title: None,
            author: None,
            description: None,
            theme: None,
            size: SlideSize::Wide,
            paginate: false,
            header: None,
            footer: None,
            class: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strike: bool,
    /// A status dot: `● Red`, `● Amber` or `● Green` at the start of a text
    /// makes the dot that colour in every format (docs/charts.md).
    pub signal: Option<Signal>,
}

/// The colour of a status dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Red,
    Amber,
    Green,
}

impl Signal {
    /// The dot's colour, the same in every theme (status colours are not
    /// decoration).
    pub fn rgb(self) -> crate::theme::Rgb {
        match self {
            Signal::Red => crate::theme::Rgb(0xC6, 0x28, 0x28),
            Signal::Amber => crate::theme::Rgb(0xE0, 0x8E, 0x00),
            Signal::Green => crate::theme::Rgb(0x2E, 0x7D, 0x32),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Signal::Red => "red",
            Signal::Amber => "amber",
            Signal::Green => "green",
        }
    }
}

/// A run of inline text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    pub link: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
    },
    Chart(Chart),
    Code {
        lang: String,
        text: String,
    },
    Image {
        src: String,
        alt: String,
    },
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    /// 1-based position in the Markdown.
    pub number: usize,
    pub classes: Vec<String>,
    pub paginate: bool,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub notes: Vec<String>,
    pub blocks: Vec<Block>,
}

impl Slide {
    pub fn has_class(&self, c: &str) -> bool {
        self.classes.iter().any(|x| x == c)
    }

    /// The first heading's text: the slide's title.
    pub fn title(&self) -> Option<String> {
        self.blocks.iter().find_map(|b| match b {
            Block::Heading { spans, .. } => Some(plain(spans)),
            _ => None,
        })
    }
}

pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub front: FrontMatter,
    pub slides: Vec<Slide>,
    /// Things the deck asks for that the renderers don't do (custom CSS,
    /// background images, …), for a note.
    pub unsupported: Vec<String>,
    /// Slides whose lists or quotes nest deeper than [`MAX_NESTING`]: the
    /// deeper levels were flattened into the last one.
    pub flattened: Vec<usize>,
    /// FNV-1a of the Markdown text: the same deck, the same fingerprint
    /// (for the PDF's document id), without walking the slides again.
    pub fingerprint: u64,
}

/// FNV-1a, 64 bits: stable across runs and platforms.
pub fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Lists and quotes nest at most this deep. Renderers walk blocks
/// recursively; a few KB of `>>>>…` must not exhaust their stack.
pub const MAX_NESTING: usize = 16;
