//! One file per subcommand: parse → call the library → print → exit code.

pub mod check;
pub mod explain;
pub mod new;
pub mod render;
pub mod watch;

use std::io::IsTerminal;

use crate::cli::ColorChoice;

/// Exit codes, the same for every subcommand.
pub mod exit {
    pub const OK: u8 = 0;
    /// Findings at error level (or warnings under `--strict`).
    pub const FINDINGS: u8 = 1;
    /// Unusable input (unreadable or malformed file) or a usage error.
    pub const UNUSABLE: u8 = 2;
}

/// Whether to colour what goes to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
