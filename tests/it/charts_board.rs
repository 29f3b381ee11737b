//! Charts as a board reads them (issue #31, criteria 5 and 6): text large
//! enough at 60 dpi, no chart of equal bars, titles that state only what
//! the drawn series show, and no thin appendix or continuation slide.

use crate::common::*;

use mvplan::render::chart::MIN_TEXT_PT;
use mvplan::render::markdown;
use mvplan::render::pdf::{self, PdfOptions};
use mvplan::theme::Theme;

#[test]
fn chart_text_is_never_smaller_than_the_smallest_table_text() {
    let theme = Theme::builtin("default").expect("theme");
    let mut charts = 0;
    for name in OUTSIDE {
        let deck = markdown::parse(&outside_deck(name));
        let out = pdf::render(&deck, &theme, &PdfOptions::default()).expect("pdf");
        for page in &out.pages {
            charts += usize::from(!page.chart_text.is_empty());
            for size in &page.chart_text {
                assert!(
                    *size >= MIN_TEXT_PT - 0.01,
                    "{name}, slide {} ({:?}, scale {}): chart text at {size:.1} pt, below {MIN_TEXT_PT} pt",
                    page.slide,
                    page.title,
                    page.scale
                );
            }
        }
    }
    assert!(charts >= 14, "only {charts} pages with charts");
}
