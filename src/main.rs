//! The `mvplan` binary: parse arguments, dispatch, exit with the documented code.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    quiet_on_closed_stdout();
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
    cmd::set_verbosity(if cli.quiet {
        cmd::Verbosity::Quiet
    } else if cli.verbose {
        cmd::Verbosity::Verbose
    } else {
        cmd::Verbosity::Normal
    });
    let code = match &cli.command {
        Command::Check(args) => cmd::check::run(args, color),
        Command::Render(args) if args.watch => cmd::watch::run(args, color),
        Command::Render(args) => cmd::render::run(args, color),
        Command::Review(args) => cmd::review::run(args, color),
        Command::Diff(args) => cmd::diff::run(args, color),
        Command::Optimize(args) => cmd::optimize::run(args, color),
        Command::Track(args) => cmd::track::run(args, color),
        Command::Export(args) => cmd::export::run(args, color),
        Command::Import(args) => cmd::import::run(args, color),
        Command::Curves(cli::CurvesCommand::Import(args)) => cmd::curves::import(args, color),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            clap_complete::generate(
                args.shell,
                &mut Cli::command(),
                "mvplan",
                &mut std::io::stdout(),
            );
            cmd::exit::OK
        }
        Command::Man(args) => cmd::man::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Docs(args) => cmd::docs::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Schema(args) => {
            let schema = match args.kind {
                cli::SchemaKind::Plan => mvplan::schema::plan(),
                cli::SchemaKind::Policy => mvplan::schema::policy(),
            };
            match serde_json::to_string_pretty(&schema) {
                Ok(text) => {
                    println!("{text}");
                    cmd::exit::OK
                }
                Err(_) => cmd::exit::UNUSABLE,
            }
        }
    };
    ExitCode::from(code)
}

/// A reader that stops early (`mvplan explain --list | head -1`) closes
/// the pipe; the next write to standard output fails with "broken pipe",
/// which Rust's printing turns into a panic. As in other Unix tools, that
/// ends the command quietly and successfully: whoever closed the pipe has
/// what they wanted. Every other panic is reported as usual.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") || message.contains("BrokenPipe") {
            std::process::exit(i32::from(cmd::exit::OK));
        }
        default(info);
    }));
}
