//! One file per subcommand: parse → call the library → print → exit code.

pub mod check;
pub mod curves;
pub mod diff;
pub mod docs;
pub mod explain;
pub mod export;
pub mod import;
pub mod man;
pub mod new;
pub mod optimize;
pub mod render;
pub mod review;
pub mod serve;
pub mod track;
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

/// How much the commands say besides their results and problems
/// (`--quiet`, `--verbose`); set once by `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

static VERBOSITY: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, std::sync::atomic::Ordering::Relaxed);
}

fn verbosity() -> Verbosity {
    match VERBOSITY.load(std::sync::atomic::Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        2 => Verbosity::Verbose,
        _ => Verbosity::Normal,
    }
}

pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

pub fn verbose() -> bool {
    verbosity() == Verbosity::Verbose
}

/// A status line on stderr ("wrote …"), unless `--quiet`.
macro_rules! status {
    ($($arg:tt)*) => {
        if !$crate::cmd::quiet() {
            eprintln!($($arg)*);
        }
    };
}
pub(crate) use status;

/// A note on stderr, only with `--verbose`.
macro_rules! note {
    ($($arg:tt)*) => {
        if $crate::cmd::verbose() {
            eprintln!("note: {}", format_args!($($arg)*));
        }
    };
}
pub(crate) use note;

/// Stops the process if user templates render for too long.
///
/// Templates are code: nested loops over `range` (100,000 items each) can run
/// for hours without writing a byte, so neither the output cap nor Tera's own
/// limits stop them. Rendering happens before anything is written, so
/// exiting leaves every output as it was. Disarmed when dropped.
pub struct Watchdog(Option<std::sync::mpsc::Sender<()>>);

impl Watchdog {
    /// Armed only for user templates (`--templates`); the built-in ones are
    /// known to finish in milliseconds.
    pub fn arm(user_templates: Option<&std::path::Path>) -> Watchdog {
        let Some(dir) = user_templates else {
            return Watchdog(None);
        };
        let secs = std::env::var("MVPLAN_TEMPLATE_TIMEOUT")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|s| *s > 0)
            .unwrap_or(10);
        let dir = dir.display().to_string();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if rx.recv_timeout(std::time::Duration::from_secs(secs))
                == Err(std::sync::mpsc::RecvTimeoutError::Timeout)
            {
                eprintln!(
                    "error: the templates in `{dir}` were still rendering after {secs} s; nothing was written"
                );
                eprintln!(
                    "  = help: look for a loop that runs too long; MVPLAN_TEMPLATE_TIMEOUT sets the limit in seconds"
                );
                std::process::exit(i32::from(exit::UNUSABLE));
            }
        });
        Watchdog(Some(tx))
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Dropping the sender wakes the thread with `Disconnected`.
        self.0.take();
    }
}

/// The terminal as the application layer's [`mvplan::app::Reporter`]:
/// findings on stderr, rustc-style.
pub struct Terminal {
    pub color: bool,
}

impl mvplan::app::Reporter for Terminal {
    fn event(&mut self, event: mvplan::app::Event<'_>) {
        use mvplan::app::{Event, FindingsKind};
        use mvplan::report::human;
        match event {
            Event::Checked(report) => {
                // Under `--quiet` a command that makes something (a deck, an
                // export) says only the errors that stop it: its warnings and
                // notes are `mvplan check`'s to list, and a reader who asked
                // for quiet output read a full report as noise.
                let shown: Vec<_> = report
                    .findings
                    .iter()
                    .filter(|f| !quiet() || f.severity == mvplan::diagnostic::Severity::Error)
                    .cloned()
                    .collect();
                if !shown.is_empty() {
                    eprint!(
                        "{}",
                        human::findings(report.source.as_ref(), &report.path, &shown, self.color)
                    );
                    eprintln!("{}", human::tally_line(&report.path, report.tally()));
                }
            }
            Event::Findings {
                kind,
                source,
                name,
                findings,
            } => {
                // Plan vs actual is said on the deck's flags slide too; the
                // terminal repeats its warnings even under `--quiet` (warnings
                // are always shown), its notes only without it.
                let shown: Vec<_> = findings
                    .iter()
                    .filter(|f| {
                        kind != FindingsKind::Tracking
                            || !quiet()
                            || f.severity != mvplan::diagnostic::Severity::Note
                    })
                    .cloned()
                    .collect();
                if !shown.is_empty() {
                    eprint!("{}", human::findings(source, name, &shown, self.color));
                }
            }
            Event::PolicyUsed(path) => note!("using the policy `{}`", path.display()),
            Event::PolicyPassedOver { path, why } => warn_once(&format!(
                "passed over the policy `{}`: {why}",
                path.display()
            )),
        }
    }

    fn templates_start(&mut self, dir: &std::path::Path) -> Option<Box<dyn std::any::Any>> {
        Some(Box::new(Watchdog::arm(Some(dir))))
    }
}

/// Reports what stopped a run of the application layer and gives its exit
/// code.
pub fn failed(failure: &mvplan::app::Failure) -> u8 {
    if let Some(message) = &failure.message {
        fail(message, failure.help.as_deref());
    }
    match failure.stop {
        mvplan::app::Stop::Findings => exit::FINDINGS,
        mvplan::app::Stop::Unusable => exit::UNUSABLE,
    }
}

/// A warning printed at most once per process (a batch sees the same
/// untrusted policy for every plan).
fn warn_once(message: &str) {
    static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut seen = SEEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !seen.iter().any(|m| m == message) {
        eprintln!("warning: {message}");
        eprintln!(
            "  = help: a policy must belong to you (or root) and not be writable by others; name one with --policy"
        );
        seen.push(message.to_string());
    }
}

/// Loaded policies by path, so that a batch loads each once.
#[derive(Default)]
pub struct Policies(mvplan::app::Policies);

impl Policies {
    /// The policy for `plan`: `explicit`, or the one discovered beside it
    /// (unless `none`). A policy that doesn't load is reported (once) and
    /// `Err` carries the exit code.
    pub fn for_plan(
        &mut self,
        explicit: Option<&std::path::Path>,
        none: bool,
        plan: &std::path::Path,
        color: bool,
    ) -> Result<Option<std::sync::Arc<mvplan::policy::Policy>>, u8> {
        self.0
            .load(
                &mvplan::app::PolicyChoice::from_flags(explicit, none),
                plan,
                &mut Terminal { color },
            )
            .map_err(|f| failed(&f))
    }
}

/// Reports an error that stops the command, rustc-style, and gives the
/// exit code for unusable input. The one place the binary words errors
/// that are not findings.
pub fn fail(message: &str, help: Option<&str>) -> u8 {
    eprintln!("error: {}", mvplan::report::human::safe(message));
    if let Some(h) = help {
        eprintln!("  = help: {}", mvplan::report::human::safe(h));
    }
    exit::UNUSABLE
}

pub use crate::cli::MessageFormat;

/// Prints what a renderer found: as diagnostics on stderr (notes only with
/// `--verbose`), or as check-style JSON (on stdout, or stderr when the
/// output itself goes to stdout).
pub fn report_problems(
    name: &str,
    source: Option<&mvplan::source::SourceFile>,
    problems: &[mvplan::diagnostic::Finding],
    format: MessageFormat,
    output_on_stdout: bool,
    color: bool,
) {
    match format {
        MessageFormat::Json => {
            let report = mvplan::report::FileReport {
                kind: mvplan::source::FileKind::Plan,
                source: source.cloned(),
                path: name.to_string(),
                findings: problems.to_vec(),
                figures: None,
            };
            let json = mvplan::report::json::render(std::slice::from_ref(&report));
            if output_on_stdout {
                eprint!("{json}");
            } else {
                print!("{json}");
            }
        }
        MessageFormat::Human => {
            // `--quiet` drops status lines, never a problem: warnings and
            // errors are always shown (docs/cli.md), notes only on request.
            let shown: Vec<_> = problems
                .iter()
                .filter(|p| verbose() || p.severity != mvplan::diagnostic::Severity::Note)
                .cloned()
                .collect();
            if !shown.is_empty() {
                eprint!(
                    "{}",
                    mvplan::report::human::findings(source, name, &shown, color)
                );
            }
        }
    }
}

/// `SOURCE_DATE_EPOCH`, as the reproducible-builds specification asks:
/// absent or empty is no date; anything but a whole number of seconds in
/// range is an error, never silently 1970 or ignored.
pub fn source_date_epoch() -> Result<Option<i64>, u8> {
    let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = raw.to_string_lossy();
    if text.is_empty() {
        return Ok(None);
    }
    // Up to the end of year 9999, the range PDF and OOXML dates can hold.
    match text.parse::<i64>() {
        Ok(n) if (0..=253_402_300_799).contains(&n) => Ok(Some(n)),
        _ => Err(fail(
            &format!("SOURCE_DATE_EPOCH is `{text}`, which is not a date mvplan can use"),
            Some(
                "set it to a whole number of seconds since 1970-01-01 (e.g. `git log -1 --format=%ct`), or unset it",
            ),
        )),
    }
}

/// Loads a plan for comparison (`diff`, `render --since`): its findings are
/// printed only if it can't be loaded, and then `Err` is the exit code.
pub fn load_plan(
    path: &std::path::Path,
    color: bool,
) -> Result<(mvplan::plan::Plan, mvplan::figures::Figures), u8> {
    load_plan_and_text(path, color).map(|(plan, fig, _)| (plan, fig))
}

/// [`load_plan`], with the file's text (for `diff`, which compares as written).
pub fn load_plan_and_text(
    path: &std::path::Path,
    color: bool,
) -> Result<(mvplan::plan::Plan, mvplan::figures::Figures, String), u8> {
    mvplan::app::load_plan(path, &mut Terminal { color })
        .map(|l| (l.plan, l.figures, l.text))
        .map_err(|f| failed(&f))
}

/// The actuals of a plan (named files, else the plan's `actuals`); none at
/// all is an error here, since every caller needs them.
pub fn load_actuals(
    plan: &mvplan::plan::Plan,
    plan_path: &std::path::Path,
    named: &[std::path::PathBuf],
    policy: Option<&mvplan::policy::Policy>,
) -> Result<mvplan::actuals::Actuals, u8> {
    mvplan::app::load_actuals(plan, plan_path, named, policy).map_err(|f| failed(&f))
}

/// A date given on the command line (`--as-of`).
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, u8> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        fail(
            &format!("`{s}` is not a date"),
            Some("write it as YYYY-MM-DD, e.g. --as-of 2027-06-30"),
        )
    })
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
