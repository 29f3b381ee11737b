//! Markdown deck → HTML: never a panic, one script element, no live `javascript:` link.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::deck_html(data));
