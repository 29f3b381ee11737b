//! Plan loading, checking and reporting: never a panic, whatever the bytes.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::plan(data));
