//! Command-line definitions (clap). Each subcommand's work is in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "mvplan",
    version,
    about = "Turn a marketing plan written as TOML into a checked, aligned strategy pitch deck",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 findings at error level (or warnings with --strict), 2 unusable input or usage error.\nDocs: docs/plan-format.md, docs/rules.md, docs/cli.md"
)]
pub struct Cli {
    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check plans: load errors, alignment rules, budget arithmetic, alignment score.
    Check(CheckArgs),
    /// Explain a rule: why it exists and how to fix what it flags.
    Explain(ExplainArgs),
    /// Write a commented starter plan.
    New(NewArgs),
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Plan files to check (several are checked in one run).
    #[arg(required = true, value_name = "PLAN")]
    pub plans: Vec<PathBuf>,

    /// Treat warnings as errors (exit 1 if any).
    #[arg(long)]
    pub strict: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,

    /// Print only findings and the summary line (no score breakdown).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, e.g. `budget-over`.
    #[arg(required_unless_present = "list", value_name = "RULE")]
    pub rule: Option<String>,

    /// List every rule with its default severity and summary.
    #[arg(long, conflicts_with = "rule")]
    pub list: bool,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum Example {
    /// A B2B software company's annual plan.
    B2b,
    /// A consumer brand's annual plan.
    Consumer,
    /// One business unit of a multi-unit company.
    Unit,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// Where to write the plan.
    #[arg(default_value = "plan.toml", value_name = "PATH")]
    pub path: PathBuf,

    /// Write a complete example plan instead of the starter.
    #[arg(long, value_enum)]
    pub example: Option<Example>,
}
