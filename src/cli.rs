//! Command-line definitions (clap). Each subcommand's work is in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "mvplan",
    version,
    about = "Turn a marketing plan written as TOML into a checked, aligned strategy pitch deck",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 findings at error level (or warnings with --strict), 2 unusable input or usage error.\nDocs: `mvplan docs` (built in: the plan format, every rule, every command)."
)]
pub struct Cli {
    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Print only results and problems: no "wrote …" lines, progress, hints
    /// or score breakdowns.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print notes: which policy applies, slides shrunk to fit, timings.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How problems found while rendering are printed (cargo's `--message-format`).
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum MessageFormat {
    /// rustc-style diagnostics on stderr.
    #[default]
    Human,
    /// The same JSON as `check --format json`, on stdout (stderr when the
    /// output itself goes to stdout).
    Json,
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
    /// Render a checked plan as a deck (Markdown).
    Render(RenderArgs),
    /// Review many plans side by side: a portfolio deck or a JSON/CSV roll-up.
    Review(ReviewArgs),
    /// Compare two versions of a plan.
    Diff(DiffArgs),
    /// Find the allocation of the channels' budgets that their response
    /// curves say does most, at the plan's budget and other levels.
    Optimize(OptimizeArgs),
    /// Follow the plan through the year: spend and results from actuals
    /// files against the phased plan, pacing, and a re-forecast.
    Track(TrackArgs),
    /// Spreadsheets for finance: the budget as a workbook with formulas
    /// for its totals, an actuals template to fill in, or plan vs actual
    /// (variance).
    Export(ExportArgs),
    /// Turn a filled plan workbook into a TOML plan, every problem named
    /// by its sheet and cell.
    Import(ImportArgs),
    /// Response curves: import them into a plan from an MMM tool.
    #[command(subcommand)]
    Curves(CurvesCommand),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one per command with --out.
    Man(ManArgs),
    /// Read mvplan's documentation (built into the binary): the plan
    /// format, every rule, every command.
    Docs(DocsArgs),
    /// Explain a rule: why it exists and how to fix what it flags.
    Explain(ExplainArgs),
    /// Write a commented starter plan.
    New(NewArgs),
    /// Print the JSON Schema of the plan (or policy) format, for editors.
    Schema(SchemaArgs),
    /// The planning workbench in the browser: edit plans with live checks
    /// and a live deck, try budgets, review and decide the portfolio.
    Serve(ServeArgs),
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The folder of plans to serve; nothing outside it is read or written.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// The port (default: a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,

    /// The address to listen on. Anything but the loopback address lets
    /// other machines reach the server (they still need the token).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,

    /// Open the browser at the server's address.
    #[arg(long)]
    pub open: bool,
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

    /// The organisation's policy. Default: `mvplan-policy.toml` beside each
    /// plan or in a parent directory.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Ignore any `mvplan-policy.toml` found beside the plans.
    #[arg(long, conflicts_with = "policy")]
    pub no_policy: bool,
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

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum DeckFormat {
    /// Markdown (Marp-compatible).
    Md,
    /// PDF, drawn natively (no browser).
    Pdf,
    /// One self-contained HTML file that presents the deck in a browser.
    Html,
    /// Editable PowerPoint: native text, tables, charts and notes.
    Pptx,
}

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The plan to render (`.toml`), or a Markdown deck (`.md`) to turn into PDF.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Which deck: `pitch` (the full strategy pitch deck), `mvp` (the plan on
    /// one page), `status` (the business review: plan vs actual, from the
    /// plan's actuals), or a deck defined in the --templates directory.
    #[arg(long, default_value = "pitch")]
    pub deck: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DeckFormat::Md)]
    pub format: DeckFormat,

    /// With `--format pptx`: the company's PowerPoint template (`.pptx` or
    /// `.potx`) whose slide masters and layouts the slides take. Default:
    /// the theme's or the policy's `pptx_template`, else a master made from
    /// the theme.
    #[arg(long, value_name = "FILE")]
    pub pptx_template: Option<PathBuf>,

    /// Where to write the deck; `-` for stdout. Default: next to the plan,
    /// `PLAN.md` (`.pdf`, `.html`, `.pptx` by --format) for the pitch deck
    /// and `PLAN.DECK.md` (`PLAN.status.pdf`, …) for the others.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// A directory of templates (`*.md`) and deck definitions (`*.toml`) that
    /// replace or extend the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Render even when the plan has error-level findings, and overwrite an
    /// output file that mvplan did not write.
    #[arg(long)]
    pub force: bool,

    /// Refuse to render when the plan has warnings too (exit 1), as
    /// `check --strict` does: for a CI that keeps a plan whose own figures
    /// disagree from reaching a board.
    #[arg(long)]
    pub strict: bool,

    /// Theme: `default`, `dark`, or a theme file (`.toml`). Default: the
    /// deck's front matter `theme` if it names a built-in theme.
    #[arg(long, value_name = "NAME|FILE")]
    pub theme: Option<String>,

    /// PDF: add a page of speaker notes after each slide that has notes.
    #[arg(long)]
    pub notes: bool,

    /// Re-check and re-render whenever the plan, a template or the theme
    /// changes (Ctrl-C to stop). A save that breaks the plan keeps the last
    /// good deck on disk.
    #[arg(long)]
    pub watch: bool,

    /// The organisation's policy. Default: `mvplan-policy.toml` beside the
    /// plan or in a parent directory.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Ignore any `mvplan-policy.toml` found beside the plan.
    #[arg(long, conflicts_with = "policy")]
    pub no_policy: bool,

    /// An earlier version of the plan: adds a "What changed" slide.
    #[arg(long, value_name = "OLD")]
    pub since: Option<PathBuf>,

    /// Actuals files (CSV or XLSX) for the status deck (`--deck status`);
    /// default: the plan's `actuals`. Repeat for several files.
    #[arg(long, value_name = "FILE")]
    pub actuals: Vec<PathBuf>,

    /// The date the status deck reports at (YYYY-MM-DD). Default: the date
    /// of the newest actuals, so the deck is the same whenever it is made.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// How to print problems found while rendering (overflow, refused images, …).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReviewFormat {
    Md,
    Pdf,
    Html,
    /// Editable PowerPoint.
    Pptx,
    Json,
    Csv,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReviewTable {
    Plans,
    Asks,
    Cascade,
    /// One row per tool of each unit's stack.
    Stack,
    /// The capability-by-unit map (central, local, missing).
    Capabilities,
    /// Every unit's initiatives and channel flights on one calendar.
    Calendar,
}

#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// Plan files, or directories to search for `*.toml` plans.
    #[arg(required = true, value_name = "PLANS")]
    pub paths: Vec<PathBuf>,

    /// Output format: the portfolio deck (md, pdf, html, pptx) or the roll-up (json, csv).
    #[arg(long, value_enum, default_value_t = ReviewFormat::Md)]
    pub format: ReviewFormat,

    /// The date plans with actuals (`actuals = [...]` under [plan]) are
    /// tracked at (YYYY-MM-DD). Default: each plan's newest actuals.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Where to write; `-` for stdout. Default: `portfolio-review.<format>`
    /// (stdout for json and csv).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The organisation's policy. Default: `mvplan-policy.toml` beside the
    /// first path or in a parent directory.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Ignore any `mvplan-policy.toml`.
    #[arg(long, conflicts_with = "policy")]
    pub no_policy: bool,

    /// Theme for pdf and html (default: the policy's, else `default`).
    #[arg(long, value_name = "NAME|FILE")]
    pub theme: Option<String>,

    /// Templates that replace or extend the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Overwrite an output file that mvplan did not write.
    #[arg(long)]
    pub force: bool,

    /// With `--format csv`: which table — `plans` (the scoreboard), `asks`
    /// (for decision), `cascade` (units' contributions to company objectives),
    /// `stack` (every unit's tools), `capabilities` (capability by unit) or
    /// `calendar` (initiatives and flights across units).
    #[arg(long, value_enum, default_value_t = ReviewTable::Plans)]
    pub table: ReviewTable,

    /// How to print problems found while rendering the review deck.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(clap::Args, Debug)]
pub struct OptimizeArgs {
    /// The plan (its channels need `[channels.response]` curves).
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Maximise this objective. Default: the one objective the curves
    /// serve, or all of them traded at their `value_per_unit`.
    #[arg(long, value_name = "ID")]
    pub objective: Option<String>,

    /// Budget levels: `0` (the plan), changes of the curve channels' money
    /// such as `-20%,+20%`, or scenario ids. Default: the plan and its
    /// scenarios.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "LEVELS",
        allow_hyphen_values = true
    )]
    pub levels: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,

    /// Write a copy of the plan with the optimal budgets of the plan level
    /// (never over the plan itself).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite the output even if mvplan did not write it.
    #[arg(long)]
    pub force: bool,

    /// The organisation's policy (its `max_share` bounds every channel).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Ignore any `mvplan-policy.toml` found beside the plan.
    #[arg(long, conflicts_with = "policy")]
    pub no_policy: bool,
}

#[derive(clap::Args, Debug)]
pub struct TrackArgs {
    /// The plan.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,

    /// Actuals files (CSV or XLSX, docs/tracking.md): from finance, from
    /// the ad platforms; read together. Default: the plan's `actuals`.
    #[arg(value_name = "ACTUALS")]
    pub actuals: Vec<PathBuf>,

    /// The date pacing and staleness are measured at (YYYY-MM-DD).
    /// Default: the end of the last month with actual spend, or the newest
    /// result reading (as the status deck, `export` and `review`).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Actuals older than this many days at the as-of date are stale.
    /// Default: the plan's or policy's `actuals_max_age_days`, else 45.
    #[arg(long, value_name = "DAYS")]
    pub max_age: Option<u32>,

    /// The organisation's policy (its `[checks]` thresholds and severities
    /// apply). Default: `mvplan-policy.toml` beside the plan or in a parent
    /// directory.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Ignore any `mvplan-policy.toml` found beside the plan.
    #[arg(long, conflicts_with = "policy")]
    pub no_policy: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

#[derive(Parser, Debug)]
pub struct ExportArgs {
    /// The plan (TOML or a plan workbook). Optional for `--what
    /// plan-workbook`, which is then a blank template made from the policy.
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,

    /// What to write: the budget workbook, the actuals template pre-filled
    /// with the plan's channels, lines, months and objectives, the
    /// variance workbook (plan vs actual by line and month), or the plan
    /// workbook (the whole plan, a sheet per section, for units that plan
    /// in Excel).
    #[arg(long, value_enum, default_value_t = ExportKind::Budget)]
    pub what: ExportKind,

    /// File format (`csv` for the actuals template only).
    #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
    pub format: ExportFormat,

    /// Where to write; `-` for stdout. Default: next to the plan,
    /// `PLAN.budget.xlsx`, `PLAN.actuals.xlsx` (`.csv`) or `PLAN.variance.xlsx`.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite an output file that mvplan did not write (a filled-in
    /// actuals template is finance's file, not mvplan's).
    #[arg(long)]
    pub force: bool,

    /// The variance workbook's actuals (CSV or XLSX; repeat for several).
    /// Default: the plan's `actuals`.
    #[arg(long, value_name = "FILE")]
    pub actuals: Vec<PathBuf>,

    /// The variance workbook's date (YYYY-MM-DD). Default: the newest
    /// actuals' date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// The organisation's policy (its `[checks]` and `[rates]`). Default:
    /// `mvplan-policy.toml` beside the plan or in a parent directory.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Ignore any `mvplan-policy.toml` found beside the plan.
    #[arg(long, conflicts_with = "policy")]
    pub no_policy: bool,
}

#[derive(Parser, Debug)]
pub struct ImportArgs {
    /// The plan workbook (`mvplan export --what plan-workbook` writes one).
    #[arg(value_name = "WORKBOOK")]
    pub workbook: PathBuf,

    /// Where to write the TOML plan; `-` for stdout. Default: beside the
    /// workbook, with the extension `.toml`.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite an existing file (a plan is never overwritten otherwise).
    #[arg(long)]
    pub force: bool,

    /// Write the plan even when it has errors (they are reported too).
    #[arg(long)]
    pub allow_errors: bool,

    /// The organisation's policy the plan is checked against. Default:
    /// `mvplan-policy.toml` beside the workbook or in a parent directory.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Ignore any `mvplan-policy.toml` found beside the workbook.
    #[arg(long, conflicts_with = "policy")]
    pub no_policy: bool,

    /// How the findings are printed.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExportKind {
    Budget,
    ActualsTemplate,
    /// Plan vs actual: variance by line and month, results against pace.
    Variance,
    /// The whole plan as a workbook to fill in: blank from the policy, or
    /// pre-filled from PLAN (`mvplan docs plan-workbook`).
    PlanWorkbook,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

#[derive(Subcommand, Debug)]
pub enum CurvesCommand {
    /// Print the `[channels.response]` tables of a marketing-mix model's
    /// exported fit, converted to the plan's currency and period; with
    /// `--plan` and `-o`, write a copy of the plan with them merged in.
    Import(CurvesImportArgs),
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum MmmTool {
    /// PyMC-Marketing's fitted model, as ArviZ JSON (`mmm.idata.to_json`).
    PymcMarketing,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

#[derive(clap::Args, Debug)]
pub struct CurvesImportArgs {
    /// The tool's exported model.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Which tool wrote it.
    #[arg(long = "from", value_enum)]
    pub from: MmmTool,

    /// The plan whose channels the curves are for.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,

    /// The objective the model's target measures. Default: the model's
    /// target column, when the plan has an objective of that id.
    #[arg(long, value_name = "ID")]
    pub objective: Option<String>,

    /// A model channel → plan channel id, e.g. `--map linkedin_video=brand-video`.
    /// Default: the column name with `_` as `-`.
    #[arg(long = "map", value_name = "MODEL=PLAN")]
    pub map: Vec<String>,

    /// The model's time period.
    #[arg(long, value_enum, default_value_t = Period::Week)]
    pub period: Period,

    /// Write the plan with the curves merged in (needs `--plan`; never
    /// over the plan itself).
    #[arg(short, long, value_name = "FILE", requires = "plan")]
    pub output: Option<PathBuf>,

    /// Overwrite the output even if mvplan did not write it.
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The earlier version of the plan.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later version.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell, e.g. `mvplan completions bash > /etc/bash_completion.d/mvplan`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum SchemaKind {
    /// A plan file.
    Plan,
    /// A policy file (`mvplan-policy.toml`).
    Policy,
}

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// Which format, e.g. `mvplan schema > plan.schema.json`, then start the
    /// plan with `#:schema ./plan.schema.json`.
    #[arg(value_enum, default_value_t = SchemaKind::Plan)]
    pub kind: SchemaKind,
}

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Write `mvplan.1` and one page per command (`mvplan-check.1`, …)
    /// into this directory instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct DocsArgs {
    /// The page to print (`plan-format`, `rules`, `cli`, …); none lists them.
    pub topic: Option<String>,
}
