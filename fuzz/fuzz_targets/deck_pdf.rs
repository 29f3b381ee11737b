//! Markdown deck → PDF: never a panic, and no text off the page.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::deck_pdf(data));
