//! A theme's font file → a deck set in it: never a panic.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::theme_font(data));
