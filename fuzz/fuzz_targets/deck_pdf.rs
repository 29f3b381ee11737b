//! Markdown deck → PDF: never a panic, and no text off the page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mvplan::render::{markdown, pdf};
use mvplan::theme::Theme;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let theme = Theme::builtin("default").expect("built-in theme");
    let deck = markdown::parse(text);
    let out = pdf::render(&deck, &theme, &pdf::PdfOptions::default()).expect("renders");
    for page in &out.pages {
        for &(x, y, w, h) in &page.text_boxes {
            assert!(x >= 0.0 && y >= 0.0 && x + w <= out.width + 0.01 && y + h <= out.height + 0.01);
        }
    }
});
