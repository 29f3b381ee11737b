//! Links the release binary at a fixed address (not position-independent).
//!
//! A PIE's loader applies ~16,600 relative relocations at every start and
//! copies the pages they touch: on a 2-core VM, `mvplan --version` took
//! 1.7 ms against 0.84 ms for `/bin/true`, and a `check` pays it too. At a
//! fixed address the linker resolves them once, at link time. Only the
//! release profile (what users run): debug and test builds stay as they
//! were. A cargo profile cannot set this (per-profile `rustflags` are
//! unstable), hence a build script.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if release && linux {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
