//! What a renderer can find wrong with a deck, as rules in the catalogue.
//!
//! Renderer problems are [`Finding`]s like the checker's: a rule id, a
//! severity, the slide they concern, a message and a help. So one reporter
//! prints them (human or JSON), `mvplan explain slide-continued` explains
//! them, and docs/rules.md lists them.

use crate::diagnostic::{Finding, Rule, Severity};

const FAMILY: &str = "rendering";

pub const SLIDE_SHRUNK: Rule = Rule {
    id: "slide-shrunk",
    severity: Severity::Note,
    family: FAMILY,
    summary: "a slide's text was set smaller so that it fits on one slide",
    explanation: "The renderers fit each slide to its page: when the content is taller than \
the page, the text is set smaller, down to a legible floor (14 pt body text on a 16:9 slide), \
before anything moves to another slide. The slide is still one slide, but it is dense; \
consider splitting it with `---` or moving detail to the speaker notes. Shown with `--verbose`.",
    configurable: false,
};

pub const SLIDE_CONTINUED: Rule = Rule {
    id: "slide-continued",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a slide did not fit even at the smallest text size and continues on more slides",
    explanation: "Nothing is ever cut off: a slide whose content does not fit at the smallest \
legible size continues on \"(cont.)\" slides, split between lines, list items or table rows \
(a table's header is repeated). The deck is complete, but a slide that needs continuing is \
usually a slide that says too much. Split it with `---`, shorten the table (a template can \
show the top rows and a total), or move detail to the speaker notes.",
    configurable: false,
};

pub const SLIDE_OVERFLOW: Rule = Rule {
    id: "slide-overflow",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "something was drawn outside its page",
    explanation: "Every text box is checked against the page after layout. The layout is \
meant to make this impossible (text shrinks, wraps, breaks long words and continues on more \
slides), so this finding is a bug in mvplan: please report it with the deck that causes it.",
    configurable: false,
};

pub const MISSING_GLYPH: Rule = Rule {
    id: "missing-glyph",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "the font has no glyph for a character; it is drawn as `?`",
    explanation: "The PDF embeds its fonts, so a character the font cannot draw would be an \
empty box; mvplan draws `?` instead and names the characters. The built-in Inter covers \
Latin, Greek, Cyrillic and the common currency signs, but not emoji or CJK. Use a theme \
whose `[fonts]` has the characters (e.g. a Noto font), or write the text without them.",
    configurable: false,
};

pub const UNSUPPORTED_DIRECTIVE: Rule = Rule {
    id: "unsupported-directive",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "the deck asks for something this renderer does not do",
    explanation: "Marp decks may use directives and HTML that mvplan's renderers do not draw \
(custom CSS, background images, transitions, raw HTML). The rest of the deck renders; the \
named feature is ignored. Use a theme file for colours, fonts and the logo.",
    configurable: false,
};

pub const IMAGE_REFUSED: Rule = Rule {
    id: "image-refused",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "an image, logo or font was not read: remote, outside its directory, or not a regular file",
    explanation: "A deck, plan, theme or policy may come from someone else, so mvplan reads only \
files the user named or placed beside the file that names them: an image named by a deck must \
be inside the deck's directory, a logo or font named by a theme inside the theme's directory \
(after following symbolic links). Remote images are never fetched (an image URL in a deck is \
a tracking beacon when the deck is opened). Devices, pipes and directories are not read. \
Copy the file next to the deck (or theme), or name a theme with `--theme`.",
    configurable: false,
};

pub const IMAGE_UNREADABLE: Rule = Rule {
    id: "image-unreadable",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "an image or logo could not be used: missing, too large, or not a PNG or JPEG",
    explanation: "Images are read once per file (however it is spelt) and must be PNG or JPEG, \
at most 16 MiB on disk and 40 million pixels decoded. The slide renders without the image. \
Check the path, or convert or scale the image down.",
    configurable: false,
};

pub const CHART_LINE_SKIPPED: Rule = Rule {
    id: "chart-line-skipped",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a line of a `chart` block was not understood and was left out",
    explanation: "Chart blocks have a small data language (`mvplan docs charts`): `label: value` rows, \
`key = value` options, and for timelines `label: start .. end`. A line that is none of these \
is skipped and named here, so a typo never silently drops a data point.",
    configurable: false,
};

pub const FOOTER_CUT: Rule = Rule {
    id: "footer-cut",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a footer or header is too long for its line and was shrunk, wrapped or cut",
    explanation: "Footers and headers are set at 10 pt and shrink down to 7 pt; what still \
does not fit goes on a second line, and the rest is cut with \"…\". Shorten the `footer:` or \
`header:` of the deck (or the theme's `footer`).",
    configurable: false,
};

pub const NESTING_FLATTENED: Rule = Rule {
    id: "nesting-flattened",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "lists or quotes nested deeper than the limit were flattened",
    explanation: "Lists and block quotes nest up to 16 levels; deeper levels are drawn at the \
16th. No slide needs more, and the limit keeps a few kilobytes of `>>>>…` from exhausting \
the renderer's stack.",
    configurable: false,
};

pub const CHARACTER_DROPPED: Rule = Rule {
    id: "character-dropped",
    severity: Severity::Warning,
    family: FAMILY,
    summary: "a character the output format cannot hold was left out",
    explanation: "XML-based formats (PowerPoint) cannot hold most control characters. They are \
dropped from the text and counted here; nothing else changes.",
    configurable: false,
};

pub const TEMPLATE_LAYOUT: Rule = Rule {
    id: "template-layout",
    severity: Severity::Note,
    family: FAMILY,
    summary: "which of a PowerPoint template's layouts a kind of slide takes",
    explanation: "With `--pptx-template`, each kind of slide (cover, content, section, \
title only, blank) takes one of the template's layouts: chosen by the `type` PowerPoint gives \
layouts, then by name (\"Title Slide\", \"Title and Content\", \"Section Header\", …), then by \
the placeholders the layout offers (a title and one large body for content). Shown with \
`--verbose`; if a slide takes the wrong layout, rename or retype the layout in the template's \
slide master.",
    configurable: false,
};

pub const RULES: &[&Rule] = &[
    &SLIDE_SHRUNK,
    &SLIDE_CONTINUED,
    &SLIDE_OVERFLOW,
    &MISSING_GLYPH,
    &UNSUPPORTED_DIRECTIVE,
    &IMAGE_REFUSED,
    &IMAGE_UNREADABLE,
    &CHART_LINE_SKIPPED,
    &FOOTER_CUT,
    &NESTING_FLATTENED,
    &CHARACTER_DROPPED,
    &TEMPLATE_LAYOUT,
];

/// The messages of the problems a person should see (warnings and errors,
/// not notes), for tests and summaries.
pub fn warnings(problems: &[Finding]) -> Vec<&str> {
    problems
        .iter()
        .filter(|p| p.severity <= crate::diagnostic::Severity::Warning)
        .map(|p| p.message.as_str())
        .collect()
}

/// A problem on one slide (or on the whole deck when `slide` is `None`).
pub fn problem(rule: &Rule, slide: Option<usize>, message: impl Into<String>) -> Finding {
    let mut f = Finding::new(rule, message);
    f.slide = slide;
    f
}
