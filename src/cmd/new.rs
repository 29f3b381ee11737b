//! `mvplan new [PATH] [--example b2b|consumer|unit]`

use mvplan::output::{WriteError, write_atomic};

use super::exit;
use crate::cli::{Example, NewArgs};

const STARTER: &str = include_str!("../../templates/new/starter.toml");
const B2B: &str = include_str!("../../examples/b2b-saas.toml");
const CONSUMER: &str = include_str!("../../examples/consumer-brand.toml");
const UNIT: &str = include_str!("../../examples/industrial-unit.toml");

/// The examples' actuals, written beside the plan that names them (a plan
/// must never name a file `new` did not write).
const B2B_ACTUALS: (&str, &str) = (
    "b2b-saas.actuals.csv",
    include_str!("../../examples/b2b-saas.actuals.csv"),
);
const CONSUMER_ACTUALS: (&str, &str) = (
    "consumer-brand.actuals.csv",
    include_str!("../../examples/consumer-brand.actuals.csv"),
);

pub fn run(args: &NewArgs) -> u8 {
    let (text, actuals) = match args.example {
        None => (STARTER, None),
        Some(Example::B2b) => (B2B, Some(B2B_ACTUALS)),
        Some(Example::Consumer) => (CONSUMER, Some(CONSUMER_ACTUALS)),
        Some(Example::Unit) => (UNIT, None),
    };
    // The actuals the plan names go beside it; one already there with
    // other content is someone's file: refused before anything is written.
    let companion = actuals.map(|(name, body)| {
        let dir = args.path.parent().unwrap_or(std::path::Path::new(""));
        (dir.join(name), body)
    });
    let mut write_companion = false;
    if let Some((path, body)) = &companion {
        match std::fs::read(path) {
            Ok(existing) if existing == body.as_bytes() => {}
            Ok(_) => {
                eprintln!(
                    "error: the example names its actuals `{}`, and a different file of that name exists",
                    path.display()
                );
                eprintln!(
                    "  = help: mvplan new never overwrites a file; write the example in another folder"
                );
                return exit::UNUSABLE;
            }
            Err(_) => write_companion = true,
        }
    }
    match write_atomic(&args.path, text.as_bytes(), false) {
        Ok(()) => {
            super::status!("wrote {}", args.path.display());
            if let (true, Some((path, body))) = (write_companion, &companion) {
                if let Err(e) = write_atomic(path, body.as_bytes(), false) {
                    eprintln!("error: {e}");
                    return exit::UNUSABLE;
                }
                super::status!("wrote {} (the actuals the plan names)", path.display());
            }
            super::status!(
                "next: replace the values marked «REPLACE», then run `mvplan check {}` until it is clean",
                args.path.display()
            );
            exit::OK
        }
        Err(e @ WriteError::Exists { .. }) => {
            eprintln!("error: {e}");
            eprintln!(
                "  = help: mvplan new never overwrites a file; pick another path or remove it first"
            );
            exit::UNUSABLE
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::UNUSABLE
        }
    }
}
