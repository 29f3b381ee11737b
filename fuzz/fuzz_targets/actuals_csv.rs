//! Actuals (CSV) for `mvplan track` and the status deck: never a panic.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::actuals_csv(data));
