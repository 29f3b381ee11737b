//! A marketing-mix model's export (`mvplan curves import`): never a panic.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::mmm_import(data));
