//! `mvplan new [PATH] [--example b2b|consumer|unit]`

use mvplan::output::{WriteError, write_atomic};

use super::exit;
use crate::cli::{Example, NewArgs};

const STARTER: &str = include_str!("../../templates/new/starter.toml");
const B2B: &str = include_str!("../../examples/b2b-saas.toml");
const CONSUMER: &str = include_str!("../../examples/consumer-brand.toml");
const UNIT: &str = include_str!("../../examples/industrial-unit.toml");

pub fn run(args: &NewArgs) -> u8 {
    let text = match args.example {
        None => STARTER,
        Some(Example::B2b) => B2B,
        Some(Example::Consumer) => CONSUMER,
        Some(Example::Unit) => UNIT,
    };
    match write_atomic(&args.path, text.as_bytes(), false) {
        Ok(()) => {
            super::status!("wrote {}", args.path.display());
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
