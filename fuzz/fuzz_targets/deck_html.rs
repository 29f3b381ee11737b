//! Markdown deck → HTML: never a panic, one script element, no live `javascript:` link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mvplan::render::{html, markdown};
use mvplan::theme::Theme;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let theme = Theme::builtin("default").expect("built-in theme");
    let out = html::render(&markdown::parse(text), &theme, &html::HtmlOptions::default());
    assert_eq!(out.html.matches("<script").count(), 1);
    assert!(!out.html.to_ascii_lowercase().contains("href=\"javascript:"));
});
