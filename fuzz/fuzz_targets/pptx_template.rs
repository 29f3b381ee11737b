//! A company PowerPoint template (whole packages, or one part of a valid
//! template replaced) → the template reader → a deck written with it.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::pptx_template(data));
