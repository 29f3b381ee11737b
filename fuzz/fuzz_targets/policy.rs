//! Policy loading: never a panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mvplan::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = mvplan::policy::parse(&SourceFile::new("policy.toml", text));
});
