//! The `mvplan` binary: parse arguments, dispatch, exit with the documented code.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version requests are successes; usage errors are exit 2.
            return ExitCode::from(if e.use_stderr() {
                cmd::exit::UNUSABLE
            } else {
                cmd::exit::OK
            });
        }
    };
    let color = cmd::use_color(cli.color);
    let code = match &cli.command {
        Command::Check(args) => cmd::check::run(args, color),
        Command::Render(args) => cmd::render::run(args, color),
        Command::Review(args) => cmd::review::run(args, color),
        Command::Diff(args) => cmd::diff::run(args, color),
        Command::Explain(args) => cmd::explain::run(args),
        Command::New(args) => cmd::new::run(args),
    };
    ExitCode::from(code)
}
