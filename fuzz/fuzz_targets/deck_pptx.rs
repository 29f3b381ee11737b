//! A Markdown deck → PowerPoint: never a panic, every XML part well-formed.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::deck_pptx(data));
