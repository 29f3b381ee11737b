//! Plan loading, checking and reporting: never a panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mvplan::check::Settings;
use mvplan::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (report, _) = mvplan::check_source(SourceFile::new("fuzz.toml", text), &Settings::default());
    let _ = mvplan::report::human::file_report(&report, false);
    let _ = mvplan::report::json::render(&[report]);
});
